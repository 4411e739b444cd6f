/* Open spaces (open_space.h): [open-spaces] parsed and read back from
 * its settings, the slots, the claims and releases journaled in
 * open_space_claim (schema 21) and the sessions' attendance from the
 * open-space doors' journal rows.  Not for the doors' rules
 * (station/kind_open_space.c) nor for what a person is told
 * (commands/open_space_commands.c). */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/event_days.h"
#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/open_space.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "checkin/util.h"
#include "checkin/vec.h"

const char *const open_space_keys[OPEN_SPACE_NKEYS] = {"rooms", "days", "hours",
                                                       "slot"};

/* The next word of `*p` up to a comma or blank, into `out`. */
static bool word(const char **p, char *out, size_t cap)
{
    const char *q = *p + strspn(*p, " ,\t");
    size_t n = strcspn(q, " ,\t");
    *p = q + n;
    if (!n)
        return false;
    snprintf(out, cap, "%.*s", (int)n, q); /* too long: cut, then refused */
    return true;
}

/* Minutes after midnight of "HH:MM", or -1. */
static long minutes(const char *p)
{
    if (strlen(p) < 5 || p[2] != ':')
        return -1;
    char h[3] = {p[0], p[1], 0}, m[3] = {p[3], p[4], 0};
    long a, b;
    if (!util_parse_long(h, 0, 23, &a) || !util_parse_long(m, 0, 59, &b))
        return -1;
    return a * 60 + b;
}

static bool parse_rooms(const char *v, struct open_spaces *out,
                        const struct event_line *at)
{
    char w[96];
    const char *p = v;
    while (word(&p, w, sizeof(w))) {
        char *colon = strchr(w, ':');
        long seats = 0;
        if (colon)
            *colon = '\0';
        if (!colon || !event_valid_slug(w) ||
            strlen(w) >= OPEN_SPACE_SLUG_CAP ||
            !util_parse_long(colon + 1, 1, 100000, &seats)) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: '%s%s%s' is not a room; write each room as its "
                    "slug (lower-case letters, digits and '-') and its seats, "
                    "like rooms = 201:40, 202:25; fix it and run %s again.",
                    at->path, at->line, w, colon ? ":" : "",
                    colon ? colon + 1 : "", at->cmd);
            return false;
        }
        if (open_spaces_room(out, w)) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: room %s is given twice; give each room once; fix "
                    "it and run %s again.",
                    at->path, at->line, w, at->cmd);
            return false;
        }
        if (out->nrooms == OPEN_SPACE_ROOMS) {
            ck_fail(at->err, CK_EINVAL,
                    "%s:%d: more than %d rooms; give at most %d; fix it and "
                    "run %s again.",
                    at->path, at->line, OPEN_SPACE_ROOMS, OPEN_SPACE_ROOMS,
                    at->cmd);
            return false;
        }
        struct open_space_room *r = &out->rooms[out->nrooms++];
        snprintf(r->slug, sizeof(r->slug), "%s", w);
        r->capacity = seats;
    }
    if (!out->nrooms) {
        ck_fail(at->err, CK_EINVAL,
                "%s:%d: no room is given; write the rooms and their seats, "
                "like rooms = 201:40, 202:25; fix it and run %s again.",
                at->path, at->line, at->cmd);
        return false;
    }
    return true;
}

bool open_spaces_parse(const char *const vals[OPEN_SPACE_NKEYS],
                       const int lines[OPEN_SPACE_NKEYS],
                       struct open_spaces *out, const struct event_line *sec)
{
    memset(out, 0, sizeof(*out));
    static const char *const example[OPEN_SPACE_NKEYS] = {
        "rooms = 201:40, 202:25", "days = 2027-05-14, 2027-05-15",
        "hours = 10:00-17:00", "slot = 60"};
    for (int k = 0; k < OPEN_SPACE_NKEYS; k++)
        if (!vals[k]) {
            ck_fail(sec->err, CK_EINVAL,
                    "%s:%d: [open-spaces] has no '%s'; add it, like %s; fix "
                    "it and run %s again.",
                    sec->path, sec->line, open_space_keys[k], example[k],
                    sec->cmd);
            return false;
        }
    struct event_line at[OPEN_SPACE_NKEYS];
    for (int k = 0; k < OPEN_SPACE_NKEYS; k++) {
        at[k] = *sec;
        if (lines && lines[k])
            at[k].line = lines[k];
    }
    if (!parse_rooms(vals[0], out, &at[0]))
        return false;
    if (!event_days_parse(vals[1], out->days, OPEN_SPACE_DAYS, &out->ndays,
                          "2027-05-14, 2027-05-15", &at[1]))
        return false;
    const char *h = vals[2];
    out->from_min = minutes(h);
    out->to_min = strlen(h) == 11 && h[5] == '-' ? minutes(h + 6) : -1;
    if (out->from_min < 0 || out->to_min <= out->from_min) {
        ck_fail(at[2].err, CK_EINVAL,
                "%s:%d: '%s' is not the hours; write them like hours = "
                "10:00-17:00, the end after the start; fix it and run %s "
                "again.",
                at[2].path, at[2].line, h, at[2].cmd);
        return false;
    }
    if (!util_parse_long(vals[3], 10, 24 * 60, &out->slot_min) ||
        out->slot_min > out->to_min - out->from_min) {
        ck_fail(at[3].err, CK_EINVAL,
                "%s:%d: '%s' is not a slot's length; write its minutes, 10 to "
                "the length of the hours (%ld), like slot = 60; fix it and "
                "run %s again.",
                at[3].path, at[3].line, vals[3], out->to_min - out->from_min,
                at[3].cmd);
        return false;
    }
    return true;
}

int open_spaces_read(store *s, struct open_spaces *out, bool *any,
                     struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    *any = false;
    char vals[OPEN_SPACE_NKEYS][1024];
    const char *given[OPEN_SPACE_NKEYS];
    for (int i = 0; i < OPEN_SPACE_NKEYS; i++) {
        char key[64];
        bool found = false;
        snprintf(key, sizeof(key), "open-spaces.%s", open_space_keys[i]);
        int code = store_setting_get(s, key, vals[i], sizeof(vals[i]), &found,
                                     N_("reading the open spaces"), err);
        if (code)
            return code;
        if (!found)
            return CK_OK;
        given[i] = vals[i];
    }
    const struct event_line at = {store_path(s), 0, "event", NULL};
    if (!open_spaces_parse(given, NULL, out, &at))
        return ck_fail(err, CK_ECORRUPT,
                       "%s: the open spaces it keeps are damaged; apply the "
                       "event description again with checkin event.",
                       store_path(s));
    int code = store_event_timezone(s, out->tz, sizeof(out->tz), err);
    *any = !code;
    return code;
}

const struct open_space_room *open_spaces_room(const struct open_spaces *os,
                                               const char *slug)
{
    for (size_t i = 0; slug && i < os->nrooms; i++)
        if (!strcmp(os->rooms[i].slug, slug))
            return &os->rooms[i];
    return NULL;
}

void open_spaces_room_names(const struct open_spaces *os, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < os->nrooms && used < cap; i++) {
        int n = snprintf(out + used, cap - used, "%s%s", i ? ", " : "",
                         os->rooms[i].slug);
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

/* UTC ms of local day `day` at minute `min` of it; -1 when the zone skips
 * it. */
static int64_t at_ms(const struct open_spaces *os, const char *day, long min)
{
    char local[32];
    int64_t t;
    int n = snprintf(local, sizeof(local), "%s %02ld:%02ld", day, min / 60,
                     min % 60);
    if (n < 0 || (size_t)n >= sizeof(local))
        return -1; /* no day and time of the event is so long */
    return event_local_to_utc(local, os->tz, &t) ? -1 : t * 1000;
}

bool open_spaces_slot_at(const struct open_spaces *os, int64_t t_ms,
                         int64_t *start_ms, int64_t *end_ms)
{
    char local[32];
    int64_t s = t_ms / 1000 - (t_ms % 1000 < 0);
    if (event_utc_to_local(s, os->tz, local, sizeof(local)))
        return false;
    local[10] = '\0';
    bool day = false;
    for (size_t i = 0; i < os->ndays && !day; i++)
        day = !strcmp(os->days[i], local);
    long min = minutes(local + 11);
    if (!day || min < os->from_min || min >= os->to_min)
        return false;
    long k = (min - os->from_min) / os->slot_min;
    long from = os->from_min + k * os->slot_min;
    if (from + os->slot_min > os->to_min)
        return false; /* the hours' last minutes, too short for a slot */
    *start_ms = at_ms(os, local, from);
    *end_ms = at_ms(os, local, from + os->slot_min);
    return *start_ms >= 0 && *end_ms > *start_ms;
}

/* ---- claims ---- */

/* "YYYY-MM-DD HH:MM" of a slot's start: its UTC ms, or the outcome. */
static enum open_space_outcome slot_of(const struct open_spaces *os,
                                       const char *when, int64_t *slot_ms)
{
    char day[16];
    if (!when || strlen(when) != 16 || when[10] != ' ')
        return OPEN_SPACE_BAD_TIME;
    snprintf(day, sizeof(day), "%.10s", when);
    long min = minutes(when + 11);
    if (!event_day_valid(day) || min < 0)
        return OPEN_SPACE_BAD_TIME;
    bool known = false;
    for (size_t i = 0; i < os->ndays && !known; i++)
        known = !strcmp(os->days[i], day);
    if (!known)
        return OPEN_SPACE_NOT_A_DAY;
    if (min < os->from_min || min + os->slot_min > os->to_min ||
        (min - os->from_min) % os->slot_min)
        return OPEN_SPACE_OUTSIDE_HOURS;
    *slot_ms = at_ms(os, day, min);
    return *slot_ms < 0 ? OPEN_SPACE_OUTSIDE_HOURS : OPEN_SPACE_DONE;
}

static const char *col(sqlite3_stmt *q, int i)
{
    const char *t = (const char *)sqlite3_column_text(q, i);
    return t ? t : "";
}

/* ---- who holds a slot: its rows folded ----
 *
 * A slot's rows are folded in one order every station sees the same once
 * they hold the same rows (synced through the hub, format 30): by time,
 * then by the row's random station_id and its seq.  A claim of a free
 * slot holds it; a claim of a held one is lost (two hosts claimed it
 * while their boards were cut off: the earlier claim keeps it); a release
 * frees the slot when it names the session holding it (its host; a
 * release naming none, written before releases named one, frees whoever
 * holds it), so a lost host's release never frees the winner's. */

struct folding {
    struct open_space_session *held, *lost;
    size_t nheld, nlost, capheld, caplost;
    struct open_space_session cur; /* the slot's holder so far */
    bool holds;
};

static bool keep(struct open_space_session **v, size_t *n, size_t *cap,
                 const struct open_space_session *one)
{
    if (!CK_VEC_ROOM(*v, *n, 1, *cap))
        return false;
    (*v)[(*n)++] = *one;
    return true;
}

/* The slot folded so far ends: its holder kept. */
static bool flush(struct folding *f)
{
    bool ok = !f->holds || keep(&f->held, &f->nheld, &f->capheld, &f->cur);
    f->holds = false;
    return ok;
}

/* One row of the slot (room, slot_ms) in the fold's order. */
static bool fold_row(struct folding *f, sqlite3_stmt *q)
{
    struct open_space_session one;
    memset(&one, 0, sizeof(one));
    snprintf(one.room, sizeof(one.room), "%s", col(q, 0));
    one.slot_ms = sqlite3_column_int64(q, 1);
    bool claim = sqlite3_column_int(q, 2) != 0;
    snprintf(one.title, sizeof(one.title), "%s", col(q, 3));
    snprintf(one.host_ticket, sizeof(one.host_ticket), "%s", col(q, 4));
    snprintf(one.host_name, sizeof(one.host_name), "%s", col(q, 5));
    if (f->holds &&
        (strcmp(f->cur.room, one.room) || f->cur.slot_ms != one.slot_ms) &&
        !flush(f))
        return false;
    if (claim && !f->holds) {
        f->cur = one;
        f->holds = true;
    } else if (claim) {
        one.lost = true;
        return keep(&f->lost, &f->nlost, &f->caplost, &one);
    } else if (f->holds && (!one.host_ticket[0] ||
                            !strcmp(one.host_ticket, f->cur.host_ticket))) {
        f->holds = false;
    }
    return true;
}

/* Fold the rows of room `room`'s slot `slot_ms`, or of every slot (room
 * NULL): f->held the sessions holding them, f->lost the claims lost. */
static int fold(store *s, const char *room, int64_t slot_ms, struct folding *f,
                struct ck_error *err)
{
    memset(f, 0, sizeof(*f));
    /* One slot's rows by its index (a door asks at each scan), or all. */
#define FOLD_ROWS(WHERE)                                                       \
    "SELECT c.room, c.slot_ms, c.act = 'claim', c.title,"                      \
    " coalesce(c.host_ticket_id, ''), coalesce((SELECT a.badge_name FROM"      \
    " attendee a WHERE a.ticket_id = c.host_ticket_id), '') FROM"              \
    " open_space_claim c" WHERE " ORDER BY c.room, c.slot_ms, c.at_ms,"        \
    " c.station_id, c.seq"
    sqlite3_stmt *q;
    int code =
        store_prepare(s,
                      room ? FOLD_ROWS(" WHERE c.room = ?1 AND c.slot_ms = ?2")
                           : FOLD_ROWS(""),
                      NULL, &q, N_("reading the open spaces' claims"), err);
#undef FOLD_ROWS
    if (code)
        return code;
    if (room) {
        sqlite3_bind_text(q, 1, room, -1, SQLITE_STATIC);
        sqlite3_bind_int64(q, 2, slot_ms);
    }
    int rc;
    while ((rc = sqlite3_step(q)) == SQLITE_ROW)
        if (!fold_row(f, q)) {
            rc = SQLITE_NOMEM;
            break;
        }
    sqlite3_finalize(q);
    if (rc == SQLITE_DONE && !flush(f))
        rc = SQLITE_NOMEM;
    if (rc != SQLITE_DONE) {
        code = rc == SQLITE_NOMEM
                   ? ck_fail(err, CK_ENOMEM, "Out of memory.")
                   : store_sqlite_fail(
                         s, rc, N_("reading the open spaces' claims"), err);
        free(f->held);
        free(f->lost);
        memset(f, 0, sizeof(*f));
    }
    return code;
}

int open_space_held(store *s, const char *room, int64_t slot_ms, bool *held,
                    struct open_space_session *out, struct ck_error *err)
{
    struct folding f;
    *held = false;
    int code = fold(s, room ? room : "", slot_ms, &f, err);
    if (!code && f.nheld) {
        *held = true;
        snprintf(out->title, sizeof(out->title), "%s", f.held[0].title);
        snprintf(out->host_ticket, sizeof(out->host_ticket), "%s",
                 f.held[0].host_ticket);
        snprintf(out->host_name, sizeof(out->host_name), "%s",
                 f.held[0].host_name);
    }
    free(f.held);
    free(f.lost);
    return code;
}

/* The row: under the journal's rule, a fresh run identity and numbers
 * going on from the station name's rows (registration.c's next_key). */
static int append(store *s, const struct open_space_request *rq,
                  const char *act, int64_t slot_ms, const char *host,
                  struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "INSERT INTO open_space_claim (station_id, seq, station, at_ms, act,"
        " room, slot_ms, host_ticket_id, title) SELECT"
        " lower(hex(randomblob(8))), coalesce(max(seq), 0) + 1, ?1, ?2, ?3,"
        " ?4, ?5, ?6, ?7 FROM open_space_claim WHERE station = ?1",
        NULL, &q, N_("recording the open space's claim"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, rq->station, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, rq->now_ms);
    sqlite3_bind_text(q, 3, act, -1, SQLITE_STATIC);
    sqlite3_bind_text(q, 4, rq->room, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 5, slot_ms);
    store_bind_text(q, 6, host);
    sqlite3_bind_text(q, 7, *act == 'c' ? rq->title : "", -1, SQLITE_STATIC);
    return store_step_done(s, q, N_("recording the open space's claim"), err);
}

/* What a claim and a release check first: the room and the slot. */
static int begin(store *s, const struct open_space_request *rq,
                 struct open_spaces *os, enum open_space_outcome *outcome,
                 struct open_space_session *held, bool *holds,
                 struct ck_error *err)
{
    memset(held, 0, sizeof(*held));
    bool any;
    int code = open_spaces_read(s, os, &any, err);
    if (code)
        return code;
    snprintf(held->room, sizeof(held->room), "%s", rq->room ? rq->room : "");
    snprintf(held->when, sizeof(held->when), "%s", rq->when ? rq->when : "");
    *outcome = !any ? OPEN_SPACE_NONE
               : !open_spaces_room(os, rq->room)
                   ? OPEN_SPACE_UNKNOWN_ROOM
                   : slot_of(os, rq->when, &held->slot_ms);
    if (*outcome)
        return CK_OK;
    return open_space_held(s, rq->room, held->slot_ms, holds, held, err);
}

/* The host's registration: *known, and their badge name into `held`. */
static int host_known(store *s, const char *ticket, bool *known,
                      struct open_space_session *held, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code =
        store_prepare(s,
                      "SELECT badge_name FROM attendee WHERE"
                      " ticket_id = ?1",
                      NULL, &q, N_("reading the host's registration"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, ticket ? ticket : "", -1, SQLITE_STATIC);
    return store_step_text(s, q, false, held->host_name,
                           sizeof(held->host_name), known,
                           N_("reading the host's registration"), err);
}

/* A free slot is one no session holds that has not ended at `now_ms`. */
static int free_at(store *s, const struct open_spaces *os, const char *room,
                   int64_t slot_ms, int64_t now_ms, bool *free,
                   struct ck_error *err)
{
    struct open_space_session ignore;
    bool holds = false;
    *free = false;
    if (slot_ms < 0 || slot_ms + os->slot_min * 60000 <= now_ms)
        return CK_OK;
    int code = open_space_held(s, room, slot_ms, &holds, &ignore, err);
    *free = !code && !holds;
    return code;
}

/* The slot offered for a taken one (held->next_*): the room's next free
 * slot after it, on its day or a later one, or else another room free at
 * its time. */
static int next_free(store *s, const struct open_spaces *os,
                     const struct open_space_request *rq,
                     struct open_space_session *held, struct ck_error *err)
{
    long start = minutes(rq->when + 11);
    bool found = false;
    int code = CK_OK;
    int64_t at = -1;
    for (size_t d = 0; d < os->ndays && !found && !code; d++) {
        int later = strncmp(os->days[d], rq->when, 10);
        if (later < 0)
            continue;
        for (long m = later ? os->from_min : start + os->slot_min;
             m + os->slot_min <= os->to_min && !found && !code;
             m += os->slot_min) {
            at = at_ms(os, os->days[d], m);
            code = free_at(s, os, rq->room, at, rq->now_ms, &found, err);
        }
    }
    if (found) {
        snprintf(held->next_room, sizeof(held->next_room), "%s", rq->room);
        event_utc_to_local(at / 1000, os->tz, held->next_when,
                           sizeof(held->next_when));
        return CK_OK;
    }
    for (size_t i = 0; i < os->nrooms && !found && !code; i++) {
        if (strcmp(os->rooms[i].slug, rq->room))
            code = free_at(s, os, os->rooms[i].slug, held->slot_ms, rq->now_ms,
                           &found, err);
        if (found) {
            snprintf(held->next_room, sizeof(held->next_room), "%s",
                     os->rooms[i].slug);
            snprintf(held->next_when, sizeof(held->next_when), "%s", rq->when);
        }
    }
    return code;
}

int open_space_claim(store *s, const struct open_space_request *rq,
                     struct open_spaces *os, enum open_space_outcome *outcome,
                     struct open_space_session *held, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    bool holds = false, known = false;
    code = begin(s, rq, os, outcome, held, &holds, err);
    if (!code && !*outcome && holds) {
        *outcome = OPEN_SPACE_TAKEN;
        code = next_free(s, os, rq, held, err);
    }
    if (!code && !*outcome) {
        size_t n = rq->title ? strlen(rq->title) : 0;
        char title[4 * OPEN_SPACE_TITLE_CAP + 1];
        snprintf(title, sizeof(title), "%s", rq->title ? rq->title : "");
        if (!n || n >= sizeof(title) || !text_clean_field(title) ||
            g_utf8_strlen(title, -1) > OPEN_SPACE_TITLE_CAP)
            *outcome = OPEN_SPACE_NO_TITLE;
    }
    if (!code && !*outcome)
        code = host_known(s, rq->host, &known, held, err);
    if (!code && !*outcome && !known)
        *outcome = OPEN_SPACE_UNKNOWN_HOST;
    if (!code && !*outcome) {
        code = append(s, rq, "claim", held->slot_ms, rq->host, err);
        snprintf(held->title, sizeof(held->title), "%s", rq->title);
        snprintf(held->host_ticket, sizeof(held->host_ticket), "%s", rq->host);
    }
    if (!code && !*outcome)
        return store_commit(s, err);
    store_rollback(s);
    return code;
}

int open_space_release(store *s, const struct open_space_request *rq,
                       struct open_spaces *os, enum open_space_outcome *outcome,
                       struct open_space_session *held, struct ck_error *err)
{
    int code = store_begin(s, err);
    if (code)
        return code;
    bool holds = false;
    code = begin(s, rq, os, outcome, held, &holds, err);
    if (!code && !*outcome && !holds)
        *outcome = OPEN_SPACE_FREE;
    if (!code && !*outcome && rq->host && strcmp(rq->host, held->host_ticket))
        *outcome = OPEN_SPACE_NOT_HOST;
    if (!code && !*outcome)
        code = append(s, rq, "release", held->slot_ms, held->host_ticket, err);
    if (!code && !*outcome)
        return store_commit(s, err);
    store_rollback(s);
    return code;
}

int open_space_attendance(store *s, const char *room, int64_t from_ms,
                          int64_t to_ms, const char *ticket, long *count,
                          bool *inside, struct ck_error *err)
{
    sqlite3_stmt *q;
    int code = store_prepare(
        s,
        "SELECT count(DISTINCT attendee_ticket_id),"
        " coalesce(max(attendee_ticket_id = ?4), 0) FROM live_scan WHERE"
        " mode = 'door' AND target = ?1 AND decision = 'admit' AND"
        " direction = 'in' AND at_ms >= ?2 AND at_ms < ?3",
        NULL, &q, N_("counting the open space's people"), err);
    if (code)
        return code;
    sqlite3_bind_text(q, 1, room, -1, SQLITE_STATIC);
    sqlite3_bind_int64(q, 2, from_ms);
    sqlite3_bind_int64(q, 3, to_ms);
    sqlite3_bind_text(q, 4, ticket ? ticket : "", -1, SQLITE_STATIC);
    int rc = sqlite3_step(q);
    if (rc == SQLITE_ROW) {
        *count = sqlite3_column_int(q, 0);
        *inside = sqlite3_column_int(q, 1) != 0;
    } else {
        code = store_sqlite_fail(s, rc, N_("counting the open space's people"),
                                 err);
    }
    sqlite3_finalize(q);
    return code;
}

static int by_slot(const void *a, const void *b)
{
    const struct open_space_session *x = a, *y = b;
    return x->slot_ms != y->slot_ms ? (x->slot_ms < y->slot_ms ? -1 : 1)
                                    : strcmp(x->room, y->room);
}

/* Each session's attendance and local time. */
static int fill(store *s, const struct open_spaces *os,
                struct open_space_session *v, size_t n, struct ck_error *err)
{
    int code = CK_OK;
    for (size_t i = 0; i < n && !code; i++) {
        bool ignore;
        event_utc_to_local(v[i].slot_ms / 1000, os->tz, v[i].when,
                           sizeof(v[i].when));
        code = open_space_attendance(s, v[i].room, v[i].slot_ms,
                                     v[i].slot_ms + os->slot_min * 60000, NULL,
                                     &v[i].attendance, &ignore, err);
    }
    return code;
}

/* A lost claim whose host holds a session of its title now (claimed
 * again, in the slot offered or another) is settled: no longer listed. */
static void settled(struct folding *f)
{
    size_t kept = 0;
    for (size_t i = 0; i < f->nlost; i++) {
        bool again = false;
        for (size_t j = 0; j < f->nheld && !again; j++)
            again = !strcmp(f->held[j].host_ticket, f->lost[i].host_ticket) &&
                    !strcmp(f->held[j].title, f->lost[i].title);
        if (!again)
            f->lost[kept++] = f->lost[i];
    }
    f->nlost = kept;
}

/* The lost claims' next free slots, from `now_ms` on. */
static int offer(store *s, const struct open_spaces *os,
                 struct open_space_session *v, size_t n, int64_t now_ms,
                 struct ck_error *err)
{
    int code = CK_OK;
    for (size_t i = 0; i < n && !code; i++) {
        struct open_space_request rq = {
            .room = v[i].room, .when = v[i].when, .now_ms = now_ms};
        code = next_free(s, os, &rq, &v[i], err);
    }
    return code;
}

int open_space_board(store *s, int64_t now_ms, struct open_space_session **out,
                     size_t *n, struct open_space_session **lost, size_t *nlost,
                     struct ck_error *err)
{
    *out = NULL;
    *n = 0;
    if (lost) {
        *lost = NULL;
        *nlost = 0;
    }
    struct open_spaces os;
    bool any;
    int code = open_spaces_read(s, &os, &any, err);
    if (code || !any)
        return code;
    struct folding f;
    code = fold(s, NULL, 0, &f, err);
    if (!code)
        settled(&f);
    if (!code)
        code = fill(s, &os, f.held, f.nheld, err);
    if (!code && lost)
        code = fill(s, &os, f.lost, f.nlost, err);
    if (!code && lost)
        code = offer(s, &os, f.lost, f.nlost, now_ms, err);
    if (code) {
        free(f.held);
        free(f.lost);
        return code;
    }
    /* By start and room, as the list and the board show them. */
    if (f.nheld)
        qsort(f.held, f.nheld, sizeof(*f.held), by_slot);
    if (f.nlost)
        qsort(f.lost, f.nlost, sizeof(*f.lost), by_slot);
    *out = f.held;
    *n = f.nheld;
    if (lost) {
        *lost = f.lost;
        *nlost = f.nlost;
    } else {
        free(f.lost);
    }
    return CK_OK;
}

int open_space_sessions(store *s, struct open_space_session **out, size_t *n,
                        struct ck_error *err)
{
    return open_space_board(s, 0, out, n, NULL, NULL, err);
}
