//! `rasd bench http --url http://127.0.0.1:PORT --clients 200 --seconds 30`: load test of the
//! events API of a running `rasd serve` (loopback only). Reports requests/s, p50/p90/p99 and errors.

#[derive(clap::Args)]
pub struct Args {
    /// Base URL of a running server (loopback only).
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    url: String,
    /// Concurrent keep-alive clients.
    #[arg(long, default_value_t = 200)]
    clients: usize,
    /// Duration in seconds.
    #[arg(long, default_value_t = 30.0)]
    seconds: f64,
    /// Request path (repeatable); default: a mix of event-list queries.
    #[arg(long = "path")]
    paths: Vec<String>,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let paths: Vec<String> = if args.paths.is_empty() {
        rasd_server::loadtest::DEFAULT_PATHS
            .iter()
            .map(|s| s.to_string())
            .collect()
    } else {
        args.paths
    };
    let report = rasd_server::loadtest::run(&args.url, args.clients, args.seconds, &paths)
        .map_err(anyhow::Error::msg)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        println!("{report}");
    }
    Ok(())
}
