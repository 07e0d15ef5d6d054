//! WARC reader (rasd-ingest): record headers, HTTP responses, chunked and compressed payloads,
//! gzip members. Every record is read to the end of the stream. Invariant: never panics and
//! every error names the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{read_reader, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        max_record_bytes: 1 << 20,
    };
    for item in read_reader(
        "fuzz.warc",
        std::io::Cursor::new(data.to_vec()),
        Some("warc"),
        &opts,
    ) {
        if let Err(e) = item {
            assert!(e.input().starts_with("fuzz.warc"), "{e}");
        }
    }
});
