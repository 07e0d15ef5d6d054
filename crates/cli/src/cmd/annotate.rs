//! `rasd annotate [INPUT.jsonl|-]`: JSONL articles in, one annotation line per input line out.

use anyhow::Context;
use rasd_pipeline::Pipeline;
use rayon::prelude::*;
use std::io::{BufRead, BufWriter, Write};
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// JSONL input (`-` or nothing: standard input). Lines are gold articles
    /// `{id, text, published, ...}` or `rasd extract` output.
    input: Option<PathBuf>,
    /// Lines processed per parallel batch.
    #[arg(long, default_value_t = 512)]
    batch: usize,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let reader: Box<dyn BufRead> = match args.input.as_deref() {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("cannot open {}", p.display()))?,
        )),
    };
    let stdout = std::io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let pipeline = Pipeline::new();
    let (n, warned) = annotate_stream(reader, &mut out, &pipeline, args.batch.max(1))?;
    out.flush()?;
    eprintln!("annotated {n} lines ({warned} with warnings)");
    Ok(())
}

/// Stream JSONL lines through the pipeline in parallel batches, writing results in input order.
/// Returns (lines, lines with warnings).
pub fn annotate_stream(
    reader: impl BufRead,
    out: &mut impl Write,
    pipeline: &Pipeline,
    batch: usize,
) -> anyhow::Result<(usize, usize)> {
    let mut lines: Vec<(usize, String)> = Vec::with_capacity(batch);
    let mut n = 0usize;
    let mut warned = 0usize;
    let mut flush = |lines: &mut Vec<(usize, String)>, out: &mut dyn Write| -> anyhow::Result<()> {
        let recs: Vec<_> = lines
            .par_iter()
            .map(|(no, l)| pipeline.annotate_line(l, *no))
            .collect();
        for r in recs {
            if !r.warnings.is_empty() {
                warned += 1;
                for w in &r.warnings {
                    tracing::warn!("{}: {w}", r.id);
                }
            }
            serde_json::to_writer(&mut *out, &r)?;
            out.write_all(b"\n")?;
        }
        lines.clear();
        Ok(())
    };
    for (i, line) in reader.lines().enumerate() {
        let line = line.with_context(|| format!("reading input line {}", i + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        n += 1;
        lines.push((i + 1, line));
        if lines.len() >= batch {
            flush(&mut lines, out)?;
        }
    }
    flush(&mut lines, out)?;
    Ok((n, warned))
}
