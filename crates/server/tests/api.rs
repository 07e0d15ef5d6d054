//! API tests: every endpoint in-process (tower `oneshot`) on the in-memory backend, responses
//! validated against `openapi.json`, bad input → 4xx with a clear JSON message.

use std::sync::Arc;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use axum::Router;
use serde_json::json;

mod common;
use common::*;

const TOKEN: &str = "test-token-123";

fn app() -> Router {
    let backend = Arc::new(rasd_server::MemBackend::with_sample(120));
    rasd_server::router(rasd_server::AppState::new(backend, TOKEN))
}

#[tokio::test]
async fn events_list_filter_and_page() {
    let app = app();
    let r = get(&app, "/api/events?limit=5").await;
    assert_eq!(r.status, StatusCode::OK);
    check("/api/events", "get", &r);
    let j = r.json();
    assert_eq!(j["items"].as_array().unwrap().len(), 5);
    assert!(j["total"].as_u64().unwrap() > 100);

    let r = get(
        &app,
        "/api/events?event_type=Protests&date_from=2020-03-01&date_to=2020-06-30&limit=500",
    )
    .await;
    check("/api/events", "get", &r);
    for e in r.json()["items"].as_array().unwrap() {
        assert_eq!(e["event_type"], "Protests");
        let d = e["event_date"].as_str().unwrap();
        assert!(("2020-03-01"..="2020-06-30").contains(&d));
    }
    // Arabic-script and URL-encoded values.
    let r = get(
        &app,
        "/api/events?text=%D8%A7%D8%B4%D8%AA%D8%A8%D8%A7%D9%83%D8%A7%D8%AA&limit=3",
    )
    .await;
    check("/api/events", "get", &r);
    assert!(r.json()["total"].as_u64().unwrap() > 0);
}

#[tokio::test]
async fn events_bad_filters_are_400() {
    let app = app();
    for (q, needle) in [
        ("date_from=yesterday", "date_from"),
        ("bbox=1,2", "bbox"),
        ("limit=-3", "limit"),
        ("limit=1000000", "maximum"),
        ("colour=red", "unknown query parameter `colour`"),
        ("sort=random", "sort"),
        ("date_from=2021-01-01&date_to=2020-01-01", "after"),
    ] {
        let r = get(&app, &format!("/api/events?{q}")).await;
        assert_error(&r, StatusCode::BAD_REQUEST, needle);
        check("/api/events", "get", &r);
    }
}

#[tokio::test]
async fn event_by_id_and_404() {
    let app = app();
    let first = get(&app, "/api/events?limit=1").await.json();
    let id = first["items"][0]["id"].as_str().unwrap().to_string();
    let r = get(&app, &format!("/api/events/{id}")).await;
    check("/api/events/{id}", "get", &r);
    assert_eq!(r.json()["id"], id);
    assert!(!r.json()["sources"].as_array().unwrap().is_empty());
    let r = get(&app, "/api/events/NOPE-1").await;
    assert_error(&r, StatusCode::NOT_FOUND, "NOPE-1");
    check("/api/events/{id}", "get", &r);
}

#[tokio::test]
async fn vocabulary_and_arabic_names() {
    let app = app();
    let r = get(&app, "/api/vocab").await;
    check("/api/vocab", "get", &r);
    let j = r.json();
    let types = j["event_types"].as_array().unwrap();
    let battles = types.iter().find(|t| t["name"] == "Battles").unwrap();
    assert_eq!(battles["ar"], "معارك");
    assert!(battles["sub_event_types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|s| s["name"] == "Armed clash" && s["ar"] == "اشتباك مسلح"));
    assert!(j["roads"]
        .as_array()
        .unwrap()
        .iter()
        .any(|r| r["ref"] == "M4"));
    // Events carry the Arabic names of their type, sub-type and (gazetteer) places.
    let r = get(&app, "/api/events?limit=20").await;
    let items = r.json()["items"].as_array().unwrap().clone();
    assert!(items.iter().all(|e| e["ar"]["event_type"]
        .as_str()
        .is_some_and(|s| !s.is_ascii())));
    assert!(items.iter().any(|e| e["location"].is_string()
        && e["ar"]["location"].as_str().is_some_and(|s| !s.is_ascii())));
    // Map points carry what the tooltip shows.
    let r = get(&app, "/api/points?limit=20").await;
    let p = r.json()["items"][0].clone();
    for k in ["s", "p", "n", "o", "ar"] {
        assert!(!p[k].is_null(), "point field {k}");
    }
}

#[tokio::test]
async fn points_and_stats() {
    let app = app();
    let r = get(&app, "/api/points?event_type=Battles").await;
    check("/api/points", "get", &r);
    let j = r.json();
    assert!(j["items"]
        .as_array()
        .unwrap()
        .iter()
        .all(|p| p["t"] == "Battles"));
    let r = get(&app, "/api/stats").await;
    check("/api/stats", "get", &r);
    let j = r.json();
    assert_eq!(j["articles"], 121);
    assert!(!j["by_day_type"].as_array().unwrap().is_empty());
    let r = get(&app, "/api/stats?min_fatalities=abc").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "min_fatalities");
}

#[tokio::test]
async fn article_view_has_char_offset_annotations() {
    let app = app();
    let r = get(&app, "/api/articles/sample-000007").await;
    check("/api/articles/{id}", "get", &r);
    let j = r.json();
    let text: Vec<char> = j["text"].as_str().unwrap().chars().collect();
    let anns = j["annotations"].as_array().unwrap();
    for kind in ["date", "place", "entity", "evidence", "trigger"] {
        assert!(
            anns.iter().any(|a| a["kind"] == kind),
            "no {kind} annotation"
        );
    }
    for a in anns {
        let (s, e) = (
            a["start"].as_u64().unwrap() as usize,
            a["end"].as_u64().unwrap() as usize,
        );
        assert!(s < e && e <= text.len());
    }
    let place = anns.iter().find(|a| a["kind"] == "place").unwrap();
    let surface: String = text
        [place["start"].as_u64().unwrap() as usize..place["end"].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert!(
        !surface.is_empty()
            && surface
                .chars()
                .all(|c| c == ' ' || ('\u{0600}'..='\u{06FF}').contains(&c)),
        "{surface}"
    );
    assert_eq!(j["events"].as_array().unwrap().len(), 1);
    let r = get(&app, "/api/articles/..%2F..%2Fetc%2Fpasswd").await;
    assert_error(&r, StatusCode::NOT_FOUND, "no article");
}

#[tokio::test]
async fn hostile_article_is_data_not_markup() {
    let app = app();
    let r = get(&app, "/api/articles/sample-hostile").await;
    check("/api/articles/{id}", "get", &r);
    let j = r.json();
    // The text is returned verbatim as JSON data; the UI renders it with text nodes.
    assert!(j["text"].as_str().unwrap().contains("<script>"));
    // A javascript: URL never reaches the UI as a link.
    assert!(j["url"].is_null());
    // Every response carries a CSP that forbids inline scripts.
    let csp = r
        .headers
        .get(header::CONTENT_SECURITY_POLICY)
        .unwrap()
        .to_str()
        .unwrap();
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(
        r.headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(),
        "nosniff"
    );
}

#[tokio::test]
async fn search_with_highlights() {
    let app = app();
    let r = get(&app, "/api/search?q=%D9%82%D8%B0%D8%A7%D8%A6%D9%81&limit=5").await; // قذائف
    check("/api/search", "get", &r);
    let j = r.json();
    assert!(j["total"].as_u64().unwrap() > 0);
    let hit = &j["items"][0];
    let snip: Vec<char> = hit["snippet"].as_str().unwrap().chars().collect();
    let h = &hit["highlights"][0];
    let s: String = snip[h[0].as_u64().unwrap() as usize..h[1].as_u64().unwrap() as usize]
        .iter()
        .collect();
    assert_eq!(s, "قذائف");
    let r = get(&app, "/api/search").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "`q`");
    check("/api/search", "get", &r);
    let r = get(&app, "/api/search?q=x&date_from=2020-1-1").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "date_from");
}

#[tokio::test]
async fn places_lookup() {
    let app = app();
    let r = get(&app, "/api/places?q=%D8%B3%D8%B1%D8%A7%D9%82%D8%A8").await; // سراقب
    check("/api/places", "get", &r);
    assert_eq!(r.json()[0]["name"], "Saraqib");
    let r = get(&app, "/api/places").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "`q`");
    check("/api/places", "get", &r);
}

fn post_zone(body: &str, token: Option<&str>) -> Request<Body> {
    let mut b = Request::post("/api/zones").header(header::CONTENT_TYPE, "application/json");
    if let Some(t) = token {
        b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    b.body(Body::from(body.to_string())).unwrap()
}

#[tokio::test]
async fn zones_crud_feed_and_auth() {
    let app = app();
    let spec =
        json!({"name": "M4 corridor", "geometry": {"kind": "corridor", "road": "M4", "km": 6.0}})
            .to_string();
    // No token / wrong token.
    let r = send(&app, post_zone(&spec, None)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "Authorization");
    check("/api/zones", "post", &r);
    let r = send(&app, post_zone(&spec, Some("wrong"))).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "wrong token");
    // Malformed JSON and bad geometry.
    let r = send(&app, post_zone("{\"name\": ", Some(TOKEN))).await;
    assert_error(&r, StatusCode::BAD_REQUEST, "invalid zone JSON");
    check("/api/zones", "post", &r);
    let r = send(
        &app,
        post_zone(
            &json!({"name": "x", "geometry": {"kind": "corridor", "road": "M4", "km": -2}})
                .to_string(),
            Some(TOKEN),
        ),
    )
    .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "km");
    let r = send(
        &app,
        post_zone(
            &json!({"name": "x", "geometry": {"kind": "polygon", "rings": [[[36.0, 35.0]]]}})
                .to_string(),
            Some(TOKEN),
        ),
    )
    .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "3 points");
    // Huge body.
    let huge = format!(
        "{{\"name\": \"{}\"}}",
        "a".repeat(rasd_server::api::BODY_LIMIT + 10)
    );
    let r = send(&app, post_zone(&huge, Some(TOKEN))).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "too large");
    check("/api/zones", "post", &r);

    // Create the corridor.
    let r = send(&app, post_zone(&spec, Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    check("/api/zones", "post", &r);
    let zid = r.json()["id"].as_str().unwrap().to_string();
    let r = get(&app, "/api/zones").await;
    check("/api/zones", "get", &r);
    assert_eq!(r.json().as_array().unwrap().len(), 1);
    let r = get(&app, &format!("/api/zones/{zid}")).await;
    check("/api/zones/{id}", "get", &r);

    // Its events: all within 6 km of the M4 (Saraqib, Ariha, Nayrab, Jisr ash-Shughur are; Dar'a is not).
    let r = get(&app, &format!("/api/zones/{zid}/events?limit=1000")).await;
    check("/api/zones/{id}/events", "get", &r);
    let items = r.json()["items"].as_array().unwrap().clone();
    assert!(!items.is_empty());
    assert!(items.iter().all(|e| e["admin1"] != "Dar'a"));
    let near: Vec<_> = items
        .iter()
        .map(|e| e["location"].as_str().unwrap().to_string())
        .collect();
    assert!(near.iter().any(|l| l == "Saraqib"), "{near:?}");

    // Atom feed.
    let r = get(&app, &format!("/zones/{zid}/feed.atom")).await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/atom+xml"));
    let xml = r.text();
    assert!(
        xml.starts_with("<?xml")
            && xml.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">")
            && xml.contains("<entry>")
    );
    assert!(!xml.contains("<script"));

    // Polygon zone.
    let poly = json!({"name": "box", "geometry": {"kind": "polygon", "rings": [[[36.5, 35.7], [37.0, 35.7], [37.0, 36.0], [36.5, 36.0]]]}});
    let r = send(&app, post_zone(&poly.to_string(), Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::CREATED);

    // Delete: auth, then 204, then 404.
    let del = |t: Option<&str>| {
        let mut b = Request::delete(format!("/api/zones/{zid}"));
        if let Some(t) = t {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b.body(Body::empty()).unwrap()
    };
    let r = send(&app, del(None)).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "Authorization");
    check("/api/zones/{id}", "delete", &r);
    let r = send(&app, del(Some(TOKEN))).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    let r = send(&app, del(Some(TOKEN))).await;
    assert_error(&r, StatusCode::NOT_FOUND, &zid);
    let r = get(&app, &format!("/api/zones/{zid}/events")).await;
    assert_error(&r, StatusCode::NOT_FOUND, &zid);
    let r = get(&app, &format!("/zones/{zid}/feed.atom")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn exports() {
    let app = app();
    let r = get(&app, "/api/export.csv?event_type=Battles").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/csv"));
    assert!(r.headers[header::CONTENT_DISPOSITION]
        .to_str()
        .unwrap()
        .contains("attachment"));
    let csv = r.text();
    let mut lines = csv.lines();
    assert!(lines
        .next()
        .unwrap()
        .starts_with("event_id_cnty,event_date"));
    assert!(lines.count() > 0);
    let r = get(&app, "/api/export.geojson?limit=10").await;
    assert_eq!(r.status, StatusCode::OK);
    let j = r.json();
    assert_eq!(j["type"], "FeatureCollection");
    assert_eq!(j["features"].as_array().unwrap().len(), 10);
    let r = get(&app, "/api/export.csv?bbox=nonsense").await;
    assert_error(&r, StatusCode::BAD_REQUEST, "bbox");
}

#[tokio::test]
async fn ingest_jsonl_html_and_errors() {
    let app = app();
    let post = |ct: &str, body: &str, token: Option<&str>, q: &str| {
        let mut b = Request::post(format!("/api/ingest{q}")).header(header::CONTENT_TYPE, ct);
        if let Some(t) = token {
            b = b.header(header::AUTHORIZATION, format!("Bearer {t}"));
        }
        b.body(Body::from(body.to_string())).unwrap()
    };
    let jsonl = "{\"id\": \"t1\", \"text\": \"نص تجريبي أول عن حدث متخيل.\", \"source\": \"Test\"}\n\n{\"id\": \"t2\", \"text\": \"نص ثان.\"}\n";
    let r = send(&app, post("application/x-ndjson", jsonl, None, "")).await;
    assert_error(&r, StatusCode::UNAUTHORIZED, "Authorization");
    check("/api/ingest", "post", &r);
    // Cached read before the change...
    assert_eq!(get(&app, "/api/stats").await.json()["articles"], 121);
    let r = send(&app, post("application/x-ndjson", jsonl, Some(TOKEN), "")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    // ...is invalidated by it.
    assert_eq!(get(&app, "/api/stats").await.json()["articles"], 123);
    check("/api/ingest", "post", &r);
    assert_eq!(r.json()["received"], 2);
    assert_eq!(r.json()["stored"]["new"], 2);
    assert_eq!(get(&app, "/api/articles/t1").await.status, StatusCode::OK);
    // Re-ingest is idempotent.
    let r = send(&app, post("application/x-ndjson", jsonl, Some(TOKEN), "")).await;
    assert_eq!(r.json()["stored"]["new"], 0);

    let html = "<html><head><title>t</title></head><body><p>خبر تجريبي.</p><script>evil()</script></body></html>";
    let r = send(
        &app,
        post(
            "text/html; charset=utf-8",
            html,
            Some(TOKEN),
            "?url=https://example.org/a&id=h1",
        ),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let a = get(&app, "/api/articles/h1").await.json();
    assert!(!a["text"].as_str().unwrap().contains("evil"));

    let r = send(
        &app,
        post("application/x-ndjson", "{\"id\": 1, ", Some(TOKEN), ""),
    )
    .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "line 1");
    check("/api/ingest", "post", &r);
    let r = send(
        &app,
        post("application/x-ndjson", "{\"id\": \"x\"}", Some(TOKEN), ""),
    )
    .await;
    assert_error(&r, StatusCode::BAD_REQUEST, "`text` or `html`");
    let r = send(&app, post("image/png", "xx", Some(TOKEN), "")).await;
    assert_error(&r, StatusCode::UNSUPPORTED_MEDIA_TYPE, "Content-Type");
    check("/api/ingest", "post", &r);
    let big = "x".repeat(rasd_server::api::INGEST_BODY_LIMIT + 1);
    let r = send(&app, post("text/html", &big, Some(TOKEN), "")).await;
    assert_error(&r, StatusCode::PAYLOAD_TOO_LARGE, "too large");
    check("/api/ingest", "post", &r);
}

#[tokio::test]
async fn ui_assets_and_routing() {
    let app = app();
    let r = get(&app, "/").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.headers[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let html = r.text();
    assert!(html.contains("dir=\"rtl\""));
    // No inline scripts: every <script> has a src.
    assert_eq!(
        html.matches("<script").count(),
        html.matches("<script src=\"/assets/").count()
    );
    for name in rasd_server::assets::names() {
        let r = get(&app, &format!("/assets/{name}")).await;
        assert_eq!(r.status, StatusCode::OK, "{name}");
        assert!(!r.body.is_empty());
    }
    for bad in [
        "/assets/../Cargo.toml",
        "/assets/..%2F..%2Fsrc%2Flib.rs",
        "/assets/%2e%2e/openapi.json",
        "/assets//etc/passwd",
        "/assets/map/../app.js",
    ] {
        let r = get(&app, bad).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{bad}");
    }
    let r = get(&app, "/api/nope").await;
    assert_error(&r, StatusCode::NOT_FOUND, "/api/nope");
    let r = send(
        &app,
        Request::put("/api/events").body(Body::empty()).unwrap(),
    )
    .await;
    assert_error(&r, StatusCode::METHOD_NOT_ALLOWED, "PUT");
    let r = get(&app, "/api/health").await;
    check("/api/health", "get", &r);
    let r = get(&app, "/api/openapi.json").await;
    assert_eq!(r.json()["openapi"], "3.1.0");
}

#[tokio::test]
async fn every_documented_path_is_tested_here() {
    let spec = openapi();
    let src = include_str!("api.rs");
    for (p, ops) in spec["paths"].as_object().unwrap() {
        for m in ops.as_object().unwrap().keys() {
            assert!(
                src.contains(&format!("check(\"{p}\", \"{m}\""))
                    || p.ends_with("feed.atom")
                    || p.ends_with(".csv")
                    || p.ends_with(".geojson")
                    || p.ends_with(".xlsx")
                    || p.ends_with(".jsonl")
                    || p.ends_with("openapi.json"),
                "{m} {p} has no response check"
            );
        }
    }
}

#[tokio::test]
async fn cache_is_keyed_by_generation_and_never_stale() {
    let app = app();
    let xc = |r: &Resp| {
        r.headers
            .get("x-cache")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let q = "/api/events?limit=3&event_type=Battles";
    let r1 = get(&app, q).await;
    assert_eq!(xc(&r1), "miss");
    let r2 = get(&app, q).await;
    assert_eq!(xc(&r2), "hit");
    assert_eq!(r1.body, r2.body);
    let stats = get(&app, "/api/stats").await.json();
    assert_eq!(xc(&get(&app, "/api/stats").await), "hit");
    // A write through the API (a zone) changes the generation: the next read is computed.
    let zone = json!({"name": "z", "geometry": {"kind": "corridor", "road": "M5", "km": 3.0}});
    let req = Request::post("/api/zones")
        .header(header::CONTENT_TYPE, "application/json")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from(zone.to_string()))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::CREATED);
    assert_eq!(xc(&get(&app, q).await), "miss");
    assert_eq!(xc(&get(&app, q).await), "hit");
    // New articles: stats are recomputed and show them.
    let req = Request::post("/api/ingest")
        .header(header::CONTENT_TYPE, "application/x-ndjson")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::from("{\"id\": \"c1\", \"text\": \"نص تجريبي.\"}\n"))
        .unwrap();
    assert_eq!(send(&app, req).await.status, StatusCode::OK);
    let r = get(&app, "/api/stats").await;
    assert_eq!(xc(&r), "miss");
    assert_eq!(
        r.json()["articles"].as_u64(),
        stats["articles"].as_u64().map(|n| n + 1)
    );
    // Errors are not cached and carry no cache header.
    let r = get(&app, "/api/events?limit=x").await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(xc(&r), "");
}

#[tokio::test]
async fn no_cache_computes_every_time() {
    let backend = Arc::new(rasd_server::MemBackend::with_sample(20));
    let app = rasd_server::router(
        rasd_server::AppState::new(backend, TOKEN)
            .with_cache(rasd_server::cache::ResponseCache::disabled()),
    );
    for _ in 0..2 {
        let r = get(&app, "/api/events?limit=2").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.headers["x-cache"], "bypass");
    }
}

#[tokio::test]
async fn equivalent_queries_share_a_cache_entry() {
    let app = app();
    let a = get(&app, "/api/events?limit=4&event_type=Battles&actor=").await;
    assert_eq!(a.headers["x-cache"], "miss");
    let b = get(&app, "/api/events?actor=&event_type=Battles&limit=4").await;
    assert_eq!(b.headers["x-cache"], "hit");
    assert_eq!(a.body, b.body);
    // Paging does not change statistics.
    assert_eq!(
        get(&app, "/api/stats?limit=5").await.headers["x-cache"],
        "miss"
    );
    assert_eq!(
        get(&app, "/api/stats?offset=10").await.headers["x-cache"],
        "hit"
    );
    // Another endpoint with the same query is another entry.
    assert_eq!(
        get(&app, "/api/points?limit=4&event_type=Battles")
            .await
            .headers["x-cache"],
        "miss"
    );
}
