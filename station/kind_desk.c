/* The registration desk's rules (see station.h): a first check-in, a
 * second one warned with when and where, a refusal a supervisor may
 * overrule, and what the desk alone offers: search by name, manual
 * check-in, overrides, reprints and the print hook's outcomes.  Not for
 * what every kind shares (station.c) nor for printing itself (the hook
 * the command line wires, runtime/desk_print.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "checkin/atomic_file.h"
#include "checkin/jobs.h"
#include "checkin/supervisor.h"
#include "checkin/text.h"
#include "kind.h"

/* Add tutorial `t`'s title, room and slot to `r`'s texts (`used` bytes
 * of STATION_TUTORIAL_TEXTS_CAP taken); false, and nothing shown, when
 * they no longer fit. */
static bool add_tutorial(const station *st, const struct tutorial_info *t,
                         struct station_result *r, size_t *used)
{
    char slot[32];
    station_slot_text(st, t, slot, sizeof(slot));
    const char *text[3] = {t->title, t->room, slot};
    size_t len[3], need = 0;
    for (int k = 0; k < 3; k++)
        need += len[k] = strlen(text[k]) + 1;
    if (need > STATION_TUTORIAL_TEXTS_CAP - *used)
        return false;
    struct station_tutorial *o = &r->priv.tutorials[r->priv.ntutorials];
    uint32_t *at[3] = {&o->title, &o->room, &o->slot};
    for (int k = 0; k < 3; k++)
        if (!station_result_text(r, text[k], len[k] - 1, at[k]))
            return false; /* out of memory: counted, as one past the cap */
    r->priv.ntutorials++;
    *used += need;
    return true;
}

/* Fill the attendee's details the desk shows. */
static int attendee_details(station *st, int64_t id, struct station_result *r,
                            struct attendee_list *l, struct ck_error *err)
{
    int code = store_attendee_get(st->s, id, l, err);
    if (code)
        return code;
    const struct attendee *a = &l->items[0];
    snprintf(r->given_name, sizeof(r->given_name), "%s", a->given_name);
    r->name_whole = !a->family_name || !a->family_name[0];
    snprintf(r->pronouns, sizeof(r->pronouns), "%s", a->pronouns);
    snprintf(r->ticket_type, sizeof(r->ticket_type), "%s",
             a->ticket_type_label);
    snprintf(r->order_code, sizeof(r->order_code), "%s", a->order_code);
    snprintf(r->order_status, sizeof(r->order_status), "%s",
             order_status_str(a->status));
    /* Tutorial titles rather than slugs, for people to read. */
    r->priv.ntutorials = r->tutorials_more = 0;
    size_t used = 0;
    if (a->ntutorials && !r->priv.tutorials) {
        size_t n = a->ntutorials < ATTENDEE_MAX_TUTORIALS
                       ? a->ntutorials
                       : ATTENDEE_MAX_TUTORIALS;
        r->priv.tutorials = malloc(n * sizeof(*r->priv.tutorials));
        if (!r->priv.tutorials)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    int64_t starts[ATTENDEE_MAX_TUTORIALS], ends[ATTENDEE_MAX_TUTORIALS];
    for (size_t i = 0; i < a->ntutorials; i++) {
        struct tutorial_info t;
        code = journal_tutorial(st->j, a->tutorials[i], &t, err);
        if (code == CK_ENOTFOUND)
            continue; /* a tutorial since removed from the event */
        if (code)
            return code; /* not a shorter list passed off as the whole */
        if (r->priv.ntutorials == ATTENDEE_MAX_TUTORIALS)
            break; /* the store holds no more than this (import) */
        /* Earliest first: after one that did not fit, none is shown. */
        if (r->tutorials_more || !add_tutorial(st, &t, r, &used)) {
            r->tutorials_more++;
            continue;
        }
        /* Booked into two at once: both marked, for the desk to ask. */
        size_t k = r->priv.ntutorials - 1;
        starts[k] = t.starts_at;
        ends[k] = t.ends_at;
        r->priv.tutorials[k].clash = false;
        for (size_t j = 0; j < k; j++)
            if (starts[j] < ends[k] && starts[k] < ends[j])
                r->priv.tutorials[j].clash = r->priv.tutorials[k].clash = true;
    }
    return CK_OK;
}

/* The person's earlier admissions (the journal's first four) into
 * r->priv.earlier, their texts into r's texts; with `before`, only those
 * journaled before the decision of `r` (a read sent again: those its
 * decision found), at decided_ms for a kept read, whose row has that
 * time, else at_ms. */
static int history_text(station *st, struct station_result *r, bool before,
                        struct ck_error *err)
{
    struct scan_fact f[4];
    size_t n;
    int code = journal_history(st->j, r->ticket_id, f, 4, &n, err);
    /* Oldest first: the decision's own row and any later are the last. */
    int64_t decided = r->decided_ms ? r->decided_ms : r->at_ms;
    while (!code && before && n && f[n - 1].at_ms >= decided)
        n--;
    if (code || !n)
        return code;
    r->priv.earlier = malloc(n * sizeof(*r->priv.earlier));
    if (!r->priv.earlier)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; i < n; i++) {
        struct station_earlier *e = &r->priv.earlier[i];
        e->when_ms = f[i].at_ms;
        const struct station_kind *k = station_kind_of(f[i].mode);
        e->what = k ? k->history : scan_mode_str(f[i].mode);
        if (!station_result_text(r, f[i].target, strlen(f[i].target),
                                 &e->target) ||
            !station_result_text(r, f[i].station, strlen(f[i].station),
                                 &e->station))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        r->priv.nearlier++;
    }
    return CK_OK;
}

/* What a supervisor may overrule at the desk: the registration's payment
 * or cancellation, never the code itself (unknown, forged, superseded) and
 * never a rehearsal's order at a live station. */
static bool may_override(const station *st, const struct verdict *vd)
{
    return !st->cfg.self_service && vd->attendee_id &&
           (vd->reason == BADGE_REASON_UNPAID ||
            vd->reason == BADGE_REASON_CANCELLED) &&
           !vd->superseded && (!vd->testmode || st->cfg.rehearsal);
}

static int desk_rules(station *st, const struct verdict *vd,
                      struct station_result *r, struct ck_error *err)
{
    if (!vd->valid) {
        station_verdict(r, DECISION_DENY, station_reason_of_badge(vd->reason));
        if (may_override(st, vd)) {
            bool found;
            struct scan_fact first;
            int code = journal_first_checkin(st->j, vd->ticket_id, &found,
                                             &first, err);
            if (code)
                return code;
            r->overridable = !found;
        }
        return CK_OK;
    }
    if (station_test_order_refused(st, vd, r))
        return CK_OK;
    bool found;
    int code = station_day_refused(st, vd, r, &found, err);
    if (code || found)
        return code;
    struct scan_fact first;
    code = journal_first_checkin(st->j, vd->ticket_id, &found, &first, err);
    if (code)
        return code;
    if (found) {
        r->first_ms = first.at_ms;
        snprintf(r->first_station, sizeof(r->first_station), "%s",
                 first.station);
        station_verdict(r, DECISION_WARN, STATION_REASON_ALREADY_CHECKED_IN);
        return CK_OK;
    }
    /* A first check-in waits for pretix's questions (issue 49). */
    station_verdict(r, DECISION_ADMIT, STATION_REASON_CHECKED_IN);
    bool asking;
    return station_ask(st, vd, r, &asking, err);
}

/* The reason token of an override: what it overruled. */
static enum station_reason override_token(const struct verdict *vd)
{
    if (vd->reason == BADGE_REASON_UNPAID)
        return STATION_REASON_OVERRIDE_UNPAID;
    return vd->status == STATUS_REFUNDED ? STATION_REASON_OVERRIDE_REFUNDED
                                         : STATION_REASON_OVERRIDE_CANCELLED;
}

/* A supervisor's override of `vd` (station_override checked it may be). */
static void override_rules(const struct verdict *vd, const char *why,
                           struct station_result *r)
{
    station_verdict(r, DECISION_ADMIT, override_token(vd));
    snprintf(r->override, sizeof(r->override), "%s", why);
}

/* The event's name may have changed. */
static void desk_refresh(station *st, const char *event_name)
{
    snprintf(st->title, sizeof(st->title), "Registration desk: %s", event_name);
}

static int desk_open(station *st, const char *event_name, struct ck_error *err)
{
    (void)err; /* the desk has no target to look for */
    desk_refresh(st, event_name);
    return CK_OK;
}

/* Everyone checked in, at every desk in the file. */
static int desk_count(station *st, struct journal_counts *out,
                      struct ck_error *err)
{
    return journal_counts(st->j, NULL, NULL, out, err);
}

static int group_offer(station *st, struct station_result *r,
                       struct ck_error *err);

/* A check-in, or a supervisor's override; then who the person is, their
 * tutorials and where they were admitted before. */
static int desk_decide(station *st, const struct verdict *vd,
                       const char *override, struct station_result *r,
                       struct ck_error *err)
{
    int rc = CK_OK;
    if (override)
        override_rules(vd, override, r);
    else
        rc = desk_rules(st, vd, r, err);
    if (!rc)
        rc = station_show_answers(st, "", r, err);
    if (rc || !r->attendee_id)
        return rc;
    r->undoable = !st->cfg.self_service &&
                  (r->decision == DECISION_ADMIT ||
                   r->reason == STATION_REASON_ALREADY_CHECKED_IN);
    struct attendee_list l = {0};
    rc = attendee_details(st, r->attendee_id, r, &l, err);
    attendee_list_free(&l);
    if (!rc)
        rc = history_text(st, r, false, err);
    if (!rc && !st->cfg.self_service &&
        (r->decision == DECISION_ADMIT ||
         r->reason == STATION_REASON_ALREADY_CHECKED_IN))
        rc = group_offer(st, r, err);
    if (!rc && (r->decision == DECISION_ADMIT ||
                r->reason == STATION_REASON_ALREADY_CHECKED_IN))
        station_desk_preprint(st, r);
    if (!rc)
        rc = station_desk_needs(st, r, err);
    return rc;
}

/* A first check-in at a desk with a printer owes the badge and one ticket
 * per tutorial bought: queued here, in the check-in's own transaction and
 * naming its journal row, so that a crash leaves both or neither
 * (docs/admission.md, "A check-in and its badge jobs in one
 * transaction").  A label already sent or printed (`checkin print` before
 * the event) is not queued again; a cancelled or refunded order let in on
 * an override gets none, as the printer would refuse it. */
static int desk_owed(station *st, const struct verdict *vd,
                     const struct station_result *r, int64_t seq,
                     struct ck_error *err)
{
    (void)vd;
    /* A pre-printed badge waits in its box (issue 55): nothing queued. */
    if (r->decision != DECISION_ADMIT || !r->attendee_id ||
        !st->cfg.print_printer || r->preprint_box[0])
        return CK_OK;
    struct attendee_list l;
    int code = store_attendee_get(st->s, r->attendee_id, &l, err);
    if (code)
        return code;
    const struct attendee *a = &l.items[0];
    const char *station_id = journal_station_id(st->j);
    const char *printer = st->cfg.print_printer;
    bool done = false;
    int64_t job;
    if (a->status == STATUS_CANCELLED || a->status == STATUS_REFUNDED)
        goto out;
    code = jobs_label_done(st->s, a->id, JOB_BADGE, 0, &done, err);
    if (!code && !done)
        code = jobs_add_with_checkin(st->s, a->id, JOB_BADGE, 0,
                                     st->cfg.print_badge_template, printer,
                                     station_id, seq, &job, err);
    for (size_t i = 0; !code && i < a->ntutorials; i++) {
        int64_t tid;
        code = store_tutorial_id(st->s, a->tutorials[i], &tid, err);
        if (code == CK_ENOTFOUND) {
            code = CK_OK; /* a tutorial since removed from the event */
            continue;
        }
        if (!code)
            code = jobs_label_done(st->s, a->id, JOB_TICKET, tid, &done, err);
        if (!code && !done)
            code = jobs_add_with_checkin(st->s, a->id, JOB_TICKET, tid,
                                         st->cfg.print_ticket_template, printer,
                                         station_id, seq, &job, err);
    }
out:
    attendee_list_free(&l);
    return code;
}

/* A first check-in: the badge and tutorial tickets are owed, printed once
 * the verdict is shown (station_print). */
static void desk_admitted(station *st, struct station_result *r)
{
    st->c.checked_in++;
    r->print = st->cfg.print && !r->preprint_box[0] ? STATION_PRINT_OWED
                                                    : STATION_PRINT_NONE;
}

/* A read sent again: what desk_decide showed of the person, by its own
 * functions at the read's time: their details and tutorials
 * (the tickets handed with the badge) and the answers from their row as
 * it is, their admissions before the decision, when and where a second
 * check-in's first one was, its labels queued at a desk that prints.  Not
 * the group's offer, nor a print's outcome: both are the first answer's
 * moment (docs/phones.md).  A step that fails leaves
 * its part out; the verdict stands. */
static void desk_again(station *st, struct station_result *r)
{
    if (!r->attendee_id)
        return;
    struct ck_error ignored = {0};
    r->undoable = !st->cfg.self_service &&
                  (r->decision == DECISION_ADMIT ||
                   r->reason == STATION_REASON_ALREADY_CHECKED_IN);
    if (station_show_answers(st, "", r, &ignored))
        r->priv.nanswers = 0; /* none shown rather than some */
    struct attendee_list l = {0};
    (void)attendee_details(st, r->attendee_id, r, &l, &ignored);
    attendee_list_free(&l);
    (void)history_text(st, r, true, &ignored);
    /* The labels a check-in owes at a desk that prints (desk_admitted):
     * the phone says to hand them over, as the first time.  Queued, not
     * owed: no repeat reaches station_print, nothing prints again. */
    if (r->decision == DECISION_ADMIT && st->cfg.print)
        r->print = STATION_PRINT_QUEUED;
    bool found = false;
    struct scan_fact first;
    if (r->reason == STATION_REASON_ALREADY_CHECKED_IN &&
        !journal_first_checkin(st->j, r->ticket_id, &found, &first, &ignored) &&
        found) {
        r->first_ms = first.at_ms;
        snprintf(r->first_station, sizeof(r->first_station), "%s",
                 first.station);
    }
    /* The still-needs line, as the first answer gave it: its check-in is
     * in the file now, so what it ticked is read there. */
    (void)station_desk_needs(st, r, &ignored);
}

/* The walk-in forms' tutorials the desk's state holds. */
static void desk_close(station *st)
{
    free(station_desk_of(st)->tuts.t);
}

const struct station_kind station_kind_desk = {
    .name = "desk",
    .target = NULL,
    .hub = true,
    .mode = SCAN_DESK,
    .traits = STATION_TRAIT_PERSONAL | STATION_TRAIT_CHECKS_IN |
              STATION_TRAIT_SEARCHES | STATION_TRAIT_WALKINS |
              STATION_TRAIT_CORRECTS | STATION_TRAIT_OVERRIDES |
              STATION_TRAIT_UNDOES | STATION_TRAIT_ACCEPTS_PIN |
              STATION_TRAIT_PRINTS | STATION_TRAIT_ASKS,
    .acknowledges = true,
    .history = "checked in",
    .state_size = sizeof(struct desk_state),
    .close = desk_close,
    .open = desk_open,
    .refresh = desk_refresh,
    .count = desk_count,
    .rules = desk_decide,
    .owed = desk_owed,
    .admitted = desk_admitted,
    .again = desk_again,
};

/* Remember a print an asynchronous hook queued. */
static void add_pending(station *st, int64_t attendee_id, int64_t seq,
                        const char *ticket_id, const char *badge_name)
{
    struct station_prints *own = station_prints_of(st);
    if (!own)
        return;
    if (own->npending == sizeof(own->pending) / sizeof(own->pending[0])) {
        memmove(own->pending, own->pending + 1,
                (own->npending - 1) * sizeof(own->pending[0]));
        own->npending--; /* its outcome will come back unnamed */
    }
    struct pending_print *pp = &own->pending[own->npending++];
    pp->attendee_id = attendee_id;
    pp->seq = seq;
    snprintf(pp->ticket_id, sizeof(pp->ticket_id), "%s", ticket_id);
    snprintf(pp->badge_name, sizeof(pp->badge_name), "%s", badge_name);
}

static bool group_print(station *st, struct station_result *r);

bool station_print(station *st, struct station_result *r)
{
    if (r->print != STATION_PRINT_OWED)
        return false;
    if (r->reason == STATION_REASON_GROUP_CHECKED_IN)
        return group_print(st, r);
    struct ck_error perr = {0};
    bool confirmed = false;
    if (st->cfg.print(st->cfg.print_ctx, r->attendee_id, NULL, &confirmed,
                      &perr) != CK_OK) {
        station_result_set_print_error(r, &perr); /* or none */
        r->print = STATION_PRINT_FAILED;
    } else if (st->cfg.print_poll) {
        r->print = STATION_PRINT_QUEUED;
        add_pending(st, r->attendee_id, r->seq, r->ticket_id, r->badge_name);
    } else {
        r->print = confirmed ? STATION_PRINT_PRINTED : STATION_PRINT_SENT;
    }
    return true;
}

bool station_print_outcome(station *st, int wait_ms, struct station_result *r)
{
    struct station_prints *own = station_prints_of(st);
    struct station_print_done done;
    if (!st->cfg.print_poll ||
        !st->cfg.print_poll(st->cfg.print_ctx, wait_ms, &done))
        return false;
    station_begin_result(st, station_clock(st, station_source_now(st)), r);
    r->decision = DECISION_ADMIT;
    r->attendee_id = done.attendee_id;
    r->print = done.printed        ? STATION_PRINT_PRINTED
               : done.sent         ? STATION_PRINT_SENT
               : done.error.msg[0] ? STATION_PRINT_FAILED
                                   : STATION_PRINT_NONE;
    station_result_set_print_error(r, &done.error); /* or none */
    r->labels = done.labels;
    snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", done.ticket_id);
    snprintf(r->badge_name, sizeof(r->badge_name), "%s", done.badge_name);
    for (size_t i = 0; own && i < own->npending; i++) {
        struct pending_print *pp = &own->pending[i];
        if (pp->attendee_id != done.attendee_id)
            continue;
        r->seq = pp->seq;
        snprintf(r->ticket_id, sizeof(r->ticket_id), "%s", pp->ticket_id);
        snprintf(r->badge_name, sizeof(r->badge_name), "%s", pp->badge_name);
        memmove(pp, pp + 1, (own->npending - i - 1) * sizeof(*pp));
        own->npending--;
        break;
    }
    r->counters = st->c;
    return true;
}

int station_search(station *st, const char *query, struct attendee_list *out,
                   struct ck_error *err)
{
    if (st->kind != &station_kind_desk)
        return ck_fail(err, CK_EINVAL,
                       "Searching by name is for the registration desk; "
                       "send the attendee there.");
    /* The first 9 in name order; the count, which no screen shows, need
     * not read a 1,000,000-person file for a common name. */
    return store_attendee_search_bounded(st->s, query, 9, out, err);
}

int station_attendee(const station *st, int64_t attendee_id,
                     struct attendee_list *out, struct ck_error *err)
{
    if (st->kind != &station_kind_desk)
        return ck_fail(err, CK_EINVAL,
                       "Corrections are made at the registration desk; "
                       "send the attendee there.");
    return store_attendee_get(st->s, attendee_id, out, err);
}

int station_checked_in(station *st, int64_t attendee_id, bool *out,
                       struct ck_error *err)
{
    *out = false;
    struct attendee_list l = {0};
    int code = station_attendee(st, attendee_id, &l, err);
    struct scan_fact first;
    if (!code && l.n)
        code = journal_first_checkin(st->j, l.items[0].ticket_id, out, &first,
                                     err);
    attendee_list_free(&l);
    return code;
}

int station_reverify(station *st, const uint8_t **code, size_t *len,
                     int64_t attendee_id, char manual[128], struct verdict *vd,
                     struct ck_error *err)
{
    if (!*code) {
        int rc =
            station_attendee_verdict(st, attendee_id, vd, manual, len, err);
        *code = (const uint8_t *)manual;
        return rc;
    }
    int rc = verifier_check(st->v, *code, *len, vd, err);
    if (!rc && attendee_id && vd->attendee_id != attendee_id)
        rc = ck_fail(err, CK_EINVAL,
                     "This code is not the person on the screen; scan "
                     "their code again.");
    return rc;
}

int station_attendee_verdict(station *st, int64_t id, struct verdict *vd,
                             char code[128], size_t *len, struct ck_error *err)
{
    struct attendee_list l;
    int rc = store_attendee_get(st->s, id, &l, err);
    if (rc)
        return rc;
    const struct attendee *a = &l.items[0];
    memset(vd, 0, sizeof(*vd));
    vd->attendee_id = a->id;
    vd->status = a->status;
    vd->testmode = a->testmode;
    vd->reason = a->status == STATUS_PAID      ? BADGE_REASON_VALID
                 : a->status == STATUS_PENDING ? BADGE_REASON_UNPAID
                                               : BADGE_REASON_CANCELLED;
    vd->valid = vd->reason == BADGE_REASON_VALID;
    snprintf(vd->ticket_id, sizeof(vd->ticket_id), "%s", a->ticket_id);
    snprintf(vd->badge_name, sizeof(vd->badge_name), "%s", a->badge_name);
    snprintf(vd->ticket_type, sizeof(vd->ticket_type), "%s", a->ticket_type);
    attendee_list_free(&l);
    int n = snprintf(code, 128, "manual:%s", vd->ticket_id);
    *len = n > 0 && n < 128 ? (size_t)n : strlen(code);
    return CK_OK;
}

int station_checkin_manual(station *st, int64_t attendee_id, int64_t at_ms,
                           struct station_result *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    if (st->kind != &station_kind_desk)
        return ck_fail(err, CK_EINVAL,
                       "Manual check-in is for the registration desk.");
    station_begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    bool locked = journal_begin(st->j, &lock_err) == CK_OK;
    struct verdict vd;
    char code[128];
    size_t len;
    int rc = station_attendee_verdict(st, attendee_id, &vd, code, &len, err);
    if (!rc)
        rc = station_conclude(st, &vd, (const uint8_t *)code, len, locked,
                              &lock_err, NULL, out, err);
    if (rc)
        journal_rollback(st->j);
    return rc;
}

/* The reason a supervisor gave, as journaled: one line, trimmed, at least
 * STATION_OVERRIDE_MIN characters. */
static int override_reason(const char *reason, char *out, size_t cap,
                           struct ck_error *err)
{
    size_t n = reason ? strlen(reason) : 0;
    if (n >= cap)
        return ck_fail(err, CK_EINVAL,
                       "The override's reason is %zu bytes long; say it in "
                       "under %zu.",
                       n, cap - 1);
    snprintf(out, cap, "%s", reason ? reason : "");
    if (!text_clean_field(out))
        return ck_fail(err, CK_EINVAL,
                       "The override's reason has characters that are not "
                       "text; type it again.");
    if (text_length(out) < STATION_OVERRIDE_MIN)
        return ck_fail(err, CK_EINVAL,
                       "An override needs the supervisor's reason in a few "
                       "words (such as 'paid in cash at the desk'); type it "
                       "and confirm again.");
    return CK_OK;
}

/* Whether the supervisor may overrule the desk for `vd`: CK_OK, or the
 * sentence why not.  Under the journal's lock, so that "checked in
 * already" is every station's. */
static int override_allowed(station *st, const struct verdict *vd,
                            int64_t at_ms, struct ck_error *err)
{
    if (vd->valid)
        return ck_fail(err, CK_EINVAL,
                       "This registration is paid and admits without an "
                       "override; scan it again.");
    if (!vd->attendee_id || (vd->reason != BADGE_REASON_UNPAID &&
                             vd->reason != BADGE_REASON_CANCELLED))
        return ck_fail(err, CK_EINVAL,
                       "Only an unpaid, cancelled or refunded registration "
                       "can be overridden, and this code is not one (%s); "
                       "search for the attendee by name.",
                       badge_reason_name(vd->reason));
    if (vd->superseded)
        return ck_fail(err, CK_EINVAL,
                       "This code was replaced by a newer one and cannot be "
                       "overridden; search for the attendee by name and "
                       "override from there.");
    if (vd->testmode && !st->cfg.rehearsal)
        return ck_fail(err, CK_EINVAL,
                       "This is a pretix test-mode order, for rehearsals "
                       "only; no override admits it to the event.");
    bool found;
    struct scan_fact first;
    int code = journal_first_checkin(st->j, vd->ticket_id, &found, &first, err);
    if (code || !found)
        return code;
    char when[32];
    station_when_text(st, first.at_ms, at_ms, when, sizeof(when));
    return ck_fail(err, CK_EINVAL,
                   "Already checked in at %s at %s; there is nothing to "
                   "override.",
                   when, first.station);
}

/* Wipe a PIN the caller handed over. */
static void wipe(char *pin)
{
    if (pin)
        sodium_memzero(pin, strlen(pin));
}

bool station_supervised(const station *st)
{
    long n = 0;
    struct ck_error ignored = {0};
    return supervisor_count(st->s, &n, &ignored) == CK_OK && n > 0;
}

const char *station_supervisor_notice(station *st)
{
    if (st->kind != &station_kind_desk || st->cfg.self_service ||
        station_supervised(st))
        return NULL;
    return "No supervisor is set for this event, so anyone at this desk can "
           "override and reprint; add one with 'checkin event EVENT.db "
           "--supervisor NAME'.";
}

/* Who allows a supervisor's action: the supervisor whose PIN `pin` is
 * (wiped), into `name`; at an event without supervisors, "" when the
 * action was everyone's before (`always` false), else the refusal.
 * Outside the journal's transaction: a check takes about 0.1 s per
 * supervisor, and no scan should wait on it (docs/admission.md). */
static int authorize(station *st, char *pin, bool always, const char *what,
                     int64_t at_ms, char name[SUPERVISOR_NAME_CAP],
                     struct ck_error *err)
{
    name[0] = '\0';
    if (!station_supervised(st)) {
        wipe(pin);
        if (!always)
            return CK_OK;
        return ck_fail(err, CK_EINVAL,
                       "%s needs a supervisor's PIN, and no supervisor is set "
                       "for this event; add one with 'checkin event EVENT.db "
                       "--supervisor NAME' on the organizer's laptop.",
                       what);
    }
    return supervisor_check(st->s, pin, at_ms, name, err);
}

int station_override(station *st, const uint8_t *code, size_t len,
                     int64_t attendee_id, const char *reason, char *pin,
                     int64_t at_ms, struct station_result *out,
                     struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    int rc = CK_OK;
    if (st->kind != &station_kind_desk)
        rc = ck_fail(err, CK_EINVAL,
                     "Overrides are made at the registration desk; send "
                     "the person there.");
    else if (st->cfg.self_service)
        rc = ck_fail(err, CK_EINVAL,
                     "This desk is a self check-in kiosk and takes no "
                     "overrides; send the person to a staffed desk.");
    else if (!code && !attendee_id)
        rc = ck_fail(err, CK_EINVAL,
                     "Scan the person's code or find them by name first, "
                     "then override.");
    char why[JOURNAL_OVERRIDE_CAP + 1];
    if (!rc)
        rc = override_reason(reason, why, sizeof(why), err);
    char who[SUPERVISOR_NAME_CAP];
    if (!rc)
        rc = authorize(st, pin, false, "An override", at_ms, who, err);
    wipe(pin);
    if (rc)
        return rc;
    station_begin_result(st, at_ms, out);
    snprintf(out->supervisor, sizeof(out->supervisor), "%s", who);
    struct ck_error lock_err = {0};
    if (journal_begin(st->j, &lock_err))
        return ck_wrap(err, lock_err.code, &lock_err,
                       "%s Nothing was overridden; try again.");
    struct verdict vd;
    char manual[128];
    rc = station_reverify(st, &code, &len, attendee_id, manual, &vd, err);
    if (!rc)
        rc = override_allowed(st, &vd, at_ms, err);
    if (!rc)
        rc = station_conclude(st, &vd, code, len, true, &lock_err, why, out,
                              err);
    if (rc) {
        journal_rollback(st->j);
        station_result_free(out);
    }
    return rc;
}

int station_reprint(station *st, int64_t attendee_id, const char *reason,
                    char *pin, struct ck_error *err)
{
    int rc = CK_OK;
    if (!station_has(st, STATION_TRAIT_PRINTS))
        rc = ck_fail(err, CK_EINVAL, "Reprints are made at the desk.");
    else if (!reason || !*reason)
        rc = ck_fail(err, CK_EINVAL,
                     "A reprint needs a reason (lost, damaged, name "
                     "changed ...).");
    else if (!st->cfg.print)
        rc = ck_fail(err, CK_EDEVICE,
                     "This desk has no printer; start it with --printer.");
    char who[SUPERVISOR_NAME_CAP];
    if (!rc)
        rc = authorize(st, pin, false, "A reprint",
                       station_clock(st, station_source_now(st)), who, err);
    wipe(pin);
    if (rc)
        return rc;
    /* The print job keeps the reason; the supervisor who allowed it goes
     * with it, as a reprint has no journal row. */
    char why[600];
    snprintf(why, sizeof(why), "%s%s%s%s", reason, who[0] ? " (" : "", who,
             who[0] ? ")" : "");
    bool confirmed;
    rc = st->cfg.print(st->cfg.print_ctx, attendee_id, why, &confirmed, err);
    if (!rc && st->cfg.print_poll)
        add_pending(st, attendee_id, 0, "", "");
    return rc;
}

size_t station_prints_pending(const station *st)
{
    const struct station_prints *own = station_prints_of(st);
    return own ? own->npending : 0;
}

/* Whether the hub this station syncs with can pass an undo on: the sync
 * notes the hub's format in the file (setting 'hub.format'); a file
 * never synced, or not enrolled, has none and decides alone. */
static int hub_takes_undo(station *st, struct ck_error *err)
{
    long format = 0;
    struct ck_error ignored = {0};
    if (supervisor_hub_format(st->s, &format, &ignored) != CK_OK ||
        format == 0 || format >= 8)
        return CK_OK;
    return ck_fail(err, CK_EINVAL,
                   "The hub of this event is of an older format (%ld), which "
                   "cannot pass this on to the other stations; run 'checkin "
                   "sync EVENT.db' once on the organizer's laptop, then try "
                   "again.",
                   format);
}

/* The supervisor's words for an undo, as journaled: one line, trimmed,
 * and may be empty (the row and its name say what happened). */
static int undo_words(const char *words, char *out, size_t cap,
                      struct ck_error *err)
{
    size_t n = words ? strlen(words) : 0;
    if (n >= cap)
        return ck_fail(err, CK_EINVAL,
                       "The words for the undo are %zu bytes long; say it in "
                       "under %zu.",
                       n, cap - 1);
    snprintf(out, cap, "%s", words ? words : "");
    if (!text_clean_field(out))
        return ck_fail(err, CK_EINVAL,
                       "The words for the undo have characters that are not "
                       "text; type them again.");
    return CK_OK;
}

/* What became of the badge handed out after an undo: superseded, or why
 * it could not be (the sentence is the displays', from the supervisor in
 * `out`, the name and this). */
static void undone_badge(station *st, struct station_result *out)
{
    struct ck_error berr = {0};
    if (!st->cfg.supersede) {
        out->undo_badge = STATION_UNDO_BADGE_NONE;
    } else if (st->cfg.supersede(st->cfg.print_ctx, st->s, out->attendee_id,
                                 &berr) == CK_OK) {
        out->undo_badge = STATION_UNDO_BADGE_SUPERSEDED;
    } else {
        out->undo_badge = STATION_UNDO_BADGE_ADMITS;
        /* Out of memory, the undo stands and the sentence says less. */
        if (!station_result_text(out, berr.msg, strlen(berr.msg),
                                 &out->undo_badge_error))
            out->undo_badge_error = UINT32_MAX;
    }
    station_verdict(out, DECISION_WARN, STATION_REASON_UNDONE);
}

int station_undo(station *st, int64_t attendee_id, const char *words, char *pin,
                 int64_t at_ms, struct station_result *out,
                 struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    int rc = CK_OK;
    if (station_is_counter(st)) {
        wipe(pin);
        return station_counter_undo(st, attendee_id, words, at_ms, out, err);
    }
    if (st->kind != &station_kind_desk)
        rc = ck_fail(err, CK_EINVAL,
                     "A check-in is undone at the registration desk; send "
                     "the person there.");
    else if (st->cfg.self_service)
        rc = ck_fail(err, CK_EINVAL,
                     "This desk is a self check-in kiosk and undoes nothing; "
                     "send the person to a staffed desk.");
    else if (!attendee_id)
        rc = ck_fail(err, CK_EINVAL,
                     "Scan the person's code or find them by name first, "
                     "then undo.");
    char why[JOURNAL_OVERRIDE_CAP + 1] = "";
    if (!rc)
        rc = undo_words(words, why, sizeof(why), err);
    if (!rc)
        rc = hub_takes_undo(st, err);
    char who[SUPERVISOR_NAME_CAP];
    if (!rc)
        rc = authorize(st, pin, true, "Undoing a check-in", at_ms, who, err);
    wipe(pin);
    if (rc)
        return rc;
    station_begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    if (journal_begin(st->j, &lock_err))
        return ck_wrap(err, lock_err.code, &lock_err,
                       "%s Nothing was undone; try again.");
    struct attendee_list l = {0};
    struct journal_ref refs[16];
    size_t n = 0;
    rc = store_attendee_get(st->s, attendee_id, &l, err);
    if (!rc)
        rc = journal_checkin_refs(st->j, l.items[0].ticket_id, refs,
                                  sizeof(refs) / sizeof(refs[0]), &n, err);
    if (!rc && n == 0)
        rc = ck_fail(err, CK_EINVAL,
                     "%s is not checked in (or the check-in was undone "
                     "already); there is nothing to undo.",
                     l.items[0].badge_name);
    for (size_t i = 0; !rc && i < n; i++)
        rc = journal_undo(st->j, &refs[i], at_ms, who, why[0] ? why : NULL,
                          &out->seq, err);
    if (!rc)
        rc = journal_commit(st->j, err);
    if (rc) {
        journal_rollback(st->j);
        attendee_list_free(&l);
        station_result_free(out);
        return rc;
    }
    const struct attendee *a = &l.items[0];
    out->attendee_id = a->id;
    out->undone = (int)n;
    snprintf(out->ticket_id, sizeof(out->ticket_id), "%s", a->ticket_id);
    snprintf(out->badge_name, sizeof(out->badge_name), "%s", a->badge_name);
    snprintf(out->supervisor, sizeof(out->supervisor), "%s", who);
    snprintf(out->order_status, sizeof(out->order_status), "%s",
             order_status_str(a->status));
    snprintf(out->ticket_type, sizeof(out->ticket_type), "%s",
             a->ticket_type_label);
    snprintf(out->order_code, sizeof(out->order_code), "%s", a->order_code);
    snprintf(out->given_name, sizeof(out->given_name), "%s", a->given_name);
    attendee_list_free(&l);
    undone_badge(st, out);
    struct journal_counts c;
    struct ck_error ignored = {0};
    if (journal_counts(st->j, NULL, NULL, &c, &ignored) == CK_OK)
        st->c.checked_in = c.checked_in;
    out->counters = st->c;
    return CK_OK;
}

/* ---- groups (issue 30.5; docs/admission.md, "Groups") ---- */

/* Why `a` cannot join a group's check-in as the desk sees it now (NULL:
 * it can); the confirm checks again under the lock. */
static const char *left_out(const station *st, const struct attendee *a)
{
    if (a->status == STATUS_PENDING)
        return "not paid";
    if (a->status == STATUS_CANCELLED)
        return "cancelled";
    if (a->status == STATUS_REFUNDED)
        return "refunded";
    if (a->testmode && !st->cfg.rehearsal)
        return "a pretix test order";
    return NULL;
}

/* Add `a` to `r`'s group (room for STATION_GROUP_MAX made by the
 * caller): false, and nothing added, when its name does not fit beside
 * the others' (it waits for the second confirm) or memory ran out. */
static bool member_add(struct station_result *r, const struct attendee *a)
{
    size_t used = r->group_names_used;
    size_t len = strlen(a->badge_name) + 1;
    if (r->priv.ngroup == STATION_GROUP_MAX ||
        (used && len > STATION_GROUP_NAMES_CAP - used))
        return false;
    if (len > STATION_GROUP_NAMES_CAP) /* longer than a badge name can be */
        len = STATION_GROUP_NAMES_CAP;
    struct station_group_member *m = &r->priv.group[r->priv.ngroup];
    memset(m, 0, sizeof(*m));
    if (!station_result_text(r, a->badge_name, len - 1, &m->name))
        return false;
    r->priv.ngroup++;
    r->group_names_used = used + len;
    m->attendee_id = a->id;
    snprintf(m->ticket_id, sizeof(m->ticket_id), "%s", a->ticket_id);
    m->order_status = order_status_str(a->status);
    m->why = "";
    return true;
}

/* `m`'s tutorials (`a`'s) into `r`'s texts, titles rather than slugs,
 * earliest first; those past STATION_GROUP_TUTORIALS_CAP counted. */
static int member_tutorials(const station *st, struct station_result *r,
                            struct station_group_member *m,
                            const struct attendee *a, struct ck_error *err)
{
    m->tutorials = (uint32_t)r->priv.texts_len;
    for (size_t i = 0; i < a->ntutorials; i++) {
        struct tutorial_info t;
        int code = journal_tutorial(st->j, a->tutorials[i], &t, err);
        if (code == CK_ENOTFOUND)
            continue; /* a tutorial since removed from the event */
        if (code)
            return code;
        char slot[32];
        station_slot_text(st, &t, slot, sizeof(slot));
        const char *text[3] = {t.title, t.room, slot};
        size_t need = 0;
        for (int k = 0; k < 3; k++)
            need += strlen(text[k]) + 1;
        /* Earliest first: after one that did not fit, none is shown. */
        if (m->tutorials_more || m->ntutorials == UINT8_MAX ||
            need > STATION_GROUP_TUTORIALS_CAP - r->group_tutorials_used) {
            if (m->tutorials_more < UINT8_MAX)
                m->tutorials_more++;
            continue;
        }
        uint32_t at;
        for (int k = 0; k < 3; k++)
            if (!station_result_text(r, text[k], strlen(text[k]), &at))
                return ck_fail(err, CK_ENOMEM, "Out of memory.");
        r->group_tutorials_used += need;
        m->ntutorials++;
    }
    return CK_OK;
}

/* The others of the person's order who are not checked in, offered under
 * the verdict: "3 more in order ABC12: Ana, Ben, Chi.  Enter checks them
 * in too."  Those who cannot be (unpaid, cancelled) are shown, not
 * offered. */
static int group_offer(station *st, struct station_result *r,
                       struct ck_error *err)
{
    r->priv.ngroup = r->group_more = r->group_overridable = 0;
    r->group_names_used = r->group_tutorials_used = 0;
    r->group_offer = false;
    struct attendee_list l;
    int rc = store_attendee_order(st->s, r->order_code, &l, err);
    if (rc)
        return rc;
    free(r->priv.group);
    r->priv.group = NULL;
    if (l.n) {
        size_t n = l.n < STATION_GROUP_MAX ? l.n : STATION_GROUP_MAX;
        r->priv.group = malloc(n * sizeof(*r->priv.group));
        if (!r->priv.group) {
            attendee_list_free(&l);
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        }
    }
    size_t can = 0;
    for (size_t i = 0; i < l.n; i++) {
        const struct attendee *a = &l.items[i];
        bool held = false;
        rc = admission_held(st->adm, a->id, &held, err);
        if (rc) {
            attendee_list_free(&l);
            return rc;
        }
        /* A member on hold is neither offered nor named. */
        if (a->id == r->attendee_id || a->checkin_ms || held)
            continue;
        if (!member_add(r, a)) {
            r->group_more++;
            continue;
        }
        struct station_group_member *m = &r->priv.group[r->priv.ngroup - 1];
        rc = member_tutorials(st, r, m, a, err);
        if (rc) {
            attendee_list_free(&l);
            return rc;
        }
        const char *why = left_out(st, a);
        m->admissible = !why;
        m->why = why ? why : "";
        /* What an override overrules: payment or cancellation, never a
         * rehearsal's order. */
        m->overridable = why && (!a->testmode || st->cfg.rehearsal);
        r->group_overridable += m->overridable;
        can += m->admissible;
    }
    attendee_list_free(&l);
    if (!r->priv.ngroup)
        return CK_OK;
    r->group_offer = can > 0;
    return CK_OK;
}

/* One member of a group checked in under the journal's lock: verified
 * again, journaled as code "group:TICKET" (`code`), and their badge
 * jobs queued in the same transaction; *admitted false (with `m->why`)
 * when they cannot be any more. */
static int group_member(station *st, struct station_group_member *m,
                        const char *code, const char *why, const char *who,
                        int64_t at_ms, struct station_result *tmp,
                        bool *admitted, struct ck_error *err)
{
    *admitted = false;
    struct verdict vd;
    char manual[128];
    size_t len;
    int rc =
        station_attendee_verdict(st, m->attendee_id, &vd, manual, &len, err);
    if (rc)
        return rc;
    station_begin_result(st, at_ms, tmp);
    tmp->attendee_id = vd.attendee_id;
    snprintf(tmp->ticket_id, sizeof(tmp->ticket_id), "%s", vd.ticket_id);
    bool held = false;
    rc = station_hold_refused(st, &vd, tmp, &held, err);
    if (!rc && !held)
        rc = desk_rules(st, &vd, tmp, err);
    if (rc)
        return rc;
    /* On a supervisor's override (`why`): what desk_rules would let a
     * supervisor overrule, and nothing else. */
    bool override = why && !held && tmp->decision == DECISION_DENY &&
                    tmp->overridable && may_override(st, &vd);
    if (tmp->decision != DECISION_ADMIT && !override) {
        m->overridable = false;
        m->why = tmp->reason == STATION_REASON_ALREADY_CHECKED_IN
                     ? "checked in already"
                 : tmp->reason == STATION_REASON_UNPAID    ? "not paid"
                 : tmp->reason == STATION_REASON_CANCELLED ? "cancelled"
                 : tmp->reason == STATION_REASON_WRONG_DAY
                     ? "ticket for another day"
                 : tmp->reason == STATION_REASON_INVALID_TIME
                     ? "ticket not valid now"
                 : tmp->reason == STATION_REASON_QUESTION
                     ? "pretix's questions to answer first"
                     : station_reason_token(tmp->reason);
        m->admissible = false;
        return CK_OK;
    }
    struct scan_record rec = {
        .at_ms = at_ms,
        .mode = st->kind->mode,
        .target = st->target,
        .code = (const uint8_t *)code,
        .code_len = strlen(code),
        .ticket_id = vd.ticket_id,
        .decision = DECISION_ADMIT,
        .reason = station_reason_token(override ? override_token(&vd)
                                                : STATION_REASON_CHECKED_IN),
        .direction = st->dir,
        .override = override ? why : NULL,
        .supervisor = override && who[0] ? who : NULL,
    };
    tmp->decision = DECISION_ADMIT; /* so desk_owed queues the labels */
    rc = journal_append(st->j, &rec, err);
    if (!rc)
        rc = desk_owed(st, &vd, tmp, rec.seq, err);
    *admitted = rc == CK_OK;
    m->seq = *admitted ? rec.seq : 0;
    m->overridden = override && *admitted;
    /* Paid since the offer: checked in as any paid member. */
    m->admissible = m->admissible || !override;
    return rc;
}

/* Whether this station takes a group: one sentence if not. */
static int group_station(const station *st, struct ck_error *err)
{
    if (st->kind != &station_kind_desk)
        return ck_fail(err, CK_EINVAL,
                       "A group is checked in at the registration desk; send "
                       "them there.");
    if (st->cfg.self_service)
        return ck_fail(err, CK_EINVAL,
                       "This desk is a self check-in kiosk: each person scans "
                       "their own code, or goes to a staffed desk.");
    return CK_OK;
}

/* The group's check-in; with `why` (a supervisor's reason, `who` the
 * supervisor or "") the overridable members too. */
static int group_checkin(station *st, int64_t attendee_id, const char *why,
                         const char *who, int64_t at_ms,
                         struct station_result *out, struct ck_error *err)
{
    station_begin_result(st, at_ms, out);
    struct ck_error lock_err = {0};
    if (journal_begin(st->j, &lock_err)) {
        return ck_wrap(err, lock_err.code, &lock_err,
                       "%s No one of the group was checked in; try again.");
    }
    struct attendee_list l = {0};
    int rc = store_attendee_get(st->s, attendee_id, &l, err);
    char code[128] = "";
    if (!rc) {
        const struct attendee *a = &l.items[0];
        out->attendee_id = a->id;
        snprintf(out->ticket_id, sizeof(out->ticket_id), "%s", a->ticket_id);
        snprintf(out->badge_name, sizeof(out->badge_name), "%s", a->badge_name);
        snprintf(out->order_code, sizeof(out->order_code), "%s", a->order_code);
        snprintf(out->order_status, sizeof(out->order_status), "%s",
                 order_status_str(a->status));
        snprintf(out->ticket_type, sizeof(out->ticket_type), "%s",
                 a->ticket_type_label);
        snprintf(out->given_name, sizeof(out->given_name), "%s", a->given_name);
        snprintf(out->pronouns, sizeof(out->pronouns), "%s", a->pronouns);
        snprintf(code, sizeof(code), "group:%s", a->ticket_id);
        /* The offer as it stands now, under the lock. */
        rc = group_offer(st, out, err);
    }
    attendee_list_free(&l);
    size_t n = 0;
    for (size_t i = 0; !rc && i < out->priv.ngroup; i++) {
        struct station_group_member *m = &out->priv.group[i];
        bool admitted = false;
        if (m->admissible || (why && m->overridable)) {
            /* Each member's own verdict, under the group's. */
            struct station_result tmp = {0};
            rc = group_member(st, m, code, why, who, at_ms, &tmp, &admitted,
                              err);
            station_result_free(&tmp);
        }
        m->done = admitted;
        n += admitted;
    }
    /* Tests kill the station here: no one of the group may survive. */
    if (!rc)
        atomic_file_kill_point("group-queued", store_path(st->s));
    if (!rc)
        rc = journal_commit(st->j, err);
    if (rc) {
        journal_rollback(st->j);
        char said[sizeof(err->msg)];
        snprintf(said, sizeof(said), "%s", err->msg);
        station_result_free(out);
        return ck_fail(err, err->code ? err->code : CK_EIO,
                       "%s No one of the group was checked in; try again.",
                       said);
    }
    out->group_offer = false;
    out->group_overridable = 0;
    for (size_t i = 0; i < out->priv.ngroup; i++) {
        struct station_group_member *m = &out->priv.group[i];
        m->overridable = m->overridable && !m->done;
        out->group_overridable += m->overridable;
    }
    if (why) {
        snprintf(out->override, sizeof(out->override), "%s", why);
        snprintf(out->supervisor, sizeof(out->supervisor), "%s", who);
    }
    /* the sentences: station_group_sentence */
    if (n)
        station_verdict(out, DECISION_ADMIT, STATION_REASON_GROUP_CHECKED_IN);
    else
        station_verdict(out, DECISION_WARN, STATION_REASON_GROUP_NONE);
    /* Past the screen's list: the next confirm takes the rest. */
    if (out->group_more)
        out->group_offer = true;
    st->c.checked_in += (long)n;
    st->c.scans += (long)n;
    out->print = n && st->cfg.print ? STATION_PRINT_OWED : STATION_PRINT_NONE;
    out->counters = st->c;
    return CK_OK;
}

int station_checkin_group(station *st, int64_t attendee_id, int64_t at_ms,
                          struct station_result *out, struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    int rc = group_station(st, err);
    return rc ? rc : group_checkin(st, attendee_id, NULL, "", at_ms, out, err);
}

int station_override_group(station *st, int64_t attendee_id, const char *reason,
                           char *pin, int64_t at_ms, struct station_result *out,
                           struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    char why[JOURNAL_OVERRIDE_CAP + 1];
    char who[SUPERVISOR_NAME_CAP] = "";
    int rc = group_station(st, err);
    if (!rc)
        rc = override_reason(reason, why, sizeof(why), err);
    /* Outside the journal's lock: the PIN's check takes its time. */
    if (!rc)
        rc = authorize(st, pin, false, "An override", at_ms, who, err);
    wipe(pin);
    return rc ? rc : group_checkin(st, attendee_id, why, who, at_ms, out, err);
}

/* A group's labels: each member checked in, through the print hook. */
static bool group_print(station *st, struct station_result *r)
{
    r->print = STATION_PRINT_NONE;
    bool all = true, queued = false;
    for (size_t i = 0; i < r->priv.ngroup; i++) {
        const struct station_group_member *m = &r->priv.group[i];
        if (!m->done)
            continue;
        struct ck_error perr = {0};
        bool confirmed = false;
        if (st->cfg.print(st->cfg.print_ctx, m->attendee_id, NULL, &confirmed,
                          &perr) != CK_OK) {
            if (!r->priv.print_error)
                station_result_set_print_error(r, &perr); /* or none */
            all = false;
        } else if (st->cfg.print_poll) {
            queued = true;
            add_pending(st, m->attendee_id, m->seq, m->ticket_id,
                        station_group_name(r, m));
        } else {
            all = all && confirmed;
        }
    }
    if (queued)
        r->print = STATION_PRINT_QUEUED;
    else if (r->priv.print_error)
        r->print = STATION_PRINT_FAILED;
    else if (!st->cfg.print_poll)
        r->print = all ? STATION_PRINT_PRINTED : STATION_PRINT_SENT;
    return true;
}

/* ---- walk-ins and corrections at the desk (issue 30) ---- */

/* Whether this station may register and correct people; the sentence
 * why not. */
static int desk_registers(const station *st, bool walk_in, struct ck_error *err)
{
    if (st->kind != &station_kind_desk)
        return walk_in ? ck_fail(err, CK_EINVAL,
                                 "Walk-ins are registered at the registration "
                                 "desk; send the person there.")
                       : ck_fail(err, CK_EINVAL,
                                 "Corrections are made at the registration "
                                 "desk; send the person there.");
    if (st->cfg.self_service)
        return ck_fail(err, CK_EINVAL,
                       "This desk is a self check-in kiosk and registers or "
                       "corrects no one; send the person to a staffed desk.");
    return CK_OK;
}

int station_walkin(station *st, const struct registration_walkin *w, char *pin,
                   int64_t at_ms, struct station_result *out,
                   struct ck_error *err)
{
    struct desk_state *own = station_desk_of(st);
    memset(out, 0, sizeof(*out));
    int rc = desk_registers(st, true, err);
    if (rc) {
        wipe(pin);
        return rc;
    }
    struct registration_writer wr = {station_name(st),
                                     journal_station_id(st->j), pin, at_ms};
    char ticket[REGISTRATION_TICKET_CAP];
    char who[SUPERVISOR_NAME_CAP] = "";
    int64_t id = 0;
    /* Its own transaction (the PIN checked before it); the check-in is
     * the journal's, as any chosen by name. */
    rc = registration_walkin(st->s, &wr, w, ticket, &id, who, err);
    own->tuts.stale = true; /* a seat taken, on this connection */
    wipe(pin);
    if (rc)
        return rc;
    rc = station_checkin_manual(st, id, at_ms, out, err);
    if (rc) {
        char why[sizeof(err->msg)];
        snprintf(why, sizeof(why), "%s", err->msg);
        return ck_fail(err, rc,
                       "%s %s was registered (ticket %s) but not checked in; "
                       "find them by name and check them in.",
                       why, w->given_name, ticket);
    }
    snprintf(out->supervisor, sizeof(out->supervisor), "%s", who);
    return CK_OK;
}

int station_edit(station *st, int64_t attendee_id,
                 const struct registration_edit *edits, size_t n, char *pin,
                 int64_t at_ms, struct station_edit_done *done,
                 struct ck_error *err)
{
    *done = (struct station_edit_done){0};
    int rc = desk_registers(st, false, err);
    if (!rc && !attendee_id)
        rc = ck_fail(err, CK_EINVAL,
                     "Scan the person's code or find them by name first, "
                     "then correct.");
    if (rc) {
        wipe(pin);
        return rc;
    }
    struct registration_writer wr = {station_name(st),
                                     journal_station_id(st->j), pin, at_ms};
    rc = registration_edit(st->s, &wr, attendee_id, edits, n, &done->changed,
                           done->who, err);
    wipe(pin);
    return rc;
}

int station_ticket_types(station *st, struct registration_ticket_type *out,
                         size_t cap, size_t *n, struct ck_error *err)
{
    *n = 0;
    if (st->kind != &station_kind_desk)
        return CK_OK;
    return registration_ticket_types(st->s, out, cap, n, err);
}

/* The tutorials' rows as registration_tutorials counts them, at most
 * `cap`, counted again only when they may have changed: counting every
 * tutorial's seats joins its registrations, and the screens ask after
 * every verdict. */
static int walkin_rows(station *st, size_t cap, struct ck_error *err)
{
    struct desk_state *own = station_desk_of(st);
    int64_t version;
    int rc = registration_file_version(st->s, &version, err);
    if (rc)
        return rc;
    if (own->tuts.t && !own->tuts.stale && version == own->tuts.version &&
        cap <= own->tuts.cap)
        return CK_OK;
    if (cap > own->tuts.cap) {
        struct registration_tutorial *t = calloc(cap, sizeof(*t));
        if (!t)
            return ck_fail(err, CK_ENOMEM,
                           "Out of memory listing the tutorials.");
        free(own->tuts.t);
        own->tuts.t = t;
        own->tuts.cap = cap;
    }
    own->tuts.n = 0;
    rc = registration_tutorials(st->s, own->tuts.t, own->tuts.cap, &own->tuts.n,
                                err);
    if (rc) {
        own->tuts.n = 0;
        own->tuts.stale = true;
        return rc;
    }
    own->tuts.version = version;
    own->tuts.stale = false;
    return CK_OK;
}

int station_walkin_tutorials(const station *cst,
                             struct station_walkin_tutorial *out, size_t cap,
                             size_t *n, struct ck_error *err)
{
    struct desk_state *own = station_desk_of(cst);
    *n = 0;
    if (cst->kind != &station_kind_desk || !cap)
        return CK_OK;
    /* The counts kept are the station's own, not what it decides from. */
    station *st = (station *)cst;
    int rc = walkin_rows(st, cap, err);
    if (rc)
        return rc;
    size_t got = own->tuts.n < cap ? own->tuts.n : cap;
    const struct registration_tutorial *t = own->tuts.t;
    /* "over" by the station's clock now, whenever the seats were counted. */
    int64_t now = station_clock(st, station_source_now(st)) / 1000;
    for (size_t i = 0; i < got; i++) {
        struct station_walkin_tutorial *o = &out[i];
        snprintf(o->slug, sizeof(o->slug), "%s", t[i].slug);
        snprintf(o->title, sizeof(o->title), "%s", t[i].title);
        snprintf(o->room, sizeof(o->room), "%s", t[i].room);
        struct tutorial_info when = {.starts_at = t[i].starts_at,
                                     .ends_at = t[i].ends_at};
        station_slot_text(st, &when, o->slot, sizeof(o->slot));
        o->seats_left =
            t[i].capacity > t[i].taken ? t[i].capacity - t[i].taken : 0;
        snprintf(o->closed, sizeof(o->closed), "%s",
                 t[i].ends_at <= now ? "over"
                 : !o->seats_left    ? "full"
                                     : "");
    }
    *n = got;
    return CK_OK;
}
