//! Gold file reading (SCHEMA.md format).

use crate::EvalError;
use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
pub struct GoldDate {
    pub text: String,
    pub value: String,
    #[serde(default)]
    pub precision: String,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldPlace {
    pub text: String,
    #[serde(default)]
    pub name_en: Option<String>,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub coord_confidence: Option<String>,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEntity {
    pub text: String,
    #[serde(rename = "type")]
    pub etype: String,
    #[serde(default)]
    pub canonical: Option<String>,
    #[serde(default)]
    pub start: Option<usize>,
    #[serde(default)]
    pub end: Option<usize>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct GoldEvent {
    pub event_type: String,
    #[serde(default)]
    pub sub_event_type: String,
    #[serde(default)]
    pub date: Option<String>,
    #[serde(default)]
    pub time_precision: Option<u8>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub lat: Option<f64>,
    #[serde(default)]
    pub lon: Option<f64>,
    #[serde(default)]
    pub actor1: Option<String>,
    #[serde(default)]
    pub actor2: Option<String>,
    #[serde(default)]
    pub fatalities: Option<u32>,
    #[serde(default)]
    pub injuries: Option<u32>,
    #[serde(default)]
    pub salience: Option<String>,
    #[serde(default)]
    pub evidence: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct GoldLayers {
    #[serde(default)]
    pub dates: Vec<GoldDate>,
    #[serde(default)]
    pub places: Vec<GoldPlace>,
    #[serde(default)]
    pub entities: Vec<GoldEntity>,
    #[serde(default)]
    pub events: Vec<GoldEvent>,
}

/// One gold article. Its raw JSON line is kept so it can be fed to `rasd annotate` unchanged.
#[derive(Debug, Clone, Deserialize)]
pub struct GoldArticle {
    pub id: String,
    #[serde(default)]
    pub text: String,
    #[serde(default)]
    pub published: Option<String>,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub gold: GoldLayers,
    #[serde(skip)]
    pub raw: String,
}

/// Char span of a gold item: the given offsets if they point at the text, else its first occurrence.
pub(crate) fn gold_span(
    text: &str,
    surface: &str,
    start: Option<usize>,
    end: Option<usize>,
) -> Option<(usize, usize)> {
    if let (Some(s), Some(e)) = (start, end) {
        let got: String = text.chars().skip(s).take(e.saturating_sub(s)).collect();
        if got == surface {
            return Some((s, e));
        }
    }
    let b = text.find(surface)?;
    let s = text[..b].chars().count();
    Some((s, s + surface.chars().count()))
}

/// Read a gold JSONL file.
pub fn read_gold(path: &std::path::Path) -> Result<Vec<GoldArticle>, EvalError> {
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
        let mut a: GoldArticle = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            path: p.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        a.raw = line.to_string();
        out.push(a);
    }
    Ok(out)
}
