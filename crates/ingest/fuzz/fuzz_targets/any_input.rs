//! Fuzzes content sniffing and every reader (gzip, WARC, RSS/Atom, JSONL, HTML, text).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{read_reader, Options};

fuzz_target!(|data: &[u8]| {
    let opts = Options {
        max_record_bytes: 1 << 20,
    };
    for r in read_reader("fuzz", std::io::Cursor::new(data.to_vec()), None, &opts) {
        if let Err(e) = r {
            let _ = e.to_string();
        }
    }
});
