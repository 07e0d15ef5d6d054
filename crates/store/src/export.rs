//! Event exports: ACLED-style CSV (optionally with a UTF-8 byte order mark for spreadsheet
//! programs) and XLSX, GeoJSON, JSONL and PLOVER-style JSON lines. Every export carries the
//! sources, and every writer streams: one event in, its bytes out (XLSX rows go to a temporary
//! file, the workbook is assembled from it at the end), so memory does not grow with the
//! number of events.
//!
//! The ACLED columns follow ACLED's public export, with these differences:
//! - `notes` is a short English sentence generated from the coded fields ([`english_note`]);
//!   the Arabic evidence of every source is in its own column, `evidence_ar`;
//! - `fatalities` is `0` when the reports give no figure, as ACLED codes it;
//! - `source_scale` comes from the outlet table `data/export/outlets.tsv` (empty when an
//!   outlet is not listed);
//! - ACLED's `tags` column is left out: its values (crowd size, women targeted, armed presence,
//!   local administrators …) are facts rasd does not code, so it could only ever be empty;
//! - `injuries`, `reported_by`, `claimed_by`, `evidence_ar` and `source_urls` are added.

use crate::aggregate::country_info;
use crate::api::{StoreError, StoredEvent};
use std::collections::HashMap;
use std::io::{Seek, Write};
use std::sync::OnceLock;

/// Columns of the CSV and XLSX exports, in order.
pub const ACLED_COLUMNS: [&str; 35] = [
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
    "timestamp",
    "injuries",
    "reported_by",
    "claimed_by",
    "evidence_ar",
    "source_urls",
];

/// Columns written as numbers in XLSX (when the cell is not empty).
const NUMERIC_COLUMNS: [&str; 11] = [
    "year",
    "time_precision",
    "inter1",
    "inter2",
    "interaction",
    "iso",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "injuries",
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

/// Distinct values, in first-seen order, `; `-joined.
fn join_distinct<'a>(vals: impl Iterator<Item = &'a str>) -> String {
    let mut names: Vec<&str> = Vec::new();
    for n in vals {
        if !n.is_empty() && !names.contains(&n) {
            names.push(n);
        }
    }
    names.join("; ")
}

/// Outlets of an event, deduplicated, `; `-joined (ACLED `source`).
pub fn source_names(e: &StoredEvent) -> String {
    join_distinct(e.sources.iter().map(|s| {
        s.outlet
            .as_deref()
            .or(s.url.as_deref())
            .unwrap_or(s.article_id.as_str())
    }))
}

/// The Arabic evidence of each source, prefixed by its outlet (`evidence_ar` column).
pub fn evidence_ar(e: &StoredEvent) -> String {
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

/// Lines of a data file, embedded text first, then `$RASD_DATA/<rel>` if present.
fn data_rows(rel: &str, embedded: &str) -> Vec<Vec<String>> {
    let mut text = embedded.to_string();
    if let Some(dir) = std::env::var_os("RASD_DATA") {
        let p = std::path::Path::new(&dir).join(rel);
        match std::fs::read_to_string(&p) {
            Ok(t) => {
                text.push('\n');
                text.push_str(&t);
            }
            Err(e) if p.exists() => {
                tracing::warn!("ignoring data extension {}: {e}", p.display())
            }
            Err(_) => {}
        }
    }
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| l.split('\t').map(|c| c.trim().to_string()).collect())
        .collect()
}

/// English wording and PLOVER mode/context of a sub-event type (`data/export/subtypes.tsv`).
#[derive(Debug, Clone)]
struct SubType {
    mode: String,
    context: Vec<String>,
    with_target: String,
    without_target: String,
}

fn subtypes() -> &'static HashMap<String, SubType> {
    static T: OnceLock<HashMap<String, SubType>> = OnceLock::new();
    T.get_or_init(|| {
        let mut m = HashMap::new();
        for r in data_rows(
            "export/subtypes.tsv",
            include_str!("../../../data/export/subtypes.tsv"),
        ) {
            if r.len() < 5 {
                tracing::warn!("export/subtypes.tsv: a row needs 5 columns: {r:?}");
                continue;
            }
            m.insert(
                r[0].to_ascii_lowercase(),
                SubType {
                    mode: r[1].clone(),
                    context: r[2]
                        .split(',')
                        .map(str::trim)
                        .filter(|c| !c.is_empty())
                        .map(String::from)
                        .collect(),
                    with_target: r[3].clone(),
                    without_target: r[4].clone(),
                },
            );
        }
        m
    })
}

fn outlet_scales() -> &'static HashMap<String, String> {
    static T: OnceLock<HashMap<String, String>> = OnceLock::new();
    T.get_or_init(|| {
        data_rows(
            "export/outlets.tsv",
            include_str!("../../../data/export/outlets.tsv"),
        )
        .into_iter()
        .filter(|r| r.len() >= 2 && !r[1].is_empty())
        .map(|r| (r[0].to_lowercase(), r[1].clone()))
        .collect()
    })
}

/// Host of a URL without `www.`, lower-cased.
fn url_host(u: &str) -> Option<String> {
    let rest = u.split_once("://").map(|x| x.1)?;
    let host = rest.split(['/', '?', '#', ':']).next()?.to_lowercase();
    Some(host.strip_prefix("www.").unwrap_or(&host).to_string())
}

/// ACLED `source_scale` of an event: its outlets' scales (by name, then by URL domain, then the
/// parent domain) combined in ACLED's order (`National-International`); empty when any outlet
/// is not in the table, so an unknown source is never reported as a known scale.
pub fn source_scale(e: &StoredEvent) -> String {
    const ORDER: [&str; 7] = [
        "Local",
        "Subnational",
        "National",
        "Regional",
        "International",
        "New media",
        "Other",
    ];
    let t = outlet_scales();
    let mut found: Vec<&str> = Vec::new();
    for s in &e.sources {
        let by_name = s
            .outlet
            .as_deref()
            .and_then(|o| t.get(&o.trim().to_lowercase()));
        let host = s.url.as_deref().and_then(url_host);
        let by_host = host.as_deref().and_then(|h| {
            t.get(h)
                .or_else(|| h.split_once('.').and_then(|(_, parent)| t.get(parent)))
        });
        match by_name.or(by_host) {
            Some(sc) => {
                if !found.contains(&sc.as_str()) {
                    found.push(sc);
                }
            }
            None => return String::new(),
        }
    }
    found.sort_by_key(|s| ORDER.iter().position(|o| o.eq_ignore_ascii_case(s)));
    found.join("-")
}

/// `On 14 July 2020` / `Around 14 July 2020` / `In July 2020` from a date and ACLED time precision.
fn date_phrase(date: Option<&str>, tp: u8) -> String {
    let Some(d) = date else {
        return "On an unknown date".into();
    };
    let full = acled_date(d);
    let full = full.strip_prefix('0').unwrap_or(&full).to_string();
    match tp {
        3 => match full.split_once(' ') {
            Some((_, month_year)) if full != d => format!("In {month_year}"),
            _ => format!("In {d}"),
        },
        2 => format!("Around {full}"),
        _ => format!("On {full}"),
    }
}

fn place_phrase(e: &StoredEvent) -> String {
    let loc = e.location.as_deref().filter(|s| !s.is_empty());
    let a1 = e.admin1.as_deref().filter(|s| !s.is_empty());
    let country = e.country.as_deref().filter(|s| !s.is_empty());
    let region = a1.or(country);
    match loc {
        Some(l) => {
            let prep = if l.to_lowercase().contains("highway") || l.to_lowercase().contains("road")
            {
                "on the"
            } else if e.geo_precision == 2 {
                "near"
            } else {
                "in"
            };
            match region {
                Some(r) if !l.contains(r) && l != r => format!(" {prep} {l} ({r})"),
                _ => format!(" {prep} {l}"),
            }
        }
        None => region.map(|r| format!(" in {r}")).unwrap_or_default(),
    }
}

fn people(n: u32, what: &str) -> String {
    if n == 1 {
        format!("1 person was {what}")
    } else {
        format!("{n} people were {what}")
    }
}

/// ACLED `notes`: one short English sentence generated from the coded fields only (date, type,
/// actors, place, casualties, claim, reporting monitor), e.g. "On 14 July 2020, an explosive
/// device (IED or landmine) hit Military Forces of Russia near Ariha (Idlib); 3 people were
/// injured." The Arabic evidence is in [`evidence_ar`].
pub fn english_note(e: &StoredEvent) -> String {
    let actor1 = e
        .actor1
        .as_deref()
        .filter(|a| !a.is_empty())
        .unwrap_or("an unidentified group");
    let actor2 = e.actor2.as_deref().filter(|a| !a.is_empty());
    let action = match subtypes().get(&e.sub_event_type.to_ascii_lowercase()) {
        Some(st) => match actor2 {
            Some(a2) => st
                .with_target
                .replace("{actor1}", actor1)
                .replace("{actor2}", a2),
            None => st.without_target.replace("{actor1}", actor1),
        },
        None => {
            let what = if e.sub_event_type.is_empty() {
                e.event_type.to_lowercase()
            } else {
                e.sub_event_type.to_lowercase()
            };
            match actor2 {
                Some(a2) => format!("{actor1} and {a2} were involved in an event ({what})"),
                None => format!("{actor1} was involved in an event ({what})"),
            }
        }
    };
    let mut s = format!(
        "{}, {action}{}",
        date_phrase(e.event_date.as_deref(), e.time_precision),
        place_phrase(e)
    );
    let mut casualties = Vec::new();
    if let Some(f) = e.fatalities.filter(|f| *f > 0) {
        casualties.push(people(f, "killed"));
    }
    if let Some(i) = e.injuries.filter(|i| *i > 0) {
        casualties.push(people(i, "injured"));
    }
    if !casualties.is_empty() {
        s.push_str("; ");
        s.push_str(&casualties.join(" and "));
    }
    s.push('.');
    // Names only in Arabic script (an outlet cited as the reporter, a claim in the group's own
    // words) stay in their own columns: the note is English.
    let latin =
        |x: &&str| !x.is_empty() && !x.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c));
    if let Some(c) = e.claimed_by.as_deref().filter(latin) {
        s.push_str(&format!(" {c} claimed responsibility."));
    }
    if let Some(r) = e.reported_by.as_deref().filter(latin) {
        s.push_str(&format!(" Reported by {r}."));
    }
    // Capitalise the first letter ("an explosive device …" never starts the sentence, but an
    // analyst's phrase may).
    let mut cs = s.chars();
    match cs.next() {
        Some(c) => c.to_uppercase().chain(cs).collect(),
        None => s,
    }
}

/// One PLOVER-style record of an event: PLOVER event type, mode and context, actor and
/// recipient, date, place, casualties, the ACLED coding it came from and its sources.
pub fn plover_record(e: &StoredEvent) -> serde_json::Value {
    let st = subtypes().get(&e.sub_event_type.to_ascii_lowercase());
    let iso3 = country_info(e.country.as_deref()).map(|c| c.iso3);
    serde_json::json!({
        "id": e.id,
        "date": e.event_date,
        "time_precision": e.time_precision,
        "event_type": e.plover,
        "mode": st.map(|s| s.mode.as_str()).filter(|m| !m.is_empty()),
        "context": st.map(|s| s.context.clone()).unwrap_or_default(),
        "actor": e.actor1,
        "recipient": e.actor2,
        "location": {
            "name": e.location,
            "admin1": e.admin1,
            "admin2": e.admin2,
            "country": e.country,
            "iso3": iso3,
            "lat": e.lat,
            "lon": e.lon,
            "geo_precision": e.geo_precision,
        },
        "fatalities": e.fatalities,
        "injuries": e.injuries,
        "claimed_by": e.claimed_by,
        "reported_by": e.reported_by,
        "summary": english_note(e),
        "acled": {"event_type": e.event_type, "sub_event_type": e.sub_event_type},
        "sources": e.sources.iter().map(|s| serde_json::json!({
            "article_id": s.article_id,
            "outlet": s.outlet,
            "url": s.url,
            "published": s.published,
            "text": s.evidence,
            "language": "ar",
        })).collect::<Vec<_>>(),
    })
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
    /// The CSV's columns as an Excel workbook (one sheet).
    Xlsx,
    /// One PLOVER-style JSON record per line.
    Plover,
}

impl ExportFormat {
    /// Parse a format name (`csv`, `xlsx`, `geojson`, `jsonl`, `plover`).
    pub fn parse(s: &str) -> Option<ExportFormat> {
        Some(match s.trim().to_ascii_lowercase().as_str() {
            "csv" => ExportFormat::Csv,
            "xlsx" => ExportFormat::Xlsx,
            "geojson" => ExportFormat::GeoJson,
            "jsonl" | "ndjson" => ExportFormat::Jsonl,
            "plover" => ExportFormat::Plover,
            _ => return None,
        })
    }

    /// MIME type and file extension.
    pub fn mime_and_extension(self) -> (&'static str, &'static str) {
        match self {
            ExportFormat::Csv => ("text/csv; charset=utf-8", "csv"),
            ExportFormat::GeoJson => ("application/geo+json", "geojson"),
            ExportFormat::Jsonl => ("application/x-ndjson", "jsonl"),
            ExportFormat::Plover => ("application/x-ndjson", "plover.jsonl"),
            ExportFormat::Xlsx => (
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "xlsx",
            ),
        }
    }
}

/// Export options.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ExportOptions {
    /// Start a CSV with the UTF-8 byte order mark (Excel then reads it as UTF-8).
    pub bom: bool,
}

/// The largest number of events one XLSX sheet takes (Excel's row limit, less the header).
pub const XLSX_MAX_ROWS: usize = 1_048_575;
/// Excel's limit on the characters of one cell.
const XLSX_MAX_CELL: usize = 32_767;

/// XLSX output: rows written to a constant-memory worksheet (spilled to a temporary file),
/// the zipped workbook assembled in another temporary file and copied out at the end.
struct XlsxSink<W: Write> {
    book: rust_xlsxwriter::Workbook,
    out: W,
}

enum Sink<W: Write> {
    Csv(Box<csv::Writer<W>>),
    Raw(W),
    Xlsx(Box<XlsxSink<W>>),
    Done,
}

/// Streaming event writer: constant memory whatever the number of events.
pub struct EventWriter<W: Write> {
    format: ExportFormat,
    sink: Sink<W>,
    count: usize,
}

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> StoreError {
    io_err(format!("XLSX: {e}"))
}

fn xlsx_row(
    sheet: &mut rust_xlsxwriter::Worksheet,
    row: u32,
    cells: &[String],
) -> Result<(), StoreError> {
    for (col, v) in cells.iter().enumerate() {
        if v.is_empty() {
            continue;
        }
        let numeric = row > 0 && NUMERIC_COLUMNS.contains(&ACLED_COLUMNS[col]);
        match v.parse::<f64>() {
            Ok(n) if numeric && n.is_finite() => {
                sheet.write_number(row, col as u16, n).map_err(xlsx_err)?;
            }
            _ => {
                let cut: String = if v.chars().count() > XLSX_MAX_CELL {
                    v.chars().take(XLSX_MAX_CELL).collect()
                } else {
                    v.clone()
                };
                sheet.write_string(row, col as u16, cut).map_err(xlsx_err)?;
            }
        }
    }
    Ok(())
}

impl<W: Write> EventWriter<W> {
    /// Start an export (writes the CSV header or the GeoJSON preamble).
    pub fn new(format: ExportFormat, w: W) -> Result<Self, StoreError> {
        Self::with_options(format, ExportOptions::default(), w)
    }

    /// Start an export with options (a CSV byte order mark).
    pub fn with_options(
        format: ExportFormat,
        opts: ExportOptions,
        mut w: W,
    ) -> Result<Self, StoreError> {
        let sink = match format {
            ExportFormat::Csv => {
                if opts.bom {
                    w.write_all("\u{feff}".as_bytes()).map_err(io_err)?;
                }
                let mut c = csv::Writer::from_writer(w);
                c.write_record(ACLED_COLUMNS).map_err(io_err)?;
                Sink::Csv(Box::new(c))
            }
            ExportFormat::GeoJson => {
                w.write_all(b"{\"type\":\"FeatureCollection\",\"features\":[")
                    .map_err(io_err)?;
                Sink::Raw(w)
            }
            ExportFormat::Jsonl | ExportFormat::Plover => Sink::Raw(w),
            ExportFormat::Xlsx => {
                let mut book = rust_xlsxwriter::Workbook::new();
                book.set_tempdir(std::env::temp_dir()).map_err(xlsx_err)?;
                let sheet = book.add_worksheet_with_constant_memory();
                sheet.set_name("events").map_err(xlsx_err)?;
                let header: Vec<String> = ACLED_COLUMNS.iter().map(|c| c.to_string()).collect();
                xlsx_row(sheet, 0, &header)?;
                sheet.set_freeze_panes(1, 0).map_err(xlsx_err)?;
                Sink::Xlsx(Box::new(XlsxSink { book, out: w }))
            }
        };
        Ok(EventWriter {
            format,
            sink,
            count: 0,
        })
    }

    /// Write one event.
    pub fn write(&mut self, e: &StoredEvent) -> Result<(), StoreError> {
        match &mut self.sink {
            Sink::Csv(c) => c.write_record(csv_row(e)).map_err(io_err)?,
            Sink::Raw(w) => match self.format {
                ExportFormat::Jsonl | ExportFormat::Plover => {
                    if self.format == ExportFormat::Plover {
                        serde_json::to_writer(&mut *w, &plover_record(e)).map_err(io_err)?;
                    } else {
                        serde_json::to_writer(&mut *w, e).map_err(io_err)?;
                    }
                    w.write_all(b"\n").map_err(io_err)?;
                }
                _ => {
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
            },
            Sink::Xlsx(x) => {
                if self.count >= XLSX_MAX_ROWS {
                    return Err(StoreError::BadQuery(format!(
                        "an XLSX sheet holds at most {XLSX_MAX_ROWS} events: narrow the filter or export CSV"
                    )));
                }
                let sheet = x.book.worksheet_from_index(0).map_err(xlsx_err)?;
                xlsx_row(sheet, self.count as u32 + 1, &csv_row(e))?;
            }
            Sink::Done => return Err(io_err("export writer already finished")),
        }
        self.count += 1;
        Ok(())
    }

    /// Finish (GeoJSON closing brackets, the XLSX workbook), flush, and return the number of
    /// events written.
    pub fn finish(mut self) -> Result<usize, StoreError> {
        match std::mem::replace(&mut self.sink, Sink::Done) {
            Sink::Csv(mut c) => c.flush().map_err(io_err)?,
            Sink::Raw(mut w) => {
                if self.format == ExportFormat::GeoJson {
                    w.write_all(b"]}\n").map_err(io_err)?;
                }
                w.flush().map_err(io_err)?;
            }
            Sink::Xlsx(x) => {
                let XlsxSink { mut book, mut out } = *x;
                let mut tmp = tempfile::tempfile().map_err(io_err)?;
                book.save_to_writer(&mut tmp).map_err(xlsx_err)?;
                tmp.rewind().map_err(io_err)?;
                std::io::copy(&mut tmp, &mut out).map_err(io_err)?;
                out.flush().map_err(io_err)?;
            }
            Sink::Done => {}
        }
        Ok(self.count)
    }
}

fn csv_row(e: &StoredEvent) -> [String; 35] {
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
        source_scale(e),
        english_note(e),
        // ACLED codes 0 when the reports give no fatality figure.
        e.fatalities.unwrap_or(0).to_string(),
        e.timestamp.to_string(),
        opt(&e.injuries),
        opt(&e.reported_by),
        opt(&e.claimed_by),
        evidence_ar(e),
        join_distinct(e.sources.iter().filter_map(|s| s.url.as_deref())),
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
    use crate::api::EventSource;

    pub(crate) fn event() -> StoredEvent {
        StoredEvent {
            id: "SYR-000001".into(),
            event_date: Some("2020-07-14".into()),
            time_precision: 1,
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: "Remote explosive/landmine/IED".into(),
            plover: "ASSAULT".into(),
            disorder_type: Some("Political violence".into()),
            actor1: Some("Unidentified Armed Group (Syria)".into()),
            assoc_actor1: None,
            inter1: Some(3),
            actor2: Some("Military Forces of Russia".into()),
            assoc_actor2: None,
            inter2: Some(8),
            civilian_targeting: false,
            iso: Some(760),
            country: Some("Syria".into()),
            admin1: Some("Idlib".into()),
            admin2: Some("Ariha".into()),
            admin3: None,
            location: Some("Ariha".into()),
            lat: Some(35.81),
            lon: Some(36.61),
            geo_precision: 2,
            fatalities: None,
            injuries: Some(3),
            claimed_by: Some("Kataib Khattab al-Shishani".into()),
            reported_by: Some("Syrian Observatory for Human Rights".into()),
            salience: "main".into(),
            sources: vec![EventSource {
                article_id: "a1".into(),
                url: Some("https://www.enabbaladi.net/archives/1".into()),
                outlet: Some("Enab".into()),
                published: Some("2020-07-14".into()),
                evidence: "انفجرت عبوة ناسفة بدورية روسية قرب أريحا".into(),
                evidence_start: 0,
                evidence_end: 10,
                merge_reason: None,
            }],
            timestamp: 1_600_000_000,
        }
    }

    #[test]
    fn dates_and_interaction() {
        assert_eq!(acled_date("2020-09-05"), "05 September 2020");
        assert_eq!(acled_date("2020-13-05"), "2020-13-05");
        assert_eq!(interaction(Some(3), Some(1)), "13");
        assert_eq!(interaction(Some(2), None), "20");
    }

    #[test]
    fn english_note_from_coded_fields() {
        let e = event();
        assert_eq!(
            english_note(&e),
            "On 14 July 2020, an explosive device (IED or landmine) hit Military Forces of Russia \
             near Ariha (Idlib); 3 people were injured. Kataib Khattab al-Shishani claimed \
             responsibility. Reported by Syrian Observatory for Human Rights."
        );
        let mut e2 = event();
        e2.sub_event_type = "Armed clash".into();
        e2.actor2 = None;
        e2.fatalities = Some(1);
        e2.injuries = None;
        e2.claimed_by = None;
        e2.reported_by = None;
        e2.time_precision = 3;
        e2.geo_precision = 1;
        assert_eq!(
            english_note(&e2),
            "In July 2020, Unidentified Armed Group (Syria) fought an armed clash in Ariha (Idlib); 1 person was killed."
        );
        e2.event_date = None;
        e2.location = Some("M4 highway (Idlib)".into());
        assert!(english_note(&e2).starts_with("On an unknown date,"));
        assert!(english_note(&e2).contains("on the M4 highway (Idlib);"));
        e2.reported_by = Some("شبكة الشمال الإخبارية".into());
        assert!(!english_note(&e2).contains("Reported by"));
    }

    #[test]
    fn csv_columns_zero_fatalities_scale_and_bom() {
        let e = event();
        let mut out = Vec::new();
        let mut w =
            EventWriter::with_options(ExportFormat::Csv, ExportOptions { bom: true }, &mut out)
                .unwrap();
        w.write(&e).unwrap();
        assert_eq!(w.finish().unwrap(), 1);
        assert!(out.starts_with("\u{feff}".as_bytes()));
        let mut r = csv::Reader::from_reader(&out[3..]);
        let head = r.headers().unwrap().clone();
        assert!(!head.iter().any(|h| h == "tags"));
        let row = r.records().next().unwrap().unwrap();
        let col = |n: &str| row[head.iter().position(|h| h == n).unwrap()].to_string();
        assert_eq!(col("fatalities"), "0");
        assert_eq!(col("injuries"), "3");
        assert_eq!(col("reported_by"), "Syrian Observatory for Human Rights");
        assert_eq!(col("claimed_by"), "Kataib Khattab al-Shishani");
        // Known by its URL's domain (the outlet name "Enab" is not in the table).
        assert_eq!(col("source_scale"), "National");
        assert!(col("evidence_ar").contains("عبوة ناسفة"));
        assert!(col("notes").starts_with("On 14 July 2020"));
        let mut unknown = event();
        unknown.sources[0].url = Some("https://example.org/x".into());
        assert_eq!(source_scale(&unknown), "");
        let mut two = event();
        let mut s2 = two.sources[0].clone();
        s2.outlet = Some("Al Jazeera".into());
        s2.url = None;
        two.sources.push(s2);
        assert_eq!(source_scale(&two), "National-International");
    }

    #[test]
    fn plover_record_has_mode_and_sources() {
        let p = plover_record(&event());
        assert_eq!(p["event_type"], "ASSAULT");
        assert_eq!(p["mode"], "explosion");
        assert_eq!(p["context"][0], "military");
        assert_eq!(p["recipient"], "Military Forces of Russia");
        assert_eq!(p["location"]["iso3"], "SYR");
        assert_eq!(p["sources"][0]["language"], "ar");
    }

    #[test]
    fn formats_parse() {
        for f in ["csv", "XLSX", "geojson", "jsonl", "plover"] {
            assert!(ExportFormat::parse(f).is_some(), "{f}");
        }
        assert_eq!(ExportFormat::parse("pdf"), None);
    }
}
