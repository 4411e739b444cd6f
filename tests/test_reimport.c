/* A newer full pretix export is the truth (issue 49), through the real
 * `checkin` command.  pretix's "Order data (JSON)" exporter writes only
 * the positions not cancelled, so a position cancelled inside a paid
 * order is simply gone from the next export, and an order cancelled with
 * a fee kept stays paid with no position; an export taken before the one
 * imported last is refused (--force imports it).
 *
 * The exports are made here in the exporter's exact shape
 * (src/pretix/base/exporters/json.py, JSONExporter.render, and
 * ../shared/docs/pretix-export.md): one line as json.dumps writes it
 * (", " and ": " between, non-ASCII escaped), its keys in its order,
 * decimals as strings, `str()` of an unset internal name "None",
 * datetimes as DjangoJSONEncoder writes them (milliseconds, "Z").
 *
 * Ada (8001) and Grace (8003) share the paid order AAA01, each with a
 * pandas tutorial add-on of their own; Bob (8011) is order BBB02, Carol
 * (8021) CCC03.  The second export, taken later, lost Grace's positions
 * (cancelled inside AAA01), lists BBB02 paid with no position and a
 * cancellation fee, and has a new order DDD04 (Dan, 8031). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubfix.h"
#include "pgserver.h"
#include "testutil.h"

static const char INI[] = "[event]\n"
                          "slug = pycon-truth-2024\n"
                          "name = PyCon Truth 2024\n"
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
                          "pretix-item = 501\n";

#define CLOCK "2024-05-15 09:05"

/* An item as JSONExporter writes it. */
static json_t *item(int id, const char *name, const char *price, bool admission)
{
    return json_pack(
        "{s:i, s:i, s:s, s:s, s:n, s:s, s:s, s:n, s:b, s:b, s:b, s:[s], s:s, "
        "s:n, s:n, s:b, s:b, s:b, s:b, s:n, s:n, s:b, s:n, s:b, s:{}, s:b, "
        "s:[]}",
        "id", id, "position", id % 100, "name", name, "internal_name", "None",
        "category", "price", price, "tax_rate", "0.00", "tax_name", "admission",
        admission, "personalized", admission, "active", 1, "sales_channels",
        "web", "description", "", "available_from", "available_until",
        "require_voucher", 0, "hide_without_voucher", 0, "allow_cancel", 1,
        "require_bundling", 0, "min_per_order", "max_per_order",
        "checkin_attention", 0, "original_price", "issue_giftcard", 0,
        "meta_data", "require_membership", 0, "variations");
}

/* A position as JSONExporter writes it (addon_to 0: none). */
static json_t *position(int id, int positionid, int item_id, const char *name,
                        const char *secret, int addon_to)
{
    return json_pack(
        "{s:i, s:i, s:i, s:n, s:n, s:n, s:s, s:s, s:s, s:s, s:s, s:n, s:n, "
        "s:n, s:n, s:n, s:s, s:o, s:[]}",
        "id", id, "positionid", positionid, "item", item_id, "variation",
        "subevent", "seat", "price", addon_to ? "0.00" : "250.00", "tax_rate",
        "0.00", "tax_value", "0.00", "attendee_name", name, "attendee_email",
        "someone@example.org", "company", "street", "zipcode", "country",
        "state", "secret", secret, "addon_to",
        addon_to ? json_integer(addon_to) : json_null(), "answers");
}

/* An order as JSONExporter writes it; `fee` adds a cancellation fee. */
static json_t *order(const char *code, const char *placed, bool fee,
                     json_t *positions)
{
    json_t *fees = json_array();
    if (fee)
        json_array_append_new(fees, json_pack("{s:s, s:s, s:s}", "type",
                                              "cancellation", "description", "",
                                              "value", "25.00"));
    return json_pack(
        "{s:s, s:s, s:n, s:b, s:s, s:s, s:s, s:s, s:s, s:n, s:b, s:b, s:s, "
        "s:s, s:s, s:o, s:s, s:o}",
        "code", code, "status", "p", "customer", "testmode", 0, "user",
        "buyer@example.org", "email", "buyer@example.org", "phone", "None",
        "locale", "en", "comment", "", "custom_followup_at", "require_approval",
        0, "checkin_attention", 0, "sales_channel", "web", "expires",
        "2024-05-01T21:59:59Z", "datetime", placed, "fees", fees, "total",
        fee ? "25.00" : "500.00", "positions", positions);
}

/* A registration (ticket `id`, its add-on `id` + 1) of `name`. */
static void person(json_t *positions, int id, const char *name, const char *who)
{
    char ticket[64], addon[64];
    snprintf(ticket, sizeof(ticket), "%sticket%d", who, id);
    snprintf(addon, sizeof(addon), "%spandas%d", who, id + 1);
    json_array_append_new(positions,
                          position(id, (int)json_array_size(positions) + 1, 101,
                                   name, ticket, 0));
    json_array_append_new(positions,
                          position(id + 1, (int)json_array_size(positions) + 1,
                                   501, name, addon, id));
}

enum version {
    FIRST,  /* every order as placed */
    SECOND, /* Grace's positions gone, BBB02 emptied, DDD04 new */
    THIRD,  /* later still: Grace's position back (pretix reactivates) */
};

/* The export `v` written to tu_path(file), one line. */
static const char *write_export(const char *file, enum version v)
{
    json_t *items = json_array();
    json_array_append_new(items, item(101, "Full conference", "250.00", true));
    json_array_append_new(items, item(501, "Tutorial: pandas", "0.00", false));
    json_t *orders = json_array();
    json_t *a = json_array();
    person(a, 8001, "Ada Lovelace", "ada");
    if (v != SECOND)
        person(a, 8003, "Grace Hopper", "grace");
    json_array_append_new(orders,
                          order("AAA01", "2024-03-01T08:15:02.517Z", false, a));
    json_t *b = json_array();
    if (v == FIRST)
        person(b, 8011, "Bob Babbage", "bob");
    json_array_append_new(
        orders, order("BBB02", "2024-03-09T17:40:11.003Z", v != FIRST, b));
    json_t *c = json_array();
    person(c, 8021, "Carol Shaw", "carol");
    json_array_append_new(orders,
                          order("CCC03", "2024-04-02T10:00:00Z", false, c));
    if (v != FIRST) {
        json_t *d = json_array();
        person(d, 8031, "Dan Bricklin", "dan");
        json_array_append_new(
            orders, order("DDD04", "2024-04-20T09:30:15.250Z", false, d));
    }
    json_t *root = json_pack(
        "{s:{s:s, s:s, s:{s:s, s:s}, s:{}, s:[], s:o, s:[], s:o, s:[], s:[]}}",
        "event", "name", "PyCon Truth 2024", "slug", "pycon-truth-2024",
        "organizer", "name", "PyCon Truth Organizers", "slug", "pycon-truth",
        "meta_data", "categories", "items", items, "questions", "orders",
        orders, "quotas", "subevents");
    const char *path = tu_path(file);
    if (!root ||
        json_dump_file(root, path, JSON_PRESERVE_ORDER | JSON_ENSURE_ASCII))
        TU_FAIL_AT("could not write the export %s", path);
    json_decref(root);
    return path;
}

/* A fresh event tu_path(name) with the first export imported. */
static const char *event(const char *name)
{
    const char *ini = tu_path(tu_format("%s.ini", name));
    if (tu_write_file(ini, INI, strlen(INI)))
        return NULL;
    const char *first = write_export(tu_format("%s-1.json", name), FIRST);
    const char *db = tu_path(name);
    if (tu_event(db, ini, tu_path(tu_format("%s.key", name)), first))
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

#define EXPECT_SCAN(db, station, code, key, want)                              \
    do {                                                                       \
        json_t *one = scan(db, station, code);                                 \
        if (one)                                                               \
            EXPECT_STR(field(one, key), want);                                 \
        json_decref(one);                                                      \
    } while (0)

/* Grace's and Bob's tickets and add-on codes refused at `desk` and
 * `door`, as cancelled; Ada's and Dan's admitted. */
static void refused_at(const char *desk, const char *door)
{
    static const char *const gone[] = {"graceticket8003", "gracepandas8004",
                                       "bobticket8011", "bobpandas8012"};
    for (size_t i = 0; i < sizeof(gone) / sizeof(gone[0]); i++) {
        json_t *d = scan(desk, "desk", gone[i]);
        if (d)
            EXPECT_STR(field(d, "decision"), "deny");
        json_decref(d);
        d = scan(door, "door:pandas-intro", gone[i]);
        if (d)
            EXPECT_STR(field(d, "decision"), "deny");
        json_decref(d);
    }
    EXPECT_SCAN(desk, "desk", "bobticket8011", "reason", "cancelled");
    EXPECT_SCAN(door, "door:pandas-intro", "graceticket8003", "reason",
                "cancelled");
    EXPECT_SCAN(door, "door:pandas-intro", "adapandas8002", "decision",
                "admit");
    EXPECT_SCAN(door, "door:pandas-intro", "danticket8031", "decision",
                "admit");
}

/* A position cancelled inside a paid order and an order cancelled with a
 * fee kept are cancelled by the next export, said so in the summary, and
 * refused at the desk and the door. */
static void cancelled_in_pretix_are_refused_after_the_next_export(void)
{
    const char *db = event("next.db");
    REQUIRE(db);
    const char *out = tu_checkin_want(0, "import '%s' '%s'", db,
                                      write_export("next-2.json", SECOND));
    EXPECT_CONTAINS(out, "1 added, 0 updated, 2 cancelled, 2 unchanged, "
                         "0 rejected");
    EXPECT_CONTAINS(out, "1 position no longer in the export: cancelled");
    EXPECT_CONTAINS(out, "1 registration of orders with no position left "
                         "(cancelled in pretix, a fee kept): cancelled");
    EXPECT_STR(tu_sql_text(db, "SELECT group_concat(ticket_id, ' ') FROM"
                               " (SELECT ticket_id FROM attendee WHERE"
                               " status = 'cancelled' ORDER BY ticket_id)"),
               "8003 8011");
    refused_at(db, db);
    /* The same export again changes nothing more. */
    out = tu_checkin_want(0, "import '%s' '%s'", db, tu_path("next-2.json"));
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 3 unchanged");
    EXPECT_NOT_CONTAINS(out, "no longer in the export");
}

/* A position pretix lists again (a reactivated order) is stored again
 * from the newer export, though it is the row it was before. */
static void a_position_listed_again_admits_again(void)
{
    const char *db = event("back.db");
    REQUIRE(db);
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("back-2.json", SECOND));
    const char *third = write_export("back-3.json", THIRD);
    /* THIRD is SECOND with Grace back, no order newer: a tie imports. */
    const char *out = tu_checkin_want(0, "import '%s' '%s'", db, third);
    EXPECT_CONTAINS(out, "0 added, 1 updated, 0 cancelled, 3 unchanged");
    EXPECT_SCAN(db, "desk", "graceticket8003", "decision", "admit");
    EXPECT_SCAN(db, "door:pandas-intro", "gracepandas8004", "decision",
                "admit");
}

/* An export taken before the one imported last is refused with one
 * sentence naming both exports' times, and nothing changes; --force
 * imports it, with a warning. */
static void an_older_export_is_refused_and_force_imports_it(void)
{
    const char *db = event("old.db");
    REQUIRE(db);
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("old-2.json", SECOND));
    const char *before = tu_format(
        "%s", tu_sql_text(db, "SELECT group_concat(ticket_id || status ||"
                              " updated_ms, ' ') FROM attendee"));
    const char *first = tu_path("old.db-1.json");
    const char *out = tu_checkin_want(1, "import '%s' '%s'", db, first);
    EXPECT_CONTAINS(out, tu_format("%s is older than the pretix export "
                                   "imported last: its newest order was "
                                   "placed at 2024-04-02T10:00:00Z, the last "
                                   "export's at 2024-04-20T09:30:15.250Z; "
                                   "export the order data from pretix again "
                                   "and import that, or give --force to "
                                   "import this one anyway.",
                                   first));
    EXPECT_NOT_CONTAINS(out, "added");
    EXPECT_STR(tu_sql_text(db, "SELECT group_concat(ticket_id || status ||"
                               " updated_ms, ' ') FROM attendee"),
               before);
    EXPECT_SCAN(db, "desk", "graceticket8003", "decision", "deny");

    out = tu_checkin_want(0, "import --force '%s' '%s'", db, first);
    EXPECT_CONTAINS(out, "this export is older than the one imported last "
                         "(its newest order placed at 2024-04-02T10:00:00Z, "
                         "the last export's at 2024-04-20T09:30:15.250Z); "
                         "imported anyway, as --force asks");
    EXPECT_CONTAINS(out, "0 added, 2 updated, 1 cancelled");
    EXPECT_SCAN(db, "desk", "graceticket8003", "decision", "admit");
    /* Dan, whom the older export does not list, is cancelled by it. */
    EXPECT_SCAN(db, "desk", "danticket8031", "decision", "deny");
    /* And the newer one is still newer than the newest seen. */
    out = tu_checkin_want(1, "import '%s' '%s'", db, first);
    EXPECT_CONTAINS(out, "is older than the pretix export imported last");
}

/* A CSV may be partial: it cancels nothing it leaves out.  A registration
 * a CSV brought in, and a walk-in, are never cancelled by a pretix
 * export that does not list them. */
static void csv_and_walk_ins_are_not_cancelled_by_a_pretix_export(void)
{
    const char *db = event("csv.db");
    REQUIRE(db);
    static const char CSV[] =
        "ticket_id,order_code,status,ticket_type,given_name,family_name,"
        "email,secret\n"
        "L-1,LATE1,paid,full,Lin,Late,lin@example.org,linlateticket1\n"
        "8001,AAA01,paid,full,Ada,Lovelace,ada@example.org,adaticket8001\n";
    const char *csv = tu_path("csv-late.csv");
    REQUIRE(tu_write_file(csv, CSV, strlen(CSV)) == 0);
    const char *out = tu_checkin_want(0, "import '%s' '%s'", db, csv);
    EXPECT_CONTAINS(out, "1 added, 1 updated, 0 cancelled");
    /* A walk-in's registration, as a desk's Ctrl-N stores it. */
    out = tu_checkin_want(0,
                          "register '%s' --ticket-type full --given-name "
                          "Wanda --family-name Walker --station desk-2",
                          db);
    EXPECT_CONTAINS(out, "Registered Wanda Walker as a walk-in");
    out = tu_checkin_want(0, "import '%s' '%s'", db,
                          write_export("csv-2.json", SECOND));
    EXPECT_CONTAINS(out, "2 cancelled");
    EXPECT_SCAN(db, "desk", "linlateticket1", "decision", "admit");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM attendee WHERE ticket_id"
                              " LIKE 'ck:%' AND status = 'paid'"),
               1);
}

/* A door whose file synced before the second export refuses the
 * cancelled tickets after its next sync: the import publishes the
 * cancellations as it publishes any change. */
static void a_door_synced_before_refuses_the_cancelled_after_its_sync(void)
{
    const char *db = event("hub.db");
    REQUIRE(db);
    REQUIRE(hubfix_publish(db, "truth"));
    char desk[512], door[512];
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(db, "desk-1", "desk", "hub-desk.db"));
    snprintf(door, sizeof(door), "%s",
             hubfix_station(db, "door-1", "door:pandas-intro", "hub-door.db"));
    EXPECT_SCAN(door, "door:pandas-intro", "gracepandas8004", "decision",
                "admit");
    EXPECT_SCAN(desk, "desk", "bobticket8011", "decision", "admit");
    tu_checkin_want(0, "import '%s' '%s'", db,
                    write_export("hub-2.json", SECOND));
    tu_checkin_want(0, "sync '%s'", desk);
    tu_checkin_want(0, "sync '%s'", door);
    refused_at(desk, door);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(cancelled_in_pretix_are_refused_after_the_next_export),
        TU_CASE(a_position_listed_again_admits_again),
        TU_CASE(an_older_export_is_refused_and_force_imports_it),
        TU_CASE(csv_and_walk_ins_are_not_cancelled_by_a_pretix_export),
        TU_CASE(a_door_synced_before_refuses_the_cancelled_after_its_sync),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
