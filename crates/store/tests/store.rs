//! Store behaviour end to end on small synthetic data (fictional sentences written for rasd).

use rasd_doc::{Document, EventAnn, Meta, Span};
use rasd_store::*;
use std::collections::{BTreeMap, HashMap};

mod common;

fn doc(id: &str, url: Option<&str>, source: &str, published: &str, text: &str) -> Document {
    Document {
        id: id.into(),
        text: text.into(),
        meta: Meta {
            url: url.map(str::to_string),
            title: Some(format!("عنوان {id}")),
            published: Some(published.into()),
            source: Some(source.into()),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn open() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    (dir, store)
}

#[test]
fn arabic_search_finds_inflected_forms_with_highlights() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        let docs = vec![
            doc(
                "a1",
                Some("https://x.example/1"),
                "Outlet A",
                "2024-03-01",
                "رصدت المصادر دورية عسكرية قرب البلدة صباح اليوم.",
            ),
            doc(
                "a2",
                Some("https://x.example/2"),
                "Outlet B",
                "2024-03-05",
                "اشتبكت القوات مع مسلحين مجهولين على الطريق الدولي.",
            ),
            doc(
                "a3",
                Some("https://x.example/3"),
                "Outlet B",
                "2024-04-10",
                "افتتح المجلس المحلي مدرسة جديدة في الحي الشرقي.",
            ),
        ];
        let st = s.put_documents(docs).unwrap();
        assert_eq!(st.new, 3);
        let q = |text: &str| SearchQuery {
            text: text.into(),
            limit: 10,
            ..Default::default()
        };
        let r = s.search(&q("الدوريات")).unwrap();
        assert_eq!(
            r.items
                .iter()
                .map(|h| h.article_id.as_str())
                .collect::<Vec<_>>(),
            ["a1"]
        );
        let hit = &r.items[0];
        let (a, b) = hit.highlights[0];
        let hl: String = hit.snippet.chars().skip(a).take(b - a).collect();
        assert_eq!(hl, "دورية");
        let r = s.search(&q("بالمسلحين")).unwrap();
        assert_eq!(
            r.items
                .iter()
                .map(|h| h.article_id.as_str())
                .collect::<Vec<_>>(),
            ["a2"]
        );
        // Filters.
        let mut f = q("المجلس");
        f.date_from = Some("2024-04".into());
        assert_eq!(s.search(&f).unwrap().total, 1);
        f.date_from = Some("2024-05-01".into());
        assert_eq!(s.search(&f).unwrap().total, 0);
        let mut f = q("القوات");
        f.source = Some("outlet a".into());
        assert_eq!(s.search(&f).unwrap().total, 0);
        f.source = Some("Outlet B".into());
        assert_eq!(s.search(&f).unwrap().total, 1);
        // Odd query syntax never errors.
        for odd in ["\"", "a:b", "(((", "-", "*"] {
            let _ = s.search(&q(odd));
        }
        assert!(s.search(&q("  ")).is_err());
    }
}

#[test]
fn reingest_adds_nothing_and_versions_are_recognised() {
    let (_d, s) = open();
    let docs: Vec<Document> = synth::documents(40, 30, 1).collect();
    let first = s.put_documents(docs.clone()).unwrap();
    assert_eq!(first.documents, 40);
    let events_before = s
        .events(&EventFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    let again = s.put_documents(docs.clone()).unwrap();
    assert_eq!(again.duplicates, 40, "{again:?}");
    assert_eq!(
        again.new + again.near_duplicates + again.updated + again.events_new + again.events_merged,
        0
    );
    assert_eq!(s.article_count().unwrap(), 40);
    let events_after = s
        .events(&EventFilter {
            limit: 1000,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(events_before.total, events_after.total);
    // Same id, new content: an update, not a new article.
    let mut upd = docs[0].clone();
    upd.text.push_str(" وأضاف المصدر تفاصيل جديدة عن الحادثة.");
    let st = s.put_documents(vec![upd.clone()]).unwrap();
    assert_eq!(st.updated, 1, "{st:?}");
    assert_eq!(s.article_count().unwrap(), 40);
    assert!(s
        .article(&upd.id)
        .unwrap()
        .unwrap()
        .doc
        .text
        .ends_with("الحادثة."));
    // Same URL under another id with new content: also an update of the stored article.
    let mut upd2 = upd.clone();
    upd2.id = "other-id".into();
    upd2.text.push_str(" تحديث ثان.");
    assert_eq!(s.put_documents(vec![upd2.clone()]).unwrap().updated, 1);
    assert_eq!(s.article_count().unwrap(), 40);
    // Re-ingesting the same inputs again (older versions arriving after newer ones, and a copy
    // without URL of an older version) changes nothing: the latest version stays.
    let mut no_url = docs[0].clone();
    no_url.id = String::new();
    no_url.meta.url = None;
    let replay = s
        .put_documents(vec![docs[0].clone(), upd.clone(), upd2.clone(), no_url])
        .unwrap();
    assert_eq!(replay.duplicates, 4, "{replay:?}");
    assert_eq!(
        replay.new + replay.updated + replay.near_duplicates,
        0,
        "{replay:?}"
    );
    assert!(s
        .article(&upd.id)
        .unwrap()
        .unwrap()
        .doc
        .text
        .ends_with("تحديث ثان."));
    let (n, m) = s.integrity().unwrap();
    assert_eq!((n, m), (40, 40));
}

#[test]
fn syndicated_copy_is_a_linked_near_duplicate() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        let text = "قصفت قوات النظام بالمدفعية الثقيلة قرية في ريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح متفاوتة. \
                وقال ناشطون إن فرق الدفاع المدني عملت على إسعاف المصابين إلى المشافي القريبة وسط تحليق لطائرات الاستطلاع. \
                ودعت منظمات إنسانية إلى تحييد المدنيين والمنشآت الحيوية عن العمليات العسكرية في المنطقة. \
                وتتكرر الخروقات في المنطقة رغم اتفاق وقف إطلاق النار المعلن سابقا بين الأطراف المتحاربة.";
        let a = doc("n1", Some("https://a.example/x"), "A", "2024-01-02", text);
        let b = doc(
            "n2",
            Some("https://b.example/y"),
            "B",
            "2024-01-02",
            &format!("{text} المصدر: وكالات."),
        );
        let c = doc("n3", Some("https://c.example/z"), "C", "2024-01-02", text);
        let st = s.put_documents(vec![a, b, c]).unwrap();
        assert_eq!((st.new, st.near_duplicates), (1, 2), "{st:?}");
        assert_eq!(
            s.article("n2").unwrap().unwrap().duplicate_of.as_deref(),
            Some("n1")
        );
        // Same text, no URL on either side: an exact duplicate.
        let d = doc("n4", None, "D", "2024-01-02", "نص قصير بلا رابط");
        let e = doc("n5", None, "D", "2024-01-02", "نص قصير بلا رابط");
        let st = s.put_documents(vec![d, e]).unwrap();
        assert_eq!((st.new, st.duplicates), (1, 1));
    }
}

/// Pairwise precision/recall of event merges on a labelled set: the same incident written
/// differently by several outlets, plus distinct incidents on the same day nearby.
#[test]
fn event_dedup_precision_and_recall() {
    for kind in common::kinds() {
        let mut last = None;
        for seed in [42u64, 7, 2024] {
            let b = common::open(kind);
            let s = &*b.store;
            let (docs, truth) = synth::dedup_set(seed, 25);
            let ids: Vec<String> = docs.iter().map(|d| d.id.clone()).collect();
            for chunk in docs.chunks(17) {
                s.put_documents(chunk.to_vec()).unwrap();
            }
            let mut predicted: HashMap<String, String> = HashMap::new();
            for id in &ids {
                let a = s.article(id).unwrap().unwrap();
                assert_eq!(a.event_ids.len(), 1, "{id}");
                predicted.insert(id.clone(), a.event_ids[0].clone());
            }
            let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
            for i in 0..ids.len() {
                for j in i + 1..ids.len() {
                    let same_truth = truth[i] == truth[j];
                    let same_pred = predicted[&ids[i]] == predicted[&ids[j]];
                    match (same_truth, same_pred) {
                        (true, true) => tp += 1,
                        (false, true) => fp += 1,
                        (true, false) => fn_ += 1,
                        _ => {}
                    }
                }
            }
            let precision = tp as f64 / (tp + fp).max(1) as f64;
            let recall = tp as f64 / (tp + fn_).max(1) as f64;
            let incidents = truth
                .iter()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            let events = predicted
                .values()
                .collect::<std::collections::BTreeSet<_>>()
                .len();
            println!(
            "event dedup ({kind}, seed {seed}): {} reports, {incidents} true incidents, {events} events; pairwise precision {precision:.3} recall {recall:.3} (tp {tp} fp {fp} fn {fn_})",
            ids.len()
        );
            if fp > 0 {
                let mut by_event: BTreeMap<&String, Vec<usize>> = BTreeMap::new();
                for (i, id) in ids.iter().enumerate() {
                    by_event.entry(&predicted[id]).or_default().push(i);
                }
                for (e, members) in by_event {
                    if members.iter().any(|&i| truth[i] != truth[members[0]]) {
                        let ev = s.event(e).unwrap().unwrap();
                        for src in &ev.sources {
                            println!(
                                "  false merge {e}: {} {:?}",
                                src.article_id, src.merge_reason
                            );
                        }
                    }
                }
            }
            assert!(
                precision >= 0.9 && recall >= 0.9,
                "seed {seed}: precision {precision:.3} recall {recall:.3}"
            );
            last = Some(b);
        }
        let b = last.unwrap();
        let s = &*b.store;
        // Merges are explained, and every source carries its evidence.
        let page = s
            .events(&EventFilter {
                limit: 1000,
                ..Default::default()
            })
            .unwrap();
        let multi = page
            .items
            .iter()
            .find(|e| e.sources.len() > 1)
            .expect("some merged event");
        assert!(multi.sources[0].merge_reason.is_none());
        assert!(multi.sources[1]
            .merge_reason
            .as_deref()
            .unwrap()
            .contains("score"));
        assert!(multi
            .sources
            .iter()
            .all(|s| !s.evidence.is_empty() && s.evidence_end > s.evidence_start));
        // Re-clustering from scratch is deterministic and gives the same events.
        let before: BTreeMap<String, usize> = page
            .items
            .iter()
            .map(|e| (e.id.clone(), e.sources.len()))
            .collect();
        s.recluster_all().unwrap();
        let after: BTreeMap<String, usize> = s
            .events(&EventFilter {
                limit: 1000,
                ..Default::default()
            })
            .unwrap()
            .items
            .iter()
            .map(|e| (e.id.clone(), e.sources.len()))
            .collect();
        assert_eq!(before, after);
    }
}

#[test]
fn event_filters_stats_and_exports() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        let docs: Vec<Document> = synth::documents(300, 60, 9).collect();
        s.put_documents(docs).unwrap();
        let all = s
            .events(&EventFilter {
                limit: 10_000,
                ..Default::default()
            })
            .unwrap();
        assert!(all.total > 50 && all.total == all.items.len());
        // Sorted by date, newest first.
        assert!(all
            .items
            .windows(2)
            .all(|w| w[0].event_date >= w[1].event_date));
        let f = |f: EventFilter| s.events(&EventFilter { limit: 10_000, ..f }).unwrap();
        let battles = f(EventFilter {
            event_type: Some("battles".into()),
            ..Default::default()
        });
        assert!(battles.total > 0 && battles.items.iter().all(|e| e.event_type == "Battles"));
        let idlib = f(EventFilter {
            place: Some("idlib".into()),
            ..Default::default()
        });
        assert!(idlib.items.iter().all(
            |e| e.admin1.as_deref() == Some("Idlib") || e.location.as_deref() == Some("Idlib")
        ));
        let bbox = [36.0, 35.5, 37.0, 36.0];
        let inb = f(EventFilter {
            bbox: Some(bbox),
            ..Default::default()
        });
        assert!(inb.total > 0);
        assert!(inb.items.iter().all(|e| {
            let (la, lo) = (e.lat.unwrap(), e.lon.unwrap());
            lo >= bbox[0] && lo <= bbox[2] && la >= bbox[1] && la <= bbox[3]
        }));
        let road = f(EventFilter {
            near_road: Some("M4".into()),
            road_km: Some(6.0),
            ..Default::default()
        });
        assert!(road.total > 0 && road.total < all.total);
        let line = geo::road_polyline("M4").unwrap();
        assert!(road.items.iter().all(|e| geo::distance_to_polyline_km(
            e.lat.unwrap(),
            e.lon.unwrap(),
            &line
        ) <= 6.0));
        let deadly = f(EventFilter {
            min_fatalities: Some(8),
            sort: EventSort::FatalitiesDesc,
            ..Default::default()
        });
        assert!(deadly.items.iter().all(|e| e.fatalities.unwrap() >= 8));
        assert!(deadly
            .items
            .windows(2)
            .all(|w| w[0].fatalities >= w[1].fatalities));
        let src = f(EventFilter {
            source: Some("enab baladi".into()),
            ..Default::default()
        });
        assert!(
            src.total > 0
                && src.items.iter().all(|e| e
                    .sources
                    .iter()
                    .any(|s| s.outlet.as_deref() == Some("Enab Baladi")))
        );
        let actor = f(EventFilter {
            actor: Some("hayat tahrir".into()),
            ..Default::default()
        });
        assert!(actor.total > 0);
        let text = f(EventFilter {
            text: Some("بغارة".into()),
            ..Default::default()
        });
        assert!(text.total > 0 && text.total < all.total);
        let page = s
            .events(&EventFilter {
                limit: 5,
                offset: 5,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.items.len(), 5);
        assert_eq!(page.items[0].id, all.items[5].id);
        assert!(s
            .events(&EventFilter {
                date_from: Some("yesterday".into()),
                ..Default::default()
            })
            .is_err());
        assert!(s
            .events(&EventFilter {
                near_road: Some("Z99".into()),
                ..Default::default()
            })
            .is_err());
        let one = s.event(&all.items[0].id).unwrap().unwrap();
        assert_eq!(one, all.items[0]);
        // Stats.
        let st = s.stats(&EventFilter::default()).unwrap();
        assert_eq!(st.events, all.total);
        assert_eq!(st.by_type.iter().map(|x| x.1).sum::<usize>(), all.total);
        assert!(st.by_month.len() >= 2 && st.by_admin1.iter().any(|(a, _)| a == "Idlib"));
        // Exports.
        let mut csv = Vec::new();
        export::write_csv(&all.items, &mut csv).unwrap();
        let csv = String::from_utf8(csv).unwrap();
        let mut lines = csv.lines();
        assert_eq!(lines.next().unwrap(), export::ACLED_COLUMNS.join(","));
        assert_eq!(csv.lines().count(), all.total + 1);
        assert!(csv.contains("Syria") && csv.contains("Middle East") && csv.contains(" 2023"));
        let mut gj = Vec::new();
        export::write_geojson(&all.items, &mut gj).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&gj).unwrap();
        assert_eq!(v["features"].as_array().unwrap().len(), all.total);
        assert!(v["features"][0]["properties"]["sources"][0]["evidence"].is_string());
        let mut jl = Vec::new();
        export::write_jsonl(&all.items, &mut jl).unwrap();
        let first: StoredEvent =
            serde_json::from_str(std::str::from_utf8(&jl).unwrap().lines().next().unwrap())
                .unwrap();
        assert_eq!(first, all.items[0]);
    }
}

#[test]
fn zones_crud_and_zone_events() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        s.put_documents(synth::documents(200, 30, 3).collect())
            .unwrap();
        let z = s
            .put_zone(ZoneSpec {
                name: "إدلب الجنوبية".into(),
                geometry: ZoneGeometry::Polygon {
                    rings: vec![vec![
                        [36.2, 35.5],
                        [37.0, 35.5],
                        [37.0, 36.0],
                        [36.2, 36.0],
                        [36.2, 35.5],
                    ]],
                },
            })
            .unwrap();
        let c = s
            .put_zone(ZoneSpec {
                name: "M4".into(),
                geometry: ZoneGeometry::Corridor {
                    road: "M4".into(),
                    km: 5.0,
                },
            })
            .unwrap();
        assert_eq!(s.zones().unwrap().len(), 2);
        assert_eq!(s.zone(&z.id).unwrap().unwrap().name, "إدلب الجنوبية");
        let inz = s
            .zone_events(
                &z.id,
                &EventFilter {
                    limit: 1000,
                    ..Default::default()
                },
            )
            .unwrap();
        assert!(inz.total > 0);
        assert!(inz.items.iter().all(|e| geo::point_in_rings(
            e.lon.unwrap(),
            e.lat.unwrap(),
            &[vec![[36.2, 35.5], [37.0, 35.5], [37.0, 36.0], [36.2, 36.0]]]
        )));
        assert!(s.zone_events(&c.id, &EventFilter::default()).unwrap().total > 0);
        assert!(s
            .put_zone(ZoneSpec {
                name: "x".into(),
                geometry: ZoneGeometry::Corridor {
                    road: "nowhere".into(),
                    km: 5.0
                }
            })
            .is_err());
        assert!(s.delete_zone(&z.id).unwrap());
        assert!(!s.delete_zone(&z.id).unwrap());
        assert!(s.zone_events(&z.id, &EventFilter::default()).is_err());
    }
}

#[test]
fn index_catches_up_after_a_crash_between_sqlite_and_index_commits() {
    let dir = tempfile::tempdir().unwrap();
    {
        let s = Store::open(dir.path()).unwrap();
        s.put_documents(synth::documents(30, 10, 5).collect())
            .unwrap();
    }
    // Simulate losing the index entirely (or never committing it).
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    let s = Store::open(dir.path()).unwrap();
    assert_eq!(s.integrity().unwrap(), (30, 30));
    let r = s
        .search(&SearchQuery {
            text: "الدفاع المدني".into(),
            ..Default::default()
        })
        .unwrap();
    assert!(r.total > 0);
}

#[test]
fn readers_never_see_half_written_batches() {
    let dir = tempfile::tempdir().unwrap();
    let s = std::sync::Arc::new(Store::open(dir.path()).unwrap());
    let docs: Vec<Document> = synth::documents(400, 30, 11).collect();
    let writer = {
        let s = s.clone();
        std::thread::spawn(move || {
            for chunk in docs.chunks(50) {
                s.put_documents(chunk.to_vec()).unwrap();
            }
        })
    };
    let mut seen = Vec::new();
    while !writer.is_finished() {
        let n = s.article_count().unwrap();
        // Batches commit atomically: counts move in whole batches of 50.
        assert_eq!(n % 50, 0, "saw {n} articles");
        let ev = s
            .events(&EventFilter {
                limit: 100_000,
                include_background: true,
                ..Default::default()
            })
            .unwrap();
        let reports: usize = ev.items.iter().map(|e| e.sources.len()).sum();
        let n2 = s.article_count().unwrap();
        assert!(
            reports >= n && reports <= n2,
            "every stored article's event is visible with it: {n} {reports} {n2} {}",
            ev.total
        );
        seen.push(n);
    }
    writer.join().unwrap();
    assert_eq!(s.article_count().unwrap(), 400);
    seen.dedup();
    println!("reader observed counts {seen:?}");
}

#[test]
fn events_of_one_article_never_merge_and_bad_spans_do_not_panic() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        let mut d = doc(
            "m1",
            None,
            "A",
            "2024-02-02",
            "قصف على البلدة. قصف آخر على البلدة نفسها.",
        );
        let ev = EventAnn {
            event_type: "Explosions/Remote violence".into(),
            sub_event_type: "Shelling/artillery/missile attack".into(),
            date: Some("2024-02-02".into()),
            time_precision: 1,
            location: Some("X".into()),
            lat: Some(35.0),
            lon: Some(36.0),
            evidence: Span::new(0, 10_000),
            ..Default::default()
        };
        d.events = vec![ev.clone(), ev];
        let st = s.put_documents(vec![d]).unwrap();
        assert_eq!((st.events_new, st.events_merged), (2, 0));
        assert_eq!(s.article("m1").unwrap().unwrap().event_ids.len(), 2);
    }
}

#[test]
fn generation_changes_on_every_commit_from_any_store() {
    let (d, s) = open();
    let g0 = s.generation().unwrap();
    assert_eq!(s.generation().unwrap(), g0, "no commit, same generation");
    let zone = || ZoneSpec {
        name: "z".into(),
        geometry: ZoneGeometry::Corridor {
            road: "M5".into(),
            km: 3.0,
        },
    };
    s.put_zone(zone()).unwrap();
    let g1 = s.generation().unwrap();
    assert_ne!(g1, g0);
    assert_eq!(s.generation().unwrap(), g1);
    // A second Store on the same directory (as another process would) writes.
    let other = Store::open(d.path()).unwrap();
    other
        .put_documents(vec![doc(
            "g2",
            Some("https://g.example/2"),
            "Outlet G",
            "2024-05-02",
            "خبر ثان عن إصلاح طريق فرعي قرب القرية.",
        )])
        .unwrap();
    let g2 = s.generation().unwrap();
    assert_ne!(g2, g1, "commit by another Store must change the generation");
    assert_eq!(s.generation().unwrap(), g2);
    other.put_zone(zone()).unwrap();
    let g3 = s.generation().unwrap();
    assert_ne!(g3, g2);
    // Writes through the Store itself are seen too.
    drop(other);
    s.put_documents(vec![doc(
        "g1",
        Some("https://g.example/1"),
        "Outlet G",
        "2024-05-01",
        "خبر أول عن افتتاح سوق جديد في المدينة.",
    )])
    .unwrap();
    assert_ne!(s.generation().unwrap(), g3);
}

/// One report per article, for merge tests.
#[allow(clippy::too_many_arguments)]
fn report_doc(
    id: &str,
    outlet: &str,
    day: &str,
    sub: &str,
    loc: &str,
    admin1: &str,
    (lat, lon): (f64, f64),
    gp: u8,
    text: &str,
) -> Document {
    let mut d = doc(
        id,
        Some(&format!("https://{outlet}.example/{id}")),
        outlet,
        day,
        text,
    );
    d.events = vec![EventAnn {
        event_type: "Explosions/Remote violence".into(),
        sub_event_type: sub.into(),
        date: Some(day.into()),
        time_precision: 1,
        location: Some(loc.into()),
        admin1: Some(admin1.into()),
        lat: Some(lat),
        lon: Some(lon),
        geo_precision: gp,
        evidence: Span::new(0, text.len()),
        ..Default::default()
    }];
    d
}

#[test]
fn merging_compares_places_by_precision_and_containment() {
    for b in common::backends() {
        let s = &*b.store;
        println!("backend: {}", b.kind);
        // A town-level report, the same strike reported at governorate level 40 km away, and a
        // "near the town" report with another sub-type of the same family: one incident.
        let a = report_doc(
            "c1",
            "alpha",
            "2024-03-05",
            "Air/drone strike",
            "Kafr A",
            "Idlib",
            (35.60, 36.60),
            1,
            "غارة جوية على بلدة كفر ألف صباح اليوم أدت إلى دمار في المنازل.",
        );
        let b = report_doc(
            "c2",
            "beta",
            "2024-03-05",
            "Air/drone strike",
            "Idlib Governorate",
            "Idlib",
            (35.93, 36.63),
            3,
            "قصف جوي استهدف ريف المحافظة الجنوبي اليوم دون ذكر ضحايا.",
        );
        let c = report_doc(
            "c3",
            "gamma",
            "2024-03-05",
            "Shelling/artillery/missile attack",
            "Tell B",
            "Idlib",
            (35.64, 36.66),
            2,
            "سقطت قذائف قرب تل باء في الريف الجنوبي صباح اليوم.",
        );
        // Another town 20 km away the same day: a different incident.
        let d2 = report_doc(
            "c4",
            "delta",
            "2024-03-05",
            "Air/drone strike",
            "Other Town",
            "Idlib",
            (35.78, 36.60),
            1,
            "غارة جوية على بلدة أخرى في شمال المحافظة اليوم.",
        );
        s.put_documents(vec![a, b, c, d2]).unwrap();
        let ev = |id: &str| s.article(id).unwrap().unwrap().event_ids;
        assert_eq!(
            ev("c1"),
            ev("c2"),
            "governorate report contains the town one"
        );
        assert_eq!(
            ev("c1"),
            ev("c3"),
            "near-town report within both precisions"
        );
        assert_ne!(ev("c1"), ev("c4"), "another town is another incident");
        // Each outlet's figure is kept: the merged event lists every source.
        let e = s.event(&ev("c1")[0]).unwrap().unwrap();
        assert_eq!(e.sources.len(), 3, "{:?}", e.sources);
    }
}

#[test]
fn merged_events_do_not_depend_on_ingest_order() {
    let docs: Vec<Document> = (0..6)
        .map(|i| {
            report_doc(
                &format!("o{i}"),
                &format!("outlet{i}"),
                &format!("2024-04-0{}", 1 + i % 2),
                "Remote explosive/landmine/IED",
                if i % 3 == 0 { "Town A" } else { "Town A2" },
                "Aleppo",
                (36.20 + 0.004 * (i % 3) as f64, 37.10),
                1 + (i % 2) as u8,
                "انفجرت عبوة ناسفة بسيارة عسكرية في البلدة صباح اليوم وأصيب اثنان.",
            )
        })
        .collect();
    let partition = |kind: &'static str, order: &[usize]| {
        let b = common::open(kind);
        let s = &*b.store;
        for &i in order {
            s.put_documents(vec![docs[i].clone()]).unwrap();
        }
        let mut groups: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for d in &docs {
            for e in s.article(&d.id).unwrap().unwrap().event_ids {
                groups.entry(e).or_default().push(d.id.clone());
            }
        }
        let mut p: Vec<Vec<String>> = groups.into_values().collect();
        p.sort();
        p
    };
    let reference = partition("sqlite", &[0, 1, 2, 3, 4, 5]);
    for kind in common::kinds() {
        // Every backend gives the embedded store's events, in any order.
        for order in [[0, 1, 2, 3, 4, 5], [5, 4, 3, 2, 1, 0], [2, 5, 0, 3, 1, 4]] {
            assert_eq!(reference, partition(kind, &order), "{kind} {order:?}");
        }
    }
}
