//! Arabic language core: offset-preserving normalization, tokens, sentences, clitics, a light
//! stemmer for search, and numbers (digits in any script, number words, approximate phrases).
//!
//! Invariants: every function here is total (never panics on any `&str`) and every span it
//! returns is a valid char range of the *original* text; the original text is never rewritten
//! (normalization returns a new string plus a map back). This crate knows the Arabic language
//! only: no places, actors, dates or event semantics. Its word lists live in `data/arabic/`,
//! are embedded at build time and can be extended through `$RASD_DATA/arabic/`.

pub mod chars;
pub mod clitics;
mod data;
pub mod normalize;
pub mod numbers;
pub mod segment;
pub mod stem;
pub mod tokenize;

pub use clitics::{clitic_variants, Split};
pub use normalize::{normalize, normalize_key, normalize_with, NormOptions, Normalized};
pub use numbers::{
    number_word_value, parse_digits, parse_number_at, parse_number_words, tag_numbers, NumberMatch,
};
pub use segment::{paragraphs, segment, sentences, tokenize_with_stems};
pub use stem::{index_terms, light_stem, MAX_TERM_BYTES};
pub use tokenize::{tokens, Tokens};

/// Fold one word with [`NormOptions::WORD`] (no offsets), appending to `out`: the form on which
/// [`clitics::split`] and the stemmer work.
pub fn fold_word_into(word: &str, out: &mut String) {
    normalize::fold_word_into(word, out)
}
