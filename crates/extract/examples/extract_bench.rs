//! Stand-alone twin of `rasd bench extract` (usable while the CLI does not build):
//! `cargo run --release -p rasd-extract --example extract_bench -- DIR [PRED_DIR] [PASSES]`.
use std::path::{Path, PathBuf};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(dir) = args.get(1) else {
        eprintln!("usage: bench DIR [PRED_DIR] [PASSES]");
        return;
    };
    let pred = args.get(2).filter(|s| s.as_str() != "-").map(PathBuf::from);
    let passes: usize = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(3);
    let d = Path::new(dir);
    let hd = if d.join("html").is_dir() {
        d.join("html")
    } else {
        d.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&hd)
        .map(|r| r.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    files.sort();
    let mut pages = Vec::new();
    for f in files {
        let name = f
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .to_string();
        let Some(id) = name
            .strip_suffix(".html.gz")
            .or(name.strip_suffix(".html"))
            .map(str::to_string)
        else {
            continue;
        };
        if let Some(Ok(rec)) = rasd_ingest::read_path(&f).next() {
            pages.push((id, rec));
        }
    }
    let bytes: usize = pages
        .iter()
        .map(|(_, r)| {
            if let rasd_ingest::Body::Html(b) = &r.body {
                b.len()
            } else {
                0
            }
        })
        .sum();
    let mb = bytes as f64 / 1e6;
    if let Some(out) = &pred {
        std::fs::create_dir_all(out).ok();
        for (id, rec) in &pages {
            let ex = rasd_extract::extract(rec);
            let v = serde_json::json!({"id": id, "articleBody": ex.doc.text, "title": ex.doc.meta.title, "datePublished": ex.doc.meta.published, "author": ex.doc.meta.author, "evidence": ex.doc.meta.published_evidence});
            std::fs::write(out.join(format!("{id}.json")), v.to_string()).ok();
        }
    }
    let mut times = Vec::new();
    for _ in 0..passes {
        let t = Instant::now();
        for (_, rec) in &pages {
            std::hint::black_box(rasd_extract::extract(rec));
        }
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let m = times[times.len() / 2];
    println!(
        "{} pages, {:.1} MB: median {:.3} s = {:.1} pages/s, {:.1} MB/s",
        pages.len(),
        mb,
        m,
        pages.len() as f64 / m,
        mb / m
    );
}
