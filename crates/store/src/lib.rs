//! Embedded store: SQLite + full-text index, cross-source event deduplication, queries and exports
