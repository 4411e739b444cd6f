/* The `checkin` command as a user runs it: help and version, one-line
 * usage errors with exit 2, the organizer's commands end to end, and the
 * demo. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
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
    static const char *const cmds[] = {"init", "import", "attendees", "stats",
                                       "demo"};
    for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++) {
        char args[64];
        snprintf(args, sizeof(args), "%s --help", cmds[i]);
        EXPECT_INT(tu_checkin(args, &out, &err), 0);
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
    snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", db,
             CONFIG_DIR);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "Created");
    EXPECT_INT(tu_checkin(args, &out, &err), 1); /* exists already */
    EXPECT_CONTAINS(err, "already exists");

    snprintf(args, sizeof(args), "import '%s' '%s/demo/registrations.csv'",
             db, CONFIG_DIR);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "300 added, 0 updated, 0 cancelled, 0 unchanged, "
                         "0 rejected");
    EXPECT_STR(err, ""); /* no progress bar when not a terminal */

    snprintf(args, sizeof(args), "attendees --json '%s' 'zoë'", db);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    json_error_t jerr;
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, &jerr);
    REQUIRE(o != NULL);
    EXPECT_STR(json_string_value(json_object_get(o, "badge_name")),
               "Zoë Müller");
    EXPECT_STR(json_string_value(json_object_get(o, "status")), "paid");
    EXPECT_TRUE(json_array_size(json_object_get(o, "tutorials")) >= 1);
    json_decref(o);

    snprintf(args, sizeof(args), "stats '%s'", db);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "Registrations: 300 (279 paid, 7 pending, "
                         "11 cancelled, 3 refunded)");
    EXPECT_CONTAINS(out, "pandas-intro");
    EXPECT_CONTAINS(out, "FULL");
}

static void import_errors_go_to_stderr_as_file_and_line(void)
{
    const char *out, *err;
    char args[8192];
    const char *db = tu_path("errs.db");
    snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", db,
             CONFIG_DIR);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    const char *csv = tu_path("two-bad.csv");
    static const char text[] =
        "ticket_id,order_code,status,ticket_type,secret,badge_name\n"
        "1,A1,paid,individual,secret0001,Ada\n"
        "2,A2,paid,wizard,secret0002,Merlin\n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "two-bad.csv:3: unknown ticket type 'wizard'");
    EXPECT_CONTAINS(err, "nothing was imported");
    snprintf(args, sizeof(args), "import --skip-bad '%s' '%s'", db, csv);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(out, "1 added");
    snprintf(args, sizeof(args), "import '%s' /nonexistent.csv", db);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "Cannot read /nonexistent.csv");
    /* A failed init leaves no half-made database behind. */
    const char *bad_db = tu_path("never.db");
    snprintf(args, sizeof(args), "init '%s' /nonexistent.ini", bad_db);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_TRUE(access(bad_db, F_OK) != 0);
}

static void demo_runs_in_a_fresh_folder(void)
{
    const char *out, *err;
    char args[4200];
    snprintf(args, sizeof(args), "demo --out '%s'", tu_path("demo"));
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "300 added, 0 rejected");
    EXPECT_CONTAINS(out, "Zoë Müller");
    EXPECT_CONTAINS(out, "ADMIT: Zoë Müller (individual, tutorial "
                         "pandas-intro)");
    EXPECT_CONTAINS(out, "-> bad-signature");
    EXPECT_CONTAINS(out, "-> cancelled: Aditya Shetty");
    EXPECT_STR(err, "");
    /* And again over its own output. */
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
}

TU_MAIN(TU_CASE(help_and_version_exit_zero),
        TU_CASE(usage_errors_are_one_line_with_exit_two),
        TU_CASE(organizer_flow_from_init_to_stats),
        TU_CASE(import_errors_go_to_stderr_as_file_and_line),
        TU_CASE(demo_runs_in_a_fresh_folder))
