//! Light stemmer and full-text index terms.
//!
//! The stem of a word is computed on its folded form ([`crate::NormOptions::WORD`]):
//! 1. clitics are split conservatively ([`crate::clitics::split`]); a ت left before a removed
//!    pronoun becomes ة ("قيادتها" → قيادة);
//! 2. one plural/dual suffix (ات ون ين ان) is removed, then the feminine/nisba endings
//!    (ية, ة, ي), each only if at least two letters remain (light10-style).
//!
//! "الدوريات" and "دورية" both give "دور"; "بالمسلحين" and "مسلحين" both give "مسلح".
//! Non-Arabic words are lower-cased; numbers become ASCII digits.

use crate::clitics::split;
use crate::normalize::fold_word_into;
use crate::tokenize::tokens;
use rasd_doc::TokenKind;

/// Longest term kept, in bytes (longer "words" are URLs or garbage).
pub const MAX_TERM_BYTES: usize = 80;

const PLURAL: [&str; 4] = ["ات", "ون", "ين", "ان"];
const FEMININE: [&str; 3] = ["ية", "ة", "ي"];

#[inline]
fn strip_if_long(w: &mut String, suffixes: &[&str]) -> bool {
    for s in suffixes {
        if w.ends_with(s) && w[..w.len() - s.len()].chars().count() >= 2 {
            w.truncate(w.len() - s.len());
            return true;
        }
    }
    false
}

/// Stem a folded word in place (see the module docs). `w` must be folded with
/// [`crate::NormOptions::WORD`]; non-Arabic words are left unchanged.
pub fn stem_folded(w: &mut String) {
    let sp = split(w);
    if sp.pre == 0 && sp.suf == 0 && !w.chars().next().is_some_and(crate::chars::is_arabic_letter) {
        return;
    }
    w.truncate(w.len() - sp.suf);
    w.drain(..sp.pre);
    if sp.taa {
        w.truncate(w.len() - 'ت'.len_utf8());
        w.push('ة');
    }
    strip_if_long(w, &PLURAL);
    strip_if_long(w, &FEMININE);
}

/// The light stem of any word (raw or normalized), as a new string.
///
/// ```
/// use rasd_arabic::light_stem;
/// assert_eq!(light_stem("الدوريات"), light_stem("دورية"));
/// assert_eq!(light_stem("بالمسلحين"), light_stem("مسلحين"));
/// ```
pub fn light_stem(word: &str) -> String {
    let mut w = String::with_capacity(word.len());
    fold_word_into(word.trim(), &mut w);
    stem_folded(&mut w);
    w
}

/// Call `f(start, end, term)` for every word and number token of `text`, in order: `start..end`
/// is the byte range of the token in `text` (on char boundaries, for highlighting) and `term`
/// its normalized, clitic-stripped, light-stemmed form. Punctuation and symbols yield nothing,
/// nor do tokens longer than [`MAX_TERM_BYTES`]. The same function must analyse documents and
/// queries. Allocates only one reusable buffer; never panics.
///
/// ```
/// let mut terms = Vec::new();
/// rasd_arabic::index_terms("وبالمسلحين في إدلب، 15 قتيلاً", |a, b, t| terms.push((a, b, t.to_string())));
/// let t: Vec<&str> = terms.iter().map(|x| x.2.as_str()).collect();
/// assert_eq!(t, ["مسلح", "في", "ادلب", "15", "قتيلا"]);
/// assert_eq!(terms[0].0..terms[0].1, 0.."وبالمسلحين".len());
/// ```
pub fn index_terms(text: &str, mut f: impl FnMut(usize, usize, &str)) {
    let mut buf = String::with_capacity(64);
    for (a, b, kind) in tokens(text) {
        if b - a > MAX_TERM_BYTES {
            continue;
        }
        buf.clear();
        match kind {
            TokenKind::Word => {
                fold_word_into(&text[a..b], &mut buf);
                stem_folded(&mut buf);
            }
            TokenKind::Latin => fold_word_into(&text[a..b], &mut buf),
            TokenKind::Number => {
                for c in text[a..b].chars() {
                    match crate::chars::digit_value(c) {
                        Some(d) => buf.push(char::from(b'0' + d as u8)),
                        None => buf.push(if c == '\u{066B}' {
                            '.'
                        } else if c == '\u{066C}' {
                            ','
                        } else {
                            c
                        }),
                    }
                }
            }
            TokenKind::Punct | TokenKind::Other => continue,
        }
        if !buf.is_empty() {
            f(a, b, &buf);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(s: &str) -> Vec<String> {
        let mut v = Vec::new();
        index_terms(s, |_, _, t| v.push(t.to_string()));
        v
    }

    #[test]
    fn stems_meet() {
        let same = [
            ("الدوريات", "دورية"),
            ("بالمسلحين", "مسلحين"),
            ("والمسلحين", "المسلح"),
            ("إدلب", "ادلب"),
            ("قيادتها", "القيادة"),
            ("البلدة", "بلدة"),
            ("للجيش", "الجيش"),
            ("مُسلّحون", "مسلحين"),
            ("السورية", "سوري"),
            ("بالقرى", "القري"),
        ];
        for (a, b) in same {
            assert_eq!(light_stem(a), light_stem(b), "{a} vs {b}");
        }
        assert_eq!(light_stem("بلدة"), "بلد");
        assert_eq!(light_stem("M4"), "m4");
    }

    #[test]
    fn index_offsets_point_at_original_words() {
        let text = "قصفت القوات، بالمسلحين  في إدلب. ١٢ M4";
        let mut seen = Vec::new();
        index_terms(text, |a, b, t| seen.push((&text[a..b], t.to_string())));
        let words: Vec<&str> = seen.iter().map(|(w, _)| *w).collect();
        assert_eq!(
            words,
            ["قصفت", "القوات", "بالمسلحين", "في", "إدلب", "١٢", "M4"]
        );
        assert_eq!(seen[5].1, "12");
        assert_eq!(terms("٣٫٥"), ["3.5"]);
    }

    #[test]
    fn odd_input() {
        for s in [
            "",
            " ",
            "ـــ",
            "\u{200C}",
            "a\u{0301}",
            "ﻻ",
            "ًٌٍ",
            &"x".repeat(500),
            "ال",
            "و",
            "لل",
        ] {
            index_terms(s, |a, b, _| {
                assert!(s.is_char_boundary(a) && s.is_char_boundary(b) && a <= b)
            });
        }
    }
}
