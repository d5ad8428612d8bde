// The tradegame explorer page: controls for a scenario's parameters and the views the server
// computes for the current setting. All text from the server is set with textContent (never
// parsed as HTML); the setting lives in the address bar, so a link restores it.
"use strict";

const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
// cividis, dark (a player's lowest payoff in the table) to light (its highest)
const CIVIDIS = ["#00224e", "#233e6c", "#575c6d", "#7c7b78", "#a59c74", "#d3c164", "#fee838"];
const EXTRAS_DELAY = 150; // ms without a move before the sensitivity line and analyses are asked

const S = {
  meta: null,
  scenario: null,
  values: {}, // parameter -> text, for the parameters moved away from the calibration
  moved: null,
  accepted: null, // {values, moved, query}: the setting the shown results belong to
  seq: 0, // bumped by every change; a response for an older seq is never shown
  inflight: false,
  inputAt: 0,
  extrasTimer: null,
  notice: null, // a message that outlives the next update (a refused link)
};
window.tgLatency = []; // ms from a change to its results on the page (read by the benchmark)

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "className") node.className = v;
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children) if (c !== null && c !== undefined) node.append(c);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const $ = (id) => document.getElementById(id);

async function getJSON(url) {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  let body;
  try {
    body = await response.json();
  } catch (e) {
    throw Object.assign(new Error(`the server answered ${response.status} without data`), {
      key: null,
    });
  }
  if (!response.ok) throw Object.assign(new Error(body.error), { key: body.key });
  return body;
}

function status(text, kind) {
  const node = $("status");
  node.textContent = text;
  node.className = kind || "";
}

// ---------------------------------------------------------------------------- the setting
function query(values, moved) {
  const q = new URLSearchParams();
  q.set("scenario", S.scenario);
  for (const name of Object.keys(values).sort()) q.set(name, values[name]);
  if (moved) q.set("moved", moved);
  return q.toString();
}

function settingText(values) {
  const names = Object.keys(values);
  if (!names.length) return "Results for the calibration.";
  return "Results for " + names.sort().map((n) => `${n} = ${values[n]}`).join(", ") +
    " (other parameters as calibrated).";
}

function setPanels(state) {
  for (const panel of document.querySelectorAll(".panel")) panel.dataset.state = state;
  $("results").dataset.query = state === "current" ? S.accepted.query : "";
}

function change(name, text) {
  const row = S.meta.parameters.find((p) => p.name === name);
  const values = { ...S.values };
  if (row && String(text).trim() === row.text) delete values[name];
  else values[name] = String(text).trim();
  S.values = values;
  S.moved = name;
  S.inputAt = performance.now();
  clearError(name);
  refresh();
}

function refresh() {
  S.seq += 1;
  clearTimeout(S.extrasTimer);
  setPanels("updating");
  $("setting").textContent = settingText(S.values);
  if (!S.inflight) run();
}

async function run() {
  const seq = S.seq;
  const values = { ...S.values };
  const moved = S.moved;
  S.inflight = true;
  let view = null;
  let failure = null;
  try {
    view = await getJSON("/api/view?" + query(values, moved));
  } catch (e) {
    failure = e;
  }
  S.inflight = false;
  if (seq !== S.seq) return run(); // the inputs moved on meanwhile: ask for the newest only
  if (failure) return refused(failure);
  S.accepted = { values, moved, query: view.query };
  history.replaceState(null, "", "?" + view.query);
  $("download-report").href = "/download/report?" + view.query;
  $("download-csv").href = "/download/csv?" + view.query;
  $("link").value = location.href;
  renderView(view);
  $("prediction-panel").dataset.state = "current";
  $("table-panel").dataset.state = "current";
  $("equilibria-panel").dataset.state = "current";
  $("results").dataset.query = view.query;
  const ms = performance.now() - S.inputAt;
  window.tgLatency.push(ms);
  if (S.notice) status(S.notice, "error");
  else status(`Updated in ${Math.round(ms)} ms.`, "ok");
  S.notice = null;
  S.extrasTimer = setTimeout(() => extras(seq), EXTRAS_DELAY);
}

function refused(error) {
  const key = error.key;
  const row = S.meta && S.meta.parameters.find((p) => p.name === key);
  const before = S.accepted ? S.accepted.values : {};
  // the refused value is not used: the inputs go back to the last accepted setting
  S.values = { ...before };
  S.moved = S.accepted ? S.accepted.moved : null;
  if (row) {
    showError(key, error.message);
    setControl(row, key in before ? before[key] : row.text, { keepBox: true });
  }
  if (!S.accepted) {
    // a link (or a first setting) that cannot be used: show the calibration instead
    S.notice = `This link was refused (${error.message}); showing the calibration instead.`;
    if (!row) syncControls();
    refresh();
    return;
  }
  status(`Refused: ${error.message}`, "error");
  // the shown table belongs to the accepted setting; the slower views are asked again
  for (const id of ["prediction-panel", "table-panel", "equilibria-panel"]) {
    $(id).dataset.state = "current";
  }
  $("results").dataset.query = S.accepted.query;
  $("setting").textContent = settingText(S.accepted.values);
  S.seq += 1;
  const seq = S.seq;
  S.extrasTimer = setTimeout(() => extras(seq), 0);
}

async function extras(seq) {
  if (seq !== S.seq) return;
  const q = S.accepted.query;
  const line = $("line-panel");
  if (S.accepted.moved) {
    try {
      const data = await getJSON("/api/line?" + q);
      if (seq !== S.seq) return;
      renderLine(data);
    } catch (e) {
      if (seq !== S.seq) return;
      $("line").replaceChildren(el("p", { className: "error", text: e.message }));
    }
  } else {
    $("line-name").textContent = "the parameter last moved";
    $("line").replaceChildren(
      el("p", { text: "Move a parameter to see the payoffs over its calibrated range." })
    );
  }
  line.dataset.state = "current";
  for (const a of S.meta.analyses) {
    if (seq !== S.seq) return;
    const panel = $("analysis-" + a.kind);
    try {
      const data = await getJSON(`/api/analysis/${encodeURIComponent(a.kind)}?` + q);
      if (seq !== S.seq) return;
      renderAnalysis(panel, data);
    } catch (e) {
      if (seq !== S.seq) return;
      panel.querySelector(".body").replaceChildren(el("p", { className: "error", text: e.message }));
    }
    panel.dataset.state = "current";
  }
}

// ---------------------------------------------------------------------------- controls
function groupOf(name) {
  const dot = name.indexOf(".");
  return dot < 0 ? "Model-wide" : name.slice(0, dot);
}

function buildControls() {
  const box = $("params");
  const fixed = $("fixed").querySelector("ul");
  box.replaceChildren();
  fixed.replaceChildren();
  let group = null;
  let count = 0;
  S.meta.parameters.forEach((p, i) => {
    const hover = `${p.source} [confidence: ${p.confidence}]` + (p.ref ? ` (${p.ref})` : "");
    if (p.control === "fixed") {
      fixed.append(el("li", { title: hover, text: `${p.name} = ${p.shown} ${p.unit}`.trim() }));
      return;
    }
    count += 1;
    if (groupOf(p.name) !== group) {
      group = groupOf(p.name);
      box.append(el("h3", { className: "group", text: group }));
    }
    const id = "p" + i;
    const label = el("label", { for: id + "-box", title: hover, className: "name" },
      el("span", { text: p.name }), " ", el("span", { className: "unit", text: p.unit }));
    const boxInput = el("input", {
      id: id + "-box", type: "text", inputmode: "decimal", value: p.text,
      "aria-describedby": id + "-error", autocomplete: "off", spellcheck: "false",
    });
    let slider = null;
    if (p.control === "slider") {
      slider = el("input", {
        type: "range", min: p.low, max: p.high, step: p.step, value: p.value,
        "aria-label": p.name,
      });
      slider.addEventListener("input", () => {
        const text = String(parseFloat(Number(slider.value).toPrecision(12)));
        boxInput.value = text;
        change(p.name, text);
      });
    }
    // "change" fires when a typed value is committed: Enter, or leaving the box
    boxInput.addEventListener("change", () => change(p.name, boxInput.value));
    const info = el("details", { className: "source" }, el("summary", { text: "source" }),
      el("p", { text: hover }));
    box.append(el("div", { className: "param", "data-name": p.name },
      label,
      el("div", { className: "inputs" }, slider, boxInput),
      el("p", { className: "meta small" },
        el("span", { text: `range ${p.range}` }), " · ",
        el("span", { className: `conf conf-${p.confidence}`, text: `confidence ${p.confidence}` })),
      info,
      el("p", { className: "error", id: id + "-error", role: "alert", hidden: true })));
  });
  if (!count) box.append(el("p", { text: "This scenario's payoffs are typed from a source: it has no parameters to move." }));
  $("fixed").hidden = !fixed.children.length;
  filterControls();
}

function controlOf(name) {
  return [...document.querySelectorAll("#params .param")].find((d) => d.dataset.name === name);
}

function setControl(row, text, opts) {
  const div = controlOf(row.name);
  if (!div) return;
  const slider = div.querySelector("input[type=range]");
  const boxInput = div.querySelector("input[type=text]");
  if (slider && Number.isFinite(Number(text))) slider.value = text;
  if (!(opts && opts.keepBox)) boxInput.value = text;
}

function syncControls() {
  for (const row of S.meta.parameters) {
    if (row.control !== "fixed") setControl(row, row.name in S.values ? S.values[row.name] : row.text);
  }
}

function showError(name, message) {
  const div = controlOf(name);
  if (!div) return;
  const p = div.querySelector(".error");
  p.textContent = message;
  p.hidden = false;
  div.querySelector("input[type=text]").setAttribute("aria-invalid", "true");
}

function clearError(name) {
  const div = controlOf(name);
  if (!div) return;
  div.querySelector(".error").hidden = true;
  div.querySelector("input[type=text]").removeAttribute("aria-invalid");
}

function filterControls() {
  const needle = $("filter").value.trim().toLowerCase();
  for (const div of document.querySelectorAll("#params .param")) {
    div.hidden = needle !== "" && !div.dataset.name.toLowerCase().includes(needle);
  }
}

// ---------------------------------------------------------------------------- rendering
function shadeOf(t) {
  const x = Math.max(0, Math.min(1, t)) * (CIVIDIS.length - 1);
  return CIVIDIS[Math.round(x)];
}

function payoffCell(profile, player, index) {
  const span = el("span", { className: "payoff", title: `${player}: ${profile.payoffs[index]}`,
    text: profile.payoffs[index] });
  span.style.backgroundColor = shadeOf(profile.shade[index]);
  span.style.color = profile.shade[index] > 0.55 ? "#111" : "#fff";
  return span;
}

function marks(profile) {
  return profile.equilibria.map((e) =>
    el("span", { className: "mark", text: e.probability === "1" ? `★ eq. ${e.number}`
      : `eq. ${e.number} (p = ${e.probability})` }));
}

function renderHeatmap(view) {
  const n = view.players.length;
  const table = el("table", { className: "heatmap" });
  if (n === 2) {
    const [rows, cols] = view.strategies;
    table.append(el("caption", { className: "small",
      text: `Rows: ${view.players[0]}; columns: ${view.players[1]}. Each cell: ${view.players[0]}'s payoff, then ${view.players[1]}'s.` }));
    table.append(el("tr", {}, el("th", {}), ...cols.map((c) => el("th", { scope: "col", text: c }))));
    rows.forEach((r, i) => {
      const tr = el("tr", {}, el("th", { scope: "row", text: r }));
      cols.forEach((_, j) => {
        const profile = view.profiles[i * cols.length + j];
        const td = el("td", { className: profile.equilibria.length ? "eq" : "" },
          payoffCell(profile, view.players[0], 0), payoffCell(profile, view.players[1], 1),
          ...marks(profile));
        tr.append(td);
      });
      table.append(tr);
    });
  } else {
    table.append(el("tr", {}, ...view.players.map((p) => el("th", { scope: "col", text: p })),
      ...view.players.map((p) => el("th", { scope: "col", text: `${p} payoff` })),
      el("th", { scope: "col", text: "equilibrium" })));
    for (const profile of view.profiles) {
      table.append(el("tr", { className: profile.equilibria.length ? "eq" : "" },
        ...profile.index.map((k, i) => el("td", { text: view.strategies[i][k] })),
        ...view.players.map((p, i) => el("td", { className: "num" }, payoffCell(profile, p, i))),
        el("td", {}, ...marks(profile))));
    }
  }
  $("legend").textContent = `Payoffs in ${view.units}. Each payoff is shaded on its player's own ` +
    "scale, dark for that player's lowest in this table and light for its highest; " +
    "★ marks a pure equilibrium, and a mixed one is marked on every profile it plays.";
  $("heatmap").replaceChildren(table);
}

function simpleTable(data, caption) {
  const table = el("table", { className: "data" });
  if (caption) table.append(el("caption", { text: caption }));
  table.append(el("tr", {}, ...data.columns.map((c) => el("th", { scope: "col", text: c }))));
  for (const row of data.rows) {
    table.append(el("tr", {}, ...row.map((cell, j) =>
      el("td", { className: data.numeric[j] ? "num" : "", text: cell }))));
  }
  return table;
}

function renderView(view) {
  $("prediction").textContent = view.prediction;
  renderHeatmap(view);
  const columns = ["#", ...view.players, ...view.players.map((p) => `${p} payoff`), "max regret"];
  const rows = view.equilibria.map((e) => [String(e.number), ...e.strategies, ...e.payoffs, e.regret]);
  const numeric = columns.map((_, j) => j === 0 || j > view.players.length);
  $("equilibria").replaceWith(Object.assign(simpleTable({ columns, rows, numeric }), { id: "equilibria" }));
  const notes = [`Solver: ${view.method}; ` + (view.complete ? "the list is complete."
    : "the solver stopped before proving the list complete; others may exist."), ...view.notes];
  $("notes").replaceChildren(...notes.map((n) => el("li", { text: n })));
  $("standoff").replaceChildren(...(view.standoff ? [simpleTable(view.standoff,
    `The deal against the standoff (${view.units})`)] : []));
}

function ticks(lo, hi, count) {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const out = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) out.push(Number(t.toPrecision(12)));
  return out;
}

function renderLine(data) {
  $("line-name").textContent = data.parameter + (data.unit ? ` (${data.unit})` : "");
  if (data.reason) {
    $("line").replaceChildren(el("p", { text: data.reason }));
    return;
  }
  const W = 640, H = 280, L = 64, R = 16, T = 12, B = 44;
  const xs = data.x;
  const ys = data.series.flatMap((s) => s.y).filter((v) => v !== null);
  let lo = Math.min(...ys), hi = Math.max(...ys);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.06; lo -= pad; hi += pad;
  const x0 = xs[0], x1 = xs[xs.length - 1];
  const X = (x) => L + (W - L - R) * (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5);
  const Y = (y) => T + (H - T - B) * (1 - (y - lo) / (hi - lo));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "line-chart",
    "aria-label": `Payoffs as ${data.parameter} moves` });
  data.regimes.forEach((r, k) => {
    if (data.regimes.length > 1 && k % 2 === 1) {
      chart.append(svg("rect", { x: X(r.from), y: T, width: Math.max(1, X(r.to) - X(r.from)),
        height: H - T - B, class: "band" }));
    }
  });
  for (const t of ticks(lo, hi, 5)) {
    chart.append(svg("line", { x1: L, x2: W - R, y1: Y(t), y2: Y(t), class: "grid" }));
    chart.append(svg("text", { x: L - 6, y: Y(t) + 4, "text-anchor": "end", text: String(t) }));
  }
  for (const t of ticks(x0, x1, 6)) {
    chart.append(svg("text", { x: X(t), y: H - B + 16, "text-anchor": "middle", text: String(t) }));
  }
  chart.append(svg("text", { x: (L + W - R) / 2, y: H - 6, "text-anchor": "middle",
    text: data.parameter + (data.unit ? ` (${data.unit})` : "") }));
  chart.append(svg("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle",
    transform: `rotate(-90 14 ${(T + H - B) / 2})`, text: data.units }));
  data.series.forEach((s, i) => {
    const points = s.y.map((y, k) => (y === null ? null : `${X(xs[k])},${Y(y)}`)).filter(Boolean);
    chart.append(svg("polyline", { points: points.join(" "), fill: "none",
      stroke: PALETTE[i % PALETTE.length], "stroke-width": 2 }));
  });
  chart.append(svg("line", { x1: X(data.current), x2: X(data.current), y1: T, y2: H - B,
    class: "current" }));
  const legend = el("ul", { className: "legend small" }, ...data.series.map((s, i) => {
    const swatch = el("span", { className: "swatch" });
    swatch.style.backgroundColor = PALETTE[i % PALETTE.length];
    return el("li", {}, swatch, s.player);
  }));
  const regimes = el("ul", { className: "small" }, ...data.regimes.map((r) =>
    el("li", { text: `${r.from.toPrecision(4)} to ${r.to.toPrecision(4)}: ${r.label}` })));
  $("line").replaceChildren(
    el("p", { className: "small", text: `Each player's payoff (${data.units}) if play stays at ` +
      `the current prediction (${data.held}), as ${data.parameter} runs over its calibrated ` +
      "range with the other parameters held; the dashed line is the current value." }),
    chart, legend,
    el("p", { className: "small", text: data.regimes.length > 1
      ? "The predicted outcome changes along the line (shaded bands alternate):"
      : "The predicted outcome is the same over the whole range:" }),
    regimes,
    data.pure_only ? el("p", { className: "small", text: "With three or more players the line looks for pure equilibria only." }) : null);
}

function buildAnalyses() {
  const box = $("analyses");
  box.replaceChildren(...S.meta.analyses.map((a) => el("div", {
    className: "panel", id: "analysis-" + a.kind, "data-state": "updating" },
  el("h3", { text: a.title }),
  el("p", { className: "waiting", text: "Computing for the current setting…" }),
  el("div", { className: "body" }))));
}

function renderAnalysis(panel, data) {
  const body = panel.querySelector(".body");
  const parts = [];
  if (data.headline) parts.push(el("p", { className: "headline", text: data.headline }));
  parts.push(el("ul", { className: "findings" }, ...data.findings.map((f) => el("li", { text: f }))));
  data.tables.forEach((t, k) => {
    parts.push(el("details", { open: k === 0 }, el("summary", { text: t.caption }),
      el("div", { className: "scroll" }, simpleTable(t))));
  });
  body.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------- start
async function openScenario(name, values, moved) {
  S.scenario = name;
  S.meta = await getJSON("/api/meta?" + new URLSearchParams({ scenario: name }));
  $("scenario").value = name;
  $("title").textContent = S.meta.title;
  $("description").textContent = S.meta.description;
  $("source").textContent = `Source: ${S.meta.citation} [confidence: ${S.meta.confidence}]. ` +
    `Payoffs in ${S.meta.units}.`;
  S.values = values;
  S.moved = moved;
  S.accepted = null;
  buildControls();
  buildAnalyses();
  syncControls();
  S.inputAt = performance.now();
  refresh();
}

async function start() {
  const list = await getJSON("/api/scenarios");
  $("scenario").replaceChildren(...list.scenarios.map((s) =>
    el("option", { value: s.name, text: `${s.title} (${s.name})` })));
  const params = new URLSearchParams(location.search);
  let name = params.get("scenario") || list.default;
  if (!list.scenarios.some((s) => s.name === name)) {
    status(`No scenario named ${JSON.stringify(name)} here; showing ${list.default}.`, "error");
    name = list.default;
  }
  const values = {};
  for (const [k, v] of params) if (k !== "scenario" && k !== "moved") values[k] = v;
  await openScenario(name, values, params.get("moved"));
  $("scenario").addEventListener("change", () => openScenario($("scenario").value, {}, null));
  $("reset").addEventListener("click", () => {
    S.values = {};
    S.moved = null;
    syncControls();
    for (const row of S.meta.parameters) clearError(row.name);
    S.inputAt = performance.now();
    refresh();
  });
  $("copy").addEventListener("click", async () => {
    $("link-box").hidden = false;
    $("link").value = location.href;
    $("link").select();
    try {
      await navigator.clipboard.writeText(location.href);
      status("Link copied: it opens this page at this setting.", "ok");
    } catch (e) {
      status("Copy the link from the box (the browser did not allow copying).", "");
    }
  });
  $("filter").addEventListener("input", filterControls);
}

document.addEventListener("DOMContentLoaded", () => {
  start().catch((e) => status(`The explorer could not start: ${e.message}`, "error"));
});
