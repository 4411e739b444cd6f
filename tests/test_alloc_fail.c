/* Allocation failures in checkin's own code, SQLite-style (issue 50):
 * for N = 1, 2, ... the Nth allocation of an operation fails
 * (alloc_fault.h, compiled into this test's copies of the data rooms
 * only), until the operation uses fewer than N and succeeds.  Each
 * failure must end the operation with CK_ENOMEM and one sentence, leave
 * the event file as it was (a new one not made at all), and leak nothing
 * (LeakSanitizer, in CI's ASan stage); or, where the code has a way
 * around it (text.c's fold table falls back to glib's fold), the
 * operation succeeds whole, with the counts of a run without failures.
 * The operations: creating a store, loading the demo event's description
 * into it, opening it, importing a small CSV and a small pretix export
 * into it, claiming an open space's slot and listing the sessions
 * (issue 56), and folding the attendees' index after a pull or an
 * import (store_gram_fold). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "alloc_fault.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/open_space.h"
#include "checkin/store.h"
#include "checkin/store_gram.h"
#include "checkin/store_sql.h"
#include "testutil.h"

/* The most allocations an operation here is allowed before the test
 * calls it a loop that never ends. */
#define MAX_N 100000

/* The first N tried: 1, or CK_FAULT_FROM (to look at one failure in a
 * debugger). */
static long first_n(void)
{
    const char *from = getenv("CK_FAULT_FROM");
    long n = from ? strtol(from, NULL, 10) : 1;
    return n > 0 ? n : 1;
}

/* A failure as it should be: CK_ENOMEM, one sentence on one line. */
static void expect_enomem(const char *what, long n, int code,
                          const struct ck_error *err)
{
    size_t len = strlen(err->msg);
    if (code != CK_ENOMEM || !len || err->msg[len - 1] != '.' ||
        strchr(err->msg, '\n'))
        TU_FAIL_AT("%s, allocation %ld failing: code %d, \"%s\" (want "
                   "CK_ENOMEM and one sentence)",
                   what, n, code, err->msg);
}

static bool same_file(const char *path, const char *bytes, size_t len)
{
    size_t now_len = 0;
    char *now = tu_read_file(path, &now_len);
    bool same = now && now_len == len && !memcmp(now, bytes, len);
    free(now);
    return same;
}

/* The same but for the header's file change counter (bytes 24-27) and
 * its copy (92-95): a first import alone with the file leaves WAL for a
 * rollback journal and comes back (store/alone.c), two header writes
 * SQLite counts there.  Every page of data, the rest of the header
 * included, must be as it was. */
static bool same_data(const char *path, const char *bytes, size_t len)
{
    size_t now_len = 0;
    char *now = tu_read_file(path, &now_len);
    bool same = now && now_len == len && len >= 100;
    if (same) {
        memcpy(now + 24, bytes + 24, 4);
        memcpy(now + 92, bytes + 92, 4);
        same = !memcmp(now, bytes, len);
    }
    free(now);
    return same;
}

static void remove_db(const char *path)
{
    static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        char p[4200];
        snprintf(p, sizeof(p), "%s%s", path, ends[i]);
        unlink(p);
    }
}

/* A new store with the demo event's description. */
static int create_event(const char *path, struct ck_error *err)
{
    store *s;
    int code = store_open(path, STORE_CREATE, &s, err);
    if (code)
        return code;
    code = event_load(s, CONFIG_DIR "/demo/event.ini", err);
    store_close(s);
    return code;
}

static void creating_a_store_fails_whole_at_each_allocation(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", tu_path("create.db"));
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        struct ck_error err = {0};
        store *s = NULL;
        ck_fault_arm(n);
        int code = store_open(path, STORE_CREATE, &s, &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        if (!fired || !code) {
            EXPECT_INT(code, CK_OK);
            store_close(s);
            remove_db(path);
            if (!fired)
                break;
            continue;
        }
        expect_enomem("creating a store", n, code, &err);
        struct stat sb;
        if (stat(path, &sb) == 0 || errno != ENOENT)
            TU_FAIL_AT("allocation %ld failing left %s behind", n, path);
        EXPECT_TRUE(s == NULL);
        store_close(s);
        remove_db(path);
    }
    printf("creating a store: %ld allocations, each failed alone\n", n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

static void opening_a_store_fails_whole_at_each_allocation(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", tu_path("open.db"));
    struct ck_error err = {0};
    REQUIRE(create_event(path, &err) == CK_OK);
    size_t len = 0;
    char *before = tu_read_file(path, &len);
    REQUIRE(before);
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        store *s = NULL;
        memset(&err, 0, sizeof(err));
        ck_fault_arm(n);
        int code = store_open(path, STORE_EXISTING, &s, &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        store_close(s);
        if (!fired || !code) {
            EXPECT_INT(code, CK_OK);
            if (!fired)
                break;
            continue;
        }
        expect_enomem("opening a store", n, code, &err);
        if (!same_file(path, before, len))
            TU_FAIL_AT("allocation %ld failing changed %s", n, path);
    }
    free(before);
    printf("opening a store: %ld allocations, each failed alone\n", n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

static void loading_an_event_fails_whole_at_each_allocation(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", tu_path("event.db"));
    struct ck_error err = {0};
    store *s = NULL;
    REQUIRE(store_open(path, STORE_CREATE, &s, &err) == CK_OK);
    store_close(s);
    size_t len = 0;
    char *before = tu_read_file(path, &len);
    REQUIRE(before);
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        remove_db(path);
        REQUIRE(tu_write_file(path, before, len) == 0);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        memset(&err, 0, sizeof(err));
        ck_fault_arm(n);
        int code = event_load(s, CONFIG_DIR "/demo/event.ini", &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        store_close(s);
        if (!fired || !code) {
            if (code)
                TU_FAIL_AT("loading the event: %s", err.msg);
            if (!fired)
                break;
            continue;
        }
        expect_enomem("loading the event", n, code, &err);
        if (!same_file(path, before, len))
            TU_FAIL_AT("allocation %ld failing changed %s", n, path);
    }
    free(before);
    printf("loading an event: %ld allocations, each failed alone\n", n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

/* Import `data` (as the file `name`) into a copy of the demo event with
 * the Nth allocation failing, for each N until the import succeeds. */
static void import_each_failing(const char *name, const char *data,
                                size_t data_len)
{
    char path[4096], file[4096];
    snprintf(path, sizeof(path), "%s", tu_path("import.db"));
    snprintf(file, sizeof(file), "%s", tu_path(name));
    REQUIRE(tu_write_file(file, data, data_len) == 0);
    struct ck_error err = {0};
    remove_db(path);
    REQUIRE(create_event(path, &err) == CK_OK);
    size_t len = 0;
    char *before = tu_read_file(path, &len);
    REQUIRE(before);
    /* The import without failures, for its counts. */
    store *s = NULL;
    struct import_counts want;
    REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(import_file(s, file, NULL, &want, &err) == CK_OK);
    store_close(s);
    REQUIRE(want.added > 0);
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        remove_db(path);
        REQUIRE(tu_write_file(path, before, len) == 0);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        struct import_counts counts;
        memset(&err, 0, sizeof(err));
        ck_fault_arm(n);
        int code = import_file(s, file, NULL, &counts, &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        store_close(s);
        if (!fired || !code) {
            if (code)
                TU_FAIL_AT("%s: %s", name, err.msg);
            else if (counts.added != want.added ||
                     counts.updated != want.updated ||
                     counts.rejected != want.rejected)
                TU_FAIL_AT("%s: allocation %ld failing, the import went on "
                           "but added %ld, updated %ld, rejected %ld (%ld, "
                           "%ld, %ld without)",
                           name, n, counts.added, counts.updated,
                           counts.rejected, want.added, want.updated,
                           want.rejected);
            if (!fired)
                break;
            continue;
        }
        expect_enomem(name, n, code, &err);
        if (!same_data(path, before, len))
            TU_FAIL_AT("%s: allocation %ld failing changed the event file",
                       name, n);
    }
    free(before);
    printf("importing %s: %ld allocations, each failed alone\n", name, n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

static void a_csv_import_fails_whole_at_each_allocation(void)
{
    size_t len = 0;
    char *csv = tu_read_file(CONFIG_DIR "/demo/registrations.csv", &len);
    REQUIRE(csv);
    /* The header and 12 registrations. */
    size_t cut = 0;
    for (int lines = 0; cut < len && lines < 13; cut++)
        lines += csv[cut] == '\n';
    import_each_failing("small.csv", csv, cut);
    free(csv);
}

static void a_pretix_import_fails_whole_at_each_allocation(void)
{
    size_t len = 0;
    char *json = tu_read_file(
        CONFIG_DIR "/../tests/fuzz/corpus/import/pretix-small.json", &len);
    REQUIRE(json);
    import_each_failing("small.json", json, len);
    free(json);
}

/* The demo event with [open-spaces] (in place of its own, without its
 * acknowledgement) and its registrations, in `path`. */
static int open_spaces_event(const char *path, struct ck_error *err)
{
    static const char *const drop[] = {"open-spaces", "admission",
                                       "acknowledge ", NULL};
    const char *ini =
        tu_demo_ini("open-spaces.ini", drop,
                    "\n[open-spaces]\nrooms = 201:40, 202:25\ndays = "
                    "2027-05-14\nhours = 10:00-17:00\nslot = 60\n");
    if (!ini)
        return ck_fail(err, CK_EIO, "The open spaces' description failed.");
    store *s;
    struct import_counts n;
    int code = store_open(path, STORE_CREATE, &s, err);
    if (code)
        return code;
    code = event_load(s, ini, err);
    if (!code)
        code =
            import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, err);
    store_close(s);
    return code;
}

/* A claim, then the sessions, with the Nth allocation failing. */
static int claim_and_list(store *s, const char *host, struct ck_error *err)
{
    struct open_space_request rq = {.room = "201",
                                    .when = "2027-05-14 10:00",
                                    .host = host,
                                    .title = "Packaging BoF",
                                    .station = "alloc",
                                    .now_ms = 1};
    struct open_spaces os;
    enum open_space_outcome o;
    struct open_space_session held;
    int code = open_space_claim(s, &rq, &os, &o, &held, err);
    if (!code && o)
        return ck_fail(err, CK_EINVAL, "The claim was refused (%d).", (int)o);
    struct open_space_session *v = NULL;
    size_t n = 0;
    if (!code)
        code = open_space_sessions(s, &v, &n, err);
    free(v);
    if (!code && n != 1)
        return ck_fail(err, CK_EINVAL, "%zu sessions, not 1.", n);
    return code;
}

static void open_spaces_fail_whole_at_each_allocation(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", tu_path("open-spaces.db"));
    struct ck_error err = {0};
    REQUIRE(open_spaces_event(path, &err) == CK_OK);
    /* The host, found before any allocation fails. */
    char host[64];
    snprintf(host, sizeof(host), "%s",
             tu_sql_text(path, "SELECT ticket_id FROM attendee WHERE status ="
                               " 'paid' ORDER BY id LIMIT 1"));
    size_t len = 0;
    char *before = tu_read_file(path, &len);
    REQUIRE(before);
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        store *s = NULL;
        remove_db(path);
        REQUIRE(tu_write_file(path, before, len) == 0);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        memset(&err, 0, sizeof(err));
        ck_fault_arm(n);
        int code = claim_and_list(s, host, &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        store_close(s);
        if (!fired || !code) {
            if (code)
                TU_FAIL_AT("claiming an open space: %s", err.msg);
            if (!fired)
                break;
            continue;
        }
        expect_enomem("claiming an open space", n, code, &err);
    }
    free(before);
    printf("claiming an open space: %ld allocations, each failed alone\n",
           n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

/* A fold of the attendees' index (after a pull or an import,
 * store_gram_fold): each failure leaves the file as it was. */
static void a_fold_fails_whole_at_each_allocation(void)
{
    char path[4096];
    snprintf(path, sizeof(path), "%s", tu_path("fold.db"));
    struct ck_error err = {0};
    REQUIRE(open_spaces_event(path, &err) == CK_OK);
    store *s = NULL;
    REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
    /* Twelve people and an older build's index (form 1): the fold builds
     * one of its own (each bucket a list, an allocation each).  A file
     * without a setting row would first get one no search trusts, in a
     * transaction of its own, before the build allocates. */
    REQUIRE(store_exec(s,
                       "PRAGMA foreign_keys = OFF;"
                       "DELETE FROM attendee WHERE id > 12;"
                       "UPDATE attendee_gram_setting SET hash = 1,"
                       " covered = 12",
                       &err) == CK_OK);
    store_close(s);
    size_t len = 0;
    char *before = tu_read_file(path, &len);
    REQUIRE(before);
    long n;
    for (n = first_n(); n < MAX_N; n++) {
        remove_db(path);
        REQUIRE(tu_write_file(path, before, len) == 0);
        REQUIRE(store_open(path, STORE_EXISTING, &s, &err) == CK_OK);
        memset(&err, 0, sizeof(err));
        bool built = false;
        ck_fault_arm(n);
        int code = store_gram_fold(s, NULL, NULL, &built, &err);
        bool fired = ck_fault_fired();
        ck_fault_arm(0);
        store_close(s);
        if (!fired || !code) {
            if (code)
                TU_FAIL_AT("folding: %s", err.msg);
            else if (!built)
                TU_FAIL_AT("allocation %ld failing, the fold went on but "
                           "built nothing",
                           n);
            if (!fired)
                break;
            continue;
        }
        expect_enomem("folding the index", n, code, &err);
        if (!same_data(path, before, len))
            TU_FAIL_AT("allocation %ld failing changed the event file", n);
    }
    free(before);
    printf("folding the index: %ld allocations, each failed alone\n", n - 1);
    EXPECT_TRUE(n > 1 && n < MAX_N);
}

TU_MAIN(TU_CASE(creating_a_store_fails_whole_at_each_allocation),
        TU_CASE(opening_a_store_fails_whole_at_each_allocation),
        TU_CASE(loading_an_event_fails_whole_at_each_allocation),
        TU_CASE(a_csv_import_fails_whole_at_each_allocation),
        TU_CASE(a_pretix_import_fails_whole_at_each_allocation),
        TU_CASE(open_spaces_fail_whole_at_each_allocation),
        TU_CASE(a_fold_fails_whole_at_each_allocation))
