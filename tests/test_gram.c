/* The trigram index of the search keys (local schema 29, store/gram.c):
 * a search that uses it (one with a limit, as `checkin attendees` makes)
 * finds exactly the people the plain scan finds (a search without a limit
 * reads every key), on a generated file for many queries, after each
 * writer that changes a key once the index is built, and when an older
 * checkin's table rebuild has dropped its triggers; the bounded search
 * shows the same first people and an exact count or a lower bound. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/buf.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/journal.h"
#include "checkin/registration.h"
#include "checkin/report_commands.h"
#include "checkin/store.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "testutil.h"

#define PEOPLE 5000

static const char *const SYL[] = {"ka", "lo",  "mi",  "ne", "ra", "sho",
                                  "ti", "vel", "ada", "qu", "zo", "ber",
                                  "ñu", "gö",  "lí",  "ss"};
static const char *const CJK_FAMILY[] = {"王", "李", "张", "刘", "陈", "佐藤"};
static const char *const CJK_GIVEN[] = {"伟", "芳", "娜", "秀英", "敏", "花子"};
static const char *const COMPANY[] = {"Foo, Inc",    "Meridian Health",
                                      "Aegean Tech", "",
                                      "Zeta Labs",   "Ölberg GmbH"};

static void word(struct ck_buf *b, uint32_t *r, int n)
{
    for (int i = 0; i < n; i++)
        ck_buf_adds(b, SYL[tu_rand(r) % (sizeof(SYL) / sizeof(SYL[0]))]);
}

/* A CSV of PEOPLE registrations: syllable names, CJK names, e-mails,
 * companies; person 7 is "Ada Quixotely", person 8 "Bo Quimbyfrost";
 * with `renamed`, person 8 is "Bo Wexhollow" and `more` people follow. */
static const char *people_csv(const char *name, bool renamed, int more)
{
    struct ck_buf b = {0};
    uint32_t r = 12345;
    ck_buf_adds(&b, "order_code,Status,badge_name,Email,ticket_type,"
                    "family_name,given_name,pronouns,company,t_shirt,"
                    "tutorials,sponsor_consent,secret,ticket_id\n");
    for (int i = 0; i < PEOPLE + more; i++) {
        struct ck_buf given = {0}, family = {0};
        if (i == 7) {
            ck_buf_adds(&given, "Ada");
            ck_buf_adds(&family, "Quixotely");
        } else if (i == 8) {
            ck_buf_adds(&given, "Bo");
            ck_buf_adds(&family, renamed ? "Wexhollow" : "Quimbyfrost");
        } else if (tu_rand(&r) % 7 == 0) {
            ck_buf_adds(&given, CJK_GIVEN[tu_rand(&r) % 6]);
            ck_buf_adds(&family, CJK_FAMILY[tu_rand(&r) % 6]);
        } else {
            word(&given, &r, 1 + (int)(tu_rand(&r) % 3));
            word(&family, &r, 2 + (int)(tu_rand(&r) % 3));
        }
        char line[512];
        snprintf(line, sizeof(line),
                 "O%05d,paid,,person%d@d%u.example,individual,%s,%s,,\"%s\",M,,"
                 ",sec%08dsec%08dsec%08dsec%05d,T%d\n",
                 i, i, tu_rand(&r) % 9, family.p, given.p,
                 COMPANY[tu_rand(&r) % 6], i, i, i, i, 100000 + i);
        ck_buf_adds(&b, line);
        ck_buf_free(&given);
        ck_buf_free(&family);
    }
    const char *path = tu_path(name);
    if (tu_write_file(path, b.p, b.len))
        TU_FAIL_AT("writing %s", path);
    ck_buf_free(&b);
    return path;
}

static store *open_event(const char *name, const char *csv)
{
    const char *path = tu_path(name);
    unlink(path);
    struct ck_error err = {0};
    store *s = NULL;
    struct import_counts n;
    if (store_open(path, STORE_CREATE, &s, &err) ||
        event_load(s, tu_demo_event_ini(), &err) ||
        import_file(s, csv, &(struct import_options){0}, &n, &err)) {
        TU_FAIL_AT("making %s: %s", name, err.msg);
        store_close(s);
        return NULL;
    }
    return s;
}

static long long sql_int(store *s, const char *sql)
{
    sqlite3_stmt *q;
    long long v = -1;
    if (sqlite3_prepare_v2(store_db(s), sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = sqlite3_column_int64(q, 0);
    else
        TU_FAIL_AT("%s: %s", sql, sqlite3_errmsg(store_db(s)));
    sqlite3_finalize(q);
    return v;
}

static void sql(store *s, const char *text)
{
    char *msg = NULL;
    if (sqlite3_exec(store_db(s), text, NULL, NULL, &msg) != SQLITE_OK)
        TU_FAIL_AT("%s: %s", text, msg);
    sqlite3_free(msg);
}

/* The bounded search (`checkin attendees`) shows the first `limit` of
 * `all` (the plain scan's) in its order, and counts them all, or says
 * its count is a lower bound (at least the people shown, at most all). */
static void same_when_bounded(store *s, const char *query, size_t limit,
                              const struct attendee_list *all)
{
    struct attendee_list b;
    struct ck_error err = {0};
    if (store_attendee_search_bounded(s, query, limit, &b, &err)) {
        TU_FAIL_AT("bounded search '%s': %s", query, err.msg);
        return;
    }
    if (b.n != (all->n < limit ? all->n : limit) ||
        (b.at_least ? b.total < b.n || b.total > all->n : b.total != all->n))
        TU_FAIL_AT("bounded search '%s' limit %zu: %zu of %s%zu, the scan %zu",
                   query, limit, b.n, b.at_least ? "at least " : "", b.total,
                   all->n);
    for (size_t i = 0; i < b.n && i < all->n; i++)
        if (b.items[i].id != all->items[i].id) {
            TU_FAIL_AT("bounded search '%s' limit %zu: #%zu is %lld, not %lld",
                       query, limit, i, (long long)b.items[i].id,
                       (long long)all->items[i].id);
            break;
        }
    attendee_list_free(&b);
}

/* The index's search (a limit) and the plain scan (none) find the same
 * people in the same order; how many. */
static size_t same_as_plain(store *s, const char *query, size_t limit)
{
    struct attendee_list all, some;
    struct ck_error err = {0};
    if (store_attendee_search(s, query, 0, &all, &err) ||
        store_attendee_search(s, query, limit, &some, &err)) {
        TU_FAIL_AT("search '%s': %s", query, err.msg);
        return 0;
    }
    size_t n = all.n;
    if (some.total != all.n || some.n != (all.n < limit ? all.n : limit))
        TU_FAIL_AT("search '%s' limit %zu: %zu of %zu, the scan %zu", query,
                   limit, some.n, some.total, all.n);
    for (size_t i = 0; i < some.n && i < all.n; i++)
        if (some.items[i].id != all.items[i].id) {
            TU_FAIL_AT("search '%s' limit %zu: #%zu is %lld, not %lld", query,
                       limit, i, (long long)some.items[i].id,
                       (long long)all.items[i].id);
            break;
        }
    if (some.at_least)
        TU_FAIL_AT("search '%s': an exact search's count a lower bound", query);
    same_when_bounded(s, query, limit, &all);
    attendee_list_free(&all);
    attendee_list_free(&some);
    return n;
}

/* Whether `query` (with a limit, through the index) finds ticket `t`. */
static bool finds(store *s, const char *query, const char *ticket)
{
    struct attendee_list l;
    struct ck_error err = {0};
    if (store_attendee_search(s, query, 50, &l, &err)) {
        TU_FAIL_AT("search '%s': %s", query, err.msg);
        return false;
    }
    bool found = false;
    for (size_t i = 0; i < l.n; i++)
        found = found || !strcmp(l.items[i].ticket_id, ticket);
    attendee_list_free(&l);
    same_as_plain(s, query, 50);
    return found;
}

/* A piece of a word of `key`, cut at characters: `len` characters or
 * fewer, from a random place. */
static void piece(const char *key, uint32_t *r, char *out, size_t cap)
{
    size_t n = strlen(key);
    size_t at = n ? tu_rand(r) % n : 0;
    while (at && ((unsigned char)key[at] & 0xc0) == 0x80)
        at--;
    while (key[at] == ' ')
        at++;
    size_t chars = 1 + tu_rand(r) % 8, k = 0;
    while (key[at] && key[at] != ' ' && k + 4 < cap) {
        if (((unsigned char)key[at] & 0xc0) != 0x80 && !chars--)
            break;
        out[k++] = key[at++];
    }
    out[k] = '\0';
}

/* The random queries of many_queries.  Their subject is the variety of
 * the keys' pieces, each answered as the plain scan answers it, which
 * the plain build's 400 check; under AddressSanitizer, whose subject is
 * the search's memory, 100 pieces (of one to eight characters, one in
 * three of two words, from every script of the file) beside the fixed
 * queries (empty, blanks, CJK, folded letters): the three runs of 400
 * were 54 s of CPU in CI's last ASan run, 3x the plain build's. */
#if defined(__SANITIZE_ADDRESS__)
enum { RANDOM_QUERIES = 100 };
#else
enum { RANDOM_QUERIES = 400 };
#endif

/* The fixed queries and RANDOM_QUERIES random pieces of the keys of the
 * file `name` (`s`, PEOPLE or more people), each answered by the index's
 * search as by the plain scan; how many they found in all (each piece
 * finds at least its key's owner). */
static size_t many_queries(store *s, const char *name, uint32_t r)
{
    static const char *const fixed[] = {"zzzzqx",
                                        "a",
                                        "li",
                                        "王",
                                        "佐藤 花子",
                                        "person123@",
                                        "person12",
                                        "@d3.example",
                                        "foo, inc",
                                        "foo inc",
                                        "ada quixotely",
                                        "ölberg",
                                        "olberg",
                                        "quimbyfrost",
                                        "q",
                                        "ss",
                                        "ñu",
                                        "nu gö",
                                        "",
                                        "  ",
                                        "person4999@",
                                        "person5000@",
                                        "person0@"};
    size_t found = 0;
    for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++)
        found += same_as_plain(s, fixed[i], 50);
    for (int i = 0; i < RANDOM_QUERIES; i++) {
        const char *key = tu_sql_text(
            tu_path(name),
            tu_format("SELECT search_key FROM attendee WHERE id = %u",
                      1 + tu_rand(&r) % PEOPLE));
        char q[96], two[64];
        piece(key, &r, q, sizeof(q));
        if (i % 3 == 0) {
            piece(key, &r, two, sizeof(two));
            size_t n = strlen(q);
            snprintf(q + n, sizeof(q) - n, " %s", two);
        }
        found += same_as_plain(s, q, i % 2 ? 50 : 7);
    }
    return found;
}

static void the_index_finds_what_the_scan_finds(void)
{
    store *s = open_event("a.db", people_csv("a.csv", false, 0));
    REQUIRE(s);
    EXPECT_INT(sql_int(s, "SELECT covered FROM attendee_gram_setting"),
               sql_int(s, "SELECT max(id) FROM attendee"));
    EXPECT_TRUE(sql_int(s, "SELECT count(*) FROM attendee_gram") > 100);
    size_t found = many_queries(s, "a.db", tu_run_seed());
    EXPECT_TRUE(found > RANDOM_QUERIES);
    /* The index is what the search reads: without its rows, nobody. */
    sql(s, "DELETE FROM attendee_gram");
    struct attendee_list l;
    struct ck_error err = {0};
    EXPECT_INT(store_attendee_search(s, "quixotely", 50, &l, &err), CK_OK);
    EXPECT_INT(l.total, 0);
    attendee_list_free(&l);
    store_close(s);
}

/* A covered person renamed (T100007 to Velmorrow) and a person made
 * again at a covered id (3, Zanthorpe), as plain SQL writes them. */
static void rename_and_add(store *s)
{
    sql(s, "UPDATE attendee SET search_key = 'ada velmorrow' "
           "WHERE ticket_id = 'T100007'");
    sql(s, "INSERT INTO attendee (id, ticket_id, order_code, status,"
           " badge_name, ticket_type_id, search_key, fingerprint,"
           " imported_ms, updated_ms) SELECT 3, 'T-new', 'X', 'paid',"
           " 'Cy', ticket_type_id, 'cy zanthorpe', x'00', 0, 0 FROM"
           " attendee WHERE id = 1");
}

/* An older checkin rebuilding the table drops the triggers: the index is
 * then not trusted, and a key changed without them is found. */
static void an_index_without_its_triggers_is_not_used(void)
{
    store *s = open_event("b.db", people_csv("b.csv", false, 0));
    REQUIRE(s);
    const char *const trig[] = {"attendee_gram_update", "attendee_gram_insert"};
    sql(s, "PRAGMA foreign_keys = OFF; DELETE FROM attendee WHERE id = 3");
    for (int t = 0; t < 2; t++) {
        char *again = strdup(tu_sql_text(
            tu_path("b.db"),
            tu_format("SELECT sql FROM sqlite_master WHERE name = '%s'",
                      trig[t])));
        sql(s, tu_format("DROP TRIGGER %s", trig[t]));
        rename_and_add(s);
        EXPECT_TRUE(finds(s, "velmorrow", "T100007"));
        EXPECT_TRUE(!finds(s, "quixotely", "T100007"));
        EXPECT_TRUE(finds(s, "zanthorpe", "T-new"));
        sql(s, "DELETE FROM attendee WHERE id = 3");
        sql(s, "UPDATE attendee SET search_key = 'ada quixotely' "
               "WHERE ticket_id = 'T100007'");
        sql(s, again);
        free(again);
        sql(s, "DELETE FROM attendee_gram_dirty");
        EXPECT_TRUE(finds(s, "quixotely", "T100007"));
    }
    /* With both, the same changes are found through the dirty ids. */
    rename_and_add(s);
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM attendee_gram_dirty"), 2);
    EXPECT_TRUE(finds(s, "velmorrow", "T100007"));
    EXPECT_TRUE(!finds(s, "quixotely", "T100007"));
    EXPECT_TRUE(finds(s, "zanthorpe", "T-new"));
    store_close(s);
}

/* A correction at a desk (event/registration.c) changes the key of a
 * person the index covers: found by the new name, not the old. */
static void a_desk_correction_is_found_by_its_new_name(void)
{
    store *s = open_event("c.db", people_csv("c.csv", false, 0));
    REQUIRE(s);
    EXPECT_TRUE(finds(s, "quixotely", "T100007"));
    struct registration_writer wr = {.station = "desk-1", .now_ms = 1};
    struct registration_edit ed = {"family_name", "Velmorrow"};
    struct ck_error e = {0};
    int64_t id = 0;
    EXPECT_INT(registration_find(s, "T100007", &id, &e), CK_OK);
    EXPECT_INT(registration_edit(s, &wr, id, &ed, 1, NULL, NULL, &e), CK_OK);
    EXPECT_TRUE(finds(s, "velmorrow", "T100007"));
    EXPECT_TRUE(finds(s, "ada velm", "T100007"));
    EXPECT_TRUE(!finds(s, "quixotely", "T100007"));
    EXPECT_TRUE(sql_int(s, "SELECT count(*) FROM attendee_gram_dirty") >= 1);
    store_close(s);
}

/* A second import renames a covered person and adds people above the
 * covered id; an upsert and a replace, as the hub's pull writes, too. */
static void a_second_import_and_an_upsert_are_found(void)
{
    store *s = open_event("d.db", people_csv("d.csv", false, 0));
    REQUIRE(s);
    /* The first import dropped the two triggers while it inserted, and
     * made them again before it committed: the index is trusted. */
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM sqlite_master WHERE type ="
                          " 'trigger' AND name IN ('attendee_gram_update',"
                          " 'attendee_gram_insert')"),
               2);
    EXPECT_TRUE(finds(s, "quimbyfrost", "T100008"));
    struct import_counts n;
    struct ck_error e = {0};
    EXPECT_INT(import_file(s, people_csv("d2.csv", true, 40),
                           &(struct import_options){0}, &n, &e),
               CK_OK);
    EXPECT_INT(n.added, 40);
    EXPECT_TRUE(finds(s, "wexhollow", "T100008"));
    EXPECT_TRUE(!finds(s, "quimbyfrost", "T100008"));
    EXPECT_TRUE(finds(s, "person5039@", "T105039"));
    EXPECT_INT(same_as_plain(s, "person50", 50), 51);
    EXPECT_INT(same_as_plain(s, "person", 50), PEOPLE + 40);
    EXPECT_INT(same_as_plain(s, "person4999", 50), 1);
    sql(s, "INSERT INTO attendee (ticket_id, order_code, status, badge_name,"
           " ticket_type_id, search_key, fingerprint, imported_ms,"
           " updated_ms) SELECT ticket_id, 'X', 'paid', 'Q', ticket_type_id,"
           " 'ida pellwarren', x'00', 0, 0 FROM attendee WHERE"
           " ticket_id = 'T100009' ON CONFLICT (ticket_id) DO UPDATE SET"
           " search_key = excluded.search_key");
    EXPECT_TRUE(finds(s, "pellwarren", "T100009"));
    /* Again, the person now among the dirty ids: the upsert's conflict
     * handling is not the trigger's (schema step 30). */
    sql(s, "INSERT INTO attendee (ticket_id, order_code, status, badge_name,"
           " ticket_type_id, search_key, fingerprint, imported_ms,"
           " updated_ms) SELECT ticket_id, 'X', 'paid', 'Q', ticket_type_id,"
           " 'ida thornquell', x'00', 0, 0 FROM attendee WHERE"
           " ticket_id = 'T100009' ON CONFLICT (ticket_id) DO UPDATE SET"
           " search_key = excluded.search_key RETURNING id");
    EXPECT_TRUE(finds(s, "thornquell", "T100009"));
    EXPECT_TRUE(!finds(s, "pellwarren", "T100009"));
    sql(s, "PRAGMA foreign_keys = OFF;"
           "INSERT OR REPLACE INTO attendee (id, ticket_id, order_code,"
           " status, badge_name, ticket_type_id, search_key, fingerprint,"
           " imported_ms, updated_ms) SELECT id, ticket_id, 'X', 'paid', 'Q',"
           " ticket_type_id, 'jo brackenwyn', x'00', 0, 0 FROM attendee"
           " WHERE ticket_id = 'T100010'");
    EXPECT_TRUE(finds(s, "brackenwyn", "T100010"));
    store_close(s);
}

/* store_gram_keep in a transaction of its own, as an import's or a
 * pull's end runs it; whether it built the index. */
static bool keep(store *s)
{
    struct ck_error err = {0};
    bool built = false;
    sql(s, "BEGIN");
    if (store_gram_keep(s, &built, &err))
        TU_FAIL_AT("keeping the index: %s", err.msg);
    sql(s, "COMMIT");
    return built;
}

/* The index covers every registration and nothing is read beside it. */
static void whole(store *s)
{
    EXPECT_INT(sql_int(s, "SELECT covered FROM attendee_gram_setting"),
               sql_int(s, "SELECT max(id) FROM attendee"));
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM attendee_gram_dirty"), 0);
}

/* A file with registrations and no index (filled by a pull, or imported
 * before schema 29) gets one from its next writer, built from its keys:
 * store_gram_keep, and an import that adds to the registrations. */
static void a_file_without_an_index_gets_one_from_its_next_writer(void)
{
    store *s = open_event("e.db", people_csv("e.csv", false, 0));
    REQUIRE(s);
    sql(s, "DELETE FROM attendee_gram_setting; DELETE FROM attendee_gram");
    EXPECT_TRUE(keep(s));
    whole(s);
    EXPECT_TRUE(!keep(s));
    EXPECT_TRUE(many_queries(s, "e.db", tu_run_seed() + 1) > RANDOM_QUERIES);
    /* An import of more people into a file without one. */
    sql(s, "DELETE FROM attendee_gram_setting; DELETE FROM attendee_gram");
    struct import_counts n;
    struct ck_error e = {0};
    EXPECT_INT(import_file(s, people_csv("e2.csv", true, 40),
                           &(struct import_options){0}, &n, &e),
               CK_OK);
    EXPECT_INT(n.added, 40);
    whole(s);
    EXPECT_TRUE(finds(s, "wexhollow", "T100008"));
    EXPECT_TRUE(finds(s, "person5039@", "T105039"));
    EXPECT_INT(same_as_plain(s, "person", 50), PEOPLE + 40);
    /* A file whose registrations are all gone has nothing to index. */
    sql(s, "PRAGMA foreign_keys = OFF; DELETE FROM attendee;"
           "DELETE FROM attendee_gram_setting; DELETE FROM attendee_gram");
    EXPECT_TRUE(!keep(s));
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM attendee_gram_setting"), 0);
    store_close(s);
}

/* Keys changed after the index was made are read beside it until they
 * pass the bound (128 changed ids, or 2,048 ids above its covered id, or
 * a mix: each changed id counts 16); the next writer then folds them
 * in, and every answer stays the scan's. */
static void many_changes_are_folded_into_the_index(void)
{
    store *s = open_event("f.db", people_csv("f.csv", false, 0));
    REQUIRE(s);
    sql(s, "UPDATE attendee SET search_key = 'zed' || id || ' ' ||"
           " search_key WHERE id % 40 = 14");
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM attendee_gram_dirty"),
               PEOPLE / 40);
    EXPECT_TRUE(!keep(s));
    EXPECT_INT(same_as_plain(s, "zed", 50), PEOPLE / 40);
    EXPECT_TRUE(finds(s, "zed14 ", "T100013"));
    /* Four more: 129 changed ids pass the bound. */
    sql(s, "UPDATE attendee SET search_key = 'wim' || id || ' ' ||"
           " search_key WHERE id IN (1, 2, 3, 4)");
    EXPECT_TRUE(keep(s));
    whole(s);
    EXPECT_INT(same_as_plain(s, "wim", 50), 4);
    sql(s, "UPDATE attendee SET search_key = 'yew' || id || ' ' ||"
           " search_key WHERE id % 2 = 1");
    EXPECT_TRUE(keep(s));
    whole(s);
    EXPECT_INT(same_as_plain(s, "zed", 50), PEOPLE / 40);
    EXPECT_INT(same_as_plain(s, "yew", 50), PEOPLE - PEOPLE / 2);
    EXPECT_TRUE(finds(s, "yew13 ", "T100012"));
    EXPECT_TRUE(many_queries(s, "f.db", tu_run_seed() + 2) > RANDOM_QUERIES);
    /* Ids above the covered one count toward the bound too. */
    sql(s, "UPDATE attendee_gram_setting SET covered = covered - 2000");
    EXPECT_TRUE(!keep(s));
    EXPECT_TRUE(finds(s, "yew4999 ", "T104998"));
    sql(s, "UPDATE attendee_gram_setting SET covered = covered - 100");
    EXPECT_TRUE(keep(s));
    whole(s);
    EXPECT_TRUE(finds(s, "yew4999 ", "T104998"));
    store_close(s);
}

/* A second connection to a file the fold is building for: a desk
 * (its journal) and a writer of registrations, neither waiting for a
 * lock (busy timeout 0). */
struct beside {
    const char *path;
    const char *sql; /* written at the build's end, or NULL */
    int desk_code;   /* the desk's verdict written: CK_OK */
    char why[512];
    int calls;
};

/* A desk's verdict journaled through a store of its own. */
static void desk_verdict(struct beside *b)
{
    store *d = NULL;
    journal *j = NULL;
    struct ck_error err = {0};
    b->desk_code = store_open(b->path, STORE_EXISTING, &d, &err);
    if (!b->desk_code)
        b->desk_code = journal_open(d, "desk-9", &j, &err);
    if (!b->desk_code) {
        store_set_busy_timeout(d, 0);
        struct scan_record r = {.at_ms = 1000,
                                .mode = SCAN_DESK,
                                .target = "",
                                .code = (const uint8_t *)"manual:T100011",
                                .code_len = 14,
                                .ticket_id = "T100011",
                                .decision = DECISION_ADMIT,
                                .reason = "checked-in",
                                .direction = DIRECTION_IN};
        b->desk_code = journal_append(j, &r, &err);
    }
    if (b->desk_code)
        snprintf(b->why, sizeof(b->why), "%s", err.msg);
    journal_free(j);
    store_close(d);
}

/* store_gram_fold's `during`: the build is made, its read transaction
 * still open. */
static void while_folding(void *arg)
{
    struct beside *b = arg;
    b->calls++;
    desk_verdict(b);
    if (!b->sql)
        return;
    sqlite3 *db = NULL;
    char *msg = NULL;
    if (sqlite3_open(b->path, &db) != SQLITE_OK ||
        sqlite3_exec(db, b->sql, NULL, NULL, &msg) != SQLITE_OK)
        snprintf(b->why, sizeof(b->why), "%s: %s", b->sql,
                 msg ? msg : sqlite3_errmsg(db));
    sqlite3_free(msg);
    sqlite3_close(db);
}

/* A fold with `sql` written beside its build, which it makes `calls`
 * times (0 when nothing is due); whether it wrote the index. */
static bool fold_beside(store *s, const char *name, const char *sql, int calls)
{
    struct beside b = {.path = tu_path(name), .sql = sql};
    struct ck_error err = {0};
    bool built = false;
    if (store_gram_fold(s, while_folding, &b, &built, &err))
        TU_FAIL_AT("folding: %s", err.msg);
    EXPECT_INT(b.calls, calls);
    if (b.desk_code || (sql && b.why[0]))
        TU_FAIL_AT("beside the fold: %s", b.why);
    return built;
}

/* 129 changed people: past the bound, the next writer folds. */
static void past_the_bound(store *s)
{
    sql(s, "UPDATE attendee SET search_key = 'zed' || id || ' ' ||"
           " search_key WHERE id % 38 = 14 OR id IN (1, 2, 3, 4)");
    EXPECT_TRUE(sql_int(s, "SELECT count(*) FROM attendee_gram_dirty") > 128);
}

/* A pull or an import folds the index after committing its rows: a desk
 * writes its verdict while the keys are read and the index built (it
 * never waits for the write lock, busy timeout 0), and the index is then
 * written whole. */
static void a_desk_writes_its_verdict_while_the_index_is_folded(void)
{
    store *s = open_event("h.db", people_csv("h.csv", false, 0));
    REQUIRE(s);
    past_the_bound(s);
    /* Inside a writer's open transaction it does nothing (its rollback
     * would drop the writer's rows). */
    sql(s, "BEGIN; UPDATE attendee SET badge_name = 'Kept' WHERE id = 5");
    bool built = true;
    struct ck_error err = {0};
    EXPECT_INT(store_gram_fold(s, NULL, NULL, &built, &err), CK_OK);
    EXPECT_TRUE(!built);
    sql(s, "COMMIT");
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM attendee WHERE badge_name ="
                          " 'Kept'"),
               1);
    EXPECT_TRUE(fold_beside(s, "h.db", NULL, 1));
    whole(s);
    EXPECT_INT(sql_int(s, "SELECT count(*) FROM scan WHERE station LIKE"
                          " '%desk-9' AND attendee_ticket_id = 'T100011'"),
               1);
    EXPECT_TRUE(same_as_plain(s, "zed", 50) > 128);
    EXPECT_TRUE(finds(s, "zed4 ", "T100003"));
    /* Nothing to fold: nothing built. */
    EXPECT_TRUE(!fold_beside(s, "h.db", NULL, 0));
    store_close(s);
}

/* A key that changes while the fold builds (a person already among the
 * changed ids renamed again, one the index covers renamed, one added,
 * one renamed in a file without an index) is not lost: the build is
 * dropped, the index left with its changed ids (or none trusted), and
 * the next writer folds them in; every answer is the scan's. */
static void a_key_changed_during_a_fold_is_found_after_it(void)
{
    static const struct {
        const char *sql, *word, *ticket, *gone;
        bool none; /* the file without an index before the fold */
    } cases[] = {
        {"UPDATE attendee SET search_key = 'ada oxbrindle' WHERE id = 2",
         "oxbrindle", "T100001", "zed2"},
        {"UPDATE attendee SET search_key = 'ada pellquist' WHERE id = 20",
         "pellquist", "T100019", NULL},
        {"INSERT INTO attendee (ticket_id, order_code, status, badge_name,"
         " ticket_type_id, search_key, fingerprint, imported_ms, updated_ms)"
         " SELECT 'T-late', 'X', 'paid', 'Q', ticket_type_id,"
         " 'ida quernwood', x'00', 0, 0 FROM attendee WHERE id = 1",
         "quernwood", "T-late", NULL},
        {"UPDATE attendee SET search_key = 'ada brindlemoor' WHERE id = 30",
         "brindlemoor", "T100029", NULL, true},
    };
    store *s = open_event("i.db", people_csv("i.csv", false, 0));
    REQUIRE(s);
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        if (cases[i].none)
            sql(s,
                "DELETE FROM attendee_gram_setting;"
                "DELETE FROM attendee_gram; DELETE FROM attendee_gram_dirty");
        else
            past_the_bound(s);
        EXPECT_TRUE(!fold_beside(s, "i.db", cases[i].sql, 1));
        /* Without an index, a row no search trusts made the triggers mark
         * the change. */
        if (cases[i].none)
            EXPECT_INT(sql_int(s, "SELECT hash FROM attendee_gram_setting"), 0);
        EXPECT_TRUE(finds(s, cases[i].word, cases[i].ticket));
        if (cases[i].gone)
            EXPECT_TRUE(!finds(s, cases[i].gone, cases[i].ticket));
        if (i == 0)
            EXPECT_TRUE(many_queries(s, "i.db", tu_run_seed() + 3) >
                        RANDOM_QUERIES);
        /* The next writer, with nobody beside it, folds them in. */
        EXPECT_TRUE(fold_beside(s, "i.db", NULL, 1));
        whole(s);
        EXPECT_TRUE(finds(s, cases[i].word, cases[i].ticket));
        EXPECT_TRUE(same_as_plain(s, "zed", 50) > 128);
    }
    store_close(s);
}

/* What `checkin attendees` prints for `query`, 50 shown. */
static char *attendees_text(store *s, const char *query)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct ck_error err = {0};
    if (!f || report_attendees(s, query, 50, false, f, &err))
        TU_FAIL_AT("attendees '%s': %s", query, err.msg);
    if (f)
        fclose(f);
    return text;
}

/* The people of `l` are the first of `all`, in its order. */
static void first_of(const struct attendee_list *l,
                     const struct attendee_list *all, size_t n)
{
    EXPECT_INT(l->n, n);
    for (size_t i = 0; i < l->n && i < all->n; i++)
        if (l->items[i].id != all->items[i].id) {
            TU_FAIL_AT("#%zu is %lld, not %lld", i, (long long)l->items[i].id,
                       (long long)all->items[i].id);
            break;
        }
}

/* The index ranks the registrations in search-key order: a word every
 * key holds shows its first 50 from the first blocks, read only as far
 * as needed (a later block spoiled is never read), and the bounded
 * search (`checkin attendees`) counts only the block it read and says
 * its count is a lower bound, where the exact one counts every key. */
static void a_common_word_is_shown_from_the_first_blocks(void)
{
    store *s = open_event("g.db", people_csv("g.csv", false, 0));
    REQUIRE(s);
    struct attendee_list all, l;
    struct ck_error err = {0};
    EXPECT_INT(store_attendee_search(s, "person", 0, &all, &err), CK_OK);
    EXPECT_INT(all.n, PEOPLE);
    /* Block 70's ids made block 0's: read, people would come twice. */
    sql(s, "UPDATE attendee_gram SET blocks = (SELECT blocks FROM"
           " attendee_gram WHERE bucket = -1) WHERE bucket = -71");
    EXPECT_INT(store_attendee_search_bounded(s, "person", 50, &l, &err), CK_OK);
    first_of(&l, &all, 50);
    EXPECT_TRUE(l.at_least);
    EXPECT_TRUE(l.total >= 50 && l.total <= STORE_GRAM_BLOCK);
    attendee_list_free(&l);
    EXPECT_INT(store_attendee_search(s, "person", 50, &l, &err), CK_OK);
    first_of(&l, &all, 50);
    EXPECT_TRUE(!l.at_least);
    EXPECT_INT(l.total, PEOPLE);
    attendee_list_free(&l);
    attendee_list_free(&all);
    char *text = attendees_text(s, "person");
    EXPECT_TRUE(text && strstr(text, "\nFirst 50 of at least "));
    free(text);
    /* A name few people have is counted exactly. */
    text = attendees_text(s, "quixotely");
    EXPECT_TRUE(text && strstr(text, "\n1 attendee found.\n"));
    free(text);
    text = attendees_text(s, "ada quixotely");
    EXPECT_TRUE(text && strstr(text, "\n1 attendee found.\n"));
    free(text);
    store_close(s);
}

TU_MAIN(TU_CASE(the_index_finds_what_the_scan_finds),
        TU_CASE(a_common_word_is_shown_from_the_first_blocks),
        TU_CASE(an_index_without_its_triggers_is_not_used),
        TU_CASE(a_desk_correction_is_found_by_its_new_name),
        TU_CASE(a_second_import_and_an_upsert_are_found),
        TU_CASE(a_file_without_an_index_gets_one_from_its_next_writer),
        TU_CASE(many_changes_are_folded_into_the_index),
        TU_CASE(a_desk_writes_its_verdict_while_the_index_is_folded),
        TU_CASE(a_key_changed_during_a_fold_is_found_after_it))
