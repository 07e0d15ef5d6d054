//! A response cache for read endpoints that is never stale.
//!
//! Every entry is keyed by (request key, backend generation): the generation
//! ([`crate::Backend::generation`]) changes whenever anything is committed to the data — by this
//! server (ingest, zones) or by another process on the same database (`rasd ingest`) — so an
//! entry computed under an older generation is never served again. There is no time-to-live.
//!
//! Invariants:
//! - The generation is read *before* the response is computed: an entry stored under `g` holds
//!   data at least as new as `g`, and a later request that still sees `g` saw no commit since.
//! - Bounded: at most `max_entries` entries and `max_bytes` of bodies; least recently used
//!   entries go first; a body larger than an eighth of `max_bytes` is not stored.
//! - Single flight: concurrent misses of one (key, generation) compute it once; the others wait
//!   for that result (also when the body is too large to keep).
//! - A backend that cannot tell its generation (`None`) gets no caching at all, as does a
//!   disabled cache (`rasd serve --no-cache`).

use std::collections::HashMap;
use std::future::Future;
use std::num::NonZeroUsize;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::body::Bytes;
use lru::LruCache;
use tokio::sync::OnceCell;

/// Default maximum number of cached responses.
pub const DEFAULT_ENTRIES: usize = 4096;
/// Default maximum total size of cached bodies (bytes).
pub const DEFAULT_BYTES: usize = 64 << 20;

/// How a response was obtained (sent as the `X-Cache` header).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Served from the cache.
    Hit,
    /// Computed by this request (and stored if small enough).
    Miss,
    /// Computed once by a concurrent identical request and shared.
    Shared,
    /// Caching is off (disabled, or the backend's generation is unknown): computed.
    Bypass,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Hit => "hit",
            Outcome::Miss => "miss",
            Outcome::Shared => "shared",
            Outcome::Bypass => "bypass",
        }
    }
}

struct Entry {
    generation: u64,
    body: Bytes,
}

struct Lru {
    map: LruCache<Box<str>, Entry>,
    bytes: usize,
}

type Flight = Arc<OnceCell<Bytes>>;

/// Counters of a cache since start.
#[derive(Debug, Clone, Copy, Default, serde::Serialize)]
pub struct CacheStats {
    pub enabled: bool,
    pub hits: u64,
    pub misses: u64,
    pub shared: u64,
    pub bypass: u64,
    pub entries: usize,
    pub bytes: usize,
}

type Flights = Mutex<HashMap<(Box<str>, u64), Flight>>;

/// One participant of a flight; the last one out (also when its request is dropped midway,
/// e.g. the client went away) removes the flight from the map.
struct FlightGuard<'a> {
    flights: &'a Flights,
    key: (Box<str>, u64),
    cell: Flight,
}

impl<'a> FlightGuard<'a> {
    fn join(flights: &'a Flights, key: (Box<str>, u64)) -> Self {
        let cell = lock(flights).entry(key.clone()).or_default().clone();
        FlightGuard { flights, key, cell }
    }

    fn cell(&self) -> &OnceCell<Bytes> {
        &self.cell
    }
}

impl Drop for FlightGuard<'_> {
    fn drop(&mut self) {
        // Let go of our reference first (replaced by an unrelated empty cell).
        drop(std::mem::take(&mut self.cell));
        let mut f = lock(self.flights);
        // Only the map still holds it: nobody else is waiting.
        if f.get(&self.key).is_some_and(|c| Arc::strong_count(c) == 1) {
            f.remove(&self.key);
        }
    }
}

/// See the module docs.
pub struct ResponseCache {
    enabled: bool,
    max_bytes: usize,
    lru: Mutex<Lru>,
    flights: Flights,
    hits: AtomicU64,
    misses: AtomicU64,
    shared: AtomicU64,
    bypass: AtomicU64,
}

impl Default for ResponseCache {
    fn default() -> Self {
        Self::new(DEFAULT_ENTRIES, DEFAULT_BYTES)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    // A panic while holding these locks cannot leave them inconsistent in a harmful way
    // (worst case: a wrong byte count), so poisoning is ignored.
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl ResponseCache {
    /// A cache of at most `max_entries` responses and `max_bytes` of bodies.
    pub fn new(max_entries: usize, max_bytes: usize) -> Self {
        ResponseCache {
            enabled: max_entries > 0 && max_bytes > 0,
            max_bytes,
            lru: Mutex::new(Lru {
                map: LruCache::new(NonZeroUsize::new(max_entries).unwrap_or(NonZeroUsize::MIN)),
                bytes: 0,
            }),
            flights: Mutex::new(HashMap::new()),
            hits: AtomicU64::new(0),
            misses: AtomicU64::new(0),
            shared: AtomicU64::new(0),
            bypass: AtomicU64::new(0),
        }
    }

    /// A cache that stores nothing (every request is computed: `--no-cache`).
    pub fn disabled() -> Self {
        Self::new(0, 0)
    }

    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// The body cached for `key` under `generation`, if any (an entry of another generation is
    /// dropped).
    pub fn get(&self, key: &str, generation: u64) -> Option<Bytes> {
        if !self.enabled {
            return None;
        }
        let mut l = lock(&self.lru);
        match l.map.get(key) {
            Some(e) if e.generation == generation => Some(e.body.clone()),
            Some(_) => {
                if let Some(old) = l.map.pop(key) {
                    l.bytes = l.bytes.saturating_sub(old.body.len() + key.len());
                }
                None
            }
            None => None,
        }
    }

    /// Stores `body` for `key` under `generation` (evicting least recently used entries).
    pub fn put(&self, key: &str, generation: u64, body: Bytes) {
        let size = body.len() + key.len();
        if !self.enabled || size > self.max_bytes / 8 {
            return;
        }
        let mut l = lock(&self.lru);
        if let Some(old) = l.map.pop(key) {
            l.bytes = l.bytes.saturating_sub(old.body.len() + key.len());
        }
        while l.bytes + size > self.max_bytes {
            match l.map.pop_lru() {
                Some((k, e)) => l.bytes = l.bytes.saturating_sub(e.body.len() + k.len()),
                None => {
                    l.bytes = 0;
                    break;
                }
            }
        }
        if let Some((k, e)) = l.map.push(key.into(), Entry { generation, body }) {
            // Evicted for the entry count (the same key was popped above).
            l.bytes = l.bytes.saturating_sub(e.body.len() + k.len());
        }
        l.bytes += size;
    }

    /// Serves `key` from the cache under `generation`, or computes it with `compute` — once for
    /// concurrent identical requests — and stores it. `generation: None` (unknown) or a disabled
    /// cache computes every time.
    pub async fn get_or_compute<E, F, Fut>(
        &self,
        key: &str,
        generation: Option<u64>,
        compute: F,
    ) -> Result<(Bytes, Outcome), E>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Bytes, E>>,
    {
        let Some(g) = generation.filter(|_| self.enabled) else {
            self.bypass.fetch_add(1, Ordering::Relaxed);
            return compute().await.map(|b| (b, Outcome::Bypass));
        };
        if let Some(b) = self.get(key, g) {
            self.hits.fetch_add(1, Ordering::Relaxed);
            return Ok((b, Outcome::Hit));
        }
        let guard = FlightGuard::join(&self.flights, (key.into(), g));
        // Stays `Shared` unless this request runs the flight itself.
        let mut how = Outcome::Shared;
        let res = guard
            .cell()
            .get_or_try_init(|| async {
                // Another flight may have finished between our miss and joining this one.
                if let Some(b) = self.get(key, g) {
                    how = Outcome::Hit;
                    return Ok(b);
                }
                how = Outcome::Miss;
                let b = compute().await?;
                self.put(key, g, b.clone());
                Ok(b)
            })
            .await
            .cloned();
        drop(guard);
        let b = res?;
        let counter = match how {
            Outcome::Hit => &self.hits,
            Outcome::Miss => &self.misses,
            _ => &self.shared,
        };
        counter.fetch_add(1, Ordering::Relaxed);
        Ok((b, how))
    }

    /// Counters and sizes.
    pub fn stats(&self) -> CacheStats {
        let l = lock(&self.lru);
        CacheStats {
            enabled: self.enabled,
            hits: self.hits.load(Ordering::Relaxed),
            misses: self.misses.load(Ordering::Relaxed),
            shared: self.shared.load(Ordering::Relaxed),
            bypass: self.bypass.load(Ordering::Relaxed),
            entries: l.map.len(),
            bytes: l.bytes,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::AtomicUsize;

    fn b(s: &'static str) -> Bytes {
        Bytes::from_static(s.as_bytes())
    }

    #[test]
    fn generation_mismatch_is_a_miss() {
        let c = ResponseCache::default();
        assert!(c.get("a", 1).is_none());
        c.put("a", 1, b("1"));
        assert_eq!(c.get("a", 1).unwrap(), b("1"));
        assert!(c.get("a", 2).is_none());
        // The stale entry was dropped.
        assert!(c.get("a", 1).is_none());
        assert_eq!(c.stats().entries, 0);
        assert_eq!(c.stats().bytes, 0);
    }

    #[test]
    fn bounded_by_entries_and_bytes() {
        let c = ResponseCache::new(3, 1 << 20);
        for k in ["a", "b", "c", "d"] {
            c.put(k, 0, b("x"));
        }
        assert_eq!(c.stats().entries, 3);
        assert!(c.get("a", 0).is_none(), "least recently used goes first");
        assert_eq!(c.stats().bytes, 6);

        let c = ResponseCache::new(100, 800);
        let body = Bytes::from(vec![0u8; 90]);
        for i in 0..20 {
            c.put(&format!("k{i:02}"), 0, body.clone());
        }
        let s = c.stats();
        assert!(s.bytes <= 800, "{s:?}");
        assert_eq!(s.entries, 800 / 93);
        assert!(c.get("k19", 0).is_some());
        // Too large for this cache: not stored.
        c.put("big", 0, Bytes::from(vec![0u8; 200]));
        assert!(c.get("big", 0).is_none());
        // Replacing an entry keeps the byte count exact.
        c.put("k19", 1, b("y"));
        let t = c.stats();
        assert_eq!(t.bytes, s.bytes - 90 + 1);
    }

    #[test]
    fn disabled_stores_nothing() {
        let c = ResponseCache::disabled();
        c.put("a", 0, b("1"));
        assert!(c.get("a", 0).is_none());
        assert!(!c.is_enabled());
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn single_flight_and_outcomes() {
        let c = Arc::new(ResponseCache::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..16 {
            let (c, calls) = (c.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                c.get_or_compute::<(), _, _>("k", Some(7), || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
                    Ok(b("v"))
                })
                .await
                .unwrap()
            }));
        }
        let mut outcomes = Vec::new();
        for t in tasks {
            let (body, o) = t.await.unwrap();
            assert_eq!(body, b("v"));
            outcomes.push(o);
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        assert_eq!(outcomes.iter().filter(|o| **o == Outcome::Miss).count(), 1);
        let (_, o) = c
            .get_or_compute::<(), _, _>("k", Some(7), || async { Ok(b("w")) })
            .await
            .unwrap();
        assert_eq!(o, Outcome::Hit);
        // A new generation recomputes.
        let (body, o) = c
            .get_or_compute::<(), _, _>("k", Some(8), || async { Ok(b("w")) })
            .await
            .unwrap();
        assert_eq!((body, o), (b("w"), Outcome::Miss));
        // Unknown generation: never cached.
        let (_, o) = c
            .get_or_compute::<(), _, _>("k", None, || async { Ok(b("z")) })
            .await
            .unwrap();
        assert_eq!(o, Outcome::Bypass);
        assert!(lock(&c.flights).is_empty(), "flights are cleaned up");
        // Errors are not cached, the next caller computes again.
        let r = c
            .get_or_compute("e", Some(1), || async { Err::<Bytes, _>("boom") })
            .await;
        assert!(r.is_err());
        let (_, o) = c
            .get_or_compute::<(), _, _>("e", Some(1), || async { Ok(b("ok")) })
            .await
            .unwrap();
        assert_eq!(o, Outcome::Miss);
        // A request dropped midway (client gone) leaves no flight behind.
        let c2 = c.clone();
        let t = tokio::spawn(async move {
            c2.get_or_compute::<(), _, _>("slow", Some(1), || async {
                tokio::time::sleep(std::time::Duration::from_secs(60)).await;
                Ok(b("late"))
            })
            .await
        });
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        assert_eq!(lock(&c.flights).len(), 1);
        t.abort();
        let _ = t.await;
        assert!(lock(&c.flights).is_empty());
    }
}
