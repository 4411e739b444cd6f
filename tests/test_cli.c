/* The `checkin` command as a user runs it: help and version, one-line
 * usage errors with exit 2, the organizer's commands end to end.  The
 * demo's own run is test_demo's (the same command, run there once and
 * again over its folder). */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static int lines(const char *s)
{
    int n = 0;
    for (; *s; s++)
        n += *s == '\n';
    return n;
}

static void help_and_version_exit_zero(void)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin("--help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Usage: checkin COMMAND");
    EXPECT_CONTAINS(out, "import");
    EXPECT_INT(tu_checkin("--version", &out, &err), 0);
    EXPECT_CONTAINS(out, "checkin 0.");
    static const char *const cmds[] = {"init",  "import", "attendees",
                                       "stats", "demo",   "event"};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        EXPECT_INT(tu_checkin(tu_format("%s --help", cmds[i]), &out, &err), 0);
        EXPECT_CONTAINS(out, "Usage: checkin");
        EXPECT_STR(err, "");
    }
}

static void usage_errors_are_one_line_with_exit_two(void)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin("frobnicate", &out, &err), 2);
    EXPECT_STR(err, "checkin: unknown command 'frobnicate'. Try 'checkin "
                    "--help'.\n");
    EXPECT_INT(tu_checkin("--frob", &out, &err), 2);
    EXPECT_INT(lines(err), 1);
    EXPECT_INT(tu_checkin("import --frob x y", &out, &err), 2);
    EXPECT_STR(err, "checkin import: option '--frob' is unknown or needs a "
                    "value. Try 'checkin import --help'.\n");
    EXPECT_INT(tu_checkin("attendees -n", &out, &err), 2);
    EXPECT_INT(lines(err), 1);
    EXPECT_CONTAINS(err, "'-n'");
    EXPECT_INT(tu_checkin("import --format=xml a b", &out, &err), 2);
    EXPECT_INT(lines(err), 1);
    EXPECT_INT(tu_checkin("stats", &out, &err), 2);
    EXPECT_INT(lines(err), 1);
    EXPECT_INT(tu_checkin("", &out, &err), 2);
}

static void organizer_flow_from_init_to_stats(void)
{
    const char *out, *err;
    char args[8192];
    const char *db = tu_path("flow.db");
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "Created");
    EXPECT_INT(tu_checkin(args, &out, &err), 1); /* exists already */
    EXPECT_CONTAINS(err, "already exists");

    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s/demo/registrations.csv'",
                                    db, CONFIG_DIR),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "300 added, 0 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected");
    EXPECT_STR(err, ""); /* no progress bar when not a terminal */

    EXPECT_INT(
        tu_checkin(tu_format("attendees --json '%s' 'zoë'", db), &out, &err),
        0);
    json_error_t jerr;
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, &jerr);
    REQUIRE(o != NULL);
    EXPECT_STR(json_string_value(json_object_get(o, "badge_name")),
               "Zoë Müller");
    EXPECT_STR(json_string_value(json_object_get(o, "status")), "paid");
    EXPECT_TRUE(json_array_size(json_object_get(o, "tutorials")) >= 1);
    json_decref(o);

    EXPECT_INT(tu_checkin(tu_format("stats '%s'", db), &out, &err), 0);
    EXPECT_CONTAINS(out, "Registrations: 300 (279 paid, 7 pending, "
                         "11 cancelled, 3 refunded)");
    EXPECT_CONTAINS(out, "pandas-intro");
    EXPECT_CONTAINS(out, "FULL");
}

/* `stats` keeps its columns under each other however long a slug is; a
 * slug of the longest kind (40) is kept whole, also where libinih would
 * cut the section name ("ticket-type " + 40 is over its 49 bytes), and a
 * longer one is refused rather than cut. */
static void stats_columns_stay_aligned_for_long_slugs(void)
{
    static const char T40[] = "introduction-to-data-analysis-with-panda";
    static const char K40[] = "individual-attendee-early-bird-rate-2027";
    const char *ini = tu_path("long.ini"), *db = tu_path("long.db");
    REQUIRE(tu_sh("sed -e 's/^\\[tutorial pandas-intro\\]/[tutorial %s]/' "
                  "-e 's/^\\[ticket-type individual\\]/[ticket-type %s]/' "
                  "-e 's/^\\(ticket-type *= *\\)individual$/\\1%s/' "
                  "'%s' > '%s'",
                  T40, K40, K40, tu_demo_event_ini(), ini) == 0);
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, ini), &out, &err) == 0);
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, K40);
    const char *table = strstr(out, "\ntutorial");
    REQUIRE(table != NULL);
    EXPECT_CONTAINS(table, T40);
    /* Every row of the table as long as its heading (FULL aside). */
    size_t width = strcspn(table + 1, "\n");
    long rows = 0;
    for (const char *p = table + 1 + width + 1; *p && *p != '\n';) {
        size_t len = strcspn(p, "\n");
        size_t cut =
            len >= 6 && !strncmp(p + len - 6, "  FULL", 6) ? len - 6 : len;
        if (cut != width)
            TU_FAIL_AT("row of %zu columns under a heading of %zu: %.*s", cut,
                       width, (int)len, p);
        rows++;
        p += len + (p[len] == '\n');
    }
    EXPECT_TRUE(rows >= 10);
    /* One character more is refused, not cut. */
    REQUIRE(tu_sh("sed 's/^\\[tutorial pandas-intro\\]/[tutorial %sx]/' "
                  "'%s' > '%s'",
                  T40, tu_demo_event_ini(), ini) == 0);
    EXPECT_INT(
        tu_checkin(tu_format("init '%s' '%s'", tu_path("long41.db"), ini), &out,
                   &err),
        1);
    EXPECT_CONTAINS(err, "is not a valid slug (1-40");
}

static void import_errors_go_to_stderr_as_file_and_line(void)
{
    const char *out, *err;
    const char *db = tu_path("errs.db");
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                       &out, &err) == 0);
    const char *csv = tu_path("two-bad.csv");
    static const char text[] =
        "ticket_id,order_code,status,ticket_type,secret,badge_name\n"
        "1,A1,paid,individual,secret0001,Ada\n"
        "2,A2,paid,wizard,secret0002,Merlin\n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               1);
    EXPECT_CONTAINS(err, "two-bad.csv:3: unknown ticket type 'wizard'");
    EXPECT_CONTAINS(err, "nothing was imported");
    EXPECT_INT(tu_checkin(tu_format("import --skip-bad '%s' '%s'", db, csv),
                          &out, &err),
               1);
    EXPECT_CONTAINS(out, "1 added");
    EXPECT_INT(
        tu_checkin(tu_format("import '%s' /nonexistent.csv", db), &out, &err),
        1);
    EXPECT_CONTAINS(err, "Cannot read /nonexistent.csv");
    /* A failed init leaves no half-made database behind. */
    const char *bad_db = tu_path("never.db");
    EXPECT_INT(
        tu_checkin(tu_format("init '%s' /nonexistent.ini", bad_db), &out, &err),
        1);
    EXPECT_TRUE(access(bad_db, F_OK) != 0);
}

/* The mode of `path`'s permission bits, or -1 if it does not exist. */
static int mode_of(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0 ? (int)(sb.st_mode & 07777) : -1;
}

/* Run `checkin scan DB --station STATION --keyboard` on an open pipe (it
 * waits for scans), and return the modes of DB-wal and DB-shm once the
 * station has them open. */
static void modes_while_a_station_runs(const char *db, const char *station,
                                       int *wal, int *shm)
{
    char cmd[8192], wal_path[4200], shm_path[4200];
    snprintf(wal_path, sizeof(wal_path), "%s-wal", db);
    snprintf(shm_path, sizeof(shm_path), "%s-shm", db);
    snprintf(cmd, sizeof(cmd),
             "exec %s scan '%s' --station %s --name umask-test --keyboard "
             "--json >/dev/null 2>&1",
             CHECKIN_BIN, db, station);
    FILE *in = popen(cmd, "w");
    *wal = *shm = -1;
    if (!in) {
        TU_FAIL_AT("cannot start: %s", cmd);
        return;
    }
    int64_t deadline = tu_mono_ms() + 10000;
    while ((mode_of(wal_path) < 0 || mode_of(shm_path) < 0) &&
           tu_mono_ms() < deadline)
        usleep(10000);
    *wal = mode_of(wal_path);
    *shm = mode_of(shm_path);
    pclose(in); /* end of input: the station stops */
}

/* An event database and a station's copy hold names, emails and ticket
 * secrets: 0600, with their -wal and -shm, even under umask 000. */
static void databases_are_created_0600_whatever_the_umask(void)
{
    const char *out, *err;
    const char *db = tu_path("private.db");
    const char *ldb = tu_path("private-leads.db");
    mode_t old = umask(0);
    EXPECT_INT(tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                          &out, &err),
               0);
    EXPECT_INT(mode_of(db), 0600);
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s/demo/registrations.csv'",
                                    db, CONFIG_DIR),
                          &out, &err),
               0);
    EXPECT_INT(
        tu_checkin(tu_format("station-db '%s' leads:datawise '%s'", db, ldb),
                   &out, &err),
        0);
    EXPECT_INT(mode_of(ldb), 0600);
    EXPECT_INT(mode_of(db), 0600);

    int wal, shm;
    modes_while_a_station_runs(db, "desk", &wal, &shm);
    EXPECT_INT(wal, 0600);
    EXPECT_INT(shm, 0600);
    modes_while_a_station_runs(ldb, "leads:datawise", &wal, &shm);
    EXPECT_INT(wal, 0600);
    EXPECT_INT(shm, 0600);
    umask(old);
}

/* A path that names the event database (or its -wal) where another kind
 * of file is expected is refused before anything opens it: opening and
 * closing it outside SQLite would drop the command's locks on the file,
 * and writing labels to it would destroy it. */
static void the_event_file_is_never_opened_as_another_file(void)
{
    const char *out, *err;
    char args[8192];
    const char *db = tu_path("own.db");
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                       &out, &err) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s/demo/registrations.csv'", db,
             CONFIG_DIR);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    size_t len0, len1;
    char *before = tu_read_file(db, &len0);
    REQUIRE(before != NULL);
    static const struct {
        const char *args, *says;
    } cases[] = {
        {"import @ @", "is the event database itself, not a "
                       "registrations file"},
        {"scan @ --station desk --json --images @",
         "is the event database itself, not an image"},
        {"scan @ --station desk --json --frames @ --size 64x64 "
         "--format GREY",
         "is the event database itself, not raw frames"},
        {"scan @ --station desk --json --keyboard --printer "
         "file:@ --model QL-800 --media 62x100",
         "is the event database itself; give the printer's device"},
        {"scan @ --station desk --json --keyboard=@",
         "is the event database itself, not a scanner"},
        {"print @ 52151 --printer file:@ --model QL-800 --media 62x100",
         "is the event database itself; give the printer's device"},
        {"issue --key @ @ 52151", "is the event database, not its signing key"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        /* Each @ stands for the database, quoted. */
        size_t n = 0;
        for (const char *c = cases[i].args; *c && n + 1 < sizeof(args); c++) {
            int w = *c == '@' ? snprintf(args + n, sizeof(args) - n, "'%s'", db)
                              : (args[n] = *c, 1);
            n = w > 0 && n + (size_t)w < sizeof(args) ? n + (size_t)w
                                                      : sizeof(args) - 1;
        }
        args[n] = '\0';
        EXPECT_INT(tu_checkin(args, &out, &err), 1);
        EXPECT_CONTAINS(err, cases[i].says);
        EXPECT_INT(lines(err), 1);
    }
    /* init's description given as the new database's own name: the
     * database is made at a temporary name, so that name is still no
     * description. */
    const char *fresh = tu_path("own-new.db");
    EXPECT_INT(
        tu_checkin(tu_format("init '%s' '%s'", fresh, fresh), &out, &err), 1);
    EXPECT_CONTAINS(err, "Cannot read the event description");
    EXPECT_INT(lines(err), 1);
    EXPECT_TRUE(access(fresh, F_OK) != 0);
    char *after = tu_read_file(db, &len1);
    EXPECT_TRUE(after && len1 == len0 && !memcmp(before, after, len0));
    free(before);
    free(after);
}

/* `checkin event`: one line per change, "Nothing changed." for the same
 * file, a refusal in one sentence with exit 1. */
static void event_command_prints_each_change(void)
{
    const char *out, *err;
    char args[8192];
    const char *db = tu_path("event-cmd.db");
    const char *ini = tu_path("event-cmd.ini");
    unlink(db);
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                       &out, &err) == 0);
    EXPECT_INT(tu_checkin(tu_format("event '%s' '%s'", db, tu_demo_event_ini()),
                          &out, &err),
               0);
    EXPECT_STR(out, "Nothing changed.\n");
    REQUIRE(tu_sh("sed -e '/^.tutorial pandas-intro/,/^$/ {' "
                  "-e 's/^room = 101A$/room = Hall B/' "
                  "-e 's/^capacity = 26$/capacity = 40/' -e '}' "
                  "'%s' > '%s'",
                  tu_demo_event_ini(), ini) == 0);
    snprintf(args, sizeof(args), "event '%s' '%s'", db, ini);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_STR(out, "tutorial pandas-intro: room 101A -> Hall B; capacity 26 "
                    "-> 40\n");
    EXPECT_STR(err, "");
    REQUIRE(tu_sh("sed -i 's/^slug = pycon-demo-2027$/slug = other/' '%s'",
                  ini) == 0);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_INT(lines(err), 1);
    EXPECT_CONTAINS(err, "set slug = pycon-demo-2027");
    EXPECT_STR(out, "");
}

/* An over-capacity warning when an import or an event change makes a
 * tutorial over capacity, or more so; not again for the same file. */
static void over_capacity_is_warned_when_it_changes_not_on_every_import(void)
{
    const char *out, *err;
    char args[8192];
    const char *db = tu_path("over.db");
    const char *ini = tu_path("over.ini");
    unlink(db);
    REQUIRE(tu_sh("sed -e '/^.tutorial pandas-intro/,/^$/ "
                  "s/^capacity = 26$/capacity = 20/' "
                  "'%s' > '%s'",
                  tu_demo_event_ini(), ini) == 0);
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, ini), &out, &err) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s/demo/registrations.csv'", db,
             CONFIG_DIR);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(err, "Warning: tutorial pandas-intro has 26 "
                         "registrations for 20 seats");
    EXPECT_INT(lines(err), 1);
    /* The same file again: nothing changed, nothing to warn about. */
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 300 unchanged");
    EXPECT_STR(err, "");
    /* One more registration: further over, warned. */
    const char *csv = tu_path("one-more.csv");
    static const char more[] =
        "ticket_id,order_code,status,ticket_type,secret,badge_name,"
        "tutorials\n90001,ZZ001,paid,individual,onemoresecret1,Ada L,"
        "pandas-intro\n";
    REQUIRE(tu_write_file(csv, more, strlen(more)) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(err, "Warning: tutorial pandas-intro has 27 "
                         "registrations for 20 seats");
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_STR(err, "");
    /* A change of the event that seats more, still too few: no warning;
     * one that seats fewer: warned. */
    REQUIRE(tu_sh("sed -i 's/^capacity = 20$/capacity = 24/' '%s'", ini) == 0);
    snprintf(args, sizeof(args), "event '%s' '%s'", db, ini);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_STR(err, "");
    REQUIRE(tu_sh("sed -i 's/^capacity = 24$/capacity = 22/' '%s'", ini) == 0);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(err, "Warning: tutorial pandas-intro has 27 "
                         "registrations for 22 seats");
}

TU_MAIN(TU_CASE(help_and_version_exit_zero),
        TU_CASE(usage_errors_are_one_line_with_exit_two),
        TU_CASE(organizer_flow_from_init_to_stats),
        TU_CASE(event_command_prints_each_change),
        TU_CASE(stats_columns_stay_aligned_for_long_slugs),
        TU_CASE(import_errors_go_to_stderr_as_file_and_line),
        TU_CASE(databases_are_created_0600_whatever_the_umask),
        TU_CASE(the_event_file_is_never_opened_as_another_file),
        TU_CASE(over_capacity_is_warned_when_it_changes_not_on_every_import))
