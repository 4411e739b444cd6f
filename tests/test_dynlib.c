/* libpq and pango/cairo loaded at first use (checkin/dynlib.h): a
 * command that needs neither the hub nor a label runs without them, and
 * one that needs them and cannot load them says in one sentence which
 * package to install and leaves nothing half made.
 *
 * The libraries are made unloadable the way a broken installation would
 * be: a folder first in LD_LIBRARY_PATH holds a file of each library's
 * SONAME that is not a library.  Before they were loaded at first use,
 * every `checkin` start failed there (the dynamic loader maps every
 * library the program names before main). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"

/* A folder whose libpq, libpangocairo, libzbar, libmicrohttpd and
 * libgnutls are not libraries. */
static const char *broken_libs(void)
{
    const char *dir = tu_path("broken-libs");
    EXPECT_INT(tu_sh("mkdir -p '%s' && for f in %s %s %s %s %s; do echo "
                     "'not a library' > '%s'/$f; done",
                     dir, CHECKIN_LIBPQ_SONAME, CHECKIN_PANGOCAIRO_SONAME,
                     CHECKIN_ZBAR_SONAME, CHECKIN_MHD_SONAME,
                     CHECKIN_GNUTLS_SONAME, dir),
               0);
    return dir;
}

/* `checkin ARGS` with the broken libraries first; its exit status, its
 * standard error in tu_path("err.txt"). */
static int run_broken(const char *args)
{
    return tu_sh("LD_LIBRARY_PATH='%s' " TU_NO_LEAK_SCAN "'" CHECKIN_BIN
                 "' %s > '%s' 2> '%s'",
                 broken_libs(), args, tu_path("out.txt"), tu_path("err.txt"));
}

static int exit_status(int st)
{
    return st >= 0 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* An organizer's and a desk's everyday commands load neither library:
 * they run where both are broken. */
static void commands_without_hub_or_labels_load_neither(void)
{
    const char *db = tu_demo_event();
    EXPECT_INT(exit_status(run_broken("--version")), 0);
    EXPECT_INT(exit_status(run_broken(tu_format("stats '%s'", db))), 0);
    char *out = tu_read_file(tu_path("out.txt"), NULL);
    EXPECT_CONTAINS(out, "Registrations: 300");
    free(out);
    EXPECT_INT(exit_status(run_broken(tu_format("attendees '%s' a", db))), 0);
}

/* How many lines `text` has. */
static int lines(const char *text)
{
    int n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    return n;
}

/* A hub command without libpq: one sentence naming the package, exit 1,
 * the event's file as it was. */
static void a_hub_command_without_libpq_names_the_package(void)
{
    const char *db = tu_demo_event();
    REQUIRE(tu_sh("cp '%s' '%s'", db, tu_path("before.db")) == 0);
    EXPECT_INT(exit_status(run_broken(tu_format(
                   "hub init '%s' 'host=%s dbname=hub'", db, tu_path("")))),
               1);
    char *err = tu_read_file(tu_path("err.txt"), NULL);
    EXPECT_CONTAINS(err, CHECKIN_LIBPQ_SONAME);
    EXPECT_CONTAINS(err, "sudo apt install libpq5");
    EXPECT_INT(lines(err), 1);
    free(err);
    EXPECT_INT(tu_sh("cmp -s '%s' '%s'", db, tu_path("before.db")), 0);
}

/* A badge without pango: the same, and no PDF, not even a partial one. */
static void a_badge_without_pango_names_the_package(void)
{
    const char *db = tu_demo_event();
    const char *pdf = tu_path("all.pdf");
    EXPECT_INT(exit_status(run_broken(
                   tu_format("badge '%s' --all --out '%s'", db, pdf))),
               1);
    char *err = tu_read_file(tu_path("err.txt"), NULL);
    EXPECT_CONTAINS(err, CHECKIN_PANGOCAIRO_SONAME);
    EXPECT_CONTAINS(err, "sudo apt install libpangocairo-1.0-0");
    EXPECT_INT(lines(err), 1);
    free(err);
    EXPECT_INT(tu_sh("ls '%s'* > /dev/null 2>&1", pdf) != 0, 1);
}

/* The dashboard without libmicrohttpd: the same, before it serves. */
static void a_dashboard_without_libmicrohttpd_names_the_package(void)
{
    const char *db = tu_demo_event();
    EXPECT_INT(exit_status(run_broken(tu_format(
                   "dashboard '%s' --offline --listen 127.0.0.1:0", db))),
               1);
    char *err = tu_read_file(tu_path("err.txt"), NULL);
    EXPECT_CONTAINS(err, CHECKIN_MHD_SONAME);
    EXPECT_CONTAINS(err, "sudo apt install libmicrohttpd12");
    EXPECT_INT(lines(err), 1);
    free(err);
}

/* The same commands with the real libraries: the forwarders reach them.
 * Then zbar, missing, for an image that is there. */
static void with_the_libraries_the_same_commands_work(void)
{
    const char *db = tu_demo_event();
    const char *pdf = tu_path("one.pdf");
    const char *out = NULL, *err = NULL;
    EXPECT_INT(tu_checkin(tu_format("badge '%s' D8RQG --out '%s'", db, pdf),
                          &out, &err),
               0);
    EXPECT_INT(tu_sh("head -c 5 '%s' | grep -q '%%PDF-'", pdf), 0);
    /* zbar reads the badge back. */
    const char *png = tu_path("one.png");
    EXPECT_INT(tu_checkin(tu_format("badge '%s' D8RQG --out '%s'", db, png),
                          &out, &err),
               0);
    EXPECT_INT(tu_checkin(tu_format("decode '%s'", png), &out, &err), 0);
    const char *tab = strchr(out, '\t');
    EXPECT_TRUE(tab != NULL);
    char *code =
        strndup(tab ? tab + 1 : "", tab ? strcspn(tab + 1, "\t\n") : 0);
    EXPECT_INT(tu_checkin(tu_format("verify '%s' '%s'", db, code), &out, &err),
               0);
    free(code);
    /* Without zbar, the same image: one sentence naming its package. */
    EXPECT_INT(exit_status(run_broken(tu_format("decode '%s'", png))), 1);
    char *said = tu_read_file(tu_path("err.txt"), NULL);
    EXPECT_CONTAINS(said, CHECKIN_ZBAR_SONAME);
    EXPECT_CONTAINS(said, "sudo apt install libzbar0");
    EXPECT_INT(lines(said), 1);
    free(said);
    EXPECT_INT(tu_checkin(tu_format("hub init '%s' 'host=%s dbname=hub'", db,
                                    tu_path("")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "Cannot connect to the hub");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(commands_without_hub_or_labels_load_neither),
        TU_CASE(a_hub_command_without_libpq_names_the_package),
        TU_CASE(a_badge_without_pango_names_the_package),
        TU_CASE(a_dashboard_without_libmicrohttpd_names_the_package),
        TU_CASE(with_the_libraries_the_same_commands_work),
    };
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
