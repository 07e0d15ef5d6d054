//! `rasd stats`: counts of stored events by type, month and governorate.

use super::events::FilterArgs;
use super::ingest::open_any;
use std::io::Write;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long)]
    db: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    /// Print JSON instead of tables.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let f = args.filter.to_filter()?;
    let store = open_any(args.db.as_deref(), false)?;
    let s = store.stats(&f)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    if args.json {
        serde_json::to_writer_pretty(&mut out, &s)?;
        writeln!(out)?;
        return Ok(out.flush()?);
    }
    writeln!(
        out,
        "articles {}   events {}   outlets {}",
        s.articles, s.events, s.sources
    )?;
    let table =
        |out: &mut dyn Write, title: &str, rows: &[(String, usize)]| -> std::io::Result<()> {
            writeln!(out, "\n{title}")?;
            let w = rows
                .iter()
                .map(|r| r.0.chars().count())
                .max()
                .unwrap_or(0)
                .max(8);
            for (k, n) in rows {
                let pad = w.saturating_sub(k.chars().count());
                writeln!(out, "  {k}{}  {n:>7}", " ".repeat(pad))?;
            }
            Ok(())
        };
    table(&mut out, "by type", &s.by_type)?;
    table(&mut out, "by month", &s.by_month)?;
    table(&mut out, "by governorate (admin1)", &s.by_admin1)?;
    out.flush()?;
    Ok(())
}
