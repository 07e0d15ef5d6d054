//! An in-memory [`Backend`]: a fake of the store for tests and a fallback demo. It implements the
//! same filter semantics as the store contract on a `Vec` (linear scans: fine for thousands of
//! events, not for production volumes).

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{RwLock, RwLockWriteGuard};

use rasd_doc::{CharIndex, Document, Salience};
use rasd_ingest::{Body, Record};
use rasd_store::{
    EventFilter, EventSort, EventSource, Page, PutStats, SearchHit, SearchQuery, Stats, StoreError,
    StoredArticle, StoredEvent, Zone, ZoneGeometry, ZoneSpec,
};

use crate::backend::{Backend, PlaceInfo};
use crate::geom;

#[derive(Default)]
struct Data {
    articles: Vec<StoredArticle>,
    events: Vec<StoredEvent>,
    zones: Vec<Zone>,
    next_zone: u64,
}

/// In-memory backend (see module docs).
pub struct MemBackend {
    data: RwLock<Data>,
    roads: Vec<(String, Vec<[f64; 2]>)>,
    /// Bumped by every write, while it holds the write lock and before it changes anything.
    generation: AtomicU64,
}

impl Default for MemBackend {
    fn default() -> Self {
        Self::new()
    }
}

fn lock_err<T>(_: T) -> StoreError {
    StoreError::Db("in-memory store lock poisoned".into())
}

impl MemBackend {
    /// The write lock, with the generation bumped (see [`Backend::generation`]): a request that
    /// reads the new generation cannot see the data before this write.
    fn write(&self) -> Result<RwLockWriteGuard<'_, Data>, StoreError> {
        let d = self.data.write().map_err(lock_err)?;
        self.generation.fetch_add(1, Ordering::SeqCst);
        Ok(d)
    }
}

impl MemBackend {
    pub fn new() -> Self {
        MemBackend {
            data: RwLock::new(Data::default()),
            roads: geom::embedded_roads(),
            generation: AtomicU64::new(0),
        }
    }

    /// A backend filled with `n` synthetic articles (see [`crate::sample`]).
    pub fn with_sample(n: usize) -> Self {
        let b = Self::new();
        // Cannot fail: the in-memory store only errs on a poisoned lock.
        let _ = b.put_documents(crate::sample::documents(n));
        b
    }

    fn matches(
        &self,
        e: &StoredEvent,
        f: &EventFilter,
        zones: &[Zone],
    ) -> Result<bool, StoreError> {
        let lc = |s: &Option<String>| s.as_deref().unwrap_or("").to_lowercase();
        if !f.include_background && e.salience == "background" {
            return Ok(false);
        }
        let date = e.event_date.as_deref().unwrap_or("");
        if f.date_from.as_deref().is_some_and(|d| date < d)
            || f.date_to.as_deref().is_some_and(|d| date > d)
        {
            return Ok(false);
        }
        if f.event_type.as_deref().is_some_and(|t| t != e.event_type)
            || f.sub_event_type
                .as_deref()
                .is_some_and(|t| t != e.sub_event_type)
        {
            return Ok(false);
        }
        if let Some(a) = &f.actor {
            let a = a.to_lowercase();
            if ![&e.actor1, &e.actor2, &e.assoc_actor1, &e.assoc_actor2]
                .iter()
                .any(|x| lc(x).contains(&a))
            {
                return Ok(false);
            }
        }
        if let Some(p) = &f.place {
            let p = p.to_lowercase();
            if ![&e.location, &e.admin1, &e.admin2, &e.admin3]
                .iter()
                .any(|x| lc(x) == p)
            {
                return Ok(false);
            }
        }
        if f.country
            .as_deref()
            .is_some_and(|c| !c.eq_ignore_ascii_case(e.country.as_deref().unwrap_or("")))
        {
            return Ok(false);
        }
        let pt = match (e.lon, e.lat) {
            (Some(lon), Some(lat)) => Some([lon, lat]),
            _ => None,
        };
        if let Some(b) = f.bbox {
            if !pt.is_some_and(|p| p[0] >= b[0] && p[1] >= b[1] && p[0] <= b[2] && p[1] <= b[3]) {
                return Ok(false);
            }
        }
        if let Some(r) = &f.near_road {
            let km = f.road_km.unwrap_or(5.0);
            if !pt.is_some_and(|p| self.near_road(p, r, km)) {
                return Ok(false);
            }
        }
        if let Some(s) = &f.source {
            let s = s.to_lowercase();
            if !e.sources.iter().any(|x| lc(&x.outlet).contains(&s)) {
                return Ok(false);
            }
        }
        if f.min_fatalities
            .is_some_and(|m| e.fatalities.unwrap_or(0) < m)
        {
            return Ok(false);
        }
        if let Some(t) = &f.text {
            if !e.sources.iter().any(|s| s.evidence.contains(t.as_str())) {
                return Ok(false);
            }
        }
        if let Some(z) = &f.zone {
            let zone = zones
                .iter()
                .find(|x| &x.id == z)
                .ok_or_else(|| StoreError::NotFound(format!("zone {z}")))?;
            if !pt.is_some_and(|p| self.in_zone(p, &zone.geometry)) {
                return Ok(false);
            }
        }
        Ok(true)
    }

    fn near_road(&self, p: [f64; 2], road: &str, km: f64) -> bool {
        self.roads
            .iter()
            .find(|(id, _)| id.eq_ignore_ascii_case(road))
            .is_some_and(|(_, line)| geom::distance_to_polyline_km(p, line) <= km)
    }

    fn in_zone(&self, p: [f64; 2], g: &ZoneGeometry) -> bool {
        match g {
            ZoneGeometry::Polygon { rings } => geom::point_in_rings(p, rings),
            ZoneGeometry::Corridor { road, km } => self.near_road(p, road, *km),
        }
    }

    fn filtered(&self, f: &EventFilter) -> Result<Vec<StoredEvent>, StoreError> {
        let d = self.data.read().map_err(lock_err)?;
        let mut out = Vec::new();
        for e in &d.events {
            if self.matches(e, f, &d.zones)? {
                out.push(e.clone());
            }
        }
        match f.sort {
            EventSort::DateDesc => {
                out.sort_by(|a, b| b.event_date.cmp(&a.event_date).then(a.id.cmp(&b.id)))
            }
            EventSort::DateAsc => {
                out.sort_by(|a, b| a.event_date.cmp(&b.event_date).then(a.id.cmp(&b.id)))
            }
            EventSort::FatalitiesDesc => {
                out.sort_by(|a, b| b.fatalities.cmp(&a.fatalities).then(a.id.cmp(&b.id)))
            }
        }
        Ok(out)
    }
}

fn page<T>(all: Vec<T>, offset: usize, limit: usize) -> Page<T> {
    let total = all.len();
    let items = all.into_iter().skip(offset).take(limit).collect();
    Page {
        total,
        offset,
        limit,
        items,
    }
}

fn count_by<I: IntoIterator<Item = String>>(it: I) -> Vec<(String, usize)> {
    let mut m = std::collections::BTreeMap::<String, usize>::new();
    for k in it {
        *m.entry(k).or_default() += 1;
    }
    let mut v: Vec<_> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// Convert one document event to a stored event (no cross-source merging in the fake).
fn stored_event(
    id: String,
    doc: &Document,
    ev: &rasd_doc::EventAnn,
    ix: &CharIndex,
) -> StoredEvent {
    let ev_text = doc.span_text(ev.evidence).to_string();
    StoredEvent {
        id,
        event_date: ev.date.clone(),
        time_precision: ev.time_precision,
        event_type: ev.event_type.clone(),
        sub_event_type: ev.sub_event_type.clone(),
        plover: ev.plover.clone(),
        disorder_type: None,
        actor1: ev.actor1.clone(),
        assoc_actor1: ev.assoc_actor1.clone(),
        inter1: ev.inter1,
        actor2: ev.actor2.clone(),
        assoc_actor2: ev.assoc_actor2.clone(),
        inter2: ev.inter2,
        civilian_targeting: ev.civilian_targeting,
        iso: Some(760),
        country: ev.country.clone().or_else(|| Some("Syria".into())),
        admin1: ev.admin1.clone(),
        admin2: ev.admin2.clone(),
        admin3: ev.admin3.clone(),
        location: ev.location.clone(),
        lat: ev.lat,
        lon: ev.lon,
        geo_precision: ev.geo_precision,
        fatalities: ev.fatalities,
        injuries: ev.injuries,
        claimed_by: ev.claimed_by.clone(),
        reported_by: ev.reported_by.clone(),
        salience: match ev.salience {
            Salience::Main => "main".into(),
            Salience::Background => "background".into(),
        },
        sources: vec![EventSource {
            article_id: doc.id.clone(),
            url: doc.meta.url.clone(),
            outlet: doc.meta.source.clone(),
            published: doc.meta.published.clone(),
            evidence: ev_text,
            evidence_start: ix.char_of(ev.evidence.start) as usize,
            evidence_end: ix.char_of(ev.evidence.end) as usize,
            merge_reason: None,
        }],
        timestamp: 1_700_000_000,
    }
}

/// Minimal CSV field quoting.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

impl Backend for MemBackend {
    fn generation(&self) -> Option<u64> {
        Some(self.generation.load(Ordering::SeqCst))
    }
    fn events(&self, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        Ok(page(self.filtered(f)?, f.offset, f.limit))
    }

    fn event(&self, id: &str) -> Result<Option<StoredEvent>, StoreError> {
        Ok(self
            .data
            .read()
            .map_err(lock_err)?
            .events
            .iter()
            .find(|e| e.id == id)
            .cloned())
    }

    fn article(&self, id: &str) -> Result<Option<StoredArticle>, StoreError> {
        Ok(self
            .data
            .read()
            .map_err(lock_err)?
            .articles
            .iter()
            .find(|a| a.doc.id == id)
            .cloned())
    }

    fn search(&self, q: &SearchQuery) -> Result<Page<SearchHit>, StoreError> {
        let needle = q.text.trim();
        if needle.is_empty() {
            return Err(StoreError::BadQuery("empty search text".into()));
        }
        let d = self.data.read().map_err(lock_err)?;
        let mut hits = Vec::new();
        for a in &d.articles {
            let doc = &a.doc;
            let pubd = doc.published_date().unwrap_or("");
            if q.date_from.as_deref().is_some_and(|x| pubd < x)
                || q.date_to.as_deref().is_some_and(|x| pubd > x)
            {
                continue;
            }
            if q.source
                .as_deref()
                .is_some_and(|s| doc.meta.source.as_deref() != Some(s))
            {
                continue;
            }
            let Some(pos) = doc.text.find(needle) else {
                continue;
            };
            // Snippet: the sentence-ish window around the first hit, on char boundaries.
            let mut start = pos.saturating_sub(120);
            while !doc.text.is_char_boundary(start) {
                start -= 1;
            }
            let mut end = (pos + needle.len() + 120).min(doc.text.len());
            while !doc.text.is_char_boundary(end) {
                end += 1;
            }
            let snippet = doc.text[start..end].to_string();
            let mut highlights = Vec::new();
            for (i, _) in snippet.match_indices(needle) {
                let s = snippet[..i].chars().count();
                highlights.push((s, s + needle.chars().count()));
            }
            hits.push(SearchHit {
                article_id: doc.id.clone(),
                title: doc.meta.title.clone(),
                url: doc.meta.url.clone(),
                source: doc.meta.source.clone(),
                published: doc.meta.published.clone(),
                score: highlights.len() as f32,
                snippet,
                highlights,
            });
        }
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.article_id.cmp(&b.article_id))
        });
        Ok(page(hits, q.offset, q.limit))
    }

    fn stats(&self, f: &EventFilter) -> Result<Stats, StoreError> {
        let evs = self.filtered(f)?;
        let d = self.data.read().map_err(lock_err)?;
        let sources: std::collections::BTreeSet<_> = d
            .articles
            .iter()
            .filter_map(|a| a.doc.meta.source.clone())
            .collect();
        let mut day_type = std::collections::BTreeMap::<(String, String), usize>::new();
        for e in &evs {
            if let Some(day) = &e.event_date {
                *day_type
                    .entry((day.clone(), e.event_type.clone()))
                    .or_default() += 1;
            }
        }
        Ok(Stats {
            articles: d.articles.len(),
            events: evs.len(),
            sources: sources.len(),
            by_type: count_by(evs.iter().map(|e| e.event_type.clone())),
            by_month: {
                let mut v = count_by(
                    evs.iter()
                        .filter_map(|e| e.event_date.as_ref()?.get(..7).map(str::to_string)),
                );
                v.sort();
                v
            },
            by_admin1: count_by(evs.iter().filter_map(|e| e.admin1.clone())),
            by_day_type: day_type.into_iter().map(|((d, t), n)| (d, t, n)).collect(),
        })
    }

    fn zones(&self) -> Result<Vec<Zone>, StoreError> {
        Ok(self.data.read().map_err(lock_err)?.zones.clone())
    }

    fn zone(&self, id: &str) -> Result<Option<Zone>, StoreError> {
        Ok(self
            .data
            .read()
            .map_err(lock_err)?
            .zones
            .iter()
            .find(|z| z.id == id)
            .cloned())
    }

    fn put_zone(&self, spec: ZoneSpec) -> Result<Zone, StoreError> {
        if let ZoneGeometry::Corridor { road, .. } = &spec.geometry {
            if !self
                .roads
                .iter()
                .any(|(id, _)| id.eq_ignore_ascii_case(road))
            {
                return Err(StoreError::BadQuery(format!("unknown road {road:?}")));
            }
        }
        let mut d = self.write()?;
        d.next_zone += 1;
        let z = Zone {
            id: format!("z{}", d.next_zone),
            name: spec.name,
            geometry: spec.geometry,
            created_at: "2026-01-01T00:00:00Z".into(),
        };
        d.zones.push(z.clone());
        Ok(z)
    }

    fn delete_zone(&self, id: &str) -> Result<bool, StoreError> {
        let mut d = self.write()?;
        let n = d.zones.len();
        d.zones.retain(|z| z.id != id);
        Ok(d.zones.len() != n)
    }

    fn zone_events(&self, id: &str, f: &EventFilter) -> Result<Page<StoredEvent>, StoreError> {
        let mut f = f.clone();
        f.zone = Some(id.to_string());
        self.events(&f)
    }

    fn write_csv(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError> {
        let io = |e: std::io::Error| StoreError::Io {
            path: "csv".into(),
            message: e.to_string(),
        };
        writeln!(w, "event_id_cnty,event_date,year,time_precision,event_type,sub_event_type,actor1,actor2,admin1,admin2,location,latitude,longitude,geo_precision,source,notes,fatalities").map_err(io)?;
        for e in events {
            let o = |s: &Option<String>| csv_field(s.as_deref().unwrap_or(""));
            let date = e.event_date.clone().unwrap_or_default();
            let srcs: Vec<_> = e.sources.iter().filter_map(|s| s.outlet.clone()).collect();
            let notes: Vec<_> = e.sources.iter().map(|s| s.evidence.clone()).collect();
            writeln!(
                w,
                "{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{}",
                csv_field(&e.id),
                date,
                date.get(..4).unwrap_or(""),
                e.time_precision,
                csv_field(&e.event_type),
                csv_field(&e.sub_event_type),
                o(&e.actor1),
                o(&e.actor2),
                o(&e.admin1),
                o(&e.admin2),
                o(&e.location),
                e.lat.map(|x| x.to_string()).unwrap_or_default(),
                e.lon.map(|x| x.to_string()).unwrap_or_default(),
                e.geo_precision,
                csv_field(&srcs.join("; ")),
                csv_field(&notes.join(" | ")),
                e.fatalities.unwrap_or(0)
            )
            .map_err(io)?;
        }
        Ok(())
    }

    fn write_geojson(&self, events: &[StoredEvent], w: &mut dyn Write) -> Result<(), StoreError> {
        let feats: Vec<_> = events
            .iter()
            .map(|e| {
                let geometry = match (e.lon, e.lat) {
                    (Some(lon), Some(lat)) => serde_json::json!({"type": "Point", "coordinates": [lon, lat]}),
                    _ => serde_json::Value::Null,
                };
                serde_json::json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": e})
            })
            .collect();
        let fc = serde_json::json!({"type": "FeatureCollection", "features": feats});
        serde_json::to_writer(w, &fc).map_err(|e| StoreError::Io {
            path: "geojson".into(),
            message: e.to_string(),
        })
    }

    fn places(&self, q: &str, limit: usize) -> Vec<PlaceInfo> {
        let q = q.trim().to_lowercase();
        crate::sample::PLACES
            .iter()
            .filter(|p| p.en.to_lowercase().contains(&q) || p.ar.contains(q.as_str()))
            .take(limit)
            .map(|p| PlaceInfo {
                name: p.en.into(),
                name_ar: Some(p.ar.into()),
                kind: "town".into(),
                gazetteer_id: None,
                lat: Some(p.lat),
                lon: Some(p.lon),
                admin1: Some(p.gov.into()),
                admin2: None,
                country: Some("SY".into()),
            })
            .collect()
    }

    fn prepare(&self, rec: Record) -> Result<Document, String> {
        let text = match rec.body {
            Body::Text(t) => t,
            Body::Html(b) => crate::sample::strip_tags(&String::from_utf8_lossy(&b)),
        };
        let text = text.trim().to_string();
        if text.is_empty() {
            return Err(format!("{}: empty text", rec.input));
        }
        rasd_ingest::check_article_size(&text).map_err(|why| format!("{}: {why}", rec.input))?;
        let id = rec
            .id
            .unwrap_or_else(|| format!("doc-{:016x}", rasd_doc::annotate::fnv1a(text.as_bytes())));
        let mut doc = Document::new(id, text);
        doc.meta.url = rec.url;
        doc.meta.title = rec.title;
        doc.meta.published = rec.published;
        doc.meta.source = rec.source;
        Ok(doc)
    }

    fn put_documents(&self, docs: Vec<Document>) -> Result<PutStats, StoreError> {
        let mut d = self.write()?;
        let mut st = PutStats {
            documents: docs.len(),
            ..Default::default()
        };
        for doc in docs {
            if d.articles.iter().any(|a| a.doc.id == doc.id) {
                st.duplicates += 1;
                continue;
            }
            st.new += 1;
            let ix = CharIndex::new(&doc.text);
            let mut ids = Vec::new();
            for ev in &doc.events {
                let id = format!("SYR-{:06}", d.events.len() + 1);
                d.events.push(stored_event(id.clone(), &doc, ev, &ix));
                ids.push(id);
                st.events_new += 1;
            }
            d.articles.push(StoredArticle {
                doc,
                ingested_at: "2026-01-01T00:00:00Z".into(),
                event_ids: ids,
                duplicate_of: None,
            });
        }
        Ok(st)
    }
}
