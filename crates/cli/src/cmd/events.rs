//! `rasd events`: query stored (deduplicated) events and export them as a table, JSONL,
//! ACLED-style CSV (optionally with a UTF-8 BOM) or XLSX, GeoJSON or PLOVER-style JSON lines.

use super::ingest::open_any;
use rasd_store::params::{self, Limits, Style};
use rasd_store::{export, EventFilter, StoredEvent};
use std::io::Write;
use std::path::PathBuf;

#[derive(Clone, Copy, PartialEq, clap::ValueEnum)]
pub enum Format {
    Table,
    Jsonl,
    Csv,
    Geojson,
    /// Excel workbook with the CSV's columns (needs --output or a redirected stdout).
    Xlsx,
    /// PLOVER-style JSON lines.
    Plover,
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

/// Event filters shared by `rasd events` and `rasd stats`. Values are checked by the store's
/// parameter parser (`rasd_store::params`), the same one the HTTP API uses.
#[derive(clap::Args, Default)]
pub struct FilterArgs {
    /// Events on or after this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub from: Option<String>,
    /// Events on or before this date (YYYY, YYYY-MM or YYYY-MM-DD).
    #[arg(long)]
    pub to: Option<String>,
    /// ACLED event type, e.g. "Battles" (case-insensitive).
    #[arg(long = "type")]
    pub event_type: Option<String>,
    /// ACLED sub-event type, e.g. "Air/drone strike" (case-insensitive).
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
    /// Distance from --near-road in km (default 5).
    #[arg(long, allow_hyphen_values = true)]
    pub km: Option<String>,
    /// Only events reported by this outlet (substring, case-insensitive).
    #[arg(long)]
    pub source: Option<String>,
    #[arg(long, allow_hyphen_values = true)]
    pub min_fatalities: Option<String>,
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
    /// The options as the parameter pairs of `rasd_store::params` (API names).
    pub fn pairs(&self) -> Vec<(String, String)> {
        let mut v: Vec<(String, String)> = Vec::new();
        let mut add = |k: &str, x: &Option<String>| {
            if let Some(x) = x {
                v.push((k.to_string(), x.clone()));
            }
        };
        add("date_from", &self.from);
        add("date_to", &self.to);
        add("event_type", &self.event_type);
        add("sub_event_type", &self.sub_type);
        add("actor", &self.actor);
        add("place", &self.place);
        add("bbox", &self.bbox);
        add("near_road", &self.near_road);
        add("road_km", &self.km);
        add("source", &self.source);
        add("min_fatalities", &self.min_fatalities);
        add("text", &self.text);
        add("zone", &self.zone);
        if self.include_background {
            v.push(("include_background".into(), "true".into()));
        }
        v
    }

    /// The filter, checked by the shared parser (errors name the option).
    pub fn to_filter(&self) -> anyhow::Result<EventFilter> {
        Ok(params::event_filter(
            Style::Cli,
            &self.pairs(),
            Limits { default: 0, max: 0 },
        )?)
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
    /// Maximum events (default: 50 for the table, at most 5000; all for exports).
    #[arg(long, allow_hyphen_values = true)]
    limit: Option<String>,
    /// Events to skip (at most 100000).
    #[arg(long, allow_hyphen_values = true)]
    offset: Option<String>,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    #[command(flatten)]
    out: OutputArgs,
}

/// Where and how an export is written (`rasd events` and `rasd export`).
#[derive(clap::Args, Default)]
pub struct OutputArgs {
    /// Start a CSV export with a UTF-8 byte order mark (for Excel).
    #[arg(long)]
    pub bom: bool,
    /// Write the export to this file instead of standard output.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,
}

impl Format {
    pub fn to_export(self) -> Option<export::ExportFormat> {
        Some(match self {
            Format::Table => return None,
            Format::Jsonl => export::ExportFormat::Jsonl,
            Format::Csv => export::ExportFormat::Csv,
            Format::Geojson => export::ExportFormat::GeoJson,
            Format::Xlsx => export::ExportFormat::Xlsx,
            Format::Plover => export::ExportFormat::Plover,
        })
    }
}

/// Streams every event matching `f` to the output in `format`; returns the number written.
pub fn write_export(
    store: &dyn rasd_store::EventStore,
    f: &EventFilter,
    format: export::ExportFormat,
    out: &OutputArgs,
) -> anyhow::Result<usize> {
    /// Remembers whether the output was closed (`| head`), which the store's export error
    /// does not carry, so that `main` can end quietly.
    struct Watch<W> {
        inner: W,
        closed: bool,
    }
    impl<W: Write> Write for Watch<W> {
        fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
            let r = self.inner.write(b);
            self.closed |= r
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
            r
        }
        fn flush(&mut self) -> std::io::Result<()> {
            let r = self.inner.flush();
            self.closed |= r
                .as_ref()
                .is_err_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe);
            r
        }
    }
    fn stream(
        store: &dyn rasd_store::EventStore,
        f: &EventFilter,
        format: export::ExportFormat,
        opts: export::ExportOptions,
        w: impl Write,
    ) -> anyhow::Result<usize> {
        let mut w = Watch {
            inner: w,
            closed: false,
        };
        let r = (|| -> anyhow::Result<usize> {
            let mut ew = export::EventWriter::with_options(format, opts, &mut w)?;
            store.for_each_event(f, &mut |e| ew.write(&e))?;
            let n = ew.finish()?;
            w.flush()?;
            Ok(n)
        })();
        match r {
            Err(_) if w.closed => Err(std::io::Error::from(std::io::ErrorKind::BrokenPipe).into()),
            r => r,
        }
    }
    let opts = export::ExportOptions { bom: out.bom };
    let n = match &out.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| anyhow::anyhow!("cannot create {}: {e}", path.display()))?;
            stream(store, f, format, opts, std::io::BufWriter::new(file))?
        }
        None => {
            use std::io::IsTerminal;
            if format == export::ExportFormat::Xlsx && std::io::stdout().is_terminal() {
                anyhow::bail!(
                    "XLSX is binary: give --output FILE.xlsx or redirect standard output"
                );
            }
            let stdout = std::io::stdout();
            stream(
                store,
                f,
                format,
                opts,
                std::io::BufWriter::new(stdout.lock()),
            )?
        }
    };
    Ok(n)
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

pub fn write_table(
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
    let mut pairs = args.filter.pairs();
    pairs.push((
        "sort".into(),
        match args.sort {
            Sort::Date => "date_desc",
            Sort::DateAsc => "date_asc",
            Sort::Fatalities => "fatalities_desc",
        }
        .into(),
    ));
    if let Some(l) = &args.limit {
        pairs.push(("limit".into(), l.clone()));
    }
    if let Some(o) = &args.offset {
        pairs.push(("offset".into(), o.clone()));
    }
    let limits = if args.format == Format::Table {
        Limits {
            default: 50,
            max: 5000,
        }
    } else {
        // Exports stream every matching event (limit 0 = all) in constant memory.
        Limits {
            default: 0,
            max: params::MAX_ANY_LIMIT,
        }
    };
    // Checked before the database is opened: a bad option never touches it.
    let f = params::event_filter(Style::Cli, &pairs, limits)?;
    let store = open_any(args.db.as_deref(), false)?;
    match args.format.to_export() {
        Some(format) => {
            write_export(&*store, &f, format, &args.out)?;
            Ok(())
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            let page = store.events(&f)?;
            write_table(&mut out, &page.items, page.total, page.offset)?;
            Ok(out.flush()?)
        }
    }
}
