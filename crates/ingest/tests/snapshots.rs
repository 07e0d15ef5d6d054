//! Data-driven test: every sample archive/feed/JSONL/text file under `samples/` (not the
//! HTML pages, which belong to the extractor's tests) is read and summarised, one line per
//! record or error, and compared with `tests/expected/<dir>.tsv`.
//! Refresh the expected files with `RASD_BLESS=1 cargo test -p rasd-ingest --test snapshots`.

use std::path::Path;

use rasd_ingest::{read_path, Body};

fn summarise(dir: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    let mut out = String::from(
        "# input\tkind\tbytes\turl\tid\tpublished\tfetched\ttitle\tsource\tlang\tcharset\n",
    );
    for item in read_path(&root.join(dir)) {
        let line = match item {
            Ok(r) => {
                let (kind, len) = match &r.body {
                    Body::Html(h) => ("html", h.len()),
                    Body::Text(t) => ("text", t.len()),
                };
                let f = |o: &Option<String>| o.clone().unwrap_or_else(|| "-".into());
                let title: String = r.title.as_deref().unwrap_or("-").chars().take(40).collect();
                format!(
                    "{}\t{kind}\t{len}\t{}\t{}\t{}\t{}\t{title}\t{}\t{}\t{}",
                    rel(&r.input),
                    f(&r.url),
                    f(&r.id),
                    f(&r.published),
                    f(&r.fetched),
                    f(&r.source),
                    f(&r.lang),
                    f(&r.charset)
                )
            }
            Err(e) => {
                let msg = e.to_string();
                let msg = msg.split_once(": ").map_or(msg.as_str(), |(_, m)| m);
                format!("{}\terror\t{msg}", rel(e.input()))
            }
        };
        out.push_str(&line);
        out.push('\n');
    }
    out
}

fn rel(input: &str) -> String {
    input
        .rsplit_once("samples/")
        .map_or(input, |(_, r)| r)
        .to_string()
}

fn check(dir: &str) {
    let got = summarise(dir);
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/expected")
        .join(format!("{dir}.tsv"));
    if std::env::var_os("RASD_BLESS").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (run with RASD_BLESS=1)", path.display()));
    if got != want {
        for (i, (g, w)) in got.lines().zip(want.lines()).enumerate() {
            if g != w {
                panic!(
                    "{dir}: line {} differs\n got: {g}\nwant: {w}\n(RASD_BLESS=1 to refresh)",
                    i + 1
                );
            }
        }
        panic!(
            "{dir}: {} lines, expected {} (RASD_BLESS=1 to refresh)",
            got.lines().count(),
            want.lines().count()
        );
    }
}

#[test]
fn warc() {
    check("warc");
}

#[test]
fn feeds() {
    check("feeds");
}

#[test]
fn jsonl() {
    check("jsonl");
}

#[test]
fn text() {
    check("text");
}
