//! A fast, tolerant HTML tokenizer that builds a light arena DOM.
//!
//! Not a full HTML5 parser: it implements the parts that matter for article
//! extraction (implicit `p`/`li`/`td` closing, void and raw-text elements,
//! comments, character references) and never fails. Nodes are stored in
//! document (pre-)order, so the descendants of node `i` are exactly the ids
//! `i+1 .. nodes[i].end`: every algorithm over the tree is a flat loop, with no
//! recursion (a page nested 100,000 levels deep cannot overflow the stack).
//! Nesting deeper than [`MAX_DEPTH`] is flattened.

use crate::entities::decode_into;

/// Maximum element nesting kept; deeper start tags are ignored (their text is kept).
pub const MAX_DEPTH: usize = 512;
/// How far up the stack an end tag looks for its start tag.
const END_TAG_SEARCH: usize = 256;
/// "No node".
pub const NONE: u32 = u32::MAX;

macro_rules! tags {
    ($($v:ident = $s:literal),* $(,)?) => {
        /// Element kinds the extractor distinguishes (everything else is `Other`).
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub enum Tag { Root, Text, Other, $($v),* }
        fn tag_of(name: &[u8]) -> Tag {
            match name { $($s => Tag::$v,)* _ => Tag::Other }
        }
    };
}

tags! {
    Html = b"html", Head = b"head", Body = b"body", Title = b"title", Meta = b"meta", Link = b"link",
    Base = b"base", Script = b"script", Style = b"style", Noscript = b"noscript", Template = b"template",
    Svg = b"svg", Math = b"math", Iframe = b"iframe", P = b"p", Div = b"div", Span = b"span", A = b"a",
    Br = b"br", Hr = b"hr", Img = b"img", H1 = b"h1", H2 = b"h2", H3 = b"h3", H4 = b"h4", H5 = b"h5",
    H6 = b"h6", Ul = b"ul", Ol = b"ol", Li = b"li", Dl = b"dl", Dt = b"dt", Dd = b"dd", Table = b"table",
    Thead = b"thead", Tbody = b"tbody", Tfoot = b"tfoot", Tr = b"tr", Td = b"td", Th = b"th",
    Caption = b"caption", Article = b"article", Section = b"section", Main = b"main", Header = b"header",
    Footer = b"footer", Nav = b"nav", Aside = b"aside", Figure = b"figure", Figcaption = b"figcaption",
    Blockquote = b"blockquote", Pre = b"pre", Code = b"code", Form = b"form", Input = b"input",
    Button = b"button", Select = b"select", Option = b"option", Textarea = b"textarea", Label = b"label",
    Time = b"time", Address = b"address", B = b"b", Strong = b"strong", I = b"i", Em = b"em", U = b"u",
    Font = b"font", Small = b"small", Sup = b"sup", Sub = b"sub", Center = b"center", Picture = b"picture",
    Source = b"source", Video = b"video", Audio = b"audio", Canvas = b"canvas", Object = b"object",
    Embed = b"embed", Dialog = b"dialog", Menu = b"menu", Details = b"details", Summary = b"summary",
    Area = b"area", Col = b"col", Param = b"param", Track = b"track", Wbr = b"wbr", Xmp = b"xmp",
    Noembed = b"noembed", Noframes = b"noframes", Fieldset = b"fieldset", Frameset = b"frameset",
    Frame = b"frame", Q = b"q", Cite = b"cite", Abbr = b"abbr", Mark = b"mark", Del = b"del", Ins = b"ins",
    Big = b"big", Tt = b"tt", Address2 = b"hgroup", Map = b"map",
}

impl Tag {
    pub fn is_void(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Br | Hr
                | Img
                | Meta
                | Link
                | Base
                | Input
                | Source
                | Embed
                | Area
                | Col
                | Param
                | Track
                | Wbr
                | Frame
        )
    }
    fn is_raw_text(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Script | Style | Textarea | Title | Iframe | Xmp | Noembed | Noframes
        )
    }
    /// Elements whose start closes an open `p`.
    fn closes_p(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Address
                | Article
                | Aside
                | Blockquote
                | Div
                | Dl
                | Fieldset
                | Figure
                | Footer
                | Form
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Header
                | Hr
                | Main
                | Nav
                | Ol
                | P
                | Pre
                | Section
                | Table
                | Ul
                | Menu
                | Details
                | Dialog
                | Center
                | Address2
                | Figcaption
        )
    }
    fn is_scope_boundary(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Root | Html | Table | Td | Th | Caption | Template | Button | Object
        )
    }
    pub fn is_heading(self) -> bool {
        use Tag::*;
        matches!(self, H1 | H2 | H3 | H4 | H5 | H6)
    }
    /// Block-level for text layout: starting or ending one breaks the paragraph.
    pub fn is_block(self) -> bool {
        use Tag::*;
        matches!(
            self,
            Root | Html
                | Body
                | P
                | Div
                | H1
                | H2
                | H3
                | H4
                | H5
                | H6
                | Ul
                | Ol
                | Li
                | Dl
                | Dt
                | Dd
                | Table
                | Thead
                | Tbody
                | Tfoot
                | Tr
                | Td
                | Th
                | Caption
                | Article
                | Section
                | Main
                | Header
                | Footer
                | Nav
                | Aside
                | Figure
                | Figcaption
                | Blockquote
                | Pre
                | Form
                | Address
                | Center
                | Details
                | Summary
                | Menu
                | Dialog
                | Fieldset
                | Hr
                | Br
                | Address2
                | Option
                | Select
                | Textarea
        )
    }
}

/// Attributes the extractor reads (others are dropped while parsing).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum AttrName {
    Class,
    Id,
    Href,
    Content,
    Property,
    Name,
    Itemprop,
    Datetime,
    Rel,
    HttpEquiv,
    Charset,
    Type,
    Lang,
    Role,
    Style,
    Hidden,
    AriaHidden,
    Value,
    /// `title`, kept only when short and holding a digit (dates in microformats).
    Title,
}

fn attr_of(name: &[u8]) -> Option<AttrName> {
    use AttrName::*;
    let mut buf = [0u8; 12];
    if name.len() > buf.len() {
        return None;
    }
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    Some(match &buf[..name.len()] {
        b"class" => Class,
        b"id" => Id,
        b"href" => Href,
        b"content" => Content,
        b"property" => Property,
        b"name" => Name,
        b"itemprop" => Itemprop,
        b"datetime" => Datetime,
        b"rel" => Rel,
        b"http-equiv" => HttpEquiv,
        b"charset" => Charset,
        b"type" => Type,
        b"lang" => Lang,
        b"role" => Role,
        b"style" => Style,
        b"hidden" => Hidden,
        b"aria-hidden" => AriaHidden,
        b"value" => Value,
        b"title" => Title,
        _ => return None,
    })
}

#[derive(Clone, Copy, Debug)]
pub struct Attr {
    pub name: AttrName,
    pub start: u32,
    pub end: u32,
}

/// One node. For `Tag::Text`, `text_start..text_end` is its (decoded) text in [`Dom::buf`].
#[derive(Clone, Copy, Debug)]
pub struct Node {
    pub tag: Tag,
    pub parent: u32,
    /// One past the last descendant id.
    pub end: u32,
    pub text_start: u32,
    pub text_end: u32,
    pub attr_start: u32,
    pub attr_end: u32,
}

/// The parsed page.
#[derive(Debug, Default)]
pub struct Dom {
    pub nodes: Vec<Node>,
    pub attrs: Vec<Attr>,
    /// Decoded text of text nodes and attribute values.
    pub buf: String,
    /// The `<title>` text.
    pub title: Option<String>,
    /// Contents of `<script type="application/ld+json">` blocks.
    pub json_ld: Vec<String>,
    /// Whether nesting deeper than [`MAX_DEPTH`] was flattened.
    pub flattened: bool,
}

impl Dom {
    pub fn text(&self, i: usize) -> &str {
        let n = &self.nodes[i];
        self.buf
            .get(n.text_start as usize..n.text_end as usize)
            .unwrap_or("")
    }

    pub fn attr(&self, i: usize, name: AttrName) -> Option<&str> {
        let n = &self.nodes[i];
        self.attrs[n.attr_start as usize..n.attr_end as usize]
            .iter()
            .find(|a| a.name == name)
            .and_then(|a| self.buf.get(a.start as usize..a.end as usize))
    }

    /// Text content of the subtree of `i`, whitespace collapsed.
    pub fn inner_text(&self, i: usize) -> String {
        let mut out = String::new();
        let end = self.nodes[i].end as usize;
        for j in i..end.min(self.nodes.len()) {
            if self.nodes[j].tag == Tag::Text {
                push_collapsed(&mut out, self.text(j));
            }
        }
        let t = out.trim_end().len();
        out.truncate(t);
        out
    }

    /// Parse a page (never fails).
    pub fn parse(s: &str) -> Dom {
        let mut b = Builder::new(s.len());
        b.run(s);
        b.finish()
    }
}

/// Append `s` with runs of whitespace collapsed to one space (no leading space on an empty buffer).
pub fn push_collapsed(out: &mut String, s: &str) {
    let mut space = out.is_empty() || out.ends_with(' ');
    for c in s.chars() {
        if c == '\u{AD}' {
            // soft hyphen: an invisible hyphenation hint ("Mit\u{AD}tel\u{AD}al\u{AD}ter")
            continue;
        }
        if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
            if !space {
                out.push(' ');
                space = true;
            }
        } else {
            out.push(c);
            space = false;
        }
    }
}

struct Builder {
    dom: Dom,
    stack: Vec<u32>,
    /// Extra start tags ignored beyond MAX_DEPTH (their end tags are ignored too).
    last_text: u32,
}

impl Builder {
    fn new(len: usize) -> Self {
        let mut dom = Dom {
            nodes: Vec::with_capacity(len / 40 + 16),
            buf: String::with_capacity(len / 2),
            ..Default::default()
        };
        dom.nodes.push(Node {
            tag: Tag::Root,
            parent: NONE,
            end: 1,
            text_start: 0,
            text_end: 0,
            attr_start: 0,
            attr_end: 0,
        });
        Builder {
            dom,
            stack: vec![0],
            last_text: NONE,
        }
    }

    fn top(&self) -> u32 {
        *self.stack.last().unwrap_or(&0)
    }

    fn add_node(&mut self, tag: Tag, attr_start: u32) -> u32 {
        let id = self.dom.nodes.len() as u32;
        let parent = self.top();
        self.dom.nodes.push(Node {
            tag,
            parent,
            end: id + 1,
            text_start: 0,
            text_end: 0,
            attr_start,
            attr_end: self.dom.attrs.len() as u32,
        });
        self.last_text = NONE;
        id
    }

    fn text(&mut self, raw: &str) {
        if raw.is_empty() {
            return;
        }
        // Merge with the previous text node if nothing came in between.
        if self.last_text != NONE
            && self.dom.nodes[self.last_text as usize].text_end as usize == self.dom.buf.len()
        {
            decode_into(raw, &mut self.dom.buf);
            self.dom.nodes[self.last_text as usize].text_end = self.dom.buf.len() as u32;
            return;
        }
        let start = self.dom.buf.len() as u32;
        decode_into(raw, &mut self.dom.buf);
        let id = self.add_node(Tag::Text, self.dom.attrs.len() as u32);
        let n = &mut self.dom.nodes[id as usize];
        n.text_start = start;
        n.text_end = self.dom.buf.len() as u32;
        self.last_text = id;
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            let id = self.stack.pop().unwrap_or(0);
            self.dom.nodes[id as usize].end = self.dom.nodes.len() as u32;
            self.last_text = NONE;
        }
    }

    /// Pop up to and including the first open `tag` found above a boundary; returns whether found.
    fn close_in_scope(&mut self, tags: &[Tag], stop: &[Tag], limit: usize) -> bool {
        let n = self.stack.len();
        for k in (0..n).rev().take(limit) {
            let t = self.dom.nodes[self.stack[k] as usize].tag;
            if tags.contains(&t) {
                while self.stack.len() > k {
                    self.pop();
                }
                return true;
            }
            if t.is_scope_boundary() || stop.contains(&t) {
                return false;
            }
        }
        false
    }

    fn start_tag(&mut self, tag: Tag, attr_start: u32) {
        use Tag::*;
        if tag.closes_p() {
            self.close_in_scope(&[P], &[], 64);
        }
        match tag {
            Body => {
                self.close_in_scope(&[Head], &[], 8);
            }
            Li => {
                self.close_in_scope(&[Li], &[Ul, Ol, Menu], 64);
            }
            Dt | Dd => {
                self.close_in_scope(&[Dt, Dd], &[Dl], 64);
            }
            Tr => {
                self.close_in_scope(&[Tr], &[Table, Thead, Tbody, Tfoot], 64);
            }
            Td | Th => {
                self.close_in_scope(&[Td, Th], &[Tr, Table], 64);
            }
            Thead | Tbody | Tfoot => {
                self.close_in_scope(&[Thead, Tbody, Tfoot], &[Table], 64);
            }
            Option => {
                let t = self.dom.nodes[self.top() as usize].tag;
                if t == Option {
                    self.pop();
                }
            }
            A => {
                self.close_in_scope(&[A], &[], 32);
            }
            _ if tag.is_heading() => {
                let t = self.dom.nodes[self.top() as usize].tag;
                if t.is_heading() {
                    self.pop();
                }
            }
            _ => {}
        }
        if tag.is_void() {
            self.add_node(tag, attr_start);
            return;
        }
        if self.stack.len() >= MAX_DEPTH {
            self.dom.flattened = true;
            self.dom.attrs.truncate(attr_start as usize);
            return;
        }
        let id = self.add_node(tag, attr_start);
        self.stack.push(id);
    }

    fn end_tag(&mut self, tag: Tag) {
        match tag {
            Tag::Br => {
                self.add_node(Tag::Br, self.dom.attrs.len() as u32);
            }
            Tag::Head => {
                self.close_in_scope(&[Tag::Head], &[], 8);
            }
            Tag::Body | Tag::Html => {}
            Tag::Other => {
                // unknown elements: close only if it is the current node
                let t = self.dom.nodes[self.top() as usize].tag;
                if t == Tag::Other {
                    self.pop();
                }
            }
            _ => {
                let n = self.stack.len();
                for k in (1..n).rev().take(END_TAG_SEARCH) {
                    if self.dom.nodes[self.stack[k] as usize].tag == tag {
                        while self.stack.len() > k {
                            self.pop();
                        }
                        return;
                    }
                }
            }
        }
    }

    fn finish(mut self) -> Dom {
        while self.stack.len() > 1 {
            self.pop();
        }
        self.dom.nodes[0].end = self.dom.nodes.len() as u32;
        self.dom
    }

    fn run(&mut self, s: &str) {
        let b = s.as_bytes();
        let n = b.len();
        let mut pos = 0;
        while pos < n {
            let lt = match memchr::memchr(b'<', &b[pos..]) {
                Some(o) => pos + o,
                None => {
                    self.text(&s[pos..]);
                    break;
                }
            };
            let next = b.get(lt + 1).copied().unwrap_or(0);
            if next == b'!' {
                self.text(&s[pos..lt]);
                if b[lt..].starts_with(b"<!--") {
                    pos = match memchr::memmem::find(&b[lt + 4..], b"-->") {
                        Some(o) => lt + 4 + o + 3,
                        None => n,
                    };
                } else if b[lt..].starts_with(b"<![CDATA[") {
                    let e = memchr::memmem::find(&b[lt + 9..], b"]]>")
                        .map(|o| lt + 9 + o)
                        .unwrap_or(n);
                    self.text(&s[lt + 9..e]);
                    pos = (e + 3).min(n);
                } else {
                    pos = skip_to_gt(b, lt + 2);
                }
                continue;
            }
            if next == b'?' {
                self.text(&s[pos..lt]);
                pos = skip_to_gt(b, lt + 2);
                continue;
            }
            if next == b'/' {
                let name_start = lt + 2;
                let name_end = scan_name(b, name_start);
                self.text(&s[pos..lt]);
                if name_end == name_start {
                    // `</>` or `</ junk>`: a bogus comment
                    pos = skip_to_gt(b, name_start);
                    continue;
                }
                let tag = lower_tag(&b[name_start..name_end]);
                pos = skip_to_gt(b, name_end);
                self.end_tag(tag);
                continue;
            }
            if !next.is_ascii_alphabetic() {
                // a literal '<'
                self.text(&s[pos..lt + 1]);
                pos = lt + 1;
                continue;
            }
            self.text(&s[pos..lt]);
            let name_end = scan_name(b, lt + 1);
            let tag = lower_tag(&b[lt + 1..name_end]);
            let attr_start = self.dom.attrs.len() as u32;
            let (after, _self_closing) = self.parse_attrs(s, name_end);
            pos = after;
            if tag == Tag::Other || tag == Tag::Svg || tag == Tag::Math {
                // foreign / unknown elements may self-close (`<svg/>`, `<x-y/>`): treat as a start tag then
                self.start_tag(tag, attr_start);
                if _self_closing {
                    self.pop();
                }
                continue;
            }
            self.start_tag(tag, attr_start);
            if tag.is_raw_text() {
                let close = find_end_tag(b, pos, &b[lt + 1..name_end]);
                let content = &s[pos..close.0];
                match tag {
                    Tag::Title if self.dom.title.is_none() => {
                        let mut t = String::new();
                        decode_into(content, &mut t);
                        self.dom.title = Some(t);
                    }
                    Tag::Script => {
                        let is_ld = self
                            .dom
                            .attrs
                            .get(attr_start as usize..)
                            .unwrap_or(&[])
                            .iter()
                            .any(|a| {
                                a.name == AttrName::Type
                                    && self
                                        .dom
                                        .buf
                                        .get(a.start as usize..a.end as usize)
                                        .is_some_and(|v| {
                                            v.eq_ignore_ascii_case("application/ld+json")
                                        })
                            });
                        if is_ld && self.dom.json_ld.len() < 32 {
                            self.dom.json_ld.push(content.to_string());
                        }
                    }
                    Tag::Textarea => self.text(content),
                    _ => {}
                }
                // The raw-text element itself ends here.
                if self.dom.nodes[self.top() as usize].tag == tag {
                    self.pop();
                }
                pos = close.1;
            }
        }
    }

    /// Parse attributes from `i` (just after the tag name). Returns the position after `>` and whether it was `/>`.
    fn parse_attrs(&mut self, s: &str, mut i: usize) -> (usize, bool) {
        let b = s.as_bytes();
        let n = b.len();
        let mut self_closing = false;
        let mut count = 0;
        loop {
            while i < n && (b[i].is_ascii_whitespace() || b[i] == b'/') {
                self_closing = b[i] == b'/';
                i += 1;
            }
            if i >= n {
                return (n, false);
            }
            if b[i] == b'>' {
                return (i + 1, self_closing);
            }
            self_closing = false;
            let ns = i;
            i += 1; // the first char may be anything (even '=' or a quote)
            while i < n
                && !b[i].is_ascii_whitespace()
                && b[i] != b'='
                && b[i] != b'>'
                && b[i] != b'/'
            {
                i += 1;
            }
            let name = &b[ns..i];
            while i < n && b[i].is_ascii_whitespace() {
                i += 1;
            }
            let (vs, ve) = if i < n && b[i] == b'=' {
                i += 1;
                while i < n && b[i].is_ascii_whitespace() {
                    i += 1;
                }
                if i < n && (b[i] == b'"' || b[i] == b'\'') {
                    let q = b[i];
                    match memchr::memchr(q, &b[i + 1..]) {
                        Some(o) => {
                            let r = (i + 1, i + 1 + o);
                            i = i + 2 + o;
                            r
                        }
                        None => {
                            // unterminated quote: take up to the next '>'
                            let e = memchr::memchr(b'>', &b[i + 1..])
                                .map(|o| i + 1 + o)
                                .unwrap_or(n);
                            let r = (i + 1, e);
                            i = e;
                            r
                        }
                    }
                } else {
                    let st = i;
                    while i < n && !b[i].is_ascii_whitespace() && b[i] != b'>' {
                        i += 1;
                    }
                    (st, i)
                }
            } else {
                (i, i)
            };
            count += 1;
            if count > 256 {
                continue;
            }
            if let Some(an) = attr_of(name) {
                if an == AttrName::Title
                    && (ve - vs > 64 || !b[vs..ve].iter().any(u8::is_ascii_digit))
                {
                    continue;
                }
                // s[vs..ve] is on char boundaries: vs/ve are next to ASCII bytes or at the ends
                if let Some(v) = s.get(vs..ve) {
                    let start = self.dom.buf.len() as u32;
                    decode_into(v, &mut self.dom.buf);
                    self.dom.attrs.push(Attr {
                        name: an,
                        start,
                        end: self.dom.buf.len() as u32,
                    });
                }
            }
        }
    }
}

fn scan_name(b: &[u8], mut i: usize) -> usize {
    while i < b.len() && !b[i].is_ascii_whitespace() && b[i] != b'>' && b[i] != b'/' {
        i += 1;
    }
    i
}

fn lower_tag(name: &[u8]) -> Tag {
    let mut buf = [0u8; 10];
    if name.len() > buf.len() {
        return Tag::Other;
    }
    for (d, s) in buf.iter_mut().zip(name) {
        *d = s.to_ascii_lowercase();
    }
    tag_of(&buf[..name.len()])
}

fn skip_to_gt(b: &[u8], i: usize) -> usize {
    if i >= b.len() {
        return b.len();
    }
    match memchr::memchr(b'>', &b[i..]) {
        Some(o) => i + o + 1,
        None => b.len(),
    }
}

/// Find `</name` (case-insensitive) from `i`; returns (content end, position after the end tag).
fn find_end_tag(b: &[u8], i: usize, name: &[u8]) -> (usize, usize) {
    let mut j = i;
    while j < b.len() {
        let Some(o) = memchr::memmem::find(&b[j..], b"</") else {
            break;
        };
        let k = j + o;
        let ns = k + 2;
        if ns + name.len() <= b.len() && b[ns..ns + name.len()].eq_ignore_ascii_case(name) {
            let after = b.get(ns + name.len()).copied().unwrap_or(b'>');
            if after == b'>' || after == b'/' || after.is_ascii_whitespace() {
                return (k, skip_to_gt(b, ns + name.len()));
            }
        }
        j = k + 2;
    }
    (b.len(), b.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(d: &Dom) -> Vec<Tag> {
        d.nodes.iter().map(|n| n.tag).collect()
    }

    #[test]
    fn basic_tree() {
        let d = Dom::parse("<html><body><div class='a b'><p>one &amp; two<p>three</div><!-- c --><br>x</body></html>");
        assert_eq!(
            tags(&d),
            vec![
                Tag::Root,
                Tag::Html,
                Tag::Body,
                Tag::Div,
                Tag::P,
                Tag::Text,
                Tag::P,
                Tag::Text,
                Tag::Br,
                Tag::Text
            ]
        );
        assert_eq!(d.attr(3, AttrName::Class), Some("a b"));
        assert_eq!(d.text(5), "one & two");
        // the second p is a sibling of the first (implicitly closed)
        assert_eq!(d.nodes[6].parent, 3);
        assert_eq!(d.nodes[3].end, 8);
        assert_eq!(d.inner_text(3), "one & twothree");
    }

    #[test]
    fn raw_text_and_title() {
        let d = Dom::parse("<title>A &amp; B</title><script>if (a<b) { x = '</div>' }</script><script type=\"application/ld+json\">{\"a\":1}</script><p>t</p>");
        assert_eq!(d.title.as_deref(), Some("A & B"));
        assert_eq!(d.json_ld, vec!["{\"a\":1}".to_string()]);
        let texts: Vec<&str> = (0..d.nodes.len())
            .filter(|&i| d.nodes[i].tag == Tag::Text)
            .map(|i| d.text(i))
            .collect();
        assert_eq!(texts, vec!["t"]);
    }

    #[test]
    fn deep_nesting_is_flattened() {
        let n = 100_000;
        let s = "<div>".repeat(n) + "x" + &"</div>".repeat(n);
        let d = Dom::parse(&s);
        assert!(d.flattened);
        assert!(d.nodes.len() <= MAX_DEPTH + 3);
        assert_eq!(d.inner_text(0), "x");
    }

    #[test]
    fn broken_markup() {
        for s in [
            "<",
            "<a",
            "<a href='x",
            "</",
            "<!--",
            "<!doctype",
            "<p <b>",
            "a < b > c",
            "<script>",
            "<title>x",
            "<x/><svg/>t",
            "</p></div>",
        ] {
            let d = Dom::parse(s);
            assert_eq!(d.nodes[0].end as usize, d.nodes.len());
        }
        assert_eq!(Dom::parse("a < b").inner_text(0), "a < b");
    }
}
