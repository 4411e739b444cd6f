/* A sponsor's booth refuses the badge of a ticket pretix blocks (issue
 * 49: pretix refuses a `blocked` position at every check-in list, and
 * checkin at booths too), as it does one on an organizer's hold
 * (test_booth_held.c).  An export in the shape pretix's exporter writes
 * (pretix_export.h), a real PostgreSQL hub (pgserver.h, hubfix.h) and
 * real `checkin` commands: Olivia's badge is issued at the desk, then a
 * new export blocks her ticket; the booth, which holds no attendee,
 * learns only the badge's one-way hash with its next sync, says the
 * neutral sentence and records no lead; an export that lifts the block
 * lets the booth make the lead after its next sync. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubfix.h"
#include "pgserver.h"
#include "pretix_export.h"
#include "testutil.h"

static const char INI[] = "[event]\n"
                          "slug = pycon-booth-2028\n"
                          "name = PyCon Booth 2028\n"
                          "start = 2028-05-15\n"
                          "end = 2028-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[sponsor datawise]\n"
                          "name = DataWise\n";

/* The export, Olivia's ticket (8001) blocked by the organizer in pretix
 * when `blocked`; Peter (8002) never. */
static const char *write_export(const char *file, bool blocked)
{
    struct px_event *e = px_event_new("PyCon Booth 2028", "pycon-booth-2028");
    if (!e)
        return NULL;
    px_item(e, 101, "Full conference", true, "100.00");
    struct px_order *o = px_order(e, "OLI01", 'p', "olivia@example.com");
    struct px_position *p = px_position(o, 8001, 101, 0, "Olivia Oliveira", 0);
    if (blocked)
        p->blocked[0] = "admin";
    o = px_order(e, "PET02", 'p', "peter@example.com");
    px_position(o, 8002, 101, 0, "Peter Peters", 0);
    const char *path = tu_path(file);
    int bad = px_write(e, path);
    px_free(e);
    return bad ? NULL : path;
}

/* One read at booth file `db` (offline: no sync beside it): what it
 * printed. */
static const char *booth_scan(const char *db, const char *code)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station leads:datawise"
                                       " --name booth-1 --keyboard --json"
                                       " --offline",
                                       db),
                             tu_format("%s\n", code), &out, &err),
               0);
    return out;
}

static void a_booth_refuses_a_blocked_ticket_until_pretix_lifts_it(void)
{
    const char *ini = tu_path("blocked.ini");
    REQUIRE(tu_write_file(ini, INI, strlen(INI)) == 0);
    const char *first = write_export("blocked-1.json", false);
    REQUIRE(first);
    char ev[512], key[512], desk[512], booth[512];
    snprintf(ev, sizeof(ev), "%s", tu_path("blocked.db"));
    snprintf(key, sizeof(key), "%s", tu_path("blocked.key"));
    REQUIRE(tu_event(ev, ini, key, first) == 0);
    REQUIRE(hubfix_publish(ev, "blocked"));
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(ev, "desk-1", "desk", "blocked-desk.db"));
    snprintf(
        booth, sizeof(booth), "%s",
        hubfix_station(ev, "booth-1", "leads:datawise", "blocked-booth.db"));
    const char *said =
        tu_checkin_want(0, "issue --key '%s' '%s' 8001", key, desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char badge[256];
    snprintf(badge, sizeof(badge), "%.*s", (int)strcspn(ck, "\n"), ck);
    tu_checkin_want(0, "sync '%s'", desk);
    tu_checkin_want(0, "sync '%s'", ev);

    /* pretix blocks Olivia's ticket: the next export says so. */
    tu_checkin_want(0, "import '%s' '%s'", ev,
                    write_export("blocked-2.json", true));
    EXPECT_INT(tu_sql_int(ev, "SELECT blocked FROM attendee WHERE ticket_id"
                              " = '8001'"),
               1);
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", booth);
    const char *out = booth_scan(booth, badge);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\",\"reason\":\"see-help-desk\"");
    EXPECT_CONTAINS(out, "Please see the help desk.");
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM lead"), 0);
    /* The booth holds a hash, nothing of Olivia's nor pretix's reason. */
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM revoked_badge"), 1);
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM attendee"), 0);

    /* pretix lifts the block: the booth makes the lead after its sync. */
    tu_checkin_want(0, "import '%s' '%s'", ev,
                    write_export("blocked-3.json", false));
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", booth);
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM revoked_badge"), 0);
    out = booth_scan(booth, badge);
    EXPECT_CONTAINS(out, "\"reason\":\"lead\"");
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM lead"), 1);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_booth_refuses_a_blocked_ticket_until_pretix_lifts_it),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
