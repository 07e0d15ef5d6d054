//! Inputs found by fuzzing and review of the readers (`fuzz/`, README "Reliability"), each
//! reduced to the smallest case that showed the problem. Every case must end with records
//! and errors naming the input, never a panic, a hang or memory growing with the input.

use rasd_ingest::{read_reader, IngestError, Options, Record};

fn run(name: &str, data: Vec<u8>, ext: &str) -> Vec<Result<Record, IngestError>> {
    read_reader(
        name,
        std::io::Cursor::new(data),
        Some(ext),
        &Options::default(),
    )
    .collect()
}

/// Continuation lines (starting with a space) grew the previous header without limit: a WARC
/// header of millions of them was held in memory whole. They now count as header lines.
#[test]
fn warc_header_continuation_lines_are_bounded() {
    let mut data = b"WARC/1.0\r\nWARC-Type: response\r\n".to_vec();
    for _ in 0..5000 {
        data.extend_from_slice(b" continued\r\n");
    }
    data.extend_from_slice(b"Content-Length: 0\r\n\r\n\r\n\r\n");
    let out = run("c.warc", data, "warc");
    assert_eq!(out.len(), 1, "{out:?}");
    let e = out[0].as_ref().unwrap_err();
    assert!(e.input().starts_with("c.warc#1"), "{e}");
    assert!(e.to_string().contains("header lines"), "{e}");
}
