//! The stable external JSON formats: input lines accepted by `rasd annotate`
//! and the annotation lines it writes. Offsets here are Unicode code points
//! into `text`, end exclusive (see README "Annotation format").

use crate::{CharIndex, Document, Meta, Span};
use serde::{Deserialize, Serialize};

/// One input line: a gold-file article or a `rasd extract` output line. Unknown fields are ignored.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct InputRecord {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub text: Option<String>,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub published_evidence: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub canonical_url: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub lang: Option<String>,
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub section: Option<String>,
    #[serde(default)]
    pub site_name: Option<String>,
    #[serde(default)]
    pub links: Vec<String>,
}

impl InputRecord {
    /// Build a document. `line_no` (1-based) gives a fallback id when the record has no id, url or input.
    pub fn into_document(self, line_no: usize) -> Document {
        let id = self
            .id
            .clone()
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| {
                let key = self
                    .canonical_url
                    .as_deref()
                    .or(self.url.as_deref())
                    .or(self.input.as_deref());
                match key {
                    Some(k) => format!("doc-{:016x}", fnv1a(k.as_bytes())),
                    None => format!("line-{line_no}"),
                }
            });
        let source = self.source.or_else(|| self.site_name.clone());
        Document {
            id,
            text: self.text.unwrap_or_default(),
            meta: Meta {
                input: self.input,
                url: self.url,
                canonical_url: self.canonical_url,
                title: self.title,
                published: self.published,
                published_evidence: self.published_evidence,
                author: self.author,
                section: self.section,
                lang: self.lang,
                site_name: self.site_name,
                source,
            },
            links: self.links,
            ..Default::default()
        }
    }
}

/// FNV-1a 64-bit: a stable, dependency-free hash for ids.
pub fn fnv1a(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutDate {
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub value: String,
    pub precision: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutPlace {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<u8>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutEntity {
    pub start: usize,
    pub end: usize,
    pub text: String,
    #[serde(rename = "type")]
    pub etype: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutEvidence {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct OutEvent {
    pub event_type: String,
    pub sub_event_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub plover: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_precision: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub geo_precision: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injuries: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub salience: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub evidence: Option<OutEvidence>,
}

/// One output line of `rasd annotate`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct AnnotatedRecord {
    pub id: String,
    #[serde(default)]
    pub dates: Vec<OutDate>,
    #[serde(default)]
    pub places: Vec<OutPlace>,
    #[serde(default)]
    pub entities: Vec<OutEntity>,
    #[serde(default)]
    pub events: Vec<OutEvent>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

impl AnnotatedRecord {
    /// Convert a document's byte-offset layers into the external char-offset format.
    pub fn from_document(doc: &Document) -> Self {
        let ix = CharIndex::new(&doc.text);
        let cs = |s: Span| (ix.char_of(s.start) as usize, ix.char_of(s.end) as usize);
        AnnotatedRecord {
            id: doc.id.clone(),
            dates: doc
                .dates
                .iter()
                .map(|d| {
                    let (start, end) = cs(d.span);
                    OutDate {
                        start,
                        end,
                        text: doc.span_text(d.span).to_string(),
                        value: d.value.clone(),
                        precision: d.precision.as_str().to_string(),
                    }
                })
                .collect(),
            places: doc
                .places
                .iter()
                .map(|p| {
                    let (start, end) = cs(p.span);
                    OutPlace {
                        start,
                        end,
                        text: doc.span_text(p.span).to_string(),
                        name: Some(p.name.clone()),
                        gazetteer_id: p.gazetteer_id.clone(),
                        lat: p.lat,
                        lon: p.lon,
                        admin1: p.admin1.clone(),
                        admin2: p.admin2.clone(),
                        country: p.country.clone(),
                        geo_precision: (p.geo_precision > 0).then_some(p.geo_precision),
                    }
                })
                .collect(),
            entities: doc
                .entities
                .iter()
                .map(|e| {
                    let (start, end) = cs(e.span);
                    OutEntity {
                        start,
                        end,
                        text: doc.span_text(e.span).to_string(),
                        etype: e.etype.as_str().to_string(),
                        canonical: e.canonical.clone(),
                    }
                })
                .collect(),
            events: doc
                .events
                .iter()
                .map(|e| {
                    let (start, end) = cs(e.evidence);
                    OutEvent {
                        event_type: e.event_type.clone(),
                        sub_event_type: e.sub_event_type.clone(),
                        plover: (!e.plover.is_empty()).then(|| e.plover.clone()),
                        date: e.date.clone(),
                        time_precision: (e.time_precision > 0).then_some(e.time_precision),
                        location: e.location.clone(),
                        admin1: e.admin1.clone(),
                        country: e.country.clone(),
                        lat: e.lat,
                        lon: e.lon,
                        geo_precision: (e.geo_precision > 0).then_some(e.geo_precision),
                        actor1: e.actor1.clone(),
                        actor2: e.actor2.clone(),
                        fatalities: e.fatalities,
                        injuries: e.injuries,
                        claimed_by: e.claimed_by.clone(),
                        reported_by: e.reported_by.clone(),
                        salience: Some(match e.salience {
                            crate::Salience::Main => "main".to_string(),
                            crate::Salience::Background => "background".to_string(),
                        }),
                        evidence: Some(OutEvidence {
                            start,
                            end,
                            text: doc.span_text(e.evidence).to_string(),
                        }),
                    }
                })
                .collect(),
            warnings: doc.warnings.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{DateAnn, DatePrecision};

    #[test]
    fn char_offsets_in_output() {
        let mut doc = Document::new("t1", "قصف أمس على إدلب");
        let start = doc.text.find("أمس").unwrap();
        doc.dates.push(DateAnn {
            span: Span::new(start, start + "أمس".len()),
            value: "2020-09-04".into(),
            precision: DatePrecision::Day,
            time: None,
            future: false,
            rule: "test".into(),
        });
        doc.validate().unwrap();
        let out = AnnotatedRecord::from_document(&doc);
        assert_eq!(out.dates[0].start, 4);
        assert_eq!(out.dates[0].end, 7);
        assert_eq!(out.dates[0].text, "أمس");
        let chars: Vec<char> = doc.text.chars().collect();
        assert_eq!(chars[4..7].iter().collect::<String>(), "أمس");
    }

    #[test]
    fn input_record_ids() {
        let r: InputRecord =
            serde_json::from_str(r#"{"text":"x","url":"http://a/b","extra":1}"#).unwrap();
        let d = r.into_document(3);
        assert!(d.id.starts_with("doc-"));
        let r: InputRecord = serde_json::from_str(r#"{"text":"x"}"#).unwrap();
        assert_eq!(r.into_document(3).id, "line-3");
    }
}
