//! Serves the in-memory fake backend with synthetic events (UI development without a database).
//! Usage: cargo run -p rasd-server --example fake_serve -- [ADDR] [N_ARTICLES] [TOKEN]

use std::sync::Arc;

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let addr = args.get(1).map(String::as_str).unwrap_or("127.0.0.1:8080");
    let n: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(400);
    let token = args
        .get(3)
        .cloned()
        .unwrap_or_else(rasd_server::generate_token);
    let addr = addr.parse().map_err(|e| {
        std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            format!("bad address {addr}: {e}"),
        )
    })?;
    let backend = Arc::new(rasd_server::MemBackend::with_sample(n));
    let state = rasd_server::AppState::new(backend, token.clone());
    rasd_server::serve_blocking(addr, state, |a| {
        println!("rasd (fake data) listening on http://{a}/#token={token}");
    })
}
