//! `rasd bench extract DIR [--pred OUT_DIR] [--passes 3]`: article-extraction throughput
//! on a benchmark directory (`DIR/html/*.html.gz`, or `*.html[.gz]` directly in DIR).
//!
//! All pages are loaded (and decompressed) into memory first; extraction then runs
//! on ONE thread (pin the process with `taskset -c 0` for stable figures), with
//! title/date/author extraction on. Reports pages/s and MB/s (HTML bytes) as the
//! median of the passes, and writes one prediction JSON per page for the reference
//! scorer: `{"id","articleBody","title","datePublished"}`.

use anyhow::Context;
use rasd_ingest::{Body, Record};
use std::path::{Path, PathBuf};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Benchmark directory (with `html/*.html.gz`) or a directory of pages.
    dir: PathBuf,
    /// Write one prediction JSON per page into this directory.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Timed passes over all pages (the median is reported).
    #[arg(long, default_value_t = 3)]
    passes: usize,
}

fn page_id(p: &Path) -> String {
    let name = p
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    for suf in [".html.gz", ".htm.gz", ".html", ".htm", ".gz"] {
        if let Some(s) = name.strip_suffix(suf) {
            return s.to_string();
        }
    }
    name
}

fn load(dir: &Path) -> anyhow::Result<Vec<(String, Record)>> {
    let html_dir = if dir.join("html").is_dir() {
        dir.join("html")
    } else {
        dir.to_path_buf()
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(&html_dir)
        .with_context(|| format!("cannot list {}", html_dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let n = p.to_string_lossy();
            n.ends_with(".html.gz")
                || n.ends_with(".html")
                || n.ends_with(".htm")
                || n.ends_with(".htm.gz")
        })
        .collect();
    files.sort();
    let mut pages = Vec::with_capacity(files.len());
    for f in files {
        let mut got = false;
        for r in rasd_ingest::read_path(&f) {
            match r {
                Ok(rec) => {
                    pages.push((page_id(&f), rec));
                    got = true;
                    break;
                }
                Err(e) => eprintln!("skipped: {e}"),
            }
        }
        if !got {
            eprintln!("skipped: {}: no record", f.display());
        }
    }
    Ok(pages)
}

fn body_len(r: &Record) -> usize {
    match &r.body {
        Body::Html(b) => b.len(),
        Body::Text(t) => t.len(),
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let pages = load(&args.dir)?;
    anyhow::ensure!(
        !pages.is_empty(),
        "no pages (*.html.gz / *.html) found in {}",
        args.dir.display()
    );
    let bytes: usize = pages.iter().map(|(_, r)| body_len(r)).sum();
    let mb = bytes as f64 / 1e6;
    eprintln!("loaded {} pages, {:.1} MB of HTML", pages.len(), mb);

    // Predictions (also a warm-up pass).
    if let Some(out) = &args.pred {
        std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
        for (id, rec) in &pages {
            let ex = rasd_extract::extract(rec);
            let d = &ex.doc;
            let v = serde_json::json!({
                "id": id,
                "articleBody": d.text,
                "title": d.meta.title,
                "datePublished": d.meta.published,
                "author": d.meta.author,
            });
            let path = out.join(format!("{id}.json"));
            std::fs::write(&path, serde_json::to_vec(&v)?)
                .with_context(|| format!("cannot write {}", path.display()))?;
        }
    } else {
        for (_, rec) in &pages {
            std::hint::black_box(rasd_extract::extract(rec));
        }
    }

    let mut times = Vec::new();
    for pass in 0..args.passes.max(1) {
        let t = Instant::now();
        let mut chars = 0usize;
        for (_, rec) in &pages {
            let ex = rasd_extract::extract(rec);
            chars += ex.doc.text.len();
            std::hint::black_box(&ex);
        }
        let s = t.elapsed().as_secs_f64();
        eprintln!(
            "pass {}: {:.3} s ({:.1} pages/s, {:.1} MB/s, {} bytes of text)",
            pass + 1,
            s,
            pages.len() as f64 / s,
            mb / s,
            chars
        );
        times.push(s);
    }
    times.sort_by(|a, b| a.total_cmp(b));
    let med = times[times.len() / 2];
    println!(
        "extract: {} pages, {:.1} MB, one thread, median of {} passes: {:.3} s = {:.1} pages/s, {:.1} MB/s",
        pages.len(),
        mb,
        times.len(),
        med,
        pages.len() as f64 / med,
        mb / med
    );
    Ok(())
}
