//! Behaviour tests with sentences written for each rule (fictional/generic wording).

use crate::geom::haversine_km;
use crate::Gazetteer;
use rasd_doc::{Document, PlaceAnn};

fn places(text: &str) -> Vec<PlaceAnn> {
    let mut d = Document::new("t", text);
    Gazetteer::embedded().annotate(&mut d);
    d.validate().expect("valid spans");
    d.places
}

fn find<'a>(ps: &'a [PlaceAnn], text: &str, surface: &str) -> &'a PlaceAnn {
    ps.iter()
        .find(|p| &text[p.span.range()] == surface)
        .unwrap_or_else(|| {
            panic!(
                "{surface:?} not found in {:?}",
                ps.iter().map(|p| &text[p.span.range()]).collect::<Vec<_>>()
            )
        })
}

fn id(p: &PlaceAnn) -> &str {
    p.gazetteer_id.as_deref().unwrap_or("")
}

#[test]
fn loads_without_warnings() {
    let g = Gazetteer::embedded();
    assert!(g.load_warnings().is_empty(), "{:?}", g.load_warnings());
    assert!(g.entries().len() > 9000);
    assert!(g.road("M4").is_some() && g.road("road:M5").is_some());
    assert_eq!(g.admin1_polygons().count(), 14);
    let (gov, dist) = g.admin_at((35.8140, 36.6102)); // Ariha
    assert_eq!(gov.map(|a| a.name_en.as_str()), Some("Idlib"));
    assert!(dist.is_some());
    assert!(g.lookup("الأتارب").iter().any(|e| e.id == "C1022"));
    assert!(
        g.lookup("أتارب").iter().any(|e| e.id == "C1022"),
        "article-insensitive lookup"
    );
}

#[test]
fn clitics_and_article() {
    let t = "وصلت التعزيزات إلى بإدلب ثم لإدلب والأتارب وللأتارب وبالترنبة.";
    let ps = places(t);
    assert_eq!(id(find(&ps, t, "إدلب")), "C3871");
    assert_eq!(ps.iter().filter(|p| id(p) == "C1022").count(), 2, "{ps:#?}");
    assert_eq!(id(find(&ps, t, "الترنبة")), "C3908", "OCHA spells it ترنبة");
}

#[test]
fn common_words_are_not_places() {
    let t = "أكد المتحدث على أهمية السلام والحرية في المدينة، وقال إن النصر قريب وإن الجيش في حالة تأهب دوماً.";
    let ps = places(t);
    assert!(ps.is_empty(), "{ps:#?}");
}

#[test]
fn homonym_by_governorate_context() {
    let a = "قصفت الطائرات قرية تل عنبر في ريف الحسكة الجنوبي.";
    assert_eq!(id(find(&places(a), a, "تل عنبر")), "C4598");
    let b = "قصفت الطائرات قرية تل عنبر شرقي حلب.";
    assert_eq!(id(find(&places(b), b, "تل عنبر")), "C2192");
}

#[test]
fn homonym_by_nearby_places() {
    let a = "سقطت قذائف على قرية أم جلال قرب التح.";
    assert_eq!(id(find(&places(a), a, "أم جلال")), "C4095");
    let b = "سقطت قذائف على قرية أم جلال قرب منبج.";
    assert_eq!(id(find(&places(b), b, "أم جلال")), "C1685");
    let c = "مرت الدورية في عين حور قرب بداما على طريق M4.";
    assert_eq!(id(find(&places(c), c, "عين حور")), "C7211");
    let d = "تجمع الأهالي في عين حور قرب سرغايا والزبداني.";
    assert_eq!(id(find(&places(d), d, "عين حور")), "C2452");
}

#[test]
fn homonym_by_dateline() {
    let a = "حماة - خاص\nقصفت الطائرات قرية أبو حنايا فجر اليوم.";
    assert_eq!(id(find(&places(a), a, "أبو حنايا")), "C3262");
    let b = "حلب - خاص\nقصفت الطائرات قرية أبو حنايا فجر اليوم.";
    assert_eq!(id(find(&places(b), b, "أبو حنايا")), "C1864");
}

#[test]
fn ambiguous_without_context_has_no_coordinates() {
    let t = "قصفت الطائرات قرية تل عنبر فجر اليوم.";
    let ps = places(t);
    let p = find(&ps, t, "تل عنبر");
    assert!(p.lat.is_none() && p.gazetteer_id.is_none(), "{p:#?}");
    assert!(p.reason.contains("ambiguous"));
}

#[test]
fn unknown_place_gets_no_coordinates() {
    let t = "قصفت الطائرات قرية زهرستان الفوقا ودمرت منازل.";
    let ps = places(t);
    let p = find(&ps, t, "زهرستان الفوقا");
    assert!(p.lat.is_none() && p.lon.is_none() && p.gazetteer_id.is_none());
    let t2 = "تحدث الكاتب عن مدينة خيالية اسمها قرطبستان.";
    assert!(places(t2).iter().all(|p| p.lat.is_none()));
}

#[test]
fn regional_expressions() {
    let t = "تتواصل الاشتباكات في ريف حلب الشمالي وشمال إدلب.";
    let ps = places(t);
    let r = find(&ps, t, "ريف حلب الشمالي");
    assert_eq!(
        (r.kind.as_str(), r.direction.as_deref(), r.geo_precision),
        ("region", Some("N"), 2)
    );
    assert_eq!(r.admin1.as_deref(), Some("Aleppo"));
    assert!(r.lat.unwrap() > 36.25, "north of the city: {r:#?}");
    let n = find(&ps, t, "شمال إدلب");
    assert_eq!(n.direction.as_deref(), Some("N"));
    let t2 = "قصفت المدفعية الريف الجنوبي والشرقي لإدلب.";
    let ps2 = places(t2);
    let s = find(&ps2, t2, "الريف الجنوبي والشرقي لإدلب");
    assert_eq!(s.direction.as_deref(), Some("SE"));
    let t3 = "سقطت قذيفة جنوب أريحا.";
    let a = find(&places(t3), t3, "أريحا").clone();
    assert_eq!(
        (id(&a), a.geo_precision),
        ("C4278", 2),
        "near a town is precision 2"
    );
}

#[test]
fn roads_and_facilities() {
    let t = "سيرت القوات دورية على الطريق الدولي M4 ثم على طريق إم 4 وأم 4، وهبطت طائرة في مطار حلب الدولي وقاعدة حميميم.";
    let ps = places(t);
    assert!(
        ps.iter().filter(|p| id(p) == "road:M4").count() >= 3,
        "{ps:#?}"
    );
    assert_eq!(id(find(&ps, t, "مطار حلب الدولي")), "fac:aleppo-airport");
    let h = ps.iter().find(|p| id(p) == "fac:hmeimim").expect("Hmeimim");
    assert!(haversine_km((h.lat.unwrap(), h.lon.unwrap()), (35.40, 35.95)) < 3.0);
    let road = Gazetteer::embedded().road("M4").unwrap();
    // Nayrab is a waypoint of the M4 line; Idlib city is ~8 km off it.
    assert!(road.distance_km((35.86916, 36.71830)) < 0.5);
    assert!(road.distance_km((35.929, 36.635)) > 5.0);
}

#[test]
fn city_pair_names_a_road_but_stays_places() {
    let t = "أعيد فتح طريق حلب - اللاذقية أمام المدنيين.";
    let ps = places(t);
    assert_eq!(id(find(&ps, t, "حلب")), "C1007");
    assert_eq!(find(&ps, t, "حلب").kind, "city");
    assert_eq!(id(find(&ps, t, "اللاذقية")), "C3480");
}

#[test]
fn countries_and_world_cities() {
    let t = "بحث وفد من موسكو مع أنقرة الوضع في سوريا وتركيا، ونقلت قناة الميادين الخبر.";
    let ps = places(t);
    assert_eq!(find(&ps, t, "موسكو").country.as_deref(), Some("RU"));
    assert_eq!(find(&ps, t, "سوريا").kind, "country");
    assert_eq!(id(find(&ps, t, "تركيا")), "country:TR");
    assert!(
        ps.iter().all(|p| &t[p.span.range()] != "الميادين"),
        "a TV channel, not the town"
    );
    let t2 = "وصفت الصحف السورية والتركية الاتفاق.";
    assert!(places(t2).is_empty(), "adjectives are not countries");
}

#[test]
fn governorate_trigger() {
    let t = "أعلنت محافظة إدلب حظر التجول.";
    let p = find(&places(t), t, "إدلب").clone();
    assert_eq!((p.kind.as_str(), p.geo_precision), ("governorate", 3));
    assert!(p.lat.is_some());
}

mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]
        #[test]
        fn never_panics_and_spans_are_valid(s in "[ a-zA-Z0-9اأإآبتثجحخدذرزسشصضطظعغفقكلمنهويىةءئؤ،.\\-\u{064B}-\u{0652}\u{0640}\n\"]{0,120}") {
            let mut d = Document::new("p", s.clone());
            Gazetteer::embedded().annotate(&mut d);
            prop_assert!(d.validate().is_ok());
        }

        #[test]
        fn place_names_in_noise(prefix in "[ابتسمن ]{0,10}", name in proptest::sample::select(vec!["إدلب", "حلب", "الأتارب", "سراقب", "M4"])) {
            let t = format!("{prefix} في {name}، ");
            let mut d = Document::new("p", t.clone());
            Gazetteer::embedded().annotate(&mut d);
            prop_assert!(d.validate().is_ok());
            prop_assert!(d.places.iter().any(|p| t[p.span.range()].contains(name)));
        }
    }
}

#[test]
fn extension_files_add_places() {
    let (mut src, _) = crate::Sources::embedded_with_env();
    src.curated.push(
        "# test extension\nx:zahrestan\tvillage\tZahrestan\tزهرستان\t35.5\t36.5\tIdlib\t\tSY\t1\nbad line\n".into(),
    );
    let g = Gazetteer::from_sources(&src);
    assert_eq!(
        g.load_warnings().len(),
        1,
        "the malformed line is reported: {:?}",
        g.load_warnings()
    );
    let t = "قصفت الطائرات قرية زهرستان.";
    let mut d = Document::new("x", t);
    g.annotate(&mut d);
    assert_eq!(
        d.places.first().and_then(|p| p.gazetteer_id.as_deref()),
        Some("x:zahrestan")
    );
}

#[test]
fn three_letter_city_after_conjunction() {
    let t = "توقفت الرحلات في مطاري دمشق وحلب أمس.";
    let ps = places(t);
    assert_eq!(id(find(&ps, t, "حلب")), "C1007", "{ps:#?}");
}

#[test]
fn internal_article_spelling() {
    // OCHA spells the village "معارة اتارب"; news adds the article to the second word.
    let t = "سقطت قذائف على قرية معارة الأتارب غرب حلب.";
    let ps = places(t);
    assert_eq!(id(find(&ps, t, "معارة الأتارب")), "C1038", "{ps:#?}");
    // A real minimal pair keeps its own entries: عين حور (Rif Dimashq) is not عين الحور.
    assert!(Gazetteer::embedded()
        .lookup("عين حور")
        .iter()
        .any(|e| e.id == "C2452"));
}

#[test]
fn direction_relating_a_place_to_a_city_keeps_the_city() {
    let t = "انفجرت عبوة في مدينة عفرين شمال غرب حلب صباح اليوم.";
    let ps = places(t);
    let a = find(&ps, t, "حلب");
    assert_eq!((id(a), a.geo_precision), ("C1007", 1), "{a:#?}");
    assert!(a.direction.is_none());
    // A standalone direction phrase is still a sector of the governorate.
    let t2 = "تتواصل الاشتباكات شمال غرب حلب منذ أيام.";
    let b = find(&places(t2), t2, "شمال غرب حلب").clone();
    assert_eq!(b.direction.as_deref(), Some("NW"));
    // A country before the phrase is not located by it.
    let t3 = "تقدمت الفصائل الموالية لتركيا شمال حلب.";
    let c = find(&places(t3), t3, "شمال حلب").clone();
    assert_eq!(c.direction.as_deref(), Some("N"));
}

#[test]
fn relative_region_descriptor_is_not_a_place() {
    let t = "قصفت الطائرات منزلا في بلدة كفركلا جنوب لبنان.";
    let ps = places(t);
    let k = find(&ps, t, "كفركلا");
    assert_eq!(k.country.as_deref(), Some("LB"));
    assert!(
        ps.iter().all(|p| !t[p.span.range()].contains("جنوب لبنان")),
        "{ps:#?}"
    );
    let t2 = "تصاعد القصف على جنوب لبنان.";
    assert!(places(t2)
        .iter()
        .any(|p| &t2[p.span.range()] == "جنوب لبنان"));
}

#[test]
fn road_in_a_named_town_takes_the_town_point() {
    let t = "انفجر صهريج على طريق راجو بمدينة عفرين أمس.";
    let ps = places(t);
    let r = find(&ps, t, "طريق راجو");
    let afrin = find(&ps, t, "عفرين");
    assert_eq!(id(afrin), "C1366");
    assert_eq!((r.lat, r.lon), (afrin.lat, afrin.lon), "{r:#?}");
}

#[test]
fn distance_expression_beats_a_far_homonym() {
    // الكسارة is also an Aleppo hamlet; the text places it 30 km north-west of Marib.
    let t = "قتل مسلحون في معارك في الكسارة (30 كلم شمال غرب مأرب) أمس.";
    let ps = places(t);
    let k = find(&ps, t, "الكسارة");
    assert_eq!(k.country.as_deref(), Some("YE"), "{k:#?}");
    assert_eq!(k.direction.as_deref(), Some("NW"));
    let (la, lo) = (k.lat.unwrap(), k.lon.unwrap());
    assert!(haversine_km((la, lo), (15.462, 45.322)) < 31.0);
}

#[test]
fn vowelled_geonames_spelling() {
    // GeoNames writes صُرمان with a damma; the Libyan town must still be found by context.
    let t = "سيطرت القوات على مدينتي صبراتة وصرمان غرب طرابلس الليبية.";
    let ps = places(t);
    assert_eq!(
        find(&ps, t, "صرمان").country.as_deref(),
        Some("LY"),
        "{ps:#?}"
    );
}

#[test]
fn facility_named_with_its_town_tags_the_town_too() {
    let t = "قصفت الطائرات السجن المركزي في إدلب أمس.";
    let ps = places(t);
    assert_eq!(
        id(find(&ps, t, "السجن المركزي")),
        "fac:idlib-prison",
        "{ps:#?}"
    );
    assert_eq!(id(find(&ps, t, "إدلب")), "C3871");
}

#[test]
fn countryside_named_with_another_governorate_faces_it() {
    let g = Gazetteer::embedded();
    let aleppo = (36.206, 37.152);
    let idlib = (35.929, 36.635);
    let t = "تصاعد القصف على إدلب وريف حلب خلال الأسبوع.";
    let ps = places(t);
    let r = find(&ps, t, "ريف حلب");
    let q = (r.lat.unwrap(), r.lon.unwrap());
    let toward = g
        .sector_point(
            "Aleppo",
            aleppo,
            Some(crate::geom::bearing_deg(aleppo, idlib)),
        )
        .unwrap();
    assert!(haversine_km(q, toward) < 3.0, "{r:#?}");
    assert_eq!(r.geo_precision, 2);
    // Alone, it is the whole countryside ring (precision 3).
    let t2 = "تصاعد القصف على ريف حلب خلال الأسبوع.";
    let r2 = find(&places(t2), t2, "ريف حلب").clone();
    assert_eq!(r2.geo_precision, 3);
}

#[test]
fn conjoined_directions_are_a_union_of_octants() {
    let g = Gazetteer::embedded();
    let idlib = g.get("C3871").and_then(|e| e.point).unwrap();
    let t = "قصفت المدفعية الريف الجنوبي والشرقي لإدلب وريف حلب الشمالي والغربي.";
    let ps = places(t);
    let a = find(&ps, t, "الريف الجنوبي والشرقي لإدلب");
    let want = g
        .sector_point_union("Idlib", idlib, &[180.0, 90.0])
        .unwrap();
    assert!(
        haversine_km((a.lat.unwrap(), a.lon.unwrap()), want) < 0.1,
        "{a:#?}"
    );
    let b = find(&ps, t, "ريف حلب الشمالي والغربي");
    let aleppo = g.get("C1007").and_then(|e| e.point).unwrap();
    let want = g
        .sector_point_union("Aleppo", aleppo, &[0.0, 270.0])
        .unwrap();
    assert!(
        haversine_km((b.lat.unwrap(), b.lon.unwrap()), want) < 0.1,
        "{b:#?}"
    );
    // A compound adjective is one octant.
    let t2 = "قصفت المدفعية ريف حلب الشمالي الغربي.";
    let c = find(&places(t2), t2, "ريف حلب الشمالي الغربي").clone();
    let want = g.sector_point("Aleppo", aleppo, Some(315.0)).unwrap();
    assert!(
        haversine_km((c.lat.unwrap(), c.lon.unwrap()), want) < 0.1,
        "{c:#?}"
    );
}

#[test]
fn village_named_in_a_facility_is_a_place_too() {
    let t = "استهدف مجهولون نقطة في مدرسة قرية الترنبة ليلا.";
    let ps = places(t);
    let f = find(&ps, t, "مدرسة قرية الترنبة");
    assert_eq!(f.kind, "facility");
    let v = find(&ps, t, "الترنبة");
    assert_eq!((id(v), v.kind.as_str()), ("C3908", "village"), "{ps:#?}");
    // Without a place word the facility stays one mention.
    let t2 = "هبطت طائرة في مطار حلب الدولي.";
    assert_eq!(places(t2).len(), 1, "{:#?}", places(t2));
}

#[test]
fn road_named_with_a_town_gets_the_nearest_road_point() {
    let t = "انفجرت عبوة بدورية على الطريق الدولي M4 قرب أريحا صباح اليوم.";
    let ps = places(t);
    let r = ps.iter().find(|p| id(p) == "road:M4").expect("M4");
    let q = (r.lat.expect("a point"), r.lon.expect("a point"));
    let road = Gazetteer::embedded().road("M4").unwrap();
    assert!(road.distance_km(q) < 0.1, "on the line: {r:#?}");
    assert!(
        haversine_km(q, (35.8140, 36.6102)) < 10.0,
        "near Ariha: {r:#?}"
    );
    assert_eq!(r.geo_precision, 2);
    // Named alone, a road gets no point.
    let t2 = "سيرت القوات دورية على الطريق الدولي M4 أمس.";
    let ps2 = places(t2);
    let r2 = ps2.iter().find(|p| id(p) == "road:M4").expect("M4");
    assert!(r2.lat.is_none());
}

#[test]
fn common_word_that_names_a_major_city_needs_a_trigger() {
    let t = "نشر الناشطون صور الدمار وبصور أخرى.";
    assert!(places(t).is_empty(), "{:#?}", places(t));
    let t2 = "استهدفت غارة مبنى في مدينة صور جنوبي لبنان.";
    let ps = places(t2);
    assert_eq!(
        find(&ps, t2, "صور").country.as_deref(),
        Some("LB"),
        "{ps:#?}"
    );
}

#[test]
fn road_end_cities_and_distant_governorates_give_no_point() {
    let t = "سيرت القوات دورية على الطريق الدولي حلب - اللاذقية المعروف بـ M4 أمس.";
    let ps = places(t);
    let r = ps.iter().find(|p| id(p) == "road:M4").expect("M4");
    assert!(r.lat.is_none(), "{r:#?}");
    // Latakia's countryside listed after Aleppo (not a neighbour): the plain countryside point.
    let t2 = "قصفت الطائرات حلب وريف اللاذقية.";
    let a = find(&places(t2), t2, "ريف اللاذقية").clone();
    assert_eq!(a.geo_precision, 3, "{a:#?}");
}

#[test]
fn bare_head_noun_starts_a_compound_name() {
    // "باب", "حارة" without the article begin a longer name; they are not الباب / الحارة.
    let t = "سقطت قذيفة على حي باب الخان في المدينة القديمة، وداهمت دورية حي حارة السوق.";
    let ps = places(t);
    assert!(
        ps.iter().all(|p| id(p) != "C1202" && id(p) != "SY0202"),
        "{ps:#?}"
    );
    assert!(ps.iter().all(|p| &t[p.span.range()] != "حارة"), "{ps:#?}");
    // written with the article it is still the town
    let t2 = "قصفت الطائرات مدينة الباب في ريف حلب الشرقي.";
    let ps2 = places(t2);
    assert_eq!(id(find(&ps2, t2, "الباب")), "C1202");
}

#[test]
fn common_words_after_place_type_words_are_not_names() {
    let t = "استهدف القصف أكثر من عشر قرى تقع في ريف حلب، وتشهد ثلاث قرى اشتباكات متقطعة. \
             ونزح سكان قرى بولاية شمال كردفان إلى أكبر مخيم للاجئين في المنطقة، \
             وأحرق مستوطنون حقول قرية فلسطينية.";
    let ps = places(t);
    for w in ["تقع", "اشتباكات", "بولاية", "للاجئين", "فلسطينية"] {
        assert!(
            ps.iter().all(|p| !t[p.span.range()].starts_with(w)),
            "{w}: {ps:#?}"
        );
    }
}

#[test]
fn unknown_name_takes_an_attached_al_word() {
    let t = "أغارت الطائرات على بلدات عين الصفصاف الغربية وتلة البرتقال وكفر ورد.";
    let _ = places(t); // no panic on lists mixing head nouns
    let t = "أغارت الطائرات على بلدات ميس الجبل والضهيرة وعيتا الشعب جنوبي لبنان.";
    let ps = places(t);
    let p = find(&ps, t, "ميس الجبل");
    assert_eq!(p.country.as_deref(), Some("LB"), "{p:#?}");
    assert!(ps.iter().any(|p| &t[p.span.range()] == "الضهيرة"));
    assert_eq!(id(find(&ps, t, "عيتا الشعب")), "lb:aita-shaab");
    // an unknown village followed by a direction or adjective keeps one word
    let t = "دخلت القوات قرية زرنوبة الشمالية وقرية قرطمين الحدودية.";
    let ps = places(t);
    assert!(find(&ps, t, "قرطمين").lat.is_none());
    assert!(
        ps.iter().all(|p| !t[p.span.range()].contains("الحدودية")),
        "{ps:#?}"
    );
    // a participle is not part of the name
    let t = "تمركزت القوات في قرية زرنوبة المسيطر عليها من قبل الفصيل.";
    let ps = places(t);
    find(&ps, t, "زرنوبة");
}

#[test]
fn road_reference_variants() {
    let t = "سيرت الدوريات على طريق M-4 وعلى الطريق الدولي إم 4 ثم على أوتوستراد ام فور، \
             وعلى الطريق M5 قرب سراقب.";
    let ps = places(t);
    for s in ["طريق M-4", "إم 4", "ام فور"] {
        let p = ps.iter().find(|p| t[p.span.range()].ends_with(s));
        assert_eq!(p.map(id), Some("road:M4"), "{s}: {ps:#?}");
    }
    // "الطريق M5" (the alias is "طريق M5"): the article is no spelling mismatch
    let p = find(&ps, t, "الطريق M5");
    assert_eq!(id(p), "road:M5");
    assert!(p.lat.is_some(), "a road near a named town gets a point");
    let t = "أغلق المحتجون الطريق M4 أمام الدوريات.";
    assert_eq!(id(find(&places(t), t, "الطريق M4")), "road:M4");
}

#[test]
fn nationality_adjective_is_country_context() {
    let t = "اندلعت اشتباكات بين مجموعات مسلحة في العاصمة الليبية طرابلس مساء أمس.";
    let ps = places(t);
    assert_eq!(find(&ps, t, "طرابلس").country.as_deref(), Some("LY"));
    let t = "انتشر الجيش اللبناني في أحياء طرابلس بعد اشتباكات ليلية.";
    let ps = places(t);
    assert_ne!(find(&ps, t, "طرابلس").country.as_deref(), Some("LY"));
    // a unique curated neighbourhood is context too
    let t = "تجددت الاشتباكات بين باب التبانة وجبل محسن في طرابلس.";
    let ps = places(t);
    assert_eq!(find(&ps, t, "طرابلس").country.as_deref(), Some("LB"));
    assert_eq!(id(find(&ps, t, "جبل محسن")), "lb:jabal-mohsen");
    // no context: stays unresolved
    let t = "وصل الوفد إلى طرابلس صباح اليوم.";
    let ps = places(t);
    assert!(find(&ps, t, "طرابلس").lat.is_none());
}

#[test]
fn curated_front_places() {
    let t = "قصفت المدفعية أطراف بلدة عرسال، كما تعرض قضاء سنجار في شمال العراق لغارة.";
    let ps = places(t);
    let p = find(&ps, t, "عرسال");
    assert_eq!((id(p), p.country.as_deref()), ("lb:arsal", Some("LB")));
    let p = find(&ps, t, "قضاء سنجار");
    assert_eq!(p.country.as_deref(), Some("IQ"), "{p:#?}");
    let t = "سقطت قذائف على مخيم أبو شوك للنازحين.";
    let ps = places(t);
    assert_eq!(find(&ps, t, "أبو شوك").country.as_deref(), Some("SD"));
}

#[test]
fn trigger_outside_quotes_spans_both_marks() {
    let t = "سيرت الدورية على طريق “M4” الدولي، وقصفت معسكر «أبو شوك» للنازحين.";
    let ps = places(t);
    assert_eq!(id(find(&ps, t, "طريق “M4”")), "road:M4");
    let p = find(&ps, t, "معسكر «أبو شوك»");
    assert_eq!(p.country.as_deref(), Some("SD"));
    let t = "قصفت الطائرات مدينة \"سراقب\" صباحا.";
    let ps = places(t);
    find(&ps, t, "سراقب");
}

#[test]
fn highway_in_a_countryside_is_the_segment_in_that_governorate() {
    let t = "انفجرت عبوة ناسفة على طريق M4 بريف اللاذقية الشمالي صباح اليوم.";
    let ps = places(t);
    let r = ps.iter().find(|p| id(p) == "road:M4").expect("M4");
    assert_eq!(r.name, "M4 highway (Lattakia)", "{r:#?}");
    assert_eq!(r.admin1.as_deref(), Some("Lattakia"));
    assert_eq!(r.geo_precision, 2);
    let q = (r.lat.expect("a point"), r.lon.expect("a point"));
    let g = Gazetteer::embedded();
    assert!(
        g.road("M4").unwrap().distance_km(q) < 0.5,
        "on the line: {r:#?}"
    );
    let (a1, _) = g.admin_at(q);
    assert_eq!(a1.map(|a| a.admin1.as_str()), Some("Lattakia"));
    // A countryside the road does not cross is a reference, not a segment: no point.
    let t2 = "انفجرت عبوة ناسفة على طريق M4 في ريف دير الزور أمس.";
    let ps2 = places(t2);
    let r2 = ps2.iter().find(|p| id(p) == "road:M4").expect("M4");
    assert!(r2.lat.is_none(), "{r2:#?}");
}

#[test]
fn any_named_line_is_a_road() {
    let (mut src, _) = crate::gazetteer::Sources::embedded_with_env();
    src.roads.push(
        r#"{"type": "FeatureCollection", "features": [
          {"type": "Feature", "properties": {"name": "Aleppo-Gaziantep road", "name_ar": "طريق حلب غازي عنتاب"},
           "geometry": {"type": "LineString", "coordinates": [[37.15, 36.2], [37.1, 36.6], [37.38, 37.07]]}},
          {"type": "Feature", "properties": {"name": "a point"}, "geometry": {"type": "Point", "coordinates": [36.0, 35.0]}},
          {"type": "Feature", "properties": {}, "geometry": {"type": "LineString", "coordinates": [[36.0, 35.0], [36.1, 35.1]]}}
        ]}"#
        .into(),
    );
    let g = Gazetteer::from_sources(&src);
    let r = g.road("aleppo-gaziantep road").expect("road by name");
    assert_eq!(r.id, "road:Aleppo-Gaziantep road");
    assert_eq!(r.line.len(), 3);
    assert!(g.road("road:Aleppo-Gaziantep road").is_some());
    assert!(g.road("M4").is_some() && g.road("M5").is_some());
    let w = g.load_warnings();
    assert!(w.iter().any(|w| w.contains("not a LineString")), "{w:?}");
    assert!(w.iter().any(|w| w.contains("no ref, name")), "{w:?}");
    // Its Arabic name is a place name like the built-in roads'.
    let mut d = Document::new("t", "انفجرت عبوة على طريق حلب غازي عنتاب أمس.");
    g.annotate(&mut d);
    assert!(
        d.places
            .iter()
            .any(|p| p.gazetteer_id.as_deref() == Some("road:Aleppo-Gaziantep road")),
        "{:?}",
        d.places
    );
}
