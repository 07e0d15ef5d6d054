//! Page metadata: title, publication date (with the evidence used), author,
//! section, site name, language, canonical URL.

use crate::date::{find_date, find_dates, parse_value, url_date};
use crate::dom::{AttrName, Dom, Tag, NONE};
use crate::hints::class_has;
use crate::pubdate::{Cand, Tier};
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
    modified: Option<String>,
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
        let v = match serde_json::from_str::<Value>(raw) {
            Ok(v) => v,
            Err(_) => {
                // hand-written JSON-LD often holds raw line breaks or tabs inside strings,
                // or a trailing comma: repair those, else read the dates out of the text
                let repaired: String = raw
                    .chars()
                    .map(|c| if c.is_control() { ' ' } else { c })
                    .collect::<String>()
                    .replace(",}", "}")
                    .replace(", }", " }")
                    .replace(",]", "]");
                match serde_json::from_str::<Value>(&repaired) {
                    Ok(v) => v,
                    Err(_) => {
                        if best.published.is_none() {
                            best.published = ld_field(raw, "datePublished");
                            best.modified = best.modified.take().or(ld_field(raw, "dateModified"));
                        }
                        continue;
                    }
                }
            }
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
                            modified: o.get("dateModified").and_then(ld_text),
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

/// The string value of `"key": "…"` in broken JSON.
fn ld_field(raw: &str, key: &str) -> Option<String> {
    let q = format!("\"{key}\"");
    let at = raw.find(&q)? + q.len();
    let rest = raw[at..].trim_start().strip_prefix(':')?.trim_start();
    let rest = rest.strip_prefix('"')?;
    let end = rest.find('"')?;
    Some(clean(&rest[..end])).filter(|s| !s.is_empty())
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

/// Drop a leading or trailing site name from a headline ("Headline | Site", "Site - Headline").
fn strip_site(t: &str, is_site: &dyn Fn(&str) -> bool) -> String {
    for sep in TITLE_SEPS {
        if let Some((a, b)) = t.rsplit_once(sep) {
            if is_site(b) && !a.trim().is_empty() {
                return clean(a);
            }
        }
        if let Some((a, b)) = t.split_once(sep) {
            if is_site(a) && !b.trim().is_empty() {
                return clean(b);
            }
        }
    }
    t.to_string()
}

/// An h1 that is the site's logo: its text is a link to the home page.
fn is_home_link(dom: &Dom, h: usize, host: Option<&str>) -> bool {
    let end = (dom.nodes[h].end as usize).min(dom.nodes.len());
    (h + 1..end).any(|j| {
        dom.nodes[j].tag == Tag::A
            && dom.attr(j, AttrName::Href).is_some_and(|href| {
                let href = href.trim();
                let rest = match href.split_once("://") {
                    Some((_, r)) => {
                        let (hh, path) = r.split_once('/').unwrap_or((r, ""));
                        if host.is_some_and(|x| !hh.to_ascii_lowercase().ends_with(x)) {
                            return false;
                        }
                        path
                    }
                    None => href.trim_start_matches('/'),
                };
                matches!(
                    rest,
                    "" | "index.html" | "index.php" | "de/" | "en/" | "ar/" | "fr/"
                )
            })
            && dom.inner_text(j).len() + 2 >= dom.inner_text(h).len()
    })
}

/// Extract metadata. `body_root` is the main-content node (for byline search around it).
/// `fetched` is the crawl time when known: no publication date after it is accepted.
pub fn extract_meta(
    dom: &Dom,
    url: Option<&str>,
    body_root: usize,
    fetched: Option<&str>,
) -> PageMeta {
    let mut m = PageMeta::default();
    let ld = parse_ld(&dom.json_ld);

    // <meta> tags
    let mut og_title = None;
    let mut tw_title = None;
    let mut site = None;
    let mut og_url = None;
    let mut meta_dates: Vec<(u8, String, String)> = Vec::new(); // (priority, key, value)
    let mut cands: Vec<Cand> = Vec::new();
    let mut time_plain: Option<(Tier, String)> = None;
    let mut meta_author = None;
    let mut meta_section = None;
    let mut meta_lang = None;
    let mut html_lang = None;
    let mut canonical = None;
    let mut h1s: Vec<usize> = Vec::new();
    let mut itemprop_date: Option<String> = None;
    let mut itemprop_author: Option<String> = None;
    let mut time_pub: Option<String> = None;
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
                    "article:modified_time"
                    | "og:updated_time"
                    | "datemodified"
                    | "last-modified"
                    | "dcterms.modified"
                    | "dc.date.modified"
                    | "modified_time" => 9,
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
            Tag::Time if time_pub.is_none() || time_plain.is_none() => {
                if let Some((tier, v)) = time_date(dom, i) {
                    if tier == Tier::TimePub {
                        time_pub = time_pub.or(Some(v));
                    } else if time_plain.is_none() {
                        time_plain = Some((tier, v));
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
                        .and_then(parse_value)
                        .or_else(|| {
                            let t = dom.inner_text(i);
                            (t.len() < 200).then(|| find_date(&t)).flatten()
                        });
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
            if let Some(t) = dom.attr(i, AttrName::Title) {
                if !cands.iter().any(|c| c.tier == Tier::Microdata)
                    && class_words_have(dom, i, &["published", "dt-published", "dtstart"])
                    && !in_discussion(dom, i, false)
                {
                    if let Some(v) = parse_value(t) {
                        cands.push(Cand {
                            tier: Tier::Microdata,
                            value: v,
                            evidence: "microformat".into(),
                        });
                    }
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
    // names of the site, which are never the headline
    let mut site_names: Vec<String> = [m.site_name.as_deref(), ld.publisher.as_deref()]
        .into_iter()
        .flatten()
        .map(norm_cmp)
        .filter(|s| s.chars().count() >= 2)
        .collect();
    let page_host = canonical
        .as_deref()
        .or(og_url.as_deref())
        .or(url)
        .and_then(crate::url::host)
        .map(|h| h.trim_start_matches("www.").to_ascii_lowercase());
    if let Some(h) = &page_host {
        site_names.push(norm_cmp(h));
        if let Some(label) = h.rsplit('.').nth(1) {
            site_names.push(norm_cmp(label));
        }
    }
    let is_site = |t: &str| {
        let n = norm_cmp(t);
        !n.is_empty() && site_names.contains(&n)
    };
    let mut title = None;
    let mut title_h1 = None;
    for &h in &h1s {
        let t = clean(&dom.inner_text(h));
        let nt = norm_cmp(&t);
        if nt.chars().count() >= 4
            && refs.iter().any(|r| r.contains(&nt))
            && !is_site(&t)
            && !is_home_link(dom, h, page_host.as_deref())
        {
            title = Some(t);
            title_h1 = Some(h);
            break;
        }
    }
    if title.is_none() {
        if let Some(h) = &ld.headline {
            if !is_site(h) {
                title = Some(strip_site(h, &is_site));
            }
        }
    }
    if title.is_none() {
        if let Some(mt) = meta_title
            .as_ref()
            .filter(|mt| strip_site(mt, &is_site) != **mt)
        {
            title = Some(strip_site(mt, &is_site));
        } else if let Some(mt) = &meta_title {
            let parts = title_parts(mt);
            let site_n = m.site_name.as_deref().map(norm_cmp);
            let mut best: Option<&String> = None;
            for p in &parts {
                let np = norm_cmp(p);
                if site_n.as_deref() == Some(np.as_str()) || is_site(p) {
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
    // a title escaped twice in the page ("Hof &amp;amp; Geschichte")
    m.title = title.map(|t| {
        if t.contains('&') && t.contains(';') {
            let mut o = String::with_capacity(t.len());
            crate::entities::decode_into(&t, &mut o);
            o
        } else {
            t
        }
    });

    // canonical
    m.canonical = canonical.or(og_url).map(|c| match url {
        Some(base) => crate::url::resolve(base, &c).unwrap_or(c),
        None => c,
    });

    // publication date: candidates from every source, then one choice (see `pubdate`)
    meta_dates.sort_by_key(|x| x.0);
    if let Some(v) = ld.published.as_deref().and_then(parse_value) {
        cands.push(Cand {
            tier: Tier::JsonLd,
            value: v,
            evidence: "json-ld".into(),
        });
    }
    for (prio, k, v) in &meta_dates {
        if let Some(p) = parse_value(v) {
            let tier = match prio {
                1..=3 => Tier::Meta,
                4 => Tier::MetaGeneric,
                _ => Tier::Modified,
            };
            cands.push(Cand {
                tier,
                value: p,
                evidence: format!("meta:{k}"),
            });
        }
    }
    if let Some(v) = itemprop_date {
        cands.push(Cand {
            tier: Tier::Microdata,
            value: v,
            evidence: "itemprop".into(),
        });
    }
    if let Some(v) = time_pub {
        cands.push(Cand {
            tier: Tier::TimePub,
            value: v,
            evidence: "time".into(),
        });
    }
    if let Some((tier, v)) = time_plain {
        cands.push(Cand {
            tier,
            value: v,
            evidence: "time".into(),
        });
    }
    // the headline: the h1 that is the title, else the last h1 before the main content
    let headline = title_h1.or_else(|| {
        h1s.iter()
            .copied()
            .rfind(|&h| h < body_root)
            .or(h1s.first().copied())
    });
    // (plausible: not after the crawl)
    let limit = fetched
        .and_then(crate::pubdate::day_of_value)
        .unwrap_or_else(crate::pubdate::today)
        + 1;
    let plausible = |c: &Cand| crate::pubdate::day_of_value(&c.value).is_some_and(|d| d <= limit);
    if !cands
        .iter()
        .any(|c| crate::pubdate::settled(c) && plausible(c))
    {
        byline_dates(dom, body_root, headline, &mut cands);
    }
    if let Some(v) = m
        .canonical
        .as_deref()
        .and_then(url_date)
        .or_else(|| url.and_then(url_date))
    {
        cands.push(Cand {
            tier: Tier::Url,
            value: v,
            evidence: "url".into(),
        });
    }
    if let Some(v) = ld.modified.as_deref().and_then(parse_value) {
        cands.push(Cand {
            tier: Tier::Modified,
            value: v,
            evidence: "json-ld:dateModified".into(),
        });
    }
    let lang_now = html_lang.clone().or(meta_lang.clone());
    let host = m.canonical.as_deref().or(url).and_then(crate::url::host);
    let offset = crate::pubdate::offset_guess(
        host,
        lang_now
            .as_deref()
            .map(|l| l.split(['-', '_']).next().unwrap_or("").trim()),
    );
    if let Some((v, e)) = crate::pubdate::choose(&cands, Some(limit), offset) {
        m.published = Some(v);
        m.evidence = Some(e);
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

/// Class words of containers whose dates are not the article's (comments, teasers, lists).
const NOT_ARTICLE: &[&str] = &[
    "comment",
    "reply",
    "respond",
    "discussion",
    "related",
    "sidebar",
    "recommend",
    "popular",
    "trending",
    "mostread",
    "most-read",
    "footer",
    "copyright",
    "newsletter",
    "calendar",
];

/// Class words of comment threads.
const COMMENTS: &[&str] = &["comment", "reply", "respond", "discussion"];

/// Inside a comment thread, a teaser list, a sidebar or a footer? (Only a comment thread
/// when `near_headline`: the text right after the headline may sit in an oddly named column.)
fn in_discussion(dom: &Dom, i: usize, near_headline: bool) -> bool {
    let n = dom.nodes.len();
    let mut p = i as u32;
    for _ in 0..14 {
        if p == NONE || p == 0 {
            return false;
        }
        let k = p as usize;
        let span = dom.nodes[k].end as usize - k;
        let tag = dom.nodes[k].tag;
        if matches!(tag, Tag::Body | Tag::Html | Tag::Main)
            || (tag == Tag::Article && span * 10 > n)
        {
            // the article itself (a big <article>), or the page
            return false;
        }
        // a container spanning much of the page is a layout wrapper whatever its name
        // ("site-content" with id "sidebar"), not a comment thread or a teaser list
        let wrapper = span * 5 > n * 2;
        if !wrapper
            && tag != Tag::Text
            && if near_headline {
                class_has(dom, k, COMMENTS)
            } else {
                matches!(tag, Tag::Footer | Tag::Aside | Tag::Nav) || class_has(dom, k, NOT_ARTICLE)
            }
        {
            return true;
        }
        p = dom.nodes[k].parent;
    }
    false
}

/// Does a class/id attribute hold one of `words` as a whole (space-separated) word?
fn class_words_have(dom: &Dom, i: usize, words: &[&str]) -> bool {
    [AttrName::Class, AttrName::Id].iter().any(|&a| {
        dom.attr(i, a).is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|w| words.iter().any(|x| w.eq_ignore_ascii_case(x)))
        })
    })
}

/// A `<time>` element's date: its `datetime` (ISO or words), else its text. Marked as the
/// publication time by `itemprop`/class or a byline-like parent; modification times and
/// times in comments or teaser lists are skipped.
fn time_date(dom: &Dom, i: usize) -> Option<(Tier, String)> {
    let dt = dom.attr(i, AttrName::Datetime);
    let v = match dt {
        Some(dt) => parse_value(dt),
        None => None,
    }
    .or_else(|| {
        let t = dom.inner_text(i);
        (t.len() < 120).then(|| find_date(&t)).flatten()
    })?;
    if class_has(dom, i, &["modified", "updated", "update"])
        || dom
            .attr(i, AttrName::Itemprop)
            .is_some_and(|p| p.contains("dateModified"))
        || in_discussion(dom, i, false)
    {
        return None;
    }
    let parent = dom.nodes[i].parent;
    let pub_hint = dom
        .attr(i, AttrName::Itemprop)
        .is_some_and(|p| p.contains("datePublished"))
        || class_has(
            dom,
            i,
            &["publish", "posted", "entry-date", "post-date", "pubdate"],
        )
        || dom.attr(i, AttrName::Name).is_some_and(|n| n == "pubdate")
        || (parent != NONE
            && parent != 0
            && class_has(
                dom,
                parent as usize,
                &[
                    "publish",
                    "posted",
                    "byline",
                    "dateline",
                    "entry-date",
                    "post-date",
                ],
            ));
    Some((if pub_hint { Tier::TimePub } else { Tier::Time }, v))
}

/// Labels that introduce a publication date (lower case, matched at the start of a short text).
const PUB_LABELS: &[&str] = &[
    "published",
    "posted",
    "date:",
    "datum:",
    "veröffentlicht",
    "erstellt",
    "publiziert",
    "erschienen",
    "publié",
    "publie le",
    "publicado",
    "fecha:",
    "pubblicato",
    "data:",
    "gepubliceerd",
    "opublikowano",
    "data publikacji",
    "опубликовано",
    "дата публикации",
    "نشر في",
    "نشر بتاريخ",
    "تاريخ النشر",
    "نشر:",
    "بتاريخ",
];

fn labelled(t: &str) -> bool {
    let t = t.trim_start();
    let Some(c0) = t.chars().next().and_then(|c| c.to_lowercase().next()) else {
        return false;
    };
    // most texts start with no label's first letter: decide that without string compares
    static FIRSTS: std::sync::OnceLock<Vec<char>> = std::sync::OnceLock::new();
    let firsts = FIRSTS.get_or_init(|| {
        let mut v: Vec<char> = PUB_LABELS.iter().filter_map(|l| l.chars().next()).collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    if !firsts.contains(&c0) {
        return false;
    }
    PUB_LABELS.iter().any(|l| {
        // case-insensitive prefix test without allocating
        let mut it = t.chars().flat_map(char::to_lowercase);
        l.chars().all(|c| it.next() == Some(c))
    })
}

/// Dates written in bylines: a labelled date ("Veröffentlicht am 5. Juni 2015", "نشر في"),
/// text in date-classed elements (not in comments, teasers or footers), and the text
/// right after the headline or at the start of the main content.
fn byline_dates(dom: &Dom, body_root: usize, h1: Option<usize>, cands: &mut Vec<Cand>) {
    let n = dom.nodes.len();
    let mut checked = 0;
    let (mut label, mut classed) = (None, None);
    let mut prev_label = false;
    for i in 1..n {
        if dom.nodes[i].tag != Tag::Text {
            continue;
        }
        let t = dom.text(i);
        if t.trim().is_empty() {
            continue;
        }
        let was_label = std::mem::replace(&mut prev_label, t.len() < 60 && labelled(t));
        if t.len() < 6 || t.len() > 400 || !t.bytes().any(|b| b.is_ascii_digit() || b >= 0xD9) {
            continue;
        }
        let is_label = t.len() < 200 && (was_label || labelled(t));
        let is_classed = classed.is_none() && ancestors_match(dom, i, DATE_CLASSES, 4);
        let wanted_label = is_label && label.is_none();
        if !wanted_label && !is_classed {
            continue;
        }
        checked += 1;
        if checked > 200 {
            break;
        }
        let found = find_dates(t, 4);
        let Some(f) = found.iter().find(|f| !f.updated) else {
            continue;
        };
        if t.contains('©') || t.to_ascii_lowercase().contains("copyright") {
            continue;
        }
        if in_discussion(dom, i, false) {
            continue;
        }
        if wanted_label {
            label = Some(f.date.clone());
        }
        if is_classed {
            classed = Some(f.date.clone());
        }
        if label.is_some() && classed.is_some() {
            break;
        }
    }
    for (tier, v, e) in [
        (Tier::Label, label, "byline"),
        (Tier::Byline, classed, "byline"),
    ] {
        if let Some(v) = v {
            cands.push(Cand {
                tier,
                value: v,
                evidence: e.into(),
            });
        }
    }
    // text right after the headline, or at the start of the main content
    let start = h1.unwrap_or(body_root).max(1);
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
        if t.contains('©') || (t.len() < 300 && t.to_ascii_lowercase().contains("copyright")) {
            continue;
        }
        // a long text counts only by its dateline ("27.1.2022 - Bei der …", "دمشق، 5 أيلول 2020 -")
        let t = if t.len() > 300 {
            let mut e = 60;
            while !t.is_char_boundary(e) {
                e -= 1;
            }
            &t[..e]
        } else {
            t
        };
        if let Some(d) = find_date(t) {
            if !in_discussion(dom, i, true) {
                cands.push(Cand {
                    tier: Tier::Text,
                    value: d,
                    evidence: "byline".into(),
                });
                return;
            }
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn meta_of(html: &str, url: Option<&str>) -> PageMeta {
        let dom = Dom::parse(html);
        extract_meta(&dom, url, 1, Some("2024-01-01T00:00:00Z"))
    }

    #[test]
    fn headline_is_not_the_site_logo() {
        let m = meta_of(
            r#"<html><head><title>Ins Neue | Wortgarten</title>
            <meta property="og:site_name" content="Wortgarten"></head><body>
            <h1 id="logo"><a href="/">Wortgarten</a></h1>
            <article><h2>Ins Neue</h2><p>Text.</p></article></body></html>"#,
            Some("https://wortgarten.example/2019/01/01/ins-neue/"),
        );
        assert_eq!(m.title.as_deref(), Some("Ins Neue"));
        let m = meta_of(
            r#"<html><head><meta property="og:title" content="Rain returns - Daily Example">
            <meta property="og:site_name" content="Daily Example"></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.title.as_deref(), Some("Rain returns"));
    }

    #[test]
    fn json_ld_graph_and_meta_conventions() {
        let m = meta_of(
            r#"<html><head><script type="application/ld+json">{"@context":"https://schema.org",
            "@graph":[{"@type":"WebSite","name":"X"},{"@type":["NewsArticle"],"headline":"H",
            "datePublished":"2020-09-05T10:00:00+03:00","dateModified":"2020-09-07T10:00:00+03:00"}]}
            </script></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-05T10:00:00+03:00"));
        assert_eq!(m.evidence.as_deref(), Some("json-ld"));
        for key in [
            r#"property="article:published_time""#,
            r#"name="parsely-pub-date""#,
            r#"name="DC.date.issued""#,
            r#"name="sailthru.date""#,
            r#"itemprop="datePublished""#,
        ] {
            let html = format!(
                r#"<html><head><meta name="date" content="2021-01-01"><meta {key} content="2020-09-05"></head><body><p>x</p></body></html>"#
            );
            let m = meta_of(&html, None);
            assert_eq!(m.published.as_deref(), Some("2020-09-05"), "{key}");
        }
    }

    #[test]
    fn broken_json_ld() {
        // a raw line break inside a string and a trailing comma
        let m = meta_of(
            "<html><head><script type=\"application/ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Two\nlines\",\"datePublished\":\"2020-09-05\",}</script></head><body><p>x</p></body></html>",
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-05"));
        // beyond repair: the date is read from the text
        let m = meta_of(
            r#"<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2020-09-06", "x": [}</script></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-06"));
        assert_eq!(m.evidence.as_deref(), Some("json-ld"));
    }

    #[test]
    fn bylines_not_comments_or_copyright() {
        let m = meta_of(
            r#"<html><body><h1>Title here</h1><div class="byline">Veröffentlicht am 5. Juni 2015</div>
            <p>Body text of the article.</p>
            <div class="comments"><time datetime="2015-06-09">9. Juni 2015</time></div>
            <footer>© 2023 Example</footer></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2015-06-05"));
        let m = meta_of(
            r#"<html><body><h1>Title here</h1><p>Body text of the article.</p>
            <div id="comments" class="comment-list"><span class="comment-date">9 June 2015</span></div>
            <div class="copyright">Copyright 2015-06-10</div></body></html>"#,
            None,
        );
        assert_eq!(m.published, None);
    }

    #[test]
    fn arabic_byline_with_hijri_and_future_rejected() {
        let m = meta_of(
            "<html><body><h1>عنوان الخبر هنا</h1><div class=\"date\">الأحد ١٠ صفر ١٤٤٢ هـ الموافق ٢٧ أيلول ٢٠٢٠</div><p>نص</p></body></html>",
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-27"));
        // a date after the crawl is not a publication date; the URL is
        let m = meta_of(
            r#"<html><head><meta property="article:published_time" content="2031-05-01"></head><body><p>x</p></body></html>"#,
            Some("https://a.example/2020/09/05/x"),
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-05"));
        assert_eq!(m.evidence.as_deref(), Some("url"));
    }

    #[test]
    fn arabic_site_forms() {
        for (html, want) in [
            (
                "<h1>عنوان الخبر</h1><span class=\"date\">الخميس، 05 سبتمبر، 2020 - 10:30 ص</span><p>نص</p>",
                "2020-09-05",
            ),
            (
                "<h1>عنوان الخبر</h1><div class=\"article-info\">نشر في: ٢٠٢٠/٠٩/٠٥ - ١٤:٣٠</div><p>نص</p>",
                "2020-09-05",
            ),
            (
                "<h1>عنوان الخبر</h1><p>دمشق - بتاريخ 5 شباط 2021 قال مصدر</p>",
                "2021-02-05",
            ),
            (
                "<h1>عنوان الخبر</h1><div class=\"meta\">آخر تحديث 7 جوان 2022 | نشر 6 جوان 2022</div><p>نص</p>",
                "2022-06-06",
            ),
        ] {
            let m = meta_of(&format!("<html><body>{html}</body></html>"), None);
            assert_eq!(m.published.as_deref(), Some(want), "{html}");
        }
        // UTC evening on an Arabic site is the next local day
        let m = meta_of(
            r#"<html lang="ar"><head><meta property="article:published_time" content="2020-09-05T22:30:00Z"></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-06"));
        assert!(m.evidence.as_deref().unwrap().contains("local day"));
    }

    #[test]
    fn published_preferred_over_modified() {
        let m = meta_of(
            r#"<html><head><meta property="article:modified_time" content="2020-09-09">
            <meta property="article:published_time" content="2020-09-05"></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-05"));
        let m = meta_of(
            r#"<html><head><meta property="article:modified_time" content="2020-09-09"></head><body><p>x</p></body></html>"#,
            None,
        );
        assert_eq!(m.published.as_deref(), Some("2020-09-09"));
        assert_eq!(m.evidence.as_deref(), Some("meta:article:modified_time"));
    }
}
