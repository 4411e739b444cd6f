/* What station.c and the station kinds (kind_desk.c, kind_door.c,
 * kind_leads.c) share: the station itself, the helpers every kind's rules
 * use, and the rules station.c applies.  Private to station/. */
#ifndef CHECKIN_STATION_KIND_H
#define CHECKIN_STATION_KIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/credential.h"
#include "checkin/debounce.h"
#include "checkin/journal.h"
#include "checkin/station.h"

struct station {
    store *s;
    verifier *v;
    journal *j;
    debounce *db;
    struct station_config cfg;
    char name[JOURNAL_NAME_CAP];
    char target[JOURNAL_NAME_CAP];
    char title[400];
    struct tutorial_info tut;
    char sponsor[128];
    char tz[64];
    int64_t clock_base;
    int64_t mono_start;
    enum scan_direction dir;
    struct station_counters c;
    /* asynchronous printing: what is queued, oldest first, to name each
     * outcome when it comes back */
    struct pending_print {
        int64_t attendee_id, seq;
        char ticket_id[64];
        char badge_name[4 * 200 + 1];
    } pending[64];
    size_t npending;
};

/* ---- station.c: times in the event's zone ---- */

void local_hm(const station *st, int64_t t_ms, char out[8]);
void slot_text(const station *st, const struct tutorial_info *t, char *out,
               size_t cap);
void when_text(const station *st, int64_t t_ms, int64_t now_ms, char *out,
               size_t cap);

/* ---- station.c: the steps every decision shares ---- */

void decide(struct station_result *r, enum scan_decision d, const char *reason,
            const char *fmt, ...) __attribute__((format(printf, 4, 5)));
bool test_order_refused(const station *st, const struct verdict *vd,
                        struct station_result *r);
void begin_result(station *st, int64_t at_ms, struct station_result *r);
int conclude(station *st, const struct verdict *vd, const uint8_t *code,
             size_t len, bool locked, const struct ck_error *lock_err,
             const char *override, struct station_result *r,
             struct ck_error *err);

/* ---- the rules of each kind, which conclude() applies ---- */

int desk_rules(station *st, const struct verdict *vd, struct station_result *r,
               struct ck_error *err);
void override_rules(const struct verdict *vd, const char *why,
                    struct station_result *r);
int attendee_details(station *st, int64_t id, struct station_result *r,
                     struct attendee_list *l, struct ck_error *err);
int history_text(station *st, struct station_result *r, struct ck_error *err);
int door_rules(station *st, const struct verdict *vd, struct station_result *r,
               struct ck_error *err);
int leads_rules(station *st, const struct verdict *vd, struct station_result *r,
                struct ck_error *err);

#endif
