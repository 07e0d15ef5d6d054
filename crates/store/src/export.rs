//! Event exports: ACLED-style CSV, GeoJSON and JSONL. Every export carries the sources.

use crate::aggregate::country_info;
use crate::api::{StoreError, StoredEvent};
use std::io::Write;

/// ACLED's public export columns, in order.
pub const ACLED_COLUMNS: [&str; 31] = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
];

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// `2020-09-05` → `05 September 2020` (ACLED export style); other inputs unchanged.
pub fn acled_date(d: &str) -> String {
    let p: Vec<&str> = d.split('-').collect();
    match p.as_slice() {
        [y, m, dd] if y.len() == 4 && dd.len() == 2 => match m.parse::<usize>() {
            Ok(mi @ 1..=12) => format!("{dd} {} {y}", MONTHS[mi - 1]),
            _ => d.to_string(),
        },
        _ => d.to_string(),
    }
}

fn io_err(e: impl std::fmt::Display) -> StoreError {
    StoreError::Io {
        path: "export output".into(),
        message: e.to_string(),
    }
}

fn opt<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(|x| x.to_string()).unwrap_or_default()
}

/// ACLED interaction code: the two inter codes, lowest first (`10 × inter1` for one actor).
pub fn interaction(i1: Option<u8>, i2: Option<u8>) -> String {
    match (i1, i2) {
        (Some(a), Some(b)) => format!("{}{}", a.min(b), a.max(b)),
        (Some(a), None) | (None, Some(a)) => format!("{a}0"),
        _ => String::new(),
    }
}

/// Outlets of an event, deduplicated, `; `-joined (ACLED `source`).
pub fn source_names(e: &StoredEvent) -> String {
    let mut names: Vec<&str> = Vec::new();
    for s in &e.sources {
        let n = s
            .outlet
            .as_deref()
            .or(s.url.as_deref())
            .unwrap_or(s.article_id.as_str());
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join("; ")
}

/// Notes: the evidence of each source, prefixed by its outlet.
pub fn notes(e: &StoredEvent) -> String {
    e.sources
        .iter()
        .map(|s| {
            let ev = s.evidence.split_whitespace().collect::<Vec<_>>().join(" ");
            match &s.outlet {
                Some(o) => format!("[{o}] {ev}"),
                None => ev,
            }
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// ACLED-style CSV (header + one row per event).
    Csv,
    /// One JSON event per line.
    Jsonl,
    /// A GeoJSON FeatureCollection of points.
    GeoJson,
}

/// Streaming event writer: constant memory whatever the number of events.
pub struct EventWriter<W: Write> {
    format: ExportFormat,
    csv: Option<csv::Writer<W>>,
    raw: Option<W>,
    count: usize,
}

impl<W: Write> EventWriter<W> {
    /// Start an export (writes the CSV header or the GeoJSON preamble).
    pub fn new(format: ExportFormat, mut w: W) -> Result<Self, StoreError> {
        match format {
            ExportFormat::Csv => {
                let mut c = csv::Writer::from_writer(w);
                c.write_record(ACLED_COLUMNS).map_err(io_err)?;
                Ok(EventWriter {
                    format,
                    csv: Some(c),
                    raw: None,
                    count: 0,
                })
            }
            ExportFormat::GeoJson => {
                w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
                    .map_err(io_err)?;
                Ok(EventWriter {
                    format,
                    csv: None,
                    raw: Some(w),
                    count: 0,
                })
            }
            ExportFormat::Jsonl => Ok(EventWriter {
                format,
                csv: None,
                raw: Some(w),
                count: 0,
            }),
        }
    }

    /// Write one event.
    pub fn write(&mut self, e: &StoredEvent) -> Result<(), StoreError> {
        match (self.format, self.csv.as_mut(), self.raw.as_mut()) {
            (ExportFormat::Csv, Some(c), _) => c.write_record(csv_row(e)).map_err(io_err)?,
            (ExportFormat::Jsonl, _, Some(w)) => {
                serde_json::to_writer(&mut *w, e).map_err(io_err)?;
                w.write_all(b"\n").map_err(io_err)?;
            }
            (ExportFormat::GeoJson, _, Some(w)) => {
                if self.count > 0 {
                    w.write_all(b",\n").map_err(io_err)?;
                }
                let geometry = match (e.lon, e.lat) {
                    (Some(lon), Some(lat)) => {
                        serde_json::json!({"type": "Point", "coordinates": [lon, lat]})
                    }
                    _ => serde_json::Value::Null,
                };
                let f = serde_json::json!({"type": "Feature", "id": e.id, "geometry": geometry, "properties": e});
                serde_json::to_writer(&mut *w, &f).map_err(io_err)?;
            }
            _ => return Err(io_err("export writer in an invalid state")),
        }
        self.count += 1;
        Ok(())
    }

    /// Finish (GeoJSON closing brackets), flush, and return the number of events written.
    pub fn finish(mut self) -> Result<usize, StoreError> {
        if let Some(mut c) = self.csv.take() {
            c.flush().map_err(io_err)?;
        }
        if let Some(mut w) = self.raw.take() {
            if self.format == ExportFormat::GeoJson {
                w.write_all(b"]}\n").map_err(io_err)?;
            }
            w.flush().map_err(io_err)?;
        }
        Ok(self.count)
    }
}

fn csv_row(e: &StoredEvent) -> [String; 31] {
    let ci = country_info(e.country.as_deref());
    let date = e.event_date.as_deref().unwrap_or("");
    [
        e.id.clone(),
        acled_date(date),
        date.get(..4).unwrap_or("").to_string(),
        if e.time_precision == 0 {
            String::new()
        } else {
            e.time_precision.to_string()
        },
        opt(&e.disorder_type),
        e.event_type.clone(),
        e.sub_event_type.clone(),
        opt(&e.actor1),
        opt(&e.assoc_actor1),
        opt(&e.inter1),
        opt(&e.actor2),
        opt(&e.assoc_actor2),
        opt(&e.inter2),
        interaction(e.inter1, e.inter2),
        if e.civilian_targeting {
            "Civilian targeting".into()
        } else {
            String::new()
        },
        opt(&e.iso),
        ci.map(|c| c.region.to_string()).unwrap_or_default(),
        opt(&e.country),
        opt(&e.admin1),
        opt(&e.admin2),
        opt(&e.admin3),
        opt(&e.location),
        e.lat.map(|v| format!("{v:.4}")).unwrap_or_default(),
        e.lon.map(|v| format!("{v:.4}")).unwrap_or_default(),
        if e.geo_precision == 0 {
            String::new()
        } else {
            e.geo_precision.to_string()
        },
        source_names(e),
        String::new(),
        notes(e),
        opt(&e.fatalities),
        String::new(),
        e.timestamp.to_string(),
    ]
}

fn write_all<'a>(
    format: ExportFormat,
    events: impl IntoIterator<Item = &'a StoredEvent>,
    w: impl Write,
) -> Result<(), StoreError> {
    let mut ew = EventWriter::new(format, w)?;
    for e in events {
        ew.write(e)?;
    }
    ew.finish().map(|_| ())
}

/// Write events as ACLED-style CSV (header + one row per event).
pub fn write_csv<'a>(
    events: impl IntoIterator<Item = &'a StoredEvent>,
    w: impl Write,
) -> Result<(), StoreError> {
    write_all(ExportFormat::Csv, events, w)
}

/// Write events as JSON lines (each with its `sources`).
pub fn write_jsonl<'a>(
    events: impl IntoIterator<Item = &'a StoredEvent>,
    w: impl Write,
) -> Result<(), StoreError> {
    write_all(ExportFormat::Jsonl, events, w)
}

/// Write events as a GeoJSON FeatureCollection of points (events without coordinates get a
/// `null` geometry); properties are the event fields including `sources`.
pub fn write_geojson<'a>(
    events: impl IntoIterator<Item = &'a StoredEvent>,
    w: impl Write,
) -> Result<(), StoreError> {
    write_all(ExportFormat::GeoJson, events, w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_interaction() {
        assert_eq!(acled_date("2020-09-05"), "05 September 2020");
        assert_eq!(acled_date("2020-13-05"), "2020-13-05");
        assert_eq!(interaction(Some(3), Some(1)), "13");
        assert_eq!(interaction(Some(2), None), "20");
    }
}
