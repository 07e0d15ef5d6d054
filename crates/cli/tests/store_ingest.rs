//! `rasd ingest` end to end: re-ingest adds nothing, SIGKILL at a random moment then restart
//! loses and duplicates nothing, and a concurrent reader never sees a half-written document.
//! Corpora are generated (fictional sentences from `rasd_store::synth`), small enough for CI.

use rasd_store::{synth, EventFilter, Store};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p =
            std::env::temp_dir().join(format!("rasd-test-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Write `n` raw articles as JSONL; returns their ids.
fn corpus(dir: &Path, n: usize, seed: u64) -> (PathBuf, Vec<String>) {
    let path = dir.join("corpus.jsonl");
    let mut w = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    let mut ids = Vec::new();
    for d in synth::documents(n, 60, seed) {
        serde_json::to_writer(&mut w, &synth::raw_article(&d)).unwrap();
        w.write_all(b"\n").unwrap();
        ids.push(d.id);
    }
    w.flush().unwrap();
    (path, ids)
}

fn rasd() -> Command {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
}

fn ingest_json(input: &Path, db: &Path) -> serde_json::Value {
    let out = rasd()
        .args(["ingest", "--json", "--batch", "32", "--db"])
        .arg(db)
        .arg(input)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn store_reingest_adds_nothing_and_queries_work() {
    let tmp = Tmp::new("reingest");
    let (input, ids) = corpus(&tmp.0, 120, 3);
    let db = tmp.0.join("db");
    let first = ingest_json(&input, &db);
    assert_eq!(first["records"], 120);
    assert_eq!(
        first["put"]["new"].as_u64().unwrap() + first["put"]["near_duplicates"].as_u64().unwrap(),
        120,
        "{first}"
    );
    let second = ingest_json(&input, &db);
    assert_eq!(second["put"]["duplicates"], 120, "{second}");
    assert_eq!(second["put"]["new"], 0);
    assert_eq!(second["put"]["events_new"], 0);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.article_count().unwrap(), 120);
    assert_eq!(store.integrity().unwrap(), (120, 120));
    for id in &ids {
        assert!(store.article(id).unwrap().is_some(), "{id} missing");
    }
    drop(store);
    // Query commands run and produce their formats.
    let out = rasd()
        .args(["search", "الدفاع المدني", "--format", "jsonl", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for f in ["table", "csv", "jsonl", "geojson"] {
        let out = rasd()
            .args(["events", "--format", f, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if f == "csv" {
            assert!(
                String::from_utf8_lossy(&out.stdout).starts_with("event_id_cnty,event_date,year,")
            );
        }
    }
    let out = rasd().args(["stats", "--db"]).arg(&db).output().unwrap();
    assert!(out.status.success() && String::from_utf8_lossy(&out.stdout).contains("articles 120"));
    let out = rasd()
        .args(["events", "--bbox", "1,2,3", "--db"])
        .arg(&db)
        .output()
        .unwrap();
    assert!(!out.status.success() && String::from_utf8_lossy(&out.stderr).contains("--bbox"));
}

#[test]
fn store_kill_9_and_restart_loses_and_duplicates_nothing() {
    let tmp = Tmp::new("kill");
    let n = 600;
    let (input, ids) = corpus(&tmp.0, n, 5);
    let db = tmp.0.join("db");
    drop(Store::open(&db).unwrap());
    let mut child = rasd()
        .args(["ingest", "--batch", "16", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait until the ingest is under way, then kill it after a random extra delay (from the
    // clock; no timed assertion: any moment must be safe).
    let reader = Store::open(&db).unwrap();
    let start = Instant::now();
    while reader.article_count().unwrap() == 0
        && child.try_wait().unwrap().is_none()
        && start.elapsed() < Duration::from_secs(300)
    {
        std::thread::sleep(Duration::from_millis(5));
    }
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.subsec_nanos())
        .unwrap_or(0);
    let delay = Duration::from_millis((nanos % 400) as u64);
    std::thread::sleep(delay);
    let _ = child.kill(); // SIGKILL
    let _ = child.wait();
    let partial = reader.article_count().unwrap();
    drop(reader);
    println!("killed {delay:?} after the first commit with {partial} of {n} articles stored");
    // Restart to completion.
    let s = ingest_json(&input, &db);
    assert_eq!(s["put"]["documents"], n);
    let store = Store::open(&db).unwrap();
    assert_eq!(
        store.article_count().unwrap(),
        n,
        "no lost and no duplicate article"
    );
    assert_eq!(
        store.integrity().unwrap(),
        (n, n),
        "full-text index consistent with SQLite"
    );
    let mut stored = store.article_ids().unwrap();
    stored.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(stored, want);
    for id in &ids {
        let a = store.article(id).unwrap().unwrap();
        assert!(!a.doc.text.is_empty());
    }
    // Events: every report of every article is in exactly one event.
    let ev = store
        .events(&EventFilter {
            limit: 1_000_000,
            include_background: true,
            ..Default::default()
        })
        .unwrap();
    let mut sources: Vec<(String, usize)> = ev
        .items
        .iter()
        .flat_map(|e| {
            e.sources
                .iter()
                .map(|s| (s.article_id.clone(), s.evidence_start))
        })
        .collect();
    let total = sources.len();
    sources.sort();
    sources.dedup();
    assert_eq!(total, sources.len(), "an event report appears twice");
}

#[test]
fn store_concurrent_reader_sees_only_whole_documents() {
    let tmp = Tmp::new("reader");
    let n = 400;
    let (input, _ids) = corpus(&tmp.0, n, 8);
    let db = tmp.0.join("db");
    // Create the database first so the reader can open it while the ingest runs.
    drop(Store::open(&db).unwrap());
    let mut child = rasd()
        .args(["ingest", "--batch", "8", "--db"])
        .arg(&db)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let reader = Store::open(&db).unwrap();
    let start = Instant::now();
    let mut last = 0;
    let mut observations = 0;
    loop {
        let done = child.try_wait().unwrap().is_some();
        let ids = reader.article_ids().unwrap();
        assert!(ids.len() >= last, "article count went backwards");
        last = ids.len();
        for id in ids.iter().rev().take(20) {
            // A visible article is complete: its JSON parses and its events are stored with it.
            let a = reader
                .article(id)
                .unwrap()
                .expect("listed article readable");
            assert_eq!(
                a.event_ids.len(),
                a.doc.events.len(),
                "{id}: events stored with the article"
            );
            for e in &a.event_ids {
                assert!(
                    reader.event(e).unwrap().is_some(),
                    "{id}: event {e} visible"
                );
            }
        }
        observations += 1;
        if done || start.elapsed() > Duration::from_secs(600) {
            break;
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = child.wait().unwrap();
    assert!(status.success());
    assert_eq!(reader.article_count().unwrap(), n);
    println!("{observations} consistent observations during ingest");
}
