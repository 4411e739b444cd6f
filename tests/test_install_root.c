/* The package installed as a registration team installs it (issue 52): a
 * fresh Debian 12 root made by debootstrap, the offline bundle
 * (scripts/bundle) of test_package's .deb copied in, and `apt install`
 * of the bundle's packages run in the root with an empty source list and
 * no package lists (no network for apt).  Then, with the installed binary in
 * the root: `checkin demo`, `systemd-analyze verify` of the installed
 * units, and a join: the organizer's `hub serve-joins` and `hub
 * add-station --join` (this build's checkin, the hub a throwaway
 * PostgreSQL: tests/hubfix.h), `checkin join LINK` as root in the root,
 * and a scan at the joined station whose row reaches the hub.  A used, an
 * expired and a wrong-fingerprint link each get one sentence there and
 * leave nothing in the root (test_join tries each against a folder, with
 * this build's binary; here it is the installed one).
 *
 * It needs root (debootstrap, chroot, mounts) and Debian's mirror, the
 * mirror: the fresh root debootstrap makes is kept as a tar in
 * /var/cache/checkin (CHECKIN_ROOT_CACHE names another file) and
 * unpacked by later runs, and the bundle is written beside it, where a
 * rerun finds the packages downloaded before.  A case skips, saying why,
 * where either is missing (and fails under CI). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hubfix.h"
#include "live.h"
#include "pgserver.h"
#include "testutil.h"

/* The Debian release the bundle is for. */
#define RELEASE "bookworm"

/* What the shell command `cmd` printed, its status in *st; static until
 * the next call. */
static const char *run(int *st, const char *cmd)
{
    static char *text;
    free(text);
    const char *out = tu_path("run.out");
    *st = tu_sh("%s >'%s' 2>&1", cmd, out);
    text = tu_read_file(out, NULL);
    return text ? text : "";
}

/* The Debian mirror this machine's apt uses (the first that is no
 * security archive), or Debian's own. */
static const char *mirror(void)
{
    static char uri[512];
    if (uri[0])
        return uri;
    const char *env = getenv("CHECKIN_DEBIAN_MIRROR");
    int st;
    const char *said =
        env && *env ? env
                    : run(&st, "apt-get indextargets --format '$(REPO_URI)' "
                               "'Identifier: Packages' 'Codename: " RELEASE
                               "' 'Origin: Debian' | grep -v -- -security | "
                               "head -n 1");
    snprintf(uri, sizeof(uri), "%.*s", (int)strcspn(said, "\n"), said);
    if (!uri[0])
        snprintf(uri, sizeof(uri), "http://deb.debian.org/debian");
    return uri;
}

/* The root: made once per process; NULL (the case skipped or failed,
 * saying why) when it could not be. */
static const char *root_dir;
static char root_path[512], inroot[512], cache_dir[512], root_checkin[512];

/* The root made fresh: Debian's base system as `debootstrap RELEASE`
 * installs it, unpacked from the cache, a tar of such a root that
 * scripts/test-root makes when there is none (it needs the mirror; CI
 * runs it while it builds, and this waits for that run on its lock), so
 * that a rerun spends seconds where debootstrap spends minutes.  False
 * (the case skipped or failed, saying why) when it could not be made. */
static bool fresh_root(void)
{
    char cache[512], arch[32];
    const char *env = getenv("CHECKIN_ROOT_CACHE");
    int st;
    const char *a = run(&st, "dpkg --print-architecture");
    snprintf(arch, sizeof(arch), "%.*s", (int)strcspn(a, "\n"), a);
    snprintf(
        cache, sizeof(cache), "%s",
        env && *env
            ? env
            : tu_format("/var/cache/checkin/root-" RELEASE "-%s.tar.gz", arch));
    snprintf(cache_dir, sizeof(cache_dir), "%.*s",
             (int)(strrchr(cache, '/') ? strrchr(cache, '/') - cache : 1),
             strrchr(cache, '/') ? cache : ".");
    snprintf(root_path, sizeof(root_path), "%s", tu_path("root"));
    int64_t t0 = tu_mono_ms();
    if (access(cache, R_OK) != 0) {
        const char *said =
            run(&st, tu_format("'%s/scripts/test-root' '%s' '%s'", SOURCE_DIR,
                               cache, mirror()));
        printf("# scripts/test-root: %d, %.0f s\n# %s", st,
               (double)(tu_mono_ms() - t0) / 1000.0, said);
        if (st != 0) {
            tu_skip("debootstrap could not make Debian " RELEASE
                    " from %s (its last words: %.300s)",
                    mirror(),
                    strlen(said) > 300 ? said + strlen(said) - 300 : said);
            return false;
        }
        t0 = tu_mono_ms();
    }
    const char *said =
        run(&st, tu_format("mkdir -p '%s' && tar -C '%s' --numeric-owner "
                           "-xzf '%s'",
                           root_path, root_path, cache));
    printf("# the fresh root unpacked from %s: %.0f s\n", cache,
           (double)(tu_mono_ms() - t0) / 1000.0);
    if (st != 0) {
        TU_FAIL_AT("could not unpack %s: %s", cache, said);
        return false;
    }
    return true;
}

/* The script that runs a command in the root with /proc, a /dev/pts of
 * its own and the hub's socket folder mounted there, in a mount namespace of
 * its own (the mounts end with the command, so removing the root removes
 * nothing else). */
static bool write_inroot(void)
{
    snprintf(inroot, sizeof(inroot), "%s", tu_path("inroot"));
    const char *script = tu_format(
        "#!/bin/sh\nexec unshare -m sh -c 'r=$0 pg=$1; shift; "
        "mount -t proc proc \"$r/proc\" && mkdir -p \"$r/dev/pts\" \"$r$pg\" "
        "&& mount -t devpts -o newinstance devpts \"$r/dev/pts\" && "
        "mount --bind \"$pg\" \"$r$pg\" && exec chroot \"$r\" \"$@\"' "
        "'%s' '%s' \"$@\"\n",
        root_path, pgserver_dir());
    /* The installed command itself, for live.h's stations. */
    snprintf(root_checkin, sizeof(root_checkin), "%s", tu_path("checkin"));
    const char *cmd =
        tu_format("#!/bin/sh\nexec '%s' checkin \"$@\"\n", inroot);
    return tu_write_file(inroot, script, strlen(script)) == 0 &&
           tu_write_file(root_checkin, cmd, strlen(cmd)) == 0 &&
           tu_sh("chmod 0700 '%s' '%s'", inroot, root_checkin) == 0;
}

/* The fresh root with the package installed from the bundle. */
static const char *installed_root(void)
{
    static int state; /* 0 not tried, 1 made, -1 failed or skipped */
    if (state == 1)
        return root_dir;
    if (state < 0) {
        tu_skip("the root could not be made (the first case says why)");
        return NULL;
    }
    state = -1;
    if (geteuid() != 0) {
        tu_skip("not root: debootstrap, chroot and the root's mounts need "
                "it");
        return NULL;
    }
    if (tu_sh("command -v debootstrap >/dev/null 2>&1") != 0) {
        tu_skip("debootstrap is not installed (scripts/setup --tests)");
        return NULL;
    }
    char deb[1024];
    int st;
    const char *list =
        run(&st, "ls -t '" PACKAGE_DIR "'/checkin_*.deb 2>/dev/null");
    snprintf(deb, sizeof(deb), "%.*s", (int)strcspn(list, "\n"), list);
    if (!deb[0]) {
        tu_skip("test_package left no .deb in " PACKAGE_DIR
                " (ctest runs it first: FIXTURES_REQUIRED)");
        return NULL;
    }
    if (!fresh_root())
        return NULL;
    int64_t t0;
    const char *said;

    /* The bundle, resolved against the root's own list of packages, in a
     * folder kept beside the cached root: a rerun downloads only what
     * changed. */
    char bundle[600];
    snprintf(bundle, sizeof(bundle), "%s/checkin-bundle", cache_dir);
    t0 = tu_mono_ms();
    said = run(&st, tu_format("'%s/scripts/bundle' --deb '%s' --base "
                              "'%s/var/lib/dpkg/status' --out '%s'",
                              SOURCE_DIR, deb, root_path, bundle));
    printf("# scripts/bundle: %.0f s\n# %s",
           (double)(tu_mono_ms() - t0) / 1000.0, said);
    if (st != 0) {
        TU_FAIL_AT("scripts/bundle failed: %s", said);
        return NULL;
    }
    EXPECT_CONTAINS(said, "Wrote ");
    tu_sh("du -sb '%s' | awk '{print \"# bundle: \" $1 \" bytes\"}'", bundle);

    /* No network for apt: no source at all and no lists, so it has
     * nothing to download from (--no-download would say so too, but apt
     * 2.6 then refuses the local files: "Pathname to install is not
     * absolute"). */
    if (tu_sh("rm -f '%s'/etc/apt/sources.list.d/* && : >'%s/etc/apt/"
              "sources.list' && rm -rf '%s'/var/lib/apt/lists/* && "
              "cp -r '%s' '%s/root/'",
              root_path, root_path, root_path, bundle, root_path) != 0 ||
        !write_inroot()) {
        TU_FAIL_AT("could not copy the bundle into the root");
        return NULL;
    }
    t0 = tu_mono_ms();
    said = run(&st, tu_format("'%s' sh -c 'cd /root && "
                              "DEBIAN_FRONTEND=noninteractive apt-get -q -y "
                              "install /root/checkin-bundle/*.deb'",
                              inroot));
    printf("# apt install from the bundle in the fresh root: %.0f s\n",
           (double)(tu_mono_ms() - t0) / 1000.0);
    if (st != 0) {
        TU_FAIL_AT("apt install from the bundle failed: %s", said);
        return NULL;
    }
    EXPECT_NOT_CONTAINS(said, "http:");
    EXPECT_NOT_CONTAINS(said, "https:");
    root_dir = root_path;
    state = 1;
    return root_dir;
}

/* The installed command answers, runs the demo, and its units verify. */
static void it_installs_from_the_bundle_and_runs_the_demo(void)
{
    const char *root = installed_root();
    if (!root)
        return;
    int st;
    const char *said = run(
        &st, tu_format("'%s' dpkg-query -W -f='${Status}' checkin", inroot));
    EXPECT_INT(st, 0);
    EXPECT_STR(said, "install ok installed");
    said = run(&st, tu_format("'%s' checkin --version", inroot));
    EXPECT_INT(st, 0);
    EXPECT_CONTAINS(said, PROJECT_VERSION);
    said = run(&st, tu_format("'%s' sh -c 'cd /tmp && checkin demo --out "
                              "/tmp/demo'",
                              inroot));
    EXPECT_INT(st, 0);
    EXPECT_TRUE(tu_sh("test -s '%s/tmp/demo/event.db'", root) == 0 ||
                tu_sh("ls '%s/tmp/demo' | grep -q '\\.db$'", root) == 0);
    if (st != 0)
        printf("# checkin demo said: %s\n", said);
    /* The units as installed, the kiosk's as a user unit. */
    said = run(&st, tu_format("'%s' systemd-analyze verify "
                              "/lib/systemd/system/checkin-station@.service "
                              "/lib/systemd/system/checkin-dashboard.service",
                              inroot));
    EXPECT_INT(st, 0);
    EXPECT_STR(said, "");
}

/* What the root holds of checkin's settings and files (malloc'd). */
static char *root_files(void)
{
    int st;
    return strdup(run(&st, tu_format("cd '%s' && find etc/checkin "
                                     "var/lib/checkin root/spare "
                                     "2>/dev/null | sort",
                                     root_dir)));
}

/* `checkin join LINK ARGS` in the root, as root, that fails with one line
 * holding `sentence` and leaves the root's checkin files as they were. */
static void refused_in_root(const char *link, const char *args,
                            const char *sentence)
{
    char *before = root_files();
    int st;
    const char *said =
        run(&st, tu_format("'%s' checkin join '%s' %s", inroot, link, args));
    EXPECT_INT(WEXITSTATUS(st), 1);
    EXPECT_CONTAINS(said, sentence);
    int lines = 0;
    for (const char *p = said; *p; p++)
        lines += *p == '\n';
    EXPECT_INT(lines, 1);
    char *after = root_files();
    EXPECT_STR(after, before);
    free(before);
    free(after);
}

/* A desk joins in the root by its link, as root: the station's file and
 * settings where its service reads them; the desk, the installed command
 * in the root, scans, and its row reaches the hub when it is stopped as
 * systemd stops it.  The link's second use is refused in the root. */
static void a_desk_joins_in_the_root_and_its_scan_reaches_the_hub(void)
{
    if (!installed_root())
        return;
    const char *hub;
    const char *ev = hubfix_join_event("root", &hub);
    REQUIRE(ev != NULL);
    char link[600];
    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-i", ""));
    REQUIRE(link[0]);

    int64_t t0 = tu_mono_ms();
    int st;
    const char *said =
        run(&st, tu_format("'%s' checkin join '%s'", inroot, link));
    EXPECT_INT(st, 0);
    EXPECT_CONTAINS(said, "Joined the event as desk-i (desk)");
    EXPECT_INT(tu_sh("test \"$(stat -c %%a '%s/var/lib/checkin/desk-i.db')\" "
                     "= 600",
                     root_dir),
               0);
    char *conf =
        tu_read_file(tu_format("%s/etc/checkin/desk-i.conf", root_dir), NULL);
    EXPECT_CONTAINS(conf ? conf : "",
                    "CHECKIN_FILE=/var/lib/checkin/desk-i.db\n");
    free(conf);

    long long before = pgserver_int(hub, "SELECT count(*) FROM checkin.scan");
    struct live desk;
    REQUIRE(live_start_bin(&desk, "", root_checkin,
                           "/var/lib/checkin/desk-i.db",
                           "--station desk") == 0);
    json_t *d = live_scan(&desk, hubfix_pandas(ev, 0));
    int64_t took = tu_mono_ms() - t0;
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "checked-in");
    json_decref(d);
    printf("# checkin join in the root to the first scan's decision: %lld "
           "ms\n",
           (long long)took);
    REQUIRE(kill(desk.pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(waitpid(desk.pid, &status, 0) == desk.pid);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_INT(WEXITSTATUS(status), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"),
               before + 1);

    /* Another machine (an empty folder in the root) given the link. */
    REQUIRE(tu_sh("mkdir -p '%s/root/spare'", root_dir) == 0);
    refused_in_root(link, "--dir /root/spare",
                    "This join link was used already");
}

/* An expired link (made an hour ago by the clock the commands read, valid
 * 60 s) and a link whose certificate fingerprint is another's each get one
 * sentence in the root and leave nothing there. */
static void expired_and_forged_links_leave_nothing_in_the_root(void)
{
    if (!installed_root())
        return;
    const char *ev = hubfix_join_event("root", NULL);
    REQUIRE(ev != NULL);
    char ago[32], link[600];
    snprintf(ago, sizeof(ago), "%lld", (long long)(time(NULL) - 3600) * 1000LL);
    setenv("CHECKIN_FAKE_NOW_MS", ago, 1);
    snprintf(link, sizeof(link), "%s",
             hubfix_join_link(ev, "desk-old", "--valid-for 60"));
    unsetenv("CHECKIN_FAKE_NOW_MS");
    REQUIRE(link[0]);
    refused_in_root(link, "", "This join link has expired");

    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-f", ""));
    REQUIRE(link[0]);
    char *fp = strstr(link, "sha256=");
    REQUIRE(fp != NULL);
    fp[7] = fp[7] == '0' ? '1' : '0';
    refused_in_root(link, "",
                    "is not the organizer's laptop this link was made "
                    "on");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(it_installs_from_the_bundle_and_runs_the_demo),
        TU_CASE(a_desk_joins_in_the_root_and_its_scan_reaches_the_hub),
        TU_CASE(expired_and_forged_links_leave_nothing_in_the_root),
    };
    int rc = pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    hubfix_join_stop();
    return rc;
}
