//! Index-backed event filters (schema migration 2): place by admin unit and by Arabic/Latin
//! spelling, actor, outlet, road distance boundary, bounding box, and the in-place upgrade of a
//! version-1 database. Checked against brute force over all stored events.

use rasd_doc::{Document, EventAnn, Meta, PlaceAnn, Span};
use rasd_store::index::{name_norm, place_key};
use rasd_store::*;

mod common;

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

fn all_events(s: &dyn EventStore, f: EventFilter) -> Page<StoredEvent> {
    s.events(&EventFilter {
        limit: 100_000,
        ..f
    })
    .unwrap()
}

fn ids(p: &Page<StoredEvent>) -> Vec<String> {
    let mut v: Vec<String> = p.items.iter().map(|e| e.id.clone()).collect();
    v.sort();
    v
}

/// One article reporting one event (fictional text written for this test).
#[allow(clippy::too_many_arguments)]
fn event_doc(
    id: &str,
    outlet: &str,
    date: &str,
    location: &str,
    place_ar: &str,
    admin1: &str,
    lat: f64,
    lon: f64,
    actor: &str,
) -> Document {
    let text = format!("وقعت اشتباكات قرب {place_ar} وأفاد مراسل محلي بسقوط قتيلين في المكان.");
    let start = text.find(place_ar).unwrap_or(0);
    Document {
        id: id.into(),
        meta: Meta {
            url: Some(format!("https://{id}.example/a")),
            published: Some(date.into()),
            source: Some(outlet.into()),
            ..Default::default()
        },
        places: vec![PlaceAnn {
            span: Span::new(start, start + place_ar.len()),
            name: location.into(),
            name_ar: Some(place_ar.into()),
            lat: Some(lat),
            lon: Some(lon),
            admin1: Some(admin1.into()),
            ..Default::default()
        }],
        events: vec![EventAnn {
            event_type: "Battles".into(),
            sub_event_type: "Armed clash".into(),
            date: Some(date.into()),
            time_precision: 1,
            location: Some(location.into()),
            admin1: Some(admin1.into()),
            country: Some("SY".into()),
            lat: Some(lat),
            lon: Some(lon),
            geo_precision: 1,
            actor1: Some(actor.into()),
            fatalities: Some(2),
            evidence: Span::new(0, text.len()),
            place_ref: Some(0),
            ..Default::default()
        }],
        text,
        ..Default::default()
    }
}

fn small_world(s: &Store) {
    s.put_documents(vec![
        event_doc(
            "p1",
            "Outlet North",
            "2024-03-01",
            "Saraqib",
            "سراقب",
            "Idlib",
            35.862,
            36.806,
            "Hayat Tahrir al-Sham",
        ),
        event_doc(
            "p2",
            "Outlet South",
            "2024-03-02",
            "Aleppo",
            "حلب",
            "Aleppo",
            36.202,
            37.134,
            "Military Forces of Syria (2000-)",
        ),
        event_doc(
            "p3",
            "Outlet North",
            "2024-03-05",
            "Idlib",
            "إدلب",
            "Idlib",
            35.930,
            36.634,
            "Military Forces of Syria (2000-)",
        ),
    ])
    .unwrap();
}

fn locations(p: &Page<StoredEvent>) -> Vec<String> {
    let mut v: Vec<String> = p.items.iter().filter_map(|e| e.location.clone()).collect();
    v.sort();
    v
}

#[test]
fn place_matches_admin_units_and_spellings() {
    let (_d, s) = open();
    small_world(&s);
    let place = |p: &str| {
        locations(&all_events(
            &s,
            EventFilter {
                place: Some(p.into()),
                ..Default::default()
            },
        ))
    };
    // Governorate name (admin1) finds the events in its towns, in either script.
    assert_eq!(place("Idlib"), ["Idlib", "Saraqib"]);
    assert_eq!(place("idlib"), ["Idlib", "Saraqib"]);
    assert_eq!(place("إدلب"), ["Idlib", "Saraqib"]);
    assert_eq!(place("ادلب"), ["Idlib", "Saraqib"]);
    // A town by its reported Arabic name or its English name.
    assert_eq!(place("سراقب"), ["Saraqib"]);
    assert_eq!(place("Saraqib"), ["Saraqib"]);
    assert_eq!(place("حلب"), ["Aleppo"]);
    assert_eq!(place("Syria"), ["Aleppo", "Idlib", "Saraqib"]);
    assert!(place("Nowhere Town").is_empty());
    let page = s
        .events(&EventFilter {
            place: Some("Idlib".into()),
            limit: 1,
            ..Default::default()
        })
        .unwrap();
    assert_eq!((page.total, page.items.len()), (2, 1));
}

#[test]
fn actor_and_outlet_filters_match_substrings() {
    let (_d, s) = open();
    small_world(&s);
    let f = |actor: Option<&str>, source: Option<&str>| {
        locations(&all_events(
            &s,
            EventFilter {
                actor: actor.map(str::to_string),
                source: source.map(str::to_string),
                ..Default::default()
            },
        ))
    };
    assert_eq!(f(Some("hayat tahrir"), None), ["Saraqib"]);
    assert_eq!(f(Some("Tahrir al-Sham"), None), ["Saraqib"]);
    assert_eq!(f(Some("forces of syria"), None), ["Aleppo", "Idlib"]);
    assert!(f(Some("nobody"), None).is_empty());
    assert_eq!(f(None, Some("outlet north")), ["Idlib", "Saraqib"]);
    assert_eq!(f(None, Some("South")), ["Aleppo"]);
    assert_eq!(f(Some("forces"), Some("north")), ["Idlib"]);
    // Stats count outlets, not event sources.
    let st = s.stats(&EventFilter::default()).unwrap();
    assert_eq!((st.events, st.sources), (3, 2));
    let st = s
        .stats(&EventFilter {
            source: Some("south".into()),
            ..Default::default()
        })
        .unwrap();
    assert_eq!((st.events, st.sources), (1, 1));
}

#[test]
fn road_distance_boundary_and_bbox() {
    let (_d, s) = open();
    let line = geo::road_polyline("M4").expect("M4 in the embedded gazetteer");
    // Points at increasing distance north of a vertex in the middle of the road.
    let v = line[line.len() / 2];
    let mut docs = Vec::new();
    let mut dist = Vec::new();
    for i in 0..8 {
        let lat = v[1] + 0.02 * i as f64;
        let lon = v[0];
        let d = geo::distance_to_polyline_km(lat, lon, &line);
        dist.push(d);
        docs.push(event_doc(
            &format!("r{i}"),
            "Outlet Road",
            &format!("2024-04-{:02}", 1 + 3 * i),
            &format!("Point {i}"),
            "نقطة",
            "Idlib",
            lat,
            lon,
            "Hayat Tahrir al-Sham",
        ));
    }
    s.put_documents(docs).unwrap();
    let near = |km: f64| {
        all_events(
            &s,
            EventFilter {
                near_road: Some("M4".into()),
                road_km: Some(km),
                ..Default::default()
            },
        )
        .total
    };
    for (i, d) in dist.iter().enumerate() {
        let expect = dist.iter().filter(|x| **x <= *d).count();
        assert_eq!(near(*d), expect, "point {i} at {d} km");
        if *d > 1e-5 {
            assert_eq!(near(*d - 1e-6), expect - 1, "just inside point {i}");
        }
    }
    // Beyond the indexed distance the filter still works (scan).
    assert_eq!(near(500.0), 8);
    // Lower-case and `road:` ids too.
    let r = all_events(
        &s,
        EventFilter {
            near_road: Some("m4".into()),
            road_km: Some(dist[3]),
            ..Default::default()
        },
    );
    assert_eq!(r.total, 4);
    // Bounding box, exact on the edge.
    let b = [
        v[0] - 0.001,
        v[1] + 0.02 * 2.0,
        v[0] + 0.001,
        v[1] + 0.02 * 5.0,
    ];
    let r = all_events(
        &s,
        EventFilter {
            bbox: Some(b),
            ..Default::default()
        },
    );
    assert_eq!(r.total, 4, "{:?}", locations(&r));
    // Corridor zone uses the same index.
    let z = s
        .put_zone(ZoneSpec {
            name: "corridor".into(),
            geometry: ZoneGeometry::Corridor {
                road: "M4".into(),
                // (JSON storage of the zone does not round-trip the last bit of a float.)
                km: dist[2] + 1e-9,
            },
        })
        .unwrap();
    let zr = s.zone_events(&z.id, &EventFilter::default()).unwrap();
    assert_eq!(zr.total, 3, "{:?} {dist:?} {:?}", locations(&zr), z);
}

/// Brute-force semantics of the indexed filters, for comparison.
fn brute(events: &[StoredEvent], f: &EventFilter) -> Vec<String> {
    let line = f
        .near_road
        .as_deref()
        .map(|r| geo::road_polyline(r).unwrap());
    let mut out: Vec<String> = events
        .iter()
        .filter(|e| {
            let place_ok = f.place.as_deref().is_none_or(|p| {
                let k = place_key(p);
                [&e.location, &e.admin1, &e.admin2, &e.admin3, &e.country]
                    .into_iter()
                    .flatten()
                    .any(|x| place_key(x) == k)
            });
            let actor_ok = f.actor.as_deref().is_none_or(|a| {
                let k = name_norm(a);
                [&e.actor1, &e.assoc_actor1, &e.actor2, &e.assoc_actor2]
                    .into_iter()
                    .flatten()
                    .any(|x| name_norm(x).contains(&k))
            });
            let source_ok = f.source.as_deref().is_none_or(|o| {
                let k = name_norm(o);
                e.sources
                    .iter()
                    .filter_map(|s| s.outlet.as_deref())
                    .any(|x| name_norm(x).contains(&k))
            });
            let road_ok = line.as_ref().is_none_or(|l| {
                e.lat.zip(e.lon).is_some_and(|(la, lo)| {
                    geo::distance_to_polyline_km(la, lo, l) <= f.road_km.unwrap_or(5.0)
                })
            });
            let bbox_ok = f.bbox.is_none_or(|b| {
                e.lat
                    .zip(e.lon)
                    .is_some_and(|(la, lo)| lo >= b[0] && lo <= b[2] && la >= b[1] && la <= b[3])
            });
            let type_ok = f
                .event_type
                .as_deref()
                .is_none_or(|t| e.event_type.eq_ignore_ascii_case(t));
            let date_ok = f
                .date_from
                .as_deref()
                .is_none_or(|d| e.event_date.as_deref().is_some_and(|x| x >= d));
            let text_ok = f.text.as_deref().is_none_or(|t| {
                let have: Vec<String> = e
                    .sources
                    .iter()
                    .flat_map(|s| rasd_store::dedup::evidence_terms(&s.evidence))
                    .collect();
                rasd_store::analyzer::terms_of(t)
                    .iter()
                    .all(|q| have.contains(q))
            });
            place_ok && actor_ok && source_ok && road_ok && bbox_ok && type_ok && date_ok && text_ok
        })
        .map(|e| e.id.clone())
        .collect();
    out.sort();
    out
}

fn filters() -> Vec<EventFilter> {
    let mut v = Vec::new();
    let places = [
        "Idlib",
        "Aleppo",
        "Saraqib",
        "Hama",
        "Deir-ez-Zor",
        "deir ez zor",
    ];
    let actors = ["hayat tahrir", "forces of", "islamic state", "sdf"];
    let outlets = ["enab", "direct", "orient"];
    for (i, p) in places.iter().enumerate() {
        v.push(EventFilter {
            place: Some(p.to_string()),
            ..Default::default()
        });
        v.push(EventFilter {
            place: Some(p.to_string()),
            actor: Some(actors[i % actors.len()].into()),
            event_type: (i % 2 == 0).then(|| "Battles".into()),
            ..Default::default()
        });
    }
    for (i, a) in actors.iter().enumerate() {
        v.push(EventFilter {
            actor: Some(a.to_string()),
            source: Some(outlets[i % outlets.len()].into()),
            date_from: Some("2023-01-20".into()),
            ..Default::default()
        });
    }
    for km in [0.5, 3.0, 6.0, 20.0, 49.9, 50.0, 80.0] {
        for road in ["M4", "M5"] {
            v.push(EventFilter {
                near_road: Some(road.into()),
                road_km: Some(km),
                ..Default::default()
            });
        }
    }
    for (i, t) in [
        "قصف",
        "اشتباكات عنيفة",
        "غارات جوية",
        "مدنيين",
        "كلمة_غير_موجودة",
    ]
    .iter()
    .enumerate()
    {
        v.push(EventFilter {
            text: Some(t.to_string()),
            ..Default::default()
        });
        v.push(EventFilter {
            text: Some(t.to_string()),
            date_from: Some("2023-01-15".into()),
            event_type: (i % 2 == 0).then(|| "Explosions/Remote violence".into()),
            ..Default::default()
        });
        v.push(EventFilter {
            text: Some(t.to_string()),
            place: Some("Idlib".into()),
            ..Default::default()
        });
    }
    v.push(EventFilter {
        near_road: Some("M5".into()),
        road_km: Some(10.0),
        place: Some("Idlib".into()),
        ..Default::default()
    });
    for b in [
        [36.3, 35.6, 37.0, 36.2],
        [35.0, 32.0, 42.5, 37.5],
        [36.5, 35.85, 36.9, 35.95],
    ] {
        v.push(EventFilter {
            bbox: Some(b),
            ..Default::default()
        });
        v.push(EventFilter {
            bbox: Some(b),
            actor: Some("forces".into()),
            ..Default::default()
        });
    }
    v
}

#[test]
fn indexed_filters_agree_with_brute_force_and_pages_are_consistent() {
    let (_d, s) = open();
    s.put_documents(synth::documents(400, 40, 21).collect())
        .unwrap();
    let everything = all_events(&s, EventFilter::default()).items;
    assert!(everything.len() > 100);
    // Both query paths: SQLite, then the memory index.
    for mem in [false, true] {
        if mem {
            assert!(s.build_memory_index().unwrap().0 >= everything.len());
        }
        agree_with_brute_force(&s, &everything);
    }
}

fn agree_with_brute_force(s: &dyn EventStore, everything: &[StoredEvent]) {
    for f in filters() {
        let got = all_events(s, f.clone());
        assert_eq!(got.total, got.items.len(), "{f:?}");
        assert_eq!(ids(&got), brute(everything, &f), "{f:?}");
        // Newest first, and paging walks the same list.
        assert!(got
            .items
            .windows(2)
            .all(|w| w[0].event_date >= w[1].event_date));
        let mut paged = Vec::new();
        for page in 0..(got.total / 7 + 1) {
            let p = s
                .events(&EventFilter {
                    limit: 7,
                    offset: page * 7,
                    ..f.clone()
                })
                .unwrap();
            assert_eq!(p.total, got.total, "{f:?}");
            paged.extend(p.items.into_iter().map(|e| e.id));
        }
        let full: Vec<String> = got.items.iter().map(|e| e.id.clone()).collect();
        assert_eq!(paged, full, "{f:?}");
        // Sorting by fatalities keeps the same set.
        let byf = all_events(
            s,
            EventFilter {
                sort: EventSort::FatalitiesDesc,
                ..f.clone()
            },
        );
        assert_eq!(ids(&byf), ids(&got), "{f:?}");
        // Stats agree with the page total.
        assert_eq!(s.stats(&f).unwrap().events, got.total, "{f:?}");
    }
}

/// An event without what depends on storage order in one backend (its id number and time).
fn content(mut e: StoredEvent) -> String {
    e.id.clear();
    e.timestamp = 0;
    serde_json::to_string(&e).unwrap()
}

#[test]
fn postgres_answers_as_the_embedded_store() {
    if !common::kinds().contains(&"postgres") {
        return;
    }
    let lite = common::open("sqlite");
    let pg = common::open("postgres");
    let (lite, pg) = (&*lite.store, &*pg.store);
    let docs: Vec<Document> = synth::documents(400, 40, 21).collect();
    for s in [lite, pg] {
        for chunk in docs.chunks(64) {
            s.put_documents(chunk.to_vec()).unwrap();
        }
    }
    // The same events, merges and merge reasons.
    let all = |s: &dyn EventStore| {
        let mut v: Vec<String> = all_events(
            s,
            EventFilter {
                include_background: true,
                ..Default::default()
            },
        )
        .items
        .into_iter()
        .map(content)
        .collect();
        v.sort();
        v
    };
    let everything = all(lite);
    assert!(everything.len() > 100);
    assert_eq!(everything, all(pg));
    // The fixed filters agree with brute force on PostgreSQL too (pages, sorts, stats).
    let pg_events = all_events(pg, EventFilter::default()).items;
    agree_with_brute_force(pg, &pg_events);
    // Random filters (every condition, zones included): same totals and the same events.
    let zone_ids = |s: &dyn EventStore| -> Vec<String> {
        random_zones()
            .into_iter()
            .map(|g| {
                s.put_zone(ZoneSpec {
                    name: "z".into(),
                    geometry: g,
                })
                .unwrap()
                .id
            })
            .collect()
    };
    let (lz, pz) = (zone_ids(lite), zone_ids(pg));
    let mut rng = synth::Rng::new(7);
    let mut nonempty = 0;
    for _ in 0..300 {
        let f = random_filter(&mut rng, &lz);
        let mut g = f.clone();
        if let Some(z) = &f.zone {
            g.zone = Some(pz[lz.iter().position(|x| x == z).unwrap()].clone());
        }
        let (a, b) = (lite.events(&f).unwrap(), pg.events(&g).unwrap());
        assert_eq!(a.total, b.total, "{f:?}");
        assert_eq!(a.items.len(), b.items.len(), "{f:?}");
        let whole = |s: &dyn EventStore, f: &EventFilter| {
            let mut v: Vec<String> = all_events(
                s,
                EventFilter {
                    offset: 0,
                    ..f.clone()
                },
            )
            .items
            .into_iter()
            .map(content)
            .collect();
            v.sort();
            v
        };
        let wa = whole(lite, &f);
        assert_eq!(wa, whole(pg, &g), "{f:?}");
        assert_eq!(
            lite.stats(&f).unwrap().events,
            pg.stats(&g).unwrap().events,
            "{f:?}"
        );
        nonempty += usize::from(!wa.is_empty());
    }
    assert!(nonempty > 50, "filters too narrow: {nonempty}");
}

/// The zones random filters choose from: the M4 corridor and a box around Idlib and Aleppo.
fn random_zones() -> [ZoneGeometry; 2] {
    [
        ZoneGeometry::Corridor {
            road: "M4".into(),
            km: 6.0,
        },
        ZoneGeometry::Polygon {
            rings: vec![vec![
                [36.0, 35.0],
                [37.5, 35.0],
                [37.5, 36.5],
                [36.0, 36.5],
                [36.0, 35.0],
            ]],
        },
    ]
}

/// Random filters over every kind of condition, sort, page and offset.
fn random_filter(rng: &mut synth::Rng, zones: &[String]) -> EventFilter {
    let mut f = EventFilter {
        limit: *rng.pick(&[1usize, 7, 50, 1000]),
        offset: *rng.pick(&[0usize, 0, 3, 40]),
        sort: *rng.pick(&[
            EventSort::DateDesc,
            EventSort::DateAsc,
            EventSort::FatalitiesDesc,
        ]),
        include_background: rng.below(4) == 0,
        ..Default::default()
    };
    for _ in 0..1 + rng.below(3) {
        match rng.below(12) {
            0 => {
                f.event_type = Some(
                    rng.pick(&["Battles", "explosions/remote violence", "Riots", "Nope"])
                        .to_string(),
                )
            }
            1 => {
                f.sub_event_type = Some(
                    rng.pick(&["Armed clash", "Air/drone strike", "Attack"])
                        .to_string(),
                )
            }
            2 => {
                f.date_from = Some(
                    rng.pick(&["2023-01", "2023-01-10", "2023-02-01"])
                        .to_string(),
                )
            }
            3 => f.date_to = Some(rng.pick(&["2023-01-20", "2023", "2023-01-31"]).to_string()),
            4 => f.place = Some(rng.pick(&["Idlib", "حلب", "Saraqib", "Syria"]).to_string()),
            5 => f.actor = Some(rng.pick(&["forces", "hayat", "state", "sdf"]).to_string()),
            6 => f.source = Some(rng.pick(&["enab", "direct", "orient"]).to_string()),
            7 => {
                f.near_road = Some(rng.pick(&["M4", "M5"]).to_string());
                f.road_km = Some(*rng.pick(&[0.5, 4.0, 12.5, 60.0]));
            }
            8 => {
                f.bbox = Some(*rng.pick(&[
                    [36.3, 35.6, 37.0, 36.2],
                    [35.0, 32.0, 42.5, 37.5],
                    [36.5, 35.85, 36.9, 35.95],
                ]))
            }
            9 => {
                f.text = Some(
                    rng.pick(&["قصف", "اشتباكات", "مدنيين", "غارات جوية"])
                        .to_string(),
                )
            }
            10 => f.min_fatalities = Some(*rng.pick(&[1u32, 3, 10])),
            _ => {
                if rng.below(2) == 0 && !zones.is_empty() {
                    f.zone = Some(rng.pick(zones).clone());
                } else {
                    f.country = Some(rng.pick(&["syria", "Iraq"]).to_string());
                }
            }
        }
    }
    f
}

#[test]
fn memory_index_answers_exactly_as_sqlite_and_never_stale() {
    let (_d, s) = open();
    s.put_documents(synth::documents(300, 30, 5).collect())
        .unwrap();
    let zones: Vec<String> = random_zones()
        .into_iter()
        .map(|geometry| {
            s.put_zone(ZoneSpec {
                name: "z".into(),
                geometry,
            })
            .unwrap()
            .id
        })
        .collect();
    let mut rng = synth::Rng::new(7);
    let page = |f: &EventFilter| {
        let p = s.events(f).unwrap();
        (
            p.total,
            p.items.into_iter().map(|e| e.id).collect::<Vec<_>>(),
        )
    };
    let filters: Vec<EventFilter> = (0..400).map(|_| random_filter(&mut rng, &zones)).collect();
    let sql: Vec<_> = filters.iter().map(page).collect();
    let (n, bytes) = s.build_memory_index().unwrap();
    assert!(n > 50 && bytes > 0, "{n} events, {bytes} bytes");
    assert!(sql.iter().any(|(t, _)| *t > 20), "filters too narrow");
    for (f, want) in filters.iter().zip(&sql) {
        assert_eq!(&page(f), want, "{f:?}");
    }
    // A write makes the copy stale: queries see the new events at once (SQLite answers).
    let before = s.events(&EventFilter::default()).unwrap().total;
    s.put_documents(synth::documents(60, 30, 99).collect())
        .unwrap();
    assert!(s.memory_index_size().is_none(), "stale copy still in use");
    let after = s.events(&EventFilter::default()).unwrap().total;
    assert!(after > before, "{before} -> {after}");
    s.build_memory_index().unwrap();
    assert_eq!(s.events(&EventFilter::default()).unwrap().total, after);
}

#[test]
fn version_1_database_is_upgraded_in_place() {
    let dir = tempfile::tempdir().unwrap();
    let (before, place_before) = {
        let s = Store::open(dir.path()).unwrap();
        s.put_documents(synth::documents(150, 30, 4).collect())
            .unwrap();
        small_world(&s);
        let f = EventFilter {
            place: Some("إدلب".into()),
            ..Default::default()
        };
        (
            ids(&all_events(&s, EventFilter::default())),
            ids(&all_events(&s, f)),
        )
    };
    assert!(!place_before.is_empty());
    // Turn the database back into schema version 1: undo what migrations 2 to 10 did.
    {
        let c = rusqlite::Connection::open(dir.path().join("rasd.sqlite")).unwrap();
        c.execute_batch(
            "DROP TABLE event_keys; DROP TABLE key_vocab; DROP INDEX events_main_date_cover; \
             DROP INDEX events_main_type_date; DROP INDEX reports_cand_cell; DROP INDEX reports_cand_lkey; \
             CREATE INDEX reports_cell ON reports(event_type, cell, day); \
             CREATE INDEX reports_lkey ON reports(event_type, lkey, day); \
             DELETE FROM meta WHERE key = 'roads'; DROP INDEX simhash_bands_cover; DROP INDEX events_main_fat; \
             DROP TABLE event_terms; DROP INDEX events_main_type_sub_date; \
             CREATE INDEX simhash_bands_band ON simhash_bands(band, dayn); \
             ALTER TABLE simhash_bands DROP COLUMN h; DROP TABLE article_versions; DROP TABLE unindexed; \
             DROP INDEX reports_cand_area; ALTER TABLE reports DROP COLUMN gp; ALTER TABLE reports DROP COLUMN area; \
             PRAGMA user_version = 1;",
        )
        .unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(ids(&all_events(&s, EventFilter::default())), before);
    let f = EventFilter {
        place: Some("إدلب".into()),
        ..Default::default()
    };
    assert_eq!(ids(&all_events(&s, f)), place_before);
    let road = all_events(
        &s,
        EventFilter {
            near_road: Some("M4".into()),
            road_km: Some(6.0),
            ..Default::default()
        },
    );
    assert_eq!(road.total, road.items.len());
    // New writes keep the upgraded index in sync.
    s.put_documents(vec![event_doc(
        "u1",
        "Outlet Late",
        "2024-06-01",
        "Ariha",
        "أريحا",
        "Idlib",
        35.813,
        36.609,
        "Syrian National Army",
    )])
    .unwrap();
    let late = all_events(
        &s,
        EventFilter {
            source: Some("late".into()),
            place: Some("أريحا".into()),
            ..Default::default()
        },
    );
    assert_eq!(locations(&late), ["Ariha"]);
}

#[test]
fn evidence_terms_are_rebuilt_when_the_analyzer_changes() {
    let dir = tempfile::tempdir().unwrap();
    let f = EventFilter {
        text: Some("قصف".into()),
        limit: 10_000,
        ..Default::default()
    };
    let before = {
        let s = Store::open(dir.path()).unwrap();
        s.put_documents(synth::documents(120, 20, 8).collect())
            .unwrap();
        ids(&s.events(&f).unwrap())
    };
    assert!(!before.is_empty());
    // Pretend the terms were made by another analyzer version: wipe them and the recorded
    // fingerprint no longer matches.
    {
        let c = rusqlite::Connection::open(dir.path().join("rasd.sqlite")).unwrap();
        c.execute_batch(
            "UPDATE meta SET value = 'older' WHERE key = 'analyzer'; UPDATE reports SET terms = ''; \
             UPDATE event_json SET evterms = ' '; DELETE FROM event_terms;",
        )
        .unwrap();
    }
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(ids(&s.events(&f).unwrap()), before);
    // Recorded: the next open does nothing.
    drop(s);
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(ids(&s.events(&f).unwrap()), before);
}
