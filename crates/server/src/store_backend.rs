//! The real [`Backend`]: a `rasd_store` store (embedded, or PostgreSQL) for storage, `rasd_extract` + `rasd_pipeline` for
//! the ingest endpoint, `rasd_geo` for gazetteer lookups.

use std::io::Write;
use std::sync::Arc;

use rasd_doc::Document;
use rasd_ingest::Record;
use rasd_store::{
    EventFilter, EventStore, Page, PutStats, SearchHit, SearchQuery, Stats, Store, StoreError,
    StoredArticle, StoredEvent, Zone, ZoneSpec,
};

use crate::backend::{Backend, PlaceInfo};

/// A store plus the annotation pipeline.
pub struct StoreBackend {
    store: Arc<dyn EventStore>,
    pipeline: rasd_pipeline::Pipeline,
}

impl StoreBackend {
    pub fn new(store: Store) -> Self {
        Self::shared(Arc::new(store))
    }

    /// Either backend (e.g. `rasd_store::PgStore` for several servers on one database).
    pub fn with_store(store: Box<dyn EventStore>) -> Self {
        Self::shared(Arc::from(store))
    }

    /// A backend over a store also used elsewhere (e.g. by the alert sender).
    pub fn shared(store: Arc<dyn EventStore>) -> Self {
        StoreBackend {
            store,
            pipeline: rasd_pipeline::Pipeline::new(),
        }
    }

    pub fn store(&self) -> &dyn EventStore {
        &*self.store
    }
}

fn opt(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_string())
}

impl Backend for StoreBackend {
    fn generation(&self) -> Option<u64> {
        match self.store.generation() {
            Ok(g) => Some(g),
            Err(e) => {
                tracing::warn!(
                    "cannot read the database generation (response cache bypassed): {e}"
                );
                None
            }
        }
    }
    fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        self.store.events(f)
    }
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        self.store.event(id)
    }
    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        self.store.article(id)
    }
    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        self.store.search(q)
    }
    fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        self.store.stats(f)
    }
    fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        self.store.zones()
    }
    fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        self.store.zone(id)
    }
    fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        self.store.put_zone(spec)
    }
    fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        self.store.delete_zone(id)
    }
    fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        self.store.zone_events(id, f)
    }
    fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        self.store.for_each_event(f, cb)
    }
    fn write_csv(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError> {
        rasd_store::export::write_csv(events, w)
    }
    fn write_geojson(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError> {
        rasd_store::export::write_geojson(events, w)
    }
    fn places(&self, q: &str, limit: usize) -> Vec<PlaceInfo> {
        rasd_geo::Gazetteer::embedded()
            .lookup(q)
            .into_iter()
            .take(limit)
            .map(|e| PlaceInfo {
                name: e.name_en.clone(),
                name_ar: opt(&e.name_ar),
                kind: e.kind.as_str().to_string(),
                gazetteer_id: opt(&e.id),
                lat: e.lat(),
                lon: e.lon(),
                admin1: opt(&e.admin1),
                admin2: opt(&e.admin2),
                country: opt(&e.country),
            })
            .collect()
    }
    fn prepare(&self, rec: Record) -> Result<Document, String> {
        let input = rec.input.clone();
        let mut doc = rasd_extract::extract(&rec).doc;
        doc.warnings.extend(rec.warnings.iter().cloned());
        if doc.text.trim().is_empty() {
            return Err(format!("{input}: no article text found"));
        }
        // The same cap as `rasd ingest`: checked before the (costly) annotation.
        rasd_ingest::check_article_size(&doc.text).map_err(|why| format!("{input}: {why}"))?;
        self.pipeline.annotate(&mut doc);
        if let Err(e) = doc.validate() {
            doc.warnings
                .push(format!("internal: invalid annotation span: {e}"));
            doc.events.clear();
        }
        Ok(doc)
    }
    fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
        self.store.put_documents(docs)
    }
}
