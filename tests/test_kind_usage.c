/* The kinds of station the usage texts and sentences name are the table
 * of kinds' rows (station_kind_at), each once: `checkin scan --help`'s
 * --station line, a station profile's refusal, `checkin hub --help`'s
 * add-station --station line and add-station's refusal without one
 * (only the kinds the hub enrolls).  A row added to the table shows in
 * every one of them, or these fail (issue 51). */
#include <stdio.h>
#include <string.h>

#include "checkin/station.h"
#include "testutil.h"

/* The table's kinds as the command line writes them, "door:TUTORIAL",
 * the hub's only when `hub`. */
static size_t table_kinds(bool hub, char names[][64], size_t cap)
{
    struct station_kind_name k;
    size_t n = 0;
    for (size_t i = 0; station_kind_at(i, &k); i++)
        if ((!hub || k.hub) && n < cap)
            snprintf(names[n++], 64, "%s%s%s", k.name, k.target ? ":" : "",
                     k.target ? k.target : "");
    return n;
}

/* The list that follows `after` in `text` up to the end of its line
 * (less a full stop, and whatever follows `until` when given), joined
 * by `sep` and before the last by `last`, is exactly the table's kinds
 * in its order. */
static void lists_the_table(const char *what, const char *text,
                            const char *after, const char *until,
                            const char *sep, const char *last, bool hub)
{
    const char *p = strstr(text, after);
    if (!p) {
        TU_FAIL_AT("%s: no \"%s\" in:\n%s", what, after, text);
        return;
    }
    p += strlen(after);
    char line[512];
    snprintf(line, sizeof(line), "%.*s", (int)strcspn(p, "\n"), p);
    if (until && strstr(line, until))
        *strstr(line, until) = '\0';
    size_t len = strlen(line);
    if (len && line[len - 1] == '.')
        line[len - 1] = '\0';
    char want[16][64];
    size_t n = table_kinds(hub, want, 16);
    REQUIRE(n > 0);
    char expect[512] = "";
    for (size_t i = 0; i < n; i++)
        snprintf(expect + strlen(expect), sizeof(expect) - strlen(expect),
                 "%s%s",
                 i == 0       ? ""
                 : i + 1 == n ? last
                              : sep,
                 want[i]);
    if (strcmp(line, expect))
        TU_FAIL_AT("%s lists the kinds\n  %s\nnot, as the table has them,\n  "
                   "%s",
                   what, line, expect);
}

static void scan_help_lists_every_kind(void)
{
    const char *out, *err;
    REQUIRE(tu_checkin("scan --help", &out, &err) == 0);
    lists_the_table("checkin scan --help", out, "\n  --station STATION   ",
                    NULL, ", ", " or ", false);
}

static void a_profiles_refusal_lists_every_kind(void)
{
    const char *bad = tu_path("bad.ini"), *none = tu_path("none.ini");
    REQUIRE(tu_write_file(bad, "[station]\nstation = nonsense\n", 30) == 0);
    REQUIRE(tu_write_file(none, "[station]\nname = desk-9\n", 25) == 0);
    const char *said =
        tu_checkin_want(1, "scan '%s' --profile '%s'", tu_path("no.db"), bad);
    lists_the_table("a profile's unknown station", said,
                    "station = nonsense: use ", NULL, ", ", " or ", false);
    said =
        tu_checkin_want(1, "scan '%s' --profile '%s'", tu_path("no.db"), none);
    lists_the_table("a profile without a station", said, "KIND one of ", NULL,
                    ", ", " or ", false);
}

static void hub_help_lists_the_kinds_the_hub_enrolls(void)
{
    const char *out, *err;
    REQUIRE(tu_checkin("hub --help", &out, &err) == 0);
    lists_the_table("checkin hub --help", out, "\n  -s, --station KIND  ", NULL,
                    ", ", " or ", true);
    const char *said =
        tu_checkin_want(2, "hub add-station '%s' desk-1", tu_path("no.db"));
    lists_the_table("add-station without --station", said,
                    "add-station needs --station ", ". Try", "|", "|", true);
}

TU_MAIN(TU_CASE(scan_help_lists_every_kind),
        TU_CASE(a_profiles_refusal_lists_every_kind),
        TU_CASE(hub_help_lists_the_kinds_the_hub_enrolls))
