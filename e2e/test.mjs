// End-to-end test of the rasd web app in headless Chromium (playwright-core).
// Env: BASE_URL (e.g. http://127.0.0.1:PORT), TOKEN (the server's bearer token).
// Screenshots and the downloaded CSV go to e2e/artifacts/.
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";

const BASE = process.env.BASE_URL || "http://127.0.0.1:8080";
const TOKEN = process.env.TOKEN || "";
const HERE = dirname(fileURLToPath(import.meta.url));
const ART = join(HERE, "artifacts");
mkdirSync(ART, { recursive: true });

let failures = 0;
function check(cond, msg) {
  if (cond) console.log("  ok   " + msg);
  else { failures++; console.log("  FAIL " + msg); }
}

const profile = mkdtempSync(join(tmpdir(), "rasd-e2e-"));
const ctx = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
  viewport: { width: 1400, height: 1000 },
  acceptDownloads: true,
});
const page = ctx.pages()[0] || (await ctx.newPage());
const consoleErrors = [];
const dialogs = [];
page.on("console", (m) => { if (m.type() === "error") consoleErrors.push(m.text()); });
page.on("pageerror", (e) => consoleErrors.push(String(e)));
page.on("dialog", async (d) => { dialogs.push(d.message()); await (d.type() === "confirm" ? d.accept() : d.dismiss()); });
const outside = [];
page.on("request", (r) => { if (!r.url().startsWith(BASE) && !r.url().startsWith("data:")) outside.push(r.url()); });
const shot = (name) => page.screenshot({ path: join(ART, name), fullPage: true });

try {
  console.log("dashboard");
  const t0 = Date.now();
  await page.goto(BASE + "/#/");
  await page.waitForSelector("#count-events");
  await page.waitForSelector("svg.map path.adm1");
  const loadMs = Date.now() - t0;
  console.log(`  first page with data and map: ${loadMs} ms`);
  const total = parseInt(await page.getAttribute("#count-events", "data-n") || "0", 10) || (await page.evaluate(() => fetch("/api/stats").then((r) => r.json()).then((s) => s.events)));
  check(total > 0, `events in the database: ${total}`);
  const markers = await page.locator("svg.map circle.ev, svg.map g.cluster").count();
  check(markers > 0, `map markers/clusters drawn: ${markers}`);
  check(await page.locator("#timeline rect").count() > 0, "timeline bars drawn");
  check((await page.getAttribute("html", "dir")) === "rtl", "Arabic RTL by default");
  await shot("01-dashboard.png");

  console.log("filter by type and date");
  const stats = await page.evaluate(() => fetch("/api/stats").then((r) => r.json()));
  const [type] = stats.by_type[0];
  const days = stats.by_day_type.map((r) => r[0]).sort();
  const from = days[0], to = days[Math.floor(days.length / 2)] || days[0];
  await page.selectOption("#f-type", type);
  await page.fill("#f-date_from", from);
  await page.fill("#f-date_to", to);
  await page.click("#f-apply");
  await page.waitForFunction((ty) => location.hash.includes("event_type=" + encodeURIComponent(ty).replace(/%20/g, "+")) || location.hash.includes("event_type="), type);
  await page.waitForSelector("#count-events");
  const expected = await page.evaluate(([ty, a, b]) => fetch("/api/events?" + new URLSearchParams({ event_type: ty, date_from: a, date_to: b, limit: 1 })).then((r) => r.json()).then((p) => p.total), [type, from, to]);
  const shown = await page.textContent("#count-events");
  check(expected > 0 && expected <= total, `filtered events: ${expected} of ${total} (${type}, ${from}..${to}); shown "${shown}"`);
  const rowTypes = await page.locator("table.events tbody tr .badge").evaluateAll((els) => els.map((e) => e.getAttribute("data-type")));
  check(rowTypes.length > 0 && rowTypes.every((x) => x === type), `latest-events table shows only ${type}`);
  await shot("02-filtered.png");

  console.log("event page");
  await page.click("table.events a.ev-link >> nth=0");
  await page.waitForSelector("#sources");
  check(await page.locator("#sources blockquote.evidence mark").count() > 0, "evidence sentence highlighted");
  check(await page.locator("dl.fields dt").count() >= 20, "all event fields listed");
  await shot("03-event.png");

  console.log("article page");
  await page.click("#sources a.article-link >> nth=0");
  await page.waitForSelector("#article-text");
  const kinds = await page.locator("#article-text span.ann").evaluateAll((els) => [...new Set(els.flatMap((e) => [...e.classList]))]);
  check(kinds.includes("ann-evidence"), "article shows event evidence highlighted");
  check(kinds.some((k) => k === "ann-place" || k === "ann-date" || k === "ann-entity"), `article shows annotations: ${kinds.join(" ")}`);
  const dateSpan = page.locator("#article-text span.ann-date").first();
  if (await dateSpan.count()) check(((await dateSpan.getAttribute("title")) || "").length > 0, "date shows its resolved value on hover (title)");
  const placeSpan = page.locator("#article-text span.ann-place[data-lat]").first();
  if (await placeSpan.count()) await placeSpan.click();
  await shot("04-article.png");

  console.log("hostile article renders inert");
  const hostile = JSON.stringify({ id: "e2e-hostile", title: "<img src=x onerror=alert(1)>", url: "javascript:alert(2)",
    text: "<script>alert('x')</script> نص اختبار <a href=\"javascript:alert(3)\">رابط</a> <img src=x onerror=alert(4)>" });
  const ing = await page.evaluate(async ([body, tok]) => {
    const r = await fetch("/api/ingest", { method: "POST", headers: { "Content-Type": "application/x-ndjson", Authorization: "Bearer " + tok }, body });
    return [r.status, await r.text()];
  }, [hostile, TOKEN]);
  check(ing[0] === 200, `ingest of hostile article: HTTP ${ing[0]}`);
  await page.goto(BASE + "/#/articles/e2e-hostile");
  await page.waitForSelector("#article-text");
  await page.waitForTimeout(300);
  check(dialogs.length === 0, "no script ran (no dialogs)");
  check((await page.textContent("#article-text")).includes("<script>"), "markup shown as text");
  check(await page.locator("#article-text script, #article-text img, #article-text a, #article-title img").count() === 0, "no elements created from article text");
  check(await page.locator("a[href^='javascript:']").count() === 0, "no javascript: links");
  await shot("05-hostile.png");

  console.log("watch zone: 6 km corridor around the M4");
  await page.goto(BASE + "/#/zones");
  await page.waitForSelector("#zone-form");
  await page.fill("#zone-name", "ممر M4 — 6 كم");
  await page.selectOption("#zone-kind", "corridor");
  await page.selectOption("#zone-road", "M4");
  await page.fill("#zone-km", "6");
  await page.fill("#token", TOKEN);
  await shot("06-zone-form.png");
  await page.click("#zone-create");
  await page.waitForSelector("#zone-count");
  const zid = decodeURIComponent((await page.evaluate(() => location.hash)).split("/")[2] || "");
  const zoneTotal = await page.evaluate((id) => fetch("/api/zones/" + encodeURIComponent(id) + "/events?limit=1").then((r) => r.json()).then((p) => p.total), zid);
  const zoneRows = await page.locator("table.events tbody tr").count();
  check(zoneTotal > 0 && zoneRows > 0, `zone ${zid} has ${zoneTotal} events, ${zoneRows} rows shown`);
  check(await page.locator("svg.map path.zone-corridor").count() === 1, "corridor drawn on the map");
  const feed = await page.evaluate(() => fetch(document.querySelector("#zone-feed").href).then(async (r) => [r.status, r.headers.get("content-type"), await r.text()]));
  check(feed[0] === 200 && feed[1].includes("atom") && feed[2].includes("<feed"), "Atom feed of the zone");
  await page.screenshot({ path: join(ART, "07-zone.png") });

  console.log("watch zone: polygon drawn on the map");
  await page.goto(BASE + "/#/zones");
  await page.waitForSelector("#zone-form");
  await page.waitForSelector("svg.map path.adm1");
  await page.fill("#zone-name", "polygon");
  await page.selectOption("#zone-kind", "polygon");
  const box = await page.locator("svg.map").boundingBox();
  for (const [fx, fy] of [[0.2, 0.2], [0.6, 0.2], [0.6, 0.7], [0.2, 0.7]]) await page.mouse.click(box.x + box.width * fx, box.y + box.height * fy);
  check((await page.textContent("#draw-count")).startsWith("4"), "4 polygon vertices drawn");
  await page.fill("#token", TOKEN);
  await page.click("#zone-create");
  await page.waitForSelector("#zone-count");
  check(await page.locator("svg.map path.zone-poly").count() === 1, "polygon zone drawn on its page");

  console.log("CSV download");
  await page.goto(BASE + "/#/?" + new URLSearchParams({ event_type: type }));
  await page.waitForSelector("#export-csv");
  const [dl] = await Promise.all([page.waitForEvent("download"), page.click("#export-csv")]);
  const csvPath = join(ART, "events.csv");
  await dl.saveAs(csvPath);
  const csv = readFileSync(csvPath, "utf8");
  check(csv.startsWith("event_id_cnty,"), "CSV has ACLED header");
  check(csv.trim().split("\n").length > 1, `CSV rows: ${csv.trim().split("\n").length - 1}`);

  console.log("search");
  const ev = await page.evaluate(() => fetch("/api/events?limit=1").then((r) => r.json()).then((p) => p.items[0]));
  const word = (ev.sources[0].evidence.split(/\s+/).find((w) => w.length >= 4) || ev.sources[0].evidence.split(/\s+/)[0]).replace(/[.,،]/g, "");
  await page.goto(BASE + "/#/search?" + new URLSearchParams({ q: word }));
  await page.waitForSelector("#search-results ol.hits li", { timeout: 5000 }).catch(() => {});
  check(await page.locator("#search-results ol.hits li").count() > 0, `search "${word}" has hits`);
  check(await page.locator("#search-results mark").count() > 0, "search hits highlighted");
  await shot("08-search.png");

  console.log("English toggle");
  await page.goto(BASE + "/#/");
  await page.waitForSelector("#count-events");
  await page.click("#lang-toggle");
  await page.waitForSelector("#count-events");
  check((await page.getAttribute("html", "dir")) === "ltr", "English is LTR");
  check((await page.textContent("nav")).includes("Dashboard"), "English labels");
  await shot("09-dashboard-en.png");
  await page.click("#lang-toggle");

  console.log("Arabic names, digits, sorting, filters, brush");
  await page.evaluate(() => { localStorage.setItem("rasd-lang", "ar"); localStorage.setItem("rasd-digits", "latn"); });
  await page.goto(BASE + "/#/events");
  await page.reload();
  await page.waitForSelector("table.events tbody tr");
  const typeCells = await page.locator("table.events tbody .badge").allTextContents();
  check(typeCells.length > 0 && typeCells.every((x) => /[\u0600-\u06ff]/.test(x)), `event types in Arabic (${typeCells[0]})`);
  const locCells = await page.locator("table.events tbody td.c-location").allTextContents();
  check(locCells.some((x) => /[\u0600-\u06ff]/.test(x)), `locations in Arabic from the gazetteer (${locCells.slice(0, 3).join(", ")})`);
  const dateBdi = await page.locator("table.events tbody td.c-date bdi").count();
  check(dateBdi > 0, "dates are isolated (bdi)");
  await page.click("table.events th.c-fatalities button.sort");
  await page.waitForFunction(() => location.hash.includes("sort=fatalities_desc"));
  await page.waitForSelector("table.events th.c-fatalities[aria-sort=descending]");
  const fat = await page.evaluate(() => fetch("/api/events?limit=2&sort=fatalities_desc").then((r) => r.json()).then((p) => p.items.map((e) => e.fatalities ?? -1)));
  check(fat.length < 2 || fat[0] >= fat[1], `fatalities sort is server-side and in the URL (${fat.join(" ≥ ")})`);
  await page.click("table.events th.c-location button.sort");
  check((await page.getAttribute("table.events th.c-location", "aria-sort")) === "ascending", "location column sorts the page");
  // Sub-type, minimum fatalities and road filters travel in the URL and match the API's count.
  const ev0 = await page.evaluate(() => fetch("/api/events?limit=1&sort=fatalities_desc").then((r) => r.json()).then((p) => p.items[0]));
  await page.goto(BASE + "/#/events");
  await page.waitForSelector("#filters");
  await page.click("details.more-filters summary");
  await page.selectOption("#f-type", ev0.event_type);
  await page.selectOption("#f-sub_event_type", ev0.sub_event_type);
  await page.fill("#f-min_fatalities", String(ev0.fatalities ?? 0));
  await page.click("#f-apply");
  await page.waitForFunction(() => location.hash.includes("sub_event_type=") && location.hash.includes("min_fatalities="));
  await page.waitForSelector("table.events tbody tr");
  const filt = { event_type: ev0.event_type, sub_event_type: ev0.sub_event_type, min_fatalities: String(ev0.fatalities ?? 0) };
  const apiTotal = await page.evaluate((q) => fetch("/api/events?limit=1&" + new URLSearchParams(q)).then((r) => r.json()).then((p) => p.total), filt);
  const pagerText = await page.textContent(".pager");
  check(apiTotal > 0 && pagerText.includes(String(apiTotal)), `sub-type + fatalities filter: ${apiTotal} events, pager "${pagerText.trim()}"`);
  const shared = page.url();
  const page2 = await ctx.newPage();
  await page2.goto(shared);
  await page2.waitForSelector("table.events tbody tr");
  check((await page2.inputValue("#f-sub_event_type")) === ev0.sub_event_type && (await page2.textContent(".pager")) === pagerText, "the URL restores the filtered view in a new tab");
  await page2.close();
  // Road corridor + bounding box filters.
  await page.goto(BASE + "/#/?" + new URLSearchParams({ near_road: "M4", road_km: "10", bbox: "35.5,35,37.5,36.5" }));
  await page.waitForSelector("#count-events");
  const roadTotal = await page.evaluate(() => fetch("/api/stats?near_road=M4&road_km=10&bbox=35.5,35,37.5,36.5").then((r) => r.json()).then((s) => s.events));
  check((await page.getAttribute("#count-events", "data-n")) === String(roadTotal), `road + km + bbox filters from the URL: ${roadTotal} events`);
  check((await page.inputValue("#f-near_road")) === "M4" && (await page.inputValue("#f-bbox")) === "35.5,35,37.5,36.5", "road and bbox shown in the form");
  await page.click("#f-use-view");
  check(/^-?[\d.]+,-?[\d.]+,-?[\d.]+,-?[\d.]+$/.test(await page.inputValue("#f-bbox")), "bbox taken from the map view");
  // Date inputs: ISO text, validated; no "mm/dd/yyyy".
  await page.goto(BASE + "/#/");
  await page.waitForSelector("#count-events");
  check((await page.getAttribute("#f-date_from", "type")) === "text" && /YYYY|سنة/.test(await page.getAttribute("#f-date_from", "placeholder")), "date inputs are ISO text fields");
  const before = page.url();
  await page.fill("#f-date_from", "2024-13-01");
  await page.click("#f-apply");
  check((await page.textContent("#filter-msg")).length > 0 && page.url() === before, "an impossible date is refused with a message");
  await page.fill("#f-date_from", "");
  // Timeline: y-axis and brush.
  check(await page.locator("#timeline text.tick").count() >= 4, "timeline has axis ticks");
  const tb = await page.locator("#timeline").boundingBox();
  await page.mouse.move(tb.x + tb.width * 0.1, tb.y + tb.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(tb.x + tb.width * 0.6, tb.y + tb.height * 0.5, { steps: 5 });
  await page.mouse.up();
  await page.waitForFunction(() => location.hash.includes("date_from=") && location.hash.includes("date_to="));
  check(true, "timeline brush sets date_from and date_to: " + decodeURIComponent(page.url().split("?")[1] || ""));
  await page.waitForSelector("#count-events");
  // Map: labels, scale bar, tooltip.
  await page.goto(BASE + "/#/");
  await page.waitForSelector("svg.map path.adm1");
  await page.waitForTimeout(200);
  check(await page.locator("svg.map text.lbl").count() > 0, `map labels drawn: ${await page.locator("svg.map text.lbl").count()}`);
  check(await page.locator("svg.map g.shield").count() > 0, "road shields drawn");
  check((await page.textContent(".map-scale")).match(/\d/) !== null, `scale bar: ${await page.textContent(".map-scale")}`);
  const mk = page.locator("svg.map circle.ev, svg.map g.cluster").first();
  await mk.hover({ force: true });
  await page.waitForSelector(".map-tip:not([hidden])", { timeout: 3000 }).catch(() => {});
  check(await page.locator(".map-tip:not([hidden])").count() === 1, `tooltip: ${(await page.textContent(".map-tip")).slice(0, 80)}`);
  await shot("10-map-tooltip.png");
  // Digits: Arabic-Indic by choice.
  await page.click("#digits-toggle");
  await page.waitForSelector("#count-events");
  check(/[٠-٩]/.test(await page.textContent("#count-events")), `Arabic-Indic digits: ${await page.textContent("#count-events")}`);
  await page.click("#digits-toggle");
  await page.waitForSelector("#count-events");
  check(/[0-9]/.test(await page.textContent("#count-events")), "Latin digits again");

  console.log("article map: a country mentioned in passing does not set the extent");
  const ru = JSON.stringify({ id: "e2e-russia", published: "2024-03-18", title: "قصف على كفرنبل",
    text: "قصفت طائرات حربية روسية بلدة كفرنبل في ريف إدلب الجنوبي صباح اليوم. وقالت وزارة الدفاع في روسيا إن الطائرات استهدفت مواقع مسلحين." });
  const ing2 = await page.evaluate(async ([body, tok]) => {
    const r = await fetch("/api/ingest", { method: "POST", headers: { "Content-Type": "application/x-ndjson", Authorization: "Bearer " + tok }, body });
    return r.status;
  }, [ru, TOKEN]);
  check(ing2 === 200, `ingest of an article naming Russia: HTTP ${ing2}`);
  await page.goto(BASE + "/#/articles/e2e-russia");
  await page.waitForSelector("#article-text");
  await page.waitForSelector("svg.map path.adm1");
  await page.waitForTimeout(200);
  const kinds2 = await page.evaluate(() => fetch("/api/articles/e2e-russia").then((r) => r.json()).then((a) => a.annotations.filter((x) => x.kind === "place").map((x) => x.place_kind + ":" + x.label)));
  const scaleKm = parseFloat((await page.textContent(".map-scale")).replace(/[^\d.]/g, ""));
  check(kinds2.some((k) => k.startsWith("country")) ? scaleKm <= 50 : true, `article map scale ${scaleKm} km with places ${kinds2.join(", ")}`);
  const tw = await page.evaluate(() => [document.getElementById("article-text").getBoundingClientRect().width, innerWidth]);
  check(tw[0] >= Math.min(560, tw[1] * 0.45), `article text is the main column: ${Math.round(tw[0])} px of ${tw[1]}`);
  await shot("11-article-layout.png");

  console.log("page weight and frame time");
  const cdp = await ctx.newCDPSession(page);
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
  await page.goto("about:blank");
  await page.goto(BASE + "/#/");
  await page.waitForSelector("svg.map path.adm1");
  await page.waitForSelector("#timeline");
  const weight = await page.evaluate(() => {
    const nav = performance.getEntriesByType("navigation")[0];
    const res = performance.getEntriesByType("resource");
    const sum = (k) => res.reduce((a, r) => a + (r[k] || 0), nav ? nav[k] || 0 : 0);
    const by = (re) => res.filter((r) => re.test(r.name)).reduce((a, r) => a + (r.encodedBodySize || 0), 0);
    return { requests: res.length + 1, transfer: sum("transferSize"), body: sum("encodedBodySize"), decoded: sum("decodedBodySize"),
      mapLayers: by(/\/assets\/map\//), scripts: by(/\.js$/), api: by(/\/api\//) };
  });
  await cdp.send("Network.setCacheDisabled", { cacheDisabled: false });
  console.log(`  MEASURE page weight (dashboard, cold): ${weight.requests} requests, ${(weight.transfer / 1024).toFixed(0)} KiB transferred, body ${(weight.body / 1024).toFixed(0)} KiB (map layers ${(weight.mapLayers / 1024).toFixed(0)} KiB, scripts ${(weight.scripts / 1024).toFixed(0)} KiB, API ${(weight.api / 1024).toFixed(0)} KiB)`);
  check(weight.body > 0 && weight.body < 2 * 1024 * 1024, "dashboard page weight below 2 MiB");
  const frames = await page.evaluate(async () => {
    const m = window.RasdApp.lastMap;
    const svg = m.svg;
    const real = document.querySelectorAll("svg.map circle.ev, svg.map g.cluster").length;
    const realLabels = document.querySelectorAll("svg.map text.lbl").length;
    const r = svg.getBoundingClientRect();
    // 1) Script time of one redraw (labels with collision handling + clustered markers).
    const redraw = [];
    for (let i = 0; i < 30; i++) { const t0 = performance.now(); m.redraw(); redraw.push(performance.now() - t0); }
    // 2) Frame intervals while zooming in and out with the wheel (one wheel event per frame).
    const ivals = [];
    let last = null;
    for (let i = 0; i < 40; i++) {
      svg.dispatchEvent(new WheelEvent("wheel", { deltaY: i < 20 ? -100 : 100, clientX: r.left + r.width / 2, clientY: r.top + r.height / 2, bubbles: true, cancelable: true }));
      const ts = await new Promise((res) => requestAnimationFrame(res));
      if (last !== null) ivals.push(ts - last);
      last = ts;
    }
    // 3) The same redraw with 5,000 synthetic points spread over Syria (clustering worst case).
    let seed = 7;
    const rnd = () => { seed = (seed * 16807) % 2147483647; return seed / 2147483647; };
    m.setEvents(Array.from({ length: 5000 }, (_, i) => ({ id: "x" + i, lon: 36 + rnd() * 6, lat: 32.5 + rnd() * 4.5, t: "Battles", p: 1 })));
    m.focus(38.5, 35, 2.5);
    const big = [];
    for (let i = 0; i < 20; i++) { const t0 = performance.now(); m.redraw(); big.push(performance.now() - t0); }
    const q = (a, p) => { const s = a.slice().sort((x, y) => x - y); return s[Math.min(s.length - 1, Math.floor(p * s.length))]; };
    const mean = (a) => a.reduce((x, y) => x + y, 0) / a.length;
    return { redrawMean: mean(redraw), redrawMax: Math.max(...redraw), frameMean: mean(ivals), frameP95: q(ivals, 0.95), points: real,
      bigMean: mean(big), bigMax: Math.max(...big), bigMarkers: document.querySelectorAll("svg.map circle.ev, svg.map g.cluster").length,
      labels: realLabels, bigLabels: document.querySelectorAll("svg.map text.lbl").length };
  });
  console.log(`  MEASURE map redraw ${frames.redrawMean.toFixed(2)} ms mean / ${frames.redrawMax.toFixed(2)} ms max (script, ${frames.labels} labels, ${frames.points} markers); wheel-zoom frame interval ${frames.frameMean.toFixed(1)} ms mean / ${frames.frameP95.toFixed(1)} ms p95`);
  console.log(`  MEASURE map redraw with 5,000 points: ${frames.bigMean.toFixed(2)} ms mean / ${frames.bigMax.toFixed(2)} ms max (${frames.bigMarkers} markers and clusters, ${frames.bigLabels} labels drawn)`);
  check(frames.redrawMean > 0 && frames.bigMean > 0, "map redraw measured");

  console.log("responsive layout: no horizontal overflow, key controls visible");
  const firstEvent = await page.evaluate(() => fetch("/api/events?limit=1").then((r) => r.json()).then((p) => p.items[0]));
  const pagesToCheck = [
    ["dashboard", "/#/", "#count-events", ["#f-apply", "#lang-toggle", "nav a[data-nav=events]", ".map-controls .zoom-in", ".map-scale", "#timeline", "table.events"]],
    ["events", "/#/events", "table.events", ["#f-apply", "#lang-toggle", "table.events th.c-date", "table.events th.c-fatalities", ".pager"]],
    ["event", "/#/events/" + encodeURIComponent(firstEvent.id), "#sources", ["#lang-toggle", "dl.fields", ".map-controls .zoom-in", "#sources"]],
    ["article", "/#/articles/" + encodeURIComponent(firstEvent.sources[0].article_id), "#article-text", ["#lang-toggle", "#article-text", ".map-controls .zoom-in", "#article-title"]],
  ];
  for (const lng of ["ar", "en"]) {
    for (const w of [360, 768, 1280, 1440, 1920]) {
      await page.setViewportSize({ width: w, height: 900 });
      await page.evaluate((l) => localStorage.setItem("rasd-lang", l), lng);
      for (const [name, path, ready, controls] of pagesToCheck) {
        await page.goto(BASE + path);
        await page.reload();
        await page.waitForSelector(ready);
        await page.waitForSelector("svg.map path.adm1").catch(() => {});
        await page.waitForTimeout(100);
        const o = await page.evaluate(() => ({ sw: document.scrollingElement.scrollWidth, iw: innerWidth, dir: document.documentElement.dir }));
        const hidden = [];
        for (const c of controls) if (!(await page.locator(c).first().isVisible())) hidden.push(c);
        check(o.sw <= o.iw && hidden.length === 0 && o.dir === (lng === "ar" ? "rtl" : "ltr"),
          `${lng} ${w}px ${name}: scrollWidth ${o.sw} <= ${o.iw}${hidden.length ? "; hidden: " + hidden.join(" ") : ""}`);
        await page.screenshot({ path: join(ART, `layout-${lng}-${w}-${name}.png`), fullPage: w <= 768 });
      }
    }
  }
  await page.setViewportSize({ width: 1400, height: 1000 });
  await page.evaluate(() => localStorage.setItem("rasd-lang", "ar"));

  check(outside.length === 0, `no requests outside the server (${outside.slice(0, 3).join(", ")})`);
  check(consoleErrors.length === 0, `no console errors/CSP violations (${consoleErrors.slice(0, 3).join(" | ")})`);
} catch (e) {
  failures++;
  console.log("  FAIL exception: " + (e && e.stack ? e.stack : e));
  await shot("99-failure.png").catch(() => {});
} finally {
  await ctx.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(failures ? `e2e: ${failures} failure(s)` : "e2e: all checks passed");
process.exit(failures ? 1 : 0);
