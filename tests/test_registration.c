/* Walk-ins and edits made at desks (issue 30, increment 30.4;
 * docs/admission.md, section 3): through the real `checkin` command, on
 * real files.  A walk-in's badge is read back from the printed label's
 * image by zbar (`checkin decode`) and admitted at a door; edits meet
 * re-imports of the same and of a changed export, and a merge. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/registration.h"
#include "checkin/store.h"
#include "testutil.h"

#define PIN "731946"
#define CSV CONFIG_DIR "/demo/registrations.csv"

static int64_t sql_count(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    int64_t n = -1;
    if (sqlite3_open(db, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return n;
}

/* One text of `sql`'s first row, "" if none; the string lives until the
 * next call. */
static const char *sql_text(const char *db, const char *sql)
{
    static char buf[512];
    sqlite3 *h;
    sqlite3_stmt *q;
    buf[0] = '\0';
    if (sqlite3_open(db, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
            snprintf(buf, sizeof(buf), "%s", sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return buf;
}

static int sql_exec(const char *db, const char *sql)
{
    sqlite3 *h;
    int rc = sqlite3_open(db, &h);
    if (rc == SQLITE_OK)
        rc = sqlite3_exec(h, sql, NULL, NULL, NULL);
    sqlite3_close(h);
    return rc;
}

/* `checkin ARGS` with `input` (NULL: nothing) as its standard input, a
 * file and so not a terminal, as a supervisor's PIN is given in tests;
 * *out and *err as tu_checkin's. */
static int checkin_input(const char *args, const char *input, const char **out,
                         const char **err)
{
    static char *o, *e;
    free(o);
    free(e);
    const char *in = tu_path("stdin.txt");
    if (tu_write_file(in, input ? input : "", input ? strlen(input) : 0))
        return -1;
    int st = tu_sh("'%s' %s < '%s' > '%s' 2> '%s'", CHECKIN_BIN, args, in,
                   tu_path("out.txt"), tu_path("err.txt"));
    o = tu_read_file(tu_path("out.txt"), NULL);
    e = tu_read_file(tu_path("err.txt"), NULL);
    *out = o ? o : "";
    *err = e ? e : "";
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* The ticket id `register` printed ("ticket ck:...:N"), "" if none. */
static const char *ticket_of(const char *out)
{
    static char t[REGISTRATION_TICKET_CAP];
    t[0] = '\0';
    const char *p = strstr(out, "ticket " REGISTRATION_PREFIX);
    if (p)
        sscanf(p + 7, "%39[a-z0-9:]", t);
    return t;
}

/* A copy of the demo event, with its key beside it. */
static const char *event_copy(const char *name)
{
    const char *db = tu_copy(tu_demo_event(), name);
    const char *k =
        tu_copy(tu_path("event.key"),
                tu_format("%.*s.key", (int)(strlen(name) - 3), name));
    if (chmod(k, 0600))
        TU_FAIL_AT("chmod %s", k);
    return db;
}

/* The demo export with `from` replaced by `to` once, as a file. */
static const char *export_with(const char *name, const char *from,
                               const char *to)
{
    size_t len;
    char *csv = tu_read_file(CSV, &len);
    const char *path = tu_path(name);
    char *at = csv ? strstr(csv, from) : NULL;
    if (!at) {
        TU_FAIL_AT("the demo export has no '%s'", from);
        free(csv);
        return path;
    }
    FILE *f = fopen(path, "wb");
    if (f) {
        fwrite(csv, 1, (size_t)(at - csv), f);
        fputs(to, f);
        fputs(at + strlen(from), f);
        fclose(f);
    }
    free(csv);
    return path;
}

static void a_walkin_is_registered_and_printed(void)
{
    const char *db = event_copy("walkin.db");
    const char *out, *err;
    REQUIRE(
        checkin_input(
            tu_format("register '%s' --ticket-type individual --given-name Ana "
                      "--family-name Lima --email ana@example.org --tutorial "
                      "asyncio-practice --station desk-2",
                      db),
            NULL, &out, &err) == 0);
    EXPECT_CONTAINS(out, "Registered Ana Lima as a walk-in");
    EXPECT_CONTAINS(out, "checkin print");
    char ticket[REGISTRATION_TICKET_CAP];
    snprintf(ticket, sizeof(ticket), "%s", ticket_of(out));
    REQUIRE(ticket[0]);
    /* Its key is its create row's. */
    EXPECT_INT(
        sql_count(
            db,
            tu_format(
                "SELECT count(*) FROM registration_change WHERE kind = 'create'"
                " AND 'ck:' || station_id || ':' || seq = '%s' AND station ="
                " 'desk-2'",
                ticket)),
        1);
    EXPECT_INT(
        sql_count(
            db,
            tu_format(
                "SELECT count(*) FROM attendee a JOIN attendee_tutorial t ON"
                " t.attendee_id = a.id WHERE a.ticket_id = '%s' AND a.status ="
                " 'paid' AND a.badge_name = 'Ana Lima'",
                ticket)),
        1);

    /* Printed to a file printer, its badge read back from the label's
     * image by zbar, and admitted at its tutorial's door on this file. */
    const char *dir = tu_path("labels");
    REQUIRE(tu_sh("mkdir -p '%s'", dir) == 0);
    REQUIRE(
        tu_checkin(
            tu_format(
                "print '%s' '%s' --printer 'file:%s' --model QL-800 --media "
                "62x100 --preview '%s'",
                db, ticket, tu_path("walkin.bin"), dir),
            &out, &err) == 0);
    EXPECT_CONTAINS(out, "2 sent");
    char png[600];
    snprintf(png, sizeof(png), "%s/job-0001-badge.png", dir);
    REQUIRE(tu_checkin(tu_format("decode '%s'", png), &out, &err) == 0);
    EXPECT_CONTAINS(out, "CK2:");
    REQUIRE(tu_checkin(tu_format("scan '%s' --station door:asyncio-practice "
                                 "--name door-1 --json "
                                 "--clock '2027-05-12 08:55' --images '%s'",
                                 db, png),
                       &out, &err) == 0);
    EXPECT_CONTAINS(out, "\"decision\":\"admit\"");
    EXPECT_CONTAINS(out, tu_format("\"ticket_id\":\"%s\"", ticket));
    EXPECT_CONTAINS(out, "\"badge_name\":\"Ana Lima\"");
}

static const char *edited_zoe(const char *name)
{
    const char *db = event_copy(name);
    const char *out, *err;
    char args[1024];
    snprintf(args, sizeof(args),
             "edit '%s' 53139 --given-name Zoey --station desk-2", db);
    if (checkin_input(args, NULL, &out, &err) != 0)
        TU_FAIL_AT("checkin %s: %s", args, err);
    EXPECT_CONTAINS(out, "given name: Zoey, edited at desk-2");
    EXPECT_CONTAINS(out, "the export says Zoë");
    return db;
}

static void an_edit_survives_a_reimport_of_the_same_export(void)
{
    const char *db = edited_zoe("survive.db");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, CSV), &out, &err) ==
            0);
    EXPECT_CONTAINS(out, "300 unchanged");
    /* The same export of her name, with her company changed: her row is
     * stored again, and the edit of her name still holds. */
    const char *other = export_with("company.csv", "Zoë,she/her,Pixel Orchard,",
                                    "Zoë,she/her,Pixel Orchard GmbH,");
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, other), &out, &err) ==
            0);
    EXPECT_CONTAINS(out, "1 updated");
    EXPECT_STR(sql_text(db, "SELECT given_name || '/' || badge_name FROM "
                            "attendee WHERE ticket_id = '53139'"),
               "Zoey/Zoey Müller");
    REQUIRE(tu_checkin(tu_format("attendees '%s' 53139", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, "Zoey Müller (she/her), Pixel Orchard GmbH");
    EXPECT_CONTAINS(out, "given name: Zoey, edited at desk-2");
    EXPECT_CONTAINS(out, "the export says Zoë");
    /* A walk-in the export does not list stays as it was. */
    REQUIRE(checkin_input(
                tu_format("register '%s' --ticket-type staff --given-name Kofi "
                          "--family-name Boateng",
                          db),
                NULL, &out, &err) == 0);
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, CSV), &out, &err) ==
            0);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM attendee WHERE ticket_id"
                             " LIKE 'ck:%' AND status = 'paid' AND"
                             " badge_name = 'Kofi Boateng'"),
               1);
}

static void an_edit_yields_to_a_changed_export(void)
{
    const char *db = edited_zoe("yield.db");
    const char *changed =
        export_with("changed.csv", ",Müller,Zoë,", ",Müller,Zoé,");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, changed), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "1 updated");
    EXPECT_STR(sql_text(db, "SELECT given_name FROM attendee WHERE"
                            " ticket_id = '53139'"),
               "Zoé");
    REQUIRE(tu_checkin(tu_format("attendees '%s' 53139", db), &out, &err) == 0);
    EXPECT_NOT_CONTAINS(out, "edited at");
    /* Changed back, the export meets the edit's base again: it holds. */
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, CSV), &out, &err) ==
            0);
    EXPECT_STR(sql_text(db, "SELECT given_name FROM attendee WHERE"
                            " ticket_id = '53139'"),
               "Zoey");
}

static void an_import_refuses_a_ck_ticket_id(void)
{
    const char *db = event_copy("ck.db");
    const char *file = tu_path("ck.csv");
    const char *csv =
        "order_code,status,email,ticket_type,family_name,given_name,secret,"
        "ticket_id\n"
        "CKCK1,paid,x@example.org,individual,Ek,Ana,"
        "abcdefabcdefabcdefabcdefabcdefab,ck:0123456789abcdef:1\n"
        "CKCK2,paid,y@example.org,individual,Ek,Ben,"
        "bcdefabcdefabcdefabcdefabcdefabc,90001\n";
    REQUIRE(tu_write_file(file, csv, strlen(csv)) == 0);
    const char *out, *err;
    char args[1024];
    snprintf(args, sizeof(args), "import '%s' '%s' --skip-bad", db, file);
    /* 1: a row was refused, the others imported. */
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "ck.csv:2: ticket_id ck:0123456789abcdef:1 begins "
                         "with 'ck:'");
    EXPECT_CONTAINS(out, "1 added");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM attendee WHERE ticket_id"
                             " LIKE 'ck:%'"),
               0);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM attendee WHERE ticket_id"
                             " = '90001'"),
               1);
}

static void a_walkin_and_an_edit_survive_a_merge(void)
{
    const char *event = event_copy("merged.db");
    const char *desk = tu_copy(event, "desk-1.db");
    const char *out, *err;
    REQUIRE(
        checkin_input(
            tu_format(
                "register '%s' --ticket-type speaker --given-name Kwabena "
                "--family-name Asante --tutorial typing-mypy --station desk-1",
                desk),
            NULL, &out, &err) == 0);
    char ticket[REGISTRATION_TICKET_CAP];
    snprintf(ticket, sizeof(ticket), "%s", ticket_of(out));
    REQUIRE(
        checkin_input(
            tu_format("edit '%s' 53139 --given-name Zoey --pronouns they/them "
                      "--station desk-1",
                      desk),
            NULL, &out, &err) == 0);
    REQUIRE(checkin_input(tu_format("edit '%s' '%s' --company 'Asante Labs'",
                                    desk, ticket),
                          NULL, &out, &err) == 0);

    /* A walk-in of a ticket type this event does not have (the desk's
     * file was given another description): kept as a row, not made an
     * attendee, and said; the rest merges. */
    EXPECT_INT(sql_exec(desk, "INSERT INTO registration_change (station_id,"
                              " seq, station, at_ms, ticket_id, kind, value)"
                              " VALUES ('00000000000000ff', 1, 'desk-9', 1,"
                              " 'ck:00000000000000ff:1', 'create',"
                              " '{\"ticket_type\":\"vip\",\"given_name\":"
                              "\"Vi\"}')"),
               SQLITE_OK);

    REQUIRE(tu_checkin(tu_format("merge '%s' '%s'", event, desk), &out, &err) ==
            0);
    EXPECT_CONTAINS(out, "5 new walk-ins and edits made at desks");
    EXPECT_CONTAINS(out, "1 walk-in not added: There is no ticket type "
                         "'vip' in this event");
    EXPECT_INT(sql_count(event, "SELECT count(*) FROM attendee WHERE"
                                " ticket_id = 'ck:00000000000000ff:1'"),
               0);
    EXPECT_STR(
        sql_text(
            event,
            tu_format(
                "SELECT badge_name || '/' || company || '/' || (SELECT"
                " count(*) FROM attendee_tutorial WHERE attendee_id = a.id)"
                " FROM attendee a WHERE ticket_id = '%s'",
                ticket)),
        "Kwabena Asante/Asante Labs/1");
    EXPECT_STR(sql_text(event, "SELECT given_name || '/' || pronouns FROM"
                               " attendee WHERE ticket_id = '53139'"),
               "Zoey/they/them");
    /* Merged again: a set union, nothing twice. */
    REQUIRE(tu_checkin(tu_format("merge '%s' '%s'", event, desk), &out, &err) ==
            0);
    EXPECT_NOT_CONTAINS(out, "walk-in");
    EXPECT_INT(sql_count(event, "SELECT count(*) FROM registration_change"), 5);
    /* And the event's next import keeps them. */
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", event, CSV), &out, &err) ==
            0);
    REQUIRE(tu_checkin(tu_format("attendees '%s' asante", event), &out, &err) ==
            0);
    EXPECT_CONTAINS(out, "registered at desk-1");
    EXPECT_CONTAINS(out, "company: Asante Labs, edited at");
    REQUIRE(tu_checkin(tu_format("attendees --json '%s' 53139", event), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "\"edited\":[{\"field\":\"given_name\",\"value\":"
                         "\"Zoey\",\"station\":\"desk-1\"");
    EXPECT_CONTAINS(out, "\"export\":\"Zoë\"");
}

static void a_comp_walkin_needs_a_supervisor(void)
{
    const char *db = event_copy("comp.db");
    const char *out, *err;
    char args[2048];
    REQUIRE(checkin_input(tu_format("event '%s' --supervisor Sam", db),
                          PIN "\n", &out, &err) == 0);
    snprintf(args, sizeof(args),
             "register '%s' --ticket-type speaker --given-name Efua "
             "--family-name Sutherland --comp 'keynote guest' --station "
             "desk-2",
             db);
    EXPECT_INT(checkin_input(args, NULL, &out, &err), 1);
    EXPECT_CONTAINS(err, "needs a supervisor's PIN");
    EXPECT_INT(checkin_input(args, "000000\n", &out, &err), 1);
    EXPECT_CONTAINS(err, "not a supervisor's");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM registration_change"), 0);
    EXPECT_INT(checkin_input(args, PIN "\n", &out, &err), 0);
    EXPECT_CONTAINS(out, "free: keynote guest, allowed by Sam");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM registration_change r JOIN"
                             " attendee a ON a.ticket_id = r.ticket_id WHERE"
                             " r.supervisor = 'Sam' AND a.comp_reason ="
                             " 'keynote guest' AND a.status = 'paid'"),
               1);
    /* A paid walk-in needs none; an edit does. */
    EXPECT_INT(
        checkin_input(
            tu_format("register '%s' --ticket-type individual --given-name Ama "
                      "--family-name Ata --paid",
                      db),
            NULL, &out, &err),
        0);
    snprintf(args, sizeof(args), "edit '%s' 53139 --given-name Zoey", db);
    EXPECT_INT(checkin_input(args, NULL, &out, &err), 1);
    EXPECT_CONTAINS(err, "needs a supervisor's PIN");
    EXPECT_INT(checkin_input(args, PIN "\n", &out, &err), 0);
    EXPECT_CONTAINS(out, "by Sam; the export says Zoë");
}

static void each_bad_input_is_one_sentence_and_stores_nothing(void)
{
    /* Its own copy of the path: tu_path's ring is reused by the cases. */
    char db[4096];
    snprintf(db, sizeof(db), "%s", event_copy("bad.db"));
    static const struct {
        const char *args, *says;
    } bad[] = {
        {"register @ --ticket-type vip --given-name A --family-name B",
         "There is no ticket type 'vip'; the ticket types are: individual"},
        {"register @ --ticket-type staff --given-name A --family-name B "
         "--tutorial knitting",
         "There is no tutorial 'knitting'; the tutorials are:"},
        /* The demo's pandas-intro has its 26 seats taken. */
        {"register @ --ticket-type staff --given-name A --family-name B "
         "--tutorial pandas-intro",
         "The tutorial pandas-intro is full (26 of 26 seats taken)"},
        {"register @ --ticket-type staff --given-name A --family-name B "
         "--tutorial rust-extensions --tutorial asyncio-practice "
         "--tutorial packaging-pyproject",
         "The tutorials asyncio-practice (Wed 09:00-12:30) and "
         "packaging-pyproject (Wed 09:00-12:30) are at the same time"},
        {"register @ --ticket-type staff --given-name '' --family-name ''",
         "A walk-in needs a name"},
        {"register @ --ticket-type staff --given-name A --family-name B "
         "--email ab.example.org",
         "'ab.example.org' is not an email address"},
        {"register @ --ticket-type staff --given-name A --family-name B "
         "--comp ''",
         "A comp walk-in needs a reason"},
        {"register @ --ticket-type staff --given-name 'A\tB' --family-name C",
         "holds control characters"},
        {"edit @ nobody-at-all --company X", "Nobody matches 'nobody-at-all'"},
        {"edit @ priya --company X", "matches 3 people: Priya Sharma"},
        {"edit @ 53139 --email zoe", "'zoe' is not an email address"},
        {"edit @ 53139 --badge-name ''", "A badge name cannot be empty"},
        {"edit @ 53139 --given-name '' --family-name ''",
         "The given and family names cannot both be empty"},
        {"edit @ 53139 --given-name Zoë", "Nothing changed"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char args[1024], quoted[600];
        int qn = snprintf(quoted, sizeof(quoted), "'%s'", db);
        REQUIRE(qn >= 0 && (size_t)qn < sizeof(quoted));
        const char *at = strchr(bad[i].args, '@');
        snprintf(args, sizeof(args), "%.*s%s%s", (int)(at - bad[i].args),
                 bad[i].args, quoted, at + 1);
        const char *out, *err;
        EXPECT_INT(checkin_input(args, NULL, &out, &err), 1);
        EXPECT_CONTAINS(err, bad[i].says);
        /* One sentence on one line. */
        EXPECT_TRUE(strchr(err, '\n') == strrchr(err, '\n'));
    }
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM registration_change"), 0);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM attendee WHERE ticket_id"
                             " LIKE 'ck:%'"),
               0);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM attendee_source"), 0);

    /* A field no desk may edit, through the engine (the command has no
     * option for it). */
    store *s;
    struct ck_error e = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &e) == CK_OK);
    struct registration_writer wr = {.station = "desk-1", .now_ms = 1};
    struct registration_edit ed = {"sponsor_consent", "yes"};
    int64_t id = 0;
    EXPECT_INT(registration_find(s, "53139", &id, &e), CK_OK);
    EXPECT_INT(registration_edit(s, &wr, id, &ed, 1, NULL, NULL, &e),
               CK_EINVAL);
    EXPECT_CONTAINS(e.msg, "'sponsor_consent' cannot be edited at a desk");
    store_close(s);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM registration_change"), 0);
}

TU_MAIN(TU_CASE(a_walkin_is_registered_and_printed),
        TU_CASE(an_edit_survives_a_reimport_of_the_same_export),
        TU_CASE(an_edit_yields_to_a_changed_export),
        TU_CASE(an_import_refuses_a_ck_ticket_id),
        TU_CASE(a_walkin_and_an_edit_survive_a_merge),
        TU_CASE(a_comp_walkin_needs_a_supervisor),
        TU_CASE(each_bad_input_is_one_sentence_and_stores_nothing))
