//! Property tests: arbitrary bytes, read as any input kind, never panic and every
//! yielded error names its input.

use std::io::Write;

use proptest::prelude::*;
use rasd_ingest::{normalize_date, read_reader, Options};

const PREFIXES: &[&[u8]] = &[
    b"",
    b"WARC/1.0\r\n",
    b"WARC/1.1\r\nWARC-Type: response\r\nContent-Length: 40\r\n\r\nHTTP/1.1 200 OK\r\n",
    b"<?xml version=\"1.0\"?><rss><channel><item><description>",
    b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><content type=\"xhtml\">",
    b"{\"text\":",
    b"{\"html\":\"<p>\"}\n",
    b"<!doctype html>",
];

fn check(data: Vec<u8>) {
    let opts = Options {
        max_record_bytes: 4096,
    };
    for r in read_reader("p", std::io::Cursor::new(data), None, &opts).take(10_000) {
        if let Err(e) = r {
            assert!(e.input().starts_with('p'));
            let _ = e.to_string();
        }
    }
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn any_bytes_any_kind(prefix in 0..PREFIXES.len(), body in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let mut data = PREFIXES[prefix].to_vec();
        data.extend_from_slice(&body);
        check(data.clone());
        let z = gz(&data);
        check(z.clone());
        // Truncated gzip of the same.
        check(z[..z.len() / 2].to_vec());
    }

    #[test]
    fn text_like_inputs(prefix in 0..PREFIXES.len(), body in "\\PC{0,300}") {
        let mut data = PREFIXES[prefix].to_vec();
        data.extend_from_slice(body.as_bytes());
        check(data);
    }

    #[test]
    fn warc_with_random_lengths(len in 0u64..100_000, block in proptest::collection::vec(any::<u8>(), 0..512), ty in "(response|resource|request|warcinfo|x)") {
        let mut data = format!("WARC/1.0\r\nWARC-Type: {ty}\r\nContent-Length: {len}\r\n\r\n").into_bytes();
        data.extend_from_slice(&block);
        check(data);
    }

    #[test]
    fn http_payloads(
        status in "(200|301|404|2x|)",
        headers in proptest::collection::vec("(Transfer-Encoding: chunked|Content-Encoding: (gzip|deflate|br)|Content-Type: (text/html|image/png|)(; charset=[a-z0-9-]{0,12})?|Location: x)", 0..4),
        body in proptest::collection::vec(any::<u8>(), 0..600),
        chunk_like in "[0-9a-fA-F]{0,18}(;x)?\r?\n",
    ) {
        let mut block = format!("HTTP/1.1 {status} OK\r\n{}\r\n\r\n", headers.join("\r\n")).into_bytes();
        block.extend_from_slice(chunk_like.as_bytes());
        block.extend_from_slice(&body);
        let mut data = format!("WARC/1.0\r\nWARC-Type: response\r\nContent-Length: {}\r\n\r\n", block.len()).into_bytes();
        data.extend_from_slice(&block);
        check(data);
    }

    #[test]
    fn dates_never_panic(s in "\\PC{0,60}") {
        let _ = normalize_date(&s);
    }
}
