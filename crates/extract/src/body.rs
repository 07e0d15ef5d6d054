//! Main-content detection: drop page furniture, score paragraph-like blocks
//! (text length, commas, link density, class/id hints), pick the best container
//! and its related siblings, then emit clean paragraphs.

use crate::dom::{push_collapsed, AttrName, Dom, Tag, NONE};
use crate::hints::{class_hint, is_furniture_role, is_hidden};

/// One output paragraph.
#[derive(Debug, Clone, Default)]
pub struct Block {
    pub text: String,
    /// `href`s of links inside the paragraph (unresolved).
    pub links: Vec<String>,
    pub heading: bool,
    chars: usize,
    link_chars: usize,
    /// Text that was not inside a paragraph element (p, li, h*, td…).
    loose: bool,
}

/// Per-node statistics used by the scorer (all flat vectors indexed by node id).
pub struct Analysis {
    /// Removed by itself or through an ancestor.
    pub removed: Vec<bool>,
    /// Visible characters (no whitespace) in the subtree, excluding removed parts.
    pub len: Vec<u32>,
    /// Of which inside links.
    pub link_len: Vec<u32>,
    pub total: u32,
    /// Visible characters of the whole page before any removal.
    pub raw_total: u32,
}

fn is_furniture_tag(t: Tag) -> bool {
    use Tag::*;
    matches!(
        t,
        Script
            | Style
            | Noscript
            | Template
            | Svg
            | Math
            | Iframe
            | Button
            | Select
            | Input
            | Textarea
            | Nav
            | Aside
            | Footer
            | Dialog
            | Object
            | Embed
            | Canvas
            | Video
            | Audio
            | Figcaption
            | Menu
            | Title
            | Option
            | Label
            | Frameset
            | Frame
            | Noframes
            | Noembed
            | Picture
            | Map
    )
}

/// (visible characters, commas) of a text: chars that are not ASCII whitespace
/// (counted on bytes: no UTF-8 decoding), and `,` / Arabic `،`.
fn visible_chars(s: &str) -> (u32, u32) {
    let mut n = 0u32;
    let mut commas = 0u32;
    let mut prev = 0u8;
    for &b in s.as_bytes() {
        // a char starts at every byte that is not a continuation byte
        n += ((b & 0xC0) != 0x80 && !b.is_ascii_whitespace()) as u32;
        commas += (b == b',' || (prev == 0xD8 && b == 0x8C)) as u32;
        prev = b;
    }
    (n, commas)
}

/// Compute removal flags and text statistics. With `class_drops` false only tags,
/// roles and hidden elements are removed (the fallback when class hints ate the page).
pub fn analyse(dom: &Dom, class_drops: bool) -> Analysis {
    let n = dom.nodes.len();
    // raw lengths first (for the "don't drop the page wrapper" safety)
    let mut in_link = vec![false; n];
    for i in 1..n {
        let nd = &dom.nodes[i];
        in_link[i] = nd.tag == Tag::A || in_link.get(nd.parent as usize).copied().unwrap_or(false);
    }
    let mut raw = vec![0u32; n];
    let mut raw_link = vec![0u32; n];
    for i in (1..n).rev() {
        let nd = &dom.nodes[i];
        if nd.tag == Tag::Text {
            raw[i] = visible_chars(dom.text(i)).0;
            if in_link[i] {
                raw_link[i] = raw[i];
            }
        }
        if nd.parent != NONE {
            let p = nd.parent as usize;
            raw[p] = raw[p].saturating_add(raw[i]);
            raw_link[p] = raw_link[p].saturating_add(raw_link[i]);
        }
    }
    let total_raw = raw[0].max(1);
    // text of substantial paragraphs, per subtree: what an article container holds
    let mut ptext = vec![0u32; n];
    for i in (1..n).rev() {
        let nd = &dom.nodes[i];
        if matches!(nd.tag, Tag::P | Tag::Pre | Tag::Blockquote) && raw[i] >= 80 && ptext[i] == 0 {
            ptext[i] = raw[i];
        }
        if nd.parent != NONE {
            ptext[nd.parent as usize] = ptext[nd.parent as usize].saturating_add(ptext[i]);
        }
    }
    let total_p = ptext[0];
    let mut in_article = vec![false; n];
    let mut removed = vec![false; n];
    for i in 1..n {
        let pa = dom.nodes[i].parent as usize;
        in_article[i] =
            pa < n && (in_article[pa] || matches!(dom.nodes[pa].tag, Tag::Article | Tag::Main));
        let nd = &dom.nodes[i];
        let p = nd.parent as usize;
        if p < n && removed[p] {
            removed[i] = true;
            continue;
        }
        let t = nd.tag;
        if t == Tag::Text || t == Tag::Br || t.is_void() {
            continue;
        }
        let big = raw[i] as f32 > 0.5 * total_raw as f32
            || (total_p > 0 && ptext[i] as f32 >= 0.5 * total_p as f32);
        let mut drop =
            is_furniture_tag(t) || is_hidden(dom, i) || (!big && is_furniture_role(dom, i));
        // a page header is furniture; the header of an article (inside <article>/<main>)
        // that holds more than a headline and a byline holds its lead
        let article_lead = in_article[i] && raw[i] >= 200;
        if !drop && t == Tag::Header && !big && !article_lead {
            drop = true;
        }
        if class_drops
            && !drop
            && !matches!(t, Tag::Body | Tag::Html | Tag::Article | Tag::Main | Tag::A)
            && !big
        {
            let h = class_hint(dom, i);
            // a weak name ("date-outer", "post-meta-wrap") on a container holding a good
            // part of the page's running text (few links) does not drop it
            let prose = raw[i] >= 500
                && raw[i] as f32 >= 0.25 * total_raw as f32
                && (raw_link[i] as f32) < 0.25 * raw[i] as f32;
            if h.neg && (h.strong_neg || (!h.pos && !prose)) {
                drop = true;
            }
        }
        if drop
            && big
            && matches!(
                t,
                Tag::Nav | Tag::Aside | Tag::Footer | Tag::Form | Tag::Label | Tag::Noscript
            )
        {
            drop = false;
        }
        removed[i] = drop;
    }
    let mut len = vec![0u32; n];
    let mut link_len = vec![0u32; n];
    for i in (1..n).rev() {
        if removed[i] {
            continue;
        }
        let nd = &dom.nodes[i];
        if nd.tag == Tag::Text {
            len[i] = visible_chars(dom.text(i)).0;
            if in_link[i] {
                link_len[i] = len[i];
            }
        }
        if nd.parent != NONE {
            let p = nd.parent as usize;
            len[p] = len[p].saturating_add(len[i]);
            link_len[p] = link_len[p].saturating_add(link_len[i]);
        }
    }
    Analysis {
        total: len[0],
        raw_total: raw[0],
        removed,
        len,
        link_len,
    }
}

fn class_weight(dom: &Dom, i: usize) -> f32 {
    let h = class_hint(dom, i);
    let mut w = 0.0;
    if h.neg {
        w -= 25.0;
    }
    if h.pos {
        w += 25.0;
    }
    w
}

fn tag_weight(t: Tag) -> f32 {
    use Tag::*;
    match t {
        Div | Article | Main | Section => 5.0,
        Pre | Td | Blockquote => 3.0,
        Address | Ol | Ul | Dl | Dd | Dt | Li | Form => -3.0,
        H1 | H2 | H3 | H4 | H5 | H6 | Th => -5.0,
        _ => 0.0,
    }
}

/// Find the main content and return its paragraphs. `title` removes a repeated headline.
pub fn extract_blocks(dom: &Dom, a: &Analysis) -> (Vec<Block>, usize) {
    let n = dom.nodes.len();
    // nearest block ancestor of each node (itself if a block)
    let mut block_of = vec![0u32; n];
    for i in 1..n {
        let t = dom.nodes[i].tag;
        block_of[i] = if t.is_block() && t != Tag::Br && t != Tag::Hr {
            i as u32
        } else {
            block_of[dom.nodes[i].parent as usize]
        };
    }
    // inline text per block
    let mut inline_len = vec![0u32; n];
    let mut commas = vec![0u32; n];
    for (i, &blk) in block_of.iter().enumerate().skip(1) {
        if dom.nodes[i].tag == Tag::Text && !a.removed[i] {
            let (l, c) = visible_chars(dom.text(i));
            let b = blk as usize;
            inline_len[b] += l;
            commas[b] += c;
        }
    }
    // score paragraphs into ancestors
    let mut score = vec![0f32; n];
    let mut scored = vec![false; n];
    let mut cands: Vec<usize> = Vec::new();
    for i in 1..n {
        if a.removed[i] || inline_len[i] < 25 {
            continue;
        }
        let t = dom.nodes[i].tag;
        if t.is_heading() || matches!(t, Tag::Body | Tag::Html | Tag::Root) {
            continue;
        }
        let l = inline_len[i] as f32;
        let ld = if a.len[i] > 0 {
            a.link_len[i] as f32 / a.len[i] as f32
        } else {
            0.0
        };
        if ld > 0.5 {
            continue;
        }
        let s = 1.0 + commas[i] as f32 + (l / 100.0).min(3.0);
        // a div/td holding text directly is itself a paragraph: score starts at its parent
        let mut anc = dom.nodes[i].parent;
        let mut level = 0;
        while anc != NONE && level < 5 {
            let ai = anc as usize;
            if ai == 0 {
                break;
            }
            if !scored[ai] {
                scored[ai] = true;
                score[ai] = tag_weight(dom.nodes[ai].tag) + class_weight(dom, ai);
                cands.push(ai);
            }
            let div = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            score[ai] += s / div;
            anc = dom.nodes[ai].parent;
            level += 1;
        }
    }
    let final_score = |i: usize| -> f32 {
        let ld = if a.len[i] > 0 {
            a.link_len[i] as f32 / a.len[i] as f32
        } else {
            0.0
        };
        score[i] * (1.0 - ld)
    };
    let mut top = NONE as usize;
    let mut best = f32::MIN;
    for &c in &cands {
        let s = final_score(c);
        if s > best {
            best = s;
            top = c;
        }
    }
    if top == NONE as usize {
        // no paragraph-like text: take the body (or everything)
        top = (1..n).find(|&i| dom.nodes[i].tag == Tag::Body).unwrap_or(0);
        let blocks = emit(dom, a, &[top]);
        return (blocks, top);
    }
    // Promote to a parent that gathers several top candidates (text split across containers).
    let mut sorted: Vec<(f32, usize)> = cands.iter().map(|&c| (final_score(c), c)).collect();
    sorted.sort_by(|x, y| y.0.total_cmp(&x.0));
    let alts: Vec<usize> = sorted
        .iter()
        .skip(1)
        .take(4)
        .filter(|(s, _)| *s >= best * 0.75)
        .map(|x| x.1)
        .collect();
    if alts.len() >= 2 {
        let mut p = dom.nodes[top].parent;
        while p != NONE && p != 0 && dom.nodes[p as usize].tag != Tag::Body {
            let contained = alts
                .iter()
                .filter(|&&c| c > p as usize && c < dom.nodes[p as usize].end as usize)
                .count();
            if contained >= 2 {
                top = p as usize;
                break;
            }
            p = dom.nodes[p as usize].parent;
        }
    }
    // Climb while the parent holds much the same text (a wrapper around the candidate).
    loop {
        let p = dom.nodes[top].parent;
        if p == NONE
            || p == 0
            || matches!(
                dom.nodes[p as usize].tag,
                Tag::Body | Tag::Html | Tag::Tr | Tag::Tbody | Tag::Thead | Tag::Table
            )
        {
            break;
        }
        let pi = p as usize;
        if a.len[top] as f32 >= 0.9 * a.len[pi] as f32 {
            top = pi;
        } else {
            break;
        }
    }
    // Siblings worth including.
    let top_score = final_score(top).max(best);
    let threshold = (top_score * 0.2).max(10.0);
    let parent = dom.nodes[top].parent;
    let mut selected: Vec<usize> = Vec::new();
    if parent != NONE && parent != 0 {
        let pi = parent as usize;
        let top_class = dom.attr(top, AttrName::Class).unwrap_or("");
        let mut j = pi + 1;
        let pend = dom.nodes[pi].end as usize;
        while j < pend {
            let next = dom.nodes[j].end as usize;
            let t = dom.nodes[j].tag;
            if j == top {
                selected.push(j);
            } else if !a.removed[j] && t != Tag::Text && a.len[j] > 0 {
                let ld = a.link_len[j] as f32 / a.len[j] as f32;
                let mut s = if scored[j] { final_score(j) } else { 0.0 };
                if !top_class.is_empty() && dom.attr(j, AttrName::Class) == Some(top_class) {
                    s += top_score * 0.2;
                }
                let para_like = t == Tag::P
                    || (inline_len[j] >= a.len[j].saturating_sub(a.link_len[j]) && t != Tag::Li);
                let text_ok = para_like && {
                    let l = a.len[j];
                    (l > 80 && ld < 0.25)
                        || (l > 0 && l <= 80 && ld == 0.0 && ends_sentence(&dom.inner_text(j)))
                };
                if s >= threshold || text_ok {
                    selected.push(j);
                }
            }
            j = next.max(j + 1);
        }
    }
    if selected.is_empty() {
        selected.push(top);
    }
    (emit(dom, a, &selected), top)
}

fn ends_sentence(s: &str) -> bool {
    let s = s.trim_end();
    s.ends_with('.') || s.ends_with('؟') || s.ends_with('!') || s.ends_with('?') || s.contains(". ")
}

/// Walk the selected subtrees in order and cut paragraphs at block boundaries.
fn emit(dom: &Dom, a: &Analysis, roots: &[usize]) -> Vec<Block> {
    let mut out: Vec<Block> = Vec::new();
    let mut cur = Block::default();
    let mut cur_block_tag = Tag::Root;
    for &r in roots {
        let end = dom.nodes[r].end as usize;
        let mut open: Vec<(usize, Tag)> = Vec::new(); // (end, tag) of open blocks
        let mut a_end = 0usize;
        let mut j = r;
        while j < end {
            while let Some(&(e, _)) = open.last() {
                if j >= e {
                    open.pop();
                    flush(&mut cur, &mut out, cur_block_tag);
                    cur_block_tag = open.last().map(|x| x.1).unwrap_or(Tag::Root);
                } else {
                    break;
                }
            }
            if a.removed[j] {
                j = (dom.nodes[j].end as usize).max(j + 1);
                continue;
            }
            let nd = &dom.nodes[j];
            match nd.tag {
                Tag::Text => {
                    let t = dom.text(j);
                    let (l, _) = visible_chars(t);
                    cur.chars += l as usize;
                    if j < a_end {
                        cur.link_chars += l as usize;
                    }
                    push_collapsed(&mut cur.text, t);
                }
                Tag::Br | Tag::Hr => {
                    flush(&mut cur, &mut out, cur_block_tag);
                }
                Tag::A => {
                    if let Some(h) = dom.attr(j, AttrName::Href) {
                        if cur.links.len() < 64 {
                            cur.links.push(h.trim().to_string());
                        }
                    }
                    a_end = a_end.max(nd.end as usize);
                }
                Tag::Img => {}
                t if t.is_block() => {
                    flush(&mut cur, &mut out, cur_block_tag);
                    open.push((nd.end as usize, t));
                    cur_block_tag = t;
                }
                _ => {}
            }
            j += 1;
        }
        flush(&mut cur, &mut out, cur_block_tag);
    }
    out
}

fn flush(cur: &mut Block, out: &mut Vec<Block>, tag: Tag) {
    let t = cur.text.trim();
    if t.is_empty() {
        cur.text.clear();
        cur.links.clear();
        cur.chars = 0;
        cur.link_chars = 0;
        return;
    }
    let mut b = std::mem::take(cur);
    let tl = b.text.trim().len();
    let lead = b.text.len() - b.text.trim_start().len();
    b.text = b.text[lead..lead + tl].to_string();
    b.heading = tag.is_heading();
    b.loose = !matches!(
        tag,
        Tag::P
            | Tag::Li
            | Tag::Dd
            | Tag::Dt
            | Tag::Blockquote
            | Tag::Pre
            | Tag::Td
            | Tag::Th
            | Tag::Caption
    ) && !tag.is_heading();
    out.push(b);
}

/// Short lines that are page furniture whatever their markup.
const BOILER_PREFIX: &[&str] = &[
    "اقرأ أيضا",
    "اقرأ أيضاً",
    "اقرأ ايضا",
    "اقرأ ايضاً",
    "إقرأ أيضا",
    "إقرأ أيضاً",
    "اقرأ المزيد",
    "قد يهمك",
    "شارك",
    "تابعونا",
    "تابعنا",
    "جميع الحقوق محفوظة",
    "كل الحقوق محفوظة",
    "حقوق النشر",
    "تاريخ النشر",
    "آخر تحديث",
    "نشر في",
    "بقلم",
    "القسم:",
    "المصدر:",
    "الوسوم",
    "كلمات مفتاحية",
    "مواضيع ذات صلة",
    "أخبار ذات صلة",
    "Read more",
    "Read More",
    "READ MORE",
    "Read also",
    "Related:",
    "RELATED:",
    "Advertisement",
    "ADVERTISEMENT",
    "Sponsored",
    "Share this",
    "Share on",
    "Sign up",
    "Subscribe",
    "Click here",
    "All rights reserved",
    "Copyright",
    "©",
    "Follow us",
    "Follow @",
    "Posted in",
    "Filed under",
    "Tags:",
    "Image:",
    "Photo:",
    "Image source",
    "Getty Images",
    "Explore further",
    "If you enjoyed",
    "For the latest",
    "Download our app",
    "Related Articles",
    "Related articles",
    "See also",
    "Also read",
    "Auch interessant",
    "Das könnte Sie auch interessieren",
    "Lesen Sie auch",
    "Mehr zum Thema",
    "Zum Weiterlesen",
    "Weiterlesen",
    "Weitere Informationen:",
    "Kontakt:",
    "Ist dieser Beitrag hilfreich",
    "Lire aussi",
    "À lire aussi",
    "A lire aussi",
    "Voir aussi",
    "Lee también",
    "Leer más",
    "Leia também",
    "Leggi anche",
    "Czytaj także",
    "Czytaj też",
    "Zobacz też",
    "Читайте также",
    "Ayrıca okuyun",
    // captions and credits
    "Foto:",
    "Fotos:",
    "Bild:",
    "Titelbild:",
    "Abbildung:",
    "Quelle:",
    "Crédits photo",
    "Crédit photo",
    "Photo :",
    "Credit:",
    "Credits:",
    "Fuente:",
    "صورة:",
    "الصورة:",
    // most-read lists and post footers
    "Meistgelesen",
    "Articles les plus lus",
    "Les plus lus",
    "Most read",
    "Most Read",
    "Lo más leído",
    "Más leídas",
    "الأكثر قراءة",
    "Der Beitrag wurde am",
    "Dieser Beitrag wurde",
    "Dieser Text wurde veröffentlicht",
    "This entry was posted",
];

/// Drop furniture lines and link lists from the emitted paragraphs.
pub fn filter_blocks(blocks: Vec<Block>, title: Option<&str>) -> Vec<Block> {
    let norm_title = title.map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "));
    let mut kept: Vec<Block> = blocks
        .into_iter()
        .filter(|b| {
            if b.chars == 0 {
                return false;
            }
            if let Some(t) = &norm_title {
                if b.text == *t {
                    return false;
                }
            }
            let ld = b.link_chars as f32 / b.chars as f32;
            if ld > 0.6 && b.chars < 400 {
                return false;
            }
            if b.chars < 100 && BOILER_PREFIX.iter().any(|p| b.text.starts_with(p)) {
                return false;
            }
            // newsletter / app / subscription calls
            if b.chars < 200 && {
                let l = b.text.to_lowercase();
                ["newsletter", "nieuwsbrief", "النشرة البريدية", "اشترك في"]
                    .iter()
                    .any(|w| l.contains(w))
            } {
                return false;
            }
            if b.loose && b.chars < 30 && !ends_sentence(&b.text) {
                return false;
            }
            true
        })
        .collect();
    // Trailing headings and short label lines ("Comments", "Related") close no article.
    while kept
        .last()
        .is_some_and(|b| (b.heading && b.chars < 60) || (b.chars < 25 && !ends_sentence(&b.text)))
    {
        kept.pop();
    }
    kept
}
