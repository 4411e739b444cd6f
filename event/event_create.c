/* See event_create.h.  Moved from `checkin init` (cli/cmd_store.c) so
 * that the command is argv wiring only; its sentences are unchanged. */
#include "checkin/event_create.h"

#include <stdbool.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/atomic_file.h"
#include "checkin/credential.h"
#include "checkin/event.h"

/* Remove `path` if it is still the file `was` described (the key this
 * run made, when the database could not be put in place after it). */
static void remove_if_same(const char *path, const struct stat *was)
{
    struct stat st;
    if (lstat(path, &st) == 0 && st.st_dev == was->st_dev &&
        st.st_ino == was->st_ino)
        unlink(path);
}

int event_create(const char *db, const char *ini, const char *key_path,
                 int (*setup)(void *ctx, store *s, struct ck_error *err),
                 void *ctx, struct ck_error *err)
{
    /* The database is made at a temporary name and put in place last, so a
     * failed or killed init leaves no half-made EVENT.db; the key is put in
     * place just before it (a key nothing refers to is harmless, a
     * database without its key is not). */
    struct atomic_file af;
    int code = atomic_file_begin_name(&af, db, ATOMIC_NEW, err);
    if (code)
        return code;
    struct stat key_st;
    if (lstat(key_path, &key_st) == 0)
        return ck_fail(err, CK_EINVAL,
                       "Signing key file %s already exists and is never "
                       "overwritten (an interrupted 'checkin init' can leave "
                       "one behind); move it away or give --key another "
                       "path, then run init again.",
                       key_path);
    store *s;
    if ((code = store_open(af.tmp, STORE_CREATE, &s, err))) {
        atomic_file_abort(&af);
        return code;
    }
    code = atomic_file_restrict(&af, err);
    if (!code)
        code = event_load(s, ini, err);
    bool key_made = false;
    if (!code) {
        code = credential_create_key(s, key_path, err);
        key_made = code == CK_OK && lstat(key_path, &key_st) == 0;
    }
    if (!code && setup)
        code = setup(ctx, s, err);
    store_close(s);
    if (!code)
        code = atomic_file_commit(&af, err);
    else
        atomic_file_abort(&af);
    /* Nothing of the event was kept: neither is its key. */
    if (code && key_made)
        remove_if_same(key_path, &key_st);
    return code;
}
