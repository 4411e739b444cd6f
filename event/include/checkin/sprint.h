/* Sprints by project (issue 56 item 2, docs/sprints.md): the [sprints]
 * section of the event description (its days), kept in the file as the
 * setting "sprints.days"; the projects (sprint_project, schema 23), each
 * with its lead's ticket and a room; and the check-ins a sprint station
 * (`--station sprints`) journals: door rows of target "sprint:SLUG",
 * one a person a project a day.  Returns data and outcomes; commands/
 * says them. */
#ifndef CHECKIN_SPRINT_H
#define CHECKIN_SPRINT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/error.h"
#include "checkin/event_line.h"
#include "checkin/store.h"

#define SPRINT_DAYS 16
#define SPRINT_SLUG_CAP 48
#define SPRINT_TITLE_CAP 200
/* A room is named as a tutorial's is ("101A", "Room 3"): 1 to this many
 * characters of text, no control character. */
#define SPRINT_ROOM_CAP 100
/* What a project's table sign's QR code holds before its slug. */
#define SPRINT_SIGN_PREFIX "checkin-sprint:"
/* A check-in's journal target: this, then the project's slug. */
#define SPRINT_TARGET_PREFIX "sprint:"

struct sprint_days {
    char days[SPRINT_DAYS][11]; /* "YYYY-MM-DD", local */
    size_t ndays;
    char tz[64]; /* the event's zone (sprint_days_read) */
};

/* Parse [sprints]' "days" (dates by commas) into `out`; false with a
 * sentence at `at` when it is wrong. */
bool sprint_days_parse(const char *v, struct sprint_days *out,
                       const struct event_line *at);

/* sprint_days_parse, and each day one of the event's, `start` to `end`
 * ("YYYY-MM-DD"), of the event `event_name`. */
bool sprint_days_check(const char *v, const char *start, const char *end,
                       const char *event_name, const struct event_line *at);

/* The file's sprint days and zone: *any false when the event description
 * has no [sprints]. */
int sprint_days_read(store *s, struct sprint_days *out, bool *any /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* The sprint day UTC ms `t_ms` falls on: its index, or -1; with its
 * start and end (UTC ms) when not NULL. */
int sprint_day_at(const struct sprint_days *d, int64_t t_ms, int64_t *from_ms,
                  int64_t *to_ms);

/* Day `i`'s start and end, UTC ms; false when the zone cannot say. */
bool sprint_day_bounds(const struct sprint_days *d, size_t i,
                       int64_t *from_ms /* out */, int64_t *to_ms /* out */);

/* The index of local day `day` ("YYYY-MM-DD") in `d`, or -1. */
int sprint_day_index(const struct sprint_days *d, const char *day);

/* The days, "2027-05-17, 2027-05-18", into `out`. */
void sprint_days_text(const struct sprint_days *d, char *out, size_t cap);

struct sprint_project {
    char slug[SPRINT_SLUG_CAP];
    char title[SPRINT_TITLE_CAP * 4 + 1];
    char lead_ticket[64];
    char lead_name[256]; /* the lead's badge name (read back) */
    char room[SPRINT_ROOM_CAP * 4 + 1];
};

enum sprint_outcome {
    SPRINT_DONE = 0,
    SPRINT_NO_SPRINTS,      /* the event has no [sprints] */
    SPRINT_BAD_SLUG,        /* not 1-40 of a-z, 0-9 and '-' */
    SPRINT_BAD_TITLE,       /* empty or over SPRINT_TITLE_CAP characters */
    SPRINT_BAD_ROOM,        /* a room's name that is not 1 to
                               SPRINT_ROOM_CAP characters of text */
    SPRINT_UNKNOWN_LEAD,    /* no registration has the lead's ticket */
    SPRINT_EXISTS,          /* a project has the slug already */
    SPRINT_UNKNOWN_PROJECT, /* no project has the slug */
};

/* Add `p` (its slug, title, lead's ticket and room; lead_name ignored). */
int sprint_project_add(store *s, const struct sprint_project *p,
                       enum sprint_outcome *outcome /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* Remove project `slug`; its check-ins stay in the journal. */
int sprint_project_remove(store *s, const char *slug,
                          enum sprint_outcome *outcome /* out */,
                          struct ck_error *err) CK_MUST_CHECK;

/* Every project, by slug (free *out). */
int sprint_projects(store *s, struct sprint_project **out, size_t *n,
                    struct ck_error *err) CK_MUST_CHECK;

/* Project `slug`: *found and its row into `out`. */
int sprint_project_get(store *s, const char *slug, struct sprint_project *out,
                       bool *found /* out */,
                       struct ck_error *err) CK_MUST_CHECK;

/* The slugs, "a, b, c", into `out` ("" when none). */
int sprint_project_names(store *s, char *out, size_t cap,
                         struct ck_error *err) CK_MUST_CHECK;

/* Whether `ticket` was checked in to project `slug` in [from_ms, to_ms):
 * *found and the first check-in's time. */
int sprint_checked_in(store *s, const char *slug, const char *ticket,
                      int64_t from_ms, int64_t to_ms, bool *found /* out */,
                      int64_t *at_ms /* out */,
                      struct ck_error *err) CK_MUST_CHECK;

/* The people checked in to `slug` in [from_ms, to_ms). */
int sprint_headcount(store *s, const char *slug, int64_t from_ms, int64_t to_ms,
                     long *people /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* One check-in, as the export and a lead's list give it. */
struct sprint_person {
    char project[SPRINT_SLUG_CAP];
    char day[11];
    char time[6]; /* local "HH:MM" */
    char ticket[64];
    char badge_name[256];
    char given[256], family[256];
    char email[256], company[256];
    bool consent;
};

/* Every check-in to `slug` (NULL: every project's), by project, day and
 * time (free *out). */
int sprint_people(store *s, const char *slug, struct sprint_person **out,
                  size_t *n, struct ck_error *err) CK_MUST_CHECK;

/* A project lead's link (docs/sprints.md, "The lead's list on their
 * phone"): URL/booth/?token=TOKEN, served by the sprint station's web
 * server as a sponsor's booth link is (web/booth.c), opening that
 * project's list of who came and nothing else.  The token is
 * expo_token(K, "sprint", SLUG, GENERATION), K the file's `sprint_key`
 * (expo_link_key), each project's generation `sprint_generation:SLUG`. */
struct sprint_link {
    char slug[SPRINT_SLUG_CAP];
    int64_t generation;
    char token[65];
};

/* Every project's link token, by slug (free *out; wipe it).  The file's
 * key is made first when `make` (the organizer's command); a station
 * (`make` false) on a file with no key serves no lead's link (*n 0). */
int sprint_lead_links(store *s, bool make, struct sprint_link **out, size_t *n,
                      struct ck_error *err) CK_MUST_CHECK;

/* Count up project `slug`'s generation (a lead's lost phone): its earlier
 * links are refused from the station's next start on.  *outcome
 * SPRINT_UNKNOWN_PROJECT for no such project. */
int sprint_lead_revoke(store *s, const char *slug, int64_t *generation,
                       enum sprint_outcome *outcome,
                       struct ck_error *err) CK_MUST_CHECK;

#endif
