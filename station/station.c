/* The station rules (see station.h): what the desk, a tutorial door and a
 * sponsor's lead scanner decide about a presented code, and the journal
 * commit before anything is shown.  Not for decoding or drawing
 * (scanner/), printing (printer/) or SQL (common/journal.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/event.h"
#include "checkin/util.h"
#include "kind.h"

/* ---- times in the event's zone ---- */

/* "HH:MM" of UTC ms `t`. */
void local_hm(const station *st, int64_t t_ms, char out[8])
{
    char buf[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, buf, sizeof(buf)) == 0 &&
        strlen(buf) >= 16)
        snprintf(out, 8, "%s", buf + 11);
    else
        snprintf(out, 8, "??:??");
}

static const char *weekday(const char *ymd)
{
    static const char *const names[] = {"Sun", "Mon", "Tue", "Wed",
                                        "Thu", "Fri", "Sat"};
    return names[util_weekday((int)strtol(ymd, NULL, 10),
                              (int)strtol(ymd + 5, NULL, 10),
                              (int)strtol(ymd + 8, NULL, 10))];
}

/* "Tue 09:00-12:30" for a tutorial. */
void slot_text(const station *st, const struct tutorial_info *t, char *out,
               size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t->starts_at, st->tz, a, sizeof(a)) ||
        event_utc_to_local(t->ends_at, st->tz, b, sizeof(b)) ||
        strlen(a) < 16 || strlen(b) < 16) {
        snprintf(out, cap, "(time unknown)");
        return;
    }
    snprintf(out, cap, "%s %s-%s", weekday(a), a + 11, b + 11);
}

/* "09:12" today, "Tue 09:12" on another day than `now_ms`. */
void when_text(const station *st, int64_t t_ms, int64_t now_ms, char *out,
               size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, a, sizeof(a)) ||
        event_utc_to_local(now_ms / 1000, st->tz, b, sizeof(b)) ||
        strlen(a) < 16) {
        snprintf(out, cap, "an earlier time");
        return;
    }
    if (!strncmp(a, b, 10))
        snprintf(out, cap, "%s", a + 11);
    else
        snprintf(out, cap, "%s %s", weekday(a), a + 11);
}

/* ---- opening ---- */

int station_parse_spec(const char *spec, struct station_config *cfg,
                       struct ck_error *err)
{
    if (!spec)
        spec = "";
    if (!strcmp(spec, "desk")) {
        cfg->mode = SCAN_DESK;
        cfg->target = "";
        return CK_OK;
    }
    if (!strncmp(spec, "door:", 5) && spec[5]) {
        cfg->mode = SCAN_DOOR;
        cfg->target = spec + 5;
        return CK_OK;
    }
    if (!strncmp(spec, "leads:", 6) && spec[6]) {
        cfg->mode = SCAN_LEADS;
        cfg->target = spec + 6;
        return CK_OK;
    }
    return ck_fail(err, CK_EINVAL,
                   "'%s' is not a station; use desk, door:TUTORIAL or "
                   "leads:SPONSOR.",
                   spec);
}

void station_free(station *st)
{
    if (!st)
        return;
    debounce_free(st->db);
    journal_free(st->j);
    verifier_free(st->v);
    free(st);
}

static int load_counters(station *st, struct ck_error *err)
{
    struct journal_counts jc;
    int code = journal_counts(
        st->j, st->cfg.mode == SCAN_DOOR ? st->target : NULL,
        st->cfg.mode == SCAN_LEADS ? st->target : NULL, &jc, err);
    if (code)
        return code;
    st->c.checked_in = jc.checked_in;
    st->c.inside = jc.inside;
    st->c.leads = jc.leads;
    st->c.scans = jc.scans;
    return CK_OK;
}

int station_open(store *s, const struct station_config *cfg, station **out,
                 struct ck_error *err)
{
    *out = NULL;
    station *st = calloc(1, sizeof(*st));
    if (!st)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    st->s = s;
    st->cfg = *cfg;
    snprintf(st->target, sizeof(st->target), "%s",
             cfg->target ? cfg->target : "");
    st->cfg.target = st->target;
    if (st->cfg.cooldown_ms <= 0)
        st->cfg.cooldown_ms = STATION_COOLDOWN_MS;
    if (st->cfg.open_before_ms < 0)
        st->cfg.open_before_ms = STATION_OPEN_BEFORE_MS;
    if (cfg->name && *cfg->name)
        snprintf(st->name, sizeof(st->name), "%s", cfg->name);
    else if (cfg->mode == SCAN_DESK)
        snprintf(st->name, sizeof(st->name), "desk");
    else
        snprintf(st->name, sizeof(st->name), "%s-%.50s",
                 scan_mode_str(cfg->mode), st->target);
    st->dir = cfg->mode == SCAN_DOOR ? cfg->direction : DIRECTION_IN;
    st->cfg.name = st->name;
    char event_name[256];
    int code = verifier_new(s, &st->v, err);
    if (!code)
        code = journal_open(s, st->name, &st->j, err);
    if (!code)
        code = journal_event(st->j, event_name, sizeof(event_name), st->tz,
                             sizeof(st->tz), err);
    if (!code)
        code = debounce_new(st->cfg.cooldown_ms, &st->db, err);
    if (!code && cfg->mode == SCAN_DOOR) {
        code = journal_tutorial(st->j, st->target, &st->tut, err);
        if (!code) {
            st->c.capacity =
                cfg->capacity > 0 ? cfg->capacity : st->tut.capacity;
            snprintf(st->title, sizeof(st->title), "Door: %s (%s)",
                     st->tut.title, st->tut.room);
        }
    } else if (!code && cfg->mode == SCAN_LEADS) {
        code = journal_sponsor(st->j, st->target, st->sponsor,
                               sizeof(st->sponsor), err);
        if (!code)
            snprintf(st->title, sizeof(st->title), "Leads: %s", st->sponsor);
    } else if (!code) {
        snprintf(st->title, sizeof(st->title), "Registration desk: %s",
                 event_name);
    }
    if (!code)
        code = load_counters(st, err);
    if (code) {
        station_free(st);
        return code;
    }
    st->clock_base = cfg->clock_ms ? cfg->clock_ms : store_now_ms();
    st->mono_start = util_mono_ms();
    *out = st;
    return CK_OK;
}

const char *station_name(const station *st)
{
    return st->name;
}

const char *station_title(const station *st)
{
    return st->title;
}

enum scan_mode station_mode(const station *st)
{
    return st->cfg.mode;
}

struct station_counters station_counters(const station *st)
{
    return st->c;
}

void station_set_direction(station *st, enum scan_direction d)
{
    if (st->cfg.mode != SCAN_DOOR || st->dir == d)
        return;
    st->dir = d;
    /* The person who just went in may now be scanned going out. */
    debounce_reset(st->db);
}

enum scan_direction station_direction(const station *st)
{
    return st->dir;
}

int64_t station_clock(const station *st, int64_t t_ms)
{
    return st->clock_base + t_ms;
}

/* ---- the rules ---- */

void decide(struct station_result *r, enum scan_decision d, const char *reason,
            const char *fmt, ...)
{
    va_list ap;
    r->decision = d;
    snprintf(r->reason, sizeof(r->reason), "%s", reason);
    va_start(ap, fmt);
    vsnprintf(r->text, sizeof(r->text), fmt, ap);
    va_end(ap);
}

/* A pretix test-mode order admits only at a rehearsal's stations: true
 * (with the decision made) when `vd` is one and this is not. */
bool test_order_refused(const station *st, const struct verdict *vd,
                        struct station_result *r)
{
    if (!vd->testmode || st->cfg.rehearsal)
        return false;
    decide(r, DECISION_DENY, "test-order",
           "This is a pretix test-mode order, for rehearsals only; it admits "
           "no one to the event. Send the person to the registration help "
           "desk.");
    return true;
}

/* The event description can change under a running station (`checkin
 * event` on the organizer's laptop, pulled from the hub): the zone, the
 * door's room, times and seats are read again at each decision, inside
 * its transaction.  A door whose tutorial was removed keeps the one it
 * knew. */
static int refresh(station *st, struct ck_error *err)
{
    char event_name[256];
    int code = journal_event(st->j, event_name, sizeof(event_name), st->tz,
                             sizeof(st->tz), err);
    if (code)
        return code;
    struct tutorial_info t;
    struct ck_error gone;
    if (st->cfg.mode == SCAN_DOOR &&
        journal_tutorial(st->j, st->target, &t, &gone) == CK_OK) {
        st->tut = t;
        st->c.capacity =
            st->cfg.capacity > 0 ? st->cfg.capacity : st->tut.capacity;
        snprintf(st->title, sizeof(st->title), "Door: %s (%s)", st->tut.title,
                 st->tut.room);
    } else if (st->cfg.mode == SCAN_DESK) {
        snprintf(st->title, sizeof(st->title), "Registration desk: %s",
                 event_name);
    }
    return CK_OK;
}

void begin_result(station *st, int64_t at_ms, struct station_result *r)
{
    memset(r, 0, sizeof(*r));
    r->at_ms = at_ms;
    local_hm(st, at_ms, r->time_local);
    r->station = st->name;
    r->mode = st->cfg.mode;
    r->target = st->target;
    r->direction = st->dir;
    r->personal = st->cfg.mode != SCAN_LEADS;
}

/* Apply the rules for `vd`, journal, update counters; printing is left
 * to station_print, after the verdict is shown.  Called inside
 * journal_begin() when `locked`, so that the rows the rules read (already
 * checked in, inside, a lead already taken) and the row this decision adds
 * are one transaction, whatever other stations share the file; the commit
 * ends it.  Without the lock (`lock_err` says why) the decision is made
 * from what the file holds and shown NOT RECORDED. */
int conclude(station *st, const struct verdict *vd, const uint8_t *code,
             size_t len, bool locked, const struct ck_error *lock_err,
             const char *override, struct station_result *r,
             struct ck_error *err)
{
    if (r->personal && vd->attendee_id) {
        r->attendee_id = vd->attendee_id;
        snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", vd->ticket_id);
        snprintf(r->badge_name, sizeof(r->badge_name), "%s", vd->badge_name);
        snprintf(r->order_status, sizeof(r->order_status), "%s",
                 order_status_str(vd->status));
    }
    if (vd->tutorial[0])
        snprintf(r->tutorial, sizeof(r->tutorial), "%s", vd->tutorial);
    int rc = refresh(st, err);
    if (rc)
        return rc;
    local_hm(st, r->at_ms, r->time_local);
    switch (st->cfg.mode) {
    case SCAN_DOOR:
        /* Every door and exit scanner of the room counts, not only this
         * station's own scans since it started. */
        rc = journal_inside_count(st->j, st->target, &st->c.inside, err);
        if (!rc)
            rc = door_rules(st, vd, r, err);
        break;
    case SCAN_LEADS:
        rc = leads_rules(st, vd, r, err);
        break;
    default:
        if (override)
            override_rules(vd, override, r);
        else
            rc = desk_rules(st, vd, r, err);
        break;
    }
    if (rc)
        return rc;
    if (st->cfg.mode == SCAN_DESK && r->attendee_id) {
        struct attendee_list l = {0};
        rc = attendee_details(st, r->attendee_id, r, &l, err);
        attendee_list_free(&l);
        if (!rc)
            rc = history_text(st, r, err);
        if (rc)
            return rc;
    }

    /* A door's journal holds no confirmation secret in the clear: a code
     * that is not a checkin badge is kept as the door's file keeps
     * secrets (docs/sync.md, "What each role holds"). */
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    if (st->cfg.mode == SCAN_DOOR && !vd->is_badge) {
        credential_secret_hash(code, len, hashed);
        code = (const uint8_t *)hashed;
        len = strlen(hashed);
    }
    struct scan_record rec = {
        .at_ms = r->at_ms,
        .mode = st->cfg.mode,
        .target = st->target,
        .code = code,
        .code_len = len,
        .ticket_id = r->personal && vd->attendee_id ? vd->ticket_id : NULL,
        /* A sponsor's station knows no attendees: a valid signature is
         * the badge. */
        .badge_id = vd->is_badge && (vd->attendee_id || vd->valid)
                        ? vd->badge_id
                        : NULL,
        .decision = r->decision,
        .reason = r->reason,
        .direction = st->dir,
        .lead_sponsor =
            st->cfg.mode == SCAN_LEADS && r->decision == DECISION_ADMIT
                ? st->target
                : NULL,
        .override = override,
    };
    struct ck_error jerr = {0};
    if (!locked)
        jerr = *lock_err;
    else if (journal_append(st->j, &rec, &jerr) == CK_OK &&
             journal_commit(st->j, &jerr) == CK_OK)
        r->recorded = true;
    if (!r->recorded && override) {
        /* A supervisor's override is its record: never shown without it. */
        journal_rollback(st->j);
        return ck_fail(err, jerr.code ? jerr.code : CK_EIO,
                       "%s Nothing was overridden; try again.", jerr.msg);
    }
    if (r->recorded) {
        r->seq = rec.seq;
        if (rec.lead_sponsor)
            r->lead_seq = rec.seq;
    } else {
        journal_rollback(st->j);
        st->c.not_recorded++;
        snprintf(r->record_error, sizeof(r->record_error), "%s", jerr.msg);
    }
    /* Counters follow what happened at the station, recorded or not. */
    st->c.scans++;
    if (r->decision == DECISION_ADMIT) {
        if (st->cfg.mode == SCAN_DESK)
            st->c.checked_in++;
        else if (st->cfg.mode == SCAN_DOOR)
            st->c.inside += st->dir == DIRECTION_IN ? 1 : -1;
        else
            st->c.leads++;
    }
    r->print_due = st->cfg.mode == SCAN_DESK && r->decision == DECISION_ADMIT &&
                   st->cfg.print;
    r->counters = st->c;
    return CK_OK;
}

int station_scan(station *st, const uint8_t *code, size_t len, int64_t at_ms,
                 struct station_result *out, struct ck_error *err)
{
    begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    bool locked = journal_begin(st->j, &lock_err) == CK_OK;
    struct verdict vd;
    int rc = verifier_check(st->v, code, len, &vd, err);
    /* The journal keeps exactly what was scanned: a QR code's own CR/LF
     * is part of it (a wedge's line end was cut by station_feed_code). */
    if (!rc)
        rc = conclude(st, &vd, code, len, locked, &lock_err, NULL, out, err);
    if (rc)
        journal_rollback(st->j);
    return rc;
}

/* ---- presenting ---- */

int station_present(station *st, const uint8_t *code, size_t len, int64_t t_ms,
                    bool *fresh, struct station_result *out,
                    struct ck_error *err)
{
    *fresh = debounce_seen(st->db, code, len, t_ms);
    if (!*fresh)
        return CK_OK;
    return station_scan(st, code, len, station_clock(st, t_ms), out, err);
}

int64_t station_source_now(const station *st)
{
    return util_mono_ms() - st->mono_start;
}
