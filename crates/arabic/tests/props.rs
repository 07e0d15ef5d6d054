//! Property tests: every function is total and every span is a valid char range of the input.

use proptest::prelude::*;
use rasd_arabic::*;
use rasd_doc::Document;

/// Strings mixing Arabic letters, marks, digits of three scripts, punctuation, quotes,
/// presentation forms, zero-width characters, Latin and arbitrary Unicode.
fn mixed() -> impl Strategy<Value = String> {
    let atoms = prop_oneof![
        Just("و".to_string()),
        Just("ال".to_string()),
        Just("بال".to_string()),
        Just("لل".to_string()),
        Just("مسلحين".to_string()),
        Just("بلدة".to_string()),
        Just("ها".to_string()),
        Just("ة".to_string()),
        Just("\u{064E}".to_string()),
        Just("ـ".to_string()),
        Just("\u{200C}".to_string()),
        Just("\u{200B}".to_string()),
        Just("ﻻ".to_string()),
        Just("ﷺ".to_string()),
        Just("١٢٫٥".to_string()),
        Just("۳".to_string()),
        Just("3.5".to_string()),
        Just("1,500".to_string()),
        Just("-".to_string()),
        Just(".".to_string()),
        Just("؟".to_string()),
        Just("«".to_string()),
        Just("»".to_string()),
        Just("\"".to_string()),
        Just("(".to_string()),
        Just(" ".to_string()),
        Just("\n".to_string()),
        Just("ثلاثة".to_string()),
        Just("عشر".to_string()),
        Just("وعشرين".to_string()),
        Just("آلاف".to_string()),
        Just("أكثر من".to_string()),
        Just("الخامس".to_string()),
        Just("M4".to_string()),
        any::<char>().prop_map(|c| c.to_string()),
    ];
    prop::collection::vec(atoms, 0..40).prop_map(|v| v.concat())
}

fn ok_span(s: &str, a: usize, b: usize) -> bool {
    a <= b && b <= s.len() && s.is_char_boundary(a) && s.is_char_boundary(b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn normalize_offsets_round_trip(s in mixed()) {
        for o in [NormOptions::MATCH, NormOptions::SEARCH, NormOptions::WORD] {
            let n = normalize_with(&s, o);
            for i in 0..=n.text.len() {
                prop_assert!(s.is_char_boundary(n.orig(i)));
            }
            for (i, _) in n.text.char_indices() {
                for (j, _) in n.text[i..].char_indices().take(4) {
                    let (a, b) = n.to_original(i, i + j);
                    prop_assert!(ok_span(&s, a, b));
                }
            }
            // monotone map
            for i in 1..=n.text.len() {
                prop_assert!(n.orig(i - 1) <= n.orig(i));
            }
        }
    }

    #[test]
    fn arbitrary_unicode_offsets(s in any::<String>()) {
        let n = normalize(&s);
        for i in 0..=n.text.len() {
            prop_assert!(s.is_char_boundary(n.orig(i)));
        }
        let mut d = Document::new("p", s.clone());
        segment(&mut d);
        tag_numbers(&mut d);
        prop_assert!(d.validate().is_ok());
        index_terms(&s, |a, b, _| assert!(ok_span(&s, a, b)));
    }

    #[test]
    fn segment_and_numbers_are_valid(s in mixed()) {
        let mut d = Document::new("p", s.clone());
        segment(&mut d);
        tag_numbers(&mut d);
        prop_assert!(d.validate().is_ok(), "{:?}", d.validate());
        for t in &d.tokens {
            prop_assert!(t.span.contains(&t.stem));
            prop_assert!(!t.span.is_empty());
        }
        for w in d.tokens.windows(2) {
            prop_assert!(w[0].span.end <= w[1].span.start);
        }
        for w in d.sentences.windows(2) {
            prop_assert!(w[0].end <= w[1].start);
        }
        for n in &d.numbers {
            prop_assert!(n.value.is_finite());
        }
        let mut last = 0;
        index_terms(&s, |a, b, t| {
            assert!(ok_span(&s, a, b) && a >= last && !t.is_empty());
            last = b;
        });
    }

    #[test]
    fn helpers_total(s in mixed(), k in 0usize..64) {
        let _ = clitic_variants(&s).count();
        let _ = light_stem(&s);
        let _ = parse_number_words(&s);
        let _ = number_word_value(&s);
        if let Some(m) = parse_number_at(&s, k.min(s.len())) {
            prop_assert!(ok_span(&s, m.start, m.end));
        }
    }
}
