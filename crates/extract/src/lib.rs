//! Article extraction from HTML: metadata, publication date, boilerplate-free body.
//!
//! [`extract`] turns one [`rasd_ingest::Record`] (raw HTML bytes or plain text plus
//! transport hints) into a [`rasd_doc::Document`]: the article body as paragraphs
//! joined by `"\n"` (with the `paragraphs` layer), the links found in the body, and
//! `meta` (url, canonical url, title, publication date and the evidence used,
//! author, section, language, site name).
//!
//! Pipeline: bytes → [`encoding`] (BOM, transport charset, `<meta charset>`,
//! detection) → [`dom`] (a fast tolerant tokenizer building a flat arena DOM in
//! document order) → [`body`] (furniture removal and readability-style scoring) and
//! [`meta`] (JSON-LD, OpenGraph/meta, `<time>`, Arabic bylines, URL dates).
//!
//! Invariants: never panics and never fails on input (bad input gives an empty text
//! plus a warning); no recursion over the tree (deeply nested pages are safe);
//! time is linear in the page size. This crate knows nothing about Arabic NLP,
//! events or storage; it only reads the data file `data/extract/months.tsv` (embedded, plus
//! `$RASD_DATA/extract/months.tsv` when set).

pub mod body;
pub mod date;
pub mod dom;
pub mod encoding;
mod entities;
mod hints;
pub mod meta;
pub mod pubdate;
pub mod url;

use rasd_doc::annotate::fnv1a;
use rasd_doc::{Document, Meta, Span};
use rasd_ingest::{Body, Record};

/// The result of extracting one record.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The article: `text` (paragraphs joined by `"\n"`), `paragraphs`, `links`, `meta`.
    /// `doc.warnings` holds the same warnings as below.
    pub doc: Document,
    /// Problems met (undecodable bytes, no article text found …). Never fatal.
    pub warnings: Vec<String>,
}

/// Extract the article of one record. Never fails: on bad input the text is empty and
/// a warning says why (callers skip records with empty text).
pub fn extract(rec: &Record) -> Extracted {
    match &rec.body {
        Body::Html(bytes) => extract_html(bytes, rec),
        Body::Text(t) => from_text(t, rec),
    }
}

fn doc_id(rec: &Record, meta: &Meta) -> String {
    if let Some(id) = rec.id.as_deref().filter(|s| !s.is_empty()) {
        return id.to_string();
    }
    let key = meta
        .canonical_url
        .as_deref()
        .or(meta.url.as_deref())
        .unwrap_or(rec.input.as_str());
    format!("doc-{:016x}", fnv1a(key.as_bytes()))
}

fn from_text(t: &str, rec: &Record) -> Extracted {
    let mut doc = Document::new(String::new(), t.to_string());
    let mut pos = 0;
    for line in t.split('\n') {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        if !body.is_empty() {
            doc.paragraphs
                .push(Span::new(pos + lead, pos + lead + body.len()));
        }
        pos += line.len() + 1;
    }
    doc.meta = Meta {
        input: Some(rec.input.clone()),
        url: rec.url.clone(),
        canonical_url: None,
        title: rec.title.clone(),
        published: rec.published.clone(),
        published_evidence: rec.published.as_ref().map(|_| "record".to_string()),
        author: None,
        section: None,
        lang: rec.lang.clone().or_else(|| guess_lang(t)),
        site_name: None,
        source: rec
            .source
            .clone()
            .or_else(|| rec.url.as_deref().and_then(url::host).map(str::to_string)),
    };
    doc.id = doc_id(rec, &doc.meta);
    let mut warnings = Vec::new();
    if t.trim().is_empty() {
        warnings.push("empty text".to_string());
    }
    doc.warnings = warnings.clone();
    Extracted { doc, warnings }
}

/// "ar" when Arabic letters dominate the text, "en" for mostly Latin text (sampled).
fn guess_lang(t: &str) -> Option<String> {
    let (mut ar, mut lat) = (0usize, 0usize);
    for c in t.chars().take(4000) {
        if ('\u{0600}'..='\u{06FF}').contains(&c) {
            ar += 1;
        } else if c.is_ascii_alphabetic() {
            lat += 1;
        }
    }
    if ar + lat < 20 {
        None
    } else if ar >= lat {
        Some("ar".into())
    } else {
        Some("en".into())
    }
}

/// Extract from raw HTML bytes with the record's hints (url, charset, title, published…).
pub fn extract_html(bytes: &[u8], rec: &Record) -> Extracted {
    let mut warnings = Vec::new();
    let (text, _enc, _src, w) = encoding::decode(bytes, rec.charset.as_deref());
    warnings.extend(w);
    let bad = text
        .chars()
        .take(20_000)
        .filter(|&c| c == '\u{FFFD}' || (c.is_control() && !c.is_whitespace()))
        .count();
    if bad > 200 {
        warnings.push(format!("{}: looks like binary content ({bad} undecodable or control characters in the first 20000)", rec.input));
    }
    let dom = dom::Dom::parse(&text);
    if dom.flattened {
        warnings.push(format!(
            "HTML nested deeper than {} levels was flattened",
            dom::MAX_DEPTH
        ));
    }
    let analysis = body::analyse(&dom, true);
    let (mut blocks, mut root) = body::extract_blocks(&dom, &analysis);
    let got: usize = blocks.iter().map(|b| b.text.len()).sum();
    if analysis.raw_total > 1000 && (got as f64) < 0.05 * analysis.raw_total as f64 {
        // class/id hints removed (nearly) everything: retry with tag-based removal only
        let a2 = body::analyse(&dom, false);
        let (b2, r2) = body::extract_blocks(&dom, &a2);
        let got2: usize = b2.iter().map(|b| b.text.len()).sum();
        if got2 > got {
            blocks = b2;
            root = r2;
        }
    }
    let pm = meta::extract_meta(&dom, rec.url.as_deref(), root, rec.fetched.as_deref());
    let title = pm.title.clone().or_else(|| rec.title.clone());
    let blocks = body::filter_blocks(blocks, title.as_deref());

    let base = pm.canonical.as_deref().or(rec.url.as_deref());
    let mut out = String::with_capacity(blocks.iter().map(|b| b.text.len() + 1).sum());
    let mut paragraphs = Vec::with_capacity(blocks.len());
    let mut links: Vec<String> = Vec::new();
    for b in &blocks {
        if !out.is_empty() {
            out.push('\n');
        }
        let s = out.len();
        out.push_str(&b.text);
        paragraphs.push(Span::new(s, out.len()));
        for h in &b.links {
            let l = match base {
                Some(base) => url::resolve(base, h),
                None => (!h.is_empty()
                    && !h.starts_with('#')
                    && !h.to_ascii_lowercase().starts_with("javascript:"))
                .then(|| h.clone()),
            };
            if let Some(l) = l {
                if !links.contains(&l) {
                    links.push(l);
                }
            }
        }
    }
    if out.is_empty() {
        warnings.push(format!("{}: no article text found", rec.input));
    }
    let (published, evidence) = match (pm.published, rec.published.clone()) {
        (Some(p), _) => (Some(p), pm.evidence),
        (None, Some(p)) => (Some(p), Some("record".to_string())),
        (None, None) => (None, None),
    };
    let lang = pm
        .lang
        .or_else(|| rec.lang.clone())
        .or_else(|| guess_lang(&out));
    let site_name = pm.site_name;
    let source = rec
        .source
        .clone()
        .or_else(|| site_name.clone())
        .or_else(|| {
            pm.canonical
                .as_deref()
                .or(rec.url.as_deref())
                .and_then(url::host)
                .map(str::to_string)
        });
    let meta = Meta {
        input: Some(rec.input.clone()),
        url: rec.url.clone().or_else(|| pm.canonical.clone()),
        canonical_url: pm.canonical,
        title,
        published,
        published_evidence: evidence,
        author: pm.author,
        section: pm.section,
        lang,
        site_name,
        source,
    };
    let mut doc = Document {
        id: String::new(),
        text: out,
        meta,
        links,
        paragraphs,
        ..Default::default()
    };
    doc.id = doc_id(rec, &doc.meta);
    doc.warnings = warnings.clone();
    Extracted { doc, warnings }
}
