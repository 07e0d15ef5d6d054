//! The annotate pipeline: runs the language, time, places and events annotators on a document.
//!
//! Order: segmentation (paragraphs, sentences, tokens, numbers) → dates → places → entities and
//! events. Each annotator only adds layers; none rewrites `Document::text`. This crate owns the
//! order and nothing else: it holds no linguistic rules of its own.
//!
//! Invariant: `annotate` never panics on any document and always leaves `Document::validate()` true.

use rasd_doc::annotate::{AnnotatedRecord, InputRecord};
use rasd_doc::Document;
use rayon::prelude::*;

/// The annotators, loaded once (gazetteer, actor dictionary and lexicons are embedded data).
pub struct Pipeline {
    gazetteer: &'static rasd_geo::Gazetteer,
    coder: &'static rasd_events::Coder,
}

impl Default for Pipeline {
    fn default() -> Self {
        Self::new()
    }
}

impl Pipeline {
    /// Load (or reuse the process-wide) embedded resources.
    pub fn new() -> Self {
        Pipeline {
            gazetteer: rasd_geo::Gazetteer::embedded(),
            coder: rasd_events::Coder::embedded(),
        }
    }

    /// Run every annotator on `doc`, adding layers.
    pub fn annotate(&self, doc: &mut Document) {
        rasd_arabic::segment(doc);
        rasd_arabic::tag_numbers(doc);
        rasd_time::tag_dates(doc);
        self.gazetteer.annotate(doc);
        self.coder.annotate(doc);
    }

    /// Annotate a batch in parallel, keeping order.
    pub fn annotate_all(&self, docs: &mut [Document]) {
        docs.par_iter_mut().for_each(|d| self.annotate(d));
    }

    /// Parse one input JSONL line (gold article or `rasd extract` output) and annotate it.
    /// A line that is not valid JSON yields an empty record carrying a warning.
    pub fn annotate_line(&self, line: &str, line_no: usize) -> AnnotatedRecord {
        match serde_json::from_str::<InputRecord>(line) {
            Ok(rec) => {
                let mut doc = rec.into_document(line_no);
                self.annotate(&mut doc);
                if let Err(e) = doc.validate() {
                    doc.warnings
                        .push(format!("internal: invalid span dropped: {e}"));
                }
                AnnotatedRecord::from_document(&doc)
            }
            Err(e) => AnnotatedRecord {
                id: format!("line-{line_no}"),
                warnings: vec![format!("line {line_no}: not a JSON article: {e}")],
                ..Default::default()
            },
        }
    }
}
