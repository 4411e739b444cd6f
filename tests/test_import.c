/* Registration import: both formats of the demo event including every
 * tricky row, re-import idempotence and updates, cancellation, and
 * all-or-nothing files with FILE:LINE messages (said as `checkin import`
 * says them, commands/import_report.c); then attendee search in many
 * scripts.  Runs against real SQLite files. */
#include <iconv.h>
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/import_report.h"
#include "checkin/store.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "checkin/text.h"
#include "testutil.h"

#define DEMO_CSV CONFIG_DIR "/demo/registrations.csv"
#define DEMO_JSON CONFIG_DIR "/demo/pretix-orders.json"
#define UPDATE_CSV TEST_DATA_DIR "/demo-update.csv"
#define UPDATE_JSON TEST_DATA_DIR "/demo-update-pretix.json"

static char reports[16384], warnings[16384];

static void collect_warning(void *ctx, const char *file, long line,
                            const struct import_note *why)
{
    (void)ctx;
    char text[1200];
    import_note_text(why, text, sizeof(text));
    const char *base = strrchr(file, '/');
    size_t n = strlen(warnings);
    if (line > 0)
        snprintf(warnings + n, sizeof(warnings) - n, "%s:%ld: warning: %s\n",
                 base ? base + 1 : file, line, text);
    else
        snprintf(warnings + n, sizeof(warnings) - n, "%s: warning: %s\n",
                 base ? base + 1 : file, text);
}

static void collect(void *ctx, const char *file, long line,
                    const struct import_note *note)
{
    (void)ctx;
    char why[1200];
    import_note_text(note, why, sizeof(why));
    const char *base = strrchr(file, '/');
    size_t n = strlen(reports);
    if (line > 0)
        snprintf(reports + n, sizeof(reports) - n, "%s:%ld: %s\n",
                 base ? base + 1 : file, line, why);
    else /* the message names the place: "order X, position N" */
        snprintf(reports + n, sizeof(reports) - n, "%s: %s\n",
                 base ? base + 1 : file, why);
}

static store *new_event(const char *name)
{
    const char *path = tu_path(name);
    unlink(path);
    struct ck_error err = {0};
    store *s = NULL;
    if (store_open(path, STORE_CREATE, &s, &err) ||
        event_load(s, tu_demo_event_ini(), &err)) {
        TU_FAIL_AT("creating %s: %s", name, err.msg);
        store_close(s);
        return NULL;
    }
    return s;
}

static int import(store *s, const char *file, bool skip_bad,
                  struct import_counts *n)
{
    reports[0] = warnings[0] = '\0';
    struct import_options opt = {
        .skip_bad = skip_bad, .report = collect, .warn = collect_warning};
    struct ck_error err = {0};
    int code = import_file(s, file, &opt, n, &err);
    if (code && code != CK_EINVAL)
        fprintf(stderr, "import %s: %s\n", file, err.msg);
    return code;
}

static int import_text(store *s, const char *name, const char *text,
                       bool skip_bad, struct import_counts *n)
{
    const char *path = tu_path(name);
    if (tu_write_file(path, text, strlen(text)))
        return -100;
    return import(s, path, skip_bad, n);
}

/* A new event `db` with `file` imported into it, and closed: the import's
 * code (CK_EINVAL with what it refused in `reports`), or -1 when the event
 * could not be made (the test has failed then). */
static int imported(const char *db, const char *file, bool skip_bad,
                    struct import_counts *n)
{
    store *s = new_event(db);
    if (!s)
        return -1;
    int code = import(s, file, skip_bad, n);
    store_close(s);
    return code;
}

/* imported() of `text`, written to tu_path(`name`) first. */
static int imported_text(const char *db, const char *name, const char *text,
                         bool skip_bad, struct import_counts *n)
{
    const char *path = tu_path(name);
    if (tu_write_file(path, text, strlen(text)))
        return -100;
    return imported(db, path, skip_bad, n);
}

/* The first column of the first row of `sql`, as text (static buffer). */
static const char *q1(const char *path, const char *sql)
{
    static char buf[4096];
    buf[0] = '\0';
    sqlite3 *db;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
            fprintf(stderr, "q1(%s): %s\n", sql, sqlite3_errmsg(db));
        else if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
            snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return buf;
}

static long qn(const char *path, const char *sql)
{
    return strtol(q1(path, sql), NULL, 10);
}

static const char *field(const char *db, const char *col, const char *tid)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT %s FROM attendee WHERE ticket_id = "
             "'%s'",
             col, tid);
    return q1(db, sql);
}

static void expect_counts(const struct import_counts *n, long added,
                          long updated, long cancelled, long unchanged,
                          long rejected)
{
    EXPECT_INT(n->added, added);
    EXPECT_INT(n->updated, updated);
    EXPECT_INT(n->cancelled, cancelled);
    EXPECT_INT(n->unchanged, unchanged);
    EXPECT_INT(n->rejected, rejected);
}

static void demo_csv_imports_every_tricky_row(void)
{
    struct import_counts n;
    EXPECT_INT(imported("csv.db", DEMO_CSV, false, &n), CK_OK);
    expect_counts(&n, 300, 0, 0, 0, 0);
    EXPECT_STR(reports, "");
    const char *db = tu_path("csv.db");
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee"), 300);
    /* A quoted field with a line break, folded to one line. */
    EXPECT_STR(field(db, "company", "52225"),
               "Northwind Traders Data Platform Team");
    EXPECT_STR(field(db, "company", "51701"), "Foo, Inc.");
    EXPECT_STR(field(db, "badge_name", "51701"), "Robert \"Bobby\" Tables");
    EXPECT_STR(field(db, "badge_name", "52418"), "Siobhán O'Connor");
    EXPECT_STR(field(db, "badge_name", "48398"), "عمر الفاروق");
    EXPECT_STR(field(db, "badge_name", "48386"), "נועה כהן");
    EXPECT_STR(field(db, "badge_name", "50660"), "अनुराधा देशपांडे");
    EXPECT_STR(field(db, "badge_name", "50209"), "లావణ్య చౌదరి");
    EXPECT_STR(field(db, "badge_name", "49115"), "மீனாட்சி சுந்தரம்");
    EXPECT_STR(field(db, "badge_name", "50393"), "王小明");
    EXPECT_STR(field(db, "badge_name", "50952"), "佐藤 さくら");
    EXPECT_STR(field(db, "badge_name", "49202"), "이서연");
    EXPECT_STR(field(db, "badge_name", "49385"), "Γιώργος Παπαδόπουλος");
    EXPECT_STR(field(db, "badge_name", "51592"), "Sam 🐍 Lee");
    EXPECT_STR(field(db, "badge_name", "53180"),
               "Dana 👩🏽\u200d💻 Okafor");
    /* Empty badge_name: built from the parts, no stray space. */
    EXPECT_STR(field(db, "badge_name", "48273"), "Ольга Петренко");
    EXPECT_STR(field(db, "badge_name", "49831"), "Ilango");
    EXPECT_STR(field(db, "badge_name", "49158"), "Sutrisno");
    EXPECT_INT(qn(db, "SELECT length(badge_name) FROM attendee WHERE "
                      "ticket_id = '50888'"),
               80);
    /* Decomposed accents are stored as given (the printer shapes them). */
    EXPECT_STR(field(db, "badge_name", "51939"), "Rene\xcc\x81"
                                                 "e Fontaine");
    /* Statuses, including pretix's "expired" spelling. */
    EXPECT_STR(field(db, "status", "50184"), "cancelled");
    EXPECT_STR(field(db, "status", "48839"), "refunded");
    EXPECT_STR(field(db, "status", "49228"), "pending");
    EXPECT_INT(qn(db, "SELECT revoked FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE a.ticket_id = '50184'"),
               1);
    EXPECT_INT(qn(db, "SELECT revoked FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE a.ticket_id = '49228'"),
               0);
    EXPECT_STR(field(db, "sponsor_consent", "48243"), "1");
    EXPECT_STR(field(db, "sponsor_consent", "48275"), "0");
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee_tutorial t JOIN "
                      "attendee a ON a.id = t.attendee_id WHERE "
                      "a.ticket_id = '48243'"),
               0);
    /* The demo sells out three tutorials exactly. */
    EXPECT_INT(qn(db, "SELECT count(*) FROM (SELECT u.capacity, count(*) n "
                      "FROM tutorial u JOIN attendee_tutorial x ON "
                      "x.tutorial_id = u.id JOIN attendee a ON a.id = "
                      "x.attendee_id WHERE a.status IN ('paid','pending') "
                      "GROUP BY u.id) WHERE n = capacity"),
               3);
}

/* Both formats describe the same people: compare every field that both
 * carry, per ticket id, across two databases. */
static void demo_pretix_export_matches_the_csv(void)
{
    struct import_counts n;
    EXPECT_INT(imported("a.db", DEMO_CSV, false, &n), CK_OK);
    EXPECT_INT(imported("b.db", DEMO_JSON, false, &n), CK_OK);
    expect_counts(&n, 300, 0, 0, 0, 0);
    EXPECT_STR(reports, "");

    char sql[8192];
#define IMPORT_VIEW                                                            \
    "SELECT a.ticket_id, a.order_code, a.badge_name, a.email, a.company,"      \
    " a.pronouns, a.sponsor_consent, t.slug AS type,"                          \
    " CASE a.status WHEN 'refunded' THEN 'cancelled' ELSE a.status END"        \
    "  AS status,"                                                             \
    " (SELECT group_concat(secret || revoked) FROM (SELECT secret,"            \
    "  revoked FROM %s.ticket_secret WHERE attendee_id = a.id"                 \
    "  ORDER BY 1)) AS secrets,"                                               \
    " (SELECT group_concat(slug) FROM (SELECT u.slug FROM"                     \
    "  %s.attendee_tutorial x JOIN %s.tutorial u ON u.id = x.tutorial_id"      \
    "  WHERE x.attendee_id = a.id ORDER BY 1)) AS tutorials"                   \
    " FROM %s.attendee a JOIN %s.ticket_type t ON t.id = a.ticket_type_id"
    char va[2048], vb[2048];
    snprintf(va, sizeof(va), IMPORT_VIEW, "main", "main", "main", "main",
             "main");
    snprintf(vb, sizeof(vb), IMPORT_VIEW, "b", "b", "b", "b", "b");
#undef IMPORT_VIEW
    sqlite3 *db;
    REQUIRE(sqlite3_open(tu_path("a.db"), &db) == SQLITE_OK);
    snprintf(sql, sizeof(sql), "ATTACH '%s' AS b", tu_path("b.db"));
    REQUIRE(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    int len = snprintf(sql, sizeof(sql),
                       "SELECT (SELECT count(*) FROM (%s EXCEPT %s)),"
                       " (SELECT count(*) FROM (%s EXCEPT %s)), (SELECT"
                       " count(*) FROM (%s))",
                       va, vb, vb, va, va);
    REQUIRE(len >= 0 && (size_t)len < sizeof(sql));
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    EXPECT_INT(sqlite3_column_int(st, 0), 0);
    EXPECT_INT(sqlite3_column_int(st, 1), 0);
    EXPECT_INT(sqlite3_column_int(st, 2), 300);
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* Fields the demo export lacks, given to some of its positions: the
 * name's parts, an item and an id as strings, an unmapped variation, a
 * cancelled add-on, an add-on of something not a number, an answer that
 * is not an object; to some orders test mode, or an invoice name and no
 * attendee names. */
static int vary(json_t *o, size_t i)
{
    int bad = 0;
    if (i % 17 == 5)
        bad |= json_object_set_new(o, "testmode", json_true());
    if (i % 10 == 3)
        bad |= json_object_set_new(o, "invoice_address",
                                   json_pack("{s:s}", "name", "Ines Invoice"));
    size_t j;
    json_t *p;
    json_array_foreach(json_object_get(o, "positions"), j, p)
    {
        size_t k = i * 7 + j;
        const char *name =
            json_string_value(json_object_get(p, "attendee_name"));
        const char *space = name ? strchr(name, ' ') : NULL;
        if (i % 10 == 3)
            (void)json_object_del(p, "attendee_name");
        else if (space && k % 3 == 0)
            bad |= json_object_set_new(p, "attendee_name_parts",
                                       json_pack("{s:s#, s:s}", "given_name",
                                                 name, (int)(space - name),
                                                 "family_name", space + 1));
        json_t *item = json_object_get(p, "item");
        if (k % 5 == 1 && json_is_integer(item)) {
            char text[24];
            snprintf(text, sizeof(text), "%lld",
                     (long long)json_integer_value(item));
            bad |= json_object_set_new(p, "item", json_string(text));
        }
        if (k % 7 == 2)
            bad |= json_object_set_new(p, "variation", json_integer(9));
        if (k % 13 == 4)
            bad |= json_object_set_new(p, "positionid", json_string("1"));
        json_t *to = json_object_get(p, "addon_to");
        if (json_is_integer(to) && k % 4 == 1)
            bad |= json_object_set_new(p, "canceled", json_true());
        else if (json_is_integer(to) && k % 11 == 6)
            bad |= json_object_set_new(p, "addon_to", json_real(1.5));
        if (k % 6 == 0)
            bad |= json_array_append_new(json_object_get(p, "answers"),
                                         json_integer(62));
    }
    return bad;
}

/* The demo export, varied (vary), each order given keys the import
 * reads, nested where it does not read them (an order's "code" and
 * "positions" inside another object, a position's "item" and "answers"
 * likewise), and with `nul`, a string holding U+0000, which yajl's
 * events leave to jansson: every order is then read from jansson's tree.
 * On one line, so that messages name the same line in both. */
static int write_decoyed(const char *path, bool nul)
{
    json_error_t jerr;
    json_t *root = json_load_file(DEMO_JSON, 0, &jerr);
    json_t *orders = json_object_get(json_object_get(root, "event"), "orders");
    size_t i, j;
    json_t *o, *p;
    int bad = !json_is_array(orders);
    json_array_foreach(orders, i, o)
    {
        bad |= vary(o, i);
        bad |= json_object_set_new(
            o, "x-decoy",
            json_pack("{s:s, s:b, s:[{s:i, s:i, s:s, s:n}], s:{s:s}}", "code",
                      "DECOY", "testmode", 1, "positions", "id", 1, "item", 311,
                      "secret", "decoysecret1", "addon_to", "invoice_address",
                      "name", "Decoy"));
        json_array_foreach(json_object_get(o, "positions"), j, p) bad |=
            json_object_set_new(
                p, "x-decoy",
                json_pack("{s:i, s:i, s:s, s:{s:s}, s:[{s:i, s:s}]}", "item",
                          999, "addon_to", 1, "attendee_name", "Decoy",
                          "attendee_name_parts", "given_name", "Decoy",
                          "answers", "question", 62, "answer", "Decoy"));
        if (nul)
            bad |= json_object_set_new(o, "x-nul", json_stringn("a\0b", 3));
    }
    bad |= json_dump_file(root, path, JSON_COMPACT);
    json_decref(root);
    return bad;
}

/* An order is read from yajl's events without a tree, or, when jansson
 * must judge it, from jansson's tree: both store the same rows and say
 * the same, and neither reads a key where the import does not look. */
static void pretix_orders_read_from_events_store_what_jansson_reads(void)
{
    const char *path = tu_path("orders.json");
    const char *dbs[] = {"events.db", "tree.db"};
    static char said[2][2 * sizeof(reports)];
    for (int k = 0; k < 2; k++) {
        REQUIRE(write_decoyed(path, k == 1) == 0);
        struct import_counts n;
        EXPECT_INT(imported(dbs[k], path, false, &n), CK_OK);
        int len = snprintf(said[k], sizeof(said[k]),
                           "%ld added, %ld rejected, %ld test mode\n%s--\n%s",
                           n.added, n.rejected, n.testmode, reports, warnings);
        REQUIRE(len >= 0 && (size_t)len < sizeof(said[k]));
    }
    EXPECT_STR(said[0], said[1]);
    static const char *const tables[][2] = {
        {"attendee",
         "id, ticket_id, order_code, status, given_name, family_name,"
         " badge_name, pronouns, company, email, ticket_type_id,"
         " sponsor_consent, search_key, fingerprint, testmode, comp_reason,"
         " hold"},
        {"ticket_secret", "*"},
        {"addon_secret", "*"},
        {"attendee_tutorial", "*"},
        {"attendee_item", "*"},
        {"attendee_answer", "*"}};
    sqlite3 *db;
    REQUIRE(sqlite3_open(tu_path(dbs[0]), &db) == SQLITE_OK);
    char sql[4096], a[400], b[400];
    snprintf(sql, sizeof(sql), "ATTACH '%s' AS b", tu_path(dbs[1]));
    REQUIRE(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        snprintf(a, sizeof(a), "SELECT %s FROM main.%s", tables[i][1],
                 tables[i][0]);
        snprintf(b, sizeof(b), "SELECT %s FROM b.%s", tables[i][1],
                 tables[i][0]);
        snprintf(sql, sizeof(sql),
                 "SELECT (SELECT count(*) FROM (%s EXCEPT %s)) +"
                 " (SELECT count(*) FROM (%s EXCEPT %s)), (SELECT count(*)"
                 " FROM (%s))",
                 a, b, b, a, a);
        sqlite3_stmt *st;
        REQUIRE(sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK);
        REQUIRE(sqlite3_step(st) == SQLITE_ROW);
        if (sqlite3_column_int(st, 0))
            TU_FAIL_AT("%s: %d rows differ between the two readings", a,
                       sqlite3_column_int(st, 0));
        if (i < 4 && !sqlite3_column_int(st, 1))
            TU_FAIL_AT("%s: no rows", a);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    /* No decoy was read as the order's. */
    EXPECT_INT(qn(tu_path(dbs[0]), "SELECT count(*) FROM attendee WHERE "
                                   "order_code = 'DECOY' OR badge_name ="
                                   " 'Decoy' OR given_name = 'Decoy' OR"
                                   " testmode"),
               0);
}

static void reimporting_the_same_file_changes_nothing(void)
{
    store *s = new_event("again.db");
    REQUIRE(s);
    struct import_counts n;
    EXPECT_INT(import(s, DEMO_CSV, false, &n), CK_OK);
    EXPECT_INT(import(s, DEMO_CSV, false, &n), CK_OK);
    expect_counts(&n, 0, 0, 0, 300, 0);
    EXPECT_INT(import(s, DEMO_JSON, false, &n), CK_OK);
    EXPECT_INT(import(s, DEMO_JSON, false, &n), CK_OK);
    expect_counts(&n, 0, 0, 0, 300, 0);
    store_close(s);
    EXPECT_INT(qn(tu_path("again.db"), "SELECT count(*) FROM attendee"), 300);
    EXPECT_INT(qn(tu_path("again.db"), "SELECT count(*) FROM ticket_secret"),
               300);
}

static void check_update(const char *db)
{
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee"), 305);
    EXPECT_STR(field(db, "status", "51922"), "cancelled");
    EXPECT_STR(field(db, "status", "48652"), "paid");
    EXPECT_STR(field(db, "badge_name", "48527"), "Gabi Mendoza");
    /* Cancelled: every code of theirs is revoked. */
    EXPECT_INT(qn(db, "SELECT min(revoked) FROM ticket_secret s JOIN "
                      "attendee a ON a.id = s.attendee_id WHERE "
                      "a.ticket_id IN ('51922','48846','48986','49768')"),
               1);
    /* A regenerated secret: the old one is revoked, the new one works. */
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE a.ticket_id = '50195'"),
               2);
    EXPECT_INT(qn(db, "SELECT revoked FROM ticket_secret WHERE secret = "
                      "'y433u53bszbqy389cdwvwg96pnxhms37'"),
               1);
    EXPECT_INT(qn(db, "SELECT sum(revoked = 0) FROM ticket_secret s JOIN "
                      "attendee a ON a.id = s.attendee_id WHERE "
                      "a.ticket_id = '50195'"),
               1);
}

static void reimporting_an_updated_export_updates_in_place(void)
{
    struct import_counts n;
    store *s = new_event("upd-csv.db");
    REQUIRE(s);
    EXPECT_INT(import(s, DEMO_CSV, false, &n), CK_OK);
    EXPECT_INT(import(s, UPDATE_CSV, false, &n), CK_OK);
    expect_counts(&n, 5, 6, 4, 290, 0);
    EXPECT_INT(import(s, UPDATE_CSV, false, &n), CK_OK);
    expect_counts(&n, 0, 0, 0, 305, 0);
    store_close(s);
    check_update(tu_path("upd-csv.db"));
    EXPECT_STR(field(tu_path("upd-csv.db"), "status", "49768"), "refunded");

    s = new_event("upd-json.db");
    REQUIRE(s);
    EXPECT_INT(import(s, DEMO_JSON, false, &n), CK_OK);
    EXPECT_INT(import(s, UPDATE_JSON, false, &n), CK_OK);
    expect_counts(&n, 5, 6, 4, 290, 0);
    store_close(s);
    check_update(tu_path("upd-json.db"));
}

#define HEADER                                                                 \
    "ticket_id,order_code,status,ticket_type,secret,given_name,family_name,"   \
    "email,tutorials\n"

/* Two bad rows: nothing is stored, each is named by file and line, and a
 * record spanning two lines does not shift the numbers after it. */
static void a_bad_file_is_all_or_nothing_with_file_and_line(void)
{
    static const char text[] = HEADER                                    /* 1 */
        "1,AAAA1,paid,individual,secret0001,Ada,Lovelace,,\n"            /* 2 */
        "2,AAAA2,maybe,individual,secret0002,Alan,Turing,,\n"            /* 3 */
        "3,AAAA3,paid,student,secret0003,\"Grace\n"                      /* 4 */
        "Brewster\",Hopper,g@example.com,pandas-intro\n"                 /* 5 */
        "4,AAAA4,paid,astronaut,secret0004,Sally,Ride,,\n"               /* 6 */
        "5,AAAA5,paid,individual,secret0005,Katherine,Johnson,,\n"       /* 7 */
        "1,AAAA6,paid,individual,secret0006,Ada,Again,,\n"               /* 8 */
        "6,AAAA7,paid,individual,secret0007,Edsger,Dijkstra,,no-such\n"; /* 9 */
    store *s = new_event("bad.db");
    REQUIRE(s);
    struct import_counts n;
    EXPECT_INT(import_text(s, "bad.csv", text, false, &n), CK_EINVAL);
    EXPECT_INT(n.rejected, 3);
    EXPECT_INT(n.added, 0);
    EXPECT_CONTAINS(reports, "bad.csv:3: status 'maybe' is not paid");
    EXPECT_CONTAINS(reports, "bad.csv:6: unknown ticket type 'astronaut'");
    EXPECT_CONTAINS(reports, "bad.csv:8: ticket_id 1 appears twice in this "
                             "file (first on line 2)");
    /* An unknown tutorial, as an unmapped pretix add-on: the person is
     * imported without it, and told. */
    EXPECT_CONTAINS(warnings, "bad.csv:9: warning: unknown tutorial "
                              "'no-such' left out");
    store_close(s);
    EXPECT_INT(qn(tu_path("bad.db"), "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(qn(tu_path("bad.db"), "SELECT count(*) FROM ticket_secret"), 0);

    /* --skip-bad keeps the good rows and still reports the bad ones. */
    EXPECT_INT(imported_text("skip.db", "bad.csv", text, true, &n), CK_EINVAL);
    expect_counts(&n, 4, 0, 0, 0, 3);
    EXPECT_INT(qn(tu_path("skip.db"), "SELECT count(*) FROM attendee"), 4);
    EXPECT_STR(field(tu_path("skip.db"), "given_name", "3"), "Grace Brewster");
}

/* Into an event with no registration yet, the engine leaves out the
 * look-ups a new ticket cannot need (import.c, struct sieve) and SQLite's
 * foreign key checks: a secret or a ticket given twice in the file is
 * still refused with its line, and the keys are on again afterwards. */
static void a_first_import_still_finds_secrets_and_tickets_twice(void)
{
    static const char text[] = HEADER                         /* 1 */
        "1,AAAA1,paid,individual,secret0001,Ada,Lovelace,,\n" /* 2 */
        "2,AAAA2,paid,individual,secret0001,Alan,Turing,,\n"  /* 3 */
        "3,AAAA3,paid,individual,secret0003,Grace,Hopper,,\n" /* 4 */
        "3,AAAA4,paid,individual,secret0004,Grace,Again,,\n"; /* 5 */
    store *s = new_event("first.db");
    REQUIRE(s);
    struct import_counts n;
    EXPECT_INT(import_text(s, "first.csv", text, true, &n), CK_EINVAL);
    expect_counts(&n, 2, 0, 0, 0, 2);
    EXPECT_CONTAINS(reports, "first.csv:3: secret 'secret0001' already "
                             "belongs to ticket 1");
    EXPECT_CONTAINS(reports, "first.csv:5: ticket_id 3 appears twice in "
                             "this file (first on line 4)");
    struct ck_error err = {0};
    EXPECT_INT(store_exec(s,
                          "INSERT INTO ticket_secret (secret, attendee_id) "
                          "VALUES ('orphan01', 999999)",
                          &err) != CK_OK,
               1);
    store_close(s);
    EXPECT_STR(field(tu_path("first.db"), "family_name", "3"), "Hopper");
}

/* The tickets of a file are kept in memory (import.c, struct seen), a
 * table that grows as it fills: a ticket given twice is refused with the
 * line it came on first whether the table has grown since, whether it is
 * one of two tickets alike but in their last character, and whether the
 * event had registrations before. */
static void a_ticket_twice_is_found_among_thousands(void)
{
    const int rows = 3000;
    char *text = malloc((size_t)rows * 400 + 4096);
    REQUIRE(text);
    char tail[201];
    memset(tail, 'x', 199);
    tail[199] = 'a';
    tail[200] = '\0';
    size_t n = (size_t)snprintf(text, 128, "%s", HEADER);
    for (int i = 1; i <= rows; i++)
        n += (size_t)snprintf(text + n, 128,
                              "T%d,ORD%d,paid,individual,many%06d,Given,"
                              "Family,,\n",
                              i, i, i);
    /* Line rows + 2 and rows + 3: 200 characters, alike but the last. */
    n += (size_t)snprintf(text + n, 300,
                          "%s,ORDL1,paid,individual,longsecret1,Long,One,,\n",
                          tail);
    tail[199] = 'b';
    n += (size_t)snprintf(text + n, 300,
                          "%s,ORDL2,paid,individual,longsecret2,Long,Two,,\n",
                          tail);
    /* Line rows + 4 and rows + 5: the first ticket and one from the
     * middle, again. */
    n += (size_t)snprintf(text + n, 128,
                          "T1,ORDX1,paid,individual,again0001,Given,"
                          "Again,,\n"
                          "T1500,ORDX2,paid,individual,again0002,Given,"
                          "Again,,\n");
    store *s = new_event("thousands.db");
    REQUIRE(s);
    struct import_counts c;
    EXPECT_INT(import_text(s, "thousands.csv", text, true, &c), CK_EINVAL);
    expect_counts(&c, rows + 2, 0, 0, 0, 2);
    char want[160];
    snprintf(want, sizeof(want),
             "thousands.csv:%d: ticket_id T1 appears twice in this file "
             "(first on line 2)",
             rows + 4);
    EXPECT_CONTAINS(reports, want);
    snprintf(want, sizeof(want),
             "thousands.csv:%d: ticket_id T1500 appears twice in this file "
             "(first on line 1501)",
             rows + 5);
    EXPECT_CONTAINS(reports, want);
    EXPECT_STR(field(tu_path("thousands.db"), "family_name", "T1500"),
               "Family");

    /* Into the event that now has them: the same file's tickets are
     * unchanged, the ones given twice refused again. */
    EXPECT_INT(import_text(s, "thousands.csv", text, true, &c), CK_EINVAL);
    expect_counts(&c, 0, 0, 0, rows + 2, 2);
    EXPECT_CONTAINS(reports, want);
    store_close(s);
    free(text);
}

/* A first import holds its secrets back, writes them in sorted runs to a
 * temporary file and stores them all at its end (import.c, hold_secret;
 * import_spill.c): a secret given again is refused with its owner
 * whether the first is in a run written (an earlier run) or still held
 * (the run under way), and every secret held is stored with its owner
 * and whether it is revoked. */
static void a_secret_twice_is_found_stored_or_held(void)
{
    const int rows = 70000; /* more than one run of held secrets */
    char *text = malloc((size_t)rows * 80 + 4096);
    REQUIRE(text);
    size_t n = (size_t)snprintf(text, 128, "%s", HEADER);
    for (int i = 1; i <= rows; i++)
        n += (size_t)snprintf(text + n, 128,
                              "T%d,O%d,%s,individual,sec%07d,Given,"
                              "Family,,\n",
                              i, i, i % 10000 == 7 ? "cancelled" : "paid", i);
    /* Lines rows + 2 and rows + 3: the secrets of the fifth ticket (in
     * the first run) and of the last one (in the run under way). */
    n += (size_t)snprintf(text + n, 256,
                          "X1,OX1,paid,individual,sec0000005,Again,One,,\n"
                          "X2,OX2,paid,individual,sec%07d,Again,Two,,\n",
                          rows);
    store *s = new_event("held.db");
    REQUIRE(s);
    struct import_counts c;
    EXPECT_INT(import_text(s, "held.csv", text, true, &c), CK_EINVAL);
    expect_counts(&c, rows, 0, 0, 0, 2);
    char want[160];
    snprintf(want, sizeof(want),
             "held.csv:%d: secret 'sec0000005' already belongs to ticket T5",
             rows + 2);
    EXPECT_CONTAINS(reports, want);
    snprintf(want, sizeof(want),
             "held.csv:%d: secret 'sec%07d' already belongs to ticket T%d",
             rows + 3, rows, rows);
    EXPECT_CONTAINS(reports, want);
    store_close(s);
    free(text);
    const char *db = tu_path("held.db");
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret"), rows);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE s.secret = 'sec' || "
                      "substr('000000' || substr(a.ticket_id, 2), -7)"),
               rows);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE s.revoked = 1 AND "
                      "a.status = 'cancelled'"),
               7);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret WHERE revoked"), 7);
    EXPECT_STR(q1(db, "PRAGMA integrity_check"), "ok");
}

/* Secret `i` of a_secret_sharing_its_head_is_found_when_held: shared
 * prefixes of every length from 0 to 9 bytes before a number unique to
 * the row and out of the file's order, so that many heads (the first 8
 * bytes a run is sorted by first) agree and the rest decides. */
static void shared_head_secret(int i, char out[32])
{
    static const char *const prefix[] = {
        "",      "k",      "kq",      "kqw",      "kqwm",
        "kqwmz", "kqwmzp", "kqwmzp3", "kqwmzp3x", "kqwmzp3x7"};
    snprintf(out, 32, "%s%07ld", prefix[i % 10], (long)i * 48271 % 1000003);
}

/* A first import's runs of held secrets are searched by bisection and
 * merged in their sorted order (import_first.c, import_spill.c): with
 * secrets that share their first bytes, a secret of the first run
 * written, given again by a later row, is refused with its owner, and
 * every secret is stored once with its owner. */
static void a_secret_sharing_its_head_is_found_when_held(void)
{
    const int rows = 70000; /* more than one run of held secrets */
    const int again = 40;
    char *text = malloc((size_t)(rows + again) * 96 + 4096);
    REQUIRE(text);
    size_t n = (size_t)snprintf(text, 128, "%s", HEADER);
    char sec[32];
    for (int i = 1; i <= rows; i++) {
        shared_head_secret(i, sec);
        n += (size_t)snprintf(text + n, 128,
                              "T%d,O%d,paid,individual,%s,Given,Family,"
                              "%s@x.example,\n",
                              i, i, sec, sec);
    }
    /* Rows of the first run (1 to 65,536), after it was written. */
    for (int k = 0; k < again; k++) {
        shared_head_secret(1 + k * 1601, sec);
        n += (size_t)snprintf(text + n, 128,
                              "R%d,OR%d,paid,individual,%s,Again,Again,,\n", k,
                              k, sec);
    }
    store *s = new_event("shared-head.db");
    REQUIRE(s);
    struct import_counts c;
    EXPECT_INT(import_text(s, "shared-head.csv", text, true, &c), CK_EINVAL);
    expect_counts(&c, rows, 0, 0, 0, again);
    for (int k = 0; k < again; k++) {
        char want[160];
        shared_head_secret(1 + k * 1601, sec);
        snprintf(want, sizeof(want),
                 "shared-head.csv:%d: secret '%s' already belongs to "
                 "ticket T%d",
                 rows + 2 + k, sec, 1 + k * 1601);
        EXPECT_CONTAINS(reports, want);
    }
    store_close(s);
    free(text);
    const char *db = tu_path("shared-head.db");
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret"), rows);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE s.secret || '@x.example' "
                      "= a.email"),
               rows);
    EXPECT_STR(q1(db, "PRAGMA integrity_check"), "ok");
}

/* A first import builds the attendees' trigram index from the search
 * keys it kept, sorted in runs of a temporary file and merged
 * (import/import_keys.c): the index is the one built from the table's
 * keys read back sorted by SQLite (store_gram_build), over several runs
 * and with keys that fold alike (tickets K5 and k5 of one person, whose
 * order is their ids'). */
static void a_first_imports_index_is_the_one_read_back_from_the_table(void)
{
    const int rows = 120000; /* 10 MB of keys: three runs */
    char *text = malloc((size_t)rows * 200 + 4096);
    REQUIRE(text);
    size_t n = (size_t)snprintf(text, 128, "%s", HEADER);
    for (int i = 1; i <= rows; i++) {
        /* Every 997th person comes twice, the second ticket the first's
         * in lower case: the same folded key, a later id. */
        for (int twice = 0; twice <= (i % 997 == 0); twice++)
            n += (size_t)snprintf(
                text + n, 200,
                "%c%d,O%d,paid,individual,sec%c%07d,Given%d,A Family Name "
                "Of Some Length %d,person%d@mail.example,\n",
                twice ? 'k' : 'K', i, i, twice ? 'b' : 'a', i, i % 89, i % 1013,
                i);
    }
    store *s = new_event("gram-keys.db");
    REQUIRE(s);
    struct import_counts c;
    EXPECT_INT(import_text(s, "gram-keys.csv", text, false, &c), CK_OK);
    expect_counts(&c, rows + rows / 997, 0, 0, 0, 0);
    free(text);
    struct ck_error err = {0};
    EXPECT_INT(store_exec(s,
                          "CREATE TABLE kept AS SELECT * FROM attendee_gram;"
                          "CREATE TABLE kept_setting AS SELECT * FROM "
                          "attendee_gram_setting",
                          &err),
               CK_OK);
    bool built = false;
    EXPECT_INT(store_begin(s, &err), CK_OK);
    EXPECT_INT(store_gram_drop(s, &err), CK_OK);
    EXPECT_INT(store_gram_keep(s, &built, &err), CK_OK);
    EXPECT_INT(store_commit(s, &err), CK_OK);
    EXPECT_TRUE(built);
    store_close(s);
    const char *db = tu_path("gram-keys.db");
    EXPECT_INT(qn(db, "SELECT covered FROM kept_setting"), rows + rows / 997);
    EXPECT_INT(qn(db, "SELECT count(*) FROM kept"),
               qn(db, "SELECT count(*) FROM attendee_gram"));
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee_gram WHERE bucket < 0"),
               (rows + rows / 997 + 63) / 64);
    EXPECT_INT(qn(db, "SELECT count(*) FROM (SELECT * FROM kept EXCEPT "
                      "SELECT * FROM attendee_gram)"),
               0);
    EXPECT_INT(qn(db, "SELECT count(*) FROM (SELECT * FROM "
                      "attendee_gram_setting EXCEPT SELECT * FROM "
                      "kept_setting)"),
               0);
}

static store *reopen(const char *name)
{
    struct ck_error err = {0};
    store *s = NULL;
    if (store_open(tu_path(name), STORE_EXISTING, &s, &err))
        TU_FAIL_AT("%s", err.msg);
    return s;
}

/* A first import leaves out the secondary indexes of the tables it fills
 * while it fills them, and builds them again before its commit: after
 * it, and after a first import that was refused, the file has the same
 * indexes as before and they agree with their tables. */
static void a_first_import_leaves_the_indexes_as_they_were(void)
{
    static const char *const list =
        "SELECT group_concat(name || ': ' || sql, '; ') FROM (SELECT name, "
        "sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL "
        "ORDER BY name)";
    store *s = new_event("indexes.db");
    REQUIRE(s);
    store_close(s);
    char before[4096];
    snprintf(before, sizeof(before), "%s", q1(tu_path("indexes.db"), list));
    EXPECT_INT(strstr(before, "ticket_secret_attendee") != NULL, 1);
    EXPECT_INT(strstr(before, "attendee_order") != NULL, 1);

    static const char bad[] =
        HEADER "1,AAAA1,paid,individual,secret0001,Ada,Lovelace,,pandas-intro\n"
               "2,AAAA2,maybe,individual,secret0002,Alan,Turing,,\n";
    struct import_counts c;
    s = reopen("indexes.db");
    REQUIRE(s);
    EXPECT_INT(import_text(s, "bad.csv", bad, false, &c), CK_EINVAL);
    store_close(s);
    EXPECT_STR(q1(tu_path("indexes.db"), list), before);

    s = reopen("indexes.db");
    REQUIRE(s);
    EXPECT_INT(import(s, DEMO_CSV, false, &c), CK_OK);
    store_close(s);
    EXPECT_STR(q1(tu_path("indexes.db"), list), before);
    EXPECT_STR(q1(tu_path("indexes.db"), "PRAGMA integrity_check"), "ok");
    EXPECT_INT(qn(tu_path("indexes.db"), "SELECT count(*) FROM attendee"), 300);
}

/* A spreadsheet's or pretix's own CSV export: 150 columns, the ones
 * checkin reads among them in any order, through `checkin import`. */
static void a_csv_with_150_columns_imports(void)
{
    static const char *const used[] = {
        "ticket_id", "order_code", "status",     "ticket_type",
        "secret",    "given_name", "family_name"};
    static const char *const values[2][7] = {
        {"901", "WIDE1", "paid", "individual", "widesecret0001", "Ada",
         "Lovelace"},
        {"902", "WIDE2", "paid", "student", "widesecret0002", "Alan",
         "Turing"}};
    size_t cap = 64 * 1024, n = 0;
    char *csv = malloc(cap);
    REQUIRE(csv);
    for (int row = -1; row < 2; row++) {
        for (int col = 0; col < 150; col++) {
            /* The columns checkin reads at 120, 7, 149, 0, 64, 65, 66. */
            static const int at[7] = {120, 7, 149, 0, 64, 65, 66};
            const char *cell = "x";
            char other[32];
            snprintf(other, sizeof(other), "%s%d", row < 0 ? "Question " : "",
                     col);
            cell = other;
            for (int k = 0; k < 7; k++)
                if (at[k] == col)
                    cell = row < 0 ? used[k] : values[row][k];
            n += (size_t)snprintf(csv + n, cap - n, "%s%s", col ? "," : "",
                                  cell);
        }
        n += (size_t)snprintf(csv + n, cap - n, "\n");
    }
    const char *path = tu_path("wide.csv");
    REQUIRE(tu_write_file(path, csv, n) == 0);
    free(csv);
    store *s = new_event("wide.db");
    REQUIRE(s);
    store_close(s);
    char args[1024];
    const char *out, *err;
    snprintf(args, sizeof(args), "import '%s' '%s'", tu_path("wide.db"), path);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_STR(err, "");
    EXPECT_INT(qn(tu_path("wide.db"), "SELECT count(*) FROM attendee"), 2);
    EXPECT_STR(field(tu_path("wide.db"), "given_name", "902"), "Alan");
    EXPECT_STR(field(tu_path("wide.db"), "order_code", "901"), "WIDE1");
}

static void broken_quoting_stops_the_file_at_its_line(void)
{
    struct import_counts n;
    store *s = new_event("quote.db");
    REQUIRE(s);
    struct ck_error err = {0};
    struct import_options opt = {.report = collect};
    const char *path = tu_path("quote.csv");
    static const char text[] =
        HEADER "1,A1,paid,individual,secret0001,Ada,L,,\n"
               "2,A2,paid,individual,secret0002,\"Al\"an,T,,\n";
    REQUIRE(tu_write_file(path, text, strlen(text)) == 0);
    EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "quote.csv:3: the CSV quoting is broken");
    static const char open[] =
        HEADER "1,A1,paid,individual,secret0001,Ada,L,,\n"
               "2,A2,paid,individual,secret0002,\"Alan,T,,\n";
    REQUIRE(tu_write_file(path, open, strlen(open)) == 0);
    EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "quote.csv:3: a quoted field is never closed");
    static const char nocol[] = "ticket_id,order_code,status,ticket_type,"
                                "badge_name\n1,A,paid,individual,Ada\n";
    /* Without a secret column the file can only change people stored:
     * a new ticket is refused, that row alone. */
    EXPECT_INT(import_text(s, "quote.csv", nocol, false, &n), CK_EINVAL);
    EXPECT_CONTAINS(reports, "quote.csv:2: ticket 1 is not in the event yet, "
                             "and this file cannot add it: a new registration "
                             "needs secret too");
    static const char noid[] = "order_code,status\nA,paid\n";
    REQUIRE(tu_write_file(path, noid, strlen(noid)) == 0);
    EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "quote.csv:1: the header has no 'ticket_id' "
                             "column");
    static const char fields[] = HEADER "1,A1,paid,individual,secret0001\n";
    EXPECT_INT(import_text(s, "short.csv", fields, false, &n), CK_EINVAL);
    EXPECT_CONTAINS(reports, "short.csv:2: has 5 fields but the header has 9");
    store_close(s);
    EXPECT_INT(qn(tu_path("quote.db"), "SELECT count(*) FROM attendee"), 0);
}

/* import_csv.c splits a whole line of fields itself and leaves the rest
 * to libcsv; a last line with no line feed always goes to libcsv.  Each
 * row below is imported both ways, and stores the same fields. */
static void a_line_split_by_hand_is_read_as_libcsv_reads_it(void)
{
    static const char *const rows[] = {
        "1,A1,paid,individual,s0001,Ada,Lovelace,a@x.org,",
        "  2 , A2 ,paid,individual,s0002,\t Ada \t, Love lace ,a@x.org,",
        "3,A3,paid,individual,s0003,\"Ada \"\"the\"\" Countess\",L,,",
        "4,A4,paid,individual,s0004, \"Ada, Countess\" \t,\"\",,",
        "5,A5,paid,individual,s0005,\"\"\"\",\"x\"\"\",,",
        "6,A6,paid,individual,s0006,Zoë,Łukasz,\"\",\r",
    };
    static const char *const cols =
        "SELECT ticket_id || '|' || order_code || '|' || given_name || '|' "
        "|| family_name || '|' || coalesce(email, '-') FROM attendee";
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char text[512], got[2][512];
        for (int nl = 0; nl < 2; nl++) {
            size_t len = strlen(rows[i]);
            bool cr = rows[i][len - 1] == '\r';
            snprintf(text, sizeof(text), "%s%.*s%s", HEADER,
                     (int)(len - (cr && !nl)), rows[i], nl ? "\n" : "");
            struct import_counts n;
            EXPECT_INT(imported_text("split.db", "split.csv", text, false, &n),
                       CK_OK);
            EXPECT_INT(n.added, 1);
            snprintf(got[nl], sizeof(got[nl]), "%s",
                     q1(tu_path("split.db"), cols));
        }
        EXPECT_STR(got[1], got[0]);
    }
    EXPECT_STR(q1(tu_path("split.db"), cols), "6|A6|Zoë|Łukasz|");
}

static void hostile_fields_are_refused_or_stored_verbatim(void)
{
    char text[16384];
    char huge[10241];
    memset(huge, 'x', sizeof(huge) - 1);
    huge[sizeof(huge) - 1] = '\0';
    snprintf(text, sizeof(text),
             HEADER
             "1,A1,paid,individual,secret0001,\"Robert'); DROP TABLE "
             "attendee;--\",x,,\n" /* 2: kept */
             "2,A2,paid,individual,secret0002,Bad\xff\xfeUTF,x,,\n" /* 3 */
             "3,A3,paid,individual,secret0003,\xe2\x80\xae"
             "evil,x,,\n"                                           /* 4 */
             "4,A4,paid,individual,secret0004,%s,x,,\n"             /* 5 */
             "5,A5,paid,individual,secret0005,Ok,x,not-an-email,\n" /* 6 */
             "6,A6,paid,individual,sec!ret0006,Ok,x,,\n"            /* 7 */
             "99999999999999999999999,A7,paid,individual,secret0007,Big,"
             "Number,,\n"                                    /* 8: kept */
             "8,A8,paid,individual,secret0001,Copy,Cat,,\n", /* 9 */
             huge);
    struct import_counts n;
    EXPECT_INT(imported_text("hostile.db", "hostile.csv", text, true, &n),
               CK_EINVAL);
    /* No registration is refused for its name: the bytes that are not
     * UTF-8 and the override are removed, the 10 KB name kept whole with
     * a shortened badge name, each with a warning. */
    EXPECT_INT(n.added, 5);
    EXPECT_INT(n.rejected, 3);
    EXPECT_CONTAINS(warnings, "hostile.csv:3: warning: 2 control, "
                              "text-direction or non-UTF-8 characters removed "
                              "from given_name (now \"BadUTF\")");
    EXPECT_CONTAINS(warnings, "hostile.csv:4: warning: 1 control, "
                              "text-direction or non-UTF-8 character removed "
                              "from given_name (now \"evil\")");
    EXPECT_CONTAINS(warnings, "hostile.csv:5: warning: the name is 10242 "
                              "characters long; the badge shows");
    EXPECT_CONTAINS(reports, "hostile.csv:6: email 'not-an-email'");
    EXPECT_CONTAINS(reports, "hostile.csv:7: secret 'sec!ret0006' must be");
    EXPECT_CONTAINS(reports, "hostile.csv:9: secret 'secret0001' already "
                             "belongs to ticket 1");
    const char *db = tu_path("hostile.db");
    EXPECT_STR(field(db, "given_name", "1"),
               "Robert'); DROP TABLE attendee;--");
    EXPECT_STR(field(db, "given_name", "99999999999999999999999"), "Big");
    EXPECT_STR(field(db, "given_name", "2"), "BadUTF");
    EXPECT_STR(field(db, "given_name", "3"), "evil");
    EXPECT_INT(qn(db, "SELECT length(given_name) FROM attendee WHERE "
                      "ticket_id = '4'"),
               10240);
    EXPECT_INT(qn(db, "SELECT length(badge_name) FROM attendee WHERE "
                      "ticket_id = '4'"),
               201);

    /* A NUL byte inside a field. */
    static const char nul[] = HEADER "1,A1,paid,individual,secret0001,A\0da,"
                                     "L,,\n";
    const char *p = tu_path("nul.csv");
    REQUIRE(tu_write_file(p, nul, sizeof(nul) - 1) == 0);
    EXPECT_INT(imported("nul.db", p, false, &n), CK_EINVAL);
    EXPECT_CONTAINS(reports, "nul.csv:2: contains a NUL byte");
}

/* A "name" of 20 KB is no name: the registration is kept, the name cut to
 * 16 KB (whole characters), and said. */
static void a_name_beyond_all_reason_is_cut_and_said(void)
{
    static char text[24000];
    int n = snprintf(text, sizeof(text),
                     HEADER "1,A1,paid,individual,"
                            "secret0001,");
    for (int i = 0; i < 10240; i++) /* 20,480 bytes of "é" */
        n += snprintf(text + n, sizeof(text) - (size_t)n, "\xc3\xa9");
    snprintf(text + n, sizeof(text) - (size_t)n, ",x,,\n");
    struct import_counts c;
    EXPECT_INT(imported_text("huge.db", "huge.csv", text, false, &c), CK_OK);
    EXPECT_INT(c.added, 1);
    EXPECT_CONTAINS(warnings, "huge.csv:2: warning: given_name was 20480 "
                              "bytes long; kept the first 16384");
    EXPECT_INT(qn(tu_path("huge.db"), "SELECT length(CAST(given_name AS "
                                      "BLOB)) FROM attendee"),
               16384);
}

/* A file is read 256 KB at a time and split at its line feeds
 * (import_csv.c, read_lines): a line of 600,000 bytes, longer than two
 * reads, and 3,000 lines after it, some across the end of a read, the
 * last with no line feed, each come whole. */
static void lines_longer_than_a_read_or_across_reads_come_whole(void)
{
    size_t cap = 1 << 20, n = 0;
    char *text = malloc(cap);
    REQUIRE(text);
    n += (size_t)snprintf(text + n, cap - n,
                          HEADER "1,A1,paid,individual,secret0001,Ada,,,\n"
                                 "2,A2,paid,individual,secret0002,");
    for (int i = 0; i < 300000; i++) { /* 600,000 bytes of "é" */
        text[n++] = '\xc3';
        text[n++] = '\xa9';
    }
    n += (size_t)snprintf(text + n, cap - n, ",x,,\n");
    for (int i = 3; i <= 3002; i++)
        n += (size_t)snprintf(text + n, cap - n,
                              "%d,A%d,paid,individual,secret%06d,Given%d,"
                              "Family%d,,%s",
                              i, i, i, i, i, i < 3002 ? "\n" : "");
    struct import_counts c;
    EXPECT_INT(imported_text("reads.db", "reads.csv", text, false, &c), CK_OK);
    free(text);
    EXPECT_INT(c.added, 3002);
    EXPECT_INT(c.rejected, 0);
    EXPECT_CONTAINS(warnings, "reads.csv:3: warning: given_name was 600000 "
                              "bytes long; kept the first 16384");
    EXPECT_INT(qn(tu_path("reads.db"), "SELECT length(CAST(given_name AS "
                                       "BLOB)) FROM attendee WHERE "
                                       "ticket_id = '2'"),
               16384);
    EXPECT_STR(field(tu_path("reads.db"), "family_name", "3002"), "Family3002");
    EXPECT_INT(qn(tu_path("reads.db"),
                  "SELECT count(*) FROM attendee WHERE given_name = 'Given' || "
                  "ticket_id AND family_name = 'Family' || ticket_id"),
               3000);
}

/* Runs of white space fold to one space, also right before a multi-byte
 * character (a fuzzer found this overlapping-copy case in a template). */
static void names_are_cleaned_of_runs_of_space(void)
{
    static const char text[] =
        HEADER "1,A1,paid,individual,secret0001,\"Ana  \xe2\x80\x8b\xc5\x81"
               "ucja\t \xef\xbb\xbfX\",\"  O'Brien \",,\n";
    struct import_counts n;
    EXPECT_INT(imported_text("spaces.db", "spaces.csv", text, false, &n),
               CK_OK);
    EXPECT_STR(field(tu_path("spaces.db"), "given_name", "1"),
               "Ana \xe2\x80\x8b\xc5\x81ucja \xef\xbb\xbfX");
    EXPECT_STR(field(tu_path("spaces.db"), "family_name", "1"), "O'Brien");
}

/* The search key the import writes is text_search_key of the stored
 * fields (badge name, names, email, company, order code, ticket id), as
 * a desk's edit writes it (registration.c): the import folds a badge name
 * made of the names from the names' folds, and these names try where that
 * could differ: accents and marks at either edge, compatibility forms,
 * spaces of other kinds, Hangul, Devanagari, final sigma, one name
 * alone (as from pretix), a name that folds to nothing. */
/* The search key as the fields' folds through GLib (text_fold_unicode)
 * joined by single spaces, NULL or empty fields left out: the oracle
 * for text_search_key, which folds from a table into one buffer. */
static char *reference_key(const char *const *parts, size_t n)
{
    size_t len = 0;
    char *key = calloc(1, 1);
    for (size_t i = 0; key && i < n; i++) {
        if (!parts[i] || !*parts[i])
            continue;
        char *f = text_fold_unicode(parts[i], SIZE_MAX);
        char *k = f ? realloc(key, len + strlen(f) + 2) : NULL;
        if (!k) {
            free(f);
            free(key);
            return NULL;
        }
        key = k;
        if (len)
            key[len++] = ' ';
        memcpy(key + len, f, strlen(f) + 1);
        len += strlen(f);
        free(f);
    }
    return key;
}

static void the_search_key_is_text_search_key_of_the_fields(void)
{
    static const char text[] = HEADER
        "1,K1,paid,individual,secretk001,Zo\xc3\xab,M\xc3\xbcller,,\n"
        "2,K2,paid,individual,secretk002,Jose\xcc\x81,\xcc\x81"
        "Alvarez,,\n"
        "3,K3,paid,individual,secretk003,\xef\xac\x81"
        "on\xc3\xa1,\xef\xbc\xa1\xef\xbc\xa2,,\n"
        "4,K4,paid,individual,secretk004,\xec\x84\x9c\xec\x97\xb0,"
        "\xec\x9d\xb4,,\n"
        "5,K5,paid,individual,secretk005,\xe0\xa4\xa6\xe0\xa5\x87\xe0\xa4"
        "\xb6,\xe0\xa4\xaa\xe0\xa4\xbe\xe0\xa4\x82\xe0\xa4\xa1\xe0\xa5\x87,,\n"
        "6,K6,paid,individual,secretk006,\xce\x9f\xce\xa3,\xce\x9f\xce\xa3"
        "\xce\xa3,,\n"
        "7,K7,paid,individual,secretk007,Ann\xc2\xa0,\xe2\x80\x8b"
        "Lee,,\n"
        "8,K8,paid,individual,secretk008,\xcc\x81,Solo,,\n"
        "9,K9,paid,individual,secretk009,Stra\xc3\x9f"
        "e,\xc3\x85ngstr\xc3\xb6m,a@b.example,\n"
        "10,K10,paid,individual,secretk010,Ada,Lovelace,,\n"
        "11,K11,paid,individual,secretk011,Gr\xc3\xa2"
        "ce,,,\n"
        "12,K12,paid,individual,secretk012,,H\xc3\xb6pper,,\n"
        "13,K13,paid,individual,secretk013,\xcc\x81,,,\n";
    struct import_counts n;
    EXPECT_INT(imported_text("fold.db", "fold.csv", text, false, &n), CK_OK);
    expect_counts(&n, 13, 0, 0, 0, 0);
    sqlite3 *db;
    REQUIRE(sqlite3_open_v2(tu_path("fold.db"), &db, SQLITE_OPEN_READONLY,
                            NULL) == SQLITE_OK);
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT badge_name, given_name, family_name, "
                               "email, company, order_code, ticket_id, "
                               "search_key FROM attendee ORDER BY id",
                               -1, &st, NULL) == SQLITE_OK);
    int rows = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *parts[7];
        for (int i = 0; i < 7; i++)
            parts[i] = (const char *)sqlite3_column_text(st, i);
        char *want = reference_key(parts, 7);
        REQUIRE(want);
        EXPECT_STR((const char *)sqlite3_column_text(st, 7), want);
        free(want);
        rows++;
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    EXPECT_INT(rows, 13);
}

/* What the import has stored as the key of a badge name made of the
 * names since it folds each name once: the names' key twice, then the
 * other fields' key after a space, when it is not empty.  It differs
 * from reference_key only where a field after the names folds to nothing
 * (a company of combining accents alone): there the import writes one
 * space, not two.  A name that folds to nothing takes reference_key. */
static char *reference_composed(const char *const *parts, size_t n)
{
    for (int i = 1; i <= 2; i++) {
        char *f = parts[i] && *parts[i] ? text_fold_unicode(parts[i], SIZE_MAX)
                                        : NULL;
        bool empty = f && !*f;
        free(f);
        if (empty) /* a name that folds to nothing: the key of all */
            return reference_key(parts, n);
    }
    char *names = reference_key(parts + 1, 2);
    char *rest = reference_key(parts + 3, n - 3);
    size_t cap =
        (names ? 2 * strlen(names) : 0) + (rest ? strlen(rest) : 0) + 3;
    char *out = names && rest ? malloc(cap) : NULL;
    if (out)
        snprintf(out, cap, "%s %s%s%s", names, names, *rest ? " " : "", rest);
    free(names);
    free(rest);
    return out;
}

/* text_search_key and text_search_key_composed (which folds each name
 * once and writes it twice) against GLib's folding of every part, with
 * parts that are NULL, empty, fold to nothing, are long, or are not
 * UTF-8. */
/* text_cut_mark: a text that fitted is left alone; one cut ends "..."
 * at a character's start, never inside a multi-byte one; a failed
 * snprintf leaves it empty. */
static __attribute__((noinline)) int put(char *out, size_t cap, const char *s)
{
    return snprintf(out, cap, "%s", s);
}

static void a_cut_text_ends_with_dots_at_a_character(void)
{
    char out[9];
    int n = put(out, sizeof(out), "12345678");
    EXPECT_TRUE(!text_cut_mark(out, sizeof(out), n));
    EXPECT_STR(out, "12345678");
    n = put(out, sizeof(out), "123456789");
    EXPECT_TRUE(text_cut_mark(out, sizeof(out), n));
    EXPECT_STR(out, "12345...");
    /* "1234" and a 3-byte character over the place of the dots. */
    n = put(out, sizeof(out), "1234\xe0\xa4\x95\xe0\xa4\x95");
    EXPECT_TRUE(text_cut_mark(out, sizeof(out), n));
    EXPECT_STR(out, "1234...");
    n = put(out, sizeof(out), "12\xe0\xa4\x95\xe0\xa4\x95\xe0\xa4\x95");
    EXPECT_TRUE(text_cut_mark(out, sizeof(out), n));
    EXPECT_STR(out, "12\xe0\xa4\x95...");
    EXPECT_TRUE(text_cut_mark(out, sizeof(out), -1));
    EXPECT_STR(out, "");
}

/* text_valid_utf8 passes over ASCII eight bytes at a time; against
 * glibc's UTF-8 decoder (iconv, which refuses overlongs, surrogates and
 * code points past U+10FFFF) and a NUL search, for each byte sequence at
 * each place of strings around that stride. */
static bool iconv_says_utf8(iconv_t cd, const char *s, size_t len)
{
    if (memchr(s, '\0', len))
        return false;
    iconv(cd, NULL, NULL, NULL, NULL);
    char out[256];
    char *in = (char *)s, *o = out;
    size_t inleft = len, outleft = sizeof(out);
    size_t r = iconv(cd, &in, &inleft, &o, &outleft);
    return r != (size_t)-1 && inleft == 0;
}

static void utf8_check_agrees_with_iconv(void)
{
    static const char *const seqs[] = {"a",
                                       "\xc3\xa9",
                                       "\xe2\x82\xac",
                                       "\xf0\x9f\x98\x80",
                                       "\xc3",
                                       "\xe2\x82",
                                       "\xf0\x9f\x98",
                                       "\x80",
                                       "\xbf",
                                       "\xff",
                                       "\xc0\xaf",
                                       "\xc1\xbf",
                                       "\xe0\x80\xaf",
                                       "\xed\xa0\x80",
                                       "\xed\x9f\xbf",
                                       "\xf4\x8f\xbf\xbf",
                                       "\xf4\x90\x80\x80",
                                       "\xf5\x80\x80\x80",
                                       "\x7f",
                                       "\x01",
                                       ""};
    iconv_t cd = iconv_open("UTF-32LE", "UTF-8");
    REQUIRE(cd != (iconv_t)-1);
    long differ = 0;
    for (size_t len = 0; len <= 24; len++) {
        for (size_t at = 0; at <= len; at++) {
            for (size_t k = 0; k < sizeof(seqs) / sizeof(seqs[0]); k++) {
                for (int nul = 0; nul < 2; nul++) {
                    char text[40];
                    memset(text, 'x', len);
                    size_t n =
                        strlen(seqs[k]) +
                        (k + 1 == sizeof(seqs) / sizeof(seqs[0]) ? (size_t)nul
                                                                 : 0);
                    memcpy(text + at, seqs[k], n); /* "" with nul: a NUL */
                    memset(text + at + n, 'y', len - at);
                    size_t total = len + n;
                    bool want = iconv_says_utf8(cd, text, total);
                    if (text_valid_utf8(text, total) != want && differ++ < 5)
                        TU_FAIL_AT("sequence %zu at %zu of %zu: %s, not %s", k,
                                   at, total, want ? "refused" : "accepted",
                                   want ? "accepted" : "refused");
                }
            }
        }
    }
    iconv_close(cd);
    EXPECT_INT(differ, 0);
}

/* text_ascii_run: every length to three words, each place a run can end
 * (a byte >= 0x80, or a NUL when NULs stop it; the first nine places are
 * the first word's and the one after it), from each of eight alignments,
 * against a byte loop.  Each text ends where its allocation does, so
 * that AddressSanitizer's build refuses a read past its end (the last
 * word's, read back from the end, started one byte late returns the same
 * counts). */
static void an_ascii_run_ends_at_its_first_high_byte_or_nul(void)
{
    EXPECT_INT(text_ascii_run("", 0, false), 0);
    EXPECT_INT(text_ascii_run("", 0, true), 0);
    EXPECT_INT(text_ascii_run("\x80", 0, true), 0);
    EXPECT_INT(text_ascii_run("ab\0cd", 5, false), 5);
    EXPECT_INT(text_ascii_run("ab\0cd", 5, true), 2);
    EXPECT_INT(text_ascii_run("abcdefgh\0", 9, true), 8);
    EXPECT_INT(text_ascii_run("abcdefg\xc3\xa9", 9, false), 7);
    static const unsigned char stops[] = {0x80, 0xc3, 0xff, 0x00, 0x7f};
    long differ = 0;
    for (size_t len = 0; len <= 24; len++)
        for (size_t at = 0; at <= len; at++)
            for (size_t k = 0; k < sizeof(stops); k++)
                for (size_t align = 0; align < 8; align++)
                    for (int nul = 0; nul < 2; nul++) {
                        size_t size = align + len;
                        char *block = malloc(size ? size : 1);
                        REQUIRE(block != NULL);
                        char *s = block + align;
                        memset(block, 'a', size);
                        if (at < len)
                            s[at] = (char)stops[k];
                        size_t want = 0;
                        while (want < len && (unsigned char)s[want] < 0x80 &&
                               !(nul && !s[want]))
                            want++;
                        size_t got = text_ascii_run(s, len, nul);
                        free(block);
                        if (got != want && differ++ < 5)
                            TU_FAIL_AT("byte %02x at %zu of %zu (from %zu,"
                                       " NUL %s): %zu, not %zu",
                                       stops[k], at, len, align,
                                       nul ? "stops" : "goes on", got, want);
                    }
    EXPECT_INT(differ, 0);
}

static void search_keys_are_the_glib_folds_joined(void)
{
    char longer[1201];
    for (size_t i = 0; i + 1 < sizeof(longer); i++)
        longer[i] = i % 3 ? "\xc3\x96"[i % 3 - 1] : 'x';
    longer[sizeof(longer) - 1] = '\0'; /* "xÖxÖ..." */
    static const char *const plain[][7] = {
        {"Ada Lovelace", "Ada", "Lovelace", "a@b.example", "", "K1", "1"},
        {"Zo\xc3\xab", "Zo\xc3\xab", NULL, NULL, "\xcc\x81", "K2", "2"},
        {"\xcc\x81", "\xcc\x81", "", "", "\xcc\x81", "", "3"},
        {"Ann Lee", "Ann", "Lee", "x@y.z", " A\tB ", "\xef\xac\x81", "4"},
        {"\xd0\x9e \xd0\x9f", "\xd0\x9e", "\xd0\x9f", NULL, NULL, NULL, NULL},
        {"\xf0\x9f\x98\x80 X", "\xf0\x9f\x98\x80", "X", "", "", "", ""},
        {"Mo", "", "Mo", "m@o.example", "Co", "K7", "7"},
    };
    for (size_t i = 0; i < sizeof(plain) / sizeof(plain[0]); i++) {
        char *want = reference_key(plain[i], 7);
        char *a = text_search_key(plain[i], 7);
        char *b = text_search_key_composed(plain[i], 7);
        char *wantc = reference_composed(plain[i], 7);
        REQUIRE(want && a && b && wantc);
        EXPECT_STR(a, want);
        EXPECT_STR(b, wantc);
        free(want);
        free(wantc);
        free(a);
        free(b);
    }
    char both[2410];
    snprintf(both, sizeof(both), "%s %s", longer, longer);
    const char *const big[7] = {both, longer, longer, longer, NULL, "K", "8"};
    char *want = reference_composed(big, 7);
    char *b = text_search_key_composed(big, 7);
    REQUIRE(want && b);
    EXPECT_STR(b, want);
    free(want);
    free(b);
    const char *const bad[3] = {"Ada", "A\xff", "x"};
    EXPECT_TRUE(text_search_key(bad, 3) == NULL);
    const char *const bad2[4] = {"A\xff B", "A\xff", "B", "x"};
    EXPECT_TRUE(text_search_key_composed(bad2, 4) == NULL);
}

static void pretix_problems_are_reported(void)
{
    struct import_counts n;
    store *s = new_event("pretix-bad.db");
    REQUIRE(s);
    struct ck_error err = {0};
    struct import_options opt = {.report = collect};
    const char *path = tu_path("broken.json");
    static const char broken[] = "{\"event\": {\n \"orders\": [\n  {,}\n]}}";
    REQUIRE(tu_write_file(path, broken, strlen(broken)) == 0);
    EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "broken.json:3: not valid JSON");
    static const char other[] = "{\"people\": []}";
    REQUIRE(tu_write_file(path, other, strlen(other)) == 0);
    EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "not a pretix order export");
    /* An admission product nobody mapped would lose people: refused. */
    static const char unmapped[] =
        "{\"event\": {\"items\": [{\"id\": 999, \"name\": \"Day pass\", "
        "\"admission\": true}], \"questions\": [], \"orders\": [\n"
        "{\"code\": \"ZZZ11\", \"status\": \"p\", \"email\": \"a@example.com\","
        " \"positions\": [\n"
        "{\"id\": 1, \"item\": 999, \"attendee_name\": \"Ada\", \"secret\": "
        "\"abcdefghijklmnop\", \"addon_to\": null, \"answers\": []}]}]}}";
    EXPECT_INT(import_text(s, "unmapped.json", unmapped, false, &n), CK_EINVAL);
    EXPECT_CONTAINS(reports, "unmapped.json: item 999 (Day pass) admits "
                             "people but no [ticket-type] lists it in "
                             "pretix-items: 1 position in 1 order, e.g. "
                             "ZZZ11; add it to the event description");
    store_close(s);
}

/* A pretix export with one order whose first position has `pos` spliced
 * in after its id (item 311 is the demo's individual ticket). */
static const char *pretix_one(const char *id, const char *pos)
{
    static char buf[300000];
    snprintf(buf, sizeof(buf),
             "{\"event\": {\"items\": [], \"questions\": [], \"orders\": [\n"
             "{\"code\": \"HOST1\", \"status\": \"p\", \"email\": "
             "\"a@example.com\", \"positions\": [\n"
             "{\"id\": %s, \"item\": 311, \"secret\": \"abcdefghijklmnop\", "
             "\"addon_to\": null, \"answers\": []%s}]}]}}",
             id, pos);
    return buf;
}

/* Hostile pretix JSON: every document is refused with its line, or the
 * row naming its order and position, and nothing of it is stored.  (Names
 * never refuse a row: pretix_names_never_drop_a_paid_person.) */
static void pretix_hostile_documents_are_refused_whole(void)
{
    static char deep[200000];
    size_t k = 0;
    k += (size_t)snprintf(deep, sizeof(deep), ", \"company\": ");
    for (int i = 0; i < 50000; i++)
        deep[k++] = '[';
    for (int i = 0; i < 50000; i++)
        deep[k++] = ']';
    deep[k] = '\0';
    static const struct {
        const char *id, *pos, *expect;
    } cases[] = {
        /* Broken JSON refuses the whole file at its line. */
        {"1", ", \"attendee_name\": \"Ada\xff\xfe\"",
         "host.json:3: not valid JSON (unable to decode byte 0xff"},
        {"1", ", \"attendee_name\": \"\\ud800x\"",
         "host.json:3: not valid JSON (invalid Unicode"},
        {"123456789012345678901234567890", ", \"attendee_name\": \"Ada\"",
         "host.json:3: not valid JSON (too big integer"},
        {"1", deep, "host.json:3: not valid JSON (maximum parsing depth"},
        /* Valid JSON with a bad ticket id refuses the row, naming it. */
        {"1.5", ", \"attendee_name\": \"Ada\"",
         "host.json: order HOST1, position 0 (ticket ?): ticket_id is "
         "empty"},
        {"1e400", ", \"attendee_name\": \"Ada\"",
         "host.json:3: not valid JSON (real number overflow"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        store *s = new_event("pretix-host.db");
        REQUIRE(s);
        struct import_counts n = {0};
        struct ck_error err = {0};
        struct import_options opt = {.report = collect};
        const char *path = tu_path("host.json");
        const char *text = pretix_one(cases[i].id, cases[i].pos);
        REQUIRE(tu_write_file(path, text, strlen(text)) == 0);
        reports[0] = '\0';
        EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
        char all[20000];
        snprintf(all, sizeof(all), "%s | %s", err.msg, reports);
        if (!strstr(all, cases[i].expect))
            TU_FAIL_AT("case %zu: expected \"%s\" in \"%s\"", i,
                       cases[i].expect, all);
        EXPECT_INT(n.added, 0);
        store_close(s);
        EXPECT_INT(
            qn(tu_path("pretix-host.db"), "SELECT count(*) FROM attendee"), 0);
    }
}

/* A pretix export of the demo event with `n` orders of one position each
 * (item 311, the individual ticket), written order by order as pretix
 * writes it: items and questions before the orders, or when `late` after
 * them.  Order i is on line i + 2. */
static int write_export(const char *path, long n, bool late)
{
    FILE *f = fopen(path, "w");
    if (!f)
        return -1;
    static const char meta[] = "\"items\": [{\"id\": 311, \"name\": "
                               "\"Individual\", \"admission\": true}], "
                               "\"questions\": []";
    fprintf(f,
            "{\"event\": {\"name\": \"PyCon Demo\", \"slug\": "
            "\"pycon-demo-2027\", %s%s\"orders\": [\n",
            late ? "" : meta, late ? "" : ", ");
    for (long i = 0; i < n; i++)
        fprintf(f,
                "{\"code\": \"Q%07ld\", \"status\": \"p\", \"email\": "
                "\"p%ld@example.com\", \"positions\": [{\"id\": %ld, "
                "\"positionid\": 1, \"item\": 311, \"attendee_name\": "
                "\"Person %ld\", \"secret\": \"sec%08ldxyz\", \"addon_to\": "
                "null, \"answers\": []}]}%s\n",
                i, i, i + 1, i, i, i + 1 < n ? "," : "");
    fprintf(f, "]%s%s}}\n", late ? ", " : "", late ? meta : "");
    return fclose(f);
}

/* `path` with its bytes from `at` replaced by `tail` (to break it). */
static int rewrite_from(const char *path, long at, const char *tail)
{
    FILE *f = fopen(path, "r+");
    if (!f)
        return -1;
    int bad = fseek(f, at, SEEK_SET) || fputs(tail, f) == EOF ||
              ftruncate(fileno(f), at + (long)strlen(tail));
    return fclose(f) || bad;
}

/* Byte offset of the start of line `line` (1-based). */
static long offset_of_line(const char *path, long line)
{
    FILE *f = fopen(path, "r");
    long off = 0, at = 1;
    int c;
    while (f && at < line && (c = fgetc(f)) != EOF) {
        off++;
        at += c == '\n';
    }
    if (f)
        fclose(f);
    return off;
}

/* A pretix export cut off or broken after thousands of good orders (so
 * past the first chunks the reader takes) is refused with the one
 * sentence of its line, no row is reported, and nothing is stored. */
static void a_truncated_or_broken_pretix_export_stores_nothing(void)
{
    static const struct {
        bool late;        /* items and questions after the orders */
        long line;        /* where the file is broken */
        long cut;         /* bytes of that line kept, -1: all */
        const char *tail; /* written there instead of the rest */
        const char *expect;
    } cases[] = {
        /* cut in the middle of an order */
        {false, 4002, 40, "", "big.json:4002: not valid JSON"},
        /* cut after a whole order: the array is never closed */
        {false, 4002, -1, "", "big.json:4003: not valid JSON"},
        /* cut before the closing brackets */
        {false, 5002, 0, "", "big.json:5002: not valid JSON"},
        /* an order broken in the middle of the file */
        {false, 2501, 0, "{,}\n", "big.json:2501: not valid JSON"},
        /* a key twice in one order: jansson's rule, at that order's line */
        {false, 2501, 0,
         "{\"code\": \"X\", \"code\": \"Y\", \"positions\": []},\n",
         "big.json:2501: not valid JSON (duplicate object key"},
        /* ... in a position, and in an object the import does not read */
        {false, 2501, 0,
         "{\"code\": \"X\", \"positions\": [{\"id\": 1, \"item\": 311, "
         "\"id\": 2}]},\n",
         "big.json:2501: not valid JSON (duplicate object key"},
        {false, 2501, 0,
         "{\"code\": \"X\", \"positions\": [], \"fees\": [{\"a\": {}, "
         "\"b\": 1, \"a\": 2}]},\n",
         "big.json:2501: not valid JSON (duplicate object key"},
        /* text after the export */
        {false, 5003, 0, "{}\n", "big.json:5003: not valid JSON"},
        /* the same, read in two passes for items after the orders */
        {true, 4002, 40, "", "big.json:4002: not valid JSON"},
        {true, 2501, 0, "{,}\n", "big.json:2501: not valid JSON"},
        {true, 5002, 20, "", "big.json:5002: not valid JSON"},
    };
    const char *path = tu_path("big.json");
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        REQUIRE(write_export(path, 5000, cases[i].late) == 0);
        if (i == 0) { /* the whole file imports */
            struct import_counts n;
            EXPECT_INT(imported("big.db", path, false, &n), CK_OK);
            EXPECT_INT(n.added, 5000);
        }
        long at = offset_of_line(path, cases[i].line);
        if (cases[i].cut >= 0)
            at += cases[i].cut;
        else
            at = offset_of_line(path, cases[i].line + 1);
        REQUIRE(rewrite_from(path, at, cases[i].tail) == 0);
        store *s = new_event("big.db");
        REQUIRE(s);
        struct import_counts n = {0};
        struct ck_error err = {0};
        reports[0] = warnings[0] = '\0';
        struct import_options opt = {.report = collect,
                                     .warn = collect_warning};
        EXPECT_INT(import_file(s, path, &opt, &n, &err), CK_EINVAL);
        if (!strstr(err.msg, cases[i].expect))
            TU_FAIL_AT("case %zu: expected \"%s\" in \"%s\"", i,
                       cases[i].expect, err.msg);
        EXPECT_CONTAINS(err.msg, "; export \"Order data (JSON)\" from "
                                 "pretix again.");
        EXPECT_STR(reports, "");
        EXPECT_STR(warnings, "");
        EXPECT_INT(n.added, 0);
        store_close(s);
        EXPECT_INT(qn(tu_path("big.db"), "SELECT count(*) FROM attendee"), 0);
    }
}

/* The largest peak memory `checkin import` may take for an export of
 * 200,000 positions (45 MB): its own tables and SQLite's cache, not the
 * file.  Read whole, jansson's tree of it took 9 times the file (over
 * 500 MB).  Sanitizers keep freed memory in quarantine and shadow all of
 * it (541 MB here under ASan), so the bound is checked in plain builds
 * only, README's test command among them; a sanitized build still
 * imports the whole file. */
#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define LARGE_IMPORT_MAX_RSS_MB 0 /* not checked */
#else
#define LARGE_IMPORT_MAX_RSS_MB 120
#endif

/* 200,000 positions are imported by the real command, whose peak
 * resident memory stays below a bound well under the file's tree. */
static void a_large_pretix_export_is_imported_as_a_stream(void)
{
    const char *path = tu_path("large.json");
    const char *db = tu_path("large.db");
    REQUIRE(write_export(path, 200000, false) == 0);
    store *s = new_event("large.db");
    REQUIRE(s);
    store_close(s);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        if (!freopen("/dev/null", "w", stdout) ||
            !freopen(tu_path("large.err"), "w", stderr))
            _exit(126);
        execl(CHECKIN_BIN, "checkin", "import", db, path, (char *)NULL);
        _exit(127);
    }
    int st;
    struct rusage ru;
    REQUIRE(wait4(pid, &st, 0, &ru) == pid);
    EXPECT_INT(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 0);
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee"), 200000);
    EXPECT_STR(field(db, "badge_name", "200000"), "Person 199999");
    long rss_mb = ru.ru_maxrss / 1024;
    if (LARGE_IMPORT_MAX_RSS_MB && rss_mb >= LARGE_IMPORT_MAX_RSS_MB)
        TU_FAIL_AT("checkin import took %ld MB at its peak for a %s file; "
                   "at most %d MB expected",
                   rss_mb, "45 MB", LARGE_IMPORT_MAX_RSS_MB);
    unlink(path);
}

/* Ticket types sold as variations of one pretix product. */
static void pretix_variations_map_to_ticket_types(void)
{
    static const char ini[] =
        "[event]\nslug = v\nname = V\nstart = 2027-05-12\n"
        "end = 2027-05-13\ntimezone = UTC\n"
        "[ticket-type individual]\nlabel = I\ncolour = #000000\n"
        "pretix-items = 500\n"
        "[ticket-type student]\nlabel = S\ncolour = #00ff00\n"
        "pretix-items = 500:2\n";
    const char *path = tu_path("var.db");
    unlink(path);
    struct ck_error err = {0};
    store *s;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    REQUIRE(event_load_buffer(s, "var.ini", ini, sizeof(ini) - 1, &err) ==
            CK_OK);
    static const char json[] =
        "{\"event\": {\"items\": [], \"questions\": [], \"orders\": [\n"
        "{\"code\": \"VAR01\", \"status\": \"p\", \"email\": "
        "\"a@example.com\", \"positions\": [\n"
        "{\"id\": 1, \"item\": 500, \"variation\": 1, \"attendee_name\": "
        "\"Ada\", \"secret\": \"secretvar0001\", \"addon_to\": null},\n"
        "{\"id\": 2, \"item\": 500, \"variation\": 2, \"attendee_name\": "
        "\"Bea\", \"secret\": \"secretvar0002\", \"addon_to\": null}]}]}}";
    struct import_counts n;
    EXPECT_INT(import_text(s, "var.json", json, false, &n), CK_OK);
    EXPECT_INT(n.added, 2);
    store_close(s);
    EXPECT_STR(q1(path, "SELECT t.slug FROM attendee a JOIN ticket_type t ON "
                        "t.id = a.ticket_type_id WHERE ticket_id = '1'"),
               "individual");
    EXPECT_STR(q1(path, "SELECT t.slug FROM attendee a JOIN ticket_type t ON "
                        "t.id = a.ticket_type_id WHERE ticket_id = '2'"),
               "student");

    static const char bad[] = "[event]\nslug = v\nname = V\n"
                              "start = 2027-05-12\nend = 2027-05-13\n"
                              "timezone = UTC\n[ticket-type individual]\n"
                              "label = I\ncolour = #000000\n"
                              "pretix-items = 500:x\n";
    unlink(path);
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    EXPECT_INT(event_load_buffer(s, "bad.ini", bad, sizeof(bad) - 1, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "bad.ini:10: pretix item '500:x' must be");
    store_close(s);
}

/* ---- search ---- */

static store *demo_store(void)
{
    static int made;
    const char *path = tu_path("search.db");
    if (!made) {
        store *s = new_event("search.db");
        struct import_counts n;
        if (!s || import(s, DEMO_CSV, false, &n) != CK_OK) {
            store_close(s);
            return NULL;
        }
        made = 1;
        return s;
    }
    struct ck_error err = {0};
    store *s = NULL;
    if (store_open(path, STORE_EXISTING, &s, &err))
        TU_FAIL_AT("%s", err.msg);
    return s;
}

static void expect_found(store *s, const char *query, const char *ticket_id)
{
    struct attendee_list l;
    struct ck_error err = {0};
    if (store_attendee_search(s, query, 0, &l, &err)) {
        TU_FAIL_AT("search '%s': %s", query, err.msg);
        return;
    }
    bool found = false;
    for (size_t i = 0; i < l.n; i++)
        found |= !strcmp(l.items[i].ticket_id, ticket_id);
    if (!found)
        TU_FAIL_AT("search '%s' did not find ticket %s (%zu results)", query,
                   ticket_id, l.n);
    attendee_list_free(&l);
}

static size_t count_found(store *s, const char *query)
{
    struct attendee_list l;
    struct ck_error err = {0};
    if (store_attendee_search(s, query, 0, &l, &err))
        return (size_t)-1;
    size_t n = l.n;
    attendee_list_free(&l);
    return n;
}

/* text_fold folds most names a character at a time from a table
 * (common/text.c); the result is the whole text's NFKD and case folding
 * through GLib (text_fold_unicode), for names in many scripts and for
 * every character of the Basic Multilingual Plane between others, white
 * space and combining marks. */
static void folding_by_table_is_folding_by_glib(void)
{
    static const char *const names[] = {"Zoë Ærøskøbing",
                                        "ŁUKASZ Wójcik",
                                        "José  Álvarez\t",
                                        " Søren ",
                                        "Nguyễn Thị Hương",
                                        "Ольга Петренко",
                                        "ΓΙΏΡΓΟΣ Παπαδόπουλος ς",
                                        "小明 王",
                                        "さくら 佐藤",
                                        "서연 이",
                                        "देशपांडे क्षत्रिय",
                                        "Straße ǅemal ﬁne",
                                        "Ⅻ ① ｆｕｌｌ",
                                        "A\u0308\u0323 e\u0301",
                                        "Ħ đ ı İstanbul",
                                        "ʰ ¨ ´ ¸ x",
                                        "عبد الله",
                                        "שָׁלוֹם",
                                        "ཀྵ",
                                        "\u200b a\u200b\u3000b ",
                                        "ㄱ ᄀ ힰ",
                                        "Ǆ ǈ ǋ ǲ",
                                        "ﷺ ﷻ"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char *a = text_fold(names[i], SIZE_MAX);
        char *b = text_fold_unicode(names[i], SIZE_MAX);
        REQUIRE(a && b);
        EXPECT_STR(a, b);
        free(a);
        free(b);
    }
    static const char *const around[][2] = {
        {"", ""}, {"a", "b"}, {" ", "\u0301 "}, {"\u0308", "Ab"}};
    long differ = 0;
    for (unsigned c = 1; c < 0x10000; c++) {
        if (c >= 0xd800 && c <= 0xdfff)
            continue;
        char one[4] = {(char)c};
        if (c >= 0x800)
            snprintf(one, sizeof(one), "%c%c%c", 0xe0 | (c >> 12),
                     0x80 | ((c >> 6) & 0x3f), 0x80 | (c & 0x3f));
        else if (c >= 0x80)
            snprintf(one, sizeof(one), "%c%c", 0xc0 | (c >> 6),
                     0x80 | (c & 0x3f));
        for (size_t k = 0; k < sizeof(around) / sizeof(around[0]); k++) {
            char text[32];
            snprintf(text, sizeof(text), "%s%s%s%s", around[k][0], one, one,
                     around[k][1]);
            if (c < 0x80 && k < 2)
                continue; /* all ASCII: text_fold's older fast path */
            char *a = text_fold(text, SIZE_MAX);
            char *b = text_fold_unicode(text, SIZE_MAX);
            if ((!a != !b || (a && strcmp(a, b))) && differ++ < 5)
                TU_FAIL_AT("U+%04X in \"%s\": %s, not %s", c, text,
                           a ? a : "(null)", b ? b : "(null)");
            free(a);
            free(b);
        }
    }
    EXPECT_INT(differ, 0);
}

/* text_length and text_has_ignorable read eight bytes at a time, and an
 * import's checks pass a field text_is_clean_ascii says is clean without
 * the rest (import_row.c): each against what the string was made of, on
 * strings of 0 to 40 bytes of ASCII, space, tab, two- to four-byte
 * characters and default-ignorable ones at every offset, so that each
 * length's last, partial word is read too; and a printable field
 * text_is_clean_ascii passes is one text_clean_field leaves as it is. */
static void text_checks_read_words_as_they_were_written(void)
{
    static const struct {
        const char *s;
        bool ignorable;
    } piece[] = {{"a", 0},          {"Z", 0},
                 {" ", 0},          {" ", 0},
                 {"\t", 0},         {"~", 0},
                 {"\u00e9", 0},     {"\u5c0f", 0},
                 {"\U0001F600", 0}, {"\u200b", 1} /* zero-width space */,
                 {"\u00ad", 1} /* soft hyphen */};
    uint32_t rng = tu_run_seed();
    long wrong = 0;
    for (int len = 0; len <= 40; len++)
        for (int k = 0; k < 300; k++) {
            char s[64];
            size_t n = 0, chars = 0;
            bool ignorable = false, printable = true;
            while (n < (size_t)len) {
                rng = rng * 1103515245u + 12345u;
                /* mostly ASCII, as names and emails are */
                size_t p = (rng >> 16) % 39;
                p = p < 6 ? p : p < 34 ? p % 2 : p - 28;
                size_t w = strlen(piece[p].s);
                if (n + w > (size_t)len)
                    p = 0, w = 1;
                memcpy(s + n, piece[p].s, w);
                n += w;
                chars++;
                ignorable = ignorable || piece[p].ignorable;
                printable = printable && p < 6 && p != 4;
            }
            s[n] = '\0';
            /* no space at either end, none doubled */
            bool clean = printable &&
                         (n == 0 ||
                          (s[0] != ' ' && s[n - 1] != ' ' && !strstr(s, "  ")));
            char copy[64];
            memcpy(copy, s, n + 1);
            bool cleaned = text_clean_field(copy) && !strcmp(copy, s);
            if (text_length(s) != chars || text_has_ignorable(s) != ignorable ||
                text_is_clean_ascii(s, n) != clean ||
                (printable && cleaned != clean)) {
                if (wrong++ < 5)
                    TU_FAIL_AT("\"%s\": length %zu (made of %zu), ignorable "
                               "%d (%d), clean ASCII %d (cleaned alike %d)",
                               s, text_length(s), chars, text_has_ignorable(s),
                               ignorable, text_is_clean_ascii(s, n), cleaned);
            }
        }
    EXPECT_INT(wrong, 0);
}

/* A search given a limit (the command's "First 50 of N") lists the same
 * people in the same order as the first `limit` of the search without
 * one, and counts every match (store/search.c reads the keys once). */
static void expect_limit_is_the_first(store *s, const char *query, size_t limit)
{
    struct attendee_list all, some;
    struct ck_error err = {0};
    if (store_attendee_search(s, query, 0, &all, &err) ||
        store_attendee_search(s, query, limit, &some, &err)) {
        TU_FAIL_AT("search '%s': %s", query, err.msg);
        return;
    }
    EXPECT_INT(some.n, all.n < limit ? all.n : limit);
    EXPECT_INT(some.total, all.n);
    for (size_t i = 0; i < some.n && i < all.n; i++)
        if (some.items[i].id != all.items[i].id ||
            strcmp(some.items[i].badge_name, all.items[i].badge_name)) {
            TU_FAIL_AT("search '%s' limit %zu: #%zu is %s, not %s", query,
                       limit, i, some.items[i].badge_name,
                       all.items[i].badge_name);
            break;
        }
    attendee_list_free(&all);
    attendee_list_free(&some);
}

static void search_ignores_case_and_accents(void)
{
    store *s = demo_store();
    REQUIRE(s);
    expect_found(s, "zoe", "53139");
    expect_found(s, "ZOË MÜLLER", "53139");
    expect_found(s, "muller", "53139");
    expect_found(s, "Zoe\xcc\x88", "53139"); /* decomposed query */
    store_close(s);
}

static void search_finds_names_in_many_scripts(void)
{
    store *s = demo_store();
    REQUIRE(s);
    expect_found(s, "nguy thi huong", "49064");
    expect_found(s, "renee", "51939"); /* stored decomposed */
    expect_found(s, "Renée", "51939"); /* typed composed */
    expect_found(s, "lukasz wojcik", "52334");
    expect_found(s, "soren ostergaard", "51967");
    expect_found(s, "ольга", "48273"); /* Cyrillic, lower case */
    expect_found(s, "ПЕТРЕНКО", "48273");
    expect_found(s, "ΓΙΏΡΓΟΣ", "49385"); /* Greek, upper case */
    expect_found(s, "γιωργος", "49385"); /* and without the tonos */
    expect_found(s, "देशपांडे", "50660");
    expect_found(s, "చౌదరి", "50209");
    expect_found(s, "மீனாட்சி", "49115");
    expect_found(s, "الفاروق", "48398");
    expect_found(s, "כהן", "48386");
    expect_found(s, "小明", "50393");
    expect_found(s, "さくら", "50952");
    expect_found(s, "서연", "49202");
    expect_found(s, "🐍", "51592");
    store_close(s);
}

static void search_covers_email_company_and_order(void)
{
    store *s = demo_store();
    REQUIRE(s);
    expect_found(s, "zoe.mueller@example.com", "53139");
    expect_found(s, "VSUEZ", "53139");
    expect_found(s, "vsuez", "53139");
    expect_found(s, "pixel orchard", "53139");
    expect_found(s, "Foo, Inc", "51701");
    /* Every word must match: narrower than either word alone. */
    size_t foo = count_found(s, "foo");
    size_t both = count_found(s, "foo tables");
    EXPECT_TRUE(foo >= 2);
    EXPECT_INT(both, 1);
    EXPECT_INT(count_found(s, "zzzz-nobody-has-this"), 0);
    EXPECT_INT(count_found(s, ""), 300);
    EXPECT_INT(count_found(s, "' OR 1=1 --"), 0);
    static const size_t limits[] = {1, 2, 7, 50, 299, 300, 301};
    for (size_t i = 0; i < sizeof(limits) / sizeof(limits[0]); i++)
        expect_limit_is_the_first(s, "", limits[i]);
    expect_limit_is_the_first(s, "foo", 1);
    expect_limit_is_the_first(s, "a", 9);
    expect_limit_is_the_first(s, "ZOË", 2);
    expect_limit_is_the_first(s, "zzzz-nobody-has-this", 50);
    /* A limit far beyond the matches (--limit) takes room for the matches. */
    expect_limit_is_the_first(s, "", (size_t)1 << 40);
    struct attendee_list l;
    struct ck_error err = {0};
    EXPECT_INT(store_attendee_search(s, "bad\xff", 0, &l, &err), CK_EINVAL);
    store_close(s);
}

/* Someone with more tutorials than an attendee may hold is imported with
 * the first ATTENDEE_MAX_TUTORIALS, and the rest are said: a paid
 * attendee is never refused for it, and a listed duplicate is no extra. */
static void too_many_tutorials_imports_the_person_and_says_so(void)
{
    char *ini = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&ini, &len);
    REQUIRE(f);
    FILE *demo = fopen(tu_demo_event_ini(), "r");
    REQUIRE(demo);
    char line[1024];
    while (fgets(line, sizeof(line), demo))
        fputs(line, f);
    fclose(demo);
    enum { EXTRA = ATTENDEE_MAX_TUTORIALS + 3 };
    for (int i = 0; i < EXTRA; i++)
        fprintf(f,
                "\n[tutorial extra-%02d]\ntitle = Extra %d\nroom = R%d\n"
                "start = 2027-05-13 09:00\nend = 2027-05-13 12:30\n"
                "capacity = 30\n",
                i, i, i);
    fclose(f);
    const char *ini_path = tu_path("many.ini");
    REQUIRE(tu_write_file(ini_path, ini, len) == 0);
    free(ini);
    const char *path = tu_path("many.db");
    unlink(path);
    struct ck_error err = {0};
    store *s = NULL;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    REQUIRE(event_load(s, ini_path, &err) == CK_OK);
    char csv[4096];
    int n = snprintf(csv, sizeof(csv),
                     HEADER "1,AAAA1,paid,individual,secret0001,Ada,Lovelace,,"
                            "extra-00");
    for (int i = 0; i < EXTRA; i++)
        n += snprintf(csv + n, sizeof(csv) - (size_t)n, " extra-%02d", i);
    snprintf(csv + n, sizeof(csv) - (size_t)n, "\n");
    struct import_counts c;
    EXPECT_INT(import_text(s, "many.csv", csv, false, &c), CK_OK);
    EXPECT_INT(c.added, 1);
    EXPECT_CONTAINS(warnings, "many.csv:2: warning: more than 32 tutorials; "
                              "'extra-32' and the rest left out");
    struct attendee_list l = {0};
    REQUIRE(store_attendee_find_one(s, "AAAA1", &l, &err) == CK_OK);
    EXPECT_INT(l.items[0].ntutorials, ATTENDEE_MAX_TUTORIALS);
    EXPECT_STR(l.items[0].tutorials[0], "extra-00");
    EXPECT_STR(l.items[0].tutorials[ATTENDEE_MAX_TUTORIALS - 1], "extra-31");
    attendee_list_free(&l);
    store_close(s);
}

/* `checkin import` of a file with only the ticket id and the names: a
 * misspelled family name is fixed, and nothing the file lacks is cleared
 * (issue 30); she is still admitted at her own tutorial's door. */
static void a_names_only_csv_keeps_tutorials_and_consent(void)
{
    const char *db = tu_copy(tu_demo_event(), "names-only.db");
    const char *out, *errs;
    char args[4096];
    /* Rachel Moore, 49005: she/her, a company, three tutorials, consent. */
    const char *tuts = "SELECT group_concat(slug, ' ') FROM (SELECT u.slug "
                       "FROM attendee_tutorial x JOIN tutorial u ON u.id = "
                       "x.tutorial_id JOIN attendee a ON a.id = x.attendee_id"
                       " WHERE a.ticket_id = '49005' ORDER BY u.slug)";
    char before[256];
    snprintf(before, sizeof(before), "%s", q1(db, tuts));
    EXPECT_STR(before, "accessible-dataviz pandas-intro pytest-effective");
    const char *csv = tu_path("names-only.csv");
    static const char text[] = "ticket_id,given_name,family_name\r\n"
                               "49005,Rachel,Moore-Okafor\r\n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, "0 added, 1 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected, 0 warnings; kept as stored, not in "
                         "the file: order_code, status, ticket_type, "
                         "secret, badge_name, pronouns, company, email, "
                         "tutorials, sponsor_consent");
    EXPECT_STR(field(db, "family_name", "49005"), "Moore-Okafor");
    EXPECT_STR(field(db, "badge_name", "49005"), "Rachel Moore-Okafor");
    EXPECT_STR(field(db, "pronouns", "49005"), "she/her");
    EXPECT_STR(field(db, "company", "49005"), "Tarka Cloud Pvt. Ltd.");
    EXPECT_STR(field(db, "email", "49005"), "rachel_moore@example.net");
    EXPECT_STR(field(db, "sponsor_consent", "49005"), "1");
    EXPECT_STR(field(db, "status", "49005"), "paid");
    EXPECT_STR(q1(db, tuts), before);
    EXPECT_INT(qn(db, "SELECT count(*) FROM ticket_secret s JOIN attendee a "
                      "ON a.id = s.attendee_id WHERE a.ticket_id = '49005' "
                      "AND s.revoked = 0"),
               1);
    /* The same file again changes nothing, and says so. */
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 1 unchanged");

    /* The file of the issue: the columns a new registration needs and
     * the names, but no tutorials, pronouns, company or consent. */
    char code[128], full[512];
    snprintf(code, sizeof(code), "%s",
             q1(db, "SELECT s.secret FROM ticket_secret s JOIN attendee a "
                    "ON a.id = s.attendee_id WHERE a.ticket_id = '49005'"));
    snprintf(full, sizeof(full),
             "ticket_id,order_code,status,ticket_type,secret,given_name,"
             "family_name\r\n49005,TWUAG,paid,individual,%s,Rachel,"
             "Okafor-Moore\r\n",
             code);
    REQUIRE(tu_write_file(csv, full, strlen(full)) == 0);
    EXPECT_INT(tu_checkin(args, &out, &errs), 0);
    EXPECT_CONTAINS(out, "0 added, 1 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected, 0 warnings; kept as stored, not in "
                         "the file: badge_name, pronouns, company, email, "
                         "tutorials, sponsor_consent");
    EXPECT_STR(field(db, "badge_name", "49005"), "Rachel Okafor-Moore");
    EXPECT_STR(field(db, "pronouns", "49005"), "she/her");
    EXPECT_STR(field(db, "sponsor_consent", "49005"), "1");
    EXPECT_STR(q1(db, tuts), before);

    /* Her tutorial's door admits her. */
    REQUIRE(tu_write_file(tu_path("rachel.txt"), code, strlen(code)) == 0);
    EXPECT_INT(tu_sh("'%s' scan '%s' --station door:pandas-intro --name "
                     "door-1 --clock '2027-05-12 09:05' --keyboard --json "
                     "< '%s' > '%s' 2>&1",
                     CHECKIN_BIN, db, tu_path("rachel.txt"),
                     tu_path("door.out")),
               0);
    EXPECT_INT(qn(db, "SELECT count(*) FROM live_scan WHERE mode = 'door' "
                      "AND decision = 'admit' AND attendee_ticket_id = "
                      "'49005'"),
               1);

    /* A ticket the event does not have cannot be added from such a file:
     * that row is refused in one sentence, the others are imported. */
    static const char unknown[] = "ticket_id,given_name,family_name\r\n"
                                  "49005,Rachel,Moore\r\n"
                                  "77777,New,Person\r\n";
    REQUIRE(tu_write_file(csv, unknown, strlen(unknown)) == 0);
    snprintf(args, sizeof(args), "import --skip-bad '%s' '%s'", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &errs), 1);
    EXPECT_CONTAINS(errs, "names-only.csv:3: ticket 77777 is not in the "
                          "event yet, and this file cannot add it: a new "
                          "registration needs order_code, status, "
                          "ticket_type, secret too;");
    EXPECT_CONTAINS(out, "0 added, 1 updated, 0 cancelled, 0 unchanged, "
                         "1 rejected");
    EXPECT_STR(field(db, "badge_name", "49005"), "Rachel Moore");
    EXPECT_STR(field(db, "pronouns", "49005"), "she/her");
    EXPECT_INT(qn(db, "SELECT count(*) FROM attendee WHERE ticket_id = "
                      "'77777'"),
               0);
}

/* The fingerprint says "unchanged" on a re-import, so one stored by an
 * earlier checkin must be what this one computes from the same row: the
 * values are those checkin stored at befa6ad, before the fingerprint's
 * input was gathered in one buffer (rows with tutorials and consent,
 * from both formats). */
static void fingerprints_are_those_earlier_imports_stored(void)
{
    static const char *const csv[][2] = {
        {"48259", "A1A3357D786523CCE35493A58786DF05"},
        {"48273", "7013536B7C935C262D76B8F531843525"},
        {"48275", "520D684AE267588B763E0172D8F99F11"}};
    static const char *const json[][2] = {
        {"53645", "DBEAF5172E9968F7720BD01A8A5337A4"},
        {"53569", "47F16B51A041D88035956C22E5BEB097"},
        {"53559", "CC8485EA91C497D74947E4D8A8CCE569"}};
    struct import_counts n;
    store *s = new_event("fp-csv.db");
    REQUIRE(s);
    EXPECT_INT(import(s, DEMO_CSV, false, &n), CK_OK);
    store_close(s);
    for (size_t i = 0; i < sizeof(csv) / sizeof(csv[0]); i++)
        EXPECT_STR(field(tu_path("fp-csv.db"), "hex(fingerprint)", csv[i][0]),
                   csv[i][1]);
    s = new_event("fp-json.db");
    REQUIRE(s);
    EXPECT_INT(import(s, DEMO_JSON, false, &n), CK_OK);
    store_close(s);
    for (size_t i = 0; i < sizeof(json) / sizeof(json[0]); i++)
        EXPECT_STR(field(tu_path("fp-json.db"), "hex(fingerprint)", json[i][0]),
                   json[i][1]);
}

TU_MAIN(TU_CASE(demo_csv_imports_every_tricky_row),
        TU_CASE(too_many_tutorials_imports_the_person_and_says_so),
        TU_CASE(demo_pretix_export_matches_the_csv),
        TU_CASE(pretix_orders_read_from_events_store_what_jansson_reads),
        TU_CASE(reimporting_the_same_file_changes_nothing),
        TU_CASE(reimporting_an_updated_export_updates_in_place),
        TU_CASE(a_bad_file_is_all_or_nothing_with_file_and_line),
        TU_CASE(a_first_import_still_finds_secrets_and_tickets_twice),
        TU_CASE(a_ticket_twice_is_found_among_thousands),
        TU_CASE(a_first_import_leaves_the_indexes_as_they_were),
        TU_CASE(a_secret_twice_is_found_stored_or_held),
        TU_CASE(a_secret_sharing_its_head_is_found_when_held),
        TU_CASE(a_first_imports_index_is_the_one_read_back_from_the_table),
        TU_CASE(broken_quoting_stops_the_file_at_its_line),
        TU_CASE(a_line_split_by_hand_is_read_as_libcsv_reads_it),
        TU_CASE(a_csv_with_150_columns_imports),
        TU_CASE(hostile_fields_are_refused_or_stored_verbatim),
        TU_CASE(a_name_beyond_all_reason_is_cut_and_said),
        TU_CASE(lines_longer_than_a_read_or_across_reads_come_whole),
        TU_CASE(names_are_cleaned_of_runs_of_space),
        TU_CASE(the_search_key_is_text_search_key_of_the_fields),
        TU_CASE(search_keys_are_the_glib_folds_joined),
        TU_CASE(utf8_check_agrees_with_iconv),
        TU_CASE(an_ascii_run_ends_at_its_first_high_byte_or_nul),
        TU_CASE(a_cut_text_ends_with_dots_at_a_character),
        TU_CASE(pretix_problems_are_reported),
        TU_CASE(pretix_hostile_documents_are_refused_whole),
        TU_CASE(a_truncated_or_broken_pretix_export_stores_nothing),
        TU_CASE(a_large_pretix_export_is_imported_as_a_stream),
        TU_CASE(pretix_variations_map_to_ticket_types),
        TU_CASE(folding_by_table_is_folding_by_glib),
        TU_CASE(text_checks_read_words_as_they_were_written),
        TU_CASE(search_ignores_case_and_accents),
        TU_CASE(search_finds_names_in_many_scripts),
        TU_CASE(search_covers_email_company_and_order),
        TU_CASE(a_names_only_csv_keeps_tutorials_and_consent),
        TU_CASE(fingerprints_are_those_earlier_imports_stored))
