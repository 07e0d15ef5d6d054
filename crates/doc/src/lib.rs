//! The one model of a document in rasd.
//!
//! A [`Document`] holds the original text (never modified after creation) and
//! stand-off layers that annotators add: paragraphs, sentences, tokens, numbers,
//! dates, places, entities and events. Every span is a byte range into
//! [`Document::text`] that starts and ends on a `char` boundary.
//!
//! Internally spans are byte offsets (cheap slicing); for external tools the
//! [`annotate`] module serialises them as Unicode code point offsets.

pub mod annotate;
pub mod calendar;
pub mod geo;
mod offsets;
mod types;

pub use offsets::CharIndex;
pub use types::*;

use serde::{Deserialize, Serialize};

/// Metadata about where a document came from. All optional: stages fill what they know.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Meta {
    /// The input it came from: a file path, and for archives/feeds `path#record`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Publication date-time, ISO 8601 (`2020-09-05`, `2020-09-05T14:05:00+03:00`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Which evidence established `published` (e.g. `json-ld`, `meta:article:published_time`, `byline`, `url`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published_evidence: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub site_name: Option<String>,
    /// The outlet that published it (gold files' `source`; else site name or host).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

/// One document: original text plus annotation layers.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Document {
    pub id: String,
    pub text: String,
    #[serde(default)]
    pub meta: Meta,
    /// Links found in the body (absolute URLs when resolvable).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub paragraphs: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sentences: Vec<Span>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tokens: Vec<Token>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub numbers: Vec<NumberAnn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub dates: Vec<DateAnn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub places: Vec<PlaceAnn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entities: Vec<EntityAnn>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<EventAnn>,
    /// Non-fatal problems met by any stage ("stages never fail on input").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl Document {
    pub fn new(id: impl Into<String>, text: impl Into<String>) -> Self {
        Document {
            id: id.into(),
            text: text.into(),
            ..Default::default()
        }
    }

    /// The text of a span. Returns "" for an invalid span instead of panicking.
    pub fn span_text(&self, span: Span) -> &str {
        self.text
            .get(span.start as usize..span.end as usize)
            .unwrap_or("")
    }

    /// Publication date as `YYYY-MM-DD` if `meta.published` starts with one.
    pub fn published_date(&self) -> Option<&str> {
        let p = self.meta.published.as_deref()?;
        let d = p.get(..10)?;
        let b = d.as_bytes();
        (b[4] == b'-'
            && b[7] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit()))
        .then_some(d)
    }

    /// Index of the sentence containing byte offset `pos`, if sentences are annotated.
    pub fn sentence_at(&self, pos: u32) -> Option<usize> {
        let i = self.sentences.partition_point(|s| s.end <= pos);
        (i < self.sentences.len() && self.sentences[i].start <= pos).then_some(i)
    }

    /// Check that every span of every layer lies inside the text on char boundaries.
    /// Returns a description of the first bad span.
    pub fn validate(&self) -> Result<(), String> {
        let check = |layer: &str, s: Span| -> Result<(), String> {
            let ok = s.start <= s.end
                && (s.end as usize) <= self.text.len()
                && self.text.is_char_boundary(s.start as usize)
                && self.text.is_char_boundary(s.end as usize);
            if ok {
                Ok(())
            } else {
                Err(format!(
                    "{layer}: span {}..{} is not a valid char range of a {}-byte text",
                    s.start,
                    s.end,
                    self.text.len()
                ))
            }
        };
        for s in &self.paragraphs {
            check("paragraphs", *s)?;
        }
        for s in &self.sentences {
            check("sentences", *s)?;
        }
        for t in &self.tokens {
            check("tokens", t.span)?;
        }
        for a in &self.numbers {
            check("numbers", a.span)?;
        }
        for a in &self.dates {
            check("dates", a.span)?;
        }
        for a in &self.places {
            check("places", a.span)?;
        }
        for a in &self.entities {
            check("entities", a.span)?;
        }
        for e in &self.events {
            check("events.evidence", e.evidence)?;
            if let Some(t) = e.trigger {
                check("events.trigger", t)?;
            }
        }
        Ok(())
    }
}
