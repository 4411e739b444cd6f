/* See report_commands.h.  Moved from the commands (cli/cmd_store.c) so
 * that they are argv wiring only; the sentences go through gettext, the
 * JSON stays English. */
#include "checkin/report_commands.h"

#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/columns.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/event_commands.h"
#include "checkin/i18n.h"
#include "checkin/import_report.h"
#include "checkin/jobs.h"
#include "checkin/merge.h"
#include "checkin/needs_text.h"
#include "checkin/registration.h"
#include "checkin/registration_desk.h"
#include "checkin/supervisor.h"
#include "checkin/text.h"
#include "checkin/tutorial.h"

/* `checkin export`'s usage (cli/cmd_scan.c prints it, translated). */
const char export_usage[] =
    N_("Usage: checkin export EVENT.db checkins|no-shows|scans|leads|\n"
       "         acknowledgements\n"
       "         [--sponsor SLUG] [--format csv|json] [--out FILE]\n"
       "       checkin export EVENT.db list SLUG [--format csv|json] [--out "
       "FILE]\n"
       "Export check-ins, paid registrations not checked in yet, the scan\n"
       "journal, or a sponsor's leads (contact details only of attendees who\n"
       "consented; the others are counted).  At a sponsor's booth enrolled at\n"
       "a hub, 'checkin export BOOTH.db leads' sends the booth's leads and\n"
       "exports its sponsor's, read through the hub.  'list SLUG': who a\n"
       "check-in list admitted or handed what (after swaps), when and where,\n"
       "undone rows left out.  'acknowledgements': who acknowledged the Code\n"
       "of Conduct (or another), or declined it, at which desk and when, for\n"
       "its team.\n");

/* ---- stats ---- */

/* Count `v` as the language writes it ("1.234"): into `out`. */
static const char *num(long v, char out[I18N_NUMBER_CAP])
{
    if (!i18n_number(v, out, I18N_NUMBER_CAP))
        snprintf(out, I18N_NUMBER_CAP, "%ld", v);
    return out;
}

/* Counts `v` right-aligned in columns `w`, each after a space. */
static void counts_row(FILE *out, const long *v, const int *w, size_t n)
{
    char b[I18N_NUMBER_CAP];
    for (size_t i = 0; i < n; i++) {
        fputc(' ', out);
        column_print(out, num(v[i], b), w[i], true);
    }
}

static int slug_width(const struct store_stats_row *rows, size_t n,
                      const char *heading)
{
    int w = column_width(heading, 0);
    for (size_t i = 0; i < n; i++)
        w = column_width(rows[i].slug, w);
    return w < 64 ? w : 64;
}

/* A table's headings, each in its column: the first padded after it, the
 * others (numbers) before it. */
static void headings(FILE *out, const char *const *h, const int *w, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i)
            fputc(' ', out);
        column_print(out, h[i], w[i], i > 0);
    }
    fputc('\n', out);
}

/* The ticket types' table: a column as wide as its longest slug or its
 * heading, in the language of the command. */
static void types_table(FILE *out, const struct store_stats *t)
{
    /* TRANSLATORS: the headings of `checkin stats`'s table of ticket
     * types: its slug, then counts of registrations. */
    const char *h[] = {_("ticket type"), _("valid"),     _("paid"),
                       _("pending"),     _("cancelled"), _("checked in")};
    int w[] = {slug_width(t->types, t->ntypes, h[0]),
               column_width(h[1], 6),
               column_width(h[2], 6),
               column_width(h[3], 8),
               column_width(h[4], 10),
               column_width(h[5], 11)};
    headings(out, h, w, 6);
    for (size_t i = 0; i < t->ntypes; i++) {
        const struct store_stats_row *r = &t->types[i];
        column_print(out, r->slug, w[0], false);
        long v[] = {r->total, r->paid, r->pending, r->cancelled, r->checked_in};
        counts_row(out, v, w + 1, 5);
        fputc('\n', out);
    }
}

static void tutorials_table(FILE *out, const struct store_stats *t)
{
    /* TRANSLATORS: the headings of `checkin stats`'s table of tutorials:
     * its slug, people registered, seats, people admitted. */
    const char *h[] = {_("tutorial"), _("registered"), _("seats"),
                       _("admitted")};
    int w[] = {slug_width(t->tutorials, t->ntutorials, h[0]),
               column_width(h[1], 10), column_width(h[2], 6),
               column_width(h[3], 8)};
    fputc('\n', out);
    headings(out, h, w, 4);
    for (size_t i = 0; i < t->ntutorials; i++) {
        const struct store_stats_row *r = &t->tutorials[i];
        long over = store_stats_over_capacity(r);
        column_print(out, r->slug, w[0], false);
        long v[] = {r->total, r->capacity, r->checked_in};
        counts_row(out, v, w + 1, 3);
        if (over)
            fprintf(out, _("  OVER CAPACITY by %ld\n"), over);
        else
            fprintf(out, "%s\n", r->total >= r->capacity ? _("  FULL") : "");
    }
}

int report_stats(store *s, const char *db, FILE *out, struct ck_error *err)
{
    struct store_stats t;
    int code = store_stats(s, &t, err);
    if (code)
        return code;
    fprintf(out, "%s (%s)\n", t.event_name, t.event_slug);
    char n[7][I18N_NUMBER_CAP];
    /* TRANSLATORS: the counts are numbers as the language writes them
     * ("1.234"; the "number" context). */
    fprintf(out,
            _("Registrations: %s (%s paid, %s pending, %s cancelled, "
              "%s refunded); checked in: %s; scans: %s\n\n"),
            num(t.attendees, n[0]), num(t.paid, n[1]), num(t.pending, n[2]),
            num(t.cancelled, n[3]), num(t.refunded, n[4]),
            num(t.checked_in, n[5]), num(t.scans, n[6]));
    if (t.overrides)
        fprintf(out,
                _("Overrides: %ld admitted on a supervisor's override of an "
                  "unpaid, cancelled or refunded registration; 'checkin export "
                  "%s checkins' gives each reason.\n\n"),
                t.overrides, db);
    types_table(out, &t);
    tutorials_table(out, &t);
    if (t.clash_people) {
        char tz[64], line[1024];
        report_event_zone(s, tz, sizeof(tz));
        fprintf(out,
                ngettext("\nBooked into two tutorials at one time: %ld "
                         "person (the desk shows it; ask which one they "
                         "attend):\n",
                         "\nBooked into two tutorials at one time: %ld "
                         "people (the desk shows it; ask which one they "
                         "attend):\n",
                         (unsigned long)t.clash_people),
                t.clash_people);
        for (size_t i = 0; i < t.nclashes; i++) {
            report_clash_text(&t.clashes[i], tz, line, sizeof(line));
            fprintf(out, "  %s\n", line);
        }
        if ((long)t.nclashes < t.clash_people)
            fprintf(out, _("  (the first %zu shown)\n"), t.nclashes);
    }
    store_stats_free(&t);
    return CK_OK;
}

/* ---- attendees ---- */

/* "2027-05-12 09:12" in the event's zone, or "" when not checked in. */
static void checkin_time(const struct attendee *a, const char *tz, char *out,
                         size_t cap)
{
    out[0] = '\0';
    if (a->checkin_ms &&
        event_utc_to_local(a->checkin_ms / 1000, tz, out, cap) != 0)
        snprintf(out, cap, "?");
}

/* When a phone read the code of that check-in, as checkin_time, when it
 * was decided later (kept on the phone while the station could not be
 * reached) and the minute differs; "" otherwise. */
static void read_time(const struct attendee *a, const char *tz,
                      const char *when, char *out, size_t cap)
{
    out[0] = '\0';
    if (!a->checkin_ms || !a->checkin_read_ms)
        return;
    if (event_utc_to_local(a->checkin_read_ms / 1000, tz, out, cap) != 0)
        snprintf(out, cap, "?");
    if (!strcmp(out, when))
        out[0] = '\0';
}

/* What desks registered or changed of `a`: "walk_in" and "edited". */
static void desk_changes(store *s, const struct attendee *a, json_t *o)
{
    bool walkin;
    int64_t at_ms;
    char station[64], comp[REGISTRATION_FIELD_MAX + 1];
    struct registration_mark m[FIELD_COUNT];
    size_t n;
    if (registration_describe(s, a->ticket_id, &walkin, &at_ms, station, comp,
                              m, &n, NULL))
        return;
    if (walkin)
        json_object_set_new(o, "walk_in",
                            json_pack("{s:s, s:I, s:s?}", "station", station,
                                      "at_ms", (json_int_t)at_ms, "comp_reason",
                                      *comp ? comp : NULL));
    if (!n)
        return;
    json_t *edited = json_array();
    for (size_t i = 0; i < n; i++)
        json_array_append_new(
            edited,
            json_pack("{s:s, s:s, s:s, s:I, s:s?, s:s?}", "field",
                      registration_field_str(m[i].field), "value", m[i].value,
                      "station", m[i].station, "at_ms", (json_int_t)m[i].at_ms,
                      "supervisor", *m[i].supervisor ? m[i].supervisor : NULL,
                      "export", walkin ? NULL : m[i].export_value));
    json_object_set_new(o, "edited", edited);
}

/* What the event still owes `a` and they owe it (issue 55 item 2), now:
 * "needs" and "needs_text" into `o`; print_needs writes the line,
 * indented, to `out`.  A file that cannot say leaves them out.  `ad`:
 * the lists' statements, prepared once for every person shown (NULL:
 * each time). */
static void needs_fields(store *s, admission *ad, const struct attendee *a,
                         json_t *o)
{
    struct needs_list l;
    struct ck_error ignored = {0};
    char line[NEEDS_LINE_CAP];
    if (!needs_of_with(s, ad, a->id, store_now_ms(), &l, &ignored) && l.n) {
        json_object_set_new(o, "needs", needs_json(l.items, l.n));
        json_object_set_new(
            o, "needs_text",
            json_string(needs_line(l.items, l.n, false, line, sizeof(line))));
    }
    needs_list_free(&l);
}

static void print_needs(store *s, admission *ad, const struct attendee *a,
                        FILE *out)
{
    struct needs_list l;
    struct ck_error ignored = {0};
    char line[NEEDS_LINE_CAP];
    if (!needs_of_with(s, ad, a->id, store_now_ms(), &l, &ignored) &&
        needs_line(l.items, l.n, false, line, sizeof(line))[0])
        fprintf(out, "    %s\n", line);
    needs_list_free(&l);
}

static void print_json(store *s, admission *ad, FILE *out,
                       const struct attendee *a, const char *tz)
{
    json_t *o = json_pack(
        "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:b}", "ticket_id",
        a->ticket_id, "order_code", a->order_code, "status",
        order_status_str(a->status), "badge_name", a->badge_name, "given_name",
        a->given_name, "family_name", a->family_name, "pronouns", a->pronouns,
        "company", a->company, "email", a->email, "ticket_type", a->ticket_type,
        "sponsor_consent", a->sponsor_consent);
    if (!o)
        return;
    json_t *tuts = json_array();
    for (size_t i = 0; i < a->ntutorials; i++)
        json_array_append_new(tuts, json_string(a->tutorials[i]));
    json_object_set_new(o, "tutorials", tuts);
    char when[32], read[32];
    checkin_time(a, tz, when, sizeof(when));
    read_time(a, tz, when, read, sizeof(read));
    json_t *in = a->checkin_ms ? json_pack("{s:s, s:I, s:s}", "at", when,
                                           "at_ms", (json_int_t)a->checkin_ms,
                                           "station", a->checkin_station)
                               : json_null();
    if (in && *read) {
        json_object_set_new(in, "read_at", json_string(read));
        json_object_set_new(in, "read_at_ms",
                            json_integer((json_int_t)a->checkin_read_ms));
    }
    json_object_set_new(o, "checked_in", in);
    desk_changes(s, a, o);
    needs_fields(s, ad, a, o);
    char *text = json_dumps(o, JSON_COMPACT);
    if (text)
        fprintf(out, "%s\n", text);
    free(text);
    json_decref(o);
}

static void print_line(FILE *out, const struct attendee *a, const char *tz)
{
    /* The status in the language spoken, padded by the columns it takes
     * (a Japanese word is two a character); --json keeps the code. */
    fprintf(out, "%-8s ", a->order_code);
    column_print(out, order_status_word(order_status_str(a->status)), 9, false);
    fprintf(out, " %-10s %s", a->ticket_type, a->badge_name);
    if (*a->pronouns)
        fprintf(out, " (%s)", a->pronouns);
    if (*a->company)
        fprintf(out, ", %s", a->company);
    if (*a->email)
        fprintf(out, " <%s>", a->email);
    for (size_t k = 0; k < a->ntutorials; k++)
        fprintf(out, "%s%s%s", k ? " " : " [", a->tutorials[k],
                k + 1 == a->ntutorials ? "]" : "");
    char when[32], read[32], w[64] = "?", r[64] = "?";
    checkin_time(a, tz, when, sizeof(when));
    read_time(a, tz, when, read, sizeof(read));
    /* In the language spoken ("mié 12 may 09:12"); --json keeps ISO. */
    if (*when &&
        i18n_local_time(a->checkin_ms / 1000, tz, I18N_DAY_MONTH, w, sizeof(w)))
        snprintf(w, sizeof(w), "%s", when);
    if (*read && i18n_local_time(a->checkin_read_ms / 1000, tz, I18N_DAY_MONTH,
                                 r, sizeof(r)))
        snprintf(r, sizeof(r), "%s", read);
    if (*when && *read)
        fprintf(out,
                _(" - checked in %s at %s (read by a phone at %s, sent "
                  "later)"),
                w, a->checkin_station, r);
    else if (*when)
        fprintf(out, _(" - checked in %s at %s"), w, a->checkin_station);
    else
        fprintf(out, _(" - not checked in"));
    fputc('\n', out);
}

int report_attendees(store *s, const char *query, size_t limit, bool json,
                     FILE *out, struct ck_error *err)
{
    struct attendee_list l;
    char tz[64];
    int code = store_event_timezone(s, tz, sizeof(tz), err);
    if (!code)
        code = store_attendee_search_bounded(s, query, limit, &l, err);
    if (code)
        return code;
    /* Each person's needs read through the same statements: prepared for
     * every one, they were 86% of the command's instructions. */
    admission *ad = NULL;
    struct ck_error no_lists = {0};
    if (l.n > 1 && needs_admission_new(s, &ad, &no_lists))
        ad = NULL;
    for (size_t i = 0; i < l.n; i++) {
        if (json) {
            print_json(s, ad, out, &l.items[i], tz);
            continue;
        }
        print_line(out, &l.items[i], tz);
        /* What a desk registered or corrected, beside the export's. */
        char notes[2048];
        struct ck_error ignored;
        if (registration_notes(s, l.items[i].ticket_id, tz, "    ", notes,
                               sizeof(notes), &ignored) == CK_OK)
            fputs(notes, out);
        print_needs(s, ad, &l.items[i], out);
    }
    if (!json && l.at_least)
        fprintf(out,
                /* TRANSLATORS: the plural form follows the second number,
                 * the attendees counted before counting stopped (more may
                 * match). */
                ngettext("First %zu of at least %zu attendee found; narrow "
                         "the search, or give a larger --limit to see more.\n",
                         "First %zu of at least %zu attendees found; narrow "
                         "the search, or give a larger --limit to see more.\n",
                         l.total),
                l.n, l.total);
    else if (!json && l.total > l.n)
        fprintf(out,
                /* TRANSLATORS: the plural form follows the second number,
                 * the attendees found. */
                ngettext("First %zu of %zu attendee found; narrow the search "
                         "or give --limit %zu.\n",
                         "First %zu of %zu attendees found; narrow the search "
                         "or give --limit %zu.\n",
                         l.total),
                l.n, l.total, l.total);
    else if (!json)
        fprintf(
            out,
            ngettext("%zu attendee found.\n", "%zu attendees found.\n", l.n),
            l.n);
    needs_admission_free(ad);
    attendee_list_free(&l);
    return CK_OK;
}

/* A value of a change, or the report's word for none. */
static const char *or_none(const char *v)
{
    return v ? v : C_("event change", "(none)");
}

/* The heading of a line of `checkin event`'s report, colon included. */
static void event_line_heading(const struct event_update_line *l, FILE *out)
{
    const char *slug =
        l->of == EVENT_LINE_LIST && !*l->slug ? _("(admission)") : l->slug;
    switch (l->of) {
    case EVENT_LINE_EVENT:
        fprintf(out, _("event %s:"), slug);
        return;
    case EVENT_LINE_TICKET_TYPE:
        fprintf(out, _("ticket type %s:"), slug);
        return;
    case EVENT_LINE_NEW_TICKET_TYPE:
        fprintf(out, _("new ticket type %s:"), slug);
        return;
    case EVENT_LINE_REMOVED_TICKET_TYPE:
        fprintf(out, _("removed ticket type %s"), slug);
        return;
    case EVENT_LINE_TUTORIAL:
        fprintf(out, _("tutorial %s:"), slug);
        return;
    case EVENT_LINE_NEW_TUTORIAL:
        fprintf(out, _("new tutorial %s:"), slug);
        return;
    case EVENT_LINE_REMOVED_TUTORIAL:
        fprintf(out, _("removed tutorial %s"), slug);
        return;
    case EVENT_LINE_SPONSOR:
        fprintf(out, _("sponsor %s:"), slug);
        return;
    case EVENT_LINE_NEW_SPONSOR:
        fprintf(out, _("new sponsor %s:"), slug);
        return;
    case EVENT_LINE_REMOVED_SPONSOR:
        fprintf(out, _("removed sponsor %s"), slug);
        return;
    case EVENT_LINE_PRETIX_ITEM:
        fprintf(out, _("pretix item %s:"), slug);
        return;
    case EVENT_LINE_LIST:
        fprintf(out, _("list %s:"), slug);
        return;
    case EVENT_LINE_ACK:
        fprintf(out, _("acknowledgement %s:"), slug);
        return;
    case EVENT_LINE_SETTING: {
        /* "csv.status.paid" as the section and key the file writes. */
        size_t n = strcspn(l->slug, ".");
        /* untranslated: the description's section and key names. */
        fprintf(out, "%.*s %s:", (int)n, l->slug,
                l->slug[n] ? l->slug + n + 1 : l->slug);
        return;
    }
    }
}

/* A side of a registration-system item's mapping. */
static void mapped_to(const char *slug, bool tutorial, char *out, size_t cap)
{
    snprintf(out, cap, tutorial ? _("tutorial %s") : _("ticket type %s"), slug);
}

/* The change's words, at most `cap` bytes of `out`. */
static void event_change_words(const struct event_update_line *l,
                               const struct event_change *c, char *out,
                               size_t cap)
{
    const char *a = c->v[0], *b = c->v[1];
    bool quoted = l->of != EVENT_LINE_LIST && l->of != EVENT_LINE_ACK;
    char x[300], y[300];
    switch (c->what) {
    case EVENT_CHANGE_NAME:
        snprintf(out, cap, _("name \"%s\" -> \"%s\""), a, b);
        return;
    case EVENT_CHANGE_START:
        snprintf(out, cap, _("start %s -> %s"), a, b);
        return;
    case EVENT_CHANGE_END:
        snprintf(out, cap, _("end %s -> %s"), a, b);
        return;
    case EVENT_CHANGE_TIME_ZONE:
        snprintf(out, cap, _("time zone %s -> %s"), a, b);
        return;
    case EVENT_CHANGE_LABEL:
        snprintf(out, cap, _("label \"%s\" -> \"%s\""), a, b);
        return;
    case EVENT_CHANGE_COLOUR:
        snprintf(out, cap, _("colour %s -> %s"), a, b);
        return;
    case EVENT_CHANGE_TITLE:
        snprintf(out, cap,
                 quoted ? _("title \"%s\" -> \"%s\"") : _("title %s -> %s"),
                 or_none(a), or_none(b));
        return;
    case EVENT_CHANGE_ROOM:
        snprintf(out, cap, _("room %s -> %s"), or_none(a), or_none(b));
        return;
    case EVENT_CHANGE_CAPACITY:
        snprintf(out, cap, _("capacity %s -> %s"), or_none(a), or_none(b));
        return;
    case EVENT_CHANGE_DAYS:
        snprintf(out, cap, _("days %s -> %s"), a ? a : _("(every day)"),
                 b ? b : _("(every day)"));
        return;
    case EVENT_CHANGE_VALUE:
        /* untranslated: an arrow between two values. */
        snprintf(out, cap, "%s -> %s", or_none(a), or_none(b));
        return;
    case EVENT_CHANGE_ONCE:
    case EVENT_CHANGE_EXITS:
    case EVENT_CHANGE_WHO:
    case EVENT_CHANGE_HOURS:
    case EVENT_CHANGE_SHOW:
    case EVENT_CHANGE_STOCK: {
        /* untranslated: a [list]'s keys, as the description writes them. */
        static const char *const KEY[] = {"once",  "exits", "who",
                                          "hours", "show",  "stock"};
        /* untranslated: the key, then an arrow between two values. */
        snprintf(out, cap, "%s %s -> %s", KEY[c->what - EVENT_CHANGE_ONCE],
                 or_none(a), or_none(b));
        return;
    }
    case EVENT_CHANGE_ADDED:
        snprintf(out, cap, "%s", C_("event change", "added"));
        return;
    case EVENT_CHANGE_REMOVED:
        snprintf(out, cap, "%s", C_("event change", "removed"));
        return;
    case EVENT_CHANGE_TEXT:
        snprintf(out, cap, "%s", _("text changed"));
        return;
    case EVENT_CHANGE_LANGUAGES:
        snprintf(out, cap, "%s", _("languages changed"));
        return;
    case EVENT_CHANGE_NEW_TICKET_TYPE:
        /* TRANSLATORS: a new ticket type's label and colour. */
        snprintf(out, cap, _("\"%s\", %s"), a, b);
        return;
    case EVENT_CHANGE_NEW_SPONSOR:
        /* TRANSLATORS: a new sponsor's name. */
        snprintf(out, cap, _("\"%s\""), a);
        return;
    case EVENT_CHANGE_NEW_TUTORIAL:
        /* TRANSLATORS: a new tutorial's title, room, start, end and
         * seats ("Hall B, 2027-05-12 09:00 to 12:30, 40 seats"). */
        snprintf(out, cap,
                 ngettext("\"%s\" in %s, %s to %s, %lld seat",
                          "\"%s\" in %s, %s to %s, %lld seats",
                          (unsigned long)c->n),
                 a, b, c->v[2], c->v[3], c->n);
        return;
    case EVENT_CHANGE_MAPPED:
        mapped_to(b, c->n & 2, y, sizeof(y));
        /* TRANSLATORS: an item newly mapped to a ticket type or
         * tutorial ("now ticket type individual"). */
        snprintf(out, cap, _("now %s"), y);
        return;
    case EVENT_CHANGE_UNMAPPED:
        mapped_to(a, c->n & 1, x, sizeof(x));
        snprintf(out, cap, _("no longer mapped (was %s)"), x);
        return;
    case EVENT_CHANGE_REMAPPED:
        mapped_to(a, c->n & 1, x, sizeof(x));
        mapped_to(b, c->n & 2, y, sizeof(y));
        /* untranslated: an arrow between two sentences said above. */
        snprintf(out, cap, "%s -> %s", x, y);
        return;
    }
    snprintf(out, cap, "?");
}

void report_event_line(const struct event_update_line *l, FILE *out)
{
    event_line_heading(l, out);
    for (size_t i = 0; i < l->n; i++) {
        char words[2048];
        event_change_words(l, &l->changes[i], words, sizeof(words));
        /* untranslated: the changes of a line, one after the other. */
        fprintf(out, "%s %s", i ? ";" : "", words);
    }
    fputc('\n', out);
}

int report_event_update(store *s, const char *ini, FILE *out, FILE *msgs,
                        size_t *changes, struct ck_error *err)
{
    *changes = 0;
    struct event_update_report rep;
    struct report_overbooked before;
    report_overbooked_take(s, &before);
    int code = event_update(s, ini, &rep, err);
    if (!code) {
        for (size_t i = 0; i < rep.n; i++)
            report_event_line(&rep.lines[i], out);
        if (rep.n == 0)
            fprintf(out, _("Nothing changed.\n"));
        *changes = rep.n;
    }
    if (!code && rep.n > 0)
        report_warn_after_change(s, &before, msgs);
    if (before.have)
        store_stats_free(&before.t);
    if (!code)
        event_update_report_free(&rep);
    return code;
}

int report_event_file(const char *db, const char *ini, const char *const *add,
                      size_t nadd, const char *const *remove, size_t nremove,
                      int (*read_pin)(const char *name, char *pin,
                                      struct ck_error *err),
                      FILE *out, FILE *msgs, size_t *changes,
                      struct ck_error *err)
{
    *changes = 0;
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    code = supervisor_apply(s, add, nadd, remove, nremove, read_pin, out, err);
    if (!code && ini)
        code = report_event_update(s, ini, out, msgs, changes, err);
    store_close(s);
    return code;
}

/* A station file's counts as merged: each count its own clause with its
 * plural form, joined in the order the catalogue gives. */
static void merge_counts_line(FILE *out, const char *file, long scans,
                              long known, long leads, long updated)
{
    char a[96], b[96], c[96], d[96];
    snprintf(a, sizeof(a),
             ngettext("%ld new scan", "%ld new scans", (unsigned long)scans),
             scans);
    snprintf(b, sizeof(b),
             ngettext("%ld already merged", "%ld already merged",
                      (unsigned long)known),
             known);
    snprintf(c, sizeof(c),
             ngettext("%ld new lead", "%ld new leads", (unsigned long)leads),
             leads);
    snprintf(d, sizeof(d),
             ngettext("%ld lead updated", "%ld leads updated",
                      (unsigned long)updated),
             updated);
    /* TRANSLATORS: a station's file, then its new scans, the scans already
     * merged, its new leads and its leads updated, each a clause said
     * with its own plural form; reorder them with %2$s ... if needed. */
    fprintf(out, _("%s: %s, %s, %s, %s\n"), file, a, b, c, d);
}

int report_merge(store *s, const char *const *files, size_t n, FILE *out,
                 struct ck_error *err)
{
    struct merge_report r;
    memset(&r, 0, sizeof(r));
    int code = CK_OK;
    for (size_t i = 0; i < n && !code; i++) {
        struct merge_report before = r;
        code = merge_station(s, files[i], &r, err);
        if (code)
            break;
        merge_counts_line(out, files[i], r.scans_added - before.scans_added,
                          r.scans_known - before.scans_known,
                          r.leads_added - before.leads_added,
                          r.leads_updated - before.leads_updated);
        long regs = r.registrations_added - before.registrations_added;
        if (regs)
            fprintf(out,
                    ngettext("%s: %ld new walk-in or edit made at desks\n",
                             "%s: %ld new walk-ins and edits made at desks\n",
                             (unsigned long)regs),
                    files[i], regs);
        long acts = r.auction_added - before.auction_added;
        if (acts)
            fprintf(out,
                    ngettext("%s: %ld new auction paddle, win or settlement\n",
                             "%s: %ld new auction paddles, wins and "
                             "settlements\n",
                             (unsigned long)acts),
                    files[i], acts);
        long unmade = r.registrations_left_out - before.registrations_left_out;
        if (unmade)
            fprintf(out,
                    ngettext("%s: %ld walk-in not added: %s\n",
                             "%s: %ld walk-ins not added: %s\n",
                             (unsigned long)unmade),
                    files[i], unmade, r.registrations_why);
        long big = r.rows_oversized - before.rows_oversized;
        long other = r.rows_other_role - before.rows_other_role;
        if (big)
            fprintf(out,
                    ngettext("%s: %ld row was left out because a field is "
                             "longer than checkin's stations ever write (a "
                             "note over 500 bytes, a code over 8 KiB, a bad "
                             "station name); the file was changed outside "
                             "checkin.\n",
                             "%s: %ld rows were left out because a field is "
                             "longer than checkin's stations ever write (a "
                             "note over 500 bytes, a code over 8 KiB, a bad "
                             "station name); the file was changed outside "
                             "checkin.\n",
                             (unsigned long)big),
                    files[i], big);
        if (other)
            fprintf(out,
                    ngettext("%s: %ld row was left out because a sponsor's "
                             "station records only its own sponsor's leads; "
                             "the file was changed outside checkin.\n",
                             "%s: %ld rows were left out because a sponsor's "
                             "station records only its own sponsor's leads; "
                             "the file was changed outside checkin.\n",
                             (unsigned long)other),
                    files[i], other);
    }
    if (!code) {
        if (r.scans_conflicting)
            fprintf(out,
                    ngettext("%ld scan had the same station run and number "
                             "as a different scan already merged, so one of "
                             "the files was changed outside checkin (the "
                             "first was kept).\n",
                             "%ld scans had the same station run and number "
                             "as a different scan already merged, so one of "
                             "the files was changed outside checkin (the "
                             "first was kept).\n",
                             (unsigned long)r.scans_conflicting),
                    r.scans_conflicting);
        if (r.ndups)
            fprintf(out, _("Checked in at more than one desk (%zu):\n"),
                    r.ndups);
        /* Ticket ids and names come from files: drawn as text only. */
        for (size_t i = 0; i < r.ndups; i++) {
            char id[256], name[1024], stations[1024];
            text_for_terminal(r.dups[i].ticket_id, strlen(r.dups[i].ticket_id),
                              id, sizeof(id));
            text_for_terminal(r.dups[i].badge_name,
                              strlen(r.dups[i].badge_name), name, sizeof(name));
            text_for_terminal(r.dups[i].stations, strlen(r.dups[i].stations),
                              stations, sizeof(stations));
            fprintf(out, _("  %s %s: %ld check-ins at %s\n"), id, name,
                    r.dups[i].admits, stations);
        }
    }
    merge_report_free(&r);
    return code;
}

/* ---- a code checked ---- */

static void hex(const uint8_t *b, size_t n, char *out)
{
    static const char digits[] = "0123456789abcdef";
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = digits[b[i] >> 4];
        out[2 * i + 1] = digits[b[i] & 15];
    }
    out[2 * n] = '\0';
}

void report_verdict(FILE *out, const struct verdict *vd, bool json)
{
    if (json) {
        json_t *o = json_pack("{s:b, s:s, s:s, s:s}", "valid", vd->valid,
                              "reason", badge_reason_name(vd->reason),
                              "message", badge_reason_str(vd->reason), "kind",
                              !vd->is_badge                     ? "secret"
                              : vd->kind == BADGE_KIND_TUTORIAL ? "tutorial"
                                                                : "badge");
        if (o && vd->attendee_id) {
            json_object_set_new(o, "ticket_id", json_string(vd->ticket_id));
            json_object_set_new(o, "badge_name", json_string(vd->badge_name));
            json_object_set_new(o, "ticket_type", json_string(vd->ticket_type));
            json_object_set_new(o, "order_status",
                                json_string(order_status_str(vd->status)));
        }
        if (o && vd->is_badge && vd->issue) {
            char id[2 * BADGE_ID_BYTES + 1];
            hex(vd->badge_id, BADGE_ID_BYTES, id);
            json_object_set_new(o, "badge_id", json_string(id));
            json_object_set_new(o, "issue", json_integer(vd->issue));
            if (vd->tutorial[0])
                json_object_set_new(o, "tutorial", json_string(vd->tutorial));
        }
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (text)
            fprintf(out, "%s\n", text);
        free(text);
        json_decref(o);
    } else if (vd->valid) {
        if (vd->tutorial[0])
            fprintf(out, _("VALID: %s (%s), tutorial %s\n"), vd->badge_name,
                    vd->ticket_type, vd->tutorial);
        else
            fprintf(out, _("VALID: %s (%s)\n"), vd->badge_name,
                    vd->ticket_type);
    } else {
        struct ck_error why;
        char said[512];
        (void)badge_reason_fail(vd->reason, &why);
        ck_error_say(&why, said, sizeof(said));
        fprintf(out, _("NOT VALID (%s): %s"), badge_reason_name(vd->reason),
                said);
        if (vd->attendee_id)
            fprintf(out, " [%s, %s]", vd->badge_name,
                    order_status_word(order_status_str(vd->status)));
        fputc('\n', out);
    }
}

/* ---- badges not printed ---- */

/* `s` (marked with N_()) in the language spoken, or in English for the
 * JSON's "note", which stays as it was in every language. */
__attribute__((format_arg(2))) static const char *say(bool english,
                                                      const char *s)
{
    return english ? s : gettext(s);
}

/* A failed badge job's stored sentence as the reader reads it: in the
 * language spoken when the job kept what it was made of (local schema
 * 28), else, and for the JSON (`english`), its English. */
static const char *failure_said(const struct no_badge *nb, bool english,
                                char *buf, size_t cap)
{
    if (english || !nb->error_kept)
        return nb->error;
    struct ck_error e;
    ck_error_unkeep(&e, CK_EDEVICE, nb->error, nb->error_kept);
    return ck_error_text(&e, buf, cap);
}

/* What became of the badge, as a volunteer can act on it; `path` is the
 * file the list was read from, for the command that prints the badge;
 * in English for the JSON (`english`).  A desk's job, as the hub holds
 * it, is "the desk's badge job": its number is that desk's. */
static void badge_text(const struct no_badge *nb, const char *path,
                       bool english, char *out, size_t cap)
{
    if (!nb->has_job) {
        snprintf(out, cap,
                 say(english,
                     N_("no badge job; print it with 'checkin print %s %s'")),
                 path, nb->ticket_id);
        return;
    }
    bool desk = nb->at_desk;
    long long id = (long long)nb->job_id;
    switch (nb->state) {
    case JOB_QUEUED:
        /* A desk prints the jobs of the printer it runs with: one queued
         * for an earlier --printer waits for that printer, never for the
         * one the desk has now (issue 50). */
        if (nb->moved_to)
            snprintf(out, cap,
                     desk ? say(english,
                                N_("the desk's badge job %lld queued for %s, "
                                   "which the desk no longer prints to (its "
                                   "later labels went to %s), so it does not "
                                   "print; print it with 'checkin print %s "
                                   "%s'"))
                          : say(english,
                                N_("badge job %lld queued for %s, which the "
                                   "desk no longer prints to (its later "
                                   "labels went to %s), so it does not print; "
                                   "print it with 'checkin print %s %s'")),
                     id, nb->printer, nb->moved_to, path, nb->ticket_id);
        else if (nb->printer)
            snprintf(out, cap,
                     desk ? say(english,
                                N_("the desk's badge job %lld queued for %s, "
                                   "not printed yet; it prints when the desk "
                                   "runs with that printer"))
                          : say(english,
                                N_("badge job %lld queued for %s, not printed "
                                   "yet; it prints when the desk runs with "
                                   "that printer")),
                     id, nb->printer);
        else
            snprintf(out, cap,
                     desk ? say(english,
                                N_("the desk's badge job %lld queued, not "
                                   "printed yet; it prints when that desk's "
                                   "printer runs"))
                          : say(english,
                                N_("badge job %lld queued, not printed yet; it "
                                   "prints when that desk's printer runs")),
                     id);
        break;
    case JOB_SENT:
        snprintf(out, cap,
                 desk ? say(english,
                            N_("the desk's badge job %lld sent, never "
                               "confirmed printed; check the label came out, "
                               "else reprint it with a reason"))
                      : say(english,
                            N_("badge job %lld sent, never confirmed printed; "
                               "check the label came out, else reprint it "
                               "with a reason")),
                 id);
        break;
    case JOB_FAILED:
        if (nb->error) {
            char said[2 * sizeof(((struct ck_error *)0)->msg)];
            snprintf(
                out, cap,
                desk ? say(english, N_("the desk's badge job %lld failed: %s"))
                     : say(english, N_("badge job %lld failed: %s")),
                id, failure_said(nb, english, said, sizeof(said)));
        } else
            snprintf(out, cap,
                     desk ? say(english, N_("the desk's badge job %lld failed: "
                                            "no reason recorded"))
                          : say(english, N_("badge job %lld failed: no reason "
                                            "recorded")),
                     id);
        break;
    case JOB_PRINTED:
        snprintf(out, cap,
                 desk ? say(english, N_("the desk's badge job %lld printed"))
                      : say(english, N_("badge job %lld printed")),
                 id);
        break;
    }
}

int report_no_badge(store *s, bool json, FILE *out, FILE *msgs,
                    struct ck_error *err)
{
    char tz[64];
    struct no_badge_list l = {0};
    int code = store_event_timezone(s, tz, sizeof(tz), err);
    if (!code)
        code = jobs_without_printed_badge(s, &l, err);
    if (code)
        return code;
    for (size_t i = 0; i < l.n; i++) {
        const struct no_badge *nb = &l.items[i];
        char when[32];
        if (event_utc_to_local(nb->at_ms / 1000, tz, when, sizeof(when)) != 0)
            snprintf(when, sizeof(when), "?");
        char badge[1200];
        badge_text(nb, store_path(s), json, badge, sizeof(badge));
        if (!json) {
            char w[64];
            if (i18n_local_time(nb->at_ms / 1000, tz, I18N_DAY_MONTH, w,
                                sizeof(w)))
                snprintf(w, sizeof(w), "%s", when);
            fprintf(out, _("%s (ticket %s): checked in %s at %s; %s.\n"),
                    nb->badge_name, nb->ticket_id, w, nb->station, badge);
            continue;
        }
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:I, s:s?, s:s}", "ticket_id", nb->ticket_id,
            "badge_name", nb->badge_name, "checked_in_at", when, "station",
            nb->station, "at_ms", (json_int_t)nb->at_ms, "badge_job",
            nb->has_job ? job_state_str(nb->state) : NULL, "note", badge);
        char *text = o ? json_dumps(o, JSON_COMPACT) : NULL;
        if (text)
            fprintf(out, "%s\n", text);
        free(text);
        json_decref(o);
    }
    if (!json && l.n)
        fprintf(msgs,
                ngettext("%zu checked in at a desk without a printed badge.\n",
                         "%zu checked in at a desk without a printed "
                         "badge.\n",
                         l.n),
                l.n);
    else if (!json)
        fputs(_("Everyone checked in at a desk has a printed badge.\n"), msgs);
    /* A station's file: who checked in at other desks is theirs to list. */
    if (!json && l.others)
        fprintf(msgs,
                _("%zu checked in at other desks are left out: their badges "
                  "are those desks' jobs, which this file does not hold; run "
                  "this on the organizer's file to see every desk's.\n"),
                l.others);
    no_badge_list_free(&l);
    return CK_OK;
}

/* ---- a code issued ---- */

int report_issue(store *s, const char *db, const char *who_text,
                 const char *tutorial, const char *key_path, bool renew,
                 FILE *out, FILE *msgs, struct ck_error *err)
{
    struct attendee_list who = {0};
    struct badge_key key;
    char text[BADGE_TEXT_CAP];
    int64_t tutorial_id = 0;
    int code = store_attendee_find_one(s, who_text, &who, err);
    if (!code && tutorial)
        code = store_tutorial_id(s, tutorial, &tutorial_id, err);
    if (!code)
        code = credential_load_desk_key(s, db, key_path, &key, err);
    int before = 0, after = 0;
    if (!code)
        code = credential_newest_issue(s, who.items[0].id, tutorial_id, &before,
                                       err);
    if (!code) {
        code = renew ? credential_issue(s, &key, who.items[0].id, tutorial_id,
                                        text, err)
                     : credential_current(s, &key, who.items[0].id, tutorial_id,
                                          text, err);
        badge_key_wipe(&key);
    }
    if (!code)
        code = credential_newest_issue(s, who.items[0].id, tutorial_id, &after,
                                       err);
    if (!code) {
        fprintf(out, "%s\n", text);
        /* A code that stops admitting is said, never done silently. */
        if (after > before && before > 0)
            fprintf(msgs,
                    _("This is code number %d for %s; it replaces number %d, "
                      "which no longer admits: give them the new one.\n"),
                    after, who.items[0].badge_name, before);
    }
    attendee_list_free(&who);
    return code;
}

int report_verify(const char *db, const char *payload, bool json, FILE *out,
                  bool *valid, struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING | STORE_READONLY, &s, err);
    if (code)
        return code;
    verifier *v;
    struct verdict vd;
    code = verifier_new(s, &v, err);
    if (!code)
        code = verifier_check(v, (const uint8_t *)payload, strlen(payload), &vd,
                              err);
    verifier_free(v);
    store_close(s);
    if (code)
        return code;
    report_verdict(out, &vd, json);
    *valid = vd.valid;
    return CK_OK;
}
