//! Arabic display names of stored values for the web UI and the API: event types and
//! sub-types (`data/i18n/taxonomy_ar.tsv`), actors (`data/i18n/actors_ar.tsv`, else the first
//! Arabic alias of the actor dictionary), countries, governorates, districts and places (the
//! gazetteer's Arabic names, chosen by name and nearness to the event's point).
//!
//! Invariants: a name that cannot be translated is left out (`None`), never guessed; lookups
//! never fail; the tables are built once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

use rasd_store::StoredEvent;
use serde::Serialize;

const TAXONOMY_AR: &str = include_str!("../../../data/i18n/taxonomy_ar.tsv");
const ACTORS_AR: &str = include_str!("../../../data/i18n/actors_ar.tsv");
const PLACES_AR: &str = include_str!("../../../data/i18n/places_ar.tsv");
const ACTORS: &str = include_str!("../../../data/actors/actors.tsv");
const COUNTRIES: &str = include_str!("../../../data/geo/countries.tsv");

/// A place name is taken from a gazetteer entry of that name only within this distance of the
/// event's point (homonyms are common: several villages share a name).
const NEAR_KM: f64 = 25.0;

/// Embedded text plus `$RASD_DATA/<rel>` when that file exists.
fn with_extension(rel: &str, embedded: &'static str) -> std::borrow::Cow<'static, str> {
    let Some(dir) = std::env::var_os("RASD_DATA") else {
        return embedded.into();
    };
    match std::fs::read_to_string(std::path::Path::new(&dir).join(rel)) {
        Ok(extra) => format!("{embedded}\n{extra}").into(),
        Err(_) => embedded.into(),
    }
}

/// Non-comment lines split on TAB.
fn rows(text: &str) -> impl Iterator<Item = Vec<&str>> {
    text.lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').collect())
}

fn pairs(text: &str) -> HashMap<String, String> {
    rows(text)
        .filter(|c| c.len() >= 2 && !c[1].trim().is_empty())
        .map(|c| (c[0].trim().to_string(), c[1].trim().to_string()))
        .collect()
}

/// The translation tables.
pub struct Names {
    terms: HashMap<String, String>,
    /// Canonical actor name (may contain `{country}`) → Arabic (may contain `{country}`).
    actors: Vec<(String, String)>,
    /// Lower-case English country or place name, or ISO alpha-2 code → Arabic.
    countries: HashMap<String, String>,
    /// Lower-case English gazetteer name → indices of the entries with an Arabic name.
    by_name_en: HashMap<String, Vec<u32>>,
}

/// The process-wide tables (embedded data plus `$RASD_DATA/i18n/*`).
pub fn names() -> &'static Names {
    static N: OnceLock<Names> = OnceLock::new();
    N.get_or_init(Names::load)
}

/// Arabic names of an event's fields; absent where no Arabic name is known.
#[derive(Debug, Clone, Default, Serialize, PartialEq)]
pub struct EventAr {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub event_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sub_event_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disorder_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub salience: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assoc_actor1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub actor2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assoc_actor2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
}

/// A stored event as the API returns it: every stored field plus `ar`, the Arabic names.
#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    #[serde(flatten)]
    pub event: StoredEvent,
    pub ar: EventAr,
}

impl From<StoredEvent> for EventView {
    fn from(event: StoredEvent) -> Self {
        let ar = names().event(&event);
        EventView { event, ar }
    }
}

impl Names {
    fn load() -> Names {
        let terms = pairs(&with_extension("i18n/taxonomy_ar.tsv", TAXONOMY_AR));
        let mut actors: Vec<(String, String)> =
            pairs(&with_extension("i18n/actors_ar.tsv", ACTORS_AR))
                .into_iter()
                .collect();
        // Actors without a curated name: their first Arabic alias that identifies them alone.
        for c in rows(ACTORS) {
            let (Some(canon), Some(aliases)) = (c.get(1), c.get(6)) else {
                continue;
            };
            if actors.iter().any(|(k, _)| k == canon) {
                continue;
            }
            if let Some(a) = aliases
                .split('|')
                .map(str::trim)
                .find(|a| !a.is_empty() && !a.starts_with('~'))
            {
                actors.push((canon.to_string(), a.to_string()));
            }
        }
        // Longer templates first, so "Military Forces of Russia (Military Police)" wins over
        // "Military Forces of {country}".
        actors.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        let mut countries = HashMap::new();
        for c in rows(COUNTRIES) {
            let ar = c.get(2).and_then(|s| s.split('|').next()).unwrap_or("");
            if c.len() >= 3 && !ar.is_empty() {
                countries.insert(c[0].to_lowercase(), ar.to_string());
                countries.insert(c[1].to_lowercase(), ar.to_string());
            }
        }
        for (en, ar) in pairs(&with_extension("i18n/places_ar.tsv", PLACES_AR)) {
            countries.insert(en.to_lowercase(), ar);
        }
        let mut by_name_en: HashMap<String, Vec<u32>> = HashMap::new();
        for (i, e) in rasd_geo::Gazetteer::embedded().entries().iter().enumerate() {
            if !e.name_ar.is_empty() && !e.name_en.is_empty() {
                by_name_en
                    .entry(e.name_en.to_lowercase())
                    .or_default()
                    .push(i as u32);
            }
        }
        Names {
            terms,
            actors,
            countries,
            by_name_en,
        }
    }

    /// Arabic of a taxonomy term (type, sub-type, disorder type, salience).
    pub fn term(&self, en: &str) -> Option<&str> {
        self.terms.get(en.trim()).map(String::as_str)
    }

    /// Arabic name of a country given by English name or ISO alpha-2 code.
    pub fn country(&self, en: &str) -> Option<&str> {
        self.countries
            .get(en.trim().to_lowercase().as_str())
            .map(String::as_str)
    }

    /// Arabic of one actor name, or of several joined by `"; "` (all must be known).
    pub fn actor(&self, en: &str) -> Option<String> {
        let parts: Option<Vec<String>> = en
            .split("; ")
            .filter(|p| !p.trim().is_empty())
            .map(|p| self.one_actor(p.trim()))
            .collect();
        parts.filter(|p| !p.is_empty()).map(|p| p.join("؛ "))
    }

    fn one_actor(&self, en: &str) -> Option<String> {
        if let Some((_, ar)) = self.actors.iter().find(|(canon, _)| canon == en) {
            return Some(ar.clone());
        }
        for (canon, ar) in &self.actors {
            if let Some((pre, post)) = canon.split_once("{country}") {
                if en.len() > pre.len() + post.len() && en.starts_with(pre) && en.ends_with(post) {
                    let country = &en[pre.len()..en.len() - post.len()];
                    if let Some(c) = self.country(country) {
                        return Some(ar.replace("{country}", c));
                    }
                }
            }
        }
        // Actors coded without a country: "Unidentified Armed Group".
        self.actors.iter().find_map(|(canon, ar)| {
            (canon.replace(" ({country})", "") == en).then(|| ar.replace(" ({country})", ""))
        })
    }

    /// Arabic name of a place called `en` (English), near `point` (lat, lon) when known,
    /// else in governorate `admin1` or `country`. Locations such as "M4 highway (Idlib)" or
    /// "Ariha (Idlib)" are translated part by part.
    pub fn place(
        &self,
        en: &str,
        point: Option<(f64, f64)>,
        admin1: Option<&str>,
        country: Option<&str>,
    ) -> Option<String> {
        let en = en.trim();
        if en.is_empty() {
            return None;
        }
        if let Some(c) = self.country(en) {
            return Some(c.to_string());
        }
        let gaz = rasd_geo::Gazetteer::embedded();
        if let Some(r) = gaz.roads().iter().find(|r| {
            !r.name_ar.is_empty() && (r.name_en == en || format!("{} highway", r.reference) == en)
        }) {
            return Some(r.name_ar.clone());
        }
        let cands: Vec<&rasd_geo::Entry> = self
            .by_name_en
            .get(en.to_lowercase().as_str())
            .map(|ix| ix.iter().map(|&i| &gaz.entries()[i as usize]).collect())
            .unwrap_or_default();
        let best = match point {
            Some(p) => cands
                .iter()
                .filter_map(|e| {
                    let q = e.point?;
                    let d = rasd_doc::geo::haversine_km(p, q);
                    (d <= NEAR_KM).then_some((d, *e))
                })
                .min_by(|a, b| a.0.total_cmp(&b.0))
                .map(|x| x.1),
            None => None,
        }
        .or_else(|| {
            let a1 = admin1.filter(|a| !a.is_empty())?;
            cands.iter().find(|e| e.admin1 == a1).copied()
        })
        .or_else(|| {
            // Without a point, a unique name within the country (or a governorate) is safe.
            let in_country: Vec<_> = cands
                .iter()
                .filter(|e| match country {
                    Some(c) => self.country(c) == self.country(&e.country) || e.country == c,
                    None => true,
                })
                .collect();
            (in_country.len() == 1 && point.is_none()).then(|| *in_country[0])
        });
        if let Some(e) = best {
            return Some(e.name_ar.clone());
        }
        // "X (Y)": translate both parts.
        if let Some((head, tail)) = en.strip_suffix(')').and_then(|s| s.rsplit_once(" (")) {
            let h = self.place(head, point, admin1, country)?;
            let t = self
                .place(tail, None, None, country)
                .or_else(|| self.admin1(tail, point))?;
            return Some(format!("{h} ({t})"));
        }
        None
    }

    /// Arabic name of a governorate (first-level unit) called `en`.
    pub fn admin1(&self, en: &str, point: Option<(f64, f64)>) -> Option<String> {
        let gaz = rasd_geo::Gazetteer::embedded();
        if let Some(a) = gaz
            .admin1_polygons()
            .find(|a| a.admin1 == en && !a.name_ar.is_empty())
        {
            return Some(a.name_ar.clone());
        }
        self.by_name_en
            .get(en.to_lowercase().as_str())
            .into_iter()
            .flatten()
            .map(|&i| &gaz.entries()[i as usize])
            .filter(|e| e.kind.is_admin())
            .min_by(|a, b| {
                let d = |e: &rasd_geo::Entry| match (point, e.point) {
                    (Some(p), Some(q)) => rasd_doc::geo::haversine_km(p, q),
                    _ => f64::MAX,
                };
                d(a).total_cmp(&d(b))
            })
            .map(|e| e.name_ar.clone())
    }

    /// Arabic names of an event's location, governorate and two actors (what a map point
    /// shows; cheaper than [`Names::event`]).
    pub fn point(&self, e: &StoredEvent) -> [Option<String>; 4] {
        let point = e.lat.zip(e.lon);
        [
            e.location
                .as_deref()
                .and_then(|l| self.place(l, point, e.admin1.as_deref(), e.country.as_deref())),
            e.admin1.as_deref().and_then(|a| self.admin1(a, point)),
            e.actor1.as_deref().and_then(|a| self.actor(a)),
            e.actor2.as_deref().and_then(|a| self.actor(a)),
        ]
    }

    /// Arabic names of an event's displayed fields.
    pub fn event(&self, e: &StoredEvent) -> EventAr {
        let term = |v: &str| self.term(v).map(str::to_string);
        let actor = |v: &Option<String>| v.as_deref().and_then(|a| self.actor(a));
        let point = e.lat.zip(e.lon);
        let admin2 = e.admin2.as_deref().and_then(|a2| {
            let gaz = rasd_geo::Gazetteer::embedded();
            let by_point = point
                .and_then(|p| gaz.admin_at(p).1)
                .filter(|a| a.name_en == a2);
            by_point
                .or_else(|| {
                    gaz.admin2_polygons()
                        .find(|a| a.name_en == a2 && Some(a.admin1.as_str()) == e.admin1.as_deref())
                })
                .map(|a| a.name_ar.clone())
                .filter(|s| !s.is_empty())
        });
        let [location, admin1, actor1, actor2] = self.point(e);
        EventAr {
            event_type: term(&e.event_type),
            sub_event_type: term(&e.sub_event_type),
            disorder_type: e.disorder_type.as_deref().and_then(term),
            salience: term(&e.salience),
            actor1,
            assoc_actor1: actor(&e.assoc_actor1),
            actor2,
            assoc_actor2: actor(&e.assoc_actor2),
            claimed_by: actor(&e.claimed_by),
            country: e
                .country
                .as_deref()
                .and_then(|c| self.country(c))
                .map(str::to_string),
            admin1,
            admin2,
            location,
        }
    }
}

/// The taxonomy with Arabic names and the known roads, for the UI's filter controls.
#[derive(Debug, Clone, Serialize)]
pub struct Vocabulary {
    pub event_types: Vec<TypeNames>,
    pub roads: Vec<RoadName>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TypeNames {
    pub name: String,
    pub ar: Option<String>,
    pub sub_event_types: Vec<Named>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Named {
    pub name: String,
    pub ar: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoadName {
    #[serde(rename = "ref")]
    pub reference: String,
    pub name_en: String,
    pub name_ar: String,
}

/// Types with their sub-types (ACLED order, `data/events/taxonomy.tsv`) and roads.
pub fn vocabulary() -> Vocabulary {
    let n = names();
    let mut event_types: Vec<TypeNames> = Vec::new();
    for c in rows(include_str!("../../../data/events/taxonomy.tsv")) {
        let (Some(t), Some(s)) = (c.first(), c.get(1)) else {
            continue;
        };
        let sub = Named {
            name: s.to_string(),
            ar: n.term(s).map(str::to_string),
        };
        match event_types.iter_mut().find(|x| x.name == *t) {
            Some(x) => x.sub_event_types.push(sub),
            None => event_types.push(TypeNames {
                name: t.to_string(),
                ar: n.term(t).map(str::to_string),
                sub_event_types: vec![sub],
            }),
        }
    }
    let roads = rasd_geo::Gazetteer::embedded()
        .roads()
        .iter()
        .map(|r| RoadName {
            reference: r.reference.clone(),
            name_en: r.name_en.clone(),
            name_ar: r.name_ar.clone(),
        })
        .collect();
    Vocabulary { event_types, roads }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_type_and_sub_type_has_an_arabic_name() {
        let v = vocabulary();
        assert!(v.event_types.len() >= 6);
        for t in &v.event_types {
            assert!(t.ar.is_some(), "{}", t.name);
            for s in &t.sub_event_types {
                assert!(s.ar.is_some(), "{} / {}", t.name, s.name);
            }
        }
        assert!(v.roads.iter().any(|r| r.reference == "M4"));
    }

    #[test]
    fn actors_with_countries_and_lists() {
        let n = names();
        assert_eq!(
            n.actor("Unidentified Armed Group (Syria)").as_deref(),
            Some("مجموعة مسلحة مجهولة (سوريا)")
        );
        assert_eq!(
            n.actor("Military Forces of Russia; Military Forces of Turkey")
                .as_deref(),
            Some("القوات الروسية؛ القوات التركية")
        );
        assert_eq!(
            n.actor("Military Forces of Russia (Military Police)")
                .as_deref(),
            Some("الشرطة العسكرية الروسية")
        );
        // Not curated: the dictionary's first alias.
        assert!(n.actor("Rozana").is_some_and(|a| !a.is_ascii()));
        assert_eq!(n.actor("Nobody We Know"), None);
        assert_eq!(n.actor("Hamas; Nobody We Know"), None);
    }

    #[test]
    fn places_by_name_and_nearness() {
        let n = names();
        let ariha = n.place("Ariha", Some((35.81, 36.61)), Some("Idlib"), Some("Syria"));
        assert_eq!(ariha.as_deref(), Some("أريحا"));
        // Far from every place of that name: not translated rather than guessed.
        assert_eq!(n.place("Ariha", Some((15.0, 45.0)), None, None), None);
        assert_eq!(n.place("Syria", None, None, None).as_deref(), Some("سوريا"));
        assert_eq!(n.admin1("Idlib", None).as_deref(), Some("إدلب"));
        let m4 = n.place(
            "M4 highway (Idlib)",
            Some((35.8, 36.6)),
            Some("Idlib"),
            None,
        );
        assert!(
            m4.is_some_and(|s| s.contains("M4") && s.contains("إدلب")),
            "M4"
        );
    }

    #[test]
    fn event_view_adds_arabic_and_keeps_every_field() {
        let e: StoredEvent = serde_json::from_value(serde_json::json!({
            "id": "SYR-1", "event_date": "2020-07-14", "time_precision": 1,
            "event_type": "Explosions/Remote violence",
            "sub_event_type": "Remote explosive/landmine/IED", "plover": "ASSAULT",
            "disorder_type": "Political violence", "actor1": "Unidentified Armed Group (Syria)",
            "assoc_actor1": null, "inter1": 2, "actor2": "Military Forces of Russia",
            "assoc_actor2": null, "inter2": 8, "civilian_targeting": false, "iso": 760,
            "country": "Syria", "admin1": "Idlib", "admin2": "Ariha", "admin3": null,
            "location": "Ariha", "lat": 35.81, "lon": 36.61, "geo_precision": 1,
            "fatalities": 0, "injuries": 3, "claimed_by": null, "salience": "main",
            "sources": [], "timestamp": 0
        }))
        .unwrap();
        let v = EventView::from(e.clone());
        let j = serde_json::to_value(&v).unwrap();
        assert_eq!(j["id"], e.id.as_str());
        assert_eq!(j["event_type"], e.event_type.as_str());
        assert_eq!(j["ar"]["event_type"], "انفجارات / عنف عن بُعد");
        assert_eq!(j["ar"]["location"], "أريحا");
        assert_eq!(j["ar"]["admin1"], "إدلب");
        assert_eq!(j["ar"]["salience"], "رئيسي");
        assert_eq!(j["ar"]["actor2"], "القوات الروسية");
    }
}
