// rasd's own offline SVG map: bundled layers (countries, governorates, districts, towns, M4/M5),
// pan (drag) and zoom (wheel, buttons), labels by zoom level with collision handling, road
// shields, a scale bar, event markers coloured by type and clustered in screen space, rich
// tooltips, zone display (polygon, road corridor) and polygon drawing. No third-party code.
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const LAT0 = 35; // projection reference latitude (Syria)
  const KX = Math.cos(LAT0 * Math.PI / 180) * 100;
  const KY = 100;
  const KM_PER_UNIT = 111.2 / KY; // 1 world unit in km (north-south, true at every latitude)
  const proj = (lon, lat) => [lon * KX, -lat * KY];
  const unproj = (x, y) => [x / KX, -y / KY];
  // The extent shown when there is nothing to fit: the Levant to Yemen and Sudan.
  const REGION = [24.5, 11.5, 60, 42.5];
  // Points coarser than this geo precision (governorate, country) never set the extent.
  const MAX_FIT_PRECISION = 2;
  let layersPromise = null;

  function loadLayers() {
    if (!layersPromise) {
      const names = ["countries", "adm1", "adm2", "roads", "places"];
      layersPromise = Promise.all(names.map((n) => fetch("/assets/map/" + n + ".json").then((r) => r.json())))
        .then((arr) => Object.fromEntries(names.map((n, i) => [n, arr[i]])));
    }
    return layersPromise;
  }

  function el(tag, attrs) {
    const e = document.createElementNS(SVGNS, tag);
    for (const k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  }

  function ringPath(ring) {
    let d = "";
    for (let i = 0; i < ring.length; i++) {
      const p = proj(ring[i][0], ring[i][1]);
      d += (i ? "L" : "M") + p[0].toFixed(1) + " " + p[1].toFixed(1);
    }
    return d;
  }

  function geomPath(g) {
    if (!g) return "";
    if (g.type === "LineString") return ringPath(g.coordinates);
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    let d = "";
    for (const poly of polys) for (const ring of poly) d += ringPath(ring) + "Z";
    return d;
  }

  // Label point of a (multi)polygon: area centroid of its largest outer ring, [lon, lat].
  function labelPoint(g) {
    const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
    let best = null, bestA = 0;
    for (const poly of polys) {
      const r = poly[0];
      let a = 0, cx = 0, cy = 0;
      for (let i = 0, j = r.length - 1; i < r.length; j = i++) {
        const f = r[j][0] * r[i][1] - r[i][0] * r[j][1];
        a += f; cx += (r[j][0] + r[i][0]) * f; cy += (r[j][1] + r[i][1]) * f;
      }
      if (Math.abs(a) > bestA && a !== 0) { bestA = Math.abs(a); best = [cx / (3 * a), cy / (3 * a)]; }
    }
    return best ? { lonlat: best, area: bestA } : null;
  }

  function typeColor(t) {
    const ty = window.RASD_I18N.types[t];
    return ty ? ty.color : "#616161";
  }

  // Text widths for collision boxes, measured once per string.
  const measureCtx = document.createElement("canvas").getContext("2d");
  const widthCache = new Map();
  function textWidth(s, px, bold) {
    const k = px + (bold ? "b" : "") + s;
    let w = widthCache.get(k);
    if (w === undefined) {
      measureCtx.font = (bold ? "600 " : "") + px + "px 'Noto Sans Arabic', 'DejaVu Sans', sans-serif";
      w = measureCtx.measureText(s).width;
      widthCache.set(k, w);
    }
    return w;
  }

  // A "nice" distance (1, 2 or 5 × 10^n km) drawn between 50 and 130 px.
  function niceScale(kmPerPx) {
    for (const m of [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000]) {
      const px = m / kmPerPx;
      if (px >= 50) return { km: m, px };
    }
    return { km: 2000, px: 2000 / kmPerPx };
  }

  /**
   * Creates a map in `container`. opts: {height, onEvent(id), labels: {zoom_in, zoom_out,
   * reset_view, km, scale}, lang: "ar"|"en", tooltip(p) -> Node, clusterTooltip(points) -> Node,
   * digits(s) -> s}. Returns {setEvents(points), fitData(points), setZone(geometry|null),
   * focus(lon, lat, scale), fitPoints(points), startDraw(cb), stopDraw(), clearDraw(),
   * bounds(), home(), ready, svg}.
   */
  function create(container, opts) {
    opts = opts || {};
    const lang = opts.lang || document.documentElement.lang || "ar";
    const digits = opts.digits || ((s) => s);
    const wrap = document.createElement("div");
    wrap.className = "map-wrap";
    const svg = el("svg", { class: "map", role: "img" });
    svg.style.height = (opts.height || 460) + "px";
    const world = el("g", { class: "world" });
    const gCountries = el("g", { class: "l-countries" });
    const gAdm2 = el("g", { class: "l-adm2" });
    const gAdm1 = el("g", { class: "l-adm1" });
    const gZone = el("g", { class: "l-zone" });
    const gRoads = el("g", { class: "l-roads" });
    const gDraw = el("g", { class: "l-draw" });
    world.append(gCountries, gAdm2, gAdm1, gZone, gRoads, gDraw);
    const gLabels = el("g", { class: "l-labels" });
    const gMarkers = el("g", { class: "l-markers" });
    svg.append(world, gLabels, gMarkers);
    const controls = document.createElement("div");
    controls.className = "map-controls";
    const L = opts.labels || {};
    const mkBtn = (txt, title, fn, cls) => {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = txt; b.title = title || ""; b.setAttribute("aria-label", title || txt);
      if (cls) b.className = cls;
      b.addEventListener("click", fn);
      controls.append(b);
    };
    const scaleBar = document.createElement("div");
    scaleBar.className = "map-scale";
    scaleBar.setAttribute("aria-label", L.scale || "scale");
    const scaleLine = document.createElement("span");
    scaleLine.className = "bar";
    const scaleText = document.createElement("span");
    scaleText.className = "txt";
    scaleText.dir = lang === "ar" ? "rtl" : "ltr";
    scaleBar.append(scaleLine, scaleText);
    const tip = document.createElement("div");
    tip.className = "map-tip";
    tip.hidden = true;
    tip.setAttribute("role", "tooltip");
    wrap.append(svg, controls, scaleBar, tip);
    container.append(wrap);

    // View: world coords -> screen: s * (x - cx) + w/2
    const view = { cx: 0, cy: 0, s: 1 };
    let points = [];
    let drawing = null;
    let layers = null;
    let homeBox = REGION;
    const size = () => [svg.clientWidth || 800, svg.clientHeight || 460];
    const kmPerPx = () => KM_PER_UNIT / view.s;

    let pending = false;
    function apply() {
      const [w, h] = size();
      world.setAttribute("transform", `translate(${w / 2 - view.s * view.cx},${h / 2 - view.s * view.cy}) scale(${view.s})`);
      gAdm2.style.display = kmPerPx() < 2.2 ? "" : "none";
      drawLabels();
      drawMarkers();
      const sc = niceScale(kmPerPx());
      scaleLine.style.width = sc.px.toFixed(0) + "px";
      scaleText.textContent = digits(String(sc.km)) + " " + (L.km || "km");
    }
    // Redraws at most once per animation frame (drag and wheel send many events).
    function schedule() {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => { pending = false; apply(); });
    }
    function toScreen(lon, lat) {
      const [x, y] = proj(lon, lat);
      const [w, h] = size();
      return [w / 2 + view.s * (x - view.cx), h / 2 + view.s * (y - view.cy)];
    }
    function toWorld(sx, sy) {
      const [w, h] = size();
      return [(sx - w / 2) / view.s + view.cx, (sy - h / 2) / view.s + view.cy];
    }
    function fit(minLon, minLat, maxLon, maxLat) {
      const [x0, y1] = proj(minLon, minLat);
      const [x1, y0] = proj(maxLon, maxLat);
      const [w, h] = size();
      view.cx = (x0 + x1) / 2; view.cy = (y0 + y1) / 2;
      view.s = Math.min(w / Math.max(1e-6, x1 - x0), h / Math.max(1e-6, y1 - y0)) * 0.92;
      apply();
    }
    const home = () => fit(...homeBox);
    function zoomAt(factor, sx, sy) {
      const [w, h] = size();
      if (sx === undefined) { sx = w / 2; sy = h / 2; }
      const before = toWorld(sx, sy);
      view.s = Math.max(0.5, Math.min(400, view.s * factor));
      const after = toWorld(sx, sy);
      view.cx += before[0] - after[0]; view.cy += before[1] - after[1];
      schedule();
    }
    mkBtn("+", L.zoom_in, () => zoomAt(1.6), "zoom-in");
    mkBtn("−", L.zoom_out, () => zoomAt(1 / 1.6), "zoom-out");
    mkBtn("⌂", L.reset_view, home, "zoom-home");

    svg.addEventListener("wheel", (e) => {
      e.preventDefault();
      const r = svg.getBoundingClientRect();
      zoomAt(e.deltaY < 0 ? 1.25 : 0.8, e.clientX - r.left, e.clientY - r.top);
    }, { passive: false });
    let drag = null;
    svg.addEventListener("pointerdown", (e) => {
      drag = { x: e.clientX, y: e.clientY, cx: view.cx, cy: view.cy, moved: false };
    });
    svg.addEventListener("pointermove", (e) => {
      if (!drag) return;
      const dx = e.clientX - drag.x, dy = e.clientY - drag.y;
      if (Math.abs(dx) + Math.abs(dy) > 4) drag.moved = true;
      if (drag.moved) {
        hideTip();
        view.cx = drag.cx - dx / view.s; view.cy = drag.cy - dy / view.s;
        schedule();
      }
    });
    svg.addEventListener("pointerup", (e) => {
      const d = drag; drag = null;
      if (d && !d.moved && drawing) {
        const r = svg.getBoundingClientRect();
        const [wx, wy] = toWorld(e.clientX - r.left, e.clientY - r.top);
        const [lon, lat] = unproj(wx, wy);
        drawing.pts.push([+lon.toFixed(4), +lat.toFixed(4)]);
        renderDraw();
      }
    });
    svg.addEventListener("pointerleave", () => { drag = null; hideTip(); });
    svg.addEventListener("dblclick", (e) => {
      if (drawing) return;
      const r = svg.getBoundingClientRect();
      zoomAt(2, e.clientX - r.left, e.clientY - r.top);
    });

    // ---------- tooltips ----------
    function showTip(node, sx, sy) {
      if (!node) return;
      tip.replaceChildren(node);
      tip.hidden = false;
      const [w, h] = size();
      const tw = tip.offsetWidth, th = tip.offsetHeight;
      let x = sx + 12, y = sy + 12;
      if (x + tw > w) x = Math.max(0, sx - tw - 12);
      if (y + th > h) y = Math.max(0, sy - th - 12);
      tip.style.left = x + "px"; tip.style.top = y + "px";
    }
    function hideTip() { tip.hidden = true; }
    function withTip(node, sx, sy, content) {
      node.addEventListener("pointerenter", () => { if (!drag) showTip(content(), sx, sy); });
      node.addEventListener("pointerleave", hideTip);
      node.addEventListener("focus", () => showTip(content(), sx, sy));
      node.addEventListener("blur", hideTip);
    }

    // ---------- labels ----------
    const name = (f) => (lang === "ar" ? f.ar || f.en : f.en || f.ar);
    let labelSets = null;
    function prepareLabels() {
      const countries = [], adm1 = [], adm2 = [];
      for (const f of layers.countries.features) {
        const lp = f.properties.en && labelPoint(f.geometry);
        if (lp && (f.properties.ar || f.properties.en)) countries.push({ text: name(f.properties), lonlat: lp.lonlat, area: lp.area });
      }
      countries.sort((a, b) => b.area - a.area);
      for (const f of layers.adm1.features) {
        const lp = labelPoint(f.geometry);
        if (lp) adm1.push({ text: name(f.properties), lonlat: lp.lonlat, area: lp.area });
      }
      adm1.sort((a, b) => b.area - a.area);
      for (const f of layers.adm2.features) {
        const lp = labelPoint(f.geometry);
        if (lp) adm2.push({ text: name(f.properties), lonlat: lp.lonlat, area: lp.area });
      }
      const towns = [[], [], []];
      for (const [en, ar, lon, lat, tier] of layers.places) towns[tier].push({ text: lang === "ar" ? ar : en, lonlat: [lon, lat] });
      labelSets = { countries, adm1, adm2, towns };
    }
    function drawLabels() {
      gLabels.replaceChildren();
      if (!labelSets) return;
      const [w, h] = size();
      const kpp = kmPerPx();
      const boxes = [];
      const free = (b) => {
        if (b[0] < 2 || b[1] < 2 || b[2] > w - 2 || b[3] > h - 2) return false;
        for (const o of boxes) if (b[0] < o[2] && b[2] > o[0] && b[1] < o[3] && b[3] > o[1]) return false;
        boxes.push(b);
        return true;
      };
      // Keep the map controls and the scale bar clear of labels.
      boxes.push(document.documentElement.dir === "rtl" ? [0, 0, 48, 120] : [w - 48, 0, w, 120]);
      boxes.push([0, h - 34, 140, h]);
      // Road shields, spaced along each line.
      for (const f of (layers.roads.features || [])) {
        let last = null;
        for (const [lon, lat] of f.geometry.coordinates) {
          const [x, y] = toScreen(lon, lat);
          if (last && Math.hypot(x - last[0], y - last[1]) < 160) continue;
          const tw = textWidth(f.properties.ref, 10, true) + 8;
          const b = [x - tw / 2, y - 8, x + tw / 2, y + 8];
          if (!free(b)) continue;
          last = [x, y];
          const g = el("g", { class: "shield" });
          g.append(el("rect", { x: b[0].toFixed(1), y: b[1].toFixed(1), width: tw.toFixed(1), height: 16, rx: 3 }));
          const tx = el("text", { x: x.toFixed(1), y: (y + 3.5).toFixed(1), "text-anchor": "middle" });
          tx.textContent = f.properties.ref;
          const ti = el("title");
          ti.textContent = f.properties.name;
          g.append(tx, ti);
          gLabels.append(g);
        }
      }
      const place = (set, cls, px, bold, dot) => {
        for (const l of set) {
          const [x, y] = toScreen(l.lonlat[0], l.lonlat[1]);
          if (x < -50 || y < -20 || x > w + 50 || y > h + 20) continue;
          const tw = textWidth(l.text, px, bold);
          // Town names sit beside their dot, on the reading side; area names are centred.
          const rtl = lang === "ar";
          const x0 = dot ? (rtl ? x - 5 - tw : x + 5) : x - tw / 2;
          const b = [x0 - 2, y - px * 0.75 - 2, x0 + tw + 2, y + px * 0.45 + 2];
          if (dot) { if (rtl) b[2] = x + 4; else b[0] = x - 4; }
          if (!free(b)) continue;
          if (dot) gLabels.append(el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 2.4, class: "town-dot" }));
          const tx = el("text", { x: (dot ? x0 : x).toFixed(1), y: (y + px * 0.35).toFixed(1), class: "lbl " + cls, "text-anchor": dot ? "start" : "middle", direction: "ltr" });
          tx.textContent = l.text;
          gLabels.append(tx);
        }
      };
      // Order = priority when labels collide; what is shown depends on km per pixel.
      if (kpp < 6) place(labelSets.towns[0], "town0", 12, true, true);
      if (kpp < 4) place(labelSets.adm1, "adm1", 12, true, false);
      if (kpp > 0.6) place(labelSets.countries, "country", kpp > 3 ? 13 : 12, true, false);
      if (kpp < 1.6) place(labelSets.towns[1], "town1", 11, false, true);
      if (kpp < 0.9) place(labelSets.adm2, "adm2", 10.5, false, false);
      if (kpp < 0.7) place(labelSets.towns[2], "town2", 10.5, false, true);
    }

    // ---------- markers ----------
    function drawMarkers() {
      gMarkers.replaceChildren();
      const [w, h] = size();
      const cell = 26;
      const cells = new Map();
      for (const p of points) {
        const [sx, sy] = toScreen(p.lon, p.lat);
        if (sx < -20 || sy < -20 || sx > w + 20 || sy > h + 20) continue;
        const key = Math.floor(sx / cell) + ":" + Math.floor(sy / cell);
        let c = cells.get(key);
        if (!c) { c = { sx: 0, sy: 0, items: [] }; cells.set(key, c); }
        c.sx += sx; c.sy += sy; c.items.push(p);
      }
      for (const c of cells.values()) {
        const n = c.items.length;
        const x = c.sx / n, y = c.sy / n;
        if (n === 1) {
          const p = c.items[0];
          // Coarse points (governorate or country) are drawn hollow: the place is not known closer.
          const m = el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 5.5, class: "ev" + ((p.p || 1) > MAX_FIT_PRECISION ? " coarse" : ""), fill: typeColor(p.t), "data-id": p.id, tabindex: "0" });
          if ((p.p || 1) > MAX_FIT_PRECISION) m.setAttribute("stroke", typeColor(p.t));
          if (opts.tooltip) withTip(m, x, y, () => opts.tooltip(p));
          const go = () => opts.onEvent && opts.onEvent(p.id);
          m.addEventListener("click", go);
          m.addEventListener("keydown", (e) => { if (e.key === "Enter") go(); });
          gMarkers.append(m);
        } else {
          // Colour of the cluster: the most frequent type.
          const cnt = {};
          let best = null;
          for (const p of c.items) { cnt[p.t] = (cnt[p.t] || 0) + 1; if (!best || cnt[p.t] > cnt[best]) best = p.t; }
          const g = el("g", { class: "cluster", tabindex: "0" });
          const r = Math.min(22, 9 + Math.sqrt(n) * 2);
          g.append(el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: r.toFixed(1), fill: typeColor(best) }));
          const tx = el("text", { x: x.toFixed(1), y: (y + 4).toFixed(1), "text-anchor": "middle" });
          tx.textContent = digits(String(n));
          g.append(tx);
          if (opts.clusterTooltip) withTip(g, x, y, () => opts.clusterTooltip(c.items));
          g.addEventListener("click", () => { hideTip(); zoomAt(2.5, x, y); });
          gMarkers.append(g);
        }
      }
    }

    function renderDraw() {
      gDraw.replaceChildren();
      if (!drawing || !drawing.pts.length) return;
      const d = ringPath(drawing.pts) + (drawing.pts.length > 2 ? "Z" : "");
      gDraw.append(el("path", { d, class: "draw-path" }));
      for (const p of drawing.pts) {
        const [x, y] = proj(p[0], p[1]);
        gDraw.append(el("circle", { cx: x, cy: y, r: 3 / view.s, class: "draw-pt" }));
      }
      if (drawing.onChange) drawing.onChange(drawing.pts.slice());
    }

    let roads = null;
    const ready = loadLayers().then((ls) => {
      layers = ls;
      for (const f of ls.countries.features) {
        const p = el("path", { d: geomPath(f.geometry), class: f.properties.iso === "SY" ? "country sy" : "country" });
        gCountries.append(p);
      }
      for (const f of ls.adm2.features) gAdm2.append(el("path", { d: geomPath(f.geometry), class: "adm2" }));
      for (const f of ls.adm1.features) {
        const p = el("path", { d: geomPath(f.geometry), class: "adm1" });
        const t = el("title");
        t.textContent = f.properties.ar + " — " + f.properties.en;
        p.append(t);
        gAdm1.append(p);
      }
      roads = ls.roads;
      for (const f of ls.roads.features) {
        const p = el("path", { d: geomPath(f.geometry), class: "road" });
        const t = el("title");
        t.textContent = f.properties.name;
        p.append(t);
        gRoads.append(p);
      }
      prepareLabels();
      home();
      return ls;
    });
    const onResize = () => { if (wrap.isConnected) schedule(); else window.removeEventListener("resize", onResize); };
    window.addEventListener("resize", onResize);

    // Box around points, padded, at least `minSpan` degrees wide and high (a single town does not
    // zoom to street level).
    function boxOf(pts, minSpan) {
      let a = 180, b = 90, c = -180, d = -90;
      for (const p of pts) { a = Math.min(a, p.lon); b = Math.min(b, p.lat); c = Math.max(c, p.lon); d = Math.max(d, p.lat); }
      const padX = Math.max(0.15, (c - a) * 0.08, (minSpan - (c - a)) / 2);
      const padY = Math.max(0.15, (d - b) * 0.08, (minSpan - (d - b)) / 2);
      return [a - padX, b - padY, c + padX, d + padY];
    }

    return {
      ready,
      svg,
      setEvents(pts) { points = pts || []; drawMarkers(); },
      /** Sets the home extent to the precise points (geo precision 1–2) and shows it. */
      fitData(pts) {
        const fine = (pts || []).filter((p) => (p.p || 1) <= MAX_FIT_PRECISION);
        homeBox = fine.length ? boxOf(fine, 1.2) : REGION;
        ready.then(home);
      },
      setZone(g) {
        gZone.replaceChildren();
        if (!g) return;
        ready.then(() => {
          if (g.kind === "polygon") {
            const d = g.rings.map((r) => ringPath(r) + "Z").join("");
            gZone.append(el("path", { d, class: "zone-poly" }));
          } else if (g.kind === "corridor") {
            const f = (roads ? roads.features : []).find((x) => x.properties.ref.toLowerCase() === String(g.road).toLowerCase());
            if (f) {
              // A stroke of 2*km world units wide around the road line (approximation of the buffer).
              const p = el("path", { d: geomPath(f.geometry), class: "zone-corridor" });
              p.setAttribute("stroke-width", String((2 * g.km) / KM_PER_UNIT));
              gZone.append(p);
            }
          }
        });
      },
      focus(lon, lat, s) {
        const [x, y] = proj(lon, lat);
        view.cx = x; view.cy = y; view.s = s || 40;
        apply();
      },
      /** Fits the view to these points (and makes it the home extent). */
      fitPoints(pts) {
        if (!pts.length) return;
        homeBox = boxOf(pts, 0.6);
        home();
      },
      /** The visible extent [min_lon, min_lat, max_lon, max_lat], rounded to 3 decimals. */
      bounds() {
        const [w, h] = size();
        const [x0, y0] = toWorld(0, 0), [x1, y1] = toWorld(w, h);
        const [lon0, lat1] = unproj(x0, y0), [lon1, lat0] = unproj(x1, y1);
        const r = (v, lo, hi) => Math.round(Math.max(lo, Math.min(hi, v)) * 1000) / 1000;
        return [r(lon0, -180, 180), r(lat0, -90, 90), r(lon1, -180, 180), r(lat1, -90, 90)];
      },
      startDraw(onChange) { drawing = { pts: [], onChange }; svg.classList.add("drawing"); renderDraw(); },
      stopDraw() { const pts = drawing ? drawing.pts : []; drawing = null; svg.classList.remove("drawing"); gDraw.replaceChildren(); return pts; },
      clearDraw() { if (drawing) { drawing.pts = []; renderDraw(); } },
      home,
      /** Redraws now (for frame-time measurements). */
      redraw: apply,
    };
  }

  window.RasdMap = { create, typeColor, loadLayers, MAX_FIT_PRECISION };
})();
