/* A first import's secrets written into `ticket_secret` as the merge of
 * its runs gives them (import_spill.c), in key order: SECRET_BATCH rows
 * to an INSERT, the rest one a statement.  A statement run once a row
 * paid SQLite's start and end of a statement, and three binds, for each
 * secret.  Which secrets are held, and when they are stored, is
 * import.c's. */
#include <stdlib.h>
#include <string.h>

#include "checkin/buf.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"
#include "import_priv.h"

#define SECRET_BATCH 64

struct secret_batch {
    store *s;
    sqlite3_stmt *one;  /* the caller's: one row, bound ?1 ?2 ?3 */
    sqlite3_stmt *many; /* SECRET_BATCH rows, prepared at the first */
    int n;
    struct ck_buf text; /* the secrets held, each after the last */
    size_t off[SECRET_BATCH], len[SECRET_BATCH];
    int64_t id[SECRET_BATCH];
    int revoked[SECRET_BATCH];
};

int import_secret_batch_new(store *s, sqlite3_stmt *one,
                            struct secret_batch **out, struct ck_error *err)
{
    struct secret_batch *b = calloc(1, sizeof(*b));
    if (!b)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    b->s = s;
    b->one = one;
    *out = b;
    return CK_OK;
}

/* The INSERT of SECRET_BATCH rows, prepared. */
static int prepare_many(struct secret_batch *b, struct ck_error *err)
{
    struct ck_buf sql = {0};
    bool ok = ck_buf_printf(&sql, "INSERT INTO ticket_secret (secret, "
                                  "attendee_id, revoked) VALUES (?, ?, ?)");
    for (int i = 1; i < SECRET_BATCH && ok; i++)
        ok = ck_buf_printf(&sql, ", (?, ?, ?)");
    int code = ok ? store_prepare(b->s, sql.p, NULL, &b->many,
                                  N_("importing registrations"), err)
                  : ck_fail(err, CK_ENOMEM, "Out of memory.");
    ck_buf_free(&sql);
    return code;
}

/* Row `i` of the batch bound as the three parameters from `first`. */
static void bind_row(struct secret_batch *b, sqlite3_stmt *q, int first, int i)
{
    sqlite3_bind_text(q, first, b->text.p + b->off[i], (int)b->len[i],
                      SQLITE_STATIC);
    sqlite3_bind_int64(q, first + 1, b->id[i]);
    sqlite3_bind_int(q, first + 2, b->revoked[i]);
}

static int step(struct secret_batch *b, sqlite3_stmt *q, struct ck_error *err)
{
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(b->s, rc, N_("importing registrations"), err);
    return CK_OK;
}

int import_secret_batch_flush(struct secret_batch *b, struct ck_error *err)
{
    int code = CK_OK;
    if (b->n == SECRET_BATCH) {
        code = b->many ? CK_OK : prepare_many(b, err);
        for (int i = 0; i < b->n && !code; i++)
            bind_row(b, b->many, 3 * i + 1, i);
        if (!code)
            code = step(b, b->many, err);
    } else {
        for (int i = 0; i < b->n && !code; i++) {
            bind_row(b, b->one, 1, i);
            code = step(b, b->one, err);
        }
    }
    b->n = 0;
    b->text.len = 0;
    return code;
}

int import_secret_batch_put(void *ctx, const char *secret, size_t len,
                            int64_t id, int revoked, struct ck_error *err)
{
    struct secret_batch *b = ctx;
    size_t at = b->text.len;
    if (!ck_buf_add(&b->text, secret, len))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    b->off[b->n] = at;
    b->len[b->n] = len;
    b->id[b->n] = id;
    b->revoked[b->n] = revoked;
    return ++b->n == SECRET_BATCH ? import_secret_batch_flush(b, err) : CK_OK;
}

void import_secret_batch_free(struct secret_batch *b)
{
    if (!b)
        return;
    sqlite3_finalize(b->many);
    ck_buf_free(&b->text);
    free(b);
}
