//! Reads the whole `samples/` directory and checks the records per input kind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rasd_ingest::{read_path, read_paths, Body, IngestError, Record, SkipReason};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn collect(p: &Path) -> (Vec<Record>, Vec<IngestError>) {
    let mut ok = Vec::new();
    let mut err = Vec::new();
    for r in read_path(p) {
        match r {
            Ok(r) => ok.push(r),
            Err(e) => err.push(e),
        }
    }
    (ok, err)
}

#[test]
fn warc_sample() {
    let (ok, err) = collect(&samples().join("warc/sample.warc.gz"));
    assert_eq!(ok.len(), 15, "one HTML record per sample page");
    let reasons: Vec<_> = err.iter().map(|e| e.skip_reason()).collect();
    assert_eq!(
        reasons,
        vec![
            Some(SkipReason::Redirect),
            Some(SkipReason::NotHtml),
            Some(SkipReason::NotHtml),
            Some(SkipReason::HttpStatus)
        ],
        "{err:?}"
    );
    for r in &ok {
        assert!(
            r.url.as_deref().unwrap_or("").starts_with("https://"),
            "{r:?}"
        );
        assert_eq!(r.fetched.as_deref(), Some("2026-11-20T10:00:00Z"));
        let Body::Html(h) = &r.body else {
            panic!("not html: {}", r.input)
        };
        // Chunked and gzip payloads are decoded (exactness is tested in bad_input.rs;
        // the pages may have been edited since the archive was generated).
        assert!(h.starts_with(b"<"), "{}", r.input);
        assert!(
            h.windows(5).any(|w| w.eq_ignore_ascii_case(b"<body")),
            "{}",
            r.input
        );
    }
    let cp1256 = ok
        .iter()
        .filter(|r| r.charset.as_deref() == Some("windows-1256"))
        .count();
    assert_eq!(cp1256, 3);
    assert!(
        err[0].to_string().contains("HTTP 301 to https://"),
        "{}",
        err[0]
    );
}

#[test]
fn feed_samples() {
    let (ok, err) = collect(&samples().join("feeds"));
    assert!(err.is_empty(), "{err:?}");
    assert_eq!(ok.len(), 9);
    // Sorted: sample.atom (4 entries) before sample.rss (5 items).
    assert!(ok[0].input.ends_with("sample.atom#1"));
    assert!(ok[4].input.ends_with("sample.rss#1"));
    for r in &ok {
        assert!(
            r.url.is_some() && r.title.is_some() && r.published.is_some(),
            "{r:?}"
        );
        assert!(r.source.is_some());
        assert_eq!(r.lang.as_deref(), Some("ar"));
    }
    assert_eq!(
        ok[4].published.as_deref(),
        Some("2026-11-16T08:15:00+03:00")
    );
    assert!(matches!(ok[4].body, Body::Html(_)));
    assert_eq!(ok[4].charset.as_deref(), Some("utf-8"));
    assert!(
        matches!(ok[3].body, Body::Text(_)),
        "summary-only Atom entry is text"
    );
    assert!(
        matches!(ok[8].body, Body::Text(_)),
        "description-only RSS item is text"
    );
}

#[test]
fn jsonl_sample() {
    let (ok, err) = collect(&samples().join("jsonl/sample.jsonl"));
    assert!(err.is_empty(), "{err:?}");
    assert_eq!(ok.len(), 15);
    let html = ok
        .iter()
        .filter(|r| matches!(r.body, Body::Html(_)))
        .count();
    assert_eq!(html, 8);
    let t = &ok[1];
    assert!(matches!(t.body, Body::Text(_)));
    assert_eq!(t.id.as_deref(), Some("sample-001"));
    assert_eq!(t.published.as_deref(), Some("2026-11-11"));
    // HTML inside JSON is Unicode: the transport charset says so, whatever the page's meta says.
    assert_eq!(ok[0].charset.as_deref(), Some("utf-8"));
    assert!(t.title.is_some() && t.source.is_some() && t.url.is_some());
}

#[test]
fn text_samples() {
    let (ok, err) = collect(&samples().join("text"));
    assert!(err.is_empty(), "{err:?}");
    assert_eq!(ok.len(), 2);
    for r in &ok {
        let Body::Text(t) = &r.body else {
            panic!("not text")
        };
        // Both decode to Arabic (the second one is windows-1256).
        assert!(
            t.chars()
                .filter(|c| ('\u{600}'..='\u{6ff}').contains(c))
                .count()
                > 100
        );
        assert!(!t.contains('\u{fffd}'));
    }
}

#[test]
fn whole_samples_directory() {
    let mut per_kind: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    let mut inputs = Vec::new();
    for r in read_paths(&[samples()]) {
        let input = match &r {
            Ok(rec) => rec.input.clone(),
            Err(e) => e.input().to_string(),
        };
        let rel = input.split("samples/").nth(1).unwrap_or(&input).to_string();
        let kind = rel.split('/').next().unwrap_or("").to_string();
        let entry = per_kind.entry(kind).or_default();
        if r.is_ok() {
            entry.0 += 1;
        } else {
            entry.1 += 1;
        }
        inputs.push(rel);
    }
    let html_pages = std::fs::read_dir(samples().join("html"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .is_ok_and(|e| e.path().extension().is_some_and(|x| x == "html"))
        })
        .count();
    assert_eq!(per_kind.get("html"), Some(&(html_pages, 0)), "{per_kind:?}");
    assert_eq!(per_kind.get("warc"), Some(&(15, 4)));
    assert_eq!(per_kind.get("feeds"), Some(&(9, 0)));
    assert_eq!(per_kind.get("jsonl"), Some(&(15, 0)));
    assert_eq!(per_kind.get("text"), Some(&(2, 0)));
    // Deterministic order: a second pass gives the same sequence.
    let again: Vec<String> = read_paths(&[samples()])
        .map(|r| match r {
            Ok(rec) => rec.input,
            Err(e) => e.input().to_string(),
        })
        .map(|i| i.split("samples/").nth(1).unwrap_or(&i).to_string())
        .collect();
    assert_eq!(inputs, again);
}
