/* A hub and its stations for tests: the demo event published at a fresh
 * database of the test's own PostgreSQL server (pgserver.h), stations
 * enrolled at it, each a file of its own, a loopback relay (relay.h) a
 * station can be sent through to be cut off, and the organizer's
 * dashboard.  All of it is done as an organizer does it, with the real
 * `checkin` commands (`hub init`, `hub add-station`, `sync`,
 * `dashboard`); a command that fails fails the test with its sentence.
 *
 * A test of a hub with two desks, each having pulled once:
 *
 *     struct hubfix f;
 *     REQUIRE(hubfix_open(&f, "dup", NULL, "desk-1", "desk", "desk-2",
 *                         "desk", NULL));
 *     hubfix_sync_all(&f);
 *     ... f.ev, f.hub, f.file[0], f.file[1] ...
 *
 * The test calls pgserver_start() first (its main does). */
#ifndef CHECKIN_TEST_HUBFIX_H
#define CHECKIN_TEST_HUBFIX_H

#include <jansson.h>
#include <stdbool.h>
#include <sys/types.h>

/* The event file `ev` published with `checkin hub init` at a fresh
 * database "hub_NAME" of the test's server: that name (it lives for the
 * next 16 calls). */
const char *hubfix_publish(const char *ev, const char *name);

/* The demo event copied to tu_path("NAME.db") and published at a fresh
 * database "hub_NAME"; the hub's database name in *hub (it lives for the
 * next 16 calls), the event's file returned.  Given an event description
 * `ini`, the copy takes it first (`checkin event`) and is published with
 * `checkin hub init`; without one, both are copies of the demo event
 * that `hub init` published once per process (file and database, CREATE
 * DATABASE ... TEMPLATE), the file pointed at its own hub. */
const char *hubfix_event(const char *name, const char *ini, const char **hub);

/* `checkin hub add-station EV STATION --station ROLE --out
 * tu_path(FILE)`: the station's file (enrolling pulls once). */
const char *hubfix_station(const char *ev, const char *station,
                           const char *role, const char *file);

/* A copy of what a case made, for a later case to start from where a
 * step after the enrolments (a run of its own) left it: the event file
 * `src` copied to tu_path(NAME) and pointed at the hub database `hub`
 * (a copy the caller made with CREATE DATABASE ... TEMPLATE), and a
 * station's file (a desk's key beside it) copied likewise with the
 * station's own credentials.  The copy's path; a failure recorded when
 * it could not be made. */
const char *hubfix_copy_event(const char *src, const char *name,
                              const char *hub);
const char *hubfix_copy_station(const char *src, const char *name,
                                const char *hub);

enum { HUBFIX_STATIONS = 24 };

/* An event at its hub with its stations, their names and files kept
 * here (tu_path's strings are reused after 64 calls). */
struct hubfix {
    char ev[512];
    char hub[64];
    int n;
    char name[HUBFIX_STATIONS][32];
    char file[HUBFIX_STATIONS][512];
};

/* hubfix_event(NAME, INI), then for each pair of the NULL-ended list
 * STATION, ROLE, ... hubfix_station into tu_path("NAME-STATION.db"), in
 * order.  False (a failure recorded) when a command failed. */
bool hubfix_open(struct hubfix *f, const char *name, const char *ini, ...)
    __attribute__((sentinel));

/* The demo event at a fresh hub "hub_NAME" with the stations of the
 * NULL-ended list STATION, ROLE, FILE, ... enrolled in order, each file at
 * tu_path(FILE) (names in f->name, paths in f->file): what hubfix_event
 * and then hubfix_station of each would make, in a fraction of the time.
 * The first call for a list runs `hub add-station` for the stations past
 * the longest list already made (by an earlier call in this process) that
 * begins it, and keeps the result as a template (hub database, event file
 * and station files); each call copies the template (CREATE DATABASE ...
 * TEMPLATE, the files pointed at the new hub).  The copies of a template
 * share their stations' PostgreSQL roles, as they share the hub's group
 * role, so a test that retires a station, changes its role or checks its
 * enrolment enrols with hubfix_station instead.  With HUBFIX_NO_TEMPLATES
 * set in the environment every station is enrolled with `hub add-station`,
 * as before templates (to see that a case's outcome does not depend on
 * them, and to measure what they save).  False (a failure recorded) when a
 * command failed. */
bool hubfix_enrolled(struct hubfix *f, const char *name, ...)
    __attribute__((sentinel));

/* hubfix_enrolled with what a case names handed to it: the event's path
 * at *ev and the hub's database at *hub (either may be NULL), and the
 * list STATION, ROLE, FILE, &PATH, ... where PATH (a `const char *`, or
 * NULL for none) is given the station's path in f->file.  They point into
 * `f`, and are given even when a command fails:
 *
 *     struct hubfix f;
 *     const char *ev, *desk, *door;
 *     REQUIRE(hubfix_enrolled_as(&f, "least", &ev, NULL, "desk-1", "desk",
 *                                "least-desk.db", &desk, "door-1",
 *                                "door:pandas-intro", "least-door.db",
 *                                &door, NULL)); */
bool hubfix_enrolled_as(struct hubfix *f, const char *name, const char **ev,
                        const char **hub, ...) __attribute__((sentinel));

/* `checkin sync` of each station in order: each pulls what the ones
 * before it pushed. */
void hubfix_sync_all(const struct hubfix *f);

/* The loopback relay to this test's server, started once per process
 * (relay.c has one relay): its port, 0 when it did not start. */
int hubfix_relay(void);

/* The station's file reaches its hub through hubfix_relay() from now on
 * (relay_cut and relay_pause act on it); false (a failure recorded) when
 * the relay did not start. */
bool hubfix_through_relay(const char *file);

/* The `n`th paid secret (by ticket) of someone who bought the
 * pandas-intro tutorial, the room the doors share; lives until the next
 * tu_sql_text. */
const char *hubfix_pandas(const char *db, int n);

/* `checkin dashboard EV --listen 127.0.0.1:0`, its output into `out`, in a
 * child the kernel ends with this test (*pid); its port once it said its
 * address, or 0 (a failure recorded) when it did not within 20 s. */
int hubfix_dashboard(const char *ev, const char *out, pid_t *pid);
/* The same with more options (`args`, such as "--undo"). */
int hubfix_dashboard_with(const char *ev, const char *args, const char *out,
                          pid_t *pid);

/* Stop the dashboard (SIGTERM) and reap it: its wait status. */
int hubfix_dashboard_stop(pid_t pid);

/* Poll the dashboard's snapshot every 200 ms until its hub_stations entry
 * for `name` satisfies `want` (NULL: is there), up to 20 s: that entry,
 * or NULL.  *root holds the snapshot (the caller decrefs it). */
json_t *hubfix_snapshot_station(int port, const char *name,
                                bool (*want)(json_t *h, const void *arg),
                                const void *arg, json_t **root);

/* The event `name` published at its hub (hubfix_event) with the
 * organizer's join server (`checkin hub serve-joins`) running for it,
 * both made once per process; *hub (may be NULL) names its hub
 * database.  The event's path, or NULL (a failure recorded). */
const char *hubfix_join_event(const char *name, const char **hub);

/* Stop the join server hubfix_join_event started, if it runs. */
void hubfix_join_stop(void);

/* The link `hub add-station EV NAME --station desk --join ARGS` printed,
 * or "" (a failure recorded); static until the next call. */
const char *hubfix_join_link(const char *ev, const char *name,
                             const char *args);

#endif
