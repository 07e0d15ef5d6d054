//! Backend-independent parts of the merge decision and of the event row, used by the SQLite
//! store (`store.rs`) and the PostgreSQL store (`pg`): which candidate reports survive the
//! screen, which scored event a report joins and why, and how an event row is built from its
//! reports. The scoring itself is [`crate::dedup::score`].

use crate::api::{EventSource, StoreError, StoredEvent};
use crate::dedup::{self, ReportKey, MERGE_THRESHOLD};
use rasd_doc::{CharIndex, Document, EventAnn};
use std::collections::BTreeSet;

/// A candidate report as the screen sees it (the columns of a covering index).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub rid: i64,
    pub event: Option<i64>,
    pub article_seq: i64,
    pub day: Option<i64>,
    pub tp: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// The candidate's geo precision when the query knows it; else the widest (3).
    pub gp: i64,
}

/// What the screen decides about one candidate.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Screen {
    /// Not a possible match.
    Skip,
    /// The candidate's event holds a report of the same article: that event is excluded.
    Exclude(i64),
    /// Score this report.
    Keep(i64),
}

/// Screen a candidate for `key`: same report, same article, date tolerance, merge distance.
pub(crate) fn screen(key: &ReportKey, c: &Candidate) -> Screen {
    let Some(e) = c.event else {
        return Screen::Skip;
    };
    if c.rid == key.rid {
        return Screen::Skip;
    }
    if c.article_seq == key.article_seq {
        return Screen::Exclude(e);
    }
    let (Some(day), Some(d)) = (key.day, c.day) else {
        return Screen::Skip;
    };
    if (d - day).abs() > dedup::date_tolerance(c.tp.max(key.tp)) {
        return Screen::Skip;
    }
    if let (Some(a), Some(b), Some(la), Some(lo)) = (key.lat, key.lon, c.lat, c.lon) {
        if crate::geo::haversine_km(a, b, la, lo) > dedup::max_merge_km(key.gp, c.gp) {
            return Screen::Skip;
        }
    }
    Screen::Keep(c.rid)
}

/// The (min tp, days) windows of the candidate queries for a report of precision `tp`.
/// Reports of precision ≤ 2 can only match within 2 days (`dedup::date_tolerance`); only
/// month-precision reports need the full ±7 days.
pub(crate) fn day_windows(tp: i64) -> &'static [(i64, i64)] {
    const WIDE: &[(i64, i64)] = &[(0, 7)];
    const BOTH: &[(i64, i64)] = &[(0, 2), (3, 7)];
    debug_assert_eq!(dedup::date_tolerance(3), 7);
    debug_assert_eq!(dedup::date_tolerance(2), 2);
    if tp >= 3 {
        WIDE
    } else {
        BOTH
    }
}

/// (min day, max day, max tp) of an event's reports.
pub(crate) type DaySpan = (Option<i64>, Option<i64>, Option<i64>);
/// (lat, lon, gp) of one report.
pub(crate) type Point = (Option<f64>, Option<f64>, i64);

/// Checks the chooser needs from the database about one event.
pub(crate) trait EventChecks {
    /// (min day, max day, max tp) of the event's reports.
    fn day_span(&mut self, e: i64) -> Result<DaySpan, StoreError>;
    /// (lat, lon, gp) of the event's reports of precision ≤ 2.
    fn fine_points(&mut self, e: i64) -> Result<Vec<Point>, StoreError>;
    /// Whether the event holds a report of article `article_seq`.
    fn has_article(&mut self, e: i64, article_seq: i64) -> Result<bool, StoreError>;
}

/// Whether adding `key` keeps the event's reports within twice the date tolerance.
fn span_ok(db: &mut dyn EventChecks, e: i64, key: &ReportKey) -> Result<bool, StoreError> {
    let Some(day) = key.day else { return Ok(true) };
    let (lo, hi, tp) = db.day_span(e)?;
    let (lo, hi) = (lo.unwrap_or(day).min(day), hi.unwrap_or(day).max(day));
    Ok(hi - lo <= 2 * dedup::date_tolerance(tp.unwrap_or(1).max(key.tp)))
}

/// Whether `key` is a possible site of every located report of the event at their precisions:
/// a governorate-level report may join two town-level ones, but it must not chain two towns
/// that are too far apart to be one site into one event.
fn place_ok(db: &mut dyn EventChecks, e: i64, key: &ReportKey) -> Result<bool, StoreError> {
    let (Some(la), Some(lo)) = (key.lat, key.lon) else {
        return Ok(true);
    };
    if key.gp >= 3 {
        return Ok(true);
    }
    for (a, b, gp) in db.fine_points(e)? {
        if let (Some(a), Some(b)) = (a, b) {
            if crate::geo::haversine_km(la, lo, a, b) > dedup::max_merge_km(key.gp, gp) {
                return Ok(false);
            }
        }
    }
    Ok(true)
}

/// Score the screened candidates and pick the event `key` joins, with the merge reason.
/// Best event: highest pair score ≥ threshold; ties go to the older event (deterministic).
/// Events in `excluded` (holding a report of this article) are skipped; so are events the
/// report would stretch over more days than their precision allows, or whose located reports
/// it cannot be a site of. Every event scored as a match is added to `near`.
pub(crate) fn choose(
    db: &mut dyn EventChecks,
    key: &ReportKey,
    cands: &[ReportKey],
    mut excluded: BTreeSet<i64>,
    near: &mut BTreeSet<i64>,
) -> Result<Option<(i64, String)>, StoreError> {
    let mut scored: Vec<(f64, i64, &ReportKey, String)> = Vec::new();
    for c in cands {
        let Some(e) = c.event_seq else { continue };
        if let Some((s, why)) = dedup::score(key, c) {
            if s >= MERGE_THRESHOLD {
                scored.push((s, e, c, why));
            }
        }
    }
    // Stable: among equal (score, event) the earliest report explains the merge.
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    near.extend(scored.iter().map(|x| x.1));
    let mut best: Option<(i64, String)> = None;
    for (s, e, c, why) in scored {
        if excluded.contains(&e) {
            continue;
        }
        if !span_ok(db, e, key)? || !place_ok(db, e, key)? {
            excluded.insert(e);
            continue;
        }
        let reason = format!(
            "matched {} (article {}{}): {why}; score {s:.2}",
            format_args!("report {}", c.rid),
            c.article_id,
            c.outlet
                .as_deref()
                .map(|o| format!(", {o}"))
                .unwrap_or_default()
        );
        best = Some((e, reason));
        break;
    }
    if let Some((e, _)) = &best {
        if excluded.contains(e) || db.has_article(*e, key.article_seq)? {
            best = None;
        }
    }
    Ok(best)
}

/// Split stored evidence terms (space-separated).
pub(crate) fn split_terms(terms: &str) -> Vec<String> {
    terms
        .split(' ')
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// One stored report, as an event row is built from it.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReportRow {
    pub article_id: String,
    pub url: Option<String>,
    pub outlet: Option<String>,
    pub published: Option<String>,
    pub evidence: String,
    pub ev_start: i64,
    pub ev_end: i64,
    pub ann: String,
    pub merge_reason: Option<String>,
    pub place_ar: Option<String>,
    pub terms: String,
}

/// An event row built from its reports: the event, its denormalised filter columns and the
/// evidence terms.
#[derive(Debug, Clone)]
pub(crate) struct EventRow {
    pub ev: StoredEvent,
    /// `|actor|…|`, lower-case.
    pub actors: String,
    /// `|place|…|`, lower-case (English names and the Arabic forms reported).
    pub places: String,
    /// `|outlet|…|`, lower-case.
    pub sources: String,
    /// Sorted, distinct evidence terms of all reports.
    pub terms: Vec<String>,
    /// The event as JSON.
    pub data: String,
}

impl EventRow {
    /// `terms` as stored (` a b c `).
    pub fn evterms(&self) -> String {
        format!(" {} ", self.terms.join(" "))
    }
    /// The Arabic place names the reports carried (for the place keys).
    pub fn places_ar<'a>(&self, rows: &'a [ReportRow]) -> Vec<&'a str> {
        rows.iter().filter_map(|r| r.place_ar.as_deref()).collect()
    }
}

/// Build event `seq`'s row from its reports (in report order). `old_id` is its current id; a
/// placeholder (`tmp-…`) gets the final `ISO3-seq` id.
pub(crate) fn build_event(
    rows: &[ReportRow],
    seq: i64,
    old_id: String,
    now: i64,
) -> Result<EventRow, StoreError> {
    let anns: Vec<EventAnn> = rows
        .iter()
        .map(|r| serde_json::from_str(&r.ann).unwrap_or_default())
        .collect();
    let sources: Vec<EventSource> = rows
        .iter()
        .map(|r| EventSource {
            article_id: r.article_id.clone(),
            url: r.url.clone(),
            outlet: r.outlet.clone(),
            published: r.published.clone(),
            evidence: r.evidence.clone(),
            evidence_start: r.ev_start.max(0) as usize,
            evidence_end: r.ev_end.max(0) as usize,
            merge_reason: r.merge_reason.clone(),
        })
        .collect();
    let mut ev = crate::aggregate::aggregate(&anns, sources);
    ev.id = if old_id.starts_with("tmp-") {
        format!(
            "{}-{:06}",
            crate::aggregate::country_info(ev.country.as_deref())
                .map(|c| c.iso3)
                .unwrap_or("XXX"),
            seq
        )
    } else {
        old_id
    };
    ev.timestamp = now;
    let lower = |v: &[Option<&str>]| -> String {
        let mut s = String::from("|");
        for x in v.iter().flatten() {
            s.push_str(&x.to_lowercase());
            s.push('|');
        }
        s
    };
    let actors = lower(&[
        ev.actor1.as_deref(),
        ev.assoc_actor1.as_deref(),
        ev.actor2.as_deref(),
        ev.assoc_actor2.as_deref(),
    ]);
    let mut place_names: Vec<Option<&str>> = vec![
        ev.location.as_deref(),
        ev.admin1.as_deref(),
        ev.admin2.as_deref(),
        ev.admin3.as_deref(),
    ];
    for r in rows {
        place_names.push(r.place_ar.as_deref());
    }
    let places = lower(&place_names);
    let outlets: Vec<Option<&str>> = ev.sources.iter().map(|s| s.outlet.as_deref()).collect();
    let sources_txt = lower(&outlets);
    let mut terms: Vec<String> = rows.iter().flat_map(|r| split_terms(&r.terms)).collect();
    terms.sort_unstable();
    terms.dedup();
    let data =
        serde_json::to_string(&ev).map_err(|x| StoreError::Db(format!("event {}: {x}", ev.id)))?;
    Ok(EventRow {
        ev,
        actors,
        places,
        sources: sources_txt,
        terms,
        data,
    })
}

/// Day number of a report: its date, else the article's publication date.
pub(crate) fn report_day(doc: &Document, ev: &EventAnn) -> Option<i64> {
    ev.date
        .as_deref()
        .and_then(crate::db::day_number)
        .or_else(|| doc.published_date().and_then(crate::db::day_number))
}

/// The stored columns of one event report (both backends store the same values).
#[derive(Debug, Clone)]
pub(crate) struct ReportFields<'a> {
    pub evidence: &'a str,
    /// Evidence terms, space-separated.
    pub terms: String,
    pub day: Option<i64>,
    pub tp: i64,
    pub cell: Option<i64>,
    pub lkey: Option<i64>,
    pub area: Option<String>,
    pub place_ar: Option<String>,
    /// The event annotation as JSON.
    pub ann: String,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<i64>,
    pub gp: i64,
    /// Evidence char offsets in the article text.
    pub ev_start: i64,
    pub ev_end: i64,
    pub outlet: Option<&'a str>,
}

/// Compute the stored columns of report `idx` (`ev`) of `doc`.
pub(crate) fn report_fields<'a>(
    doc: &'a Document,
    cix: &CharIndex,
    idx: usize,
    ev: &EventAnn,
) -> Result<ReportFields<'a>, StoreError> {
    let evidence = doc.span_text(ev.evidence);
    let tp = if ev.date.is_some() {
        ev.time_precision.max(1)
    } else {
        2
    } as i64;
    Ok(ReportFields {
        evidence,
        terms: dedup::evidence_terms(evidence).join(" "),
        day: report_day(doc, ev),
        tp,
        cell: ev.lat.zip(ev.lon).map(|(la, lo)| dedup::cell_of(la, lo)),
        lkey: ev
            .location
            .as_deref()
            .map(dedup::name_key)
            .filter(|k| !k.is_empty())
            .map(|k| (crate::db::fnv64(k.as_bytes()) >> 1) as i64),
        area: ev
            .admin1
            .as_deref()
            .map(dedup::area_key)
            .filter(|a| !a.is_empty()),
        place_ar: ev
            .place_ref
            .and_then(|i| doc.places.get(i))
            .and_then(|p| p.name_ar.clone()),
        ann: serde_json::to_string(ev)
            .map_err(|e| StoreError::Db(format!("document {}: event {idx}: {e}", doc.id)))?,
        actor1: ev.actor1.as_deref().map(dedup::name_key),
        actor2: ev.actor2.as_deref().map(dedup::name_key),
        fatalities: ev.fatalities.map(|f| f as i64),
        gp: ev.geo_precision.max(1) as i64,
        ev_start: cix.char_of(ev.evidence.start) as i64,
        ev_end: cix.char_of(ev.evidence.end) as i64,
        outlet: crate::store::outlet(doc),
    })
}

/// Content hash and URL key of an incoming document; an empty id is filled from them.
pub(crate) fn identify(doc: &mut Document) -> (i64, Option<String>) {
    let chash = crate::db::fnv64(doc.text.trim().as_bytes()) as i64;
    let ukey = doc
        .meta
        .canonical_url
        .as_deref()
        .and_then(crate::db::url_key)
        .or_else(|| doc.meta.url.as_deref().and_then(crate::db::url_key));
    if doc.id.trim().is_empty() {
        doc.id = format!(
            "r{:016x}",
            crate::db::fnv64(format!("{}|{}", ukey.as_deref().unwrap_or(""), chash).as_bytes())
        );
    }
    (chash, ukey)
}

/// Keep in `best` the closest stored SimHash `s` (article `seq`) to `h` within the
/// near-duplicate distance; ties go to the oldest article (deterministic).
pub(crate) fn closer(best: &mut Option<(u32, i64)>, h: u64, seq: i64, s: i64) {
    let d = (s as u64 ^ h).count_ones();
    if d <= dedup::SIMHASH_MAX_DISTANCE
        && best
            .as_ref()
            .is_none_or(|(bd, bs)| d < *bd || (d == *bd && seq < *bs))
    {
        *best = Some((d, seq));
    }
}
