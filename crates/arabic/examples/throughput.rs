//! Quick single-thread throughput check of the language core without building the whole CLI
//! (`rasd bench arabic` is the reference benchmark):
//! `cargo run --release -p rasd-arabic --example throughput -- FILE.jsonl [MB]`

use rasd_doc::Document;
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: throughput FILE.jsonl [MB]");
        std::process::exit(2);
    };
    let mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let raw = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"));
    let base: Vec<String> = raw
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some(v.get("text")?.as_str()?.to_string()))
        .collect();
    let base_bytes: usize = base.iter().map(String::len).sum::<usize>().max(1);
    let reps = (mb * 1_000_000).div_ceil(base_bytes);
    let docs: Vec<&str> = (0..reps)
        .flat_map(|_| base.iter().map(String::as_str))
        .collect();
    let total: usize = docs.iter().map(|d| d.len()).sum();
    let rate = |name: &str, t: (Instant, f64)| {
        let s = t.0.elapsed().as_secs_f64();
        let cpu = cpu_secs() - t.1;
        println!(
            "{name:<12} {:>7.1} MB/s wall  {:>7.1} MB/s cpu",
            total as f64 / 1e6 / s,
            total as f64 / 1e6 / cpu
        );
    };
    let mut sink = 0usize;
    let t = (Instant::now(), cpu_secs());
    for d in &docs {
        sink += rasd_arabic::normalize(d).text.len();
    }
    rate("normalize", t);
    let t = (Instant::now(), cpu_secs());
    for d in &docs {
        sink += rasd_arabic::tokens(d).count();
    }
    rate("tokens", t);
    let t = (Instant::now(), cpu_secs());
    for d in &docs {
        sink += rasd_arabic::tokenize_with_stems(d).len();
    }
    rate("tok+stems", t);
    let t = (Instant::now(), cpu_secs());
    let mut segd = Vec::new();
    for d in &docs {
        let mut doc = Document::new("x", *d);
        rasd_arabic::segment(&mut doc);
        sink += doc.sentences.len();
        if segd.len() < base.len() {
            segd.push(doc);
        }
    }
    rate("segment", t);
    let t = (Instant::now(), cpu_secs());
    for d in &docs {
        rasd_arabic::index_terms(d, |_, _, x| sink += x.len());
    }
    rate("index_terms", t);
    let t = (Instant::now(), cpu_secs());
    for _ in 0..reps {
        for doc in segd.iter_mut() {
            rasd_arabic::tag_numbers(doc);
            sink += doc.numbers.len();
        }
    }
    rate("numbers", t);
    std::hint::black_box(sink);
}

/// CPU time of this thread in seconds (Linux `/proc/thread-self/schedstat`; 0 elsewhere).
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}
