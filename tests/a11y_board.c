/* The open spaces' board's page (issue 56 item 1, docs/open-spaces.md)
 * in a real Chromium, one browser start: `checkin scan --station
 * open-spaces --web` shows the rooms by slots with a session claimed at
 * the command line; a host's badge typed at the station offers the claim
 * form; a slot claimed meanwhile elsewhere is refused naming the next
 * free one, an empty title is one sentence, each changing nothing; a free
 * slot is claimed and drawn; the host's badge again offers its release,
 * which frees it; a host's badge on the phone's /scan page opens its
 * claim form, and the claim is made; axe-core finds no WCAG 2.1 A/AA
 * violation on the board, with the form open, after the claim and on the
 * phone's form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "a11y_board.h"
#include "testutil.h"
#include "webdriver.h"

#define HAS(id, part)                                                          \
    "return document.getElementById('" id "').textContent"                     \
    ".includes('" part "');"

/* The demo event with one day of open spaces (in place of its own, without its
 * acknowledgement), as board.db. */
static const char *event(void)
{
    static const char *const drop[] = {"open-spaces", "admission",
                                       "acknowledge ", NULL};
    const char *ini =
        tu_demo_ini("board.ini", drop,
                    "\n[open-spaces]\nrooms = 201:2, 202:25\ndays = "
                    "2027-05-14\nhours = 10:00-17:00\nslot = 60\n");
    if (!ini)
        return NULL;
    static char db[4096];
    snprintf(db, sizeof(db), "%s", tu_path("board.db"));
    return tu_event(db, ini, NULL, CONFIG_DIR "/demo/registrations.csv") ? NULL
                                                                         : db;
}

/* The claim form sent with slot `value` ("ROOM|YYYY-MM-DD HH:MM", put
 * among the choices as a page drawn before another claim would hold it)
 * and `title`. */
static bool submit(const char *value, const char *title)
{
    return wd_do(tu_format(
        "const s = document.getElementById('board-slot');"
        "if (![...s.options].some((o) => o.value === '%s'))"
        " s.append(new Option('%s', '%s'));"
        "s.value = '%s';"
        "document.getElementById('board-said').textContent = '';"
        "document.getElementById('board-title').value = '%s';"
        "document.getElementById('board-claim').requestSubmit(); return 1;",
        value, value, value, value, title));
}

void the_open_spaces_board_claims_and_passes_axe(void)
{
    const char *db = event();
    REQUIRE(db);
    char host0[64], code1[128];
    snprintf(host0, sizeof(host0), "%s", tu_paid(db, "a.ticket_id", 0));
    snprintf(code1, sizeof(code1), "%s", tu_paid(db, "s.secret", 1));
    tu_checkin_want(0,
                    "open-spaces '%s' claim 201 '2027-05-14 10:00' --host '%s' "
                    "--title 'Rust BoF'",
                    db, host0);
    if (!wd_axe_ready())
        return;
    const char *errpath = tu_path("board.err");
    char cmd[4096];
    int len = snprintf(cmd, sizeof(cmd),
                       "exec '%s' scan '%s' --station open-spaces --name "
                       "board-1 --keyboard --json --clock '2027-05-14 09:30' "
                       "--cooldown 0.05 --web 127.0.0.1:0 >'%s' 2>'%s'",
                       CHECKIN_BIN, db, tu_path("board.out"), errpath);
    REQUIRE(len >= 0 && (size_t)len < sizeof(cmd));
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(tu_serve_with(&p, cmd, TU_PIPE_IN, errpath,
                          "Station screen: ", "the board", &link));
    if (wd_start(tu_path("profile-board")) != 0) {
        TU_FAIL_AT("chromium did not start");
        tu_stop(&p, 0, 10000, "the board");
        return;
    }
    REQUIRE(wd_get(link.url) == 0);
    EXPECT_WAIT("return !document.getElementById('board').hidden && "
                "document.getElementById('board-rows').textContent"
                ".includes('Rust BoF');",
                "true", 10000);
    EXPECT_EXEC("return document.querySelectorAll('#board-head th').length;",
                "8");
    EXPECT_EXEC(HAS("board-rows", "of 2 inside"), "true");
    EXPECT_EXEC("return document.getElementById('board-claim').hidden;",
                "true");
    EXPECT_AXE("the open spaces' board");

    /* A host's badge at the board: the claim form, for them. */
    char line[160];
    int n = snprintf(line, sizeof(line), "%s\n", code1);
    EXPECT_INT(write(p.in, line, (size_t)n), n);
    EXPECT_WAIT("return !document.getElementById('board-claim').hidden;",
                "true", 10000);
    EXPECT_EXEC(HAS("board-host", "Hosting: "), "true");
    EXPECT_AXE("the open spaces' board, a host's claim form");

    /* 201 at 11:00 claimed at the command line after the page drew it
     * free: refused, naming the room's next free slot. */
    tu_checkin_want(0,
                    "open-spaces '%s' claim 201 '2027-05-14 11:00' --host '%s' "
                    "--title 'Docs BoF'",
                    db, host0);
    EXPECT_TRUE(submit("201|2027-05-14 11:00", "Packaging BoF"));
    EXPECT_WAIT(HAS("board-said", "the next free slot is 201 at 2027-05-14 "
                                  "12:00."),
                "true", 10000);
    EXPECT_EXEC(HAS("board-said", "201 at 2027-05-14 11:00 is taken by"),
                "true");
    /* An empty title: one sentence. */
    EXPECT_TRUE(submit("202|2027-05-14 10:00", ""));
    EXPECT_WAIT(HAS("board-said", "Type your session\\'s title: 1 to 200 "
                                  "characters of text."),
                "true", 10000);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM open_space_claim"), 2);

    /* A free slot claimed: drawn, and the host forgotten. */
    EXPECT_TRUE(submit("202|2027-05-14 10:00", "Packaging BoF"));
    EXPECT_WAIT(HAS("board-said", "Claimed 202 at 2027-05-14 10:00 for"),
                "true", 10000);
    EXPECT_WAIT(HAS("board-rows", "Packaging BoF"), "true", 10000);
    EXPECT_EXEC("return document.getElementById('board-claim').hidden;",
                "true");
    EXPECT_AXE("the open spaces' board after a claim");

    /* The host's badge again: their session offers its release there. */
    EXPECT_INT(write(p.in, line, (size_t)n), n);
    EXPECT_WAIT("return document.querySelectorAll('.board-release').length;",
                "1", 10000);
    EXPECT_EXEC("document.querySelector('.board-release').click(); return 1;",
                "1");
    EXPECT_WAIT(HAS("board-said", "Released 202 at 2027-05-14 10:00 "
                                  "(\"Packaging BoF\""),
                "true", 10000);
    EXPECT_WAIT("return !document.getElementById('board-rows').textContent"
                ".includes('Packaging BoF');",
                "true", 10000);

    /* The phone's /scan page at the board: a host's badge opens the claim
     * form there (the verdict as the station answers a phone's code), and
     * the claim is the station's.  Shown once the board's cooldown (0.05
     * s) has passed since the badge's last read: within it, it is the
     * presentation already decided, and the release above is only a
     * click and a redraw.  The debounce is a time by design, so this one
     * wait is a time, twice it. */
    usleep(100 * 1000);
    EXPECT_INT(write(p.in, line, (size_t)n), n);
    EXPECT_WAIT(HAS("board-host", "Hosting: "), "true", 10000);
    REQUIRE(wd_get(tu_format("http://127.0.0.1:%d/scan/", link.port)) == 0);
    EXPECT_WAIT("return typeof answeredDecision === 'function';", "true",
                10000);
    EXPECT_EXEC("answeredDecision({decision: 'warn', reason: 'host',"
                " recorded: true, text: '', name: ''}, 'x'); return 1;",
                "1");
    EXPECT_WAIT("return !document.getElementById('claim').hidden && "
                "[...document.getElementById('claim-slot').options]"
                ".some((o) => o.value === '202|2027-05-14 10:00');",
                "true", 10000);
    EXPECT_AXE("the phone's claim form at the board");
    EXPECT_EXEC("document.getElementById('claim-slot').value ="
                " '202|2027-05-14 10:00';"
                "document.getElementById('claim-title').value = 'Phone BoF';"
                "document.getElementById('claim').requestSubmit(); return 1;",
                "1");
    EXPECT_WAIT(HAS("text", "Claimed 202 at 2027-05-14 10:00 for "
                            "\"Phone BoF\""),
                "true", 10000);
    wd_quit();
    EXPECT_INT(tu_stop(&p, 0, 10000, "the board") == -1, 0);
    const char *said = tu_checkin_want(0, "open-spaces '%s' list --json", db);
    EXPECT_CONTAINS(said, "\"title\": \"Phone BoF\"");
    EXPECT_CONTAINS(said, tu_format("\"host_ticket\": \"%s\"",
                                    tu_paid(db, "a.ticket_id", 1)));
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM open_space_claim"), 5);
}
