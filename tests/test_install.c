/* What an installed checkin is made of (cli/CMakeLists.txt): the manual
 * page and bash completion made from the command's own --help texts, the
 * version from one place, and `cmake --install` putting the command, its
 * page, its completion, config/'s templates, profiles and demo event
 * where an installed checkin finds them, and the services' units, the
 * checkin user's sysusers file and the printers' udev rule where systemd
 * and udev read them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "testutil.h"

/* The commands `checkin --help` lists, one a line, into `out`. */
static int commands(char out[][32], int cap)
{
    const char *said, *err;
    if (tu_checkin("--help", &said, &err) != 0)
        return 0;
    const char *p = strstr(said, "Commands:\n");
    int n = 0;
    for (p = p ? strchr(p, '\n') + 1 : NULL; p && *p == ' ' && n < cap;) {
        sscanf(p, " %31s", out[n++]);
        p = strchr(p, '\n');
        p = p ? p + 1 : NULL;
    }
    return n;
}

static void the_manual_page_is_every_commands_own_help(void)
{
    /* groff reads it without a warning (-ww), rendered as a terminal
     * shows it. */
    EXPECT_INT(tu_sh("groff -man -Tutf8 -ww -z '%s' 2> '%s'", MANPAGE,
                     tu_path("groff.err")),
               0);
    char *warn = tu_read_file(tu_path("groff.err"), NULL);
    EXPECT_STR(warn ? warn : "(none)", "");
    free(warn);
    REQUIRE(tu_sh("groff -man -Tascii -P-c -P-b -P-u '%s' > '%s' 2>&1", MANPAGE,
                  tu_path("page.txt")) == 0);
    char *page = tu_read_file(tu_path("page.txt"), NULL);
    REQUIRE(page);
    char names[64][32];
    int n = commands(names, 64);
    EXPECT_TRUE(n >= 25);
    for (int i = 0; i < n; i++) {
        /* Each command's section holds its help's first and last lines. */
        const char *said, *err;
        EXPECT_INT(tu_checkin(tu_format("%s --help", names[i]), &said, &err),
                   0);
        char first[256] = "", last[256] = "";
        sscanf(said, "%255[^\n]", first);
        const char *end = said + strlen(said);
        while (end > said && end[-1] == '\n')
            end--;
        const char *start = end;
        while (start > said && start[-1] != '\n')
            start--;
        snprintf(last, sizeof(last), "%.*s", (int)(end - start), start);
        char upper[40];
        size_t k = 0;
        for (; names[i][k] && k < sizeof(upper) - 1; k++)
            upper[k] = (char)(names[i][k] >= 'a' && names[i][k] <= 'z'
                                  ? names[i][k] - 32
                                  : names[i][k]);
        upper[k] = '\0';
        EXPECT_CONTAINS(page, tu_format("CHECKIN %s\n", upper));
        EXPECT_CONTAINS(page, first);
        EXPECT_CONTAINS(page, last);
    }
    free(page);
}

/* The words bash offers after `checkin` and `words`, completing `cur`. */
static char *complete(const char *words, int cword)
{
    const char *out = tu_path("complete.txt");
    if (tu_sh("bash -c 'source \"%s\"; COMP_WORDS=(checkin %s); "
              "COMP_CWORD=%d; _checkin; echo \"${COMPREPLY[*]}\"' > '%s' "
              "2>&1",
              COMPLETION, words, cword, out) != 0)
        return NULL;
    return tu_read_file(out, NULL);
}

static void bash_completes_the_commands_and_their_options(void)
{
    char *got = complete("print", 1);
    EXPECT_STR(got ? got : "", "printers print print-image print-preview\n");
    free(got);
    got = complete("print-preview --m", 2);
    EXPECT_STR(got ? got : "", "--model\n");
    free(got);
    got = complete("import --inc", 2);
    EXPECT_STR(got ? got : "", "--include-testmode\n");
    free(got);
}

static void the_version_is_the_projects_and_the_commits(void)
{
    const char *said, *err;
    EXPECT_INT(tu_checkin("--version", &said, &err), 0);
    EXPECT_CONTAINS(said, "checkin " PROJECT_VERSION);
    struct stat st;
    if (stat(SOURCE_DIR "/.git", &st) == 0)
        EXPECT_CONTAINS(said, " (git ");
}

static void the_debian_changelog_names_the_projects_version(void)
{
    /* debian/changelog's first line, "checkin (VERSION) ...": the
     * package's version is CMake's project version (a native package:
     * no Debian revision), so the .deb's name and `checkin --version`
     * agree. */
    char *log = tu_read_file(SOURCE_DIR "/debian/changelog", NULL);
    REQUIRE(log);
    char version[64] = "";
    EXPECT_INT(sscanf(log, "checkin (%63[^)])", version), 1);
    EXPECT_STR(version, PROJECT_VERSION);
    free(log);
}

static void an_installed_checkin_finds_its_templates_where_installed(void)
{
    /* The installed command is run straight from the shell: one-shot, so
     * without LeakSanitizer's exit scan, as tu_checkin runs it. */
    tu_no_leak_scan();
    const char *root = tu_path("root");
    REQUIRE(tu_sh("'%s' --install '%s' --prefix '%s/usr' > '%s' 2>&1",
                  CMAKE_COMMAND, BUILD_DIR, root, tu_path("install.out")) == 0);
    static const char *const files[] = {
        "usr/bin/checkin",
        "usr/share/man/man1/checkin.1",
        "usr/share/bash-completion/completions/checkin",
        "usr/share/checkin/demo/event.ini",
        "usr/share/checkin/labels/badge-62x100.ini",
        "usr/share/checkin/stations/desk.ini",
        "usr/share/locale/es/LC_MESSAGES/checkin.mo",
        "usr/share/locale/hi/LC_MESSAGES/checkin.mo",
        "usr/lib/systemd/system/checkin-station@.service",
        "usr/lib/systemd/system/checkin-dashboard.service",
        "usr/lib/systemd/user/checkin-kiosk@.service",
        "usr/lib/udev/rules.d/60-checkin-printers.rules",
        "usr/lib/sysusers.d/checkin.conf",
        "usr/share/doc/checkin/examples/checkin-station.conf.example",
    };
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        struct stat st;
        EXPECT_INT(stat(tu_format("%s/%s", root, files[i]), &st), 0);
    }
    /* The installed command renders a badge from the installed
     * templates, and cannot without them. */
    const char *share = tu_format("%s/usr/share/checkin", root);
    const char *bin = tu_format("%s/usr/bin/checkin", root);
    const char *db = tu_path("e.db");
    REQUIRE(tu_sh("'%s' init '%s' '%s/demo/event.ini' > /dev/null && '%s' "
                  "import '%s' '%s/demo/registrations.csv' > /dev/null",
                  bin, db, share, bin, db, share) == 0);
    EXPECT_INT(tu_sh("CHECKIN_CONFIG_DIR='%s' '%s' badge '%s' 53139 --out "
                     "'%s' > /dev/null 2>&1",
                     share, bin, db, tu_path("zoe.png")),
               0);
    EXPECT_INT(tu_sh("mkdir -p '%s' && CHECKIN_CONFIG_DIR='%s' '%s' badge "
                     "'%s' 53139 --out '%s' > /dev/null 2>&1",
                     tu_path("empty"), tu_path("empty"), bin, db,
                     tu_path("none.png")) != 0,
               1);
    /* It speaks Spanish from the installed catalogue, beside it: the
     * installed demo event asks its Code of Conduct first. */
    EXPECT_INT(tu_sh("echo xkb346zeaty3cvp6ghfc8fsz2wuhkq4h | '%s' --lang es "
                     "scan '%s' --station desk --keyboard --json --clock "
                     "'2027-05-12 09:00' > '%s' 2>/dev/null",
                     bin, db, tu_path("es.out")),
               0);
    EXPECT_INT(tu_lines_with(tu_path("es.out"), "\"question\"",
                             "Pregunta antes de acreditar: "),
               1);
}

TU_MAIN(TU_CASE(the_manual_page_is_every_commands_own_help),
        TU_CASE(bash_completes_the_commands_and_their_options),
        TU_CASE(the_version_is_the_projects_and_the_commits),
        TU_CASE(the_debian_changelog_names_the_projects_version),
        TU_CASE(an_installed_checkin_finds_its_templates_where_installed))
