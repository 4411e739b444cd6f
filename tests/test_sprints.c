/* Sprints by project (issue 56 item 2, docs/sprints.md) through the real
 * `checkin`: the demo event and its [sprints] section (17 to 20 May), a
 * day outside the event refused by its line, three
 * projects added with their leads and each bad addition one sentence that
 * changes nothing, the table signs' PDF read back page by page, a sprint
 * station checking people in to the project of the sign it scanned last,
 * once a person a project a day, the report's and the export's counts,
 * and a lead's list of who came with contact details only of those who
 * consented. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/dashboard.h"
#include "checkin/store.h"
#include "testutil.h"

/* The demo event's sprint days, as its description gives them. */
static const char DAYS[] =
    "days = 2027-05-17, 2027-05-18, 2027-05-19, 2027-05-20";

/* The demo event's description with its sprint days replaced by `days`,
 * as `name`. */
static const char *ini_with(const char *name, const char *days)
{
    size_t len;
    char *demo = tu_read_file(tu_demo_event_ini(), &len);
    const char *at = demo ? strstr(demo, DAYS) : NULL;
    if (!at) {
        free(demo);
        TU_FAIL_AT("the demo event's description has no '%s'", DAYS);
        return NULL;
    }
    const char *path = tu_path(name);
    FILE *f = fopen(path, "w");
    if (!f) {
        free(demo);
        TU_FAIL_AT("cannot write %s", path);
        return NULL;
    }
    fwrite(demo, 1, (size_t)(at - demo), f);
    fputs(days, f);
    fputs(at + strlen(DAYS), f);
    fclose(f);
    free(demo);
    return path;
}

/* The demo event with sprints and its registrations. */
static const char *event(void)
{
    static char db[4096];
    if (db[0])
        return db;
    snprintf(db, sizeof(db), "%s", tu_path("sprints.db"));
    if (tu_event(db, tu_demo_event_ini(), NULL,
                 CONFIG_DIR "/demo/registrations.csv")) {
        db[0] = '\0';
        return NULL;
    }
    return db;
}

/* The n-th paid registration with sponsor consent `yes` (1 or 0): its
 * ticket id. */
static const char *ticket(const char *db, int yes, int n)
{
    return tu_sql_text(db, tu_format("SELECT ticket_id FROM attendee WHERE"
                                     " status = 'paid' AND sponsor_consent ="
                                     " %d AND email <> '' ORDER BY id LIMIT 1"
                                     " OFFSET %d",
                                     yes, n));
}

/* The code a registration's ticket carries. */
static const char *code_of(const char *db, const char *ticket_id)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.ticket_id = '%s'"
                                     " AND s.revoked = 0",
                                     ticket_id));
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* `codes` (one a line) scanned at a sprint station at local `clock`: its
 * JSON lines. */
static const char *station(const char *db, const char *clock, const char *codes)
{
    const char *out, *err;
    if (tu_checkin_in(tu_format("scan '%s' --station sprints --keyboard "
                                "--json --clock '%s'",
                                db, clock),
                      codes, &out, &err) != 0) {
        TU_FAIL_AT("the sprint station at %s: %s", clock, err);
        return "";
    }
    static char kept[65536];
    snprintf(kept, sizeof(kept), "%s", out);
    return kept;
}

static void a_day_outside_the_event_names_its_line(void)
{
    const char *ini = ini_with("bad.ini", "days = 2027-05-17, 2027-05-21");
    REQUIRE(ini);
    const char *said =
        tu_checkin_want(1, "init '%s' '%s'", tu_path("bad.db"), ini);
    EXPECT_CONTAINS(said, "2027-05-21 is not a day of PyCon Demo 2027");
    EXPECT_CONTAINS(said, "give days of the event; fix it and run init again.");
}

static void projects_are_added_and_bad_ones_refused(void)
{
    const char *db = event();
    REQUIRE(db);
    char lead[64];
    snprintf(lead, sizeof(lead), "%s", ticket(db, 1, 0));
    const char *said = tu_checkin_want(
        0,
        "sprints '%s' add-project cpython --title CPython --lead '%s' "
        "--room 301",
        db, lead);
    EXPECT_CONTAINS(said, "Added the project cpython (\"CPython\"), led by");
    tu_checkin_want(0, "sprints '%s' add-project pip --title pip --lead '%s'",
                    db, ticket(db, 0, 5));
    tu_checkin_want(0,
                    "sprints '%s' add-project django --title Django --lead "
                    "'%s' --room 302",
                    db, ticket(db, 1, 5));
    /* Each mistake: one sentence, nothing added. */
    said = tu_checkin_want(
        1, "sprints '%s' add-project numpy --title NumPy --lead nobody", db);
    EXPECT_CONTAINS(said, "No registration has the ticket 'nobody'; give the "
                          "project lead's ticket id with --lead.");
    said = tu_checkin_want(
        1, "sprints '%s' add-project pip --title Pip --lead '%s'", db, lead);
    EXPECT_CONTAINS(said, "There is a project 'pip' already");
    said = tu_checkin_want(
        1, "sprints '%s' add-project 'No Way' --title x --lead '%s'", db, lead);
    EXPECT_CONTAINS(said, "'No Way' is not a project's slug");
    said = tu_checkin_want(1, "sprints '%s' remove numpy", db);
    EXPECT_CONTAINS(said, "There is no project 'numpy'; the projects are: "
                          "cpython, django, pip.");
    said = tu_checkin_want(2, "sprints '%s' add-project numpy --title x", db);
    EXPECT_CONTAINS(said, "Try 'checkin sprints --help'.");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM sprint_project"), 3);
    said = tu_checkin_want(0, "sprints '%s' list --json", db);
    EXPECT_CONTAINS(said, "\"slug\": \"cpython\"");
    EXPECT_CONTAINS(said, "\"room\": \"301\"");
    EXPECT_CONTAINS(said, "\"2027-05-18\": 0");
}

/* The signs: one page a project, each page's QR code its project's. */
static void the_signs_carry_each_projects_code(void)
{
    const char *db = event();
    REQUIRE(db);
    const char *pdf = tu_path("signs.pdf");
    const char *said =
        tu_checkin_want(0, "sprints '%s' signs --out '%s'", db, pdf);
    EXPECT_CONTAINS(said, "3 signs.");
    REQUIRE(tu_sh("pdftoppm -r 60 -png '%s' '%s'", pdf, tu_path("sign")) == 0);
    said = tu_checkin_want(0, "decode '%s' '%s' '%s'", tu_path("sign-1.png"),
                           tu_path("sign-2.png"), tu_path("sign-3.png"));
    EXPECT_CONTAINS(said, "sign-1.png\tcheckin-sprint:cpython");
    EXPECT_CONTAINS(said, "sign-2.png\tcheckin-sprint:django");
    EXPECT_CONTAINS(said, "sign-3.png\tcheckin-sprint:pip");
}

static void once_a_person_a_project_a_day(void)
{
    const char *db = event();
    REQUIRE(db);
    char a[64], b[64], c[64], ca[256], cb[256], cc[256];
    snprintf(a, sizeof(a), "%s", ticket(db, 1, 1));
    snprintf(b, sizeof(b), "%s", ticket(db, 0, 1));
    snprintf(c, sizeof(c), "%s", ticket(db, 1, 2));
    snprintf(ca, sizeof(ca), "%s", code_of(db, a));
    snprintf(cb, sizeof(cb), "%s", code_of(db, b));
    snprintf(cc, sizeof(cc), "%s", code_of(db, c));
    /* Day 1: a badge before any sign, then three projects. */
    const char *out = station(
        db, "2027-05-17 10:00",
        tu_format("%s\ncheckin-sprint:cpython\n%s\n%s\ncheckin-sprint:pip\n"
                  "%s\ncheckin-sprint:numpy\ncheckin-sprint:django\n%s\n",
                  ca, cb, cc, ca, cb));
    EXPECT_CONTAINS(out, "Choose the project first: scan its table sign or "
                         "type its name, then the badge.");
    EXPECT_CONTAINS(out, "Now checking in to CPython.");
    EXPECT_CONTAINS(out, "Checked in to CPython for today.");
    EXPECT_CONTAINS(out, "No sprint project is called 'numpy'");
    EXPECT_INT(count(out, "\"reason\":\"sprint\""), 4);
    /* The same day later: b again at cpython, a's first there. */
    out = station(db, "2027-05-17 14:30",
                  tu_format("checkin-sprint:cpython\n%s\n%s\n", ca, cb));
    EXPECT_INT(count(out, "\"reason\":\"sprint-again\""), 1);
    EXPECT_INT(count(out, "\"reason\":\"sprint\""), 1);
    EXPECT_CONTAINS(out, "Already checked in to CPython today at 10:00.");
    /* The next day counts afresh (the project typed by its slug); the
     * day after the sprints has none. */
    out = station(db, "2027-05-18 09:15", tu_format("cpython\n%s\n", ca));
    EXPECT_CONTAINS(out, "Now checking in to CPython.");
    EXPECT_INT(count(out, "\"reason\":\"sprint\""), 1);
    out = station(db, "2027-05-21 09:15",
                  tu_format("checkin-sprint:cpython\n%s\n", ca));
    EXPECT_CONTAINS(out, "There are no sprints today; their days are "
                         "2027-05-17, 2027-05-18, 2027-05-19, 2027-05-20.");
    const char *said = tu_checkin_want(0, "report '%s' sprints", db);
    EXPECT_CONTAINS(said, "cpython  \"CPython\", led by");
    EXPECT_CONTAINS(said, ": 2027-05-17: 3, 2027-05-18: 1, 2027-05-19: 0");
    EXPECT_CONTAINS(said, "pip  \"pip\", led by");
    EXPECT_CONTAINS(said, "Sprints: 3 projects, 6 check-ins in all.");
    /* The dashboard's headcount: each project's people each day. */
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    char *text = NULL;
    REQUIRE(dashboard_snapshot(s, 1810576800000, &text, &err) == CK_OK);
    store_close(s);
    json_t *root = json_loads(text, 0, NULL);
    free(text);
    json_t *sp = json_object_get(root, "sprints");
    EXPECT_INT((long long)json_array_size(sp), 4);
    json_t *first = json_array_get(sp, 0);
    EXPECT_STR(json_string_value(json_object_get(first, "project")), "cpython");
    EXPECT_STR(json_string_value(json_object_get(first, "day")), "2027-05-17");
    EXPECT_INT(json_integer_value(json_object_get(first, "people")), 3);
    json_decref(root);
    const char *csv = tu_path("sprints.csv");
    tu_checkin_want(0, "export '%s' sprints --out '%s'", db, csv);
    EXPECT_INT(tu_lines_with(csv, "cpython,2027-05-17", ""), 3);
    EXPECT_INT(tu_lines_with(csv, "django,2027-05-17", b), 1);
    /* The lead's list: names of all, contact details of the consenting. */
    char lead[64];
    snprintf(lead, sizeof(lead), "%s", ticket(db, 1, 0));
    const char *mine = tu_path("cpython.csv");
    tu_checkin_want(0, "sprints '%s' who cpython --lead '%s' --out '%s'", db,
                    lead, mine);
    char email_a[256];
    snprintf(email_a, sizeof(email_a), "%s",
             tu_sql_text(db, tu_format("SELECT email FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       a)));
    EXPECT_INT(tu_lines_with(mine, email_a, "2027-05-17"), 1);
    char email_b[256];
    snprintf(email_b, sizeof(email_b), "%s",
             tu_sql_text(db, tu_format("SELECT email FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       b)));
    const char *name_b = tu_sql_text(
        db,
        tu_format("SELECT badge_name FROM attendee WHERE ticket_id = '%s'", b));
    EXPECT_INT(tu_lines_with(mine, name_b, "2027-05-17"), 1);
    EXPECT_INT(tu_lines_with(mine, email_b, ""), 0);
    said = tu_checkin_want(1, "sprints '%s' who cpython --lead '%s'", db, b);
    EXPECT_CONTAINS(said, "is not the lead of cpython");
}

TU_MAIN(TU_CASE(a_day_outside_the_event_names_its_line),
        TU_CASE(projects_are_added_and_bad_ones_refused),
        TU_CASE(the_signs_carry_each_projects_code),
        TU_CASE(once_a_person_a_project_a_day))
