// The tradegame explorer page: controls for a scenario's parameters and the views the server
// computes for the current setting. All text from the server is set with textContent (never
// parsed as HTML); the setting lives in the address bar, so a link restores it.
"use strict";

const PALETTE = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"];
const DASHES = ["", "7 4", "2 3", "9 3 2 3", "4 4", "1 5"];
// cividis, dark (a player's lowest payoff in the table) to light (its highest)
const CIVIDIS = ["#00224e", "#233e6c", "#575c6d", "#7c7b78", "#a59c74", "#d3c164", "#fee838"];
const LIGHT_FROM = 3; // shades from this index on carry dark text (contrast 4.5:1 or more)
const EXTRAS_DELAY = 150; // ms without a move before the sensitivity line and analyses are asked

const S = {
  meta: null,
  scenario: null,
  opening: 0, // bumped by every scenario opened; a late answer for an older one is dropped
  values: {}, // parameter -> text, for the parameters moved away from the calibration
  moved: null,
  accepted: null, // {values, moved, query}: the setting the shown results belong to
  seq: 0, // bumped by every change; a response for an older seq is never shown
  inflight: false,
  inputAt: 0,
  extrasTimer: null,
  notice: null, // a message that outlives the next update (a refused link)
};
// ms from a change to its table on the page, and to every view (read by the benchmark)
window.tgLatency = [];
window.tgLatencyAll = [];

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
    if (v === null || v === undefined || v === "") continue;
    if (k === "text") node.textContent = v;
    else node.setAttribute(k, String(v));
  }
  for (const c of children) if (c) node.append(c);
  return node;
}

const $ = (id) => document.getElementById(id);
const present = (items) => items.filter((x) => x !== null && x !== undefined);

const DOWN = "the explorer's server is not answering (is tradegame explore still running?)";

async function answer(url) {
  try {
    return await fetch(url, { headers: { Accept: "application/json" } });
  } catch (e) {
    throw Object.assign(new Error(DOWN), { key: null });
  }
}

async function getJSON(url) {
  const response = await answer(url);
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
  const names = Object.keys(values).sort();
  if (!names.length) return "Results for the calibration.";
  return "Results for " + names.map((n) => `${n} = ${values[n]}`).join(", ") +
    " (other parameters as calibrated).";
}

function panels() {
  return document.querySelectorAll(".panel");
}

function change(name, text) {
  const row = S.meta.parameters.find((p) => p.name === name);
  const values = { ...S.values };
  const typed = String(text).trim();
  if (row && typed === row.text) delete values[name];
  else values[name] = typed;
  S.values = values;
  S.moved = name;
  S.inputAt = performance.now();
  clearError(name);
  if (row) setControl(row, typed, { keepBox: true });
  refresh();
}

function refresh() {
  S.seq += 1;
  clearTimeout(S.extrasTimer);
  for (const panel of panels()) panel.dataset.state = "updating";
  $("results").dataset.query = "";
  $("setting").textContent = settingText(S.values);
  if (!S.inflight) run();
}

async function run() {
  const seq = S.seq;
  const opening = S.opening;
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
  // the inputs moved on meanwhile (or another scenario opened): ask for the newest only
  if (seq !== S.seq) return run();
  // a scenario still opening: its refresh, once its parameters arrive, asks for it
  if (opening !== S.opening) return;
  if (failure) return refused(failure, !Object.keys(values).length && !moved);
  S.accepted = { values, moved, query: view.query };
  history.replaceState(history.state, "", "?" + view.query);
  $("download-report").href = "/download/report?" + view.query;
  $("download-csv").href = "/download/csv?" + view.query;
  $("link").value = location.href;
  renderView(view);
  for (const id of ["prediction-panel", "table-panel", "equilibria-panel"]) {
    $(id).dataset.state = "current";
  }
  $("results").dataset.query = view.query;
  const ms = performance.now() - S.inputAt;
  window.tgLatency.push(ms);
  if (S.notice) status(S.notice, "error");
  else status(`Table and equilibria updated in ${Math.round(ms)} ms; the analyses follow.`, "ok");
  S.extrasTimer = setTimeout(() => extras(seq), EXTRAS_DELAY);
}

function refused(error, wasCalibration) {
  const key = error.key;
  const row = S.meta && S.meta.parameters.find((p) => p.name === key);
  const before = S.accepted ? S.accepted.values : {};
  if (row) {
    // only the refused value goes back; other moves still waiting for results are kept
    showError(key, error.message);
    const values = { ...S.values };
    if (key in before) values[key] = before[key];
    else delete values[key];
    S.values = values;
    if (S.moved === key) S.moved = S.accepted ? S.accepted.moved : null;
    setControl(row, key in before ? before[key] : row.text, { keepBox: true });
  } else {
    S.values = { ...before };
    S.moved = S.accepted ? S.accepted.moved : null;
    syncControls();
  }
  if (!S.accepted) {
    if (wasCalibration) {
      // the calibration itself failed: say so, and stop asking
      status(`The explorer could not compute this scenario: ${error.message}`, "error");
      $("prediction").replaceChildren(el("span", { className: "error", text: error.message }));
      for (const id of ["heatmap", "equilibria-box", "notes", "standoff", "line"]) {
        $(id).replaceChildren();
      }
      for (const panel of document.querySelectorAll("#analyses .panel")) {
        failed(panel.querySelector(".body"), error);
      }
      for (const panel of panels()) panel.dataset.state = "current";
      return;
    }
    // a link (or a first setting) that cannot be used: show the calibration instead
    S.notice = `This link was refused (${error.message}); showing the calibration instead.`;
    S.values = {};
    S.moved = null;
    if (!row) syncControls();
    refresh();
    return;
  }
  S.notice = row ? `Refused: ${error.message}` : `Could not update: ${error.message}`;
  status(S.notice, "error");
  if (query(S.values, S.moved) !== query(S.accepted.values, S.accepted.moved)) {
    refresh(); // other moves remain: compute them
    return;
  }
  // nothing else changed: the shown table is the accepted setting's; the rest is asked again
  for (const id of ["prediction-panel", "table-panel", "equilibria-panel"]) {
    $(id).dataset.state = "current";
  }
  $("results").dataset.query = S.accepted.query;
  $("setting").textContent = settingText(S.accepted.values);
  S.seq += 1;
  const seq = S.seq;
  S.extrasTimer = setTimeout(() => extras(seq), 0);
}

function extras(seq) {
  if (seq !== S.seq) return;
  const q = S.accepted.query;
  const jobs = [];
  const line = $("line-panel");
  if (!S.meta.parameters.some((p) => p.control !== "fixed")) {
    $("line-name").textContent = "none";
    $("line").replaceChildren(el("p", { text: "This scenario has no parameters to move." }));
    line.dataset.state = "current";
  } else if (S.accepted.moved) {
    jobs.push(getJSON("/api/line?" + q).then(
      (data) => seq === S.seq && (renderLine(data), (line.dataset.state = "current")),
      (e) => seq === S.seq && (failed($("line"), e), (line.dataset.state = "current"))));
  } else {
    $("line-name").textContent = "the parameter last moved";
    $("line").replaceChildren(
      el("p", { text: "Move a parameter to see the payoffs over its calibrated range." }));
    line.dataset.state = "current";
  }
  for (const a of S.meta.analyses) {
    const panel = $("analysis-" + a.kind);
    jobs.push(getJSON(`/api/analysis/${encodeURIComponent(a.kind)}?` + q).then(
      (data) => seq === S.seq && (renderAnalysis(panel, data), (panel.dataset.state = "current")),
      (e) => seq === S.seq &&
        (failed(panel.querySelector(".body"), e), (panel.dataset.state = "current"))));
  }
  Promise.all(jobs).then(() => {
    if (seq !== S.seq || S.notice) {
      S.notice = null;
      return;
    }
    const ms = performance.now() - S.inputAt;
    window.tgLatencyAll.push(ms);
    status(`Every view updated in ${Math.round(ms)} ms.`, "ok");
  });
}

function failed(target, error) {
  target.replaceChildren(el("p", { className: "error", text: error.message }));
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
      box.append(el("h3", { className: "group", "data-group": group, text: group }));
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
        "aria-label": `${p.name} (${p.unit}), ${p.range}`,
        "aria-valuetext": `${p.text} ${p.unit}`,
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
    box.append(el("div", { className: "param", "data-name": p.name, "data-group": group },
      label,
      el("div", { className: "inputs" }, slider, boxInput),
      el("p", { className: "meta small" },
        el("span", { text: `range ${p.range}` }), " · ",
        el("span", { className: `conf conf-${p.confidence}`, text: `confidence ${p.confidence}` })),
      info,
      el("p", { className: "error", id: id + "-error", role: "alert", hidden: true })));
  });
  const none = !count;
  $("filter").hidden = none;
  $("controls").querySelector(".hint").hidden = none;
  if (none) {
    box.append(el("p", {
      text: "This scenario's payoffs are typed from a source: it has no parameters to move.",
    }));
  }
  box.append(el("p", { id: "no-match", className: "small", hidden: true,
    text: "No parameter matches the filter." }));
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
  if (slider && text !== "" && Number.isFinite(Number(text))) {
    slider.value = text;
    slider.setAttribute("aria-valuetext", `${text} ${row.unit}`);
  }
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
  const shown = new Set();
  let any = false;
  for (const div of document.querySelectorAll("#params .param")) {
    div.hidden = needle !== "" && !div.dataset.name.toLowerCase().includes(needle);
    if (!div.hidden) {
      shown.add(div.dataset.group);
      any = true;
    }
  }
  for (const h of document.querySelectorAll("#params h3.group")) h.hidden = !shown.has(h.dataset.group);
  const none = $("no-match");
  if (none) none.hidden = any || needle === "";
}

// ---------------------------------------------------------------------------- rendering
function payoffCell(profile, player, index) {
  const k = Math.round(Math.max(0, Math.min(1, profile.shade[index])) * (CIVIDIS.length - 1));
  const span = el("span", { className: "payoff", title: `${player}: ${profile.payoffs[index]}`,
    text: profile.payoffs[index] });
  span.style.backgroundColor = CIVIDIS[k];
  span.style.color = k >= LIGHT_FROM ? "#111" : "#fff";
  return span;
}

function marks(profile) {
  // pure equilibria first (★), then the mixed ones this profile is played in
  const sorted = [...profile.equilibria].sort((a, b) =>
    (a.pure ? 0 : 1) - (b.pure ? 0 : 1) || a.number - b.number);
  return sorted.map((e) => el("span", { className: "mark", text: e.pure
    ? `★ equilibrium ${e.number}` : `eq. ${e.number}, p = ${e.probability}` }));
}

function markClass(profile) {
  if (profile.equilibria.some((e) => e.pure)) return "eq";
  return profile.equilibria.length ? "eq-mixed" : "";
}

function renderHeatmap(view) {
  const table = el("table", { className: "heatmap" });
  const moving = view.players.map((_, i) => view.strategies[i].length > 1);
  const fixed = view.players.flatMap((p, i) =>
    moving[i] ? [] : [`${p} always plays “${view.strategies[i][0]}”`]);
  let caption;
  if (view.players.length === 2) {
    const [rows, cols] = view.strategies;
    caption = `Rows: ${view.players[0]}'s strategies; columns: ${view.players[1]}'s. In each ` +
      `cell the first payoff is ${view.players[0]}'s, the second ${view.players[1]}'s.`;
    table.append(el("tr", {}, el("th", {}), ...cols.map((c) => el("th", { scope: "col", text: c }))));
    rows.forEach((r, i) => {
      const tr = el("tr", {}, el("th", { scope: "row", text: r }));
      cols.forEach((_, j) => {
        const profile = view.profiles[i * cols.length + j];
        tr.append(el("td", { className: markClass(profile) },
          payoffCell(profile, view.players[0], 0), payoffCell(profile, view.players[1], 1),
          ...marks(profile)));
      });
      table.append(tr);
    });
  } else {
    caption = "One row per combination of strategies" +
      (fixed.length ? ` (${fixed.join("; ")}: not shown as columns).` : ".");
    table.append(el("tr", {}, el("th", { scope: "col", text: "equilibrium" }),
      ...view.players.filter((_, i) => moving[i]).map((p) => el("th", { scope: "col", text: p })),
      ...view.players.map((p) => el("th", { scope: "col", text: `${p} payoff` }))));
    for (const profile of view.profiles) {
      table.append(el("tr", { className: markClass(profile) },
        el("td", {}, ...marks(profile)),
        ...profile.index.flatMap((k, i) =>
          moving[i] ? [el("td", { text: view.strategies[i][k] })] : []),
        ...view.players.map((p, i) => el("td", { className: "num" }, payoffCell(profile, p, i)))));
    }
  }
  table.prepend(el("caption", { className: "small", text: caption }));
  $("legend").textContent = `Payoffs in ${view.units}. Each payoff is shaded on its own ` +
    "player's scale: dark for that player's lowest payoff in this table, light for its " +
    "highest. A thick border and ★ mark a pure equilibrium; a dashed border marks the " +
    "profiles a mixed equilibrium plays, with the probability of each.";
  $("heatmap").replaceChildren(el("div", { className: "scroll" }, table));
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
  const table = simpleTable({ columns, rows, numeric });
  table.id = "equilibria";
  $("equilibria-box").replaceChildren(table);
  const notes = [`Method: ${view.method}; ` + (view.complete ? "the list is complete."
    : "the solver stopped before proving the list complete; others may exist."), ...view.notes];
  $("notes").replaceChildren(...notes.map((n) => el("li", { text: n })));
  $("standoff").replaceChildren(...(view.standoff ? [el("div", { className: "scroll" },
    simpleTable(view.standoff, `The deal against the standoff (${view.units})`))] : []));
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
  const W = 640, H = 280, L = 64, R = 16, T = 18, B = 44;
  const xs = data.x;
  const ys = data.series.flatMap((s) => [...s.held, ...s.equilibrium]).filter((v) => v !== null);
  let lo = Math.min(...ys), hi = Math.max(...ys);
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const pad = (hi - lo) * 0.06; lo -= pad; hi += pad;
  const x0 = xs[0], x1 = xs[xs.length - 1];
  const X = (x) => L + (W - L - R) * (x1 > x0 ? (x - x0) / (x1 - x0) : 0.5);
  const Y = (y) => T + (H - T - B) * (1 - (y - lo) / (hi - lo));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", class: "line-chart",
    "aria-label": `Payoffs as ${data.parameter} moves over its calibrated range` });
  data.regimes.forEach((r, k) => {
    if (data.regimes.length > 1 && k % 2 === 1) {
      chart.append(svg("rect", { x: X(r.from), y: T, width: Math.max(2, X(r.to) - X(r.from)),
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
    transform: `rotate(-90 14 ${(T + H - B) / 2})`, text: "payoff" }));
  const path = (values) => {
    // one polyline per run of known values
    const runs = [];
    let run = [];
    values.forEach((y, k) => {
      if (y === null) { if (run.length) runs.push(run); run = []; }
      else run.push(`${X(xs[k])},${Y(y)}`);
    });
    if (run.length) runs.push(run);
    return runs;
  };
  data.series.forEach((s, i) => {
    const colour = PALETTE[i % PALETTE.length];
    for (const run of path(s.held)) {
      chart.append(svg("polyline", { points: run.join(" "), fill: "none", stroke: colour,
        "stroke-width": 1.2, "stroke-dasharray": "3 3", class: "held" }));
    }
    for (const run of path(s.equilibrium)) {
      chart.append(svg("polyline", { points: run.join(" "), fill: "none", stroke: colour,
        "stroke-width": 2.4, "stroke-dasharray": DASHES[i % DASHES.length], class: "equilibrium" }));
    }
  });
  chart.append(svg("line", { x1: X(data.current), x2: X(data.current), y1: T, y2: H - B,
    class: "current" }));
  chart.append(svg("text", { x: X(data.current), y: T - 5, "text-anchor": "middle",
    text: `now ${data.current_shown}` }));
  const sample = (colour, dash, width) => svg("svg", { viewBox: "0 0 28 8", class: "sample" },
    svg("line", { x1: 1, x2: 27, y1: 4, y2: 4, stroke: colour, "stroke-width": width,
      "stroke-dasharray": dash }));
  const legend = el("ul", { className: "legend small" }, ...data.series.map((s, i) =>
    el("li", {}, sample(PALETTE[i % PALETTE.length], DASHES[i % DASHES.length], 2.4), s.player)),
  el("li", {}, sample("#555", "3 3", 1.2), "thin: play held at the current prediction"));
  const several = data.regimes.length > 1;
  const regimes = el("ul", { className: "small regimes" }, ...data.regimes.map((r) =>
    el("li", { text: `${r.shown}: ${r.label}` })));
  $("line").replaceChildren(...present([
    el("p", { className: "small", text: `Payoffs in ${data.units}. Thick lines: each ` +
      `player's payoff at the ${data.pure_only ? "pure " : ""}equilibrium of the game at ` +
      `each value of ${data.parameter}, broken where the game has several ` +
      `${data.pure_only ? "pure equilibria or none (mixed ones are not looked for)"
        : "equilibria or none"}. Thin dashed lines: the payoff if play stays at the current ` +
      `prediction (${data.held}). The other parameters stay at the current setting; lines ` +
      "of different players may lie on top of each other." }),
    chart, legend,
    el("p", { className: "small", text: several
      ? "The predicted outcome changes along the range (shaded bands alternate); each switch " +
        "lies between the end of one listed range and the start of the next:"
      : "The predicted outcome is the same over the whole range:" }),
    regimes,
    data.pure_only ? el("p", { className: "small", text: "With three or more players the " +
      "line looks for pure equilibria only, as sweeps do: “no pure equilibrium” means play " +
      "there is mixed (the equilibria panel above gives the mixture at the current value)." })
      : null]));
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
  data.tables.forEach((t) => {
    parts.push(el("details", {}, el("summary", { text: t.caption }),
      el("div", { className: "scroll" }, simpleTable(t))));
  });
  body.replaceChildren(...parts);
}

// ---------------------------------------------------------------------------- downloads
async function download(href, what) {
  // fetched first, so a failure is said on the page instead of a broken download
  status(what === "report" ? "Preparing the report (a few seconds)…" : "Preparing the CSV…", "");
  try {
    const response = await answer(href);
    if (!response.ok) {
      const body = await response.json().catch(() => ({ error: `status ${response.status}` }));
      throw new Error(body.error);
    }
    const disposition = response.headers.get("content-disposition") || "";
    const name = (disposition.match(/filename="([^"]+)"/) || [null, "download"])[1];
    const url = URL.createObjectURL(await response.blob());
    const link = el("a", { href: url, download: name, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
    status(`Downloaded ${name}.`, "ok");
  } catch (e) {
    status(`Could not download the ${what}: ${e.message}`, "error");
  }
}

// ---------------------------------------------------------------------------- start
async function openScenario(name, values, moved) {
  S.opening += 1;
  const opening = S.opening;
  for (const panel of panels()) panel.dataset.state = "updating";
  let meta;
  try {
    meta = await getJSON("/api/meta?" + new URLSearchParams({ scenario: name }));
  } catch (e) {
    if (opening === S.opening && S.accepted) {
      // the page keeps the scenario it had, and shows its results again
      S.opening += 1;
      for (const panel of panels()) panel.dataset.state = "current";
    }
    throw e;
  }
  if (opening !== S.opening) return; // another scenario was picked meanwhile
  S.scenario = name;
  S.meta = meta;
  $("scenario").value = name;
  $("title").textContent = meta.title;
  $("description").textContent = meta.description;
  $("source").textContent = `Source: ${meta.citation} [confidence: ${meta.confidence}]. ` +
    `Payoffs in ${meta.units}.`;
  S.values = values;
  S.moved = moved;
  S.accepted = null;
  $("filter").value = "";
  buildControls();
  buildAnalyses();
  syncControls();
  S.inputAt = performance.now();
  refresh();
}

function fromAddress(list) {
  const params = new URLSearchParams(location.search);
  let name = params.get("scenario") || list.default;
  if (!list.scenarios.some((s) => s.name === name)) {
    S.notice = `No scenario named ${JSON.stringify(name)} here; showing ${list.default}.`;
    name = list.default;
  }
  const values = {};
  for (const [k, v] of params) if (k !== "scenario" && k !== "moved") values[k] = v;
  return openScenario(name, values, params.get("moved"));
}

async function start() {
  const list = await getJSON("/api/scenarios");
  $("scenario").replaceChildren(...list.scenarios.map((s) =>
    el("option", { value: s.name, text: `${s.title} (${s.name})` })));
  await fromAddress(list);
  $("scenario").addEventListener("change", () => {
    const name = $("scenario").value;
    history.pushState(null, "", "?" + new URLSearchParams({ scenario: name }));
    openScenario(name, {}, null).catch((e) => {
      $("scenario").value = S.scenario; // the page still shows the scenario it had
      history.replaceState(null, "", "?" + (S.accepted ? S.accepted.query : ""));
      status(`Could not open ${name}: ${e.message}`, "error");
    });
  });
  for (const id of ["download-report", "download-csv"]) {
    $(id).addEventListener("click", (event) => {
      event.preventDefault();
      download($(id).getAttribute("href"), id === "download-report" ? "report" : "CSV");
    });
  }
  window.addEventListener("popstate", () => fromAddress(list)); // Back returns to a scenario
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
