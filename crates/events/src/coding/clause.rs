//! Pass 4 of sentence coding: one clause → its events' arguments (type, locations, actors,
//! casualties, date, salience) → drafts.

use super::triggers::Clause;
use super::*;

/// What is read once per sentence and shared by its clauses.
pub(super) struct Sentence<'a> {
    pub si: usize,
    pub ss: u32,
    pub se: u32,
    /// Places of the sentence outside actor names (for agreement parties).
    pub in_sentence: Vec<KPlace>,
    pub fat: Option<u32>,
    pub inj: Option<u32>,
    pub death_seen: bool,
    pub zero: bool,
    pub pluperfect: bool,
    pub claimant: Option<&'a Mention>,
    pub blocked_reason: Option<&'static str>,
}

/// Start of the window of the three tokens before a mention, within the sentence starting at `ss`.
fn three_words_before(ctx: &Ctx, ss: u32, m: &Mention) -> u32 {
    let kt = ctx.kt;
    let i = kt.tok_at(m.ws);
    kt.toks
        .get(i.saturating_sub(3))
        .map(|t| t.s)
        .unwrap_or(ss)
        .max(ss)
}

/// "مسؤول في التحالف", "مصدر في الجيش": the organisation only speaks.
pub(super) fn official_of(ctx: &Ctx, ss: u32, m: &Mention) -> bool {
    let kt = ctx.kt;
    let i = kt.tok_at(m.ws);
    let from = three_words_before(ctx, ss, m);
    kt.toks[kt.tok_at(from)..i].iter().any(|t| {
        matches!(
            kt.word(t),
            "مسوول" | "مصدر" | "مصادر" | "متحدث" | "المتحدث" | "الناطق" | "لدي"
        )
    })
}

/// Mentions naming the source of the report ("قال المرصد", "مسؤول في التحالف") are actors only
/// as a last resort.
pub(super) fn is_source(ctx: &Ctx, ss: u32, m: &Mention) -> bool {
    let from = three_words_before(ctx, ss, m);
    ctx.cues(from, m.ws).any(|(_, c, _)| c == CueClass::Cite) || official_of(ctx, ss, m)
}

/// Code one clause `[a, b)` of a sentence whose candidate sites are `places`.
#[allow(clippy::too_many_arguments)]
pub(super) fn code_clause(
    ctx: &Ctx,
    st: &Sentence,
    seg: &Clause,
    a: u32,
    b: u32,
    places: &[KPlace],
    out: &mut Vec<Draft>,
) {
    let kt = ctx.kt;
    let lex = ctx.lex;
    let Sentence {
        si,
        ss,
        se,
        in_sentence: _,
        fat,
        inj,
        death_seen,
        zero,
        pluperfect: _,
        claimant,
        blocked_reason,
    } = *st;
    let best = seg
        .trigs
        .iter()
        .copied()
        .max_by_key(|t| (lex.triggers[t.t as usize].weight, std::cmp::Reverse(t.s)));
    let Some(best) = best else { return };
    let tr = &lex.triggers[best.t as usize];
    let generic_only = seg.trigs.iter().all(|t| lex.triggers[t.t as usize].generic);
    let mut event_type = tr.event_type.clone();
    let mut sub = tr.sub_event_type.clone();
    let explicit = seg.trigs.iter().any(|t| {
        let x = &lex.triggers[t.t as usize];
        x.explicit && x.event_type == event_type && x.sub_event_type == sub
    });
    let air_word = seg
        .trigs
        .iter()
        .any(|t| lex.triggers[t.t as usize].sub_event_type == "Air/drone strike");
    // Locations.
    let single = event_type == "Strategic developments";
    let locs = clause_locations(ctx, places, best, &sub, single);
    let loc_country: Option<String> = locs
        .iter()
        .find_map(|(p, _)| p.and_then(|p| ctx.doc.places[p].country.clone()));
    // Actors.
    let ClauseActors {
        a1,
        a2,
        a1_ids,
        a2_ids,
    } = clause_actors(ctx, st, seg, (a, b), best, &event_type);
    // A background aside ("يذكر أن …", "يشار إلى أن …") reports an occurrence only when it is
    // specific: a site at town, facility, road or district level, a date in the sentence (not a
    // duration "منذ …" nor a bare year), a casualty figure, or a claim. Otherwise it names a kind
    // of violence over a region ("… قصف متواصل على ريف حلب أدى لمقتل عشرات") and codes nothing.
    if background_aside(ctx, ss, se) {
        let site = places
            .iter()
            .any(|p| tier(&ctx.doc.places[p.idx].kind) <= 2);
        let dated = ctx.dates.iter().any(|d| {
            d.s >= ss && d.e <= se && {
                let da = &ctx.doc.dates[d.idx];
                let i = kt.tok_at(d.s);
                !da.future
                    && da.precision != rasd_doc::DatePrecision::Year
                    && !(i > 0 && matches!(kt.word(&kt.toks[i - 1]), "منذ" | "ومنذ"))
            }
        });
        let counted =
            (fat.unwrap_or(0) > 0 || inj.unwrap_or(0) > 0) && !has_vague_number(kt, ss, se);
        if !site && !dated && !counted && claimant.is_none() {
            return;
        }
    }
    // A clause with only vague verbs ("استهدف", "هجوم") must be anchored by something concrete.
    let specific_place = places
        .iter()
        .any(|p| tier(&ctx.doc.places[p.idx].kind) <= 2);
    if generic_only
        && claimant.is_none()
        && fat.unwrap_or(0) == 0
        && inj.unwrap_or(0) == 0
        && !(a1.is_some() && specific_place)
    {
        return;
    }
    // Sub-event refinements.
    let a1_actor = a1_ids.first().map(|&x| &lex.actors[x as usize]);
    if tr.territory {
        let state = a1_actor.is_some_and(|x| x.inter == 1);
        sub = if state {
            "Government regains territory".into()
        } else {
            "Non-state actor overtakes territory".into()
        };
    }
    if event_type == "Explosions/Remote violence"
        && !explicit
        && sub == "Shelling/artillery/missile attack"
    {
        let actor_air = a1.is_some_and(|m| !is_source(ctx, ss, m))
            && a1_actor.is_some_and(|x| x.strike == Strike::Air);
        if actor_air || air_word {
            sub = "Air/drone strike".into();
        }
    }
    let civilians = cue_in(kt, CueClass::Civilian, ss, se);
    if event_type == "Violence against civilians"
        && a2.is_some_and(|m| m.actors.iter().any(|&x| lex.actors[x as usize].inter != 7))
        && !civilians
    {
        event_type = "Battles".into();
        sub = "Armed clash".into();
    }
    if event_type == "Protests" && fat.is_some_and(|f| f > 0) {
        sub = "Excessive force against protesters".into();
    }
    let violent_type = violent(&event_type);
    let (actor1, actor2) = actor_names(
        ctx,
        st,
        (a, b),
        (&event_type, &sub),
        (&a1_ids, &a2_ids),
        loc_country.as_deref(),
        civilians,
    );
    // Casualties.
    // Casualties in a sentence about an agreement, a deployment or a patrol belong to some
    // other incident: strategic developments carry none of their own.
    let fatalities = if event_type == "Strategic developments" {
        None
    } else if fat.is_some() {
        fat
    } else if death_seen && !zero {
        None
    } else if violent_type || event_type == "Protests" || event_type == "Riots" {
        Some(0)
    } else {
        None
    };
    let Some((date, tp, date_ref, salience)) = date_and_salience(ctx, st, best, &event_type, out)
    else {
        return;
    };
    let claimed_by = claimant.map(|m| join(ctx, &m.actors, loc_country.as_deref(), false));
    let cited = cited_source(ctx, ss, se);
    let (es, ee) = kt.orig_span(ss, se, &ctx.doc.text);
    let (ts, te) = kt.orig_span(best.s, best.e, &ctx.doc.text);
    let mut notes = vec![format!("trigger: {}", tr.pattern), format!("sentence {si}")];
    if let Some(r) = blocked_reason {
        notes.push(format!("other triggers blocked: {r}"));
    }
    let proto = EventAnn {
        plover: lex.plover(&event_type, &sub),
        event_type: event_type.clone(),
        sub_event_type: sub.clone(),
        date,
        time_precision: tp,
        location: None,
        admin1: None,
        admin2: None,
        admin3: None,
        country: None,
        lat: None,
        lon: None,
        geo_precision: 3,
        inter1: a1_ids.first().map(|&x| lex.actors[x as usize].inter).or(
            match event_type.as_str() {
                "Protests" => Some(6),
                "Riots" => Some(5),
                _ => None,
            },
        ),
        inter2: a2_ids
            .first()
            .map(|&x| lex.actors[x as usize].inter)
            .or(actor2.as_ref().map(|_| 7)),
        civilian_targeting: actor2
            .as_deref()
            .is_some_and(|x| x.starts_with("Civilians")),
        actor1,
        assoc_actor1: None,
        actor2,
        assoc_actor2: None,
        fatalities,
        injuries: if event_type == "Strategic developments" {
            None
        } else {
            inj
        },
        claimed_by,
        // The monitor or agency the outlet cites reported it (SCHEMA.md), else the outlet.
        reported_by: cited.clone().or_else(|| {
            ctx.doc
                .meta
                .source
                .clone()
                .or_else(|| ctx.doc.meta.site_name.clone())
        }),
        cited_source: cited,
        salience,
        evidence: Span::new(es as usize, ee as usize),
        trigger: Some(Span::new(ts as usize, te as usize)),
        place_ref: None,
        date_ref,
        notes,
    };
    emit_per_location(ctx, proto, &locs, places.is_empty(), ss, out);
}

/// One draft per location of a clause, casualties shared out evenly (remainder to the first).
fn emit_per_location(
    ctx: &Ctx,
    proto: EventAnn,
    locs: &[(Option<usize>, u8)],
    no_places: bool,
    ss: u32,
    out: &mut Vec<Draft>,
) {
    let n = locs.len() as u32;
    for (k, (pidx, gp)) in locs.iter().enumerate() {
        let pl = pidx.map(|p| &ctx.doc.places[p]);
        let share = |v: Option<u32>| {
            v.map(|v| {
                if n > 1 {
                    v / n + if (k as u32) < v % n { 1 } else { 0 }
                } else {
                    v
                }
            })
        };
        let mut ev = proto.clone();
        if pidx.is_none() || no_places {
            // Before the blocked-trigger note, as the notes have always been ordered.
            let at = ev.notes.len().min(2);
            ev.notes.insert(at, "location: fallback".into());
        }
        ev.location = pl.map(|p| p.name.clone()).filter(|n| !n.is_empty());
        ev.admin1 = pl.and_then(|p| p.admin1.clone());
        ev.admin2 = pl.and_then(|p| p.admin2.clone());
        ev.admin3 = pl.and_then(|p| p.admin3.clone());
        ev.country = pl
            .and_then(|p| p.country.clone())
            .or_else(|| ctx.main_country.clone());
        ev.lat = pl.and_then(|p| p.lat);
        ev.lon = pl.and_then(|p| p.lon);
        ev.geo_precision = *gp;
        ev.fatalities = share(proto.fatalities);
        ev.injuries = share(proto.injuries);
        ev.place_ref = *pidx;
        out.push(Draft { ev, ss });
    }
}

/// Where a clause's events happened: the most specific of its candidate sites (one event per
/// place of that tier; a strategic development takes one place, the one after its trigger), else
/// the article's main place at governorate precision. (place index, ACLED geo precision).
fn clause_locations(
    ctx: &Ctx,
    places: &[KPlace],
    best: Trig,
    sub: &str,
    single: bool,
) -> Vec<(Option<usize>, u8)> {
    let kt = ctx.kt;
    let mut locs: Vec<(Option<usize>, u8)> = Vec::new();
    if !places.is_empty() {
        let kind_of = |p: &KPlace| ctx.doc.places[p.idx].kind.as_str();
        let mut cands: Vec<KPlace> = places.to_vec();
        // A clause's places in the article's country outrank those abroad: "على الرغم من إعلان
        // أنقرة …" next to a Syrian town names a government, not a second site.
        if let Some(mc) = ctx.main_country.as_deref() {
            let home = |p: &KPlace| ctx.doc.places[p.idx].country.as_deref() == Some(mc);
            if cands.iter().any(home) && cands.iter().any(|p| !home(p)) {
                cands.retain(home);
            }
        }
        if sub == "Agreement" {
            // The parties' countries and roads are not where an agreement happens.
            let keep: Vec<KPlace> = cands
                .iter()
                .filter(|p| !matches!(kind_of(p), "country" | "road"))
                .copied()
                .collect();
            if !keep.is_empty() {
                cands = keep;
            }
        }
        if single && sub != "Agreement" {
            // One event: the place named right after the trigger ("تدريبات مشتركة في بلدة الترنبة").
            let after: Vec<KPlace> = cands.iter().filter(|p| p.s >= best.e).copied().collect();
            if let Some(first) = after.first().or(cands.first()) {
                cands = vec![*first];
            }
        }
        // A place conjoined to the previous one ("في الجوبة (…) والكسارة") shares its tier.
        let mut eff: Vec<u8> = cands.iter().map(|p| tier(kind_of(p))).collect();
        for k in 1..cands.len() {
            let p = cands[k];
            let ws = kt.toks.get(kt.tok_at(p.s)).map(|t| t.s).unwrap_or(p.s);
            let conj = kt
                .text
                .get(ws as usize..p.s as usize)
                .is_some_and(|x| x.starts_with('و'))
                || kt
                    .toks
                    .get(kt.tok_at(p.s).wrapping_sub(1))
                    .is_some_and(|t| kt.word(t) == "و");
            if conj && kt.words_between(cands[k - 1].e, p.s) <= 8 && eff[k - 1] < eff[k] {
                eff[k] = eff[k - 1];
            }
        }
        let best_tier = if sub == "Agreement" {
            eff.iter().copied().max().unwrap_or(9)
        } else {
            eff.iter().copied().min().unwrap_or(9)
        };
        for (p, _) in cands
            .iter()
            .zip(eff.iter())
            .filter(|(_, t)| **t == best_tier)
        {
            let name = &ctx.doc.places[p.idx].name;
            if locs
                .iter()
                .any(|(x, _)| x.is_some_and(|x| &ctx.doc.places[x].name == name))
            {
                continue;
            }
            locs.push((Some(p.idx), ctx.doc.places[p.idx].geo_precision.max(1)));
            if single {
                break;
            }
        }
    } else {
        match ctx.main_place {
            Some(mp) => locs.push((Some(mp), 3)),
            None => locs.push((None, 3)),
        }
    }
    locs
}

/// The actors of a clause: the mentions chosen as actor1 and actor2 and the actor ids of each side
/// (conjoined mentions included).
struct ClauseActors<'m> {
    a1: Option<&'m Mention>,
    a2: Option<&'m Mention>,
    a1_ids: Vec<u32>,
    a2_ids: Vec<u32>,
}

/// Pick actor1 (perpetrator, first non-target actor near the trigger) and actor2 (the target, or the
/// other side of a battle) among the mentions of the clause (else of the sentence); reported sources
/// and officials only speak; the claimant is `claimed_by`, never a side.
fn clause_actors<'m>(
    ctx: &Ctx<'m>,
    st: &Sentence<'m>,
    seg: &Clause,
    (a, b): (u32, u32),
    best: Trig,
    event_type: &str,
) -> ClauseActors<'m> {
    let kt = ctx.kt;
    let lex = ctx.lex;
    let (ss, se, claimant) = (st.ss, st.se, st.claimant);
    let in_seg: Vec<&Mention> = ctx
        .mentions
        .iter()
        .filter(|m| m.s >= a && m.e <= b)
        .collect();
    let in_sent: Vec<&Mention> = ctx
        .mentions
        .iter()
        .filter(|m| m.s >= ss && m.e <= se)
        .collect();
    let pool = if in_seg.iter().any(|m| actor_ok(lex, m)) || seg.sub {
        in_seg
    } else {
        in_sent
    };
    let after_fi = |m: &Mention| {
        let i = kt.tok_containing(m.ws);
        i > 0 && kt.word(&kt.toks[i - 1]) == "في"
    };
    let mut candidates: Vec<&Mention> = pool
        .into_iter()
        .filter(|m| actor_ok(lex, m) && !(m.dict && after_fi(m)) && !official_of(ctx, ss, m))
        .filter(|m| claimant.is_none_or(|c| c.s != m.s))
        .collect();
    // Sources last, then mentions far after the trigger (objects, relative clauses); stable otherwise.
    let far_after = |m: &Mention| m.s > best.e && kt.words_between(best.e, m.s) > 3;
    candidates.sort_by_key(|m| {
        (
            is_source(ctx, ss, m),
            far_after(m) && m.role != Some(Role::Perpetrator),
        )
    });
    let is_target = |m: &Mention| -> bool {
        if m.role == Some(Role::Target) {
            return true;
        }
        if m.role == Some(Role::Perpetrator) {
            return false;
        }
        let i = kt.tok_at(m.ws);
        let from = kt
            .toks
            .get(i.saturating_sub(2))
            .map(|t| t.s)
            .unwrap_or(ss)
            .max(ss);
        (cue_in(kt, CueClass::Target, from, m.ws)
            || kt
                .hits_within(from, m.ws)
                .any(|h| matches!(h.kind, Kind::MilNoun(Role::Target))))
            && !kt.punct_between(from, m.ws)
    };
    let a1 = candidates
        .iter()
        .find(|m| m.role == Some(Role::Perpetrator))
        .or_else(|| {
            candidates.iter().find(|m| {
                (!is_target(m) || event_type == "Strategic developments") && !far_after(m)
            })
        })
        .copied();
    let a1_ids: Vec<u32> = a1
        .map(|m| conjoined(ctx, m, &candidates))
        .unwrap_or_default();
    let a2 = candidates
        .iter()
        .filter(|m| a1.is_none_or(|x| x.s != m.s) && !m.actors.iter().any(|x| a1_ids.contains(x)))
        .find(|m| is_target(m) || event_type == "Battles")
        .copied();
    let a2_ids: Vec<u32> = a2
        .map(|m| conjoined(ctx, m, &candidates))
        .unwrap_or_default();
    let mut a2_ids: Vec<u32> = a2_ids.into_iter().filter(|x| !a1_ids.contains(x)).collect();
    let mut a1_ids = a1_ids;
    // "صدت الفصائل محاولة تسلل لقوات النظام": the side that attacked is actor1.
    if event_type == "Battles" && !a2_ids.is_empty() {
        let repelled = kt.toks[kt.tok_at(ss)..kt.tok_at(best.e)].iter().any(|t| {
            matches!(
                kt.word(t),
                "صد" | "صدت"
                    | "وصدت"
                    | "تصدت"
                    | "وتصدت"
                    | "تصدي"
                    | "احبطت"
                    | "احبط"
                    | "واحبطت"
            )
        });
        if repelled {
            std::mem::swap(&mut a1_ids, &mut a2_ids);
        }
    }
    // "تبادلت قوات النظام وهيئة تحرير الشام القصف", "اشتباكات بين X و Y": conjoined actors
    // of a reciprocal verb are the two sides, not allies.
    if a2_ids.is_empty() && a1_ids.len() >= 2 && violent(event_type) {
        let reciprocal_verb = kt.toks[kt.tok_at(ss)..kt.tok_at(best.e)].iter().any(|t| {
            let w = kt.word(t);
            let w = w.strip_prefix('و').unwrap_or(w);
            w.starts_with("تبادل") || w.starts_with("اشتبك")
        });
        let between = a1.is_some_and(|m| {
            let i = kt.tok_at(m.ws);
            i > 0 && matches!(kt.word(&kt.toks[i - 1]), "بين" | "وبين")
        });
        if reciprocal_verb || between {
            a2_ids = a1_ids.split_off(1);
        }
    }
    ClauseActors {
        a1,
        a2,
        a1_ids,
        a2_ids,
    }
}

/// ACLED actor names of a clause's event: the dictionary names of each side, protesters and
/// rioters, "unidentified" attackers, civilian targets, the governments party to an agreement.
fn actor_names(
    ctx: &Ctx,
    st: &Sentence,
    (a, b): (u32, u32),
    (event_type, sub): (&str, &str),
    (a1_ids, a2_ids): (&[u32], &[u32]),
    loc_country: Option<&str>,
    civilians: bool,
) -> (Option<String>, Option<String>) {
    let kt = ctx.kt;
    let lex = ctx.lex;
    let (ss, se, claimant) = (st.ss, st.se, st.claimant);
    let violent_type = violent(event_type);
    let mut actor1 = if a1_ids.is_empty() {
        None
    } else {
        Some(join(ctx, a1_ids, loc_country, violent_type))
    };
    let mut actor2 = if a2_ids.is_empty() {
        None
    } else {
        Some(join(ctx, a2_ids, loc_country, violent_type))
    };
    let country = ctx.country_name(loc_country);
    let with_country = |base: &str| match &country {
        Some(c) => format!("{base} ({c})"),
        None => base.to_string(),
    };
    match event_type {
        "Protests" => {
            actor2 = actor1.take().filter(|_| sub != "Peaceful protest");
            actor1 = Some(with_country("Protesters"));
        }
        "Riots" => {
            actor1 = Some(with_country("Rioters"));
        }
        _ => {}
    }
    // ACLED never leaves the attacker blank: an unnamed one is "unidentified". Only states
    // fly warplanes; drones, rockets, shells and bombs may be anyone's.
    if actor1.is_none()
        && (event_type == "Explosions/Remote violence"
            || sub == "Abduction/forced disappearance"
            || event_type == "Violence against civilians"
            || (claimant.is_some() && violent_type))
    {
        let seg_text = kt.text.get(a as usize..b as usize).unwrap_or("");
        let drone = ["مسير", "درون", "بدون طيار"]
            .iter()
            .any(|w| seg_text.contains(w));
        // A group that claims the strike is not a state's air force.
        actor1 = Some(
            if sub == "Air/drone strike" && !drone && claimant.is_none() {
                "Unidentified Military Forces".to_string()
            } else {
                with_country("Unidentified Armed Group")
            },
        );
    }
    if actor2.is_none()
        && civilians
        && matches!(
            event_type,
            "Explosions/Remote violence" | "Violence against civilians"
        )
    {
        actor2 = Some(with_country("Civilians"));
    }
    if event_type == "Strategic developments" && sub == "Agreement" && actor1.is_none() {
        // "بين روسيا وتركيا", "الضامنين الروسي والتركي": governments of the countries named.
        let mut govs: Vec<String> = Vec::new();
        for h in kt.hits_within(ss, se) {
            if let Kind::Nationality(c) = h.kind {
                let n = format!("Government of {}", lex.countries[c as usize].name);
                if !govs.contains(&n) {
                    govs.push(n);
                }
            }
        }
        for p in st.in_sentence.iter() {
            let pl = &ctx.doc.places[p.idx];
            if pl.kind == "country" && !pl.name.is_empty() {
                let n = format!("Government of {}", pl.name);
                if !govs.contains(&n) {
                    govs.push(n);
                }
            }
        }
        let mut it = govs.into_iter();
        actor1 = it.next();
        actor2 = it.next();
    }
    (actor1, actor2)
}

/// The date of a clause's event (see `pick_date`; an undated sentence continues the story of the
/// previous dated main event of its paragraph, else of the article) and its salience (background
/// when a month or more before publication, or recalled with "كان … قد" and undated). `None` when
/// it cannot be dated usefully or lies in the future (a plan, except strategic developments).
fn date_and_salience(
    ctx: &Ctx,
    st: &Sentence,
    best: Trig,
    event_type: &str,
    out: &[Draft],
) -> Option<(Option<String>, u8, Option<usize>, Salience)> {
    let (ss, se, pluperfect_sentence) = (st.ss, st.se, st.pluperfect);
    // An undated sentence continues the story of the previous dated event of its paragraph.
    let para_start = ctx
        .paragraphs
        .iter()
        .find(|&&(pa, pb)| pa <= ss && ss < pb)
        .map(|p| p.0)
        .unwrap_or(ss);
    // (Else of the article: the last dated main event.)
    let prev = out
        .iter()
        .rev()
        .find(|d| d.ss >= para_start && d.ev.date_ref.is_some() && d.ev.salience == Salience::Main)
        .or_else(|| {
            out.iter()
                .rev()
                .find(|d| d.ev.date_ref.is_some() && d.ev.salience == Salience::Main)
        });
    let prev = prev.and_then(|d| d.ev.date.clone().map(|x| (x, d.ev.time_precision)));
    let (date, tp, date_ref) = pick_date(ctx, ss, se, best.s, prev)?;
    let pub_day = ctx.doc.published_date().and_then(days_from_civil);
    let ev_day = date.as_deref().and_then(days_from_civil);
    let old = matches!((pub_day, ev_day), (Some(p), Some(e)) if p - e > 30);
    let future = date_ref.is_some_and(|d| ctx.doc.dates[d].future)
        || matches!((pub_day, ev_day), (Some(p), Some(e)) if e > p + 1);
    if future && event_type != "Strategic developments" {
        return None;
    }
    let salience = if old || (pluperfect_sentence && date_ref.is_none()) {
        Salience::Background
    } else {
        Salience::Main
    };
    Some((date, tp, date_ref, salience))
}

/// Does the sentence open as a background aside ("يذكر أن", "يشار إلى أن", "جدير بالذكر")? The
/// openers are cues of class `aside` in `data/events/cues.tsv`, looked for in the first words.
fn background_aside(ctx: &Ctx, ss: u32, se: u32) -> bool {
    ctx.cues(ss, se)
        .any(|(h, c, w)| c == CueClass::Aside && ctx.kt.words_between(ss, h.s) <= w.max(1) as usize)
}
