/* A sponsor's booth refuses the badge of a registration on hold (issue
 * 49: pretix's blocked tickets and the organizer's holds are refused at
 * booths too), through a real PostgreSQL hub (pgserver.h, hubfix.h) and
 * real `checkin` commands.  The booth's file holds no attendee: it
 * learns a one-way hash of the held badge (badge_held_hash) with the
 * revocations, says the hold's neutral sentence, records no lead, and
 * makes the lead once the hold is released and lifted. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hubfix.h"
#include "pgserver.h"
#include "testutil.h"

/* `checkin ARGS` expected to exit 0: its standard output. */
static const char *run_ok(const char *args)
{
    const char *out, *err;
    int st = tu_checkin(args, &out, &err);
    if (st != 0)
        TU_FAIL_AT("checkin %s exited %d: %s%s", args, st, out, err);
    return out;
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

/* Olivia (48243, paid) gets a badge at the desk; the organizer puts her
 * on hold: the booth, after its sync, refuses her badge with "Please see
 * the help desk." and keeps no lead; released, the next syncs lift it
 * and the booth makes the lead. */
static void a_booth_refuses_a_held_badge_until_the_hold_is_released(void)
{
    struct hubfix f;
    const char *ev, *hub, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "held", &ev, &hub, "desk-1", "desk", "held-desk.db", &desk,
        "booth-1", "leads:datawise", "held-booth.db", &booth, NULL));
    const char *said = run_ok(
        tu_format("issue --key '%s' '%s' 48243", tu_path("event.key"), desk));
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char badge[256];
    snprintf(badge, sizeof(badge), "%.*s", (int)strcspn(ck, "\n"), ck);
    run_ok(tu_format("sync '%s'", desk));
    run_ok(tu_format("sync '%s'", ev));
    run_ok(tu_format("hold '%s' 48243 --why 'ID to be checked'", ev));
    run_ok(tu_format("sync '%s'", ev));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               1);
    run_ok(tu_format("sync '%s'", booth));
    const char *out = booth_scan(booth, badge);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\",\"reason\":\"see-help-desk\"");
    EXPECT_CONTAINS(out, "Please see the help desk.");
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM lead"), 0);
    /* The booth holds a hash, no badge id nor anything of Olivia's. */
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM revoked_badge"), 1);
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM attendee"), 0);

    run_ok(tu_format("hold '%s' 48243 --release", ev));
    said = run_ok(tu_format("sync '%s'", ev));
    EXPECT_CONTAINS(said, "1 badge valid again");
    run_ok(tu_format("sync '%s'", booth));
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM revoked_badge"), 0);
    out = booth_scan(booth, badge);
    EXPECT_CONTAINS(out, "\"reason\":\"lead\"");
    EXPECT_INT(tu_sql_int(booth, "SELECT count(*) FROM lead"), 1);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_booth_refuses_a_held_badge_until_the_hold_is_released),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
