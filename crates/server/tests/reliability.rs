//! Reliability of the HTTP layer: bounded query parameters, the token checked before any body
//! is read, the Host header checked, exports streamed and stopped for departed clients, the
//! ingest article-size cap, and random query strings never giving a 5xx.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};

use axum::body::{Body, Bytes};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use rasd_doc::Document;
use rasd_ingest::Record;
use rasd_server::{Backend, MemBackend, PlaceInfo};
use rasd_store::{
    EventFilter, Page, PutStats, SearchHit, SearchQuery, Stats, StoreError, StoredArticle,
    StoredEvent, Zone, ZoneSpec,
};
use tower::ServiceExt;

mod common;
use common::*;

const TOKEN: &str = "test-token-rel";

fn app_with(b: Arc<dyn Backend>) -> Router {
    rasd_server::router(rasd_server::AppState::new(b, TOKEN))
}

fn app() -> Router {
    app_with(Arc::new(MemBackend::with_sample(60)))
}

#[tokio::test]
async fn huge_offsets_and_limits_are_400_not_a_crash() {
    let app = app();
    for uri in [
        "/api/search?q=%D9%82%D8%B5%D9%81&offset=1600000000",
        "/api/search?q=%D9%82%D8%B5%D9%81&offset=99999999999999999999999",
        "/api/search?q=%D9%82%D8%B5%D9%81&limit=18446744073709551615",
        "/api/events?offset=9223372036854775808",
        "/api/events?offset=18446744073709551615",
        "/api/points?offset=100001",
        "/api/stats?offset=-1",
        "/api/export.csv?offset=1000000000000",
    ] {
        let r = get(&app, uri).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.text());
        assert!(
            r.json()["error"]
                .as_str()
                .unwrap()
                .contains("query parameter"),
            "{uri}: {}",
            r.text()
        );
    }
    // The largest accepted offset is served (an empty page).
    let r = get(&app, "/api/events?offset=100000").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["items"].as_array().unwrap().len(), 0);
}

#[tokio::test]
async fn dates_and_types_are_checked_as_in_the_cli() {
    let app = app();
    for (q, needle) in [
        ("date_from=2024-13-45", "date_from"),
        ("date_to=2023-02-29", "date_to"),
        ("event_type=Bombing", "valid types: Battles"),
        ("sub_event_type=Bombing", "valid sub-event types"),
    ] {
        let r = get(&app, &format!("/api/events?{q}")).await;
        assert_error(&r, StatusCode::BAD_REQUEST, needle);
    }
    // The partial forms the CLI accepts work here too.
    for q in [
        "date_from=2020",
        "date_from=2020-03&date_to=2020-06",
        "event_type=battles",
    ] {
        let r = get(&app, &format!("/api/events?{q}")).await;
        assert_eq!(r.status, StatusCode::OK, "{q}: {}", r.text());
    }
}

/// A request body that records whether anything read it.
struct Watched(Arc<AtomicBool>);

impl futures_core::Stream for Watched {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(self: Pin<&mut Self>, _cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        self.0.store(true, Ordering::SeqCst);
        Poll::Ready(None)
    }
}

#[tokio::test]
async fn the_token_is_checked_before_the_body_is_read() {
    let app = app();
    for (method, uri) in [
        ("POST", "/api/ingest"),
        ("POST", "/api/zones"),
        ("DELETE", "/api/zones/z1"),
    ] {
        for auth in [None, Some("Bearer wrong")] {
            let polled = Arc::new(AtomicBool::new(false));
            let mut b = Request::builder()
                .method(method)
                .uri(uri)
                .header(header::CONTENT_TYPE, "application/x-ndjson")
                .header(header::CONTENT_LENGTH, "30000000");
            if let Some(a) = auth {
                b = b.header(header::AUTHORIZATION, a);
            }
            let req = b.body(Body::from_stream(Watched(polled.clone()))).unwrap();
            let r = send(&app, req).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{method} {uri}: {}",
                r.text()
            );
            assert!(
                !polled.load(Ordering::SeqCst),
                "{method} {uri}: body read before the token check"
            );
        }
    }
}

#[tokio::test]
async fn ingest_has_the_cli_article_size_cap() {
    let app = app();
    let long = "ب".repeat(rasd_ingest::MAX_ARTICLE_BYTES / 2 + 10);
    let line = serde_json::json!({"id": "big", "text": long}).to_string();
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(line))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let j = r.json();
    assert_eq!(j["stored"]["documents"], 0, "{j}");
    assert!(
        j["skipped"][0]
            .as_str()
            .unwrap()
            .contains("exceeds the limit"),
        "{j}"
    );
}

#[tokio::test]
async fn host_header_must_name_this_server() {
    let app = rasd_server::router(
        rasd_server::AppState::new(Arc::new(MemBackend::with_sample(5)), TOKEN)
            .with_allowed_hosts(["rasd.lan".to_string()]),
    );
    let with_host = |h: &str| {
        Request::get("/api/health")
            .header(header::HOST, h)
            .body(Body::empty())
            .unwrap()
    };
    for ok in [
        "localhost:8080",
        "127.0.0.1:8080",
        "[::1]:8080",
        "app.localhost",
        "rasd.lan:80",
        "RASD.LAN",
        "10.0.0.7",
    ] {
        assert_eq!(
            send(&app, with_host(ok)).await.status,
            StatusCode::OK,
            "{ok}"
        );
    }
    for bad in [
        "evil.example",
        "evil.example:8080",
        "localhost.evil.example",
        "rasd.lan.evil",
        "",
    ] {
        let r = send(&app, with_host(bad)).await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{bad:?}");
        assert!(r.json()["error"].as_str().unwrap().contains("Host"));
    }
}

/// MemBackend, counting the pages of events read.
struct Counting {
    inner: MemBackend,
    pages: AtomicUsize,
}

impl Backend for Counting {
    fn generation(&self) -> Option<u64> {
        self.inner.generation()
    }
    fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        self.pages.fetch_add(1, Ordering::SeqCst);
        self.inner.events(f)
    }
    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        self.inner.event(id)
    }
    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        self.inner.article(id)
    }
    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        self.inner.search(q)
    }
    fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        self.inner.stats(f)
    }
    fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        self.inner.zones()
    }
    fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        self.inner.zone(id)
    }
    fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        self.inner.put_zone(spec)
    }
    fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        self.inner.delete_zone(id)
    }
    fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        self.inner.zone_events(id, f)
    }
    fn write_csv(
        &self,
        events: &[StoredEvent],
        w: &mut dyn std::io::Write,
    ) -> Result<(), StoreError> {
        self.inner.write_csv(events, w)
    }
    fn write_geojson(
        &self,
        events: &[StoredEvent],
        w: &mut dyn std::io::Write,
    ) -> Result<(), StoreError> {
        self.inner.write_geojson(events, w)
    }
    fn places(&self, q: &str, limit: usize) -> Vec<PlaceInfo> {
        self.inner.places(q, limit)
    }
    fn prepare(&self, rec: Record) -> Result<Document, String> {
        self.inner.prepare(rec)
    }
    fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
        self.inner.put_documents(docs)
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_stream_and_stop_when_the_client_goes_away() {
    let backend = Arc::new(Counting {
        inner: MemBackend::with_sample(4500),
        pages: AtomicUsize::new(0),
    });
    let total = backend
        .inner
        .events(&EventFilter {
            limit: 100_000,
            ..Default::default()
        })
        .unwrap()
        .total;
    // Full pages, then one short (possibly empty) page.
    let pages_all = total / 500 + 1;
    assert!(pages_all >= 8, "sample too small: {total} events");
    // One backend call at a time: the export holds the only permit while it produces a chunk.
    let app =
        rasd_server::router(rasd_server::AppState::new(backend.clone(), TOKEN).with_concurrency(1));

    // A complete export is served in pieces and is whole.
    let r = get(&app, "/api/export.geojson").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(
        r.body.len() > 4 * 64 * 1024,
        "want an export of several chunks"
    );
    assert_eq!(r.json()["features"].as_array().unwrap().len(), total);
    assert_eq!(backend.pages.load(Ordering::SeqCst), pages_all);

    // A client that reads one chunk and leaves.
    backend.pages.store(0, Ordering::SeqCst);
    let resp = app
        .clone()
        .oneshot(
            Request::get("/api/export.geojson")
                .body(Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body().into_data_stream();
    let first = futures_next(&mut body)
        .await
        .expect("a first chunk")
        .unwrap();
    assert!(first.starts_with(b"{\"type\":\"FeatureCollection\""));
    drop(body);
    // This read needs the permit: it runs between two chunks of the export, which stops at
    // its next chunk.
    let r = get(&app, "/api/events?limit=1").await;
    assert_eq!(r.status, StatusCode::OK);
    let read = backend.pages.load(Ordering::SeqCst) - 1;
    assert!(
        read < pages_all,
        "export went on for a departed client: {read} of {pages_all} pages"
    );
}

async fn futures_next<S: futures_core::Stream + Unpin>(s: &mut S) -> Option<S::Item> {
    std::future::poll_fn(|cx| Pin::new(&mut *s).poll_next(cx)).await
}

/// A small deterministic generator (xorshift) for the fuzz test.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

#[tokio::test]
async fn random_and_boundary_query_strings_never_give_a_5xx() {
    let app = app();
    let endpoints = [
        "/api/events",
        "/api/points",
        "/api/search",
        "/api/stats",
        "/api/places",
        "/api/zones",
        "/api/export.csv",
        "/api/export.geojson",
        "/api/events/SYR-000001",
        "/api/articles/a1",
        "/api/zones/z1",
        "/api/zones/z1/events",
        "/zones/z1/feed.atom",
        "/api/health",
    ];
    let keys = [
        "q",
        "offset",
        "limit",
        "date_from",
        "date_to",
        "event_type",
        "sub_event_type",
        "actor",
        "place",
        "country",
        "bbox",
        "near_road",
        "road_km",
        "min_fatalities",
        "include_background",
        "sort",
        "text",
        "zone",
        "source",
        "x",
        "",
        "%00",
        "offset[]",
    ];
    let values = [
        "",
        "0",
        "-1",
        "1",
        "100000",
        "100001",
        "4294967295",
        "4294967296",
        "9223372036854775807",
        "9223372036854775808",
        "18446744073709551615",
        "99999999999999999999999999",
        "1e309",
        "NaN",
        "inf",
        "-0",
        "2024",
        "2024-02",
        "2024-02-29",
        "2023-02-29",
        "2024-13-45",
        "0000-00-00",
        "9999-12-31",
        "Battles",
        "battles",
        "Bombing",
        "M4",
        "1,2,3,4",
        "-180,-90,180,90",
        "1,2,3",
        "181,0,0,0",
        "true",
        "maybe",
        "date_asc",
        "%D9%82%D8%B5%D9%81",
        "%FF%FE",
        "%",
        "%zz",
        "a%00b",
        "'\"<>",
        "   ",
    ];
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    for i in 0..1500 {
        let ep = endpoints[i % endpoints.len()];
        let n = (rng.next() % 4) as usize;
        let q: Vec<String> = (0..n)
            .map(|_| format!("{}={}", rng.pick(&keys), rng.pick(&values)))
            .collect();
        let uri = if q.is_empty() {
            ep.to_string()
        } else {
            format!("{ep}?{}", q.join("&"))
        };
        let Ok(req) = Request::get(uri.as_str()).body(Body::empty()) else {
            continue; // not a valid URI at all: never reaches a server
        };
        let r = send(&app, req).await;
        assert!(
            !r.status.is_server_error(),
            "{uri}: {} {}",
            r.status,
            r.text()
        );
    }
    // Still serving.
    assert_eq!(get(&app, "/api/health").await.status, StatusCode::OK);
    assert_eq!(
        get(&app, "/api/events?limit=1").await.status,
        StatusCode::OK
    );
}

/// A client that starts a large export and stops reading (issue #15, finding 3): the export
/// waits for it without holding a backend permit, so the server (here with one permit) goes on
/// answering other requests. It used to keep the permit until the client read everything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_export_client_holds_no_permit() {
    let app = rasd_server::router(
        rasd_server::AppState::new(Arc::new(MemBackend::with_sample(4500)), TOKEN)
            .with_concurrency(1),
    );
    let resp = app
        .clone()
        .oneshot(Request::get("/api/export.csv").body(Body::empty()).unwrap())
        .await
        .unwrap();
    assert_eq!(resp.status(), StatusCode::OK);
    let mut body = resp.into_body().into_data_stream();
    assert!(futures_next(&mut body)
        .await
        .expect("a first chunk")
        .is_ok());
    // The body is kept and not read: the export fills its queue and waits.
    for i in 0..3 {
        let r = tokio::time::timeout(
            std::time::Duration::from_secs(60),
            get(&app, &format!("/api/events?limit=1&offset={i}")),
        )
        .await
        .expect("a read waited for the stalled export");
        assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    }
    drop(body);
}
