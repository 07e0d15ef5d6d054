//! Read JSONL records (`text`, `published`, optional `id`) on stdin and print,
//! per record, the time expressions found: `{"id", "dates": [{start, end, text, value, precision, time, rule}]}`
//! with code-point offsets. A debugging aid: `cargo run -p rasd-time --example time_dump < file.jsonl`.
use std::io::{BufRead, Write};

fn main() {
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for (no, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else { break };
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            eprintln!("line {}: not JSON", no + 1);
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let published = v["published"].as_str().and_then(rasd_time::parse_ymd);
        let r = rasd_time::resolve_full(text, published);
        let dates: Vec<serde_json::Value> = r
            .dates
            .iter()
            .map(|d| {
                let s = text[..d.span.start as usize].chars().count();
                let t = &text[d.span.range()];
                serde_json::json!({"start": s, "end": s + t.chars().count(), "text": t, "value": d.value,
                    "precision": d.precision.as_str(), "time": d.time, "rule": d.rule, "future": d.future})
            })
            .collect();
        let o = serde_json::json!({"id": v["id"], "published": v["published"], "dates": dates, "warnings": r.warnings});
        let _ = writeln!(out, "{o}");
    }
}
