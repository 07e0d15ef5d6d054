//! Actors, entities and ACLED/PLOVER event coding with evidence, attribution and modality.
//!
//! [`Coder::annotate`] reads the layers other annotators filled before it (`sentences`, `dates`,
//! `places`; `tokens`/`numbers` are not required) and fills `entities` and `events`:
//! - entities: organisations and armed groups from the actor dictionary (`data/actors/actors.tsv`),
//!   people (known names, titles, given names), and GPE/LOC/FAC mentions copied from `places`
//!   (entity span = place span);
//! - events: triggers (`data/events/triggers.tsv`) in a sentence, minus those under negation,
//!   speculation, conditionals, threats, analysts' opinions or future plans (`data/events/cues.tsv`);
//!   the heaviest trigger of a clause gives the ACLED event/sub-event type (`data/events/taxonomy.tsv`
//!   gives PLOVER); one event per most-specific place of the clause; actors, date, casualties,
//!   claim and cited source from the same sentence; one event per (type, date, location) per article.
//!
//! Invariants: the text is never modified; every span written is a valid char range of the
//! original text; no input makes it panic; it knows nothing about any particular article
//! (all Arabic vocabulary lives in the data files, which analysts extend through `RASD_DATA`).

mod coding;
mod lexicon;
mod mentions;
mod numbers;
mod text;

pub use lexicon::{
    Actor, ActorKind, Country, Lexicon, LexiconError, Strike, Title, Trigger, FILES,
};

use coding::{Ctx, KDate, KPlace};
use rasd_doc::Document;
use std::collections::HashMap;
use std::sync::OnceLock;
use text::KeyText;

/// The event coder: the compiled actor dictionary and lexicons.
pub struct Coder {
    lex: Lexicon,
    /// Problems met while loading `RASD_DATA` extension files (reported on every document).
    load_warnings: Vec<String>,
}

static EMBEDDED: OnceLock<Coder> = OnceLock::new();

impl Coder {
    /// The process-wide coder: embedded data files plus, if the environment variable `RASD_DATA` names a
    /// directory, the files with the same relative paths there (loaded in addition).
    pub fn embedded() -> &'static Coder {
        EMBEDDED.get_or_init(|| {
            let mut srcs: Vec<(String, String)> =
                lexicon::embedded_sources().into_iter().map(|(p, c)| (p.to_string(), c.to_string())).collect();
            let mut warnings = Vec::new();
            if let Some(dir) = std::env::var_os("RASD_DATA") {
                let dir = std::path::PathBuf::from(dir);
                for rel in FILES {
                    let p = dir.join(rel);
                    if p.is_file() {
                        match std::fs::read_to_string(&p) {
                            Ok(c) => srcs.push((rel.to_string(), c)),
                            Err(e) => warnings.push(format!("events: cannot read {}: {e}", p.display())),
                        }
                    }
                }
            }
            let refs: Vec<(&str, &str)> = srcs.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect();
            match Lexicon::from_sources(&refs) {
                Ok(lex) => Coder { lex, load_warnings: warnings },
                Err(e) => {
                    // An analyst extension is broken: fall back to the embedded data and say why.
                    warnings.push(format!("events: RASD_DATA extension ignored: {e}"));
                    let lex = Lexicon::from_sources(&lexicon::embedded_sources()).unwrap_or_else(|e| {
                        panic!("embedded event data is invalid (a build defect, caught by the unit tests): {e}")
                    });
                    Coder { lex, load_warnings: warnings }
                }
            }
        })
    }

    /// A coder from explicit (relative path, content) data sources, e.g. for tests.
    pub fn from_sources(sources: &[(&str, &str)]) -> Result<Coder, LexiconError> {
        Ok(Coder {
            lex: Lexicon::from_sources(sources)?,
            load_warnings: Vec::new(),
        })
    }

    /// The embedded data sources (relative path, content), to combine with test extensions.
    pub fn embedded_sources() -> Vec<(&'static str, &'static str)> {
        lexicon::embedded_sources()
    }

    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Fill `doc.entities` and `doc.events` (replacing what was there).
    pub fn annotate(&self, doc: &mut Document) {
        for w in &self.load_warnings {
            doc.warnings.push(w.clone());
        }
        if doc.text.is_empty() {
            doc.entities.clear();
            doc.events.clear();
            return;
        }
        let kt = KeyText::new(&doc.text, &self.lex);
        let valid = |s: rasd_doc::Span| {
            s.start < s.end
                && (s.end as usize) <= doc.text.len()
                && doc.text.is_char_boundary(s.start as usize)
                && doc.text.is_char_boundary(s.end as usize)
        };
        // Sentences and paragraphs in key coordinates.
        let mut sentences: Vec<(u32, u32)> = doc
            .sentences
            .iter()
            .filter(|s| valid(**s))
            .map(|s| (kt.key_of(s.start), kt.key_of(s.end)))
            .collect();
        if sentences.is_empty() {
            sentences = split_sentences(&kt.text);
        }
        sentences.retain(|(a, b)| a < b);
        let mut paragraphs: Vec<(u32, u32)> = doc
            .paragraphs
            .iter()
            .filter(|s| valid(**s))
            .map(|s| (kt.key_of(s.start), kt.key_of(s.end)))
            .collect();
        if paragraphs.is_empty() {
            paragraphs = split_paragraphs(&kt.text);
        }
        let places: Vec<KPlace> = doc
            .places
            .iter()
            .enumerate()
            .filter(|(_, p)| valid(p.span))
            .map(|(idx, p)| KPlace {
                s: kt.key_of(p.span.start),
                e: kt.key_of(p.span.end),
                idx,
            })
            .collect();
        let dates: Vec<KDate> = doc
            .dates
            .iter()
            .enumerate()
            .filter(|(_, d)| valid(d.span))
            .map(|(idx, d)| KDate {
                s: kt.key_of(d.span.start),
                e: kt.key_of(d.span.end),
                idx,
            })
            .collect();
        // Mentions and entities.
        let (mut dict, known_people) = mentions::dictionary_mentions(&kt, &self.lex);
        let constructs = mentions::construct_mentions(&kt, &self.lex, &mut dict);
        let mut people = known_people.clone();
        people.extend(mentions::title_and_name_people(
            &kt,
            &doc.text,
            &self.lex,
            &known_people,
            &dict,
        ));
        people.sort_by_key(|p| p.s);
        let entities = mentions::build_entities(doc, &kt, &self.lex, &dict, &people);
        let mut all: Vec<mentions::Mention> = dict;
        all.extend(constructs);
        all.sort_by_key(|m| m.s);
        // Article-level fallbacks.
        let (main_place, main_country) = article_place(doc, &places, &all);
        let events = {
            let ctx = Ctx {
                doc,
                kt: &kt,
                lex: &self.lex,
                mentions: &all,
                places: &places,
                dates: &dates,
                sentences: &sentences,
                paragraphs: &paragraphs,
                tok_flags: coding::token_flags(&kt),
                main_place,
                main_country,
            };
            coding::code_events(&ctx)
        };
        doc.entities = entities;
        doc.events = events;
    }
}

/// Most frequent place below country level (tier ≤ 4, not inside an actor name) and most frequent country code.
fn article_place(
    doc: &Document,
    places: &[KPlace],
    mentions: &[mentions::Mention],
) -> (Option<usize>, Option<String>) {
    let mut by_name: HashMap<&str, (usize, usize)> = HashMap::new();
    let mut countries: HashMap<&str, usize> = HashMap::new();
    for p in places {
        if mentions.iter().any(|m| m.dict && m.ws < p.e && p.s < m.e) {
            continue;
        }
        let pl = &doc.places[p.idx];
        if let Some(c) = pl.country.as_deref() {
            *countries.entry(c).or_default() += 1;
        }
        if coding::tier(&pl.kind) <= 4 && !pl.name.is_empty() {
            let e = by_name.entry(pl.name.as_str()).or_insert((0, p.idx));
            e.0 += 1;
        }
    }
    let main = by_name
        .values()
        .max_by_key(|(n, idx)| (*n, std::cmp::Reverse(*idx)))
        .map(|(_, idx)| *idx);
    let country = countries
        .into_iter()
        .max_by_key(|(c, n)| (*n, std::cmp::Reverse(*c)))
        .map(|(c, _)| c.to_string());
    (main, country)
}

/// Minimal sentence split on the key text (used only when the `sentences` layer is empty):
/// breaks after . ! ? and newlines (not between digits).
fn split_sentences(t: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    let b = t.as_bytes();
    for (i, c) in t.char_indices() {
        let end = i + c.len_utf8();
        let brk = match c {
            '\n' | '!' | '?' => true,
            '.' => {
                let prev_digit = i > 0 && b[i - 1].is_ascii_digit();
                let next_digit = b.get(end).is_some_and(|x| x.is_ascii_digit());
                !(prev_digit && next_digit)
            }
            _ => false,
        };
        if brk {
            push_trimmed(t, start, end, &mut out);
            start = end;
        }
    }
    push_trimmed(t, start, t.len(), &mut out);
    out
}

fn split_paragraphs(t: &str) -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    let mut start = 0usize;
    for (i, c) in t.char_indices() {
        if c == '\n' {
            push_trimmed(t, start, i, &mut out);
            start = i + 1;
        }
    }
    push_trimmed(t, start, t.len(), &mut out);
    out
}

fn push_trimmed(t: &str, a: usize, b: usize, out: &mut Vec<(u32, u32)>) {
    let seg = &t[a..b];
    let lead = seg.len() - seg.trim_start().len();
    let trail = seg.len() - seg.trim_end().len();
    if a + lead < b - trail {
        out.push(((a + lead) as u32, (b - trail) as u32));
    }
}

#[cfg(test)]
mod tests;
