//! `rasd bench time [FILE]`: time-expression tagging throughput (single thread, MB/s).
//!
//! FILE is a JSONL file with `text` (and optionally `published`) per line, or a
//! plain UTF-8 text file (one document per paragraph). Without FILE a built-in
//! synthetic Arabic news text is used. The input is processed repeatedly until
//! at least `--min-mb` megabytes were tagged.

use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

#[derive(clap::Args)]
pub struct Args {
    /// JSONL (`text`, `published`) or plain-text input; default: synthetic text.
    file: Option<PathBuf>,
    /// Process at least this many megabytes (the input is repeated).
    #[arg(long, default_value_t = 50)]
    min_mb: usize,
}

/// Invented sentences covering the main rule families (never taken from real articles).
const SYNTH: &[&str] = &[
    "قصفت الطائرات الحربية أطراف البلدة صباح اليوم الثلاثاء، ما أدى إلى إصابة ثلاثة مدنيين بجروح متفاوتة.",
    "وكانت القوات قد سيرت دورية مشتركة يوم الجمعة قبل الفائت 28 آب الماضي على الطريق الدولي.",
    "وبدأت الحملة العسكرية في مطلع شهر آذار الماضي، وتصاعدت خلال الأسبوع الفائت بشكل ملحوظ.",
    "وأفاد مراسلنا بأن اشتباكات اندلعت ليلة أمس الاثنين- الثلاثاء على محور القرية الشمالي.",
    "وذكرت مصادر محلية أن 15 عنصراً وصلوا إلى المنطقة منذ ثلاثة أيام قادمين من المدينة.",
    "ووقع الاتفاق في 5 آذار/مارس 2020 بين الطرفين، وسيرت أول دورية في 15 من الشهر ذاته.",
    "وأعلنت الوزارة في بيان صدر بتاريخ 31-8-2022 عن مقتل جندي وإصابة آخرين في هجوم بطائرة مسيرة.",
    "ويعاني السكان من نقص حاد في المياه والكهرباء والخدمات الأساسية منذ سنوات طويلة في ظل الحصار.",
];

pub fn run(args: Args) -> anyhow::Result<()> {
    let docs: Vec<(String, Option<rasd_time::Ymd>)> = match &args.file {
        None => vec![(SYNTH.join("\n"), Some((2020, 9, 5)))],
        Some(p) => {
            let s =
                std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?;
            let mut v = Vec::new();
            for line in s.lines() {
                let line = line.trim();
                if line.is_empty() {
                    continue;
                }
                if line.starts_with('{') {
                    if let Ok(j) = serde_json::from_str::<serde_json::Value>(line) {
                        let text = j["text"].as_str().unwrap_or("").to_string();
                        let published = j["published"].as_str().and_then(rasd_time::parse_ymd);
                        v.push((text, published));
                        continue;
                    }
                }
                v.push((line.to_string(), None));
            }
            v
        }
    };
    let bytes: usize = docs.iter().map(|d| d.0.len()).sum();
    anyhow::ensure!(bytes > 0, "no text to benchmark in the input");
    if cfg!(debug_assertions) {
        eprintln!(
            "note: this is a debug build; build with --release for meaningful throughput numbers"
        );
    }
    // Warm up (loads the lexicon).
    let _ = rasd_time::resolve(&docs[0].0, docs[0].1);
    let target = args.min_mb.max(1) * 1_000_000;
    let (mut done, mut found, mut ndocs) = (0usize, 0usize, 0usize);
    let t0 = Instant::now();
    while done < target {
        for (text, published) in &docs {
            found += rasd_time::resolve(text, *published).len();
            done += text.len();
            ndocs += 1;
        }
    }
    let secs = t0.elapsed().as_secs_f64();
    println!(
        "bench time: {:.1} MB in {:.2} s = {:.1} MB/s (single thread), {} docs ({:.0} docs/s), {} date expressions ({:.1} per 10 KB)",
        done as f64 / 1e6,
        secs,
        done as f64 / 1e6 / secs,
        ndocs,
        ndocs as f64 / secs,
        found,
        found as f64 * 10_000.0 / done as f64
    );
    Ok(())
}
