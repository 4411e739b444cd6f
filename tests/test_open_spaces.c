/* Open spaces (issue 56 item 1, docs/open-spaces.md) through the real
 * `checkin`: the demo event with an [open-spaces] section (room 201 of 2
 * seats, room 202 of 25; 14 and 15 May, 10:00-17:00, one-hour slots), a
 * mistake in it named by its line, claims, releases and the list, bad
 * claims each one sentence that changes nothing, an open-space door that
 * counts its slot and refuses the third person in a room of two, and
 * `checkin report EVENT.db open-spaces` with each session's attendance. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "testutil.h"

static const char OPEN_SPACES[] = "\n[open-spaces]\n"
                                  "rooms = 201:2, 202:25\n"
                                  "days = 2027-05-14, 2027-05-15\n"
                                  "hours = 10:00-17:00\n"
                                  "slot = 60\n";

/* The demo event's description with `extra` after it in place of its
 * own open spaces and without its acknowledgement, as `name`. */
static const char *ini_with(const char *name, const char *extra)
{
    static const char *const drop[] = {"open-spaces", "admission",
                                       "acknowledge ", NULL};
    return tu_demo_ini(name, drop, extra);
}

/* The demo event with open spaces and its registrations, as `name`. */
static const char *event(const char *name)
{
    const char *ini = ini_with(tu_format("%s.ini", name), OPEN_SPACES);
    if (!ini)
        return NULL;
    static char db[4096];
    snprintf(db, sizeof(db), "%s", tu_path(tu_format("%s.db", name)));
    if (tu_event(db, ini, NULL, CONFIG_DIR "/demo/registrations.csv"))
        return NULL;
    return db;
}

/* The ticket id of the n-th paid registration. */
static const char *paid_ticket(const char *db, int n)
{
    return tu_sql_text(db, tu_format("SELECT ticket_id FROM attendee WHERE"
                                     " status = 'paid' ORDER BY id LIMIT 1"
                                     " OFFSET %d",
                                     n));
}

/* The n-th paid registration's code, as its ticket carries it. */
static const char *paid_code(const char *db, int n)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.status = 'paid'"
                                     " AND s.revoked = 0 ORDER BY a.id LIMIT"
                                     " 1 OFFSET %d",
                                     n));
}

static void a_mistake_in_the_section_names_its_line(void)
{
    const char *ini = ini_with("bad.ini", "\n[open-spaces]\n"
                                          "rooms = 201:2\n"
                                          "days = 2027-05-14\n"
                                          "hours = 10 to 5\n"
                                          "slot = 60\n");
    REQUIRE(ini);
    size_t len;
    char *text = tu_read_file(ini, &len);
    REQUIRE(text);
    int at = 1;
    for (const char *p = text;
         (p = strchr(p, '\n')) && strncmp(p + 1, "hours =", 7); p++)
        at++;
    free(text);
    const char *said =
        tu_checkin_want(1, "init '%s' '%s'", tu_path("bad.db"), ini);
    EXPECT_CONTAINS(
        said, tu_format("bad.ini:%d: '10 to 5' is not the hours", at + 1));
    EXPECT_CONTAINS(said, "hours = 10:00-17:00");
    const char *unknown = ini_with("unknown.ini", "\n[open-spaces]\n"
                                                  "seats = 4\n");
    REQUIRE(unknown);
    said = tu_checkin_want(1, "init '%s' '%s'", tu_path("unknown.db"), unknown);
    EXPECT_CONTAINS(said, "unknown key 'seats' in [open-spaces]; its keys are "
                          "rooms, days, hours and slot");
}

static void a_host_claims_lists_and_releases_a_slot(void)
{
    const char *db = event("claims");
    REQUIRE(db);
    char host[64];
    snprintf(host, sizeof(host), "%s", paid_ticket(db, 0));
    const char *said = tu_checkin_want(
        0,
        "open-spaces '%s' claim 202 '2027-05-14 11:00' --host '%s' --title "
        "'Packaging BoF'",
        db, host);
    EXPECT_CONTAINS(said, "Claimed 202 at 2027-05-14 11:00 for \"Packaging "
                          "BoF\"");
    said = tu_checkin_want(0, "open-spaces '%s' list --json", db);
    EXPECT_CONTAINS(said, "\"title\": \"Packaging BoF\"");
    EXPECT_CONTAINS(said, "\"slot\": \"2027-05-14 11:00\"");
    EXPECT_CONTAINS(said, tu_format("\"host_ticket\": \"%s\"", host));
    said = tu_checkin_want(0, "open-spaces '%s' release 202 '2027-05-14 11:00'",
                           db);
    EXPECT_CONTAINS(said, "Released 202 at 2027-05-14 11:00");
    said = tu_checkin_want(0, "open-spaces '%s' list", db);
    EXPECT_CONTAINS(said, "No open-space slot is claimed yet.");
    /* Released, the slot is free for another host. */
    said = tu_checkin_want(
        0,
        "open-spaces '%s' claim 202 '2027-05-14 11:00' --host '%s' --title "
        "'Typing BoF'",
        db, paid_ticket(db, 1));
    EXPECT_CONTAINS(said, "Typing BoF");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM open_space_claim"), 3);
}

static void each_bad_claim_is_one_sentence_and_changes_nothing(void)
{
    const char *db = event("bad");
    REQUIRE(db);
    char host[64];
    snprintf(host, sizeof(host), "%s", paid_ticket(db, 0));
    tu_checkin_want(0,
                    "open-spaces '%s' claim 201 '2027-05-14 10:00' --host '%s' "
                    "--title 'Rust BoF'",
                    db, host);
    static const struct {
        const char *room, *when, *host, *said;
    } bad[] = {
        {"201", "2027-05-14 09:00", NULL,
         "2027-05-14 09:00 is not the start of a slot: open spaces run "
         "10:00-17:00 in slots of 60 minutes"},
        {"201", "2027-05-14 17:00", NULL, "is not the start of a slot"},
        {"201", "2027-05-13 10:00", NULL,
         "There are no open spaces on Thu 13 May; their days are Fri 14 May, "
         "Sat 15 May."},
        {"303", "2027-05-14 10:00", NULL,
         "There is no open-space room '303'; the rooms are: 201, 202."},
        {"201", "2027-05-14 10:00", NULL,
         "201 at 2027-05-14 10:00 is taken by \"Rust BoF\""},
        {"202", "2027-05-14 10:00", "no-such-ticket",
         "No registration has the ticket 'no-such-ticket'; give the host's "
         "ticket id with --host."},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *said = tu_checkin_want(
            1, "open-spaces '%s' claim %s '%s' --host '%s' --title 'Other'", db,
            bad[i].room, bad[i].when, bad[i].host ? bad[i].host : host);
        EXPECT_CONTAINS(said, bad[i].said);
        /* One sentence, on one line. */
        EXPECT_INT((int)(strchr(said, '\n') - said) + 1, (int)strlen(said));
    }
    /* The days as a German reader reads them (issue 53). */
    EXPECT_CONTAINS(
        tu_checkin_want(1,
                        "--lang de open-spaces '%s' claim 201 "
                        "'2027-05-13 10:00' --host '%s' --title 'Other'",
                        db, host),
        "Am Do 13. Mai gibt es keine Open Spaces; ihre Tage sind Fr 14. Mai, "
        "Sa 15. Mai.");
    const char *said = tu_checkin_want(
        1, "open-spaces '%s' release 202 '2027-05-14 10:00'", db);
    EXPECT_CONTAINS(said, "Nobody holds 202 at 2027-05-14 10:00");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM open_space_claim"), 1);
}

/* `codes` scanned at the open-space door of `room` at local `clock`: its
 * JSON lines. */
static const char *door(const char *db, const char *room, const char *clock,
                        const char *codes)
{
    const char *out, *err;
    if (tu_checkin_in(tu_format("scan '%s' --station open-space:%s --keyboard "
                                "--json --clock '%s'",
                                db, room, clock),
                      codes, &out, &err) != 0) {
        TU_FAIL_AT("the door of %s at %s: %s", room, clock, err);
        return "";
    }
    static char kept[65536];
    snprintf(kept, sizeof(kept), "%s", out);
    return kept;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

static void the_door_counts_its_slot_and_refuses_a_full_room(void)
{
    const char *db = event("door");
    REQUIRE(db);
    tu_checkin_want(0,
                    "open-spaces '%s' claim 201 '2027-05-14 10:00' --host '%s' "
                    "--title 'Rust BoF'",
                    db, paid_ticket(db, 0));
    char codes[1024];
    snprintf(codes, sizeof(codes), "%s\n", paid_code(db, 1));
    size_t n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", paid_code(db, 2));
    n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", paid_code(db, 3));
    const char *out = door(db, "201", "2027-05-14 10:05", codes);
    EXPECT_INT(count(out, "\"decision\":\"admit\""), 2);
    EXPECT_INT(count(out, "\"reason\":\"full\""), 1);
    EXPECT_CONTAINS(out, "Welcome to Rust BoF (201).");
    EXPECT_CONTAINS(out, "The room is full (2 of 2) for this slot");
    /* The next slot counts afresh: the third person is let in. */
    snprintf(codes, sizeof(codes), "%s\n", paid_code(db, 3));
    out = door(db, "201", "2027-05-14 11:05", codes);
    EXPECT_INT(count(out, "\"decision\":\"admit\""), 1);
    /* Outside the hours, nobody. */
    out = door(db, "201", "2027-05-14 18:00", codes);
    EXPECT_INT(count(out, "\"reason\":\"ended\""), 1);
    /* Unknown room: one sentence naming the rooms. */
    const char *said = tu_checkin_want(
        1, "scan '%s' --station open-space:303 --keyboard --json", db);
    EXPECT_CONTAINS(said, "There is no open-space room '303'");
    EXPECT_CONTAINS(said, "the rooms are: 201, 202.");
    said = tu_checkin_want(0, "report '%s' open-spaces", db);
    EXPECT_CONTAINS(said, "Open spaces: 1 session, attendance 2 in all.");
    EXPECT_CONTAINS(said, "2027-05-14 10:00  201  \"Rust BoF\", hosted by");
    EXPECT_CONTAINS(said, ": 2 of 2 seats");
    /* The dashboard's: each session with its attendance and seats. */
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    char *text = NULL;
    REQUIRE(dashboard_snapshot(s, 1810296000000, &text, &err) == CK_OK);
    store_close(s);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    json_t *os = json_object_get(root, "open_spaces");
    EXPECT_INT((long long)json_array_size(os), 1);
    json_t *first = json_array_get(os, 0);
    EXPECT_STR(json_string_value(json_object_get(first, "room")), "201");
    EXPECT_STR(json_string_value(json_object_get(first, "slot")),
               "2027-05-14 10:00");
    EXPECT_STR(json_string_value(json_object_get(first, "title")), "Rust BoF");
    EXPECT_INT(json_integer_value(json_object_get(first, "attendance")), 2);
    EXPECT_INT(json_integer_value(json_object_get(first, "seats")), 2);
    json_decref(root);
}

TU_MAIN(TU_CASE(a_mistake_in_the_section_names_its_line),
        TU_CASE(a_host_claims_lists_and_releases_a_slot),
        TU_CASE(each_bad_claim_is_one_sentence_and_changes_nothing),
        TU_CASE(the_door_counts_its_slot_and_refuses_a_full_room))
