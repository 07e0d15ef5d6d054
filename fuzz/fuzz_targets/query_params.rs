//! HTTP query strings and the shared parameter parser (rasd_store::params), as the API reads
//! them (axum's `Query<Vec<(String, String)>>` is serde_urlencoded) and as the CLI passes its
//! options, then the accepted queries against a small store (SQL filters, the memory event
//! index, full-text search, stats). Invariant: never panics; an accepted query is within the
//! store's paging bounds, its dates are real `YYYY[-MM[-DD]]` dates, and the store answers it.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use rasd_store::params::{self, Limits, Style};
use rasd_store::Store;

/// One database per fuzzing process (300 synthetic annotated articles), opened twice: with the
/// memory event index (as `rasd serve`) and without (SQL, as the CLI and exports).
fn stores() -> &'static [Store; 2] {
    static S: OnceLock<[Store; 2]> = OnceLock::new();
    S.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("rasd-fuzz-query-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let mem = Store::open(&dir).expect("open store");
        mem.put_documents(rasd_store::synth::documents(300, 400, 7).collect())
            .expect("load store");
        mem.build_memory_index().expect("memory index");
        let sql = Store::open(&dir).expect("open store again");
        [mem, sql]
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(pairs) = serde_urlencoded::from_bytes::<Vec<(String, String)>>(data) else {
        return;
    };
    let limits = Limits {
        default: 50,
        max: 5000,
    };
    for style in [Style::Api, Style::Cli] {
        if let Ok(f) = params::event_filter(style, &pairs, limits) {
            params::check_paging(f.offset, f.limit).expect("accepted filter out of bounds");
            for d in f.date_from.iter().chain(f.date_to.iter()) {
                params::parse_date(style, "date_from", d).expect("accepted date does not re-parse");
            }
            if style == Style::Api {
                // A query the parser accepts is answered or refused with an error, never a panic.
                for s in stores() {
                    let _ = s.events(&f);
                    let _ = s.stats(&f);
                }
            }
        }
        if let Ok(q) = params::search_query(style, &pairs) {
            params::check_paging(q.offset, q.limit).expect("accepted search out of bounds");
            assert!(!q.text.is_empty());
            if style == Style::Api {
                let _ = stores()[1].search(&q);
            }
        }
        for (k, v) in &pairs {
            let _ = params::parse_date(style, k, v);
            let _ = params::parse_event_type(style, k, v);
            let _ = params::parse_sub_event_type(style, k, v);
            let _ = params::parse_offset(style, k, v);
            let _ = params::parse_limit(style, k, v, 5000);
            let _ = params::parse_text(style, k, v);
        }
    }
});
