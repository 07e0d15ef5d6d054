//! `rasd geocode "نص" [--published DATE] [--json]`: find and resolve the places in a text.
//!
//! Prints one line per place: the surface form, gazetteer id, canonical name, coordinates,
//! admin names, ACLED geo precision and why that candidate was chosen. With `--json`, prints the
//! `PlaceAnn` records as a JSON array. Reads the text from stdin when it is `-` or absent.

use anyhow::Context;
use rasd_doc::Document;
use std::io::{Read, Write};

#[derive(clap::Args)]
pub struct Args {
    /// The Arabic text (use `-` or omit to read stdin).
    text: Option<String>,
    /// Publication date (YYYY-MM-DD), recorded in the document metadata.
    #[arg(long)]
    published: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let text = match args.text.as_deref() {
        Some(t) if t != "-" => t.to_string(),
        _ => {
            let mut s = String::new();
            std::io::stdin()
                .read_to_string(&mut s)
                .context("reading the text from stdin")?;
            s
        }
    };
    let g = rasd_geo::Gazetteer::embedded();
    let mut doc = Document::new("geocode", text);
    doc.meta.published = args.published;
    g.annotate(&mut doc);
    // Written (not printed) so that a closed pipe (`| head`) ends the run quietly.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if args.json {
        writeln!(out, "{}", serde_json::to_string_pretty(&doc.places)?)?;
        out.flush()?;
        return Ok(());
    }
    if doc.places.is_empty() {
        writeln!(out, "(no places found)")?;
    }
    for p in &doc.places {
        let coords = match (p.lat, p.lon) {
            (Some(a), Some(b)) => format!("{a:.5},{b:.5}"),
            _ => "-".to_string(),
        };
        let admin: Vec<&str> = [&p.admin1, &p.admin2, &p.admin3]
            .iter()
            .filter_map(|a| a.as_deref())
            .filter(|a| !a.is_empty())
            .collect();
        writeln!(
            out,
            "{}\t{}\t{} [{}]\t{}\t{}\t{}\tprecision {}{}\tconf {:.2}\t{}",
            doc.span_text(p.span),
            p.gazetteer_id.as_deref().unwrap_or("-"),
            p.name,
            p.kind,
            coords,
            if admin.is_empty() {
                "-".to_string()
            } else {
                admin.join(" / ")
            },
            p.country.as_deref().unwrap_or("-"),
            p.geo_precision,
            p.direction
                .as_deref()
                .map(|d| format!(" dir {d}"))
                .unwrap_or_default(),
            p.confidence,
            p.reason
        )?;
    }
    out.flush()?;
    Ok(())
}
