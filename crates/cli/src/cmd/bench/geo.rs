//! `rasd bench geo [FILE]`: gazetteer load time, resident memory and matching throughput.
//!
//! Input: a JSONL file of articles (each line's `text`) or a plain text file (documents split at
//! blank lines); without FILE a built-in generated text is used. Documents are repeated to about
//! `--mb` megabytes and annotated on one core; prints load time, RSS (from /proc/self/status)
//! before and after loading, places found and MB/s.

use anyhow::Context;

#[derive(clap::Args)]
pub struct Args {
    /// JSONL articles (uses each line's "text") or a plain text file.
    file: Option<std::path::PathBuf>,
    /// Approximate amount of text to match, in MB.
    #[arg(long, default_value_t = 20)]
    mb: usize,
}

const GENERATED: &str = "قصفت قوات النظام بلدات البارة وكنصفرة وعين لاروز في جبل الزاوية بريف إدلب الجنوبي، ما أدى إلى مقتل مدنيين.\n\
وسيّرت القوات الروسية والتركية دورية مشتركة على الطريق الدولي M4 بين بلدة الترنبة غرب سراقب وقرية عين الحور بريف اللاذقية.\n\
وقال مصدر محلي إن انفجاراً وقع في مدينة عفرين شمال غربي حلب، فيما استهدفت غارات مطار الشعيرات في ريف حمص.\n\
وأعلنت وزارة الدفاع في موسكو أن طائرات انطلقت من قاعدة حميميم، بينما أكدت أنقرة أن نقطة المراقبة في مورك لم تتضرر.\n";

fn load(args: &Args) -> anyhow::Result<Vec<String>> {
    let Some(path) = &args.file else {
        return Ok(GENERATED.lines().map(str::to_string).collect());
    };
    let raw =
        std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let mut docs = Vec::new();
    if raw.trim_start().starts_with('{') {
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

pub fn run(args: Args) -> anyhow::Result<()> {
    let base = load(&args)?;
    let r = rasd_geo::bench::run(&base, args.mb.max(1) * 1_000_000);
    let g = rasd_geo::Gazetteer::embedded();
    println!(
        "gazetteer: {} entries, {} names, {} roads; load {:.1} ms",
        r.entries,
        r.names,
        g.roads().len(),
        r.load_ms
    );
    if let (Some(a), Some(b)) = (r.rss_before_kb, r.rss_after_kb) {
        println!(
            "memory: RSS {:.1} MB before load, {:.1} MB after (+{:.1} MB)",
            a as f64 / 1024.0,
            b as f64 / 1024.0,
            b.saturating_sub(a) as f64 / 1024.0
        );
    }
    for w in g.load_warnings().iter().take(5) {
        println!("load warning: {w}");
    }
    println!(
        "matching: {:.1} MB in {:.2} s = {:.1} MB/s wall, {:.1} MB per CPU-second (1 thread); {} places ({} with coordinates)",
        r.bytes as f64 / 1e6,
        r.secs,
        r.mb_per_s(),
        r.mb_per_cpu_s().unwrap_or(f64::NAN),
        r.places,
        r.with_coords
    );
    if let Some(kb) = rasd_geo::bench::rss_kb() {
        println!("memory: RSS {:.1} MB at end", kb as f64 / 1024.0);
    }
    Ok(())
}
