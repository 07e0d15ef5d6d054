//! Data-driven test: every page in `samples/html/` against `samples/html/expected/<name>.json`
//! (title, publication date and evidence, author, section, site name, language, body
//! paragraphs, links). `RASD_BLESS=1` rewrites the expected files from the current output.

use rasd_ingest::{Body, Record};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

#[derive(Debug, Serialize, Deserialize, PartialEq)]
struct Expected {
    url: Option<String>,
    title: Option<String>,
    published: Option<String>,
    published_evidence: Option<String>,
    author: Option<String>,
    section: Option<String>,
    site_name: Option<String>,
    lang: Option<String>,
    paragraphs: Vec<String>,
    links: Vec<String>,
}

#[test]
fn samples_match_expected() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../samples/html");
    let bless = std::env::var_os("RASD_BLESS").is_some();
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples/html exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    assert!(pages.len() >= 12, "expected at least 12 sample pages");
    let mut failures = Vec::new();
    for page in &pages {
        let name = page.file_stem().unwrap().to_string_lossy().to_string();
        let exp_path = dir.join("expected").join(format!("{name}.json"));
        let exp: Expected =
            serde_json::from_str(&std::fs::read_to_string(&exp_path).expect("expected file"))
                .expect("expected json");
        let mut rec = Record::new(
            page.display().to_string(),
            Body::Html(std::fs::read(page).unwrap()),
        );
        rec.url = exp.url.clone();
        let ex = rasd_extract::extract(&rec);
        let d = &ex.doc;
        d.validate().unwrap();
        let got = Expected {
            url: d.meta.url.clone(),
            title: d.meta.title.clone(),
            published: d.meta.published.clone(),
            published_evidence: d.meta.published_evidence.clone(),
            author: d.meta.author.clone(),
            section: d.meta.section.clone(),
            site_name: d.meta.site_name.clone(),
            lang: d.meta.lang.clone(),
            paragraphs: d
                .paragraphs
                .iter()
                .map(|s| d.span_text(*s).to_string())
                .collect(),
            links: d.links.clone(),
        };
        assert_eq!(d.text, got.paragraphs.join("\n"));
        if got != exp {
            if bless {
                let mut s = serde_json::to_string_pretty(&got).unwrap();
                s.push('\n');
                std::fs::write(&exp_path, s).unwrap();
            } else {
                failures.push(format!(
                    "{name}:\n  expected: {}\n  got:      {}",
                    serde_json::to_string(&exp).unwrap(),
                    serde_json::to_string(&got).unwrap()
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} sample(s) differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
