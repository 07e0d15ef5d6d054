//! SQLite schema, migrations and small helpers (hashing, dates, URL keys).

use crate::api::StoreError;
use rusqlite::{Connection, OptionalExtension};

/// Schema migrations; `PRAGMA user_version` = number of migrations applied.
const MIGRATIONS: &[&str] = &[
    // 1: initial schema
    r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE articles(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  url TEXT,
  url_key TEXT,
  content_hash INTEGER NOT NULL,
  simhash INTEGER NOT NULL,
  title TEXT,
  source TEXT,
  published TEXT,
  day TEXT,
  ingested_at TEXT NOT NULL,
  duplicate_of TEXT,
  doc TEXT NOT NULL,
  iseq INTEGER NOT NULL
);
CREATE INDEX articles_url ON articles(url_key);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_iseq ON articles(iseq);
CREATE INDEX articles_day ON articles(day);
CREATE TABLE simhash_bands(band INTEGER NOT NULL, dayn INTEGER NOT NULL, seq INTEGER NOT NULL);
CREATE INDEX simhash_bands_band ON simhash_bands(band, dayn);
CREATE INDEX simhash_bands_seq ON simhash_bands(seq);
CREATE TABLE reports(
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  article_seq INTEGER NOT NULL,
  article_id TEXT NOT NULL,
  idx INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  day INTEGER,
  tp INTEGER NOT NULL,
  lat REAL,
  lon REAL,
  cell INTEGER,
  lkey INTEGER,
  actor1 TEXT,
  actor2 TEXT,
  fatalities INTEGER,
  terms TEXT NOT NULL,
  url TEXT,
  outlet TEXT,
  published TEXT,
  evidence TEXT NOT NULL,
  ev_start INTEGER NOT NULL,
  ev_end INTEGER NOT NULL,
  ann TEXT NOT NULL,
  place_ar TEXT,
  event_seq INTEGER,
  merge_reason TEXT
);
CREATE INDEX reports_cell ON reports(event_type, cell, day);
CREATE INDEX reports_lkey ON reports(event_type, lkey, day);
CREATE INDEX reports_article ON reports(article_seq);
CREATE INDEX reports_event ON reports(event_seq);
CREATE TABLE events(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  event_date TEXT,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  actors TEXT NOT NULL,
  places TEXT NOT NULL,
  country TEXT,
  admin1 TEXT,
  lat REAL,
  lon REAL,
  fatalities INTEGER,
  salience TEXT NOT NULL,
  sources TEXT NOT NULL,
  n_sources INTEGER NOT NULL,
  timestamp INTEGER NOT NULL
);
CREATE TABLE event_json(seq INTEGER PRIMARY KEY, data TEXT NOT NULL, evterms TEXT NOT NULL);
CREATE INDEX events_date ON events(event_date);
CREATE INDEX events_type_date ON events(event_type, event_date);
CREATE INDEX events_admin1 ON events(admin1);
CREATE INDEX events_lat ON events(lat);
CREATE INDEX events_fat ON events(fatalities);
CREATE TABLE zones(id TEXT PRIMARY KEY, name TEXT NOT NULL, geometry TEXT NOT NULL, created_at TEXT NOT NULL);
"#,
    // 2: filter index tables (event_keys, key_vocab) and partial indexes; backfilled in Rust.
    crate::index::MIGRATION_2,
    // 3: near-duplicate candidates without touching `articles`: the SimHash on the band rows,
    //    under a covering index.
    r#"
ALTER TABLE simhash_bands ADD COLUMN h INTEGER;
UPDATE simhash_bands SET h = (SELECT simhash FROM articles a WHERE a.seq = simhash_bands.seq);
CREATE INDEX simhash_bands_cover ON simhash_bands(band, dayn, h, seq);
DROP INDEX simhash_bands_band;
"#,
    // 4: fatalities filter and sort over main events, index-only.
    r#"
CREATE INDEX events_main_fat ON events(fatalities, event_date) WHERE salience = 'main';
"#,
    // 5: event-report merge candidates screened on covering indexes (no row reads).
    r#"
CREATE INDEX IF NOT EXISTS reports_cand_cell ON reports(event_type, cell, day, tp, event_seq, article_seq, lat, lon);
CREATE INDEX IF NOT EXISTS reports_cand_lkey ON reports(event_type, lkey, day, tp, event_seq, article_seq, lat, lon);
DROP INDEX IF EXISTS reports_cell;
DROP INDEX IF EXISTS reports_lkey;
DROP INDEX IF EXISTS reports_cell_tp;
DROP INDEX IF EXISTS reports_lkey_tp;
"#,
    // 6: evidence terms per event for the text filter; backfilled in Rust.
    crate::index::MIGRATION_6,
    // 7: counts of date/type/sub-type/fatalities filters over main events, index-only.
    r#"
CREATE INDEX events_main_type_sub_date ON events(event_type, sub_event_type, event_date) WHERE salience = 'main';
CREATE INDEX events_main_date_cover ON events(event_date, event_type, sub_event_type, fatalities) WHERE salience = 'main';
DROP INDEX events_main_date;
"#,
    // 8: every content version an article has had, so that an older version arriving again
    // (re-ingesting the same inputs) is a duplicate, not an update.
    r#"
CREATE TABLE article_versions(article_seq INTEGER NOT NULL, content_hash INTEGER NOT NULL,
  PRIMARY KEY(article_seq, content_hash)) WITHOUT ROWID;
CREATE INDEX article_versions_hash ON article_versions(content_hash);
INSERT OR IGNORE INTO article_versions(article_seq, content_hash) SELECT seq, content_hash FROM articles;
"#,
    // 9: the articles the full-text index lacks, recorded by whoever stores them (replaces the
    // index's high-water position, which skipped articles of a writer that failed to index);
    // backfilled in Rust from the index's last committed position.
    r#"
CREATE TABLE unindexed(seq INTEGER PRIMARY KEY, iseq INTEGER NOT NULL);
"#,
    // 10: incident merging compares places by precision and containment: each report's ACLED geo
    //    precision and first-level admin area, and merge candidates screened by area.
    r#"
ALTER TABLE reports ADD COLUMN gp INTEGER NOT NULL DEFAULT 1;
ALTER TABLE reports ADD COLUMN area TEXT;
UPDATE reports SET gp = COALESCE(json_extract(ann, '$.geo_precision'), 1),
  area = lower(trim(json_extract(ann, '$.admin1')));
CREATE INDEX reports_cand_area ON reports(event_type, area, day, tp, gp, event_seq, article_seq, lat, lon);
"#,
    // 11: webhooks of watch zones and their delivery queue (tables `zone_webhooks`,
    //     `webhook_deliveries`; see `alerts.rs`).
    crate::alerts::MIGRATION,
];

pub(crate) fn db_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Db(e.to_string())
}

/// Open a connection with the store's pragmas.
pub(crate) fn connect(path: &std::path::Path) -> Result<Connection, StoreError> {
    let conn = Connection::open(path).map_err(|e| StoreError::Io {
        path: path.display().to_string(),
        message: e.to_string(),
    })?;
    conn.busy_timeout(std::time::Duration::from_secs(30))
        .map_err(db_err)?;
    conn.execute_batch(&format!("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY; PRAGMA cache_size={CACHE_SIZE};"))
        .map_err(db_err)?;
    Ok(conn)
}

/// Page cache of a connection (SQLite `cache_size`: negative = KiB).
pub(crate) const CACHE_SIZE: i64 = -16000;
/// Page cache of a connection while it streams an export: every page is read about once, so
/// a small cache costs nothing and keeps many concurrent exports within the memory budget.
pub(crate) const STREAM_CACHE_SIZE: i64 = -1000;

/// Apply pending migrations in one transaction each. `indexed_iseq` is the full-text index's
/// committed position of the pre-9 schema (articles past it are recorded as unindexed).
pub(crate) fn migrate(conn: &mut Connection, indexed_iseq: i64) -> Result<(), StoreError> {
    let v: i64 = conn
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .map_err(db_err)?;
    if v as usize > MIGRATIONS.len() {
        return Err(StoreError::Db(format!(
            "database schema version {v} is newer than this rasd ({}) understands",
            MIGRATIONS.len()
        )));
    }
    for (i, m) in MIGRATIONS.iter().enumerate().skip(v as usize) {
        let tx = conn.transaction().map_err(db_err)?;
        tx.execute_batch(m).map_err(db_err)?;
        // Index tables are derived from the stored events: fill them now.
        if i + 1 == 2 {
            crate::index::backfill(&tx)?;
        }
        if i + 1 == 6 {
            crate::index::backfill_terms(&tx)?;
        }
        if i + 1 == 9 {
            tx.execute(
                "INSERT OR REPLACE INTO unindexed(seq, iseq) SELECT seq, iseq FROM articles WHERE iseq > ?1",
                [indexed_iseq],
            )
            .map_err(db_err)?;
        }
        tx.execute_batch(&format!("PRAGMA user_version = {}", i + 1))
            .map_err(db_err)?;
        tx.commit().map_err(db_err)?;
    }
    // The road rows depend on the gazetteer's roads (RASD_DATA may add some): rebuild on change.
    let fp: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'roads'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?;
    if fp.as_deref() != Some(crate::index::roads_fingerprint().as_str()) {
        let tx = conn.transaction().map_err(db_err)?;
        crate::index::backfill(&tx)?;
        tx.commit().map_err(db_err)?;
    }
    Ok(())
}

/// FNV-1a 64-bit: stable across runs and Rust versions.
pub fn fnv64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf29ce484222325;
    for b in bytes {
        h ^= *b as u64;
        h = h.wrapping_mul(0x100000001b3);
    }
    h
}

/// Key used to recognise the same article URL: scheme, `www.`, fragment, trailing slash and
/// common tracking parameters removed; host lower-cased.
pub fn url_key(url: &str) -> Option<String> {
    let u = url.trim();
    if u.is_empty() {
        return None;
    }
    let u = u.split('#').next().unwrap_or("");
    let u = u
        .strip_prefix("https://")
        .or_else(|| u.strip_prefix("http://"))
        .unwrap_or(u);
    let u = u.strip_prefix("www.").unwrap_or(u);
    let (host, rest) = match u.find('/') {
        Some(i) => (&u[..i], &u[i..]),
        None => (u, ""),
    };
    let (path, query) = match rest.find('?') {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let mut key = host.to_ascii_lowercase();
    key.push_str(path.trim_end_matches('/'));
    if let Some(q) = query {
        let kept: Vec<&str> = q
            .split('&')
            .filter(|p| {
                !p.is_empty()
                    && !p.starts_with("utm_")
                    && !p.starts_with("fbclid")
                    && !p.starts_with("gclid")
            })
            .collect();
        if !kept.is_empty() {
            key.push('?');
            key.push_str(&kept.join("&"));
        }
    }
    (!key.is_empty()).then_some(key)
}

/// Days since 1970-01-01 of a `YYYY-MM-DD` prefix.
pub fn day_number(s: &str) -> Option<i64> {
    rasd_doc::calendar::day_number(s)
}

/// `YYYY-MM-DD` of a day number.
pub fn date_of_day(z: i64) -> String {
    let z = z + 719468;
    let era = if z >= 0 { z } else { z - 146096 } / 146097;
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// Seconds since the epoch, now.
pub fn now_secs() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// ISO 8601 UTC timestamp, now.
pub fn now_iso() -> String {
    let s = now_secs();
    let (d, r) = (s.div_euclid(86400), s.rem_euclid(86400));
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        date_of_day(d),
        r / 3600,
        (r / 60) % 60,
        r % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_round_trip() {
        for s in ["1970-01-01", "2020-02-29", "2024-12-31", "2000-03-01"] {
            assert_eq!(date_of_day(day_number(s).unwrap()), s);
        }
        assert_eq!(day_number("1970-01-02"), Some(1));
        assert_eq!(day_number("2020-13-01"), None);
        assert_eq!(day_number("20-1"), None);
    }

    #[test]
    fn url_keys() {
        assert_eq!(
            url_key("https://www.Example.com/a/b/?utm_source=x#top").as_deref(),
            Some("example.com/a/b")
        );
        assert_eq!(
            url_key("http://example.com/a/b"),
            url_key("https://example.com/a/b/")
        );
        assert_eq!(url_key("  "), None);
    }
}
