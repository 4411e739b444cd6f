/* Files the commands create, replace or must leave alone, run as a user
 * runs them: a file printer pointed at the event database, its key or a
 * link; `checkin demo` pointed at a folder it did not make (its own
 * folder, rerun under umask 000, is test_demo's); exports that
 * fail or are killed; init, rotate-key and station-db killed part-way
 * (SIGKILL at a chosen point through CHECKIN_TEST_KILL_AT, see
 * common/include/checkin/atomic_file.h), then run again; and the modes of
 * every file holding personal data under umask 000 and 022. */
#include <dirent.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

/* ---- helpers ---- */

static int mode_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

static bool exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

/* A fresh folder under the test's directory. */
static const char *folder(const char *name)
{
    const char *dir = tu_path(name);
    if (mkdir(dir, 0700) != 0)
        TU_FAIL_AT("cannot create %s", dir);
    return dir;
}

static const char *in(const char *dir, const char *name)
{
    static char buf[16][4200];
    static int next;
    char *p = buf[next++ % 16];
    snprintf(p, sizeof(buf[0]), "%s/%s", dir, name);
    return p;
}

/* Entries of `dir` that are temporary files (".NAME.PID.tmp..."). */
static int leftovers(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (e->d_name[0] == '.' && strstr(e->d_name, ".tmp"))
            n++;
    closedir(d);
    return n;
}

/* Whether `path` still holds exactly `len` bytes `was`. */
static bool same_bytes(const char *path, const char *was, size_t len)
{
    size_t n;
    char *now = tu_read_file(path, &n);
    bool same = now && n == len && !memcmp(now, was, len);
    free(now);
    return same;
}

/* Run `checkin ARGS` with CHECKIN_TEST_KILL_AT=point; returns its status
 * (-1 or the shell's 128 + 9 when it was killed). */
static int run_killed(const char *point, const char *args)
{
    setenv("CHECKIN_TEST_KILL_AT", point, 1);
    int st = tu_checkin(args, NULL, NULL);
    unsetenv("CHECKIN_TEST_KILL_AT");
    return st;
}

#define EXPECT_KILLED(call)                                                    \
    do {                                                                       \
        int st_ = (call);                                                      \
        if (st_ != -1 && st_ != 128 + 9)                                       \
            TU_FAIL_AT("%s: exit %d, expected it killed", #call, st_);         \
    } while (0)

/* A fresh copy of the demo event (imported, with its key beside it) in
 * `dir`: DIR/event.db, DIR/event.key. */
static const char *event_in(const char *dir)
{
    const char *src = tu_demo_event();
    const char *db = in(dir, "event.db");
    tu_sh("cp '%s' '%s' && cp -p '%s' '%s'", src, db, tu_path("event.key"),
          in(dir, "event.key"));
    return db;
}

/* A small gray image for print-image. */
static const char *image(void)
{
    const char *path = tu_path("stripes.pgm");
    if (!exists(path)) {
        char file[16 + 200 * 80];
        int n = snprintf(file, 16, "P5\n200 80\n255\n");
        for (int i = 0; i < 200 * 80; i++)
            file[n + i] = (char)((i % 200) < 100 ? 0 : 255);
        tu_write_file(path, file, (size_t)n + 200 * 80);
    }
    return path;
}

/* ---- 2. file printers ---- */

static void file_printer_refuses_the_event_database_and_its_key(void)
{
    const char *dir = folder("printer-db");
    const char *db = event_in(dir);
    const char *targets[] = {db, in(dir, "event.key")};
    for (size_t i = 0; i < 2; i++) {
        size_t len;
        char *was = tu_read_file(targets[i], &len);
        REQUIRE(was && len > 0);
        char args[8400];
        snprintf(args, sizeof(args),
                 "print-image --model QL-800 --media 62 --printer 'file:%s' "
                 "'%s'",
                 targets[i], image());
        const char *out, *err;
        EXPECT_INT(tu_checkin(args, &out, &err), 1);
        EXPECT_CONTAINS(err, "never overwrites");
        EXPECT_TRUE(same_bytes(targets[i], was, len));
        free(was);
    }
    const char *out, *err;
    /* A desk pointed at its own database as printer stops before it
     * scans anything. */
    EXPECT_INT(tu_checkin(tu_format("scan '%s' --station desk --keyboard "
                                    "--json --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db, db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "is the event database itself");
    /* `checkin print` with the database as printer. */
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "print '%s' 53139 --printer 'file:%s' --model QL-800 --media "
                "62x100",
                db, db),
            &out, &err),
        1);
    EXPECT_CONTAINS(err, "is the event database itself");
    EXPECT_INT(tu_checkin(tu_format("stats '%s'", db), &out, &err), 0);
}

static void file_printer_refuses_symbolic_links(void)
{
    const char *dir = folder("printer-link");
    const char *target = in(dir, "notes.txt"), *link = in(dir, "label.bin");
    REQUIRE(tu_write_file(target, "keep me\n", 8) == 0);
    REQUIRE(symlink("notes.txt", link) == 0);
    const char *dangling = in(dir, "new.bin");
    REQUIRE(symlink("elsewhere.bin", dangling) == 0);
    const char *paths[] = {link, dangling};
    for (size_t i = 0; i < 2; i++) {
        char args[8400];
        snprintf(args, sizeof(args),
                 "print-image --model QL-800 --media 62 --printer 'file:%s' "
                 "'%s'",
                 paths[i], image());
        const char *out, *err;
        EXPECT_INT(tu_checkin(args, &out, &err), 1);
        EXPECT_CONTAINS(err, "symbolic link");
    }
    EXPECT_TRUE(same_bytes(target, "keep me\n", 8));
    EXPECT_TRUE(!exists(in(dir, "elsewhere.bin")));
}

/* Its own earlier output (QL, ZPL, DYMO), an empty file and a device are
 * written as before; a new file is 0600 (labels carry names). */
static void file_printer_rewrites_its_own_output(void)
{
    const char *dir = folder("printer-own");
    static const char *const models[][2] = {
        {"QL-800", "62"}, {"ZD420", "54x25"}, {"LabelWriter 450", "59x102"}};
    mode_t old = umask(0);
    for (size_t i = 0; i < 3; i++) {
        char name[32];
        snprintf(name, sizeof(name), "out-%zu.bin", i);
        const char *bin = in(dir, name);
        char args[8400];
        snprintf(args, sizeof(args),
                 "print-image --model '%s' --media %s --printer 'file:%s' "
                 "'%s'",
                 models[i][0], models[i][1], bin, image());
        const char *out, *err;
        EXPECT_INT(tu_checkin(args, &out, &err), 0);
        size_t len1, len2;
        free(tu_read_file(bin, &len1));
        EXPECT_INT(mode_of(bin), 0600);
        EXPECT_INT(tu_checkin(args, &out, &err), 0); /* again: rewritten */
        EXPECT_STR(err, "");
        free(tu_read_file(bin, &len2));
        EXPECT_INT(len2, len1);
    }
    umask(old);
    const char *empty = in(dir, "empty.bin");
    REQUIRE(tu_write_file(empty, "", 0) == 0);
    EXPECT_INT(tu_checkin(tu_format("print-image --model QL-800 --media 62 "
                                    "--printer 'file:%s' '%s'",
                                    empty, image()),
                          NULL, NULL),
               0);
    EXPECT_INT(tu_checkin(tu_format("print-image --model QL-800 --media 62 "
                                    "--printer file:/dev/null "
                                    "'%s'",
                                    image()),
                          NULL, NULL),
               0);
}

/* ---- 3. the demo's folder ---- */

static void demo_refuses_a_folder_it_did_not_make(void)
{
    const char *dir = folder("event-folder");
    const char *db = event_in(dir);
    size_t dlen, klen;
    char *dwas = tu_read_file(db, &dlen);
    char *kwas = tu_read_file(in(dir, "event.key"), &klen);
    REQUIRE(dwas && kwas);
    char args[4400];
    snprintf(args, sizeof(args), "demo --out '%s'", dir);
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "give --out a new or empty folder");
    EXPECT_TRUE(same_bytes(db, dwas, dlen));
    EXPECT_TRUE(same_bytes(in(dir, "event.key"), kwas, klen));
    free(dwas);
    free(kwas);
}

/* ---- 4. exports ---- */

static const char OLD[] = "the export of yesterday\n";

static void failed_export_leaves_the_old_file(void)
{
    const char *dir = folder("export-failed");
    const char *db = event_in(dir), *csv = in(dir, "leads.csv");
    REQUIRE(tu_write_file(csv, OLD, sizeof(OLD) - 1) == 0);
    char args[8400];
    snprintf(args, sizeof(args),
             "export '%s' leads --sponsor datawize --out '%s'", db, csv);
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "no sponsor 'datawize'");
    /* The sponsors there are, not a command that lists none (issue 50). */
    EXPECT_CONTAINS(err, "its sponsors are: blue-heron-bank, datawise, "
                         "kestrel-robotics");
    EXPECT_NOT_CONTAINS(err, "checkin stats");
    EXPECT_TRUE(same_bytes(csv, OLD, sizeof(OLD) - 1));
    EXPECT_INT(leftovers(dir), 0);
}

static void killed_export_leaves_the_old_file(void)
{
    const char *dir = folder("export-killed");
    const char *db = event_in(dir), *csv = in(dir, "scans.csv");
    REQUIRE(tu_write_file(csv, OLD, sizeof(OLD) - 1) == 0);
    char args[8400];
    snprintf(args, sizeof(args), "export '%s' scans --out '%s'", db, csv);
    EXPECT_KILLED(run_killed("begun:scans.csv", args));
    EXPECT_TRUE(same_bytes(csv, OLD, sizeof(OLD) - 1));
    EXPECT_KILLED(run_killed("written:scans.csv", args));
    EXPECT_TRUE(same_bytes(csv, OLD, sizeof(OLD) - 1));
    /* The next export replaces it and clears what the killed ones left. */
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    char *now = tu_read_file(csv, NULL);
    EXPECT_CONTAINS(now, "station,seq,at");
    free(now);
    EXPECT_INT(leftovers(dir), 0);
}

static void export_refuses_symbolic_links(void)
{
    const char *dir = folder("export-link");
    const char *db = event_in(dir), *target = in(dir, "notes.txt");
    REQUIRE(tu_write_file(target, OLD, sizeof(OLD) - 1) == 0);
    REQUIRE(symlink("notes.txt", in(dir, "out.csv")) == 0);
    char args[8400];
    snprintf(args, sizeof(args), "export '%s' checkins --out '%s'", db,
             in(dir, "out.csv"));
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "symbolic link");
    EXPECT_TRUE(same_bytes(target, OLD, sizeof(OLD) - 1));
    EXPECT_INT(leftovers(dir), 0);
}

/* `--out` naming the event database, its -wal, its key or another
 * database: refused, every byte kept (the database used to be replaced by
 * the CSV). */
static void export_never_replaces_a_database_or_a_key(void)
{
    const char *dir = folder("export-own");
    const char *db = event_in(dir);
    const char *other = in(dir, "other.db");
    tu_sh("cp '%s' '%s'", db, other);
    const char *targets[] = {db, in(dir, "event.db-wal"), in(dir, "event.key"),
                             other};
    const char *says[] = {"is the event database itself",
                          "is the event database itself",
                          "is a badge signing key", "is a database"};
    /* A -wal for the second case: a reader that leaves it behind. */
    tu_sh("sqlite3 '%s' 'PRAGMA journal_mode' > /dev/null", db);
    for (size_t i = 0; i < 4; i++) {
        size_t len0 = 0;
        char *before = tu_read_file(targets[i], &len0);
        char args[8400];
        snprintf(args, sizeof(args), "export '%s' scans --out '%s'", db,
                 targets[i]);
        const char *out, *err;
        EXPECT_INT(tu_checkin(args, &out, &err), 1);
        EXPECT_CONTAINS(err, says[i]);
        if (before)
            EXPECT_TRUE(same_bytes(targets[i], before, len0));
        free(before);
    }
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("stats '%s'", db), &out, &err), 0);
    EXPECT_INT(leftovers(dir), 0);
}

/* ---- 11. modes ---- */

/* Under umask 000 and 022: exports (new and replacing a 0644 file), init's
 * database and key, station copies: all 0600; and SQLite's -wal and -shm
 * made later follow the database. */
static void personal_data_is_0600_whatever_the_umask(void)
{
    static const mode_t masks[] = {000, 022};
    for (size_t i = 0; i < 2; i++) {
        char name[32];
        snprintf(name, sizeof(name), "modes-%03o", (unsigned)masks[i]);
        const char *dir = folder(name);
        mode_t old = umask(masks[i]);
        const char *db = in(dir, "ev.db"), *out, *err;
        EXPECT_INT(
            tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                       &out, &err),
            0);
        EXPECT_INT(
            tu_checkin(tu_format("import '%s' '%s/demo/registrations.csv'", db,
                                 CONFIG_DIR),
                       &out, &err),
            0);
        EXPECT_INT(mode_of(db), 0600);
        EXPECT_INT(mode_of(in(dir, "ev.key")), 0600);
        const char *csv = in(dir, "attendees.csv");
        EXPECT_INT(
            tu_checkin(tu_format("export '%s' checkins --out '%s'", db, csv),
                       &out, &err),
            0);
        EXPECT_INT(mode_of(csv), 0600);
        /* Replacing an existing, wider file. */
        const char *json = in(dir, "leads.json");
        REQUIRE(tu_write_file(json, "{}", 2) == 0);
        chmod(json, 0644);
        EXPECT_INT(
            tu_checkin(
                tu_format(
                    "export '%s' leads --sponsor datawise --format json --out "
                    "'%s'",
                    db, json),
                &out, &err),
            0);
        EXPECT_INT(mode_of(json), 0600);
        const char *st = in(dir, "st.db");
        EXPECT_INT(
            tu_checkin(tu_format("station-db '%s' leads:datawise '%s'", db, st),
                       &out, &err),
            0);
        EXPECT_INT(mode_of(st), 0600);
        /* A writer keeps the -wal and -shm open: they take the
         * database's mode (SQLite copies it). */
        sqlite3 *h = NULL;
        REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
        EXPECT_INT(sqlite3_exec(h, "CREATE TABLE scratch(x)", NULL, NULL, NULL),
                   SQLITE_OK);
        char side[4300];
        snprintf(side, sizeof(side), "%s-wal", db);
        EXPECT_INT(mode_of(side), 0600);
        snprintf(side, sizeof(side), "%s-shm", db);
        EXPECT_INT(mode_of(side), 0600);
        sqlite3_close(h);
        umask(old);
    }
}

/* Rendered badges carry names: `checkin badge --out` writes PNG and PDF
 * 0600 under umask 000, replaces an earlier file whole and never writes
 * through a link. */
static void badge_renders_are_0600_and_refuse_links(void)
{
    const char *dir = folder("badges");
    const char *db = event_in(dir);
    static const char *const names[] = {"zoe.png", "zoe.pdf"};
    mode_t old = umask(0);
    for (size_t i = 0; i < 2; i++) {
        const char *out = in(dir, names[i]);
        REQUIRE(tu_write_file(out, OLD, sizeof(OLD) - 1) == 0);
        chmod(out, 0666);
        char args[8400];
        snprintf(args, sizeof(args), "badge '%s' 53139 --out '%s'", db, out);
        const char *o, *e;
        EXPECT_INT(tu_checkin(args, &o, &e), 0);
        EXPECT_INT(mode_of(out), 0600);
        EXPECT_TRUE(!same_bytes(out, OLD, sizeof(OLD) - 1));
    }
    umask(old);
    const char *target = in(dir, "notes.txt");
    REQUIRE(tu_write_file(target, OLD, sizeof(OLD) - 1) == 0);
    REQUIRE(symlink("notes.txt", in(dir, "link.pdf")) == 0);
    char args[8400];
    snprintf(args, sizeof(args), "badge '%s' 53139 --out '%s'", db,
             in(dir, "link.pdf"));
    const char *o, *e;
    EXPECT_INT(tu_checkin(args, &o, &e), 1);
    EXPECT_CONTAINS(e, "symbolic link");
    EXPECT_TRUE(same_bytes(target, OLD, sizeof(OLD) - 1));
    EXPECT_INT(leftovers(dir), 0);
}

/* ---- 15. interrupted init, rotate-key and station-db ---- */

static void killed_init_leaves_nothing_and_runs_again(void)
{
    const char *dir = folder("init-killed");
    const char *db = in(dir, "ev.db"), *key = in(dir, "ev.key");
    char args[8400];
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    /* Killed while the database is being made, then with the key made but
     * not yet in place: nothing at either name. */
    EXPECT_KILLED(run_killed("begun:ev.db", args));
    EXPECT_TRUE(!exists(db) && !exists(key));
    EXPECT_KILLED(run_killed("written:ev.key", args));
    EXPECT_TRUE(!exists(db) && !exists(key));
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "Created");
    EXPECT_INT(leftovers(dir), 0);
    EXPECT_INT(tu_checkin(tu_format("stats '%s'", db), &out, &err), 0);
}

/* The one window left: the key in place, the database not yet.  The next
 * init names the key and what to do; with the key moved away it works. */
static void init_killed_after_its_key_says_what_to_do(void)
{
    const char *dir = folder("init-key");
    const char *db = in(dir, "ev.db"), *key = in(dir, "ev.key");
    char args[8400];
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    EXPECT_KILLED(run_killed("published:ev.key", args));
    EXPECT_TRUE(!exists(db) && exists(key));
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "interrupted 'checkin init'");
    EXPECT_CONTAINS(err, "move it away");
    EXPECT_TRUE(!exists(db));
    REQUIRE(rename(key, in(dir, "old.key")) == 0);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_INT(leftovers(dir), 0);
}

static void killed_rotate_key_leaves_the_event_as_it_was(void)
{
    const char *dir = folder("rotate-killed");
    const char *db = event_in(dir), *key2 = in(dir, "next.key");
    char args[8400];
    snprintf(args, sizeof(args), "rotate-key --key '%s' '%s'", key2, db);
    EXPECT_KILLED(run_killed("written:next.key", args));
    EXPECT_TRUE(!exists(key2));
    /* The current key still signs. */
    char issue[8400];
    snprintf(issue, sizeof(issue), "issue --key '%s' '%s' 53139",
             in(dir, "event.key"), db);
    const char *out, *err;
    EXPECT_INT(tu_checkin(issue, &out, &err), 0);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "New signing key");
    EXPECT_INT(leftovers(dir), 0);
    snprintf(issue, sizeof(issue), "issue --key '%s' '%s' 53139", key2, db);
    EXPECT_INT(tu_checkin(issue, &out, &err), 0);
    /* Killed with the third key in place but not yet recorded: the event
     * keeps the second as its current key, the third file is refused as a
     * target (never overwritten) and another path works. */
    const char *key3 = in(dir, "third.key");
    snprintf(args, sizeof(args), "rotate-key --key '%s' '%s'", key3, db);
    EXPECT_KILLED(run_killed("published:third.key", args));
    EXPECT_TRUE(exists(key3));
    EXPECT_INT(tu_checkin(issue, &out, &err), 0);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "never overwritten");
    EXPECT_INT(tu_checkin(tu_format("rotate-key --key '%s' '%s'",
                                    in(dir, "fourth.key"), db),
                          &out, &err),
               0);
    EXPECT_INT(leftovers(dir), 0);
}

static void killed_station_db_leaves_nothing_and_runs_again(void)
{
    const char *dir = folder("station-killed");
    const char *db = event_in(dir), *st = in(dir, "booth.db");
    char args[8400];
    snprintf(args, sizeof(args), "station-db '%s' leads:datawise '%s'", db, st);
    EXPECT_KILLED(run_killed("begun:booth.db", args));
    EXPECT_TRUE(!exists(st));
    EXPECT_KILLED(run_killed("written:booth.db", args));
    EXPECT_TRUE(!exists(st));
    const char *out, *err;
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "lead station database");
    EXPECT_INT(leftovers(dir), 0);
    EXPECT_INT(tu_checkin(tu_format("stats '%s'", st), &out, &err), 0);
}

TU_MAIN(TU_CASE(file_printer_refuses_the_event_database_and_its_key),
        TU_CASE(file_printer_refuses_symbolic_links),
        TU_CASE(file_printer_rewrites_its_own_output),
        TU_CASE(demo_refuses_a_folder_it_did_not_make),
        TU_CASE(failed_export_leaves_the_old_file),
        TU_CASE(killed_export_leaves_the_old_file),
        TU_CASE(export_refuses_symbolic_links),
        TU_CASE(export_never_replaces_a_database_or_a_key),
        TU_CASE(personal_data_is_0600_whatever_the_umask),
        TU_CASE(badge_renders_are_0600_and_refuse_links),
        TU_CASE(killed_init_leaves_nothing_and_runs_again),
        TU_CASE(init_killed_after_its_key_says_what_to_do),
        TU_CASE(killed_rotate_key_leaves_the_event_as_it_was),
        TU_CASE(killed_station_db_leaves_nothing_and_runs_again))
