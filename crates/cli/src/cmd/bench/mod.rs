//! `rasd bench <what>`: throughput and memory benchmarks. Each target lives in its own file.

mod annotate;
mod arabic;
mod extract;
mod geo;
mod http;
mod queue;
mod store;
mod time;

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    what: What,
}

#[derive(clap::Subcommand)]
enum What {
    /// Article extraction on a benchmark directory (writes scorer predictions, reports pages/s, MB/s).
    Extract(extract::Args),
    /// Normalization and tokenization throughput.
    Arabic(arabic::Args),
    /// Time-expression tagging throughput.
    Time(time::Args),
    /// Gazetteer load time, memory and matching throughput.
    Geo(geo::Args),
    /// Annotate and whole-pipeline throughput and peak memory.
    Annotate(annotate::Args),
    /// Store: synthetic corpus generation, ingest rate, search and event-query latency.
    Store(store::Args),
    /// PostgreSQL work queue: ingest throughput with 1, 2, 4 … worker processes.
    Queue(queue::Args),
    /// HTTP API load test against a running `rasd serve`.
    Http(http::Args),
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match args.what {
        What::Extract(a) => extract::run(a),
        What::Arabic(a) => arabic::run(a),
        What::Time(a) => time::run(a),
        What::Geo(a) => geo::run(a),
        What::Annotate(a) => annotate::run(a),
        What::Store(a) => store::run(a),
        What::Http(a) => http::run(a),
        What::Queue(a) => queue::run(a),
    }
}
