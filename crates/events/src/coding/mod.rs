//! Event coding as a sequence of named passes over each sentence, then over the document:
//!
//! 1. event mentions (`triggers::sentence_triggers`);
//! 2. clauses (`triggers::clauses`);
//! 3. place roles and candidate sites (`places`);
//! 4. arguments of each clause: type, locations, actors, casualties, date, salience (`clause`);
//! 5. incident grouping across the article: one event per (type, date, location), coarse
//!    summaries folded into the town-level events (`merge`).

mod clause;
mod places;
mod triggers;

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
    rasd_doc::calendar::day_number(s)
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
    // Victim nouns whose plural is broken, so that their "-ين" form can only be a dual
    // ("عنصرين", "جنديين"); "مدنيين" or "مقاتلين" are plurals of unknown number.
    const BROKEN_PLURAL: &[&str] = &[
        "عنصر",
        "جندي",
        "شخص",
        "طفل",
        "رجل",
        "شاب",
        "ضابط",
        "امراه",
        "فتاه",
        "طفله",
        "سيده",
    ];
    // A dual form of a victim noun ("مدنيان", "عنصرين", "امراتان"): two victims.
    let dual = |w: &str| -> bool {
        let stem_of = |st: &str| {
            let st = st
                .strip_suffix('ت')
                .map(|x| format!("{x}ه"))
                .unwrap_or(st.to_string());
            st
        };
        if let Some(st) = w.strip_suffix("ان") {
            let st = stem_of(st);
            return SINGULAR.contains(&st.as_str()) || SINGULAR.contains(&st.trim_end_matches('ه'));
        }
        if let Some(st) = w.strip_suffix("ين") {
            let st = stem_of(st);
            return BROKEN_PLURAL.contains(&st.as_str());
        }
        false
    };
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
            } else if words.get(k).is_some_and(|w| dual(w)) {
                found = Some(2);
            }
        }
        // 5. the casualty noun is itself a dual ("سقوط قتيلين", "شهيدين", "جريحين").
        if found.is_none() {
            let w = words[j];
            let stem = w.strip_suffix("ين").or_else(|| w.strip_suffix("ان"));
            if stem
                .is_some_and(|st| ["قتيل", "شهيد", "جريح", "وقتيل", "وشهيد", "وجريح"].contains(&st))
            {
                found = Some(2);
            }
        }
        // A nisba dual right after the cue ("استشهد فلسطينيان", "قتل مدنيان").
        if found.is_none()
            && words
                .get(j + 1)
                .is_some_and(|w| w.ends_with("يان") && w.chars().count() >= 5)
        {
            found = Some(2);
        }
        // 6. a dual victim noun right before ("جنديان قتلا").
        if found.is_none() && j >= 1 && dual(words[j - 1]) {
            found = Some(2);
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

/// Whether key range [a, b) holds an approximate quantity ("عشرات", "مئات"): a figure that
/// makes no single event specific.
fn has_vague_number(kt: &KeyText, a: u32, b: u32) -> bool {
    let (i0, i1) = (kt.tok_at(a), kt.tok_at(b));
    let words: Vec<&str> = kt.toks[i0..i1]
        .iter()
        .map(|t| if t.word { kt.word(t) } else { "," })
        .collect();
    (0..words.len()).any(|j| read_number(&words, j).is_some_and(|(_, approx, _)| approx))
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
    // Pass 1: event mentions.
    let Some((trigs, blocked_reason)) = triggers::sentence_triggers(ctx, ss, se) else {
        return;
    };
    // Pass 2: clauses.
    let segs = triggers::clauses(ctx, ss, &trigs);
    if segs.is_empty() {
        return;
    }
    // Pass 3: place roles → candidate sites per clause.
    let (in_sentence, usable) = places::site_candidates(ctx, ss, se);
    let (seg_places, chosen) = places::clause_places(ctx, ss, se, &segs, &usable);
    // Pass 4: arguments of each chosen clause.
    let (fat, inj, death_seen, zero) = casualties(ctx, ss, se);
    let claim_pos = ctx
        .cues(ss, se)
        .find(|(_, c, _)| *c == CueClass::Claim)
        .map(|(h, _, _)| h.e);
    // "أعلن تنظيم X مسؤوليته عن …": the actor just before the cue claims.
    let claimant_before = || {
        let (h, _, _) = ctx
            .cues(ss, se)
            .find(|(_, c, _)| *c == CueClass::ClaimBefore)?;
        // "لم يعلن الحوثيون مسؤوليتهم": a claim denied or not made is none.
        if ctx
            .cues(ss, h.s)
            .any(|(_, c, _)| matches!(c, CueClass::Negation | CueClass::Denial))
        {
            return None;
        }
        ctx.mentions
            .iter()
            .rev()
            .filter(|m| m.s >= ss && m.e <= h.s && actor_ok(ctx.lex, m))
            .find(|m| ctx.kt.words_between(m.e, h.s) <= 3)
    };
    let claimant: Option<&Mention> = claim_pos
        .and_then(|cp| {
            ctx.mentions
                .iter()
                .find(|m| m.s >= cp && m.e <= se && actor_ok(ctx.lex, m))
        })
        .or_else(claimant_before);
    let st = clause::Sentence {
        si,
        ss,
        se,
        in_sentence,
        fat,
        inj,
        death_seen,
        zero,
        pluperfect: ctx.pluperfect(ss, trigs[0].s),
        claimant,
        blocked_reason,
    };
    let seg_end = |i: usize| segs.get(i + 1).map(|s| s.start).unwrap_or(se);
    for &i in &chosen {
        let seg = &segs[i];
        let (a, b) = (if i == 0 { ss } else { seg.start }, seg_end(i));
        clause::code_clause(ctx, &st, seg, a, b, &seg_places[i], out);
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
    rasd_doc::calendar::iso_day(z)
}

/// One event per (type, date, location) within the article: later mentions fill missing fields.
fn merge(ctx: &Ctx, drafts: Vec<Draft>) -> Vec<EventAnn> {
    let mut out: Vec<EventAnn> = Vec::new();
    let day = |e: &EventAnn| e.date.as_deref().and_then(days_from_civil);
    for Draft { ev, .. } in drafts {
        // A mention dated only by the publication date (a title, a lead) is the same incident as
        // one at the same place dated by the text within two days of it.
        let undated = |e: &EventAnn| e.date_ref.is_none() && e.time_precision >= 2;
        let same_day = |o: &EventAnn| {
            o.date == ev.date
                || ((undated(o) || undated(&ev))
                    && matches!((day(o), day(&ev)), (Some(a), Some(b)) if (a - b).abs() <= 2))
        };
        // The same site: the same name, or two gazetteer entries of one place (a facility
        // listed twice, a town and its quarter of the same point) less than a kilometre apart.
        let same_site = |o: &EventAnn| {
            o.location == ev.location
                || matches!((o.lat, o.lon, ev.lat, ev.lon), (Some(a), Some(b), Some(c), Some(d))
                    if rasd_doc::geo::haversine_km((a, b), (c, d)) < 1.0)
        };
        let same = out
            .iter_mut()
            .find(|o| o.event_type == ev.event_type && same_site(o) && same_day(o));
        match same {
            Some(o) if undated(o) && !undated(&ev) => {
                // The text's date wins over the publication date.
                o.date = ev.date.clone();
                o.time_precision = ev.time_precision;
                o.date_ref = ev.date_ref;
                o.salience = ev.salience;
                o.fatalities = max_opt(o.fatalities, ev.fatalities);
                o.injuries = max_opt(o.injuries, ev.injuries);
                o.notes.push("merged with a later, dated mention".into());
            }
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
    // Actors do not conflict when either is unknown or unidentified, or the first ones agree.
    let compatible = |a: &Option<String>, b: &Option<String>| {
        let (x, y) = (first(a), first(b));
        let vague = |v: &Option<String>| v.as_deref().is_none_or(|s| s.starts_with("Unidentified"));
        vague(&x) || vague(&y) || x == y
    };
    // The same day, or a day apart when one of the two has only a fallback date; two mentions
    // that the text dates to different days are different days' events.
    let within_day = |a: &EventAnn, b: &EventAnn| match (day(a), day(b)) {
        (Some(x), Some(y)) if a.date_ref.is_some() && b.date_ref.is_some() => x == y,
        (Some(x), Some(y)) => (x - y).abs() <= 1,
        _ => a.date == b.date,
    };
    // A coarser mention of the same incident: a region, governorate or country summarising
    // town-level events of the same type, day and actor. (Two named settlements are two
    // events, even a city and a quarter of it: ACLED codes each named target.)
    let kind = |e: &EventAnn| e.place_ref.map(|p| ctx.doc.places[p].kind.as_str());
    let contains = |big: &EventAnn, small: &EventAnn| -> bool {
        let (Some(bk), Some(sk)) = (kind(big), kind(small)) else {
            // A mention without a place is the summary of any placed one.
            return big.place_ref.is_none() && small.place_ref.is_some() && near(big, small);
        };
        if tier(bk) >= 3 {
            return tier(sk) < 3
                && if bk == "country" {
                    big.country.is_some() && big.country == small.country
                } else {
                    near(big, small)
                };
        }
        false
    };
    let absorbers: Vec<Vec<usize>> = out
        .iter()
        .map(|e| {
            out.iter()
                .enumerate()
                .filter(|(_, o)| {
                    o.event_type == e.event_type
                        && within_day(o, e)
                        && compatible(&o.actor1, &e.actor1)
                        && contains(e, o)
                })
                .map(|(j, _)| j)
                .collect()
        })
        .collect();
    // A mention absorbed by exactly one finer event hands it what it knew (a toll, an actor); a
    // summary of several finer ones is dropped as it is.
    for (i, by) in absorbers.iter().enumerate() {
        if let [j] = by[..] {
            let (e, o) = (out[i].clone(), &mut out[j]);
            let location = e.location.clone();
            take_over(o, e, true);
            o.notes.push(format!(
                "absorbed a coarser mention at {}",
                location.as_deref().unwrap_or("?")
            ));
        }
    }
    let out: Vec<EventAnn> = out
        .into_iter()
        .zip(&absorbers)
        .filter(|(_, by)| by.is_empty())
        .map(|(e, _)| e)
        .collect();
    attribute_unnamed(retellings(ctx, out))
}

/// One bomb is one incident: a later mention of a single-blast sub-event (IED, suicide or car
/// bomb, grenade) on the same day within 15 km whose trigger is a definite noun ("العبوة"،
/// "الانفجار") retells the first one ("… قرب أريحا" then "زرعت قرب بلدة محمبل"), it is not a
/// second bomb.
fn retellings(ctx: &Ctx, events: Vec<EventAnn>) -> Vec<EventAnn> {
    const SINGLE: &[&str] = &["Remote explosive/landmine/IED", "Suicide bomb", "Grenade"];
    // The whole word of the trigger (its span may start after the article).
    let definite = |e: &EventAnn| {
        e.trigger.is_some_and(|t| {
            let text = &ctx.doc.text;
            let start = text
                .get(..t.start as usize)
                .and_then(|b| b.rfind(char::is_whitespace).map(|i| i + 1))
                .unwrap_or(0);
            let w = text.get(start..).unwrap_or("");
            ["ال", "وال", "بال", "فال"].iter().any(|p| w.starts_with(p))
        })
    };
    let mut out: Vec<EventAnn> = Vec::new();
    for e in events {
        let earlier = out.iter_mut().find(|o| {
            SINGLE.contains(&o.sub_event_type.as_str())
                && o.sub_event_type == e.sub_event_type
                && o.date == e.date
                && o.location != e.location
                && matches!((o.lat, o.lon, e.lat, e.lon), (Some(a), Some(b), Some(c), Some(d))
                    if rasd_doc::geo::haversine_km((a, b), (c, d)) <= 15.0)
        });
        match earlier {
            Some(o) if definite(&e) => {
                let location = e.location.clone();
                take_over(o, e, false);
                o.notes.push(format!(
                    "retold later at {}",
                    location.as_deref().unwrap_or("?")
                ));
            }
            _ => out.push(e),
        }
    }
    out
}

/// An air strike or a shelling whose perpetrator the sentence does not name is, in a report
/// that names exactly one perpetrator of the same kind of attack elsewhere, by that one ("the
/// jets" of the next paragraph are the Russian jets of the lead).
fn attribute_unnamed(mut events: Vec<EventAnn>) -> Vec<EventAnn> {
    const REMOTE: &[&str] = &["Air/drone strike", "Shelling/artillery/missile attack"];
    let unnamed = |a: &Option<String>| a.as_deref().is_none_or(|x| x.starts_with("Unidentified"));
    for i in 0..events.len() {
        let e = &events[i];
        if !REMOTE.contains(&e.sub_event_type.as_str()) || !unnamed(&e.actor1) {
            continue;
        }
        let named: Vec<&EventAnn> = events
            .iter()
            .filter(|o| o.sub_event_type == e.sub_event_type && !unnamed(&o.actor1))
            .collect();
        let Some(first) = named.first() else {
            continue;
        };
        if named.iter().all(|o| o.actor1 == first.actor1) {
            let (actor, inter) = (first.actor1.clone(), first.inter1);
            let e = &mut events[i];
            e.actor1 = actor;
            e.inter1 = inter;
            e.notes
                .push("actor1 from the article's other attacks of this kind".into());
        }
    }
    events
}

/// What a folded mention `e` knew passes to the event `o` that absorbs it: the larger toll, an
/// identified actor1 for an unidentified one, a claimant, and (with `actor2`) a missing target.
fn take_over(o: &mut EventAnn, e: EventAnn, actor2: bool) {
    o.fatalities = max_opt(o.fatalities, e.fatalities);
    o.injuries = max_opt(o.injuries, e.injuries);
    if o.actor1
        .as_deref()
        .is_none_or(|a| a.starts_with("Unidentified"))
        && e.actor1.is_some()
    {
        o.actor1 = e.actor1;
        o.inter1 = e.inter1;
    }
    if actor2 && o.actor2.is_none() && e.actor2.is_some() {
        o.actor2 = e.actor2;
        o.inter2 = e.inter2;
    }
    if o.claimed_by.is_none() {
        o.claimed_by = e.claimed_by;
    }
}

fn max_opt(a: Option<u32>, b: Option<u32>) -> Option<u32> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}
