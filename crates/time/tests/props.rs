//! Property tests: never panic, spans are valid char ranges, values well formed.

use proptest::prelude::*;

const PIECES: &[&str] = &[
    "أمس",
    "اليوم",
    "الجمعة",
    "الماضي",
    "قبل",
    "الفائت",
    "آذار",
    "/",
    "مارس",
    "(",
    ")",
    "-",
    "2020",
    "28",
    "5",
    "31",
    "من",
    "الشهر",
    "ذاته",
    "العام",
    "التالي",
    "مطلع",
    "أواخر",
    "الساعة",
    "8.30",
    "صباحاً",
    "ليلة",
    "الاثنين",
    "الثلاثاء",
    "رمضان",
    "1441",
    "هـ",
    "منذ",
    "ثلاثة",
    "أيام",
    "الساعات",
    "الـ24",
    "الماضية",
    "هذا",
    "الأسبوع",
    "،",
    "\n",
    " ",
    "ً",
    "ـ",
    "١٥",
    "99999999999",
    "0",
    "/0/",
    "غداً",
    "بين",
    "و7",
    "إلى",
    "اليومين",
    "يوم",
    "شهر",
    "كانون",
    "الثاني",
    "ربيع",
    "الأول",
    "م",
    "31-8-2022",
    "2/29/2021",
    "29/2/2021",
    "x",
    "é",
    "\u{200f}",
];

fn check(text: &str, p: Option<(i32, u32, u32)>) {
    for d in rasd_time::resolve(text, p) {
        let r = d.span.range();
        assert!(r.start < r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        let ok = match d.precision {
            rasd_doc::DatePrecision::Day => d.value.len() == 10,
            rasd_doc::DatePrecision::Month => d.value.len() == 7,
            rasd_doc::DatePrecision::Year => d.value.len() == 4,
            rasd_doc::DatePrecision::Range => d.value.len() == 21,
        };
        assert!(ok, "bad value {:?} for {:?}", d.value, d.precision);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_date_soup(idx in prop::collection::vec(0..PIECES.len(), 0..40), y in 1i32..3000, m in 0u32..14, d in 0u32..33) {
        let text: String = idx.iter().map(|&i| PIECES[i]).collect::<Vec<_>>().join(" ");
        check(&text, Some((y, m, d)));
        check(&text, None);
        let glued: String = idx.iter().map(|&i| PIECES[i]).collect();
        check(&glued, Some((2020, 9, 5)));
    }

    #[test]
    fn never_panics_on_any_string(s in "\\PC{0,200}") {
        check(&s, Some((2020, 2, 29)));
    }
}
