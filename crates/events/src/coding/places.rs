//! Pass 3 of sentence coding: which places of a sentence can be where its events happened
//! (place roles), and which clause each belongs to.

use super::{tier, triggers::Clause, Ctx, KPlace};
use crate::lexicon::CueClass;

/// The places of sentence `[ss, se)` outside actor names, and among them the possible event
/// sites: not a city naming a road, a reference point ("قرب"، "غرب"), a compass-located place
/// after another place, an origin ("مسلحون من …"), a country not introduced by "في"/"ب", the
/// second side of "بين X و Y", or a town that only says where the previous facility lies.
pub(super) fn site_candidates(ctx: &Ctx, ss: u32, se: u32) -> (Vec<KPlace>, Vec<KPlace>) {
    let kt = ctx.kt;
    let in_sentence: Vec<KPlace> = ctx
        .places
        .iter()
        .filter(|p| p.s >= ss && p.e <= se)
        .filter(|p| {
            !ctx.mentions
                .iter()
                .any(|m| m.dict && m.ws < p.e && p.s < m.e)
        })
        .copied()
        .collect();
    let mut usable: Vec<KPlace> = Vec::new();
    let mut between_seen = false;
    // End of the last place that named a road ("الطريق الدولي حلب اللاذقية").
    let mut road_name_end: Option<u32> = None;
    for p in &in_sentence {
        let i = kt.tok_containing(p.s);
        if is_dateline(ctx, p) {
            continue;
        }
        // Cities naming a road are its ends, not where the event happened: "طريق حلب",
        // "الطريق الدولي حلب - اللاذقية" (both cities).
        if ctx.doc.places[p.idx].kind != "road" {
            let word = |k: usize| i.checked_sub(k).map(|x| kt.word(&kt.toks[x])).unwrap_or("");
            let road_word = |w: &str| {
                matches!(
                    w.trim_start_matches(['و', 'ب']),
                    "طريق" | "الطريق" | "اوتوستراد" | "الاوتوستراد" | "اوتستراد"
                )
            };
            let road_adj = |w: &str| {
                matches!(
                    w,
                    "الدولي" | "السريع" | "العام" | "الرئيسي" | "الواصل" | "الرابط"
                )
            };
            // "طريق حلب", "الطريق الدولي حلب", "الطريق السريع بين دمشق وحمص".
            let names_road_at =
                |k: usize| road_word(word(k)) || (road_adj(word(k)) && road_word(word(k + 1)));
            let names_road = names_road_at(1) || (word(1) == "بين" && names_road_at(2));
            let second_end = road_name_end.is_some_and(|e| {
                (kt.words_between(e, p.s) == 0 && !kt.punct_between(e, p.s))
                    || kt
                        .text
                        .get(e as usize..p.s as usize)
                        .is_some_and(|x| matches!(x.trim(), "-" | "و" | "–"))
            });
            if names_road || second_end {
                road_name_end = Some(p.e);
                continue;
            }
        }
        // Look back up to 4 tokens, not across punctuation.
        let mut j = i;
        while j > 0 && i - j < 4 && (kt.toks[j - 1].word || kt.word(&kt.toks[j - 1]) == "-") {
            j -= 1;
        }
        let win_s = kt.toks.get(j).map(|t| t.s).unwrap_or(ss).max(ss);
        let is_road = ctx.doc.places[p.idx].kind == "road";
        let reference = !is_road
            && ctx.cues(win_s, p.s).any(|(h, c, w)| {
                c == CueClass::Reference && (w == 0 || kt.words_between(h.e, p.s) <= w as usize)
            });
        if reference {
            continue;
        }
        // Start of the window of the `n` tokens before the place, within the sentence.
        let back_from = |n: usize| {
            kt.toks
                .get(i.saturating_sub(n))
                .map(|t| t.s)
                .unwrap_or(ss)
                .max(ss)
        };
        // A compass or nearness word right before a place that follows another place: "السيدة
        // زينب جنوبي دمشق", "بلدة حاويك قرب مدينة القصير". The cue's window bounds the words
        // between the two places (0 = 12).
        let two_back = back_from(2);
        let reference_point = ctx
            .cues(back_from(3), p.s)
            .filter(|(h, c, _)| {
                *c == CueClass::Direction
                    && kt.words_between(h.e, p.s) <= 1
                    && !kt.punct_between(h.e, p.s)
            })
            .any(|(_, _, w)| {
                let max_gap = if w == 0 { 12 } else { w as usize };
                usable.iter().any(|q| {
                    tier(&ctx.doc.places[q.idx].kind) <= 4 && kt.words_between(q.e, p.s) <= max_gap
                })
            });
        if reference_point {
            continue;
        }
        // Origin: "مسلحون من مصراتة", "مجموعة مسلحة من منطقة تاجوراء": an origin cue right
        // before the place, with an actor just before the cue.
        let origin = ctx
            .cues(back_from(3), p.s)
            .find(|(h, c, _)| *c == CueClass::Origin && kt.words_between(h.e, p.s) == 0)
            .map(|(h, _, _)| h.s);
        if let Some(cue_s) = origin {
            let ci = kt.tok_at(cue_s);
            let back = kt
                .toks
                .get(ci.saturating_sub(3))
                .map(|t| t.s)
                .unwrap_or(ss)
                .max(ss);
            if ctx.mentions.iter().any(|m| m.e > back && m.e <= cue_s) {
                continue;
            }
        }
        // A country is the event location only when the text says "in" it ("في سوريا", "بسوريا").
        if ctx.doc.places[p.idx].kind == "country" {
            let tok_s = kt.toks.get(i).map(|t| t.s).unwrap_or(p.s).min(p.s);
            let prefix_b = kt
                .text
                .get(tok_s as usize..p.s as usize)
                .is_some_and(|x| x.ends_with('ب'));
            let fi = i > 0 && matches!(kt.word(&kt.toks[i - 1]), "في" | "داخل" | "انحاء");
            if !(prefix_b || fi) {
                continue;
            }
        }
        let after_between = kt.toks[kt.tok_at(two_back)..i]
            .iter()
            .any(|t| matches!(kt.word(t), "بين" | "وبين"));
        if between_seen
            && !after_between
            && usable
                .last()
                .is_some_and(|q| kt.words_between(q.e, p.s) <= 1)
        {
            between_seen = false;
            continue;
        }
        between_seen = after_between;
        if contains_previous(ctx, usable.last(), p, i) {
            continue;
        }
        usable.push(*p);
    }
    (in_sentence, usable)
}

/// The candidate sites of each clause, and the clauses that yield events: primary clauses with
/// places and recalled ones that name a town; else the first clause with a place; else the
/// first primary clause.
pub(super) fn clause_places(
    ctx: &Ctx,
    ss: u32,
    se: u32,
    segs: &[Clause],
    usable: &[KPlace],
) -> (Vec<Vec<KPlace>>, Vec<usize>) {
    let seg_end = |i: usize| segs.get(i + 1).map(|s| s.start).unwrap_or(se);
    let seg_places: Vec<Vec<KPlace>> = (0..segs.len())
        .map(|i| {
            let (a, b) = (if i == 0 { ss } else { segs[i].start }, seg_end(i));
            usable
                .iter()
                .filter(|p| p.s >= a && p.s < b)
                .copied()
                .collect()
        })
        .collect();
    let primary_with_places = segs
        .iter()
        .enumerate()
        .any(|(i, s)| !s.sub && !seg_places[i].is_empty());
    let any_places = seg_places.iter().any(|p| !p.is_empty());
    let mut chosen: Vec<usize> = Vec::new();
    if primary_with_places {
        // Primary clauses with places, and recalled ones that name a town ("بعد قصف استهدف بلدة الفطيرة").
        chosen.extend(
            segs.iter()
                .enumerate()
                .filter(|(i, s)| {
                    !seg_places[*i].is_empty()
                        && (!s.sub
                            || seg_places[*i]
                                .iter()
                                .any(|p| tier(&ctx.doc.places[p.idx].kind) == 1))
                })
                .map(|(i, _)| i),
        );
    } else if any_places {
        if let Some(i) = (0..segs.len()).find(|&i| !seg_places[i].is_empty()) {
            chosen.push(i);
        }
    } else if let Some(i) = segs.iter().position(|s| !s.sub).or(Some(0)) {
        chosen.push(i);
    }
    (seg_places, chosen)
}

/// "مطار معيتيقة بطرابلس", "حي المعادي في مدينة حلب": a town right after a facility or
/// neighbourhood and joined to it by "ب"/"في" only says where that place is; it is not a second
/// location (`i` is the token containing `p`).
fn contains_previous(ctx: &Ctx, prev: Option<&KPlace>, p: &KPlace, i: usize) -> bool {
    let Some(q) = prev else {
        return false;
    };
    let kt = &ctx.kt;
    let inner = matches!(
        ctx.doc.places[q.idx].kind.as_str(),
        "facility" | "base" | "airport" | "camp" | "neighbourhood"
    );
    let outer = matches!(
        ctx.doc.places[p.idx].kind.as_str(),
        "city" | "town" | "village"
    );
    if !inner || !outer || q.e > p.s || kt.punct_between(q.e, p.s) {
        return false;
    }
    let between: Vec<&str> = kt.toks[kt.tok_at(q.e)..i]
        .iter()
        .filter(|t| t.word)
        .map(|t| kt.word(t))
        .collect();
    let tok_s = kt.toks.get(i).map(|t| t.s).unwrap_or(p.s).min(p.s);
    let clitic_b = kt
        .text
        .get(tok_s as usize..p.s as usize)
        .is_some_and(|x| x.ends_with('ب'));
    // "في"/"ب…" (a preposition, or one fused with a settlement word: "بالعاصمة", "بمدينة")
    // within the last two words, after at most one adjective of the inner place ("الدولي").
    let joins = |w: &str| w == "في" || (w.starts_with('ب') && w.chars().count() > 3);
    match between.as_slice() {
        [] => clitic_b,
        [w] => joins(w),
        [w1, w2] => *w1 == "في" || (joins(w2) && !joins(w1)) || (clitic_b && !joins(w1)),
        [_, w2, _] => *w2 == "في",
        _ => false,
    }
}

/// A dateline names where the report was filed, not where anything happened: a place at the
/// start of a paragraph (at most one word before it), followed by a spaced dash before the story
/// starts ("بيروت - …", "الخرطوم، 2 نوفمبر 2023 – …", "ريف دمشق (بلدي) - …").
fn is_dateline(ctx: &Ctx, p: &KPlace) -> bool {
    let kt = ctx.kt;
    let Some(&(ps, _)) = ctx.paragraphs.iter().find(|&&(a, b)| a <= p.s && p.s < b) else {
        return false;
    };
    if kt.words_between(ps, p.s) > 1 {
        return false;
    }
    // The dash must come within the next few words (a date, an outlet in brackets).
    let rest = kt.text.get(p.e as usize..).unwrap_or("");
    let mut words = 0;
    for (i, c) in rest.char_indices() {
        match c {
            '-' | '–' | '—' => {
                let before = rest[..i].chars().next_back();
                let after = rest[i + c.len_utf8()..].chars().next();
                // A spaced dash, or one right after the place ("بيروت-"), not a hyphenated word.
                return before.is_none_or(|b| b.is_whitespace() || !crate::text::is_word_char(b))
                    || after.is_some_and(char::is_whitespace);
            }
            '\n' | '.' | '!' | '?' | '؟' => return false,
            c if c.is_whitespace() => {
                words += 1;
                if words > 7 {
                    return false;
                }
            }
            _ => {}
        }
    }
    false
}
