/* Booths and the expo hall through the hub: what a booth reads and
 * writes, its sponsors' leads, notes and ratings, exports, and a booth's
 * phone downloading its leads.  Run as the real command against a real
 * PostgreSQL 15 server this test starts and stops itself (pgserver.c),
 * on real station files; what the hub tests share is in sync_util.h
 * (issue 13; split out of test_sync.c by room in issue 51).  Exits 77
 * (skipped) when the PostgreSQL server is not installed. */
#include "sync_util.h"

/* ---- what the hub lets each station do ---- */

/* A sponsor's booth, with its own credentials, reads no registration and
 * no badge, writes no registration and no other sponsor's lead; a desk
 * reads the registrations.  Its own leads go through. */
static void a_booth_reads_no_attendee_and_writes_only_its_leads(void)
{
    struct hubfix f;
    const char *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "booth", &ev, NULL, "desk-1", "desk",
                               "rls-desk.db", &desk, "booth-1",
                               "leads:datawise", "rls-booth.db", &booth, NULL));
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM badge"), 0);
    /* A badge issued at the desk, scanned at the booth. */
    run(0,
        "print '%s' 48243 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        desk, tu_path("event.key"), tu_path("rls-labels.bin"));
    run(0, "sync '%s'", desk);
    const char *said =
        run(0, "issue --key '%s' '%s' 48243", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1",
              tu_format("%.*s\n", (int)strcspn(ck, "\n"), ck), "lead");
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "sent 1 scan, 1 lead");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM badge"), 0);
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 lead");

    PGconn *c = connect_as_station(booth);
    char state[6];
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.badge", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE mode ="
                      " 'desk'",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.registration (ticket_id, status)"
                      " SELECT ticket_id, status FROM checkin.registration",
                      state),
               -1);
    EXPECT_STR(state, "42501"); /* insufficient privilege */
    EXPECT_INT(
        pq_int(c, "UPDATE checkin.lead SET sponsor_slug = 'pyladies'", state),
        -1);
    EXPECT_STR(state, "42501");
    /* A lead for another sponsor, under the booth's own journal run. */
    EXPECT_INT(
        pq_int(c,
               "INSERT INTO checkin.lead (station_id, seq, station_uid,"
               " station, sponsor_slug, badge_id, at_ms, note, version) SELECT"
               " station_id, 99, station_uid, 'booth-1', 'pythonic-cloud',"
               " badge_id, 1, '', 0 FROM checkin.lead LIMIT 1",
               state),
        -1);
    EXPECT_STR(state, "42501"); /* the row-level security policy */
    PQfinish(c);
    c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.lead", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "UPDATE checkin.registration SET status = "
                      "'cancelled'",
                      state),
               -1);
    EXPECT_STR(state, "42501");
    PQfinish(c);
}

/* `checkin export DB leads --format json`, parsed (stdout only). */
static json_t *booth_export(const char *db)
{
    char args[4096];
    snprintf(args, sizeof(args), "export '%s' leads --format json", db);
    const char *out, *err;
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("checkin %s: %s%s", args, out, err);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    if (!root)
        TU_FAIL_AT("checkin %s printed no JSON: %s", args, out);
    return root;
}

/* Two booths of one sponsor and one of another.  A booth's export, read
 * through the hub, lists its sponsor's leads from both its booths, one
 * row per attendee; contact details only of the attendee
 * who agreed (Olivia), the other (Jean-Luc) counted; nothing of the other
 * sponsor's lead. */
static void a_booth_exports_its_sponsors_consenting_leads_through_the_hub(void)
{
    struct hubfix f;
    const char *desk, *b1, *b2, *other;
    REQUIRE(hubfix_enrolled_as(
        &f, "boothexport", NULL, NULL, "desk-1", "desk", "bx-desk.db", &desk,
        "booth-1", "leads:datawise", "bx-1.db", &b1, "booth-2",
        "leads:datawise", "bx-2.db", &b2, "booth-9", "leads:pythonic-cloud",
        "bx-9.db", &other, NULL));
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);

    free(scan(b1, "--station leads:datawise --name booth-1",
              tu_format("%s\n4 wants a demo\n%s\n", olivia, jeanluc)));
    free(scan(b2, "--station leads:datawise --name booth-2",
              tu_format("%s\n5 hiring, send the job ad\n", olivia)));
    free(scan(other, "--station leads:pythonic-cloud --name booth-9",
              tu_format("%s\n3 other sponsor's note\n", olivia)));
    run(0, "sync '%s'", b2);
    run(0, "sync '%s'", other);

    /* booth-1 has not synced: the export sends its leads first. */
    run(0, "export '%s' leads --out '%s'", b1, tu_path("bx.csv"));
    char *csv = tu_read_file(tu_path("bx.csv"), NULL);
    REQUIRE(csv != NULL);
    EXPECT_CONTAINS(csv, "at,station,note,rating,given_name,family_name,"
                         "badge_name,email,company,tags\r\n");
    EXPECT_CONTAINS(csv, ",booth-1,,,Olivia,Hartley-Whitmore,");
    EXPECT_CONTAINS(csv, "olivia.hw@example.com,Meridian Health Informatics");
    EXPECT_TRUE(strstr(csv, "Jean-Luc") == NULL);
    EXPECT_TRUE(strstr(csv, "other sponsor") == NULL);
    int lines = 0;
    for (const char *p = csv; (p = strchr(p, '\n')); p++)
        lines++;
    EXPECT_INT(lines, 2);
    free(csv);

    /* The same from the other booth, as JSON, and the counts. */
    json_t *root = booth_export(b2);
    EXPECT_STR(json_string_value(json_object_get(root, "sponsor")), "datawise");
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 1);
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "email")),
               "olivia.hw@example.com");
    /* In the event's zone (Los Angeles), with its offset, as the event's
     * own export writes it. */
    const char *at = json_string_value(json_object_get(l0, "at"));
    size_t alen = at ? strlen(at) : 0;
    EXPECT_TRUE(alen == 29 && (!strcmp(at + alen - 6, "-07:00") ||
                               !strcmp(at + alen - 6, "-08:00")));
    json_decref(root);

    /* The other sponsor's booth sees its own lead only. */
    root = booth_export(other);
    leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 0);
    json_decref(root);

    /* Not another sponsor's, and not at a desk. */
    const char *out = run(1, "export '%s' leads --sponsor pythonic-cloud", b1);
    EXPECT_CONTAINS(out, "exports only datawise's leads");
    PGconn *c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.sponsor_leads()", NULL),
               0);
    char state[6];
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.sponsor_leads_near()", state),
        -1);
    EXPECT_STR(state, "42501"); /* only the two exports are granted */
    PQfinish(c);
}

/* Notes and ratings typed at two booths of one sponsor reach the hub and
 * the booth's export: every note, the best rating; a note edited later
 * replaces the earlier text on the hub (newest edit wins). */
static void notes_and_ratings_typed_at_booths_reach_the_export(void)
{
    struct hubfix f;
    const char *hub, *desk, *b1, *b2;
    REQUIRE(hubfix_enrolled_as(&f, "notes", NULL, &hub, "desk-1", "desk",
                               "notes-desk.db", &desk, "booth-1",
                               "leads:datawise", "notes-1.db", &b1, "booth-2",
                               "leads:datawise", "notes-2.db", &b2, NULL));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    int64_t seq = booth_note(b1, "booth-1", olivia, 0, "wants a demo", 4);
    run(0, "sync '%s'", b1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " note = 'wants a demo' AND rating = 4"),
               1);
    booth_note(b2, "booth-2", olivia, 0, "hiring, send the job ad", 5);

    json_t *root = booth_export(b2); /* sends booth-2's lead first */
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "wants a demo; hiring, send the job ad");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    json_decref(root);

    /* booth-1 edits its note: the hub holds the newer text only. */
    booth_note(b1, "booth-1", NULL, seq, "wants a demo for 12 people", 3);
    const char *said = run(0, "sync '%s'", b1);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'booth-1'"),
               1);
    root = booth_export(b1);
    l0 = json_array_get(json_object_get(root, "leads"), 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "wants a demo for 12 people; hiring, send the job ad");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    json_decref(root);
}

/* ---- the expo hall at the hub (hub format 12) ---- */

/* An expo station enrolled at the hub: each booth's leads (note, rating,
 * tags) go up under the booth's sponsor and the organizer and that
 * sponsor's export take them as a leads:SPONSOR station's; another
 * sponsor sees none; two expo stations' leads for one booth both arrive;
 * a lead for a booth the organizer took off is refused in one sentence
 * and nothing of that push is stored. */
static void an_expo_stations_booths_leads_reach_their_sponsors(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *hall, *annex, *a, *b;
    REQUIRE(hubfix_enrolled_as(
        &f, "expohub", &ev, &hub, "desk-1", "desk", "xh-desk.db", &desk,
        "expo-hall", "expo", "xh-hall.db", &hall, "expo-annex", "expo",
        "xh-annex.db", &annex, "booth-a", "leads:datawise", "xh-a.db", &a,
        "booth-b", "leads:pythonic-cloud", "xh-b.db", &b, NULL));
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    /* Every sponsor of the event is a booth of each expo station. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.expo_booth b"
                                 " JOIN checkin.station s ON s.uid ="
                                 " b.station_uid WHERE s.name = 'expo-hall'"),
               sql_int(ev, "SELECT count(*) FROM sponsor"));
    /* No attendee and no badge in the file, as a booth's. */
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM attendee"), 0);
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM badge"), 0);
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);

    /* The enrolled file runs as the expo station, and as nothing else. */
    char *out = scan(hall, "--station expo", "\n");
    free(out);
    const char *said, *e;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station leads:datawise "
                                       "--keyboard --json --offline",
                                       hall),
                             "", &said, &e),
               1);
    EXPECT_CONTAINS(e, "run it with --station expo");

    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "no consent", 2, NULL, 0);
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "2 leads");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'datawise' AND note = 'wants a demo' AND"
                                 " rating = 4 AND tags = E'hiring\\ndemo'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall' AND mode = 'leads'"
                                 " AND target = 'datawise'"),
               2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);

    /* Sponsor A's export through the hub: the consenting attendee's
     * details and the lead's tags; the other lead only counted. */
    json_t *root = booth_export(a);
    json_t *leads = json_object_get(root, "leads");
    REQUIRE(json_array_size(leads) == 1);
    json_t *l0 = json_array_get(leads, 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "email")),
               "olivia.hw@example.com");
    EXPECT_STR(json_string_value(json_object_get(l0, "station")), "expo-hall");
    EXPECT_STR(json_string_value(json_object_get(l0, "note")), "wants a demo");
    EXPECT_STR(json_string_value(json_object_get(l0, "tags")), "demo; hiring");
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 1);
    json_decref(root);
    /* Sponsor B sees none of it. */
    root = booth_export(b);
    EXPECT_INT(json_array_size(json_object_get(root, "leads")), 0);
    EXPECT_INT(json_integer_value(json_object_get(root, "not_consented")), 0);
    json_decref(root);

    /* A second expo station's lead for the same booth arrives too. */
    const char *more[] = {"follow-up"};
    expo_lead(annex, "expo-annex", "datawise", olivia, "met the CTO", 5, more,
              1);
    said = run(0, "sync '%s'", annex);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise' AND badge_id IS"
                                 " NOT NULL AND station IN ('expo-hall',"
                                 " 'expo-annex')"),
               3);
    root = booth_export(a);
    l0 = json_array_get(json_object_get(root, "leads"), 0);
    EXPECT_STR(json_string_value(json_object_get(l0, "note")),
               "met the CTO; wants a demo");
    EXPECT_INT(json_integer_value(json_object_get(l0, "rating")), 5);
    EXPECT_STR(json_string_value(json_object_get(l0, "tags")),
               "demo; follow-up; hiring");
    json_decref(root);

    /* The organizer's own export, after its pull, as for any booth. */
    run(0, "sync '%s'", ev);
    said = run(0, "export '%s' leads --sponsor datawise", ev);
    EXPECT_CONTAINS(said, "Olivia");
    EXPECT_CONTAINS(said, "demo; follow-up; hiring");
    EXPECT_NOT_CONTAINS(said, "Jean-Luc");

    /* The organizer takes nimbus-data off the hall.  A nimbus-data lead
     * made before the station learned it waits in the file, set aside
     * from the push and named; the serpent-systems lead made after it
     * goes up (each booth writes under a run of its own, so the hub takes
     * it in order). */
    said = run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    EXPECT_CONTAINS(said, "refuses sponsor nimbus-data's leads");
    said = run(1, "hub expo-booth '%s' expo-hall no-such-sponsor", ev);
    EXPECT_CONTAINS(said, "There is no sponsor 'no-such-sponsor'");
    EXPECT_CONTAINS(said, "its sponsors are: blue-heron-bank, datawise,");
    {
        /* Both in one run of the station, nimbus-data's first. */
        store *s = NULL;
        station *st = NULL;
        struct ck_error err = {0};
        struct station_config cfg = {.name = "expo-hall", .open_before_ms = -1};
        struct station_result r = {0};
        bool fresh = false;
        REQUIRE(!store_open(hall, STORE_EXISTING, &s, &err));
        REQUIRE(!station_parse_spec("expo", &cfg, &err));
        REQUIRE(!station_open(s, &cfg, &st, &err));
        const char *booths[] = {"nimbus-data", "serpent-systems"};
        for (int i = 0; i < 2; i++) {
            EXPECT_INT(
                station_expo_present(st, booths[i], (const uint8_t *)olivia,
                                     strlen(olivia), station_source_now(st),
                                     &fresh, &r, &err),
                CK_OK);
            keep_result(&r);
            EXPECT_STR(station_reason_token(r.reason), "lead");
            if (i == 0)
                EXPECT_INT(station_expo_edit(st, booths[i], r.lead_seq,
                                             "cloud talk", 3, NULL, 0, &err),
                           CK_OK);
        }
        station_free(st);
        store_close(s);
    }
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead of booths the organizer closed at the hub"
                          " (nimbus-data) waits in this file, not sent");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall'"),
               3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'serpent-systems'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data'"),
               0);
    /* Learned: the booth refuses a code at once, recording nothing. */
    {
        store *s = NULL;
        station *st = NULL;
        struct ck_error err = {0};
        struct station_config cfg = {.name = "expo-hall", .open_before_ms = -1};
        struct station_result r = {0};
        bool fresh = false;
        REQUIRE(!store_open(hall, STORE_EXISTING, &s, &err));
        REQUIRE(!station_parse_spec("expo", &cfg, &err));
        REQUIRE(!station_open(s, &cfg, &st, &err));
        EXPECT_INT(station_expo_present(st, "nimbus-data",
                                        (const uint8_t *)jeanluc,
                                        strlen(jeanluc), station_source_now(st),
                                        &fresh, &r, &err),
                   CK_EINVAL);
        EXPECT_STR(err.msg, "This booth was closed by the organizer; ask at"
                            " the registration desk.");
        station_free(st);
        store_close(s);
    }
    EXPECT_INT(sql_int(hall, "SELECT count(*) FROM lead WHERE sponsor_slug ="
                             " 'nimbus-data'"),
               1);
    /* With its own credentials it reads no attendee nor badge, and may
     * not move a lead to a booth it does not have. */
    PGconn *c = connect_as_station(hall);
    char state[6];
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.badge", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "INSERT INTO checkin.lead (station_id, seq,"
                      " station_uid, station, sponsor_slug, badge_id, at_ms,"
                      " note, version) SELECT station_id, 99, station_uid,"
                      " station, 'nimbus-data', badge_id, at_ms, '', 1 FROM"
                      " checkin.lead WHERE station = 'expo-hall' LIMIT 1"
                      " RETURNING 1",
                      state),
               -1);
    EXPECT_STR(state, "CK001");
    PQfinish(c);
    /* Back on: the lead set aside goes up, and nothing waits. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_NOT_CONTAINS(said, "closed at the hub");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'expo-hall' AND sponsor_slug ="
                                 " 'nimbus-data' AND note = 'cloud talk'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'expo-hall'"),
               4);

    /* A sponsor added to the event later is a booth of both halls. */
    const char *ini = tu_path("xh-event.ini");
    if (tu_sh("{ cat '%s'; printf '\n[sponsor acme-late]\n"
              "name = Acme Late\n'; } > '%s'",
              tu_demo_event_ini(), ini))
        TU_FAIL_AT("could not write %s", ini);
    run(0, "event '%s' '%s'", ev, ini);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.expo_booth"
                                 " WHERE sponsor = 'acme-late' AND"
                                 " removed_ms IS NULL"),
               2);
    run(0, "sync '%s'", annex);
    expo_lead(annex, "expo-annex", "acme-late", olivia, "", 0, NULL, 0);
    said = run(0, "sync '%s'", annex);
    EXPECT_CONTAINS(said, "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'acme-late'"),
               1);
}

/* An order paid after its badge was printed (a supervisor's override at
 * the desk, paid in cash there): the revocation the desk sent while the
 * order was pending is lifted by the organizer's import of the payment,
 * and the sponsors' booths take the badge again.  A reprint revokes the
 * old badge again.  Each revocation is sent once. */
static void a_revocation_is_lifted_once_the_order_is_paid(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "lift", &ev, &hub, "desk-1", "desk", "lift-desk.db", &desk,
        "booth-1", "leads:datawise", "lift-booth.db", &booth, NULL));
    char emily[256], codes[600];
    issue_code(desk, "49042", emily, sizeof(emily)); /* Emily: pending */
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 revoked badge");
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    run(0, "sync '%s'", ev); /* the organizer learns of the badge */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               1);
    run(0, "sync '%s'", booth);
    snprintf(codes, sizeof(codes), "%s\n", emily);
    char *out = scan(booth, "--station leads:datawise --name booth-1", codes);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\"");
    free(out);

    /* The payment, imported on the organizer's laptop, publishes itself. */
    const char *csv = tu_path("lift-paid.csv");
    if (tu_sh("{ head -n 1 '%s/demo/registrations.csv'; tr -d '\\r' < "
              "'%s/demo/registrations.csv' | grep ',49042$' | sed "
              "'s/,pending,/,paid,/'; } > "
              "'%s'",
              CONFIG_DIR, CONFIG_DIR, csv))
        TU_FAIL_AT("could not write %s", csv);
    said = run(0, "import '%s' '%s'", ev, csv);
    EXPECT_CONTAINS(said, "1 badge valid again");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NOT NULL"),
               1);
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "1 badge valid again");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM revoked_badge"), 0);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1", codes, "lead");
    /* The desk takes the payment and sends nothing back; its record of
     * what it sent forgets the badge. */
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "revoked");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM revoked_badge"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               0);

    /* A lost badge reprinted: the old one is revoked again, everywhere. */
    said =
        run(0, "issue --new --key '%s' '%s' 49042", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char second[256];
    snprintf(second, sizeof(second), "%.*s", (int)strcspn(ck, "\n"), ck);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 revoked badge");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge"
                                 " WHERE lifted_ms IS NULL"),
               1);
    said = run(0, "sync '%s'", ev);
    EXPECT_NOT_CONTAINS(said, "valid again");
    run(0, "sync '%s'", booth);
    out = scan(booth, "--station leads:datawise --name booth-1", codes);
    EXPECT_CONTAINS(out, "\"decision\":\"deny\"");
    free(out);
    SCAN_SAYS(booth, "--station leads:datawise --name booth-1",
              tu_format("%s\n", second), "lead");
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* A running booth: a lead taken with its note reaches the hub by itself,
 * and a revocation (the desk reissued the badge) reaches the booth by
 * itself, which then refuses the old badge. */
static void a_running_booth_sends_leads_and_learns_revocations(void)
{
    struct hubfix f;
    const char *hub, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "livebooth", NULL, &hub, "desk-1", "desk",
                               "livebooth-desk.db", &desk, "booth-1",
                               "leads:datawise", "livebooth-booth.db", &booth,
                               NULL));
    struct live a, b;
    REQUIRE(live_start(&a, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", booth,
                       "--station leads:datawise --name booth-1 --cooldown "
                       "0.05") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    char first[256];
    snprintf(first, sizeof(first), "%s", issued_code("", desk));
    REQUIRE(first[0] != '\0');
    scan_expect(&b, first, "reason", "lead");
    EXPECT_INT(live_stop(&b), 0); /* its last sync sends the lead */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise'"),
               1);
    char second[256];
    snprintf(second, sizeof(second), "%s", issued_code("--new", desk));
    REQUIRE(second[0] != '\0');
    /* The desk's worker sends the revocation; the booth, started again,
     * takes it before its first scan. */
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.revoked_badge") <
               1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    REQUIRE(live_start(&b, "", booth,
                       "--station leads:datawise --name booth-1") == 0);
    json_t *d = live_scan(&b, first);
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    json_decref(d);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(live_stop(&a), 0);
}

/* A running expo station enrolled at the hub: a sponsor's phone posts a
 * code to its booth, and the station's own sync worker sends the lead up
 * under that sponsor while it runs. */
static void a_running_expo_station_sends_a_booths_lead(void)
{
    struct hubfix f;
    const char *hub, *desk, *hall;
    REQUIRE(hubfix_enrolled_as(&f, "liveexpo", NULL, &hub, "desk-1", "desk",
                               "liveexpo-desk.db", &desk, "expo-hall", "expo",
                               "liveexpo-x.db", &hall, NULL));
    char olivia[256], body[600];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    snprintf(body, sizeof(body), "{\"text\":\"%s\"}", olivia);
    /* Datawise's token, as its printed link carries it. */
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    const char *line = strstr(links, "datawise\t");
    const char *tok = line ? strstr(line, "token=") : NULL;
    REQUIRE(tok != NULL);
    char cookie[128];
    snprintf(cookie, sizeof(cookie), "checkin_booth=%.*s",
             (int)strcspn(tok + 6, "\n"), tok + 6);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&x, true, 0, 20000));
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
    int port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
    free(err);
    REQUIRE(port > 0);
    char *head = NULL, *resp = NULL;
    EXPECT_INT(
        wd_http(port, "POST", "/api/booth/scan",
                tu_format("Host: 127.0.0.1:%d\r\nCookie: %s\r\nContent-Type: "
                          "application/json\r\n",
                          port, cookie),
                body, &head, &resp),
        200);
    EXPECT_CONTAINS(resp ? resp : "", "\"reason\":\"lead\"");
    free(head);
    free(resp);
    /* Up while it runs: the worker pushes after the decision. */
    int64_t t0 = tu_mono_ms();
    long long n = 0;
    while ((n = pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                  " station = 'expo-hall' AND sponsor_slug ="
                                  " 'datawise'")) < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(n, 1);
    EXPECT_INT(live_stop(&x), 0);
}

/* A phone's read kept while desk A could not be reached and decided by
 * the time it was read (issue 31) keeps that time on its way: desk A's
 * push takes it to the hub, desk B's pull brings it down, and `checkin
 * merge` of desk A's file into the organizer's (never synced: the
 * station files alone) carries it too; `checkin attendees` on desk B's
 * file and on the organizer's shows the check-in at its decision's time
 * and the phone's read ten minutes before. */
static void a_phones_read_time_travels_through_the_hub_and_merge(void)
{
    const char *hub;
    char ev[512], a_db[512], b_db[512], token[128];
    snprintf(ev, sizeof(ev), "%s", published_event("readat", &hub));
    snprintf(a_db, sizeof(a_db), "%s",
             add_station(ev, "desk-a", "desk", "readat-a.db"));
    snprintf(b_db, sizeof(b_db), "%s",
             add_station(ev, "desk-b", "desk", "readat-b.db"));
    char code[256];
    snprintf(code, sizeof(code), "%s", secret_of(ev, "48243"));
    char order[64];
    snprintf(order, sizeof(order), "%s",
             sql_text(ev, "SELECT order_code FROM attendee WHERE ticket_id ="
                          " '48243'"));

    unlink(tu_path("live.err"));
    struct live a;
    REQUIRE(live_start(&a, "", a_db,
                       "--station desk --name desk-a --web 127.0.0.1:0") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    int port;
    REQUIRE(phone_link(&port, token, sizeof(token)));
    char *resp = phone_read(port, token, code, "readat-kept-1", 600000);
    EXPECT_CONTAINS(resp, "\"decision\":\"admit\"");
    EXPECT_CONTAINS(resp, "\"read_time\":");
    free(resp);
    EXPECT_INT(live_stop(&a), 0); /* its last sync sends the row */

    long long read_at = sql_int(a_db, "SELECT read_at_ms FROM scan WHERE"
                                      " attendee_ticket_id = '48243'");
    long long at = sql_int(a_db, "SELECT at_ms FROM scan WHERE"
                                 " attendee_ticket_id = '48243'");
    EXPECT_TRUE(at - read_at >= 600000 && at - read_at < 660000);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.scan WHERE attendee_ticket_id ="
                " '48243' AND read_at_ms = %lld",
                read_at)),
        1);

    run(0, "sync '%s'", b_db);
    EXPECT_INT(sql_int(b_db, "SELECT read_at_ms FROM scan WHERE"
                             " attendee_ticket_id = '48243'"),
               read_at);
    char want[96];
    snprintf(want, sizeof(want), "\"read_at_ms\":%lld", read_at);
    const char *said = run(0, "attendees --json '%s' %s", b_db, order);
    EXPECT_CONTAINS(said, want);
    EXPECT_CONTAINS(said, "\"station\":\"desk-a\"");
    said = run(0, "attendees '%s' %s", b_db, order);
    EXPECT_CONTAINS(said, " at desk-a (read by a phone at ");

    /* The organizer's file, from the station files alone. */
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan"), 0);
    run(0, "merge '%s' '%s'", ev, a_db);
    EXPECT_INT(sql_int(ev, "SELECT read_at_ms FROM scan WHERE"
                           " attendee_ticket_id = '48243'"),
               read_at);
    said = run(0, "attendees --json '%s' %s", ev, order);
    EXPECT_CONTAINS(said, want);
    said = run(0, "attendees '%s' %s", ev, order);
    EXPECT_CONTAINS(said, " at desk-a (read by a phone at ");
}

/* Sponsor `slug`'s token in the expo file `hall`, as its printed link
 * carries it ("" when the file has no such sponsor). */
static const char *booth_token(const char *hall, const char *slug)
{
    static char tok[80];
    char key[80];
    tok[0] = '\0';
    snprintf(key, sizeof(key), "\n%s\t", slug);
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    char *all = malloc(strlen(links) + 2);
    if (!all)
        return tok;
    snprintf(all, strlen(links) + 2, "\n%s", links);
    const char *line = strstr(all, key);
    const char *t = line ? strstr(line, "token=") : NULL;
    if (t)
        snprintf(tok, sizeof(tok), "%.*s", (int)strcspn(t + 6, "\n"), t + 6);
    free(all);
    return tok;
}

/* GET a booth's link `/booth/?token=T` (or POST a code to its scan with
 * the cookie when `code`) at the station on `port`; the status, the
 * answer's body in *body (free it). */
static int booth_get(int port, const char *tok, const char *code, char **body)
{
    char extra[512], path[160], post[600];
    char *head = NULL;
    *body = NULL;
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\nContent-Type:"
             " application/json\r\n",
             port, tok);
    snprintf(path, sizeof(path), "/booth/?token=%s", tok);
    snprintf(post, sizeof(post), "{\"text\":\"%s\"}", code ? code : "");
    int st = code ? wd_http(port, "POST", "/api/booth/scan", extra, post, &head,
                            body)
                  : wd_http(port, "GET", path, extra, NULL, &head, body);
    free(head);
    if (!*body)
        *body = strdup("");
    return st;
}

/* Wait up to 20 s for the booth link `tok` to answer `status` (the
 * running station learns its booths at its worker's syncs); the body. */
static char *booth_link_until(int port, const char *tok, int status)
{
    int64_t t0 = tu_mono_ms();
    char *body = NULL;
    int got = 0;
    for (;;) {
        got = booth_get(port, tok, NULL, &body);
        if (got == status || tu_mono_ms() - t0 > 20000)
            break;
        free(body);
        usleep(20000);
    }
    if (got != status)
        TU_FAIL_AT("the booth link answered %d (%s), not %d", got, body,
                   status);
    return body;
}

static bool is_held(json_t *o, const void *arg)
{
    return !strcmp(live_str(o, "event"), "sync") &&
           json_integer_value(json_object_get(o, "leads_held")) ==
               *(const long *)arg;
}

/* The expo hall both expo tests start from: the demo event at a hub of
 * its own, desk-1 and the hall enrolled (files NAME-desk-1.db and
 * NAME-expo-hall.db), and two paid attendees' badges issued at the desk
 * (Olivia, ticket 48243; Jean-Luc, 48275) and synced, so the hub knows
 * them. */
struct expo_hub {
    struct hubfix f;
    const char *desk, *hall; /* f.file[0], f.file[1] */
    char olivia[256], jeanluc[256];
};

static bool expo_hub_open(struct expo_hub *x, const char *name)
{
    if (!hubfix_open(&x->f, name, NULL, "desk-1", "desk", "expo-hall", "expo",
                     NULL))
        return false;
    x->desk = x->f.file[0];
    x->hall = x->f.file[1];
    issue_code(x->desk, "48243", x->olivia, sizeof(x->olivia));
    issue_code(x->desk, "48275", x->jeanluc, sizeof(x->jeanluc));
    run(0, "sync '%s'", x->desk);
    return true;
}

/* A running expo station learns its booths from the hub: a lead of a
 * booth closed there, made before the station learned it, waits in the
 * file and the worker's line names it, while another booth's lead goes
 * up; the closed booth's link and phone are refused in one sentence; a
 * sponsor added at the hub gets a working link; the booth reopened takes
 * its link back and its lead goes up. */
static void a_running_expo_station_learns_its_booths_from_the_hub(void)
{
    struct expo_hub x0;
    REQUIRE(expo_hub_open(&x0, "learnexpo"));
    const char *hub = x0.f.hub, *ev = x0.f.ev, *hall = x0.hall,
               *olivia = x0.olivia, *jeanluc = x0.jeanluc;
    char datawise[80], nimbus[80];
    snprintf(datawise, sizeof(datawise), "%s", booth_token(hall, "datawise"));
    snprintf(nimbus, sizeof(nimbus), "%s", booth_token(hall, "nimbus-data"));
    REQUIRE(datawise[0] && nimbus[0]);
    /* Closed at the hub while the hall's laptop was off; a lead made then
     * at nimbus-data's booth. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    expo_lead(hall, "expo-hall", "nimbus-data", olivia, "offline", 2, NULL, 0);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    long one = 1;
    json_t *o = live_next(&x, 20000, is_held, &one);
    if (!o)
        TU_FAIL_AT("the station never said it holds one lead");
    else
        EXPECT_CONTAINS(live_str(o, "text"), "1 lead of booths closed at the"
                                             " hub held (nimbus-data)");
    json_decref(o);
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
    int port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
    free(err);
    REQUIRE(port > 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data'"),
               0);
    /* The links handed out leave the closed booth out, and say so. */
    const char *links = run(0, "expo tokens '%s' --url http://x", hall);
    EXPECT_CONTAINS(links, "datawise\t");
    EXPECT_NOT_CONTAINS(links, "nimbus-data\t");
    EXPECT_CONTAINS(links, "Left out, closed by the organizer at the hub as"
                           " this file last learned (the station refuses"
                           " their links): nimbus-data.");

    /* The closed booth: its link and its phone get the one sentence. */
    char *body = booth_link_until(port, nimbus, 403);
    EXPECT_CONTAINS(body, "This booth was closed by the organizer; ask at the"
                          " registration desk.");
    free(body);
    EXPECT_INT(booth_get(port, nimbus, jeanluc, &body), 403);
    EXPECT_CONTAINS(body, "This booth was closed by the organizer");
    free(body);
    /* Another booth's lead goes up while it runs. */
    EXPECT_INT(booth_get(port, datawise, olivia, &body), 200);
    EXPECT_CONTAINS(body, "\"reason\":\"lead\"");
    free(body);
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                             " sponsor_slug = 'datawise'") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'datawise'"),
               1);

    /* A sponsor added on the organizer's laptop: published, pulled, and
     * its link opens its booth. */
    const char *ini = tu_path("learnexpo.ini");
    if (tu_sh("{ cat '%s'; printf '\n[sponsor acme-late]\n"
              "name = Acme Late\n'; } > '%s'",
              tu_demo_event_ini(), ini))
        TU_FAIL_AT("could not write %s", ini);
    run(0, "event '%s' '%s'", ev, ini);
    char acme[80] = "";
    t0 = tu_mono_ms();
    while (!acme[0] && tu_mono_ms() - t0 < 20000) {
        snprintf(acme, sizeof(acme), "%s", booth_token(hall, "acme-late"));
        if (!acme[0])
            usleep(50000);
    }
    REQUIRE(acme[0] != '\0');
    free(booth_link_until(port, acme, 303));
    EXPECT_INT(booth_get(port, acme, olivia, &body), 200);
    EXPECT_CONTAINS(body, "\"reason\":\"lead\"");
    free(body);

    /* Reopened: the link works again and the lead held goes up. */
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    EXPECT_INT(booth_get(port, datawise, jeanluc, &body), 200); /* a sync */
    free(body);
    free(booth_link_until(port, nimbus, 303));
    t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                             " sponsor_slug = 'nimbus-data'") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(10000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data' AND note ="
                                 " 'offline'"),
               1);
    EXPECT_INT(live_stop(&x), 0);
}

/* The organizer writes a sponsor's leads from the hub (`checkin hub
 * leads`): the leads of a sponsor's phones at the expo station, with the
 * contact details of the attendee who agreed only, the file its booth
 * exports, before the organizer's own file pulled them (and byte for byte
 * the organizer's own export once it has); 0600, never over an existing
 * file; neither the event file nor the hub is changed; another sponsor's
 * file holds none of it; a station's file, an unknown sponsor or a missing
 * --out is one sentence. */
static void the_organizer_writes_a_booths_leads_from_the_hub(void)
{
    const char *hub;
    char ev[1024], hall[1024], csv[1024], other[1024], local[1024];
    snprintf(ev, sizeof(ev), "%s", published_event("hubleads", &hub));
    const char *desk = add_station(ev, "desk-1", "desk", "hl-desk.db");
    snprintf(hall, sizeof(hall), "%s",
             add_station(ev, "expo-hall", "expo", "hl-hall.db"));
    snprintf(csv, sizeof(csv), "%s", tu_path("hl-datawise.csv"));
    snprintf(other, sizeof(other), "%s", tu_path("hl-nimbus.csv"));
    snprintf(local, sizeof(local), "%s", tu_path("hl-local.csv"));
    char olivia[256], jeanluc[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));   /* consents */
    issue_code(desk, "48275", jeanluc, sizeof(jeanluc)); /* does not */
    run(0, "sync '%s'", desk);
    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "no consent", 2, NULL, 0);
    run(0, "sync '%s'", hall);

    size_t ev_len = 0;
    char *ev_before = tu_read_file(ev, &ev_len);
    long long hub_before = pgserver_int(
        hub, "SELECT count(*) + coalesce(sum(length(note)), 0) FROM"
             " checkin.lead");
    const char *said = run(0, "hub leads '%s' datawise --out '%s'", ev, csv);
    EXPECT_CONTAINS(said, "Leads listed: 1.  Counted, not listed (attendees "
                          "who did not agree");
    char *got = tu_read_file(csv, NULL);
    EXPECT_CONTAINS(got ? got : "", "olivia.hw@example.com");
    EXPECT_CONTAINS(got ? got : "", "wants a demo");
    EXPECT_CONTAINS(got ? got : "", "demo; hiring");
    EXPECT_NOT_CONTAINS(got ? got : "", "Jean-Luc");
    EXPECT_NOT_CONTAINS(got ? got : "", "no consent");
    struct stat sb;
    EXPECT_INT(stat(csv, &sb), 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    /* Only read: the event file's bytes and the hub's leads as they were
     * (the organizer's file has not pulled the leads). */
    size_t ev_len2 = 0;
    char *ev_after = tu_read_file(ev, &ev_len2);
    EXPECT_TRUE(ev_before && ev_after && ev_len == ev_len2 &&
                !memcmp(ev_before, ev_after, ev_len));
    free(ev_before);
    free(ev_after);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM lead"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) + coalesce(sum(length("
                                 "note)), 0) FROM checkin.lead"),
               hub_before);

    /* Never over a file: the second run is refused, the file as it was. */
    said = run(1, "hub leads '%s' datawise --out '%s'", ev, csv);
    EXPECT_CONTAINS(said, "already exists and is never replaced");
    char *again = tu_read_file(csv, NULL);
    EXPECT_STR(again ? again : "", got ? got : "");
    free(again);

    /* Another sponsor's file holds none of datawise's leads. */
    run(0, "hub leads '%s' nimbus-data --out '%s'", ev, other);
    char *none = tu_read_file(other, NULL);
    EXPECT_NOT_CONTAINS(none ? none : "", "Olivia");
    EXPECT_NOT_CONTAINS(none ? none : "", "wants a demo");
    free(none);

    /* The same file as the organizer's own export once it pulled. */
    run(0, "sync '%s'", ev);
    run(0, "export '%s' leads --sponsor datawise --out '%s'", ev, local);
    char *mine = tu_read_file(local, NULL);
    EXPECT_STR(got ? got : "", mine ? mine : "");
    free(mine);
    free(got);

    /* Each mistake, one sentence, nothing written. */
    said = run(1, "hub leads '%s' no-such-sponsor --out '%s'", ev,
               tu_path("hl-none.csv"));
    EXPECT_CONTAINS(said, "There is no sponsor 'no-such-sponsor'");
    EXPECT_CONTAINS(said, "its sponsors are: blue-heron-bank, datawise,");
    said = run(1, "hub leads '%s' datawise --out '%s'", hall,
               tu_path("hl-none.csv"));
    EXPECT_CONTAINS(said, "is a station's file (expo-hall), not the event"
                          " database");
    said = run(2, "hub leads '%s' datawise", ev);
    EXPECT_CONTAINS(said, "--out FILE.csv");
    EXPECT_TRUE(access(tu_path("hl-none.csv"), F_OK) != 0);
}

/* Sponsor `slug`'s token in the expo file `xdb` at generation 0, made
 * here with libsodium from the file's key (event/expo.c's rule). */
static void token_of_key(const char *xdb, const char *slug, char out[65])
{
    const char *hex =
        sql_text(xdb, "SELECT value FROM setting WHERE key = 'expo_key'");
    uint8_t key[32];
    size_t got = 0;
    out[0] = '\0';
    if (sodium_hex2bin(key, sizeof(key), hex, strlen(hex), NULL, &got, NULL) ||
        got != 32) {
        TU_FAIL_AT("%s holds no expo key", xdb);
        return;
    }
    char msg[128];
    int n = snprintf(msg, sizeof(msg), "sponsor:%s:0", slug);
    uint8_t mac[32];
    crypto_auth_hmacsha256(mac, (const uint8_t *)msg, (size_t)n, key);
    sodium_bin2hex(out, 65, mac, sizeof(mac));
}

/* An expo station's sync killed after the hub committed its push, before
 * the file noted it, while one booth is closed at the hub: the open
 * booths' leads are not sent twice, the closed booth's lead stays held
 * through the kill and the next sync, and once the booth is open again
 * the held lead goes up once, also when that sync is killed the same way. */
static void an_expo_sync_killed_after_its_push_keeps_the_held_leads(void)
{
    struct expo_hub x;
    REQUIRE(expo_hub_open(&x, "killexpo"));
    const char *hub = x.f.hub, *ev = x.f.ev, *hall = x.hall, *olivia = x.olivia,
               *jeanluc = x.jeanluc;
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    expo_lead(hall, "expo-hall", "nimbus-data", olivia, "held", 2, NULL, 0);
    expo_lead(hall, "expo-hall", "datawise", olivia, "open", 4, NULL, 0);
    expo_lead(hall, "expo-hall", "datawise", jeanluc, "open", 5, NULL, 0);
    const char *q_open = "SELECT count(*) FROM checkin.lead WHERE"
                         " sponsor_slug = 'datawise'";
    const char *q_held = "SELECT count(*) FROM checkin.lead WHERE"
                         " sponsor_slug = 'nimbus-data'";

    int st = tu_sh("CHECKIN_TEST_KILL_AT=leads-pushed:killexpo-expo-hall.db "
                   "'%s' sync '%s' >/dev/null 2>&1",
                   CHECKIN_BIN, hall);
    EXPECT_TRUE(WIFEXITED(st) == 0 || WEXITSTATUS(st) != 0);
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, q_held), 0);
    const char *said = run(0, "sync '%s'", hall);
    EXPECT_CONTAINS(said, "1 lead of booths the organizer closed at the hub"
                          " (nimbus-data) waits in this file");
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, q_held), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);

    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    st = tu_sh("CHECKIN_TEST_KILL_AT=leads-pushed:killexpo-expo-hall.db "
               "'%s' sync '%s' >/dev/null 2>&1",
               CHECKIN_BIN, hall);
    EXPECT_TRUE(WIFEXITED(st) == 0 || WEXITSTATUS(st) != 0);
    EXPECT_INT(pgserver_int(hub, q_held), 1);
    said = run(0, "sync '%s'", hall);
    EXPECT_NOT_CONTAINS(said, "closed at the hub");
    EXPECT_INT(pgserver_int(hub, q_held), 1);
    EXPECT_INT(pgserver_int(hub, q_open), 2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " sponsor_slug = 'nimbus-data' AND note ="
                                 " 'held' AND rating = 2"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
}

/* `hub add-station --station expo --phones-url URL --qr DIR` enrolls the
 * expo station and writes its booths' setup QR codes in one command: a
 * bad URL, or a DIR that holds a file, is one sentence before anything
 * is enrolled, and the file in DIR is left as it was. */
static void add_station_writes_the_expo_booths_qr_codes(void)
{
    const char *hub;
    char ev[1024], xdb[1024], dir[1024], keep[1100];
    snprintf(ev, sizeof(ev), "%s", published_event("expoqr", &hub));
    snprintf(xdb, sizeof(xdb), "%s", tu_path("expoqr-x.db"));
    snprintf(dir, sizeof(dir), "%s", tu_path("expoqr-booths"));
    snprintf(keep, sizeof(keep), "%s/keep.txt", dir);

    const char *said = run(1,
                           "hub add-station '%s' expo-hall --station expo"
                           " --out '%s' --phones-url ftp://expo:8443 --qr '%s'",
                           ev, xdb, dir);
    EXPECT_CONTAINS(said, "'ftp://expo:8443' is not a station's address as"
                          " phones open it; give --phones-url like"
                          " https://expo.example:8443.");
    said = run(1,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo:99999",
               ev, xdb);
    EXPECT_CONTAINS(said, "is not a station's address");
    REQUIRE(mkdir(dir, 0700) == 0);
    if (tu_sh("printf 'mine\n' > '%s'", keep))
        TU_FAIL_AT("could not write %s", keep);
    said = run(1,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo.checkin.test:8443 --qr '%s'",
               ev, xdb, dir);
    EXPECT_CONTAINS(said, "already holds files; give --qr a new or empty"
                          " folder (nothing is overwritten).");
    char *kept = tu_read_file(keep, NULL);
    EXPECT_STR(kept ? kept : "", "mine\n");
    free(kept);
    said = run(2,
               "hub add-station '%s' desk-9 --station desk --out '%s'"
               " --phones-url https://expo.checkin.test:8443",
               ev, xdb);
    EXPECT_CONTAINS(said, "give it with --station expo");
    /* Nothing was enrolled, and no file made. */
    EXPECT_TRUE(access(xdb, F_OK) != 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"
                                 " WHERE kind = 'expo'"),
               0);

    /* An empty folder is fine: enrolled, and each booth's QR code reads
     * back as exactly its link. */
    unlink(keep);
    said = run(0,
               "hub add-station '%s' expo-hall --station expo --out '%s'"
               " --phones-url https://expo.checkin.test:8443/ --qr '%s'",
               ev, xdb, dir);
    EXPECT_CONTAINS(said, "Enrolled expo-hall (expo)");
    EXPECT_CONTAINS(said, "booths' QR codes in");
    const char *slugs[] = {"datawise", "nimbus-data"};
    for (int i = 0; i < 2; i++) {
        char png[1200], want[300], tok[65];
        snprintf(png, sizeof(png), "%s/%s.png", dir, slugs[i]);
        struct stat sb;
        REQUIRE(stat(png, &sb) == 0);
        EXPECT_INT(sb.st_mode & 0777, 0600);
        token_of_key(xdb, slugs[i], tok);
        snprintf(want, sizeof(want),
                 "https://expo.checkin.test:8443/booth/?token=%s", tok);
        said = run(0, "decode '%s'", png);
        EXPECT_CONTAINS(said, want);
    }
    char links[1200];
    snprintf(links, sizeof(links), "%s/links.txt", dir);
    struct stat sb;
    REQUIRE(stat(links, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
}

/* ---- what the hub believes of a station (issue 28) ---- */

/* Attack 1: a booth's credentials wrote a row under a desk's name numbered
 * near 2^63, and every later check-in at that desk went unrecorded.  The
 * hub refuses the row; and a row of that kind already in a desk's file
 * (pulled from an older hub) no longer sets the desk's numbers. */
static void a_booths_row_under_a_desks_name_is_refused(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "trust1", &ev, &hub, "desk-1", "desk", "trust1-desk.db", &desk,
        "booth-1", "leads:datawise", "trust1-booth.db", &booth, NULL));
    char state[6] = "";
    EXPECT_INT(push_by_hand(booth, "f0f0f0f0f0f0f0f0", 9223372036854775000LL,
                            "desk-1", NULL, NULL, state),
               -1);
    EXPECT_STR(state, "42501");
    /* Under its own name, a number past JOURNAL_SEQ_MAX is refused too. */
    EXPECT_INT(push_by_hand(booth, "f0f0f0f0f0f0f0f0", 9223372036854775000LL,
                            "booth-1", NULL, NULL, state),
               -1);
    EXPECT_STR(state, "22003");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 0);

    /* Such a row in the desk's file, as a run pulled from the hub. */
    tu_sh("sqlite3 '%s' \"INSERT INTO scan (station_id, station, seq, at_ms,"
          " mode, target, code, decision, reason, direction) VALUES"
          " ('f0f0f0f0f0f0f0f0', 'desk-1', 9223372036854775807, 1, 'leads',"
          " 'datawise', 'forged', 'admit', 'lead', 'in'); INSERT INTO"
          " sync_run (station_id, own) VALUES ('f0f0f0f0f0f0f0f0', 0)\"",
          desk);
    char codes[512];
    snprintf(codes, sizeof(codes), "%s\n", secret_of(ev, "48275"));
    size_t n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", secret_of(ev, "48243"));
    char *out = scan(desk, "--station desk", codes);
    EXPECT_NOT_CONTAINS(out, "\"recorded\":false");
    EXPECT_CONTAINS(out, "\"recorded\":true");
    free(out);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE station ="
                             " 'desk-1' AND seq IN (1, 2) AND code !="
                             " 'forged'"),
               2);
    const char *said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "sent 2 scans");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               2);
}

/* ---- supervisors at the hub (format 9) ---- */

/* The supervisors' PIN hashes reach desks only: a door's and a booth's
 * files never hold one, nor can their roles read one at the hub; the hub
 * and every file hold the hash, never the PIN; a removal reaches the
 * desk. */
static void doors_and_booths_hold_no_pin_hash(void)
{
    const char *hub;
    const char *ev = published_event("pins", &hub);
    add_supervisor(ev, "Sam", SUP_PIN);
    const char *desk = add_station(ev, "desk-1", "desk", "pins-desk.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "pins-door.db");
    const char *booth =
        add_station(ev, "booth-1", "leads:datawise", "pins-booth.db");
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", door);
    run(0, "sync '%s'", booth);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'supervisor' AND slug = 'Sam' AND"
                                 " data->>'pin_hash' LIKE '$argon2id$%'"),
               1);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor WHERE name ="
                             " 'Sam' AND pin_hash LIKE '$argon2id$%'"),
               1);
    /* With the PIN's length, so that the desk hashes no code of another
     * length (schema 15). */
    EXPECT_INT(sql_int(desk, "SELECT pin_chars FROM supervisor WHERE name ="
                             " 'Sam'"),
               (long long)strlen(SUP_PIN));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM supervisor"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM supervisor"), 0);
    /* Their roles read none at the hub, whatever they ask; a desk's does. */
    const char *q = "SELECT count(*) FROM checkin.event_description WHERE"
                    " kind = 'supervisor'";
    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, q, NULL), 0);
    EXPECT_TRUE(
        pq_int(c, "SELECT count(*) FROM checkin.event_description", NULL) > 0);
    PQfinish(c);
    c = connect_as_station(booth);
    EXPECT_INT(pq_int(c, q, NULL), 0);
    PQfinish(c);
    c = connect_as_station(desk);
    EXPECT_INT(pq_int(c, q, NULL), 1);
    PQfinish(c);
    /* The PIN itself is in no file of the run nor of the hub's server. */
    pgserver_exec(hub, "CHECKPOINT");
    EXPECT_INT(
        tu_sh("grep -rqa '" SUP_PIN "' '%s' '%s'", tu_tmpdir(), pgserver_dir()),
        1 << 8);
    EXPECT_INT(tu_sh("grep -rqa 'argon2id' '%s'", pgserver_dir()), 0);
    /* Removed on the organizer's laptop: gone from the desk. */
    run(0, "event '%s' --remove-supervisor Sam", ev);
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor"), 0);
}

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

/* GET a booth's CSV with sponsor token `tok`'s cookie at the station on
 * `port`: the status, its headers in *head and its body in *body (free
 * both; "" when none). */
static int booth_csv_get(int port, const char *tok, char **head, char **body)
{
    char extra[512];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port, tok);
    int st =
        tu_http(port, "GET", "/api/booth/leads.csv", extra, NULL, head, body);
    if (!*head)
        *head = strdup("");
    if (!*body)
        *body = strdup("");
    return st;
}

/* A's request sent on `fd` (tu_connect) and not yet answered: whether
 * its answer has begun to arrive. */
static bool answered_yet(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) > 0;
}

/* All that arrives on `fd` until the station closes it, waiting at most
 * `ms` in all (malloc'd, "" for nothing); *took its milliseconds. */
static char *read_all(int fd, int ms, int64_t *took)
{
    int64_t t0 = tu_mono_ms();
    size_t n = 0, cap = 1 << 16;
    char *buf = calloc(1, cap + 1);
    while (buf && tu_mono_ms() - t0 < ms) {
        struct pollfd p = {.fd = fd, .events = POLLIN};
        if (poll(&p, 1, (int)(ms - (tu_mono_ms() - t0))) <= 0)
            break;
        ssize_t got = read(fd, buf + n, cap - n);
        if (got <= 0)
            break;
        n += (size_t)got;
        if (n == cap)
            break;
    }
    *took = tu_mono_ms() - t0;
    return buf ? buf : strdup("");
}

/* What the phone of the case below is told of its sponsor's file: one
 * lead left out, in the singular (ngettext). */
#define LEADS_NOTE                                                             \
    "Leads listed: 1.  Counted, not listed (attendees who did not agree to "   \
    "share their details): 1; 1 left out because no badge "                    \
    "scanner could have made it (a badge this event never issued, or too "     \
    "many at once); ask the organizer which."

/* The download today's booth CSV is, without contact details, with the
 * sentence why (`why`) in Checkin-Leads-Note. */
static void expect_station_csv(int port, const char *tok, const char *why)
{
    char *head = NULL, *body = NULL;
    EXPECT_INT(booth_csv_get(port, tok, &head, &body), 200);
    EXPECT_CONTAINS(body, "at,badge_id,note,rating,tags\r\n");
    EXPECT_CONTAINS(body, ",wants a demo,4,hiring; demo\r\n");
    EXPECT_NOT_CONTAINS(body, "olivia.hw@example.com");
    EXPECT_CONTAINS(head, "Checkin-Leads-Note: This file has no names or "
                          "emails: ");
    EXPECT_CONTAINS(head, why);
    free(head);
    free(body);
}

/* Issue 31: a booth's phone at an expo station enrolled at a hub
 * downloads the file `checkin hub leads` writes for its sponsor, byte for
 * byte (the consenting attendee's email, the other counted in the
 * page's sentence), nothing of another sponsor's; the hub frozen, the
 * phone gets today's file and the sentence within the station's 5 s
 * while another phone is answered at once; the hub stopped, or of format
 * 22, the same with their sentences; the organizer's sync upgrades the
 * hub and the contacts come back.  At the hub, only an expo station gets
 * rows, and only of a sponsor whose booth it serves. */
static void an_expo_booths_phone_downloads_its_leads_from_the_hub(void)
{
    struct expo_hub x0;
    REQUIRE(expo_hub_open(&x0, "expocsv"));
    const char *hub = x0.f.hub, *ev = x0.f.ev, *hall = x0.hall;
    char datawise[80], nimbus[80], oracle[1024];
    snprintf(datawise, sizeof(datawise), "%s", booth_token(hall, "datawise"));
    snprintf(nimbus, sizeof(nimbus), "%s", booth_token(hall, "nimbus-data"));
    REQUIRE(datawise[0] && nimbus[0]);
    const char *tags[] = {"hiring", "demo"};
    expo_lead(hall, "expo-hall", "datawise", x0.olivia, "wants a demo", 4, tags,
              2);
    expo_lead(hall, "expo-hall", "datawise", x0.jeanluc, "no consent", 2, NULL,
              0);
    expo_lead(hall, "expo-hall", "nimbus-data", x0.olivia, "nimbus note", 3,
              NULL, 0);
    /* A badge the hub never heard of (issued at the desk, which does not
     * sync again here): its lead is left out of the file and counted,
     * and the phone's sentence says why the sponsor will not find it. */
    char olga[256];
    issue_code(x0.desk, "48273", olga, sizeof(olga));
    expo_lead(hall, "expo-hall", "datawise", olga, "never issued", 1, NULL, 0);
    run(0, "sync '%s'", hall);
    snprintf(oracle, sizeof(oracle), "%s", tu_path("expocsv-datawise.csv"));
    run(0, "hub leads '%s' datawise --out '%s'", ev, oracle);
    char *want = tu_read_file(oracle, NULL);
    REQUIRE(want != NULL);
    EXPECT_CONTAINS(want, "olivia.hw@example.com");

    /* At the hub: a desk's role gets no row, and the hall none of a
     * sponsor it does not serve (a booth taken off). */
    PGconn *c = connect_as_station(x0.desk);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('datawise')",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "SELECT never_issued + burst FROM"
                      " checkin.expo_sponsor_lead_suspects('datawise')",
                      NULL),
               0);
    PQfinish(c);
    c = connect_as_station(hall);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('datawise')",
                      NULL),
               2);
    char state[6];
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_leads_near('datawise')",
                      state),
               -1);
    EXPECT_STR(state, "42501");
    run(0, "hub expo-booth '%s' expo-hall nimbus-data --off", ev);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM"
                      " checkin.expo_sponsor_leads('nimbus-data')",
                      NULL),
               0);
    run(0, "hub expo-booth '%s' expo-hall nimbus-data", ev);
    PQfinish(c);

    unlink(tu_path("live.err"));
    struct live x;
    REQUIRE(live_start(&x, "", hall, "--station expo --web 127.0.0.1:0") == 0);
    int port = 0;
    for (int64_t t0 = tu_mono_ms(); !port && tu_mono_ms() - t0 < 20000;) {
        char *err = tu_read_file(tu_path("live.err"), NULL);
        const char *u = err ? strstr(err, "http://127.0.0.1:") : NULL;
        port = u ? (int)strtol(u + strlen("http://127.0.0.1:"), NULL, 10) : 0;
        free(err);
        if (!port)
            usleep(20000);
    }
    EXPECT_TRUE(port > 0);
    if (port > 0) {
        char *head = NULL, *body = NULL;
        free(booth_link_until(port, datawise, 303));
        /* A's phone: the organizer's file, byte for byte. */
        int64_t h0 = tu_mono_ms();
        EXPECT_INT(booth_csv_get(port, datawise, &head, &body), 200);
        fprintf(stderr, "A's CSV from the hub in %lld ms\n",
                (long long)(tu_mono_ms() - h0));
        EXPECT_STR(body, want);
        EXPECT_CONTAINS(head, "Checkin-Leads-Note: " LEADS_NOTE "\r\n");
        EXPECT_NOT_CONTAINS(body, "nimbus note");
        EXPECT_NOT_CONTAINS(body, "Jean-Luc");
        free(head);
        free(body);
        /* B's phone: B's own lead, nothing of A's. */
        EXPECT_INT(booth_csv_get(port, nimbus, &head, &body), 200);
        EXPECT_CONTAINS(body, "nimbus note");
        EXPECT_CONTAINS(body, "olivia.hw@example.com");
        EXPECT_NOT_CONTAINS(body, "wants a demo");
        EXPECT_NOT_CONTAINS(body, "no consent");
        free(head);
        free(body);
        /* No token of the hall's, no file. */
        EXPECT_INT(booth_csv_get(port, "not-a-token", &head, &body), 403);
        EXPECT_NOT_CONTAINS(body, "wants a demo");
        free(head);
        free(body);

        /* The hub frozen: A's request sent first, then B's phone's list
         * answered while A's waits for the hub; A's then answered from
         * the station within its bound. */
        EXPECT_INT(pgserver_freeze(true), 0);
        char req[512], extra[512];
        snprintf(req, sizeof(req),
                 "GET /api/booth/leads.csv HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n"
                 "Cookie: checkin_booth=%s\r\nConnection: close\r\n\r\n",
                 port, datawise);
        int fd = tu_connect(port);
        EXPECT_TRUE(fd >= 0);
        int64_t a0 = tu_mono_ms();
        EXPECT_INT(fd >= 0 ? (int)write(fd, req, strlen(req)) : -1,
                   (int)strlen(req));
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port,
                 nimbus);
        int64_t t0 = tu_mono_ms();
        EXPECT_INT(
            tu_http(port, "GET", "/api/booth/leads", extra, NULL, &head, &body),
            200);
        int64_t b_ms = tu_mono_ms() - t0;
        EXPECT_TRUE(fd >= 0 && !answered_yet(fd));
        EXPECT_CONTAINS(body ? body : "", "nimbus note");
        free(head);
        free(body);
        /* A HEAD of A's CSV meanwhile: the station's own headers, saying
         * what a GET does, the hub not asked, so answered while A's GET
         * still waits for it (before, the HEAD waited the hub's 5 s
         * behind A's). */
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_booth=%s\r\n", port,
                 datawise);
        t0 = tu_mono_ms();
        EXPECT_INT(tu_http(port, "HEAD", "/api/booth/leads.csv", extra, NULL,
                           &head, &body),
                   200);
        int64_t head_ms = tu_mono_ms() - t0;
        EXPECT_TRUE(fd >= 0 && !answered_yet(fd));
        EXPECT_CONTAINS(head ? head : "",
                        "Checkin-Leads-Note: These headers are the station's "
                        "own file's, without names or emails; a GET asks the "
                        "hub for them first");
        EXPECT_CONTAINS(head ? head : "", "leads-datawise.csv");
        EXPECT_STR(body ? body : "", "");
        free(head);
        free(body);
        int64_t took = 0;
        char *a = fd >= 0 ? read_all(fd, 15000, &took) : strdup("");
        int64_t a_ms = tu_mono_ms() - a0;
        if (fd >= 0)
            close(fd);
        EXPECT_INT(pgserver_freeze(false), 0);
        fprintf(stderr,
                "hub frozen: A's CSV in %lld ms, B's list in %lld ms, A's "
                "HEAD in %lld ms\n",
                (long long)a_ms, (long long)b_ms, (long long)head_ms);
        /* No bound in time here (the suite runs beside other work): B was
         * answered while A's request still waited (above), and A got its
         * answer, the fallback, while the hub stayed frozen (read_all
         * gives up after 15 s: with no bound at the station, nothing). */
        EXPECT_CONTAINS(a, "HTTP/1.1 200");
        EXPECT_CONTAINS(a, "at,badge_id,note,rating,tags");
        EXPECT_CONTAINS(a, "the station cannot reach the hub now; download "
                           "again when it is back online");
        EXPECT_NOT_CONTAINS(a, "olivia.hw@example.com");
        free(a);

        /* The hub stopped: today's file and the sentence. */
        EXPECT_INT(pgserver_halt(), 0);
        h0 = tu_mono_ms();
        expect_station_csv(port, datawise,
                           "the station cannot reach the hub now");
        fprintf(stderr, "A's CSV with the hub stopped in %lld ms\n",
                (long long)(tu_mono_ms() - h0));
        /* The page, in a real browser: the download says why. */
        bool browser =
            wd_available() && wd_start(tu_path("expocsv-profile")) == 0;
        if (browser) {
            char url[160];
            snprintf(url, sizeof(url), "http://127.0.0.1:%d/booth/?token=%s",
                     port, datawise);
            EXPECT_INT(wd_get(url), 0);
            char *v = wd_wait("var a = document.getElementById('csv');"
                              " if (!a || !a.onclick) return '';"
                              " if (!window.asked) { window.asked = 1;"
                              " a.click(); }"
                              " return document.getElementById('csv-note')"
                              ".textContent.slice(0, 45);",
                              "\"This file has no names or emails: the "
                              "station\"",
                              20000);
            EXPECT_STR(v ? v : "", "\"This file has no names or emails: the "
                                   "station\"");
            free(v);
        } else {
            printf("# no Chromium: the page is not checked\n");
        }
        EXPECT_INT(pgserver_resume(), 0);
        /* A format 22 hub: the same, saying so; the organizer's sync
         * upgrades it and the contacts come back. */
        EXPECT_INT(pgserver_exec(hub, FORMAT22_HUB), 0);
        expect_station_csv(port, datawise,
                           "the hub is older than this station");
        run(0, "sync '%s'", ev);
        EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"),
                   HUB_NOW);
        EXPECT_INT(booth_csv_get(port, datawise, &head, &body), 200);
        EXPECT_STR(body, want);
        free(head);
        free(body);
        if (browser) {
            char *v = wd_wait("if (window.asked < 2) { window.asked = 2;"
                              " document.getElementById('csv').click(); }"
                              " return document.getElementById('csv-note')"
                              ".textContent;",
                              "\"" LEADS_NOTE "\"", 20000);
            EXPECT_CONTAINS(v ? v : "", "Leads listed: 1.  Counted");
            free(v);
            wd_quit();
        }
    }
    EXPECT_INT(live_stop(&x), 0);
    free(want);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(doors_and_booths_hold_no_pin_hash),
        TU_CASE(an_expo_stations_booths_leads_reach_their_sponsors),
        TU_CASE(the_organizer_writes_a_booths_leads_from_the_hub),
        TU_CASE(an_expo_sync_killed_after_its_push_keeps_the_held_leads),
        TU_CASE(a_revocation_is_lifted_once_the_order_is_paid),
        TU_CASE(a_booth_exports_its_sponsors_consenting_leads_through_the_hub),
        TU_CASE(a_running_expo_station_learns_its_booths_from_the_hub),
        TU_CASE(notes_and_ratings_typed_at_booths_reach_the_export),
        TU_CASE(a_booth_reads_no_attendee_and_writes_only_its_leads),
        TU_CASE(a_phones_read_time_travels_through_the_hub_and_merge),
        TU_CASE(a_running_expo_station_sends_a_booths_lead),
        TU_CASE(a_running_booth_sends_leads_and_learns_revocations),
        TU_CASE(add_station_writes_the_expo_booths_qr_codes),
        TU_CASE(a_booths_row_under_a_desks_name_is_refused),
        TU_CASE(an_expo_booths_phone_downloads_its_leads_from_the_hub),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
