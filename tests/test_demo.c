/* `checkin demo` end to end: the command is run as a user runs it, and
 * what it did is read back from the files it leaves, not from what it
 * prints: the journal in the event database (sqlite3, not our code), the
 * sponsor's station file, the CSV exports and the print log.  The demo's
 * synthetic camera goes through the decoder, so these also say that every
 * presentation was read exactly once. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "testutil.h"

static const char *demo_out, *demo_err;
static int demo_status = -1;

/* Run the demo once into a fresh folder; later tests read its files.
 * Under umask 000, as its second run (second_run_over_...), so that the
 * modes its files are made with are its own (demos_files_are_0600...). */
static const char *demo_dir(void)
{
    static int ran;
    const char *dir = tu_path("demo");
    if (!ran) {
        mode_t old = umask(0);
        demo_status =
            tu_checkin(tu_format("demo --out '%s'", dir), &demo_out, &demo_err);
        umask(old);
        demo_out = strdup(demo_out);
        demo_err = strdup(demo_err);
        ran = 1;
    }
    return dir;
}

static sqlite3 *open_db(const char *path)
{
    sqlite3 *db = NULL;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        TU_FAIL_AT("cannot open %s: %s", path, sqlite3_errmsg(db));
        sqlite3_close(db);
        return NULL;
    }
    return db;
}

/* The first column of the first row of `sql`, as text ("" if none). */
static char *query(sqlite3 *db, const char *sql)
{
    static char buf[4096];
    buf[0] = '\0';
    sqlite3_stmt *st;
    if (!db || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
        TU_FAIL_AT("query failed: %s: %s", sql,
                   db ? sqlite3_errmsg(db) : "no database");
        return buf;
    }
    if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
        snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    return buf;
}

static long count(sqlite3 *db, const char *sql)
{
    return strtol(query(db, sql), NULL, 10);
}

static long lines_of(const char *text)
{
    long n = 0;
    for (const char *p = text; p && *p; p++)
        n += *p == '\n';
    return n;
}

static void demo_finishes_clean_and_short(void)
{
    demo_dir();
    EXPECT_INT(demo_status, 0);
    EXPECT_STR(demo_err, "");
    /* Every section and the summary, in at most 97 lines (60 before the
     * triage's scene and the still-needs line, 68 before the open spaces
     * and the sprints, 84 before the acknowledgement's line, 86 before
     * the auction). */
    EXPECT_CONTAINS(demo_out, "4. Triage triage-1");
    EXPECT_CONTAINS(demo_out, "5. Registration desk desk-1");
    EXPECT_CONTAINS(demo_out, "6. Tutorial door door-pandas");
    EXPECT_CONTAINS(demo_out, "7. Sponsor station leads-datawise");
    EXPECT_CONTAINS(demo_out, "8. Open spaces, Fri 14 May");
    EXPECT_CONTAINS(demo_out, "9. PyLadies auction, Sat 15 May");
    EXPECT_CONTAINS(demo_out, "10. Sprints, Mon 17 May");
    EXPECT_CONTAINS(demo_out, "11. Exports and summary");
    EXPECT_CONTAINS(demo_out, "300 added, 0 rejected");
    EXPECT_CONTAINS(demo_out, "ADMIT: Zo\u00eb M\u00fcller (individual, "
                              "tutorial pandas-intro)");
    EXPECT_CONTAINS(demo_out, "-> NOT VALID (bad-signature)");
    EXPECT_CONTAINS(demo_out, "-> NOT VALID (cancelled): Aditya Shetty");
    EXPECT_CONTAINS(demo_out, "  Desk: 11 checked in, 1 already checked in, "
                              "3 denied (cancelled 1, unpaid 1, "
                              "unknown-code 1)");
    /* Each count agrees with its own noun, and a refused code is said
     * as `checkin verify` says it, with its reason's code. */
    EXPECT_CONTAINS(demo_out, "  Door: 5 in, 1 out, 2 refused (wrong-room 1, "
                              "full 1), 1 warned (already-inside 1); 4 people "
                              "inside now.");
    EXPECT_CONTAINS(demo_out, "reprinted since   -> NOT VALID (revoked): "
                              "Zo\u00eb M\u00fcller (individual)");
    EXPECT_TRUE(lines_of(demo_out) <= 97);
    /* Zoë's still-needs line after the desk (issue 55): her badge and
     * her four tutorials' tickets, done at desk-1. */
    EXPECT_CONTAINS(demo_out,
                    "  Still needs, for Zo\u00eb M\u00fcller after the desk "
                    "(checkin attendees shows it too): Nothing more is "
                    "needed. Done: Badge (desk-1); Ticket for Data analysis "
                    "with pandas, from CSV to insight (desk-1);");
}

/* The triage before the desks open (issue 55.4): four people sent on by
 * the demo event's [desks], A-L to desk 1, M-Z and another script to
 * desk 2, the unpaid order to the help desk; whom it sent to a desk is
 * noted for the dashboard, and no one is checked in by it. */
static void triage_sends_each_person_to_their_desk(void)
{
    demo_dir();
    EXPECT_CONTAINS(demo_out, "Olivia Hartley-Whitmore: Desk 1 (A-L)");
    EXPECT_CONTAINS(demo_out, "Zo\u00eb M\u00fcller: Desk 2 (M-Z)");
    EXPECT_CONTAINS(demo_out, "\u738b\u5c0f\u660e: Desk 2");
    EXPECT_CONTAINS(demo_out, "Help desk: your order is not paid");
    EXPECT_CONTAINS(demo_out, "  Triage: 1 sent to desk 1, 2 people to desk "
                              "2, 1 person to the help desk; nobody checked "
                              "in.");
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    EXPECT_INT(count(db, "SELECT count(*) FROM triage_sent WHERE station ="
                         " 'triage-1'"),
               3);
    EXPECT_INT(count(db, "SELECT count(*) FROM triage_sent WHERE station ="
                         " 'triage-1' AND desk = '1' AND ticket_id ="
                         " '48243'"),
               1);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station ="
                         " 'triage-1'"),
               0);
    sqlite3_close(db);
}

/* The desk: eleven paid confirmations admitted once each, the cancelled,
 * the unpaid and the foreign code refused, the returning attendee
 * warned, the code held in view for 4.5 s decided once.  Each of the
 * eleven was asked the demo event's Code of Conduct first (a warning
 * journaled, issue 55 item 5), the volunteer's yes journaled with the
 * admission, decided at the question's time or later, not at the
 * station's start; Olivia, back, is not asked again. */
static void desk_journal_has_one_decision_per_presentation(void)
{
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'desk-1'"),
               15 + 11);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'desk-1' AND decision = 'warn' AND reason = "
                         "'question'"),
               11);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan a WHERE station = "
                         "'desk-1' AND reason = 'checked-in' AND answers = "
                         "'{\"ack:coc\":\"True\"}' AND at_ms >= (SELECT "
                         "at_ms FROM scan q WHERE q.station = 'desk-1' AND "
                         "q.reason = 'question' AND q.attendee_ticket_id = "
                         "a.attendee_ticket_id)"),
               11);
    /* Mariana was asked last, at 08:37: admitted then, not at 08:30. */
    EXPECT_STR(query(db, "SELECT strftime('%H:%M', at_ms / 1000, "
                         "'unixepoch') FROM scan WHERE station = 'desk-1' "
                         "AND attendee_ticket_id = '50065' AND reason = "
                         "'checked-in'"),
               "15:37");
    EXPECT_CONTAINS(demo_out, "ASK      Olivia Hartley-Whitmore: Ask before "
                              "checking in: I have read the PyCon Demo Code "
                              "of Conduct and will follow it. Read out; they "
                              "have (y).");
    EXPECT_CONTAINS(demo_out, "Mariana Gonz\u00e1lez: Checked in. Welcome! "
                              "(Acknowledged.)");
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'desk-1' AND decision = 'admit' AND reason = "
                         "'checked-in'"),
               11);
    EXPECT_INT(count(db, "SELECT count(DISTINCT attendee_ticket_id) FROM "
                         "scan WHERE station = 'desk-1' AND decision = "
                         "'admit'"),
               11);
    EXPECT_STR(query(db, "SELECT decision || ' ' || reason FROM scan WHERE "
                         "station = 'desk-1' AND attendee_ticket_id = "
                         "'50184'"),
               "deny cancelled");
    EXPECT_STR(query(db, "SELECT decision || ' ' || reason FROM scan WHERE "
                         "station = 'desk-1' AND attendee_ticket_id = "
                         "'49228'"),
               "deny unpaid");
    EXPECT_STR(query(db, "SELECT decision || ' ' || reason || ' ' || code "
                         "FROM scan WHERE station = 'desk-1' AND "
                         "attendee_ticket_id IS NULL"),
               "deny unknown-code https://us.pycon.example/2027/schedule/");
    /* Olivia twice: admitted, then warned minutes later. */
    EXPECT_STR(query(db, "SELECT group_concat(reason, ' ') FROM (SELECT "
                         "reason FROM scan WHERE station = 'desk-1' AND "
                         "attendee_ticket_id = '48243' ORDER BY seq)"),
               "question checked-in already-checked-in");
    EXPECT_TRUE(count(db, "SELECT max(at_ms) - min(at_ms) FROM scan WHERE "
                          "attendee_ticket_id = '48243' AND station = "
                          "'desk-1'") > 3000);
    /* Siobhán held her phone up for longer than the cooldown: asked
     * once, admitted once. */
    EXPECT_STR(query(db, "SELECT group_concat(reason, ' ') FROM (SELECT "
                         "reason FROM scan WHERE station = 'desk-1' AND "
                         "attendee_ticket_id = '52418' ORDER BY seq)"),
               "question checked-in");
    /* The station clock started at 08:30 in Long Beach (15:30 UTC). */
    EXPECT_STR(query(db, "SELECT strftime('%Y-%m-%d %H:%M', min(at_ms) / "
                         "1000, 'unixepoch') FROM scan WHERE station = "
                         "'desk-1'"),
               "2027-05-12 15:30");
    sqlite3_close(db);
}

/* The door: five entries (one a re-entry after an exit), a holder of
 * another tutorial sent to the right room, a repeat scan not counted,
 * and the room (capacity 4 in the demo) full for the last one. */
static void door_journal_has_room_capacity_and_exit(void)
{
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_STR(query(db, "SELECT group_concat(r, ' ') FROM (SELECT "
                         "attendee_ticket_id || ':' || reason || ':' || "
                         "direction AS r FROM scan WHERE station = "
                         "'door-pandas' ORDER BY seq)"),
               "48395:entered:in 48275:entered:in 50065:wrong-room:in "
               "53139:entered:in 48395:left:out 48395:entered:in "
               "48361:entered:in 53139:already-inside:in 48455:full:in");
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'door-pandas' AND decision = 'deny'"),
               2);
    EXPECT_INT(count(db, "SELECT sum(CASE WHEN direction = 'in' THEN 1 "
                         "ELSE -1 END) FROM scan WHERE station = "
                         "'door-pandas' AND decision = 'admit'"),
               4);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'door-pandas' AND target = 'pandas-intro'"),
               9);
    sqlite3_close(db);
}

/* The sponsor's station ran on its own file without personal data, and
 * its leads, notes and ratings came back with the merge. */
static void leads_merged_back_with_notes(void)
{
    char path[4200];
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_STR(query(db, "SELECT group_concat(r, ' | ') FROM (SELECT "
                         "sponsor_slug || ' ' || rating || ' ' || note AS r "
                         "FROM lead WHERE station = 'leads-datawise' ORDER "
                         "BY seq)"),
               "datawise 4 wants a demo for her team | datawise 3 asked "
               "about jobs | datawise 5 leads an ML team; call back in "
               "June");
    EXPECT_STR(query(db, "SELECT group_concat(reason, ' ') FROM (SELECT "
                         "reason FROM scan WHERE station = 'leads-datawise' "
                         "ORDER BY seq)"),
               "lead lead lead unknown-code lead-again");
    EXPECT_INT(count(db, "SELECT count(*) FROM scan WHERE station = "
                         "'leads-datawise' AND attendee_ticket_id IS NOT "
                         "NULL"),
               0);
    sqlite3_close(db);
    snprintf(path, sizeof(path), "%s/leads-datawise.db", demo_dir());
    size_t n;
    char *raw = tu_read_file(path, &n);
    REQUIRE(raw != NULL);
    EXPECT_TRUE(!memmem(raw, n, "olivia.hw@example.com", 21));
    EXPECT_TRUE(!memmem(raw, n, "Hartley-Whitmore", 16));
    EXPECT_TRUE(!memmem(raw, n, "Moreau-Dubois", 13));
    free(raw);
}

/* The exports: a row per check-in, every journal row, and contact
 * details in the leads only for attendees who consented. */
static void exports_list_checkins_scans_and_consenting_leads(void)
{
    const char *dir = demo_dir();
    sqlite3 *db = open_db(tu_format("%s/event.db", dir));
    REQUIRE(db != NULL);
    long scans = count(db, "SELECT count(*) FROM scan");
    char *checkins = tu_read_file(tu_format("%s/checkins.csv", dir), NULL);
    char *scan_csv = tu_read_file(tu_format("%s/scans.csv", dir), NULL);
    char *leads = tu_read_file(tu_format("%s/leads-datawise.csv", dir), NULL);
    REQUIRE(checkins && scan_csv && leads);
    EXPECT_INT(lines_of(checkins), 1 + 11);
    EXPECT_CONTAINS(checkins, "48243,NTBWU,Olivia Hartley-Whitmore");
    EXPECT_NOT_CONTAINS(checkins, "50184");
    EXPECT_INT(lines_of(scan_csv), 1 + scans);
    EXPECT_INT(scans, 15 + 11 + 9 + 5 + 4 + 3 + 3 + 3);
    EXPECT_INT(lines_of(leads), 1 + 2);
    EXPECT_CONTAINS(leads, "olivia.hw@example.com");
    EXPECT_CONTAINS(leads, "wants a demo for her team");
    EXPECT_NOT_CONTAINS(leads, "asked about jobs");
    /* No email of anyone who did not consent, whoever they are. */
    sqlite3_stmt *st;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT email FROM attendee WHERE "
                               "sponsor_consent = 0 AND email <> ''",
                               -1, &st, NULL) == SQLITE_OK);
    int withheld = 0;
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *email = (const char *)sqlite3_column_text(st, 0);
        EXPECT_NOT_CONTAINS(leads, email);
        withheld++;
    }
    sqlite3_finalize(st);
    EXPECT_TRUE(withheld > 50);
    /* Jean-Luc (48275) is one of them, and was a lead. */
    EXPECT_STR(query(db, "SELECT sponsor_consent FROM attendee WHERE "
                         "ticket_id = '48275'"),
               "0");
    sqlite3_close(db);
    free(checkins);
    free(scan_csv);
    free(leads);
}

/* The rest of the week (issue 56 item 5): on Friday a host claims the
 * small room's 11:00 slot at the board (its scan a door row that admits
 * nobody), the room's door admits two and refuses the third as full, and
 * the board says 2 of 2 seats; on Monday the sprint station checks two
 * people in to CPython, one of them again later that day (warned), and
 * the headcount is 2.  The projects are the demo event's three. */
static void open_spaces_and_sprints_run_on_friday_and_monday(void)
{
    demo_dir();
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_STR(query(db, "SELECT group_concat(r, ' ') FROM (SELECT station "
                         "|| ':' || act || ':' || room || ':' || "
                         "host_ticket_id || ':' || title AS r FROM "
                         "open_space_claim ORDER BY seq)"),
               "board-1:claim:203:48243:Packaging BoF");
    EXPECT_STR(query(db, "SELECT strftime('%Y-%m-%d %H:%M', slot_ms / 1000, "
                         "'unixepoch') FROM open_space_claim"),
               "2027-05-14 18:00"); /* 11:00 in Long Beach */
    EXPECT_STR(query(db, "SELECT group_concat(r, ' ') FROM (SELECT station "
                         "|| ':' || attendee_ticket_id || ':' || reason AS r "
                         "FROM scan WHERE station IN ('board-1', 'door-203',"
                         " 'sprints-1') ORDER BY station, seq)"),
               "board-1:48243:host door-203:52334:entered "
               "door-203:50393:entered door-203:53139:full "
               "sprints-1:53139:sprint sprints-1:50660:sprint "
               "sprints-1:53139:sprint-again");
    EXPECT_STR(query(db, "SELECT group_concat(slug || ' ' || lead_ticket_id,"
                         " ', ') FROM (SELECT * FROM sprint_project ORDER BY"
                         " slug)"),
               "cpython 52334, pandas 50393, pip 48275");
    sqlite3_close(db);
    EXPECT_CONTAINS(demo_out, "hosted by Olivia Hartley-Whitmore: 2 of 2 "
                              "seats");
    EXPECT_CONTAINS(demo_out, "Zo\u00eb M\u00fcller: The room is full (2 of "
                              "2) for this slot;");
    EXPECT_CONTAINS(demo_out, "Zo\u00eb M\u00fcller: Already checked in to "
                              "CPython today at 10:00.");
    EXPECT_CONTAINS(demo_out, "Headcount: CPython, Mon 17 May: 2 people");
}

/* The PyLadies auction on Saturday evening (issue 56 item 5): at the
 * door auction-1 the first bidder gets paddle 1 and, scanned again, the
 * same paddle back; three lots won through the command's own function,
 * a second win of lot 4 refused in the command's one sentence with
 * nothing written; the report's lines; at pay-1 what she owes, settled at
 * the second scan, and "settled before" with when and where at the
 * third.  Read back from auction_act and the journal. */
static void auction_gives_paddles_records_wins_and_settles(void)
{
    demo_dir();
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_STR(query(db, "SELECT group_concat(r, ' ') FROM (SELECT station "
                         "|| ':' || act || ':' || paddle || ':' || ticket_id "
                         "|| ':' || lot || ':' || amount_cents || ':' || "
                         "strftime('%H:%M', at_ms / 1000, 'unixepoch') AS r "
                         "FROM auction_act ORDER BY at_ms, seq)"),
               /* 19:00 in Long Beach is 02:00 UTC the next day. */
               "auction-1:paddle:1:50660::0:02:00 "
               "auction-1:paddle:2:52334::0:02:01 "
               "command-line:win:1:50660:1:24000:04:00 "
               "command-line:win:2:52334:2:8500:04:01 "
               "command-line:win:1:50660:4:15050:04:02 "
               "pay-1:settle:1:50660::39050:04:31");
    EXPECT_STR(query(db, "SELECT group_concat(r, ' ') FROM (SELECT station "
                         "|| ':' || attendee_ticket_id || ':' || reason AS r"
                         " FROM scan WHERE station IN ('auction-1', 'pay-1')"
                         " ORDER BY station, seq)"),
               "auction-1:50660:paddle auction-1:52334:paddle "
               "auction-1:50660:paddle-again pay-1:50660:owes "
               "pay-1:50660:settled pay-1:50660:settled-before");
    sqlite3_close(db);
    EXPECT_CONTAINS(demo_out, "Paddle 1, given at 19:00 at auction-1.");
    EXPECT_CONTAINS(demo_out, "Won (checkin auction EVENT.db win): lot 1 by "
                              "paddle 1 for 240.00, lot 2 by paddle 2 for "
                              "85.00, lot 4 by paddle 1 for 150.50.");
    EXPECT_CONTAINS(demo_out, "Lot 4 again, for paddle 2: Lot 4 was won "
                              "already, by paddle 1 for 150.50; nothing was "
                              "changed; if that win is a mistake, void it "
                              "first with checkin auction EVENT.db void 4.");
    EXPECT_CONTAINS(demo_out, "  \u0905\u0928\u0941\u0930\u093e\u0927\u093e "
                              "\u0926\u0947\u0936\u092a\u093e\u0902\u0921\u0947"
                              "  paddle 1  lots 1, 4  390.50 USD  to pay\n");
    EXPECT_CONTAINS(demo_out, "  \u0141ukasz W\u00f3jcik  paddle 2  lots 2  "
                              "85.00 USD  to pay\n");
    EXPECT_CONTAINS(demo_out, "  Auction: 2 winners, 475.50 USD in all, 475.50 "
                              "still to pay.\n");
    EXPECT_CONTAINS(demo_out, "Paddle 1 paid 390.50 USD for lots 1, 4: "
                              "settled.");
    EXPECT_CONTAINS(demo_out, "Paddle 1 settled 390.50 USD at 21:31 at pay-1; "
                              "nothing more to pay.");
}

/* What the desk's print hook got: a badge per check-in and a ticket per
 * tutorial of the attendee. */
static void print_log_has_a_badge_per_checkin(void)
{
    char path[4200];
    char *log = tu_read_file(tu_format("%s/print-log.txt", demo_dir()), NULL);
    REQUIRE(log != NULL);
    long badges = 0;
    for (const char *p = log; (p = strstr(p, "badge ")); p++)
        badges += p == log || p[-1] == '\n';
    EXPECT_INT(badges, 11);
    EXPECT_CONTAINS(log, "badge 48395 Þórdís Guðmundsdóttir\nticket "
                         "pandas-intro 48395 Þórdís Guðmundsdóttir\n");
    EXPECT_NOT_CONTAINS(log, "50184");
    EXPECT_NOT_CONTAINS(log, "49228");
    free(log);
    /* And what the file printer got: a QL-800 job per label (after the
     * invalidate run of NULs, ESC @ then ESC i a 01 for raster mode), a PNG
     * preview per label, and every job recorded as sent. */
    snprintf(path, sizeof(path), "%s/ql800.bin", demo_dir());
    size_t len;
    unsigned char *bin = (unsigned char *)tu_read_file(path, &len);
    REQUIRE(bin != NULL);
    long jobs = 0;
    static const unsigned char start[] = {0,    0x1b, 0x40, 0x1b,
                                          0x69, 0x61, 0x01};
    for (size_t i = 0; i + sizeof(start) <= len; i++)
        if (!memcmp(bin + i, start, sizeof(start)))
            jobs++;
    EXPECT_INT(jobs, 11 + 17);
    free(bin);
    EXPECT_TRUE(access(tu_format("%s/labels/job-0001-badge.png", demo_dir()),
                       F_OK) == 0);
    EXPECT_TRUE(access(tu_format("%s/labels/job-0028-ticket.png", demo_dir()),
                       F_OK) == 0);
    sqlite3 *db = open_db(tu_format("%s/event.db", demo_dir()));
    REQUIRE(db != NULL);
    EXPECT_INT(count(db, "SELECT count(*) FROM print_job WHERE state = "
                         "'sent' AND badge_id IS NOT NULL"),
               28);
    sqlite3_close(db);
}

/* Run again over the same folder: everything is made afresh. */
static void second_run_over_the_folder_starts_afresh(void)
{
    const char *dir = demo_dir();
    const char *out, *err;
    mode_t old = umask(0);
    EXPECT_INT(tu_checkin(tu_format("demo --out '%s'", dir), &out, &err), 0);
    umask(old);
    EXPECT_STR(err, "");
    EXPECT_CONTAINS(out, "  Leads: 3 recorded, 1 repeated");
    sqlite3 *db = open_db(tu_format("%s/event.db", dir));
    REQUIRE(db != NULL);
    EXPECT_INT(count(db, "SELECT count(*) FROM scan"),
               15 + 11 + 9 + 5 + 4 + 3 + 3 + 3);
    EXPECT_INT(count(db, "SELECT count(*) FROM lead"), 3);
    sqlite3_close(db);
    char *log = tu_read_file(tu_format("%s/print-log.txt", dir), NULL);
    REQUIRE(log != NULL);
    EXPECT_INT(lines_of(log), 11 + 17);
    free(log);
}

static int mode_of(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0 ? (int)(st.st_mode & 07777) : -1;
}

/* Its folder, made and made again under umask 000 (demo_dir and the
 * second run above): every file it holds is 0600, the folder 0700, no
 * temporary file is left; then a file of the user's in it stops the next
 * run, which leaves that file as it was. */
static void demos_files_are_0600_and_a_file_of_the_users_stops_it(void)
{
    const char *dir = demo_dir();
    static const char *const files[] = {"event.db",
                                        "event.key",
                                        "event-from-pretix.db",
                                        "checkins.csv",
                                        "scans.csv",
                                        "leads-datawise.csv",
                                        "ql800.bin",
                                        "print-log.txt",
                                        "leads-datawise.db",
                                        "labels/job-0001-badge.png"};
    for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
        const char *path = tu_format("%s/%s", dir, files[i]);
        if (mode_of(path) != 0600)
            TU_FAIL_AT("%s: mode %o, expected 600", files[i],
                       (unsigned)mode_of(path));
    }
    EXPECT_INT(mode_of(dir), 0700);
    /* No temporary file (".NAME.PID.tmp...") left in it. */
    EXPECT_TRUE(tu_sh("ls -A '%s' | grep -q '^\\..*\\.tmp'", dir) != 0);
    const char *mine = tu_format("%s/my-notes.txt", dir);
    REQUIRE(tu_write_file(mine, "mine\n", 5) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("demo --out '%s'", dir), &out, &err), 1);
    EXPECT_CONTAINS(err, "my-notes.txt");
    size_t n = 0;
    char *now = tu_read_file(mine, &n);
    EXPECT_TRUE(now && n == 5 && !memcmp(now, "mine\n", 5));
    free(now);
    REQUIRE(unlink(mine) == 0);
}

/* The demo's narration in the language asked (issue 53): `--lang es`
 * says the sections, their days ("mié 12 may", from the catalogue's
 * names, under LC_ALL=C), the demo's own lines and the summary in
 * Spanish, beside the stations' verdicts, and none of the English
 * narration is left; Japanese likewise, its days in its own order. */
static void demo_narrates_in_the_language_asked(void)
{
    static const char *const english[] = {
        "checkin demo: the bundled PyCon-like event",
        "Registration import",
        "Finding people without their code",
        "Codes drawn as QR",
        "Triage triage-1 at the end of the queue",
        "Registration desk desk-1",
        "Read out; they have (y).",
        "(Acknowledged.)",
        "Still needs, for",
        "Tutorial door door-pandas",
        "Inside: ",
        "Sponsor station leads-datawise",
        "Merged into the event database",
        "Open spaces, Fri 14 May",
        "hosted by",
        "Won (checkin auction EVENT.db win)",
        "Lot 4 again",
        "PyLadies auction, ",
        "Sprints, Mon 17 May",
        "Headcount",
        "Exports and summary",
        "  Desk: ",
        "  Triage: ",
        "  Door: ",
        "  Leads: ",
        "Files in ",
        "  Try: ",
        " ADMIT ",
        " WARNING ",
        "wants a demo for her team",
    };
    const char *dir = tu_path("demo-es");
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("--lang es demo --out '%s'", dir), &out, &err), 0);
    EXPECT_STR(err, "");
    EXPECT_CONTAINS(out, "checkin demo: el evento de demostraci\u00f3n "
                         "incluido");
    EXPECT_CONTAINS(out, "4. Triaje triage-1 al final de la cola, "
                         "mi\u00e9 12 may desde las 08:20");
    EXPECT_CONTAINS(out, "5. Mostrador de acreditaci\u00f3n desk-1, "
                         "mi\u00e9 12 may desde las 08:30");
    EXPECT_CONTAINS(out, "PREGUNTA  Olivia Hartley-Whitmore:");
    EXPECT_CONTAINS(out, "L\u00e9elo en voz alta; la persona acepta (y).");
    EXPECT_CONTAINS(out, "(Aceptado.) Enviado: credencial, 4 entradas de "
                         "tutorial");
    EXPECT_CONTAINS(out, "Dentro: 1 de 4.");
    EXPECT_CONTAINS(out, "nota \"quiere una demostraci\u00f3n para su "
                         "equipo\", valoraci\u00f3n 4/5.");
    EXPECT_CONTAINS(out, "8. Open spaces, vie 14 may:");
    EXPECT_CONTAINS(out, "Ganados (checkin auction EVENT.db win): lote 1 "
                         "para la paleta 1 por 240.00");
    EXPECT_CONTAINS(out, "10. Sprints, lun 17 may:");
    EXPECT_CONTAINS(out, "Recuento: CPython, lun 17 may: 2 personas");
    EXPECT_CONTAINS(out, "  Mostrador: 11 acreditadas, 1 ya acreditada, 3 "
                         "denegadas (cancelled 1, unpaid 1, unknown-code "
                         "1)");
    EXPECT_CONTAINS(out, "  Puerta: 5 entradas, 1 salida, 2 rechazadas");
    EXPECT_CONTAINS(out, "reimpresa despu\u00e9s -> NO V\u00c1LIDA "
                         "(revoked): Zo\u00eb M\u00fcller");
    /* The stations' own sentences, as before. */
    EXPECT_CONTAINS(out, "ADMITIDO  Mariana Gonz\u00e1lez: Acreditado.");
    for (size_t i = 0; i < sizeof(english) / sizeof(english[0]); i++)
        EXPECT_NOT_CONTAINS(out, english[i]);
    /* The sponsor's notes are saved in the language they were typed. */
    sqlite3 *db = open_db(tu_format("%s/event.db", dir));
    REQUIRE(db != NULL);
    EXPECT_STR(query(db, "SELECT note FROM lead WHERE rating = 4"),
               "quiere una demostraci\u00f3n para su equipo");
    sqlite3_close(db);

    dir = tu_path("demo-ja");
    EXPECT_INT(
        tu_checkin(tu_format("--lang ja demo --out '%s'", dir), &out, &err), 0);
    EXPECT_STR(err, "");
    EXPECT_CONTAINS(out, "8. \u30aa\u30fc\u30d7\u30f3\u30b9\u30da\u30fc"
                         "\u30b9\u30015\u670814\u65e5(\u91d1):");
    EXPECT_CONTAINS(out, "11. \u66f8\u304d\u51fa\u3057\u3068\u307e\u3068"
                         "\u3081");
    for (size_t i = 0; i < sizeof(english) / sizeof(english[0]); i++)
        EXPECT_NOT_CONTAINS(out, english[i]);
}

static void missing_camera_is_one_sentence_and_exit_1(void)
{
    const char *out, *err;
    const char *dir = tu_path("nocam");
    EXPECT_INT(tu_checkin(tu_format("demo --camera /dev/no-such-video9 --out "
                                    "'%s'",
                                    dir),
                          &out, &err),
               1);
    EXPECT_STR(out, "");
    EXPECT_CONTAINS(err, "There is no camera at /dev/no-such-video9;");
    EXPECT_INT(lines_of(err), 1);
    EXPECT_TRUE(access(dir, F_OK) != 0); /* nothing made */
}

TU_MAIN(TU_CASE(demo_finishes_clean_and_short),
        TU_CASE(triage_sends_each_person_to_their_desk),
        TU_CASE(desk_journal_has_one_decision_per_presentation),
        TU_CASE(door_journal_has_room_capacity_and_exit),
        TU_CASE(leads_merged_back_with_notes),
        TU_CASE(exports_list_checkins_scans_and_consenting_leads),
        TU_CASE(open_spaces_and_sprints_run_on_friday_and_monday),
        TU_CASE(auction_gives_paddles_records_wins_and_settles),
        TU_CASE(print_log_has_a_badge_per_checkin),
        TU_CASE(second_run_over_the_folder_starts_afresh),
        TU_CASE(demos_files_are_0600_and_a_file_of_the_users_stops_it),
        TU_CASE(demo_narrates_in_the_language_asked),
        TU_CASE(missing_camera_is_one_sentence_and_exit_1))
