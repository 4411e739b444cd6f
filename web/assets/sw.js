// The service worker of the /scan page and a booth's page (/booth/): it
// keeps the page's own files (the page, its scripts and style, the
// decoder's worker and WebAssembly) so that a phone can open the page
// again while the station cannot be reached, and go on reading codes
// (kept on the phone, and at a booth decided there: scan.js, booth.js).
//
// It keeps the page's words too (issue 53: /api/messages, a booth's
// /api/booth/messages), the last answer of each address (a ?lang= its
// own), asked of the station first as a page file is, so that a phone
// that lost the station opens its page again in the station's language,
// not English.
//
// It keeps nothing else: no verdict, lead list, key kit or cooldown ever
// goes through it (those requests are not its files and go to the station
// untouched; the key kit the phone decides with is booth.js's, in
// IndexedDB).  A page file is asked of the station first, and the kept
// copy is used only when the station does not answer (an error, or no
// answer in PAGE_WAIT_MS); any answer the station gives, a refusal too,
// is the one used.
//
// The files are kept under the binary's version of the page files
// (VERSION: a SHA-256 of every page file, written in by web/embed.cmake),
// so a station upgraded serves a worker that differs, the browser
// installs it (at the next opening of the page), and it keeps the new
// files and drops the old.
"use strict";

const VERSION = "@CHECKIN_ASSETS_VERSION@";
// A silent station (its laptop asleep, a Wi-Fi that takes packets and
// drops them) would hold the page blank for the browser's own timeout,
// minutes; the station's own pages answer on a LAN in milliseconds.
const PAGE_WAIT_MS = 3000;

const SCOPE = new URL(self.registration.scope).pathname; // "/scan/", "/booth/"
const PREFIX = "checkin-pages " + SCOPE + " ";
const CACHE = PREFIX + VERSION;
const FILES = ["", "shared.js", "scan.js", "scan.css", "scan-worker.js", "decoder.wasm"]
  .concat(SCOPE === "/booth/" ? ["booth.js", "booth.css"] : []);
// A build without the decoder has no decoder.wasm (its page says so).
const OPTIONAL = new Set(["decoder.wasm"]);
// The page's words, as shared.js asks them (a booth's body names its own).
const WORDS = SCOPE === "/booth/" ? "/api/booth/messages" : "/api/messages";

// Every file or none: a copy half made is thrown away, and the worker
// is not installed (the one before it, if any, stays).
function keepAll() {
  return caches.open(CACHE).then((c) => Promise.all(FILES.map((f) =>
    fetch(new Request(SCOPE + f, { cache: "no-store", credentials: "same-origin" }))
      .then((r) => {
        if (r.ok) return c.put(SCOPE + f, r);
        if (r.status === 404 && OPTIONAL.has(f)) return undefined;
        throw new Error(SCOPE + f + ": " + r.status);
      }))))
    .catch((e) => caches.delete(CACHE).then(() => { throw e; }));
}

// The page's words kept at install too: the page asked them before this
// worker was there to keep them.  A station that does not give them
// leaves the page in English offline, as before; no reason to refuse.
function keepWords() {
  return caches.open(CACHE).then((c) =>
    fetch(new Request(WORDS, { cache: "no-store", credentials: "same-origin" }))
      .then((r) => r.ok ? c.put(WORDS, r) : undefined))
    .catch(() => undefined);
}

self.addEventListener("install", (e) => {
  e.waitUntil(keepAll().then(keepWords).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (e) => {
  e.waitUntil(caches.keys().then((names) => Promise.all(
    names.filter((n) => n.startsWith(PREFIX) && n !== CACHE)
      .map((n) => caches.delete(n)))).then(() => self.clients.claim()));
});

// The file of this page a request is for, or null.  The page itself is
// found without its query too (a booth's link, /booth/?token=T).
function fileOf(req) {
  if (req.method !== "GET") return null;
  const u = new URL(req.url);
  if (u.origin !== self.location.origin || !u.pathname.startsWith(SCOPE))
    return null;
  const f = u.pathname.slice(SCOPE.length);
  if (!FILES.includes(f)) return null;
  if (u.search && !(f === "" && req.mode === "navigate")) return null;
  return SCOPE + f;
}

function fromStation(req) {
  return new Promise((ok, no) => {
    const timer = setTimeout(() => no(new Error("no answer")), PAGE_WAIT_MS);
    fetch(req).then((r) => { clearTimeout(timer); ok(r); },
                    (e) => { clearTimeout(timer); no(e); });
  });
}

// The address of the page's words a request is for (with its ?lang=),
// or null.
function wordsOf(req) {
  if (req.method !== "GET") return null;
  const u = new URL(req.url);
  if (u.origin !== self.location.origin || u.pathname !== WORDS) return null;
  return u.pathname + u.search;
}

// The station's words, each answer kept; the kept copy when it does not
// answer.
function words(e, w) {
  e.respondWith(fromStation(e.request).then((r) => {
    if (r.ok) {
      const copy = r.clone();
      e.waitUntil(caches.open(CACHE).then((c) => c.put(w, copy)));
    }
    return r;
  }, (err) => caches.open(CACHE).then((c) => c.match(w)).then((r) => {
    if (r) return r;
    throw err;
  })));
}

self.addEventListener("fetch", (e) => {
  const w = wordsOf(e.request);
  if (w) return words(e, w);
  const f = fileOf(e.request);
  if (!f) return; // the station's, untouched
  e.respondWith(fromStation(e.request).catch((err) =>
    caches.open(CACHE).then((c) => c.match(f)).then((r) => {
      if (r) return r;
      throw err;
    })));
});
