//! Unit tests with hand-written sentences and hand-built date/place layers.

use super::*;
use rasd_doc::{DateAnn, DatePrecision, PlaceAnn, Span};

#[allow(clippy::too_many_arguments)]
pub(crate) fn place(
    text: &str,
    surface: &str,
    name: &str,
    kind: &str,
    admin1: &str,
    country: &str,
    lat: f64,
    lon: f64,
) -> PlaceAnn {
    let s = text
        .find(surface)
        .unwrap_or_else(|| panic!("{surface} not in text"));
    PlaceAnn {
        span: Span::new(s, s + surface.len()),
        name: name.to_string(),
        kind: kind.to_string(),
        admin1: Some(admin1.to_string()),
        country: Some(country.to_string()),
        lat: Some(lat),
        lon: Some(lon),
        geo_precision: 1,
        ..Default::default()
    }
}

pub(crate) fn date(text: &str, surface: &str, value: &str) -> DateAnn {
    let s = text
        .find(surface)
        .unwrap_or_else(|| panic!("{surface} not in text"));
    DateAnn {
        span: Span::new(s, s + surface.len()),
        value: value.to_string(),
        precision: DatePrecision::Day,
        time: None,
        future: false,
        rule: "test".into(),
    }
}

/// A place layer entry: (surface, name, kind, admin1, country, lat, lon).
type P<'a> = (&'a str, &'a str, &'a str, &'a str, &'a str, f64, f64);

fn add_place(d: &mut Document, t: &str, p: P) {
    let (surface, name, kind, admin1, country, lat, lon) = p;
    d.places
        .push(place(t, surface, name, kind, admin1, country, lat, lon));
}

/// The event locations, in order.
fn locations(events: &[rasd_doc::EventAnn]) -> Vec<&str> {
    events
        .iter()
        .filter_map(|e| e.location.as_deref())
        .collect()
}

/// A document with the given place layer, annotated.
fn annotated(t: &str, places: &[P]) -> Document {
    let mut d = doc(t);
    for p in places {
        add_place(&mut d, t, *p);
    }
    run(&mut d);
    d
}

fn doc(text: &str) -> Document {
    let mut d = Document::new("t", text);
    d.meta.published = Some("2020-08-27".into());
    d.meta.source = Some("Test Outlet".into());
    d
}

fn run(d: &mut Document) {
    Coder::embedded().annotate(d);
    d.validate().expect("valid spans");
}

#[test]
fn brief_example_end_to_end() {
    let t = "استهدف مجهولون دورية روسية تركية مشتركة بعبوة ناسفة قرب أريحا صباح الثلاثاء، ما أدى إلى إصابة ثلاثة جنود روس، وتبنت كتائب خطاب الشيشاني الهجوم. ورأى المحلل العسكري أن الهجوم قد يتكرر في ريف إدلب.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        ("أريحا", "Ariha", "city", "Idlib", "SY", 35.81, 36.61),
    );
    add_place(
        &mut d,
        t,
        ("إدلب", "Idlib", "governorate", "Idlib", "SY", 35.93, 36.63),
    );
    d.dates.push(date(t, "صباح الثلاثاء", "2020-08-25"));
    run(&mut d);
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    let e = &d.events[0];
    assert_eq!(e.event_type, "Explosions/Remote violence");
    assert_eq!(e.sub_event_type, "Remote explosive/landmine/IED");
    assert_eq!(e.plover, "ASSAULT");
    assert_eq!(e.date.as_deref(), Some("2020-08-25"));
    assert_eq!(e.time_precision, 1);
    assert_eq!(e.location.as_deref(), Some("Ariha"));
    assert_eq!(e.admin1.as_deref(), Some("Idlib"));
    assert_eq!(
        e.actor1.as_deref(),
        Some("Unidentified Armed Group (Syria)")
    );
    assert_eq!(
        e.actor2.as_deref(),
        Some("Military Forces of Russia; Military Forces of Turkey")
    );
    assert_eq!(e.fatalities, Some(0));
    assert_eq!(e.injuries, Some(3));
    assert_eq!(e.claimed_by.as_deref(), Some("Kataib Khattab al-Shishani"));
    assert_eq!(e.reported_by.as_deref(), Some("Test Outlet"));
    assert_eq!(d.span_text(e.evidence), t.split('.').next().unwrap_or(""));
    let orgs: Vec<&str> = d
        .entities
        .iter()
        .filter(|x| x.etype == rasd_doc::EntityType::ORG)
        .map(|x| d.span_text(x.span))
        .collect();
    assert!(orgs.contains(&"كتائب خطاب الشيشاني"), "{orgs:?}");
}

fn events_of(t: &str, places: &[(&str, &str, &str)]) -> Vec<rasd_doc::EventAnn> {
    let mut d = doc(t);
    for (i, (surface, name, kind)) in places.iter().enumerate() {
        d.places.push(place(
            t,
            surface,
            name,
            kind,
            "Idlib",
            "SY",
            35.0 + i as f64 * 0.2,
            36.0,
        ));
    }
    run(&mut d);
    d.events
}

#[test]
fn one_event_per_town() {
    let t = "قصفت قوات النظام بالمدفعية الثقيلة بلدات كفرنبل وحاس ومعرشمارين في ريف إدلب الجنوبي.";
    let ev = events_of(
        t,
        &[
            ("كفرنبل", "Kafr Nabl", "town"),
            ("حاس", "Has", "village"),
            ("معرشمارين", "Maarshamarin", "village"),
            ("ريف إدلب الجنوبي", "Southern Idlib countryside", "region"),
        ],
    );
    let locs: Vec<_> = ev.iter().filter_map(|e| e.location.as_deref()).collect();
    assert_eq!(locs, vec!["Kafr Nabl", "Has", "Maarshamarin"]);
    for e in &ev {
        assert_eq!(e.sub_event_type, "Shelling/artillery/missile attack");
        assert_eq!(e.actor1.as_deref(), Some("Military Forces of Syria"));
    }
}

#[test]
fn merges_same_incident_within_article() {
    let t = "غارة جوية روسية على بلدة كفرنبل.\nشنت الطائرات الحربية الروسية غارة على بلدة كفرنبل صباح اليوم، ما أسفر عن مقتل خمسة مدنيين.";
    let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].sub_event_type, "Air/drone strike");
    assert_eq!(ev[0].fatalities, Some(5));
    assert_eq!(ev[0].actor1.as_deref(), Some("Military Forces of Russia"));
}

#[test]
fn fatalities_and_injuries() {
    let cases: &[(&str, Option<u32>, Option<u32>)] = &[
        (
            "قصفت قوات النظام بلدة كفرنبل ما أسفر عن مقتل 4 مدنيين وإصابة 7 آخرين.",
            Some(4),
            Some(7),
        ),
        (
            "قصفت قوات النظام بلدة كفرنبل ما أدى إلى استشهاد مدنيين اثنين.",
            Some(2),
            None,
        ),
        (
            "قصفت قوات النظام بلدة كفرنبل ما أدى إلى استشهاد مدني وإصابة طفل.",
            Some(1),
            Some(1),
        ),
        (
            "قصفت قوات النظام بلدة كفرنبل دون وقوع إصابات.",
            Some(0),
            None,
        ),
        (
            "قصفت قوات النظام بلدة كفرنبل، وبلغت الحصيلة عشرة قتلى بينهم أربعة أطفال.",
            Some(10),
            None,
        ),
        (
            "قصفت قوات النظام بلدة كفرنبل بأكثر من 18 قذيفة مدفعية.",
            Some(0),
            None,
        ),
        (
            "سقطت قذائف على بلدة كفرنبل، وقال الدفاع المدني إن 22 شخصاً قتلوا وجرح 27 آخرون.",
            Some(22),
            Some(27),
        ),
    ];
    for (t, f, i) in cases {
        let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
        assert_eq!(ev.len(), 1, "{t}");
        assert_eq!(ev[0].fatalities, *f, "fatalities in {t}");
        assert_eq!(ev[0].injuries, *i, "injuries in {t}");
    }
}

#[test]
fn modality_blocks_events() {
    let cases = [
        ("negation", "لم تسجل أي اشتباكات في بلدة كفرنبل خلال اليوم."),
        ("denial", "نفت وزارة الدفاع قصف بلدة كفرنبل."),
        ("speculation", "من المحتمل أن تقصف قوات النظام بلدة كفرنبل."),
        (
            "speculation-qad",
            "قد تشن قوات النظام غارات على بلدة كفرنبل.",
        ),
        (
            "conditional",
            "في حال تعرضت الدورية لهجوم في بلدة كفرنبل سيتم الرد.",
        ),
        ("threat", "هدد الجيش بقصف بلدة كفرنبل."),
        (
            "analysis",
            "ورأى المحلل العسكري أن القصف على بلدة كفرنبل رسالة سياسية.",
        ),
        ("future", "من المقرر أن تسير دورية مشتركة في بلدة كفرنبل."),
    ];
    for (name, t) in cases {
        let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
        assert!(ev.is_empty(), "{name}: {t} gave {ev:#?}");
    }
}

#[test]
fn speculation_after_the_trigger_does_not_block() {
    let t = "استهدف مجهولون نقطة تركية في بلدة كفرنبل، تلاه انفجار يعتقد أنه من سيارة مفخخة.";
    let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].sub_event_type, "Remote explosive/landmine/IED");
    assert_eq!(ev[0].actor2.as_deref(), Some("Military Forces of Turkey"));
}

#[test]
fn strategic_developments() {
    let t = "سيرت القوات الروسية والتركية دورية مشتركة على الطريق الدولي في بلدة كفرنبل.";
    let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].event_type, "Strategic developments");
    assert_eq!(ev[0].sub_event_type, "Change to group/activity");
    assert_eq!(ev[0].plover, "MOBILIZE");
    assert_eq!(
        ev[0].actor1.as_deref(),
        Some("Military Forces of Russia; Military Forces of Turkey")
    );
    assert_eq!(ev[0].fatalities, None);
}

#[test]
fn protests_one_per_town() {
    let t = "خرجت مظاهرات في مدن كفرنبل وسراقب رفضاً للحملة العسكرية.";
    let ev = events_of(
        t,
        &[
            ("كفرنبل", "Kafr Nabl", "town"),
            ("سراقب", "Saraqib", "city"),
        ],
    );
    assert_eq!(ev.len(), 2);
    assert!(ev
        .iter()
        .all(|e| e.event_type == "Protests" && e.actor1.as_deref() == Some("Protesters (Syria)")));
}

#[test]
fn reference_places_are_not_locations() {
    let t = "سيطرت قوات الوفاق على مدينة صبراتة (70 كلم غرب طرابلس).";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        (
            "صبراتة",
            "Sabratha",
            "city",
            "Az Zawiyah",
            "LY",
            32.79,
            12.49,
        ),
    );
    add_place(
        &mut d,
        t,
        ("طرابلس", "Tripoli", "city", "Tripoli", "LY", 32.89, 13.19),
    );
    run(&mut d);
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    assert_eq!(d.events[0].location.as_deref(), Some("Sabratha"));
    assert_eq!(d.events[0].sub_event_type, "Government regains territory");
}

#[test]
fn background_events_are_marked() {
    let t = "وكانت قوات النظام قد قصفت بلدة كفرنبل في 3 آذار الماضي.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        ("كفرنبل", "Kafr Nabl", "town", "Idlib", "SY", 35.5, 36.5),
    );
    d.dates.push(date(t, "3 آذار الماضي", "2020-03-03"));
    run(&mut d);
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].salience, rasd_doc::Salience::Background);
}

#[test]
fn entities_from_dictionary_people_and_places() {
    let t = "وقال المحلل العسكري عبد الوهاب عاصي إن للجيش التركي نقاطاً في إدلب، وأكد الرئيس الروسي فلاديمير بوتين ذلك.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        ("إدلب", "Idlib", "governorate", "Idlib", "SY", 35.9, 36.6),
    );
    run(&mut d);
    let got: Vec<(String, &str)> = d
        .entities
        .iter()
        .map(|e| (d.span_text(e.span).to_string(), e.etype.as_str()))
        .collect();
    for want in [
        ("عبد الوهاب عاصي", "PER"),
        ("للجيش التركي", "ORG"),
        ("إدلب", "GPE"),
        ("فلاديمير بوتين", "PER"),
    ] {
        assert!(
            got.iter().any(|(t, ty)| t == want.0 && *ty == want.1),
            "missing {want:?} in {got:?}"
        );
    }
    // An analyst's opinion is not an event.
    assert!(d.events.is_empty());
}

#[test]
fn empty_and_odd_inputs_do_not_panic() {
    for t in [
        "",
        " ",
        "\n\n",
        "قصف",
        "«»\"",
        "١٢٣ قصف 5",
        "اشتباكات،،،...؟",
    ] {
        let mut d = doc(t);
        run(&mut d);
    }
}

#[test]
fn falls_back_to_paragraph_place_and_publication_date() {
    let t = "تشهد بلدة كفرنبل توتراً.\nواندلعت اشتباكات عنيفة بين فصائل المعارضة وقوات النظام.";
    let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(ev[0].event_type, "Battles");
    assert_eq!(ev[0].date.as_deref(), Some("2020-08-27"));
    assert_eq!(ev[0].time_precision, 2);
    assert_eq!(ev[0].actor1.as_deref(), Some("Opposition Rebels (Syria)"));
    assert_eq!(ev[0].actor2.as_deref(), Some("Military Forces of Syria"));
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn any_text_gives_valid_spans(s in "[\\u0600-\\u06FF a-z0-9.،«»\"\\n-]{0,120}") {
            let mut d = Document::new("p", s.clone());
            d.sentences.push(Span::new(0, s.len()));
            Coder::embedded().annotate(&mut d);
            prop_assert!(d.validate().is_ok());
        }
    }
}

#[test]
fn rule_families() {
    let town = [("كفرنبل", "Kafr Nabl", "town")];
    let cases: &[(&str, &str, &str)] = &[
        (
            "اعتقلت قوات النظام خمسة شبان في بلدة كفرنبل.",
            "Strategic developments",
            "Arrests",
        ),
        (
            "اختطف مسلحون مجهولون طبيباً في بلدة كفرنبل.",
            "Violence against civilians",
            "Abduction/forced disappearance",
        ),
        (
            "خرجت وقفة احتجاجية في بلدة كفرنبل.",
            "Protests",
            "Peaceful protest",
        ),
        (
            "شنت طائرة مسيرة غارة على سيارة في بلدة كفرنبل.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
        (
            "انفجرت سيارة مفخخة في بلدة كفرنبل.",
            "Explosions/Remote violence",
            "Remote explosive/landmine/IED",
        ),
        (
            "فجر انتحاري نفسه في بلدة كفرنبل.",
            "Explosions/Remote violence",
            "Suicide bomb",
        ),
        (
            "اندلعت اشتباكات بين فصائل المعارضة وقوات النظام في بلدة كفرنبل.",
            "Battles",
            "Armed clash",
        ),
        (
            "وصلت تعزيزات عسكرية تركية إلى بلدة كفرنبل.",
            "Strategic developments",
            "Change to group/activity",
        ),
        (
            "فككت فرق الهندسة عبوة ناسفة في بلدة كفرنبل.",
            "Strategic developments",
            "Disrupted weapons use",
        ),
        (
            "قصفت الطائرات الحربية الإسرائيلية موقعاً في بلدة كفرنبل.",
            "Explosions/Remote violence",
            "Air/drone strike",
        ),
    ];
    for (t, ty, sub) in cases {
        let ev = events_of(t, &town);
        assert_eq!(ev.len(), 1, "{t}: {ev:#?}");
        assert_eq!(
            (ev[0].event_type.as_str(), ev[0].sub_event_type.as_str()),
            (*ty, *sub),
            "{t}"
        );
        assert!(!ev[0].plover.is_empty() && ev[0].plover != "OTHER", "{t}");
    }
}

#[test]
fn habitual_and_anaphoric_mentions_are_not_new_events() {
    for t in [
        "تتعرض بلدة كفرنبل لهجمات متكررة بالعبوات الناسفة.",
        "وهذا الهجوم هو الثالث في بلدة كفرنبل.",
    ] {
        let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
        assert!(ev.is_empty(), "{t}: {ev:#?}");
    }
}

#[test]
fn repelled_attack_makes_the_attacker_actor1() {
    let t = "صدت فصائل المعارضة محاولة تسلل لقوات النظام على بلدة كفرنبل.";
    let ev = events_of(t, &[("كفرنبل", "Kafr Nabl", "town")]);
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].actor1.as_deref(), Some("Military Forces of Syria"));
    assert_eq!(ev[0].actor2.as_deref(), Some("Opposition Rebels (Syria)"));
}

#[test]
fn cited_source_and_country_conjoined_to_actor() {
    let t = "قصفت قوات النظام وروسيا بلدة كفرنبل، بحسب المرصد السوري لحقوق الإنسان.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        ("كفرنبل", "Kafr Nabl", "town", "Idlib", "SY", 35.5, 36.5),
    );
    d.places
        .push(place(t, "روسيا", "Russia", "country", "", "RU", 55.7, 37.6));
    run(&mut d);
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    let e = &d.events[0];
    assert_eq!(e.location.as_deref(), Some("Kafr Nabl"));
    assert_eq!(
        e.actor1.as_deref(),
        Some("Military Forces of Syria; Military Forces of Russia")
    );
    assert_eq!(
        e.cited_source.as_deref(),
        Some("Syrian Observatory for Human Rights")
    );
}

#[test]
fn agreement_is_one_event_between_governments() {
    let t = "وقعت روسيا وتركيا اتفاقاً لوقف إطلاق النار في إدلب.";
    let mut d = doc(t);
    d.places
        .push(place(t, "روسيا", "Russia", "country", "", "RU", 55.7, 37.6));
    d.places
        .push(place(t, "تركيا", "Turkey", "country", "", "TR", 39.9, 32.8));
    add_place(
        &mut d,
        t,
        ("إدلب", "Idlib", "governorate", "Idlib", "SY", 35.9, 36.6),
    );
    run(&mut d);
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    let e = &d.events[0];
    assert_eq!(e.sub_event_type, "Agreement");
    assert_eq!(e.location.as_deref(), Some("Idlib"));
    assert_eq!(e.actor1.as_deref(), Some("Government of Russia"));
    assert_eq!(e.actor2.as_deref(), Some("Government of Turkey"));
}

#[test]
fn analyst_extension_files_add_actors_and_triggers() {
    let mut srcs = Coder::embedded_sources();
    srcs.push((
        "actors/actors.tsv",
        "x_test\tTest Brigade\t2\tSY\trebel\t-\tلواء الاختبار\n",
    ));
    srcs.push((
        "events/triggers.tsv",
        "دهم*\tStrategic developments\tArrests\t7\texplicit\n",
    ));
    let coder = Coder::from_sources(&srcs).expect("extension loads");
    let t = "دهم لواء الاختبار منازل في بلدة كفرنبل.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        ("كفرنبل", "Kafr Nabl", "town", "Idlib", "SY", 35.5, 36.5),
    );
    coder.annotate(&mut d);
    assert!(
        d.entities
            .iter()
            .any(|e| e.canonical.as_deref() == Some("Test Brigade")),
        "{:?}",
        d.entities
    );
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    assert_eq!(d.events[0].sub_event_type, "Arrests");
    assert_eq!(d.events[0].actor1.as_deref(), Some("Test Brigade"));
}

#[test]
fn town_containing_a_facility_is_not_a_second_location() {
    let t = "قصفت قوات مجهولة مطار الريحان الدولي بمدينة الزهراء فجر اليوم.";
    let evs = events_of(
        t,
        &[
            ("مطار الريحان الدولي", "Rayhan Airport", "airport"),
            ("الزهراء", "Zahra", "city"),
        ],
    );
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].location.as_deref(), Some("Rayhan Airport"));
    // Two towns joined by "و" stay two locations.
    let t = "قصفت قوات النظام بلدتي الريحان والزهراء فجر اليوم.";
    let evs = events_of(
        t,
        &[("الريحان", "Rayhan", "town"), ("الزهراء", "Zahra", "town")],
    );
    assert_eq!(evs.len(), 2, "{evs:#?}");
}

#[test]
fn cumulative_tolls_are_not_new_events() {
    let t = "ويرتفع بذلك عدد القتلى في بلدة الريحان إلى 40 شخصا منذ بدء الحملة العسكرية.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert!(evs.is_empty(), "{evs:#?}");
    // The incident itself, in its own sentence, is still coded.
    let t =
        "قتل ثلاثة مدنيين بقصف مدفعي على بلدة الريحان اليوم. ويرتفع بذلك عدد القتلى إلى 40 شخصا.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].fatalities, Some(3));
}

#[test]
fn generic_security_forces_take_the_event_country() {
    let t = "استهدف مسلحون مجهولون بعبوة ناسفة دورية للقوات الأمنية في بلدة الريحان.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].actor2.as_deref(), Some("Police Forces of Syria"));
}

#[test]
fn a_city_after_a_compass_word_locates_a_governorate_too() {
    let t = "نفذت طائرات حربية غارة جوية على موقع في محافظة الريحان، جنوب الزهراء.";
    let evs = events_of(
        t,
        &[
            ("الريحان", "Rayhan Governorate", "governorate"),
            ("الزهراء", "Zahra", "city"),
        ],
    );
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].location.as_deref(), Some("Rayhan Governorate"));
}

#[test]
fn reciprocal_verbs_make_two_sides() {
    let t = "تبادلت قوات النظام وهيئة تحرير الشام القصف المدفعي على محاور بلدة الريحان أمس.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].actor1.as_deref(), Some("Military Forces of Syria"));
    assert_eq!(evs[0].actor2.as_deref(), Some("Hay'at Tahrir al-Sham"));
    // Allies joined by و with a one-sided verb stay together as actor1.
    let t = "قصفت قوات النظام وهيئة تحرير الشام بلدة الريحان أمس.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert!(
        evs[0].actor2.as_deref() != Some("Hay'at Tahrir al-Sham"),
        "{evs:#?}"
    );
}

#[test]
fn a_dateline_is_not_where_the_event_happened() {
    let t = "حلب - قصفت قوات النظام بلدة الريحان صباح اليوم.";
    let d = annotated(
        t,
        &[
            ("حلب", "Aleppo", "city", "Aleppo", "SY", 36.2, 37.15),
            ("الريحان", "Rayhan", "town", "Idlib", "SY", 35.6, 36.6),
        ],
    );
    let locs = locations(&d.events);
    assert_eq!(locs, vec!["Rayhan"], "{:#?}", d.events);
    // The same city in the story is a site.
    let t = "قصفت قوات النظام مدينة حلب صباح اليوم.";
    let evs = events_of(t, &[("حلب", "Aleppo", "city")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
}

#[test]
fn reporter_and_home_town_places_are_not_sites() {
    let t = "وقال مراسلنا في الزهراء إن الطائرات الحربية قصفت بلدة الريحان.";
    let evs = events_of(
        t,
        &[("الزهراء", "Zahra", "town"), ("الريحان", "Rayhan", "town")],
    );
    let locs: Vec<_> = evs.iter().filter_map(|e| e.location.as_deref()).collect();
    assert_eq!(locs, vec!["Rayhan"], "{evs:#?}");
}

#[test]
fn frames_questions_and_history_report_no_event() {
    for t in [
        "طالب ناشطون بوقف القصف على بلدة الريحان.",
        "أدانت منظمات حقوقية القصف على بلدة الريحان.",
        "من المستفيد من قصف بلدة الريحان؟",
        "تحقق المحكمة في التفجير الذي شهدته بلدة الريحان.",
        "وتعيش بلدة الريحان حالة من الخوف منذ اغتيال رئيس مجلسها.",
        "وعادة ما تتعرض بلدة الريحان للقصف.",
    ] {
        let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
        assert!(
            evs.iter().all(|e| e.event_type == "Strategic developments"),
            "{t}: {evs:#?}"
        );
    }
    // A report of the act itself still is one.
    let evs = events_of(
        "قصفت قوات النظام بلدة الريحان صباح اليوم.",
        &[("الريحان", "Rayhan", "town")],
    );
    assert_eq!(evs.len(), 1);
}

#[test]
fn a_background_aside_needs_specifics() {
    // Vague: a region, no date, no figure.
    let t = "يذكر أن الطائرات الحربية تقصف ريف الريحان ما أدى لمقتل عشرات المدنيين.";
    let evs = events_of(t, &[("ريف الريحان", "Rayhan countryside", "region")]);
    assert!(evs.is_empty(), "{evs:#?}");
    // Specific: a town and a toll.
    let t = "يذكر أن الطائرات الحربية قصفت بلدة الزهراء ما أدى لمقتل ثلاثة مدنيين.";
    let evs = events_of(t, &[("الزهراء", "Zahra", "town")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(evs[0].fatalities, Some(3));
}

#[test]
fn dual_forms_count_two() {
    let cases: &[(&str, u32)] = &[
        ("قتل جنديان بقصف على بلدة الريحان اليوم.", 2),
        ("أسفر القصف على بلدة الريحان عن مقتل عنصرين.", 2),
        ("استشهد مدنيان بقصف على بلدة الريحان.", 2),
        ("أدى القصف على بلدة الريحان إلى سقوط قتيلين.", 2),
    ];
    for (t, n) in cases {
        let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
        assert_eq!(evs.len(), 1, "{t}: {evs:#?}");
        assert_eq!(evs[0].fatalities, Some(*n), "{t}");
    }
}

#[test]
fn a_retold_bomb_is_one_event() {
    let t = "انفجرت عبوة ناسفة بدورية عسكرية قرب بلدة الريحان صباح اليوم.\nوكانت العبوة مزروعة قرب قرية الزهراء على الطريق.";
    let d = annotated(
        t,
        &[
            ("الريحان", "Rayhan", "town", "Idlib", "SY", 35.80, 36.60),
            ("الزهراء", "Zahra", "village", "Idlib", "SY", 35.82, 36.68),
        ],
    );
    let ieds: Vec<_> = d
        .events
        .iter()
        .filter(|e| e.sub_event_type == "Remote explosive/landmine/IED")
        .collect();
    assert_eq!(ieds.len(), 1, "{:#?}", d.events);
    assert_eq!(ieds[0].location.as_deref(), Some("Rayhan"));
}

#[test]
fn places_abroad_beside_home_ones_are_not_sites() {
    let t = "اندلعت اشتباكات في بلدة الريحان رغم إعلان أنقرة وقف العملية.";
    let d = annotated(
        t,
        &[
            ("الريحان", "Rayhan", "town", "Idlib", "SY", 35.8, 36.6),
            ("أنقرة", "Ankara", "city", "Ankara", "TR", 39.93, 32.86),
        ],
    );
    let locs = locations(&d.events);
    assert!(!locs.contains(&"Ankara"), "{:#?}", d.events);
}

#[test]
fn the_cited_monitor_reported_it() {
    let t = "قتل ثلاثة مدنيين بقصف على بلدة الريحان اليوم، بحسب المرصد السوري لحقوق الإنسان.";
    let evs = events_of(t, &[("الريحان", "Rayhan", "town")]);
    assert_eq!(evs.len(), 1, "{evs:#?}");
    assert_eq!(
        evs[0].reported_by.as_deref(),
        evs[0].cited_source.as_deref(),
        "{evs:#?}"
    );
    assert!(evs[0].cited_source.is_some(), "{evs:#?}");
}

#[test]
fn place_roles_origin_nearness_containment_and_road_ends() {
    // An armed group's origin after "من منطقة" is not where the clash happened; the town after
    // the airport, joined by "بالعاصمة", only says where the airport is.
    let t = "اندلعت اشتباكات عنيفة في محيط مطار الزهراء الدولي بالعاصمة الواحة بين قوة الحرس ومجموعة مسلحة من منطقة الوادي الأخضر.";
    let d = annotated(
        t,
        &[
            (
                "مطار الزهراء الدولي",
                "Zahra Airport",
                "airport",
                "Oasis",
                "LY",
                32.80,
                13.20,
            ),
            ("الواحة", "Oasis City", "city", "Oasis", "LY", 32.85, 13.15),
            (
                "الوادي الأخضر",
                "Green Valley",
                "town",
                "Oasis",
                "LY",
                32.90,
                13.40,
            ),
        ],
    );
    assert_eq!(
        locations(&d.events),
        vec!["Zahra Airport"],
        "{:#?}",
        d.events
    );

    // A town right after "قرب" + a settlement word, behind a village, is a reference point.
    let t = "خطف مسلحون مجهولون شابين في قرية التلال قرب مدينة النهرين يوم الأحد.";
    let d = annotated(
        t,
        &[
            ("التلال", "Al-Tilal", "village", "Homs", "SY", 34.50, 36.55),
            ("النهرين", "Al-Nahrain", "city", "Homs", "SY", 34.52, 36.58),
        ],
    );
    assert_eq!(locations(&d.events), vec!["Al-Tilal"], "{:#?}", d.events);

    // The cities of "الطريق السريع بين X وY" name the road; the town "قرب" it is the site.
    let t = "سيطرت فصائل المعارضة على حاجز على الطريق السريع بين السهل والجبل قرب مدينة الوادي.";
    let d = annotated(
        t,
        &[
            (
                "السهل",
                "Al-Sahl",
                "city",
                "Rif Dimashq",
                "SY",
                33.50,
                36.30,
            ),
            ("الجبل", "Al-Jabal", "city", "Homs", "SY", 34.70, 36.70),
            (
                "الوادي",
                "Al-Wadi",
                "town",
                "Rif Dimashq",
                "SY",
                33.58,
                36.36,
            ),
        ],
    );
    assert_eq!(locations(&d.events), vec!["Al-Wadi"], "{:#?}", d.events);
}

#[test]
fn country_level_mention_is_absorbed_by_the_town_event() {
    let t = "طائرات مسيرة تستهدف منشآت في سوريا\nاستهدفت طائرة مسيرة تركية محطة كهرباء في مدينة النهر الشمالية، اليوم.";
    let mut d = doc(t);
    let mut country = place(t, "سوريا", "Syria", "country", "", "SY", 35.0, 38.0);
    country.admin1 = None;
    d.places.push(country);
    add_place(
        &mut d,
        t,
        ("النهر", "Al-Nahr", "city", "Hasakah", "SY", 37.05, 41.2),
    );
    run(&mut d);
    assert_eq!(locations(&d.events), vec!["Al-Nahr"], "{:#?}", d.events);
}

#[test]
fn claimant_before_responsibility_and_no_claim_when_negated() {
    let places = [("الصفا", "Al-Safa", "town", "Diyala", "IQ", 34.0, 45.0)];
    let t = "أعلن تنظيم داعش مسؤوليته عن الهجوم الذي استهدف قرية الصفا أمس، ما أسفر عن مقتل خمسة أشخاص.";
    let d = annotated(t, &places);
    assert_eq!(d.events.len(), 1, "{:#?}", d.events);
    let claimed = d.events[0].claimed_by.as_deref().unwrap_or("");
    assert!(claimed.starts_with("Islamic State"), "{claimed}");

    let t = "لم يعلن تنظيم داعش مسؤوليته عن الهجوم الذي استهدف قرية الصفا أمس، ما أسفر عن مقتل خمسة أشخاص.";
    let d = annotated(t, &places);
    assert!(
        d.events.iter().all(|e| e.claimed_by.is_none()),
        "{:#?}",
        d.events
    );
}

#[test]
fn governorate_event_of_another_day_is_not_a_summary() {
    // Today's strike in the governorate is its own event, not the summary of yesterday's strikes
    // on two of its towns.
    let t = "قتل عشرة أشخاص اليوم السبت في غارة جوية على مبنى في محافظة الجنوب.\nوكانت الطائرات شنت أمس الجمعة غارات على بلدتي التل والنهر.";
    let mut d = doc(t);
    d.meta.published = Some("2024-08-17".into());
    add_place(
        &mut d,
        t,
        (
            "محافظة الجنوب",
            "South",
            "governorate",
            "South",
            "LB",
            33.3,
            35.4,
        ),
    );
    add_place(
        &mut d,
        t,
        ("التل", "Al-Tall", "town", "South", "LB", 33.2, 35.5),
    );
    add_place(
        &mut d,
        t,
        ("النهر", "Al-Nahr", "town", "South", "LB", 33.25, 35.45),
    );
    d.dates.push(date(t, "اليوم السبت", "2024-08-17"));
    d.dates.push(date(t, "أمس الجمعة", "2024-08-16"));
    run(&mut d);
    let locs = locations(&d.events);
    assert!(locs.contains(&"South"), "{:#?}", d.events);
    assert!(
        locs.contains(&"Al-Tall") && locs.contains(&"Al-Nahr"),
        "{locs:?}"
    );
}

#[test]
fn unnamed_air_strike_takes_the_article_s_only_named_air_force() {
    let t = "شنت الطائرات الحربية الروسية غارات على بلدة التل صباح اليوم.\nكما استهدفت غارات جوية قرية النهر بعد الظهر.";
    let ev = events_of(
        t,
        &[("التل", "Al-Tall", "town"), ("النهر", "Al-Nahr", "village")],
    );
    assert_eq!(ev.len(), 2, "{ev:#?}");
    for e in &ev {
        assert_eq!(
            e.actor1.as_deref(),
            Some("Military Forces of Russia"),
            "{e:#?}"
        );
    }
}

#[test]
fn agent_after_the_attack_noun_is_actor1() {
    let places = [("التل", "Al-Tall", "town")];
    let t = "قتل ثلاثة مدنيين في قصف استهدف بلدة التل من قبل قوات النظام صباح اليوم.";
    let ev = events_of(t, &places);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(
        ev[0].actor1.as_deref(),
        Some("Military Forces of Syria"),
        "{ev:#?}"
    );
    let t = "ألقى طيران نظام الأسد براميل متفجرة على بلدة التل صباح اليوم.";
    let ev = events_of(t, &places);
    assert_eq!(ev.len(), 1, "{ev:#?}");
    assert_eq!(
        ev[0].actor1.as_deref(),
        Some("Military Forces of Syria"),
        "{ev:#?}"
    );
}

#[test]
fn one_site_under_two_gazetteer_names_is_one_event() {
    let t = "هاجم مسلحون سجن الصناعة في مدينة الحسكة فجر اليوم.\nوتواصلت الاشتباكات في محيط سجن غويران حتى المساء.";
    let mut d = doc(t);
    add_place(
        &mut d,
        t,
        (
            "سجن الصناعة",
            "Sina'a Prison",
            "facility",
            "Hasakah",
            "SY",
            36.4817,
            40.7230,
        ),
    );
    add_place(
        &mut d,
        t,
        (
            "سجن غويران",
            "Ghweiran Prison",
            "facility",
            "Hasakah",
            "SY",
            36.4820,
            40.7235,
        ),
    );
    run(&mut d);
    let battles: Vec<_> = d
        .events
        .iter()
        .filter(|e| e.event_type == "Battles")
        .collect();
    assert_eq!(battles.len(), 1, "{:#?}", d.events);
}
