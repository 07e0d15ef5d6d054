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
    /// ISO 3166-1 alpha-2 code of the place's country.
    #[serde(default)]
    pub country: Option<String>,
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
    /// Stand-off gold: evidence as code-point offsets into the article text.
    #[serde(default)]
    pub evidence_start: Option<usize>,
    #[serde(default)]
    pub evidence_end: Option<usize>,
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
    read_gold_with_texts(path, None)
}

/// Article texts by id, from a JSONL file of `{id, text, ...}` lines (e.g. a corpus).
pub fn read_texts(
    path: &std::path::Path,
) -> Result<std::collections::HashMap<String, String>, EvalError> {
    #[derive(Deserialize)]
    struct Line {
        id: String,
        #[serde(default)]
        text: String,
    }
    let p = path.display().to_string();
    let content = std::fs::read_to_string(path).map_err(|source| EvalError::Io {
        path: p.clone(),
        source,
    })?;
    let mut out = std::collections::HashMap::new();
    for (i, line) in content.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let l: Line = serde_json::from_str(line).map_err(|e| EvalError::Parse {
            path: p.clone(),
            line: i + 1,
            message: e.to_string(),
        })?;
        out.insert(l.id, l.text);
    }
    Ok(out)
}

/// Read a gold JSONL file. Stand-off gold lines (no `text`; see `eval/README.md`) take their
/// article text from `texts` by id, and their events' evidence from `evidence_start`/`evidence_end`
/// (code points); a line whose text cannot be found is an error naming it.
pub fn read_gold_with_texts(
    path: &std::path::Path,
    texts: Option<&std::collections::HashMap<String, String>>,
) -> Result<Vec<GoldArticle>, EvalError> {
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
        let parse_err = |message: String| EvalError::Parse {
            path: p.clone(),
            line: i + 1,
            message,
        };
        let mut a: GoldArticle =
            serde_json::from_str(line).map_err(|e| parse_err(e.to_string()))?;
        a.raw = line.to_string();
        if a.text.is_empty() {
            let Some(t) = texts.and_then(|m| m.get(&a.id)) else {
                return Err(parse_err(format!(
                    "article {} has no text and no --texts file provides it",
                    a.id
                )));
            };
            a.text = t.clone();
            let mut v: serde_json::Value =
                serde_json::from_str(line).map_err(|e| parse_err(e.to_string()))?;
            if let Some(o) = v.as_object_mut() {
                o.insert("text".into(), serde_json::Value::String(t.clone()));
            }
            a.raw = v.to_string();
            let chars: Vec<char> = a.text.chars().collect();
            for e in a.gold.events.iter_mut() {
                if let (None, Some(s), Some(en)) = (&e.evidence, e.evidence_start, e.evidence_end) {
                    if s < en && en <= chars.len() {
                        e.evidence = Some(chars[s..en].iter().collect());
                    }
                }
            }
        }
        out.push(a);
    }
    Ok(out)
}
