//! The matching and counting.

use crate::gold::{gold_span, GoldArticle};
use rasd_doc::annotate::AnnotatedRecord;
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// True positives, false positives, false negatives.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Counts {
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        ratio(self.tp, self.tp + self.fp)
    }
    pub fn recall(&self) -> f64 {
        ratio(self.tp, self.tp + self.fn_)
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    fn add(&mut self, o: Counts) {
        self.tp += o.tp;
        self.fp += o.fp;
        self.fn_ += o.fn_;
    }
}

/// `a / b`, defined as 0 when `b == 0`.
pub fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// A correct/total pair for accuracies.
#[derive(Debug, Clone, Copy, Default, Serialize, PartialEq)]
pub struct Acc {
    pub correct: usize,
    pub total: usize,
}

impl Acc {
    pub fn value(&self) -> f64 {
        ratio(self.correct, self.total)
    }
    fn push(&mut self, ok: bool) {
        self.total += 1;
        self.correct += ok as usize;
    }
}

/// One miss, false positive or wrong value, with the sentence it comes from.
#[derive(Debug, Clone, Serialize)]
pub struct ErrorItem {
    pub article: String,
    pub layer: &'static str,
    /// `miss`, `false_positive`, `wrong_value`, `wrong_sub_event`, `wrong_fatalities`, `wrong_actor1`.
    pub kind: &'static str,
    pub text: String,
    pub detail: String,
    pub sentence: String,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct EvalResult {
    pub articles: usize,
    pub articles_without_prediction: usize,
    pub entities_span: Counts,
    pub entities_strict: Counts,
    pub places: Counts,
    pub geocoding: Acc,
    /// Geocoding judged by the kind of place (SCHEMA.md): a country by its ISO code, a
    /// governorate, district or region within 30 km, a settlement or facility within 10 km.
    pub geocoding_kind: Acc,
    pub dates_span: Counts,
    pub date_value: Acc,
    pub events: Counts,
    pub events_main: Counts,
    pub sub_event_type: Acc,
    pub fatalities: Acc,
    pub actor1: Acc,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<ErrorItem>,
}

struct Item<'a> {
    span: (usize, usize),
    text: &'a str,
    key: &'a str,
}

fn overlaps(a: (usize, usize), b: (usize, usize)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

fn squash(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Greedy matching of span items. `strict`: identical span (or identical text) and equal key;
/// otherwise overlap (or identical text). Returns for each gold the index of its matched prediction,
/// and the set of unmatched predictions that are not repeats of a matched/gold surface form.
fn match_spans(gold: &[Item], pred: &[Item], strict: bool) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut used = vec![false; pred.len()];
    let mut res = vec![None; gold.len()];
    for (gi, g) in gold.iter().enumerate() {
        let gt = squash(g.text);
        let cand = |p: &Item| {
            if strict {
                g.key == p.key && (p.span == g.span || squash(p.text) == gt)
            } else {
                overlaps(p.span, g.span) || squash(p.text) == gt
            }
        };
        // Prefer a positional match, then a same-text one.
        let pos = pred
            .iter()
            .enumerate()
            .find(|(pi, p)| {
                !used[*pi]
                    && (if strict {
                        p.span == g.span && p.key == g.key
                    } else {
                        overlaps(p.span, g.span)
                    })
            })
            .map(|(pi, _)| pi);
        let pick = pos.or_else(|| {
            pred.iter()
                .enumerate()
                .find(|(pi, p)| !used[*pi] && cand(p))
                .map(|(pi, _)| pi)
        });
        if let Some(pi) = pick {
            used[pi] = true;
            res[gi] = Some(pi);
        }
    }
    // Repeats of a surface form already accounted for are not false positives.
    // In strict mode the type is part of the surface form.
    let key_of = |it: &Item| {
        (
            squash(it.text),
            if strict {
                it.key.to_string()
            } else {
                String::new()
            },
        )
    };
    let mut seen: HashSet<(String, String)> = gold.iter().map(key_of).collect();
    for (pi, u) in used.iter().enumerate() {
        if *u {
            seen.insert(key_of(&pred[pi]));
        }
    }
    let mut fps = Vec::new();
    let mut fp_texts = HashSet::new();
    for (pi, p) in pred.iter().enumerate() {
        if used[pi] {
            continue;
        }
        let t = key_of(p);
        if seen.contains(&t) || !fp_texts.insert(t) {
            continue;
        }
        fps.push(pi);
    }
    (res, fps)
}

fn counts(res: &[Option<usize>], fps: &[usize]) -> Counts {
    let tp = res.iter().filter(|m| m.is_some()).count();
    Counts {
        tp,
        fp: fps.len(),
        fn_: res.len() - tp,
    }
}

/// Great-circle distance in km between (lat, lon) points.
pub fn haversine_km(a: (f64, f64), b: (f64, f64)) -> f64 {
    rasd_doc::geo::haversine_km(a, b)
}

/// Days since 1970-01-01 for `YYYY-MM-DD`, `YYYY-MM` (first day) or `YYYY` (1 January).
pub fn day_number(s: &str) -> Option<i64> {
    let s = s.split('/').next()?.trim();
    let mut it = s.get(..10.min(s.len()))?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next().map(|m| m.parse().ok()).unwrap_or(Some(1))?;
    let d: i64 = it.next().map(|d| d.parse().ok()).unwrap_or(Some(1))?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    Some(rasd_doc::calendar::days_from_civil(y, m as u32, d as u32))
}

/// Location names compared after lower-casing, dropping punctuation and Arabic-article prefixes.
pub fn norm_place_name(s: &str) -> String {
    let lower = s.to_lowercase();
    let words: Vec<String> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .filter(|w| {
            !matches!(
                *w,
                "al" | "el" | "as" | "ad" | "ar" | "at" | "az" | "an" | "ash" | "ath"
            )
        })
        .map(|w| w.to_string())
        .collect();
    words.join("")
}

fn norm_actor(s: &str) -> String {
    let base = match s.find('(') {
        Some(i) => &s[..i],
        None => s,
    };
    base.split(';').next().unwrap_or("").trim().to_lowercase()
}

/// The words of the first actor of a field, without parenthesised parts (years, countries) and
/// without an ACLED abbreviation prefix ("SDF: Syrian Democratic Forces").
fn actor_words(s: &str) -> Vec<String> {
    let first = s.split(';').next().unwrap_or("").trim();
    let first = match first.split_once(": ") {
        Some((abbr, rest))
            if !abbr.is_empty() && abbr.chars().all(|c| c.is_ascii_uppercase() || c == '-') =>
        {
            rest
        }
        _ => first,
    };
    let mut out = String::new();
    let mut depth = 0usize;
    for c in first.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out.split_whitespace().map(|w| w.to_lowercase()).collect()
}

/// Two actor names agree when equal after normalisation, or when one is the other shortened
/// (SCHEMA.md: "Military Forces of Russia (2000-)" may be "Military Forces of Russia"): all
/// words of the shorter one, at least two, occur in order in the longer one.
fn actors_match(gold: &str, pred: &str) -> bool {
    if norm_actor(gold) == norm_actor(pred) {
        return true;
    }
    let (g, p) = (actor_words(gold), actor_words(pred));
    let (short, long) = if g.len() <= p.len() {
        (&g, &p)
    } else {
        (&p, &g)
    };
    if short.len() < 2 {
        return !short.is_empty() && short == long;
    }
    let mut it = long.iter();
    short.iter().all(|w| it.any(|x| x == w))
}

/// The sentence around a char span (for error listings).
fn sentence_of(chars: &[char], span: (usize, usize)) -> String {
    let is_end = |c: char| matches!(c, '.' | '!' | '?' | '؟' | '\n');
    let mut s = span.0.min(chars.len());
    while s > 0 && !is_end(chars[s - 1]) {
        s -= 1;
    }
    let mut e = span.1.min(chars.len());
    while e < chars.len() && !is_end(chars[e]) {
        e += 1;
    }
    let e = (e + 1).min(chars.len());
    chars[s..e].iter().collect::<String>().trim().to_string()
}

/// Score predictions against gold. Predictions are looked up by article id.
pub fn score(gold: &[GoldArticle], preds: &[AnnotatedRecord], with_errors: bool) -> EvalResult {
    let by_id: HashMap<&str, &AnnotatedRecord> = preds.iter().map(|p| (p.id.as_str(), p)).collect();
    let empty = AnnotatedRecord::default();
    let mut r = EvalResult {
        articles: gold.len(),
        ..Default::default()
    };
    for g in gold {
        let pred = match by_id.get(g.id.as_str()) {
            Some(p) => *p,
            None => {
                r.articles_without_prediction += 1;
                &empty
            }
        };
        score_article(g, pred, &mut r, with_errors);
    }
    r
}

fn score_article(g: &GoldArticle, p: &AnnotatedRecord, r: &mut EvalResult, with_errors: bool) {
    let chars: Vec<char> = g.text.chars().collect();
    let mut errs: Vec<ErrorItem> = Vec::new();
    let mut err = |layer: &'static str,
                   kind: &'static str,
                   text: String,
                   detail: String,
                   span: (usize, usize)| {
        if with_errors {
            let sentence = if span == (0, 0) {
                String::new()
            } else {
                sentence_of(&chars, span)
            };
            errs.push(ErrorItem {
                article: g.id.clone(),
                layer,
                kind,
                text,
                detail,
                sentence,
            });
        }
    };

    // ---- entities
    let ge: Vec<(Item, usize)> = g
        .gold
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            gold_span(&g.text, &e.text, e.start, e.end).map(|span| {
                (
                    Item {
                        span,
                        text: &e.text,
                        key: &e.etype,
                    },
                    i,
                )
            })
        })
        .collect();
    let ge: Vec<Item> = ge.into_iter().map(|(it, _)| it).collect();
    let pe: Vec<Item> = p
        .entities
        .iter()
        .map(|e| Item {
            span: (e.start, e.end),
            text: &e.text,
            key: &e.etype,
        })
        .collect();
    let (res, fps) = match_spans(&ge, &pe, false);
    r.entities_span.add(counts(&res, &fps));
    let (res_s, fps_s) = match_spans(&ge, &pe, true);
    r.entities_strict.add(counts(&res_s, &fps_s));
    for (gi, m) in res_s.iter().enumerate() {
        if m.is_none() {
            let near = res[gi]
                .map(|pi| format!(" (predicted {} {:?})", pe[pi].key, pe[pi].text))
                .unwrap_or_default();
            err(
                "entities",
                "miss",
                ge[gi].text.to_string(),
                format!("{}{near}", ge[gi].key),
                ge[gi].span,
            );
        }
    }
    for &pi in &fps_s {
        err(
            "entities",
            "false_positive",
            pe[pi].text.to_string(),
            pe[pi].key.to_string(),
            pe[pi].span,
        );
    }

    // ---- places + geocoding
    let gp: Vec<(Item, &crate::GoldPlace)> = g
        .gold
        .places
        .iter()
        .filter_map(|pl| {
            gold_span(&g.text, &pl.text, pl.start, pl.end).map(|span| {
                (
                    Item {
                        span,
                        text: &pl.text,
                        key: "",
                    },
                    pl,
                )
            })
        })
        .collect();
    let gpi: Vec<Item> = gp
        .iter()
        .map(|(it, _)| Item {
            span: it.span,
            text: it.text,
            key: "",
        })
        .collect();
    let pp: Vec<Item> = p
        .places
        .iter()
        .map(|x| Item {
            span: (x.start, x.end),
            text: &x.text,
            key: "",
        })
        .collect();
    let (res, fps) = match_spans(&gpi, &pp, false);
    r.places.add(counts(&res, &fps));
    for (gi, m) in res.iter().enumerate() {
        let (it, gpl) = &gp[gi];
        if m.is_none() {
            err(
                "places",
                "miss",
                it.text.to_string(),
                gpl.name_en.clone().unwrap_or_default(),
                it.span,
            );
        }
        let geocodable = matches!(
            gpl.coord_confidence.as_deref(),
            Some("exact") | Some("approx")
        );
        if let (true, Some(lat), Some(lon)) = (geocodable, gpl.lat, gpl.lon) {
            let ok = m
                .and_then(|pi| {
                    let pl = &p.places[pi];
                    Some(haversine_km((lat, lon), (pl.lat?, pl.lon?)))
                })
                .map(|km| km <= 10.0);
            r.geocoding.push(ok == Some(true));
            let kind_ok = m.is_some_and(|pi| {
                let pl = &p.places[pi];
                let km = match (pl.lat, pl.lon) {
                    (Some(a), Some(b)) => Some(haversine_km((lat, lon), (a, b))),
                    _ => None,
                };
                match gpl.kind.as_deref().unwrap_or("") {
                    "country" => gpl.country.is_some() && gpl.country == pl.country,
                    "governorate" | "district" | "subdistrict" | "region" => {
                        km.is_some_and(|k| k <= 30.0)
                    }
                    _ => km.is_some_and(|k| k <= 10.0),
                }
            });
            r.geocoding_kind.push(kind_ok);
            if m.is_some() && ok != Some(true) {
                let pl = &p.places[m.unwrap_or(0)];
                let detail = match (pl.lat, pl.lon) {
                    (Some(a), Some(b)) => format!(
                        "gold {} ({lat:.3},{lon:.3}); predicted {:?} ({a:.3},{b:.3}) {:.0} km away",
                        gpl.name_en.as_deref().unwrap_or(""),
                        pl.name.as_deref().unwrap_or(""),
                        haversine_km((lat, lon), (a, b))
                    ),
                    _ => format!(
                        "gold {} ({lat:.3},{lon:.3}); predicted no coordinates",
                        gpl.name_en.as_deref().unwrap_or("")
                    ),
                };
                err(
                    "geocoding",
                    "wrong_value",
                    it.text.to_string(),
                    detail,
                    it.span,
                );
            }
        }
    }
    for &pi in &fps {
        err(
            "places",
            "false_positive",
            pp[pi].text.to_string(),
            p.places[pi].name.clone().unwrap_or_default(),
            pp[pi].span,
        );
    }

    // ---- dates
    let gd: Vec<(Item, &crate::GoldDate)> = g
        .gold
        .dates
        .iter()
        .filter_map(|d| {
            gold_span(&g.text, &d.text, d.start, d.end).map(|span| {
                (
                    Item {
                        span,
                        text: &d.text,
                        key: "",
                    },
                    d,
                )
            })
        })
        .collect();
    let gdi: Vec<Item> = gd
        .iter()
        .map(|(it, _)| Item {
            span: it.span,
            text: it.text,
            key: "",
        })
        .collect();
    let pd: Vec<Item> = p
        .dates
        .iter()
        .map(|x| Item {
            span: (x.start, x.end),
            text: &x.text,
            key: "",
        })
        .collect();
    let (res, fps) = match_spans(&gdi, &pd, false);
    r.dates_span.add(counts(&res, &fps));
    for (gi, m) in res.iter().enumerate() {
        let (it, gdate) = &gd[gi];
        match m {
            None => err(
                "dates",
                "miss",
                it.text.to_string(),
                format!("{} ({})", gdate.value, gdate.precision),
                it.span,
            ),
            Some(pi) => {
                let ok = p.dates[*pi].value == gdate.value;
                r.date_value.push(ok);
                if !ok {
                    err(
                        "dates",
                        "wrong_value",
                        it.text.to_string(),
                        format!(
                            "gold {} ({}); predicted {} for {:?}",
                            gdate.value, gdate.precision, p.dates[*pi].value, p.dates[*pi].text
                        ),
                        it.span,
                    );
                }
            }
        }
    }
    for &pi in &fps {
        err(
            "dates",
            "false_positive",
            pd[pi].text.to_string(),
            p.dates[pi].value.clone(),
            pd[pi].span,
        );
    }

    // ---- events
    let mut cands: Vec<(f64, usize, usize)> = Vec::new();
    for (gi, ge) in g.gold.events.iter().enumerate() {
        for (pi, pe) in p.events.iter().enumerate() {
            if ge.event_type != pe.event_type {
                continue;
            }
            let (gd, pd) = (
                ge.date.as_deref().and_then(day_number),
                pe.date.as_deref().and_then(day_number),
            );
            let date_ok = match (gd, pd) {
                (Some(a), Some(b)) => {
                    let diff = (a - b).abs();
                    diff <= 1
                        || match ge.time_precision {
                            Some(3) => {
                                ge.date.as_deref().and_then(|d| d.get(..7))
                                    == pe.date.as_deref().and_then(|d| d.get(..7))
                            }
                            Some(2) => diff <= 7,
                            _ => false,
                        }
                }
                // A gold event that its annotators could not date from the text and the
                // publication date (an undated excerpt) is matched on type and place only.
                (None, _) => ge.date.is_none(),
                _ => false,
            };
            if !date_ok {
                continue;
            }
            let name_ok = match (&ge.location, &pe.location) {
                (Some(a), Some(b)) => !a.is_empty() && norm_place_name(a) == norm_place_name(b),
                _ => false,
            };
            let km = match (ge.lat, ge.lon, pe.lat, pe.lon) {
                (Some(a), Some(b), Some(c), Some(d)) => Some(haversine_km((a, b), (c, d))),
                _ => None,
            };
            if !(name_ok || km.is_some_and(|k| k <= 10.0)) {
                continue;
            }
            let dd = match (gd, pd) {
                (Some(a), Some(b)) => (a - b).abs() as f64,
                _ => 9.0,
            };
            let sub = if ge.sub_event_type == pe.sub_event_type {
                0.0
            } else {
                0.5
            };
            cands.push((dd + km.unwrap_or(0.0) / 100.0 + sub, gi, pi));
        }
    }
    cands.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
    let mut gm = vec![None; g.gold.events.len()];
    let mut pm = vec![None; p.events.len()];
    for (_, gi, pi) in cands {
        if gm[gi].is_none() && pm[pi].is_none() {
            gm[gi] = Some(pi);
            pm[pi] = Some(gi);
        }
    }
    let is_main = |s: &Option<String>| s.as_deref() != Some("background");
    let mut c = Counts::default();
    let mut cm = Counts::default();
    let ev_span = |e: &crate::GoldEvent| {
        e.evidence
            .as_deref()
            .and_then(|t| gold_span(&g.text, t, None, None))
            .unwrap_or((0, 0))
    };
    for (gi, ge) in g.gold.events.iter().enumerate() {
        let main = is_main(&ge.salience);
        match gm[gi] {
            Some(pi) => {
                c.tp += 1;
                if main {
                    cm.tp += 1;
                }
                let pe = &p.events[pi];
                r.sub_event_type
                    .push(pe.sub_event_type == ge.sub_event_type);
                if pe.sub_event_type != ge.sub_event_type {
                    err(
                        "events",
                        "wrong_sub_event",
                        ge.event_type.clone(),
                        format!(
                            "gold {}; predicted {}",
                            ge.sub_event_type, pe.sub_event_type
                        ),
                        ev_span(ge),
                    );
                }
                if let Some(gf) = ge.fatalities {
                    r.fatalities.push(pe.fatalities == Some(gf));
                    if pe.fatalities != Some(gf) {
                        err(
                            "events",
                            "wrong_fatalities",
                            ge.event_type.clone(),
                            format!("gold {gf}; predicted {:?}", pe.fatalities),
                            ev_span(ge),
                        );
                    }
                }
                if let Some(ga) = ge.actor1.as_deref().filter(|a| !a.is_empty()) {
                    let ok = pe.actor1.as_deref().is_some_and(|pa| actors_match(ga, pa));
                    r.actor1.push(ok);
                    if !ok {
                        err(
                            "events",
                            "wrong_actor1",
                            ge.event_type.clone(),
                            format!("gold {ga}; predicted {:?}", pe.actor1),
                            ev_span(ge),
                        );
                    }
                }
            }
            None => {
                c.fn_ += 1;
                if main {
                    cm.fn_ += 1;
                }
                err(
                    "events",
                    "miss",
                    format!("{} / {}", ge.event_type, ge.sub_event_type),
                    format!(
                        "{} {} at {} ({})",
                        ge.date.as_deref().unwrap_or("?"),
                        ge.salience.as_deref().unwrap_or("main"),
                        ge.location.as_deref().unwrap_or("?"),
                        ge.actor1.as_deref().unwrap_or("")
                    ),
                    ev_span(ge),
                );
            }
        }
    }
    for (pi, pe) in p.events.iter().enumerate() {
        if pm[pi].is_none() {
            c.fp += 1;
            if is_main(&pe.salience) {
                cm.fp += 1;
            }
            let span = pe
                .evidence
                .as_ref()
                .map(|e| (e.start, e.end))
                .unwrap_or((0, 0));
            err(
                "events",
                "false_positive",
                format!("{} / {}", pe.event_type, pe.sub_event_type),
                format!(
                    "{} at {}",
                    pe.date.as_deref().unwrap_or("?"),
                    pe.location.as_deref().unwrap_or("?")
                ),
                span,
            );
        }
    }
    r.events.add(c);
    r.events_main.add(cm);
    r.errors.extend(errs);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actor_names_match_when_shortened() {
        assert!(actors_match(
            "Syrian Democratic Forces",
            "SDF: Syrian Democratic Forces"
        ));
        assert!(actors_match(
            "Libyan National Army",
            "Military Forces of Libya (2014-) Libyan National Army"
        ));
        assert!(actors_match(
            "Military Forces of Syria",
            "Military Forces of Syria (2024-)"
        ));
        assert!(actors_match("Islamic State", "Islamic State (Syria)"));
        assert!(!actors_match(
            "Military Forces of Syria",
            "Military Forces of Turkey"
        ));
        assert!(!actors_match(
            "Syrian National Army",
            "Military Forces of Turkey"
        ));
        assert!(!actors_match("Hezbollah", "Military Forces of Israel"));
    }

    #[test]
    fn days() {
        assert_eq!(day_number("1970-01-01"), Some(0));
        assert_eq!(
            day_number("2020-03-01").unwrap() - day_number("2020-02-28").unwrap(),
            2
        );
        assert_eq!(day_number("2020-03"), day_number("2020-03-01"));
        assert_eq!(
            day_number("2020-08-24/2020-08-30"),
            day_number("2020-08-24")
        );
        assert_eq!(day_number("x"), None);
    }

    #[test]
    fn names() {
        assert_eq!(norm_place_name("Al-Bara"), norm_place_name("Bara"));
        assert_eq!(
            norm_place_name("Jisr al-Shughur"),
            norm_place_name("jisr shughur")
        );
        assert!(haversine_km((35.81, 36.61), (35.81, 36.61)) < 1e-9);
        assert!((haversine_km((0.0, 0.0), (0.0, 1.0)) - 111.19).abs() < 0.1);
    }
}
