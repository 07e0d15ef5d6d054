//! The tantivy full-text index over articles (title + body, Arabic analyzer).
//!
//! SQLite is the source of truth. Every article write records the article (and its version,
//! `iseq`) in the table `unindexed`, in the same transaction; the index is committed *after*
//! that, by whichever process gets the index writer lock next, and then exactly the indexed
//! versions are removed from `unindexed` (see `Store::index_pending`). Replays are idempotent
//! (delete-by-id then add). The writer lock is held for one indexing pass only, so any number
//! of processes can write. The commit payload keeps the analyzer version: a change rebuilds
//! everything.

use crate::analyzer::ArabicTokenizer;
use crate::api::StoreError;
use std::ops::Bound;
use std::path::Path;
use std::time::{Duration, Instant};
use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, Occur, Query, QueryParser, RangeQuery, TermQuery};
use tantivy::schema::{
    Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, Value, FAST, INDEXED, STORED,
    STRING,
};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

const TOKENIZER: &str = "rasd_ar";
const WRITER_HEAP: usize = 48_000_000;

fn ix_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Index(e.to_string())
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    seq: Field,
    title: Field,
    body: Field,
    day: Field,
    source: Field,
}

/// One article as the index sees it.
pub(crate) struct IndexDoc<'a> {
    pub id: &'a str,
    pub seq: u64,
    pub title: &'a str,
    pub body: &'a str,
    /// `YYYYMMDD` of the publication date.
    pub day: Option<i64>,
    /// Lower-cased outlet name.
    pub source: Option<String>,
}

/// What the index has durably committed.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Point {
    pub iseq: i64,
    pub analyzer: u32,
}

pub(crate) struct FullText {
    index: Index,
    reader: IndexReader,
    f: Fields,
}

/// `YYYY-MM-DD…` → `YYYYMMDD`.
pub(crate) fn day_key(s: &str) -> Option<i64> {
    crate::db::day_number(s)?;
    let y: i64 = s.get(0..4)?.parse().ok()?;
    let m: i64 = s.get(5..7)?.parse().ok()?;
    let d: i64 = s.get(8..10)?.parse().ok()?;
    Some(y * 10000 + m * 100 + d)
}

impl FullText {
    pub fn open(dir: &Path) -> Result<FullText, StoreError> {
        let io = |e: std::io::Error| StoreError::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        };
        std::fs::create_dir_all(dir).map_err(io)?;
        let mut sb = Schema::builder();
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(TOKENIZER)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        );
        let f = Fields {
            id: sb.add_text_field("id", STRING | STORED),
            seq: sb.add_u64_field("seq", STORED),
            title: sb.add_text_field("title", text.clone()),
            body: sb.add_text_field("body", text),
            day: sb.add_i64_field("day", INDEXED | FAST),
            source: sb.add_text_field("source", STRING),
        };
        let schema = sb.build();
        let index = if dir.join("meta.json").exists() {
            Index::open_in_dir(dir).map_err(ix_err)?
        } else {
            Index::create_in_dir(dir, schema).map_err(ix_err)?
        };
        index
            .tokenizers()
            .register(TOKENIZER, TextAnalyzer::from(ArabicTokenizer));
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::OnCommitWithDelay)
            .try_into()
            .map_err(ix_err)?;
        Ok(FullText { index, reader, f })
    }

    /// The durably committed point (from the last commit's payload).
    pub fn committed(&self) -> Point {
        let payload = self.index.load_metas().ok().and_then(|m| m.payload);
        payload
            .and_then(|p| serde_json::from_str::<(i64, u32)>(&p).ok())
            .map(|(iseq, analyzer)| Point { iseq, analyzer })
            .unwrap_or_default()
    }

    /// Run `f` with the index writer, then release it (and its lock) so that another process
    /// can write next. Waits up to `wait` while another process holds the lock; `Ok(None)`
    /// when it still does.
    pub fn with_writer<T>(
        &self,
        wait: Duration,
        f: impl FnOnce(&FullText, &mut IndexWriter) -> Result<T, StoreError>,
    ) -> Result<Option<T>, StoreError> {
        let start = Instant::now();
        let mut w = loop {
            match self.index.writer_with_num_threads(1, WRITER_HEAP) {
                Ok(w) => break w,
                Err(tantivy::TantivyError::LockFailure(..)) => {
                    if start.elapsed() >= wait {
                        return Ok(None);
                    }
                    std::thread::sleep(Duration::from_millis(50).min(wait));
                }
                Err(e) => return Err(ix_err(e)),
            }
        };
        let r = f(self, &mut w);
        if r.is_err() {
            // Drop what was added but not committed.
            let _ = w.rollback();
        }
        // Releases the lock once merges started by the commits have finished.
        let _ = w.wait_merging_threads();
        let t = r?;
        self.reader.reload().map_err(ix_err)?;
        Ok(Some(t))
    }

    /// Add (or replace, by id) documents and commit with `point` as payload; `reset` first
    /// deletes every document.
    pub fn add_and_commit(
        &self,
        w: &mut IndexWriter,
        docs: &[IndexDoc<'_>],
        point: Point,
        reset: bool,
    ) -> Result<(), StoreError> {
        let f = self.f;
        if reset {
            w.delete_all_documents().map_err(ix_err)?;
        }
        for d in docs {
            w.delete_term(Term::from_field_text(f.id, d.id));
            let mut doc = TantivyDocument::default();
            doc.add_text(f.id, d.id);
            doc.add_u64(f.seq, d.seq);
            doc.add_text(f.title, d.title);
            doc.add_text(f.body, d.body);
            if let Some(day) = d.day {
                doc.add_i64(f.day, day);
            }
            if let Some(s) = &d.source {
                doc.add_text(f.source, s);
            }
            w.add_document(doc).map_err(ix_err)?;
        }
        let mut pc = w.prepare_commit().map_err(ix_err)?;
        pc.set_payload(&serde_json::to_string(&(point.iseq, point.analyzer)).unwrap_or_default());
        pc.commit().map_err(ix_err)?;
        Ok(())
    }

    /// Search; returns (total hits, [(score, article seq)]) for the requested page.
    pub fn search(
        &self,
        text: &str,
        day_from: Option<i64>,
        day_to: Option<i64>,
        source: Option<&str>,
        limit: usize,
        offset: usize,
    ) -> Result<(usize, Vec<(f32, u64)>), StoreError> {
        let f = self.f;
        let mut parser = QueryParser::for_index(&self.index, vec![f.title, f.body]);
        parser.set_conjunction_by_default();
        parser.set_field_boost(f.title, 1.5);
        // Keep query syntax minimal: quotes (phrases) and -exclusions; other operators are text.
        let cleaned: String = text
            .chars()
            .map(|c| {
                if matches!(
                    c,
                    ':' | '(' | ')' | '[' | ']' | '{' | '}' | '^' | '~' | '*' | '\\' | '/'
                ) {
                    ' '
                } else {
                    c
                }
            })
            .collect();
        let (q, _errors) = parser.parse_query_lenient(&cleaned);
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, q)];
        if day_from.is_some() || day_to.is_some() {
            let lo = day_from
                .map(|d| Bound::Included(Term::from_field_i64(f.day, d)))
                .unwrap_or(Bound::Unbounded);
            let hi = day_to
                .map(|d| Bound::Included(Term::from_field_i64(f.day, d)))
                .unwrap_or(Bound::Unbounded);
            clauses.push((Occur::Must, Box::new(RangeQuery::new(lo, hi))));
        }
        if let Some(s) = source {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(f.source, s),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        let query = BooleanQuery::new(clauses);
        let searcher = self.reader.searcher();
        let (top, total) = searcher
            .search(
                &query,
                &(
                    TopDocs::with_limit(limit.max(1))
                        .and_offset(offset)
                        .order_by_score(),
                    Count,
                ),
            )
            .map_err(ix_err)?;
        let mut out = Vec::with_capacity(top.len());
        for (score, addr) in top {
            let d: TantivyDocument = searcher.doc(addr).map_err(ix_err)?;
            if let Some(seq) = d.get_first(f.seq).and_then(|v| v.as_u64()) {
                out.push((score, seq));
            }
        }
        Ok((total, out))
    }

    /// Make a commit by another process visible now.
    pub fn refresh(&self) {
        let _ = self.reader.reload();
    }

    /// Documents visible to searches.
    pub fn num_docs(&self) -> usize {
        self.reader.searcher().num_docs() as usize
    }
}
