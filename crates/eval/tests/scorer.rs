//! The scorer itself is tested on a small self-written gold file:
//! a perfect prediction scores 1.0, an empty one 0, a known partial one its hand-computed values.

use rasd_doc::annotate::{AnnotatedRecord, OutDate, OutEntity, OutEvent, OutPlace};
use rasd_eval::{read_gold, read_predictions, score, GoldArticle};
use std::path::PathBuf;

fn data(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name)
}

fn span(text: &str, s: &str) -> (usize, usize) {
    let b = text.find(s).unwrap();
    let a = text[..b].chars().count();
    (a, a + s.chars().count())
}

/// A prediction that copies the gold.
fn perfect(g: &GoldArticle) -> AnnotatedRecord {
    let t = &g.text;
    AnnotatedRecord {
        id: g.id.clone(),
        dates: g
            .gold
            .dates
            .iter()
            .map(|d| {
                let (start, end) = span(t, &d.text);
                OutDate {
                    start,
                    end,
                    text: d.text.clone(),
                    value: d.value.clone(),
                    precision: d.precision.clone(),
                }
            })
            .collect(),
        places: g
            .gold
            .places
            .iter()
            .map(|p| {
                let (start, end) = span(t, &p.text);
                OutPlace {
                    start,
                    end,
                    text: p.text.clone(),
                    name: p.name_en.clone(),
                    lat: p.lat,
                    lon: p.lon,
                    ..Default::default()
                }
            })
            .collect(),
        entities: g
            .gold
            .entities
            .iter()
            .map(|e| {
                let (start, end) = span(t, &e.text);
                OutEntity {
                    start,
                    end,
                    text: e.text.clone(),
                    etype: e.etype.clone(),
                    canonical: None,
                }
            })
            .collect(),
        events: g
            .gold
            .events
            .iter()
            .map(|e| OutEvent {
                event_type: e.event_type.clone(),
                sub_event_type: e.sub_event_type.clone(),
                date: e.date.clone(),
                location: e.location.clone(),
                lat: e.lat,
                lon: e.lon,
                actor1: e.actor1.clone(),
                fatalities: e.fatalities,
                salience: e.salience.clone(),
                ..Default::default()
            })
            .collect(),
        warnings: vec![],
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn perfect_prediction_scores_one() {
    let gold = read_gold(&data("gold.jsonl")).unwrap();
    let preds: Vec<_> = gold.iter().map(perfect).collect();
    let r = score(&gold, &preds, true);
    for c in [
        r.entities_span,
        r.entities_strict,
        r.places,
        r.dates_span,
        r.events,
        r.events_main,
    ] {
        assert!(close(c.f1(), 1.0), "{c:?}");
    }
    for a in [
        r.geocoding,
        r.date_value,
        r.sub_event_type,
        r.fatalities,
        r.actor1,
    ] {
        assert!(close(a.value(), 1.0), "{a:?}");
    }
    assert!(r.errors.is_empty(), "{:?}", r.errors);
}

#[test]
fn empty_prediction_scores_zero() {
    let gold = read_gold(&data("gold.jsonl")).unwrap();
    let preds = read_predictions(&data("pred_empty.jsonl")).unwrap();
    let r = score(&gold, &preds, false);
    assert_eq!(r.articles_without_prediction, 2);
    for c in [
        r.entities_span,
        r.entities_strict,
        r.places,
        r.dates_span,
        r.events,
        r.events_main,
    ] {
        assert_eq!(c.tp, 0);
        assert_eq!(c.fp, 0);
        assert!(c.fn_ > 0);
        assert_eq!(c.f1(), 0.0);
    }
    assert_eq!(r.geocoding.value(), 0.0);
    assert_eq!(r.geocoding.total, 4);
}

#[test]
fn partial_prediction_hand_computed() {
    let gold = read_gold(&data("gold.jsonl")).unwrap();
    let preds = read_predictions(&data("pred_partial.jsonl")).unwrap();
    let r = score(&gold, &preds, true);
    // dates: both t-a spans found, one value wrong; t-b has no prediction.
    assert_eq!(
        (r.dates_span.tp, r.dates_span.fp, r.dates_span.fn_),
        (2, 0, 2)
    );
    assert_eq!((r.date_value.correct, r.date_value.total), (1, 2));
    // places: كنصفرة and أريحا found, الطائرات is a false positive, the region and الباب are missed.
    assert_eq!((r.places.tp, r.places.fp, r.places.fn_), (2, 1, 2));
    assert!(close(
        r.places.f1(),
        2.0 * (2.0 / 3.0) * 0.5 / (2.0 / 3.0 + 0.5)
    ));
    // geocoding: only كنصفرة within 10 km (أريحا placed at Aleppo) of 4 geocodable gold places.
    assert_eq!((r.geocoding.correct, r.geocoding.total), (1, 4));
    // entities: the ORG predicted as PER counts for span, not for span+type.
    assert_eq!(
        (r.entities_span.tp, r.entities_span.fp, r.entities_span.fn_),
        (3, 0, 2)
    );
    assert_eq!(
        (
            r.entities_strict.tp,
            r.entities_strict.fp,
            r.entities_strict.fn_
        ),
        (2, 1, 3)
    );
    // events: shelling and (one day off) air strike match; the clash is a false positive.
    assert_eq!((r.events.tp, r.events.fp, r.events.fn_), (2, 1, 2));
    assert_eq!(
        (r.events_main.tp, r.events_main.fp, r.events_main.fn_),
        (2, 1, 1)
    );
    assert!(close(r.events_main.f1(), 2.0 / 3.0));
    assert_eq!((r.sub_event_type.correct, r.sub_event_type.total), (2, 2));
    assert_eq!((r.fatalities.correct, r.fatalities.total), (1, 2));
    assert_eq!((r.actor1.correct, r.actor1.total), (1, 2));
    // the error listing names misses and false positives with their sentences.
    assert!(r
        .errors
        .iter()
        .any(|e| e.layer == "places" && e.kind == "miss" && e.text == "ريف إدلب الجنوبي"));
    assert!(r.errors.iter().any(|e| e.layer == "events"
        && e.kind == "false_positive"
        && e.text.starts_with("Battles")));
    // and the matched event whose actor1 differs.
    assert_eq!(
        r.errors
            .iter()
            .filter(|e| e.layer == "events" && e.kind == "wrong_actor1")
            .count(),
        1
    );
}
