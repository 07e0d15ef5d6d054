//! `rasd bench store`: end-to-end ingest rate, bulk-load rate, search and event-query latency,
//! and peak memory, on a synthetic corpus (`rasd_store::synth`).
//!
//! Phases:
//! 1. end to end: writes `--e2e-articles` raw articles as JSONL and runs the real `rasd ingest`
//!    driver (read → extract → annotate → dedup → store) into a fresh database;
//! 2. bulk load: stores `--articles` pre-annotated synthetic documents (the fast path used to
//!    build large databases) into `--db` (or a temporary directory);
//! 3. queries: `--queries` full-text searches and event queries with varied filters, p50/p95;
//!    then the same event queries from the memory-resident event index (build time, size).

use crate::cmd::ingest::{ingest_paths, IngestOptions};
use rasd_store::{synth, EventFilter, EventSort, EventStore, PgStore, SearchQuery, Store};
use std::collections::BTreeMap;
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
    /// Database directory or postgres:// URL for the bulk load (kept); default a temporary
    /// directory (removed). If it already holds at least --articles articles, the load is
    /// skipped. On PostgreSQL the memory-index phase does not apply.
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

/// Current resident memory (VmRSS) of this process in MB, if /proc is available.
fn current_rss_mb() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
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

pub(super) struct TempDir(pub(super) PathBuf);
impl TempDir {
    pub(super) fn new(tag: &str) -> std::io::Result<TempDir> {
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

/// Random event filters of the kinds the UI and analysts use.
struct EventMix {
    days: i64,
    places: Vec<synth::Place>,
    governorates: Vec<&'static str>,
    actors: Vec<String>,
    outlets: Vec<String>,
}

const TYPES: &[(&str, &[&str])] = &[
    ("Battles", &["Armed clash"]),
    (
        "Explosions/Remote violence",
        &[
            "Shelling/artillery/missile attack",
            "Air/drone strike",
            "Remote explosive/landmine/IED",
        ],
    ),
    ("Violence against civilians", &["Attack"]),
    ("Protests", &["Peaceful protest"]),
    ("Strategic developments", &["Arrests"]),
];

const EVENT_WORDS: &[&str] = &[
    "قصف",
    "اشتباكات",
    "غارات",
    "عبوة",
    "مظاهرة",
    "اعتقالات",
    "مدنيين",
    "مسيرة",
    "الهاون",
    "جثث",
];

impl EventMix {
    fn new(days: i64) -> EventMix {
        let places = synth::places();
        let mut governorates: Vec<&'static str> = places.iter().map(|p| p.admin1).collect();
        governorates.sort_unstable();
        governorates.dedup();
        // Substrings analysts type: a distinctive word or two of each name.
        let actors = synth::actor_names()
            .iter()
            .map(|a| {
                let w: Vec<&str> = a.split_whitespace().collect();
                w[..w.len().min(2)].join(" ").to_lowercase()
            })
            .collect();
        let outlets = synth::outlet_names()
            .iter()
            .map(|o| o.to_lowercase())
            .collect();
        EventMix {
            days,
            places,
            governorates,
            actors,
            outlets,
        }
    }

    /// A random date window of 1 day to 3 months inside the corpus span.
    fn window(&self, rng: &mut synth::Rng, f: &mut EventFilter) {
        let len = *rng.pick(&[1i64, 7, 30, 90]);
        let start = synth::EPOCH_DAY + rng.below((self.days - len).max(1) as usize) as i64;
        f.date_from = Some(rasd_store::db::date_of_day(start));
        f.date_to = Some(rasd_store::db::date_of_day(start + len - 1));
    }

    fn draw(&self, rng: &mut synth::Rng, i: usize) -> (&'static str, EventFilter) {
        let mut f = EventFilter {
            limit: 50,
            ..Default::default()
        };
        // Mostly first pages; sometimes deeper.
        f.offset = match rng.below(10) {
            0 => 50 * (1 + rng.below(20)),
            1 => 50,
            _ => 0,
        };
        let (t, subs) = *rng.pick(TYPES);
        let kind = match i % 12 {
            0 => "default",
            1 => {
                f.event_type = Some(t.into());
                if rng.below(2) == 0 {
                    f.sub_event_type = Some(rng.pick(subs).to_string());
                }
                "type"
            }
            2 => {
                self.window(rng, &mut f);
                "date"
            }
            3 => {
                f.event_type = Some(t.into());
                f.place = Some(rng.pick(&self.governorates).to_string());
                self.window(rng, &mut f);
                "type_gov_date"
            }
            4 => {
                f.actor = Some(rng.pick(&self.actors).clone());
                if rng.below(2) == 0 {
                    f.event_type = Some(t.into());
                }
                "actor"
            }
            5 => {
                let p = rng.pick(&self.places);
                f.place = Some(if rng.below(2) == 0 {
                    p.name.clone()
                } else {
                    p.name_ar.clone()
                });
                "place"
            }
            6 => {
                f.source = Some(rng.pick(&self.outlets).clone());
                if rng.below(2) == 0 {
                    self.window(rng, &mut f);
                }
                "source"
            }
            7 => {
                f.near_road = Some(rng.pick(&["M4", "M5"]).to_string());
                f.road_km = Some(*rng.pick(&[1.0, 2.0, 5.0, 6.0, 10.0, 20.0]));
                if rng.below(2) == 0 {
                    self.window(rng, &mut f);
                }
                "road"
            }
            8 => {
                let p = rng.pick(&self.places);
                let r = 0.05 + rng.unit() * 0.5;
                f.bbox = Some([p.lon - r, p.lat - r, p.lon + r, p.lat + r]);
                if rng.below(2) == 0 {
                    f.event_type = Some(t.into());
                }
                "bbox"
            }
            9 => {
                f.text = Some(rng.pick(EVENT_WORDS).to_string());
                if rng.below(2) == 0 {
                    self.window(rng, &mut f);
                }
                "text"
            }
            10 => {
                f.min_fatalities = Some(1 + rng.below(12) as u32);
                f.sort = EventSort::FatalitiesDesc;
                if rng.below(2) == 0 {
                    self.window(rng, &mut f);
                }
                "fatalities"
            }
            _ => {
                // Two to four filters at once.
                let n = 2 + rng.below(3);
                for _ in 0..n {
                    match rng.below(7) {
                        0 => f.event_type = Some(t.into()),
                        1 => self.window(rng, &mut f),
                        2 => f.actor = Some(rng.pick(&self.actors).clone()),
                        3 => f.place = Some(rng.pick(&self.governorates).to_string()),
                        4 => f.source = Some(rng.pick(&self.outlets).clone()),
                        5 => {
                            f.near_road = Some(rng.pick(&["M4", "M5"]).to_string());
                            f.road_km = Some(*rng.pick(&[2.0, 6.0, 10.0]));
                        }
                        _ => {
                            let p = rng.pick(&self.places);
                            f.bbox = Some([p.lon - 0.5, p.lat - 0.5, p.lon + 0.5, p.lat + 0.5]);
                        }
                    }
                }
                "combined"
            }
        };
        (kind, f)
    }
}

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
    let (pg, lite);
    let (store, embedded): (&dyn EventStore, Option<&Store>) =
        match dir.to_str().filter(|d| rasd_store::pg::is_url(d)) {
            Some(url) => {
                pg = PgStore::connect(url)?;
                (&pg, None)
            }
            None => {
                lite = Store::open(&dir)?;
                (&lite, Some(&lite))
            }
        };
    let shown = store.describe();
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
        if let Some(l) = embedded {
            l.checkpoint()?;
        }
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
            format!("bulk load skipped: {shown} already holds {have} articles"),
        );
    }
    let n = store.article_count()?;
    let t = Instant::now();
    let st = store.stats(&EventFilter::default())?;
    let stats_first = t.elapsed().as_secs_f64() * 1000.0;
    say(
        "db_articles",
        n.into(),
        format!(
            "database: {n} articles, {} events, {} outlets ({shown})",
            st.events, st.sources
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
    let (p50, p95, p99) = (
        percentile(&mut times, 0.5),
        percentile(&mut times, 0.95),
        percentile(&mut times, 0.99),
    );
    say("search_p50_ms", p50.into(), format!("search ({} queries, top 20 with snippets): p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms, max {:.1} ms ({hits} hits)", args.queries, times.last().copied().unwrap_or(0.0)));
    say("search_p95_ms", p95.into(), String::new());
    say("search_p99_ms", p99.into(), String::new());

    // Event queries: a varied mix (random filter combinations, pages with offsets), timed per
    // kind. Every query is distinct in its parameters, so caches rarely help.
    let mut by_kind: BTreeMap<&'static str, Vec<f64>> = BTreeMap::new();
    let mut all = Vec::with_capacity(args.queries);
    let mix = EventMix::new(args.days);
    let mut drawn = Vec::with_capacity(args.queries);
    for i in 0..args.queries {
        let (kind, f) = mix.draw(&mut rng, i);
        let t = Instant::now();
        let total = store.events(&f)?.total;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        by_kind.entry(kind).or_default().push(ms);
        all.push(ms);
        drawn.push((f, total));
    }
    let (p50, p95, p99) = (
        percentile(&mut all, 0.5),
        percentile(&mut all, 0.95),
        percentile(&mut all, 0.99),
    );
    say("events_p50_ms", p50.into(), format!("event queries ({} varied queries, page of 50 + total): p50 {p50:.1} ms, p95 {p95:.1} ms, p99 {p99:.1} ms, max {:.1} ms", args.queries, all.last().copied().unwrap_or(0.0)));
    say("events_p95_ms", p95.into(), String::new());
    say("events_p99_ms", p99.into(), String::new());
    let mut kinds = serde_json::Map::new();
    for (k, mut v) in by_kind {
        let (a, b, c) = (
            percentile(&mut v, 0.5),
            percentile(&mut v, 0.95),
            percentile(&mut v, 0.99),
        );
        if !args.json {
            eprintln!(
                "  {k:<14} n={:<4} p50 {a:>7.1} ms  p95 {b:>7.1} ms  p99 {c:>7.1} ms  max {:>7.1} ms",
                v.len(),
                v.last().copied().unwrap_or(0.0)
            );
        }
        kinds.insert(
            k.to_string(),
            serde_json::json!({"n": v.len(), "p50_ms": a, "p95_ms": b, "p99_ms": c}),
        );
    }
    say("events_by_kind", kinds.into(), String::new());
    // The same queries answered from the memory-resident event index (what `rasd serve` uses).
    if let Some(store) = embedded {
        let rss0 = current_rss_mb().unwrap_or(0.0);
        let t = Instant::now();
        let (n, bytes) = store.build_memory_index()?;
        let build_ms = t.elapsed().as_secs_f64() * 1000.0;
        let rss1 = current_rss_mb().unwrap_or(0.0);
        let mut mem_times = Vec::with_capacity(drawn.len());
        let mut differ = 0usize;
        for (f, total) in &drawn {
            let t = Instant::now();
            let got = store.events(f)?.total;
            mem_times.push(t.elapsed().as_secs_f64() * 1000.0);
            differ += usize::from(got != *total);
        }
        store.disable_memory_index();
        let (m50, m95, m99) = (
            percentile(&mut mem_times, 0.5),
            percentile(&mut mem_times, 0.95),
            percentile(&mut mem_times, 0.99),
        );
        say(
        "memory_index",
        serde_json::json!({"events": n, "heap_mb": bytes as f64 / 1e6, "rss_added_mb": rss1 - rss0,
            "build_ms": build_ms, "p50_ms": m50, "p95_ms": m95, "p99_ms": m99, "totals_differing": differ}),
        format!(
            "memory event index: {n} events built in {build_ms:.0} ms, ~{:.0} MB heap (RSS +{:.0} MB); same queries p50 {m50:.2} ms, p95 {m95:.2} ms, p99 {m99:.2} ms, max {:.2} ms; totals differing from SQLite: {differ}",
            bytes as f64 / 1e6,
            rss1 - rss0,
            mem_times.last().copied().unwrap_or(0.0)
        ),
    );
    }
    // Dashboard statistics: first call (computed) and a repeat (cached until the next commit).
    say(
        "stats_all_first_ms",
        stats_first.into(),
        format!("stats, whole database, first call after open: {stats_first:.1} ms"),
    );
    for (name, f) in [
        ("stats_all", EventFilter::default()),
        (
            "stats_type_month",
            EventFilter {
                event_type: Some("Battles".into()),
                date_from: Some("2023-06-01".into()),
                date_to: Some("2023-06-30".into()),
                ..Default::default()
            },
        ),
    ] {
        let t = Instant::now();
        store.stats(&f)?;
        let first = t.elapsed().as_secs_f64() * 1000.0;
        let t = Instant::now();
        store.stats(&f)?;
        let again = t.elapsed().as_secs_f64() * 1000.0;
        say(
            name,
            serde_json::json!({"first_ms": first, "cached_ms": again}),
            format!("{name}: {first:.1} ms, cached {again:.2} ms"),
        );
    }
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
