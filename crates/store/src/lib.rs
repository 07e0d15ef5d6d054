//! Embedded store: SQLite (WAL) for articles, annotations, events, sources, places, actors and
//! zones; a tantivy full-text index with an Arabic analyzer; cross-source event deduplication;
//! queries and exports.
//!
//! `api` is the contract other crates (server, cli) use. The store never runs annotators:
//! it receives fully annotated [`rasd_doc::Document`]s.

pub mod api;
pub use api::*;
