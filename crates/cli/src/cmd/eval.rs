//! `rasd eval --gold GOLD.jsonl [--texts CORPUS.jsonl] [--pred PRED.jsonl] [--json] [--errors]`.

use anyhow::Context;
use rasd_eval::{
    read_gold_with_texts, read_predictions, read_texts, render_errors, render_table, score,
};
use rasd_pipeline::Pipeline;
use rayon::prelude::*;
use std::path::PathBuf;

#[derive(clap::Args)]
pub struct Args {
    /// Gold file (SCHEMA.md format), e.g. ../shared/eval/dev.jsonl.
    #[arg(long)]
    gold: PathBuf,
    /// Article texts by id (JSONL `{id, text}`) for stand-off gold files that carry no text,
    /// such as the project's `eval/gold/*.jsonl` with `../shared/corpus/news_ar.jsonl`.
    #[arg(long)]
    texts: Option<PathBuf>,
    /// Score this prediction file (rasd annotate format) instead of running rasd on the gold articles.
    #[arg(long)]
    pred: Option<PathBuf>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
    /// List every miss, false positive and wrong value with its sentence.
    #[arg(long)]
    errors: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let texts = match &args.texts {
        Some(p) => {
            Some(read_texts(p).with_context(|| format!("reading texts from {}", p.display()))?)
        }
        None => None,
    };
    let gold = read_gold_with_texts(&args.gold, texts.as_ref())
        .with_context(|| format!("reading the gold file {}", args.gold.display()))?;
    let preds = match &args.pred {
        Some(p) => read_predictions(p).with_context(|| "reading the prediction file")?,
        None => {
            let pipeline = Pipeline::new();
            gold.par_iter()
                .enumerate()
                .map(|(i, g)| pipeline.annotate_line(&g.raw, i + 1))
                .collect()
        }
    };
    let result = score(&gold, &preds, args.errors);
    if args.json {
        println!("{}", serde_json::to_string_pretty(&result)?);
    } else {
        print!("{}", render_table(&result));
        if args.errors {
            print!("{}", render_errors(&result));
        }
    }
    Ok(())
}
