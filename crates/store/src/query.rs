//! Read queries: full-text search, event filters, statistics, zones.

use crate::analyzer::index_terms;
use crate::api::*;
use crate::db::{db_err, now_iso};
use crate::fulltext::day_key;
use crate::geo;
use crate::store::Store;
use rasd_doc::Document;
use rusqlite::types::Value;
use rusqlite::{params, params_from_iter, OptionalExtension};
use std::collections::HashSet;

/// Default page size when a query says `limit: 0`.
pub const DEFAULT_LIMIT: usize = 100;
/// Characters of context on each side of the first hit in a snippet.
const SNIPPET_CONTEXT: usize = 90;

fn norm_date(s: &Option<String>, what: &str) -> Result<Option<String>, StoreError> {
    match s.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(d) => {
            let ok = d.len() >= 4
                && d.as_bytes()[..4].iter().all(u8::is_ascii_digit)
                && d.chars().all(|c| c.is_ascii_digit() || c == '-');
            if ok {
                Ok(Some(d.to_string()))
            } else {
                Err(StoreError::BadQuery(format!(
                    "{what}: expected a date like 2024-03-01, got {d:?}"
                )))
            }
        }
    }
}

/// Widen a partial date to the first/last day it covers (`2024` → `2024-01-01` / `2024-12-31`).
fn widen(d: &str, end: bool) -> String {
    match (d.len(), end) {
        (4, false) => format!("{d}-01-01"),
        (4, true) => format!("{d}-12-31"),
        (7, false) => format!("{d}-01"),
        (7, true) => format!("{d}-31"),
        _ => d.to_string(),
    }
}

/// A compiled road/zone geometry filter applied after SQL.
enum GeoFilter {
    /// Road line as (lon, lat) and the distance in km.
    Corridor(Vec<(f64, f64)>, f64),
    Polygon(Vec<Vec<[f64; 2]>>),
}

impl GeoFilter {
    fn keep(&self, lat: Option<f64>, lon: Option<f64>) -> bool {
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

fn zone_filter(g: &ZoneGeometry) -> Result<GeoFilter, StoreError> {
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

/// SQL WHERE clause and parameters for an event filter, plus the geometry post-filters.
struct Compiled {
    where_sql: String,
    params: Vec<Value>,
    post: Vec<GeoFilter>,
}

impl Store {
    fn compile(&self, f: &EventFilter) -> Result<Compiled, StoreError> {
        let mut w: Vec<String> = Vec::new();
        let mut p: Vec<Value> = Vec::new();
        let mut post = Vec::new();
        if !f.include_background {
            w.push("salience = 'main'".into());
        }
        if let Some(d) = norm_date(&f.date_from, "date_from")? {
            w.push("event_date >= ?".into());
            p.push(Value::Text(widen(&d, false)));
        }
        if let Some(d) = norm_date(&f.date_to, "date_to")? {
            w.push("event_date <= ?".into());
            p.push(Value::Text(widen(&d, true)));
        }
        let nonempty = |s: &Option<String>| {
            s.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
        };
        if let Some(t) = nonempty(&f.event_type) {
            w.push("event_type = ? COLLATE NOCASE".into());
            p.push(Value::Text(t));
        }
        if let Some(t) = nonempty(&f.sub_event_type) {
            w.push("sub_event_type = ? COLLATE NOCASE".into());
            p.push(Value::Text(t));
        }
        if let Some(a) = nonempty(&f.actor) {
            w.push("instr(actors, ?) > 0".into());
            p.push(Value::Text(a.to_lowercase()));
        }
        if let Some(a) = nonempty(&f.place) {
            w.push("instr(places, ?) > 0".into());
            p.push(Value::Text(format!("|{}|", a.to_lowercase())));
        }
        if let Some(c) = nonempty(&f.country) {
            let name = crate::aggregate::country_info(Some(&c))
                .map(|i| i.name.to_string())
                .unwrap_or(c);
            w.push("country = ? COLLATE NOCASE".into());
            p.push(Value::Text(name));
        }
        if let Some(s) = nonempty(&f.source) {
            w.push("instr(sources, ?) > 0".into());
            p.push(Value::Text(s.to_lowercase()));
        }
        if let Some(n) = f.min_fatalities {
            w.push("fatalities >= ?".into());
            p.push(Value::Integer(n as i64));
        }
        if let Some(t) = nonempty(&f.text) {
            let mut conds: Vec<&str> = Vec::new();
            index_terms(&t, |_, _, term| {
                conds.push("instr(evterms, ?) > 0");
                p.push(Value::Text(format!(" {term} ")));
            });
            if conds.is_empty() {
                return Err(StoreError::BadQuery(format!(
                    "text filter {t:?} has no searchable words"
                )));
            }
            w.push(format!(
                "seq IN (SELECT seq FROM event_json WHERE {})",
                conds.join(" AND ")
            ));
        }
        if let Some(road) = nonempty(&f.near_road) {
            post.push(road_filter(&road, f.road_km.unwrap_or(5.0))?);
        }
        if let Some(z) = nonempty(&f.zone) {
            let zone = self
                .zone(&z)?
                .ok_or_else(|| StoreError::NotFound(format!("zone {z}")))?;
            post.push(zone_filter(&zone.geometry)?);
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
        for b in boxes {
            // `+lat`: keep the planner on the date index (ordered scan, early LIMIT stop); a
            // lat-index range over a wide box followed by a sort is much slower.
            w.push("+lat BETWEEN ? AND ? AND +lon BETWEEN ? AND ?".into());
            p.extend([
                Value::Real(b[1]),
                Value::Real(b[3]),
                Value::Real(b[0]),
                Value::Real(b[2]),
            ]);
        }
        let where_sql = if w.is_empty() {
            String::new()
        } else {
            format!("WHERE {}", w.join(" AND "))
        };
        Ok(Compiled {
            where_sql,
            params: p,
            post,
        })
    }

    /// Events matching a filter, one page.
    pub fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        let c = self.compile(f)?;
        let limit = if f.limit == 0 { DEFAULT_LIMIT } else { f.limit };
        let order = order_sql(f.sort);
        self.read(|conn| {
            let mut seqs: Vec<i64> = Vec::with_capacity(limit.min(1000));
            let total = if c.post.is_empty() {
                let total: i64 = conn
                    .prepare_cached(&format!("SELECT COUNT(*) FROM events {}", c.where_sql))
                    .map_err(db_err)?
                    .query_row(params_from_iter(c.params.iter()), |r| r.get(0))
                    .map_err(db_err)?;
                let sql = format!(
                    "SELECT seq FROM events {} ORDER BY {order} LIMIT {limit} OFFSET {}",
                    c.where_sql, f.offset
                );
                let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
                for r in st
                    .query_map(params_from_iter(c.params.iter()), |r| r.get::<_, i64>(0))
                    .map_err(db_err)?
                {
                    seqs.push(r.map_err(db_err)?);
                }
                total as usize
            } else {
                let sql = format!(
                    "SELECT lat, lon, seq FROM events {} ORDER BY {order}",
                    c.where_sql
                );
                let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
                let rows = st
                    .query_map(params_from_iter(c.params.iter()), |r| {
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
            let mut st = conn
                .prepare_cached("SELECT data FROM event_json WHERE seq = ?1")
                .map_err(db_err)?;
            let mut items = Vec::with_capacity(seqs.len());
            for seq in seqs {
                let data: String = st.query_row([seq], |r| r.get(0)).map_err(db_err)?;
                items.push(parse_event(&data)?);
            }
            Ok(Page {
                total,
                offset: f.offset,
                limit,
                items,
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
        let c = self.compile(f)?;
        let order = order_sql(f.sort);
        let limit = if f.limit == 0 { usize::MAX } else { f.limit };
        self.read(|conn| {
            let sql = format!(
                "SELECT lat, lon, seq FROM events {} ORDER BY {order}",
                c.where_sql
            );
            let mut st = conn.prepare(&sql).map_err(db_err)?;
            let mut data_st = conn
                .prepare_cached("SELECT data FROM event_json WHERE seq = ?1")
                .map_err(db_err)?;
            let mut rows = st
                .query(params_from_iter(c.params.iter()))
                .map_err(db_err)?;
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

    /// Counts for a filter: totals, by type, month, governorate, and per day and type.
    pub fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        let c = self.compile(f)?;
        self.read(|conn| {
            let articles: i64 = conn.query_row("SELECT COUNT(*) FROM articles", [], |r| r.get(0)).map_err(db_err)?;
            let mut s = Stats { articles: articles as usize, ..Default::default() };
            let sql = format!("SELECT event_type, substr(COALESCE(event_date, ''), 1, 10), COALESCE(admin1, ''), n_sources, lat, lon FROM events {}", c.where_sql);
            let mut st = conn.prepare_cached(&sql).map_err(db_err)?;
            let rows = st
                .query_map(params_from_iter(c.params.iter()), |r| {
                    Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?, r.get::<_, i64>(3)?, r.get::<_, Option<f64>>(4)?, r.get::<_, Option<f64>>(5)?))
                })
                .map_err(db_err)?;
            use std::collections::BTreeMap;
            let (mut by_type, mut by_month, mut by_admin1, mut by_day_type) =
                (BTreeMap::<String, usize>::new(), BTreeMap::<String, usize>::new(), BTreeMap::<String, usize>::new(), BTreeMap::<(String, String), usize>::new());
            for r in rows {
                let (t, d, a, n, lat, lon) = r.map_err(db_err)?;
                if !c.post.iter().all(|g| g.keep(lat, lon)) {
                    continue;
                }
                s.events += 1;
                s.sources += n.max(0) as usize;
                *by_month.entry(d.get(..7).unwrap_or("unknown").to_string()).or_default() += 1;
                *by_admin1.entry(if a.is_empty() { "unknown".into() } else { a }).or_default() += 1;
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
            s.by_day_type = by_day_type.into_iter().map(|((d, t), n)| (d, t, n)).collect();
            Ok(s)
        })
    }

    /// Full-text search over articles (BM25, Arabic-aware), with highlighted snippets.
    pub fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        let text = q.text.trim();
        if text.is_empty() {
            return Err(StoreError::BadQuery("empty search text".into()));
        }
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
                let geometry = serde_json::from_str(&g)
                    .map_err(|e| StoreError::Db(format!("zone {id}: geometry unreadable: {e}")))?;
                out.push(Zone {
                    id,
                    name,
                    geometry,
                    created_at,
                });
            }
            Ok(out)
        })
    }

    pub fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        Ok(self.zones()?.into_iter().find(|z| z.id == id))
    }

    /// Create a zone (validated: known road, closed polygon of ≥ 3 points).
    pub fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        zone_filter(&spec.geometry)?;
        let name = spec.name.trim().to_string();
        if name.is_empty() {
            return Err(StoreError::BadQuery("zone name is empty".into()));
        }
        let geometry = serde_json::to_string(&spec.geometry)
            .map_err(|e| StoreError::BadQuery(e.to_string()))?;
        let created_at = now_iso();
        let id = format!(
            "z{:012x}",
            crate::db::fnv64(format!("{name}|{geometry}|{created_at}").as_bytes())
                & 0xffff_ffff_ffff
        );
        self.write_conn(|c| {
            c.execute("INSERT OR REPLACE INTO zones(id, name, geometry, created_at) VALUES (?1, ?2, ?3, ?4)", params![id, name, geometry, created_at])
                .map_err(db_err)
                .map(|_| ())
        })?;
        Ok(Zone {
            id,
            name,
            geometry: spec.geometry,
            created_at,
        })
    }

    /// Delete a zone; `Ok(false)` if there was none.
    pub fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        self.write_conn(|c| {
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

/// id, title, url, source, published, doc JSON.
type HitRow = (
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    String,
);

fn order_sql(sort: EventSort) -> &'static str {
    match sort {
        EventSort::DateDesc => "event_date DESC, seq DESC",
        EventSort::DateAsc => "event_date ASC, seq ASC",
        EventSort::FatalitiesDesc => "fatalities DESC, event_date DESC, seq DESC",
    }
}

fn parse_event(data: &str) -> Result<StoredEvent, StoreError> {
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
