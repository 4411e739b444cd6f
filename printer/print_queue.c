/* The print queue runner: takes the store's pending jobs (jobs.h), has the
 * caller render each into bitmaps, prints them on one printer and records
 * every step: sent just before the first byte goes out (an attempt),
 * printed when the printer confirms, failed with the sentence otherwise
 * -- or, when the printer took the job and could not say whether it
 * printed, left sent with the sentence, for a person to check and reprint
 * (never sent again by a later pass).  A printer fault ends the pass; the
 * jobs wait, and the next pass after the printer answers ready prints
 * them.  Never touches the scan journal and never waits longer than the
 * printer's timeouts. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/printer.h"

struct send_ctx {
    store *s;
    int64_t job_id;
    bool store_failed;
};

/* Record the attempt before any byte leaves, so that a crash mid-print
 * leaves the job 'sent' (looked at by a person) rather than 'queued'
 * (printed again). */
static int mark_sent(void *ctx, struct ck_error *err)
{
    struct send_ctx *c = ctx;
    int code = jobs_set_state(c->s, c->job_id, JOB_SENT, NULL, err);
    c->store_failed = code != CK_OK;
    /* Tests kill the desk here (sent, no byte out) and once the bytes
     * are out (below). */
    if (!code)
        atomic_file_kill_point("print-sent", store_path(c->s));
    return code;
}

static void free_pages(struct bitmap1 *pages, size_t n)
{
    for (size_t i = 0; pages && i < n; i++)
        bitmap1_free(&pages[i]);
    free(pages);
}

int print_queue_run(store *s, printer *p, const char *printer_name,
                    print_render_fn render, void *ctx,
                    struct print_queue_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    out->state = PRINTER_READY;
    struct job_list jobs;
    int code = jobs_pending(s, printer_name, JOBS_MAX_ATTEMPTS, &jobs, err);
    if (code)
        return code;
    for (size_t i = 0; i < jobs.n; i++) {
        const struct job *job = &jobs.items[i];
        struct media media = {0};
        struct bitmap1 *pages = NULL;
        size_t npages = 0;
        struct ck_error jerr = {0};
        int rcode = render(ctx, job, &media, &pages, &npages, &jerr);
        if (rcode) {
            free_pages(pages, npages);
            if (!jerr.msg[0])
                (void)ck_fail(&jerr, rcode,
                              "The label of print job %lld could not be "
                              "drawn; print it again, and if it fails the "
                              "same way, check the event's label template.",
                              (long long)job->id);
            code = jobs_set_state_why(s, job->id, JOB_FAILED, &jerr, err);
            if (code)
                break;
            out->failed++;
            snprintf(out->message, sizeof(out->message), "%s", jerr.msg);
            out->error = jerr;
            continue;
        }
        struct send_ctx sc = {s, job->id, false};
        struct print_request req = {&media, pages, npages, mark_sent, &sc};
        struct printer_status st;
        bool sent;
        int pcode = printer_print(p, &req, &st, &sent, &jerr);
        free_pages(pages, npages);
        if (pcode == CK_OK)
            atomic_file_kill_point("print-written", store_path(s));
        out->state = st.state;
        if (sc.store_failed) {
            /* The attempt could not be recorded, so nothing was sent. */
            if (err)
                *err = jerr;
            code = pcode;
            break;
        }
        if (pcode == CK_OK) {
            if (st.state == PRINTER_PRINTED) {
                code = jobs_set_state(s, job->id, JOB_PRINTED, NULL, err);
                out->printed++;
            } else {
                /* Stays 'sent': nothing will confirm it.  The sentence
                 * tells it from a job a crash cut short (jobs_cut_short). */
                code = jobs_set_state(s, job->id, JOB_SENT,
                                      /* untranslated: the job's stored
                                       * note (print_job.error, the file's
                                       * and the hub's, English as the
                                       * logs); a person reads a sent job
                                       * in the screens' and reports' own
                                       * sentences (display_json.c,
                                       * report_commands.c). */
                                      "Sent; this printer cannot confirm it "
                                      "printed, so check that the label came "
                                      "out.",
                                      err);
                out->sent++;
            }
            out->state = PRINTER_READY;
            if (code)
                break;
            continue;
        }
        /* It may have printed: a retry could make a duplicate badge. */
        code = jobs_set_state_why(
            s, job->id, sent && st.unconfirmed ? JOB_SENT : JOB_FAILED, &jerr,
            err);
        if (code)
            break;
        out->failed++;
        snprintf(out->message, sizeof(out->message), "%s", jerr.msg);
        out->error = jerr;
        if (pcode == CK_EDEVICE) {
            /* The printer needs a person; the rest wait for the next
             * pass. */
            out->waiting = jobs.n - i - 1;
            break;
        }
    }
    job_list_free(&jobs);
    return code;
}
