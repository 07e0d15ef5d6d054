//! Toponym recognition and context-aware resolution.
//!
//! Steps, all over the MATCH-normalized text (offsets mapped back at the end):
//! 1. one Aho-Corasick pass finds every gazetteer name; each hit is accepted only at a word
//!    boundary after a valid proclitic chain (و ف ب ل ك, the article ال, or ل+ال = لل);
//! 2. the longest non-overlapping hits are kept; names that are frequent common words
//!    (stop-list) need a trigger word (قرية، بلدة …);
//! 3. the words around each hit give a trigger (place type, facility, road), a direction
//!    ("ريف حلب الشمالي", "شمال إدلب", "الريف الجنوبي لإدلب") or "near" evidence;
//! 4. relations between neighbouring mentions: a direction right after another place relates
//!    that place to a city ("عفرين شمال غرب حلب": حلب is the city itself, not a sector), and a
//!    directional region right after a place only describes it ("كفركلا جنوب لبنان");
//! 5. unambiguous hits become anchors (points, governorates, districts, countries, the dateline);
//!    ambiguous hits are scored against the anchors plus population/rank priors, and get
//!    coordinates only when the best candidate clearly wins;
//! 6. points of compound expressions: a countryside is the mean of the governorate's area in the
//!    compass octant of its direction(s) (a union for "الجنوبي والشرقي", the octant facing a
//!    coordinated place of another governorate for "إدلب وريف حلب"); a road named with a town
//!    near its line gets the road point nearest to that town; a road "بمدينة Y" gets Y's point;
//!    "X (30 كلم شمال غرب Y)" places X from Y and overrides a far homonym of X.

use crate::gazetteer::{Entry, Gazetteer, Kind, PatForm};
use crate::geom::{destination, haversine_km, LatLon};
use aho_corasick::{Anchored, Input};
use rasd_arabic::{normalize, normalize_key};
use rasd_doc::{Document, PlaceAnn, Span};

/// Minimum score margin between the best and the runner-up far candidate to give coordinates.
const MIN_MARGIN: f64 = 1.0;
/// A place this close to a governorate is next to it ("إدلب وريف حلب").
const ADJACENT_KM: f64 = 30.0;
/// Candidates closer than this are the same place for disambiguation.
const SAME_PLACE_KM: f64 = 25.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Art {
    None,
    Al,
    LL,
}

/// Split a proclitic prefix (the part of the word before the name) into conjunction/preposition
/// chain and article. `None` if it is not a valid proclitic chain.
fn split_prefix(p: &str) -> Option<Art> {
    const CONJ: [&str; 13] = [
        "", "و", "ف", "ب", "ل", "ك", "وب", "ول", "فب", "فل", "وك", "فك", "ولل",
    ];
    if CONJ[..12].contains(&p) {
        return Some(Art::None);
    }
    if let Some(c) = p.strip_suffix("ال") {
        if ["", "و", "ف", "ب", "ك", "وب", "فب", "وك"].contains(&c) {
            return Some(Art::Al);
        }
    }
    if let Some(c) = p.strip_suffix("لل") {
        if ["", "و", "ف"].contains(&c) {
            return Some(Art::LL);
        }
    }
    None
}

#[inline]
fn is_word(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    // Arabic letters and digits first (the common case), then everything else.
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{0660}'..='\u{0669}' | '\u{0671}'..='\u{06D3}' | '\u{06F0}'..='\u{06F9}')
        || (!matches!(c, '\u{0600}'..='\u{06FF}') && c.is_alphanumeric())
}

/// Start of the word that ends at (or contains) byte `pos`.
fn word_start(t: &str, pos: usize) -> usize {
    let mut ws = pos;
    for (i, c) in t[..pos].char_indices().rev() {
        if is_word(c) {
            ws = i;
        } else {
            break;
        }
    }
    ws
}

/// The word before byte `pos` (skipping spaces only): (start, end).
fn prev_word(t: &str, pos: usize) -> Option<(usize, usize)> {
    let before = t.get(..pos)?;
    let trimmed = before.trim_end_matches([' ', '"', '\'', '(']);
    let we = trimmed.len();
    if we == 0 || we + 3 < pos {
        return None;
    }
    let ws = word_start(t, we);
    (ws < we).then_some((ws, we))
}

/// The word after byte `pos` (skipping spaces only): (start, end).
fn next_word(t: &str, pos: usize) -> Option<(usize, usize)> {
    let after = t.get(pos..)?;
    let skip = after.len() - after.trim_start_matches([' ', '"', '\'']).len();
    if skip > 2 {
        return None;
    }
    let ws = pos + skip;
    let we = ws
        + t[ws..]
            .char_indices()
            .find(|(_, c)| !is_word(*c))
            .map(|(i, _)| i)
            .unwrap_or(t.len() - ws);
    (we > ws).then_some((ws, we))
}

/// Strip one or two proclitics (و ف ب ل) from a word; returns (stem offset within word, stem).
fn strip_clitic(w: &str) -> [(usize, &str); 3] {
    let mut out = [(0, w), (0, w), (0, w)];
    let mut n = 1;
    let mut off = 0;
    let mut cur = w;
    for _ in 0..2 {
        let Some(c) = cur.chars().next() else { break };
        if matches!(c, 'و' | 'ف' | 'ب' | 'ل') && cur.chars().count() > 2 {
            off += c.len_utf8();
            cur = &cur[c.len_utf8()..];
            out[n] = (off, cur);
            n += 1;
        } else {
            break;
        }
    }
    while n < 3 {
        out[n] = out[n - 1];
        n += 1;
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Trig {
    /// Place-type word (قرية، بلدة، مدينة، حي …): evidence, not part of the span.
    Place,
    /// Governorate word (محافظة).
    Governorate,
    /// District word (منطقة، قضاء) — قضاء is part of the span.
    District,
    /// ريف (countryside): a regional expression.
    Rural,
    /// Facility word (مطار، قاعدة، نقطة، معبر، سجن، مشفى، مدرسة): part of the span.
    Facility,
    /// Road word (طريق، أوتوستراد): part of the span.
    Road,
    /// Near (قرب، محيط، أطراف …): precision 2.
    Near,
    /// Natural feature (جبل، سهل، وادي، نهر): part of the span.
    Natural,
}

fn trigger_class(stem: &str) -> Option<Trig> {
    Some(match stem {
        "قريه" | "قري" | "قريتي" | "بلده" | "بلدات" | "بلدتي" | "مدينه" | "مدن" | "مدينتي"
        | "حي" | "احياء" | "حيي" | "ناحيه" | "مخيم" | "مخيمات" | "مزرعه" | "مزارع" | "قصبه"
        | "بلدة" | "تجمع" | "بلديه" => Trig::Place,
        // ولاية: the states of Sudan, Oman, Algeria, Tunisia; مديرية: the districts of Yemen.
        "محافظه" | "محافظتي" | "ولايه" | "ولايتي" => Trig::Governorate,
        "منطقه" | "مناطق" | "قضاء" | "مديريه" | "مديريات" => {
            Trig::District
        }
        "ريف" | "ارياف" => Trig::Rural,
        "مطار" | "قاعده" | "نقطه" | "معبر" | "سجن" | "مشفي" | "مستشفي" | "مدرسه" | "جامعه"
        | "ميناء" | "مرفا" | "حاجز" | "معسكر" | "كتيبه" | "فوج" | "مقر" | "جسر" | "دوار"
        | "مفرق" | "سد" | "حقل" | "محطه" | "معمل" | "سوق" => Trig::Facility,
        "طريق" | "اوتوستراد" | "اوتستراد" | "الطريق" => Trig::Road,
        "قرب" | "محيط" | "اطراف" | "مشارف" | "ضواحي" | "تخوم" | "جوار" | "ضاحيه" => {
            Trig::Near
        }
        "جبل" | "سهل" | "وادي" | "نهر" | "بحيره" | "تله" | "تلال" | "هضبه" => {
            Trig::Natural
        }
        _ => return None,
    })
}

/// Compass word → unit vector (north, east).
fn direction_of(stem: &str) -> Option<(f64, f64)> {
    let s = stem.strip_prefix("ال").unwrap_or(stem);
    Some(match s {
        "شمال" | "شمالي" | "شماليه" => (1.0, 0.0),
        "جنوب" | "جنوبي" | "جنوبيه" => (-1.0, 0.0),
        "شرق" | "شرقي" | "شرقيه" => (0.0, 1.0),
        "غرب" | "غربي" | "غربيه" => (0.0, -1.0),
        _ => return None,
    })
}

fn direction_label(v: (f64, f64)) -> Option<(&'static str, f64)> {
    if v.0.abs() < 1e-9 && v.1.abs() < 1e-9 {
        return None;
    }
    let b = (v.1.atan2(v.0).to_degrees() + 360.0) % 360.0;
    let labels = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"];
    let i = ((b + 22.5) / 45.0) as usize % 8;
    Some((labels[i], (i as f64) * 45.0))
}

/// Words after a place-type trigger that can't be a name.
fn not_a_name(w: &str) -> bool {
    matches!(
        w,
        "في" | "من"
            | "علي"
            | "الي"
            | "عن"
            | "مع"
            | "التي"
            | "الذي"
            | "ذات"
            | "واحده"
            | "اخري"
            | "مجاوره"
            | "المجاوره"
            | "قريبه"
            | "صغيره"
            | "كبيره"
            | "حدوديه"
            | "الحدوديه"
            | "سوريه"
            | "لبنانيه"
            | "عراقيه"
            | "تركيه"
            | "تابعه"
            | "التابعه"
            | "القريبه"
            | "نفسها"
            | "ذاتها"
            | "هذه"
            | "تلك"
            | "بالقرب"
            | "قرب"
            | "شمال"
            | "جنوب"
            | "شرق"
            | "غرب"
            | "شمالي"
            | "جنوبي"
            | "شرقي"
            | "غربي"
            | "الشمالي"
            | "الجنوبي"
            | "الشرقي"
            | "الغربي"
            | "بريف"
            | "ريف"
            | "و"
            | "او"
            | "ثم"
            | "عده"
            | "عدد"
            | "اخرى"
            | "الاخري"
            | "المحاصره"
            | "المحتله"
            | "مهجوره"
            | "قديمه"
            | "القديمه"
            | "جديده"
            | "الجديده"
    )
}

/// Common nouns that head compound place names ("باب النيرب", "عين الحلوة", "مثلث الشهداء").
/// Written bare (normalized, without the article) they are the first word of a longer name.
fn is_compound_head(w: &str) -> bool {
    matches!(
        w,
        "باب"
            | "جبل"
            | "تل"
            | "عين"
            | "دير"
            | "كفر"
            | "بيت"
            | "خربه"
            | "حاره"
            | "بئر"
            | "بير"
            | "راس"
            | "برج"
            | "قصر"
            | "مثلث"
            | "ام"
            | "ابو"
            | "بو"
            | "جسر"
            | "معره"
            | "وادي"
            | "سوق"
            | "مزرعه"
            | "تله"
            | "نبع"
            | "عرب"
    )
}

/// Whether the word right after byte `e` (one space away, same sentence) can be the second
/// word of a name: an Arabic word that is not a function word, direction or place-type word.
fn next_is_name_word(t: &str, e: usize) -> bool {
    let Some(rest) = t.get(e..) else {
        return false;
    };
    if !rest.starts_with(' ') || rest.starts_with("  ") {
        return false;
    }
    let Some((a, b)) = next_word(t, e) else {
        return false;
    };
    let w = &t[a..b];
    w.chars().count() >= 2
        && w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        && !not_a_name(w)
        && direction_of(w).is_none()
        && !strip_clitic(w)
            .iter()
            .any(|(_, st)| trigger_class(st).is_some())
}

/// Common words seen right after a place-type word that are not names: verbs ("قرية تقع"),
/// nouns of the event ("قرى اشتباكات"), place-type words with a clitic ("قرى بولاية"),
/// "مخيم للاجئين", adjectives ("قرية فلسطينية").
fn common_not_name(w: &str) -> bool {
    // preposition + article: "للاجئين", "بالقرب", "بالريف"
    if ["لل", "بال", "كال"].iter().any(|p| w.starts_with(p)) {
        return true;
    }
    if strip_clitic(w)
        .iter()
        .any(|(_, st)| is_place_type_word(st) || trigger_class(st).is_some())
    {
        return true;
    }
    if w.starts_with("الواقع") || w.starts_with("باستخدام") {
        return true;
    }
    matches!(
        w,
        "تقع"
            | "يقع"
            | "تسيطر"
            | "يسيطر"
            | "تتبع"
            | "يتبع"
            | "تبعد"
            | "يبعد"
            | "تضم"
            | "يضم"
            | "تعرضت"
            | "شهدت"
            | "تشهد"
            | "يشهد"
            | "اشتباكات"
            | "اشتباك"
            | "معارك"
            | "مواجهات"
            | "غارات"
            | "قصف"
            | "هجوم"
            | "هجمات"
            | "عمليات"
            | "سكان"
            | "اهالي"
            | "الريف"
            | "المحافظه"
            | "المنطقه"
            | "المدينه"
            | "البلده"
            | "القريه"
            | "الناحيه"
            | "الولايه"
            | "المحيطه"
            | "محيطه"
            | "عشوائي"
            | "عشوائيه"
            | "نظامي"
            | "فاصله"
            | "متفرقه"
            | "متعدده"
            | "عديده"
            | "كثيره"
            | "باكثر"
            | "اكثر"
            | "اللتان"
            | "اللتين"
            | "الذين"
            | "الواقعه"
            | "الواقع"
            | "واقعه"
            | "لجهه"
            | "جهه"
            | "باتجاه"
            | "نحو"
            | "عند"
            | "بين"
            | "حول"
            | "داخل"
            | "خارج"
            | "تحت"
            | "فوق"
            | "فلسطينيه"
            | "ايرانيه"
            | "اسرائيليه"
            | "يمنيه"
            | "ليبيه"
            | "سودانيه"
            | "مصريه"
            | "كرديه"
            | "عربيه"
            | "ايزيديه"
            | "مسيحيه"
            | "درزيه"
            | "علويه"
            | "سنيه"
            | "شيعيه"
            | "كما"
            | "منذ"
            | "جراء"
            | "حيث"
            | "بعد"
            | "قبل"
            | "خلال"
            | "لكن"
            | "حتي"
            | "وسط"
            | "بسبب"
            | "اثر"
            | "رغم"
            | "موقعه"
            | "خروقات"
            | "السيطره"
            | "للنازحين"
            | "للاجئين"
            | "النازحين"
            | "اللاجئين"
    )
}

/// "شارع بغداد", "ساحة حلب": a street or square named after a place (in another city, as a
/// rule) is not that place.
fn after_street_word(t: &str, ws: usize) -> bool {
    prev_word(t, ws).is_some_and(|(a, b)| {
        strip_clitic(&t[a..b])
            .iter()
            .any(|(_, st)| matches!(*st, "شارع" | "ساحه" | "ميدان" | "جاده"))
    })
}

/// Place-type words that are not triggers themselves (administrative units of other countries).
fn is_place_type_word(st: &str) -> bool {
    matches!(
        st,
        "ولايه"
            | "ولايات"
            | "ولايتي"
            | "مديريه"
            | "مديريات"
            | "اقليم"
            | "محافظات"
            | "مقاطعه"
            | "لواء"
            | "مركز"
            | "بلديه"
            | "قطاع"
            | "حاره"
            | "شارع"
            | "مناطق"
            | "ارياف"
    )
}

/// After an unknown name ending at `b`: the end of an ال-word that is plausibly the second word
/// of the name ("ميس الجبل", "عيتا الشعب"), or `None`. Conservative: not a direction, adjective
/// (nisba "…ي/…يه", participle "الم…ه"), time word, place-type word or stop word.
fn name_part_after(t: &str, b: usize) -> Option<usize> {
    let rest = t.get(b..)?;
    if !rest.starts_with(' ') || rest.starts_with("  ") {
        return None;
    }
    let (a2, b2) = next_word(t, b)?;
    let w = &t[a2..b2];
    let stem = w.strip_prefix("ال")?;
    // participles used as adjectives ("المحررة", "المسيطر") are not name parts
    if stem.chars().count() < 3
        || w.starts_with("الم")
        || !w.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
        || direction_of(w).is_some()
        || stem.ends_with('ي')
        || stem.ends_with("يه")
        || stem.ends_with("ين")
        || not_a_name(w)
        || common_not_name(w)
        || trigger_class(stem).is_some_and(|c| c != Trig::Natural)
        || matches!(
            stem,
            "يوم"
                | "اثنين"
                | "ثلاثاء"
                | "اربعاء"
                | "خميس"
                | "جمعه"
                | "سبت"
                | "احد"
                | "ماضي"
                | "حالي"
                | "اخير"
                | "اخيره"
                | "اولي"
                | "ثانيه"
                | "مذكوره"
                | "مذكور"
                | "حدود"
                | "كبري"
                | "صغري"
                | "قريبه"
                | "بعيده"
                | "ليل"
                | "فجر"
                | "صباح"
                | "مساء"
                | "اسبوع"
                | "شهر"
                | "عام"
                | "سنه"
                | "اراضي"
                | "قوات"
                | "جيش"
                | "نظام"
                | "اثر"
                | "تي"
                | "ذي"
                | "ذين"
                | "فصائل"
                | "احتلال"
                | "عدو"
                | "حرب"
                | "حدوديه"
        )
    {
        return None;
    }
    Some(b2)
}

/// If `text[a..b]` opens a quotation mark it does not close and the closing mark follows
/// right at `b`, the end after that mark; else `b`.
fn close_quote(text: &str, a: usize, b: usize) -> usize {
    let Some(span) = text.get(a..b) else {
        return b;
    };
    for (open, close) in [('“', '”'), ('«', '»'), ('"', '"')] {
        let opened = span.matches(open).count();
        let closed = if open == close {
            0
        } else {
            span.matches(close).count()
        };
        let unbalanced = if open == close {
            opened % 2 == 1
        } else {
            opened > closed
        };
        if unbalanced && text.get(b..).is_some_and(|r| r.starts_with(close)) {
            return b + close.len_utf8();
        }
    }
    b
}

/// A preposition glued to the next word without its space ("فيدمشق", "منالرقة"): the article
/// of the name after it, if any. Only for the prepositions that precede places.
fn glued_prefix(p: &str) -> Option<Art> {
    const GLUE: [&str; 6] = ["في", "وفي", "من", "ومن", "الي", "والي"];
    GLUE.iter().find_map(|g| match p.strip_prefix(g)? {
        "" => Some(Art::None),
        "ال" => Some(Art::Al),
        _ => None,
    })
}

/// Countries named by a nationality adjective anywhere in the text (normalized), each once,
/// with the weight of that sign: 1 for the Arab states (the army, capital or people of the
/// country the article is about: "العاصمة الليبية", "الجيش اللبناني"), ½ for the outside powers
/// whose forces and officials act in other countries ("نقطة المراقبة التركية" in Idlib).
fn nationality_countries(t: &str) -> Vec<(&'static str, f64)> {
    const ADJ: [(&str, &str, f64); 24] = [
        ("ليبي", "LY", 1.0),
        ("لبناني", "LB", 1.0),
        ("عراقي", "IQ", 1.0),
        ("فلسطيني", "PS", 1.0),
        ("يمني", "YE", 1.0),
        ("سوداني", "SD", 1.0),
        ("سوري", "SY", 1.0),
        ("اردني", "JO", 1.0),
        ("مصري", "EG", 1.0),
        ("سعودي", "SA", 1.0),
        ("كويتي", "KW", 1.0),
        ("قطري", "QA", 1.0),
        ("اماراتي", "AE", 1.0),
        ("بحريني", "BH", 1.0),
        ("عماني", "OM", 1.0),
        ("تونسي", "TN", 1.0),
        ("جزائري", "DZ", 1.0),
        ("مغربي", "MA", 1.0),
        ("موريتاني", "MR", 1.0),
        ("صومالي", "SO", 1.0),
        ("تشادي", "TD", 1.0),
        ("ايراني", "IR", 0.5),
        ("اسرائيلي", "IL", 0.5),
        ("تركي", "TR", 0.5),
    ];
    let mut out: Vec<(&'static str, f64)> = Vec::new();
    for w in t.split(|c: char| !is_word(c)) {
        if w.len() < 6 {
            continue;
        }
        for (_, st) in strip_clitic(w) {
            let st = st.strip_prefix("ال").unwrap_or(st);
            let base = st
                .strip_suffix("ين")
                .or_else(|| st.strip_suffix("ون"))
                .or_else(|| st.strip_suffix('ه'))
                .unwrap_or(st);
            if let Some((_, cc, wt)) = ADJ.iter().find(|(a, _, _)| *a == base) {
                if !out.iter().any(|(c, _)| c == cc) {
                    out.push((cc, *wt));
                }
            }
        }
    }
    out
}

/// Unknown names right after قرية / بلدة / بلدتي / قرى / بلدات / مخيم (and the next ones of a list):
/// (normalized start, end, trigger).
/// A known name met as an item of such a list is skipped (the list goes on after it); a
/// regional expression ("ريف إدلب الجنوبي") ends the list.
fn unknown_after_triggers(t: &str, known: &[Mention]) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let overlaps = |a: usize, b: usize| known.iter().any(|m| a < m.xe && m.xs < b);
    let known_at = |a: usize, b: usize| known.iter().position(|m| a < m.xe && m.xs < b);
    let mut pos = 0;
    while pos < t.len() {
        let Some(rel) = t[pos..].find(|c: char| is_word(c)) else {
            break;
        };
        let ws = pos + rel;
        let we = ws + t[ws..].find(|c: char| !is_word(c)).unwrap_or(t.len() - ws);
        pos = we.max(ws + 1);
        while pos < t.len() && !t.is_char_boundary(pos) {
            pos += 1;
        }
        let w = &t[ws..we];
        let Some(stem) = strip_clitic(w).into_iter().map(|(_, s)| s).find(|s| {
            matches!(
                *s,
                "قريه" | "قريتي" | "قري" | "بلده" | "بلدتي" | "بلدات" | "مخيم"
            )
        }) else {
            continue;
        };
        let plural = matches!(stem, "قريتي" | "قري" | "بلدتي" | "بلدات");
        let mut end = we;
        for item in 0..(if plural { 4 } else { 1 }) {
            let Some((a, b)) = next_word(t, end).or_else(|| {
                // list separators: "، " or " و"
                let rest = t.get(end..)?;
                let skip = rest.len() - rest.trim_start_matches([' ', ',', '"']).len();
                (skip > 0 && skip <= 3)
                    .then(|| next_word(t, end + skip))
                    .flatten()
            }) else {
                break;
            };
            let mut a = a;
            let word = &t[a..b];
            if item > 0 {
                // later list items must be joined by و or a comma
                let gap = &t[end..a];
                if let Some(r) = word.strip_prefix('و').filter(|r| r.chars().count() >= 3) {
                    a = b - r.len();
                } else if !gap.contains(',') {
                    break;
                }
            }
            let word = &t[a..b];
            if let Some(k) = known_at(a, b) {
                let km = &known[k];
                // "قرى وبلدات ريف إدلب الجنوبي، …": a regional expression ends the list.
                if km.rural
                    || km.dir.is_some()
                    || km.trig.as_ref().is_some_and(|(c, _)| *c != Trig::Place)
                {
                    break;
                }
                end = b.max(km.xe);
                continue;
            }
            let is_trigger = strip_clitic(word)
                .iter()
                .any(|(_, st)| trigger_class(st).is_some());
            if word.chars().count() < 3
                || is_trigger
                || not_a_name(word)
                || common_not_name(word)
                || !word.chars().all(|c| ('\u{0621}'..='\u{064A}').contains(&c))
            {
                break;
            }
            let mut b2 = b;
            let bare = word.strip_prefix("ال").unwrap_or(word);
            if is_compound_head(bare) {
                match next_word(t, b) {
                    Some((_, nb)) => b2 = nb,
                    None => break,
                }
            } else if let Some(nb) = name_part_after(t, b).filter(|&nb| !overlaps(b, nb)) {
                // "بلدات ميس الجبل": an ال-word attached to an unknown name is part of it.
                b2 = nb;
            }
            if overlaps(a, b2) {
                end = b2;
                continue;
            }
            out.push((a, b2, stem.to_string()));
            end = b2;
        }
    }
    out
}

/// A kept name hit.
#[derive(Debug, Clone)]
struct Mention {
    /// Normalized byte range of the name (including an added article).
    s: usize,
    e: usize,
    /// Start of the whole word (including proclitics).
    ws: usize,
    key: u32,
    /// Spelling differs from the gazetteer by the article.
    mismatch: bool,
    /// Expression span (normalized) after extension by triggers/directions.
    xs: usize,
    xe: usize,
    trig: Option<(Trig, String)>,
    near: bool,
    dir: Option<(f64, f64)>,
    /// Direction expressed before the name ("شمال إدلب") rather than after "ريف X".
    dir_before: bool,
    /// Directions joined by و ("الجنوبي والشرقي"): each group separately (empty otherwise).
    dir_union: Vec<(f64, f64)>,
    rural: bool,
    evidence: bool,
    dateline: bool,
}

/// Which context supports a candidate.
#[derive(Debug, Clone, Copy)]
struct Support {
    admin1: bool,
    country: bool,
    near_km: f64,
}

/// Resolution of one mention.
#[derive(Debug, Clone)]
struct Resolved {
    entry: Option<u32>,
    confidence: f32,
    reason: String,
}

/// A candidate's score reasons, collected only when asked for.
struct Why(Option<Vec<String>>);

impl Why {
    fn push_with(&mut self, f: impl FnOnce() -> String) {
        if let Some(v) = self.0.as_mut() {
            v.push(f());
        }
    }
}

/// How much of the article's place context points at each country. Without any sign, the
/// corpus default (Syria) holds the whole share.
struct CountryCtx {
    weights: Vec<(String, f64)>,
    total: f64,
}

impl CountryCtx {
    fn of(anchors: &[Anchor]) -> CountryCtx {
        let mut weights: Vec<(String, f64)> = Vec::new();
        for a in anchors.iter().filter(|a| !a.country.is_empty()) {
            match weights.iter_mut().find(|(c, _)| *c == a.country) {
                Some((_, w)) => *w += a.weight,
                None => weights.push((a.country.clone(), a.weight)),
            }
        }
        if weights.is_empty() {
            weights.push(("SY".to_string(), 1.0));
        }
        let total = weights.iter().map(|(_, w)| w).sum();
        CountryCtx { weights, total }
    }

    /// Share (0..=1) of the context pointing at country `cc`.
    fn share(&self, cc: &str) -> f64 {
        self.weights
            .iter()
            .find(|(c, _)| c == cc)
            .map_or(0.0, |(_, w)| w / self.total)
    }
}

struct Anchor {
    key: u32,
    point: Option<LatLon>,
    admin1: String,
    admin2: String,
    country: String,
    weight: f64,
}

impl Gazetteer {
    /// Find and resolve toponyms in `doc.text`, appending to `doc.places` (sorted by position).
    /// Never panics; spans are valid char ranges of the original text.
    pub fn annotate(&self, doc: &mut Document) {
        let places = self.find_places(&doc.text);
        doc.places.extend(places);
        doc.places.sort_by_key(|p| (p.span.start, p.span.end));
    }

    /// The places in a text (the work of [`Gazetteer::annotate`]).
    pub fn find_places(&self, text: &str) -> Vec<PlaceAnn> {
        let norm = normalize(text);
        // Hashtags join the words of a name with underscores ("#حفر_الباطن"): read them as
        // spaces. One byte for one byte, so the offset map back to the original stays valid.
        let spaced;
        let t = if norm.text.contains('_') {
            spaced = norm.text.replace('_', " ");
            spaced.as_str()
        } else {
            norm.text.as_str()
        };
        let mut mentions = self.mentions(t);
        let unknown = unknown_after_triggers(t, &mentions);
        let descriptor = self.relative_descriptors(t, &mut mentions, &unknown);
        let resolved = self.resolve(t, &mentions);
        let mut out = Vec::with_capacity(mentions.len());
        let points: Vec<LatLon> = resolved
            .iter()
            .filter_map(|r| r.as_ref()?.entry)
            .filter_map(|e| self.entries[e as usize].point)
            .collect();
        for (na, nb, trig) in unknown {
            let (a, b) = norm.to_original(na, nb);
            let Some(surface) = text.get(a..b) else {
                continue;
            };
            if let Some(e) = self.spelling_variant(&t[na..nb], &points) {
                let m = Mention {
                    s: na,
                    e: nb,
                    ws: na,
                    key: 0,
                    mismatch: true,
                    xs: na,
                    xe: nb,
                    trig: Some((Trig::Place, trig.clone())),
                    near: false,
                    dir: None,
                    dir_before: false,
                    dir_union: Vec::new(),
                    rural: false,
                    evidence: true,
                    dateline: false,
                };
                let r = Resolved {
                    entry: Some(e),
                    confidence: 0.5,
                    reason: format!(
                        "spelling variant of {} ({}), within 25 km of other places in the text",
                        self.entries[e as usize].name_ar, self.entries[e as usize].id
                    ),
                };
                out.push(self.place_ann(&m, &r, Span::new(a, b), surface));
                continue;
            }
            out.push(PlaceAnn {
                span: Span::new(a, b),
                name: surface.to_string(),
                kind: "place".into(),
                trigger: Some(trig),
                confidence: 0.3,
                reason: "not in the gazetteer; named after a place-type word, so no coordinates"
                    .into(),
                ..Default::default()
            });
        }
        let (dist, replaced) = self.distance_expressions(t, &mentions, &resolved);
        for (a, b, p) in dist {
            let (a, b) = norm.to_original(a, b);
            if let Some(surface) = text.get(a..b) {
                out.push(PlaceAnn {
                    span: Span::new(a, b),
                    name: surface.to_string(),
                    ..p
                });
            }
        }
        for (i, m) in mentions.iter().enumerate() {
            let Some(r) = resolved[i].as_ref() else {
                continue;
            };
            if descriptor[i] || replaced.contains(&i) {
                continue;
            }
            // An adverb with tanween ("دوماً" = always) is not the place name.
            let (na, nb) = norm.to_original(m.s, m.e);
            if text.get(na..nb).is_some_and(|w| w.contains('\u{064B}')) {
                continue;
            }
            // Final ى where every place of that name ends in ي ("تبنى" = adopted, the town is
            // التبني): a verb or another word, unless a place-type word names it.
            if m.trig.is_none()
                && text.get(na..nb).is_some_and(|w| w.ends_with('ى'))
                && self.keys[m.key as usize].entries.iter().all(|&e| {
                    let x = &self.entries[e as usize];
                    x.name_ar.ends_with('ي') && x.kind != Kind::Country
                })
            {
                continue;
            }
            // "السجن المركزي في إدلب": a facility named with its town; the town is a place too.
            let mut m = m.clone();
            if let Some((fe, loc, ej)) = self.facility_location(t, &m, r) {
                let (la, lb) = norm.to_original(loc, m.e);
                if let Some(surface) = text.get(la..lb) {
                    let lm = Mention {
                        s: loc,
                        xs: loc,
                        ws: loc,
                        trig: None,
                        near: false,
                        dir: None,
                        dir_before: false,
                        dir_union: Vec::new(),
                        rural: false,
                        ..m.clone()
                    };
                    let lr = Resolved {
                        entry: Some(ej),
                        confidence: 0.8,
                        reason: "named as the location of a facility".into(),
                    };
                    out.push(self.place_ann(&lm, &lr, Span::new(la, lb), surface));
                    m.xe = fe;
                }
            }
            let m = &m;
            let (a, b) = norm.to_original(m.xs, m.xe);
            // Trim trailing spaces/punctuation that mapping could include.
            let span_text = text.get(a..b).unwrap_or("");
            let b = a + span_text.trim_end().len();
            if b <= a || !text.is_char_boundary(a) || !text.is_char_boundary(b) {
                continue;
            }
            // 'طريق “M4”': a trigger outside the quotes spans the quoted name with both marks.
            let b = close_quote(text, a, b);
            // "مدرسة قرية سلة الزهور": the facility, and the village it is named after.
            if let Some(w) = self.place_word_inside_facility(t, m) {
                let vm = Mention {
                    xs: m.s,
                    xe: m.e,
                    trig: Some((Trig::Place, w)),
                    ..m.clone()
                };
                let (va, vb) = norm.to_original(m.s, m.e);
                if let Some(surface) = text.get(va..vb) {
                    out.push(self.place_ann(&vm, r, Span::new(va, vb), surface));
                }
            }
            let mut p = self.place_ann(m, r, Span::new(a, b), text.get(a..b).unwrap_or(""));
            if let Some((q, town)) = self.road_point(t, &mentions, &resolved, i) {
                p.lat = Some((q.0 * 1e5).round() / 1e5);
                p.lon = Some((q.1 * 1e5).round() / 1e5);
                p.geo_precision = 2;
                p.reason = format!("{}; the point of the road nearest to {town}", p.reason);
            }
            if p.lat.is_none() {
                if let Some((q, area)) = self.road_in_area(t, &mentions, &resolved, i) {
                    p.lat = Some((q.0 * 1e5).round() / 1e5);
                    p.lon = Some((q.1 * 1e5).round() / 1e5);
                    p.geo_precision = 2;
                    p.reason = format!("{}; the part of the road in {area}", p.reason);
                }
            }
            self.name_road_segment(&mut p);
            if let Some((q, other)) = self.countryside_facing(t, &mentions, &resolved, i) {
                p.lat = Some((q.0 * 1e4).round() / 1e4);
                p.lon = Some((q.1 * 1e4).round() / 1e4);
                p.geo_precision = 2;
                p.reason = format!(
                    "{}; the part of the countryside facing {other}, named with it",
                    p.reason
                );
            }
            if let Some(j) = self.located_in(t, &mentions, i) {
                if let Some(Resolved {
                    entry: Some(ej), ..
                }) = resolved[j]
                {
                    let y = &self.entries[ej as usize];
                    if let Some((la, lo)) = y.point {
                        p.lat = Some(la);
                        p.lon = Some(lo);
                        p.admin1 = Some(y.admin1.clone()).filter(|s| !s.is_empty());
                        p.admin2 = Some(y.admin2.clone()).filter(|s| !s.is_empty());
                        p.admin3 = Some(y.admin3.clone()).filter(|s| !s.is_empty());
                        p.country = Some(y.country.clone()).filter(|s| !s.is_empty());
                        p.geo_precision = 1;
                        p.reason = format!("{}; located in {} as the text says", p.reason, y.id);
                    }
                }
            }
            out.push(p);
        }
        out.sort_by_key(|p| (p.span.start, std::cmp::Reverse(p.span.end)));
        out
    }

    /// Relative descriptors. A direction phrase right after another place name relates that
    /// place to the next one: in "عفرين شمال غرب حلب" حلب is the city itself (its own point, not
    /// a sector of it), and in "بلدة كفركلا جنوب لبنان" the region "جنوب لبنان" only describes
    /// where the village is (not tagged as a place of its own). Returns, per mention, whether it
    /// is such a descriptor region.
    fn relative_descriptors(
        &self,
        t: &str,
        ms: &mut [Mention],
        unknown: &[(usize, usize, String)],
    ) -> Vec<bool> {
        // A country is never located relative to a town ("الموالية لتركيا شمال حلب").
        let ends: Vec<usize> = ms
            .iter()
            .filter(|m| {
                !self.keys[m.key as usize]
                    .entries
                    .iter()
                    .any(|&e| self.entries[e as usize].kind == Kind::Country)
            })
            .map(|m| m.xe)
            .chain(unknown.iter().map(|u| u.1))
            .collect();
        let after_place = |start: usize| {
            ends.iter()
                .any(|&e| e < start && t.get(e..start).is_some_and(|g| g.trim().is_empty()))
        };
        let mut out = vec![false; ms.len()];
        for (i, m) in ms.iter_mut().enumerate() {
            if m.dir_before && !m.rural && after_place(m.xs) {
                m.dir = None;
                m.dir_before = false;
                m.xs = m.s;
                continue;
            }
            let directional_region = self.keys[m.key as usize].entries.iter().all(|&e| {
                let x = &self.entries[e as usize];
                x.kind == Kind::Region
                    && normalize_key(&x.name_ar)
                        .split(' ')
                        .next()
                        .and_then(direction_of)
                        .is_some()
            });
            if directional_region && after_place(m.ws) {
                out[i] = true;
            }
        }
        out
    }

    /// A facility name of the form "<facility> في <town>" (from the data): the byte where the
    /// facility part ends, where the town name starts, and the town's entry.
    fn facility_location(&self, t: &str, m: &Mention, r: &Resolved) -> Option<(usize, usize, u32)> {
        let e = &self.entries[r.entry? as usize];
        if e.kind != Kind::Facility {
            return None;
        }
        let inner = t.get(m.s..m.e)?;
        let pos = inner.find(" في ")?;
        let loc = m.s + pos + " في ".len();
        let name = t.get(loc..m.e)?;
        let ki = *self.key_ix.get(name)?;
        let c: Vec<u32> = self.keys[ki as usize]
            .entries
            .iter()
            .copied()
            .filter(|&x| {
                let y = &self.entries[x as usize];
                y.kind.is_populated() && y.rank >= 2 || y.kind == Kind::Governorate
            })
            .collect();
        let ej = self.single_cluster(&c)?;
        Some((m.s + pos, loc, ej))
    }

    /// "إدلب وريف حلب": a countryside named without a direction next to a place of another
    /// governorate means the part of the countryside facing that place (the octant of the
    /// governorate seen from its seat in that place's direction). Returns the point and the id
    /// of the other place.
    fn countryside_facing(
        &self,
        t: &str,
        ms: &[Mention],
        rs: &[Option<Resolved>],
        i: usize,
    ) -> Option<(LatLon, String)> {
        let m = &ms[i];
        let e = &self.entries[rs.get(i)?.as_ref()?.entry? as usize];
        if !m.rural || m.dir.is_some() || !(e.rank >= 3 || e.kind == Kind::Governorate) {
            return None;
        }
        let seat = match self.admin1_seat.get(&e.admin1) {
            Some(&s) => self.entries[s as usize].point?,
            None => return None,
        };
        let coordinated = |a: usize, b: usize| {
            t.get(a..b).is_some_and(|g| {
                g.len() <= 12
                    && !g.contains(['.', '\n', '؟', '!', ':', '(', ')'])
                    && (g.contains('و') || g.contains(','))
            })
        };
        let mut best: Option<(usize, u32)> = None;
        for (_, gap, ej) in self.resolved_around(ms, rs, i, coordinated) {
            let y = &self.entries[ej as usize];
            let major = y.kind == Kind::Governorate || (y.kind.is_populated() && y.rank >= 2);
            // Only a neighbour: "إدلب وريف حلب", not "حلب وريف اللاذقية" (the countryside is then
            // just one more item of a list).
            let adjacent = y.point.is_some_and(|q| {
                self.distance_to_governorate_km(&e.admin1, q)
                    .is_some_and(|d| d <= ADJACENT_KM)
            });
            if y.country == "SY"
                && major
                && adjacent
                && y.admin1 != e.admin1
                && y.point.is_some()
                && best.is_none_or(|(g, _)| gap < g)
            {
                best = Some((gap, ej));
            }
        }
        let (_, ej) = best?;
        let y = &self.entries[ej as usize];
        let b = crate::geom::bearing_deg(seat, y.point?);
        Some((self.sector_point(&e.admin1, seat, Some(b))?, y.id.clone()))
    }

    /// A facility expression that names its place with a place-type word ("مدرسة قرية X"):
    /// that word (X is then a place mention of its own, nested in the facility).
    fn place_word_inside_facility(&self, t: &str, m: &Mention) -> Option<String> {
        if !matches!(m.trig, Some((Trig::Facility, _))) || m.xs >= m.ws {
            return None;
        }
        let between = t.get(m.xs..m.ws)?;
        between.split(' ').find_map(|w| {
            strip_clitic(w)
                .into_iter()
                .find(|(_, st)| trigger_class(st) == Some(Trig::Place))
                .map(|(_, st)| st.to_string())
        })
    }

    /// "على الطريق الدولي M4 قرب أريحا": a road with line geometry, named in one sentence
    /// with a town within 10 km of the line, is placed at the point of the road nearest to
    /// that town (the closest such mention in the text). A road named alone gets no point: the
    /// middle of a 300 km highway says nothing about where something happened.
    fn road_point(
        &self,
        t: &str,
        ms: &[Mention],
        rs: &[Option<Resolved>],
        i: usize,
    ) -> Option<(LatLon, String)> {
        let e = &self.entries[rs.get(i)?.as_ref()?.entry? as usize];
        if e.kind != Kind::Road {
            return None;
        }
        let road = self.road(&e.id)?;
        let same_sentence = |a: usize, b: usize| {
            t.get(a..b)
                .is_some_and(|g| g.len() <= 80 && !g.contains(['.', '\n', '؟', '!']))
        };
        let mut best: Option<(usize, LatLon, &str)> = None;
        for (o, gap, ej) in self.resolved_around(ms, rs, i, same_sentence) {
            let y = &self.entries[ej as usize];
            let Some(pt) = y.point.filter(|_| y.kind.is_populated() && o.dir.is_none()) else {
                continue;
            };
            // The road's end cities name it ("طريق حلب - اللاذقية"), they don't locate a point.
            let terminal = [road.line.first(), road.line.last()]
                .into_iter()
                .flatten()
                .any(|v| haversine_km(pt, (v.1, v.0)) < 5.0);
            if !terminal && road.distance_km(pt) <= 10.0 && best.is_none_or(|(g, _, _)| gap < g) {
                best = Some((gap, pt, y.id.as_str()));
            }
        }
        let (_, pt, id) = best?;
        Some((
            crate::geom::closest_point_on_polyline(pt, &road.line)?,
            id.to_string(),
        ))
    }

    /// The resolved mentions other than `ms[i]` whose text gap to it (before or after)
    /// satisfies `gap_ok(start, end)`: (mention, gap length in bytes, entry index).
    fn resolved_around<'m>(
        &self,
        ms: &'m [Mention],
        rs: &'m [Option<Resolved>],
        i: usize,
        gap_ok: impl Fn(usize, usize) -> bool + 'm,
    ) -> impl Iterator<Item = (&'m Mention, usize, u32)> + 'm {
        let m = &ms[i];
        ms.iter().enumerate().filter_map(move |(j, o)| {
            if j == i {
                return None;
            }
            let gap = if o.xe <= m.xs {
                gap_ok(o.xe, m.xs).then(|| m.xs - o.xe)
            } else if m.xe <= o.ws {
                gap_ok(m.xe, o.ws).then(|| o.ws - m.xe)
            } else {
                None
            }?;
            let ej = rs.get(j)?.as_ref()?.entry?;
            Some((o, gap, ej))
        })
    }

    /// "على طريق M4 بريف إدلب الجنوبي", "في محافظة إدلب": a highway followed in the same clause
    /// by a governorate or countryside is placed at the point of the road inside that governorate
    /// nearest to the area's own point (a sector point for "ريف X الجنوبي"). `None` when the
    /// road does not cross the governorate: the text then names a reference, not the segment.
    fn road_in_area(
        &self,
        t: &str,
        ms: &[Mention],
        rs: &[Option<Resolved>],
        i: usize,
    ) -> Option<(LatLon, String)> {
        let m = ms.get(i)?;
        let e = &self.entries[rs.get(i)?.as_ref()?.entry? as usize];
        let road = self.road(&e.id)?;
        let j = i + 1;
        let o = ms.get(j)?;
        let start = o.xs.min(o.ws);
        let gap = t.get(m.xe..start)?;
        if gap.len() > 60 || gap.contains(['.', '\n', '؟', '!', '،', ',', ';']) {
            return None;
        }
        const LINK: &[&str] = &[
            "في",
            "داخل",
            "ضمن",
            "الدولي",
            "الدوليه",
            "السريع",
            "محافظه",
            "بمحافظه",
            "منطقه",
            "بمنطقه",
            "ريف",
            "بريف",
            "قرب",
            "بالقرب",
            "من",
            "ب",
        ];
        let words: Vec<&str> = gap
            .split(|c: char| c.is_whitespace() || matches!(c, '"' | '«' | '»' | '“' | '”' | '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let clitic_b = t.get(o.ws..o.s).is_some_and(|c| c.ends_with('ب'));
        if !words.iter().all(|w| LINK.contains(w)) || (words.is_empty() && !clitic_b) {
            return None;
        }
        let r = rs.get(j)?.as_ref()?;
        let y = &self.entries[r.entry? as usize];
        // A town right after the road is road_point's business; here only areas, or a
        // governorate seat standing for its governorate ("في إدلب" with a direction or ريف).
        let area_like = matches!(y.kind, Kind::Governorate | Kind::Region | Kind::District)
            || o.rural
            || o.dir.is_some();
        if !area_like || y.admin1.is_empty() {
            return None;
        }
        let target = {
            let a = self.place_ann(o, r, Span::new(0, 0), "");
            (a.lat?, a.lon?)
        };
        let area = self.admin1_polygons().find(|a| a.admin1 == y.admin1)?;
        let mut best: Option<(f64, LatLon)> = None;
        for w in road.line.windows(2) {
            let (a, b) = ((w[0].1, w[0].0), (w[1].1, w[1].0));
            let steps = (haversine_km(a, b) / 0.5).ceil().max(1.0) as usize;
            for k in 0..=steps {
                let f = k as f64 / steps as f64;
                let q = (a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f);
                if area.contains(q) {
                    let d = haversine_km(q, target);
                    if best.is_none_or(|(bd, _)| d < bd) {
                        best = Some((d, q));
                    }
                }
            }
        }
        best.map(|(_, q)| (q, y.admin1.clone()))
    }

    /// A highway placed at a point is named by the governorate of that point, as ACLED names
    /// road segments: "M4 highway (Idlib)".
    fn name_road_segment(&self, p: &mut PlaceAnn) {
        let (Some(la), Some(lo)) = (p.lat, p.lon) else {
            return;
        };
        let Some(road) = p.gazetteer_id.as_deref().and_then(|id| self.road(id)) else {
            return;
        };
        let Some(a1) = self.admin1_polygons().find(|a| a.contains((la, lo))) else {
            return;
        };
        let base = road.name_en.split(" (").next().unwrap_or(&road.name_en);
        p.name = format!("{base} ({})", a1.admin1);
        p.admin1 = Some(a1.admin1.clone());
        p.admin2 = None;
        p.admin3 = None;
    }

    /// "طريق راجو بمدينة عفرين": a road (or facility) named after one place but said to be in
    /// another town. Returns the index of the mention of that town.
    fn located_in(&self, t: &str, ms: &[Mention], i: usize) -> Option<usize> {
        let m = ms.get(i)?;
        if !matches!(m.trig, Some((Trig::Road, _))) {
            return None;
        }
        let j = i + 1;
        let n = ms.get(j)?;
        let gap = t.get(m.xe..n.ws)?.trim();
        let ok = matches!(
            gap,
            "في" | "داخل"
                | "وسط"
                | "بمدينه"
                | "في مدينه"
                | "داخل مدينه"
                | "وسط مدينه"
                | "ضمن مدينه"
                | "ببلده"
                | "في بلده"
                | "بقريه"
                | "في قريه"
        ) || (gap.is_empty() && t.get(n.ws..n.s).is_some_and(|p| p == "ب"));
        let town = self.keys[n.key as usize]
            .entries
            .iter()
            .any(|&e| self.entries[e as usize].kind.is_populated());
        let trig_ok = !matches!(&n.trig, Some((c, _)) if *c != Trig::Place);
        (ok && town && trig_ok).then_some(j)
    }

    /// A key naming a major place: a governorate seat or large city, a governorate or a country.
    fn key_is_major(&self, ki: u32) -> bool {
        self.keys[ki as usize].entries.iter().any(|&e| {
            let x = &self.entries[e as usize];
            x.kind.is_populated() && (x.rank >= 3 || x.population >= 100_000)
                || matches!(x.kind, Kind::Governorate | Kind::Country)
        })
    }

    fn mentions(&self, t: &str) -> Vec<Mention> {
        // 1. all boundary-valid hits
        let mut cands: Vec<(usize, usize, usize, u32, bool)> = Vec::new(); // (s, e, ws, key, mismatch)
        let mut hits: Vec<(usize, usize, usize, u32, PatForm)> = Vec::new(); // (s, e, ws, key, form)
        let mut prev_word_char = false;
        for (ws, c) in t.char_indices() {
            let w = is_word(c);
            let start_of_word = w && !prev_word_char;
            prev_word_char = w;
            if !start_of_word {
                continue;
            }
            // Candidate name starts: the word start and after each valid proclitic chain.
            let mut s = ws;
            for step in 0..7 {
                if step > 0 {
                    let Some(ch) = t[s..].chars().next() else {
                        break;
                    };
                    if !is_word(ch) {
                        break;
                    }
                    s += ch.len_utf8();
                    if split_prefix(&t[ws..s]).is_none() && glued_prefix(&t[ws..s]).is_none() {
                        continue;
                    }
                }
                let input = Input::new(t).range(s..).anchored(Anchored::Yes);
                let Some(m) = self.ac.find(input) else {
                    continue;
                };
                let e = m.end();
                if t[e..].chars().next().is_some_and(is_word) {
                    continue;
                }
                for &(ki, form) in &self.pats[m.pattern().as_usize()] {
                    hits.push((s, e, ws, ki, form));
                }
            }
        }
        for (s, e, ws, ki, form) in hits {
            let key = &self.keys[ki as usize];
            let art = match split_prefix(&t[ws..s]) {
                Some(art) => art,
                // "فيدمشق": a preposition written without its space, before a major place only.
                None => match glued_prefix(&t[ws..s]) {
                    Some(art) if !key.stop && key.nchars >= 4 && self.key_is_major(ki) => art,
                    _ => continue,
                },
            };
            let (s2, mismatch) = match (form, key.has_article, art) {
                (PatForm::Full, true, Art::None) => (s, false),
                (PatForm::Full, true, _) => continue,
                (PatForm::Full, false, Art::None) => (s, false),
                (PatForm::Full, false, Art::Al) => (s - "ال".len(), true),
                (PatForm::Full, false, Art::LL) => (s, true),
                (PatForm::NoArticle, _, Art::Al) => continue, // same as the Full hit
                (PatForm::NoArticle, _, Art::LL) => (s, false),
                (PatForm::NoArticle, _, Art::None) => {
                    // "رامي" for the village "الرامي": usually a person's name; needs a trigger.
                    if !self.has_place_trigger(t, ws) {
                        continue;
                    }
                    (s, true)
                }
            };
            // "الطريق M4" for the alias "طريق M4": the article on a road word is no mismatch.
            let mismatch = mismatch
                && !key
                    .entries
                    .iter()
                    .all(|&e| self.entries[e as usize].kind == Kind::Road);
            // A Latin name must not be glued to Arabic letters and vice versa: handled by split_prefix.
            let arabic = !t[s..e].is_ascii();
            // A 3-letter name glued to a proclitic ("وحلب") is ambiguous with common words, unless
            // one of its entries is a major place (governorate seat, large city, country).
            let major = || {
                key.entries.iter().any(|&e| {
                    let x = &self.entries[e as usize];
                    x.kind.is_populated() && (x.rank >= 3 || x.population >= 100_000)
                        || matches!(x.kind, Kind::Governorate | Kind::Country)
                })
            };
            let needs_trigger =
                key.stop || (arabic && key.nchars == 3 && (mismatch || (ws < s2 && !major())));
            if needs_trigger && !self.has_place_trigger(t, ws) {
                continue;
            }
            // Countries never take the article: "السورية" is the adjective "Syrian".
            if mismatch
                && key
                    .entries
                    .iter()
                    .all(|&e| self.entries[e as usize].kind == Kind::Country)
            {
                continue;
            }
            if self.in_organisation_name(t, ws, e) || after_street_word(t, ws) {
                continue;
            }
            // "حي باب النيرب", "جبل الزاوية" unknown to the gazetteer: a bare head noun (no
            // article) followed by another name word starts a compound name; it is never the
            // single-word place ("الباب", "التل").
            if art == Art::None && is_compound_head(&t[s..e]) && next_is_name_word(t, e) {
                continue;
            }
            cands.push((s2, e, ws, ki, mismatch));
        }
        // 2. longest non-overlapping, exact spellings first
        cands.sort_by(|a, b| {
            (b.1 - b.0)
                .cmp(&(a.1 - a.0))
                .then(a.4.cmp(&b.4))
                .then(a.0.cmp(&b.0))
        });
        let mut taken: Vec<(usize, usize)> = Vec::new();
        let mut kept: Vec<Mention> = Vec::new();
        for (s, e, ws, key, mismatch) in cands {
            if taken.iter().any(|&(a, b)| s < b && a < e) {
                continue;
            }
            taken.push((s, e));
            kept.push(Mention {
                s,
                e,
                ws,
                key,
                mismatch,
                xs: s,
                xe: e,
                trig: None,
                near: false,
                dir: None,
                dir_before: false,
                dir_union: Vec::new(),
                rural: false,
                evidence: false,
                dateline: false,
            });
        }
        kept.sort_by_key(|m| m.s);
        // 3. context words
        for m in kept.iter_mut() {
            self.context_words(t, m);
        }
        // List propagation: "قرى البارة وعين لاروز والموزرة".
        for i in 1..kept.len() {
            let (prev, cur) = kept.split_at_mut(i);
            let p = &prev[i - 1];
            let c = &mut cur[0];
            if c.trig.is_none() && p.evidence && p.xe <= c.ws {
                let gap = &t[p.xe..c.ws];
                if gap.len() <= 4 && gap.chars().all(|ch| ch == ' ' || ch == ',' || ch == 'و') {
                    c.evidence = true;
                    if let Some((Trig::Place, w)) = &p.trig {
                        c.trig = Some((Trig::Place, w.clone()));
                    }
                }
            }
        }
        // Dateline: a name among the first words followed by " -" or ":".
        if let Some(m) = kept.first_mut() {
            let head = t[..m.ws].trim();
            let after = t[m.xe..].trim_start_matches(' ');
            if head.chars().count() <= 12
                && (after.starts_with('-') || after.starts_with(':') || after.starts_with('('))
            {
                m.dateline = true;
            }
        }
        // Remove mentions swallowed by another's extended span.
        let spans: Vec<(usize, usize, usize)> = kept
            .iter()
            .enumerate()
            .map(|(i, m)| (i, m.xs, m.xe))
            .collect();
        let mut drop = vec![false; kept.len()];
        for &(i, a, b) in &spans {
            for &(j, c, d) in &spans {
                if i != j && a <= c && d <= b && (b - a) > (d - c) {
                    drop[j] = true;
                }
            }
        }
        kept.into_iter()
            .zip(drop)
            .filter(|(_, d)| !d)
            .map(|(m, _)| m)
            .collect()
    }

    /// "الجوبة (50 كلم جنوب مأرب)": a name not in the gazetteer placed by distance and direction
    /// from a resolved place. Returns (normalized start, end, place without surface name).
    fn distance_expressions(
        &self,
        t: &str,
        ms: &[Mention],
        rs: &[Option<Resolved>],
    ) -> (Vec<(usize, usize, PlaceAnn)>, Vec<usize>) {
        let mut out = Vec::new();
        let mut replaced = Vec::new();
        for (i, m) in ms.iter().enumerate() {
            let Some(Some(Resolved {
                entry: Some(ei), ..
            })) = rs.get(i)
            else {
                continue;
            };
            let e = &self.entries[*ei as usize];
            let Some(base) = e.point else { continue };
            // Walk back from the reference place: direction word, unit, number, "(".
            let Some((da, db)) = prev_word(t, m.ws) else {
                continue;
            };
            let Some(mut v) = direction_of(&t[da..db]) else {
                continue;
            };
            // "30 كلم شمال غرب مأرب": a compound direction.
            let mut da = da;
            if let Some((qa, qb)) = prev_word(t, da) {
                if let Some(v0) = direction_of(&t[qa..qb]).filter(|v0| *v0 != v) {
                    v = (v.0 + v0.0, v.1 + v0.1);
                    da = qa;
                }
            }
            let Some((ua, ub)) = prev_word(t, da) else {
                continue;
            };
            if !matches!(&t[ua..ub], "كلم" | "كم" | "كيلومترا" | "كيلومتر" | "كيلو")
            {
                continue;
            }
            let Some((na, nb)) = prev_word(t, ua) else {
                continue;
            };
            let Ok(km) = t[na..nb].parse::<f64>() else {
                continue;
            };
            let before = t[..na].trim_end_matches(' ');
            let Some(before) = before.strip_suffix('(') else {
                continue;
            };
            let xe = before.trim_end_matches(' ').len();
            let xs = word_start(t, xe);
            if xs >= xe {
                continue;
            }
            // A gazetteer hit on the same word yields to the distance expression when it is a
            // homonym far from the place the text describes (or was left unresolved).
            let Some((lab, bearing)) = direction_label(v) else {
                continue;
            };
            let q = destination(base, bearing, km);
            let mut over = Vec::new();
            let mut keep_hit = false;
            for (j, o) in ms.iter().enumerate() {
                if !(o.xs < xe && xs < o.xe) {
                    continue;
                }
                let far = match rs.get(j) {
                    Some(Some(Resolved {
                        entry: Some(ej), ..
                    })) => match self.entries[*ej as usize].point {
                        Some(p) => haversine_km(p, q) > 30.0_f64.max(km / 2.0),
                        None => true,
                    },
                    _ => true,
                };
                if far {
                    over.push(j);
                } else {
                    keep_hit = true;
                }
            }
            if keep_hit {
                continue;
            }
            let mut word = &t[xs..xe];
            let mut xs2 = xs;
            for p in ["وال", "بال", "ال"] {
                if let Some(r) = word.strip_prefix(p) {
                    if r.chars().count() >= 3 {
                        xs2 = xs + p.len() - "ال".len();
                        word = &t[xs2..xe];
                        break;
                    }
                }
            }
            if word.chars().count() < 3 || not_a_name(word) || !(1.0..=500.0).contains(&km) {
                continue;
            }
            replaced.extend(over);
            out.push((
                xs2,
                xe,
                PlaceAnn {
                    kind: "place".into(),
                    lat: Some((q.0 * 1e4).round() / 1e4),
                    lon: Some((q.1 * 1e4).round() / 1e4),
                    admin1: Some(e.admin1.clone()).filter(|a| !a.is_empty() && km <= 60.0),
                    country: Some(e.country.clone()).filter(|c| !c.is_empty()),
                    geo_precision: 2,
                    direction: Some(lab.to_string()),
                    confidence: 0.5,
                    reason: format!(
                        "not in the gazetteer; placed {km} km {lab} of {} as the text says",
                        e.id
                    ),
                    ..Default::default()
                },
            ));
        }
        (out, replaced)
    }

    /// A gazetteer entry whose name differs from `w` (normalized) only by a final ة/ه or the
    /// article, lying within 25 km of a place resolved in the same text (one place only).
    fn spelling_variant(&self, w: &str, points: &[LatLon]) -> Option<u32> {
        if points.is_empty() || w.chars().count() < 4 {
            return None;
        }
        let bare = w.strip_prefix("ال").unwrap_or(w);
        let mut variants = Vec::with_capacity(8);
        for base in [bare.to_string(), format!("ال{bare}")] {
            variants.push(format!("{base}ه"));
            if let Some(x) = base.strip_suffix('ه') {
                variants.push(x.to_string());
            }
            variants.push(base);
        }
        let mut found: Vec<u32> = Vec::new();
        for v in &variants {
            let Some(&ki) = self.key_ix.get(v.as_str()) else {
                continue;
            };
            for &e in &self.keys[ki as usize].entries {
                let x = &self.entries[e as usize];
                let close = x
                    .point
                    .is_some_and(|p| points.iter().any(|q| haversine_km(p, *q) < 25.0));
                if x.kind.is_populated() && close && !found.contains(&e) {
                    found.push(e);
                }
            }
        }
        let first = *found.first()?;
        let fx = &self.entries[first as usize];
        found
            .iter()
            .all(|&e| self.same_place(fx, &self.entries[e as usize]))
            .then_some(first)
    }

    /// Names inside media and organisation names: "قناة الميادين", "هيئة تحرير الشام",
    /// "قوات سوريا الديمقراطية".
    fn in_organisation_name(&self, t: &str, ws: usize, e: usize) -> bool {
        let before = prev_word(t, ws).map(|(a, b)| &t[a..b]).unwrap_or("");
        let before = before.strip_prefix('و').unwrap_or(before);
        let after = next_word(t, e).map(|(a, b)| &t[a..b]).unwrap_or("");
        matches!(
            before,
            "قناه"
                | "صحيفه"
                | "وكاله"
                | "شبكه"
                | "تلفزيون"
                | "اذاعه"
                | "جريده"
                | "تحرير"
                | "احرار"
                | "فيلق"
                | "مجله"
                | "راديو"
                | "بقناه"
                | "لقناه"
                | "لصحيفه"
                | "لوكاله"
        ) || matches!(
            after,
            "الديمقراطيه" | "للانباء" | "نيوز" | "الاخباريه" | "الفضائيه"
        )
    }

    /// Is the word before `ws` a place/facility trigger?
    fn has_place_trigger(&self, t: &str, ws: usize) -> bool {
        prev_word(t, ws).is_some_and(|(a, b)| {
            strip_clitic(&t[a..b]).iter().any(|(_, st)| {
                matches!(
                    trigger_class(st),
                    Some(
                        Trig::Place
                            | Trig::Governorate
                            | Trig::District
                            | Trig::Facility
                            | Trig::Rural
                            | Trig::Natural
                    )
                )
            })
        })
    }

    fn context_words(&self, t: &str, m: &mut Mention) {
        let name_entries = &self.keys[m.key as usize].entries;
        let is_curated_multiword = t[m.s..m.e].contains(' ')
            && name_entries.iter().any(|&e| {
                matches!(
                    self.entries[e as usize].kind,
                    Kind::Region | Kind::Facility | Kind::Road | Kind::Water
                )
            });
        let Some((pa, pb)) = prev_word(t, m.ws) else {
            self.after_words(t, m);
            return;
        };
        let pw = &t[pa..pb];
        let mut found = None;
        for (off, st) in strip_clitic(pw) {
            if let Some(c) = trigger_class(st) {
                found = Some((c, pa + off, st.to_string()));
                break;
            }
        }
        if let Some((c, stem_start, word)) = found {
            m.evidence = true;
            // "طريق حلب - اللاذقية": two cities naming a road stay places.
            let city_pair = c == Trig::Road && t[m.xe..].trim_start_matches(' ').starts_with('-');
            match c {
                Trig::Road if city_pair => {}
                Trig::Facility | Trig::Road | Trig::Natural if !is_curated_multiword => {
                    m.xs = stem_start;
                    m.trig = Some((c, word));
                    if c == Trig::Facility {
                        // Trailing adjectives: الدولي، العسكري، الجوية …
                        let mut end = m.xe;
                        for _ in 0..2 {
                            match next_word(t, end) {
                                Some((a, b))
                                    if matches!(
                                        &t[a..b],
                                        "الدولي"
                                            | "العسكري"
                                            | "الجويه"
                                            | "العسكريه"
                                            | "المركزي"
                                            | "الحدودي"
                                            | "البحريه"
                                            | "الجوي"
                                    ) =>
                                {
                                    end = b
                                }
                                _ => break,
                            }
                        }
                        m.xe = end;
                    }
                }
                Trig::District if word == "قضاء" => {
                    m.xs = stem_start;
                    m.trig = Some((c, word));
                }
                Trig::Rural => {
                    m.xs = stem_start;
                    m.rural = true;
                    m.trig = Some((c, word));
                }
                Trig::Near => {
                    m.near = true;
                    m.trig = Some((c, word));
                }
                Trig::Place => {
                    // "مدرسة قرية X": a facility word before the place word.
                    if let Some((qa, qb)) = prev_word(t, pa) {
                        if let Some((off, st)) = strip_clitic(&t[qa..qb])
                            .into_iter()
                            .find(|(_, st)| trigger_class(st) == Some(Trig::Facility))
                        {
                            m.xs = qa + off;
                            m.trig = Some((Trig::Facility, st.to_string()));
                            return;
                        }
                    }
                    m.trig = Some((c, word));
                }
                _ => m.trig = Some((c, word)),
            }
            if m.rural {
                self.after_words(t, m);
            }
            return;
        }
        // "من" after "بالقرب" / "قريبا": near.
        if pw == "من" {
            if let Some((qa, qb)) = prev_word(t, pa) {
                if matches!(&t[qa..qb], "بالقرب" | "قريبا" | "مقربه" | "بمقربه")
                {
                    m.near = true;
                    m.evidence = true;
                    m.trig = Some((Trig::Near, t[qa..qb].to_string()));
                    return;
                }
            }
        }
        // Direction before the name: "شمال إدلب", "جنوب شرقي حلب", "بريف إدلب" handled above.
        let mut dir = None;
        for (off, st) in strip_clitic(pw) {
            if let Some(v) = direction_of(st) {
                if !st.starts_with("ال") {
                    dir = Some((v, pa + off));
                    break;
                }
            }
        }
        if let Some((v, start)) = dir {
            let mut v = v;
            let mut start = start;
            if let Some((qa, qb)) = prev_word(t, pa) {
                for (off, st) in strip_clitic(&t[qa..qb]) {
                    if let Some(v0) = direction_of(st) {
                        if !st.starts_with("ال") && v0 != v {
                            v = (v.0 + v0.0, v.1 + v0.1);
                            start = qa + off;
                            break;
                        }
                    }
                }
            }
            // "شمال إدلب" is a region of a governorate; "جنوب مأرب" / "غرب أريحا" is near a town.
            let gov = name_entries.iter().any(|&e| {
                let x = &self.entries[e as usize];
                x.country == "SY"
                    && (x.kind == Kind::Governorate || (x.kind.is_populated() && x.rank >= 3))
            });
            m.evidence = true;
            if gov {
                m.dir = Some(v);
                m.dir_before = true;
                m.xs = start;
            } else {
                m.near = true;
            }
            return;
        }
        // "الريف الجنوبي والشرقي لإدلب": the name carries the preposition ل.
        if t[m.ws..m.s].ends_with('ل') || t[m.ws..m.s] == *"لل" {
            let mut v = (0.0, 0.0);
            let mut group = (0.0, 0.0);
            let mut groups = Vec::new();
            let mut pos = m.ws;
            let mut any = false;
            for _ in 0..4 {
                let Some((a, b)) = prev_word(t, pos) else {
                    break;
                };
                let w = &t[a..b];
                let w2 = w.strip_prefix('و').unwrap_or(w);
                if let Some(d) = direction_of(w2).filter(|_| w2.starts_with("ال")) {
                    v = (v.0 + d.0, v.1 + d.1);
                    group = (group.0 + d.0, group.1 + d.1);
                    if w2.len() < w.len() {
                        // read backwards, "والشرقي" opens its group: close it
                        groups.push(group);
                        group = (0.0, 0.0);
                    }
                    pos = a;
                    any = true;
                    continue;
                }
                if any && matches!(w, "الريف" | "بالريف" | "والريف" | "للريف")
                {
                    let off = w.len() - "الريف".len();
                    m.xs = a + off;
                    m.rural = true;
                    m.dir = Some(v);
                    if !groups.is_empty() {
                        if group != (0.0, 0.0) {
                            groups.push(group);
                        }
                        if groups.len() > 1 {
                            m.dir_union = groups;
                        }
                    }
                    m.evidence = true;
                    m.trig = Some((Trig::Rural, "ريف".into()));
                }
                break;
            }
        }
    }

    /// Direction adjectives after "ريف X": "ريف حلب الشمالي الغربي".
    fn after_words(&self, t: &str, m: &mut Mention) {
        if !m.rural {
            return;
        }
        let mut v = (0.0, 0.0);
        let mut group = (0.0, 0.0);
        let mut groups = Vec::new();
        let mut end = m.xe;
        for _ in 0..3 {
            let Some((a, b)) = next_word(t, end) else {
                break;
            };
            let w = &t[a..b];
            let w2 = w.strip_prefix('و').unwrap_or(w);
            match direction_of(w2) {
                Some(d) if w2.starts_with("ال") => {
                    if w2.len() < w.len() && end > m.xe {
                        groups.push(group);
                        group = (0.0, 0.0);
                    }
                    group = (group.0 + d.0, group.1 + d.1);
                    v = (v.0 + d.0, v.1 + d.1);
                    end = b;
                }
                _ => break,
            }
        }
        if end > m.xe {
            m.xe = end;
            m.dir = Some(v);
            if !groups.is_empty() {
                groups.push(group);
                m.dir_union = groups;
            }
        }
    }

    /// Candidate entries of a mention, with admin units folded into their seat cities.
    fn candidates(&self, m: &Mention) -> Vec<u32> {
        let all = &self.keys[m.key as usize].entries;
        let want_admin = match &m.trig {
            Some((Trig::Governorate, _)) => Some(Kind::Governorate),
            Some((Trig::District, w)) if w == "قضاء" || w == "منطقه" => {
                Some(Kind::District)
            }
            Some((Trig::Place, w)) if w == "ناحيه" => Some(Kind::Subdistrict),
            _ => None,
        };
        if let Some(k) = want_admin {
            let v: Vec<u32> = all
                .iter()
                .copied()
                .filter(|&e| self.entries[e as usize].kind == k)
                .collect();
            if !v.is_empty() {
                return v;
            }
            // "محافظة الأنبار" is not the Syrian hamlet الأنبار: only seats or regions can follow.
            if k == Kind::Governorate {
                return all
                    .iter()
                    .copied()
                    .filter(|&e| {
                        let x = &self.entries[e as usize];
                        x.rank >= 2 || x.kind.is_admin() || x.kind == Kind::Region
                    })
                    .collect();
            }
        }
        // A governorate hides its homonymous district/sub-district (ريف دمشق).
        let gov_admin1: Vec<&str> = all
            .iter()
            .map(|&e| &self.entries[e as usize])
            .filter(|x| x.kind == Kind::Governorate)
            .map(|x| x.admin1.as_str())
            .collect();
        let has_seat = |admin1: &str| {
            all.iter().any(|&e| {
                let x = &self.entries[e as usize];
                x.kind.is_populated() && x.rank >= 1 && x.admin1 == admin1
            })
        };
        all.iter()
            .copied()
            .filter(|&e| {
                let x = &self.entries[e as usize];
                let hidden_by_gov = matches!(x.kind, Kind::District | Kind::Subdistrict)
                    && gov_admin1.contains(&x.admin1.as_str());
                !(hidden_by_gov || (x.kind.is_admin() && has_seat(&x.admin1)))
            })
            .collect()
    }

    fn prior(&self, e: &Entry) -> f64 {
        let mut s = e.rank as f64;
        if e.kind.is_populated() {
            // Syrian seats without a census figure get a floor by rank.
            let floor = if e.country == "SY" {
                [0u64, 5_000, 20_000, 100_000][e.rank.min(3) as usize]
            } else {
                0
            };
            s += ((e.population.max(floor) as f64) + 1.0).log10() / 2.0;
        }
        s += match e.kind {
            Kind::Country => 10.0,
            Kind::Region | Kind::Facility | Kind::Road | Kind::Water => 2.5,
            Kind::Governorate => 3.0,
            Kind::District => 1.5,
            _ => 0.0,
        };
        if e.prio {
            s += 1.0;
        }
        if e.country == "SY" {
            s += 0.5;
        }
        s
    }

    fn resolve(&self, t: &str, ms: &[Mention]) -> Vec<Option<Resolved>> {
        let cands: Vec<Vec<u32>> = ms.iter().map(|m| self.candidates(m)).collect();
        let mut out: Vec<Option<Resolved>> = vec![None; ms.len()];
        // Nationality adjectives ("العاصمة الليبية", "الجيش اللبناني") are country context.
        let mut anchors: Vec<Anchor> = nationality_countries(t)
            .into_iter()
            .map(|(cc, weight)| Anchor {
                key: u32::MAX,
                point: None,
                admin1: String::new(),
                admin2: String::new(),
                country: cc.to_string(),
                weight,
            })
            .collect();
        let weak: Vec<bool> = ms
            .iter()
            .zip(&cands)
            .map(|(m, c)| {
                let k = &self.keys[m.key as usize];
                let entry_strong = |x: &Entry| {
                    x.rank >= 1
                        || x.population >= 10000
                        || x.prio
                        || !matches!(
                            x.kind,
                            Kind::Village | Kind::Neighbourhood | Kind::Subdistrict
                        )
                };
                let entry_very_strong = |x: &Entry| {
                    x.rank >= 2
                        || x.population >= 50000
                        || matches!(
                            x.kind,
                            Kind::Country
                                | Kind::Governorate
                                | Kind::Region
                                | Kind::Facility
                                | Kind::Road
                        )
                };
                let strong = c.iter().any(|&e| entry_strong(&self.entries[e as usize]));
                let very_strong = c
                    .iter()
                    .any(|&e| entry_very_strong(&self.entries[e as usize]));
                // Foreign cities under 500,000 people need context, provincial capitals too
                // ("حجة" = argument, "إطار" = framework, "الخبر" = the news are such cities).
                let foreign_minor = c.iter().all(|&e| {
                    let x = &self.entries[e as usize];
                    x.country != "SY" && x.kind.is_populated() && x.population < 500_000 && !x.prio
                });
                // A unique curated two-word name ("جبل محسن") is specific enough on its own.
                let curated_multiword = c.len() == 1
                    && t[m.s..m.e].contains(' ')
                    && self.entries[c[0] as usize].id.contains(':')
                    && !self.entries[c[0] as usize].id.starts_with("gn:");
                if curated_multiword && !k.stop && !m.mismatch {
                    return false;
                }
                !strong || foreign_minor || k.stop || m.mismatch || (k.nchars <= 3 && !very_strong)
            })
            .collect();
        let anchor_of = |m: &Mention, x: &Entry| Anchor {
            key: m.key,
            point: x.point,
            admin1: x.admin1.clone(),
            admin2: x.admin2.clone(),
            country: x.country.clone(),
            weight: if m.dateline { 2.0 } else { 1.0 },
        };
        // Pass 1: unambiguous, non-weak mentions are anchors.
        for (i, m) in ms.iter().enumerate() {
            if weak[i] || cands[i].is_empty() {
                continue;
            }
            if let Some(e) = self.single_cluster(&cands[i]) {
                let x = &self.entries[e as usize];
                anchors.push(anchor_of(m, x));
                let n = cands[i].len();
                out[i] = Some(Resolved {
                    entry: Some(e),
                    confidence: 0.9,
                    reason: if n == 1 {
                        "unique name".into()
                    } else {
                        format!("{n} entries, all within {SAME_PLACE_KM} km")
                    },
                });
            }
        }
        // Pass 1b: a minor place of a country the article otherwise never mentions, while it
        // talks about another country, is most likely a homograph ("صرمان" in a Libyan report).
        let mut done = vec![false; ms.len()];
        let mut by_country: std::collections::HashMap<String, usize> =
            std::collections::HashMap::new();
        for a in anchors.iter().filter(|a| a.weight >= 1.0) {
            *by_country.entry(a.country.clone()).or_default() += 1;
        }
        for (i, m) in ms.iter().enumerate() {
            let Some(Resolved { entry: Some(e), .. }) = &out[i] else {
                continue;
            };
            done[i] = true;
            let x = &self.entries[*e as usize];
            let big = cands[i].iter().any(|&c| {
                let y = &self.entries[c as usize];
                y.population >= 100_000 || y.rank >= 2 || !y.kind.is_populated()
            });
            // A place-type word ("بلدة عرسال") says the name is a place, not a homograph.
            if !x.kind.is_populated() || big || x.rank >= 3 || x.country.is_empty() || m.evidence {
                continue;
            }
            let own = by_country.get(&x.country).copied().unwrap_or(0);
            let other = by_country
                .iter()
                .filter(|(c, _)| **c != x.country)
                .map(|(_, n)| *n)
                .max()
                .unwrap_or(0);
            if own <= 1 && other >= 2 {
                out[i] = None;
                anchors.retain(|a| a.key != m.key);
            }
        }
        // Scoring only takes maxima and minima over the anchors: repeated mentions of one place
        // add nothing but work (quadratic in long texts), so each distinct anchor is kept once.
        type AnchorKey = (u32, Option<(u64, u64)>, String, String, String, u64);
        let anchor_key = |a: &Anchor| -> AnchorKey {
            (
                a.key,
                a.point.map(|p| (p.0.to_bits(), p.1.to_bits())),
                a.admin1.clone(),
                a.admin2.clone(),
                a.country.clone(),
                a.weight.to_bits(),
            )
        };
        let mut seen: std::collections::HashSet<AnchorKey> = std::collections::HashSet::new();
        anchors.retain(|a| seen.insert(anchor_key(a)));
        // Pass 2 (two rounds): the rest, scored against the anchors; clear winners become anchors.
        for round in 0..2 {
            let last = round == 1;
            let ctx = CountryCtx::of(&anchors);
            for (i, m) in ms.iter().enumerate() {
                if done[i] || cands[i].is_empty() {
                    continue;
                }
                let mut scored: Vec<(f64, u32, String, Support)> = cands[i]
                    .iter()
                    .map(|&e| {
                        let (s, why, sup) =
                            self.score(&self.entries[e as usize], m, &anchors, &ctx, false);
                        (s, e, why, sup)
                    })
                    .collect();
                scored.sort_by(|a, b| {
                    b.0.partial_cmp(&a.0)
                        .unwrap_or(std::cmp::Ordering::Equal)
                        .then(a.1.cmp(&b.1))
                });
                let (best_s, best, _, sup) = scored[0].clone();
                let bx = &self.entries[best as usize];
                let why = self.score(bx, m, &anchors, &ctx, true).1;
                let runner = scored
                    .iter()
                    .skip(1)
                    .find(|(_, e, _, _)| !self.same_place(bx, &self.entries[*e as usize]));
                let margin = runner.map(|r| best_s - r.0).unwrap_or(f64::INFINITY);
                let supported = if m.mismatch {
                    // spelled with/without the article unlike the gazetteer: needs close support
                    sup.admin1 && sup.near_km < 15.0
                } else if bx.country == "SY" {
                    sup.near_km < 15.0 || (sup.admin1 && sup.near_km < 40.0)
                } else {
                    sup.country || sup.admin1
                };
                // "مدينة الأبيض" is not a Syrian hamlet: a city word is no evidence for a village.
                let city_word =
                    matches!(&m.trig, Some((Trig::Place, w)) if w == "مدينه" || w == "مدن");
                let evidence = m.evidence
                    && !(city_word
                        && cands[i].iter().all(|&c| {
                            let y = &self.entries[c as usize];
                            y.kind == Kind::Village && y.rank == 0 && y.population < 5000
                        }));
                if weak[i] && !evidence && !supported {
                    if last {
                        done[i] = true; // a common word or a minor homonym with no evidence: not tagged
                    }
                    continue;
                }
                if margin >= MIN_MARGIN {
                    let conf = if margin.is_infinite() {
                        0.8
                    } else {
                        (0.5 + margin / 8.0).min(0.95)
                    };
                    let reason = match runner {
                        Some((_, r, _, _)) => format!(
                            "{} candidates; chose {} over {} by {margin:.1} ({why})",
                            cands[i].len(),
                            bx.id,
                            self.entries[*r as usize].id
                        ),
                        None => why.clone(),
                    };
                    if !weak[i] || m.evidence {
                        let a = anchor_of(m, bx);
                        if seen.insert(anchor_key(&a)) {
                            anchors.push(a);
                        }
                    }
                    out[i] = Some(Resolved {
                        entry: Some(best),
                        confidence: conf as f32,
                        reason,
                    });
                    done[i] = true;
                } else if last {
                    let ids: Vec<&str> = scored
                        .iter()
                        .take(4)
                        .map(|(_, e, _, _)| self.entries[*e as usize].id.as_str())
                        .collect();
                    out[i] = Some(Resolved {
                        entry: None,
                        confidence: 0.2,
                        reason: format!(
                            "ambiguous: {} candidates ({}) not separated by context",
                            cands[i].len(),
                            ids.join(", ")
                        ),
                    });
                }
            }
        }
        // "حي الجنينة" in Rafah is a quarter, not the Sudanese city: a quarter word before a
        // town or city of a country the text gives no sign of, with no support nearby (same
        // admin1, or another place within 15 km), leaves the quarter without coordinates.
        let ctx = CountryCtx::of(&anchors);
        for (i, m) in ms.iter().enumerate() {
            let quarter = matches!(&m.trig, Some((Trig::Place, w)) if w == "حي" || w == "احياء" || w == "حيي");
            let Some(Resolved { entry: Some(e), .. }) = &out[i] else {
                continue;
            };
            let x = &self.entries[*e as usize];
            if !quarter || !x.kind.is_populated() || x.kind == Kind::Neighbourhood {
                continue;
            }
            let (_, _, sup) = self.score(x, m, &anchors, &ctx, false);
            let others: Vec<Anchor> = anchors
                .iter()
                .filter(|a| a.key != m.key)
                .map(|a| Anchor {
                    country: a.country.clone(),
                    admin1: String::new(),
                    admin2: String::new(),
                    ..*a
                })
                .collect();
            let own = CountryCtx::of(&others).share(&x.country);
            if !(sup.admin1 || sup.near_km < 15.0) && own == 0.0 {
                out[i] = Some(Resolved {
                    entry: None,
                    confidence: 0.3,
                    reason: format!(
                        "a quarter named like {} ({}), in a country the text gives no sign of",
                        x.name_en, x.id
                    ),
                });
            }
        }
        out
    }

    fn same_place(&self, a: &Entry, b: &Entry) -> bool {
        match (a.point, b.point) {
            (Some(p), Some(q)) => haversine_km(p, q) < SAME_PLACE_KM,
            _ => a.id == b.id,
        }
    }

    /// If all candidates are one place (within SAME_PLACE_KM), the best-ranked one.
    fn single_cluster(&self, c: &[u32]) -> Option<u32> {
        let best = *c.iter().max_by(|&&a, &&b| {
            self.prior(&self.entries[a as usize])
                .partial_cmp(&self.prior(&self.entries[b as usize]))
                .unwrap_or(std::cmp::Ordering::Equal)
                .then(b.cmp(&a))
        })?;
        let bx = &self.entries[best as usize];
        c.iter()
            .all(|&e| self.same_place(bx, &self.entries[e as usize]))
            .then_some(best)
    }

    fn score(
        &self,
        e: &Entry,
        m: &Mention,
        anchors: &[Anchor],
        ctx: &CountryCtx,
        explain: bool,
    ) -> (f64, String, Support) {
        let mut s = self.prior(e);
        // The reason is only written for the chosen candidate (formatting for every candidate
        // costs more than the scoring itself).
        let mut why = Why(explain.then(Vec::new));
        why.push_with(|| format!("prior {s:.1}"));
        // The article's countries (named, nationality adjectives, dateline, resolved places):
        // a city of the article's country beats a homonymous country or a foreign hamlet, and a
        // minor place of a country the article gives no sign of loses against its homonyms.
        if e.kind != Kind::Country && !e.country.is_empty() {
            let share = ctx.share(&e.country);
            if share > 0.0 {
                s += 2.0 * share;
                let city = e.kind.is_populated() && (e.rank >= 3 || e.population >= 100_000)
                    || e.kind == Kind::Governorate;
                if city && share >= 0.5 {
                    s += 3.0;
                }
                why.push_with(|| format!("article country {}", e.country));
            } else if !e.prio
                && e.rank < 2
                && e.population < 50_000
                && matches!(e.kind, Kind::Village | Kind::Neighbourhood | Kind::Town)
            {
                s -= 2.0;
                why.push_with(|| format!("no sign of {} in the article", e.country));
            }
        }
        let others = anchors.iter().filter(|a| a.key != m.key);
        let mut a1 = 0.0f64;
        let mut a2 = 0.0f64;
        let mut cc = 0.0f64;
        let mut near = f64::INFINITY;
        let mut cc_named = false;
        for a in others {
            if !e.admin1.is_empty() && a.admin1 == e.admin1 && a.country == e.country {
                a1 = a1.max(a.weight);
            }
            if !e.admin2.is_empty() && a.admin2 == e.admin2 {
                a2 = a2.max(a.weight);
            }
            if !e.country.is_empty() && a.country == e.country {
                cc = cc.max(a.weight);
                // a nationality adjective supports a city, never a village homograph of a common
                // word ("حارس" = guard)
                if a.key != u32::MAX || e.population >= 20_000 || e.rank >= 2 {
                    cc_named = true;
                }
            }
            if let (Some(p), Some(q)) = (e.point, a.point) {
                // Only distances under 100 km count below, and the latitude difference bounds
                // the distance from below: far anchors need no trigonometry.
                if (p.0 - q.0).abs() * 111.0 <= 100.0 {
                    near = near.min(haversine_km(p, q));
                }
            }
        }
        if a1 > 0.0 {
            s += 2.0 * a1;
            why.push_with(|| "admin1 in article".into());
        }
        if a2 > 0.0 {
            s += 1.5 * a2;
            why.push_with(|| "admin2 in article".into());
        }
        if cc > 0.0 {
            s += 1.0;
            why.push_with(|| "country in article".into());
        }
        if near < 15.0 {
            s += 2.5;
            why.push_with(|| format!("near another place ({near:.0} km)"));
        } else if near < 40.0 {
            s += 1.5;
            why.push_with(|| format!("near another place ({near:.0} km)"));
        } else if near < 100.0 {
            s += 0.5;
        }
        if let Some((Trig::Place, w)) = &m.trig {
            let fit = match w.as_str() {
                "مدينه" | "مدن" | "مدينتي" => {
                    matches!(e.kind, Kind::City | Kind::Town)
                }
                "قريه" | "قري" | "قريتي" | "مزرعه" => e.kind == Kind::Village,
                "بلده" | "بلدات" | "بلدتي" => {
                    matches!(e.kind, Kind::Town | Kind::Village)
                }
                "حي" | "احياء" => e.kind == Kind::Neighbourhood,
                _ => false,
            };
            if fit {
                s += 0.5;
            }
        }
        (
            s,
            why.0.map(|w| w.join("; ")).unwrap_or_default(),
            Support {
                admin1: a1 > 0.0,
                country: cc_named,
                near_km: near,
            },
        )
    }

    fn place_ann(&self, m: &Mention, r: &Resolved, span: Span, surface: &str) -> PlaceAnn {
        let trigger = m.trig.as_ref().map(|(_, w)| w.clone());
        let Some(ei) = r.entry else {
            return PlaceAnn {
                span,
                name: surface.to_string(),
                kind: self.common_kind(m).to_string(),
                geo_precision: 0,
                trigger,
                confidence: r.confidence,
                reason: r.reason.clone(),
                ..Default::default()
            };
        };
        let e = &self.entries[ei as usize];
        let mut p = PlaceAnn {
            span,
            name: e.name_en.clone(),
            name_ar: Some(e.name_ar.clone()).filter(|s| !s.is_empty()),
            gazetteer_id: Some(e.id.clone()),
            kind: e.kind.as_str().to_string(),
            lat: e.lat(),
            lon: e.lon(),
            admin1: Some(e.admin1.clone()).filter(|s| !s.is_empty()),
            admin2: Some(e.admin2.clone()).filter(|s| !s.is_empty()),
            admin3: Some(e.admin3.clone()).filter(|s| !s.is_empty()),
            country: Some(e.country.clone()).filter(|s| !s.is_empty()),
            geo_precision: e.precision,
            direction: None,
            trigger,
            confidence: r.confidence,
            reason: r.reason.clone(),
        };
        if e.kind == Kind::Governorate && !self.admin1_seat.contains_key(&e.admin1) {
            // "ريف دمشق" (Rural Damascus): the countryside within 50 km of the named city.
            let city = e.name_ar.strip_prefix("ريف ").and_then(|c| {
                self.key_ix.get(normalize_key(c).as_str()).and_then(|&ki| {
                    self.keys[ki as usize].entries.iter().copied().find(|&x| {
                        let y = &self.entries[x as usize];
                        y.kind.is_populated() && y.rank >= 3
                    })
                })
            });
            if let Some(seat) = city.and_then(|c| self.entries[c as usize].point) {
                if let Some(q) = self.sector_point(&e.admin1, seat, None) {
                    p.lat = Some((q.0 * 1e4).round() / 1e4);
                    p.lon = Some((q.1 * 1e4).round() / 1e4);
                }
            }
        }
        if e.kind == Kind::Governorate || e.kind == Kind::District {
            // Governorate/district names are placed at their seat when known.
            if let Some(&seat) = self
                .admin1_seat
                .get(&e.admin1)
                .filter(|_| e.kind == Kind::Governorate)
            {
                p.lat = self.entries[seat as usize].lat();
                p.lon = self.entries[seat as usize].lon();
            }
        }
        if m.approx_entry(e) {
            p.confidence = p.confidence.min(0.5);
        }
        match &m.trig {
            Some((Trig::Facility, w)) if e.kind != Kind::Facility => {
                p.kind = "facility".into();
                p.name = format!("{} ({})", e.name_en, facility_word(w));
                p.gazetteer_id = None;
                p.geo_precision = if e.kind.is_populated() { 1 } else { 2 };
                p.reason = format!("{}; facility at {}", p.reason, e.id);
            }
            Some((Trig::Road, w)) if e.kind != Kind::Road => {
                p.kind = "road".into();
                p.name = format!("{} road", e.name_en);
                p.gazetteer_id = None;
                p.geo_precision = 2;
                p.reason = format!("{}; road near {} ({w})", p.reason, e.id);
            }
            Some((Trig::Natural, _)) if e.kind != Kind::Region && e.kind != Kind::Water => {
                p.kind = "region".into();
                p.geo_precision = 2;
            }
            Some((Trig::District, w)) if w == "قضاء" && e.kind.is_populated() => {
                p.kind = "district".into();
                p.name = format!("{} District", e.name_en);
                p.geo_precision = 2;
            }
            _ => {}
        }
        if m.near {
            p.geo_precision = p.geo_precision.max(2);
        }
        if m.rural || m.dir.is_some() {
            let is_gov_seat = e.rank >= 3 || e.kind == Kind::Governorate;
            let label = m.dir.and_then(direction_label);
            p.kind = "region".into();
            p.gazetteer_id = Some(e.id.clone());
            let dist = match (m.rural, is_gov_seat) {
                (true, true) => 25.0,
                (true, false) => 8.0,
                (false, true) => 15.0,
                (false, false) => 3.0,
            };
            let exact_bearing = m.dir.map(|v| (v.1.atan2(v.0).to_degrees() + 360.0) % 360.0);
            let sector = match (m.rural && is_gov_seat, p.lat, p.lon) {
                (true, Some(la), Some(lo)) if m.dir_union.len() > 1 => {
                    let bs: Vec<f64> = m
                        .dir_union
                        .iter()
                        .map(|v| (v.1.atan2(v.0).to_degrees() + 360.0) % 360.0)
                        .collect();
                    self.sector_point_union(&e.admin1, (la, lo), &bs)
                }
                (true, Some(la), Some(lo)) => self.sector_point(&e.admin1, (la, lo), exact_bearing),
                _ => None,
            };
            match label {
                Some((lab, bearing)) => {
                    p.direction = Some(lab.to_string());
                    if let Some(q) = sector {
                        p.lat = Some((q.0 * 1e4).round() / 1e4);
                        p.lon = Some((q.1 * 1e4).round() / 1e4);
                    } else if let (Some(la), Some(lo)) = (p.lat, p.lon) {
                        let q = destination((la, lo), bearing, dist);
                        p.lat = Some((q.0 * 1e5).round() / 1e5);
                        p.lon = Some((q.1 * 1e5).round() / 1e5);
                    }
                    p.geo_precision = 2;
                    let area = if m.rural { "countryside" } else { "" };
                    p.name = format!("{} {} {area}", lab_word(lab), e.name_en)
                        .trim()
                        .replace("  ", " ");
                    p.reason = if sector.is_some() {
                        format!("{}; {lab} part of {} governorate", p.reason, e.admin1)
                    } else {
                        format!("{}; {dist} km {lab} of {}", p.reason, e.id)
                    };
                }
                None => {
                    p.geo_precision = if is_gov_seat { 3 } else { 2 };
                    p.name = format!("{} countryside", e.name_en);
                    if let Some(q) = sector {
                        p.lat = Some((q.0 * 1e4).round() / 1e4);
                        p.lon = Some((q.1 * 1e4).round() / 1e4);
                    }
                }
            }
        }
        p
    }

    fn common_kind(&self, m: &Mention) -> &'static str {
        let es = &self.keys[m.key as usize].entries;
        let k0 = es.first().map(|&e| self.entries[e as usize].kind);
        match k0 {
            Some(k) if es.iter().all(|&e| self.entries[e as usize].kind == k) => k.as_str(),
            _ => "place",
        }
    }
}

impl Mention {
    fn approx_entry(&self, e: &Entry) -> bool {
        e.approx
    }
}

fn lab_word(l: &str) -> &'static str {
    match l {
        "N" => "northern",
        "NE" => "northeastern",
        "E" => "eastern",
        "SE" => "southeastern",
        "S" => "southern",
        "SW" => "southwestern",
        "W" => "western",
        _ => "northwestern",
    }
}

fn facility_word(w: &str) -> &'static str {
    match w {
        "مطار" => "airport",
        "قاعده" => "base",
        "نقطه" => "military point",
        "معبر" => "crossing",
        "سجن" => "prison",
        "مشفي" | "مستشفي" => "hospital",
        "مدرسه" => "school",
        "حاجز" => "checkpoint",
        "جسر" => "bridge",
        "سد" => "dam",
        "حقل" => "field",
        _ => "facility",
    }
}
