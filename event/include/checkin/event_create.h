/* A new event file, all or nothing (`checkin init`): the database made
 * from an event description (event.h) at a temporary name and put in
 * place last, so a failed or killed run leaves no half-made file, and the
 * event's signing key (credential.h) written just before it is, never
 * over an existing file (a key nothing refers to is harmless, a database
 * without its key is not).  When the database cannot be put in place,
 * the key this run made goes too. */
#ifndef CHECKIN_EVENT_CREATE_H
#define CHECKIN_EVENT_CREATE_H

#include <stddef.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* Make `db` from `ini` with its key at `key_path`; `setup` (may be NULL)
 * is given the new store before it is put in place (the supervisors the
 * command was given) and its failure undoes everything. */
int event_create(const char *db, const char *ini, const char *key_path,
                 int (*setup)(void *ctx, store *s, struct ck_error *err),
                 void *ctx, struct ck_error *err) CK_MUST_CHECK;

#endif
