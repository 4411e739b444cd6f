/* The auction's pay desk and the sprint station's pages (issue 56 items
 * 2 and 3, docs/auction.md and docs/sprints.md) in a real Chromium, one
 * browser start each: a win typed on the pay desk's screen is recorded
 * as a row of the desk and listed, and each bad one (a lot won already,
 * no such lot, a paddle no door gave, a negative amount) is the command
 * line's one sentence with nothing stored; a sprint project chosen by
 * its button on the screen, then a badge scanned, is a check-in to that
 * project; axe-core finds no WCAG 2.1 A/AA violation on either page as
 * it stands before and after. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "a11y_auction.h"
#include "testutil.h"
#include "webdriver.h"

#define HAS(id, part)                                                          \
    "return document.getElementById('" id "').textContent"                     \
    ".includes('" part "');"

/* The demo event (without its acknowledgement, and without its own
 * auction, which `extra` gives) with `extra` added, as `name`.db. */
static const char *event(const char *name, const char *extra)
{
    static const char *const drop[] = {"admission", "acknowledge ", "auction",
                                       NULL};
    const char *ini = tu_demo_ini(tu_format("%s.ini", name), drop, extra);
    if (!ini)
        return NULL;
    static char db[4096];
    snprintf(db, sizeof(db), "%s", tu_path(tu_format("%s.db", name)));
    return tu_event(db, ini, NULL, CONFIG_DIR "/demo/registrations.csv") ? NULL
                                                                         : db;
}

/* `checkin scan DB ARGS --web` started and its screen open in Chromium
 * (its profile `name`); false after failing the test. */
static bool screen(struct tu_proc *p, const char *db, const char *args,
                   const char *name)
{
    const char *errpath = tu_path(tu_format("%s.err", name));
    char cmd[4096];
    int len = snprintf(cmd, sizeof(cmd),
                       "exec '%s' scan '%s' %s --keyboard --json --cooldown "
                       "0.05 --web 127.0.0.1:0 >'%s' 2>'%s'",
                       CHECKIN_BIN, db, args,
                       tu_path(tu_format("%s.out", name)), errpath);
    struct tu_link link;
    if (len < 0 || (size_t)len >= sizeof(cmd) ||
        !tu_serve_with(p, cmd, TU_PIPE_IN, errpath, "Station screen: ", name,
                       &link))
        return false;
    if (wd_start(tu_path(tu_format("profile-%s", name))) != 0) {
        TU_FAIL_AT("chromium did not start");
        tu_stop(p, 0, 10000, name);
        return false;
    }
    if (wd_get(link.url) != 0) {
        TU_FAIL_AT("chromium did not open %s", link.url);
        wd_quit();
        tu_stop(p, 0, 10000, name);
        return false;
    }
    return true;
}

/* The pay desk's form sent with `lot`, `paddle` and `amount`, its last
 * sentence cleared first. */
static bool win(const char *lot, const char *paddle, const char *amount)
{
    return wd_do(tu_format(
        "document.getElementById('win-said').textContent = '';"
        "document.getElementById('win-lot').value = '%s';"
        "document.getElementById('win-paddle').value = '%s';"
        "document.getElementById('win-amount').value = '%s';"
        "document.getElementById('win-form').requestSubmit(); return 1;",
        lot, paddle, amount));
}

static long long wins(const char *db)
{
    return tu_sql_int(db, "SELECT count(*) FROM auction_act WHERE act = 'win'");
}

void the_pay_desk_records_a_win_and_passes_axe(void)
{
    const char *db =
        event("auction", "\n[auction]\ncurrency = USD\npaddles door-1 = 1-99\n"
                         "lot 1 = A quilt of PyCon T-shirts\n"
                         "lot 2 = A signed print of the PyCon poster\n");
    REQUIRE(db);
    /* Two bidders' paddles, 1 and 2, at the door. */
    const char *out, *err;
    char codes[256];
    int n = snprintf(codes, sizeof(codes), "%s\n", tu_paid(db, "s.secret", 0));
    snprintf(codes + n, sizeof(codes) - (size_t)n, "%s\n",
             tu_paid(db, "s.secret", 1));
    REQUIRE(tu_checkin_in(tu_format("scan '%s' --station auction --name "
                                    "door-1 --keyboard --json",
                                    db),
                          codes, &out, &err) == 0);
    EXPECT_CONTAINS(out, "\"reason_text\":\"Paddle 2.\"");
    if (!wd_axe_ready())
        return;
    struct tu_proc p;
    REQUIRE(screen(&p, db, "--station auction-pay --name pay-1", "pay-desk"));
    EXPECT_WAIT("return !document.getElementById('wins').hidden;", "true",
                10000);
    /* Its header counts no leads: an auction station has none. */
    EXPECT_EXEC("return document.getElementById('counters').textContent;",
                "\"\"");
    EXPECT_AXE("the auction's pay desk");

    /* A win: recorded, said and listed. */
    EXPECT_TRUE(win("1", "2", "120.50"));
    EXPECT_WAIT(HAS("win-said", "Lot 1 won by paddle 2 for 120.50."), "true",
                10000);
    EXPECT_EXEC(HAS("win-list", "A quilt of PyCon T-shirts"), "true");
    EXPECT_EXEC("return document.querySelector('#win-list bdi').textContent;",
                "\"A quilt of PyCon T-shirts\"");
    EXPECT_EXEC("return document.getElementById('win-lot').value;", "\"\"");
    EXPECT_INT(wins(db), 1);

    /* Each bad one: the command line's sentence, nothing stored. */
    static const struct {
        const char *lot, *paddle, *amount, *said;
    } bad[] = {
        {"1", "1", "10",
         "Lot 1 was won already, by paddle 2 for 120.50; "
         "nothing was changed; if that win is a mistake, void it first "
         "with checkin auction EVENT.db void 1."},
        {"9", "1", "10", "There is no lot \\'9\\'; the lots are: 1, 2."},
        {"2", "77", "10",
         "No bidder has paddle 77; give the paddle number "
         "the auction door gave the winner."},
        {"2", "1", "-5",
         "\\'-5\\' is not an amount; type a number more than "
         "0 with at most two decimals (120 or 120.50)."},
        {"2", "x", "10",
         "Type the winner\\'s paddle: a number from 1 to "
         "99999."},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        EXPECT_TRUE(win(bad[i].lot, bad[i].paddle, bad[i].amount));
        EXPECT_WAIT(tu_format("return document.getElementById('win-said')"
                              ".textContent === '%s';",
                              bad[i].said),
                    "true", 10000);
    }
    EXPECT_INT(wins(db), 1);
    /* What was typed stays, to be corrected. */
    EXPECT_EXEC("return document.getElementById('win-amount').value;",
                "\"10\"");
    EXPECT_AXE("the auction's pay desk after a win and a refusal");
    /* The win voided from its row, once confirmed (docs/auction.md
     * "Correcting a win"): the panel first, then the row marked void, its
     * button gone, and the lot won again. */
    EXPECT_TRUE(wd_do("document.querySelector('#win-list button').click();"
                      " return 1;"));
    EXPECT_WAIT("return !document.getElementById('void-panel').hidden;", "true",
                10000);
    EXPECT_EXEC(HAS("void-what", "Void lot 1\\'s win by paddle 2 for 120.50"),
                "true");
    EXPECT_AXE("the pay desk's confirm of a void");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM auction_act WHERE act ="
                              " 'void'"),
               0);
    EXPECT_TRUE(wd_do("document.getElementById('void-reason').value ="
                      " 'wrong paddle';"
                      " document.getElementById('void-panel')"
                      ".requestSubmit(); return 1;"));
    EXPECT_WAIT(HAS("win-said", "Lot 1: the win by paddle 2 for 120.50 is "
                                "void;"),
                "true", 10000);
    EXPECT_WAIT("return document.getElementById('void-panel').hidden;", "true",
                10000);
    EXPECT_EXEC(HAS("win-list", "(void)"), "true");
    EXPECT_EXEC("return document.querySelectorAll('#win-list button')"
                ".length;",
                "0");
    EXPECT_STR(tu_sql_text(db, "SELECT reason || ' ' || station FROM"
                               " auction_act WHERE act = 'void'"),
               "wrong paddle pay-1");
    EXPECT_TRUE(win("1", "1", "99"));
    EXPECT_WAIT(HAS("win-said", "Lot 1 won by paddle 1 for 99.00."), "true",
                10000);
    wd_quit();
    EXPECT_INT(tu_stop(&p, 0, 10000, "pay-desk") == -1, 0);
    /* The desk's row, as `list` and the hub see it. */
    const char *said = tu_checkin_want(0, "auction '%s' list --json", db);
    EXPECT_CONTAINS(said, "\"station\": \"pay-1\"");
    EXPECT_CONTAINS(said, "\"amount_cents\": 12050");
    EXPECT_CONTAINS(said, "\"void_reason\": \"wrong paddle\"");
    /* The door with a printer says the paddle's words, not the desk's
     * (its "paddles" trait): the label sent, the paddle to hand over, and
     * its reprint button. */
    struct tu_proc d;
    REQUIRE(screen(&d, db,
                   tu_format("--station auction --name door-1 --printer "
                             "'file:%s' --model QL-800 --media 62x100",
                             tu_path("door-paddles.bin")),
                   "door-printer"));
    char line[160];
    int k = snprintf(line, sizeof(line), "%s\n", tu_paid(db, "s.secret", 2));
    EXPECT_INT(write(d.in, line, (size_t)k), k);
    EXPECT_WAIT(HAS("print", "Sent paddle 3\\'s label to the printer; "
                             "check that it came out."),
                "true", 10000);
    EXPECT_EXEC("return document.getElementById('reprint').textContent;",
                "\"Reprint paddle\"");
    EXPECT_EXEC(HAS("actions", "badge"), "false");
    wd_quit();
    EXPECT_INT(tu_stop(&d, 0, 10000, "door-printer") == -1, 0);
}

void sprint_project_buttons_check_in_and_pass_axe(void)
{
    const char *db = event("sprint-buttons", "");
    REQUIRE(db);
    char lead[64];
    snprintf(lead, sizeof(lead), "%s", tu_paid(db, "a.ticket_id", 0));
    tu_checkin_want(0,
                    "sprints '%s' add-project cpython --title CPython "
                    "--lead '%s' --room 101A",
                    db, lead);
    tu_checkin_want(0, "sprints '%s' add-project pip --title pip --lead '%s'",
                    db, tu_paid(db, "a.ticket_id", 1));
    if (!wd_axe_ready())
        return;
    struct tu_proc p;
    REQUIRE(screen(&p, db, "--station sprints --clock '2027-05-17 10:00'",
                   "sprint-buttons"));
    EXPECT_WAIT("return document.querySelectorAll('#projects button').length;",
                "2", 10000);
    EXPECT_AXE("the sprint station's project buttons");
    /* pip's button: the station's project, pressed. */
    EXPECT_EXEC("document.querySelectorAll('#projects button')[1].click();"
                " return 1;",
                "1");
    EXPECT_WAIT("return document.querySelectorAll('#projects button')[1]"
                ".getAttribute('aria-pressed');",
                "\"true\"", 10000);
    EXPECT_WAIT(HAS("text", "Now checking in to pip."), "true", 10000);
    /* A badge: checked in to pip. */
    char line[160];
    int n = snprintf(line, sizeof(line), "%s\n", tu_paid(db, "s.secret", 2));
    EXPECT_INT(write(p.in, line, (size_t)n), n);
    EXPECT_WAIT(HAS("text", "Checked in to pip for today."), "true", 10000);
    char name[256];
    snprintf(name, sizeof(name), "%s", tu_paid(db, "a.badge_name", 2));
    EXPECT_EXEC(tu_format("return document.getElementById('name').textContent"
                          " === '%s';",
                          name),
                "true");
    EXPECT_AXE("the sprint station after a check-in");
    wd_quit();
    EXPECT_INT(tu_stop(&p, 0, 10000, "sprint-buttons") == -1, 0);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE target ="
                              " 'sprint:pip' AND reason = 'sprint'"),
               1);
}
