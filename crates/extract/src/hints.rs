//! Class/id/role hints: names that mark boilerplate (navigation, comments, share
//! bars, related links, cookie banners…) or content containers.

use crate::dom::{AttrName, Dom, Tag};
use std::sync::OnceLock;

/// Substrings of a class/id word that mark boilerplate.
const NEG_SUB: &[&str] = &[
    "comment",
    "share",
    "sharing",
    "social",
    "related",
    "cookie",
    "consent",
    "gdpr",
    "newsletter",
    "subscri",
    "sidebar",
    "widget",
    "navbar",
    "navigation",
    "breadcrumb",
    "footer",
    "banner",
    "advert",
    "sponsor",
    "promo",
    "popup",
    "modal",
    "readalso",
    "read-also",
    "read_also",
    "readmore",
    "read-more",
    "more-news",
    "morenews",
    "yarpp",
    "disqus",
    "outbrain",
    "taboola",
    "byline",
    "author",
    "signature",
    "topbar",
    "ticker",
    "masthead",
    "pagination",
    "pager",
    "rating",
    "recommend",
    "mostread",
    "most-read",
    "popular",
    "trending",
    "partage",
    "rubrique",
    "copyright",
    "toolbar",
    "caption",
    "credit",
    "paywall",
    "login",
    "signup",
    "follow",
    "dateline",
    "timestamp",
    "post-date",
    "entry-date",
    "published",
    "newsticker",
    "jump",
    "skip-link",
    "skiplink",
    "tooltip",
    "overlay",
    "dialog",
    "carousel",
    "slider",
    "gallery",
    "video-player",
    "ad-slot",
    "adslot",
    "ad-container",
    "adsense",
    "dfp",
    "gpt-ad",
    "google-ad",
    "also-read",
    "alsoread",
];
/// Whole components (split on `-`/`_`) that mark boilerplate.
const NEG_WORD: &[&str] = &[
    "nav",
    "menu",
    "ad",
    "ads",
    "tags",
    "tag",
    "meta",
    "more",
    "date",
    "time",
    "info",
    "share",
    "header",
    "foot",
    "aside",
    "links",
    "cat",
    "category",
    "categories",
    "section-name",
    "kicker",
    "label",
    "hidden",
    "hide",
    "sr-only",
    "visually-hidden",
    "screen-reader-text",
    "subtitle-links",
    "extra",
    "rss",
    "related",
    "tools",
    "utility",
    "counter",
    "views",
];
/// Whole class words of hidden elements and of print furniture ("print" only as a whole
/// word: "printable-…" and "tip-print-step" hold content).
const HIDDEN_WORD: &[&str] = &[
    "is-hidden",
    "d-none",
    "invisible",
    "print",
    "print-button",
    "print-link",
    "btn-print",
    "printfriendly",
    "print-only",
    "noprint",
    "no-print",
];
/// Substrings that mark content.
const POS_SUB: &[&str] = &[
    "article",
    "content",
    "entry",
    "post-body",
    "postbody",
    "post-text",
    "story",
    "main",
    "text",
    "body",
    "blog",
    "news-text",
    "detail",
    "prose",
    "rich-text",
    "richtext",
    "td-post",
    "single",
    "paragraph",
];
/// Strong negatives win over positives ("comment-content" is a comment).
const STRONG_NEG: &[&str] = &[
    "comment",
    "cookie",
    "consent",
    "related",
    "share",
    "sharing",
    "social",
    "newsletter",
    "disqus",
    "outbrain",
    "taboola",
    "read-also",
    "readalso",
    "also-read",
    "yarpp",
    "breadcrumb",
    "subscri",
    "promo",
    "advert",
    "popup",
    "byline",
    "author",
    "signature",
    "caption",
    "credit",
    "tags",
    "more-news",
    "mostread",
    "most-read",
    "paywall",
];

/// Weight of an element from its class/id words: negative for boilerplate, positive for content.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ClassHint {
    pub neg: bool,
    pub strong_neg: bool,
    pub pos: bool,
}

fn automaton() -> &'static (aho_corasick::AhoCorasick, Vec<u8>) {
    static A: OnceLock<(aho_corasick::AhoCorasick, Vec<u8>)> = OnceLock::new();
    A.get_or_init(|| {
        let mut pats: Vec<&str> = Vec::new();
        let mut kind: Vec<u8> = Vec::new();
        for (list, k) in [(NEG_SUB, 1u8), (STRONG_NEG, 2), (POS_SUB, 4)] {
            for p in list {
                pats.push(p);
                kind.push(k);
            }
        }
        let ac = aho_corasick::AhoCorasick::builder()
            .ascii_case_insensitive(true)
            .build(&pats)
            .expect("class-hint patterns are valid");
        (ac, kind)
    })
}

fn starts_with_ci(w: &str, p: &str) -> bool {
    w.len() >= p.len() && w.as_bytes()[..p.len()].eq_ignore_ascii_case(p.as_bytes())
}

pub fn class_hint(dom: &Dom, i: usize) -> ClassHint {
    let mut h = ClassHint::default();
    let (ac, kind) = automaton();
    for name in [AttrName::Class, AttrName::Id] {
        let Some(v) = dom.attr(i, name) else { continue };
        let v = &v[..v.len().min(512)];
        for m in ac.find_overlapping_iter(v) {
            match kind[m.pattern().as_usize()] {
                1 => h.neg = true,
                2 => {
                    h.neg = true;
                    h.strong_neg = true;
                }
                _ => h.pos = true,
            }
        }
        if !h.neg {
            for w in v.split_ascii_whitespace().take(16) {
                // "overflow-hidden" clips, it does not hide
                let hit = (!starts_with_ci(w, "overflow")
                    && w.split(['-', '_'])
                        .any(|c| NEG_WORD.iter().any(|n| n.eq_ignore_ascii_case(c))))
                    || NEG_WORD.iter().any(|n| n.eq_ignore_ascii_case(w))
                    || HIDDEN_WORD.iter().any(|n| n.eq_ignore_ascii_case(w));
                if hit {
                    h.neg = true;
                    break;
                }
            }
        }
    }
    h
}

/// Whether an element is hidden (attribute `hidden`, `aria-hidden=true`, inline `display:none`).
pub fn is_hidden(dom: &Dom, i: usize) -> bool {
    if dom.attr(i, AttrName::Hidden).is_some() {
        return true;
    }
    if dom
        .attr(i, AttrName::AriaHidden)
        .is_some_and(|v| v.eq_ignore_ascii_case("true"))
        && dom.nodes[i].tag != Tag::Span
    {
        return true;
    }
    if let Some(st) = dom.attr(i, AttrName::Style) {
        let compact: String = st
            .chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(|c| c.to_lowercase())
            .collect();
        if compact.contains("display:none") || compact.contains("visibility:hidden") {
            return true;
        }
    }
    false
}

/// ARIA roles of page furniture.
pub fn is_furniture_role(dom: &Dom, i: usize) -> bool {
    dom.attr(i, AttrName::Role).is_some_and(|r| {
        let r = r.trim().to_ascii_lowercase();
        matches!(
            r.as_str(),
            "navigation"
                | "complementary"
                | "banner"
                | "contentinfo"
                | "dialog"
                | "menu"
                | "menubar"
                | "alert"
                | "search"
        )
    })
}

/// Does the class/id mention one of `pats` (lower-case substrings)?
pub fn class_has(dom: &Dom, i: usize, pats: &[&str]) -> bool {
    [AttrName::Class, AttrName::Id, AttrName::Itemprop]
        .iter()
        .any(|&a| {
            dom.attr(i, a).is_some_and(|v| {
                let v = v.to_ascii_lowercase();
                pats.iter().any(|p| v.contains(p))
            })
        })
}
