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

/* ---- a row's refusal or warning (issue 53) ---- */

#define SAY(...) snprintf(out, cap, __VA_ARGS__)
#define Q(s) ((s) ? (s) : "")

/* A count's noun phrases, for the sentences that give two counts. */
static void positions_phrase(const struct import_note *w, char *out, size_t cap)
{
    if (w->k)
        SAY(ngettext("%lld add-on", "%lld add-ons", (unsigned long)w->n), w->n);
    else
        SAY(ngettext("%lld position", "%lld positions", (unsigned long)w->n),
            w->n);
}

/* An unmapped pretix item's sentence: refused when it admits people,
 * else left out. */
static void item_text(const struct import_note *w, char *out, size_t cap)
{
    char pos[64], orders[64];
    positions_phrase(w, pos, sizeof(pos));
    snprintf(orders, sizeof(orders),
             ngettext("%lld order", "%lld orders", (unsigned long)w->m), w->m);
    /* untranslated: a list's ellipsis, after the example orders. */
    const char *more = w->flag ? ", ..." : "";
    if (w->why == IMPORT_ITEM_NOT_LISTED)
        /* TRANSLATORS: a pretix item (its id and name), how many
         * positions ("3 positions") in how many orders ("2 orders"),
         * example order codes. */
        SAY(_("item %s (%s) admits people but no [ticket-type] lists it in "
              "pretix-items: %s in %s, e.g. %s%s; add it to the event "
              "description and import again"),
            Q(w->value), Q(w->other), pos, orders, Q(w->extra), more);
    else
        /* TRANSLATORS: a pretix item (its id and name), how many
         * positions or add-ons ("6 add-ons") in how many orders, example
         * order codes, the item's id again. */
        SAY(ngettext("item %s (%s) is not mapped, so its %s in %s (e.g. "
                     "%s%s) is left out; if it is a tutorial, give its "
                     "[tutorial] section pretix-item = %s, and if it is "
                     "handed over or admits to a room, a [list] section",
                     "item %s (%s) is not mapped, so its %s in %s (e.g. "
                     "%s%s) are left out; if it is a tutorial, give its "
                     "[tutorial] section pretix-item = %s, and if it is "
                     "handed over or admits to a room, a [list] section",
                     (unsigned long)w->n),
            Q(w->value), Q(w->other), pos, orders, Q(w->extra), more,
            Q(w->value));
}

/* A new registration this file cannot add: the columns it lacks. */
static void needs_text(const struct import_note *w, char *out, size_t cap)
{
    if (w->other && *w->other && w->flag)
        /* TRANSLATORS: a ticket id, then column names ("order_code,
         * status"). */
        SAY(_("ticket %.40s is not in the event yet, and this file cannot "
              "add it: a new registration needs %s and a name (given_name, "
              "family_name or badge_name) too; import it from a file with "
              "those columns (the registration system's full export)"),
            Q(w->value), w->other);
    else if (w->other && *w->other)
        SAY(_("ticket %.40s is not in the event yet, and this file cannot "
              "add it: a new registration needs %s too; import it from a "
              "file with those columns (the registration system's full "
              "export)"),
            Q(w->value), w->other);
    else
        SAY(_("ticket %.40s is not in the event yet, and this file cannot "
              "add it: a new registration needs a name (given_name, "
              "family_name or badge_name) too; import it from a file with "
              "those columns (the registration system's full export)"),
            Q(w->value));
}

/* The refusals of one row's values (import_row.c). */
static bool value_refusal(const struct import_note *w, char *out, size_t cap)
{
    switch (w->why) {
    case IMPORT_NOT_UTF8:
        /* TRANSLATORS: %s is a column's name (email, order_code). */
        SAY(_("%s is not valid UTF-8; save the file as UTF-8 and import "
              "again"),
            Q(w->field));
        return true;
    case IMPORT_CONTROL_CHARS:
        SAY(_("%s contains control or text-direction override characters; "
              "remove them"),
            Q(w->field));
        return true;
    case IMPORT_FIELD_TOO_LONG:
        SAY(ngettext("%s is longer than %lld character; shorten it",
                     "%s is longer than %lld characters; shorten it",
                     (unsigned long)w->n),
            Q(w->field), w->n);
        return true;
    case IMPORT_SECRET_BAD:
        SAY(_("secret '%.40s' must be 4-%lld letters, digits or -_.:+/=; "
              "correct it in the file"),
            Q(w->value), w->n);
        return true;
    case IMPORT_SECRETS_MANY:
        SAY(ngettext("more than %lld secret in one row; remove the extra ones",
                     "more than %lld secrets in one row; remove the extra ones",
                     (unsigned long)w->n),
            w->n);
        return true;
    case IMPORT_SECRET_EMPTY:
        SAY("%s", _("secret is empty; give the code from the attendee's "
                    "confirmation"));
        return true;
    case IMPORT_TICKET_EMPTY:
        SAY("%s", _("ticket_id is empty; every row needs the registration "
                    "system's ticket id"));
        return true;
    case IMPORT_ORDER_CODE_EMPTY:
        SAY("%s", _("order_code is empty; give the order code"));
        return true;
    case IMPORT_STATUS_BAD:
        SAY(_("status '%.40s' is not paid, pending, cancelled or refunded; "
              "write one of those"),
            Q(w->value));
        return true;
    case IMPORT_TYPE_UNKNOWN:
        SAY(_("unknown ticket type '%.60s'; use a slug from the event "
              "description's [ticket-type] sections"),
            Q(w->value));
        return true;
    case IMPORT_EMAIL_BAD:
        SAY(_("email '%.80s' is not an email address; correct it or leave "
              "the cell empty"),
            Q(w->value));
        return true;
    case IMPORT_CONSENT_BAD:
        SAY(_("sponsor_consent '%.20s' must be yes or no; write one of "
              "those"),
            Q(w->value));
        return true;
    default:
        return false;
    }
}

/* The refusals of a row as a whole: its ticket, its codes, its shape. */
static bool row_refusal(const struct import_note *w, char *out, size_t cap)
{
    switch (w->why) {
    case IMPORT_SECRET_TAKEN:
        SAY(_("secret '%.40s' already belongs to ticket %.40s; each secret "
              "must be unique"),
            Q(w->value), Q(w->other));
        return true;
    case IMPORT_POSITION_TWICE:
        SAY(_("position id %.40s appears twice in this export; export the "
              "order data from pretix again"),
            Q(w->value));
        return true;
    case IMPORT_TICKET_TWICE:
        SAY(_("ticket_id %.40s appears twice in this file (first on line "
              "%lld); keep one row per ticket"),
            Q(w->value), w->n);
        return true;
    case IMPORT_NEW_NEEDS_COLUMNS:
        needs_text(w, out, cap);
        return true;
    case IMPORT_CANCEL_NEEDS_SECRET:
        /* TRANSLATORS: a ticket id, then the status the file gives it
         * (paid, pending), as the file writes it. */
        SAY(_("ticket %.40s is cancelled, and a file that makes it %s must "
              "have the secret column, so that only its current code "
              "admits; add the column"),
            Q(w->value), Q(w->other));
        return true;
    case IMPORT_FIELDS_COUNT:
        if (w->flag)
            SAY(ngettext("has over %lld field but the header has %lld; "
                         "check the commas and quotes",
                         "has over %lld fields but the header has %lld; "
                         "check the commas and quotes",
                         (unsigned long)w->n),
                w->n, w->m);
        else
            SAY(ngettext("has %lld field but the header has %lld; check the "
                         "commas and quotes",
                         "has %lld fields but the header has %lld; check the "
                         "commas and quotes",
                         (unsigned long)w->n),
                w->n, w->m);
        return true;
    case IMPORT_NUL_BYTE:
        SAY("%s", _("contains a NUL byte; this is not a text CSV file: "
                    "export it as CSV again"));
        return true;
    case IMPORT_DESK_TICKET:
        /* TRANSLATORS: a ticket id, then the prefix ("ck:") of the ids a
         * desk gives. */
        SAY(_("ticket_id %.40s begins with '%s', which marks a walk-in "
              "registered at a checkin desk; give the registration system's "
              "own ticket id"),
            Q(w->value), Q(w->other));
        return true;
    case IMPORT_ORDER_EMPTY:
        SAY("%s", _("an order has no code or no positions; re-export the "
                    "order data from pretix"));
        return true;
    case IMPORT_ITEM_NOT_LISTED:
    case IMPORT_ITEM_NOT_MAPPED:
        item_text(w, out, cap);
        return true;
    default:
        return false;
    }
}

/* The warnings of a pretix export: its items, lists and add-ons. */
static bool pretix_warning(const struct import_note *w, char *out, size_t cap)
{
    switch (w->why) {
    case IMPORT_TIME_BAD:
        /* TRANSLATORS: valid_from or valid_until, then the value. */
        SAY(_("%s '%.40s' is not an ISO 8601 time, so the ticket is kept "
              "without that bound; export the order data from pretix again"),
            Q(w->field), Q(w->value));
        return true;
    case IMPORT_ADDON_CODE_BAD:
        SAY(_("an add-on's code '%.40s' is not 4-128 letters, digits or "
              "-_.:+/=, so it is left out; the person's ticket admits them, "
              "or re-export from pretix"),
            Q(w->value));
        return true;
    case IMPORT_LIST_NO_ITEM:
        /* TRANSLATORS: a list's slug, a pretix item's id, the slug
         * again. */
        SAY(_("list %s names pretix item %s, which this export does not "
              "have; fix pretix-item in [list %s] and run 'checkin event'"),
            Q(w->field), Q(w->value), Q(w->field));
        return true;
    case IMPORT_LIST_NO_VARIATION:
        /* TRANSLATORS: a list's slug, a variation's id, a pretix item's
         * id, the slug again. */
        SAY(_("list %s names variation %s of pretix item %s, which has no "
              "such variation; fix pretix-item in [list %s] and run "
              "'checkin event'"),
            Q(w->field), Q(w->other), Q(w->value), Q(w->field));
        return true;
    case IMPORT_STOCK_NO_VARIATION:
        /* TRANSLATORS: a list's slug, a variation's name, pretix items'
         * ids ("302, 303"), the variation again, the slug again. */
        SAY(_("list %s: stock names %s, but item %s has no variation %s in "
              "this export; fix stock in [list %s] and run 'checkin event'"),
            Q(w->field), Q(w->other), Q(w->value), Q(w->other), Q(w->field));
        return true;
    case IMPORT_ADDON_TUTORIALS_MANY:
        SAY(ngettext("more than %lld tutorial; the rest left out",
                     "more than %lld tutorials; the rest left out",
                     (unsigned long)w->n),
            w->n);
        return true;
    case IMPORT_EXPORT_OLDER:
        /* TRANSLATORS: two times as the exports write them. */
        SAY(_("this export is older than the one imported last (its newest "
              "order placed at %s, the last export's at %.40s); imported "
              "anyway, as --force asks"),
            Q(w->value), Q(w->other));
        return true;
    default:
        return false;
    }
}

/* The warnings of one row's values (import_row.c, import_csv.c). */
static bool value_warning(const struct import_note *w, char *out, size_t cap)
{
    switch (w->why) {
    case IMPORT_LOCALE_BAD:
        SAY(_("locale '%.40s' is not a language tag such as de, pt-BR or "
              "ja_JP.UTF-8, so this person is stored without a language and "
              "gets the station's; fix the cell and import again"),
            Q(w->value));
        return true;
    case IMPORT_LOCALE_UNTRANSLATED:
        SAY(_("checkin has no translation for locale '%.40s', so a kiosk "
              "greets this person in the station's language "
              "(docs/translating.md says how to add one)"),
            Q(w->value));
        return true;
    case IMPORT_TUTORIAL_UNKNOWN:
        SAY(_("unknown tutorial '%.60s' left out; add [tutorial %.60s] to "
              "the event description and import again"),
            Q(w->value), Q(w->value));
        return true;
    case IMPORT_TUTORIALS_MANY:
        SAY(ngettext("more than %lld tutorial; '%.60s' and the rest left out",
                     "more than %lld tutorials; '%.60s' and the rest left out",
                     (unsigned long)w->n),
            w->n, Q(w->value));
        return true;
    case IMPORT_BADGE_CUT:
        SAY(ngettext("the name is %lld character long; the badge shows \"%s\" "
                     "and the whole name stays searchable",
                     "the name is %lld characters long; the badge shows "
                     "\"%s\" and the whole name stays searchable",
                     (unsigned long)w->n),
            w->n, Q(w->value));
        return true;
    case IMPORT_NO_NAME:
        SAY("%s", _("there is no name; the registration is stored and found "
                    "by order code or email, and its badge prints without a "
                    "name until one is added to the order"));
        return true;
    default:
        return false;
    }
}

/* The warnings of a name-like field cleaned or cut (import_row.c). */
static bool name_warning(const struct import_note *w, char *out, size_t cap)
{
    unsigned long n = (unsigned long)w->n;
    switch (w->why) {
    case IMPORT_BYTES_CUT:
        /* TRANSLATORS: a column's name, its length, the length kept. */
        SAY(ngettext("%s was %lld byte long; kept the first %lld",
                     "%s was %lld bytes long; kept the first %lld", n),
            Q(w->field), w->n, w->m);
        return true;
    case IMPORT_CHARS_CUT:
        SAY(ngettext("%s was %lld character long; kept the first %lld",
                     "%s was %lld characters long; kept the first %lld", n),
            Q(w->field), w->n, w->m);
        return true;
    case IMPORT_ESCAPES_REMOVED:
        if (w->flag)
            SAY(ngettext("%lld terminal escape sequence (such as \"ESC "
                         "[31m\") and other control characters removed from "
                         "%s (now \"%.60s\")",
                         "%lld terminal escape sequences (such as \"ESC "
                         "[31m\") and other control characters removed from "
                         "%s (now \"%.60s\")",
                         n),
                w->n, Q(w->field), Q(w->value));
        else
            SAY(ngettext("%lld terminal escape sequence (such as \"ESC "
                         "[31m\") removed from %s (now \"%.60s\")",
                         "%lld terminal escape sequences (such as \"ESC "
                         "[31m\") removed from %s (now \"%.60s\")",
                         n),
                w->n, Q(w->field), Q(w->value));
        return true;
    case IMPORT_CONTROLS_REMOVED:
        SAY(ngettext("%lld control, text-direction or non-UTF-8 character "
                     "removed from %s (now \"%.60s\")",
                     "%lld control, text-direction or non-UTF-8 characters "
                     "removed from %s (now \"%.60s\")",
                     n),
            w->n, Q(w->field), Q(w->value));
        return true;
    default:
        return false;
    }
}

/* The sentences whose subject is the position itself. */
static bool place_subject(const struct import_note *w, const char *place,
                          char *out, size_t cap)
{
    switch (w->why) {
    case IMPORT_NO_ITEM:
        /* TRANSLATORS: %s is a position: "order ABC12, position 1
         * (ticket 5001)". */
        SAY(_("%s has no item; re-export the order data from pretix"), place);
        return true;
    case IMPORT_NAME_FROM_ORDER:
        SAY(_("%s has no attendee name; the badge uses \"%.60s\", the "
              "order's name"),
            place, Q(w->value));
        return true;
    case IMPORT_ADDON_CODES_MANY:
        SAY(ngettext("%s has more than %lld code with its add-ons; add-on "
                     "code '%.40s' is left out, and the person's ticket "
                     "admits them",
                     "%s has more than %lld codes with its add-ons; add-on "
                     "code '%.40s' is left out, and the person's ticket "
                     "admits them",
                     (unsigned long)w->n),
            place, w->n, Q(w->value));
        return true;
    default:
        return false;
    }
}

const char *import_note_text(const struct import_note *why, char *out,
                             size_t cap)
{
    char place[128] = "", text[1024];
    if (why->place)
        /* TRANSLATORS: where a pretix position is: its order's code, its
         * number in the order and its ticket id. */
        snprintf(place, sizeof(place),
                 _("order %.20s, position %lld (ticket %.20s)"),
                 Q(why->place->order), why->place->position,
                 why->place->ticket ? why->place->ticket : "?");
    if (place_subject(why, place, out, cap))
        return out;
    if (!value_refusal(why, text, sizeof(text)) &&
        !row_refusal(why, text, sizeof(text)) &&
        !pretix_warning(why, text, sizeof(text)) &&
        !value_warning(why, text, sizeof(text)) &&
        !name_warning(why, text, sizeof(text)))
        /* untranslated: a code no sentence knows yet, for programs. */
        snprintf(text, sizeof(text), "%s", import_why_name(why->why));
    if (place[0])
        /* untranslated: a place and its sentence. */
        snprintf(out, cap, "%s: %s", place, text);
    else
        snprintf(out, cap, "%s", text);
    return out;
}

#undef SAY
#undef Q

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
                      const struct import_note *why)
{
    struct import_ui *ui = ctx;
    if (++ui->rejects > IMPORT_MESSAGES_SHOWN)
        return;
    progress_end(&ui->bar);
    char reason[1200];
    import_note_text(why, reason, sizeof(reason));
    if (line > 0)
        fprintf(ui->msgs, "%s:%ld: %s.\n", file, line, reason);
    else
        fprintf(ui->msgs, "%s: %s.\n", file, reason);
}

static void on_warn(void *ctx, const char *file, long line,
                    const struct import_note *why)
{
    struct import_ui *ui = ctx;
    if (++ui->warns > IMPORT_MESSAGES_SHOWN)
        return;
    progress_end(&ui->bar);
    char text[1200];
    import_note_text(why, text, sizeof(text));
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
