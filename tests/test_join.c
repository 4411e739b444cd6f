/* Joining the event without carrying files (issue 52): the organizer's
 * `checkin hub serve-joins` and `hub add-station --join`, and `checkin
 * join LINK` in a folder of its own (another machine), over HTTPS on
 * loopback at a real hub (tests/hubfix.h).  The joined desk scans and its
 * row reaches the hub, also when stopped by SIGTERM at once; a used, an
 * expired, an altered link and a wrong certificate each get one sentence
 * and leave nothing in the joining folder. */
#include <dirent.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hubfix.h"
#include "live.h"
#include "pgserver.h"
#include "testutil.h"
#include "zbarread.h"

/* A fresh empty folder: a machine that joins. */
static const char *machine(const char *name)
{
    const char *dir = tu_path(name);
    mkdir(dir, 0700);
    return dir;
}

/* How many entries folder `dir` holds. */
static int entries(const char *dir)
{
    int n = 0;
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)))
        n += strcmp(e->d_name, ".") && strcmp(e->d_name, "..");
    if (d)
        closedir(d);
    return n;
}

/* `checkin join LINK --dir DIR` that fails with exit 1 and `sentence`,
 * leaving DIR empty. */
static void join_refused(const char *link, const char *dir,
                         const char *sentence)
{
    const char *said = tu_checkin_want(1, "join '%s' --dir '%s'", link, dir);
    EXPECT_CONTAINS(said, sentence);
    int lines = 0;
    for (const char *p = said; *p; p++)
        lines += *p == '\n';
    EXPECT_INT(lines, 1);
    EXPECT_INT(entries(dir), 0);
}

/* The file a joined machine holds, 0600. */
static void expect_private(const char *path)
{
    struct stat sb;
    REQUIRE(stat(path, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
}

/* A desk enrolled with --join: its QR code reads back as the link; the
 * organizer's folder of joins holds no station file, only the sealed box;
 * `checkin join` in another folder makes the desk, which scans, and its
 * row reaches the hub though the desk is stopped by SIGTERM at once after.
 * The link's second use is refused with one sentence, leaving nothing. */
static void a_desk_joins_by_its_link_and_its_scan_reaches_the_hub(void)
{
    const char *hub;
    const char *ev = hubfix_join_event("join", &hub);
    REQUIRE(ev != NULL);
    char link[600];
    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-j", ""));
    REQUIRE(link[0]);
    EXPECT_CONTAINS(link, "https://127.0.0.1:");

    char png[600];
    snprintf(png, sizeof(png), "%s", tu_path("desk-j-join.png"));
    expect_private(png);
    char *read = zbar_read_png(png);
    EXPECT_STR(read, link);
    free(read);
    /* Sealed: no station file, in the clear, on the organizer's side. */
    char joins[600];
    snprintf(joins, sizeof(joins), "%s.joins", ev);
    EXPECT_INT(tu_sh("ls '%s' | grep -q '\\.db'", joins) != 0, 1);
    EXPECT_INT(tu_sh("ls '%s' | grep -q '\\.box$'", joins), 0);

    const char *dir = machine("machine-a");
    int64_t t0 = tu_mono_ms();
    const char *said = tu_checkin_want(0, "join '%s' --dir '%s'", link, dir);
    EXPECT_CONTAINS(said, "Joined the event as desk-j (desk)");
    char db[600];
    snprintf(db, sizeof(db), "%s/desk-j.db", dir);
    expect_private(db);
    if (access(tu_format("%s", tu_path("join.key")), F_OK) == 0)
        expect_private(tu_format("%s/desk-j.key", dir));

    long long before = pgserver_int(hub, "SELECT count(*) FROM checkin.scan");
    struct live st;
    REQUIRE(live_start(&st, "", db, "--station desk") == 0);
    json_t *d = live_scan(&st, hubfix_pandas(ev, 0));
    int64_t took = tu_mono_ms() - t0;
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "checked-in");
    json_decref(d);
    printf("# checkin join to the first scan's decision: %lld ms\n",
           (long long)took);
    /* SIGTERM, as systemd stops the service: the station ends cleanly,
     * its row pushed. */
    REQUIRE(kill(st.pid, SIGTERM) == 0);
    int status = 0;
    REQUIRE(waitpid(st.pid, &status, 0) == st.pid);
    EXPECT_TRUE(WIFEXITED(status));
    EXPECT_INT(WEXITSTATUS(status), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"),
               before + 1);

    join_refused(link, machine("machine-b"),
                 "This join link was used "
                 "already");
}

/* A link past its --valid-for (made with the clock the commands read,
 * CHECKIN_FAKE_NOW_MS, an hour ago, valid 60 s): one sentence, nothing. */
static void an_expired_link_says_so_and_leaves_nothing(void)
{
    const char *ev = hubfix_join_event("join", NULL);
    REQUIRE(ev != NULL);
    char ago[32], link[600];
    snprintf(ago, sizeof(ago), "%lld", (long long)(time(NULL) - 3600) * 1000LL);
    setenv("CHECKIN_FAKE_NOW_MS", ago, 1);
    snprintf(link, sizeof(link), "%s",
             hubfix_join_link(ev, "desk-old", "--valid-for 60"));
    unsetenv("CHECKIN_FAKE_NOW_MS");
    REQUIRE(link[0]);
    join_refused(link, machine("machine-c"), "This join link has expired");
}

/* The link's text changed: another certificate's SHA-256 fetches nothing,
 * another id is no link the laptop made, a text that is no link says so,
 * a folder that cannot be written is refused before the link is used, and
 * another key (the box still there after all of these) opens nothing. */
static void a_wrong_fingerprint_or_altered_link_fetches_nothing(void)
{
    const char *ev = hubfix_join_event("join", NULL);
    REQUIRE(ev != NULL);
    char link[600], bad[600];
    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-k", ""));
    REQUIRE(link[0]);
    const char *dir = machine("machine-d");

    snprintf(bad, sizeof(bad), "%s", link);
    char *fp = strstr(bad, "sha256=");
    REQUIRE(fp != NULL);
    fp[7] = fp[7] == '0' ? '1' : '0';
    join_refused(bad, dir,
                 "is not the organizer's laptop this link was made "
                 "on");

    snprintf(bad, sizeof(bad), "%s", link);
    char *id = strstr(bad, "/join/");
    REQUIRE(id != NULL);
    id[6] = id[6] == '0' ? '1' : '0';
    join_refused(bad, dir, "made no such join link");

    join_refused("https://127.0.0.1/desk-k", dir,
                 "This is not a whole join link");

    /* A folder it cannot write: refused before the link is used. */
    const char *none = tu_path("no-such-machine");
    const char *said = tu_checkin_want(1, "join '%s' --dir '%s'", link, none);
    EXPECT_CONTAINS(said, "the link was not used");
    EXPECT_TRUE(access(none, F_OK) != 0);

    /* The link was not used by any of these: its box is still served, and
     * opened with another key, gives nothing. */

    snprintf(bad, sizeof(bad), "%s", link);
    char *key = strstr(bad, "key=");
    REQUIRE(key != NULL);
    key[4] = key[4] == 'A' ? 'B' : 'A';
    join_refused(bad, dir, "This join link was altered");
}

/* `checkin join --image` reads the link from the QR code add-station
 * wrote (the product's decoder, as --camera does frame by frame) and
 * joins; an image with no such code and a camera that is not there each
 * get one sentence, and nothing is written. */
static void a_desk_joins_by_its_qr_code(void)
{
    const char *ev = hubfix_join_event("join", NULL);
    REQUIRE(ev != NULL);
    char link[600], png[600];
    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-q", ""));
    REQUIRE(link[0]);
    snprintf(png, sizeof(png), "%s", tu_path("desk-q-join.png"));
    const char *dir = machine("machine-q");
    /* A blank page: no code at all. */
    char blank[64 * 64 + 16];
    int head = snprintf(blank, sizeof(blank), "P5\n64 64\n255\n");
    memset(blank + head, 255, 64 * 64);
    const char *pgm = tu_path("blank.pgm");
    REQUIRE(tu_write_file(pgm, blank, (size_t)head + 64 * 64) == 0);
    const char *said =
        tu_checkin_want(1, "join --image '%s' --dir '%s'", pgm, dir);
    EXPECT_CONTAINS(said, "holds no join link's QR code");
    EXPECT_INT(entries(dir), 0);
    said =
        tu_checkin_want(1, "join --camera /dev/no-such-camera --dir '%s'", dir);
    EXPECT_CONTAINS(said, "Cannot start the camera /dev/no-such-camera");
    EXPECT_INT(entries(dir), 0);
    said = tu_checkin_want(0, "join --image '%s' --dir '%s'", png, dir);
    EXPECT_CONTAINS(said, "Joined the event as desk-q (desk)");
    expect_private(tu_format("%s/desk-q.db", dir));
}

/* Run as root with no --dir, `checkin join` makes the machine a service's:
 * the station file in /var/lib/checkin (0600) and /etc/checkin/NAME.conf
 * naming it for checkin-station@NAME.service.  Run as root of a user and
 * mount namespace of its own (unshare -rm: no real root needed) with both
 * folders overlaid, so that this machine's /etc and /var/lib stay as they
 * were: what it wrote is in the overlays' upper folders. */
static void joined_as_root_it_writes_the_services_settings(void)
{
    const char *ev = hubfix_join_event("join", NULL);
    REQUIRE(ev != NULL);
    char link[600], base[512];
    snprintf(link, sizeof(link), "%s", hubfix_join_link(ev, "desk-r", ""));
    REQUIRE(link[0]);
    snprintf(base, sizeof(base), "%s", tu_path("root"));
    REQUIRE(tu_sh("mkdir -p '%s/etc/u' '%s/etc/w' '%s/var/u' '%s/var/w'", base,
                  base, base, base) == 0);
    if (tu_sh("unshare -rm sh -c 'mount -t overlay overlay -o lowerdir=/etc,"
              "upperdir=%s/etc/u,workdir=%s/etc/w /etc' 2>/dev/null",
              base, base) != 0)
        TU_SKIP("no user and mount namespace with an overlay here "
                "(unshare -rm, overlayfs) to be root in and keep /etc as it "
                "is");
    int st = tu_sh(
        TU_NO_LEAK_SCAN
        "unshare -rm sh -c 'mount -t overlay overlay -o lowerdir=/etc,"
        "upperdir=%s/etc/u,workdir=%s/etc/w /etc && mount -t overlay overlay "
        "-o lowerdir=/var/lib,upperdir=%s/var/u,workdir=%s/var/w /var/lib && "
        "exec %s join \"$0\"' '%s' >'%s/said' 2>&1",
        base, base, base, base, CHECKIN_BIN, link, base);
    char *said = tu_read_file(tu_format("%s/said", base), NULL);
    EXPECT_INT(st, 0);
    EXPECT_CONTAINS(said ? said : "", "Joined the event as desk-r (desk)");
    EXPECT_CONTAINS(said ? said : "",
                    "'systemctl enable --now checkin-station@desk-r'");
    free(said);
    expect_private(tu_format("%s/var/u/checkin/desk-r.db", base));
    char *conf =
        tu_read_file(tu_format("%s/etc/u/checkin/desk-r.conf", base), NULL);
    EXPECT_CONTAINS(conf ? conf : "",
                    "\nCHECKIN_FILE=/var/lib/checkin/desk-r.db\n"
                    "CHECKIN_STATION=desk\n");
    free(conf);
}

/* Without a join server running, --join enrolls nothing. */
static void add_station_join_needs_the_join_server(void)
{
    const char *hub;
    const char *ev = hubfix_event("joinless", NULL, &hub);
    long long n = pgserver_int(hub, "SELECT count(*) FROM checkin.station");
    const char *said = tu_checkin_want(
        1, "hub add-station '%s' desk-z --station desk --join", ev);
    EXPECT_CONTAINS(said, "No join server runs for");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"), n);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_desk_joins_by_its_link_and_its_scan_reaches_the_hub),
        TU_CASE(an_expired_link_says_so_and_leaves_nothing),
        TU_CASE(a_wrong_fingerprint_or_altered_link_fetches_nothing),
        TU_CASE(a_desk_joins_by_its_qr_code),
        TU_CASE(joined_as_root_it_writes_the_services_settings),
        TU_CASE(add_station_join_needs_the_join_server),
    };
    int rc = pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    hubfix_join_stop();
    return rc;
}
