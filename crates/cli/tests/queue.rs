//! The PostgreSQL work queue under faults (needs `RASD_TEST_PG`, which `scripts/test.sh` sets;
//! skipped with a printed line otherwise): three workers on a queue of 300 jobs, one SIGKILLed
//! while it holds a job, one paused (SIGSTOP) past its lease and then resumed. Every article is
//! stored exactly once and the events equal those of a single worker run on the same inputs.

use rasd_store::{pg, synth, EventFilter, EventStore, PgStore};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const JOBS: usize = 300;
const LEASE_SECS: f64 = 4.0;

struct Tmp(PathBuf);
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// One raw article per file (a job each); returns the article ids.
fn inputs(dir: &Path) -> Vec<String> {
    let mut ids = Vec::new();
    for (i, d) in synth::documents(JOBS, 40, 31).enumerate() {
        let mut f = std::fs::File::create(dir.join(format!("a{i:04}.jsonl"))).unwrap();
        serde_json::to_writer(&mut f, &synth::raw_article(&d)).unwrap();
        f.write_all(b"\n").unwrap();
        ids.push(d.id);
    }
    ids
}

fn rasd(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rasd"));
    c.args(args).env_remove("RASD_DB");
    c
}

fn worker(url: &str) -> Child {
    rasd(&[
        "worker",
        "--db",
        url,
        "--lease",
        &LEASE_SECS.to_string(),
        "--poll",
        "0.2",
        "--exit-when-empty",
    ])
    .stdout(Stdio::null())
    .stderr(Stdio::null())
    .spawn()
    .unwrap()
}

fn name(c: &Child) -> String {
    let host = std::fs::read_to_string("/etc/hostname")
        .ok()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .unwrap_or_else(|| "host".into());
    format!("{host}:{}", c.id())
}

/// Wait until `c` holds a job; returns its id.
fn held(pg: &PgStore, c: &Child) -> i64 {
    let t = Instant::now();
    loop {
        if let Some(id) = pg.jobs_held_by(&name(c)).unwrap().first() {
            return *id;
        }
        assert!(
            t.elapsed() < Duration::from_secs(300),
            "worker never claimed a job"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn signal(c: &Child, sig: &str) {
    let ok = Command::new("kill")
        .args([sig, &c.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill {sig}");
}

fn wait_exit(c: &mut Child) {
    let t = Instant::now();
    loop {
        if let Some(st) = c.try_wait().unwrap() {
            assert!(st.success(), "worker failed: {st}");
            return;
        }
        assert!(
            t.elapsed() < Duration::from_secs(900),
            "worker did not finish"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The events as (type, date, sorted source article ids): what a run decided, without the
/// ids, times and report numbers that depend on arrival order.
fn events(s: &dyn EventStore) -> BTreeSet<(String, Option<String>, Vec<String>)> {
    s.events(&EventFilter {
        include_background: true,
        limit: 100_000,
        ..Default::default()
    })
    .unwrap()
    .items
    .into_iter()
    .map(|e| {
        let mut src: Vec<String> = e.sources.into_iter().map(|s| s.article_id).collect();
        src.sort();
        (e.event_type, e.event_date, src)
    })
    .collect()
}

#[test]
fn three_workers_with_a_kill_and_a_pause_store_what_one_worker_stores() {
    let Ok(base) = std::env::var("RASD_TEST_PG") else {
        println!("RASD_TEST_PG not set: PostgreSQL work-queue fault test skipped");
        return;
    };
    let tmp = Tmp(std::env::temp_dir().join(format!("rasd-queue-{}", std::process::id())));
    std::fs::create_dir_all(&tmp.0).unwrap();
    let ids = inputs(&tmp.0);
    let dir = tmp.0.to_str().unwrap();
    let (multi, single) = (
        pg::scratch_database(&base, "rasd_queue").unwrap(),
        pg::scratch_database(&base, "rasd_queue").unwrap(),
    );
    for url in [&multi, &single] {
        let out = rasd(&["enqueue", dir, "--db", url]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        // Enqueuing the same inputs again adds nothing while they are queued.
        let again = rasd(&["enqueue", dir, "--db", url]).output().unwrap();
        assert!(String::from_utf8_lossy(&again.stdout).contains("enqueued 0 job(s)"));
    }
    let pg_multi = PgStore::connect(&multi).unwrap();
    assert_eq!(pg_multi.queue_counts().unwrap().queued, JOBS as i64);

    let mut ws: Vec<Child> = (0..3).map(|_| worker(&multi)).collect();
    // Worker 0 is killed while it holds a job: that job is taken over after its lease.
    let killed_job = held(&pg_multi, &ws[0]);
    ws[0].kill().unwrap();
    ws[0].wait().unwrap();
    // Worker 1 is paused while it holds a job, past its lease: another worker takes the job
    // over; on resuming, worker 1 finds it lost the job and stores nothing of it.
    let paused_job = held(&pg_multi, &ws[1]);
    signal(&ws[1], "-STOP");
    let t = Instant::now();
    loop {
        let (state, by) = pg_multi.job_state(paused_job).unwrap().unwrap();
        if state == "done" || by.as_deref() != Some(name(&ws[1]).as_str()) {
            break;
        }
        assert!(
            t.elapsed() < Duration::from_secs(120),
            "paused job never taken over"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    signal(&ws[1], "-CONT");
    wait_exit(&mut ws[1]);
    wait_exit(&mut ws[2]);
    let q = pg_multi.queue_counts().unwrap();
    assert_eq!(
        (q.done, q.failed, q.queued, q.running),
        (JOBS as i64, 0, 0, 0)
    );
    for job in [killed_job, paused_job] {
        assert_eq!(pg_multi.job_state(job).unwrap().unwrap().0, "done");
    }

    let mut one = worker(&single);
    wait_exit(&mut one);
    let pg_single = PgStore::connect(&single).unwrap();
    // Every article exactly once: all there, none twice (ids are unique; no extra rows).
    for s in [&pg_multi, &pg_single] {
        assert_eq!(s.article_count().unwrap(), ids.len());
        for id in &ids {
            assert!(s.article(id).unwrap().is_some(), "{id} missing");
        }
    }
    let (a, b) = (events(&pg_multi), events(&pg_single));
    assert!(b.len() > 100, "{} events", b.len());
    assert!(b.iter().any(|e| e.2.len() > 1), "no cross-source merge");
    // Each report is in exactly one event.
    let reports: usize = a.iter().map(|e| e.2.len()).sum();
    assert_eq!(reports, b.iter().map(|e| e.2.len()).sum::<usize>());
    assert_eq!(a, b);
}
