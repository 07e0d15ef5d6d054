//! Arabic language core: offset-preserving normalization, sentences, tokens,
//! clitics, light stemming and numbers.
//!
//! Invariant: every function here is total (never panics on any `&str`) and
//! every span it returns is a valid char range of the *original* text.

pub mod normalize;

pub use normalize::{normalize, normalize_key, normalize_with, NormOptions, Normalized};
