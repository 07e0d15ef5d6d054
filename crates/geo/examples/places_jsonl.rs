//! Read JSONL records with `id` and `text` on stdin, print `{"id", "places": [...]}` per line.
//! A development helper for measuring the geocoder against annotated files.
use std::io::{BufRead, Write};

fn main() {
    let g = rasd_geo::Gazetteer::embedded();
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    for line in stdin.lock().lines().map_while(Result::ok) {
        let Ok(v) = serde_json::from_str::<serde_json::Value>(&line) else {
            continue;
        };
        let text = v["text"].as_str().unwrap_or("");
        let places = g.find_places(text);
        let rec = serde_json::json!({"id": v["id"], "places": places});
        let _ = writeln!(out, "{rec}");
    }
}
