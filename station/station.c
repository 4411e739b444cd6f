/* The station rules (see station.h), what every kind of station shares:
 * the table of kinds, opening a station, the path of a presented code
 * (debounce, verify, the kind's rules, the journal's commit before
 * anything is shown) and the counters.  What a desk, a door or a lead
 * scanner decides is in its own file (kind.h).  Not for decoding or
 * drawing (scanner/), printing (printer/) or SQL (store/journal.c). */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/atomic_file.h"
#include "checkin/buf.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/open_space.h"
#include "checkin/supervisor.h"
#include "checkin/util.h"
#include "kind.h"

/* ---- the table of kinds ---- */

/* One row a line. */
/* clang-format off */
const struct station_kind *const station_kinds[] = {
    &station_kind_desk,
    &station_kind_door,
    &station_kind_leads,
    &station_kind_expo,
    &station_kind_open_space,
    &station_kind_open_board,
    &station_kind_sprints,
    &station_kind_auction,
    &station_kind_auction_pay,
    &station_kind_triage,
};
/* clang-format on */
const size_t station_nkinds = sizeof(station_kinds) / sizeof(station_kinds[0]);

const struct station_kind *station_kind_of(enum scan_mode mode)
{
    for (size_t i = 0; i < station_nkinds; i++)
        if (station_kinds[i]->mode == mode)
            return station_kinds[i];
    return NULL;
}

void station_kinds_text(char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (size_t i = 0; i < station_nkinds && used < cap; i++) {
        const struct station_kind *k = station_kinds[i];
        int n =
            snprintf(out + used, cap - used, "%s%s%s%s",
                     i == 0                    ? ""
                     : i + 1 == station_nkinds ? " or "
                                               : ", ",
                     k->name, k->target ? ":" : "", k->target ? k->target : "");
        if (n < 0)
            break;
        used += (size_t)n;
    }
}

bool station_kind_at(size_t i, struct station_kind_name *out)
{
    if (i >= station_nkinds)
        return false;
    const struct station_kind *k = station_kinds[i];
    *out = (struct station_kind_name){k->name, k->target, k->hub};
    return true;
}

/* ---- times in the event's zone ---- */

void station_local_hm(const station *st, int64_t t_ms, char out[8])
{
    char buf[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, buf, sizeof(buf)) == 0 &&
        strlen(buf) >= 16)
        snprintf(out, 8, "%.5s", buf + 11); /* "HH:MM" */
    else
        snprintf(out, 8, "??:??");
}

/* The day of "YYYY-MM-DD ..." in the station's language ("Fri", "Fr"). */
static const char *weekday(const char *ymd, char out[32])
{
    struct tm tm = {.tm_wday = util_weekday((int)strtol(ymd, NULL, 10),
                                            (int)strtol(ymd + 5, NULL, 10),
                                            (int)strtol(ymd + 8, NULL, 10))};
    if (!i18n_date(out, 32, I18N_WEEKDAY, &tm))
        snprintf(out, 32, "?");
    return out;
}

void station_slot_text(const station *st, const struct tutorial_info *t,
                       char *out, size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t->starts_at, st->tz, a, sizeof(a)) ||
        event_utc_to_local(t->ends_at, st->tz, b, sizeof(b)) ||
        strlen(a) < 16 || strlen(b) < 16) {
        /* No words here: an empty slot is one whose time cannot be
         * read, and the screens say so (station_slot_shown). */
        if (cap)
            out[0] = '\0';
        return;
    }
    char day[32];
    snprintf(out, cap, "%s %s-%s", weekday(a, day), a + 11, b + 11);
}

void station_when_text(const station *st, int64_t t_ms, int64_t now_ms,
                       char *out, size_t cap)
{
    char a[32], b[32];
    if (event_utc_to_local(t_ms / 1000, st->tz, a, sizeof(a)) ||
        event_utc_to_local(now_ms / 1000, st->tz, b, sizeof(b)) ||
        strlen(a) < 16) {
        /* The zone cannot be read: the time in UTC, no words. */
        if (event_utc_to_local(t_ms / 1000, "UTC", a, sizeof(a)) ||
            strlen(a) < 16)
            snprintf(out, cap, "??:??");
        else
            snprintf(out, cap, "%.16s UTC", a);
        return;
    }
    char day[32];
    if (!strncmp(a, b, 10))
        snprintf(out, cap, "%s", a + 11);
    else
        snprintf(out, cap, "%s %s", weekday(a, day), a + 11);
}

/* ---- opening ---- */

int station_parse_spec(const char *spec, struct station_config *cfg,
                       struct ck_error *err)
{
    if (!spec)
        spec = "";
    for (size_t i = 0; i < station_nkinds; i++) {
        const struct station_kind *k = station_kinds[i];
        size_t n = strlen(k->name);
        if (strncmp(spec, k->name, n))
            continue;
        /* "desk"; "door:SLUG" with a slug */
        const char *rest = spec + n;
        if (k->target ? rest[0] == ':' && rest[1] : !rest[0]) {
            cfg->mode = k->mode;
            cfg->kind = k->name;
            cfg->target = k->target ? rest + 1 : "";
            return CK_OK;
        }
        /* "desk:desk-2": the station's own name typed as a target. */
        if (!k->target && rest[0] == ':' && rest[1])
            return ck_fail(err, CK_EINVAL,
                           "'%s' is not a station: a %s takes no target; "
                           "give its name with --name, as in --station %s "
                           "--name %s.",
                           spec, k->name, k->name, rest + 1);
    }
    char kinds[256];
    station_kinds_text(kinds, sizeof(kinds));
    return ck_fail(err, CK_EINVAL, "'%s' is not a station; use %s.", spec,
                   kinds);
}

void station_free(station *st)
{
    if (!st)
        return;
    if (st->state && st->kind->close)
        st->kind->close(st);
    free(st->state);
    debounce_free(st->db);
    admission_free(st->adm);
    journal_free(st->j);
    verifier_free(st->v);
    free(st);
}

static int load_counters(station *st, struct ck_error *err)
{
    struct journal_counts jc;
    int code = st->kind->count(st, &jc, err);
    if (code)
        return code;
    st->c.checked_in = jc.checked_in;
    st->c.inside = jc.inside;
    st->c.leads = jc.leads;
    st->c.scans = jc.scans;
    return CK_OK;
}

int station_recount(station *st, struct ck_error *err)
{
    return load_counters(st, err);
}

bool station_pulled(station *st, long checked_in, bool recount)
{
    if (recount || strcmp(st->kind->name, "desk"))
        return false;
    st->c.checked_in += checked_in;
    return true;
}

/* The row `cfg` names: by its kind's name where two rows share a mode. */
static const struct station_kind *config_kind(const struct station_config *cfg)
{
    const struct station_kind *kind = station_kind_of(cfg->mode);
    for (size_t i = 0; cfg->kind && i < station_nkinds; i++)
        if (!strcmp(station_kinds[i]->name, cfg->kind) &&
            station_kinds[i]->mode == cfg->mode)
            kind = station_kinds[i];
    return kind;
}

bool station_config_has(const struct station_config *cfg, enum station_trait t)
{
    const struct station_kind *kind = config_kind(cfg);
    return kind && (kind->traits & (unsigned)t) != 0;
}

bool station_config_runs_as(const struct station_config *cfg, const char *spec,
                            const char *role)
{
    return !strcmp(spec, role) ||
           (station_config_has(cfg, STATION_TRAIT_SORTS) &&
            !strcmp(role, "desk"));
}

void station_role_spec(store *s, const char *role, char *out, size_t cap)
{
    const struct station_kind *k = &station_kind_open_space;
    size_t n = strlen(k->role);
    struct open_spaces os;
    bool any = false;
    struct ck_error ignored;
    if (!strncmp(role, k->role, n) && role[n] == ':' &&
        !open_spaces_read(s, &os, &any, &ignored) && any &&
        open_spaces_room(&os, role + n + 1))
        snprintf(out, cap, "%s:%s", k->name, role + n + 1);
    else
        snprintf(out, cap, "%s", role);
}

const char *station_config_kind(const struct station_config *cfg)
{
    const struct station_kind *kind = config_kind(cfg);
    return kind ? kind->name : NULL;
}

const char *station_config_role(const struct station_config *cfg)
{
    const struct station_kind *kind = config_kind(cfg);
    return !kind ? NULL : kind->role ? kind->role : kind->name;
}

int station_open(store *s, const struct station_config *cfg, station **out,
                 struct ck_error *err)
{
    *out = NULL;
    const struct station_kind *kind = config_kind(cfg);
    if (!kind) {
        char kinds[256];
        station_kinds_text(kinds, sizeof(kinds));
        return ck_fail(err, CK_EINVAL,
                       "Station mode %d is no kind of station; use %s.",
                       (int)cfg->mode, kinds);
    }
    station *st = calloc(1, sizeof(*st));
    if (!st)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    st->s = s;
    st->kind = kind;
    if (kind->state_size && !(st->state = calloc(1, kind->state_size))) {
        free(st);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
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
    else if (!kind->target)
        snprintf(st->name, sizeof(st->name), "%s", kind->name);
    else
        snprintf(st->name, sizeof(st->name), "%s-%.50s",
                 scan_mode_str(kind->mode), st->target);
    st->dir =
        kind->traits & STATION_TRAIT_EXITS ? cfg->direction : DIRECTION_IN;
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
    if (!code)
        code = admission_new(s, &st->adm, err);
    if (!code)
        code = kind->open(st, event_name, err);
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

const char *station_file(const station *st)
{
    return store_path(st->s);
}

const char *station_title(const station *st)
{
    return st->title;
}

enum scan_mode station_mode(const station *st)
{
    return st->kind->mode;
}

bool station_has(const station *st, enum station_trait t)
{
    return st && (st->kind->traits & (unsigned)t) != 0;
}

const char *station_trait_token(enum station_trait t)
{
    static const char *const tokens[STATION_NTRAITS] = {
        "personal",  "checks-in", "searches",    "walk-ins", "corrects",
        "overrides", "undoes",    "accepts-pin", "prints",   "room",
        "exits",     "swaps",     "leads",       "booths",   "phones",
        "asks",      "board",     "sorts",       "projects", "paddles",
        "wins",
    };
    for (unsigned i = 0; i < STATION_NTRAITS; i++)
        if ((unsigned)t == 1u << i)
            return tokens[i];
    return NULL;
}

bool station_result_has(const struct station_result *r, enum station_trait t)
{
    return (r->traits & (unsigned)t) != 0;
}

struct station_counters station_counters(const station *st)
{
    return st->c;
}

void station_set_direction(station *st, enum scan_direction d)
{
    if (!station_has(st, STATION_TRAIT_EXITS) || st->dir == d)
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

/* The tokens are stable: the JSON output, the journal and the hub hold
 * them, and scripts compare them. */
static const char *const REASON_TOKENS[STATION_REASON_COUNT] = {
    [STATION_REASON_NONE] = "",
    [STATION_REASON_VALID] = "valid",
    [STATION_REASON_NOT_A_BADGE] = "not-a-badge",
    [STATION_REASON_MALFORMED] = "malformed",
    [STATION_REASON_UNKNOWN_VERSION] = "unknown-version",
    [STATION_REASON_OTHER_EVENT] = "other-event",
    [STATION_REASON_UNKNOWN_KEY] = "unknown-key",
    [STATION_REASON_BAD_SIGNATURE] = "bad-signature",
    [STATION_REASON_REVOKED] = "revoked",
    [STATION_REASON_CANCELLED] = "cancelled",
    [STATION_REASON_UNKNOWN_ATTENDEE] = "unknown-attendee",
    [STATION_REASON_UNPAID] = "unpaid",
    [STATION_REASON_UNKNOWN_CODE] = "unknown-code",
    [STATION_REASON_TEST_ORDER] = "test-order",
    [STATION_REASON_WRONG_DAY] = "wrong-day",
    [STATION_REASON_SEE_HELP_DESK] = "see-help-desk",
    [STATION_REASON_CHECKED_IN] = "checked-in",
    [STATION_REASON_ALREADY_CHECKED_IN] = "already-checked-in",
    [STATION_REASON_OVERRIDE_UNPAID] = "override-unpaid",
    [STATION_REASON_OVERRIDE_CANCELLED] = "override-cancelled",
    [STATION_REASON_OVERRIDE_REFUNDED] = "override-refunded",
    [STATION_REASON_UNDONE] = "undone",
    [STATION_REASON_GROUP_CHECKED_IN] = "group-checked-in",
    [STATION_REASON_GROUP_NONE] = "group-none",
    [STATION_REASON_ENTERED] = "entered",
    [STATION_REASON_ALREADY_INSIDE] = "already-inside",
    [STATION_REASON_LEFT] = "left",
    [STATION_REASON_NOT_INSIDE] = "not-inside",
    [STATION_REASON_FULL] = "full",
    [STATION_REASON_FULL_HERE] = "full-here",
    [STATION_REASON_TOO_EARLY] = "too-early",
    [STATION_REASON_ENDED] = "ended",
    [STATION_REASON_WRONG_ROOM] = "wrong-room",
    [STATION_REASON_NOT_REGISTERED] = "not-registered",
    [STATION_REASON_NOT_ON_LIST] = "not-on-list",
    [STATION_REASON_REDEEMED] = "redeemed",
    [STATION_REASON_ALREADY_REDEEMED] = "already-redeemed",
    [STATION_REASON_SWAPPED] = "swapped",
    [STATION_REASON_LEAD] = "lead",
    [STATION_REASON_LEAD_AGAIN] = "lead-again",
    [STATION_REASON_BADGE_ONLY] = "badge-only",
    [STATION_REASON_NO_BOOTH] = "no-booth",
    [STATION_REASON_INVALID_TIME] = "invalid-time",
    [STATION_REASON_QUESTION] = "question",
    [STATION_REASON_HOST] = "host",
    [STATION_REASON_TO_DESK] = "to-desk",
    [STATION_REASON_TO_PREPRINTED] = "to-preprinted",
    [STATION_REASON_TO_HELP_DESK] = "to-help-desk",
    [STATION_REASON_DECLINED] = "declined",
    [STATION_REASON_PROJECT] = "project",
    [STATION_REASON_UNKNOWN_PROJECT] = "unknown-project",
    [STATION_REASON_NO_PROJECT] = "no-project",
    [STATION_REASON_NO_SPRINT] = "no-sprint",
    [STATION_REASON_SPRINT_IN] = "sprint",
    [STATION_REASON_SPRINT_AGAIN] = "sprint-again",
    [STATION_REASON_PADDLE] = "paddle",
    [STATION_REASON_PADDLE_AGAIN] = "paddle-again",
    [STATION_REASON_NO_PADDLES_LEFT] = "no-paddles-left",
    [STATION_REASON_NO_PADDLE] = "no-paddle",
    [STATION_REASON_NOTHING_WON] = "nothing-won",
    [STATION_REASON_OWES] = "owes",
    [STATION_REASON_SETTLED] = "settled",
    [STATION_REASON_SETTLED_BEFORE] = "settled-before",
};

const char *station_reason_token(enum station_reason reason)
{
    if ((unsigned)reason < STATION_REASON_COUNT && REASON_TOKENS[reason])
        return REASON_TOKENS[reason];
    return "unknown-reason";
}

enum station_reason station_reason_of_badge(enum badge_reason reason)
{
    /* The badge's reasons are numbered from 0 without gaps
     * (checkin/badge.h), and ours follow them in their order.  One this
     * version cannot name is out of the enum, so that its token is
     * "unknown-reason", badge_reason_name's. */
    if ((unsigned)reason > BADGE_REASON_UNKNOWN_CODE)
        return STATION_REASON_COUNT;
    return (enum station_reason)(STATION_REASON_VALID + (int)reason);
}

bool station_reason_badge(enum station_reason reason, enum badge_reason *out)
{
    if ((unsigned)reason >= STATION_REASON_COUNT) {
        /* One past the badge's last reason: badge_reason_str's sentence
         * for a reason this version cannot name. */
        *out = (enum badge_reason)(BADGE_REASON_UNKNOWN_CODE + 1);
        return true;
    }
    if (reason < STATION_REASON_VALID || reason > STATION_REASON_UNKNOWN_CODE)
        return false;
    *out = (enum badge_reason)(reason - STATION_REASON_VALID);
    return true;
}

void station_result_free(struct station_result *r)
{
    if (!r)
        return;
    free(r->priv.tutorials);
    free(r->priv.group);
    free(r->priv.answers);
    free(r->priv.questions);
    free(r->priv.earlier);
    free(r->priv.needs);
    free(r->priv.record_error);
    free(r->priv.print_error);
    free(r->priv.texts);
    memset(r, 0, sizeof(*r));
}

/* A copy of the `n` items of `size` bytes at `from` into *to (NULL when
 * there are none): false when memory ran out. */
static bool copy_items(void *to, const void *from, size_t n, size_t size)
{
    void **out = to;
    *out = NULL;
    if (!n)
        return true;
    *out = malloc(n * size);
    if (!*out)
        return false;
    memcpy(*out, from, n * size);
    return true;
}

/* *to a copy of error `e` (NULL for NULL or one without a sentence):
 * false when memory ran out. */
static bool copy_error(struct ck_error **to, const struct ck_error *e)
{
    *to = NULL;
    if (!e || !e->msg[0])
        return true;
    *to = malloc(sizeof(**to));
    if (!*to)
        return false;
    **to = *e;
    return true;
}

int station_result_copy(struct station_result *to,
                        const struct station_result *from)
{
    *to = *from;
    to->priv.tutorials = NULL;
    to->priv.group = NULL;
    to->priv.answers = NULL;
    to->priv.questions = NULL;
    to->priv.earlier = NULL;
    to->priv.needs = NULL;
    to->priv.record_error = NULL;
    to->priv.print_error = NULL;
    to->priv.texts = NULL;
    to->priv.texts_cap = to->priv.texts_len;
    if (copy_items(&to->priv.tutorials, from->priv.tutorials,
                   from->priv.ntutorials, sizeof(*from->priv.tutorials)) &&
        copy_items(&to->priv.group, from->priv.group, from->priv.ngroup,
                   sizeof(*from->priv.group)) &&
        copy_items(&to->priv.answers, from->priv.answers, from->priv.nanswers,
                   sizeof(*from->priv.answers)) &&
        copy_items(&to->priv.questions, from->priv.questions,
                   from->priv.nquestions, sizeof(*from->priv.questions)) &&
        copy_items(&to->priv.earlier, from->priv.earlier, from->priv.nearlier,
                   sizeof(*from->priv.earlier)) &&
        copy_items(&to->priv.needs, from->priv.needs, from->priv.nneeds,
                   sizeof(*from->priv.needs)) &&
        copy_error(&to->priv.record_error, from->priv.record_error) &&
        copy_error(&to->priv.print_error, from->priv.print_error) &&
        copy_items(&to->priv.texts, from->priv.texts, from->priv.texts_len, 1))
        return CK_OK;
    station_result_free(to);
    return CK_ENOMEM;
}

bool station_result_text(struct station_result *r, const char *text, size_t len,
                         uint32_t *at)
{
    if (len >= UINT32_MAX - r->priv.texts_len)
        return false;
    struct ck_buf b = {r->priv.texts, r->priv.texts_len, r->priv.texts_cap,
                       false};
    char *p = ck_buf_room(&b, len);
    if (!p)
        return false;
    r->priv.texts = b.p;
    r->priv.texts_cap = b.cap;
    memcpy(p, text, len);
    p[len] = '\0';
    *at = (uint32_t)r->priv.texts_len;
    r->priv.texts_len += len + 1;
    return true;
}

const char *station_tutorial_title(const struct station_result *r,
                                   const struct station_tutorial *t)
{
    return r->priv.texts + t->title;
}

const char *station_tutorial_room(const struct station_result *r,
                                  const struct station_tutorial *t)
{
    return r->priv.texts + t->room;
}

const char *station_tutorial_slot(const struct station_result *r,
                                  const struct station_tutorial *t)
{
    return r->priv.texts + t->slot;
}

const char *station_group_name(const struct station_result *r,
                               const struct station_group_member *m)
{
    return r->priv.texts + m->name;
}

const char *station_group_tutorial(const struct station_result *r,
                                   const struct station_group_member *m,
                                   size_t k, const char **room,
                                   const char **slot)
{
    const char *p = r->priv.texts + m->tutorials;
    for (size_t i = 0; i < 3 * k; i++)
        p += strlen(p) + 1;
    const char *title = p;
    *room = title + strlen(title) + 1;
    *slot = *room + strlen(*room) + 1;
    return title;
}

const char *station_result_sponsor(const struct station_result *r)
{
    return r->priv.texts ? r->priv.texts + r->sponsor : "";
}

const char *station_result_title(const struct station_result *r)
{
    return r->priv.texts ? r->priv.texts + r->title : "";
}

const char *station_result_slot(const struct station_result *r)
{
    return r->priv.texts ? r->priv.texts + r->slot : "";
}

const char *station_result_at(const struct station_result *r, uint32_t at)
{
    return r->priv.texts && at < r->priv.texts_len ? r->priv.texts + at : "";
}

const char *station_result_attention(const struct station_result *r)
{
    return r->has_attention ? station_result_at(r, r->attention) : "";
}

const char *station_result_seat(const struct station_result *r)
{
    return r->has_seat ? station_result_at(r, r->seat) : "";
}

const char *station_record_error(const struct station_result *r)
{
    return r->priv.record_error ? r->priv.record_error->msg : "";
}

const struct ck_error *station_record_why(const struct station_result *r)
{
    return r->priv.record_error;
}

/* A result's error replaced by a copy of WHY; the old one is kept when
 * there is no memory for the copy. */
static bool replace_error(struct ck_error **slot, const struct ck_error *why)
{
    struct ck_error *e;
    if (!copy_error(&e, why))
        return false;
    free(*slot);
    *slot = e;
    return true;
}

bool station_result_set_record_error(struct station_result *r,
                                     const struct ck_error *why)
{
    return replace_error(&r->priv.record_error, why);
}

const char *station_print_error(const struct station_result *r)
{
    return r->priv.print_error ? r->priv.print_error->msg : "";
}

const struct ck_error *station_print_why(const struct station_result *r)
{
    return r->priv.print_error;
}

bool station_result_set_print_error(struct station_result *r,
                                    const struct ck_error *why)
{
    return replace_error(&r->priv.print_error, why);
}

const char *station_earlier_target(const struct station_result *r,
                                   const struct station_earlier *e)
{
    return r->priv.texts + e->target;
}

const char *station_earlier_station(const struct station_result *r,
                                    const struct station_earlier *e)
{
    return r->priv.texts + e->station;
}

bool station_result_recorded(const struct station_result *r)
{
    return r->seq != 0 || r->reason == STATION_REASON_GROUP_CHECKED_IN ||
           r->reason == STATION_REASON_GROUP_NONE ||
           (station_result_has(r, STATION_TRAIT_SORTS) &&
            !r->priv.record_error) ||
           /* a sprint table's sign: nothing to keep, nothing lost */
           r->reason == STATION_REASON_PROJECT ||
           r->reason == STATION_REASON_UNKNOWN_PROJECT;
}

const char *station_answer_question(const struct station_result *r,
                                    const struct station_answer *a)
{
    return r->priv.texts + a->question;
}

const char *station_answer_text(const struct station_result *r,
                                const struct station_answer *a)
{
    return r->priv.texts + a->answer;
}

size_t station_result_ntutorials(const struct station_result *r)
{
    return r->priv.ntutorials;
}

const struct station_tutorial *
station_result_tutorial(const struct station_result *r, size_t i)
{
    return i < r->priv.ntutorials ? &r->priv.tutorials[i] : NULL;
}

size_t station_result_nearlier(const struct station_result *r)
{
    return r->priv.nearlier;
}

const struct station_earlier *
station_result_earlier(const struct station_result *r, size_t i)
{
    return i < r->priv.nearlier ? &r->priv.earlier[i] : NULL;
}

size_t station_result_ngroup(const struct station_result *r)
{
    return r->priv.ngroup;
}

const struct station_group_member *
station_result_group(const struct station_result *r, size_t i)
{
    return i < r->priv.ngroup ? &r->priv.group[i] : NULL;
}

size_t station_result_nanswers(const struct station_result *r)
{
    return r->priv.nanswers;
}

const struct station_answer *
station_result_answer(const struct station_result *r, size_t i)
{
    return i < r->priv.nanswers ? &r->priv.answers[i] : NULL;
}

size_t station_result_nquestions(const struct station_result *r)
{
    return r->priv.nquestions;
}

const struct station_question *
station_result_question(const struct station_result *r, size_t i)
{
    return i < r->priv.nquestions ? &r->priv.questions[i] : NULL;
}

size_t station_result_nneeds(const struct station_result *r)
{
    return r->priv.nneeds;
}

const struct needs_item *station_result_needs(const struct station_result *r)
{
    return r->priv.needs;
}

size_t station_result_group_done(const struct station_result *r)
{
    size_t n = 0;
    for (size_t i = 0; i < r->priv.ngroup; i++)
        n += r->priv.group[i].done;
    return n;
}

bool station_result_owns(const struct station_result *r)
{
    const struct station_result_owned *o = &r->priv;
    return o->tutorials || o->earlier || o->group || o->answers ||
           o->questions || o->needs || o->record_error || o->print_error ||
           o->texts;
}

void station_verdict(struct station_result *r, enum scan_decision d,
                     enum station_reason reason)
{
    r->decision = d;
    r->reason = reason;
}

/* A pretix test-mode order admits only at a rehearsal's stations: true
 * (with the decision made) when `vd` is one and this is not. */
bool station_test_order_refused(const station *st, const struct verdict *vd,
                                struct station_result *r)
{
    if (!vd->testmode || st->cfg.rehearsal)
        return false;
    station_verdict(r, DECISION_DENY, STATION_REASON_TEST_ORDER);
    return true;
}

/* "Sat 26 Sep 00:00" of UTC ms `ms` in zone `tz`, or "" */
static void local_day_hm(int64_t ms, const char *tz, char *out, size_t cap)
{
    char local[32], day[32];
    out[0] = '\0';
    if (event_utc_to_local(ms / 1000, tz, local, sizeof(local)))
        return;
    local[10] = '\0';
    admission_day_text(local, day, sizeof(day));
    int n = snprintf(out, cap, "%s %s", day, local + 11);
    if (n < 0 || (size_t)n >= cap)
        out[0] = '\0'; /* a cut time would mislead: none */
}

/* Outside the ticket's own validity window (pretix's valid_from and
 * valid_until, issue 49): refused as a day pass is on another day, the
 * window and now in the event's zone in the sentence. */
static int window_refused(station *st, const struct verdict *vd,
                          struct station_result *r, bool *refused,
                          struct ck_error *err)
{
    struct admission_door d;
    int code = admission_door(st->adm, vd->attendee_id, &d, err);
    if (code || ((!d.has_from || r->at_ms >= d.from_ms) &&
                 (!d.has_until || r->at_ms <= d.until_ms)))
        return code;
    char from[48] = "", until[48] = "", now[48];
    if (d.has_from)
        local_day_hm(d.from_ms, st->tz, from, sizeof(from));
    if (d.has_until)
        local_day_hm(d.until_ms, st->tz, until, sizeof(until));
    /* A window within one day: its end said by its hour only. */
    size_t day = strcspn(from, ":") > 3 ? strcspn(from, ":") - 3 : 0;
    const char *end = until;
    r->window_from = d.has_from;
    r->window_to = d.has_until;
    r->window_same_day =
        d.has_from && d.has_until && day && !strncmp(from, until, day + 1);
    if (r->window_same_day)
        end += day + 1;
    local_day_hm(r->at_ms, st->tz, now, sizeof(now));
    if (!station_result_text(r, from, strlen(from), &r->days) ||
        !station_result_text(r, end, strlen(end), &r->window_until) ||
        !station_result_text(r, now, strlen(now), &r->today))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_verdict(r, DECISION_DENY, STATION_REASON_INVALID_TIME);
    *refused = true;
    return CK_OK;
}

int station_credential_refused(station *st, const struct verdict *vd,
                               struct station_result *r, bool *refused,
                               struct ck_error *err)
{
    *refused = true;
    if (!vd->valid) {
        station_verdict(r, DECISION_DENY, station_reason_of_badge(vd->reason));
        return CK_OK;
    }
    if (station_test_order_refused(st, vd, r))
        return CK_OK;
    *refused = false;
    return station_day_refused(st, vd, r, refused, err);
}

int station_day_refused(station *st, const struct verdict *vd,
                        struct station_result *r, bool *refused,
                        struct ck_error *err)
{
    *refused = false;
    if (!vd->attendee_id)
        return CK_OK;
    char local[32];
    if (event_utc_to_local(r->at_ms / 1000, st->tz, local, sizeof(local)))
        return CK_OK;
    local[10] = '\0';
    bool valid;
    char days[256], label[128];
    int code =
        admission_ticket_day(st->adm, vd->attendee_id, local, &valid, days,
                             sizeof(days), label, sizeof(label), err);
    if (code)
        return code;
    if (valid)
        return window_refused(st, vd, r, refused, err);
    char today[32];
    admission_day_text(local, today, sizeof(today));
    if (!station_result_text(r, label, strlen(label), &r->day_label) ||
        !station_result_text(r, days, strlen(days), &r->days) ||
        !station_result_text(r, today, strlen(today), &r->today))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_verdict(r, DECISION_DENY, STATION_REASON_WRONG_DAY);
    *refused = true;
    return CK_OK;
}

int station_show_answers(station *st, const char *slug,
                         struct station_result *r, struct ck_error *err)
{
    if (!r->personal || !r->attendee_id)
        return CK_OK;
    struct list_answer a[STATION_MAX_ANSWERS];
    size_t n;
    int code = admission_answers(st->adm, slug, r->attendee_id, a,
                                 STATION_MAX_ANSWERS, &n, err);
    r->priv.nanswers = 0;
    if (code || !n)
        return code;
    free(r->priv.answers);
    r->priv.answers = malloc(n * sizeof(*r->priv.answers));
    if (!r->priv.answers)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    for (size_t i = 0; i < n; i++) {
        struct station_answer *o = &r->priv.answers[i];
        /* Cut as the fields the answers were shown from were. */
        if (!station_result_text(
                r, a[i].question,
                strnlen(a[i].question, STATION_QUESTION_CAP - 1),
                &o->question) ||
            !station_result_text(r, a[i].answer,
                                 strnlen(a[i].answer, STATION_ANSWER_CAP - 1),
                                 &o->answer))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        r->priv.nanswers = i + 1;
    }
    return CK_OK;
}

int station_hold_refused(station *st, const struct verdict *vd,
                         struct station_result *r, bool *refused,
                         struct ck_error *err)
{
    *refused = false;
    if (!station_has(st, STATION_TRAIT_PERSONAL) || !vd->attendee_id ||
        !vd->valid)
        return CK_OK;
    struct admission_door d;
    int code = admission_door(st->adm, vd->attendee_id, &d, err);
    if (code)
        return code;
    /* Someone leaving is let out, unless pretix blocks the ticket: it
     * refuses a blocked one at exits too (issue 49). */
    *refused = d.blocked || (d.hold && st->dir != DIRECTION_OUT);
    if (!*refused)
        return CK_OK;
    /* Neutral, and nothing more on screen: no name, no reason, no hold
     * (docs/admission.md, "A hold").  The journal row keeps the ticket
     * for the organizer. */
    r->attendee_id = 0;
    r->ticket_id[0] = r->badge_name[0] = r->given_name[0] = '\0';
    r->pronouns[0] = r->ticket_type[0] = r->order_status[0] = '\0';
    r->order_code[0] = r->tutorial[0] = '\0';
    r->hand = STATION_HAND_NONE;
    r->priv.ntutorials = r->tutorials_more = r->priv.nanswers = 0;
    station_verdict(r, DECISION_DENY, STATION_REASON_SEE_HELP_DESK);
    return CK_OK;
}

int station_door_cues(station *st, struct station_result *r, bool cues,
                      struct ck_error *err)
{
    if (!r->personal || !r->attendee_id)
        return CK_OK;
    struct admission_door d;
    int code = admission_door(st->adm, r->attendee_id, &d, err);
    if (code)
        return code;
    snprintf(r->locale, sizeof(r->locale), "%s", d.locale);
    /* Someone refused or leaving a room needs no cue. */
    if (!cues || r->decision == DECISION_DENY || r->direction == DIRECTION_OUT)
        return CK_OK;
    if ((d.attention[0] &&
         !station_result_text(r, d.attention, strlen(d.attention),
                              &r->attention)) ||
        (d.seat[0] &&
         !station_result_text(r, d.seat, strlen(d.seat), &r->seat)))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    r->has_attention = d.attention[0] != '\0';
    r->has_seat = d.seat[0] != '\0';
    return CK_OK;
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
    if (st->kind->refresh)
        st->kind->refresh(st, event_name);
    return CK_OK;
}

void station_begin_result(station *st, int64_t at_ms, struct station_result *r)
{
    memset(r, 0, sizeof(*r));
    r->at_ms = at_ms;
    r->tz = st->tz;
    r->station = st->name;
    r->mode = st->kind->mode;
    r->target = st->target;
    r->direction = st->dir;
    r->traits = st->kind->traits;
    r->personal = station_has(st, STATION_TRAIT_PERSONAL);
}

/* The triage journals no scan row (docs/stations.md, "The triage"):
 * nothing it decides admits anyone.  A person sent to a desk is noted in
 * triage_sent (schema 24) for the dashboard's lines; when that cannot be
 * written the person is still sent, and the screen says NOT RECORDED. */
static void sorted_sent(station *st, struct station_result *r, bool locked,
                        const struct ck_error *lock_err)
{
    struct ck_error jerr = {0};
    bool sent = r->decision == DECISION_ADMIT && r->desk[0] && r->ticket_id[0];
    int code = CK_OK;
    if (sent && !locked) {
        jerr = *lock_err;
        code = CK_EIO;
    } else if (sent) {
        code = journal_sent(st->j, r->ticket_id, r->desk, r->desk_letters,
                            r->decided_ms ? r->decided_ms : r->at_ms, &jerr);
        if (!code)
            code = journal_commit(st->j, &jerr);
    } else {
        journal_rollback(st->j);
    }
    if (code) {
        journal_rollback(st->j);
        st->c.not_recorded++;
        (void)station_result_set_record_error(r, &jerr);
    }
    st->c.scans++;
    r->counters = st->c;
}

/* Apply the rules for `vd`, journal, update counters; printing is left
 * to station_print, after the verdict is shown.  Called inside
 * journal_begin() when `locked`, so that the rows the rules read (already
 * checked in, inside, a lead already taken) and the row this decision adds
 * are one transaction, whatever other stations share the file; the commit
 * ends it.  Without the lock (`lock_err` says why) the decision is made
 * from what the file holds and shown NOT RECORDED. */
int station_conclude(station *st, const struct verdict *vd, const uint8_t *code,
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
    r->addon_cancelled = vd->addon_cancelled;
    st->handed[0] = '\0';
    int rc = refresh(st, err);
    if (rc)
        return rc;
    bool held = false;
    rc = station_hold_refused(st, vd, r, &held, err);
    if (!rc && held && override) {
        /* An override never admits a person on hold; nothing journaled,
         * and the supervisor is told no more than the screen says. */
        journal_rollback(st->j);
        return ck_fail(err, CK_EINVAL, "Please see the help desk.");
    }
    if (!rc && !held)
        rc = st->kind->rules(st, vd, override, r, err);
    if (!rc)
        rc = station_door_cues(st, r, !held, err);
    if (rc)
        return rc;
    if (st->kind->traits & STATION_TRAIT_SORTS) {
        sorted_sent(st, r, locked, lock_err);
        return CK_OK;
    }

    struct scan_record rec = {
        .at_ms = r->decided_ms ? r->decided_ms : r->at_ms,
        .read_at_ms = r->decided_ms ? r->at_ms : 0,
        .mode = st->kind->mode,
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
        .reason = station_reason_token(r->reason),
        .direction = st->dir,
        .override = override,
        .supervisor = r->supervisor[0] ? r->supervisor : NULL,
        .handed = st->handed[0] ? st->handed : NULL,
        .read_key = st->read_key[0] ? st->read_key : NULL,
        .read_name = r->personal ? r->badge_name : "",
        .answers = r->has_given ? station_result_at(r, r->given) : NULL,
    };
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    if (st->kind->record)
        st->kind->record(st, vd, r, &rec, hashed);
    struct ck_error jerr = {0};
    bool recorded = false;
    if (!locked)
        jerr = *lock_err;
    else if (journal_append(st->j, &rec, &jerr) == CK_OK &&
             (!st->kind->owed ||
              st->kind->owed(st, vd, r, rec.seq, &jerr) == CK_OK)) {
        /* Tests kill the station here: nothing of the decision may
         * survive (docs/admission.md, section 4). */
        atomic_file_kill_point("checkin-queued", store_path(st->s));
        if (journal_commit(st->j, &jerr) == CK_OK) {
            recorded = true;
            /* And here: the check-in and its jobs both survive. */
            atomic_file_kill_point("checkin-committed", store_path(st->s));
        }
    }
    if (!recorded && override) {
        /* A supervisor's override is its record: never shown without it. */
        journal_rollback(st->j);
        return ck_wrap(err, jerr.code ? jerr.code : CK_EIO, &jerr,
                       "%s Nothing was overridden; try again.");
    }
    if (recorded) {
        r->seq = rec.seq;
        if (rec.lead_sponsor)
            r->lead_seq = rec.seq;
    } else {
        journal_rollback(st->j);
        st->c.not_recorded++;
        /* none if out of memory */
        (void)station_result_set_record_error(r, &jerr);
    }
    /* Counters follow what happened at the station, recorded or not. */
    st->c.scans++;
    if (r->decision == DECISION_ADMIT)
        st->kind->admitted(st, r);
    r->counters = st->c;
    return CK_OK;
}

int station_scan_read(station *st, const uint8_t *code, size_t len,
                      int64_t at_ms, int64_t decided_ms,
                      struct station_result *out, struct ck_error *err)
{
    station_begin_result(st, at_ms, out);
    out->decided_ms = decided_ms;
    struct ck_error lock_err = {0};
    bool locked = journal_begin(st->j, &lock_err) == CK_OK;
    if (locked && st->read_key[0]) {
        /* Under the write lock: another station process on the file may
         * have decided this read since it was looked up. */
        bool known = false;
        int rc = station_read_known(st, &known, out, err);
        if (rc || known) {
            journal_rollback(st->j);
            st->read_known = known;
            return rc;
        }
    }
    struct verdict vd;
    int rc = verifier_check(st->v, code, len, &vd, err);
    bool pin = false, may = false;
    if (!rc && station_has(st, STATION_TRAIT_ACCEPTS_PIN) &&
        vd.reason == BADGE_REASON_UNKNOWN_CODE)
        rc = supervisor_may_be_pin(st->s, code, len, &may, err);
    if (!rc && may) {
        /* A supervisor's PIN typed into the scan line is kept nowhere
         * (docs/admission.md, "A PIN typed into the scan line").  Trying
         * the hashes takes up to a second: outside the transaction that
         * the other stations sharing the file wait on, then the code is
         * verified again under it. */
        journal_rollback(st->j);
        rc = supervisor_is_pin(st->s, code, len, &pin, err);
        lock_err = (struct ck_error){0};
        locked = journal_begin(st->j, &lock_err) == CK_OK;
        if (!rc)
            rc = verifier_check(st->v, code, len, &vd, err);
    }
    if (!rc && pin && vd.reason == BADGE_REASON_UNKNOWN_CODE) {
        code = (const uint8_t *)STATION_PIN_CODE;
        len = strlen(STATION_PIN_CODE);
    }
    if (!rc && st->kind->sign && vd.reason == BADGE_REASON_UNKNOWN_CODE) {
        /* A code of the kind's own (a sprint table's sign): its verdict,
         * no journal row. */
        bool taken = false;
        rc = st->kind->sign(st, code, len, out, &taken, err);
        if (!rc && taken) {
            journal_rollback(st->j);
            out->counters = st->c;
            return CK_OK;
        }
    }
    /* The journal keeps exactly what was scanned: a QR code's own CR/LF
     * is part of it (a wedge's line end was cut by station_feed_code). */
    if (!rc)
        rc = station_conclude(st, &vd, code, len, locked, &lock_err, NULL, out,
                              err);
    if (rc)
        journal_rollback(st->j);
    return rc;
}

int station_scan(station *st, const uint8_t *code, size_t len, int64_t at_ms,
                 struct station_result *out, struct ck_error *err)
{
    return station_scan_read(st, code, len, at_ms, 0, out, err);
}

/* ---- presenting ---- */

static int present_read(station *st, const uint8_t *code, size_t len,
                        int64_t t_ms, int64_t age_ms, bool *fresh,
                        struct station_result *out, struct ck_error *err);

int station_present(station *st, const uint8_t *code, size_t len, int64_t t_ms,
                    bool *fresh, struct station_result *out,
                    struct ck_error *err)
{
    return station_present_read(st, code, len, t_ms, 0, "", fresh, out, err);
}

/* ---- a phone's reads by their ids (issue 31) ---- */

int station_read_begin(station *st, const char *booth, const char *read_id,
                       struct ck_error *err)
{
    st->read_key[0] = '\0';
    st->read_known = false;
    if (!read_id || !read_id[0])
        return CK_OK;
    int n = snprintf(st->read_key, sizeof(st->read_key), "%s/%s",
                     booth ? booth : "", read_id);
    if (n < 0 || (size_t)n >= sizeof(st->read_key)) {
        st->read_key[0] = '\0';
        return ck_fail(err, CK_EINVAL,
                       "The read's id is too long; send the id the page gave "
                       "the read.");
    }
    return CK_OK;
}

void station_read_repeat(station *st, int64_t t_ms)
{
    if (!st->read_key[0])
        return;
    /* Not kept (the file busy): sent again, it is decided afresh, which
     * is what a station without the file's memory did. */
    struct ck_error ignored;
    int kept = journal_read_repeat(st->j, st->read_key, station_clock(st, t_ms),
                                   &ignored);
    (void)kept;
}

void station_read_end(station *st)
{
    st->read_key[0] = '\0';
}

static enum station_reason reason_of_token(const char *token)
{
    for (int i = 0; i < STATION_REASON_COUNT; i++)
        if (REASON_TOKENS[i] && !strcmp(REASON_TOKENS[i], token))
            return (enum station_reason)i;
    return STATION_REASON_COUNT; /* "unknown-reason" */
}

/* A booth's read (the expo hall's, keyed "BOOTH/ID", the id holding no
 * '/'): said as that booth's, as its first line was. */
static void booth_of_read(station *st, struct station_result *out)
{
    const char *slash = strrchr(st->read_key, '/');
    if (!slash || slash == st->read_key)
        return;
    char booth[JOURNAL_NAME_CAP];
    snprintf(booth, sizeof(booth), "%.*s", (int)(slash - st->read_key),
             st->read_key);
    station_booth_result(st, booth, out);
}

/* The person of a read sent again, by its row's ticket, as the first
 * answer named them (station_conclude): their attendee id and order.
 * One the file no longer holds keeps the name the answer showed. */
static void person_again(station *st, const char *ticket_id,
                         struct station_result *out)
{
    struct attendee_list l = {0};
    struct ck_error ignored = {0};
    if (!store_attendee_find_one(st->s, ticket_id, &l, &ignored) && l.n == 1 &&
        !strcmp(l.items[0].ticket_id, ticket_id)) {
        out->attendee_id = l.items[0].id;
        snprintf(out->order_status, sizeof(out->order_status), "%s",
                 order_status_str(l.items[0].status));
    }
    attendee_list_free(&l);
}

/* A wrong-day refusal sent again: its ticket type, days and today, as
 * station_day_refused said them at the read's time (every kind that
 * knows people refuses so). */
static void day_again(station *st, struct station_result *out)
{
    if ((out->reason != STATION_REASON_WRONG_DAY &&
         out->reason != STATION_REASON_INVALID_TIME) ||
        !out->attendee_id)
        return;
    struct verdict vd = {.attendee_id = out->attendee_id};
    bool refused = false;
    struct ck_error ignored = {0};
    if (station_day_refused(st, &vd, out, &refused, &ignored) || !refused)
        out->day_label = out->days = out->today = 0;
}

int station_read_known(station *st, bool *known, struct station_result *out,
                       struct ck_error *err)
{
    struct journal_read jr;
    int rc = journal_read_find(st->j, st->read_key, known, &jr, err);
    if (rc || !*known)
        return rc;
    struct ck_error ignored = {0};
    if (!jr.decided) {
        /* Taken as the same presentation again: answered so again, and
         * the screens say so (docs/phones.md). */
        station_begin_result(st, jr.at_ms, out);
        (void)load_counters(st, &ignored);
        out->counters = st->c;
        out->again = true;
        out->same_again = true;
        booth_of_read(st, out);
        return CK_OK;
    }
    /* The first answer, as the file keeps it: decided at at_ms, by the
     * time read_at_ms when the phone kept the read. */
    station_begin_result(st, jr.read_at_ms ? jr.read_at_ms : jr.at_ms, out);
    if (jr.read_at_ms)
        out->decided_ms = jr.at_ms;
    out->decision = jr.decision;
    out->direction = jr.direction;
    out->reason = reason_of_token(jr.reason);
    snprintf(out->badge_name, sizeof(out->badge_name), "%s", jr.name);
    if (out->personal)
        snprintf(out->ticket_id, sizeof(out->ticket_id), "%s", jr.ticket_id);
    if (out->personal && jr.ticket_id[0])
        person_again(st, jr.ticket_id, out);
    /* The order's language, which the first answer said the person's
     * sentence in (issue 53). */
    struct admission_door d;
    if (out->personal && out->attendee_id &&
        !admission_door(st->adm, out->attendee_id, &d, &ignored))
        snprintf(out->locale, sizeof(out->locale), "%s", d.locale);
    day_again(st, out);
    if (st->kind->again)
        st->kind->again(st, out);
    out->seq = jr.seq;
    /* The counts now (the first answer's are not kept), another process's
     * rows on the file too; the header's, should the file not answer. */
    (void)load_counters(st, &ignored);
    out->counters = st->c;
    out->again = true;
    booth_of_read(st, out);
    return CK_OK;
}

int station_read_again(station *st, const char *booth, const char *read_id,
                       bool *known, struct station_result *out,
                       struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    *known = false;
    int rc = station_read_begin(st, booth, read_id, err);
    if (!rc && st->read_key[0])
        rc = station_read_known(st, known, out, err);
    station_read_end(st);
    return rc;
}

int station_present_read(station *st, const uint8_t *code, size_t len,
                         int64_t t_ms, int64_t age_ms, const char *read_id,
                         bool *fresh, struct station_result *out,
                         struct ck_error *err)
{
    memset(out, 0, sizeof(*out)); /* a result to free, whatever follows */
    *fresh = false;
    int rc = station_read_begin(st, "", read_id, err);
    bool known = false;
    if (!rc && st->read_key[0])
        rc = station_read_known(st, &known, out, err);
    if (rc || known) {
        station_read_end(st);
        return rc;
    }
    /* Tests stop two station processes on one file here, both past the
     * lookup, and let them go at once: the lookup under the write lock
     * (station_scan_read) decides which one's answer is the repeat. */
    if (st->read_key[0])
        atomic_file_kill_point("read-looked-up", store_path(st->s));
    rc = present_read(st, code, len, t_ms, age_ms, fresh, out, err);
    if (st->read_known)
        *fresh = false;
    station_read_end(st);
    return rc;
}

/* station_present_read once its read is known to be new; a read taken as
 * the same presentation again is kept as such (a lost answer, sent again
 * after a restart, is "the same again" again, not a new presentation). */
static int present_read(station *st, const uint8_t *code, size_t len,
                        int64_t t_ms, int64_t age_ms, bool *fresh,
                        struct station_result *out, struct ck_error *err)
{
    /* Debounced at the read's time on the station's clock whenever the
     * station trusts the phone's difference (not in the future, not
     * older than a session), also within STATION_READ_LATE_MS: two reads
     * 40 ms apart on the phone are one presentation however late either
     * is sent.  The rules' time keeps its own bounds below. */
    bool trusted = age_ms > 0 && age_ms <= STATION_READ_AGE_MAX_MS;
    *fresh = debounce_seen(st->db, code, len, trusted ? t_ms - age_ms : t_ms);
    if (!*fresh) {
        station_read_repeat(st, t_ms);
        return CK_OK;
    }
    int64_t now = station_clock(st, t_ms);
    if (age_ms > STATION_READ_LATE_MS && age_ms <= STATION_READ_AGE_MAX_MS)
        return station_scan_read(st, code, len, now - age_ms, now, out, err);
    return station_scan_read(st, code, len, now, 0, out, err);
}

int64_t station_source_now(const station *st)
{
    return util_mono_ms() - st->mono_start;
}
