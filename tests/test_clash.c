/* A person booked into two tutorials at one time (issue 57): the import
 * warns once, `checkin stats` lists them, the desk marks both tutorials
 * on every screen's line and the dashboard lists it among the anomalies.
 * Through the real `checkin` command on the demo event
 * (config/demo/event.ini: pandas-intro and asyncio-practice both Wed 12
 * May 09:00-12:30, fastapi-web-apis 13:30-17:00). */
#include <jansson.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "testutil.h"

#define ADA "cccccccccccccccccccccccccccccccc"
#define GRACE "gggggggggggggggggggggggggggggggg"

static const char CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id,tutorials\n"
    "CLA01,paid,Ada,Lovelace,a@example.com,individual," ADA
    ",90003,pandas-intro;asyncio-practice\n"
    "CLA02,paid,Grace,Hopper,g@example.com,individual," GRACE
    ",90004,pandas-intro;fastapi-web-apis\n"
    "CLA03,cancelled,Alan,Turing,t@example.com,individual,"
    "tttttttttttttttttttttttttttttttt,90005,pandas-intro;asyncio-practice\n";

/* The demo event at `db` with CSV imported; the import's messages in
 * *msgs.  False after reporting a failure. */
static bool event(const char *db, const char **msgs)
{
    const char *out;
    if (tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()), &out,
                   msgs) != 0 ||
        tu_write_file(tu_path("clash.csv"), CSV, strlen(CSV)) != 0 ||
        tu_checkin(tu_format("import '%s' '%s'", db, tu_path("clash.csv")),
                   &out, msgs) != 0) {
        TU_FAIL_AT("the event: %s", *msgs);
        return false;
    }
    return true;
}

static void the_import_warns_once_and_stats_lists_them(void)
{
    const char *db = tu_path("import.db"), *out, *err;
    REQUIRE(event(db, &err));
    /* Ada only: Grace's two do not overlap, Alan's are cancelled. */
    EXPECT_CONTAINS(err, "Warning: Ada Lovelace (90003): asyncio-practice and "
                         "pandas-intro, both at 2027-05-12 09:00: two "
                         "tutorials at one time; the desk shows it, and they "
                         "attend one.");
    EXPECT_NOT_CONTAINS(err, "Grace");
    EXPECT_NOT_CONTAINS(err, "Alan");
    /* The same file again: nothing new, nothing said. */
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, tu_path("clash.csv")),
                       &out, &err) == 0);
    EXPECT_NOT_CONTAINS(err, "two tutorials");
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, "Booked into two tutorials at one time: 1 person");
    EXPECT_CONTAINS(out, "  Ada Lovelace (90003): asyncio-practice and "
                         "pandas-intro, both at 2027-05-12 09:00\n");
}

/* One desk scan of `code` on the event's first morning; its JSON line. */
static json_t *desk_line(const char *db, const char *code)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name "
                                       "desk-1 --keyboard --json --clock "
                                       "'2027-05-12 08:30'",
                                       db),
                             tu_format("%s\n", code), &out, &err),
               0);
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
    if (!o)
        TU_FAIL_AT("not a JSON line: %s (%s)", out, err);
    return o;
}

static void the_desk_marks_both_tutorials(void)
{
    const char *db = tu_path("desk.db"), *msgs;
    REQUIRE(event(db, &msgs));
    json_t *o = desk_line(db, ADA);
    REQUIRE(o);
    json_t *tuts = json_object_get(o, "tutorials");
    EXPECT_INT(json_array_size(tuts), 2);
    for (size_t i = 0; i < json_array_size(tuts); i++)
        EXPECT_TRUE(
            json_is_true(json_object_get(json_array_get(tuts, i), "clash")));
    json_decref(o);
    o = desk_line(db, GRACE);
    REQUIRE(o);
    tuts = json_object_get(o, "tutorials");
    EXPECT_INT(json_array_size(tuts), 2);
    for (size_t i = 0; i < json_array_size(tuts); i++)
        EXPECT_TRUE(!json_object_get(json_array_get(tuts, i), "clash"));
    json_decref(o);
}

static void the_dashboard_lists_it(void)
{
    const char *db = tu_path("dash.db"), *msgs;
    REQUIRE(event(db, &msgs));
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    char *text = NULL;
    REQUIRE(dashboard_snapshot(s, 1810137600000, &text, &err) == CK_OK);
    store_close(s);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    json_t *c = json_object_get(json_object_get(root, "anomalies"), "clashes");
    EXPECT_INT(json_integer_value(json_object_get(c, "count")), 1);
    json_t *p = json_array_get(json_object_get(c, "people"), 0);
    EXPECT_STR(json_string_value(json_object_get(p, "ticket_id")), "90003");
    EXPECT_STR(json_string_value(json_object_get(p, "first")),
               "asyncio-practice");
    EXPECT_STR(json_string_value(json_object_get(p, "second")), "pandas-intro");
    json_decref(root);
}

TU_MAIN(TU_CASE(the_import_warns_once_and_stats_lists_them),
        TU_CASE(the_desk_marks_both_tutorials), TU_CASE(the_dashboard_lists_it))
