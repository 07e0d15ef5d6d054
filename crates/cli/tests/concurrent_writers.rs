//! Concurrent writers on one database, as processes (issue #15, finding 2): a `rasd serve` that
//! stores articles through `POST /api/ingest` before, while and after two `rasd ingest`
//! processes run on the same database. At the end every stored article is found by a word only
//! it contains, through the running server's search and through `rasd search`.
//! Articles are synthetic (`rasd_store::synth`), each given a unique Latin code word.

use rasd_store::{synth, Store};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

struct Tmp(PathBuf);
impl Tmp {
    fn new(tag: &str) -> Tmp {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let p = std::env::temp_dir().join(format!("rasd-cw-{tag}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&p).unwrap();
        Tmp(p)
    }
}
impl Drop for Tmp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server process, killed when dropped (also when an assertion fails).
struct Server(Child);
impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

const TOKEN: &str = "cw-test-token";

/// A word made of letters only (the analyzer keeps Latin words whole): `n` in base 26.
fn code(n: usize) -> String {
    let mut s = String::from("zcode");
    let mut k = n;
    for _ in 0..4 {
        s.push((b'a' + (k % 26) as u8) as char);
        k /= 26;
    }
    s
}

/// `n` raw synthetic articles as JSONL lines, each text ending with its own code word;
/// pushes (id, code) pairs to `all`.
fn articles(n: usize, seed: u64, all: &mut Vec<(String, String)>) -> Vec<String> {
    synth::documents(n, 60, seed)
        .map(|d| {
            let mut v = synth::raw_article(&d);
            let c = code(all.len());
            let text = format!("{} {c}", v["text"].as_str().unwrap());
            v["text"] = serde_json::Value::String(text);
            all.push((d.id.clone(), c));
            v.to_string()
        })
        .collect()
}

/// One HTTP/1.1 request with `Connection: close`; returns (status, body).
fn http(addr: &str, method: &str, path: &str, body: Option<&str>) -> (u16, String) {
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(120))).unwrap();
    let mut req = format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n");
    if let Some(b) = body {
        req.push_str(&format!(
            "Authorization: Bearer {TOKEN}\r\nContent-Type: application/x-ndjson\r\nContent-Length: {}\r\n",
            b.len()
        ));
    }
    req.push_str("\r\n");
    s.write_all(req.as_bytes()).unwrap();
    if let Some(b) = body {
        s.write_all(b.as_bytes()).unwrap();
    }
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let raw = String::from_utf8_lossy(&raw).into_owned();
    let (head, rest) = raw.split_once("\r\n\r\n").unwrap();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let chunked = head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked");
    (
        status,
        if chunked {
            dechunk(rest)
        } else {
            rest.to_string()
        },
    )
}

fn dechunk(mut s: &str) -> String {
    let mut out = String::new();
    while let Some((size, rest)) = s.split_once("\r\n") {
        let n = usize::from_str_radix(size.trim(), 16).unwrap();
        if n == 0 {
            break;
        }
        out.push_str(&rest[..n]);
        s = &rest[n + 2..];
    }
    out
}

fn post_batch(addr: &str, lines: &[String]) {
    let (status, body) = http(addr, "POST", "/api/ingest", Some(&lines.join("\n")));
    assert_eq!(status, 200, "{body}");
    let j: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(j["received"], lines.len(), "{j}");
    assert!(j["skipped"].as_array().unwrap().is_empty(), "{j}");
}

fn start_server(db: &Path) -> (Server, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args([
            "serve",
            "--create",
            "--addr",
            "127.0.0.1:0",
            "--token",
            TOKEN,
        ])
        .arg("--db")
        .arg(db)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut out = BufReader::new(child.stdout.take().unwrap());
    let server = Server(child);
    let mut line = String::new();
    loop {
        line.clear();
        assert!(out.read_line(&mut line).unwrap() > 0, "server exited");
        if let Some(rest) = line.trim().strip_prefix("rasd: serving on http://") {
            let addr = rest.trim_end_matches('/').to_string();
            // Keep draining stdout so the server never blocks on a full pipe.
            std::thread::spawn(move || {
                let mut sink = String::new();
                let _ = out.read_to_string(&mut sink);
            });
            return (server, addr);
        }
    }
}

fn ingest_process(db: &Path, input: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_rasd"))
        .args(["ingest", "--batch", "8", "--db"])
        .arg(db)
        .arg(input)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn two_ingests_and_a_serving_writer_leave_every_article_searchable() {
    let t = Tmp::new("writers");
    let db = t.0.join("db");
    let mut all = Vec::new();
    let mut batches: Vec<Vec<String>> = (0..4).map(|i| articles(8, 100 + i, &mut all)).collect();
    let mut inputs = Vec::new();
    for seed in [7, 8] {
        let p = t.0.join(format!("in{seed}.jsonl"));
        std::fs::write(&p, articles(48, seed, &mut all).join("\n")).unwrap();
        inputs.push(p);
    }

    let (_server, addr) = start_server(&db);
    // The server writes first (it used to keep the index writer lock from then on) ...
    post_batch(&addr, &batches.remove(0));
    let mut ingests: Vec<Child> = inputs.iter().map(|p| ingest_process(&db, p)).collect();
    // ... and again while both ingests write.
    while !batches.is_empty() && ingests.iter_mut().any(|c| c.try_wait().unwrap().is_none()) {
        std::thread::sleep(Duration::from_millis(300));
        post_batch(&addr, &batches.remove(0));
    }
    for c in ingests {
        let out = c.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "rasd ingest failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // Whatever is left, after both ingests ended.
    for b in batches {
        post_batch(&addr, &b);
    }

    // Every article, through the server that is still running.
    let mut missing = Vec::new();
    for (id, c) in &all {
        let (status, body) = http(&addr, "GET", &format!("/api/search?q={c}"), None);
        assert_eq!(status, 200, "{body}");
        let j: serde_json::Value = serde_json::from_str(&body).unwrap();
        let found = j["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|h| h["article_id"] == id.as_str());
        if !found {
            missing.push(id.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} of {} articles not found by the server: {missing:?}",
        missing.len(),
        all.len()
    );
    // And through the CLI, beside the running server.
    for (id, c) in all.iter().step_by(17) {
        let o = Command::new(env!("CARGO_BIN_EXE_rasd"))
            .args(["search", c, "--db"])
            .arg(&db)
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        assert!(String::from_utf8_lossy(&o.stdout).contains(id.as_str()));
    }
    drop(_server);
    let store = Store::open(&db).unwrap();
    assert_eq!(store.article_count().unwrap(), all.len());
    assert_eq!(store.unindexed_count().unwrap(), 0);
}
