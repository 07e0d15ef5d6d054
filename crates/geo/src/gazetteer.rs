//! Loading the gazetteer: embedded data files plus optional `$RASD_DATA/geo/` extensions.

use crate::geom::{self, BBox, LatLon, LonLat, Polygon};
use aho_corasick::{AhoCorasick, MatchKind};
use rasd_arabic::normalize_key;
use std::collections::HashMap;
use std::sync::OnceLock;

/// What kind of place an entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    Country,
    Governorate,
    District,
    Subdistrict,
    City,
    Town,
    Village,
    Neighbourhood,
    /// A refugee or displacement camp.
    Camp,
    Region,
    Road,
    Facility,
    Water,
}

impl Kind {
    /// The lowercase name used in [`rasd_doc::PlaceAnn::kind`].
    pub fn as_str(&self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Governorate => "governorate",
            Kind::District => "district",
            Kind::Subdistrict => "subdistrict",
            Kind::City => "city",
            Kind::Town => "town",
            Kind::Village => "village",
            Kind::Neighbourhood => "neighbourhood",
            Kind::Camp => "camp",
            Kind::Region => "region",
            Kind::Road => "road",
            Kind::Facility => "facility",
            Kind::Water => "water",
        }
    }

    /// Parse a kind name (as written in the data files).
    pub fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "country" => Kind::Country,
            "governorate" => Kind::Governorate,
            "district" => Kind::District,
            "subdistrict" => Kind::Subdistrict,
            "city" => Kind::City,
            "town" => Kind::Town,
            "village" => Kind::Village,
            "neighbourhood" => Kind::Neighbourhood,
            "camp" => Kind::Camp,
            "region" => Kind::Region,
            "road" => Kind::Road,
            "facility" => Kind::Facility,
            "water" => Kind::Water,
            _ => return None,
        })
    }

    /// Administrative unit (governorate, district, sub-district).
    pub fn is_admin(&self) -> bool {
        matches!(self, Kind::Governorate | Kind::District | Kind::Subdistrict)
    }

    /// Populated place (city, town, village, neighbourhood, camp).
    pub fn is_populated(&self) -> bool {
        matches!(
            self,
            Kind::City | Kind::Town | Kind::Village | Kind::Neighbourhood | Kind::Camp
        )
    }
}

/// One gazetteer entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    /// Stable id: OCHA P-code (`C4278`, `SY07`, `N0001`), `gn:<geonameid>`, `country:SY`,
    /// `fac:hmeimim`, `reg:jabal-zawiya`, `road:M4`, `w:moscow`, `cv:<slug>`.
    pub id: String,
    pub kind: Kind,
    /// Canonical English/Latin name.
    pub name_en: String,
    /// Main Arabic name.
    pub name_ar: String,
    /// Point `(lat, lon)`; `None` for names without a meaningful point.
    pub point: Option<LatLon>,
    /// ACLED-style governorate / first-level admin name (empty if unknown).
    pub admin1: String,
    pub admin2: String,
    pub admin3: String,
    /// ISO 3166-1 alpha-2 (empty if none, e.g. seas).
    pub country: String,
    pub population: u64,
    /// 3 governorate/national capital, 2 district seat, 1 sub-district seat, 0 other.
    pub rank: u8,
    /// On the curated conflict-relevant list.
    pub prio: bool,
    /// Low-confidence point.
    pub approx: bool,
    /// ACLED geo precision of a plain mention (1 town, 2 near/part of region, 3 governorate/region).
    pub precision: u8,
}

impl Entry {
    /// Latitude, if the entry has a point.
    pub fn lat(&self) -> Option<f64> {
        self.point.map(|p| p.0)
    }
    /// Longitude, if the entry has a point.
    pub fn lon(&self) -> Option<f64> {
        self.point.map(|p| p.1)
    }
}

/// A road with line geometry (vertices `(lon, lat)`, GeoJSON order).
#[derive(Debug, Clone, PartialEq)]
pub struct Road {
    /// `road:M4`.
    pub id: String,
    /// `M4`.
    pub reference: String,
    pub name_en: String,
    pub name_ar: String,
    pub aliases: Vec<String>,
    pub line: Vec<LonLat>,
}

impl Road {
    /// Distance in km from `p` (`(lat, lon)`) to the road line.
    pub fn distance_km(&self, p: LatLon) -> f64 {
        geom::distance_to_polyline_km(p, &self.line)
    }
}

/// A Syrian administrative area polygon (governorate level 1, district level 2).
#[derive(Debug, Clone, PartialEq)]
pub struct AdminArea {
    pub level: u8,
    /// OCHA P-code (`SY07`, `SY0703`).
    pub pcode: String,
    pub name_en: String,
    pub name_ar: String,
    /// Governorate name (ACLED style) for districts; own name for governorates.
    pub admin1: String,
    pub polygons: Vec<Polygon>,
    pub bbox: BBox,
}

impl AdminArea {
    /// Does the area contain `p` (`(lat, lon)`)?
    pub fn contains(&self, p: LatLon) -> bool {
        geom::bbox_contains(&self.bbox, p) && geom::point_in_multipolygon(p, &self.polygons)
    }
}

/// Which form of a name a search pattern is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PatForm {
    /// The normalized name as is.
    Full,
    /// A name starting with ال, without it (to match ل+ال = لل and article-less spellings).
    NoArticle,
}

#[derive(Debug, Clone)]
pub(crate) struct KeyInfo {
    pub entries: Vec<u32>,
    /// A frequent common word: needs a trigger word.
    pub stop: bool,
    pub has_article: bool,
    /// Number of letters (chars) of the key.
    pub nchars: usize,
}

/// The gazetteer: entries, name index, search automaton, roads and admin polygons.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    pub(crate) keys: Vec<KeyInfo>,
    pub(crate) key_ix: HashMap<String, u32>,
    pub(crate) ac: AhoCorasick,
    /// Per automaton pattern: (key index, form).
    pub(crate) pats: Vec<Vec<(u32, PatForm)>>,
    pub(crate) roads: Vec<Road>,
    pub(crate) admin: Vec<AdminArea>,
    pub(crate) id_ix: HashMap<String, u32>,
    /// Entry index of the seat city of each admin1 (ACLED name) for regional expressions.
    pub(crate) admin1_seat: HashMap<String, u32>,
    /// Grid points (0.04°) inside each governorate polygon, computed on first use.
    gov_grid: OnceLock<HashMap<String, Vec<LatLon>>>,
    #[allow(clippy::type_complexity)]
    sector_cache: std::sync::Mutex<HashMap<(String, i64, i64, Vec<i64>), Option<LatLon>>>,
    warnings: Vec<String>,
}

const GAZ: &str = include_str!("../../../data/geo/gazetteer.tsv");
const COUNTRIES: &str = include_str!("../../../data/geo/countries.tsv");
const FACILITIES: &str = include_str!("../../../data/geo/facilities.tsv");
const REGIONS: &str = include_str!("../../../data/geo/regions.tsv");
const WORLD: &str = include_str!("../../../data/geo/world.tsv");
const FRONTS: &str = include_str!("../../../data/geo/fronts.tsv");
const VARIANTS: &str = include_str!("../../../data/geo/variants.tsv");
const STOPLIST: &str = include_str!("../../../data/geo/stoplist.tsv");
const ROADS: &str = include_str!("../../../data/geo/roads.geojson");
const POLYGONS: &str = include_str!("../../../data/geo/admin_polygons.tsv");

/// The data files, by relative name under `data/geo/`.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub gazetteer: Vec<String>,
    pub countries: Vec<String>,
    /// facilities.tsv, regions.tsv, world.tsv, fronts.tsv (same columns).
    pub curated: Vec<String>,
    pub variants: Vec<String>,
    pub stoplist: Vec<String>,
    pub roads: Vec<String>,
    pub polygons: Vec<String>,
}

impl Sources {
    /// The embedded files, plus `$RASD_DATA/geo/<same name>` files if that variable is set.
    pub fn embedded_with_env() -> (Sources, Vec<String>) {
        let mut s = Sources {
            gazetteer: vec![GAZ.into()],
            countries: vec![COUNTRIES.into()],
            curated: vec![
                FACILITIES.into(),
                REGIONS.into(),
                WORLD.into(),
                FRONTS.into(),
            ],
            variants: vec![VARIANTS.into()],
            stoplist: vec![STOPLIST.into()],
            roads: vec![ROADS.into()],
            polygons: vec![POLYGONS.into()],
        };
        let mut warnings = Vec::new();
        if let Some(dir) = std::env::var_os("RASD_DATA") {
            let base = std::path::Path::new(&dir).join("geo");
            let mut read = |name: &str, into: &mut Vec<String>| {
                let p = base.join(name);
                if p.exists() {
                    match std::fs::read_to_string(&p) {
                        Ok(t) => into.push(t),
                        Err(e) => warnings.push(format!(
                            "cannot read gazetteer extension {}: {e}",
                            p.display()
                        )),
                    }
                }
            };
            read("gazetteer.tsv", &mut s.gazetteer);
            read("countries.tsv", &mut s.countries);
            read("facilities.tsv", &mut s.curated);
            read("regions.tsv", &mut s.curated);
            read("world.tsv", &mut s.curated);
            read("fronts.tsv", &mut s.curated);
            read("variants.tsv", &mut s.variants);
            read("stoplist.tsv", &mut s.stoplist);
            read("roads.geojson", &mut s.roads);
            // Any GeoJSON file of named lines in `$RASD_DATA/geo/roads/` adds roads.
            let mut read_errors = Vec::new();
            let dir = base.join("roads");
            let mut files: Vec<_> = std::fs::read_dir(&dir)
                .map(|d| d.flatten().map(|e| e.path()).collect())
                .unwrap_or_default();
            files.sort();
            for p in files {
                if p.extension().is_some_and(|x| x == "geojson" || x == "json") {
                    match std::fs::read_to_string(&p) {
                        Ok(t) => s.roads.push(t),
                        Err(e) => {
                            read_errors.push(format!("cannot read road file {}: {e}", p.display()))
                        }
                    }
                }
            }
            read("admin_polygons.tsv", &mut s.polygons);
            warnings.append(&mut read_errors);
        }
        (s, warnings)
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| (i + 1, l.split('\t').collect()))
}

fn parse_point(lat: &str, lon: &str) -> Option<LatLon> {
    let la: f64 = lat.trim().parse().ok()?;
    let lo: f64 = lon.trim().parse().ok()?;
    ((-90.0..=90.0).contains(&la) && (-180.0..=180.0).contains(&lo)).then_some((la, lo))
}

fn default_precision(k: Kind) -> u8 {
    match k {
        Kind::Country | Kind::Governorate | Kind::Water => 3,
        Kind::District | Kind::Subdistrict | Kind::Region | Kind::Road => 2,
        _ => 1,
    }
}

/// Normalized function words and very common words that are also the names of small places:
/// they are never tagged (a village really called الحرية is lost; news rarely needs it).
const FUNCTION_WORDS: &[&str] = &[
    "وقف",
    "جبليه",
    "صحراويه",
    "زراعيه",
    "سكنيه",
    "عسكريه",
    "حدوديه",
    "ريفيه",
    "امنه",
    "ساحليه",
    "صناعيه",
    "نائيه",
    "حالات",
    "حاله",
    "كون",
    "زياره",
    "صراع",
    "الصراع",
    "ورود",
    "دوره",
    "صغيره",
    "كبيره",
    "عباس",
    "خطاب",
    "باسل",
    "الامين",
    "العدوان",
    "المقبله",
    "الظاهر",
    "المصيده",
    "واسطه",
    "شريفه",
    "ضمان",
    "ردة",
    "رده",
    "عاصي",
    "الحلاق",
    "القاسم",
    "البيضاء",
    "زاره",
    "زارة",
    "ابل",
    "الاشهر",
    "حديثه",
    "الصناعه",
    "السلام",
    "النصر",
    "الحريه",
    "الجيش",
    "المدينه",
    "الشهداء",
    "الوحده",
    "الثوره",
    "العروبه",
    "الاستقلال",
    "التحرير",
    "البعث",
    "الرشيد",
    "المنصوره",
    "الجديده",
    "القديمه",
    "الكبري",
    "الصغري",
    "الشرقيه",
    "الغربيه",
    "الشماليه",
    "الجنوبيه",
    "الوسطي",
    "الفوقاني",
    "التحتاني",
    "العليا",
    "السفلي",
    "الحمام",
    "البيت",
    "الدار",
    "القصر",
    "البرج",
    "السوق",
    "الجامع",
    "المحطه",
    "المعمل",
    "المزرعه",
    "المشفي",
    "المطار",
    "الجسر",
    "الشارع",
    "الساحه",
    "الحي",
    "القريه",
    "البلده",
    "المركز",
    "النهر",
    "البحر",
    "الجبل",
    "الوادي",
    "السهل",
    "العين",
    "البئر",
    "التل",
    "الحرش",
    "الغابه",
    "الكرم",
    "البستان",
    "الدوار",
    "الحاجز",
    "السجن",
    "الملعب",
    "وان",
    "فان",
    "لان",
    "بان",
    "كان",
    "الرابع",
    "الخامس",
    "الاول",
    "الثاني",
    "الثالث",
    "اسرائيليه",
    "روسيه",
    "تركيه",
    "امريكيه",
    "ايرانيه",
];

/// Words that are never names (trigger and direction words would otherwise match homonymous hamlets).
const NEVER_NAMES: &[&str] = &[
    "قريه",
    "بلده",
    "مدينه",
    "حي",
    "ناحيه",
    "منطقه",
    "ريف",
    "محافظه",
    "قضاء",
    "مطار",
    "قاعده",
    "نقطه",
    "معبر",
    "سجن",
    "معسكر",
    "مخيم",
    "ميناء",
    "حاجز",
    "مشفي",
    "مستشفي",
    "مدرسه",
    "جامعه",
    "كتيبه",
    "فوج",
    "مقر",
    "دوار",
    "مفرق",
    "محطه",
    "معمل",
    "ولايه",
    "مديريه",
    "بلديه",
    "طريق",
    "شمال",
    "جنوب",
    "شرق",
    "غرب",
    "شمالي",
    "جنوبي",
    "شرقي",
    "غربي",
    "الشمالي",
    "الجنوبي",
    "الشرقي",
    "الغربي",
    "مركز",
    "علي",
    "الي",
    "في",
    "من",
    "عن",
    "مع",
    "ان",
    "او",
    "ثم",
    "قد",
    "لا",
    "ما",
    "هذا",
    "هذه",
    "ذلك",
    "التي",
    "الذي",
    "بعد",
    "قبل",
    "حتي",
    "عند",
    "بين",
    "كان",
    "كانت",
    "قال",
    "حيث",
    "كل",
    "غير",
    "امام",
    "خلال",
    "منذ",
    "ضد",
    "نحو",
    "حول",
    "دون",
    "لدي",
    "اليوم",
    "امس",
    "عام",
    "يوم",
    "مصدر",
    "مصادر",
    "قوات",
    "الله",
];

/// First words of compound names that news writes both with and without a space (كفر نبل / كفرنبل).
const JOINABLE: [&str; 9] = ["كفر", "دير", "عين", "تل", "بيت", "ابو", "خربه", "بني", "ام"];

struct Builder {
    entries: Vec<Entry>,
    names: Vec<(String, u32)>,
    id_ix: HashMap<String, u32>,
    warnings: Vec<String>,
}

impl Builder {
    fn push(&mut self, e: Entry, names: &[&str]) -> u32 {
        let ix = self.entries.len() as u32;
        if let Some(&old) = self.id_ix.get(&e.id) {
            // Extension files may repeat an id to add names: keep the first entry.
            for n in names {
                self.names.push((n.to_string(), old));
            }
            return old;
        }
        self.id_ix.insert(e.id.clone(), ix);
        self.entries.push(e);
        for n in names {
            self.names.push((n.to_string(), ix));
        }
        ix
    }

    /// The kind (column 2) of a row with at least `min` columns (`expected` in full), or
    /// `None` with a warning naming the file and line.
    fn row_kind(
        &mut self,
        f: &[&str],
        min: usize,
        expected: usize,
        src: &str,
        ln: usize,
    ) -> Option<Kind> {
        if f.len() < min {
            self.warnings.push(format!(
                "{src} line {ln}: expected {expected} tab-separated columns, found {}",
                f.len()
            ));
            return None;
        }
        let kind = Kind::parse(f[1]);
        if kind.is_none() {
            self.warnings
                .push(format!("{src} line {ln}: unknown kind {:?}", f[1]));
        }
        kind
    }

    fn gazetteer(&mut self, text: &str, src: &str) {
        for (ln, f) in data_lines(text) {
            let Some(kind) = self.row_kind(&f, 13, 14, src, ln) else {
                continue;
            };
            let names: Vec<&str> = f[3].split('|').filter(|s| !s.is_empty()).collect();
            let flags = f.get(13).copied().unwrap_or("");
            let e = Entry {
                id: f[0].to_string(),
                kind,
                name_en: f[2].to_string(),
                name_ar: names.first().copied().unwrap_or("").to_string(),
                point: parse_point(f[5], f[6]),
                admin1: f[7].to_string(),
                admin2: f[8].to_string(),
                admin3: f[9].to_string(),
                country: f[10].to_string(),
                population: f[11].parse().unwrap_or(0),
                rank: f[12].parse().unwrap_or(0),
                prio: flags.contains("prio"),
                approx: flags.contains("approx"),
                precision: default_precision(kind),
            };
            self.push(e, &names);
        }
    }

    fn curated(&mut self, text: &str, src: &str) {
        for (ln, f) in data_lines(text) {
            let Some(kind) = self.row_kind(&f, 9, 10, src, ln) else {
                continue;
            };
            let names: Vec<&str> = f[3].split('|').filter(|s| !s.is_empty()).collect();
            let precision = f
                .get(9)
                .and_then(|p| p.trim().parse().ok())
                .unwrap_or(default_precision(kind));
            let e = Entry {
                id: f[0].to_string(),
                kind,
                name_en: f[2].to_string(),
                name_ar: names.first().copied().unwrap_or("").to_string(),
                point: parse_point(f[4], f[5]),
                admin1: f[6].to_string(),
                admin2: f[7].to_string(),
                admin3: String::new(),
                country: f[8].to_string(),
                population: 0,
                rank: if kind == Kind::City { 2 } else { 0 },
                prio: true,
                approx: false,
                precision,
            };
            self.push(e, &names);
        }
    }

    fn countries(&mut self, text: &str, src: &str) {
        for (ln, f) in data_lines(text) {
            if f.len() < 3 {
                self.warnings.push(format!(
                    "{src} line {ln}: expected 5 tab-separated columns, found {}",
                    f.len()
                ));
                continue;
            }
            let names: Vec<&str> = f[2].split('|').filter(|s| !s.is_empty()).collect();
            let e = Entry {
                id: format!("country:{}", f[0]),
                kind: Kind::Country,
                name_en: short_country(f[0]).unwrap_or(f[1]).to_string(),
                name_ar: names.first().copied().unwrap_or("").to_string(),
                point: parse_point(
                    f.get(3).copied().unwrap_or(""),
                    f.get(4).copied().unwrap_or(""),
                ),
                admin1: String::new(),
                admin2: String::new(),
                admin3: String::new(),
                country: f[0].to_string(),
                population: 0,
                rank: 0,
                prio: true,
                approx: false,
                precision: 3,
            };
            self.push(e, &names);
        }
    }

    fn variants(&mut self, text: &str, src: &str) {
        for (ln, f) in data_lines(text) {
            if f.len() < 2 {
                self.warnings
                    .push(format!("{src} line {ln}: expected variant<TAB>target_id"));
                continue;
            }
            match self.id_ix.get(f[1].trim()) {
                Some(&ix) => self.names.push((f[0].to_string(), ix)),
                None => self
                    .warnings
                    .push(format!("{src} line {ln}: unknown target id {:?}", f[1])),
            }
        }
    }
}

fn short_country(iso: &str) -> Option<&'static str> {
    Some(match iso {
        "RU" => "Russia",
        "IR" => "Iran",
        "TR" => "Turkey",
        "US" => "United States",
        "GB" => "United Kingdom",
        "PS" => "Palestine",
        "SY" => "Syria",
        "KR" => "South Korea",
        "KP" => "North Korea",
        _ => return None,
    })
}

fn parse_roads(text: &str, src: &str, warnings: &mut Vec<String>) -> Vec<(Road, String, String)> {
    let v: serde_json::Value = match serde_json::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            warnings.push(format!("{src}: invalid GeoJSON: {e}"));
            return Vec::new();
        }
    };
    let mut out = Vec::new();
    for (i, ft) in v["features"]
        .as_array()
        .map(|a| a.as_slice())
        .unwrap_or(&[])
        .iter()
        .enumerate()
    {
        let p = &ft["properties"];
        let s = |k: &str| p[k].as_str().unwrap_or("").trim().to_string();
        let gtype = ft["geometry"]["type"].as_str().unwrap_or("");
        if gtype != "LineString" {
            warnings.push(format!(
                "{src}: feature {i} is a {gtype:?}, not a LineString: not a road"
            ));
            continue;
        }
        let line: Vec<LonLat> = ft["geometry"]["coordinates"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|c| Some((c[0].as_f64()?, c[1].as_f64()?)))
                    .filter(|(lon, lat)| {
                        (-180.0..=180.0).contains(lon) && (-90.0..=90.0).contains(lat)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let mut aliases: Vec<String> = p["aliases"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(|s| s.trim().to_string()))
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        // Any named line is a road: `ref` (e.g. "M4") or else `name` is its reference, and the
        // id is `road:<reference>` unless given.
        let name = s("name");
        let reference = [s("ref"), name.clone(), s("name_en")]
            .into_iter()
            .find(|x| !x.is_empty())
            .unwrap_or_default();
        if reference.is_empty() {
            warnings.push(format!(
                "{src}: road feature {i} has no ref, name or name_en"
            ));
            continue;
        }
        if line.len() < 2 {
            warnings.push(format!(
                "{src}: road {reference:?} needs at least 2 [lon, lat] points"
            ));
            continue;
        }
        let id = Some(s("id"))
            .filter(|x| !x.is_empty())
            .unwrap_or_else(|| format!("road:{reference}"));
        let name_en = [s("name_en"), name.clone(), reference.clone()]
            .into_iter()
            .find(|x| !x.is_empty())
            .unwrap_or_default();
        for n in [&name, &reference] {
            if !n.is_empty() && !aliases.contains(n) {
                aliases.push(n.clone());
            }
        }
        out.push((
            Road {
                id,
                reference,
                name_en,
                name_ar: s("name_ar"),
                aliases,
                line,
            },
            s("admin1"),
            s("country"),
        ));
    }
    out
}

fn parse_polygons(text: &str, src: &str, warnings: &mut Vec<String>) -> Vec<AdminArea> {
    let mut out = Vec::new();
    for (ln, f) in data_lines(text) {
        if f.len() < 6 {
            warnings.push(format!("{src} line {ln}: expected 6 tab-separated columns"));
            continue;
        }
        let mut polygons = Vec::new();
        for poly in f[5].split('|') {
            let mut rings = poly.split(';').map(|ring| {
                ring.split(',')
                    .filter_map(|v| {
                        let mut it = v.split(' ');
                        Some((
                            it.next()?.parse::<f64>().ok()?,
                            it.next()?.parse::<f64>().ok()?,
                        ))
                    })
                    .collect::<Vec<LonLat>>()
            });
            if let Some(exterior) = rings.next() {
                polygons.push(Polygon {
                    exterior,
                    holes: rings.collect(),
                });
            }
        }
        let mut bbox = BBox::EMPTY;
        for p in &polygons {
            let b = p.bbox();
            bbox.extend((b.min_lat, b.min_lon));
            bbox.extend((b.max_lat, b.max_lon));
        }
        out.push(AdminArea {
            level: f[0].parse().unwrap_or(0),
            pcode: f[1].to_string(),
            name_en: f[2].to_string(),
            name_ar: f[3].to_string(),
            admin1: f[4].to_string(),
            polygons,
            bbox,
        });
    }
    out
}

/// Add both spellings of joinable compounds (كفر نبل / كفرنبل).
fn key_variants(k: &str, out: &mut Vec<String>) {
    out.push(k.to_string());
    for j in JOINABLE {
        if let Some(rest) = k.strip_prefix(j) {
            if let Some(r) = rest.strip_prefix(' ') {
                if r.chars().count() >= 2 && !r.contains(' ') {
                    out.push(format!("{j}{r}"));
                }
            } else if rest.chars().count() >= 3 && !rest.contains(' ') && !rest.starts_with("ال")
            {
                out.push(format!("{j} {rest}"));
            }
        }
    }
}

impl Gazetteer {
    /// The embedded gazetteer (plus `$RASD_DATA/geo/` extensions), loaded once.
    pub fn embedded() -> &'static Gazetteer {
        static G: OnceLock<Gazetteer> = OnceLock::new();
        G.get_or_init(|| {
            let (src, warnings) = Sources::embedded_with_env();
            let mut g = Gazetteer::from_sources(&src);
            g.warnings.extend(warnings);
            g
        })
    }

    /// Build a gazetteer from data file contents. Malformed lines are skipped and reported
    /// in [`Gazetteer::load_warnings`]; this never fails.
    pub fn from_sources(src: &Sources) -> Gazetteer {
        let mut b = Builder {
            entries: Vec::new(),
            names: Vec::new(),
            id_ix: HashMap::new(),
            warnings: Vec::new(),
        };
        for (i, t) in src.countries.iter().enumerate() {
            b.countries(t, &format!("countries.tsv#{i}"));
        }
        for (i, t) in src.gazetteer.iter().enumerate() {
            b.gazetteer(t, &format!("gazetteer.tsv#{i}"));
        }
        for (i, t) in src.curated.iter().enumerate() {
            b.curated(t, &format!("curated file #{i}"));
        }
        let mut warnings = std::mem::take(&mut b.warnings);
        let mut roads = Vec::new();
        for (i, t) in src.roads.iter().enumerate() {
            for (r, admin1, country) in parse_roads(t, &format!("roads.geojson#{i}"), &mut warnings)
            {
                let mut names: Vec<&str> = r.aliases.iter().map(|s| s.as_str()).collect();
                if !r.name_ar.is_empty() {
                    names.push(&r.name_ar);
                }
                let e = Entry {
                    id: r.id.clone(),
                    kind: Kind::Road,
                    name_en: r.name_en.clone(),
                    name_ar: r.name_ar.clone(),
                    point: None,
                    admin1,
                    admin2: String::new(),
                    admin3: String::new(),
                    country,
                    population: 0,
                    rank: 0,
                    prio: true,
                    approx: false,
                    precision: 2,
                };
                b.push(e, &names);
                roads.push(r);
            }
        }
        for (i, t) in src.variants.iter().enumerate() {
            b.variants(t, &format!("variants.tsv#{i}"));
        }
        warnings.append(&mut b.warnings);
        let mut admin = Vec::new();
        for (i, t) in src.polygons.iter().enumerate() {
            admin.extend(parse_polygons(
                t,
                &format!("admin_polygons.tsv#{i}"),
                &mut warnings,
            ));
        }
        let hard: std::collections::HashSet<&str> = FUNCTION_WORDS.iter().copied().collect();
        let mut stop = std::collections::HashSet::new();
        // Names whose count column is "*": common words even though a major place bears the
        // name (صور "pictures" / Tyre): they always need a trigger word ("مدينة صور").
        let mut always_stop = std::collections::HashSet::new();
        for t in &src.stoplist {
            for (_, f) in data_lines(t) {
                let k = normalize_key(f[0]);
                if f.get(1).is_some_and(|c| c.trim() == "*") {
                    always_stop.insert(k.clone());
                }
                stop.insert(k);
            }
        }
        // A stop-listed name stays usable when one of its entries is significant on its own.
        let strong = |e: &Entry| {
            matches!(
                e.kind,
                Kind::Country
                    | Kind::Region
                    | Kind::Facility
                    | Kind::Road
                    | Kind::Water
                    | Kind::Governorate
            ) || e.rank >= 2
                || e.population >= 100_000
        };

        // Name index.
        let mut keys: Vec<KeyInfo> = Vec::new();
        let mut key_ix: HashMap<String, u32> = HashMap::new();
        let mut kv = Vec::new();
        for (name, ix) in &b.names {
            kv.clear();
            key_variants(&normalize_key(name), &mut kv);
            for k in kv.drain(..) {
                let nchars = k.chars().count();
                if nchars < 2 {
                    continue;
                }
                let bare = k.strip_prefix("ال").unwrap_or(&k);
                if NEVER_NAMES.contains(&k.as_str())
                    || NEVER_NAMES.contains(&bare)
                    || FUNCTION_WORDS.contains(&k.as_str())
                    || FUNCTION_WORDS.contains(&bare)
                    || FUNCTION_WORDS.contains(&format!("ال{k}").as_str())
                    || (nchars <= 2 && !k.is_ascii())
                {
                    continue;
                }
                let ki = *key_ix.entry(k.clone()).or_insert_with(|| {
                    keys.push(KeyInfo {
                        entries: Vec::new(),
                        stop: stop.contains(&k) || hard.contains(k.as_str()),
                        has_article: k.starts_with("ال"),
                        nchars,
                    });
                    (keys.len() - 1) as u32
                });
                let info = &mut keys[ki as usize];
                if !info.entries.contains(ix) {
                    info.entries.push(*ix);
                }
                if strong(&b.entries[*ix as usize])
                    && !hard.contains(k.as_str())
                    && !always_stop.contains(&k)
                {
                    info.stop = false;
                }
            }
        }
        // Internal-article variants of two-word names ("معارة اتارب" / "معارة الأتارب",
        // "دير زور" / "دير الزور"): added only where no entry has that spelling itself, so real
        // minimal pairs (عين حور ≠ عين الحور) keep their own entries.
        let mut extra: Vec<(String, u32)> = Vec::new();
        for (name, ix) in &b.names {
            let k = normalize_key(name);
            let Some((w1, w2)) = k.split_once(' ') else {
                continue;
            };
            // Towns and villages only: neighbourhood names are often generic ("مركز المدينة").
            let bare2 = w2.strip_prefix("ال").unwrap_or(w2);
            if w2.contains(' ')
                || w1.chars().count() < 2
                || !b.entries[*ix as usize].kind.is_populated()
                || b.entries[*ix as usize].kind == Kind::Neighbourhood
                || NEVER_NAMES.contains(&bare2)
                || NEVER_NAMES.contains(&w1)
            {
                continue;
            }
            let alt = match w2.strip_prefix("ال") {
                Some(r) if r.chars().count() >= 3 => format!("{w1} {r}"),
                Some(_) => continue,
                None if w2.chars().count() >= 3 => format!("{w1} ال{w2}"),
                None => continue,
            };
            if !key_ix.contains_key(&alt) {
                extra.push((alt, *ix));
            }
        }
        for (k, ix) in extra {
            let nchars = k.chars().count();
            let ki = *key_ix.entry(k.clone()).or_insert_with(|| {
                keys.push(KeyInfo {
                    entries: Vec::new(),
                    stop: stop.contains(&k) || hard.contains(k.as_str()),
                    has_article: k.starts_with("ال"),
                    nchars,
                });
                (keys.len() - 1) as u32
            });
            let info = &mut keys[ki as usize];
            if !info.entries.contains(&ix) {
                info.entries.push(ix);
            }
        }
        // 3-letter names that start like a clitic (وان = و + ان) need a trigger, unless they name
        // a Syrian seat or a listed place (بنش).
        for (k, &ki) in &key_ix {
            let info = &mut keys[ki as usize];
            if info.nchars == 3 && !k.is_ascii() && k.starts_with(['و', 'ف', 'ب', 'ل', 'ك']) {
                let seat = info.entries.iter().any(|&e| {
                    let x = &b.entries[e as usize];
                    x.country == "SY" && (x.rank >= 1 || x.prio)
                });
                if !seat {
                    info.stop = true;
                }
            }
        }
        // Automaton patterns.
        // One pattern per distinct string; a string can be several keys' forms.
        let mut pat_ix: HashMap<&str, usize> = HashMap::new();
        let mut pat_strs: Vec<&str> = Vec::with_capacity(keys.len() * 2);
        let mut pats: Vec<Vec<(u32, PatForm)>> = Vec::with_capacity(keys.len() * 2);
        let mut sorted: Vec<(&String, &u32)> = key_ix.iter().collect();
        sorted.sort();
        for (k, &ki) in sorted {
            let mut forms = vec![(k.as_str(), PatForm::Full)];
            if let Some(rest) = k.strip_prefix("ال") {
                if rest.chars().count() >= 3 {
                    forms.push((rest, PatForm::NoArticle));
                }
            }
            for (p, f) in forms {
                let i = *pat_ix.entry(p).or_insert_with(|| {
                    pat_strs.push(p);
                    pats.push(Vec::new());
                    pats.len() - 1
                });
                pats[i].push((ki, f));
            }
        }
        // Searched anchored at word starts (after proclitics), longest name first.
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .start_kind(aho_corasick::StartKind::Anchored)
            .build(&pat_strs)
            .unwrap_or_else(|_| {
                AhoCorasick::new(Vec::<&str>::new()).expect("empty automaton always builds")
            });

        // Seat city per governorate.
        let mut admin1_seat = HashMap::new();
        for (i, e) in b.entries.iter().enumerate() {
            if e.country == "SY" && e.kind.is_populated() && e.rank == 3 && !e.admin1.is_empty() {
                admin1_seat.entry(e.admin1.clone()).or_insert(i as u32);
            }
        }
        Gazetteer {
            entries: b.entries,
            keys,
            key_ix,
            ac,
            pats,
            roads,
            admin,
            id_ix: b.id_ix,
            admin1_seat,
            gov_grid: OnceLock::new(),
            sector_cache: std::sync::Mutex::new(HashMap::new()),
            warnings,
        }
    }

    /// A representative point of part of a governorate: the mean of the governorate's area that lies
    /// in the compass octant (45°, i.e. ±22.5°, the sector one of the eight direction labels stands
    /// for) around `bearing` (degrees) as seen from `seat` (`(lat, lon)`), more than 5 km and less
    /// than 50 km from it (the countryside around the seat); the whole ring without a bearing.
    /// Falls back to the 90° sector when the octant holds no part of the governorate.
    /// `None` if the governorate has no polygon or the sector is empty.
    pub fn sector_point(&self, admin1: &str, seat: LatLon, bearing: Option<f64>) -> Option<LatLon> {
        self.sector_point_union(admin1, seat, bearing.as_slice())
    }

    /// Like [`Gazetteer::sector_point`] for a conjunction of directions ("الريف الجنوبي والشرقي"):
    /// the mean over the union of the octants around each bearing; the ring if `bearings` is empty.
    pub fn sector_point_union(
        &self,
        admin1: &str,
        seat: LatLon,
        bearings: &[f64],
    ) -> Option<LatLon> {
        // Cached per governorate, seat and bearings (regional expressions repeat a lot).
        let key = (
            admin1.to_string(),
            (seat.0 * 1e4) as i64,
            (seat.1 * 1e4) as i64,
            bearings.iter().map(|b| (b * 10.0).round() as i64).collect(),
        );
        if let Ok(c) = self.sector_cache.lock() {
            if let Some(v) = c.get(&key) {
                return *v;
            }
        }
        let v = self.sector_point_uncached(admin1, seat, bearings);
        if let Ok(mut c) = self.sector_cache.lock() {
            c.insert(key, v);
        }
        v
    }

    /// Grid points (0.04°) inside each governorate polygon, computed on first use.
    fn governorate_grid(&self) -> &HashMap<String, Vec<LatLon>> {
        self.gov_grid.get_or_init(|| {
            let mut m = HashMap::new();
            for a in self.admin1_polygons() {
                let step = 0.04;
                let mut pts = Vec::new();
                let mut lat = (a.bbox.min_lat / step).floor() * step;
                while lat <= a.bbox.max_lat {
                    let mut lon = (a.bbox.min_lon / step).floor() * step;
                    while lon <= a.bbox.max_lon {
                        if geom::point_in_multipolygon((lat, lon), &a.polygons) {
                            pts.push((lat, lon));
                        }
                        lon += step;
                    }
                    lat += step;
                }
                m.insert(a.name_en.clone(), pts);
            }
            m
        })
    }

    /// Distance in km from `p` (`(lat, lon)`) to the nearest part of governorate `admin1`
    /// (0 inside it, within the 0.04° grid's resolution); `None` without a polygon.
    pub fn distance_to_governorate_km(&self, admin1: &str, p: LatLon) -> Option<f64> {
        let pts = self.governorate_grid().get(admin1)?;
        pts.iter()
            .map(|&q| geom::haversine_km(p, q))
            .min_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal))
    }

    fn sector_point_uncached(
        &self,
        admin1: &str,
        seat: LatLon,
        bearings: &[f64],
    ) -> Option<LatLon> {
        let grid = self.governorate_grid();
        let pts = grid.get(admin1)?;
        let mean = |half: f64| {
            let (mut n, mut sl, mut so) = (0usize, 0.0, 0.0);
            for &p in pts {
                let d = geom::haversine_km(seat, p);
                if !(5.0..=50.0).contains(&d) {
                    continue;
                }
                if !bearings.is_empty() {
                    let bp = geom::bearing_deg(seat, p);
                    let inside = bearings
                        .iter()
                        .any(|b| ((bp - b + 540.0) % 360.0 - 180.0).abs() <= half);
                    if !inside {
                        continue;
                    }
                }
                n += 1;
                sl += p.0;
                so += p.1;
            }
            (n > 0).then(|| (sl / n as f64, so / n as f64))
        };
        mean(22.5).or_else(|| mean(45.0))
    }

    /// Problems met while loading data files (malformed lines, unknown ids).
    pub fn load_warnings(&self) -> &[String] {
        &self.warnings
    }

    /// All entries.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Number of distinct normalized names.
    pub fn name_count(&self) -> usize {
        self.keys.len()
    }

    /// Entry by id (`C4278`, `gn:170063`, `fac:hmeimim`, `country:SY` …).
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.id_ix.get(id).map(|&i| &self.entries[i as usize])
    }

    /// All entries with this name (normalized; a leading ال is optional).
    pub fn lookup(&self, name: &str) -> Vec<&Entry> {
        let k = normalize_key(name);
        let mut out: Vec<&Entry> = Vec::new();
        let alt = match k.strip_prefix("ال") {
            Some(r) => r.to_string(),
            None => format!("ال{k}"),
        };
        for key in [&k, &alt] {
            if let Some(&ki) = self.key_ix.get(key.as_str()) {
                for &e in &self.keys[ki as usize].entries {
                    let e = &self.entries[e as usize];
                    if !out.iter().any(|o| o.id == e.id) {
                        out.push(e);
                    }
                }
            }
        }
        out
    }

    /// A road by id (`road:M4`), reference (`M4`) or English name (case-insensitive).
    pub fn road(&self, id: &str) -> Option<&Road> {
        self.roads
            .iter()
            .find(|r| r.id == id || r.reference.eq_ignore_ascii_case(id))
            .or_else(|| {
                self.roads
                    .iter()
                    .find(|r| r.name_en.eq_ignore_ascii_case(id))
            })
    }

    /// The road nearest to `p` (`(lat, lon)`) within `max_km`, with its distance in km
    /// (e.g. `max_km = 6.0` for the M4 security corridor of the 5 March 2020 protocol).
    pub fn road_near(&self, p: LatLon, max_km: f64) -> Option<(&Road, f64)> {
        self.roads
            .iter()
            .map(|r| (r, r.distance_km(p)))
            .filter(|(_, d)| *d <= max_km)
            .min_by(|a, b| a.1.partial_cmp(&b.1).unwrap_or(std::cmp::Ordering::Equal))
    }

    /// All roads.
    pub fn roads(&self) -> &[Road] {
        &self.roads
    }

    /// Syrian governorate polygons (simplified OCHA admin-1).
    pub fn admin1_polygons(&self) -> impl Iterator<Item = &AdminArea> {
        self.admin.iter().filter(|a| a.level == 1)
    }

    /// Syrian district polygons (simplified OCHA admin-2).
    pub fn admin2_polygons(&self) -> impl Iterator<Item = &AdminArea> {
        self.admin.iter().filter(|a| a.level == 2)
    }

    /// The governorate and district containing `p` (`(lat, lon)`), if in Syria.
    pub fn admin_at(&self, p: LatLon) -> (Option<&AdminArea>, Option<&AdminArea>) {
        (
            self.admin1_polygons().find(|a| a.contains(p)),
            self.admin2_polygons().find(|a| a.contains(p)),
        )
    }
}

/// Convenience: [`Gazetteer::embedded`]'s governorate polygons.
pub fn admin1_polygons() -> impl Iterator<Item = &'static AdminArea> {
    Gazetteer::embedded().admin1_polygons()
}
