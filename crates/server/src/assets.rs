//! The web UI, embedded in the binary. Assets are looked up by exact name in a static table, so
//! no request path ever reaches the file system (no path traversal possible).

pub const INDEX_HTML: &str = include_str!("../assets/index.html");
pub const ROADS_JSON: &str = include_str!("../assets/map/roads.json");

/// (name, content type, bytes) of every asset served under `/assets/`.
static ASSETS: &[(&str, &str, &[u8])] = &[
    (
        "app.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/app.js"),
    ),
    (
        "i18n.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/i18n.js"),
    ),
    (
        "map.js",
        "text/javascript; charset=utf-8",
        include_bytes!("../assets/map.js"),
    ),
    (
        "style.css",
        "text/css; charset=utf-8",
        include_bytes!("../assets/style.css"),
    ),
    (
        "favicon.svg",
        "image/svg+xml",
        include_bytes!("../assets/favicon.svg"),
    ),
    (
        "map/countries.json",
        "application/json",
        include_bytes!("../assets/map/countries.json"),
    ),
    (
        "map/adm1.json",
        "application/json",
        include_bytes!("../assets/map/adm1.json"),
    ),
    (
        "map/adm2.json",
        "application/json",
        include_bytes!("../assets/map/adm2.json"),
    ),
    ("map/roads.json", "application/json", ROADS_JSON.as_bytes()),
    (
        "map/places.json",
        "application/json",
        include_bytes!("../assets/map/places.json"),
    ),
];

/// The embedded asset with this exact name: (content type, bytes).
pub fn get(name: &str) -> Option<(&'static str, &'static [u8])> {
    ASSETS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(_, ct, b)| (*ct, *b))
}

/// Names of all embedded assets.
pub fn names() -> impl Iterator<Item = &'static str> {
    ASSETS.iter().map(|(n, _, _)| *n)
}
