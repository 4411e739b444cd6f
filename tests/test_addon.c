/* A pretix tutorial add-on's own QR through the real `checkin` command
 * (issue 30): in pretix a tutorial bought as an add-on to the conference
 * ticket is a position of its own, with its own `secret` printed as its
 * own QR and `addon_to` naming the ticket's position.  The export here is
 * made by the test (two people, each a ticket and one tutorial add-on);
 * the add-on's code is one more code of its person: admitted at its
 * tutorial's door, refused at another's with where to go, identifying its
 * person at the desk, and admitted at a door enrolled through a hub.
 * Scans are one process each, with --json at a chosen --clock. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubfix.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "testutil.h"

static const char INI[] = "[event]\n"
                          "slug = pycon-addon-2024\n"
                          "name = PyCon Add-on 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[tutorial pandas-intro]\n"
                          "title = Data analysis with pandas\n"
                          "room = 101A\n"
                          "start = 2024-05-15 09:00\n"
                          "end = 2024-05-15 12:30\n"
                          "capacity = 20\n"
                          "pretix-item = 501\n"
                          "\n"
                          "[tutorial asyncio-practice]\n"
                          "title = Async Python in practice\n"
                          "room = 102B\n"
                          "start = 2024-05-15 09:00\n"
                          "end = 2024-05-15 12:30\n"
                          "capacity = 20\n"
                          "pretix-item = 502\n";

#define CLOCK "2024-05-15 09:05"

static json_t *item(int id, const char *name, bool admission)
{
    return json_pack("{s:i, s:s, s:b, s:o}", "id", id, "name", name,
                     "admission", admission, "variations", json_array());
}

static json_t *position(int id, int item_id, int addon_to, const char *name,
                        const char *secret)
{
    return json_pack(
        "{s:i, s:i, s:i, s:n, s:s, s:s, s:n, s:s, s:o, s:o}", "id", id,
        "positionid", 1, "item", item_id, "variation", "attendee_name", name,
        "attendee_email", "someone@example.org", "company", "secret", secret,
        "addon_to", addon_to ? json_integer(addon_to) : json_null(), "answers",
        json_array());
}

/* Ada (ticket 7001, code adaticket7001) with the pandas tutorial as an
 * add-on (adapandas7002), unless `cancelled`, when pretix's export no
 * longer holds the add-on; Bob (7011) with the asyncio one (bobasync7012,
 * or `bob_code`). */
static const char *write_export_with(const char *file, bool cancelled,
                                     const char *bob_code)
{
    json_t *items = json_array();
    json_array_append_new(items, item(101, "Full conference", true));
    json_array_append_new(items, item(501, "Tutorial: pandas", false));
    json_array_append_new(items, item(502, "Tutorial: asyncio", false));
    json_t *ada = json_array();
    json_array_append_new(
        ada, position(7001, 101, 0, "Ada Lovelace", "adaticket7001"));
    if (!cancelled)
        json_array_append_new(
            ada, position(7002, 501, 7001, "Ada Lovelace", "adapandas7002"));
    json_t *bob = json_array();
    json_array_append_new(
        bob, position(7011, 101, 0, "Bob Babbage", "bobticket7011"));
    json_array_append_new(bob,
                          position(7012, 502, 7011, "Bob Babbage", bob_code));
    json_t *orders = json_pack(
        "[{s:s, s:s, s:b, s:s, s:o}, {s:s, s:s, s:b, s:s, s:o}]", "code",
        "ADA01", "status", "p", "testmode", 0, "email", "ada@example.org",
        "positions", ada, "code", "BOB02", "status", "p", "testmode", 0,
        "email", "bob@example.org", "positions", bob);
    json_t *root =
        json_pack("{s:{s:s, s:s, s:{s:s, s:s}, s:o, s:[], s:o}}", "event",
                  "name", "PyCon Add-on 2024", "slug", "pycon-addon-2024",
                  "organizer", "name", "PyCon Add-on Organizers", "slug",
                  "pycon-addon", "items", items, "questions", "orders", orders);
    const char *path = tu_path(file);
    if (!root || json_dump_file(root, path, JSON_INDENT(1)))
        TU_FAIL_AT("could not write the export %s", path);
    json_decref(root);
    return path;
}

static const char *write_export(const char *file, bool cancelled)
{
    return write_export_with(file, cancelled, "bobasync7012");
}

/* A fresh event `name` (tu_path) with the export imported. */
static const char *event(const char *name)
{
    char ini[64], key[64], exp[64];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    snprintf(key, sizeof(key), "%s.key", name);
    snprintf(exp, sizeof(exp), "%s.json", name);
    const char *export = write_export(exp, false);
    const char *ini_path = tu_path(ini);
    if (tu_write_file(ini_path, INI, strlen(INI)))
        return NULL;
    const char *db = tu_path(name);
    if (tu_event(db, ini_path, tu_path(key), export))
        return NULL;
    return tu_path(name);
}

/* One scan of `code` at `station` at CLOCK: the decision's JSON object
 * (the caller decrefs), or NULL after failing the test. */
static json_t *scan(const char *db, const char *station, const char *code)
{
    char args[2048], line[128];
    snprintf(args, sizeof(args),
             "scan '%s' --station %s --keyboard --json --clock '" CLOCK "'", db,
             station);
    snprintf(line, sizeof(line), "%s\n", code);
    const char *out, *err;
    json_t *o = NULL;
    /* A station at a hub says how its sync stands before the decision. */
    const char *p = tu_checkin_in(args, line, &out, &err) == 0 ? out : "";
    for (; *p && !o; p += strcspn(p, "\n"), p += *p == '\n') {
        o = json_loads(p, JSON_DISABLE_EOF_CHECK, NULL);
        if (o && !json_object_get(o, "decision")) {
            json_decref(o);
            o = NULL;
        }
    }
    if (!o)
        TU_FAIL_AT("checkin %s printed no decision for %s", args, code);
    return o;
}

static const char *field(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* One scan (scan()) whose decision's field `key` must be `want`; a macro
 * so that a failure names the caller's line. */
#define EXPECT_SCAN(db, station, code, key, want)                              \
    do {                                                                       \
        json_t *one = scan(db, station, code);                                 \
        if (one)                                                               \
            EXPECT_STR(field(one, key), want);                                 \
        json_decref(one);                                                      \
    } while (0)

/* The add-on's QR admits Ada at the pandas door, is refused at the
 * asyncio door with the sentence her ticket's code gets there (where to
 * go), and at the desk checks her in as her ticket's code does. */
static void
a_tutorial_addon_qr_admits_at_its_door_and_identifies_at_the_desk(void)
{
    const char *db = event("addon.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:pandas-intro", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "ticket_id"), "7001");
    EXPECT_STR(field(d, "badge_name"), "Ada Lovelace");
    json_decref(d);

    json_t *by_ticket = scan(db, "door:asyncio-practice", "adaticket7001");
    d = scan(db, "door:asyncio-practice", "adapandas7002");
    REQUIRE(d && by_ticket);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "wrong-room");
    EXPECT_STR(field(d, "reason_text"), field(by_ticket, "reason_text"));
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "Your tutorial Data analysis with pandas is in 101A");
    json_decref(d);
    json_decref(by_ticket);

    d = scan(db, "desk", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "ticket_id"), "7001");
    EXPECT_STR(field(d, "badge_name"), "Ada Lovelace");
    json_decref(d);
    /* Her ticket's code now finds her checked in: one person. */
    EXPECT_SCAN(db, "desk", "adaticket7001", "reason", "already-checked-in");
}

/* The add-on's code is a code of its person, not a registration: the
 * import says 2 added, `attendees` counts 2; Ada's ticket keeps its one
 * code and her add-on's is hers beside it. */
static void a_tutorial_addon_is_no_second_registration(void)
{
    char ini[] = "count.ini";
    const char *ini_path = tu_path(ini);
    REQUIRE(tu_write_file(ini_path, INI, strlen(INI)) == 0);
    const char *db = tu_path("count.db");
    tu_checkin_want(0, "init '%s' '%s' --key '%s'", db, ini_path,
                    tu_path("count.key"));
    const char *out = tu_checkin_want(0, "import '%s' '%s'", db,
                                      write_export("count.json", false));
    EXPECT_CONTAINS(out, "2 added, 0 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM attendee"), 2);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM ticket_secret s JOIN "
                              "attendee a ON a.id = s.attendee_id WHERE "
                              "a.ticket_id = '7001' AND s.revoked = 0"),
               1);
    EXPECT_STR(tu_sql_text(db, "SELECT a.ticket_id FROM addon_secret s JOIN "
                               "attendee a ON a.id = s.attendee_id WHERE "
                               "s.secret = 'adapandas7002' AND s.revoked = "
                               "0"),
               "7001");
    out = tu_checkin_want(0, "attendees '%s'", db);
    EXPECT_CONTAINS(out, "2 attendees");
}

/* Importing the same export again changes nothing; one where pretix
 * cancelled Ada's add-on (it is gone from the export) updates her, and
 * the add-on's code no longer admits at the pandas door. */
static void a_reimport_keeps_it_and_a_cancelled_addon_stops_admitting(void)
{
    const char *db = event("again.db");
    REQUIRE(db);
    const char *out =
        tu_checkin_want(0, "import '%s' '%s'", db, tu_path("again.db.json"));
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 2 unchanged");
    out = tu_checkin_want(0, "import '%s' '%s'", db,
                          write_export("again-cancelled.json", true));
    EXPECT_CONTAINS(out, "0 added, 1 updated, 0 cancelled, 1 unchanged");
    json_t *d = scan(db, "door:pandas-intro", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "revoked");
    json_decref(d);
    /* Bob's add-on is untouched. */
    EXPECT_SCAN(db, "door:asyncio-practice", "bobasync7012", "decision",
                "admit");
}

/* A cancelled add-on's code is said to be cancelled, not replaced by a
 * newer one (there is none): at the desk, with what to do instead, and at
 * its door.  The ticket's code still checks its person in. */
static void a_cancelled_addon_code_is_said_cancelled_not_replaced(void)
{
    const char *db = event("said.db");
    REQUIRE(db);
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("said-cancelled.json", true));
    json_t *d = scan(db, "desk", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "revoked");
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "This tutorial add-on was cancelled in pretix");
    EXPECT_CONTAINS(field(d, "reason_text"), "scan the person's conference "
                                             "ticket");
    EXPECT_NOT_CONTAINS(field(d, "reason_text"), "newer");
    json_decref(d);
    d = scan(db, "door:pandas-intro", "adapandas7002");
    REQUIRE(d);
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "add-on was cancelled in pretix, so its code admits no "
                    "one here");
    json_decref(d);
    d = scan(db, "desk", "adaticket7001");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    json_decref(d);
}

/* An add-on's code checkin cannot store is left out with one sentence
 * naming the order; its person is stored and admitted by their ticket. */
static void a_bad_addon_code_is_one_warning_not_a_refused_person(void)
{
    const char *ini_path = tu_path("bad.ini");
    REQUIRE(tu_write_file(ini_path, INI, strlen(INI)) == 0);
    const char *db = tu_path("bad.db");
    tu_checkin_want(0, "init '%s' '%s' --key '%s'", db, ini_path,
                    tu_path("bad.key"));
    const char *exp = write_export_with("bad.json", false, "bob async!");
    const char *out, *err;
    char args[1024];
    snprintf(args, sizeof(args), "import '%s' '%s'", db, exp);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "2 added, 0 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected");
    EXPECT_CONTAINS(err, "order BOB02, position 1 (ticket 7011): an "
                         "add-on's code 'bob async!' is not 4-128 letters");
    EXPECT_SCAN(db, "door:asyncio-practice", "bobticket7011", "decision",
                "admit");
}

/* A door enrolled through the hub admits the add-on's code: it reaches
 * the door's file with its person's other codes. */
static void a_door_enrolled_through_the_hub_admits_the_addon_qr(void)
{
    const char *db = event("hub.db");
    REQUIRE(db);
    REQUIRE(hubfix_publish(db, "addon"));
    const char *door =
        hubfix_station(db, "door-1", "door:pandas-intro", "hub-door.db");
    REQUIRE(door);
    json_t *d = scan(door, "door:pandas-intro", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "badge_name"), "Ada Lovelace");
    json_decref(d);
    EXPECT_SCAN(door, "door:pandas-intro", "bobasync7012", "decision", "deny");
}

/* Ada's cancelled add-on scanned at a hub's desk and pandas door, each
 * synced after the organizer's: said cancelled in pretix, never replaced
 * by a newer code; her ticket's code still checks her in. */
static void said_cancelled_at(const char *desk, const char *door)
{
    json_t *d = scan(desk, "desk", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "revoked");
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "This tutorial add-on was cancelled in pretix");
    EXPECT_NOT_CONTAINS(field(d, "reason_text"), "newer");
    json_decref(d);
    d = scan(door, "door:pandas-intro", "adapandas7002");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "add-on was cancelled in pretix, so its code admits no "
                    "one here");
    EXPECT_NOT_CONTAINS(field(d, "reason_text"), "newer");
    json_decref(d);
    EXPECT_SCAN(desk, "desk", "adaticket7001", "decision", "admit");
    /* Bob's add-on, not cancelled, still admits at its door's file as an
     * add-on's code, not a ticket's. */
    EXPECT_INT(tu_sql_int(desk, "SELECT count(*) FROM addon_secret WHERE"
                                " secret = 'bobasync7012' AND revoked = 0"),
               1);
    EXPECT_INT(tu_sql_int(desk, "SELECT count(*) FROM ticket_secret WHERE"
                                " secret IN ('bobasync7012',"
                                " 'adapandas7002')"),
               0);
}

/* At stations enrolled through the hub, a cancelled add-on's code is
 * said to be cancelled, as at a station at no hub: the hub names the
 * add-ons' codes apart (format 19), and the desk and the door keep them
 * as add-on codes. */
static void a_cancelled_addon_is_said_cancelled_at_the_hubs_stations(void)
{
    const char *db = event("hubc.db");
    REQUIRE(db);
    REQUIRE(hubfix_publish(db, "addonc"));
    char desk[512], door[512];
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(db, "desk-1", "desk", "hubc-desk.db"));
    snprintf(door, sizeof(door), "%s",
             hubfix_station(db, "door-1", "door:pandas-intro", "hubc-door.db"));
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("hubc-cancelled.json", true));
    tu_checkin_want(0, "sync '%s'", db);
    tu_checkin_want(0, "sync '%s'", desk);
    tu_checkin_want(0, "sync '%s'", door);
    said_cancelled_at(desk, door);
}

/* Stations that took the add-ons' codes from a format 18 hub as ticket
 * codes: the organizer's next sync upgrades the hub and sends again every
 * registration with add-ons (Bob's unchanged one too), and the stations'
 * next sync keeps those codes as add-on codes. */
static void a_format_18_hub_says_a_cancelled_addon_once_upgraded(void)
{
    const char *db = event("hub18.db");
    REQUIRE(db);
    const char *hub = hubfix_publish(db, "addon18");
    REQUIRE(hub);
    char h[64];
    snprintf(h, sizeof(h), "%s", hub);
    REQUIRE(pgserver_exec(h, FORMAT18_HUB) == 0);
    /* A format 18 publish hashed no add-on codes into a registration's
     * digest: its digests were not those this one made. */
    REQUIRE(pgserver_exec(h, "UPDATE checkin.registration SET digest ="
                             " decode(repeat('00', 16), 'hex')") == 0);
    sqlite3 *file = NULL;
    REQUIRE(sqlite3_open(db, &file) == SQLITE_OK);
    EXPECT_INT(sqlite3_exec(file,
                            "UPDATE sync_reg SET digest ="
                            " zeroblob(16)",
                            NULL, NULL, NULL),
               SQLITE_OK);
    sqlite3_close(file);
    char desk[512], door[512];
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(db, "desk-1", "desk", "hub18-desk.db"));
    snprintf(
        door, sizeof(door), "%s",
        hubfix_station(db, "door-1", "door:pandas-intro", "hub18-door.db"));
    /* What a format 18 hub gave: the add-ons' codes as ticket codes. */
    EXPECT_INT(tu_sql_int(desk, "SELECT count(*) FROM ticket_secret WHERE"
                                " secret = 'bobasync7012'"),
               1);
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("hub18-cancelled.json", true));
    tu_checkin_want(0, "sync '%s'", db);
    /* Upgraded to this checkin's format (hubschema/, HUB_FORMAT). */
    EXPECT_INT(pgserver_int(h, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(h, "SELECT count(*) FROM checkin.registration"
                               " WHERE addon_secrets <> '{}'"),
               2);
    tu_checkin_want(0, "sync '%s'", desk);
    tu_checkin_want(0, "sync '%s'", door);
    said_cancelled_at(desk, door);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(
            a_tutorial_addon_qr_admits_at_its_door_and_identifies_at_the_desk),
        TU_CASE(a_tutorial_addon_is_no_second_registration),
        TU_CASE(a_reimport_keeps_it_and_a_cancelled_addon_stops_admitting),
        TU_CASE(a_door_enrolled_through_the_hub_admits_the_addon_qr),
        TU_CASE(a_cancelled_addon_code_is_said_cancelled_not_replaced),
        TU_CASE(a_bad_addon_code_is_one_warning_not_a_refused_person),
        TU_CASE(a_cancelled_addon_is_said_cancelled_at_the_hubs_stations),
        TU_CASE(a_format_18_hub_says_a_cancelled_addon_once_upgraded),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
