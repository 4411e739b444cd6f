/* The organizer's live dashboard, served over HTTP by checkin itself
 * (libmicrohttpd): one page, its script and style built into the binary,
 * the snapshot as JSON at /api/snapshot and as Server-Sent Events at
 * /events whenever the event file changes.
 *
 * Threads: one ticker thread owns the only SQLite connection (read-only)
 * and rebuilds the snapshot when PRAGMA data_version says another
 * connection committed, at most every 250 ms, and every 30 s for the
 * figures that move with the clock; libmicrohttpd runs one thread per
 * connection and serves the latest snapshot from memory, so no page ever
 * touches the file.
 *
 * Security: on a loopback address only requests naming that address (or
 * localhost) in their Host header are served, so a web page elsewhere
 * cannot reach the dashboard by rebinding a name to 127.0.0.1.  On any
 * other address every request needs the dashboard's random token: the link
 * printed at start carries it once, and the page keeps it in a cookie of
 * this site only (HttpOnly, SameSite=Strict).  Every response forbids
 * inline script and framing (Content-Security-Policy); registration
 * strings reach the page only as JSON and are shown as text. */
#ifndef CHECKIN_WEB_H
#define CHECKIN_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"

typedef struct web_dashboard web_dashboard;

/* Where `checkin dashboard` listens unless told. */
#define WEB_DEFAULT_LISTEN "127.0.0.1:8080"

/* Serve the dashboard of the event file `db_path` (opened read-only) on
 * `where`, "ADDR:PORT" (an IPv4 address, [IPv6] or localhost; port 0
 * picks a free one).  Returns when the server is up.  Errors: CK_ENOTFOUND
 * (no such file), CK_EINVAL (bad address), CK_EIO (the address is taken or
 * not this machine's), and the store's. */
int web_dashboard_start(const char *db_path, const char *where,
                        web_dashboard **out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* The same over HTTPS with the certificate chain and key in these PEM
 * files (both NULL: plain HTTP), checked as the station's are
 * (web_station_start_tls). */
int web_dashboard_start_tls(const char *db_path, const char *where,
                            const char *tls_cert, const char *tls_key,
                            web_dashboard **out /* out */,
                            struct ck_error *err) CK_MUST_CHECK;

/* The link to open: http://ADDR:PORT/, with ?token=... where one is
 * needed (owned by the server); on 0.0.0.0 or [::], one for each address
 * of the machine's network interfaces, joined by " or ".  Over TLS,
 * https://. */
const char *web_dashboard_url(const web_dashboard *w);

/* With --undo (web_dashboard_allow_undo): the links that may undo, each
 * web_dashboard_url's with the undo's own random token added ("" before).
 * The dashboard's link alone only shows (owned by the server). */
const char *web_dashboard_undo_url(const web_dashboard *w);

/* Read the --tls-cert and --tls-key files again and serve the new pair
 * to new connections, as web_station_reload_tls does (web_station.h). */
int web_dashboard_reload_tls(web_dashboard *w, char *said, size_t cap,
                             struct ck_error *err) CK_MUST_CHECK;

/* The undo the dashboard's page asks for: take back `ticket`'s desk
 * check-ins in event file `db` at UTC ms `now_ms` with reason `why`, and
 * write what was undone on `out` (the page shows it); on failure one
 * sentence in `err` (CK_ENOTFOUND: no such ticket or nothing to undo,
 * CK_EINVAL: a mistake).  `checkin dashboard` gives commands/'s, which
 * says what `checkin undo` says. */
typedef int (*web_dashboard_undo_fn)(const char *db, const char *ticket,
                                     const char *why, int64_t now_ms, FILE *out,
                                     struct ck_error *err);

/* Let the page undo a desk check-in (`checkin dashboard --undo`): POST
 * /api/undo with {"ticket", "why"}, guarded as every other request (the
 * token's cookie, or the Host on loopback), with the undo's own token's
 * cookie (set by web_dashboard_undo_url's link, made here: a page opened
 * from the dashboard's link alone shows no undo and is refused one), and
 * JSON from the page's own origin only, runs `undo` and replies with what
 * it wrote, on a thread of the caller's scheduling policy started here
 * (the connections' are SCHED_IDLE).  Without this call the page offers
 * no undo and the server refuses one with a sentence. */
int web_dashboard_allow_undo(web_dashboard *w, web_dashboard_undo_fn undo,
                             struct ck_error *err) CK_MUST_CHECK;

/* A value the event file does not hold (the hub's stations), shown
 * beside its figures: `get(ctx, version)` returns JSON text (malloc'd; NULL
 * for nothing yet) and sets *version to a number that changes when the
 * value does.  It is called on the dashboard's own thread, every few
 * hundred milliseconds, and the snapshot is rebuilt with the value under
 * `key` (at most 31 bytes) whenever the version changes.  `ctx` must
 * outlive the server, or the extra be set to NULL first. */
typedef char *(*web_dashboard_extra_fn)(void *ctx, uint64_t *version);
void web_dashboard_set_extra(web_dashboard *w, const char *key,
                             web_dashboard_extra_fn get, void *ctx);

/* Stop serving (open event streams end), close the file; accepts NULL. */
void web_dashboard_stop(web_dashboard *w);

#endif
