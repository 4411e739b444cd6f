/* The Debian package (debian/, issue 52): `dpkg-buildpackage -us -uc -b`
 * in a clean copy of the tree (its tracked and new files, no build
 * folder) makes checkin_VERSION_ARCH.deb that depends on runtime
 * libraries only, holds the command with the phones' decoder inside, its
 * manual page and completion, the units, the udev rule and the checkin
 * user, enables and starts no unit on install, and that lintian passes
 * with no error or warning but the overrides debian/ lists with their
 * reasons.  The package is built once, by the first case that needs it; a
 * case skips, saying why, where dpkg-buildpackage or lintian is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

/* The .deb built from a clean copy of the tree (static), or NULL when it
 * could not be (the case skipped or failed, saying why). */
static const char *package(void)
{
    static char deb[1024];
    static int state; /* 0 not tried, 1 built, -1 failed or skipped */
    if (state == 1)
        return deb;
    if (state < 0) {
        tu_skip("the package could not be built (the first case says why)");
        return NULL;
    }
    state = -1;
    if (tu_sh("command -v dpkg-buildpackage >/dev/null 2>&1") != 0) {
        tu_skip("dpkg-buildpackage is not installed (Debian's dpkg-dev and "
                "debhelper: scripts/setup --tests)");
        return NULL;
    }
    if (tu_sh("git -C '%s' rev-parse --git-dir >/dev/null 2>&1", SOURCE_DIR) !=
        0) {
        tu_skip("%s is not a git tree: the clean copy is made from its "
                "tracked and new files",
                SOURCE_DIR);
        return NULL;
    }
    /* The tree as it is now, uncommitted changes and new files included,
     * without what .gitignore leaves out (build folders). */
    const char *src = tu_path("src/checkin");
    if (tu_sh("mkdir -p '%s' && cd '%s' && git ls-files -z --cached "
              "--others --exclude-standard | tar --null -T - "
              "--ignore-failed-read -cf - 2>/dev/null | tar -xf - -C '%s'",
              src, SOURCE_DIR, src) != 0) {
        TU_FAIL_AT("could not copy the tree into %s", src);
        return NULL;
    }
    /* noautodbgsym: no checkin-dbgsym .deb, which nothing here reads
     * (dh_strip: the .deb is the same with it or without), and lintian
     * has one package fewer to unpack and check. */
    int64_t t0 = tu_mono_ms();
    int st = tu_sh("cd '%s' && DEB_BUILD_OPTIONS='parallel=2 noautodbgsym' "
                   "dpkg-buildpackage -us -uc -b > '%s' 2>&1",
                   src, tu_path("build.log"));
    printf("# dpkg-buildpackage: %d, %.0f s\n", st,
           (double)(tu_mono_ms() - t0) / 1000.0);
    if (st != 0) {
        tu_sh("tail -n 40 '%s'", tu_path("build.log"));
        TU_FAIL_AT("dpkg-buildpackage failed (its log's end above)");
        return NULL;
    }
    const char *list = tu_path("debs.txt");
    char *names =
        tu_sh("ls '%s'/checkin_*.deb > '%s'", tu_path("src"), list) == 0
            ? tu_read_file(list, NULL)
            : NULL;
    if (!names) {
        TU_FAIL_AT("dpkg-buildpackage made no .deb in %s", tu_path("src"));
        return NULL;
    }
    /* One .deb, named for the version
     * debian/changelog and CMake agree on (test_install checks that they
     * do) and this machine's architecture. */
    const char *want =
        tu_format("%s/checkin_%s_", tu_path("src"), PROJECT_VERSION);
    EXPECT_CONTAINS(names, want);
    EXPECT_TRUE(strchr(names, '\n') == names + strlen(names) - 1);
    snprintf(deb, sizeof(deb), "%.*s", (int)strcspn(names, "\n"), names);
    free(names);
    tu_sh("ls -l '%s' | awk '{print \"# .deb: \" $5 \" bytes\"}'", deb);
    /* Kept for test_install_root (the fixture checkin_deb), which
     * installs it into a fresh root rather than build it again. */
    if (tu_sh("mkdir -p '" PACKAGE_OUT "' && rm -f '" PACKAGE_OUT
              "'/checkin_*.deb && cp '%s' '" PACKAGE_OUT "/'",
              deb) != 0)
        TU_FAIL_AT("could not copy the .deb into %s", PACKAGE_OUT);
    state = 1;
    return deb;
}

/* What the shell command `cmd` prints (malloc'd); it must succeed. */
static char *said(const char *cmd)
{
    const char *out = tu_path("said.txt");
    EXPECT_INT(tu_sh("%s > '%s' 2>&1", cmd, out), 0);
    return tu_read_file(out, NULL);
}

/* Whether the package `name` is one to build with: a -dev package, or a
 * compiler or build tool (gcc-12 as gcc; libgcc-s1 is a runtime
 * library). */
static bool to_build_with(const char *name)
{
    static const char *const tools[] = {
        "gcc",     "cpp",        "clang",           "cmake",
        "make",    "emscripten", "build-essential", "pkg-config",
        "pkgconf", "debhelper"};
    size_t len = strlen(name);
    if (len > 4 && strcmp(name + len - 4, "-dev") == 0)
        return true;
    size_t stem = strcspn(name, "-");
    if (name[stem] == '-' && !(name[stem + 1] >= '0' && name[stem + 1] <= '9'))
        stem = len; /* a hyphen not before a version: the whole name */
    for (size_t i = 0; i < sizeof(tools) / sizeof(tools[0]); i++)
        if (strlen(tools[i]) == stem && strncmp(name, tools[i], stem) == 0)
            return true;
    return false;
}

static void it_depends_on_runtime_libraries_only(void)
{
    const char *deb = package();
    if (!deb)
        return;
    char *dep = said(tu_format("dpkg-deb -f '%s' Depends", deb));
    REQUIRE(dep);
    printf("# Depends: %s", dep);
    /* The libraries the command links, by their runtime packages. */
    EXPECT_CONTAINS(dep, "libsqlite3-0");
    EXPECT_CONTAINS(dep, "libsodium23");
    /* ... and those it loads at first use (checkin/dynlib.h), which
     * dpkg-shlibdeps cannot see: debian/control names them. */
    EXPECT_CONTAINS(dep, "libmicrohttpd12");
    EXPECT_CONTAINS(dep, "libgnutls30");
    EXPECT_CONTAINS(dep, "libpq5");
    EXPECT_CONTAINS(dep, "libpangocairo-1.0-0");
    EXPECT_CONTAINS(dep, "libzbar0");
    /* ... and nothing to build with. */
    for (const char *p = dep; *p;) {
        p += strspn(p, " ,|\n");
        size_t n = strcspn(p, " ,|(\n");
        if (n == 0)
            break;
        char name[128];
        snprintf(name, sizeof(name), "%.*s", (int)n, p);
        if (to_build_with(name))
            TU_FAIL_AT("Depends names %s, a package to build with", name);
        p += n;
        p += strcspn(p, ",|"); /* past a version in parentheses */
    }
    free(dep);
}

static void it_holds_the_command_its_page_completion_units_and_rule(void)
{
    const char *deb = package();
    if (!deb)
        return;
    char *files = said(tu_format("dpkg-deb -c '%s'", deb));
    REQUIRE(files);
    static const char *const want[] = {
        "./usr/bin/checkin\n",
        "./usr/share/man/man1/checkin.1.gz\n",
        "./usr/share/bash-completion/completions/checkin\n",
        "./lib/systemd/system/checkin-station@.service\n",
        "./lib/systemd/system/checkin-dashboard.service\n",
        "./usr/lib/systemd/user/checkin-kiosk@.service\n",
        "./lib/udev/rules.d/60-checkin-printers.rules\n",
        "./usr/lib/sysusers.d/checkin.conf\n",
        "./usr/share/checkin/demo/event.ini\n",
        "./usr/share/checkin/labels/badge-62x100.ini\n",
        "./usr/share/locale/es/LC_MESSAGES/checkin.mo\n",
        "./usr/share/locale/ja/LC_MESSAGES/checkin.mo\n",
        "./usr/share/doc/checkin/README.Debian",
        "./usr/share/doc/checkin/examples/checkin-station.conf.example",
    };
    for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
        EXPECT_CONTAINS(files, want[i]);
    free(files);

    /* The packaged command says the project's version (no git tree in a
     * clean copy) and carries the phones' decoder (a
     * WebAssembly module's first bytes, which a package built with
     * -Ppkg.checkin.nophones lacks) inside. */
    const char *root = tu_path("root");
    REQUIRE(tu_sh("dpkg-deb -x '%s' '%s'", deb, root) == 0);
    const char *bin = tu_format("%s/usr/bin/checkin", root);
    tu_no_leak_scan();
    char *version = said(tu_format("'%s' --version", bin));
    EXPECT_STR(version ? version : "", "checkin " PROJECT_VERSION "\n");
    free(version);
    size_t len = 0;
    char *image = tu_read_file(bin, &len);
    REQUIRE(image);
    EXPECT_TRUE(memmem(image, len, "\0asm\1\0\0\0", 8) != NULL);
    free(image);
}

static void it_makes_the_user_and_starts_no_unit(void)
{
    const char *deb = package();
    if (!deb)
        return;
    const char *ctl = tu_path("control");
    REQUIRE(tu_sh("dpkg-deb -e '%s' '%s'", deb, ctl) == 0);
    char *postinst = tu_read_file(tu_format("%s/postinst", ctl), NULL);
    REQUIRE(postinst);
    EXPECT_CONTAINS(postinst, "systemd-sysusers");
    EXPECT_CONTAINS(postinst, "checkin.conf");
    /* A station needs /etc/checkin/NAME.conf first (README.Debian). */
    /* The dashboard is enabled again only where it was enabled before an
     * upgrade (debhelper's dont-enable snippet), never on install. */
    EXPECT_CONTAINS(postinst, "if deb-systemd-helper debian-installed "
                              "'checkin-dashboard.service'; then");
    const char *enable = strstr(postinst, "deb-systemd-helper enable");
    const char *guard = strstr(postinst, "debian-installed");
    EXPECT_TRUE(!enable || (guard && guard < enable));
    EXPECT_TRUE(!enable || !strstr(enable + 1, "deb-systemd-helper enable"));
    EXPECT_NOT_CONTAINS(postinst, "deb-systemd-invoke start");
    EXPECT_NOT_CONTAINS(postinst, "--global enable");
    /* A running dashboard is restarted after an upgrade, not started. */
    EXPECT_CONTAINS(postinst, "try-restart");
    free(postinst);
    char *users = tu_read_file(
        tu_format("%s/usr/lib/sysusers.d/checkin.conf", tu_path("root")), NULL);
    if (!users) {
        REQUIRE(tu_sh("dpkg-deb -x '%s' '%s'", deb, tu_path("root")) == 0);
        users = tu_read_file(
            tu_format("%s/usr/lib/sysusers.d/checkin.conf", tu_path("root")),
            NULL);
    }
    REQUIRE(users);
    EXPECT_CONTAINS(users, "u checkin ");
    EXPECT_CONTAINS(users, "m checkin plugdev");
    EXPECT_CONTAINS(users, "m checkin video");
    free(users);
}

static void lintian_finds_no_error_or_warning(void)
{
    const char *deb = package();
    if (!deb)
        return;
    if (tu_sh("command -v lintian >/dev/null 2>&1") != 0)
        TU_SKIP("lintian is not installed (scripts/setup --tests)");
    /* The .changes: the .deb and the build's .buildinfo.  Overridden
     * tags (debian/checkin.lintian-overrides, each with its reason) are
     * not printed. */
    const char *out = tu_path("lintian.txt");
    int st = tu_sh("lintian --fail-on error,warning '%s'/*.changes > '%s' "
                   "2>&1",
                   tu_path("src"), out);
    char *tags = tu_read_file(out, NULL);
    printf("# lintian: %s", tags && *tags ? tags : "(nothing)\n");
    EXPECT_INT(st, 0);
    EXPECT_NOT_CONTAINS(tags ? tags : "", "E: ");
    EXPECT_NOT_CONTAINS(tags ? tags : "", "W: ");
    free(tags);
}

TU_MAIN(TU_CASE(it_depends_on_runtime_libraries_only),
        TU_CASE(it_holds_the_command_its_page_completion_units_and_rule),
        TU_CASE(it_makes_the_user_and_starts_no_unit),
        TU_CASE(lintian_finds_no_error_or_warning))
