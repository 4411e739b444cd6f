/* Supervisors and their PINs (see checkin/supervisor.h): the hashes in the
 * store's `supervisor` table and the count of wrong PINs in `pin_attempt`.
 * Not for what a supervisor may do (station/kind_desk.c) nor for reading a
 * PIN from a terminal (cli/).
 *
 * The hash is crypto_pwhash_str with OPSLIMIT_INTERACTIVE and
 * MEMLIMIT_INTERACTIVE: one string holding Argon2id's parameters and a
 * random salt, which crypto_pwhash_str_verify checks with nothing else
 * (doc.libsodium.org, "The pwhash* API").  What it protects is a desk from
 * a volunteer's mistake or curiosity, not a stolen file (docs/admission.md,
 * section 4). */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "checkin/supervisor.h"
#include "checkin/text.h"

static int sodium_ready(struct ck_error *err)
{
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO,
                       "libsodium could not start (no source of random "
                       "numbers?); nothing was changed.");
    return CK_OK;
}

/* The name as stored: one line of text, 1 to 64 bytes. */
static int clean_name(const char *name, char out[SUPERVISOR_NAME_CAP],
                      struct ck_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n >= SUPERVISOR_NAME_CAP)
        return ck_fail(err, CK_EINVAL,
                       "A supervisor's name is at most %d bytes; '%.20s...' "
                       "is %zu.  Give a shorter name, such as a first name.",
                       SUPERVISOR_NAME_CAP - 1, name, n);
    snprintf(out, SUPERVISOR_NAME_CAP, "%s", name ? name : "");
    if (!text_clean_field(out) || !out[0])
        return ck_fail(err, CK_EINVAL,
                       "A supervisor's name is a line of text (such as "
                       "'Sam'); give one with --supervisor NAME.");
    return CK_OK;
}

static int count_where(store *s, const char *sql, const char *text, int64_t a,
                       long *n, struct ck_error *err)
{
    sqlite3_stmt *q;
    int rc =
        store_prepare(s, sql, NULL, &q, N_("reading the supervisors"), err);
    if (rc)
        return rc;
    if (text)
        sqlite3_bind_text(q, 1, text, -1, SQLITE_STATIC);
    else
        sqlite3_bind_int64(q, 1, a);
    rc = sqlite3_step(q);
    *n = rc == SQLITE_ROW ? (long)sqlite3_column_int64(q, 0) : 0;
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW)
        return store_sqlite_fail(s, rc, N_("reading the supervisors"), err);
    return CK_OK;
}

int supervisor_count(store *s, long *n, struct ck_error *err)
{
    return count_where(s, "SELECT count(*) FROM supervisor WHERE ?1 = 0", NULL,
                       0, n, err);
}

int supervisor_set(store *s, const char *name, char *pin, int64_t now_ms,
                   bool *changed, struct ck_error *err)
{
    char who[SUPERVISOR_NAME_CAP];
    char hash[crypto_pwhash_STRBYTES];
    size_t len = pin ? strlen(pin) : 0;
    int code = clean_name(name, who, err);
    size_t chars =
        text_valid_utf8(pin ? pin : "", len) ? text_length(pin ? pin : "") : 0;
    if (!code && chars < SUPERVISOR_PIN_MIN)
        code = ck_fail(err, CK_EINVAL,
                       "A supervisor's PIN has at least %d characters "
                       "(digits are fine); nothing was changed, so set it "
                       "again with a longer one.",
                       SUPERVISOR_PIN_MIN);
    if (!code)
        code = sodium_ready(err);
    if (!code &&
        crypto_pwhash_str(hash, pin, len, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        code = ck_fail(err, CK_ENOMEM,
                       "Hashing the PIN needs %d MiB of memory, which this "
                       "machine could not give; close something and try "
                       "again.",
                       (int)(crypto_pwhash_MEMLIMIT_INTERACTIVE >> 20));
    if (pin)
        sodium_memzero(pin, len);
    if (code)
        return code;
    long known = 0, all = 0;
    code = store_begin(s, err);
    if (code)
        return code;
    code = count_where(s, "SELECT count(*) FROM supervisor WHERE name = ?1",
                       who, 0, &known, err);
    if (!code)
        code = supervisor_count(s, &all, err);
    if (!code && !known && all >= SUPERVISOR_MAX)
        code = ck_fail(err, CK_EINVAL,
                       "This event has %d supervisors already, the most a "
                       "desk checks a PIN against; remove one with "
                       "--remove-supervisor NAME first.",
                       SUPERVISOR_MAX);
    static const char STORING[] = "storing the supervisor";
    sqlite3_stmt *q;
    if (!code)
        code = store_prepare(
            s,
            "INSERT INTO supervisor (name, pin_hash, created_ms, pin_chars)"
            " VALUES (?1, ?2, ?3, ?4) ON CONFLICT (name) DO UPDATE SET"
            " pin_hash = excluded.pin_hash, created_ms = excluded.created_ms,"
            " pin_chars = excluded.pin_chars",
            NULL, &q, STORING, err);
    if (!code) {
        sqlite3_bind_text(q, 1, who, -1, SQLITE_STATIC);
        sqlite3_bind_text(q, 2, hash, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 3, now_ms);
        sqlite3_bind_int64(q, 4, (int64_t)chars);
        code = store_step_done(s, q, STORING, err);
    }
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
    if (!code && changed)
        *changed = known > 0;
    return code;
}

/* "Ana, Sam" (the supervisors there are) into `out`, cut short at `cap`. */
static int names_text(store *s, char *out, size_t cap, struct ck_error *err)
{
    out[0] = '\0';
    sqlite3_stmt *q;
    int code = store_prepare(s, "SELECT name FROM supervisor ORDER BY name",
                             NULL, &q, N_("reading the supervisors"), err);
    if (code)
        return code;
    size_t used = 0;
    int rc = SQLITE_DONE;
    while (used < cap && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        int w = snprintf(out + used, cap - used, "%s%s", used ? ", " : "",
                         (const char *)sqlite3_column_text(q, 0));
        if (w < 0)
            break;
        used += (size_t)w;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the supervisors"), err);
    return CK_OK;
}

int supervisor_remove(store *s, const char *name, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, "DELETE FROM supervisor WHERE name = ?1", NULL,
                             &q, N_("removing the supervisor"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, name ? name : "", -1, SQLITE_STATIC);
    if ((code = store_step_done(s, q, N_("removing the supervisor"), err)))
        return code;
    if (sqlite3_changes(store_db(s)) == 0) {
        char there[512];
        if ((code = names_text(s, there, sizeof(there), err)))
            return code;
        if (!there[0])
            return ck_fail(err, CK_ENOTFOUND,
                           "There is no supervisor '%s'; the event has none.",
                           name ? name : "");
        return ck_fail(err, CK_ENOTFOUND,
                       "There is no supervisor '%s' (there are: %s).",
                       name ? name : "", there);
    }
    return CK_OK;
}

int supervisor_locked(store *s, int64_t now_ms, bool *locked, int64_t *until_ms,
                      struct ck_error *err)
{
    *locked = false;
    *until_ms = 0;
    /* The newest wrong PIN and how many came within the window before it:
     * no attempt is recorded while locked, so the fifth of a run is the
     * newest, and the lock runs from it. */
    sqlite3_stmt *q;
    int rc = store_prepare(
        s,
        "SELECT m.t, (SELECT count(*) FROM pin_attempt a WHERE a.at_ms"
        " BETWEEN m.t - ?1 AND m.t) FROM (SELECT max(at_ms) AS t FROM"
        " pin_attempt) m WHERE m.t IS NOT NULL",
        NULL, &q, N_("reading the wrong PINs"), err);
    if (rc)
        return rc;
    sqlite3_bind_int64(q, 1, SUPERVISOR_LOCK_WINDOW_MS);
    rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        int64_t last = sqlite3_column_int64(q, 0);
        long n = (long)sqlite3_column_int64(q, 1);
        if (n >= SUPERVISOR_WRONG_MAX && now_ms < last + SUPERVISOR_LOCK_MS) {
            *locked = true;
            *until_ms = last + SUPERVISOR_LOCK_MS;
        }
        rc = SQLITE_DONE;
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the wrong PINs"), err);
    return CK_OK;
}

/* Record one PIN attempt at `now_ms` (its row in *row), and forget those
 * no lock needs. */
static int note_attempt(store *s, int64_t now_ms, int64_t *row,
                        struct ck_error *err)
{
    sqlite3_stmt *q;
    static const char WHAT[] = "counting a PIN attempt";
    int code = store_prepare(s, "INSERT INTO pin_attempt (at_ms) VALUES (?1)",
                             NULL, &q, WHAT, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, now_ms);
    if ((code = store_step_done(s, q, WHAT, err)))
        return code;
    *row = sqlite3_last_insert_rowid(store_db(s));
    code = store_prepare(s, "DELETE FROM pin_attempt WHERE at_ms < ?1", NULL,
                         &q, WHAT, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, now_ms - 24LL * 3600 * 1000);
    return store_step_done(s, q, WHAT, err);
}

/* A right PIN's attempt was no wrong one: forget it. */
static int forget_attempt(store *s, int64_t row, struct ck_error *err)
{
    sqlite3_stmt *q;
    static const char WHAT[] = "forgetting a right PIN's attempt";
    int code = store_prepare(s, "DELETE FROM pin_attempt WHERE rowid = ?1",
                             NULL, &q, WHAT, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, row);
    return store_step_done(s, q, WHAT, err);
}

static int locked_sentence(int64_t now_ms, int64_t until_ms,
                           struct ck_error *err)
{
    long minutes = (long)((until_ms - now_ms + 59999) / 60000);
    /* The limit and its window said as label: value, so only the minutes
     * left need a plural form. */
    return ck_failn(err, CK_EINVAL, (unsigned long)minutes,
                    "Too many wrong PINs (limit: %d, window: %d min): "
                    "supervisor actions are locked at this desk for %ld more "
                    "minute.  Check-ins go on; ask the supervisor to come to "
                    "the desk.",
                    "Too many wrong PINs (limit: %d, window: %d min): "
                    "supervisor actions are locked at this desk for %ld more "
                    "minutes.  Check-ins go on; ask the supervisor to come to "
                    "the desk.",
                    SUPERVISOR_WRONG_MAX, SUPERVISOR_LOCK_WINDOW_MS / 60000,
                    minutes);
}

/* Whose hash `pin` matches; name[0] stays '\0' for none. */
static int match(store *s, const char *pin, char name[SUPERVISOR_NAME_CAP],
                 struct ck_error *err)
{
    name[0] = '\0';
    sqlite3_stmt *q;
    /* A hash is tried only when its PIN has as many characters as `pin`
     * (or its length is not known): each try is about 0.12 s. */
    int rc = store_prepare(s,
                           "SELECT name, pin_hash FROM supervisor WHERE"
                           " pin_chars IS NULL OR pin_chars = ?1 ORDER BY"
                           " name",
                           NULL, &q, N_("reading the supervisors"), err);
    if (rc)
        return rc;
    size_t len = strlen(pin);
    sqlite3_bind_int64(q, 1, (int64_t)text_length(pin));
    while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
        const char *hash = (const char *)sqlite3_column_text(q, 1);
        if (hash && crypto_pwhash_str_verify(hash, pin, len) == 0) {
            snprintf(name, SUPERVISOR_NAME_CAP, "%s",
                     (const char *)sqlite3_column_text(q, 0));
            rc = SQLITE_DONE;
            break;
        }
    }
    sqlite3_finalize(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(s, rc, N_("reading the supervisors"), err);
    return CK_OK;
}

/* One attempt, counted before its PIN is verified: the lock is read and
 * the attempt recorded in one write transaction, so tries made at the
 * same time (a desk's terminal and its web page, two processes on one
 * file) each see those before them, and no more than
 * SUPERVISOR_WRONG_MAX within the window are ever verified.  The verify
 * itself (about 0.12 s) holds no lock; a right PIN's attempt is
 * forgotten after it. */
static int take_attempt(store *s, const char *pin, int64_t now_ms, int64_t *row,
                        struct ck_error *err)
{
    bool locked = false;
    int64_t until = 0;
    int code = store_begin(s, err);
    if (code)
        return code;
    code = supervisor_locked(s, now_ms, &locked, &until, err);
    if (!code && locked)
        code = locked_sentence(now_ms, until, err);
    if (!code && (!pin || !pin[0]))
        code = ck_fail(err, CK_EINVAL,
                       "This needs a supervisor's PIN; ask the supervisor "
                       "to type it.");
    if (!code)
        code = note_attempt(s, now_ms, row, err);
    if (!code)
        code = store_commit(s, err);
    else
        store_rollback(s);
    return code;
}

int supervisor_check(store *s, char *pin, int64_t now_ms,
                     char name[SUPERVISOR_NAME_CAP], struct ck_error *err)
{
    name[0] = '\0';
    long n = 0;
    int64_t row = 0;
    int code = sodium_ready(err);
    if (!code)
        code = supervisor_count(s, &n, err);
    if (!code && n == 0)
        code = ck_fail(err, CK_EINVAL,
                       "No supervisor is set for this event; add one with "
                       "'checkin event EVENT.db --supervisor NAME'.");
    if (!code)
        code = take_attempt(s, pin, now_ms, &row, err);
    if (!code)
        code = match(s, pin, name, err);
    if (pin)
        sodium_memzero(pin, strlen(pin));
    if (!code && name[0])
        code = forget_attempt(s, row, err);
    if (code) {
        name[0] = '\0';
        return code;
    }
    if (name[0])
        return CK_OK;
    bool locked = false;
    int64_t until = 0;
    code = supervisor_locked(s, now_ms, &locked, &until, err);
    if (code)
        return code;
    if (locked)
        return locked_sentence(now_ms, until, err);
    return ck_fail(err, CK_EINVAL,
                   "That PIN is not a supervisor's; nothing was done.  Ask "
                   "the supervisor to type it again.");
}

bool supervisor_pin_shaped(const uint8_t *code, size_t len)
{
    if (!code || len >= SUPERVISOR_PIN_CAP ||
        !text_valid_utf8((const char *)code, len))
        return false;
    /* The shape supervisor_set accepts (characters counted, not bytes,
     * as text_length does), as a line typed at a keyboard gives it. */
    size_t chars = 0;
    for (size_t i = 0; i < len; i++) {
        if (code[i] < 0x20 || code[i] == 0x7f)
            return false;
        chars += (code[i] & 0xc0) != 0x80;
    }
    return chars >= SUPERVISOR_PIN_MIN;
}

int supervisor_may_be_pin(store *s, const uint8_t *code, size_t len, bool *may,
                          struct ck_error *err)
{
    *may = false;
    if (!supervisor_pin_shaped(code, len))
        return CK_OK;
    size_t chars = 0;
    for (size_t i = 0; i < len; i++)
        chars += (code[i] & 0xc0) != 0x80;
    long n = 0;
    int rc = count_where(s,
                         "SELECT count(*) FROM supervisor WHERE pin_chars IS"
                         " NULL OR pin_chars = ?1",
                         NULL, (int64_t)chars, &n, err);
    *may = !rc && n > 0;
    return rc;
}

int supervisor_is_pin(store *s, const uint8_t *code, size_t len, bool *is,
                      struct ck_error *err)
{
    *is = false;
    bool may = false;
    int rc = supervisor_may_be_pin(s, code, len, &may, err);
    if (rc || !may)
        return rc;
    char pin[SUPERVISOR_PIN_CAP];
    char name[SUPERVISOR_NAME_CAP];
    memcpy(pin, code, len);
    pin[len] = '\0';
    rc = sodium_ready(err);
    if (!rc)
        rc = match(s, pin, name, err);
    if (!rc)
        *is = name[0] != '\0';
    sodium_memzero(pin, sizeof(pin));
    return rc;
}

int supervisor_hub_format(store *s, long *format, struct ck_error *err)
{
    *format = 0;
    sqlite3_stmt *q;
    int rc = store_prepare(s,
                           "SELECT CAST(value AS INTEGER) FROM setting"
                           " WHERE key = 'hub.format'",
                           NULL, &q, N_("reading the hub's format"), err);
    if (rc)
        return rc;
    int64_t f = 0;
    rc = store_step_int64(s, q, false, &f, NULL, N_("reading the hub's format"),
                          err);
    *format = (long)f;
    return rc;
}
