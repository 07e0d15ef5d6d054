//! Data-driven tests: `tests/cases.tsv` (text, published, span, value, precision).
//! Refresh the expected columns with `RASD_BLESS=1 cargo test -p rasd-time --test cases`.

use std::fmt::Write;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/cases.tsv");

fn actual(text: &str, published: &str) -> (String, String, String) {
    let p = rasd_time::parse_ymd(published);
    match rasd_time::resolve(text, p).into_iter().next() {
        Some(d) => (
            text[d.span.range()].to_string(),
            d.value,
            d.precision.as_str().to_string(),
        ),
        None => ("-".into(), "-".into(), "-".into()),
    }
}

#[test]
fn cases_tsv() {
    let src = std::fs::read_to_string(PATH).expect("tests/cases.tsv is readable");
    let bless = std::env::var_os("RASD_BLESS").is_some();
    let mut out = String::new();
    let mut failures = Vec::new();
    let mut n = 0;
    for (no, line) in src.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert!(cols.len() >= 5, "cases.tsv:{}: expected 5 columns", no + 1);
        n += 1;
        let (span, value, prec) = actual(cols[0], cols[1]);
        if (span.as_str(), value.as_str(), prec.as_str()) != (cols[2], cols[3], cols[4]) {
            failures.push(format!(
                "cases.tsv:{}: {}\n   expected {} | {} | {}\n   got      {} | {} | {}",
                no + 1,
                cols[0],
                cols[2],
                cols[3],
                cols[4],
                span,
                value,
                prec
            ));
        }
        let _ = writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            cols[0], cols[1], span, value, prec
        );
    }
    if bless {
        std::fs::write(PATH, out).expect("write cases.tsv");
        return;
    }
    assert!(n > 50);
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
