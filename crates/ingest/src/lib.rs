//! Input readers: files, directories, WARC archives, RSS/Atom feeds, JSONL and plain text,
//! with encoding detection. Produces a stream of [`Record`]s; never parses article HTML
//! (that is `rasd-extract`'s job) and never panics on input.

use std::fmt;

/// The content of one record.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Raw HTML bytes, undecoded (the extractor decodes using `Record::charset` and the page itself).
    Html(Vec<u8>),
    /// Already plain text (JSONL `text`, `.txt` files, feed items without HTML).
    Text(String),
}

/// One document-to-be, as read from an input.
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    /// Where it came from: the file path, and for archives/feeds/JSONL `path#N` (record number, 1-based).
    pub input: String,
    /// Target URI (WARC-Target-URI, feed item link, JSONL `url`).
    pub url: Option<String>,
    /// Id given by the input (JSONL `id`), if any.
    pub id: Option<String>,
    /// Date the input attaches to the record (feed item date, JSONL `published`), ISO 8601 when parseable.
    pub published: Option<String>,
    /// Capture date (WARC-Date), ISO 8601. A weak hint for the publication date.
    pub fetched: Option<String>,
    /// Title given by the input (feed item title, JSONL `title`).
    pub title: Option<String>,
    /// Outlet given by the input (JSONL `source`, feed channel title).
    pub source: Option<String>,
    /// Language given by the input.
    pub lang: Option<String>,
    /// Charset declared by a transport header (HTTP Content-Type in WARC), if any.
    pub charset: Option<String>,
    pub body: Body,
}

impl Record {
    pub fn new(input: impl Into<String>, body: Body) -> Self {
        Record {
            input: input.into(),
            url: None,
            id: None,
            published: None,
            fetched: None,
            title: None,
            source: None,
            lang: None,
            charset: None,
            body,
        }
    }
}

/// Why a record or an input was skipped. Non-fatal: readers go on with the next record.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{input}: cannot read: {source}")]
    Io { input: String, source: std::io::Error },
    #[error("{input}: {reason}")]
    Skipped { input: String, reason: SkipReason },
    #[error("{input}: malformed: {message}")]
    Malformed { input: String, message: String },
}

/// Reasons for skipping, counted in summaries.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SkipReason {
    Empty,
    Binary,
    NotHtml,
    Redirect,
    TooLarge,
    Truncated,
    Unsupported,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SkipReason::Empty => "empty",
            SkipReason::Binary => "binary content",
            SkipReason::NotHtml => "not HTML",
            SkipReason::Redirect => "redirect",
            SkipReason::TooLarge => "too large",
            SkipReason::Truncated => "truncated",
            SkipReason::Unsupported => "unsupported format",
        })
    }
}
