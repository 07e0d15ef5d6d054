// rasd web application: hash router, dashboard, events, event and article pages, search,
// watch zones. Article text is always inserted as DOM text nodes (never innerHTML).
"use strict";
(function () {
  const I = window.RASD_I18N;
  let lang = localStorage.getItem("rasd-lang") || "ar";
  const t = (k) => (I[lang] && I[lang][k]) || I.en[k] || k;
  const typeName = (ty) => (lang === "ar" && I.types[ty] ? I.types[ty].ar : ty);
  const TYPES = Object.keys(I.types);

  // Token for endpoints that change data: from the URL fragment (#token=...) or session storage.
  (function () {
    const m = location.hash.match(/[#&]token=([0-9A-Za-z_-]+)/);
    if (m) {
      sessionStorage.setItem("rasd-token", m[1]);
      history.replaceState(null, "", location.pathname + "#/");
    }
  })();

  // ---------- DOM helpers (text only; no HTML strings) ----------
  function h(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const k in attrs || {}) {
      const v = attrs[k];
      if (v === null || v === undefined || v === false) continue;
      if (k === "class") e.className = v;
      else if (k.startsWith("on")) e.addEventListener(k.slice(2), v);
      else if (k === "href") e.setAttribute("href", safeHref(v));
      else e.setAttribute(k, v === true ? "" : String(v));
    }
    for (const c of kids.flat(Infinity)) {
      if (c === null || c === undefined || c === false) continue;
      e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }
  // Only in-app fragments, same-origin API paths and http(s) URLs become links.
  function safeHref(u) {
    u = String(u || "");
    if (u.startsWith("#") || u.startsWith("/api/") || u.startsWith("/zones/")) return u;
    if (/^https?:\/\//i.test(u)) return u;
    return "#";
  }
  const extLink = (url, label) =>
    /^https?:\/\//i.test(url || "") ? h("a", { href: url, rel: "noopener noreferrer nofollow", target: "_blank", class: "ext" }, label || url) : null;
  const qs = (o) => {
    const p = new URLSearchParams();
    for (const k in o) if (o[k] !== undefined && o[k] !== null && o[k] !== "") p.set(k, o[k]);
    return p.toString();
  };
  async function api(path, init) {
    const r = await fetch(path, init);
    const ct = r.headers.get("content-type") || "";
    const body = ct.includes("json") ? await r.json() : await r.text();
    if (!r.ok) throw new Error((body && body.error) || r.status + " " + r.statusText);
    return body;
  }
  const app = () => document.getElementById("app");
  function setPage(...kids) { app().replaceChildren(...kids); }
  const errBox = (e) => h("p", { class: "error", role: "alert" }, t("error") + ": " + (e && e.message ? e.message : e));
  const fmtNum = (n) => (n === null || n === undefined ? "—" : Number(n).toLocaleString(lang === "ar" ? "ar-SY" : "en-GB"));
  const dash = (v) => (v === null || v === undefined || v === "" ? "—" : v);

  function typeBadge(ty) {
    return h("span", { class: "badge", style: null, "data-type": ty }, h("i", { class: "dot", "data-color": ty }), typeName(ty));
  }
  // Colour dots via a class-less approach compatible with the CSP (no inline style attributes from strings):
  function paintDots(root) {
    for (const d of root.querySelectorAll("i.dot[data-color]")) d.style.background = window.RasdMap.typeColor(d.getAttribute("data-color"));
  }

  // ---------- routing ----------
  function parseHash() {
    const raw = location.hash.replace(/^#/, "") || "/";
    const [path, query] = raw.split("?");
    const params = Object.fromEntries(new URLSearchParams(query || ""));
    return { parts: path.split("/").filter(Boolean).map(decodeURIComponent), params };
  }
  function go(path, params) {
    const q = qs(params || {});
    location.hash = "#" + path + (q ? "?" + q : "");
  }
  async function route() {
    const { parts, params } = parseHash();
    for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", a.getAttribute("data-nav") === (parts[0] || "dashboard"));
    setPage(h("p", { class: "loading" }, t("loading")));
    try {
      if (!parts.length) await dashboard(params);
      else if (parts[0] === "events" && parts[1]) await eventPage(parts[1]);
      else if (parts[0] === "events") await eventsPage(params);
      else if (parts[0] === "articles" && parts[1]) await articlePage(parts[1], params);
      else if (parts[0] === "search") await searchPage(params);
      else if (parts[0] === "zones" && parts[1]) await zonePage(parts[1]);
      else if (parts[0] === "zones") await zonesPage();
      else setPage(h("p", {}, t("not_found")));
    } catch (e) {
      setPage(errBox(e));
    }
    paintDots(app());
  }

  // ---------- filters ----------
  const FILTER_KEYS = ["date_from", "date_to", "event_type", "actor", "place", "source", "text", "zone"];
  function pickFilters(params) {
    const o = {};
    for (const k of FILTER_KEYS) if (params[k]) o[k] = params[k];
    return o;
  }
  function filterForm(params, target, extraTypes, places) {
    const f = pickFilters(params);
    const typeSel = h("select", { name: "event_type", id: "f-type" }, h("option", { value: "" }, t("any")),
      [...new Set(TYPES.concat(extraTypes || []))].map((ty) => h("option", { value: ty, selected: f.event_type === ty }, typeName(ty))));
    const dl = h("datalist", { id: "places-list" }, (places || []).map((p) => h("option", { value: p })));
    const field = (name, label, type, extra) =>
      h("label", {}, h("span", {}, label), h("input", Object.assign({ name, id: "f-" + name, type: type || "text", value: f[name] || "" }, extra || {})));
    const form = h("form", { class: "filters", id: "filters" },
      field("date_from", t("date_from"), "date"),
      field("date_to", t("date_to"), "date"),
      h("label", {}, h("span", {}, t("event_type")), typeSel),
      field("actor", t("actor")),
      field("place", t("place"), "text", { list: "places-list" }), dl,
      field("source", t("source")),
      field("text", t("text")),
      h("div", { class: "buttons" },
        h("button", { type: "submit", id: "f-apply" }, t("apply")),
        h("button", { type: "button", onclick: () => go(target, {}) }, t("reset"))));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const o = {};
      for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) o[k] = String(v).trim();
      go(target, o);
    });
    return form;
  }
  function exportLinks(f) {
    const q = qs(f);
    return h("span", { class: "exports" },
      h("a", { href: "/api/export.csv" + (q ? "?" + q : ""), id: "export-csv", download: "rasd-events.csv" }, t("export_csv")),
      h("a", { href: "/api/export.geojson" + (q ? "?" + q : ""), id: "export-geojson", download: "rasd-events.geojson" }, t("export_geojson")));
  }
  const pointTitle = (p) => typeName(p.t) + " — " + dash(p.d) + (p.f ? " — " + t("fatalities") + ": " + p.f : "");
  function newMap(container, height) {
    return window.RasdMap.create(container, {
      height, onEvent: (id) => go("/events/" + encodeURIComponent(id)), title: pointTitle,
      labels: { zoom_in: t("zoom_in"), zoom_out: t("zoom_out"), reset_view: t("reset_view") },
    });
  }
  function legend() {
    return h("div", { class: "legend" }, TYPES.map((ty) => h("span", {}, h("i", { class: "dot", "data-color": ty }), typeName(ty))));
  }

  // ---------- dashboard ----------
  async function dashboard(params) {
    const f = pickFilters(params);
    const q = qs(f);
    const [stats, pts, latest, all] = await Promise.all([
      api("/api/stats" + (q ? "?" + q : "")),
      api("/api/points?" + qs(Object.assign({ limit: 5000 }, f))),
      api("/api/events?" + qs(Object.assign({ limit: 12 }, f))),
      q ? api("/api/stats") : null,
    ]);
    const mapBox = h("div", { class: "panel map-panel" }, h("h2", {}, t("map")));
    const counts = h("div", { class: "counts", id: "counts" },
      h("div", {}, h("b", { id: "count-events" }, fmtNum(stats.events)), " ", t("events_n")),
      h("div", {}, h("b", {}, fmtNum(stats.articles)), " ", t("articles_n")),
      h("div", {}, h("b", {}, fmtNum(stats.sources)), " ", t("sources_n")),
      pts.items.length < pts.total ? h("div", { class: "muted" }, t("showing") + " " + fmtNum(pts.items.length) + " " + t("of") + " " + fmtNum(pts.total)) : null,
      exportLinks(f));
    const byType = h("ul", { class: "bytype" }, stats.by_type.map(([ty, n]) =>
      h("li", {}, h("a", { href: "#/?" + qs(Object.assign({}, f, { event_type: ty })) }, h("i", { class: "dot", "data-color": ty }), typeName(ty)), " ", h("b", {}, fmtNum(n)))));
    const tl = h("div", { class: "panel" }, h("h2", {}, t("timeline")), timeline(stats.by_day_type, f));
    const list = h("div", { class: "panel" }, h("h2", {}, t("latest")), eventsTable(latest.items),
      h("a", { href: "#/events?" + qs(f), class: "more" }, t("all_events") + " (" + fmtNum(latest.total) + ")"));
    const base = all || stats;
    const extraTypes = base.by_type.map((x) => x[0]);
    const places = base.by_admin1.map((x) => x[0]);
    setPage(
      h("section", { class: "dash" },
        h("aside", { class: "panel side" }, h("h2", {}, t("filters")), filterForm(params, "/", extraTypes, places), counts, byType),
        h("div", { class: "maincol" }, mapBox, tl, list)));
    const m = newMap(mapBox, 480);
    mapBox.append(legend());
    m.setEvents(pts.items);
  }

  // Stacked bars per day (or per week when the range is long), by type.
  function timeline(rows, f) {
    const SVGNS = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(SVGNS, "svg");
    svg.setAttribute("class", "timeline");
    svg.setAttribute("id", "timeline");
    if (!rows.length) { svg.setAttribute("height", "20"); return svg; }
    const day = (s) => Math.floor(Date.parse(s + "T00:00:00Z") / 86400000);
    const days = rows.map((r) => day(r[0])).filter((d) => !isNaN(d));
    const d0 = Math.min(...days), d1 = Math.max(...days);
    const weekly = d1 - d0 > 120;
    const bucket = (d) => (weekly ? Math.floor((d - d0) / 7) : d - d0);
    const nb = bucket(d1) + 1;
    const stacks = Array.from({ length: nb }, () => ({}));
    for (const [ds, ty, n] of rows) {
      const d = day(ds);
      if (isNaN(d)) continue;
      stacks[bucket(d)][ty] = (stacks[bucket(d)][ty] || 0) + n;
    }
    const max = Math.max(1, ...stacks.map((s) => Object.values(s).reduce((a, b) => a + b, 0)));
    const W = 900, H = 120, bw = W / nb;
    svg.setAttribute("viewBox", `0 0 ${W} ${H + 18}`);
    svg.setAttribute("preserveAspectRatio", "none");
    const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
    stacks.forEach((s, i) => {
      let y = H;
      const start = weekly ? d0 + i * 7 : d0 + i;
      for (const ty of Object.keys(s)) {
        const hgt = (s[ty] / max) * H;
        y -= hgt;
        const r = document.createElementNS(SVGNS, "rect");
        r.setAttribute("x", (i * bw).toFixed(2));
        r.setAttribute("y", y.toFixed(2));
        r.setAttribute("width", Math.max(0.5, bw - 0.5).toFixed(2));
        r.setAttribute("height", hgt.toFixed(2));
        r.setAttribute("fill", window.RasdMap.typeColor(ty));
        const tt = document.createElementNS(SVGNS, "title");
        tt.textContent = iso(start) + (weekly ? " (" + t("per_week") + ")" : "") + " — " + typeName(ty) + ": " + s[ty];
        r.append(tt);
        r.addEventListener("click", () => go("/", Object.assign({}, f, { date_from: iso(start), date_to: iso(weekly ? start + 6 : start) })));
        svg.append(r);
      }
    });
    for (const [x, label, anchor] of [[2, iso(d0), "start"], [W - 2, iso(d1), "end"]]) {
      const tx = document.createElementNS(SVGNS, "text");
      tx.setAttribute("x", x); tx.setAttribute("y", H + 14); tx.setAttribute("text-anchor", anchor);
      tx.textContent = label;
      svg.append(tx);
    }
    const cap = document.createElementNS(SVGNS, "text");
    cap.setAttribute("x", W / 2); cap.setAttribute("y", H + 14); cap.setAttribute("text-anchor", "middle");
    cap.textContent = weekly ? t("per_week") : t("per_day");
    svg.append(cap);
    return svg;
  }

  function eventsTable(items) {
    if (!items.length) return h("p", { class: "muted" }, t("none"));
    return h("table", { class: "events" },
      h("thead", {}, h("tr", {}, [t("date"), t("type"), t("sub_type"), t("location"), t("admin1"), t("actor1"), t("actor2"), t("fatalities"), t("n_sources")].map((x) => h("th", {}, x)))),
      h("tbody", {}, items.map((e) => h("tr", {},
        h("td", {}, h("a", { href: "#/events/" + encodeURIComponent(e.id), class: "ev-link" }, dash(e.event_date))),
        h("td", {}, typeBadge(e.event_type)),
        h("td", {}, e.sub_event_type),
        h("td", {}, dash(e.location)),
        h("td", {}, dash(e.admin1)),
        h("td", {}, dash(e.actor1)),
        h("td", {}, dash(e.actor2)),
        h("td", { class: "num" }, dash(e.fatalities)),
        h("td", { class: "num" }, e.sources.length)))));
  }

  // ---------- events list ----------
  async function eventsPage(params) {
    const f = pickFilters(params);
    const limit = 50, offset = Math.max(0, parseInt(params.offset || "0", 10) || 0);
    const page = await api("/api/events?" + qs(Object.assign({ limit, offset }, f)));
    const nav = h("div", { class: "pager" },
      offset > 0 ? h("a", { href: "#/events?" + qs(Object.assign({}, f, { offset: Math.max(0, offset - limit) })) }, t("prev")) : null,
      h("span", {}, fmtNum(page.total ? offset + 1 : 0) + "–" + fmtNum(Math.min(page.total, offset + limit)) + " / " + fmtNum(page.total) + " " + t("page_of")),
      offset + limit < page.total ? h("a", { href: "#/events?" + qs(Object.assign({}, f, { offset: offset + limit })) }, t("next")) : null);
    setPage(h("section", { class: "dash" },
      h("aside", { class: "panel side" }, h("h2", {}, t("filters")), filterForm(params, "/events"), exportLinks(f)),
      h("div", { class: "maincol panel" }, h("h2", {}, t("nav_events")), nav, eventsTable(page.items))));
  }

  // ---------- event page ----------
  function fieldList(pairs) {
    return h("dl", { class: "fields" }, pairs.map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, v instanceof Node ? v : h("bdi", {}, dash(v)))]));
  }
  async function eventPage(id) {
    const e = await api("/api/events/" + encodeURIComponent(id));
    const mapBox = h("div", { class: "panel" });
    const sources = h("ol", { class: "sources", id: "sources" }, e.sources.map((s) => h("li", {},
      h("div", { class: "src-head" },
        h("b", {}, dash(s.outlet)), " · ", dash(s.published), " · ",
        h("a", { href: "#/articles/" + encodeURIComponent(s.article_id) + "?" + qs({ hl: s.evidence_start + "-" + s.evidence_end }), class: "article-link" }, t("open_article")),
        " ", extLink(s.url, t("original"))),
      h("blockquote", { class: "evidence" }, h("mark", {}, s.evidence)),
      s.merge_reason ? h("p", { class: "muted" }, t("merge_reason") + ": " + s.merge_reason) : null)));
    setPage(h("section", { class: "event-page" },
      h("h1", {}, typeBadge(e.event_type), " ", e.sub_event_type, " — ", dash(e.location), " — ", dash(e.event_date)),
      h("div", { class: "two" },
        h("div", { class: "panel" }, fieldList([
          ["id", e.id], ["date", e.event_date], ["time_precision", e.time_precision], ["type", typeName(e.event_type)],
          ["sub_type", e.sub_event_type], ["plover", e.plover], ["disorder_type", e.disorder_type],
          ["actor1", e.actor1], ["assoc_actor1", e.assoc_actor1], ["inter1", e.inter1],
          ["actor2", e.actor2], ["assoc_actor2", e.assoc_actor2], ["inter2", e.inter2],
          ["civilian_targeting", e.civilian_targeting ? t("yes") : t("no")], ["country", e.country],
          ["admin1", e.admin1], ["admin2", e.admin2], ["admin3", e.admin3], ["location", e.location],
          ["coordinates", e.lat !== null && e.lat !== undefined ? h("bdi", { dir: "ltr" }, e.lat + ", " + e.lon) : null], ["geo_precision", e.geo_precision],
          ["fatalities", e.fatalities], ["injuries", e.injuries], ["claimed_by", e.claimed_by], ["salience", e.salience],
        ])),
        mapBox),
      h("div", { class: "panel" }, h("h2", {}, t("sources_title") + " (" + e.sources.length + ")"), sources)));
    const m = newMap(mapBox, 360);
    if (e.lat !== null && e.lat !== undefined) {
      m.setEvents([{ id: e.id, lat: e.lat, lon: e.lon, t: e.event_type, d: e.event_date, f: e.fatalities }]);
      m.ready.then(() => m.focus(e.lon, e.lat, 6));
    }
  }

  // ---------- article page ----------
  const KIND_ORDER = ["evidence", "trigger", "entity", "place", "date"];
  function annotatedText(text, anns, hl) {
    const cps = Array.from(text);
    const n = cps.length;
    const bounds = new Set([0, n]);
    const list = anns.filter((a) => a.start < a.end && a.end <= n);
    if (hl) list.push({ kind: "hl", start: hl[0], end: hl[1], label: "" });
    for (const a of list) { bounds.add(a.start); bounds.add(a.end); }
    const bs = [...bounds].sort((a, b) => a - b);
    const root = h("div", { class: "article-text", id: "article-text" });
    for (let i = 0; i + 1 < bs.length; i++) {
      const a = bs[i], b = bs[i + 1];
      const seg = cps.slice(a, b).join("");
      const active = list.filter((x) => x.start <= a && x.end >= b);
      if (!active.length) { root.append(document.createTextNode(seg)); continue; }
      const kinds = [...new Set(active.map((x) => x.kind))].sort((x, y) => KIND_ORDER.indexOf(x) - KIND_ORDER.indexOf(y));
      const span = h("span", { class: kinds.map((k) => "ann ann-" + k).join(" "), title: active.filter((x) => x.label).map((x) => t("legend_" + x.kind) + ": " + x.label).join("\n") }, seg);
      const place = active.find((x) => x.kind === "place" && x.lat !== undefined);
      if (place) {
        span.setAttribute("data-lat", place.lat); span.setAttribute("data-lon", place.lon);
        span.setAttribute("tabindex", "0"); span.setAttribute("role", "button");
      }
      const date = active.find((x) => x.kind === "date");
      if (date) span.setAttribute("data-value", date.label);
      root.append(span);
    }
    return root;
  }
  async function articlePage(id, params) {
    const a = await api("/api/articles/" + encodeURIComponent(id));
    let hl = null;
    if (params.hl) { const m = params.hl.match(/^(\d+)-(\d+)$/); if (m) hl = [+m[1], +m[2]]; }
    const mapBox = h("div", { class: "panel" });
    const textEl = annotatedText(a.text, a.annotations, hl);
    const legendEl = h("div", { class: "ann-legend" }, KIND_ORDER.map((k) => h("span", { class: "ann ann-" + k }, t("legend_" + k))));
    setPage(h("section", { class: "article-page" },
      h("h1", { id: "article-title", dir: "auto" }, a.title || a.id),
      h("p", { class: "meta" }, h("bdi", {}, dash(a.source)), " · ", h("bdi", {}, dash(a.published)), " · ", extLink(a.url, t("original")),
        a.duplicate_of ? [" · ", t("duplicate_of") + " ", h("a", { href: "#/articles/" + encodeURIComponent(a.duplicate_of) }, a.duplicate_of)] : null),
      h("div", { class: "two" },
        h("div", { class: "panel" }, h("h2", {}, t("annotations")), legendEl, textEl,
          a.warnings.length ? h("details", {}, h("summary", {}, t("warnings") + " (" + a.warnings.length + ")"), h("ul", {}, a.warnings.map((w) => h("li", {}, w)))) : null),
        h("div", {}, mapBox, h("div", { class: "panel" }, h("h2", {}, t("events_in_article")), eventsTable(a.events))))));
    const m = newMap(mapBox, 340);
    const places = a.annotations.filter((x) => x.kind === "place" && x.lat !== undefined);
    m.setEvents(a.events.filter((e) => e.lat !== null && e.lat !== undefined).map((e) => ({ id: e.id, lat: e.lat, lon: e.lon, t: e.event_type, d: e.event_date, f: e.fatalities })));
    m.ready.then(() => { if (places.length) m.fitPoints(places.map((p) => ({ lon: p.lon, lat: p.lat }))); });
    textEl.addEventListener("click", (ev) => {
      const s = ev.target.closest("[data-lat]");
      if (s) m.focus(parseFloat(s.getAttribute("data-lon")), parseFloat(s.getAttribute("data-lat")), 12);
    });
    const first = textEl.querySelector(".ann-hl");
    if (first) first.scrollIntoView({ block: "center" });
  }

  // ---------- search ----------
  function highlighted(snippet, ranges) {
    const cps = Array.from(snippet);
    const out = [];
    let pos = 0;
    for (const [a, b] of ranges.slice().sort((x, y) => x[0] - y[0])) {
      if (a < pos || b > cps.length || a >= b) continue;
      out.push(cps.slice(pos, a).join(""), h("mark", {}, cps.slice(a, b).join("")));
      pos = b;
    }
    out.push(cps.slice(pos).join(""));
    return out;
  }
  async function searchPage(params) {
    const input = h("input", { type: "search", name: "q", id: "search-q", value: params.q || "", placeholder: t("search_ph"), dir: "auto" });
    const form = h("form", { class: "search" }, input, h("button", { type: "submit" }, t("search")));
    form.addEventListener("submit", (e) => { e.preventDefault(); go("/search", { q: input.value.trim() }); });
    const box = h("div", { id: "search-results" });
    setPage(h("section", { class: "panel" }, h("h1", {}, t("search")), form, box));
    if (!params.q) return;
    const offset = parseInt(params.offset || "0", 10) || 0;
    const res = await api("/api/search?" + qs({ q: params.q, limit: 20, offset }));
    box.append(h("p", { class: "muted" }, fmtNum(res.total) + " " + t("results")),
      h("ol", { class: "hits" }, res.items.map((x) => h("li", {},
        h("a", { href: "#/articles/" + encodeURIComponent(x.article_id), class: "hit-title" }, x.title || x.article_id),
        h("div", { class: "muted" }, dash(x.source), " · ", dash(x.published)),
        h("p", { class: "snippet", dir: "auto" }, highlighted(x.snippet, x.highlights))))),
      h("div", { class: "pager" },
        offset > 0 ? h("a", { href: "#/search?" + qs({ q: params.q, offset: Math.max(0, offset - 20) }) }, t("prev")) : null,
        offset + 20 < res.total ? h("a", { href: "#/search?" + qs({ q: params.q, offset: offset + 20 }) }, t("next")) : null));
  }

  // ---------- zones ----------
  function tokenField() {
    return h("label", {}, h("span", {}, t("token")),
      h("input", { type: "password", id: "token", autocomplete: "off", value: sessionStorage.getItem("rasd-token") || "", placeholder: t("token_hint"),
        oninput: (e) => sessionStorage.setItem("rasd-token", e.target.value.trim()) }));
  }
  const authHeaders = () => ({ Authorization: "Bearer " + (sessionStorage.getItem("rasd-token") || "") });
  function describeZone(z) {
    const g = z.geometry;
    return g.kind === "corridor" ? `${g.road} ± ${g.km} km` : `${t("polygon")} (${g.rings[0] ? g.rings[0].length : 0})`;
  }
  async function zonesPage() {
    const zones = await api("/api/zones");
    const mapBox = h("div", { class: "panel" });
    const msg = h("p", { class: "msg", role: "status" });
    const kindSel = h("select", { id: "zone-kind", name: "kind" }, h("option", { value: "corridor" }, t("corridor")), h("option", { value: "polygon" }, t("polygon")));
    const roadSel = h("select", { id: "zone-road", name: "road" }, h("option", { value: "M4" }, "M4"), h("option", { value: "M5" }, "M5"));
    const kmIn = h("input", { id: "zone-km", name: "km", type: "number", min: "0.1", max: "200", step: "0.1", value: "6" });
    const nameIn = h("input", { id: "zone-name", name: "name", required: true, value: "" });
    let poly = [];
    const ptsInfo = h("span", { class: "muted", id: "draw-count" });
    const drawBox = h("div", { class: "draw-box", hidden: true }, h("p", { class: "muted" }, t("draw_hint")), ptsInfo,
      h("button", { type: "button", onclick: () => m.clearDraw() }, t("clear")));
    const corrBox = h("div", { class: "corr-box" }, h("label", {}, h("span", {}, t("road")), roadSel), h("label", {}, h("span", {}, t("km")), kmIn));
    const preview = () => {
      if (kindSel.value === "corridor") m.setZone({ kind: "corridor", road: roadSel.value, km: parseFloat(kmIn.value) || 0 });
      else m.setZone(null);
    };
    kindSel.addEventListener("change", () => {
      const poly_ = kindSel.value === "polygon";
      drawBox.hidden = !poly_; corrBox.hidden = poly_;
      if (poly_) m.startDraw((pts) => { poly = pts; ptsInfo.textContent = pts.length + " •"; });
      else m.stopDraw();
      preview();
    });
    roadSel.addEventListener("change", preview);
    kmIn.addEventListener("input", preview);
    const form = h("form", { class: "zone-form", id: "zone-form" },
      h("h2", {}, t("new_zone")),
      h("label", {}, h("span", {}, t("zone_name")), nameIn),
      h("label", {}, h("span", {}, t("zone_kind")), kindSel), corrBox, drawBox, tokenField(),
      h("button", { type: "submit", id: "zone-create" }, t("create")), msg);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const geometry = kindSel.value === "corridor"
        ? { kind: "corridor", road: roadSel.value, km: parseFloat(kmIn.value) }
        : { kind: "polygon", rings: [poly] };
      try {
        const z = await api("/api/zones", { method: "POST", headers: Object.assign({ "Content-Type": "application/json" }, authHeaders()), body: JSON.stringify({ name: nameIn.value.trim(), geometry }) });
        go("/zones/" + encodeURIComponent(z.id));
      } catch (err) {
        msg.textContent = t("error") + ": " + err.message;
      }
    });
    setPage(h("section", { class: "zones-page" },
      h("h1", {}, t("zones")),
      h("ul", { class: "zones", id: "zone-list" }, zones.map((z) => h("li", {}, h("a", { href: "#/zones/" + encodeURIComponent(z.id) }, z.name), " — ", describeZone(z)))),
      h("div", { class: "two" }, h("div", { class: "panel" }, form), mapBox)));
    const m = newMap(mapBox, 460);
    preview();
  }
  async function zonePage(id) {
    const z = await api("/api/zones/" + encodeURIComponent(id));
    const [page, pts] = await Promise.all([
      api("/api/zones/" + encodeURIComponent(id) + "/events?limit=25"),
      api("/api/points?" + qs({ zone: id, limit: 5000 })),
    ]);
    const mapBox = h("div", { class: "panel" });
    const msg = h("p", { class: "msg", role: "status" });
    const del = h("button", { type: "button", class: "danger", id: "zone-delete", onclick: async () => {
      if (!confirm(t("confirm_delete"))) return;
      try {
        await api("/api/zones/" + encodeURIComponent(id), { method: "DELETE", headers: authHeaders() });
        go("/zones");
      } catch (err) { msg.textContent = t("error") + ": " + err.message; }
    } }, t("delete"));
    setPage(h("section", { class: "zone-page" },
      h("h1", {}, z.name, " — ", describeZone(z)),
      h("p", {}, h("a", { href: "/zones/" + encodeURIComponent(id) + "/feed.atom", id: "zone-feed" }, t("feed")), " · ",
        h("a", { href: "/api/export.csv?" + qs({ zone: id }), download: "rasd-zone.csv" }, t("export_csv")), " · ", t("created") + ": ", h("bdi", {}, z.created_at)),
      mapBox,
      h("div", { class: "panel" }, h("h2", { id: "zone-count" }, t("zone_events") + " (" + fmtNum(page.total) + ")"), eventsTable(page.items),
        page.total > page.items.length ? h("a", { href: "#/events?" + qs({ zone: id }), class: "more" }, t("all_events") + " (" + fmtNum(page.total) + ")") : null),
      h("div", { class: "panel" }, tokenField(), " ", del, msg)));
    const m = newMap(mapBox, 420);
    m.setZone(z.geometry);
    m.setEvents(pts.items);
    if (pts.items.length) m.ready.then(() => m.fitPoints(pts.items));
  }

  // ---------- language ----------
  function applyLang() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.getAttribute("data-i18n"));
    document.getElementById("lang-toggle").textContent = t("lang_other");
    document.title = lang === "ar" ? "رصد — rasd" : "rasd — رصد";
  }
  document.getElementById("lang-toggle").addEventListener("click", () => {
    lang = lang === "ar" ? "en" : "ar";
    localStorage.setItem("rasd-lang", lang);
    applyLang();
    route();
  });
  window.addEventListener("hashchange", route);
  applyLang();
  route();
})();
