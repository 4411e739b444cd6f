/* The print job queue in the store's print_job table (schema v2): adding
 * jobs with the reprint rule, state changes with attempt counting, and the
 * queries the printer side needs.  Each write is one short BEGIN IMMEDIATE
 * transaction, so a crash leaves every job in its last recorded state.
 * Not here: talking to printers (printer/print_queue.c) and the scan
 * journal, which jobs never read or write. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/jobs.h"
#include "checkin/journal.h"
#include "checkin/store_sql.h"
#include "checkin/vec.h"

#define JOB_COLUMNS                                                            \
    "id, attendee_id, kind, tutorial_id, badge_id, template, printer, "        \
    "state, attempts, error, reprint_reason, created_ms, updated_ms, "         \
    "error_kept"

static const char *const KIND_NAMES[] = {"badge", "ticket", "paddle"};
static const char *const STATE_NAMES[] = {"queued", "sent", "printed",
                                          "failed"};

const char *job_kind_str(enum job_kind k)
{
    return (unsigned)k < 3 ? KIND_NAMES[k] : "?";
}

const char *job_state_str(enum job_state s)
{
    return (unsigned)s < 4 ? STATE_NAMES[s] : "?";
}

static int parse_state(const char *s, enum job_state *out)
{
    for (int i = 0; i < 4; i++) {
        if (s && !strcmp(s, STATE_NAMES[i])) {
            *out = (enum job_state)i;
            return 0;
        }
    }
    return -1;
}

void job_list_free(struct job_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(l->arena);
    memset(l, 0, sizeof(*l));
}

static const char *opt_text(struct arena *a, sqlite3_stmt *st, int col)
{
    if (sqlite3_column_type(st, col) == SQLITE_NULL)
        return NULL;
    return arena_strdup(a, (const char *)sqlite3_column_text(st, col));
}

/* Read one row of JOB_COLUMNS. */
static int read_job(struct arena *a, sqlite3_stmt *st, struct job *j)
{
    memset(j, 0, sizeof(*j));
    j->id = sqlite3_column_int64(st, 0);
    j->attendee_id = sqlite3_column_int64(st, 1);
    const char *kind = (const char *)sqlite3_column_text(st, 2);
    j->kind = kind && !strcmp(kind, "ticket")   ? JOB_TICKET
              : kind && !strcmp(kind, "paddle") ? JOB_PADDLE
                                                : JOB_BADGE;
    j->tutorial_id = sqlite3_column_int64(st, 3);
    if (sqlite3_column_type(st, 4) == SQLITE_BLOB &&
        sqlite3_column_bytes(st, 4) == (int)sizeof(j->badge_id)) {
        memcpy(j->badge_id, sqlite3_column_blob(st, 4), sizeof(j->badge_id));
        j->has_badge_id = true;
    }
    j->template_name =
        arena_strdup(a, (const char *)sqlite3_column_text(st, 5));
    j->printer = arena_strdup(a, (const char *)sqlite3_column_text(st, 6));
    if (parse_state((const char *)sqlite3_column_text(st, 7), &j->state))
        return -1;
    j->attempts = sqlite3_column_int(st, 8);
    j->error = opt_text(a, st, 9);
    j->reprint_reason = opt_text(a, st, 10);
    j->created_ms = sqlite3_column_int64(st, 11);
    j->updated_ms = sqlite3_column_int64(st, 12);
    j->error_kept = opt_text(a, st, 13);
    if (!j->template_name || !j->printer)
        return -1;
    return 0;
}

/* Run a prepared SELECT of JOB_COLUMNS into *out; finalizes `st`. */
static int collect(store *s, sqlite3_stmt *st, struct job_list *out,
                   struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->arena = arena_new();
    if (!out->arena) {
        sqlite3_finalize(st);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    size_t cap = 0;
    int rc, code = CK_OK;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(out->items, out->n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        if (read_job(out->arena, st, &out->items[out->n])) {
            code = ck_fail(err, CK_ECORRUPT,
                           "%s has a print job with an unknown state or "
                           "missing fields; restore the file from a backup.",
                           store_path(s));
            break;
        }
        out->n++;
    }
    if (code == CK_OK && rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading print jobs"), err);
    sqlite3_finalize(st);
    if (code)
        job_list_free(out);
    return code;
}

static int prepare(store *s, const char *sql, sqlite3_stmt **st,
                   struct ck_error *err)
{
    return store_prepare(s, sql, NULL, st, N_("preparing a print job query"),
                         err);
}

/* The first value of a one-row, one-integer query with up to three
 * integer parameters (-1: unused); *found says whether a row came back. */
static int query_int(store *s, const char *sql, int64_t a, int64_t b, int64_t c,
                     int64_t *value, bool *found, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s, sql, &st, err);
    if (code)
        return code;
    int n = sqlite3_bind_parameter_count(st);
    const int64_t args[3] = {a, b, c};
    for (int i = 0; i < n && i < 3; i++)
        sqlite3_bind_int64(st, i + 1, args[i]);
    return store_step_int64(s, st, false, value, found,
                            N_("reading print jobs"), err);
}

/* Whether print job `j`'s label no longer admits: its badge was
 * superseded (a reprint, or an undo of the check-in it was printed for,
 * issued a newer one) or shares its number with another badge
 * (event/credential.c's verifier refuses both). */
#define LABEL_SUPERSEDED(j)                                                    \
    "(" j ".badge_id IS NOT NULL AND EXISTS (SELECT 1 FROM badge b WHERE"      \
    " b.badge_id = " j ".badge_id AND (b.issue < (SELECT max(x.issue) FROM"    \
    " badge x WHERE x.attendee_id = b.attendee_id AND x.tutorial_id IS"        \
    " b.tutorial_id) OR (SELECT count(*) FROM badge y WHERE y.attendee_id ="   \
    " b.attendee_id AND y.tutorial_id IS b.tutorial_id AND y.issue ="          \
    " b.issue) > 1)))"

/* The reason a reprint of a label that no longer admits is counted with. */
#define SUPERSEDED_REASON "the label printed before no longer admits"

int jobs_label_done(store *s, int64_t attendee_id, enum job_kind kind,
                    int64_t tutorial_id, bool *done, struct ck_error *err)
{
    *done = false;
    sqlite3_stmt *st;
    int code =
        prepare(s,
                "SELECT state IN ('sent', 'printed') AND NOT " LABEL_SUPERSEDED(
                    "j") " FROM print_job j"
                         " WHERE attendee_id = ? AND kind = ? AND"
                         " coalesce(tutorial_id, 0) = ? ORDER BY id DESC"
                         " LIMIT 1",
                &st, err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, attendee_id);
    sqlite3_bind_text(st, 2, job_kind_str(kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, tutorial_id);
    int64_t sent = 0;
    code = store_step_int64(s, st, false, &sent, NULL, N_("reading print jobs"),
                            err);
    *done = sent != 0;
    return code;
}

/* The check-in a job is queued with, or none (NULL station). */
struct scan_ref {
    const char *station_id;
    int64_t seq;
};

/* A print job asked of jobs_add or jobs_add_with_checkin. */
struct job_request {
    int64_t attendee_id;
    enum job_kind kind;
    int64_t tutorial_id; /* a ticket's; 0 for a badge */
    const char *template_name, *printer;
    const char *reprint_reason; /* NULL: not a reprint */
    const struct scan_ref *ref; /* the check-in it goes with, or NULL */
};

/* What the request says is a job at all: a kind, a tutorial for a ticket
 * and only then, a template and a printer, a reason for a reprint. */
static int job_request_valid(const struct job_request *r, struct ck_error *err)
{
    if (r->kind != JOB_BADGE && r->kind != JOB_TICKET && r->kind != JOB_PADDLE)
        return ck_fail(err, CK_EINVAL, "Unknown print job kind %d.", r->kind);
    if (r->kind != JOB_TICKET && r->tutorial_id != 0)
        return ck_fail(err, CK_EINVAL,
                       "A badge print job has no tutorial; print a tutorial "
                       "ticket as a ticket job.");
    if (r->kind == JOB_TICKET && r->tutorial_id <= 0)
        return ck_fail(err, CK_EINVAL,
                       "A ticket print job needs the tutorial it admits to.");
    if (!r->template_name || !*r->template_name || !r->printer || !*r->printer)
        return ck_fail(err, CK_EINVAL,
                       "A print job needs a label template and a printer.");
    if (r->reprint_reason && !*r->reprint_reason)
        return ck_fail(err, CK_EINVAL,
                       "A reprint needs a reason (for example \"lost\" or "
                       "\"misprinted\"); give one.");
    return CK_OK;
}

/* The attendee, and a ticket's tutorial, are in the event. */
static int job_targets_exist(store *s, const struct job_request *r,
                             struct ck_error *err)
{
    int64_t v = 0;
    bool found;
    int code = query_int(s, "SELECT 1 FROM attendee WHERE id = ?",
                         r->attendee_id, -1, -1, &v, &found, err);
    if (!code && !found)
        code = ck_fail(err, CK_ENOTFOUND,
                       "No attendee with id %lld in %s; search with 'checkin "
                       "attendees' and use the id shown.",
                       (long long)r->attendee_id, store_path(s));
    if (!code && r->kind == JOB_TICKET) {
        code = query_int(s, "SELECT 1 FROM tutorial WHERE id = ?",
                         r->tutorial_id, -1, -1, &v, &found, err);
        if (!code && !found)
            code = ck_fail(err, CK_ENOTFOUND, "No tutorial with id %lld in %s.",
                           (long long)r->tutorial_id, store_path(s));
    }
    return code;
}

/* A second print of the same badge or ticket must be an explicit reprint,
 * so that it is counted and its reason recorded -- unless the last job
 * never reached a printer (queued) or failed before the printer took it:
 * that job is printed now, with the badge number it already has (*again,
 * its id).  A sent job may have printed, so it is never printed again
 * without a reason. */
static int earlier_job(store *s, struct job_request *r, int64_t *again,
                       struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "SELECT id, state, " LABEL_SUPERSEDED(
                           "j") " FROM print_job j WHERE attendee_id = ?"
                                " AND kind = ? AND coalesce(tutorial_id, 0) = ?"
                                " ORDER BY id DESC LIMIT 1",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, r->attendee_id);
    sqlite3_bind_text(st, 2, job_kind_str(r->kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, r->tutorial_id);
    int rc = sqlite3_step(st);
    const char *state =
        rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 1) : NULL;
    if (state && (!strcmp(state, "queued") || !strcmp(state, "failed")))
        *again = sqlite3_column_int64(st, 0);
    else if (rc == SQLITE_ROW && sqlite3_column_int(st, 2))
        /* What it printed no longer admits: a new label, counted as a
         * reprint with why. */
        r->reprint_reason = SUPERSEDED_REASON;
    else if (rc == SQLITE_ROW)
        code = ck_fail(err, CK_EINVAL,
                       "There is print job %lld (%s, %s) for this already; to "
                       "print it again, reprint it with a reason.",
                       (long long)sqlite3_column_int64(st, 0),
                       job_kind_str(r->kind),
                       (const char *)sqlite3_column_text(st, 1));
    else if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("reading print jobs"), err);
    sqlite3_finalize(st);
    return code;
}

/* The earlier job `again` queued once more, for this request's template,
 * printer and check-in. */
static int requeue_job(store *s, const struct job_request *r, int64_t again,
                       int64_t *job_id, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "UPDATE print_job SET state = 'queued', template = ?,"
                       " printer = ?, error = NULL, error_kept = NULL,"
                       " updated_ms = ?,"
                       " scan_station_id = coalesce(?, scan_station_id),"
                       " scan_seq = coalesce(?, scan_seq) WHERE id = ?",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_text(st, 1, r->template_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 2, r->printer, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, store_now_ms());
    store_bind_text(st, 4, r->ref ? r->ref->station_id : NULL);
    if (r->ref)
        sqlite3_bind_int64(st, 5, r->ref->seq);
    else
        sqlite3_bind_null(st, 5);
    sqlite3_bind_int64(st, 6, again);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("queueing a print job"), err);
    else
        *job_id = again;
    sqlite3_finalize(st);
    return code;
}

/* A new job for this request. */
static int insert_job(store *s, const struct job_request *r, int64_t *job_id,
                      struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "INSERT INTO print_job (attendee_id, kind, tutorial_id,"
                       " template, printer, state, attempts, reprint_reason,"
                       " created_ms, updated_ms, scan_station_id, scan_seq)"
                       " VALUES (?, ?, ?, ?, ?, 'queued', 0, ?, ?, ?, ?, ?)",
                       &st, err);
    if (code)
        return code;
    int64_t now = store_now_ms();
    sqlite3_bind_int64(st, 1, r->attendee_id);
    sqlite3_bind_text(st, 2, job_kind_str(r->kind), -1, SQLITE_STATIC);
    if (r->kind == JOB_TICKET)
        sqlite3_bind_int64(st, 3, r->tutorial_id);
    else
        sqlite3_bind_null(st, 3);
    sqlite3_bind_text(st, 4, r->template_name, -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(st, 5, r->printer, -1, SQLITE_TRANSIENT);
    store_bind_text(st, 6, r->reprint_reason);
    sqlite3_bind_int64(st, 7, now);
    sqlite3_bind_int64(st, 8, now);
    store_bind_text(st, 9, r->ref ? r->ref->station_id : NULL);
    if (r->ref)
        sqlite3_bind_int64(st, 10, r->ref->seq);
    else
        sqlite3_bind_null(st, 10);
    int rc = sqlite3_step(st);
    if (rc != SQLITE_DONE)
        code = store_sqlite_fail(s, rc, N_("queueing a print job"), err);
    else
        *job_id = sqlite3_last_insert_rowid(store_db(s));
    sqlite3_finalize(st);
    return code;
}

/* jobs_add's work, inside the caller's transaction: the request checked,
 * then an earlier job printed again or a new one queued. */
static int add_job(store *s, const struct job_request *req, int64_t *job_id,
                   struct ck_error *err)
{
    struct job_request r = *req;
    int code = job_request_valid(&r, err);
    if (!code)
        code = job_targets_exist(s, &r, err);
    int64_t again = 0;
    if (!code && !r.reprint_reason)
        code = earlier_job(s, &r, &again, err);
    if (code)
        return code;
    return again ? requeue_job(s, &r, again, job_id, err)
                 : insert_job(s, &r, job_id, err);
}

int jobs_add(store *s, int64_t attendee_id, enum job_kind kind,
             int64_t tutorial_id, const char *template_name,
             const char *printer, const char *reprint_reason, int64_t *job_id,
             struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    struct job_request r = {.attendee_id = attendee_id,
                            .kind = kind,
                            .tutorial_id = tutorial_id,
                            .template_name = template_name,
                            .printer = printer,
                            .reprint_reason = reprint_reason};
    code = add_job(s, &r, job_id, err);
    if (!code)
        return store_commit(s, err);
    store_rollback(s);
    return code;
}

int jobs_add_with_checkin(store *s, int64_t attendee_id, enum job_kind kind,
                          int64_t tutorial_id, const char *template_name,
                          const char *printer, const char *scan_station_id,
                          int64_t scan_seq, int64_t *job_id,
                          struct ck_error *err)
{
    if (sqlite3_get_autocommit(store_db(s)))
        return ck_fail(err, CK_EINVAL,
                       "A print job queued with a check-in needs the "
                       "check-in's transaction open; queue it with jobs_add "
                       "instead.");
    if (!scan_station_id || !*scan_station_id || scan_seq < 1)
        return ck_fail(err, CK_EINVAL,
                       "A print job queued with a check-in needs the "
                       "journal row it belongs to.");
    struct scan_ref ref = {scan_station_id, scan_seq};
    struct job_request r = {.attendee_id = attendee_id,
                            .kind = kind,
                            .tutorial_id = tutorial_id,
                            .template_name = template_name,
                            .printer = printer,
                            .ref = &ref};
    return add_job(s, &r, job_id, err);
}

/* Run one UPDATE on a single job inside its own transaction; CK_ENOTFOUND
 * if it changed nothing.  `bind` binds everything but the last parameter,
 * which is the job id. */
static int update_one(store *s, int64_t job_id, const char *sql,
                      int (*bind)(sqlite3_stmt *st, const void *ctx),
                      const void *ctx, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    sqlite3_stmt *st;
    code = prepare(s, sql, &st, err);
    if (!code) {
        int last = bind(st, ctx);
        sqlite3_bind_int64(st, last, job_id);
        int rc = sqlite3_step(st);
        if (rc != SQLITE_DONE)
            code = store_sqlite_fail(s, rc, N_("updating a print job"), err);
        else if (sqlite3_changes(store_db(s)) != 1)
            code = ck_fail(err, CK_ENOTFOUND, "No print job %lld in %s.",
                           (long long)job_id, store_path(s));
        sqlite3_finalize(st);
    }
    if (!code)
        return store_commit(s, err);
    store_rollback(s);
    return code;
}

static int bind_badge(sqlite3_stmt *st, const void *ctx)
{
    sqlite3_bind_blob(st, 1, ctx, 8, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, store_now_ms());
    return 3;
}

int jobs_set_badge(store *s, int64_t job_id, const uint8_t badge_id[8],
                   struct ck_error *err)
{
    return update_one(s, job_id,
                      "UPDATE print_job SET badge_id = ?, updated_ms = ?"
                      " WHERE id = ?",
                      bind_badge, badge_id, err);
}

struct state_change {
    enum job_state from, to;
    const char *error, *kept;
};

static int bind_state(sqlite3_stmt *st, const void *ctx)
{
    const struct state_change *c = ctx;
    /* sent -> sent keeps the job sent and records why it is unconfirmed;
     * it is not another attempt. */
    bool unconfirmed = c->from == JOB_SENT && c->to == JOB_SENT;
    sqlite3_bind_text(st, 1, job_state_str(c->to), -1, SQLITE_STATIC);
    sqlite3_bind_int(st, 2, c->to == JOB_SENT && !unconfirmed);
    bool why = c->to == JOB_FAILED || unconfirmed;
    store_bind_text(st, 3, why ? c->error : NULL);
    store_bind_text(st, 4, why && c->kept && c->kept[0] ? c->kept : NULL);
    sqlite3_bind_int64(st, 5, store_now_ms());
    sqlite3_bind_text(st, 6, job_state_str(c->from), -1, SQLITE_STATIC);
    return 7;
}

static bool allowed(enum job_state from, enum job_state to)
{
    switch (from) {
    case JOB_QUEUED:
        return to == JOB_SENT || to == JOB_FAILED;
    case JOB_SENT:
        return to == JOB_PRINTED || to == JOB_FAILED || to == JOB_SENT;
    case JOB_FAILED:
        return to == JOB_SENT || to == JOB_FAILED || to == JOB_QUEUED;
    case JOB_PRINTED:
        return false;
    }
    return false;
}

/* jobs_set_state with `kept`, the error's kept form (ck_error_keep) or
 * NULL. */
static int set_state(store *s, int64_t job_id, enum job_state state,
                     const char *error, const char *kept, struct ck_error *err)
{
    if ((unsigned)state > JOB_FAILED)
        return ck_fail(err, CK_EINVAL, "Unknown print job state %d.", state);
    if (state == JOB_FAILED && (!error || !*error))
        return ck_fail(err, CK_EINVAL,
                       "A failed print job needs the sentence saying why.");
    struct job_list cur;
    int code = jobs_get(s, job_id, &cur, err);
    if (code)
        return code;
    if (cur.n != 1) {
        job_list_free(&cur);
        return ck_fail(err, CK_ENOTFOUND, "No print job %lld in %s.",
                       (long long)job_id, store_path(s));
    }
    enum job_state from = cur.items[0].state;
    job_list_free(&cur);
    if (from == JOB_SENT && state == JOB_SENT && (!error || !*error))
        return ck_fail(err, CK_EINVAL,
                       "A print job left unconfirmed needs the sentence "
                       "saying what to check.");
    if (!allowed(from, state)) {
        if (from == JOB_PRINTED)
            return ck_fail(err, CK_EINVAL,
                           "Print job %lld is already printed; to print it "
                           "again, reprint it with a reason.",
                           (long long)job_id);
        return ck_fail(
            err, CK_EINVAL, "Print job %lld cannot go from %s to %s.",
            (long long)job_id, job_state_str(from), job_state_str(state));
    }
    /* The state read above is re-checked in the UPDATE so that two
     * processes cannot both move the same job. */
    struct state_change c = {from, state, error, kept};
    code = update_one(s, job_id,
                      "UPDATE print_job SET state = ?, attempts = attempts + ?,"
                      " error = ?, error_kept = ?, updated_ms = ? WHERE"
                      " state = ? AND id = ?",
                      bind_state, &c, err);
    if (code == CK_ENOTFOUND)
        code = ck_fail(err, CK_EBUSY,
                       "Print job %lld changed while it was being updated; "
                       "look at it again.",
                       (long long)job_id);
    return code;
}

int jobs_set_state(store *s, int64_t job_id, enum job_state state,
                   const char *error, struct ck_error *err)
{
    return set_state(s, job_id, state, error, NULL, err);
}

int jobs_set_state_why(store *s, int64_t job_id, enum job_state state,
                       const struct ck_error *why, struct ck_error *err)
{
    char kept[CK_ERROR_KEPT_CAP];
    ck_error_keep(why, kept, sizeof(kept));
    return set_state(s, job_id, state, why ? why->msg : NULL, kept, err);
}

int jobs_get(store *s, int64_t job_id, struct job_list *out,
             struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s, "SELECT " JOB_COLUMNS " FROM print_job WHERE id = ?",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, job_id);
    code = collect(s, st, out, err);
    if (!code && out->n == 0) {
        job_list_free(out);
        return ck_fail(err, CK_ENOTFOUND, "No print job %lld in %s.",
                       (long long)job_id, store_path(s));
    }
    return code;
}

int jobs_pending(store *s, const char *printer, int max_attempts,
                 struct job_list *out, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "SELECT " JOB_COLUMNS " FROM print_job"
                       " WHERE (state = 'queued' OR"
                       "        (state = 'failed' AND attempts < ?))"
                       " AND (?2 IS NULL OR printer = ?2)"
                       " ORDER BY id",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_int(st, 1, max_attempts);
    if (printer)
        sqlite3_bind_text(st, 2, printer, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 2);
    return collect(s, st, out, err);
}

int jobs_cut_short(store *s, const char *printer, struct job_list *out,
                   struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "SELECT " JOB_COLUMNS " FROM print_job"
                       " WHERE state = 'sent' AND error IS NULL AND"
                       " scan_seq IS NOT NULL AND printer = ? ORDER BY id",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_text(st, 1, printer, -1, SQLITE_TRANSIENT);
    return collect(s, st, out, err);
}

int jobs_for_attendee(store *s, int64_t attendee_id, struct job_list *out,
                      struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "SELECT " JOB_COLUMNS " FROM print_job"
                       " WHERE attendee_id = ? ORDER BY id",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, attendee_id);
    return collect(s, st, out, err);
}

int jobs_reprint_count(store *s, int64_t attendee_id, enum job_kind kind,
                       int64_t tutorial_id, int *count, struct ck_error *err)
{
    sqlite3_stmt *st;
    int code = prepare(s,
                       "SELECT count(*) FROM print_job WHERE attendee_id = ?"
                       " AND kind = ? AND coalesce(tutorial_id, 0) = ?"
                       " AND reprint_reason IS NOT NULL",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_int64(st, 1, attendee_id);
    sqlite3_bind_text(st, 2, job_kind_str(kind), -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 3, tutorial_id);
    int64_t n = 0;
    code =
        store_step_int64(s, st, false, &n, NULL, N_("counting reprints"), err);
    *count = (int)n;
    return code;
}

int jobs_labels_since(store *s, const char *printer, int64_t since_ms,
                      long *out, struct ck_error *err)
{
    sqlite3_stmt *st;
    *out = 0;
    int code = prepare(s,
                       "SELECT count(*) FROM print_job WHERE printer = ?"
                       " AND state IN ('printed','sent') AND updated_ms >= ?",
                       &st, err);
    if (code)
        return code;
    sqlite3_bind_text(st, 1, printer, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, since_ms);
    int64_t n = 0;
    code = store_step_int64(s, st, false, &n, NULL,
                            N_("counting the labels printed"), err);
    *out = (long)n;
    return code;
}

void no_badge_list_free(struct no_badge_list *l)
{
    if (!l)
        return;
    free(l->items);
    arena_free(l->arena);
    memset(l, 0, sizeof(*l));
}

/* Whether the file is a station's enrolled at a hub (sync's table of its
 * enrolment, sync/local.c, names a role other than the organizer's): it
 * holds every desk's check-ins but only its own print jobs. */
static bool station_at_hub(store *s)
{
    return store_row_exists(s, "SELECT 1 FROM sync_hub WHERE role <>"
                               " 'organizer'");
}

int jobs_without_printed_badge(store *s, struct no_badge_list *out,
                               struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    /* The first live desk admission of each person (SQLite takes the
     * bare columns from the row of min()), and their newest badge job:
     * this file's own, else a desk's as the hub holds it (the organizer's
     * file prints nothing, so without this a badge a desk sent to a
     * printer that cannot confirm read as "no badge job; print it").  A
     * station's file at a hub keeps a check-in only when it made one of
     * the person's admissions itself or holds a badge job for them:
     * another desk's check-in has its job at that desk, which this file
     * never sees.  A badge pre-printed into a box (issue 55) was printed. */
    bool station = station_at_hub(s);
    char sql[2304];
    snprintf(
        sql, sizeof(sql),
        "SELECT a.ticket_id, a.badge_name, c.station, c.at_ms,"
        " coalesce(j.id, d.job_id), coalesce(j.state, d.state), j.error,"
        " j.id IS NULL AND d.job_id IS NOT NULL, j.id IS NOT NULL OR %s,"
        " j.printer, (SELECT n.printer FROM print_job n WHERE n.id > j.id"
        " AND n.printer <> j.printer ORDER BY n.id DESC LIMIT 1),"
        " j.error_kept FROM"
        " (SELECT attendee_ticket_id, station, min(at_ms) AS at_ms FROM"
        " live_scan WHERE mode = 'desk' AND decision = 'admit' AND direction"
        " = 'in' AND attendee_ticket_id IS NOT NULL GROUP BY"
        " attendee_ticket_id) c JOIN"
        " attendee a ON a.ticket_id = c.attendee_ticket_id LEFT JOIN"
        " print_job j ON j.id = (SELECT max(id) FROM print_job WHERE"
        " attendee_id = a.id AND kind = 'badge') LEFT JOIN station_print_job"
        " d ON (d.station_uid, d.job_id) = (SELECT station_uid, job_id FROM"
        " station_print_job WHERE ticket_id = a.ticket_id AND kind = 'badge'"
        " ORDER BY updated_ms DESC, station_uid, job_id DESC LIMIT 1)"
        " WHERE NOT EXISTS (SELECT 1 FROM print_job p WHERE"
        " p.attendee_id = a.id AND p.kind = 'badge' AND p.state ="
        " 'printed') AND NOT EXISTS (SELECT 1 FROM station_print_job sp"
        " WHERE sp.ticket_id = a.ticket_id AND sp.kind = 'badge' AND"
        " sp.state = 'printed') AND NOT EXISTS (SELECT 1 FROM preprint pp"
        " WHERE pp.ticket_id = a.ticket_id) ORDER BY c.at_ms, a.ticket_id",
        station ? "EXISTS (SELECT 1 FROM live_scan o WHERE"
                  " o.attendee_ticket_id = c.attendee_ticket_id AND o.mode ="
                  " 'desk' AND o.decision = 'admit' AND o.direction = 'in'"
                  " AND " JOURNAL_OWN_ROW("o") ")"
                : "1");
    sqlite3_stmt *st;
    int code = prepare(s, sql, &st, err);
    if (code)
        return code;
    out->arena = arena_new();
    if (!out->arena) {
        sqlite3_finalize(st);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    size_t cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (!CK_VEC_ROOM(out->items, out->n, 1, cap)) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        if (!sqlite3_column_int(st, 8)) {
            out->others++;
            continue;
        }
        struct no_badge *nb = &out->items[out->n];
        memset(nb, 0, sizeof(*nb));
        nb->ticket_id = opt_text(out->arena, st, 0);
        nb->badge_name = opt_text(out->arena, st, 1);
        nb->station = opt_text(out->arena, st, 2);
        nb->at_ms = sqlite3_column_int64(st, 3);
        nb->job_id = sqlite3_column_int64(st, 4);
        const char *state = (const char *)sqlite3_column_text(st, 5);
        nb->has_job = state != NULL;
        if (state && parse_state(state, &nb->state)) {
            code = ck_fail(err, CK_ECORRUPT,
                           "%s has a print job with an unknown state; "
                           "restore the file from a backup.",
                           store_path(s));
            break;
        }
        nb->error = opt_text(out->arena, st, 6);
        nb->at_desk = sqlite3_column_int(st, 7) != 0;
        nb->printer = opt_text(out->arena, st, 9);
        nb->moved_to = opt_text(out->arena, st, 10);
        nb->error_kept = opt_text(out->arena, st, 11);
        if (!nb->ticket_id || !nb->badge_name || !nb->station) {
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
            break;
        }
        out->n++;
    }
    if (!code && rc != SQLITE_DONE)
        code =
            store_sqlite_fail(s, rc, N_("reading check-ins and badges"), err);
    sqlite3_finalize(st);
    if (code)
        no_badge_list_free(out);
    return code;
}
