//! The API over the real store (`StoreBackend` on a temporary `rasd_store::Store`), with synthetic
//! annotated documents: responses validated against `openapi.json`.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use serde_json::json;

mod common;
use common::*;

struct TempDir(std::path::PathBuf);
impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_over_real_store() {
    let dir = TempDir(std::env::temp_dir().join(format!(
        "rasd-server-test-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    )));
    let store = rasd_store::Store::open(&dir.0).expect("open store");
    let backend = rasd_server::store_backend::StoreBackend::new(store);
    use rasd_server::Backend;
    let st = backend
        .put_documents(rasd_server::sample::documents(60))
        .expect("put");
    assert!(st.new > 0);
    let app = rasd_server::router(rasd_server::AppState::new(Arc::new(backend), "tok"));

    let r = get(&app, "/api/events?limit=10").await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    check("/api/events", "get", &r);
    let ev = r.json()["items"][0].clone();
    let id = ev["id"].as_str().unwrap();
    let r = get(&app, &format!("/api/events/{id}")).await;
    check("/api/events/{id}", "get", &r);
    let art = ev["sources"][0]["article_id"].as_str().unwrap();
    let r = get(&app, &format!("/api/articles/{art}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    check("/api/articles/{id}", "get", &r);
    assert!(!r.json()["annotations"].as_array().unwrap().is_empty());
    let r = get(&app, "/api/points?limit=100").await;
    check("/api/points", "get", &r);
    let r = get(&app, "/api/stats").await;
    check("/api/stats", "get", &r);
    let r = get(&app, "/api/search?q=%D9%82%D8%B0%D8%A7%D8%A6%D9%81").await; // قذائف
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    check("/api/search", "get", &r);
    let r = get(&app, "/api/places?q=%D8%B3%D8%B1%D8%A7%D9%82%D8%A8").await; // سراقب
    check("/api/places", "get", &r);

    let zone = json!({"name": "M4", "geometry": {"kind": "corridor", "road": "M4", "km": 6.0}})
        .to_string();
    let req = Request::post("/api/zones")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, "Bearer tok")
        .body(Body::from(zone))
        .unwrap();
    let r = send(&app, req).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    check("/api/zones", "post", &r);
    let zid = r.json()["id"].as_str().unwrap().to_string();
    let r = get(&app, &format!("/api/zones/{zid}/events?limit=100")).await;
    check("/api/zones/{id}/events", "get", &r);
    let r = get(&app, &format!("/zones/{zid}/feed.atom")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = get(&app, "/api/export.csv").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.text().starts_with("event_id_cnty,"));
    let r = get(&app, "/api/export.geojson").await;
    assert_eq!(r.json()["type"], "FeatureCollection");
}

/// Another `Store` on the same directory (as `rasd ingest` in a second process would) commits:
/// the server's cached responses and its memory event index are not used again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_writer_invalidates_the_cache() {
    let dir = TempDir(std::env::temp_dir().join(format!(
        "rasd-server-test2-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    )));
    let docs = rasd_server::sample::documents(40);
    let (first, second): (Vec<_>, Vec<_>) =
        docs.into_iter().enumerate().partition(|(i, _)| i % 2 == 0);
    {
        let setup = rasd_store::Store::open(&dir.0).expect("open store");
        setup
            .put_documents(first.into_iter().map(|(_, d)| d).collect())
            .expect("put");
    }
    // The server's store only reads and answers event queries from its memory index (as
    // `rasd serve` does): another process's commit must make that copy stale at once.
    let store = rasd_store::Store::open(&dir.0).expect("reopen store");
    assert!(store.build_memory_index().expect("memory index").0 > 0);
    let backend = rasd_server::store_backend::StoreBackend::new(store);
    let app = rasd_server::router(rasd_server::AppState::new(Arc::new(backend), "tok"));
    let xc = |r: &Resp| r.headers["x-cache"].to_str().unwrap().to_string();

    let r = get(&app, "/api/stats").await;
    assert_eq!(xc(&r), "miss");
    let before = r.json()["articles"].as_u64().unwrap();
    assert_eq!(xc(&get(&app, "/api/stats").await), "hit");
    let events_before = get(&app, "/api/events?limit=1").await.json()["total"].clone();

    let other = rasd_store::Store::open(&dir.0).expect("second store on the same dir");
    let added = other
        .put_documents(second.into_iter().map(|(_, d)| d).collect())
        .expect("put through the second store")
        .new as u64;
    assert!(added > 0);

    let r = get(&app, "/api/stats").await;
    assert_eq!(xc(&r), "miss");
    assert_eq!(r.json()["articles"].as_u64().unwrap(), before + added);
    let r = get(&app, "/api/events?limit=1").await;
    assert_eq!(xc(&r), "miss");
    assert_ne!(r.json()["total"], events_before);
}
