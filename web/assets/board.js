// The open spaces' board (issue 56) on the station's page, shown when
// the station has the "board" trait: the rooms by the slots of a day,
// each session's title, host and people inside of its room's seats,
// asked of the station ({"kind":"board"}) now and again and after each
// scan; a host who scanned their badge types a title and picks a free
// slot ({"kind":"claim"}), or releases their own session (the same with
// "release": true), and the station's one sentence is shown.  Claims lost
// to an earlier claim of their slot (made while boards were cut off, and
// settled alike on every board once synced) are listed under the table
// with the next free slot offered to their host.
"use strict";

let board = null;       // the board as the station last said it
let boardTimer = 0;
const BOARD_EVERY_MS = 10000;

function boardAsk(input) {
  return fetch("/api/input", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(input),
  }).then((r) => r.ok ? r.json() : r.text().then((s) => ({ message: s.trim() })))
    .catch(() => ({ message: t("The station did not answer; is it still running?") }));
}

function boardCell(b, room, slot) {
  const td = document.createElement("td");
  const s = b.sessions.find((x) => x.room === room && x.slot === slot);
  if (slot === b.now) td.className = "now";
  if (!s) {
    const span = document.createElement("span");
    span.className = "free";
    span.textContent = t("free");
    td.append(span);
    return td;
  }
  const title = document.createElement("strong");
  title.dir = "auto";
  title.textContent = s.title;
  const more = document.createElement("div");
  checkinText(more, tf("hosted by %s; %s of %s inside", s.host, s.inside, s.seats),
              [s.host]);
  td.append(title, more);
  if (s.mine) {
    // The host scanned last holds it: they may release it.
    const free = document.createElement("button");
    free.type = "button";
    free.className = "board-release";
    free.textContent = t("Release");
    free.addEventListener("click", () => boardRelease(room, slot));
    td.append(free);
  }
  return td;
}

function boardRelease(room, slot) {
  boardAsk({ kind: "claim", release: true, room, slot }).then((a) => {
    $("board-said").textContent = a.text || a.message || "";
    if (a.board && a.board.rooms) boardDraw(a.board);
  });
}

// A claim lost to an earlier one, and the slot offered its host.
function boardLost(x) {
  const li = document.createElement("li");
  checkinText(li, x.next_room
    ? tf("\"%s\" by %s lost %s at %s to an earlier claim; the next free slot is %s at %s.",
         x.title, x.host, x.room, x.slot, x.next_room, x.next_slot)
    : tf("\"%s\" by %s lost %s at %s to an earlier claim; no slot is free.",
         x.title, x.host, x.room, x.slot), [x.title, x.host]);
  return li;
}

function boardDraw(b) {
  board = b;
  const pick = $("board-day");
  const day = pick.value && b.days.includes(pick.value) ? pick.value : b.day;
  pick.replaceChildren(...b.days.map((d) =>
    new Option(checkinDay(d), d, false, d === day)));
  const head = document.createElement("th");
  head.scope = "col";
  head.textContent = t("Room");
  $("board-head").replaceChildren(head, ...b.slots.map((s) => {
    const th = document.createElement("th");
    th.scope = "col";
    th.textContent = s;
    return th;
  }));
  $("board-rows").replaceChildren(...b.rooms.map((r) => {
    const tr = document.createElement("tr");
    const th = document.createElement("th");
    th.scope = "row";
    th.textContent = tf("%s (%s seats)", r.room, r.seats);
    tr.append(th, ...b.slots.map((s) => boardCell(b, r.room, day + " " + s)));
    return tr;
  }));
  // The free slots of the day, for the host scanned last.
  const free = [];
  for (const s of b.slots)
    for (const r of b.rooms)
      if (!b.sessions.some((x) => x.room === r.room && x.slot === day + " " + s))
        free.push({ room: r.room, slot: day + " " + s });
  const was = $("board-slot").value;
  $("board-slot").replaceChildren(...free.map((f) => {
    const v = f.room + "|" + f.slot;
    return new Option(tf("%s at %s", f.room, f.slot), v, false, v === was);
  }));
  const lost = b.lost || [];
  $("board-lost").hidden = !lost.length;
  $("board-lost").replaceChildren(...lost.map(boardLost));
  $("board-claim").hidden = !b.host;
  $("board-host").textContent = b.host
    ? tf("Hosting: %s. Type your session's title and choose a free slot.", b.host)
    : "";
}

function boardRefresh() {
  boardAsk({ kind: "board" }).then((b) => {
    if (b.message) { $("board-said").textContent = b.message; return; }
    boardDraw(b);
  });
}

// Called by station.js: the station's traits said (status), and each
// verdict (a host scanned).
function boardShow(on) {
  $("board").hidden = !on;
  if (!on || boardTimer) return;
  boardRefresh();
  boardTimer = setInterval(boardRefresh, BOARD_EVERY_MS);
}

function boardVerdict() {
  if (!$("board").hidden) boardRefresh();
}

$("board-day").addEventListener("change", () => { if (board) boardDraw(board); });
$("board-claim").addEventListener("submit", (e) => {
  e.preventDefault();
  const [room, slot] = ($("board-slot").value || "|").split("|");
  boardAsk({ kind: "claim", room, slot, title: $("board-title").value.trim() })
    .then((a) => {
      $("board-said").textContent = a.text || a.message || "";
      if (a.board && a.board.rooms) boardDraw(a.board);
      if (a.claimed) $("board-title").value = "";
    });
});
