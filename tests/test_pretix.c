/* pretix's "Order data (JSON)" export as its own exporter writes it
 * (pretix_export.h, the generator), through the real `checkin` command:
 * variations by their exporter "name" at a T-shirt counter with stock
 * (issue 49.1), names holding zero-width characters found by the letters
 * a volunteer types, terminal escape sequences removed whole (49.5), and
 * the whole attendee_name kept, corrected and exported as one (49.6). */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "pretix_export.h"
#include "testutil.h"

static long long query_int(const char *db, const char *sql)
{
    sqlite3 *h;
    long long v = -1;
    if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *q;
        if (sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK &&
            sqlite3_step(q) == SQLITE_ROW)
            v = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return v;
}

static const char *slurp(const char *path)
{
    static char buf[1 << 16];
    char *text = tu_read_file(path, NULL);
    snprintf(buf, sizeof(buf), "%s", text ? text : "");
    free(text);
    return buf;
}

/* The T-shirt event: a conference ticket (101) and a T-shirt add-on
 * (302) in S, M and L (variations 11-13), bought by five people: S, M,
 * M, L and none. */
static struct px_event *tshirt_event(void)
{
    struct px_event *e = px_event_new("PyCon Shirts 2028", "pyconshirts2028");
    if (!e)
        return NULL;
    px_category(e, 1, "Tickets");
    px_category(e, 2, "Extras");
    px_item(e, 101, "Conference", true, "100.00")->category = 1;
    struct px_item *shirt = px_item(e, 302, "T-shirt", false, "10.00");
    shirt->category = 2;
    px_variation(shirt, 11, "S");
    px_variation(shirt, 12, "M");
    px_variation(shirt, 13, "L");
    px_quota(e, 900, 500, (const int64_t[]){101, 0}, NULL);
    static const int64_t SIZE[] = {11, 12, 12, 13, 0};
    static const char *const WHO[] = {"Ada Lovelace", "Grace Hopper",
                                      "Alan Turing", "Edsger Dijkstra",
                                      "Barbara Liskov"};
    for (int k = 0; k < 5; k++) {
        char code[8];
        snprintf(code, sizeof(code), "SH%03d", k);
        struct px_order *o =
            px_order(e, px_str(e, code), 'p', "buyer@example.com");
        px_position(o, 2000 + 2 * k, 101, 0, WHO[k], 0);
        if (SIZE[k])
            px_position(o, 2001 + 2 * k, 302, SIZE[k], NULL, 2000 + 2 * k);
    }
    return e;
}

/* The secret of order `code`'s first position in `e`. */
static const char *first_secret(const struct px_event *e, const char *code)
{
    for (int i = 0; i < e->norders; i++)
        if (!strcmp(e->orders[i]->code, code))
            return e->orders[i]->positions[0]->secret;
    return NULL;
}

/* describe's proposal for `exp`, with real dates, the T-shirt list's
 * stock added, init and import: the import's stderr, or NULL. */
static const char *shirt_event_db(const char *exp, const char *name)
{
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *db = tu_path(tu_format("%s.db", name));
    const char *out, *err;
    if (tu_checkin(tu_format("describe '%s' --out '%s'", exp, ini), &out, &err))
        return NULL;
    char *text = tu_read_file(ini, NULL);
    if (!text)
        return NULL;
    static char edited[1 << 16];
    const char *list = strstr(text, "pretix-item = 302\n");
    const char *start = strstr(text, "start = 2000-01-01\nend = 2000-01-01\n");
    if (!list || !start || list < start) {
        free(text);
        return NULL;
    }
    snprintf(edited, sizeof(edited),
             "%.*sstart = 2028-05-15\nend = 2028-05-19\n%.*s"
             "pretix-item = 302\nstock = S:20, M:20, L:20\n%s",
             (int)(start - text), text, (int)(list - start - 36), start + 36,
             list + 18);
    free(text);
    unlink(ini);
    if (tu_write_file(ini, edited, strlen(edited)) ||
        tu_checkin(tu_format("init '%s' '%s'", db, ini), &out, &err) ||
        tu_checkin(tu_format("import '%s' '%s'", db, exp), &out, &err))
        return NULL;
    return err;
}

/* An export written as pretix's exporter writes it, T-shirts in S, M and
 * L by their "name": describe names the sizes, import takes them without
 * a warning, and the T-shirt counter hands the size and counts its stock
 * down.  The REST API's "value" keeps working. */
static void exporter_variation_names_reach_the_tshirt_counter(void)
{
    struct px_event *e = tshirt_event();
    REQUIRE(e);
    const char *exp = tu_path("shirts.json");
    REQUIRE(px_write(e, exp) == 0);
    const char *ini = tu_path("shirts-look.ini"), *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("describe '%s' --out '%s'", exp, ini), &out, &err),
        0);
    const char *text = slurp(ini);
    EXPECT_CONTAINS(text, "[list t-shirt]\n; pretix product 302: T-shirt\n"
                          "; variation 302:11: S\n; variation 302:12: M\n"
                          "; variation 302:13: L\n");

    err = shirt_event_db(exp, "shirts");
    REQUIRE(err);
    EXPECT_NOT_CONTAINS(err, "arning");
    const char *db = tu_path("shirts.db");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee"), 5);
    static const struct {
        const char *order, *hand, *left;
    } SCANS[] = {{"SH001", "T-shirt: M", "M: 19 left"},
                 {"SH002", "T-shirt: M", "M: 18 left"},
                 {"SH003", "T-shirt: L", "L: 19 left"},
                 {"SH000", "T-shirt: S", "S: 19 left"}};
    /* An hour apart, so that no rate warning joins the count. */
    for (size_t i = 0; i < sizeof(SCANS) / sizeof(SCANS[0]); i++) {
        const char *args = tu_format("scan '%s' --station door:t-shirt "
                                     "--keyboard --json --clock "
                                     "'2028-05-16 1%zu:00'",
                                     db, i);
        const char *line = tu_format("%s\n", first_secret(e, SCANS[i].order));
        EXPECT_INT(tu_checkin_in(args, line, &out, &err), 0);
        json_t *d = json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
        REQUIRE(d);
        EXPECT_STR(json_string_value(json_object_get(d, "decision")), "admit");
        EXPECT_STR(json_string_value(json_object_get(d, "hand")),
                   SCANS[i].hand);
        EXPECT_STR(json_string_value(json_object_get(d, "stock_left")),
                   SCANS[i].left);
        json_decref(d);
    }

    /* The REST API's shape ("value") still names the sizes. */
    json_t *root = json_load_file(exp, 0, NULL);
    REQUIRE(root);
    size_t i, j;
    json_t *it, *var;
    json_array_foreach(json_object_get(json_object_get(root, "event"), "items"),
                       i, it)
    {
        json_array_foreach(json_object_get(it, "variations"), j, var)
        {
            json_object_set(var, "value", json_object_get(var, "name"));
            json_object_del(var, "name");
        }
    }
    const char *rest = tu_path("shirts-rest.json");
    REQUIRE(json_dump_file(root, rest, 0) == 0);
    json_decref(root);
    err = shirt_event_db(rest, "shirts-rest");
    REQUIRE(err);
    EXPECT_NOT_CONTAINS(err, "arning");
    EXPECT_INT(
        tu_checkin_in(tu_format("scan '%s' --station door:t-shirt --keyboard "
                                "--json --clock '2028-05-16 10:00'",
                                tu_path("shirts-rest.db")),
                      tu_format("%s\n", first_secret(e, "SH001")), &out, &err),
        0);
    EXPECT_CONTAINS(out, "\"hand\":\"T-shirt: M\"");
    px_free(e);
}

/* The reader takes a plain integer itself (not strtoll): a position id at
 * the top of 64 bits is stored as its text and its add-on, whose addon_to
 * names it, is read with it (the T-shirt's size at the counter). */
static void ids_at_the_top_of_64_bits_link_their_addons(void)
{
    struct px_event *e = tshirt_event();
    REQUIRE(e);
    struct px_order *o = e->orders[1]; /* SH001: Grace Hopper, an M */
    o->positions[0]->id = INT64_MAX;
    o->positions[1]->id = INT64_MAX - 1;
    o->positions[1]->addon_to = INT64_MAX;
    const char *exp = tu_path("shirts-big.json");
    REQUIRE(px_write(e, exp) == 0);
    EXPECT_CONTAINS(slurp(exp), "\"addon_to\": 9223372036854775807");
    const char *err = shirt_event_db(exp, "shirts-big");
    REQUIRE(err);
    EXPECT_NOT_CONTAINS(err, "arning");
    const char *db = tu_path("shirts-big.db");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE ticket_id "
                             "= '9223372036854775807'"),
               1);
    const char *out;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station door:t-shirt "
                                       "--keyboard --json --clock "
                                       "'2028-05-16 10:00'",
                                       db),
                             tu_format("%s\n", first_secret(e, "SH001")), &out,
                             &err),
               0);
    EXPECT_CONTAINS(out, "\"hand\":\"T-shirt: M\"");
    px_free(e);
}

/* The generator writes what json.dumps(cls=DjangoJSONEncoder) writes:
 * one line, ", " and ": ", \uXXXX in lower case with surrogate pairs,
 * milliseconds only when a time has a fraction, "None" for a phone never
 * given, null where the exporter writes None. */
static void the_generator_writes_as_pretixs_exporter(void)
{
    struct px_event *e = px_event_new("Caf\xc3\xa9 \xf0\x9f\x98\x80", "cafe");
    REQUIRE(e);
    px_item(e, 101, "Ticket", true, "10.00");
    struct px_order *o = px_order(e, "AB12C", 'p', "a@example.com");
    o->datetime = px_time(2028, 2, 29, 23, 59, 58, 0);
    o->expires = px_time(2028, 3, 14, 8, 5, 1, 123999);
    struct px_position *p =
        px_position(o, 7, 101, 0, "Zo\xc3\xab \"Q\"\x7f", 0);
    p->blocked[0] = "admin";
    const char *exp = tu_path("gen.json");
    REQUIRE(px_write(e, exp) == 0);
    px_free(e);
    size_t len;
    char *text = tu_read_file(exp, &len);
    REQUIRE(text);
    EXPECT_TRUE(!memchr(text, '\n', len));
    EXPECT_CONTAINS(text, "{\"event\": {\"name\": \"Caf\\u00e9 "
                          "\\ud83d\\ude00\", \"slug\": \"cafe\", ");
    EXPECT_CONTAINS(text, "\"phone\": \"None\", \"locale\": \"en\", ");
    EXPECT_CONTAINS(text, "\"expires\": \"2028-03-14T08:05:01.123Z\", "
                          "\"datetime\": \"2028-02-29T23:59:58Z\", \"fees\": "
                          "[], \"total\": \"10.00\", ");
    EXPECT_CONTAINS(text, "\"attendee_name\": \"Zo\\u00eb \\\"Q\\\"\\u007f\", "
                          "\"attendee_email\": null, ");
    EXPECT_CONTAINS(text, "\"addon_to\": null, \"valid_from\": null, "
                          "\"valid_until\": null, \"blocked\": [\"admin\"], "
                          "\"answers\": []}]}], \"quotas\": [], "
                          "\"subevents\": []}}");
    json_error_t je;
    json_t *root = json_loads(text, 0, &je);
    if (!root)
        TU_FAIL_AT("not JSON: %s at %d", je.text, je.position);
    json_decref(root);
    free(text);
}

/* Export `e` as `name`.json, describe, init and import it as an
 * organizer does into `name`.db; the import's stderr, or NULL. */
static const char *imported(struct px_event *e, const char *name)
{
    const char *exp = tu_path(tu_format("%s.json", name));
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *db = tu_path(tu_format("%s.db", name));
    const char *out, *err;
    if (px_write(e, exp) ||
        tu_checkin(tu_format("describe '%s' --out '%s'", exp, ini), &out,
                   &err) ||
        tu_checkin(tu_format("init '%s' '%s'", db, ini), &out, &err) ||
        tu_checkin(tu_format("import '%s' '%s'", db, exp), &out, &err))
        return NULL;
    return err;
}

/* How many attendees `checkin attendees DB QUERY` finds, or -1. */
static int found(const char *db, const char *query)
{
    const char *out, *err;
    if (tu_checkin(tu_format("attendees '%s' '%s'", db, query), &out, &err))
        return -1;
    if (strstr(out, "1 attendee"))
        return 1;
    if (strstr(out, "No attendee") || strstr(out, "0 attendees"))
        return 0;
    return -2;
}

/* Names holding characters drawn as nothing (a zero-width space inside
 * a word, a joiner, a soft hyphen, a byte order mark), as pretix exports
 * them (\u200b and the like): each is found by the letters a volunteer
 * sees and types, and still by the whole name. */
static void invisible_characters_do_not_hide_a_name_from_search(void)
{
    struct px_event *e = px_event_new("PyCon Names 2028", "pyconnames2028");
    REQUIRE(e);
    px_item(e, 101, "Conference", true, "100.00");
    static const char *const NAMES[] = {
        "Ada Love\xe2\x80\x8blace",       /* U+200B zero-width space */
        "Ol\xe2\x80\x8divia Newton",      /* U+200D zero-width joiner */
        "Ma\xc2\xadrie Curie",            /* U+00AD soft hyphen */
        "\xef\xbb\xbfGrace Hopper",       /* U+FEFF byte order mark */
        "Alan Tu\xe2\x81\xa0ring",        /* U+2060 word joiner */
        "Kat\xe2\x80\x8cherine Johnson"}; /* U+200C zero-width non-joiner */
    static const char *const TYPED[] = {"lovelace", "olivia", "marie",
                                        "grace",    "turing", "katherine"};
    for (int k = 0; k < 6; k++) {
        struct px_order *o = px_order(e, px_str(e, tu_format("ZW%03d", k)), 'p',
                                      "buyer@example.com");
        px_position(o, 3000 + k, 101, 0, NAMES[k], 0);
    }
    const char *err = imported(e, "zw");
    px_free(e);
    REQUIRE(err);
    const char *db = tu_path("zw.db");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee"), 6);
    for (int k = 0; k < 6; k++) {
        if (found(db, TYPED[k]) != 1)
            TU_FAIL_AT("'%s' does not find %s", TYPED[k], NAMES[k]);
    }
    EXPECT_INT(found(db, "ada lovelace"), 1);
    EXPECT_INT(found(db, "Love\xe2\x80\x8blace"), 1); /* pasted as it is */
}

/* A name holding terminal escape sequences (pretix exports ESC as
 * \u001b) is stored without them, whole ("[31m" too), with one warning
 * naming the order; the person is found and nothing else is lost. */
static void escape_sequences_are_removed_whole_with_a_warning(void)
{
    struct px_event *e = px_event_new("PyCon Esc 2028", "pyconesc2028");
    REQUIRE(e);
    px_item(e, 101, "Conference", true, "100.00");
    struct px_order *o = px_order(e, "ESC01", 'p', "buyer@example.com");
    px_position(o, 4001, 101, 0,
                "\x1b[31mAda\x1b[0m Love\x1b]0;pwned\x07lace\x1b[1;1H", 0);
    o = px_order(e, "ESC02", 'p', "buyer@example.com");
    px_position(o, 4002, 101, 0, "Grace Hopper", 0);
    const char *err = imported(e, "esc");
    px_free(e);
    REQUIRE(err);
    const char *db = tu_path("esc.db");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee"), 2);
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "badge_name = 'Ada Lovelace'"),
               1);
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "badge_name LIKE '%[%' OR given_name LIKE "
                             "'%[%' OR search_key LIKE '%31m%'"),
               0);
    EXPECT_CONTAINS(err, "warning: order ESC01, position 1 (ticket 4001): "
                         "4 terminal escape sequences (such as \"ESC [31m\") "
                         "removed from given_name (now \"Ada Lovelace\")");
    EXPECT_INT(found(db, "lovelace"), 1);
}

/* pretix's exporter writes only the built attendee_name, never its
 * parts: the whole name is kept as the one name field (the given name),
 * so the desk's correction opens with it, `checkin edit --name` corrects
 * it as one field (the badge made of it follows), and the exports' name
 * columns carry it. */
static void a_whole_name_is_kept_corrected_as_one_and_exported(void)
{
    struct px_event *e = px_event_new("PyCon Whole 2028", "pyconwhole2028");
    REQUIRE(e);
    px_item(e, 101, "Conference", true, "100.00");
    struct px_order *o = px_order(e, "WN001", 'p', "buyer@example.com");
    px_position(o, 5001, 101, 0, "Ada Lovelace", 0);
    o = px_order(e, "WN002", 'p', "buyer@example.com");
    px_position(o, 5002, 101, 0, "Sun Yat-sen", 0);
    const char *err = imported(e, "whole");
    px_free(e);
    REQUIRE(err);
    const char *db = tu_path("whole.db"), *out;
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "ticket_id = '5001' AND given_name = 'Ada "
                             "Lovelace' AND family_name = '' AND badge_name "
                             "= 'Ada Lovelace'"),
               1);
    EXPECT_INT(tu_checkin(tu_format("export '%s' no-shows", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "5002,WN002,Sun Yat-sen,Sun Yat-sen,,");

    EXPECT_INT(tu_checkin(tu_format("edit '%s' 5001 --name 'Augusta Ada "
                                    "King'",
                                    db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "Edited 1 field of Augusta Ada King (ticket 5001)");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "ticket_id = '5001' AND given_name = 'Augusta "
                             "Ada King' AND family_name = '' AND badge_name "
                             "= 'Augusta Ada King'"),
               1);
    EXPECT_INT(found(db, "augusta king"), 1);
    /* Names and --name together: one sentence, nothing changed. */
    EXPECT_INT(
        tu_checkin(tu_format("edit '%s' 5001 --name X --family-name Y", db),
                   &out, &err),
        1);
    EXPECT_CONTAINS(err, "Give the whole name, or the given and family "
                         "names, not both");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "given_name = 'X'"),
               0);
    /* A re-import keeps the correction while the export's name stays. */
    EXPECT_INT(
        tu_checkin(tu_format("import '%s' '%s'", db, tu_path("whole.json")),
                   &out, &err),
        0);
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 2 unchanged");
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "given_name = 'Augusta Ada King'"),
               1);
}

/* The terminal desk's correction (Ctrl-E) of a name pretix gave only
 * whole: one "name (whole)" field and no family name asked; the name
 * typed is kept whole (the given name, the family name empty). */
static void the_terminal_corrects_a_whole_name_as_one_field(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    struct px_event *e = px_event_new("PyCon Fix 2028", "pyconfix2028");
    REQUIRE(e);
    px_item(e, 101, "Conference", true, "100.00");
    struct px_order *o = px_order(e, "FX001", 'p', "buyer@example.com");
    px_position(o, 6001, 101, 0, "Ada Lovelace", 0);
    char secret[128];
    snprintf(secret, sizeof(secret), "%s", first_secret(e, "FX001"));
    const char *err = imported(e, "fix");
    px_free(e);
    REQUIRE(err);
    const char *db = tu_path("fix.db");
    tu_tmux_station(db, "--station desk --name desk-f");
    tu_tmux_keys(tu_format("'%s' Enter", secret));
    free(tu_tmux_wait_for("(checked-in)", "Checked in: 1"));
    tu_tmux_keys("C-e");
    free(tu_tmux_wait_for("CORRECT: badge name"));
    tu_pause_as_a_person(); /* an Enter alone: a person's, not a CR LF */
    tu_tmux_keys("Enter");
    char *screen = tu_tmux_wait_for("CORRECT: name (whole)");
    EXPECT_NOT_CONTAINS(screen, "family name");
    free(screen);
    tu_tmux_keys("C-u 'Augusta Ada King' Enter");
    free(tu_tmux_wait_for("CORRECT: pronouns"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    free(tu_tmux_wait_for("CORRECT: company"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    free(tu_tmux_wait_for("CORRECT: email"));
    tu_pause_as_a_person();
    tu_tmux_keys("Enter");
    free(tu_tmux_wait_for("Augusta Ada King"));
    tu_tmux_quit();
    EXPECT_INT(query_int(db, "SELECT count(*) FROM attendee WHERE "
                             "ticket_id = '6001' AND given_name = 'Augusta "
                             "Ada King' AND family_name = ''"),
               1);
}

TU_MAIN(TU_CASE(the_generator_writes_as_pretixs_exporter),
        TU_CASE(exporter_variation_names_reach_the_tshirt_counter),
        TU_CASE(ids_at_the_top_of_64_bits_link_their_addons),
        TU_CASE(invisible_characters_do_not_hide_a_name_from_search),
        TU_CASE(escape_sequences_are_removed_whole_with_a_warning),
        TU_CASE(a_whole_name_is_kept_corrected_as_one_and_exported),
        TU_CASE(the_terminal_corrects_a_whole_name_as_one_field))
