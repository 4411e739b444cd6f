/* Hostile import files (issue 50, item 7), each through the real
 * `checkin` command: what a spreadsheet writes (byte order marks), a NUL
 * in a line, a flood of one mistake, JSON that is no export, a pretix
 * position twice, and event descriptions whose errors must name their
 * own line. */
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

static const char REGS[] =
    "ticket_id,order_code,status,ticket_type,given_name,family_name,email,"
    "secret\n"
    "T1,O1,paid,full,Ada,Lovelace,ada@example.org,adaticket0001\n"
    "T2,O2,paid,full,Bob,Babbage,bob@example.org,bobticket0002\n";

/* A fresh event tu_path(name) with Ada and Bob, both invited to the
 * summit by a plain list. */
static const char *event(const char *name)
{
    const char *ini = tu_path(tu_format("%s.ini", name));
    const char *regs = tu_path(tu_format("%s.csv", name));
    if (tu_write_file(ini, INI, strlen(INI)) ||
        tu_write_file(regs, REGS, strlen(REGS)))
        return NULL;
    const char *db = tu_path(name);
    if (tu_event(db, ini, tu_path(tu_format("%s.key", name)), regs))
        return NULL;
    static const char PLAIN[] = "ada@example.org\nbob@example.org\n";
    const char *inv = tu_path(tu_format("%s-plain.csv", name));
    if (tu_write_file(inv, PLAIN, strlen(PLAIN)))
        return NULL;
    tu_checkin_want(0, "import '%s' '%s' --list summit", db, inv);
    return tu_path(name);
}

static const char *file(const char *name, const char *data, size_t len)
{
    const char *path = tu_path(name);
    if (tu_write_file(path, data, len))
        TU_FAIL_AT("could not write %s", path);
    return path;
}

/* A spreadsheet's invitation list opens with a UTF-8 byte order mark;
 * its first address is Ada's, not "\ufeffada@...": nobody is uninvited. */
static void an_invitation_list_with_a_bom_keeps_its_first_person(void)
{
    const char *db = event("bom.db");
    REQUIRE(db);
    static const char LIST[] = "\xef\xbb\xbf"
                               "ada@example.org\nbob@example.org\n";
    const char *out =
        tu_checkin_want(0, "import '%s' '%s' --list summit", db,
                        file("bom-list.csv", LIST, sizeof(LIST) - 1));
    EXPECT_CONTAINS(out, "list summit: 2 invited (0 new, 0 no longer "
                         "invited, 2 as before).");
    EXPECT_NOT_CONTAINS(out, "no registration has");
    /* Two marks (a file saved again) and a header row. */
    static const char TWICE[] = "\xef\xbb\xbf\xef\xbb\xbf"
                                "email\nada@example.org\nbob@example.org\n";
    out = tu_checkin_want(0, "import '%s' '%s' --list summit", db,
                          file("bom-twice.csv", TWICE, sizeof(TWICE) - 1));
    EXPECT_CONTAINS(out, "2 invited (0 new, 0 no longer invited");
}

/* A NUL in a line is said as such, not as a line too long, and counts as
 * a row: the other row is taken. */
static void an_invitation_line_with_a_nul_is_said_so(void)
{
    const char *db = event("nul.db");
    REQUIRE(db);
    static const char LIST[] = "ada@example.org\nbob@exa\0mple.org\n";
    const char *out =
        tu_checkin_want(1, "import '%s' '%s' --list summit", db,
                        file("nul-list.csv", LIST, sizeof(LIST) - 1));
    EXPECT_CONTAINS(out, "nul-list.csv:2: the line holds a NUL byte, which "
                         "no email or ticket id has; save the list as text, "
                         "one email or ticket id a line.");
    EXPECT_NOT_CONTAINS(out, "longer than");
    EXPECT_CONTAINS(out, "list summit: 1 invited (0 new, 1 no longer "
                         "invited, 1 as before); 1 row left out (above).");
}

/* A registrations CSV saved twice with a byte order mark each time
 * imports: its first column is ticket_id, not "\ufeffticket_id". */
static void a_csv_with_two_boms_imports(void)
{
    const char *db = event("bom2.db");
    REQUIRE(db);
    static const char CSV[] =
        "\xef\xbb\xbf\xef\xbb\xbfticket_id,order_code,status,ticket_type,"
        "given_name,family_name,email,secret\n"
        "T3,O3,paid,full,Cy,Dee,cy@example.org,cyticket0003\n";
    const char *out = tu_checkin_want(
        0, "import '%s' '%s'", db, file("bom2-regs.csv", CSV, sizeof(CSV) - 1));
    EXPECT_CONTAINS(out, "1 added, 0 updated");
}

/* 20,000 rows of one mistake say the first few and the count, not one
 * line each (200,000 wrote 20 MB); so does an invitation list of
 * addresses nobody has. */
static void a_flood_of_bad_rows_says_the_first_few_and_the_count(void)
{
    const char *db = event("flood.db");
    REQUIRE(db);
    enum { ROWS = 20000 };
    static const char HEAD[] = "ticket_id,order_code,status,ticket_type,"
                               "given_name,family_name,email,secret\n";
    static const char ROW[] =
        "D1,OD,paid,full,Dup,Licate,d@example.org,dupticket0001\n";
    size_t len = sizeof(HEAD) - 1 + ROWS * (sizeof(ROW) - 1);
    char *csv = malloc(len + 1);
    REQUIRE(csv);
    size_t at = 0;
    memcpy(csv, HEAD, sizeof(HEAD) - 1);
    at += sizeof(HEAD) - 1;
    for (int i = 0; i < ROWS; i++, at += sizeof(ROW) - 1)
        memcpy(csv + at, ROW, sizeof(ROW) - 1);
    const char *path = file("flood.csv", csv, len);
    free(csv);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, path), &out, &err),
               1);
    EXPECT_CONTAINS(err, "flood.csv:3: ticket_id D1 appears twice in this "
                         "file (first on line 2); keep one row per ticket.");
    EXPECT_CONTAINS(err, "flood.csv: 19999 rows rejected in all; only the "
                         "first 20 messages are above.");
    EXPECT_NOT_CONTAINS(err, "flood.csv:23:");
    EXPECT_TRUE(strlen(err) < 4096);

    enum { EMAILS = 5000 };
    char *list = malloc(EMAILS * 32);
    REQUIRE(list);
    at = 0;
    for (int i = 0; i < EMAILS; i++)
        at += (size_t)snprintf(list + at, 32, "nobody%d@example.org\n", i);
    at += (size_t)snprintf(list + at, 32, "ada@example.org\n");
    path = file("flood-list.csv", list, at);
    free(list);
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s' --list summit", db, path),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "flood-list.csv:1: no registration has the email "
                         "'nobody0@example.org'");
    EXPECT_CONTAINS(err, "flood-list.csv: 5000 rows left out in all; only "
                         "the first 20 are above.");
    EXPECT_NOT_CONTAINS(err, "flood-list.csv:21:");
    EXPECT_TRUE(strlen(err) < 4096);
}

/* A JSON array is no CSV: the pretix reader says what it is. */
static void a_json_array_is_not_read_as_csv(void)
{
    const char *db = event("array.db");
    REQUIRE(db);
    const char *out =
        tu_checkin_want(1, "import '%s' '%s'", db, file("array.json", "[]", 2));
    EXPECT_CONTAINS(out, "array.json is JSON but not a pretix order export");
    EXPECT_NOT_CONTAINS(out, "header");
    out = tu_checkin_want(1, "import '%s' '%s'", db,
                          file("array2.json", "\n [{\"a\": 1}]\n", 13));
    EXPECT_CONTAINS(out, "array2.json is JSON but not a pretix order export");
    EXPECT_NOT_CONTAINS(out, "quoting");
}

/* A pretix position id twice is named by its order and position, never
 * "first on line 0". */
static void a_pretix_position_twice_names_no_line_0(void)
{
    const char *db = event("twice.db");
    REQUIRE(db);
    static const char EXPORT[] =
        "{\"event\": {\"name\": \"Hostile 2024\", \"slug\": \"hostile-2024\", "
        "\"items\": [{\"id\": 101, \"name\": \"Full\", \"admission\": true, "
        "\"variations\": []}], \"questions\": [], \"orders\": [{\"code\": "
        "\"AAA01\", \"status\": \"p\", \"testmode\": false, \"email\": "
        "\"a@example.org\", \"datetime\": \"2024-03-01T08:15:02.517Z\", "
        "\"positions\": [{\"id\": 9001, \"positionid\": 1, \"item\": 101, "
        "\"variation\": null, \"attendee_name\": \"Ann One\", \"secret\": "
        "\"annsecret9001\", \"addon_to\": null, \"answers\": []}]}, "
        "{\"code\": \"BBB02\", \"status\": \"p\", \"testmode\": false, "
        "\"email\": \"b@example.org\", \"datetime\": "
        "\"2024-03-02T08:15:02.517Z\", \"positions\": [{\"id\": 9001, "
        "\"positionid\": 1, \"item\": 101, \"variation\": null, "
        "\"attendee_name\": \"Ben Two\", \"secret\": \"bensecret9001\", "
        "\"addon_to\": null, \"answers\": []}]}]}}";
    const char *out =
        tu_checkin_want(1, "import '%s' '%s'", db,
                        file("twice.json", EXPORT, sizeof(EXPORT) - 1));
    EXPECT_CONTAINS(out, "twice.json: order BBB02, position 1 (ticket 9001): "
                         "position id 9001 appears twice in this export; "
                         "export the order data from pretix again.");
    EXPECT_NOT_CONTAINS(out, "line 0");
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

TU_MAIN(TU_CASE(an_invitation_list_with_a_bom_keeps_its_first_person),
        TU_CASE(an_invitation_line_with_a_nul_is_said_so),
        TU_CASE(a_csv_with_two_boms_imports),
        TU_CASE(a_flood_of_bad_rows_says_the_first_few_and_the_count),
        TU_CASE(a_json_array_is_not_read_as_csv),
        TU_CASE(a_pretix_position_twice_names_no_line_0),
        TU_CASE(ini_errors_name_their_own_line))
