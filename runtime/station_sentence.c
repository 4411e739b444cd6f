/* The volunteer's sentence for a decision (see station_sentence.h),
 * from the result's data alone.  Not for the kiosk's sentences to the
 * attendee (display_web.c) nor for deciding anything (station/).  Every
 * sentence goes through gettext (checkin/i18n.h, po/): a whole sentence
 * a msgid, counts by ngettext, never English pieces glued together. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/admission.h"
#include "checkin/badge.h"
#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/sprint.h"
#include "checkin/station_sentence.h"
#include "checkin/util.h"

const char *station_result_hm(const struct station_result *r, int64_t t_ms,
                              char out[STATION_HM_CAP])
{
    char a[32];
    if (r->tz && event_utc_to_local(t_ms / 1000, r->tz, a, sizeof(a)) == 0 &&
        strlen(a) >= 16)
        snprintf(out, STATION_HM_CAP, "%.5s", a + 11); /* "HH:MM" */
    else
        snprintf(out, STATION_HM_CAP, "??:??");
    return out;
}

/* station_result_when in language `lang` (NULL: the station's; "en":
 * English, for the JSON lines). */
static const char *when_in(const struct station_result *r, int64_t t_ms,
                           const char *lang, char out[STATION_WHEN_CAP])
{
    char a[32], b[32];
    if (!r->tz || event_utc_to_local(t_ms / 1000, r->tz, a, sizeof(a)) ||
        event_utc_to_local(r->at_ms / 1000, r->tz, b, sizeof(b)) ||
        strlen(a) < 16) {
        /* TRANSLATORS: said for the time of an earlier check-in when
         * the event's time zone cannot be read. */
        const char *unknown = N_("an earlier time");
        snprintf(out, STATION_WHEN_CAP, "%s",
                 lang ? i18n_text_in(lang, unknown) : _(unknown));
    } else if (!strncmp(a, b, 10)) {
        snprintf(out, STATION_WHEN_CAP, "%s", a + 11);
    } else {
        /* The day in the station's language ("Wed", "Mi"), from the
         * catalogue (common/i18n_time.c). */
        struct tm tm = {.tm_wday = util_weekday((int)strtol(a, NULL, 10),
                                                (int)strtol(a + 5, NULL, 10),
                                                (int)strtol(a + 8, NULL, 10))};
        char day[32];
        if (!i18n_date_in(lang, day, sizeof(day), I18N_WEEKDAY, &tm))
            snprintf(day, sizeof(day), "?");
        snprintf(out, STATION_WHEN_CAP, "%s %.5s", day, a + 11);
    }
    return out;
}

const char *station_result_when(const struct station_result *r, int64_t t_ms,
                                char out[STATION_WHEN_CAP])
{
    return when_in(r, t_ms, NULL, out);
}

const char *station_slot_shown(const char *slot)
{
    /* TRANSLATORS: a tutorial's day and hours when the event's time
     * zone cannot be read, in place of "Tue 09:00-12:30". */
    return slot && slot[0] ? slot : _("(time unknown)");
}

/* A code the verifier refused, as the desk says it: what to do next at
 * a desk is to find the person by name. */
static const char *desk_refusal(enum badge_reason reason)
{
    switch (reason) {
    case BADGE_REASON_CANCELLED:
        return _("This order was cancelled, so this person cannot check in; "
                 "ask the organisers to look at the registration.");
    case BADGE_REASON_UNPAID:
        return _("This order is not paid yet; settle the payment with the "
                 "organisers before checking in.");
    case BADGE_REASON_UNKNOWN_CODE:
    case BADGE_REASON_NOT_A_BADGE:
        return _("This code is not a ticket of this event; search for the "
                 "attendee by name (press /).");
    case BADGE_REASON_OTHER_EVENT:
        return _("This code is for another event; search for the attendee by "
                 "name (press /).");
    case BADGE_REASON_REVOKED:
        return _("This code was replaced by a newer one; search for the "
                 "attendee by name (press /) and check them in from there.");
    default:
        return NULL;
    }
}

/* The badge's own sentence for `why` (badge_reason_str), in the station's
 * language: its catalogue holds badge/'s sentences (po/ERROR-ROOMS). */
static const char *reason_said(enum badge_reason why, char *buf, size_t cap)
{
    struct ck_error e;
    (void)badge_reason_fail(why, &e);
    ck_error_say(&e, buf, cap);
    return buf;
}

static void refusal(const struct station_result *r, enum badge_reason why,
                    char *out, size_t cap)
{
    /* Not replaced: pretix cancelled the add-on and gave no newer code. */
    if (why == BADGE_REASON_REVOKED && r->addon_cancelled &&
        station_result_has(r, STATION_TRAIT_SEARCHES))
        snprintf(out, cap, "%s",
                 _("This tutorial add-on was cancelled in pretix, so its code "
                   "admits no one; scan the person's conference ticket or "
                   "search for them by name (press /), and send them to the "
                   "organisers if they expected the tutorial."));
    else if (why == BADGE_REASON_REVOKED && r->addon_cancelled &&
             station_result_has(r, STATION_TRAIT_PERSONAL))
        snprintf(out, cap, "%s",
                 _("This tutorial add-on was cancelled in pretix, so its code "
                   "admits no one here; send the person to the registration "
                   "desk."));
    else if (station_result_has(r, STATION_TRAIT_SEARCHES) && desk_refusal(why))
        snprintf(out, cap, "%s", desk_refusal(why));
    else if (station_result_has(r, STATION_TRAIT_LEADS)) {
        char said[512];
        snprintf(out, cap, _("No lead recorded: %s"),
                 reason_said(why, said, sizeof(said)));
    } else
        reason_said(why, out, cap);
}

/* A door's own seats are taken (`full-here`): who holds the others, and
 * the seats, inside and capacity from its counters. */
static void full_here(const struct station_result *r, char *out, size_t cap)
{
    const struct station_counters *c = &r->counters;
    if (r->seats_lowered) {
        snprintf(out, cap,
                 _("The room's capacity was lowered to %ld and its doors "
                   "still hold more seats than that; let nobody in here "
                   "until people leave and this door syncs again (%ld "
                   "inside)."),
                 c->capacity, c->inside);
        return;
    }
    char who[320];
    const char *others = station_result_at(r, r->seats_others);
    if (others[0])
        snprintf(who, sizeof(who),
                 strchr(others, ',')
                     ? _("%s hold the others.  Send them to %s, or wait "
                         "until someone leaves.")
                     : _("%s holds the others.  Send them to %s, or wait "
                         "until someone leaves."),
                 others, others);
    else
        snprintf(who, sizeof(who), "%s",
                 _("no other door holds any.  Ask them to wait until someone "
                   "leaves, or until this door gets seats at its next sync."));
    if (c->seats_here > 0)
        snprintf(out, cap,
                 ngettext("This door's %ld seat is taken (%ld inside of "
                          "%ld); %s",
                          "This door's %ld seats are taken (%ld inside of "
                          "%ld); %s",
                          (unsigned long)c->seats_here),
                 c->seats_here, c->inside, c->capacity, who);
    else
        snprintf(out, cap,
                 _("This door holds none of the room's seats yet (%ld "
                   "inside of %ld); %s"),
                 c->inside, c->capacity, who);
}

/* A door's verdicts that need only its counters.  A list's door (`list`
 * set) has no room of its own to name; its title's sentences are
 * list()'s. */
static bool door(const struct station_result *r, char *out, size_t cap)
{
    const struct station_counters *c = &r->counters;
    bool list = r->list[0] != '\0';
    switch (r->reason) {
    case STATION_REASON_LEFT:
        /* The counters are the station's after this exit. */
        snprintf(out, cap,
                 list ? _("Left; %ld inside now.")
                      : _("Left the room; %ld inside now."),
                 c->inside);
        return true;
    case STATION_REASON_NOT_INSIDE:
        snprintf(out, cap, "%s",
                 list ? _("Was not counted inside; nothing to change.")
                      : _("Was not counted inside this room; nothing to "
                          "change."));
        return true;
    case STATION_REASON_ALREADY_INSIDE:
        if (list)
            snprintf(out, cap, "%s", _("Already inside; not counted again."));
        else
            snprintf(out, cap,
                     _("Already inside; not counted again (%ld of %ld)."),
                     c->inside, c->capacity);
        return true;
    case STATION_REASON_FULL_HERE:
        full_here(r, out, cap);
        return true;
    case STATION_REASON_FULL:
        if (list)
            return false;
        /* A room whose exits are not counted (an open space's) frees no
         * seat until its next slot. */
        snprintf(out, cap,
                 station_result_has(r, STATION_TRAIT_EXITS)
                     ? _("The room is full (%ld of %ld); ask them to wait "
                         "until someone leaves.")
                     : _("The room is full (%ld of %ld) for this slot; ask "
                         "them to come back for the next one."),
                 c->inside, c->capacity);
        return true;
    default:
        return false;
    }
}

/* A check-in list's verdicts that name it (its title in `title`): who is
 * not on it, a second redemption, a full list, a counter's undo and
 * swap. */
static bool list(const struct station_result *r, char *out, size_t cap)
{
    const char *title = station_result_title(r);
    const char *handed = station_result_at(r, r->handed);
    bool today = r->list_per_day;
    char first[STATION_WHEN_CAP];
    station_result_when(r, r->first_ms, first);
    switch (r->reason) {
    case STATION_REASON_NOT_ON_LIST:
        if (r->off_list == STATION_OFF_LIST_NOT_PAID)
            snprintf(out, cap,
                     _("Not on the %s list: the order is %s; send them to "
                       "the registration help desk."),
                     title, order_status_word(r->order_status));
        else if (r->off_list == STATION_OFF_LIST_NOT_BOUGHT)
            snprintf(out, cap,
                     _("Not on the %s list: no %s was bought with this "
                       "ticket; send them to the registration help desk if "
                       "they think it was."),
                     title, title);
        else
            snprintf(out, cap,
                     _("Not on the %s list; send them to the registration "
                       "help desk if they think they are."),
                     title);
        return true;
    case STATION_REASON_ALREADY_REDEEMED:
        if (r->list_admits)
            snprintf(out, cap,
                     today ? _("Already admitted to %s today, %s at %s.")
                           : _("Already admitted to %s, %s at %s."),
                     title, first, r->first_station);
        else if (handed[0])
            snprintf(out, cap,
                     today ? _("%s already handed over today: %s, %s at %s.")
                           : _("%s already handed over: %s, %s at %s."),
                     title, handed, first, r->first_station);
        else
            snprintf(out, cap,
                     today ? _("%s already handed over today, %s at %s.")
                           : _("%s already handed over, %s at %s."),
                     title, first, r->first_station);
        return true;
    case STATION_REASON_FULL:
        snprintf(out, cap,
                 _("%s is full (%ld of %ld); ask them to wait until someone "
                   "leaves."),
                 title, r->counters.inside, r->counters.capacity);
        return true;
    case STATION_REASON_UNDONE:
        if (handed[0])
            snprintf(out, cap,
                     _("Undone: take back the %s %s; %s may be handed one "
                       "again."),
                     title, handed, r->badge_name);
        else
            snprintf(out, cap,
                     _("Undone: take back the %s; %s may be handed one "
                       "again."),
                     title, r->badge_name);
        return true;
    case STATION_REASON_SWAPPED:
        snprintf(out, cap, _("Swapped: hand over %s and take back %s."),
                 station_result_at(r, r->variation), handed);
        return true;
    default:
        return false;
    }
}

/* A desk's undo: by whom, and what became of the badge printed. */
static void undone(const struct station_result *r, char *out, size_t cap)
{
    const char *why = station_result_at(r, r->undo_badge_error);
    if (r->undo_badge == STATION_UNDO_BADGE_NONE)
        snprintf(out, cap,
                 _("Check-in undone by %s: %s is not checked in now; scan "
                   "their code to check them in again."),
                 r->supervisor, r->badge_name);
    else if (r->undo_badge == STATION_UNDO_BADGE_SUPERSEDED)
        snprintf(out, cap,
                 _("Check-in undone by %s: %s is not checked in now, and "
                   "the badge printed for them no longer admits; find them "
                   "by name (/) to check them in again."),
                 r->supervisor, r->badge_name);
    else if (why[0])
        snprintf(out, cap,
                 _("Check-in undone by %s: %s is not checked in now, but "
                   "their badge still admits (%s); take the badge back."),
                 r->supervisor, r->badge_name, why);
    else
        snprintf(out, cap,
                 _("Check-in undone by %s: %s is not checked in now, but "
                   "their badge still admits; take the badge back."),
                 r->supervisor, r->badge_name);
}

/* "Ana, Ben, Chi" of the group's members that are (`done` 1) or are not
 * (0) checked in, admissible or not as `admissible` says (-1: either),
 * each with why they were left out when `why`. */
static void names(const struct station_result *r, int admissible, int done,
                  bool why, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < station_result_ngroup(r); i++) {
        const struct station_group_member *m = station_result_group(r, i);
        if ((admissible >= 0 && m->admissible != (admissible != 0)) ||
            (done >= 0 && m->done != (done != 0)))
            continue;
        int w = snprintf(out + used, cap - used, "%s%s%s%s%s", used ? ", " : "",
                         station_group_name(r, m), why && m->why[0] ? " (" : "",
                         why ? m->why : "", why && m->why[0] ? ")" : "");
        if (w < 0 || (size_t)w >= cap - used) {
            out[used] = '\0';
            break;
        }
        used += (size_t)w;
    }
}

/* A group's confirm (station_checkin_group): who was checked in, on
 * whose override, and who was left out. */
static void group_done(const struct station_result *r, char *out, size_t cap)
{
    char yes[STATION_SENTENCE_CAP / 3], over[STATION_SENTENCE_CAP / 3],
        no[STATION_SENTENCE_CAP / 3];
    names(r, 1, 1, false, yes, sizeof(yes));
    names(r, 0, 1, true, over, sizeof(over));
    names(r, -1, 0, true, no, sizeof(no));
    /* "Ana Lima; on Sam's override: Nandini Mukherjee (not paid)" */
    char who[STATION_SENTENCE_CAP];
    if (!over[0])
        snprintf(who, sizeof(who), "%s", yes);
    else if (r->supervisor[0] && yes[0])
        snprintf(who, sizeof(who), _("%s; on %s's override: %s"), yes,
                 r->supervisor, over);
    else if (r->supervisor[0])
        snprintf(who, sizeof(who), _("on %s's override: %s"), r->supervisor,
                 over);
    else if (yes[0])
        snprintf(who, sizeof(who), _("%s; on an override: %s"), yes, over);
    else
        snprintf(who, sizeof(who), _("on an override: %s"), over);
    if (r->reason != STATION_REASON_GROUP_CHECKED_IN)
        snprintf(out, cap,
                 _("No one else of order %s could be checked in: %s."),
                 r->order_code, no);
    else if (no[0])
        snprintf(out, cap,
                 _("Checked in together from order %s: %s. Left out: %s."),
                 r->order_code, who, no);
    else
        snprintf(out, cap, _("Checked in together from order %s: %s."),
                 r->order_code, who);
}

const char *station_group_sentence(const struct station_result *r, char *out,
                                   size_t cap)
{
    if (!cap)
        return out;
    out[0] = '\0';
    if (r->reason == STATION_REASON_GROUP_CHECKED_IN ||
        r->reason == STATION_REASON_GROUP_NONE) {
        group_done(r, out, cap);
        size_t used = strlen(out);
        if (r->group_more && used + 2 < cap) {
            out[used++] = ' ';
            snprintf(out + used, cap - used,
                     ngettext("%zu more of the order: Enter checks them in "
                              "too.",
                              "%zu more of the order: Enter checks them in "
                              "too.",
                              r->group_more),
                     r->group_more);
        }
        return out;
    }
    if (!station_result_ngroup(r))
        return out;
    char yes[STATION_SENTENCE_CAP / 2], no[STATION_SENTENCE_CAP / 2];
    names(r, 1, -1, false, yes, sizeof(yes));
    names(r, 0, -1, true, no, sizeof(no));
    size_t can = 0;
    for (size_t i = 0; i < station_result_ngroup(r); i++)
        can += station_result_group(r, i)->admissible;
    if (!can) {
        snprintf(out, cap,
                 _("Also in order %s, not checked in: %s; a supervisor may "
                   "check them in on an override."),
                 r->order_code, no);
        return out;
    }
    char not_offered[STATION_SENTENCE_CAP / 2 + 64] = "";
    if (no[0])
        snprintf(not_offered, sizeof(not_offered), _("Not offered: %s."), no);
    /* TRANSLATORS: the count, the order's code, then the names. */
    char offer[STATION_SENTENCE_CAP];
    snprintf(
        offer, sizeof(offer),
        ngettext("%zu more in order %s: %s.", "%zu more in order %s: %s.", can),
        can, r->order_code, yes);
    snprintf(out, cap, "%s%s%s %s", offer, no[0] ? " " : "", not_offered,
             r->group_more
                 ? _("Enter checks them in too (the rest by a second Enter).")
                 : _("Enter checks them in too."));
    return out;
}

/* An invalid-time ticket's window ("Thu 16 May 00:00-23:59", "from Sat
 * 26 Sep 00:00") into `out`. */
static const char *valid_window(const struct station_result *r, char *out,
                                size_t cap)
{
    const char *from = station_result_at(r, r->days);
    const char *until = station_result_at(r, r->window_until);
    if (r->window_same_day)
        snprintf(out, cap, "%s-%s", from, until);
    else if (r->window_from && r->window_to)
        /* TRANSLATORS: a ticket's window, in "This ticket is valid %s;
         * now is %s.": its start and its end ("Sat 26 Sep 00:00"). */
        snprintf(out, cap, _("%s to %s"), from, until);
    else if (r->window_from)
        /* TRANSLATORS: as "%s to %s", a window with no end. */
        snprintf(out, cap, _("from %s"), from);
    else
        /* TRANSLATORS: as "%s to %s", a window with no start. */
        snprintf(out, cap, _("until %s"), until);
    return out;
}

/* The station kind's word for an earlier admission (station.h's
 * `history`: "checked in", "door") in the language spoken; another
 * kind's mode as it is. */
static const char *history_word(const char *what)
{
    static const char *const words[] = {
        /* TRANSLATORS: the history line of a desk: what happened to the
         * person earlier ("checked in Wed 09:00 at desk-1"). */
        NC_("history", "checked in"),
        /* TRANSLATORS: as "checked in", a pass through a room's door
         * ("door pandas-intro 10:02 at door-1"). */
        NC_("history", "door"),
        /* TRANSLATORS: as "checked in", a sponsor's scan of their badge. */
        NC_("history", "lead"),
        /* TRANSLATORS: as "checked in", a claim at the open spaces'
         * board. */
        NC_("history", "open spaces' board"),
    };
    /* Matched by the English after the context's \004. */
    for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
        if (!strcmp(what, strchr(words[i], '\004') + 1))
            return i18n_pgettext(NULL, words[i]);
    return what;
}

/* The history line in the station's language (`english` false) or in
 * English with English days (the JSON lines'). */
static const char *history_in(const struct station_result *r, bool english,
                              char *out, size_t cap)
{
    if (!cap)
        return out;
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < station_result_nearlier(r); i++) {
        const struct station_earlier *e = station_result_earlier(r, i);
        const char *target = station_earlier_target(r, e);
        const char *where = station_earlier_station(r, e);
        char when[STATION_WHEN_CAP], one[STATION_SENTENCE_CAP];
        when_in(r, e->when_ms, english ? "en" : NULL, when);
        if (english)
            snprintf(one, sizeof(one), "%s %s%s%s at %s", e->what, target,
                     target[0] ? " " : "", when, where);
        else if (target[0])
            /* TRANSLATORS: one earlier admission on a desk's history
             * line: what ("door"), where (a tutorial's slug), when
             * ("Wed 09:00" or "09:00") and the station's name. */
            snprintf(one, sizeof(one), _("%1$s %2$s %3$s at %4$s"),
                     history_word(e->what), target, when, where);
        else
            /* TRANSLATORS: as above, with no tutorial: "checked in Wed
             * 09:00 at desk-1". */
            snprintf(one, sizeof(one), _("%1$s %2$s at %3$s"),
                     history_word(e->what), when, where);
        int w =
            snprintf(out + used, cap - used, "%s%s", used ? _("; ") : "", one);
        if (w < 0 || (size_t)w >= cap - used)
            break;
        used += (size_t)w;
    }
    return out;
}

const char *station_result_history(const struct station_result *r, char *out,
                                   size_t cap)
{
    return history_in(r, false, out, cap);
}

const char *station_result_history_en(const struct station_result *r, char *out,
                                      size_t cap)
{
    return history_in(r, true, out, cap);
}

const char *station_result_stock(const struct station_result *r, char *out,
                                 size_t cap)
{
    if (!cap)
        return out;
    if (cap > STATION_STOCK_CAP)
        cap = STATION_STOCK_CAP;
    admission_stock_text(&r->stock_count, station_result_at(r, r->stock_of),
                         out, cap);
    size_t n = strlen(out);
    long back = r->back_left > 0 ? r->back_left : 0;
    if (r->back_counted && n + 1 < cap)
        snprintf(out + n, cap - n,
                 /* TRANSLATORS: after "; " or nothing, a variation handed
                  * back ("M") and how many of it are left now ("M: 5
                  * left"). */
                 ngettext("%s%.40s: %ld left", "%s%.40s: %ld left",
                          (unsigned long)back),
                 n ? "; " : "", station_result_at(r, r->handed), back);
    return out;
}

/* Whether a desk's name is its number ("3"), said as "Desk 3". */
static bool numbered(const char *desk)
{
    return desk[0] && strspn(desk, "0123456789") == strlen(desk);
}

/* The triage's line (issue 55.4): where the person goes, read from a
 * metre away at the queue's entrance; false for a reason of its own
 * (a code refused, a wrong day), said as every station says it. */
static bool sorted(const struct station_result *r, char *out, size_t cap)
{
    if (r->reason != STATION_REASON_TO_DESK &&
        r->reason != STATION_REASON_TO_PREPRINTED &&
        r->reason != STATION_REASON_TO_HELP_DESK)
        return false;
    const char *d = r->desk;
    bool n = numbered(d);
    if (r->reason == STATION_REASON_TO_PREPRINTED)
        snprintf(out, cap,
                 n ? _("Pre-printed: box %s at desk %s")
                   : _("Pre-printed: box %s at %s"),
                 r->preprint_box, d);
    else if (r->reason == STATION_REASON_TO_HELP_DESK && r->preprint_ms) {
        char when[64];
        snprintf(out, cap,
                 _("Help desk: your pre-printed badge was handed over at %s "
                   "at %s"),
                 station_result_when(r, r->preprint_ms, when),
                 r->preprint_station);
    } else if (r->reason == STATION_REASON_TO_HELP_DESK)
        snprintf(out, cap, "%s",
                 !strcmp(r->order_status, "cancelled")
                     ? _("Help desk: your order was cancelled")
                 : !strcmp(r->order_status, "refunded")
                     ? _("Help desk: your order was refunded")
                     : _("Help desk: your order is not paid"));
    else if (!d[0])
        snprintf(out, cap, "%s", _("Any desk"));
    else if (n && r->desk_letters[0])
        snprintf(out, cap, _("Desk %s (%s)"), d, r->desk_letters);
    else if (n)
        snprintf(out, cap, _("Desk %s"), d);
    else if (r->desk_letters[0])
        snprintf(out, cap, "%s (%s)", d, r->desk_letters);
    else
        snprintf(out, cap, "%s", d);
    return true;
}

const char *station_verdict_word(const struct station_result *r)
{
    /* TRANSLATORS: the verdict words are read from a metre away, in
     * capitals where the script has them: one short word each. */
    if (station_result_has(r, STATION_TRAIT_EXITS) &&
        r->direction == DIRECTION_OUT && r->decision == DECISION_ADMIT)
        return _("LEFT");
    if (station_result_has(r, STATION_TRAIT_SORTS) &&
        r->decision == DECISION_ADMIT)
        return _("GO"); /* the triage admits no one: it sends on */
    if (r->decision == DECISION_ADMIT)
        return _("ADMIT");
    if (r->decision == DECISION_DENY)
        return _("DENY");
    return _("WARNING");
}

const char *station_repeat_sentence(const struct station_result *r, char *out,
                                    size_t cap)
{
    if (!cap)
        return out;
    char at[STATION_HM_CAP];
    station_result_hm(r, r->decided_ms ? r->decided_ms : r->at_ms, at);
    if (r->same_again) {
        snprintf(out, cap,
                 _("A phone sent again its read, the same presentation again "
                   "at %s; nothing new was recorded."),
                 at);
        return out;
    }
    if (r->personal && r->badge_name[0])
        /* TRANSLATORS: the name, the verdict word, the time. */
        snprintf(out, cap,
                 _("A phone sent again its read of %s, %s at %s; nothing new "
                   "was recorded."),
                 r->badge_name, station_verdict_word(r), at);
    else
        snprintf(out, cap,
                 _("A phone sent again its read, %s at %s; nothing new was "
                   "recorded."),
                 station_verdict_word(r), at);
    return out;
}

const char *station_result_hand(const struct station_result *r, char *out,
                                size_t cap)
{
    if (!cap)
        return out;
    if (cap > STATION_HAND_CAP)
        cap = STATION_HAND_CAP;
    const char *title = station_result_at(r, r->hand_title);
    if (r->hand == STATION_HAND_VARIATION)
        snprintf(out, cap, "%s: %s", title,
                 station_result_at(r, r->hand_variation));
    else if (r->hand == STATION_HAND_TITLE)
        snprintf(out, cap, "%s", title);
    else
        out[0] = '\0';
    return out;
}

const char *station_labels_sentence(const struct label_forecast *f, char *out,
                                    size_t cap)
{
    if (!cap)
        return out;
    if (cap > STATION_STOCK_CAP)
        cap = STATION_STOCK_CAP;
    unsigned long n = f->left > 0 ? (unsigned long)f->left : 0;
    switch (f->state) {
    case LABEL_FORECAST_EMPTY:
        snprintf(out, cap, "%s", _("Out of labels: load a new roll now."));
        break;
    case LABEL_FORECAST_USED_UP:
        snprintf(out, cap, "%s",
                 _("The roll should be out of labels: load a new one."));
        break;
    case LABEL_FORECAST_LEFT:
        snprintf(out, cap,
                 ngettext("About %ld label left.", "About %ld labels left.", n),
                 f->left);
        break;
    case LABEL_FORECAST_SOON:
        snprintf(out, cap,
                 ngettext("About %ld label left, reload in under a minute.",
                          "About %ld labels left, reload in under a minute.",
                          n),
                 f->left);
        break;
    case LABEL_FORECAST_MINUTES: {
        /* TRANSLATORS: "About 40 labels left, reload in ~15 minutes." */
        char left[96];
        snprintf(left, sizeof(left),
                 ngettext("About %ld label left", "About %ld labels left", n),
                 f->left);
        snprintf(out, cap,
                 ngettext("%s, reload in ~%ld minute.",
                          "%s, reload in ~%ld minutes.",
                          f->minutes > 0 ? (unsigned long)f->minutes : 0),
                 left, f->minutes);
        break;
    }
    case LABEL_FORECAST_UNKNOWN:
    default:
        out[0] = '\0';
        break;
    }
    return out;
}

bool station_labels_error(const struct label_forecast *f, struct ck_error *e)
{
    ck_error_clear(e);
    unsigned long n = f->left > 0 ? (unsigned long)f->left : 0;
    switch (f->state) {
    case LABEL_FORECAST_EMPTY:
        return ck_fail(e, CK_EDEVICE, "Out of labels: load a new roll now.");
    case LABEL_FORECAST_USED_UP:
        return ck_fail(e, CK_EDEVICE,
                       "The roll should be out of labels: load a new one.");
    case LABEL_FORECAST_LEFT:
        return ck_failn(e, CK_EDEVICE, n, "About %ld label left.",
                        "About %ld labels left.", f->left);
    case LABEL_FORECAST_SOON:
        return ck_failn(
            e, CK_EDEVICE, n, "About %ld label left, reload in under a minute.",
            "About %ld labels left, reload in under a minute.", f->left);
    default:
        return false;
    }
}

/* A desk's check-in on a supervisor's override: the order's status and
 * the reason given. */
static void override(const struct station_result *r, char *out, size_t cap)
{
    snprintf(out, cap,
             r->reason == STATION_REASON_OVERRIDE_UNPAID
                 ? _("Checked in on a supervisor's override (the order is "
                     "not paid): %s")
             : r->reason == STATION_REASON_OVERRIDE_REFUNDED
                 ? _("Checked in on a supervisor's override (the order is "
                     "refunded): %s")
                 : _("Checked in on a supervisor's override (the order is "
                     "cancelled): %s"),
             r->override);
}

/* A desk's check-in and a second one, with the pre-printed badge's box
 * when there is one (issue 55). */
static void checked_in(const struct station_result *r, char *out, size_t cap)
{
    const char *box = r->preprint_box;
    long pos = r->preprint_position;
    char when[STATION_WHEN_CAP];
    if (r->reason == STATION_REASON_CHECKED_IN && r->preprint_offer)
        /* TRANSLATORS: the box's label ("L-M"), then the badge's
         * position in it. */
        snprintf(out, cap,
                 _("Pre-printed: box %s, #%ld. Checked in; hand "
                   "the badge over and confirm."),
                 box, pos);
    else if (r->reason == STATION_REASON_CHECKED_IN)
        snprintf(out, cap, "%s", _("Checked in. Welcome!"));
    else if (box[0] && !r->preprint_offer)
        /* TRANSLATORS: the time, the station, the box, the position. */
        snprintf(out, cap,
                 _("Already handed over at %s at %s (pre-printed, "
                   "box %s, #%ld)."),
                 station_result_when(r, r->preprint_ms, when),
                 r->preprint_station, box, pos);
    else if (r->preprint_offer)
        /* TRANSLATORS: the time, the station, the box, the position. */
        snprintf(out, cap,
                 _("Already checked in at %s at %s. Pre-printed: "
                   "box %s, #%ld; hand the badge over and confirm."),
                 station_result_when(r, r->first_ms, when), r->first_station,
                 box, pos);
    else
        /* TRANSLATORS: the time, then the station. */
        snprintf(out, cap, _("Already checked in at %s at %s."),
                 station_result_when(r, r->first_ms, when), r->first_station);
}

/* A phone's read sent again (r->again): when it was decided. */
static void sent_again(const struct station_result *r, char *out, size_t cap)
{
    char at[STATION_HM_CAP];
    station_result_hm(r, r->decided_ms ? r->decided_ms : r->at_ms, at);
    if (r->same_again)
        snprintf(out, cap,
                 _("Taken as the same presentation again at %s; this read "
                   "was sent again, and nothing new was recorded."),
                 at);
    else
        /* The first answer as the file keeps it: its verdict and name,
         * not the counts and details it was said with then. */
        snprintf(out, cap,
                 _("Decided at %s; this read was sent again, and nothing new "
                   "was recorded."),
                 at);
}

/* pretix's questions asked during check-in (issue 49): the first one in
 * the sentence, every one on the screens' forms; or an acknowledgement
 * the person declined (issue 55), by its title. */
static void asked(const struct station_result *r, char *out, size_t cap)
{
    const struct station_question *q =
        station_result_nquestions(r) ? station_result_question(r, 0) : NULL;
    if (r->reason == STATION_REASON_DECLINED)
        /* TRANSLATORS: %s is the acknowledgement's title, as the event
         * names it ("Code of Conduct"); the person declined it. */
        snprintf(out, cap,
                 _("%s was not acknowledged, so this person is not checked "
                   "in; the organizers can talk it over with them."),
                 q ? station_question_title(r, q) : "");
    else
        snprintf(out, cap,
                 station_result_nquestions(r) > 1
                     ? _("Ask before checking in: %s (and more)")
                     : _("Ask before checking in: %s"),
                 q ? station_question_text(r, q) : "");
}

/* A room's door's reasons (a tutorial's or a list's): the wrong room,
 * welcome, not registered, too early, over.  False for any other
 * reason. */
static bool room_reason(const struct station_result *r, char *out, size_t cap)
{
    char when[STATION_WHEN_CAP];
    switch (r->reason) {
    case STATION_REASON_WRONG_ROOM:
        snprintf(out, cap, _("This is %s (%s). Your tutorial %s is in %s, %s."),
                 station_result_title(r), station_result_at(r, r->room),
                 station_tutorial_title(r, &r->other),
                 station_tutorial_room(r, &r->other),
                 station_slot_shown(station_tutorial_slot(r, &r->other)));
        return true;
    case STATION_REASON_ENTERED:
        snprintf(out, cap, _("Welcome to %s."), station_result_title(r));
        return true;
    case STATION_REASON_NOT_REGISTERED:
        snprintf(out, cap,
                 _("Not registered for %s; send them to the registration "
                   "desk if they think they are."),
                 station_result_title(r));
        return true;
    case STATION_REASON_TOO_EARLY:
        if (r->list[0])
            snprintf(out, cap, _("Too early: %s opens at %s."),
                     station_result_title(r),
                     station_result_when(r, r->opens_ms, when));
        else
            snprintf(out, cap, _("Too early: %s is %s; the door opens at %s."),
                     station_result_title(r),
                     station_slot_shown(station_result_slot(r)),
                     station_result_hm(r, r->opens_ms, when));
        return true;
    case STATION_REASON_ENDED:
        if (r->list[0])
            snprintf(out, cap, _("%s has closed."), station_result_title(r));
        else
            snprintf(out, cap, _("%s has ended (%s)."), station_result_title(r),
                     station_slot_shown(station_result_slot(r)));
        return true;
    default:
        return false;
    }
}

/* A sponsor's station's reasons: a lead, one again, a code that is not
 * a badge, the expo hall's scanned by phones.  False for any other
 * reason. */
static bool lead_reason(const struct station_result *r, char *out, size_t cap)
{
    char when[STATION_WHEN_CAP];
    switch (r->reason) {
    case STATION_REASON_BADGE_ONLY:
        snprintf(out, cap, "%s",
                 r->tutorial_ticket
                     ? _("This is a tutorial ticket; scan the attendee's "
                         "conference badge.")
                     : _("Scan the attendee's conference badge; confirmation "
                         "codes and tutorial tickets are not used for "
                         "leads."));
        return true;
    case STATION_REASON_LEAD_AGAIN:
        snprintf(out, cap,
                 _("Already a lead of %s since %s; nothing new recorded."),
                 station_result_sponsor(r),
                 station_result_when(r, r->first_ms, when));
        return true;
    case STATION_REASON_LEAD:
        snprintf(out, cap,
                 _("Lead recorded for %s. Add a note and a rating 1-5, or "
                   "press Enter."),
                 station_result_sponsor(r));
        return true;
    case STATION_REASON_NO_BOOTH:
        snprintf(out, cap, "%s",
                 _("The expo hall's leads are scanned by sponsors' phones, "
                   "each opened with its booth's link ('checkin expo "
                   "tokens'); nothing recorded."));
        return true;
    default:
        return false;
    }
}

/* Days "2027-05-17, 2027-05-18" as a person reads them in the station's
 * language ("Mon 17 May, Tue 18 May"; "Mo 17. Mai, ..."), as every day
 * said to a person is (i18n_date, issue 53); a day that is not
 * YYYY-MM-DD stays as it is. */
static const char *days_said(const char *iso, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (const char *p = iso; *p && used < cap;) {
        size_t n = strcspn(p, ",");
        char one[32] = "";
        if (n == 10)
            i18n_iso_day(p, one, sizeof(one));
        if (!one[0])
            snprintf(one, sizeof(one), "%.*s", (int)(n < 31 ? n : 31), p);
        int k = snprintf(out + used, cap - used, "%s%s", used ? ", " : "", one);
        if (k < 0)
            break;
        used += (size_t)k;
        p += n;
        p += strspn(p, ", ");
    }
    return out;
}

/* A sprint station's own reasons (STATION_TRAIT_PROJECTS, issue 56
 * item 2); false for another. */
static bool sprint(const struct station_result *r, char *out, size_t cap)
{
    char when[STATION_WHEN_CAP];
    char days[SPRINT_DAYS * 48];
    switch (r->reason) {
    case STATION_REASON_PROJECT:
        snprintf(out, cap, _("Now checking in to %s."),
                 station_result_title(r));
        return true;
    case STATION_REASON_UNKNOWN_PROJECT:
        snprintf(out, cap,
                 _("No sprint project is called '%s'; scan another "
                   "project's table sign."),
                 station_result_title(r));
        return true;
    case STATION_REASON_NO_PROJECT:
        snprintf(out, cap, "%s",
                 _("Choose the project first: scan its table sign or type "
                   "its name, then the badge."));
        return true;
    case STATION_REASON_NO_SPRINT:
        snprintf(out, cap, _("There are no sprints today; their days are %s."),
                 days_said(station_result_at(r, r->days), days, sizeof(days)));
        return true;
    case STATION_REASON_SPRINT_IN:
        snprintf(out, cap, _("Checked in to %s for today."),
                 station_result_title(r));
        return true;
    case STATION_REASON_SPRINT_AGAIN:
        snprintf(out, cap, _("Already checked in to %s today at %s."),
                 station_result_title(r),
                 station_result_hm(r, r->first_ms, when));
        return true;
    default:
        return false;
    }
}

/* How many lots a list of them ("1, 4, 7") names: the plural's count. */
static unsigned long lots_in(const char *list)
{
    unsigned long n = 1;
    for (; *list; list++)
        n += *list == ',';
    return n;
}

/* The auction's own reasons (STATION_TRAIT_PADDLES, issue 56 item 3);
 * false for another. */
static bool auction(const struct station_result *r, char *out, size_t cap)
{
    char when[STATION_WHEN_CAP], amount[32];
    snprintf(amount, sizeof(amount), "%lld.%02lld",
             (long long)(r->amount_cents / 100),
             (long long)(r->amount_cents % 100));
    switch (r->reason) {
    case STATION_REASON_PADDLE:
        snprintf(out, cap, _("Paddle %d."), r->paddle);
        return true;
    case STATION_REASON_PADDLE_AGAIN:
        snprintf(out, cap, _("Paddle %d, given at %s at %s."), r->paddle,
                 station_result_when(r, r->first_ms, when), r->first_station);
        return true;
    case STATION_REASON_NO_PADDLES_LEFT:
        snprintf(out, cap,
                 _("This door's paddles (%s) are all given; give it another "
                   "block in [auction] and apply it with checkin event."),
                 station_result_title(r));
        return true;
    case STATION_REASON_NO_PADDLE:
        snprintf(out, cap, "%s",
                 _("This badge has no paddle, so it won nothing; nothing to "
                   "pay."));
        return true;
    case STATION_REASON_NOTHING_WON:
        snprintf(out, cap, _("Paddle %d won no lot; nothing to pay."),
                 r->paddle);
        return true;
    case STATION_REASON_OWES:
        snprintf(out, cap,
                 ngettext("Paddle %d owes %s %s for lot %s; take the payment, "
                          "then scan the badge again to settle.",
                          "Paddle %d owes %s %s for lots %s; take the "
                          "payment, then scan the badge again to settle.",
                          lots_in(station_result_title(r))),
                 r->paddle, amount, r->currency, station_result_title(r));
        return true;
    case STATION_REASON_SETTLED:
        snprintf(out, cap,
                 ngettext("Paddle %d paid %s %s for lot %s: settled.",
                          "Paddle %d paid %s %s for lots %s: settled.",
                          lots_in(station_result_title(r))),
                 r->paddle, amount, r->currency, station_result_title(r));
        return true;
    case STATION_REASON_SETTLED_BEFORE:
        snprintf(out, cap,
                 _("Paddle %d settled %s %s at %s at %s; nothing more to "
                   "pay."),
                 r->paddle, amount, r->currency,
                 station_result_when(r, r->first_ms, when), r->first_station);
        return true;
    default:
        return false;
    }
}

const char *station_result_sentence(const struct station_result *r, char *out,
                                    size_t cap)
{
    if (!cap)
        return out;
    if (r->same_again || r->again) {
        sent_again(r, out, cap);
        return out;
    }
    enum badge_reason why;
    if (r->decision == DECISION_DENY && station_reason_badge(r->reason, &why)) {
        refusal(r, why, out, cap);
        return out;
    }
    if (station_result_has(r, STATION_TRAIT_SORTS) && sorted(r, out, cap))
        return out;
    if (station_result_has(r, STATION_TRAIT_PROJECTS) && sprint(r, out, cap))
        return out;
    if (station_result_has(r, STATION_TRAIT_PADDLES) && auction(r, out, cap))
        return out;
    if (station_result_has(r, STATION_TRAIT_ROOM) && door(r, out, cap))
        return out;
    if (station_result_has(r, STATION_TRAIT_ROOM) && r->list[0] &&
        list(r, out, cap))
        return out;
    if (room_reason(r, out, cap) || lead_reason(r, out, cap))
        return out;
    switch (r->reason) {
    case STATION_REASON_SEE_HELP_DESK:
        /* A hold: nothing more, whatever the station (docs/admission.md,
         * "A hold"). */
        snprintf(out, cap, "%s", _("Please see the help desk."));
        break;
    case STATION_REASON_TEST_ORDER:
        snprintf(out, cap, "%s",
                 _("This is a pretix test-mode order, for rehearsals only; "
                   "it admits no one to the event. Send the person to the "
                   "registration help desk."));
        break;
    case STATION_REASON_CHECKED_IN:
        checked_in(r, out, cap);
        break;
    case STATION_REASON_WRONG_DAY:
        snprintf(out, cap, _("This ticket (%s) is valid on %s; today is %s."),
                 station_result_at(r, r->day_label),
                 station_result_at(r, r->days), station_result_at(r, r->today));
        break;
    case STATION_REASON_INVALID_TIME: {
        char window[160];
        snprintf(out, cap, _("This ticket is valid %s; now is %s."),
                 valid_window(r, window, sizeof(window)),
                 station_result_at(r, r->today));
        break;
    }
    case STATION_REASON_QUESTION:
    case STATION_REASON_DECLINED:
        asked(r, out, cap);
        break;
    case STATION_REASON_UNDONE:
        undone(r, out, cap);
        break;
    case STATION_REASON_REDEEMED: {
        /* A counter's: what it hands over ("T-shirt: M"). */
        char hand[STATION_HAND_CAP];
        snprintf(out, cap, _("Hand over %s."),
                 station_result_hand(r, hand, sizeof(hand)));
        break;
    }
    case STATION_REASON_ALREADY_CHECKED_IN:
        checked_in(r, out, cap);
        break;
    case STATION_REASON_OVERRIDE_UNPAID:
    case STATION_REASON_OVERRIDE_CANCELLED:
    case STATION_REASON_OVERRIDE_REFUNDED:
        override(r, out, cap);
        break;
    case STATION_REASON_GROUP_CHECKED_IN:
    case STATION_REASON_GROUP_NONE:
        group_done(r, out, cap);
        break;
    case STATION_REASON_HOST:
        snprintf(out, cap, "%s",
                 _("Type a title on the board and choose a free slot."));
        break;
    default:
        /* Every reason's sentence is above; none for no decision. */
        out[0] = '\0';
        break;
    }
    return out;
}

const char *station_tutorial_clash(const struct station_tutorial *t)
{
    return t->clash ? _("at the same time as another: ask which one they "
                        "attend")
                    : "";
}

const char *station_clock_sentence(const struct clock_finding *f,
                                   bool from_option, char *out, size_t cap)
{
    if (!cap)
        return out;
    out[0] = '\0';
    /* Whole sentences: the clock's source and the remedy go together. */
    if (f->off == CLOCK_OFF_EVENT && from_option)
        snprintf(out, cap,
                 _("The clock given with --clock says %s but %s runs %s to "
                   "%s; check the date given to --clock."),
                 f->now, f->name, f->from, f->to);
    else if (f->off == CLOCK_OFF_EVENT)
        snprintf(out, cap,
                 _("This computer's clock says %s but %s runs %s to %s; set "
                   "the clock or start with --clock 'YYYY-MM-DD HH:MM'."),
                 f->now, f->name, f->from, f->to);
    else if (f->off == CLOCK_OFF_TUTORIAL && from_option)
        snprintf(out, cap,
                 _("The clock given with --clock says %s but this door's "
                   "tutorial, %s, is on %s to %s; check the date given to "
                   "--clock."),
                 f->now, f->name, f->from, f->to);
    else if (f->off == CLOCK_OFF_TUTORIAL)
        snprintf(out, cap,
                 _("This computer's clock says %s but this door's tutorial, "
                   "%s, is on %s to %s; set the clock or start with --clock "
                   "'YYYY-MM-DD HH:MM'."),
                 f->now, f->name, f->from, f->to);
    return out;
}
