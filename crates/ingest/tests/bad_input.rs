//! Bad inputs: truncated archives, broken XML, binary garbage, empty files, invalid UTF-8,
//! oversized records. Every case must yield errors naming the input and go on.

use std::io::Write;
use std::path::{Path, PathBuf};

use rasd_ingest::{read_paths, read_reader, Body, IngestError, Options, Record, SkipReason};

fn samples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn run(name: &str, data: Vec<u8>) -> Vec<Result<Record, IngestError>> {
    read_reader(name, std::io::Cursor::new(data), None, &Options::default()).collect()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn warc_record(wtype: &str, url: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {url}\r\nWARC-Date: 2026-11-20T10:00:00Z\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn html_response(body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn tmp_dir(name: &str) -> PathBuf {
    let d = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

#[test]
fn truncated_warc_gz_yields_complete_records_then_one_error() {
    let data = std::fs::read(samples().join("warc/sample.warc.gz")).unwrap();
    let full: Vec<_> = run("w.warc.gz", data.clone());
    let full_ok = full.iter().filter(|r| r.is_ok()).count();
    let mut cuts_with_error = 0;
    for cut in (2..data.len()).step_by(211) {
        let out = run("w.warc.gz", data[..cut].to_vec());
        let ok = out.iter().filter(|r| r.is_ok()).count();
        assert!(ok <= full_ok);
        // Records read are identical to the full read's first records.
        for (a, b) in out.iter().zip(full.iter()) {
            if let (Ok(a), Ok(b)) = (a, b) {
                assert_eq!(a, b);
            }
        }
        let hard: Vec<_> = out
            .iter()
            .filter_map(|r| r.as_ref().err())
            .filter(|e| {
                !matches!(
                    e.skip_reason(),
                    Some(SkipReason::Redirect | SkipReason::NotHtml | SkipReason::HttpStatus)
                )
            })
            .collect();
        assert!(hard.len() <= 1, "cut {cut}: {hard:?}");
        if let Some(e) = hard.first() {
            cuts_with_error += 1;
            assert!(e.input().starts_with("w.warc.gz"), "{e}");
            assert!(
                e.skip_reason() == Some(SkipReason::Truncated)
                    || matches!(e, IngestError::Malformed { .. }),
                "cut {cut}: {e}"
            );
            assert!(out.last().unwrap().is_err(), "the error comes last");
        }
    }
    assert!(cuts_with_error > 10);
}

#[test]
fn truncated_plain_warc() {
    let mut data = warc_record(
        "response",
        "http://a.example/1",
        &html_response("<p>one</p>"),
    );
    data.extend(warc_record(
        "response",
        "http://a.example/2",
        &html_response("<p>two</p>"),
    ));
    let cut = data.len() - 8;
    let out = run("t.warc", data[..cut].to_vec());
    assert_eq!(out.len(), 2);
    assert_eq!(
        out[0].as_ref().unwrap().url.as_deref(),
        Some("http://a.example/1")
    );
    let e = out[1].as_ref().unwrap_err();
    assert_eq!(e.skip_reason(), Some(SkipReason::Truncated));
    assert_eq!(e.input(), "t.warc#2");
}

#[test]
fn warc_garbage_and_bad_headers() {
    let mut data = warc_record(
        "response",
        "http://a.example/1",
        &html_response("<p>one</p>"),
    );
    data.extend(b"junk line\r\nmore junk\r\n");
    data.extend(warc_record(
        "response",
        "http://a.example/1b",
        &html_response("<p>1b</p>"),
    ));
    // Not HTTP at all.
    data.extend(warc_record("response", "http://a.example/2", b"hello"));
    data.extend(warc_record(
        "resource",
        "http://a.example/3",
        b"<html><p>res</p></html>",
    ));
    data.extend(b"WARC/1.0\r\nWARC-Type: response\r\n\r\nno length\r\n");
    data.extend(warc_record(
        "response",
        "http://a.example/4",
        &html_response("<p>four</p>"),
    ));
    let out = run("g.warc", data);
    let summary: Vec<String> = out
        .iter()
        .map(|r| match r {
            Ok(r) => format!("ok {}", r.input),
            Err(e) => format!("err {}", e.input()),
        })
        .collect();
    // Garbage reported; the record after it still read; missing Content-Length ends the file.
    assert_eq!(
        summary,
        vec![
            "ok g.warc#1",
            "err g.warc#2",
            "ok g.warc#2",
            "err g.warc#3",
            "ok g.warc#4",
            "err g.warc#5"
        ],
        "{out:?}"
    );
}

#[test]
fn warc_too_large_record_is_skipped_and_reading_goes_on() {
    let big = format!("<p>{}</p>", "x".repeat(5000));
    let mut data = warc_record("response", "http://a.example/big", &html_response(&big));
    data.extend(warc_record(
        "response",
        "http://a.example/small",
        &html_response("<p>s</p>"),
    ));
    let opts = Options {
        max_record_bytes: 1000,
    };
    let out: Vec<_> = read_reader("l.warc", std::io::Cursor::new(data), None, &opts).collect();
    assert_eq!(out.len(), 2);
    let e = out[0].as_ref().unwrap_err();
    assert_eq!(e.skip_reason(), Some(SkipReason::TooLarge));
    assert!(e.to_string().contains("limit"), "{e}");
    assert_eq!(
        out[1].as_ref().unwrap().url.as_deref(),
        Some("http://a.example/small")
    );
}

#[test]
fn warc_chunked_gzip_payload() {
    let page = "<html><body><p>مرحبا</p></body></html>";
    let z = gz(page.as_bytes());
    let mut chunked = format!("{:x}\r\n", 10).into_bytes();
    chunked.extend_from_slice(&z[..10]);
    chunked.extend(format!("\r\n{:x}\r\n", z.len() - 10).into_bytes());
    chunked.extend_from_slice(&z[10..]);
    chunked.extend_from_slice(b"\r\n0\r\n\r\n");
    let mut block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
    block.extend(chunked);
    let out = run(
        "c.warc",
        gz(&warc_record("response", "<http://a.example/c>", &block)),
    );
    assert_eq!(out.len(), 1);
    let r = out[0].as_ref().unwrap();
    assert_eq!(r.body, Body::Html(page.as_bytes().to_vec()));
    assert_eq!(r.url.as_deref(), Some("http://a.example/c"));
    assert_eq!(r.charset, None);
}

#[test]
fn corrupt_gzip() {
    let mut data = gz(b"WARC/1.0\r\n");
    let n = data.len();
    data[n / 2] ^= 0xff;
    data[n / 2 + 1] ^= 0xff;
    let out = run("bad.gz", data);
    assert!(!out.is_empty());
    assert!(out.iter().all(|r| r.is_err()));
    let out = run("bad2.gz", vec![0x1f, 0x8b, 0, 0, 0]);
    assert_eq!(out.len(), 1);
    assert!(out[0].is_err());
}

#[test]
fn broken_feed() {
    let data = b"<?xml version=\"1.0\"?><rss><channel><title>t</title>\
        <item><title>a</title><description>one</description></item>\
        <item><title>b<description>two</description></item></channel></rss>"
        .to_vec();
    let out = run("b.rss", data);
    assert_eq!(out.len(), 2);
    assert!(out[0].is_ok());
    let e = out[1].as_ref().unwrap_err();
    assert!(matches!(e, IngestError::Malformed { .. }), "{e}");
    assert!(
        e.to_string().starts_with("b.rss#2: malformed: broken XML"),
        "{e}"
    );
}

#[test]
fn files_in_a_directory() {
    let d = tmp_dir("bad_files");
    std::fs::write(d.join("a-empty.txt"), b"").unwrap();
    std::fs::write(d.join("b-binary.html"), [0u8, 1, 2, 3, 0xff, 0xfe, 0, 7]).unwrap();
    std::fs::write(d.join("c-image.txt"), b"\x89PNG\r\n\x1a\nxxxx").unwrap();
    std::fs::write(
        d.join("d-latin.txt"),
        b"caf\xe9 cr\xe8me br\xfbl\xe9e, d\xe9j\xe0 vu",
    )
    .unwrap();
    std::fs::write(
        d.join("e-bad.jsonl"),
        b"{\"text\":\"ok\"}\n{oops\n\xff\xfe\n{\"text\":\"ok2\"}\n",
    )
    .unwrap();
    std::fs::write(d.join("f-ignored.json"), b"{}").unwrap();
    std::fs::write(d.join(".hidden.txt"), b"hidden").unwrap();
    std::fs::create_dir_all(d.join("g-sub")).unwrap();
    std::fs::write(d.join("g-sub/page.htm"), b"<html><p>x</p></html>").unwrap();
    std::fs::write(d.join("h-page.txt"), "<!doctype html><p>نص</p>").unwrap();
    let missing = d.join("does-not-exist.html");
    let out: Vec<_> = read_paths(&[d.clone(), missing]).collect();
    let summary: Vec<String> = out
        .iter()
        .map(|r| {
            let (tag, input) = match r {
                Ok(r) => (
                    match r.body {
                        Body::Html(_) => "html".to_string(),
                        Body::Text(_) => "text".to_string(),
                    },
                    r.input.clone(),
                ),
                Err(e) => (
                    e.skip_reason()
                        .map_or_else(|| "error".to_string(), |s| s.to_string()),
                    e.input().to_string(),
                ),
            };
            let name = Path::new(&input)
                .file_name()
                .map(|n| n.to_string_lossy().to_string())
                .unwrap_or_default();
            format!("{tag} {name}")
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            "empty a-empty.txt",
            "binary content b-binary.html",
            "binary content c-image.txt",
            "text d-latin.txt",
            "text e-bad.jsonl#1",
            "error e-bad.jsonl#2",
            "error e-bad.jsonl#3",
            "text e-bad.jsonl#4",
            "html page.htm",
            "html h-page.txt",
            "error does-not-exist.html",
        ]
    );
    let Ok(Record {
        body: Body::Text(t),
        ..
    }) = &out[3]
    else {
        panic!()
    };
    assert_eq!(t, "café crème brûlée, déjà vu");
}

#[test]
fn too_large_single_file() {
    let opts = Options {
        max_record_bytes: 100,
    };
    let out: Vec<_> = read_reader(
        "big.html",
        std::io::Cursor::new(format!("<html>{}</html>", "a".repeat(200))),
        None,
        &opts,
    )
    .collect();
    assert_eq!(out.len(), 1);
    assert_eq!(
        out[0].as_ref().unwrap_err().skip_reason(),
        Some(SkipReason::TooLarge)
    );
}

#[test]
fn warc_dns_and_non_http_records() {
    let mut data = warc_record("warcinfo", "", b"software: test\r\n");
    data.extend(warc_record(
        "response",
        "dns:a.example",
        b"20261120100000\na.example. 300 IN A 10.0.0.1\n",
    ));
    data.extend(warc_record(
        "request",
        "http://a.example/1",
        b"GET /1 HTTP/1.1\r\n\r\n",
    ));
    data.extend(warc_record("revisit", "http://a.example/1", b""));
    data.extend(warc_record(
        "response",
        "http://a.example/1",
        &html_response("<p>one</p>"),
    ));
    let out = run("d.warc", data);
    assert_eq!(out.len(), 1, "{out:?}");
    let r = out[0].as_ref().unwrap();
    assert_eq!(r.input, "d.warc#5");
    assert_eq!(r.body, Body::Html(b"<p>one</p>".to_vec()));
    assert_eq!(r.charset.as_deref(), Some("utf-8"));
    assert_eq!(r.fetched.as_deref(), Some("2026-11-20T10:00:00Z"));
}

#[test]
fn arc_files_are_reported_unsupported() {
    let out = run(
        "old.arc",
        b"filedesc://old.arc 0.0.0.0 20261120 text/plain 10\n".to_vec(),
    );
    assert_eq!(out.len(), 1);
    let e = out[0].as_ref().unwrap_err();
    assert_eq!(e.skip_reason(), Some(SkipReason::Unsupported));
    assert!(e.to_string().contains("convert it to WARC"), "{e}");
}

#[test]
fn small_truncated_warc_gz_keeps_its_complete_records() {
    // Under the 8 KiB sniffed head: the sniff itself meets the cut.
    let mut warc = Vec::new();
    for i in 0..3 {
        warc.extend(warc_record(
            "response",
            &format!("http://news.example/{i}"),
            &html_response(&format!(
                "<html><body><p>خبر قصير رقم {i} عن اجتماع المجلس المحلي.</p></body></html>"
            )),
        ));
    }
    assert!(warc.len() < 4096);
    let data = gz(&warc);
    let cut = data.len() - 12; // the gzip trailer and the end of the last record are lost
    let out = run("small.warc.gz", data[..cut].to_vec());
    let ok: Vec<_> = out.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert!(ok.len() >= 2, "{out:?}");
    assert_eq!(ok[0].url.as_deref(), Some("http://news.example/0"));
    assert_eq!(ok[1].url.as_deref(), Some("http://news.example/1"));
    let errs: Vec<_> = out.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(errs.len(), 1, "{out:?}");
    assert!(errs[0].input().starts_with("small.warc.gz#"), "{}", errs[0]);
    assert_eq!(
        errs[0].skip_reason(),
        Some(SkipReason::Truncated),
        "{}",
        errs[0]
    );
}

#[test]
fn jsonl_with_a_broken_first_line_keeps_the_rest() {
    let d = tmp_dir("jsonl_first_line");
    let p = d.join("feed.jsonl");
    // Not even starting with `{`: named by its extension.
    std::fs::write(
        &p,
        "garbage line\n{\"text\":\"نص أول\"}\n{\"text\":\"نص ثان\"}\n",
    )
    .unwrap();
    let out: Vec<_> = read_paths(std::slice::from_ref(&p)).collect();
    assert_eq!(out.len(), 3, "{out:?}");
    let e = out[0].as_ref().unwrap_err();
    assert!(e.input().ends_with("feed.jsonl#1"), "{e}");
    assert!(e.to_string().contains("not valid JSON"), "{e}");
    assert_eq!(out[2].as_ref().unwrap().body, Body::Text("نص ثان".into()));
}

#[cfg(unix)]
#[test]
fn symlink_cycles_in_an_input_folder_end() {
    let d = tmp_dir("symlink_cycle");
    std::fs::create_dir_all(d.join("sub/deeper")).unwrap();
    std::fs::write(d.join("a.txt"), "نص الملف الأول").unwrap();
    std::fs::write(d.join("sub/b.txt"), "نص الملف الثاني").unwrap();
    std::fs::write(d.join("sub/deeper/c.txt"), "نص الملف الثالث").unwrap();
    // Two links back up at each level: without remembering visited directories the walk
    // branches until the depth cap (2^64 paths).
    std::os::unix::fs::symlink("..", d.join("sub/up")).unwrap();
    std::os::unix::fs::symlink(".", d.join("sub/here")).unwrap();
    std::os::unix::fs::symlink("../..", d.join("sub/deeper/top")).unwrap();
    std::os::unix::fs::symlink("..", d.join("sub/deeper/back")).unwrap();
    let out: Vec<_> = read_paths(&[d.clone(), d.join("sub")]).take(1000).collect();
    let mut names: Vec<String> = out
        .iter()
        .map(|r| r.as_ref().unwrap().input.clone())
        .collect();
    names.sort();
    assert_eq!(names.len(), 3, "{names:?}");
    assert!(
        names[0].ends_with("a.txt") && names[2].ends_with("c.txt"),
        "{names:?}"
    );
}
