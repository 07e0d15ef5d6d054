#!/usr/bin/env python3
"""Build the sample input archives used by rasd-ingest's tests and demos.

Reads the sample article pages in samples/html/*.html (sorted) and writes:

  samples/warc/sample.warc.gz   multi-member gzip WARC/1.0: a warcinfo record, a request +
                                response pair per page (some responses chunked and/or
                                gzip-encoded, windows-1256 pages declared in the HTTP
                                Content-Type), a 301 redirect, a 404 page, an image/png and
                                an application/json response, and a metadata record.
  samples/feeds/sample.rss      RSS 2.0 with content:encoded, plus a description-only item.
  samples/feeds/sample.atom     Atom 1.0 with type="html" content, plus a summary-only entry.
  samples/jsonl/sample.jsonl    alternating {url, html} and {id, url, text, published,
                                title, source, lang} lines.
  samples/text/*.txt            one page's text as UTF-8 and another's as windows-1256.

Deterministic: fixed dates, gzip mtime 0, record ids derived from URLs. Re-run after
changing the pages:  python3 scripts/make_sample_archives.py
Only the Python standard library is used.
"""

import gzip
import html
import json
import re
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples"
CAPTURE_DATE = "2026-11-20T10:00:00Z"


def page_charset(raw: bytes) -> str:
    m = re.search(rb'charset=["\']?([A-Za-z0-9_-]+)', raw[:4096])
    return m.group(1).decode("ascii").lower() if m else "utf-8"


def page_info(path: Path) -> dict:
    raw = path.read_bytes()
    charset = page_charset(raw)
    text = raw.decode("cp1256" if charset == "windows-1256" else charset, errors="replace")
    m = re.search(r'<link rel="canonical" href="([^"]+)"', text) or re.search(
        r'<meta property="og:url" content="([^"]+)"', text
    )
    outlet = path.stem.split("-", 1)[0]
    url = m.group(1) if m else f"https://{outlet}.example/article/{path.stem}"
    m = re.search(r"<title>(.*?)</title>", text, re.S | re.I)
    full_title = html.unescape(m.group(1).strip()) if m else path.stem
    title, source = full_title, outlet
    for sep in (" | ", " :: ", " – ", " - "):
        if sep in full_title:
            a, b = full_title.split(sep, 1)
            # Outlet name is the shorter side.
            title, source = (a, b) if len(a) >= len(b) else (b, a)
            break
    m = re.search(r'<meta property="og:site_name" content="([^"]+)"', text)
    if m:
        source = html.unescape(m.group(1))
    body = re.search(r"<body[^>]*>(.*)</body>", text, re.S | re.I)
    body_html = body.group(1).strip() if body else text
    paras = [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", p))).strip()
        for p in re.findall(r"<p(?:\s[^>]*)?>(.*?)</p>", text, re.S | re.I)
    ]
    plain = "\n\n".join([title] + [p for p in paras if p])
    return {
        "name": path.stem,
        "raw": raw,
        "charset": charset,
        "url": url,
        "title": title.strip(),
        "source": source.strip(),
        "body_html": body_html,
        "text": plain,
    }


# ---------------------------------------------------------------- WARC


def warc_record(wtype: str, url: str | None, block: bytes, content_type: str, n: int) -> bytes:
    rid = uuid.uuid5(uuid.NAMESPACE_URL, f"{wtype}:{url}:{n}")
    headers = [
        "WARC/1.0",
        f"WARC-Type: {wtype}",
        f"WARC-Record-ID: <urn:uuid:{rid}>",
        f"WARC-Date: {CAPTURE_DATE}",
    ]
    if url:
        headers.append(f"WARC-Target-URI: {url}")
    headers += [f"Content-Type: {content_type}", f"Content-Length: {len(block)}"]
    head = ("\r\n".join(headers) + "\r\n\r\n").encode("utf-8")
    return gzip.compress(head + block + b"\r\n\r\n", mtime=0)


def http_response(status: str, headers: list[tuple[str, str]], body: bytes) -> bytes:
    lines = [f"HTTP/1.1 {status}"] + [f"{k}: {v}" for k, v in headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


def chunked(body: bytes, size: int = 700) -> bytes:
    out = b""
    for i in range(0, len(body), size):
        part = body[i : i + size]
        out += f"{len(part):x}\r\n".encode() + part + b"\r\n"
    return out + b"0\r\n\r\n"


def http_request(url: str) -> bytes:
    host = url.split("/")[2] if "://" in url else "example.org"
    path = "/" + url.split("/", 3)[3] if url.count("/") >= 3 else "/"
    return f"GET {path} HTTP/1.1\r\nHost: {host}\r\nUser-Agent: rasd-sample\r\n\r\n".encode()


def make_warc(pages: list[dict]) -> bytes:
    out = b""
    n = 0

    def add(wtype, url, block, ctype):
        nonlocal out, n
        n += 1
        out += warc_record(wtype, url, block, ctype, n)

    info = b"software: make_sample_archives.py\r\nformat: WARC File Format 1.0\r\n"
    add("warcinfo", None, info, "application/warc-fields")
    for i, p in enumerate(pages):
        add("request", p["url"], http_request(p["url"]), "application/http; msgtype=request")
        headers = [("Content-Type", f"text/html; charset={p['charset']}")]
        body = p["raw"]
        if i % 3 == 1:
            body = gzip.compress(body, mtime=0)
            headers.append(("Content-Encoding", "gzip"))
        if i % 4 == 2:
            body = chunked(body)
            headers.append(("Transfer-Encoding", "chunked"))
        else:
            headers.append(("Content-Length", str(len(body))))
        resp = http_response("200 OK", headers, body)
        add("response", p["url"], resp, "application/http; msgtype=response")
        if i == 0:
            meta = b"via: https://news.example/\r\nfetchTimeMs: 120\r\n"
            add("metadata", p["url"], meta, "application/warc-fields")
    # Non-document responses.
    add(
        "response",
        "http://news.example/old-link",
        http_response(
            "301 Moved Permanently",
            [("Location", pages[0]["url"]), ("Content-Length", "0")],
            b"",
        ),
        "application/http; msgtype=response",
    )
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(64))
    add(
        "response",
        "http://news.example/logo.png",
        http_response("200 OK", [("Content-Type", "image/png"), ("Content-Length", str(len(png)))], png),
        "application/http; msgtype=response",
    )
    js = json.dumps({"status": "ok", "items": []}).encode()
    add(
        "response",
        "http://news.example/api/latest.json",
        http_response(
            "200 OK",
            [("Content-Type", "application/json"), ("Content-Length", str(len(js)))],
            js,
        ),
        "application/http; msgtype=response",
    )
    nf = b"<html><body><h1>Not found</h1></body></html>"
    add(
        "response",
        "http://news.example/missing",
        http_response(
            "404 Not Found",
            [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(nf)))],
            nf,
        ),
        "application/http; msgtype=response",
    )
    return out


# ---------------------------------------------------------------- feeds


def cdata(s: str) -> str:
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def esc(s: str) -> str:
    return html.escape(s, quote=True)


def rfc2822(day: int, hour: int) -> str:
    weekday = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][(day + 6) % 7]
    return f"{weekday}, {day:02d} Nov 2026 {hour:02d}:15:00 +0300"


def make_rss(pages: list[dict]) -> str:
    items = []
    for i, p in enumerate(pages[:4]):
        items.append(
            "  <item>\n"
            f"    <title>{esc(p['title'])}</title>\n"
            f"    <link>{esc(p['url'])}</link>\n"
            f"    <guid isPermaLink=\"true\">{esc(p['url'])}</guid>\n"
            # Nov 2026: the 1st is a Sunday.
            f"    <pubDate>{rfc2822(16 + i, 8 + i)}</pubDate>\n"
            f"    <description>{esc(p['text'].split(chr(10))[-1][:200])}</description>\n"
            f"    <content:encoded>{cdata(p['body_html'])}</content:encoded>\n"
            "  </item>"
        )
    p = pages[4]
    items.append(
        "  <item>\n"
        f"    <title>{esc(p['title'])}</title>\n"
        f"    <link>{esc(p['url'])}</link>\n"
        f"    <dc:date>2026-11-20T12:00:00+03:00</dc:date>\n"
        f"    <description>{esc(p['text'])}</description>\n"
        "  </item>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/">\n'
        "<channel>\n"
        "  <title>نشرة الأخبار التجريبية</title>\n"
        "  <link>https://feeds.example/</link>\n"
        "  <description>عينة تغذية لاختبار القارئ</description>\n"
        "  <language>ar</language>\n" + "\n".join(items) + "\n</channel>\n</rss>\n"
    )


def make_atom(pages: list[dict]) -> str:
    entries = []
    for i, p in enumerate(pages[5:8]):
        entries.append(
            "  <entry>\n"
            f"    <title type=\"text\">{esc(p['title'])}</title>\n"
            f"    <link rel=\"alternate\" type=\"text/html\" href=\"{esc(p['url'])}\"/>\n"
            f"    <id>{esc(p['url'])}</id>\n"
            f"    <published>2026-11-{18 + i:02d}T09:30:00+03:00</published>\n"
            f"    <updated>2026-11-{18 + i:02d}T10:00:00+03:00</updated>\n"
            f"    <content type=\"html\">{esc(p['body_html'])}</content>\n"
            "  </entry>"
        )
    p = pages[8]
    entries.append(
        "  <entry>\n"
        f"    <title>{esc(p['title'])}</title>\n"
        f"    <link href=\"{esc(p['url'])}\"/>\n"
        f"    <id>{esc(p['url'])}</id>\n"
        "    <updated>2026-11-21T07:00:00Z</updated>\n"
        f"    <summary>{esc(p['text'])}</summary>\n"
        "  </entry>"
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="ar">\n'
        "  <title>موجز التغذية التجريبي</title>\n"
        "  <id>urn:rasd:sample-atom</id>\n"
        "  <updated>2026-11-21T07:00:00Z</updated>\n" + "\n".join(entries) + "\n</feed>\n"
    )


# ---------------------------------------------------------------- JSONL and text


def make_jsonl(pages: list[dict]) -> str:
    lines = []
    for i, p in enumerate(pages):
        if i % 2 == 0:
            page_html = p["raw"].decode(
                "cp1256" if p["charset"] == "windows-1256" else p["charset"], errors="replace"
            )
            obj = {"url": p["url"], "html": page_html}
        else:
            obj = {
                "id": f"sample-{i:03d}",
                "url": p["url"],
                "text": p["text"],
                "published": f"2026-11-{10 + i:02d}",
                "title": p["title"],
                "source": p["source"],
                "lang": "ar",
            }
        lines.append(json.dumps(obj, ensure_ascii=False))
    return "\n".join(lines) + "\n"


def main() -> None:
    pages = [page_info(p) for p in sorted((SAMPLES / "html").glob("*.html"))]
    if len(pages) < 9:
        raise SystemExit(f"need at least 9 pages in samples/html, found {len(pages)}")
    for d in ("warc", "feeds", "jsonl", "text"):
        (SAMPLES / d).mkdir(parents=True, exist_ok=True)
    (SAMPLES / "warc" / "sample.warc.gz").write_bytes(make_warc(pages))
    (SAMPLES / "feeds" / "sample.rss").write_text(make_rss(pages), encoding="utf-8")
    (SAMPLES / "feeds" / "sample.atom").write_text(make_atom(pages), encoding="utf-8")
    (SAMPLES / "jsonl" / "sample.jsonl").write_text(make_jsonl(pages), encoding="utf-8")
    utf8_page, legacy_page = pages[-1], pages[-2]
    (SAMPLES / "text" / f"{utf8_page['name']}.txt").write_text(
        utf8_page["text"] + "\n", encoding="utf-8"
    )
    (SAMPLES / "text" / f"{legacy_page['name']}-cp1256.txt").write_bytes(
        (legacy_page["text"] + "\n").encode("cp1256", errors="replace")
    )
    print(f"wrote samples from {len(pages)} pages")


if __name__ == "__main__":
    main()
