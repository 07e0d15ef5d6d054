//! Human-readable output of an evaluation.

use crate::metrics::{Acc, Counts, EvalResult};
use std::fmt::Write;

fn prf(out: &mut String, name: &str, c: &Counts) {
    let _ = writeln!(
        out,
        "{name:<28} {:>6.3} {:>6.3} {:>6.3}   tp={} fp={} fn={}",
        c.precision(),
        c.recall(),
        c.f1(),
        c.tp,
        c.fp,
        c.fn_
    );
}

fn acc(out: &mut String, name: &str, a: &Acc) {
    let _ = writeln!(
        out,
        "{name:<28} {:>27.3}   {}/{}",
        a.value(),
        a.correct,
        a.total
    );
}

/// The table printed by `rasd eval`.
pub fn render_table(r: &EvalResult) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "articles: {} (without prediction: {})",
        r.articles, r.articles_without_prediction
    );
    let _ = writeln!(out, "{:<28} {:>6} {:>6} {:>6}", "layer", "P", "R", "F1");
    prf(&mut out, "entities (span)", &r.entities_span);
    prf(&mut out, "entities (span+type)", &r.entities_strict);
    prf(&mut out, "places (span)", &r.places);
    acc(&mut out, "geocoding (≤10 km)", &r.geocoding);
    acc(&mut out, "geocoding (by kind)", &r.geocoding_kind);
    prf(&mut out, "dates (span)", &r.dates_span);
    acc(&mut out, "date value accuracy", &r.date_value);
    prf(&mut out, "events (all)", &r.events);
    prf(&mut out, "events (salience main)", &r.events_main);
    acc(&mut out, "sub-event-type accuracy", &r.sub_event_type);
    acc(&mut out, "fatalities accuracy", &r.fatalities);
    acc(&mut out, "actor1 accuracy", &r.actor1);
    out
}

/// One block per error, grouped by layer and kind.
pub fn render_errors(r: &EvalResult) -> String {
    let mut errs: Vec<_> = r.errors.iter().collect();
    errs.sort_by(|a, b| (a.layer, a.kind, &a.article).cmp(&(b.layer, b.kind, &b.article)));
    let mut out = String::new();
    let mut last = ("", "");
    for e in errs {
        if (e.layer, e.kind) != last {
            let n = r
                .errors
                .iter()
                .filter(|x| x.layer == e.layer && x.kind == e.kind)
                .count();
            let _ = writeln!(out, "\n== {} / {} ({n})", e.layer, e.kind);
            last = (e.layer, e.kind);
        }
        let _ = writeln!(
            out,
            "[{}] {:?} — {}\n    » {}",
            e.article, e.text, e.detail, e.sentence
        );
    }
    out
}
