//! Clitic segmentation for lookups: proclitics (و ف, then ب ك ل, then the article ال, with
//! ل + ال written لل) and pronoun enclitics (ه ها هم هما هن كم نا, and ي in variants only).
//!
//! Two entry points:
//! - [`split`]: one conservative best split of a folded word, used for [`rasd_doc::Token::stem`]
//!   and the index stemmer. It never leaves a stem shorter than two letters after removing the
//!   article, or three after removing a one-letter proclitic or an enclitic, and never splits
//!   words listed in `data/arabic/clitic_exceptions.txt` ("بلدة" keeps its ب).
//! - [`clitic_variants`]: a short list of candidate lookup keys, the full form first, then
//!   progressively stripped forms, for gazetteer and dictionary lookups.

use crate::data::exceptions;
use crate::normalize::fold_word_into;

/// Result of [`split`]: byte lengths of the proclitic and enclitic parts of the folded word.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Split {
    /// Bytes of proclitics at the start (conjunction, preposition, article).
    pub pre: usize,
    /// Bytes of enclitics at the end.
    pub suf: usize,
    /// The proclitics included the article (ال, or لل = ل + ال).
    pub article: bool,
    /// An enclitic was removed after ت that is probably a taa marbuta ("قيادتها" → قيادة).
    pub taa: bool,
}

/// Function words a conjunction may precede although they have only two letters.
const SHORT_AFTER_CONJ: [&str; 10] = ["في", "من", "عن", "هو", "هي", "لم", "لا", "قد", "ما", "ان"];

/// Natural word endings that look like the pronoun ه.
const NOT_ENCLITIC: [&str; 8] = [
    "شبه",
    "توجيه",
    "تنبيه",
    "تشبيه",
    "نزيه",
    "فقيه",
    "وجيه",
    "نبيه",
];

#[inline]
fn nchars(s: &str) -> usize {
    s.chars().count()
}

#[inline]
fn is_arabic_start(w: &str) -> bool {
    w.chars().next().is_some_and(crate::chars::is_arabic_letter)
}

/// Byte length of the proclitic letters (conjunction and preposition, not the article) that
/// `w` starts with under the conservative rules, and whether an article follows them.
fn proclitics(w: &str) -> (usize, bool) {
    let ex = exceptions();
    let mut p = 0;
    if w.starts_with(['و', 'ف']) {
        let rest = &w[2..];
        let n = nchars(rest);
        if (n >= 3 || (n == 2 && w.starts_with('و') && SHORT_AFTER_CONJ.contains(&rest)))
            && !ex.contains(w)
        {
            p = 2;
        }
    }
    let rest = &w[p..];
    if rest.starts_with("ال") || rest.starts_with("لل") {
        if nchars(rest) >= 4 && !ex.contains(rest) {
            return (p + 4, true);
        }
        return (p, false);
    }
    if rest.starts_with(['ب', 'ك', 'ل']) && !ex.contains(rest) {
        let r2 = &rest[2..];
        if r2.starts_with("ال") && nchars(r2) >= 4 && !ex.contains(r2) {
            return (p + 6, true);
        }
        // A lone ك is rarely a preposition before an indefinite noun ("كنصفرة" is a village);
        // nouns after ب/ل seldom start with ي, verbs do ("بينين" is a village).
        let plausible = !rest.starts_with('ك') && (!r2.starts_with('ي') || r2 == "يوم");
        if plausible && nchars(r2) >= 3 && !ex.contains(r2) {
            return (p + 2, false);
        }
    }
    (p, false)
}

/// Byte length of the enclitic at the end of `s` (a word without its proclitics), if any.
fn enclitic(s: &str) -> usize {
    if s.ends_with('ة') || NOT_ENCLITIC.contains(&s) {
        return 0;
    }
    for suf in ["هما", "هم", "هن", "ها", "كم", "نا", "ه"] {
        if let Some(rem) = s.strip_suffix(suf) {
            let rc = nchars(rem);
            if rc < 3 {
                return 0;
            }
            let after_alef = rem.ends_with('ا');
            let blocked = match suf {
                "ه" | "نا" => after_alef,
                "هم" | "كم" | "هن" => after_alef && rc <= 4,
                _ => false,
            };
            return if blocked { 0 } else { suf.len() };
        }
    }
    0
}

/// Conservative clitic split of a word folded with [`crate::NormOptions::WORD`]
/// (see [`crate::fold_word_into`]). Non-Arabic words are never split.
pub fn split(w: &str) -> Split {
    let may_pre = w.starts_with(['و', 'ف', 'ب', 'ك', 'ل', 'ا']);
    let may_suf = w.ends_with(['ه', 'ا', 'م', 'ن']);
    if !(may_pre || may_suf) || !is_arabic_start(w) || exceptions().exact.contains(w) {
        return Split::default();
    }
    let (pre, article) = proclitics(w);
    let stem = &w[pre..];
    let suf = enclitic(stem);
    let rem = &stem[..stem.len() - suf];
    let taa = suf > 0 && rem.ends_with('ت') && !rem.ends_with("ات") && nchars(rem) >= 4;
    Split {
        pre,
        suf,
        article,
        taa,
    }
}

/// Candidate lookup keys for a word, most specific first: the full form, then forms with
/// proclitics removed one by one (keeping an article form such as "المسلحين" for
/// "وبالمسلحين" and "الجيش" for "للجيش"), then forms with a pronoun enclitic removed
/// ("قيادتها" → "قيادة"). Keys are folded like [`crate::normalize_key`] (so ة → ه), and
/// duplicates are removed. Any input is accepted (raw or normalized, with or without
/// diacritics); a non-Arabic word yields only its own key.
///
/// ```
/// let v: Vec<String> = rasd_arabic::clitic_variants("وبالمسلحين").collect();
/// assert_eq!(v, ["وبالمسلحين", "بالمسلحين", "المسلحين", "مسلحين"]);
/// let v: Vec<String> = rasd_arabic::clitic_variants("بلدة").collect();
/// assert_eq!(v, ["بلده"]);
/// ```
pub fn clitic_variants(word: &str) -> std::vec::IntoIter<String> {
    let mut w = String::with_capacity(word.len());
    fold_word_into(word.trim(), &mut w);
    let mut out: Vec<String> = Vec::with_capacity(6);
    let push = |s: &str, out: &mut Vec<String>| {
        if s.is_empty() {
            return;
        }
        let k: String = s.chars().map(|c| if c == 'ة' { 'ه' } else { c }).collect();
        if !out.contains(&k) {
            out.push(k);
        }
    };
    push(&w, &mut out);
    if !is_arabic_start(&w) {
        return out.into_iter();
    }
    let ex = exceptions();
    // Liberal proclitic walk: conjunction, preposition or future س, article.
    let mut stems: Vec<String> = vec![w.clone()];
    let mut p = 0;
    if !ex.exact.contains(w.as_str()) {
        if w.starts_with(['و', 'ف']) && nchars(&w) >= 4 && !ex.contains(&w) {
            p = 2;
            push(&w[p..], &mut out);
            stems.push(w[p..].to_string());
        }
        let rest = &w[p..];
        if !ex.contains(rest) {
            if rest.starts_with("لل") && nchars(rest) >= 4 {
                let with_article = format!("ال{}", &rest[4..]);
                push(&with_article, &mut out);
                push(&rest[4..], &mut out);
                stems.push(rest[4..].to_string());
            } else if rest.starts_with("ال") && nchars(rest) >= 4 {
                push(&rest[4..], &mut out);
                stems.push(rest[4..].to_string());
            } else if rest.starts_with(['ب', 'ك', 'ل'])
                && nchars(rest) >= 4
                && !ex.contains(&rest[2..])
            {
                let r2 = &rest[2..];
                push(r2, &mut out);
                stems.push(r2.to_string());
                if r2.starts_with("ال") && nchars(r2) >= 4 && !ex.contains(r2) {
                    push(&r2[4..], &mut out);
                    stems.push(r2[4..].to_string());
                }
            } else if rest.starts_with('س')
                && rest[2..].starts_with(['ي', 'ت', 'ن', 'ا'])
                && nchars(rest) >= 4
            {
                push(&rest[2..], &mut out);
            }
        }
    }
    // Enclitics on the barest stem.
    if let Some(last) = stems.last() {
        let s = last.as_str();
        let e = enclitic(s);
        let e = if e == 0 && s.ends_with('ي') && nchars(s) >= 5 {
            'ي'.len_utf8()
        } else {
            e
        };
        if e > 0 {
            let rem = &s[..s.len() - e];
            if rem.ends_with('ت') && !rem.ends_with("ات") {
                let restored = format!("{}ة", &rem[..rem.len() - 'ت'.len_utf8()]);
                push(&restored, &mut out);
            }
            push(rem, &mut out);
        }
    }
    out.into_iter()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(word: &str) -> (String, String, String) {
        let mut w = String::new();
        fold_word_into(word, &mut w);
        let s = split(&w);
        (
            w[..s.pre].to_string(),
            w[s.pre..w.len() - s.suf].to_string(),
            w[w.len() - s.suf..].to_string(),
        )
    }

    fn stem(word: &str) -> String {
        parts(word).1
    }

    #[test]
    fn proclitics_combined() {
        assert_eq!(
            parts("وبالمسلحين"),
            ("وبال".into(), "مسلحين".into(), "".into())
        );
        assert_eq!(parts("للجيش"), ("لل".into(), "جيش".into(), "".into()));
        assert_eq!(stem("والقوات"), "قوات");
        assert_eq!(stem("فالمدينة"), "مدينة");
        assert_eq!(stem("بريف"), "ريف");
        assert_eq!(stem("وقال"), "قال");
        assert_eq!(stem("وفي"), "في");
        assert_eq!(stem("كالعادة"), "عادة");
        assert_eq!(stem("وكنصفرة"), "كنصفرة");
        assert_eq!(stem("وبينين"), "بينين");
        assert_eq!(stem("بيوم"), "يوم");
    }

    #[test]
    fn conservative() {
        for w in [
            "بلدة",
            "بلدات",
            "وكالة",
            "بين",
            "الى",
            "إلى",
            "الف",
            "الذي",
            "بعد",
            "كانت",
            "وزارة",
            "لبنان",
            "بها",
            "كما",
            "وقف",
            "الله",
        ] {
            assert_eq!(
                stem(w),
                {
                    let mut s = String::new();
                    fold_word_into(w, &mut s);
                    s
                },
                "{w}"
            );
        }
        assert_eq!(stem("البلدة"), "بلدة");
        assert_eq!(stem("وبلدة"), "بلدة");
        assert_eq!(stem("الحرب"), "حرب");
        assert_eq!(stem("الدم"), "دم");
    }

    #[test]
    fn enclitics() {
        assert_eq!(parts("قواتها"), ("".into(), "قوات".into(), "ها".into()));
        assert_eq!(
            parts("ومقاتليهم"),
            ("و".into(), "مقاتلي".into(), "هم".into())
        );
        assert_eq!(stem("قيادتنا"), "قيادت");
        assert_eq!(stem("اتجاه"), "اتجاه");
        assert_eq!(stem("تفاهم"), "تفاهم");
        assert_eq!(stem("أحيانا"), "احيانا");
        assert_eq!(stem("منها"), "منها");
        assert_eq!(stem("قرية"), "قرية");
        let mut w = String::new();
        fold_word_into("قيادتها", &mut w);
        assert!(split(&w).taa);
    }

    #[test]
    fn variants() {
        let v: Vec<String> = clitic_variants("للجيش").collect();
        assert_eq!(v, ["للجيش", "الجيش", "جيش"]);
        let v: Vec<String> = clitic_variants("قيادتها").collect();
        assert_eq!(v, ["قيادتها", "قياده", "قيادت"]);
        let v: Vec<String> = clitic_variants("وسيتم").collect();
        assert_eq!(v, ["وسيتم", "سيتم", "يتم"]);
        let v: Vec<String> = clitic_variants("Idlib").collect();
        assert_eq!(v, ["idlib"]);
        assert_eq!(clitic_variants("").count(), 0);
        let v: Vec<String> = clitic_variants("بإدلب").collect();
        assert_eq!(v, ["بادلب", "ادلب"]);
    }
}
