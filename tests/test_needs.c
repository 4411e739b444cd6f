/* The still-needs line (issue 55 item 2) through the real `checkin`
 * command: Ada (ticket 5001, a T-shirt in M, lunch every day) at the
 * desk, then at a T-shirt counter on another station's file, whose row
 * `checkin merge` brings into the desk's file as the hub's pull brings
 * it into a station's; the desk's verdict and `checkin attendees` tick
 * the T-shirt with the counter that handed it.  The fixture is
 * tests/data/pretix-lists.json with test_lists' description; what a
 * person owes, the acknowledgement tests' event (ack_event.h). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ack_event.h"
#include "testutil.h"

#define EXPORT TEST_DATA_DIR "/pretix-lists.json"

static const char INI[] = "[event]\n"
                          "slug = pycon-lists-2024\n"
                          "name = PyCon Lists 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-19\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[ticket-type friday]\n"
                          "label = Friday only\n"
                          "colour = #EF6C00\n"
                          "pretix-items = 107\n"
                          "days = 2024-05-17\n"
                          "\n"
                          "[list tshirt]\n"
                          "title = T-shirt\n"
                          "pretix-item = 302\n"
                          "once = per-person\n"
                          "\n"
                          "[list lunch]\n"
                          "title = Lunch\n"
                          "ticket-types = full, friday\n"
                          "once = per-day\n";

/* 2024-05-16 10:30 in New York, for `checkin attendees`. */
#define THURSDAY_1030 "1715869800000"

/* One scan of `code` at `station` on `db` at local time `clock`: the
 * decision's JSON object (the caller decrefs), or NULL. */
static json_t *scan(const char *db, const char *station, const char *code,
                    const char *clock)
{
    char args[2048], line[128];
    snprintf(args, sizeof(args),
             "scan '%s' --station %s --keyboard --json --clock '%s'", db,
             station, clock);
    snprintf(line, sizeof(line), "%s\n", code);
    const char *out, *err;
    if (tu_checkin_in(args, line, &out, &err) != 0)
        return NULL;
    return json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
}

static const char *field(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* The state of the item of `what` (and `slug`, NULL any) in `o`'s
 * "needs", "" when there is none. */
static const char *item_state(json_t *o, const char *what, const char *slug)
{
    size_t i;
    json_t *it;
    json_array_foreach(json_object_get(o, "needs"), i, it)
    {
        if (!strcmp(field(it, "what"), what) &&
            (!slug || !strcmp(field(it, "slug"), slug)))
            return field(it, "state");
    }
    return "";
}

static void a_tshirt_redeemed_at_another_station_is_ticked_at_the_desk(void)
{
    const char *ini = tu_path("needs.ini");
    const char *db = tu_path("needs.db");
    const char *counter = tu_path("counter.db");
    REQUIRE(tu_write_file(ini, INI, strlen(INI)) == 0);
    REQUIRE(tu_event(db, ini, tu_path("needs.key"), EXPORT) == 0);
    REQUIRE(tu_sh("cp '%s' '%s'", db, counter) == 0);

    /* At the desk: the badge and lunch, the T-shirt still owed. */
    json_t *d =
        scan(db, "desk --name desk-1", "adaticket5001", "2024-05-16 10:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "checked-in");
    EXPECT_STR(item_state(d, "badge", NULL), "done");
    EXPECT_STR(item_state(d, "list", "tshirt"), "owed");
    EXPECT_STR(item_state(d, "list-today", "lunch"), "owed");
    EXPECT_STR(field(d, "needs_text"),
               "Still needs: Lunch today; T-shirt M. Done: Badge (desk-1).");
    json_decref(d);

    /* The counter on its own file hands the M; its row comes in. */
    d = scan(counter, "door:tshirt --name tshirt-2", "adaticket5001",
             "2024-05-16 10:12");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "redeemed");
    json_decref(d);
    d = scan(counter, "door:lunch --name lunch-1", "adaticket5001",
             "2024-05-16 10:15");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    json_decref(d);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("merge '%s' '%s'", db, counter), &out, &err), 0);

    /* Scanned again at the desk: the T-shirt ticked, with its counter. */
    d = scan(db, "desk --name desk-1", "adaticket5001", "2024-05-16 10:20");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "already-checked-in");
    EXPECT_STR(item_state(d, "list", "tshirt"), "done");
    EXPECT_STR(item_state(d, "list-today", "lunch"), "done");
    EXPECT_STR(field(d, "needs_text"),
               "Nothing more is needed. Done: Badge (desk-1); Lunch today "
               "(lunch-1); T-shirt M (tshirt-2).");
    json_decref(d);

    /* The organizer's search says the same. */
    setenv("CHECKIN_FAKE_NOW_MS", THURSDAY_1030, 1);
    int rc = tu_checkin(tu_format("attendees '%s' Lovelace", db), &out, &err);
    unsetenv("CHECKIN_FAKE_NOW_MS");
    EXPECT_INT(rc, 0);
    EXPECT_CONTAINS(out, "    Nothing more is needed. Done: Badge (desk-1); "
                         "Lunch today (lunch-1); T-shirt M (tshirt-2).\n");
}

/* What a person owes the event: the Code of Conduct not acknowledged
 * yet (Ada, asked at the desk) and an unpaid order (Grace's, made
 * pending), beside the badge still to print. */
static void an_acknowledgement_and_an_unpaid_order_are_owed(void)
{
    const char *db = ack_event("owe", true);
    REQUIRE(db);
    REQUIRE(tu_sh("sqlite3 '%s' \"UPDATE attendee SET status = 'pending'"
                  " WHERE ticket_id = '5002'\"",
                  db) == 0);
    json_t *d = scan(db, "desk", secret_of(db, "5001"), "2028-05-15 09:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "question");
    EXPECT_STR(item_state(d, "acknowledgement", "ack:coc"), "owed");
    EXPECT_STR(item_state(d, "badge", NULL), "to-print");
    json_decref(d);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("attendees '%s'", db), &out, &err), 0);
    EXPECT_CONTAINS(out, "    Still needs: Badge: at the registration desk; "
                         "Code of Conduct: to acknowledge.\n");
    EXPECT_CONTAINS(out, "    Still needs: Badge: at the registration desk; "
                         "Code of Conduct: to acknowledge; Order QA002: not "
                         "paid.\n");
}

/* Several people shown by one search, each with their own questions: the
 * statement that reads them is kept across the people shown (the
 * admission handle's slot), so each must read with their own id and
 * ticket.  Grace acknowledged the Code of Conduct in the export, Ada did
 * not; Ada is shown first, so Grace's questions read with Ada's id, or
 * with none, would ask it of her again. */
static void each_person_shown_has_their_own_questions(void)
{
    const char *db = ack_event("several", true);
    REQUIRE(db);
    REQUIRE(tu_sh("sqlite3 '%s' \"INSERT INTO attendee_answer (attendee_id,"
                  " question, answer) SELECT id, 'ack:coc', 'True' FROM"
                  " attendee WHERE ticket_id = '5002'\"",
                  db) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("attendees '%s' --json", db), &out, &err),
               0);
    /* One object a line, in the order shown. */
    const char *line = out;
    int shown = 0;
    for (json_t *p;
         line && (p = json_loads(line, JSON_DISABLE_EOF_CHECK, NULL));) {
        bool ada = !strcmp(field(p, "ticket_id"), "5001");
        EXPECT_TRUE(ada == (shown == 0));
        EXPECT_STR(item_state(p, "acknowledgement", "ack:coc"),
                   ada ? "owed" : "");
        json_decref(p);
        shown++;
        line = strchr(line, '\n');
        line = line ? line + 1 : NULL;
    }
    EXPECT_INT(shown, 2);
    /* And in the text: Ada's line first, with it; Grace's without. */
    EXPECT_INT(tu_checkin(tu_format("attendees '%s'", db), &out, &err), 0);
    const char *ada = strstr(out, "Ada"), *grace = strstr(out, "Grace");
    REQUIRE(ada && grace && ada < grace);
    const char *coc = strstr(out, "Code of Conduct: to acknowledge");
    EXPECT_TRUE(coc && coc < grace);
    EXPECT_NOT_CONTAINS(grace, "Code of Conduct");
}

TU_MAIN(TU_CASE(a_tshirt_redeemed_at_another_station_is_ticked_at_the_desk),
        TU_CASE(an_acknowledgement_and_an_unpaid_order_are_owed),
        TU_CASE(each_person_shown_has_their_own_questions))
