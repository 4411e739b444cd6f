/* What badge.c and badge_keys.c share.  Private to badge/. */
#ifndef CHECKIN_BADGE_PRIV_H
#define CHECKIN_BADGE_PRIV_H

#include "checkin/error.h"

/* Start libsodium (idempotent, thread-safe) before any of its calls;
 * CK_EIO with a sentence if it cannot. */
int badge_need_sodium(struct ck_error *err) CK_MUST_CHECK;

#endif
