/* Doors and counters through the hub: what a door holds of its room,
 * check-in lists and invitations, capacity across doors, and what a desk
 * does reaching the door.  Run as the real command against a real
 * PostgreSQL 15 server this test starts and stops itself (pgserver.c),
 * on real station files; what the hub tests share is in sync_util.h
 * (issue 13; split out of test_sync.c by room in issue 51).  Exits 77
 * (skipped) when the PostgreSQL server is not installed. */
#include "sync_util.h"

/* ---- what flows ---- */

/* A badge printed at desk 1 is admitted at the tutorial's door once both
 * have synced; before, the door does not know it. */
static void a_badge_printed_at_one_desk_is_admitted_at_the_door(void)
{
    struct hubfix f;
    const char *hub, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "badge", NULL, &hub, "desk-1", "desk", "badge-desk.db", &desk,
        "door-1", "door:pandas-intro", "badge-door.db", &door, NULL));
    /* 48275 bought the pandas tutorial. */
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        desk, tu_path("event.key"), tu_path("badge-labels.bin"));
    const char *said =
        run(0, "issue --key '%s' '%s' 48275", tu_path("event.key"), desk);
    const char *ck = strstr(said, "CK");
    REQUIRE(ck != NULL);
    char code[256];
    snprintf(code, sizeof(code), "%.*s\n", (int)strcspn(ck, "\n"), ck);
    /* The door never heard of the badge (nothing synced yet): the signed
     * code names the registration, and the door decides from that. */
    char *before = scan(door,
                        "--station door:pandas-intro --name door-1 "
                        "--clock '2027-05-12 09:05'",
                        code);
    EXPECT_CONTAINS(before, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(before, "\"ticket_id\":\"48275\"");
    free(before);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM badge"), 0);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "print job");
    said = run(0, "sync '%s'", door);
    EXPECT_CONTAINS(said, "badge");
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM badge") > 0);
    /* The same person, the same badge, now known: inside already. */
    char *after = scan(door,
                       "--station door:pandas-intro --name door-1 "
                       "--clock '2027-05-12 09:06'",
                       code);
    EXPECT_CONTAINS(after, "\"reason\":\"already-inside\"");
    free(after);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.print_job"),
               sql_int(desk, "SELECT count(*) FROM print_job"));
}

/* ---- live stations (sync_worker.h) ---- */

/* The `n`th paid secret of someone who bought the pandas tutorial. */
static const char *pandas_secret(const char *db, int n)
{
    return hubfix_pandas(db, n);
}

/* Two doors of one room, running at once: the room's capacity holds
 * across them, because each door counts the other's admissions as soon
 * as they arrive. */
static void a_rooms_capacity_holds_across_its_doors(void)
{
    struct hubfix f;
    const char *ev, *da, *db;
    REQUIRE(hubfix_enrolled_as(&f, "doors", &ev, NULL, "door-a",
                               "door:pandas-intro", "da.db", &da, "door-b",
                               "door:pandas-intro", "db.db", &db, NULL));
    struct live a, b;
#define DOOR_ARGS                                                              \
    "--station door:pandas-intro --capacity 2 --clock '2027-05-12 09:05' "     \
    "--name "
    const char *aa = DOOR_ARGS "door-a", *ba = DOOR_ARGS "door-b";
#undef DOOR_ARGS
    REQUIRE(live_start(&a, "", da, aa) == 0);
    REQUIRE(live_start(&b, "", db, ba) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    for (int i = 0; i < 2; i++) {
        scan_expect(&a, pandas_secret(ev, i), "reason", "entered");
    }
    wait_count(db, "SELECT count(*) FROM scan WHERE station = 'door-a'", 2);
    json_t *d = live_scan(&b, pandas_secret(ev, 2));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    EXPECT_INT(json_integer_value(
                   json_object_get(json_object_get(d, "counters"), "inside")),
               2);
    json_decref(d);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* A badge issued at a desk while its station runs (another process
 * writing the desk's file) is admitted at a running door, and once the
 * desk reprints it, the old code is refused there and the new one
 * admitted, with no one syncing by hand. */
static void a_reprint_at_a_running_desk_revokes_the_old_badge_at_the_door(void)
{
    struct hubfix f;
    const char *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "reprint", NULL, NULL, "desk-1", "desk", "reprint-desk.db", &desk,
        "door-1", "door:pandas-intro", "reprint-door.db", &door, NULL));
    struct live a, b;
    REQUIRE(live_start(&a, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, "", door,
                       "--station door:pandas-intro --name door-1 --clock "
                       "'2027-05-12 09:05' --cooldown 0.05") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    char first[256];
    snprintf(first, sizeof(first), "%s", issued_code("", desk));
    REQUIRE(first[0] != '\0');
    wait_count(door, "SELECT count(*) FROM badge", 1);
    scan_expect(&b, first, "reason", "entered");
    char second[256];
    snprintf(second, sizeof(second), "%s", issued_code("--new", desk));
    REQUIRE(second[0] != '\0' && strcmp(first, second));
    wait_count(door, "SELECT count(*) FROM badge", 2);
    /* Shown again after the door's 50 ms cooldown: a new presentation.
     * The reprint can reach the door sooner than that, and a code shown
     * again within the cooldown is the same presentation (no decision). */
    usleep(100 * 1000);
    json_t *d = live_scan(&b, first);
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "decision"), "deny");
    EXPECT_CONTAINS(live_str(d, "reason_text"), "replaced");
    json_decref(d);
    d = live_scan(&b, second);
    REQUIRE(d != NULL);
    EXPECT_TRUE(strcmp(live_str(d, "decision"), "deny") != 0);
    json_decref(d);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* ---- the event description changed on the organizer's laptop ---- */

/* The `n`th paid person who bought tutorial `has` and not `not`. */
static const char *secret_for(const char *db, const char *has, const char * not,
                              int n)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
                " s.revoked = 0 AND a.id IN (SELECT x.attendee_id FROM"
                " attendee_tutorial x JOIN tutorial u ON u.id = x.tutorial_id"
                " WHERE u.slug = '%s') AND a.id NOT IN (SELECT x.attendee_id"
                " FROM attendee_tutorial x JOIN tutorial u ON u.id ="
                " x.tutorial_id WHERE u.slug = '%s') ORDER BY a.ticket_id LIMIT"
                " 1 OFFSET %d",
                has, not, n));
}

/* A tutorial moved to another room on the organizer's laptop while a door
 * and a desk run: `checkin event` publishes it, the hub wakes them, and
 * the door's next refusal and the desk's next check-in name the new
 * room. */
static void a_tutorial_moved_on_the_laptop_reaches_a_running_door_and_desk(void)
{
    struct hubfix f;
    const char *hub, *ev, *door, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "moved", &ev, &hub, "door-1",
                               "door:asyncio-practice", "moved-door.db", &door,
                               "desk-1", "desk", "moved-desk.db", &desk, NULL));
    struct live d, k;
    REQUIRE(live_start(&d, "", door,
                       "--station door:asyncio-practice --clock "
                       "'2027-05-12 09:05' --name door-1") == 0);
    REQUIRE(live_start(&k, "", desk, "--station desk --name desk-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    REQUIRE(wait_link(&k, true, 0, 20000));
    char pandas[128], pandas2[128];
    snprintf(pandas, sizeof(pandas), "%s",
             secret_for(ev, "pandas-intro", "asyncio-practice", 0));
    snprintf(pandas2, sizeof(pandas2), "%s",
             secret_for(ev, "pandas-intro", "asyncio-practice", 1));
    /* Before: pandas-intro is in 101A. */
    json_t *o = live_scan(&d, pandas);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "wrong-room");
    EXPECT_CONTAINS(live_str(o, "reason_text"), " is in 101A,");
    json_decref(o);

    const char *ini =
        edited_event("moved.ini", "pandas-intro", "room", "Hall B");
    const char *said = run(0, "event '%s' '%s'", ev, ini);
    EXPECT_CONTAINS(said, "tutorial pandas-intro: room 101A -> Hall B\n");
    EXPECT_CONTAINS(said, "sent 1 event description change");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'tutorial' AND data->>'room' = 'Hall B'"),
               1);
    int64_t t0 = tu_mono_ms();
    wait_count(door, "SELECT count(*) FROM tutorial WHERE room = 'Hall B'", 1);
    wait_count(desk, "SELECT count(*) FROM tutorial WHERE room = 'Hall B'", 1);
    printf("# the new room reached the running door and desk in %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    /* The door sends the next one to the new room. */
    o = live_scan(&d, pandas2);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "wrong-room");
    EXPECT_CONTAINS(live_str(o, "reason_text"), " is in Hall B,");
    json_decref(o);
    /* The desk lists the new room for someone who bought pandas. */
    o = live_scan(&k, pandas);
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "checked-in");
    bool listed = false;
    json_t *t;
    size_t i;
    json_array_foreach(json_object_get(o, "tutorials"), i, t)
    {
        if (!strcmp(live_str(t, "room"), "Hall B"))
            listed = true;
        EXPECT_TRUE(strcmp(live_str(t, "room"), "101A") != 0);
    }
    EXPECT_TRUE(listed);
    json_decref(o);
    EXPECT_INT(live_stop(&d), 0);
    EXPECT_INT(live_stop(&k), 0);
    /* Publishing the same description again sends nothing. */
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
}

/* A full room given more seats on the laptop: its running door admits
 * one more, then is full again. */
static void a_capacity_raised_on_the_laptop_admits_one_more_at_a_door(void)
{
    const char *hub;
    const char *ev = published_event("seats", &hub);
    run(0, "event '%s' '%s'", ev,
        edited_event("seats-2.ini", "pandas-intro", "capacity", "2"));
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "seats-door.db");
    EXPECT_INT(sql_int(door, "SELECT capacity FROM tutorial WHERE slug ="
                             " 'pandas-intro'"),
               2);
    struct live d;
    REQUIRE(live_start(&d, "", door,
                       "--station door:pandas-intro --clock "
                       "'2027-05-12 09:05' --name door-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    for (int i = 0; i < 2; i++) {
        scan_expect(&d, pandas_secret(ev, i), "reason", "entered");
    }
    scan_expect(&d, pandas_secret(ev, 2), "reason", "full");
    const char *said =
        run(0, "event '%s' '%s'", ev,
            edited_event("seats-3.ini", "pandas-intro", "capacity", "3"));
    EXPECT_CONTAINS(said, "tutorial pandas-intro: capacity 2 -> 3\n");
    wait_count(door,
               "SELECT count(*) FROM tutorial WHERE slug = 'pandas-intro'"
               " AND capacity = 3",
               1);
    json_t *o = live_scan(&d, pandas_secret(ev, 3));
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "entered");
    EXPECT_INT(json_integer_value(
                   json_object_get(json_object_get(o, "counters"), "capacity")),
               3);
    json_decref(o);
    scan_expect(&d, pandas_secret(ev, 4), "reason", "full");
    EXPECT_INT(live_stop(&d), 0);
}

/* ---- what each role holds ---- */

/* A door holds its room (issue 28): its file and its role on the hub
 * hold every registration's ticket type, status and tutorials, names
 * only of its own tutorial's people, no email, company or order code,
 * confirmation secrets only hashed, and no desk's journal rows; yet it
 * admits by confirmation code and by badge, and sends others to their
 * room.  A hash is no code: scanned, it admits nobody.  A desk and a
 * booth read nothing of the door's views. */
static void a_door_holds_its_room_and_no_contact_details_or_secrets(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "least", &ev, &hub, "desk-1", "desk", "least-desk.db", &desk,
        "door-1", "door:pandas-intro", "least-door.db", &door, "booth-1",
        "leads:datawise", "least-booth.db", &booth, NULL));
    /* Both checked in at the desk by their confirmation codes. */
    char secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n%s\n", secret, secret_of(ev, "48715"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'desk'"),
               2);
    run(0, "sync '%s'", door);
    /* 48275 bought the pandas tutorial; 48715 asyncio-practice. */
    char *out = scan(door,
                     "--station door:pandas-intro --name door-1 --clock "
                     "'2027-05-12 09:05'",
                     tu_format("%s\n%s\n", secret, secret_of(ev, "48715")));
    EXPECT_CONTAINS(out, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(out, "Jean-Luc");
    EXPECT_CONTAINS(out, "\"reason\":\"wrong-room\"");
    free(out);
    EXPECT_INT(sql_int(door,
                       "SELECT count(*) FROM attendee WHERE ticket_id = '48275'"
                       " AND given_name = 'Jean-Luc'"),
               1);
    char hashed[CREDENTIAL_SECRET_HASH_CHARS];
    credential_secret_hash(secret, strlen(secret), hashed);
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:06'",
              tu_format("%s\n", hashed), "unknown-code");
    /* Its own scans of codes keep them hashed, up to the hub. */
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'door' AND convert_from(code,"
                                 " 'UTF8') LIKE 'sha256:%'"),
               3);
    door_holds_its_room(ev, door, "pandas-intro");
    /* A second door of the room gets the first's rows, codes hashed. */
    const char *door2 =
        add_station(ev, "door-2", "door:pandas-intro", "least-door2.db");
    run(0, "sync '%s'", door2);
    EXPECT_INT(sql_int(door2, "SELECT count(*) FROM scan"), 3);
    door_holds_its_room(ev, door2, "pandas-intro");
    SCAN_SAYS(door2,
              "--station door:pandas-intro --name door-2 --clock "
              "'2027-05-12 09:10'",
              secret, "already-inside");
    PGconn *c = connect_as_station(desk);
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.door_registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.door_scan", NULL), 0);
    EXPECT_TRUE(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL) >
                100);
    PQfinish(c);
    c = connect_as_station(booth);
    EXPECT_INT(
        pq_int(c, "SELECT count(*) FROM checkin.door_registration", NULL), 0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.door_scan", NULL), 0);
    PQfinish(c);
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

/* The C predicate (event/admission.c, what every station decides by)
 * and the hub's checkin.on_list() agree on every list of the fixture and
 * every registration; a door's role reads the names and items of exactly
 * those the C predicate puts on its list, and its file holds no more. */
static void a_door_role_reads_exactly_its_lists_people(void)
{
    const char *hub;
    const char *ev = lists_event("onlist", &hub);
    static const char *const LISTS[] = {"tshirt", "lunch", "auction", "summit"};
    store *s;
    struct ck_error e = {0};
    REQUIRE(store_open(ev, STORE_EXISTING | STORE_READONLY, &s, &e) == 0);
    admission *a;
    REQUIRE(admission_new(s, &a, &e) == 0);
    for (size_t k = 0; k < sizeof(LISTS) / sizeof(LISTS[0]); k++) {
        char name[32], file[64];
        snprintf(name, sizeof(name), "door-%s", LISTS[k]);
        snprintf(file, sizeof(file), "onlist-%s.db", LISTS[k]);
        char role[64];
        snprintf(role, sizeof(role), "door:%s", LISTS[k]);
        const char *door = add_station(ev, name, role, file);
        run(0, "sync '%s'", door);
        PGconn *c = connect_as_station(door);
        struct list_info l;
        REQUIRE(admission_list(a, LISTS[k], &l, &e) == 0);
        sqlite3 *h;
        sqlite3_stmt *q;
        REQUIRE(sqlite3_open_v2(ev, &h, SQLITE_OPEN_READONLY, NULL) ==
                SQLITE_OK);
        REQUIRE(sqlite3_prepare_v2(h, "SELECT id, ticket_id FROM attendee", -1,
                                   &q, NULL) == SQLITE_OK);
        int on_n = 0, off_n = 0;
        while (sqlite3_step(q) == SQLITE_ROW) {
            int64_t id = sqlite3_column_int64(q, 0);
            const char *ticket = (const char *)sqlite3_column_text(q, 1);
            bool on;
            char variation[64];
            REQUIRE(admission_on_list(a, &l, id, &on, variation,
                                      sizeof(variation), &e) == 0);
            on_n += on;
            off_n += !on;
            char sql[1024];
            long long hub_on = pgserver_int(
                hub,
                tu_format(
                    "SELECT checkin.on_list('%s', ticket_type, tutorials,"
                    " items, ticket_id)::int FROM checkin.registration WHERE"
                    " ticket_id = '%s'",
                    LISTS[k], ticket));
            if (hub_on != on)
                TU_FAIL_AT("list %s, ticket %s: C says %d, the hub %lld",
                           LISTS[k], ticket, on, hub_on);
            /* The door's role reads the names and items of its people
             * only, and only the items its list names. */
            long long seen = pq_int(
                c,
                tu_format("SELECT (given_name || family_name || badge_name ||"
                          " search_key != '')::int + 2 * (items != '[]')::int"
                          " FROM checkin.door_registration WHERE ticket_id ="
                          " '%s'",
                          ticket),
                NULL);
            long long want = on + 2 * (on && l.items);
            if (seen != want)
                TU_FAIL_AT("list %s, ticket %s: the door's role reads %lld,"
                           " not %lld (1 names, 2 items)",
                           LISTS[k], ticket, seen, want);
            snprintf(sql, sizeof(sql),
                     "SELECT (given_name || family_name || badge_name ||"
                     " search_key != '') + 2 * EXISTS (SELECT 1 FROM"
                     " attendee_item i WHERE i.attendee_id = a.id) FROM"
                     " attendee a WHERE ticket_id = '%s'",
                     ticket);
            if (sql_int(door, sql) != want)
                TU_FAIL_AT("list %s, ticket %s: the door's file holds %lld,"
                           " not %lld",
                           LISTS[k], ticket, sql_int(door, sql), want);
        }
        sqlite3_finalize(q);
        sqlite3_close(h);
        /* Neither side of the comparison is empty (lunch has everyone:
         * every ticket is full or Friday). */
        EXPECT_TRUE(on_n > 0);
        EXPECT_TRUE(off_n > 0 || !strcmp(LISTS[k], "lunch"));
        /* Of an item no list of its own names: nothing at the door. */
        EXPECT_INT(pq_int(c,
                          "SELECT count(*) FROM checkin.door_registration,"
                          " jsonb_array_elements(items) i WHERE i->>'item'"
                          " NOT IN ('302', '401')",
                          NULL),
                   0);
        PQfinish(c);
    }
    admission_free(a);
    store_close(s);
}

/* Answers: the hub holds those some list shows (Ada's and Dee's dietary
 * needs, Ada's preferred fit); the lunch door, whose list shows the
 * dietary question and has both on it, reads those two and not the fit;
 * the T-shirt door, whose list shows none, reads none; the auction door,
 * whose list shows them but has neither on it, reads none; a desk reads
 * those of the admission list: the fit only. */
static void a_door_role_reads_no_answer_its_list_does_not_show(void)
{
    const char *hub;
    const char *ev = lists_event("answers", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.answer WHERE"
                                 " answer IS NOT NULL"),
               3);
    static const struct {
        const char *list;
        long long answers;
    } DOORS[] = {{"lunch", 2}, {"tshirt", 0}, {"auction", 0}};
    for (size_t k = 0; k < sizeof(DOORS) / sizeof(DOORS[0]); k++) {
        char name[32], role[64], file[64];
        snprintf(name, sizeof(name), "door-%s", DOORS[k].list);
        snprintf(role, sizeof(role), "door:%s", DOORS[k].list);
        snprintf(file, sizeof(file), "answers-%s.db", DOORS[k].list);
        const char *door = add_station(ev, name, role, file);
        run(0, "sync '%s'", door);
        PGconn *c = connect_as_station(door);
        EXPECT_INT(
            pq_int(c, "SELECT count(*) FROM checkin.station_answer", NULL),
            DOORS[k].answers);
        /* The table itself: refused, whatever the list. */
        char state[6];
        EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.answer", state), -1);
        EXPECT_STR(state, "42501");
        PQfinish(c);
        EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee_answer"),
                   DOORS[k].answers);
    }
    const char *lunch = tu_path("answers-lunch.db");
    EXPECT_STR(sql_text(lunch, "SELECT group_concat(answer, '|') FROM"
                               " (SELECT answer FROM attendee_answer ORDER"
                               " BY answer)"),
               "no nuts|vegan");
    const char *desk = add_station(ev, "desk-1", "desk", "answers-desk.db");
    run(0, "sync '%s'", desk);
    EXPECT_STR(sql_text(desk, "SELECT group_concat(answer, '|') FROM"
                              " attendee_answer"),
               "straight");
    /* The lunch door shows Ada's answer at the scan. */
    json_t *o = scan_one(lunch,
                         "--station door:lunch --clock '2024-05-16 12:00'"
                         " --name door-lunch",
                         "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(json_array_get(json_object_get(o, "answers"), 0), "answer"),
               "vegan");
    json_decref(o);
}

/* An invitation list (summit: Dee) reaches its door through the hub: Dee
 * is admitted, Ada is not on it; Ada invited on the laptop reaches the
 * door at its next sync, with her name. */
static void an_invitation_list_reaches_the_summit_door(void)
{
    const char *hub;
    const char *ev = lists_event("summit", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.list_invitee"
                                 " WHERE list = 'summit' AND NOT removed"),
               1);
    const char *door =
        add_station(ev, "door-summit", "door:summit", "summit-door.db");
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_invitee"), 1);
    const char *args =
        "--station door:summit --clock '2024-05-16 10:00' --name door-summit";
    json_t *o = scan_one(door, args, "deeticket5031");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    o = scan_one(door, args, "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "not-on-list");
    json_decref(o);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Ada Lovelace'"),
               0);
    sql_write(ev, "INSERT INTO list_invitee (list_id, ticket_id) SELECT l.id,"
                  " a.ticket_id FROM checkin_list l, attendee a WHERE l.slug"
                  " = 'summit' AND a.ticket_id = '5001'");
    /* An invitation is said as one, not as a registration. */
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent 1 invitation;");
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_invitee"), 2);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Ada Lovelace'"),
               1);
    o = scan_one(door, args, "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    /* Dee uninvited: off the list, and her name leaves the door. */
    sql_write(ev, "DELETE FROM list_invitee WHERE ticket_id = '5031'");
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE badge_name"
                             " = 'Dee Large'"),
               0);
    o = scan_one(door, args, "deeticket5031");
    EXPECT_STR(jstr(o, "reason"), "not-on-list");
    json_decref(o);
    /* Lists, answers and invitations published again unchanged: nothing
     * is sent, and no station is woken. */
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent nothing");
}

/* A list changed on the laptop with `checkin event` reaches a running
 * counter: the T-shirt list renamed and given every Friday pass too;
 * Bob (a Friday pass, no T-shirt) was not on it, is now, and his name
 * reaches the counter with the change. */
static void a_list_changed_on_the_laptop_reaches_a_running_door(void)
{
    const char *hub;
    const char *ev = lists_event_with("relist", false, &hub);
    const char *door =
        add_station(ev, "tshirt-1", "door:tshirt", "relist-tshirt.db");
    struct live d;
    REQUIRE(live_start(&d, "", door,
                       "--station door:tshirt --clock '2024-05-17 10:00'"
                       " --name tshirt-1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    /* Before: Bob is not on it, and the counter holds no name of his
     * (a code is scanned once here: a repeat would be one presentation). */
    scan_expect(&d, "chiticket5021", "reason", "not-on-list");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE"
                             " badge_name = 'Bob Friday'"),
               0);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM list_who w JOIN"
                             " checkin_list l ON l.id = w.list_id WHERE"
                             " l.slug = 'tshirt' AND w.what = 'ticket-type'"),
               0);
    const char *ini = tu_path("relist.ini");
    REQUIRE(tu_sh("cp '%s' '%s'", tu_path("relist.ini"),
                  tu_path("relist.ini.orig")) == 0);
    if (tu_sh("sed -e 's/^title = T-shirt$/title = Shirt/' -e "
              "'/^.list tshirt\\]/,/^$/ s/^once = per-person$/once = "
              "per-person\\nticket-types = friday/' '%s' > '%s'",
              tu_path("relist.ini.orig"), ini))
        TU_FAIL_AT("could not write %s", ini);
    const char *said = run(0, "event '%s' '%s'", ev, ini);
    EXPECT_CONTAINS(said, "tshirt");
    int64_t t0 = tu_mono_ms();
    wait_count(door,
               "SELECT count(*) FROM attendee WHERE badge_name ="
               " 'Bob Friday'",
               1);
    printf("# the changed list and Bob's name reached the running door in"
           " %lld ms\n",
           (long long)(tu_mono_ms() - t0));
    json_t *o = live_scan(&d, "bobticket5011");
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "reason"), "redeemed");
    EXPECT_STR(live_str(o, "hand"), "Shirt");
    json_decref(o);
    o = live_scan(&d, "adaticket5001");
    REQUIRE(o != NULL);
    EXPECT_STR(live_str(o, "hand"), "Shirt: M");
    json_decref(o);
    EXPECT_INT(live_stop(&d), 0);
}

/* Two T-shirt counters: Ada's M handed at the first is refused at the
 * second once the hub carries it, with when and where; lunch is once a
 * day across two counters. */
static void a_tshirt_handed_at_one_counter_is_refused_at_another(void)
{
    const char *hub;
    const char *ev = lists_event("shirts", &hub);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "tshirt-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "tshirt-2.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    json_t *o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: M");
    json_decref(o);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:20' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "already-redeemed");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "M");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "10:12");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "tshirt-1");
    json_decref(o);
    /* Dee's L, at the second counter: first time. */
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:21' --name tshirt-2",
        "deeticket5031");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: L");
    json_decref(o);

    const char *l1 = add_station(ev, "lunch-1", "door:lunch", "lunch-1.db");
    const char *l2 = add_station(ev, "lunch-2", "door:lunch", "lunch-2.db");
    run(0, "sync '%s'", l1);
    o = scan_one(
        l1, "--station door:lunch --clock '2024-05-16 12:00' --name lunch-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", l1);
    run(0, "sync '%s'", l2);
    o = scan_one(
        l2, "--station door:lunch --clock '2024-05-16 12:30' --name lunch-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "lunch-1");
    json_decref(o);
    o = scan_one(
        l2, "--station door:lunch --clock '2024-05-17 12:00' --name lunch-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

/* The desk's still-needs line (issue 55 item 2) ticks Ada's T-shirt and
 * her lunch once the hub brings the counters' rows: owed before, done at
 * tshirt-1 and lunch-1 after. */
static void a_tshirt_handed_at_a_counter_is_ticked_at_the_desk(void)
{
    const char *hub;
    const char *ev = lists_event("needs", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "needs-desk.db");
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "needs-1.db");
    const char *l1 = add_station(ev, "lunch-1", "door:lunch", "needs-l.db");
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", l1);
    const char *at_desk = "--station desk --name desk-1 --clock ";
    json_t *o = scan_one(desk, tu_format("%s'2024-05-16 10:00'", at_desk),
                         "adaticket5001");
    EXPECT_CONTAINS(jstr(o, "needs_text"), "Still needs: ");
    EXPECT_CONTAINS(jstr(o, "needs_text"), "Lunch today");
    EXPECT_CONTAINS(jstr(o, "needs_text"), "T-shirt M.");
    json_decref(o);
    o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    o = scan_one(
        l1, "--station door:lunch --clock '2024-05-16 10:15' --name lunch-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", l1);
    run(0, "sync '%s'", desk);
    o = scan_one(desk, tu_format("%s'2024-05-16 10:20'", at_desk),
                 "adaticket5001");
    EXPECT_CONTAINS(jstr(o, "needs_text"), "T-shirt M (tshirt-1)");
    EXPECT_CONTAINS(jstr(o, "needs_text"), "Lunch today (lunch-1)");
    EXPECT_NOT_CONTAINS(jstr(o, "needs_text"), "Still needs");
    json_decref(o);
}

/* The organizer's undo of a T-shirt, made on the first counter's file
 * (the organizer's sync pushes no journal rows), goes to the hub as that
 * counter's row at its next sync: the second counter then hands Ada a
 * T-shirt again.  On a lunch counter's file it is refused, nothing
 * written. */
static void an_undo_on_a_counters_file_reaches_the_other_counter(void)
{
    const char *hub;
    const char *ev = lists_event("undohub", &hub);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "undo-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "undo-2.db");
    const char *l1 = add_station(ev, "lunch-1", "door:lunch", "undo-l.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    run(0, "sync '%s'", l1);
    json_t *o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", l1);
    const char *out =
        run(1, "undo '%s' 5001 --list tshirt --why 'wrong badge'", l1);
    EXPECT_CONTAINS(out, "is the file of station lunch-1 (door:lunch) at the "
                         "hub, which may not write rows of the T-shirt list");
    out = run(0, "undo '%s' 5001 --list tshirt --why 'wrong badge'", t1);
    EXPECT_CONTAINS(out, "Undone: the T-shirt M of Ada Lovelace (5001), handed "
                         "at tshirt-1 on Thu 16 May 10:12.");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:30' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    EXPECT_INT(sql_int(l1, "SELECT count(*) FROM scan WHERE act = 'undo'"), 0);
    EXPECT_STR(sql_text(t1, "SELECT station || ' ' || override FROM scan"
                            " WHERE act = 'undo'"),
               "tshirt-1 wrong badge");
}

static bool swap_verdict(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "reason"), "swapped");
}

/* A swap at one counter (M for L, from its web screen's input) travels
 * through the hub as its `swap` row: the other counter refuses the
 * person naming the L they hold now, and counts that L in its stock. */
static void a_swap_at_one_counter_is_counted_at_another(void)
{
    const char *hub;
    const char *ev = lists_event("swap", &hub);
    sql_write(ev, "INSERT INTO list_stock SELECT id, 'L', 3 FROM checkin_list"
                  " WHERE slug = 'tshirt'; INSERT INTO list_stock SELECT id,"
                  " 'M', 5 FROM checkin_list WHERE slug = 'tshirt';");
    run(0, "sync '%s'", ev);
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "swap-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "swap-2.db");
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    unlink(tu_path("live.err"));
    struct live c1;
    REQUIRE(live_start(&c1, "", t1,
                       "--station door:tshirt --name tshirt-1 --offline"
                       " --clock '2024-05-16 10:12' --web 127.0.0.1:0") == 0);
    json_t *o = live_scan(&c1, "adaticket5001");
    REQUIRE(o);
    EXPECT_STR(live_str(o, "stock_left"), "M: 4 left");
    json_decref(o);
    char *err =
        tu_wait_file(tu_path("live.err"), "Station screen: http://", 10000);
    struct tu_link link = {0};
    bool up = tu_find_link(err, "Station screen: ", &link);
    if (!up)
        TU_FAIL_AT("the counter did not print its link: %s", err ? err : "");
    free(err);
    if (up) {
        char extra[300];
        snprintf(extra, sizeof(extra),
                 "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n",
                 link.port, link.token);
        char *head = NULL, *body = NULL;
        EXPECT_INT(tu_http(link.port, "POST", "/api/input", extra,
                           "{\"kind\":\"swap\",\"text\":\"L\"}", &head, &body),
                   200);
        free(head);
        free(body);
        o = live_next(&c1, 20000, swap_verdict, NULL);
        if (!o)
            TU_FAIL_AT("the counter showed no swap");
        EXPECT_STR(o ? live_str(o, "stock_left") : "", "L: 2 left; M: 5 left");
        json_decref(o);
    }
    EXPECT_INT(live_stop(&c1), 0);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", t2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'swap' AND handed = 'L'"),
               1);
    o = scan_one(t2,
                 "--station door:tshirt --clock '2024-05-16 10:20'"
                 " --name tshirt-2",
                 "adashirt5002");
    EXPECT_STR(jstr(o, "reason"), "already-redeemed");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "handed over: L, ");
    json_decref(o);
    o = scan_one(t2,
                 "--station door:tshirt --clock '2024-05-16 10:21'"
                 " --name tshirt-2",
                 "deeticket5031");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: L");
    EXPECT_CONTAINS(jstr(o, "stock_left"), "L: 1 left");
    json_decref(o);
}

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

/* A walk-in registered at desk-1 (`checkin register`) and printed there
 * on a file printer; the badge, read back from the label's image, is
 * admitted once at desk-2 through the hub, refused there the second time
 * as a duplicate, and admitted at their tutorial's door, enrolled at the
 * same hub; desk-1 then knows it was desk-2 that checked them in. */
static void a_walkin_printed_at_one_desk_is_admitted_once_at_another(void)
{
    struct hubfix f = {0};
    const char *hub;
    snprintf(f.ev, sizeof(f.ev), "%s", published_event("walkprint", &hub));
    /* The organizer's key beside the event: enrolling gives each desk
     * its own copy to sign the badges it prints. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "walkprint.key"), 0600) == 0);
    static const char *const ST[][3] = {
        {"desk-1", "desk", "walkprint-1.db"},
        {"desk-2", "desk", "walkprint-2.db"},
        {"door-1", "door:asyncio-practice", "walkprint-door.db"}};
    for (int i = 0; i < 3; i++)
        snprintf(f.file[i], sizeof(f.file[i]), "%s",
                 add_station(f.ev, ST[i][0], ST[i][1], ST[i][2]));
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             walkin_ticket(run(0,
                               "register '%s' --ticket-type individual"
                               " --given-name Nia --family-name Achterberg"
                               " --email nia@example.org --tutorial"
                               " asyncio-practice",
                               f.file[0])));
    const char *dir = tu_path("walkprint-labels");
    REQUIRE(tu_sh("mkdir -p '%s'", dir) == 0);
    const char *said = run(0,
                           "print '%s' '%s' --printer 'file:%s' --model"
                           " QL-800 --media 62x100 --preview '%s'",
                           f.file[0], ticket, tu_path("walkprint.bin"), dir);
    EXPECT_CONTAINS(said, "2 sent");
    char png[700];
    snprintf(png, sizeof(png), "%s/job-0001-badge.png", dir);
    EXPECT_CONTAINS(run(0, "decode '%s'", png), "CK2:");
    run(0, "sync '%s'", f.file[0]);
    run(0, "sync '%s'", f.file[1]);
    run(0, "sync '%s'", f.file[2]);

    char want[128];
    snprintf(want, sizeof(want), "\"ticket_id\":\"%s\"", ticket);
    said = run(0,
               "scan '%s' --station desk --name desk-2 --json --offline"
               " --clock '2027-05-12 08:40' --images '%s'",
               f.file[1], png);
    EXPECT_CONTAINS(said, "\"reason\":\"checked-in\"");
    EXPECT_CONTAINS(said, want);
    EXPECT_CONTAINS(said, "\"badge_name\":\"Nia Achterberg\"");
    said = run(0,
               "scan '%s' --station desk --name desk-2 --json --offline"
               " --clock '2027-05-12 08:40' --images '%s'",
               f.file[1], png);
    EXPECT_CONTAINS(said, "\"reason\":\"already-checked-in\"");
    EXPECT_NOT_CONTAINS(said, "\"reason\":\"checked-in\"");
    said = run(0,
               "scan '%s' --station door:asyncio-practice --name door-1"
               " --json --offline --clock '2027-05-12 09:05' --images '%s'",
               f.file[2], png);
    EXPECT_CONTAINS(said, "\"reason\":\"entered\"");
    EXPECT_CONTAINS(said, want);
    /* One admission at the desks, desk-2's, everywhere. */
    run(0, "sync '%s'", f.file[1]);
    run(0, "sync '%s'", f.file[0]);
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM live_scan WHERE mode = 'desk' AND"
             " decision = 'admit' AND attendee_ticket_id = '%s'",
             ticket);
    EXPECT_INT(sql_int(f.file[0], sql), 1);
    EXPECT_INT(sql_int(f.file[1], sql), 1);
    said = run(0,
               "scan '%s' --station desk --name desk-1 --json --offline"
               " --clock '2027-05-12 08:50' --images '%s'",
               f.file[0], png);
    EXPECT_CONTAINS(said, "\"reason\":\"already-checked-in\"");
    EXPECT_CONTAINS(said, "at desk-2");
    /* The organizer's laptop takes the walk-in, its badge and desk-2's
     * check-in in one sync: none waits for the next because the person
     * arrived in the same pull. */
    said = run(0, "sync '%s'", f.ev);
    EXPECT_NOT_CONTAINS(said, "does not know yet");
    EXPECT_INT(sql_int(f.ev, sql), 1);
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM badge b JOIN attendee a ON a.id ="
             " b.attendee_id WHERE a.ticket_id = '%s'",
             ticket);
    EXPECT_INT(sql_int(f.file[0], sql), 2); /* the badge and its ticket */
    EXPECT_INT(sql_int(f.ev, sql), 2);
}

/* Only a desk sends walk-ins and edits, and only its own: a door's
 * credentials are refused by the hub's policy, a desk's row under
 * another desk's name or a walk-in not named by its own row by the
 * hub's check, each with a sentence, and nothing is stored.  hub status
 * names a station of a checkin that knows format 10 at most. */
static void a_door_cannot_push_a_walkin(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "nowalkin", &ev, &hub, "desk-1", "desk", "nowalkin-desk.db", &desk,
        "door-1", "door:pandas-intro", "nowalkin-door.db", &door, NULL));
    static const char WALKIN[] =
        "INSERT INTO checkin.run (station_id, station_uid) SELECT"
        " 'aaaaaaaaaaaaaaaa', uid FROM checkin.station WHERE pg_role ="
        " current_user;"
        " INSERT INTO checkin.registration_change (station_id, seq,"
        " station_uid, station, at_ms, ticket_id, kind, value) SELECT"
        " 'aaaaaaaaaaaaaaaa', 1, uid, %s, 1800000000000, '%s', 'create',"
        " '{\"ticket_type\":\"individual\",\"given_name\":\"Eve\","
        "\"family_name\":\"Forger\",\"status\":\"paid\",\"tutorials\":[]}'"
        " FROM checkin.station WHERE pg_role = current_user";
    PGconn *c = connect_as_station(door);
    PGresult *r = PQexec(c, tu_format(WALKIN, "name", "ck:aaaaaaaaaaaaaaaa:1"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    const char *why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    EXPECT_CONTAINS(why ? why : "", "row-level security policy");
    EXPECT_CONTAINS(why ? why : "", "registration_change");
    PQclear(r);
    PQfinish(c);
    /* A desk under another's name, and a walk-in not named by its row. */
    c = connect_as_station(desk);
    r = PQexec(c, tu_format(WALKIN, "'desk-2'", "ck:aaaaaaaaaaaaaaaa:1"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    r = PQexec(c, tu_format(WALKIN, "name", "48243"));
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    why = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
    EXPECT_CONTAINS(why ? why : "", "is not named by its own row");
    PQclear(r);
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id LIKE 'ck:%'"),
               0);
    /* A walk-in typed into the door's own file stays there. */
    run(0,
        "register '%s' --ticket-type individual --given-name Eve"
        " --family-name Forger",
        door);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               0);
    /* hub status names a station that knows format 10 at most. */
    run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 10, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "desk-1 runs an older checkin (it knows hub format 10): "
                    "it does not send its walk-ins and corrections");
}

/* At a format 15 hub, a registration published after the door's first
 * pull, and one whose code the organizer replaced, reach the door with
 * their secrets hashed as written: the door admits each by its code (the
 * code in its QR), and refuses the replaced one. */
static void
a_registration_published_or_edited_later_is_admitted_at_the_door(void)
{
    struct hubfix f;
    const char *hub, *ev, *door;
    REQUIRE(hubfix_enrolled_as(&f, "hashed", &ev, &hub, "door-1",
                               "door:pandas-intro", "hashed-door.db", &door,
                               NULL));
    import_rows(ev, "hashed-late.csv",
                "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,"
                "pandas-intro,1,late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n");
    char old_code[64];
    snprintf(old_code, sizeof(old_code), "%s", secret_of(ev, "48275"));
    sql_write(ev, "UPDATE ticket_secret SET revoked = 1 WHERE attendee_id ="
                  " (SELECT id FROM attendee WHERE ticket_id = '48275');"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT 'new7code2x8q4wz6m3n5p9k2h4j6t8v2', id, 0 FROM"
                  " attendee WHERE ticket_id = '48275';");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", door);
    char *out =
        scan(door,
             "--station door:pandas-intro --name door-1 --clock "
             "'2027-05-12 09:05'",
             tu_format("%s\n%s\n%s\n", "late7reg2x8q4wz6m3n5p9k2h4j6t8v2",
                       "new7code2x8q4wz6m3n5p9k2h4j6t8v2", old_code));
    EXPECT_CONTAINS(out, "\"ticket_id\":\"59999\"");
    const char *late = strstr(out, "\"ticket_id\":\"59999\"");
    const char *replaced = strstr(out, "\"ticket_id\":\"48275\"");
    EXPECT_TRUE(late != NULL && replaced != NULL);
    /* Two entered (Lena, then 48275 by the new code), the old code not. */
    int entered = 0;
    for (const char *p = out; (p = strstr(p, "\"reason\":\"entered\"")); p++)
        entered++;
    EXPECT_INT(entered, 2);
    EXPECT_CONTAINS(out, "\"reason\":\"revoked\"");
    free(out);
}

/* ---- open spaces' boards through the hub (issue 56) ---- */

/* `checkin open-spaces FILE ARGS` (its output). */
static const char *spaces(int want, const char *file, const char *args)
{
    return run(want, "open-spaces '%s' %s", file, args);
}

/* Two boards (desk files) cut off from each other: both take a claim of
 * 201 at 10:00, board-2's first.  Once both synced, both say the same:
 * board-2's claim holds the slot, board-1's is lost with the room's next
 * free slot offered (until its host claims again); a release at board-2
 * of a session claimed at board-1 frees it at board-1 too. */
static void a_slot_claimed_twice_while_cut_off_is_settled_alike(void)
{
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "spaces", open_spaces_event("spaces.ini"),
                        "board-1", "desk", "board-2", "desk", NULL));
    const char *b1 = f.file[0], *b2 = f.file[1];
    spaces(0, b2,
           "claim 201 '2027-05-14 10:00' --host 48275 --title 'Typing BoF'");
    spaces(0, b1,
           "claim 201 '2027-05-14 10:00' --host 48243 --title 'Rust BoF'");
    spaces(0, b1, "claim 202 '2027-05-14 10:00' --host 48243 --title 'Docs'");
    EXPECT_CONTAINS(run(0, "sync '%s'", b1), "sent 2 open space claims");
    run(0, "sync '%s'", b2);
    run(0, "sync '%s'", b1);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM"
                                   " checkin.open_space_claim"),
               3);
    char one[4096];
    snprintf(one, sizeof(one), "%s", spaces(0, b1, "list"));
    const char *two = spaces(0, b2, "list");
    EXPECT_STR(one, two);
    EXPECT_CONTAINS(two, "2027-05-14 10:00  201  \"Typing BoF\", hosted by");
    EXPECT_CONTAINS(two, "\"Rust BoF\", hosted by");
    EXPECT_CONTAINS(two, "(48243): lost to an earlier claim; the next free "
                         "slot is 201 at 2027-05-14 11:00");
    EXPECT_CONTAINS(two, "2027-05-14 10:00  202  \"Docs\"");
    /* Released at board-2, free at board-1 once synced. */
    EXPECT_CONTAINS(spaces(0, b2, "release 202 '2027-05-14 10:00'"),
                    "Released 202 at 2027-05-14 10:00 (\"Docs\"");
    run(0, "sync '%s'", b2);
    run(0, "sync '%s'", b1);
    const char *after = spaces(0, b1, "list --json");
    EXPECT_TRUE(strstr(after, "\"Docs\"") == NULL);
    EXPECT_CONTAINS(after, "\"lost\": true");
    EXPECT_CONTAINS(after, "\"next_slot\": \"2027-05-14 11:00\"");
    /* The lost host takes the slot offered: no longer listed as lost. */
    spaces(0, b1,
           "claim 201 '2027-05-14 11:00' --host 48243 --title 'Rust BoF'");
    EXPECT_NOT_CONTAINS(spaces(0, b1, "list"), "lost to an earlier claim");
}

/* How many times `needle` is in `hay`. */
static int count_of(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* The n-th paid registration's ticket id or code on the event file. */
static const char *paid(const char *db, const char *what, int n)
{
    return sql_text(db, tu_format("SELECT %s FROM attendee a JOIN"
                                  " ticket_secret s ON s.attendee_id = a.id"
                                  " WHERE a.status = 'paid' AND s.revoked = 0"
                                  " ORDER BY a.id LIMIT 1 OFFSET %d",
                                  what, n));
}

/* The open spaces at an event with a hub (issue 56 item 1): the board
 * runs on a desk's file, a room's door on a door's file enrolled for the
 * room (`--station open-space:201`, role door:201; run as anything else it
 * names that station).  At a format 36 hub
 * the board's host scan waits in its file while its claim goes up; after
 * the organizer's sync upgraded the hub it goes.  The door admits two of
 * three (201 has two seats), its rows reach the hub, the board's list
 * counts them and so does the organizer's report. */
static void an_open_space_board_and_door_run_on_enrolled_files(void)
{
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "rooms", open_spaces_event("rooms.ini"), "board-1",
                        "desk", "door-201", "open-space:201", NULL));
    const char *board = f.file[0], *door = f.file[1];
    EXPECT_STR(sql_text(door, "SELECT role FROM sync_hub"), "door:201");
    /* Run as anything else, it names the room's door to run. */
    EXPECT_CONTAINS(
        run(1, "scan '%s' --station desk --keyboard --offline", door),
        "enrolled at the hub as door:201; run it with --station "
        "open-space:201.");
    EXPECT_INT(pgserver_exec(f.hub, FORMAT36_HUB), 0);
    char host[64];
    snprintf(host, sizeof(host), "%s", paid(f.ev, "a.ticket_id", 0));
    char *out = scan(board, "--station open-spaces --clock '2027-05-14 09:50'",
                     tu_format("%s\n", paid(f.ev, "s.secret", 0)));
    EXPECT_CONTAINS(out, "\"reason\":\"host\"");
    free(out);
    spaces(0, board,
           tu_format("claim 201 '2027-05-14 10:00' --host %s --title 'Rust "
                     "BoF'",
                     host));
    run(0, "sync '%s'", board);
    const char *board_rows = "SELECT count(*) FROM checkin.scan WHERE station"
                             " = 'board-1' AND mode = 'door'";
    EXPECT_INT(pgserver_int(f.hub, board_rows), 0);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM"
                                   " checkin.open_space_claim"),
               1);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", board);
    EXPECT_INT(pgserver_int(f.hub, board_rows), 1);
    /* Three at 201's door, which has two seats. */
    char codes[512];
    snprintf(codes, sizeof(codes), "%s\n", paid(f.ev, "s.secret", 1));
    size_t n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", paid(f.ev, "s.secret", 2));
    n = strlen(codes);
    snprintf(codes + n, sizeof(codes) - n, "%s\n", paid(f.ev, "s.secret", 3));
    out = scan(door, "--station open-space:201 --clock '2027-05-14 10:05'",
               codes);
    EXPECT_INT(count_of(out, "\"decision\":\"admit\""), 2);
    EXPECT_CONTAINS(out, "The room is full (2 of 2) for this slot");
    free(out);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.scan WHERE"
                                   " station = 'door-201' AND target = '201'"
                                   " AND decision = 'admit'"),
               2);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.quarantine"),
               0);
    run(0, "sync '%s'", board);
    EXPECT_CONTAINS(spaces(0, board, "list"), "201  \"Rust BoF\", hosted by");
    EXPECT_CONTAINS(spaces(0, board, "list"), ": 2 of 2 seats");
    run(0, "sync '%s'", f.ev);
    const char *said = run(0, "report '%s' open-spaces", f.ev);
    EXPECT_CONTAINS(said, "Open spaces: 1 session, attendance 2 in all.");
    EXPECT_CONTAINS(said, ": 2 of 2 seats");
}

/* ---- sprints through the hub (issue 56 item 2) ---- */

/* `codes` at the sprint station on `file` named `name` at local `clock`:
 * its JSON lines (kept until the next call). */
static const char *sprint_scan(const char *file, const char *name,
                               const char *clock, const char *codes)
{
    static char kept[16384];
    char *out =
        scan(file,
             tu_format("--station sprints --name %s --clock '%s'", name, clock),
             codes);
    snprintf(kept, sizeof(kept), "%s", out ? out : "");
    free(out);
    return kept;
}

/* The organizer's three projects reach two sprint stations (desk files);
 * a person checked in to a project at one is refused there for the day
 * at the other once both synced, and the organizer's report counts every
 * station's check-ins.  At a format 30 hub nothing is published and a
 * check-in waits in the station's file, the push going through; the
 * organizer's sync upgrades it and publishes the projects, and the
 * station's next sync sends the check-in. */
static void a_sprint_check_in_is_refused_at_another_station_after_sync(void)
{
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "sprints", NULL, "sprint-1", "desk", "sprint-2",
                        "desk", NULL));
    const char *s1 = f.file[0], *s2 = f.file[1];
    run(0, "sprints '%s' add-project cpython --title CPython --lead 48243",
        f.ev);
    run(0, "sprints '%s' add-project pip --title pip --lead 48275", f.ev);
    run(0, "sprints '%s' add-project django --title Django --lead 48243", f.ev);
    char a[128], b[128];
    snprintf(a, sizeof(a), "%s", secret_of(f.ev, "48243"));
    snprintf(b, sizeof(b), "%s", secret_of(f.ev, "48275"));
    /* A format 30 hub: the station's check-in waits in its file (the
     * hub would set it aside for good), its push goes through, and no
     * project is published. */
    EXPECT_INT(pgserver_exec(f.hub, FORMAT30_HUB), 0);
    const char *out = sprint_scan(s1, "sprint-1", "2027-05-17 09:00",
                                  "checkin-sprint:cpython\n");
    EXPECT_CONTAINS(out, "No sprint project is called 'cpython'");
    sql_write(s1, "INSERT INTO sprint_project VALUES ('cpython', 'CPython',"
                  " '48243', '')");
    out = sprint_scan(s1, "sprint-1", "2027-05-17 09:00",
                      tu_format("checkin-sprint:cpython\n%s\n", b));
    EXPECT_INT(count_of(out, "\"reason\":\"sprint\""), 1);
    run(0, "sync '%s'", s1);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.quarantine"
                                   " WHERE data->>'target' ="
                                   " 'sprint:cpython'"),
               0);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.scan WHERE"
                                   " target = 'sprint:cpython'"),
               0);
    sql_write(s1, "DELETE FROM sprint_project");
    /* The organizer's sync upgrades the hub and publishes the projects. */
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", s1);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.scan WHERE"
                                   " target = 'sprint:cpython' AND station ="
                                   " 'sprint-1'"),
               1);
    run(0, "sync '%s'", s2);
    EXPECT_INT(sql_int(s2, "SELECT count(*) FROM sprint_project"), 3);
    EXPECT_STR(sql_text(s2, "SELECT value FROM setting WHERE key ="
                            " 'sprints.days'"),
               "2027-05-17, 2027-05-18, 2027-05-19, 2027-05-20");
    /* Day 1 at sprint-1: a at cpython and pip, b at cpython. */
    out = sprint_scan(s1, "sprint-1", "2027-05-18 10:00",
                      tu_format("checkin-sprint:cpython\n%s\n%s\n"
                                "checkin-sprint:pip\n%s\n",
                                a, b, a));
    EXPECT_INT(count_of(out, "\"reason\":\"sprint\""), 3);
    run(0, "sync '%s'", s1);
    run(0, "sync '%s'", s2);
    /* At sprint-2 the same day: a again at cpython is refused with
     * sprint-1's time; a at django is a check-in. */
    out = sprint_scan(s2, "sprint-2", "2027-05-18 11:30",
                      tu_format("checkin-sprint:cpython\n%s\n"
                                "checkin-sprint:django\n%s\n",
                                a, a));
    EXPECT_CONTAINS(out, "Already checked in to CPython today at 10:00.");
    EXPECT_INT(count_of(out, "\"reason\":\"sprint\""), 1);
    run(0, "sync '%s'", s2);
    run(0, "sync '%s'", f.ev);
    const char *said = run(0, "report '%s' sprints", f.ev);
    /* b's check-in of the 17th went up after the hub's upgrade. */
    EXPECT_CONTAINS(said, ": Mon 17 May: 1, Tue 18 May: 2, Wed 19 May: 0");
    EXPECT_CONTAINS(said, "Sprints: 3 projects, 5 check-ins in all.");
}

/* A dashboard's station that names paddles not printed. */
static bool paddles_said(json_t *h, const void *arg)
{
    (void)arg;
    return json_object_get(h, "paddles_failed") != NULL;
}

/* The PyLadies auction through the hub (issue 56 item 3, docs/auction.md):
 * 20 paddles given at an auction door (a desk's file) go up, 10 lots won
 * on the organizer's file reach the pay desk (another desk's file), whose
 * settlement comes back to the organizer's report.  At a format 32 hub
 * first the paddles wait in the door's file and its door rows are set
 * aside; the organizer's sync upgrades the hub and they go. */
static void a_winner_settles_at_another_station_through_the_hub(void)
{
    /* Twelve lots in place of the demo event's five. */
    static const char *const drop[] = {"auction", NULL};
    char extra[1024];
    int used = snprintf(extra, sizeof(extra),
                        "\n[auction]\ncurrency = USD\npaddles auction-1 = "
                        "1-199\npaddles auction-2 = 200-399\n");
    for (int i = 1; i <= 12; i++)
        used += snprintf(extra + used, sizeof(extra) - (size_t)used,
                         "lot %d = Lot %d\n", i, i);
    const char *ini = tu_demo_ini("auction-hub.ini", drop, extra);
    REQUIRE(ini);
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "auction", ini, "auction-1", "desk", "pay-1",
                        "desk", NULL));
    const char *door = f.file[0], *pay = f.file[1];
    static char codes[20 * 200];
    snprintf(codes, sizeof(codes), "%s\n",
             sql_text(f.ev, "SELECT group_concat(secret, char(10)) FROM"
                            " (SELECT s.secret FROM ticket_secret s JOIN"
                            " attendee a ON a.id = s.attendee_id WHERE"
                            " a.status = 'paid' AND s.revoked = 0 ORDER BY"
                            " a.id LIMIT 20)"));
    char third[200];
    snprintf(third, sizeof(third), "%s\n",
             sql_text(f.ev, "SELECT s.secret FROM ticket_secret s JOIN"
                            " attendee a ON a.id = s.attendee_id WHERE"
                            " a.status = 'paid' AND s.revoked = 0 ORDER BY"
                            " a.id LIMIT 1 OFFSET 2"));
    run(0, "sync '%s'", door);
    run(0, "sync '%s'", pay);
    EXPECT_STR(sql_text(pay, "SELECT substr(value, 1, 14) FROM setting WHERE"
                             " key = 'auction.plan'"),
               "currency = USD");
    /* A format 32 hub: the paddles wait in the door's file. */
    EXPECT_INT(pgserver_exec(f.hub, FORMAT32_HUB), 0);
    /* With a printer: each paddle's label a job of the door's file. */
    char *out = scan(door,
                     tu_format("--station auction --name auction-1 --clock "
                               "'2027-05-14 19:00' --printer 'file:%s' "
                               "--model QL-800 --media 62x100",
                               tu_path("paddles.bin")),
                     codes);
    EXPECT_INT(count_of(out ? out : "", "\"reason\":\"paddle\""), 20);
    free(out);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.quarantine"
                                   " WHERE data->>'target' = 'auction:door'"),
               20);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM sync_auction"), 0);
    /* The organizer's sync upgrades the hub; the paddles go. */
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.auction_act"
                                   " WHERE act = 'paddle' AND station ="
                                   " 'auction-1'"),
               20);
    /* The labels' jobs go up with the door's sync (hub format 36), for
     * the organizer to see one that failed. */
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM print_job WHERE kind ="
                             " 'paddle' AND state = 'sent'"),
               20);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.print_job"
                                   " WHERE kind = 'paddle'"),
               20);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", f.ev), "paddle labels");
    /* Paddles 3 and 4's labels fail at the door: the organizer's hub
     * status names them. */
    sql_write(door, "UPDATE print_job SET state = 'failed', error = 'Out of"
                    " labels.', updated_ms = updated_ms + 1 WHERE id IN"
                    " (SELECT id FROM print_job WHERE kind = 'paddle' ORDER"
                    " BY id LIMIT 2 OFFSET 2)");
    run(0, "sync '%s'", door);
    EXPECT_CONTAINS(run(0, "hub status '%s'", f.ev),
                    "\n  paddle labels not printed: 3, 4; print them again "
                    "at the door with Ctrl-R once its printer is ready.\n");
    /* And the organizer's dashboard, beside the door's row. */
    pid_t dash;
    int port = hubfix_dashboard(f.ev, tu_path("auction-dash.out"), &dash);
    EXPECT_TRUE(port > 0);
    json_t *root = NULL;
    json_t *h = port > 0 ? hubfix_snapshot_station(port, "auction-1",
                                                   paddles_said, NULL, &root)
                         : NULL;
    EXPECT_STR(h ? json_string_value(json_object_get(h, "paddles_failed"))
                 : NULL,
               "3, 4");
    json_decref(root);
    int status = hubfix_dashboard_stop(dash);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    run(0, "sync '%s'", f.ev);
    for (int lot = 1; lot <= 10; lot++)
        run(0, "auction '%s' win %d --paddle %d --amount %d", f.ev, lot,
            (lot + 1) / 2, lot * 10);
    run(0, "sync '%s'", f.ev);
    run(0, "sync '%s'", pay);
    EXPECT_INT(sql_int(pay, "SELECT count(*) FROM auction_act WHERE act ="
                            " 'win'"),
               10);
    /* Paddle 3 (lots 5 and 6) pays at pay-1. */
    out = scan(pay,
               "--station auction-pay --name pay-1 --clock "
               "'2027-05-14 21:00'",
               third);
    EXPECT_CONTAINS(out ? out : "", "Paddle 3 owes 110.00 USD for lots 5, 6");
    free(out);
    out = scan(pay,
               "--station auction-pay --name pay-1 --clock "
               "'2027-05-14 21:01'",
               third);
    EXPECT_CONTAINS(out ? out : "", "\"reason\":\"settled\"");
    free(out);
    run(0, "sync '%s'", pay);
    run(0, "sync '%s'", f.ev);
    const char *said = run(0, "report '%s' auction", f.ev);
    EXPECT_CONTAINS(said, "paddle 3  lots 5, 6  110.00 USD  settled");
    EXPECT_CONTAINS(said, "Auction: 5 winners, 550.00 USD in all, 440.00 "
                          "still to pay.");
    /* Back at the door, after its sync: the settlement is known there. */
    run(0, "sync '%s'", door);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM auction_act WHERE act ="
                             " 'settle'"),
               1);
    /* A win typed on the pay desk's screen reaches the organizer as the
     * desk's row. */
    const char *errpath = tu_path("pay-web.err");
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(
        tu_serve(&p,
                 tu_format("exec '%s' scan '%s' --station auction-pay "
                           "--name pay-1 --json --offline --web "
                           "127.0.0.1:0 >'%s' 2>'%s' </dev/null",
                           CHECKIN_BIN, pay, tu_path("pay-web.out"), errpath),
                 errpath, "Station screen: ", "the pay desk", &link));
    char hdrs[300], *head = NULL, *body = NULL;
    snprintf(hdrs, sizeof(hdrs),
             "Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
             "Cookie: checkin_station=%s\r\n",
             link.port, link.token);
    EXPECT_INT(tu_http(link.port, "POST", "/api/input", hdrs,
                       "{\"kind\":\"win\",\"lot\":\"11\",\"paddle\":"
                       "\"3\",\"amount\":\"15\"}",
                       &head, &body),
               200);
    EXPECT_CONTAINS(body ? body : "", "Lot 11 won by paddle 3 for 15.00.");
    free(head);
    free(body);
    /* Voided there too (docs/auction.md "Correcting a win"): lot 5, paid,
     * only once given back; lot 11, typed by mistake, at once. */
    EXPECT_INT(tu_http(link.port, "POST", "/api/input", hdrs,
                       "{\"kind\":\"win\",\"void\":true,\"lot\":\"5\"}", &head,
                       &body),
               200);
    /* Paid 110.00 for lots 5 and 6, owing 15.00 for lot 11: 35.00 to
     * give back for lot 5. */
    EXPECT_CONTAINS(body ? body : "", "Lot 5 was paid at pay-1; give paddle 3 "
                                      "the 35.00 USD back first");
    EXPECT_CONTAINS(body ? body : "", "\"voided\":false");
    free(head);
    free(body);
    EXPECT_INT(tu_http(link.port, "POST", "/api/input", hdrs,
                       "{\"kind\":\"win\",\"void\":true,\"lot\":\"11\","
                       "\"reason\":\"typed twice\"}",
                       &head, &body),
               200);
    EXPECT_CONTAINS(body ? body : "", "Lot 11: the win by paddle 3 for 15.00 "
                                      "is void;");
    EXPECT_CONTAINS(body ? body : "", "\"void\":true");
    free(head);
    free(body);
    tu_stop(&p, SIGTERM, 10000, "the pay desk");
    /* At a format 35 hub the void waits in the pay desk's file, the win
     * going up; after the organizer's sync upgrades the hub it goes. */
    EXPECT_INT(pgserver_exec(f.hub, FORMAT35_HUB), 0);
    run(0, "sync '%s'", pay);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.auction_act"
                                   " WHERE lot = '11' AND act = 'win'"),
               1);
    EXPECT_INT(sql_int(pay, "SELECT count(*) FROM sync_auction s JOIN"
                            " auction_act a USING (station_id, seq) WHERE"
                            " a.act = 'void'"),
               0);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", pay);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(sql_int(f.ev, "SELECT count(*) FROM auction_act WHERE act ="
                             " 'win' AND lot = '11' AND station = 'pay-1'"),
               1);
    EXPECT_STR(sql_text(f.ev, "SELECT reason FROM auction_act WHERE act ="
                              " 'void' AND lot = '11' AND station = 'pay-1'"),
               "typed twice");
    EXPECT_CONTAINS(run(0, "report '%s' auction", f.ev),
                    "paddle 3  lots 5, 6  110.00 USD  settled");
    /* The organizer's void reaches the pay desk, which owes it no more. */
    run(0, "auction '%s' void 2 --reason 'wrong paddle'", f.ev);
    run(0, "sync '%s'", f.ev);
    run(0, "sync '%s'", pay);
    EXPECT_INT(sql_int(pay, "SELECT count(*) FROM auction_act WHERE act ="
                            " 'void'"),
               2);
    EXPECT_CONTAINS(run(0, "report '%s' auction", pay),
                    "paddle 1  lots 1  10.00 USD  to pay");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_sprint_check_in_is_refused_at_another_station_after_sync),
        TU_CASE(a_winner_settles_at_another_station_through_the_hub),
        TU_CASE(a_slot_claimed_twice_while_cut_off_is_settled_alike),
        TU_CASE(an_open_space_board_and_door_run_on_enrolled_files),
        TU_CASE(a_door_role_reads_exactly_its_lists_people),
        TU_CASE(a_door_holds_its_room_and_no_contact_details_or_secrets),
        TU_CASE(a_tshirt_handed_at_one_counter_is_refused_at_another),
        TU_CASE(a_tshirt_handed_at_a_counter_is_ticked_at_the_desk),
        TU_CASE(a_swap_at_one_counter_is_counted_at_another),
        TU_CASE(a_door_role_reads_no_answer_its_list_does_not_show),
        TU_CASE(an_undo_on_a_counters_file_reaches_the_other_counter),
        TU_CASE(a_walkin_printed_at_one_desk_is_admitted_once_at_another),
        TU_CASE(an_invitation_list_reaches_the_summit_door),
        TU_CASE(a_rooms_capacity_holds_across_its_doors),
        TU_CASE(a_capacity_raised_on_the_laptop_admits_one_more_at_a_door),
        TU_CASE(a_tutorial_moved_on_the_laptop_reaches_a_running_door_and_desk),
        TU_CASE(a_door_cannot_push_a_walkin),
        TU_CASE(a_badge_printed_at_one_desk_is_admitted_at_the_door),
        TU_CASE(a_reprint_at_a_running_desk_revokes_the_old_badge_at_the_door),
        TU_CASE(a_list_changed_on_the_laptop_reaches_a_running_door),
        TU_CASE(
            a_registration_published_or_edited_later_is_admitted_at_the_door),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
