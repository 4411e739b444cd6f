/* What `checkin import` says of an import (import_report.h): a progress
 * bar, the rejected rows and warnings, the counts; the warnings after any
 * change to the registrations (an import or `checkin event`).  Moved whole
 * from report/ (issue 51): only commands/ calls it. */
#include "checkin/import_report.h"

#include <stdint.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/progress.h"
#include "checkin/tutorial.h"

/* "Ada Lovelace (90003): pandas-intro and asyncio-practice, both at
 * 2027-05-12 09:00" in the event's zone `tz`. */
void report_clash_text(const struct store_stats_clash *c, const char *tz,
                       char *out, size_t cap)
{
    char when[64];
    if (event_utc_to_local(c->starts_at, tz, when, sizeof(when)) != 0)
        snprintf(when, sizeof(when), "?");
    /* TRANSLATORS: a person booked into two tutorials at one time: their
     * name, ticket id, the two tutorials' slugs and when they start. */
    snprintf(out, cap, _("%s (%s): %s and %s, both at %s"), c->name,
             c->ticket_id, c->first, c->second, when);
}

/* The event's zone into `tz`, "UTC" if the file does not say. */
void report_event_zone(store *s, char *tz, size_t cap)
{
    struct event_info e;
    snprintf(tz, cap, "UTC");
    if (store_event_get(s, &e, NULL) == CK_OK) {
        snprintf(tz, cap, "%s", e.timezone);
        event_info_free(&e);
    }
}

/* ---- import ---- */

struct import_ui {
    struct progress bar;
    FILE *msgs;
    long rejects, warns; /* messages given to say, shown or not */
};

static void on_progress(void *ctx, uint64_t done, uint64_t total)
{
    struct import_ui *ui = ctx;
    progress_update(&ui->bar, done, total);
}

static void on_reject(void *ctx, const char *file, long line,
                      const char *reason)
{
    struct import_ui *ui = ctx;
    if (++ui->rejects > IMPORT_MESSAGES_SHOWN)
        return;
    progress_end(&ui->bar);
    if (line > 0)
        fprintf(ui->msgs, "%s:%ld: %s.\n", file, line, reason);
    else
        fprintf(ui->msgs, "%s: %s.\n", file, reason);
}

static void on_warn(void *ctx, const char *file, long line, const char *text)
{
    struct import_ui *ui = ctx;
    if (++ui->warns > IMPORT_MESSAGES_SHOWN)
        return;
    progress_end(&ui->bar);
    if (line > 0)
        fprintf(ui->msgs, _("%s:%ld: warning: %s.\n"), file, line, text);
    else
        fprintf(ui->msgs, _("%s: warning: %s.\n"), file, text);
}

void report_overbooked_take(store *s, struct report_overbooked *o)
{
    struct ck_error err = {0};
    o->have = store_stats_tutorials(s, &o->t, &err) == CK_OK;
}

static long overbooked_by(const struct report_overbooked *o, const char *slug)
{
    for (size_t i = 0; o->have && i < o->t.ntutorials; i++)
        if (!strcmp(o->t.tutorials[i].slug, slug))
            return store_stats_over_capacity(&o->t.tutorials[i]);
    return 0;
}

/* Whether `c` was booked so before the change. */
static bool booked_before(const struct report_overbooked *o,
                          const struct store_stats_clash *c)
{
    for (size_t i = 0; o->have && i < o->t.nclashes; i++) {
        const struct store_stats_clash *b = &o->t.clashes[i];
        if (!strcmp(b->ticket_id, c->ticket_id) &&
            !strcmp(b->first, c->first) && !strcmp(b->second, c->second))
            return true;
    }
    return false;
}

#define WARN_CLASHES 5

/* One warning per registration the change newly booked into two
 * tutorials at one time (the first WARN_CLASHES, then how many more),
 * and one per tutorial the change left sold beyond its seats, newly or
 * further than `before` (its door would turn the next paying person away
 * as full); one already so and no further was warned about when it
 * became so, and 'checkin stats' shows it. */
void report_warn_after_change(store *s, struct report_overbooked *before,
                              FILE *msgs)
{
    struct store_stats t;
    struct ck_error err = {0};
    if (store_stats_tutorials(s, &t, &err))
        return;
    char tz[64], line[1024];
    report_event_zone(s, tz, sizeof(tz));
    size_t said = 0;
    for (size_t i = 0; i < t.nclashes; i++) {
        if (booked_before(before, &t.clashes[i]))
            continue;
        if (++said > WARN_CLASHES)
            continue;
        report_clash_text(&t.clashes[i], tz, line, sizeof(line));
        fprintf(msgs,
                _("Warning: %s: two tutorials at one time; the desk shows "
                  "it, and they attend one.\n"),
                line);
    }
    if (said > WARN_CLASHES)
        fprintf(msgs,
                ngettext("Warning: %zu more booked into two tutorials at one "
                         "time; 'checkin stats' lists them.\n",
                         "Warning: %zu more booked into two tutorials at one "
                         "time; 'checkin stats' lists them.\n",
                         (unsigned long)(said - WARN_CLASHES)),
                said - WARN_CLASHES);
    for (size_t i = 0; i < t.ntutorials; i++) {
        const struct store_stats_row *r = &t.tutorials[i];
        long over = store_stats_over_capacity(r);
        if (over > 0 && over > overbooked_by(before, r->slug))
            fprintf(msgs,
                    _("Warning: tutorial %s has %ld registrations for %ld "
                      "seats; its door turns person %ld away as full unless "
                      "it moves to a bigger room and runs with 'checkin scan "
                      "--capacity %ld'.\n"),
                    r->slug, r->total, r->capacity, r->capacity + 1, r->total);
    }
    store_stats_free(&t);
}
/* `v` as the language writes numbers, in `b` (i18n_number). */
#define NUMBER(v, b) (i18n_number((v), (b), sizeof(b)) ? (b) : "?")

static void print_counts(FILE *out, const char *file,
                         const struct import_options *opt,
                         const struct import_counts *n)
{
    char a[32], u[32], c[32], k[32], r[32], w[32];
    fprintf(out,
            /* TRANSLATORS: an import's counts: the file, then how many
             * registrations it added, updated, cancelled, left unchanged
             * and rejected, and how many warnings it gave (the number
             * the plural follows).  Phrases starting "; " may follow. */
            ngettext("%s: %s added, %s updated, %s cancelled, %s unchanged, "
                     "%s rejected, %s warning",
                     "%s: %s added, %s updated, %s cancelled, %s unchanged, "
                     "%s rejected, %s warnings",
                     (unsigned long)n->warnings),
            file, NUMBER(n->added, a), NUMBER(n->updated, u),
            NUMBER(n->cancelled, c), NUMBER(n->unchanged, k),
            NUMBER(n->rejected, r), NUMBER(n->warnings, w));
    if (n->testmode && opt->include_testmode)
        fprintf(out,
                ngettext("; %s test-mode registration imported for a "
                         "rehearsal ('checkin scan --rehearsal' admits them)",
                         "; %s test-mode registrations imported for a "
                         "rehearsal ('checkin scan --rehearsal' admits them)",
                         (unsigned long)n->testmode),
                NUMBER(n->testmode, a));
    else if (n->testmode)
        fprintf(out,
                ngettext("; %s test-mode registration left out "
                         "(--include-testmode imports them for a rehearsal)",
                         "; %s test-mode registrations left out "
                         "(--include-testmode imports them for a rehearsal)",
                         (unsigned long)n->testmode),
                NUMBER(n->testmode, a));
    /* What a whole pretix export cancelled by leaving it out
     * (import_vanish.c): said, so that "2 cancelled" has its cause. */
    if (n->vanished)
        fprintf(out,
                ngettext("; %s position no longer in the export: cancelled",
                         "; %s positions no longer in the export: cancelled",
                         (unsigned long)n->vanished),
                NUMBER(n->vanished, a));
    if (n->emptied)
        fprintf(out,
                ngettext("; %s registration of orders with no position left "
                         "(cancelled in pretix, a fee kept): cancelled",
                         "; %s registrations of orders with no position left "
                         "(cancelled in pretix, a fee kept): cancelled",
                         (unsigned long)n->emptied),
                NUMBER(n->emptied, a));
    /* A file of some columns changes only those (a names-only fix); say
     * so, so that "1 updated" is not read as a whole row. */
    if (n->absent[0])
        fprintf(out, _("; kept as stored, not in the file: %s"), n->absent);
    fprintf(out, "\n");
}

int report_import(store *s, const char *file, struct import_options *opt,
                  FILE *out, FILE *msgs, struct ck_error *err)
{
    struct import_ui ui = {.msgs = msgs};
    progress_start(&ui.bar, msgs, _("importing"));
    opt->progress = on_progress;
    opt->report = on_reject;
    opt->warn = on_warn;
    opt->ctx = &ui;
    struct import_counts n;
    struct report_overbooked before;
    report_overbooked_take(s, &before);
    int code = import_file(s, file, opt, &n, err);
    progress_end(&ui.bar);
    /* A flood (200,000 rows of one mistake wrote 20 MB) says its first
     * few and the count. */
    if (ui.rejects > IMPORT_MESSAGES_SHOWN)
        fprintf(msgs,
                ngettext("%s: %ld row rejected in all; only the first %d "
                         "messages are above.\n",
                         "%s: %ld rows rejected in all; only the first %d "
                         "messages are above.\n",
                         (unsigned long)n.rejected),
                file, n.rejected, IMPORT_MESSAGES_SHOWN);
    if (ui.warns > IMPORT_MESSAGES_SHOWN)
        fprintf(msgs,
                ngettext("%s: %ld warning in all; only the first %d are "
                         "above.\n",
                         "%s: %ld warnings in all; only the first %d are "
                         "above.\n",
                         (unsigned long)n.warnings),
                file, n.warnings, IMPORT_MESSAGES_SHOWN);
    if (!code || (code == CK_EINVAL && opt->skip_bad))
        report_warn_after_change(s, &before, msgs);
    if (before.have)
        store_stats_free(&before.t);
    /* The counts of a file with rows refused; one refused whole (an
     * older export, a wrong header) has only its sentence. */
    if (!code || (code == CK_EINVAL && n.rejected))
        print_counts(out, file, opt, &n);
    return code;
}

int report_import_file(const char *db, const char *file,
                       struct import_options *opt, FILE *out, FILE *msgs,
                       struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = report_import(s, file, opt, out, msgs, err);
    store_close(s);
    return code;
}
