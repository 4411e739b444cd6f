/* The links that enroll sponsors' phones as their booths (expo.h), as
 * the organizer hands them out: a list, or one QR code to print a
 * sponsor and the list beside them (`checkin expo tokens`); what the
 * organizer is told of them is commands/' (expo_commands.h). */
#ifndef CHECKIN_EXPO_LINKS_H
#define CHECKIN_EXPO_LINKS_H

#include <stddef.h>
#include <stdio.h>

#include "checkin/error.h"

/* What expo_links_write wrote: the booths listed, and the slugs of those
 * left out ("a, b"), closed at the hub as the file last learned. */
struct expo_links_written {
    size_t open;
    char closed[1024];
};

/* Each booth of the expo station file `db` as "SLUG\tNAME\tLINK" lines,
 * LINK being `url` (trailing slashes dropped) + "/booth/?token=...": on
 * `out`, or with `dir` (may be NULL; made 0700 when missing) into
 * DIR/links.txt with DIR/SLUG.png beside it, all 0600.  A booth closed
 * at the hub, as the file last learned (expo.h), gets no line and no
 * code: `w` names them. */
int expo_links_write(const char *db, const char *url, const char *dir,
                     FILE *out, struct expo_links_written *w /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether `url` is a station's address as phones open it
 * (http:// or https://, a host, an optional port of 1 to 65535, an
 * optional path) and `dir` (may be NULL) a folder to write the links into
 * that holds nothing yet (missing, or empty): one sentence otherwise, so
 * that `checkin hub add-station --phones-url URL --qr DIR` refuses before
 * it enrolls anything, and no file is ever overwritten. */
int expo_links_check(const char *url, const char *dir,
                     struct ck_error *err) CK_MUST_CHECK;

/* The link that makes a phone the scanner of the station file `db` (a
 * door, leads:SPONSOR; enrolled as `name` of kind `role`): `url`
 * (trailing slashes dropped) + "/scan/?token=TOKEN", the token made now
 * and kept in `db` (phone_token.h), so that `checkin scan --web` on that
 * file later serves exactly this link.  On `out` as "NAME\tROLE\tLINK";
 * with `dir` (may be NULL; made 0700 when missing) into DIR/links.txt
 * with DIR/NAME.png beside it instead, all 0600. */
int phone_link_write(const char *db, const char *name, const char *role,
                     const char *url, const char *dir, FILE *out,
                     struct ck_error *err) CK_MUST_CHECK;

#endif
