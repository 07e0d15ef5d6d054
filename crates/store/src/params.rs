//! The one parser of query parameters, shared by the HTTP API (query strings) and the CLI
//! (options turned into the same name/value pairs), so both accept exactly the same values
//! and answer a bad one with the same message.
//!
//! Every parameter is bounded here: offsets at [`MAX_OFFSET`], limits at the caller's maximum,
//! numbers by checked conversions, free text at [`MAX_TEXT_CHARS`]; dates are `YYYY`,
//! `YYYY-MM` or `YYYY-MM-DD` (real calendar dates); event and sub-event types are names of the
//! ACLED taxonomy (`data/events/taxonomy.tsv`), matched case-insensitively. The store checks
//! offsets and limits again ([`check_paging`]) so a caller that builds filters by hand cannot
//! make it allocate for a huge page either.

use crate::api::{EventFilter, EventSort, SearchQuery, StoreError};
use std::sync::OnceLock;

/// Largest accepted offset (deeper pages are not served: narrow the filter instead).
pub const MAX_OFFSET: usize = 100_000;
/// Hard cap of any limit the store accepts (exports stream in pages below it).
pub const MAX_ANY_LIMIT: usize = 10_000_000;
/// Default and largest page of a full-text search.
pub const DEFAULT_SEARCH_LIMIT: usize = 20;
pub const MAX_SEARCH_LIMIT: usize = 200;
/// Longest free-text parameter (search text, actor, place...), in characters.
pub const MAX_TEXT_CHARS: usize = 500;

/// A parameter with an unusable value. The message names the parameter as the audience knows
/// it (`query parameter `date_from`` for the API, `--from` for the CLI) and says what was wrong.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ParamError {
    /// The parameter's canonical (API) name, e.g. `date_from`.
    pub param: String,
    pub message: String,
}

impl From<ParamError> for StoreError {
    fn from(e: ParamError) -> Self {
        StoreError::BadQuery(e.message)
    }
}

/// Who gave the parameters: decides how a parameter is named in messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// HTTP query strings: ``query parameter `date_from` ``.
    Api,
    /// Command-line options: `--from`.
    Cli,
}

impl Style {
    /// How `param` (its API name) is named for this audience.
    pub fn name(self, param: &str) -> String {
        match self {
            Style::Api => format!("query parameter `{param}`"),
            Style::Cli => {
                let flag = match param {
                    "date_from" => "from".to_string(),
                    "date_to" => "to".to_string(),
                    "event_type" => "type".to_string(),
                    "sub_event_type" => "sub-type".to_string(),
                    "road_km" => "km".to_string(),
                    "q" => return "the search text".to_string(),
                    other => other.replace('_', "-"),
                };
                format!("--{flag}")
            }
        }
    }

    fn err(self, param: &str, message: impl std::fmt::Display) -> ParamError {
        ParamError {
            param: param.to_string(),
            message: format!("{}: {message}", self.name(param)),
        }
    }

    fn bad(self, param: &str, value: &str, expected: &str) -> ParamError {
        self.err(param, format!("{value:?} is not {expected}"))
    }
}

/// Page sizes of one kind of query.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Used when no limit is given.
    pub default: usize,
    /// Largest accepted limit.
    pub max: usize,
}

/// Event types, then sub-event types, of the ACLED taxonomy, as spelled by ACLED.
fn taxonomy() -> &'static (Vec<&'static str>, Vec<&'static str>) {
    static T: OnceLock<(Vec<&'static str>, Vec<&'static str>)> = OnceLock::new();
    T.get_or_init(|| {
        let src: &'static str = include_str!("../../../data/events/taxonomy.tsv");
        let (mut types, mut subs) = (Vec::new(), Vec::new());
        for line in src.lines() {
            let line = line.trim_end_matches('\r');
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let mut cols = line.split('\t');
            let (Some(t), Some(s)) = (cols.next(), cols.next()) else {
                continue;
            };
            if !types.contains(&t) {
                types.push(t);
            }
            if !subs.contains(&s) {
                subs.push(s);
            }
        }
        (types, subs)
    })
}

/// ACLED event types (`Battles`, `Explosions/Remote violence`, ...).
pub fn event_types() -> &'static [&'static str] {
    &taxonomy().0
}

/// ACLED sub-event types (`Armed clash`, `Air/drone strike`, ...).
pub fn sub_event_types() -> &'static [&'static str] {
    &taxonomy().1
}

/// The canonical spelling of an event type or sub-event type (case-insensitive), if it is one.
pub fn canonical_type(v: &str) -> Option<&'static str> {
    let v = v.trim();
    event_types()
        .iter()
        .chain(sub_event_types())
        .find(|c| c.eq_ignore_ascii_case(v))
        .copied()
}

fn is_leap(y: u32) -> bool {
    (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400)
}

/// A date `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (month 01-12, a day the month has).
pub fn parse_date(style: Style, param: &str, v: &str) -> Result<String, ParamError> {
    let v = v.trim();
    let bad = || style.bad(param, v, "a date YYYY, YYYY-MM or YYYY-MM-DD");
    let b = v.as_bytes();
    let digits = |r: std::ops::Range<usize>| -> Option<u32> {
        let s = b.get(r)?;
        if s.iter().all(u8::is_ascii_digit) {
            std::str::from_utf8(s).ok()?.parse().ok()
        } else {
            None
        }
    };
    if !matches!(b.len(), 4 | 7 | 10) {
        return Err(bad());
    }
    let y = digits(0..4).ok_or_else(bad)?;
    if b.len() >= 7 {
        if b[4] != b'-' {
            return Err(bad());
        }
        let m = digits(5..7).ok_or_else(bad)?;
        if !(1..=12).contains(&m) {
            return Err(style.err(param, format!("{v:?}: month {m:02} does not exist")));
        }
        if b.len() == 10 {
            if b[7] != b'-' {
                return Err(bad());
            }
            let d = digits(8..10).ok_or_else(bad)?;
            let days = match m {
                2 if is_leap(y) => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            if !(1..=days).contains(&d) {
                return Err(style.err(
                    param,
                    format!("{v:?}: day {d:02} does not exist in that month"),
                ));
            }
        }
    }
    Ok(v.to_string())
}

/// First (`end` false) or last day a partial date covers (`2024` → `2024-01-01` / `2024-12-31`).
pub fn widen_date(d: &str, end: bool) -> String {
    match (d.len(), end) {
        (4, false) => format!("{d}-01-01"),
        (4, true) => format!("{d}-12-31"),
        (7, false) => format!("{d}-01"),
        (7, true) => format!("{d}-31"),
        _ => d.to_string(),
    }
}

/// An ACLED event type, in its canonical spelling.
pub fn parse_event_type(style: Style, param: &str, v: &str) -> Result<String, ParamError> {
    parse_named(style, param, v, event_types(), "event type", "types")
}

/// An ACLED sub-event type, in its canonical spelling.
pub fn parse_sub_event_type(style: Style, param: &str, v: &str) -> Result<String, ParamError> {
    parse_named(
        style,
        param,
        v,
        sub_event_types(),
        "sub-event type",
        "sub-event types",
    )
}

/// One of `names` (case-insensitive), in its canonical spelling; else an error listing them.
fn parse_named(
    style: Style,
    param: &str,
    v: &str,
    names: &[&str],
    what: &str,
    plural: &str,
) -> Result<String, ParamError> {
    let v = v.trim();
    names
        .iter()
        .find(|c| c.eq_ignore_ascii_case(v))
        .map(|c| c.to_string())
        .ok_or_else(|| {
            style.err(
                param,
                format!(
                    "{v:?} is not an ACLED {what}; valid {plural}: {}",
                    names.join(", ")
                ),
            )
        })
}

fn parse_u64(style: Style, param: &str, v: &str) -> Result<u64, ParamError> {
    let t = v.trim();
    if t.is_empty() || !t.bytes().all(|c| c.is_ascii_digit()) {
        return Err(style.bad(param, v, "a non-negative integer"));
    }
    // All digits: the only failure left is overflow.
    t.parse::<u64>()
        .map_err(|_| style.err(param, format!("{t} is far too large")))
}

/// A number of results to skip, at most [`MAX_OFFSET`].
pub fn parse_offset(style: Style, param: &str, v: &str) -> Result<usize, ParamError> {
    let n = parse_u64(style, param, v)?;
    match usize::try_from(n) {
        Ok(n) if n <= MAX_OFFSET => Ok(n),
        _ => Err(style.err(
            param,
            format!("{n} is larger than the maximum {MAX_OFFSET} (narrow the filter instead of paging that deep)"),
        )),
    }
}

/// A page size, at most `max`.
pub fn parse_limit(style: Style, param: &str, v: &str, max: usize) -> Result<usize, ParamError> {
    let n = parse_u64(style, param, v)?;
    match usize::try_from(n) {
        Ok(n) if n <= max => Ok(n),
        _ => Err(style.err(param, format!("{n} is larger than the maximum {max}"))),
    }
}

/// Free text, trimmed, at most [`MAX_TEXT_CHARS`] characters; `None` when blank.
pub fn parse_text(style: Style, param: &str, v: &str) -> Result<Option<String>, ParamError> {
    let t = v.trim();
    if t.chars().count() > MAX_TEXT_CHARS {
        return Err(style.err(param, format!("longer than {MAX_TEXT_CHARS} characters")));
    }
    Ok((!t.is_empty()).then(|| t.to_string()))
}

fn parse_bbox(style: Style, param: &str, v: &str) -> Result<[f64; 4], ParamError> {
    let expected = "4 comma-separated numbers min_lon,min_lat,max_lon,max_lat";
    let parts: Vec<f64> = v
        .split(',')
        .map(|p| p.trim().parse::<f64>())
        .collect::<Result<_, _>>()
        .map_err(|_| style.bad(param, v, expected))?;
    let [a, b, c, d] = parts[..] else {
        return Err(style.bad(param, v, expected));
    };
    let lon = -180.0..=180.0;
    let lat = -90.0..=90.0;
    if !(lon.contains(&a) && lon.contains(&c) && lat.contains(&b) && lat.contains(&d)) {
        return Err(style.bad(
            param,
            v,
            "a box of longitudes within -180..180 and latitudes within -90..90",
        ));
    }
    if !(a <= c && b <= d) {
        return Err(style.bad(
            param,
            v,
            "a box with min_lon <= max_lon and min_lat <= max_lat",
        ));
    }
    Ok([a, b, c, d])
}

fn check_range(style: Style, from: &Option<String>, to: &Option<String>) -> Result<(), ParamError> {
    if let (Some(a), Some(b)) = (from, to) {
        if widen_date(a, false) > widen_date(b, true) {
            return Err(style.err("date_from", format!("{a} is after the end date {b}")));
        }
    }
    Ok(())
}

/// Builds an [`EventFilter`] from name/value pairs (API names). Blank values are ignored
/// (HTML forms send them); unknown names are an error, so typos do not silently return
/// everything.
pub fn event_filter(
    style: Style,
    pairs: &[(String, String)],
    limits: Limits,
) -> Result<EventFilter, ParamError> {
    let mut f = EventFilter {
        limit: limits.default,
        ..Default::default()
    };
    for (k, v) in pairs {
        let (k, v) = (k.as_str(), v.as_str());
        if v.trim().is_empty() {
            continue;
        }
        match k {
            "date_from" => f.date_from = Some(parse_date(style, k, v)?),
            "date_to" => f.date_to = Some(parse_date(style, k, v)?),
            "event_type" => f.event_type = Some(parse_event_type(style, k, v)?),
            "sub_event_type" => f.sub_event_type = Some(parse_sub_event_type(style, k, v)?),
            "actor" => f.actor = parse_text(style, k, v)?,
            "place" => f.place = parse_text(style, k, v)?,
            "country" => f.country = parse_text(style, k, v)?,
            "source" => f.source = parse_text(style, k, v)?,
            "text" => f.text = parse_text(style, k, v)?,
            "zone" => f.zone = parse_text(style, k, v)?,
            "near_road" => f.near_road = parse_text(style, k, v)?,
            "road_km" => {
                let km: f64 = v
                    .trim()
                    .parse()
                    .map_err(|_| style.bad(k, v, "a number of km"))?;
                if !(0.0..=200.0).contains(&km) {
                    return Err(style.bad(k, v, "a distance between 0 and 200 km"));
                }
                f.road_km = Some(km);
            }
            "min_fatalities" => {
                let n = parse_u64(style, k, v)?;
                f.min_fatalities = Some(u32::try_from(n).map_err(|_| {
                    style.err(k, format!("{n} is larger than the maximum {}", u32::MAX))
                })?);
            }
            "include_background" => {
                f.include_background = match v.trim() {
                    "true" | "1" | "yes" => true,
                    "false" | "0" | "no" => false,
                    _ => return Err(style.bad(k, v, "true or false")),
                }
            }
            "sort" => {
                f.sort = match v.trim() {
                    "date_desc" => EventSort::DateDesc,
                    "date_asc" => EventSort::DateAsc,
                    "fatalities_desc" => EventSort::FatalitiesDesc,
                    _ => {
                        return Err(style.bad(k, v, "one of date_desc, date_asc, fatalities_desc"))
                    }
                }
            }
            "bbox" => f.bbox = Some(parse_bbox(style, k, v)?),
            "limit" => f.limit = parse_limit(style, k, v, limits.max)?,
            "offset" => f.offset = parse_offset(style, k, v)?,
            other => {
                return Err(ParamError {
                    param: other.to_string(),
                    message: match style {
                        Style::Api => format!("unknown query parameter `{other}`"),
                        Style::Cli => format!("unknown option {other:?}"),
                    },
                })
            }
        }
    }
    if f.near_road.is_some() && f.road_km.is_none() {
        f.road_km = Some(5.0);
    }
    check_range(style, &f.date_from, &f.date_to)?;
    Ok(f)
}

/// Builds a [`SearchQuery`] from name/value pairs (`q` is required).
pub fn search_query(style: Style, pairs: &[(String, String)]) -> Result<SearchQuery, ParamError> {
    let mut q = SearchQuery {
        limit: DEFAULT_SEARCH_LIMIT,
        ..Default::default()
    };
    for (k, v) in pairs {
        let (k, v) = (k.as_str(), v.as_str());
        if v.trim().is_empty() {
            continue;
        }
        match k {
            "q" => q.text = parse_text(style, k, v)?.unwrap_or_default(),
            "date_from" => q.date_from = Some(parse_date(style, k, v)?),
            "date_to" => q.date_to = Some(parse_date(style, k, v)?),
            "source" => q.source = parse_text(style, k, v)?,
            "limit" => q.limit = parse_limit(style, k, v, MAX_SEARCH_LIMIT)?,
            "offset" => q.offset = parse_offset(style, k, v)?,
            other => {
                return Err(ParamError {
                    param: other.to_string(),
                    message: match style {
                        Style::Api => format!("unknown query parameter `{other}`"),
                        Style::Cli => format!("unknown option {other:?}"),
                    },
                })
            }
        }
    }
    if q.text.is_empty() {
        return Err(style.err("q", "the search text is required"));
    }
    check_range(style, &q.date_from, &q.date_to)?;
    Ok(q)
}

/// The store's own guard on paging (filters built without [`event_filter`]).
pub fn check_paging(offset: usize, limit: usize) -> Result<(), StoreError> {
    if offset > MAX_OFFSET {
        return Err(StoreError::BadQuery(format!(
            "offset {offset} is larger than the maximum {MAX_OFFSET}"
        )));
    }
    if limit > MAX_ANY_LIMIT {
        return Err(StoreError::BadQuery(format!(
            "limit {limit} is larger than the maximum {MAX_ANY_LIMIT}"
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(v: &[(&str, &str)]) -> Vec<(String, String)> {
        v.iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    const L: Limits = Limits {
        default: 50,
        max: 5000,
    };

    #[test]
    fn taxonomy_is_loaded() {
        assert_eq!(event_types().len(), 6);
        assert_eq!(sub_event_types().len(), 25);
        assert_eq!(canonical_type("battles"), Some("Battles"));
        assert_eq!(canonical_type("air/drone STRIKE"), Some("Air/drone strike"));
        assert_eq!(canonical_type("Bombing"), None);
    }

    #[test]
    fn dates_in_three_forms_and_real_days_only() {
        for ok in ["2024", "2024-02", "2024-02-29", "2023-12-31"] {
            assert_eq!(parse_date(Style::Api, "date_from", ok).unwrap(), ok);
        }
        for bad in [
            "2024-13-45",
            "2024-13",
            "2023-02-29",
            "2024-04-31",
            "24",
            "2024-1-1",
            "2024/01/01",
            "2024-00",
            "٢٠٢٤",
            "2024-01-01T00:00",
        ] {
            let e = parse_date(Style::Cli, "date_from", bad).unwrap_err();
            assert!(e.message.starts_with("--from: "), "{}", e.message);
        }
    }

    #[test]
    fn offsets_and_limits_are_bounded_with_checked_conversions() {
        for (v, needle) in [
            ("1600000000", "maximum 100000"),
            ("9223372036854775808", "maximum 100000"),
            ("18446744073709551615", "maximum 100000"),
            ("99999999999999999999999", "far too large"),
            ("-1", "non-negative integer"),
            ("1e3", "non-negative integer"),
            ("", "non-negative integer"),
        ] {
            let e = parse_offset(Style::Api, "offset", v).unwrap_err();
            assert!(e.message.contains(needle), "{v}: {}", e.message);
        }
        assert_eq!(parse_offset(Style::Api, "offset", "100000"), Ok(100_000));
        assert!(parse_limit(Style::Api, "limit", "5001", 5000).is_err());
        let e =
            search_query(Style::Api, &p(&[("q", "قصف"), ("offset", "1600000000")])).unwrap_err();
        assert!(
            e.message.contains("query parameter `offset`"),
            "{}",
            e.message
        );
        let e =
            search_query(Style::Cli, &p(&[("q", "قصف"), ("offset", "1000000000000")])).unwrap_err();
        assert!(e.message.starts_with("--offset: "), "{}", e.message);
    }

    #[test]
    fn unknown_type_lists_the_valid_ones() {
        let e = event_filter(Style::Cli, &p(&[("event_type", "Bombing")]), L).unwrap_err();
        assert!(
            e.message.starts_with("--type: \"Bombing\""),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("Battles, Explosions/Remote violence"),
            "{}",
            e.message
        );
        let f = event_filter(
            Style::Api,
            &p(&[("event_type", "riots"), ("sub_event_type", "mob VIOLENCE")]),
            L,
        )
        .unwrap();
        assert_eq!(f.event_type.as_deref(), Some("Riots"));
        assert_eq!(f.sub_event_type.as_deref(), Some("Mob violence"));
        assert!(event_filter(Style::Api, &p(&[("sub_event_type", "Battles")]), L).is_err());
    }

    #[test]
    fn filters_parse_and_reject_with_names() {
        let f = event_filter(
            Style::Api,
            &p(&[
                ("date_from", "2020"),
                ("date_to", "2020-06"),
                ("bbox", "35,32,42,37.5"),
                ("near_road", "M4"),
                ("sort", "date_asc"),
                ("actor", ""),
            ]),
            L,
        )
        .unwrap();
        assert_eq!(f.bbox, Some([35.0, 32.0, 42.0, 37.5]));
        assert_eq!(f.road_km, Some(5.0));
        assert_eq!(f.sort, EventSort::DateAsc);
        assert!(f.actor.is_none());
        assert_eq!(f.limit, 50);
        for (k, v, needle) in [
            ("date_from", "2020-13-01", "date_from"),
            ("bbox", "1,2,3", "bbox"),
            ("bbox", "1,2,inf,4", "bbox"),
            ("limit", "999999", "maximum"),
            ("tpye", "x", "unknown query parameter `tpye`"),
            ("road_km", "-1", "road_km"),
            ("road_km", "NaN", "road_km"),
            ("min_fatalities", "4294967296", "min_fatalities"),
        ] {
            let e = event_filter(Style::Api, &p(&[(k, v)]), L).unwrap_err();
            assert!(e.message.contains(needle), "{}", e.message);
        }
        let e = event_filter(
            Style::Api,
            &p(&[("date_from", "2021"), ("date_to", "2020-12-31")]),
            L,
        )
        .unwrap_err();
        assert!(e.message.contains("after"), "{}", e.message);
        assert!(search_query(Style::Api, &p(&[("q", "  ")])).is_err());
        let long = "ب".repeat(MAX_TEXT_CHARS + 1);
        assert!(search_query(Style::Api, &p(&[("q", &long)])).is_err());
    }

    #[test]
    fn store_guard() {
        assert!(check_paging(MAX_OFFSET, 10).is_ok());
        assert!(check_paging(MAX_OFFSET + 1, 10).is_err());
        assert!(check_paging(0, usize::MAX).is_err());
    }
}
