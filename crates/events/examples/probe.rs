//! Debug helper: `cargo run -p rasd-events --example probe -- GOLD.jsonl "sentence"` codes one sentence,
//! with places taken from the gold file's place lists when their surface occurs in it (measurement aid only).

use rasd_doc::{Document, PlaceAnn, Span};
use rasd_events::Coder;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let gold = rasd_eval::read_gold(std::path::Path::new(&args[1])).expect("gold");
    let text = args[2].clone();
    let mut doc = Document::new("probe", text.clone());
    doc.meta.published = Some("2020-01-01".into());
    for g in &gold {
        for p in &g.gold.places {
            if let Some(s) = text.find(&p.text) {
                let sp = Span::new(s, s + p.text.len());
                if doc.places.iter().any(|x| x.span.overlaps(&sp)) {
                    continue;
                }
                doc.places.push(PlaceAnn {
                    span: sp,
                    name: p.name_en.clone().unwrap_or_default(),
                    kind: p.kind.clone().unwrap_or_default(),
                    geo_precision: 1,
                    ..Default::default()
                });
            }
        }
    }
    doc.places.sort_by_key(|p| p.span.start);
    Coder::embedded().annotate(&mut doc);
    for p in &doc.places {
        println!("place {:?} {} {}", doc.span_text(p.span), p.name, p.kind);
    }
    for e in &doc.entities {
        println!("entity {:?} {}", doc.span_text(e.span), e.etype.as_str());
    }
    for e in &doc.events {
        println!(
            "{} / {} | {:?} | a1={:?} a2={:?} f={:?} i={:?} {:?}",
            e.event_type,
            e.sub_event_type,
            e.location,
            e.actor1,
            e.actor2,
            e.fatalities,
            e.injuries,
            e.notes
        );
    }
}
