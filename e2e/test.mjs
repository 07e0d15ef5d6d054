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
