/* A sprint station (issue 56 item 2, docs/sprints.md): `sprints`, a table
 * or a room's door during the sprint days, checks people in to one
 * project at a time.  The project is chosen by scanning its table sign
 * (a QR code "checkin-sprint:SLUG", `checkin sprints EVENT.db signs`;
 * station_sprint_choose for a screen's choice); then every valid conference
 * badge, verified as at every door (the code, a test order, the ticket's
 * day, a hold), is checked in to it once a day: a door row of target
 * "sprint:SLUG" (record), so a person's second scan to the same project
 * on the same day is a warning naming the first, and the same person at
 * another project is a check-in there.  Data: event/sprint.c. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/credential.h"
#include "checkin/sprint.h"

#include "kind.h"

/* The station's own state (st->state): the project checked in to, the
 * sprint days, and the row's target. */
struct sprint_station {
    struct sprint_days days;
    struct sprint_project project; /* slug "" until one is chosen */
    char target[JOURNAL_NAME_CAP];
};

static struct sprint_station *own_of(const station *st)
{
    return st->state;
}

static int sprints_open(station *st, const char *event_name,
                        struct ck_error *err)
{
    (void)event_name;
    bool any;
    int code = sprint_days_read(st->s, &own_of(st)->days, &any, err);
    if (code)
        return code;
    if (!any)
        return ck_fail(err, CK_ENOTFOUND,
                       "%s has no sprints; add a [sprints] section with "
                       "their days to the event description and apply it "
                       "with checkin event.",
                       store_path(st->s));
    snprintf(st->title, sizeof(st->title), "Sprints");
    return CK_OK;
}

/* A sync or `checkin event` may have changed the days or the project. */
static void sprints_refresh(station *st, const char *event_name)
{
    (void)event_name;
    struct sprint_station *own = own_of(st);
    struct sprint_days d;
    bool any = false;
    struct ck_error gone;
    if (!sprint_days_read(st->s, &d, &any, &gone) && any)
        own->days = d;
    if (own->project.slug[0]) {
        struct sprint_project p;
        bool found = false;
        if (!sprint_project_get(st->s, own->project.slug, &p, &found, &gone) &&
            found)
            own->project = p;
    }
}

static int sprints_count(station *st, struct journal_counts *out,
                         struct ck_error *err)
{
    (void)st;
    (void)err;
    memset(out, 0, sizeof(*out));
    return CK_OK;
}

static int title_of(station *st, struct station_result *r, struct ck_error *err)
{
    const struct sprint_project *p = &own_of(st)->project;
    const char *t = p->slug[0] ? p->title : st->title;
    if (!station_result_text(r, t, strlen(t), &r->title))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    return CK_OK;
}

/* Outside the sprint days: refused, with the days. */
static int no_sprint_today(station *st, struct station_result *r,
                           struct ck_error *err)
{
    char days[SPRINT_DAYS * 12 + 1];
    sprint_days_text(&own_of(st)->days, days, sizeof(days));
    if (!station_result_text(r, days, strlen(days), &r->days))
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    station_verdict(r, DECISION_DENY, STATION_REASON_NO_SPRINT);
    return CK_OK;
}

static int sprints_rules(station *st, const struct verdict *vd, const char *why,
                         struct station_result *r, struct ck_error *err)
{
    (void)why; /* only the desk takes overrides */
    bool refused = false;
    int code = station_credential_refused(st, vd, r, &refused, err);
    if (!code && !refused)
        code = title_of(st, r, err);
    if (code || refused)
        return code;
    struct sprint_station *own = own_of(st);
    int64_t from, to;
    if (sprint_day_at(&own->days, r->at_ms, &from, &to) < 0)
        return no_sprint_today(st, r, err);
    if (!own->project.slug[0]) {
        station_verdict(r, DECISION_DENY, STATION_REASON_NO_PROJECT);
        return CK_OK;
    }
    bool found = false;
    code = sprint_checked_in(st->s, own->project.slug, vd->ticket_id, from, to,
                             &found, &r->first_ms, err);
    if (code)
        return code;
    station_verdict(r, found ? DECISION_WARN : DECISION_ADMIT,
                    found ? STATION_REASON_SPRINT_AGAIN
                          : STATION_REASON_SPRINT_IN);
    return CK_OK;
}

/* Its rows are the project's: door rows of target "sprint:SLUG". */
static void sprints_record(station *st, const struct verdict *vd,
                           const struct station_result *r,
                           struct scan_record *rec, char *hashed)
{
    station_record_hashed(st, vd, r, rec, hashed);
    struct sprint_station *own = own_of(st);
    if (own->project.slug[0]) {
        snprintf(own->target, sizeof(own->target), "%s%s", SPRINT_TARGET_PREFIX,
                 own->project.slug);
        rec->target = own->target;
    }
}

static void sprints_admitted(station *st, struct station_result *r)
{
    (void)r;
    st->c.inside++;
}

/* The project numbered `code` (1 to 3 digits) in the list the screens
 * show (by slug, 1 first) into `slug`: *taken false when `code` is no
 * such number. */
static int numbered(station *st, const uint8_t *code, size_t len, char *slug,
                    size_t cap, bool *taken, struct ck_error *err)
{
    *taken = false;
    while (len && (code[len - 1] == '\n' || code[len - 1] == '\r'))
        len--;
    size_t k = 0;
    while (k < len && code[k] >= '0' && code[k] <= '9')
        k++;
    if (!len || len > 3 || k != len)
        return CK_OK;
    char digits[4];
    snprintf(digits, sizeof(digits), "%.*s", (int)len, code);
    long want = strtol(digits, NULL, 10);
    struct sprint_project *v = NULL;
    size_t n = 0;
    int rc = sprint_projects(st->s, &v, &n, err);
    if (!rc && want >= 1 && (size_t)want <= n) {
        snprintf(slug, cap, "%s", v[want - 1].slug);
        *taken = true;
    }
    free(v);
    return rc;
}

static int choose(station *st, const char *slug, const uint8_t *code,
                  size_t len, struct station_result *r, struct ck_error *err);

/* A table sign's code, or a project's slug typed on the screen (the
 * terminal's scan line, the web page's code field, its project buttons),
 * or its number in the screens' list: the project it names becomes the
 * station's. */
static int sprints_sign(station *st, const uint8_t *code, size_t len,
                        struct station_result *r, bool *taken,
                        struct ck_error *err)
{
    size_t pl = strlen(SPRINT_SIGN_PREFIX);
    *taken = len > pl && len - pl < SPRINT_SLUG_CAP &&
             !memcmp(code, SPRINT_SIGN_PREFIX, pl);
    char slug[SPRINT_SLUG_CAP];
    int rc = CK_OK;
    if (*taken)
        snprintf(slug, sizeof(slug), "%.*s", (int)(len - pl), code + pl);
    else
        rc = numbered(st, code, len, slug, sizeof(slug), taken, err);
    if (rc || *taken) {
        /* a sign's slug, or the slug of the project of that number */
    } else if (len && len < SPRINT_SLUG_CAP) {
        struct sprint_project p;
        snprintf(slug, sizeof(slug), "%.*s", (int)len, code);
        slug[strcspn(slug, "\r\n")] = '\0';
        rc = sprint_project_get(st->s, slug, &p, taken, err);
    }
    if (rc || !*taken)
        return rc;
    slug[strcspn(slug, "\r\n")] = '\0';
    return choose(st, slug, code, len, r, err);
}

const struct station_kind station_kind_sprints = {
    .name = "sprints",
    .target = NULL,
    .role = "desk",    /* on a desk's file at a hub (hub format 31) */
    .mode = SCAN_DOOR, /* door rows of target "sprint:SLUG" */
    .traits = STATION_TRAIT_PERSONAL | STATION_TRAIT_PROJECTS,
    .history = "sprint",
    .state_size = sizeof(struct sprint_station),
    .open = sprints_open,
    .refresh = sprints_refresh,
    .count = sprints_count,
    .rules = sprints_rules,
    .record = sprints_record,
    .admitted = sprints_admitted,
    .sign = sprints_sign,
};

int station_sprint_choose(station *st, const char *slug,
                          struct station_result *r, struct ck_error *err)
{
    return choose(st, slug, NULL, 0, r, err);
}

/* station_sprint_choose, by `len` bytes of `code` read (NULL: chosen on a
 * screen). */
static int choose(station *st, const char *slug, const uint8_t *code,
                  size_t len, struct station_result *r, struct ck_error *err)
{
    if (!station_has(st, STATION_TRAIT_PROJECTS))
        return ck_fail(err, CK_EINVAL, "This station is not a sprint station.");
    struct sprint_project p;
    bool found = false;
    int rc = sprint_project_get(st->s, slug, &p, &found, err);
    if (rc)
        return rc;
    if (!found) {
        /* The project stays as it was; the verdict names the sign's. */
        station_verdict(r, DECISION_DENY, STATION_REASON_UNKNOWN_PROJECT);
        if (!station_result_text(r, slug, strlen(slug), &r->title))
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        return CK_OK;
    }
    own_of(st)->project = p;
    /* A badge read just before (refused: no project yet, or the last
     * project's) is a new check-in now, not the scanner's repeat; the
     * sign that chose it stays one while it is in view, so a sign held
     * to a camera chooses once, not at every frame. */
    debounce_reset_but(st->db, code, len);
    station_verdict(r, DECISION_WARN, STATION_REASON_PROJECT);
    return title_of(st, r, err);
}

int station_sprint_lead(station *st, const char *slug, struct sprint_project *p,
                        struct sprint_days *d, struct sprint_person **v,
                        size_t *n, bool *found, struct ck_error *err)
{
    *v = NULL;
    *n = 0;
    if (!station_has(st, STATION_TRAIT_PROJECTS))
        return ck_fail(err, CK_EINVAL, "This station is not a sprint station.");
    int code = sprint_project_get(st->s, slug, p, found, err);
    if (code || !*found)
        return code;
    *d = own_of(st)->days;
    return sprint_people(st->s, slug, v, n, err);
}

int station_sprint_projects(station *st, struct sprint_project **v, size_t *n,
                            char *now, size_t now_cap, struct ck_error *err)
{
    *v = NULL;
    *n = 0;
    if (!station_has(st, STATION_TRAIT_PROJECTS))
        return ck_fail(err, CK_EINVAL, "This station is not a sprint station.");
    snprintf(now, now_cap, "%s", own_of(st)->project.slug);
    return sprint_projects(st->s, v, n, err);
}

int station_sprint_links(station *st, struct sprint_link **v, size_t *n,
                         struct ck_error *err)
{
    *v = NULL;
    *n = 0;
    if (!station_has(st, STATION_TRAIT_PROJECTS))
        return ck_fail(err, CK_EINVAL, "This station is not a sprint station.");
    return sprint_lead_links(st->s, false, v, n, err);
}
