//! The data backend the server talks to.
//!
//! [`Backend`] mirrors the store contract (`rasd_store::api`) plus the two steps the ingest
//! endpoint needs (extract + annotate → [`Backend::prepare`]) and a gazetteer lookup. The real
//! implementation wraps `rasd_store::Store`; [`crate::mem::MemBackend`] is an in-memory fake used
//! by tests and as a fallback demo. All methods are synchronous: the server calls them on the
//! blocking thread pool.

use std::io::Write;

use rasd_doc::Document;
use rasd_ingest::Record;
use rasd_store::{
    EventFilter, Page, PutStats, SearchHit, SearchQuery, Stats, StoreError, StoredArticle,
    StoredEvent, Zone, ZoneSpec,
};
use serde::{Deserialize, Serialize};

/// A gazetteer entry as the places endpoint returns it.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct PlaceInfo {
    pub name: String,
    pub name_ar: Option<String>,
    pub kind: String,
    pub gazetteer_id: Option<String>,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub admin1: Option<String>,
    pub admin2: Option<String>,
    pub country: Option<String>,
}

/// Everything the HTTP layer needs from storage and the annotation pipeline.
pub trait Backend: Send + Sync + 'static {
    /// A number that changes whenever the data changes (a commit by this process or any
    /// other): equal numbers from two calls mean nothing was committed in between, so a
    /// response computed under the first is still valid (see [`crate::cache`]). `None` when it
    /// cannot be told (then nothing is cached). Called once per cacheable request: must be cheap.
    fn generation(&self) -> Option<u64>;
    fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError>;
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;
    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError>;
    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError>;
    fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError>;
    fn zones(&self) -> Result<Vec<Zone>, StoreError>;
    fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError>;
    fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError>;
    /// Returns false when no zone has this id.
    fn delete_zone(&self, id: &str) -> Result<bool, StoreError>;
    fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError>;
    /// Passes every event matching `f` (its sort, offset and limit; `limit: 0` = all) to `cb`,
    /// in order, holding at most one page in memory, and stops at the first error `cb`
    /// returns (e.g. the client of an export went away). Returns the number passed.
    /// The default pages through [`Backend::events`].
    fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        const PAGE: usize = 500;
        let want = if f.limit == 0 { usize::MAX } else { f.limit };
        let mut page_f = f.clone();
        let mut passed = 0;
        while passed < want {
            page_f.offset = f.offset + passed;
            page_f.limit = PAGE.min(want - passed);
            if page_f.offset > rasd_store::params::MAX_OFFSET {
                break;
            }
            let page = self.events(&page_f)?;
            let n = page.items.len();
            for e in page.items {
                cb(e)?;
                passed += 1;
            }
            if n < page_f.limit {
                break;
            }
        }
        Ok(passed)
    }
    /// ACLED-style CSV of the given events.
    fn write_csv(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError>;
    /// GeoJSON FeatureCollection of the given events.
    fn write_geojson(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError>;
    /// Gazetteer lookup by name (Arabic or Latin).
    fn places(&self, q: &str, limit: usize) -> Vec<PlaceInfo>;
    /// Extract (HTML) and annotate one record. `Err` says why the record was skipped.
    fn prepare(&self, rec: Record) -> Result<Document, String>;
    fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError>;
}
