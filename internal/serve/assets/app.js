// The page of cmd/train -serve: it asks the server for a run of the
// settings in its address, draws the frames the run streams, and sends the
// controls. Every setting is checked by the server, which answers errors
// the page shows.
"use strict";

const $ = (id) => document.getElementById(id);
const form = $("settings");
const colours = { pos: [245, 147, 34], neg: [8, 119, 189], mid: [250, 250, 250] };
const series = [
  { key: "cost", name: "training loss", colour: "#222" },
  { key: "dot", name: "dot form", colour: "#d62728", dash: [6, 3] },
  { key: "mulsum", name: "multiply+sum form", colour: "#2ca02c", dash: [2, 2] },
  { key: "val", name: "validation", colour: "#9467bd" },
];

const page = { id: null, start: null, events: null, info: null, frame: null, points: [], upload: null, boundary: null, units: [] };

// colour maps t in [0, 1] from blue through white to orange.
function colour(t) {
  const [a, b, u] = t < 0.5 ? [colours.neg, colours.mid, t * 2] : [colours.mid, colours.pos, t * 2 - 1];
  return [0, 1, 2].map((i) => Math.round(a[i] + (b[i] - a[i]) * u));
}

function decode(b64) {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

// paint draws cells×cells bytes onto a canvas of that size.
function paint(canvas, bytes, cells) {
  canvas.width = cells;
  canvas.height = cells;
  const ctx = canvas.getContext("2d");
  const img = ctx.createImageData(cells, cells);
  for (let i = 0; i < bytes.length; i++) {
    const [r, g, b] = colour(bytes[i] / 255);
    img.data.set([r, g, b, 255], i * 4);
  }
  ctx.putImageData(img, 0, 0);
}

function showError(msg, field) {
  const box = $("error");
  for (const el of form.querySelectorAll(".invalid")) el.classList.remove("invalid");
  if (!msg) {
    box.hidden = true;
    box.textContent = "";
    return;
  }
  box.hidden = false;
  box.textContent = msg;
  if (field && form.elements[field]) form.elements[field].classList.add("invalid");
}

async function api(path, body) {
  const res = await fetch(path, { method: "POST", body });
  if (res.status === 204) return {};
  const data = await res.json().catch(() => ({ error: `${res.status} ${res.statusText}` }));
  if (!res.ok) {
    const err = new Error(data.error || res.statusText);
    err.field = data.field;
    throw err;
  }
  return data;
}

// fill sets the controls to the settings, as the server normalized them.
// A setting the server leaves out is unset (the data set's noise, say):
// its control is emptied, to show its placeholder.
function fill(settings) {
  for (const el of form.elements) {
    if (!el.name || el.type === "file") continue;
    const v = settings[el.name];
    if (el.type === "checkbox") el.checked = v === "true";
    else el.value = v ?? "";
  }
  // A setting unset here but set in the server's starting state is kept
  // in the address as empty, so that the address reads back unset.
  const q = new URLSearchParams(settings);
  for (const k of Object.keys(page.start || {})) if (!(k in settings)) q.set(k, "");
  history.replaceState(null, "", "?" + q.toString());
}

// body is the form's settings, and the CSV file once when newly chosen.
function body() {
  const fd = new FormData();
  for (const el of form.elements) {
    if (!el.name || el.name === "csv") continue;
    fd.append(el.name, el.type === "checkbox" ? String(el.checked) : el.value);
  }
  if (page.upload) {
    fd.set("dataset", "upload");
    fd.append("csv", page.upload, page.upload.name);
  }
  return fd;
}

async function start(config) {
  const asked = new URLSearchParams(location.search);
  const choices = config.choices;
  for (const [name, list] of Object.entries(choices)) {
    const sel = form.elements[name];
    for (const v of list) {
      const o = document.createElement("option");
      o.value = v;
      o.textContent = v === "upload" ? (config.upload ? `upload (${config.upload})` : "upload (CSV)") : v === "" ? "default" : v;
      sel.append(o);
    }
  }
  // A validation file given to the server can replace the split.
  $("val-csv").hidden = !config.validation;
  $("val-csv-name").textContent = config.validation || "";
  page.start = config.start;
  fill(config.start);
  // The address's settings over the server's starting state.
  const fd = new FormData();
  for (const [k, v] of asked) fd.append(k, v);
  let created;
  try {
    created = await api("/api/runs", fd);
  } catch (e) {
    showError(`${e.message}\nThe server's starting settings are shown instead.`, e.field);
    created = await api("/api/runs", new FormData());
  }
  page.id = created.id;
  fill(created.settings);
  listen();
}

function listen() {
  const es = new EventSource(`/api/runs/${page.id}/events`);
  page.events = es;
  es.addEventListener("run", (ev) => onRun(JSON.parse(ev.data)));
  es.addEventListener("frame", (ev) => onFrame(JSON.parse(ev.data)));
  // The run ends with its stream: a stream that reconnected would find
  // it gone, so an error closes it for good.
  es.onerror = () => {
    es.close();
    $("state").textContent = "disconnected";
    document.body.dataset.state = "disconnected";
    showError("The connection to the server closed: reload the page to start a new run.");
  };
}

async function apply() {
  if (!page.id) return;
  try {
    const res = await api(`/api/runs/${page.id}/settings`, body());
    page.upload = null;
    form.elements.csv.value = "";
    showError(null);
    fill(res.settings);
  } catch (e) {
    showError(e.message, e.field);
  }
}

async function control(action) {
  if (!page.id) return;
  try {
    await api(`/api/runs/${page.id}/${action}`);
  } catch (e) {
    showError(e.message);
  }
}

function onRun(info) {
  page.info = info;
  page.points = [];
  page.frame = null;
  $("gen").textContent = info.gen;
  document.body.dataset.gen = info.gen;
  document.body.dataset.plane = info.plane;
  // Without a plane of two features there is no boundary or unit
  // output to draw: a note says so in their place.
  $("plane-note").hidden = info.plane;
  $("plane-note").textContent = info.note || "";
  $("boundary").hidden = !info.plane;
  $("boundary-hint").hidden = !info.plane;
  $("diagram-hint").firstChild.textContent = info.plane ? "Each hidden unit's output over the plane; links are weights: width |w|, " : "Links are weights: width |w|, ";
  buildDiagram(info);
}

function onFrame(f) {
  if (!page.info || f.gen !== page.info.gen) return;
  for (const r of f.reports || []) page.points.push(r);
  if (page.points.length > 4000) page.points = page.points.filter((_, i) => i % 2 === 0 || i === page.points.length - 1);
  page.frame = f;
  $("iteration").textContent = f.iteration;
  $("total").textContent = f.total;
  $("state").textContent = f.state;
  document.body.dataset.state = f.state;
  $("speed").textContent = f.state === "running" && f.speed ? Math.round(f.speed).toLocaleString("en") : "–";
  $("cost").textContent = f.cost == null ? "–" : f.cost.toFixed(6);
  const acc = f.trainAccuracy == null ? "–" : `${(100 * f.trainAccuracy).toFixed(1)}% train`;
  $("accuracy").textContent = f.valAccuracy == null ? acc : `${acc}, ${(100 * f.valAccuracy).toFixed(1)}% validation`;
  $("accuracy").dataset.train = f.trainAccuracy;
  $("costdiff").textContent = fixed(f.maxCostDiff, (v) => v.toExponential(2));
  $("graddiff").textContent = fixed(f.maxGradDiff, (v) => v.toExponential(2));
  if (f.state === "failed" && f.error) showError(f.error);
  // Early stopping: whose weights the model, and the pictures, now hold.
  $("early").hidden = !f.note;
  $("early").textContent = f.note || "";
  if (f.boundary) drawBoundary(f);
  if (f.units) drawUnits(f);
  if (f.weights) drawLinks(f.weights);
  if (f.lesson) drawLesson(f.lesson);
  drawCurves();
}

function drawBoundary(f) {
  const info = page.info;
  const cells = info.boundaryCells;
  const off = page.boundary || (page.boundary = document.createElement("canvas"));
  paint(off, decode(f.boundary), cells);
  const c = $("boundary");
  const ctx = c.getContext("2d");
  ctx.imageSmoothingEnabled = true;
  ctx.drawImage(off, 0, 0, c.width, c.height);
  const [x0, x1, y0, y1] = info.extent;
  const px = (x) => ((x - x0) / (x1 - x0)) * c.width;
  const py = (y) => ((y1 - y) / (y1 - y0)) * c.height;
  const dot = (p, val) => {
    const rgb = p[2] === 1 ? [214, 112, 0] : [5, 82, 140];
    ctx.beginPath();
    ctx.arc(px(p[0]), py(p[1]), val ? 4 : 3, 0, 2 * Math.PI);
    if (val) {
      ctx.lineWidth = 2;
      ctx.strokeStyle = `rgb(${rgb})`;
      ctx.stroke();
    } else {
      ctx.fillStyle = `rgb(${rgb})`;
      ctx.fill();
      ctx.lineWidth = 1;
      ctx.strokeStyle = "#fff";
      ctx.stroke();
    }
  };
  for (const p of info.train) dot(p, false);
  for (const p of info.val || []) dot(p, true);
  const out = $("unit-out");
  if (out) {
    out.getContext("2d").drawImage(off, 0, 0, out.width, out.height);
  }
}

// layout places the diagram's nodes: one column a layer, centred on the
// tallest. Inputs that are not a plane's two are small dots.
function layout(sizes, plane) {
  const dx = 96, top = 18;
  const node = (l) => (l === 0 && !plane ? { size: 10, dy: 16 } : { size: 44, dy: 56 });
  const height = Math.max(...sizes.map((n, l) => n * node(l).dy));
  return sizes.map((n, l) => {
    const { size, dy } = node(l);
    return Array.from({ length: n }, (_, i) => ({ x: 8 + l * dx + (44 - size), y: top + (height - n * dy) / 2 + i * dy, size }));
  });
}

function buildDiagram(info) {
  const box = $("diagram");
  box.replaceChildren();
  const pos = layout(info.sizes, info.plane);
  page.pos = pos;
  const w = 8 + (info.sizes.length - 1) * 96 + 52, h = Math.max(...pos.map((col) => col[col.length - 1].y + col[col.length - 1].size)) + 12;
  box.style.width = `${w}px`;
  box.style.height = `${h}px`;
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", w);
  svg.setAttribute("height", h);
  svg.id = "links";
  box.append(svg);
  page.units = [];
  info.sizes.forEach((n, l) => {
    const label = document.createElement("div");
    label.className = "label";
    label.style.left = `${8 + l * 96}px`;
    label.style.top = "0px";
    label.textContent = l === 0 ? "X" : l === info.sizes.length - 1 ? "A" + l : "A" + l;
    box.append(label);
    page.units[l] = [];
    for (let i = 0; i < n; i++) {
      const feature = l === 0 && !info.plane;
      const c = document.createElement(feature ? "div" : "canvas");
      const p = pos[l][i];
      c.style.left = `${p.x}px`;
      c.style.top = `${p.y}px`;
      if (feature) {
        c.className = "node feature";
        c.title = info.features && info.features[i] ? info.features[i] : `x${i + 1}`;
      } else if (l === 0) inputMap(c, i, info);
      else if (!info.plane) c.classList.add("blank");
      if (l === info.sizes.length - 1) { c.id = "unit-out"; c.width = 60; c.height = 60; c.title = "the output, A" + l; }
      else if (l > 0) c.title = `layer ${l}, unit ${i + 1}`;
      box.append(c);
      page.units[l][i] = c;
    }
  });
}

// inputMap draws a feature over the plane: the input units' "output".
function inputMap(c, feature, info) {
  const cells = 24, bytes = new Uint8Array(cells * cells);
  for (let i = 0; i < cells; i++) for (let j = 0; j < cells; j++) {
    bytes[i * cells + j] = Math.round(255 * (feature === 0 ? (j + 0.5) / cells : 1 - (i + 0.5) / cells));
  }
  paint(c, bytes, cells);
  c.title = info.features && info.features[feature] ? info.features[feature] : `x${feature + 1}`;
}

function drawUnits(f) {
  f.units.forEach((layer, l) => layer.forEach((u, i) => {
    const c = page.units[l + 1] && page.units[l + 1][i];
    if (!c) return;
    paint(c, decode(u.data), page.info.unitCells);
    const s = fixed(u.scale, (v) => v.toPrecision(3));
    c.title = `layer ${l + 1}, unit ${i + 1}: from −${s} (blue) to +${s} (orange)`;
  }));
}

function drawLinks(weights) {
  const svg = $("links");
  if (!svg) return;
  const pos = page.pos;
  const lines = [];
  weights.forEach((layer, l) => {
    const from = pos[l], to = pos[l + 1];
    const n = from.length;
    to.forEach((b, j) => from.forEach((a, i) => {
      const w = layer.w[j * n + i] ?? NaN;
      const width = Math.min(8, 0.4 + 2 * (Math.abs(w) || 0));
      const c = w >= 0 ? "#f59322" : "#0877bd";
      lines.push(`<line x1="${a.x + a.size}" y1="${a.y + a.size / 2}" x2="${b.x}" y2="${b.y + b.size / 2}" stroke="${c}" stroke-width="${width.toFixed(2)}" stroke-opacity="${Math.min(1, 0.35 + Math.abs(w)).toFixed(2)}"><title>W${l + 1}[${j}][${i}] = ${fixed(layer.w[j * n + i], (v) => v.toPrecision(4))}</title></line>`);
    }));
  });
  svg.innerHTML = lines.join("");
}

function drawCurves() {
  const c = $("curves");
  const ctx = c.getContext("2d");
  const W = c.width, H = c.height, L = 44, B = 20, T = 8, R = 8;
  ctx.clearRect(0, 0, W, H);
  const pts = page.points;
  const total = page.frame ? page.frame.total : 1;
  let top = 0;
  for (const p of pts) for (const s of series) if (p[s.key] != null) top = Math.max(top, p[s.key]);
  top = top > 0 ? top * 1.05 : 1;
  const x = (it) => L + (it / Math.max(1, total)) * (W - L - R);
  const y = (v) => T + (1 - v / top) * (H - T - B);
  ctx.strokeStyle = "#999";
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(L, T);
  ctx.lineTo(L, H - B);
  ctx.lineTo(W - R, H - B);
  ctx.stroke();
  ctx.fillStyle = "#666";
  ctx.font = "11px system-ui, sans-serif";
  for (const v of [0, top / 2, top]) ctx.fillText(v.toFixed(2), 4, y(v) + 4);
  ctx.fillText("0", L, H - 6);
  ctx.fillText(String(total), W - R - 6 * String(total).length, H - 6);
  const shown = [];
  for (const s of series) {
    let started = false;
    ctx.beginPath();
    for (const p of pts) {
      const v = p[s.key];
      if (v == null) { started = false; continue; }
      if (started) ctx.lineTo(x(p.it), y(v));
      else ctx.moveTo(x(p.it), y(v));
      started = true;
    }
    if (!pts.some((p) => p[s.key] != null)) continue;
    ctx.strokeStyle = s.colour;
    ctx.setLineDash(s.dash || []);
    ctx.lineWidth = 1.5;
    ctx.stroke();
    ctx.setLineDash([]);
    shown.push(s);
  }
  const legend = $("legend");
  const text = shown.map((s) => s.name).join();
  if (legend.dataset.text !== text) {
    legend.dataset.text = text;
    legend.replaceChildren(...shown.map((s) => {
      const span = document.createElement("span");
      const i = document.createElement("i");
      i.style.background = s.colour;
      span.append(i, s.name);
      return span;
    }));
  }
}

// fixed formats a number the server sent, which is null when not finite.
function fixed(v, format) { return v == null ? "–" : format(v); }

function shape(s) { return s.length === 0 ? "()" : `(${s.join(", ")})`; }

function drawLesson(l) {
  const box = $("lesson");
  const diff = fixed(l.dot == null || l.mulsum == null ? null : Math.abs(l.dot - l.mulsum), (v) => v.toExponential(2));
  const ten = (v) => v.toFixed(10);
  box.innerHTML = `
    <p>A2 and Y have shape <code>${shape(l.a2Shape)}</code>, one column per example, m = ${l.m}.</p>
    <p>dot form <code>−(1/m)·(Y·log(A2)ᵀ + (1−Y)·log(1−A2)ᵀ)</code><br>
       = <span class="v" id="lesson-dot">[[${fixed(l.dot, ten)}]]</span> shape <code id="lesson-dot-shape">${shape(l.dotShape)}</code>, a matrix</p>
    <p>multiply+sum form <code>−(1/m)·Σ(Y⊙log A2 + (1−Y)⊙log(1−A2))</code><br>
       = <span class="v" id="lesson-mulsum">${fixed(l.mulsum, ten)}</span> shape <code id="lesson-mulsum-shape">${shape(l.mulsumShape)}</code>, a scalar</p>
    <p>|difference| = ${diff}: a (1,m)·(m,1) product is the sum of the elementwise products; only the shapes differ.</p>`;
}

for (const el of form.elements) {
  if (el.name === "csv") {
    el.addEventListener("change", () => {
      const f = el.files[0];
      if (!f) return;
      if (f.size > 1 << 20) { showError(`${f.name}: ${f.size} bytes; the server takes files of at most 1 MiB`, "csv"); el.value = ""; return; }
      page.upload = f;
      apply();
    });
  } else if (el.name) {
    el.addEventListener("change", apply);
  }
}
form.addEventListener("submit", (e) => { e.preventDefault(); apply(); });
for (const a of ["play", "pause", "step", "reset"]) $(a).addEventListener("click", () => control(a));

fetch("/api/config").then((r) => r.json()).then(start).catch((e) => showError(`Starting the page: ${e.message}`));
