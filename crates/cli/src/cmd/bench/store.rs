//! `rasd bench store`: end-to-end ingest rate, bulk-load rate, search and event-query latency,
//! and peak memory, on a synthetic corpus (`rasd_store::synth`).
//!
//! Phases:
//! 1. end to end: writes `--e2e-articles` raw articles as JSONL and runs the real `rasd ingest`
//!    driver (read → extract → annotate → dedup → store) into a fresh database;
//! 2. bulk load: stores `--articles` pre-annotated synthetic documents (the fast path used to
//!    build large databases) into `--db` (or a temporary directory);
//! 3. queries: `--queries` full-text searches and event queries with varied filters, p50/p95.

use crate::cmd::ingest::{ingest_paths, IngestOptions};
use rasd_store::{synth, EventFilter, EventSort, SearchQuery, Store};
use std::io::Write;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// Pre-annotated articles to bulk-load (the large database for query latency).
    #[arg(long, default_value_t = 100_000)]
    articles: usize,
    /// Raw articles for the end-to-end ingest phase (0 to skip).
    #[arg(long, default_value_t = 5_000)]
    e2e_articles: usize,
    /// Database directory for the bulk load (kept); default a temporary directory (removed).
    /// If it already holds at least --articles articles, the load is skipped.
    #[arg(long)]
    db: Option<PathBuf>,
    /// Days the synthetic corpus spans.
    #[arg(long, default_value_t = 730)]
    days: i64,
    /// Number of search and of event queries to time.
    #[arg(long, default_value_t = 300)]
    queries: usize,
    /// Documents per transaction in the bulk load.
    #[arg(long, default_value_t = 5_000)]
    batch: usize,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

/// Peak resident memory (VmHWM) of this process in MB, if /proc is available.
pub fn peak_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn percentile(v: &mut [f64], p: f64) -> f64 {
    if v.is_empty() {
        return 0.0;
    }
    v.sort_by(|a, b| a.total_cmp(b));
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i.min(v.len() - 1)]
}

struct TempDir(PathBuf);
impl TempDir {
    fn new(tag: &str) -> std::io::Result<TempDir> {
        let p = std::env::temp_dir().join(format!(
            "rasd-bench-{tag}-{}-{}",
            std::process::id(),
            rasd_store::db::now_secs()
        ));
        std::fs::create_dir_all(&p)?;
        Ok(TempDir(p))
    }
}
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const SEARCH_WORDS: &[&str] = &[
    "قصف",
    "الدوريات",
    "بالمسلحين",
    "اشتباكات",
    "غارة جوية",
    "عبوة ناسفة",
    "الدفاع المدني",
    "مظاهرة",
    "اعتقالات",
    "سراقب",
    "إدلب",
    "منبج",
    "المدنيين",
    "الطريق الدولي",
    "\"وقف إطلاق النار\"",
    "المشافي",
    "هيئة تحرير الشام",
    "قوات النظام",
    "النزوح",
    "الكهرباء",
];

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut report = serde_json::Map::new();
    let mut say = |k: &str, v: serde_json::Value, human: String| {
        if !args.json && !human.is_empty() {
            eprintln!("{human}");
        }
        report.insert(k.to_string(), v);
    };
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    say("cores", cores.into(), format!("cores: {cores}"));

    // 1. End to end through the real driver.
    if args.e2e_articles > 0 {
        let tmp = TempDir::new("e2e")?;
        let input = tmp.0.join("corpus.jsonl");
        {
            let mut w = std::io::BufWriter::new(std::fs::File::create(&input)?);
            for d in synth::documents(args.e2e_articles, args.days, 77) {
                serde_json::to_writer(&mut w, &synth::raw_article(&d))?;
                w.write_all(b"\n")?;
            }
            w.flush()?;
        }
        let store = Store::open(&tmp.0.join("db"))?;
        let t = Instant::now();
        let s = ingest_paths(
            &store,
            std::slice::from_ref(&input),
            &IngestOptions {
                progress: false,
                ..Default::default()
            },
        )?;
        let secs = t.elapsed().as_secs_f64();
        let rate = s.records as f64 / secs;
        say("e2e_articles", s.records.into(), format!("end-to-end ingest: {} articles in {secs:.2} s = {rate:.0} articles/s (new {}, dup {}, near-dup {}, events {} new / {} merged)", s.records, s.put.new, s.put.duplicates, s.put.near_duplicates, s.put.events_new, s.put.events_merged));
        say("e2e_rate", rate.into(), String::new());
        let hwm = peak_rss_mb().unwrap_or(0.0);
        say(
            "e2e_peak_rss_mb",
            hwm.into(),
            format!("peak RSS after end-to-end phase: {hwm:.0} MB"),
        );
    }

    // 2. Bulk load.
    let tmp;
    let dir = match &args.db {
        Some(d) => d.clone(),
        None => {
            tmp = TempDir::new("bulk")?;
            tmp.0.clone()
        }
    };
    let store = Store::open(&dir)?;
    let have = store.article_count()?;
    if have < args.articles {
        let t = Instant::now();
        let mut batch = Vec::with_capacity(args.batch);
        let mut stored = 0usize;
        let mut last_print = Instant::now();
        for d in synth::documents(args.articles, args.days, 1).skip(have) {
            batch.push(d);
            if batch.len() >= args.batch {
                stored += store.put_documents(std::mem::take(&mut batch))?.documents;
                if !args.json && last_print.elapsed().as_secs() >= 10 {
                    eprintln!(
                        "  bulk load: {} / {} ({:.0}/s)",
                        have + stored,
                        args.articles,
                        stored as f64 / t.elapsed().as_secs_f64()
                    );
                    last_print = Instant::now();
                }
            }
        }
        stored += store.put_documents(batch)?.documents;
        let secs = t.elapsed().as_secs_f64();
        say(
            "bulk_articles",
            stored.into(),
            format!(
                "bulk load: {stored} pre-annotated articles in {secs:.1} s = {:.0} articles/s",
                stored as f64 / secs
            ),
        );
        say("bulk_rate", (stored as f64 / secs).into(), String::new());
    } else {
        say(
            "bulk_articles",
            0.into(),
            format!(
                "bulk load skipped: {} already holds {have} articles",
                dir.display()
            ),
        );
    }
    let n = store.article_count()?;
    let st = store.stats(&EventFilter::default())?;
    say(
        "db_articles",
        n.into(),
        format!(
            "database: {n} articles, {} events, {} event sources ({})",
            st.events,
            st.sources,
            dir.display()
        ),
    );

    // 3. Query latency.
    let mut rng = synth::Rng::new(5);
    let mut times = Vec::with_capacity(args.queries);
    let mut hits = 0usize;
    for i in 0..args.queries {
        let w1 = *rng.pick(SEARCH_WORDS);
        let text = if i % 3 == 0 {
            format!("{w1} {}", rng.pick(SEARCH_WORDS))
        } else {
            w1.to_string()
        };
        let mut q = SearchQuery {
            text,
            limit: 20,
            ..Default::default()
        };
        if i % 4 == 1 {
            q.date_from = Some("2023-06-01".into());
            q.date_to = Some("2023-12-31".into());
        }
        let t = Instant::now();
        hits += store.search(&q)?.items.len();
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95) = (percentile(&mut times, 0.5), percentile(&mut times, 0.95));
    say("search_p50_ms", p50.into(), format!("search ({} queries, top 20 with snippets): p50 {p50:.1} ms, p95 {p95:.1} ms, max {:.1} ms ({hits} hits)", args.queries, times.last().copied().unwrap_or(0.0)));
    say("search_p95_ms", p95.into(), String::new());

    let types = [
        "Battles",
        "Explosions/Remote violence",
        "Violence against civilians",
        "Protests",
        "Strategic developments",
    ];
    let places = ["Idlib", "Aleppo", "Saraqib", "Hama", "Deir-ez-Zor"];
    let mut times = Vec::with_capacity(args.queries);
    for i in 0..args.queries {
        let mut f = EventFilter {
            limit: 50,
            ..Default::default()
        };
        let m = 1 + rng.below(12);
        match i % 8 {
            0 => {}
            1 => f.event_type = Some(types[rng.below(types.len())].into()),
            2 => {
                f.date_from = Some(format!("2023-{m:02}-01"));
                f.date_to = Some(format!("2023-{m:02}-28"));
            }
            3 => f.place = Some(places[rng.below(places.len())].into()),
            4 => f.bbox = Some([36.3, 35.6, 37.0, 36.2]),
            5 => {
                f.near_road = Some("M4".into());
                f.road_km = Some(6.0);
                f.date_from = Some(format!("2024-{m:02}-01"));
            }
            6 => {
                f.min_fatalities = Some(8);
                f.sort = EventSort::FatalitiesDesc;
            }
            _ => {
                f.actor = Some("hayat tahrir".into());
                f.event_type = Some("Battles".into());
            }
        }
        let t = Instant::now();
        store.events(&f)?;
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    let (p50, p95) = (percentile(&mut times, 0.5), percentile(&mut times, 0.95));
    say("events_p50_ms", p50.into(), format!("event queries ({} queries, page of 50 + total): p50 {p50:.1} ms, p95 {p95:.1} ms, max {:.1} ms", args.queries, times.last().copied().unwrap_or(0.0)));
    say("events_p95_ms", p95.into(), String::new());
    let hwm = peak_rss_mb().unwrap_or(0.0);
    say(
        "peak_rss_mb",
        hwm.into(),
        format!("peak RSS (VmHWM, whole run): {hwm:.0} MB"),
    );
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    }
    Ok(())
}
