//! `rasd search "نص"`: full-text search over stored articles (BM25, Arabic-aware, highlights).

use super::ingest::open_any;
use rasd_store::params::{self, Style};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, clap::ValueEnum)]
enum Format {
    Text,
    Jsonl,
}

#[derive(clap::Args)]
pub struct Args {
    /// Query text (Arabic or Latin; clitics and plural forms are matched; "quotes" for phrases).
    query: String,
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long)]
    db: Option<PathBuf>,
    /// Published on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    from: Option<String>,
    /// Published on or before this date.
    #[arg(long)]
    to: Option<String>,
    /// Only articles of this outlet (case-insensitive, exact name).
    #[arg(long)]
    source: Option<String>,
    /// Results per page (default 10, at most 200).
    #[arg(long, default_value = "10", allow_hyphen_values = true)]
    limit: String,
    /// Results to skip (at most 100000).
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    offset: String,
    #[arg(long, value_enum, default_value = "text")]
    format: Format,
}

/// Mark highlight ranges (char offsets) with ⟦ ⟧ for the terminal.
fn mark(snippet: &str, hl: &[(usize, usize)]) -> String {
    let mut out = String::with_capacity(snippet.len() + hl.len() * 8);
    for (i, c) in snippet.chars().enumerate() {
        if hl.iter().any(|h| h.0 == i) {
            out.push('⟦');
        }
        if hl.iter().any(|h| h.1 == i) {
            out.push('⟧');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    if hl.iter().any(|h| h.1 == snippet.chars().count()) {
        out.push('⟧');
    }
    out
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let mut pairs = vec![
        ("q".to_string(), args.query.clone()),
        ("limit".to_string(), args.limit.clone()),
        ("offset".to_string(), args.offset.clone()),
    ];
    for (k, v) in [
        ("date_from", &args.from),
        ("date_to", &args.to),
        ("source", &args.source),
    ] {
        if let Some(v) = v {
            pairs.push((k.to_string(), v.clone()));
        }
    }
    // Checked by the parser the HTTP API uses, before the database is opened.
    let q = params::search_query(Style::Cli, &pairs)?;
    let store = open_any(args.db.as_deref(), false)?;
    let page = store.search(&q)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.format {
        Format::Jsonl => {
            for h in &page.items {
                serde_json::to_writer(&mut out, h)?;
                writeln!(out)?;
            }
        }
        Format::Text => {
            writeln!(
                out,
                "{} result(s) for {:?}{}",
                page.total,
                args.query,
                if page.total > page.items.len() {
                    format!(
                        ", showing {}–{}",
                        page.offset + 1,
                        page.offset + page.items.len()
                    )
                } else {
                    String::new()
                }
            )?;
            for (i, h) in page.items.iter().enumerate() {
                writeln!(out)?;
                writeln!(
                    out,
                    "{}. [{:.2}] {}  {}  {}",
                    page.offset + i + 1,
                    h.score,
                    h.published.as_deref().unwrap_or("????-??-??"),
                    h.source.as_deref().unwrap_or("-"),
                    h.title.as_deref().unwrap_or("(untitled)")
                )?;
                writeln!(
                    out,
                    "   id: {}{}",
                    h.article_id,
                    h.url
                        .as_deref()
                        .map(|u| format!("  {u}"))
                        .unwrap_or_default()
                )?;
                writeln!(out, "   {}", mark(&h.snippet, &h.highlights))?;
            }
        }
    }
    out.flush()?;
    Ok(())
}
