/* pretix's questions asked during check-in (see ask.h): which a
 * registration has yet to answer, and whether a given answer will do. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "checkin/ask.h"
#include "checkin/i18n.h"
#include "checkin/store_sql.h"

/* Asked, and answered neither by the export (a non-empty answer) nor by
 * an admission a desk journaled with its answers and no one undid (an
 * undone check-in asks again; a declined acknowledgement, journaled on a
 * refusal, is asked again too). */
static const char PENDING[] =
    "SELECT q.identifier, CASE q.ask WHEN 'A' THEN coalesce(q.detail,"
    " q.label) ELSE q.label END, q.ask, q.required, q.label, CASE q.ask"
    " WHEN 'A' THEN (SELECT json_group_object(substr(k.key,"
    " length(q.identifier) + 2), json(k.value)) FROM setting k WHERE k.key"
    " LIKE 'ack.' || substr(q.identifier, 5) || '.%') END FROM question q"
    " WHERE q.ask IS NOT NULL AND NOT EXISTS (SELECT 1 FROM attendee_answer"
    " a WHERE a.attendee_id = ?1 AND a.question = q.identifier AND"
    " a.answer <> '') AND NOT EXISTS (SELECT 1 FROM live_scan s,"
    " json_each(CASE WHEN json_valid(s.answers) THEN s.answers ELSE '{}'"
    " END) e WHERE"
    " s.attendee_ticket_id = ?2 AND s.answers IS NOT NULL AND s.decision ="
    " 'admit' AND e.key ="
    " q.identifier) ORDER BY q.rowid";

static const char OPTIONS[] =
    "SELECT DISTINCT answer FROM attendee_answer WHERE question = ?1 AND"
    " answer <> '' ORDER BY answer";

static void text_col(sqlite3_stmt *q, int col, char *out, size_t cap)
{
    const unsigned char *t = sqlite3_column_text(q, col);
    snprintf(out, cap, "%s", t ? (const char *)t : "");
}

static int options(store *s, struct ask_question *a, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(s, OPTIONS, NULL, &q,
                             N_("reading a question's choices"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, a->ident, -1, SQLITE_STATIC);
    while (a->noptions < ASK_MAX_OPTIONS && sqlite3_step(q) == SQLITE_ROW)
        text_col(q, 0, a->options[a->noptions++], sizeof(a->options[0]));
    sqlite3_finalize(q);
    return CK_OK;
}

int ask_pending(store *s, int64_t attendee_id, const char *ticket_id,
                struct ask_question *out, size_t cap, size_t *n,
                struct ck_error *err)
{
    return ask_pending_kept(s, NULL, attendee_id, ticket_id, out, cap, n, err);
}

/* Done with `q`: reset when kept, else finalized. */
static void done_with(sqlite3_stmt *q, sqlite3_stmt **kept)
{
    if (kept) {
        sqlite3_clear_bindings(q);
        sqlite3_reset(q);
    } else {
        sqlite3_finalize(q);
    }
}

int ask_pending_kept(store *s, sqlite3_stmt **kept, int64_t attendee_id,
                     const char *ticket_id, struct ask_question *out,
                     size_t cap, size_t *n, struct ck_error *err)
{
    *n = 0;
    sqlite3_stmt *q;
    int code =
        store_prepare(s, PENDING, kept, &q,
                      N_("reading the questions asked at check-in"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, attendee_id);
    sqlite3_bind_text(q, 2, ticket_id ? ticket_id : "", -1, SQLITE_STATIC);
    int rc = SQLITE_DONE;
    while (*n < cap && (rc = sqlite3_step(q)) == SQLITE_ROW) {
        struct ask_question *a = &out[*n];
        memset(a, 0, sizeof(*a));
        text_col(q, 0, a->ident, sizeof(a->ident));
        text_col(q, 1, a->text, sizeof(a->text));
        const unsigned char *t = sqlite3_column_text(q, 2);
        a->type = t && t[0] && !t[1] ? (char)t[0] : 'S';
        a->required = sqlite3_column_int(q, 3) != 0;
        text_col(q, 4, a->title, sizeof(a->title));
        text_col(q, 5, a->words, sizeof(a->words));
        (*n)++;
    }
    if (*n < cap && rc != SQLITE_DONE) {
        code = store_sqlite_fail(
            s, rc, N_("reading the questions asked at check-in"), err);
        done_with(q, kept);
        return code;
    }
    done_with(q, kept);
    for (size_t i = 0; !code && i < *n; i++)
        if (out[i].type == 'C')
            code = options(s, &out[i], err);
    return code;
}

/* `given` trimmed of spaces at both ends, into `out`. */
static void trimmed(const char *given, char *out, size_t cap)
{
    while (*given && isspace((unsigned char)*given))
        given++;
    size_t len = strlen(given);
    while (len && isspace((unsigned char)given[len - 1]))
        len--;
    snprintf(out, cap, "%.*s", (int)len, given);
}

static bool one_of(const char *w, const char *const *words)
{
    for (; *words; words++)
        if (!strcasecmp(w, *words))
            return true;
    return false;
}

int ask_check(const struct ask_question *q, const char *given, char *out,
              size_t cap, struct ck_error *err)
{
    static const char *const YES[] = {"yes", "y", "true", "1", NULL};
    static const char *const NO[] = {"no", "n", "false", "0", NULL};
    char w[512];
    trimmed(given ? given : "", w, sizeof(w));
    if (q->type == 'A' && one_of(w, NO)) {
        /* A decline, kept to be journaled (the desk admits no one). */
        snprintf(out, cap, "%s", "False");
        return CK_OK;
    }
    if (q->type == 'A' && !one_of(w, YES))
        return ck_fail(err, CK_EINVAL,
                       "Ask \"%s\" and answer yes (they have) or no (they "
                       "decline).",
                       q->text);
    if (q->type == 'B' || q->type == 'A') {
        bool yes = one_of(w, YES), no = one_of(w, NO);
        if (!yes && !no)
            return ck_fail(err, CK_EINVAL, "Answer \"%s\" with yes or no.",
                           q->text);
        if (q->required && !yes)
            return ck_fail(err, CK_EINVAL,
                           "\"%s\" must be yes before this person is checked "
                           "in; send them to the help desk otherwise.",
                           q->text);
        snprintf(out, cap, "%s", yes ? "True" : "False");
        return CK_OK;
    }
    if (q->required && !w[0])
        return ck_fail(err, CK_EINVAL,
                       "Type the answer to \"%s\"; it may not be left empty.",
                       q->text);
    if (strlen(w) >= cap)
        return ck_fail(err, CK_EINVAL,
                       "The answer to \"%s\" is too long; keep it under %zu "
                       "characters.",
                       q->text, cap);
    snprintf(out, cap, "%s", w);
    return CK_OK;
}
