//! Arabic time expressions resolved against the publication date.
//!
//! [`tag_dates`] finds expressions such as «يوم الجمعة قبل الفائت 28 آب الماضي»,
//! «مطلع شهر آذار الماضي», «الأسبوع الفائت», «5/3/2020», «15 رمضان 1441 هـ» or
//! «الساعة 8.30 صباحاً» in a [`Document`]'s text and writes one
//! [`DateAnn`] per expression into `doc.dates`, with a value in one of the
//! formats `YYYY-MM-DD`, `YYYY-MM`, `YYYY` or `YYYY-MM-DD/YYYY-MM-DD`.
//!
//! How it works: the text is folded with [`rasd_arabic::normalize`] (hamza,
//! diacritics, taa marbuta, Arabic-Indic digits) keeping a map to original
//! offsets, tokenized, and every word is looked up once in a hash lexicon
//! loaded from `data/time/lexicon.tsv` (+ `$RASD_DATA/time/lexicon.tsv`).
//! A small hand-written grammar ([`grammar`]) joins pieces into expressions
//! and resolves them with the arithmetic in [`calendar`]. See README.md for the
//! resolution conventions (Mon–Sun weeks, "most recent month not after
//! publication", …).
//!
//! Invariants: never panics on any input; every span is a valid char range of
//! the original text; without a publication date only absolute expressions are
//! resolved (relative ones are skipped with one warning). This crate knows
//! nothing about places, events or storage.

pub mod calendar;
pub mod grammar;
pub mod lexicon;
mod tokens;

use rasd_doc::{DateAnn, DatePrecision, Document, Span};

/// A Gregorian date as (year, month, day).
pub type Ymd = (i32, u32, u32);

/// Parse `YYYY-MM-DD` (anything after the first 10 chars is ignored).
pub fn parse_ymd(s: &str) -> Option<(i32, u32, u32)> {
    let d = s.get(..10)?;
    let b = d.as_bytes();
    if b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y: i32 = d.get(0..4)?.parse().ok()?;
    let m: u32 = d.get(5..7)?.parse().ok()?;
    let dd: u32 = d.get(8..10)?.parse().ok()?;
    calendar::valid_date(y, m, dd).then_some((y, m, dd))
}

/// Result of [`resolve_full`]: annotations plus warnings.
#[derive(Debug, Default)]
pub struct Resolved {
    pub dates: Vec<DateAnn>,
    pub warnings: Vec<String>,
}

/// Find and resolve time expressions in `text` (spans are byte ranges of `text`).
pub fn resolve(text: &str, published: Option<(i32, u32, u32)>) -> Vec<DateAnn> {
    resolve_full(text, published).dates
}

/// Like [`resolve`], also returning warnings.
pub fn resolve_full(text: &str, published: Option<(i32, u32, u32)>) -> Resolved {
    let lex = lexicon::lexicon();
    let mut out = Resolved::default();
    for p in &lex.problems {
        out.warnings.push(format!("time lexicon: {p}"));
    }
    let pubd = published
        .filter(|&(y, m, d)| calendar::valid_date(y, m, d))
        .map(|(y, m, d)| calendar::days_from_civil(y, m, d));
    let norm = rasd_arabic::normalize(text);
    let mut toks = Vec::new();
    tokens::tokenize(&norm.text, &mut toks);
    let mut lks = Vec::new();
    grammar::lookups(lex, &norm.text, &toks, &mut lks);
    let mut parser = grammar::Parser {
        orig: text,
        norm: &norm,
        text: &norm.text,
        toks: &toks,
        lk: &lks,
        pubd,
        ctx: Default::default(),
        skipped_no_pub: 0,
    };
    let mut i = 0;
    while i < toks.len() {
        match parser.expr(i) {
            Some((found, next)) => {
                if let Some(f) = found {
                    let (a, b) = norm.to_original(f.s as usize, f.e as usize);
                    if a < b && text.is_char_boundary(a) && text.is_char_boundary(b) {
                        let (value, precision) = fmt_val(f.val);
                        out.dates.push(DateAnn {
                            span: Span::new(a, b),
                            value,
                            precision,
                            time: f.time,
                            future: f.future,
                            rule: f.rule,
                        });
                    }
                }
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    if parser.skipped_no_pub > 0 {
        out.warnings.push(format!(
            "time: {} relative date expression(s) skipped because the publication date is unknown",
            parser.skipped_no_pub
        ));
    }
    out
}

fn fmt_val(v: grammar::Val) -> (String, DatePrecision) {
    use grammar::Val;
    match v {
        Val::Day(z) => (calendar::fmt_day(z), DatePrecision::Day),
        Val::Range(a, b) if a == b => (calendar::fmt_day(a), DatePrecision::Day),
        Val::Range(a, b) => (
            calendar::fmt_range(a.min(b), a.max(b)),
            DatePrecision::Range,
        ),
        Val::Month(y, m) => (format!("{y:04}-{m:02}"), DatePrecision::Month),
        Val::Year(y) => (format!("{y:04}"), DatePrecision::Year),
    }
}

/// Tag `doc.dates` from `doc.text`, resolving against `doc.meta.published`.
/// Replaces any existing date annotations.
pub fn tag_dates(doc: &mut Document) {
    let published = match doc.published_date() {
        Some(p) => {
            let r = parse_ymd(p);
            if r.is_none() {
                doc.warnings.push(format!(
                    "time: publication date {p:?} is not a valid calendar date"
                ));
            }
            r
        }
        None => {
            if let Some(p) = doc.meta.published.as_deref() {
                doc.warnings.push(format!(
                    "time: publication date {p:?} does not start with YYYY-MM-DD"
                ));
            }
            None
        }
    };
    let r = resolve_full(&doc.text, published);
    doc.dates = r.dates;
    doc.warnings.extend(r.warnings);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str, p: (i32, u32, u32)) -> Vec<(String, String, String)> {
        resolve(text, Some(p))
            .into_iter()
            .map(|d| {
                (
                    text[d.span.range()].to_string(),
                    d.value,
                    d.precision.as_str().to_string(),
                )
            })
            .collect()
    }

    #[test]
    fn composite_expression_is_one_span() {
        let r = one(
            "وقع ذلك يوم الجمعة قبل الفائت 28 آب الماضي، حسب المصدر.",
            (2020, 9, 5),
        );
        assert_eq!(
            r,
            vec![(
                "يوم الجمعة قبل الفائت 28 آب الماضي".into(),
                "2020-08-28".into(),
                "day".into()
            )]
        );
    }

    #[test]
    fn no_publication_date() {
        let r = resolve_full("قصف أمس ثم في 5 آذار 2019", None);
        assert_eq!(r.dates.len(), 1);
        assert_eq!(r.dates[0].value, "2019-03-05");
        assert_eq!(r.warnings.len(), 1);
    }

    #[test]
    fn tag_dates_on_document() {
        let mut d = Document::new("x", "قُتل مدنيان أمسِ (الإثنين) في القصف.");
        d.meta.published = Some("2020-04-14T10:00".into());
        tag_dates(&mut d);
        d.validate().unwrap();
        assert_eq!(d.dates.len(), 1);
        assert_eq!(d.span_text(d.dates[0].span), "أمسِ (الإثنين)");
        assert_eq!(d.dates[0].value, "2020-04-13");
    }
}

#[cfg(test)]
mod anaphora_tests {
    use super::*;

    fn values(text: &str, p: (i32, u32, u32)) -> Vec<String> {
        resolve(text, Some(p))
            .into_iter()
            .map(|d| d.value)
            .collect()
    }

    #[test]
    fn same_month_and_next_year() {
        assert_eq!(
            values(
                "بدأ الاتفاق في آذار الماضي وسيرت أول دورية في 15 من الشهر ذاته.",
                (2020, 4, 28)
            ),
            vec!["2020-03", "2020-03-15"]
        );
        assert_eq!(
            values(
                "اندلعت الحرب عام 2014، وتدخل التحالف في العام التالي.",
                (2021, 10, 22)
            ),
            vec!["2014", "2015"]
        );
        assert_eq!(
            values(
                "قصف القرية في 3 أيار 2019، وفي اليوم التالي نزح السكان.",
                (2021, 10, 22)
            ),
            vec!["2019-05-03", "2019-05-04"]
        );
        // Nothing to refer to: skipped.
        assert!(values("وفي العام التالي انسحبت القوات.", (2021, 10, 22)).is_empty());
    }

    #[test]
    fn time_attached() {
        let r = resolve(
            "سقطت قذيفة الساعة 10:15 مساء أمس على الحي.",
            Some((2020, 9, 5)),
        );
        assert_eq!(r.len(), 1);
        assert_eq!(r[0].value, "2020-09-04");
        assert_eq!(r[0].time.as_deref(), Some("22:15"));
        let r = resolve("قصف صباح اليوم", Some((2020, 9, 5)));
        assert_eq!(r[0].time, None);
        let r = resolve(
            "وقع الانفجار الساعة الثامنة والنصف صباحا من يوم الجمعة المقبل",
            Some((2020, 9, 5)),
        );
        assert_eq!(r[0].time.as_deref(), Some("08:30"));
        assert!(r[0].future);
        assert_eq!(r[0].value, "2020-09-11");
    }
}

#[cfg(test)]
mod year_anaphora_tests {
    use super::*;

    #[test]
    fn month_of_same_year() {
        let v: Vec<String> = resolve(
            "بدأت المعركة في 20 كانون الثاني/يناير 2018 وانتهت في 18 آذار من العام نفسه.",
            Some((2020, 9, 5)),
        )
        .into_iter()
        .map(|d| d.value)
        .collect();
        assert_eq!(v, vec!["2018-01-20", "2018-03-18"]);
        let v: Vec<String> = resolve(
            "قصفت البلدة في 3 أيار 2019، وفي ذات اليوم نزح السكان خلال عامي 2018 و2019.",
            Some((2020, 9, 5)),
        )
        .into_iter()
        .map(|d| d.value)
        .collect();
        assert_eq!(v, vec!["2019-05-03", "2019-05-03", "2018", "2019"]);
    }
}
