//! `rasd search "نص"`: full-text search over stored articles (BM25, Arabic-aware, highlights).

use super::ingest::open_store;
use rasd_store::SearchQuery;
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
    #[arg(long, default_value_t = 10)]
    limit: usize,
    #[arg(long, default_value_t = 0)]
    offset: usize,
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
    let store = open_store(args.db.as_deref())?;
    let q = SearchQuery {
        text: args.query.clone(),
        date_from: args.from,
        date_to: args.to,
        source: args.source,
        limit: args.limit,
        offset: args.offset,
    };
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
