//! `cargo run --release -p rasd-geo --example geo_bench [FILE.jsonl] [MB]`: the same measurement as
//! `rasd bench geo` without building the whole CLI.
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let texts: Vec<String> = match args.first() {
        Some(p) => std::fs::read_to_string(p)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(String::from))
            .collect(),
        None => vec![
            "قصفت قوات النظام بلدات البارة وكنصفرة في جبل الزاوية بريف إدلب الجنوبي.".to_string(),
        ],
    };
    let mb: usize = args.get(1).and_then(|s| s.parse().ok()).unwrap_or(20);
    let r = rasd_geo::bench::run(&texts, mb * 1_000_000);
    println!(
        "load {:.1} ms; RSS {:?} -> {:?} kB; {} entries, {} names; {:.1} MB in {:.2} s = {:.1} MB/s wall, {:.1} MB per CPU-s; {} places ({} with coordinates)",
        r.load_ms, r.rss_before_kb, r.rss_after_kb, r.entries, r.names, r.bytes as f64 / 1e6, r.secs, r.mb_per_s(), r.mb_per_cpu_s().unwrap_or(0.0), r.places, r.with_coords
    );
}
