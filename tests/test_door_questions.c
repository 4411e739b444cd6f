/* pretix's questions asked during check-in, at a door (issue 49): pretix's
 * scanner asks them at any check-in list's scan, so a door of a list asks
 * those still unanswered before it lets someone in, as the desk does.  An
 * export in the shape pretix's exporter writes (pretix_export.h): a
 * required yes/no and a text question asked during check-in; Ada answered
 * neither in the shop, Grace both.  Through the real `checkin` command:
 * the door's `--json` line says what is asked and journals no admission;
 * the terminal asks each question in turn and lets Ada in with her
 * answers journaled, which the desk then does not ask again and `checkin
 * export checkins` carries; a phone's /scan page at the door (Chromium)
 * shows the questions, posts the answers with the code, and the verdict
 * lets her in. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"
#include "pretix_export.h"
#include "testutil.h"
#include "webdriver.h"

/* A list every registration is on, checked at every scan: the main
 * entrance's door. */
static const char LIST[] = "\n[list entry]\n"
                           "title = Main entrance\n"
                           "all = yes\n"
                           "once = every-scan\n";

/* The event file `name` (tu_path, its path kept in `out`): the export
 * described, the entrance's list added, imported. */
static const char *questions_db(const char *name, char out[512])
{
    struct px_event *e = px_event_new("PyCon Questions 2028", "pyconq2028");
    if (!e)
        return NULL;
    px_item(e, 101, "Conference", true, "100.00");
    struct px_question *q =
        px_question(e, 41, "photo-id", "Photo ID seen?", "B");
    q->required = true;
    q->ask_during_checkin = true;
    q = px_question(e, 42, "dietary", "Dietary needs", "S");
    q->ask_during_checkin = true;
    struct px_order *o = px_order(e, "QA001", 'p', "ada@example.com");
    px_position(o, 5001, 101, 0, "Ada Lovelace", 0);
    o = px_order(e, "QA002", 'p', "grace@example.com");
    struct px_position *p = px_position(o, 5002, 101, 0, "Grace Hopper", 0);
    px_answer(p, 41, "True");
    px_answer(p, 42, "vegan");
    const char *exp = tu_path(tu_format("%s.json", name));
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *db = tu_path(tu_format("%s.db", name));
    unlink(db);
    int bad = px_write(e, exp);
    px_free(e);
    if (bad)
        return NULL;
    tu_checkin_want(0, "describe '%s' --out '%s'", exp, ini);
    char *text = tu_read_file(ini, NULL);
    if (!text)
        return NULL;
    bad = tu_write_file(ini, tu_format("%s%s", text, LIST),
                        strlen(text) + strlen(LIST));
    free(text);
    if (bad)
        return NULL;
    tu_checkin_want(0, "init '%s' '%s'", db, ini);
    tu_checkin_want(0, "import '%s' '%s'", db, exp);
    snprintf(out, 512, "%s", db);
    return out;
}

/* A registration's first code (its pretix secret), kept in `out`. */
static const char *secret_of(const char *db, const char *ticket, char out[128])
{
    snprintf(out, 128, "%s",
             tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                       " JOIN attendee a ON a.id ="
                                       " s.attendee_id WHERE a.ticket_id ="
                                       " '%s' LIMIT 1",
                                       ticket)));
    return out;
}

/* The door's admissions of ticket `ticket` with `answers` (NULL: any). */
static long door_admits(const char *db, const char *ticket, const char *answers)
{
    return tu_sql_int(
        db, tu_format("SELECT count(*) FROM scan WHERE mode = 'door' AND"
                      " target = 'entry' AND decision = 'admit' AND"
                      " attendee_ticket_id = '%s'%s%s%s",
                      ticket, answers ? " AND answers = '" : "",
                      answers ? answers : "", answers ? "'" : ""));
}

/* `checkin scan --station door:entry --json`: Ada waits for the
 * questions (reason "question", both named with their type), not let in;
 * Grace, who answered them in the shop, is let in. */
static void the_door_asks_before_letting_in(void)
{
    char file[512];
    const char *db = questions_db("json", file);
    REQUIRE(db);
    char ada[128], grace[128];
    secret_of(db, "5001", ada);
    secret_of(db, "5002", grace);
    REQUIRE(ada[0] && grace[0]);
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station door:entry"
                                       " --name door-1 --json --keyboard",
                                       db),
                             tu_format("%s\n%s\n", ada, grace), &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"decision\":\"warn\",\"reason\":\"question\","
                         "\"reason_text\":\"Ask before checking in: Photo ID "
                         "seen? (and more)\"");
    EXPECT_CONTAINS(out, "\"questions\":[{\"id\":\"photo-id\",\"question\":"
                         "\"Photo ID seen?\",\"type\":\"B\",\"required\":"
                         "true,\"options\":[]},{\"id\":\"dietary\","
                         "\"question\":\"Dietary needs\",\"type\":\"S\","
                         "\"required\":false,\"options\":[]}]");
    EXPECT_CONTAINS(out, "\"reason\":\"entered\"");
    EXPECT_INT(door_admits(db, "5001", NULL), 0);
    EXPECT_INT(door_admits(db, "5002", NULL), 1);
}

/* The door's terminal asks each question on its prompt line: y for the
 * yes/no, the text typed; Enter on the last lets Ada in, her answers
 * journaled with the door's admission.  The desk then asks her nothing,
 * and `checkin export checkins` carries the door's answers. */
static void the_terminal_door_asks_and_the_answers_are_exported(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    char file[512];
    const char *db = questions_db("tmux", file);
    REQUIRE(db);
    char ada[128];
    secret_of(db, "5001", ada);
    REQUIRE(ada[0]);
    tu_tmux_station(db, "--station door:entry --name door-t");
    tu_tmux_keys(tu_format("'%s' Enter", ada));
    free(tu_tmux_wait_for("(question)", "QUESTION 1 of 2: Photo ID seen? (y "
                                        "or n)"));
    EXPECT_INT(door_admits(db, "5001", NULL), 0);
    tu_tmux_keys("y Enter");
    free(tu_tmux_wait_for("QUESTION 2 of 2: Dietary needs"));
    tu_tmux_keys("'no nuts' Enter");
    free(tu_tmux_wait_for("(entered)"));
    tu_tmux_quit();
    EXPECT_INT(door_admits(db, "5001",
                           "{\"dietary\":\"no nuts\","
                           "\"photo-id\":\"True\"}"),
               1);
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name desk-1"
                                       " --json --keyboard",
                                       db),
                             tu_format("%s\n", ada), &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    EXPECT_INT(tu_checkin(tu_format("export '%s' checkins --format csv", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"{\"\"dietary\"\":\"\"no nuts\"\",\"\"photo-id\"\":"
                         "\"\"True\"\"}\"");
}

/* A phone at the door (its /scan page in Chromium, the read sent as the
 * page sends a code it decoded): the verdict asks, the page shows Yes and
 * No for the yes/no and a field for the text, and nothing is admitted;
 * tapping Yes, typing the text and "Let in with these answers" posts the
 * answers with the code, and the station's verdict lets Ada in, her
 * answers journaled with the door's admission. */
static void a_phone_at_the_door_asks_the_same(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    char file[512];
    const char *db = questions_db("phone", file);
    REQUIRE(db);
    char ada[128];
    secret_of(db, "5001", ada);
    REQUIRE(ada[0]);
    unlink(tu_path("live.err"));
    struct live door;
    REQUIRE(live_start(&door, "", db,
                       "--station door:entry --name door-p --web "
                       "127.0.0.1:0") == 0);
    char *said =
        tu_wait_file(tu_path("live.err"), "Phones scan at: http", 60000);
    struct tu_link link = {0};
    bool found = tu_find_link(said, "Phones scan at: ", &link);
    free(said);
    if (!found || wd_start(tu_path("phone-profile")) != 0 ||
        wd_get(link.url) != 0) {
        TU_FAIL_AT("the phone's page did not open");
        wd_quit();
        live_stop(&door);
        return;
    }
    EXPECT_TRUE(wd_do(tu_format("send(newRead('%s')); return 1;", ada)));
    EXPECT_WAIT("return !document.getElementById('ask').hidden &&"
                " [...document.querySelectorAll('#ask-fields .ask')]"
                ".map((r) => r.querySelector('label').textContent + ':' +"
                " r.querySelectorAll('button').length).join('|');",
                "\"Photo ID seen?:2|Dietary needs (may be empty):0\"", 20000);
    EXPECT_EXEC("return document.getElementById('word').textContent;",
                "\"WARNING\"");
    wd_screenshot(tu_path("door-questions.png"));
    EXPECT_INT(door_admits(db, "5001", NULL), 0);
    EXPECT_TRUE(
        wd_do("document.querySelector('#ask-fields .ask-yn[data-value=yes]')"
              ".click(); const i = document.querySelector('#ask-fields input');"
              " i.value = 'vegetarian'; i.dispatchEvent(new Event('input'));"
              " document.getElementById('ask-yes').click(); return 1;"));
    EXPECT_WAIT("return document.getElementById('ask').hidden + ' ' +"
                " document.getElementById('word').textContent;",
                "\"true ADMIT\"", 20000);
    wd_quit();
    EXPECT_INT(live_stop(&door), 0);
    EXPECT_INT(door_admits(db, "5001",
                           "{\"dietary\":\"vegetarian\","
                           "\"photo-id\":\"True\"}"),
               1);
}

TU_MAIN(TU_CASE(the_door_asks_before_letting_in),
        TU_CASE(the_terminal_door_asks_and_the_answers_are_exported),
        TU_CASE(a_phone_at_the_door_asks_the_same))
