//! Two writers on one database (two `Store`s, as two processes would have): every stored
//! article ends up searchable, whoever stored it and whoever held the full-text index writer.
//! Texts are fictional sentences written for this test.

use rasd_doc::{Document, Meta};
use rasd_store::*;
use std::time::Duration;

fn doc(id: &str, word: &str) -> Document {
    Document {
        id: id.into(),
        text: format!(
            "أفاد مراسلنا أن {word} وقع قرب البلدة الشمالية في ساعة متأخرة من الليل ({id})."
        ),
        meta: Meta {
            url: Some(format!("https://writers.example/{id}")),
            title: Some(format!("خبر {id}")),
            published: Some("2024-05-02".into()),
            source: Some("Outlet W".into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn hits(s: &Store, text: &str) -> usize {
    s.search(&SearchQuery {
        text: text.into(),
        limit: 50,
        ..Default::default()
    })
    .unwrap()
    .total
}

/// Holds the index writer lock the way another process's writer would.
fn hold_index_lock(dir: &std::path::Path) -> tantivy::IndexWriter {
    let index = tantivy::Index::open_in_dir(dir.join("index")).unwrap();
    index.writer_with_num_threads(1, 15_000_000).unwrap()
}

#[test]
fn interleaved_writers_leave_every_article_searchable() {
    let dir = tempfile::tempdir().unwrap();
    let a = Store::open(dir.path()).unwrap();
    let b = Store::open(dir.path()).unwrap();
    a.set_index_wait(Duration::from_millis(30));
    b.set_index_wait(Duration::from_millis(30));

    // 1. A writes normally: indexed at once, and the lock is released afterwards (B can write).
    a.put_documents(vec![doc("a1", "انفجار")]).unwrap();
    assert_eq!(a.unindexed_count().unwrap(), 0);

    // 2. While another writer holds the index lock, B's write is stored (no error) and
    //    recorded as unindexed.
    let held = hold_index_lock(dir.path());
    let st = b
        .put_documents(vec![doc("b1", "انفجار"), doc("b2", "انفجار")])
        .unwrap();
    assert_eq!(st.new, 2);
    assert_eq!(b.unindexed_count().unwrap(), 2);
    drop(held);

    // 3. A writes again: its pass indexes B's articles too (the old high-water position
    //    would have skipped them for ever).
    a.put_documents(vec![doc("a2", "انفجار")]).unwrap();
    assert_eq!(a.unindexed_count().unwrap(), 0);
    assert_eq!(hits(&a, "انفجار"), 4);
    assert_eq!(hits(&b, "انفجار"), 4);

    // 4. Interleaved writes through both, none blocked: all searchable from both.
    for i in 0..6 {
        let w = if i % 2 == 0 { &a } else { &b };
        w.put_documents(vec![doc(&format!("x{i}"), "اشتباك")])
            .unwrap();
    }
    assert_eq!(hits(&a, "اشتباك"), 6);
    assert_eq!(hits(&b, "اشتباك"), 6);
    let (n, m) = a.integrity().unwrap();
    assert_eq!((n, m), (10, 10));
}

#[test]
fn unindexed_articles_are_indexed_by_a_search_or_the_next_open() {
    let dir = tempfile::tempdir().unwrap();
    {
        let b = Store::open(dir.path()).unwrap();
        b.set_index_wait(Duration::ZERO);
        let held = hold_index_lock(dir.path());
        b.put_documents(vec![doc("p1", "قصف")]).unwrap();
        assert_eq!(b.unindexed_count().unwrap(), 1);
        drop(held);
        // A search indexes what is pending first.
        assert_eq!(hits(&b, "قصف"), 1);
        assert_eq!(b.unindexed_count().unwrap(), 0);
        let held = hold_index_lock(dir.path());
        b.put_documents(vec![doc("p2", "قصف")]).unwrap();
        drop(held);
    }
    // Opening catches up too.
    let c = Store::open(dir.path()).unwrap();
    assert_eq!(c.unindexed_count().unwrap(), 0);
    assert_eq!(hits(&c, "قصف"), 2);
}

#[test]
fn an_update_stored_while_indexing_stays_recorded() {
    // The record is per version: indexing version 1 must not erase a pending version 2.
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(dir.path()).unwrap();
    s.set_index_wait(Duration::ZERO);
    let held = hold_index_lock(dir.path());
    s.put_documents(vec![doc("u1", "قصف")]).unwrap();
    let mut v2 = doc("u1", "اشتباك");
    v2.text.push_str(" تحديث.");
    s.put_documents(vec![v2]).unwrap();
    assert_eq!(s.unindexed_count().unwrap(), 1);
    drop(held);
    assert_eq!(hits(&s, "اشتباك"), 1);
    assert_eq!(hits(&s, "قصف"), 0);
}
