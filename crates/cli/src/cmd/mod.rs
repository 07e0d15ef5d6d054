//! One module per subcommand; each exposes `Args` (clap) and `run(Args) -> anyhow::Result<()>`.
pub mod annotate;
pub mod bench;
pub mod demo;
pub mod eval;
pub mod events;
pub mod export;
pub mod extract;
pub mod geocode;
pub mod ingest;
pub mod queue;
pub mod search;
pub mod serve;
pub mod stats;
pub mod zones;
