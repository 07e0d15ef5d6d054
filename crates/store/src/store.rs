//! `Store`: opening a database directory, storing annotated documents (dedup + event
//! clustering), and reading articles back.

use crate::analyzer::analyzer_fingerprint;
use crate::api::*;
use crate::cluster::{self, Candidate, ReportRow, Screen};
use crate::db::{self, db_err, now_iso};
use crate::dedup::{self, ReportKey};
use crate::fulltext::{day_key, FullText, IndexDoc, Point};
use rasd_doc::{CharIndex, Document, EventAnn};
use rusqlite::{params, Connection, OptionalExtension, Transaction, TransactionBehavior};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::sync::Mutex;

/// How many articles the full-text catch-up indexes per commit.
const CATCHUP_BATCH: usize = 2000;

/// seq, iseq, id, title, published, source, doc JSON.
type CatchUpRow = (
    i64,
    i64,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

/// An open database directory (`rasd.sqlite` + `index/`). `Send + Sync`: share it in an `Arc`.
pub struct Store {
    dir: PathBuf,
    write: Mutex<Connection>,
    readers: Mutex<Vec<Connection>>,
    pub(crate) ft: FullText,
    /// Watch connection for [`Store::generation`] (never used for anything else).
    gen: Mutex<GenWatch>,
    /// Commits made through this `Store` (bumped after each write transaction).
    local_writes: AtomicU64,
    /// Counts and stats cached until the generation changes.
    pub(crate) cache: Mutex<crate::query::QueryCache>,
    /// The memory-resident event index, when enabled (servers).
    pub(crate) mem: Arc<Mutex<crate::query::mem::MemState>>,
    /// How long a write waits for the full-text index writer lock (milliseconds).
    index_wait_ms: AtomicU64,
    /// One indexing pass at a time within this process.
    index_lock: Mutex<()>,
}

/// How long a write waits for another process to release the full-text index writer before
/// leaving its articles to be indexed later (they stay recorded as unindexed).
pub const DEFAULT_INDEX_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// State behind [`Store::generation`]: a dedicated connection whose `PRAGMA data_version`
/// changes whenever any *other* connection (this process's writer, or another process)
/// commits, and the number of changes seen so far.
#[derive(Default)]
struct GenWatch {
    conn: Option<Connection>,
    last: Option<i64>,
    changes: u64,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("dir", &self.dir).finish()
    }
}

fn lock_err<T>(_: T) -> StoreError {
    StoreError::Db("connection lock poisoned".into())
}

impl Store {
    /// Create or open a database directory, run migrations, and bring the full-text index up to
    /// date with SQLite (after a crash or an analyzer change).
    pub fn open(dir: &Path) -> Result<Store, StoreError> {
        std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
            path: dir.display().to_string(),
            message: e.to_string(),
        })?;
        let mut conn = db::connect(&dir.join("rasd.sqlite"))?;
        // The writer's lookups (dedup candidates, event rows) span the whole file: a larger
        // page cache than the readers' (64 MB, within the memory budget).
        conn.execute_batch("PRAGMA cache_size=-65536; PRAGMA wal_autocheckpoint=8192;")
            .map_err(db_err)?;
        let ft = FullText::open(&dir.join("index"))?;
        let point = ft.committed();
        db::migrate(&mut conn, point.iseq)?;
        crate::index::refresh_terms(&mut conn)?;
        if point.analyzer != analyzer_fingerprint() {
            // The analyzer changed (or the index is new): every article is indexed again.
            conn.execute_batch(
                "INSERT OR REPLACE INTO unindexed(seq, iseq) SELECT seq, iseq FROM articles",
            )
            .map_err(db_err)?;
        }
        let store = Store {
            dir: dir.to_path_buf(),
            write: Mutex::new(conn),
            readers: Mutex::new(Vec::new()),
            ft,
            gen: Mutex::new(GenWatch::default()),
            local_writes: AtomicU64::new(0),
            cache: Mutex::new(Default::default()),
            mem: Arc::default(),
            index_wait_ms: AtomicU64::new(DEFAULT_INDEX_WAIT.as_millis() as u64),
            index_lock: Mutex::new(()),
        };
        // Without waiting: when another process holds the index writer, it indexes these too.
        store.index_pending(std::time::Duration::ZERO)?;
        Ok(store)
    }

    /// Whether `dir` holds a database (its SQLite file exists). [`Store::open`] creates one
    /// when not; commands that only read check this first.
    pub fn exists(dir: &Path) -> bool {
        dir.join("rasd.sqlite").is_file()
    }

    /// The database directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// A number that changes whenever anything is committed to this database, by this `Store`
    /// or by any other connection or process (e.g. `rasd ingest` while a server reads).
    ///
    /// Semantics: strictly increasing within one `Store` value; equal numbers from two calls
    /// mean no commit happened in between (so results cached under the older number are still
    /// valid). The value itself means nothing across `Store` values or processes. Cheap (one
    /// `PRAGMA data_version` on a dedicated connection): call it per request.
    pub fn generation(&self) -> Result<u64, StoreError> {
        let mut g = self.gen.lock().map_err(lock_err)?;
        if g.conn.is_none() {
            let c = db::connect(&self.dir.join("rasd.sqlite"))?;
            c.execute_batch("PRAGMA query_only=1;").map_err(db_err)?;
            g.conn = Some(c);
        }
        let dv: i64 = match &g.conn {
            Some(c) => c
                .query_row("PRAGMA data_version", [], |r| r.get(0))
                .map_err(db_err)?,
            None => 0,
        };
        if g.last != Some(dv) {
            g.last = Some(dv);
            g.changes += 1;
        }
        Ok(g.changes + self.local_writes.load(Ordering::SeqCst))
    }

    /// Keep a memory-resident copy of the event filter index and answer event queries from it
    /// while it is current (servers: many queries, few writes). It is built on a background
    /// thread now and after changes, spaced so that rebuilding takes at most about a third of
    /// one core while the database keeps changing; until a copy is current, SQLite answers.
    /// Results are the same either way. Memory: about 60 bytes per event plus 4 per filter key
    /// and evidence term of each event.
    pub fn enable_memory_index(&self) -> Result<(), StoreError> {
        self.mem.lock().map_err(lock_err)?.enabled = true;
        let gen = self.generation()?;
        crate::query::mem::fresh(&self.mem, &self.dir.join("rasd.sqlite"), gen);
        Ok(())
    }

    /// Enable the memory index (see [`Store::enable_memory_index`]) and build it now, on this
    /// thread. Returns the number of events it holds and its approximate size in bytes.
    pub fn build_memory_index(&self) -> Result<(usize, usize), StoreError> {
        self.mem.lock().map_err(lock_err)?.enabled = true;
        let gen = self.generation()?;
        crate::query::mem::build_into(&self.mem, &self.dir.join("rasd.sqlite"), gen)?;
        Ok(self.memory_index_size().unwrap_or((0, 0)))
    }

    /// Stop using the memory index and free it.
    pub fn disable_memory_index(&self) {
        if let Ok(mut m) = self.mem.lock() {
            m.enabled = false;
            m.current = None;
        }
    }

    /// Events held by the current memory index and its approximate size in bytes, if one is
    /// built and current.
    pub fn memory_index_size(&self) -> Option<(usize, usize)> {
        let gen = self.generation().ok()?;
        let m = self.mem.lock().ok()?;
        m.current
            .as_ref()
            .filter(|c| m.enabled && c.generation() == gen)
            .map(|c| (c.len(), c.heap_bytes()))
    }

    /// Record a commit made through this `Store` (see [`Store::generation`]).
    pub(crate) fn bump_generation(&self) {
        self.local_writes.fetch_add(1, Ordering::SeqCst);
    }

    /// Run `f` on a pooled read-only connection (sees the last committed state).
    pub(crate) fn read<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let conn = self.readers.lock().map_err(lock_err)?.pop();
        let conn = match conn {
            Some(c) => c,
            None => {
                let c = db::connect(&self.dir.join("rasd.sqlite"))?;
                c.execute_batch("PRAGMA query_only=1;").map_err(db_err)?;
                c
            }
        };
        let r = f(&conn);
        if let Ok(mut pool) = self.readers.lock() {
            if pool.len() < 8 {
                pool.push(conn);
            }
        }
        r
    }

    /// Fold the write-ahead log back into the database file and truncate it. Worth calling
    /// after a large load: readers then find pages in the main file instead of searching a
    /// long WAL. Readers may run meanwhile; the checkpoint only copies what they don't need.
    pub fn checkpoint(&self) -> Result<(), StoreError> {
        let c = self.write.lock().map_err(lock_err)?;
        c.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
            .map_err(db_err)
    }

    /// Run `f` on the write connection (short writes outside the ingest path, e.g. zones).
    pub(crate) fn write_conn<T>(
        &self,
        f: impl FnOnce(&Connection) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let c = self.write.lock().map_err(lock_err)?;
        let r = f(&c);
        self.bump_generation();
        r
    }

    /// How long writes wait for another process's full-text index writer to be released
    /// before leaving their articles for later (default [`DEFAULT_INDEX_WAIT`]).
    pub fn set_index_wait(&self, d: std::time::Duration) {
        self.index_wait_ms
            .store(d.as_millis().min(u64::MAX as u128) as u64, Ordering::SeqCst);
    }

    /// Number of stored articles not yet in the full-text index (normally 0 between writes).
    pub fn unindexed_count(&self) -> Result<usize, StoreError> {
        self.read(|c| {
            c.query_row("SELECT COUNT(*) FROM unindexed", [], |r| r.get::<_, i64>(0))
                .map(|n| n as usize)
                .map_err(db_err)
        })
    }

    /// Index every article SQLite records as unindexed (table `unindexed`, written in the same
    /// transaction as the article, by whichever process stored it), then remove exactly the
    /// versions indexed from that record. The index writer lock is taken for this pass only
    /// and released after its commit, so another process can index next. Returns false when
    /// another process kept the lock for longer than `wait`: the articles stay recorded and
    /// the next pass (any write, search or open, by any process) indexes them.
    pub(crate) fn index_pending(&self, wait: std::time::Duration) -> Result<bool, StoreError> {
        let _one = self.index_lock.lock().map_err(lock_err)?;
        let fingerprint = analyzer_fingerprint();
        let reset = self.ft.committed().analyzer != fingerprint;
        if !reset && self.unindexed_count()? == 0 {
            // Nothing to do: the writer (and its lock) is not taken at all.
            return Ok(true);
        }
        let done = self.ft.with_writer(wait, |ft, w| {
            let mut first = true;
            loop {
                let rows: Vec<CatchUpRow> = self.read(|c| {
                    let mut st = c
                        .prepare_cached(
                            "SELECT u.seq, u.iseq, a.id, a.title, a.published, a.source, a.doc \
                             FROM unindexed u JOIN articles a ON a.seq = u.seq ORDER BY u.seq LIMIT ?1",
                        )
                        .map_err(db_err)?;
                    let rows = st
                        .query_map(params![CATCHUP_BATCH as i64], |r| {
                            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?))
                        })
                        .map_err(db_err)?;
                    rows.collect::<Result<Vec<_>, _>>().map_err(db_err)
                })?;
                if rows.is_empty() && !(reset && first) {
                    return Ok(());
                }
                let texts: Vec<String> = rows
                    .iter()
                    .map(|r| {
                        serde_json::from_str::<Document>(&r.6)
                            .map(|d| d.text)
                            .unwrap_or_default()
                    })
                    .collect();
                let docs: Vec<IndexDoc> = rows
                    .iter()
                    .zip(&texts)
                    .map(|(r, t)| IndexDoc {
                        id: &r.2,
                        seq: r.0 as u64,
                        title: r.3.as_deref().unwrap_or(""),
                        body: t,
                        day: r.4.as_deref().and_then(day_key),
                        source: r.5.as_deref().map(|s| s.to_lowercase()),
                    })
                    .collect();
                let max_iseq = rows.iter().map(|r| r.1).max().unwrap_or(0);
                let point = Point {
                    iseq: max_iseq.max(ft.committed().iseq),
                    analyzer: fingerprint,
                };
                ft.add_and_commit(w, &docs, point, reset && first)?;
                first = false;
                // Only the versions just indexed: a newer version stored meanwhile stays recorded.
                {
                    let mut conn = self.write.lock().map_err(lock_err)?;
                    let tx = conn.transaction().map_err(db_err)?;
                    {
                        let mut del = tx
                            .prepare_cached("DELETE FROM unindexed WHERE seq = ?1 AND iseq = ?2")
                            .map_err(db_err)?;
                        for r in &rows {
                            del.execute(params![r.0, r.1]).map_err(db_err)?;
                        }
                    }
                    tx.commit().map_err(db_err)?;
                }
                if rows.len() < CATCHUP_BATCH {
                    return Ok(());
                }
            }
        })?;
        Ok(done.is_some())
    }

    /// Store a batch of annotated documents in one transaction. Idempotent: the same id, or
    /// the same URL with the same content, adds nothing. Event reports are clustered into
    /// events across sources. The full-text index is committed after SQLite.
    pub fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
        let mut st = PutStats::default();
        if docs.is_empty() {
            return Ok(st);
        }
        let mut conn = self.write.lock().map_err(lock_err)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        let mut iseq: i64 = tx
            .query_row("SELECT COALESCE(MAX(iseq), 0) FROM articles", [], |r| {
                r.get(0)
            })
            .map_err(db_err)?;
        let mut touched: BTreeSet<i64> = BTreeSet::new();
        let mut affected: BTreeSet<i64> = BTreeSet::new();
        let mut indexed: Vec<(i64, Document)> = Vec::new();
        let now = now_iso();
        for doc in docs {
            st.documents += 1;
            if let Some((seq, doc)) = put_one(
                &tx,
                doc,
                &now,
                &mut iseq,
                &mut st,
                &mut touched,
                &mut affected,
            )? {
                indexed.push((seq, doc));
            }
        }
        if !affected.is_empty() {
            recluster(&tx, &affected, &mut touched)?;
        }
        for e in &touched {
            recompute_event(&tx, *e)?;
        }
        tx.commit().map_err(db_err)?;
        drop(conn);
        self.bump_generation();
        if !indexed.is_empty() {
            // Indexes these and whatever else is recorded as unindexed (e.g. articles of a
            // writer that could not get the index lock). Not getting the lock is no error: the
            // articles stay recorded for the next pass of any process.
            let wait = std::time::Duration::from_millis(self.index_wait_ms.load(Ordering::SeqCst));
            if !self.index_pending(wait)? {
                tracing::warn!(
                    "full-text index busy (another rasd process holds it): {} article(s) will be indexed by the next write, search or open",
                    indexed.len()
                );
            }
        }
        Ok(st)
    }

    /// A stored article with its event ids.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        self.read(|c| {
            let row: Option<(i64, String, String, Option<String>)> = c
                .prepare_cached("SELECT seq, doc, ingested_at, duplicate_of FROM articles WHERE id = ?1")
                .map_err(db_err)?
                .query_row([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
                .optional()
                .map_err(db_err)?;
            let Some((seq, doc, ingested_at, duplicate_of)) = row else { return Ok(None) };
            let doc: Document = serde_json::from_str(&doc).map_err(|e| StoreError::Db(format!("article {id}: stored JSON unreadable: {e}")))?;
            let mut st = c
                .prepare_cached("SELECT e.id FROM reports r JOIN events e ON e.seq = r.event_seq WHERE r.article_seq = ?1 ORDER BY r.idx")
                .map_err(db_err)?;
            let mut event_ids: Vec<String> = Vec::new();
            for id in st.query_map([seq], |r| r.get::<_, String>(0)).map_err(db_err)? {
                let id = id.map_err(db_err)?;
                if !event_ids.contains(&id) {
                    event_ids.push(id);
                }
            }
            Ok(Some(StoredArticle { doc, ingested_at, event_ids, duplicate_of }))
        })
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        self.read(|c| {
            c.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get::<_, i64>(0))
                .map(|n| n as usize)
                .map_err(db_err)
        })
    }

    /// Ids of all stored articles, in storage order (for integrity checks and exports).
    pub fn article_ids(&self) -> Result<Vec<String>, StoreError> {
        self.read(|c| {
            let mut st = c
                .prepare("SELECT id FROM articles ORDER BY seq")
                .map_err(db_err)?;
            let rows = st
                .query_map([], |r| r.get::<_, String>(0))
                .map_err(db_err)?;
            rows.collect::<Result<Vec<_>, _>>().map_err(db_err)
        })
    }

    /// Re-cluster every event report from scratch, in storage order (deterministic: the result
    /// equals what incremental ingestion in the same order produces). Returns the event count.
    pub fn recluster_all(&self) -> Result<usize, StoreError> {
        let mut conn = self.write.lock().map_err(lock_err)?;
        let tx = conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(db_err)?;
        let all: BTreeSet<i64> = {
            let mut st = tx.prepare("SELECT seq FROM events").map_err(db_err)?;
            let rows = st.query_map([], |r| r.get::<_, i64>(0)).map_err(db_err)?;
            rows.collect::<Result<_, _>>().map_err(db_err)?
        };
        let mut touched = BTreeSet::new();
        recluster(&tx, &all, &mut touched)?;
        for e in &touched {
            recompute_event(&tx, *e)?;
        }
        let n: i64 = tx
            .query_row("SELECT COUNT(*) FROM events", [], |r| r.get(0))
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
        self.bump_generation();
        Ok(n as usize)
    }

    /// Check that SQLite and the full-text index agree (every article indexed once).
    /// Returns (articles in SQLite, documents in the index).
    pub fn integrity(&self) -> Result<(usize, usize), StoreError> {
        self.ft.refresh();
        let n = self.article_count()?;
        let m = self.ft.num_docs();
        let ok: String = self.read(|c| {
            c.query_row("PRAGMA quick_check", [], |r| r.get(0))
                .map_err(db_err)
        })?;
        if ok != "ok" {
            return Err(StoreError::Db(format!(
                "SQLite integrity check failed: {ok}"
            )));
        }
        Ok((n, m))
    }
}

/// Outlet of a document: `meta.source`, else the site name.
pub(crate) fn outlet(d: &Document) -> Option<&str> {
    d.meta
        .source
        .as_deref()
        .or(d.meta.site_name.as_deref())
        .filter(|s| !s.trim().is_empty())
}

/// Store one document inside the batch transaction. Returns the stored (seq, doc) to index, or
/// `None` for an exact duplicate.
fn put_one(
    tx: &Transaction,
    mut doc: Document,
    now: &str,
    iseq: &mut i64,
    st: &mut PutStats,
    touched: &mut BTreeSet<i64>,
    affected: &mut BTreeSet<i64>,
) -> Result<Option<(i64, Document)>, StoreError> {
    let (chash, ukey) = cluster::identify(&mut doc);
    let url = doc.meta.url.clone();
    // 1. Same id, 2. same URL: duplicate if the content is the same, else an updated version.
    let mut update: Option<i64> = None;
    let by_id: Option<(i64, i64)> = tx
        .prepare_cached("SELECT seq, content_hash FROM articles WHERE id = ?1")
        .map_err(db_err)?
        .query_row([&doc.id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()
        .map_err(db_err)?;
    let seen_version = |seq: i64| -> Result<bool, StoreError> {
        tx.prepare_cached(
            "SELECT 1 FROM article_versions WHERE article_seq = ?1 AND content_hash = ?2",
        )
        .map_err(db_err)?
        .query_row(params![seq, chash], |_| Ok(()))
        .optional()
        .map(|x| x.is_some())
        .map_err(db_err)
    };
    if let Some((seq, h)) = by_id {
        // The current content, or an older version seen before: nothing new.
        if h == chash || seen_version(seq)? {
            st.duplicates += 1;
            return Ok(None);
        }
        update = Some(seq);
    } else if let Some(k) = &ukey {
        let by_url: Option<(i64, String, i64)> = tx
            .prepare_cached("SELECT seq, id, content_hash FROM articles WHERE url_key = ?1 ORDER BY seq LIMIT 1")
            .map_err(db_err)?
            .query_row([k], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()
            .map_err(db_err)?;
        if let Some((seq, id, h)) = by_url {
            if h == chash || seen_version(seq)? {
                st.duplicates += 1;
                return Ok(None);
            }
            doc.id = id;
            update = Some(seq);
        }
    }
    // 3. Same content elsewhere: a duplicate when URLs cannot tell them apart, else a syndicated copy.
    let mut duplicate_of: Option<String> = None;
    if update.is_none() {
        let mut stmt = tx
            .prepare_cached(
                "SELECT a.id, a.url_key FROM article_versions v JOIN articles a ON a.seq = v.article_seq \
                 WHERE v.content_hash = ?1 ORDER BY a.seq LIMIT 8",
            )
            .map_err(db_err)?;
        let same: Vec<(String, Option<String>)> = stmt
            .query_map([chash], |r| Ok((r.get(0)?, r.get(1)?)))
            .map_err(db_err)?
            .collect::<Result<_, _>>()
            .map_err(db_err)?;
        if let Some((id, _)) = same.first() {
            if ukey.is_none() || same.iter().any(|(_, u)| u.is_none()) {
                st.duplicates += 1;
                return Ok(None);
            }
            duplicate_of = Some(id.clone());
        }
    }
    // 4. Near-duplicates by SimHash (banded lookup among articles published around the same day).
    let sh = dedup::simhash(&doc.text);
    let dayn = doc.published_date().and_then(db::day_number).unwrap_or(-1);
    if duplicate_of.is_none() && update.is_none() {
        if let Some(h) = sh {
            let mut stmt = tx
                .prepare_cached(
                    "SELECT seq, h FROM simhash_bands WHERE band = ?1 AND dayn BETWEEN ?2 AND ?3 LIMIT 512",
                )
                .map_err(db_err)?;
            let (lo, hi) = if dayn < 0 {
                (-1, -1)
            } else {
                (dayn - dedup::NEAR_DUP_DAYS, dayn + dedup::NEAR_DUP_DAYS)
            };
            // Closest SimHash; ties go to the oldest article (deterministic).
            let mut best: Option<(u32, i64)> = None;
            for b in dedup::bands(h) {
                for row in stmt
                    .query_map(params![b, lo, hi], |r| {
                        Ok((r.get::<_, i64>(0)?, r.get::<_, Option<i64>>(1)?))
                    })
                    .map_err(db_err)?
                {
                    let (seq, s) = row.map_err(db_err)?;
                    let Some(s) = s else { continue };
                    cluster::closer(&mut best, h, seq, s);
                }
            }
            let best = match best {
                Some((d, seq)) => tx
                    .prepare_cached("SELECT id FROM articles WHERE seq = ?1")
                    .map_err(db_err)?
                    .query_row([seq], |r| r.get::<_, String>(0))
                    .optional()
                    .map_err(db_err)?
                    .map(|id| (d, id)),
                None => None,
            };
            duplicate_of = best.map(|(_, id)| id);
        }
    }
    *iseq += 1;
    let json = serde_json::to_string(&doc)
        .map_err(|e| StoreError::Db(format!("document {}: cannot serialise: {e}", doc.id)))?;
    let day = doc.published_date().map(str::to_string);
    let src = outlet(&doc).map(str::to_string);
    let seq = match update {
        Some(seq) => {
            // Updated version: drop the old reports (their events are re-clustered) and bands.
            {
                let mut s = tx.prepare_cached("SELECT DISTINCT event_seq FROM reports WHERE article_seq = ?1 AND event_seq IS NOT NULL").map_err(db_err)?;
                for e in s.query_map([seq], |r| r.get::<_, i64>(0)).map_err(db_err)? {
                    affected.insert(e.map_err(db_err)?);
                }
            }
            tx.execute("DELETE FROM reports WHERE article_seq = ?1", [seq])
                .map_err(db_err)?;
            tx.execute("DELETE FROM simhash_bands WHERE seq = ?1", [seq])
                .map_err(db_err)?;
            tx.prepare_cached(
                "UPDATE articles SET url=?2, url_key=?3, content_hash=?4, simhash=?5, title=?6, source=?7, published=?8, day=?9, \
                 ingested_at=?10, doc=?11, iseq=?12 WHERE seq=?1",
            )
            .map_err(db_err)?
            .execute(params![seq, url, ukey, chash, sh.unwrap_or(0) as i64, doc.meta.title, src, doc.meta.published, day, now, json, *iseq])
            .map_err(db_err)?;
            st.updated += 1;
            seq
        }
        None => {
            tx.prepare_cached(
                "INSERT INTO articles(id, url, url_key, content_hash, simhash, title, source, published, day, ingested_at, duplicate_of, doc, iseq) \
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            )
            .map_err(db_err)?
            .execute(params![doc.id, url, ukey, chash, sh.unwrap_or(0) as i64, doc.meta.title, src, doc.meta.published, day, now, duplicate_of, json, *iseq])
            .map_err(db_err)?;
            if duplicate_of.is_some() {
                st.near_duplicates += 1;
            } else {
                st.new += 1;
            }
            tx.last_insert_rowid()
        }
    };
    // Recorded in the same transaction: whoever indexes next (this process or another) finds it.
    tx.prepare_cached("INSERT OR REPLACE INTO unindexed(seq, iseq) VALUES (?1, ?2)")
        .map_err(db_err)?
        .execute(params![seq, *iseq])
        .map_err(db_err)?;
    tx.prepare_cached(
        "INSERT OR IGNORE INTO article_versions(article_seq, content_hash) VALUES (?1, ?2)",
    )
    .map_err(db_err)?
    .execute(params![seq, chash])
    .map_err(db_err)?;
    if let Some(h) = sh {
        let mut ins = tx
            .prepare_cached("INSERT INTO simhash_bands(band, dayn, seq, h) VALUES (?1, ?2, ?3, ?4)")
            .map_err(db_err)?;
        for b in dedup::bands(h) {
            ins.execute(params![b, dayn, seq, h as i64])
                .map_err(db_err)?;
        }
    }
    if !doc.events.is_empty() {
        let cix = CharIndex::new(&doc.text);
        for (idx, ev) in doc.events.iter().enumerate() {
            let rid = insert_report(tx, &doc, &cix, seq, idx, ev)?;
            let key = load_key(tx, rid)?;
            let mut near = BTreeSet::new();
            let (e, merged) = assign_with(tx, &key, &ev.event_type, None, &mut near)?;
            touched.insert(e);
            // Whenever the report matched an event, the partition could depend on arrival order
            // (matching is not transitive, and whether a report may join an event depends on
            // the reports already in it): those events are re-clustered in a canonical order at
            // the end of the batch.
            if !near.is_empty() {
                affected.extend(near);
                affected.insert(e);
            }
            if merged {
                st.events_merged += 1;
            } else {
                st.events_new += 1;
            }
        }
    }
    Ok(Some((seq, doc)))
}

fn insert_report(
    tx: &Transaction,
    doc: &Document,
    cix: &CharIndex,
    seq: i64,
    idx: usize,
    ev: &EventAnn,
) -> Result<i64, StoreError> {
    let r = cluster::report_fields(doc, cix, idx, ev)?;
    tx.prepare_cached(
        "INSERT INTO reports(article_seq, article_id, idx, event_type, sub_event_type, day, tp, lat, lon, cell, lkey, actor1, actor2, \
         fatalities, terms, url, outlet, published, evidence, ev_start, ev_end, ann, place_ar, gp, area) \
         VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25)",
    )
    .map_err(db_err)?
    .execute(params![
        seq,
        doc.id,
        idx as i64,
        ev.event_type,
        ev.sub_event_type,
        r.day,
        r.tp,
        ev.lat,
        ev.lon,
        r.cell,
        r.lkey,
        r.actor1,
        r.actor2,
        r.fatalities,
        r.terms,
        doc.meta.url,
        r.outlet,
        doc.meta.published,
        r.evidence,
        r.ev_start,
        r.ev_end,
        r.ann,
        r.place_ar,
        r.gp,
        r.area,
    ])
    .map_err(db_err)?;
    Ok(tx.last_insert_rowid())
}

const KEY_COLS: &str = "rid, article_seq, article_id, outlet, event_seq, sub_event_type, day, tp, lat, lon, lkey, actor1, actor2, fatalities, terms, gp, area";

fn key_from_row(r: &rusqlite::Row) -> rusqlite::Result<ReportKey> {
    let terms: String = r.get(14)?;
    Ok(ReportKey {
        rid: r.get(0)?,
        article_seq: r.get(1)?,
        article_id: r.get(2)?,
        outlet: r.get(3)?,
        event_seq: r.get(4)?,
        sub_event_type: r.get(5)?,
        day: r.get(6)?,
        tp: r.get(7)?,
        lat: r.get(8)?,
        lon: r.get(9)?,
        lkey: r.get(10)?,
        location: None,
        actor1: r.get(11)?,
        actor2: r.get(12)?,
        fatalities: r.get(13)?,
        terms: cluster::split_terms(&terms),
        gp: r.get(15)?,
        area: r.get(16)?,
    })
}

fn load_key(tx: &Transaction, rid: i64) -> Result<ReportKey, StoreError> {
    let mut k = tx
        .prepare_cached(&format!("SELECT {KEY_COLS} FROM reports WHERE rid = ?1"))
        .map_err(db_err)?
        .query_row([rid], key_from_row)
        .map_err(db_err)?;
    let ann: String = tx
        .query_row("SELECT ann FROM reports WHERE rid = ?1", [rid], |r| {
            r.get(0)
        })
        .map_err(db_err)?;
    k.location = serde_json::from_str::<EventAnn>(&ann)
        .ok()
        .and_then(|e| e.location);
    Ok(k)
}

/// Distinguishes the placeholder ids of events created within one transaction (a report can
/// open a new event more than once while its block is re-clustered); the final id is set by
/// `recompute_event`.
static TMP_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Assign a report to the best-matching existing event, or to a new one. `reuse` is an event
/// seq to (re)use for a new cluster during re-clustering. Returns (event seq, merged?).
fn assign(
    tx: &Transaction,
    key: &ReportKey,
    event_type: &str,
    reuse: Option<i64>,
) -> Result<(i64, bool), StoreError> {
    assign_with(tx, key, event_type, reuse, &mut BTreeSet::new())
}

/// [`assign`], also collecting into `near` every event the report scored as a match for (so the
/// caller can re-cluster that block in a canonical order, whatever order reports arrived in).
fn assign_with(
    tx: &Transaction,
    key: &ReportKey,
    event_type: &str,
    reuse: Option<i64>,
    near: &mut BTreeSet<i64>,
) -> Result<(i64, bool), StoreError> {
    // 1. Screen candidates on a covering index (no row reads): same event type, nearby cell or
    //    same place name, within the date tolerance, within merge distance.
    let mut excluded: BTreeSet<i64> = BTreeSet::new();
    let mut keep: BTreeSet<i64> = BTreeSet::new();
    if let Some(day) = key.day {
        let windows = cluster::day_windows(key.tp);
        let mut screen = |r: &rusqlite::Row| -> rusqlite::Result<()> {
            let c = Candidate {
                rid: r.get(0)?,
                event: r.get(1)?,
                article_seq: r.get(2)?,
                day: r.get(3)?,
                tp: r.get(4)?,
                lat: r.get(5)?,
                lon: r.get(6)?,
                // Only the area query knows the candidate's precision; the others allow the widest.
                gp: if r.as_ref().column_count() > 7 {
                    r.get(7)?
                } else {
                    3
                },
            };
            match cluster::screen(key, &c) {
                Screen::Skip => {}
                Screen::Exclude(e) => {
                    excluded.insert(e);
                }
                Screen::Keep(rid) => {
                    keep.insert(rid);
                }
            }
            Ok(())
        };
        const CAND: &str = "rid, event_seq, article_seq, day, tp, lat, lon";
        if let (Some(la), Some(lo_)) = (key.lat, key.lon) {
            let mut s = tx
                .prepare_cached(&format!(
                    "SELECT {CAND} FROM reports INDEXED BY reports_cand_cell WHERE event_type = ?1 AND cell = ?2 AND day BETWEEN ?3 AND ?4 AND tp >= ?5 AND event_seq IS NOT NULL"
                ))
                .map_err(db_err)?;
            for c in dedup::neighbour_cells(dedup::cell_of(la, lo_)) {
                for &(min_tp, w) in windows {
                    let mut rows = s
                        .query(params![event_type, c, day - w, day + w, min_tp])
                        .map_err(db_err)?;
                    while let Some(r) = rows.next().map_err(db_err)? {
                        screen(r).map_err(db_err)?;
                    }
                }
            }
        }
        // Same first-level area: a coarse report (governorate, countryside) and the town-level
        // reports inside it, wherever their points lie.
        if let Some(area) = key.area.as_deref() {
            let min_gp = if key.gp >= 2 { 0 } else { 2 };
            let mut s = tx
                .prepare_cached(&format!(
                    "SELECT {CAND}, gp FROM reports INDEXED BY reports_cand_area WHERE event_type = ?1 AND area = ?2 AND day BETWEEN ?3 AND ?4 AND tp >= ?5 AND gp >= ?6 AND event_seq IS NOT NULL"
                ))
                .map_err(db_err)?;
            for &(min_tp, w) in windows {
                let mut rows = s
                    .query(params![event_type, area, day - w, day + w, min_tp, min_gp])
                    .map_err(db_err)?;
                while let Some(r) = rows.next().map_err(db_err)? {
                    screen(r).map_err(db_err)?;
                }
            }
        }
        if let Some(lk) = key.lkey {
            let mut s = tx
                .prepare_cached(&format!(
                    "SELECT {CAND} FROM reports INDEXED BY reports_cand_lkey WHERE event_type = ?1 AND lkey = ?2 AND day BETWEEN ?3 AND ?4 AND tp >= ?5 AND event_seq IS NOT NULL"
                ))
                .map_err(db_err)?;
            for &(min_tp, w) in windows {
                let mut rows = s
                    .query(params![event_type, lk, day - w, day + w, min_tp])
                    .map_err(db_err)?;
                while let Some(r) = rows.next().map_err(db_err)? {
                    screen(r).map_err(db_err)?;
                }
            }
        }
    }
    // 2. Score the survivors. Best event: highest pair score ≥ threshold; ties go to the older
    //    event (deterministic). Events holding a report of this article are excluded (two
    //    reports of one article are two incidents); so are events the report would stretch over
    //    more days than their precision allows (prevents chaining day-by-day reports of a
    //    recurring situation into one event).
    let mut cands: Vec<ReportKey> = Vec::with_capacity(keep.len());
    {
        let mut s = tx
            .prepare_cached(&format!("SELECT {KEY_COLS} FROM reports WHERE rid = ?1"))
            .map_err(db_err)?;
        for rid in &keep {
            cands.push(s.query_row([rid], key_from_row).map_err(db_err)?);
        }
    }
    let best = cluster::choose(&mut SqlChecks(tx), key, &cands, excluded, near)?;
    match best {
        Some((e, reason)) => {
            tx.execute(
                "UPDATE reports SET event_seq = ?1, merge_reason = ?2 WHERE rid = ?3",
                params![e, reason, key.rid],
            )
            .map_err(db_err)?;
            Ok((e, true))
        }
        None => {
            let e = match reuse {
                Some(e) => e,
                None => {
                    tx.execute(
                        "INSERT INTO events(id, event_type, sub_event_type, actors, places, salience, sources, n_sources, timestamp) \
                         VALUES (?1, ?2, '', '', '', 'main', '', 0, 0)",
                        params![
                            format!(
                                "tmp-{}-{}",
                                key.rid,
                                TMP_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                            ),
                            event_type
                        ],
                    )
                    .map_err(db_err)?;
                    tx.last_insert_rowid()
                }
            };
            tx.execute(
                "UPDATE reports SET event_seq = ?1, merge_reason = NULL WHERE rid = ?2",
                params![e, key.rid],
            )
            .map_err(db_err)?;
            Ok((e, false))
        }
    }
}

/// The chooser's checks on SQLite.
struct SqlChecks<'a, 'c>(&'a Transaction<'c>);

impl cluster::EventChecks for SqlChecks<'_, '_> {
    fn day_span(&mut self, e: i64) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
        self.0
            .prepare_cached("SELECT MIN(day), MAX(day), MAX(tp) FROM reports WHERE event_seq = ?1")
            .map_err(db_err)?
            .query_row([e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db_err)
    }

    fn fine_points(&mut self, e: i64) -> Result<Vec<(Option<f64>, Option<f64>, i64)>, StoreError> {
        let mut s = self
            .0
            .prepare_cached("SELECT lat, lon, gp FROM reports WHERE event_seq = ?1 AND gp <= 2")
            .map_err(db_err)?;
        let rows = s
            .query_map([e], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)
    }

    fn has_article(&mut self, e: i64, article_seq: i64) -> Result<bool, StoreError> {
        self.0
            .prepare_cached(
                "SELECT 1 FROM reports WHERE event_seq = ?1 AND article_seq = ?2 LIMIT 1",
            )
            .map_err(db_err)?
            .query_row(params![e, article_seq], |_| Ok(()))
            .optional()
            .map(|o| o.is_some())
            .map_err(db_err)
    }
}

/// Re-cluster the reports of `events` from scratch, in report order. Old event seqs (and so
/// their ids) are reused for the first new cluster that has no better home.
fn recluster(
    tx: &Transaction,
    events: &BTreeSet<i64>,
    touched: &mut BTreeSet<i64>,
) -> Result<(), StoreError> {
    // (article id, index in the article, rid, old event, type): ordered by the article's id and
    // the report's place in it, not by arrival, so any ingest order gives the same clusters.
    let mut rids: Vec<(String, i64, i64, i64, String)> = Vec::new();
    {
        let mut s = tx
            .prepare_cached(
                "SELECT article_id, idx, rid, event_seq, event_type FROM reports WHERE event_seq = ?1",
            )
            .map_err(db_err)?;
        for e in events {
            for r in s
                .query_map([e], |r| {
                    Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
                })
                .map_err(db_err)?
            {
                rids.push(r.map_err(db_err)?);
            }
        }
    }
    rids.sort();
    {
        let mut s = tx
            .prepare_cached(
                "UPDATE reports SET event_seq = NULL, merge_reason = NULL WHERE rid = ?1",
            )
            .map_err(db_err)?;
        for (_, _, rid, _, _) in &rids {
            s.execute([rid]).map_err(db_err)?;
        }
    }
    let mut used: BTreeSet<i64> = BTreeSet::new();
    for (_, _, rid, old, et) in &rids {
        let key = load_key(tx, *rid)?;
        let reuse = (!used.contains(old)).then_some(*old);
        let (e, _) = assign(tx, &key, et, reuse)?;
        used.insert(e);
        touched.insert(e);
    }
    touched.extend(events.iter().copied());
    Ok(())
}

/// Recompute an event's row from its reports (or delete it when none is left).
pub(crate) fn recompute_event(tx: &Transaction, e: i64) -> Result<(), StoreError> {
    let rows: Vec<ReportRow> = {
        let mut s = tx
            .prepare_cached(
                "SELECT article_id, url, outlet, published, evidence, ev_start, ev_end, ann, merge_reason, place_ar, terms \
                 FROM reports WHERE event_seq = ?1 ORDER BY rid",
            )
            .map_err(db_err)?;
        let rows = s
            .query_map([e], |r| {
                Ok(ReportRow {
                    article_id: r.get(0)?,
                    url: r.get(1)?,
                    outlet: r.get(2)?,
                    published: r.get(3)?,
                    evidence: r.get(4)?,
                    ev_start: r.get(5)?,
                    ev_end: r.get(6)?,
                    ann: r.get(7)?,
                    merge_reason: r.get(8)?,
                    place_ar: r.get(9)?,
                    terms: r.get(10)?,
                })
            })
            .map_err(db_err)?;
        rows.collect::<Result<_, _>>().map_err(db_err)?
    };
    crate::index::delete_event_terms(tx, e)?;
    if rows.is_empty() {
        tx.execute("DELETE FROM events WHERE seq = ?1", [e])
            .map_err(db_err)?;
        tx.execute("DELETE FROM event_json WHERE seq = ?1", [e])
            .map_err(db_err)?;
        crate::index::delete_event_keys(tx, e)?;
        return Ok(());
    }
    let old_id: String = tx
        .query_row("SELECT id FROM events WHERE seq = ?1", [e], |r| r.get(0))
        .map_err(db_err)?;
    let row = cluster::build_event(&rows, e, old_id, db::now_secs())?;
    let ev = &row.ev;
    tx.prepare_cached(
        "UPDATE events SET id=?2, event_date=?3, event_type=?4, sub_event_type=?5, actors=?6, places=?7, country=?8, admin1=?9, lat=?10, lon=?11, \
         fatalities=?12, salience=?13, sources=?14, n_sources=?15, timestamp=?16 WHERE seq=?1",
    )
    .map_err(db_err)?
    .execute(params![
        e,
        ev.id,
        ev.event_date,
        ev.event_type,
        ev.sub_event_type,
        row.actors,
        row.places,
        ev.country,
        ev.admin1,
        ev.lat,
        ev.lon,
        ev.fatalities.map(|f| f as i64),
        ev.salience,
        row.sources,
        ev.sources.len() as i64,
        ev.timestamp
    ])
    .map_err(db_err)?;
    tx.prepare_cached("INSERT OR REPLACE INTO event_json(seq, data, evterms) VALUES (?1, ?2, ?3)")
        .map_err(db_err)?
        .execute(params![e, row.data, row.evterms()])
        .map_err(db_err)?;
    crate::index::write_event_keys(tx, e, ev, &row.places_ar(&rows))?;
    let terms: Vec<&str> = row.terms.iter().map(String::as_str).collect();
    crate::index::write_event_terms(tx, e, ev, &terms)?;
    Ok(())
}
