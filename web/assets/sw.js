// The service worker of the /scan page and a booth's page (/booth/): it
// keeps the page's own files (the page, its scripts and style, the
// decoder's worker and WebAssembly) so that a phone can open the page
// again while the station cannot be reached, and go on reading codes
// (kept on the phone, and at a booth decided there: scan.js, booth.js).
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

self.addEventListener("install", (e) => {
  e.waitUntil(keepAll().then(() => self.skipWaiting()));
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

self.addEventListener("fetch", (e) => {
  const f = fileOf(e.request);
  if (!f) return; // the station's, untouched
  e.respondWith(fromStation(e.request).catch((err) =>
    caches.open(CACHE).then((c) => c.match(f)).then((r) => {
      if (r) return r;
      throw err;
    })));
});
