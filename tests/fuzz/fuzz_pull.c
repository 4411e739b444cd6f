/* Fuzz target: rows pulled from the hub (sync/pull.c), as a station's or
 * the organizer's file takes them.  The hub vets what stations push and
 * its policies shape what each role reads, but a file must not be hurt by
 * whatever the hub sends: a hub restored from an old dump, a bug of a
 * newer checkin, an operator's hand edit.
 *
 * The file: the demo event with its registrations, made once in a
 * temporary folder, enrolled tables made (no hub is contacted).  Each
 * input is applied inside a transaction that is rolled back, so every
 * input meets the same file.  Input: byte 0 picks the kind of pulled rows
 * (sync_pull_kinds()), byte 1 the file's role (organizer, desk, door of
 * the first tutorial, booth); then rows separated by 0x1e, fields by
 * 0x1f, a field of the one byte 0x00 being NULL; each row is given 24
 * columns, more than any pull reads.  Besides never crashing: a refusal
 * is one whole sentence kept as its ck_fail format (fuzz_sentence.h),
 * and the file's foreign keys still hold after the rows are in. */
#include <libpq-fe.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/hub_schema.h"
#include "checkin/import.h"
#include "checkin/store.h"
#include "checkin/sync_local.h"
#include "fuzz_sentence.h"
#include "sync_parts.h"

enum { COLS = 24, MAX_ROWS = 64 };

static struct local file;
static struct local_hub hub = {.enrolled = true,
                               .role = "desk",
                               .station_uid = "fuzz-station",
                               .name = "fuzz"};
static char tutorial[64];

static void die(const struct ck_error *err)
{
    fprintf(stderr, "fuzz_pull: %s\n", err->msg);
    abort();
}

static char dir[] = "/tmp/checkin-fuzz-pull-XXXXXX", path[64];

/* The file and its folder go when the fuzzer ends. */
static void clean_up(void)
{
    local_close(&file);
    static const char *const ends[] = {"", "-wal", "-shm", "-journal"};
    for (size_t i = 0; i < sizeof(ends) / sizeof(ends[0]); i++) {
        char p[80];
        snprintf(p, sizeof(p), "%s%s", path, ends[i]);
        unlink(p);
    }
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    snprintf(path, sizeof(path), "%s/event.db", dir);
    atexit(clean_up);
    struct ck_error err;
    store *s;
    struct import_counts n;
    struct import_options opt = {.skip_bad = true};
    if (store_open(path, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err))
        die(&err);
    int code =
        import_file(s, CONFIG_DIR "/demo/registrations.csv", &opt, &n, &err);
    if (code && code != CK_EINVAL)
        die(&err);
    store_close(s);
    if (local_open(path, true, &file, &err))
        die(&err);
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(file.db, "SELECT slug FROM tutorial ORDER BY id", -1,
                           &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        snprintf(tutorial, sizeof(tutorial), "%s",
                 (const char *)sqlite3_column_text(q, 0));
    sqlite3_finalize(q);
    return 0;
}

/* The rows of `data` as a hub's answer of COLS text columns. */
static PGresult *rows_of(const uint8_t *data, size_t size)
{
    PGresult *r = PQmakeEmptyPGresult(NULL, PGRES_TUPLES_OK);
    if (!r)
        abort();
    PGresAttDesc att[COLS];
    memset(att, 0, sizeof(att));
    for (int k = 0; k < COLS; k++) {
        att[k].name = (char *)"c";
        att[k].typid = 25; /* text */
        att[k].typlen = -1;
        att[k].atttypmod = -1;
    }
    if (!PQsetResultAttrs(r, COLS, att))
        abort();
    int row = 0, col = 0;
    size_t start = 0;
    for (size_t i = 0; i <= size && row < MAX_ROWS; i++) {
        bool end = i == size || data[i] == 0x1e || data[i] == 0x1f;
        if (!end)
            continue;
        size_t len = i - start;
        const char *v = (const char *)data + start;
        bool null = len == 1 && v[0] == '\0';
        if (col < COLS && !PQsetvalue(r, row, col, null ? NULL : (char *)v,
                                      null ? -1 : (int)len))
            abort();
        col++;
        if (i == size || data[i] == 0x1e) {
            /* Columns not given are empty text. */
            for (; col < COLS; col++)
                if (!PQsetvalue(r, row, col, (char *)"", 0))
                    abort();
            row++;
            col = 0;
        }
        start = i + 1;
    }
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!file.db)
        LLVMFuzzerInitialize(NULL, NULL);
    if (size < 2)
        return 0;
    static const char *const kinds[] = {"organizer", "desk", "door", "leads"};
    const char *kind = kinds[data[1] % 4];
    struct sync_report rep;
    memset(&rep, 0, sizeof(rep));
    struct ctx c = {.l = &file,
                    .hub = &hub,
                    .organizer = !strcmp(kind, "organizer"),
                    .format = HUB_FORMAT,
                    .rep = &rep};
    snprintf(c.kind, sizeof(c.kind), "%s", kind);
    snprintf(c.target, sizeof(c.target), "%s",
             !strcmp(kind, "door") ? tutorial : "");
    PGresult *r = rows_of(data + 2, size - 2);
    struct ck_error err;
    err.msg[0] = '\0';
    if (local_begin(&file, &err))
        die(&err);
    long applied = 0, waiting = 0;
    int code = sync_pull_apply(&c, data[0] % sync_pull_kinds(), r, &applied,
                               &waiting, &err);
    if (code)
        fuzz_whole_sentence("fuzz_pull", &err, code, NULL);
    /* FUZZ_PULL_SAY=1: what each input did, to check that the corpus
     * reaches the rows' effects and not only their refusals. */
    if (getenv("FUZZ_PULL_SAY"))
        fprintf(stderr, "kind %zu as %s: %ld applied, %ld waiting%s%s\n",
                data[0] % sync_pull_kinds(), kind, applied, waiting,
                code ? ": " : "", code ? err.msg : "");
    /* What was taken must not break the file's references. */
    sqlite3_stmt *q;
    if (sqlite3_prepare_v2(file.db, "PRAGMA foreign_key_check", -1, &q, NULL) !=
        SQLITE_OK)
        abort();
    if (sqlite3_step(q) == SQLITE_ROW) {
        fprintf(stderr, "fuzz_pull: a reference broken in table %s\n",
                (const char *)sqlite3_column_text(q, 0));
        abort();
    }
    sqlite3_finalize(q);
    local_rollback(&file);
    PQclear(r);
    return 0;
}
