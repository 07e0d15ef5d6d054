//! Actor and person mentions, and the entity layer built from them and from `places`.

use crate::lexicon::{ActorKind, CueClass, Kind, Lexicon, Role};
use crate::text::{Hit, KeyText};
use rasd_doc::{Document, EntityAnn, EntityType, Span};

/// An actor mentioned in the text (dictionary alias or "noun + nationality" construct).
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub ws: u32,
    pub s: u32,
    pub e: u32,
    /// Actor indices (several for "دورية روسية تركية").
    pub actors: Vec<u32>,
    /// Role suggested by the construct ("قصف تركي" → perpetrator, "نقطة تركية" → target).
    pub role: Option<Role>,
    /// From the dictionary rather than a construct.
    pub dict: bool,
    /// Worth an entity (dictionary match of a non-quiet alias).
    pub entity: bool,
}

/// A person found by the known-people list, a title or a given name.
#[derive(Debug, Clone)]
pub(crate) struct PersonMention {
    pub s: u32,
    pub e: u32,
    pub canonical: Option<String>,
    pub role: Option<String>,
}

/// Words that never belong to a name.
const NAME_STOP: &[&str] = &[
    "في",
    "من",
    "علي",
    "الي",
    "عن",
    "مع",
    "ان",
    "انه",
    "انها",
    "الذي",
    "التي",
    "الذين",
    "قال",
    "قالت",
    "اكد",
    "اكدت",
    "ذكر",
    "ذكرت",
    "اضاف",
    "اضافت",
    "اوضح",
    "بعد",
    "قبل",
    "خلال",
    "حيث",
    "كما",
    "وقد",
    "قد",
    "لقد",
    "اليوم",
    "امس",
    "يوم",
    "عبر",
    "او",
    "و",
    "ثم",
    "هو",
    "هي",
    "عند",
    "منذ",
    "حول",
    "بين",
    "ضد",
    "نحو",
    "لدي",
    "بينما",
    "فيما",
    "لا",
    "لم",
    "لن",
    "ما",
    "هذا",
    "هذه",
    "ذلك",
    "تلك",
    "كان",
    "كانت",
    "يكون",
    "تكون",
    "وان",
    "بان",
    "لان",
    "الا",
    "اي",
    "كل",
    "بعض",
    "غير",
    "عبد",
    "ابو",
    "ام",
    "بن",
    "رئيس",
    "وزير",
    "الرئيس",
    "عام",
    "العام",
    "مدينه",
    "قريه",
    "بلده",
    "محافظه",
    "ريف",
    "جنوب",
    "شمال",
    "شرق",
    "غرب",
    "وسط",
    "جراء",
    "بسبب",
    "اثر",
    "عقب",
    "وفق",
    "حسب",
    "بحسب",
    "لـ",
    "ايضا",
    "حتي",
    "الان",
    "اول",
    "الاول",
    "الثاني",
    "السابق",
    "يسمي",
    "تسمي",
    "المتطوع",
    "المتطوعه",
    "عليه",
    "فيه",
    "منه",
    "له",
    "لها",
    "بها",
    "به",
];

fn hit_is_word_kind(h: &Hit) -> bool {
    !matches!(h.kind, Kind::Given)
}

/// Dictionary mentions (actors and known people): longest first, no overlaps.
pub(crate) fn dictionary_mentions(
    kt: &KeyText,
    lex: &Lexicon,
) -> (Vec<Mention>, Vec<PersonMention>) {
    let mut cands: Vec<&Hit> = kt
        .hits
        .iter()
        .filter(|h| {
            matches!(
                h.kind,
                Kind::Actor(_) | Kind::ActorQuiet(_) | Kind::Person(_)
            )
        })
        .collect();
    cands.sort_by_key(|h| (std::cmp::Reverse(h.e - h.s), h.s));
    let mut taken: Vec<(u32, u32)> = Vec::new();
    let mut ms = Vec::new();
    let mut ps = Vec::new();
    for h in cands {
        if taken.iter().any(|&(a, b)| h.ws < b && a < h.e) {
            continue;
        }
        taken.push((h.ws, h.e));
        match h.kind {
            Kind::Actor(a) => ms.push(Mention {
                ws: h.ws,
                s: h.s,
                e: h.e,
                actors: vec![a],
                role: None,
                dict: true,
                entity: true,
            }),
            Kind::ActorQuiet(a) => ms.push(Mention {
                ws: h.ws,
                s: h.s,
                e: h.e,
                actors: vec![a],
                role: None,
                dict: true,
                entity: false,
            }),
            Kind::Person(p) => ps.push(PersonMention {
                s: h.s,
                e: h.e,
                canonical: lex.people.get(p as usize).cloned(),
                role: None,
            }),
            _ => {}
        }
    }
    ms.sort_by_key(|m| m.s);
    ps.sort_by_key(|p| p.s);
    // "طيران نظام الأسد", "قصف مدفعي من قبل النظام", "قذيفة أطلقتها قوات …": an actor right after
    // an agent cue (at most one word between, no punctuation) did the attack.
    for m in &mut ms {
        let i = kt.tok_at(m.ws);
        let from = kt.toks.get(i.saturating_sub(3)).map(|t| t.s).unwrap_or(0);
        let agent = kt.hits_within(from, m.ws).any(|h| {
            matches!(h.kind, Kind::Cue(CueClass::Agent, _))
                && kt.words_between(h.e, m.ws) <= 1
                && !kt.punct_between(h.e, m.ws)
        });
        if agent {
            m.role = Some(Role::Perpetrator);
        }
    }
    (ms, ps)
}

/// Nationality hits following position `from` (skipping up to `gap` other words), joined by spaces, و or "-".
/// Returns (country indices, end of the last adjective).
fn nationalities_after(kt: &KeyText, from: u32, gap: usize) -> (Vec<u32>, u32) {
    let mut out = Vec::new();
    let mut end = from;
    let mut i = kt.tok_at(from);
    let mut skipped = 0;
    while i < kt.toks.len() {
        let t = kt.toks[i];
        if !t.word {
            if kt.word(&t) == "-" {
                i += 1;
                continue;
            }
            break;
        }
        let nat = kt
            .hits_of_word(&t)
            .find(|h| h.e == t.e && matches!(h.kind, Kind::Nationality(_)));
        match nat {
            Some(Hit {
                kind: Kind::Nationality(c),
                ..
            }) => {
                if !out.contains(c) {
                    out.push(*c);
                }
                end = t.e;
            }
            _ => {
                // Another military noun in between takes the adjective ("استهداف الدورية التركية").
                let noun = kt
                    .hits_of_word(&t)
                    .any(|h| matches!(h.kind, Kind::MilNoun(_)));
                if !out.is_empty() || skipped >= gap || noun {
                    break;
                }
                skipped += 1;
            }
        }
        i += 1;
    }
    (out, end)
}

/// "noun + nationality adjective" constructs, and adjectives conjoined to a dictionary mention
/// ("القوات الروسية والتركية").
pub(crate) fn construct_mentions(
    kt: &KeyText,
    lex: &Lexicon,
    dict: &mut [Mention],
) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    for h in &kt.hits {
        let Kind::MilNoun(role) = h.kind else {
            continue;
        };
        if dict.iter().any(|m| m.ws <= h.s && h.s < m.e) {
            continue;
        }
        let (cs, end) = nationalities_after(kt, h.e, 2);
        let actors: Vec<u32> = cs
            .iter()
            .filter_map(|&c| lex.countries.get(c as usize).and_then(|c| c.forces))
            .collect();
        if actors.is_empty() || kt.punct_between(h.e, end) {
            continue;
        }
        if out.iter().any(|m| m.s <= h.s && h.s < m.e) {
            continue;
        }
        // "مستودعا لصواريخ إيرانية": a weapon noun owned by the forces, hit by someone else.
        let role = if role == Role::Perpetrator {
            let owned = kt
                .text
                .get(h.ws as usize..h.s as usize)
                .is_some_and(|p| p.ends_with('ل'));
            let i = kt.tok_at(h.ws);
            let prev_target = i > 0
                && kt.hits_of_word(&kt.toks[i - 1]).any(|x| {
                    matches!(
                        x.kind,
                        Kind::Cue(CueClass::Target, _) | Kind::MilNoun(Role::Target)
                    )
                });
            if owned || prev_target {
                Role::Target
            } else {
                role
            }
        } else {
            role
        };
        out.push(Mention {
            ws: h.ws,
            s: h.s,
            e: end,
            actors,
            role: Some(role),
            dict: false,
            entity: false,
        });
    }
    // Conjoined adjectives after a state-forces dictionary mention.
    for m in dict.iter_mut() {
        let Some(&a) = m.actors.first() else { continue };
        if lex.actors[a as usize].kind != ActorKind::State {
            continue;
        }
        let (cs, end) = nationalities_after(kt, m.e, 0);
        for c in cs {
            if let Some(f) = lex.countries.get(c as usize).and_then(|c| c.forces) {
                if !m.actors.contains(&f) {
                    m.actors.push(f);
                }
                let _ = end;
            }
        }
    }
    out.sort_by_key(|m| m.s);
    out
}

fn is_name_word(kt: &KeyText, t: &crate::text::Tok) -> bool {
    if !t.word {
        return false;
    }
    let w = kt.word(t);
    if w.chars().count() < 2 || w.chars().any(|c| c.is_ascii_digit()) || NAME_STOP.contains(&w) {
        return false;
    }
    // A word that is itself a trigger, cue, title, actor or nationality is not a name.
    !kt.hits_of_word(t)
        .any(|h| hit_is_word_kind(h) && !matches!(h.kind, Kind::Person(_)))
}

/// Read a name starting at token `i`: a given name (or عبد/ابو/ام + word) followed by up to two name words.
/// `min_words`: how many words the name must have.
fn read_name(
    kt: &KeyText,
    orig: &str,
    i: usize,
    min_words: usize,
    need_given: bool,
) -> Option<(u32, u32)> {
    let t0 = *kt.toks.get(i)?;
    if !t0.word {
        return None;
    }
    let w0 = kt.word(&t0);
    let compound = matches!(w0, "عبد" | "ابو" | "ام");
    let given = compound
        || kt
            .hits
            .iter()
            .any(|h| h.ws == t0.s && h.e == t0.e && h.kind == Kind::Given);
    if need_given && !given {
        return None;
    }
    if !given && !is_name_word(kt, &t0) {
        return None;
    }
    let mut end = t0.e;
    let mut n = 1;
    let mut j = i + 1;
    let max = if compound { 4 } else { 3 };
    while n < max {
        let Some(t) = kt.toks.get(j) else { break };
        // Quotes are dropped from the key text: look at the original between the two words.
        let (gap_s, _) = kt.orig_span(end, end, orig);
        let gap_e = kt.orig(t.s);
        if orig
            .get(gap_s as usize..gap_e as usize)
            .is_some_and(|g| g.chars().any(|c| !c.is_whitespace() && c != '\u{640}'))
        {
            break;
        }
        let w = kt.word(t);
        let joiner = matches!(w, "ابو" | "بن" | "عبد");
        if !(is_name_word(kt, t) || (joiner && t.word)) {
            break;
        }
        end = t.e;
        n += 1;
        j += 1;
    }
    if compound && n < 2 {
        return None;
    }
    let real = if compound { n - 1 } else { n };
    (real >= min_words).then_some((t0.s, end))
}

/// People introduced by a title or a given name.
pub(crate) fn title_and_name_people(
    kt: &KeyText,
    orig: &str,
    lex: &Lexicon,
    known: &[PersonMention],
    orgs: &[Mention],
) -> Vec<PersonMention> {
    let mut out: Vec<PersonMention> = Vec::new();
    let covered = |s: u32, e: u32, out: &[PersonMention]| {
        known.iter().any(|p| p.s < e && s < p.e)
            || out.iter().any(|p| p.s < e && s < p.e)
            || orgs.iter().any(|m| m.dict && m.ws < e && s < m.e)
    };
    // Titles: take the longest title at each position.
    let mut titles: Vec<&Hit> = kt
        .hits
        .iter()
        .filter(|h| matches!(h.kind, Kind::Title(_)))
        .collect();
    titles.sort_by_key(|h| (h.s, std::cmp::Reverse(h.e)));
    let mut last_end = 0;
    for h in titles {
        let Kind::Title(ti) = h.kind else { continue };
        if h.s < last_end {
            continue;
        }
        last_end = h.e;
        let title = &lex.titles[ti as usize];
        let mut i = kt.tok_at(h.e);
        if title.skip < 0 {
            // Skip an organisation named after the title ("المتحدث باسم الجيش", "مراسل روزنة").
            if let Some(m) = orgs
                .iter()
                .find(|m| m.ws >= h.e && kt.words_between(h.e, m.ws) <= 1)
            {
                i = kt.tok_at(m.e);
            }
        } else {
            i += title.skip as usize;
        }
        // Skip nationality adjectives and qualifiers ("الرئيس الروسي", "المحلل العسكري").
        while let Some(t) = kt.toks.get(i) {
            let w = kt.word(t);
            let adjective = w.starts_with("ال")
                && (w.ends_with('ي') || w.ends_with("يه"))
                && w.chars().count() >= 5;
            let nat = adjective
                || kt
                    .hits_of_word(t)
                    .any(|x| matches!(x.kind, Kind::Nationality(_) | Kind::Title(_)));
            if nat && t.word {
                i += 1;
            } else {
                break;
            }
        }
        if let Some(t) = kt.toks.get(i) {
            if !t.word && kt.word(t) == "," {
                i += 1;
            }
        }
        let quoted = kt.toks.get(i).is_some_and(|t| {
            let a = kt.orig_span(h.e, h.e, orig).0;
            orig.get(a as usize..kt.orig(t.s) as usize)
                .is_some_and(|g| g.contains(['"', '«', '“', ':']))
        });
        if quoted {
            continue;
        }
        if let Some((s, e)) = read_name(kt, orig, i, 1, false) {
            if !covered(s, e, &out) {
                out.push(PersonMention {
                    s,
                    e,
                    canonical: None,
                    role: Some(title.role.clone()),
                });
            }
        }
    }
    // Bare given names: at least two name words.
    for h in kt.hits.iter().filter(|h| h.kind == Kind::Given) {
        if h.ws != h.s {
            continue;
        }
        let i = kt.tok_at(h.s);
        if let Some((s, e)) = read_name(kt, orig, i, 2, true) {
            if !covered(s, e, &out) {
                out.push(PersonMention {
                    s,
                    e,
                    canonical: None,
                    role: None,
                });
            }
        }
    }
    // A surname repeated alone after the full name ("محمد الغرياني" … "الغرياني").
    let mut surnames: Vec<(String, u32)> = Vec::new();
    for p in known.iter().chain(out.iter()) {
        let name = &kt.text[p.s as usize..p.e as usize];
        if let Some(last) = name
            .rsplit(' ')
            .next()
            .filter(|l| name.contains(' ') && l.chars().count() >= 4 && l.starts_with("ال"))
        {
            surnames.push((last.to_string(), p.e));
        }
    }
    for (sn, after) in surnames {
        for t in kt
            .toks
            .iter()
            .filter(|t| t.word && t.s >= after && kt.word(t) == sn)
        {
            if !covered(t.s, t.e, &out) {
                out.push(PersonMention {
                    s: t.s,
                    e: t.e,
                    canonical: None,
                    role: None,
                });
            }
        }
    }
    out.sort_by_key(|p| p.s);
    out
}

/// Entity type of a place by its kind (or the trigger word that introduced it).
fn place_entity_type(kind: &str, trigger: Option<&str>) -> EntityType {
    match kind {
        "road" | "facility" | "base" | "airport" | "crossing" | "observation point" | "bridge"
        | "port" => EntityType::FAC,
        "region" | "water" | "mountain" | "plain" | "river" | "valley" | "desert" | "sea"
        | "lake" => EntityType::LOC,
        "" => match trigger.map(rasd_arabic::normalize_key).as_deref() {
            Some("مطار" | "قاعده" | "طريق" | "معبر" | "نقطه" | "جسر" | "ميناء" | "سجن") => {
                EntityType::FAC
            }
            Some("جبل" | "سهل" | "نهر" | "وادي" | "منطقه") => EntityType::LOC,
            _ => EntityType::GPE,
        },
        _ => EntityType::GPE,
    }
}

/// Adjust an organisation span around quotes, following the gold conventions:
/// "حكومة «الوفاق»" keeps its quotes; `"حزب الله" اللبناني` → `حزب الله`; `قناة "الميادين"` → `الميادين`.
fn quote_span(text: &str, s: u32, e: u32) -> (u32, u32) {
    let Some(seg) = text.get(s as usize..e as usize) else {
        return (s, e);
    };
    // A straight quote opens when a letter follows it and none precedes it.
    let chars: Vec<(usize, char)> = seg.char_indices().collect();
    let open_at = |k: usize| -> bool {
        let c = chars[k].1;
        c == '«'
            || c == '“'
            || (c == '"'
                && (k == 0 || !chars[k - 1].1.is_alphanumeric())
                && chars.get(k + 1).is_some_and(|x| x.1.is_alphanumeric()))
    };
    let is_close = |c: char| matches!(c, '»' | '”' | '"');
    let rest = text.get(e as usize..).unwrap_or("");
    // Opening quote inside the span.
    if let Some((qi, qc)) = (0..chars.len()).find(|&k| open_at(k)).map(|k| chars[k]) {
        let inner_start = qi + qc.len_utf8();
        // (start of the closing quote, end after it)
        let close_in = seg[inner_start..]
            .char_indices()
            .find(|(_, c)| is_close(*c))
            .map(|(i, c)| (inner_start + i, inner_start + i + c.len_utf8()));
        let prefix = seg[..qi].trim();
        let generic_prefix = matches!(
            prefix,
            "قناة"
                | "وكالة"
                | "صحيفة"
                | "موقع"
                | "شبكة"
                | "منصة"
                | "جماعة"
                | "تنظيم"
                | "حركة"
        );
        match close_in {
            Some((cs, _)) if generic_prefix => return (s + inner_start as u32, s + cs as u32),
            Some((_, ce)) => return (s, s + ce as u32),
            None => {
                if generic_prefix {
                    return (s + inner_start as u32, e);
                }
                if let Some(c) = rest.chars().next().filter(|c| is_close(*c)) {
                    return (s, e + c.len_utf8() as u32);
                }
                return (s, e);
            }
        }
    }
    // Closing quote inside the span (the match started inside quotes): cut there.
    if let Some((ci, _)) = seg.char_indices().find(|(_, c)| is_close(*c)) {
        let cut = seg[..ci].trim_end();
        if !cut.is_empty() {
            return (s, s + cut.len() as u32);
        }
    }
    (s, e)
}

const REGION_WORDS: &[&str] = &[
    "ريف",
    "بريف",
    "وريف",
    "لريف",
    "ريفي",
    "بريفي",
    "وريفي",
    "منطقة",
    "بمنطقة",
    "محيط",
    "بمحيط",
    "أطراف",
    "اطراف",
    "الريف",
    "بالريف",
];
const ORDINALS: &[&str] = &[
    "الاولي",
    "الثانيه",
    "الثالثه",
    "الرابعه",
    "الخامسه",
    "السادسه",
    "السابعه",
    "الثامنه",
    "التاسعه",
    "العاشره",
    "الكبري",
    "الجديده",
    "الاخيره",
];

/// "ريف إدلب الجنوبي", "منطقة خفض التصعيد بإدلب": the governorate or city named inside a region (gold marks it GPE).
fn inner_gpe(text: &str, span: Span) -> Option<Span> {
    let seg = text.get(span.range())?;
    let first = seg.split_whitespace().next()?;
    if !REGION_WORDS.contains(&first) {
        return None;
    }
    let mut best: Option<(usize, &str)> = None;
    let mut off = 0usize;
    for w in seg.split(' ') {
        let at = off;
        off += w.len() + 1;
        let wk = rasd_arabic::normalize_key(w);
        if at == 0
            || wk.is_empty()
            || wk.starts_with("ال") && (wk.ends_with('ي') || wk.ends_with("يه"))
            || REGION_WORDS.contains(&w)
            || ORDINALS.contains(&wk.as_str())
        {
            continue;
        }
        if wk == "و" || wk.starts_with("و") && wk.len() <= 2 {
            continue;
        }
        best = Some((at, w));
    }
    let (at, w) = best?;
    let mut start = at;
    let mut word = w;
    for p in ["ب", "ل", "و"] {
        if let Some(r) = word.strip_prefix(p) {
            if r.starts_with(['ا', 'أ', 'إ', 'آ']) || r.chars().count() >= 4 {
                start += p.len();
                word = r;
                break;
            }
        }
    }
    let word = word.trim_end_matches(|c: char| !c.is_alphanumeric());
    if word.chars().count() < 3 {
        return None;
    }
    Some(Span::new(
        span.start as usize + start,
        span.start as usize + start + word.len(),
    ))
}

/// Fill `doc.entities` from dictionary mentions, people and places.
pub(crate) fn build_entities(
    doc: &Document,
    kt: &KeyText,
    lex: &Lexicon,
    dict: &[Mention],
    people: &[PersonMention],
) -> Vec<EntityAnn> {
    let text = doc.text.as_str();
    let mut ents: Vec<EntityAnn> = Vec::new();
    for m in dict.iter().filter(|m| m.dict && m.entity) {
        let Some(&a) = m.actors.first() else { continue };
        let actor = &lex.actors[a as usize];
        if matches!(
            actor.kind,
            ActorKind::Civilians | ActorKind::Protesters | ActorKind::Unknown
        ) {
            continue;
        }
        let (s, e) = kt.orig_span(m.s, m.e, text);
        let (s, e) = quote_span(text, s, e);
        if e <= s || !text.is_char_boundary(s as usize) || !text.is_char_boundary(e as usize) {
            continue;
        }
        ents.push(EntityAnn {
            span: Span::new(s as usize, e as usize),
            etype: EntityType::ORG,
            canonical: Some(actor.canonical.replace(" ({country})", "")),
            actor_id: Some(actor.id.clone()),
            role: None,
        });
    }
    for p in people {
        let (s, e) = kt.orig_span(p.s, p.e, text);
        if e <= s
            || doc
                .places
                .iter()
                .any(|pl| pl.span.overlaps(&Span::new(s as usize, e as usize)))
        {
            continue;
        }
        ents.push(EntityAnn {
            span: Span::new(s as usize, e as usize),
            etype: EntityType::PER,
            canonical: p.canonical.clone(),
            actor_id: None,
            role: p.role.clone(),
        });
    }
    for pl in &doc.places {
        if pl.span.is_empty() || ents.iter().any(|x| x.span.overlaps(&pl.span)) {
            continue;
        }
        let etype = place_entity_type(&pl.kind, pl.trigger.as_deref());
        if etype == EntityType::LOC || pl.kind == "region" {
            if let Some(inner) = inner_gpe(text, pl.span) {
                if !doc
                    .places
                    .iter()
                    .any(|q| q.span != pl.span && pl.span.contains(&q.span))
                {
                    ents.push(EntityAnn {
                        span: inner,
                        etype: EntityType::GPE,
                        canonical: pl.admin1.clone(),
                        actor_id: None,
                        role: None,
                    });
                }
                continue;
            }
        }
        ents.push(EntityAnn {
            span: pl.span,
            etype,
            canonical: Some(pl.name.clone()).filter(|n| !n.is_empty()),
            actor_id: None,
            role: None,
        });
    }
    ents.retain(|e| {
        text.is_char_boundary(e.span.start as usize)
            && text.is_char_boundary(e.span.end as usize)
            && e.span.start < e.span.end
            && (e.span.end as usize) <= text.len()
    });
    ents.sort_by_key(|e| (e.span.start, e.span.end));
    ents.dedup_by(|a, b| a.span.overlaps(&b.span));
    ents
}

/// Is there a cue of `class` in key range [a, b)?
pub(crate) fn cue_in(kt: &KeyText, class: CueClass, a: u32, b: u32) -> bool {
    kt.hits_within(a, b)
        .any(|h| matches!(h.kind, Kind::Cue(c, _) if c == class))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span_of(text: &str, sub: &str) -> (u32, u32) {
        let s = text.find(sub).unwrap_or(0);
        (s as u32, (s + sub.len()) as u32)
    }

    #[test]
    fn quotes_follow_gold_conventions() {
        let t = "قالت حكومة «الوفاق» إن";
        let (s, e) = span_of(t, "حكومة «الوفاق");
        let (a, b) = quote_span(t, s, e);
        assert_eq!(&t[a as usize..b as usize], "حكومة «الوفاق»");
        let t = "معقل \"حزب الله\" اللبناني";
        let (s, e) = span_of(t, "حزب الله\" اللبناني");
        let (a, b) = quote_span(t, s, e);
        assert_eq!(&t[a as usize..b as usize], "حزب الله");
        let t = "أعلنت قناة ”الميادين“ أن";
        let (s, e) = span_of(t, "قناة ”الميادين“");
        let (a, b) = quote_span(t, s, e);
        assert!(t.is_char_boundary(a as usize) && t.is_char_boundary(b as usize));
    }

    #[test]
    fn governorate_inside_countryside() {
        let t = "في ريف إدلب الجنوبي";
        let s = t.find("ريف").unwrap_or(0);
        let sp = inner_gpe(t, Span::new(s, t.len())).map(|x| &t[x.range()]);
        assert_eq!(sp, Some("إدلب"));
        let t = "منطقة خفض التصعيد بإدلب";
        assert_eq!(
            inner_gpe(t, Span::new(0, t.len())).map(|x| &t[x.range()]),
            Some("إدلب")
        );
    }
}
