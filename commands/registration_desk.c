/* `checkin register` and `checkin edit` on an event file
 * (registration_desk.h): open it, ask a supervisor's PIN where the event
 * has supervisors, make the change (registration.c) and say what it did.
 * The PIN is wiped as soon as the change is made or refused. */
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/registration_desk.h"
#include "checkin/store.h"
#include "checkin/supervisor.h"

/* A supervisor's PIN into `pin` when the event has supervisors; *asked
 * says whether one was read. */
static int pin_if_supervised(store *s, registration_pin_reader read_pin,
                             char pin[SUPERVISOR_PIN_CAP], bool *asked,
                             struct ck_error *err)
{
    long n = 0;
    *asked = false;
    int code = supervisor_count(s, &n, err);
    if (code || n == 0)
        return code;
    *asked = true;
    return read_pin(pin, err);
}

int registration_desk_register(const char *db, const char *station,
                               const struct registration_walkin *w,
                               registration_pin_reader read_pin, FILE *out,
                               struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    char pin[SUPERVISOR_PIN_CAP] = "";
    bool asked = false;
    struct registration_writer wr = {.station = station,
                                     .now_ms = store_now_ms()};
    char ticket[REGISTRATION_TICKET_CAP], who[SUPERVISOR_NAME_CAP];
    if (w->comp_reason && *w->comp_reason)
        code = pin_if_supervised(s, read_pin, pin, &asked, err);
    if (!code) {
        wr.pin = asked ? pin : NULL;
        code = registration_walkin(s, &wr, w, ticket, NULL, who, err);
    }
    sodium_memzero(pin, sizeof(pin));
    store_close(s);
    if (code)
        return code;
    fprintf(out,
            /* TRANSLATORS: the name (given, a space, family), the ticket,
             * its type, "free: " and why, or "pending", or "paid", then
             * ", allowed by " and the supervisor, or nothing. */
            _("Registered %s%s%s as a walk-in: ticket %s (%s, %s%s%s%s).\n"),
            w->given_name, *w->given_name && *w->family_name ? " " : "",
            w->family_name, ticket, w->ticket_type,
            w->comp_reason ? _("free: ")
            : w->pending   ? _("pending")
                           : _("paid"),
            w->comp_reason ? w->comp_reason : "",
            *who ? _(", allowed by ") : "", who);
    fprintf(out,
            _("Next: print the badge with 'checkin print %s %s --printer "
              "URI'; it admits at every door of this file now, and at other "
              "stations once synced.\n"),
            db, ticket);
    return CK_OK;
}

int registration_desk_edit(const char *db, const char *station,
                           const char *who_arg,
                           const struct registration_edit *edits, size_t n,
                           registration_pin_reader read_pin, FILE *out,
                           struct ck_error *err)
{
    store *s;
    int code = store_open(db, STORE_EXISTING, &s, err);
    if (code)
        return code;
    char pin[SUPERVISOR_PIN_CAP] = "";
    bool asked = false;
    struct registration_writer wr = {.station = station,
                                     .now_ms = store_now_ms()};
    int64_t id = 0;
    size_t changed = 0;
    char who[SUPERVISOR_NAME_CAP] = "", notes[2048] = "", tz[64] = "";
    code = registration_find(s, who_arg, &id, err);
    if (!code)
        code = pin_if_supervised(s, read_pin, pin, &asked, err);
    if (!code) {
        wr.pin = asked ? pin : NULL;
        code = registration_edit(s, &wr, id, edits, n, &changed, who, err);
    }
    sodium_memzero(pin, sizeof(pin));
    struct attendee_list l = {0};
    if (!code)
        code = store_attendee_get(s, id, &l, err);
    if (!code && store_event_timezone(s, tz, sizeof(tz), err) == CK_OK)
        code = registration_notes(s, l.items[0].ticket_id, tz, "  ", notes,
                                  sizeof(notes), err);
    store_close(s);
    if (!code)
        fprintf(out,
                /* TRANSLATORS: the count, the name, the ticket, then
                 * ", allowed by " and the supervisor or nothing, then the
                 * registration's notes, each on a line of its own. */
                ngettext("Edited %zu field of %s (ticket %s)%s%s; a "
                         "re-import keeps it until the export's value "
                         "changes.\n%s",
                         "Edited %zu fields of %s (ticket %s)%s%s; a "
                         "re-import keeps them until the export's value "
                         "changes.\n%s",
                         changed),
                changed, l.items[0].badge_name, l.items[0].ticket_id,
                *who ? _(", allowed by ") : "", who, notes);
    attendee_list_free(&l);
    return code;
}

/* ---- the notes `attendees` and `edit` print ---- */

/* The fields as a note names them ("given name: Priya, edited at ..."). */
static const char *const FIELD_WORDS[FIELD_COUNT] = {
    /* TRANSLATORS: a registration's fields, as a note names them
     * ("given name: Priya, edited at desk-2 Thu 10:14"). */
    [FIELD_GIVEN_NAME] = N_("given name"),
    [FIELD_FAMILY_NAME] = N_("family name"),
    [FIELD_BADGE_NAME] = N_("badge name"),
    [FIELD_PRONOUNS] = N_("pronouns"),
    [FIELD_COMPANY] = N_("company"),
    [FIELD_EMAIL] = N_("email"),
};

/* "Thu 10:14" in zone `tz` (UTC when the zone is unknown here), the day
 * in the language spoken. */
static void when_text(int64_t at_ms, const char *tz, char *out, size_t cap)
{
    if (i18n_local_time(at_ms / 1000, tz && *tz ? tz : "UTC", I18N_WEEKDAY, out,
                        cap) &&
        i18n_local_time(at_ms / 1000, "UTC", I18N_WEEKDAY, out, cap))
        snprintf(out, cap, "?");
}

/* The note of edit `m`, after `indent`, added to `out` (`cap` bytes). */
static void mark_note(const struct registration_mark *m, bool walkin,
                      const char *tz, const char *indent, char *out, size_t cap)
{
    char when[64];
    size_t at = strlen(out);
    when_text(m->at_ms, tz, when, sizeof(when));
    const char *field = m->field < FIELD_COUNT ? _(FIELD_WORDS[m->field]) : "";
    /* TRANSLATORS: the field, its value, the station and the time. */
    at += (size_t)snprintf(
        out + at, at < cap ? cap - at : 0, _("%s%s: %s, edited at %s %s"),
        indent, field, *m->value ? m->value : _("(none)"), m->station, when);
    if (*m->supervisor && at < cap)
        at += (size_t)snprintf(out + at, cap - at, _(" by %s"), m->supervisor);
    if (!walkin && at < cap)
        at +=
            (size_t)snprintf(out + at, cap - at, _("; the export says %s"),
                             *m->export_value ? m->export_value : _("nothing"));
    if (at < cap)
        snprintf(out + at, cap - at, "\n");
}

int registration_notes(store *s, const char *ticket_id, const char *tz,
                       const char *indent, char *out, size_t cap,
                       struct ck_error *err)
{
    out[0] = '\0';
    bool walkin;
    int64_t at_ms;
    char station[64], comp[REGISTRATION_FIELD_MAX + 1], when[64];
    struct registration_mark marks[FIELD_COUNT];
    size_t n;
    int code = registration_describe(s, ticket_id, &walkin, &at_ms, station,
                                     comp, marks, &n, err);
    if (code)
        return code;
    if (walkin) {
        when_text(at_ms, tz, when, sizeof(when));
        size_t at = (size_t)snprintf(out, cap,
                                     /* TRANSLATORS: the station, the time. */
                                     _("%sregistered at %s %s as a walk-in"),
                                     indent, station, when);
        if (*comp && at < cap)
            at += (size_t)snprintf(out + at, cap - at, _(", free (comp: %s)"),
                                   comp);
        if (at < cap)
            snprintf(out + at, cap - at, "\n");
    }
    for (size_t i = 0; i < n; i++)
        mark_note(&marks[i], walkin, tz, indent, out, cap);
    return CK_OK;
}
