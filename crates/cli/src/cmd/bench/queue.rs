//! `rasd bench queue`: ingest throughput of the PostgreSQL work queue with 1, 2, 4 … worker
//! processes (each `rasd worker` with one pipeline thread) on the same synthetic raw articles,
//! each run into a fresh database created next to `--db`.

use super::store::TempDir;
use rasd_store::{pg, synth, EventFilter, PgStore};
use std::io::Write;
use std::process::{Command, Stdio};
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// A PostgreSQL server URL; each run creates its own database there.
    #[arg(long)]
    db: String,
    /// Worker counts to run, comma-separated.
    #[arg(long, default_value = "1,2,4")]
    workers: String,
    /// Jobs (files) in the queue.
    #[arg(long, default_value_t = 100)]
    jobs: usize,
    /// Raw articles per job (JSONL lines per file).
    #[arg(long, default_value_t = 20)]
    per_job: usize,
    /// Print the results as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let tmp = TempDir::new("queue")?;
    let mut docs = synth::documents(args.jobs * args.per_job, 365, 77);
    for j in 0..args.jobs {
        let mut w = std::io::BufWriter::new(std::fs::File::create(
            tmp.0.join(format!("job{j:05}.jsonl")),
        )?);
        for d in docs.by_ref().take(args.per_job) {
            serde_json::to_writer(&mut w, &synth::raw_article(&d))?;
            w.write_all(b"\n")?;
        }
        w.flush()?;
    }
    let exe = std::env::current_exe()?;
    let cores = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1);
    let mut out = Vec::new();
    for n in args
        .workers
        .split(',')
        .filter_map(|w| w.trim().parse::<usize>().ok())
    {
        let url = pg::scratch_database(&args.db, "rasd_bench_queue")?;
        let store = PgStore::connect(&url)?;
        let status = Command::new(&exe)
            .args(["enqueue", tmp.0.to_str().unwrap_or("."), "--db", &url])
            .stdout(Stdio::null())
            .status()?;
        anyhow::ensure!(status.success(), "enqueue failed");
        let t = Instant::now();
        let mut kids = Vec::new();
        for _ in 0..n {
            kids.push(
                Command::new(&exe)
                    .args(["worker", "--db", &url, "--exit-when-empty", "--poll", "0.2"])
                    .stdout(Stdio::null())
                    .spawn()?,
            );
        }
        for mut k in kids {
            anyhow::ensure!(k.wait()?.success(), "a worker failed");
        }
        let secs = t.elapsed().as_secs_f64();
        let articles = store.article_count()?;
        let events = store
            .stats(&EventFilter {
                include_background: true,
                ..Default::default()
            })?
            .events;
        let rate = articles as f64 / secs;
        if !args.json {
            eprintln!(
                "{n} worker(s) on {cores} cores: {articles} articles ({} jobs, {events} events) in {secs:.1} s = {rate:.0} articles/s ({:.0} per worker)",
                args.jobs,
                rate / n as f64
            );
        }
        out.push(serde_json::json!({"workers": n, "cores": cores, "articles": articles, "events": events, "secs": secs, "articles_per_s": rate}));
    }
    if args.json {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    Ok(())
}
