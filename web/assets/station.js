// The station's screen: decisions arrive as Server-Sent Events and are
// shown with textContent only (never as markup); what the volunteer does
// is posted to /api/input for the station to decide.
"use strict";

const $ = (id) => document.getElementById(id);
let last = null;        // the decision on screen
let results = { gen: 0, items: [] };
let picked = -1;
let rating = 0;
let traits = []; // the station kind's (status), which the page asks, never its mode
let keys = [];          // times of the keys typed into the entry box
let searchTimer = 0;
let supervised = false; // a supervisor's PIN is asked for comps and edits
const FIELDS = ["given_name", "family_name", "badge_name", "pronouns",
                "company", "email"];
let shown = {};         // the correction form's values as it opened
let lastStatus = null;  // the station's state, as its last "status" said
const RETRY_MS = 5000;  // a refused event stream is asked for again

function post(input) {
  return fetch("/api/input", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(input),
  }).then((r) => r.ok ? null : r.text().then((t) => message(t.trim())))
    .catch(() => message(t("The station did not answer; is it still running?")));
}

function message(text) {
  const li = document.createElement("li");
  li.textContent = text;
  const list = $("messages");
  list.prepend(li);
  while (list.children.length > 5) list.lastChild.remove();
}

// The name in the largest type that fits the width.
function fitName() {
  const el = $("name");
  let size = Math.min(160, window.innerHeight / 5);
  el.style.fontSize = size + "px";
  while (size > 16 && el.scrollWidth > el.clientWidth) {
    size -= 4;
    el.style.fontSize = size + "px";
  }
}

// The page's words in the station's language (shared.js): what the
// script wrote is written again in them.
checkinLoadWords(() => {
  document.querySelectorAll("[data-say]").forEach(checkinSay);
  if (last) showDecision(last, true);
  if (lastStatus) showStatus(lastStatus);
  paintStatus();
});

function word(d) {
  if (d.reason === "host") return t("HOST");
  // The triage's line is its verdict (issue 55.4): "Desk 3 (A-F)".
  if (d.word) return d.word;
  if (d.decision === "admit") return t(d.direction === "out" ? "LEFT" : "ADMIT");
  if (d.decision === "deny") return t("DENY");
  return t("WARNING");
}

// The station's words for its labels, as its traits choose them: an
// auction door (the "paddles" trait) prints a paddle's label, a desk the
// badge and tickets.
function printText(d) {
  const paddle = hasTrait(d, "paddles");
  if (d.print === "queued")
    return paddle ? t("Printing the paddle label...") : t("Printing the labels...");
  if (d.print === "printed")
    return paddle ? tf("Printed: hand over paddle %s.", d.paddle) : t("Printed.");
  if (d.print === "sent")
    return paddle ? tf("Sent paddle %s's label to the printer; check that it came out.", d.paddle)
                  : t("Sent to the printer; check that the labels came out.");
  if (d.print === "failed") return d.print_error_text || d.print_error;
  return "";
}

// A verdict on the screen; `again` when it is only said again in the
// page's language (its words came), without its sound or its panels.
function showDecision(d, again) {
  last = d;
  // What was said before was about what came before (a wrong PIN, a
  // refused undo): cleared, as the terminal's message line is (issue 57).
  if (!again) $("messages").replaceChildren();
  const cls = d.decision === "admit" && d.direction === "out" ? "left" : d.decision;
  document.body.className = "verdict-" + cls + (d.recorded ? "" : " not-recorded");
  $("word").textContent = word(d);
  $("name").textContent = d.name;
  checkinText($("text"), d.recorded ? d.text : d.text + " " + (d.record_error_text || d.record_error),
              [d.name, d.supervisor].concat((d.group || []).map((m) => m.name)));
  // What pretix says at the door (issue 49): the attention cue, with its
  // own sound, and the seats.  Each verdict has its sound (shared.js).
  if (!again) delete document.body.dataset.sound;
  $("attention").hidden = !d.attention;
  $("attention").textContent = d.attention ? tf("ATTENTION: %s", d.attention_text) : "";
  if (!again) checkinSound.play(d.attention ? "attention" : d.decision);
  $("seat").hidden = !d.seat;
  $("seat").textContent = d.seat ? tf("Seat: %s", d.seat) : "";
  const ticket = [d.ticket_type, d.pronouns,
                  d.order_code ? tf("order %s %s", d.order_code,
                                   d.order_status_text || d.order_status) : ""]
    .filter((s) => s).join(" · ");
  checkinText($("ticket"), ticket, [d.pronouns, d.ticket_type]);
  const tl = $("tutorials");
  tl.replaceChildren();
  for (const tu of d.tutorials) {
    const li = document.createElement("li");
    li.textContent = tu.title + " (" + tu.room + ", " + tu.slot + ")" +
      (tu.clash ? " – " + tu.clash : "");
    // Booked at the same time as another of theirs (issue 57).
    if (tu.clash) li.className = "clash";
    tl.append(li);
  }
  if (d.tutorials_more) {
    // Past the room of the result's texts: counted, their tickets print.
    const li = document.createElement("li");
    li.textContent = tf("and %s more (their tickets print with the badge)",
                        d.tutorials_more);
    tl.append(li);
  }
  $("history").textContent = d.history ? tf("Earlier: %s", d.history) : "";
  $("print").textContent = printText(d);
  $("reprint").textContent = hasTrait(d, "paddles") ? t("Reprint paddle")
                                                    : t("Reprint badge and tickets");
  $("reprint").hidden = !(hasTrait(d, "prints") && d.attendee_id && d.decision !== "deny");
  // A refusal a supervisor may overrule (unpaid, cancelled, refunded), or
  // those a group's offer or check-in left out as such.
  $("override").hidden = !(hasTrait(d, "overrides") && d.recorded &&
                           (d.overridable || groupLeftOut(d).length));
  if (again) return;
  $("override-panel").hidden = true;
  showQuestions(d);
  showUndo(d);
  showGroup(d);
  showPreprint(d);
  $("correct").hidden = !(hasTrait(d, "corrects") && d.personal && d.attendee_id);
  $("correct-panel").hidden = true;
  const lead = hasTrait(d, "leads") && d.lead_seq > 0;
  $("lead").hidden = !lead;
  if (lead) { rating = 0; $("note").value = ""; paintStars(); }
  showList(d);
  fitName();
}

// pretix's questions asked during check-in (issue 49): each one a field
// (a yes/no two buttons to tap, a choice its known answers to pick or
// another typed, text typed); the desk checks the person in once the
// answers it takes come back.
function showQuestions(d) {
  const panel = $("ask-panel");
  const fields = $("ask-fields");
  fields.replaceChildren();
  panel.hidden = !(hasTrait(d, "asks") && d.reason === "question" && d.recorded &&
                   (d.questions || []).length);
  if (panel.hidden) return;
  $("ask-name").textContent = d.name;
  d.questions.forEach((q, i) => {
    const row = document.createElement("div");
    // untranslated: class names.
    row.className = q.type === "A" ? "ask ack" : "ask";
    row.dataset.id = q.id;
    const label = document.createElement("label");
    label.textContent = q.required ? q.question : tf("%s (may be empty)", q.question);
    row.append(label);
    if (q.type === "A") {
      // An acknowledgement (issue 55): one tap answers it, and the last
      // one asked sends the answers; a decline is refused by the station
      // in one sentence.
      label.textContent = q.question;
      for (const [word, value] of [[t("They have read it"), "yes"], [t("They decline"), "no"]]) {
        const b = document.createElement("button");
        b.type = "button";
        b.className = "ask-ack";
        b.textContent = word;
        b.dataset.value = value;
        b.addEventListener("click", () => {
          row.dataset.answer = value;
          const rows = [...fields.querySelectorAll(".ask")];
          if (value === "no" || rows.every((r) => r.classList.contains("ack") &&
                                               r.dataset.answer !== undefined))
            $("ask-yes").click();
        });
        row.append(b);
      }
    } else {
      askAnswerField(row, label, q, i, t("Yes"), t("No"));
    }
    fields.append(row);
  });
}

// The members of the person's order a supervisor may check in with the
// group: unpaid, cancelled or refunded.
function groupLeftOut(d) {
  return (d.group || []).filter((m) => m.overridable);
}

// The others of the person's order (issue 30.5): offered with one button
// that checks them in together, or, after it, who was and who was left
// out, and each one checked in with their tutorials (so that a desk
// without a printer can say who goes where).
function showGroup(d) {
  // Its names each in a <bdi>, as in the verdict's sentence (issue 53).
  checkinText($("group"), d.group_text || "",
              (d.group || []).map((m) => m.name).concat([d.supervisor]));
  $("group-yes").hidden = !(hasTrait(d, "checks-in") && d.group_offer);
  const ul = $("group-members");
  ul.replaceChildren();
  for (const m of (d.group || []).filter((m) => m.done)) {
    const tuts = (m.tutorials || []).map((tu) =>
      tu.title + " (" + tu.room + ", " + tu.slot + ")");
    if (m.tutorials_more)
      tuts.push(tf("and %s more (their tickets print with the badge)",
                   m.tutorials_more));
    const li = document.createElement("li");
    checkinText(li, m.name + ": " + (tuts.length ? tuts.join("; ")
                                                 : t("no tutorials")), [m.name]);
    ul.append(li);
  }
}

// A pre-printed badge (issue 55): its box and number in large type, and
// while it is still in the box one tap that says it was handed over (the
// terminal's confirm key: the station's group input, which hands the
// badge over first).  Handed over before: the box crossed out, and the
// sentence says when and where.
function showPreprint(d) {
  const box = d.preprint_box || "";
  $("preprint").hidden = !box;
  $("preprint").textContent =
    box ? tf("Pre-printed: box %s, #%s", box, d.preprint_position) : "";
  $("preprint").classList.toggle("handed", !!box && !d.preprint_offer);
  $("preprint-yes").hidden = !(hasTrait(d, "checks-in") && d.preprint_offer);
  // What the event still owes the person and they owe it (issue 55
  // item 2), in the station's language.
  $("needs").textContent = d.needs_text || "";
}

// The desk's walk-in form (issue 30): the event's ticket types, the PIN
// asked for a comp when the event has supervisors.
function walkinSetup() {
  const payment = () => {
    const comp = $("walkin-payment").value === "comp";
    $("walkin-reason").hidden = !comp;
    $("walkin-pin").hidden = !(comp && supervised);
  };
  // The form's ticket types and tutorials are asked for as it opens: a
  // tutorial filled or added since the page loaded shows as it is now.
  $("walkin").addEventListener("click", () => {
    fetch("/api/input", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      credentials: "same-origin",
      body: JSON.stringify({ kind: "walkin" }),
    }).then((r) => r.ok ? r.json()
                        : r.text().then((t) => ({ message: t.trim() })))
      .then((f) => {
        if (f.message) { message(f.message); return; }
        supervised = !!f.supervised;
        showTicketTypes(f.ticket_types || []);
        showTutorials(f.tutorials || []);
        $("walkin-panel").reset();
        payment();
        $("walkin-panel").hidden = false;
        $("walkin-given").focus();
      })
      .catch(() => message(t("The station did not answer; is it still running?")));
  });
  $("walkin-payment").addEventListener("change", payment);
  $("walkin-panel").addEventListener("submit", (e) => {
    e.preventDefault();
    const input = {
      kind: "register", ticket_type: $("walkin-type").value,
      given_name: $("walkin-given").value.trim(),
      family_name: $("walkin-family").value.trim(),
      email: $("walkin-email").value.trim(),
      company: $("walkin-company").value.trim(),
      payment: $("walkin-payment").value,
      // untranslated: a CSS selector.
      tutorials: [...document.querySelectorAll("#walkin-tutorial-list input:checked")]
        .map((b) => b.value),
    };
    if (input.payment === "comp") input.comp_reason = $("walkin-reason").value.trim();
    input.pin = takePin("walkin-pin");
    post(input);
    $("walkin-panel").hidden = true;
    $("entry").focus();
  });
  $("walkin-no").addEventListener("click", () => {
    takePin("walkin-pin");
    $("walkin-panel").hidden = true;
    $("entry").focus();
  });
  // Correcting the person shown: only what the volunteer changed is sent.
  $("correct").addEventListener("click", () => {
    if (!last) return;
    shown = { given_name: last.given_name || "", badge_name: last.name || "",
              pronouns: last.pronouns || "" };
    $("correct-name").textContent = last.name;
    for (const f of FIELDS) $("correct-" + f).value = shown[f] || "";
    // A name known only whole (a pretix export's attendee_name, issue
    // 49): one Name field, sent as "name", instead of its parts.
    const whole = !!last.name_whole;
    shown.name = whole ? last.given_name || "" : "";
    $("correct-whole").value = shown.name;
    $("correct-whole").hidden = !whole;
    $("correct-given_name").hidden = whole;
    $("correct-family_name").hidden = whole;
    $("correct-pin").hidden = !supervised;
    $("correct-panel").hidden = false;
    $(whole ? "correct-whole" : "correct-given_name").focus();
  });
  $("correct-panel").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!last) return;
    const input = { kind: "edit", id: last.attendee_id };
    for (const f of FIELDS) {
      if ($("correct-" + f).hidden) continue;
      const v = $("correct-" + f).value.trim();
      if (v && v !== (shown[f] || "")) input[f] = v;
    }
    if (!$("correct-whole").hidden) {
      const v = $("correct-whole").value.trim();
      if (v && v !== shown.name) input.name = v;
    }
    input.pin = takePin("correct-pin");
    post(input);
    $("correct-panel").hidden = true;
    $("entry").focus();
  });
  $("correct-no").addEventListener("click", () => {
    takePin("correct-pin");
    $("correct-panel").hidden = true;
    $("entry").focus();
  });
}

// A new roll of labels loaded (issue 30), as the terminal's Ctrl-L says
// it: the count typed, or nothing for as many as the last; a slip is
// said in the panel, which stays to be fixed.  The forecast in the
// header starts over when the station answers with its "stock" event.
function rollSetup() {
  $("roll").addEventListener("click", () => {
    $("roll-count").value = "";
    $("roll-said").textContent = "";
    $("roll-panel").hidden = false;
    $("roll-count").focus();
  });
  $("roll-panel").addEventListener("submit", (e) => {
    e.preventDefault();
    const typed = $("roll-count").value.trim();
    if (typed !== "" && (!/^[0-9]{1,6}$/.test(typed) || Number(typed) === 0)) {
      $("roll-said").textContent = t("Type how many labels the new roll " +
        "holds (such as 300), or leave it empty for as many as the last.");
      $("roll-count").focus();
      return;
    }
    post({ kind: "roll", number: typed === "" ? 0 : Number(typed) });
    $("roll-panel").hidden = true;
    $("entry").focus();
  });
  $("roll-no").addEventListener("click", () => {
    $("roll-panel").hidden = true;
    $("entry").focus();
  });
}

// The ticket types a walk-in may take, as the station said when the form
// opened.
function showTicketTypes(types) {
  const sel = $("walkin-type");
  const keep = sel.value;
  sel.replaceChildren();
  for (const t of types) {
    const o = document.createElement("option");
    o.value = t.slug;
    o.textContent = t.label;
    sel.append(o);
  }
  if (keep) sel.value = keep;
}

// The event's tutorials a walk-in may buy a seat in: each with its time
// and seats left; one full or over is shown, with why, and cannot be
// ticked (the station decides all the same).
function showTutorials(tuts) {
  const list = $("walkin-tutorial-list");
  list.replaceChildren();
  for (const tu of tuts) {
    const li = document.createElement("li");
    const label = document.createElement("label");
    const box = document.createElement("input");
    box.type = "checkbox";
    box.value = tu.slug;
    box.disabled = tu.closed !== "";
    const why = tu.closed === "full" ? t("full")
      : tu.closed === "over" ? t("already over")
      : tn("%s seat left", "%s seats left", tu.seats_left, tu.seats_left);
    const text = document.createElement("span");
    text.textContent = tu.title + " (" + tu.room + ", " + tu.slot + ") · " + why;
    label.append(box, text);
    if (box.disabled) li.className = "closed";
    li.dataset.slug = tu.slug;
    li.append(label);
    list.append(li);
  }
  $("walkin-tutorials").hidden = tuts.length === 0;
}

// A check-in that stands may be undone by a supervisor (issue 30).
function showUndo(d) {
  $("undo").hidden = !(hasTrait(d, "undoes") && d.undoable);
  $("undo-panel").hidden = true;
}

// The PIN typed with a supervisor's action: sent once, then cleared.
function takePin(id) {
  const pin = $(id).value;
  $(id).value = "";
  return pin;
}

// A check-in list's part of a verdict: what to hand over, large, and the
// answers the list shows, each with its question.
function showList(d) {
  $("hand").textContent = d.hand || "";
  // A counter with stock: what is left of the size handed, a warning
  // marked (issue 29.4); a redemption may be swapped or, within two
  // minutes, undone at this counter.
  $("stock-left").textContent = d.stock_left || "";
  $("stock-left").classList.toggle("warn", !!d.stock_warn);
  $("swap").hidden = !d.swappable;
  $("swap-panel").hidden = true;
  $("counter-undo").hidden = !(hasTrait(d, "swaps") && d.undoable);
  const al = $("answers");
  al.replaceChildren();
  for (const a of d.answers || []) {
    const li = document.createElement("li");
    li.textContent = a.question + ": " + a.answer;
    al.append(li);
  }
}

function paintStars() {
  for (const b of document.querySelectorAll(".star"))
    b.classList.toggle("on", Number(b.dataset.n) <= rating);
}

function showResults(r) {
  results = r;
  const ol = $("results");
  ol.replaceChildren();
  $("confirm").hidden = true;
  r.items.forEach((a, i) => {
    const li = document.createElement("li");
    const b = document.createElement("button");
    b.type = "button";
    const who = document.createElement("span");
    who.className = "who";
    who.dir = "auto";
    who.textContent = a.name;
    const more = document.createElement("span");
    more.className = "more";
    checkinText(more, [a.company, a.domain && "@" + a.domain, a.order_code,
                       a.ticket_type, a.status !== "paid" ? a.status_text || a.status : "",
                       a.checked_in ? t("checked in") : t("not checked in")]
      .filter((s) => s).join(" · "), [a.company]);
    b.append(who, more);
    b.addEventListener("click", () => choose(i));
    li.append(b);
    ol.append(li);
  });
}

function choose(i) {
  picked = i;
  const a = results.items[i];
  $("confirm-name").textContent = a.name;
  checkinText($("confirm-details"), [a.company, a.order_code, a.ticket_type]
    .filter((s) => s).join(" · "), [a.company]);
  $("confirm").hidden = false;
  $("confirm-yes").focus();
}

// A barcode scanner types a whole code within a few milliseconds a key;
// a person does not.  A fast burst ending in Enter is a code, even in the
// search box.
function scannerBurst() {
  if (keys.length < 6) return false;
  const span = keys[keys.length - 1] - keys[0];
  return span / (keys.length - 1) < 35;
}

function setup() {
  const entry = $("entry");
  document.querySelectorAll("[data-say]").forEach(checkinSay);
  entry.addEventListener("keydown", (e) => {
    if (e.key.length === 1) {
      const now = performance.now();
      if (keys.length && now - keys[keys.length - 1] > 300) keys = [];
      keys.push(now);
    }
  });
  entry.addEventListener("input", () => {
    clearTimeout(searchTimer);
    const q = entry.value.trim();
    if (q.length < 2) return;
    searchTimer = setTimeout(() => {
      if (!scannerBurst() && entry.value.trim() === q)
        post({ kind: "search", text: q });
    }, 350);
  });
  $("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    clearTimeout(searchTimer);
    const text = entry.value.trim();
    if (!text) return;
    const code = scannerBurst() || !traits.includes("searches");
    post({ kind: code ? "code" : "search", text });
    keys = [];
    entry.value = "";
  });
  $("confirm-yes").addEventListener("click", () => {
    post({ kind: "pick", number: picked, gen: results.gen });
    $("confirm").hidden = true;
    entry.focus();
  });
  $("confirm-no").addEventListener("click", () => {
    $("confirm").hidden = true;
    entry.focus();
  });
  $("dir-in").addEventListener("click", () => post({ kind: "direction", number: 1 }));
  $("dir-out").addEventListener("click", () => post({ kind: "direction", number: 0 }));
  $("reprint").addEventListener("click", () => {
    $("reprint-name").textContent = last ? last.name : "";
    $("reprint-panel").hidden = false;
    $("reprint-reason").focus();
  });
  $("reprint-yes").addEventListener("click", () => {
    // untranslated: the reason the log keeps, as the terminal's.
    const why = $("reprint-reason").value.trim() || "reprinted at the desk";
    const pin = takePin("reprint-pin");
    if (last) post({ kind: "reprint", id: last.attendee_id, text: why, pin: pin });
    $("reprint-panel").hidden = true;
    $("reprint-reason").value = "";
    entry.focus();
  });
  $("reprint-no").addEventListener("click", () => {
    takePin("reprint-pin");
    $("reprint-panel").hidden = true;
    entry.focus();
  });
  $("override").addEventListener("click", () => {
    if (!last) return;
    const out = last.overridable ? [] : groupLeftOut(last);
    $("override-name").textContent =
      out.length ? out.map((m) => m.name).join(", ") : last.name;
    $("override-status").textContent =
      out.length ? out.map((m) => m.order_status_text || m.order_status).join(", ")
                 : last.order_status_text || last.order_status;
    $("override-reason").value = "";
    $("override-panel").hidden = false;
    $("override-reason").focus();
  });
  // The station refuses a reason too short, with a sentence that says so.
  $("ask-yes").addEventListener("click", () => {
    if (!last || last.reason !== "question") return;
    const answers = {};
    for (const row of $("ask-fields").querySelectorAll(".ask")) {
      if (row.dataset.answer !== undefined) answers[row.dataset.id] = row.dataset.answer;
    }
    post({ kind: "answer", id: last.attendee_id, answers: answers });
  });
  $("override-yes").addEventListener("click", () => {
    const pin = takePin("override-pin");
    // Those of a group left out: the group's input, "number" 1.
    if (last && !last.overridable && groupLeftOut(last).length)
      post({ kind: "group", id: last.attendee_id, number: 1,
             text: $("override-reason").value, pin: pin });
    else if (last)
      post({ kind: "override", id: last.attendee_id,
             text: $("override-reason").value, pin: pin });
    $("override-panel").hidden = true;
    entry.focus();
  });
  $("override-no").addEventListener("click", () => {
    takePin("override-pin");
    $("override-panel").hidden = true;
    entry.focus();
  });
  $("preprint-yes").addEventListener("click", () => {
    $("preprint-yes").hidden = true;
    if (last) post({ kind: "group", id: last.attendee_id });
  });
  $("group-yes").addEventListener("click", () => {
    $("group-yes").hidden = true;
    if (last) post({ kind: "group", id: last.attendee_id });
  });
  $("swap").addEventListener("click", () => {
    if (!last) return;
    $("swap-name").textContent = last.name;
    $("swap-size").value = "";
    $("swap-panel").hidden = false;
    $("swap-size").focus();
  });
  $("swap-yes").addEventListener("click", () => {
    const size = $("swap-size").value.trim();
    if (size) post({ kind: "swap", text: size });
    $("swap-panel").hidden = true;
  });
  $("swap-no").addEventListener("click", () => {
    $("swap-panel").hidden = true;
  });
  $("counter-undo").addEventListener("click", () => {
    if (last) post({ kind: "undo", id: last.attendee_id, text: "" });
    $("counter-undo").hidden = true;
  });
  $("undo").addEventListener("click", () => {
    if (!last) return;
    $("undo-name").textContent = last.name;
    $("undo-words").value = "";
    $("undo-panel").hidden = false;
    $("undo-words").focus();
  });
  $("undo-yes").addEventListener("click", () => {
    const pin = takePin("undo-pin");
    if (last) post({ kind: "undo", id: last.attendee_id,
                     text: $("undo-words").value, pin: pin });
    $("undo-panel").hidden = true;
    entry.focus();
  });
  $("undo-no").addEventListener("click", () => {
    takePin("undo-pin");
    $("undo-panel").hidden = true;
    entry.focus();
  });
  for (const b of document.querySelectorAll(".star"))
    b.addEventListener("click", () => { rating = Number(b.dataset.n); paintStars(); });
  $("lead").addEventListener("submit", (e) => {
    e.preventDefault();
    if (!last) return;
    post({ kind: "note", id: last.lead_seq, text: $("note").value, number: rating });
    entry.focus();
  });
  // Keys typed with nothing focused (a scanner at an idle page) go to the
  // entry box.
  document.addEventListener("keydown", (e) => {
    const t = document.activeElement;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" ||
              t.tagName === "SELECT")) return;
    if (e.key.length === 1 || e.key === "Enter") entry.focus();
  });
  window.addEventListener("resize", fitName);
  walkinSetup();
  rollSetup();

  // The verdicts' sounds: on unless switched off here, remembered.
  checkinSound.button($("sound"));
  document.body.addEventListener("click", () => checkinSound.unlock());

  listen();
  entry.focus();
}

// The station's events; the browser reconnects a stream that drops, and
// one refused is asked for again here.
// The badge says this page's link to the station, and is green only when
// the station's own link to the hub (the "link" event) is not down too:
// "OFFLINE since 03:18" beside a green "connected" read as a contradiction
// (issue 50).
let pageOnline = false;
let hubOnline = null; // null: no hub, or not said yet
function paintStatus() {
  const status = $("status");
  if (!pageOnline) {
    status.textContent = t("not connected");
    // untranslated: class names.
    status.className = "status offline";
  } else if (hubOnline === false) {
    status.textContent = t("connected to this station; the hub is not");
    // untranslated: class names.
    status.className = "status partial";
  } else {
    status.textContent = t("connected");
    // untranslated: class names.
    status.className = "status online";
  }
}

// The station's state in the header: its counters, direction, and the
// buttons its kind offers.
function showStatus(s) {
  lastStatus = s;
  traits = s.traits || [];
  $("title").textContent = s.title + " · " + s.station;
  const c = s.counters;
  $("counters").textContent = hasTrait(s, "board") || hasTrait(s, "projects") ||
    hasTrait(s, "paddles") ? ""
    : hasTrait(s, "checks-in") ? tf("%s checked in", c.checked_in)
    : hasTrait(s, "room") ? (c.capacity ? tf("%s inside of %s", c.inside, c.capacity)
                                         : tf("%s inside", c.inside))
    : tf("%s leads", c.leads);
  $("direction").hidden = !hasTrait(s, "exits");
  $("dir-in").classList.toggle("on", s.direction === "in");
  $("dir-out").classList.toggle("on", s.direction === "out");
  $("find").hidden = false;
  supervised = !!s.supervised;
  $("walkin").hidden = !hasTrait(s, "walk-ins");
  $("roll").hidden = !(hasTrait(s, "prints") && s.roll);
  boardShow(hasTrait(s, "board"));
  winsShow(hasTrait(s, "wins"));
  showProjects(hasTrait(s, "projects") ? s.projects || [] : null);
}

// A sprint station's projects as buttons (issue 56 item 2): touching one
// makes it the project people are checked in to, as its table sign does.
function showProjects(list) {
  const nav = $("projects");
  nav.hidden = !list;
  if (!list) return;
  nav.replaceChildren(...list.map((p, i) => {
    const b = document.createElement("button");
    b.type = "button";
    // untranslated: class names.
    b.className = p.now ? "dir on" : "dir";
    b.setAttribute("aria-pressed", p.now ? "true" : "false");
    b.textContent = (i + 1) + " " + p.title + (p.room ? " (" + p.room + ")" : "");
    b.addEventListener("click", () => post({ kind: "code", text: p.slug }));
    return b;
  }));
}

function listen() {
  const es = new EventSource("/events");
  es.onopen = () => { pageOnline = true; paintStatus(); };
  es.onerror = () => {
    pageOnline = false;
    paintStatus();
    // Refused (the station serves as many live pages as it will): the
    // browser gives up on a stream answered so; ask again later.
    if (es.readyState === EventSource.CLOSED) setTimeout(listen, RETRY_MS);
  };
  es.addEventListener("decision", (e) => {
    showDecision(JSON.parse(e.data));
    boardVerdict();
  });
  es.addEventListener("print", (e) => {
    const p = JSON.parse(e.data);
    // The label-stock forecast (issue 30) stays in the header until the
    // next print says otherwise.
    if (p.stock) $("stock").textContent = tf("Labels: %s", p.stock);
    if (last && last.seq === p.seq) {
      last.print = p.print;
      last.print_error = p.print_error;
      last.print_error_text = p.print_error_text;
      $("print").textContent = printText(last);
    }
  });
  // A new roll said at the desk: the forecast starts over (issue 30).
  es.addEventListener("stock", (e) => {
    $("stock").textContent = tf("Labels: %s", JSON.parse(e.data).stock);
  });
  es.addEventListener("status", (e) => showStatus(JSON.parse(e.data)));
  es.addEventListener("results", (e) => showResults(JSON.parse(e.data)));
  es.addEventListener("message", (e) => message(JSON.parse(e.data).text));
  // A correction saved: the person shown carries their name now, and a
  // badge printed with the old one is offered its reprint.
  es.addEventListener("corrected", (e) => {
    const c = JSON.parse(e.data);
    if (last && last.attendee_id === c.attendee_id) {
      last.name = c.name;
      $("name").textContent = c.name;
      fitName();
      if (c.reprint) $("reprint").hidden = false;
    }
    message(c.text);
  });
  es.addEventListener("link", (e) => {
    const l = JSON.parse(e.data);
    $("link").textContent = l.text;
    $("link").className = l.online ? "" : "offline";
    hubOnline = !!l.online;
    paintStatus();
  });
}

// board.js and wins.js are deferred after this file, and an event that
// arrives between two deferred scripts would find their functions not yet
// defined (the board then stayed hidden until the next status): start
// once every script has run.
document.addEventListener("DOMContentLoaded", setup);
