//! Page metadata: title, publication date (with the evidence used), author,
//! section, site name, language, canonical URL.

use crate::date::{find_date, parse_iso, parse_value, url_date};
use crate::dom::{AttrName, Dom, Tag, NONE};
use crate::hints::class_has;
use serde_json::Value;

#[derive(Debug, Default, Clone)]
pub struct PageMeta {
    pub title: Option<String>,
    pub published: Option<String>,
    pub evidence: Option<String>,
    pub author: Option<String>,
    pub section: Option<String>,
    pub site_name: Option<String>,
    pub lang: Option<String>,
    pub canonical: Option<String>,
}

#[derive(Default)]
struct Ld {
    headline: Option<String>,
    published: Option<String>,
    author: Option<String>,
    section: Option<String>,
    publisher: Option<String>,
    is_article: bool,
}

fn ld_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(clean(s)).filter(|s| !s.is_empty()),
        Value::Array(a) => {
            let parts: Vec<String> = a.iter().filter_map(ld_text).collect();
            (!parts.is_empty()).then(|| parts.join(", "))
        }
        Value::Object(o) => o.get("name").and_then(ld_text),
        _ => None,
    }
}

fn is_article_type(t: &str) -> bool {
    matches!(
        t,
        "NewsArticle"
            | "Article"
            | "BlogPosting"
            | "ReportageNews"
            | "AnalysisNewsArticle"
            | "OpinionNewsArticle"
            | "BackgroundNewsArticle"
            | "LiveBlogPosting"
            | "Report"
            | "ScholarlyArticle"
            | "TechArticle"
            | "SocialMediaPosting"
            | "Blog"
            | "WebPage"
            | "ItemPage"
    )
}

fn parse_ld(blocks: &[String]) -> Ld {
    let mut best = Ld::default();
    for raw in blocks {
        let raw = raw
            .trim()
            .trim_start_matches("<!--")
            .trim_end_matches("-->")
            .trim();
        let Ok(v) = serde_json::from_str::<Value>(raw) else {
            continue;
        };
        // iterative walk over objects
        let mut stack = vec![&v];
        let mut seen = 0;
        while let Some(x) = stack.pop() {
            seen += 1;
            if seen > 2000 {
                break;
            }
            match x {
                Value::Array(a) => stack.extend(a.iter().rev()),
                Value::Object(o) => {
                    let types: Vec<&str> = match o.get("@type") {
                        Some(Value::String(s)) => vec![s.as_str()],
                        Some(Value::Array(a)) => a.iter().filter_map(|t| t.as_str()).collect(),
                        _ => vec![],
                    };
                    let article = types.iter().any(|t| is_article_type(t));
                    let strong = types
                        .iter()
                        .any(|t| *t != "WebPage" && *t != "ItemPage" && is_article_type(t));
                    if (article || o.contains_key("datePublished")) && (!best.is_article || strong)
                    {
                        let cand = Ld {
                            headline: o
                                .get("headline")
                                .or_else(|| o.get("name"))
                                .and_then(ld_text),
                            published: o
                                .get("datePublished")
                                .or_else(|| o.get("dateCreated"))
                                .and_then(ld_text),
                            author: o
                                .get("author")
                                .or_else(|| o.get("creator"))
                                .and_then(ld_text),
                            section: o.get("articleSection").and_then(ld_text),
                            publisher: o.get("publisher").and_then(ld_text),
                            is_article: strong,
                        };
                        if cand.published.is_some() || strong {
                            let keep_pub = best.publisher.take();
                            best = cand;
                            if best.publisher.is_none() {
                                best.publisher = keep_pub;
                            }
                        }
                    }
                    if best.publisher.is_none()
                        && types.iter().any(|t| {
                            *t == "Organization" || *t == "NewsMediaOrganization" || *t == "WebSite"
                        })
                    {
                        best.publisher = o.get("name").and_then(ld_text);
                    }
                    for (k, val) in o {
                        if k == "@graph" || k == "mainEntity" || k == "itemListElement" {
                            stack.push(val);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    best
}

/// Whitespace-collapse and trim.
pub fn clean(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    crate::dom::push_collapsed(&mut o, s);
    o.trim_end().to_string()
}

fn norm_cmp(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

const TITLE_SEPS: &[&str] = &[
    " | ", " - ", " – ", " — ", " :: ", " « ", " » ", " · ", " ~ ", " / ", " : ",
];

/// Split a `<title>`-like string into its parts (headline and site name).
fn title_parts(t: &str) -> Vec<String> {
    for sep in TITLE_SEPS {
        if t.contains(sep) {
            return t.split(sep).map(clean).filter(|p| !p.is_empty()).collect();
        }
    }
    vec![clean(t)]
}

/// Extract metadata. `body_root` is the main-content node (for byline search around it).
pub fn extract_meta(dom: &Dom, url: Option<&str>, body_root: usize) -> PageMeta {
    let mut m = PageMeta::default();
    let ld = parse_ld(&dom.json_ld);

    // <meta> tags
    let mut og_title = None;
    let mut tw_title = None;
    let mut site = None;
    let mut og_url = None;
    let mut meta_dates: Vec<(u8, String, String)> = Vec::new(); // (priority, key, value)
    let mut meta_author = None;
    let mut meta_section = None;
    let mut meta_lang = None;
    let mut html_lang = None;
    let mut canonical = None;
    let mut h1s: Vec<usize> = Vec::new();
    let mut itemprop_date: Option<String> = None;
    let mut itemprop_author: Option<String> = None;
    let mut time_el: Option<(bool, String)> = None;
    let mut rel_author: Option<String> = None;
    for i in 1..dom.nodes.len() {
        match dom.nodes[i].tag {
            Tag::Meta => {
                let key = dom
                    .attr(i, AttrName::Property)
                    .or_else(|| dom.attr(i, AttrName::Name))
                    .or_else(|| dom.attr(i, AttrName::Itemprop))
                    .or_else(|| dom.attr(i, AttrName::HttpEquiv))
                    .map(|k| k.trim().to_ascii_lowercase());
                let (Some(key), Some(val)) = (key, dom.attr(i, AttrName::Content)) else {
                    continue;
                };
                let val = val.trim();
                if val.is_empty() {
                    continue;
                }
                let date_prio = match key.as_str() {
                    "article:published_time" => 1,
                    "og:published_time"
                    | "og:article:published_time"
                    | "article:published"
                    | "datepublished" => 2,
                    "pubdate"
                    | "publishdate"
                    | "publish-date"
                    | "publish_date"
                    | "published_time"
                    | "published-date"
                    | "parsely-pub-date"
                    | "sailthru.date"
                    | "dc.date.issued"
                    | "dcterms.issued"
                    | "citation_publication_date"
                    | "article.published"
                    | "originalpublicationdate"
                    | "cxenseparse:recs:publishtime"
                    | "release_date"
                    | "date.published" => 3,
                    "date" | "dc.date" | "dcterms.date" | "dc.date.created" | "dcterms.created"
                    | "created" | "dc.created" => 4,
                    _ => 0,
                };
                if date_prio > 0 {
                    meta_dates.push((date_prio, key.clone(), val.to_string()));
                    continue;
                }
                match key.as_str() {
                    "og:title" => og_title = og_title.or(Some(clean(val))),
                    "twitter:title" => tw_title = tw_title.or(Some(clean(val))),
                    "og:site_name" | "application-name" | "al:android:app_name" => {
                        site = site.or(Some(clean(val)))
                    }
                    "og:url" => og_url = og_url.or(Some(val.to_string())),
                    "author" | "article:author" | "dc.creator" | "byl" | "parsely-author"
                    | "sailthru.author" | "dcterms.creator"
                        if meta_author.is_none()
                            && !val.starts_with("http")
                            && !val.starts_with('@') =>
                    {
                        meta_author = Some(clean(val));
                    }
                    "article:section" | "section" | "parsely-section" | "category"
                    | "article:category" => meta_section = meta_section.or(Some(clean(val))),
                    "content-language" | "language" | "dc.language" => {
                        meta_lang = meta_lang.or(Some(val.to_string()))
                    }
                    _ => {}
                }
            }
            Tag::Link
                if canonical.is_none()
                    && dom
                        .attr(i, AttrName::Rel)
                        .is_some_and(|r| r.eq_ignore_ascii_case("canonical")) =>
            {
                canonical = dom
                    .attr(i, AttrName::Href)
                    .map(|h| h.trim().to_string())
                    .filter(|h| !h.is_empty());
            }
            Tag::Html => {
                html_lang = html_lang.or(dom.attr(i, AttrName::Lang).map(str::to_string));
            }
            Tag::H1 if h1s.len() < 8 => {
                h1s.push(i);
            }
            Tag::Time => {
                if let Some(dt) = dom.attr(i, AttrName::Datetime) {
                    let pub_hint = dom
                        .attr(i, AttrName::Itemprop)
                        .is_some_and(|p| p.contains("datePublished"))
                        || class_has(dom, i, &["publish", "posted", "entry-date", "post-date"]);
                    if !time_el.as_ref().is_some_and(|(h, _)| *h || !pub_hint) {
                        if let Some(v) = parse_iso(dt) {
                            time_el = Some((pub_hint, v));
                        }
                    }
                }
            }
            _ => {}
        }
        if dom.nodes[i].tag != Tag::Text && dom.nodes[i].tag != Tag::Meta {
            if let Some(ip) = dom.attr(i, AttrName::Itemprop) {
                if itemprop_date.is_none() && ip.contains("datePublished") {
                    itemprop_date = dom
                        .attr(i, AttrName::Datetime)
                        .or_else(|| dom.attr(i, AttrName::Content))
                        .and_then(parse_value);
                }
                if itemprop_author.is_none()
                    && ip
                        .split_whitespace()
                        .any(|p| p == "author" || p == "creator")
                {
                    let t = clean_author(&dom.inner_text(i));
                    itemprop_author = t;
                }
            }
            if rel_author.is_none()
                && dom.nodes[i].tag == Tag::A
                && dom
                    .attr(i, AttrName::Rel)
                    .is_some_and(|r| r.contains("author"))
            {
                rel_author = clean_author(&dom.inner_text(i));
            }
        }
    }

    // site name
    m.site_name = site.or(ld.publisher.clone());

    // title
    let page_title = dom.title.as_deref().map(clean).filter(|t| !t.is_empty());
    let meta_title = og_title
        .clone()
        .or(tw_title.clone())
        .or(ld.headline.clone())
        .or(page_title.clone());
    let refs: Vec<String> = [&og_title, &tw_title, &ld.headline, &page_title]
        .iter()
        .filter_map(|x| x.as_ref())
        .map(|s| norm_cmp(s))
        .collect();
    let mut title = None;
    for &h in &h1s {
        let t = clean(&dom.inner_text(h));
        let nt = norm_cmp(&t);
        if nt.chars().count() >= 4 && refs.iter().any(|r| r.contains(&nt)) {
            title = Some(t);
            break;
        }
    }
    if title.is_none() {
        if let Some(h) = &ld.headline {
            title = Some(h.clone());
        }
    }
    if title.is_none() {
        if let Some(mt) = &meta_title {
            let parts = title_parts(mt);
            let site_n = m.site_name.as_deref().map(norm_cmp);
            let mut best: Option<&String> = None;
            for p in &parts {
                let np = norm_cmp(p);
                if site_n.as_deref() == Some(np.as_str()) {
                    continue;
                }
                if best.is_none_or(|b| p.chars().count() > b.chars().count()) {
                    best = Some(p);
                }
            }
            title = best.cloned().or_else(|| Some(mt.clone()));
            if m.site_name.is_none() && parts.len() == 2 {
                m.site_name = parts.iter().find(|p| Some(*p) != title.as_ref()).cloned();
            }
        }
    }
    if title.is_none() {
        title = h1s
            .first()
            .map(|&h| clean(&dom.inner_text(h)))
            .filter(|t| !t.is_empty());
    }
    m.title = title;

    // canonical
    m.canonical = canonical.or(og_url).map(|c| match url {
        Some(base) => crate::url::resolve(base, &c).unwrap_or(c),
        None => c,
    });

    // publication date
    meta_dates.sort_by_key(|x| x.0);
    if let Some(v) = ld.published.as_deref().and_then(parse_value) {
        m.published = Some(v);
        m.evidence = Some("json-ld".into());
    } else if let Some((k, v)) = meta_dates
        .iter()
        .find_map(|(_, k, v)| parse_value(v).map(|p| (k, p)))
    {
        m.published = Some(v);
        m.evidence = Some(format!("meta:{k}"));
    } else if let Some(v) = itemprop_date {
        m.published = Some(v);
        m.evidence = Some("itemprop".into());
    } else if let Some((_, v)) = time_el {
        m.published = Some(v);
        m.evidence = Some("time".into());
    } else if let Some(v) = byline_date(dom, body_root, h1s.first().copied()) {
        m.published = Some(v);
        m.evidence = Some("byline".into());
    } else if let Some(v) = m
        .canonical
        .as_deref()
        .and_then(url_date)
        .or_else(|| url.and_then(url_date))
    {
        m.published = Some(v);
        m.evidence = Some("url".into());
    }

    // author
    m.author = ld
        .author
        .clone()
        .and_then(|a| clean_author(&a))
        .or(meta_author.and_then(|a| clean_author(&a)))
        .or(itemprop_author)
        .or(rel_author)
        .or_else(|| byline_author(dom));
    if let (Some(a), Some(s)) = (&m.author, &m.site_name) {
        if norm_cmp(a) == norm_cmp(s) && ld.author.is_none() {
            m.author = None;
        }
    }

    // section
    m.section = ld
        .section
        .clone()
        .or(meta_section)
        .or_else(|| section_from_page(dom));

    // language
    m.lang = html_lang.or(meta_lang).and_then(|l| {
        let p = l
            .trim()
            .split(['-', '_', ','])
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        (p.len() >= 2 && p.len() <= 3 && p.chars().all(|c| c.is_ascii_alphabetic())).then_some(p)
    });
    m
}

const AUTHOR_PREFIXES: &[&str] = &[
    "بقلم:",
    "بقلم",
    "كتب:",
    "كتبه:",
    "كتبت:",
    "كتب",
    "كتبت",
    "إعداد:",
    "اعداد:",
    "إعداد",
    "تحرير:",
    "تقرير:",
    "المحرر:",
    "By:",
    "By ",
    "by ",
    "BY ",
    "Written by ",
    "Posted by ",
    "Par ",
    "par ",
];

/// Clean an author string: drop "بقلم"/"By" prefixes, dates, very long strings.
pub fn clean_author(s: &str) -> Option<String> {
    let mut t = clean(s);
    for p in AUTHOR_PREFIXES {
        if let Some(r) = t.strip_prefix(p) {
            t = r.trim_start_matches([':', ' ', '\u{A0}']).to_string();
            break;
        }
    }
    // cut at separators
    if let Some(i) = t.find(['|', '—', '–', '\n', '•']) {
        t.truncate(i);
    }
    if let Some(i) = t.find(" - ") {
        t.truncate(i);
    }
    let t = t
        .trim()
        .trim_end_matches([',', '،', ':', '-'])
        .trim()
        .to_string();
    let n = t.chars().count();
    if !(2..=60).contains(&n)
        || t.chars().filter(|c| c.is_ascii_digit()).count() > 2
        || t.starts_with("http")
    {
        return None;
    }
    Some(t)
}

fn ancestors_match(dom: &Dom, i: usize, pats: &[&str], depth: usize) -> bool {
    let mut p = dom.nodes[i].parent;
    for _ in 0..depth {
        if p == NONE || p == 0 {
            return false;
        }
        if class_has(dom, p as usize, pats) {
            return true;
        }
        p = dom.nodes[p as usize].parent;
    }
    false
}

const DATE_CLASSES: &[&str] = &[
    "date",
    "time",
    "byline",
    "meta",
    "info",
    "publish",
    "posted",
    "dateline",
    "timestamp",
];

/// A date written in a byline: text in date-ish elements, or near the headline / start of the body.
fn byline_date(dom: &Dom, body_root: usize, h1: Option<usize>) -> Option<String> {
    let n = dom.nodes.len();
    let mut checked = 0;
    for i in 1..n {
        if dom.nodes[i].tag != Tag::Text {
            continue;
        }
        let t = dom.text(i);
        if t.len() < 6 || t.len() > 400 || !t.bytes().any(|b| b.is_ascii_digit() || b >= 0xD9) {
            continue;
        }
        if ancestors_match(dom, i, DATE_CLASSES, 4) {
            checked += 1;
            if let Some(d) = find_date(t) {
                return Some(d);
            }
            if checked > 200 {
                break;
            }
        }
    }
    // text right after the headline, or at the start of the main content
    let start = h1.unwrap_or(body_root).min(body_root.max(1));
    let mut seen = 0;
    for i in start..n {
        if dom.nodes[i].tag != Tag::Text {
            continue;
        }
        let t = dom.text(i);
        if t.trim().is_empty() {
            continue;
        }
        seen += 1;
        if seen > 25 {
            break;
        }
        if t.len() > 300 {
            continue;
        }
        if let Some(d) = find_date(t) {
            return Some(d);
        }
    }
    None
}

const AUTHOR_CLASSES: &[&str] = &[
    "author",
    "byline",
    "writer",
    "signature",
    "reporter",
    "auteur",
    "kateb",
];
const AUTHOR_MARKERS: &[&str] = &[
    "بقلم:",
    "بقلم",
    "كتب:",
    "كتبه:",
    "كتبت:",
    "إعداد:",
    "اعداد:",
    "تحرير:",
];

fn byline_author(dom: &Dom) -> Option<String> {
    let n = dom.nodes.len();
    for i in 1..n {
        let t = dom.nodes[i].tag;
        if t == Tag::Text
            || t.is_void()
            || matches!(t, Tag::Body | Tag::Html | Tag::Article | Tag::Main)
        {
            if t == Tag::Text {
                // "كتب: فلان |" inside a byline line
                let s = dom.text(i);
                if s.len() < 300 {
                    for mk in AUTHOR_MARKERS {
                        if let Some(p) = s.find(mk) {
                            if let Some(a) = clean_author(&s[p..]) {
                                return Some(a);
                            }
                        }
                    }
                }
            }
            continue;
        }
        if class_has(dom, i, AUTHOR_CLASSES)
            && !class_has(dom, i, &["comment", "bio", "avatar", "img", "photo"])
        {
            let txt = dom.inner_text(i);
            if txt.chars().count() <= 80 {
                if let Some(a) = clean_author(&txt) {
                    return Some(a);
                }
            }
        }
    }
    None
}

const SECTION_CLASSES: &[&str] = &[
    "section-name",
    "rubrique",
    "category",
    "cat-name",
    "kicker",
    "post-cat",
    "entry-cat",
];

fn section_from_page(dom: &Dom) -> Option<String> {
    let n = dom.nodes.len();
    for i in 1..n {
        let t = dom.nodes[i].tag;
        if t == Tag::Text {
            let s = dom.text(i).trim();
            if let Some(r) = s
                .strip_prefix("القسم:")
                .or_else(|| s.strip_prefix("القسم :"))
            {
                let r = clean(r);
                if !r.is_empty() && r.chars().count() <= 40 {
                    return Some(r);
                }
            }
            continue;
        }
        if t.is_void() || matches!(t, Tag::Body | Tag::Html | Tag::Article | Tag::Main) {
            continue;
        }
        let is_cat = class_has(dom, i, SECTION_CLASSES)
            || dom
                .attr(i, AttrName::Class)
                .is_some_and(|c| c.split_whitespace().any(|w| w.eq_ignore_ascii_case("cat")));
        if is_cat {
            let s = clean(&dom.inner_text(i));
            if !s.is_empty() && s.chars().count() <= 40 {
                return Some(s);
            }
        }
        if class_has(dom, i, &["breadcrumb"]) {
            // last link that is not "home"
            let end = dom.nodes[i].end as usize;
            let mut last = None;
            for j in i + 1..end.min(n) {
                if dom.nodes[j].tag == Tag::A {
                    let s = clean(&dom.inner_text(j));
                    if !s.is_empty()
                        && !matches!(
                            s.as_str(),
                            "الرئيسية" | "الصفحة الرئيسية" | "Home" | "home" | "Accueil"
                        )
                    {
                        last = Some(s);
                    }
                }
            }
            if last.is_some() {
                return last;
            }
        }
    }
    None
}
