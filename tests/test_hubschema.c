/* The hub's formats (hubschema/): an older hub upgraded by the organizer
 * keeps its rows and sets aside what it should not have taken, older and
 * newer stations at a hub of another format, the upgrade run again when
 * it deadlocks.  Run as the real command against a real PostgreSQL 15
 * server this test starts and stops itself (pgserver.c), on real station
 * files; what the hub tests share is in sync_util.h (issue 13; split out
 * of test_sync.c by room in issue 51).  Exits 77 (skipped) when the
 * PostgreSQL server is not installed. */
#include "sync_util.h"

/* ---- the command ---- */

/* Run shell command `cmd` in the background, killed should this test
 * process die first: its pid, or -1. */
static pid_t start_sh(const char *cmd)
{
    pid_t parent = getpid();
    pid_t pid = fork();
    if (pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
            _exit(126);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    return pid;
}

/* ---- what flows ---- */

/* Make the hub `hub` an older one by `sql` (FORMATn_HUB, n from 6 to
 * 13): its scan_fault() as formats 6 to 11 have it. */
static bool older_hub(const char *hub, const char *sql)
{
    return pgserver_exec(hub, sql) == 0 &&
           pgserver_exec(hub, HUB_SCAN_FAULT_6) == 0;
}

/* ---- the expo hall at the hub (hub format 12) ---- */

/* A booth of the checkin before format 12 at a format 12 hub: its push
 * of a lead (the statement that checkin sends, without tags) is taken
 * and keeps the tags the hub holds, and its export (sponsor_leads() by
 * its columns of format 11) still works. */
static void a_format_11_booth_works_at_a_format_12_hub(void)
{
    struct hubfix f;
    const char *hub, *desk, *hall, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "oldbooth", NULL, &hub, "desk-1", "desk",
                               "ob-desk.db", &desk, "expo-hall", "expo",
                               "ob-hall.db", &hall, "booth-1", "leads:datawise",
                               "ob-1.db", &booth, NULL));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    const char *tags[] = {"hiring"};
    expo_lead(hall, "expo-hall", "datawise", olivia, "first", 3, tags, 1);
    run(0, "sync '%s'", hall);
    int64_t seq = booth_note(booth, "booth-1", olivia, 0, "older", 2);
    PGconn *c = connect_as_station(booth);
    /* What a format 11 checkin sends for that lead (sync/push.c before
     * format 12): no tags. */
    char sid[64];
    snprintf(sid, sizeof(sid), "%s",
             sql_text(booth, "SELECT station_id FROM lead LIMIT 1"));
    EXPECT_INT(
        pq_int(
            c,
            tu_format(
                "WITH c AS (INSERT INTO checkin.run (station_id, station_uid)"
                " SELECT '%s', checkin.me_uid() ON CONFLICT DO NOTHING),"
                " x AS (SELECT * FROM "
                "jsonb_to_recordset('[{\"station_id\":\"%s\","
                "\"station\":\"booth-1\",\"seq\":%lld,\"sponsor\":\"datawise\","
                "\"badge\":\"%s\",\"at_ms\":%lld,\"note\":\"older\",\"rating\":"
                "2,"
                "\"version\":1}]') AS x(station_id text, station text, seq "
                "bigint,"
                " sponsor text, badge text, at_ms bigint, note text, rating "
                "int,"
                " version bigint)),"
                " up AS (INSERT INTO checkin.lead AS l (station_id, seq,"
                " station_uid, station, sponsor_slug, badge_id, at_ms, note,"
                " rating, version) SELECT station_id, seq, checkin.me_uid(),"
                " station, sponsor, decode(badge, 'hex'), at_ms, note, rating,"
                " version FROM x ON CONFLICT (station_id, seq) DO UPDATE"
                " SET note = excluded.note, rating = excluded.rating,"
                " version = excluded.version WHERE excluded.version >"
                " l.version RETURNING 1)"
                " SELECT count(*) FROM up",
                sid, sid, (long long)seq,
                sql_text(booth,
                         "SELECT lower(hex(badge_id)) FROM lead LIMIT 1"),
                sql_int(booth, "SELECT at_ms FROM lead LIMIT 1")),
            NULL),
        1);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.sponsor_leads() WHERE"
                      " note = 'older; first' AND rating = 3 AND email ="
                      " 'olivia.hw@example.com'",
                      NULL),
               1);
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = 'hiring'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " station = 'booth-1' AND tags = ''"),
               1);
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* The next notification `c` (listening) receives, up to 20 s; NULL when
 * none came.  PQfreemem it. */
static PGnotify *next_notify(PGconn *c)
{
    for (int64_t until = tu_mono_ms() + 20000; tu_mono_ms() < until;) {
        if (!PQconsumeInput(c))
            return NULL;
        PGnotify *n = PQnotifies(c);
        if (n)
            return n;
        struct pollfd p = {PQsocket(c), POLLIN, 0};
        (void)poll(&p, 1, 1000);
    }
    return NULL;
}

/* A format 21 hub (no word to the dashboards of a printer) is upgraded to
 * 22 by the organizer's sync, a format 22 desk syncing at it before and
 * after.  Then a station's row, written as a desk's role writes it:
 * a printer's state changed notifies `checkin_status` once, and so does
 * what its sentence was made of (format 39); the same
 * state vouched for again (printer_ms) and a sync's plain row (last seen)
 * notify nothing, and nothing goes to `checkin`, the stations' channel.
 * What came is seen up to a notification the desk sends last, in order
 * (one session's notifications arrive in the order it committed them). */
static void
a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers(void)
{
    struct hubfix f;
    const char *ev, *hub, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "statusup", &ev, &hub, "desk-1", "desk",
                               "statusup-1.db", &d1, NULL));
    REQUIRE(pgserver_exec(hub, FORMAT21_HUB) == 0);
    const char *trigger =
        "SELECT count(*) FROM pg_trigger WHERE tgname = 'status_wake' AND"
        " tgrelid = 'checkin.station'::regclass";
    EXPECT_INT(pgserver_int(hub, trigger), 0);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, trigger), 1);
    run(0, "sync '%s'", d1);

    PGconn *dash = PQconnectdb(pgserver_conninfo(hub));
    PGconn *desk = connect_as_station(d1);
    static const char *const writes[] = {
        "LISTEN checkin_status",
        "LISTEN checkin",
        "UPDATE checkin.station SET printer = 'QL-820NWB on usb 1-2',"
        " printer_state = 'no media', printer_message = 'Out of labels:"
        " load a new roll now.', printer_ms = 1 WHERE pg_role ="
        " current_user",
        "UPDATE checkin.station SET printer_ms = 2 WHERE pg_role ="
        " current_user",
        "UPDATE checkin.station SET printer_kept = '5' || chr(30) ||"
        " 'Out.' WHERE pg_role = current_user",
        "UPDATE checkin.station SET last_seen = now(), last_clock_ms = 3"
        " WHERE pg_role = current_user",
        "NOTIFY checkin_status, 'last'"};
    for (size_t i = 0; i < sizeof(writes) / sizeof(writes[0]); i++) {
        PGresult *r = PQexec(i < 2 ? dash : desk, writes[i]);
        if (PQresultStatus(r) != PGRES_COMMAND_OK)
            TU_FAIL_AT("%s: %s", writes[i],
                       PQerrorMessage(i < 2 ? dash : desk));
        PQclear(r);
    }
    char came[512] = "";
    size_t n = 0;
    for (PGnotify *nt; n < sizeof(came) && (nt = next_notify(dash));) {
        bool last = !strcmp(nt->extra, "last");
        n += (size_t)snprintf(came + n, sizeof(came) - n, "%s'%s' ",
                              nt->relname, nt->extra);
        PQfreemem(nt);
        if (last)
            break;
    }
    /* From format 39, what the sentence was made of wakes them too. */
    EXPECT_STR(came, "checkin_status'' checkin_status'' checkin_status'last' ");
    /* No longer than the hub keeps (hub_schema.h, HUB_PRINTER_KEPT_CAP). */
    PGresult *r = PQexec(desk, "UPDATE checkin.station SET printer_kept ="
                               " repeat('x', 6001) WHERE pg_role ="
                               " current_user");
    EXPECT_INT(PQresultStatus(r), PGRES_FATAL_ERROR);
    PQclear(r);
    PQfinish(desk);
    PQfinish(dash);
}

/* A desk's phone read at a phone at desk `db`, running with --web, of
 * `ticket`'s code 10 minutes after it was read; the desk stopped after
 * it (its last push).  The read's time as the desk journaled it. */
static long long desk_phone_read(const char *ev, const char *db,
                                 const char *ticket)
{
    char code[256], token[128], id[64];
    snprintf(code, sizeof(code), "%s", secret_of(ev, ticket));
    snprintf(id, sizeof(id), "phone-read-%s", ticket);
    unlink(tu_path("live.err"));
    struct live a;
    if (live_start(&a, "", db,
                   "--station desk --name desk-a --web 127.0.0.1:0") != 0) {
        TU_FAIL_AT("desk-a did not start");
        return 0;
    }
    int port;
    if (wait_link(&a, true, 0, 20000) &&
        phone_link(&port, token, sizeof(token))) {
        char *resp = phone_read(port, token, code, id, 600000);
        EXPECT_CONTAINS(resp, "\"decision\":\"admit\"");
        EXPECT_CONTAINS(resp, "\"read_time\":");
        free(resp);
    }
    EXPECT_INT(live_stop(&a), 0); /* its last sync sends the row */
    return sql_int(db,
                   tu_format("SELECT coalesce(read_at_ms, 0) FROM scan WHERE"
                             " attendee_ticket_id = '%s'",
                             ticket));
}

/* Older hubs keep working (issue 31): at a format 16 hub, a desk's row
 * with a phone's read time goes up without it; the organizer's sync
 * upgrades the hub, which keeps that row as it was, and the desk's next
 * such row goes up with its read time. */
static void a_format_16_hub_takes_rows_without_the_read_time(void)
{
    const char *hub;
    char ev[512], a_db[512];
    snprintf(ev, sizeof(ev), "%s", published_event("readat16", &hub));
    snprintf(a_db, sizeof(a_db), "%s",
             add_station(ev, "desk-a", "desk", "readat16-a.db"));
    REQUIRE(pgserver_exec(hub, FORMAT16_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " information_schema.columns WHERE"
                                 " table_name = 'scan' AND column_name ="
                                 " 'read_at_ms'"),
               0);
    EXPECT_TRUE(desk_phone_read(ev, a_db, "48243") > 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48243'"),
               1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48243' AND"
                                 " read_at_ms IS NULL"),
               1);
    long long read_at = desk_phone_read(ev, a_db, "48275");
    EXPECT_TRUE(read_at > 0);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.scan WHERE attendee_ticket_id ="
                " '48275' AND read_at_ms = %lld",
                read_at)),
        1);
}

/* ---- the event description changed on the organizer's laptop ---- */

/* A hub made by an older `hub init` (format 1, no event description):
 * stations still sync with it; the organizer's next publication adds the
 * table, and the change reaches them.  A booth reads only its part. */
static void an_older_hub_is_upgraded_by_the_organizer(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "oldhub", &ev, &hub, "desk-1", "desk", "oldhub-desk.db", &desk,
        "booth-1", "leads:datawise", "oldhub-booth.db", &booth, NULL));
    REQUIRE(pgserver_exec(hub, OLD_HUB) == 0); /* enrolling upgraded it */
    run(0, "sync '%s'", desk);
    const char *said =
        run(0, "event '%s' '%s'", ev,
            edited_event("oldhub.ini", "typing-mypy", "room", "Hall C"));
    EXPECT_CONTAINS(said, "tutorial typing-mypy: room");
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "event description change");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM tutorial WHERE slug ="
                             " 'typing-mypy' AND room = 'Hall C'"),
               1);
    /* Every row was taken: the next sync reads none of them again. */
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "received nothing");
    EXPECT_NOT_CONTAINS(said, "does not know yet");
    said = run(0, "sync '%s'", booth);
    EXPECT_CONTAINS(said, "event description change");
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM tutorial WHERE slug ="
                              " 'typing-mypy' AND room = 'Hall C'"),
               1);
    PGconn *c = connect_as_station(booth);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.event_description"
                      " WHERE kind IN ('source_item', 'setting')",
                      NULL),
               0);
    EXPECT_TRUE(pq_int(c,
                       "SELECT count(*) FROM checkin.event_description"
                       " WHERE kind = 'sponsor'",
                       NULL) > 0);
    char state[6];
    EXPECT_INT(
        pq_int(c, "UPDATE checkin.event_description SET data = NULL", state),
        -1);
    EXPECT_STR(state, "42501");
    PQfinish(c);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM source_item"), 0);
    EXPECT_INT(sql_int(booth, "SELECT count(*) FROM setting WHERE key LIKE"
                              " 'pretix.%'"),
               0);
}

/* ---- what the hub believes of a station (issue 28) ---- */

/* Rows a hub of format 5 took without vetting them are set aside when
 * the organizer's next sync brings it to format 6. */
static void rows_an_older_hub_took_are_set_aside_at_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *booth;
    REQUIRE(hubfix_enrolled_as(
        &f, "trust3", &ev, &hub, "desk-1", "desk", "trust3-desk.db", &desk,
        "booth-1", "leads:datawise", "trust3-booth.db", &booth, NULL));
    REQUIRE(pgserver_exec(hub, FORMAT5_HUB) == 0);
    /* Enrolling took the desk's first sync at format 7; as a desk
     * enrolled at a format 5 hub, it has not looked for rows set aside. */
    REQUIRE(tu_sh("sqlite3 '%s' \"DELETE FROM sync_cursor WHERE tbl ="
                  " 'set_aside'\"",
                  desk) == 0);
    EXPECT_INT(
        push_by_hand(booth, "b2b2b2b2b2b2b2b2", 7, "desk-1", NULL, NULL, NULL),
        1);
    free(scan(desk, "--station desk",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 2);
    /* The desk pulled the forged row (a booth's, under its name). */
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE code ="
                             " 'forged'"),
               1);
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM scan WHERE code ="
                           " 'forged'"),
               0);
    /* The desk's next sync takes it out of its file; its own row stays. */
    said = run(0, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "1 journal row was pulled before the hub set it "
                          "aside");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE code ="
                             " 'forged'"),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan"), 1);
    said = run(0, "sync '%s'", desk);
    EXPECT_NOT_CONTAINS(said, "set it aside");
    EXPECT_TRUE(tu_sh("sqlite3 '%s' 'DELETE FROM scan' 2>/dev/null", desk) !=
                0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1' AND code != 'forged'"),
               1);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said,
                    "1: named desk-1 but written by booth-1 from booth-1");
    /* The journal is append-only again after the sweep. */
    EXPECT_TRUE(pgserver_exec(hub, "DELETE FROM checkin.scan") != 0);
}

/* ---- what each role holds ---- */

/* Whether door file `door` holds `secret` as a hub hashes it: 'sha256:'
 * and the hex of its SHA-256, here taken by libsodium. */
static long long door_holds_hashed(const char *door, const char *secret)
{
    uint8_t h[crypto_hash_sha256_BYTES];
    char hex[2 * sizeof(h) + 1];
    crypto_hash_sha256(h, (const uint8_t *)secret, strlen(secret));
    sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
    return sql_int(
        door,
        tu_format(
            "SELECT count(*) FROM ticket_secret WHERE secret = 'sha256:%s'",
            hex));
}

/* A format 20 hub (secrets hashed by PL/pgSQL) is upgraded to 21 by the
 * organizer's sync, and hashes as before: codes of one ASCII code (with
 * a backslash), of one non-ASCII code and of three codes, published
 * after the upgrade, are hashed as SHA-256 of their UTF-8 bytes (every
 * registration's columns against PostgreSQL's sha256() of convert_to(),
 * the door's file against libsodium's). */
static void a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same(void)
{
    struct hubfix f;
    const char *ev, *hub, *door;
    REQUIRE(hubfix_enrolled_as(&f, "inline", &ev, &hub, "door-1",
                               "door:pandas-intro", "inline-door.db", &door,
                               NULL));
    REQUIRE(pgserver_exec(hub, FORMAT20_HUB) == 0);
    const char *lang = "SELECT count(*) FROM pg_proc p JOIN pg_language l ON"
                       " l.oid = p.prolang WHERE p.oid ="
                       " 'checkin.hashed(text[])'::regprocedure AND"
                       " l.lanname = 'sql'";
    EXPECT_INT(pgserver_int(hub, lang), 0);
    /* The nth paid registration's codes: the first's and the second's
     * replaced by one, the third's two added to its own. */
    static const struct {
        int nth;
        bool add;
        const char *code;
    } CODES[] = {{0, false, "single\\slash-1"},
                 {1, false, "a\303\261adido-\303\274-1"},
                 {2, true, "extra-b"},
                 {2, true, "extra-a"}};
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++) {
        char who[160];
        snprintf(who, sizeof(who),
                 "(SELECT id FROM attendee WHERE status = 'paid' AND"
                 " testmode = 0 ORDER BY ticket_id LIMIT 1 OFFSET %d)",
                 CODES[i].nth);
        if (!CODES[i].add) {
            sql_write(
                ev,
                tu_format("DELETE FROM ticket_secret WHERE attendee_id = %s",
                          who));
        }
        sql_write(
            ev,
            tu_format("INSERT INTO ticket_secret (secret, attendee_id) VALUES"
                      " ('%s', %s)",
                      CODES[i].code, who));
    }
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, lang), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE 'extra-a' = ANY (secrets) AND"
                                 " cardinality(hashed_secrets) = 3"),
               1);
    EXPECT_INT(pgserver_int(hub,
                            "SELECT count(*) FROM checkin.registration r WHERE"
                            " (r.hashed_secrets, r.hashed_revoked) IS DISTINCT"
                            " FROM ROW((SELECT coalesce(array_agg('sha256:' ||"
                            " encode(sha256(convert_to(x, 'UTF8')), 'hex')"
                            " ORDER BY x), '{}') FROM unnest(r.secrets) x),"
                            " (SELECT coalesce(array_agg('sha256:' ||"
                            " encode(sha256(convert_to(x, 'UTF8')), 'hex')"
                            " ORDER BY x), '{}') FROM unnest(r.revoked_secrets)"
                            " x))"),
               0);
    run(0, "sync '%s'", door);
    for (size_t i = 0; i < sizeof(CODES) / sizeof(CODES[0]); i++)
        EXPECT_INT(door_holds_hashed(door, CODES[i].code), 1);
}

/* A format 19 hub (no change marks) is upgraded to 20 by the organizer's
 * sync, marking each table at its rows' highest stamp: a desk whose
 * cursor is below an edit pushed before the upgrade still pulls it,
 * and what moves afterwards is marked by the statements that write it
 * (a check-in, a registration the organizer edits), so the desks stay
 * in step.  A publish that changes nothing marks nothing. */
static void a_format_19_hub_is_upgraded_to_20_with_its_desks_in_step(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "marks", "desk-1", "desk", "marks-1.db",
                            "desk-2", "desk", "marks-2.db", NULL));
    const char *ev = f.ev;
    const char *d1 = f.file[0];
    const char *d2 = f.file[1];
    const char *hub = f.hub;
    REQUIRE(pgserver_exec(hub, FORMAT19_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_class WHERE"
                                 " relname = 'changed'"),
               0);
    run(0, "sync '%s'", d2);
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", nth_secret(ev, 3))));
    run(0, "edit '%s' 48275 --given-name Seeded", d1);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.changed c"
                                 " WHERE tbl = 'scan' AND xid = (SELECT"
                                 " max(hub_xid) FROM checkin.scan)"),
               1);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM attendee WHERE ticket_id ="
                           " '48275' AND given_name = 'Seeded'"),
               1);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 4))));
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", d1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-2'"),
               1);
    run(0, "sync '%s'", ev);
    long marks = pgserver_int(hub, "SELECT count(*) FROM checkin.changed"
                                   " WHERE tbl = 'registration'");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.changed"
                                 " WHERE tbl = 'registration'"),
               marks);
    sql_write(ev, "UPDATE attendee SET given_name = 'Marked' WHERE"
                  " ticket_id = (SELECT min(ticket_id) FROM attendee)");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " r, checkin.changed c WHERE c.tbl ="
                                 " 'registration' AND c.xid = r.hub_xid AND"
                                 " r.given_name = 'Marked'"),
               1);
    run(0, "sync '%s'", d1);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM attendee WHERE"
                           " given_name = 'Marked'"),
               1);
}

/* A door file that synced with a format 6 hub holds everyone's contact
 * details, secrets and the desks' rows; at its first sync after the
 * organizer's upgrade it keeps only what a door holds (the old values
 * gone from every page of the file) and still admits by code. */
static void an_older_door_file_forgets_what_a_door_need_not_hold(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(
        &f, "forget", &ev, &hub, "desk-1", "desk", "forget-desk.db", &desk,
        "door-1", "door:pandas-intro", "forget-door.db", &door, NULL));
    /* Enrolling upgraded the hub and the door took its first pull; as a
     * door enrolled at a format 6 hub, it pulls everything again. */
    REQUIRE(older_hub(hub, FORMAT6_HUB));
    REQUIRE(tu_sh("sqlite3 '%s' 'DELETE FROM sync_cursor; DELETE FROM"
                  " sync_reg'",
                  door) == 0);
    char codes[256], secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    snprintf(codes, sizeof(codes), "%s\n%s\n", secret_of(ev, "48243"), secret);
    free(scan(desk, "--station desk --name desk-1", codes));
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", door);
    free(scan(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:05'",
              codes));
    /* As a format 6 hub left it: the test could fail. */
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE mode = 'desk'"),
               2);
    EXPECT_TRUE(file_holds(door, secret));
    EXPECT_TRUE(file_holds(door, "olivia.hw@example.com"));
    run(0, "sync '%s'", door);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " mode = 'door'"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", door);
    door_holds_its_room(ev, door, "pandas-intro");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan"), 2);
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:06'",
              secret, "already-inside");
    /* The journal is append-only again. */
    EXPECT_TRUE(tu_sh("sqlite3 '%s' 'DELETE FROM scan' 2>/dev/null", door) !=
                0);
}

/* The same while the door runs: its own sync worker forgets, the
 * station deciding beside it on the same file, and the running door goes
 * on admitting and counting its room by confirmation code. */
static void a_running_door_forgets_at_the_hubs_upgrade_and_admits(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk, *door;
    REQUIRE(hubfix_enrolled_as(&f, "forgetlive", &ev, &hub, "desk-1", "desk",
                               "forgetlive-desk.db", &desk, "door-1",
                               "door:pandas-intro", "forgetlive-door.db", &door,
                               NULL));
    REQUIRE(older_hub(hub, FORMAT6_HUB));
    REQUIRE(tu_sh("sqlite3 '%s' 'DELETE FROM sync_cursor; DELETE FROM"
                  " sync_reg'",
                  door) == 0);
    char secret[64];
    snprintf(secret, sizeof(secret), "%s", secret_of(ev, "48275"));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", desk);
    struct live d;
    /* --cooldown: the same code again soon is a new scan, not a repeat. */
    REQUIRE(live_start(&d, "", door,
                       "--station door:pandas-intro --clock "
                       "'2027-05-12 09:05' --name door-1 --cooldown 0.1") == 0);
    REQUIRE(wait_link(&d, true, 0, 20000));
    wait_count(door, "SELECT count(*) FROM scan WHERE mode = 'desk'", 1);
    EXPECT_TRUE(file_holds(door, "olivia.hw@example.com"));
    scan_expect(&d, secret, "reason", "entered");
    /* The organizer upgrades the hub; a desk's next push wakes the door. */
    run(0, "sync '%s'", ev);
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48715"))));
    run(0, "sync '%s'", desk);
    int64_t t0 = tu_mono_ms();
    while (sql_int(door, "SELECT count(*) FROM attendee WHERE email != ''") >
               0 &&
           tu_mono_ms() - t0 < 20000)
        usleep(20000);
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE email !="
                             " ''"),
               0);
    /* Past the door's 0.1 s cooldown since the first read, whatever the
     * three commands above took: a new presentation.  The debounce is a
     * time by design, so this one wait is a time, twice it. */
    usleep(200 * 1000);
    scan_expect(&d, secret, "reason", "already-inside");
    EXPECT_INT(live_stop(&d), 0);
    door_holds_its_room(ev, door, "pandas-intro");
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM scan WHERE station ="
                             " 'door-1'"),
               2);
}

/* ---- the journal's acts at the hub (format 8) ---- */

static void undo_in_file(const char *station_db, const char *name,
                         const char *ticket)
{
    undo_in_file_by(station_db, name, ticket, "Maya");
}

/* An undo at desk-1 reaches desk-2, which then checks the person in
 * again; an older station, which would read the undo as one more
 * check-in, is never shown it. */
static void an_older_station_never_pulls_an_undo(void)
{
    const char *hub, *d1, *d2;
    char codes[128];
    const char *ev = undo_desks("undo", "Maya", "482913", &hub, &d1, &d2, codes,
                                sizeof(codes));
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM live_scan WHERE"
                           " attendee_ticket_id = '48275' AND decision ="
                           " 'admit'"),
               1);
    undo_in_file(d1, "desk-1", "48275");
    undo_through_hub(hub, d1, d2, "Maya");
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo'"), 1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM live_scan WHERE"
                           " attendee_ticket_id = '48275'"),
               0);
    SCAN_SAYS(d2, "--station desk --name desk-2", codes, "checked-in");

    /* desk-2's credentials as an older checkin uses them: it never says
     * which format it knows. */
    PGconn *c = connect_as_station(d2);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE act <> 'scan'",
                      NULL),
               0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.scan", NULL), 1);
    pq_int(c, "SET checkin.client_format = '8'", NULL);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE act <> 'scan'",
                      NULL),
               1);
    PQfinish(c);

    /* hub status names a live station whose checkin says no format: an
     * older one, as desk-2's row looks after an older checkin's sync. */
    EXPECT_INT(pgserver_int(hub, "SELECT client_format FROM checkin.station"
                                 " WHERE name = 'desk-2'"),
               HUB_NOW);
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " NULL, last_seen = now() WHERE name ="
                               " 'desk-2'") == 0);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-2 runs an older checkin (it knows hub format"
                          " 7 at most)");
    run(0, "sync '%s'", d2);
    said = run(0, "hub status '%s'", ev);
    EXPECT_TRUE(strstr(said, "runs an older checkin") == NULL);
}

/* A desk of this checkin at a hub the organizer has not upgraded yet
 * (format 7) pushes its check-ins as before; an undo, and every row of
 * its run after it, waits in its file until the hub is upgraded, then
 * goes. */
static void a_newer_station_pushes_to_a_format_7_hub(void)
{
    const char *hub;
    const char *ev = published_event("older7", &hub);
    add_supervisor(ev, "Maya", "482913");
    const char *desk = add_station(ev, "desk-1", "desk", "older7-desk.db");
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);
    undo_in_file(desk, "desk-1", "48275");
    /* A later run's check-in goes; the undo waits. */
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 2);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan s LEFT JOIN sync_run r"
                             " USING (station_id) WHERE s.seq >"
                             " coalesce(r.pushed_seq, 0)"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 7);
    /* The organizer's sync upgrades the hub; the rows follow. */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 3);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE decision = 'admit'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275'"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
}

/* ---- supervisors at the hub (format 9) ---- */

/* A desk whose hub is still of format 7 refuses an undo with the design's
 * sentence, and makes it once the organizer's sync upgraded the hub. */
static void a_desk_at_a_format_7_hub_refuses_an_undo(void)
{
    const char *hub;
    const char *ev = published_event("undo7", &hub);
    add_supervisor(ev, "Sam", SUP_PIN);
    const char *desk = add_station(ev, "desk-1", "desk", "undo7-desk.db");
    run(0, "sync '%s'", desk); /* the supervisors arrive */
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    free(scan(desk, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(0, "sync '%s'", desk);
    struct station_result u;
    struct ck_error err = {0};
    EXPECT_INT(undo_at_desk(desk, "desk-1", "48275", SUP_PIN, &u, &err),
               CK_EINVAL);
    EXPECT_STR(err.msg,
               "The hub of this event is of an older format (7), which "
               "cannot pass this on to the other stations; run 'checkin "
               "sync EVENT.db' once on the organizer's laptop, then try "
               "again.");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan WHERE act = 'undo'"),
               0);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", desk);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(undo_at_desk(desk, "desk-1", "48275", SUP_PIN, &u, &err), CK_OK);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND supervisor = 'Sam'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"), 0);
}

/* A format 8 hub holds no supervisors; the organizer's sync of a new
 * supervisor upgrades it and publishes them, and the desk takes them. */
static void a_format_8_hub_takes_supervisors_at_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "sup8", &ev, &hub, "desk-1", "desk",
                               "sup8-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT8_HUB));
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor"), 0);
    EXPECT_STR(sql_text(desk, "SELECT value FROM setting WHERE key ="
                              " 'hub.format'"),
               "8");
    add_supervisor(ev, "Sam", SUP_PIN); /* published: the hub upgraded */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM supervisor WHERE name ="
                             " 'Sam'"),
               1);
    EXPECT_INT(sql_int(desk, "SELECT value FROM setting WHERE key ="
                             " 'hub.format'"),
               HUB_NOW);
}

/* The organizer's upgrade of a hub takes each table's strongest lock in
 * turn while stations read them; when PostgreSQL breaks a deadlock by
 * cancelling it, it is run again and the sync succeeds.  The deadlock is
 * made on purpose: a session reads checkin.scan and keeps it, the
 * upgrade holds the hub's row and waits for checkin.scan, then the
 * session asks for the hub's row.  Its deadlock_timeout is long, so the
 * upgrade's backend finds the deadlock first and is the one cancelled. */
static void the_hubs_upgrade_is_run_again_when_it_deadlocks(void)
{
    const char *hub;
    const char *ev = published_event("deadlock", &hub);
    REQUIRE(older_hub(hub, FORMAT7_HUB));
    PGconn *s = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(s) == CONNECTION_OK);
    REQUIRE(pq_int(s, "SET deadlock_timeout = '10min'", NULL) >= 0);
    REQUIRE(pq_int(s, "BEGIN", NULL) >= 0);
    REQUIRE(pq_int(s, "SELECT count(*) FROM checkin.scan", NULL) >= 0);
    pid_t pid = start_sh(tu_format("exec '%s' sync '%s' > '%s' 2>&1",
                                   CHECKIN_BIN, ev, tu_path("deadlock.out")));
    REQUIRE(pid > 0);
    char waiting[256];
    snprintf(waiting, sizeof(waiting),
             "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type ="
             " 'Lock' AND query LIKE '%%ALTER TABLE checkin.scan%%' AND pid"
             " <> %d",
             PQbackendPID(s));
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, waiting) < 1 && tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(pgserver_int(hub, waiting), 1);
    /* The cycle: PostgreSQL cancels the upgrade, and this query then gets
     * the row. */
    REQUIRE(PQsendQuery(s, "SELECT 1 FROM checkin.hub FOR UPDATE") == 1);
    PGresult *r;
    while ((r = PQgetResult(s))) {
        EXPECT_INT(PQresultStatus(r), PGRES_TUPLES_OK);
        PQclear(r);
    }
    EXPECT_TRUE(pq_int(s, "COMMIT", NULL) >= 0);
    PQfinish(s);
    int status = -1;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    char *out = tu_read_file(tu_path("deadlock.out"), NULL);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_CONTAINS(out ? out : "", "received");
    free(out);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    /* It did deadlock: PostgreSQL counts it. */
    EXPECT_TRUE(pgserver_int(hub, "SELECT deadlocks FROM pg_stat_database"
                                  " WHERE datname = current_database()") >= 1);
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

/* A station of a checkin before format 18 pulled the journal past the
 * organizer's undos (its pull leaves rows of no station out) and moved
 * its cursor beyond them.  Upgraded, it has no cursor for rows of no
 * station, and its first sync fetches them all: desk-2 then checks Ada
 * in again. */
static void an_upgraded_station_fetches_the_undos_it_skipped(void)
{
    const char *hub;
    const char *ev = lists_event("orgskip", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgskip-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgskip-d2.db");
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    run(0, "sync '%s'", d2);
    run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    run(0, "sync '%s'", ev);
    REQUIRE(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                              " station_uid IS NULL") == 1);
    /* desk-2's file as its older checkin's pull left it: the journal's
     * cursor past the undo, and no cursor of rows of no station. */
    sql_write(
        d2,
        tu_format("UPDATE sync_cursor SET horizon = '%lld' WHERE tbl = 'scan';"
                  " DELETE FROM sync_cursor WHERE tbl = 'scan_of_no_station';",
                  pgserver_int(hub, "SELECT pg_snapshot_xmin("
                                    "pg_current_snapshot())::text::bigint")));
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo'"), 0);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE act = 'undo' AND"
                           " station = 'organizer'"),
               1);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    /* Its next sync reads them from where this one ended. */
    EXPECT_TRUE(sql_int(d2, "SELECT count(*) FROM sync_cursor WHERE tbl ="
                            " 'scan_of_no_station' AND horizon != '0'") == 1);
}

/* At a format 17 hub the organizer's undo waits in its file; its next
 * sync upgrades the hub and pushes it, and desk-2 then checks Ada in
 * again. */
static void a_format_17_hub_takes_the_organizers_undo_once_upgraded(void)
{
    const char *hub;
    const char *ev = lists_event("orgundo17", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgundo17-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgundo17-d2.db");
    REQUIRE(pgserver_exec(hub, FORMAT17_HUB) == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " information_schema.columns WHERE"
                                 " table_name = 'scan' AND column_name ="
                                 " 'station_uid' AND is_nullable = 'NO'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_proc WHERE proname"
                                 " = 'vet_scan' AND prosrc LIKE"
                                 " '%undos only%'"),
               0);
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    /* The organizer pulls through the station's pull of a format 17 hub
     * (it upgrades it at this sync, before its pull). */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    REQUIRE(pgserver_exec(hub, FORMAT17_HUB) == 0);
    run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:30' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND station_uid IS NULL"),
               1);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

/* A hub of format 9 (made by the checkin before lists): its
 * registrations, journal and description are kept through the
 * organizer's upgrade to 10, which only adds; then the lists, items and
 * answers travel. */
static void a_format_9_hub_is_upgraded_to_10_keeping_its_rows(void)
{
    const char *hub;
    const char *ev = lists_event("fmt9", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "fmt9-desk.db");
    REQUIRE(older_hub(hub, FORMAT9_HUB));
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 9);
    /* Its registrations as an older checkin published them: under a
     * digest that covered no items, hold or answers. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.registration SET digest ="
                               " '\\x00000000000000000000000000000000'") == 0);
    sql_write(ev, "UPDATE sync_reg SET digest = zeroblob(16)");
    run(0, "sync '%s'", desk);
    json_t *o = scan_one(desk,
                         "--station desk --clock '2024-05-16 09:00'"
                         " --name desk-1",
                         "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    run(0, "sync '%s'", desk);
    static const char DIGEST[] =
        "SELECT md5(string_agg(ticket_id || given_name || family_name ||"
        " status || array_to_string(secrets, ','), '|' ORDER BY ticket_id))"
        " FROM checkin.registration";
    long long regs = pgserver_int(hub, "SELECT count(*) FROM"
                                       " checkin.registration");
    long long scans = pgserver_int(hub, "SELECT count(*) FROM checkin.scan");
    long long described = pgserver_int(hub, "SELECT count(*) FROM"
                                            " checkin.event_description");
    PGconn *su = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(su) == CONNECTION_OK);
    PGresult *r = PQexec(su, DIGEST);
    char before[64];
    snprintf(before, sizeof(before), "%s", PQgetvalue(r, 0, 0));
    PQclear(r);
    EXPECT_TRUE(regs > 0 && scans == 1);
    /* The organizer's next sync upgrades it. */
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               regs);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), scans);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind NOT"
                                 " IN ('list', 'question')"),
               described);
    r = PQexec(su, DIGEST);
    EXPECT_STR(PQgetvalue(r, 0, 0), before);
    PQclear(r);
    PQfinish(su);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.event_description WHERE kind ="
                                 " 'list'"),
               5);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE items != '[]'"),
               3);
    /* What it carries now reaches a door: Ada's T-shirt size. */
    const char *door =
        add_station(ev, "tshirt-1", "door:tshirt", "fmt9-tshirt.db");
    run(0, "sync '%s'", door);
    o = scan_one(door,
                 "--station door:tshirt --clock '2024-05-16 10:12'"
                 " --name tshirt-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "hand"), "T-shirt: M");
    json_decref(o);
    /* And the desk, already at 9, takes the days and lists. */
    run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM checkin_list"), 5);
    /* hub status names a live station of a checkin that knows format 9
     * at most, as a desk's row reads after an older checkin's sync. */
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 9, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "desk-1 runs an older checkin (it knows hub format 9): "
                    "it does not see check-in lists");
}

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

/* A walk-in registered while the hub is at format 10 waits in the desk's
 * file; the organizer's next sync upgrades the hub, keeping its rows, and
 * the desk's next sync sends it. */
static void a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "fmt10", &ev, &hub, "desk-1", "desk",
                               "fmt10-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT10_HUB));
    long long regs =
        pgserver_int(hub, "SELECT count(*) FROM checkin.registration");
    run(0,
        "register '%s' --ticket-type individual --given-name Kofi"
        " --family-name Boateng",
        desk);
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "walk-in");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               regs);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk), "sent 1 walk-in or edit");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE family_name = 'Boateng' AND"
                                 " ticket_id LIKE 'ck:%'"),
               1);
}

/* A lead with tags sent to a format 11 hub (which has no tags) goes up
 * again with its tags once the organizer's sync upgrades the hub, without
 * waiting for the lead's next edit, and only once. */
static void a_leads_tags_go_up_after_the_hubs_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "tags11", &ev, &hub, "desk-1", "desk",
                               "tags11-desk.db", &desk, NULL));
    char booth[1024];
    snprintf(booth, sizeof(booth), "%s",
             add_station(ev, "booth-1", "leads:datawise", "tags11-b.db"));
    REQUIRE(older_hub(hub, FORMAT11_HUB));
    char olivia[256];
    issue_code(desk, "48243", olivia, sizeof(olivia));
    run(0, "sync '%s'", desk);
    booth_note(booth, "booth-1", olivia, 0, "wants a demo", 4);
    /* The lead's tags, as the file holds them (one a line); a leads:
     * station has no screen for them, an expo station no format 11 hub. */
    sql_write(booth, "UPDATE lead SET tags = 'hiring' || char(10) || 'demo'");
    EXPECT_CONTAINS(run(0, "sync '%s'", booth), "1 lead");
    run(0, "sync '%s'", ev); /* the upgrade */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = ''"),
               1);
    EXPECT_CONTAINS(run(0, "sync '%s'", booth), "1 lead");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.lead WHERE"
                                 " tags = E'hiring\\ndemo' AND note ="
                                 " 'wants a demo' AND rating = 4"),
               1);
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", booth), " 1 lead");
}

/* A format 11 hub holding a desk's walk-in and edit (and having dropped
 * its edit of a ticket the hub did not hold) is brought to 13 by the
 * organizer's next sync, keeping them, and then sets aside such an edit
 * rather than dropping it, with the one it dropped, sent again. */
static void a_format_11_hub_is_upgraded_to_13_keeping_its_changes(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "fmt11", &ev, &hub, "desk-1", "desk",
                               "fmt11-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT11_HUB));
    run(0,
        "register '%s' --ticket-type individual --given-name Kofi"
        " --family-name Boateng",
        desk);
    run(0, "edit '%s' 53139 --given-name Zoey", desk);
    const char *csv =
        "order_code,Status,badge_name,Email,ticket_type,family_name,"
        "given_name,pronouns,company,t_shirt,tutorials,sponsor_consent,"
        "secret,ticket_id\n"
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n";
    tu_write_file(tu_path("fmt11-late.csv"), csv, strlen(csv));
    run(0, "import '%s' '%s'", desk, tu_path("fmt11-late.csv"));
    /* Format 11 drops an edit of a ticket it does not hold. */
    run(0, "edit '%s' 59999 --family-name Laté", desk);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change"),
               2);
    /* The edit it dropped goes up again with the desk's next one. */
    run(0, "edit '%s' 59999 --given-name Lenna", desk);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk),
                    "2 edits wait at the hub for their tickets (59999)");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.waiting_change"),
               2);
}

/* A desk's edit of a ticket a format 12 hub did not hold, which that
 * hub dropped, is not lost: once the organizer's sync upgrades the hub,
 * the desk's next sync sends it once more (and only it: the edit the hub
 * took is not sent again, nor counted a conflict), the hub sets it aside,
 * and the organizer's publish of the ticket places it. */
static void an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "drop12", &ev, &hub, "desk-1", "desk",
                               "drop12-desk.db", &desk, NULL));
    REQUIRE(older_hub(hub, FORMAT12_HUB));
    const char *csv =
        "order_code,Status,badge_name,Email,ticket_type,family_name,"
        "given_name,pronouns,company,t_shirt,tutorials,sponsor_consent,"
        "secret,ticket_id\n"
        "LATE1,paid,,lena.late@example.com,individual,Late,Lena,,,M,,1,"
        "late7reg2x8q4wz6m3n5p9k2h4j6t8v2,59999\n";
    tu_write_file(tu_path("drop12-late.csv"), csv, strlen(csv));
    run(0, "import '%s' '%s'", desk, tu_path("drop12-late.csv"));
    run(0, "edit '%s' 53139 --given-name Zoey", desk);
    run(0, "edit '%s' 59999 --family-name Laté", desk);
    run(0, "sync '%s'", desk);
    static const char HELD[] =
        "SELECT count(*) FROM checkin.registration_change";
    EXPECT_INT(pgserver_int(hub, HELD), 1); /* Laté dropped */
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "edit");
    run(0, "sync '%s'", ev); /* the upgrade */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    EXPECT_CONTAINS(run(0, "sync '%s'", desk),
                    "1 edit waits at the hub for its ticket (59999)");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.waiting_change"
                                 " WHERE ticket_id = '59999' AND value ="
                                 " 'Laté'"),
               1);
    EXPECT_INT(pgserver_int(hub, HELD), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 0);
    /* Once: the next sync sends nothing of it. */
    EXPECT_NOT_CONTAINS(run(0, "sync '%s'", desk), "edit");
    run(0, "import '%s' '%s'", ev, tu_path("drop12-late.csv"));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.waiting_change"),
               0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.registration_change WHERE"
                                 " ticket_id = '59999' AND value = 'Laté'"),
               1);
}

/* Every row the door `door` reads through checkin.door_registration, as
 * its role reads them, each as the JSON text of the row less its
 * add-ons' codes and what pretix says at the door (formats 19's and
 * 24's columns, of which format 13 had nothing to show), in ticket order
 * (caller frees); *with_secrets: how many carry a hashed secret. */
static char *door_view(const char *door, long long *with_secrets)
{
    PGconn *c = connect_as_station(door);
    PGresult *r = PQexec(c, "SELECT string_agg((to_jsonb(d) -"
                            " 'addon_secrets' - 'door')::text, E'\\n' ORDER BY"
                            " d.ticket_id), count(*) FILTER (WHERE"
                            " cardinality(d.secrets) > 0) FROM"
                            " checkin.door_registration d");
    char *text = NULL;
    *with_secrets = -1;
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) {
        text = strdup(PQgetvalue(r, 0, 0));
        *with_secrets = strtoll(PQgetvalue(r, 0, 1), NULL, 10);
    } else {
        printf("# reading door_registration as %s: %s\n", door,
               PQerrorMessage(c));
    }
    PQclear(r);
    PQfinish(c);
    return text ? text : strdup("");
}

/* A format 13 hub (secrets hashed at each read of the door's view) is
 * brought to 15 by the organizer's next sync: every row its door reads is
 * the same, byte for byte, stamps included (nothing is pulled again), and
 * the door still admits by confirmation code. */
static void a_format_13_hub_upgraded_shows_its_doors_the_same_rows(void)
{
    struct hubfix f;
    const char *hub, *ev, *door;
    REQUIRE(hubfix_enrolled_as(&f, "fmt13", &ev, &hub, "door-1",
                               "door:pandas-intro", "fmt13-door.db", &door,
                               NULL));
    REQUIRE(older_hub(hub, FORMAT13_HUB));
    long long hashed_before, hashed_after;
    char *before = door_view(door, &hashed_before);
    EXPECT_TRUE(hashed_before > 100);
    EXPECT_CONTAINS(before, "sha256:");
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    char *after = door_view(door, &hashed_after);
    EXPECT_INT(hashed_after, hashed_before);
    EXPECT_TRUE(strlen(after) == strlen(before));
    EXPECT_TRUE(!strcmp(after, before));
    free(before);
    free(after);
    /* Not one row stamped again by the upgrade. */
    EXPECT_CONTAINS(run(0, "sync '%s'", door), "received nothing");
    SCAN_SAYS(door,
              "--station door:pandas-intro --name door-1 --clock "
              "'2027-05-12 09:05'",
              secret_of(ev, "48275"), "entered");
}

/* The line of `hub status` output `said` that begins with station
 * `name`, into `out` (empty when there is none). */
static void status_row(const char *said, const char *name, char *out,
                       size_t cap)
{
    out[0] = '\0';
    size_t n = strlen(name);
    for (const char *l = said; *l;) {
        size_t len = strcspn(l, "\n");
        if (!strncmp(l, name, n) && l[n] == ' ') {
            snprintf(out, cap, "%.*s", (int)len, l);
            return;
        }
        l += len + (l[len] == '\n');
    }
}

/* What this build's `checkin --version` prints after "checkin ". */
static void this_version(char *out, size_t cap)
{
    const char *v = run(0, "--version");
    snprintf(out, cap, "%s", strncmp(v, "checkin ", 8) ? "" : v + 8);
    out[strcspn(out, "\n")] = '\0';
}

/* The dashboard's entry for a station that names an older checkin. */
static bool names_older(json_t *h, const void *arg)
{
    (void)arg;
    return json_is_string(json_object_get(h, "older"));
}

/* The running station's link line once it says the hub is newer. */
static bool says_newer(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           strstr(live_str(o, "text"), "newer format") != NULL;
}

/* Issue 30: a station whose checkin knows an older hub format (its row's
 * client_format, as an older checkin's sync leaves it) is named by `hub
 * status` and the organizer's dashboard with what it misses, and told to
 * upgrade; one at the hub's format is not.  A station at a hub newer than
 * its checkin goes on recording and sending, and says so once a run. */
static void an_older_station_is_named_with_what_it_misses(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "older", "desk-1", "desk", "older-1.db",
                            "desk-2", "desk", "older-2.db", "door-1",
                            "door:pandas-intro", "older-door.db", NULL));
    const char *ev = f.ev, *hub = f.hub, *d1 = f.file[0], *d2 = f.file[1];
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", d2);
    run(0, "sync '%s'", f.file[2]);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "runs an older");
    /* desk-1 and door-1 as a checkin that knows format 18 leaves their
     * rows: each named with what its kind misses. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 18, last_seen = now() WHERE name IN"
                               " ('desk-1', 'door-1')") == 0);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "\n  door-1 runs an older checkin (it knows hub "
                          "format 18): it refuses pretix add-on tickets at "
                          "tutorial doors; it admits tickets pretix blocks "
                          "or limits to other times, and shows no attention "
                          "cue or seat; it lets people in without asking "
                          "pretix's questions asked at check-in; it does "
                          "not tell the hub its checkin version; upgrade "
                          "checkin on door-1.\n");
    EXPECT_CONTAINS(said,
                    "\n  desk-1 runs an older checkin (it knows hub "
                    "format 18): it refuses a pretix add-on ticket's "
                    "QR instead of finding its person; it admits "
                    "tickets pretix blocks or limits to other times, "
                    "and shows no attention cue or seat; it asks "
                    "pretix's questions the shop or another desk "
                    "answered, and does not send the answers it "
                    "takes; it prints the badges the organizer "
                    "pre-printed instead of sending people to their "
                    "box, and does not learn hand-overs made at other "
                    "desks; it does not tell the hub its checkin "
                    "version; it does not send its open spaces' "
                    "claims nor see the other boards'; "
                    "it does not learn the sprint projects nor send its "
                    "sprint check-ins; it does not send whom its triage "
                    "sent to which desk; it does not send its auction's "
                    "paddles, wins and settlements nor see the other "
                    "stations'; it does not send its auction's voided wins and "
                    "counts the other stations' voided wins as won; upgrade "
                    "checkin on desk-1.\n");
    EXPECT_NOT_CONTAINS(said, "desk-2 runs an older");
    /* One that knows 9 misses each later format's that a desk would, in
     * order: not a door's seat leases nor a booth's tags. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 9, last_seen = now() WHERE name ="
                               " 'desk-1'") == 0);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "desk-1 runs an older checkin (it knows hub format "
                          "9): it does not see check-in lists, their answers "
                          "and invitations, or day limits; it does not send "
                          "its walk-ins and corrections nor see the other "
                          "desks'; ");
    EXPECT_CONTAINS(said,
                    "desks'; it does not keep the time a phone read a "
                    "code it sent later; it does not see the "
                    "organizer's undos; it refuses a pretix add-on "
                    "ticket's QR instead of finding its person; it "
                    "admits tickets pretix blocks or limits to other "
                    "times, and shows no attention cue or seat; it "
                    "asks pretix's questions the shop or another desk "
                    "answered, and does not send the answers it "
                    "takes; it prints the badges the organizer "
                    "pre-printed instead of sending people to their "
                    "box, and does not learn hand-overs made at other "
                    "desks; it does not tell the hub its checkin "
                    "version; it does not send its open spaces' "
                    "claims nor see the other boards'; "
                    "it does not learn the sprint projects nor send its "
                    "sprint check-ins; it does not send whom its triage "
                    "sent to which desk; it does not send its auction's "
                    "paddles, wins and settlements nor see the other "
                    "stations'; it does not send its auction's voided wins and "
                    "counts the other stations' voided wins as won; upgrade "
                    "checkin on desk-1.\n");

    /* The dashboard says it among the anomalies' sources: the hub's
     * stations, desk-1 with the line, desk-2 without. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 18, last_seen = now() + interval '10 s'"
                               " WHERE name = 'desk-1'") == 0);
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("older-dash.out"), &pid);
    REQUIRE(port > 0);
    json_t *root;
    json_t *h =
        hubfix_snapshot_station(port, "desk-1", names_older, NULL, &root);
    EXPECT_TRUE(h != NULL);
    if (h)
        EXPECT_STR(json_string_value(json_object_get(h, "older")),
                   "desk-1 runs an older checkin (it knows hub format 18): "
                   "it refuses a pretix add-on ticket's QR instead of "
                   "finding its person; it admits tickets pretix blocks or "
                   "limits to other times, and shows no attention cue or "
                   "seat; it asks pretix's questions the shop or another "
                   "desk answered, and does not send the answers it takes; "
                   "it prints the badges the organizer pre-printed instead "
                   "of sending people to their box, and does not learn "
                   "hand-overs made at other desks; it does not tell the "
                   "hub its checkin version; it does not send its open "
                   "spaces' claims nor see the other boards'; "
                   "it does not learn the sprint projects nor send its sprint "
                   "check-ins; it does not send whom its triage sent to which "
                   "desk; it does not send its auction's paddles, wins and "
                   "settlements nor see the other stations'; it does not send "
                   "its auction's voided wins and counts the other stations' "
                   "voided wins as won; upgrade "
                   "checkin on desk-1.");
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(root, "hub_stations"), i, o)
    {
        if (!strcmp(json_string_value(json_object_get(o, "name")), "desk-2"))
            EXPECT_TRUE(json_object_get(o, "older") == NULL);
    }
    json_decref(root);
    /* The page, in a real browser: the line among the anomalies. */
    if (wd_available() && wd_start(tu_path("older-profile")) == 0) {
        REQUIRE(wd_get(tu_format("http://127.0.0.1:%d/", port)) == 0);
        char *v = wd_wait(
            "var l = document.querySelector('#anomalies"
            " li.older[data-station=\"desk-1\"]'); return l ?"
            " l.textContent : '';",
            "\"desk-1 runs an older checkin (it knows hub format 18): it "
            "refuses a pretix add-on ticket's QR instead of finding its "
            "person; it admits tickets pretix blocks or limits to other "
            "times, and shows no attention cue or seat; it asks pretix's "
            "questions the shop or another desk answered, and does not send "
            "the answers it takes; it prints the badges the organizer "
            "pre-printed instead of sending people to their box, and does not "
            "learn hand-overs made at other desks; it does not tell the hub "
            "its checkin version; it does not send its open spaces' claims "
            "nor see the other boards'; "
            "it does not learn the sprint projects nor send its sprint "
            "check-ins; it does not send whom its triage sent to which desk; "
            "it does not send its auction's paddles, wins and settlements nor "
            "see the other stations'; it does not send its auction's voided "
            "wins and counts the other stations' voided wins as won; upgrade "
            "checkin on desk-1.\"",
            20000);
        EXPECT_CONTAINS(v ? v : "", "upgrade checkin on desk-1.");
        free(v);
        v = wd_exec("return document.querySelectorAll('#anomalies"
                    " li.older[data-station=\"desk-2\"]').length;");
        EXPECT_STR(v ? v : "", "0");
        free(v);
        /* desk-2's checkin version in the stations' list (format 29). */
        char version[200];
        this_version(version, sizeof(version));
        v = wd_exec("var c = document.querySelector('#hub-stations"
                    " tr[data-station=\"desk-2\"] .version'); return c ?"
                    " c.textContent : '';");
        EXPECT_STR(v ? v : "", tu_format("\"%s\"", version));
        free(v);
        wd_quit();
    } else {
        printf("# no Chromium: the page is not checked\n");
    }
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);

    /* A hub a newer checkin upgraded: desk-2's check-in still reaches it,
     * and its sync says so, once. */
    REQUIRE(pgserver_exec(hub, tu_format("UPDATE checkin.hub SET format = %d",
                                         HUB_NOW + 1)) == 0);
    char *out = scan(d2, "--station desk --name desk-2",
                     tu_format("%s\n", secret_of(ev, "48243")));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    said = run(0, "sync '%s'", d2);
    char newer[512], newer_short[64];
    snprintf(newer, sizeof(newer),
             "The hub is of a newer format (%d) than this checkin knows "
             "(%d): this station goes on checking people in and sending "
             "them, without what the newer format adds; upgrade checkin on "
             "this station.\n",
             HUB_NOW + 1, HUB_NOW);
    snprintf(newer_short, sizeof(newer_short), "newer format (%d)",
             HUB_NOW + 1);
    EXPECT_CONTAINS(said, newer);
    const char *at = strstr(said, newer);
    EXPECT_TRUE(at && !strstr(at + 1, newer));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan s JOIN"
                                 " checkin.station t ON t.uid ="
                                 " s.station_uid WHERE t.name = 'desk-2'"
                                 " AND s.attendee_ticket_id = '48243'"),
               1);
    /* A running desk says it on its link line, and still sends. */
    struct live a;
    REQUIRE(live_start(&a, "", d2, "--station desk --name desk-2") == 0);
    json_t *l = live_next(&a, 30000, says_newer, NULL);
    EXPECT_TRUE(l != NULL);
    if (l)
        EXPECT_CONTAINS(live_str(l, "text"), newer_short);
    json_decref(l);
    scan_expect(&a, secret_of(ev, "48275"), "reason", "checked-in");
    /* Its last sync, at the stop, sends what it decided last. */
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " attendee_ticket_id = '48275'"),
               1);
}

/* Issue 52: each station tells the hub (format 29) which checkin it runs
 * at each sync, and `hub status` and the organizer's dashboard show it;
 * one that says none (an older checkin's sync, simulated by its row as
 * that sync leaves it) is "unknown", and named with what it misses. */
static void hub_status_shows_each_stations_checkin_version(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "versions", "desk-1", "desk", "versions-1.db",
                            "desk-2", "desk", "versions-2.db", "door-1",
                            "door:pandas-intro", "versions-door.db", NULL));
    const char *ev = f.ev, *hub = f.hub;
    char version[200], row[1024];
    this_version(version, sizeof(version));
    REQUIRE(version[0]);
    run(0, "sync '%s'", f.file[0]);
    EXPECT_INT(pgserver_int(hub, tu_format("SELECT count(*) FROM"
                                           " checkin.station WHERE name ="
                                           " 'desk-1' AND client_version ="
                                           " '%s'",
                                           version)),
               1);
    /* desk-2 as a checkin that knows format 28 leaves its row: it never
     * says a version (its first pull at its enrolment, by this checkin,
     * did). */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET client_format ="
                               " 28, client_version = NULL, last_seen ="
                               " now() WHERE name = 'desk-2'") == 0);
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, " CONFLICTS  VERSION\n");
    status_row(said, "desk-1", row, sizeof(row));
    EXPECT_CONTAINS(row, tu_format("  %s", version));
    status_row(said, "desk-2", row, sizeof(row));
    EXPECT_CONTAINS(row, "  unknown");
    EXPECT_CONTAINS(
        said,
        "\n  desk-2 runs an older checkin (it knows hub "
        "format 28): it does not tell the hub its checkin "
        "version; it does not send its open spaces' claims "
        "nor see the other boards'; "
        "it does not learn the sprint projects nor send its "
        "sprint check-ins; it does not send whom its triage "
        "sent to which desk; it does not send its auction's "
        "paddles, wins and settlements nor see the other "
        "stations'; it does not send its auction's voided wins and counts the "
        "other stations' voided wins as won; upgrade checkin on desk-2.\n");
    EXPECT_NOT_CONTAINS(said, "desk-1 runs an older");

    /* The dashboard's stations: desk-1's version, desk-2's none. */
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("versions-dash.out"), &pid);
    REQUIRE(port > 0);
    json_t *root;
    json_t *h =
        hubfix_snapshot_station(port, "desk-2", names_older, NULL, &root);
    EXPECT_TRUE(h != NULL);
    if (h)
        EXPECT_TRUE(json_is_null(json_object_get(h, "version")));
    size_t i;
    json_t *o;
    bool seen = false;
    json_array_foreach(json_object_get(root, "hub_stations"), i, o)
    {
        if (strcmp(json_string_value(json_object_get(o, "name")), "desk-1"))
            continue;
        seen = true;
        EXPECT_STR(json_string_value(json_object_get(o, "version")), version);
    }
    EXPECT_TRUE(seen);
    json_decref(root);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A hub of format 28 has no column for a station's version: a station of
 * format 29 syncs with it as before, sending none, and its check-in
 * reaches it; `hub status` there says "unknown". */
static void a_format_28_hub_takes_a_stations_sync_without_its_version(void)
{
    struct hubfix f;
    REQUIRE(hubfix_enrolled(&f, "versions28", "desk-1", "desk",
                            "versions28-1.db", "desk-2", "desk",
                            "versions28-2.db", "door-1", "door:pandas-intro",
                            "versions28-door.db", NULL));
    const char *ev = f.ev, *hub = f.hub, *d1 = f.file[0];
    /* After the organizer's commands, which upgrade the hub. */
    REQUIRE(pgserver_exec(hub, FORMAT28_HUB) == 0);
    char *out = scan(d1, "--station desk --name desk-1",
                     tu_format("%s\n", secret_of(ev, "48243")));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 28);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan s JOIN"
                                 " checkin.station t ON t.uid ="
                                 " s.station_uid WHERE t.name = 'desk-1'"
                                 " AND s.attendee_ticket_id = '48243'"),
               1);
    char row[1024];
    status_row(run(0, "hub status '%s'", ev), "desk-1", row, sizeof(row));
    EXPECT_CONTAINS(row, "live");
    EXPECT_CONTAINS(row, "  unknown");
}

/* A desk's open-space claim at a format 29 hub (no open spaces' claims)
 * waits in its file, and goes up once the organizer's sync upgrades the
 * hub to 30. */
static void a_format_29_hub_takes_a_desks_claims_once_upgraded(void)
{
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "spaces29", open_spaces_event("spaces29.ini"),
                        "desk-1", "desk", NULL));
    const char *d1 = f.file[0];
    REQUIRE(pgserver_exec(f.hub, FORMAT29_HUB) == 0);
    run(0,
        "open-spaces '%s' claim 201 '2027-05-14 10:00' --host 48243 --title "
        "'Rust BoF'",
        d1);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), 29);
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM sync_open_space"), 0);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM"
                                   " checkin.open_space_claim WHERE title ="
                                   " 'Rust BoF' AND station = 'desk-1'"),
               1);
}

/* ---- the triage's sends (issue 55.4, hub format 32) ---- */

/* `n` paid people whose sort name opens with a letter of `glob` ("[A-L]"),
 * by ticket: their codes, one a line (static until the next call). */
static const char *codes_of(const char *ev, const char *glob, int n)
{
    static char codes[8192];
    codes[0] = '\0';
    for (int i = 0; i < n; i++) {
        const char *c = sql_text(
            ev, tu_format("SELECT s.secret FROM ticket_secret s JOIN"
                          " attendee a ON a.id = s.attendee_id WHERE"
                          " a.status = 'paid' AND a.testmode = 0 AND"
                          " s.revoked = 0 AND upper(coalesce(nullif("
                          "a.family_name, ''), a.badge_name)) GLOB '%s*'"
                          " ORDER BY a.ticket_id LIMIT 1 OFFSET %d",
                          glob, i));
        size_t used = strlen(codes);
        snprintf(codes + used, sizeof(codes) - used, "%s\n", c);
    }
    return codes;
}

/* `a` then `b`, malloc'd. */
static char *joined(const char *a, const char *b)
{
    size_t n = strlen(a) + strlen(b) + 1;
    char *s = malloc(n);
    if (s)
        snprintf(s, n, "%s%s", a, b);
    return s;
}

static json_t *desk_line(json_t *lines, const char *desk)
{
    size_t i;
    json_t *o;
    json_array_foreach(json_object_get(lines, "desks"), i, o)
    {
        if (!strcmp(jstr(o, "desk"), desk))
            return o;
    }
    TU_FAIL_AT("the dashboard's lines have no desk %s", desk);
    return NULL;
}

/* Desk 1's people still in line whose letter is `from` to L. */
static long long in_line_from(const char *ev, char from)
{
    return sql_int(
        ev, tu_format("SELECT count(*) FROM triage_sent t JOIN attendee a ON"
                      " a.ticket_id = t.ticket_id WHERE t.desk = '1' AND NOT"
                      " EXISTS (SELECT 1 FROM scan s WHERE"
                      " s.attendee_ticket_id = t.ticket_id AND s.decision ="
                      " 'admit') AND upper(substr(coalesce(nullif("
                      "a.family_name, ''), a.badge_name), 1, 1)) BETWEEN"
                      " '%c' AND 'L'",
                      from));
}

/* A triage (on a desk's file) sends 12 people to desk 1 and 4 to desk 2;
 * desk-1 checks 2 of desk 1's in.  Through the hub the organizer's
 * dashboard counts desk 1's line as 10 and desk 2's as 4, desk 1's wait
 * from its 2 check-ins, and proposes moving letters of desk 1's far end
 * to desk 2: about half the difference of the lines. */
static void the_dashboard_counts_each_desks_line_from_the_triage(void)
{
    struct hubfix f;
    /* The demo event's [desks]: desk 1 takes A-L, desk 2 M-Z. */
    REQUIRE(hubfix_open(&f, "lines", NULL, "desk-1", "desk", "triage-1", "desk",
                        NULL));
    char *one = strdup(codes_of(f.ev, "[A-L]", 12));
    char *both = joined(one, codes_of(f.ev, "[M-Z]", 4));
    REQUIRE(one && both);
    char *said = scan(f.file[1], "--station triage", both);
    free(both);
    EXPECT_INT(sql_int(f.file[1], "SELECT count(*) FROM triage_sent"), 16);
    EXPECT_INT(sql_int(f.file[1], "SELECT count(*) FROM triage_sent WHERE"
                                  " desk = '1' AND letters = 'A-L'"),
               12);
    free(said);
    /* Two of desk 1's checked in at desk-1, after their send. */
    const char *first = strchr(one, '\n') + 1;
    said = scan(f.file[0], "--station desk",
                tu_format("%.*s", (int)(strchr(first, '\n') + 1 - one), one));
    free(one);
    EXPECT_INT(sql_int(f.file[0], "SELECT count(*) FROM scan WHERE decision"
                                  " = 'admit'"),
               2);
    free(said);
    run(0, "sync '%s'", f.file[1]);
    run(0, "sync '%s'", f.file[0]);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(sql_int(f.ev, "SELECT count(*) FROM triage_sent WHERE"
                             " station = 'triage-1'"),
               16);
    pid_t pid;
    int port = hubfix_dashboard_with(f.ev, "--offline",
                                     tu_path("lines-dash.out"), &pid);
    REQUIRE(port > 0);
    char *body = NULL;
    tu_http(port, "GET", "/api/snapshot",
            tu_format("Host: 127.0.0.1:%d\r\n", port), NULL, NULL, &body);
    hubfix_dashboard_stop(pid);
    json_t *root = body ? json_loads(body, 0, NULL) : NULL;
    free(body);
    json_t *lines = json_object_get(root, "lines");
    REQUIRE(lines != NULL);
    json_t *d1 = desk_line(lines, "1"), *d2 = desk_line(lines, "2");
    REQUIRE(d1 && d2);
    EXPECT_STR(jstr(d1, "letters"), "A-L");
    EXPECT_INT(json_integer_value(json_object_get(d1, "sent")), 12);
    EXPECT_INT(json_integer_value(json_object_get(d1, "line")), 10);
    EXPECT_INT(json_integer_value(json_object_get(d1, "waited")), 2);
    EXPECT_TRUE(json_is_number(json_object_get(d1, "wait_s")));
    EXPECT_INT(json_integer_value(json_object_get(d2, "sent")), 4);
    EXPECT_INT(json_integer_value(json_object_get(d2, "line")), 4);
    EXPECT_TRUE(json_is_null(json_object_get(d2, "wait_s")));
    json_t *p = json_object_get(lines, "proposal");
    REQUIRE(json_is_object(p));
    EXPECT_STR(jstr(p, "from"), "1");
    EXPECT_STR(jstr(p, "to"), "2");
    EXPECT_TRUE(json_real_value(json_object_get(p, "ratio")) == 2.5);
    /* The letters moved are desk 1's far end, next to desk 2's M: they
     * hold at least half the lines' difference (3) of desk 1's line, and
     * the same range without its first letter less. */
    const char *move = jstr(p, "move");
    REQUIRE(strlen(move) == 1 || (strlen(move) == 3 && move[1] == '-'));
    EXPECT_INT(move[strlen(move) - 1], 'L');
    EXPECT_TRUE(in_line_from(f.ev, move[0]) >= 3);
    EXPECT_TRUE(move[0] == 'L' || in_line_from(f.ev, (char)(move[0] + 1)) < 3);
    json_decref(root);
}

/* A triage's sends at a format 31 hub (no triage_sent) wait in its file,
 * and go up once the organizer's sync upgrades the hub to 32. */
static void a_format_31_hub_takes_the_triages_sends_once_upgraded(void)
{
    struct hubfix f;
    /* A triage on a desk's file, as before the triage's role (format 34). */
    REQUIRE(hubfix_open(&f, "triage31", NULL, "triage-1", "desk", NULL));
    REQUIRE(pgserver_exec(f.hub, FORMAT31_HUB) == 0);
    free(scan(f.file[0], "--station triage", codes_of(f.ev, "[A-Z]", 3)));
    run(0, "sync '%s'", f.file[0]);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), 31);
    EXPECT_INT(sql_int(f.file[0], "SELECT count(*) FROM sync_triage"), 0);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(pgserver_int(f.hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    run(0, "sync '%s'", f.file[0]);
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.triage_sent"
                                   " WHERE station = 'triage-1'"),
               3);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(sql_int(f.ev, "SELECT count(*) FROM triage_sent"), 3);
}
/* ---- end of the triage's sends ---- */

/* ---- the triage's role (issue 55, hub format 34) ---- */

/* Each decision's verdict, desk and name in `out` (scan's JSON lines),
 * one a line: what a triage says of each person (static). */
static const char *sent_where(const char *out)
{
    static char said[4096];
    said[0] = '\0';
    for (const char *line = out; line && *line;) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        json_t *o = json_loadb(line, len, 0, NULL);
        if (o && json_object_get(o, "reason")) {
            size_t used = strlen(said);
            snprintf(said + used, sizeof(said) - used, "%s %s %s %s %s\n",
                     jstr(o, "decision"), jstr(o, "reason"), jstr(o, "desk"),
                     jstr(o, "desk_letters"), jstr(o, "badge_name"));
        }
        json_decref(o);
        line = end ? end + 1 : NULL;
    }
    return said;
}

static int times_in(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
        n++;
    return n;
}

/* A desk's name correction and walk-in reach a triage's own file (hub
 * format 35): a person of desk 1's letters whose family name the desk
 * corrects into desk 2's is sent to desk 2; the walk-in is held by
 * name, without the email the desk took. */
static void triage_learns_the_desks_changes(const char *ev, const char *desk,
                                            const char *tri)
{
    char ticket[64], code[256];
    snprintf(ticket, sizeof(ticket), "%s",
             sql_text(ev, "SELECT a.ticket_id FROM attendee a WHERE a.status ="
                          " 'paid' AND a.testmode = 0 AND"
                          " upper(a.family_name) GLOB '[A-L]*' ORDER BY"
                          " a.ticket_id LIMIT 1 OFFSET 7"));
    snprintf(code, sizeof(code), "%s",
             sql_text(ev, tu_format("SELECT s.secret FROM ticket_secret s"
                                    " JOIN attendee a ON a.id = s.attendee_id"
                                    " WHERE a.ticket_id = '%s' AND s.revoked"
                                    " = 0 LIMIT 1",
                                    ticket)));
    REQUIRE(ticket[0] && code[0]);
    /* The desk knows the event's supervisor (added above): the edit asks
     * for the PIN, as the hub wants it. */
    run(0, "sync '%s'", desk);
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("edit '%s' %s --family-name Zielinski",
                                       desk, ticket),
                             "471100\n", &out, &err),
               0);
    run(0,
        "register '%s' --ticket-type individual --given-name Kofi"
        " --family-name Boateng --email kofi@example.com",
        desk);
    run(0, "sync '%s'", desk);
    run(0, "sync '%s'", tri);
    char *said = scan(tri, "--station triage", tu_format("%s\n", code));
    EXPECT_CONTAINS(sent_where(said), "admit to-desk 2 M-Z ");
    free(said);
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM attendee WHERE family_name"
                            " = 'Boateng' AND given_name = 'Kofi' AND email ="
                            " '' AND company = ''"),
               1);
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM registration_change WHERE"
                            " value LIKE '%kofi@%' OR field IN ('email',"
                            " 'company', 'pronouns')"),
               0);
}

/* A triage enrolled as one (`--station triage`) holds what it sends
 * people on from: names, ticket types and states, codes hashed; no
 * contact, order code, answer or PIN hash, in its file or through its
 * role at the hub.  It sends each person where a triage on a desk's file
 * does, refuses to run as a desk, learns a payment the organizer's file
 * publishes, and its sends reach the organizer. */
static void a_triage_of_its_own_holds_only_what_it_sends_people_on_from(void)
{
    struct hubfix f;
    REQUIRE(hubfix_open(&f, "trole", NULL, "desk-1", "desk", "triage-1",
                        "triage", NULL));
    const char *desk = f.file[0], *tri = f.file[1];
    add_supervisor(f.ev, "sam", "471100");
    run(0, "sync '%s'", tri);
    long long people = sql_int(f.ev, "SELECT count(*) FROM attendee");
    EXPECT_TRUE(people > 0);
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM attendee"), people);
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM attendee WHERE badge_name"
                            " <> ''"),
               sql_int(f.ev, "SELECT count(*) FROM attendee WHERE badge_name"
                             " <> ''"));
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM attendee WHERE email <> ''"
                            " OR company <> '' OR order_code <> '' OR"
                            " pronouns <> '' OR search_key <> ''"),
               0);
    EXPECT_INT(sql_int(tri, "SELECT count(*) FROM ticket_secret WHERE"
                            " secret NOT LIKE 'sha256:%'"),
               0);
    EXPECT_INT(sql_int(tri, "SELECT (SELECT count(*) FROM supervisor) +"
                            " (SELECT count(*) FROM attendee_answer) +"
                            " (SELECT count(*) FROM attendee_tutorial) +"
                            " (SELECT count(*) FROM sync_box)"),
               0);
    EXPECT_TRUE(sql_int(f.ev, "SELECT count(*) FROM supervisor") > 0);
    PGconn *c = connect_as_station(tri);
    REQUIRE(c != NULL);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.triage_registration"
                      " WHERE email <> '' OR company <> ''",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.event_description"
                      " WHERE kind = 'supervisor'",
                      NULL),
               0);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.scan", NULL), 0);
    PQfinish(c);

    /* The same people, paid and not, at both: the same verdicts. */
    const char *unpaid = sql_text(
        f.ev, "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
              " s.attendee_id WHERE a.status = 'pending' AND a.testmode = 0"
              " AND s.revoked = 0 ORDER BY a.ticket_id LIMIT 1");
    REQUIRE(unpaid && *unpaid);
    char *owed = strdup(unpaid);
    char *first = strdup(codes_of(f.ev, "[A-L]", 3));
    char *codes = first ? joined(first, codes_of(f.ev, "[M-Z]", 2)) : NULL;
    free(first);
    REQUIRE(owed && codes);
    char *all = joined(codes, tu_format("%s\n", owed));
    REQUIRE(all);
    char *at_desk = scan(desk, "--station triage", all);
    char *at_triage = scan(tri, "--station triage", all);
    char *where = strdup(sent_where(at_desk));
    REQUIRE(where);
    EXPECT_STR(sent_where(at_triage), where);
    EXPECT_INT(times_in(where, "admit to-desk"), 5);
    EXPECT_INT(times_in(where, "warn to-help-desk"), 1);
    free(where);
    free(at_desk);
    free(at_triage);
    free(all);
    free(codes);

    /* Not a desk: one sentence, nothing decided. */
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --keyboard"
                                       " --json --offline",
                                       tri),
                             "", &out, &err),
               1);
    EXPECT_CONTAINS(err, "enrolled at the hub as triage; run it with "
                         "--station triage.");

    /* Paid on the organizer's laptop: sent to a desk after a sync. */
    sql_write(f.ev, tu_format("UPDATE attendee SET status = 'paid' WHERE id ="
                              " (SELECT attendee_id FROM ticket_secret WHERE"
                              " secret = '%s')",
                              owed));
    run(0, "sync '%s'", f.ev);
    run(0, "sync '%s'", tri);
    SCAN_SAYS(tri, "--station triage", tu_format("%s\n", owed), "to-desk");
    free(owed);
    run(0, "sync '%s'", tri);

    /* Its sends go up under its name, and reach the organizer. */
    EXPECT_INT(pgserver_int(f.hub, "SELECT count(*) FROM checkin.triage_sent"
                                   " WHERE station = 'triage-1'"),
               6);
    run(0, "sync '%s'", f.ev);
    EXPECT_INT(sql_int(f.ev, "SELECT count(*) FROM triage_sent WHERE"
                             " station = 'triage-1'"),
               6);
    triage_learns_the_desks_changes(f.ev, desk, tri);
}
/* ---- end of the triage's role ---- */

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_newer_station_pushes_to_a_format_7_hub),
        TU_CASE(an_older_station_never_pulls_an_undo),
        TU_CASE(a_leads_tags_go_up_after_the_hubs_upgrade),
        TU_CASE(an_older_door_file_forgets_what_a_door_need_not_hold),
        TU_CASE(rows_an_older_hub_took_are_set_aside_at_its_upgrade),
        TU_CASE(a_format_17_hub_takes_the_organizers_undo_once_upgraded),
        TU_CASE(a_format_9_hub_is_upgraded_to_10_keeping_its_rows),
        TU_CASE(an_upgraded_station_fetches_the_undos_it_skipped),
        TU_CASE(a_format_16_hub_takes_rows_without_the_read_time),
        TU_CASE(a_desk_at_a_format_7_hub_refuses_an_undo),
        TU_CASE(a_format_11_booth_works_at_a_format_12_hub),
        TU_CASE(a_running_door_forgets_at_the_hubs_upgrade_and_admits),
        TU_CASE(the_hubs_upgrade_is_run_again_when_it_deadlocks),
        TU_CASE(a_format_11_hub_is_upgraded_to_13_keeping_its_changes),
        TU_CASE(an_older_hub_is_upgraded_by_the_organizer),
        TU_CASE(a_format_19_hub_is_upgraded_to_20_with_its_desks_in_step),
        TU_CASE(a_format_20_hub_is_upgraded_to_21_hashing_secrets_the_same),
        TU_CASE(
            a_format_21_hub_is_upgraded_to_22_telling_dashboards_of_printers),
        TU_CASE(a_format_13_hub_upgraded_shows_its_doors_the_same_rows),
        TU_CASE(an_edit_a_format_12_hub_dropped_goes_up_after_its_upgrade),
        TU_CASE(a_format_8_hub_takes_supervisors_at_its_upgrade),
        TU_CASE(a_format_10_hub_is_upgraded_to_11_and_takes_waiting_walkins),
        TU_CASE(an_older_station_is_named_with_what_it_misses),
        TU_CASE(hub_status_shows_each_stations_checkin_version),
        TU_CASE(a_format_28_hub_takes_a_stations_sync_without_its_version),
        TU_CASE(a_format_29_hub_takes_a_desks_claims_once_upgraded),
        TU_CASE(the_dashboard_counts_each_desks_line_from_the_triage),
        TU_CASE(a_format_31_hub_takes_the_triages_sends_once_upgraded),
        TU_CASE(a_triage_of_its_own_holds_only_what_it_sends_people_on_from),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
