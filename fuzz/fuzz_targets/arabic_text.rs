//! Arabic core (rasd-arabic): normalization with its offset map, tokens, clitics, stems, index
//! terms, paragraphs and sentences. Invariant: every function is total and every span it
//! returns is a char range of the original text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rasd_arabic::{normalize, normalize_key, normalize_with, NormOptions};

fn char_range(text: &str, a: usize, b: usize) -> bool {
    a <= b && text.get(a..b).is_some()
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for opts in [NormOptions::MATCH, NormOptions::SEARCH, NormOptions::WORD] {
        let n = normalize_with(text, opts);
        for i in 0..=n.text.len() {
            if n.text.is_char_boundary(i) {
                let o = n.orig(i);
                assert!(text.is_char_boundary(o), "orig({i}) = {o} not a boundary");
            }
        }
        let (a, b) = n.to_original(0, n.text.len());
        assert!(char_range(text, a, b));
    }
    let _ = normalize(text);
    let _ = normalize_key(text);
    for (a, b, _) in rasd_arabic::tokens(text) {
        assert!(char_range(text, a, b), "token {a}..{b}");
        let w = &text[a..b];
        let _ = rasd_arabic::clitics::split(w);
        let _ = rasd_arabic::clitic_variants(w).count();
        let _ = rasd_arabic::light_stem(w);
    }
    let toks = rasd_arabic::tokenize_with_stems(text);
    for t in &toks {
        assert!(char_range(text, t.span.start as usize, t.span.end as usize));
        assert!(char_range(text, t.stem.start as usize, t.stem.end as usize));
    }
    rasd_arabic::index_terms(text, |a, b, _| assert!(char_range(text, a, b)));
    let paras = rasd_arabic::paragraphs(text);
    for s in rasd_arabic::sentences(text, &paras, &toks) {
        assert!(char_range(text, s.start as usize, s.end as usize));
    }
    let mut doc = rasd_doc::Document::new("fuzz", text);
    rasd_arabic::segment(&mut doc);
    if let Err(e) = doc.validate() {
        panic!("invalid document after segment: {e}");
    }
});
