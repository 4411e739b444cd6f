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
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
        "--room 101A",
        db, lead);
    EXPECT_CONTAINS(said, "Added the project cpython (\"CPython\"), led by");
    tu_checkin_want(0, "sprints '%s' add-project pip --title pip --lead '%s'",
                    db, ticket(db, 0, 5));
    /* A room named as a tutorial's is ("101A", "Room 3"). */
    tu_checkin_want(0,
                    "sprints '%s' add-project django --title Django --lead "
                    "'%s' --room 'Room 3'",
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
    said = tu_checkin_want(
        1,
        "sprints '%s' add-project numpy --title NumPy --lead '%s' --room "
        "' 101A'",
        db, lead);
    EXPECT_CONTAINS(said, "' 101A' is not a room's name; give --room as 1 to "
                          "100 characters of text");
    said = tu_checkin_want(1, "sprints '%s' remove numpy", db);
    EXPECT_CONTAINS(said, "There is no project 'numpy'; the projects are: "
                          "cpython, django, pip.");
    said = tu_checkin_want(2, "sprints '%s' add-project numpy --title x", db);
    EXPECT_CONTAINS(said, "Try 'checkin sprints --help'.");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM sprint_project"), 3);
    said = tu_checkin_want(0, "sprints '%s' list --json", db);
    EXPECT_CONTAINS(said, "\"slug\": \"cpython\"");
    EXPECT_CONTAINS(said, "\"room\": \"101A\"");
    EXPECT_CONTAINS(said, "\"room\": \"Room 3\"");
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
    /* The sign read again at once (held to a camera, every frame reads
     * it) chooses once: a repeat, not another "Now checking in". */
    out = station(db, "2027-05-17 14:30",
                  tu_format("checkin-sprint:cpython\ncheckin-sprint:cpython\n"
                            "%s\n%s\n",
                            ca, cb));
    EXPECT_INT(count(out, "Now checking in to CPython."), 1);
    EXPECT_INT(count(out, "\"reason\":\"sprint-again\""), 1);
    EXPECT_INT(count(out, "\"reason\":\"sprint\""), 1);
    EXPECT_CONTAINS(out, "Already checked in to CPython today at 10:00.");
    /* The next day counts afresh (the project typed by its slug); the
     * day after the sprints has none. */
    out = station(db, "2027-05-18 09:15", tu_format("cpython\n%s\n", ca));
    EXPECT_CONTAINS(out, "Now checking in to CPython.");
    EXPECT_INT(count(out, "\"reason\":\"sprint\""), 1);
    /* The project chosen by its number in the screens' list (by slug:
     * 1 cpython, 2 django, 3 pip). */
    out = station(db, "2027-05-21 09:15", tu_format("2\n1\n%s\n", ca));
    EXPECT_CONTAINS(out, "Now checking in to Django.");
    EXPECT_CONTAINS(out, "Now checking in to CPython.");
    EXPECT_CONTAINS(out, "There are no sprints today; their days are "
                         "Mon 17 May, Tue 18 May, Wed 19 May, Thu 20 May.");
    /* In German, the days as German says them (issue 53). */
    const char *de_out, *de_err;
    EXPECT_INT(tu_checkin_in(tu_format("--lang de scan '%s' --station sprints "
                                       "--keyboard --json --clock "
                                       "'2027-05-21 09:15'",
                                       db),
                             tu_format("checkin-sprint:cpython\n%s\n", ca),
                             &de_out, &de_err),
               0);
    EXPECT_CONTAINS(de_out, "Heute gibt es keine Sprints; ihre Tage sind Mo "
                            "17. Mai, Di 18. Mai, Mi 19. Mai, Do 20. Mai.");
    EXPECT_CONTAINS(tu_checkin_want(0, "--lang de report '%s' sprints", db),
                    ": Mo 17. Mai: 3, Di 18. Mai: 1, Mi 19. Mai: 0");
    const char *said = tu_checkin_want(0, "report '%s' sprints", db);
    EXPECT_CONTAINS(said, "cpython  \"CPython\", led by");
    EXPECT_CONTAINS(said, ": Mon 17 May: 3, Tue 18 May: 1, Wed 19 May: 0");
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

/* The token of project `slug`'s lead's link as `checkin sprints link`
 * prints it, into `token` (65 bytes). */
static bool link_token(const char *db, const char *slug, char *token)
{
    const char *said = tu_checkin_want(
        0, "sprints '%s' link %s --url http://127.0.0.1:8080/", db, slug);
    const char *at = strstr(said, "http://127.0.0.1:8080/booth/?token=");
    if (!at || strlen(at) < 35 + 64) {
        TU_FAIL_AT("no lead's link for %s in: %s", slug, said);
        return false;
    }
    snprintf(token, 65, "%s", at + 35);
    return true;
}

/* GET `path` of the station on `port` with the lead's cookie `token`
 * ("": none): the status, *body (malloc'd) and *head (malloc'd). */
static int lead_get(int port, const char *path, const char *token, char **head,
                    char **body)
{
    char extra[256];
    snprintf(extra, sizeof(extra), "Host: 127.0.0.1:%d\r\n%s%s%s", port,
             token[0] ? "Cookie: checkin_booth=" : "", token,
             token[0] ? "\r\n" : "");
    *head = *body = NULL;
    return tu_http(port, "GET", path, extra, NULL, head, body);
}

/* A lead's phone, by the link `checkin sprints link` prints, sees who
 * came to their project day by day, the email of those who consented
 * only, downloads the CSV `who` writes, and reaches nothing else: not
 * another project's list nor the station's pages. */
static void a_leads_link_shows_their_projects_people_only(void)
{
    const char *db = event();
    REQUIRE(db);
    const char *said = tu_checkin_want(
        1, "sprints '%s' link cpython --url ftp://sprints:8443", db);
    EXPECT_CONTAINS(said, "'ftp://sprints:8443' is not the sprint station's "
                          "address as phones open it");
    said = tu_checkin_want(1, "sprints '%s' link numpy --url http://x:1", db);
    EXPECT_CONTAINS(said, "There is no project 'numpy'");
    char cpython[65], pip[65];
    REQUIRE(link_token(db, "cpython", cpython));
    REQUIRE(link_token(db, "pip", pip));
    char again[65];
    REQUIRE(link_token(db, "cpython", again));
    EXPECT_STR(again, cpython); /* the same link at every printing */
    /* As a QR code to print for the lead: read back, exactly the link. */
    const char *png = tu_path("cpython-lead.png");
    said = tu_checkin_want(
        0, "sprints '%s' link cpython --url http://127.0.0.1:8080/ --qr '%s'",
        db, png);
    EXPECT_CONTAINS(said, tu_format("Its QR code in %s;", png));
    said = tu_checkin_want(0, "decode '%s'", png);
    EXPECT_CONTAINS(
        said, tu_format("\thttp://127.0.0.1:8080/booth/?token=%s\n", cpython));
    const char *errpath = tu_path("lead-station.err");
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' scan '%s' --station sprints --json --offline "
             "--clock '2027-05-18 12:00' --web 127.0.0.1:0 >'%s' 2>'%s' "
             "</dev/null",
             CHECKIN_BIN, db, tu_path("lead-station.out"), errpath);
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(tu_serve(&p, cmd, errpath, "Station screen: ", "the sprint station",
                     &link));
    /* The station's page lists the projects as buttons: one touched
     * (its slug posted as a code) is the station's project. */
    int events = tu_events(link.port, 10000);
    EXPECT_TRUE(events >= 0);
    const char *seen = tu_read_until(events, "\"projects\":", 10000);
    EXPECT_CONTAINS(seen, "{\"slug\":\"cpython\",\"title\":\"CPython\","
                          "\"room\":\"101A\",\"now\":false}");
    char *head = NULL, *body = NULL;
    char extra[256];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
             "Cookie: checkin_station=%s\r\n",
             link.port, link.token);
    EXPECT_INT(tu_http(link.port, "POST", "/api/input", extra,
                       "{\"kind\":\"code\",\"text\":\"pip\"}", &head, &body),
               200);
    free(head);
    free(body);
    seen = tu_read_until(events, "\"now\":true", 10000);
    EXPECT_CONTAINS(seen, "{\"slug\":\"pip\",\"title\":\"pip\",\"room\":"
                          "\"\",\"now\":true}");
    if (events >= 0)
        close(events);
    /* The link keeps the token in the cookie and opens the list. */
    EXPECT_INT(lead_get(link.port, tu_format("/booth/?token=%s", cpython), "",
                        &head, &body),
               303);
    EXPECT_CONTAINS(head ? head : "", tu_format("checkin_booth=%s", cpython));
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, "/booth/", cpython, &head, &body), 200);
    const char *page = body ? body : "";
    char a[64], b[64];
    snprintf(a, sizeof(a), "%s", ticket(db, 1, 1));
    snprintf(b, sizeof(b), "%s", ticket(db, 0, 1));
    char email_a[256], email_b[256], name_b[256];
    snprintf(email_a, sizeof(email_a), "%s",
             tu_sql_text(db, tu_format("SELECT email FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       a)));
    snprintf(email_b, sizeof(email_b), "%s",
             tu_sql_text(db, tu_format("SELECT email FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       b)));
    snprintf(name_b, sizeof(name_b), "%s",
             tu_sql_text(db, tu_format("SELECT badge_name FROM attendee"
                                       " WHERE ticket_id = '%s'",
                                       b)));
    EXPECT_CONTAINS(page, "Who came to CPython");
    EXPECT_CONTAINS(page, "Mon 17 May <small>3 people</small>");
    EXPECT_CONTAINS(page, "Tue 18 May <small>1 person</small>");
    EXPECT_CONTAINS(page, email_a);
    EXPECT_CONTAINS(page, name_b);
    EXPECT_NOT_CONTAINS(page, email_b); /* b did not consent */
    free(head);
    free(body);
    /* The CSV: the bytes `who` writes for the lead. */
    EXPECT_INT(
        lead_get(link.port, "/api/booth/people.csv", cpython, &head, &body),
        200);
    char *who = tu_read_file(tu_path("cpython.csv"), NULL);
    EXPECT_STR(body ? body : "", who ? who : "(no who file)");
    EXPECT_CONTAINS(head ? head : "", "filename=\"sprint-cpython.csv\"");
    free(who);
    free(head);
    free(body);
    /* pip's lead sees pip's people: not b, who never came to pip. */
    EXPECT_INT(lead_get(link.port, "/booth/", pip, &head, &body), 200);
    EXPECT_CONTAINS(body ? body : "", "Who came to pip");
    EXPECT_NOT_CONTAINS(body ? body : "", name_b);
    free(head);
    free(body);
    /* Nothing else: the station's screen, a sponsor's API, no link. */
    EXPECT_INT(lead_get(link.port, "/", cpython, &head, &body), 403);
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, "/api/booth/leads", cpython, &head, &body),
               404);
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, "/booth/", "", &head, &body), 403);
    free(head);
    free(body);
    /* While the station runs: a project added and its lead's link
     * printed opens its list at once. */
    tu_checkin_want(0,
                    "sprints '%s' add-project numpy --title NumPy --lead "
                    "'%s'",
                    db, ticket(db, 0, 2));
    char numpy[65];
    REQUIRE(link_token(db, "numpy", numpy));
    EXPECT_INT(lead_get(link.port, tu_format("/booth/?token=%s", numpy), "",
                        &head, &body),
               303);
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, "/booth/", numpy, &head, &body), 200);
    EXPECT_CONTAINS(body ? body : "", "Who came to NumPy");
    free(head);
    free(body);
    /* A lost phone: the link printed again is another, and the old one
     * and its cookie are refused at once. */
    said = tu_checkin_want(0, "sprints '%s' revoke cpython", db);
    EXPECT_CONTAINS(said, "are refused from now on");
    REQUIRE(link_token(db, "cpython", again));
    EXPECT_TRUE(strcmp(again, cpython) != 0);
    EXPECT_INT(lead_get(link.port, "/booth/", cpython, &head, &body), 403);
    EXPECT_CONTAINS(body ? body : "", "is not (or no longer) one of this "
                                      "station's");
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, tu_format("/booth/?token=%s", cpython), "",
                        &head, &body),
               403);
    free(head);
    free(body);
    EXPECT_INT(lead_get(link.port, "/booth/", again, &head, &body), 200);
    EXPECT_CONTAINS(body ? body : "", "Who came to CPython");
    free(head);
    free(body);
    /* pip's link, untouched, still opens pip's. */
    EXPECT_INT(lead_get(link.port, "/booth/", pip, &head, &body), 200);
    free(head);
    free(body);
    tu_stop(&p, SIGTERM, 10000, "the sprint station");
}

/* ---- the PyLadies auction (issue 56 item 3, docs/auction.md) ---- */

/* The demo event with an [auction] of twelve lots and two doors' blocks
 * in place of the demo's own (last, so that a line may be added to it),
 * and its registrations: the file. */
static const char *auction_event(void)
{
    static char db[4096];
    if (db[0])
        return db;
    static const char *const drop[] = {"auction", NULL};
    char extra[2048];
    int used = snprintf(extra, sizeof(extra),
                        "\n[auction]\ncurrency = USD\npaddles auction-1 = "
                        "1-199\npaddles auction-2 = 200-399\n");
    for (int i = 1; i <= 12; i++)
        used +=
            snprintf(extra + used, sizeof(extra) - (size_t)used,
                     "lot %d = Lot number %d of the PyLadies auction\n", i, i);
    const char *ini = tu_demo_ini("auction.ini", drop, extra);
    if (!ini)
        return NULL; /* failed, saying why */
    snprintf(db, sizeof(db), "%s", tu_path("auction.db"));
    if (tu_event(db, ini, NULL, CONFIG_DIR "/demo/registrations.csv")) {
        db[0] = '\0';
        return NULL;
    }
    return db;
}

/* The n-th paid registration's current code. */
static const char *bidder(const char *db, int n)
{
    return tu_sql_text(db, tu_format("SELECT s.secret FROM ticket_secret s"
                                     " JOIN attendee a ON a.id ="
                                     " s.attendee_id WHERE a.status = 'paid'"
                                     " AND s.revoked = 0 ORDER BY a.id LIMIT"
                                     " 1 OFFSET %d",
                                     n));
}

/* `codes` at a station of kind `kind` named `name` at local `clock`: its
 * JSON lines. */
static const char *auction_station(const char *db, const char *kind,
                                   const char *name, const char *clock,
                                   const char *codes)
{
    const char *out, *err;
    if (tu_checkin_in(tu_format("scan '%s' --station %s --name %s --keyboard"
                                " --json --clock '%s'",
                                db, kind, name, clock),
                      codes, &out, &err) != 0) {
        TU_FAIL_AT("the %s station at %s: %s", kind, clock, err);
        return "";
    }
    static char kept[65536];
    snprintf(kept, sizeof(kept), "%s", out);
    return kept;
}

static long long acts(const char *db)
{
    return tu_sql_int(db, "SELECT count(*) FROM auction_act");
}

static void twenty_paddles_ten_lots_and_a_settlement(void)
{
    const char *db = auction_event();
    REQUIRE(db);
    static char codes[20 * 256];
    size_t used = 0;
    for (int i = 0; i < 20; i++)
        used += (size_t)snprintf(codes + used, sizeof(codes) - used, "%s\n",
                                 bidder(db, i));
    const char *out =
        auction_station(db, "auction", "auction-1", "2027-05-14 19:00", codes);
    EXPECT_INT(count(out, "\"reason\":\"paddle\""), 20);
    EXPECT_CONTAINS(out, "\"paddle\":1,");
    EXPECT_CONTAINS(out, "\"reason_text\":\"Paddle 20.\"");
    EXPECT_INT(tu_sql_int(db, "SELECT count(DISTINCT paddle) FROM auction_act"
                              " WHERE act = 'paddle'"),
               20);
    /* The same person later: the same paddle back. */
    out = auction_station(db, "auction", "auction-1", "2027-05-14 19:30",
                          tu_format("%s\n", bidder(db, 4)));
    EXPECT_CONTAINS(out, "\"reason\":\"paddle-again\"");
    EXPECT_CONTAINS(out, "Paddle 5, given at 19:00 at auction-1.");
    /* Ten lots won by paddles 1 to 5, two each. */
    for (int lot = 1; lot <= 10; lot++)
        EXPECT_CONTAINS(tu_checkin_want(0,
                                        "auction '%s' win %d --paddle %d "
                                        "--amount %d.50",
                                        db, lot, (lot + 1) / 2, lot * 10),
                        tu_format("Lot %d won by paddle %d for %d.50.", lot,
                                  (lot + 1) / 2, lot * 10));
    const char *rep = tu_checkin_want(0, "report '%s' auction", db);
    EXPECT_CONTAINS(rep, "paddle 1  lots 1, 2  31.00 USD  to pay");
    EXPECT_CONTAINS(rep, "paddle 5  lots 9, 10  191.00 USD  to pay");
    EXPECT_CONTAINS(rep, "Auction: 5 winners, 555.00 USD in all, 555.00 still "
                         "to pay.");
    json_t *j = json_loads(tu_checkin_want(0, "report '%s' auction --json", db),
                           0, NULL);
    EXPECT_TRUE(j && json_array_size(j) == 5);
    EXPECT_INT(json_integer_value(
                   json_object_get(json_array_get(j, 2), "total_cents")),
               11100);
    json_decref(j);
    /* The pay desk: what paddle 3 owes, then settled on the second
     * scan, then settled before; a bidder who won nothing pays nothing. */
    char three[256], eleven[256], both[520];
    snprintf(three, sizeof(three), "%s\n", bidder(db, 2));
    snprintf(eleven, sizeof(eleven), "%s\n", bidder(db, 10));
    snprintf(both, sizeof(both), "%s%s", three, eleven);
    out =
        auction_station(db, "auction-pay", "pay-1", "2027-05-14 21:00", three);
    EXPECT_CONTAINS(out, "Paddle 3 owes 111.00 USD for lots 5, 6; take the "
                         "payment, then scan the badge again to settle.");
    out =
        auction_station(db, "auction-pay", "pay-1", "2027-05-14 21:01", three);
    EXPECT_CONTAINS(out, "\"reason\":\"settled\"");
    out = auction_station(db, "auction-pay", "pay-1", "2027-05-14 21:05", both);
    EXPECT_CONTAINS(out, "Paddle 3 settled 111.00 USD at 21:01 at pay-1; "
                         "nothing more to pay.");
    EXPECT_CONTAINS(out, "Paddle 11 won no lot; nothing to pay.");
    rep = tu_checkin_want(0, "report '%s' auction", db);
    EXPECT_CONTAINS(rep, "paddle 3  lots 5, 6  111.00 USD  settled");
    EXPECT_CONTAINS(rep, "555.00 USD in all, 444.00 still to pay.");
}

/* A win typed by mistake (docs/auction.md "Correcting a win"), after the
 * settlement above: voided with its reason, kept in the list as void, won
 * again; a second win on a lot won says to void first; a paid win is
 * voided only once given back (--refunded), which the report and the pay
 * desk then count; bad input changes nothing. */
static void a_win_typed_by_mistake_is_voided_and_won_again(void)
{
    const char *db = auction_event();
    REQUIRE(db);
    REQUIRE(tu_sql_int(db, "SELECT count(*) FROM auction_act WHERE act ="
                           " 'settle'") == 1);
    EXPECT_CONTAINS(
        tu_checkin_want(0, "auction '%s' void 7 --reason 'wrong paddle'", db),
        "Lot 7: the win by paddle 4 for 70.50 is void; record the lot's win "
        "again if it was sold.");
    long long before = acts(db);
    static const struct {
        const char *args, *said;
    } bad[] = {
        {"void 7", "Lot 7 has no win to void; nothing was changed."},
        {"void 99", "There is no lot '99'; the lots are: 1, 2, 3"},
        {"void 12", "Lot 12 has no win to void; nothing was changed."},
        {"void 5",
         "Lot 5 was paid at pay-1; give paddle 3 the 50.50 USD back at the "
         "pay desk first, then void it with --refunded."},
        {"win 6 --paddle 1 --amount 5",
         "Lot 6 was won already, by paddle 3 for 60.50; nothing was changed; "
         "if that win is a mistake, void it first with checkin auction "
         "EVENT.db void 6."},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *said =
            tu_checkin_want(1, "auction '%s' %s", db, bad[i].args);
        EXPECT_CONTAINS(said, bad[i].said);
        EXPECT_INT(count(said, "\n"), 1);
    }
    char longer[260];
    memset(longer, 'x', 210);
    longer[210] = '\0';
    EXPECT_CONTAINS(
        tu_checkin_want(1, "auction '%s' void 6 --reason %s", db, longer),
        "Give --reason in at most 200 characters.");
    EXPECT_INT(acts(db), before);
    /* Won again, by paddle 2; the paid lot 5 voided once given back. */
    EXPECT_CONTAINS(
        tu_checkin_want(0, "auction '%s' win 7 --paddle 2 --amount 70.50", db),
        "Lot 7 won by paddle 2 for 70.50.");
    EXPECT_CONTAINS(tu_checkin_want(0,
                                    "auction '%s' void 5 --refunded --reason "
                                    "'given back'",
                                    db),
                    "Lot 5: the win by paddle 3 for 50.50 is void;");
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM auction_act WHERE act ="
                              " 'win'"),
               11);
    EXPECT_INT(tu_sql_int(db, "SELECT amount_cents FROM auction_act WHERE"
                              " act = 'void' AND lot = '5'"),
               5050);
    const char *list = tu_checkin_want(0, "auction '%s' list", db);
    EXPECT_CONTAINS(list, "paddle 4, 70.50 USD, void wrong paddle\n");
    EXPECT_CONTAINS(list, "paddle 2, 70.50 USD\n");
    EXPECT_CONTAINS(tu_checkin_want(0, "auction '%s' list --json", db),
                    "\"void_reason\": \"given back\"");
    const char *rep = tu_checkin_want(0, "report '%s' auction", db);
    EXPECT_CONTAINS(rep, "paddle 2  lots 3, 4, 7  141.50 USD  to pay");
    EXPECT_CONTAINS(rep, "paddle 3  lots 6  60.50 USD  settled");
    EXPECT_CONTAINS(rep, "paddle 4  lots 8  80.50 USD  to pay");
    EXPECT_CONTAINS(rep, "504.50 USD in all, 444.00 still to pay.");
    /* The pay desk: paddle 2 owes lot 7 too; paddle 3 owes nothing more. */
    char two[520];
    snprintf(two, sizeof(two), "%s\n", bidder(db, 1));
    size_t n = strlen(two);
    snprintf(two + n, sizeof(two) - n, "%s\n", bidder(db, 2));
    const char *out =
        auction_station(db, "auction-pay", "pay-1", "2027-05-14 21:20", two);
    EXPECT_CONTAINS(out, "Paddle 2 owes 141.50 USD for lots 3, 4, 7;");
    EXPECT_CONTAINS(out, "Paddle 3 settled 60.50 USD at 21:01 at pay-1;");
}

static void a_bad_win_is_one_sentence_and_changes_nothing(void)
{
    const char *db = auction_event();
    REQUIRE(db);
    if (!tu_sql_int(db, "SELECT count(*) FROM auction_act WHERE act = 'win'"
                        " AND lot = '1'"))
        tu_checkin_want(0, "auction '%s' win 1 --paddle 1 --amount 10", db);
    long long before = acts(db);
    static const struct {
        const char *args, *said;
    } bad[] = {
        {"11 --paddle 399 --amount 10",
         "No bidder has paddle 399; give the paddle number the auction door "
         "gave the winner."},
        {"11 --paddle 1 --amount -5",
         "'-5' is not an amount; give --amount as a number more than 0 with "
         "at most two decimals (120 or 120.50)."},
        {"11 --paddle 1 --amount 0", "'0' is not an amount;"},
        {"11 --paddle 1 --amount 1.234", "'1.234' is not an amount;"},
        {"11 --paddle 1 --amount 12,50", "'12,50' is not an amount;"},
        {"99 --paddle 1 --amount 10",
         "There is no lot '99'; the lots are: 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, "
         "11, 12."},
        {"1 --paddle 2 --amount 10", "Lot 1 was won already, by paddle 1"},
        {"11 --paddle 0 --amount 10",
         "Give the winner's paddle with --paddle: a number from 1 to 99999."},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        const char *said =
            tu_checkin_want(1, "auction '%s' win %s", db, bad[i].args);
        EXPECT_CONTAINS(said, bad[i].said);
        EXPECT_INT(count(said, "\n"), 1);
    }
    EXPECT_INT(acts(db), before);
    /* The report's help names the auction's report and the sprints', and
     * an unknown report names them too. */
    const char *help = tu_checkin_want(0, "report --help");
    EXPECT_CONTAINS(help, "checkin report EVENT.db auction [--json]");
    EXPECT_CONTAINS(help, "checkin report EVENT.db sprints\n");
    EXPECT_CONTAINS(tu_checkin_want(2, "report '%s' nope", db),
                    "'sprints' and 'auction'");
    /* A door the description gives no block: refused at its start. */
    const char *out, *err;
    EXPECT_TRUE(tu_checkin_in(tu_format("scan '%s' --station auction --name "
                                        "door-9 --keyboard --json",
                                        db),
                              "", &out, &err) != 0);
    EXPECT_CONTAINS(err, "[auction] gives the station 'door-9' no paddle "
                         "numbers; add 'paddles door-9 = FROM-TO'");
    /* A mistake in [auction] names its line. */
    const char *ini = tu_path("auction-bad.ini");
    size_t len;
    char *text = tu_read_file(tu_path("auction.ini"), &len);
    REQUIRE(text);
    FILE *f = fopen(ini, "w");
    REQUIRE(f);
    fwrite(text, 1, len, f);
    fputs("paddles auction-3 = 150-250\n", f);
    fclose(f);
    free(text);
    EXPECT_CONTAINS(
        tu_checkin_want(1, "init '%s' '%s'", tu_path("auction-bad.db"), ini),
        "[auction]: the paddles of auction-3 overlap those of "
        "auction-1; give each auction door its own numbers; fix "
        "it and run init again.");
}

TU_MAIN(TU_CASE(a_day_outside_the_event_names_its_line),
        TU_CASE(projects_are_added_and_bad_ones_refused),
        TU_CASE(the_signs_carry_each_projects_code),
        TU_CASE(once_a_person_a_project_a_day),
        TU_CASE(a_leads_link_shows_their_projects_people_only),
        TU_CASE(twenty_paddles_ten_lots_and_a_settlement),
        TU_CASE(a_win_typed_by_mistake_is_voided_and_won_again),
        TU_CASE(a_bad_win_is_one_sentence_and_changes_nothing))
