//! `rasd serve [--db PATH] [--addr 127.0.0.1:8080] [--token T]`: the web application and HTTP API
//! over a database. Binds to loopback unless `--public` is given; endpoints that change data
//! (zones, ingest) need the token (given, or generated and printed at start).

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
) -> anyhow::Result<()> {
    let token = token
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(rasd_server::generate_token);
    let backend = Arc::new(rasd_server::store_backend::StoreBackend::new(store));
    let state = rasd_server::AppState::new(backend, token.clone());
    rasd_server::serve_blocking(addr, state, |a| {
        println!("rasd: serving on http://{a}/");
        println!("rasd: token for changes (watch zones, ingest): {token}");
        println!("rasd: open http://{a}/#token={token} (Ctrl-C stops)");
    })
    .with_context(|| format!("server on {addr} failed"))
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_addr(&args.addr, args.public)?;
    let store = super::ingest::open_store(args.db.as_deref())?;
    serve_store(store, args.addr, args.token)
}
