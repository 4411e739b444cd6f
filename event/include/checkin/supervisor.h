/* An event's supervisors and their PINs (docs/admission.md, section 4,
 * "Supervisors and their PIN").  A supervisor is a name and a PIN hashed
 * with crypto_pwhash_str (Argon2id, OPSLIMIT and MEMLIMIT INTERACTIVE) in
 * the store's `supervisor` table; the clear PIN is wiped with
 * sodium_memzero once hashed or checked, by these functions, and written
 * nowhere.  A desk checks a PIN against every hash in its file, outside
 * the journal's transaction; five wrong PINs within
 * SUPERVISOR_LOCK_WINDOW_MS lock supervisor actions at that desk for
 * SUPERVISOR_LOCK_MS, counted in `pin_attempt` so that a restart does not
 * reset them.  Reading a PIN from standard input is supervisor_pin.c's.
 * Not here: what a supervisor may do (station/kind_desk.c), the hub's
 * copy (sync/). */
#ifndef CHECKIN_SUPERVISOR_H
#define CHECKIN_SUPERVISOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/store.h"

#define SUPERVISOR_PIN_MIN 6   /* characters; digits are fine */
#define SUPERVISOR_PIN_CAP 128 /* bytes, with the terminating NUL */
#define SUPERVISOR_MAX 8       /* each check tries every hash in turn */
#define SUPERVISOR_NAME_CAP 65 /* 64 bytes: the hub's CHECK on the column */
#define SUPERVISOR_WRONG_MAX 5 /* wrong PINs ... */
#define SUPERVISOR_LOCK_WINDOW_MS (5 * 60 * 1000) /* ... within this ... */
#define SUPERVISOR_LOCK_MS (5 * 60 * 1000) /* ... lock the desk this long */

/* Add supervisor `name` with `pin`, or change their PIN when the name is
 * known (*changed true).  The name is one line of text, 1 to 64 bytes; the
 * PIN at least SUPERVISOR_PIN_MIN characters.  `pin` is wiped whatever
 * happens.  Refused with one sentence for a bad name or PIN, or a ninth
 * supervisor. */
int supervisor_set(store *s, const char *name, char *pin, int64_t now_ms,
                   bool *changed /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Remove supervisor `name`; CK_ENOTFOUND naming those there are. */
int supervisor_remove(store *s, const char *name,
                      struct ck_error *err) CK_MUST_CHECK;

/* How many supervisors the file holds (0: the event has none, and the
 * desk keeps the overrides and reprints of before, without a PIN). */
int supervisor_count(store *s, long *n /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whose PIN `pin` is, at time `now_ms`: `name` (SUPERVISOR_NAME_CAP
 * bytes) gets the supervisor's name.  `pin` is wiped whatever happens.
 * CK_EINVAL with one sentence for a wrong PIN (recorded in pin_attempt),
 * for a desk locked by five wrong ones (saying until when), and for an
 * event without supervisors.  Each try is counted before its PIN is
 * verified, under the file's write lock, so tries at the same time from
 * threads or processes sharing the file never verify more than
 * SUPERVISOR_WRONG_MAX wrong PINs within the window.  Called outside a
 * transaction. */
int supervisor_check(store *s, char *pin, int64_t now_ms,
                     char name[SUPERVISOR_NAME_CAP] /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether `code` (`len` bytes) has a PIN's shape: one line of UTF-8
 * text, SUPERVISOR_PIN_MIN characters to SUPERVISOR_PIN_CAP - 1 bytes. */
bool supervisor_pin_shaped(const uint8_t *code, size_t len);

/* Whether `code` (`len` bytes) could be one of the event's supervisors'
 * PINs without trying a hash: it has a PIN's shape and as many characters
 * as some supervisor's PIN (or a PIN whose length the file does not know,
 * set before schema 15).  One read of the supervisor table; safe inside a
 * transaction. */
int supervisor_may_be_pin(store *s, const uint8_t *code, size_t len,
                          bool *may /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Whether `code` (`len` bytes), refused at a desk as an unknown code, is
 * exactly one of the event's supervisors' PINs typed into the scan line
 * (*is true), so that it is journaled without its text
 * (docs/admission.md, "A PIN typed into the scan line").  Only a code
 * supervisor_may_be_pin lets through is tried, against the hashes of the
 * PINs of its length in turn, up to a second with SUPERVISOR_MAX
 * supervisors, so the caller holds no transaction.  Not a PIN attempt: no wrong
 * PIN is counted, the lock is not consulted, and nothing says which it was but
 * the journal's code. */
int supervisor_is_pin(store *s, const uint8_t *code, size_t len,
                      bool *is /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Whether supervisor actions are locked at this desk at `now_ms`, and
 * until when (UTC ms). */
int supervisor_locked(store *s, int64_t now_ms, bool *locked /* out */,
                      int64_t *until_ms /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The format of the hub this file last synced with, as the sync notes it
 * (setting 'hub.format'); 0 for a file never synced.  A desk refuses an
 * undo that a hub older than format 8 could not pass on. */
int supervisor_hub_format(store *s, long *format /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

#endif
