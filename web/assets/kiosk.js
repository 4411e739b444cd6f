// The self check-in kiosk: the attendee's own verdict, greeting and print
// state, shown with textContent only, and back to the welcome screen after
// a few seconds.  A scanner typing into the page (a keyboard wedge) posts
// its code; the only other thing asked of the station from here is the
// attendee's answer to the acknowledgements the event asks (issue 55:
// "I have read it" or "I decline", one at a time).  Each
// verdict is said in the attendee's own language, which its language
// button changes for this screen only.
"use strict";

const $ = (id) => document.getElementById(id);
const RESET_MS = 8000;
const ASK_MS = 60000; // the time to read an acknowledgement
const RETRY_MS = 5000;
let timer = 0;
let seq = 0;
// The words of the station's language, and of each other language asked
// for, as /api/messages gives them (issue 53, item 3): a verdict is said
// in the attendee's order's language ("lang"), or in one they pick at the
// language button, until the next person's verdict or the welcome screen.
let station = { lang: "", messages: {}, langs: [] };
const others = {};
let shown = null; // the verdict on the screen, null on the welcome screen
let speaking = ""; // its language, "" the station's
let online = ""; // the status line's state: "", "online", "offline"
let ackStep = 0; // the acknowledgement of the verdict shown being asked
let ackGiven = {}; // the answers given to those before it

function wordsIn(lang, then) {
  if (!lang) return then(station);
  if (others[lang]) return then(others[lang]);
  fetch("/api/messages?lang=" + encodeURIComponent(lang), { credentials: "same-origin" })
    .then((r) => r.ok ? r.json() : null)
    .then((m) => { if (m) others[lang] = m; then(m || station); })
    .catch(() => then(station));
}

// The page's own words in `m`'s language.
function speak(m) {
  checkinWords = m.messages || {};
  checkinPlurals = m.plurals || {};
  document.documentElement.lang = (m.lang || "en").replace("_", "-");
  document.documentElement.dir = m.dir || "ltr";
  document.title = t("Self check-in");
  $("code").setAttribute("aria-label", t("Code"));
  $("language-word").textContent = t("Language");
  const status = $("status");
  status.textContent = online === "online" ? t("ready")
    : online === "offline" ? t("not connected") : t("connecting");
}

function drawWelcome() {
  document.body.className = "ready";
  $("headline").textContent = t("Welcome!");
  $("text").textContent = t("Show the QR code from your confirmation email to the scanner.");
  $("attention").hidden = true;
  $("attention").textContent = "";
  $("print").textContent = "";
  $("needs").textContent = "";
  $("ack").hidden = true;
}

function ready() {
  shown = null;
  speaking = "";
  seq = 0;
  closeLanguages();
  speak(station);
  drawWelcome();
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(ready, shown && ackStep < (shown.acks || []).length
    ? ASK_MS : RESET_MS);
}

// The acknowledgement asked now, with its two buttons; none once the
// answers are sent.
function drawAck(d) {
  const acks = d.acks || [];
  const a = acks[ackStep];
  $("ack").hidden = !a;
  if (!a) return;
  // In the language shown when the event words it so (issue 55), else
  // as the station's volunteer reads it.
  const w = (a.words || {})[speaking || station.lang || "en"] || a;
  $("ack-title").textContent = w.title;
  $("ack-text").textContent = w.text;
  $("ack-yes").textContent = t("I have read it");
  $("ack-no").textContent = t("I decline");
}

// The attendee's answer to the acknowledgement asked: a yes goes on to the
// next, the last yes or a decline is sent (a decline alone: the desk
// journals it and checks no one in).
function answerAck(yes) {
  const d = shown;
  const a = d && (d.acks || [])[ackStep];
  if (!a) return;
  ackGiven[a.id] = yes ? "yes" : "no";
  ackStep = yes ? ackStep + 1 : d.acks.length;
  const answers = yes ? ackGiven : { [a.id]: "no" };
  drawAck(d);
  later();
  if (ackStep < d.acks.length) return;
  fetch("/api/input", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ kind: "answer", answers }),
  }).catch(() => {});
}

// Without the count: the catalogue's plurals are the terminal's
// (ngettext); the page says one ticket or several.
function printText(state, tickets) {
  if (state === "queued") {
    if (!tickets) return t("Your badge is printing...");
    return tn("Your badge and tutorial ticket are printing...",
              "Your badge and tutorial tickets are printing...", tickets);
  }
  if (state === "printed" || state === "sent")
    return t(tickets ? "Please take your badge and tickets from the printer."
                     : "Please take your badge from the printer.");
  if (state === "failed") return t("The printer needs a hand; please go to the registration desk.");
  return "";
}

function drawVerdict(d) {
  document.body.className = d.decision === "warn" ? "warning" : d.decision;
  checkinText($("headline"), d.name ? tf("Welcome, %s!", d.name) : t("Sorry"), [d.name]);
  // A pre-printed badge's box (issue 55) is the sentence's one %s.
  const said = d.say_box ? tf(d.say, d.say_box) : d.say ? t(d.say) : d.text;
  checkinText($("text"), said, [d.name]);
  // A ticket that asks for attention (issue 49): the attendee is asked to
  // wait for a volunteer, never told why.
  $("attention").hidden = !d.attention;
  $("attention").textContent = d.attention
    ? t("ATTENTION: please wait here and show your ticket to a volunteer before you go in.")
    : "";
  $("print").textContent = printText(d.print, d.tickets);
  // What the event still owes the attendee (issue 55 item 2), each item
  // its English format and arguments, said in the language shown: "Still
  // needs: T-shirt M: at the swag table."
  const needs = (d.needs || []).map((n) => tf(n.say, ...n.args));
  $("needs").textContent = needs.length ? tf("Still needs: %s.", needs.join("; ")) : "";
  drawAck(d);
}

// The verdict and the page in language `lang` ("" the station's), once
// its words are here; a later verdict or the welcome screen wins.
function sayIn(lang) {
  speaking = lang;
  const d = shown;
  wordsIn(lang, (m) => {
    if (shown !== d || speaking !== lang) return;
    speak(m);
    if (d) drawVerdict(d); else drawWelcome();
    markLanguage();
  });
}

function show(d) {
  seq = d.seq;
  shown = d;
  ackStep = 0;
  ackGiven = {};
  closeLanguages();
  sayIn(d.lang || "");
  later();
}

// ---- the language button: the attendee's own screen in another language
function closeLanguages() {
  $("languages").hidden = true;
  $("language").setAttribute("aria-expanded", "false");
}

function markLanguage() {
  const now = speaking || station.lang || "en";
  for (const b of $("languages").children)
    b.setAttribute("aria-current", b.dataset.lang === now ? "true" : "false");
}

function languageList() {
  const list = $("languages");
  list.replaceChildren();
  for (const l of station.langs || []) {
    const b = document.createElement("button");
    b.type = "button";
    b.dataset.lang = l.lang;
    b.lang = l.lang.replace("_", "-");
    b.textContent = l.name;
    b.addEventListener("click", () => {
      closeLanguages();
      sayIn(l.lang);
      later();
    });
    list.append(b);
  }
  markLanguage();
}

// The station's events; a stream refused (the station serves as many
// live pages as it will) is asked for again, the browser would not.
function listen() {
  const es = new EventSource("/events");
  const status = $("status");
  es.onopen = () => {
    online = "online";
    status.textContent = t("ready");
    // untranslated: class names.
    status.className = "status online";
  };
  es.onerror = () => {
    online = "offline";
    status.textContent = t("not connected");
    // untranslated: class names.
    status.className = "status offline";
    if (es.readyState === EventSource.CLOSED) setTimeout(listen, RETRY_MS);
  };
  es.addEventListener("decision", (e) => show(JSON.parse(e.data)));
  es.addEventListener("print", (e) => {
    const p = JSON.parse(e.data);
    if (p.seq === seq) {
      if (shown) shown.print = p.print;
      $("print").textContent = printText(p.print, shown ? shown.tickets : 0);
      later();
    }
  });
}

function setup() {
  // The station's words, and the languages the attendee may pick.
  fetch("/api/messages", { credentials: "same-origin" })
    .then((r) => r.ok ? r.json() : null)
    .then((m) => {
      if (!m) return;
      station = m;
      languageList();
      if (!speaking) sayIn("");
    })
    .catch(() => {});
  $("language").addEventListener("click", () => {
    const list = $("languages");
    list.hidden = !list.hidden;
    $("language").setAttribute("aria-expanded", list.hidden ? "false" : "true");
    if (shown) later();
  });
  $("ack-yes").addEventListener("click", () => answerAck(true));
  $("ack-no").addEventListener("click", () => answerAck(false));
  listen();
  const code = $("code");
  $("wedge").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = code.value.trim();
    code.value = "";
    if (text)
      fetch("/api/input", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        credentials: "same-origin",
        body: JSON.stringify({ kind: "code", text }),
      }).catch(() => {});
  });
  // A keyboard wedge types into the code field (its first character
  // brings it there), but Tab, Enter or Space on an acknowledgement's
  // button is the attendee's.
  document.addEventListener("keydown", (e) => {
    const onAck = e.target.closest && e.target.closest("#ack");
    if (!onAck || !["Tab", "Enter", " "].includes(e.key)) code.focus();
  });
  code.focus();
}

setup();
