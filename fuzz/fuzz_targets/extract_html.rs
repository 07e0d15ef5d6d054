//! HTML → article (rasd-extract): decoding, DOM, metadata, publication date, body.
//! The first byte picks the transport hints (none, a declared charset, a dated URL and a
//! capture date), the rest is the page. Invariant: never panics, the document is valid.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_ingest::{Body, Record};

fuzz_target!(|data: &[u8]| {
    let Some((&hint, page)) = data.split_first() else {
        return;
    };
    let mut rec = Record::new("fuzz.html", Body::Html(page.to_vec()));
    match hint % 4 {
        1 => rec.charset = Some("utf-8".into()),
        2 => rec.charset = Some("windows-1256".into()),
        3 => {
            rec.url = Some("https://news.example/2020/09/05/local/story-12.html".into());
            rec.fetched = Some("2020-09-06T08:00:00Z".into());
        }
        _ => {}
    }
    let out = rasd_extract::extract(&rec);
    if let Err(e) = out.doc.validate() {
        panic!("invalid document: {e}");
    }
});
