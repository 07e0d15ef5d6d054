//! Loading the analyst-editable data files (actors, nationalities, titles, triggers, cues, taxonomy)
//! and compiling every surface form into one Aho-Corasick automaton over normalized text.

use crate::text::key_form;
use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use std::collections::HashMap;

/// A problem in a data file: which file, which line, what was wrong.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error("{file}: line {line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error("building the matcher failed: {0}")]
    Build(String),
}

/// What a matched surface form is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Actor(u32),
    /// An actor alias too vague to be an entity on its own (`~النظام`).
    ActorQuiet(u32),
    Person(u32),
    Nationality(u32),
    MilNoun(Role),
    Trigger(u32),
    Cue(CueClass, u8),
    Title(u32),
    Given,
}

/// Role a military noun gives to the forces named by the adjective after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Perpetrator,
    Force,
    Target,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum CueClass {
    Negation,
    Denial,
    Speculation,
    Conditional,
    Threat,
    Analysis,
    Future,
    Subordinator,
    Death,
    Injury,
    Zero,
    Civilian,
    Claim,
    Cite,
    Unit,
    Reference,
    Target,
    Habitual,
    Direction,
    Anaphora,
    Contrast,
    Frame,
    Aside,
    Origin,
    ClaimBefore,
    Agent,
}

impl CueClass {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "negation" => CueClass::Negation,
            "denial" => CueClass::Denial,
            "speculation" => CueClass::Speculation,
            "conditional" => CueClass::Conditional,
            "threat" => CueClass::Threat,
            "analysis" => CueClass::Analysis,
            "future" => CueClass::Future,
            "subordinator" => CueClass::Subordinator,
            "death" => CueClass::Death,
            "injury" => CueClass::Injury,
            "zero" => CueClass::Zero,
            "civilian" => CueClass::Civilian,
            "claim" => CueClass::Claim,
            "cite" => CueClass::Cite,
            "unit" => CueClass::Unit,
            "reference" => CueClass::Reference,
            "target" => CueClass::Target,
            "habitual" => CueClass::Habitual,
            "direction" => CueClass::Direction,
            "anaphora" => CueClass::Anaphora,
            "contrast" => CueClass::Contrast,
            "frame" => CueClass::Frame,
            "aside" => CueClass::Aside,
            "origin" => CueClass::Origin,
            "claim_before" => CueClass::ClaimBefore,
            "agent" => CueClass::Agent,
            _ => return None,
        })
    }
    /// Modality classes block the event of a trigger they precede.
    pub(crate) fn is_modality(self) -> bool {
        matches!(
            self,
            CueClass::Negation
                | CueClass::Denial
                | CueClass::Speculation
                | CueClass::Conditional
                | CueClass::Threat
                | CueClass::Analysis
                | CueClass::Future
                | CueClass::Frame
        )
    }
    pub(crate) fn name(self) -> &'static str {
        match self {
            CueClass::Negation => "negation",
            CueClass::Denial => "denial",
            CueClass::Speculation => "speculation",
            CueClass::Conditional => "conditional",
            CueClass::Threat => "threat",
            CueClass::Analysis => "analysis",
            CueClass::Future => "future",
            CueClass::Subordinator => "subordinator",
            CueClass::Death => "death",
            CueClass::Injury => "injury",
            CueClass::Zero => "zero",
            CueClass::Civilian => "civilian",
            CueClass::Claim => "claim",
            CueClass::Cite => "cite",
            CueClass::Unit => "unit",
            CueClass::Reference => "reference",
            CueClass::Target => "target",
            CueClass::Habitual => "habitual",
            CueClass::Direction => "direction",
            CueClass::Anaphora => "anaphora",
            CueClass::Contrast => "contrast",
            CueClass::Frame => "frame",
            CueClass::Aside => "aside",
            CueClass::Origin => "origin",
            CueClass::ClaimBefore => "claim_before",
            CueClass::Agent => "agent",
        }
    }
}

/// Coarse actor kind from the dictionary's `kind` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ActorKind {
    State,
    Government,
    Rebel,
    Militia,
    Identity,
    Civilians,
    Protesters,
    External,
    Unknown,
    Media,
    Org,
}

impl ActorKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "state" => ActorKind::State,
            "government" => ActorKind::Government,
            "rebel" => ActorKind::Rebel,
            "militia" => ActorKind::Militia,
            "identity" => ActorKind::Identity,
            "civilians" => ActorKind::Civilians,
            "protesters" => ActorKind::Protesters,
            "external" => ActorKind::External,
            "unknown" => ActorKind::Unknown,
            "media" => ActorKind::Media,
            "org" => ActorKind::Org,
            _ => return None,
        })
    }
    /// Media, NGOs and ministries are entities but never event actors.
    pub fn is_actor(self) -> bool {
        !matches!(self, ActorKind::Media | ActorKind::Org)
    }
}

/// Default sub-event when an actor "bombs" without a named weapon.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Strike {
    Air,
    Shelling,
    None,
}

/// One actor dictionary entry.
#[derive(Debug, Clone)]
pub struct Actor {
    pub id: String,
    /// ACLED-style name; may contain `{country}`.
    pub canonical: String,
    pub inter: u8,
    pub country: Option<String>,
    pub kind: ActorKind,
    pub strike: Strike,
}

#[derive(Debug, Clone)]
pub struct Country {
    pub code: String,
    pub name: String,
    /// Index into actors of the state forces, if any.
    pub forces: Option<u32>,
}

#[derive(Debug, Clone)]
pub struct Trigger {
    pub event_type: String,
    pub sub_event_type: String,
    pub weight: u8,
    pub generic: bool,
    pub explicit: bool,
    pub territory: bool,
    pub pattern: String,
}

#[derive(Debug, Clone)]
pub struct Title {
    pub skip: i8,
    pub role: String,
}

/// A compiled pattern: the automaton's pattern id indexes `Lexicon::pats`.
#[derive(Debug, Clone)]
pub(crate) struct Pat {
    /// Trailing `*`: any word ending.
    pub prefix: bool,
    /// Variant of an `ال…` pattern written after the preposition ل ("للجيش"): must follow a ل.
    pub needs_l: bool,
    /// The pattern itself starts with the article, so no further article may precede it.
    pub has_article: bool,
    pub kinds: Vec<Kind>,
}

/// All data, compiled.
pub struct Lexicon {
    pub actors: Vec<Actor>,
    pub people: Vec<String>,
    pub countries: Vec<Country>,
    pub triggers: Vec<Trigger>,
    pub titles: Vec<Title>,
    /// (event_type, sub_event_type) → PLOVER.
    pub taxonomy: HashMap<(String, String), String>,
    pub(crate) pats: Vec<Pat>,
    pub(crate) ac: AhoCorasick,
}

/// The data files, by path relative to the data directory.
pub const FILES: [&str; 9] = [
    "actors/actors.tsv",
    "actors/nationalities.tsv",
    "actors/military_nouns.tsv",
    "actors/titles.tsv",
    "actors/given_names.tsv",
    "actors/people.tsv",
    "events/taxonomy.tsv",
    "events/triggers.tsv",
    "events/cues.tsv",
];

/// The embedded copies of [`FILES`].
pub(crate) fn embedded_sources() -> Vec<(&'static str, &'static str)> {
    vec![
        (FILES[0], include_str!("../../../data/actors/actors.tsv")),
        (
            FILES[1],
            include_str!("../../../data/actors/nationalities.tsv"),
        ),
        (
            FILES[2],
            include_str!("../../../data/actors/military_nouns.tsv"),
        ),
        (FILES[3], include_str!("../../../data/actors/titles.tsv")),
        (
            FILES[4],
            include_str!("../../../data/actors/given_names.tsv"),
        ),
        (FILES[5], include_str!("../../../data/actors/people.tsv")),
        (FILES[6], include_str!("../../../data/events/taxonomy.tsv")),
        (FILES[7], include_str!("../../../data/events/triggers.tsv")),
        (FILES[8], include_str!("../../../data/events/cues.tsv")),
    ]
}

struct Builder {
    lex_pats: HashMap<String, usize>,
    pats: Vec<Pat>,
    keys: Vec<String>,
}

impl Builder {
    fn add(&mut self, raw: &str, kind: Kind) {
        let raw = raw.trim();
        let (body, prefix) = match raw.strip_suffix('*') {
            Some(b) => (b, true),
            None => (raw, false),
        };
        let key = key_form(body);
        if key.is_empty() {
            return;
        }
        let has_article = key.starts_with("ال");
        self.push(key.clone(), prefix, false, has_article, kind);
        // "للجيش": ل + الجيش with the alef dropped.
        if let Some(rest) = key.strip_prefix("ال") {
            if rest.chars().count() >= 2 {
                self.push(format!("ل{rest}"), prefix, true, true, kind);
            }
        }
    }

    fn push(&mut self, key: String, prefix: bool, needs_l: bool, has_article: bool, kind: Kind) {
        let map_key = format!("{key}\u{0}{}{}", prefix as u8, needs_l as u8);
        let idx = match self.lex_pats.get(&map_key) {
            Some(&i) => i,
            None => {
                let i = self.pats.len();
                self.pats.push(Pat {
                    prefix,
                    needs_l,
                    has_article,
                    kinds: Vec::new(),
                });
                self.keys.push(key);
                self.lex_pats.insert(map_key, i);
                i
            }
        };
        if !self.pats[idx].kinds.contains(&kind) {
            self.pats[idx].kinds.push(kind);
        }
    }
}

/// Data lines of a TSV file: skips blank lines and `#` comments, yields (1-based line number, columns).
fn rows(content: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    content.lines().enumerate().filter_map(|(i, l)| {
        let l = l.trim_end_matches('\r');
        if l.trim().is_empty() || l.trim_start().starts_with('#') {
            None
        } else {
            Some((i + 1, l.split('\t').map(str::trim).collect()))
        }
    })
}

impl Lexicon {
    /// Build from (relative path, content) pairs. Several contents may share a path (embedded + extension).
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Lexicon, LexiconError> {
        let err = |file: &str, line: usize, message: String| LexiconError::Line {
            file: file.to_string(),
            line,
            message,
        };
        let mut b = Builder {
            lex_pats: HashMap::new(),
            pats: Vec::new(),
            keys: Vec::new(),
        };
        let mut actors: Vec<Actor> = Vec::new();
        let mut actor_ix: HashMap<String, u32> = HashMap::new();
        let mut people = Vec::new();
        let mut countries = Vec::new();
        let mut triggers = Vec::new();
        let mut titles = Vec::new();
        let mut taxonomy = HashMap::new();
        let by = |name: &str| {
            sources
                .iter()
                .filter(move |(p, _)| *p == name)
                .map(|(_, c)| *c)
                .collect::<Vec<_>>()
        };

        for c in by(FILES[0]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 7 {
                    return Err(err(
                        FILES[0],
                        ln,
                        format!("expected 7 TAB-separated columns, found {}", cols.len()),
                    ));
                }
                let inter: u8 = cols[2].parse().map_err(|_| {
                    err(
                        FILES[0],
                        ln,
                        format!("inter {:?} is not a number 0-8", cols[2]),
                    )
                })?;
                let kind = ActorKind::parse(cols[4])
                    .ok_or_else(|| err(FILES[0], ln, format!("unknown kind {:?}", cols[4])))?;
                let strike = match cols[5] {
                    "air" => Strike::Air,
                    "shelling" => Strike::Shelling,
                    _ => Strike::None,
                };
                let idx = match actor_ix.get(cols[0]) {
                    Some(&i) => i,
                    None => {
                        let i = actors.len() as u32;
                        actors.push(Actor {
                            id: cols[0].to_string(),
                            canonical: cols[1].to_string(),
                            inter,
                            country: (cols[3] != "-" && !cols[3].is_empty())
                                .then(|| cols[3].to_string()),
                            kind,
                            strike,
                        });
                        actor_ix.insert(cols[0].to_string(), i);
                        i
                    }
                };
                for a in cols[6].split('|') {
                    match a.trim().strip_prefix('~') {
                        Some(q) => b.add(q, Kind::ActorQuiet(idx)),
                        None => b.add(a, Kind::Actor(idx)),
                    }
                }
            }
        }
        for c in by(FILES[1]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 4 {
                    return Err(err(
                        FILES[1],
                        ln,
                        format!("expected 4 columns, found {}", cols.len()),
                    ));
                }
                let forces = actor_ix.get(cols[2]).copied();
                let i = countries.len() as u32;
                countries.push(Country {
                    code: cols[0].to_string(),
                    name: cols[1].to_string(),
                    forces,
                });
                for a in cols[3].split('|') {
                    b.add(a, Kind::Nationality(i));
                }
            }
        }
        for c in by(FILES[2]) {
            for (ln, cols) in rows(c) {
                let role = match cols.get(1).copied() {
                    Some("perpetrator") => Role::Perpetrator,
                    Some("force") => Role::Force,
                    Some("target") => Role::Target,
                    other => {
                        return Err(err(
                            FILES[2],
                            ln,
                            format!("role must be perpetrator|force|target, found {other:?}"),
                        ))
                    }
                };
                b.add(cols[0], Kind::MilNoun(role));
            }
        }
        for c in by(FILES[3]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 3 {
                    return Err(err(
                        FILES[3],
                        ln,
                        format!("expected 3 columns, found {}", cols.len()),
                    ));
                }
                let skip: i8 = cols[1].parse().map_err(|_| {
                    err(FILES[3], ln, format!("skip {:?} is not a number", cols[1]))
                })?;
                let i = titles.len() as u32;
                titles.push(Title {
                    skip,
                    role: cols[2].to_string(),
                });
                b.add(cols[0], Kind::Title(i));
            }
        }
        for c in by(FILES[4]) {
            for (_, cols) in rows(c) {
                b.add(cols[0], Kind::Given);
            }
        }
        for c in by(FILES[5]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 2 {
                    return Err(err(
                        FILES[5],
                        ln,
                        "expected: canonical TAB aliases".to_string(),
                    ));
                }
                let i = people.len() as u32;
                people.push(cols[0].to_string());
                for a in cols[1].split('|') {
                    b.add(a, Kind::Person(i));
                }
            }
        }
        for c in by(FILES[6]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 3 {
                    return Err(err(
                        FILES[6],
                        ln,
                        format!("expected at least 3 columns, found {}", cols.len()),
                    ));
                }
                taxonomy.insert(
                    (cols[0].to_string(), cols[1].to_string()),
                    cols[2].to_string(),
                );
            }
        }
        for c in by(FILES[7]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 5 {
                    return Err(err(
                        FILES[7],
                        ln,
                        format!("expected 5 columns, found {}", cols.len()),
                    ));
                }
                if !taxonomy.contains_key(&(cols[1].to_string(), cols[2].to_string())) {
                    return Err(err(
                        FILES[7],
                        ln,
                        format!("{:?} / {:?} is not in taxonomy.tsv", cols[1], cols[2]),
                    ));
                }
                let weight: u8 = cols[3].parse().map_err(|_| {
                    err(
                        FILES[7],
                        ln,
                        format!("weight {:?} is not a number", cols[3]),
                    )
                })?;
                let flags: Vec<&str> = cols[4].split(',').map(str::trim).collect();
                let i = triggers.len() as u32;
                triggers.push(Trigger {
                    event_type: cols[1].to_string(),
                    sub_event_type: cols[2].to_string(),
                    weight,
                    generic: flags.contains(&"generic"),
                    explicit: flags.contains(&"explicit"),
                    territory: flags.contains(&"territory"),
                    pattern: cols[0].to_string(),
                });
                b.add(cols[0], Kind::Trigger(i));
            }
        }
        for c in by(FILES[8]) {
            for (ln, cols) in rows(c) {
                if cols.len() < 2 {
                    return Err(err(
                        FILES[8],
                        ln,
                        "expected: cue TAB class [TAB window]".to_string(),
                    ));
                }
                let class = CueClass::parse(cols[1])
                    .ok_or_else(|| err(FILES[8], ln, format!("unknown cue class {:?}", cols[1])))?;
                let window: u8 = cols.get(2).and_then(|w| w.parse().ok()).unwrap_or(0);
                b.add(cols[0], Kind::Cue(class, window));
            }
        }
        let ac = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&b.keys)
            .map_err(|e| LexiconError::Build(e.to_string()))?;
        Ok(Lexicon {
            actors,
            people,
            countries,
            triggers,
            titles,
            taxonomy,
            pats: b.pats,
            ac,
        })
    }

    pub(crate) fn plover(&self, event_type: &str, sub: &str) -> String {
        self.taxonomy
            .get(&(event_type.to_string(), sub.to_string()))
            .cloned()
            .unwrap_or_else(|| "OTHER".to_string())
    }

    pub(crate) fn country_by_code(&self, code: &str) -> Option<&Country> {
        self.countries
            .iter()
            .find(|c| c.code.eq_ignore_ascii_case(code))
    }

    #[cfg(test)]
    pub(crate) fn actor_by_id(&self, id: &str) -> Option<u32> {
        self.actors
            .iter()
            .position(|a| a.id == id)
            .map(|i| i as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_data_loads_and_is_consistent() {
        let lex = Lexicon::from_sources(&embedded_sources()).expect("embedded data must load");
        assert!(lex.actors.len() > 50);
        assert!(lex.triggers.len() > 100);
        assert_eq!(lex.taxonomy.len(), 25);
        for t in &lex.triggers {
            assert!(lex
                .taxonomy
                .contains_key(&(t.event_type.clone(), t.sub_event_type.clone())));
        }
        assert!(lex.actor_by_id("unk_armed").is_some());
        assert!(lex.country_by_code("SY").and_then(|c| c.forces).is_some());
    }

    #[test]
    fn bad_lines_are_reported_with_file_and_line() {
        let srcs = [
            ("events/taxonomy.tsv", "Battles\tArmed clash\tFIGHT\n"),
            ("events/triggers.tsv", "# c\nقصف\tBattles\tNope\t3\t-\n"),
        ];
        let e = Lexicon::from_sources(&srcs)
            .err()
            .expect("must fail")
            .to_string();
        assert!(e.contains("events/triggers.tsv: line 2"), "{e}");
    }
}
