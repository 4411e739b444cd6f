/* `checkin attendees EVENT.db --no-badge`: who was checked in at a desk
 * and has no printed badge, one line each (or one JSON object), so that a
 * desk killed between a check-in and its print leaves no one unseen.
 * The rest of `checkin attendees` (search) is in cmd_store.c. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>

#include "checkin/event.h"
#include "checkin/jobs.h"
#include "checkin/store.h"
#include "cli.h"

/* What became of the badge, as a volunteer can act on it. */
static void badge_text(const struct no_badge *nb, char *out, size_t cap)
{
    if (!nb->has_job) {
        snprintf(out, cap,
                 "no badge job; print it with 'checkin print EVENT.db %s'",
                 nb->ticket_id);
        return;
    }
    switch (nb->state) {
    case JOB_QUEUED:
        snprintf(out, cap,
                 "badge job %lld queued, not printed yet; it prints when "
                 "that desk's printer runs",
                 (long long)nb->job_id);
        break;
    case JOB_SENT:
        snprintf(out, cap,
                 "badge job %lld sent, never confirmed printed; check the "
                 "label came out, else reprint it with a reason",
                 (long long)nb->job_id);
        break;
    case JOB_FAILED:
        snprintf(out, cap, "badge job %lld failed: %s", (long long)nb->job_id,
                 nb->error ? nb->error : "no reason recorded");
        break;
    case JOB_PRINTED:
        snprintf(out, cap, "badge job %lld printed", (long long)nb->job_id);
        break;
    }
}

int attendees_no_badge(const char *db, bool json)
{
    struct ck_error err = {0};
    store *s;
    if (store_open(db, STORE_EXISTING, &s, &err))
        return cli_fail(&err);
    char tz[64];
    struct no_badge_list l = {0};
    int code = store_event_timezone(s, tz, sizeof(tz), &err);
    if (!code)
        code = jobs_without_printed_badge(s, &l, &err);
    store_close(s);
    if (code)
        return cli_fail(&err);
    for (size_t i = 0; i < l.n; i++) {
        const struct no_badge *nb = &l.items[i];
        char when[32];
        if (event_utc_to_local(nb->at_ms / 1000, tz, when, sizeof(when)) != 0)
            snprintf(when, sizeof(when), "?");
        char badge[1200];
        badge_text(nb, badge, sizeof(badge));
        if (!json) {
            printf("%s (ticket %s): checked in %s at %s; %s.\n", nb->badge_name,
                   nb->ticket_id, when, nb->station, badge);
            continue;
        }
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:I, s:s?, s:s}", "ticket_id", nb->ticket_id,
            "badge_name", nb->badge_name, "checked_in_at", when, "station",
            nb->station, "at_ms", (json_int_t)nb->at_ms, "badge_job",
            nb->has_job ? job_state_str(nb->state) : NULL, "note", badge);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (text)
            puts(text);
        free(text);
        json_decref(o);
    }
    if (!json)
        fprintf(stderr,
                l.n ? "%zu checked in at a desk without a printed badge.\n"
                    : "Everyone checked in at a desk has a printed badge "
                      "(%zu without).\n",
                l.n);
    no_badge_list_free(&l);
    return EXIT_OK;
}
