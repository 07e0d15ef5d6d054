//! Measurements on the shared reference data (gold articles and the news corpus), if present.
//! Skips cleanly when `../shared` is absent. Run with `--nocapture` to see the figures.

use rasd_doc::Document;
use std::path::PathBuf;

fn shared(rel: &str) -> Option<String> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../../shared")
        .join(rel);
    std::fs::read_to_string(p).ok()
}

fn texts(jsonl: &str) -> Vec<(String, serde_json::Value)> {
    jsonl
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| Some((v.get("text")?.as_str()?.to_string(), v)))
        .collect()
}

/// Gold evidence sentences should start and end on our sentence boundaries.
#[test]
fn gold_evidence_aligns_with_sentences() {
    let Some(dev) = shared("eval/dev.jsonl") else {
        eprintln!("skipped: ../shared/eval/dev.jsonl not found");
        return;
    };
    let (mut total, mut starts, mut ends) = (0, 0, 0);
    for (text, v) in texts(&dev) {
        let mut d = Document::new("g", text.as_str());
        rasd_arabic::segment(&mut d);
        assert!(d.validate().is_ok());
        let events = v
            .pointer("/gold/events")
            .and_then(|e| e.as_array())
            .cloned()
            .unwrap_or_default();
        for e in events {
            let Some(ev) = e.get("evidence").and_then(|x| x.as_str()) else {
                continue;
            };
            let ev = ev.trim();
            let Some(a) = text.find(ev) else { continue };
            let b = a + ev.len();
            total += 1;
            if d.sentences.iter().any(|s| s.start as usize == a) {
                starts += 1;
            }
            if d.sentences.iter().any(|s| s.end as usize == b) {
                ends += 1;
            } else if std::env::var_os("RASD_SHOW_MISSES").is_some() {
                let ours: Vec<&str> = d
                    .sentences
                    .iter()
                    .filter(|s| s.overlaps(&rasd_doc::Span::new(a, b)))
                    .map(|s| d.span_text(*s))
                    .collect();
                eprintln!("  evidence end miss: {ev:?}\n    ours: {ours:?}");
            }
        }
    }
    eprintln!("gold evidence: {total} found in text; start on a sentence start: {starts}; end on a sentence end: {ends}");
}

/// Gold place and entity mentions should start at a token start or a clitic-free stem start
/// ("بإدلب" → the place starts after ب) and end at a token end or stem end.
#[test]
fn gold_mentions_align_with_tokens_and_stems() {
    let Some(dev) = shared("eval/dev.jsonl") else {
        eprintln!("skipped: ../shared/eval/dev.jsonl not found");
        return;
    };
    let (mut total, mut ok, mut inside_word) = (0, 0, 0);
    let mut misses = Vec::new();
    for (text, v) in texts(&dev) {
        let mut d = Document::new("g", text.as_str());
        rasd_arabic::segment(&mut d);
        let ix = rasd_doc::CharIndex::new(&text);
        for layer in ["places", "entities"] {
            let items = v
                .pointer(&format!("/gold/{layer}"))
                .and_then(|e| e.as_array())
                .cloned()
                .unwrap_or_default();
            for m in items {
                let (Some(a), Some(b)) = (
                    m.get("start").and_then(|x| x.as_u64()),
                    m.get("end").and_then(|x| x.as_u64()),
                ) else {
                    continue;
                };
                let (a, b) = (ix.byte_of(a as u32), ix.byte_of(b as u32));
                total += 1;
                let starts = d
                    .tokens
                    .iter()
                    .any(|t| t.span.start == a || t.stem.start == a);
                let ends = d.tokens.iter().any(|t| t.span.end == b || t.stem.end == b);
                if starts && ends {
                    ok += 1;
                } else {
                    if d.tokens.iter().any(|t| t.span.start < a && a < t.span.end) {
                        inside_word += 1;
                    }
                    if misses.len() < 15 {
                        let w = d
                            .tokens
                            .iter()
                            .find(|t| t.span.start <= a && a < t.span.end)
                            .map(|t| d.span_text(t.span));
                        misses.push(format!(
                            "{:?} in {:?}",
                            text.get(a as usize..b as usize).unwrap_or(""),
                            w
                        ));
                    }
                }
            }
        }
    }
    eprintln!("gold mentions: {total}; aligned with token/stem boundaries: {ok}; starting inside a word: {inside_word}");
    for m in misses {
        eprintln!("  miss: {m}");
    }
}

/// No panics and valid layers on the whole news corpus; print a few statistics.
#[test]
fn corpus_runs_clean() {
    let Some(corpus) = shared("corpus/news_ar.jsonl") else {
        eprintln!("skipped: ../shared/corpus/news_ar.jsonl not found");
        return;
    };
    let (mut docs, mut sents, mut toks, mut nums, mut approx, mut longest) = (0, 0, 0, 0, 0, 0);
    let mut split_tokens = 0;
    for (text, _) in texts(&corpus) {
        let mut d = Document::new("c", text.as_str());
        rasd_arabic::segment(&mut d);
        rasd_arabic::tag_numbers(&mut d);
        assert!(d.validate().is_ok());
        docs += 1;
        sents += d.sentences.len();
        toks += d.tokens.len();
        nums += d.numbers.len();
        approx += d.numbers.iter().filter(|n| n.approximate).count();
        split_tokens += d.tokens.iter().filter(|t| t.stem != t.span).count();
        longest = longest.max(d.sentences.iter().map(|s| s.len()).max().unwrap_or(0));
    }
    eprintln!(
        "corpus: {docs} docs, {sents} sentences, {toks} tokens ({split_tokens} with clitics split), \
         {nums} numbers ({approx} approximate), longest sentence {longest} bytes"
    );
}
