//! JSONL reader (rasd-ingest): one article object per line, broken and over-long lines.
//! Invariant: never panics and every error names the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{read_reader, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        max_record_bytes: 1 << 16,
    };
    for item in read_reader(
        "fuzz.jsonl",
        std::io::Cursor::new(data.to_vec()),
        Some("jsonl"),
        &opts,
    ) {
        if let Err(e) = item {
            assert!(e.input().starts_with("fuzz.jsonl"), "{e}");
        }
    }
});
