/* Setup QR codes made when a door or a sponsor's leads station is
 * enrolled (`checkin hub add-station ... --phones-url URL --qr DIR`,
 * issue 31): the phone's /scan link with the token the new station file
 * keeps, read back by zbar and compared with the link that file's
 * station prints when it serves (`checkin scan --web`), so the printed
 * code opens exactly that station.  A real hub (tests/hubfix.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hubfix.h"
#include "pgserver.h"
#include "testutil.h"
#include "zbarread.h"

/* The token in the /scan link the station `file` (of `role`) prints when
 * it serves phones, into `token`; false (a failure recorded) without
 * one. */
static bool served_token(const char *file, const char *role, char *token,
                         size_t cap)
{
    const char *said = tu_checkin_want(
        0,
        "scan '%s' --station %s --json --offline --keyboard --web "
        "127.0.0.1:0",
        file, role);
    const char *at = strstr(said, "/scan/?token=");
    if (!at) {
        TU_FAIL_AT("the station printed no /scan link: %s", said);
        return false;
    }
    at += strlen("/scan/?token=");
    snprintf(token, cap, "%.*s", (int)strcspn(at, " \n"), at);
    return true;
}

/* The QR code in DIR/NAME.png and DIR/links.txt, both 0600, hold the
 * link URL/scan/?token=T where T is the token the file serves with. */
static void check_qr(const char *dir, const char *name, const char *role,
                     const char *file)
{
    char png[1024], links[1024], want[512], line[700], token[80];
    snprintf(png, sizeof(png), "%s/%s.png", dir, name);
    snprintf(links, sizeof(links), "%s/links.txt", dir);
    struct stat sb;
    REQUIRE(stat(png, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    REQUIRE(stat(links, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    REQUIRE(served_token(file, role, token, sizeof(token)));
    EXPECT_INT((int)strlen(token), 32);
    snprintf(want, sizeof(want),
             "https://door.checkin.test:8443/scan/?token=%s", token);
    char *read = zbar_read_png(png);
    EXPECT_STR(read, want);
    free(read);
    snprintf(line, sizeof(line), "%s\t%s\t%s\n", name, role, want);
    char *list = tu_read_file(links, NULL);
    EXPECT_STR(list, line);
    free(list);
}

/* A door enrolled with --phones-url and --qr: its setup QR code reads
 * back as exactly the link its station serves, restarts included; a
 * sponsor's leads station the same; a desk's --phones-url is refused
 * with the sentence, before anything is enrolled. */
static void add_station_writes_a_doors_and_a_sponsors_setup_qr(void)
{
    const char *hub;
    char ev[512], door[512], leads[512], desk[512], dir[512], ldir[512];
    snprintf(ev, sizeof(ev), "%s", hubfix_event("doorqr", NULL, &hub));
    snprintf(door, sizeof(door), "%s", tu_path("door-1.db"));
    snprintf(leads, sizeof(leads), "%s", tu_path("leads-1.db"));
    snprintf(desk, sizeof(desk), "%s", tu_path("desk-1.db"));
    snprintf(dir, sizeof(dir), "%s", tu_path("door-qr"));
    snprintf(ldir, sizeof(ldir), "%s", tu_path("leads-qr"));

    const char *said = tu_checkin_want(
        0,
        "hub add-station '%s' door-1 --station door:pandas-intro --out '%s' "
        "--phones-url https://door.checkin.test:8443/ --qr '%s'",
        ev, door, dir);
    EXPECT_CONTAINS(said, "Enrolled door-1");
    EXPECT_CONTAINS(said, "The phones' QR code of door-1 in ");
    check_qr(dir, "door-1", "door:pandas-intro", door);

    said = tu_checkin_want(
        0,
        "hub add-station '%s' leads-1 --station leads:datawise --out '%s' "
        "--phones-url https://door.checkin.test:8443 --qr '%s'",
        ev, leads, ldir);
    EXPECT_CONTAINS(said, "print it for the sponsor's phone.");
    check_qr(ldir, "leads-1", "leads:datawise", leads);

    said = tu_checkin_want(2,
                           "hub add-station '%s' desk-1 --station desk --out "
                           "'%s' --phones-url https://door.checkin.test:8443",
                           ev, desk);
    EXPECT_CONTAINS(said, "give it with --station expo, door:TUTORIAL or "
                          "leads:SPONSOR");
    EXPECT_TRUE(access(desk, F_OK) != 0);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(add_station_writes_a_doors_and_a_sponsors_setup_qr),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
