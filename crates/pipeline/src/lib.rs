//! The annotate pipeline: runs the language, time, places and events annotators on a document.
//!
//! Order: segmentation (paragraphs, sentences, tokens, numbers) → dates → places → entities and events.
//! Each annotator only adds layers; none rewrites `Document::text`.
