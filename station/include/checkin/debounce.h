/* Repeat suppression: one decision per presentation of a code.
 *
 * A camera sees a held code in every frame, and a decoder misses it in
 * some (blur, glare); a keyboard-wedge scanner may send a code twice.  A
 * code counts as presented again only when it has not been seen for the
 * cooldown; each sighting restarts the cooldown, so a code held in view
 * for a minute is one scan.  zbar's own video cache hard-codes this at 2 s
 * (docs/qr-decoding.md), so stations decide it here, on source time. */
#ifndef CHECKIN_DEBOUNCE_H
#define CHECKIN_DEBOUNCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"

typedef struct debounce debounce;

/* A debouncer with `cooldown_ms` (> 0).  Free with debounce_free(). */
int debounce_new(int64_t cooldown_ms, debounce **out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;
void debounce_free(debounce *d);

/* `len` bytes of a code seen at `t_ms`.  True if this is a new
 * presentation, to be decided; false for a repeat: within the cooldown of
 * the code's last sighting, before or after it.  The clock may go back (a
 * phone's read is seen at the time it was read, and one sent late arrives
 * after later ones): a sighting before the last never moves it back, and
 * one a cooldown or more before it is a presentation of its own. */
bool debounce_seen(debounce *d, const uint8_t *code, size_t len, int64_t t_ms);

/* Forget every code (e.g. after the direction was toggled). */
void debounce_reset(debounce *d);

/* Forget every code but `len` bytes of `code` (NULL: every code): a
 * sprint table's sign that chose the project stays a repeat while it is
 * in view, and the badges read before it are new. */
void debounce_reset_but(debounce *d, const uint8_t *code, size_t len);

#endif
