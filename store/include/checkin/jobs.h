/* The print job queue, kept in the event store (table print_job).  Every
 * print is a job: queued when a station asks for it, sent when its bytes
 * go to the printer (each send counts an attempt), printed when the
 * printer confirms, failed with the sentence the volunteer saw.  Failed
 * jobs are retried when the fault clears (jobs_pending); a job that was
 * sent but never confirmed stays 'sent' (with the sentence, when the
 * printer took it and then could not say, or cannot confirm at all; with
 * none when the desk stopped mid-print: jobs_cut_short) and is never
 * printed twice behind anyone's back.
 *
 * A reprint is explicit: it needs a reason, is counted, and the caller
 * issues the next badge number first (credential_issue), so the old badge
 * stops working.  Jobs never touch the scan journal: printing never blocks
 * or undoes a check-in.  Each change is its own small durable transaction,
 * but for jobs_add_with_checkin, which joins the desk's journal
 * transaction so that a check-in and its labels are one commit. */
#ifndef CHECKIN_JOBS_H
#define CHECKIN_JOBS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/store.h"

/* A paddle is the auction door's label of a bidder's paddle number
 * (schema 26, docs/auction.md): no tutorial, no badge code. */
enum job_kind { JOB_BADGE, JOB_TICKET, JOB_PADDLE };
enum job_state { JOB_QUEUED, JOB_SENT, JOB_PRINTED, JOB_FAILED };

const char *job_kind_str(enum job_kind k);   /* "badge", "ticket", "paddle" */
const char *job_state_str(enum job_state s); /* "queued", ... */

/* Sends a failed job may use before it needs someone to requeue it. */
#define JOBS_MAX_ATTEMPTS 3

/* One job.  Strings are owned by the list that holds the job. */
struct job {
    int64_t id;
    int64_t attendee_id;
    enum job_kind kind;
    int64_t tutorial_id; /* tickets only, else 0 */
    bool has_badge_id;
    uint8_t badge_id[8];
    const char *template_name;
    const char *printer;
    enum job_state state;
    int attempts;
    const char *error;          /* NULL unless failed, or sent and left
                                 * unconfirmed */
    const char *reprint_reason; /* NULL for a first print */
    int64_t created_ms, updated_ms;
    /* What `error` was made of (ck_error_keep; local schema 28), for
     * saying it in the reader's language (ck_error_unkeep); NULL for a
     * sentence kept in English only (an older row, or one written
     * otherwise). */
    const char *error_kept;
};

struct job_list {
    struct job *items;
    size_t n;
    void *arena; /* private */
};
void job_list_free(struct job_list *l);

/* Whether the attendee's newest job for this badge (tutorial_id 0) or
 * ticket was sent or printed: a plain print leaves such a label out (only
 * a reprint with a reason prints it again) and prints the others. */
int jobs_label_done(store *s, int64_t attendee_id, enum job_kind kind,
                    int64_t tutorial_id, bool *done /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* Queue a print of an attendee's badge (tutorial_id 0) or tutorial ticket
 * with `template_name` on `printer` (a URI or station printer name).
 * A first print has `reprint_reason` NULL.  If the attendee's last job
 * for the same badge or ticket is queued or failed, that job is queued
 * again on `printer` with `template_name` and *job_id is its id (it prints
 * the badge number it had); if it was sent or printed, a print without a
 * non-empty reason is refused (CK_EINVAL, naming the job).  Errors:
 * CK_ENOTFOUND (no such attendee or tutorial), CK_EINVAL. */
int jobs_add(store *s, int64_t attendee_id, enum job_kind kind,
             int64_t tutorial_id, const char *template_name,
             const char *printer, const char *reprint_reason,
             int64_t *job_id /* out */, struct ck_error *err) CK_MUST_CHECK;

/* jobs_add for a first print queued with a desk's check-in, inside the
 * journal's transaction that the caller holds open on `s` (CK_EINVAL
 * otherwise), so that the check-in and its job are committed together or
 * not at all.  The job names the journal row (`scan_station_id`,
 * `scan_seq`).  The same rule as jobs_add: a queued or failed job of the
 * same label is queued again (and now names this check-in); a sent or
 * printed one refuses (CK_EINVAL), so look first with jobs_label_done.
 * Neither commits nor rolls back. */
int jobs_add_with_checkin(store *s, int64_t attendee_id, enum job_kind kind,
                          int64_t tutorial_id, const char *template_name,
                          const char *printer, const char *scan_station_id,
                          int64_t scan_seq, int64_t *job_id /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Record which issued badge (8-byte badge id, see credential.h) the job
 * prints. */
int jobs_set_badge(store *s, int64_t job_id, const uint8_t badge_id[8],
                   struct ck_error *err) CK_MUST_CHECK;

/* Move a job to `state`, with `error` (a sentence) for JOB_FAILED and for
 * sent -> sent (below), NULL otherwise.  Allowed: queued -> sent|failed, sent
 * -> printed|failed|sent, failed -> sent|failed|queued.  Moving to JOB_SENT
 * counts an attempt, except sent -> sent, which records `error` (required)
 * for a job the printer took but could not confirm: it stays sent and is
 * not retried; a person checks and reprints it with a reason.
 * A printed job is final (CK_EINVAL): print again with jobs_add and a
 * reason. */
int jobs_set_state(store *s, int64_t job_id, enum job_state state,
                   const char *error, struct ck_error *err) CK_MUST_CHECK;

/* jobs_set_state with `why`'s sentence as the error, and what it was
 * made of (ck_error_keep), so that a later run says it in its reader's
 * language (struct job's error_kept). */
int jobs_set_state_why(store *s, int64_t job_id, enum job_state state,
                       const struct ck_error *why,
                       struct ck_error *err) CK_MUST_CHECK;

/* One job by id (CK_ENOTFOUND if none); *out holds one item. */
int jobs_get(store *s, int64_t job_id, struct job_list *out /* out */,
             struct ck_error *err) CK_MUST_CHECK;

/* Jobs to print now, oldest first: queued ones, and failed ones with
 * fewer than `max_attempts` sends.  Only those for `printer` unless it is
 * NULL. */
int jobs_pending(store *s, const char *printer, int max_attempts,
                 struct job_list *out /* out */,
                 struct ck_error *err) CK_MUST_CHECK;

/* Jobs queued with a check-in that a desk stopped in the middle of
 * printing on `printer`: marked sent (the bytes may have left) and then
 * neither confirmed printed, nor failed, nor recorded as sent to a
 * printer that cannot confirm (print_queue.c records that sentence).
 * Oldest first.  The caller shows them and records the sentence it
 * showed (jobs_set_state sent -> sent), so each is shown once. */
int jobs_cut_short(store *s, const char *printer,
                   struct job_list *out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Every job of an attendee, oldest first. */
int jobs_for_attendee(store *s, int64_t attendee_id,
                      struct job_list *out /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* How many labels printer `printer` printed or was handed (state printed
 * or sent) since wall clock `since_ms`: a desk's label-stock forecast
 * (issue 30). */
int jobs_labels_since(store *s, const char *printer, int64_t since_ms,
                      long *out /* out */, struct ck_error *err) CK_MUST_CHECK;

/* A desk's label-stock forecast (issue 30; printer/label_stock.h
 * reckons it from these jobs, the displays write it as a sentence): its
 * state, the labels left and the minutes until a reload.  Zeroed: the
 * roll is not known, and nothing is said. */
struct label_forecast {
    enum label_forecast_state {
        LABEL_FORECAST_UNKNOWN, /* the roll's size is not known */
        LABEL_FORECAST_EMPTY,   /* the printer says it is out of labels */
        LABEL_FORECAST_USED_UP, /* the roll should be out by the count */
        LABEL_FORECAST_LEFT,    /* `left` labels, no rate yet */
        LABEL_FORECAST_SOON,    /* `left`, reload in under a minute */
        LABEL_FORECAST_MINUTES, /* `left`, reload in ~`minutes` */
    } state;
    long left, minutes;
};

/* How many reprints (jobs with a reason) an attendee's badge
 * (tutorial_id 0) or ticket has had. */
int jobs_reprint_count(store *s, int64_t attendee_id, enum job_kind kind,
                       int64_t tutorial_id, int *count /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Someone admitted at a desk whose badge has not printed. */
struct no_badge {
    const char *ticket_id, *badge_name;
    const char *station; /* where they were first checked in */
    int64_t at_ms;       /* when */
    bool has_job;        /* false: no badge job at all */
    int64_t job_id;      /* the newest badge job, if any */
    enum job_state state;
    const char *error;      /* its sentence, or NULL */
    const char *error_kept; /* what it was made of (struct job's), or NULL */
    bool at_desk;           /* the job is a desk's, from station_print_job */
    const char *printer;    /* this file's job: the printer it waits for */
    /* A later job of this file went to another printer, this one (NULL:
     * none): the desk runs with it now, and a queued job for `printer`
     * prints only if it runs with that one again (its worker prints the
     * jobs of the printer it has). */
    const char *moved_to;
};

struct no_badge_list {
    struct no_badge *items;
    size_t n;
    size_t others; /* at a station's file: left out, another desk's */
    void *arena;   /* private */
};
void no_badge_list_free(struct no_badge_list *l);

/* Everyone with a live desk admission in this file (the journal less what
 * was undone) and no printed badge job, in check-in order, with their
 * newest badge job: none, queued, sent (a printer that cannot confirm, or
 * a print a crash cut short) or failed.  A file holds its own jobs and,
 * at a hub, every desk's check-ins; the organizer's also holds the desks'
 * jobs once pulled into station_print_job (a badge printed there counts
 * as printed, and one not printed is that desk's job, `at_desk`;
 * docs/admission.md, section 4).  A station's file at a hub knows no
 * other desk's jobs, so there a person is listed only when this file
 * admitted them at its desk or holds a badge job for them; the others
 * (checked in at other desks, their badges those desks') are counted in
 * `others`. */
int jobs_without_printed_badge(store *s, struct no_badge_list *out /* out */,
                               struct ck_error *err) CK_MUST_CHECK;

#endif
