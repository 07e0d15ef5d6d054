//! `rasd bench http --url http://127.0.0.1:PORT --clients 200 --seconds 30`: load test of the
//! events API of a running `rasd serve` (loopback only). By default the clients draw event
//! queries at random from a large space (a deterministic mix, `--seed`), a share of them
//! (`--hot-share`) from the few a dashboard asks first; `--path` requests fixed paths instead.
//! Reports requests/s, p50/p90/p95/p99, errors, distinct paths and the server's cache hit ratio
//! (from its `X-Cache` header).

use rasd_server::loadtest::{self, Mix, Requests};

#[derive(clap::Args)]
pub struct Args {
    /// Base URL of a running server (loopback only).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent keep-alive clients (each sends its next request as soon as it has an answer).
    #[arg(long, default_value_t = 200)]
    clients: usize,
    /// Duration in seconds.
    #[arg(long, default_value_t = 30.0)]
    seconds: f64,
    /// Request path (repeatable, requested round-robin); default: the random mix.
    #[arg(long = "path")]
    paths: Vec<String>,
    /// Seed of the random mix (client i uses seed + i).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Share of the random mix taken from a few fixed dashboard queries (0 to 1).
    #[arg(long, default_value_t = 0.2)]
    hot_share: f64,
    /// First day of the random date windows (the synthetic corpus of `rasd bench store` starts
    /// on 2023-01-01).
    #[arg(long, default_value = "2023-01-01")]
    date_from: String,
    /// Span of the random date windows in days.
    #[arg(long, default_value_t = 730)]
    days: i64,
    /// Mean think time in ms between a client's requests (uniform 0..2×; 0 = back to back).
    #[arg(long, default_value_t = 0.0)]
    think_ms: f64,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let requests = if args.paths.is_empty() {
        let first_day = loadtest::days_of(&args.date_from).ok_or_else(|| {
            anyhow::anyhow!("--date-from {:?}: expected YYYY-MM-DD", args.date_from)
        })?;
        anyhow::ensure!(args.days > 0, "--days {}: must be positive", args.days);
        Requests::Random(Mix {
            seed: args.seed,
            hot_share: args.hot_share,
            first_day,
            days: args.days,
        })
    } else {
        Requests::Fixed(args.paths)
    };
    anyhow::ensure!(
        args.think_ms.is_finite() && (0.0..=60_000.0).contains(&args.think_ms),
        "--think-ms {}: must be 0 to 60000",
        args.think_ms
    );
    let think = std::time::Duration::from_secs_f64(args.think_ms / 1000.0);
    let report = loadtest::run_with(&args.url, args.clients, args.seconds, &requests, think)
        .map_err(anyhow::Error::msg)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    Ok(())
}
