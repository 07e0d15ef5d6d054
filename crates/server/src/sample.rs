//! Synthetic, fully annotated documents for tests, load tests and the fallback demo.
//!
//! The sentences are written for rasd (generic and fictional); place names and coordinates are
//! facts (approximate town centres).

use rasd_doc::{DateAnn, DatePrecision, Document, EntityAnn, EntityType, EventAnn, PlaceAnn, Span};

/// A known town for synthetic events.
pub struct Place {
    pub en: &'static str,
    pub ar: &'static str,
    pub gov: &'static str,
    pub gov_ar: &'static str,
    pub lat: f64,
    pub lon: f64,
}

macro_rules! place {
    ($en:expr, $ar:expr, $gov:expr, $gov_ar:expr, $lat:expr, $lon:expr) => {
        Place {
            en: $en,
            ar: $ar,
            gov: $gov,
            gov_ar: $gov_ar,
            lat: $lat,
            lon: $lon,
        }
    };
}

/// Towns used by the generator: several on the M4/M5, several far from them.
pub static PLACES: &[Place] = &[
    place!("Saraqib", "سراقب", "Idleb", "إدلب", 35.864, 36.806),
    place!("Ariha", "أريحا", "Idleb", "إدلب", 35.812, 36.609),
    place!(
        "Jisr Ash-Shugur",
        "جسر الشغور",
        "Idleb",
        "إدلب",
        35.812,
        36.318
    ),
    place!("Nayrab", "النيرب", "Idleb", "إدلب", 35.835, 36.703),
    place!(
        "Maarrat An-Numan",
        "معرة النعمان",
        "Idleb",
        "إدلب",
        35.643,
        36.674
    ),
    place!("Khan Shaykun", "خان شيخون", "Idleb", "إدلب", 35.441, 36.651),
    place!("Kafr Nobol", "كفرنبل", "Idleb", "إدلب", 35.614, 36.561),
    place!("Atareb", "الأتارب", "Aleppo", "حلب", 36.139, 36.831),
    place!("Al Bab", "الباب", "Aleppo", "حلب", 36.370, 37.515),
    place!("Tall Abiad", "تل أبيض", "Ar-Raqqa", "الرقة", 36.697, 38.955),
    place!(
        "Deir-ez-Zor",
        "دير الزور",
        "Deir-ez-Zor",
        "دير الزور",
        35.336,
        40.141
    ),
    place!("Dar'a", "درعا", "Dar'a", "درعا", 32.625, 36.106),
    place!("Hama", "حماة", "Hama", "حماة", 35.132, 36.757),
];

struct Template {
    event_type: &'static str,
    sub_event_type: &'static str,
    plover: &'static str,
    actor1: &'static str,
    actor1_ar: &'static str,
    /// Parts: before the actor, the actor mention, between actor and trigger, trigger, then text
    /// up to the place, and the tail after the place (`{n}` replaced by the count).
    before: &'static str,
    mid: &'static str,
    trigger: &'static str,
    to_place: &'static str,
    tail: &'static str,
    fatal: bool,
}

static TEMPLATES: &[Template] = &[
    Template {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Shelling/artillery/missile attack",
        plover: "ATTACK",
        actor1: "Military Forces of Syria (2000-)",
        actor1_ar: "القوات الحكومية",
        before: "",
        mid: " ",
        trigger: "قصفت",
        to_place: " مدفعية الجيش أطراف بلدة ",
        tail: " بعدة قذائف، ما أسفر عن مقتل {n} مدنيين.",
        fatal: true,
    },
    Template {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Air/drone strike",
        plover: "ATTACK",
        actor1: "Unidentified Military Forces",
        actor1_ar: "طائرة مسيّرة",
        before: "شنّت ",
        mid: " ",
        trigger: "غارة",
        to_place: " على طريق زراعي قرب ",
        tail: " وأدت إلى سقوط {n} قتلى.",
        fatal: true,
    },
    Template {
        event_type: "Battles",
        sub_event_type: "Armed clash",
        plover: "FIGHT",
        actor1: "Opposition Rebels (Syria)",
        actor1_ar: "فصائل المعارضة",
        before: "دارت ",
        mid: "",
        trigger: "",
        to_place: "",
        tail: "",
        fatal: true,
    },
    Template {
        event_type: "Violence against civilians",
        sub_event_type: "Attack",
        plover: "ATTACK",
        actor1: "Unidentified Armed Group (Syria)",
        actor1_ar: "مسلحون مجهولون",
        before: "قتل ",
        mid: " رجلاً ",
        trigger: "برصاص",
        to_place: " مباشر عند مدخل ",
        tail: " مساء أمس.",
        fatal: false,
    },
    Template {
        event_type: "Protests",
        sub_event_type: "Peaceful protest",
        plover: "PROTEST",
        actor1: "Protesters (Syria)",
        actor1_ar: "الأهالي",
        before: "خرج العشرات من ",
        mid: " في ",
        trigger: "مظاهرة",
        to_place: " سلمية وسط ",
        tail: " للمطالبة بالإفراج عن المعتقلين.",
        fatal: false,
    },
    Template {
        event_type: "Explosions/Remote violence",
        sub_event_type: "Remote explosive/landmine/IED",
        plover: "ATTACK",
        actor1: "Unidentified Armed Group (Syria)",
        actor1_ar: "مجهولون",
        before: "فجّر ",
        mid: " ",
        trigger: "عبوة ناسفة",
        to_place: " بسيارة عسكرية على الطريق المؤدي إلى ",
        tail: " وأصيب {n} أشخاص.",
        fatal: false,
    },
];

const MONTHS_AR: [&str; 12] = [
    "كانون الثاني",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين الأول",
    "تشرين الثاني",
    "كانون الأول",
];

const OUTLETS: [&str; 3] = ["Sample News", "Example Daily", "Demo Observer"];

/// (year, month, day) of a day count since 1970-01-01 (proleptic Gregorian).
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    rasd_doc::calendar::civil_from_days(z)
}

/// Appends text and returns its byte span.
struct Builder {
    text: String,
}

impl Builder {
    fn push(&mut self, s: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(s);
        Span::new(start, self.text.len())
    }
}

/// Very small HTML-to-text for the fake backend: drops tags, `<script>`/`<style>` content and
/// decodes a few entities. (The real backend uses `rasd_extract`.)
pub fn strip_tags(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    let b = html.as_bytes();
    while i < b.len() {
        if b[i] == b'<' {
            for skip in ["script", "style"] {
                if lower[i + 1..].starts_with(skip) {
                    if let Some(e) = lower[i..].find(&format!("</{skip}")) {
                        i += e;
                    }
                }
            }
            match html[i..].find('>') {
                Some(e) => {
                    out.push(' ');
                    i += e + 1;
                }
                None => break,
            }
        } else {
            let next = html[i..].find('<').map_or(html.len(), |e| i + e);
            out.push_str(&html[i..next]);
            i = next;
        }
    }
    let out = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&amp;", "&");
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// One synthetic article number `i` (deterministic).
pub fn document(i: usize) -> Document {
    let mut r = (i as u64)
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    let mut next = |m: usize| {
        r ^= r >> 33;
        r = r.wrapping_mul(0xff51_afd7_ed55_8ccd);
        r ^= r >> 29;
        (r % m as u64) as usize
    };
    let place = &PLACES[next(PLACES.len())];
    let t = &TEMPLATES[next(TEMPLATES.len())];
    let n = 1 + next(7) as u32;
    // Dates spread over 2020-01-01 .. 2020-12-31 (days since epoch 18262).
    let day = 18_262 + next(366) as i64;
    let (y, m, d) = civil_from_days(day);
    let date = format!("{y:04}-{m:02}-{d:02}");
    let outlet = OUTLETS[next(OUTLETS.len())];

    let mut b = Builder {
        text: String::new(),
    };
    let mut doc = Document::new(format!("sample-{i:06}"), "");
    let s1_start = b.text.len();
    b.push(place.gov_ar);
    b.push("، ");
    let date_span = b.push(&format!("{d} {} {y}", MONTHS_AR[(m - 1) as usize]));
    b.push(" — ");
    let ev_start = b.text.len();
    let (actor_span, trigger_span, place_span);
    if t.event_type == "Battles" {
        b.push(t.before);
        trigger_span = b.push("اشتباكات");
        b.push(" عنيفة بين ");
        actor_span = b.push(t.actor1_ar);
        b.push(" والقوات الحكومية على محور ");
        place_span = b.push(place.ar);
        b.push(&format!(" قُتل فيها {n} عناصر."));
    } else {
        b.push(t.before);
        actor_span = b.push(t.actor1_ar);
        b.push(t.mid);
        trigger_span = b.push(t.trigger);
        b.push(t.to_place);
        place_span = b.push(place.ar);
        b.push(&t.tail.replace("{n}", &n.to_string()));
    }
    let ev_span = Span::new(ev_start, b.text.len());
    let s1 = Span::new(s1_start, b.text.len());
    b.push("\n");
    let s2 = b.push("وتشهد المنطقة توتراً متكرراً منذ أشهر بحسب مصادر محلية.");
    doc.text = b.text;
    doc.paragraphs = vec![s1, s2];
    doc.sentences = vec![s1, s2];
    doc.meta.title = Some(format!(
        "{} في {}",
        if t.trigger.trim().is_empty() {
            "اشتباكات"
        } else {
            t.trigger
        },
        place.ar
    ));
    doc.meta.source = Some(outlet.into());
    doc.meta.url = Some(format!(
        "https://example.org/{}/{i}",
        outlet.to_lowercase().replace(' ', "-")
    ));
    doc.meta.published = Some(date.clone());
    doc.dates = vec![DateAnn {
        span: date_span,
        value: date.clone(),
        precision: DatePrecision::Day,
        time: None,
        future: false,
        rule: "sample".into(),
    }];
    doc.places = vec![PlaceAnn {
        span: place_span,
        name: place.en.into(),
        name_ar: Some(place.ar.into()),
        kind: "town".into(),
        lat: Some(place.lat),
        lon: Some(place.lon),
        admin1: Some(place.gov.into()),
        country: Some("SY".into()),
        geo_precision: 1,
        confidence: 1.0,
        ..Default::default()
    }];
    doc.entities = vec![EntityAnn {
        span: actor_span,
        etype: EntityType::ORG,
        canonical: Some(t.actor1.into()),
        actor_id: None,
        role: None,
    }];
    doc.events = vec![EventAnn {
        event_type: t.event_type.into(),
        sub_event_type: t.sub_event_type.into(),
        plover: t.plover.into(),
        date: Some(date),
        time_precision: 1,
        location: Some(place.en.into()),
        admin1: Some(place.gov.into()),
        country: Some("Syria".into()),
        lat: Some(place.lat),
        lon: Some(place.lon),
        geo_precision: 1,
        actor1: Some(t.actor1.into()),
        fatalities: if t.fatal {
            Some(n)
        } else if t.event_type == "Violence against civilians" {
            Some(1)
        } else {
            Some(0)
        },
        evidence: ev_span,
        trigger: Some(trigger_span),
        place_ref: Some(0),
        date_ref: Some(0),
        civilian_targeting: t.event_type == "Violence against civilians",
        ..Default::default()
    }];
    doc
}

/// A hostile article: markup and `javascript:` links in its title and text, which every page
/// must render as inert text.
pub fn hostile_document() -> Document {
    let mut doc = document(0);
    doc.id = "sample-hostile".into();
    let prefix = "<script>alert('xss')</script> <a href=\"javascript:alert(1)\">رابط</a> <img src=x onerror=alert(2)>\n";
    let shift = prefix.len() as u32;
    let mv = |s: &mut Span| {
        s.start += shift;
        s.end += shift;
    };
    doc.text = format!("{prefix}{}", doc.text);
    doc.paragraphs.iter_mut().for_each(mv);
    doc.sentences.iter_mut().for_each(mv);
    doc.dates.iter_mut().for_each(|a| mv(&mut a.span));
    doc.places.iter_mut().for_each(|a| mv(&mut a.span));
    doc.entities.iter_mut().for_each(|a| mv(&mut a.span));
    for e in &mut doc.events {
        mv(&mut e.evidence);
        if let Some(t) = &mut e.trigger {
            mv(t);
        }
    }
    doc.meta.title = Some("<script>alert('title')</script><b>bold?</b>".into());
    doc.meta.url = Some("javascript:alert(3)".into());
    doc
}

/// `n` synthetic articles followed by the hostile one.
pub fn documents(n: usize) -> Vec<Document> {
    let mut v: Vec<Document> = (1..=n).map(document).collect();
    v.push(hostile_document());
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_are_valid() {
        for d in documents(200) {
            d.validate().unwrap();
            assert!(!d.events.is_empty());
            let ev = &d.events[0];
            assert!(d
                .span_text(ev.evidence)
                .contains(d.span_text(d.places[0].span)));
        }
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(18_262), (2020, 1, 1));
        assert_eq!(civil_from_days(18_262 + 365), (2020, 12, 31));
    }

    #[test]
    fn strip_tags_drops_scripts() {
        assert_eq!(
            strip_tags("<p>نص <script>x()</script>آخر &amp; <b>ok</b></p>"),
            "نص آخر & ok"
        );
        assert_eq!(strip_tags("a <unclosed"), "a");
    }
}
