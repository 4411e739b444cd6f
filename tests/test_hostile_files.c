/* Hostile import files (issue 50, item 7), each through the real
 * `checkin` command: event descriptions whose errors must name their own
 * line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char INI[] = "[event]\n"
                          "slug = hostile-2024\n"
                          "name = Hostile 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "pretix-items = 101\n"
                          "\n"
                          "[list summit]\n"
                          "title = Maintainers' summit\n"
                          "invited = yes\n"
                          "once = every-scan\n";

static const char *file(const char *name, const char *data, size_t len)
{
    const char *path = tu_path(name);
    if (tu_write_file(path, data, len))
        TU_FAIL_AT("could not write %s", path);
    return path;
}

/* An event description's error names the line it is on: an unknown time
 * zone its own line, not the [event] header's; a line longer than the
 * reader's buffer its own, not the next. */
static void ini_errors_name_their_own_line(void)
{
    char ini[sizeof(INI) + 64];
    snprintf(ini, sizeof(ini), "%s", INI);
    char *tz = strstr(ini, "America/New_York");
    REQUIRE(tz);
    memcpy(tz, "America/Nowhere\n", 16);
    memmove(tz + 16, tz + 17, strlen(tz + 17) + 1);
    const char *out =
        tu_checkin_want(1, "init '%s' '%s' --key '%s'", tu_path("tz.db"),
                        file("tz.ini", ini, strlen(ini)), tu_path("tz.key"));
    EXPECT_CONTAINS(out, "tz.ini:6: unknown time zone 'America/Nowhere'");

    char name[700];
    memset(name, 'H', sizeof(name) - 1);
    name[sizeof(name) - 1] = '\0';
    const char *longer =
        tu_format("[event]\nslug = hostile-2024\nname = %s\nstart = "
                  "2024-05-15\nend = 2024-05-17\ntimezone = America/New_York\n",
                  name);
    out = tu_checkin_want(1, "init '%s' '%s' --key '%s'", tu_path("long.db"),
                          file("long.ini", longer, strlen(longer)),
                          tu_path("long.key"));
    EXPECT_CONTAINS(out, "long.ini:3: the line is longer than ");
    EXPECT_NOT_CONTAINS(out, "long.ini:4:");
}

TU_MAIN(TU_CASE(ini_errors_name_their_own_line))
