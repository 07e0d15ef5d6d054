//! Tokenizer over the original text: Arabic words, Latin words, numbers, punctuation.
//!
//! Tokens are byte ranges of the input; nothing is copied. Rules:
//! - an Arabic word is a run of Arabic letters; diacritics, tatweel and zero-width (non-)joiners
//!   inside or after it belong to it;
//! - a Latin word is a run of other alphabetic characters and ASCII digits (`M4`, `F16`);
//! - a number is a run of digits of one or more scripts (ASCII, Arabic-Indic, Persian) with
//!   inner separators `.` `,` `٫` `٬` between digits (`3.5`, `8.30`, `1,500`, `٣٫٥`);
//! - punctuation: one token per run of the same punctuation character (`...`, `!!`);
//! - anything else visible (symbols, emoji) is `Other`, one char per token;
//! - whitespace (including the zero-width space) and orphan marks separate tokens.

use crate::chars::{is_arabic_letter, is_digit, is_mark, is_punct, is_space};
use crate::normalize::plain_arabic_at;
use rasd_doc::TokenKind;

/// Iterator over `(start, end, kind)` byte ranges of the tokens of a text.
#[derive(Debug, Clone)]
pub struct Tokens<'a> {
    s: &'a str,
    pos: usize,
}

/// Tokenize `s` (lazily, without allocation).
pub fn tokens(s: &str) -> Tokens<'_> {
    Tokens { s, pos: 0 }
}

#[inline]
fn char_at(s: &str, pos: usize) -> Option<char> {
    s.get(pos..).and_then(|r| r.chars().next())
}

impl<'a> Tokens<'a> {
    /// Advance `self.pos` over chars satisfying `f`.
    #[inline]
    fn scan(&mut self, f: impl Fn(char) -> bool) {
        let rest = &self.s[self.pos..];
        let n = rest
            .char_indices()
            .find(|&(_, c)| !f(c))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += n;
    }

    fn scan_number(&mut self) {
        loop {
            self.scan(is_digit);
            // A separator between two digits continues the number.
            let Some(sep) = char_at(self.s, self.pos) else {
                return;
            };
            if !matches!(sep, '.' | ',' | '\u{066B}' | '\u{066C}') {
                return;
            }
            let after = self.pos + sep.len_utf8();
            match char_at(self.s, after) {
                Some(d) if is_digit(d) => self.pos = after,
                _ => return,
            }
        }
    }
}

impl Iterator for Tokens<'_> {
    type Item = (usize, usize, TokenKind);

    fn next(&mut self) -> Option<Self::Item> {
        let s = self.s;
        loop {
            let bytes = s.as_bytes();
            // ASCII fast path for spaces.
            while self.pos < bytes.len() && matches!(bytes[self.pos], b' ' | b'\n' | b'\t' | b'\r')
            {
                self.pos += 1;
            }
            let c = char_at(s, self.pos)?;
            let start = self.pos;
            if is_arabic_letter(c) {
                let b = s.as_bytes();
                loop {
                    // fast path: plain Arabic letters (2 bytes)
                    while self.pos < b.len() && plain_arabic_at(b, self.pos) {
                        self.pos += 2;
                    }
                    match char_at(s, self.pos) {
                        Some(c) if is_arabic_letter(c) || is_mark(c) => self.pos += c.len_utf8(),
                        _ => break,
                    }
                }
                return Some((start, self.pos, TokenKind::Word));
            }
            if is_digit(c) {
                self.scan_number();
                return Some((start, self.pos, TokenKind::Number));
            }
            if c.is_alphabetic() && !is_mark(c) {
                self.scan(|c| {
                    (c.is_alphabetic() && !is_arabic_letter(c)) || c.is_ascii_digit() || is_mark(c)
                });
                return Some((start, self.pos, TokenKind::Latin));
            }
            self.pos += c.len_utf8();
            if is_space(c) || is_mark(c) {
                continue;
            }
            if is_punct(c) {
                self.scan(|d| d == c);
                return Some((start, self.pos, TokenKind::Punct));
            }
            return Some((start, self.pos, TokenKind::Other));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(&str, TokenKind)> {
        tokens(s).map(|(a, b, k)| (&s[a..b], k)).collect()
    }

    #[test]
    fn words_numbers_punct() {
        use TokenKind::*;
        assert_eq!(
            toks("قُتِلَ 3.5 من M4، في ١٥ آب..."),
            vec![
                ("قُتِلَ", Word),
                ("3.5", Number),
                ("من", Word),
                ("M4", Latin),
                ("،", Punct),
                ("في", Word),
                ("١٥", Number),
                ("آب", Word),
                ("...", Punct)
            ]
        );
        assert_eq!(
            toks("عام 2020."),
            vec![("عام", Word), ("2020", Number), (".", Punct)]
        );
        assert_eq!(
            toks("1,500 و٣٫٥"),
            vec![("1,500", Number), ("و", Word), ("٣٫٥", Number)]
        );
        assert_eq!(
            toks("3-4"),
            vec![("3", Number), ("-", Punct), ("4", Number)]
        );
        assert_eq!(toks("الـــقوات"), vec![("الـــقوات", Word)]);
        assert_eq!(
            toks("a\u{200B}b 😀"),
            vec![("a", Latin), ("b", Latin), ("😀", Other)]
        );
        assert_eq!(toks(" \u{064E} "), vec![]);
    }
}
