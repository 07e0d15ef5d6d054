//! Number parser (rasd-arabic): digits in any script, number words, ranges, vague quantities,
//! approximators, ordinals; parsed at every char boundary as the date tagger does, and as a
//! document layer. Invariant: never panics, spans are char ranges, values are finite.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = rasd_arabic::parse_digits(text);
    let _ = rasd_arabic::parse_number_words(text);
    let _ = rasd_arabic::number_word_value(text);
    for (i, _) in text.char_indices().take(256) {
        if let Some(m) = rasd_arabic::parse_number_at(text, i) {
            assert!(m.start <= m.end && text.get(m.start..m.end).is_some());
            assert!(!m.value.is_nan(), "NaN value at {i}");
        }
    }
    let mut doc = rasd_doc::Document::new("fuzz", text);
    rasd_arabic::tag_numbers(&mut doc);
    rasd_arabic::segment(&mut doc);
    rasd_arabic::tag_numbers(&mut doc);
    if let Err(e) = doc.validate() {
        panic!("invalid document after tag_numbers: {e}");
    }
});
