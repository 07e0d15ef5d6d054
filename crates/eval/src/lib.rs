//! Scoring of annotations against gold files (SCHEMA.md matching rules)
