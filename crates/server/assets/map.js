// rasd's own offline SVG map: bundled layers (countries, governorates, districts, M4/M5),
// pan (drag) and zoom (wheel, buttons), event markers coloured by type and clustered in
// screen space, zone display (polygon, road corridor) and polygon drawing. No third-party code.
"use strict";
(function () {
  const SVGNS = "http://www.w3.org/2000/svg";
  const LAT0 = 35; // projection reference latitude (Syria)
  const KX = Math.cos(LAT0 * Math.PI / 180) * 100;
  const KY = 100;
  const KM_PER_UNIT = 111.2 / KY; // 1 world unit in km (north-south)
  const proj = (lon, lat) => [lon * KX, -lat * KY];
  const unproj = (x, y) => [x / KX, -y / KY];
  let layersPromise = null;

  function loadLayers() {
    if (!layersPromise) {
      const names = ["countries", "adm1", "adm2", "roads"];
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

  function typeColor(t) {
    const ty = window.RASD_I18N.types[t];
    return ty ? ty.color : "#616161";
  }

  /**
   * Creates a map in `container`. opts: {height, onEvent(id), labels: {zoom_in, zoom_out, reset_view}, title(p)}
   * Returns {setEvents(points), setZone(geometry|null), focus(lon, lat, scale), startDraw(cb), stopDraw(), ready}
   */
  function create(container, opts) {
    opts = opts || {};
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
    const gMarkers = el("g", { class: "l-markers" });
    svg.append(world, gMarkers);
    const controls = document.createElement("div");
    controls.className = "map-controls";
    const L = opts.labels || {};
    const mkBtn = (txt, title, fn) => {
      const b = document.createElement("button");
      b.type = "button"; b.textContent = txt; b.title = title || ""; b.setAttribute("aria-label", title || txt);
      b.addEventListener("click", fn);
      controls.append(b);
    };
    wrap.append(svg, controls);
    container.append(wrap);

    // View: world coords -> screen: s * (x - cx) + w/2
    const view = { cx: 0, cy: 0, s: 1 };
    let points = [];
    let drawing = null;
    const size = () => [svg.clientWidth || 800, svg.clientHeight || 460];

    function apply() {
      const [w, h] = size();
      world.setAttribute("transform", `translate(${w / 2 - view.s * view.cx},${h / 2 - view.s * view.cy}) scale(${view.s})`);
      gAdm2.style.display = view.s > 2.2 ? "" : "none";
      drawMarkers();
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
      view.s = Math.min(w / (x1 - x0), h / (y1 - y0)) * 0.95;
      apply();
    }
    const home = () => fit(35.5, 32.2, 42.5, 37.4);
    function zoomAt(factor, sx, sy) {
      const [w, h] = size();
      if (sx === undefined) { sx = w / 2; sy = h / 2; }
      const before = toWorld(sx, sy);
      view.s = Math.max(0.5, Math.min(400, view.s * factor));
      const after = toWorld(sx, sy);
      view.cx += before[0] - after[0]; view.cy += before[1] - after[1];
      apply();
    }
    mkBtn("+", L.zoom_in, () => zoomAt(1.6));
    mkBtn("−", L.zoom_out, () => zoomAt(1 / 1.6));
    mkBtn("⌂", L.reset_view, home);

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
        view.cx = drag.cx - dx / view.s; view.cy = drag.cy - dy / view.s;
        apply();
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
    svg.addEventListener("pointerleave", () => { drag = null; });
    svg.addEventListener("dblclick", (e) => {
      if (drawing) return;
      const r = svg.getBoundingClientRect();
      zoomAt(2, e.clientX - r.left, e.clientY - r.top);
    });

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
          const m = el("circle", { cx: x.toFixed(1), cy: y.toFixed(1), r: 5.5, class: "ev", fill: typeColor(p.t), "data-id": p.id, tabindex: "0" });
          const title = el("title");
          title.textContent = opts.title ? opts.title(p) : p.id;
          m.append(title);
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
          tx.textContent = String(n);
          const title = el("title");
          title.textContent = n + " × " + Object.keys(cnt).join(", ");
          g.append(tx, title);
          g.addEventListener("click", () => zoomAt(2.5, x, y));
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
    const ready = loadLayers().then((layers) => {
      for (const f of layers.countries.features) {
        const p = el("path", { d: geomPath(f.geometry), class: f.properties.iso === "SY" ? "country sy" : "country" });
        gCountries.append(p);
      }
      for (const f of layers.adm2.features) gAdm2.append(el("path", { d: geomPath(f.geometry), class: "adm2" }));
      for (const f of layers.adm1.features) {
        const p = el("path", { d: geomPath(f.geometry), class: "adm1" });
        const t = el("title");
        t.textContent = f.properties.ar + " — " + f.properties.en;
        p.append(t);
        gAdm1.append(p);
      }
      roads = layers.roads;
      for (const f of layers.roads.features) {
        const p = el("path", { d: geomPath(f.geometry), class: "road" });
        const t = el("title");
        t.textContent = f.properties.name;
        p.append(t);
        gRoads.append(p);
      }
      home();
      return layers;
    });
    window.addEventListener("resize", () => apply());

    return {
      ready,
      svg,
      setEvents(pts) { points = pts || []; drawMarkers(); },
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
      fitPoints(pts) {
        if (!pts.length) return;
        let a = 180, b = 90, c = -180, d = -90;
        for (const p of pts) { a = Math.min(a, p.lon); b = Math.min(b, p.lat); c = Math.max(c, p.lon); d = Math.max(d, p.lat); }
        const pad = 0.3;
        fit(a - pad, b - pad, c + pad, d + pad);
      },
      startDraw(onChange) { drawing = { pts: [], onChange }; svg.classList.add("drawing"); renderDraw(); },
      stopDraw() { const pts = drawing ? drawing.pts : []; drawing = null; svg.classList.remove("drawing"); gDraw.replaceChildren(); return pts; },
      clearDraw() { if (drawing) { drawing.pts = []; renderDraw(); } },
      home,
    };
  }

  window.RasdMap = { create, typeColor, loadLayers };
})();
