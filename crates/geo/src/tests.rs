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
    let p = find(&ps, t, "زهرستان");
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
