//! `rasd extract INPUT... [--format jsonl|text]`: read files, directories, WARC archives,
//! feeds, JSONL or text (via `rasd_ingest`), extract each article (`rasd_extract`) and
//! stream one JSONL line per article to stdout. Lines deserialize as
//! `rasd_doc::annotate::InputRecord`, so they feed `rasd annotate` directly.
//!
//! Bad inputs never stop the batch: they are counted and reported on stderr
//! (summary: read / extracted / skipped with reasons; errors name input and record).

use rasd_doc::annotate::InputRecord;
use rasd_extract::Extracted;
use rasd_ingest::{IngestError, Record};
use rayon::prelude::*;
use std::collections::BTreeMap;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON object per article (`id, input, url, canonical_url, title, published, …, text, links`).
    Jsonl,
    /// Human-readable: title, date and paragraphs.
    Text,
}

#[derive(clap::Args)]
pub struct Args {
    /// Files or directories: HTML (.html/.htm, also .gz), WARC, RSS/Atom, JSONL, plain text.
    #[arg(required = true)]
    inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Jsonl)]
    format: Format,
    /// Records extracted per parallel batch.
    #[arg(long, default_value_t = 256)]
    batch: usize,
}

/// One output line: the `InputRecord` fields plus warnings.
#[derive(serde::Serialize)]
struct OutLine<'a> {
    #[serde(flatten)]
    rec: InputRecord,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    warnings: &'a [String],
}

fn to_input_record(ex: &Extracted) -> InputRecord {
    let d = &ex.doc;
    let m = &d.meta;
    InputRecord {
        id: Some(d.id.clone()),
        text: Some(d.text.clone()),
        published: m.published.clone(),
        published_evidence: m.published_evidence.clone(),
        title: m.title.clone(),
        url: m.url.clone(),
        canonical_url: m.canonical_url.clone(),
        source: m.source.clone(),
        lang: m.lang.clone(),
        input: m.input.clone(),
        author: m.author.clone(),
        section: m.section.clone(),
        site_name: m.site_name.clone(),
        links: d.links.clone(),
    }
}

#[derive(Default)]
struct Summary {
    read: usize,
    extracted: usize,
    skipped: BTreeMap<String, usize>,
    errors: Vec<String>,
}

impl Summary {
    fn skip(&mut self, reason: impl Into<String>, detail: String) {
        *self.skipped.entry(reason.into()).or_default() += 1;
        if self.errors.len() < 50 {
            self.errors.push(detail);
        }
    }
}

fn write_one(out: &mut dyn Write, format: Format, ex: &Extracted) -> anyhow::Result<()> {
    match format {
        Format::Jsonl => {
            let line = OutLine {
                rec: to_input_record(ex),
                warnings: &ex.warnings,
            };
            serde_json::to_writer(&mut *out, &line)?;
            out.write_all(b"\n")?;
        }
        Format::Text => {
            let m = &ex.doc.meta;
            writeln!(out, "# {}", m.title.as_deref().unwrap_or("(no title)"))?;
            writeln!(
                out,
                "{} | {} | {}",
                m.published.as_deref().unwrap_or("-"),
                m.site_name
                    .as_deref()
                    .or(m.source.as_deref())
                    .unwrap_or("-"),
                m.url.as_deref().or(m.input.as_deref()).unwrap_or("-")
            )?;
            writeln!(out)?;
            for p in &ex.doc.paragraphs {
                writeln!(out, "{}", ex.doc.span_text(*p))?;
            }
            writeln!(out)?;
        }
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let missing = super::ingest::missing_inputs(&args.inputs);
    let records = rasd_ingest::read_paths(&args.inputs);
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let bar = if std::io::stderr().is_terminal() {
        let b = indicatif::ProgressBar::new_spinner();
        b.set_style(
            indicatif::ProgressStyle::with_template(
                "{spinner} {pos} records {per_sec} {elapsed} {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
        );
        Some(b)
    } else {
        None
    };
    let mut sum = Summary::default();
    let batch = args.batch.max(1);
    let mut pending: Vec<Record> = Vec::with_capacity(batch);
    let flush =
        |pending: &mut Vec<Record>, sum: &mut Summary, out: &mut dyn Write| -> anyhow::Result<()> {
            let results: Vec<Extracted> = pending.par_iter().map(rasd_extract::extract).collect();
            for (rec, ex) in pending.iter().zip(results) {
                for w in &ex.warnings {
                    tracing::warn!("{}: {w}", rec.input);
                }
                if ex.doc.text.trim().is_empty() {
                    let why = ex
                        .warnings
                        .last()
                        .cloned()
                        .unwrap_or_else(|| "no text".into());
                    sum.skip("no article text", format!("{}: {why}", rec.input));
                    continue;
                }
                sum.extracted += 1;
                write_one(out, args.format, &ex)?;
            }
            if let Some(b) = &bar {
                b.inc(pending.len() as u64);
            }
            pending.clear();
            Ok(())
        };
    for item in records {
        match item {
            Ok(rec) => {
                sum.read += 1;
                pending.push(rec);
                if pending.len() >= batch {
                    flush(&mut pending, &mut sum, &mut out)?;
                }
            }
            Err(e) => {
                let reason = match &e {
                    IngestError::Io { .. } => "unreadable".to_string(),
                    IngestError::Skipped { reason, .. } => reason.to_string(),
                    IngestError::Malformed { .. } => "malformed".to_string(),
                    #[allow(unreachable_patterns)]
                    _ => "error".to_string(),
                };
                sum.read += 1;
                sum.skip(reason, e.to_string());
            }
        }
    }
    flush(&mut pending, &mut sum, &mut out)?;
    out.flush()?;
    if let Some(b) = &bar {
        b.finish_and_clear();
    }
    let skipped: usize = sum.skipped.values().sum();
    let reasons: Vec<String> = sum
        .skipped
        .iter()
        .map(|(r, n)| format!("{n} {r}"))
        .collect();
    eprintln!(
        "read {} records: {} extracted, {} skipped{}",
        sum.read,
        sum.extracted,
        skipped,
        if reasons.is_empty() {
            String::new()
        } else {
            format!(" ({})", reasons.join(", "))
        }
    );
    for e in &sum.errors {
        eprintln!("  {e}");
    }
    if skipped > sum.errors.len() {
        eprintln!("  … {} more", skipped - sum.errors.len());
    }
    if !missing.is_empty() {
        anyhow::bail!(
            "input not found or unreadable: {} (the other inputs were extracted)",
            missing.join(", ")
        );
    }
    Ok(())
}
