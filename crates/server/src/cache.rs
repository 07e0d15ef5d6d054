//! A small response cache for read endpoints: many analysts' dashboards ask the same queries.
//!
//! Entries live `TTL` seconds (so changes made by another process, e.g. `rasd ingest` on the same
//! database, show up within that time) and are dropped at once when this server changes data
//! (ingest, zones). Concurrent misses of one key compute it once (single flight).

use std::collections::HashMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Bytes;

/// How long a cached response is served.
pub const TTL: Duration = Duration::from_secs(3);
/// Maximum number of cached responses.
pub const CAPACITY: usize = 2048;

#[derive(Default)]
pub struct ResponseCache {
    generation: AtomicU64,
    entries: Mutex<HashMap<String, (Instant, u64, Bytes)>>,
    flights: Mutex<HashMap<String, Arc<tokio::sync::Mutex<()>>>>,
}

impl ResponseCache {
    /// A fresh cached body for `key`, if any.
    pub fn get(&self, key: &str) -> Option<Bytes> {
        let gen = self.generation.load(Ordering::Acquire);
        let m = self.entries.lock().ok()?;
        let (at, g, b) = m.get(key)?;
        (*g == gen && at.elapsed() < TTL).then(|| b.clone())
    }

    pub fn put(&self, key: String, body: Bytes) {
        let gen = self.generation.load(Ordering::Acquire);
        if let Ok(mut m) = self.entries.lock() {
            if m.len() >= CAPACITY {
                m.retain(|_, (at, g, _)| *g == gen && at.elapsed() < TTL);
                if m.len() >= CAPACITY {
                    m.clear();
                }
            }
            m.insert(key, (Instant::now(), gen, body));
        }
    }

    /// The single-flight lock of a key (hold it while computing a miss).
    pub fn flight(&self, key: &str) -> Arc<tokio::sync::Mutex<()>> {
        let mut f = match self.flights.lock() {
            Ok(f) => f,
            Err(p) => p.into_inner(),
        };
        if f.len() > CAPACITY {
            f.retain(|_, v| Arc::strong_count(v) > 1);
        }
        f.entry(key.to_string()).or_default().clone()
    }

    /// Drops everything (after a change of data).
    pub fn invalidate(&self) {
        self.generation.fetch_add(1, Ordering::AcqRel);
        if let Ok(mut m) = self.entries.lock() {
            m.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn put_get_invalidate() {
        let c = ResponseCache::default();
        assert!(c.get("a").is_none());
        c.put("a".into(), Bytes::from_static(b"1"));
        assert_eq!(c.get("a").unwrap(), Bytes::from_static(b"1"));
        c.invalidate();
        assert!(c.get("a").is_none());
    }
}
