//! `rasd bench annotate`: annotate and whole-pipeline throughput (articles/s and MB/s per core,
//! and on all cores) and peak memory, on the bundled samples scaled up or on a JSONL corpus.

use anyhow::Context;
use rasd_doc::annotate::InputRecord;
use rasd_doc::Document;
use rasd_pipeline::Pipeline;
use rayon::prelude::*;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// A JSONL corpus (`{id?, text, published?}` lines, e.g. ../shared/corpus/news_ar.jsonl).
    /// Without it, the HTML samples under --samples are extracted and scaled up.
    #[arg(long)]
    input: Option<PathBuf>,
    /// Directory of sample inputs (any kind `rasd extract` reads).
    #[arg(long, default_value = "samples")]
    samples: PathBuf,
    /// Number of articles to process (inputs are repeated to reach it).
    #[arg(long, default_value_t = 2000)]
    articles: usize,
    /// Also time single long articles (the inputs joined) of a quarter, a half and all of this
    /// many KB, one core: the time per KB should stay flat (annotation is linear in length).
    #[arg(long)]
    long_kb: Option<usize>,
}

/// Peak resident memory of this process in MB (VmHWM), if the OS tells.
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn report(name: &str, n: usize, bytes: usize, secs: f64, threads: usize) {
    println!(
        "{name:<34} {n:>7} articles {:>9.1} articles/s {:>8.2} MB/s  ({threads} thread{})",
        n as f64 / secs,
        bytes as f64 / 1e6 / secs,
        if threads == 1 { "" } else { "s" }
    );
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // 1. Load base documents.
    let mut html_records = Vec::new();
    let base: Vec<Document> = match &args.input {
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("cannot read {}", p.display()))?;
            text.lines()
                .enumerate()
                .filter_map(|(i, l)| {
                    serde_json::from_str::<InputRecord>(l)
                        .ok()
                        .map(|r| r.into_document(i + 1))
                })
                .filter(|d| !d.text.is_empty())
                .collect()
        }
        None => {
            let mut docs = Vec::new();
            for rec in rasd_ingest::read_paths(std::slice::from_ref(&args.samples)).flatten() {
                let ex = rasd_extract::extract(&rec);
                if !ex.doc.text.is_empty() {
                    docs.push(ex.doc);
                }
                if matches!(rec.body, rasd_ingest::Body::Html(_)) {
                    html_records.push(rec);
                }
            }
            docs
        }
    };
    anyhow::ensure!(
        !base.is_empty(),
        "no articles found to benchmark (give --input FILE.jsonl or --samples DIR)"
    );
    let docs: Vec<Document> = (0..args.articles)
        .map(|i| {
            let mut d = base[i % base.len()].clone();
            d.id = format!("{}-{i}", d.id);
            d
        })
        .collect();
    let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
    println!(
        "corpus: {} articles ({} distinct), {:.1} MB of text, mean {:.1} KB/article",
        docs.len(),
        base.len(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / docs.len() as f64
    );

    let t = Instant::now();
    let pipeline = Pipeline::new();
    println!(
        "{:<34} {:>8.1} ms",
        "load resources (gazetteer, lexicons)",
        t.elapsed().as_secs_f64() * 1e3
    );

    // 2. Annotate, one core.
    let mut one = docs.clone();
    let t = Instant::now();
    for d in one.iter_mut() {
        pipeline.annotate(d);
    }
    report(
        "annotate (text → events)",
        one.len(),
        bytes,
        t.elapsed().as_secs_f64(),
        1,
    );
    let events: usize = one.iter().map(|d| d.events.len()).sum();
    drop(one);

    // 3. Annotate, all cores.
    let mut all = docs.clone();
    let t = Instant::now();
    all.par_iter_mut().for_each(|d| pipeline.annotate(d));
    report(
        "annotate (text → events)",
        all.len(),
        bytes,
        t.elapsed().as_secs_f64(),
        rayon::current_num_threads(),
    );
    drop(all);

    // 4. Whole pipeline from HTML (extract + annotate), one core, when samples were HTML.
    if !html_records.is_empty() {
        let n = args.articles;
        let html_bytes: usize = (0..n)
            .map(|i| match &html_records[i % html_records.len()].body {
                rasd_ingest::Body::Html(b) => b.len(),
                rasd_ingest::Body::Text(t) => t.len(),
            })
            .sum();
        let t = Instant::now();
        let mut ev = 0usize;
        for i in 0..n {
            let mut d = rasd_extract::extract(&html_records[i % html_records.len()]).doc;
            pipeline.annotate(&mut d);
            ev += d.events.len();
        }
        report(
            "pipeline (HTML → events)",
            n,
            html_bytes,
            t.elapsed().as_secs_f64(),
            1,
        );
        let _ = ev;
    }
    // 5. Long single articles: linear scaling.
    if let Some(kb) = args.long_kb.filter(|k| *k > 0) {
        let target = kb * 1024;
        let mut joined = String::with_capacity(target + 4096);
        while joined.len() < target {
            for d in &base {
                joined.push_str(&d.text);
                joined.push_str("\n\n");
                if joined.len() >= target {
                    break;
                }
            }
        }
        for frac in [4, 2, 1] {
            let mut n = target / frac;
            while !joined.is_char_boundary(n) {
                n -= 1;
            }
            let mut d = base[0].clone();
            d.id = format!("long-{}", n / 1024);
            d.text = joined[..n].to_string();
            let t = Instant::now();
            pipeline.annotate(&mut d);
            let ms = t.elapsed().as_secs_f64() * 1e3;
            println!(
                "long article {:>6} KB: {ms:>8.1} ms ({:.2} ms/KB), {} places, {} events{}",
                n / 1024,
                ms / (n as f64 / 1024.0),
                d.places.len(),
                d.events.len(),
                if d.warnings.is_empty() {
                    ""
                } else {
                    " (with warnings: too long for event coding)"
                }
            );
        }
    }
    println!(
        "events coded per article: {:.2}",
        events as f64 / docs.len() as f64
    );
    if let Some(mb) = peak_rss_mb() {
        println!("peak memory (VmHWM): {mb:.0} MB");
    }
    Ok(())
}
