//! Event coding: triggers → modality → clauses → type, actors, location, date, casualties; merging.

use crate::lexicon::{ActorKind, CueClass, Kind, Lexicon, Role, Strike};
use crate::mentions::{cue_in, Mention};
use crate::numbers::read_number;
use crate::text::{Hit, KeyText};
use rasd_doc::{Document, EventAnn, Salience, Span};

/// A trigger occurrence in a sentence.
#[derive(Debug, Clone, Copy)]
struct Trig {
    s: u32,
    e: u32,
    t: u32,
    subordinated: bool,
}

/// A place usable as an event location, in key coordinates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KPlace {
    pub s: u32,
    pub e: u32,
    pub idx: usize,
}

/// A date annotation in key coordinates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct KDate {
    pub s: u32,
    pub e: u32,
    pub idx: usize,
}

/// Everything the coder needs about one document.
pub(crate) struct Ctx<'a> {
    pub doc: &'a Document,
    pub kt: &'a KeyText,
    pub lex: &'a Lexicon,
    pub mentions: &'a [Mention],
    pub places: &'a [KPlace],
    pub dates: &'a [KDate],
    pub sentences: &'a [(u32, u32)],
    pub paragraphs: &'a [(u32, u32)],
    /// Per key-text token: bit 0 death cue, bit 1 injury cue, bit 2 unit word (computed once per document).
    pub tok_flags: Vec<u8>,
    /// Most frequent specific place of the article (fallback location).
    pub main_place: Option<usize>,
    /// Most frequent place country (ISO2) of the article.
    pub main_country: Option<String>,
}

/// Token flags for casualty reading: bit 0 death cue, bit 1 injury cue, bit 2 unit word.
pub(crate) fn token_flags(kt: &KeyText) -> Vec<u8> {
    let mut f = vec![0u8; kt.toks.len()];
    for h in &kt.hits {
        let bit = match h.kind {
            Kind::Cue(CueClass::Death, _) => 1,
            Kind::Cue(CueClass::Injury, _) => 2,
            Kind::Cue(CueClass::Unit, _) => 4,
            _ => continue,
        };
        let i = kt.tok_at(h.ws);
        if let Some(x) = f.get_mut(i) {
            if kt.toks[i].s == h.ws {
                *x |= bit;
            }
        }
    }
    f
}

/// Specificity tier of a place kind: lower is more specific.
pub(crate) fn tier(kind: &str) -> u8 {
    match kind {
        "neighbourhood" | "village" | "town" | "city" | "facility" | "base" | "airport"
        | "camp" => 1,
        "" | "subdistrict" | "road" | "district" => 2,
        "region" | "water" | "mountain" | "plain" => 3,
        "governorate" => 4,
        "country" => 5,
        _ => 2,
    }
}

fn days_from_civil(s: &str) -> Option<i64> {
    let mut it = s.get(..10)?.split('-');
    let y: i64 = it.next()?.parse().ok()?;
    let m: i64 = it.next()?.parse().ok()?;
    let d: i64 = it.next()?.parse().ok()?;
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        return None;
    }
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    Some(era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468)
}

/// Perfect verbs that may follow "قد" without making it speculative.
const QAD_PERFECT: &[&str] = &[
    "تم",
    "تمت",
    "تعرض",
    "تعرضت",
    "تمكن",
    "تمكنت",
    "تسبب",
    "تسببت",
    "تبني",
    "تبنت",
    "توفي",
    "تقدم",
    "تقدمت",
    "تكبد",
    "تكبدت",
];

impl<'a> Ctx<'a> {
    fn text(&self, s: u32, e: u32) -> &str {
        self.kt.text.get(s as usize..e as usize).unwrap_or("")
    }

    fn cues(&self, a: u32, b: u32) -> impl Iterator<Item = (&Hit, CueClass, u8)> {
        self.kt.hits_within(a, b).filter_map(|h| match h.kind {
            Kind::Cue(c, w) => Some((h, c, w)),
            _ => None,
        })
    }

    /// Why a trigger at [ts, te) in sentence starting at `ss` does not report a real event, if so.
    fn modality(&self, ss: u32, ts: u32) -> Option<&'static str> {
        for (h, class, window) in self.cues(ss, ts) {
            if !class.is_modality() {
                continue;
            }
            if window > 0 && self.kt.words_between(h.e, ts) > window as usize {
                continue;
            }
            if class == CueClass::Negation {
                // "لم تتوقف الاشتباكات" / "لا تزال" are not negations of the event.
                let i = self.kt.tok_at(h.e);
                if let Some(t) = self.kt.toks.get(i) {
                    let w = self.kt.word(t);
                    if w.contains("توقف")
                        || w.contains("تزال")
                        || w.contains("يزال")
                        || w.contains("يهدا")
                        || w.contains("تهدا")
                    {
                        continue;
                    }
                }
            }
            return Some(class.name());
        }
        // "قد" + imperfect verb = speculation ("قد تشن"), but "قد" + perfect is an assertion.
        let i0 = self.kt.tok_at(ss);
        let i1 = self.kt.tok_at(ts);
        for i in i0..i1 {
            let t = self.kt.toks[i];
            let w = self.kt.word(&t);
            if w == "قد" || w == "وقد" || w == "فقد" {
                if let Some(n) = self.kt.toks.get(i + 1).filter(|n| n.word) {
                    let nw = self.kt.word(n);
                    let imperfect = nw.starts_with('ي')
                        || nw.starts_with('ن')
                        || (nw.starts_with('ت') && !QAD_PERFECT.contains(&nw));
                    if imperfect && i1 - i <= 4 {
                        return Some("speculation");
                    }
                }
            }
        }
        None
    }

    fn subordinated(&self, ss: u32, ts: u32) -> bool {
        self.cues(ss, ts).any(|(h, c, w)| {
            c == CueClass::Subordinator && self.kt.words_between(h.e, ts) <= w.max(1) as usize
        })
    }

    /// "كان/كانت … قد" before the trigger: a recalled (pluperfect) event.
    fn pluperfect(&self, ss: u32, ts: u32) -> bool {
        let i0 = self.kt.tok_at(ss);
        let i1 = self.kt.tok_at(ts);
        let mut kan = false;
        for i in i0..i1 {
            let w = self.kt.word(&self.kt.toks[i]);
            if matches!(w, "كان" | "كانت" | "وكان" | "وكانت" | "كانوا" | "وكانوا")
            {
                kan = true;
            }
            if kan && w == "قد" {
                return true;
            }
        }
        false
    }

    fn country_name(&self, code: Option<&str>) -> Option<String> {
        let code = code.or(self.main_country.as_deref())?;
        self.lex.country_by_code(code).map(|c| c.name.clone())
    }

    fn actor_name(&self, a: u32, country: Option<&str>, violent: bool) -> String {
        let act = &self.lex.actors[a as usize];
        let mut name = act.canonical.clone();
        if name.contains("{country}") {
            name = match self.country_name(country) {
                Some(c) => name.replace("{country}", &c),
                None => name.replace(" ({country})", ""),
            };
        }
        if violent && act.kind == ActorKind::Government {
            name = name.replace("Government of", "Military Forces of");
        }
        name
    }
}

/// Casualty counts in key range [a, b): (fatalities, injuries, death mentioned, zero stated).
fn casualties(ctx: &Ctx, a: u32, b: u32) -> (Option<u32>, Option<u32>, bool, bool) {
    let kt = ctx.kt;
    let i0 = kt.tok_at(a);
    let i1 = kt.tok_at(b);
    let words: Vec<&str> = kt.toks[i0..i1]
        .iter()
        .map(|t| if t.word { kt.word(t) } else { "," })
        .collect();
    let toks = &kt.toks[i0..i1];
    let in_date = |p: u32| ctx.dates.iter().any(|d| d.s <= p && p < d.e);
    let flags = |j: usize| ctx.tok_flags.get(i0 + j).copied().unwrap_or(0);
    let cue_at = |j: usize| -> Option<CueClass> {
        let f = flags(j);
        if f & 1 != 0 {
            Some(CueClass::Death)
        } else if f & 2 != 0 {
            Some(CueClass::Injury)
        } else {
            None
        }
    };
    let is_unit = |j: usize| -> bool { flags(j) & 4 != 0 };
    let number_at = |j: usize| -> Option<u32> {
        let t = toks.get(j)?;
        if !t.word || in_date(t.s) {
            return None;
        }
        let (v, _, used) = read_number(&words, j)?;
        if v >= 1000 || is_unit(j + used) {
            return None;
        }
        Some(v)
    };
    const SINGULAR: &[&str] = &[
        "مدني",
        "مدنيا",
        "شخص",
        "شخصا",
        "رجل",
        "شاب",
        "جندي",
        "جنديا",
        "عنصر",
        "عنصرا",
        "مقاتل",
        "ضابط",
        "طفل",
        "طفله",
        "امراه",
        "سيده",
        "مواطن",
        "مواطنا",
        "صحفي",
        "صحفيه",
        "مسن",
        "مسنه",
        "فتاه",
        "حفيدته",
        "حفيدتها",
        "حفيده",
        "عامل",
        "مسعف",
        "شرطي",
    ];
    const STOP: &[&str] = &["بينهم", "منهم", "بينها", ","];
    let mut fat: Option<u32> = None;
    let mut inj: Option<u32> = None;
    let mut death_seen = false;
    for j in 0..toks.len() {
        let Some(class) = cue_at(j) else { continue };
        if class == CueClass::Death {
            death_seen = true;
        }
        let mut found: Option<u32> = None;
        // 1. number right before ("عشرة قتلى").
        if j >= 1 {
            found = number_at(j - 1);
        }
        // 2. number within 3 words after, stopping at another casualty cue or a break.
        if found.is_none() {
            for (k, w) in words
                .iter()
                .enumerate()
                .take((j + 4).min(toks.len()))
                .skip(j + 1)
            {
                if STOP.contains(w) || cue_at(k).is_some() {
                    break;
                }
                if let Some(v) = number_at(k) {
                    found = Some(v);
                    break;
                }
            }
        }
        // 3. number two or three words before ("22 شخصا قتلوا").
        if found.is_none() {
            for back in 2..=3 {
                if j < back {
                    break;
                }
                let k = j - back;
                if STOP.contains(&words[k]) || cue_at(k).is_some() {
                    break;
                }
                if let Some(v) = number_at(k) {
                    found = Some(v);
                    break;
                }
            }
        }
        // 4. a singular victim noun right after ("استشهاد مدني", "أصيبت حفيدتها").
        if found.is_none() {
            let mut k = j + 1;
            if words
                .get(k)
                .is_some_and(|w| w.starts_with("بجروح") || *w == "امس")
            {
                k += 1;
            }
            if words.get(k).is_some_and(|w| SINGULAR.contains(w))
                && !words
                    .get(k + 1)
                    .is_some_and(|w| matches!(*w, "اخرين" | "اخرون"))
            {
                found = Some(1);
            }
        }
        if let Some(v) = found {
            let slot = if class == CueClass::Death {
                &mut fat
            } else {
                &mut inj
            };
            *slot = Some(slot.map_or(v, |x: u32| x.max(v)));
        }
    }
    let zero = cue_in(kt, CueClass::Zero, a, b);
    (fat, inj, death_seen, zero)
}

/// A candidate event before merging.
struct Draft {
    ev: EventAnn,
    /// Key offset of the evidence sentence.
    ss: u32,
}

fn violent(event_type: &str) -> bool {
    matches!(
        event_type,
        "Battles" | "Explosions/Remote violence" | "Violence against civilians"
    )
}

/// Code the events of the whole document.
pub(crate) fn code_events(ctx: &Ctx) -> Vec<EventAnn> {
    let mut drafts: Vec<Draft> = Vec::new();
    for (si, &(ss, se)) in ctx.sentences.iter().enumerate() {
        code_sentence(ctx, si, ss, se, &mut drafts);
    }
    merge(ctx, drafts)
}

fn code_sentence(ctx: &Ctx, si: usize, ss: u32, se: u32, out: &mut Vec<Draft>) {
    let kt = ctx.kt;
    let lex = ctx.lex;
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
        return;
    }
    trigs.sort_by_key(|t| t.s);
    // Repeated or general activity ("هجمات متكررة") near a trigger: no single event.
    let habitual: Vec<(u32, u32, u8)> = ctx
        .cues(ss, se)
        .filter(|(_, c, _)| *c == CueClass::Habitual)
        .map(|(h, _, w)| (h.s, h.e, w))
        .collect();
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
        return;
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
        return;
    }
    // Clauses: a subordinated trigger ("بعد قصف", "رداً على") opens a clause recalling another event.
    struct Seg {
        start: u32,
        trigs: Vec<Trig>,
        sub: bool,
    }
    let mut segs: Vec<Seg> = vec![Seg {
        start: ss,
        trigs: Vec::new(),
        sub: false,
    }];
    for t in &trigs {
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
            segs.push(Seg {
                start: t.s,
                trigs: vec![*t],
                sub: starts_sub,
            });
        } else {
            cur.trigs.push(*t);
        }
    }
    segs.retain(|s| !s.trigs.is_empty());
    if segs.is_empty() {
        return;
    }
    // Places (reference points, places inside actor names and the second of "بين X و Y" excluded).
    let seg_end = |i: usize| segs.get(i + 1).map(|s| s.start).unwrap_or(se);
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
            let names_road = road_word(word(1)) || (road_adj(word(1)) && road_word(word(2)));
            let second_end = road_name_end.is_some_and(|e| {
                (kt.words_between(e, p.s) == 0 && !kt.punct_between(e, p.s))
                    || kt
                        .text
                        .get(e as usize..p.s as usize)
                        .is_some_and(|x| x.trim() == "-")
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
        // A compass word right before a place that follows another place: "السيدة زينب جنوبي دمشق".
        let two_back = back_from(2);
        if cue_in(kt, CueClass::Direction, two_back, p.s)
            && usable
                .iter()
                .any(|q| tier(&ctx.doc.places[q.idx].kind) <= 4 && kt.words_between(q.e, p.s) <= 12)
        {
            continue;
        }
        // Origin: "مسلحون من مصراتة".
        if i > 0 && matches!(kt.word(&kt.toks[i - 1]), "من" | "ومن") {
            let back = back_from(3);
            if ctx
                .mentions
                .iter()
                .any(|m| m.e > back && m.e <= kt.toks[i - 1].s)
            {
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
    let (fat, inj, death_seen, zero) = casualties(ctx, ss, se);
    let pluperfect_sentence = ctx.pluperfect(ss, trigs[0].s);
    let claim_pos = ctx
        .cues(ss, se)
        .find(|(_, c, _)| *c == CueClass::Claim)
        .map(|(h, _, _)| h.e);
    let claimant: Option<&Mention> = claim_pos.and_then(|cp| {
        ctx.mentions
            .iter()
            .find(|m| m.s >= cp && m.e <= se && actor_ok(lex, m))
    });
    // "مسؤول في التحالف", "مصدر في الجيش": the organisation only speaks.
    let official_of = |m: &Mention| -> bool {
        let i = kt.tok_at(m.ws);
        let from = kt
            .toks
            .get(i.saturating_sub(3))
            .map(|t| t.s)
            .unwrap_or(ss)
            .max(ss);
        let before_words: Vec<&str> = kt.toks[kt.tok_at(from)..i]
            .iter()
            .map(|t| kt.word(t))
            .collect();
        before_words.iter().any(|w| {
            matches!(
                *w,
                "مسوول" | "مصدر" | "مصادر" | "متحدث" | "المتحدث" | "الناطق" | "لدي"
            )
        })
    };
    // Mentions naming the source of the report ("قال المرصد", "مسؤول في التحالف") are actors only as a last resort.
    let is_source = |m: &Mention| -> bool {
        let i = kt.tok_at(m.ws);
        let from = kt
            .toks
            .get(i.saturating_sub(3))
            .map(|t| t.s)
            .unwrap_or(ss)
            .max(ss);
        ctx.cues(from, m.ws).any(|(_, c, _)| c == CueClass::Cite) || official_of(m)
    };
    for &i in &chosen {
        let seg = &segs[i];
        let (a, b) = (if i == 0 { ss } else { seg.start }, seg_end(i));
        let best = seg
            .trigs
            .iter()
            .copied()
            .max_by_key(|t| (lex.triggers[t.t as usize].weight, std::cmp::Reverse(t.s)));
        let Some(best) = best else { continue };
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
        let places = &seg_places[i];
        let single = event_type == "Strategic developments";
        let mut locs: Vec<(Option<usize>, u8)> = Vec::new();
        if !places.is_empty() {
            let kind_of = |p: &KPlace| ctx.doc.places[p.idx].kind.as_str();
            let mut cands: Vec<KPlace> = places.clone();
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
        let loc_country: Option<String> = locs
            .iter()
            .find_map(|(p, _)| p.and_then(|p| ctx.doc.places[p].country.clone()));
        // Actors.
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
            .filter(|m| actor_ok(lex, m) && !(m.dict && after_fi(m)) && !official_of(m))
            .filter(|m| claimant.is_none_or(|c| c.s != m.s))
            .collect();
        // Sources last, then mentions far after the trigger (objects, relative clauses); stable otherwise.
        let far_after = |m: &Mention| m.s > best.e && kt.words_between(best.e, m.s) > 3;
        candidates.sort_by_key(|m| {
            (
                is_source(m),
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
            .filter(|m| {
                a1.is_none_or(|x| x.s != m.s) && !m.actors.iter().any(|x| a1_ids.contains(x))
            })
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
        if a2_ids.is_empty() && a1_ids.len() >= 2 && violent(&event_type) {
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
            continue;
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
            let actor_air = a1.is_some_and(|m| !is_source(m))
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
        let mut actor1 = if a1_ids.is_empty() {
            None
        } else {
            Some(join(ctx, &a1_ids, loc_country.as_deref(), violent_type))
        };
        let mut actor2 = if a2_ids.is_empty() {
            None
        } else {
            Some(join(ctx, &a2_ids, loc_country.as_deref(), violent_type))
        };
        let country = ctx.country_name(loc_country.as_deref());
        let with_country = |base: &str| match &country {
            Some(c) => format!("{base} ({c})"),
            None => base.to_string(),
        };
        match event_type.as_str() {
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
                event_type.as_str(),
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
            for p in in_sentence.iter() {
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
        // Date.
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
            .find(|d| {
                d.ss >= para_start && d.ev.date_ref.is_some() && d.ev.salience == Salience::Main
            })
            .or_else(|| {
                out.iter()
                    .rev()
                    .find(|d| d.ev.date_ref.is_some() && d.ev.salience == Salience::Main)
            });
        let prev = prev.and_then(|d| d.ev.date.clone().map(|x| (x, d.ev.time_precision)));
        let Some((date, tp, date_ref)) = pick_date(ctx, ss, se, best.s, prev) else {
            continue;
        };
        let pub_day = ctx.doc.published_date().and_then(days_from_civil);
        let ev_day = date.as_deref().and_then(days_from_civil);
        let old = matches!((pub_day, ev_day), (Some(p), Some(e)) if p - e > 30);
        let future = date_ref.is_some_and(|d| ctx.doc.dates[d].future)
            || matches!((pub_day, ev_day), (Some(p), Some(e)) if e > p + 1);
        if future && event_type != "Strategic developments" {
            continue;
        }
        let salience = if old || (pluperfect_sentence && date_ref.is_none()) {
            Salience::Background
        } else {
            Salience::Main
        };
        let claimed_by = claimant.map(|m| join(ctx, &m.actors, loc_country.as_deref(), false));
        let cited = cited_source(ctx, ss, se);
        let (es, ee) = kt.orig_span(ss, se, &ctx.doc.text);
        let (ts, te) = kt.orig_span(best.s, best.e, &ctx.doc.text);
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
            let mut notes = vec![format!("trigger: {}", tr.pattern), format!("sentence {si}")];
            if pidx.is_none() || places.is_empty() {
                notes.push("location: fallback".into());
            }
            if let Some(r) = blocked_reason {
                notes.push(format!("other triggers blocked: {r}"));
            }
            let ev = EventAnn {
                plover: lex.plover(&event_type, &sub),
                event_type: event_type.clone(),
                sub_event_type: sub.clone(),
                date: date.clone(),
                time_precision: tp,
                location: pl.map(|p| p.name.clone()).filter(|n| !n.is_empty()),
                admin1: pl.and_then(|p| p.admin1.clone()),
                admin2: pl.and_then(|p| p.admin2.clone()),
                admin3: pl.and_then(|p| p.admin3.clone()),
                country: pl
                    .and_then(|p| p.country.clone())
                    .or_else(|| ctx.main_country.clone()),
                lat: pl.and_then(|p| p.lat),
                lon: pl.and_then(|p| p.lon),
                geo_precision: *gp,
                actor1: actor1.clone(),
                assoc_actor1: None,
                actor2: actor2.clone(),
                assoc_actor2: None,
                inter1: a1_ids
                    .first()
                    .map(|&x| lex.actors[x as usize].inter)
                    .or(match event_type.as_str() {
                        "Protests" => Some(6),
                        "Riots" => Some(5),
                        _ => None,
                    }),
                inter2: a2_ids
                    .first()
                    .map(|&x| lex.actors[x as usize].inter)
                    .or(actor2.as_ref().map(|_| 7)),
                fatalities: share(fatalities),
                injuries: if event_type == "Strategic developments" {
                    None
                } else {
                    share(inj)
                },
                claimed_by: claimed_by.clone(),
                reported_by: ctx
                    .doc
                    .meta
                    .source
                    .clone()
                    .or_else(|| ctx.doc.meta.site_name.clone()),
                cited_source: cited.clone(),
                salience,
                evidence: Span::new(es as usize, ee as usize),
                trigger: Some(Span::new(ts as usize, te as usize)),
                place_ref: *pidx,
                date_ref,
                civilian_targeting: actor2
                    .as_deref()
                    .is_some_and(|x| x.starts_with("Civilians")),
                notes,
            };
            out.push(Draft { ev, ss });
        }
    }
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
    match between.as_slice() {
        [] => clitic_b,
        [w] => *w == "في" || (w.starts_with('ب') && w.chars().count() > 3),
        [w1, _] => *w1 == "في",
        _ => false,
    }
}

fn actor_ok(lex: &Lexicon, m: &Mention) -> bool {
    m.actors.first().is_some_and(|&a| {
        let k = lex.actors[a as usize].kind;
        k.is_actor() && k != ActorKind::Civilians && k != ActorKind::Protesters
    })
}

/// Actor ids of a mention plus the mentions conjoined to it with و ("قوات النظام والميليشيات الإيرانية").
fn conjoined(ctx: &Ctx, m: &Mention, cands: &[&Mention]) -> Vec<u32> {
    let mut ids = m.actors.clone();
    // "بين X و Y": two sides, not one.
    let i = ctx.kt.tok_at(m.ws);
    if i > 0
        && ctx
            .kt
            .toks
            .get(i - 1)
            .is_some_and(|t| matches!(ctx.kt.word(t), "بين" | "وبين"))
    {
        return ids;
    }
    let mut end = m.e;
    // "قصف النظام وروسيا": a country conjoined to an actor is that country's forces.
    if let Some(p) = ctx
        .places
        .iter()
        .find(|p| p.s > m.e && ctx.doc.places[p.idx].kind == "country")
    {
        let ws = ctx
            .kt
            .toks
            .get(ctx.kt.tok_containing(p.s))
            .map(|t| t.s)
            .unwrap_or(p.s)
            .min(p.s);
        if ctx.text(m.e, ws).trim().is_empty() && ctx.text(ws, p.s) == "و" {
            let code = ctx.doc.places[p.idx].country.clone().unwrap_or_default();
            if let Some(f) = ctx.lex.country_by_code(&code).and_then(|c| c.forces) {
                if !ids.contains(&f) {
                    ids.push(f);
                }
            }
        }
    }
    for n in cands.iter().filter(|n| n.s > m.s) {
        let between = ctx.text(end, n.ws);
        let pre = ctx.text(n.ws, n.s);
        if between.trim().is_empty() && pre.starts_with('و') {
            for &x in &n.actors {
                if !ids.contains(&x) {
                    ids.push(x);
                }
            }
            end = n.e;
        } else if n.ws > end {
            break;
        }
    }
    ids
}

fn join(ctx: &Ctx, ids: &[u32], country: Option<&str>, violent: bool) -> String {
    let mut names: Vec<String> = Vec::new();
    for &i in ids {
        let n = ctx.actor_name(i, country, violent);
        if !names.contains(&n) {
            names.push(n);
        }
    }
    names.join("; ")
}

/// The organisation cited as the source of the report ("بحسب المرصد السوري", "قال مراسل روزنة").
fn cited_source(ctx: &Ctx, ss: u32, se: u32) -> Option<String> {
    for (h, c, _) in ctx.cues(ss, se) {
        if c != CueClass::Cite {
            continue;
        }
        if let Some(m) = ctx
            .mentions
            .iter()
            .find(|m| m.dict && m.ws >= h.e && m.e <= se && ctx.kt.words_between(h.e, m.ws) <= 3)
        {
            let a = m.actors[0] as usize;
            return Some(ctx.lex.actors[a].canonical.replace(" ({country})", ""));
        }
    }
    None
}

/// Date for a trigger: a date annotation in the sentence (the closest before the trigger, else the first after it
/// but before any subordinate clause), else the nearest earlier one in the paragraph, else the publication date
/// (precision 2). `None` when the event cannot be dated usefully ("منذ" + date = a continuing state; a bare year).
fn pick_date(
    ctx: &Ctx,
    ss: u32,
    se: u32,
    ts: u32,
    prev: Option<(String, u8)>,
) -> Option<(Option<String>, u8, Option<usize>)> {
    let usable = |d: &&KDate| !ctx.doc.dates[d.idx].future;
    // Dates after a subordinator that follows the trigger belong to the other event ("غداة استعادة …، أمس").
    let limit = ctx
        .cues(ts, se)
        .find(|(_, c, _)| *c == CueClass::Subordinator)
        .map(|(h, _, _)| h.s)
        .unwrap_or(se);
    let in_sent: Vec<&KDate> = ctx
        .dates
        .iter()
        .filter(|d| d.s >= ss && d.e <= se)
        .filter(usable)
        .collect();
    let chosen = in_sent
        .iter()
        .rev()
        .find(|d| d.s <= ts)
        .or_else(|| in_sent.iter().find(|d| d.s < limit))
        .copied()
        .or_else(|| {
            let para = ctx
                .paragraphs
                .iter()
                .find(|&&(pa, pb)| pa <= ss && ss < pb)
                .copied()?;
            ctx.dates
                .iter()
                .filter(usable)
                .rfind(|d| d.s >= para.0 && d.e <= ss)
        });
    match chosen {
        Some(d) => {
            let da = &ctx.doc.dates[d.idx];
            // "منذ" + date: since when a state lasts, not when an event happened.
            let i = ctx.kt.tok_at(d.s);
            if i > 0 && matches!(ctx.kt.word(&ctx.kt.toks[i - 1]), "منذ" | "ومنذ") {
                return None;
            }
            if da.precision == rasd_doc::DatePrecision::Year {
                return None;
            }
            let day = mid_day(&da.value).unwrap_or_else(|| da.first_day());
            if day.len() != 10 {
                return None;
            }
            Some((Some(day), da.precision.acled(), Some(d.idx)))
        }
        None => match prev {
            Some((d, tp)) => Some((Some(d), tp, None)),
            None => Some((ctx.doc.published_date().map(str::to_string), 2, None)),
        },
    }
}

/// Middle day of a range value `A/B` (ACLED codes a week-precision event inside the week).
fn mid_day(v: &str) -> Option<String> {
    let (a, b) = v.split_once('/')?;
    let (x, y) = (days_from_civil(a)?, days_from_civil(b)?);
    Some(civil_from_days((x + y) / 2))
}

fn civil_from_days(z: i64) -> String {
    let z = z + 719468;
    let era = z.div_euclid(146097);
    let doe = z - era * 146097;
    let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = if m <= 2 { y + 1 } else { y };
    format!("{y:04}-{m:02}-{d:02}")
}

/// One event per (type, date, location) within the article: later mentions fill missing fields.
fn merge(ctx: &Ctx, drafts: Vec<Draft>) -> Vec<EventAnn> {
    let mut out: Vec<EventAnn> = Vec::new();
    for Draft { ev, .. } in drafts {
        let same = out.iter_mut().find(|o| {
            o.event_type == ev.event_type && o.date == ev.date && o.location == ev.location
        });
        match same {
            Some(o) => {
                // A precise mention replaces a fallback one.
                let o_fallback = o.notes.iter().any(|n| n == "location: fallback");
                let e_fallback = ev.notes.iter().any(|n| n == "location: fallback");
                if o_fallback && !e_fallback {
                    let keep_f = o.fatalities;
                    let keep_i = o.injuries;
                    *o = EventAnn {
                        fatalities: max_opt(keep_f, ev.fatalities),
                        injuries: max_opt(keep_i, ev.injuries),
                        ..ev
                    };
                    continue;
                }
                o.fatalities = max_opt(o.fatalities, ev.fatalities);
                o.injuries = max_opt(o.injuries, ev.injuries);
                if o.actor1.is_none() {
                    o.actor1 = ev.actor1;
                    o.inter1 = ev.inter1;
                }
                if o.actor2.is_none() {
                    o.actor2 = ev.actor2;
                    o.inter2 = ev.inter2;
                    o.civilian_targeting = ev.civilian_targeting;
                }
                if o.claimed_by.is_none() {
                    o.claimed_by = ev.claimed_by;
                }
                if o.cited_source.is_none() {
                    o.cited_source = ev.cited_source;
                }
                o.notes.push("merged with a later mention".into());
            }
            None => out.push(ev),
        }
    }
    // Same area: same admin1 when both are known, else within 60 km.
    let near = |a: &EventAnn, b: &EventAnn| match (&a.admin1, &b.admin1) {
        (Some(x), Some(y)) => x == y,
        _ => match (a.lat, a.lon, b.lat, b.lon) {
            (Some(la), Some(lo), Some(lb), Some(lob)) => {
                ((la - lb).powi(2) + ((lo - lob) * la.to_radians().cos()).powi(2)).sqrt() * 111.0
                    <= 60.0
            }
            _ => false,
        },
    };
    let first = |a: &Option<String>| {
        a.as_deref()
            .and_then(|x| x.split(';').next())
            .map(str::trim)
            .map(str::to_string)
    };
    // A region- or governorate-level event is the summary of town-level ones of the same type, day and actor.
    let coarse = |e: &EventAnn| {
        e.place_ref
            .map(|p| tier(&ctx.doc.places[p].kind) >= 3)
            .unwrap_or(true)
    };
    let keep: Vec<bool> = out
        .iter()
        .map(|e| {
            !coarse(e)
                || !out.iter().any(|o| {
                    !coarse(o)
                        && o.event_type == e.event_type
                        && o.date == e.date
                        && (e.actor1.is_none() || first(&o.actor1) == first(&e.actor1))
                        && near(o, e)
                })
        })
        .collect();
    out.into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|(e, _)| e)
        .collect()
}

fn max_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
