//! Development harness: score the event coder on a gold file with the gold date and place layers
//! given as input ("oracle" upstream), so the coder is measured independently of rasd-time and rasd-geo.
//!
//! `cargo run -p rasd-events --example dev_eval -- GOLD.jsonl [--errors]`
//!
//! Measurement only: nothing here is used by the library.

use rasd_doc::annotate::{AnnotatedRecord, InputRecord};
use rasd_doc::{DateAnn, DatePrecision, PlaceAnn, Span};
use rasd_events::Coder;

fn occurrences(text: &str, pat: &str) -> Vec<(usize, usize)> {
    if pat.is_empty() {
        return Vec::new();
    }
    text.match_indices(pat)
        .map(|(i, m)| (i, i + m.len()))
        .collect()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let path = args
        .get(1)
        .cloned()
        .unwrap_or_else(|| "../shared/eval/dev.jsonl".into());
    let errors = args.iter().any(|a| a == "--errors");
    let no_oracle = args.iter().any(|a| a == "--no-oracle");
    let gold = match rasd_eval::read_gold(std::path::Path::new(&path)) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(2);
        }
    };
    let coder = Coder::embedded();
    let mut preds = Vec::new();
    let mut bench_docs: Vec<rasd_doc::Document> = Vec::new();
    let t0 = std::time::Instant::now();
    let mut bytes = 0usize;
    for g in &gold {
        let rec: InputRecord = serde_json::from_str(&g.raw).expect("gold line is JSON");
        let mut doc = rec.into_document(0);
        bytes += doc.text.len();
        if !no_oracle {
            let mut places: Vec<PlaceAnn> = Vec::new();
            let mut gp: Vec<_> = g.gold.places.iter().collect();
            gp.sort_by_key(|p| std::cmp::Reverse(p.text.len()));
            for p in gp {
                for (s, e) in occurrences(&doc.text, &p.text) {
                    let sp = Span::new(s, e);
                    if places.iter().any(|x| x.span.overlaps(&sp)) {
                        continue;
                    }
                    places.push(PlaceAnn {
                        span: sp,
                        name: p.name_en.clone().unwrap_or_default(),
                        kind: p.kind.clone().unwrap_or_default(),
                        lat: p.lat,
                        lon: p.lon,
                        country: None,
                        geo_precision: 1,
                        ..Default::default()
                    });
                }
            }
            // Country and admin1 from the raw gold JSON (not in rasd-eval's struct).
            let raw: serde_json::Value = serde_json::from_str(&g.raw).expect("json");
            if let Some(arr) = raw["gold"]["places"].as_array() {
                for pl in places.iter_mut() {
                    let surface = &doc.text[pl.span.range()];
                    if let Some(v) = arr.iter().find(|v| v["text"].as_str() == Some(surface)) {
                        pl.country = v["country"].as_str().map(str::to_string);
                        pl.admin1 = v["admin1"].as_str().map(str::to_string);
                    }
                }
            }
            places.sort_by_key(|p| p.span.start);
            doc.places = places;
            let mut dates: Vec<DateAnn> = Vec::new();
            for d in &g.gold.dates {
                for (s, e) in occurrences(&doc.text, &d.text) {
                    let sp = Span::new(s, e);
                    if dates.iter().any(|x| x.span.overlaps(&sp)) {
                        continue;
                    }
                    let precision = match d.precision.as_str() {
                        "month" => DatePrecision::Month,
                        "year" => DatePrecision::Year,
                        "range" => DatePrecision::Range,
                        _ => DatePrecision::Day,
                    };
                    dates.push(DateAnn {
                        span: sp,
                        value: d.value.clone(),
                        precision,
                        time: None,
                        future: false,
                        rule: "oracle".into(),
                    });
                }
            }
            dates.sort_by_key(|d| d.span.start);
            doc.dates = dates;
        }
        if args.iter().any(|a| a == "--bench") {
            bench_docs.push(doc.clone());
        }
        coder.annotate(&mut doc);
        if let Err(e) = doc.validate() {
            eprintln!("{}: invalid span: {e}", doc.id);
        }
        if let Some(pos) = args.iter().position(|a| a == "--show") {
            if args
                .get(pos + 1)
                .is_some_and(|id| doc.id.contains(id.as_str()))
            {
                for e in &doc.events {
                    println!(
                        "SHOW {} / {} | {:?} p{} | {:?} | a1={:?} a2={:?} | f={:?} i={:?} | {:?} | {:?} || {}",
                        e.event_type, e.sub_event_type, e.date, e.time_precision, e.location, e.actor1, e.actor2,
                        e.fatalities, e.injuries, e.salience, e.notes, doc.span_text(e.evidence).chars().take(100).collect::<String>()
                    );
                }
            }
        }
        preds.push(AnnotatedRecord::from_document(&doc));
    }
    let dt = t0.elapsed();
    if !bench_docs.is_empty() {
        let rounds = 50;
        let total: usize = bench_docs.iter().map(|d| d.text.len()).sum::<usize>() * rounds;
        let t = std::time::Instant::now();
        for _ in 0..rounds {
            for d in &bench_docs {
                let mut d = d.clone();
                coder.annotate(&mut d);
            }
        }
        let secs = t.elapsed().as_secs_f64();
        eprintln!(
            "bench: {} docs x {rounds} rounds, {:.2} MB/s, {:.0} articles/s (3 KB-equivalent) on one core",
            bench_docs.len(),
            total as f64 / secs / 1e6,
            total as f64 / 3000.0 / secs
        );
    }
    if let Some(pos) = args.iter().position(|a| a == "--dump") {
        if let Some(path) = args.get(pos + 1) {
            let lines: Vec<String> = preds
                .iter()
                .filter_map(|p| serde_json::to_string(p).ok())
                .collect();
            if let Err(e) = std::fs::write(path, lines.join("\n")) {
                eprintln!("{path}: {e}");
            }
        }
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
        "{} articles, {} bytes in {:.1} ms",
        gold.len(),
        bytes,
        dt.as_secs_f64() * 1000.0
    );
}
