//! Span and annotation-layer types.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into [`crate::Document::text`], on char boundaries.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end as u32,
        }
    }
    pub fn len(&self) -> usize {
        (self.end - self.start) as usize
    }
    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }
    pub fn overlaps(&self, o: &Span) -> bool {
        self.start < o.end && o.start < self.end
    }
    pub fn contains(&self, o: &Span) -> bool {
        self.start <= o.start && o.end <= self.end
    }
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// Arabic-script word.
    Word,
    /// Latin-script word.
    Latin,
    /// Digits (any script), possibly with decimal separators.
    Number,
    Punct,
    Other,
}

/// A token. Clitics are described as sub-spans: `stem` is the part left after
/// stripping proclitics (و ف ب ل ك س ال) and enclitics, still a byte range of the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Token {
    pub span: Span,
    pub kind: TokenKind,
    /// Span of the token without its clitics (equal to `span` when there are none).
    pub stem: Span,
}

/// A number found in the text ("ثلاثة", "أكثر من عشرين", "3-4", "١٥").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NumberAnn {
    pub span: Span,
    pub value: f64,
    /// Upper bound for ranges ("3-4" → value 3, max 4).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max: Option<f64>,
    /// True for "نحو", "قرابة", "أكثر من", "عشرات" …
    #[serde(default)]
    pub approximate: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DatePrecision {
    Day,
    Month,
    Year,
    Range,
}

impl DatePrecision {
    pub fn as_str(&self) -> &'static str {
        match self {
            DatePrecision::Day => "day",
            DatePrecision::Month => "month",
            DatePrecision::Year => "year",
            DatePrecision::Range => "range",
        }
    }
    /// ACLED time_precision: 1 day, 2 within a week/range, 3 month or coarser.
    pub fn acled(&self) -> u8 {
        match self {
            DatePrecision::Day => 1,
            DatePrecision::Range => 2,
            DatePrecision::Month | DatePrecision::Year => 3,
        }
    }
}

/// A time expression resolved against the publication date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DateAnn {
    pub span: Span,
    /// `YYYY-MM-DD`, `YYYY-MM`, `YYYY`, or a range `YYYY-MM-DD/YYYY-MM-DD`.
    pub value: String,
    pub precision: DatePrecision,
    /// Time of day if stated ("08:30").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
    /// True if the expression refers to the future relative to publication.
    #[serde(default)]
    pub future: bool,
    /// Name of the rule that produced it (for explanations and debugging).
    #[serde(default)]
    pub rule: String,
}

impl DateAnn {
    /// First day covered by the value (`YYYY-MM-DD`), if parseable.
    pub fn first_day(&self) -> String {
        let v = self.value.split('/').next().unwrap_or("");
        match v.len() {
            4 => format!("{v}-01-01"),
            7 => format!("{v}-01"),
            _ => v.to_string(),
        }
    }
}

/// A toponym found in the text, resolved (or not) to a gazetteer entry.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct PlaceAnn {
    pub span: Span,
    /// Canonical (English/Latin) name of the resolved entry, or the surface form if unresolved.
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name_ar: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub gazetteer_id: Option<String>,
    /// Kind: country, governorate, district, subdistrict, city, town, village, neighbourhood, region, road, facility, water.
    #[serde(default)]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin3: Option<String>,
    /// ISO 3166-1 alpha-2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// ACLED geo precision: 1 the place itself, 2 near / part of a region, 3 governorate/region only.
    #[serde(default)]
    pub geo_precision: u8,
    /// Compass direction for regional expressions ("ريف حلب الشمالي" → "N").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub direction: Option<String>,
    /// The trigger word that introduced it (قرية، بلدة، مطار …), if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<String>,
    /// Disambiguation score in [0,1] and why this candidate was chosen.
    #[serde(default)]
    pub confidence: f32,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reason: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EntityType {
    PER,
    ORG,
    LOC,
    GPE,
    FAC,
}

impl EntityType {
    pub fn as_str(&self) -> &'static str {
        match self {
            EntityType::PER => "PER",
            EntityType::ORG => "ORG",
            EntityType::LOC => "LOC",
            EntityType::GPE => "GPE",
            EntityType::FAC => "FAC",
        }
    }
    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "PER" => EntityType::PER,
            "ORG" => EntityType::ORG,
            "LOC" => EntityType::LOC,
            "GPE" => EntityType::GPE,
            "FAC" => EntityType::FAC,
            _ => return None,
        })
    }
}

/// A named entity mention.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityAnn {
    pub span: Span,
    #[serde(rename = "type")]
    pub etype: EntityType,
    /// Canonical name (ACLED-style actor name for actors).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// Actor dictionary id when the entity is a known actor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<String>,
    /// Role or title for people ("العقيد", "المحلل العسكري").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Salience {
    #[default]
    Main,
    Background,
}

/// An ACLED-style event coded from the text, pointing at its evidence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct EventAnn {
    pub event_type: String,
    pub sub_event_type: String,
    pub plover: String,
    /// `YYYY-MM-DD` (the first day when the text gives only a coarser date).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// ACLED: 1 day, 2 week / fallback to publication date, 3 month.
    #[serde(default)]
    pub time_precision: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub admin3: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lat: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lon: Option<f64>,
    #[serde(default)]
    pub geo_precision: u8,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assoc_actor1: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor2: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assoc_actor2: Option<String>,
    /// ACLED inter codes (1 state forces … 8 external/other) for actor1/actor2.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter1: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inter2: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fatalities: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub injuries: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub claimed_by: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reported_by: Option<String>,
    /// The source the outlet cites ("بحسب المرصد" → "Syrian Observatory for Human Rights").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cited_source: Option<String>,
    #[serde(default)]
    pub salience: Salience,
    /// The evidence sentence(s).
    pub evidence: Span,
    /// The trigger word(s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trigger: Option<Span>,
    /// Index into `Document::places` of the location used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place_ref: Option<usize>,
    /// Index into `Document::dates` of the date used, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_ref: Option<usize>,
    /// Civilian targeting flag as ACLED ("Civilian targeting" or empty).
    #[serde(default)]
    pub civilian_targeting: bool,
    /// Short machine notes on how the event was coded.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}
