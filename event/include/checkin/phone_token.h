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

#endif
