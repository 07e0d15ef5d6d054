//! Data-driven test: `data/cases.jsonl` (hand-written fictional articles with hand-made place and date
//! layers) must give the events in `data/cases.expected.jsonl`. Refresh with `RASD_BLESS=1`.

use rasd_doc::{DateAnn, DatePrecision, Document, PlaceAnn, Span};
use rasd_events::Coder;
use serde_json::{json, Value};

fn doc_of(v: &Value) -> Document {
    let text = v["text"].as_str().unwrap_or("").to_string();
    let mut d = Document::new(v["id"].as_str().unwrap_or("case"), text.clone());
    d.meta.published = v["published"].as_str().map(str::to_string);
    d.meta.source = v["source"].as_str().map(str::to_string);
    for p in v["places"].as_array().into_iter().flatten() {
        let surface = p[0].as_str().unwrap_or("");
        for (s, _) in text.match_indices(surface) {
            d.places.push(PlaceAnn {
                span: Span::new(s, s + surface.len()),
                name: p[1].as_str().unwrap_or("").into(),
                kind: p[2].as_str().unwrap_or("").into(),
                admin1: p[3].as_str().map(str::to_string),
                country: p[4].as_str().map(str::to_string),
                lat: p[5].as_f64(),
                lon: p[6].as_f64(),
                geo_precision: 1,
                ..Default::default()
            });
        }
    }
    d.places.sort_by_key(|p| p.span.start);
    for x in v["dates"].as_array().into_iter().flatten() {
        let surface = x[0].as_str().unwrap_or("");
        if let Some(s) = text.find(surface) {
            let precision = if x[2].as_str() == Some("range") {
                DatePrecision::Range
            } else {
                DatePrecision::Day
            };
            d.dates.push(DateAnn {
                span: Span::new(s, s + surface.len()),
                value: x[1].as_str().unwrap_or("").into(),
                precision,
                time: None,
                future: false,
                rule: "test".into(),
            });
        }
    }
    d
}

fn summary(d: &Document) -> Value {
    let events: Vec<Value> = d
        .events
        .iter()
        .map(|e| {
            json!({
                "type": format!("{} / {}", e.event_type, e.sub_event_type),
                "plover": e.plover,
                "date": e.date, "time_precision": e.time_precision,
                "location": e.location,
                "actor1": e.actor1, "actor2": e.actor2,
                "fatalities": e.fatalities, "injuries": e.injuries,
                "claimed_by": e.claimed_by,
                "salience": e.salience,
                "evidence": d.span_text(e.evidence),
            })
        })
        .collect();
    let entities: Vec<String> = d
        .entities
        .iter()
        .map(|e| format!("{} {}", e.etype.as_str(), d.span_text(e.span)))
        .collect();
    json!({ "id": d.id, "events": events, "entities": entities })
}

#[test]
fn cases_match_expected() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let input = std::fs::read_to_string(dir.join("cases.jsonl")).expect("cases.jsonl");
    let got: Vec<String> = input
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let v: Value = serde_json::from_str(l).expect("case line is JSON");
            let mut d = doc_of(&v);
            Coder::embedded().annotate(&mut d);
            assert!(d.validate().is_ok());
            serde_json::to_string(&summary(&d)).expect("json")
        })
        .collect();
    let expected_path = dir.join("cases.expected.jsonl");
    if std::env::var_os("RASD_BLESS").is_some() {
        std::fs::write(&expected_path, got.join("\n") + "\n").expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&expected_path)
        .expect("cases.expected.jsonl (run with RASD_BLESS=1)");
    let exp: Vec<&str> = expected.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(exp.len(), got.len());
    for (e, g) in exp.iter().zip(&got) {
        assert_eq!(e, g);
    }
}
