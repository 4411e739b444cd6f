/* Acknowledgements (issue 55 item 3): `[admission] acknowledge = coc`
 * with an `[acknowledge coc]` section makes the desk ask "I have read the
 * Code of Conduct" once per person before checking them in.  Through the
 * real `checkin` command on an export in pretix's exporter's shape
 * (pretix_export.h): the description is checked and its changes said;
 * the desk's `--json` line asks it (type "A"); a decline admits nobody
 * and says why in one sentence; a yes is journaled with the admission,
 * its time and station, and not asked again at another desk on the same
 * file; the terminal takes it with one key, y or n, and the web page
 * with one tap; `checkin export
 * acknowledgements` lists it for the Code of Conduct team (0600). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ack_event.h"
#include "pretix_export.h"
#include "testutil.h"
#include "web_desk.h"
#include "webdriver.h"

static const char *scan_json(const char *db, const char *name, const char *code)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name %s"
                                       " --json --keyboard",
                                       db, name),
                             tu_format("%s\n", code), &out, &err),
               0);
    return out;
}

/* A section named nowhere, or a name without its section, is one
 * sentence; `checkin event` says the acknowledgement added and a
 * re-import keeps it asked (pretix's questions are re-read, not it). */
static void the_description_is_checked_and_its_changes_said(void)
{
    const char *ini = tu_path("bad.ini");
    FILE *f = fopen(ini, "w");
    REQUIRE(f);
    fputs(ack_ini, f);
    fputs("\n[admission]\nacknowledge = coc, photos\n"
          "\n[acknowledge coc]\ntitle = Code of Conduct\ntext = " COC_TEXT "\n",
          f);
    fclose(f);
    const char *out, *e;
    EXPECT_TRUE(tu_checkin(tu_format("init '%s' '%s'", tu_path("bad.db"), ini),
                           &out, &e) != 0);
    EXPECT_CONTAINS(e, "[admission] acknowledge names 'photos', which has "
                       "no [acknowledge photos] section");

    const char *db = ack_event("change", false);
    REQUIRE(db);
    f = fopen(tu_path("change.ini"), "a");
    REQUIRE(f);
    fputs(ack_coc, f);
    fclose(f);
    EXPECT_INT(
        tu_checkin(tu_format("event '%s' '%s'", db, tu_path("change.ini")),
                   &out, &e),
        0);
    EXPECT_CONTAINS(out, "acknowledgement coc: added");
    tu_checkin_want(0, "import '%s' '%s'", db, tu_path("change.json"));
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM question WHERE"
                              " identifier = 'ack:coc' AND ask = 'A' AND"
                              " required = 1 AND label = 'Code of Conduct'"
                              " AND detail = '" COC_TEXT "'"),
               1);
}

/* The desk asks Ada (--json: reason "question", type "A"); a decline
 * posted as the page posts it admits nobody and says why; a yes checks
 * her in with the acknowledgement journaled; another desk on the same
 * file asks her nothing; the export lists it, 0600. */
static void a_decline_admits_nobody_and_a_yes_is_journaled_once(void)
{
    const char *db = ack_event("web", true);
    REQUIRE(db);
    char ada[128];
    snprintf(ada, sizeof(ada), "%s", secret_of(db, "5001"));
    REQUIRE(ada[0]);
    const char *out = scan_json(db, "desk-j", ada);
    EXPECT_CONTAINS(out, "\"reason\":\"question\"");
    EXPECT_CONTAINS(
        out, "\"questions\":[{\"id\":\"ack:coc\",\"question\":\"" COC_TEXT
             "\",\"type\":\"A\",\"required\":true");

    int64_t id = tu_sql_int(db, "SELECT id FROM attendee WHERE ticket_id ="
                                " '5001'");
    struct web_desk w;
    REQUIRE(web_desk_start(&w, db, "desk-w"));
    REQUIRE(write(w.p.in, tu_format("%s\n", ada), strlen(ada) + 1) > 0);
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"question\""));
    web_desk_post(&w, tu_format("{\"kind\":\"answer\",\"id\":%lld,\"answers\":"
                                "{\"ack:coc\":\"no\"}}",
                                (long long)id));
    REQUIRE(web_desk_file_gets("web.err",
                               "Code of Conduct was not acknowledged, so this "
                               "person is not checked in"));
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE decision ="
                              " 'admit'"),
               0);
    web_desk_post(&w, tu_format("{\"kind\":\"answer\",\"id\":%lld,\"answers\":"
                                "{\"ack:coc\":\"yes\"}}",
                                (long long)id));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"checked-in\""));
    tu_stop(&w.p, 0, 20000, "the station");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE decision ="
                              " 'admit' AND station = 'desk-w' AND answers ="
                              " '{\"ack:coc\":\"True\"}'"),
               1);

    out = scan_json(db, "desk-2", ada);
    EXPECT_CONTAINS(out, "\"reason\":\"already-checked-in\"");
    EXPECT_NOT_CONTAINS(out, "\"questions\":[{");

    const char *csv = tu_path("acks.csv");
    tu_checkin_want(0, "export '%s' acknowledgements --format csv --out '%s'",
                    db, csv);
    struct stat st;
    REQUIRE(stat(csv, &st) == 0);
    EXPECT_INT(st.st_mode & 0777, 0600);
    char *text = tu_read_file(csv, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "acknowledgement,title,answer,ticket_id,order_code,"
                          "given_name,family_name,email,at,station");
    EXPECT_CONTAINS(text, "coc,Code of Conduct,yes,5001,QA001,");
    EXPECT_CONTAINS(text, ",desk-w");
    EXPECT_NOT_CONTAINS(text, "5002");
    free(text);
}

/* The terminal's full-screen display: n alone says why Ada is not
 * checked in; scanned again, y alone checks her in. */
static void the_terminal_takes_it_with_one_key(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    char db[512], ada[128], grace[128];
    snprintf(db, sizeof(db), "%s", ack_event("tmux", true));
    REQUIRE(db[0]);
    snprintf(ada, sizeof(ada), "%s", secret_of(db, "5001"));
    snprintf(grace, sizeof(grace), "%s", secret_of(db, "5002"));
    /* The shortest cooldown: Ada's code again, a few keys later, is a
     * new presentation (at the default 3 s it would be the one already
     * decided). */
    tu_tmux_station(db, "--station desk --name desk-t --cooldown 0.05");
    tu_tmux_keys(tu_format("'%s' Enter", ada));
    free(tu_tmux_wait_for("(question)", "ACKNOWLEDGE 1 of 1"));
    tu_tmux_keys("n");
    free(tu_tmux_wait_for("was not acknowledged"));
    tu_tmux_keys(tu_format("'%s' Enter", grace));
    free(tu_tmux_wait_for("Grace Hopper", "ACKNOWLEDGE 1 of 1"));
    tu_tmux_keys("y");
    free(tu_tmux_wait_for("(checked-in)", "Checked in: 1"));
    tu_tmux_keys(tu_format("'%s' Enter", ada));
    free(tu_tmux_wait_for("Ada Lovelace", "ACKNOWLEDGE 1 of 1"));
    tu_tmux_keys("y");
    free(tu_tmux_wait_for("(checked-in)", "Checked in: 2"));
    tu_tmux_quit();
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE decision ="
                              " 'admit' AND station = 'desk-t' AND answers ="
                              " '{\"ack:coc\":\"True\"}'"),
               2);
}

/* The desk's web page in Chromium: the acknowledgement's text with
 * two buttons; one tap on "They have read it" checks Ada in. */
static void the_web_page_takes_it_with_one_tap(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    char db[512], ada[128];
    snprintf(db, sizeof(db), "%s", ack_event("page", true));
    REQUIRE(db[0]);
    snprintf(ada, sizeof(ada), "%s", secret_of(db, "5001"));
    struct web_desk w;
    REQUIRE(web_desk_start(&w, db, "desk-p"));
    if (wd_start(tu_path("page-profile")) != 0 || wd_get(w.url) != 0) {
        TU_FAIL_AT("Chromium did not open %s", w.url);
        wd_quit();
        tu_stop(&w.p, 0, 20000, "the station");
        return;
    }
    EXPECT_WAIT("return document.getElementById('status').textContent;",
                "\"connected\"", 20000);
    REQUIRE(write(w.p.in, tu_format("%s\n", ada), strlen(ada) + 1) > 0);
    EXPECT_WAIT("return !document.getElementById('ask-panel').hidden &&"
                " [...document.querySelectorAll('#ask-fields .ask')]"
                ".map((r) => r.querySelector('label').textContent + ':' +"
                " r.querySelectorAll('button').length).join('|');",
                "\"" COC_TEXT ":2\"", 20000);
    EXPECT_TRUE(wd_do("document.querySelector('#ask-fields"
                      " .ask-ack[data-value=yes]').click(); return 1;"));
    REQUIRE(web_desk_file_gets("web.out", "\"reason\":\"checked-in\""));
    wd_quit();
    tu_stop(&w.p, 0, 20000, "the station");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE decision ="
                              " 'admit' AND station = 'desk-p' AND answers ="
                              " '{\"ack:coc\":\"True\"}'"),
               1);
}

TU_MAIN(TU_CASE(the_description_is_checked_and_its_changes_said),
        TU_CASE(a_decline_admits_nobody_and_a_yes_is_journaled_once),
        TU_CASE(the_terminal_takes_it_with_one_key),
        TU_CASE(the_web_page_takes_it_with_one_tap))
