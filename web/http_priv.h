/* Private to web/: what the dashboard's and the station screen's servers
 * share: the headers every answer carries, the listening socket and the
 * names a loopback server answers to, the links to print, tokens, the
 * limits on connections and event streams (limits.c), and the origin a
 * request that changes something must come from. */
#ifndef CHECKIN_WEB_HTTP_PRIV_H
#define CHECKIN_WEB_HTTP_PRIV_H

#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "assets.h"
#include "checkin/error.h"
#include "checkin/util.h"

/* No inline script or style, nothing from elsewhere, no framing. */
#define WEB_CSP                                                                \
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src"         \
    " 'self'; connect-src 'self'; base-uri 'none'; form-action 'none';"        \
    " frame-ancestors 'none'"
/* The same, for the /scan page's Web Worker, which compiles the decoder's
 * WebAssembly (CSP Level 3 'wasm-unsafe-eval': WebAssembly only, no eval
 * of script text). */
#define WEB_CSP_WASM                                                           \
    "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src"    \
    " 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"

struct web_guard; /* limits.c */

/* DNS names of a certificate kept; a station's has one or two. */
#define WEB_TLS_NAMES 4

/* A listening socket and what it is known as. */
struct web_listener {
    int fd;
    bool v6, loopback;
    bool wildcard; /* 0.0.0.0 or [::]: every address of the machine */
    bool v4_too;   /* IPv4 clients too (not an IPv6-only socket) */
    unsigned port;
    char hosts[3][80];       /* Host headers a loopback server answers to */
    char token[65];          /* random, hex */
    struct web_guard *guard; /* while served */
    /* Set by the server before web_serve: wakes its event streams'
     * threads (each then asks web_stream_gone).  The guard calls it,
     * without its lock, when it has shut streams whose pages have gone,
     * so that their connections close now, not at their next keepalive. */
    void (*wake_streams)(void *cls);
    void *wake_streams_cls;
    /* HTTPS (web_tls_load): the certificate chain and key as PEM, kept
     * while served (libmicrohttpd reads them at start when it cannot take
     * them from the callback); NULL: plain HTTP.  Their paths, read again
     * by web_tls_reload, and the pairs GnuTLS serves (tls.c). */
    bool tls;
    char *tls_cert, *tls_key;
    size_t tls_key_len;
    char *tls_cert_path, *tls_key_path;
    struct web_tls_pair *tls_pair;
    /* The certificate's DNS names: phones may open the station by them */
    char tls_names[WEB_TLS_NAMES][128];
    unsigned ntls_names;
};

/* How many connections a server holds at once, and from whom.  Beyond
 * that, the connection that has waited longest without sending a request
 * is closed to make room, or (none waiting) the newcomer is answered 503
 * with one sentence.  Whatever the limits, a connection that has not sent
 * its whole request within 10 s of connecting (or of its last answer) is
 * closed, as is one whose request takes over 20 s; event streams stay. */
struct web_limits {
    unsigned connections;        /* in all */
    unsigned per_client;         /* from one client address */
    unsigned streams;            /* event streams, in all */
    unsigned streams_per_client; /* event streams from one address */
    const char *who;             /* "station", "dashboard": for sentences */
};

/* Bind and listen on "ADDR:PORT" (port 0 picks a free one); `option` names
 * the command-line option for the sentence ("--listen").  Makes a random
 * token too. */
int web_listen(const char *where, const char *option, struct web_listener *l,
               struct ck_error *err) CK_MUST_CHECK;

/* Serve the listener over HTTPS with the certificate (a PEM chain, the
 * server's first) and the key at these paths, read and checked now: a
 * missing or unreadable file, a file that is no certificate or no key, a
 * key protected by a passphrase, a key that is not the certificate's, an
 * expired certificate, a key file others may read, and a libmicrohttpd
 * without TLS each get their sentence.  Call after web_listen, before
 * web_serve; web_unserve (or web_tls_free) lets them go. */
int web_tls_load(struct web_listener *l, const char *cert_path,
                 const char *key_path, struct ck_error *err) CK_MUST_CHECK;
void web_tls_free(struct web_listener *l);

/* The options that serve the listener's pair (web_serve's): libmicrohttpd's
 * certificate callback, which gives each new handshake the newest pair,
 * for the first listener served over TLS in the process; the PEM text,
 * fixed for the daemon's life, for another served beside it. */
void web_tls_options(struct web_listener *l, struct MHD_OptionItem opt[3]);

/* Read the certificate and key files again, check them as web_tls_load
 * does and hand the new pair to the handshakes from now on; connections
 * already open keep theirs.  On any mistake the old pair keeps serving and
 * `err` has the sentence; else `said` has one saying what was loaded. */
int web_tls_reload(struct web_listener *l, char *said, size_t cap,
                   struct ck_error *err) CK_MUST_CHECK;

/* Whether "HOST[:PORT]" (a Host header, or an Origin without its
 * "https://") is one of the certificate's names (wildcards as TLS matches
 * them) at the listener's port: a page the browser opened by that name
 * and trusted the certificate for, which only the station can serve. */
bool web_tls_name_ok(const struct web_listener *l, const char *hostport);

/* Start libmicrohttpd on the listener's socket, one thread per
 * connection, within `lim` (copied); NULL (and the socket closed) on
 * failure.  `handle` and `done` are called as libmicrohttpd would. */
struct MHD_Daemon *web_serve(struct web_listener *l,
                             const struct web_limits *lim,
                             MHD_AccessHandlerCallback handle,
                             MHD_RequestCompletedCallback done, void *cls);

/* Stop the daemon (NULL: none) and what web_serve started beside it. */
void web_unserve(struct web_listener *l, struct MHD_Daemon *d);

/* Whether connection `c` may become an event stream: NULL, and it counts
 * as one until its request ends; otherwise the sentence to answer 503
 * with (too many from its client, or in all). */
const char *web_stream_admit(struct web_listener *l, struct MHD_Connection *c);

/* Whether event stream `c`'s page has gone: the guard found its client
 * had closed it, and shut it.  A stream's thread asks at every wake-up
 * and ends the stream when so (libmicrohttpd then closes the socket; the
 * thread never touches it).  Reads a flag only. */
bool web_stream_gone(struct web_listener *l, struct MHD_Connection *c);

/* Whether `origin` (an Origin header) is this server as the browser
 * reached it: the address connection `c` arrived on, or localhost when
 * that address is a loopback one.  NULL is not. */
bool web_origin_ok(struct MHD_Connection *c, const char *origin);

/* What is wrong with a POST a page sent, at its headers: not JSON (a
 * plain form, which any site may post, cannot send it), or an Origin
 * other than this server as the browser reached it (web_origin_ok) or,
 * over TLS, one of the certificate's names.  No Origin is not wrong. */
enum web_post_fault { WEB_POST_OK, WEB_POST_NOT_JSON, WEB_POST_FOREIGN };
enum web_post_fault web_post_fault(const struct web_listener *l,
                                   struct MHD_Connection *c);

/* A POST's body gathered as libmicrohttpd hands it over (upload and
 * *upload_size, which it zeroes): the first `cap` - 1 bytes kept in
 * `body`, *len counting every byte, *too_big once they did not fit. */
void web_body_take(char *body, size_t cap, size_t *len, bool *too_big,
                   const char *upload, size_t *upload_size);

/* "ADDR:PORT" as in a URL ([ADDR]:PORT for IPv6), of the 4- or 16-byte
 * address `ip`. */
void web_host_of(const unsigned char *ip, size_t len, unsigned port, char *out,
                 size_t cap);

/* Whether the request's Host header is one of the listener's names. */
bool web_host_ok(const struct web_listener *l, struct MHD_Connection *c);

/* Whether `given` is the listener's token (constant time). */
bool web_token_ok(const struct web_listener *l, const char *given);

/* The headers every answer carries: Content-Type (text in utf-8 unless
 * given; binary types such as application/wasm as they are),
 * the Content-Security-Policy, no sniffing, no framing, no referrer, no
 * caching. */
void web_add_headers(struct MHD_Response *r, const char *type);
/* The same with Content-Security-Policy `csp` instead of WEB_CSP. */
void web_add_headers_csp(struct MHD_Response *r, const char *type,
                         const char *csp);

enum MHD_Result web_reply(struct MHD_Connection *c, unsigned status,
                          const char *type, const void *body, size_t len,
                          enum MHD_ResponseMemoryMode mode);
/* web_reply with one more header, `name: value` (none when `name` is
 * NULL). */
enum MHD_Result web_reply_header(struct MHD_Connection *c, unsigned status,
                                 const char *type, const void *body, size_t len,
                                 enum MHD_ResponseMemoryMode mode,
                                 const char *name, const char *value);
enum MHD_Result web_reply_text(struct MHD_Connection *c, unsigned status,
                               const char *sentence);
/* 301 to `to` (a path of this server), with the usual headers. */
enum MHD_Result web_redirect(struct MHD_Connection *c, const char *to);

/* Whether the address carries ?token= with the listener's token. */
bool web_query_token(const struct web_listener *l, struct MHD_Connection *c);

/* Answer a request that carried the token in its address: keep the token
 * in a cookie named `cookie` of this site only (HttpOnly, SameSite=Strict)
 * and send the browser back to `url` without it in the address bar.  The
 * cookie lasts `max_age_s` seconds, outliving the browser; 0: until the
 * browser is closed. */
enum MHD_Result web_set_token_cookie(struct MHD_Connection *c,
                                     const struct web_listener *l,
                                     const char *cookie, const char *url,
                                     int64_t max_age_s);

/* Whether the request carries the token in cookie `cookie`. */
bool web_cookie_token(const struct web_listener *l, struct MHD_Connection *c,
                      const char *cookie);

/* The page file built into the binary at `url`, or NULL. */
const struct web_asset *web_asset_at(const char *url);

/* The links to print: "http://HOST/" ("https://" over TLS, the
 * certificate's DNS names first, but for wildcard ones) with ?token=... when
 * `with_token`; on 0.0.0.0 or [::] one for each address of the machine's
 * interfaces that are up (IPv6 ones for [::] only, IPv4 ones unless the socket
 * is IPv6 only; loopback only when there is no other; no link-local IPv6),
 * joined by " or ". */
void web_links(const struct web_listener *l, bool with_token, char *out,
               size_t cap);
/* The same links to page `path` ("scan/"; "" for the root). */
void web_links_to(const struct web_listener *l, const char *path,
                  bool with_token, char *out, size_t cap);

#endif
