//! One interface over both backends — the embedded store ([`Store`]: SQLite + tantivy) and
//! PostgreSQL ([`PgStore`]) — chosen by the `--db` value: a `postgres://` URL or a directory.
//! The CLI's read commands and the store's parameterised tests use this.

use crate::api::*;
use crate::pg::{self, PgStore};
use crate::store::Store;
use rasd_doc::Document;

/// The store API both backends implement (same semantics; see [`Store`]'s methods).
pub trait EventStore: Send + Sync {
    /// The database directory or URL (password redacted), for messages.
    fn describe(&self) -> String;
    fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError>;
    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError>;
    fn article_count(&self) -> Result<usize, StoreError>;
    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError>;
    fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError>;
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError>;
    fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError>;
    fn generation(&self) -> Result<u64, StoreError>;
    fn zones(&self) -> Result<Vec<Zone>, StoreError>;
    fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError>;
    fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError>;
    fn delete_zone(&self, id: &str) -> Result<bool, StoreError>;
    fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError>;
    fn recluster_all(&self) -> Result<usize, StoreError>;
    /// Every event matching `f` (its sort, offset and limit; `limit: 0` = all), in order.
    fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError>;
}

macro_rules! delegate {
    ($t:ty) => {
        fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
            <$t>::put_documents(self, docs)
        }
        fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
            <$t>::article(self, id)
        }
        fn article_count(&self) -> Result<usize, StoreError> {
            <$t>::article_count(self)
        }
        fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
            <$t>::search(self, q)
        }
        fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
            <$t>::events(self, f)
        }
        fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
            <$t>::event(self, id)
        }
        fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
            <$t>::stats(self, f)
        }
        fn generation(&self) -> Result<u64, StoreError> {
            <$t>::generation(self)
        }
        fn zones(&self) -> Result<Vec<Zone>, StoreError> {
            <$t>::zones(self)
        }
        fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
            <$t>::zone(self, id)
        }
        fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
            <$t>::put_zone(self, spec)
        }
        fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
            <$t>::delete_zone(self, id)
        }
        fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
            <$t>::zone_events(self, id, f)
        }
        fn recluster_all(&self) -> Result<usize, StoreError> {
            <$t>::recluster_all(self)
        }
    };
}

impl EventStore for Store {
    fn describe(&self) -> String {
        self.dir().display().to_string()
    }
    delegate!(Store);
    fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        Store::for_each_event(self, f, cb)
    }
}

impl EventStore for PgStore {
    fn describe(&self) -> String {
        PgStore::describe(self)
    }
    delegate!(PgStore);
    fn for_each_event(
        &self,
        f: &EventFilter,
        cb: &mut dyn FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        PgStore::for_each_event(self, f, cb)
    }
}

/// Open a store: PostgreSQL for a `postgres://` URL (migrations applied), else the embedded
/// store in that directory.
pub fn open(db: &str) -> Result<Box<dyn EventStore>, StoreError> {
    if pg::is_url(db) {
        Ok(Box::new(PgStore::connect(db)?))
    } else {
        Ok(Box::new(Store::open(std::path::Path::new(db))?))
    }
}
