//! Issue #15, finding 1, at the store itself (whatever parser a caller used): a huge offset or
//! limit is a `BadQuery` naming it, never an allocation for offset + limit hits (the process
//! used to abort) nor a SQLite "datatype mismatch" for offsets past i64::MAX, with and without
//! the memory event index. Articles are synthetic (`rasd_store::synth`).

use rasd_store::params::MAX_OFFSET;
use rasd_store::{synth, EventFilter, SearchQuery, Store, StoreError};

fn store(tag: &str) -> (tempfile::TempDir, Store) {
    let dir = tempfile::Builder::new().prefix(tag).tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    s.put_documents(synth::documents(30, 30, 5).collect())
        .unwrap();
    (dir, s)
}

fn assert_bad<T: std::fmt::Debug>(r: Result<T, StoreError>, needle: &str, what: &str) {
    match r {
        Err(StoreError::BadQuery(m)) => assert!(m.contains(needle), "{what}: {m}"),
        other => panic!("{what}: expected BadQuery naming {needle}, got {other:?}"),
    }
}

#[test]
fn huge_search_offsets_and_limits_are_refused() {
    let (_d, s) = store("paging-search");
    let q = |offset: usize, limit: usize| SearchQuery {
        text: "قصف".into(),
        offset,
        limit,
        ..Default::default()
    };
    assert_bad(
        s.search(&q(1_600_000_000, 20)),
        "offset",
        "search offset 1.6e9",
    );
    assert_bad(s.search(&q(usize::MAX, 20)), "offset", "search offset max");
    assert_bad(s.search(&q(0, usize::MAX)), "limit", "search limit max");
    // The deepest page allowed is answered (empty).
    let p = s.search(&q(MAX_OFFSET, 20)).unwrap();
    assert!(p.items.is_empty());
}

#[test]
fn huge_event_offsets_are_refused_with_and_without_the_memory_index() {
    let (_d, s) = store("paging-events");
    for memory in [false, true] {
        if memory {
            s.build_memory_index().unwrap();
        }
        for offset in [9_223_372_036_854_775_808usize, usize::MAX, MAX_OFFSET + 1] {
            let f = EventFilter {
                offset,
                limit: 50,
                ..Default::default()
            };
            let what = format!("events offset {offset} (memory index {memory})");
            assert_bad(s.events(&f), "offset", &what);
            assert_bad(s.for_each_event(&f, |_| Ok(())), "offset", &what);
        }
        let f = EventFilter {
            offset: MAX_OFFSET,
            limit: 50,
            ..Default::default()
        };
        assert!(s.events(&f).unwrap().items.is_empty());
    }
}
