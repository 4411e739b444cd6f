/* The open spaces' board and the next free slot (issue 56 item 1,
 * docs/open-spaces.md) through the real `checkin`: a claim refused
 * because its slot is taken names the next free slot of that room, or
 * another room's at that time, or none; the board station
 * (`--station open-spaces`) takes a host's badge as a warning row of
 * reason "host" that admits nobody, and refuses to open on an event
 * without open spaces.  Its web page, a claim typed there and its
 * accessibility are a case of test_a11y (tests/a11y_board.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* Two rooms, one day of two one-hour slots: few claims fill a room. */
static const char OPEN_SPACES[] = "\n[open-spaces]\n"
                                  "rooms = 201:2, 202:25\n"
                                  "days = 2027-05-14\n"
                                  "hours = 10:00-12:00\n"
                                  "slot = 60\n";

/* The demo event, with `extra` after its description in place of its own
 * open spaces and without its acknowledgement, as `name`.db. */
static const char *event(const char *name, const char *extra)
{
    static const char *const drop[] = {"open-spaces", "admission",
                                       "acknowledge ", NULL};
    const char *ini = tu_demo_ini(tu_format("%s.ini", name), drop, extra);
    if (!ini)
        return NULL;
    static char db[4096];
    snprintf(db, sizeof(db), "%s", tu_path(tu_format("%s.db", name)));
    if (tu_event(db, ini, NULL, CONFIG_DIR "/demo/registrations.csv"))
        return NULL;
    return db;
}

static const char *claim(const char *db, int want, const char *room,
                         const char *when, const char *host, const char *title)
{
    return tu_checkin_want(want,
                           "open-spaces '%s' claim %s '%s' --host '%s' "
                           "--title '%s'",
                           db, room, when, host, title);
}

static void a_taken_slot_names_the_next_free_one(void)
{
    const char *db = event("next", OPEN_SPACES);
    REQUIRE(db);
    char host[64];
    snprintf(host, sizeof(host), "%s", tu_paid(db, "a.ticket_id", 0));
    const char *name = tu_paid(db, "a.badge_name", 0);
    claim(db, 0, "202", "2027-05-14 10:00", host, "Rust BoF");
    /* The room's next slot. */
    const char *said =
        claim(db, 1, "202", "2027-05-14 10:00", host, "Packaging BoF");
    EXPECT_CONTAINS(said, tu_format("202 at 2027-05-14 10:00 is taken by "
                                    "\"Rust BoF\", hosted by %s; the next "
                                    "free slot is 202 at 2027-05-14 11:00.",
                                    name));
    /* The room full after it: another room at that time. */
    claim(db, 0, "201", "2027-05-14 10:00", host, "Typing BoF");
    claim(db, 0, "201", "2027-05-14 11:00", host, "Docs BoF");
    said = claim(db, 1, "201", "2027-05-14 11:00", host, "Packaging BoF");
    EXPECT_CONTAINS(said, "the next free slot is 202 at 2027-05-14 11:00.");
    /* 201's later slot and 202 at 10:00 taken: none offered. */
    said = claim(db, 1, "201", "2027-05-14 10:00", host, "Packaging BoF");
    EXPECT_CONTAINS(said, "is taken by \"Typing BoF\", hosted by");
    EXPECT_CONTAINS(said, "choose another slot, or release this one first.");
    /* Every slot held: none offered, one sentence. */
    claim(db, 0, "202", "2027-05-14 11:00", host, "Testing BoF");
    said = claim(db, 1, "202", "2027-05-14 11:00", host, "Packaging BoF");
    EXPECT_CONTAINS(said, "is taken by \"Testing BoF\", hosted by");
    EXPECT_CONTAINS(said, "choose another slot, or release this one first.");
    EXPECT_INT((int)(strchr(said, '\n') - said) + 1, (int)strlen(said));
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM open_space_claim"), 4);
}

static void the_board_takes_a_host_and_admits_nobody(void)
{
    const char *db = event("board", OPEN_SPACES);
    REQUIRE(db);
    const char *code = tu_paid(db, "s.secret", 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station open-spaces "
                                       "--keyboard --json --clock "
                                       "'2027-05-14 09:30'",
                                       db),
                             tu_format("%s\n", code), &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"reason\":\"host\"");
    EXPECT_CONTAINS(out, "\"decision\":\"warn\"");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE reason ="
                              " 'host' AND decision = 'warn'"),
               1);
    /* An event without open spaces has no board. */
    const char *none = event("none", "");
    REQUIRE(none);
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station open-spaces "
                                       "--keyboard --json",
                                       none),
                             "", &out, &err),
               1);
    EXPECT_CONTAINS(err, "has no open spaces; add an [open-spaces] section");
}

TU_MAIN(TU_CASE(a_taken_slot_names_the_next_free_one),
        TU_CASE(the_board_takes_a_host_and_admits_nobody))
