//! `rasd serve [--db PATH] [--addr 127.0.0.1:8080] [--token T]`: the web application and HTTP API
//! over a database. Binds to loopback unless `--public` is given; endpoints that change data
//! (zones, ingest) need the token (given, or generated and printed at start). Read responses are
//! cached until the database changes (any process's commit); `--no-cache` (or env
//! `RASD_NO_CACHE=1`) turns that off, e.g. to measure uncached load. Event queries are answered
//! from a memory-resident copy of the filter index while it is current
//! (`--no-memory-index` turns that off).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    pub addr: SocketAddr,
    /// Bearer token for endpoints that change data (default: a random one, printed at start).
    #[arg(long)]
    pub token: Option<String>,
    /// Allow listening on a non-loopback address (there are no user accounts: think twice).
    #[arg(long)]
    pub public: bool,
    /// Also accept this name in the HTTP Host header (repeatable; e.g. the DNS name a --public
    /// server is reached by). IP addresses, localhost and *.localhost are always accepted;
    /// other names are refused (421) so that pages of other sites cannot reach the server
    /// through DNS rebinding.
    #[arg(long = "allow-host", value_name = "NAME")]
    pub allow_host: Vec<String>,
    /// Create an empty database when --db does not exist (default: refuse, to catch typos).
    #[arg(long)]
    pub create: bool,
    #[command(flatten)]
    pub tuning: Tuning,
}

/// Response cache and concurrency options (shared with `rasd demo`).
#[derive(clap::Args, Clone, Copy, Debug)]
pub struct Tuning {
    /// Compute every read response (no response cache; also env RASD_NO_CACHE=1).
    #[arg(long)]
    pub no_cache: bool,
    /// Maximum number of cached responses.
    #[arg(long, default_value_t = rasd_server::cache::DEFAULT_ENTRIES)]
    pub cache_entries: usize,
    /// Maximum total size of cached responses, in MB.
    #[arg(long, default_value_t = rasd_server::cache::DEFAULT_BYTES >> 20)]
    pub cache_mb: usize,
    /// Database queries run at once (the others wait); default twice the cores.
    #[arg(long)]
    pub db_threads: Option<usize>,
    /// Answer every event query from SQLite, without the memory-resident event index (which
    /// costs about 60 bytes per event plus 4 per filter key and term; also env
    /// RASD_NO_MEMORY_INDEX=1).
    #[arg(long)]
    pub no_memory_index: bool,
}

impl Tuning {
    /// The response cache these options ask for.
    pub fn cache(&self) -> rasd_server::cache::ResponseCache {
        let env_off = std::env::var("RASD_NO_CACHE")
            .map(|v| !v.is_empty() && v != "0")
            .unwrap_or(false);
        if self.no_cache || env_off {
            rasd_server::cache::ResponseCache::disabled()
        } else {
            rasd_server::cache::ResponseCache::new(
                self.cache_entries,
                self.cache_mb.saturating_mul(1 << 20),
            )
        }
    }
}

/// Refuses non-loopback addresses unless `public`.
pub fn check_addr(addr: &SocketAddr, public: bool) -> anyhow::Result<()> {
    if !rasd_server::is_loopback(addr) && !public {
        anyhow::bail!("refusing to listen on {addr}: not a loopback address (add --public to allow it; the server has no user accounts)");
    }
    Ok(())
}

/// Serves `store` on `addr` until Ctrl-C, printing the URL and the token.
pub fn serve_store(
    store: rasd_store::Store,
    addr: SocketAddr,
    token: Option<String>,
    tuning: Tuning,
    allow_hosts: Vec<String>,
) -> anyhow::Result<()> {
    let token = token
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(rasd_server::generate_token);
    let env_off = std::env::var("RASD_NO_MEMORY_INDEX")
        .map(|v| !v.is_empty() && v != "0")
        .unwrap_or(false);
    let memory_index = !(tuning.no_memory_index || env_off);
    if memory_index {
        // Built in the background; SQLite answers until it is ready.
        store
            .enable_memory_index()
            .context("cannot start the memory event index")?;
    }
    let store = Arc::new(store);
    serve_backend(
        rasd_server::store_backend::StoreBackend::shared(store.clone()),
        Some(store),
        addr,
        token,
        tuning,
        allow_hosts,
        memory_index,
    )
}

/// Serves `backend` on `addr` until Ctrl-C (`memory_index`: whether it was enabled, for the
/// banner). Zone webhooks are sent when `alerts` (the embedded store) is given.
fn serve_backend(
    backend: rasd_server::store_backend::StoreBackend,
    alerts: Option<Arc<rasd_store::Store>>,
    addr: SocketAddr,
    token: String,
    tuning: Tuning,
    allow_hosts: Vec<String>,
    memory_index: bool,
) -> anyhow::Result<()> {
    let backend = Arc::new(backend);
    let mut state = rasd_server::AppState::new(backend, token.clone())
        .with_cache(tuning.cache())
        .with_allowed_hosts(allow_hosts);
    if let Some(n) = tuning.db_threads {
        state = state.with_concurrency(n);
    }
    let cached = state.cache.is_enabled();
    // Webhooks of watch zones are sent from their own thread while the server runs.
    let mut sender = None;
    let mut alerts = alerts;
    let r = rasd_server::serve_blocking(addr, state, |a| {
        if let Some(store) = alerts.take() {
            match rasd_server::alerts::spawn(
                store,
                rasd_server::alerts::AlertConfig {
                    base_url: format!("http://{a}"),
                    ..Default::default()
                },
            ) {
                Ok(s) => sender = Some(s),
                Err(e) => eprintln!("rasd: warning: zone webhooks will not be sent: {e}"),
            }
        } else {
            println!("rasd: zone webhooks are sent by servers of the embedded store only");
        }
        println!("rasd: serving on http://{a}/");
        if !cached {
            println!("rasd: response cache off");
        }
        if !memory_index {
            println!("rasd: memory event index off");
        }
        println!("rasd: token for changes (watch zones, ingest): {token}");
        println!("rasd: open http://{a}/#token={token} (Ctrl-C stops)");
    });
    drop(sender);
    r.with_context(|| format!("server on {addr} failed"))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_addr(&args.addr, args.public)?;
    if let Some(url) = super::ingest::pg_url(args.db.as_deref()) {
        // Several servers may share the database: the response cache is keyed by the
        // database's generation row; the memory event index is an embedded-store feature.
        let pg = super::ingest::open_pg(&url)?;
        let token = args
            .token
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(rasd_server::generate_token);
        return serve_backend(
            rasd_server::store_backend::StoreBackend::with_store(Box::new(pg)),
            None,
            args.addr,
            token,
            args.tuning,
            args.allow_host,
            false,
        );
    }
    let store = super::ingest::open_existing_store(args.db.as_deref(), args.create)?;
    serve_store(store, args.addr, args.token, args.tuning, args.allow_host)
}
