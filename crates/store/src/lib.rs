//! Embedded store: SQLite (WAL) for articles, annotations, events, sources, places, actors and
//! zones; a tantivy full-text index with an Arabic analyzer; cross-source event deduplication;
//! queries and exports.
//!
//! `api` is the contract other crates (server, cli) use. The store never runs annotators:
//! it receives fully annotated [`rasd_doc::Document`]s.
//!
//! Invariants:
//! - SQLite is the source of truth; one `put_documents` call is one transaction, so readers
//!   (other connections, other processes) never see a half-written document or event.
//! - The full-text index is derived data, committed after SQLite and caught up on open.
//! - Events are always recomputable from the per-article event reports (`reports` table);
//!   clustering is deterministic given storage order, and every merge records why.
//! - Never panics on stored or incoming data; errors name the offending article or query.
//! - Filter index tables (`event_keys`, `event_terms`, see [`index`]) are derived from the
//!   events and rewritten in the same transaction as the event row; migrations backfill them,
//!   and stored evidence terms are rebuilt when the analyzer fingerprint changes.
//! - Counts and statistics are cached only until [`Store::generation`] changes (any commit by
//!   any process), so readers never see stale totals for longer than one call.

pub mod aggregate;
pub mod alerts;
pub mod analyzer;
pub mod api;
pub mod backend;
mod cluster;
pub mod db;
pub mod dedup;
pub mod export;
mod fulltext;
pub mod geo;
pub mod index;
pub mod params;
pub mod pg;
mod query;
mod store;
pub mod synth;

pub use api::*;
pub use backend::EventStore;
pub use pg::PgStore;
pub use store::Store;
