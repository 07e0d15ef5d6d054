//! RSS / Atom reader (rasd-ingest): items, dates, links, embedded HTML.
//! Invariant: never panics and every error names the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{read_reader, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options::default();
    for item in read_reader(
        "fuzz.rss",
        std::io::Cursor::new(data.to_vec()),
        Some("rss"),
        &opts,
    ) {
        if let Err(e) = item {
            assert!(e.input().starts_with("fuzz.rss"), "{e}");
        }
    }
});
