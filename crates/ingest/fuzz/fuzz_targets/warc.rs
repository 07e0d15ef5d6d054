//! Fuzzes the WARC reader: the input is read as a WARC (a `WARC/1.0` line is prepended
//! when missing so the content sniffer always picks the WARC reader).
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{read_reader, Options};

fuzz_target!(|data: &[u8]| {
    let mut input = Vec::with_capacity(data.len() + 10);
    if !data.starts_with(b"WARC/") {
        input.extend_from_slice(b"WARC/1.0\r\n");
    }
    input.extend_from_slice(data);
    let opts = Options {
        max_record_bytes: 1 << 20,
    };
    for r in read_reader("fuzz.warc", std::io::Cursor::new(input), None, &opts) {
        if let Err(e) = r {
            let _ = e.to_string();
        }
    }
});
