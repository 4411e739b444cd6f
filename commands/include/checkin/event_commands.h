/* The event commands' words to people: `checkin init`, `checkin event
 * --supervisor`, `checkin rotate-key` and `checkin hold` make their change
 * through event/ (event_create.h, supervisor.h, credential.h, hold.h),
 * which returns what it did, and say it here. */
#ifndef CHECKIN_EVENT_COMMANDS_H
#define CHECKIN_EVENT_COMMANDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* `checkin init`: event_create with the key at `key_path` (NULL: the
 * default beside `db`, credential_key_path) and the supervisors `add`,
 * each PIN read by supervisor_read_new_pin and a sentence each on `out`;
 * then where the new file and its key are, on `out`. */
int event_create_print(const char *db, const char *ini, const char *key_path,
                       const char *const *add, size_t nadd, FILE *out,
                       struct ck_error *err) CK_MUST_CHECK;

/* `checkin init|event --supervisor NAME --remove-supervisor NAME`:
 * remove the `remove` names, then add (or change the PIN of) the `add`
 * names, each PIN read through `read_pin` and wiped once hashed; one
 * sentence each on `out`.  Stops at the first failure. */
int supervisor_apply(store *s, const char *const *add, size_t nadd,
                     const char *const *remove, size_t nremove,
                     int (*read_pin)(const char *name, char *pin,
                                     struct ck_error *err),
                     FILE *out, struct ck_error *err) CK_MUST_CHECK;

/* `checkin rotate-key`: credential_rotate_key in the event file `db`
 * (opened and closed here), the new key at `key_path` (NULL: the
 * default beside `db`); says where the new key is on `out`. */
int credential_rotate_key_file(const char *db, const char *key_path, FILE *out,
                               struct ck_error *err) CK_MUST_CHECK;

/* `checkin hold`: hold_set, then on `out` what the hold (or its release)
 * does at the stations. */
int hold_print(const char *db, const char *ticket, const char *why,
               bool release, FILE *out, struct ck_error *err) CK_MUST_CHECK;

#endif
