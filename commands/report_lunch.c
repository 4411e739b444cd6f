/* `checkin report EVENT.db lunch [LIST] [--day D] [--at T]`
 * (report_commands.h): the caterer's count as lunch.h projects it, said as a
 * number per diet, the people with special meals seen so far, and the
 * projection's error on each earlier day beside it.  Also `checkin report`'s
 * usage text, so that cli/ only wires argv.  Reads only. */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/lunch.h"
#include "checkin/report_commands.h"

const char REPORT_USAGE[] =
    N_("usage: checkin report EVENT.db redemptions [LIST] [--csv]\n"
       "       checkin report EVENT.db lunch [LIST] [--day YYYY-MM-DD]\n"
       "                                     [--at HH:MM]\n"
       "       checkin report EVENT.db uncollected [--csv]\n"
       "       checkin report EVENT.db open-spaces\n"
       "       checkin report EVENT.db sprints\n"
       "       checkin report EVENT.db auction [--json]\n"
       "\n"
       "redemptions: for each check-in list (or LIST alone): how many were\n"
       "redeemed, by variation against its stock, and the people redeemed\n"
       "more than once (at two counters cut off from each other, or after an\n"
       "override), with each redemption and swap, its station and time.\n"
       "--csv writes one row per figure and per redemption instead.\n"
       "\n"
       "lunch: the lunches the day given (default today) will need per\n"
       "dietary answer, projected now from the people seen so far that\n"
       "day, the earlier days' arrivals by this time and the share of their\n"
       "people who took lunch; the names of those with special meals seen\n"
       "so far; and beside it the projection's error on each earlier day,\n"
       "made at the same time from the days before it.  LIST is the lunch\n"
       "list (a per-day list showing the dietary question; default: the\n"
       "only one).  --at HH:MM projects as at that time of the day instead\n"
       "of now, on an earlier day too.\n"
       "\n"
       "uncollected: the pre-printed badges no desk has handed over yet, by\n"
       "box (checkin badge --boxes), for the volunteers to take back.\n"
       "\n"
       "open-spaces: every open-space session claimed (checkin open-spaces),\n"
       "its room, slot, title and host, with the people its room's door\n"
       "admitted in its slot against the room's seats.\n"
       "\n"
       "sprints: the people each sprint project (checkin sprints) had on\n"
       "each sprint day.\n"
       "\n"
       "auction: each winner's name, paddles, lots and total, settled or\n"
       "still to pay; --json gives the same as data.\n");

static long rounded(double x)
{
    return (long)(x + 0.5);
}

/* Count `v` as the language writes it ("1.234"; i18n_number). */
static const char *num(long v, char out[I18N_NUMBER_CAP])
{
    if (!i18n_number(v, out, I18N_NUMBER_CAP))
        snprintf(out, I18N_NUMBER_CAP, "%ld", v);
    return out;
}

static int cannot(const struct lunch_report *r, struct ck_error *err)
{
    char n[2][I18N_NUMBER_CAP];
    if (r->why == LUNCH_NOT_YET)
        return ck_said(err, CK_EINVAL,
                       _("It is %s at the event: a projection at %s can be "
                         "asked from %s on; leave out --at for one made "
                         "now."),
                       r->now, r->at, r->at);
    if (r->why == LUNCH_FIRST_DAY)
        return ck_said(err, CK_EINVAL,
                       _("No lunch projection for %s: no earlier day has "
                         "check-ins to learn the arrivals and the lunches "
                         "taken from (%s people seen so far, %s took "
                         "lunch)."),
                       r->day, num((long)r->seen, n[0]),
                       num((long)r->lunched, n[1]));
    return ck_said(err, CK_EINVAL,
                   _("No lunch projection for %s at %s: on the earlier days "
                     "nobody had arrived by %s; ask again once people "
                     "arrive."),
                   r->day, r->at, r->at);
}

static void diets(const struct lunch_report *r, FILE *out)
{
    char n[2][I18N_NUMBER_CAP], p[I18N_NUMBER_CAP];
    for (size_t i = 0; i < r->ndiets; i++) {
        const struct lunch_diet *d = &r->diets[i];
        num(rounded(d->projected), p);
        /* TRANSLATORS: the lunch report's counts are numbers as the
         * language writes them ("1.234"; the "number" context). */
        if (d->answer[0])
            fprintf(out, _("  %s: %s"), d->answer, p);
        else if (r->standard[0])
            fprintf(out, _("  Standard meal (%s or no answer): %s"),
                    r->standard, p);
        else
            fprintf(out, _("  Standard meal: %s"), p);
        fprintf(out,
                _(" (%s seen so far, %s took lunch; %.0f%% took it on "
                  "the earlier days)\n"),
                num((long)d->seen, n[0]), num((long)d->lunched, n[1]),
                100 * d->take_up);
    }
}

static void said(const struct lunch_report *r, const char *tz, FILE *out)
{
    char n[2][I18N_NUMBER_CAP];
    fprintf(out,
            ngettext("%s (%s) on %s, projected at %s from %zu earlier day; "
                     "lunches needed: %s\n",
                     "%s (%s) on %s, projected at %s from %zu earlier days; "
                     "lunches needed: %s\n",
                     r->ndays),
            r->title, r->list, r->day, r->at, r->ndays,
            num(rounded(r->projected), n[0]));
    diets(r, out);
    fprintf(out,
            _("Seen so far: %s people; on the earlier days %.0f%% of their "
              "people had come by %s and %.0f%% took lunch.\n"),
            num((long)r->seen, n[1]), 100 * r->share, r->at, 100 * r->take_up);
    if (r->npeople)
        fprintf(out, _("Special meals seen so far (%s):\n"), r->label);
    for (size_t i = 0; i < r->npeople; i++) {
        const struct lunch_person *p = &r->people[i];
        char at[32] = "";
        if (p->lunch_ms)
            event_utc_to_local(p->lunch_ms / 1000, tz, at, sizeof(at));
        if (p->lunch_ms)
            fprintf(out, _("  %s (%s): %s, took lunch at %s\n"), p->name,
                    p->ticket_id, p->answer, at + 11);
        else
            fprintf(out, _("  %s (%s): %s\n"), p->name, p->ticket_id,
                    p->answer);
    }
    if (!r->nchecks) {
        fprintf(out, _("No earlier day to check the projection on: it needs "
                       "a day before it to learn from.\n"));
        return;
    }
    fprintf(out,
            _("The projection on the earlier days, made at %s from the "
              "days before each:\n"),
            r->at);
    for (size_t i = 0; i < r->nchecks; i++) {
        const struct lunch_check *k = &r->checks[i];
        long p = rounded(k->projected), off = p - (long)k->actual;
        if (k->actual)
            fprintf(out, _("  %s: projected %s, took %s (%+ld, %+.0f%%)\n"),
                    k->day, num(p, n[0]), num((long)k->actual, n[1]), off,
                    100.0 * (double)off / (double)k->actual);
        else
            fprintf(out, _("  %s: projected %s, took %s (%+ld)\n"), k->day,
                    num(p, n[0]), num((long)k->actual, n[1]), off);
    }
}

/* "HH:MM", 00:00 to 23:59. */
static bool time_of_day(const char *at)
{
    for (int i = 0; i < 5; i++)
        if (i == 2 ? at[i] != ':' : at[i] < '0' || at[i] > '9')
            return false;
    return !at[5] && (at[0] - '0') * 10 + (at[1] - '0') < 24 && at[3] < '6';
}

int report_lunch(const char *db, const char *list, const char *day,
                 const char *at, int64_t now_ms, FILE *out,
                 struct ck_error *err)
{
    if (at && !time_of_day(at))
        return ck_said(err, CK_EINVAL,
                       _("%s is not a time of day; write it as HH:MM, such "
                         "as 10:30."),
                       at);
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    struct lunch_report r;
    char tz[64] = "UTC";
    code = lunch_count(s, list, day, at, now_ms, &r, err);
    if (!code)
        code = store_event_timezone(s, tz, sizeof(tz), err);
    store_close(s);
    if (!code && r.why != LUNCH_PROJECTED)
        code = cannot(&r, err);
    if (!code)
        said(&r, tz, out);
    lunch_report_free(&r);
    return code;
}
