//! Response shapes built from store types: the article view (stand-off annotations as char
//! offsets for the browser) and the Atom feed of a zone.

use rasd_doc::CharIndex;
use rasd_store::{StoredArticle, StoredEvent, Zone};
use serde::Serialize;

/// One annotation of an article, as char (code point) offsets into `text`.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct AnnotationView {
    /// `date`, `place`, `entity`, `evidence` or `trigger`.
    pub kind: &'static str,
    pub start: usize,
    pub end: usize,
    /// Short label: resolved date value, place name, entity type/canonical name, event type.
    pub label: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    /// For evidence/trigger: index into the document's events.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_index: Option<usize>,
    /// The label in Arabic, where the names are known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_ar: Option<String>,
    /// For places: the gazetteer kind (`country`, `governorate`, `city`, `village`, `road` …), so
    /// the map can leave country-level mentions out of its extent.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub place_kind: Option<String>,
}

/// The article page's data.
#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub id: String,
    pub title: Option<String>,
    /// Only http(s) URLs are passed on; anything else (e.g. `javascript:`) becomes null.
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub author: Option<String>,
    pub ingested_at: String,
    pub duplicate_of: Option<String>,
    pub text: String,
    /// Paragraph spans as char offsets.
    pub paragraphs: Vec<(usize, usize)>,
    pub annotations: Vec<AnnotationView>,
    pub event_ids: Vec<String>,
    pub events: Vec<crate::names::EventView>,
    pub warnings: Vec<String>,
}

/// `Some(url)` only for http/https URLs.
pub fn safe_url(u: Option<&str>) -> Option<String> {
    let u = u?.trim();
    let l = u.to_ascii_lowercase();
    (l.starts_with("http://") || l.starts_with("https://")).then(|| u.to_string())
}

/// Builds the view; spans that are not valid char ranges of the text are dropped (with a warning).
pub fn article_view(a: StoredArticle, events: Vec<StoredEvent>) -> ArticleView {
    let doc = a.doc;
    let ix = CharIndex::new(&doc.text);
    let mut warnings = doc.warnings.clone();
    let valid = |s: rasd_doc::Span| {
        s.start <= s.end
            && (s.end as usize) <= doc.text.len()
            && doc.text.is_char_boundary(s.start as usize)
            && doc.text.is_char_boundary(s.end as usize)
    };
    let mut anns = Vec::new();
    let mut bad = 0usize;
    let names = crate::names::names();
    let mut push = |s: rasd_doc::Span,
                    kind,
                    label: (String, Option<String>),
                    ll: (Option<f64>, Option<f64>),
                    ev: Option<usize>,
                    place_kind: Option<String>| {
        if valid(s) {
            anns.push(AnnotationView {
                kind,
                start: ix.char_of(s.start) as usize,
                end: ix.char_of(s.end) as usize,
                label: label.0,
                lat: ll.0,
                lon: ll.1,
                event_index: ev,
                label_ar: label.1,
                place_kind,
            });
        } else {
            bad += 1;
        }
    };
    for (i, e) in doc.events.iter().enumerate() {
        let label = format!("{} / {}", e.event_type, e.sub_event_type);
        let label_ar = names
            .term(&e.event_type)
            .zip(names.term(&e.sub_event_type))
            .map(|(a, b)| format!("{a} / {b}"));
        let label = (label, label_ar);
        push(
            e.evidence,
            "evidence",
            label.clone(),
            (None, None),
            Some(i),
            None,
        );
        if let Some(t) = e.trigger {
            push(t, "trigger", label, (None, None), Some(i), None);
        }
    }
    for d in &doc.dates {
        let mut label = d.value.clone();
        if let Some(t) = &d.time {
            label.push(' ');
            label.push_str(t);
        }
        push(d.span, "date", (label, None), (None, None), None, None);
    }
    for p in &doc.places {
        let mut label = p.name.clone();
        if let Some(a1) = &p.admin1 {
            label.push_str(", ");
            label.push_str(a1);
        }
        let mut label_ar = p.name_ar.clone().filter(|s| !s.is_empty());
        if let (Some(l), Some(a1)) = (&mut label_ar, &p.admin1) {
            if let Some(a) = names.admin1(a1, p.lat.zip(p.lon)).filter(|a| a != l) {
                l.push_str("، ");
                l.push_str(&a);
            }
        }
        push(
            p.span,
            "place",
            (label, label_ar),
            (p.lat, p.lon),
            None,
            Some(p.kind.clone()),
        );
    }
    for e in &doc.entities {
        let label = match &e.canonical {
            Some(c) => format!("{}: {c}", e.etype.as_str()),
            None => e.etype.as_str().to_string(),
        };
        let label_ar = e.canonical.as_deref().and_then(|c| names.actor(c));
        push(
            e.span,
            "entity",
            (label, label_ar),
            (None, None),
            None,
            None,
        );
    }
    if bad > 0 {
        warnings.push(format!(
            "{bad} annotation span(s) were not valid char ranges of the text and are not shown"
        ));
    }
    anns.sort_by(|a, b| a.start.cmp(&b.start).then(b.end.cmp(&a.end)));
    let paragraphs = doc
        .paragraphs
        .iter()
        .filter(|s| valid(**s))
        .map(|s| (ix.char_of(s.start) as usize, ix.char_of(s.end) as usize))
        .collect();
    ArticleView {
        id: doc.id,
        title: doc.meta.title,
        url: safe_url(doc.meta.url.as_deref()),
        source: doc.meta.source,
        published: doc.meta.published,
        author: doc.meta.author,
        ingested_at: a.ingested_at,
        duplicate_of: a.duplicate_of,
        text: doc.text,
        paragraphs,
        annotations: anns,
        event_ids: a.event_ids,
        events: events.into_iter().map(Into::into).collect(),
        warnings,
    }
}

/// Escapes text for XML content and attribute values.
pub fn xml_escape(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            // Characters not allowed in XML 1.0.
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => o.push(c),
        }
    }
    o
}

/// RFC 3339 UTC timestamp of seconds since the epoch.
pub fn rfc3339(secs: i64) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = crate::sample::civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

/// Atom feed (RFC 4287) of a zone's events, newest first. `base` is the server's origin, e.g.
/// `http://127.0.0.1:8080`. The feed has the elements RFC 4287 requires (id, title, updated,
/// author) and a `rel="self"` link; entry ids are the events' stable ids
/// (`urn:rasd:event:<id>`), so a reader sees one entry per event however often it polls, and
/// an entry's `updated` is the event's last change. Without events the feed's `updated` is
/// the zone's creation time.
pub fn atom_feed(zone: &Zone, events: &[StoredEvent], base: &str) -> String {
    let updated = events
        .iter()
        .map(|e| e.timestamp)
        .max()
        .map(rfc3339)
        .unwrap_or_else(|| zone.created_at.clone());
    let base = xml_escape(base.trim_end_matches('/'));
    let zid = xml_escape(&zone.id);
    let mut s = String::with_capacity(1024 + events.len() * 512);
    s.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str(&format!("  <id>urn:rasd:zone:{zid}</id>\n"));
    s.push_str(&format!(
        "  <title>rasd — {}</title>\n",
        xml_escape(&zone.name)
    ));
    s.push_str(&format!("  <updated>{}</updated>\n", xml_escape(&updated)));
    s.push_str("  <author><name>rasd</name></author>\n");
    s.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{base}/zones/{zid}/feed.atom\"/>\n"
    ));
    s.push_str(&format!(
        "  <link rel=\"alternate\" type=\"text/html\" href=\"{base}/#/zones/{zid}\"/>\n"
    ));
    s.push_str("  <generator>rasd</generator>\n");
    for e in events {
        let place = e.location.as_deref().or(e.admin1.as_deref()).unwrap_or("?");
        let date = e.event_date.as_deref().unwrap_or("?");
        let title = format!(
            "{} — {} — {} ({})",
            e.event_type, e.sub_event_type, place, date
        );
        let mut summary = rasd_store::export::english_note(e);
        summary.push('\n');
        for src in &e.sources {
            summary.push_str(&format!(
                "[{}] {}\n",
                src.outlet.as_deref().unwrap_or("?"),
                src.evidence
            ));
        }
        let eid = xml_escape(&e.id);
        s.push_str("  <entry>\n");
        s.push_str(&format!("    <id>urn:rasd:event:{eid}</id>\n"));
        s.push_str(&format!("    <title>{}</title>\n", xml_escape(&title)));
        s.push_str(&format!(
            "    <updated>{}</updated>\n",
            rfc3339(e.timestamp)
        ));
        s.push_str(&format!(
            "    <link rel=\"alternate\" type=\"text/html\" href=\"{base}/#/events/{eid}\"/>\n"
        ));
        s.push_str(&format!(
            "    <category term=\"{}\"/>\n",
            xml_escape(&e.event_type)
        ));
        s.push_str(&format!(
            "    <summary type=\"text\">{}</summary>\n",
            xml_escape(&summary)
        ));
        s.push_str("  </entry>\n");
    }
    s.push_str("</feed>\n");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn article_view_uses_char_offsets() {
        let doc = crate::sample::document(3);
        let a = StoredArticle {
            doc: doc.clone(),
            ingested_at: String::new(),
            event_ids: vec![],
            duplicate_of: None,
        };
        let v = article_view(a, vec![]);
        let chars: Vec<char> = v.text.chars().collect();
        let place = v.annotations.iter().find(|a| a.kind == "place").unwrap();
        let s: String = chars[place.start..place.end].iter().collect();
        assert_eq!(s, doc.span_text(doc.places[0].span));
    }

    #[test]
    fn bad_spans_are_dropped_with_warning() {
        let mut doc = crate::sample::document(1);
        doc.places[0].span = rasd_doc::Span::new(1, 10_000);
        let a = StoredArticle {
            doc,
            ingested_at: String::new(),
            event_ids: vec![],
            duplicate_of: None,
        };
        let v = article_view(a, vec![]);
        assert!(v.annotations.iter().all(|a| a.kind != "place"));
        assert!(v.warnings.iter().any(|w| w.contains("not valid")));
    }

    #[test]
    fn urls_and_xml() {
        assert_eq!(safe_url(Some("javascript:alert(1)")), None);
        assert_eq!(
            safe_url(Some("https://x.org/a")),
            Some("https://x.org/a".into())
        );
        assert_eq!(
            xml_escape("<a href='x'>&\u{1}"),
            "&lt;a href=&apos;x&apos;&gt;&amp;"
        );
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
    }
}
