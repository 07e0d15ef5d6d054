//! Streaming RSS (0.9x, 1.0, 2.0) and Atom reader built on `quick-xml`.
//!
//! Each `<item>`/`<entry>` becomes a record `path#N` (N = item number, 1-based):
//! link → `url`, title → `title`, pubDate/dc:date/published/updated → `published`
//! (ISO 8601 when parseable), guid/id → `id`, channel/feed title → `source`, channel
//! language or `xml:lang` → `lang`. The body is `content:encoded`, else Atom `content`,
//! else `description`, else `summary`: HTML → [`Body::Html`], plain text → [`Body::Text`].
//! Broken XML yields one `Malformed` error (items before it stay valid) and ends the feed.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};

use crate::paths::{Input, Options};
use crate::{normalize_date, Body, IngestError, Record, Records, SkipReason};

pub(crate) fn read(input: String, r: Input, opts: &Options) -> Records {
    let mut reader = quick_xml::Reader::from_reader(r);
    let cfg = reader.config_mut();
    cfg.trim_text(false);
    cfg.check_end_names = true;
    Box::new(FeedIter {
        input,
        reader,
        buf: Vec::new(),
        n: 0,
        done: false,
        max: opts.max_record_bytes as usize,
        stack: Vec::new(),
        item: None,
        capture: None,
        source: None,
        lang: None,
        root_seen: false,
    })
}

/// Item fields captured from element text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Link,
    Id,
    Published,
    Updated,
    Encoded,
    Content,
    Description,
    Summary,
    ChannelTitle,
    ChannelLang,
}

/// How the captured text is to be interpreted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Markup {
    /// Text, or escaped HTML (RSS description, Atom type="html"): references resolved.
    Resolved,
    /// Inline XHTML (Atom type="xhtml"): child elements re-serialized, text kept escaped.
    Xhtml,
}

struct Capture {
    field: Field,
    /// Stack depth of the field element (its own entry included).
    depth: usize,
    markup: Markup,
    /// Atom `type` attribute: Some(true) html/xhtml, Some(false) text, None unknown.
    html: Option<bool>,
    text: String,
}

#[derive(Default)]
struct Item {
    depth: usize,
    title: Option<String>,
    link: Option<String>,
    /// Quality of `link` for Atom links: 2 alternate, 1 other, 0 none/self.
    link_rank: u8,
    id: Option<String>,
    published: Option<String>,
    updated: Option<String>,
    /// (text, is_html) per body field, in priority order.
    encoded: Option<(String, Option<bool>)>,
    content: Option<(String, Option<bool>)>,
    description: Option<(String, Option<bool>)>,
    summary: Option<(String, Option<bool>)>,
    size: usize,
    too_large: bool,
}

struct FeedIter {
    input: String,
    reader: quick_xml::Reader<Input>,
    buf: Vec<u8>,
    n: usize,
    done: bool,
    max: usize,
    /// Lower-case qualified names of the open elements (an `atom:` prefix is dropped).
    stack: Vec<String>,
    item: Option<Item>,
    capture: Option<Capture>,
    source: Option<String>,
    lang: Option<String>,
    root_seen: bool,
}

fn element_name(e: &BytesStart<'_>) -> String {
    let raw = String::from_utf8_lossy(e.name().as_ref()).to_ascii_lowercase();
    match raw.strip_prefix("atom:") {
        Some(rest) => rest.to_string(),
        None => raw,
    }
}

fn attr(e: &BytesStart<'_>, key: &str) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        if a.key.as_ref().eq_ignore_ascii_case(key.as_bytes()) {
            let raw = lossy(e.decoder(), &a.value);
            let v = quick_xml::escape::unescape(&raw)
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| raw.to_string());
            Some(v.trim().to_string())
        } else {
            None
        }
    })
}

/// Decodes bytes in the feed's declared encoding, replacing what cannot be decoded.
fn lossy(d: quick_xml::encoding::Decoder, b: &[u8]) -> String {
    match d.decode(b) {
        Ok(s) => s.into_owned(),
        Err(_) => String::from_utf8_lossy(b).into_owned(),
    }
}

/// A few HTML entities common in feeds (not predefined in XML).
fn html_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "nbsp" => "\u{a0}",
        "laquo" => "«",
        "raquo" => "»",
        "hellip" => "…",
        "mdash" => "—",
        "ndash" => "–",
        "lsquo" => "‘",
        "rsquo" => "’",
        "ldquo" => "“",
        "rdquo" => "”",
        "zwnj" => "\u{200c}",
        "zwj" => "\u{200d}",
        "rlm" => "\u{200f}",
        "lrm" => "\u{200e}",
        _ => return None,
    })
}

/// Does this text contain HTML markup (a tag or an entity)?
fn looks_like_html(s: &str) -> bool {
    let b = s.as_bytes();
    b.windows(2)
        .any(|w| w[0] == b'<' && (w[1].is_ascii_alphabetic() || w[1] == b'/' || w[1] == b'!'))
        || (s.contains('&') && s.contains(';'))
}

fn escape_into(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            _ => out.push(c),
        }
    }
}

impl FeedIter {
    fn name(&self) -> String {
        format!("{}#{}", self.input, self.n)
    }

    fn fail(&mut self, e: IngestError) -> Option<Result<Record, IngestError>> {
        self.done = true;
        self.item = None;
        self.capture = None;
        Some(Err(e))
    }

    /// Appends captured text, respecting the record size cap.
    fn push_text(&mut self, s: &str) {
        let Some(cap) = &mut self.capture else {
            return;
        };
        if let Some(item) = &mut self.item {
            item.size += s.len();
            if item.size > self.max {
                item.too_large = true;
                return;
            }
        } else if cap.text.len() > 4096 {
            return; // channel fields are short
        }
        cap.text.push_str(s);
    }

    fn start_capture(&mut self, field: Field, e: &BytesStart<'_>) {
        let ty = attr(e, "type").map(|t| t.to_ascii_lowercase());
        let (markup, html) = match ty.as_deref() {
            Some("xhtml") => (Markup::Xhtml, Some(true)),
            Some("html" | "text/html") => (Markup::Resolved, Some(true)),
            Some("text" | "text/plain") => (Markup::Resolved, Some(false)),
            _ => (Markup::Resolved, None),
        };
        self.capture = Some(Capture {
            field,
            depth: self.stack.len(),
            markup,
            html,
            text: String::new(),
        });
    }

    fn end_capture(&mut self) {
        let Some(cap) = self.capture.take() else {
            return;
        };
        if cap.field == Field::ChannelTitle {
            let t = cap.text.trim();
            if !t.is_empty() && self.source.is_none() {
                self.source = Some(t.to_string());
            }
            return;
        }
        if cap.field == Field::ChannelLang {
            let t = cap.text.trim();
            if !t.is_empty() {
                self.lang = Some(t.to_string());
            }
            return;
        }
        let Some(item) = &mut self.item else {
            return;
        };
        let trimmed = || {
            let t = cap.text.trim();
            (!t.is_empty()).then(|| t.to_string())
        };
        let body = || Some((cap.text.clone(), cap.html));
        match cap.field {
            Field::Title => item.title = item.title.take().or_else(trimmed),
            Field::Link => item.link = item.link.take().or_else(trimmed),
            Field::Id => item.id = item.id.take().or_else(trimmed),
            Field::Published => item.published = item.published.take().or_else(trimmed),
            Field::Updated => item.updated = item.updated.take().or_else(trimmed),
            Field::Encoded => item.encoded = item.encoded.take().or_else(body),
            Field::Content => item.content = item.content.take().or_else(body),
            Field::Description => item.description = item.description.take().or_else(body),
            Field::Summary => item.summary = item.summary.take().or_else(body),
            Field::ChannelTitle | Field::ChannelLang => {}
        }
    }

    /// Handles the start of an element (already pushed on the stack).
    fn on_start(&mut self, e: &BytesStart<'_>, name: &str) -> Option<Result<Record, IngestError>> {
        let depth = self.stack.len();
        if !self.root_seen {
            self.root_seen = true;
            if !matches!(name, "rss" | "feed" | "rdf:rdf") {
                return self.fail(IngestError::malformed(
                    self.input.clone(),
                    format!("not an RSS or Atom feed (root element <{name}>)"),
                ));
            }
            self.lang = attr(e, "xml:lang").filter(|l| !l.is_empty());
            return None;
        }
        if self.capture.is_some() {
            return None;
        }
        if self.item.is_none() {
            if name == "item" || name == "entry" {
                self.n += 1;
                self.item = Some(Item {
                    depth,
                    ..Item::default()
                });
                return None;
            }
            let parent = self.stack.get(depth.wrapping_sub(2)).map(String::as_str);
            let field = match (name, parent) {
                ("title", Some("channel" | "feed")) => Some(Field::ChannelTitle),
                ("language" | "dc:language", Some("channel")) => Some(Field::ChannelLang),
                _ => None,
            };
            if let Some(f) = field {
                self.start_capture(f, e);
            }
            return None;
        }
        let item_depth = self.item.as_ref().map_or(0, |i| i.depth);
        if depth != item_depth + 1 {
            return None;
        }
        if name == "link" {
            if let Some(href) = attr(e, "href") {
                // Atom link: prefer rel="alternate" (or no rel).
                let rel = attr(e, "rel").unwrap_or_default();
                let rank = match rel.as_str() {
                    "" | "alternate" => 2,
                    "self" | "enclosure" | "edit" | "replies" => 0,
                    _ => 1,
                };
                if let Some(item) = &mut self.item {
                    if rank > item.link_rank {
                        item.link = Some(href);
                        item.link_rank = rank;
                    }
                }
                return None;
            }
        }
        let field = match name {
            "title" => Field::Title,
            "link" => Field::Link,
            "guid" | "id" => Field::Id,
            "pubdate" | "published" | "dc:date" | "issued" => Field::Published,
            "updated" | "modified" => Field::Updated,
            "content:encoded" => Field::Encoded,
            "content" => Field::Content,
            "description" => Field::Description,
            "summary" => Field::Summary,
            _ => return None,
        };
        self.start_capture(field, e);
        None
    }

    fn finish_item(&mut self, item: Item) -> Result<Record, IngestError> {
        let name = self.name();
        if item.too_large {
            return Err(IngestError::skipped(
                name,
                SkipReason::TooLarge,
                format!("feed item larger than the {} byte limit", self.max),
            ));
        }
        let body = [item.encoded, item.content, item.description, item.summary]
            .into_iter()
            .flatten()
            .find(|(t, _)| !t.trim().is_empty());
        let Some((text, html)) = body else {
            return Err(IngestError::skipped(
                name,
                SkipReason::Empty,
                format!(
                    "feed item has no content (title {:?})",
                    item.title.as_deref().unwrap_or("")
                ),
            ));
        };
        let is_html = html.unwrap_or_else(|| looks_like_html(&text));
        let mut charset = None;
        let body = if is_html {
            // Decoded by the XML parser: now UTF-8 whatever an embedded meta tag says.
            charset = Some("utf-8".to_string());
            Body::Html(text.into_bytes())
        } else {
            Body::Text(text.trim().to_string())
        };
        let mut rec = Record::new(name, body);
        rec.charset = charset;
        rec.url = item.link;
        rec.id = item.id;
        rec.title = item.title;
        rec.published = item
            .published
            .or(item.updated)
            .map(|d| normalize_date(&d).unwrap_or(d));
        rec.source = self.source.clone();
        rec.lang = self.lang.clone();
        Ok(rec)
    }
}

impl Iterator for FeedIter {
    type Item = Result<Record, IngestError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if self.done {
                return None;
            }
            self.buf.clear();
            let event = match self.reader.read_event_into(&mut self.buf) {
                Ok(ev) => ev.into_owned(),
                Err(e) => {
                    let pos = self.reader.error_position();
                    let name = if self.item.is_some() {
                        self.name()
                    } else {
                        self.input.clone()
                    };
                    return self.fail(IngestError::malformed(
                        name,
                        format!("broken XML at byte {pos}: {e}"),
                    ));
                }
            };
            match event {
                Event::Start(e) => {
                    let name = element_name(&e);
                    if let Some(cap) = &self.capture {
                        if cap.markup == Markup::Xhtml || cap.html != Some(false) {
                            // Markup inside a field: keep it as HTML.
                            let raw = format!("<{}>", lossy(self.reader.decoder(), &e));
                            self.push_text(&raw);
                        }
                    }
                    self.stack.push(name.clone());
                    if let Some(r) = self.on_start(&e, &name) {
                        return Some(r);
                    }
                }
                Event::Empty(e) => {
                    let name = element_name(&e);
                    if let Some(cap) = &self.capture {
                        if cap.markup == Markup::Xhtml || cap.html != Some(false) {
                            let raw = format!("<{}/>", lossy(self.reader.decoder(), &e));
                            self.push_text(&raw);
                        }
                        continue;
                    }
                    self.stack.push(name.clone());
                    let r = self.on_start(&e, &name);
                    // An empty element has no text: close any capture it opened.
                    if self
                        .capture
                        .as_ref()
                        .is_some_and(|c| c.depth == self.stack.len())
                    {
                        self.end_capture();
                    }
                    self.stack.pop();
                    if let Some(r) = r {
                        return Some(r);
                    }
                }
                Event::End(e) => {
                    let depth = self.stack.len();
                    if let Some(cap) = &self.capture {
                        if depth > cap.depth {
                            if cap.markup == Markup::Xhtml || cap.html != Some(false) {
                                let raw = format!("</{}>", lossy(self.reader.decoder(), &e));
                                self.push_text(&raw);
                            }
                        } else {
                            self.end_capture();
                        }
                    }
                    self.stack.pop();
                    if self.item.as_ref().is_some_and(|i| i.depth == depth) {
                        if let Some(item) = self.item.take() {
                            return Some(self.finish_item(item));
                        }
                    }
                }
                Event::Text(t) => {
                    if self.capture.is_none() {
                        continue;
                    }
                    let s = match t.xml_content() {
                        Ok(s) => s,
                        Err(e) => {
                            let name = self.name();
                            return self.fail(IngestError::malformed(
                                name,
                                format!("undecodable text in feed: {e}"),
                            ));
                        }
                    };
                    if self
                        .capture
                        .as_ref()
                        .is_some_and(|c| c.markup == Markup::Xhtml)
                    {
                        let mut esc = String::with_capacity(s.len());
                        escape_into(&mut esc, &s);
                        self.push_text(&esc);
                    } else {
                        self.push_text(&s);
                    }
                }
                Event::CData(c) => {
                    if self.capture.is_none() {
                        continue;
                    }
                    let s = lossy(self.reader.decoder(), &c);
                    if self
                        .capture
                        .as_ref()
                        .is_some_and(|c| c.markup == Markup::Xhtml)
                    {
                        let mut esc = String::with_capacity(s.len());
                        escape_into(&mut esc, &s);
                        self.push_text(&esc);
                    } else {
                        self.push_text(&s);
                    }
                }
                Event::GeneralRef(r) => {
                    let Some(cap) = &self.capture else {
                        continue;
                    };
                    let raw = String::from_utf8_lossy(&r).into_owned();
                    let resolved: Option<Cow<'_, str>> = match r.resolve_char_ref() {
                        Ok(Some(c)) => Some(Cow::Owned(c.to_string())),
                        _ => quick_xml::escape::resolve_xml_entity(&raw)
                            .or_else(|| html_entity(&raw))
                            .map(Cow::Borrowed),
                    };
                    let text = match (cap.markup, resolved) {
                        (Markup::Xhtml, _) | (_, None) => format!("&{raw};"),
                        (Markup::Resolved, Some(s)) => s.into_owned(),
                    };
                    self.push_text(&text);
                }
                Event::Eof => {
                    self.done = true;
                    if !self.root_seen {
                        return Some(Err(IngestError::malformed(
                            self.input.clone(),
                            "no RSS or Atom root element",
                        )));
                    }
                    if let Some(open) = self.stack.last() {
                        let name = if self.item.is_some() {
                            self.name()
                        } else {
                            self.input.clone()
                        };
                        let open = open.clone();
                        self.item = None;
                        return Some(Err(IngestError::skipped(
                            name,
                            SkipReason::Truncated,
                            format!("feed ends inside <{open}>"),
                        )));
                    }
                    return None;
                }
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(data: &str) -> Vec<Result<Record, IngestError>> {
        let input: Input = Box::new(std::io::Cursor::new(data.as_bytes().to_vec()));
        read("f.xml".into(), input, &Options::default()).collect()
    }

    #[test]
    fn rss2() {
        let out = run(r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>وكالة الاختبار</title><language>ar</language><link>http://example.org/</link>
<item><title>خبر &amp; تفاصيل</title><link>http://example.org/1</link>
<guid isPermaLink="false">id-1</guid>
<pubDate>Fri, 20 Nov 2026 08:30:00 +0300</pubDate>
<description>ملخص</description>
<content:encoded><![CDATA[<p>نص <b>كامل</b></p>]]></content:encoded></item>
<item><title>ثاني</title><link>http://example.org/2</link><dc:date>2026-11-21</dc:date>
<description>&lt;p&gt;فقرة&lt;/p&gt;</description></item>
<item><title>ثالث</title><description>نص عادي فقط</description></item>
<item><title>فارغ</title></item>
</channel></rss>"#);
        assert_eq!(out.len(), 4);
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.input, "f.xml#1");
        assert_eq!(r.title.as_deref(), Some("خبر & تفاصيل"));
        assert_eq!(r.url.as_deref(), Some("http://example.org/1"));
        assert_eq!(r.id.as_deref(), Some("id-1"));
        assert_eq!(r.published.as_deref(), Some("2026-11-20T08:30:00+03:00"));
        assert_eq!(r.source.as_deref(), Some("وكالة الاختبار"));
        assert_eq!(r.lang.as_deref(), Some("ar"));
        assert_eq!(
            r.body,
            Body::Html("<p>نص <b>كامل</b></p>".as_bytes().to_vec())
        );
        let r = out[1].as_ref().unwrap();
        assert_eq!(r.published.as_deref(), Some("2026-11-21"));
        assert_eq!(r.body, Body::Html("<p>فقرة</p>".as_bytes().to_vec()));
        let r = out[2].as_ref().unwrap();
        assert_eq!(r.body, Body::Text("نص عادي فقط".into()));
        assert_eq!(
            out[3].as_ref().unwrap_err().skip_reason(),
            Some(SkipReason::Empty)
        );
    }

    #[test]
    fn atom() {
        let out = run(r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">
<title type="text">موقع تجريبي</title>
<entry><title>أ</title><link rel="self" href="http://e.org/self"/><link rel="alternate" href="http://e.org/a"/>
<id>urn:x:1</id><published>2026-11-20T08:30:00Z</published><updated>2026-11-22T00:00:00Z</updated>
<content type="html">&lt;p&gt;نص&lt;/p&gt;</content></entry>
<entry><title>ب</title><link href="http://e.org/b"/><updated>2026-11-22T01:00:00+02:00</updated>
<content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>س &amp; ص<br/></p></div></content></entry>
<entry><title>ج</title><summary>ملخص نصي</summary></entry>
</feed>"#);
        assert_eq!(out.len(), 3);
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.url.as_deref(), Some("http://e.org/a"));
        assert_eq!(r.id.as_deref(), Some("urn:x:1"));
        assert_eq!(r.published.as_deref(), Some("2026-11-20T08:30:00Z"));
        assert_eq!(r.source.as_deref(), Some("موقع تجريبي"));
        assert_eq!(r.lang.as_deref(), Some("ar"));
        assert_eq!(r.body, Body::Html("<p>نص</p>".as_bytes().to_vec()));
        let r = out[1].as_ref().unwrap();
        assert_eq!(r.published.as_deref(), Some("2026-11-22T01:00:00+02:00"));
        let Body::Html(h) = &r.body else { panic!() };
        let h = String::from_utf8_lossy(h);
        assert!(h.contains("<p>س &amp; ص<br/></p>"), "{h}");
        assert_eq!(out[2].as_ref().unwrap().body, Body::Text("ملخص نصي".into()));
    }

    #[test]
    fn windows_1256_feed() {
        let mut data =
            b"<?xml version=\"1.0\" encoding=\"windows-1256\"?><rss><channel><title>".to_vec();
        let enc = |s: &str| encoding_rs::WINDOWS_1256.encode(s).0.into_owned();
        data.extend(enc("وكالة"));
        data.extend(b"</title><item><title>");
        data.extend(enc("عنوان"));
        data.extend(b"</title><description><![CDATA[<p>");
        data.extend(enc("نص الخبر"));
        data.extend(b"</p>]]></description></item></channel></rss>");
        let input: Input = Box::new(std::io::Cursor::new(data));
        let out: Vec<_> = read("w.rss".into(), input, &Options::default()).collect();
        let r = out[0].as_ref().unwrap();
        assert_eq!(r.source.as_deref(), Some("وكالة"));
        assert_eq!(r.title.as_deref(), Some("عنوان"));
        assert_eq!(r.body, Body::Html("<p>نص الخبر</p>".as_bytes().to_vec()));
        assert_eq!(r.charset.as_deref(), Some("utf-8"));
    }

    #[test]
    fn broken_xml_keeps_earlier_items() {
        let out = run(
            "<rss><channel><item><title>a</title><description>x</description></item>\
             <item><title>b</wrong></item></channel></rss>",
        );
        assert_eq!(out.len(), 2);
        assert!(out[0].is_ok());
        let e = out[1].as_ref().unwrap_err();
        assert!(e.to_string().contains("broken XML"), "{e}");
        assert!(e.input().ends_with("#2"));
    }

    #[test]
    fn truncated_and_not_a_feed() {
        let out = run("<rss><channel><item><title>a</title><description>x</description>");
        assert_eq!(out.len(), 1);
        assert_eq!(
            out[0].as_ref().unwrap_err().skip_reason(),
            Some(SkipReason::Truncated)
        );
        let out = run("<?xml version=\"1.0\"?><svg></svg>");
        assert_eq!(out.len(), 1);
        assert!(out[0].is_err());
    }
}
