//! `rasd ingest INPUT... [--db PATH]`: read → extract → annotate → store, in parallel over
//! documents with one writer thread and batched transactions.
//!
//! Threads: one reader (streams records from `rasd_ingest::read_paths`), N workers (extract +
//! annotate), and the caller's thread as the single writer. Results are written in input order
//! (a bounded reorder window), so a re-run clusters events exactly the same way. Memory is
//! bounded: at most `IN_FLIGHT` records exist between reader and writer at any time.
//! Every batch is one SQLite transaction: a killed ingest leaves whole batches only, and a
//! re-run skips what is stored (idempotent).

use anyhow::Context;
use rasd_doc::Document;
use rasd_ingest::Record;
use rasd_store::{PutStats, Store};
use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Records between the reader and the writer at most (bounds memory on any input size).
const IN_FLIGHT: usize = 512;

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories: HTML, WARC(.gz), RSS/Atom, JSONL, text.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Database directory or postgres:// URL (default: $RASD_DB, $XDG_DATA_HOME/rasd or
    /// ~/.local/share/rasd).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Documents per transaction.
    #[arg(long, default_value_t = 256)]
    batch: usize,
    /// Worker threads (default: all cores).
    #[arg(long)]
    threads: Option<usize>,
    /// Print the summary as JSON.
    #[arg(long)]
    json: bool,
}

/// Options of [`ingest_paths`].
#[derive(Debug, Clone)]
pub struct IngestOptions {
    /// Documents per transaction.
    pub batch: usize,
    /// Worker threads; 0 = all cores.
    pub threads: usize,
    /// Show a progress bar on stderr (only drawn when stderr is a terminal).
    pub progress: bool,
}

impl Default for IngestOptions {
    fn default() -> Self {
        IngestOptions {
            batch: 256,
            threads: 0,
            progress: true,
        }
    }
}

/// What an ingest did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Summary {
    /// Records read from the inputs (including skipped ones).
    pub records: usize,
    /// Store results (documents stored or recognised as duplicates).
    pub put: PutStats,
    /// Skipped records by reason.
    pub skipped: BTreeMap<String, usize>,
    /// Warnings from extraction and annotation.
    pub warnings: usize,
    /// What was wrong with which record, for skipped malformed or unreadable records and for
    /// records read with a repaired encoding (the first [`MAX_PROBLEMS`]).
    pub problems: Vec<String>,
    /// Problems beyond the first [`MAX_PROBLEMS`].
    pub more_problems: usize,
    pub elapsed_secs: f64,
}

/// Problems listed by name in the summary (the rest are counted).
pub const MAX_PROBLEMS: usize = 100;

impl Summary {
    pub fn skipped_total(&self) -> usize {
        self.skipped.values().sum()
    }

    fn problem(&mut self, p: String) {
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        } else {
            self.more_problems += 1;
        }
    }
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let p = &self.put;
        let rate = if self.elapsed_secs > 0.0 {
            self.records as f64 / self.elapsed_secs
        } else {
            0.0
        };
        writeln!(
            f,
            "records:   {} in {:.1} s ({rate:.0}/s)",
            self.records, self.elapsed_secs
        )?;
        writeln!(
            f,
            "documents: {} stored: {} new, {} near-duplicates (linked), {} updated; {} duplicates skipped",
            p.documents,
            p.new,
            p.near_duplicates,
            p.updated,
            p.duplicates
        )?;
        let reasons: Vec<String> = self
            .skipped
            .iter()
            .map(|(r, n)| format!("{r}: {n}"))
            .collect();
        writeln!(
            f,
            "skipped:   {}{}",
            self.skipped_total(),
            if reasons.is_empty() {
                String::new()
            } else {
                format!(" ({})", reasons.join(", "))
            }
        )?;
        writeln!(
            f,
            "events:    {} new, {} merged into existing events",
            p.events_new, p.events_merged
        )?;
        write!(f, "warnings:  {}", self.warnings)?;
        if !self.problems.is_empty() {
            write!(f, "\nproblems:")?;
            for p in &self.problems {
                write!(f, "\n  {p}")?;
            }
            if self.more_problems > 0 {
                write!(f, "\n  … {} more", self.more_problems)?;
            }
        }
        Ok(())
    }
}

/// The named inputs that do not exist or cannot be read (`-` is standard input).
pub fn missing_inputs(paths: &[PathBuf]) -> Vec<String> {
    paths
        .iter()
        .filter(|p| p.as_os_str() != "-" && std::fs::metadata(p).is_err())
        .map(|p| p.display().to_string())
        .collect()
}

/// The database: `--db`, else `$RASD_DB`, else `$XDG_DATA_HOME/rasd`, else
/// `~/.local/share/rasd`. A `postgres://` URL names a PostgreSQL database.
pub fn default_db(db: Option<&Path>) -> PathBuf {
    if let Some(d) = db {
        return d.to_path_buf();
    }
    if let Some(x) = std::env::var_os("RASD_DB").filter(|x| !x.is_empty()) {
        return PathBuf::from(x);
    }
    if let Some(x) = std::env::var_os("XDG_DATA_HOME").filter(|x| !x.is_empty()) {
        return PathBuf::from(x).join("rasd");
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".local").join("share").join("rasd")
}

/// Open the store of `--db` (creating it), with a message that names the directory.
pub fn open_store(db: Option<&Path>) -> anyhow::Result<Store> {
    let dir = default_db(db);
    Store::open(&dir).with_context(|| format!("cannot open database {}", dir.display()))
}

/// Open the existing store of `--db` for a command that only reads it: a missing database is
/// an error (a typo in `--db` must not answer from a new, empty database), unless `create`.
pub fn open_existing_store(db: Option<&Path>, create: bool) -> anyhow::Result<Store> {
    let dir = default_db(db);
    if !create && !Store::exists(&dir) {
        anyhow::bail!(
            "no rasd database at {}: check --db, or create one with `rasd ingest --db {} FILES...`",
            dir.display(),
            dir.display()
        );
    }
    Store::open(&dir).with_context(|| format!("cannot open database {}", dir.display()))
}

/// The PostgreSQL URL `--db` (or `RASD_DB`) names, if it names one.
pub fn pg_url(db: Option<&Path>) -> Option<String> {
    let d = default_db(db);
    let s = d.to_str()?;
    rasd_store::pg::is_url(s).then(|| s.to_string())
}

/// Connect to the PostgreSQL database `url` (migrations applied).
pub fn open_pg(url: &str) -> anyhow::Result<rasd_store::PgStore> {
    rasd_store::PgStore::connect(url).with_context(|| {
        format!(
            "cannot open PostgreSQL database {}",
            rasd_store::pg::redact(url)
        )
    })
}

/// Open either backend for a command that reads: a `postgres://` URL, or an existing
/// database directory (see [`open_existing_store`]).
pub fn open_any(
    db: Option<&Path>,
    create: bool,
) -> anyhow::Result<Box<dyn rasd_store::EventStore>> {
    match pg_url(db) {
        Some(url) => Ok(Box::new(open_pg(&url)?)),
        None => Ok(Box::new(open_existing_store(db, create)?)),
    }
}

enum Msg {
    Doc(Box<Document>),
    /// Reason (counted) and, for problems worth naming, what was wrong with which record.
    Skip(String, Option<String>),
}

/// Count records up front when cheap (HTML/text files, JSONL lines), for rate and ETA.
fn estimate_total(paths: &[PathBuf]) -> Option<u64> {
    fn walk(p: &Path, depth: usize, n: &mut u64) -> Option<()> {
        if depth > 32 {
            return Some(());
        }
        let md = std::fs::metadata(p).ok()?;
        if md.is_dir() {
            let mut entries: Vec<_> = std::fs::read_dir(p).ok()?.flatten().collect();
            entries.sort_by_key(|e| e.file_name());
            for e in entries {
                if e.file_name().to_string_lossy().starts_with('.') {
                    continue;
                }
                walk(&e.path(), depth + 1, n)?;
            }
            return Some(());
        }
        let ext = p
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "html" | "htm" | "xhtml" | "shtml" | "txt" | "text" => *n += 1,
            "jsonl" | "ndjson" if md.len() < 2_000_000_000 => {
                use std::io::BufRead;
                let f = std::io::BufReader::new(std::fs::File::open(p).ok()?);
                *n += f
                    .split(b'\n')
                    .filter(|l| {
                        l.as_ref()
                            .is_ok_and(|l| !l.iter().all(u8::is_ascii_whitespace))
                    })
                    .count() as u64;
            }
            _ if depth > 0 && !["warc", "gz", "rss", "atom", "xml", ""].contains(&ext.as_str()) => {
            }
            _ => return None,
        }
        Some(())
    }
    let mut n = 0;
    for p in paths {
        walk(p, 0, &mut n)?;
    }
    Some(n)
}

fn process(pipeline: &rasd_pipeline::Pipeline, rec: &Record) -> Msg {
    let ex = rasd_extract::extract(rec);
    let mut doc = ex.doc;
    if doc.text.trim().is_empty() {
        return Msg::Skip("no article text".into(), None);
    }
    // Warnings of the reader (e.g. invalid UTF-8 bytes replaced) belong to the document too.
    doc.warnings.extend(rec.warnings.iter().cloned());
    // The cap shared with `POST /api/ingest`. Skipped with a reason, like any other unusable
    // record.
    if let Err(why) = rasd_ingest::check_article_size(&doc.text) {
        tracing::warn!(
            "skipped {:?}: {why}",
            doc.meta.url.as_deref().unwrap_or(&doc.id)
        );
        return Msg::Skip(
            "article text too long".into(),
            Some(format!("{}: {why}", rec.input)),
        );
    }
    pipeline.annotate(&mut doc);
    if let Err(e) = doc.validate() {
        doc.warnings
            .push(format!("internal: invalid annotation span: {e}"));
        // Keep the article but drop layers that could not be trusted.
        doc.events.clear();
    }
    Msg::Doc(Box::new(doc))
}

/// Ingest `paths` into `store`: extract, annotate, deduplicate and store every record.
/// Errors only on store failures; bad inputs are counted as skipped.
pub fn ingest_paths(
    store: &Store,
    paths: &[PathBuf],
    opts: &IngestOptions,
) -> anyhow::Result<Summary> {
    let summary = ingest_into(paths, opts, &mut |docs| Ok(store.put_documents(docs)?))?;
    if summary.put.new + summary.put.updated > 0 {
        // A long load leaves a long WAL behind; fold it in so readers start fast.
        if let Err(e) = store.checkpoint() {
            tracing::warn!("WAL checkpoint after ingest failed: {e}");
        }
    }
    Ok(summary)
}

/// Batches of documents from [`ingest_into`] to a store; returns what was stored.
pub type Put<'a> = dyn FnMut(Vec<Document>) -> anyhow::Result<PutStats> + 'a;

/// Read, extract and annotate `paths` (in parallel, results in input order) and pass the
/// documents to `put` in batches of `opts.batch`. Errors only when `put` fails.
pub fn ingest_into(
    paths: &[PathBuf],
    opts: &IngestOptions,
    put: &mut Put,
) -> anyhow::Result<Summary> {
    let start = Instant::now();
    let threads = if opts.threads == 0 {
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
    } else {
        opts.threads
    };
    let batch = opts.batch.max(1);
    let pipeline = rasd_pipeline::Pipeline::new();
    let bar = if opts.progress && std::io::stderr().is_terminal() {
        let total = estimate_total(paths);
        let bar = match total {
            Some(t) => indicatif::ProgressBar::new(t).with_style(
                indicatif::ProgressStyle::with_template(
                    "{bar:40} {pos}/{len} docs  {per_sec}  ETA {eta}  {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
            ),
            None => indicatif::ProgressBar::new_spinner().with_style(
                indicatif::ProgressStyle::with_template(
                    "{spinner} {pos} docs  {per_sec}  {elapsed}  {msg}",
                )
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
            ),
        };
        bar.enable_steady_tick(Duration::from_millis(200));
        Some(bar)
    } else {
        None
    };

    let mut summary = Summary::default();
    // (sequence number, record) from the reader to the workers; (sequence number, result) back.
    let (rec_tx, rec_rx) = sync_channel::<(u64, Record)>(threads * 4);
    let (out_tx, out_rx) = sync_channel::<(u64, Msg)>(threads * 8);
    // Permits bound the records in flight (read but not yet written).
    let (permit_tx, permit_rx) = sync_channel::<()>(IN_FLIGHT);
    for _ in 0..IN_FLIGHT {
        let _ = permit_tx.send(());
    }
    let rec_rx = Mutex::new(rec_rx);
    let result: anyhow::Result<()> = std::thread::scope(|s| {
        // Reader.
        let out_tx_r = out_tx.clone();
        s.spawn(move || {
            for (seq, item) in rasd_ingest::read_paths(paths).enumerate() {
                let seq = seq as u64;
                if permit_rx.recv().is_err() {
                    return;
                }
                let sent = match item {
                    Ok(rec) => rec_tx.send((seq, rec)).is_ok(),
                    Err(e) => {
                        let reason = match e.skip_reason() {
                            Some(r) => r.to_string(),
                            None => match e {
                                rasd_ingest::IngestError::Io { .. } => "unreadable".to_string(),
                                _ => "malformed".to_string(),
                            },
                        };
                        tracing::info!("skipped {e}");
                        // Malformed and unreadable records are named in the summary.
                        let named = e.skip_reason().is_none().then(|| e.to_string());
                        out_tx_r.send((seq, Msg::Skip(reason, named))).is_ok()
                    }
                };
                if !sent {
                    return;
                }
            }
        });
        // Workers.
        for _ in 0..threads {
            let out_tx = out_tx.clone();
            let rec_rx = &rec_rx;
            let pipeline = &pipeline;
            s.spawn(move || loop {
                let next = match rec_rx.lock() {
                    Ok(rx) => rx.recv(),
                    Err(_) => return,
                };
                let Ok((seq, rec)) = next else { return };
                let msg = process(pipeline, &rec);
                if out_tx.send((seq, msg)).is_err() {
                    return;
                }
            });
        }
        drop(out_tx);
        // Writer: reorder by sequence number, batch, store.
        let r = write_loop(put, out_rx, permit_tx, batch, &mut summary, bar.as_ref());
        // On a store error the reader stops at its next permit; drain so it cannot block.
        if let Ok(rx) = rec_rx.lock() {
            while rx.recv().is_ok() {}
        }
        r
    });
    result?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    summary.elapsed_secs = start.elapsed().as_secs_f64();
    Ok(summary)
}

fn write_loop(
    put: &mut Put,
    out_rx: Receiver<(u64, Msg)>,
    permit_tx: SyncSender<()>,
    batch: usize,
    summary: &mut Summary,
    bar: Option<&indicatif::ProgressBar>,
) -> anyhow::Result<()> {
    let mut pending: HashMap<u64, Msg> = HashMap::new();
    let mut next = 0u64;
    let mut docs: Vec<Document> = Vec::with_capacity(batch);
    let mut flush = |docs: &mut Vec<Document>, summary: &mut Summary| -> anyhow::Result<()> {
        if docs.is_empty() {
            return Ok(());
        }
        let st = put(std::mem::take(docs)).context("cannot store a batch of documents")?;
        let p = &mut summary.put;
        p.documents += st.documents;
        p.new += st.new;
        p.duplicates += st.duplicates;
        p.near_duplicates += st.near_duplicates;
        p.updated += st.updated;
        p.events_new += st.events_new;
        p.events_merged += st.events_merged;
        if let Some(b) = bar {
            b.set_message(format!(
                "{} new, {} dup, {} events",
                p.new, p.duplicates, p.events_new
            ));
        }
        Ok(())
    };
    for (seq, msg) in out_rx {
        pending.insert(seq, msg);
        while let Some(msg) = pending.remove(&next) {
            next += 1;
            summary.records += 1;
            let _ = permit_tx.try_send(());
            if let Some(b) = bar {
                b.inc(1);
            }
            match msg {
                Msg::Doc(d) => {
                    summary.warnings += d.warnings.len();
                    for w in d.warnings.iter().filter(|w| w.starts_with("encoding: ")) {
                        let p = format!("{}: {w}", d.meta.input.as_deref().unwrap_or(&d.id));
                        summary.problem(p);
                    }
                    docs.push(*d);
                    if docs.len() >= batch {
                        flush(&mut docs, summary)?;
                    }
                }
                Msg::Skip(reason, named) => {
                    *summary.skipped.entry(reason).or_default() += 1;
                    if let Some(p) = named {
                        summary.problem(p);
                    }
                }
            }
        }
    }
    flush(&mut docs, summary)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    use std::io::Write;
    // Named inputs that are missing make the run fail, after the others are ingested.
    let missing = missing_inputs(&args.inputs);
    let opts = IngestOptions {
        batch: args.batch,
        threads: args.threads.unwrap_or(0),
        progress: true,
    };
    let (summary, store): (Summary, Box<dyn rasd_store::EventStore>) =
        match pg_url(args.db.as_deref()) {
            Some(url) => {
                let pg = open_pg(&url)?;
                let s = ingest_into(&args.inputs, &opts, &mut |d| Ok(pg.put_documents(d)?))?;
                (s, Box::new(pg))
            }
            None => {
                let store = open_store(args.db.as_deref())?;
                let s = ingest_paths(&store, &args.inputs, &opts)?;
                (s, Box::new(store))
            }
        };
    // Written (not printed) so that a closed pipe (`| head`) ends the run quietly.
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&summary)?)?;
    } else {
        writeln!(out, "{summary}")?;
        writeln!(
            out,
            "database:  {} ({} articles)",
            store.describe(),
            store.article_count()?
        )?;
    }
    out.flush()?;
    if !missing.is_empty() {
        anyhow::bail!(
            "input not found or unreadable: {} (the other inputs were ingested)",
            missing.join(", ")
        );
    }
    Ok(())
}
