//! `rasd` command-line interface. Each subcommand lives in its own module under `cmd/`.

mod cmd;

use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(
    name = "rasd",
    version,
    about = "رصد — Arabic conflict-news monitoring: extract, annotate, code events, store, serve"
)]
struct Cli {
    /// Log verbosity (also RUST_LOG).
    #[arg(long, global = true, default_value = "warn")]
    log: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles from HTML files, directories, WARC archives, RSS/Atom feeds, JSONL or text.
    Extract(cmd::extract::Args),
    /// Annotate articles (JSONL in, JSONL out): dates, places, entities, events.
    Annotate(cmd::annotate::Args),
    /// Score annotations against a gold file.
    Eval(cmd::eval::Args),
    /// Benchmarks: extraction, annotation, pipeline throughput and memory.
    Bench(cmd::bench::Args),
    /// Look up places in a text (quick geocoding check).
    Geocode(cmd::geocode::Args),
    /// Extract, annotate and store inputs into a rasd database.
    Ingest(cmd::ingest::Args),
    /// Full-text search over stored articles.
    Search(cmd::search::Args),
    /// Query and export stored events.
    Events(cmd::events::Args),
    /// Export stored events: ACLED-style CSV or XLSX, GeoJSON, JSONL, PLOVER-style JSON lines.
    Export(cmd::export::Args),
    /// Watch zones: add, list, remove, check which stored events fall inside; webhooks.
    Zones(cmd::zones::Args),
    /// Counts by type, month and governorate.
    Stats(cmd::stats::Args),
    /// Serve the web application and HTTP API.
    Serve(cmd::serve::Args),
    /// Create or upgrade the database schema (SQLite directory or postgres:// URL).
    Migrate(cmd::queue::MigrateArgs),
    /// Add inputs to the PostgreSQL work queue (one job per file).
    Enqueue(cmd::queue::EnqueueArgs),
    /// Claim and process queued jobs (PostgreSQL), storing each job's results as it completes.
    Worker(cmd::queue::WorkerArgs),
    /// Ingest the bundled samples into a database and serve them (the README's first command).
    Demo(cmd::demo::Args),
}

fn main() {
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(&cli.log));
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .init();
    let result = match cli.command {
        Command::Extract(a) => cmd::extract::run(a),
        Command::Annotate(a) => cmd::annotate::run(a),
        Command::Eval(a) => cmd::eval::run(a),
        Command::Bench(a) => cmd::bench::run(a),
        Command::Geocode(a) => cmd::geocode::run(a),
        Command::Ingest(a) => cmd::ingest::run(a),
        Command::Search(a) => cmd::search::run(a),
        Command::Events(a) => cmd::events::run(a),
        Command::Export(a) => cmd::export::run(a),
        Command::Zones(a) => cmd::zones::run(a),
        Command::Stats(a) => cmd::stats::run(a),
        Command::Serve(a) => cmd::serve::run(a),
        Command::Demo(a) => cmd::demo::run(a),
        Command::Migrate(a) => cmd::queue::migrate(a),
        Command::Enqueue(a) => cmd::queue::enqueue(a),
        Command::Worker(a) => cmd::queue::worker(a),
    };
    if let Err(e) = result {
        // Broken pipe (e.g. `| head`) is not an error for the user.
        if e.chain().any(|c| {
            c.downcast_ref::<std::io::Error>()
                .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
        }) {
            std::process::exit(0);
        }
        eprintln!("rasd: error: {e:#}");
        std::process::exit(1);
    }
}
