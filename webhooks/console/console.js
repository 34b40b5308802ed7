// The operator console: sign in, the live queue, one open conversation. Plain DOM, no build step.
// Everything from the server is put on the page with textContent, never as HTML.
"use strict";

const state = { me: null, csrf: "", queue: [], open: null, view: null, feed: null, canned: [] };
const $ = (id) => document.getElementById(id);

// -- SMS parts (as flows/sms.py counts them) -------------------------------------------------------
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

function showParts() {
  const text = $("reply").value;
  const p = smsParts(text);
  let line = `${p.parts} SMS part${p.parts === 1 ? "" : "s"} · ${p.encoding} · ${p.units} units`;
  if (p.forcing.length) line += ` · UCS-2 because of: ${p.forcing.join(" ")}`;
  $("parts").textContent = line;
}

// -- talking to the API ------------------------------------------------------------------------------
async function api(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (method !== "GET") headers["X-CSRF-Token"] = state.csrf;
  const resp = await fetch(path, {
    method, headers, credentials: "same-origin",
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = {};
  try { data = await resp.json(); } catch (e) { data = {}; }
  if (resp.status === 401 && path !== "/api/session") showSignIn();
  return { status: resp.status, ok: resp.ok, data };
}

function minutesSince(iso) {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60000));
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

function clock(iso) {
  return iso ? new Date(iso).toLocaleTimeString("en-GB", { hour: "2-digit", minute: "2-digit" }) : "";
}

// -- sign in and out -----------------------------------------------------------------------------------
function showSignIn() {
  if (state.feed) { state.feed.close(); state.feed = null; }
  state.me = null;
  $("console-view").hidden = true;
  $("signin-view").hidden = false;
  $("sign-out").hidden = true;
  $("who").textContent = "";
  $("signin-name").focus();
}

async function signedIn(me) {
  state.me = me.name;
  state.csrf = me.csrf || "";
  $("who").textContent = `Signed in as ${me.name} (${me.role})`;
  $("sign-out").hidden = false;
  $("signin-view").hidden = true;
  $("console-view").hidden = false;
  $("users-pane").hidden = me.role !== "admin";
  if (me.role === "admin") loadUsers();
  const canned = await api("GET", "/api/canned");
  state.canned = canned.ok ? canned.data.items : [];
  const select = $("canned");
  select.replaceChildren(new Option("Choose…", ""));
  for (const text of state.canned) select.append(new Option(text, text));
  connect();
  checkOutbox();
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
  await api("DELETE", "/api/session");
  showSignIn();
});

// -- the live feed ---------------------------------------------------------------------------------------
function connect() {
  if (state.feed) state.feed.close();
  const url = state.open ? `/api/events?conversation=${encodeURIComponent(state.open)}` : "/api/events";
  const feed = new EventSource(url);
  state.feed = feed;
  feed.addEventListener("queue", (e) => { $("stale").hidden = true; renderQueue(JSON.parse(e.data).items); });
  feed.addEventListener("conversation", (e) => renderConversation(JSON.parse(e.data)));
  feed.addEventListener("error", () => { $("stale").hidden = false; });
}

setInterval(() => { if (state.me) api("POST", "/api/heartbeat", {}); }, 30000);

// Messages Twilio could not take: say so, so staff can reach the person another way.
async function checkOutbox() {
  if (!state.me) return;
  const resp = await api("GET", "/api/outbox");
  const box = $("outbox");
  if (!resp.ok) return;
  box.hidden = resp.data.dead_count === 0;
  box.textContent = resp.data.dead_count === 0 ? "" :
    `${resp.data.dead_count} message${resp.data.dead_count === 1 ? "" : "s"} could not be sent (dead letters). ` +
    resp.data.dead.slice(-5).map((d) => `${d.contact}: ${d.detail || "Twilio unavailable"}`).join(" · ");
}
setInterval(checkOutbox, 15000);

// -- the queue ---------------------------------------------------------------------------------------------
function renderQueue(items) {
  state.queue = items;
  const body = $("queue").tBodies[0];
  const rows = items.flatMap((item) => {
    const tr = document.createElement("tr");
    tr.className = "item";
    if (item.priority === 1) tr.classList.add("emergency");
    if (item.id === state.open) tr.classList.add("open");
    const cells = [
      item.priority === 1 ? "1 · EMERGENCY" : String(item.priority),
      item.channel === "whatsapp" ? "WhatsApp" : "SMS",
      minutesSince(item.waiting_since),
      item.holder || "—",
    ];
    for (const text of cells) { const td = document.createElement("td"); td.textContent = text; tr.append(td); }
    const td = document.createElement("td");
    const button = document.createElement("button");
    button.type = "button";
    button.textContent = "Open";
    button.setAttribute("aria-label", `Open ${item.channel} conversation, priority ${item.priority}: ${item.summary}`);
    button.addEventListener("click", () => openConversation(item.id));
    td.append(button);
    tr.append(td);
    const summary = document.createElement("tr");
    summary.className = tr.className.replace("item", "summary");
    const cell = document.createElement("td");
    cell.colSpan = 5;
    cell.textContent = item.summary || item.reason;
    summary.append(cell);
    return [tr, summary];
  });
  body.replaceChildren(...rows);
  $("queue-count").textContent = `(${items.length})`;
  $("queue-empty").hidden = items.length > 0;
  const urgent = items.filter((i) => i.priority === 1 && !i.holder);
  const banner = $("emergency-banner");
  banner.hidden = urgent.length === 0;
  banner.textContent = urgent.length === 0 ? "" :
    `Emergency flagged: ${urgent.length} conversation${urgent.length === 1 ? "" : "s"} nobody holds. ` +
    urgent.map((i) => i.summary).join(" · ");
}

// -- one conversation ------------------------------------------------------------------------------------
async function openConversation(id) {
  state.open = id;
  $("action-error").textContent = "";
  const resp = await api("GET", `/api/conversations/${encodeURIComponent(id)}`);
  if (!resp.ok) { $("action-error").textContent = resp.data.error || "Could not open it."; return; }
  renderConversation(resp.data);
  renderQueue(state.queue);
  connect();
  $("conversation").focus();
}

function renderConversation(view) {
  if (view.id !== state.open) return;
  if (view.gone) {
    $("action-error").textContent = "This conversation has ended or expired.";
    $("conversation-body").hidden = true;
    $("no-conversation").hidden = false;
    return;
  }
  state.view = view;
  $("no-conversation").hidden = true;
  $("conversation-body").hidden = false;
  const facts = [
    ["Contact", view.contact], ["Channel", view.channel === "whatsapp" ? "WhatsApp" : "SMS"],
    ["Status", view.status], ["Held by", view.holder || "nobody"],
    ["Priority", view.priority === null ? "—" : String(view.priority)], ["Reason", view.reason || "—"],
    ["Triage", view.summary || "—"], ["Opted out", view.opted_out ? "yes: nothing can be sent" : "no"],
  ];
  if (view.unreachable) facts.push(["Unreachable", `texts cannot reach this number (Twilio ${view.unreachable})`]);
  $("facts").replaceChildren(...facts.flatMap(([k, v]) => {
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v;
    return [dt, dd];
  }));
  const mine = view.holder === state.me;
  $("claim").disabled = Boolean(view.holder);
  $("claim").textContent = mine ? "You hold this" : (view.holder ? `Held by ${view.holder}` : "Claim");
  const blocked = view.opted_out || Boolean(view.unreachable);
  for (const id of ["send", "close"]) $(id).disabled = !mine || (id === "send" && blocked);
  $("return").disabled = !mine;
  const win = $("window");
  const template = $("send-template");
  template.hidden = true;
  if (view.channel === "whatsapp" && view.last_message_at) {
    const closes = Date.parse(view.last_message_at) + 24 * 3600 * 1000;
    const open = Date.now() < closes;
    win.hidden = false;
    win.textContent = open
      ? `WhatsApp window open until ${new Date(closes).toLocaleString("en-GB")}.`
      : "WhatsApp window closed: only the approved template can be sent now.";
    template.hidden = open || !view.whatsapp_template || !mine;
    template.dataset.sid = view.whatsapp_template || "";
  } else {
    win.hidden = true;
  }
  const list = $("transcript");
  const atBottom = list.scrollTop + list.clientHeight >= list.scrollHeight - 8;
  list.replaceChildren(...view.transcript.map((entry) => {
    const li = document.createElement("li");
    li.className = entry.direction;
    const meta = document.createElement("div");
    meta.className = "meta";
    meta.textContent = `${clock(entry.at)} · ${entry.author}${entry.direction === "note" ? " (note)" : ""}`;
    if (entry.delivery) {
      const badge = document.createElement("span");
      badge.className = `delivery ${entry.delivery}`;
      badge.textContent = entry.delivery;
      meta.append(badge);
    }
    const text = document.createElement("div");
    text.textContent = entry.kind === "dropped" ? `(${entry.dropped} messages not kept)` : entry.text;
    li.append(meta, text);
    return li;
  }));
  if (atBottom) list.scrollTop = list.scrollHeight;
}

async function act(path, body, done) {
  $("action-error").textContent = "";
  const resp = await api("POST", `/api/conversations/${encodeURIComponent(state.open)}/${path}`, body);
  if (!resp.ok) {
    let text = resp.data.error || `Failed (${resp.status}).`;
    if (resp.data.template) text += ` Template: ${resp.data.template}.`;
    $("action-error").textContent = text;
    return false;
  }
  if (done) done(resp.data);
  const fresh = await api("GET", `/api/conversations/${encodeURIComponent(state.open)}`);
  if (fresh.ok) renderConversation(fresh.data);
  return true;
}

$("claim").addEventListener("click", () => act("claim", {}));
$("send-template").addEventListener("click", () => act("messages", { template: $("send-template").dataset.sid }));
$("return").addEventListener("click", () => act("transfer", { to: null }));
$("transfer-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const to = $("transfer-to").value.trim();
  if (to) act("transfer", { to }, () => { $("transfer-to").value = ""; });
});
$("reply-form").addEventListener("submit", (e) => { e.preventDefault(); sendReply(); });
$("reply").addEventListener("input", showParts);
$("reply").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); sendReply(); }
});
$("canned").addEventListener("change", () => {
  if ($("canned").value) { $("reply").value = $("canned").value; showParts(); $("reply").focus(); }
});
$("note-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const text = $("note").value.trim();
  if (text) act("notes", { text }, () => { $("note").value = ""; });
});
$("close-form").addEventListener("submit", (e) => {
  e.preventDefault();
  act("close", { outcome: $("outcome").value });
});

let sending = false;
async function sendReply() {
  const text = $("reply").value.trim();
  if (!text || sending || $("send").disabled) return;
  sending = true;
  const key = (crypto.randomUUID && crypto.randomUUID()) || String(Date.now());
  $("action-error").textContent = "";
  const resp = await fetch(`/api/conversations/${encodeURIComponent(state.open)}/messages`, {
    method: "POST", credentials: "same-origin",
    headers: { "Content-Type": "application/json", "X-CSRF-Token": state.csrf, "Idempotency-Key": key },
    body: JSON.stringify({ text }),
  });
  sending = false;
  if (resp.status === 202) {
    $("reply").value = "";
    showParts();
    const fresh = await api("GET", `/api/conversations/${encodeURIComponent(state.open)}`);
    if (fresh.ok) renderConversation(fresh.data);
  } else {
    let data = {};
    try { data = await resp.json(); } catch (err) { data = {}; }
    $("action-error").textContent = (data.error || `Not sent (${resp.status}).`) +
      (data.template ? ` Template: ${data.template}.` : "");
  }
}

// -- users (admins) ------------------------------------------------------------------------------------------
async function loadUsers() {
  const resp = await api("GET", "/api/users");
  if (!resp.ok) return;
  $("users").tBodies[0].replaceChildren(...resp.data.items.map((user) => {
    const tr = document.createElement("tr");
    for (const text of [user.name, user.role, user.disabled ? "disabled" : "active"]) {
      const td = document.createElement("td"); td.textContent = text; tr.append(td);
    }
    return tr;
  }));
}

$("add-user").addEventListener("submit", async (e) => {
  e.preventDefault();
  const resp = await api("POST", "/api/users", { name: $("new-user").value.trim(), role: $("new-role").value });
  $("new-password").textContent = resp.ok
    ? `Added ${resp.data.name}. Their password, shown only now: ${resp.data.password}`
    : (resp.data.error || "Could not add the user.");
  if (resp.ok) { $("new-user").value = ""; loadUsers(); }
});

// -- start -------------------------------------------------------------------------------------------------
(async () => {
  showParts();
  const me = await api("GET", "/api/session");
  if (me.ok) await signedIn(me.data); else showSignIn();
})();
