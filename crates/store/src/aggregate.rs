//! Building one deduplicated event from the reports that were merged into it.
//!
//! Rules (deterministic; reports are taken in storage order):
//! - event type: the most frequent among reports (ties: the earliest report); sub-event type the
//!   most frequent among reports of that type;
//! - date: among the most precise reports (lowest ACLED time precision), the most frequent date
//!   (ties: the earliest date);
//! - location: the report with the best (lowest, non-zero) geo precision;
//! - actors: the most frequent non-empty value per role;
//! - fatalities: ACLED's conservative rule, the lowest reported figure; injuries likewise;
//! - civilian targeting: if any report says so; salience `main` if any report is main.

use crate::api::{EventSource, StoredEvent};
use rasd_doc::{EventAnn, Salience};

/// Country facts for ids and exports.
#[derive(Debug, Clone, Copy)]
pub struct CountryInfo {
    pub iso3: &'static str,
    pub iso_num: u16,
    pub name: &'static str,
    pub region: &'static str,
}

const COUNTRIES: &[(&str, &str, u16, &str, &str)] = &[
    ("SY", "SYR", 760, "Syria", "Middle East"),
    ("IQ", "IRQ", 368, "Iraq", "Middle East"),
    ("LB", "LBN", 422, "Lebanon", "Middle East"),
    ("TR", "TUR", 792, "Turkey", "Middle East"),
    ("JO", "JOR", 400, "Jordan", "Middle East"),
    ("PS", "PSE", 275, "Palestine", "Middle East"),
    ("IL", "ISR", 376, "Israel", "Middle East"),
    ("YE", "YEM", 887, "Yemen", "Middle East"),
    ("SA", "SAU", 682, "Saudi Arabia", "Middle East"),
    ("IR", "IRN", 364, "Iran", "Middle East"),
    ("EG", "EGY", 818, "Egypt", "Northern Africa"),
    ("LY", "LBY", 434, "Libya", "Northern Africa"),
    ("SD", "SDN", 729, "Sudan", "Northern Africa"),
    ("TN", "TUN", 788, "Tunisia", "Northern Africa"),
    ("DZ", "DZA", 12, "Algeria", "Northern Africa"),
    ("MA", "MAR", 504, "Morocco", "Northern Africa"),
];

/// Look a country up by ISO alpha-2, alpha-3 or English name (case-insensitive).
pub fn country_info(c: Option<&str>) -> Option<CountryInfo> {
    let c = c?.trim();
    COUNTRIES
        .iter()
        .find(|(a2, a3, _, name, _)| {
            c.eq_ignore_ascii_case(a2) || c.eq_ignore_ascii_case(a3) || c.eq_ignore_ascii_case(name)
        })
        .map(|&(_, iso3, iso_num, name, region)| CountryInfo {
            iso3,
            iso_num,
            name,
            region,
        })
}

/// ACLED disorder type of an event type.
pub fn disorder_type(event_type: &str) -> Option<String> {
    Some(
        match event_type {
            "Battles" | "Explosions/Remote violence" | "Violence against civilians" => {
                "Political violence"
            }
            "Protests" | "Riots" => "Demonstrations",
            "Strategic developments" => "Strategic developments",
            _ => return None,
        }
        .to_string(),
    )
}

/// Most frequent value; ties go to the value seen first.
fn mode<'a>(vals: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for v in vals {
        if v.trim().is_empty() {
            continue;
        }
        match counts.iter_mut().find(|(x, _)| *x == v) {
            Some(c) => c.1 += 1,
            None => counts.push((v, 1)),
        }
    }
    let mut best: Option<(&str, usize)> = None;
    for (v, n) in counts {
        if best.is_none_or(|(_, bn)| n > bn) {
            best = Some((v, n));
        }
    }
    best.map(|(v, _)| v.to_string())
}

/// Combine reports into one event. `sources` is parallel to `anns`.
pub fn aggregate(anns: &[EventAnn], sources: Vec<EventSource>) -> StoredEvent {
    let event_type = mode(anns.iter().map(|a| a.event_type.as_str())).unwrap_or_default();
    let same: Vec<&EventAnn> = anns.iter().filter(|a| a.event_type == event_type).collect();
    let sub_event_type = mode(same.iter().map(|a| a.sub_event_type.as_str())).unwrap_or_default();
    let plover = mode(same.iter().map(|a| a.plover.as_str())).unwrap_or_default();
    let dated: Vec<&EventAnn> = anns.iter().filter(|a| a.date.is_some()).collect();
    let best_tp = dated.iter().map(|a| a.time_precision.max(1)).min();
    let (event_date, time_precision) = match best_tp {
        Some(tp) => {
            let mut ds: Vec<&str> = dated
                .iter()
                .filter(|a| a.time_precision.max(1) == tp)
                .filter_map(|a| a.date.as_deref())
                .collect();
            let m = mode(ds.iter().copied());
            ds.sort_unstable();
            // Among equally frequent dates `mode` keeps the first seen; prefer the earliest.
            let top = m
                .clone()
                .map(|m| ds.iter().filter(|d| **d == m).count())
                .unwrap_or(0);
            let earliest = ds
                .iter()
                .find(|d| ds.iter().filter(|x| x == d).count() == top)
                .map(|d| d.to_string());
            (earliest.or(m), tp)
        }
        None => (None, anns.first().map(|a| a.time_precision).unwrap_or(0)),
    };
    let loc = anns
        .iter()
        .filter(|a| a.location.is_some() || a.lat.is_some())
        .min_by_key(|a| {
            if a.geo_precision == 0 {
                9
            } else {
                a.geo_precision
            }
        })
        .or(anns.first());
    let pick = |f: fn(&EventAnn) -> Option<&String>| {
        mode(anns.iter().filter_map(|a| f(a).map(String::as_str)))
    };
    let actor1 = pick(|a| a.actor1.as_ref());
    let actor2 = pick(|a| a.actor2.as_ref());
    let inter1 = anns
        .iter()
        .find(|a| a.actor1.is_some() && a.actor1 == actor1)
        .and_then(|a| a.inter1);
    let inter2 = anns
        .iter()
        .find(|a| a.actor2.is_some() && a.actor2 == actor2)
        .and_then(|a| a.inter2);
    let country = loc.and_then(|l| l.country.clone());
    let iso = country_info(country.as_deref()).map(|c| c.iso_num);
    StoredEvent {
        id: String::new(),
        event_date,
        time_precision,
        disorder_type: disorder_type(&event_type),
        event_type,
        sub_event_type,
        plover,
        actor1,
        assoc_actor1: pick(|a| a.assoc_actor1.as_ref()),
        inter1,
        actor2,
        assoc_actor2: pick(|a| a.assoc_actor2.as_ref()),
        inter2,
        civilian_targeting: anns.iter().any(|a| a.civilian_targeting),
        iso,
        country: country_info(country.as_deref())
            .map(|c| c.name.to_string())
            .or(country),
        admin1: loc.and_then(|l| l.admin1.clone()),
        admin2: loc.and_then(|l| l.admin2.clone()),
        admin3: loc.and_then(|l| l.admin3.clone()),
        location: loc.and_then(|l| l.location.clone()),
        lat: loc.and_then(|l| l.lat),
        lon: loc.and_then(|l| l.lon),
        geo_precision: loc.map(|l| l.geo_precision).unwrap_or(0),
        fatalities: anns.iter().filter_map(|a| a.fatalities).min(),
        injuries: anns.iter().filter_map(|a| a.injuries).min(),
        claimed_by: pick(|a| a.claimed_by.as_ref()),
        reported_by: pick(|a| a.reported_by.as_ref()),
        salience: if anns.iter().any(|a| a.salience == Salience::Main) || anns.is_empty() {
            "main"
        } else {
            "background"
        }
        .to_string(),
        sources,
        timestamp: 0,
    }
}
