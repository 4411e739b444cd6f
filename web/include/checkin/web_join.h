/* Joining the event by a link (docs/deploy.md): the organizer's laptop
 * serves each new station its sealed file once over HTTPS, with a
 * certificate of its own that the link names by its SHA-256, and the new
 * machine fetches it, checking that certificate, with no CA on the LAN.
 *
 * The folder of joins (`dir`, 0700) holds the server's certificate and key
 * (cert.pem, key.pem: made self-signed at first use), `serving` (where
 * the server listens, while it runs) and one box per link, ID.box: a first
 * line with the link's end of validity in UTC ms, then the sealed bytes,
 * which only the link's key opens (commands/join_commands.c seals and
 * opens them).  A box is handed out once: taken by a rename, sent, and
 * removed, leaving ID.used; one past its time is removed, leaving
 * ID.expired.  Not for: what the box holds. */
#ifndef CHECKIN_WEB_JOIN_H
#define CHECKIN_WEB_JOIN_H

#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

/* The SHA-256 of a certificate, as 64 lowercase hex digits and a NUL. */
#define WEB_JOIN_FP 65
/* A link's box id: 16 random bytes as 32 hex digits and a NUL. */
#define WEB_JOIN_ID 33

/* The server's certificate in `dir` (made with its key, both 0600, when
 * missing; the folder made 0700 when missing): its SHA-256 in `fp`. */
int web_join_cert(const char *dir, char fp[WEB_JOIN_FP],
                  struct ck_error *err) CK_MUST_CHECK;

typedef struct web_joins web_joins;

/* Serve the boxes of `dir` at "ADDR:PORT" (port 0: a free one) over
 * HTTPS with its certificate, GET /join/ID each, and write DIR/serving
 * ("HOST:PORT" as served) so that links made while it runs point here.
 * Boxes already past their time are removed first. */
int web_joins_start(const char *dir, const char *where, web_joins **out,
                    struct ck_error *err) CK_MUST_CHECK;
/* "HOST:PORT" where it serves. */
const char *web_joins_where(const web_joins *j);
/* Stop serving and remove DIR/serving; accepts NULL. */
void web_joins_stop(web_joins *j);

/* What a join server said of a link. */
enum web_join_answer {
    WEB_JOIN_OK,      /* the box, in *body */
    WEB_JOIN_UNKNOWN, /* no such link was made here */
    WEB_JOIN_USED,    /* handed out already */
    WEB_JOIN_EXPIRED, /* past its time; removed */
};

/* GET https://`hostport`/join/`id`, going on only when the server's
 * certificate has the SHA-256 `fp` (else CK_EINVAL, nothing sent): the
 * answer in *answer and, for WEB_JOIN_OK, the body in *body (malloc'd)
 * and *len.  CK_EIO: no answer (cannot connect, cut short). */
int web_join_fetch(const char *hostport, const char *id, const char *fp,
                   enum web_join_answer *answer, unsigned char **body,
                   size_t *len, struct ck_error *err) CK_MUST_CHECK;

#endif
