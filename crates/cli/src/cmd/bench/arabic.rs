//! `rasd bench arabic [FILE]`: throughput of the Arabic language core (single thread).
//!
//! Input: a JSONL file of articles (the `text` field of each line is used), or any text file
//! (split into documents at blank lines). Without FILE, a built-in generated Arabic text is used.
//! The documents are repeated until about `--mb` megabytes, then each stage runs over all of
//! them on one core and MB/s (of original text) is printed: normalize (with offset map),
//! tokenize (tokens + clitic stems), segment (paragraphs, sentences, tokens), index_terms and
//! numbers (on segmented documents).

use anyhow::Context;
use rasd_doc::Document;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// JSONL articles (uses each line's "text") or a plain text file.
    file: Option<std::path::PathBuf>,
    /// Approximate amount of text to process per stage, in MB.
    #[arg(long, default_value_t = 50)]
    mb: usize,
}

/// A generated text with the kinds of constructs the language core handles.
const GENERATED: &str = "قصفت الطائرات الحربية، صباح اليوم الخميس، بلدة كفرنبل بريف إدلب الجنوبي، ما أدى إلى مقتل ثلاثة مدنيين وإصابة ١٢ آخرين بجروح.\n\
وقال مصدر محلي إنّ القوات استهدفت بالمدفعية الثقيلة قرابة عشرين منزلاً في البلدة، وأضاف: «سقط عشرات الضحايا منذ بداية الشهر». \n\
وبحسب المرصد، فإن نحو 15 عنصراً من المسلحين قتلوا خلال اشتباكات استمرت 3-4 ساعات قرب الطريق الدولي M4، في حين نزح أكثر من ألفي شخص.\n\
وأكدت مصادر أخرى أن الدوريات المشتركة توقفت منذ الخامس من آذار، وأن خمسة وعشرين مقاتلاً انضموا لقواتها في المنطقة.\n";

fn load(args: &Args) -> anyhow::Result<Vec<String>> {
    let Some(path) = &args.file else {
        return Ok(GENERATED.split("\n\n").map(str::to_string).collect());
    };
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    let looks_jsonl = raw.trim_start().starts_with('{');
    if looks_jsonl {
        for (n, line) in raw.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let v: serde_json::Value = serde_json::from_str(line)
                .with_context(|| format!("{}: line {} is not JSON", path.display(), n + 1))?;
            if let Some(t) = v.get("text").and_then(|t| t.as_str()) {
                docs.push(t.to_string());
            }
        }
    } else {
        docs.extend(
            raw.split("\n\n")
                .filter(|p| !p.trim().is_empty())
                .map(str::to_string),
        );
    }
    anyhow::ensure!(!docs.is_empty(), "{}: no text found", path.display());
    Ok(docs)
}

/// Print one stage: wall-clock MB/s and MB per CPU-second of this thread (the latter is what
/// "per core" means on a loaded machine).
fn report(name: &str, bytes: usize, start: (Instant, f64), extra: &str) {
    let secs = start.0.elapsed().as_secs_f64();
    let cpu = (cpu_secs() - start.1).max(1e-9);
    let mb = bytes as f64 / 1e6;
    println!(
        "{name:<12} {mb:>8.1} MB  {secs:>7.3} s  {:>8.1} MB/s wall  {:>8.1} MB/s per CPU-second  {extra}",
        mb / secs.max(1e-9),
        mb / cpu
    );
}

/// CPU time of the current thread in seconds (Linux `/proc/thread-self/schedstat`); falls back
/// to 0, which makes the per-CPU figure meaningless but harmless, elsewhere.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e9)
}

fn now() -> (Instant, f64) {
    (Instant::now(), cpu_secs())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let base = load(&args)?;
    let base_bytes: usize = base.iter().map(String::len).sum();
    let target = args.mb.max(1) * 1_000_000;
    let reps = target.div_ceil(base_bytes.max(1));
    let docs: Vec<&str> = (0..reps)
        .flat_map(|_| base.iter().map(String::as_str))
        .collect();
    let total: usize = docs.iter().map(|d| d.len()).sum();
    println!(
        "rasd bench arabic: {} documents ({} distinct, {:.1} MB), single thread",
        docs.len(),
        base.len(),
        total as f64 / 1e6
    );

    let t = now();
    let mut sink = 0usize;
    for d in &docs {
        sink += rasd_arabic::normalize(d).text.len();
    }
    report("normalize", total, t, "");

    let t = now();
    let mut ntok = 0usize;
    for d in &docs {
        ntok += rasd_arabic::tokenize_with_stems(d).len();
    }
    report(
        "tokenize",
        total,
        t,
        &format!("{ntok} tokens (with clitic stems)"),
    );

    let t = now();
    let mut segmented: Vec<Document> = Vec::with_capacity(base.len());
    let mut nsent = 0usize;
    for (i, d) in docs.iter().enumerate() {
        let mut doc = Document::new(i.to_string(), *d);
        rasd_arabic::segment(&mut doc);
        nsent += doc.sentences.len();
        if i < base.len() {
            segmented.push(doc);
        }
    }
    report("segment", total, t, &format!("{nsent} sentences"));

    let t = now();
    let mut nterms = 0usize;
    for d in &docs {
        rasd_arabic::index_terms(d, |_, _, term| {
            nterms += 1;
            sink += term.len();
        });
    }
    report("index_terms", total, t, &format!("{nterms} terms"));

    let t = now();
    let mut nnum = 0usize;
    let mut bytes = 0usize;
    while bytes < total {
        for doc in segmented.iter_mut() {
            rasd_arabic::tag_numbers(doc);
            nnum += doc.numbers.len();
            bytes += doc.text.len();
        }
    }
    report(
        "numbers",
        bytes,
        t,
        &format!("{nnum} numbers (on segmented documents)"),
    );
    std::hint::black_box(sink);
    Ok(())
}
