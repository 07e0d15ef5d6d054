//! Public types of the store (the server and the CLI use only these and `Store`'s methods).
//!
//! Method contract of `Store` (implemented in this crate):
//! - `Store::open(dir: &Path) -> Result<Store, StoreError>`: create or open a database directory
//!   (SQLite file + full-text index), run migrations.
//! - `store.put_documents(docs: Vec<Document>) -> Result<PutStats, StoreError>`: one transaction;
//!   idempotent (same id/url/content adds nothing); merges events across sources.
//! - `store.article(id: &str) -> Result<Option<StoredArticle>, StoreError>`
//! - `store.search(q: &SearchQuery) -> Result<Page<SearchHit>, StoreError>`
//! - `store.events(f: &EventFilter) -> Result<Page<StoredEvent>, StoreError>`
//! - `store.event(id: &str) -> Result<Option<StoredEvent>, StoreError>`
//! - `store.stats(f: &EventFilter) -> Result<Stats, StoreError>` (cached until the next commit)
//! - `store.generation() -> Result<u64, StoreError>`: changes whenever anything commits to the
//!   database (any process); equal values mean nothing changed (cache key for servers)
//! - `store.zones() / zone(id) / put_zone(ZoneSpec) / delete_zone(id)`; `zone_events(id, &EventFilter)`
//! - exports: `export::write_csv(events, w)`, `export::write_geojson(events, w)`, `export::write_jsonl(events, w)`

use rasd_doc::Document;
use serde::{Deserialize, Serialize};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(String),
    #[error("index error: {0}")]
    Index(String),
    #[error("io error on {path}: {message}")]
    Io { path: String, message: String },
    #[error("bad query: {0}")]
    BadQuery(String),
    #[error("not found: {0}")]
    NotFound(String),
}

/// Result of storing a batch.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PutStats {
    pub documents: usize,
    pub new: usize,
    /// Exact duplicates (same id, or same canonical URL with same content).
    pub duplicates: usize,
    /// Near-duplicates (syndicated copies) stored as linked copies.
    pub near_duplicates: usize,
    /// Updated versions of an already stored URL.
    pub updated: usize,
    pub events_new: usize,
    pub events_merged: usize,
}

/// A stored article: the annotated document plus store metadata.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct StoredArticle {
    pub doc: Document,
    pub ingested_at: String,
    /// Ids of stored events this article reports.
    pub event_ids: Vec<String>,
    /// Id of the article this one is a near-duplicate of, if any.
    pub duplicate_of: Option<String>,
}

/// One article that reports an event, with its evidence.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct EventSource {
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    /// Evidence sentence text and its char offsets in the article text.
    pub evidence: String,
    pub evidence_start: usize,
    pub evidence_end: usize,
    /// Why this report was merged into the event (empty for the first source).
    pub merge_reason: Option<String>,
}

/// A deduplicated event: one row ACLED-style, with every source that reported it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct StoredEvent {
    /// Stable id, e.g. `SYR-000123`.
    pub id: String,
    pub event_date: Option<String>,
    pub time_precision: u8,
    pub event_type: String,
    pub sub_event_type: String,
    pub plover: String,
    pub disorder_type: Option<String>,
    pub actor1: Option<String>,
    pub assoc_actor1: Option<String>,
    pub inter1: Option<u8>,
    pub actor2: Option<String>,
    pub assoc_actor2: Option<String>,
    pub inter2: Option<u8>,
    pub civilian_targeting: bool,
    pub iso: Option<u16>,
    pub country: Option<String>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub admin3: Option<String>,
    pub location: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub geo_precision: u8,
    pub fatalities: Option<u32>,
    pub injuries: Option<u32>,
    pub claimed_by: Option<String>,
    /// The monitor or agency the reports cite (e.g. "Syrian Observatory for Human Rights").
    #[serde(default)]
    pub reported_by: Option<String>,
    pub salience: String,
    pub sources: Vec<EventSource>,
    /// Seconds since the Unix epoch of the last change.
    pub timestamp: i64,
}

/// Full-text query over articles.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct SearchQuery {
    pub text: String,
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub source: Option<String>,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SearchHit {
    pub article_id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub source: Option<String>,
    pub published: Option<String>,
    pub score: f32,
    /// Snippet with hit ranges as char offsets into `snippet`.
    pub snippet: String,
    pub highlights: Vec<(usize, usize)>,
}

#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum EventSort {
    #[default]
    DateDesc,
    DateAsc,
    FatalitiesDesc,
}

/// Filters for event queries. All optional; combined with AND.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct EventFilter {
    pub date_from: Option<String>,
    pub date_to: Option<String>,
    pub event_type: Option<String>,
    pub sub_event_type: Option<String>,
    /// Substring match on actor1/actor2/assoc actors.
    pub actor: Option<String>,
    /// Matches location, admin1, admin2 or admin3 (case-insensitive).
    pub place: Option<String>,
    pub country: Option<String>,
    /// min_lon, min_lat, max_lon, max_lat
    pub bbox: Option<[f64; 4]>,
    /// Road id from the gazetteer (e.g. `M4`) and distance in km.
    pub near_road: Option<String>,
    pub road_km: Option<f64>,
    pub source: Option<String>,
    pub min_fatalities: Option<u32>,
    /// Full-text restriction on the evidence/articles.
    pub text: Option<String>,
    pub zone: Option<String>,
    pub include_background: bool,
    pub sort: EventSort,
    pub limit: usize,
    pub offset: usize,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Page<T> {
    pub total: usize,
    pub offset: usize,
    pub limit: usize,
    pub items: Vec<T>,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Stats {
    pub articles: usize,
    pub events: usize,
    /// Distinct outlets reporting the matching events.
    pub sources: usize,
    pub by_type: Vec<(String, usize)>,
    pub by_month: Vec<(String, usize)>,
    pub by_admin1: Vec<(String, usize)>,
    /// Per day and type, for the timeline: (date, event_type, count).
    pub by_day_type: Vec<(String, String, usize)>,
}

/// A watch zone: a polygon, or a road with a buffer distance.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ZoneGeometry {
    /// Rings of (lon, lat); first ring outer.
    Polygon { rings: Vec<Vec<[f64; 2]>> },
    /// A gazetteer road id (e.g. `M4`) and the distance either side, in km.
    Corridor { road: String, km: f64 },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ZoneSpec {
    pub name: String,
    pub geometry: ZoneGeometry,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Zone {
    pub id: String,
    pub name: String,
    pub geometry: ZoneGeometry,
    pub created_at: String,
}
