//! Fuzz target: no panic on any input, and every layer stays a valid char range.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let s = s.as_ref();
    let n = rasd_arabic::normalize(s);
    for i in 0..=n.text.len() {
        assert!(s.is_char_boundary(n.orig(i)));
    }
    let mut doc = rasd_doc::Document::new("fuzz", s);
    rasd_arabic::segment(&mut doc);
    rasd_arabic::tag_numbers(&mut doc);
    assert!(doc.validate().is_ok());
    rasd_arabic::index_terms(s, |a, b, _| assert!(a <= b && s.is_char_boundary(a) && s.is_char_boundary(b)));
    if let Some(w) = s.split_whitespace().next() {
        let _ = rasd_arabic::clitic_variants(w).count();
        let _ = rasd_arabic::parse_number_words(w);
    }
    let _ = rasd_arabic::parse_number_at(s, data.len() % (s.len() + 1));
});
