//! Throughput of `rasd_time::resolve` on a JSONL file (`text`, `published`), single thread.
//! `cargo run --release -p rasd-time --example time_bench -- FILE [MIN_MB]` (the CLI equivalent is `rasd bench time FILE`).
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: time_bench FILE.jsonl [MIN_MB]");
        std::process::exit(2);
    };
    let min_mb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let src = std::fs::read_to_string(path).unwrap_or_else(|e| {
        eprintln!("cannot read {path}: {e}");
        std::process::exit(1)
    });
    let docs: Vec<(String, Option<rasd_time::Ymd>)> = src
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .map(|j| {
            (
                j["text"].as_str().unwrap_or("").to_string(),
                j["published"].as_str().and_then(rasd_time::parse_ymd),
            )
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    if bytes == 0 {
        eprintln!("no text in {path}");
        std::process::exit(1);
    }
    let _ = rasd_time::resolve("", None);
    let (mut done, mut found) = (0usize, 0usize);
    let t0 = Instant::now();
    while done < min_mb * 1_000_000 {
        for (t, p) in &docs {
            found += rasd_time::resolve(t, *p).len();
            done += t.len();
        }
    }
    let s = t0.elapsed().as_secs_f64();
    println!(
        "{:.1} MB in {:.2} s = {:.1} MB/s single thread; {} expressions",
        done as f64 / 1e6,
        s,
        done as f64 / 1e6 / s,
        found
    );
}
