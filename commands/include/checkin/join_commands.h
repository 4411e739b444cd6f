/* Joining the event without carrying files (docs/deploy.md): `checkin hub
 * add-station ... --join` enrolls a station and seals its file into a box
 * that only its one-time link opens, `checkin hub serve-joins` hands each
 * box out once over HTTPS (web_join.h), and `checkin join LINK` on the new
 * machine fetches its file, checking the organizer's certificate by the
 * SHA-256 the link carries.  The station file (it holds the station's hub
 * credential) is on the organizer's disk in the clear only while it is
 * being made: the box is sealed with a key that only the link holds.
 *
 * A link is https://HOST:PORT/join/ID#name=NAME&key=KEY&sha256=FP: the
 * part after '#' is never sent to the server. */
#ifndef CHECKIN_JOIN_COMMANDS_H
#define CHECKIN_JOIN_COMMANDS_H

#include <stdio.h>

#include "checkin/error.h"
#include "checkin/hub.h"

/* Where `checkin hub serve-joins` listens unless told. */
#define JOIN_DEFAULT_LISTEN "0.0.0.0:8444"
/* How long a link works unless told (--valid-for), and at most. */
#define JOIN_DEFAULT_VALID_S 7200L
#define JOIN_MAX_VALID_S (7L * 86400)

/* `checkin hub add-station EVENT.db NAME --station KIND --join`: enroll
 * station o->name (o->out_path unused) and seal its file (and a desk's
 * signing key) into a box of EVENT.db's folder of joins, valid `valid_s`
 * seconds from now (store_now_ms), for the join server that runs there
 * (refused, before anything is enrolled, when none runs); the link on
 * `out`, as a QR code in the terminal and in NAME-join.png beside
 * EVENT.db (0600). */
int join_enroll_print(const char *db, const struct hub_station_options *o,
                      long valid_s, FILE *out,
                      struct ck_error *err) CK_MUST_CHECK;

/* `checkin hub serve-joins EVENT.db [--listen ADDR:PORT]`: serve EVENT.db's
 * boxes until SIGINT or SIGTERM, saying where and by which certificate on
 * `out`. */
int join_serve_print(const char *db, const char *listen, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* `checkin join LINK [--dir DIR]`: fetch the station file the link is for
 * into DIR/NAME.db (and a desk's DIR/NAME.key), both new and 0600, and say
 * how to start it on `out`.  A link that is no join link, used, expired,
 * altered, or served by another machine than the one it names gets one
 * sentence, and nothing is written.  `link` NULL: the link is read from
 * its QR code, shown to the V4L2 camera `camera` (within a minute) or in
 * the image file `image` (--camera DEV, --image FILE).  `dir` NULL: the
 * current folder, or, run as root, /var/lib/checkin (given to the user
 * checkin when there is one) with /etc/checkin/NAME.conf written for
 * checkin-station@NAME.service when missing. */
int join_fetch_print(const char *link, const char *camera, const char *image,
                     const char *dir, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

/* The usage texts of `checkin hub` (add-station's kinds from the table
 * of kinds: station_kinds_list) and `checkin join`. */
void hub_usage_print(FILE *out);
extern const char JOIN_USAGE[];

#endif
