/* The phones' pages in the station's language (issue 53), through the
 * real `checkin` and one real Chromium: a phone's /scan page at a door
 * whose station runs in Spanish says its ready screen, its verdicts and
 * its buttons in Spanish, with the page's lang and dir, and the person's
 * own sentence under the verdict in their order's language (Japanese),
 * marked as such; a sponsor's /booth page at an expo station in Hindi
 * says its words in Hindi (its own /api/booth/messages).  The door's
 * page opened again while its station is away keeps its Spanish (the
 * service worker keeps the words with the page's files).  The reads are
 * sent as the page sends a code it decoded (no camera: what is looked
 * at is the words, not the decoding, test_phone's). */
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "webdriver.h"

#define CLOCK "--clock '2027-05-12 09:00'"
#define TEXT_OF(id) "return document.getElementById('" id "').textContent;"
#define PAGE_LANG                                                              \
    "return [document.documentElement.lang, document.documentElement.dir, "    \
    "document.title];"

static const char CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id,tutorials\n"
    "PHN01,paid,Grace,Hopper,grace@example.com,individual,"
    "gggggggggggggggggggggggggggggggg,92001,pandas-intro\n";

/* The door's event, Grace's order in Japanese (as a pretix export says
 * it), and the code of her tutorial ticket in `code`; false after
 * failing the test. */
static bool door_event(const char *db, char *code, size_t cap)
{
    if (tu_write_file(tu_path("door.csv"), CSV, strlen(CSV)) != 0 ||
        tu_event(db, tu_demo_event_ini(), NULL, tu_path("door.csv")))
        return false;
    sqlite3 *h = NULL;
    char *why = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "UPDATE attendee SET locale = 'ja' WHERE ticket_id = "
                     "'92001';",
                     NULL, NULL, &why) != SQLITE_OK) {
        TU_FAIL_AT("setting the locale: %s", why ? why : sqlite3_errmsg(h));
        sqlite3_free(why);
        sqlite3_close(h);
        return false;
    }
    sqlite3_close(h);
    const char *out, *err;
    if (tu_checkin(tu_format("issue '%s' PHN01 --tutorial pandas-intro", db),
                   &out, &err) != 0) {
        TU_FAIL_AT("checkin issue: %s", err);
        return false;
    }
    snprintf(code, cap, "%.*s", (int)strcspn(out, "\n"), out);
    return true;
}

/* `checkin --lang LANG scan DB --station KIND ...` with --web as its only
 * input; the link it prints after `said` in *link. */
static bool station(struct tu_proc *p, const char *lang, const char *db,
                    const char *kind, const char *said, struct tu_link *link)
{
    const char *err = tu_path(tu_format("%s-%s.err", lang, kind));
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' --lang %s scan '%s' --station %s --name %s-1 --json "
             "--offline --cooldown 0.05 " CLOCK
             " --web 127.0.0.1:0 >'%s' 2>'%s' </dev/null",
             CHECKIN_BIN, lang, db, kind, lang,
             tu_path(tu_format("%s-%s.out", lang, kind)), err);
    return tu_serve(p, cmd, err, said, "the station", link);
}

static void station_stop(struct tu_proc *p)
{
    int status = tu_stop(p, SIGTERM, 10000, "the station");
    if (status != -1)
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The door's /scan page, its station in Spanish. */
static void scan_page(const char *url, const char *code)
{
    REQUIRE(wd_get(url) == 0);
    EXPECT_WAIT(TEXT_OF("word"), "\"Listo\"", 10000);
    EXPECT_EXEC(PAGE_LANG, "[\"es\",\"ltr\",\"checkin: escanear\"]");
    EXPECT_EXEC(TEXT_OF("text"),
                "\"Pon una credencial o entrada en el recuadro.\"");
    /* The page's buttons, the camera's light and the question panel's,
     * in Spanish though not shown yet. */
    EXPECT_EXEC("return ['torch', 'ask-yes', 'ask-no'].map((id) => "
                "document.getElementById(id).textContent);",
                "[\"Luz\",\"Dejar entrar con estas respuestas\","
                "\"Cancelar\"]");
    /* Reads go to the station once the codes kept on the phone are
     * counted (none). */
    EXPECT_WAIT("return window.checkinScan.keptSaid;", "0", 10000);
    EXPECT_TRUE(wd_do(tu_format("send(newRead('%s')); return 1;", code)));
    EXPECT_WAIT(TEXT_OF("word"), "\"ADMITIDO\"", 10000);
    /* Grace's own sentence, in her order's Japanese, under the door's
     * Spanish one; the page stays Spanish. */
    EXPECT_EXEC("const g = document.getElementById('guest');"
                "return [g.hidden, g.lang, g.textContent, "
                "document.documentElement.lang];",
                "[false,\"ja\",\"ようこそ！どうぞお入りください。\",\"es\"]");
    if (wd_axe_js())
        EXPECT_AXE("/scan in Spanish, the person's line in Japanese");
    wd_screenshot(tu_path("scan-es.png"));
    /* Her ticket again: already inside, a warning in Spanish, hers in
     * Japanese. */
    EXPECT_TRUE(wd_do(tu_format("send(newRead('%s')); return 1;", code)));
    EXPECT_WAIT(TEXT_OF("word"), "\"AVISO\"", 10000);
    EXPECT_EXEC("const g = document.getElementById('guest');"
                "return [g.lang, g.textContent];",
                "[\"ja\",\"少々お待ちください。スタッフがご案内します。\"]");
    /* Four seconds on, ready again, the person's line gone. */
    EXPECT_WAIT(TEXT_OF("word"), "\"Listo\"", 10000);
    EXPECT_EXEC("return document.getElementById('guest').hidden;", "true");
}

/* The same door's /scan page, its station in Hindi (issue 53's "a phone
 * at a door in Hindi"): Grace, inside since the Spanish door let her in,
 * is warned in Hindi, her own line still in her order's Japanese. */
static void scan_page_in_hindi(const char *url, const char *code)
{
    REQUIRE(wd_get(url) == 0);
    EXPECT_WAIT(TEXT_OF("word"), "\"तैयार\"", 10000);
    EXPECT_EXEC(PAGE_LANG, "[\"hi\",\"ltr\",\"checkin: स्कैन\"]");
    EXPECT_EXEC(TEXT_OF("text"), "\"बैज या टिकट फ़्रेम में रखें।\"");
    EXPECT_EXEC(TEXT_OF("torch"), "\"रोशनी\"");
    EXPECT_WAIT("return window.checkinScan.keptSaid;", "0", 10000);
    EXPECT_TRUE(wd_do(tu_format("send(newRead('%s')); return 1;", code)));
    EXPECT_WAIT(TEXT_OF("word"), "\"चेतावनी\"", 10000);
    EXPECT_EXEC("const g = document.getElementById('guest');"
                "return [g.lang, g.textContent, "
                "document.documentElement.lang];",
                "[\"ja\",\"少々お待ちください。スタッフがご案内します。\","
                "\"hi\"]");
    if (wd_axe_js())
        EXPECT_AXE("/scan in Hindi, the person's line in Japanese");
    wd_screenshot(tu_path("scan-hi.png"));
}

/* The expo station's booth link for `sponsor`, printed by `checkin expo
 * tokens` for its port; false after failing the test. */
static bool booth_link(const char *xdb, int port, char *link, size_t cap)
{
    const char *out, *err;
    if (tu_checkin(
            tu_format("expo tokens '%s' --url http://127.0.0.1:%d", xdb, port),
            &out, &err) != 0) {
        TU_FAIL_AT("checkin expo tokens: %s", err);
        return false;
    }
    const char *at = strstr(out, "/booth/?token=");
    if (!at) {
        TU_FAIL_AT("no booth link in: %s", out);
        return false;
    }
    snprintf(link, cap, "http://127.0.0.1:%d%.*s", port,
             (int)strcspn(at, " \n"), at);
    return true;
}

/* A sponsor's /booth page, the expo station in Hindi. */
static void booth_page(const char *url)
{
    REQUIRE(wd_get(url) == 0);
    EXPECT_WAIT(TEXT_OF("word"), "\"तैयार\"", 10000);
    EXPECT_EXEC(PAGE_LANG, "[\"hi\",\"ltr\",\"checkin: बूथ\"]");
    EXPECT_EXEC("return [document.querySelector('#show-leads span')"
                ".textContent, document.querySelector('#leads h2')"
                ".textContent, document.getElementById('new-tag')"
                ".placeholder, document.getElementById('stars')"
                ".getAttribute('aria-label')];",
                "[\"लीड\",\"आपकी लीड\",\"दूसरा टैग\",\"रेटिंग\"]");
    if (wd_axe_js())
        EXPECT_AXE("/booth in Hindi");
    wd_screenshot(tu_path("booth-hi.png"));
}

/* One browser: a door's phone in Spanish, the same door's in Hindi, then
 * a booth's in Hindi. */
static void the_phones_pages_speak_the_stations_language(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    const char *db = tu_path("door.db");
    char code[256];
    REQUIRE(door_event(db, code, sizeof(code)));
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(
        station(&p, "es", db, "door:pandas-intro", "Phones scan at: ", &link));
    if (wd_start(tu_path("profile")) != 0) {
        TU_FAIL_AT("chromium did not start");
        station_stop(&p);
        return;
    }
    EXPECT_INT(wd_window(390, 844), 0);
    scan_page(link.url, code);
    /* The door away (its laptop asleep): the phone opens the page again
     * from its service worker's copy, in Spanish still, the words kept
     * with the page's files. */
    EXPECT_WAIT("return !!(window.checkinScan && "
                "window.checkinScan.pagesKept);",
                "true", 30000);
    station_stop(&p);
    EXPECT_INT(wd_get(link.url), 0);
    EXPECT_WAIT(PAGE_LANG, "[\"es\",\"ltr\",\"checkin: escanear\"]", 10000);
    EXPECT_EXEC(TEXT_OF("torch"), "\"Luz\"");

    /* The same door run by a Hindi-speaking volunteer. */
    if (station(&p, "hi", db, "door:pandas-intro", "Phones scan at: ", &link)) {
        scan_page_in_hindi(link.url, code);
        station_stop(&p);
    }

    const char *xdb = tu_path("expo.db");
    const char *out, *err;
    if (tu_checkin(tu_format("station-db '%s' expo '%s'", db, xdb), &out,
                   &err) != 0)
        TU_FAIL_AT("checkin station-db: %s", err);
    else if (station(&p, "hi", xdb, "expo", "Station screen: ", &link)) {
        char url[512];
        if (booth_link(xdb, link.port, url, sizeof(url)))
            booth_page(url);
        station_stop(&p);
    }
    wd_quit();
}

TU_MAIN(TU_CASE(the_phones_pages_speak_the_stations_language))
