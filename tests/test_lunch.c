/* The caterer's lunch count (issue 56 item 4, report/lunch.c) through the
 * real `checkin`: a pretix export with a dietary question, a lunch list
 * and a morning door, and three days whose arrivals and lunches are
 * scanned by real stations at chosen clocks, so that the projection's
 * right answer is known:
 *
 * 20 people each day.  Days 1 and 2: 10 seen at 09:00 (2 vegan, 8
 * "none"), 10 at 11:00 (2 vegan, 4 "none", 4 without an answer); all 4
 * vegans take lunch both days, 12 of the 16 others on day 1 and 8 on day
 * 2.  Day 3 at 10:00: the 10 of 09:00 seen at 09:30.  So by 10:00 the
 * earlier days had seen half their people; the standard meal's take-up
 * is 20/32 and the vegans' 8/8: day 3 needs 8 / 0.5 * 20/32 = 10
 * standard meals and 2 / 0.5 * 1 = 4 vegan ones, 14.  Day 2 projected
 * from day 1 alone at 10:00: 8 / 0.5 * 12/16 + 4 = 16, and 12 took it. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "pretix_export.h"
#include "testutil.h"
#include "webdriver.h"

/* 2024-05-17 10:00, 2024-05-16 10:00 and 2024-05-17 08:00 in New York
 * (EDT). */
#define DAY3_10AM "1715954400000"
#define DAY2_10AM "1715868000000"
#define DAY3_8AM "1715947200000"
/* 2024-05-17 15:00 in New York. */
#define DAY3_3PM "1715972400000"

static const char INI[] = "[event]\n"
                          "slug = pycon-lunch-2024\n"
                          "name = PyCon Lunch 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[list hall]\n"
                          "title = Hall\n"
                          "all = yes\n"
                          "once = per-day\n"
                          "\n"
                          "[list lunch]\n"
                          "title = Lunch\n"
                          "all = yes\n"
                          "once = per-day\n"
                          "show = question:dietary\n";

/* Person i (1 to 20): vegan for 1-4, "none" for 5-16, no answer after. */
static const char *code_of(int i)
{
    return tu_format("lunchticket%02d", i);
}

/* The event without scans: init from INI, the export imported. */
static const char *lunch_event(const char *name)
{
    struct px_event *e = px_event_new("PyCon Lunch 2024", "pycon-lunch-2024");
    if (!e)
        return NULL;
    px_item(e, 101, "Conference", true, "100.00");
    /* Not asked at the desk: it is answered in the shop. */
    px_question(e, 42, "dietary", "Dietary needs", "S");
    for (int i = 1; i <= 20; i++) {
        struct px_order *o = px_order(e, px_str(e, tu_format("LU%03d", i)), 'p',
                                      "lunch@example.com");
        struct px_position *p = px_position(
            o, 6000 + i, 101, 0, px_str(e, tu_format("Person %02d", i)), 0);
        p->secret = px_str(e, code_of(i));
        if (i <= 16)
            px_answer(p, 42, i <= 4 ? "vegan" : "none");
    }
    const char *exp = tu_path(tu_format("%s.json", name));
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *key = tu_path(tu_format("%s.key", name));
    const char *db = tu_path(tu_format("%s.db", name));
    unlink(db);
    int bad = px_write(e, exp) || tu_write_file(ini, INI, strlen(INI));
    px_free(e);
    if (bad || tu_event(db, ini, key, exp))
        return NULL;
    return db;
}

/* One station run at `clock` scanning people `from` to `to` (and, when
 * `also_from`, those to `also_to`); every one of them admitted. */
static bool batch(const char *db, const char *station, const char *clock,
                  int from, int to, int also_from, int also_to)
{
    char in[1024] = "";
    int n = 0;
    for (int i = 1; i <= 20; i++)
        if ((i >= from && i <= to) || (i >= also_from && i <= also_to)) {
            size_t len = strlen(in);
            snprintf(in + len, sizeof(in) - len, "%s\n", code_of(i));
            n++;
        }
    const char *out, *err;
    if (tu_checkin_in(tu_format("scan '%s' --station %s --keyboard --json "
                                "--clock '%s'",
                                db, station, clock),
                      in, &out, &err) != 0) {
        TU_FAIL_AT("scan at %s %s: %s", station, clock, err);
        return false;
    }
    int admitted = 0;
    for (const char *p = out; (p = strstr(p, "\"decision\":\"admit\"")); p++)
        admitted++;
    if (admitted != n) {
        TU_FAIL_AT("%s at %s admitted %d of %d: %s", station, clock, admitted,
                   n, out);
        return false;
    }
    return true;
}

/* The fixture of the header: days 1 and 2 whole, day 3 until 09:30. */
static const char *three_days(const char *name)
{
    const char *db = lunch_event(name);
    if (!db)
        return NULL;
    bool ok = batch(db, "desk", "2024-05-15 09:00", 1, 2, 5, 12) &&
              batch(db, "desk", "2024-05-15 11:00", 3, 4, 13, 20) &&
              batch(db, "door:lunch", "2024-05-15 12:30", 1, 16, 0, 0) &&
              batch(db, "door:hall", "2024-05-16 09:00", 1, 2, 5, 12) &&
              batch(db, "door:hall", "2024-05-16 11:00", 3, 4, 13, 20) &&
              batch(db, "door:lunch", "2024-05-16 12:30", 1, 12, 0, 0) &&
              batch(db, "door:hall", "2024-05-17 09:30", 1, 2, 5, 12);
    return ok ? db : NULL;
}

/* `checkin report DB lunch ARGS` with the clock at `now_ms`. */
static int report(const char *db, const char *args, const char *now_ms,
                  const char **out, const char **err)
{
    setenv("CHECKIN_FAKE_NOW_MS", now_ms, 1);
    int rc = tu_checkin(tu_format("report '%s' lunch %s", db, args), out, err);
    unsetenv("CHECKIN_FAKE_NOW_MS");
    return rc;
}

/* `--at`, on the known answer's file (its fixture's seven station runs
 * not made twice): in the afternoon, the morning's projection asked
 * again is the morning's answer, and an earlier day's at 10:00 is the
 * number its line in the error column gives; a time malformed or still
 * to come is one sentence. */
static void at_asks_the_projection_of_an_earlier_time(const char *db)
{
    const char *out, *err;
    EXPECT_INT(report(db, "--day 2024-05-17", DAY3_10AM, &out, &err), 0);
    char *morning = strdup(out);
    REQUIRE(morning);
    /* At 15:00 without --at, everyone of the earlier days had come. */
    EXPECT_INT(report(db, "", DAY3_3PM, &out, &err), 0);
    EXPECT_CONTAINS(out, "projected at 15:00");
    EXPECT_INT(report(db, "--at 10:00", DAY3_3PM, &out, &err), 0);
    EXPECT_STR(out, morning);
    free(morning);
    EXPECT_INT(report(db, "--day 2024-05-16 --at 10:00", DAY3_3PM, &out, &err),
               0);
    EXPECT_CONTAINS(out, "Lunch (lunch) on 2024-05-16, projected at 10:00 "
                         "from 1 earlier day; lunches needed: 16\n");
    EXPECT_INT(report(db, "--at 16:00", DAY3_3PM, &out, &err), 1);
    EXPECT_STR(err, "checkin: It is 15:00 at the event: a projection at "
                    "16:00 can be asked from 16:00 on; leave out --at for "
                    "one made now.\n");
    EXPECT_STR(out, "");
    EXPECT_INT(report(db, "--at 24:00", DAY3_3PM, &out, &err), 1);
    EXPECT_STR(err, "checkin: 24:00 is not a time of day; write it as HH:MM, "
                    "such as 10:30.\n");
    EXPECT_INT(report(db, "--at 9:30", DAY3_3PM, &out, &err), 1);
    EXPECT_CONTAINS(err, "9:30 is not a time of day");
    EXPECT_INT(tu_checkin(tu_format("report '%s' redemptions --at 10:00", db),
                          &out, &err),
               2);
    EXPECT_CONTAINS(err, "--day and --at for lunch");
}

static void the_projection_is_the_known_answer_with_its_error(void)
{
    const char *db = three_days("known");
    REQUIRE(db);
    const char *out, *err;
    EXPECT_INT(report(db, "--day 2024-05-17", DAY3_10AM, &out, &err), 0);
    EXPECT_CONTAINS(out, "Lunch (lunch) on 2024-05-17, projected at 10:00 "
                         "from 2 earlier days; lunches needed: 14\n");
    EXPECT_CONTAINS(out, "  Standard meal (none or no answer): 10 (8 seen so "
                         "far, 0 took lunch; ");
    EXPECT_CONTAINS(out, "  vegan: 4 (2 seen so far, 0 took lunch; 100% took "
                         "it on the earlier days)\n");
    EXPECT_CONTAINS(out, "Seen so far: 10 people; on the earlier days 50% of "
                         "their people had come by 10:00 and 70% took "
                         "lunch.\n");
    EXPECT_CONTAINS(out, "Special meals seen so far (Dietary needs):\n"
                         "  Person 01 (6001): vegan\n"
                         "  Person 02 (6002): vegan\n");
    EXPECT_NOT_CONTAINS(out, "Person 03");
    EXPECT_NOT_CONTAINS(out, "Person 05");
    EXPECT_CONTAINS(out, "  2024-05-16: projected 16, took 12 (+4, +33%)\n");
    /* Today is the default day; the list is the only lunch list.  The
     * first output is copied: tu_checkin's buffers live until its next
     * call. */
    char *first = strdup(out);
    REQUIRE(first);
    const char *again;
    EXPECT_INT(report(db, "", DAY3_10AM, &again, &err), 0);
    EXPECT_STR(again, first);
    free(first);
    at_asks_the_projection_of_an_earlier_time(db);
}

/* Bad input: one sentence each, the file as it was. */
static void a_day_it_cannot_project_is_one_sentence(void)
{
    const char *db = three_days("bad");
    REQUIRE(db);
    size_t before_len, after_len;
    char *before = tu_read_file(db, &before_len);
    REQUIRE(before);
    const char *out, *err;
    EXPECT_INT(report(db, "--day 2024-05-15", DAY3_10AM, &out, &err), 1);
    EXPECT_STR(err, "checkin: No lunch projection for 2024-05-15: no earlier "
                    "day has check-ins to learn the arrivals and the lunches "
                    "taken from (10 people seen so far, 0 took lunch).\n");
    EXPECT_STR(out, "");
    EXPECT_INT(report(db, "", DAY3_8AM, &out, &err), 1);
    EXPECT_STR(err, "checkin: No lunch projection for 2024-05-17 at 08:00: on "
                    "the earlier days nobody had arrived by 08:00; ask again "
                    "once people arrive.\n");
    EXPECT_INT(report(db, "--day 2024-05-20", DAY3_10AM, &out, &err), 1);
    EXPECT_STR(err, "checkin: 2024-05-20 is not a day of the event "
                    "(2024-05-15 to 2024-05-17); give --day one of its "
                    "days.\n");
    EXPECT_INT(report(db, "--day tomorrow", DAY3_10AM, &out, &err), 1);
    EXPECT_CONTAINS(err, "tomorrow is not a day; write it as YYYY-MM-DD");
    EXPECT_INT(report(db, "--day 2024-05-17", DAY2_10AM, &out, &err), 1);
    EXPECT_CONTAINS(err, "2024-05-17 has not begun (it is 2024-05-16 at the "
                         "event)");
    EXPECT_INT(report(db, "hall", DAY3_10AM, &out, &err), 1);
    EXPECT_STR(err, "checkin: List hall shows no question, so it has no "
                    "dietary answers; add show = question:IDENT naming the "
                    "dietary question to its [list hall] section.\n");
    EXPECT_INT(report(db, "nope", DAY3_10AM, &out, &err), 1);
    EXPECT_CONTAINS(err, "The event has no check-in list 'nope'");
    char *after = tu_read_file(db, &after_len);
    REQUIRE(after);
    EXPECT_TRUE(before_len == after_len && !memcmp(before, after, after_len));
    free(before);
    free(after);
}

#define TEXT_OF(id) "return document.getElementById('" id "').textContent;"
#define CELLS(sel)                                                             \
    "const r = document.querySelector('" sel "'); return r ? "                 \
    "Array.from(r.cells).map(c => c.textContent).join(' | ') : null;"

/* The dashboard at 10:00 on day 3: the snapshot's "lunch" holds the same
 * figures as the report, and the page shows them in Chromium. */
static void the_dashboard_shows_the_lunch_count(void)
{
    const char *db = three_days("dash");
    REQUIRE(db);
    const char *said = tu_path("dashboard.out");
    unlink(said);
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(tu_serve(&p,
                     tu_format("exec env CHECKIN_FAKE_NOW_MS=%s '%s' dashboard "
                               "'%s' --offline --listen 127.0.0.1:0 >'%s' "
                               "2>&1",
                               DAY3_10AM, CHECKIN_BIN, db, said),
                     said, "Dashboard of ", "the dashboard", &link));
    char host[64], *head = NULL, *body = NULL;
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", link.port);
    EXPECT_INT(
        tu_http(link.port, "GET", "/api/snapshot", host, NULL, &head, &body),
        200);
    json_t *j = body ? json_loads(body, 0, NULL) : NULL;
    free(head);
    free(body);
    json_t *l = json_object_get(j, "lunch");
    EXPECT_TRUE(l != NULL);
    json_t *diets = json_object_get(l, "diets"),
           *special = json_object_get(l, "special"),
           *checks = json_object_get(l, "checks");
    EXPECT_INT(json_integer_value(json_object_get(l, "count")), 14);
    EXPECT_INT(json_integer_value(json_object_get(l, "seen")), 10);
    EXPECT_TRUE(json_is_null(json_object_get(l, "why")));
    EXPECT_INT(json_array_size(diets), 2);
    EXPECT_STR(
        json_string_value(json_object_get(json_array_get(diets, 1), "answer")),
        "vegan");
    EXPECT_INT(
        json_integer_value(json_object_get(json_array_get(diets, 0), "count")),
        10);
    EXPECT_INT(
        json_integer_value(json_object_get(json_array_get(diets, 1), "count")),
        4);
    EXPECT_INT(json_array_size(special), 2);
    EXPECT_STR(
        json_string_value(json_object_get(json_array_get(special, 0), "name")),
        "Person 01");
    EXPECT_INT(json_array_size(checks), 1);
    EXPECT_INT(
        json_integer_value(json_object_get(json_array_get(checks, 0), "count")),
        16);
    EXPECT_INT(json_integer_value(
                   json_object_get(json_array_get(checks, 0), "actual")),
               12);
    json_decref(j);

    if (!wd_available())
        tu_skip("chromium and chromedriver are not installed");
    else if (wd_start(tu_path("profile")) != 0)
        TU_FAIL_AT("chromium did not start");
    else {
        EXPECT_INT(wd_get(link.url), 0);
        EXPECT_WAIT(TEXT_OF("lunch-summary"),
                    "\"Lunch on 2024-05-17, projected at 10:00: 14 "
                    "lunches.\"",
                    20000);
        EXPECT_EXEC(CELLS("#lunch tr[data-diet=\"\"]"),
                    "\"Standard meal (none or no answer) | 10 | 8 | 0\"");
        EXPECT_EXEC(CELLS("#lunch tr[data-diet=\"vegan\"]"),
                    "\"vegan | 4 | 2 | 0\"");
        EXPECT_EXEC(TEXT_OF("lunch-special"),
                    "\"Special meals seen so far (Dietary needs): Person 01: "
                    "vegan; Person 02: vegan\"");
        EXPECT_EXEC(CELLS("#lunch-checks tr[data-day=\"2024-05-16\"]"),
                    "\"2024-05-16 | 16 | 12 (+4)\"");
        wd_quit();
    }
    EXPECT_INT(tu_stop(&p, SIGINT, 5000, "the dashboard"), 0);
}

TU_MAIN(TU_CASE(the_projection_is_the_known_answer_with_its_error),
        TU_CASE(a_day_it_cannot_project_is_one_sentence),
        TU_CASE(the_dashboard_shows_the_lunch_count))
