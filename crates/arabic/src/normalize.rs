//! Normalization that keeps a map back to the original bytes.
//!
//! ```
//! use rasd_arabic::normalize;
//! let n = normalize("وبِالمُسلّحين في إدلب");
//! assert_eq!(n.text, "وبالمسلحين في ادلب");
//! let s = n.text.find("ادلب").unwrap();
//! let (a, b) = n.to_original(s, s + "ادلب".len());
//! assert_eq!(&"وبِالمُسلّحين في إدلب"[a..b], "إدلب");
//! ```

use crate::chars::is_mark;
use unicode_normalization::char::decompose_compatible;

/// What to fold. `MATCH` folds everything (dictionary/gazetteer lookups);
/// `SEARCH` keeps taa marbuta (the Arabic stemmer needs it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormOptions {
    /// ة → ه
    pub taa_marbuta: bool,
    /// ى → ي
    pub alef_maqsura: bool,
    /// ؤ → و, ئ → ي
    pub hamza_carriers: bool,
    /// ASCII A-Z → a-z
    pub lowercase: bool,
    /// Runs of whitespace become one space (or one `\n` if the run holds a newline).
    pub collapse_space: bool,
}

impl NormOptions {
    pub const MATCH: NormOptions = NormOptions {
        taa_marbuta: true,
        alef_maqsura: true,
        hamza_carriers: true,
        lowercase: true,
        collapse_space: true,
    };
    pub const SEARCH: NormOptions = NormOptions {
        taa_marbuta: false,
        alef_maqsura: true,
        hamza_carriers: false,
        lowercase: true,
        collapse_space: true,
    };
    /// Word analysis (clitics, stemming, number words): like `MATCH` but keeps ة, which
    /// distinguishes the feminine ending from the pronoun ه.
    pub const WORD: NormOptions = NormOptions {
        taa_marbuta: false,
        alef_maqsura: true,
        hamza_carriers: true,
        lowercase: true,
        collapse_space: true,
    };
}

impl Default for NormOptions {
    fn default() -> Self {
        NormOptions::MATCH
    }
}

/// Normalized text plus, for every byte of it, the byte offset in the original.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    pub text: String,
    /// `map[i]` = original byte offset of normalized byte `i`; `map[text.len()]` = original length.
    map: Vec<u32>,
}

impl Normalized {
    /// Original byte offset of a normalized byte offset (clamped). Always a char boundary of the original.
    pub fn orig(&self, i: usize) -> usize {
        self.map[i.min(self.map.len() - 1)] as usize
    }

    /// Map a normalized byte range to an original byte range. Removed characters
    /// (diacritics, tatweel) that trail the last kept character are included.
    pub fn to_original(&self, start: usize, end: usize) -> (usize, usize) {
        let a = self.orig(start);
        let b = self.orig(end).max(a);
        (a, b)
    }
}

/// Normalize with [`NormOptions::MATCH`].
pub fn normalize(s: &str) -> Normalized {
    normalize_with(s, NormOptions::MATCH)
}

/// Normalized form only (for dictionary keys).
pub fn normalize_key(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = None;
    let opts = NormOptions::MATCH;
    for c in s.chars() {
        fold_char(c, opts, &mut |m| {
            push_folded(&mut out, &mut pending_space, m, opts)
        });
    }
    out.trim().to_string()
}

/// Fold a single word (no offsets) with [`NormOptions::WORD`] into `out` (appending).
#[inline]
pub(crate) fn fold_word_into(s: &str, out: &mut String) {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if plain_arabic_at(b, i) {
            out.push_str(&s[i..i + 2]);
            i += 2;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        fold_char(c, NormOptions::WORD, &mut |m| out.push(m));
        i += c.len_utf8();
    }
}

/// Fold a single word with [`NormOptions::WORD`].
pub(crate) fn fold_word(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    fold_word_into(s.trim(), &mut out);
    out
}

/// Fold one char, calling `emit` with zero or more output chars.
#[inline]
pub(crate) fn fold_char(c: char, o: NormOptions, emit: &mut impl FnMut(char)) {
    if c.is_ascii() {
        emit(if o.lowercase {
            c.to_ascii_lowercase()
        } else {
            c
        });
        return;
    }
    if is_mark(c) {
        return;
    }
    let m = match c {
        'أ' | 'إ' | 'آ' | 'ٱ' | '\u{0672}' | '\u{0673}' | '\u{0675}' => 'ا',
        'ى' if o.alef_maqsura => 'ي',
        'ی' | 'ې' | 'ۍ' | 'ێ' => 'ي',
        'ة' if o.taa_marbuta => 'ه',
        'ؤ' if o.hamza_carriers => 'و',
        'ئ' if o.hamza_carriers => 'ي',
        'ک' | 'ڪ' | 'گ' => 'ك',
        'ہ' | 'ھ' | 'ە' | 'ۀ' => 'ه',
        'ۃ' if o.taa_marbuta => 'ه',
        'ۃ' => 'ة',
        'پ' => 'ب',
        'چ' => 'ج',
        'ژ' => 'ز',
        'ڤ' | 'ڥ' => 'ف',
        '٠'..='٩' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '،' => ',',
        '؛' => ';',
        '؟' => '?',
        '٪' => '%',
        '٫' => '.',
        '٬' => ',',
        '«' | '»' | '“' | '”' | '„' | '″' => '"',
        '‘' | '’' | '‚' | '′' => '\'',
        '–' | '—' | '‐' | '‑' | '−' => '-',
        '\u{00A0}' | '\u{2000}'..='\u{200B}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => ' ',
        '\u{2028}' | '\u{2029}' | '\u{0085}' => '\n',
        '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}' => {
            // Presentation forms: compatibility-decompose, then fold each part.
            let mut parts: [char; 4] = ['\0'; 4];
            let mut n = 0;
            decompose_compatible(c, |d| {
                if n < parts.len() {
                    parts[n] = d;
                    n += 1;
                }
            });
            for &d in &parts[..n] {
                if d != c {
                    fold_char(d, o, emit);
                }
            }
            return;
        }
        _ => c,
    };
    if o.lowercase && m.is_uppercase() && !m.is_ascii() {
        for l in m.to_lowercase() {
            emit(l);
        }
    } else {
        emit(m);
    }
}

#[inline]
fn push_folded(out: &mut String, pending_space: &mut Option<char>, m: char, o: NormOptions) {
    if o.collapse_space && m.is_whitespace() {
        let nl = m == '\n' || pending_space == &Some('\n');
        *pending_space = Some(if nl { '\n' } else { ' ' });
        return;
    }
    if let Some(sp) = pending_space.take() {
        if !out.is_empty() {
            out.push(sp);
        }
    }
    out.push(m);
}

/// Arabic letters U+0621..U+064A that every option set keeps unchanged (a fast path: most
/// Arabic text is made of them).
#[inline]
fn plain_arabic(c: u32) -> bool {
    (0x0621..=0x064A).contains(&c) && !matches!(c, 0x0622..=0x0626 | 0x0629 | 0x0640 | 0x0649)
}

/// If `s[i..]` starts with a plain Arabic letter (2 bytes), return true.
#[inline]
pub(crate) fn plain_arabic_at(b: &[u8], i: usize) -> bool {
    let lead = b[i];
    (lead == 0xD8 || lead == 0xD9)
        && i + 1 < b.len()
        && plain_arabic((((lead & 0x1F) as u32) << 6) | (b[i + 1] & 0x3F) as u32)
}

/// Normalize with explicit options, keeping the offset map.
pub fn normalize_with(s: &str, o: NormOptions) -> Normalized {
    let mut text = String::with_capacity(s.len());
    let mut map: Vec<u32> = Vec::with_capacity(s.len() + 1);
    // Pending collapsed whitespace: (char, original offset of the run start).
    let mut pending: Option<(char, u32)> = None;
    let b = s.as_bytes();
    let mut i = 0usize;
    while i < b.len() {
        // Fast paths: plain Arabic letters and non-space ASCII are copied as they are.
        if plain_arabic_at(b, i) {
            if let Some((sp, at)) = pending.take() {
                text.push(sp);
                map.push(at);
            }
            text.push_str(&s[i..i + 2]);
            map.extend_from_slice(&[i as u32, i as u32]);
            i += 2;
            continue;
        }
        if b[i] < 0x80 && !b[i].is_ascii_whitespace() {
            if let Some((sp, at)) = pending.take() {
                text.push(sp);
                map.push(at);
            }
            text.push(if o.lowercase {
                b[i].to_ascii_lowercase()
            } else {
                b[i]
            } as char);
            map.push(i as u32);
            i += 1;
            continue;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        let at = i as u32;
        fold_char(c, o, &mut |m| {
            if o.collapse_space && m.is_whitespace() {
                pending = Some(match pending {
                    Some((p, start)) => (if p == '\n' || m == '\n' { '\n' } else { ' ' }, start),
                    None => (if m == '\n' { '\n' } else { ' ' }, at),
                });
                return;
            }
            if let Some((sp, start)) = pending.take() {
                text.push(sp);
                map.push(start);
            }
            let before = text.len();
            text.push(m);
            for _ in before..text.len() {
                map.push(at);
            }
        });
        i += c.len_utf8();
    }
    if let Some((sp, at)) = pending.take() {
        text.push(sp);
        map.push(at);
    }
    map.push(s.len() as u32);
    Normalized { text, map }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_letters_and_digits() {
        assert_eq!(normalize("إدلب").text, "ادلب");
        assert_eq!(normalize("مُصطفى").text, "مصطفي");
        assert_eq!(normalize("قرية").text, "قريه");
        assert_eq!(normalize_with("قرية", NormOptions::SEARCH).text, "قرية");
        assert_eq!(normalize("١٥ و۱۲").text, "15 و12");
        assert_eq!(normalize("کردی").text, "كردي");
        assert_eq!(normalize("الـــمسلحين").text, "المسلحين");
        assert_eq!(normalize("ﻻ").text, "لا");
        assert_eq!(normalize("M4 حلب،  اللاذقية").text, "m4 حلب, اللاذقيه");
        assert_eq!(normalize("a \n  b").text, "a\nb");
        assert_eq!(normalize("a\u{200C}b").text, "ab");
    }

    #[test]
    fn key_matches_text() {
        for s in ["  إدلب  الكبرى ", "سلّة الزهور", "ﻻذقية"] {
            assert_eq!(normalize_key(s), normalize(s).text.trim());
        }
    }

    #[test]
    fn offsets_map_back() {
        let orig = "قال: «إنّ الجيشَ قصف\u{200C} أريحا»، أمس.";
        let n = normalize(orig);
        let s = n.text.find("اريحا").unwrap();
        let (a, b) = n.to_original(s, s + "اريحا".len());
        assert_eq!(&orig[a..b], "أريحا");
        let s = n.text.find("الجيش").unwrap();
        let (a, b) = n.to_original(s, s + "الجيش".len());
        assert_eq!(&orig[a..b], "الجيشَ");
        for i in 0..=n.text.len() {
            assert!(orig.is_char_boundary(n.orig(i)));
        }
    }
}
