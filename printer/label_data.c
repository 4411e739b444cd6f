/* Filling a label's strings from the event store (see label_data_for in
 * label.h): the attendee, their ticket type's label and colour, the event,
 * a tutorial's title, room and local time, and the signed code.  Not the
 * place for deciding who may get a badge: credential_current() refuses
 * cancelled orders and tutorials the attendee did not buy. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/auction.h"
#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/label.h"
#include "checkin/store_sql.h"
#include "checkin/tutorial.h"
#include "checkin/util.h"

#define NOWNED 12

struct owned {
    char *s[NOWNED];
    int n;
    char qr[BADGE_TEXT_CAP];
};

/* Keep a copy of `s` in `o`; NULL when out of memory. */
static const char *keep(struct owned *o, const char *s)
{
    if (!s || o->n == NOWNED)
        return NULL;
    return o->s[o->n++] = strdup(s);
}

/* Exactly `n` ASCII digits at `s` as *out; false otherwise (a sign, a
 * space or a NUL among them, all of which sscanf's %d let through). */
static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

/* "YYYY-MM-DD HH:MM" as "Wed 12 May 2027, 09:00" (date part in `date`,
 * time in `hm`). */
static int human_time(const char *local, char *date, size_t dcap, char *hm,
                      size_t hcap)
{
    static const char *const DAYS[] = {"Sun", "Mon", "Tue", "Wed",
                                       "Thu", "Fri", "Sat"};
    static const char *const MONTHS[] = {"Jan", "Feb", "Mar", "Apr",
                                         "May", "Jun", "Jul", "Aug",
                                         "Sep", "Oct", "Nov", "Dec"};
    int y, mo, d, h, mi;
    if (!digits(local, 4, &y) || local[4] != '-' ||
        !digits(local + 5, 2, &mo) || local[7] != '-' ||
        !digits(local + 8, 2, &d) || local[10] != ' ' ||
        !digits(local + 11, 2, &h) || local[13] != ':' ||
        !digits(local + 14, 2, &mi) || mo < 1 || mo > 12 || d < 1 || d > 31 ||
        h > 23 || mi > 59)
        return CK_EINVAL;
    snprintf(date, dcap, "%s %d %s %d", DAYS[util_weekday(y, mo, d)], d,
             MONTHS[mo - 1], y);
    snprintf(hm, hcap, "%02d:%02d", h, mi);
    return CK_OK;
}

/* The tutorial's time in its event's zone: "Wed 12 May 2027, 09:00–12:30",
 * or both dates when it ends on another day. */
static int tutorial_time(const struct tutorial_info *t, char *out, size_t cap,
                         struct ck_error *err)
{
    char a[32], b[32], da[48], db[48], ha[8], hb[8];
    if (event_utc_to_local(t->starts_at, t->timezone, a, sizeof(a)) ||
        event_utc_to_local(t->ends_at, t->timezone, b, sizeof(b)) ||
        human_time(a, da, sizeof(da), ha, sizeof(ha)) ||
        human_time(b, db, sizeof(db), hb, sizeof(hb)))
        return ck_fail(err, CK_EINVAL,
                       "Cannot show the time of tutorial '%s' in time zone "
                       "'%s'.",
                       t->slug, t->timezone);
    if (!strcmp(da, db))
        snprintf(out, cap, "%s, %s\u2013%s", da, ha, hb);
    else
        snprintf(out, cap, "%s, %s \u2013 %s, %s", da, ha, db, hb);
    return CK_OK;
}

/* The seats of attendee `id` (issue 49: pretix's `seat` of the ticket
 * and its add-ons), "" when none, into `out`. */
static int seats(store *s, int64_t id, char *out, size_t cap,
                 struct ck_error *err)
{
    sqlite3_stmt *q;
    out[0] = '\0';
    int code = store_prepare(s, "SELECT seat FROM attendee WHERE id = ?1", NULL,
                             &q, N_("reading the seat"), err);
    if (code)
        return code;
    sqlite3_bind_int64(q, 1, id);
    if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
        snprintf(out, cap, "%s", (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return CK_OK;
}

void label_data_free(struct label_data *d)
{
    if (!d)
        return;
    struct owned *o = d->owned;
    if (o) {
        for (int i = 0; i < o->n; i++)
            free(o->s[i]);
        free(o);
    }
    memset(d, 0, sizeof(*d));
}

/* A label's data starts empty, owning what it will point into. */
static struct owned *owned_begin(struct label_data *out)
{
    memset(out, 0, sizeof(*out));
    out->owned = calloc(1, sizeof(struct owned));
    return out->owned;
}

int label_data_for(store *s, const struct badge_key *key, int64_t attendee_id,
                   int64_t tutorial_id, struct label_data *out,
                   struct ck_error *err)
{
    struct owned *o = owned_begin(out);
    if (!o)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct attendee_list al = {0};
    struct event_info ev = {0};
    struct ticket_type_info tt = {0};
    struct tutorial_info tu = {0};
    int code = store_attendee_get(s, attendee_id, &al, err);
    if (code)
        goto out;
    const struct attendee *a = &al.items[0];
    code = store_event_get(s, &ev, err);
    if (code)
        goto out;
    code = store_ticket_type_get(s, a->ticket_type, &tt, err);
    if (code)
        goto out;
    char when[160] = "", seat[256] = "", room[512] = "";
    if (tutorial_id) {
        code = store_tutorial_get(s, tutorial_id, &tu, err);
        if (!code)
            code = tutorial_time(&tu, when, sizeof(when), err);
        if (!code)
            code = seats(s, attendee_id, seat, sizeof(seat), err);
        if (code)
            goto out;
        /* A seated tutorial's ticket says where to sit on its room's
         * line: "101A, seat A-3-7". */
        snprintf(room, sizeof(room), "%s%s%s", tu.room,
                 seat[0] ? ", seat " : "", seat);
    }
    code = credential_current(s, key, attendee_id, tutorial_id, o->qr, err);
    if (code)
        goto out;
    out->qr_text = o->qr;
    out->event_name = keep(o, ev.name);
    out->badge_name = keep(o, a->badge_name);
    out->pronouns = keep(o, a->pronouns ? a->pronouns : "");
    out->company = keep(o, a->company ? a->company : "");
    out->ticket_type = keep(o, a->ticket_type_label);
    out->ticket_colour = keep(o, tt.colour);
    bool ok = out->event_name && out->badge_name && out->pronouns &&
              out->company && out->ticket_type && out->ticket_colour;
    if (tutorial_id) {
        out->tutorial_title = keep(o, tu.title);
        out->tutorial_room = keep(o, room);
        out->tutorial_time = keep(o, when);
        ok = ok && out->tutorial_title && out->tutorial_room &&
             out->tutorial_time;
    }
    if (!ok)
        code = ck_fail(err, CK_ENOMEM, "Out of memory.");
out:
    tutorial_info_free(&tu);
    ticket_type_info_free(&tt);
    event_info_free(&ev);
    attendee_list_free(&al);
    if (code)
        label_data_free(out);
    return code;
}

int label_data_for_paddle(store *s, int64_t attendee_id, struct label_data *out,
                          struct ck_error *err)
{
    struct owned *o = owned_begin(out);
    if (!o)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    struct attendee_list al = {0};
    struct event_info ev = {0};
    struct auction_paddle p;
    bool found = false;
    int code = store_attendee_get(s, attendee_id, &al, err);
    if (!code)
        code = store_event_get(s, &ev, err);
    if (!code)
        code =
            auction_paddle_of_ticket(s, al.items[0].ticket_id, &p, &found, err);
    if (!code && !found)
        code = ck_fail(err, CK_ENOTFOUND,
                       "%s has no paddle yet; scan their badge at the "
                       "auction's door first.",
                       al.items[0].badge_name);
    if (!code) {
        char number[16];
        snprintf(number, sizeof(number), "%d", p.paddle);
        out->paddle = keep(o, number);
        out->event_name = keep(o, ev.name);
        out->badge_name = keep(o, al.items[0].badge_name);
        if (!out->paddle || !out->event_name || !out->badge_name)
            code = ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    event_info_free(&ev);
    attendee_list_free(&al);
    if (code)
        label_data_free(out);
    return code;
}
