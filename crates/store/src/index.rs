//! Index tables that make event filters index-only at 1,000,000 articles (schema migration 2).
//!
//! `event_keys(kind, key, main, day, seq, event_type, sub_event_type, fatalities, lat, lon, km)`
//! is a `WITHOUT ROWID` table ordered by `(kind, key, main, day, seq)`: one row per event and
//! filter key, carrying copies of the columns most filters test (type, sub-type, fatalities,
//! coordinates, road distance), so counting and paging one key never touches the `events` table
//! and pages come out already ordered by date. Kinds:
//! - [`ACTOR`]: each actor/associated actor, normalized ([`name_norm`]);
//! - [`PLACE`]: location, admin1–3, country, the Arabic surface forms reported, and the Arabic
//!   names the gazetteer gives for the English ones ([`place_key`]: so `إدلب`, `Idlib`,
//!   `idlib` meet);
//! - [`OUTLET`]: each reporting outlet, normalized;
//! - [`CELL`]: a 0.1° grid cell of the event's coordinates (bounding-box prefilter; the exact
//!   box test uses the row's `lat`/`lon`);
//! - [`ROAD`]: `ROAD_REF:KM` with KM the whole kilometres to a gazetteer road (rows only within
//!   [`ROAD_INDEX_KM`]); `km` holds the exact distance.
//!
//! `key_vocab(kind, key)` lists the distinct actor and outlet keys so a substring filter
//! (`--actor "tahrir"`) expands to exact keys without scanning events.
//!
//! The tables are derived data: `write_event_keys` rewrites one event's rows wherever the
//! event row is (re)written, `backfill` rebuilds them all (migration, road-set change).

use crate::api::{StoreError, StoredEvent};
use crate::db::db_err;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};
use std::sync::OnceLock;

pub const ACTOR: i64 = 1;
pub const PLACE: i64 = 2;
pub const OUTLET: i64 = 3;
pub const CELL: i64 = 5;
pub const ROAD: i64 = 6;

/// Road distances are indexed up to this many km; farther queries fall back to a scan.
pub const ROAD_INDEX_KM: f64 = 50.0;
/// Grid cell size in degrees for the bounding-box prefilter.
pub const CELL_DEG: f64 = 0.1;

/// Schema of migration 2 (see the module docs).
pub(crate) const MIGRATION_2: &str = r#"
CREATE TABLE event_keys(
  kind INTEGER NOT NULL,
  key TEXT NOT NULL,
  main INTEGER NOT NULL,
  day TEXT NOT NULL,
  seq INTEGER NOT NULL,
  event_type TEXT NOT NULL,
  sub_event_type TEXT NOT NULL,
  fatalities INTEGER,
  lat REAL,
  lon REAL,
  km REAL,
  PRIMARY KEY(kind, key, main, day, seq)
) WITHOUT ROWID;
CREATE INDEX event_keys_seq ON event_keys(seq, kind, key);
CREATE TABLE key_vocab(kind INTEGER NOT NULL, key TEXT NOT NULL, PRIMARY KEY(kind, key)) WITHOUT ROWID;
CREATE INDEX events_main_date ON events(event_date) WHERE salience = 'main';
CREATE INDEX events_main_type_date ON events(event_type, event_date) WHERE salience = 'main';
"#;

/// Lower-case, Arabic-normalized (`rasd_arabic::normalize_key`), hyphens/apostrophes/underscores
/// as spaces, whitespace collapsed.
pub fn name_norm(s: &str) -> String {
    let k = crate::dedup::name_key(s);
    let mut out = String::with_capacity(k.len());
    for w in k
        .split(|c: char| c.is_whitespace() || matches!(c, '-' | '_' | '\'' | '’' | '`' | 'ʼ'))
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    out
}

/// Key of a place name: [`name_norm`] without a leading article (`ال`, `al `, `el `), so
/// `الرقة` / `Raqqa` / `Ar-Raqqa` variants and `إدلب` / `ادلب` meet.
pub fn place_key(s: &str) -> String {
    let n = name_norm(s);
    for p in ["ال", "al ", "el ", "ar ", "as ", "ad ", "an ", "at ", "az "] {
        if let Some(r) = n.strip_prefix(p) {
            if !r.is_empty() {
                return r.to_string();
            }
        }
    }
    n
}

/// Arabic keys of English gazetteer names (admin areas, populated places), built once.
fn arabic_of() -> &'static HashMap<String, Vec<String>> {
    static M: OnceLock<HashMap<String, Vec<String>>> = OnceLock::new();
    M.get_or_init(|| {
        let g = rasd_geo::Gazetteer::embedded();
        let mut m: HashMap<String, Vec<String>> = HashMap::new();
        let mut add = |en: &str, ar: &str| {
            if en.trim().is_empty() || ar.trim().is_empty() {
                return;
            }
            let v = m.entry(place_key(en)).or_default();
            let a = place_key(ar);
            if !v.contains(&a) && v.len() < 4 {
                v.push(a);
            }
        };
        for a in g.admin1_polygons().chain(g.admin2_polygons()) {
            add(&a.name_en, &a.name_ar);
        }
        for e in g.entries() {
            if e.kind.is_admin() || e.kind.is_populated() {
                add(&e.name_en, &e.name_ar);
            }
        }
        m
    })
}

/// A road reference and its polyline as (lon, lat) vertices.
type RoadLine = (String, Vec<(f64, f64)>);

/// Road references and polylines of the embedded gazetteer (plus `RASD_DATA`).
fn roads() -> &'static [RoadLine] {
    static R: OnceLock<Vec<RoadLine>> = OnceLock::new();
    R.get_or_init(|| {
        rasd_geo::Gazetteer::embedded()
            .roads()
            .iter()
            .map(|r| {
                (
                    r.reference.clone(),
                    r.line.iter().map(|&(lon, lat)| (lon, lat)).collect(),
                )
            })
            .collect()
    })
}

/// Fingerprint of the indexed road set (stored in `meta`; a change rebuilds the road rows).
pub fn roads_fingerprint() -> String {
    let mut h = String::new();
    for (r, line) in roads() {
        h.push_str(r);
        h.push(':');
        h.push_str(&line.len().to_string());
        h.push(';');
    }
    format!("{:016x}", crate::db::fnv64(h.as_bytes()))
}

/// Canonical reference of a road id or reference (`road:M4`, `m4` → `M4`).
pub fn road_ref(id: &str) -> Option<String> {
    rasd_geo::Gazetteer::embedded()
        .road(id.trim())
        .map(|r| r.reference.clone())
}

/// Grid cell key of a point.
pub fn cell_key(lat: f64, lon: f64) -> String {
    let (a, b) = cell_ix(lat, lon);
    format!("{a}:{b}")
}

pub(crate) fn cell_ix(lat: f64, lon: f64) -> (i64, i64) {
    (
        (lat / CELL_DEG).floor() as i64,
        (lon / CELL_DEG).floor() as i64,
    )
}

/// The filter-index rows of an event: (kind, key) → exact road distance (for [`ROAD`] rows).
/// `places_ar` are the Arabic place names its reports carried. Shared by both backends.
pub(crate) fn event_key_rows(
    ev: &StoredEvent,
    places_ar: &[&str],
) -> BTreeMap<(i64, String), Option<f64>> {
    let mut rows: BTreeMap<(i64, String), Option<f64>> = BTreeMap::new();
    for a in [&ev.actor1, &ev.assoc_actor1, &ev.actor2, &ev.assoc_actor2]
        .into_iter()
        .flatten()
    {
        // Associated actors may list several, separated by `;`.
        for part in a.split(';') {
            let k = name_norm(part);
            if !k.is_empty() {
                rows.insert((ACTOR, k), None);
            }
        }
    }
    for s in &ev.sources {
        if let Some(o) = s.outlet.as_deref() {
            let k = name_norm(o);
            if !k.is_empty() {
                rows.insert((OUTLET, k), None);
            }
        }
    }
    let en = [
        &ev.location,
        &ev.admin1,
        &ev.admin2,
        &ev.admin3,
        &ev.country,
    ];
    for p in en.into_iter().flatten() {
        let k = place_key(p);
        if k.is_empty() {
            continue;
        }
        if let Some(ars) = arabic_of().get(&k) {
            for a in ars {
                rows.insert((PLACE, a.clone()), None);
            }
        }
        rows.insert((PLACE, k), None);
    }
    for p in places_ar {
        let k = place_key(p);
        if !k.is_empty() {
            rows.insert((PLACE, k), None);
        }
    }
    if let (Some(lat), Some(lon)) = (ev.lat, ev.lon) {
        if lat.is_finite() && lon.is_finite() {
            rows.insert((CELL, cell_key(lat, lon)), None);
            for (r, line) in roads() {
                let d = rasd_geo::geom::distance_to_polyline_km((lat, lon), line);
                if d.is_finite() && d <= ROAD_INDEX_KM {
                    rows.insert((ROAD, format!("{r}:{}", d.floor() as i64)), Some(d));
                }
            }
        }
    }
    rows
}

/// Rewrite the index rows of event `seq` (call after the event row changed). `places_ar` are
/// the Arabic place names its reports carried.
pub(crate) fn write_event_keys(
    c: &Connection,
    seq: i64,
    ev: &StoredEvent,
    places_ar: &[&str],
) -> Result<(), StoreError> {
    delete_event_keys(c, seq)?;
    let main = (ev.salience == "main") as i64;
    let day = ev.event_date.as_deref().unwrap_or("");
    let rows = event_key_rows(ev, places_ar);
    let mut ins = c
        .prepare_cached(
            "INSERT OR IGNORE INTO event_keys(kind, key, main, day, seq, event_type, sub_event_type, fatalities, lat, lon, km) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        )
        .map_err(db_err)?;
    let mut voc = c
        .prepare_cached("INSERT OR IGNORE INTO key_vocab(kind, key) VALUES (?1, ?2)")
        .map_err(db_err)?;
    for ((kind, key), km) in &rows {
        ins.execute(params![
            kind,
            key,
            main,
            day,
            seq,
            ev.event_type,
            ev.sub_event_type,
            ev.fatalities.map(|f| f as i64),
            ev.lat,
            ev.lon,
            km
        ])
        .map_err(db_err)?;
        if matches!(*kind, ACTOR | OUTLET) {
            voc.execute(params![kind, key]).map_err(db_err)?;
        }
    }
    Ok(())
}

/// Schema of migration 6: evidence terms per event, for the `text` filter. `WITHOUT ROWID`
/// ordered by `(term, seq)`: a term's events are one range (counted index-only with the
/// salience and date copies), and `(term, seq)` probes are primary-key lookups.
pub(crate) const MIGRATION_6: &str = r#"
CREATE TABLE event_terms(
  term TEXT NOT NULL,
  seq INTEGER NOT NULL,
  main INTEGER NOT NULL,
  day TEXT NOT NULL,
  PRIMARY KEY(term, seq)
) WITHOUT ROWID;
"#;

/// Remove the term rows of event `seq`, using its stored terms (`event_json.evterms`): call
/// before that row is replaced or deleted.
pub(crate) fn delete_event_terms(c: &Connection, seq: i64) -> Result<(), StoreError> {
    let old: Option<String> = c
        .prepare_cached("SELECT evterms FROM event_json WHERE seq = ?1")
        .map_err(db_err)?
        .query_row([seq], |r| r.get(0))
        .optional()
        .map_err(db_err)?;
    if let Some(old) = old {
        let mut del = c
            .prepare_cached("DELETE FROM event_terms WHERE term = ?1 AND seq = ?2")
            .map_err(db_err)?;
        for t in old.split(' ').filter(|t| !t.is_empty()) {
            del.execute(params![t, seq]).map_err(db_err)?;
        }
    }
    Ok(())
}

/// Insert the term rows of event `seq` (after [`delete_event_terms`]).
pub(crate) fn write_event_terms(
    c: &Connection,
    seq: i64,
    ev: &StoredEvent,
    terms: &[&str],
) -> Result<(), StoreError> {
    let main = (ev.salience == "main") as i64;
    let day = ev.event_date.as_deref().unwrap_or("");
    let mut ins = c
        .prepare_cached(
            "INSERT OR REPLACE INTO event_terms(term, seq, main, day) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    for t in terms {
        if !t.is_empty() {
            ins.execute(params![t, seq, main, day]).map_err(db_err)?;
        }
    }
    Ok(())
}

/// Fill `event_terms` from the stored events (migration 6). Returns the number of events.
pub(crate) fn backfill_terms(c: &Connection) -> Result<usize, StoreError> {
    c.execute("DELETE FROM event_terms", []).map_err(db_err)?;
    let mut st = c
        .prepare(
            "SELECT j.seq, j.evterms, e.salience = 'main', COALESCE(e.event_date, '') \
             FROM event_json j JOIN events e ON e.seq = j.seq",
        )
        .map_err(db_err)?;
    let mut rows = st.query([]).map_err(db_err)?;
    let mut ins = c
        .prepare_cached(
            "INSERT OR REPLACE INTO event_terms(term, seq, main, day) VALUES (?1, ?2, ?3, ?4)",
        )
        .map_err(db_err)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(db_err)? {
        let seq: i64 = r.get(0).map_err(db_err)?;
        let terms: String = r.get(1).map_err(db_err)?;
        let main: i64 = r.get(2).map_err(db_err)?;
        let day: String = r.get(3).map_err(db_err)?;
        for t in terms.split(' ').filter(|t| !t.is_empty()) {
            ins.execute(params![t, seq, main, day]).map_err(db_err)?;
        }
        n += 1;
    }
    Ok(n)
}

/// Rebuild the stored evidence terms (`reports.terms`, `event_json.evterms`, `event_terms`)
/// when the analyzer's fingerprint differs from the one recorded in `meta` (`analyzer`). A
/// database without a recorded fingerprint (created before it was recorded) is taken as
/// current. Returns (reports, events) rebuilt, or `None` when nothing had to be done.
pub(crate) fn refresh_terms(conn: &mut Connection) -> Result<Option<(usize, usize)>, StoreError> {
    let fp = crate::analyzer::analyzer_fingerprint().to_string();
    let stored: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = 'analyzer'", [], |r| {
            r.get(0)
        })
        .optional()
        .map_err(db_err)?;
    let record = |c: &Connection| {
        c.execute(
            "INSERT OR REPLACE INTO meta(key, value) VALUES ('analyzer', ?1)",
            [&fp],
        )
        .map_err(db_err)
    };
    match stored {
        Some(s) if s == fp => return Ok(None),
        None => {
            record(conn)?;
            return Ok(None);
        }
        Some(_) => {}
    }
    let tx = conn.transaction().map_err(db_err)?;
    // 1. Report terms, in rid chunks (never updating a table while iterating it).
    let mut reports = 0usize;
    let mut last = 0i64;
    loop {
        let chunk: Vec<(i64, String)> = {
            let mut st = tx
                .prepare_cached(
                    "SELECT rid, evidence FROM reports WHERE rid > ?1 ORDER BY rid LIMIT 5000",
                )
                .map_err(db_err)?;
            let rows = st
                .query_map([last], |r| Ok((r.get(0)?, r.get(1)?)))
                .map_err(db_err)?;
            rows.collect::<Result<_, _>>().map_err(db_err)?
        };
        let Some(&(l, _)) = chunk.last() else { break };
        last = l;
        let mut upd = tx
            .prepare_cached("UPDATE reports SET terms = ?2 WHERE rid = ?1")
            .map_err(db_err)?;
        for (rid, ev) in &chunk {
            upd.execute(params![rid, crate::dedup::evidence_terms(ev).join(" ")])
                .map_err(db_err)?;
        }
        reports += chunk.len();
    }
    // 2. Event terms: the union of their reports' terms.
    let mut events = 0usize;
    {
        let mut st = tx
            .prepare(
                "SELECT event_seq, terms FROM reports WHERE event_seq IS NOT NULL ORDER BY event_seq",
            )
            .map_err(db_err)?;
        let mut rows = st.query([]).map_err(db_err)?;
        let mut upd = tx
            .prepare_cached("UPDATE event_json SET evterms = ?2 WHERE seq = ?1")
            .map_err(db_err)?;
        let mut cur: Option<i64> = None;
        let mut terms: Vec<String> = Vec::new();
        let mut flush = |e: i64, terms: &mut Vec<String>| -> Result<(), StoreError> {
            terms.sort_unstable();
            terms.dedup();
            upd.execute(params![e, format!(" {} ", terms.join(" "))])
                .map_err(db_err)?;
            terms.clear();
            Ok(())
        };
        while let Some(r) = rows.next().map_err(db_err)? {
            let e: i64 = r.get(0).map_err(db_err)?;
            let t: String = r.get(1).map_err(db_err)?;
            if cur.is_some_and(|c| c != e) {
                if let Some(c) = cur {
                    flush(c, &mut terms)?;
                    events += 1;
                }
            }
            cur = Some(e);
            terms.extend(t.split(' ').filter(|x| !x.is_empty()).map(str::to_string));
        }
        if let Some(c) = cur {
            flush(c, &mut terms)?;
            events += 1;
        }
    }
    // 3. The term index.
    backfill_terms(&tx)?;
    record(&tx)?;
    tx.commit().map_err(db_err)?;
    tracing::info!(
        reports,
        events,
        "analyzer changed: stored evidence terms rebuilt"
    );
    Ok(Some((reports, events)))
}

/// Remove the index rows of event `seq`.
pub(crate) fn delete_event_keys(c: &Connection, seq: i64) -> Result<(), StoreError> {
    c.prepare_cached("DELETE FROM event_keys WHERE seq = ?1")
        .map_err(db_err)?
        .execute([seq])
        .map_err(db_err)?;
    Ok(())
}

/// Rebuild every event's index rows from the stored events (inside the caller's transaction).
/// Returns the number of events indexed.
pub(crate) fn backfill(c: &Connection) -> Result<usize, StoreError> {
    c.execute("DELETE FROM event_keys", []).map_err(db_err)?;
    let mut st = c
        .prepare(
            "SELECT j.seq, j.data, (SELECT group_concat(place_ar, char(31)) FROM reports r WHERE r.event_seq = j.seq) \
             FROM event_json j ORDER BY j.seq",
        )
        .map_err(db_err)?;
    let mut rows = st.query([]).map_err(db_err)?;
    let mut n = 0;
    while let Some(r) = rows.next().map_err(db_err)? {
        let seq: i64 = r.get(0).map_err(db_err)?;
        let data: String = r.get(1).map_err(db_err)?;
        let ar: Option<String> = r.get(2).map_err(db_err)?;
        let ev: StoredEvent = match serde_json::from_str(&data) {
            Ok(e) => e,
            // An unreadable stored event is skipped here; queries simply do not find it.
            Err(_) => continue,
        };
        let ar = ar.unwrap_or_default();
        let places: Vec<&str> = ar.split('\u{1f}').filter(|s| !s.is_empty()).collect();
        write_event_keys(c, seq, &ev, &places)?;
        n += 1;
    }
    c.execute(
        "INSERT OR REPLACE INTO meta(key, value) VALUES ('roads', ?1)",
        [roads_fingerprint()],
    )
    .map_err(db_err)?;
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn place_keys_meet_across_spellings() {
        assert_eq!(place_key("إدلب"), place_key("ادلب"));
        assert_eq!(place_key("Deir-ez-Zor"), place_key("deir ez zor"));
        assert_eq!(place_key("Ar-Raqqa"), place_key("Raqqa"));
        assert_eq!(place_key("الرقة"), place_key("رقة"));
        assert_eq!(place_key(""), "");
        // Gazetteer gives the Arabic of an English governorate name.
        let ar = arabic_of()
            .get(&place_key("Idlib"))
            .cloned()
            .unwrap_or_default();
        assert!(ar.contains(&place_key("إدلب")), "{ar:?}");
    }

    #[test]
    fn names_normalize() {
        assert_eq!(name_norm("Hayat  Tahrir al-Sham"), "hayat tahrir al sham");
        assert_eq!(name_norm(" - "), "");
    }
}
