//! Synthetic corpora for tests and benchmarks (fictional, generic Arabic sentences written for
//! rasd; real place names and coordinates are facts).
//!
//! - [`documents`]: pre-annotated [`Document`]s (events, places, sentences) for bulk loading a
//!   large database quickly, without running the annotators.
//! - [`raw_article`]: unannotated articles as JSONL objects for end-to-end `rasd ingest`.
//! - [`dedup_set`]: a labelled set for event deduplication: the same incident written
//!   differently by several outlets, plus distinct incidents on the same day nearby.

use rasd_doc::{DateAnn, DatePrecision, Document, EventAnn, Meta, PlaceAnn, Salience, Span};

/// Deterministic xorshift64* generator (no dependency, reproducible across platforms).
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E3779B97F4A7C15) | 1)
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545F4914F6CDD1D)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    pub fn pick<'a, T>(&mut self, v: &'a [T]) -> &'a T {
        &v[self.below(v.len())]
    }
    pub fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// A place of the synthetic world.
#[derive(Debug, Clone)]
pub struct Place {
    pub name: String,
    pub name_ar: String,
    pub admin1: &'static str,
    pub lat: f64,
    pub lon: f64,
}

/// (English, Arabic, governorate, lat, lon) of real towns.
const TOWNS: &[(&str, &str, &str, f64, f64)] = &[
    ("Idlib", "إدلب", "Idlib", 35.930, 36.634),
    ("Saraqib", "سراقب", "Idlib", 35.862, 36.806),
    ("Ariha", "أريحا", "Idlib", 35.813, 36.609),
    ("Maarat al-Numan", "معرة النعمان", "Idlib", 35.648, 36.672),
    ("Jisr al-Shughur", "جسر الشغور", "Idlib", 35.812, 36.318),
    ("Kafr Nubl", "كفرنبل", "Idlib", 35.614, 36.561),
    ("Sarmada", "سرمدا", "Idlib", 36.179, 36.720),
    ("Binnish", "بنش", "Idlib", 35.957, 36.710),
    ("Aleppo", "حلب", "Aleppo", 36.202, 37.134),
    ("Al-Bab", "الباب", "Aleppo", 36.371, 37.516),
    ("Manbij", "منبج", "Aleppo", 36.528, 37.955),
    ("Azaz", "أعزاز", "Aleppo", 36.586, 37.046),
    ("Afrin", "عفرين", "Aleppo", 36.512, 36.869),
    ("Al-Atarib", "الأتارب", "Aleppo", 36.138, 36.830),
    ("Hama", "حماة", "Hama", 35.132, 36.754),
    ("Homs", "حمص", "Homs", 34.731, 36.709),
    ("Daraa", "درعا", "Dara", 32.618, 36.102),
    ("Deir ez-Zor", "دير الزور", "Deir-ez-Zor", 35.336, 40.141),
    ("Al-Mayadin", "الميادين", "Deir-ez-Zor", 35.019, 40.452),
    ("Al-Bukamal", "البوكمال", "Deir-ez-Zor", 34.453, 40.918),
    ("Raqqa", "الرقة", "Ar-Raqqa", 35.950, 39.009),
    ("Tal Tamr", "تل تمر", "Al-Hasakeh", 36.649, 40.372),
    ("Al-Hasakah", "الحسكة", "Al-Hasakeh", 36.507, 40.747),
    ("Qamishli", "القامشلي", "Al-Hasakeh", 37.052, 41.227),
    ("Latakia", "اللاذقية", "Lattakia", 35.523, 35.791),
    ("Douma", "دوما", "Rural Damascus", 33.572, 36.403),
];

const GOV_AR: &[(&str, &str)] = &[
    ("Idlib", "إدلب"),
    ("Aleppo", "حلب"),
    ("Hama", "حماة"),
    ("Homs", "حمص"),
    ("Dara", "درعا"),
    ("Deir-ez-Zor", "دير الزور"),
    ("Ar-Raqqa", "الرقة"),
    ("Al-Hasakeh", "الحسكة"),
    ("Lattakia", "اللاذقية"),
    ("Rural Damascus", "دمشق"),
];

const VILLAGE_A: &[(&str, &str)] = &[
    ("Kafr", "كفر"),
    ("Tal", "تل"),
    ("Ain", "عين"),
    ("Deir", "دير"),
    ("Beit", "بيت"),
    ("Khirbet", "خربة"),
    ("Jubb", "جب"),
    ("Umm", "أم"),
];
const VILLAGE_B: &[(&str, &str)] = &[
    ("al-Zaytun", "الزيتون"),
    ("Amer", "عامر"),
    ("Hamra", "حمرة"),
    ("Nuran", "نوران"),
    ("Sultan", "سلطان"),
    ("al-Sheikh", "الشيخ"),
    ("al-Ward", "الورد"),
    ("al-Hajar", "الحجر"),
    ("Issa", "عيسى"),
    ("Hussein", "حسين"),
    ("al-Rumman", "الرمان"),
    ("Khaled", "خالد"),
    ("al-Tut", "التوت"),
    ("Saleh", "صالح"),
];

/// All places: the towns, then villages derived deterministically around them.
pub fn places() -> Vec<Place> {
    let mut out: Vec<Place> = TOWNS
        .iter()
        .map(|&(n, a, g, lat, lon)| Place {
            name: n.into(),
            name_ar: a.into(),
            admin1: g,
            lat,
            lon,
        })
        .collect();
    let mut rng = Rng::new(7);
    for (i, (ea, aa)) in VILLAGE_A.iter().enumerate() {
        for (j, (eb, ab)) in VILLAGE_B.iter().enumerate() {
            let t = TOWNS[(i * VILLAGE_B.len() + j) % TOWNS.len()];
            let (dlat, dlon) = ((rng.unit() - 0.5) * 0.3, (rng.unit() - 0.5) * 0.3);
            out.push(Place {
                name: format!("{ea} {eb}"),
                name_ar: format!("{aa} {ab}"),
                admin1: t.2,
                lat: t.3 + dlat,
                lon: t.4 + dlon,
            });
        }
    }
    out
}

fn gov_ar(admin1: &str) -> &'static str {
    GOV_AR
        .iter()
        .find(|(e, _)| *e == admin1)
        .map(|(_, a)| *a)
        .unwrap_or("سوريا")
}

/// (canonical, Arabic, ACLED inter code)
const ACTORS: &[(&str, &str, u8)] = &[
    ("Military Forces of Syria (2000-)", "قوات النظام", 1),
    ("Hayat Tahrir al-Sham", "هيئة تحرير الشام", 2),
    ("SDF: Syrian Democratic Forces", "قوات سوريا الديمقراطية", 2),
    ("Islamic State (Syria)", "تنظيم الدولة", 2),
    ("Military Forces of Russia (2000-)", "القوات الروسية", 8),
    ("Military Forces of Turkey (2016-)", "الجيش التركي", 8),
    ("Syrian National Army", "الجيش الوطني السوري", 2),
];

const OUTLETS: &[(&str, &str)] = &[
    ("Enab Baladi", "enabbaladi.example"),
    ("Syria Direct", "syriadirect.example"),
    ("Al-Watan", "alwatan.example"),
    ("North Press", "npasyria.example"),
    ("Step News", "stepnews.example"),
    ("Orient", "orient.example"),
];

/// One incident template family: (event type, sub type, paraphrases). Placeholders:
/// `{A}` actor1, `{B}` actor2, `{P}` place, `{G}` governorate, `{N}` number, `{D}` date phrase.
const FAMILIES: &[(&str, &str, &[&str])] = &[
    (
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
        &[
            "قصفت {A} بالمدفعية الثقيلة بلدة {P} في ريف {G} {D}، ما أسفر عن مقتل {N} مدنيين وإصابة آخرين.",
            "قتل {N} مدنيين جراء قصف مدفعي نفذته {A} على {P} بريف {G} {D}.",
            "استهدفت {A} بقذائف الهاون والصواريخ أحياء {P} {D}، وأفادت مصادر محلية بسقوط {N} قتلى.",
        ],
    ),
    (
        "Explosions/Remote violence",
        "Air/drone strike",
        &[
            "شنت طائرات {A} غارات جوية على أطراف {P} في ريف {G} {D}، ما أدى إلى مقتل {N} أشخاص.",
            "قتل {N} أشخاص بغارة جوية لطائرات {A} استهدفت {P} {D}.",
            "استهدفت طائرة مسيرة تابعة لـ{A} سيارة في {P} {D} ما أسفر عن مقتل {N} أشخاص.",
        ],
    ),
    (
        "Explosions/Remote violence",
        "Remote explosive/landmine/IED",
        &[
            "انفجرت عبوة ناسفة بسيارة عسكرية قرب {P} {D}، ما أدى إلى مقتل {N} عناصر من {A}.",
            "قتل {N} من عناصر {A} بانفجار عبوة ناسفة زرعها مجهولون على طريق {P} {D}.",
        ],
    ),
    (
        "Battles",
        "Armed clash",
        &[
            "اندلعت اشتباكات عنيفة بين {A} و{B} على محور {P} في ريف {G} {D}، وقتل {N} مقاتلين.",
            "قتل {N} مقاتلين في مواجهات بين {A} و{B} قرب {P} {D}.",
            "تصدت {B} لمحاولة تقدم {A} على جبهة {P} {D} وسقط {N} قتلى في المعارك.",
        ],
    ),
    (
        "Violence against civilians",
        "Attack",
        &[
            "أقدم مسلحون من {A} على قتل {N} مدنيين في {P} {D}.",
            "عثر الأهالي على جثث {N} مدنيين في {P} {D} بعد أن أطلق عناصر من {A} النار عليهم.",
        ],
    ),
    (
        "Strategic developments",
        "Arrests",
        &[
            "شنت {A} حملة دهم واعتقالات في {P} بريف {G} {D} طالت {N} شبان.",
            "اعتقلت {A} {N} أشخاص خلال مداهمات في {P} {D}.",
        ],
    ),
    (
        "Protests",
        "Peaceful protest",
        &[
            "خرج العشرات في مظاهرة سلمية وسط {P} {D} للمطالبة بالإفراج عن المعتقلين.",
            "تظاهر أهالي {P} في ريف {G} {D} احتجاجا على تردي الأوضاع المعيشية.",
        ],
    ),
];

const FILLER: &[&str] = &[
    "وتشهد المنطقة توترا أمنيا متزايدا منذ أسابيع وسط تبادل للاتهامات بين الأطراف.",
    "وتعاني المخيمات القريبة من نقص حاد في المياه والخدمات الطبية مع اقتراب فصل الشتاء.",
    "وقال ناشطون إن فرق الدفاع المدني عملت على إسعاف المصابين إلى المشافي القريبة.",
    "ودعت منظمات إنسانية إلى تحييد المدنيين والمنشآت الحيوية عن العمليات العسكرية.",
    "وشهدت أسعار المحروقات والخبز ارتفاعا جديدا في الأسواق المحلية هذا الشهر.",
    "وأشار المصدر إلى أن الدوريات المشتركة توقفت على الطريق الدولي منذ مطلع الشهر.",
    "وتتكرر الخروقات في المنطقة رغم اتفاق وقف إطلاق النار المعلن سابقا.",
    "ولم تعلق الجهات الرسمية على الحادثة حتى لحظة إعداد هذا التقرير.",
    "وأكدت مصادر طبية أن المستشفى الميداني استقبل عددا من الجرحى بينهم أطفال.",
    "وتأتي هذه التطورات بعد أيام من اجتماع للمجلس المحلي لبحث الأوضاع الخدمية.",
    "وذكرت شبكات محلية أن حركة نزوح جديدة سجلت باتجاه المناطق الحدودية.",
    "ويعمل المجلس البلدي على إصلاح شبكة الكهرباء المتضررة في عدة أحياء.",
];

const DAY_PHRASES: &[&str] = &["اليوم", "صباح اليوم", "مساء أمس", "فجر اليوم", "ليلة أمس"];
const NUM_AR: &[&str] = &[
    "",
    "واحد",
    "اثنين",
    "ثلاثة",
    "أربعة",
    "خمسة",
    "ستة",
    "سبعة",
    "ثمانية",
    "تسعة",
    "عشرة",
];

/// Canonical names of the synthetic world's actors (for benchmark queries).
pub fn actor_names() -> Vec<&'static str> {
    ACTORS.iter().map(|a| a.0).collect()
}

/// Names of the synthetic world's outlets (for benchmark queries).
pub fn outlet_names() -> Vec<&'static str> {
    OUTLETS.iter().map(|o| o.0).collect()
}

/// The first day (days since epoch) of the synthetic calendar: 2023-01-01.
pub const EPOCH_DAY: i64 = 19358;

struct Filled {
    text: String,
    place_span: Option<(usize, usize)>,
}

fn fill(t: &str, a: &str, b: &str, p: &str, g: &str, n: u32, d: &str) -> Filled {
    let mut text = String::with_capacity(t.len() + 64);
    let mut place_span = None;
    let mut rest = t;
    while let Some(i) = rest.find('{') {
        text.push_str(&rest[..i]);
        let key = rest.get(i + 1..i + 2).unwrap_or("");
        match key {
            "A" => text.push_str(a),
            "B" => text.push_str(b),
            "P" => {
                let s = text.len();
                text.push_str(p);
                place_span.get_or_insert((s, text.len()));
            }
            "G" => text.push_str(g),
            "N" => text.push_str(if (n as usize) < NUM_AR.len() && n > 0 {
                NUM_AR[n as usize]
            } else {
                ""
            }),
            "D" => text.push_str(d),
            _ => {}
        }
        if (n as usize >= NUM_AR.len() || n == 0) && key == "N" {
            text.push_str(&n.to_string());
        }
        rest = rest.get(i + 3..).unwrap_or("");
    }
    text.push_str(rest);
    Filled { text, place_span }
}

/// One incident of the synthetic world.
#[derive(Debug, Clone)]
pub struct Incident {
    pub family: usize,
    pub place: usize,
    pub day: i64,
    pub actor1: usize,
    pub actor2: usize,
    pub fatalities: u32,
}

impl Incident {
    pub fn random(rng: &mut Rng, n_places: usize, days: i64) -> Incident {
        let actor1 = rng.below(ACTORS.len());
        let mut actor2 = rng.below(ACTORS.len());
        if actor2 == actor1 {
            actor2 = (actor2 + 1) % ACTORS.len();
        }
        Incident {
            family: rng.below(FAMILIES.len()),
            place: rng.below(n_places),
            day: EPOCH_DAY + rng.below(days.max(1) as usize) as i64,
            actor1,
            actor2,
            fatalities: 1 + rng.below(12) as u32,
        }
    }
}

/// Write an article reporting `incident` as `outlet` using paraphrase `variant`; returns the
/// annotated document (one event) — what the annotators would produce for it.
pub fn report(
    id: &str,
    incident: &Incident,
    outlet: usize,
    variant: usize,
    places: &[Place],
    rng: &mut Rng,
) -> Document {
    let (etype, sub, paras) = FAMILIES[incident.family % FAMILIES.len()];
    let pl = &places[incident.place % places.len()];
    let (a1, a1_ar, i1) = ACTORS[incident.actor1 % ACTORS.len()];
    let (a2, a2_ar, i2) = ACTORS[incident.actor2 % ACTORS.len()];
    let dphrase = *rng.pick(DAY_PHRASES);
    let f = fill(
        paras[variant % paras.len()],
        a1_ar,
        a2_ar,
        &pl.name_ar,
        gov_ar(pl.admin1),
        incident.fatalities,
        dphrase,
    );
    let published = crate::db::date_of_day(incident.day);
    let (oname, host) = OUTLETS[outlet % OUTLETS.len()];
    let mut text = String::new();
    let mut sentences = Vec::new();
    let n_before = rng.below(2);
    for _ in 0..n_before {
        let s = text.len();
        let filler = *rng.pick(FILLER);
        text.push_str(filler);
        sentences.push(Span::new(s, text.len()));
        text.push(' ');
    }
    let ev_start = text.len();
    text.push_str(&f.text);
    let ev_span = Span::new(ev_start, text.len());
    sentences.push(ev_span);
    for _ in 0..1 + rng.below(3) {
        text.push(' ');
        let s = text.len();
        let filler = *rng.pick(FILLER);
        text.push_str(filler);
        sentences.push(Span::new(s, text.len()));
    }
    let place_span = f
        .place_span
        .map(|(a, b)| Span::new(ev_start + a, ev_start + b))
        .unwrap_or(ev_span);
    let dual = etype == "Battles";
    let ev = EventAnn {
        event_type: etype.into(),
        sub_event_type: sub.into(),
        plover: String::new(),
        date: Some(published.clone()),
        time_precision: 1,
        location: Some(pl.name.clone()),
        admin1: Some(pl.admin1.into()),
        country: Some("SY".into()),
        lat: Some(pl.lat),
        lon: Some(pl.lon),
        geo_precision: 1,
        actor1: Some(a1.into()),
        inter1: Some(i1),
        actor2: dual.then(|| a2.to_string()),
        inter2: dual.then_some(i2),
        fatalities: (etype != "Protests" && etype != "Strategic developments")
            .then_some(incident.fatalities),
        salience: Salience::Main,
        evidence: ev_span,
        place_ref: Some(0),
        date_ref: Some(0),
        civilian_targeting: etype == "Violence against civilians",
        ..Default::default()
    };
    let title = format!("{} {}", sub_title(sub), pl.name_ar);
    Document {
        id: id.to_string(),
        text,
        meta: Meta {
            url: Some(format!("https://{host}/news/{id}")),
            title: Some(title),
            published: Some(published.clone()),
            source: Some(oname.into()),
            lang: Some("ar".into()),
            ..Default::default()
        },
        sentences,
        places: vec![PlaceAnn {
            span: place_span,
            name: pl.name.clone(),
            name_ar: Some(pl.name_ar.clone()),
            kind: "town".into(),
            lat: Some(pl.lat),
            lon: Some(pl.lon),
            admin1: Some(pl.admin1.into()),
            country: Some("SY".into()),
            geo_precision: 1,
            confidence: 1.0,
            ..Default::default()
        }],
        dates: vec![DateAnn {
            span: ev_span,
            value: published,
            precision: DatePrecision::Day,
            time: None,
            future: false,
            rule: "synthetic".into(),
        }],
        events: vec![ev],
        ..Default::default()
    }
}

fn sub_title(sub: &str) -> &'static str {
    match sub {
        "Shelling/artillery/missile attack" => "قصف مدفعي على",
        "Air/drone strike" => "غارات جوية على",
        "Remote explosive/landmine/IED" => "انفجار عبوة ناسفة في",
        "Armed clash" => "اشتباكات في",
        "Attack" => "مقتل مدنيين في",
        "Arrests" => "حملة اعتقالات في",
        _ => "مظاهرة في",
    }
}

/// `n` pre-annotated documents over `days` days: each incident is reported by 1–3 outlets
/// (so the store has real cross-source merging to do). Deterministic for a seed.
pub fn documents(n: usize, days: i64, seed: u64) -> impl Iterator<Item = Document> {
    let places = places();
    let mut rng = Rng::new(seed);
    let mut produced = 0usize;
    let mut pending: Vec<Document> = Vec::new();
    let mut k = 0usize;
    std::iter::from_fn(move || {
        if produced >= n {
            return None;
        }
        if pending.is_empty() {
            let inc = Incident::random(&mut rng, places.len(), days);
            let copies = 1 + rng.below(3);
            let first_outlet = rng.below(OUTLETS.len());
            for c in 0..copies {
                k += 1;
                let variant = rng.below(8);
                pending.push(report(
                    &format!("s{seed}-{k}"),
                    &inc,
                    first_outlet + c,
                    variant,
                    &places,
                    &mut rng,
                ));
            }
            pending.reverse();
        }
        produced += 1;
        pending.pop()
    })
}

/// A raw (unannotated) article as a JSONL object: id, url, title, text, published, source.
pub fn raw_article(doc: &Document) -> serde_json::Value {
    serde_json::json!({
        "id": doc.id,
        "url": doc.meta.url,
        "title": doc.meta.title,
        "text": doc.text,
        "published": doc.meta.published,
        "source": doc.meta.source,
    })
}

/// A labelled deduplication set: `(documents, truth)` where `truth[i]` is the incident number
/// of `documents[i]`'s single event. Incidents come in clusters on the same day: one reported by
/// 2–4 outlets in different words, plus distinct incidents at nearby places (same type) and at
/// the same place (different type or actors).
pub fn dedup_set(seed: u64, groups: usize) -> (Vec<Document>, Vec<usize>) {
    let places = places();
    let mut rng = Rng::new(seed);
    let mut docs = Vec::new();
    let mut truth = Vec::new();
    let mut inc_no = 0usize;
    let near = |p: usize, rng: &mut Rng| -> usize {
        // Another place within 10 km, if any.
        let me = &places[p];
        let cands: Vec<usize> = (0..places.len())
            .filter(|&q| {
                q != p
                    && crate::geo::haversine_km(me.lat, me.lon, places[q].lat, places[q].lon) < 10.0
            })
            .collect();
        if cands.is_empty() {
            (p + 1) % places.len()
        } else {
            cands[rng.below(cands.len())]
        }
    };
    for g in 0..groups {
        let base = Incident::random(&mut rng, places.len(), 60);
        let mut incidents = vec![base.clone()];
        // Same day, nearby place, same type.
        let mut b = base.clone();
        b.place = near(base.place, &mut rng);
        b.fatalities = 1 + rng.below(12) as u32;
        incidents.push(b);
        // Same day, same place, another type.
        let mut c = base.clone();
        let other: Vec<usize> = (0..FAMILIES.len())
            .filter(|&f| FAMILIES[f].0 != FAMILIES[base.family].0)
            .collect();
        c.family = other[rng.below(other.len())];
        incidents.push(c);
        for inc in incidents {
            let copies = 2 + rng.below(3);
            let first_outlet = rng.below(OUTLETS.len());
            let first_variant = rng.below(3);
            for k in 0..copies {
                let id = format!("d{g}-{inc_no}-{k}");
                let mut d = report(
                    &id,
                    &inc,
                    first_outlet + k,
                    first_variant + k,
                    &places,
                    &mut rng,
                );
                if k > 0 {
                    // Outlets disagree the way real ones do: a revised toll, a report published
                    // the next day, a place given by name only.
                    if let Some(ev) = d.events.first_mut() {
                        if rng.below(4) == 0 {
                            ev.fatalities = ev.fatalities.map(|f| f + 1);
                        }
                        if rng.below(5) == 0 {
                            ev.lat = None;
                            ev.lon = None;
                            ev.geo_precision = 0;
                        }
                        if rng.below(5) == 0 {
                            ev.date = Some(crate::db::date_of_day(inc.day + 1));
                            d.meta.published = ev.date.clone();
                        }
                    }
                }
                docs.push(d);
                truth.push(inc_no);
            }
            inc_no += 1;
        }
    }
    (docs, truth)
}
