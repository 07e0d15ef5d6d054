//! Read queries: full-text search, event filters, statistics, zones.

pub(crate) mod mem;
use crate::analyzer::index_terms;
use crate::api::*;
use crate::db::{db_err, now_iso};
use crate::fulltext::day_key;
use crate::geo;
use crate::index;
use crate::store::Store;
use rasd_doc::Document;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};
use std::collections::{HashMap, HashSet};

/// Default page size when a query says `limit: 0`.
pub const DEFAULT_LIMIT: usize = 100;
/// Characters of context on each side of the first hit in a snippet.
const SNIPPET_CONTEXT: usize = 90;

pub(crate) fn norm_date(s: &Option<String>, what: &str) -> Result<Option<String>, StoreError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => Ok(Some(crate::params::parse_date(
            crate::params::Style::Api,
            what,
            d,
        )?)),
    }
}

/// Widen a partial date to the first/last day it covers (`2024` → `2024-01-01` / `2024-12-31`).
pub(crate) fn widen(d: &str, end: bool) -> String {
    crate::params::widen_date(d, end)
}

/// A compiled road/zone geometry filter applied after SQL.
pub(crate) enum GeoFilter {
    /// Road line as (lon, lat) and the distance in km.
    Corridor(Vec<(f64, f64)>, f64),
    Polygon(Vec<Vec<[f64; 2]>>),
}

impl GeoFilter {
    pub(crate) fn keep(&self, lat: Option<f64>, lon: Option<f64>) -> bool {
        let (Some(lat), Some(lon)) = (lat, lon) else {
            return false;
        };
        match self {
            GeoFilter::Corridor(line, km) => {
                rasd_geo::geom::distance_to_polyline_km((lat, lon), line) <= *km
            }
            GeoFilter::Polygon(rings) => geo::point_in_rings(lon, lat, rings),
        }
    }
    fn bbox(&self) -> Option<[f64; 4]> {
        match self {
            GeoFilter::Corridor(line, km) => geo::bbox_of(line.iter().map(|p| [p.0, p.1]), *km),
            GeoFilter::Polygon(rings) => geo::bbox_of(rings.first()?.iter().copied(), 0.0),
        }
    }
}

fn road_filter(road: &str, km: f64) -> Result<GeoFilter, StoreError> {
    if !(km.is_finite() && km >= 0.0) {
        return Err(StoreError::BadQuery(format!(
            "road distance must be a positive number of km, got {km}"
        )));
    }
    let line = geo::road_polyline(road).ok_or_else(|| {
        StoreError::BadQuery(format!(
            "unknown road {road:?} (known: {})",
            geo::road_names().join(", ")
        ))
    })?;
    Ok(GeoFilter::Corridor(
        line.into_iter().map(|p| (p[0], p[1])).collect(),
        km,
    ))
}

pub(crate) fn zone_filter(g: &ZoneGeometry) -> Result<GeoFilter, StoreError> {
    match g {
        ZoneGeometry::Corridor { road, km } => road_filter(road, *km),
        ZoneGeometry::Polygon { rings } => {
            if rings.first().is_none_or(|r| r.len() < 3) {
                return Err(StoreError::BadQuery(
                    "zone polygon needs an outer ring of at least 3 points".into(),
                ));
            }
            Ok(GeoFilter::Polygon(rings.clone()))
        }
    }
}

/// Event and sub-event types are matched case-insensitively against the ACLED taxonomy and
/// then compared exactly, so the (binary-collated) type indexes apply.
fn canonical_type(t: String) -> String {
    crate::params::canonical_type(&t)
        .map(str::to_string)
        .unwrap_or(t)
}

/// Key filter for events within `km` of road `r` (a canonical reference): the whole-km buckets
/// up to `km`, and the exact distance on the rows.
fn road_keys(r: &str, km: f64) -> KeyFilter {
    let top = km.max(0.0).floor() as i64;
    let keys = (0..=top).map(|i| format!("{r}:{i}")).collect();
    let mut kf = KeyFilter::new(index::ROAD, keys);
    kf.km_max = Some(km);
    kf
}

/// A column an event filter tests; present on `events` and (copied) on `event_keys`.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Col {
    Day,
    Type,
    Sub,
    Fat,
}

/// `col OP ?` on a [`Col`].
#[derive(Debug, Clone)]
pub(crate) struct Cond {
    col: Col,
    op: &'static str,
    val: Value,
}

/// One index-backed filter: the `event_keys` rows of `kind` whose key is one of `keys` (or any
/// key with `any`), optionally within `km_max` (roads) and an exact box (bounding boxes).
#[derive(Debug, Clone)]
pub(crate) struct KeyFilter {
    kind: i64,
    keys: Vec<String>,
    any: bool,
    km_max: Option<f64>,
    exact_box: Option<[f64; 4]>,
}

impl KeyFilter {
    fn new(kind: i64, keys: Vec<String>) -> KeyFilter {
        KeyFilter {
            kind,
            keys,
            any: false,
            km_max: None,
            exact_box: None,
        }
    }

    /// Conditions selecting this filter's rows of `event_keys` aliased `a`.
    fn sql(&self, a: &str, p: &mut Vec<Value>) -> String {
        let mut s = format!("{a}.kind = {}", self.kind);
        if !self.any {
            if self.keys.len() == 1 {
                s.push_str(&format!(" AND {a}.key = ?"));
            } else {
                let qs = vec!["?"; self.keys.len()].join(",");
                s.push_str(&format!(" AND {a}.key IN ({qs})"));
            }
            p.extend(self.keys.iter().map(|k| Value::Text(k.clone())));
        }
        if let Some(km) = self.km_max {
            s.push_str(&format!(" AND {a}.km <= ?"));
            p.push(Value::Real(km));
        }
        if let Some(b) = self.exact_box {
            s.push_str(&format!(
                " AND {a}.lat BETWEEN ? AND ? AND {a}.lon BETWEEN ? AND ?"
            ));
            p.extend(box_params(b));
        }
        s
    }

    /// Whether one event can have several rows matching this filter (then results need DISTINCT).
    fn may_repeat(&self) -> bool {
        self.any || (self.keys.len() > 1 && !matches!(self.kind, index::CELL | index::ROAD))
    }
}

fn box_params(b: [f64; 4]) -> [Value; 4] {
    [
        Value::Real(b[1]),
        Value::Real(b[3]),
        Value::Real(b[0]),
        Value::Real(b[2]),
    ]
}

/// A compiled event filter: conditions on columns present on both `events` and `event_keys`,
/// index-backed key filters, events-only conditions and geometry post-filters.
pub(crate) struct Compiled {
    pub(crate) main_only: bool,
    pub(crate) conds: Vec<Cond>,
    /// Exact bounding box tested on the event's coordinates (when not carried by a key filter).
    pub(crate) bbox: Option<[f64; 4]>,
    /// Conditions on `events` aliased `e` only (the country), with their parameters.
    pub(crate) extra: Vec<(String, Vec<Value>)>,
    /// The country tested in `extra` (for the memory index).
    pub(crate) country: Option<String>,
    pub(crate) keys: Vec<KeyFilter>,
    /// Evidence terms that must all occur (`event_terms`).
    pub(crate) terms: Vec<String>,
    pub(crate) post: Vec<GeoFilter>,
    /// Some filter can match nothing (e.g. an actor no stored event has).
    pub(crate) empty: bool,
}

impl Compiled {
    fn conds_sql(&self, keys_alias: Option<&str>, w: &mut Vec<String>, p: &mut Vec<Value>) {
        match keys_alias {
            None => {
                if self.main_only {
                    w.push("e.salience = 'main'".into());
                }
            }
            Some(a) => {
                if self.main_only {
                    w.push(format!("{a}.main = 1"));
                }
            }
        }
        for c in &self.conds {
            let col = match (keys_alias, c.col) {
                (None, Col::Day) => "e.event_date".to_string(),
                (None, Col::Type) => "e.event_type".to_string(),
                (None, Col::Sub) => "e.sub_event_type".to_string(),
                (None, Col::Fat) => "e.fatalities".to_string(),
                (Some(a), Col::Day) => format!("{a}.day"),
                (Some(a), Col::Type) => format!("{a}.event_type"),
                (Some(a), Col::Sub) => format!("{a}.sub_event_type"),
                (Some(a), Col::Fat) => format!("{a}.fatalities"),
            };
            w.push(format!("{col} {} ?", c.op));
            p.push(c.val.clone());
        }
        if let Some(b) = self.bbox {
            match keys_alias {
                // `+`: keep the planner on the date index (ordered scan, early LIMIT stop).
                None => w.push("+e.lat BETWEEN ? AND ? AND +e.lon BETWEEN ? AND ?".into()),
                Some(a) => w.push(format!(
                    "{a}.lat BETWEEN ? AND ? AND {a}.lon BETWEEN ? AND ?"
                )),
            }
            p.extend(box_params(b));
        }
    }

    /// WHERE clause of an events-driven query (`FROM events e`).
    pub(crate) fn events_where(&self, p: &mut Vec<Value>) -> String {
        let mut w = Vec::new();
        self.conds_sql(None, &mut w, p);
        for k in &self.keys {
            let s = k.sql("x", p);
            w.push(format!(
                "EXISTS (SELECT 1 FROM event_keys x INDEXED BY event_keys_seq WHERE x.seq = e.seq AND {s})"
            ));
        }
        self.terms_sql("e", None, &mut w, p);
        for (s, v) in &self.extra {
            w.push(s.clone());
            p.extend(v.iter().cloned());
        }
        where_of(w)
    }

    /// Term probes on `{alias}.seq`, except term `skip` (the driver).
    fn terms_sql(&self, alias: &str, skip: Option<usize>, w: &mut Vec<String>, p: &mut Vec<Value>) {
        for (i, t) in self.terms.iter().enumerate() {
            if Some(i) == skip {
                continue;
            }
            w.push(format!(
                "EXISTS (SELECT 1 FROM event_terms t WHERE t.term = ? AND t.seq = {alias}.seq)"
            ));
            p.push(Value::Text(t.clone()));
        }
    }

    /// WHERE clause of a query driven by term `ti` (`FROM event_terms d JOIN events e`); `None`
    /// when more than salience and date are tested (then `events` must be joined).
    fn term_where(&self, ti: usize, p: &mut Vec<Value>) -> (String, bool) {
        let simple = self.conds.iter().all(|c| matches!(c.col, Col::Day))
            && self.bbox.is_none()
            && self.extra.is_empty();
        let mut w = vec!["d.term = ?".to_string()];
        p.push(Value::Text(self.terms[ti].clone()));
        if simple {
            if self.main_only {
                w.push("d.main = 1".into());
            }
            for c in &self.conds {
                w.push(format!("d.day {} ?", c.op));
                p.push(c.val.clone());
            }
            self.terms_sql("d", Some(ti), &mut w, p);
        } else {
            let mut rest = Vec::new();
            self.conds_sql(None, &mut rest, p);
            w.extend(rest);
            self.terms_sql("d", Some(ti), &mut w, p);
            for (s, v) in &self.extra {
                w.push(s.clone());
                p.extend(v.iter().cloned());
            }
        }
        (where_of(w), !simple)
    }

    /// WHERE clause of a query driven by key filter `d` (`FROM event_keys k`).
    fn keys_where(&self, d: &KeyFilter, p: &mut Vec<Value>) -> String {
        let mut w = vec![d.sql("k", p)];
        self.conds_sql(Some("k"), &mut w, p);
        for k in &self.keys {
            if std::ptr::eq(k, d) {
                continue;
            }
            let s = k.sql("x", p);
            w.push(format!(
                "EXISTS (SELECT 1 FROM event_keys x INDEXED BY event_keys_seq WHERE x.seq = k.seq AND {s})"
            ));
        }
        self.terms_sql("k", None, &mut w, p);
        if !self.extra.is_empty() {
            let mut ew = Vec::new();
            for (s, v) in &self.extra {
                ew.push(s.clone());
                p.extend(v.iter().cloned());
            }
            w.push(format!(
                "EXISTS (SELECT 1 FROM events e WHERE e.seq = k.seq AND {})",
                ew.join(" AND ")
            ));
        }
        where_of(w)
    }
}

fn where_of(w: Vec<String>) -> String {
    if w.is_empty() {
        String::new()
    } else {
        format!("WHERE {}", w.join(" AND "))
    }
}

/// Results cached until the database's [`Store::generation`] changes.
#[derive(Default)]
pub(crate) struct QueryCache {
    gen: u64,
    counts: HashMap<String, usize>,
    stats: HashMap<String, Stats>,
}

/// Cached entries beyond this are dropped (all at once; they are cheap to recompute).
const CACHE_MAX: usize = 20_000;
/// With several keys (or sorting by fatalities) a key-driven page sorts every match; beyond
/// this many matches an events-driven ordered scan that stops early is cheaper.
const SORT_MAX: usize = 20_000;
/// Bounding boxes covering more grid cells than this are tested on the events themselves.
const MAX_CELLS: i64 = 400;

/// Report statements slower than `RASD_SLOW_QUERY_MS` on stderr (for benchmarks and tuning).
fn trace_slow(sql: &str, p: &[Value], t: std::time::Instant) {
    static LIMIT: std::sync::OnceLock<Option<f64>> = std::sync::OnceLock::new();
    let limit = LIMIT.get_or_init(|| {
        std::env::var("RASD_SLOW_QUERY_MS")
            .ok()
            .and_then(|v| v.parse().ok())
    });
    if let Some(l) = limit {
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        if ms >= *l {
            eprintln!("slow query {ms:.1} ms: {sql} {p:?}");
        }
    }
}

fn cache_key(sql: &str, p: &[Value]) -> String {
    format!("{sql}|{p:?}")
}

/// Lists the stored actor/outlet keys of a vocabulary kind containing a needle.
pub(crate) type VocabLookup<'a> = &'a dyn Fn(i64, &str) -> Result<Vec<String>, StoreError>;

/// Compile an event filter. `vocab(kind, needle)` lists the stored actor/outlet keys containing
/// `needle`; `zone(id)` looks a zone up. Shared by the SQLite and PostgreSQL backends.
pub(crate) fn compile_filter(
    f: &EventFilter,
    vocab: VocabLookup<'_>,
    zone: &dyn Fn(&str) -> Result<Option<Zone>, StoreError>,
) -> Result<Compiled, StoreError> {
    let mut c = Compiled {
        main_only: !f.include_background,
        conds: Vec::new(),
        bbox: None,
        extra: Vec::new(),
        country: None,
        keys: Vec::new(),
        terms: Vec::new(),
        post: Vec::new(),
        empty: false,
    };
    if let Some(d) = norm_date(&f.date_from, "date_from")? {
        c.conds.push(Cond {
            col: Col::Day,
            op: ">=",
            val: Value::Text(widen(&d, false)),
        });
    }
    if let Some(d) = norm_date(&f.date_to, "date_to")? {
        c.conds.push(Cond {
            col: Col::Day,
            op: "<=",
            val: Value::Text(widen(&d, true)),
        });
    }
    let nonempty = |s: &Option<String>| {
        s.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    if let Some(t) = nonempty(&f.event_type) {
        c.conds.push(Cond {
            col: Col::Type,
            op: "=",
            val: Value::Text(canonical_type(t)),
        });
    }
    if let Some(t) = nonempty(&f.sub_event_type) {
        c.conds.push(Cond {
            col: Col::Sub,
            op: "=",
            val: Value::Text(canonical_type(t)),
        });
    }
    if let Some(n) = f.min_fatalities {
        c.conds.push(Cond {
            col: Col::Fat,
            op: ">=",
            val: Value::Integer(n as i64),
        });
    }
    if let Some(a) = nonempty(&f.actor) {
        let keys = vocab(index::ACTOR, &index::name_norm(&a))?;
        c.empty |= keys.is_empty();
        c.keys.push(KeyFilter::new(index::ACTOR, keys));
    }
    if let Some(s) = nonempty(&f.source) {
        let keys = vocab(index::OUTLET, &index::name_norm(&s))?;
        c.empty |= keys.is_empty();
        c.keys.push(KeyFilter::new(index::OUTLET, keys));
    }
    if let Some(pl) = nonempty(&f.place) {
        let k = index::place_key(&pl);
        if k.is_empty() {
            return Err(StoreError::BadQuery(format!(
                "place filter {pl:?} has no letters"
            )));
        }
        c.keys.push(KeyFilter::new(index::PLACE, vec![k]));
    }
    if let Some(cn) = nonempty(&f.country) {
        let name = crate::aggregate::country_info(Some(&cn))
            .map(|i| i.name.to_string())
            .unwrap_or(cn);
        c.extra.push((
            "e.country = ? COLLATE NOCASE".into(),
            vec![Value::Text(name.clone())],
        ));
        c.country = Some(name);
    }
    if let Some(t) = nonempty(&f.text) {
        index_terms(&t, |_, _, term| {
            if !c.terms.iter().any(|x| x == term) {
                c.terms.push(term.to_string());
            }
        });
        if c.terms.is_empty() {
            return Err(StoreError::BadQuery(format!(
                "text filter {t:?} has no searchable words"
            )));
        }
    }
    let mut post = Vec::new();
    if let Some(road) = nonempty(&f.near_road) {
        let km = f.road_km.unwrap_or(5.0);
        // Validates the road and the distance.
        let g = road_filter(&road, km)?;
        match index::road_ref(&road) {
            Some(r) if km <= index::ROAD_INDEX_KM => c.keys.push(road_keys(&r, km)),
            _ => post.push(g),
        }
    }
    if let Some(z) = nonempty(&f.zone) {
        let zone = zone(&z)?.ok_or_else(|| StoreError::NotFound(format!("zone {z}")))?;
        let g = zone_filter(&zone.geometry)?;
        match &zone.geometry {
            ZoneGeometry::Corridor { road, km } if *km <= index::ROAD_INDEX_KM => {
                match index::road_ref(road) {
                    Some(r) => c.keys.push(road_keys(&r, *km)),
                    None => post.push(g),
                }
            }
            _ => post.push(g),
        }
    }
    let mut boxes: Vec<[f64; 4]> = post.iter().filter_map(GeoFilter::bbox).collect();
    if let Some(b) = f.bbox {
        if b.iter().any(|x| !x.is_finite()) || b[0] > b[2] || b[1] > b[3] {
            return Err(StoreError::BadQuery(format!(
                "bbox must be min_lon,min_lat,max_lon,max_lat, got {b:?}"
            )));
        }
        boxes.push(b);
    }
    // Intersect the boxes; use grid cells when the box is small enough.
    let mut bx: Option<[f64; 4]> = None;
    for b in boxes {
        bx = Some(match bx {
            None => b,
            Some(a) => [
                a[0].max(b[0]),
                a[1].max(b[1]),
                a[2].min(b[2]),
                a[3].min(b[3]),
            ],
        });
    }
    if let Some(b) = bx {
        if b[0] > b[2] || b[1] > b[3] {
            c.empty = true;
        }
        let (la0, lo0) = index::cell_ix(b[1], b[0]);
        let (la1, lo1) = index::cell_ix(b[3], b[2]);
        let n = (la1 - la0 + 1).saturating_mul(lo1 - lo0 + 1);
        if (1..=MAX_CELLS).contains(&n) {
            let mut keys = Vec::with_capacity(n as usize);
            for la in la0..=la1 {
                for lo in lo0..=lo1 {
                    keys.push(format!("{la}:{lo}"));
                }
            }
            let mut kf = KeyFilter::new(index::CELL, keys);
            kf.exact_box = Some(b);
            c.keys.push(kf);
        } else {
            c.bbox = Some(b);
        }
    }
    c.post = post;
    // With other key filters, a box is cheaper as a test on their rows' coordinates than
    // as its own set of grid-cell rows.
    if c.keys.iter().any(|k| k.kind != index::CELL) {
        if let Some(pos) = c.keys.iter().position(|k| k.kind == index::CELL) {
            let k = c.keys.remove(pos);
            c.bbox = k.exact_box;
        }
    }
    Ok(c)
}

impl Store {
    fn compile(&self, f: &EventFilter) -> Result<Compiled, StoreError> {
        compile_filter(f, &|k, n| self.vocab_matching(k, n), &|z| self.zone(z))
    }

    /// Events matching several index-backed filters: each filter's rows are read as one
    /// sequential index range (with the payload tests) and the sets intersected, which beats
    /// per-row probes when the sets are large. Returns (seq, day number, fatalities) in `sort`
    /// order.
    fn intersect(
        &self,
        conn: &Connection,
        c: &Compiled,
        sort: EventSort,
    ) -> Result<Vec<(i64, i64, Option<i64>)>, StoreError> {
        let t = std::time::Instant::now();
        // The first filter's rows carry the order columns; later sets only narrow it down.
        // Sets are sorted seq vectors (no per-row allocation), intersected by merging.
        let mut acc: Vec<(i64, i64, Option<i64>)> = Vec::new();
        let mut first = true;
        let day_of = |r: &rusqlite::Row| -> rusqlite::Result<i64> {
            Ok(match r.get_ref(1)? {
                rusqlite::types::ValueRef::Text(b) => std::str::from_utf8(b)
                    .ok()
                    .and_then(crate::db::day_number)
                    .unwrap_or(i64::MIN),
                _ => i64::MIN,
            })
        };
        let narrow = |acc: &mut Vec<(i64, i64, Option<i64>)>, mut set: Vec<i64>| {
            set.sort_unstable();
            set.dedup();
            let mut j = 0;
            acc.retain(|x| {
                while j < set.len() && set[j] < x.0 {
                    j += 1;
                }
                j < set.len() && set[j] == x.0
            });
        };
        for k in &c.keys {
            let mut p = Vec::new();
            let mut w = vec![k.sql("k", &mut p)];
            c.conds_sql(Some("k"), &mut w, &mut p);
            let sql = format!(
                "SELECT k.seq, k.day, k.fatalities FROM event_keys k {}",
                where_of(w)
            );
            let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
            let mut rows = st.query(params_from_iter(p.iter())).map_err(db_err)?;
            if first {
                while let Some(r) = rows.next().map_err(db_err)? {
                    acc.push((
                        r.get(0).map_err(db_err)?,
                        day_of(r).map_err(db_err)?,
                        r.get(2).map_err(db_err)?,
                    ));
                }
                acc.sort_unstable_by_key(|x| x.0);
                acc.dedup_by_key(|x| x.0);
                first = false;
            } else {
                let mut set = Vec::new();
                while let Some(r) = rows.next().map_err(db_err)? {
                    set.push(r.get::<_, i64>(0).map_err(db_err)?);
                }
                narrow(&mut acc, set);
            }
            if acc.is_empty() {
                break;
            }
        }
        for term in &c.terms {
            if acc.is_empty() {
                break;
            }
            let mut st = conn
                .prepare_cached("SELECT seq FROM event_terms WHERE term = ?1")
                .map_err(db_err)?;
            let mut rows = st.query([term]).map_err(db_err)?;
            let mut set = Vec::new();
            while let Some(r) = rows.next().map_err(db_err)? {
                set.push(r.get::<_, i64>(0).map_err(db_err)?);
            }
            narrow(&mut acc, set);
        }
        if !c.extra.is_empty() && !acc.is_empty() {
            let mut w = vec!["e.seq = ?".to_string()];
            let mut p0 = Vec::new();
            for (s, v) in &c.extra {
                w.push(s.clone());
                p0.extend(v.iter().cloned());
            }
            let sql = format!("SELECT 1 FROM events e {}", where_of(w));
            let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
            let mut keep = Vec::with_capacity(acc.len());
            for x in acc {
                let mut p = vec![Value::Integer(x.0)];
                p.extend(p0.iter().cloned());
                let hit = st
                    .query_row(params_from_iter(p.iter()), |_| Ok(()))
                    .optional()
                    .map_err(db_err)?
                    .is_some();
                if hit {
                    keep.push(x);
                }
            }
            acc = keep;
        }
        let mut v = acc;
        match sort {
            EventSort::DateDesc => v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(b.0.cmp(&a.0))),
            EventSort::DateAsc => v.sort_unstable_by(|a, b| a.1.cmp(&b.1).then(a.0.cmp(&b.0))),
            // SQLite orders NULL first ascending, so last descending.
            EventSort::FatalitiesDesc => {
                v.sort_unstable_by(|a, b| b.2.cmp(&a.2).then(b.1.cmp(&a.1)).then(b.0.cmp(&a.0)))
            }
        }
        trace_slow("intersect", &[Value::Integer(v.len() as i64)], t);
        Ok(v)
    }

    /// Stored actor/outlet keys containing `needle` (already normalized).
    fn vocab_matching(&self, kind: i64, needle: &str) -> Result<Vec<String>, StoreError> {
        if needle.is_empty() {
            return Ok(Vec::new());
        }
        self.read(|c| {
            let mut st = c
                .prepare_cached("SELECT key FROM key_vocab WHERE kind = ?1")
                .map_err(db_err)?;
            let rows = st
                .query_map([kind], |r| r.get::<_, String>(0))
                .map_err(db_err)?;
            let mut out = Vec::new();
            for k in rows {
                let k = k.map_err(db_err)?;
                if k.contains(needle) {
                    out.push(k);
                }
            }
            Ok(out)
        })
    }

    /// `SELECT COUNT(...)` with the result cached until the next commit.
    fn cached_count(
        &self,
        conn: &Connection,
        gen: u64,
        sql: &str,
        p: &[Value],
    ) -> Result<usize, StoreError> {
        let key = cache_key(sql, p);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.gen != gen {
                *cache = QueryCache {
                    gen,
                    ..Default::default()
                };
            }
            if let Some(n) = cache.counts.get(&key) {
                return Ok(*n);
            }
        }
        let t = std::time::Instant::now();
        let n: i64 = conn
            .prepare_cached(sql)
            .map_err(db_err)?
            .query_row(params_from_iter(p.iter()), |r| r.get(0))
            .map_err(db_err)?;
        trace_slow(sql, p, t);
        let n = n.max(0) as usize;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.gen == gen {
                if cache.counts.len() >= CACHE_MAX {
                    cache.counts.clear();
                }
                cache.counts.insert(key, n);
            }
        }
        Ok(n)
    }

    /// The key filter to drive a query from (fewest matching rows) and that number.
    fn driver<'c>(
        &self,
        conn: &Connection,
        gen: u64,
        c: &'c Compiled,
    ) -> Result<Option<(&'c KeyFilter, usize)>, StoreError> {
        let mut best: Option<(&KeyFilter, usize)> = None;
        for k in &c.keys {
            let mut p = Vec::new();
            let mut w = vec![k.sql("k", &mut p)];
            c.conds_sql(Some("k"), &mut w, &mut p);
            let what = if k.may_repeat() {
                "COUNT(DISTINCT k.seq)"
            } else {
                "COUNT(*)"
            };
            let sql = format!("SELECT {what} FROM event_keys k {}", where_of(w));
            let n = self.cached_count(conn, gen, &sql, &p)?;
            if best.is_none_or(|(_, b)| n < b) {
                best = Some((k, n));
            }
        }
        Ok(best)
    }

    /// Number of events matching `c` (without post-filters).
    fn count(
        &self,
        conn: &Connection,
        gen: u64,
        c: &Compiled,
        driver: Option<(&KeyFilter, usize)>,
    ) -> Result<usize, StoreError> {
        let Some((d, n)) = driver else {
            let mut p = Vec::new();
            let w = c.events_where(&mut p);
            return self.cached_count(conn, gen, &format!("SELECT COUNT(*) FROM events e {w}"), &p);
        };
        if c.keys.len() == 1 && c.extra.is_empty() && c.terms.is_empty() {
            return Ok(n);
        }
        let mut p = Vec::new();
        let w = c.keys_where(d, &mut p);
        let what = if d.may_repeat() {
            "COUNT(DISTINCT k.seq)"
        } else {
            "COUNT(*)"
        };
        self.cached_count(
            conn,
            gen,
            &format!("SELECT {what} FROM event_keys k {w}"),
            &p,
        )
    }

    /// Events matching a filter, one page.
    pub fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        crate::params::check_paging(f.offset, f.limit)?;
        let c = self.compile(f)?;
        let limit = if f.limit == 0 { DEFAULT_LIMIT } else { f.limit };
        if c.empty {
            return Ok(Page {
                total: 0,
                offset: f.offset,
                limit,
                items: Vec::new(),
            });
        }
        let gen = self.generation()?;
        if let Some(ix) = mem::fresh(&self.mem, &self.dir().join("rasd.sqlite"), gen) {
            if let Some((total, seqs)) = ix.query(&c, f.sort, f.offset, limit) {
                return self.read(|conn| {
                    Ok(Page {
                        total,
                        offset: f.offset,
                        limit,
                        items: load_events(conn, seqs)?,
                    })
                });
            }
        }
        self.read(|conn| {
            let mut seqs: Vec<i64> = Vec::with_capacity(limit.min(1000));
            let total = if c.post.is_empty() && c.keys.is_empty() && !c.terms.is_empty() {
                // Term-driven: the rarest term's events, checked against the rest.
                let mut best: Option<(usize, usize)> = None;
                for (i, t) in c.terms.iter().enumerate() {
                    let n = self.cached_count(
                        conn,
                        gen,
                        "SELECT COUNT(*) FROM event_terms WHERE term = ?",
                        &[Value::Text(t.clone())],
                    )?;
                    if best.is_none_or(|(_, b)| n < b) {
                        best = Some((i, n));
                    }
                }
                let ti = best.map(|b| b.0).unwrap_or(0);
                let mut p = Vec::new();
                let (w, join) = c.term_where(ti, &mut p);
                let from = if join {
                    "event_terms d JOIN events e ON e.seq = d.seq"
                } else {
                    "event_terms d"
                };
                let total =
                    self.cached_count(conn, gen, &format!("SELECT COUNT(*) FROM {from} {w}"), &p)?;
                // Few matches: sort them; many: an events-driven ordered scan stops early.
                let order = match (join, f.sort) {
                    (true, s) => Some(order_sql(s)),
                    (false, EventSort::DateDesc) => Some("d.day DESC, d.seq DESC"),
                    (false, EventSort::DateAsc) => Some("d.day ASC, d.seq ASC"),
                    (false, EventSort::FatalitiesDesc) => None,
                };
                let (sql, p) = match order {
                    Some(order) if total <= SORT_MAX => (
                        format!(
                            "SELECT d.seq FROM {from} {w} ORDER BY {order} LIMIT {limit} OFFSET {}",
                            f.offset
                        ),
                        p,
                    ),
                    _ => {
                        let mut p2 = Vec::new();
                        let w = c.events_where(&mut p2);
                        (
                            format!(
                                "SELECT e.seq FROM events e {w} ORDER BY {} LIMIT {limit} OFFSET {}",
                                order_sql(f.sort),
                                f.offset
                            ),
                            p2,
                        )
                    }
                };
                let t = std::time::Instant::now();
                let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
                for r in st
                    .query_map(params_from_iter(p.iter()), |r| r.get::<_, i64>(0))
                    .map_err(db_err)?
                {
                    seqs.push(r.map_err(db_err)?);
                }
                trace_slow(&sql, &p, t);
                total
            } else if c.post.is_empty() && !c.keys.is_empty() && c.keys.len() + c.terms.len() >= 2 {
                let all = self.intersect(conn, &c, f.sort)?;
                seqs.extend(all.iter().skip(f.offset).take(limit).map(|x| x.0));
                all.len()
            } else if c.post.is_empty() {
                let driver = self.driver(conn, gen, &c)?;
                let total = self.count(conn, gen, &c, driver)?;
                let mut p = Vec::new();
                let sql = match driver {
                    Some((d, _))
                        if total <= SORT_MAX
                            || (d.keys.len() == 1
                                && !d.any
                                && c.main_only
                                && f.sort != EventSort::FatalitiesDesc) =>
                    {
                        // Key-driven: with one key the primary key order is the date order.
                        let w = c.keys_where(d, &mut p);
                        let group = if d.may_repeat() { "GROUP BY k.seq" } else { "" };
                        format!(
                            "SELECT k.seq FROM event_keys k {w} {group} ORDER BY {} LIMIT {limit} OFFSET {}",
                            order_keys_sql(f.sort),
                            f.offset
                        )
                    }
                    _ => {
                        let w = c.events_where(&mut p);
                        format!(
                            "SELECT e.seq FROM events e {w} ORDER BY {} LIMIT {limit} OFFSET {}",
                            order_sql(f.sort),
                            f.offset
                        )
                    }
                };
                let t = std::time::Instant::now();
                let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
                for r in st
                    .query_map(params_from_iter(p.iter()), |r| r.get::<_, i64>(0))
                    .map_err(db_err)?
                {
                    seqs.push(r.map_err(db_err)?);
                }
                trace_slow(&sql, &p, t);
                total
            } else {
                let mut p = Vec::new();
                let w = c.events_where(&mut p);
                let sql = format!(
                    "SELECT e.lat, e.lon, e.seq FROM events e {w} ORDER BY {}",
                    order_sql(f.sort)
                );
                let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
                let rows = st
                    .query_map(params_from_iter(p.iter()), |r| {
                        Ok((
                            r.get::<_, Option<f64>>(0)?,
                            r.get::<_, Option<f64>>(1)?,
                            r.get::<_, i64>(2)?,
                        ))
                    })
                    .map_err(db_err)?;
                let mut total = 0;
                for r in rows {
                    let (lat, lon, seq) = r.map_err(db_err)?;
                    if c.post.iter().all(|g| g.keep(lat, lon)) {
                        if total >= f.offset && seqs.len() < limit {
                            seqs.push(seq);
                        }
                        total += 1;
                    }
                }
                total
            };
            Ok(Page {
                total,
                offset: f.offset,
                limit,
                items: load_events(conn, seqs)?,
            })
        })
    }

    /// Stream every event matching a filter (sort, offset and limit apply; `limit: 0` = all)
    /// to `f` in constant memory. Returns the number of events passed.
    pub fn for_each_event(
        &self,
        f: &EventFilter,
        mut cb: impl FnMut(StoredEvent) -> Result<(), StoreError>,
    ) -> Result<usize, StoreError> {
        crate::params::check_paging(f.offset, 0)?;
        let c = self.compile(f)?;
        if c.empty {
            return Ok(0);
        }
        let order = order_sql(f.sort);
        let limit = if f.limit == 0 { usize::MAX } else { f.limit };
        self.read(|conn| {
            let cache = |n: i64| {
                conn.execute_batch(&format!("PRAGMA cache_size={n}"))
                    .map_err(db_err)
            };
            cache(crate::db::STREAM_CACHE_SIZE)?;
            let r = (|| {
                let mut p = Vec::new();
                let w = c.events_where(&mut p);
                let sql = format!("SELECT e.lat, e.lon, e.seq FROM events e {w} ORDER BY {order}");
                let mut st = conn.prepare(&sql).map_err(db_err)?;
                let mut data_st = conn
                    .prepare_cached("SELECT data FROM event_json WHERE seq = ?1")
                    .map_err(db_err)?;
                let mut rows = st.query(params_from_iter(p.iter())).map_err(db_err)?;
                let (mut seen, mut passed) = (0usize, 0usize);
                while let Some(r) = rows.next().map_err(db_err)? {
                    if passed >= limit {
                        break;
                    }
                    let (lat, lon): (Option<f64>, Option<f64>) =
                        (r.get(0).map_err(db_err)?, r.get(1).map_err(db_err)?);
                    if !c.post.iter().all(|g| g.keep(lat, lon)) {
                        continue;
                    }
                    seen += 1;
                    if seen <= f.offset {
                        continue;
                    }
                    let seq: i64 = r.get(2).map_err(db_err)?;
                    let data: String = data_st.query_row([seq], |r| r.get(0)).map_err(db_err)?;
                    cb(parse_event(&data)?)?;
                    passed += 1;
                }
                Ok(passed)
            })();
            cache(crate::db::CACHE_SIZE)?;
            r
        })
    }

    /// One event by id.
    pub fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        self.read(|c| {
            let d: Option<String> = c
                .prepare_cached("SELECT j.data FROM events e JOIN event_json j ON j.seq = e.seq WHERE e.id = ?1")
                .map_err(db_err)?
                .query_row([id], |r| r.get(0))
                .optional()
                .map_err(db_err)?;
            d.map(|d| parse_event(&d)).transpose()
        })
    }

    /// Counts for a filter: totals, by type, month, governorate, and per day and type;
    /// `sources` is the number of distinct outlets. Cached until the next commit.
    pub fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        let c = self.compile(f)?;
        let gen = self.generation()?;
        let mut p = Vec::new();
        let w = c.events_where(&mut p);
        let sql = format!("SELECT e.event_type, substr(COALESCE(e.event_date, ''), 1, 10), COALESCE(e.admin1, ''), e.lat, e.lon, e.seq FROM events e {w}");
        let key = format!("{}|{}", cache_key(&sql, &p), c.empty);
        if let Ok(mut cache) = self.cache.lock() {
            if cache.gen != gen {
                *cache = QueryCache {
                    gen,
                    ..Default::default()
                };
            }
            if let Some(s) = cache.stats.get(&key) {
                return Ok(s.clone());
            }
        }
        let s = self.read(|conn| {
            let articles: i64 = conn
                .query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0))
                .map_err(db_err)?;
            let mut s = Stats {
                articles: articles as usize,
                ..Default::default()
            };
            if c.empty {
                return Ok(s);
            }
            let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
            let rows = st
                .query_map(params_from_iter(p.iter()), |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, Option<f64>>(3)?,
                        r.get::<_, Option<f64>>(4)?,
                        r.get::<_, i64>(5)?,
                    ))
                })
                .map_err(db_err)?;
            let mut kept: Vec<i64> = Vec::new();
            let mut matched: Vec<(String, String, String)> = Vec::new();
            for r in rows {
                let (t, d, a, lat, lon, seq) = r.map_err(db_err)?;
                if !c.post.iter().all(|g| g.keep(lat, lon)) {
                    continue;
                }
                if !c.post.is_empty() {
                    kept.push(seq);
                }
                matched.push((t, d, a));
            }
            fill_stats(&mut s, matched.into_iter());
            // Distinct outlets.
            s.sources = if c.post.is_empty() {
                let mut all = KeyFilter::new(index::OUTLET, Vec::new());
                all.any = true;
                let mut p = Vec::new();
                let w = c.keys_where(&all, &mut p);
                conn.prepare_cached(&format!(
                    "SELECT COUNT(DISTINCT k.key) FROM event_keys k {w}"
                ))
                .map_err(db_err)?
                .query_row(params_from_iter(p.iter()), |r| r.get::<_, i64>(0))
                .map_err(db_err)?
                .max(0) as usize
            } else {
                let mut st = conn
                    .prepare_cached("SELECT key FROM event_keys WHERE seq = ?1 AND kind = ?2")
                    .map_err(db_err)?;
                let mut outlets: HashSet<String> = HashSet::new();
                for seq in kept {
                    for k in st
                        .query_map(params![seq, index::OUTLET], |r| r.get::<_, String>(0))
                        .map_err(db_err)?
                    {
                        outlets.insert(k.map_err(db_err)?);
                    }
                }
                outlets.len()
            };
            Ok(s)
        })?;
        if let Ok(mut cache) = self.cache.lock() {
            if cache.gen == gen {
                if cache.stats.len() >= 64 {
                    cache.stats.clear();
                }
                cache.stats.insert(key, s.clone());
            }
        }
        Ok(s)
    }

    /// Full-text search over articles (BM25, Arabic-aware), with highlighted snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        let text = q.text.trim();
        if text.is_empty() {
            return Err(StoreError::BadQuery("empty search text".into()));
        }
        crate::params::check_paging(q.offset, q.limit)?;
        // Articles another writer stored but could not index (it found the index writer busy)
        // are indexed now, so that every stored article is searchable.
        let pending: bool = self.read(|c| {
            c.query_row("SELECT EXISTS(SELECT 1 FROM unindexed)", [], |r| r.get(0))
                .map_err(db_err)
        })?;
        if pending {
            if let Err(e) = self.index_pending(std::time::Duration::ZERO) {
                tracing::warn!("indexing stored articles before a search failed: {e}");
            }
        }
        // Commits of other processes are visible at once.
        self.ft.refresh();
        let limit = if q.limit == 0 { 20 } else { q.limit.min(1000) };
        let from = norm_date(&q.date_from, "date_from")?.map(|d| widen(&d, false));
        let to = norm_date(&q.date_to, "date_to")?.map(|d| widen(&d, true));
        let day = |d: &Option<String>| d.as_deref().and_then(day_key);
        let source = q
            .source
            .as_deref()
            .map(|s| s.trim().to_lowercase())
            .filter(|s| !s.is_empty());
        let (total, hits) = self.ft.search(
            text,
            day(&from),
            day(&to),
            source.as_deref(),
            limit,
            q.offset,
        )?;
        let mut qterms: HashSet<String> = HashSet::new();
        index_terms(text, |_, _, t| {
            qterms.insert(t.to_string());
        });
        let items = self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT id, title, url, source, published, doc FROM articles WHERE seq = ?1",
                )
                .map_err(db_err)?;
            let mut out = Vec::with_capacity(hits.len());
            for (score, seq) in &hits {
                let row: Option<HitRow> = st
                    .query_row(params![*seq as i64], |r| {
                        Ok((
                            r.get(0)?,
                            r.get(1)?,
                            r.get(2)?,
                            r.get(3)?,
                            r.get(4)?,
                            r.get(5)?,
                        ))
                    })
                    .optional()
                    .map_err(db_err)?;
                let Some((id, title, url, source, published, doc)) = row else {
                    continue;
                };
                let body = serde_json::from_str::<Document>(&doc)
                    .map(|d| d.text)
                    .unwrap_or_default();
                let (snippet, highlights) = snippet(&body, &qterms);
                out.push(SearchHit {
                    article_id: id,
                    title,
                    url,
                    source,
                    published,
                    score: *score,
                    snippet,
                    highlights,
                });
            }
            Ok(out)
        })?;
        Ok(Page {
            total,
            offset: q.offset,
            limit,
            items,
        })
    }

    /// All zones.
    pub fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        self.read(|c| {
            let mut st = c
                .prepare_cached(
                    "SELECT id, name, geometry, created_at FROM zones ORDER BY created_at, id",
                )
                .map_err(db_err)?;
            let rows = st
                .query_map([], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                        r.get::<_, String>(3)?,
                    ))
                })
                .map_err(db_err)?;
            let mut out = Vec::new();
            for r in rows {
                let (id, name, g, created_at) = r.map_err(db_err)?;
                out.push(zone_of(id, name, g, created_at)?);
            }
            Ok(out)
        })
    }

    pub fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        Ok(self.zones()?.into_iter().find(|z| z.id == id))
    }

    /// Create a zone (validated: known road, closed polygon of ≥ 3 points).
    pub fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        let (zone, geometry) = new_zone(spec)?;
        self.write_conn(|c| {
            c.execute("INSERT OR REPLACE INTO zones(id, name, geometry, created_at) VALUES (?1, ?2, ?3, ?4)", params![zone.id, zone.name, geometry, zone.created_at])
                .map_err(db_err)
                .map(|_| ())
        })?;
        Ok(zone)
    }

    /// Delete a zone; `Ok(false)` if there was none.
    pub fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        self.write_conn(|c| {
            // The zone's webhooks and their deliveries go with it.
            c.execute(
                "DELETE FROM webhook_deliveries WHERE webhook_id IN (SELECT id FROM zone_webhooks WHERE zone_id = ?1)",
                [id],
            )
            .map_err(db_err)?;
            c.execute("DELETE FROM zone_webhooks WHERE zone_id = ?1", [id])
                .map_err(db_err)?;
            c.execute("DELETE FROM zones WHERE id = ?1", [id])
                .map(|n| n > 0)
                .map_err(db_err)
        })
    }

    /// Events inside a zone, with further filters.
    pub fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        let mut f = f.clone();
        f.zone = Some(id.to_string());
        self.events(&f)
    }
}

/// A stored zone row.
pub(crate) fn zone_of(
    id: String,
    name: String,
    geometry: String,
    created_at: String,
) -> Result<Zone, StoreError> {
    let geometry = serde_json::from_str(&geometry)
        .map_err(|e| StoreError::Db(format!("zone {id}: geometry unreadable: {e}")))?;
    Ok(Zone {
        id,
        name,
        geometry,
        created_at,
    })
}

/// A new zone from a spec (validated: known road, closed polygon of ≥ 3 points) and its
/// geometry as stored (JSON).
pub(crate) fn new_zone(spec: ZoneSpec) -> Result<(Zone, String), StoreError> {
    zone_filter(&spec.geometry)?;
    let name = spec.name.trim().to_string();
    if name.is_empty() {
        return Err(StoreError::BadQuery("zone name is empty".into()));
    }
    let geometry =
        serde_json::to_string(&spec.geometry).map_err(|e| StoreError::BadQuery(e.to_string()))?;
    let created_at = now_iso();
    let id = format!(
        "z{:012x}",
        crate::db::fnv64(format!("{name}|{geometry}|{created_at}").as_bytes()) & 0xffff_ffff_ffff
    );
    Ok((
        Zone {
            id,
            name,
            geometry: spec.geometry,
            created_at,
        },
        geometry,
    ))
}

/// Fill the counts of `s` from the matching events' (type, date, first-level area).
pub(crate) fn fill_stats(s: &mut Stats, rows: impl Iterator<Item = (String, String, String)>) {
    use std::collections::BTreeMap;
    let (mut by_type, mut by_month, mut by_admin1, mut by_day_type) = (
        BTreeMap::<String, usize>::new(),
        BTreeMap::<String, usize>::new(),
        BTreeMap::<String, usize>::new(),
        BTreeMap::<(String, String), usize>::new(),
    );
    for (t, d, a) in rows {
        s.events += 1;
        *by_month
            .entry(d.get(..7).unwrap_or("unknown").to_string())
            .or_default() += 1;
        *by_admin1
            .entry(if a.is_empty() { "unknown".into() } else { a })
            .or_default() += 1;
        if !d.is_empty() {
            *by_day_type.entry((d, t.clone())).or_default() += 1;
        }
        *by_type.entry(t).or_default() += 1;
    }
    let sorted = |m: BTreeMap<String, usize>| {
        let mut v: Vec<(String, usize)> = m.into_iter().collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        v
    };
    s.by_type = sorted(by_type);
    s.by_admin1 = sorted(by_admin1);
    s.by_month = by_month.into_iter().collect();
    s.by_day_type = by_day_type
        .into_iter()
        .map(|((d, t), n)| (d, t, n))
        .collect();
}

/// id, title, url, source, published, doc JSON.
type HitRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

pub(crate) fn order_sql(sort: EventSort) -> &'static str {
    match sort {
        EventSort::DateDesc => "e.event_date DESC, e.seq DESC",
        EventSort::DateAsc => "e.event_date ASC, e.seq ASC",
        EventSort::FatalitiesDesc => "e.fatalities DESC, e.event_date DESC, e.seq DESC",
    }
}

/// The same orders on `event_keys k` (`day` is `''` where `event_date` is NULL: same order).
fn order_keys_sql(sort: EventSort) -> &'static str {
    match sort {
        EventSort::DateDesc => "k.day DESC, k.seq DESC",
        EventSort::DateAsc => "k.day ASC, k.seq ASC",
        EventSort::FatalitiesDesc => "k.fatalities DESC, k.day DESC, k.seq DESC",
    }
}

/// The stored events `seqs`, in that order.
fn load_events(conn: &Connection, seqs: Vec<i64>) -> Result<Vec<StoredEvent>, StoreError> {
    // One read transaction for all lookups (not one per statement: each costs file locks).
    let own = conn.is_autocommit();
    if own {
        conn.execute_batch("BEGIN").map_err(db_err)?;
    }
    let r = (|| {
        let mut st = conn
            .prepare_cached("SELECT data FROM event_json WHERE seq = ?1")
            .map_err(db_err)?;
        let mut items = Vec::with_capacity(seqs.len());
        for seq in seqs {
            // An event deleted since the page was chosen (a concurrent update) is left out.
            let data: Option<String> = st
                .query_row([seq], |r| r.get(0))
                .optional()
                .map_err(db_err)?;
            if let Some(data) = data {
                items.push(parse_event(&data)?);
            }
        }
        Ok(items)
    })();
    if own {
        let _ = conn.execute_batch("COMMIT");
    }
    r
}

pub(crate) fn parse_event(data: &str) -> Result<StoredEvent, StoreError> {
    serde_json::from_str::<StoredEvent>(data)
        .map_err(|e| StoreError::Db(format!("stored event unreadable: {e}")))
}

/// A window of `body` around the first query-term hit, with hit ranges as char offsets into it.
pub(crate) fn snippet(body: &str, qterms: &HashSet<String>) -> (String, Vec<(usize, usize)>) {
    let mut hits: Vec<(usize, usize)> = Vec::new();
    index_terms(body, |a, b, t| {
        if qterms.contains(t) {
            hits.push((a, b));
        }
    });
    let first = hits.first().map(|h| h.0).unwrap_or(0);
    // Window in chars around the first hit, snapped to char boundaries.
    let mut start = first;
    for _ in 0..SNIPPET_CONTEXT {
        match body[..start].chars().next_back() {
            Some(c) => start -= c.len_utf8(),
            None => break,
        }
    }
    let mut end = first;
    for _ in 0..SNIPPET_CONTEXT * 2 {
        match body[end..].chars().next() {
            Some(c) => end += c.len_utf8(),
            None => break,
        }
    }
    let mut snip = String::new();
    let prefix = if start > 0 { "…" } else { "" };
    snip.push_str(prefix);
    let base = prefix.chars().count();
    snip.push_str(&body[start..end]);
    let mut hl = Vec::new();
    for (a, b) in hits {
        if a >= start && b <= end {
            let ca = base + body[start..a].chars().count();
            let cb = ca + body[a..b].chars().count();
            hl.push((ca, cb));
        }
    }
    if end < body.len() {
        snip.push('…');
    }
    (snip, hl)
}
