//! Minimal URL resolution for links and canonical URLs (no dependency).

/// Resolve `href` against `base`. Returns `None` for in-page anchors and script links.
pub fn resolve(base: &str, href: &str) -> Option<String> {
    let href = href.trim();
    if href.is_empty() || href.starts_with('#') {
        return None;
    }
    let lower = href.get(..11).unwrap_or(href).to_ascii_lowercase();
    if lower.starts_with("javascript:") || lower.starts_with("data:") {
        return None;
    }
    if has_scheme(href) {
        return Some(href.to_string());
    }
    let (scheme, rest) = base.split_once("://")?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = &rest[..host_end];
    let path_q = &rest[host_end..];
    if let Some(h) = href.strip_prefix("//") {
        return Some(format!("{scheme}://{h}"));
    }
    let path = path_q.split(['?', '#']).next().unwrap_or("");
    let joined = if href.starts_with('/') {
        href.to_string()
    } else if href.starts_with('?') {
        format!("{}{}", if path.is_empty() { "/" } else { path }, href)
    } else {
        let dir = match path.rfind('/') {
            Some(i) => &path[..=i],
            None => "/",
        };
        format!("{dir}{href}")
    };
    Some(format!("{scheme}://{host}{}", remove_dots(&joined)))
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            s[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
                && s.as_bytes()[0].is_ascii_alphabetic()
        }
        _ => false,
    }
}

fn remove_dots(p: &str) -> String {
    let (path, tail) = match p.find(['?', '#']) {
        Some(i) => (&p[..i], &p[i..]),
        None => (p, ""),
    };
    if !path.contains("/.") {
        return p.to_string();
    }
    let mut out: Vec<&str> = Vec::new();
    let segs: Vec<&str> = path.split('/').collect();
    let last = segs.len().saturating_sub(1);
    for (k, s) in segs.iter().enumerate() {
        match *s {
            "." => {
                if k == last {
                    out.push("");
                }
            }
            ".." => {
                if out.len() > 1 {
                    out.pop();
                }
                if k == last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("{}{}", out.join("/"), tail)
}

/// Host of a URL (`https://www.a.example/x` → `www.a.example`).
pub fn host(url: &str) -> Option<&str> {
    let rest = url.split_once("://")?.1;
    let h = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let h = h.rsplit('@').next().unwrap_or(h);
    let h = h.split(':').next().unwrap_or(h);
    (!h.is_empty()).then_some(h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolution() {
        let b = "https://a.example/news/2020/x.html?p=1";
        assert_eq!(
            resolve(b, "/tag/y").as_deref(),
            Some("https://a.example/tag/y")
        );
        assert_eq!(
            resolve(b, "z.html").as_deref(),
            Some("https://a.example/news/2020/z.html")
        );
        assert_eq!(
            resolve(b, "../z").as_deref(),
            Some("https://a.example/news/z")
        );
        assert_eq!(
            resolve(b, "//cdn.example/q").as_deref(),
            Some("https://cdn.example/q")
        );
        assert_eq!(
            resolve(b, "?id=3").as_deref(),
            Some("https://a.example/news/2020/x.html?id=3")
        );
        assert_eq!(
            resolve(b, "http://o.example/").as_deref(),
            Some("http://o.example/")
        );
        assert_eq!(resolve(b, "#top"), None);
        assert_eq!(resolve(b, "javascript:void(0)"), None);
        assert_eq!(
            resolve("https://a.example", "p").as_deref(),
            Some("https://a.example/p")
        );
        assert_eq!(
            host("https://u@www.a.example:8080/x"),
            Some("www.a.example")
        );
    }
}
