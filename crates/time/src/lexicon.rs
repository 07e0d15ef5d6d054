//! The time lexicon: `data/time/lexicon.tsv` (embedded) plus an optional
//! analyst extension `$RASD_DATA/time/lexicon.tsv`, loaded once.
//!
//! Forms are folded with [`rasd_arabic::normalize_key`] and indexed by their
//! first word; multi-word forms keep the remaining words for matching.

use std::collections::HashMap;
use std::sync::OnceLock;

/// What a lexicon entry means. See the header of `data/time/lexicon.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Month,
    HMonth,
    Weekday,
    RelDay,
    Part,
    Mod,
    Anaphor,
    This,
    Period,
    Unit,
    Ago,
    Num,
    Ord,
    YearWord,
    MonthWord,
    DayWord,
    HSuffix,
    GSuffix,
    HourWord,
    HourOrd,
    Frac,
    AmPm,
    Pos,
    RangeSep,
    Glue,
    VetoPrevYear,
    VetoNextYear,
    VetoPrevToday,
    VetoNextToday,
    CtxPrev,
}

impl Kind {
    fn parse(s: &str) -> Option<Kind> {
        Some(match s {
            "month" => Kind::Month,
            "hmonth" => Kind::HMonth,
            "weekday" => Kind::Weekday,
            "relday" => Kind::RelDay,
            "part" => Kind::Part,
            "mod" => Kind::Mod,
            "anaphor" => Kind::Anaphor,
            "this" => Kind::This,
            "period" => Kind::Period,
            "unit" => Kind::Unit,
            "ago" => Kind::Ago,
            "num" => Kind::Num,
            "ord" => Kind::Ord,
            "yearword" => Kind::YearWord,
            "monthword" => Kind::MonthWord,
            "dayword" => Kind::DayWord,
            "hsuffix" => Kind::HSuffix,
            "gsuffix" => Kind::GSuffix,
            "hourword" => Kind::HourWord,
            "hourord" => Kind::HourOrd,
            "frac" => Kind::Frac,
            "ampm" => Kind::AmPm,
            "pos" => Kind::Pos,
            "rangesep" => Kind::RangeSep,
            "glue" => Kind::Glue,
            "vetoprevyear" => Kind::VetoPrevYear,
            "vetonextyear" => Kind::VetoNextYear,
            "vetoprevtoday" => Kind::VetoPrevToday,
            "vetonexttoday" => Kind::VetoNextToday,
            "ctxprev" => Kind::CtxPrev,
            _ => return None,
        })
    }
}

/// Units of time for periods and "N units ago".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Hour,
    Day,
    Week,
    Month,
    Year,
}

/// Part-of-day / am-pm codes stored in `Entry::val`.
pub const PART_DAWN: i32 = 1;
pub const PART_MORNING: i32 = 2;
pub const PART_NOON: i32 = 3;
pub const PART_AFTERNOON: i32 = 4;
pub const PART_EVENING: i32 = 5;
pub const PART_NIGHT: i32 = 6;
pub const AMPM_AM: i32 = 1;
pub const AMPM_PM: i32 = 2;
pub const AMPM_NIGHT: i32 = 3;
pub const POS_START: i32 = 0;
pub const POS_MID: i32 = 1;
pub const POS_LATE: i32 = 2;
pub const ANAPHOR_SAME: i32 = 0;
pub const ANAPHOR_NEXT: i32 = 1;

/// One meaning of a form.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Normalized words after the first one (empty for single-word forms).
    pub rest: Vec<String>,
    pub kind: Kind,
    /// Numeric value (month number, offset, code …).
    pub val: i32,
    /// For `period`/`unit`: the unit.
    pub unit: Option<Unit>,
    /// For `period`/`unit`: the count implied by the form (0 = needs an explicit number).
    pub count: u32,
    /// Ambiguous word: needs date context.
    pub ctx: bool,
}

/// The loaded lexicon.
#[derive(Debug, Default)]
pub struct Lexicon {
    by_first: HashMap<String, Vec<Entry>>,
    /// Problems met while loading (bad lines), reported as document warnings.
    pub problems: Vec<String>,
}

const EMBEDDED: &str = include_str!("../../../data/time/lexicon.tsv");

impl Lexicon {
    /// Parse a lexicon file; `origin` names it in problem messages.
    pub fn add_tsv(&mut self, origin: &str, src: &str) {
        for (no, line) in src.lines().enumerate() {
            let line = line.trim_end_matches('\r');
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let cols: Vec<&str> = line.split('\t').collect();
            if cols.len() < 3 {
                self.problems.push(format!(
                    "{origin}:{}: expected FORM<TAB>KIND<TAB>VALUE, got {line:?}",
                    no + 1
                ));
                continue;
            }
            let Some(kind) = Kind::parse(cols[1].trim()) else {
                self.problems
                    .push(format!("{origin}:{}: unknown kind {:?}", no + 1, cols[1]));
                continue;
            };
            let v = cols[2].trim();
            let ctx = cols
                .get(3)
                .is_some_and(|f| f.split(',').any(|x| x.trim() == "ctx"));
            let (val, unit, count) = match parse_value(kind, v) {
                Some(x) => x,
                None => {
                    self.problems.push(format!(
                        "{origin}:{}: bad value {v:?} for kind {}",
                        no + 1,
                        cols[1]
                    ));
                    continue;
                }
            };
            let key = rasd_arabic::normalize_key(cols[0]);
            let mut words = key.split(' ').filter(|w| !w.is_empty()).map(str::to_string);
            let Some(first) = words.next() else {
                continue;
            };
            let rest: Vec<String> = words.collect();
            let list = self.by_first.entry(first).or_default();
            list.push(Entry {
                rest,
                kind,
                val,
                unit,
                count,
                ctx,
            });
            // Longest forms first, so the first match is the longest.
            list.sort_by_key(|e| std::cmp::Reverse(e.rest.len()));
        }
    }

    /// Entries whose first word is `w` (normalized).
    pub fn get(&self, w: &str) -> &[Entry] {
        self.by_first.get(w).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether `w` is a known first word.
    pub fn contains(&self, w: &str) -> bool {
        self.by_first.contains_key(w)
    }
}

fn parse_value(kind: Kind, v: &str) -> Option<(i32, Option<Unit>, u32)> {
    match kind {
        Kind::Part => Some((
            match v {
                "dawn" => PART_DAWN,
                "morning" => PART_MORNING,
                "noon" => PART_NOON,
                "afternoon" => PART_AFTERNOON,
                "evening" => PART_EVENING,
                "night" => PART_NIGHT,
                _ => return None,
            },
            None,
            0,
        )),
        Kind::AmPm => Some((
            match v {
                "am" => AMPM_AM,
                "pm" => AMPM_PM,
                "night" => AMPM_NIGHT,
                _ => return None,
            },
            None,
            0,
        )),
        Kind::Pos => Some((
            match v {
                "start" => POS_START,
                "mid" => POS_MID,
                "late" => POS_LATE,
                _ => return None,
            },
            None,
            0,
        )),
        Kind::Anaphor => Some((
            match v {
                "same" => ANAPHOR_SAME,
                "next" => ANAPHOR_NEXT,
                _ => return None,
            },
            None,
            0,
        )),
        Kind::Period | Kind::Unit => {
            let mut it = v.split_whitespace();
            let unit = match it.next()? {
                "hour" => Unit::Hour,
                "day" => Unit::Day,
                "week" => Unit::Week,
                "month" => Unit::Month,
                "year" => Unit::Year,
                _ => return None,
            };
            let count = match it.next()? {
                "n" => 0,
                c => c.parse().ok()?,
            };
            Some((0, Some(unit), count))
        }
        _ => Some((v.parse().ok()?, None, 0)),
    }
}

/// The process-wide lexicon: embedded data plus `$RASD_DATA/time/lexicon.tsv` if present.
pub fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| {
        let mut lex = Lexicon::default();
        lex.add_tsv("data/time/lexicon.tsv", EMBEDDED);
        if let Some(dir) = std::env::var_os("RASD_DATA") {
            let p = std::path::Path::new(&dir).join("time").join("lexicon.tsv");
            match std::fs::read_to_string(&p) {
                Ok(s) => lex.add_tsv(&p.display().to_string(), &s),
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => lex
                    .problems
                    .push(format!("cannot read {}: {e}", p.display())),
            }
        }
        lex
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_lexicon_is_clean() {
        let mut lex = Lexicon::default();
        lex.add_tsv("embedded", EMBEDDED);
        assert!(lex.problems.is_empty(), "{:?}", lex.problems);
        assert!(lex
            .get("اب")
            .iter()
            .any(|e| e.kind == Kind::Month && e.val == 8 && e.ctx));
        let k = lex.get("كانون");
        assert!(k.iter().any(|e| e.rest == ["الثاني"] && e.val == 1));
        assert!(lex
            .get("الاحد")
            .iter()
            .any(|e| e.kind == Kind::Weekday && e.val == 7));
    }

    #[test]
    fn bad_lines_are_reported() {
        let mut lex = Lexicon::default();
        lex.add_tsv("x", "a\tmonth\n b\tnope\t1\nc\tmonth\tz\nd\tmonth\t3\n");
        assert_eq!(lex.problems.len(), 3);
        assert!(lex.contains("d"));
    }
}
