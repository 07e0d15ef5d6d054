//! Input readers: files, directories, WARC archives, RSS/Atom feeds, JSONL and plain text,
//! with encoding detection. Produces a stream of [`Record`]s; never parses article HTML
//! (that is `rasd-extract`'s job) and never panics on input.
//!
//! Invariants:
//! - Streaming: records are produced lazily from buffered readers; memory does not grow
//!   with the number of records (a single record is capped at [`MAX_RECORD_BYTES`]).
//! - Every problem with an input becomes an `Err(IngestError)` naming the input (and the
//!   record number `path#N` inside containers); the iterator then goes on with the next
//!   record or file. Records already yielded stay valid.
//! - The input kind is detected from the content (magic bytes), the extension is only a hint.
//! - This crate knows nothing about article structure, Arabic or events.

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
    /// Charset declared by the transport, if any: the HTTP Content-Type charset in WARC
    /// (lower-case, e.g. `windows-1256`), or `utf-8` for HTML that came inside JSONL or a
    /// feed (already decoded by the JSON/XML parser, whatever the page's `<meta>` says).
    /// When set, it takes precedence over the page's own declaration.
    pub charset: Option<String>,
    pub body: Body,
    /// What the reader had to repair in this record (e.g. invalid UTF-8 bytes replaced); the
    /// ingest summary reports them with the record's name.
    pub warnings: Vec<String>,
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
            warnings: Vec::new(),
        }
    }
}

/// Why a record or an input was skipped. Non-fatal: readers go on with the next record.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{input}: cannot read: {source}")]
    Io {
        input: String,
        source: std::io::Error,
    },
    /// The record or input was skipped; `detail` says why in words (may be empty).
    #[error("{input}: skipped ({reason}){}{detail}", if .detail.is_empty() { "" } else { ": " })]
    Skipped {
        input: String,
        reason: SkipReason,
        detail: String,
    },
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
    /// HTTP status other than 200 and not a redirect (4xx, 5xx, 204, 206...).
    HttpStatus,
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
            SkipReason::HttpStatus => "HTTP status not 200",
        })
    }
}

impl IngestError {
    /// The input (path, or `path#N` for a record inside a container) the error is about.
    pub fn input(&self) -> &str {
        match self {
            IngestError::Io { input, .. }
            | IngestError::Skipped { input, .. }
            | IngestError::Malformed { input, .. } => input,
        }
    }

    /// The skip reason, if this is a skip (for summaries).
    pub fn skip_reason(&self) -> Option<SkipReason> {
        match self {
            IngestError::Skipped { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    pub(crate) fn skipped(
        input: impl Into<String>,
        reason: SkipReason,
        detail: impl Into<String>,
    ) -> Self {
        IngestError::Skipped {
            input: input.into(),
            reason,
            detail: detail.into(),
        }
    }

    pub(crate) fn malformed(input: impl Into<String>, message: impl Into<String>) -> Self {
        IngestError::Malformed {
            input: input.into(),
            message: message.into(),
        }
    }
}

mod date;
mod detect;
mod feed;
mod http;
mod jsonl;
mod paths;
mod text;
mod warc;

pub use date::normalize_date;
pub use detect::{detect_kind, InputKind};
pub use paths::{read_path, read_paths, read_paths_with, read_reader, Options};
pub use text::{damaged_utf8, decode_text, repair_record};

/// Longest extracted article text, in bytes, that is annotated and stored: the one cap of
/// `rasd ingest` and `POST /api/ingest`. News articles are KBs; megabytes of body text are a
/// dump (or an attack) that would tie up a worker for minutes.
pub const MAX_ARTICLE_BYTES: usize = 2 << 20;

/// `Err(reason)` when an extracted article text is longer than [`MAX_ARTICLE_BYTES`].
pub fn check_article_size(text: &str) -> Result<(), String> {
    if text.len() > MAX_ARTICLE_BYTES {
        Err(format!(
            "article text of {} bytes exceeds the limit of {MAX_ARTICLE_BYTES} bytes",
            text.len()
        ))
    } else {
        Ok(())
    }
}

/// Default cap on the size of a single record (decoded payload), 64 MiB.
pub const MAX_RECORD_BYTES: u64 = 64 * 1024 * 1024;

/// A lazy stream of records and per-record errors.
pub type Records = Box<dyn Iterator<Item = Result<Record, IngestError>> + Send>;
