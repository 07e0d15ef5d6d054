//! Arabic-aware index terms for full-text search and evidence similarity.
//!
//! A term is the normalized (alef/yaa folded, diacritics and tatweel removed, lower-cased),
//! clitic-stripped, light-stemmed form of a word, with the byte range of that word in the
//! *original* text (for highlights). The same function analyzes documents and queries, so
//! "الدوريات" finds "دورية" and "بالمسلحين" finds "مسلحين".
//!
//! Terms come from the language core, `rasd_arabic::index_terms`. [`ANALYZER_VERSION`] is
//! stored with the full-text index; when it changes, the index is rebuilt on open.

/// Bump when the terms produced for a text change: the index is rebuilt on open.
pub const ANALYZER_VERSION: u32 = 2;

/// A probe text whose terms fingerprint the analyzer (so a change in the language core's
/// stemmer also triggers a rebuild).
const PROBE: &str =
    "وبالمسلحين الدوريات دورية قتلى إدلب، للمدنيين والقذائف M4 ١٥ سيارتهم المستشفيات";

/// [`ANALYZER_VERSION`] combined with a hash of the terms of a probe text.
pub fn analyzer_fingerprint() -> u32 {
    static FP: std::sync::OnceLock<u32> = std::sync::OnceLock::new();
    *FP.get_or_init(|| {
        let h = crate::db::fnv64(terms_of(PROBE).join(" ").as_bytes());
        (h as u32) ^ (h >> 32) as u32 ^ ANALYZER_VERSION
    })
}

/// Call `f(start, end, term)` for every index term of `text`; `start..end` is the byte range of
/// the word in `text` (on char boundaries). Never panics.
pub fn index_terms(text: &str, f: impl FnMut(usize, usize, &str)) {
    rasd_arabic::index_terms(text, f)
}

/// Collect the terms of a text (no offsets).
pub fn terms_of(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    index_terms(text, |_, _, t| v.push(t.to_string()));
    v
}

/// The tantivy tokenizer running [`index_terms`].
#[derive(Clone, Default)]
pub struct ArabicTokenizer;

/// Token stream over pre-computed tokens.
pub struct VecTokenStream {
    tokens: Vec<tantivy::tokenizer::Token>,
    i: usize,
}

impl tantivy::tokenizer::Tokenizer for ArabicTokenizer {
    type TokenStream<'a> = VecTokenStream;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> VecTokenStream {
        let mut tokens = Vec::new();
        index_terms(text, |a, b, t| {
            let position = tokens.len();
            tokens.push(tantivy::tokenizer::Token {
                offset_from: a,
                offset_to: b,
                position,
                text: t.to_string(),
                position_length: 1,
            });
        });
        VecTokenStream { tokens, i: 0 }
    }
}

impl tantivy::tokenizer::TokenStream for VecTokenStream {
    fn advance(&mut self) -> bool {
        if self.i < self.tokens.len() {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn token(&self) -> &tantivy::tokenizer::Token {
        &self.tokens[self
            .i
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1))]
    }
    fn token_mut(&mut self) -> &mut tantivy::tokenizer::Token {
        let i = self
            .i
            .saturating_sub(1)
            .min(self.tokens.len().saturating_sub(1));
        &mut self.tokens[i]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stem(w: &str) -> String {
        terms_of(w).join(" ")
    }

    #[test]
    fn clitics_and_plurals_meet() {
        assert_eq!(stem("الدوريات"), stem("دورية"));
        assert_eq!(stem("بالمسلحين"), stem("مسلحين"));
        assert_eq!(stem("والمسلحين"), stem("المسلح"));
        assert_eq!(stem("إدلب"), stem("ادلب"));
        assert_eq!(stem("M4").to_lowercase(), "m4");
    }

    #[test]
    fn offsets_point_at_original_words() {
        let text = "قصفت القوات، بالمسلحين  في إدلب.";
        let mut seen = Vec::new();
        index_terms(text, |a, b, t| {
            seen.push((text[a..b].to_string(), t.to_string()))
        });
        let words: Vec<&str> = seen.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["قصفت", "القوات", "بالمسلحين", "في", "إدلب"]);
    }

    #[test]
    fn never_panics_on_odd_input() {
        for s in [
            "",
            " ",
            "ـــ",
            "\u{200C}",
            "a\u{0301}",
            "١٢٣",
            "ﻻ",
            "ًٌٍ",
            "x".repeat(500).as_str(),
        ] {
            index_terms(s, |a, b, _| {
                assert!(s.is_char_boundary(a) && s.is_char_boundary(b) && a <= b)
            });
        }
    }
}
