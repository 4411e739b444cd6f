/* Pre-printed badges through the hub (issue 55; hub format 27): a real
 * PostgreSQL hub (pgserver.h, hubfix.h) and the real `checkin` commands.
 * The organizer pre-prints the demo event into 20 boxes after two desks
 * were enrolled; its sync sends the places, and each desk's sync takes
 * them: desk-1's web screen sends Ada to her box and takes the
 * volunteer's hand-over; after the syncs desk-2 refuses a second pick-up
 * with when and where ("at desk-1"), and the organizer's uncollected
 * report leaves her out.  A hub still at format 26 takes a desk's sync
 * without its hand-over, which waits in the file and goes once the
 * organizer's sync has upgraded the hub; `hub status` names a desk of an
 * older checkin with what it misses.  The desks' web pages in Chromium:
 * the box in large type and one tap to hand the badge over; the other
 * desk's page, after the syncs, the box crossed out and no button. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hubfix.h"
#include "older_hubs.h"
#include "pgserver.h"
#include "testutil.h"
#include "web_desk.h"
#include "webdriver.h"

/* What the first case's run_at_hub made, kept as a template for the
 * others: the hub database "hub_pretpl" and the files, or nothing. */
static struct {
    bool made;
    char ev[512], d1[512], d2[512];
} kept;

/* Keep `ev`, its hub `hub` and the desks' files `d1` and `d2` as the
 * template.  Not kept (each case runs its own) when the hub cannot be
 * copied, such as when a backend of the run has not yet gone. */
static void keep(const char *ev, const char *hub, const char *d1,
                 const char *d2)
{
    if (pgserver_exec(
            "postgres",
            tu_format("CREATE DATABASE hub_pretpl TEMPLATE \"%s\"", hub)) != 0)
        return;
    snprintf(kept.ev, sizeof(kept.ev), "%s",
             hubfix_copy_event(ev, "pretpl.db", "hub_pretpl"));
    snprintf(kept.d1, sizeof(kept.d1), "%s",
             hubfix_copy_station(d1, "pretpl-desk-1.db", "hub_pretpl"));
    snprintf(kept.d2, sizeof(kept.d2), "%s",
             hubfix_copy_station(d2, "pretpl-desk-2.db", "hub_pretpl"));
    kept.made = true;
}

/* The demo event at a fresh hub "hub_NAME", its signing key beside it,
 * with desk-1 and desk-2 enrolled before the run (their files in d1,
 * d2), then pre-printed into 20 boxes; the hub's database in *hub.  The
 * first case enrols the desks and makes the run; the later ones start
 * from a copy of what it made (hub database and files), as no case but
 * the first checks the run or an enrolment. */
static const char *run_at_hub(const char *name, const char **hub, char *d1,
                              char *d2, size_t cap)
{
    static char hubs[4][64];
    static int next;
    char *h = hubs[next++ % 4];
    snprintf(h, sizeof(hubs[0]), "hub_%s", name);
    *hub = h;
    const char *ev;
    bool copied =
        kept.made &&
        pgserver_exec("postgres", tu_format("CREATE DATABASE \"%s\" TEMPLATE"
                                            " hub_pretpl",
                                            h)) == 0;
    if (copied) {
        ev = hubfix_copy_event(kept.ev, tu_format("%s.db", name), h);
        snprintf(
            d1, cap, "%s",
            hubfix_copy_station(kept.d1, tu_format("%s-desk-1.db", name), h));
        snprintf(
            d2, cap, "%s",
            hubfix_copy_station(kept.d2, tu_format("%s-desk-2.db", name), h));
    } else {
        ev = hubfix_event(name, NULL, hub);
        snprintf(d1, cap, "%s",
                 hubfix_station(ev, "desk-1", "desk",
                                tu_format("%s-desk-1.db", name)));
        snprintf(d2, cap, "%s",
                 hubfix_station(ev, "desk-2", "desk",
                                tu_format("%s-desk-2.db", name)));
    }
    if (chmod(tu_copy(tu_path("event.key"), tu_format("%s.key", name)), 0600) !=
        0)
        TU_FAIL_AT("cannot copy the key");
    if (copied)
        return ev;
    int failed = tu_failures;
    tu_checkin_want(0,
                    "badge '%s' --all --sort family-name --boxes 20 --out"
                    " '%s'",
                    ev, tu_path(tu_format("%s-run.pdf", name)));
    if (tu_failures == failed && !kept.made)
        keep(ev, *hub, d1, d2);
    return ev;
}

/* The first ticket of the run's box `box` (by position) and its code. */
static void first_of_box(const char *ev, char *ticket, char *secret, size_t cap)
{
    snprintf(ticket, cap, "%s",
             tu_sql_text(ev, "SELECT ticket_id FROM preprint ORDER BY box,"
                             " position LIMIT 1 OFFSET 5"));
    snprintf(secret, cap, "%s",
             tu_sql_text(ev, tu_format("SELECT s.secret FROM ticket_secret s"
                                       " JOIN attendee a ON a.id ="
                                       " s.attendee_id WHERE a.ticket_id ="
                                       " '%s' LIMIT 1",
                                       ticket)));
}

static const char *desk_args(const char *name)
{
    return tu_format(
        "%s --printer 'file:%s' --model QL-800 --media 62x100", name,
        tu_path(tu_format("%.*s.prn", (int)strcspn(name, " "), name)));
}

/* Desk file `db`'s web screen: `secret` scanned, the screen says
 * `says_`; then the volunteer's hand-over posted as the page posts it,
 * and the desk's sentence `said_` waited for. */
static void at_desk(const char *db, const char *name, const char *secret,
                    const char *says_, const char *said_)
{
    char says[256], said[256]; /* tu_format's, reused by the calls below */
    snprintf(says, sizeof(says), "%s", says_);
    snprintf(said, sizeof(said), "%s", said_);
    struct web_desk w;
    REQUIRE(web_desk_start(&w, db, desk_args(name)));
    const char *line = tu_format("%s\n", secret);
    REQUIRE(write(w.p.in, line, strlen(line)) == (ssize_t)strlen(line));
    EXPECT_TRUE(web_desk_file_gets("web.out", says));
    long long id = tu_sql_int(
        db, tu_format("SELECT a.id FROM attendee a JOIN ticket_secret s ON"
                      " s.attendee_id = a.id WHERE s.secret = '%s'",
                      secret));
    web_desk_post(&w, tu_format("{\"kind\":\"group\",\"id\":%lld}", id));
    EXPECT_TRUE(web_desk_file_gets("web.err", said));
    tu_stop(&w.p, 0, 20000, name);
}

static void a_run_and_its_hand_overs_reach_every_desk(void)
{
    const char *hub;
    char d1[512], d2[512];
    const char *ev = run_at_hub("boxhub", &hub, d1, d2, sizeof(d1));
    long long all = tu_sql_int(ev, "SELECT count(*) FROM preprint");
    REQUIRE(all > 40);
    char ticket[128], secret[128];
    first_of_box(ev, ticket, secret, sizeof(ticket));
    REQUIRE(ticket[0] && secret[0]);
    char box[64];
    snprintf(box, sizeof(box), "%s",
             tu_sql_text(ev, tu_format("SELECT box || ', #' || position FROM"
                                       " preprint WHERE ticket_id = '%s'",
                                       ticket)));

    /* The organizer's sync sends the places (the run's own publishing may
     * have sent them already); the desks' take them. */
    const char *said = tu_checkin_want(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.preprint"
                                 " WHERE box IS NOT NULL"),
               all);
    said = tu_checkin_want(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, tu_format("%lld pre-printed badges' places", all));
    tu_checkin_want(0, "sync '%s'", d2);
    EXPECT_INT(tu_sql_int(d2, "SELECT count(*) FROM preprint"), all);
    EXPECT_STR(tu_sql_text(d2, tu_format("SELECT box || ', #' || position"
                                         " FROM preprint WHERE ticket_id ="
                                         " '%s'",
                                         ticket)),
               box);
    /* Nothing changed: nothing sent again. */
    said = tu_checkin_want(0, "sync '%s'", ev);
    EXPECT_NOT_CONTAINS(said, "places");

    /* desk-1 sends the person to the box and hands the badge over. */
    at_desk(d1, "desk-1", secret, tu_format("Pre-printed: box %s.", box),
            tu_format("Handed over: the pre-printed badge from box %s.", box));
    /* (The desk's live sync may have sent it already.) */
    tu_checkin_want(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, tu_format("SELECT count(*) FROM"
                                           " checkin.handover WHERE"
                                           " ticket_id = '%s' AND station ="
                                           " 'desk-1'",
                                           ticket)),
               1);

    /* desk-2 learns it: a second pick-up is refused with when and where. */
    tu_checkin_want(0, "sync '%s'", d2);
    EXPECT_STR(tu_sql_text(d2, tu_format("SELECT handed_station FROM preprint"
                                         " WHERE ticket_id = '%s'",
                                         ticket)),
               "desk-1");
    at_desk(d2, "desk-2", secret, "Already handed over at ", " at desk-1.");
    EXPECT_TRUE(web_desk_file_gets(
        "web.out", tu_format(" at desk-1 (pre-printed, box %s).", box)));
    /* desk-2 sends back nothing it learned. */
    said = tu_checkin_want(0, "sync '%s'", d2);
    EXPECT_NOT_CONTAINS(said, "handed over");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.handover"), 1);

    /* The organizer's report knows it too. */
    tu_checkin_want(0, "sync '%s'", ev);
    const char *out = tu_checkin_want(0, "report '%s' uncollected", ev);
    EXPECT_CONTAINS(out, tu_format("%lld of %lld pre-printed badges never "
                                   "collected.",
                                   all - 1, all));
    EXPECT_NOT_CONTAINS(out, tu_format("(%s)", ticket));
}

/* The hub is taken back to format 26 after the places reached the desks
 * (as a hub not yet upgraded holds them: nowhere).  desk-1's hand-over
 * waits in its file through its sync, and goes once the organizer's sync
 * has upgraded the hub; `hub status` names a desk that knows format 26
 * with what it misses. */
static void a_hand_over_waits_for_an_older_hub(void)
{
    const char *hub;
    char d1[512], d2[512];
    const char *ev = run_at_hub("boxold", &hub, d1, d2, sizeof(d1));
    char ticket[128], secret[128];
    first_of_box(ev, ticket, secret, sizeof(ticket));
    REQUIRE(ticket[0] && secret[0]);
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", d1);
    tu_checkin_want(0, "sync '%s'", d2);
    REQUIRE(pgserver_exec(hub, FORMAT26_HUB) == 0);

    at_desk(d1, "desk-1", secret, "Pre-printed: box ",
            "Handed over: the pre-printed badge from box ");
    const char *said = tu_checkin_want(0, "sync '%s'", d1);
    EXPECT_NOT_CONTAINS(said, "handed over");
    EXPECT_INT(tu_sql_int(d1, "SELECT count(*) FROM sync_handover"), 0);

    /* desk-2's checkin knows format 26: hub status says what it misses. */
    tu_checkin_want(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 26, last_seen = now() WHERE name ="
                               " 'desk-2'") == 0);
    said = tu_checkin_want(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-2 runs an older checkin (it knows hub format"
                          " 26): it prints the badges the organizer"
                          " pre-printed");

    said = tu_checkin_want(0, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "1 pre-printed badge handed over");
    tu_checkin_want(0, "sync '%s'", d2);
    EXPECT_STR(tu_sql_text(d2, tu_format("SELECT handed_station FROM preprint"
                                         " WHERE ticket_id = '%s'",
                                         ticket)),
               "desk-1");
}

/* Desk file `db`'s web page in Chromium, its status `status` (the desk's
 * "connected", the kiosk's "ready"); false (the station stopped, a
 * failure recorded) when Chromium did not open it. */
static bool page_open(struct web_desk *w, const char *db, const char *name,
                      const char *status)
{
    if (!web_desk_start(w, db, desk_args(name)))
        return false;
    if (wd_start(tu_path(
            tu_format("%.*s-profile", (int)strcspn(name, " "), name))) != 0 ||
        wd_get(w->url) != 0) {
        TU_FAIL_AT("Chromium did not open %s", w->url);
        wd_quit();
        tu_stop(&w->p, 0, 20000, name);
        return false;
    }
    EXPECT_WAIT("return document.getElementById('status').textContent;",
                tu_format("\"%s\"", status), 20000);
    return true;
}

#define PREPRINT_SHOWN                                                         \
    "const p = document.getElementById('preprint');"                           \
    " const b = document.getElementById('preprint-yes');"                      \
    " return (p.hidden ? 'hidden' : p.textContent) + '|' +"                    \
    " p.classList.contains('handed') + '|' + (b.hidden ? 'no button' :"        \
    " 'button');"

static void the_web_page_hands_over_with_one_tap(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    const char *hub;
    char d1[512], d2[512];
    const char *ev = run_at_hub("boxweb", &hub, d1, d2, sizeof(d1));
    char ticket[128], secret[128], box[64], pos[16];
    first_of_box(ev, ticket, secret, sizeof(ticket));
    REQUIRE(ticket[0] && secret[0]);
    snprintf(box, sizeof(box), "%s",
             tu_sql_text(ev, tu_format("SELECT box FROM preprint WHERE"
                                       " ticket_id = '%s'",
                                       ticket)));
    snprintf(pos, sizeof(pos), "%s",
             tu_sql_text(ev, tu_format("SELECT position FROM preprint WHERE"
                                       " ticket_id = '%s'",
                                       ticket)));
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", d1);
    tu_checkin_want(0, "sync '%s'", d2);

    struct web_desk w;
    REQUIRE(page_open(&w, d1, "desk-1", "connected"));
    char line[160];
    snprintf(line, sizeof(line), "%s\n", secret);
    REQUIRE(write(w.p.in, line, strlen(line)) == (ssize_t)strlen(line));
    EXPECT_WAIT(
        PREPRINT_SHOWN,
        tu_format("\"Pre-printed: box %s, #%s|false|button\"", box, pos),
        20000);
    wd_screenshot(tu_path("preprint-offer.png"));
    EXPECT_TRUE(wd_do("document.getElementById('preprint-yes').click();"
                      " return 1;"));
    EXPECT_WAIT("return document.getElementById('messages').textContent;",
                tu_format("\"Handed over: the pre-printed badge from box %s,"
                          " #%s.\"",
                          box, pos),
                20000);
    EXPECT_EXEC("return document.getElementById('preprint-yes').hidden;",
                "true");
    wd_quit();
    tu_stop(&w.p, 0, 20000, "desk-1");
    EXPECT_STR(tu_sql_text(d1, tu_format("SELECT handed_station FROM preprint"
                                         " WHERE ticket_id = '%s'",
                                         ticket)),
               "desk-1");

    /* desk-2's page, after the syncs: crossed out, nothing to tap. */
    tu_checkin_want(0, "sync '%s'", d1);
    tu_checkin_want(0, "sync '%s'", d2);
    REQUIRE(page_open(&w, d2, "desk-2", "connected"));
    REQUIRE(write(w.p.in, line, strlen(line)) == (ssize_t)strlen(line));
    EXPECT_WAIT(
        PREPRINT_SHOWN,
        tu_format("\"Pre-printed: box %s, #%s|true|no button\"", box, pos),
        20000);
    EXPECT_WAIT("return document.getElementById('text').textContent"
                ".includes(' at desk-1 (pre-printed, box ');",
                "true", 20000);
    wd_screenshot(tu_path("preprint-handed.png"));
    wd_quit();
    tu_stop(&w.p, 0, 20000, "desk-2");
}

/* The self check-in kiosk, a desk file enrolled at the hub: a person
 * whose badge waits in a box is checked in and sent to the desk with the
 * box ("Your badge is ready at the desk: box L-M."), nothing printed; the
 * desk then hands it over as for a second scan. */
static void the_kiosk_sends_a_pre_printed_attendee_to_the_box(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    const char *hub;
    char d1[512], d2[512];
    const char *ev = run_at_hub("boxkiosk", &hub, d1, d2, sizeof(d1));
    char ticket[128], secret[128], box[64];
    first_of_box(ev, ticket, secret, sizeof(ticket));
    REQUIRE(ticket[0] && secret[0]);
    snprintf(box, sizeof(box), "%s",
             tu_sql_text(ev, tu_format("SELECT box FROM preprint WHERE"
                                       " ticket_id = '%s'",
                                       ticket)));
    tu_checkin_want(0, "sync '%s'", ev);
    tu_checkin_want(0, "sync '%s'", d1);

    struct web_desk w;
    REQUIRE(page_open(&w, d1, "desk-1 --kiosk", "ready"));
    char line[160];
    snprintf(line, sizeof(line), "%s\n", secret);
    REQUIRE(write(w.p.in, line, strlen(line)) == (ssize_t)strlen(line));
    EXPECT_WAIT("return document.getElementById('text').textContent;",
                tu_format("\"Your badge is ready at the desk: box %s.\"", box),
                20000);
    EXPECT_EXEC("return document.getElementById('print').textContent;", "\"\"");
    wd_screenshot(tu_path("preprint-kiosk.png"));
    wd_quit();
    tu_stop(&w.p, 0, 20000, "the kiosk");
    EXPECT_INT(tu_sql_int(d1, "SELECT count(*) FROM print_job"), 0);
    EXPECT_INT(tu_sql_int(d1, tu_format("SELECT count(*) FROM preprint WHERE"
                                        " ticket_id = '%s' AND handed_at_ms"
                                        " IS NULL",
                                        ticket)),
               1);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_run_and_its_hand_overs_reach_every_desk),
        TU_CASE(a_hand_over_waits_for_an_older_hub),
        TU_CASE(the_web_page_hands_over_with_one_tap),
        TU_CASE(the_kiosk_sends_a_pre_printed_attendee_to_the_box),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
