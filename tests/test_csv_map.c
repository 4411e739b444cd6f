/* Any registration system's CSV by a column map (issue 49, item 7),
 * through the real `checkin` command: the event description's [csv]
 * section names the file's header for each of checkin's columns and the
 * system's words for statuses and ticket types, so a vendor's export
 * imports as it is, with no code per vendor.  The vendor file here is
 * made up in the style of such exports (a column per field with the
 * system's own names, statuses as words like "Complete" and "Void"). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "testutil.h"

static const char INI[] = "[event]\n"
                          "slug = mapped-2024\n"
                          "name = Mapped 2024\n"
                          "start = 2024-05-15\n"
                          "end = 2024-05-17\n"
                          "timezone = America/New_York\n"
                          "\n"
                          "[ticket-type full]\n"
                          "label = Full conference\n"
                          "colour = #1565C0\n"
                          "\n"
                          "[ticket-type student]\n"
                          "label = Student\n"
                          "colour = #2E7D32\n"
                          "\n"
                          "[csv]\n"
                          "ticket_id = Ticket Reference\n"
                          "secret = Ticket Reference\n"
                          "order_code = Order Reference\n"
                          "given_name = Ticket First Name\n"
                          "family_name = Ticket Last Name\n"
                          "email = Ticket Email\n"
                          "ticket_type = Ticket\n"
                          "status = Order Status\n"
                          "status paid = Complete, Paid\n"
                          "status cancelled = Void, Refunded\n"
                          "ticket_type full = Early Bird, Conference Ticket\n"
                          "ticket_type student = Student Ticket\n";

static const char VENDOR[] =
    "Number,Ticket,Ticket First Name,Ticket Last Name,Ticket Email,Ticket "
    "Company Name,Ticket Reference,Order Reference,Order Status\n"
    "1,Early Bird,Ada,Lovelace,ada@example.org,Analytical,ABCD-1,ORD-1,"
    "Complete\n"
    "2,Student Ticket,Bob,Babbage,bob@example.org,,ABCD-2,ORD-2,complete\n"
    "3,Conference Ticket,Cy,Dee,cy@example.org,,ABCD-3,ORD-3,Void\n";

static const char *file(const char *name, const char *data)
{
    const char *path = tu_path(name);
    if (tu_write_file(path, data, strlen(data)))
        TU_FAIL_AT("could not write %s", path);
    return path;
}

/* A fresh event tu_path(name) from `ini`, nothing imported. */
static const char *event(const char *name, const char *ini)
{
    const char *db = tu_path(name);
    tu_checkin_want(0, "init '%s' '%s' --key '%s'", db,
                    file(tu_format("%s.ini", name), ini),
                    tu_path(tu_format("%s.key", name)));
    return tu_path(name);
}

static const char *row(const char *db, const char *ticket)
{
    return tu_sql_text(
        db, tu_format("SELECT order_code || ' ' || status || ' ' || "
                      "given_name || ' ' || family_name || ' ' || email || "
                      "' ' || (SELECT slug FROM ticket_type t WHERE t.id = "
                      "a.ticket_type_id) FROM attendee a WHERE ticket_id = "
                      "'%s'",
                      ticket));
}

/* The vendor's export imports in one command: columns found by their
 * mapped headers, "Complete" (any case) paid, "Void" cancelled, ticket
 * names to ticket types; the code admits at the desk. */
static void a_vendor_csv_imports_by_the_events_map(void)
{
    const char *db = event("vendor.db", INI);
    const char *out =
        tu_checkin_want(0, "import '%s' '%s'", db, file("vendor.csv", VENDOR));
    EXPECT_CONTAINS(out, "3 added, 0 updated, 0 cancelled, 0 unchanged, 0 "
                         "rejected");
    EXPECT_STR(row(db, "ABCD-1"),
               "ORD-1 paid Ada Lovelace ada@example.org full");
    EXPECT_STR(row(db, "ABCD-2"),
               "ORD-2 paid Bob Babbage bob@example.org student");
    EXPECT_STR(row(db, "ABCD-3"), "ORD-3 cancelled Cy Dee cy@example.org full");
    const char *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --keyboard "
                                       "--json --clock '2024-05-15 09:00'",
                                       db),
                             "ABCD-1\n", &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"decision\":\"admit\"");
    /* The same export again changes nothing. */
    out = tu_checkin_want(0, "import '%s' '%s'", db, tu_path("vendor.csv"));
    EXPECT_CONTAINS(out, "0 added, 0 updated, 0 cancelled, 3 unchanged");
}

/* A header the map names and the file lacks is one sentence naming both,
 * and nothing is stored. */
static void a_mapped_header_the_file_lacks_is_one_sentence(void)
{
    const char *db = event("lacks.db", INI);
    char csv[sizeof(VENDOR)];
    snprintf(csv, sizeof(csv), "%s", VENDOR);
    char *at = strstr(csv, "Ticket Email");
    REQUIRE(at);
    memcpy(at, "Ticket Mail!", 12);
    const char *out =
        tu_checkin_want(1, "import '%s' '%s'", db, file("lacks.csv", csv));
    EXPECT_CONTAINS(out, "lacks.csv:1: the header has no column 'Ticket "
                         "Email', which the event's [csv] section gives for "
                         "email; fix that line of the event description "
                         "(then 'checkin event') or import the file that "
                         "system exported.");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM attendee"), 0);
}

/* `checkin event` changes the map, one line per key; a key that is none
 * of checkin's columns, statuses or ticket types is refused at its line,
 * as is a ticket type the description lacks. */
static void the_map_is_changed_by_checkin_event_and_checked(void)
{
    const char *db = event("change.db", INI);
    char ini[sizeof(INI) + 64];
    snprintf(ini, sizeof(ini), "%s", INI);
    char *at = strstr(ini, "Complete, Paid");
    REQUIRE(at);
    memcpy(at, "Complete, Done", 14);
    const char *out =
        tu_checkin_want(0, "event '%s' '%s'", db, file("change2.ini", ini));
    EXPECT_CONTAINS(out, "csv status.paid: Complete, Paid -> Complete, Done");
    out = tu_checkin_want(
        1, "event '%s' '%s'", db,
        file("change3.ini", tu_format("%sticket = Ticket\n", INI)));
    EXPECT_CONTAINS(out, "change3.ini:29: [csv] key 'ticket' is none of "
                         "checkin's columns");
    out = tu_checkin_want(
        1, "event '%s' '%s'", db,
        file("change4.ini", tu_format("%sticket_type pupil = Pupil\n", INI)));
    EXPECT_CONTAINS(out, "change4.ini:29: [csv] maps ticket type 'pupil', "
                         "which has no [ticket-type pupil] section");
}

TU_MAIN(TU_CASE(a_vendor_csv_imports_by_the_events_map),
        TU_CASE(a_mapped_header_the_file_lacks_is_one_sentence),
        TU_CASE(the_map_is_changed_by_checkin_event_and_checked))
