//! `rasd events`: query stored (deduplicated) events and export them as a table, JSONL,
//! ACLED-style CSV or GeoJSON.

use super::ingest::open_store;
use anyhow::Context;
use rasd_store::{export, EventFilter, EventSort, StoredEvent};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
enum Format {
    Table,
    Jsonl,
    Csv,
    Geojson,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Sort {
    /// Newest first.
    Date,
    /// Oldest first.
    DateAsc,
    /// Deadliest first.
    Fatalities,
}

/// Event filters shared by `rasd events` and `rasd stats`.
#[derive(clap::Args, Default)]
pub struct FilterArgs {
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Events on or before this date.
    #[arg(long)]
    pub to: Option<String>,
    /// ACLED event type, e.g. "Battles" (case-insensitive).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. "Air/drone strike".
    #[arg(long)]
    pub sub_type: Option<String>,
    /// Actor name substring (any role).
    #[arg(long)]
    pub actor: Option<String>,
    /// Location, admin1, admin2 or admin3 name (exact, case-insensitive; English or Arabic).
    #[arg(long)]
    pub place: Option<String>,
    /// Bounding box: min_lon,min_lat,max_lon,max_lat.
    #[arg(long, allow_hyphen_values = true)]
    pub bbox: Option<String>,
    /// Only events within --km of this road (e.g. M4).
    #[arg(long)]
    pub near_road: Option<String>,
    /// Distance from --near-road in km.
    #[arg(long, default_value_t = 5.0)]
    pub km: f64,
    /// Only events reported by this outlet (substring, case-insensitive).
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long)]
    pub min_fatalities: Option<u32>,
    /// Words that must occur in the evidence (Arabic-aware).
    #[arg(long)]
    pub text: Option<String>,
    /// Only events inside this watch zone (id).
    #[arg(long)]
    pub zone: Option<String>,
    /// Include background events (mentioned, not reported as news).
    #[arg(long)]
    pub include_background: bool,
}

impl FilterArgs {
    pub fn to_filter(&self) -> anyhow::Result<EventFilter> {
        let bbox = match &self.bbox {
            None => None,
            Some(b) => {
                let v: Vec<f64> = b
                    .split(',')
                    .map(|x| x.trim().parse::<f64>())
                    .collect::<Result<_, _>>()
                    .with_context(|| {
                        format!(
                            "--bbox {b:?}: expected four numbers min_lon,min_lat,max_lon,max_lat"
                        )
                    })?;
                let arr: [f64; 4] = v
                    .try_into()
                    .map_err(|_| anyhow::anyhow!("--bbox {b:?}: expected exactly four numbers"))?;
                Some(arr)
            }
        };
        Ok(EventFilter {
            date_from: self.from.clone(),
            date_to: self.to.clone(),
            event_type: self.event_type.clone(),
            sub_event_type: self.sub_type.clone(),
            actor: self.actor.clone(),
            place: self.place.clone(),
            bbox,
            near_road: self.near_road.clone(),
            road_km: self.near_road.as_ref().map(|_| self.km),
            source: self.source.clone(),
            min_fatalities: self.min_fatalities,
            text: self.text.clone(),
            zone: self.zone.clone(),
            include_background: self.include_background,
            ..Default::default()
        })
    }
}

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long)]
    db: Option<PathBuf>,
    #[command(flatten)]
    filter: FilterArgs,
    #[arg(long, value_enum, default_value = "date")]
    sort: Sort,
    /// Maximum events (default: 50 for the table, all for exports).
    #[arg(long)]
    limit: Option<usize>,
    #[arg(long, default_value_t = 0)]
    offset: usize,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
}

fn cut(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

fn pad(s: &str, n: usize) -> String {
    let s = cut(s, n);
    let w = s.chars().count();
    format!("{s}{}", " ".repeat(n.saturating_sub(w)))
}

fn write_table(
    out: &mut dyn Write,
    events: &[StoredEvent],
    total: usize,
    offset: usize,
) -> std::io::Result<()> {
    writeln!(
        out,
        "{} {} {} {} {} {} sources",
        pad("id", 11),
        pad("date", 10),
        pad("type", 28),
        pad("location", 22),
        pad("actor1", 28),
        pad("fatal", 5),
    )?;
    for e in events {
        writeln!(
            out,
            "{} {} {} {} {} {} {}",
            pad(&e.id, 11),
            pad(e.event_date.as_deref().unwrap_or("?"), 10),
            pad(&e.sub_event_type, 28),
            pad(
                &[e.location.as_deref(), e.admin1.as_deref()]
                    .iter()
                    .flatten()
                    .copied()
                    .collect::<Vec<_>>()
                    .join(", "),
                22
            ),
            pad(e.actor1.as_deref().unwrap_or("-"), 28),
            pad(
                &e.fatalities
                    .map(|f| f.to_string())
                    .unwrap_or_else(|| "-".into()),
                5
            ),
            export::source_names(e)
        )?;
    }
    writeln!(
        out,
        "({} of {} events{})",
        events.len(),
        total,
        if offset > 0 {
            format!(", from {}", offset + 1)
        } else {
            String::new()
        }
    )
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let store = open_store(args.db.as_deref())?;
    let mut f = args.filter.to_filter()?;
    f.sort = match args.sort {
        Sort::Date => EventSort::DateDesc,
        Sort::DateAsc => EventSort::DateAsc,
        Sort::Fatalities => EventSort::FatalitiesDesc,
    };
    f.offset = args.offset;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let format = match args.format {
        Format::Table => {
            f.limit = args.limit.unwrap_or(50);
            let page = store.events(&f)?;
            write_table(&mut out, &page.items, page.total, page.offset)?;
            return Ok(out.flush()?);
        }
        Format::Jsonl => export::ExportFormat::Jsonl,
        Format::Csv => export::ExportFormat::Csv,
        Format::Geojson => export::ExportFormat::GeoJson,
    };
    // Exports stream every matching event (or --limit) in constant memory.
    f.limit = args.limit.unwrap_or(0);
    let mut w = export::EventWriter::new(format, &mut out)?;
    store.for_each_event(&f, |e| w.write(&e))?;
    w.finish()?;
    out.flush()?;
    Ok(())
}
