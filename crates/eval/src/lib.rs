//! Scoring of rasd annotations against gold files in the format of `SCHEMA.md`
//! (one article per JSONL line with a `gold` object).
//!
//! Invariants: the scorer knows nothing about rasd's annotators — it compares two
//! sets of [`AnnotatedRecord`]s — and nothing of any particular gold file is
//! compiled in. Matching rules (SCHEMA.md "Matching used by the evaluation"):
//! - dates: overlapping span; value accuracy among span-matched pairs;
//! - places: overlapping span; geocoding correct within 10 km (gold `coord_confidence` exact|approx);
//! - entities: overlapping span (span score) and identical span + same type (strict score);
//! - events: same `event_type`, dates within ±1 day (or equal at the gold precision),
//!   location agrees (same normalized name, or within 10 km); greedy one-to-one.
//!
//! Gold lists each distinct surface form once ("first occurrence is enough"), so a
//! predicted span whose surface text equals a gold span's text counts as that gold
//! span too, and repeated predictions of one surface form count once.

mod gold;
mod metrics;
mod report;

pub use gold::{
    read_gold, read_gold_with_texts, read_texts, GoldArticle, GoldDate, GoldEntity, GoldEvent,
    GoldLayers, GoldPlace,
};
pub use metrics::{score, Counts, ErrorItem, EvalResult};
pub use report::{render_errors, render_table};

/// Errors reading evaluation inputs.
#[derive(Debug, thiserror::Error)]
pub enum EvalError {
    #[error("{path}: cannot read: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{path}: line {line}: {message}")]
    Parse {
        path: String,
        line: usize,
        message: String,
    },
}

/// Read a JSONL file of `rasd annotate` output records.
pub fn read_predictions(
    path: &std::path::Path,
) -> Result<Vec<rasd_doc::annotate::AnnotatedRecord>, EvalError> {
    let p = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let rec = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            path: p.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.push(rec);
    }
    Ok(out)
}
