// What every page of checkin shares, loaded before the page's own script:
// the page's words in the station's language, names in any direction
// inside a sentence, and the verdicts' sounds.
"use strict";

// The page's words in the station's language (issue 53): /api/messages
// maps each English text to the station's catalogue's translation, the
// same catalogue the terminal reads (web/station_page_text.c); a text it
// lacks stays English.  t(s) is s in the page's language, tf(s, ...) the
// same with each %s replaced by the next argument, in order, and each
// %N$s by the Nth (a translation that puts them in another order, as C's
// printf takes it).  checkinLang is the station's language ("" before its
// words are here, and for English).
let checkinWords = {};
let checkinLang = "";
// The days' and months' abbreviations in the page's language, from the
// catalogue as the terminal says them (common/i18n_time.c): null before
// the words come.
let checkinDays = null;
// The counted texts' forms: {ONE: {"forms": [...], "at": "0111..."}},
// "at"'s digit n the form the catalogue's plural rule picks for n, for n
// up to 199 (a rule reads n % 10, n % 100 or n below a hundred or two,
// so 100 + n % 100 stands for any n past that); a text it lacks stays
// English, "one" for 1 and "many" otherwise.
let checkinPlurals = {};
const t = (s) => checkinWords[s] || s;
const fill = (s, args) => {
  let i = 0;
  return s.replace(/%(?:([1-9])\$)?s/g,
                   (_, n) => String(args[n ? Number(n) - 1 : i++]));
};
const tf = (s, ...args) => fill(t(s), args);
// ngettext's: count n's form of one / many, each %s the next argument.
const tn = (one, many, n, ...args) => {
  const p = checkinPlurals[one];
  const k = Math.max(0, Math.floor(Number(n)) || 0);
  const form = p ? p.forms[Number(p.at[k < 200 ? k : 100 + (k % 100)])] : null;
  return fill(form || (k === 1 ? one : many), args);
};

// A day's abbreviation in the page's language, for Intl's English one
// ("Wed", of weekday: "short" in en-US): "mer." in French, 水 in Japanese.
function checkinWeekday(english) {
  // untranslated: Intl's English abbreviations, looked up, not shown.
  const i = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(english);
  return checkinDays && i >= 0 ? checkinDays.weekdays[i] : english;
}

// Day "2027-05-14" as the page's language says it ("Fri 14 May", "Fr
// 14. Mai", "5月14日(金)"): the catalogue's names and order of a day, as
// the terminal's; the day as it is before the words come.
function checkinDay(iso) {
  const [y, m, d] = String(iso).split("-").map(Number);
  if (!checkinDays || !checkinDays.date || !d) return iso;
  const said = [checkinDays.weekdays[new Date(Date.UTC(y, m - 1, d)).getUTCDay()],
                String(d), checkinDays.months[m - 1]];
  return checkinDays.date.replace(/%([1-3])\$[sd]/g, (_, n) => said[n - 1]);
}

// Number `n` with `digits` decimals as the page's language writes it
// ("2,5" in French, "2.5" in English).
function checkinNumber(n, digits = 0) {
  return new Intl.NumberFormat((checkinLang || "en").replace("_", "-"), {
    minimumFractionDigits: digits, maximumFractionDigits: digits
  }).format(n);
}

// Every text of the page the catalogue has (an element's own text, its
// placeholder, aria-label or title), and the page's lang.
function checkinTranslate(m) {
  checkinWords = m.messages;
  checkinPlurals = m.plurals || {};
  checkinLang = m.lang;
  checkinDays = m.days || null;
  document.documentElement.lang = m.lang.replace("_", "-");
  document.documentElement.dir = m.dir || "ltr";
  // untranslated: a CSS selector.
  for (const el of document.querySelectorAll("title, body *")) {
    const s = el.textContent.trim();
    if (!el.children.length && checkinWords[s]) el.textContent = checkinWords[s];
    for (const a of ["placeholder", "aria-label", "title"]) {
      const v = el.getAttribute(a);
      if (v && checkinWords[v]) el.setAttribute(a, checkinWords[v]);
    }
  }
}

// A sentence of the page around what it names (issue 53): an element
// <p data-say="Check in %s?"> is said in the page's language with its
// child elements (a name, a number) in place of each %s, in order, or of
// %N$s the Nth, as tf() takes them; said again when the words come.
function checkinSay(p) {
  if (!p.parts) p.parts = [...p.children];
  const said = t(p.dataset.say);
  const re = /%(?:([1-9])\$)?s/g;
  let at = 0, i = 0, m;
  p.replaceChildren();
  while ((m = re.exec(said))) {
    p.append(said.slice(at, m.index), p.parts[m[1] ? Number(m[1]) - 1 : i++]);
    at = re.lastIndex;
  }
  p.append(said.slice(at));
}

// Asks the station for its words once (a page's body may name another
// address for them in data-messages: a booth's); `then` runs after the
// page has them (to redraw what the script wrote).  A station in
// English, or one that does not answer, leaves the page as it is.
function checkinLoadWords(then) {
  fetch(document.body.dataset.messages || "/api/messages", { credentials: "same-origin" })
    .then((r) => r.ok ? r.json() : null)
    .then((m) => {
      if (!m || !m.lang) return;
      checkinTranslate(m);
      if (then) then();
    })
    .catch(() => {});
}

// A sentence with names in it, shown as text (never markup): each name in
// `names` found in `text` goes in a <bdi>, so that an Arabic, Hebrew or
// Urdu name keeps to itself and never reorders the words around it
// (issue 53).  Empty names are left out.
function checkinText(el, text, names) {
  const wanted = (names || []).filter((n) => n && text.includes(n))
    .sort((a, b) => b.length - a.length);
  el.replaceChildren();
  let rest = String(text);
  while (rest) {
    let at = -1, name = "";
    for (const n of wanted) {
      const i = rest.indexOf(n);
      if (i >= 0 && (at < 0 || i < at)) { at = i; name = n; }
    }
    if (at < 0) { el.append(rest); break; }
    if (at > 0) el.append(rest.slice(0, at));
    const bdi = document.createElement("bdi");
    bdi.textContent = name;
    el.append(bdi);
    rest = rest.slice(at + name.length);
  }
}

// The verdicts' sounds, one each so that a volunteer looking at the queue
// hears which it was: admit one short high tone, warning two middle ones,
// deny one long low one, and a ticket that asks for attention three rising
// tones.  Phones vibrate as well.  On unless switched off at the page's
// sound button, and remembered in the browser (localStorage).
// document.body.dataset.sound says which was played (or tried, where the
// browser allows no sound yet); "off" when switched off.
const checkinSound = (() => {
  const KEY = "checkin-sound";
  const TONES = {
    admit: { f: [880], len: 0.15, gap: 0, vibrate: 80 },
    warn: { f: [440, 440], len: 0.12, gap: 0.18, vibrate: [120, 80, 120] },
    deny: { f: [220], len: 0.5, gap: 0, vibrate: [200, 100, 200] },
    attention: { f: [660, 880, 1175], len: 0.15, gap: 0.18,
                 vibrate: [80, 60, 80, 60, 80] },
  };
  let audio = null;
  function on() {
    try { return localStorage.getItem(KEY) !== "off"; } catch (e) { return true; }
  }
  function set(yes) {
    try { localStorage.setItem(KEY, yes ? "on" : "off"); } catch (e) { /* kept for this page only */ }
  }
  function unlock() {
    try {
      if (!audio) audio = new AudioContext();
      audio.resume();
    } catch (e) { /* no sound on this device */ }
  }
  function play(kind) {
    const t = TONES[kind] || TONES.deny;
    if (!on()) { document.body.dataset.sound = "off"; return; }
    document.body.dataset.sound = kind in TONES ? kind : "deny";
    try {
      if (!audio) audio = new AudioContext();
      t.f.forEach((f, i) => {
        const o = audio.createOscillator();
        const g = audio.createGain();
        o.frequency.value = f;
        g.gain.value = 0.25;
        o.connect(g).connect(audio.destination);
        o.start(audio.currentTime + i * t.gap);
        o.stop(audio.currentTime + i * t.gap + t.len);
      });
    } catch (e) { /* no sound on this device */ }
    if (navigator.vibrate) navigator.vibrate(t.vibrate);
  }
  // A toggle button (aria-pressed) that switches the sounds.
  function button(el) {
    const show = () => el.setAttribute("aria-pressed", on() ? "true" : "false");
    el.addEventListener("click", () => { set(!on()); show(); if (on()) unlock(); });
    show();
  }
  return { play, on, set, unlock, button };
})();

// Whether the station that sent `d` (a verdict or its status) has trait
// `t` ("searches", "prints", "room": its kind's, checkin/station.h's
// station_trait_token): a page asks what the station does, never its
// mode, so that a new kind of station needs no page of its own (issue 51).
function hasTrait(d, t) {
  return (d.traits || []).includes(t);
}

// The answer field of one of pretix's questions asked at check-in (issue
// 49) or an acknowledgement, in `row` beside its `label`: a yes/no as two
// buttons worded `yes` and `no`, else a text field offering the answers
// seen (q.options); the answer is kept in row.dataset.answer.  The
// desk's page and a phone's /scan page share it.
function askAnswerField(row, label, q, i, yes, no) {
  if (q.type === "B") {
    for (const [w, value] of [[yes, "yes"], [no, "no"]]) {
      const b = document.createElement("button");
      b.type = "button";
      b.className = "ask-yn";
      b.textContent = w;
      b.dataset.value = value;
      b.addEventListener("click", () => {
        row.dataset.answer = value;
        row.querySelectorAll(".ask-yn").forEach((o) =>
          o.classList.toggle("chosen", o === b));
      });
      row.append(b);
    }
  } else {
    const input = document.createElement("input");
    input.type = "text";
    input.maxLength = 500;
    input.id = "ask-" + i;
    label.htmlFor = input.id;
    if ((q.options || []).length) {
      const list = document.createElement("datalist");
      list.id = "ask-options-" + i;
      for (const o of q.options) {
        const opt = document.createElement("option");
        opt.value = o;
        list.append(opt);
      }
      input.setAttribute("list", list.id);
      row.append(list);
    }
    input.addEventListener("input", () => { row.dataset.answer = input.value; });
    row.dataset.answer = "";
    row.append(input);
  }
}
