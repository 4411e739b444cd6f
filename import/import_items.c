/* A registration's pretix positions that check-in lists name, and its
 * answers to the questions lists show (issue 29; docs/admission.md,
 * section 2, "Local schema: version 8"): the positions go to
 * `attendee_item` with the variation bought, an add-on's own secret is
 * marked with its item in `ticket_secret` (import.c stored it with the
 * registration's other secrets), and answers go to `attendee_answer`
 * with the question's text in `question`.  What the registration held
 * before is replaced.  The own codes of its tutorial add-ons (issue 30)
 * go to `addon_secret`, beside its ticket's.  Not for reading the pretix export
 * (import_pretix.c) nor for deciding who is on a list (admission.c). */
#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"
#include "import_priv.h"

static int run(struct importer *im, const char *sql, int n,
               const char *const *args, int64_t id, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = importer_statement(im, sql, &q, err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    for (int i = 0; i < n; i++)
        sqlite3_bind_text(q, i + 2, args[i] ? args[i] : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    sqlite3_reset(q);
    sqlite3_clear_bindings(q);
    if (rc != SQLITE_DONE)
        return store_sqlite_fail(importer_store(im), rc,
                                 N_("importing list items"), err);
    return CK_OK;
}

int import_items_row(struct importer *im, int64_t attendee_id,
                     const struct reg_row *row, struct ck_error *err)
{
    if (!importer_lists_matter(im))
        return CK_OK;
    int code = run(im, "DELETE FROM attendee_item WHERE attendee_id = ?1", 0,
                   NULL, attendee_id, err);
    if (!code)
        code = run(im, "DELETE FROM attendee_answer WHERE attendee_id = ?1", 0,
                   NULL, attendee_id, err);
    for (int i = 0; !code && i < row->nitems; i++) {
        const struct reg_item *it = &row->items[i];
        const char *args[] = {it->position, it->item, it->variation,
                              it->variation_name};
        code = run(im,
                   "INSERT OR REPLACE INTO attendee_item (attendee_id, "
                   "position, item, variation, variation_name) VALUES (?1, "
                   "?2, ?3, ?4, ?5)",
                   4, args, attendee_id, err);
        if (!code && it->secret)
            code = importer_flush_secrets(im, err);
        if (!code && it->secret) {
            const char *sa[] = {it->secret, it->item};
            code = run(im,
                       "UPDATE ticket_secret SET item = ?3 WHERE secret = ?2 "
                       "AND attendee_id = ?1",
                       2, sa, attendee_id, err);
        }
    }
    for (int i = 0; !code && i < row->nanswers; i++) {
        const struct reg_answer *a = &row->answers[i];
        const char *qa[] = {a->question, a->label};
        code = run(im,
                   "INSERT INTO question (identifier, label) VALUES (?2, ?3) "
                   "ON CONFLICT (identifier) DO UPDATE SET label = ?3",
                   2, qa, attendee_id, err);
        const char *aa[] = {a->question, a->answer};
        if (!code)
            code = run(im,
                       "INSERT OR REPLACE INTO attendee_answer (attendee_id, "
                       "question, answer) VALUES (?1, ?2, ?3)",
                       2, aa, attendee_id, err);
    }
    return code;
}

int import_addon_codes_row(struct importer *im, int64_t attendee_id,
                           const struct reg_row *row, bool cancelled,
                           bool fresh, struct ck_error *err)
{
    if (!row->addon_secrets)
        return CK_OK;
    /* A registration stored by this row has no codes to revoke: the
     * statement was 5% of a pretix import's instructions (callgrind,
     * 10,000 positions without add-ons). */
    int code = fresh ? CK_OK
                     : run(im,
                           "UPDATE addon_secret SET revoked = 1 WHERE "
                           "attendee_id = ?1 AND revoked = 0",
                           0, NULL, attendee_id, err);
    const char *revoked = cancelled ? "1" : "0";
    for (const char *p = row->addon_secrets; !code && *p;) {
        size_t len = strcspn(p, " ");
        char one[160];
        snprintf(one, sizeof(one), "%.*s", (int)len, p);
        p += len + (p[len] == ' ');
        const char *args[] = {one, revoked};
        /* A ticket's code is never also an add-on's, whether stored or
         * held back (import.c); a code another person holds stays
         * theirs. */
        if (importer_holds_secret(im, one))
            continue;
        code = run(im,
                   "INSERT INTO addon_secret (secret, attendee_id, revoked) "
                   "SELECT ?2, ?1, ?3 WHERE NOT EXISTS (SELECT 1 FROM "
                   "ticket_secret WHERE secret = ?2) ON CONFLICT (secret) DO "
                   "UPDATE SET revoked = excluded.revoked WHERE attendee_id "
                   "= excluded.attendee_id",
                   2, args, attendee_id, err);
    }
    return code;
}
