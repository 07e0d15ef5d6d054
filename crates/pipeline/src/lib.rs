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

/// Longest text (bytes) the event coder runs on; longer texts get the other layers only.
pub const MAX_EVENT_TEXT: usize = 1 << 20;

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
        // A news article is a few KB; a text hundreds of times longer is a dump, not a report,
        // and coding it would cost minutes (merging an article's incidents is quadratic).
        if doc.text.len() > MAX_EVENT_TEXT {
            doc.warnings.push(format!(
                "text of {} bytes is longer than the {} bytes coded for events: dates and places \
                 tagged, no events coded",
                doc.text.len(),
                MAX_EVENT_TEXT
            ));
            return;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn oversized_text_gets_places_but_no_events_and_a_warning() {
        let sentence = "قصفت قوات النظام بلدة كفرنبل بريف إدلب الجنوبي. ";
        let text = sentence.repeat(MAX_EVENT_TEXT / sentence.len() + 2);
        let mut doc = Document::new("big", text);
        Pipeline::new().annotate(&mut doc);
        assert!(doc.events.is_empty());
        assert!(!doc.places.is_empty());
        assert!(
            doc.warnings.iter().any(|w| w.contains("no events coded")),
            "{:?}",
            doc.warnings
        );
        // Just under the limit, events are coded as usual.
        let mut small = Document::new("small", sentence.repeat(3));
        Pipeline::new().annotate(&mut small);
        assert!(!small.events.is_empty());
    }
}
