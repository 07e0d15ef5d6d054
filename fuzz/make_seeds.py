#!/usr/bin/env python3
"""Writes the small seed corpora of the fuzz targets into fuzz/seeds/<target>/ (self-written
inputs, a few per target; libFuzzer grows its own corpus from them). Run from anywhere."""
import gzip, os, pathlib

ROOT = pathlib.Path(__file__).resolve().parent / "seeds"
AR1 = "قصفت طائرات حربية بلدة كفرنبل في ريف إدلب الجنوبي صباح الخميس، ما أدى إلى مقتل ثلاثة مدنيين وإصابة نحو عشرة آخرين."
AR2 = "اندلعت اشتباكات بين فصيلين مسلحين في مدينة الباب يوم 5 أيلول (سبتمبر) 2020، وقتل خمسة وعشرون عنصرا."
AR3 = "أعلنت وزارة الداخلية الأحد الماضي عن انفجار عبوة ناسفة على طريق حلب - اللاذقية الدولي (M4) قرب أريحا."

def put(target, name, data):
    d = ROOT / target
    d.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    (d / f"seed-{name}").write_bytes(data)

html = f"""<!DOCTYPE html><html lang="ar" dir="rtl"><head><meta charset="utf-8">
<title>قصف على ريف إدلب | شبكة الأخبار</title>
<meta property="article:published_time" content="2020-09-05T10:30:00+03:00">
<script type="application/ld+json">{{"@type":"NewsArticle","datePublished":"2020-09-05","author":{{"name":"مراسلنا"}}}}</script>
</head><body><nav><a href="/">الرئيسية</a></nav><article><h1>قصف على ريف إدلب</h1>
<time datetime="2020-09-05">5 أيلول 2020</time><p>{AR1}</p><p>{AR2}</p></article>
<footer>جميع الحقوق محفوظة</footer></body></html>"""
put("extract_html", "utf8", b"\x00" + html.encode())
put("extract_html", "1256", b"\x02" + html.replace("utf-8", "windows-1256").encode("cp1256", "replace"))
put("extract_html", "url", b"\x03<html><body><div class=content><p>" + AR3.encode() + b"</p></div></body></html>")
put("extract_html", "broken", b"\x01<html><head><meta http-equiv=Content-Type content='text/html; charset=gbk'><title>x</ti<body><div><div><p>" + AR2.encode()[:-3] + b"\xff")

def warc_record(wtype, uri, block, extra=""):
    head = (f"WARC/1.0\r\nWARC-Type: {wtype}\r\nWARC-Target-URI: {uri}\r\n"
            f"WARC-Date: 2020-09-06T08:00:00Z\r\nWARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{len(block):012d}>\r\n"
            f"{extra}Content-Length: {len(block)}\r\n\r\n").encode()
    return head + block + b"\r\n\r\n"

page = f"<html><body><p>{AR1}</p></body></html>".encode()
resp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: " + str(len(page)).encode() + b"\r\n\r\n" + page
chunked = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nTransfer-Encoding: chunked\r\n\r\n" + b"%x\r\n" % len(page) + page + b"\r\n0\r\n\r\n"
gzbody = gzip.compress(page)
gzresp = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + gzbody
info = warc_record("warcinfo", "", b"software: handmade\r\n", "Content-Type: application/warc-fields\r\n")
w1 = info + warc_record("response", "https://news.example/a", resp, "Content-Type: application/http; msgtype=response\r\n")
w2 = warc_record("response", "https://news.example/b", chunked) + warc_record("request", "https://news.example/b", b"GET /b HTTP/1.1\r\n\r\n")
w3 = warc_record("response", "https://news.example/c", gzresp) + warc_record("response", "https://news.example/d", b"HTTP/1.1 301 Moved\r\nLocation: /e\r\n\r\n")
put("warc", "plain", w1)
put("warc", "chunked", w2)
put("warc", "gzip-payload", w3)
put("warc", "members", gzip.compress(w1) + gzip.compress(w2))
put("warc", "cut", gzip.compress(w1 + w3)[:-40])

rss = f"""<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>شبكة الأخبار</title>
<item><title>قصف على ريف إدلب</title><link>https://news.example/1</link><pubDate>Sat, 05 Sep 2020 10:30:00 +0300</pubDate>
<description><![CDATA[<p>{AR1}</p>]]></description></item>
<item><title>اشتباكات</title><guid>n2</guid><description>{AR2}</description></item></channel></rss>"""
atom = f"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>وكالة</title>
<entry><title type="html">انفجار</title><link href="https://news.example/3"/><updated>2020-09-05T08:00:00Z</updated>
<content type="html">&lt;p&gt;{AR3}&lt;/p&gt;</content></entry></feed>"""
put("feed", "rss", rss)
put("feed", "atom", atom)
put("feed", "entities", '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaa">]><rss><channel><item><title>&a;&a;&#x627;&amp;</title></item></channel></rss>')

import json
lines = [json.dumps({"id": "a1", "published": "2020-09-05", "title": "قصف", "text": AR1, "url": "https://news.example/1", "source": "وكالة"}, ensure_ascii=False),
         '{"id": "a2", "text": "نص مقطوع',
         json.dumps({"id": "a3", "html": f"<p>{AR2}</p>", "published": "5 Sep 2020"}, ensure_ascii=False),
         json.dumps({"text": AR3, "lang": "ar", "extra": [1, {"x": None}]}, ensure_ascii=False)]
put("jsonl", "mixed", "\n".join(lines) + "\n")
put("jsonl", "crlf", "\r\n".join(lines[::-1]))

for i, q in enumerate([
    "date_from=2020-01-01&date_to=2020-12-31&event_type=Battles&limit=10&offset=20",
    "q=%D9%82%D8%B5%D9%81&date_from=2020-03&source=x&limit=200",
    "bbox=35.5,32.0,42.4,37.3&near_road=M4&road_km=6&sort=fatalities_desc&min_fatalities=1",
    "sub_event_type=Remote+explosive%2Flandmine%2FIED&actor=%D9%82%D9%88%D8%A7%D8%AA&place=x&country=SY&text=a",
    "include_background=true&zone=z1&sort=date_asc&offset=100000&limit=0",
    "offset=18446744073709551615&limit=-1&date_from=2024-02-30&tpye=x",
]):
    put("query_params", str(i), q)

texts = [AR1, AR2, AR3,
         "قُتِلَ ٣ أشخاص وجُرح ١٢٬٥٠٠ آخرون في الـ١٥ من الشهر الماضي… «وكالة» — تقرير",
         "Mixed نص with English, URLs https://x.example/a?b=1 and emoji 😀 والتطويل ـــ",
         "\n\nفقرة أولى.\n\nفقرة ثانية؟ جملة! ثالثة؛ انتهى"]
for i, t in enumerate(texts):
    put("arabic_text", str(i), t)
for i, t in enumerate(["خمسة وعشرون", "أكثر من عشرين", "بين 3 و5 أشخاص", "نحو مئة وخمسين ألفا", "الحادي والعشرين", "١٥٫٥ و3,000,000", "عشرات القتلى وبضعة جرحى", "ثلاثة آلاف وسبعمئة"]):
    put("numbers", str(i), t)
for i, t in enumerate(["أمس الأحد", "في الخامس من آذار الماضي", "يوم 5 أيلول (سبتمبر) 2020", "منذ ثلاثة أيام", "مطلع العام المقبل", "بين 3 و5 تشرين الأول 2019", "ليلة الثلاثاء - الأربعاء", "في 12/3/2021 الساعة 8:30", "الأسبوع الماضي وفي رمضان 1442"]):
    put("dates", str(i), bytes([i % 4, 0xe4, 0x07, 8]) + t.encode())
for i, t in enumerate([AR1, AR2, AR3, AR1 + "\n" + AR2 + "\n" + AR3, "نفت وزارة الدفاع أن تكون طائراتها قد قصفت مدينة حماة.", "قتل شخصان في قصف على مدينة إدلب وبلدة سراقب."]):
    put("annotate", str(i), bytes([i]) + t.encode())
