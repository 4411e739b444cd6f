/* Acknowledgements through a hub (issue 55 item 3): no new hub format;
 * an acknowledgement is a question of the event's description (with its
 * text) and its answer rides in checkin.scan.answers as pretix's
 * questions' do (format 26).  A real PostgreSQL hub (pgserver.h,
 * hubfix.h) and real `checkin` commands: desk A and desk B get the
 * acknowledgement with its text; desk A checks Ada in with her yes; after
 * the syncs the hub, the organizer's export and desk B hold it, and desk
 * B asks her nothing; Grace's decline at desk B reaches the hub and the
 * organizer's export too, and desk B asks her again. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ack_event.h"
#include "hubfix.h"
#include "pgserver.h"
#include "pretix_export.h"
#include "testutil.h"
#include "web_desk.h"

static const char *scan_json(const char *db, const char *code)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --json"
                                       " --keyboard",
                                       db),
                             tu_format("%s\n", code), &out, &err),
               0);
    return out;
}

static void an_acknowledgement_is_asked_once_across_two_desks(void)
{
    const char *ev = ack_event("ackhub", true);
    REQUIRE(ev && hubfix_publish(ev, "ackhub"));
    char a[512], b[512], ada[128], grace[128];
    snprintf(a, sizeof(a), "%s",
             hubfix_station(ev, "desk-a", "desk", "ackhub-a.db"));
    snprintf(b, sizeof(b), "%s",
             hubfix_station(ev, "desk-b", "desk", "ackhub-b.db"));
    snprintf(ada, sizeof(ada), "%s", secret_of(ev, "5001"));
    snprintf(grace, sizeof(grace), "%s", secret_of(ev, "5002"));
    REQUIRE(ada[0] && grace[0]);
    EXPECT_INT(tu_sql_int(b, "SELECT count(*) FROM question WHERE"
                             " identifier = 'ack:coc' AND ask = 'A' AND"
                             " required = 1 AND detail = '" COC_TEXT "'"),
               1);

    struct web_desk w;
    REQUIRE(web_desk_start(&w, a, NULL));
    REQUIRE(web_desk_answer(&w, a, "5001", ada, "{\"ack:coc\":\"yes\"}"));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"checked-in\""));
    tu_stop(&w.p, 0, 20000, "desk A");

    tu_checkin_want(0, "sync '%s'", a);
    /* Grace declines at desk B: journaled, and synced as a yes is. */
    REQUIRE(web_desk_start(&w, b, NULL));
    REQUIRE(web_desk_answer(&w, b, "5002", grace, "{\"ack:coc\":\"no\"}"));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"declined\""));
    tu_stop(&w.p, 0, 20000, "desk B");
    tu_checkin_want(0, "sync '%s'", b);
    tu_checkin_want(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int("hub_ackhub",
                            "SELECT count(*) FROM checkin.scan WHERE"
                            " attendee_ticket_id = '5001' AND answers ="
                            " '{\"ack:coc\":\"True\"}'"),
               1);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("export '%s' acknowledgements --format csv", ev),
                   &out, &err),
        0);
    EXPECT_CONTAINS(out, "coc,Code of Conduct,yes,5001,QA001,");
    EXPECT_CONTAINS(out, ",desk-a");
    EXPECT_CONTAINS(out, "coc,Code of Conduct,declined,5002,QA002,");
    EXPECT_CONTAINS(out, ",desk-b");
    EXPECT_INT(pgserver_int("hub_ackhub",
                            "SELECT count(*) FROM checkin.scan WHERE"
                            " attendee_ticket_id = '5002' AND decision ="
                            " 'deny' AND reason = 'declined' AND answers ="
                            " '{\"ack:coc\":\"False\"}'"),
               1);

    out = scan_json(b, ada);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    EXPECT_NOT_CONTAINS(out, "\"questions\":[{");
    out = scan_json(b, grace);
    EXPECT_CONTAINS(out, "\"reason\":\"question\"");
    EXPECT_CONTAINS(out, "{\"id\":\"ack:coc\",\"question\":\"" COC_TEXT "\"");

    /* Its words in German, given on the laptop later, reach desk B: a
     * volunteer there reading German sees them. */
    FILE *f = fopen(tu_path("ackhub.ini"), "a");
    REQUIRE(f);
    fputs("title[de] = Verhaltenskodex\ntext[de] = Gelesen.\n", f);
    fclose(f);
    tu_checkin_want(0, "event '%s' '%s'", ev, tu_path("ackhub.ini"));
    tu_checkin_want(0, "sync '%s'", b);
    EXPECT_INT(tu_checkin_in(tu_format("--lang de scan '%s' --station desk"
                                       " --json --keyboard",
                                       b),
                             tu_format("%s\n", grace), &out, &err),
               0);
    EXPECT_CONTAINS(out, "{\"id\":\"ack:coc\",\"question\":\"Gelesen.\"");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(an_acknowledgement_is_asked_once_across_two_desks),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
