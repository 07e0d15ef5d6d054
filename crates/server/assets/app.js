// rasd web application: hash router, dashboard, events, event and article pages, search,
// watch zones. Article text is always inserted as DOM text nodes (never innerHTML).
// The URL fragment carries the whole view state (#/events?event_type=…&sort=…), so a filtered
// view can be shared by copying the address. Other scripts (e.g. review.js) reach the helpers
// through window.RasdApp.
"use strict";
(function () {
  const I = window.RASD_I18N;
  let lang = localStorage.getItem("rasd-lang") || "ar";
  // Digits of numbers and dates in the Arabic view: "latn" (0-9) or "arab" (٠-٩).
  let digitsPref = localStorage.getItem("rasd-digits") || "latn";
  const t = (k) => (I[lang] && I[lang][k]) || I.en[k] || k;
  const arabDigits = () => lang === "ar" && digitsPref === "arab";
  const dg = (s) => (s === null || s === undefined ? s : arabDigits() ? String(s).replace(/[0-9]/g, (d) => "٠١٢٣٤٥٦٧٨٩"[d]) : String(s));
  const toLatinDigits = (s) => String(s).replace(/[٠-٩]/g, (d) => String("٠١٢٣٤٥٦٧٨٩".indexOf(d))).replace(/[۰-۹]/g, (d) => String("۰۱۲۳۴۵۶۷۸۹".indexOf(d)));
  let vocab = { event_types: [], roads: [] };
  const termAr = new Map();
  const typeName = (ty) => (lang === "ar" ? termAr.get(ty) || (I.types[ty] && I.types[ty].ar) || ty : ty);
  const TYPES = Object.keys(I.types);
  // The Arabic name of an event field when the Arabic view is on and the server knows one.
  const arOf = (e, k) => (lang === "ar" && e && e.ar && e.ar[k]) || (e ? e[k] : null);

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
  const fmtNum = (n) => (n === null || n === undefined ? "—" : dg(Number(n).toLocaleString(lang === "ar" ? "ar-SY-u-nu-latn" : "en-GB")));
  const dash = (v) => (v === null || v === undefined || v === "" ? "—" : v);
  // A mixed-direction run (date, outlet, place, actor) isolated from its neighbours.
  const bdi = (v, dir) => h("bdi", dir ? { dir } : {}, dg(dash(v)));
  // ISO date or date-time → "2024-03-18" / "2024-03-18 09:30", always left to right.
  function fmtDate(s) {
    if (!s) return bdi(null);
    const m = String(s).match(/^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}))?/);
    return h("bdi", { dir: "ltr", class: "date" }, dg(m ? m[1] + (m[2] ? " " + m[2] : "") : s));
  }
  // A value in the view's language with the stored (English) value as its tooltip.
  function localized(e, k, shown) {
    const v = shown !== undefined ? shown : arOf(e, k);
    const orig = e ? e[k] : null;
    return h("bdi", { title: v !== orig && orig ? orig : null }, dash(v));
  }
  function mergeReason(r) {
    if (lang !== "ar" || !r) return r;
    return r.split(", ").map((part) => {
      for (const [re, f] of I.mergeReasons) { const m = part.match(re); if (m) return f(m); }
      return part;
    }).join("، ");
  }

  function typeBadge(ty) {
    return h("span", { class: "badge", "data-type": ty }, h("i", { class: "dot", "data-color": ty }), h("bdi", {}, typeName(ty)));
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
    return { path: path || "/", parts: path.split("/").filter(Boolean).map(decodeURIComponent), params };
  }
  function go(path, params) {
    const q = qs(params || {});
    location.hash = "#" + path + (q ? "?" + q : "");
  }
  // Extra pages other scripts register: RasdApp.pages[name] = async (parts, params) => {...}.
  const pages = {};
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
      else if (pages[parts[0]]) await pages[parts[0]](parts, params);
      else setPage(h("p", {}, t("not_found")));
    } catch (e) {
      setPage(errBox(e));
    }
    paintDots(app());
    document.dispatchEvent(new CustomEvent("rasd:page", { detail: { parts, params } }));
  }

  // ---------- filters ----------
  // Every API filter (see openapi.json); the fragment carries them, so views are shareable.
  const FILTER_KEYS = ["date_from", "date_to", "event_type", "sub_event_type", "actor", "place", "country", "source", "text",
    "min_fatalities", "near_road", "road_km", "bbox", "include_background", "zone", "sort"];
  const ADVANCED = ["sub_event_type", "min_fatalities", "near_road", "road_km", "bbox", "include_background", "country"];
  function pickFilters(params) {
    const o = {};
    for (const k of FILTER_KEYS) if (params[k]) o[k] = params[k];
    if (!o.near_road) delete o.road_km;
    return o;
  }
  // The filters without the order (stats and counts do not depend on it).
  const withoutSort = (f) => { const o = Object.assign({}, f); delete o.sort; return o; };
  const DATE_RE = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
  function validDate(v) {
    if (!DATE_RE.test(v)) return false;
    if (v.length < 10) return true;
    const d = new Date(v + "T00:00:00Z");
    return !isNaN(d) && d.toISOString().slice(0, 10) === v;
  }
  function validBbox(v) {
    const n = v.split(",").map((x) => Number(x.trim()));
    return n.length === 4 && n.every((x) => isFinite(x)) && n[0] <= n[2] && n[1] <= n[3] && Math.abs(n[0]) <= 180 && Math.abs(n[2]) <= 180 && Math.abs(n[1]) <= 90 && Math.abs(n[3]) <= 90;
  }
  function filterForm(params, target, extraTypes, places, getMap) {
    const f = pickFilters(params);
    const typeSel = h("select", { name: "event_type", id: "f-type" }, h("option", { value: "" }, t("any")),
      [...new Set(vocab.event_types.map((x) => x.name).concat(TYPES, extraTypes || []))].map((ty) => h("option", { value: ty, selected: f.event_type === ty }, typeName(ty))));
    const subSel = h("select", { name: "sub_event_type", id: "f-sub_event_type" });
    const fillSubs = () => {
      const types = vocab.event_types.filter((x) => !typeSel.value || x.name === typeSel.value);
      const cur = subSel.value || f.sub_event_type || "";
      subSel.replaceChildren(h("option", { value: "" }, t("any")),
        ...types.map((ty) => h("optgroup", { label: typeName(ty.name) },
          ty.sub_event_types.map((s) => h("option", { value: s.name, selected: cur === s.name }, lang === "ar" && s.ar ? s.ar : s.name)))));
    };
    fillSubs();
    typeSel.addEventListener("change", () => { subSel.value = ""; fillSubs(); });
    const roadSel = h("select", { name: "near_road", id: "f-near_road" }, h("option", { value: "" }, t("no_road")),
      vocab.roads.map((r) => h("option", { value: r.ref, selected: f.near_road === r.ref, title: lang === "ar" ? r.name_ar : r.name_en }, r.ref)));
    const dl = h("datalist", { id: "places-list" }, (places || []).map((p) => h("option", { value: p[0] }, p[1] || p[0])));
    const field = (name, label, type, extra) =>
      h("label", {}, h("span", {}, label), h("input", Object.assign({ name, id: "f-" + name, type: type || "text", value: f[name] || "" }, extra || {})));
    const dateField = (name) => field(name, t(name), "text", { inputmode: "numeric", dir: "ltr", placeholder: t("date_ph"), autocomplete: "off", maxlength: "10", class: "date-in", "aria-describedby": "date-help" });
    const bboxIn = h("input", { name: "bbox", id: "f-bbox", dir: "ltr", value: f.bbox || "", placeholder: "35.7,32.3,42.4,37.3", autocomplete: "off" });
    const useView = getMap ? h("button", { type: "button", id: "f-use-view", class: "small", onclick: () => { const m = getMap(); if (m) bboxIn.value = m.bounds().join(","); } }, t("use_view")) : null;
    const advOpen = ADVANCED.some((k) => f[k]);
    const form = h("form", { class: "filters", id: "filters", novalidate: true },
      h("div", { class: "date-pair" }, dateField("date_from"), dateField("date_to")),
      h("p", { class: "muted small", id: "date-help" }, t("date_ph")),
      h("label", {}, h("span", {}, t("event_type")), typeSel),
      field("actor", t("actor"), "text", { dir: "auto" }),
      field("place", t("place"), "text", { list: "places-list", dir: "auto" }), dl,
      field("source", t("source"), "text", { dir: "auto" }),
      field("text", t("text"), "text", { dir: "auto" }),
      h("details", { class: "more-filters", open: advOpen },
        h("summary", {}, t("more_filters")),
        h("label", {}, h("span", {}, t("sub_event_type")), subSel),
        field("min_fatalities", t("min_fatalities"), "number", { min: "0", step: "1", inputmode: "numeric" }),
        h("div", { class: "road-pair" }, h("label", {}, h("span", {}, t("near_road")), roadSel),
          field("road_km", t("road_km"), "number", { min: "0", max: "200", step: "0.5", inputmode: "decimal", value: f.road_km || "" })),
        h("label", {}, h("span", {}, t("bbox")), bboxIn), useView,
        h("label", { class: "check" }, h("input", { type: "checkbox", name: "include_background", id: "f-include_background", value: "true", checked: f.include_background === "true" }), h("span", {}, t("include_background"))),
        f.zone ? h("input", { type: "hidden", name: "zone", value: f.zone }) : null,
        f.sort ? h("input", { type: "hidden", name: "sort", value: f.sort }) : null),
      h("p", { class: "msg", role: "status", id: "filter-msg" }),
      h("div", { class: "buttons" },
        h("button", { type: "submit", id: "f-apply" }, t("apply")),
        h("button", { type: "button", id: "f-reset", onclick: () => go(target, {}) }, t("reset"))));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const o = {};
      for (const [k, v] of new FormData(form).entries()) if (String(v).trim()) o[k] = toLatinDigits(String(v).trim());
      let bad = null;
      for (const k of ["date_from", "date_to"]) {
        const inp = form.querySelector("#f-" + k);
        inp.setCustomValidity(o[k] && !validDate(o[k]) ? t("date_invalid") : "");
        if (o[k] && !validDate(o[k])) bad = bad || inp;
      }
      bboxIn.setCustomValidity(o.bbox && !validBbox(o.bbox) ? t("bbox_invalid") : "");
      if (o.bbox && !validBbox(o.bbox)) bad = bad || bboxIn;
      if (bad) {
        form.querySelector("#filter-msg").textContent = bad.validationMessage;
        bad.closest("details") && (bad.closest("details").open = true);
        bad.focus();
        return;
      }
      if (!o.near_road) delete o.road_km;
      go(target, o);
    });
    return form;
  }
  function exportLinks(f) {
    const q = qs(f);
    return h("span", { class: "exports" },
      h("a", { href: "/api/export.csv" + (q ? "?" + q : ""), id: "export-csv", download: "rasd-events.csv" }, t("export_csv")),
      h("a", { href: "/api/export.geojson" + (q ? "?" + q : ""), id: "export-geojson", download: "rasd-events.geojson" }, t("export_geojson")),
      h("button", { type: "button", class: "small", id: "share-link", onclick: (e) => {
        const u = location.href;
        (navigator.clipboard ? navigator.clipboard.writeText(u) : Promise.reject()).then(() => { e.target.textContent = t("copied"); }, () => { prompt(t("share"), u); });
      } }, t("share")));
  }

  // ---------- map ----------
  function pointTip(p) {
    const a = (k) => (lang === "ar" && p.ar && p.ar[k]) || p[k];
    const place = [a("l"), a("a")].filter(Boolean).filter((x, i, arr) => arr.indexOf(x) === i);
    const actors = [a("a1"), a("a2")].filter(Boolean);
    return h("div", { class: "tip" },
      h("div", { class: "tip-head" }, typeBadge(p.t)),
      p.s ? h("div", { class: "muted" }, h("bdi", {}, lang === "ar" ? termAr.get(p.s) || p.s : p.s)) : null,
      h("div", {}, h("b", {}, place.length ? place.map((x, i) => [i ? "، " : "", h("bdi", {}, x)]) : "—"), " · ", fmtDate(p.d)),
      actors.length ? h("div", {}, t("tip_actors") + ": ", actors.map((x, i) => [i ? " — " : "", h("bdi", {}, x)])) : null,
      h("div", {}, t("fatalities") + ": ", h("b", {}, fmtNum(p.f))),
      h("div", {}, t("tip_sources") + ": " + fmtNum(p.n || 0) + (p.o && p.o.length ? " — " : ""), (p.o || []).map((x, i) => [i ? "، " : "", h("bdi", {}, x)])));
  }
  function clusterTip(items) {
    const cnt = new Map();
    for (const p of items) cnt.set(p.t, (cnt.get(p.t) || 0) + 1);
    const dates = items.map((p) => p.d).filter(Boolean).sort();
    return h("div", { class: "tip" },
      h("div", {}, h("b", {}, fmtNum(items.length)), " " + t("n_events")),
      dates.length ? h("div", {}, fmtDate(dates[0]), " – ", fmtDate(dates[dates.length - 1])) : null,
      h("ul", { class: "tip-types" }, [...cnt].map(([ty, n]) => h("li", {}, typeBadge(ty), " ", fmtNum(n)))));
  }
  function newMap(container, height) {
    const m = window.RasdMap.create(container, {
      height, lang, digits: dg, onEvent: (id) => go("/events/" + encodeURIComponent(id)),
      tooltip: (p) => { const n = pointTip(p); paintDots(n); return n; },
      clusterTooltip: (items) => { const n = clusterTip(items); paintDots(n); return n; },
      labels: { zoom_in: t("zoom_in"), zoom_out: t("zoom_out"), reset_view: t("reset_view"), km: t("km_unit"), scale: t("scale") },
    });
    // The last map drawn, for other scripts and the browser tests' frame-time measurement.
    window.RasdApp.lastMap = m;
    return m;
  }
  function legend() {
    return h("div", { class: "legend" }, TYPES.map((ty) => h("span", {}, h("i", { class: "dot", "data-color": ty }), typeName(ty))));
  }
  const toPoint = (e) => ({ id: e.id, lat: e.lat, lon: e.lon, t: e.event_type, s: e.sub_event_type, d: e.event_date, f: e.fatalities, p: e.geo_precision,
    l: e.location, a: e.admin1, a1: e.actor1, a2: e.actor2, n: e.sources.length, o: [...new Set(e.sources.map((s) => s.outlet).filter(Boolean))].slice(0, 3),
    ar: { l: e.ar && e.ar.location, a: e.ar && e.ar.admin1, a1: e.ar && e.ar.actor1, a2: e.ar && e.ar.actor2 } });

  // ---------- dashboard ----------
  async function dashboard(params) {
    const f = pickFilters(params);
    const fs = withoutSort(f);
    const q = qs(fs);
    const [stats, pts, latest, all] = await Promise.all([
      api("/api/stats" + (q ? "?" + q : "")),
      api("/api/points?" + qs(Object.assign({ limit: 5000 }, fs))),
      api("/api/events?" + qs(Object.assign({ limit: 12 }, f))),
      q ? api("/api/stats") : null,
    ]);
    const mapBox = h("div", { class: "panel map-panel" }, h("h2", {}, t("map")));
    let m = null;
    const counts = h("div", { class: "counts", id: "counts" },
      h("div", {}, h("b", { id: "count-events", "data-n": stats.events }, fmtNum(stats.events)), " ", t("events_n")),
      h("div", {}, h("b", {}, fmtNum(stats.articles)), " ", t("articles_n")),
      h("div", {}, h("b", {}, fmtNum(stats.sources)), " ", t("sources_n")),
      pts.items.length < pts.total ? h("div", { class: "muted" }, t("showing") + " " + fmtNum(pts.items.length) + " " + t("of") + " " + fmtNum(pts.total)) : null,
      exportLinks(f));
    const byType = h("ul", { class: "bytype" }, stats.by_type.map(([ty, n]) =>
      h("li", {}, h("a", { href: "#/?" + qs(Object.assign({}, f, { event_type: ty })) }, h("i", { class: "dot", "data-color": ty }), h("bdi", {}, typeName(ty))), " ", h("b", {}, fmtNum(n)))));
    const tl = h("div", { class: "panel" }, h("h2", {}, t("timeline")), h("div", { class: "timeline-box" }), h("p", { class: "muted small" }, t("brush_hint")));
    const list = h("div", { class: "panel" }, h("h2", {}, t("latest")), eventsTable(latest.items, { f, path: "/" }),
      h("a", { href: "#/events?" + qs(f), class: "more" }, t("all_events") + " (" + fmtNum(latest.total) + ")"));
    const base = all || stats;
    const extraTypes = base.by_type.map((x) => x[0]);
    const places = base.by_admin1.map((x) => [x[0], null]);
    setPage(
      h("section", { class: "dash" },
        h("aside", { class: "panel side" }, h("h2", {}, t("filters")), filterForm(params, "/", extraTypes, places, () => m), counts, byType),
        h("div", { class: "maincol" }, mapBox, tl, list)));
    m = newMap(mapBox, 480);
    mapBox.append(legend());
    m.setEvents(pts.items);
    m.fitData(pts.items);
    drawTimeline(tl.querySelector(".timeline-box"), stats.by_day_type, f);
  }

  // Stacked bars per day (or per week when the range is long), by type, with a y-axis, date ticks
  // and a brush: dragging across it picks a date range, a click on a bar picks that day or week.
  function drawTimeline(box, rows, f) {
    const draw = () => { box.replaceChildren(timeline(rows, f, Math.max(280, box.clientWidth || 600))); };
    draw();
    let lastW = box.clientWidth;
    const onResize = () => {
      if (!box.isConnected) { window.removeEventListener("resize", onResize); return; }
      if (box.clientWidth !== lastW) { lastW = box.clientWidth; draw(); }
    };
    window.addEventListener("resize", onResize);
  }
  function timeline(rows, f, W) {
    const SVGNS = "http://www.w3.org/2000/svg";
    const el = (tag, attrs, text) => {
      const e = document.createElementNS(SVGNS, tag);
      for (const k in attrs) e.setAttribute(k, attrs[k]);
      if (text !== undefined) e.textContent = text;
      return e;
    };
    const svg = el("svg", { class: "timeline", id: "timeline", role: "img", "aria-label": t("timeline") });
    if (!rows.length) { svg.setAttribute("height", "20"); return svg; }
    const day = (s) => Math.floor(Date.parse(s + "T00:00:00Z") / 86400000);
    const days = rows.map((r) => day(r[0])).filter((d) => !isNaN(d));
    const d0 = Math.min(...days), d1 = Math.max(...days);
    const weekly = d1 - d0 > 120;
    const step = weekly ? 7 : 1;
    const bucket = (d) => Math.floor((d - d0) / step);
    const nb = bucket(d1) + 1;
    const stacks = Array.from({ length: nb }, () => ({}));
    for (const [ds, ty, n] of rows) {
      const d = day(ds);
      if (isNaN(d)) continue;
      stacks[bucket(d)][ty] = (stacks[bucket(d)][ty] || 0) + n;
    }
    const max = Math.max(1, ...stacks.map((s) => Object.values(s).reduce((a, b) => a + b, 0)));
    // Axis: a "nice" top value and 2–4 ticks.
    const stepY = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000].find((s) => max / s <= 4) || Math.ceil(max / 4);
    const top = Math.ceil(max / stepY) * stepY;
    const H = 120, padL = 34, padR = 8, padT = 8, padB = 22;
    const plotW = W - padL - padR;
    const bw = plotW / nb;
    svg.setAttribute("viewBox", `0 0 ${W} ${H + padT + padB}`);
    svg.setAttribute("width", W);
    svg.setAttribute("height", H + padT + padB);
    const iso = (d) => new Date(d * 86400000).toISOString().slice(0, 10);
    const y = (v) => padT + H - (v / top) * H;
    for (let v = 0; v <= top; v += stepY) {
      svg.append(el("line", { x1: padL, x2: W - padR, y1: y(v), y2: y(v), class: v ? "grid" : "axis" }));
      svg.append(el("text", { x: padL - 4, y: y(v) + 4, "text-anchor": "end", class: "tick" }, dg(String(v))));
    }
    svg.append(el("title", {}, t("events_axis") + " " + (weekly ? t("per_week") : t("per_day"))));
    const bars = el("g", { class: "bars" });
    stacks.forEach((s, i) => {
      let acc = 0;
      const start = d0 + i * step;
      for (const ty of Object.keys(s)) {
        const r = el("rect", { x: (padL + i * bw).toFixed(2), y: y(acc + s[ty]).toFixed(2), width: Math.max(0.6, bw - (bw > 3 ? 1 : 0)).toFixed(2),
          height: ((s[ty] / top) * H).toFixed(2), fill: window.RasdMap.typeColor(ty), "data-from": iso(start), "data-to": iso(start + step - 1) });
        acc += s[ty];
        r.append(el("title", {}, iso(start) + (weekly ? " (" + t("per_week") + ")" : "") + " — " + typeName(ty) + ": " + s[ty]));
        bars.append(r);
      }
    });
    svg.append(bars);
    // Date ticks: about one per 110 px.
    const nTicks = Math.max(2, Math.min(8, Math.floor(plotW / 110)));
    for (let k = 0; k <= nTicks; k++) {
      const d = Math.round(d0 + ((d1 - d0) * k) / nTicks);
      const x = padL + ((d - d0) / step + 0.5) * bw;
      svg.append(el("line", { x1: x, x2: x, y1: padT + H, y2: padT + H + 4, class: "axis" }));
      svg.append(el("text", { x: Math.min(W - padR, Math.max(padL, x)), y: padT + H + 16, "text-anchor": k === 0 ? "start" : k === nTicks ? "end" : "middle", class: "tick" }, dg(iso(d))));
    }
    // Brush.
    const sel = el("rect", { class: "brush", x: 0, y: padT, width: 0, height: H, visibility: "hidden" });
    svg.append(sel);
    const dayAt = (px) => d0 + Math.max(0, Math.min(nb - 1, Math.floor((px - padL) / bw))) * step;
    let b = null;
    const local = (e) => { const r = svg.getBoundingClientRect(); return (e.clientX - r.left) * (W / r.width); };
    svg.addEventListener("pointerdown", (e) => { b = { x0: local(e) }; svg.setPointerCapture(e.pointerId); });
    svg.addEventListener("pointermove", (e) => {
      if (!b) return;
      const x = local(e);
      const a = Math.min(b.x0, x), c = Math.max(b.x0, x);
      sel.setAttribute("x", a); sel.setAttribute("width", c - a); sel.setAttribute("visibility", c - a > 3 ? "visible" : "hidden");
      b.x1 = x;
    });
    svg.addEventListener("pointerup", (e) => {
      if (!b) return;
      const x1 = b.x1 === undefined ? b.x0 : b.x1, x0 = b.x0;
      b = null;
      let from, to;
      if (Math.abs(x1 - x0) > 3) {
        from = dayAt(Math.min(x0, x1)); to = dayAt(Math.max(x0, x1)) + step - 1;
      } else {
        // The pointer is captured by the svg: find the bar under it.
        const under = document.elementFromPoint(e.clientX, e.clientY);
        const target = under && under.closest && under.closest("rect[data-from]");
        if (!target) { sel.setAttribute("visibility", "hidden"); return; }
        from = day(target.getAttribute("data-from")); to = day(target.getAttribute("data-to"));
      }
      go("/", Object.assign({}, f, { date_from: iso(from), date_to: iso(Math.min(to, d1)) }));
    });
    return svg;
  }

  // ---------- events table ----------
  // Columns: key, label, cell, priority ("lo" columns are hidden on narrow screens), server sort.
  const COLUMNS = [
    { k: "date", cell: (e) => h("a", { href: "#/events/" + encodeURIComponent(e.id), class: "ev-link" }, fmtDate(e.event_date)), sort: ["date_desc", "date_asc"], val: (e) => e.event_date || "" },
    { k: "type", cell: (e) => typeBadge(e.event_type), val: (e) => typeName(e.event_type) },
    { k: "sub_type", lo: true, cell: (e) => localized(e, "sub_event_type"), val: (e) => arOf(e, "sub_event_type") || "" },
    { k: "location", cell: (e) => localized(e, "location"), val: (e) => arOf(e, "location") || "" },
    { k: "admin1", lo: true, cell: (e) => localized(e, "admin1"), val: (e) => arOf(e, "admin1") || "" },
    { k: "actor1", cell: (e) => localized(e, "actor1"), val: (e) => arOf(e, "actor1") || "" },
    { k: "actor2", lo: true, cell: (e) => localized(e, "actor2"), val: (e) => arOf(e, "actor2") || "" },
    { k: "fatalities", num: true, cell: (e) => fmtNum(e.fatalities), sort: ["fatalities_desc"], val: (e) => (e.fatalities === null || e.fatalities === undefined ? -1 : e.fatalities) },
    { k: "n_sources", num: true, lo: true, cell: (e) => fmtNum(e.sources.length), val: (e) => e.sources.length },
  ];
  // ctx: {f, path} for server-side sorting (date, fatalities) through the URL; other columns sort
  // the rows shown. Without ctx every column sorts the rows shown.
  function eventsTable(items, ctx) {
    if (!items.length) return h("p", { class: "muted" }, t("none"));
    const server = ctx ? ctx.f.sort || "date_desc" : null;
    const tbody = h("tbody", {}, items.map((e) => h("tr", {}, COLUMNS.map((c) => h("td", { class: [c.num ? "num" : "", c.lo ? "col-lo" : "", "c-" + c.k].join(" ").trim() }, c.cell(e))))));
    let local = null;
    const ths = COLUMNS.map((c) => {
      const serverSort = ctx && c.sort;
      let state = "none";
      if (serverSort && !local && c.sort.includes(server)) state = server.endsWith("_asc") ? "ascending" : "descending";
      const btn = h("button", { type: "button", class: "sort", title: serverSort ? t("sort_by") + " " + t(c.k) : t("sort_client") }, t(c.k));
      const th = h("th", { class: [c.num ? "num" : "", c.lo ? "col-lo" : "", "c-" + c.k].join(" ").trim(), "aria-sort": state, scope: "col" }, btn);
      btn.addEventListener("click", () => {
        if (serverSort) {
          const cur = c.sort.indexOf(server);
          const next = c.sort[(cur + 1) % c.sort.length];
          go(ctx.path, Object.assign({}, ctx.f, { sort: next === "date_desc" ? "" : next, offset: "" }));
          return;
        }
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        for (const o of ths) o.setAttribute("aria-sort", "none");
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        local = c.k;
        const rows = [...tbody.rows].map((r, i) => [r, items[i]]);
        rows.sort((a, b) => { const x = c.val(a[1]), y = c.val(b[1]); return (x < y ? -1 : x > y ? 1 : 0) * dir; });
        items = rows.map((r) => r[1]);
        tbody.append(...rows.map((r) => r[0]));
      });
      return th;
    });
    return h("div", { class: "table-wrap" }, h("table", { class: "events" }, h("thead", {}, h("tr", {}, ths)), tbody));
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
      h("div", { class: "maincol panel" }, h("h2", {}, t("nav_events")), nav, eventsTable(page.items, { f, path: "/events" }))));
  }

  // ---------- event page ----------
  function fieldList(pairs) {
    return h("dl", { class: "fields" }, pairs.map(([k, v]) => [h("dt", {}, t(k)), h("dd", {}, v instanceof Node ? v : bdi(v))]));
  }
  function sourceHead(s) {
    return h("div", { class: "src-head" },
      h("b", {}, bdi(s.outlet)), " · ", fmtDate(s.published), " · ",
      h("a", { href: "#/articles/" + encodeURIComponent(s.article_id) + "?" + qs({ hl: s.evidence_start + "-" + s.evidence_end }), class: "article-link" }, t("open_article")),
      " ", extLink(s.url, t("original")));
  }
  async function eventPage(id) {
    const e = await api("/api/events/" + encodeURIComponent(id));
    const mapBox = h("div", { class: "panel" });
    const sources = h("ol", { class: "sources", id: "sources" }, e.sources.map((s) => h("li", {},
      sourceHead(s),
      h("blockquote", { class: "evidence", dir: "auto" }, h("mark", {}, s.evidence)),
      s.merge_reason ? h("p", { class: "muted merge-reason", title: s.merge_reason }, t("merge_reason") + ": ", h("bdi", {}, mergeReason(s.merge_reason))) : null)));
    setPage(h("section", { class: "event-page" },
      h("h1", {}, typeBadge(e.event_type), " ", localized(e, "sub_event_type"), " — ", localized(e, "location"), " — ", fmtDate(e.event_date)),
      h("div", { class: "two" },
        h("div", { class: "panel" }, fieldList([
          ["id", h("bdi", { dir: "ltr" }, e.id)], ["date", fmtDate(e.event_date)], ["time_precision", e.time_precision], ["type", localized(e, "event_type", typeName(e.event_type))],
          ["sub_type", localized(e, "sub_event_type")], ["plover", e.plover], ["disorder_type", localized(e, "disorder_type")],
          ["actor1", localized(e, "actor1")], ["assoc_actor1", localized(e, "assoc_actor1")], ["inter1", e.inter1],
          ["actor2", localized(e, "actor2")], ["assoc_actor2", localized(e, "assoc_actor2")], ["inter2", e.inter2],
          ["civilian_targeting", e.civilian_targeting ? t("yes") : t("no")], ["country", localized(e, "country")],
          ["admin1", localized(e, "admin1")], ["admin2", localized(e, "admin2")], ["admin3", e.admin3], ["location", localized(e, "location")],
          ["coordinates", e.lat !== null && e.lat !== undefined ? h("bdi", { dir: "ltr" }, dg(e.lat + ", " + e.lon)) : null], ["geo_precision", e.geo_precision],
          ["fatalities", fmtNum(e.fatalities)], ["injuries", fmtNum(e.injuries)], ["claimed_by", localized(e, "claimed_by")], ["salience", localized(e, "salience")],
        ])),
        mapBox),
      h("div", { class: "panel" }, h("h2", {}, t("sources_title") + " (" + fmtNum(e.sources.length) + ")"), sources)));
    const m = newMap(mapBox, 360);
    if (e.lat !== null && e.lat !== undefined) {
      m.setEvents([toPoint(e)]);
      // A coarse point (governorate, country) is shown in its region, not zoomed into.
      m.ready.then(() => (e.geo_precision <= window.RasdMap.MAX_FIT_PRECISION ? m.focus(e.lon, e.lat, 6) : m.fitPoints([{ lon: e.lon, lat: e.lat }])));
    }
  }

  // ---------- article page ----------
  const KIND_ORDER = ["evidence", "trigger", "entity", "place", "date"];
  // Place kinds too large to set the article map's extent.
  const WIDE_PLACES = new Set(["country", "region", "water", "road"]);
  function annotatedText(text, anns, hl) {
    const cps = Array.from(text);
    const n = cps.length;
    const bounds = new Set([0, n]);
    const list = anns.filter((a) => a.start < a.end && a.end <= n);
    if (hl) list.push({ kind: "hl", start: hl[0], end: hl[1], label: "" });
    for (const a of list) { bounds.add(a.start); bounds.add(a.end); }
    const bs = [...bounds].sort((a, b) => a - b);
    const root = h("div", { class: "article-text", id: "article-text", dir: "auto" });
    for (let i = 0; i + 1 < bs.length; i++) {
      const a = bs[i], b = bs[i + 1];
      const seg = cps.slice(a, b).join("");
      const active = list.filter((x) => x.start <= a && x.end >= b);
      if (!active.length) { root.append(document.createTextNode(seg)); continue; }
      const kinds = [...new Set(active.map((x) => x.kind))].sort((x, y) => KIND_ORDER.indexOf(x) - KIND_ORDER.indexOf(y));
      const label = (x) => (lang === "ar" && x.label_ar) || x.label;
      const span = h("span", { class: kinds.map((k) => "ann ann-" + k).join(" "), title: active.filter((x) => x.label).map((x) => t("legend_" + x.kind) + ": " + label(x)).join("\n") }, seg);
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
      h("div", { class: "article-layout" },
        h("article", { class: "panel article-main" },
          h("h1", { id: "article-title", dir: "auto" }, a.title || a.id),
          h("p", { class: "meta" }, bdi(a.source), " · ", fmtDate(a.published), " · ", extLink(a.url, t("original")),
            a.duplicate_of ? [" · ", t("duplicate_of") + " ", h("a", { href: "#/articles/" + encodeURIComponent(a.duplicate_of) }, h("bdi", {}, a.duplicate_of))] : null),
          legendEl, textEl,
          a.warnings.length ? h("details", {}, h("summary", {}, t("warnings") + " (" + fmtNum(a.warnings.length) + ")"), h("ul", {}, a.warnings.map((w) => h("li", { dir: "auto" }, w)))) : null),
        h("aside", { class: "article-side" }, mapBox, h("div", { class: "panel" }, h("h2", {}, t("events_in_article")), eventsTable(a.events))))));
    const m = newMap(mapBox, 340);
    const located = a.annotations.filter((x) => x.kind === "place" && x.lat !== undefined);
    // Only places at town, district or governorate level set the extent: an article that
    // mentions Russia or "Europe" still opens on the places where things happened.
    const near = located.filter((x) => !WIDE_PLACES.has(x.place_kind));
    const evPts = a.events.filter((e) => e.lat !== null && e.lat !== undefined).map(toPoint);
    m.setEvents(evPts);
    m.ready.then(() => {
      if (near.length) m.fitPoints(near.map((p) => ({ lon: p.lon, lat: p.lat })));
      else m.fitData(evPts);
    });
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
        h("a", { href: "#/articles/" + encodeURIComponent(x.article_id), class: "hit-title", dir: "auto" }, x.title || x.article_id),
        h("div", { class: "muted" }, bdi(x.source), " · ", fmtDate(x.published)),
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
    return g.kind === "corridor" ? h("bdi", {}, `${g.road} ± ${dg(g.km)} ${t("km_unit")}`) : `${t("polygon")} (${dg(g.rings[0] ? g.rings[0].length : 0)})`;
  }
  async function zonesPage() {
    const zones = await api("/api/zones");
    const mapBox = h("div", { class: "panel" });
    const msg = h("p", { class: "msg", role: "status" });
    const kindSel = h("select", { id: "zone-kind", name: "kind" }, h("option", { value: "corridor" }, t("corridor")), h("option", { value: "polygon" }, t("polygon")));
    const roads = vocab.roads.length ? vocab.roads.map((r) => r.ref) : ["M4", "M5"];
    const roadSel = h("select", { id: "zone-road", name: "road" }, roads.map((r) => h("option", { value: r }, r)));
    const kmIn = h("input", { id: "zone-km", name: "km", type: "number", min: "0.1", max: "200", step: "0.1", value: "6" });
    const nameIn = h("input", { id: "zone-name", name: "name", required: true, value: "", dir: "auto" });
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
      h("ul", { class: "zones", id: "zone-list" }, zones.map((z) => h("li", {}, h("a", { href: "#/zones/" + encodeURIComponent(z.id) }, h("bdi", {}, z.name)), " — ", describeZone(z)))),
      h("div", { class: "two" }, h("div", { class: "panel" }, form), mapBox)));
    const m = newMap(mapBox, 460);
    m.ready.then(() => m.fitPoints([{ lon: 35.7, lat: 32.3 }, { lon: 42.4, lat: 37.3 }]));
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
      h("h1", {}, h("bdi", {}, z.name), " — ", describeZone(z)),
      h("p", {}, h("a", { href: "/zones/" + encodeURIComponent(id) + "/feed.atom", id: "zone-feed" }, t("feed")), " · ",
        h("a", { href: "/api/export.csv?" + qs({ zone: id }), download: "rasd-zone.csv" }, t("export_csv")), " · ", t("created") + ": ", fmtDate(z.created_at)),
      mapBox,
      h("div", { class: "panel" }, h("h2", { id: "zone-count" }, t("zone_events") + " (" + fmtNum(page.total) + ")"), eventsTable(page.items),
        page.total > page.items.length ? h("a", { href: "#/events?" + qs({ zone: id }), class: "more" }, t("all_events") + " (" + fmtNum(page.total) + ")") : null),
      h("div", { class: "panel" }, tokenField(), " ", del, msg)));
    const m = newMap(mapBox, 420);
    m.setZone(z.geometry);
    m.setEvents(pts.items);
    if (pts.items.length) m.fitData(pts.items);
  }

  // ---------- language and digits ----------
  function applyLang() {
    document.documentElement.lang = lang;
    document.documentElement.dir = lang === "ar" ? "rtl" : "ltr";
    for (const e of document.querySelectorAll("[data-i18n]")) e.textContent = t(e.getAttribute("data-i18n"));
    document.getElementById("lang-toggle").textContent = t("lang_other");
    const dbtn = document.getElementById("digits-toggle");
    if (dbtn) {
      dbtn.hidden = lang !== "ar";
      dbtn.textContent = digitsPref === "arab" ? t("digits_latn") : t("digits_arab");
      dbtn.title = t("digits_title");
      dbtn.setAttribute("aria-label", t("digits_title"));
      dbtn.setAttribute("aria-pressed", digitsPref === "arab" ? "true" : "false");
    }
    document.title = lang === "ar" ? "رصد — rasd" : "rasd — رصد";
  }
  document.getElementById("lang-toggle").addEventListener("click", () => {
    lang = lang === "ar" ? "en" : "ar";
    localStorage.setItem("rasd-lang", lang);
    applyLang();
    route();
  });
  const digitsBtn = document.getElementById("digits-toggle");
  if (digitsBtn) digitsBtn.addEventListener("click", () => {
    digitsPref = digitsPref === "arab" ? "latn" : "arab";
    localStorage.setItem("rasd-digits", digitsPref);
    applyLang();
    route();
  });
  window.addEventListener("hashchange", route);

  window.RasdApp = { h, api, t, go, qs, route, pages, bdi, fmtDate, fmtNum, typeBadge, eventsTable, newMap, lang: () => lang };
  applyLang();
  // The vocabulary (types, sub-types with Arabic names, roads) before the first page; the app
  // still works with the built-in type list if it cannot be loaded.
  api("/api/vocab").then((v) => {
    vocab = v;
    for (const ty of v.event_types) {
      if (ty.ar) termAr.set(ty.name, ty.ar);
      for (const s of ty.sub_event_types) if (s.ar) termAr.set(s.name, s.ar);
    }
  }, () => {}).finally(route);
})();
