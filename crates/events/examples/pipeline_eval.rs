//! Measurement: run the same stages as `rasd annotate` (segmentation, numbers, dates, places, then this
//! coder) on a gold file and score it, without building the whole CLI.
//!
//! `cargo run -p rasd-events --features pipeline-eval --example pipeline_eval -- GOLD.jsonl [--errors]`

use rasd_doc::annotate::{AnnotatedRecord, InputRecord};
use rasd_events::Coder;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/eval/dev.jsonl".into());
    let errors = args.iter().any(|a| a == "--errors");
    let gold = match rasd_eval::read_gold(std::path::Path::new(&path)) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let gaz = rasd_geo::Gazetteer::embedded();
    let coder = Coder::embedded();
    let mut preds = Vec::new();
    let mut coder_time = std::time::Duration::ZERO;
    let mut bytes = 0;
    for (i, g) in gold.iter().enumerate() {
        let rec: InputRecord = match serde_json::from_str(&g.raw) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("line {}: {e}", i + 1);
                continue;
            }
        };
        let mut doc = rec.into_document(i + 1);
        bytes += doc.text.len();
        rasd_arabic::segment(&mut doc);
        rasd_arabic::tag_numbers(&mut doc);
        rasd_time::tag_dates(&mut doc);
        gaz.annotate(&mut doc);
        let t0 = std::time::Instant::now();
        coder.annotate(&mut doc);
        coder_time += t0.elapsed();
        if let Err(e) = doc.validate() {
            eprintln!("{}: invalid span: {e}", doc.id);
        }
        if let Some(pos) = args.iter().position(|a| a == "--show") {
            if args
                .get(pos + 1)
                .is_some_and(|id| doc.id.contains(id.as_str()))
            {
                for p in &doc.places {
                    println!(
                        "PLACE {:?} {} {} {:?}",
                        doc.span_text(p.span),
                        p.name,
                        p.kind,
                        p.country
                    );
                }
                for (k, x) in doc.sentences.iter().enumerate() {
                    println!(
                        "SENT {k} {}",
                        doc.span_text(*x).chars().take(90).collect::<String>()
                    );
                }
                for d in &doc.dates {
                    println!(
                        "DATE {:?} {} {:?}",
                        doc.span_text(d.span),
                        d.value,
                        d.precision
                    );
                }
                for e in &doc.events {
                    println!(
                        "SHOW {} / {} | {:?} p{} | {:?} | a1={:?} a2={:?} | f={:?} | {:?} | {:?}",
                        e.event_type,
                        e.sub_event_type,
                        e.date,
                        e.time_precision,
                        e.location,
                        e.actor1,
                        e.actor2,
                        e.fatalities,
                        e.salience,
                        e.notes
                    );
                }
            }
        }
        preds.push(AnnotatedRecord::from_document(&doc));
    }
    let r = rasd_eval::score(&gold, &preds, errors);
    print!("{}", rasd_eval::render_table(&r));
    if errors {
        for e in &r.errors {
            if e.layer == "events" || e.layer == "entities" {
                println!(
                    "[{}] {} {} {:?} {} || {}",
                    e.article,
                    e.layer,
                    e.kind,
                    e.text,
                    e.detail,
                    e.sentence.chars().take(160).collect::<String>()
                );
            }
        }
    }
    eprintln!(
        "coder: {} bytes in {:.1} ms",
        bytes,
        coder_time.as_secs_f64() * 1000.0
    );
}
