/* What a pretix export says of a ticket at the door (issue 49), through
 * the real `checkin` command: a position pretix blocks (`blocked`), one
 * valid for one day only (`valid_from` / `valid_until`), attention on an
 * order and on a product (`checkin_attention`, the order's `comment`), a
 * seated add-on (`seat`) and the order's `locale`.  The export is written
 * here as pretix's JSON exporter writes it (src/pretix/base/exporters/
 * json.py: one line, `json.dumps` separators, non-ASCII as \u escapes,
 * datetimes ISO 8601 with milliseconds and Z, the phone as the string
 * "None").  Scans are one process each, with --json at a chosen --clock;
 * the terminal's screen under tmux, the web page in Chromium, and the
 * hub on a real PostgreSQL (tests/hubfix.h). */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/store.h"
#include "hubfix.h"
#include "live.h"
#include "pgserver.h"
#include "testutil.h"
#include "webdriver.h"

static const char INI[] = "[event]\n"
                          "slug = pycon-door-2024\n"
                          "name = PyCon Door 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[ticket-type student]\n"
                          "label = Student\n"
                          "colour = #2E7D32\n"
                          "pretix-items = 102\n"
                          "\n"
                          "[tutorial pandas-intro]\n"
                          "title = Data analysis with pandas\n"
                          "room = 101A\n"
                          "start = 2024-05-15 09:00\n"
                          "end = 2024-05-15 12:30\n"
                          "capacity = 20\n"
                          "pretix-item = 501\n";

/* Wed 15 May, the first day, 09:05 in New York. */
#define CLOCK "2024-05-15 09:05"

/* Key `k` set to `v` in `o` (kept in order: JSON_PRESERVE_ORDER). */
static void put(json_t *o, const char *k, json_t *v)
{
    json_object_set_new(o, k, v ? v : json_null());
}

static json_t *str_or_null(const char *s)
{
    return s ? json_string(s) : json_null();
}

/* An item as the exporter writes it (its keys, in its order). */
static json_t *item(int id, const char *name, bool admission, bool attention)
{
    json_t *o = json_object();
    put(o, "id", json_integer(id));
    put(o, "position", json_integer(0));
    put(o, "name", json_string(name));
    put(o, "internal_name", json_string(""));
    put(o, "category", NULL);
    put(o, "price", json_string("100.00"));
    put(o, "tax_rate", json_string("0.00"));
    put(o, "tax_name", NULL);
    put(o, "admission", json_boolean(admission));
    put(o, "personalized", json_boolean(admission));
    put(o, "active", json_true());
    put(o, "sales_channels", json_pack("[s]", "web"));
    put(o, "description", json_string(""));
    put(o, "available_from", NULL);
    put(o, "available_until", NULL);
    put(o, "require_voucher", json_false());
    put(o, "hide_without_voucher", json_false());
    put(o, "allow_cancel", json_true());
    put(o, "require_bundling", json_false());
    put(o, "min_per_order", NULL);
    put(o, "max_per_order", NULL);
    put(o, "checkin_attention", json_boolean(attention));
    put(o, "original_price", NULL);
    put(o, "issue_giftcard", json_false());
    put(o, "meta_data", json_object());
    put(o, "require_membership", json_false());
    put(o, "variations", json_array());
    return o;
}

struct pos {
    int id, item, addon_to;
    const char *name, *secret;
    const char *seat;               /* or NULL */
    const char *valid_from, *until; /* or NULL */
    const char *blocked;            /* a reason, or NULL */
};

static json_t *position(const struct pos *p)
{
    json_t *o = json_object();
    put(o, "id", json_integer(p->id));
    put(o, "positionid", json_integer(1));
    put(o, "item", json_integer(p->item));
    put(o, "variation", NULL);
    put(o, "subevent", NULL);
    put(o, "seat", str_or_null(p->seat));
    put(o, "price", json_string("100.00"));
    put(o, "tax_rate", json_string("0.00"));
    put(o, "tax_value", json_string("0.00"));
    put(o, "attendee_name", json_string(p->name));
    put(o, "attendee_email", json_string("someone@example.org"));
    put(o, "company", NULL);
    put(o, "street", NULL);
    put(o, "zipcode", NULL);
    put(o, "country", NULL);
    put(o, "state", NULL);
    put(o, "secret", json_string(p->secret));
    put(o, "addon_to", p->addon_to ? json_integer(p->addon_to) : NULL);
    put(o, "answers", json_array());
    put(o, "valid_from", str_or_null(p->valid_from));
    put(o, "valid_until", str_or_null(p->until));
    put(o, "blocked", p->blocked ? json_pack("[s]", p->blocked) : NULL);
    return o;
}

static json_t *order(const char *code, bool attention, const char *comment,
                     const char *locale, json_t *positions)
{
    json_t *o = json_object();
    put(o, "code", json_string(code));
    put(o, "status", json_string("p"));
    put(o, "customer", NULL);
    put(o, "testmode", json_false());
    put(o, "user", json_string("someone@example.org"));
    put(o, "email", json_string("someone@example.org"));
    put(o, "phone", json_string("None"));
    put(o, "locale", json_string(locale));
    put(o, "comment", json_string(comment));
    put(o, "custom_followup_at", NULL);
    put(o, "require_approval", json_false());
    put(o, "checkin_attention", json_boolean(attention));
    put(o, "sales_channel", json_string("web"));
    put(o, "expires", json_string("2024-05-30T21:59:59.000Z"));
    put(o, "datetime", json_string("2024-03-01T10:00:00.123Z"));
    put(o, "fees", json_array());
    put(o, "total", json_string("100.00"));
    put(o, "positions", positions);
    return o;
}

/* The export: Ada (7001) blocked by the organizer in pretix, unless
 * `unblocked`; Bob (7011) valid on Thu 16 May only (00:00 to 23:59:59
 * New York, as pretix writes UTC); Ada has the pandas tutorial as an
 * add-on (not blocked itself); Cleo (7021) whose order asks for
 * attention, with a comment; Dan (7031) on the student ticket, a product
 * that asks for attention; Eve (7041), locale "de", with the pandas
 * tutorial as an add-on on seat "A-3-7". */
static const char *write_export(const char *file, bool unblocked)
{
    json_t *items = json_array();
    json_array_append_new(items, item(101, "Full conference", true, false));
    json_array_append_new(items, item(102, "Student ticket", true, true));
    json_array_append_new(items, item(501, "Tutorial: pandas", false, false));
    static const struct pos ada = {
        7001, 101,  0,    "Ada Lovelace", "adaticket7001",
        NULL, NULL, NULL, "admin"};
    struct pos ada_now = ada;
    if (unblocked)
        ada_now.blocked = NULL;
    static const struct pos bob = {7011,
                                   101,
                                   0,
                                   "Bob Babbage",
                                   "bobticket7011",
                                   NULL,
                                   "2024-05-16T04:00:00.000Z",
                                   "2024-05-17T03:59:59.000Z",
                                   NULL};
    static const struct pos cleo = {7021, 101, 0, "Cleo Cl\xc3\xa9ment",
                                    "cleoticket7021"};
    static const struct pos dan = {7031, 102, 0, "Dan Dewey", "danticket7031"};
    static const struct pos eve = {7041, 101, 0, "Eve Esposito",
                                   "eveticket7041"};
    static const struct pos eve_tut = {
        7042, 501, 7041, "Eve Esposito", "evepandas7042", "A-3-7"};
    json_t *eve_pos = json_array();
    json_array_append_new(eve_pos, position(&eve));
    json_array_append_new(eve_pos, position(&eve_tut));
    json_t *orders = json_array();
    static const struct pos ada_tut = {7002, 501, 7001, "Ada Lovelace",
                                       "adapandas7002"};
    json_array_append_new(orders, order("ADA01", false, "", "en",
                                        json_pack("[o, o]", position(&ada_now),
                                                  position(&ada_tut))));
    json_array_append_new(orders, order("BOB02", false, "", "en",
                                        json_pack("[o]", position(&bob))));
    json_array_append_new(
        orders, order("CLE03", true, "Speaker: walk her to the green room",
                      "fr", json_pack("[o]", position(&cleo))));
    json_array_append_new(orders, order("DAN04", false, "", "en",
                                        json_pack("[o]", position(&dan))));
    json_array_append_new(orders, order("EVE05", false, "", "de", eve_pos));
    json_t *ev = json_object();
    put(ev, "name", json_string("PyCon Door 2024"));
    put(ev, "slug", json_string("pycon-door-2024"));
    put(ev, "organizer",
        json_pack("{s:s, s:s}", "name", "PyCon Door Organizers", "slug",
                  "pycon-door"));
    put(ev, "meta_data", json_object());
    put(ev, "categories", json_array());
    put(ev, "items", items);
    put(ev, "questions", json_array());
    put(ev, "orders", orders);
    put(ev, "quotas", json_array());
    put(ev, "subevents", json_array());
    json_t *root = json_object();
    put(root, "event", ev);
    const char *path = tu_path(file);
    /* json.dumps: one line, ", " and ": ", \u escapes. */
    if (!root ||
        json_dump_file(root, path, JSON_ENSURE_ASCII | JSON_PRESERVE_ORDER))
        TU_FAIL_AT("could not write the export %s", path);
    json_decref(root);
    return path;
}

/* A fresh event `name` (tu_path) with the export imported. */
static const char *event(const char *name)
{
    char ini[64], key[64], exp[64];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    snprintf(key, sizeof(key), "%s.key", name);
    snprintf(exp, sizeof(exp), "%s.json", name);
    const char *export = write_export(exp, false);
    const char *ini_path = tu_path(ini);
    if (tu_write_file(ini_path, INI, strlen(INI)))
        return NULL;
    const char *db = tu_path(name);
    if (tu_event(db, ini_path, tu_path(key), export))
        return NULL;
    return tu_path(name);
}

/* One scan of `code` at `station` (more options in `opts`) at `clock`:
 * the decision's JSON object (the caller decrefs), or NULL after failing
 * the test. */
static json_t *scan_at(const char *db, const char *station, const char *opts,
                       const char *clock, const char *code)
{
    char args[2048], line[128];
    snprintf(args, sizeof(args),
             "scan '%s' --station %s %s --keyboard --json --clock '%s'", db,
             station, opts, clock);
    snprintf(line, sizeof(line), "%s\n", code);
    const char *out, *err;
    json_t *o = NULL;
    const char *p = tu_checkin_in(args, line, &out, &err) == 0 ? out : "";
    for (; *p && !o; p += strcspn(p, "\n"), p += *p == '\n') {
        o = json_loads(p, JSON_DISABLE_EOF_CHECK, NULL);
        if (o && !json_object_get(o, "decision")) {
            json_decref(o);
            o = NULL;
        }
    }
    if (!o)
        TU_FAIL_AT("checkin %s printed no decision for %s", args, code);
    return o;
}

static json_t *scan(const char *db, const char *station, const char *code)
{
    return scan_at(db, station, "", CLOCK, code);
}

static const char *field(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* Refused with the hold's sentence and nothing more; a macro so that a
 * failure names the caller's line. */
#define EXPECT_HELD(d)                                                         \
    do {                                                                       \
        json_t *d_ = (d);                                                      \
        REQUIRE(d_);                                                           \
        EXPECT_STR(field(d_, "decision"), "deny");                             \
        EXPECT_STR(field(d_, "reason"), "see-help-desk");                      \
        EXPECT_STR(field(d_, "reason_text"), "Please see the help desk.");     \
        EXPECT_STR(field(d_, "badge_name"), "");                               \
        char *all_ = json_dumps(d_, 0);                                        \
        EXPECT_NOT_CONTAINS(all_ ? all_ : "", "admin");                        \
        free(all_);                                                            \
        json_decref(d_);                                                       \
    } while (0)

/* The import keeps what the export says, the block's reason in the
 * organizer's file. */
static void the_import_keeps_what_pretix_says_at_the_door(void)
{
    const char *db = event("keep.db");
    REQUIRE(db);
    EXPECT_INT(tu_sql_int(db, "SELECT blocked FROM attendee WHERE ticket_id"
                              " = '7001'"),
               1);
    EXPECT_STR(tu_sql_text(db, "SELECT blocked_why FROM attendee WHERE"
                               " ticket_id = '7001'"),
               "admin");
    EXPECT_INT(tu_sql_int(db, "SELECT hold FROM attendee WHERE ticket_id"
                              " = '7001'"),
               0);
    /* 2024-05-16T04:00:00.000Z and 2024-05-17T03:59:59.000Z */
    EXPECT_INT(tu_sql_int(db, "SELECT valid_from_ms / 1000 FROM attendee"
                              " WHERE ticket_id = '7011'"),
               1715832000);
    EXPECT_INT(tu_sql_int(db, "SELECT valid_until_ms / 1000 FROM attendee"
                              " WHERE ticket_id = '7011'"),
               1715918399);
    EXPECT_STR(tu_sql_text(db, "SELECT attention FROM attendee WHERE"
                               " ticket_id = '7021'"),
               "Speaker: walk her to the green room");
    EXPECT_STR(tu_sql_text(db, "SELECT attention FROM attendee WHERE"
                               " ticket_id = '7031'"),
               "Student ticket");
    EXPECT_STR(tu_sql_text(db, "SELECT seat FROM attendee WHERE ticket_id"
                               " = '7041'"),
               "A-3-7");
    EXPECT_STR(tu_sql_text(db, "SELECT locale FROM attendee WHERE ticket_id"
                               " = '7041'"),
               "de");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM attendee WHERE"
                              " attention IS NOT NULL"),
               2);
    /* The same export again: unchanged. */
    const char *out =
        tu_checkin_want(0, "import '%s' '%s'", db, tu_path("keep.db.json"));
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 5 unchanged");
}

/* A blocked ticket is refused at the desk, at a door's entry and at its
 * exit, and at a list's counter, with the hold's sentence. */
static void a_blocked_ticket_is_refused_at_desk_entry_and_exit(void)
{
    const char *db = event("block.db");
    REQUIRE(db);
    EXPECT_HELD(scan(db, "desk", "adaticket7001"));
    EXPECT_HELD(scan(db, "door:pandas-intro", "adaticket7001"));
    EXPECT_HELD(
        scan_at(db, "door:pandas-intro", "--exit", CLOCK, "adaticket7001"));
    /* Nothing admitted her anywhere. */
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE decision ="
                              " 'admit'"),
               0);
    /* Her add-on's code is hers: refused too.  Others are admitted. */
    EXPECT_HELD(scan(db, "door:pandas-intro", "adapandas7002"));
    json_t *d = scan(db, "door:pandas-intro", "evepandas7042");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    json_decref(d);
}

/* pretix's block is kept apart from the organizer's own hold: an export
 * that no longer blocks Ada lifts pretix's block only, and her hold put
 * with `checkin hold` still refuses her. */
static void an_export_without_the_block_lifts_only_pretixs(void)
{
    const char *db = event("lift.db");
    REQUIRE(db);
    tu_checkin_want(0, "hold '%s' 7001 --why 'safety team'", db);
    const char *out = tu_checkin_want(0, "import '%s' '%s'", db,
                                      write_export("lift2.json", true));
    EXPECT_CONTAINS(out, "0 added, 1 updated");
    EXPECT_INT(tu_sql_int(db, "SELECT blocked FROM attendee WHERE ticket_id"
                              " = '7001'"),
               0);
    EXPECT_HELD(scan(db, "desk", "adaticket7001"));
    tu_checkin_want(0, "hold '%s' 7001 --release", db);
    json_t *d = scan(db, "desk", "adaticket7001");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    json_decref(d);
}

/* A validity bound that is no time is one warning naming the order, and
 * the person is stored, without that bound. */
static void a_bad_validity_time_is_one_warning_not_a_refused_person(void)
{
    const char *ini_path = tu_path("badtime.ini");
    REQUIRE(tu_write_file(ini_path, INI, strlen(INI)) == 0);
    const char *db = tu_path("badtime.db");
    tu_checkin_want(0, "init '%s' '%s' --key '%s'", db, ini_path,
                    tu_path("badtime.key"));
    const char *good = write_export("badtime.json", false);
    char *text = tu_read_file(good, NULL);
    REQUIRE(text);
    char *at = strstr(text, "2024-05-16T04:00:00.000Z");
    REQUIRE(at);
    memcpy(at, "next thursday!!!!!!!!!!!", 24);
    const char *bad = tu_path("badtime-bad.json");
    REQUIRE(tu_write_file(bad, text, strlen(text)) == 0);
    free(text);
    const char *out, *err;
    char args[1024];
    snprintf(args, sizeof(args), "import '%s' '%s'", db, bad);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "5 added, 0 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected");
    EXPECT_CONTAINS(err, "order BOB02, position 1 (ticket 7011): valid_from "
                         "'next thursday!!!!!!!!!!!' is not an ISO 8601 "
                         "time, so the ticket is kept without that bound");
    EXPECT_INT(tu_sql_int(db, "SELECT valid_from_ms IS NULL AND"
                              " valid_until_ms IS NOT NULL FROM attendee"
                              " WHERE ticket_id = '7011'"),
               1);
    /* The window with no start, said in French (issue 53), its days from
     * the catalogue. */
    json_t *d =
        scan_at(db, "desk", "--lang fr", "2024-05-17 00:01", "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason_text"),
               "Ce billet est valable jusqu'au jeu. 16 mai 23:59 ; il est "
               "maintenant ven. 17 mai 00:01.");
    json_decref(d);
}

/* A ticket valid on Thu 16 May only: refused the day before with the
 * window in the event's zone, admitted inside it, refused the day
 * after, at the desk and at a door. */
static void a_one_day_window_is_refused_outside_and_admits_inside(void)
{
    const char *db = event("window.db");
    REQUIRE(db);
    json_t *d = scan(db, "desk", "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "deny");
    EXPECT_STR(field(d, "reason"), "invalid-time");
    EXPECT_STR(field(d, "reason_text"), "This ticket is valid Thu 16 May "
                                        "00:00-23:59; now is Wed 15 May "
                                        "09:05.");
    json_decref(d);
    d = scan_at(db, "desk", "", "2024-05-17 00:01", "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason_text"), "This ticket is valid Thu 16 May "
                                        "00:00-23:59; now is Fri 17 May "
                                        "00:01.");
    json_decref(d);
    /* In German (issue 53): the days and months of the catalogue. */
    d = scan_at(db, "desk", "--lang de", CLOCK, "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason_text"), "Dieses Ticket gilt Do 16. Mai "
                                        "00:00-23:59; jetzt ist Mi 15. Mai "
                                        "09:05.");
    json_decref(d);
    d = scan_at(db, "desk", "", "2024-05-16 09:12", "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "reason"), "checked-in");
    json_decref(d);
}

/* Attention on an order (with its comment) and on a product: admitted,
 * with "attention": true and the reason in --json. */
static void attention_is_admitted_with_its_reason_in_json(void)
{
    const char *db = event("att.db");
    REQUIRE(db);
    json_t *d = scan(db, "desk", "cleoticket7021");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_TRUE(json_is_true(json_object_get(d, "attention")));
    EXPECT_STR(field(d, "attention_text"),
               "Speaker: walk her to the green room");
    json_decref(d);
    d = scan(db, "desk", "danticket7031");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_TRUE(json_is_true(json_object_get(d, "attention")));
    EXPECT_STR(field(d, "attention_text"), "Student ticket");
    json_decref(d);
    /* None asked for Eve. */
    d = scan(db, "desk", "eveticket7041");
    REQUIRE(d);
    EXPECT_TRUE(json_object_get(d, "attention") == NULL);
    json_decref(d);
}

/* The seated add-on's seat on the verdict, at the desk and at its
 * tutorial's door (its own code). */
static void a_seated_addon_shows_its_seat_on_the_verdict(void)
{
    const char *db = event("seat.db");
    REQUIRE(db);
    json_t *d = scan(db, "desk", "eveticket7041");
    REQUIRE(d);
    EXPECT_STR(field(d, "seat"), "A-3-7");
    json_decref(d);
    d = scan(db, "door:pandas-intro", "evepandas7042");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "seat"), "A-3-7");
    json_decref(d);
    /* Leaving: no cue. */
    d = scan_at(db, "door:pandas-intro", "--exit", CLOCK, "evepandas7042");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "left");
    EXPECT_TRUE(json_object_get(d, "seat") == NULL);
    json_decref(d);
}

/* The seat printed on the seated tutorial's ticket: `checkin badge`
 * renders Eve's badge and ticket to PDF, whose text pdftotext reads. */
static void the_seat_is_printed_on_the_tutorial_ticket(void)
{
    if (tu_sh("command -v pdftotext >/dev/null") != 0) {
        printf("pdftotext missing: run scripts/setup --tests\n");
        return;
    }
    const char *db = event("ticket.db");
    REQUIRE(db);
    const char *pdf = tu_path("eve.pdf");
    const char *key = tu_path("ticket.db.key");
    tu_checkin_want(0,
                    "badge '%s' 7041 --tutorial pandas-intro --key '%s'"
                    " --out '%s'",
                    db, key, pdf);
    const char *txt = tu_path("eve.txt");
    REQUIRE(tu_sh("pdftotext '%s' '%s'", pdf, txt) == 0);
    char *text = tu_read_file(txt, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "with pandas");
    EXPECT_CONTAINS(text, "101A, seat A-3-7");
    free(text);
    /* Ada's ticket has no seat: its room alone. */
    pdf = tu_path("ada.pdf");
    tu_checkin_want(0,
                    "badge '%s' 7001 --tutorial pandas-intro --key '%s'"
                    " --out '%s'",
                    db, key, pdf);
    REQUIRE(tu_sh("pdftotext '%s' '%s'", pdf, txt) == 0);
    text = tu_read_file(txt, NULL);
    REQUIRE(text);
    EXPECT_CONTAINS(text, "101A");
    EXPECT_NOT_CONTAINS(text, "seat");
    free(text);
}

/* The terminal's full-screen display: the attention cue on an order's
 * and on a product's ticket, the seat on Eve's. */
static void the_terminal_shows_attention_and_the_seat(void)
{
    if (!tu_tmux_available()) {
        printf("tmux missing: run scripts/setup --tests\n");
        return;
    }
    const char *db = event("tmux.db");
    REQUIRE(db);
    tu_tmux_station(db, "--station desk --name desk-a --clock '" CLOCK "'");
    tu_tmux_keys("cleoticket7021 Enter");
    free(tu_tmux_wait_for("(checked-in)",
                          "ATTENTION: Speaker: walk her to the green room"));
    tu_tmux_keys("danticket7031 Enter");
    free(tu_tmux_wait_for("Dan Dewey", "ATTENTION: Student ticket"));
    tu_tmux_keys("eveticket7041 Enter");
    char *s = tu_tmux_wait_for("Eve Esposito", "SEAT: A-3-7");
    EXPECT_NOT_CONTAINS(s, "ATTENTION");
    free(s);
    tu_tmux_quit();
}

/* A desk station on a new copy of the event (`name`) at the test's clock
 * with its web screen (`args` before it), and its page opened in
 * Chromium with `profile`; false (reported, nothing left running) when a
 * step failed. */
static bool page_open(struct live *st, const char *name, const char *args,
                      const char *profile)
{
    const char *db = event(name);
    if (!db) {
        TU_FAIL_AT("no event file %s", name);
        return false;
    }
    char path[4096];
    snprintf(path, sizeof(path), "%s", db);
    unlink(tu_path("live.err"));
    if (live_start(
            st, "", path,
            tu_format("%s --clock '" CLOCK "' --web 127.0.0.1:0", args)) != 0) {
        TU_FAIL_AT("the station did not start");
        return false;
    }
    char *err =
        tu_wait_file(tu_path("live.err"), "Station screen: http://", 60000);
    struct tu_link link = {0};
    bool found = tu_find_link(err, "Station screen: ", &link);
    if (!found)
        TU_FAIL_AT("the station did not print its link: %s", err ? err : "");
    free(err);
    if (!found || wd_start(tu_path(profile)) != 0) {
        if (found)
            TU_FAIL_AT("Chromium did not start");
        live_stop(st);
        return false;
    }
    if (wd_get(link.url) != 0) {
        TU_FAIL_AT("Chromium did not open %s", link.url);
        wd_quit();
        live_stop(st);
        return false;
    }
    return true;
}

/* The web station page in Chromium: the cue above the sentence, with its
 * own sound; then a verdict without one hides it, with admit's sound
 * (each verdict has one, issue 53). */
static void the_web_page_shows_attention_with_its_sound(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    struct live desk;
    if (!page_open(&desk, "web.db", "--station desk --name desk-w",
                   "web-profile"))
        return;
    json_t *d = live_scan(&desk, "danticket7031");
    EXPECT_STR(d ? live_str(d, "decision") : "", "admit");
    json_decref(d);
    char *v = wd_wait("return !document.getElementById('attention').hidden"
                      " && document.body.dataset.sound + ' | ' +"
                      " document.getElementById('attention').textContent;",
                      "\"attention | ATTENTION: Student ticket\"", 20000);
    EXPECT_STR(v ? v : "", "\"attention | ATTENTION: Student ticket\"");
    free(v);
    wd_screenshot(tu_path("attention.png"));
    d = live_scan(&desk, "eveticket7041");
    json_decref(d);
    v = wd_wait("return document.getElementById('attention').hidden + ' ' +"
                " (document.body.dataset.sound || 'quiet') + ' ' +"
                " document.getElementById('seat').textContent;",
                "\"true admit Seat: A-3-7\"", 20000);
    EXPECT_STR(v ? v : "", "\"true admit Seat: A-3-7\"");
    free(v);
    wd_quit();
    EXPECT_INT(live_stop(&desk), 0);
}

/* A phone at the desk (its /scan page in Chromium, the read sent as the
 * page sends a code it decoded): Dan's verdict shows the cue boxed above
 * the sentence with the attention tones; Eve's shows her seat and no
 * cue, with admit's beep. */
static void the_phone_page_shows_attention_with_its_sound(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    struct live desk;
    if (!page_open(&desk, "phone.db", "--station desk --name desk-p",
                   "phone-profile"))
        return;
    char *err =
        tu_wait_file(tu_path("live.err"), "Phones scan at: http", 20000);
    struct tu_link link = {0};
    bool found = tu_find_link(err, "Phones scan at: ", &link);
    free(err);
    if (!found || wd_get(link.url) != 0) {
        TU_FAIL_AT("the phone's page did not open");
        wd_quit();
        live_stop(&desk);
        return;
    }
    EXPECT_TRUE(wd_do("send(newRead('danticket7031')); return 1;"));
    char *v = wd_wait("return !document.getElementById('attention').hidden"
                      " && document.body.dataset.sound + ' | ' +"
                      " document.getElementById('attention').textContent;",
                      "\"attention | ATTENTION: Student ticket\"", 20000);
    EXPECT_STR(v ? v : "", "\"attention | ATTENTION: Student ticket\"");
    free(v);
    wd_screenshot(tu_path("phone-attention.png"));
    EXPECT_TRUE(wd_do("send(newRead('eveticket7041')); return 1;"));
    v = wd_wait("return document.getElementById('attention').hidden + ' ' +"
                " (document.body.dataset.sound || 'quiet') + ' ' +"
                " document.getElementById('seat').textContent;",
                "\"true admit Seat: A-3-7\"", 20000);
    EXPECT_STR(v ? v : "", "\"true admit Seat: A-3-7\"");
    free(v);
    wd_quit();
    EXPECT_INT(live_stop(&desk), 0);
}

/* The self check-in kiosk in Chromium: Dan, whose product asks for
 * attention, is asked to wait for a volunteer, and the reason (the
 * organizer's) is not on the attendee's screen; then Cleo reads her own
 * still-needs line. */
static void the_kiosk_asks_the_attendee_to_wait_without_the_reason(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    struct live kiosk;
    if (!page_open(&kiosk, "kiosk.db", "--station desk --name kiosk-1 --kiosk",
                   "kiosk-profile"))
        return;
    char *v = wd_wait("return document.getElementById('status').textContent;",
                      "\"ready\"", 20000);
    free(v);
    json_t *d = live_scan(&kiosk, "danticket7031");
    EXPECT_STR(d ? live_str(d, "decision") : "", "admit");
    json_decref(d);
    v = wd_wait("return !document.getElementById('attention').hidden &&"
                " document.getElementById('attention').textContent;",
                "\"ATTENTION: please wait here and show your ticket to a "
                "volunteer before you go in.\"",
                20000);
    EXPECT_STR(v ? v : "", "\"ATTENTION: please wait here and show your "
                           "ticket to a volunteer before you go in.\"");
    free(v);
    v = wd_exec("return document.body.textContent;");
    EXPECT_TRUE(v && !strstr(v, "Student"));
    free(v);
    wd_screenshot(tu_path("kiosk-attention.png"));
    /* Issue 55 item 2: Cleo, whose order is made unpaid meanwhile, reads
     * her own still-needs line, the badge and the order to pay, in her
     * order's language (French). */
    EXPECT_INT(tu_sh("sqlite3 '%s' \"UPDATE attendee SET status = 'pending'"
                     " WHERE ticket_id = '7021'\"",
                     tu_path("kiosk.db")),
               0);
    d = live_scan(&kiosk, "cleoticket7021");
    EXPECT_STR(d ? live_str(d, "reason") : "", "unpaid");
    json_decref(d);
    const char *want = "\"Reste \xc3\xa0 recevoir : Badge : \xc3\xa0"
                       " l'accueil; Commande CLE03 : non pay\xc3\xa9"
                       "e.\"";
    v = wd_wait("return document.getElementById('needs').textContent;", want,
                20000);
    EXPECT_STR(v ? v : "", want);
    free(v);
    wd_quit();
    EXPECT_INT(live_stop(&kiosk), 0);
}

/* Through the hub: a door enrolled before the import (it never saw the
 * block) and one enrolled after both refuse Ada after their next pull,
 * and learn Bob's window, Cleo's attention and Eve's seat; an export
 * that lifts the block reaches them too. */
static void a_door_that_never_saw_the_export_learns_it_from_the_hub(void)
{
    const char *ini_path = tu_path("hub.ini");
    REQUIRE(tu_write_file(ini_path, INI, strlen(INI)) == 0);
    const char *db = tu_path("hub.db");
    tu_checkin_want(0, "init '%s' '%s' --key '%s'", db, ini_path,
                    tu_path("hub.key"));
    REQUIRE(hubfix_publish(db, "doorf"));
    char early[512], desk[512];
    snprintf(early, sizeof(early), "%s",
             hubfix_station(db, "door-1", "door:pandas-intro", "hub-early.db"));
    tu_checkin_want(0, "import '%s' '%s'", db, write_export("hub.json", false));
    tu_checkin_want(0, "sync '%s'", db);
    snprintf(desk, sizeof(desk), "%s",
             hubfix_station(db, "desk-1", "desk", "hub-desk.db"));
    tu_checkin_want(0, "sync '%s'", early);
    EXPECT_HELD(scan(early, "door:pandas-intro", "adaticket7001"));
    EXPECT_HELD(
        scan_at(early, "door:pandas-intro", "--exit", CLOCK, "adaticket7001"));
    EXPECT_HELD(scan(desk, "desk", "adaticket7001"));
    /* The reason stays with the organizer. */
    EXPECT_INT(tu_sql_int(desk, "SELECT count(*) FROM attendee WHERE"
                                " blocked_why IS NOT NULL"),
               0);
    json_t *d = scan(desk, "desk", "bobticket7011");
    REQUIRE(d);
    EXPECT_STR(field(d, "reason"), "invalid-time");
    json_decref(d);
    d = scan(desk, "desk", "cleoticket7021");
    REQUIRE(d);
    EXPECT_STR(field(d, "attention_text"),
               "Speaker: walk her to the green room");
    json_decref(d);
    d = scan(early, "door:pandas-intro", "evepandas7042");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    EXPECT_STR(field(d, "seat"), "A-3-7");
    json_decref(d);
    EXPECT_STR(tu_sql_text(desk, "SELECT locale FROM attendee WHERE"
                                 " ticket_id = '7041'"),
               "de");
    /* pretix lifts the block: the stations admit her after their pull. */
    tu_checkin_want(0, "import '%s' '%s'", db, write_export("hub2.json", true));
    tu_checkin_want(0, "sync '%s'", db);
    tu_checkin_want(0, "sync '%s'", desk);
    d = scan(desk, "desk", "adaticket7001");
    REQUIRE(d);
    EXPECT_STR(field(d, "decision"), "admit");
    json_decref(d);
}

/* The local file's schema is the one that holds these fields. */
static void a_new_file_has_the_schema_with_the_door_fields(void)
{
    const char *db = event("schema.db");
    REQUIRE(db);
    EXPECT_INT(tu_sql_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(the_import_keeps_what_pretix_says_at_the_door),
        TU_CASE(a_blocked_ticket_is_refused_at_desk_entry_and_exit),
        TU_CASE(an_export_without_the_block_lifts_only_pretixs),
        TU_CASE(a_one_day_window_is_refused_outside_and_admits_inside),
        TU_CASE(a_bad_validity_time_is_one_warning_not_a_refused_person),
        TU_CASE(attention_is_admitted_with_its_reason_in_json),
        TU_CASE(a_seated_addon_shows_its_seat_on_the_verdict),
        TU_CASE(the_seat_is_printed_on_the_tutorial_ticket),
        TU_CASE(the_terminal_shows_attention_and_the_seat),
        TU_CASE(the_web_page_shows_attention_with_its_sound),
        TU_CASE(the_phone_page_shows_attention_with_its_sound),
        TU_CASE(the_kiosk_asks_the_attendee_to_wait_without_the_reason),
        TU_CASE(a_door_that_never_saw_the_export_learns_it_from_the_hub),
        TU_CASE(a_new_file_has_the_schema_with_the_door_fields),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
