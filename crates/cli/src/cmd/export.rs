//! `rasd export FORMAT`: write every stored event matching the filters as ACLED-style CSV
//! (`--bom` for Excel), XLSX, GeoJSON, JSONL or PLOVER-style JSON lines, streaming.

use super::events::{write_export, FilterArgs, OutputArgs};
use super::ingest::open_existing_store;
use rasd_store::export::ExportFormat;
use rasd_store::params::{self, Limits, Style};
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Kind {
    Csv,
    Xlsx,
    Geojson,
    Jsonl,
    Plover,
}

#[derive(clap::Args)]
pub struct Args {
    /// Output format.
    #[arg(value_enum)]
    format: Kind,
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long)]
    db: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    #[command(flatten)]
    out: OutputArgs,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let format = match args.format {
        Kind::Csv => ExportFormat::Csv,
        Kind::Xlsx => ExportFormat::Xlsx,
        Kind::Geojson => ExportFormat::GeoJson,
        Kind::Jsonl => ExportFormat::Jsonl,
        Kind::Plover => ExportFormat::Plover,
    };
    let limits = Limits {
        default: 0,
        max: params::MAX_ANY_LIMIT,
    };
    // Checked before the database is opened: a bad option never touches it.
    let f = params::event_filter(Style::Cli, &args.filter.pairs(), limits)?;
    let store = open_existing_store(args.db.as_deref(), false)?;
    let n = write_export(&store, &f, format, &args.out)?;
    if let Some(p) = &args.out.output {
        eprintln!("{n} events written to {}", p.display());
    }
    Ok(())
}
