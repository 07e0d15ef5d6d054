//! Passes 1 and 2 of sentence coding: event mentions (triggers that report an occurrence) and
//! their clauses.

use super::{violent, Ctx, Trig};
use crate::lexicon::{CueClass, Kind};

/// Pass 1: the triggers of sentence `[ss, se)` that report an occurrence: outside actor names,
/// the heaviest of overlapping ones, minus habitual or general activity, definite nouns described
/// by a copula or an anaphor (they refer back), modal contexts (negation, denial, speculation …)
/// and strategic words naming the target of a violent trigger. `None` when nothing is left; else
/// the triggers and the first modality that blocked one (kept in the events' notes).
pub(super) fn sentence_triggers(
    ctx: &Ctx,
    ss: u32,
    se: u32,
) -> Option<(Vec<Trig>, Option<&'static str>)> {
    let kt = ctx.kt;
    let lex = ctx.lex;
    // A question asks, it does not report ("من المستفيد من اغتيال …؟").
    if kt
        .text
        .get(ss as usize..se as usize)
        .and_then(|t| t.trim_end().chars().next_back())
        .is_some_and(|c| c == '?' || c == '؟')
    {
        return None;
    }
    // Triggers in the sentence, outside actor names, heaviest of overlapping ones.
    let mut trigs: Vec<Trig> = Vec::new();
    for h in kt.hits_within(ss, se) {
        let Kind::Trigger(t) = h.kind else { continue };
        if ctx
            .mentions
            .iter()
            .any(|m| m.dict && m.ws < h.e && h.s < m.e)
        {
            continue;
        }
        let w = lex.triggers[t as usize].weight;
        if let Some(prev) = trigs.iter_mut().find(|x| x.s < h.e && h.s < x.e) {
            if w > lex.triggers[prev.t as usize].weight {
                *prev = Trig {
                    s: prev.s.min(h.s),
                    e: prev.e.max(h.e),
                    t,
                    subordinated: false,
                };
            }
            continue;
        }
        trigs.push(Trig {
            s: h.s,
            e: h.e,
            t,
            subordinated: false,
        });
    }
    if trigs.is_empty() {
        return None;
    }
    trigs.sort_by_key(|t| t.s);
    // Repeated or general activity ("هجمات متكررة") near a trigger: no single event.
    let habitual: Vec<(u32, u32, u8)> = ctx
        .cues(ss, se)
        .filter(|(_, c, _)| *c == CueClass::Habitual)
        .map(|(h, _, w)| (h.s, h.e, w))
        .collect();
    // A general or habitual sentence ("تستهدف … بين الحين والآخر … بذريعة استهداف …") reports no
    // single event anywhere in it unless it pins a day.
    if !habitual.is_empty() {
        let day_dated = ctx.dates.iter().any(|d| {
            d.s >= ss
                && d.e <= se
                && matches!(ctx.doc.dates[d.idx].precision, rasd_doc::DatePrecision::Day)
        });
        if !day_dated {
            return None;
        }
    }
    trigs.retain(|t| {
        !habitual.iter().any(|&(hs, he, w)| {
            w == 0
                || (he <= t.s && kt.words_between(he, t.s) <= w as usize)
                || (t.e <= hs && kt.words_between(t.e, hs) <= w as usize)
        })
    });
    // "التدريب كان يهدف", "القصف جاء بعد": a definite event noun described by a copula refers back to an event.
    trigs.retain(|t| {
        let i = kt.tok_containing(t.s);
        let definite = kt.toks.get(i).is_some_and(|x| {
            let w = kt.word(x);
            w.starts_with("ال") || w.starts_with("وال") || w.starts_with("فال")
        });
        let j = kt.tok_at(t.e);
        let copula = kt.toks[j.min(kt.toks.len())..(j + 2).min(kt.toks.len())]
            .iter()
            .any(|x| {
                matches!(
                    kt.word(x),
                    "كان" | "كانت" | "جاء" | "جاءت" | "ياتي" | "تاتي"
                )
            });
        !(definite && copula)
    });
    // Anaphora ("هذا الهجوم") refers back to an event already coded.
    trigs.retain(|t| {
        let i = kt.tok_at(t.s);
        !(i > 0
            && kt.hits_within(ss, t.s).any(|h| {
                kt.words_between(h.e, t.s) == 0
                    && matches!(h.kind, Kind::Cue(CueClass::Anaphora, _))
            }))
    });
    // Modality.
    let mut blocked_reason = None;
    trigs.retain(|t| match ctx.modality(ss, t.s) {
        Some(r) => {
            blocked_reason.get_or_insert(r);
            false
        }
        None => true,
    });
    if trigs.is_empty() {
        return None;
    }
    for t in trigs.iter_mut() {
        t.subordinated = ctx.subordinated(ss, t.s);
    }
    // Strategic words ("دورية") next to a violent trigger are its target, not an event.
    let snapshot = trigs.clone();
    trigs.retain(|t| {
        let tr = &lex.triggers[t.t as usize];
        if tr.sub_event_type != "Change to group/activity" {
            return true;
        }
        !snapshot.iter().any(|v| {
            violent(&lex.triggers[v.t as usize].event_type)
                && ((v.e <= t.s && kt.words_between(v.e, t.s) <= 3)
                    || (t.e <= v.s && kt.words_between(t.e, v.s) <= 2))
        })
    });
    if trigs.is_empty() {
        return None;
    }
    Some((trigs, blocked_reason))
}

/// A clause of a sentence: its first trigger's offset, its triggers, and whether it recalls
/// another event (opened by a subordinator such as "بعد" or "رداً على").
pub(super) struct Clause {
    pub start: u32,
    pub trigs: Vec<Trig>,
    pub sub: bool,
}

/// Pass 2: split a sentence's triggers into clauses.
pub(super) fn clauses(ctx: &Ctx, ss: u32, trigs: &[Trig]) -> Vec<Clause> {
    let lex = ctx.lex;
    // Clauses: a subordinated trigger ("بعد قصف", "رداً على") opens a clause recalling another event.
    let mut segs: Vec<Clause> = vec![Clause {
        start: ss,
        trigs: Vec::new(),
        sub: false,
    }];
    for t in trigs {
        let tr = &lex.triggers[t.t as usize];
        let starts_sub = t.subordinated && !tr.generic;
        let starts_primary = !t.subordinated && !tr.generic;
        let Some(cur) = segs.last_mut() else { break };
        if cur.trigs.is_empty() {
            cur.sub = starts_sub;
            cur.trigs.push(*t);
            continue;
        }
        let contrast = ctx
            .cues(cur.trigs.last().map(|x| x.e).unwrap_or(ss), t.s)
            .any(|(_, c, _)| c == CueClass::Contrast);
        if starts_sub || (starts_primary && (cur.sub || contrast)) {
            segs.push(Clause {
                start: t.s,
                trigs: vec![*t],
                sub: starts_sub,
            });
        } else {
            cur.trigs.push(*t);
        }
    }
    segs.retain(|s| !s.trigs.is_empty());
    segs
}
