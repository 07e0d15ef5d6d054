//! Routes and handlers of the HTTP API and the UI.

use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::rejection::{BytesRejection, QueryRejection};
use axum::extract::{DefaultBodyLimit, Path, Query, Request, State};
use axum::http::{header, HeaderMap, HeaderName, HeaderValue, Method, StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use rasd_ingest::{Body as RecBody, Record};
use rasd_store::export::ExportFormat;
use rasd_store::{EventFilter, Page, StoredEvent, ZoneGeometry, ZoneSpec};
use serde::Serialize;

use crate::backend::Backend;
use crate::cache::ResponseCache;
use crate::conn::Client;
use crate::error::{ApiError, ApiResult};
use crate::names::{self, EventView};
use crate::{assets, query, view};

/// Maximum request body for `POST /api/ingest`.
pub const INGEST_BODY_LIMIT: usize = 32 * 1024 * 1024;
/// Maximum request body for every other endpoint.
pub const BODY_LIMIT: usize = 256 * 1024;
/// Maximum number of events in one export.
pub const EXPORT_LIMIT: usize = 100_000;
/// Maximum number of points the map endpoint returns.
pub const POINTS_LIMIT: usize = 20_000;

/// The Content-Security-Policy of every response: no inline scripts, nothing from elsewhere.
pub const CSP: &str = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Shared state of the server.
#[derive(Clone)]
pub struct AppState {
    pub backend: Arc<dyn Backend>,
    /// Bearer token required by endpoints that change data.
    pub token: Arc<str>,
    /// Cache of read responses, keyed by request and backend generation (see [`crate::cache`]).
    pub cache: Arc<crate::cache::ResponseCache>,
    /// Bounds the backend calls running at once (the rest wait their turn).
    pub limiter: Arc<tokio::sync::Semaphore>,
    /// Host names (besides IP literals, `localhost` and `*.localhost`) accepted in the `Host`
    /// header (see [`host_allowed`]).
    pub allowed_hosts: Arc<Vec<String>>,
}

impl AppState {
    /// State with the default response cache (see [`crate::cache`]).
    pub fn new(backend: Arc<dyn Backend>, token: impl Into<String>) -> Self {
        let n = std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(2)
            * 2;
        AppState {
            backend,
            token: Arc::from(token.into()),
            cache: Arc::default(),
            limiter: Arc::new(tokio::sync::Semaphore::new(n.max(2))),
            allowed_hosts: Arc::default(),
        }
    }

    /// The same state accepting these host names too in the `Host` header (e.g. the names a
    /// `--public` server is reached by).
    pub fn with_allowed_hosts(mut self, names: impl IntoIterator<Item = String>) -> Self {
        self.allowed_hosts = Arc::new(
            names
                .into_iter()
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect(),
        );
        self
    }

    /// The same state with at most `n` backend calls at once (at least 1).
    pub fn with_concurrency(mut self, n: usize) -> Self {
        self.limiter = Arc::new(tokio::sync::Semaphore::new(n.max(1)));
        self
    }

    /// The same state with another response cache (e.g. [`ResponseCache::disabled`] for
    /// `rasd serve --no-cache`).
    pub fn with_cache(mut self, cache: ResponseCache) -> Self {
        self.cache = Arc::new(cache);
        self
    }
}

/// Name of the response header that says how a cacheable read was served
/// (`hit`, `miss`, `shared` or `bypass`, see [`crate::cache::Outcome`]).
pub const X_CACHE: &str = "x-cache";

/// The cache key of a read: the endpoint and its parsed query in a canonical form, so that
/// equivalent requests (parameters in another order, empty form fields) share one entry.
fn cache_key(endpoint: &str, q: &impl Serialize) -> ApiResult<String> {
    let q = serde_json::to_string(q)
        .map_err(|e| ApiError::internal(format!("cannot encode the query: {e}")))?;
    Ok(format!("{endpoint}?{q}"))
}

/// Serves a JSON read from the cache, or computes it (once for concurrent identical requests,
/// with a bounded number of backend calls at a time, encoded on the blocking pool) and caches
/// it under the backend's current generation.
async fn cached_json<T: Serialize + Send + 'static>(
    s: &AppState,
    client: &Client,
    key: &str,
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<Response> {
    // Read before computing (see the invariants of `crate::cache`).
    let generation = if s.cache.is_enabled() {
        s.backend.generation()
    } else {
        None
    };
    let (body, outcome) = s
        .cache
        .get_or_compute(key, generation, || async {
            let _permit = s
                .limiter
                .acquire()
                .await
                .map_err(|_| ApiError::internal("server is shutting down"))?;
            // Waiting for the permit may have taken long: skip the work if nobody waits for it.
            if !client.0.is_open() {
                tracing::debug!("client of {key} went away: not computed");
                return Err(ApiError::new(
                    StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
                    "the client closed the connection",
                ));
            }
            blocking(move || {
                let v = f()?;
                serde_json::to_vec(&v)
                    .map(Bytes::from)
                    .map_err(|e| ApiError::internal(format!("cannot encode response: {e}")))
            })
            .await
        })
        .await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/json"),
            (HeaderName::from_static(X_CACHE), outcome.as_str()),
        ],
        body,
    )
        .into_response())
}

/// Runs a blocking backend call on the blocking pool.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> ApiResult<T> + Send + 'static,
) -> ApiResult<T> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| ApiError::internal(format!("worker failed: {e}")))?
}

fn pairs(
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Vec<(String, String)>> {
    q.map(|Query(v)| v)
        .map_err(|e| ApiError::bad_request(format!("malformed query string: {}", e.body_text())))
}

fn body_bytes(b: Result<Bytes, BytesRejection>) -> ApiResult<Bytes> {
    b.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "request body is too large".to_string(),
            )
        } else {
            ApiError::new(
                e.status(),
                format!("cannot read request body: {}", e.body_text()),
            )
        }
    })
}

/// Constant-time comparison of the bearer token.
fn check_token(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let Some(v) = headers.get(header::AUTHORIZATION) else {
        return Err(ApiError::unauthorized("this endpoint changes data: send `Authorization: Bearer <token>` (the token printed by `rasd serve`)"));
    };
    let given = v
        .to_str()
        .unwrap_or("")
        .strip_prefix("Bearer ")
        .unwrap_or("")
        .trim()
        .as_bytes();
    let want = state.token.as_bytes();
    let mut diff = given.len() ^ want.len();
    for (i, b) in want.iter().enumerate() {
        diff |= (*b ^ given.get(i).copied().unwrap_or(0)) as usize;
    }
    if diff != 0 || want.is_empty() {
        return Err(ApiError::unauthorized(
            "wrong token in the Authorization header",
        ));
    }
    Ok(())
}

/// Builds the application router.
pub fn router(state: AppState) -> Router {
    let ingest = Router::new()
        .route("/api/ingest", post(ingest))
        .layer(DefaultBodyLimit::max(INGEST_BODY_LIMIT));
    Router::new()
        .route("/", get(index))
        .route("/index.html", get(index))
        .route("/assets/{*path}", get(asset))
        .route("/favicon.ico", get(favicon))
        .route("/api/health", get(health))
        .route("/api/openapi.json", get(openapi))
        .route("/api/events", get(events))
        .route("/api/events/{id}", get(event))
        .route("/api/points", get(points))
        .route("/api/articles/{id}", get(article))
        .route("/api/search", get(search))
        .route("/api/stats", get(stats))
        .route("/api/places", get(places))
        .route("/api/vocab", get(vocab))
        .route("/api/zones", get(zones).post(create_zone))
        .route("/api/zones/{id}", get(zone).delete(delete_zone))
        .route("/api/zones/{id}/events", get(zone_events))
        .route("/zones/{id}/feed.atom", get(zone_feed))
        .route("/api/export.csv", export_route(ExportFormat::Csv))
        .route("/api/export.geojson", export_route(ExportFormat::GeoJson))
        .route("/api/export.xlsx", export_route(ExportFormat::Xlsx))
        .route("/api/export.jsonl", export_route(ExportFormat::Jsonl))
        .route(
            "/api/export.plover.jsonl",
            export_route(ExportFormat::Plover),
        )
        .merge(ingest)
        .fallback(not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        // Runs before any handler and so before any body is read: writes without the token
        // are refused without reading what they send.
        .layer(middleware::from_fn_with_state(state.clone(), require_token))
        .layer(middleware::from_fn_with_state(state.clone(), check_host))
        .layer(middleware::from_fn(security_headers))
        .with_state(state)
}

/// Whether a `Host` header value names this server: an IP literal, `localhost` or a name
/// under `.localhost`, or one of `allowed` (any port). A page on another site whose name was
/// made to resolve to 127.0.0.1 (DNS rebinding) sends its own name and is refused.
pub fn host_allowed(host: &str, allowed: &[String]) -> bool {
    let host = host.trim();
    let name = if let Some(rest) = host.strip_prefix('[') {
        // [v6]:port
        match rest.split_once(']') {
            Some((ip, _)) => return ip.parse::<std::net::Ipv6Addr>().is_ok(),
            None => return false,
        }
    } else {
        match host.rsplit_once(':') {
            Some((n, port)) if port.bytes().all(|b| b.is_ascii_digit()) => n,
            Some(_) => return false,
            None => host,
        }
    };
    let name = name.trim_end_matches('.').to_ascii_lowercase();
    if name.is_empty() {
        return false;
    }
    name.parse::<std::net::Ipv4Addr>().is_ok()
        || name == "localhost"
        || name.ends_with(".localhost")
        || allowed.contains(&name)
}

/// Refuses requests whose `Host` header names another site (421). Requests without one
/// (HTTP/1.0 clients, in-process calls) pass: browsers always send it.
async fn check_host(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if let Some(h) = req.headers().get(header::HOST) {
        let ok = h.to_str().is_ok_and(|h| host_allowed(h, &s.allowed_hosts));
        if !ok {
            let shown = String::from_utf8_lossy(h.as_bytes())
                .chars()
                .take(100)
                .collect::<String>();
            return ApiError::new(
                StatusCode::MISDIRECTED_REQUEST,
                format!("Host {shown:?} is not a name of this server (use localhost or its address; `rasd serve --allow-host NAME` adds names)"),
            )
            .into_response();
        }
    }
    next.run(req).await
}

/// Whether a request is one of the endpoints that change data.
fn is_write(method: &Method, path: &str) -> bool {
    match *method {
        Method::POST => path == "/api/ingest" || path == "/api/zones",
        Method::DELETE => path
            .strip_prefix("/api/zones/")
            .is_some_and(|id| !id.is_empty() && !id.contains('/')),
        _ => false,
    }
}

/// Endpoints that change data need the bearer token; checked here, before the handler reads
/// the body (other methods and paths go on to their 404/405).
async fn require_token(State(s): State<AppState>, req: Request, next: Next) -> Response {
    if is_write(req.method(), req.uri().path()) {
        if let Err(e) = check_token(&s, req.headers()) {
            return e.into_response();
        }
    }
    next.run(req).await
}

/// Adds security headers to every response and turns bodiless 405s into JSON errors.
async fn security_headers(req: Request, next: Next) -> Response {
    let method = req.method().clone();
    let path = req.uri().path().to_string();
    let mut resp = next.run(req).await;
    if resp.status() == StatusCode::METHOD_NOT_ALLOWED
        && !resp.headers().contains_key(header::CONTENT_TYPE)
    {
        let allow = resp.headers().get(header::ALLOW).cloned();
        resp = ApiError::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("method {method} is not allowed on {path}"),
        )
        .into_response();
        if let Some(a) = allow {
            resp.headers_mut().insert(header::ALLOW, a);
        }
    }
    let h = resp.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CSP),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(
        "cross-origin-opener-policy",
        HeaderValue::from_static("same-origin"),
    );
    h.insert(
        "cross-origin-resource-policy",
        HeaderValue::from_static("same-origin"),
    );
    resp
}

async fn not_found(method: Method, uri: Uri) -> Response {
    if uri.path().starts_with("/api/") {
        ApiError::not_found(format!("no such endpoint: {method} {}", uri.path())).into_response()
    } else {
        (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "not found",
        )
            .into_response()
    }
}

async fn index() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        assets::INDEX_HTML,
    )
        .into_response()
}

async fn asset(Path(path): Path<String>) -> Response {
    match assets::get(&path) {
        Some((ct, bytes)) => (
            [
                (header::CONTENT_TYPE, ct),
                (header::CACHE_CONTROL, "no-cache"),
            ],
            Body::from(Bytes::from_static(bytes)),
        )
            .into_response(),
        None => (
            StatusCode::NOT_FOUND,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "no such asset",
        )
            .into_response(),
    }
}

async fn favicon() -> Response {
    asset(Path("favicon.svg".to_string())).await
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({ "status": "ok", "version": env!("CARGO_PKG_VERSION") }))
}

/// The OpenAPI description of this API.
pub const OPENAPI_JSON: &str = include_str!("../openapi.json");

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI_JSON).into_response()
}

async fn events(
    State(s): State<AppState>,
    client: Client,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let f = query::event_filter(&pairs(q)?, query::DEFAULT_LIMIT, query::MAX_LIMIT)?;
    let b = s.backend.clone();
    let key = cache_key("events", &f)?;
    cached_json(&s, &client, &key, move || Ok(page_view(b.events(&f)?))).await
}

/// A page of events with their Arabic names ([`EventView`]).
fn page_view(p: Page<StoredEvent>) -> Page<EventView> {
    Page {
        total: p.total,
        offset: p.offset,
        limit: p.limit,
        items: p.items.into_iter().map(EventView::from).collect(),
    }
}

/// Event types and sub-types with their Arabic names, and the known roads (filter controls).
async fn vocab() -> Json<names::Vocabulary> {
    static V: std::sync::OnceLock<names::Vocabulary> = std::sync::OnceLock::new();
    Json(V.get_or_init(names::vocabulary).clone())
}

async fn event(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Json<EventView>> {
    let b = s.backend.clone();
    let id2 = id.clone();
    blocking(move || Ok(b.event(&id2)?.map(EventView::from)))
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no event with id {id:?}")))
}

/// A compact map point, with what the map's tooltip shows.
#[derive(Serialize)]
struct Point {
    id: String,
    lat: f64,
    lon: f64,
    /// Event type.
    t: String,
    /// Sub-event type.
    s: String,
    /// Event date.
    d: Option<String>,
    /// Fatalities.
    f: Option<u32>,
    /// Geo precision (1 town, 2 near a town / district, 3 governorate or wider).
    p: u8,
    /// Location, governorate and actors as stored (English).
    l: Option<String>,
    a: Option<String>,
    a1: Option<String>,
    a2: Option<String>,
    /// Outlets that reported the event (first three) and the number of sources.
    o: Vec<String>,
    n: usize,
    /// Arabic names of location and actors, where known.
    ar: PointAr,
}

#[derive(Serialize)]
struct PointAr {
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    a2: Option<String>,
}

#[derive(Serialize)]
struct Points {
    /// Number of events matching the filter (with or without coordinates).
    total: usize,
    items: Vec<Point>,
}

async fn points(
    State(s): State<AppState>,
    client: Client,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let f = query::event_filter(&pairs(q)?, POINTS_LIMIT, POINTS_LIMIT)?;
    let b = s.backend.clone();
    let key = cache_key("points", &f)?;
    cached_json(&s, &client, &key, move || points_of(b.events(&f)?)).await
}

fn points_of(page: Page<StoredEvent>) -> ApiResult<Points> {
    let items = page
        .items
        .into_iter()
        .filter_map(|e| {
            let (lat, lon) = (e.lat?, e.lon?);
            let [l, a, a1, a2] = names::names().point(&e);
            let mut o: Vec<String> = Vec::new();
            for src in &e.sources {
                if let Some(x) = &src.outlet {
                    if !o.contains(x) && o.len() < 3 {
                        o.push(x.clone());
                    }
                }
            }
            Some(Point {
                lat,
                lon,
                n: e.sources.len(),
                o,
                id: e.id,
                t: e.event_type,
                s: e.sub_event_type,
                d: e.event_date,
                f: e.fatalities,
                p: e.geo_precision,
                l: e.location,
                a: e.admin1,
                a1: e.actor1,
                a2: e.actor2,
                ar: PointAr { l, a, a1, a2 },
            })
        })
        .collect();
    Ok(Points {
        total: page.total,
        items,
    })
}

async fn article(
    State(s): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<Json<view::ArticleView>> {
    let b = s.backend.clone();
    let id2 = id.clone();
    let v = blocking(move || {
        let Some(a) = b.article(&id2)? else {
            return Ok(None);
        };
        let mut evs = Vec::new();
        for eid in &a.event_ids {
            if let Some(e) = b.event(eid)? {
                evs.push(e);
            }
        }
        Ok(Some(view::article_view(a, evs)))
    })
    .await?;
    v.map(Json)
        .ok_or_else(|| ApiError::not_found(format!("no article with id {id:?}")))
}

async fn search(
    State(s): State<AppState>,
    client: Client,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let sq = query::search_query(&pairs(q)?)?;
    let b = s.backend.clone();
    let key = cache_key("search", &sq)?;
    cached_json(&s, &client, &key, move || Ok(b.search(&sq)?)).await
}

async fn stats(
    State(s): State<AppState>,
    client: Client,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let mut f = query::event_filter(&pairs(q)?, query::DEFAULT_LIMIT, query::MAX_LIMIT)?;
    // Paging and order do not change counts.
    (f.limit, f.offset, f.sort) = (0, 0, Default::default());
    let b = s.backend.clone();
    let key = cache_key("stats", &f)?;
    cached_json(&s, &client, &key, move || Ok(b.stats(&f)?)).await
}

async fn places(
    State(s): State<AppState>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let mut text = String::new();
    let mut limit = 20usize;
    for (k, v) in pairs(q)? {
        match k.as_str() {
            "q" => text = v.trim().to_string(),
            "limit" => {
                limit = v
                    .parse::<usize>()
                    .ok()
                    .filter(|n| *n <= 200)
                    .ok_or_else(|| {
                        ApiError::bad_request(format!(
                            "query parameter `limit`: {v:?} is not an integer from 0 to 200"
                        ))
                    })?
            }
            other => {
                return Err(ApiError::bad_request(format!(
                    "unknown query parameter `{other}`"
                )))
            }
        }
    }
    if text.is_empty() {
        return Err(ApiError::bad_request(
            "query parameter `q` (a place name) is required",
        ));
    }
    let b = s.backend.clone();
    let v = blocking(move || Ok(b.places(&text, limit))).await?;
    Ok(Json(v).into_response())
}

async fn zones(State(s): State<AppState>) -> ApiResult<Response> {
    let b = s.backend.clone();
    Ok(Json(blocking(move || Ok(b.zones()?)).await?).into_response())
}

async fn zone(State(s): State<AppState>, Path(id): Path<String>) -> ApiResult<Response> {
    let b = s.backend.clone();
    let id2 = id.clone();
    blocking(move || Ok(b.zone(&id2)?))
        .await?
        .map(|z| Json(z).into_response())
        .ok_or_else(|| ApiError::not_found(format!("no zone with id {id:?}")))
}

/// Checks a zone spec for sane geometry.
fn validate_zone(z: &ZoneSpec) -> ApiResult<()> {
    if z.name.trim().is_empty() || z.name.chars().count() > 200 {
        return Err(ApiError::bad_request(
            "zone `name` must be 1 to 200 characters",
        ));
    }
    match &z.geometry {
        ZoneGeometry::Polygon { rings } => {
            let Some(outer) = rings.first() else {
                return Err(ApiError::bad_request(
                    "polygon zone needs at least one ring of [lon, lat] points",
                ));
            };
            if outer.len() < 3 {
                return Err(ApiError::bad_request(
                    "polygon zone's outer ring needs at least 3 points",
                ));
            }
            if rings.iter().map(Vec::len).sum::<usize>() > 10_000 {
                return Err(ApiError::bad_request(
                    "polygon zone has more than 10000 points",
                ));
            }
            for p in rings.iter().flatten() {
                if !(p[0].is_finite()
                    && p[1].is_finite()
                    && (-180.0..=180.0).contains(&p[0])
                    && (-90.0..=90.0).contains(&p[1]))
                {
                    return Err(ApiError::bad_request(format!(
                        "polygon point {p:?} is not a valid [lon, lat]"
                    )));
                }
            }
        }
        ZoneGeometry::Corridor { road, km } => {
            if road.trim().is_empty() {
                return Err(ApiError::bad_request(
                    "corridor zone needs a `road` id such as \"M4\"",
                ));
            }
            if !(km.is_finite() && *km > 0.0 && *km <= 200.0) {
                return Err(ApiError::bad_request(format!(
                    "corridor `km` {km} must be between 0 and 200"
                )));
            }
        }
    }
    Ok(())
}

async fn create_zone(
    State(s): State<AppState>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    check_token(&s, &headers)?;
    let body = body_bytes(body)?;
    let spec: ZoneSpec = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(format!(
            "invalid zone JSON: {e} (expected {{\"name\": \"...\", \"geometry\": {{\"kind\": \"corridor\", \"road\": \"M4\", \"km\": 6}}}} or a polygon {{\"kind\": \"polygon\", \"rings\": [[[lon, lat], ...]]}})"
        ))
    })?;
    validate_zone(&spec)?;
    let b = s.backend.clone();
    let z = blocking(move || Ok(b.put_zone(spec)?)).await?;
    Ok((StatusCode::CREATED, Json(z)).into_response())
}

async fn delete_zone(
    State(s): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> ApiResult<Response> {
    check_token(&s, &headers)?;
    let b = s.backend.clone();
    let id2 = id.clone();
    if blocking(move || Ok(b.delete_zone(&id2)?)).await? {
        Ok(StatusCode::NO_CONTENT.into_response())
    } else {
        Err(ApiError::not_found(format!("no zone with id {id:?}")))
    }
}

async fn zone_events(
    State(s): State<AppState>,
    Path(id): Path<String>,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
) -> ApiResult<Response> {
    let f = query::event_filter(&pairs(q)?, query::DEFAULT_LIMIT, query::MAX_LIMIT)?;
    let b = s.backend.clone();
    let id2 = id.clone();
    let page = blocking(move || {
        if b.zone(&id2)?.is_none() {
            return Err(ApiError::not_found(format!("no zone with id {id2:?}")));
        }
        Ok(page_view(b.zone_events(&id2, &f)?))
    })
    .await?;
    Ok(Json(page).into_response())
}

async fn zone_feed(
    State(s): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
) -> ApiResult<Response> {
    let b = s.backend.clone();
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost")
        .to_string();
    let base = format!("http://{host}");
    let id2 = id.clone();
    let xml = blocking(move || {
        let Some(z) = b.zone(&id2)? else {
            return Err(ApiError::not_found(format!("no zone with id {id2:?}")));
        };
        let f = EventFilter {
            limit: 100,
            ..Default::default()
        };
        let page = b.zone_events(&id2, &f)?;
        Ok(view::atom_feed(&z, &page.items, &base))
    })
    .await?;
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        xml,
    )
        .into_response())
}

/// Bytes of export output collected before they are handed to the response body.
const EXPORT_CHUNK: usize = 64 * 1024;
/// Chunks between the exporting thread and the response body at most.
const EXPORT_QUEUE: usize = 4;

/// An `io::Write` that sends chunks of output to the response body; fails with `BrokenPipe`
/// once the body was dropped (the client went away), which stops the export.
///
/// It holds one of the server's backend permits only while it produces a chunk: the permit
/// is given back while the chunk waits for the client and taken again (in turn, the
/// semaphore is fair) for the next one. Concurrent exports thus advance chunk by chunk, each
/// client gets its first bytes early, other requests are served between chunks, and a slow
/// or stalled client holds no permit.
struct ChunkSender {
    buf: Vec<u8>,
    tx: tokio::sync::mpsc::Sender<ApiResult<Bytes>>,
    limiter: Arc<tokio::sync::Semaphore>,
    _permit: Option<tokio::sync::OwnedSemaphorePermit>,
    rt: tokio::runtime::Handle,
}

impl ChunkSender {
    /// Sends the collected output; with `more`, waits for a permit to produce the next chunk.
    fn send(&mut self, more: bool) -> std::io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let chunk = Bytes::from(std::mem::replace(
            &mut self.buf,
            Vec::with_capacity(EXPORT_CHUNK),
        ));
        self._permit = None;
        self.tx.blocking_send(Ok(chunk)).map_err(|_| {
            std::io::Error::new(std::io::ErrorKind::BrokenPipe, "the client went away")
        })?;
        if !more {
            return Ok(());
        }
        let permit = self
            .rt
            .block_on(self.limiter.clone().acquire_owned())
            .map_err(|_| std::io::Error::other("server is shutting down"))?;
        self._permit = Some(permit);
        Ok(())
    }
}

impl std::io::Write for ChunkSender {
    fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
        self.buf.extend_from_slice(b);
        if self.buf.len() >= EXPORT_CHUNK {
            self.send(true)?;
        }
        Ok(b.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A response body: a first chunk, then the chunks of a channel. Dropping it (the client went
/// away) closes the channel, which stops the exporting thread at its next send.
struct ChunkStream {
    first: Option<Bytes>,
    rx: tokio::sync::mpsc::Receiver<ApiResult<Bytes>>,
}

impl futures_core::Stream for ChunkStream {
    type Item = Result<Bytes, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if let Some(c) = self.first.take() {
            return std::task::Poll::Ready(Some(Ok(c)));
        }
        self.rx
            .poll_recv(cx)
            .map(|o| o.map(|r| r.map_err(|e| std::io::Error::other(e.message))))
    }
}

/// Streams an export: the events are read page by page on the blocking pool (holding one of
/// the server's backend permits per chunk, see [`ChunkSender`]) and sent in chunks through a
/// bounded channel, so memory stays
/// bounded whatever the export's size, and the work stops as soon as the client goes away.
/// Errors found before any output (e.g. an unknown zone) are answered with their status.
async fn export(
    s: AppState,
    client: Client,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    format: ExportFormat,
) -> ApiResult<Response> {
    let mut q = pairs(q)?;
    // `bom=1`: a CSV starts with the UTF-8 byte order mark (spreadsheet programs need it).
    let mut opts = rasd_store::export::ExportOptions::default();
    if let Some(i) = q.iter().position(|(k, _)| k == "bom") {
        let (_, v) = q.remove(i);
        opts.bom = match v.trim().to_ascii_lowercase().as_str() {
            "1" | "true" | "yes" | "on" => true,
            "0" | "false" | "no" | "off" | "" => false,
            other => {
                return Err(ApiError::bad_request(format!(
                    "`bom` must be 1 or 0, got {other:?}"
                )))
            }
        };
    }
    let f = query::event_filter(&q, EXPORT_LIMIT, EXPORT_LIMIT)?;
    let permit = s
        .limiter
        .clone()
        .acquire_owned()
        .await
        .map_err(|_| ApiError::internal("server is shutting down"))?;
    if !client.0.is_open() {
        return Err(ApiError::new(
            StatusCode::from_u16(499).unwrap_or(StatusCode::BAD_REQUEST),
            "the client closed the connection",
        ));
    }
    let (tx, mut rx) = tokio::sync::mpsc::channel::<ApiResult<Bytes>>(EXPORT_QUEUE);
    let b = s.backend.clone();
    let (limiter, rt) = (s.limiter.clone(), tokio::runtime::Handle::current());
    tokio::task::spawn_blocking(move || {
        let mut sink = ChunkSender {
            buf: Vec::with_capacity(EXPORT_CHUNK),
            tx: tx.clone(),
            limiter,
            _permit: Some(permit),
            rt,
        };
        let r = (|| -> Result<(), rasd_store::StoreError> {
            let mut w = rasd_store::export::EventWriter::with_options(format, opts, &mut sink)?;
            b.for_each_event(&f, &mut |e| w.write(&e))?;
            w.finish()?;
            Ok(())
        })();
        let r = r.map_err(ApiError::from).and_then(|()| {
            sink.send(false)
                .map_err(|e| ApiError::internal(e.to_string()))
        });
        if let Err(e) = r {
            // Nobody to tell when the client left; otherwise the body ends in an error.
            let _ = tx.blocking_send(Err(e));
        }
    });
    // The first chunk (or error) decides the status.
    let first = match rx.recv().await {
        Some(Ok(c)) => Some(c),
        Some(Err(e)) => return Err(e),
        None => None,
    };
    let (ct, ext) = format.mime_and_extension();
    let name = format!("attachment; filename=\"rasd-events.{ext}\"");
    Ok((
        [
            (header::CONTENT_TYPE, ct),
            (header::CONTENT_DISPOSITION, name.as_str()),
        ],
        Body::from_stream(ChunkStream { first, rx }),
    )
        .into_response())
}

/// `GET` route of one export format.
fn export_route(format: ExportFormat) -> axum::routing::MethodRouter<AppState> {
    get(
        move |State(s): State<AppState>,
              client: Client,
              q: Result<Query<Vec<(String, String)>>, QueryRejection>| {
            export(s, client, q, format)
        },
    )
}

/// Result of `POST /api/ingest`.
#[derive(Serialize)]
struct IngestResult {
    received: usize,
    stored: rasd_store::PutStats,
    skipped: Vec<String>,
}

fn str_field(v: &serde_json::Value, k: &str) -> Option<String> {
    v.get(k).and_then(|x| x.as_str()).map(str::to_string)
}

/// Parses an ingest body into records: HTML (one page) or JSONL (one object per line with
/// `text` or `html`, and optional `id, url, title, published, source, lang`).
fn ingest_records(ct: &str, q: &[(String, String)], body: &[u8]) -> ApiResult<Vec<Record>> {
    let param = |k: &str| {
        q.iter()
            .find(|(a, _)| a == k)
            .map(|(_, v)| v.clone())
            .filter(|v| !v.is_empty())
    };
    if ct.starts_with("text/html") || ct.starts_with("application/xhtml") {
        let mut r = Record::new("http:ingest", RecBody::Html(body.to_vec()));
        r.url = param("url");
        r.title = param("title");
        r.source = param("source");
        r.published = param("published");
        r.id = param("id");
        // The same encoding repair as files read by `rasd ingest`.
        rasd_ingest::repair_record(&mut r);
        return Ok(vec![r]);
    }
    if !(ct.starts_with("application/x-ndjson")
        || ct.starts_with("application/jsonl")
        || ct.starts_with("application/json")
        || ct.starts_with("application/x-jsonlines"))
    {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!("unsupported Content-Type {ct:?}: send text/html (one page) or application/x-ndjson (JSONL, one article per line)"),
        ));
    }
    let text = std::str::from_utf8(body)
        .map_err(|e| ApiError::bad_request(format!("JSONL body is not UTF-8: {e}")))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: serde_json::Value = serde_json::from_str(line).map_err(|e| {
            ApiError::bad_request(format!("JSONL line {}: invalid JSON: {e}", i + 1))
        })?;
        if !v.is_object() {
            return Err(ApiError::bad_request(format!(
                "JSONL line {}: expected a JSON object",
                i + 1
            )));
        }
        let body = match (str_field(&v, "html"), str_field(&v, "text")) {
            (Some(h), _) => RecBody::Html(h.into_bytes()),
            (None, Some(t)) => RecBody::Text(t),
            (None, None) => {
                return Err(ApiError::bad_request(format!(
                    "JSONL line {}: needs a string field `text` or `html`",
                    i + 1
                )))
            }
        };
        let mut r = Record::new(format!("http:ingest#{}", i + 1), body);
        r.id = str_field(&v, "id");
        r.url = str_field(&v, "url");
        r.title = str_field(&v, "title");
        r.published = str_field(&v, "published");
        r.source = str_field(&v, "source");
        r.lang = str_field(&v, "lang");
        out.push(r);
    }
    if out.is_empty() {
        return Err(ApiError::bad_request("the request body holds no article"));
    }
    Ok(out)
}

async fn ingest(
    State(s): State<AppState>,
    headers: HeaderMap,
    q: Result<Query<Vec<(String, String)>>, QueryRejection>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<Response> {
    check_token(&s, &headers)?;
    let q = pairs(q)?;
    let body = body_bytes(body)?;
    let ct = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let records = ingest_records(&ct, &q, &body)?;
    let b = s.backend.clone();
    let res = blocking(move || {
        let received = records.len();
        let mut docs = Vec::new();
        let mut skipped = Vec::new();
        for r in records {
            match b.prepare(r) {
                Ok(d) => docs.push(d),
                Err(why) => skipped.push(why),
            }
        }
        let stored = if docs.is_empty() {
            Default::default()
        } else {
            b.put_documents(docs)?
        };
        Ok(IngestResult {
            received,
            stored,
            skipped,
        })
    })
    .await?;
    Ok(Json(res).into_response())
}
