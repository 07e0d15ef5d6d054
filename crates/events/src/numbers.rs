//! Small number reader for casualty counts: digits and Arabic number words on key-text words.

/// Value of a single key-text word used as a number ("5", "ثلاثه", "عشرين", "وعشرة"), and whether it is approximate.
pub(crate) fn word_value(w: &str) -> Option<(u32, bool)> {
    let w = w
        .strip_prefix('و')
        .filter(|r| word_value_inner(r).is_some())
        .unwrap_or(w);
    word_value_inner(w)
}

fn word_value_inner(w: &str) -> Option<(u32, bool)> {
    if !w.is_empty() && w.bytes().all(|b| b.is_ascii_digit()) {
        return w.parse::<u32>().ok().map(|v| (v, false));
    }
    let v = match w {
        "واحد" | "واحده" => 1,
        "اثنان" | "اثنين" | "اثنتان" | "اثنتين" => 2,
        "ثلاث" | "ثلاثه" => 3,
        "اربع" | "اربعه" => 4,
        "خمس" | "خمسه" => 5,
        "ست" | "سته" => 6,
        "سبع" | "سبعه" => 7,
        "ثماني" | "ثمانيه" | "ثمان" => 8,
        "تسع" | "تسعه" => 9,
        "عشر" | "عشره" => 10,
        "عشرون" | "عشرين" => 20,
        "ثلاثون" | "ثلاثين" => 30,
        "اربعون" | "اربعين" => 40,
        "خمسون" | "خمسين" => 50,
        "ستون" | "ستين" => 60,
        "سبعون" | "سبعين" => 70,
        "ثمانون" | "ثمانين" => 80,
        "تسعون" | "تسعين" => 90,
        "مئه" | "مائه" => 100,
        "عشرات" => return Some((12, true)),
        "مئات" | "مات" => return Some((100, true)),
        _ => return None,
    };
    Some((v, false))
}

/// Read a number starting at word `i` of `words`: handles "X عشر" (11-19) and "X و Y0" (21-99).
/// Returns (value, approximate, number of words used).
pub(crate) fn read_number(words: &[&str], i: usize) -> Option<(u32, bool, usize)> {
    let (v, approx) = word_value(words.get(i)?)?;
    if v < 10 {
        if let Some(&next) = words.get(i + 1) {
            if matches!(next, "عشر" | "عشره") {
                return Some((v + 10, approx, 2));
            }
            if let Some(rest) = next.strip_prefix('و') {
                if let Some((t, _)) = word_value_inner(rest) {
                    if (20..100).contains(&t) && t % 10 == 0 {
                        return Some((v + t, approx, 2));
                    }
                }
            }
        }
    }
    if matches!(words.get(i), Some(&"احد") | Some(&"اثنا") | Some(&"اثني")) {
        return None;
    }
    Some((v, approx, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn words_and_digits() {
        assert_eq!(word_value("ثلاثه"), Some((3, false)));
        assert_eq!(word_value("وعشرين"), Some((20, false)));
        assert_eq!(word_value("27"), Some((27, false)));
        assert_eq!(word_value("عشرات"), Some((12, true)));
        assert_eq!(word_value("مدنيين"), None);
        assert_eq!(
            read_number(&["خمسه", "عشر", "شخصا"], 0),
            Some((15, false, 2))
        );
        assert_eq!(read_number(&["ثلاثه", "وعشرين"], 0), Some((23, false, 2)));
        assert_eq!(read_number(&["10"], 0), Some((10, false, 1)));
    }

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,12}") {
            let _ = word_value(&s);
            let ws: Vec<&str> = s.split(' ').collect();
            let _ = read_number(&ws, 0);
        }

        #[test]
        fn digits_roundtrip(n in 0u32..100000) {
            prop_assert_eq!(word_value(&n.to_string()), Some((n, false)));
        }
    }
}
