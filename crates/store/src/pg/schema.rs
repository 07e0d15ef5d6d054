//! PostgreSQL schema: the same concepts as the SQLite schema (`db.rs`, `index.rs`), with the
//! full-text index as a GIN-indexed `tsvector` of rasd's own analyzer terms and the work queue.
//! Migrations are applied in order and recorded in `schema_migrations`, under an advisory lock
//! so that several processes starting at once apply each exactly once.

/// Schema migrations (index + 1 = version).
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: store and work queue
    r#"
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE generation(id INTEGER PRIMARY KEY, n BIGINT NOT NULL);
INSERT INTO generation(id, n) VALUES (1, 0);
CREATE TABLE articles(
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  url TEXT,
  url_key TEXT,
  content_hash BIGINT NOT NULL,
  simhash BIGINT NOT NULL,
  title TEXT,
  source TEXT,
  published TEXT,
  day TEXT,
  ingested_at TEXT NOT NULL,
  duplicate_of TEXT,
  doc TEXT NOT NULL,
  tsv TSVECTOR NOT NULL
);
CREATE INDEX articles_url ON articles(url_key);
CREATE INDEX articles_hash ON articles(content_hash);
CREATE INDEX articles_day ON articles(day);
CREATE INDEX articles_tsv ON articles USING GIN(tsv);
CREATE TABLE article_versions(article_seq BIGINT NOT NULL, content_hash BIGINT NOT NULL,
  PRIMARY KEY(article_seq, content_hash));
CREATE INDEX article_versions_hash ON article_versions(content_hash);
CREATE TABLE simhash_bands(band BIGINT NOT NULL, dayn BIGINT NOT NULL, seq BIGINT NOT NULL, h BIGINT NOT NULL);
CREATE INDEX simhash_bands_cover ON simhash_bands(band, dayn, h, seq);
CREATE INDEX simhash_bands_seq ON simhash_bands(seq);
CREATE TABLE reports(
  rid BIGSERIAL PRIMARY KEY,
  article_seq BIGINT NOT NULL,
  article_id TEXT NOT NULL,
  idx BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  day BIGINT,
  tp BIGINT NOT NULL,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  cell BIGINT,
  lkey BIGINT,
  actor1 TEXT,
  actor2 TEXT,
  fatalities BIGINT,
  terms TEXT NOT NULL,
  url TEXT,
  outlet TEXT,
  published TEXT,
  evidence TEXT NOT NULL,
  ev_start BIGINT NOT NULL,
  ev_end BIGINT NOT NULL,
  ann TEXT NOT NULL,
  place_ar TEXT,
  gp BIGINT NOT NULL,
  area TEXT,
  location TEXT,
  event_seq BIGINT,
  merge_reason TEXT
);
CREATE INDEX reports_cand_cell ON reports(event_type, cell, day);
CREATE INDEX reports_cand_area ON reports(event_type, area, day);
CREATE INDEX reports_cand_lkey ON reports(event_type, lkey, day);
CREATE INDEX reports_article ON reports(article_seq);
CREATE INDEX reports_event ON reports(event_seq);
CREATE TABLE events(
  seq BIGSERIAL PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  event_date TEXT,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  actors TEXT NOT NULL,
  places TEXT NOT NULL,
  country TEXT,
  admin1 TEXT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  fatalities BIGINT,
  salience TEXT NOT NULL,
  sources TEXT NOT NULL,
  n_sources BIGINT NOT NULL,
  timestamp BIGINT NOT NULL,
  data TEXT NOT NULL,
  evterms TEXT NOT NULL
);
CREATE INDEX events_main_date ON events(event_date, seq) WHERE salience = 'main';
CREATE INDEX events_date ON events(event_date, seq);
CREATE INDEX events_type_date ON events(event_type, event_date);
CREATE INDEX events_fat ON events(fatalities, event_date);
CREATE INDEX events_country ON events(lower(country));
CREATE TABLE event_keys(
  kind BIGINT NOT NULL,
  key TEXT NOT NULL,
  main BIGINT NOT NULL,
  day TEXT NOT NULL,
  seq BIGINT NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  fatalities BIGINT,
  lat DOUBLE PRECISION,
  lon DOUBLE PRECISION,
  km DOUBLE PRECISION,
  PRIMARY KEY(kind, key, main, day, seq)
);
CREATE INDEX event_keys_seq ON event_keys(seq, kind, key);
CREATE TABLE key_vocab(kind BIGINT NOT NULL, key TEXT NOT NULL, PRIMARY KEY(kind, key));
CREATE TABLE event_terms(term TEXT NOT NULL, seq BIGINT NOT NULL, main BIGINT NOT NULL, day TEXT NOT NULL,
  PRIMARY KEY(term, seq));
CREATE INDEX event_terms_seq ON event_terms(seq);
CREATE TABLE zones(id TEXT PRIMARY KEY, name TEXT NOT NULL, geometry TEXT NOT NULL, created_at TEXT NOT NULL);
CREATE TABLE jobs(
  id BIGSERIAL PRIMARY KEY,
  path TEXT NOT NULL,
  state TEXT NOT NULL DEFAULT 'queued',
  attempts INTEGER NOT NULL DEFAULT 0,
  worker TEXT,
  lease_until TIMESTAMPTZ,
  error TEXT,
  result TEXT,
  created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
  done_at TIMESTAMPTZ
);
CREATE UNIQUE INDEX jobs_path_open ON jobs(path) WHERE state IN ('queued', 'running');
CREATE INDEX jobs_claim ON jobs(state, id);
"#,
];
