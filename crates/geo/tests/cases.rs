//! Data-driven geocoding cases: `data/geocode_cases.txt` (one sentence per line) against
//! `data/geocode_cases.expected.tsv`. Refresh the expected file with `RASD_BLESS=1`.

use rasd_doc::Document;
use rasd_geo::Gazetteer;
use std::fmt::Write;

#[test]
fn geocode_cases() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let input = std::fs::read_to_string(dir.join("geocode_cases.txt")).expect("cases file");
    let mut got = String::from(
        "# sentence_no\tsurface\tgazetteer_id\tkind\tlat\tlon\tadmin1\tprecision\tdirection\n",
    );
    for (n, line) in input
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .enumerate()
    {
        let mut d = Document::new(format!("case{n}"), line);
        Gazetteer::embedded().annotate(&mut d);
        d.validate().expect("valid spans");
        for p in &d.places {
            let f = |x: Option<f64>| x.map(|v| format!("{v:.3}")).unwrap_or_else(|| "-".into());
            let _ = writeln!(
                got,
                "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                n + 1,
                d.span_text(p.span),
                p.gazetteer_id.as_deref().unwrap_or("-"),
                p.kind,
                f(p.lat),
                f(p.lon),
                p.admin1.as_deref().unwrap_or("-"),
                p.geo_precision,
                p.direction.as_deref().unwrap_or("-")
            );
        }
    }
    let exp_path = dir.join("geocode_cases.expected.tsv");
    if std::env::var_os("RASD_BLESS").is_some() {
        std::fs::write(&exp_path, &got).expect("write expected");
        return;
    }
    let expected = std::fs::read_to_string(&exp_path).unwrap_or_default();
    assert_eq!(
        got, expected,
        "geocoding output changed; inspect and re-bless with RASD_BLESS=1"
    );
}
