// The flow editor: sign in, pick a flow, edit its YAML draft with lint beside the lines, count SMS parts,
// try the draft in a simulator, publish, compare and roll back versions. Plain DOM, no build step.
// Everything from the server is put on the page with textContent, never as HTML.
"use strict";

const SAVE_DELAY = 600; // ms after the last keystroke
const CONTEXT = 3; // lines of context around a change in a diff

const state = {
  me: null, csrf: "", flow: null, flows: [],
  hasDraft: false, activeVersion: null,
  dirty: false, edits: 0, timer: null, saving: null, resave: false,
  rejected: false, // the server refused the editor's text (422, 413...): the stored draft is older
  problems: [], sim: [], lastCount: "",
};
const $ = (id) => document.getElementById(id);
const editor = () => $("yaml");

// -- SMS parts (as flows/sms.py counts them; the same function as the console's) -----------------
const GSM_BASIC = new Set(Array.from(
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
  "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"));
const GSM_EXTENDED = new Set(Array.from("^{}\\[~]|€\f"));

function smsParts(text) {
  const chars = Array.from(text);
  const forcing = [...new Set(chars.filter((c) => !GSM_BASIC.has(c) && !GSM_EXTENDED.has(c)))];
  let units, single, perPart, encoding;
  if (forcing.length === 0) {
    units = chars.reduce((n, c) => n + (GSM_EXTENDED.has(c) ? 2 : 1), 0);
    [single, perPart, encoding] = [160, 153, "GSM-7"];
  } else {
    units = text.length; // UTF-16 code units, as UCS-2 counts them
    [single, perPart, encoding] = [70, 67, "UCS-2"];
  }
  const parts = units === 0 ? 0 : units <= single ? 1 : Math.ceil(units / perPart);
  return { units, parts, encoding, forcing };
}

// -- talking to the API ------------------------------------------------------------------------------
// `body` is sent as JSON, or as it is with `type` (the YAML of a draft). The answer is parsed as JSON
// when it is JSON, else kept as text (the diagram).
async function api(method, path, body, type) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = type || "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  let resp;
  try {
    resp = await fetch(path, {
      method, headers, credentials: "same-origin",
      body: body === undefined ? undefined : (type ? body : JSON.stringify(body)),
    });
  } catch (err) {
    return { status: 0, ok: false, data: { error: "the server did not answer; check the connection" }, text: "" };
  }
  const text = await resp.text();
  let data = {};
  if ((resp.headers.get("Content-Type") || "").includes("json")) {
    try { data = JSON.parse(text); } catch (err) { data = {}; }
  }
  if (resp.status === 401 && path !== "/api/session") showSignIn();
  return { status: resp.status, ok: resp.ok, data, text };
}

const flowPath = (suffix = "") => `/api/flows/${encodeURIComponent(state.flow)}${suffix}`;
const plural = (n, word) => `${n} ${word}${n === 1 ? "" : "s"}`;

function when(iso) {
  return iso ? new Date(iso).toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short" }) : "";
}

function clockNow() {
  return new Date().toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  if (className) node.className = className;
  return node;
}

// -- sign in and out -----------------------------------------------------------------------------------
function showView(id) {
  for (const view of ["signin-view", "denied-view", "admin-view"]) $(view).hidden = view !== id;
}

function showSignIn() {
  clearTimeout(state.timer);
  Object.assign(state, { me: null, flow: null, dirty: false, sim: [] });
  showView("signin-view");
  $("flow-form").hidden = true;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("signin-name").focus();
}

async function signedIn(me) {
  state.me = me.name;
  state.csrf = me.csrf || "";
  $("who").textContent = `Signed in as ${me.name} (${me.role})`;
  $("sign-out").hidden = false;
  if (me.role !== "admin") {
    showView("denied-view");
    $("denied").textContent = `This page is for admins: you are signed in as ${me.name}, an ${me.role}, ` +
      "who cannot change flows. Ask an admin, or sign out and sign in as one.";
    return;
  }
  showView("admin-view");
  await loadFlows();
}

$("signin").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("signin-error").textContent = "";
  const resp = await api("POST", "/api/session", { name: $("signin-name").value, password: $("signin-password").value });
  $("signin-password").value = "";
  if (resp.ok) { await signedIn(resp.data); return; }
  $("signin-error").textContent = resp.status === 429
    ? "Too many failed sign-ins. Wait a few minutes and try again."
    : (resp.data.error || "Could not sign in.");
});

$("sign-out").addEventListener("click", async () => {
  if (state.dirty) await saveNow();
  await api("DELETE", "/api/session");
  showSignIn();
});

window.addEventListener("beforeunload", (event) => {
  if (state.dirty || state.saving) event.preventDefault();
});

// -- flows -----------------------------------------------------------------------------------------------
async function loadFlows(keep) {
  const resp = await api("GET", "/api/flows");
  if (!resp.ok) { setStatus(resp.data.error || "Could not list the flows.", "error"); return; }
  state.flows = resp.data.items;
  const select = $("flow");
  select.replaceChildren(...state.flows.map((f) => {
    const bits = [f.active_version === null ? "not published" : `active v${f.active_version}`];
    if (f.has_draft) bits.push("draft");
    return new Option(`${f.name} (${bits.join(", ")})`, f.name);
  }));
  $("flow-form").hidden = state.flows.length === 0;
  if (state.flows.length === 0) { setStatus("There are no flows.", "error"); return; }
  if (keep && state.flow) { select.value = state.flow; return; }
  const wanted = decodeURIComponent(location.hash.slice(1));
  const first = state.flows.some((f) => f.name === wanted) ? wanted : state.flows[0].name;
  select.value = first;
  await openFlow(first);
}

$("flow").addEventListener("change", async () => {
  if (state.dirty) await saveNow();
  await openFlow($("flow").value);
});

async function openFlow(name) {
  clearTimeout(state.timer);
  state.flow = name;
  state.sim = [];
  history.replaceState(null, "", `#${encodeURIComponent(name)}`);
  $("flow-name").textContent = `· ${name}`;
  for (const id of ["publish-result", "check-result", "sim-error", "versions-status"]) $(id).textContent = "";
  $("chat").replaceChildren();
  $("diff").hidden = true;
  const draft = await api("GET", flowPath("/draft"));
  const active = await api("GET", flowPath());
  state.activeVersion = active.ok ? active.data.active_version : null;
  if (draft.ok) {
    state.hasDraft = true;
    setText(draft.data.yaml);
    $("source").textContent = `Editing the draft saved by ${draft.data.author} on ${when(draft.data.saved_at)}` +
      (state.activeVersion ? ` (active: version ${state.activeVersion}).` : ".");
    setStatus("Draft loaded.");
    const check = await api("POST", flowPath("/validate"));
    if (check.ok) showProblems(check.data);
  } else if (active.ok) {
    state.hasDraft = false;
    setText(active.data.yaml);
    $("source").textContent = `Showing active version ${state.activeVersion}: there is no draft; your first change makes one.`;
    setStatus("");
    showProblems({ errors: [], warnings: [] }, "Not checked yet: edit the flow or run the checks.");
  } else {
    setStatus(active.data.error || "Could not load the flow.", "error");
  }
  await Promise.all([loadVersions(), loadDiagram()]);
}

// -- the editor: text, gutter, problems beside their lines ---------------------------------------------
function setText(text) {
  const area = editor();
  area.value = text;
  area.scrollTop = 0;
  area.setSelectionRange(0, 0);
  state.dirty = false;
  state.rejected = false;
  state.edits += 1;
  state.problems = [];
  renderGutter();
  renderLens();
  showCount();
}

function lineHeight() {
  return parseFloat(getComputedStyle(editor()).lineHeight) || 20;
}

function caretLine() {
  const area = editor();
  return area.value.slice(0, area.selectionStart).split("\n").length;
}

function problemsByLine() {
  const lines = new Map();
  for (const p of state.problems) {
    if (!p.line) continue;
    const found = lines.get(p.line) || [];
    found.push(p);
    lines.set(p.line, found);
  }
  return lines;
}

function renderGutter() {
  const count = editor().value.split("\n").length;
  const marks = problemsByLine();
  const current = caretLine();
  const rows = [];
  for (let n = 1; n <= count; n++) {
    const row = el("div", null, "ln");
    row.dataset.line = String(n);
    const found = marks.get(n);
    if (found) {
      const worst = found.some((p) => p.severity === "error") ? "error" : "warning";
      row.classList.add(worst);
      row.title = found.map((p) => `${p.severity}: ${p.message}`).join("\n");
      row.append(el("span", worst === "error" ? "✖" : "▲", "mark"));
    }
    if (n === current) row.classList.add("current");
    row.append(el("span", String(n), "no"));
    rows.push(row);
  }
  rows.push(el("div", null, "spacer")); // room for the textarea's scrollbar
  $("gutter").replaceChildren(...rows);
  syncScroll();
}

function markCurrentLine() {
  const line = caretLine();
  const gutter = $("gutter");
  const old = gutter.querySelector(".ln.current");
  if (old && old.dataset.line === String(line)) return;
  if (old) old.classList.remove("current");
  const row = gutter.children[line - 1];
  if (row) row.classList.add("current");
}

// The problems' messages, after the end of their lines, in a layer behind the (transparent) textarea.
function renderLens() {
  const area = editor();
  const lines = area.value.split("\n");
  const lh = lineHeight();
  const style = getComputedStyle(area);
  const top = parseFloat(style.paddingTop) || 0;
  const left = parseFloat(style.paddingLeft) || 0;
  const layer = $("lens");
  const items = [];
  for (const [line, found] of problemsByLine()) {
    const worst = found.some((p) => p.severity === "error") ? "error" : "warning";
    const band = el("div", null, `band ${worst}`);
    band.style.top = `${top + (line - 1) * lh}px`;
    band.style.height = `${lh}px`;
    const note = el("div", found.map((p) => p.message).join(" · "), `note ${worst}`);
    note.dataset.line = String(line);
    note.style.top = band.style.top;
    note.style.height = band.style.height;
    note.style.lineHeight = band.style.height;
    const width = Array.from(lines[line - 1] || "").length;
    note.style.left = `calc(${left}px + ${width + 3}ch)`;
    items.push(band, note);
  }
  layer.replaceChildren(...items);
  layer.style.width = `${Math.max(area.scrollWidth, area.clientWidth)}px`;
  syncScroll();
}

function syncScroll() {
  const area = editor();
  $("gutter").scrollTop = area.scrollTop;
  $("lens").style.transform = `translate(${-area.scrollLeft}px, ${-area.scrollTop}px)`;
}

function setStatus(text, kind) {
  const status = $("save-status");
  status.textContent = text;
  status.className = `status ${kind || ""}`;
}

function showProblems(result, note) {
  const errors = (result.errors || []).map((p) => ({ ...p, severity: "error" }));
  const warnings = (result.warnings || []).map((p) => ({ ...p, severity: "warning" }));
  const byLine = (a, b) => (a.line || 0) - (b.line || 0) || (a.column || 0) - (b.column || 0);
  state.problems = [...errors.sort(byLine), ...warnings.sort(byLine)];
  $("editor").classList.remove("stale");
  $("problems-summary").textContent = note ||
    (state.problems.length ? `${plural(errors.length, "error")}, ${plural(warnings.length, "warning")}.` : "No problems.");
  $("problems").replaceChildren(...state.problems.map((p) => {
    const li = el("li");
    li.append(problemButton(p));
    return li;
  }));
  renderGutter();
  renderLens();
}

// One problem as a button that puts the caret on its line.
function problemButton(p) {
  const button = el("button", null, `problem ${p.severity}`);
  button.type = "button";
  const pos = el("span", null, "pos");
  pos.append(el("span", "line ", "visually-hidden"), p.line ? `${p.line}:${p.column || 1}` : "—");
  button.append(el("span", p.severity === "error" ? "Error" : "Warning", "sev"), pos, el("span", p.message, "msg"));
  if (p.path) button.title = `${p.path}: go to the line`;
  button.addEventListener("click", () => goToLine(p.line || 1, p.column || 1));
  return button;
}

function goToLine(line, column) {
  const area = editor();
  const lines = area.value.split("\n");
  const row = Math.min(Math.max(line, 1), lines.length);
  let offset = 0;
  for (let i = 0; i < row - 1; i++) offset += lines[i].length + 1;
  offset += Math.min(Math.max(column - 1, 0), lines[row - 1].length);
  area.focus();
  area.setSelectionRange(offset, offset);
  const lh = lineHeight();
  const y = (row - 1) * lh;
  if (y < area.scrollTop || y > area.scrollTop + area.clientHeight - 2 * lh) {
    area.scrollTop = Math.max(0, y - area.clientHeight / 3);
  }
  syncScroll();
  onCaret();
}

let lineCount = 1;
editor().addEventListener("input", () => {
  state.dirty = true;
  state.edits += 1;
  $("editor").classList.add("stale");
  setStatus("Editing…");
  const count = editor().value.split("\n").length;
  if (count !== lineCount) renderGutter();
  lineCount = count;
  clearTimeout(state.timer);
  state.timer = setTimeout(saveNow, SAVE_DELAY);
  onCaret();
});
editor().addEventListener("scroll", syncScroll);
for (const type of ["keyup", "click", "focus", "select"]) editor().addEventListener(type, onCaret);
document.addEventListener("selectionchange", () => { if (document.activeElement === editor()) onCaret(); });

function onCaret() {
  markCurrentLine();
  showCount();
}

// PUT the text as the draft; show lint's findings. One save at a time: a change made while one is under
// way is saved when it returns.
async function saveNow() {
  clearTimeout(state.timer);
  if (state.saving) { state.resave = true; return state.saving; }
  if (!state.flow) return null;
  const text = editor().value;
  const edits = state.edits;
  setStatus("Saving…");
  state.saving = (async () => {
    const resp = await api("PUT", flowPath("/draft"), text, "text/yaml; charset=utf-8");
    const current = state.edits === edits;
    if (current) {
      state.dirty = false;
      state.rejected = !resp.ok;
    }
    if (resp.ok) {
      state.hasDraft = true;
      $("source").textContent = `Editing your draft (saved ${clockNow()}).`;
      const counts = `${plural(resp.data.errors.length, "error")}, ${plural(resp.data.warnings.length, "warning")}`;
      setStatus(`Draft saved at ${clockNow()}: ${counts}.`, resp.data.errors.length ? "error" : "ok");
      if (current) showProblems(resp.data);
      loadDiagram();
    } else if (resp.status === 422) {
      setStatus("Not saved: this is not a flow definition (the last saved draft is kept).", "error");
      if (current) showProblems(resp.data);
    } else if (resp.status === 413) {
      setStatus(`Not saved: too large. ${resp.data.error || ""}`, "error");
    } else if (resp.status !== 401) {
      setStatus(`Not saved: ${resp.data.error || resp.text || `error ${resp.status}`}.`, "error");
    }
    return resp;
  })();
  const resp = await state.saving;
  state.saving = null;
  if (state.resave || state.dirty) {
    state.resave = false;
    if (state.dirty) return saveNow();
  }
  return resp;
}

// Save what is in the editor now (when it changed): true when the stored draft is the editor's text.
async function flush() {
  clearTimeout(state.timer);
  for (let i = 0; i < 10 && (state.saving || state.dirty); i++) {
    if (state.saving) await state.saving; else await saveNow();
  }
  return !state.dirty && !state.rejected;
}

// -- SMS parts of the message under the caret -------------------------------------------------------------
const indentOf = (line) => line.length - line.replace(/^ +/, "").length;
const isBlank = (line) => /^\s*(#.*)?$/.test(line);
const BLOCK = /(?:^|:|-)\s*([|>])([1-9]?[+-]?|[+-][1-9])\s*(#.*)?$/;
// indentation, "- " items, an optional key, the value after it
const LINE = /^( *)((?:- +)*)(?:([A-Za-z0-9_][\w.-]*|"[^"]*"|'[^']*') *:(?: +|$))?(.*)$/;
const MESSAGE_KEYS = new Set(["say", "label", "emergency", "other"]);

function parseLine(line) {
  const m = LINE.exec(line);
  const key = m[3] ? m[3].replace(/^["']|["']$/g, "") : null;
  return { indent: m[1].length, item: m[2].length > 0, key, value: m[4] };
}

// The keys above line `row` (its parents), outermost first.
function parents(lines, row) {
  const keys = [];
  let min = indentOf(lines[row]);
  let item = parseLine(lines[row]).item;
  for (let k = row - 1; k >= 0 && min > 0; k--) {
    if (isBlank(lines[k])) continue;
    const ind = indentOf(lines[k]);
    const parsed = parseLine(lines[k]);
    // a parent is less indented, or a key whose list is not indented ("key:" then "- item" below it)
    if (ind < min || (ind === min && item && !parsed.item && parsed.key && parsed.value.trim() === "")) {
      if (parsed.key && !(parsed.item && ind + 2 <= min)) keys.unshift(parsed.key);
      else if (parsed.item) keys.unshift("-");
      min = ind;
      item = parsed.item;
    }
  }
  return keys;
}

// The line of the block scalar header ("say: |-", "- >") that line `row` belongs to, or -1.
function blockHeader(lines, row) {
  if (BLOCK.test(lines[row]) && !isBlank(lines[row])) return row;
  if (lines[row].trim() === "") return -1;
  let min = indentOf(lines[row]);
  for (let k = row - 1; k >= 0; k--) {
    if (isBlank(lines[k])) continue;
    const ind = indentOf(lines[k]);
    if (ind < min && BLOCK.test(lines[k])) return k;
    min = Math.min(min, ind);
    if (min === 0) return -1;
  }
  return -1;
}

function blockText(lines, header) {
  const [, style, flags] = BLOCK.exec(lines[header]);
  const own = indentOf(lines[header]);
  const body = [];
  for (let k = header + 1; k < lines.length; k++) {
    if (lines[k].trim() !== "" && indentOf(lines[k]) <= own) break;
    body.push(lines[k]);
  }
  const first = body.find((l) => l.trim() !== "");
  const digit = /[1-9]/.exec(flags);
  const strip = digit ? own + Number(digit[0]) : (first ? indentOf(first) : 0);
  const content = body.map((l) => l.slice(Math.min(strip, indentOf(l))));
  let trailing = 0;
  while (content.length && content[content.length - 1].trim() === "") { content.pop(); trailing += 1; }
  let text;
  if (style === "|") {
    text = content.join("\n");
  } else {
    text = "";
    let previous = null; // the previous line: null at the start, "" when blank
    for (const line of content) {
      const more = /^\s/.test(line);
      if (line === "") text += "\n";
      else if (previous === null || previous === "") text += line;
      else text += (more || /^\s/.test(previous) ? "\n" : " ") + line;
      previous = line;
    }
  }
  if (content.length === 0) return "";
  if (flags.includes("+")) return text + "\n".repeat(trailing + 1);
  return flags.includes("-") ? text : `${text}\n`;
}

const ESCAPES = { n: "\n", t: "\t", r: "\r", "0": "\0", "\\": "\\", '"': '"', "/": "/", " ": " ", e: "\x1b", a: "\x07", b: "\b", f: "\f", v: "\v", N: "\u0085", _: "\u00a0" };

// A quoted scalar starting at `value` on line `row`, which may go on over the following lines.
function quotedText(lines, row, value) {
  const quote = value[0];
  let source = value.slice(1);
  let k = row;
  let text = "";
  for (;;) {
    let i = 0;
    for (; i < source.length; i++) {
      const c = source[i];
      if (quote === "'" && c === "'") {
        if (source[i + 1] === "'") { text += "'"; i += 1; continue; }
        return text;
      }
      if (quote === '"' && c === '"') return text;
      if (quote === '"' && c === "\\") {
        const e = source[i + 1];
        const hex = { x: 2, u: 4, U: 8 }[e];
        if (hex) { text += String.fromCodePoint(parseInt(source.slice(i + 2, i + 2 + hex), 16) || 0xfffd); i += 1 + hex; continue; }
        if (e === undefined) { i += 1; break; } // an escaped line break: no space
        text += ESCAPES[e] ?? e;
        i += 1;
        continue;
      }
      text += c;
    }
    const escapedBreak = quote === '"' && /(^|[^\\])(\\\\)*\\$/.test(source);
    k += 1;
    if (k >= lines.length || k - row > 50) return text;
    // line folding: a line break is a space, each blank line a newline
    if (!escapedBreak) text = text.replace(/[ \t]+$/, "");
    let blanks = 0;
    while (k < lines.length && lines[k].trim() === "") { blanks += 1; k += 1; }
    if (k >= lines.length) return text;
    if (!escapedBreak) text += blanks ? "\n".repeat(blanks) : " ";
    source = lines[k].replace(/^\s+/, "");
  }
}

function plainText(value) {
  return value.replace(/\s+#.*$/, "").trim();
}

// The message the caret is in: {path, text}, or null when it is in none.
function messageAt(text, offset) {
  const lines = text.split("\n");
  const row = text.slice(0, offset).split("\n").length - 1;
  const header = blockHeader(lines, row);
  let at = row;
  let value;
  if (header >= 0) {
    at = header;
    value = blockText(lines, header);
  } else {
    const parsed = parseLine(lines[row]);
    const raw = parsed.value.trim();
    if (!raw || /^[{[&*!#%@`]/.test(raw) || (!parsed.key && !parsed.item)) return null;
    value = raw[0] === '"' || raw[0] === "'" ? quotedText(lines, row, raw) : plainText(raw);
  }
  const parsed = parseLine(lines[at]);
  const path = [...parents(lines, at), ...(parsed.key ? [parsed.key] : ["-"])];
  const message = path.includes("messages") || path.some((k) => k === "say") ||
    MESSAGE_KEYS.has(parsed.key) || (parsed.item && !parsed.key);
  if (!message || value === "") return null;
  return { path: path.join(".").replace(/\.-/g, "[]"), text: value };
}

function showCount() {
  const area = editor();
  const found = messageAt(area.value, area.selectionStart);
  let line;
  if (!found) {
    line = "Put the caret in a message (say:, messages:, a list item) to see its SMS parts.";
  } else {
    const text = found.text.replaceAll("{position}", "12"); // as lint counts it
    const p = smsParts(text);
    const chars = Array.from(text).length;
    line = `${found.path}: ${plural(chars, "character")}, ${plural(p.parts, "SMS part")} (${p.encoding})`;
    if (p.units !== chars) line += `, ${p.units} units`;
    if (p.forcing.length) line += `. UCS-2 because of: ${p.forcing.join(" ")}`;
    line += ".";
  }
  if (line !== state.lastCount) {
    $("sms-count").textContent = line;
    state.lastCount = line;
  }
}

// -- the diagram: the Mermaid text (flows/diagram.py) drawn as an SVG, left to right, built with DOM calls --
const SVG_NS = "http://www.w3.org/2000/svg";
const KINDS = ["question", "advice", "escalation", "ending", "emergency"];
const ANY_STATE = "any_state"; // the pseudo-state the global topics and the fallback are drawn from
const DIAGRAM_FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif'; // as in admin.css
const D = {
  nodeH: 34, padX: 12, minW: 60, rowGap: 14, wayH: 2, wayGap: 5, colGap: 36, margin: 20,
  font: 13, labelFont: 11, labelMax: 24, startR: 7, endR: 9,
};
let diagramRun = 0;

function svgEl(tag, attrs, className) {
  const node = document.createElementNS(SVG_NS, tag);
  for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, String(value));
  if (className) node.setAttribute("class", className);
  return node;
}

function svgTitle(text) {
  const title = svgEl("title");
  title.textContent = text;
  return title;
}

let measurer;
function textWidth(text, size) {
  if (measurer === undefined) measurer = document.createElement("canvas").getContext("2d");
  if (!measurer) return text.length * size * 0.6;
  measurer.font = `${size}px ${DIAGRAM_FONT}`;
  return measurer.measureText(text).width;
}

function shorten(text) {
  const chars = Array.from(text);
  return chars.length > D.labelMax ? `${chars.slice(0, D.labelMax - 1).join("")}…` : text;
}
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

// The subset of stateDiagram-v2 that flows/diagram.py writes: `state "label" as name`, `a --> b: label`,
// `[*] --> start`, `x --> [*]`, `class name kind`. Any other line is ignored.
function parseMermaid(text) {
  const states = new Map(); // name -> {name, label, kind, declared}
  const edges = []; // {from, to, label}; "[*]" for the start and the end
  const stateOf = (name) => {
    if (!states.has(name)) states.set(name, { name, label: name.replaceAll("_", " "), kind: null, declared: false });
    return states.get(name);
  };
  const NAME = "[A-Za-z0-9_.-]+";
  const declaration = new RegExp(`^state\\s+"([^"]*)"\\s+as\\s+(${NAME})$`);
  const transition = new RegExp(`^(\\[\\*\\]|${NAME})\\s*-->\\s*(\\[\\*\\]|${NAME})\\s*(?::(.*))?$`);
  const classLine = new RegExp(`^class\\s+(${NAME}(?:\\s*,\\s*${NAME})*)\\s+(${NAME})$`);
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    let m;
    if ((m = declaration.exec(line))) {
      Object.assign(stateOf(m[2]), { label: m[1].trim() || m[2], declared: true });
    } else if ((m = transition.exec(line))) {
      if (m[1] === "[*]" && m[2] === "[*]") continue;
      for (const name of [m[1], m[2]]) if (name !== "[*]") stateOf(name);
      edges.push({ from: m[1], to: m[2], label: (m[3] || "").trim() });
    } else if ((m = classLine.exec(line)) && KINDS.includes(m[2])) {
      for (const name of m[1].split(",")) stateOf(name.trim()).kind = m[2];
    }
  }
  return { states, edges };
}

// The least-squares non-decreasing fit of `values` (pool adjacent violators).
function isotonic(values) {
  const blocks = [];
  for (const v of values) {
    blocks.push({ sum: v, n: 1 });
    while (blocks.length > 1) {
      const [a, b] = blocks.slice(-2);
      if (a.sum / a.n <= b.sum / b.n) break;
      blocks.pop();
      a.sum += b.sum;
      a.n += b.n;
    }
  }
  return blocks.flatMap((b) => Array(b.n).fill(b.sum / b.n));
}

// A layered layout, left to right, as dagre lays out Mermaid's diagrams. Each state is in the column of its
// breadth-first depth from the start (the states only the global topics lead to: from "any state"), the
// start dot and "any state" in the first column, an end marker after each ending. Between two columns of
// states is a column of labels: a transition goes through one waypoint in each column it crosses, its
// label (when it has one) the first, so that neither transitions nor labels cross states or each other's
// labels. The columns are ordered by barycentres, then each is placed as close to its neighbours as its
// order lets it (a least-squares fit).
function layoutDiagram({ states, edges }) {
  const nodes = new Map();
  let seq = 0;
  const add = (id, props) => {
    const node = { id, rank: -1, seq: Infinity, y: 0, x: 0, ...props };
    nodes.set(id, node);
    return node;
  };
  if (edges.some((e) => e.from === "[*]")) add("[*]", { type: "start", w: 2 * D.startR, h: 2 * D.startR });
  for (const s of states.values()) {
    const w = Math.max(D.minW, Math.ceil(textWidth(s.label, D.font)) + 2 * D.padX);
    const type = s.name === ANY_STATE ? "any" : s.declared ? "state" : "missing"; // a goto to no state
    add(s.name, { type, name: s.name, label: s.label, kind: s.kind, w, h: D.nodeH });
  }
  const links = [];
  for (const e of edges) {
    let to = e.to;
    if (to === "[*]") {
      to = `[*]${e.from}`;
      if (!nodes.has(to)) add(to, { type: "end", w: 2 * D.endR, h: 2 * D.endR, of: e.from });
    }
    links.push({ from: e.from, to, label: e.label, any: e.from === ANY_STATE, end: e.to === "[*]" });
  }

  // the columns of the states: breadth-first depth, times two (the columns of labels are between)
  const next = new Map([...nodes.keys()].map((id) => [id, []]));
  for (const l of links) if (!l.any) next.get(l.from).push(l.to);
  const queue = [];
  const reach = (id, depth) => {
    const node = nodes.get(id);
    if (node.rank >= 0) return;
    node.rank = depth;
    node.seq = seq++;
    queue.push(id);
  };
  const flood = () => {
    while (queue.length) {
      const id = queue.shift();
      for (const to of next.get(id)) reach(to, nodes.get(id).rank + 1);
    }
  };
  if (nodes.has("[*]")) { reach("[*]", 0); flood(); }
  if (nodes.has(ANY_STATE)) {
    reach(ANY_STATE, 0);
    for (const l of links) if (l.any) reach(l.to, 1);
    flood();
  }
  for (const node of nodes.values()) if (node.rank < 0) { reach(node.id, 1); flood(); }
  const depths = [...new Set([...nodes.values()].map((n) => n.rank))].sort((a, b) => a - b);
  for (const node of nodes.values()) node.rank = 2 * depths.indexOf(node.rank);

  // waypoints: one in each column a transition crosses (to the right, or back to the left), the first
  // of them its label
  const routes = [];
  let waypoints = 0;
  for (const l of links) {
    const chain = [l.from];
    const [a, b] = [nodes.get(l.from), nodes.get(l.to)];
    const step = b.rank > a.rank ? 1 : -1;
    for (let rank = a.rank + step; step * (b.rank - rank) > 0; rank += step) {
      const id = `\u00b7${waypoints++}`;
      const text = rank === a.rank + step && l.label ? shorten(l.label) : "";
      const w = text ? Math.ceil(textWidth(text, D.labelFont)) + 6 : 0;
      add(id, { type: "waypoint", text, w, h: text ? D.labelFont + 5 : D.wayH, rank, seq: a.seq + 0.5 });
      chain.push(id);
    }
    chain.push(l.to);
    routes.push({ ...l, chain });
  }

  // neighbours in the previous and the next column: a state's "any state" transitions count only when
  // it has no others (so that the global topics do not pull the states out of their menus' order)
  const empty = () => new Map([...nodes.keys()].map((id) => [id, { own: [], any: [] }]));
  const [back, forth] = [empty(), empty()];
  for (const r of routes) {
    for (let i = 0; i + 1 < r.chain.length; i++) {
      let [a, b] = [r.chain[i], r.chain[i + 1]];
      if (nodes.get(a).rank > nodes.get(b).rank) [a, b] = [b, a];
      if (nodes.get(b).rank !== nodes.get(a).rank + 1) continue;
      forth.get(a)[r.any ? "any" : "own"].push(b);
      back.get(b)[r.any ? "any" : "own"].push(a);
    }
  }
  const pick = (m) => new Map([...m].map(([id, { own, any }]) => [id, own.length ? own : any]));
  const [before, after] = [pick(back), pick(forth)];

  // the order in each column: barycentres of the neighbours' positions, sweeping right then left
  const columns = [];
  for (const node of nodes.values()) (columns[node.rank] ||= []).push(node);
  for (let r = 0; r < columns.length; r++) columns[r] ||= [];
  for (const column of columns) {
    column.sort((a, b) => a.seq - b.seq);
    column.forEach((n, i) => { n.order = i; });
  }
  const sweep = (column, neighbours) => {
    for (const n of column) {
      const ns = neighbours.get(n.id);
      n.bary = ns.length ? mean(ns.map((id) => nodes.get(id).order)) : n.order;
    }
    column.sort((a, b) => a.bary - b.bary || a.order - b.order);
    column.forEach((n, i) => { n.order = i; });
  };
  for (let i = 0; i < 6; i++) {
    for (let r = 1; r < columns.length; r++) sweep(columns[r], before);
    for (let r = columns.length - 2; r >= 0; r--) sweep(columns[r], after);
  }

  // rows
  const centre = (n) => n.y + n.h / 2;
  const gap = (a, b) => (a.type === "waypoint" && b.type === "waypoint" ? D.wayGap : D.rowGap);
  const offsetsOf = (column) => {
    const offsets = [];
    let offset = 0;
    column.forEach((n, i) => {
      if (i > 0) offset += column[i - 1].h + gap(column[i - 1], n);
      offsets.push(offset);
    });
    return offsets;
  };
  for (const column of columns) offsetsOf(column).forEach((y, i) => { column[i].y = y; });
  const place = (column, neighbours) => {
    const offsets = offsetsOf(column);
    const wanted = column.map((n, i) => {
      const ns = neighbours.get(n.id);
      const y = ns.length ? mean(ns.map((id) => centre(nodes.get(id)))) - n.h / 2 : n.y;
      return y - offsets[i];
    });
    isotonic(wanted).forEach((y, i) => { column[i].y = y + offsets[i]; });
  };
  for (let i = 0; i < 8; i++) {
    for (let r = 1; r < columns.length; r++) place(columns[r], before);
    for (let r = columns.length - 2; r >= 0; r--) place(columns[r], after);
  }
  const top = Math.min(...[...nodes.values()].map((n) => n.y));
  for (const n of nodes.values()) n.y -= top;

  // columns
  const widths = columns.map((column) => Math.max(0, ...column.map((n) => n.w)));
  const xs = [];
  let x = D.margin;
  widths.forEach((w) => { xs.push(x); x += w + D.colGap; });
  for (const n of nodes.values()) n.x = xs[n.rank] + (widths[n.rank] - n.w) / 2;

  // where the transitions into a state arrive on its left side: apart, in the order they come from
  const arriving = new Map();
  for (const r of routes) {
    const [from, to] = [nodes.get(r.chain[r.chain.length - 2]), nodes.get(r.chain[r.chain.length - 1])];
    if (to.rank <= from.rank || !["state", "any", "missing"].includes(to.type)) continue;
    if (!arriving.has(to.id)) arriving.set(to.id, []);
    arriving.get(to.id).push({ r, y: centre(from) });
  }
  for (const [id, list] of arriving) {
    const n = nodes.get(id);
    const step = Math.min(7, (n.h - 10) / Math.max(1, list.length - 1));
    list.sort((a, b) => a.y - b.y);
    list.forEach(({ r }, i) => { r.port = centre(n) + (i - (list.length - 1) / 2) * step; });
  }
  return { nodes, routes, xs, widths, width: x - D.colGap + D.margin };
}

function bezier(p0, p1, p2, p3, t) {
  const u = 1 - t;
  return [0, 1].map((k) => u * u * u * p0[k] + 3 * u * u * t * p1[k] + 3 * u * t * t * p2[k] + t * t * t * p3[k]);
}

// The path of a transition, its top, and for one without waypoints (a loop, or between two states in the
// same column), where its label may go (the best first).
function routePath(route, layout) {
  const { nodes, xs, widths } = layout;
  const ids = route.chain;
  const a = nodes.get(ids[0]);
  const b = nodes.get(ids[ids.length - 1]);
  const cy = (n) => n.y + n.h / 2;
  if (a === b) { // a loop over the top right of the state
    const [x0, y0] = [a.x + a.w - 14, a.y];
    const [x1, y1] = [a.x + a.w, a.y + 8];
    return {
      d: `M${x0} ${y0}C${x0} ${y0 - 26} ${x1 + 26} ${y1} ${x1} ${y1}`,
      spots: [[x1 + 4, y0 - 10]], side: "right", top: y0 - 26, right: x1 + 26,
    };
  }
  if (b.rank === a.rank) { // in the same column: a bulge to the right of it
    const [x0, y0, y1] = [a.x + a.w, cy(a) + 5, cy(b) + 5];
    const x1 = b.x + b.w;
    const far = xs[a.rank] + widths[a.rank] + 18 + Math.min(40, Math.abs(y1 - y0) / 8);
    const p = [[x0, y0], [far, y0], [far, y1], [x1, y1]];
    return {
      d: `M${x0} ${y0}C${far} ${y0} ${far} ${y1} ${x1} ${y1}`,
      spots: [0.5, 0.35, 0.65].map((t) => bezier(...p, t)).map(([x, y]) => [x + 3, y]),
      side: "right", top: Math.min(y0, y1), right: far,
    };
  }
  const back = b.rank < a.rank; // from the left side of a to the right side of b, below their middles
  let [px, py] = back ? [a.x, cy(a) + a.h / 4] : [a.x + a.w, cy(a)];
  let d = `M${px} ${py}`;
  const to = (x1, y1) => {
    const dx = (x1 - px) / 2;
    d += `C${px + dx} ${py} ${x1 - dx} ${y1} ${x1} ${y1}`;
    [px, py] = [x1, y1];
  };
  for (const id of ids.slice(1, -1)) { // a waypoint: straight across its column
    const w = nodes.get(id);
    const [left, right] = [xs[w.rank], xs[w.rank] + widths[w.rank]];
    to(back ? right : left, cy(w));
    px = back ? left : right;
    d += `L${px} ${py}`;
  }
  if (back) to(b.x + b.w, cy(b) + b.h / 4);
  else to(b.x, route.port ?? cy(b));
  return { d, spots: [], top: Math.min(cy(a), cy(b)) };
}

function renderDiagram(layout, flow) {
  const { nodes, routes } = layout;
  const all = [...nodes.values()];
  const states = all.filter((n) => n.type === "state");
  const transitions = routes.filter((r) => !r.end && nodes.get(r.chain[0]).type !== "start");
  const paths = routes.map((r) => ({ route: r, ...routePath(r, layout) }));

  // labels: on their waypoints; a transition that goes back has its label at the first spot along it
  // that overlaps no state and no other label
  const labels = [];
  const taken = all.filter((n) => n.type !== "waypoint" || n.text)
    .map((n) => [n.x - 2, n.y - 2, n.x + n.w + 2, n.y + n.h + 2]);
  const along = (p, q, k) => Math.max(0, Math.min(p[k + 2], q[k + 2]) - Math.max(p[k], q[k]));
  const overlap = (p, q) => along(p, q, 0) * along(p, q, 1);
  for (const p of paths) {
    const r = p.route;
    if (!r.label) continue;
    const waypoint = r.chain.length > 2 ? nodes.get(r.chain[1]) : null;
    if (waypoint && waypoint.text) {
      const x = layout.xs[waypoint.rank] + layout.widths[waypoint.rank] / 2;
      labels.push({ route: r, text: waypoint.text, x, y: waypoint.y + waypoint.h / 2 });
      continue;
    }
    if (!p.spots.length) continue;
    const text = shorten(r.label);
    const [w, h] = [textWidth(text, D.labelFont) + 6, D.labelFont + 5];
    let best = null;
    for (const [sx, sy] of p.spots.map(([x, y]) => [p.side === "right" ? x + w / 2 : x, y])) {
      const box = [sx - w / 2, sy - h / 2, sx + w / 2, sy + h / 2];
      const cost = taken.reduce((sum, q) => sum + overlap(box, q), 0);
      if (!best || cost < best.cost) best = { cost, box, x: sx, y: sy };
      if (cost === 0) break;
    }
    taken.push(best.box);
    labels.push({ route: r, text, x: best.x, y: best.y, right: best.box[2] });
  }

  const top = Math.min(0, ...paths.map((p) => p.top), ...labels.map((l) => l.y - D.labelFont));
  const bottom = Math.max(...all.map((n) => n.y + n.h));
  const shiftY = D.margin - top;
  const height = Math.ceil(bottom + shiftY + D.margin);
  const right = Math.max(...[...paths, ...labels].map((p) => p.right || 0));
  const width = Math.ceil(Math.max(layout.width, right + D.margin));

  const svg = svgEl("svg", {
    width, height, viewBox: `0 0 ${width} ${height}`, role: "img",
    "aria-label": `Diagram of flow ${flow}: ${plural(states.length, "state")}, ` +
      plural(transitions.length, "transition"),
  }, "diagram");
  const defs = svgEl("defs");
  for (const [id, cls] of [["diagram-arrow", "arrow"], ["diagram-arrow-any", "arrow arrow-any"]]) {
    const marker = svgEl("marker", {
      id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 9, markerHeight: 9,
      markerUnits: "userSpaceOnUse", orient: "auto-start-reverse",
    }, cls);
    marker.append(svgEl("path", { d: "M0 0L10 5L0 10z" }));
    defs.append(marker);
  }
  svg.append(defs);
  const body = svgEl("g", { transform: `translate(0 ${shiftY})` });
  svg.append(body);

  const name = (id) => {
    const n = nodes.get(id);
    return n.type === "start" ? "start" : n.type === "end" ? "end" : n.name;
  };
  const edgeLayer = svgEl("g", null, "edges");
  const anyLayer = svgEl("g", null, "edges from-any");
  for (const p of paths) {
    const r = p.route;
    const g = svgEl("g", null, `edge${r.any ? " from-any" : ""}`);
    g.dataset.from = name(r.chain[0]);
    g.dataset.to = name(r.chain[r.chain.length - 1]);
    g.append(
      svgTitle(`${g.dataset.from} → ${g.dataset.to}${r.label ? `: ${r.label}` : ""}`),
      svgEl("path", { d: p.d, "marker-end": `url(#${r.any ? "diagram-arrow-any" : "diagram-arrow"})` }),
    );
    (r.any ? anyLayer : edgeLayer).append(g);
  }
  body.append(anyLayer, edgeLayer);

  const nodeLayer = svgEl("g", null, "nodes");
  for (const n of all) {
    if (n.type === "waypoint") continue;
    const g = svgEl("g", { transform: `translate(${n.x} ${n.y})` });
    if (n.type === "start") {
      g.setAttribute("class", "start");
      g.append(svgTitle("start"), svgEl("circle", { cx: D.startR, cy: D.startR, r: D.startR }));
    } else if (n.type === "end") {
      g.setAttribute("class", "end");
      g.append(
        svgTitle(`end: ${n.of} ends the conversation`),
        svgEl("circle", { cx: D.endR, cy: D.endR, r: D.endR - 0.75 }, "outer"),
        svgEl("circle", { cx: D.endR, cy: D.endR, r: D.endR - 4.5 }, "inner"),
      );
    } else {
      const classes = { any: "node any-state", missing: "node missing", state: "node state" }[n.type];
      g.setAttribute("class", n.kind ? `${classes} kind-${n.kind}` : classes);
      g.dataset.state = n.name;
      const title = {
        any: `${n.name}: the global topics, the emergency reply and the fallback can be reached from any state`,
        missing: `${n.name}: not a state of the flow`,
        state: `${n.name} (${n.kind || "no kind"})`,
      }[n.type];
      const label = svgEl("text", { x: n.w / 2, y: n.h / 2, "text-anchor": "middle", "dominant-baseline": "central" });
      label.textContent = n.label;
      g.append(svgTitle(title), svgEl("rect", { width: n.w, height: n.h, rx: 8, ry: 8 }), label);
    }
    nodeLayer.append(g);
  }
  body.append(nodeLayer);

  const labelLayer = svgEl("g", null, "edge-labels");
  for (const l of labels) {
    const w = textWidth(l.text, D.labelFont) + 4;
    const back = { x: l.x - w / 2, y: l.y - D.labelFont / 2 - 1, width: w, height: D.labelFont + 2, rx: 2 };
    labelLayer.append(svgEl("rect", back, "label-back"));
    const t = svgEl("text", { x: l.x, y: l.y, "text-anchor": "middle", "dominant-baseline": "central" },
      `edge-label${l.route.any ? " from-any" : ""}`);
    t.textContent = l.text;
    if (l.text !== l.route.label) t.append(svgTitle(l.route.label));
    labelLayer.append(t);
  }
  body.append(labelLayer);
  return { svg, states: states.length, transitions: transitions.length };
}

function drawDiagram(text, flow) {
  const view = $("diagram-view");
  const summary = $("diagram-summary");
  const parsed = text === null ? { states: new Map(), edges: [] } : parseMermaid(text);
  if (parsed.states.size === 0) {
    view.replaceChildren(el("p", text === null ? "No diagram." : "Nothing to draw.", "muted"));
    summary.textContent = "";
    return;
  }
  try {
    const drawn = renderDiagram(layoutDiagram(parsed), flow);
    view.replaceChildren(drawn.svg);
    summary.textContent = `${plural(drawn.states, "state")}, ${plural(drawn.transitions, "transition")}. ` +
      "Hover over a state or a transition for its details.";
  } catch (err) {
    console.error(err);
    view.replaceChildren(el("p", "Could not draw the diagram: its Mermaid source is below.", "error"));
    summary.textContent = "";
  }
}

async function loadDiagram() {
  if (!state.flow) return;
  const run = ++diagramRun;
  const flow = state.flow;
  const resp = await api("GET", flowPath("/diagram"));
  if (run !== diagramRun) return; // a later load has started: it draws
  $("diagram").textContent = resp.ok ? resp.text : (resp.data.error || "No diagram.");
  drawDiagram(resp.ok ? resp.text : null, flow);
}

$("copy-diagram").addEventListener("click", async () => {
  const text = $("diagram").textContent;
  let copied = false;
  try {
    await navigator.clipboard.writeText(text);
    copied = true;
  } catch (err) {
    $("diagram-source").open = true;
    const range = document.createRange();
    range.selectNodeContents($("diagram"));
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    copied = document.execCommand("copy");
  }
  $("copy-status").textContent = copied ? "Copied." : "Selected: press Ctrl+C to copy.";
});

// -- the simulator -----------------------------------------------------------------------------------------
function chatLine(kind, text, who) {
  const li = el("li", null, kind);
  li.append(el("span", who, "who"), el("span", text, "text"));
  return li;
}

$("sim-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = $("sim-text");
  const text = input.value.trim();
  if (!text) return;
  $("sim-error").replaceChildren();
  if (!(await flush())) {
    $("sim-error").textContent = "The text in the editor is not saved (see the problems): fix it first.";
    return;
  }
  const messages = [...state.sim, text];
  const resp = await api("POST", flowPath("/simulate"), { messages });
  if (!resp.ok) {
    const box = $("sim-error");
    box.append(el("p", resp.status === 422
      ? "The draft has errors, so it cannot be tried out:"
      : (resp.data.error || `The simulator failed (${resp.status}).`)));
    if (resp.data.errors) box.append(problemList(resp.data.errors, "error"));
    return;
  }
  state.sim = messages;
  input.value = "";
  const replies = resp.data.replies[resp.data.replies.length - 1] || [];
  const chat = $("chat");
  chat.append(chatLine("in", text, "You"));
  if (replies.length === 0) chat.append(chatLine("out none", "(no reply)", "Bot"));
  for (const reply of replies) chat.append(chatLine("out", reply, "Bot"));
  chat.scrollTop = chat.scrollHeight;
});

$("sim-restart").addEventListener("click", () => {
  state.sim = [];
  $("chat").replaceChildren();
  $("sim-error").replaceChildren();
  $("sim-text").focus();
});

function problemList(items, severity) {
  const ul = el("ul", null, "problems");
  for (const p of items) {
    const li = el("li");
    li.append(problemButton({ ...p, severity }));
    ul.append(li);
  }
  return ul;
}

// -- checks and publishing ------------------------------------------------------------------------------------
$("check").addEventListener("click", async () => {
  const out = $("check-result");
  out.className = "";
  out.textContent = "Checking…";
  if (!state.hasDraft || state.dirty || state.rejected) {
    state.dirty = true; // save the text first (there may be no draft yet)
    if (!(await flush())) { out.textContent = "Not saved, so not checked: see the problems."; out.className = "error"; return; }
  }
  const resp = await api("POST", flowPath("/validate"));
  if (!resp.ok) { out.textContent = resp.data.error || `Could not check (${resp.status}).`; out.className = "error"; return; }
  showProblems(resp.data);
  const e = resp.data.errors.length;
  const lint = `Checks: ${plural(e, "error")}, ${plural(resp.data.warnings.length, "warning")}.`;
  const list = $("test-results");
  list.replaceChildren();
  if (e) { out.textContent = `${lint} Fix the errors to publish.`; out.className = "error"; return; }
  out.textContent = `${lint} Running the flow tests…`;
  const tests = await api("POST", flowPath("/tests"));
  if (!tests.ok) { out.textContent = tests.data.error || `Could not run the flow tests (${tests.status}).`; out.className = "error"; return; }
  const failed = tests.data.results.filter((r) => !r.passed);
  out.textContent = `${lint} Flow tests: ${tests.data.results.length - failed.length} of ${tests.data.results.length} pass` +
    (tests.data.topic_model ? "." : " (by keywords: the topic model for new examples is trained when you publish).");
  out.className = failed.length ? "error" : "ok";
  for (const r of tests.data.results) {
    const li = el("li", null, r.passed ? "pass" : "fail");
    li.append(el("strong", r.passed ? "Pass" : "Fail"), document.createTextNode(` ${r.name}`));
    if (!r.passed) li.append(el("div", r.failure, "failure"));
    list.append(li);
  }
});

$("publish-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const box = $("publish-result");
  const message = $("publish-message").value.trim();
  box.className = "result";
  if (!message) { box.textContent = "Say what changed before publishing."; box.classList.add("error"); $("publish-message").focus(); return; }
  $("publish").disabled = true;
  box.textContent = "Saving the draft…";
  try {
    if (!(await flush())) {
      box.textContent = "Not published: the text in the editor could not be saved as the draft (see the problems).";
      box.classList.add("error");
      return;
    }
    box.textContent = "Publishing: running lint and the flow tests (and retraining the topic model when its examples changed)…";
    const resp = await api("POST", flowPath("/publish"), { message });
    box.replaceChildren();
    if (resp.ok) {
      box.append(el("p", `Published version ${resp.data.version}.`, "done"));
      box.classList.add("ok");
      $("publish-message").value = "";
      state.hasDraft = false;
      state.activeVersion = resp.data.version;
      $("source").textContent = `Showing active version ${resp.data.version}: your next change makes a new draft.`;
      setStatus(`The draft is now version ${resp.data.version}.`, "ok");
      await Promise.all([loadVersions(), loadFlows(true)]);
      return;
    }
    box.classList.add("error");
    if (resp.data.failures) {
      box.append(el("p", `Not published: the draft fails ${plural(resp.data.failures.length, "flow test")}.`));
      const ul = el("ul", null, "failures");
      for (const f of resp.data.failures) {
        const li = el("li");
        li.append(el("strong", f.name), document.createTextNode(`: ${f.failure}`));
        ul.append(li);
      }
      box.append(ul);
    } else if (resp.data.errors && resp.data.errors.length) {
      box.append(el("p", `Not published: the draft has ${plural(resp.data.errors.length, "error")}.`));
      box.append(problemList(resp.data.errors, "error"));
      showProblems(resp.data);
    } else if (resp.status === 404) {
      box.append(el("p", "Not published: there is no draft. Change the flow first."));
    } else {
      box.append(el("p", `Not published: ${resp.data.error || `error ${resp.status}`}.`));
    }
  } finally {
    $("publish").disabled = false;
  }
});

// -- versions, diff, rollback ---------------------------------------------------------------------------------
async function loadVersions() {
  const body = $("versions").tBodies[0];
  const resp = await api("GET", flowPath("/versions"));
  if (!resp.ok) {
    body.replaceChildren();
    $("versions-status").textContent = resp.data.error || "No published version.";
    return;
  }
  body.replaceChildren(...resp.data.items.map((v) => {
    const tr = el("tr");
    if (v.active) tr.className = "active";
    tr.dataset.version = String(v.version);
    for (const text of [String(v.version), when(v.published_at), v.author, v.message, v.active ? "Active" : ""]) {
      tr.append(el("td", text));
    }
    const td = el("td", null, "actions");
    if (!v.active) {
      const diff = el("button", "Diff against active");
      diff.type = "button";
      diff.setAttribute("aria-label", `Diff against active: version ${v.version}`);
      diff.addEventListener("click", () => showDiff(v.version));
      const back = el("button", "Roll back to this");
      back.type = "button";
      back.setAttribute("aria-label", `Roll back to this: version ${v.version}`);
      back.addEventListener("click", () => rollback(v.version));
      td.append(diff, back);
    }
    tr.append(td);
    return tr;
  }));
}

async function rollback(version) {
  if (!confirm(`Make version ${version} of ${state.flow} the active version? New conversations will get it within seconds.`)) return;
  const resp = await api("POST", flowPath("/rollback"), { version });
  const status = $("versions-status");
  if (!resp.ok) { status.textContent = `Not rolled back: ${resp.data.error || `error ${resp.status}`}.`; return; }
  status.textContent = `Rolled back: version ${version} is active.`;
  state.activeVersion = version;
  $("diff").hidden = true;
  $("publish-result").replaceChildren();
  await Promise.all([loadVersions(), loadFlows(true)]);
  if (!state.hasDraft && !state.dirty) {
    const active = await api("GET", flowPath());
    if (active.ok) {
      setText(active.data.yaml);
      $("source").textContent = `Showing active version ${version}: there is no draft; your first change makes one.`;
      setStatus("");
      showProblems({ errors: [], warnings: [] }, "Not checked yet: edit the flow or run the checks.");
      loadDiagram();
    }
  } else {
    status.textContent += " Your draft is unchanged.";
  }
}

async function showDiff(version) {
  const [old, active] = await Promise.all([api("GET", flowPath(`/versions/${version}`)), api("GET", flowPath())]);
  const box = $("diff");
  box.hidden = false;
  if (!old.ok || !active.ok) {
    box.replaceChildren(el("p", (old.ok ? active : old).data.error || "Could not load the versions.", "error"));
    return;
  }
  const a = old.data.yaml.split("\n");
  const b = active.data.yaml.split("\n");
  const ops = diffLines(a, b);
  const removed = ops.filter((o) => o.type === "-").length;
  const added = ops.filter((o) => o.type === "+").length;
  const head = el("h3", `Version ${version} (−) against active version ${active.data.active_version} (+)`);
  const summary = el("p", removed + added === 0 ? "No differences." :
    `${plural(removed, "line")} only in version ${version}, ${plural(added, "line")} only in the active version.`);
  const close = el("button", "Close diff");
  close.type = "button";
  close.addEventListener("click", () => { box.hidden = true; });
  box.replaceChildren(head, summary, ...hunks(ops).map(renderHunk), close);
  box.focus();
}

// Myers' O(ND) line diff, on what is left once the common start and end are set aside.
// Returns [{type: " " | "-" | "+", text, a, b}], a and b the 1-based line numbers (0 when not on that side).
function diffLines(a, b) {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) { endA--; endB--; }
  const middle = myers(a.slice(start, endA), b.slice(start, endB));
  const ops = [];
  let i = 0;
  let j = 0;
  const push = (type, text) => {
    if (type !== "+") i += 1;
    if (type !== "-") j += 1;
    ops.push({ type, text, a: type === "+" ? 0 : i, b: type === "-" ? 0 : j });
  };
  for (let k = 0; k < start; k++) push(" ", a[k]);
  for (const [type, text] of middle) push(type, text);
  for (let k = endA; k < a.length; k++) push(" ", a[k]);
  return ops;
}

function myers(a, b) {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...a.map((t) => ["-", t]), ...b.map((t) => ["+", t])];
  const max = n + m;
  const limit = Math.min(max, 3000); // beyond this many edits, show all of it as replaced
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace = [];
  let found = false;
  for (let d = 0; d <= limit && !found; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2)); // v[k] for k in -d-1 .. d+1
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1] < v[off + k + 1]) ? v[off + k + 1] : v[off + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) { x++; y++; }
      v[off + k] = x;
      if (x >= n && y >= m) { found = true; break; }
    }
  }
  if (!found) return [...a.map((t) => ["-", t]), ...b.map((t) => ["+", t])];
  const ops = [];
  let x = n;
  let y = m;
  for (let d = trace.length - 1; d >= 0; d--) {
    const w = trace[d];
    const at = (k) => w[k + d + 1];
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) { ops.push([" ", a[x - 1]]); x--; y--; }
    if (d > 0) {
      if (x === prevX) ops.push(["+", b[y - 1]]); else ops.push(["-", a[x - 1]]);
    }
    x = prevX;
    y = prevY;
  }
  return ops.reverse();
}

// The changes with CONTEXT lines around them; changes closer than that share a hunk.
function hunks(ops) {
  const changed = ops.map((o, i) => (o.type === " " ? -1 : i)).filter((i) => i >= 0);
  const out = [];
  for (const i of changed) {
    const from = Math.max(0, i - CONTEXT);
    const to = Math.min(ops.length, i + CONTEXT + 1);
    const last = out[out.length - 1];
    if (last && from <= last.to) last.to = to; else out.push({ from, to });
  }
  return out.map(({ from, to }) => ops.slice(from, to));
}

function renderHunk(lines) {
  const firstA = lines.find((o) => o.a)?.a || 0;
  const firstB = lines.find((o) => o.b)?.b || 0;
  const countA = lines.filter((o) => o.type !== "+").length;
  const countB = lines.filter((o) => o.type !== "-").length;
  const hunk = el("div", null, "hunk");
  hunk.append(el("div", `@@ −${firstA},${countA} +${firstB},${countB} @@`, "hunk-head"));
  for (const o of lines) {
    const row = el("div", null, { " ": "dl same", "-": "dl del", "+": "dl add" }[o.type]);
    row.append(el("span", o.a ? String(o.a) : "", "no"), el("span", o.b ? String(o.b) : "", "no"));
    const tag = { " ": "span", "-": "del", "+": "ins" }[o.type];
    row.append(el(tag, `${o.type} ${o.text}`, "text"));
    hunk.append(row);
  }
  return hunk;
}

// -- start -----------------------------------------------------------------------------------------------
(async () => {
  const me = await api("GET", "/api/session");
  if (me.ok) await signedIn(me.data); else showSignIn();
})();
