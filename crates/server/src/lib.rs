//! HTTP JSON API and embedded web UI
