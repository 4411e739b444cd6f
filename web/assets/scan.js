// The /scan page: any phone's camera as the station's scanner.  Frames
// from getUserMedia are drawn into a canvas and handed to the decoder in
// a Web Worker (scan-worker.js: the project's own decoder compiled to
// WebAssembly); each code read is posted to /api/scan (a booth's page:
// /api/booth/scan, its body's data-post), where the station
// decides it exactly as a code from its own scanner (its debounce makes a
// badge held in view one decision), and the answer fills the screen.
// Strings from the station are shown with textContent only.
//
// A code read while the station cannot be reached (no answer, the phone
// off its network, the station stopped or restarted) is kept in the
// browser's IndexedDB with its own id and the time it was read, and sent
// when the station answers again, in the order read; the station answers
// a read it has seen (by its id) with the verdict it gave, so a read sent
// again after a lost answer is never decided twice.
//
// A booth's page (booth.js) decides a kept read on the phone meanwhile
// (window.checkinDecideHere: the badge's signature and the revoked
// badges, from the station's keys); the decision is kept with the read,
// and when the station's own decision differs, its correction is listed.
"use strict";

const $ = (id) => document.getElementById(id);
const MAX_SIDE = 1280;      // frames larger than this are scaled down
const SHOW_MS = 4000;       // how long a verdict fills the screen
// While codes are kept, a code read again within the station's cooldown
// of its last read is the same presentation, as the station's debounce
// would take it.  The station says its cooldown in this header of its
// pages and its answers; the page keeps the last it was told (for the
// station's address), and assumes the default --cooldown until told.
const COOLDOWN_HEADER = "Checkin-Cooldown-Ms";
const COOLDOWN_KEY = "checkin-cooldown-ms";
let cooldownMs = 3000;
// How long a code's answer is waited for: beyond the station's own 15 s
// wait for a busy disk, so that a slow answer is not taken for none.
const SEND_MS = 20000;
const RETRY_MS = 2000;      // kept codes are tried again this often
// A booth's phone decides a code itself once the station has not answered
// it in DECIDE_MS, and keeps it for the station as it keeps one the
// station could not be sent: a station that takes the request and says
// nothing (asleep, stopped, or a Wi-Fi that drops its answers) would
// otherwise leave the sponsor SEND_MS looking at the screen.  A station
// answers in milliseconds (bench/phone_bench: 30 ms p50, 462 ms at most,
// entering view to verdict, load average 8.7 to 13.5), so 2 s is a station not
// answering, not a slow one.  The request goes on; the read is sent
// again by its id, and the station decides it once.
const DECIDE_MS = 2000;
const LATER_SHOWN = 20;     // lines listed: kept codes sent, late answers
// A frame is decoded only when something may have come into view: the
// camera's picture, as a THUMB_W x THUMB_H gray thumbnail, differs from
// that of the last frame decoded in at least WAKE_PIXELS pixels by more
// than WAKE_LEVEL (of 255) each, or the last frame decoded held a code (a
// badge held in view keeps the station's debounce seeing it), or
// REFRESH_MS went by since the last decode (a badge that came into view
// unreadable and stays still is tried again).  A badge coming into view
// wakes decoding at its first frame: its time to verdict is that of
// decoding every frame, and an empty desk costs the phone 1 decode in
// REFRESH_MS instead of every frame: the browser's CPU with nothing in
// view 314 against 424 ms a second (bench/phone_bench, docs/phones.md
// "Figures").  A badge at arm's length covers some hundred pixels of the
// 768; the camera's noise, averaged over 20x20 pixels each, moves none by
// WAKE_LEVEL.
const THUMB_W = 32;
const THUMB_H = 24;
const WAKE_LEVEL = 24;
const WAKE_PIXELS = 8;
const REFRESH_MS = 500;
// frames: looked at; decoded: handed to the decoder (decodeMs theirs);
// luma: a thumbnail was read from the camera's luma plane (lumaThumb);
// gate: false decodes every frame, no thumbnail (the bench's "before").
const stats = { frames: 0, decoded: 0, luma: false, decodeMs: 0, codes: 0, posted: 0,
                decisions: 0, repeats: 0, errors: 0, lastError: "", kept: 0,
                unsent: 0, tries: 0, sentLater: 0, later: [], gate: true,
                cooldownMs: cooldownMs, decidedHere: 0, here: [], hereText: [],
                corrections: 0, hereMs: [], pagesKept: false, pagesError: "",
                keptSaid: -1, elsewhere: [], lastReadMs: 0, late: 0 };
window.checkinScan = stats; // read by the tests and the bench

let worker = null;
let busy = false;           // a frame is with the worker, or its thumbnail read
let track = null;
const sending = new Map();  // code -> its read with the station (send())
const waiting = new Map();  // code -> its newest read since, sent next
let slowSaid = 0;           // requests said to be waited for
let hideTimer = 0;
let away = false;           // the station did not answer the last code sent
// Reads are numbered in the order the page read them.  Answers can come
// back in any order (a request at a time for each code, several codes at
// once), and the screen shows the answer of the newest read answered:
// shownN is that read's number, and an answer to an older one is listed
// (answeredLate), never put over the newer person's verdict.
let readN = 0;
let shownN = 0;
let decoderReady = false;
let cameraOn = false;

// The header's state line: its English and arguments kept, so that it
// is said again once the station's words are here (checkinLoadWords).
// `said` is a function that gives the line in the page's language.
let stateSaid = () => t("Starting the camera...");
function state(said) {
  stateSaid = said;
  $("state").textContent = said();
}

// ---- the verdict ----

function word(d) {
  if (d.decision === "admit") return d.direction === "out" ? t("LEFT") : t("ADMIT");
  if (d.decision === "deny") return t("DENY");
  return t("WARNING");
}

// The verdict's word, and that it was not recorded when it was not.
function wordSaid(d) {
  return d.recorded ? word(d) : tf("%s - NOT RECORDED", word(d));
}

// What the volunteer hands over or does, by station and verdict.
function handOver(d) {
  if (d.decision === "deny") return "";
  if (hasTrait(d, "prints")) {
    const n = (d.tutorials ? d.tutorials.length : 0) + (d.tutorials_more || 0);
    // Without the count's plural forms: the catalogue's plurals are the
    // terminal's (ngettext); the page says one ticket or several.
    if (d.print === "failed") return tf("The labels did not print: %s", d.print_error_text || d.print_error);
    if (!d.print) return "";
    // An auction door (the "paddles" trait) prints the bidder's paddle.
    if (hasTrait(d, "paddles")) return d.paddle ? tf("Hand over paddle %s", d.paddle) : "";
    if (!n) return t("Hand over the badge");
    return tn("Hand over the badge and %s tutorial ticket",
              "Hand over the badge and %s tutorial tickets", n, n);
  }
  if (hasTrait(d, "leads")) return t("Lead saved.");
  return "";
}

// The person's own sentence (issue 53, item 3), in their order's language
// where the station knows it and it is not the station's: the station
// says it ("attendee_text", read from that language's catalogue, as the
// kiosk's), the page marks its language.
function guest(d) {
  const g = $("guest");
  if (!g) return; // a booth's page: a sponsor's own
  const lang = d.attendee_text && d.lang !== (checkinLang || "en") ? d.lang : "";
  g.hidden = !lang;
  g.textContent = lang ? d.attendee_text : "";
  if (lang) g.lang = lang.replace("_", "-");
  else g.removeAttribute("lang");
}

function show(d) {
  closeAsk();
  closeClaim();
  const cls = d.decision === "admit" && d.direction === "out" ? "left" : d.decision;
  document.body.className = "verdict-" + cls + " showing";
  $("word").textContent = d.word || wordSaid(d);
  $("name").textContent = d.name;
  // What pretix says at the door (issue 49): the attention cue boxed
  // above the sentence, with its own sound, and the seats.
  delete document.body.dataset.sound;
  $("attention").hidden = !d.attention;
  $("attention").textContent = d.attention ? tf("ATTENTION: %s", d.attention_text) : "";
  $("seat").hidden = !d.seat;
  $("seat").textContent = d.seat ? tf("Seat: %s", d.seat) : "";
  checkinText($("text"), d.recorded ? d.text : d.text + " " + (d.record_error_text || d.record_error), [d.name]);
  guest(d);
  $("hand").textContent = handOver(d);
  checkinSound.play(d.attention ? "attention" : d.decision);
  clearTimeout(hideTimer);
  hideTimer = setTimeout(ready, SHOW_MS);
}

// ---- pretix's questions asked at the door (issue 49) ----

// The code whose verdict asks the questions on the screen ("" none): the
// answers go to the station with it, and the person is let in once they
// do (or asked again what is still unanswered).
let asking = null;

function closeAsk() {
  asking = null;
  // A booth's page (booth.html) runs this script too and asks nothing.
  if (!$("ask")) return;
  $("ask").hidden = true;
  $("ask-fields").replaceChildren();
  document.body.classList.remove("asking");
}

// The questions of verdict `d` about code `text`, each a row: a yes/no
// two buttons to tap, a choice its known answers to pick or another
// typed, text typed.  The verdict stays on the screen until they are
// answered or the volunteer cancels.
function askQuestions(d, text) {
  const fields = $("ask-fields");
  fields.replaceChildren();
  // The event's acknowledgements alone (issue 55): the person taps, and
  // nothing is left for the volunteer's button.
  const acksOnly = d.questions.every((q) => q.type === "A");
  $("ask-lead").hidden = acksOnly;
  $("ask-yes").hidden = acksOnly;
  d.questions.forEach((q, i) => {
    if (q.type === "A") {
      fields.append(ackRow(d, q, fields.querySelector(".ack") === null));
      return;
    }
    const row = document.createElement("div");
    row.className = "ask";
    row.dataset.id = q.id;
    const label = document.createElement("label");
    label.textContent = q.required || q.type === "B" ? q.question
                                                     : tf("%s (may be empty)", q.question);
    row.append(label);
    askAnswerField(row, label, q, i, t("Yes"), t("No"));
    fields.append(row);
  });
  asking = { text: text, id: d.attendee_id };
  $("ask").hidden = false;
  document.body.classList.add("asking");
  clearTimeout(hideTimer);
}

// An element `tag` of text `text` in language `lang` ("" the page's).
function said(tag, text, lang) {
  const el = document.createElement(tag);
  el.textContent = text;
  if (lang) el.lang = lang.replace("_", "-");
  return el;
}

// One of the event's acknowledgements (issue 55), for the person in front
// of the phone as the kiosk asks it: its title and text in their order's
// language when the event words it so (d.acks), the sentence above it
// (`first`) and the two buttons in their language (d.ack_said).  One tap
// answers: a decline is sent at once (the station checks no one in and
// tells the volunteer why), the last yes sends them all.
function ackRow(d, q, first) {
  const a = (d.acks || []).find((x) => x.id === q.id) || { title: q.question, text: "", lang: "" };
  const w = d.ack_said || { lang: "", lead: "", yes: t("I have read it"), no: t("I decline") };
  const row = document.createElement("div");
  // untranslated: class names.
  row.className = "ask ack";
  row.dataset.id = q.id;
  // Said once, unless the person's own line says it already (guest()).
  if (first && w.lead && $("guest").hidden) row.append(said("p", w.lead, w.lang));
  row.append(said("h2", a.title, a.lang));
  if (a.text) row.append(said("p", a.text, a.lang));
  for (const [word, value] of [[w.yes, "yes"], [w.no, "no"]]) {
    const b = said("button", word, w.lang);
    b.type = "button";
    b.className = "ask-ack";
    b.dataset.value = value;
    b.addEventListener("click", () => {
      row.dataset.answer = value;
      row.querySelectorAll(".ask-ack").forEach((o) => o.classList.toggle("chosen", o === b));
      const rows = [...$("ask-fields").querySelectorAll(".ask")];
      if (value === "no" || rows.every((r) => r.classList.contains("ack") &&
                                              r.dataset.answer !== undefined))
        sendAnswers();
    });
    row.append(b);
  }
  return row;
}

// The answers, with the code asked about, to the station: its verdict
// (let in, or asked again) or its sentence fills the screen.
function sendAnswers() {
  if (!asking) return;
  const answers = {};
  for (const row of $("ask-fields").querySelectorAll(".ask"))
    if (row.dataset.answer !== undefined) answers[row.dataset.id] = row.dataset.answer;
  const was = asking;
  closeAsk();
  fetch(POST, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ text: was.text, id: was.id, answers: answers }),
  }).then((resp) => resp.ok ? resp.json()
                            : resp.text().then((m) => ({ message: m.trim() })))
    .then((a) => {
      shownN = readN;
      if (a.decision) answeredDecision(a.decision, was.text);
      else if (a.message) say(a.message);
    })
    .catch(() => say(t("The station did not answer; scan the code again.")));
}

// A verdict on the screen, and its questions when it asks some; at an
// open spaces' board, a host's badge opens the claim's form.
function answeredDecision(d, text) {
  show(d);
  if ($("ask") && d.reason === "question" && d.recorded &&
      (d.questions || []).length)
    askQuestions(d, text);
  if ($("claim") && d.reason === "host" && d.recorded) offerClaim();
}

// ---- a host's claim from the phone at an open spaces' board (issue 56) ----

function claimAsk(input) {
  return fetch("/api/input", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(input),
  }).then((r) => r.ok ? r.json() : r.text().then((m) => ({ message: m.trim() })));
}

function closeClaim() {
  if (!$("claim")) return; // a booth's page claims nothing
  $("claim").hidden = true;
  document.body.classList.remove("asking");
}

// The board's free slots from its day on, to pick one; the verdict stays
// on the screen until the host claims or cancels.
function offerClaim() {
  clearTimeout(hideTimer);
  claimAsk({ kind: "board" }).then((b) => {
    if (!b.rooms) return;
    const free = [];
    for (const day of b.days.filter((x) => x >= b.day))
      for (const s of b.slots)
        for (const r of b.rooms)
          if (!b.sessions.some((x) => x.room === r.room && x.slot === day + " " + s))
            free.push(new Option(tf("%s at %s", r.room, day + " " + s),
                                 r.room + "|" + day + " " + s));
    $("claim-slot").replaceChildren(...free);
    $("claim-title").value = "";
    $("claim").hidden = false;
    document.body.classList.add("asking");
  }).catch(() => say(t("The station did not answer; is it still running?")));
}

function sendClaim() {
  const [room, slot] = ($("claim-slot").value || "|").split("|");
  const title = $("claim-title").value.trim();
  closeClaim();
  claimAsk({ kind: "claim", room, slot, title })
    .then((a) => say(a.text || a.message || ""))
    .catch(() => say(t("The station did not answer; is it still running?")));
}

function calm() {
  delete document.body.dataset.sound;
  $("attention").hidden = true;
  $("attention").textContent = "";
  $("seat").hidden = true;
  $("seat").textContent = "";
}

function say(text) {
  closeAsk();
  closeClaim();
  // untranslated: class names.
  document.body.className = "verdict-warn showing";
  calm();
  $("word").textContent = "";
  $("name").textContent = "";
  guest({});
  $("text").textContent = text;
  $("hand").textContent = "";
  clearTimeout(hideTimer);
  hideTimer = setTimeout(ready, SHOW_MS);
}

function ready() {
  document.body.className = "verdict-none";
  calm();
  $("word").textContent = t("Ready");
  $("name").textContent = "";
  guest({});
  $("text").textContent = t("Hold a badge or ticket in the frame.");
  $("hand").textContent = "";
}

// ---- the station ----

const POST = document.body.dataset.post || "/api/scan";

// One read of a code: its own id (the station answers the same id with
// the same verdict), the phone's clock when read, and the page it is for.
function newRead(text) {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  stats.lastReadMs = Date.now();
  return { id: Array.from(b, (x) => x.toString(16).padStart(2, "0")).join(""),
           text: text, at_ms: stats.lastReadMs, post: POST, n: ++readN };
}

// The station's cooldown from an answer's header, kept for the next visit.
function learnCooldown(resp) {
  const ms = Number(resp.headers.get(COOLDOWN_HEADER));
  if (!(ms > 0) || ms === cooldownMs) return;
  cooldownMs = ms;
  stats.cooldownMs = ms;
  try { localStorage.setItem(COOLDOWN_KEY, String(ms)); } catch (e) { /* kept for this visit */ }
}

function recallCooldown() {
  let ms = 0;
  try { ms = Number(localStorage.getItem(COOLDOWN_KEY)); } catch (e) { ms = 0; }
  if (ms > 0) stats.cooldownMs = cooldownMs = ms;
  // The page's own address answers with the header (a HEAD: no body).
  fetch(location.pathname, { method: "HEAD", credentials: "same-origin" })
    .then(learnCooldown).catch(() => {});
}

// Send one read; resolves to { answer } (what the station made of it, or
// its sentence for a request it will never take) or { kept: why } when
// nothing was decided: no answer, no answer in time, the station busy, or
// a token of an earlier start of the station (403; the volunteer opens the
// new link, and the codes go then).
function post(r) {
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), SEND_MS);
  // A phone whose clock is far off (years 2000-2100, as the station
  // takes it) sends no time rather than have its codes refused.
  const at = r.at_ms > 946684800000 && r.at_ms < 4102444800000 ? r.at_ms
                                                                : undefined;
  return fetch(r.post, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    // The phone's clock as it sends, beside the read's: the station takes
    // the difference, so the phone's clock need not be right.
    body: JSON.stringify({ text: r.text, read_id: r.id, read_at_ms: at,
                           sent_at_ms: at === undefined ? undefined : Date.now() }),
    signal: stop.signal,
  }).then((resp) => {
    if (resp.ok) learnCooldown(resp);
    if (resp.ok) return resp.json().then((a) => ({ answer: a }));
    return resp.text().then((t) => (resp.status === 400 || resp.status === 413
      ? { answer: { message: t.trim() } } : { kept: t.trim() }));
  }).catch(() => ({ kept: "" }))
    .finally(() => clearTimeout(timer));
}

// What the station answered to read `r`, sent as it was read: on the
// screen, unless a newer read's answer is on it already.
function answered(r, a) {
  if ((a.decision || a.message) && r.n < shownN) {
    answeredLate(r, a);
  } else if (a.decision) {
    stats.decisions++;
    shownN = r.n;
    answeredDecision(a.decision, r.text);
    // A booth's page (booth.js) lists the lead just recorded.
    document.dispatchEvent(new CustomEvent("checkin-decision",
                                           { detail: a.decision }));
  } else if (a.repeat) {
    stats.repeats++;
  } else if (a.message) {
    stats.errors++;
    stats.lastError = a.message;
    shownN = r.n;
    say(a.message);
  }
}

// The answer to read `r` came after that of a newer read, whose verdict
// is on the screen (or was, and went): listed in its place by the time
// read, with its sound.  The sound is each decision's, late or not: the
// volunteer hears one per person decided, and a DENY or WARNING that
// comes after the next person was read is the one to act on (the person
// may be walking in), which the list line, not the screen, names.
function answeredLate(r, a) {
  stats.late++;
  let text;
  let cls = "verdict-warn";
  if (a.decision) {
    const d = a.decision;
    stats.decisions++;
    cls = "verdict-" + (d.decision === "admit" && d.direction === "out" ? "left"
                                                                         : d.decision);
    let line = tf("%s %s at %s", d.name || d.text, wordSaid(d),
                  d.time || hhmm(Date.now()));
    if (d.decision !== "admit" || !d.recorded) line += ": " + d.text;
    if (d.read_time) line = tf("%s (read %s)", line, d.read_time);
    if (d.attention) line += " " + tf("ATTENTION: %s", d.attention_text);
    text = tf("Answered late: %s", line);
    checkinSound.play(d.attention ? "attention" : d.decision);
    document.dispatchEvent(new CustomEvent("checkin-decision", { detail: d }));
  } else {
    stats.errors++;
    stats.lastError = a.message;
    text = tf("Answered late: %s", a.message);
  }
  list(r, text, cls, [a.decision && a.decision.name]);
}

// Each code to the station as it is read, one request at a time for a
// code: the newest read of a code while its earlier read is with the
// station goes when that is answered, so that a badge held in view keeps
// the station's debounce seeing it with a request at a time.  A read of
// another code does not wait: when one request for any code was allowed
// and only the newest read waited, two people passing during one slow
// answer were both read and the first never sent (test_phone's
// people_passing_during_a_slow_answer_are_each_decided: tickets in view
// 0.8 s, answers taking 3 s), and waiting in turn (no read lost) put each
// answer behind the others' when answers took longer than people took to
// pass (bench/phone_bench, 1.5 s added to each request).  At most one
// request and one waiting read a code, each request ended by SEND_MS.
function send(r) {
  if (sending.has(r.text)) {
    waiting.set(r.text, r);
    return;
  }
  sending.set(r.text, r);
  stats.posted++;
  // A station whose disk is busy may take seconds to record a verdict;
  // say so rather than look frozen (a verdict already shown stays).
  let said = false;
  const slow = setTimeout(() => {
    said = true;
    slowSaid++;
    state(() => t("Waiting for the station..."));
  }, 1000);
  let kept = false;
  const decide = window.checkinDecideHere ? setTimeout(() => {
    kept = true;
    away = true;
    keep(r, false, tf("The station has not answered in %s s; this phone decided.",
                      DECIDE_MS / 1000));
  }, DECIDE_MS) : 0;
  post(r).then((o) => {
    clearTimeout(decide);
    // Kept meanwhile: flush() sends it and lists the station's answer.
    if (kept) return;
    away = !o.answer;
    if (o.answer) answered(r, o.answer);
    else keep(r, false, o.kept);
  }).finally(() => {
    clearTimeout(slow);
    if (said && --slowSaid === 0) state(() => t("Scanning"));
    sending.delete(r.text);
    const next = waiting.get(r.text);
    waiting.delete(r.text);
    if (next) read(next);
  });
}

// ---- codes kept on the phone ----

let store = null;           // the IndexedDB database, once open
let storeOps = Promise.resolve(); // its writes, in the order made
let loaded = false;         // the kept codes of an earlier visit counted
let keptCount = 0;          // reads of this page kept and not yet sent
let flushing = false;
let flushTimer = 0;
const lastRead = new Map(); // code -> performance.now() of its last read

function openStore() {
  return new Promise((ok, no) => {
    // Version 2 adds "kit": what a booth's phone decides with (booth.js).
    const q = indexedDB.open("checkin-scan", 2);
    q.onupgradeneeded = () => {
      const names = q.result.objectStoreNames;
      if (!names.contains("reads"))
        q.result.createObjectStore("reads", { keyPath: "seq", autoIncrement: true });
      if (!names.contains("kit")) q.result.createObjectStore("kit");
    };
    q.onsuccess = () => ok(q.result);
    q.onerror = () => no(q.error);
  });
}

// Run fn(objectStore, setResult) in one transaction of object store
// `name` ("reads" unless said); resolves when it is committed, with the
// result set.
function inStore(mode, fn, name) {
  return new Promise((ok, no) => {
    const t = store.transaction(name || "reads", mode);
    let result;
    fn(t.objectStore(name || "reads"), (v) => { result = v; });
    t.oncomplete = () => ok(result);
    t.onerror = t.onabort = () => no(t.error);
  });
}

// This page's kept reads, oldest first (the store's own order: "seq").
function keptReads() {
  return inStore("readonly", (s, set) => {
    const q = s.getAll();
    q.onsuccess = () => set(q.result.filter((r) => r.post === POST));
  });
}

function banner(why) {
  stats.kept = keptCount;
  sayElsewhere();
  const k = $("kept");
  k.hidden = keptCount === 0;
  if (!keptCount) return;
  k.textContent = tn(
    "Not sent: %s code kept on this phone; it is sent when the station answers.",
    "Not sent: %s codes kept on this phone; they are sent when the station answers.",
    keptCount, keptCount) + (why ? " " + why : "");
}

// ---- codes kept under another address of the station ----
//
// IndexedDB is an address's own (scheme, host and port), so the codes a
// page kept are sent by that address's page only: a station started
// again on another port is another address, and its page cannot read
// them.  Cookies are the host's whatever the port: each page says in one
// (KEPT_COOKIE + its port, of its own folder, never sent to another site)
// how many codes it keeps, and a page of another port of the same host
// says where they wait and what to do.  Nothing else goes in it.
const KEPT_COOKIE = "checkin_kept_";
const KEPT_COOKIE_S = 30 * 24 * 3600; // as a booth's own cookie
const HERE_PORT = location.port || (location.protocol === "https:" ? "443" : "80");
const FOLDER = location.pathname.replace(/[^/]*$/, "");

function tellKept() {
  stats.keptSaid = keptCount;
  document.cookie = KEPT_COOKIE + HERE_PORT + "=" + keptCount + "; Path=" + FOLDER +
    "; Max-Age=" + (keptCount ? KEPT_COOKIE_S : 0) + "; SameSite=Strict" +
    (location.protocol === "https:" ? "; Secure" : "");
}

function sayElsewhere() {
  const there = [];
  for (const c of document.cookie.split(/;\s*/)) {
    const m = /^checkin_kept_(\d+)=(\d+)$/.exec(c);
    if (m && m[1] !== HERE_PORT && Number(m[2]) > 0) there.push([m[1], Number(m[2])]);
  }
  const e = $("elsewhere");
  if (!e) return;
  e.hidden = there.length === 0;
  stats.elsewhere = there.map(([port, n]) => {
    const at = location.protocol + "//" + location.hostname + ":" + port + FOLDER;
    return tn(
      "%s code read on this phone waits under the station's earlier address, " +
        "%s, and cannot be sent from this one: each address keeps its own.  " +
        "Have the station started again on port %s, then open %s on this " +
        "phone; it is sent once.",
      "%s codes read on this phone wait under the station's earlier address, " +
        "%s, and cannot be sent from this one: each address keeps its own.  " +
        "Have the station started again on port %s, then open %s on this " +
        "phone; they are sent once.", n, n, at, port, at);
  });
  e.textContent = stats.elsewhere.join(" ");
}

function storeFailed(e) {
  stats.errors++;
  stats.lastError = String(e);
  state(() => tf("This browser would not keep codes on the phone (%s); codes " +
                 "read now are lost until the station answers.", e));
}

// Whether a new read waits behind kept ones (the order read is kept).
function keeping() {
  return !loaded || keptCount > 0;
}

function read(r) {
  if (keeping()) keep(r, true, "");
  else send(r);
}

// Keep read `r` on the phone.  `debounce`: as the station would, a code
// read again within cooldownMs of its last read is not kept again (a
// read that was sent and got no answer is kept whatever: it may have been
// decided, and its id says so when it is sent again).
function keep(r, debounce, why) {
  const now = performance.now();
  const last = lastRead.get(r.text);
  lastRead.set(r.text, now);
  if (why) stats.lastError = why;
  if (debounce && last !== undefined && now - last < cooldownMs) return;
  stats.unsent++;
  keptCount++;
  banner(why);
  // The station away, a booth's phone decides the read itself; its
  // decision is kept with the read, to be compared with the station's.
  const here = away && window.checkinDecideHere
    ? window.checkinDecideHere(r.text).then((v) => {
      if (!v) return;
      r.phone = v;
      stats.decidedHere++;
      stats.hereMs.push(Date.now() - r.at_ms);
      stats.here.push(v.reason + " " + v.name);
      stats.hereText.push(v.text);
      show(v);
    }).catch(() => {})
    : Promise.resolve();
  storeOps = storeOps.then(() => here).then(() => inStore("readwrite", (s) => s.add(r)))
    .then(tellKept)
    .catch((e) => { keptCount--; banner(""); storeFailed(e); });
  flushSoon();
}

function hhmm(ms) {
  return new Date(ms).toTimeString().slice(0, 5);
}

// A kept code's verdict, listed (not filling the screen: the person has
// gone by now).
function listLater(r, a) {
  let text;
  let cls = "verdict-warn";
  if (a.decision) {
    const d = a.decision;
    stats.decisions++;
    text = tf("%s %s at %s", d.name || (r.phone ? r.phone.name : d.text), wordSaid(d),
              d.time || hhmm(Date.now()));
    cls = "verdict-" + (d.decision === "admit" && d.direction === "out" ? "left"
                                                                         : d.decision);
    document.dispatchEvent(new CustomEvent("checkin-sent-later", { detail: d }));
  } else if (a.repeat) {
    stats.repeats++;
    text = t("the same code again");
  } else {
    stats.errors++;
    stats.lastError = a.message || "";
    text = a.message || t("no answer");
  }
  // The read's time as the station took it (its clock, by which it
  // decided), else the phone's.
  const readAt = a.decision && a.decision.read_time ? a.decision.read_time
                                                    : hhmm(r.at_ms);
  // Decided on the phone too: the station's decision stands, and one
  // that differs is listed as its correction.
  const p = r.phone;
  if (p && a.decision && a.decision.decision !== p.decision) {
    stats.corrections++;
    text = tf("Corrected by the station: %s, %s on this phone, is %s: %s", p.name,
              p.said, word(a.decision), a.decision.text);
    cls += " corrected";
  } else if (p && a.decision) {
    text = tf("Sent later: %s as this phone decided", text);
  } else {
    text = tf("Sent later: %s", text);
  }
  text = tf("%s (read %s)", text, readAt);
  stats.sentLater++;
  stats.later.push(text);
  list(r, text, cls, [a.decision && a.decision.name, r.phone && r.phone.name]);
}

// Whether read `a` was read before read `b`: by the phone's clock, and
// by the page's order for reads of one page in one millisecond (several
// codes in one frame).
function before(a, b) {
  return a.at_ms < b.at_ms ||
    (a.at_ms === b.at_ms && a.n !== undefined && b.n !== undefined && a.n < b.n);
}

// A line for read `r` in the list of answers that did not fill the
// screen, newest read first, in its place by the time read: kept codes
// sent later, and answers that came after a newer read's.  The list keeps
// LATER_SHOWN lines, the oldest reads' going first, but never the line
// just added.
// A line of the list; each of `names` in it isolated (checkinText).
function list(r, text, cls, names) {
  const li = document.createElement("li");
  li.className = cls;
  checkinText(li, text, names);
  li.read = { at_ms: r.at_ms, n: r.n };
  const ol = $("later");
  let at = ol.firstChild;
  while (at && !before(at.read, li.read)) at = at.nextSibling;
  ol.insertBefore(li, at);
  while (ol.children.length > LATER_SHOWN)
    (ol.lastChild === li ? li.previousSibling : ol.lastChild).remove();
  ol.hidden = false;
}

function flushSoon() {
  if (!flushTimer && !flushing)
    flushTimer = setTimeout(flush, keptCount ? 0 : RETRY_MS);
}

// Send the kept reads, oldest first, each once its write is done; stop at
// the first the station does not take, and try again in RETRY_MS.
function flush() {
  flushTimer = 0;
  if (flushing || !store) return;
  flushing = true;
  const again = (why) => {
    flushing = false;
    banner(why);
    if (keptCount) flushTimer = setTimeout(flush, RETRY_MS);
  };
  storeOps.then(keptReads).then((reads) => {
    if (!reads.length) { /* a write may still be on its way */
      again("");
      return;
    }
    const r = reads[0];
    stats.tries++;
    return post(r).then((o) => {
      away = !o.answer;
      if (!o.answer) {
        if (o.kept) stats.lastError = o.kept;
        again(o.kept);
        return;
      }
      return inStore("readwrite", (s) => s.delete(r.seq)).then(() => {
        keptCount--;
        tellKept();
        listLater(r, o.answer);
        flushing = false;
        banner("");
        flush();
      });
    });
  }).catch((e) => {
    storeFailed(e);
    again("");
  });
}

function startStore() {
  if (!window.indexedDB) {
    loaded = true;
    // untranslated: the cause, in the browser's words as its own errors.
    storeOps = Promise.reject(new Error("no IndexedDB"));
    storeOps.catch(() => {});
    return;
  }
  storeOps = openStore().then((d) => { store = d; });
  storeOps.then(keptReads).then((reads) => {
    keptCount += reads.length;
    loaded = true;
    tellKept();
    banner("");
    flush();
  }).catch((e) => {
    loaded = true;
    storeFailed(e);
  });
  window.addEventListener("online", flush);
}

// ---- the camera and the decoder ----

let thumbCtx = null;
let lastThumb = null;       // the thumbnail of the last frame decoded
let lastDecodeAt = -Infinity;
let lastHeldCode = false;   // the last frame decoded held a code
let pending = false;        // a frame callback is asked for

let lumaBuf = null;         // the camera frame's planes, reused
let lumaOff = false;        // this browser's frames cannot be read so

// The frame's gray thumbnail from the camera's own luma plane, where the
// browser hands it over (WebCodecs' VideoFrame of a camera frame in
// memory, I420 or NV12): a copy of the frame, with no conversion to RGB
// and no canvas.  Each cell the mean of 4x4 samples spread over it.
// Resolves to null where it cannot (no VideoFrame, a frame on the GPU).
function lumaThumb(video) {
  if (lumaOff || typeof VideoFrame === "undefined") return Promise.resolve(null);
  let f;
  try {
    f = new VideoFrame(video, { timestamp: 0 });
  } catch (e) {
    lumaOff = true;
    return Promise.resolve(null);
  }
  if (!/^(I420|I420A|I422|I444|NV12)$/.test(f.format || "")) {
    f.close();
    lumaOff = true;
    return Promise.resolve(null);
  }
  const size = f.allocationSize();
  if (!lumaBuf || lumaBuf.length < size) lumaBuf = new Uint8Array(size);
  const w = f.visibleRect.width;
  const h = f.visibleRect.height;
  return f.copyTo(lumaBuf).then((planes) => {
    f.close();
    const { offset, stride } = planes[0];
    const thumb = new Uint8Array(THUMB_W * THUMB_H);
    for (let ty = 0; ty < THUMB_H; ty++)
      for (let tx = 0; tx < THUMB_W; tx++) {
        let sum = 0;
        for (let sy = 0; sy < 4; sy++) {
          const row = offset + Math.floor(((ty * 4 + sy + 0.5) * h) / (THUMB_H * 4)) * stride;
          for (let sx = 0; sx < 4; sx++)
            sum += lumaBuf[row + Math.floor(((tx * 4 + sx + 0.5) * w) / (THUMB_W * 4))];
        }
        thumb[ty * THUMB_W + tx] = sum >> 4;
      }
    stats.luma = true;
    return thumb;
  }, () => {
    f.close();
    lumaOff = true;
    return null;
  });
}

// The same drawn into a small canvas, where the above cannot.
function canvasThumb(video) {
  if (!thumbCtx) {
    const c = document.createElement("canvas");
    c.width = THUMB_W;
    c.height = THUMB_H;
    thumbCtx = c.getContext("2d", { willReadFrequently: true });
    thumbCtx.imageSmoothingQuality = "medium";
  }
  thumbCtx.drawImage(video, 0, 0, THUMB_W, THUMB_H);
  const px = thumbCtx.getImageData(0, 0, THUMB_W, THUMB_H).data;
  const thumb = new Uint8Array(THUMB_W * THUMB_H);
  for (let i = 0; i < thumb.length; i++)
    thumb[i] = (px[4 * i] * 77 + px[4 * i + 1] * 150 + px[4 * i + 2] * 29) >> 8;
  return thumb;
}

// Whether the frame whose thumbnail is `thumb` is worth decoding.
function worthDecoding(thumb) {
  let changed = 0;
  if (lastThumb)
    for (let i = 0; i < thumb.length && changed < WAKE_PIXELS; i++)
      if (Math.abs(thumb[i] - lastThumb[i]) > WAKE_LEVEL) changed++;
  const now = performance.now();
  const wake = !lastThumb || lastHeldCode ||
    changed >= WAKE_PIXELS || now - lastDecodeAt >= REFRESH_MS;
  if (wake) {
    lastThumb = thumb;
    lastDecodeAt = now;
  }
  return wake;
}

function nextFrame() {
  pending = false;
  if (busy) return; // the worker's answer schedules the next one
  const video = $("video");
  if (!worker || video.readyState < 2 || !video.videoWidth) {
    schedule();
    return;
  }
  stats.frames++;
  if (!stats.gate) {
    decodeFrame(video);
    return;
  }
  busy = true; // while the thumbnail is read
  lumaThumb(video).then((t) => {
    busy = false;
    if (worthDecoding(t || canvasThumb(video))) decodeFrame(video);
    else schedule();
  }).catch(() => {
    busy = false;
    schedule();
  });
}

function decodeFrame(video) {
  const scale = Math.min(1, MAX_SIDE / Math.max(video.videoWidth, video.videoHeight));
  const w = Math.round(video.videoWidth * scale);
  const h = Math.round(video.videoHeight * scale);
  const canvas = $("frame");
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext("2d", { willReadFrequently: true });
  ctx.drawImage(video, 0, 0, w, h);
  const img = ctx.getImageData(0, 0, w, h);
  busy = true;
  worker.postMessage({ width: w, height: h, pixels: img.data.buffer },
                     [img.data.buffer]);
}

function onDecoded(e) {
  const m = e.data;
  if (m.error) {
    state(() => m.error);
    return;
  }
  if (m.ready) {
    decoderReady = true;
    if (cameraOn) state(() => t("Scanning"));
  } else {
    busy = false;
    stats.decoded++;
    stats.decodeMs += m.ms;
    lastHeldCode = m.codes.length > 0;
    for (const code of m.codes) {
      stats.codes++;
      read(newRead(code));
    }
  }
  schedule();
}

// The next frame the camera delivers (not the same frame again: a phone's
// battery), where the browser can say when that is.
function schedule() {
  if (pending) return; // one callback at a time, whoever asks
  pending = true;
  const video = $("video");
  if (video.requestVideoFrameCallback) video.requestVideoFrameCallback(nextFrame);
  else requestAnimationFrame(nextFrame);
}

function torchButton() {
  const caps = track.getCapabilities ? track.getCapabilities() : {};
  const b = $("torch");
  b.hidden = !caps.torch;
  b.onclick = () => {
    const on = !b.classList.contains("on");
    track.applyConstraints({ advanced: [{ torch: on }] })
      .then(() => b.classList.toggle("on", on))
      .catch(() => { b.hidden = true; });
  };
}

// The page's own files, kept on the phone by its service worker (sw.js),
// so that it opens again while the station cannot be reached.  Browsers
// allow one only on a secure page, as the camera.
function keepPages() {
  if (!("serviceWorker" in navigator)) return;
  navigator.serviceWorker.register("sw.js")
    .catch((e) => { stats.pagesError = String(e); });
  navigator.serviceWorker.ready.then(() => { stats.pagesKept = true; });
}

// The page's words in the station's language, once they are here: what
// the script wrote is written again.
function speak() {
  state(stateSaid);
  if (document.body.className === "verdict-none") ready();
  document.dispatchEvent(new CustomEvent("checkin-words"));
}

function start() {
  ready();
  checkinLoadWords(speak);
  // The question panel is a door's and a desk's (scan.html); a booth's
  // page (booth.html) has none.
  if ($("ask")) {
    $("ask").addEventListener("submit", (e) => {
      e.preventDefault();
      sendAnswers();
    });
    $("ask-no").addEventListener("click", () => {
      closeAsk();
      ready();
    });
  }
  // A host's claim at an open spaces' board (scan.html only).
  if ($("claim")) {
    $("claim").addEventListener("submit", (e) => {
      e.preventDefault();
      sendClaim();
    });
    $("claim-no").addEventListener("click", () => {
      closeClaim();
      ready();
    });
  }
  recallCooldown();
  startStore();
  keepPages();
  if (!window.isSecureContext || !navigator.mediaDevices) {
    state(() => t("No camera on this address: a browser lends its camera only " +
                  "to a secure page (https, or this machine's own 127.0.0.1).  " +
                  "See docs/phones.md."));
    return;
  }
  worker = new Worker("scan-worker.js");
  worker.onmessage = onDecoded;
  worker.onerror = () => state(() => t("The decoder did not start in this browser."));
  navigator.mediaDevices.getUserMedia({
    audio: false,
    video: { facingMode: { ideal: "environment" }, width: { ideal: 1280 },
             height: { ideal: 720 } },
  }).then((stream) => {
    track = stream.getVideoTracks()[0];
    const video = $("video");
    video.srcObject = stream;
    return video.play().then(() => {
      cameraOn = true;
      state(() => t(decoderReady ? "Scanning" : "Starting the decoder..."));
      torchButton();
      schedule();
    });
  }).catch((e) => {
    if (e.name === "NotAllowedError")
      state(() => t("The camera was refused; allow it for this page in the " +
                    "browser's settings."));
    else state(() => tf("No camera: %s", e.message));
  });
  // Sound needs a touch first on phones.
  document.body.addEventListener("click", () => {
    checkinSound.unlock();
  });
}

start();
