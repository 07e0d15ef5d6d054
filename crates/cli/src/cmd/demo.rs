//! `rasd demo [--db PATH] [--addr ...]`: ingest the bundled `samples/` into a database (default:
//! a `rasd-demo` directory under the system temp dir), print a summary and the URL, then serve.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: <temp dir>/rasd-demo).
    #[arg(long)]
    pub db: Option<PathBuf>,
    /// Address to listen on; when the default port is busy a free port is used.
    #[arg(long)]
    pub addr: Option<SocketAddr>,
    /// Bearer token for endpoints that change data (default: random, printed).
    #[arg(long)]
    pub token: Option<String>,
    /// Samples directory (default: the repository's `samples/`, or `./samples`).
    #[arg(long)]
    pub samples: Option<PathBuf>,
    /// Ingest only; do not serve.
    #[arg(long)]
    pub no_serve: bool,
}

/// The samples directory: `--samples`, else the checkout's `samples/` (known at build time),
/// else `./samples`.
fn samples_dir(given: Option<&Path>) -> anyhow::Result<PathBuf> {
    if let Some(p) = given {
        anyhow::ensure!(
            p.is_dir(),
            "samples directory {} does not exist",
            p.display()
        );
        return Ok(p.to_path_buf());
    }
    let candidates = [
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples"),
        PathBuf::from("samples"),
    ];
    for c in &candidates {
        if c.is_dir() {
            return Ok(c.canonicalize().unwrap_or_else(|_| c.clone()));
        }
    }
    anyhow::bail!(
        "no samples directory found (looked in {}); pass --samples DIR",
        candidates
            .iter()
            .map(|c| c.display().to_string())
            .collect::<Vec<_>>()
            .join(", ")
    )
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let addr = match args.addr {
        Some(a) => {
            super::serve::check_addr(&a, false)?;
            a
        }
        None => {
            let default: SocketAddr = ([127, 0, 0, 1], 8080).into();
            // Use 8080 when free, else any free loopback port.
            if std::net::TcpListener::bind(default).is_ok() {
                default
            } else {
                ([127, 0, 0, 1], 0).into()
            }
        }
    };
    let db = args
        .db
        .clone()
        .unwrap_or_else(|| std::env::temp_dir().join("rasd-demo"));
    let samples = samples_dir(args.samples.as_deref())?;
    eprintln!(
        "rasd demo: ingesting {} into {}",
        samples.display(),
        db.display()
    );
    let store = super::ingest::open_store(Some(&db))?;
    let opts = super::ingest::IngestOptions::default();
    let summary = super::ingest::ingest_paths(&store, &[samples], &opts)?;
    eprintln!("{summary}");
    if args.no_serve {
        return Ok(());
    }
    super::serve::serve_store(store, addr, args.token)
}
