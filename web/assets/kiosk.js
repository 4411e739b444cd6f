// The self check-in kiosk: the attendee's own verdict, greeting and print
// state, shown with textContent only, and back to the welcome screen after
// a few seconds.  A scanner typing into the page (a keyboard wedge) posts
// its code; nothing else can be asked of the station from here.
"use strict";

const $ = (id) => document.getElementById(id);
const RESET_MS = 8000;
const RETRY_MS = 5000;
let timer = 0;
let seq = 0;

function ready() {
  document.body.className = "ready";
  $("headline").textContent = t("Welcome!");
  $("text").textContent = t("Show the QR code from your confirmation email to the scanner.");
  $("print").textContent = "";
  seq = 0;
}

function later() {
  clearTimeout(timer);
  timer = setTimeout(ready, RESET_MS);
}

// Without the count: the catalogue's plurals are the terminal's
// (ngettext); the page says one ticket or several.
function printText(state, tickets) {
  if (state === "queued") {
    if (!tickets) return t("Your badge is printing...");
    return t(tickets === 1 ? "Your badge and tutorial ticket are printing..."
                           : "Your badge and tutorial tickets are printing...");
  }
  if (state === "printed" || state === "sent")
    return t(tickets ? "Please take your badge and tickets from the printer."
                     : "Please take your badge from the printer.");
  if (state === "failed") return t("The printer needs a hand; please go to the registration desk.");
  return "";
}

function show(d) {
  seq = d.seq;
  document.body.className = d.decision === "warn" ? "warning" : d.decision;
  checkinText($("headline"), d.name ? tf("Welcome, %s!", d.name) : t("Sorry"), [d.name]);
  checkinText($("text"), d.text, [d.name]);
  // A ticket that asks for attention (issue 49): the attendee is asked to
  // wait for a volunteer, never told why.
  $("attention").hidden = !d.attention;
  $("attention").textContent = d.attention ? d.attention_text : "";
  $("print").textContent = printText(d.print, d.tickets);
  show.tickets = d.tickets;
  later();
}

// The station's events; a stream refused (the station serves as many
// live pages as it will) is asked for again, the browser would not.
function listen() {
  const es = new EventSource("/events");
  const status = $("status");
  es.onopen = () => {
    status.textContent = t("ready");
    // untranslated: class names.
    status.className = "status online";
  };
  es.onerror = () => {
    status.textContent = t("not connected");
    // untranslated: class names.
    status.className = "status offline";
    if (es.readyState === EventSource.CLOSED) setTimeout(listen, RETRY_MS);
  };
  es.addEventListener("decision", (e) => show(JSON.parse(e.data)));
  es.addEventListener("print", (e) => {
    const p = JSON.parse(e.data);
    if (p.seq === seq) {
      $("print").textContent = printText(p.print, show.tickets || 0);
      later();
    }
  });
}

function setup() {
  checkinLoadWords(() => { if (!seq) ready(); });
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
  document.addEventListener("keydown", () => code.focus());
  code.focus();
}

setup();
