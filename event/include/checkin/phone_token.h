/* A station's web token (issue 31): the secret that its screen's and its
 * phones' links carry (/scan/?token=..., the setup QR), kept in the
 * station's file (setting 'web_token'; the file is 0600) so that a phone
 * set up by its QR code keeps working when the station restarts.  Not for
 * checking a presented token (web/http.c does, in constant time) nor for
 * printing links (runtime/, web/). */
#ifndef CHECKIN_PHONE_TOKEN_H
#define CHECKIN_PHONE_TOKEN_H

#include <stdbool.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* Its key in the file's `setting` table: a file made from another (`hub
 * add-station`) never takes it, so no two stations share a token. */
#define PHONE_TOKEN_KEY "web_token"

/* 16 random bytes in lowercase hex. */
#define PHONE_TOKEN_CHARS 32

/* The token the file keeps into `out`; one made and kept when the file
 * has none (or a damaged one), or when `renew` (the links and phones set
 * up before are refused from then on).  The token is never logged. */
int phone_token_kept(store *s, bool renew, char out[PHONE_TOKEN_CHARS + 1],
                     struct ck_error *err) CK_MUST_CHECK;

/* Its key for the address the station last served phones on: the
 * origins ("https://door1.example:8443") of its /scan links, joined by
 * " ".  Never copied to another file either. */
#define PHONE_ORIGIN_KEY "web_phones_at"

/* Keep the origins of `links` (web_station_scan_url's links, joined by
 * " or ") as the address this station serves phones on, and say into
 * `said` (of `cap` bytes; "" when nothing) when the file kept another
 * address, none of whose origins is served now: a phone keeps the codes
 * it read while the station was away under the address it read them on
 * (IndexedDB is per origin), and sends them only to that address
 * (docs/phones.md, "A station started again on another port").  `where`
 * is the --web ADDR:PORT this run was given, `tls` whether it serves
 * HTTPS; the sentence says how to serve the old address again. */
int phone_origin_kept(store *s, const char *links, const char *where, bool tls,
                      char *said, size_t cap,
                      struct ck_error *err) CK_MUST_CHECK;

#endif
