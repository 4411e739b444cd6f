/* pretix's questions asked during check-in, through the hub (issue 49;
 * hub format 26): an export in the shape pretix's exporter writes
 * (pretix_export.h) with a required yes/no and a text question pretix's
 * scanner asks (`ask_during_checkin`); Ada answered neither in the shop,
 * Grace both.  A real PostgreSQL hub (pgserver.h, hubfix.h) and real
 * `checkin` commands: desk A asks Ada (its web screen's answers, as the
 * page posts them) and checks her in; the answers reach the hub, the
 * organizer's export and desk B, which asks Ada nothing; desk B admits
 * Grace, whose shop answers it pulled, without asking; a question pretix
 * starts asking after a desk was enrolled reaches that desk; answers a
 * tampered file sends are set aside by the hub. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hubfix.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "pretix_export.h"
#include "testutil.h"
#include "web_desk.h"

/* The event's export: Ada (QA001, ticket 5001) answered nothing, Grace
 * (QA002, 5002) both questions in the shop.  With `asked` false pretix
 * asks neither at check-in (then the import keeps neither). */
static const char *write_export(const char *name, bool asked)
{
    struct px_event *e = px_event_new("PyCon Questions 2028", "pyconq2028");
    if (!e)
        return NULL;
    px_item(e, 101, "Conference", true, "100.00");
    struct px_question *q =
        px_question(e, 41, "photo-id", "Photo ID seen?", "B");
    q->required = true;
    q->ask_during_checkin = asked;
    q = px_question(e, 42, "dietary", "Dietary needs", "S");
    q->ask_during_checkin = asked;
    struct px_order *o = px_order(e, "QA001", 'p', "ada@example.com");
    px_position(o, 5001, 101, 0, "Ada Lovelace", 0);
    o = px_order(e, "QA002", 'p', "grace@example.com");
    struct px_position *p = px_position(o, 5002, 101, 0, "Grace Hopper", 0);
    px_answer(p, 41, "True");
    px_answer(p, 42, "vegan");
    const char *exp = tu_path(tu_format("%s.json", name));
    int bad = px_write(e, exp);
    px_free(e);
    return bad ? NULL : exp;
}

/* The organizer's event file made from the export (`describe`, `init`,
 * `import`) and published at a fresh hub "hub_NAME". */
static const char *event_at_hub(const char *name, bool asked)
{
    const char *exp = write_export(name, asked);
    if (!exp)
        return NULL;
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *db = tu_path(tu_format("%s.db", name));
    unlink(db);
    tu_checkin_want(0, "describe '%s' --out '%s'", exp, ini);
    /* The main entrance's list, every registration on it (the door's). */
    FILE *f = fopen(ini, "a");
    if (!f)
        return NULL;
    fputs("\n[list entry]\ntitle = Main entrance\nall = yes\n"
          "once = every-scan\n",
          f);
    fclose(f);
    tu_checkin_want(0, "init '%s' '%s'", db, ini);
    tu_checkin_want(0, "import '%s' '%s'", db, exp);
    return hubfix_publish(db, name) ? db : NULL;
}

/* A registration's first code (its pretix secret). */
static const char *secret_of(const char *db, const char *ticket)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.ticket_id ="
                                     " '%s' LIMIT 1",
                                     ticket));
}

/* One scan of `code` at desk file `db` with --json: its output. */
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

/* `sql` run on the SQLite file `db`: SQLite's result code. */
static int sql_exec(const char *db, const char *sql)
{
    sqlite3 *h;
    int rc = sqlite3_open(db, &h);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc;
}

/* ---- a desk's web screen, answers posted as the page posts them ---- */

#define ADA_ANSWERS "{\"dietary\":\"none\",\"photo-id\":\"True\"}"

/* Desk A asks Ada both questions and checks her in with the answers;
 * after the syncs the hub's journal row, the organizer's file and its
 * `export checkins`, and desk B's file hold them; desk B says Ada is
 * already checked in and asks nothing; desk B admits Grace, who answered
 * in the shop, without asking (the shop's answers reached it). */
static void answers_taken_at_one_desk_reach_the_hub_and_the_other_desk(void)
{
    const char *ev = event_at_hub("askhub", true);
    REQUIRE(ev);
    char a[512], b[512], ada[128], grace[128];
    snprintf(a, sizeof(a), "%s",
             hubfix_station(ev, "desk-a", "desk", "askhub-a.db"));
    snprintf(b, sizeof(b), "%s",
             hubfix_station(ev, "desk-b", "desk", "askhub-b.db"));
    snprintf(ada, sizeof(ada), "%s", secret_of(ev, "5001"));
    snprintf(grace, sizeof(grace), "%s", secret_of(ev, "5002"));
    REQUIRE(ada[0] && grace[0]);
    /* Both desks know what pretix asks. */
    EXPECT_INT(tu_sql_int(b, "SELECT count(*) FROM question WHERE"
                             " identifier = 'photo-id' AND ask = 'B' AND"
                             " required = 1"),
               1);

    struct web_desk w;
    REQUIRE(web_desk_start(&w, a, NULL));
    REQUIRE(web_desk_answer(&w, a, "5001", ada,
                            "{\"photo-id\":\"yes\",\"dietary\":\"none\"}"));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"checked-in\""));
    tu_stop(&w.p, 0, 20000, "desk A");

    tu_checkin_want(0, "sync '%s'", a);
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", b);
    EXPECT_INT(pgserver_int(tu_format("hub_%s", "askhub"),
                            "SELECT count(*) FROM checkin.scan WHERE"
                            " attendee_ticket_id = '5001' AND answers ="
                            " '" ADA_ANSWERS "'"),
               1);
    EXPECT_INT(tu_sql_int(ev, "SELECT count(*) FROM scan WHERE"
                              " attendee_ticket_id = '5001' AND answers ="
                              " '" ADA_ANSWERS "'"),
               1);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("export '%s' checkins --format csv", ev),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"{\"\"dietary\"\":\"\"none\"\",\"\"photo-id\"\":"
                         "\"\"True\"\"}\"");
    EXPECT_CONTAINS(out, "5001,QA001,Ada Lovelace,");
    EXPECT_INT(tu_sql_int(b, "SELECT count(*) FROM scan WHERE"
                             " attendee_ticket_id = '5001' AND answers ="
                             " '" ADA_ANSWERS "'"),
               1);

    out = scan_json(b, ada);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    EXPECT_TRUE(!strstr(out, "\"questions\":[{"));
    out = scan_json(b, grace);
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    EXPECT_TRUE(!strstr(out, "\"reason\":\"question\""));
}

/* pretix starts asking after a desk was enrolled (a new export sets
 * ask_during_checkin): the desk's next pull makes it ask Ada. */
static void a_question_asked_later_reaches_an_enrolled_desk(void)
{
    const char *ev = event_at_hub("asklate", false);
    REQUIRE(ev);
    char desk[512], ada[128];
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(ev, "desk-1", "desk", "asklate-desk.db"));
    snprintf(ada, sizeof(ada), "%s", secret_of(ev, "5001"));
    REQUIRE(ada[0]);
    tu_checkin_want(0, "import '%s' '%s'", ev, write_export("asklate2", true));
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", desk);
    const char *out = scan_json(desk, ada);
    EXPECT_CONTAINS(out, "\"reason\":\"question\"");
    EXPECT_CONTAINS(out, "{\"id\":\"photo-id\",\"question\":\"Photo ID "
                         "seen?\",\"type\":\"B\",\"required\":true");
}

/* A tampered desk file sends a check-in whose answers are not JSON: the
 * hub sets the row aside with its fault (none of it in the journal, so
 * no station pulls it) and the push goes through. */
static void answers_a_desk_could_not_have_taken_are_set_aside(void)
{
    const char *ev = event_at_hub("askbad", true);
    REQUIRE(ev);
    char desk[512];
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(ev, "desk-1", "desk", "askbad-desk.db"));
    const char *out = scan_json(desk, secret_of(ev, "5002"));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    /* A row of a run of its own (its first push claims it). */
    EXPECT_INT(sql_exec(desk, "INSERT INTO scan SELECT 'feedfacefeedface',"
                              " station, 1, at_ms, mode, target, code,"
                              " attendee_ticket_id, badge_id, decision,"
                              " reason, direction, override, act,"
                              " ref_station_id, ref_seq, day, handed,"
                              " supervisor, read_at_ms, 'not json' FROM"
                              " scan LIMIT 1"),
               0);
    tu_checkin_want(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int("hub_askbad",
                            "SELECT count(*) FROM checkin.quarantine WHERE"
                            " fault = 'answers that are not a JSON object'"),
               1);
    EXPECT_INT(pgserver_int("hub_askbad", "SELECT count(*) FROM checkin.scan"
                                          " WHERE station_id ="
                                          " 'feedfacefeedface'"),
               0);
    EXPECT_INT(pgserver_int("hub_askbad", "SELECT count(*) FROM checkin.scan"),
               1);
}

/* A door at the hub asks pretix's questions too (issue 49): at hub
 * `name` (taken back to format 27 when `older`) door-1 asks Ada and
 * admits her with her answers, posted as its web page posts them, and
 * syncs; nothing is set aside and the admission reaches the hub, with
 * its answers from format 28 (HUB_FORMAT_DOOR_ANSWERS), without them
 * before (they stay in the door's file); the organizer's file and
 * `export scans` then hold what the hub holds. */
static void door_answers_at_a_hub(const char *name, bool older)
{
    const char *ev = event_at_hub(name, true);
    REQUIRE(ev);
    char hub[64];
    snprintf(hub, sizeof(hub), "hub_%s", name);
    char door[512], ada[128];
    snprintf(door, sizeof(door), "%s",
             hubfix_station(ev, "door-1", "door:entry",
                            tu_format("%s-door.db", name)));
    /* After the organizer's commands, which upgrade the hub. */
    if (older)
        REQUIRE(pgserver_exec(hub, FORMAT27_HUB) == 0);
    snprintf(ada, sizeof(ada), "%s", secret_of(ev, "5001"));
    REQUIRE(ada[0]);

    struct web_desk w;
    REQUIRE(web_station_start(&w, door, "door:entry", NULL));
    REQUIRE(web_desk_answer(&w, door, "5001", ada,
                            "{\"photo-id\":\"yes\",\"dietary\":\"none\"}"));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"entered\""));
    tu_stop(&w.p, 0, 20000, "door");
    EXPECT_INT(tu_sql_int(door, "SELECT count(*) FROM scan WHERE mode ="
                                " 'door' AND attendee_ticket_id = '5001'"
                                " AND answers = '" ADA_ANSWERS "'"),
               1);

    tu_checkin_want(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'door' AND attendee_ticket_id ="
                                 " '5001' AND decision = 'admit'"),
               1);
    EXPECT_INT(pgserver_int(hub,
                            "SELECT count(*) FROM checkin.scan WHERE"
                            " mode = 'door' AND answers = '" ADA_ANSWERS "'"),
               older ? 0 : 1);
    tu_checkin_want(0, "sync '%s'", ev);
    EXPECT_INT(tu_sql_int(ev, "SELECT count(*) FROM scan WHERE mode ="
                              " 'door' AND attendee_ticket_id = '5001' AND"
                              " decision = 'admit'"),
               1);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("export '%s' scans --format csv", ev), &out, &err),
        0);
    if (older)
        EXPECT_NOT_CONTAINS(out, "photo-id");
    else
        EXPECT_CONTAINS(out, "\"{\"\"dietary\"\":\"\"none\"\",\"\"photo-id\"\":"
                             "\"\"True\"\"}\"");
}

static void a_doors_answers_reach_the_hub_with_its_admission(void)
{
    door_answers_at_a_hub("askdoor", false);
}

/* A hub of format 27 takes a door's admission, its answers left out. */
static void an_older_hub_takes_a_doors_admission_without_answers(void)
{
    door_answers_at_a_hub("askdoor27", true);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(answers_taken_at_one_desk_reach_the_hub_and_the_other_desk),
        TU_CASE(a_question_asked_later_reaches_an_enrolled_desk),
        TU_CASE(answers_a_desk_could_not_have_taken_are_set_aside),
        TU_CASE(a_doors_answers_reach_the_hub_with_its_admission),
        TU_CASE(an_older_hub_takes_a_doors_admission_without_answers),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
