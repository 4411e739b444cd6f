// A sponsor's booth on its own phone: scan.js reads badges with the
// camera and posts them to /api/booth/scan (body data-post); this adds
// the booth's own leads (/api/booth/leads), a lead's note, rating and
// tags by touch (/api/booth/lead) and the CSV download.  The station
// answers for this booth's sponsor only (its token, in a cookie); strings
// from it are shown with textContent only.
//
// While the station cannot be reached, the phone decides a lead itself
// (decideHere, called by scan.js for each read it keeps): the badge's
// Ed25519 signature checked with WebCrypto against the event's public
// keys, and its badge id against the revoked badges' hashes, both as the
// station last gave them (/api/booth/keys, kept in IndexedDB).  Only
// public keys and hashes reach the phone.  The read is kept and sent when
// the station answers, and the station's decision stands (scan.js lists a
// differing one as its correction).  docs/phones.md, "A booth's phone
// decides by itself"; docs/badge-payload.md for the layout.
"use strict";

const B = (id) => document.getElementById(id);
const booth = { leads: 0, saved: 0, errors: 0, editing: 0, kit: false,
                kitKept: false, keys: 0, revoked: 0 };
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
      for (const l of a.leads) knownLeads.add(l.badge_id);
      B("count").textContent = String(a.leads.length);
      const list = B("list");
      list.replaceChildren();
      for (const l of a.leads.slice().reverse()) {
        const li = document.createElement("li");
        li.dataset.id = String(l.id);
        const title = document.createElement("div");
        checkinText(title, l.note ? tf("Badge %s: %s", l.badge_id, l.note)
                                   : tf("Badge %s", l.badge_id), [l.note]);
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
  B("edit-title").textContent = tf("Badge %s at %s", l.badge_id, when(l));
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
      B("edit-msg").textContent = t("Saved.");
      load();
    })
    .catch(() => {
      booth.errors++;
      B("edit-msg").textContent = t("The station did not answer; try again.");
    });
}

// ---- deciding a lead on the phone ----

let kit = null;             // { event_tag, sponsor, keys, revoked, got_ms }
let revokedSet = new Set(); // the revoked badges' hashes, hex
const keyCache = new Map(); // key id -> CryptoKey
const knownLeads = new Set(); // badge ids of this booth's leads (hex)
const KIT_MS = 60000;       // the kit is asked for again this often

function useKit(k) {
  kit = k;
  revokedSet = new Set(k.revoked);
  keyCache.clear();
  booth.kit = true;
  booth.keys = k.keys.length;
  booth.revoked = k.revoked.length;
}

// The station's keys and revoked badges, kept for when it cannot be
// reached; the kept one is used until the station gives a newer.
function fetchKit() {
  return fetch("/api/booth/keys", { credentials: "same-origin" })
    .then((r) => r.ok ? r.json() : Promise.reject(r.status))
    .then((k) => {
      k.got_ms = Date.now();
      useKit(k);
      return storeOps.then(() => inStore("readwrite", (s) => s.put(k, "kit"), "kit"))
        .then(() => { booth.kitKept = true; });
    })
    .catch(() => {});
}

function recallKit() {
  storeOps.then(() => inStore("readonly", (s, set) => {
    const q = s.get("kit");
    q.onsuccess = () => set(q.result);
  }, "kit")).then((k) => {
    if (k && !kit) useKit(k);
  }).catch(() => {});
}

// The CSV through the page, so that it can say why a file has no contact
// details (the station's sentence in Checkin-Leads-Note); the file is
// saved as the link would have saved it.
function downloadCsv() {
  const note = B("csv-note");
  return fetch("/api/booth/leads.csv", { credentials: "same-origin" })
    .then((r) => r.ok ? r.blob().then((b) => [r, b]) : r.text().then((w) => Promise.reject(w)))
    .then(([r, b]) => {
      const said = r.headers.get("Checkin-Leads-Note");
      note.textContent = said || "";
      note.hidden = !said;
      const name = new RegExp('filename="([^"]+)"')
        .exec(r.headers.get("Content-Disposition") || "");
      const a = document.createElement("a");
      a.href = URL.createObjectURL(b);
      a.download = name ? name[1] : "leads.csv";
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    })
    .catch((why) => {
      note.textContent = typeof why === "string" && why ? why.trim() :
        t("The station cannot be reached; download again when it is back online.");
      note.hidden = false;
    });
}

const B45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";

// RFC 9285 base45, strictly (as badge/base45.c): null for a bad text.
function base45(t) {
  if (t.length % 3 === 1) return null;
  const out = [];
  for (let i = 0; i < t.length; i += 3) {
    const c = [0, 1, 2].slice(0, Math.min(3, t.length - i))
      .map((j) => B45.indexOf(t[i + j]));
    if (c.some((x) => x < 0)) return null;
    const n = c[0] + c[1] * 45 + (c.length === 3 ? c[2] * 2025 : 0);
    if (c.length === 3) {
      if (n > 0xffff) return null;
      out.push(n >> 8, n & 0xff);
    } else {
      if (n > 0xff) return null;
      out.push(n);
    }
  }
  return new Uint8Array(out);
}

// BLAKE2b (RFC 7693) of `data` into `outLen` bytes, unkeyed: the hash
// libsodium's crypto_generichash makes of a revoked badge's id
// (badge_revocation_hash), which WebCrypto does not offer.
const B2_IV = [
  0x6a09e667f3bcc908n, 0xbb67ae8584caa73bn, 0x3c6ef372fe94f82bn, 0xa54ff53a5f1d36f1n,
  0x510e527fade682d1n, 0x9b05688c2b3e6c1fn, 0x1f83d9abfb41bd6bn, 0x5be0cd19137e2179n];
const B2_SIGMA = [
  [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15],
  [14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3],
  [11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4],
  [7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8],
  [9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13],
  [2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9],
  [12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11],
  [13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10],
  [6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5],
  [10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0]];
const M64 = (1n << 64n) - 1n;
const rotr = (x, n) => ((x >> n) | (x << (64n - n))) & M64;

function blake2b(data, outLen) {
  const h = B2_IV.slice();
  h[0] ^= 0x01010000n ^ BigInt(outLen);
  const blocks = Math.max(1, Math.ceil(data.length / 128));
  for (let b = 0; b < blocks; b++) {
    const last = b === blocks - 1;
    const block = new Uint8Array(128);
    block.set(data.subarray(b * 128, Math.min(data.length, b * 128 + 128)));
    const m = [];
    for (let i = 0; i < 16; i++) {
      let w = 0n;
      for (let j = 7; j >= 0; j--) w = (w << 8n) | BigInt(block[i * 8 + j]);
      m.push(w);
    }
    const t = BigInt(last ? data.length : (b + 1) * 128);
    const v = h.concat(B2_IV);
    v[12] ^= t & M64;
    v[13] ^= t >> 64n;
    if (last) v[14] ^= M64;
    const g = (a, bb, c, d, x, y) => {
      v[a] = (v[a] + v[bb] + x) & M64;
      v[d] = rotr(v[d] ^ v[a], 32n);
      v[c] = (v[c] + v[d]) & M64;
      v[bb] = rotr(v[bb] ^ v[c], 24n);
      v[a] = (v[a] + v[bb] + y) & M64;
      v[d] = rotr(v[d] ^ v[a], 16n);
      v[c] = (v[c] + v[d]) & M64;
      v[bb] = rotr(v[bb] ^ v[c], 63n);
    };
    for (let r = 0; r < 12; r++) {
      const s = B2_SIGMA[r % 10];
      g(0, 4, 8, 12, m[s[0]], m[s[1]]);
      g(1, 5, 9, 13, m[s[2]], m[s[3]]);
      g(2, 6, 10, 14, m[s[4]], m[s[5]]);
      g(3, 7, 11, 15, m[s[6]], m[s[7]]);
      g(0, 5, 10, 15, m[s[8]], m[s[9]]);
      g(1, 6, 11, 12, m[s[10]], m[s[11]]);
      g(2, 7, 8, 13, m[s[12]], m[s[13]]);
      g(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (let i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
  }
  const out = new Uint8Array(outLen);
  for (let i = 0; i < outLen; i++) out[i] = Number((h[i >> 3] >> BigInt(8 * (i & 7))) & 0xffn);
  return out;
}
window.checkinBlake2b = blake2b; // checked against libsodium by the tests

const hex = (b) => Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
const ascii = (t) => new TextEncoder().encode(t);

function concat(a, b) {
  const o = new Uint8Array(a.length + b.length);
  o.set(a);
  o.set(b, a.length);
  return o;
}

function publicKey(k) {
  if (!keyCache.has(k.id)) {
    const raw = new Uint8Array(k.public_key.match(/../g).map((x) => parseInt(x, 16)));
    keyCache.set(k.id, crypto.subtle.importKey("raw", raw, { name: "Ed25519" },
                                               false, ["verify"]));
  }
  return keyCache.get(k.id);
}

// A refusal on the phone: one sentence, and the read is still sent to the
// station, which decides it again.
function refused(reason, name, text) {
  return { decision: "deny", reason: reason, word: t("DENY (this phone)"),
           said: t("refused"), name: name, text: text, recorded: true,
           mode: "phone" };
}

// The lead this phone decides of code `text`, in the order the station's
// verifier checks (docs/badge-payload.md, "Order of checks"); null when it
// cannot decide (no keys from the station yet, or no Ed25519 in this
// browser): the read is kept undecided, as at a door's phone.
async function decideHere(text) {
  if (!kit) return null;
  const m = /^CK([0-9A-Z]):/.exec(text);
  if (!m)
    return refused("not-a-badge", "", t("This code is not a conference badge; " +
                                        "scan the attendee's badge."));
  const v = m[1] === "1" ? { len: 121, signed: 14 }
    : m[1] === "2" ? { len: 133, signed: 22 } : null;
  if (!v)
    return refused("unknown-version", "", t("This badge is of a newer kind than " +
                                            "this phone knows; it goes to the " +
                                            "station when it answers."));
  const b = text.length === v.len ? base45(text.slice(4)) : null;
  if (!b || b.length !== v.signed + 64 || b[11] > 1 || (b[11] === 0) !== (b[12] === 0))
    return refused("malformed", "", t("This badge code is damaged or incomplete; " +
                                      "scan it again."));
  const name = tf("Badge %s", hex(b.subarray(3, 11)));
  if (((b[0] << 8) | b[1]) !== parseInt(kit.event_tag, 16))
    return refused("other-event", name, t("This badge is for another event; ask " +
                                          "for this event's badge."));
  const key = kit.keys.find((k) => k.id === b[2]);
  if (!key)
    return refused("unknown-key", name, t("This badge was signed with a key " +
                                          "this phone does not know, so it may " +
                                          "be forged; no lead is kept."));
  const ok = await crypto.subtle.verify({ name: "Ed25519" }, await publicKey(key),
                                        b.subarray(v.signed),
                                        concat(ascii(text.slice(0, 4)),
                                               b.subarray(0, v.signed)));
  if (!ok)
    return refused("bad-signature", name, t("This badge's signature does not " +
                                            "match, so it was altered or forged; " +
                                            "no lead is kept."));
  if (b[11] === 1)
    return refused("badge-only", name, t("This is a tutorial ticket; scan the " +
                                         "attendee's conference badge."));
  const id = hex(b.subarray(3, 11));
  if (revokedSet.has(hex(blake2b(concat(ascii("checkin-revoked-badge:"),
                                        b.subarray(3, 11)), 16))))
    return refused("revoked", name, t("This badge was replaced by a newer one " +
                                      "(a reprint or a changed order); ask for " +
                                      "the newest badge."));
  if (knownLeads.has(id))
    return { decision: "warn", reason: "lead-again", word: t("ALREADY A LEAD"),
             said: t("already a lead"), name: name,
             text: tf("Already a lead of %s; nothing new kept (decided on this " +
                      "phone).", kit.sponsor),
             recorded: true, mode: "phone" };
  knownLeads.add(id);
  return { decision: "admit", reason: "lead", word: t("LEAD KEPT"),
           said: t("a lead kept"), name: name,
           text: tf("Lead kept (decided on this phone) for %s; it goes to the " +
                    "station when the station answers.", kit.sponsor),
           recorded: true, mode: "phone" };
}

function setup() {
  window.checkinDecideHere = (text) => decideHere(text).catch((e) => {
    booth.errors++;
    state(() => tf("This browser cannot check badges itself (%s); codes are " +
                   "kept and the station decides them when it answers.", e));
    return null;
  });
  recallKit();
  fetchKit();
  setInterval(fetchKit, KIT_MS);
  window.addEventListener("online", fetchKit);
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
  B("csv").onclick = (e) => { e.preventDefault(); downloadCsv(); };
  // A lead just recorded opens for its note.
  // A code kept while the station could not be reached, recorded now:
  // its lead is listed (not opened: the visitor has gone).
  document.addEventListener("checkin-sent-later", () => load());
  // The station's words are here: the leads listed again in them.
  document.addEventListener("checkin-words", () => load());
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
