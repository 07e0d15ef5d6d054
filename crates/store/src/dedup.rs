//! Deduplication: article near-duplicates (SimHash over word shingles) and the pairwise score
//! that decides whether two event reports describe the same incident.

use crate::analyzer::index_terms;
use crate::db::fnv64;
use crate::geo::haversine_km;

/// Two articles whose SimHashes differ in at most this many bits are near-duplicates. Candidates
/// are found through [`bands`] among articles published within [`NEAR_DUP_DAYS`] days.
pub const SIMHASH_MAX_DISTANCE: u32 = 6;
/// Fewer shingles than this: too short for a meaningful near-duplicate decision.
/// Near-duplicates (syndicated copies, updates) are looked for within this many days.
pub const NEAR_DUP_DAYS: i64 = 7;
/// Fewer shingles than this: too short for a meaningful near-duplicate decision.
pub const SIMHASH_MIN_SHINGLES: usize = 8;
/// Reports whose score reaches this are merged into one event.
pub const MERGE_THRESHOLD: f64 = 0.5;
/// Reports farther apart than this never merge.
pub const MAX_MERGE_KM: f64 = 10.0;
/// Grid cell size (degrees) used to find spatial merge candidates (≥ MAX_MERGE_KM everywhere below ~60°N).
pub const CELL_DEG: f64 = 0.12;

/// 64-bit SimHash of word 3-shingles of the analyzed text; `None` if too short.
pub fn simhash(text: &str) -> Option<u64> {
    let mut terms: Vec<u64> = Vec::new();
    index_terms(text, |_, _, t| terms.push(fnv64(t.as_bytes())));
    if terms.len() < SIMHASH_MIN_SHINGLES + 2 {
        return None;
    }
    let mut acc = [0i32; 64];
    for w in terms.windows(3) {
        let h = fnv64(&[w[0].to_le_bytes(), w[1].to_le_bytes(), w[2].to_le_bytes()].concat());
        for (bit, a) in acc.iter_mut().enumerate() {
            if h >> bit & 1 == 1 {
                *a += 1;
            } else {
                *a -= 1;
            }
        }
    }
    let mut out = 0u64;
    for (bit, a) in acc.iter().enumerate() {
        if *a > 0 {
            out |= 1 << bit;
        }
    }
    Some(out)
}

/// Number of SimHash bands (pigeonhole: two hashes within `BANDS - 1` bits share a band).
pub const BANDS: usize = 6;

/// The six bands (11,11,11,11,10,10 bits) of a SimHash, tagged with their band number. Two
/// hashes within 5 bits share at least one band; farther ones often do.
pub fn bands(h: u64) -> [i64; BANDS] {
    const WIDTHS: [u32; BANDS] = [11, 11, 11, 11, 10, 10];
    let mut b = [0i64; BANDS];
    let mut shift = 0;
    for (i, x) in b.iter_mut().enumerate() {
        let w = WIDTHS[i];
        *x = ((i as i64) << 16) | ((h >> shift) & ((1u64 << w) - 1)) as i64;
        shift += w;
    }
    b
}

/// Grid cell of a coordinate.
pub fn cell_of(lat: f64, lon: f64) -> i64 {
    let y = ((lat + 90.0) / CELL_DEG).floor() as i64;
    let x = ((lon + 180.0) / CELL_DEG).floor() as i64;
    y * 10_000 + x
}

/// The cell and its 8 neighbours.
pub fn neighbour_cells(cell: i64) -> [i64; 9] {
    let mut out = [0i64; 9];
    let mut k = 0;
    for dy in -1..=1 {
        for dx in -1..=1 {
            out[k] = cell + dy * 10_000 + dx;
            k += 1;
        }
    }
    out
}

/// Lower-case, trimmed key for comparing names (actors, places).
pub fn name_key(s: &str) -> String {
    rasd_arabic::normalize_key(s).to_lowercase()
}

/// Date tolerance in days by ACLED time precision (1 day, 2 week, 3 month).
pub fn date_tolerance(tp: i64) -> i64 {
    match tp {
        0 | 1 => 1,
        2 => 2,
        _ => 7,
    }
}

/// What the merge decision looks at for one report.
#[derive(Debug, Clone, Default)]
pub struct ReportKey {
    pub rid: i64,
    pub article_seq: i64,
    pub article_id: String,
    pub outlet: Option<String>,
    pub event_seq: Option<i64>,
    pub sub_event_type: String,
    pub day: Option<i64>,
    pub tp: i64,
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    pub lkey: Option<i64>,
    pub location: Option<String>,
    pub actor1: Option<String>,
    pub actor2: Option<String>,
    pub fatalities: Option<i64>,
    /// Sorted, deduplicated evidence terms.
    pub terms: Vec<String>,
    /// ACLED geo precision of the report's location (1 town, 2 near / countryside, 3 region).
    pub gp: i64,
    /// First-level administrative area ([`area_key`] of admin1).
    pub area: Option<String>,
}

/// Comparable key of a first-level administrative area name.
pub fn area_key(admin1: &str) -> String {
    admin1.trim().to_lowercase()
}

/// Jaccard similarity of two sorted, deduplicated term lists.
pub fn jaccard(a: &[String], b: &[String]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let (mut i, mut j, mut inter) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                inter += 1;
                i += 1;
                j += 1;
            }
        }
    }
    inter as f64 / (a.len() + b.len() - inter) as f64
}

/// Sorted unique evidence terms, without very short function words.
pub fn evidence_terms(text: &str) -> Vec<String> {
    let mut v = Vec::new();
    index_terms(text, |_, _, t| {
        if t.chars().count() >= 2 && !STOP.contains(&t) {
            v.push(t.to_string());
        }
    });
    v.sort();
    v.dedup();
    v
}

const STOP: &[&str] = &[
    "في", "من", "علي", "الي", "عن", "مع", "بعد", "قبل", "كما", "ذلك", "هذا", "هذه", "التي", "الذي",
    "قد", "كان", "وقد",
];

/// Radius (km) within which a report of ACLED geo precision `gp` may lie from the real site:
/// the town itself (1), near it or in its countryside (2), only the governorate (3).
pub fn precision_radius_km(gp: i64) -> f64 {
    match gp {
        0 | 1 => 3.0,
        2 => 12.0,
        _ => 60.0,
    }
}

/// Farthest two reports of these precisions may be apart and still describe one incident.
pub fn max_merge_km(gp_a: i64, gp_b: i64) -> f64 {
    (precision_radius_km(gp_a) + precision_radius_km(gp_b)).max(MAX_MERGE_KM)
}

/// Sub-event types that outlets use for one incident: the same blast is an IED, a car bomb or
/// a suicide bomb by whom one reads; a strike from afar is shelling or an air strike.
fn sub_family(s: &str) -> u8 {
    match s {
        "Remote explosive/landmine/IED" | "Suicide bomb" | "Grenade" => 1,
        "Air/drone strike" | "Shelling/artillery/missile attack" => 2,
        "Armed clash" | "Government regains territory" | "Non-state actor overtakes territory" => 3,
        "Attack" | "Abduction/forced disappearance" | "Sexual violence" => 4,
        "Peaceful protest" | "Protest with intervention" | "Excessive force against protesters" => {
            5
        }
        _ => 0,
    }
}

/// How two actor fields compare: `Some(true)` when they share an actor, `Some(false)` when both
/// name identified actors and none is shared, `None` when either is unknown or unidentified.
fn actors_agree(a: &Option<String>, b: &Option<String>) -> Option<bool> {
    let names = |x: &Option<String>| -> Vec<String> {
        x.as_deref()
            .unwrap_or("")
            .split(';')
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty() && !s.starts_with("unidentified"))
            .collect()
    };
    let (x, y) = (names(a), names(b));
    if x.is_empty() || y.is_empty() {
        return None;
    }
    Some(x.iter().any(|n| y.contains(n)))
}

/// Score how likely two reports (already of the same event type) describe the same incident.
/// Returns `None` when a hard constraint fails (same article, dates too far apart, places that
/// cannot be one site at the two reports' precisions), else the score and a human-readable
/// explanation of what matched. Casualty figures are never compared: outlets disagree on them.
pub fn score(a: &ReportKey, b: &ReportKey) -> Option<(f64, String)> {
    if a.article_seq == b.article_seq {
        return None;
    }
    let (da, db) = (a.day?, b.day?);
    let dd = (da - db).abs();
    if dd > date_tolerance(a.tp.max(b.tp)) {
        return None;
    }
    let mut s = 0.0;
    let mut why: Vec<String> = Vec::new();
    // Fights in one place on consecutive days are separate events (ACLED codes per day): a day
    // apart needs more than place and type to agree.
    if dd == 0 {
        s += 0.15;
        why.push("same date".into());
    } else {
        // Fighting goes on for days and ACLED codes each day: a battle a day apart is another
        // day's event unless much else agrees. A single strike or blast reported the next
        // morning is often dated a day off.
        let battle = sub_family(&a.sub_event_type) == 3 && sub_family(&b.sub_event_type) == 3;
        s -= match (dd, battle) {
            (1, false) => 0.05,
            (1, true) => 0.15,
            _ => 0.1,
        };
        why.push(format!("dates {dd} day(s) apart"));
    }
    let label = |k: &ReportKey| {
        k.location
            .as_deref()
            .map(|l| format!(" {l}"))
            .unwrap_or_default()
    };
    let same_area = a.area.is_some() && a.area == b.area;
    let coarse = a.gp >= 3 || b.gp >= 3;
    match (a.lat.zip(a.lon), b.lat.zip(b.lon)) {
        (Some((la, oa)), Some((lb, ob))) => {
            let km = haversine_km(la, oa, lb, ob);
            let named_apart = a.lkey.is_some() && b.lkey.is_some() && a.lkey != b.lkey;
            if (a.lkey.is_some() && a.lkey == b.lkey) || km < 0.5 || (km < 2.0 && !named_apart) {
                s += 0.3;
                why.push(format!("same place{} ({km:.1} km)", label(a)));
            } else if coarse && same_area {
                // A governorate- or region-level report contains the town-level one: on the same
                // day and of the same type, it is the summary of that incident.
                s += 0.25;
                why.push(format!(
                    "{} contains{} ({km:.0} km)",
                    if a.gp >= b.gp { label(a) } else { label(b) },
                    if a.gp >= b.gp { label(b) } else { label(a) }
                ));
            } else if km > max_merge_km(a.gp, b.gp) {
                return None;
            } else if named_apart && a.gp <= 1 && b.gp <= 1 {
                // Two different named towns: ACLED codes separate events per location.
                s -= 0.45;
                why.push(format!("different places {km:.1} km apart"));
            } else {
                // "Near X" beside X's neighbour: within both precisions' reach.
                s += if a.gp >= 2 || b.gp >= 2 { 0.2 } else { 0.1 };
                why.push(format!("places {km:.1} km apart"));
            }
        }
        _ => match (a.lkey, b.lkey) {
            (Some(x), Some(y)) if x == y => {
                s += 0.25;
                why.push(format!("same place name{}", label(a)));
            }
            _ if coarse && same_area => {
                s += 0.25;
                why.push("same area".into());
            }
            (Some(_), Some(_)) => return None,
            _ => why.push("place unknown on one side".into()),
        },
    }
    if a.sub_event_type == b.sub_event_type {
        s += 0.1;
        why.push("same sub-event type".into());
    } else if sub_family(&a.sub_event_type) != 0
        && sub_family(&a.sub_event_type) == sub_family(&b.sub_event_type)
    {
        s += 0.05;
        why.push("compatible sub-event types".into());
    } else {
        s -= 0.1;
        why.push("different sub-event types".into());
    }
    for (x, y, plus, minus, label) in [
        (&a.actor1, &b.actor1, 0.15, 0.25, "actor1"),
        (&a.actor2, &b.actor2, 0.1, 0.15, "actor2"),
    ] {
        match actors_agree(x, y) {
            Some(true) => {
                s += plus;
                why.push(format!("same {label}"));
            }
            Some(false) => {
                s -= minus;
                why.push(format!("different {label}"));
            }
            None => {}
        }
    }
    let j = jaccard(&a.terms, &b.terms);
    s += 0.6 * j;
    why.push(format!("evidence similarity {j:.2}"));
    Some((s, why.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simhash_near_and_far() {
        let a = "قصفت قوات النظام بالمدفعية الثقيلة قرية كفرنبل في ريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح";
        let b = "قصفت قوات النظام بالمدفعية الثقيلة قرية كفرنبل في ريف إدلب الجنوبي صباح اليوم ما أدى إلى مقتل ثلاثة مدنيين وإصابة آخرين بجروح.";
        let c = "عقد مجلس المدينة اجتماعا لبحث خطة إعادة تأهيل شبكة المياه في الأحياء الشرقية وتوزيع المساعدات على الأسر المحتاجة هذا الأسبوع";
        let (ha, hb, hc) = (
            simhash(a).unwrap(),
            simhash(b).unwrap(),
            simhash(c).unwrap(),
        );
        assert!((ha ^ hb).count_ones() <= SIMHASH_MAX_DISTANCE);
        assert!((ha ^ hc).count_ones() > SIMHASH_MAX_DISTANCE);
        assert!(simhash("قصير جدا").is_none());
    }

    #[test]
    fn cells_are_neighbours() {
        let c = cell_of(35.93, 36.63);
        assert!(neighbour_cells(c).contains(&cell_of(35.93 + 0.05, 36.63 - 0.05)));
    }
}
