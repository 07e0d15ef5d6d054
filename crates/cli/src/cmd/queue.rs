//! `rasd migrate`, `rasd enqueue` and `rasd worker`: a team deployment on PostgreSQL.
//!
//! `enqueue` adds one job per input (a file, WARC, feed; a directory adds one job per file in
//! it). Any number of `worker` processes, on any machines that see the same paths, claim jobs
//! (`FOR UPDATE SKIP LOCKED`, with a lease they renew while working), run the normal ingest
//! pipeline on the job's input ([`super::ingest::ingest_into`]), and store its documents in the
//! transaction that marks the job done. A failed job is retried up to `--max-attempts`; a job
//! whose worker died is taken over when its lease expires.

use super::ingest::{ingest_into, open_pg, pg_url, IngestOptions};
use anyhow::Context;
use rasd_store::pg::queue::Job;
use rasd_store::PgStore;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

#[derive(clap::Args)]
pub struct MigrateArgs {
    /// Database directory or postgres:// URL (default: $RASD_DB, then the default directory).
    #[arg(long)]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct EnqueueArgs {
    /// Files or directories (a directory adds one job per file inside it).
    inputs: Vec<PathBuf>,
    /// A file listing one input path per line (`-` for standard input).
    #[arg(long)]
    list: Option<PathBuf>,
    /// postgres:// URL (default: $RASD_DB).
    #[arg(long)]
    db: Option<PathBuf>,
}

#[derive(clap::Args)]
pub struct WorkerArgs {
    /// postgres:// URL (default: $RASD_DB).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Lease of a claimed job in seconds, renewed every third of it while working; a job whose
    /// worker stops renewing is taken over after this long.
    #[arg(long, default_value_t = 60.0)]
    lease: f64,
    /// Claims of one job before it is marked failed.
    #[arg(long, default_value_t = 3)]
    max_attempts: i32,
    /// Extraction/annotation threads per job (default 1: run one worker per core).
    #[arg(long, default_value_t = 1)]
    threads: usize,
    /// Seconds between polls of an empty queue.
    #[arg(long, default_value_t = 2.0)]
    poll: f64,
    /// Exit when no job is queued or running (instead of waiting for more).
    #[arg(long)]
    exit_when_empty: bool,
    /// Print one JSON line per job done.
    #[arg(long)]
    json: bool,
}

fn require_pg(db: Option<&Path>) -> anyhow::Result<PgStore> {
    let url = pg_url(db).context(
        "the work queue needs a PostgreSQL database: --db postgres://user@host/db (or RASD_DB)",
    )?;
    open_pg(&url)
}

pub fn migrate(args: MigrateArgs) -> anyhow::Result<()> {
    match pg_url(args.db.as_deref()) {
        Some(url) => {
            let pg = open_pg(&url)?;
            println!("database {} is up to date", pg.describe());
        }
        None => {
            let store = super::ingest::open_store(args.db.as_deref())?;
            println!("database {} is up to date", store.dir().display());
        }
    }
    Ok(())
}

/// The files under `p` (sorted, hidden entries skipped), or `p` itself.
fn expand(p: &Path, depth: usize, out: &mut Vec<String>) -> anyhow::Result<()> {
    let md = std::fs::metadata(p).with_context(|| format!("cannot read {}", p.display()))?;
    if md.is_dir() {
        if depth > 32 {
            return Ok(());
        }
        let mut entries: Vec<_> = std::fs::read_dir(p)
            .with_context(|| format!("cannot list {}", p.display()))?
            .flatten()
            .filter(|e| !e.file_name().to_string_lossy().starts_with('.'))
            .map(|e| e.path())
            .collect();
        entries.sort();
        for e in entries {
            expand(&e, depth + 1, out)?;
        }
    } else {
        let abs = std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
        out.push(abs.to_string_lossy().into_owned());
    }
    Ok(())
}

pub fn enqueue(args: EnqueueArgs) -> anyhow::Result<()> {
    let pg = require_pg(args.db.as_deref())?;
    let mut inputs = args.inputs.clone();
    if let Some(list) = &args.list {
        let text = if list.as_os_str() == "-" {
            std::io::read_to_string(std::io::stdin())?
        } else {
            std::fs::read_to_string(list)
                .with_context(|| format!("cannot read {}", list.display()))?
        };
        inputs.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(PathBuf::from),
        );
    }
    if inputs.is_empty() {
        anyhow::bail!("nothing to enqueue: name files or directories, or --list FILE");
    }
    let mut paths = Vec::new();
    for p in &inputs {
        expand(p, 0, &mut paths)?;
    }
    let added = pg.enqueue(&paths)?;
    let q = pg.queue_counts()?;
    println!(
        "enqueued {added} job(s) ({} already queued); queue: {} queued, {} running, {} done, {} failed",
        paths.len() - added,
        q.queued,
        q.running,
        q.done,
        q.failed
    );
    Ok(())
}

/// This worker's name in the jobs table: host and process id.
fn worker_name() -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    format!("{host}:{}", std::process::id())
}

/// Run one job: the ingest pipeline over its input, then store + complete in one transaction,
/// renewing the lease meanwhile. `Ok(false)` when the lease was lost (nothing stored).
fn run_job(pg: &PgStore, job: &Job, me: &str, args: &WorkerArgs) -> anyhow::Result<bool> {
    let lease = Duration::from_secs_f64(args.lease.max(1.0));
    let done = AtomicBool::new(false);
    let lost = AtomicBool::new(false);
    std::thread::scope(|s| -> anyhow::Result<bool> {
        s.spawn(|| {
            let step = lease / 3;
            let mut waited = Duration::ZERO;
            while !done.load(Ordering::SeqCst) {
                std::thread::sleep(Duration::from_millis(100));
                waited += Duration::from_millis(100);
                if waited >= step {
                    waited = Duration::ZERO;
                    match pg.renew(job, me, lease) {
                        Ok(true) => {}
                        Ok(false) => {
                            lost.store(true, Ordering::SeqCst);
                            return;
                        }
                        Err(e) => tracing::warn!("job {}: lease renewal failed: {e}", job.id),
                    }
                }
            }
        });
        let result = (|| -> anyhow::Result<bool> {
            let path = PathBuf::from(&job.path);
            if std::fs::metadata(&path).is_err() {
                anyhow::bail!("input not found or unreadable: {}", job.path);
            }
            // Batches only hand documents over; all of the job's are stored in one transaction.
            let opts = IngestOptions {
                batch: 256,
                threads: args.threads.max(1),
                progress: false,
            };
            let mut docs = Vec::new();
            let mut summary = ingest_into(&[path], &opts, &mut |d| {
                docs.extend(d);
                Ok(Default::default())
            })?;
            if lost.load(Ordering::SeqCst) {
                return Ok(false);
            }
            let text = serde_json::to_string(&summary)?;
            match pg.complete(job, me, docs, &text)? {
                Some(st) => {
                    summary.put = st;
                    if args.json {
                        println!(
                            "{}",
                            serde_json::json!({"job": job.id, "path": job.path, "attempt": job.attempts, "summary": summary})
                        );
                    } else {
                        println!(
                            "job {} done: {} ({} records, {} new articles, {} events new, {} merged)",
                            job.id,
                            job.path,
                            summary.records,
                            summary.put.new,
                            summary.put.events_new,
                            summary.put.events_merged
                        );
                    }
                    Ok(true)
                }
                None => Ok(false),
            }
        })();
        done.store(true, Ordering::SeqCst);
        result
    })
}

pub fn worker(args: WorkerArgs) -> anyhow::Result<()> {
    let pg = require_pg(args.db.as_deref())?;
    let me = worker_name();
    let lease = Duration::from_secs_f64(args.lease.max(1.0));
    let poll = Duration::from_secs_f64(args.poll.max(0.05));
    // Stopped inside a transaction (paused, swapped out) for longer than a lease: the server
    // ends the session, so its locks do not hold up the workers that take its job over.
    pg.set_idle_transaction_timeout(lease);
    eprintln!("worker {me} on {}", pg.describe());
    loop {
        let Some(job) = pg.claim(&me, lease, args.max_attempts)? else {
            if args.exit_when_empty {
                let q = pg.queue_counts()?;
                if q.queued == 0 && q.running == 0 {
                    return Ok(());
                }
            }
            std::thread::sleep(poll);
            continue;
        };
        match run_job(&pg, &job, &me, &args) {
            Ok(true) => {}
            Ok(false) => eprintln!(
                "job {}: lease lost to another worker; its results were not stored",
                job.id
            ),
            Err(e) => {
                eprintln!("job {} ({}) failed: {e:#}", job.id, job.path);
                pg.fail(&job, &me, &format!("{e:#}"), args.max_attempts)?;
            }
        }
    }
}
