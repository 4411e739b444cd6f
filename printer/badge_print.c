/* See badge_print.h.  Rendering happens in the queue's callback, so a job
 * that was queued while the printer was unplugged is rendered again (same
 * badge code) when it is finally printed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/badge_print.h"
#include "checkin/credential.h"
#include "checkin/label.h"

struct badge_printer {
    store *s;
    const struct badge_key *key;
    printer *p;
    char *printer_name;
    char *preview_dir;
    struct template badge, ticket;
    /* An auction door's printer (badge_printer_options.paddles): paddle
     * labels only, with this template. */
    bool paddles;
    struct template paddle;
    int previews;
};

void badge_printer_free(badge_printer *bp)
{
    if (!bp)
        return;
    template_free(&bp->badge);
    template_free(&bp->ticket);
    template_free(&bp->paddle);
    free(bp->printer_name);
    free(bp->preview_dir);
    free(bp);
}

/* The paddle's template: the one asked for, or the paddle label of the
 * badge's size ("badge-62x100" asks for "paddle-62x100"), so that a door
 * prints on the labels its printer holds for badges.  A template of
 * another kind is refused. */
static int paddle_template(const struct badge_printer_options *opt,
                           struct template *out, struct ck_error *err)
{
    char name[256];
    const char *badge = opt->badge_template ? opt->badge_template : "";
    if (opt->paddle_template)
        snprintf(name, sizeof(name), "%s", opt->paddle_template);
    else if (!strncmp(badge, "badge-", 6) && !strchr(badge, '/'))
        snprintf(name, sizeof(name), "paddle-%s", badge + 6);
    else
        snprintf(name, sizeof(name), "paddle-62x100");
    int code = template_find(opt->templates_dir, name, out, err);
    if (!code && out->kind != TEMPLATE_PADDLE) {
        code = ck_fail(err, CK_EINVAL,
                       "%s is not a paddle label (its kind is not paddle); "
                       "give a paddle template.",
                       out->path);
        template_free(out);
    }
    return code;
}

int badge_printer_new(store *s, const struct badge_key *key, printer *p,
                      const char *printer_name,
                      const struct badge_printer_options *opt,
                      badge_printer **out, struct ck_error *err)
{
    *out = NULL;
    badge_printer *bp = calloc(1, sizeof(*bp));
    if (!bp || !(bp->printer_name = strdup(printer_name)) ||
        (opt->preview_dir && !(bp->preview_dir = strdup(opt->preview_dir)))) {
        badge_printer_free(bp);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    bp->s = s;
    bp->key = key;
    bp->p = p;
    bp->paddles = opt->paddles;
    if (bp->paddles) {
        int code = paddle_template(opt, &bp->paddle, err);
        if (code) {
            badge_printer_free(bp);
            return code;
        }
        *out = bp;
        return CK_OK;
    }
    int code = template_find(opt->templates_dir,
                             opt->badge_template ? opt->badge_template
                                                 : "badge-62x100",
                             &bp->badge, err);
    if (!code)
        code = template_find(opt->templates_dir,
                             opt->ticket_template ? opt->ticket_template
                                                  : "ticket-62x100",
                             &bp->ticket, err);
    if (code) {
        badge_printer_free(bp);
        return code;
    }
    *out = bp;
    return CK_OK;
}

void badge_printer_set_printer(badge_printer *bp, printer *p)
{
    bp->p = p;
}

const char *badge_printer_template(const badge_printer *bp, enum job_kind kind)
{
    return kind == JOB_PADDLE   ? bp->paddle.name
           : kind == JOB_TICKET ? bp->ticket.name
                                : bp->badge.name;
}

static int render(void *ctx, const struct job *job, struct media *media,
                  struct bitmap1 **pages, size_t *npages, struct ck_error *err)
{
    badge_printer *bp = ctx;
    const struct template *tpl = job->kind == JOB_PADDLE   ? &bp->paddle
                                 : job->kind == JOB_TICKET ? &bp->ticket
                                                           : &bp->badge;
    /* One file may have been a desk and an auction door on one printer:
     * the other's job is left failed with what to do, never drawn on
     * the wrong template. */
    if (!tpl->name && bp->paddles && job->kind == JOB_TICKET)
        return ck_fail(err, CK_EINVAL,
                       "This printer prints the auction's paddle labels, not "
                       "the ticket of job %lld; print it at a desk.",
                       (long long)job->id);
    if (!tpl->name && bp->paddles)
        return ck_fail(err, CK_EINVAL,
                       "This printer prints the auction's paddle labels, not "
                       "the badge of job %lld; print it at a desk.",
                       (long long)job->id);
    if (!tpl->name)
        return ck_fail(err, CK_EINVAL,
                       "This printer prints badges and tickets, not the "
                       "paddle label of job %lld; reprint it at the "
                       "auction's door (Ctrl-R).",
                       (long long)job->id);
    struct label_data d;
    int code = job->kind == JOB_PADDLE
                   ? label_data_for_paddle(bp->s, job->attendee_id, &d, err)
                   : label_data_for(bp->s, bp->key, job->attendee_id,
                                    job->tutorial_id, &d, err);
    if (code)
        return code;
    /* Record which badge this job prints (for reprint accounting). */
    struct badge b;
    enum badge_reason why;
    if (d.qr_text && badge_parse((const uint8_t *)d.qr_text, strlen(d.qr_text),
                                 &b, &why, NULL) == CK_OK)
        code = jobs_set_badge(bp->s, job->id, b.badge_id, err);
    struct label_image img;
    if (!code)
        code = label_render(tpl, &d, &img, err);
    label_data_free(&d);
    if (code)
        return code;
    if (bp->preview_dir) {
        char path[4200];
        snprintf(path, sizeof(path), "%s/job-%04lld-%s.png", bp->preview_dir,
                 (long long)job->id, job_kind_str(job->kind));
        code = label_image_write_png(&img, path, err);
    }
    *pages = malloc(sizeof(**pages));
    if (!code && !*pages)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    if (code) {
        free(*pages);
        *pages = NULL;
        label_image_free(&img);
        return code;
    }
    /* The bitmap moves into the page array; the rest of the image goes. */
    (*pages)[0] = img.bitmap;
    memset(&img.bitmap, 0, sizeof(img.bitmap));
    label_image_free(&img);
    *npages = 1;
    *media = tpl->media;
    return CK_OK;
}

/* An auction door's print: the person's paddle label, once, or again
 * for a reason (no new badge: the paddle number is the same). */
static int paddle_jobs(badge_printer *bp, int64_t attendee_id,
                       const char *reprint_reason, int64_t *job,
                       struct ck_error *err)
{
    /* jobs_add refuses a label sent or printed unless it is a reprint. */
    return jobs_add(
        bp->s, attendee_id, JOB_PADDLE, 0, bp->paddle.name, bp->printer_name,
        reprint_reason && *reprint_reason ? reprint_reason : NULL, job, err);
}

int badge_printer_print(badge_printer *bp, int64_t attendee_id,
                        const char *reprint_reason,
                        struct print_queue_report *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    bool reprint = reprint_reason && *reprint_reason;
    struct attendee_list who;
    int code = store_attendee_get(bp->s, attendee_id, &who, err);
    if (code)
        return code;
    const struct attendee *a = &who.items[0];
    if (a->status == STATUS_CANCELLED || a->status == STATUS_REFUNDED) {
        code = ck_fail(err, CK_EINVAL,
                       "%s's order is %s, so nothing is printed; check the "
                       "registration.",
                       a->badge_name, order_status_str(a->status));
        goto out;
    }
    int64_t job;
    if (bp->paddles) {
        code = paddle_jobs(bp, attendee_id, reprint_reason, &job, err);
        goto run;
    }
    if (reprint) {
        /* The next issue number first: the old badge stops working. */
        char text[BADGE_TEXT_CAP];
        code = credential_issue(bp->s, bp->key, attendee_id, 0, text, err);
        if (!code)
            code = jobs_add(bp->s, attendee_id, JOB_BADGE, 0, bp->badge.name,
                            bp->printer_name, reprint_reason, &job, err);
        goto run;
    }
    /* A plain print queues every label not yet sent or printed: a
     * printed badge does not hold back its tickets that failed.  When all
     * are done, the badge's refusal says to reprint with a reason. */
    bool done;
    int queued = 0;
    code = jobs_label_done(bp->s, attendee_id, JOB_BADGE, 0, &done, err);
    if (!code && !done) {
        code = jobs_add(bp->s, attendee_id, JOB_BADGE, 0, bp->badge.name,
                        bp->printer_name, NULL, &job, err);
        queued++;
    }
    /* One ticket per tutorial bought, in time order. */
    for (size_t i = 0; !code && i < a->ntutorials; i++) {
        int64_t tid;
        code = store_tutorial_id(bp->s, a->tutorials[i], &tid, err);
        if (!code)
            code = jobs_label_done(bp->s, attendee_id, JOB_TICKET, tid, &done,
                                   err);
        if (!code && !done) {
            code = jobs_add(bp->s, attendee_id, JOB_TICKET, tid,
                            bp->ticket.name, bp->printer_name, NULL, &job, err);
            queued++;
        }
    }
    if (!code && !queued)
        code = jobs_add(bp->s, attendee_id, JOB_BADGE, 0, bp->badge.name,
                        bp->printer_name, NULL, &job, err);
run:
    if (!code && bp->p)
        code = print_queue_run(bp->s, bp->p, bp->printer_name, render, bp, out,
                               err);
out:
    attendee_list_free(&who);
    return code;
}

int badge_printer_flush(badge_printer *bp, struct print_queue_report *out,
                        struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!bp->p)
        return CK_OK;
    return print_queue_run(bp->s, bp->p, bp->printer_name, render, bp, out,
                           err);
}
