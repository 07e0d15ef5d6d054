//! `rasd zones add|list|rm|check|webhook|rm-webhook`: watch zones (a polygon, or a corridor of
//! some km either side of a road from the gazetteer's road files) and their webhooks.
//!
//! `rasd serve` posts a signed alert to a zone's webhooks for every new event inside it (see
//! `rasd_server::alerts`); `check` lists the stored events a zone holds.

use super::events::{write_export, write_table, Format, OutputArgs};
use super::ingest::open_existing_store;
use anyhow::Context;
use rasd_store::params::{self, Limits, Style};
use rasd_store::{Store, ZoneGeometry, ZoneSpec};
use std::io::Write;
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct Args {
    /// Database directory (default: $XDG_DATA_HOME/rasd or ~/.local/share/rasd).
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Sub,
}

#[derive(clap::Subcommand)]
enum Sub {
    /// Add a zone: --road NAME [--km N] (a corridor) or --polygon / --geojson (an area).
    Add(AddArgs),
    /// List zones with their number of events and webhooks.
    List {
        /// One JSON object per zone instead of a table.
        #[arg(long)]
        json: bool,
    },
    /// Remove a zone (and its webhooks).
    Rm { id: String },
    /// List the stored events inside a zone (or export them with --format).
    Check(CheckArgs),
    /// Add a webhook to a zone: new events inside it are POSTed there, signed.
    Webhook(HookArgs),
    /// Remove a webhook.
    RmWebhook { id: String },
}

#[derive(clap::Args)]
struct AddArgs {
    /// Zone name (any language).
    name: String,
    /// A road of the gazetteer (ref such as M4, id, or name; roads are data: data/geo/roads.geojson
    /// and $RASD_DATA/geo/roads/*.geojson).
    #[arg(long, conflicts_with_all = ["polygon", "geojson"])]
    road: Option<String>,
    /// Corridor width either side of --road, in km.
    #[arg(long, default_value_t = 5.0, allow_hyphen_values = true)]
    km: f64,
    /// Polygon as lon,lat points separated by spaces or semicolons (closed automatically).
    #[arg(long, allow_hyphen_values = true, conflicts_with = "geojson")]
    polygon: Option<String>,
    /// A GeoJSON file: its first Polygon (a Feature, FeatureCollection or bare geometry).
    #[arg(long)]
    geojson: Option<PathBuf>,
    /// Also add a webhook (see `rasd zones webhook`).
    #[arg(long)]
    webhook: Option<String>,
    /// Secret of --webhook (default: a random one, printed once).
    #[arg(long, requires = "webhook")]
    secret: Option<String>,
}

#[derive(clap::Args)]
struct CheckArgs {
    id: String,
    #[arg(long, value_enum, default_value = "table")]
    format: Format,
    /// Maximum events in the table (default 50).
    #[arg(long, default_value_t = 50)]
    limit: usize,
    #[command(flatten)]
    out: OutputArgs,
}

#[derive(clap::Args)]
struct HookArgs {
    /// Zone id.
    zone: String,
    /// Receiver URL (http://host:port/path).
    url: String,
    /// Secret the deliveries are signed with (default: a random one, printed once).
    #[arg(long)]
    secret: Option<String>,
}

/// `lon,lat lon,lat …` → one ring (closed), checked.
fn parse_ring(s: &str) -> anyhow::Result<Vec<[f64; 2]>> {
    let mut ring = Vec::new();
    for p in s.split([' ', ';', '\n']).filter(|p| !p.trim().is_empty()) {
        let (a, b) = p
            .split_once(',')
            .with_context(|| format!("polygon point {p:?} is not lon,lat"))?;
        let lon: f64 = a
            .trim()
            .parse()
            .with_context(|| format!("bad longitude in {p:?}"))?;
        let lat: f64 = b
            .trim()
            .parse()
            .with_context(|| format!("bad latitude in {p:?}"))?;
        check_point(lon, lat)?;
        ring.push([lon, lat]);
    }
    close(ring)
}

fn check_point(lon: f64, lat: f64) -> anyhow::Result<()> {
    if !((-180.0..=180.0).contains(&lon) && (-90.0..=90.0).contains(&lat)) {
        anyhow::bail!("point {lon},{lat} is not a longitude,latitude pair");
    }
    Ok(())
}

fn close(mut ring: Vec<[f64; 2]>) -> anyhow::Result<Vec<[f64; 2]>> {
    if ring.len() < 3 {
        anyhow::bail!("a polygon needs at least 3 points, got {}", ring.len());
    }
    if ring.first() != ring.last() {
        ring.push(ring[0]);
    }
    Ok(ring)
}

/// Rings of the first Polygon (or MultiPolygon's first polygon) in a GeoJSON document.
fn geojson_rings(path: &Path) -> anyhow::Result<Vec<Vec<[f64; 2]>>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let v: serde_json::Value =
        serde_json::from_str(&text).with_context(|| format!("{} is not JSON", path.display()))?;
    let geoms: Vec<&serde_json::Value> = match v["type"].as_str() {
        Some("FeatureCollection") => v["features"]
            .as_array()
            .map(|f| f.iter().map(|f| &f["geometry"]).collect())
            .unwrap_or_default(),
        Some("Feature") => vec![&v["geometry"]],
        _ => vec![&v],
    };
    for g in geoms {
        let coords = match g["type"].as_str() {
            Some("Polygon") => &g["coordinates"],
            Some("MultiPolygon") => &g["coordinates"][0],
            _ => continue,
        };
        let mut rings = Vec::new();
        for r in coords.as_array().into_iter().flatten() {
            let mut ring = Vec::new();
            for p in r.as_array().into_iter().flatten() {
                let (Some(lon), Some(lat)) = (p[0].as_f64(), p[1].as_f64()) else {
                    anyhow::bail!("{}: a point is not [lon, lat]", path.display());
                };
                check_point(lon, lat)?;
                ring.push([lon, lat]);
            }
            rings.push(close(ring)?);
        }
        if !rings.is_empty() {
            return Ok(rings);
        }
    }
    anyhow::bail!("{} has no Polygon", path.display())
}

fn geometry_text(g: &ZoneGeometry) -> String {
    match g {
        ZoneGeometry::Corridor { road, km } => format!("{km} km either side of {road}"),
        ZoneGeometry::Polygon { rings } => {
            format!("polygon of {} points", rings.first().map_or(0, |r| r.len()))
        }
    }
}

fn add_hook(store: &Store, zone: &str, url: &str, secret: Option<String>) -> anyhow::Result<()> {
    let generated = secret.is_none();
    let secret = secret.unwrap_or_else(rasd_server::generate_token);
    let w = store.add_webhook(zone, url, &secret)?;
    println!("webhook {} → {}", w.id, w.url);
    if generated {
        println!("secret (shown once; deliveries carry X-Rasd-Signature-256: sha256=HMAC-SHA256(secret, body)): {secret}");
    }
    Ok(())
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let store = open_existing_store(args.db.as_deref(), false)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    match args.command {
        Sub::Add(a) => {
            let geometry = match (&a.road, &a.polygon, &a.geojson) {
                (Some(r), _, _) => {
                    if !(a.km.is_finite() && a.km > 0.0 && a.km <= 500.0) {
                        anyhow::bail!("--km must be a distance in km above 0 and at most 500");
                    }
                    let road = rasd_geo::Gazetteer::embedded().road(r).with_context(|| {
                        format!(
                            "unknown road {r:?} (known: {}); add one as a named LineString in $RASD_DATA/geo/roads/NAME.geojson",
                            rasd_store::geo::road_names().join(", ")
                        )
                    })?;
                    ZoneGeometry::Corridor {
                        road: road.reference.clone(),
                        km: a.km,
                    }
                }
                (None, Some(p), _) => ZoneGeometry::Polygon {
                    rings: vec![parse_ring(p)?],
                },
                (None, None, Some(f)) => ZoneGeometry::Polygon {
                    rings: geojson_rings(f)?,
                },
                (None, None, None) => {
                    anyhow::bail!(
                        "give --road NAME [--km N], --polygon \"lon,lat …\" or --geojson FILE"
                    )
                }
            };
            let z = store.put_zone(ZoneSpec {
                name: a.name,
                geometry,
            })?;
            println!(
                "zone {} \"{}\": {}",
                z.id,
                z.name,
                geometry_text(&z.geometry)
            );
            if let Some(url) = &a.webhook {
                add_hook(&store, &z.id, url, a.secret)?;
            }
        }
        Sub::List { json } => {
            let hooks = store.webhooks(None)?;
            for z in store.zones()? {
                let n = store
                    .zone_events(
                        &z.id,
                        &rasd_store::EventFilter {
                            limit: 1,
                            ..Default::default()
                        },
                    )?
                    .total;
                let zh: Vec<_> = hooks.iter().filter(|h| h.zone_id == z.id).collect();
                if json {
                    let v = serde_json::json!({"zone": z, "events": n, "webhooks": zh});
                    writeln!(out, "{v}")?;
                } else {
                    writeln!(
                        out,
                        "{}  {}  ({}; {n} events; created {})",
                        z.id,
                        z.name,
                        geometry_text(&z.geometry),
                        z.created_at
                    )?;
                    for h in zh {
                        let counts: Vec<String> = h
                            .deliveries
                            .iter()
                            .map(|(s, n)| format!("{n} {s}"))
                            .collect();
                        writeln!(
                            out,
                            "    webhook {} → {} ({})",
                            h.id,
                            h.url,
                            counts.join(", ")
                        )?;
                    }
                }
            }
        }
        Sub::Rm { id } => {
            if !store.delete_zone(&id)? {
                anyhow::bail!("no zone with id {id:?} (see `rasd zones list`)");
            }
            println!("removed zone {id}");
        }
        Sub::Check(c) => {
            if store.zone(&c.id)?.is_none() {
                anyhow::bail!("no zone with id {:?} (see `rasd zones list`)", c.id);
            }
            let pairs = vec![("zone".to_string(), c.id.clone())];
            match c.format.to_export() {
                Some(format) => {
                    let limits = Limits {
                        default: 0,
                        max: params::MAX_ANY_LIMIT,
                    };
                    let f = params::event_filter(Style::Cli, &pairs, limits)?;
                    drop(out);
                    write_export(&store, &f, format, &c.out)?;
                    return Ok(());
                }
                None => {
                    let mut f = params::event_filter(
                        Style::Cli,
                        &pairs,
                        Limits {
                            default: 50,
                            max: 5000,
                        },
                    )?;
                    f.limit = c.limit.clamp(1, 5000);
                    let page = store.events(&f)?;
                    write_table(&mut out, &page.items, page.total, page.offset)?;
                }
            }
        }
        Sub::Webhook(h) => add_hook(&store, &h.zone, &h.url, h.secret)?,
        Sub::RmWebhook { id } => {
            if !store.delete_webhook(&id)? {
                anyhow::bail!("no webhook with id {id:?} (see `rasd zones list`)");
            }
            println!("removed webhook {id}");
        }
    }
    out.flush()?;
    Ok(())
}
