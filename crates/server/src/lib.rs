//! HTTP JSON API and embedded web UI of rasd (`rasd serve`, `rasd demo`).
//!
//! The server turns a rasd database into an offline web application: a dashboard (map drawn
//! from bundled layers, timeline, filters), event and article pages with highlighted
//! annotations, search, and watch zones with Atom feeds; plus a JSON API documented by
//! `openapi.json`.
//!
//! Invariants:
//! - It never touches the network except to answer on the address it is given (loopback by
//!   default) and never loads anything from elsewhere at run time: all UI assets are embedded.
//! - It knows storage only through [`Backend`] (the store contract) and never parses article
//!   HTML itself beyond what the backend's `prepare` does.
//! - Endpoints that change data require the bearer token; bodies are size-limited; every error
//!   is a JSON `{"error", "status"}` with a 4xx/5xx code and the server keeps running.
//! - Article text is data, never markup: the UI renders it with DOM text nodes and the CSP
//!   forbids inline scripts.
//! - Cached read responses are never stale: they are keyed by the canonical query and the
//!   backend's generation, which changes with every commit by any process ([`cache`]); there
//!   is no time-to-live. Work for a client that already went away is skipped ([`conn`]).

pub mod alerts;
pub mod api;
pub mod assets;
pub mod backend;
pub mod cache;
pub mod conn;
pub mod error;
pub mod geom;
pub mod loadtest;
pub mod mem;
pub mod names;
pub mod query;
pub mod sample;
pub mod store_backend;
pub mod view;

pub use api::{router, AppState};
pub use backend::{Backend, PlaceInfo};
pub use mem::MemBackend;

use std::net::SocketAddr;

/// A random token (32 hex chars) from the OS, for `--token` when none is given.
pub fn generate_token() -> String {
    use std::io::Read;
    let mut buf = [0u8; 16];
    let ok = std::fs::File::open("/dev/urandom")
        .and_then(|mut f| f.read_exact(&mut buf))
        .is_ok();
    if !ok {
        // Fallback: time and process id hashed; weaker, but the server binds to loopback.
        let t = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or(0);
        let seed = format!("{t}-{}", std::process::id());
        let h1 = rasd_doc::annotate::fnv1a(seed.as_bytes());
        let h2 = rasd_doc::annotate::fnv1a(format!("{seed}{h1}").as_bytes());
        buf[..8].copy_from_slice(&h1.to_le_bytes());
        buf[8..].copy_from_slice(&h2.to_le_bytes());
    }
    buf.iter().map(|b| format!("{b:02x}")).collect()
}

/// True when the address is loopback (127.0.0.0/8 or ::1).
pub fn is_loopback(addr: &SocketAddr) -> bool {
    addr.ip().is_loopback()
}

/// Binds `addr`, calls `on_ready` with the bound address (port 0 → the real port), then serves
/// until Ctrl-C. Builds its own multi-threaded tokio runtime (for the synchronous CLI).
pub fn serve_blocking(
    addr: SocketAddr,
    state: AppState,
    on_ready: impl FnOnce(SocketAddr),
) -> std::io::Result<()> {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(addr)
            .await
            .map_err(|e| std::io::Error::new(e.kind(), format!("cannot listen on {addr}: {e}")))?;
        on_ready(listener.local_addr()?);
        let app = router(state).into_make_service_with_connect_info::<conn::ClientConn>();
        axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
    })
}
