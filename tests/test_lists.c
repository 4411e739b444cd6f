/* Check-in lists through the real `checkin` command (issue 29,
 * docs/admission.md section 2): init from a description with [list]
 * sections and a day pass, import of tests/data/pretix-lists.json (a
 * hand-made pretix export: a Friday pass, a T-shirt add-on in S/M/L, an
 * auction ticket, a question shown at check-in), then scans with --json
 * at a chosen --clock, one process per scan so that no debounce joins
 * two of them. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "live.h"
#include "testutil.h"
#include "webdriver.h"

#define EXPORT TEST_DATA_DIR "/pretix-lists.json"

/* The event of the fixture; the issue's two sections as written, then
 * lunch once a day showing the dietary question. */
static const char INI[] =
    "[event]\n"
    "slug = pycon-lists-2024\n"
    "name = PyCon Lists 2024\n"
    "start = 2024-05-15\n"
    "end = 2024-05-19\n"
    "timezone = America/New_York\n"
    "\n"
    "[ticket-type full]\n"
    "label = Full conference\n"
    "colour = #1565C0\n"
    "pretix-items = 101\n"
    "\n"
    "[ticket-type friday]\n"
    "label = Friday only\n"
    "colour = #EF6C00\n"
    "pretix-items = 107\n"
    "days = 2024-05-17\n"
    "\n"
    "[list tshirt]\n"
    "title = T-shirt\n"
    "pretix-item = 302        ; everyone who bought this add-on, any "
    "variation; the variation is shown\n"
    "once = per-person        ; per-person | per-day | every-scan\n"
    "\n"
    "[list lunch]\n"
    "title = Lunch\n"
    "ticket-types = full, friday\n"
    "once = per-day\n"
    "show = question:dietary\n";

/* A fresh event database `name` from INI with the export imported. */
static const char *event(const char *name)
{
    char ini[64], key[64];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    snprintf(key, sizeof(key), "%s.key", name);
    const char *ini_path = tu_path(ini);
    if (tu_write_file(ini_path, INI, strlen(INI)))
        return NULL;
    const char *db = tu_path(name);
    if (tu_event(db, ini_path, tu_path(key), EXPORT))
        return NULL;
    return tu_path(name);
}

/* One scan of `code` at `station` at local time `clock`: the decision's
 * JSON object (the caller decrefs), or NULL. */
static json_t *scan(const char *db, const char *station, const char *code,
                    const char *clock)
{
    char args[2048], line[128];
    snprintf(args, sizeof(args),
             "scan '%s' --station %s --keyboard --json --clock '%s'", db,
             station, clock);
    snprintf(line, sizeof(line), "%s\n", code);
    const char *out, *err;
    if (tu_checkin_in(args, line, &out, &err) != 0)
        return NULL;
    return json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
}

static const char *field(json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

/* scan() must give a decision whose `key` is `want`; otherwise the test
 * fails at the macro's line, and stops when no decision came. */
#define EXPECT_SCAN(db, station, code, clock, key, want)                       \
    do {                                                                       \
        json_t *sd = scan(db, station, code, clock);                           \
        REQUIRE(sd);                                                           \
        const char *sd_got = field(sd, key), *sd_want = (want);                \
        if (!sd_got || strcmp(sd_got, sd_want) != 0)                           \
            TU_FAIL_AT("%s at %s (%s): %s is \"%s\", expected \"%s\"", code,   \
                       station, clock, key, sd_got ? sd_got : "(null)",        \
                       sd_want);                                               \
        json_decref(sd);                                                       \
    } while (0)

/* The issue's INI works as written (inline comments and all): a buyer of
 * item 302 in size M is handed "T-shirt: M". */
static void the_issues_example_works_as_written(void)
{
    const char *db = event("example.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:tshirt", "adaticket5001", "2024-05-16 10:12");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "reason"), "redeemed");
    EXPECT_STR(field(d, "list"), "tshirt");
    EXPECT_STR(field(d, "hand"), "T-shirt: M");
    EXPECT_STR(field(d, "reason_text"), "Hand over T-shirt: M.");
    json_decref(d);
}

static void a_friday_pass_is_refused_on_thursday_with_when_it_is_valid(void)
{
    const char *db = event("friday.db");
    REQUIRE(db);
    json_t *d = scan(db, "desk", "bobticket5011", "2024-05-16 09:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "wrong-day");
    EXPECT_STR(field(d, "reason_text"), "This ticket (Friday only) is valid "
                                        "on Fri 17 May; today is Thu 16 May.");
    json_decref(d);
    /* Not at lunch either: the ticket bounds every list. */
    EXPECT_SCAN(db, "door:lunch", "bobticket5011", "2024-05-16 12:00", "reason",
                "wrong-day");
    EXPECT_SCAN(db, "desk", "bobticket5011", "2024-05-17 09:00", "decision",
                "admit");
}

static void a_tshirt_is_handed_once_with_its_size(void)
{
    const char *db = event("tshirt.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:tshirt", "deeticket5031", "2024-05-16 10:12");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "hand"), "T-shirt: L");
    json_decref(d);
    d = scan(db, "door:tshirt", "deeticket5031", "2024-05-17 11:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "already-redeemed");
    EXPECT_STR(field(d, "reason_text"),
               "T-shirt already handed over: L, Thu 10:12 at door-tshirt-vm.");
    EXPECT_TRUE(!json_object_get(d, "hand"));
    json_decref(d);
}

static void lunch_is_once_per_day(void)
{
    const char *db = event("lunch.db");
    REQUIRE(db);
    const char *at[] = {"2024-05-16 12:00", "2024-05-16 12:40",
                        "2024-05-17 12:05"};
    const char *want[] = {"admit", "deny", "admit"};
    for (int i = 0; i < 3; i++) {
        json_t *d = scan(db, "door:lunch", "adaticket5001", at[i]);
        REQUIRE(d);
        EXPECT_STR(field(d, "decision"), want[i]);
        if (i == 1)
            EXPECT_STR(field(d, "reason_text"),
                       "Lunch already handed over today, 12:00 at "
                       "door-lunch-vm.");
        json_decref(d);
    }
}

static void a_non_buyer_is_refused_as_not_on_the_list(void)
{
    const char *db = event("nonbuyer.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:tshirt", "chiticket5021", "2024-05-16 10:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "not-on-list");
    EXPECT_STR(field(d, "reason_text"),
               "Not on the T-shirt list: no T-shirt was bought with this "
               "ticket; send them to the registration help desk if they "
               "think it was.");
    json_decref(d);
}

/* Lunch shows the dietary answer; the T-shirt counter and the desk,
 * whose lists do not show it, never do. */
static void answers_are_shown_only_where_the_list_shows_them(void)
{
    const char *db = event("answers.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:lunch", "adaticket5001", "2024-05-16 12:00");
    REQUIRE(d);
    json_t *a = json_array_get(json_object_get(d, "answers"), 0);
    EXPECT_STR(field(a, "question"), "Dietary needs");
    EXPECT_STR(field(a, "answer"), "vegan");
    EXPECT_INT(json_array_size(json_object_get(d, "answers")), 1);
    json_decref(d);
    const char *where[] = {"door:tshirt", "desk"};
    for (int i = 0; i < 2; i++) {
        d = scan(db, where[i], "adaticket5001", "2024-05-16 12:10");
        REQUIRE(d);
        EXPECT_STR(field(d, "decision"), "admit");
        EXPECT_TRUE(!json_object_get(d, "answers"));
        json_decref(d);
    }
    /* Nor does the file hold answers no list shows. */
    const char *out, *err;
    EXPECT_INT(
        tu_sh("%s",
              tu_format(
                  "sqlite3 '%s' \"SELECT count(*) FROM attendee_answer WHERE "
                  "answer = 'straight'\" | grep -qx 0",
                  db)),
        0);
    (void)out;
    (void)err;
}

/* The add-on's own QR: redeemed at the T-shirt counter, and at the desk
 * it is its person's ticket. */
static void
a_pretix_addon_qr_admits_at_its_door_and_identifies_at_the_desk(void)
{
    const char *db = event("addon.db");
    REQUIRE(db);
    json_t *d = scan(db, "door:tshirt", "adashirt5002", "2024-05-16 10:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "hand"), "T-shirt: M");
    EXPECT_STR(field(d, "badge_name"), "Ada Lovelace");
    json_decref(d);
    d = scan(db, "desk", "adashirt5002", "2024-05-16 10:05");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "ticket_id"), "5001");
    EXPECT_STR(field(d, "badge_name"), "Ada Lovelace");
    json_decref(d);
}

/* The description `name`.ini: INI with `lines` after its first `after`
 * line (at its end when `after` is NULL); its path. */
static const char *ini_with(const char *name, const char *after,
                            const char *lines)
{
    char ini[sizeof(INI) + 256];
    const char *at = after ? strstr(INI, after) : INI + strlen(INI);
    if (!at)
        return NULL;
    size_t head = (size_t)(at - INI) + (after ? strlen(after) : 0);
    snprintf(ini, sizeof(ini), "%.*s%s%s", (int)head, INI, lines, INI + head);
    char file[64];
    snprintf(file, sizeof(file), "%s.ini", name);
    if (tu_write_file(tu_path(file), ini, strlen(ini)))
        return NULL;
    return tu_path(file);
}

/* `checkin init` of `name`.db from the description `ini`, its key in
 * `name`.key: the command's exit status, what it said in *out and *err. */
static int init(const char *name, const char *ini, const char **out,
                const char **err)
{
    const char *db = tu_path(tu_format("%s.db", name));
    const char *key = tu_path(tu_format("%s.key", name));
    return tu_checkin(tu_format("init '%s' '%s' --key '%s'", db, ini, key), out,
                      err);
}

/* Bad input is one sentence naming the file and line: a day outside the
 * event. */
static void a_day_outside_the_event_is_one_sentence(void)
{
    const char *path = ini_with("bad-day", NULL,
                                "\n[list sprints]\ntitle = Sprints\n"
                                "all = yes\nonce = every-scan\n"
                                "days = 2024-05-21\n");
    REQUIRE(path);
    const char *out, *err;
    EXPECT_INT(init("bad-day", path, &out, &err), 1);
    EXPECT_CONTAINS(err, "bad-day.ini:34: 2024-05-21 is not a day of PyCon "
                         "Lists 2024 (2024-05-15 to 2024-05-19); give a day "
                         "of the event.");
}

/* A list naming an item or a variation the export does not have: the
 * import says so, one sentence each naming the list and what to fix,
 * and stores the registrations (the lists' rules are the description's,
 * which the organizer fixes with `checkin event`). */
static void a_list_naming_an_unknown_item_or_variation_is_one_sentence(void)
{
    const char *path =
        ini_with("unknown-item", NULL,
                 "\n[list ghost]\ntitle = Ghost\npretix-item = 999\n"
                 "once = per-person\n\n[list xl]\ntitle = XL shirt\n"
                 "pretix-item = 302:99\nonce = per-person\n");
    REQUIRE(path);
    const char *db = tu_path("unknown-item.db");
    const char *out, *err;
    REQUIRE(init("unknown-item", path, &out, &err) == 0);
    EXPECT_INT(
        tu_checkin(tu_format("import '%s' '%s'", db, EXPORT), &out, &err), 0);
    EXPECT_CONTAINS(err, "list ghost names pretix item 999, which this "
                         "export does not have; fix pretix-item in [list "
                         "ghost] and run 'checkin event'");
    EXPECT_CONTAINS(err, "list xl names variation 99 of pretix item 302, "
                         "which has no such variation; fix pretix-item in "
                         "[list xl] and run 'checkin event'");
    EXPECT_SCAN(db, "door:tshirt", "adaticket5001", "2024-05-16 10:12", "hand",
                "T-shirt: M");
}

/* ---- stock, the swap, the hold (issue 29.4) ---- */

/* The description `name`.ini, whose T-shirt list has `stock`; its path. */
static const char *stock_ini(const char *name, const char *stock)
{
    return ini_with(name,
                    "once = per-person        ; per-person | per-day | "
                    "every-scan\n",
                    tu_format("stock = %s\n", stock));
}

/* Lunch in a room of one seat: a once-a-day list with a room admits
 * into it ("Welcome to Lunch.", nothing handed) and its capacity holds. */
static void a_once_list_with_a_room_admits_up_to_its_seats(void)
{
    const char *path = ini_with("seated-lunch", "once = per-day\n",
                                "room = Hall B\ncapacity = 1\n");
    REQUIRE(path);
    const char *db = tu_path("seated-lunch.db");
    REQUIRE(tu_event(db, path, tu_path("seated-lunch.key"), EXPORT) == 0);
    json_t *d = scan(db, "door:lunch", "adaticket5001", "2024-05-17 12:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "entered");
    EXPECT_STR(field(d, "reason_text"), "Welcome to Lunch.");
    EXPECT_TRUE(!json_object_get(d, "hand"));
    json_decref(d);
    d = scan(db, "door:lunch", "bobticket5011", "2024-05-17 12:01");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "full");
    EXPECT_STR(field(d, "reason_text"), "Lunch is full (1 of 1); ask them to "
                                        "wait until someone leaves.");
    json_decref(d);
    d = scan(db, "door:lunch", "adaticket5001", "2024-05-17 12:02");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason_text"),
               "Already admitted to Lunch today, 12:00 at door-lunch-vm.");
    json_decref(d);
}

/* A fresh event `name` whose T-shirt list has `stock` (and the export). */
static const char *event_with_stock(const char *name, const char *stock)
{
    char key[64], ini[4096];
    const char *path = stock_ini(name, stock);
    if (!path)
        return NULL;
    snprintf(ini, sizeof(ini), "%s", path);
    snprintf(key, sizeof(key), "%s.key", name);
    if (tu_event(tu_path(name), ini, tu_path(key), EXPORT))
        return NULL;
    return tu_path(name);
}

static bool has_reason(json_t *o, const void *arg)
{
    return !strcmp(live_str(o, "reason"), (const char *)arg);
}

/* POST one input to the running station's web screen; its status. */
static int web_input(int port, const char *token, const char *json)
{
    char extra[300];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n", port,
             token);
    char *head = NULL, *body = NULL;
    int status = tu_http(port, "POST", "/api/input", extra, json, &head, &body);
    free(head);
    free(body);
    return status;
}

/* A counter shows what is left of the size handed, from every row the
 * file knows: Dee's L leaves 2 of 3; Ada's M, of which none is left,
 * is still handed with "none left"; the swap of Ada's M for an L (one
 * input at the web screen, one 'swap' row) leaves 1 L, and with two L in
 * the last 30 minutes that is a warning with the rate. */
static void a_counter_shows_stock_left_and_a_swap_moves_it(void)
{
    const char *db = event_with_stock("stock.db", "S:40, M:0, L:3");
    REQUIRE(db);
    unlink(tu_path("live.err"));
    struct live door;
    REQUIRE(live_start(&door, "", db,
                       "--station door:tshirt --name tshirt-1 --clock "
                       "'2024-05-16 10:12' --web 127.0.0.1:0") == 0);
    json_t *d = live_scan(&door, "deeticket5031");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "hand"), "T-shirt: L");
    EXPECT_STR(live_str(d, "stock_left"), "L: 2 left");
    EXPECT_TRUE(json_is_false(json_object_get(d, "stock_warn")));
    json_decref(d);
    d = live_scan(&door, "adaticket5001");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "decision"), "admit");
    EXPECT_STR(live_str(d, "hand"), "T-shirt: M");
    EXPECT_STR(live_str(d, "stock_left"), "M: none left; swap (S) or note it");
    EXPECT_TRUE(json_is_true(json_object_get(d, "swappable")));
    json_decref(d);

    char *err =
        tu_wait_file(tu_path("live.err"), "Station screen: http://", 10000);
    struct tu_link link = {0};
    bool found = tu_find_link(err, "Station screen: ", &link);
    if (!found)
        TU_FAIL_AT("the station did not print its link: %s", err ? err : "");
    free(err);
    REQUIRE(found);
    /* A size the counter does not hand is one sentence, nothing kept. */
    EXPECT_INT(
        web_input(link.port, link.token, "{\"kind\":\"swap\",\"text\":\"XL\"}"),
        200);
    free(tu_wait_file(tu_path("live.err"), "'XL' is not a variation", 10000));
    char *said = tu_wait_file(tu_path("live.err"), "'XL'", 1);
    EXPECT_CONTAINS(said, "'XL' is not a variation the T-shirt counter hands "
                          "(none in its stock, none bought); check the size "
                          "and try again.");
    free(said);
    EXPECT_INT(
        web_input(link.port, link.token, "{\"kind\":\"swap\",\"text\":\"L\"}"),
        200);
    d = live_next(&door, 20000, has_reason, "swapped");
    if (!d)
        TU_FAIL_AT("no verdict with reason swapped came");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "badge_name"), "Ada Lovelace");
    EXPECT_STR(live_str(d, "hand"), "T-shirt: L");
    EXPECT_STR(live_str(d, "reason_text"),
               "Swapped: hand over L and take back M.");
    EXPECT_STR(live_str(d, "stock_left"),
               "L: 1 left, about 15 minutes at this rate; M: 0 left");
    EXPECT_TRUE(json_is_true(json_object_get(d, "stock_warn")));
    json_decref(d);
    /* Ada again (her add-on's own code: the same one again within the
     * cooldown is the same presentation): refused, naming the size she
     * holds now. */
    d = live_scan(&door, "adashirt5002");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "reason"), "already-redeemed");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "already handed over: L,");
    json_decref(d);
    /* Undone at the counter within two minutes, no PIN: only its own
     * last redemption (Ada's, not Dee's), and the L is back in stock. */
    EXPECT_INT(
        web_input(
            link.port, link.token,
            tu_format("{\"kind\":\"undo\",\"id\":%lld}",
                      tu_sql_int(db, "SELECT id FROM attendee WHERE ticket_id ="
                                     " '5031'"))),
        200);
    free(tu_wait_file(tu_path("live.err"), "only its own last", 10000));
    said = tu_wait_file(tu_path("live.err"), "only its own last", 1);
    EXPECT_CONTAINS(said, "A counter undoes only its own last redemption, "
                          "within two minutes of it; for anything else ask "
                          "the organizers.");
    free(said);
    EXPECT_INT(
        web_input(
            link.port, link.token,
            tu_format("{\"kind\":\"undo\",\"id\":%lld}",
                      tu_sql_int(db, "SELECT id FROM attendee WHERE ticket_id ="
                                     " '5001'"))),
        200);
    d = live_next(&door, 20000, has_reason, "undone");
    if (!d)
        TU_FAIL_AT("no verdict with reason undone came");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "reason_text"),
               "Undone: take back the T-shirt L; Ada Lovelace may be handed "
               "one again.");
    EXPECT_STR(live_str(d, "stock_left"), "L: 2 left");
    json_decref(d);
    EXPECT_INT(live_stop(&door), 0);
    EXPECT_INT(tu_sh("sqlite3 '%s' \"SELECT count(*) FROM scan s JOIN scan r"
                     " ON r.station_id = s.ref_station_id AND r.seq ="
                     " s.ref_seq WHERE s.act = 'swap' AND s.handed = 'L' AND"
                     " r.handed = 'M' AND r.attendee_ticket_id = '5001'\" |"
                     " grep -qx 1",
                     db),
               0);
}

/* A running counter keeps its count between redemptions, and counts
 * again what another station on its file handed meanwhile: Chi's and
 * Bob's L at the running counter, Dee's at a second station on the same
 * file, then Ada's at the first again leaves 6 of 10.  (Chi and Bob are
 * given an L position here and Ada's M made an L; Bob's Friday pass asks
 * for a Friday.) */
static void a_counter_counts_what_another_station_on_its_file_handed(void)
{
    const char *db = event_with_stock("shared.db", "S:40, M:5, L:10");
    REQUIRE(db);
    EXPECT_INT(tu_sh("sqlite3 '%s' \"INSERT INTO attendee_item (attendee_id,"
                     " position, item, variation, variation_name) SELECT id,"
                     " 'x' || ticket_id, '302', '13', 'L' FROM attendee"
                     " WHERE ticket_id IN ('5011', '5021'); UPDATE"
                     " attendee_item SET variation = '13', variation_name ="
                     " 'L' WHERE position = '5002'\"",
                     db),
               0);
    struct live door;
    REQUIRE(live_start(&door, "", db,
                       "--station door:tshirt --name tshirt-1 --clock "
                       "'2024-05-17 10:12'") == 0);
    const char *at_door[] = {"chiticket5021", "bobticket5011"};
    const char *left[] = {"L: 9 left", "L: 8 left"};
    for (int i = 0; i < 2; i++) {
        json_t *d = live_scan(&door, at_door[i]);
        REQUIRE(d);
        EXPECT_STR(live_str(d, "stock_left"), left[i]);
        json_decref(d);
    }
    EXPECT_SCAN(db, "door:tshirt", "deeticket5031", "2024-05-17 10:13",
                "stock_left", "L: 7 left");
    json_t *d = live_scan(&door, "adaticket5001");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "stock_left"), "L: 6 left");
    json_decref(d);
    EXPECT_INT(live_stop(&door), 0);
}

/* What shell command `cmd` prints (up to 4 KB; "" when it cannot run). */
static const char *sh_out(const char *cmd)
{
    static char buf[4096];
    buf[0] = '\0';
    FILE *p = popen(cmd, "r");
    if (!p)
        return buf;
    size_t n = fread(buf, 1, sizeof(buf) - 1, p);
    buf[n] = '\0';
    pclose(p);
    return buf;
}

/* Ada was handed an M at tshirt-1 and, at tshirt-2 cut off from it, a
 * second M that was then swapped for an L (rows a pull would bring,
 * written here by another program, sqlite3).  The report lists her with
 * each redemption and the swap, with station and time, as text and CSV;
 * the organizer's undo takes the newest back with the reason journaled,
 * and the counter's stock follows at its next verdict.  Each bad input is
 * one sentence and writes nothing. */
static void the_organizer_lists_redeemed_twice_and_undoes_one(void)
{
    const char *db = event_with_stock("twice.db", "S:40, M:5, L:10");
    REQUIRE(db);
    EXPECT_SCAN(db, "door:tshirt --name tshirt-1", "adaticket5001",
                "2024-05-16 10:12", "stock_left", "M: 4 left");
    EXPECT_INT(tu_sh("sqlite3 '%s' \"INSERT INTO scan (station_id, station,"
                     " seq, at_ms, mode, target, code, attendee_ticket_id,"
                     " decision, reason, direction, day, handed, act,"
                     " ref_station_id, ref_seq) VALUES ('cutoff', 'tshirt-2',"
                     " 1, 1715868840000, 'door', 'tshirt', 'manual:5001',"
                     " '5001', 'admit', 'redeemed', 'in', '2024-05-16', 'M',"
                     " 'scan', NULL, NULL), ('cutoff', 'tshirt-2', 2,"
                     " 1715868900000, 'door', 'tshirt', 'manual:5001',"
                     " '5001', 'admit', 'swapped', 'in', '2024-05-16', 'L',"
                     " 'swap', 'cutoff', 1)\"",
                     db),
               0);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("report '%s' redemptions tshirt", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, "T-shirt (tshirt, per-person): 2 redeemed\n"
                         "  L: 1 of 10, 9 left\n"
                         "  M: 1 of 5, 4 left\n"
                         "  S: 0 of 40, 40 left\n"
                         "  Redeemed more than once:\n"
                         "    Ada Lovelace (5001)\n"
                         "      Thu 16 May 10:12  tshirt-1  redeemed M\n"
                         "      Thu 16 May 10:14  tshirt-2  redeemed M\n"
                         "      Thu 16 May 10:15  tshirt-2  swapped to L\n");
    EXPECT_INT(
        tu_checkin(tu_format("report '%s' redemptions --csv", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, "list,what,variation,count,stock,ticket_id,"
                         "badge_name,at,station,act,handed,override,"
                         "supervisor\r\n");
    EXPECT_CONTAINS(out, "tshirt,redeemed,,2,,,,,,,,,\r\n");
    EXPECT_CONTAINS(out, "tshirt,variation,L,1,10,,,,,,,,\r\n");
    EXPECT_CONTAINS(out, "tshirt,more-than-once,,,,5001,Ada Lovelace,"
                         "2024-05-16 10:15,tshirt-2,swapped,L,,\r\n");
    EXPECT_CONTAINS(out, "lunch,redeemed,,0,,,,,,,,,\r\n");

    /* Bad inputs: one sentence each, nothing journaled. */
    EXPECT_INT(
        tu_checkin(tu_format("report '%s' redemptions tshrt", db), &out, &err),
        1);
    EXPECT_CONTAINS(err, "There is no check-in list 'tshrt' in ");
    EXPECT_CONTAINS(err, "; its lists are: lunch, tshirt.");
    EXPECT_INT(
        tu_checkin(
            tu_format("undo '%s' 5001 --list tshrt --why 'handed twice'", db),
            &out, &err),
        1);
    EXPECT_CONTAINS(err, "There is no check-in list 'tshrt' in ");
    EXPECT_INT(
        tu_checkin(
            tu_format("undo '%s' 5011 --list tshirt --why 'handed twice'", db),
            &out, &err),
        1);
    EXPECT_CONTAINS(err, "(5011) has no redemption at the T-shirt list to "
                         "undo; 'checkin report ");
    EXPECT_INT(tu_checkin(tu_format("undo '%s' 9999 --list tshirt --why x", db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "No registration in ");
    EXPECT_INT(
        tu_checkin(tu_format("undo '%s' 5001 --list tshirt --why ' '", db),
                   &out, &err),
        1);
    EXPECT_CONTAINS(err, "Say why the redemption is undone with --why");
    EXPECT_STR(
        sh_out(tu_format("sqlite3 '%s' \"SELECT count(*) FROM scan\"", db)),
        "3\n");

    EXPECT_INT(
        tu_checkin(
            tu_format(
                "undo '%s' 5001 --list tshirt --why 'handed twice: cut off'",
                db),
            &out, &err),
        0);
    EXPECT_STR(
        out,
        tu_format("Undone: the T-shirt L of Ada Lovelace (5001), handed at "
                  "tshirt-2 on Thu 16 May 10:14.\n"
                  "L: 10 left.\n"
                  "%s is at no hub: this undo stays in this file.\n"
                  "Ada Lovelace still has 1 redemption at the T-shirt list; "
                  "run this again to undo the next.\n",
                  db));
    EXPECT_STR(sh_out(tu_format(
                   "sqlite3 '%s' \"SELECT station || ' ' || override || ' ' ||"
                   " ref_station_id || ' ' || ref_seq FROM scan WHERE act ="
                   " 'undo'\"",
                   db)),
               "organizer handed twice: cut off cutoff 1\n");
    /* The counter's next L counts the undone one out. */
    EXPECT_SCAN(db, "door:tshirt --name tshirt-1", "deeticket5031",
                "2024-05-16 10:20", "stock_left", "L: 9 left");
    EXPECT_INT(
        tu_checkin(tu_format("report '%s' redemptions tshirt", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, "  Redeemed more than once: nobody\n");
}

/* A stock size that is no count is one sentence naming the file and
 * line; nothing is made.  A changed stock is applied by `checkin
 * event`. */
static void a_bad_stock_is_one_sentence(void)
{
    REQUIRE(stock_ini("badstock.db", "S:40, M:lots"));
    const char *out, *err;
    EXPECT_INT(init("badstock2", tu_path("badstock.db.ini"), &out, &err), 1);
    EXPECT_CONTAINS(err, "badstock.db.ini:19: list tshirt: stock 'M:lots' "
                         "must be a variation and a count from 0 to 1000000, "
                         "like M:120.");
    EXPECT_TRUE(access(tu_path("badstock2.db"), F_OK) != 0);
    /* A stock changed during the event: one line, and the counter counts
     * from the new one. */
    const char *db = event_with_stock("restock.db", "S:40, M:0, L:3");
    REQUIRE(db);
    const char *ini = stock_ini("restock.db", "S:40, M:10, L:3");
    REQUIRE(ini);
    EXPECT_INT(tu_checkin(tu_format("event '%s' '%s'", db, ini), &out, &err),
               0);
    EXPECT_CONTAINS(out, "list tshirt: stock L:3, M:0, S:40 -> L:3, M:10, "
                         "S:40");
    EXPECT_SCAN(db, "door:tshirt", "adaticket5001", "2024-05-16 10:12",
                "stock_left", "M: 9 left");
}

/* A stock naming a size the list's item does not come in (XL of a
 * T-shirt sold in S, M and L) is one sentence at import, the sizes it
 * has are not named, and the export is imported all the same. */
static void a_stock_size_the_export_lacks_is_one_sentence(void)
{
    const char *ini = stock_ini("xlstock.db", "S:40, XL:3, M:5");
    REQUIRE(ini);
    const char *out, *err;
    EXPECT_INT(init("xlstock", ini, &out, &err), 0);
    EXPECT_INT(
        tu_checkin(tu_format("import '%s' '%s'", tu_path("xlstock.db"), EXPORT),
                   &out, &err),
        0);
    char both[16384];
    snprintf(both, sizeof(both), "%s%s", out, err);
    EXPECT_CONTAINS(both, "list tshirt: stock names XL, but item 302 has no "
                          "variation XL in this export; fix stock in [list "
                          "tshirt] and run 'checkin event'");
    EXPECT_TRUE(strstr(both, "stock names S,") == NULL);
    EXPECT_TRUE(strstr(both, "stock names M,") == NULL);
    EXPECT_SCAN(tu_path("xlstock.db"), "door:tshirt", "adaticket5001",
                "2024-05-16 10:12", "stock_left", "M: 4 left");
}

/* `checkin export EVENT.db list SLUG` lists who was handed what, when
 * and where (a swap followed, nothing undone); the dashboard shows each
 * list's redemptions and its stock left, counted as the counter counts. */
static void the_export_and_the_dashboard_show_redemptions_and_stock(void)
{
    const char *db = event_with_stock("export.db", "S:40, M:5, L:3");
    REQUIRE(db);
    EXPECT_SCAN(db, "door:tshirt", "deeticket5031", "2024-05-16 10:12",
                "stock_left", "L: 2 left");
    EXPECT_SCAN(db, "door:tshirt", "adaticket5001", "2024-05-16 10:20",
                "stock_left", "M: 4 left");
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("export '%s' list tshirt", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "ticket_id,badge_name,at,station,day,handed,reason\r\n"
                         "5031,Dee Large,2024-05-16T10:12:00.");
    EXPECT_CONTAINS(out, ",door-tshirt-vm,2024-05-16,L,redeemed\r\n5001,Ada "
                         "Lovelace,2024-05-16T10:20:00.");
    EXPECT_CONTAINS(out, ",door-tshirt-vm,2024-05-16,M,redeemed\r\n");
    EXPECT_CONTAINS(err, "2 rows.");
    EXPECT_INT(
        tu_checkin(tu_format("export '%s' list tshirt --format json", db), &out,
                   &err),
        0);
    json_t *j = json_loads(out, 0, NULL);
    REQUIRE(j);
    EXPECT_INT(json_array_size(json_object_get(j, "rows")), 2);
    json_decref(j);
    EXPECT_INT(tu_checkin(tu_format("export '%s' list nope", db), &out, &err),
               1);
    EXPECT_CONTAINS(err, "There is no check-in list or tutorial 'nope' in ");
    EXPECT_CONTAINS(err, "the lists and tutorials are: lunch, tshirt.");

    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' dashboard '%s' --offline --listen 127.0.0.1:0 "
             "2>>'%s'",
             CHECKIN_BIN, db, tu_path("dashboard.err"));
    struct tu_proc p;
    REQUIRE(tu_spawn(&p, cmd, TU_PIPE_OUT));
    const char *line = tu_read_until(p.out, "\n", 10000);
    struct tu_link link = {0};
    bool up = tu_find_link(line, "http://", &link);
    if (!up)
        TU_FAIL_AT("the dashboard did not start: %s", line);
    char *head = NULL, *body = NULL;
    char host[64];
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", link.port);
    int status = up ? tu_http(link.port, "GET", "/api/snapshot", host, NULL,
                              &head, &body)
                    : -1;
    close(p.out);
    tu_stop(&p, SIGINT, 5000, "the dashboard");
    EXPECT_INT(status, 200);
    j = body ? json_loads(body, 0, NULL) : NULL;
    free(head);
    free(body);
    REQUIRE(j);
    json_t *lists = json_object_get(j, "lists"), *tshirt = NULL;
    for (size_t i = 0; i < json_array_size(lists); i++)
        if (!strcmp(field(json_array_get(lists, i), "slug"), "tshirt"))
            tshirt = json_array_get(lists, i);
    REQUIRE(tshirt);
    EXPECT_INT(json_integer_value(json_object_get(tshirt, "admitted")), 2);
    json_t *stock = json_object_get(tshirt, "stock");
    EXPECT_INT(json_array_size(stock), 3);
    const char *want[] = {"L: 2 left", "M: 4 left", "S: 40 left"};
    for (size_t i = 0; i < 3; i++)
        EXPECT_STR(field(json_array_get(stock, i), "text"), want[i]);
    json_decref(j);
}

/* A hold: every station refuses the person with the neutral sentence
 * and nothing else (no name, no reason); the reason stays in the file;
 * a release admits them again.  Bad input is one sentence. */
static void a_held_person_is_refused_everywhere_with_nothing_more(void)
{
    const char *db = event("hold.db");
    REQUIRE(db);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(
            tu_format("hold '%s' 5001 --why 'safety team: see incident 12'",
                      db),
            &out, &err),
        0);
    EXPECT_CONTAINS(out, "Ada Lovelace (5001) is on hold");
    const char *where[] = {"desk", "door:tshirt", "door:lunch"};
    for (int i = 0; i < 3; i++) {
        json_t *d = scan(db, where[i], "adaticket5001", "2024-05-16 12:00");
        REQUIRE(d);
        EXPECT_STR(field(d, "decision"), "deny");
        EXPECT_STR(field(d, "reason"), "see-help-desk");
        EXPECT_STR(field(d, "reason_text"), "Please see the help desk.");
        char *all = json_dumps(d, JSON_COMPACT);
        REQUIRE(all);
        EXPECT_TRUE(!strstr(all, "Ada") && !strstr(all, "Lovelace") &&
                    !strstr(all, "safety") && !strstr(all, "hold") &&
                    !strstr(all, "T-shirt: M") && !strstr(all, "vegan"));
        if (strstr(all, "Ada"))
            TU_FAIL_AT("the refusal shows more: %s", all);
        free(all);
        json_decref(d);
    }
    EXPECT_INT(tu_sh("sqlite3 '%s' \"SELECT note FROM attendee_hold\" | grep"
                     " -qx 'safety team: see incident 12'",
                     db),
               0);
    /* Bad input: one sentence each, nothing changed. */
    EXPECT_INT(
        tu_checkin(tu_format("hold '%s' 9999 --why 'x'", db), &out, &err), 1);
    EXPECT_CONTAINS(err, "No registration in");
    EXPECT_CONTAINS(err, "has ticket '9999'");
    EXPECT_INT(
        tu_checkin(tu_format("hold '%s' 5021 --why '  '", db), &out, &err), 1);
    EXPECT_CONTAINS(err, "Give the reason with --why");
    EXPECT_INT(
        tu_checkin(tu_format("hold '%s' 5021 --release", db), &out, &err), 1);
    EXPECT_CONTAINS(err, "Chi Auction (5021) is not on hold; nothing "
                         "changed.");
    /* Released: admitted again. */
    EXPECT_INT(
        tu_checkin(tu_format("hold '%s' 5001 --release", db), &out, &err), 0);
    EXPECT_SCAN(db, "desk", "adaticket5001", "2024-05-16 12:30", "decision",
                "admit");
    EXPECT_INT(tu_sh("sqlite3 '%s' \"SELECT count(*) FROM attendee_hold\" |"
                     " grep -qx 0",
                     db),
               0);
}

/* `checkin event` applies a list's change, one line each, and a door
 * already running for the list decides by the new one at its next scan. */
static void a_list_change_reaches_a_running_door(void)
{
    const char *db = event("change.db");
    REQUIRE(db);
    struct live door;
    REQUIRE(live_start(&door, "", db,
                       "--station door:tshirt --name tshirt-1 --clock "
                       "'2024-05-16 10:12'") == 0);
    json_t *d = live_scan(&door, "adaticket5001");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "hand"), "T-shirt: M");
    json_decref(d);

    /* The T-shirt is now a shirt, and only size L is handed here. */
    char ini[sizeof(INI) + 64];
    snprintf(ini, sizeof(ini), "%s", INI);
    char *t = strstr(ini, "title = T-shirt");
    REQUIRE(t);
    memcpy(t, "title = Polo   ", 15);
    char *it = strstr(ini, "pretix-item = 302 ");
    REQUIRE(it);
    memcpy(it, "pretix-item = 302:13", 20);
    const char *path = tu_path("change.ini");
    REQUIRE(tu_write_file(path, ini, strlen(ini)) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("event '%s' '%s'", db, path), &out, &err),
               0);
    EXPECT_CONTAINS(out, "list tshirt: title T-shirt -> Polo; who item=302 "
                         "-> item=302:13");

    /* Ada's M is no longer on it; Dee's L is, under the new title. */
    d = live_scan(&door, "adashirt5002");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "reason"), "not-on-list");
    json_decref(d);
    d = live_scan(&door, "deeshirt5032");
    REQUIRE(d);
    EXPECT_STR(live_str(d, "decision"), "admit");
    EXPECT_STR(live_str(d, "hand"), "Polo: L");
    json_decref(d);
    EXPECT_INT(live_stop(&door), 0);
}

/* describe -> init -> import -> scan, as an organizer runs them: the
 * T-shirt add-on (S/M/L) and the auction ticket become lists, the
 * question pretix shows during check-in is shown at the desk. */
static void describe_proposes_lists_from_a_pretix_export(void)
{
    const char *ini = tu_path("described.ini");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("describe '%s' --out '%s'", EXPORT, ini), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "2 check-in lists");
    char *text = tu_read_file(ini, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "[list t-shirt]\n; pretix product 302: T-shirt\n"
                          "; variation 302:11: S\n; variation 302:12: M\n"
                          "; variation 302:13: L\ntitle = T-shirt\n"
                          "pretix-item = 302\nonce = per-person\n");
    EXPECT_CONTAINS(text, "[list pyladies-auction]\n");
    EXPECT_CONTAINS(text, "once = per-person\n; if it admits to a room "
                          "rather than hands something over, name the "
                          "room:\n; room =\n");
    EXPECT_CONTAINS(text, "[admission]\nshow = question:dietary\n");
    EXPECT_NOT_CONTAINS(text, "[tutorial");
    free(text);
    /* The placeholders an organizer fills in: the days and the zone. */
    /* ... and the auction's room: it admits, it hands nothing over. */
    REQUIRE(tu_sh("sed -i -e 's/^; room =$/room = Ballroom/' "
                  "-e 's/^start = 2000-01-01/start = 2024-05-15/' "
                  "-e 's/^end = 2000-01-01/end = 2024-05-19/' "
                  "-e 's|^timezone = UTC|timezone = America/New_York|' '%s'",
                  ini) == 0);
    const char *db = tu_path("described.db");
    REQUIRE(init("described", ini, &out, &err) == 0);
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, EXPORT), &out, &err) ==
            0);
    EXPECT_NOT_CONTAINS(err, "left out");

    EXPECT_SCAN(db, "door:t-shirt", "adaticket5001", "2024-05-16 10:00", "hand",
                "T-shirt: M");
    json_t *d =
        scan(db, "door:pyladies-auction", "chiauction5022", "2024-05-16 19:00");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "badge_name"), "Chi Auction");
    EXPECT_STR(field(d, "reason"), "entered");
    EXPECT_STR(field(d, "reason_text"), "Welcome to PyLadies auction.");
    EXPECT_TRUE(!json_object_get(d, "hand"));
    json_decref(d);
    d = scan(db, "door:pyladies-auction", "chiauction5022", "2024-05-16 19:05");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "already-redeemed");
    EXPECT_CONTAINS(field(d, "reason_text"),
                    "Already admitted to PyLadies auction, 19:00 at ");
    json_decref(d);
    EXPECT_SCAN(db, "door:pyladies-auction", "adaticket5001",
                "2024-05-16 19:01", "reason", "not-on-list");
    d = scan(db, "desk", "adaticket5001", "2024-05-16 09:00");
    REQUIRE(d);
    json_t *a = json_array_get(json_object_get(d, "answers"), 0);
    EXPECT_STR(field(a, "question"), "Dietary needs");
    EXPECT_STR(field(a, "answer"), "vegan");
    json_decref(d);
}

/* The auction ticket bought on its own (Chi) and, in another order, as
 * an add-on to Ada's ticket: still a list, not a tutorial (issue 57).
 * The export is the fixture with one position added, a copy of Ada's
 * T-shirt add-on's in every key but its id, item and secret. */
static void an_auction_also_sold_as_an_addon_is_still_a_list(void)
{
    json_error_t je;
    json_t *root = json_load_file(EXPORT, 0, &je);
    REQUIRE(root);
    json_t *orders = json_object_get(json_object_get(root, "event"), "orders");
    json_t *ada = json_array_get(orders, 0);
    json_t *positions = json_object_get(ada, "positions");
    REQUIRE(!strcmp(json_string_value(json_object_get(ada, "code")), "ADA01"));
    json_t *addon = json_deep_copy(json_array_get(positions, 1));
    REQUIRE(json_integer_value(json_object_get(addon, "addon_to")) == 5001);
    json_object_set_new(addon, "id", json_integer(5003));
    json_object_set_new(addon, "positionid", json_integer(3));
    json_object_set_new(addon, "item", json_integer(401));
    json_object_set_new(addon, "variation", json_null());
    json_object_set_new(addon, "secret", json_string("adaauction5003"));
    json_array_append_new(positions, addon);
    const char *export = tu_path("auction-addon.json");
    REQUIRE(json_dump_file(root, export, JSON_COMPACT | JSON_ENSURE_ASCII) ==
            0);
    json_decref(root);

    const char *ini = tu_path("auction-addon.ini");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("describe '%s' --out '%s'", export, ini), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "2 check-in lists");
    char *text = tu_read_file(ini, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "[list pyladies-auction]\n");
    EXPECT_NOT_CONTAINS(text, "[tutorial");
    free(text);
}

/* The element `id`'s text, as JSON (malloc'd), in the page. */
static char *page_text(const char *id)
{
    char js[200];
    snprintf(js, sizeof(js),
             "return document.getElementById('%s').textContent;", id);
    return wd_exec(js);
}

/* The web screen's Swap size... and Undo handing over in Chromium at a
 * counter with stock: the swap's size chosen and sent, the verdict and
 * the stock shown follow; the undo's button takes the redemption out of
 * the file.  Skipped without Chromium. */
static void the_web_screen_swaps_and_undoes_at_a_counter(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    /* This counter also shows the dietary answer (the line after the
     * stock), so the page's list of answers is checked too. */
    const char *db = event_with_stock("webcounter.db",
                                      "S:5, M:5, L:5\nshow = question:dietary");
    REQUIRE(db);
    char path[4096];
    snprintf(path, sizeof(path), "%s", db);
    unlink(tu_path("live.err"));
    struct live door;
    REQUIRE(live_start(&door, "", path,
                       "--station door:tshirt --name tshirt-w --clock "
                       "'2024-05-16 10:12' --web 127.0.0.1:0") == 0);
    char *err =
        tu_wait_file(tu_path("live.err"), "Station screen: http://", 10000);
    struct tu_link link = {0};
    bool found = tu_find_link(err, "Station screen: ", &link);
    if (!found)
        TU_FAIL_AT("the station did not print its link: %s", err ? err : "");
    free(err);
    if (!found || wd_start(tu_path("counter-profile")) != 0) {
        live_stop(&door);
        REQUIRE(false);
    }
    if (wd_get(link.url) != 0) {
        TU_FAIL_AT("Chromium did not open %s", link.url);
        wd_quit();
        live_stop(&door);
        return;
    }
    json_t *d = live_scan(&door, "adaticket5001");
    EXPECT_STR(d ? live_str(d, "stock_left") : "", "M: 4 left");
    json_decref(d);
    char *v = wd_wait("return !document.getElementById('swap').hidden && "
                      "document.getElementById('stock-left').textContent;",
                      "\"M: 4 left\"", 20000);
    EXPECT_STR(v ? v : "", "\"M: 4 left\"");
    free(v);
    v = wd_wait("return [...document.querySelectorAll('#answers li')]"
                ".map(li => li.textContent).join('|');",
                "\"Dietary needs: vegan\"", 20000);
    EXPECT_STR(v ? v : "", "\"Dietary needs: vegan\"");
    free(v);
    /* Swap: the button, the size typed, Swap. */
    EXPECT_TRUE(wd_do("document.getElementById('swap').click(); return 1;"));
    v = wd_wait("return !document.getElementById('swap-panel').hidden;", "true",
                20000);
    EXPECT_STR(v ? v : "", "true");
    free(v);
    EXPECT_TRUE(
        wd_do("document.getElementById('swap-size').value = 'L';"
              "document.getElementById('swap-yes').click(); return 1;"));
    v = wd_wait("return document.getElementById('stock-left').textContent;",
                "\"L: 4 left; M: 5 left\"", 20000);
    EXPECT_STR(v ? v : "", "\"L: 4 left; M: 5 left\"");
    free(v);
    v = page_text("hand");
    EXPECT_STR(v ? v : "", "\"T-shirt: L\"");
    free(v);
    v = page_text("text");
    EXPECT_STR(v ? v : "", "\"Swapped: hand over L and take back M.\"");
    free(v);
    /* Undo: the button, and the redemption is gone from the file. */
    v = wd_wait("return !document.getElementById('counter-undo').hidden;",
                "true", 20000);
    EXPECT_STR(v ? v : "", "true");
    free(v);
    EXPECT_TRUE(
        wd_do("document.getElementById('counter-undo').click(); return 1;"));
    d = live_next(&door, 20000, has_reason, "undone");
    if (!d)
        TU_FAIL_AT("no verdict with reason undone came");
    EXPECT_STR(d ? live_str(d, "stock_left") : "", "L: 5 left");
    json_decref(d);
    v = wd_wait("return document.getElementById('stock-left').textContent;",
                "\"L: 5 left\"", 20000);
    EXPECT_STR(v ? v : "", "\"L: 5 left\"");
    free(v);
    wd_screenshot(tu_path("counter-undone.png"));
    wd_quit();
    EXPECT_INT(live_stop(&door), 0);
    EXPECT_INT(tu_sql_int(path, "SELECT count(*) FROM live_scan WHERE"
                                " target = 'tshirt' AND decision = 'admit'"
                                " AND attendee_ticket_id = '5001'"),
               0);
    EXPECT_INT(tu_sql_int(path, "SELECT count(*) FROM scan WHERE act ="
                                " 'undo' AND attendee_ticket_id = '5001'"),
               1);
    EXPECT_INT(tu_sql_int(path, "SELECT coalesce(sum(handed), 0) FROM"
                                " stock_count"),
               0);
}

/* An invitation-only summit (issue 29): `invited = yes` on its [list],
 * its people from `checkin import EVENT.db FILE.csv --list summit` (an
 * email or a ticket id a line).  A row naming nobody is one sentence and
 * the rest is taken; the summit admits only the invited; a second file
 * replaces the first's invitations, the counts saying so; an unknown
 * list, or one without invited = yes, is one sentence and changes
 * nothing. */
static void an_invitation_list_is_imported_and_admits_only_the_invited(void)
{
    static const char SUMMIT[] = "\n[list summit]\ntitle = Maintainers' "
                                 "summit\ninvited = yes\nonce = every-scan\n";
    char ini[sizeof(INI) + sizeof(SUMMIT)];
    snprintf(ini, sizeof(ini), "%s%s", INI, SUMMIT);
    char ini_path[4096], db[4096], csv[4096], args[12600];
    snprintf(ini_path, sizeof(ini_path), "%s", tu_path("summit.ini"));
    REQUIRE(tu_write_file(ini_path, ini, strlen(ini)) == 0);
    snprintf(db, sizeof(db), "%s", tu_path("summit.db"));
    REQUIRE(tu_event(db, ini_path, tu_path("summit.key"), EXPORT) == 0);
    snprintf(csv, sizeof(csv), "%s", tu_path("invitations.csv"));
    static const char FIRST[] = "email\nADA@example.org\n5011\n"
                                "nobody@example.org\n";
    REQUIRE(tu_write_file(csv, FIRST, strlen(FIRST)) == 0);
    const char *out, *errs;
    snprintf(args, sizeof(args), "import '%s' '%s' --list summit", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &errs), 1);
    EXPECT_CONTAINS(out, "list summit: 2 invited (2 new, 0 no longer "
                         "invited, 0 as before); 1 row left out (above).");
    EXPECT_CONTAINS(errs, "invitations.csv:4: no registration has the email "
                          "'nobody@example.org'; check the address, or give "
                          "their ticket id instead.");
    json_t *d = scan(db, "door:summit", "adaticket5001", "2024-05-16 10:00");
    EXPECT_STR(d ? field(d, "decision") : "", "admit");
    json_decref(d);
    d = scan(db, "door:summit", "chiticket5021", "2024-05-16 10:01");
    EXPECT_STR(d ? field(d, "decision") : "", "deny");
    EXPECT_STR(d ? field(d, "reason") : "", "not-on-list");
    EXPECT_STR(d ? field(d, "reason_text") : "",
               "Not on the Maintainers' summit list; send them to the "
               "registration help desk if they think they are.");
    json_decref(d);

    /* A second file replaces the first's invitations. */
    static const char SECOND[] = "5021\n\"5011\"\n";
    REQUIRE(tu_write_file(csv, SECOND, strlen(SECOND)) == 0);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, "list summit: 2 invited (1 new, 1 no longer "
                         "invited, 1 as before).");
    d = scan(db, "door:summit", "adaticket5001", "2024-05-16 10:02");
    EXPECT_STR(d ? field(d, "reason") : "", "not-on-list");
    json_decref(d);
    d = scan(db, "door:summit", "chiticket5021", "2024-05-16 10:03");
    EXPECT_STR(d ? field(d, "decision") : "", "admit");
    json_decref(d);

    /* An unknown list, and a list that takes no invitations. */
    EXPECT_TRUE(tu_checkin(tu_format("import '%s' '%s' --list sumit", db, csv),
                           &out, &errs) != 0);
    EXPECT_CONTAINS(errs, "has no list 'sumit' (its lists: lunch, summit, "
                          "tshirt); give --list the slug of a [list] "
                          "section with invited = yes.");
    EXPECT_TRUE(tu_checkin(tu_format("import '%s' '%s' --list tshirt", db, csv),
                           &out, &errs) != 0);
    EXPECT_CONTAINS(errs, "List tshirt takes no invitations; add invited = "
                          "yes to its [list tshirt] section");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM list_invitee"), 2);
}

TU_MAIN(
    TU_CASE(the_issues_example_works_as_written),
    TU_CASE(a_friday_pass_is_refused_on_thursday_with_when_it_is_valid),
    TU_CASE(a_tshirt_is_handed_once_with_its_size),
    TU_CASE(lunch_is_once_per_day),
    TU_CASE(a_once_list_with_a_room_admits_up_to_its_seats),
    TU_CASE(a_non_buyer_is_refused_as_not_on_the_list),
    TU_CASE(answers_are_shown_only_where_the_list_shows_them),
    TU_CASE(a_pretix_addon_qr_admits_at_its_door_and_identifies_at_the_desk),
    TU_CASE(a_day_outside_the_event_is_one_sentence),
    TU_CASE(a_list_change_reaches_a_running_door),
    TU_CASE(describe_proposes_lists_from_a_pretix_export),
    TU_CASE(an_auction_also_sold_as_an_addon_is_still_a_list),
    TU_CASE(a_counter_shows_stock_left_and_a_swap_moves_it),
    TU_CASE(a_counter_counts_what_another_station_on_its_file_handed),
    TU_CASE(the_organizer_lists_redeemed_twice_and_undoes_one),
    TU_CASE(a_bad_stock_is_one_sentence),
    TU_CASE(a_stock_size_the_export_lacks_is_one_sentence),
    TU_CASE(the_export_and_the_dashboard_show_redemptions_and_stock),
    TU_CASE(a_list_naming_an_unknown_item_or_variation_is_one_sentence),
    TU_CASE(a_held_person_is_refused_everywhere_with_nothing_more),
    TU_CASE(the_web_screen_swaps_and_undoes_at_a_counter),
    TU_CASE(an_invitation_list_is_imported_and_admits_only_the_invited))
