//! `rasd zones` and `rasd export` through the binary on the bundled samples: zones by road
//! (including a road an analyst adds as a GeoJSON file under `$RASD_DATA`) and by polygon,
//! list / check / rm, webhooks, and exports to files and pipes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A temporary directory, removed at the end.
fn tmp(tag: &str) -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix(&format!("rasd-test-{tag}-"))
        .tempdir()
        .unwrap()
}

/// `rasd ARGS --db DB`, with `RASD_DATA` set when given; must succeed.
fn rasd(db: &Path, data: Option<&Path>, args: &[&str]) -> String {
    let o = rasd_out(db, data, args);
    assert!(
        o.status.success(),
        "rasd {args:?} failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8(o.stdout).unwrap()
}

fn rasd_out(db: &Path, data: Option<&Path>, args: &[&str]) -> Output {
    let mut c = Command::new(env!("CARGO_BIN_EXE_rasd"));
    c.args(args).arg("--db").arg(db);
    match data {
        Some(d) => c.env("RASD_DATA", d),
        None => c.env_remove("RASD_DATA"),
    };
    c.output().unwrap()
}

fn samples_db(t: &tempfile::TempDir) -> PathBuf {
    let db = t.path().join("db");
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples");
    rasd(&db, None, &["ingest", samples.to_str().unwrap()]);
    db
}

/// The id printed by `rasd zones add` ("zone ID \"name\": …").
fn zone_id(out: &str) -> String {
    out.lines()
        .find_map(|l| l.strip_prefix("zone "))
        .and_then(|l| l.split_whitespace().next())
        .unwrap_or_else(|| panic!("no zone id in {out:?}"))
        .to_string()
}

fn jsonl(s: &str) -> Vec<serde_json::Value> {
    s.lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn km_to_road(g: &rasd_geo::Gazetteer, road: &str, e: &serde_json::Value) -> f64 {
    let p = (e["lat"].as_f64().unwrap(), e["lon"].as_f64().unwrap());
    g.road(road).unwrap().distance_km(p)
}

#[test]
fn zones_add_list_check_rm_through_the_cli() {
    let t = tmp("zones");
    let db = samples_db(&t);
    let g = rasd_geo::Gazetteer::embedded();

    // A corridor along the M4.
    let m4 = zone_id(&rasd(
        &db,
        None,
        &["zones", "add", "ممر M4", "--road", "M4", "--km", "6"],
    ));
    let inside = jsonl(&rasd(
        &db,
        None,
        &["zones", "check", &m4, "--format", "jsonl"],
    ));
    assert!(!inside.is_empty());
    assert!(inside.iter().all(|e| km_to_road(g, "M4", e) <= 6.0));
    let all = jsonl(&rasd(&db, None, &["events", "--format", "jsonl"]));
    let near = all
        .iter()
        .filter(|e| e["lat"].is_number() && km_to_road(g, "M4", e) <= 6.0)
        .count();
    assert_eq!(
        inside.len(),
        near,
        "check lists every stored event within 6 km"
    );

    // A polygon, and the same polygon from a GeoJSON file.
    let ring = "36.4,35.6 36.9,35.6 36.9,36.0 36.4,36.0";
    let boxed = zone_id(&rasd(
        &db,
        None,
        &["zones", "add", "box", "--polygon", ring],
    ));
    let gj = t.path().join("box.geojson");
    std::fs::write(
        &gj,
        r#"{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
            "coordinates": [[[36.4, 35.6], [36.9, 35.6], [36.9, 36.0], [36.4, 36.0], [36.4, 35.6]]]}}"#,
    )
    .unwrap();
    let boxed2 = zone_id(&rasd(
        &db,
        None,
        &["zones", "add", "box2", "--geojson", gj.to_str().unwrap()],
    ));
    let b1 = jsonl(&rasd(
        &db,
        None,
        &["zones", "check", &boxed, "--format", "jsonl"],
    ));
    let b2 = jsonl(&rasd(
        &db,
        None,
        &["zones", "check", &boxed2, "--format", "jsonl"],
    ));
    assert!(!b1.is_empty() && b1 == b2);
    assert!(b1.iter().all(|e| {
        let (lat, lon) = (e["lat"].as_f64().unwrap(), e["lon"].as_f64().unwrap());
        (35.6..=36.0).contains(&lat) && (36.4..=36.9).contains(&lon)
    }));
    let table = rasd(&db, None, &["zones", "check", &boxed]);
    assert!(table.contains(&format!("({} of {} events", b1.len().min(50), b1.len())));

    // A webhook; https and unknown zones are refused.
    let hook = rasd(
        &db,
        None,
        &[
            "zones",
            "webhook",
            &boxed,
            "http://127.0.0.1:9/hook",
            "--secret",
            "k",
        ],
    );
    assert!(hook.starts_with("webhook w"), "{hook}");
    let o = rasd_out(
        &db,
        None,
        &["zones", "webhook", &boxed, "https://x.example/"],
    );
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("http://"));

    // List: three zones with counts, the webhook under its zone; JSON never shows the secret.
    let list = rasd(&db, None, &["zones", "list"]);
    assert!(list.contains(&m4) && list.contains(&boxed) && list.contains(&boxed2));
    assert!(list.contains(&format!("{} events", inside.len())));
    assert!(list.contains("webhook w") && list.contains("http://127.0.0.1:9/hook"));
    let json = jsonl(&rasd(&db, None, &["zones", "list", "--json"]));
    assert_eq!(json.len(), 3);
    assert!(!json.iter().any(|z| z.to_string().contains("\"secret\"")));

    // Remove.
    assert!(rasd(&db, None, &["zones", "rm", &boxed2]).contains("removed"));
    assert!(!rasd_out(&db, None, &["zones", "rm", &boxed2])
        .status
        .success());
    assert!(!rasd_out(&db, None, &["zones", "check", &boxed2])
        .status
        .success());
    assert_eq!(
        jsonl(&rasd(&db, None, &["zones", "list", "--json"])).len(),
        2
    );
    // Bad input is refused before anything is stored.
    for bad in [
        vec!["zones", "add", "x", "--road", "Z99"],
        vec!["zones", "add", "x", "--polygon", "36,35 37,35"],
        vec!["zones", "add", "x", "--polygon", "36,95 37,35 37,36"],
        vec!["zones", "add", "x"],
    ] {
        assert!(!rasd_out(&db, None, &bad).status.success(), "{bad:?}");
    }
    assert_eq!(
        jsonl(&rasd(&db, None, &["zones", "list", "--json"])).len(),
        2
    );
}

#[test]
fn a_road_added_as_data_is_usable_without_code() {
    let t = tmp("roads");
    let db = samples_db(&t);
    let data = t.path().join("data");
    std::fs::create_dir_all(data.join("geo/roads")).unwrap();
    // Ariha through Idlib city north to the Bab al-Hawa crossing (approximate line for the test).
    std::fs::write(
        data.join("geo/roads/ariha-bab-al-hawa.geojson"),
        r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
            "properties": {"name": "Ariha-Bab al-Hawa road", "name_ar": "طريق أريحا باب الهوى"},
            "geometry": {"type": "LineString",
              "coordinates": [[36.610, 35.800], [36.633, 35.930], [36.700, 36.050], [36.680, 36.230]]}}]}"#,
    )
    .unwrap();
    let d = Some(data.as_path());
    let out = rasd(
        &db,
        d,
        &[
            "zones",
            "add",
            "north",
            "--road",
            "Ariha-Bab al-Hawa road",
            "--km",
            "10",
        ],
    );
    let z = zone_id(&out);
    assert!(
        out.contains("10 km either side of Ariha-Bab al-Hawa road"),
        "{out}"
    );
    let line = [
        (35.800, 36.610),
        (35.930, 36.633),
        (36.050, 36.700),
        (36.230, 36.680),
    ];
    let inside = jsonl(&rasd(&db, d, &["zones", "check", &z, "--format", "jsonl"]));
    let via_filter = jsonl(&rasd(
        &db,
        d,
        &[
            "events",
            "--near-road",
            "Ariha-Bab al-Hawa road",
            "--km",
            "10",
            "--format",
            "jsonl",
        ],
    ));
    assert!(!inside.is_empty(), "the samples have events in Ariha");
    assert_eq!(inside, via_filter);
    let ll: Vec<(f64, f64)> = line.iter().map(|&(lat, lon)| (lon, lat)).collect();
    for e in &inside {
        let p = (e["lat"].as_f64().unwrap(), e["lon"].as_f64().unwrap());
        assert!(rasd_geo::geom::distance_to_polyline_km(p, &ll) <= 10.0);
    }
    // Without the data file the road is unknown.
    let o = rasd_out(
        &db,
        None,
        &["events", "--near-road", "Ariha-Bab al-Hawa road"],
    );
    assert!(!o.status.success());
}

#[test]
fn exports_to_files_and_pipes() {
    let t = tmp("exports");
    let db = samples_db(&t);
    let csv_path = t.path().join("e.csv");
    let o = rasd_out(
        &db,
        None,
        &["export", "csv", "--bom", "-o", csv_path.to_str().unwrap()],
    );
    assert!(o.status.success());
    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBFevent_id_cnty,"));
    let n = String::from_utf8_lossy(&o.stderr)
        .split_whitespace()
        .next()
        .unwrap()
        .parse::<usize>()
        .unwrap();
    assert_eq!(csv::Reader::from_reader(&bytes[3..]).records().count(), n);
    // The same rows as `rasd events --format csv`, which has no BOM by default.
    let ev = rasd(&db, None, &["events", "--format", "csv"]);
    assert_eq!(ev.as_bytes(), &bytes[3..]);
    // XLSX to a pipe is allowed (a terminal is refused); it is a zip archive.
    let o = rasd_out(&db, None, &["export", "xlsx", "--place", "Idlib"]);
    assert!(o.status.success());
    assert!(o.stdout.starts_with(b"PK\x03\x04"));
    let plover = jsonl(&rasd(&db, None, &["events", "--format", "plover"]));
    assert_eq!(plover.len(), n);
    assert!(plover.iter().all(|p| p["event_type"].is_string()));
}
