/* The systemd units in config/systemd (issue 52): each passes
 * `systemd-analyze verify`, its ExecStart pointed at the built checkin
 * (and the kiosk's at this machine's Chromium), and the station's and the
 * dashboard's hardening stays where docs/deploy.md says (`systemd-analyze
 * security --offline`, exposure at most 2.0).  A case skips, saying why,
 * where systemd-analyze (or Chromium, for the kiosk) is missing. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static bool have_analyze(void)
{
    if (tu_sh("command -v systemd-analyze >/dev/null 2>&1") == 0)
        return true;
    tu_skip("systemd-analyze is not installed (Debian's systemd package)");
    return false;
}

/* config/systemd/FILE copied into the test's folder as AS, its
 * /usr/bin/checkin the built one: that copy's path (static). */
static const char *unit_copy(const char *file, const char *as)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s", tu_path(as));
    EXPECT_INT(tu_sh("sed 's#/usr/bin/checkin#%s#' '%s/systemd/%s' >'%s'",
                     CHECKIN_BIN, CONFIG_DIR, file, path),
               0);
    return path;
}

/* `systemd-analyze verify` of the unit at `path` says nothing and exits
 * 0; `user`: as a user unit. */
static void verified(const char *path, bool user)
{
    const char *out = tu_path("verify.out");
    mkdir(tu_path("xdg"), 0700);
    int st = tu_sh("cd '%s' && XDG_RUNTIME_DIR='%s' systemd-analyze verify "
                   "%s './%s' >'%s' 2>&1",
                   tu_path(""), tu_path("xdg"), user ? "--user" : "",
                   strrchr(path, '/') + 1, out);
    char *said = tu_read_file(out, NULL);
    EXPECT_INT(st, 0);
    EXPECT_STR(said ? said : "", "");
    free(said);
}

/* The overall exposure `systemd-analyze security --offline` gives the
 * unit at `path`, times ten; -1 when it says none. */
static int exposure(const char *path)
{
    const char *out = tu_path("security.out");
    tu_sh("cd '%s' && systemd-analyze security --offline=yes './%s' >'%s' "
          "2>&1",
          tu_path(""), strrchr(path, '/') + 1, out);
    char *said = tu_read_file(out, NULL);
    const char *at = said ? strstr(said, "Overall exposure level for ") : NULL;
    at = at ? strstr(at, ": ") : NULL;
    int whole = -1, tenth = 0;
    if (!at || sscanf(at + 2, "%d.%d", &whole, &tenth) != 2)
        whole = -1;
    printf("# %s: exposure %d.%d\n", strrchr(path, '/') + 1, whole, tenth);
    free(said);
    return whole < 0 ? -1 : whole * 10 + tenth;
}

static void the_station_unit_verifies_and_stays_hardened(void)
{
    if (!have_analyze())
        return;
    const char *u =
        unit_copy("checkin-station@.service", "checkin-station@desk-1.service");
    verified(u, false);
    int e = exposure(u);
    EXPECT_TRUE(e >= 0 && e <= 20);
}

static void the_dashboard_unit_verifies_and_stays_hardened(void)
{
    if (!have_analyze())
        return;
    const char *u =
        unit_copy("checkin-dashboard.service", "checkin-dashboard.service");
    verified(u, false);
    int e = exposure(u);
    EXPECT_TRUE(e >= 0 && e <= 20);
}

static void the_kiosk_user_unit_verifies(void)
{
    if (!have_analyze())
        return;
    if (access("/usr/bin/chromium", X_OK))
        TU_SKIP("/usr/bin/chromium is not installed (Debian's chromium)");
    verified(unit_copy("user/checkin-kiosk@.service",
                       "checkin-kiosk@kiosk-1.service"),
             true);
}

TU_MAIN(TU_CASE(the_station_unit_verifies_and_stays_hardened),
        TU_CASE(the_dashboard_unit_verifies_and_stays_hardened),
        TU_CASE(the_kiosk_user_unit_verifies))
