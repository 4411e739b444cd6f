// A sponsor's booth on its own phone: scan.js reads badges with the
// camera and posts them to /api/booth/scan (body data-post); this adds
// the booth's own leads (/api/booth/leads), a lead's note, rating and
// tags by touch (/api/booth/lead) and the CSV download.  The station
// answers for this booth's sponsor only (its token, in a cookie); strings
// from it are shown with textContent only.
"use strict";

const B = (id) => document.getElementById(id);
const booth = { leads: 0, saved: 0, errors: 0, editing: 0 };
window.checkinBooth = booth; // read by the tests

let editing = null; // the lead being edited
let chosen = new Set();
let stars = 0;

// "HH:MM" in the event's time zone, from the station's local ISO time.
function when(l) {
  return l.at.slice(11, 16);
}

function describe(l) {
  const parts = [when(l)];
  if (l.rating) parts.push(l.rating + "/5");
  if (l.tags.length) parts.push(l.tags.join(", "));
  return parts.join(" - ");
}

function load() {
  return fetch("/api/booth/leads", { credentials: "same-origin" })
    .then((r) => r.ok ? r.json() : Promise.reject(r.status))
    .then((a) => {
      booth.leads = a.leads.length;
      B("count").textContent = String(a.leads.length);
      const list = B("list");
      list.replaceChildren();
      for (const l of a.leads.slice().reverse()) {
        const li = document.createElement("li");
        li.dataset.id = String(l.id);
        const title = document.createElement("div");
        title.textContent = "Badge " + l.badge_id + (l.note ? ": " + l.note : "");
        const meta = document.createElement("div");
        meta.className = "meta";
        meta.textContent = describe(l);
        li.append(title, meta);
        li.onclick = () => edit(l);
        list.append(li);
      }
      return a.leads;
    })
    .catch(() => { booth.errors++; });
}

function paintStars() {
  for (const b of B("stars").querySelectorAll("button"))
    b.classList.toggle("on", Number(b.dataset.stars) === stars && stars > 0);
}

function paintTags() {
  const box = B("tags");
  for (const t of chosen)
    if (!box.querySelector('[data-tag="' + CSS.escape(t) + '"]')) addChip(t);
  for (const b of box.querySelectorAll(".tag"))
    b.classList.toggle("on", chosen.has(b.dataset.tag));
}

function addChip(t) {
  const b = document.createElement("button");
  b.type = "button";
  b.className = "tag";
  b.dataset.tag = t;
  b.textContent = t;
  b.onclick = () => toggle(t);
  B("tags").append(b);
}

function toggle(t) {
  if (chosen.has(t)) chosen.delete(t);
  else if (chosen.size < 8) chosen.add(t);
  paintTags();
}

function edit(l) {
  editing = l;
  booth.editing = l.id;
  chosen = new Set(l.tags);
  stars = l.rating;
  B("edit-title").textContent = "Badge " + l.badge_id + " at " + when(l);
  B("note").value = l.note;
  B("edit-msg").textContent = "";
  paintStars();
  paintTags();
  B("leads").hidden = true;
  B("edit").hidden = false;
}

function save() {
  if (!editing) return;
  fetch("/api/booth/lead", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify({ id: editing.id, note: B("note").value,
                           rating: stars, tags: Array.from(chosen) }),
  }).then((r) => r.ok ? r.json() : r.text().then((t) => ({ message: t.trim() })))
    .then((a) => {
      if (a.message) {
        booth.errors++;
        B("edit-msg").textContent = a.message;
        return;
      }
      booth.saved++;
      B("edit-msg").textContent = "Saved.";
      load();
    })
    .catch(() => {
      booth.errors++;
      B("edit-msg").textContent = "The station did not answer; try again.";
    });
}

function setup() {
  for (const b of B("stars").querySelectorAll("button"))
    b.onclick = () => { stars = Number(b.dataset.stars); paintStars(); };
  for (const b of B("tags").querySelectorAll(".tag"))
    b.onclick = () => toggle(b.dataset.tag);
  B("add-tag").onclick = () => {
    const t = B("new-tag").value.trim();
    if (t) toggle(t);
    B("new-tag").value = "";
  };
  B("save").onclick = save;
  B("close").onclick = () => { B("edit").hidden = true; B("leads").hidden = false; };
  B("show-leads").onclick = () => { load(); B("edit").hidden = true; B("leads").hidden = false; };
  B("hide-leads").onclick = () => { B("leads").hidden = true; };
  // A lead just recorded opens for its note.
  // A code kept while the station could not be reached, recorded now:
  // its lead is listed (not opened: the visitor has gone).
  document.addEventListener("checkin-sent-later", () => load());
  document.addEventListener("checkin-decision", (e) => {
    const d = e.detail;
    load().then((leads) => {
      if (d.lead_seq && leads) {
        const l = leads.find((x) => x.id === d.lead_seq);
        if (l) edit(l);
      }
    });
  });
  load();
}

setup();
