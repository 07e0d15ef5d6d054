//! Article extraction from HTML: metadata, publication date, boilerplate-free body
