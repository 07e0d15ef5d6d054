//! PostgreSQL backend: the same store behind the same API, for a team sharing one database
//! (several `rasd worker` and `rasd serve` processes). Selected by a `postgres://` URL.
//!
//! Same concepts as the SQLite store: articles (with content versions and SimHash bands for
//! near-duplicates), per-article event reports, events built from them, the filter-index tables
//! (`event_keys`, `key_vocab`, `event_terms`) and zones. Full-text search is a GIN-indexed
//! `tsvector` of rasd's own analyzer terms (`analyzer::terms_of`: the Arabic normalisation,
//! clitic stripping and stemming of the embedded index), queried as a conjunction of the query's
//! terms, so both backends find the same words.
//!
//! Reused, not duplicated: event filters compile with the SQLite store's compiler
//! (`query::compile_filter`; its `?` placeholders are renumbered), merge candidates are screened
//! and chosen by `cluster` (scores from `dedup::score`), event rows are built by
//! `cluster::build_event` and their filter keys by `index::event_key_rows`.
//!
//! Concurrency invariants: one `put_documents` call is one transaction. Before any read that
//! decides a duplicate or a merge, the transaction takes transaction-scoped advisory locks, in
//! sorted order, on the article's id, URL key, content hash and SimHash bands, and on every
//! (event type, 7-day block) its reports can merge within (±35 days: candidates lie within 7
//! days, and re-clustering reaches the reports of the events it touches and their candidates). Two workers storing
//! reports of one incident at the same moment therefore decide one after the other, and the
//! canonical re-clustering makes the result independent of which went first.
//! [`PgStore::generation`] is a counter row bumped by every write transaction.

pub mod queue;
mod schema;

use crate::api::*;
use crate::cluster::{self, Candidate, EventChecks, ReportRow, Screen};
use crate::db::{self, fnv64, now_iso};
use crate::dedup::{self, ReportKey};
use crate::query::{compile_filter, norm_date, widen, Compiled};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Transaction};
use rasd_doc::{CharIndex, Document, EventAnn};
use rusqlite::types::Value;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Mutex;

/// Whether `db` names a PostgreSQL database (`postgres://…` or `postgresql://…`).
pub fn is_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

pub(crate) fn pg_err(e: postgres::Error) -> StoreError {
    match e.as_db_error() {
        Some(d) => StoreError::Db(format!("PostgreSQL: {} ({})", d.message(), d.code().code())),
        None => StoreError::Db(format!("PostgreSQL: {e}")),
    }
}

/// A PostgreSQL store. `Send + Sync`: share it in an `Arc`; connections are pooled.
pub struct PgStore {
    url: String,
    pool: Mutex<Vec<Client>>,
    /// `idle_in_transaction_session_timeout` of this store's sessions (milliseconds; 0 = the
    /// server's default): a process stopped inside a transaction loses its session, and so its
    /// locks, after this long.
    idle_tx_ms: std::sync::atomic::AtomicU64,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore")
            .field("url", &redact(&self.url))
            .finish()
    }
}

/// The URL without its password (for messages).
pub fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(s), Some(at)) if at > s => {
            let cred = &url[s + 3..at];
            match cred.find(':') {
                Some(c) => format!("{}{}:***{}", &url[..s + 3], &cred[..c], &url[at..]),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// A pooled connection, returned to the pool when dropped (unless broken).
struct Conn<'a> {
    store: &'a PgStore,
    client: Option<Client>,
}

impl std::ops::Deref for Conn<'_> {
    type Target = Client;
    fn deref(&self) -> &Client {
        self.client.as_ref().expect("connection present until drop")
    }
}

impl std::ops::DerefMut for Conn<'_> {
    fn deref_mut(&mut self) -> &mut Client {
        self.client.as_mut().expect("connection present until drop")
    }
}

impl Drop for Conn<'_> {
    fn drop(&mut self) {
        if let Some(c) = self.client.take() {
            if !c.is_closed() {
                if let Ok(mut p) = self.store.pool.lock() {
                    if p.len() < 16 {
                        p.push(c);
                    }
                }
            }
        }
    }
}

/// Transaction-scoped advisory lock key of a name.
fn lock_key(name: &str) -> i64 {
    fnv64(name.as_bytes()) as i64
}

/// Days of one merge lock block.
const BLOCK_DAYS: i64 = 7;
/// Blocks either side of a report's block that its merge decision can reach: candidates lie
/// within 7 days, their events span at most 14 days, and re-clustering those events looks 7
/// days around each of their reports (28 days; 5 blocks cover 28 days wherever the day falls).
const BLOCK_REACH: i64 = 5;

impl PgStore {
    /// Connect to `url` and apply pending migrations.
    pub fn connect(url: &str) -> Result<PgStore, StoreError> {
        let s = PgStore {
            url: url.to_string(),
            pool: Mutex::new(Vec::new()),
            idle_tx_ms: Default::default(),
        };
        s.migrate()?;
        Ok(s)
    }

    /// End the sessions of this store that stay idle inside a transaction longer than `d` (a
    /// worker paused mid-transaction then releases its locks; see `queue`). Applies to
    /// connections opened from now on.
    pub fn set_idle_transaction_timeout(&self, d: std::time::Duration) {
        self.pool.lock().map(|mut p| p.clear()).ok();
        self.idle_tx_ms
            .store(d.as_millis() as u64, std::sync::atomic::Ordering::SeqCst);
    }

    /// The database URL (password redacted).
    pub fn describe(&self) -> String {
        redact(&self.url)
    }

    fn conn(&self) -> Result<Conn<'_>, StoreError> {
        let pooled = self
            .pool
            .lock()
            .map_err(|_| StoreError::Db("connection pool lock poisoned".into()))?
            .pop();
        let client = match pooled {
            Some(c) => c,
            None => {
                let mut c = Client::connect(&self.url, NoTls).map_err(|e| {
                    StoreError::Db(format!(
                        "cannot connect to {}: {}",
                        redact(&self.url),
                        pg_err(e)
                    ))
                })?;
                let ms = self.idle_tx_ms.load(std::sync::atomic::Ordering::SeqCst);
                if ms > 0 {
                    c.batch_execute(&format!("SET idle_in_transaction_session_timeout = {ms}"))
                        .map_err(pg_err)?;
                }
                c
            }
        };
        Ok(Conn {
            store: self,
            client: Some(client),
        })
    }

    /// Apply the migrations not yet recorded in `schema_migrations`. Returns how many ran.
    pub fn migrate(&self) -> Result<usize, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        tx.execute(
            "SELECT pg_advisory_xact_lock($1)",
            &[&lock_key("rasd:migrate")],
        )
        .map_err(pg_err)?;
        tx.batch_execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())",
        )
        .map_err(pg_err)?;
        let have: i32 = tx
            .query_one(
                "SELECT COALESCE(MAX(version), 0) FROM schema_migrations",
                &[],
            )
            .map_err(pg_err)?
            .get(0);
        let mut ran = 0;
        for (i, m) in schema::MIGRATIONS.iter().enumerate() {
            let v = i as i32 + 1;
            if v <= have {
                continue;
            }
            tx.batch_execute(m).map_err(pg_err)?;
            tx.execute("INSERT INTO schema_migrations(version) VALUES ($1)", &[&v])
                .map_err(pg_err)?;
            ran += 1;
        }
        tx.commit().map_err(pg_err)?;
        Ok(ran)
    }

    /// Changes whenever any process commits a write (a counter row bumped in every write
    /// transaction): equal values mean nothing changed.
    pub fn generation(&self) -> Result<u64, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one("SELECT n FROM generation WHERE id = 1", &[])
            .map_err(pg_err)?
            .get(0);
        Ok(n as u64)
    }

    /// Store a batch in one transaction (see [`crate::Store::put_documents`]).
    pub fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
        if docs.is_empty() {
            return Ok(PutStats::default());
        }
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        let st = put_in(&mut tx, docs)?;
        tx.commit().map_err(pg_err)?;
        Ok(st)
    }

    /// A stored article with its event ids.
    pub fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        let mut c = self.conn()?;
        let Some(row) = c
            .query_opt(
                "SELECT seq, doc, ingested_at, duplicate_of FROM articles WHERE id = $1",
                &[&id],
            )
            .map_err(pg_err)?
        else {
            return Ok(None);
        };
        let seq: i64 = row.get(0);
        let doc: Document = serde_json::from_str(row.get::<_, &str>(1))
            .map_err(|e| StoreError::Db(format!("article {id}: stored JSON unreadable: {e}")))?;
        let mut event_ids: Vec<String> = Vec::new();
        for r in c
            .query(
                "SELECT e.id FROM reports r JOIN events e ON e.seq = r.event_seq WHERE r.article_seq = $1 ORDER BY r.idx",
                &[&seq],
            )
            .map_err(pg_err)?
        {
            let id: String = r.get(0);
            if !event_ids.contains(&id) {
                event_ids.push(id);
            }
        }
        Ok(Some(StoredArticle {
            doc,
            ingested_at: row.get(2),
            event_ids,
            duplicate_of: row.get(3),
        }))
    }

    /// Number of stored articles.
    pub fn article_count(&self) -> Result<usize, StoreError> {
        let n: i64 = self
            .conn()?
            .query_one("SELECT COUNT(*) FROM articles", &[])
            .map_err(pg_err)?
            .get(0);
        Ok(n as usize)
    }

    /// Re-cluster every event report from scratch (deterministic).
    pub fn recluster_all(&self) -> Result<usize, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        tx.execute("LOCK TABLE reports IN EXCLUSIVE MODE", &[])
            .map_err(pg_err)?;
        let all: BTreeSet<i64> = tx
            .query("SELECT seq FROM events", &[])
            .map_err(pg_err)?
            .iter()
            .map(|r| r.get(0))
            .collect();
        let mut touched = BTreeSet::new();
        recluster(&mut tx, &all, &mut touched)?;
        let mut vocab = BTreeSet::new();
        for e in &touched {
            recompute_event(&mut tx, *e, &mut vocab)?;
        }
        write_vocab(&mut tx, vocab)?;
        let n: i64 = tx
            .query_one("SELECT COUNT(*) FROM events", &[])
            .map_err(pg_err)?
            .get(0);
        bump(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(n as usize)
    }

    fn compile(&self, f: &EventFilter) -> Result<Compiled, StoreError> {
        compile_filter(
            f,
            &|kind, needle| {
                if needle.is_empty() {
                    return Ok(Vec::new());
                }
                let rows = self
                    .conn()?
                    .query(
                        "SELECT key FROM key_vocab WHERE kind = $1 AND strpos(key, $2) > 0",
                        &[&kind, &needle],
                    )
                    .map_err(pg_err)?;
                Ok(rows.iter().map(|r| r.get(0)).collect())
            },
            &|z| self.zone(z),
        )
    }

    /// Seqs of the events matching `c` in `sort` order, one page, and the total.
    fn matching(
        &self,
        c: &Compiled,
        sort: EventSort,
        offset: usize,
        limit: usize,
    ) -> Result<(usize, Vec<i64>), StoreError> {
        let mut p = Vec::new();
        let w = pg_sql(&c.events_where(&mut p));
        let params = pg_params(&p);
        let refs: Vec<&(dyn ToSql + Sync)> = params.iter().map(|b| b.as_ref()).collect();
        let order = pg_order(sort);
        let limit_sql = if limit >= i64::MAX as usize {
            "ALL".to_string()
        } else {
            limit.to_string()
        };
        let mut conn = self.conn()?;
        if c.post.is_empty() {
            let total: i64 = conn
                .query_one(&format!("SELECT COUNT(*) FROM events e {w}"), &refs)
                .map_err(pg_err)?
                .get(0);
            let rows = conn
                .query(
                    &format!(
                        "SELECT e.seq FROM events e {w} ORDER BY {order} LIMIT {limit_sql} OFFSET {offset}"
                    ),
                    &refs,
                )
                .map_err(pg_err)?;
            return Ok((total as usize, rows.iter().map(|r| r.get(0)).collect()));
        }
        let rows = conn
            .query(
                &format!("SELECT e.lat, e.lon, e.seq FROM events e {w} ORDER BY {order}"),
                &refs,
            )
            .map_err(pg_err)?;
        let mut total = 0;
        let mut seqs = Vec::new();
        for r in rows {
            if c.post.iter().all(|g| g.keep(r.get(0), r.get(1))) {
                if total >= offset && seqs.len() < limit {
                    seqs.push(r.get(2));
                }
                total += 1;
            }
        }
        Ok((total, seqs))
    }

    /// Events matching a filter, one page (same semantics as the SQLite store).
    pub fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        crate::params::check_paging(f.offset, f.limit)?;
        let c = self.compile(f)?;
        let limit = if f.limit == 0 {
            crate::query::DEFAULT_LIMIT
        } else {
            f.limit
        };
        if c.empty {
            return Ok(Page {
                total: 0,
                offset: f.offset,
                limit,
                items: Vec::new(),
            });
        }
        let (total, seqs) = self.matching(&c, f.sort, f.offset, limit)?;
        Ok(Page {
            total,
            offset: f.offset,
            limit,
            items: self.load_events(&seqs)?,
        })
    }

    /// Every event matching `f` (its sort, offset and limit; `limit: 0` = all), in order, read
    /// in pages.
    pub fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        crate::params::check_paging(f.offset, 0)?;
        let c = self.compile(f)?;
        if c.empty {
            return Ok(0);
        }
        let limit = if f.limit == 0 { usize::MAX } else { f.limit };
        let (_, seqs) = self.matching(&c, f.sort, f.offset, limit)?;
        let mut n = 0;
        for chunk in seqs.chunks(500) {
            for e in self.load_events(chunk)? {
                cb(e)?;
                n += 1;
            }
        }
        Ok(n)
    }

    fn load_events(&self, seqs: &[i64]) -> Result<Vec<StoredEvent>, StoreError> {
        if seqs.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self
            .conn()?
            .query("SELECT seq, data FROM events WHERE seq = ANY($1)", &[&seqs])
            .map_err(pg_err)?;
        let mut by: HashMap<i64, StoredEvent> = HashMap::with_capacity(rows.len());
        for r in rows {
            let data: &str = r.get(1);
            let ev: StoredEvent = serde_json::from_str(data)
                .map_err(|e| StoreError::Db(format!("stored event unreadable: {e}")))?;
            by.insert(r.get(0), ev);
        }
        Ok(seqs.iter().filter_map(|s| by.remove(s)).collect())
    }

    /// One event by id.
    pub fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        let row = self
            .conn()?
            .query_opt("SELECT data FROM events WHERE id = $1", &[&id])
            .map_err(pg_err)?;
        row.map(|r| {
            serde_json::from_str(r.get::<_, &str>(0))
                .map_err(|e| StoreError::Db(format!("event {id}: stored JSON unreadable: {e}")))
        })
        .transpose()
    }

    /// Counts by type, month, first-level area and day (same shape as the SQLite store's).
    pub fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        let c = self.compile(f)?;
        let mut s = Stats {
            articles: self.article_count()?,
            ..Default::default()
        };
        if c.empty {
            return Ok(s);
        }
        let (_, seqs) = self.matching(&c, EventSort::DateDesc, 0, usize::MAX)?;
        let mut conn = self.conn()?;
        let rows = conn
            .query(
                "SELECT event_type, substr(COALESCE(event_date, ''), 1, 10), COALESCE(admin1, '') FROM events WHERE seq = ANY($1)",
                &[&seqs],
            )
            .map_err(pg_err)?;
        let rows = rows.iter().map(|r| (r.get(0), r.get(1), r.get(2)));
        crate::query::fill_stats(&mut s, rows);
        let n: i64 = conn
            .query_one(
                "SELECT COUNT(DISTINCT key) FROM event_keys WHERE kind = $1 AND seq = ANY($2)",
                &[&crate::index::OUTLET, &seqs],
            )
            .map_err(pg_err)?
            .get(0);
        s.sources = n as usize;
        Ok(s)
    }

    /// Full-text search: articles holding every analyzer term of the query (title terms weigh
    /// more), ranked by `ts_rank`, with highlighted snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        let text = q.text.trim();
        if text.is_empty() {
            return Err(StoreError::BadQuery("empty search text".into()));
        }
        crate::params::check_paging(q.offset, q.limit)?;
        let limit = if q.limit == 0 { 20 } else { q.limit.min(1000) };
        let from = norm_date(&q.date_from, "date_from")?.map(|d| widen(&d, false));
        let to = norm_date(&q.date_to, "date_to")?.map(|d| widen(&d, true));
        let source = q
            .source
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
        let mut qterms: HashSet<String> = HashSet::new();
        crate::analyzer::index_terms(text, |_, _, t| {
            qterms.insert(t.to_string());
        });
        let mut sorted: Vec<&String> = qterms.iter().collect();
        sorted.sort();
        if sorted.is_empty() {
            return Ok(Page {
                total: 0,
                offset: q.offset,
                limit,
                items: Vec::new(),
            });
        }
        let tsq = tsquery(&sorted);
        let w = "tsv @@ CAST($1::text AS tsquery) AND ($2::text IS NULL OR day >= $2) AND ($3::text IS NULL OR day <= $3) AND ($4::text IS NULL OR lower(source) = $4)";
        let mut conn = self.conn()?;
        let total: i64 = conn
            .query_one(
                &format!("SELECT COUNT(*) FROM articles WHERE {w}"),
                &[&tsq, &from, &to, &source],
            )
            .map_err(pg_err)?
            .get(0);
        let rows = conn
            .query(
                &format!(
                    "SELECT id, title, url, source, published, ts_rank(tsv, CAST($1::text AS tsquery)) AS r, doc \
                     FROM articles WHERE {w} ORDER BY r DESC, seq LIMIT {limit} OFFSET {}",
                    q.offset
                ),
                &[&tsq, &from, &to, &source],
            )
            .map_err(pg_err)?;
        let items = rows
            .iter()
            .map(|r| {
                let body = serde_json::from_str::<Document>(r.get::<_, &str>(6))
                    .map(|d| d.text)
                    .unwrap_or_default();
                let (snippet, highlights) = crate::query::snippet(&body, &qterms);
                SearchHit {
                    article_id: r.get(0),
                    title: r.get(1),
                    url: r.get(2),
                    source: r.get(3),
                    published: r.get(4),
                    score: r.get(5),
                    snippet,
                    highlights,
                }
            })
            .collect();
        Ok(Page {
            total: total as usize,
            offset: q.offset,
            limit,
            items,
        })
    }

    /// All zones.
    pub fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        let rows = self
            .conn()?
            .query(
                "SELECT id, name, geometry, created_at FROM zones ORDER BY created_at, id",
                &[],
            )
            .map_err(pg_err)?;
        rows.iter()
            .map(|r| crate::query::zone_of(r.get(0), r.get(1), r.get(2), r.get(3)))
            .collect()
    }

    pub fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        Ok(self.zones()?.into_iter().find(|z| z.id == id))
    }

    /// Create a zone (validated like the SQLite store's).
    pub fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        let (zone, geometry) = crate::query::new_zone(spec)?;
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        tx.execute(
            "INSERT INTO zones(id, name, geometry, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, geometry = EXCLUDED.geometry, created_at = EXCLUDED.created_at",
            &[&zone.id, &zone.name, &geometry, &zone.created_at],
        )
        .map_err(pg_err)?;
        bump(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(zone)
    }

    /// Delete a zone; `Ok(false)` if there was none.
    pub fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        let mut c = self.conn()?;
        let mut tx = c.transaction().map_err(pg_err)?;
        let n = tx
            .execute("DELETE FROM zones WHERE id = $1", &[&id])
            .map_err(pg_err)?;
        bump(&mut tx)?;
        tx.commit().map_err(pg_err)?;
        Ok(n > 0)
    }

    /// Events inside a zone, with further filters.
    pub fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        let mut f = f.clone();
        f.zone = Some(id.to_string());
        self.events(&f)
    }
}

/// A tsquery that requires every term (each quoted as one lexeme, never parsed).
fn tsquery(terms: &[&String]) -> String {
    terms
        .iter()
        .map(|t| format!("'{}'", t.replace('\\', "\\\\").replace('\'', "''")))
        .collect::<Vec<_>>()
        .join(" & ")
}

/// The SQLite filter SQL of `query::Compiled` for PostgreSQL: numbered placeholders, no index
/// hints, ASCII case-insensitive country comparison.
fn pg_sql(sql: &str) -> String {
    let sql = sql.replace(" INDEXED BY event_keys_seq", "").replace(
        "e.country = ? COLLATE NOCASE",
        "lower(e.country) = lower(?)",
    );
    let mut out = String::with_capacity(sql.len() + 16);
    let mut n = 0;
    for ch in sql.chars() {
        if ch == '?' {
            n += 1;
            out.push_str(&format!("${n}"));
        } else {
            out.push(ch);
        }
    }
    out
}

fn pg_params(p: &[Value]) -> Vec<Box<dyn ToSql + Sync>> {
    p.iter()
        .map(|v| -> Box<dyn ToSql + Sync> {
            match v {
                Value::Integer(i) => Box::new(*i),
                Value::Real(f) => Box::new(*f),
                Value::Text(s) => Box::new(s.clone()),
                Value::Null => Box::new(Option::<String>::None),
                Value::Blob(b) => Box::new(b.clone()),
            }
        })
        .collect()
}

/// `query::order_sql` with SQLite's NULL placement (NULL sorts first ascending).
fn pg_order(sort: EventSort) -> &'static str {
    match sort {
        EventSort::DateDesc => "e.event_date DESC NULLS LAST, e.seq DESC",
        EventSort::DateAsc => "e.event_date ASC NULLS FIRST, e.seq ASC",
        EventSort::FatalitiesDesc => {
            "e.fatalities DESC NULLS LAST, e.event_date DESC NULLS LAST, e.seq DESC"
        }
    }
}

fn bump(tx: &mut Transaction) -> Result<(), StoreError> {
    tx.execute("UPDATE generation SET n = n + 1 WHERE id = 1", &[])
        .map_err(pg_err)?;
    Ok(())
}

/// Per-document values computed before any lock is taken.
struct Prepared {
    doc: Document,
    chash: i64,
    ukey: Option<String>,
    simhash: Option<u64>,
}

fn prepare(mut doc: Document) -> Prepared {
    let (chash, ukey) = cluster::identify(&mut doc);
    let simhash = dedup::simhash(&doc.text);
    Prepared {
        doc,
        chash,
        ukey,
        simhash,
    }
}

/// The advisory locks a batch needs, sorted (so concurrent batches never deadlock).
fn lock_keys(batch: &[Prepared]) -> Vec<i64> {
    let mut keys = BTreeSet::new();
    for p in batch {
        keys.insert(lock_key(&format!("a:{}", p.doc.id)));
        keys.insert(lock_key(&format!("h:{}", p.chash)));
        if let Some(u) = &p.ukey {
            keys.insert(lock_key(&format!("u:{u}")));
        }
        if let Some(h) = p.simhash {
            for b in dedup::bands(h) {
                keys.insert(lock_key(&format!("b:{b}")));
            }
        }
        for ev in &p.doc.events {
            if let Some(day) = cluster::report_day(&p.doc, ev) {
                let block = day.div_euclid(BLOCK_DAYS);
                for b in block - BLOCK_REACH..=block + BLOCK_REACH {
                    keys.insert(lock_key(&format!("m:{}:{b}", ev.event_type)));
                }
            }
        }
    }
    keys.into_iter().collect()
}

/// Store a batch inside `tx` (the caller commits): locks, dedup, reports, merges, event rows,
/// generation bump.
pub(crate) fn put_in(tx: &mut Transaction, docs: Vec<Document>) -> Result<PutStats, StoreError> {
    let mut st = PutStats::default();
    let batch: Vec<Prepared> = docs.into_iter().map(prepare).collect();
    for k in lock_keys(&batch) {
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&k])
            .map_err(pg_err)?;
    }
    let mut touched = BTreeSet::new();
    let mut affected = BTreeSet::new();
    let now = now_iso();
    for p in batch {
        st.documents += 1;
        put_one(tx, p, &now, &mut st, &mut touched, &mut affected)?;
    }
    if !affected.is_empty() {
        recluster(tx, &affected, &mut touched)?;
    }
    let mut vocab = BTreeSet::new();
    for e in &touched {
        recompute_event(tx, *e, &mut vocab)?;
    }
    write_vocab(tx, vocab)?;
    bump(tx)?;
    Ok(st)
}

fn seen_version(tx: &mut Transaction, seq: i64, chash: i64) -> Result<bool, StoreError> {
    Ok(tx
        .query_opt(
            "SELECT 1 FROM article_versions WHERE article_seq = $1 AND content_hash = $2",
            &[&seq, &chash],
        )
        .map_err(pg_err)?
        .is_some())
}

/// Store one document (the same decisions as the SQLite store's `put_one`).
fn put_one(
    tx: &mut Transaction,
    p: Prepared,
    now: &str,
    st: &mut PutStats,
    touched: &mut BTreeSet<i64>,
    affected: &mut BTreeSet<i64>,
) -> Result<(), StoreError> {
    let Prepared {
        mut doc,
        chash,
        ukey,
        simhash: sh,
    } = p;
    // 1. Same id, 2. same URL: duplicate if the content is the same, else an updated version.
    let mut update: Option<i64> = None;
    let by_id = tx
        .query_opt(
            "SELECT seq, content_hash FROM articles WHERE id = $1",
            &[&doc.id],
        )
        .map_err(pg_err)?;
    if let Some(r) = by_id {
        let (seq, h): (i64, i64) = (r.get(0), r.get(1));
        if h == chash || seen_version(tx, seq, chash)? {
            st.duplicates += 1;
            return Ok(());
        }
        update = Some(seq);
    } else if let Some(k) = &ukey {
        let by_url = tx
            .query_opt(
                "SELECT seq, id, content_hash FROM articles WHERE url_key = $1 ORDER BY seq LIMIT 1",
                &[k],
            )
            .map_err(pg_err)?;
        if let Some(r) = by_url {
            let (seq, id, h): (i64, String, i64) = (r.get(0), r.get(1), r.get(2));
            if h == chash || seen_version(tx, seq, chash)? {
                st.duplicates += 1;
                return Ok(());
            }
            doc.id = id;
            update = Some(seq);
        }
    }
    // 3. Same content elsewhere: a duplicate when URLs cannot tell them apart, else a copy.
    let mut duplicate_of: Option<String> = None;
    if update.is_none() {
        let same = tx
            .query(
                "SELECT a.id, a.url_key FROM article_versions v JOIN articles a ON a.seq = v.article_seq \
                 WHERE v.content_hash = $1 ORDER BY a.seq LIMIT 8",
                &[&chash],
            )
            .map_err(pg_err)?;
        if let Some(first) = same.first() {
            if ukey.is_none() || same.iter().any(|r| r.get::<_, Option<String>>(1).is_none()) {
                st.duplicates += 1;
                return Ok(());
            }
            duplicate_of = Some(first.get(0));
        }
    }
    // 4. Near-duplicates by SimHash among articles published around the same day.
    let dayn = doc.published_date().and_then(db::day_number).unwrap_or(-1);
    if duplicate_of.is_none() && update.is_none() {
        if let Some(h) = sh {
            let (lo, hi) = if dayn < 0 {
                (-1, -1)
            } else {
                (dayn - dedup::NEAR_DUP_DAYS, dayn + dedup::NEAR_DUP_DAYS)
            };
            let mut best: Option<(u32, i64)> = None;
            for b in dedup::bands(h) {
                for r in tx
                    .query(
                        "SELECT seq, h FROM simhash_bands WHERE band = $1 AND dayn BETWEEN $2 AND $3 LIMIT 512",
                        &[&b, &lo, &hi],
                    )
                    .map_err(pg_err)?
                {
                    cluster::closer(&mut best, h, r.get(0), r.get(1));
                }
            }
            if let Some((_, seq)) = best {
                duplicate_of = tx
                    .query_opt("SELECT id FROM articles WHERE seq = $1", &[&seq])
                    .map_err(pg_err)?
                    .map(|r| r.get(0));
            }
        }
    }
    let json = serde_json::to_string(&doc)
        .map_err(|e| StoreError::Db(format!("document {}: cannot serialise: {e}", doc.id)))?;
    let day = doc.published_date().map(str::to_string);
    let src = crate::store::outlet(&doc).map(str::to_string);
    let title_terms = index_lexemes(doc.meta.title.as_deref().unwrap_or(""));
    let body_terms = index_lexemes(&doc.text);
    let shv = sh.unwrap_or(0) as i64;
    let seq: i64 = match update {
        Some(seq) => {
            for r in tx
                .query(
                    "SELECT DISTINCT event_seq FROM reports WHERE article_seq = $1 AND event_seq IS NOT NULL",
                    &[&seq],
                )
                .map_err(pg_err)?
            {
                affected.insert(r.get(0));
            }
            tx.execute("DELETE FROM reports WHERE article_seq = $1", &[&seq])
                .map_err(pg_err)?;
            tx.execute("DELETE FROM simhash_bands WHERE seq = $1", &[&seq])
                .map_err(pg_err)?;
            tx.execute(
                "UPDATE articles SET url=$2, url_key=$3, content_hash=$4, simhash=$5, title=$6, source=$7, published=$8, day=$9, \
                 ingested_at=$10, doc=$11, tsv = setweight(array_to_tsvector($12::text[]), 'A') || array_to_tsvector($13::text[]) WHERE seq=$1",
                &[&seq, &doc.meta.url, &ukey, &chash, &shv, &doc.meta.title, &src, &doc.meta.published, &day, &now, &json, &title_terms, &body_terms],
            )
            .map_err(pg_err)?;
            st.updated += 1;
            seq
        }
        None => {
            let seq = tx
                .query_one(
                    "INSERT INTO articles(id, url, url_key, content_hash, simhash, title, source, published, day, ingested_at, duplicate_of, doc, tsv) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, setweight(array_to_tsvector($13::text[]), 'A') || array_to_tsvector($14::text[])) RETURNING seq",
                    &[&doc.id, &doc.meta.url, &ukey, &chash, &shv, &doc.meta.title, &src, &doc.meta.published, &day, &now, &duplicate_of, &json, &title_terms, &body_terms],
                )
                .map_err(pg_err)?
                .get(0);
            if duplicate_of.is_some() {
                st.near_duplicates += 1;
            } else {
                st.new += 1;
            }
            seq
        }
    };
    tx.execute(
        "INSERT INTO article_versions(article_seq, content_hash) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        &[&seq, &chash],
    )
    .map_err(pg_err)?;
    if let Some(h) = sh {
        for b in dedup::bands(h) {
            tx.execute(
                "INSERT INTO simhash_bands(band, dayn, seq, h) VALUES ($1, $2, $3, $4)",
                &[&b, &dayn, &seq, &(h as i64)],
            )
            .map_err(pg_err)?;
        }
    }
    if !doc.events.is_empty() {
        let cix = CharIndex::new(&doc.text);
        for (idx, ev) in doc.events.iter().enumerate() {
            let key = insert_report(tx, &doc, &cix, seq, idx, ev)?;
            let mut near = BTreeSet::new();
            let (e, merged) = assign(tx, &key, &ev.event_type, None, &mut near)?;
            touched.insert(e);
            // As in the embedded store: every matched event is re-clustered canonically.
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
    Ok(())
}

/// The distinct analyzer terms of a text, as tsvector lexemes (empty and over-long ones,
/// which PostgreSQL refuses, left out).
fn index_lexemes(text: &str) -> Vec<String> {
    let mut v = crate::analyzer::terms_of(text);
    v.retain(|t| !t.is_empty() && t.len() < 2000);
    v.sort_unstable();
    v.dedup();
    v
}

fn insert_report(
    tx: &mut Transaction,
    doc: &Document,
    cix: &CharIndex,
    seq: i64,
    idx: usize,
    ev: &EventAnn,
) -> Result<ReportKey, StoreError> {
    let r = cluster::report_fields(doc, cix, idx, ev)?;
    let rid: i64 = tx
        .query_one(
            "INSERT INTO reports(article_seq, article_id, idx, event_type, sub_event_type, day, tp, lat, lon, cell, lkey, actor1, actor2, \
             fatalities, terms, url, outlet, published, evidence, ev_start, ev_end, ann, place_ar, gp, area, location) \
             VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26) RETURNING rid",
            &[
                &seq,
                &doc.id,
                &(idx as i64),
                &ev.event_type,
                &ev.sub_event_type,
                &r.day,
                &r.tp,
                &ev.lat,
                &ev.lon,
                &r.cell,
                &r.lkey,
                &r.actor1,
                &r.actor2,
                &r.fatalities,
                &r.terms,
                &doc.meta.url,
                &r.outlet,
                &doc.meta.published,
                &r.evidence,
                &r.ev_start,
                &r.ev_end,
                &r.ann,
                &r.place_ar,
                &r.gp,
                &r.area,
                &ev.location,
            ],
        )
        .map_err(pg_err)?
        .get(0);
    load_key(tx, rid)
}

const KEY_COLS: &str = "rid, article_seq, article_id, outlet, event_seq, sub_event_type, day, tp, lat, lon, lkey, actor1, actor2, fatalities, terms, gp, area, location";

fn key_of(r: &postgres::Row) -> ReportKey {
    ReportKey {
        rid: r.get(0),
        article_seq: r.get(1),
        article_id: r.get(2),
        outlet: r.get(3),
        event_seq: r.get(4),
        sub_event_type: r.get(5),
        day: r.get(6),
        tp: r.get(7),
        lat: r.get(8),
        lon: r.get(9),
        lkey: r.get(10),
        actor1: r.get(11),
        actor2: r.get(12),
        fatalities: r.get(13),
        terms: cluster::split_terms(r.get(14)),
        gp: r.get(15),
        area: r.get(16),
        location: r.get(17),
    }
}

fn load_key(tx: &mut Transaction, rid: i64) -> Result<ReportKey, StoreError> {
    let r = tx
        .query_one(
            &format!("SELECT {KEY_COLS} FROM reports WHERE rid = $1"),
            &[&rid],
        )
        .map_err(pg_err)?;
    Ok(key_of(&r))
}

/// The chooser's checks on PostgreSQL.
struct PgChecks<'a, 'b>(&'a mut Transaction<'b>);

impl EventChecks for PgChecks<'_, '_> {
    fn day_span(&mut self, e: i64) -> Result<(Option<i64>, Option<i64>, Option<i64>), StoreError> {
        let r = self
            .0
            .query_one(
                "SELECT MIN(day), MAX(day), MAX(tp) FROM reports WHERE event_seq = $1",
                &[&e],
            )
            .map_err(pg_err)?;
        Ok((r.get(0), r.get(1), r.get(2)))
    }

    fn fine_points(&mut self, e: i64) -> Result<Vec<(Option<f64>, Option<f64>, i64)>, StoreError> {
        Ok(self
            .0
            .query(
                "SELECT lat, lon, gp FROM reports WHERE event_seq = $1 AND gp <= 2",
                &[&e],
            )
            .map_err(pg_err)?
            .iter()
            .map(|r| (r.get(0), r.get(1), r.get(2)))
            .collect())
    }

    fn has_article(&mut self, e: i64, article_seq: i64) -> Result<bool, StoreError> {
        Ok(self
            .0
            .query_opt(
                "SELECT 1 FROM reports WHERE event_seq = $1 AND article_seq = $2 LIMIT 1",
                &[&e, &article_seq],
            )
            .map_err(pg_err)?
            .is_some())
    }
}

/// Distinguishes placeholder ids of events created in one process (see `store::TMP_IDS`).
static TMP_IDS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);

/// Assign a report to the best-matching event or a new one (as the SQLite store's `assign`):
/// one candidate query (same type, within 7 days, nearby cell or same area or same place
/// name), screened and chosen by `cluster`.
fn assign(
    tx: &mut Transaction,
    key: &ReportKey,
    event_type: &str,
    reuse: Option<i64>,
    near: &mut BTreeSet<i64>,
) -> Result<(i64, bool), StoreError> {
    let mut excluded: BTreeSet<i64> = BTreeSet::new();
    let mut keep: BTreeSet<i64> = BTreeSet::new();
    if let Some(day) = key.day {
        let wide = cluster::day_windows(key.tp)
            .iter()
            .map(|w| w.1)
            .max()
            .unwrap_or(7);
        let cells: Vec<i64> = match (key.lat, key.lon) {
            (Some(la), Some(lo)) => dedup::neighbour_cells(dedup::cell_of(la, lo)).to_vec(),
            _ => Vec::new(),
        };
        let min_gp: i64 = if key.gp >= 2 { 0 } else { 2 };
        let rows = tx
            .query(
                "SELECT rid, event_seq, article_seq, day, tp, lat, lon, gp, \
                   (cell = ANY($5) OR lkey = $7) AS by_point, (area = $6 AND gp >= $8) AS by_area \
                 FROM reports WHERE event_type = $1 AND day BETWEEN $2 AND $3 AND event_seq IS NOT NULL AND rid <> $4 \
                   AND (cell = ANY($5) OR area = $6 OR lkey = $7)",
                &[&event_type, &(day - wide), &(day + wide), &key.rid, &cells, &key.area, &key.lkey, &min_gp],
            )
            .map_err(pg_err)?;
        for r in rows {
            let mut c = Candidate {
                rid: r.get(0),
                event: r.get(1),
                article_seq: r.get(2),
                day: r.get(3),
                tp: r.get(4),
                lat: r.get(5),
                lon: r.get(6),
                gp: 3,
            };
            let (by_point, by_area): (Option<bool>, Option<bool>) = (r.get(8), r.get(9));
            let real_gp: i64 = r.get(7);
            let mut verdicts = Vec::new();
            if by_point == Some(true) {
                verdicts.push(cluster::screen(key, &c));
            }
            if by_area == Some(true) {
                c.gp = real_gp;
                verdicts.push(cluster::screen(key, &c));
            }
            for v in verdicts {
                match v {
                    Screen::Skip => {}
                    Screen::Exclude(e) => {
                        excluded.insert(e);
                    }
                    Screen::Keep(rid) => {
                        keep.insert(rid);
                    }
                }
            }
        }
    }
    let rids: Vec<i64> = keep.into_iter().collect();
    let cands: Vec<ReportKey> = tx
        .query(
            &format!("SELECT {KEY_COLS} FROM reports WHERE rid = ANY($1) ORDER BY rid"),
            &[&rids],
        )
        .map_err(pg_err)?
        .iter()
        .map(key_of)
        .collect();
    let best = cluster::choose(&mut PgChecks(tx), key, &cands, excluded, near)?;
    match best {
        Some((e, reason)) => {
            tx.execute(
                "UPDATE reports SET event_seq = $1, merge_reason = $2 WHERE rid = $3",
                &[&e, &reason, &key.rid],
            )
            .map_err(pg_err)?;
            Ok((e, true))
        }
        None => {
            let e: i64 = match reuse {
                Some(e) => e,
                None => tx
                    .query_one(
                        "INSERT INTO events(id, event_type, sub_event_type, actors, places, salience, sources, n_sources, timestamp, data, evterms) \
                         VALUES ($1, $2, '', '', '', 'main', '', 0, 0, '', '') RETURNING seq",
                        &[
                            &format!(
                                "tmp-{}-{}",
                                key.rid,
                                TMP_IDS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                            ),
                            &event_type,
                        ],
                    )
                    .map_err(pg_err)?
                    .get(0),
            };
            tx.execute(
                "UPDATE reports SET event_seq = $1, merge_reason = NULL WHERE rid = $2",
                &[&e, &key.rid],
            )
            .map_err(pg_err)?;
            Ok((e, false))
        }
    }
}

/// Re-cluster the reports of `events` in canonical order (article id, report index), reusing
/// old event seqs for the first new cluster without a better home (as the SQLite store).
fn recluster(
    tx: &mut Transaction,
    events: &BTreeSet<i64>,
    touched: &mut BTreeSet<i64>,
) -> Result<(), StoreError> {
    let evs: Vec<i64> = events.iter().copied().collect();
    let mut rids: Vec<(String, i64, i64, i64, String)> = tx
        .query(
            "SELECT article_id, idx, rid, event_seq, event_type FROM reports WHERE event_seq = ANY($1)",
            &[&evs],
        )
        .map_err(pg_err)?
        .iter()
        .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3), r.get(4)))
        .collect();
    rids.sort();
    let all: Vec<i64> = rids.iter().map(|r| r.2).collect();
    tx.execute(
        "UPDATE reports SET event_seq = NULL, merge_reason = NULL WHERE rid = ANY($1)",
        &[&all],
    )
    .map_err(pg_err)?;
    let mut used: BTreeSet<i64> = BTreeSet::new();
    for (_, _, rid, old, et) in &rids {
        let key = load_key(tx, *rid)?;
        let reuse = (!used.contains(old)).then_some(*old);
        let (e, _) = assign(tx, &key, et, reuse, &mut BTreeSet::new())?;
        used.insert(e);
        touched.insert(e);
    }
    touched.extend(events.iter().copied());
    Ok(())
}

/// Recompute an event's row and filter-index rows from its reports (or delete it).
fn recompute_event(
    tx: &mut Transaction,
    e: i64,
    vocab: &mut BTreeSet<(i64, String)>,
) -> Result<(), StoreError> {
    let rows: Vec<ReportRow> = tx
        .query(
            "SELECT article_id, url, outlet, published, evidence, ev_start, ev_end, ann, merge_reason, place_ar, terms \
             FROM reports WHERE event_seq = $1 ORDER BY rid",
            &[&e],
        )
        .map_err(pg_err)?
        .iter()
        .map(|r| ReportRow {
            article_id: r.get(0),
            url: r.get(1),
            outlet: r.get(2),
            published: r.get(3),
            evidence: r.get(4),
            ev_start: r.get(5),
            ev_end: r.get(6),
            ann: r.get(7),
            merge_reason: r.get(8),
            place_ar: r.get(9),
            terms: r.get(10),
        })
        .collect();
    tx.execute("DELETE FROM event_keys WHERE seq = $1", &[&e])
        .map_err(pg_err)?;
    tx.execute("DELETE FROM event_terms WHERE seq = $1", &[&e])
        .map_err(pg_err)?;
    if rows.is_empty() {
        tx.execute("DELETE FROM events WHERE seq = $1", &[&e])
            .map_err(pg_err)?;
        return Ok(());
    }
    let old_id: String = tx
        .query_one("SELECT id FROM events WHERE seq = $1", &[&e])
        .map_err(pg_err)?
        .get(0);
    let row = cluster::build_event(&rows, e, old_id, db::now_secs())?;
    let ev = &row.ev;
    tx.execute(
        "UPDATE events SET id=$2, event_date=$3, event_type=$4, sub_event_type=$5, actors=$6, places=$7, country=$8, admin1=$9, lat=$10, lon=$11, \
         fatalities=$12, salience=$13, sources=$14, n_sources=$15, timestamp=$16, data=$17, evterms=$18 WHERE seq=$1",
        &[
            &e,
            &ev.id,
            &ev.event_date,
            &ev.event_type,
            &ev.sub_event_type,
            &row.actors,
            &row.places,
            &ev.country,
            &ev.admin1,
            &ev.lat,
            &ev.lon,
            &ev.fatalities.map(|f| f as i64),
            &ev.salience,
            &row.sources,
            &(ev.sources.len() as i64),
            &ev.timestamp,
            &row.data,
            &row.evterms(),
        ],
    )
    .map_err(pg_err)?;
    let main = (ev.salience == "main") as i64;
    let day = ev.event_date.clone().unwrap_or_default();
    let keys = crate::index::event_key_rows(ev, &row.places_ar(&rows));
    let (mut kinds, mut ks, mut kms) = (Vec::new(), Vec::new(), Vec::new());
    for ((kind, key), km) in keys {
        kinds.push(kind);
        ks.push(key);
        kms.push(km);
    }
    let fat = ev.fatalities.map(|f| f as i64);
    tx.execute(
        "INSERT INTO event_keys(kind, key, main, day, seq, event_type, sub_event_type, fatalities, lat, lon, km) \
         SELECT k.kind, k.key, $3, $4, $5, $6, $7, $8, $9, $10, k.km FROM unnest($1::bigint[], $2::text[], $11::float8[]) AS k(kind, key, km) \
         ON CONFLICT DO NOTHING",
        &[&kinds, &ks, &main, &day, &e, &ev.event_type, &ev.sub_event_type, &fat, &ev.lat, &ev.lon, &kms],
    )
    .map_err(pg_err)?;
    for (k, key) in kinds.iter().zip(&ks) {
        if matches!(*k, crate::index::ACTOR | crate::index::OUTLET) {
            vocab.insert((*k, key.clone()));
        }
    }
    tx.execute(
        "INSERT INTO event_terms(term, seq, main, day) SELECT t, $2, $3, $4 FROM unnest($1::text[]) AS t ON CONFLICT DO NOTHING",
        &[&row.terms, &e, &main, &day],
    )
    .map_err(pg_err)?;
    Ok(())
}

/// Record new actor/outlet keys, in sorted order once per transaction (two transactions inserting
/// the same new keys in different orders could otherwise deadlock).
fn write_vocab(tx: &mut Transaction, vocab: BTreeSet<(i64, String)>) -> Result<(), StoreError> {
    if vocab.is_empty() {
        return Ok(());
    }
    let (kinds, keys): (Vec<i64>, Vec<String>) = vocab.into_iter().unzip();
    tx.execute(
        "INSERT INTO key_vocab(kind, key) SELECT k.kind, k.key FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS k(kind, key, o) \
         ORDER BY k.o ON CONFLICT DO NOTHING",
        &[&kinds, &keys],
    )
    .map_err(pg_err)?;
    Ok(())
}

/// Create an empty database named `<prefix>_<n>` next to `base_url`'s and return its URL (for
/// tests and benchmarks that need a fresh database each).
pub fn scratch_database(base_url: &str, prefix: &str) -> Result<String, StoreError> {
    static N: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let name = format!(
        "{prefix}_{}_{}",
        std::process::id(),
        N.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    let mut c = Client::connect(base_url, NoTls).map_err(pg_err)?;
    c.batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .map_err(pg_err)?;
    c.batch_execute(&format!("CREATE DATABASE {name}"))
        .map_err(pg_err)?;
    let (head, tail) = match base_url.rfind('/') {
        Some(i) if i > base_url.find("://").map(|s| s + 2).unwrap_or(0) => {
            (&base_url[..i], &base_url[i + 1..])
        }
        _ => (base_url, ""),
    };
    let query = tail.find('?').map(|q| &tail[q..]).unwrap_or("");
    Ok(format!("{head}/{name}{query}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_and_hints_dropped() {
        assert_eq!(
            pg_sql("WHERE a = ? AND EXISTS (SELECT 1 FROM event_keys x INDEXED BY event_keys_seq WHERE x.k = ?) AND e.country = ? COLLATE NOCASE"),
            "WHERE a = $1 AND EXISTS (SELECT 1 FROM event_keys x WHERE x.k = $2) AND lower(e.country) = lower($3)"
        );
    }

    #[test]
    fn tsquery_quotes_every_term() {
        let a = "قصف".to_string();
        let b = "o'k\\".to_string();
        assert_eq!(tsquery(&[&a, &b]), "'قصف' & 'o''k\\\\'");
    }

    #[test]
    fn passwords_are_redacted() {
        assert_eq!(
            redact("postgres://rasd:secret@db.example:5432/rasd"),
            "postgres://rasd:***@db.example:5432/rasd"
        );
        assert_eq!(redact("postgres://rasd@h/db"), "postgres://rasd@h/db");
    }

    #[test]
    fn merge_locks_are_sorted_and_cover_neighbouring_blocks() {
        let mut d = Document {
            id: "x".into(),
            text: "نص".into(),
            ..Default::default()
        };
        d.events.push(EventAnn {
            event_type: "Battles".into(),
            date: Some("2024-03-05".into()),
            ..Default::default()
        });
        let keys = lock_keys(&[prepare(d)]);
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        // id + content hash + (2 * reach + 1) blocks (no URL, no SimHash for so short a text).
        assert_eq!(keys.len(), 2 + (2 * BLOCK_REACH + 1) as usize);
    }
}
