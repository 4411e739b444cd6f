// The organizer dashboard: one event stream of snapshots, drawn with
// textContent and DOM calls only (registration strings are text, never
// markup; the page's Content-Security-Policy forbids inline script).
"use strict";

const COLOURS = ["#2f6fb0", "#2f8f4e", "#c2702a", "#8a4fb0", "#b03a48",
                 "#3a9aa0", "#7a7a2a", "#555555"];
const SVG = "http://www.w3.org/2000/svg";
let zone = "UTC";

function $(id) { return document.getElementById(id); }

function text(id, value) { $(id).textContent = String(value); }

function clear(el) { while (el.firstChild) el.removeChild(el.firstChild); }

// Under a room with more than one door holding its seats (seat leases,
// sync/worker.c add_seats): what each door holds and uses and the seats
// free, as `checkin hub status` says it.
function seatsRow(tbody, slug, span, stations) {
  const doors = (stations || []).filter((h) => h.seats &&
                                               h.seats.list === slug);
  if (doors.length < 2) return;
  let held = 0;
  const each = doors.map((h) => {
    held += h.seats.held;
    return tf(h.seats.used >= h.seats.held ? "%s holds %s (%s used, full)"
                                           : "%s holds %s (%s used)",
              h.name, h.seats.held, h.seats.used);
  });
  const cap = doors[0].seats.capacity;
  const free = cap === null ? "" : held <= cap ? ", " + tf("%s free", cap - held)
             : "; " + tf("%s over the capacity: each door gives back as its " +
                         "people leave and admits nobody meanwhile", held - cap);
  const tr = document.createElement("tr");
  tr.className = "seats";
  tr.dataset.seats = slug;
  const td = document.createElement("td");
  td.colSpan = span;
  td.textContent = (cap === null ? "" : tf("%s seats", cap) + "; ") +
    each.join(", ") + free;
  tr.appendChild(td);
  tbody.appendChild(tr);
}

function row(tbody, cells, cls) {
  const tr = document.createElement("tr");
  if (cls) tr.className = cls;
  for (const c of cells) {
    const td = document.createElement("td");
    if (c instanceof Node) td.appendChild(c);
    else {
      td.textContent = c === null || c === undefined ? "" : String(c);
      if (typeof c === "number") td.className = "n";
    }
    tr.appendChild(td);
  }
  tbody.appendChild(tr);
  return tr;
}

function bar(part, whole) {
  const outer = document.createElement("div");
  outer.className = "bar";
  const inner = document.createElement("div");
  const pct = whole > 0 ? Math.min(100, 100 * part / whole) : 0;
  inner.style.width = pct.toFixed(1) + "%";
  outer.appendChild(inner);
  return outer;
}

function clock(ms) {
  if (!ms) return "";
  return new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, hour: "2-digit", minute: "2-digit"
  }).format(new Date(ms));
}

// "Wed 09:00" in the event's zone: a tutorial's start, its day in the
// page's language ("mer. 09:00").
function dayClock(ms) {
  const day = new Intl.DateTimeFormat("en-US", {
    timeZone: zone, weekday: "short"
  }).format(new Date(ms));
  return checkinWeekday(day) + " " + clock(ms);
}

function ago(ms, now) {
  if (!ms) return t("never");
  const min = Math.round((now - ms) / 60000);
  if (min < 1) return tf("%s (just now)", clock(ms));
  if (min < 120) return tf("%s (%s min ago)", clock(ms), min);
  return clock(ms);
}

// A desk's printer as it last told the hub: its state and sentence, in
// red when someone must act or when it has not been heard of for longer
// than a live station takes to sync (hub status does the same).
function printerCell(h) {
  const span = document.createElement("span");
  span.className = "printer";
  if (!h.printer_state) return span;
  let said = h.printer_state + ": " + (h.printer_message || h.printer || "");
  const stale = h.printer_age_ms !== null && h.printer_age_ms >= 30000;
  if (stale)
    said += " " + tf("(not heard for %s s)", Math.round(h.printer_age_ms / 1000));
  span.textContent = said;
  if (stale || !["ready", "printing", "unknown"].includes(h.printer_state)) {
    // untranslated: class names.
    span.className = "printer trouble";
  }
  return span;
}

// A station's checkin version as it said at its last sync (hub format
// 29); "unknown" for an older checkin, which says none (hub status does
// the same).
function versionCell(h) {
  const span = document.createElement("span");
  span.className = "version";
  span.textContent = h.version || t("unknown");
  return span;
}

function drawArrivals(a) {
  const svg = $("arrivals");
  clear(svg);
  const legend = $("arrivals-legend");
  clear(legend);
  const n = a.desks.length ? a.desks[0].counts.length : 12;
  const totals = new Array(n).fill(0);
  for (const d of a.desks) d.counts.forEach((c, i) => { totals[i] += c; });
  // Four gridlines at whole numbers of people: the axis tops at 4 steps.
  const step = Math.ceil(Math.max(1, ...totals) / 4);
  const max = 4 * step;
  const left = 30, bottom = 160, width = 560, height = 140;
  const w = width / n;
  for (let i = 0; i <= 4; i++) {
    const y = bottom - height * i / 4;
    const line = document.createElementNS(SVG, "line");
    line.setAttribute("x1", left); line.setAttribute("x2", left + width);
    line.setAttribute("y1", y); line.setAttribute("y2", y);
    line.setAttribute("stroke", "#e4e6ea");
    svg.appendChild(line);
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", 2); label.setAttribute("y", y + 3);
    label.textContent = String(step * i);
    svg.appendChild(label);
  }
  const base = new Array(n).fill(0);
  a.desks.forEach((d, k) => {
    const colour = COLOURS[k % COLOURS.length];
    d.counts.forEach((c, i) => {
      if (!c) return;
      const h = height * c / max;
      const rect = document.createElementNS(SVG, "rect");
      rect.setAttribute("x", left + i * w + 2);
      rect.setAttribute("width", Math.max(1, w - 4));
      rect.setAttribute("y", bottom - base[i] - h);
      rect.setAttribute("height", h);
      rect.setAttribute("fill", colour);
      const title = document.createElementNS(SVG, "title");
      title.textContent = tf("%s: %s at %s", d.station, c,
                             clock(a.start_ms + i * a.bucket_ms));
      rect.appendChild(title);
      svg.appendChild(rect);
      base[i] += h;
    });
    const li = document.createElement("li");
    const swatch = document.createElement("span");
    swatch.style.background = colour;
    li.appendChild(swatch);
    li.appendChild(document.createTextNode(d.station));
    legend.appendChild(li);
  });
  for (let i = 0; i < n; i += 3) {
    const label = document.createElementNS(SVG, "text");
    label.setAttribute("x", left + i * w);
    label.setAttribute("y", bottom + 14);
    label.textContent = clock(a.start_ms + i * a.bucket_ms);
    svg.appendChild(label);
  }
  if (!a.desks.length) {
    const none = document.createElementNS(SVG, "text");
    none.setAttribute("x", left + 10); none.setAttribute("y", 90);
    none.textContent = t("No check-ins in these two hours.");
    svg.appendChild(none);
  }
}

function duration(s) {
  if (s < 60) return tf("%s s", Math.max(1, Math.round(s)));
  const min = Math.round(s / 60);
  return min < 120 ? tf("%s min", min) : tf("%s h", checkinNumber(s / 3600, 1));
}

// The desks as a queue (report/dashboard.c, desk_queue): the wait an
// arrival can expect, or that the desks are not keeping up.
function drawQueue(q) {
  const w = $("wait");
  w.className = "wait";
  if (!q.open) {
    w.textContent = t("No desk has decided anything in the last 15 minutes");
  } else if (!q.keeping_up) {
    w.textContent = t("The desks are not keeping up: open another desk");
    // untranslated: class names.
    w.className = "wait late";
  } else if (q.wait_s === null) {
    w.textContent = t("Too few check-ins yet to estimate the wait");
  } else {
    w.textContent = tf("About %s in line", duration(q.wait_s));
    // untranslated: class names.
    if (q.wait_s >= 600) w.className = "wait late";
  }
  let d = "";
  if (q.open) {
    d = tn("%s people an hour at %s open desk",
           "%s people an hour at %s open desks", q.open,
           Math.round(q.arrivals_per_hour), q.open);
    if (q.capacity_per_hour !== null)
      d += ", " + tf("which can serve %s an hour (%s busy)",
                     Math.round(q.capacity_per_hour),
                     Math.round(100 * q.utilization) + "%");
    d += "; ";
  }
  d += tf("%s paid registrations still to arrive.", q.still_expected);
  text("wait-detail", d);
  const tb = $("desks").tBodies[0];
  clear(tb);
  for (const k of q.desks) {
    const tr = row(tb, [k.station, k.decisions_15min,
                        k.service_s === null ? "–" : duration(k.service_s),
                        k.service_s === null ? "–"
                                             : Math.round(3600 / k.service_s)]);
    tr.dataset.station = k.station;
  }
}

// The desks' lines from the triage's sends (report/desk_lines.c): each
// desk's line and median wait, and a better split when one letter desk's
// line is twice another's.
function drawLines(l) {
  $("lines-card").hidden = !l;
  if (!l) return;
  const p = l.proposal;
  const lineOf = (name) => l.desks.find((k) => k.desk === name).line;
  text("lines-proposal", !p ? t("No desk's line is twice another's.")
       // A ticket types' desk (issue 55): a second desk for its types.
       : p.split ? tf("%s wait at desk %s and %s at desk %s: open a second " +
                      "desk for desk %s's ticket types, and split them by " +
                      "family name: %s at desk %s, %s at the new desk.",
                      lineOf(p.from), p.from, lineOf(p.to), p.to, p.from,
                      p.keep, p.from, p.move)
       : p.ratio ? tf("Desk %s's line is %sx desk %s's: move %s from desk " +
                      "%s to desk %s.", p.from, p.ratio.toFixed(1), p.to,
                      p.move, p.from, p.to)
       : tf("Desk %s has %s in line and desk %s none: move %s from desk %s " +
            "to desk %s.", p.from, lineOf(p.from), p.to, p.move, p.from,
            p.to));
  const tb = $("lines").tBodies[0];
  clear(tb);
  for (const k of l.desks) {
    const tr = row(tb, [k.desk, k.letters || "–", k.line, k.sent,
                        k.wait_s === null ? "–" : duration(k.wait_s)]);
    tr.dataset.desk = k.desk;
  }
}

/* The caterer's count (report/lunch.c's model, docs/dashboard.md "Lunch"):
 * a number per diet, the special meals seen so far by name, and the same
 * projection on each earlier day beside what was taken. */
function drawLunch(l) {
  $("lunch-card").hidden = !l;
  if (!l) return;
  const why = {
    "first-day": t("No projection yet: no earlier day has check-ins to " +
                   "learn the arrivals and the lunches taken from."),
    "none-by-then": tf("No projection yet: on the earlier days nobody had " +
                       "arrived by %s.", l.at)
  };
  text("lunch-summary", l.why ? why[l.why] + " " + tf("Seen so far: %s.", l.seen)
       : tf("%s on %s, projected at %s: %s lunches.", l.title, l.day, l.at,
            l.count));
  let tb = $("lunch").tBodies[0];
  clear(tb);
  for (const d of l.why ? [] : l.diets) {
    const name = d.answer || (l.standard
      ? tf("Standard meal (%s or no answer)", l.standard) : t("Standard meal"));
    const tr = row(tb, [name, d.count, d.seen, d.lunched]);
    tr.dataset.diet = d.answer;
  }
  text("lunch-special", l.special.length
       ? tf("Special meals seen so far (%s): %s", l.question,
            l.special.map((p) => p.name + ": " + p.answer).join("; "))
       : "");
  tb = $("lunch-checks").tBodies[0];
  clear(tb);
  for (const k of l.checks) {
    const off = k.count - k.actual;
    row(tb, [k.day, k.count, k.actual + " (" + (off >= 0 ? "+" : "") + off +
                             ")"]).dataset.day = k.day;
  }
}

function draw(s) {
  zone = s.event.timezone || "UTC";
  text("event", s.event.name);
  document.title = s.event.name + " · checkin";
  const r = s.registrations;
  // The headline's numbers as the page's language writes them ("1 234",
  // "42,0%" in French).
  text("checked-in", checkinNumber(s.checked_in));
  text("expected", checkinNumber(r.paid));
  text("percent", r.paid ? checkinNumber(100 * s.checked_in / r.paid, 1) + "%"
                         : "–");
  text("pending", checkinNumber(r.pending));
  text("cancelled", checkinNumber(r.cancelled + r.refunded));
  text("scans", checkinNumber(s.scans));

  let tb = $("types").tBodies[0];
  clear(tb);
  for (const ty of s.types) {
    const tr = row(tb, [ty.label, ty.checked_in, ty.paid, ty.pending,
                        bar(ty.checked_in, ty.paid)]);
    tr.dataset.slug = ty.slug;
  }

  drawArrivals(s.arrivals);
  drawQueue(s.queue);
  drawLines(s.lines);

  tb = $("rooms").tBodies[0];
  clear(tb);
  for (const u of s.rooms) {
    const full = u.inside >= u.capacity;
    const tr = row(tb, [u.label, u.inside, u.capacity,
                        u.paid + u.pending +
                          (u.over_capacity
                           ? " " + tf("(over by %s)", u.over_capacity) : ""),
                        u.checked_in], full ? "full" : "");
    tr.dataset.slug = u.slug;
    seatsRow(tb, u.slug, 5, s.hub_stations);
  }

  tb = $("lists").tBodies[0];
  clear(tb);
  for (const l of s.lists || []) {
    const left = (l.stock || []).map((k) => k.text).join("; ");
    const warn = (l.stock || []).some((k) => k.warn);
    const tr = row(tb, [l.title, l.admitted, left], warn ? "full" : "");
    tr.dataset.slug = l.slug;
    seatsRow(tb, l.slug, 3, s.hub_stations);
  }

  drawLunch(s.lunch);

  tb = $("stations").tBodies[0];
  clear(tb);
  for (const st of s.stations) {
    const kind = st.mode === "door" ? tf("door %s", st.target)
               : st.mode === "leads" ? tf("leads %s", st.target) : st.mode;
    const rate = st.mode === "leads" ? "" : st.admitted_15min * 4;
    const tr = row(tb, [st.station, kind, ago(st.last_ms, s.end_ms), st.scans,
                        rate]);
    tr.dataset.station = st.station;
  }
  // On a hub's event database: every enrolled station's health, as
  // `checkin hub status` shows it (sync/worker.c, read_stations).
  const hub = $("hub-stations");
  hub.hidden = !s.hub_stations;
  tb = hub.tBodies[0];
  clear(tb);
  for (const h of s.hub_stations || []) {
    const skew = h.skew_s === null ? ""
               : Math.abs(h.skew_s) < 5 ? t("in time")
               : tf("%s s off", (h.skew_s > 0 ? "+" : "") + h.skew_s);
    const state = h.retired ? t("retired") : h.live ? t("live") : t("offline");
    const tr = row(tb, [h.name, h.kind, state,
                        h.seen_ms === null ? t("never") : ago(h.seen_ms, s.now_ms),
                        h.not_sent, skew, h.conflicts, versionCell(h),
                        printerCell(h)],
                   h.retired || (h.live && Math.abs(h.skew_s || 0) < 300)
                     ? "" : "full");
    tr.dataset.station = h.name;
  }
  tb = $("printers").tBodies[0];
  clear(tb);
  for (const p of s.printers)
    row(tb, [p.printer, p.done, p.queued, p.failed, p.last_error],
        p.failed ? "full" : "");

  const ul = $("anomalies");
  clear(ul);
  for (const a of s.anomalies.two_desks) {
    const li = document.createElement("li");
    checkinText(li, tf("%s (%s, ticket %s) was admitted at %s desks: %s.",
                       a.name, a.order_code, a.ticket_id, a.admits,
                       a.stations.split(",").join(", ")), [a.name]);
    ul.appendChild(li);
  }
  for (const a of s.anomalies.not_paid) {
    const li = document.createElement("li");
    checkinText(li, tf("%s (%s, ticket %s) was admitted and is now %s.",
                       a.name, a.order_code, a.ticket_id, a.status), [a.name]);
    ul.appendChild(li);
  }
  for (const a of s.anomalies.overrides || []) {
    const li = document.createElement("li");
    const what = a.reason.replace(/^override-/, "");
    checkinText(li, tf("%s (%s, ticket %s) was checked in on a " +
                       "supervisor's override at %s, %s (order %s): %s",
                       a.name, a.order_code, a.ticket_id, a.station,
                       clock(a.at_ms), what, a.override), [a.name]);
    ul.appendChild(li);
  }
  // Booked into two tutorials at one time (issue 57): the desk shows it
  // too; the organizer may move one before the morning.
  const cl = s.anomalies.clashes || {count: 0, people: []};
  for (const a of cl.people) {
    const li = document.createElement("li");
    checkinText(li, tf("%s (ticket %s) is booked into two tutorials at one " +
                       "time: %s and %s, both at %s.", a.name, a.ticket_id,
                       a.first, a.second, dayClock(a.starts_at * 1000)),
                [a.name]);
    ul.appendChild(li);
  }
  if (cl.count > cl.people.length) {
    const li = document.createElement("li");
    li.textContent = tf("More people are booked into two tutorials at one " +
      "time (%s in all): checkin stats EVENT.db lists the first %s.",
      cl.count, cl.people.length);
    ul.appendChild(li);
  }
  // A live station of an older checkin at the hub: what it misses, as
  // `checkin hub status` says it (hubschema/hub_schema.c, OLDER_MISSES).
  for (const h of s.hub_stations || []) {
    if (!h.older)
      continue;
    const li = document.createElement("li");
    li.className = "older";
    li.dataset.station = h.name;
    li.textContent = h.older;
    ul.appendChild(li);
  }
  // An auction door's paddle labels that did not print (hub format 36),
  // as `checkin hub status` says them under the door's row.
  for (const h of s.hub_stations || []) {
    if (!h.paddles_failed)
      continue;
    const li = document.createElement("li");
    li.className = "paddles";
    li.dataset.station = h.name;
    li.textContent = tf("%s: paddle labels not printed: %s; print them " +
      "again at the door with Ctrl-R once its printer is ready.",
      h.name, h.paddles_failed);
    ul.appendChild(li);
  }
  // Pre-printed badges still in their boxes (issue 55).
  if (s.preprinted && s.preprinted.uncollected) {
    const li = document.createElement("li");
    li.className = "uncollected";
    li.textContent = tf("%s of %s pre-printed badges not collected yet: " +
      "checkin report EVENT.db uncollected lists them by box.",
      s.preprinted.uncollected, s.preprinted.all);
    ul.appendChild(li);
  }
  const nb = s.anomalies.no_badge || {count: 0, people: []};
  for (const a of nb.people) {
    const li = document.createElement("li");
    checkinText(li, tf("%s (ticket %s) was checked in at %s, %s, and has " +
                       "no printed badge (%s).", a.name, a.ticket_id,
                       a.station, clock(a.at_ms),
                       a.job ? tf("its badge job is %s", a.job)
                             : t("no badge job")), [a.name]);
    ul.appendChild(li);
  }
  if (nb.count > nb.people.length) {
    const li = document.createElement("li");
    li.textContent = tf("%s more checked in without a printed badge: " +
      "checkin attendees EVENT.db --no-badge lists them all.",
      nb.count - nb.people.length);
    ul.appendChild(li);
  }
  // Badges sent to printers that cannot confirm printing: one line, after
  // the anomalies, since each may well have come out.
  if (nb.sent) {
    const li = document.createElement("li");
    li.className = "unconfirmed";
    li.textContent = tn(
      "%s badge went to printers that cannot confirm printing; the desks " +
        "see whether they came out (checkin attendees EVENT.db --no-badge " +
        "lists them).",
      "%s badges went to printers that cannot confirm printing; the desks " +
        "see whether they came out (checkin attendees EVENT.db --no-badge " +
        "lists them).", nb.sent, nb.sent);
    ul.appendChild(li);
  }
  if (!ul.firstChild) {
    const li = document.createElement("li");
    li.className = "none";
    li.textContent = t("None.");
    ul.appendChild(li);
  }

  tb = $("leads").tBodies[0];
  clear(tb);
  for (const l of s.leads) {
    const tr = row(tb, [l.name, l.leads]);
    tr.dataset.sponsor = l.sponsor;
  }

  tb = $("sprints").tBodies[0];
  clear(tb);
  for (const p of s.sprints || []) {
    const tr = row(tb, [p.title, p.day, p.people]);
    tr.dataset.project = p.project;
  }

  tb = $("open-spaces").tBodies[0];
  clear(tb);
  for (const o of s.open_spaces || []) {
    const tr = row(tb, [o.slot, o.room, o.title,
                        o.attendance + " / " + o.seats]);
    tr.dataset.room = o.room;
  }

  tb = $("recent").tBodies[0];
  clear(tb);
  for (const c of s.recent)
    row(tb, [clock(c.at_ms), c.name, c.ticket_type, c.station]);
  document.body.dataset.version = String(s.version || "");
}

// The latest snapshot, drawn again when the page's words come.
let lastSnapshot = null;

// The snapshot on the page, and the time it was taken in the status line.
function show(s) {
  lastSnapshot = s;
  draw(s);
  const st = $("status");
  st.className = "status";
  // The event's clock, as every time on the page, not the machine's.
  st.textContent = tf("Live · updated %s", new Intl.DateTimeFormat("en-GB", {
    timeZone: zone, hour: "2-digit", minute: "2-digit", second: "2-digit"
  }).format(new Date(s.now_ms || Date.now())));
}

function connect() {
  const events = new EventSource("/events");
  events.addEventListener("snapshot", (e) => {
    const s = JSON.parse(e.data);
    s.version = e.lastEventId;
    show(s);
  });
  events.addEventListener("problem", (e) => {
    const p = $("problem");
    p.textContent = e.data ? tf("Last update failed: %s", e.data) : "";
    p.hidden = !e.data;
  });
  events.onerror = () => {
    const st = $("status");
    // untranslated: class names.
    st.className = "status offline";
    st.textContent = t("Not connected to checkin; retrying…");
    // Refused (the dashboard serves as many live pages as it will): the
    // browser gives up on a stream answered so; ask again later.
    if (events.readyState === EventSource.CLOSED) setTimeout(connect, 5000);
  };
}

// The undo (checkin dashboard --undo): offered only when the server says
// so; the server's sentence is shown as it came, success or refusal.
function offerUndo() {
  fetch("/api/undo").then((r) => r.json()).then((u) => {
    if (!u.undo) return;
    $("undo").hidden = false;
    $("undo-form").addEventListener("submit", (e) => {
      e.preventDefault();
      const said = $("undo-said");
      said.className = "small";
      said.textContent = t("Undoing…");
      fetch("/api/undo", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ ticket: $("undo-ticket").value.trim(),
                               why: $("undo-why").value }),
      }).then((r) => r.text().then((body) => {
        // untranslated: class names.
        said.className = r.ok ? "small done" : "small refused";
        said.textContent = body.trim();
        if (r.ok) $("undo-why").value = "";
      })).catch(() => {
        // untranslated: class names.
        said.className = "small refused";
        said.textContent = t("The dashboard could not be reached; nothing " +
          "was undone. Try again when it says Live.");
      });
    });
  }).catch(() => {});
}

// The page's words in the dashboard's language (shared.js, `checkin
// dashboard --lang`): the headline's sentences, and the latest snapshot
// drawn again in them.
document.querySelectorAll("[data-say]").forEach(checkinSay);
checkinLoadWords(() => {
  document.querySelectorAll("[data-say]").forEach(checkinSay);
  if (lastSnapshot) show(lastSnapshot);
});
connect();
offerUndo();
