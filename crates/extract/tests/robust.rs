//! Robustness: arbitrary bytes, broken and deeply nested HTML, huge pages never panic,
//! and the produced documents are always valid (spans on char boundaries).

use proptest::prelude::*;
use rasd_ingest::{Body, Record};

fn run(bytes: Vec<u8>, charset: Option<&str>) -> rasd_extract::Extracted {
    let mut rec = Record::new("test", Body::Html(bytes));
    rec.charset = charset.map(str::to_string);
    rec.url = Some("https://x.example/a/b.html".into());
    let ex = rasd_extract::extract(&rec);
    ex.doc.validate().unwrap();
    assert_eq!(
        ex.doc.paragraphs.len(),
        if ex.doc.text.is_empty() {
            0
        } else {
            ex.doc.text.split('\n').count()
        }
    );
    ex
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        run(bytes, None);
    }

    #[test]
    fn tag_soup_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("<div class='content'>".to_string()), Just("</div>".to_string()), Just("<p>".to_string()), Just("</p>".to_string()),
        Just("<a href='/x'>".to_string()), Just("</a>".to_string()), Just("<script>".to_string()), Just("<!--".to_string()),
        Just("-->".to_string()), Just("<br>".to_string()), Just("<table><tr><td>".to_string()), Just("&amp;&#x62".to_string()),
        Just("<meta charset=windows-1256>".to_string()), Just("<title>".to_string()), Just("<li>".to_string()),
        "[a-z ،.]{0,40}".prop_map(|s| s), "[\\u0600-\\u06FF ]{0,40}".prop_map(|s| s),
        Just("<time datetime='2020-09-05T10:00:00+03:00'>".to_string()), Just("<h1>".to_string()), Just("\"'<>".to_string()),
    ], 0..80), cs in proptest::option::of(prop_oneof![Just("utf-8"), Just("windows-1256"), Just("bogus")])) {
        run(parts.concat().into_bytes(), cs);
    }
}

#[test]
fn deep_nesting_and_unclosed() {
    for n in [100_000usize, 200_000] {
        let s = "<div><span>".repeat(n)
            + "<p>نص المقال هنا، وهو طويل بما يكفي ليكون فقرة من فقرات الخبر.</p>";
        let ex = run(s.into_bytes(), None);
        assert!(ex.warnings.iter().any(|w| w.contains("flattened")));
    }
    let s = "</div>".repeat(100_000) + &"<b>".repeat(50_000) + "x";
    run(s.into_bytes(), None);
}

#[test]
fn huge_page() {
    let para = "<p>اندلعت اشتباكات عنيفة بين الطرفين على محور القرية، وأسفرت عن مقتل عنصرين وإصابة ثلاثة آخرين بجروح.</p>\n";
    let mut s =
        String::from("<html><head><title>عنوان</title></head><body><div class='article-body'>");
    while s.len() < 50_000_000 {
        s.push_str(para);
    }
    s.push_str("</div></body></html>");
    let ex = run(s.into_bytes(), None);
    assert!(ex.doc.paragraphs.len() > 100_000);
}

#[test]
fn empty_and_binary() {
    let ex = run(Vec::new(), None);
    assert!(ex.doc.text.is_empty());
    assert!(!ex.warnings.is_empty());
    let junk: Vec<u8> = (0..100_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    let ex = run(junk, None);
    assert!(!ex.warnings.is_empty());
}

#[test]
fn text_records() {
    let mut rec = Record::new("a.txt", Body::Text("سطر أول\n\n  سطر ثان  \n".into()));
    rec.id = Some("x1".into());
    let ex = rasd_extract::extract(&rec);
    assert_eq!(ex.doc.id, "x1");
    let ps: Vec<&str> = ex
        .doc
        .paragraphs
        .iter()
        .map(|s| ex.doc.span_text(*s))
        .collect();
    assert_eq!(ps, vec!["سطر أول", "سطر ثان"]);
    let rec = Record::new("b.txt", Body::Text(String::new()));
    let ex = rasd_extract::extract(&rec);
    assert!(ex.doc.id.starts_with("doc-") && ex.doc.id.len() == 20);
}
