//! The whole annotation pipeline (segmentation, numbers, dates, places, entities, events) on a
//! short text (at most 4 KiB, like a news article), with a publication date or without.
//! Invariant: never panics and leaves a valid document.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

fn pipeline() -> &'static rasd_pipeline::Pipeline {
    static P: OnceLock<rasd_pipeline::Pipeline> = OnceLock::new();
    P.get_or_init(rasd_pipeline::Pipeline::new)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    if rest.len() > 4096 {
        return;
    }
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let mut doc = rasd_doc::Document::new("fuzz", text);
    if flags & 1 == 1 {
        doc.meta.published = Some("2021-03-14".into());
    }
    pipeline().annotate(&mut doc);
    if let Err(e) = doc.validate() {
        panic!("invalid document after annotate: {e}");
    }
    let _ = rasd_doc::annotate::AnnotatedRecord::from_document(&doc);
});
