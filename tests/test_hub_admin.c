/* The organizer's administration of the hub (hub/): `hub init` and its
 * publishing, `hub add-station` and a station's first pull, retired,
 * wiped and copied station files, `hub status`, signing keys, the
 * organizer's undo and dashboard.  Run as the real command against a
 * real PostgreSQL 15 server this test starts and stops itself
 * (pgserver.c), on real station files; what the hub tests share is in
 * sync_util.h (issue 13; split out of test_sync.c by room in issue 51).
 * Exits 77 (skipped) when the PostgreSQL server is not installed. */
#include "sync_util.h"

/* ---- hub init ---- */

static void hub_init_publishes_the_event_and_remembers_the_hub(void)
{
    const char *hub;
    const char *ev = published_event("init", &hub);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.signing_key"),
               1);
    EXPECT_STR(sql_text(ev, "SELECT role FROM sync_hub"), "organizer");
    /* Unchanged registrations are not sent again. */
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "sent nothing");
    /* Once is enough, and another event's hub is refused. */
    said = run(1, "hub init '%s' \"%s\"", ev, pgserver_conninfo(hub));
    EXPECT_CONTAINS(said, "is published to a hub already");
    const char *other = tu_path("other.db");
    run(0, "init '%s' '%s'", other, tu_demo_event_ini());
    said = run(1, "hub init '%s' \"%s\"", other, pgserver_conninfo(hub));
    EXPECT_CONTAINS(said, "holds another event's hub");
}

/* The organizer's file notes the registrations it gave the hub while
 * the hub takes them (publish.c), in a transaction it commits only
 * after the hub's: an upsert the hub refuses leaves the file noting what
 * it noted before, so that the next sync sends the change. */
static void a_publish_the_hub_refuses_is_not_noted_in_the_file(void)
{
    const char *hub;
    const char *ev = published_event("refused", &hub);
    static const char NOTED[] =
        "SELECT hex(digest) FROM sync_reg WHERE ticket_id = '48243'";
    char before[64];
    snprintf(before, sizeof(before), "%s", sql_text(ev, NOTED));
    REQUIRE(strlen(before) == 32);
    sql_write(ev, "UPDATE attendee SET given_name = 'Renamed' WHERE"
                  " ticket_id = '48243'");
    REQUIRE(pgserver_exec(hub, "CREATE FUNCTION public.not_today() RETURNS"
                               " trigger LANGUAGE plpgsql AS $$ BEGIN RAISE"
                               " EXCEPTION 'not today'; END $$;"
                               " CREATE TRIGGER not_today BEFORE UPDATE ON"
                               " checkin.registration FOR EACH ROW EXECUTE"
                               " FUNCTION public.not_today()") == 0);
    EXPECT_CONTAINS(run(1, "sync '%s'", ev), "not today");
    EXPECT_STR(sql_text(ev, NOTED), before);
    REQUIRE(pgserver_exec(hub, "DROP TRIGGER not_today ON"
                               " checkin.registration") == 0);
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent 1 registration");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.registration"
                                 " WHERE ticket_id = '48243' AND given_name"
                                 " = 'Renamed'"),
               1);
    EXPECT_TRUE(strcmp(sql_text(ev, NOTED), before) != 0);
}

/* ---- stations ---- */

static void add_station_makes_a_private_file_with_its_own_role(void)
{
    const char *hub;
    const char *ev = published_event("enrol", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "enrol-desk.db");
    struct stat st;
    REQUIRE(stat(desk, &st) == 0);
    EXPECT_INT(st.st_mode & 0777, 0600);
    const char *ci = sql_text(desk, "SELECT conninfo FROM sync_hub");
    EXPECT_NOT_CONTAINS(ci, "user='postgres'");
    EXPECT_CONTAINS(ci, "password=");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station s JOIN"
                                 " pg_roles r ON r.rolname = s.pg_role"),
               1);
    /* The first sync happened: the desk can admit people. */
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    /* Nothing is ever written over. */
    const char *said = run(1,
                           "hub add-station '%s' desk-9 --station desk "
                           "--out '%s'",
                           ev, desk);
    EXPECT_CONTAINS(said, "exists");
    said = run(1,
               "hub add-station '%s' door-x --station door:no-such --out "
               "'%s'",
               ev, tu_path("enrol-x.db"));
    EXPECT_CONTAINS(said, "There is no tutorial or list 'no-such'");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"), 1);
}

/* A first pull drops the registrations' secondary indexes and builds
 * them again before its commit (pull.c, drop_indexes): the station file
 * ends with every index the event file has, each usable. */
static void a_first_pull_leaves_every_index_in_place(void)
{
    const char *hub;
    const char *ev = published_event("indexes", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "indexes-desk.db");
    static const char *const SQL =
        "SELECT group_concat(name || ': ' || sql, '; ') FROM (SELECT name,"
        " sql FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL"
        " ORDER BY name)";
    char want[8192];
    snprintf(want, sizeof(want), "%s", sql_text(ev, SQL));
    EXPECT_CONTAINS(want, "ticket_secret_attendee");
    EXPECT_STR(sql_text(desk, SQL), want);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
}

/* A first pull writes an empty file's registrations with its CHECK
 * constraints off (pull.c, checks_off), testing the hub's status itself:
 * a registration of a status the file does not allow (a hub whose own
 * check was taken off) waits, as the constraint would have had it, and
 * the others are taken. */
static void a_first_pull_leaves_a_status_the_file_refuses_waiting(void)
{
    const char *hub;
    const char *ev = published_event("badstatus", &hub);
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s",
             sql_text(ev, "SELECT min(ticket_id) FROM attendee"));
    REQUIRE(pgserver_exec(hub, tu_format("ALTER TABLE checkin.registration"
                                         " DROP CONSTRAINT"
                                         " registration_status_check;"
                                         "UPDATE checkin.registration SET"
                                         " status = 'lost' WHERE ticket_id ="
                                         " '%s'",
                                         ticket)) == 0);
    const char *desk = add_station(ev, "desk-1", "desk", "badstatus-desk.db");
    EXPECT_INT(sql_int(desk, tu_format("SELECT count(*) FROM attendee WHERE"
                                       " ticket_id = '%s'",
                                       ticket)),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee") - 1);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee WHERE status NOT"
                             " IN ('paid','pending','cancelled','refunded')"),
               0);
}

/* A first pull inserts each secret into the new file plainly (pull.c,
 * pull_strings.c), and a secret the plain insert refuses goes to the
 * upsert an enrolled file's pull runs: a code two of the hub's
 * registrations name (a reissue the hub holds half of) ends with the
 * later one, as that upsert leaves it, and neither registration waits. */
static void a_first_pull_gives_a_code_named_twice_to_the_later(void)
{
    const char *hub;
    const char *ev = published_event("twice", &hub);
    char first[64], later[64], code[128];
    snprintf(first, sizeof(first), "%s",
             sql_text(ev, "SELECT min(ticket_id) FROM attendee"));
    snprintf(later, sizeof(later), "%s",
             sql_text(ev, "SELECT max(ticket_id) FROM attendee"));
    snprintf(code, sizeof(code), "%s",
             sql_text(ev, tu_format("SELECT min(s.secret) FROM ticket_secret"
                                    " s JOIN attendee a ON a.id ="
                                    " s.attendee_id WHERE a.ticket_id = '%s'"
                                    " AND s.revoked = 0",
                                    first)));
    /* Rewritten last, so the hub sends it after the first's row. */
    REQUIRE(pgserver_exec(hub, tu_format("UPDATE checkin.registration SET"
                                         " secrets = secrets || '%s'::text"
                                         " WHERE ticket_id = '%s'",
                                         code, later)) == 0);
    REQUIRE(pgserver_int(hub, tu_format("SELECT count(*) FROM"
                                        " checkin.registration WHERE '%s' ="
                                        " ANY (secrets) AND hub_seq = (SELECT"
                                        " max(hub_seq) FROM"
                                        " checkin.registration)",
                                        code)) == 1);
    const char *desk = add_station(ev, "desk-1", "desk", "twice-desk.db");
    EXPECT_STR(sql_text(desk, tu_format("SELECT a.ticket_id FROM ticket_secret"
                                        " s JOIN attendee a ON a.id ="
                                        " s.attendee_id WHERE s.secret ="
                                        " '%s'",
                                        code)),
               later);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM sync_reg"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM ticket_secret"),
               sql_int(ev, "SELECT count(*) FROM ticket_secret"));
}

/* Whether tu_tmpdir() holds a file whose name begins with `prefix`. */
static bool tmpdir_has(const char *prefix)
{
    DIR *d = opendir(tu_tmpdir());
    bool found = false;
    for (struct dirent *e; d && !found && (e = readdir(d));)
        found = !strncmp(e->d_name, prefix, strlen(prefix));
    if (d)
        closedir(d);
    return found;
}

/* add-station checks the event file whole on a thread while it enrolls
 * the station and pulls (store.h, STORE_CHECK_BESIDE): an event file
 * damaged where add-station never reads (the registrations' order
 * index) is still refused with the check's sentence, and nothing is
 * left of the station: no file, no key, no row or role at the hub. */
static void add_station_refuses_a_damaged_event_file_and_keeps_nothing(void)
{
    const char *hub;
    const char *ev = published_event("damaged", &hub);
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "damaged.key"), 0600) == 0);
    sql_write(ev, "PRAGMA wal_checkpoint(TRUNCATE)");
    long long page = sql_int(ev, "PRAGMA page_size");
    long long root = sql_int(ev, "SELECT rootpage FROM sqlite_schema WHERE"
                                 " name = 'attendee_order'");
    REQUIRE(root > 1);
    /* The page's type byte: no b-tree page has type 0x7f. */
    FILE *f = fopen(ev, "r+b");
    REQUIRE(f != NULL);
    REQUIRE(fseek(f, (long)((root - 1) * page), SEEK_SET) == 0);
    REQUIRE(fputc(0x7f, f) == 0x7f);
    REQUIRE(fclose(f) == 0);
    const char *out = tu_path("damaged-desk.db");
    long long roles = pgserver_int(hub, "SELECT count(*) FROM pg_roles");
    const char *said = run(1,
                           "hub add-station '%s' desk-1 --station desk --out"
                           " '%s'",
                           ev, out);
    EXPECT_CONTAINS(said, "is damaged");
    EXPECT_CONTAINS(said, "restore it from a backup");
    EXPECT_INT(access(out, F_OK) == 0, 0);
    EXPECT_INT(access(tu_path("damaged-desk.key"), F_OK) == 0, 0);
    EXPECT_INT(tmpdir_has(".damaged-desk.db."), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station"), 0);
    /* Roles are the server's, shared with the other cases' hubs. */
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM pg_roles"), roles);
}

/* add-station's power cut half way through its first pull's
 * registrations, then after the file was complete but before it was
 * put in place: no station file appears, and the same command then
 * makes it whole. */
static void a_killed_add_station_leaves_no_station_file(void)
{
    const char *hub;
    const char *ev = published_event("killadd", &hub);
    /* The event has a signing key, so a desk gets one beside its file. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "killadd.key"), 0600) == 0);
    static const char *const POINTS[] = {"first-pull-half", "written"};
    char out[512], key[512];
    snprintf(out, sizeof(out), "%s", tu_path("killadd-desk.db"));
    snprintf(key, sizeof(key), "%s", tu_path("killadd-desk.key"));
    for (size_t k = 0; k < sizeof(POINTS) / sizeof(POINTS[0]); k++) {
        int st = tu_sh("CHECKIN_TEST_KILL_AT=%s:killadd-desk.db '%s' hub "
                       "add-station '%s' desk-%zu --station desk --out '%s' "
                       ">/dev/null 2>&1",
                       POINTS[k], CHECKIN_BIN, ev, k, out);
        EXPECT_TRUE(WIFSIGNALED(st) ||
                    (WIFEXITED(st) && WEXITSTATUS(st) == 128 + SIGKILL));
        EXPECT_INT(access(out, F_OK) == 0, 0);
        /* Killed in the pull, before the key is saved: no key file is
         * left to block the next try. */
        if (k == 0)
            EXPECT_INT(access(key, F_OK) == 0, 0);
        unlink(key);
    }
    const char *desk = add_station(ev, "desk-9", "desk", "killadd-desk.db");
    EXPECT_INT(access(key, F_OK), 0);
    struct stat sb;
    REQUIRE(stat(desk, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
    /* The killed runs' temporary files were taken away by the next. */
    EXPECT_INT(tmpdir_has(".killadd-desk.db."), 0);
}

/* add-station whose hub goes down in the middle of the COPY of the first
 * pull's registrations (the command stops itself once it has taken a
 * first batch of them, so the hub stops at that point, not at a time):
 * the command says in one sentence that the first sync did not happen
 * and to run 'checkin sync'; the file it publishes, enrolled, holds none
 * of the registrations (the batches already taken are rolled back with
 * the rest), is whole and a WAL file like every station's, and its next
 * sync with the hub back brings them all. */
static void an_add_station_cut_mid_copy_keeps_none_of_its_rows(void)
{
    /* More rows than a batch and than the socket holds: the hub is
     * still sending when it stops. */
    enum { N = 6000 };
    const char *csv = tu_path("midcopy.csv");
    FILE *f = fopen(csv, "w");
    REQUIRE(f != NULL);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email\n",
          f);
    for (int i = 0; i < N; i++)
        fprintf(f,
                "%d,M%07d,paid,individual,midcopy%027d,Given%d,Family%d,"
                "m%d@example.com\n",
                900000 + i, i, i, i, i, i);
    REQUIRE(fclose(f) == 0);
    const char *ev = tu_copy(tu_demo_event(), "midcopy.db");
    tu_checkin_want(0, "import '%s' '%s'", ev, csv);
    REQUIRE(pgserver_createdb("hub_midcopy") == 0);
    tu_checkin_want(0, "hub init '%s' \"%s\"", ev,
                    pgserver_conninfo("hub_midcopy"));
    char desk[512], out[512], cmd[2048];
    snprintf(desk, sizeof(desk), "%s", tu_path("midcopy-desk.db"));
    snprintf(out, sizeof(out), "%s", tu_path("midcopy-add.out"));
    snprintf(cmd, sizeof(cmd),
             TU_NO_LEAK_SCAN "CHECKIN_TEST_STOP_AT=first-pull-half:"
                             "midcopy-desk.db exec '%s' hub add-station '%s' "
                             "desk-1 --station desk --out '%s' >'%s' 2>&1",
             CHECKIN_BIN, ev, desk, out);
    struct tu_proc p;
    REQUIRE(tu_spawn(&p, cmd, 0));
    int st = 0;
    REQUIRE(waitpid(p.pid, &st, WUNTRACED) == p.pid);
    REQUIRE(WIFSTOPPED(st));
    /* Stopped part way into the registrations: none is in place yet. */
    EXPECT_INT(access(desk, F_OK) == 0, 0);
    REQUIRE(pgserver_halt() == PGSERVER_OK);
    REQUIRE(kill(p.pid, SIGCONT) == 0);
    REQUIRE(waitpid(p.pid, &st, 0) == p.pid);
    tu_forget(p.pid);
    REQUIRE(pgserver_resume() == PGSERVER_OK);
    char *said = tu_read_file(out, NULL);
    REQUIRE(said != NULL);
    EXPECT_TRUE(WIFEXITED(st));
    EXPECT_CONTAINS(said, "The first sync did not happen");
    EXPECT_CONTAINS(said, "run 'checkin sync");
    free(said);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"), 0);
    EXPECT_STR(sql_text(desk, "PRAGMA integrity_check"), "ok");
    EXPECT_STR(sql_text(desk, "PRAGMA journal_mode"), "wal");
    struct stat sb;
    REQUIRE(stat(desk, &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    tu_checkin_want(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee"),
               sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_TRUE(sql_int(ev, "SELECT count(*) FROM attendee") >= N);
}

/* One random JSON value of depth at most `depth` for
 * canonical_json_is_jansson_s_byte_for_byte, its strings drawn from
 * pieces a name may hold: escapes, control characters, a slash, DEL and
 * UTF-8 of two to four bytes. */
static json_t *random_json(unsigned *seed, int depth)
{
    static const char *const PIECES[] = {"a",
                                         "Z",
                                         "0",
                                         " ",
                                         "\"",
                                         "\\",
                                         "/",
                                         "\b",
                                         "\f",
                                         "\n",
                                         "\r",
                                         "\t",
                                         "\x01",
                                         "\x1f",
                                         "\x7f",
                                         "\xc3\xa9",
                                         "\xe6\x97\xa5",
                                         "\xe2\x80\xa8",
                                         "\xf0\x9f\x98\x80",
                                         "{",
                                         "}",
                                         ":",
                                         ","};
    int kind = rand_r(seed) % (depth > 0 ? 8 : 6);
    if (kind < 2) {
        char s[64] = "";
        int n = rand_r(seed) % 8;
        for (int i = 0; i < n; i++) {
            size_t l = strlen(s);
            snprintf(
                s + l, sizeof(s) - l, "%s",
                PIECES[rand_r(seed) % (sizeof(PIECES) / sizeof(PIECES[0]))]);
        }
        /* Now and then a NUL inside. */
        return rand_r(seed) % 8 ? json_string(s)
                                : json_stringn(s, strlen(s) + 1);
    }
    if (kind == 2)
        return json_integer((json_int_t)rand_r(seed) *
                            (rand_r(seed) % 2 ? -1 : 1) *
                            (json_int_t)rand_r(seed));
    if (kind == 3)
        return json_boolean(rand_r(seed) % 2);
    if (kind == 4)
        return json_null();
    if (kind == 5)
        return json_real((double)rand_r(seed) / 7.0);
    json_t *c = kind == 6 ? json_array() : json_object();
    int n = rand_r(seed) % 6;
    for (int i = 0; i < n; i++) {
        json_t *v = random_json(seed, depth - 1);
        if (kind == 6) {
            json_array_append_new(c, v);
        } else {
            json_t *k = random_json(seed, 0);
            char key[80];
            snprintf(key, sizeof(key), "%s%d",
                     json_is_string(k) ? json_string_value(k) : "k", i % 3);
            json_decref(k);
            json_object_set_new(c, key, v);
        }
    }
    return c;
}

/* The digest's text (publish.c's, written by canon.c) is jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) byte for byte: a registration
 * of the demo event as hub init hashes it, and 2,000 random values
 * (tu_run_seed), so that no digest a file already notes changes. */
static void canonical_json_is_jansson_s_byte_for_byte(void)
{
    struct ck_buf t = {0};
    json_error_t je;
    json_t *reg = json_loads(
        "{\"ticket_id\": \"48243\", \"given_name\": \"Ol\\u00efvia\\n\","
        " \"family_name\": \"\\\"Q\\\" \\\\ /\\u0001\", \"tutorials\": [],"
        " \"secrets\": [\"xkb346\", \"z\\t\"], \"sponsor_consent\": true,"
        " \"testmode\": false, \"pronouns\": null, \"imported_ms\":"
        " 1700000000000, \"items\": [{\"position\": 2, \"item\": 7,"
        " \"variation\": null, \"variation_name\": \"\\u65e5\"}],"
        " \"answers\": {\"shirt\": \"XL\", \"diet\": \"\\ud83d\\ude00\"}}",
        0, &je);
    REQUIRE(reg != NULL);
    unsigned seed = tu_run_seed();
    for (int i = 0; i <= 2000; i++) {
        json_t *v = i ? random_json(&seed, 3) : json_incref(reg);
        if (!json_is_object(v) && !json_is_array(v)) {
            json_decref(v);
            continue;
        }
        char *want = json_dumps(v, JSON_COMPACT | JSON_SORT_KEYS);
        REQUIRE(want != NULL);
        REQUIRE(sync_canon_json(v, &t));
        if (t.len != strlen(want) || memcmp(t.p, want, t.len)) {
            EXPECT_STR(want, "(sync_canon_json's text, next)");
            fprintf(stderr, "# canon: %.*s\n", (int)t.len, t.p);
            i = 2000;
        }
        free(want);
        json_decref(v);
    }
    json_decref(reg);
    ck_buf_free(&t);
}

/* A desk wiped and enrolled again under its old name is a new station:
 * its rows, numbered from the start again, all reach the hub and the
 * other stations, and status shows both. */
static void a_wiped_desk_enrolled_again_is_a_new_station(void)
{
    const char *hub;
    const char *ev = published_event("wiped", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "wiped-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "wiped-2.db");
    free(scan(d1, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48243"))));
    run(0, "sync '%s'", d1);
    /* The laptop is re-imaged: its file is gone. */
    REQUIRE(unlink(d1) == 0);
    const char *again = add_station(ev, "desk-1", "desk", "wiped-1b.db");
    const char *said = run(0, "sync '%s'", again);
    (void)said;
    free(scan(again, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48275"))));
    said = run(0, "sync '%s'", again);
    EXPECT_CONTAINS(said, "sent 1 scan");
    EXPECT_INT(pgserver_int(hub, "SELECT count(DISTINCT station_uid) FROM"
                                 " checkin.scan WHERE station = 'desk-1'"),
               2);
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station = "
                           "'desk-1'"),
               2);
    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "(name enrolled twice)");
    /* The sync's and the status' reports in Spanish (issue 53): whole
     * sentences of the catalogue, the counts in their plural. */
    said = run(0, "--lang es hub status '%s'", ev);
    EXPECT_CONTAINS(said, "(nombre dado de alta dos veces)");
    /* The table's headings and states translated, padded by the
     * terminal's columns: "ESTACIÓN" is 8 columns in 9 bytes. */
    EXPECT_CONTAINS(said, "\nESTACIÓN         TIPO                   ID   ");
    EXPECT_CONTAINS(said, " activo ");
    EXPECT_CONTAINS(said, "En el hub: inscripciones: ");
    free(scan(again, "--station desk --name desk-1",
              tu_format("%s\n", secret_of(ev, "48715"))));
    said = run(0, "--lang es sync '%s'", again);
    EXPECT_CONTAINS(said, "(desk): enviado 1 escaneo; recibido ");
}

/* ---- live stations (sync_worker.h) ---- */

/* The badge name of the registration whose secret is `secret` (lives as
 * sql_text's). */
static const char *badge_name_of(const char *db, const char *secret)
{
    return sql_text(db, tu_format("SELECT a.badge_name FROM attendee a JOIN"
                                  " ticket_secret s ON s.attendee_id = a.id"
                                  " WHERE s.secret = '%s'",
                                  secret));
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

/* An event database never made a hub, or a station file never enrolled,
 * is left as it is by a station running on it, an import and a refused
 * `checkin sync`: no sync tables appear in it. */
static void a_file_never_enrolled_is_left_as_it_is(void)
{
    const char *plain = tu_copy(tu_demo_event(), "plain.db");
    const char *tables = "SELECT count(*) FROM sqlite_master WHERE name LIKE"
                         " 'sync%'";
    struct live a;
    REQUIRE(live_start(&a, "", plain, "--station desk --name desk-1") == 0);
    scan_expect(&a, nth_secret(plain, 0), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
    char *said_err = tu_read_file(tu_path("live.err"), NULL);
    EXPECT_NOT_CONTAINS(said_err, "hub");
    free(said_err);
    run(0, "import '%s' '%s'", plain, TEST_DATA_DIR "/demo-update.csv");
    const char *said = run(1, "sync '%s'", plain);
    EXPECT_CONTAINS(said, "is not enrolled at a hub");
    EXPECT_INT(sql_int(plain, tables), 0);
}

/* A station's snapshot entry says it is live with nothing left to send. */
static bool live_and_sent(json_t *h, const void *arg)
{
    (void)arg;
    return json_is_true(json_object_get(h, "live")) &&
           json_integer_value(json_object_get(h, "not_sent")) == 0;
}

/* The dashboard's snapshot's hub_stations entry for `name`, once there,
 * live and with nothing left to send (`live` 1: a sync during a burst
 * reports the rows decided meanwhile, the next one none; the dashboard
 * reads the hub every 5 s), or there in any state (-1); NULL after 20 s.
 * The caller decrefs *root. */
static json_t *hub_station(int port, const char *name, int live, json_t **root)
{
    return hubfix_snapshot_station(port, name, live < 0 ? NULL : live_and_sent,
                                   NULL, root);
}

/* The organizer's dashboard on the event database made a hub: every
 * station's rows come into the event database while it runs (what the
 * page shows is read from that file; test_web checks the page). */
static void the_dashboard_pulls_every_stations_rows_live(void)
{
    struct hubfix f;
    const char *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "dash", &ev, NULL, "desk-1", "desk",
                               "dash-1.db", &d1, NULL));
    add_station(ev, "door-1", "door:pandas-intro", "dash-2.db");
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("dash.out"), &pid);
    REQUIRE(port > 0);
    struct live a;
    REQUIRE(live_start(&a, "", d1, "--station desk --name desk-1") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    for (int i = 0; i < 3; i++)
        scan_expect(&a, nth_secret(ev, i), "reason", "checked-in");
    wait_count(ev, "SELECT count(*) FROM scan WHERE station = 'desk-1'", 3);

    /* Station health from the hub on the page: the running desk live and
     * in step, and the door enrolled beside it. */
    json_t *root;
    json_t *h = hub_station(port, "desk-1", 1, &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_STR(json_string_value(json_object_get(h, "kind")), "desk");
    EXPECT_INT(json_integer_value(json_object_get(h, "not_sent")), 0);
    EXPECT_TRUE(json_is_integer(json_object_get(h, "seen_ms")));
    EXPECT_TRUE(llabs(json_integer_value(json_object_get(h, "skew_s"))) < 5);
    json_decref(root);
    /* Enrolment pulled once for it: seen then (live for 30 s after). */
    h = hub_station(port, "door-1", -1, &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_STR(json_string_value(json_object_get(h, "kind")),
               "door:pandas-intro");
    EXPECT_TRUE(json_is_integer(json_object_get(h, "seen_ms")));
    json_decref(root);

    EXPECT_INT(live_stop(&a), 0);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    char *said = tu_read_file(tu_path("dash.out"), NULL);
    EXPECT_CONTAINS(said, "Pulling every station's rows");
    free(said);
}

/* `checkin hub status EV` run until its output holds `want`, for up to
 * `ms`; the last output (a test failure when `want` never came). */
static const char *hub_status_until(const char *ev, const char *want, int ms)
{
    const char *said = "";
    for (int64_t until = tu_mono_ms() + ms; tu_mono_ms() < until;
         usleep(100 * 1000)) {
        said = run(0, "hub status '%s'", ev);
        if (strstr(said, want))
            return said;
    }
    TU_FAIL_AT("hub status did not say \"%s\" within %d s:\n%s", want,
               ms / 1000, said);
    return said;
}

/* How long (ms) until the hub holds `state` for desk-1's printer, at
 * most `ms`; -1 when it never did. */
static long long hub_printer_after(const char *hub, const char *state, int ms)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM checkin.station WHERE name = 'desk-1' AND"
             " printer_state = '%s'",
             state);
    int64_t start = tu_mono_ms();
    for (; tu_mono_ms() - start < ms; usleep(20 * 1000))
        if (pgserver_int(hub, sql) == 1)
            return tu_mono_ms() - start;
    return -1;
}

/* desk-1's printer as the running dashboard serves it, once its state is
 * `state` (up to 60 s); NULL otherwise.  *root to decref.  The dashboard
 * reads the hub's stations after its syncs (at least every 10 s, at most
 * every 5 s) and, from hub format 22, when a printer's state changes;
 * before that, under AddressSanitizer on a loaded machine it took over
 * 20 s once (the rehearsal of 4e13f63), with the hub saying "no media"
 * all along. */
static json_t *dash_printer(int port, const char *state, json_t **root)
{
    for (int64_t until = tu_mono_ms() + 60000; tu_mono_ms() < until;
         usleep(200 * 1000)) {
        json_t *h = hub_station(port, "desk-1", 1, root);
        const char *st = json_string_value(json_object_get(h, "printer_state"));
        if (st && !strcmp(st, state))
            return h;
        json_decref(*root);
        *root = NULL;
    }
    return NULL;
}

/* Whether desk-1's station row at `hub` comes to match `where` (SQL on
 * checkin.station) within `ms`. */
static bool hub_desk_until(const char *hub, const char *where, int ms)
{
    char sql[512];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM checkin.station WHERE name = 'desk-1'"
             " AND %s",
             where);
    for (int64_t until = tu_mono_ms() + ms; tu_mono_ms() < until;
         usleep(50 * 1000))
        if (pgserver_int(hub, sql) == 1)
            return true;
    return false;
}

/* A Spanish desk's printer out of labels reaches a Japanese organizer in
 * Japanese (issue 53): the desk sends what its sentence was made of
 * (printer_kept, hub format 39) beside the sentence it said, and `hub
 * status` says it in the reader's language.  On a format 38 hub the new
 * desk syncs and sends the sentence as it said it, which every reader
 * sees as it is; so does a new hub's row an older desk wrote (no
 * printer_kept). */
static void
a_desks_printer_trouble_reaches_the_organizer_in_their_language(void)
{
    const char *hub;
    char ev[4096];
    snprintf(ev, sizeof(ev), "%s", published_event("printers-es", &hub));
    const char *key = tu_copy(tu_path("event.key"), "printers-es.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *desk = add_station(ev, "desk-1", "desk", "desk-es.db");
    REQUIRE(pgserver_exec(hub, FORMAT38_HUB) == 0);
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    char args[512];
    snprintf(args, sizeof(args),
             "--lang=es --station desk --name desk-1 --printer"
             " tcp:127.0.0.1:%d --model ZD420-300 --media 62x100",
             tcp_printer_port(zebra));
    struct live a;
    REQUIRE(live_start(&a, "", desk, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    /* The format 38 hub: the sentence as the desk said it, for anyone. */
    tcp_printer_paper_out(zebra, true);
    EXPECT_TRUE(hub_printer_after(hub, "no media", 15000) >= 0);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 38);
    const char *said = run(0, "--lang ja hub status '%s'", ev);
    printf("%s", said);
    EXPECT_CONTAINS(said, "no hay etiquetas cargadas");
    /* The organizer's sync brings the hub to this format; the desk's next
     * word of its printer carries what it was made of. */
    tcp_printer_paper_out(zebra, false);
    EXPECT_TRUE(hub_printer_after(hub, "ready", 15000) >= 0);
    said = run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);
    tcp_printer_paper_out(zebra, true);
    EXPECT_TRUE(hub_desk_until(hub,
                               "printer_state = 'no media' AND printer_kept"
                               " IS NOT NULL",
                               20000));
    EXPECT_TRUE(hub_desk_until(hub,
                               "printer_message LIKE '%no hay etiquetas"
                               " cargadas%'",
                               1000));
    said = run(0, "--lang ja hub status '%s'", ev);
    printf("%s", said);
    EXPECT_CONTAINS(said, "ラベルがセットされていません");
    /* The label forecast after it too. */
    EXPECT_CONTAINS(said, "ラベル切れです。");
    EXPECT_NOT_CONTAINS(said, "no hay etiquetas");
    EXPECT_NOT_CONTAINS(said, "Sin etiquetas");
    said = run(0, "--lang en hub status '%s'", ev);
    EXPECT_CONTAINS(said, "no labels are loaded. Load 62x100 mm labels. Out"
                          " of labels: load a new roll now.");
    EXPECT_NOT_CONTAINS(said, "no hay etiquetas");
    /* The dashboard's stations, in the dashboard's language. */
    pid_t pid;
    int port =
        hubfix_dashboard_with(ev, "--lang=ja", tu_path("es-dash.out"), &pid);
    REQUIRE(port > 0);
    json_t *root = NULL;
    json_t *h = dash_printer(port, "no media", &root);
    const char *m = json_string_value(json_object_get(h, "printer_message"));
    EXPECT_CONTAINS(m ? m : "", "ラベルがセットされていません");
    EXPECT_NOT_CONTAINS(m ? m : "", "no hay etiquetas");
    json_decref(root);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* Ready again: said in the reader's language too. */
    tcp_printer_paper_out(zebra, false);
    EXPECT_TRUE(hub_desk_until(hub,
                               "printer_state = 'ready' AND printer_kept"
                               " IS NOT NULL",
                               20000));
    said = run(0, "--lang en hub status '%s'", ev);
    EXPECT_CONTAINS(said, "is ready.");
    EXPECT_NOT_CONTAINS(said, "está lista");
    EXPECT_INT(live_stop(&a), 0);
    /* A row an older desk wrote: no printer_kept, its sentence as it is. */
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.station SET printer_state ="
                               " 'no media', printer_message = 'Sin"
                               " etiquetas.', printer_kept = NULL WHERE"
                               " name = 'desk-1'") == 0);
    said = run(0, "--lang ja hub status '%s'", ev);
    EXPECT_CONTAINS(said, "Sin etiquetas.");
    /* A kept line that is not its sentence's: the sentence as it is. */
    REQUIRE(pgserver_exec(hub,
                          "UPDATE checkin.station SET printer_kept ="
                          " '3' || chr(30) || 'Other.' || chr(30) ||"
                          " 'ck1 1 0 0 0 0 0' WHERE name = 'desk-1'") == 0);
    said = run(0, "--lang ja hub status '%s'", ev);
    EXPECT_CONTAINS(said, "Sin etiquetas.");
    tcp_printer_stop(zebra);
}

/* A running desk's printer reaches the organizer: a Zebra printer on
 * loopback TCP (tcp_printer.c answers ~HS as the ZPL II guide lays it
 * out) runs out of labels and is loaded again; `checkin hub status`, the
 * dashboard's snapshot and its page (in Chromium, when installed) show
 * each state with the printer's sentence, the trouble in red, and "not
 * heard for N s" once its print worker has not vouched for it for a
 * minute (the hub's note made older by hand).  The desk
 * starts on a format 3 hub, which has no place for it: it syncs as
 * before, and sends its printer once the organizer's dashboard upgraded
 * the hub.  That a change wakes the desk's sync worker (not its 10 s
 * safety net) is shown by the next test, whose safety net is an hour. */
static void a_desks_printer_out_of_labels_shows_at_the_organizer(void)
{
    const char *hub;
    /* tu_path's ring of names turns over in the loops below. */
    char ev[4096];
    snprintf(ev, sizeof(ev), "%s", published_event("printers", &hub));
    const char *key = tu_copy(tu_path("event.key"), "printers.key");
    REQUIRE(chmod(key, 0600) == 0);
    /* Enrolling upgrades the hub (the organizer's role owns it): made an
     * older one after. */
    const char *desk = add_station(ev, "desk-1", "desk", "printers-desk.db");
    REQUIRE(pgserver_exec(hub, FORMAT3_HUB) == 0);
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    char args[512];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
             " --model ZD420-300 --media 62x100 --roll 120",
             tcp_printer_port(zebra));
    struct live a;
    REQUIRE(live_start(&a, "", desk, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    /* On the format 3 hub: in step, the printer not said. */
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), 3);
    REQUIRE(wait_fresh_sync(hub, "desk-1"));
    const char *said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, " live ");
    EXPECT_NOT_CONTAINS(said, "printer:");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station = 'desk-1'"),
               1);
    /* The badge printed (the Zebra's ~HS said so), between the status
     * requests of an idle desk on the same connection. */
    const char *printed =
        "SELECT count(*) FROM checkin.print_job WHERE state = 'printed'";
    for (int64_t until = tu_mono_ms() + 15000;
         pgserver_int(hub, printed) < 1 && tu_mono_ms() < until;
         usleep(100 * 1000)) {
    }
    EXPECT_INT(pgserver_int(hub, printed), 1);

    /* The organizer's dashboard upgrades the hub; the desk's next sync
     * sends its printer. */
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("printers-dash.out"), &pid);
    REQUIRE(port > 0);
    said = hub_status_until(ev, "printer: ready", 25000);
    printf("%s", said);
    char ready[256];
    snprintf(ready, sizeof(ready),
             "printer: ready: ZD420-300 on tcp 127.0.0.1:%d is ready.",
             tcp_printer_port(zebra));
    EXPECT_CONTAINS(said, ready);
    /* The label-stock forecast beside it (issue 30): the roll of 120 the
     * volunteer said, less the labels printed. */
    char left[64];
    snprintf(left, sizeof(left), "About %lld labels left",
             120 - (long long)pgserver_int(hub, "SELECT count(*) FROM"
                                                " checkin.print_job WHERE"
                                                " state = 'printed'"));
    EXPECT_CONTAINS(said, left);
    EXPECT_INT(pgserver_int(hub, "SELECT format FROM checkin.hub"), HUB_NOW);

    /* Out of labels: on the hub (the wait's 15 s is only its failure
     * timeout).  That the printer's change itself wakes the desk's sync,
     * not its safety net, is the subject of the test below, where that
     * net is an hour away. */
    tcp_printer_paper_out(zebra, true);
    long long took = hub_printer_after(hub, "no media", 15000);
    printf("# out of labels on the hub after %lld ms\n", took);
    EXPECT_TRUE(took >= 0);
    said = hub_status_until(ev, "printer: NO MEDIA", 5000);
    printf("%s", said);
    char out[256];
    snprintf(out, sizeof(out),
             "printer: NO MEDIA: ZD420-300 on tcp 127.0.0.1:%d",
             tcp_printer_port(zebra));
    EXPECT_CONTAINS(said, out);
    EXPECT_CONTAINS(said, "Load");

    char url[128];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
    json_t *root = NULL;
    json_t *h = dash_printer(port, "no media", &root);
    EXPECT_TRUE(h != NULL);
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer_message")),
                    "Load");
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer_message")),
                    "Out of labels: load a new roll now.");
    EXPECT_CONTAINS(json_string_value(json_object_get(h, "printer")),
                    "ZD420-300 on tcp 127.0.0.1:");
    EXPECT_TRUE(json_integer_value(json_object_get(h, "printer_age_ms")) <
                30000);
    json_decref(root);
    /* The page, in a real browser: the sentence as text, in red. */
    bool browser = wd_available() && wd_start(tu_path("printers-profile")) == 0;
    const char *cell = "var c = document.querySelector('#hub-stations"
                       " tr[data-station=\"desk-1\"] .printer'); return c ?"
                       " c.className + ' | ' + c.textContent : '';";
    if (browser) {
        REQUIRE(wd_get(url) == 0);
        char want[512];
        snprintf(
            want, sizeof(want),
            "\"printer trouble | no media: ZD420-300 on tcp 127.0.0.1:%d: ",
            tcp_printer_port(zebra));
        char *v = wd_exec(cell);
        for (int64_t until = tu_mono_ms() + 20000;
             (!v || strncmp(v, want, strlen(want))) && tu_mono_ms() < until;
             usleep(200 * 1000)) {
            free(v);
            v = wd_exec(cell);
        }
        EXPECT_TRUE(v && !strncmp(v, want, strlen(want)));
        printf("# page: %s\n", v ? v : "(nothing)");
        free(v);
        wd_do("document.getElementById('hub-stations').scrollIntoView();"
              " return 1;");
        wd_screenshot(tu_path("printers-out.png"));
    } else {
        printf("# no Chromium: the page is not checked\n");
    }

    /* Labels loaded again: ready everywhere. */
    tcp_printer_paper_out(zebra, false);
    took = hub_printer_after(hub, "ready", 15000);
    printf("# ready on the hub after %lld ms\n", took);
    EXPECT_TRUE(took >= 0);
    said = hub_status_until(ev, ready, 5000);
    EXPECT_NOT_CONTAINS(said, "NO MEDIA");
    /* Out of labels, then ready: a new roll, counted from 120 again. */
    EXPECT_CONTAINS(said, "About 120 labels left.");
    h = dash_printer(port, "ready", &root);
    EXPECT_TRUE(h != NULL);
    json_decref(root);
    if (browser) {
        char want[512];
        snprintf(want, sizeof(want),
                 "\"printer | ready: ZD420-300 on tcp 127.0.0.1:%d is ready."
                 " About 120 labels left.\"",
                 tcp_printer_port(zebra));
        char *v = wd_wait(cell, want, 20000);
        EXPECT_STR(v ? v : "", want);
        free(v);
    }

    /* Not heard of: the desk ends (its last sync sends its printer), and
     * the hub's note of when its print worker last vouched for it is made
     * a minute older. */
    EXPECT_INT(live_stop(&a), 0);
    REQUIRE(pgserver_exec(hub,
                          "UPDATE checkin.station SET printer_ms ="
                          " printer_ms - 60000 WHERE name = 'desk-1'") == 0);
    said = hub_status_until(ev, "printer: ready, not heard for ", 5000);
    printf("%s", said);
    EXPECT_CONTAINS(said, ready + strlen("printer: ready: "));
    bool stale = false;
    for (int64_t until = tu_mono_ms() + 20000; !stale && tu_mono_ms() < until;
         usleep(200 * 1000)) {
        h = hub_station(port, "desk-1", -1, &root);
        stale =
            json_integer_value(json_object_get(h, "printer_age_ms")) >= 60000;
        json_decref(root);
    }
    EXPECT_TRUE(stale);
    if (browser) {
        char *v =
            wd_wait("var c = document.querySelector('#hub-stations"
                    " tr[data-station=\"desk-1\"] .printer'); return"
                    " !!c && c.className === 'printer trouble' &&"
                    " / \\(not heard for \\d+ s\\)$/.test(c.textContent);",
                    "true", 20000);
        EXPECT_STR(v ? v : "", "true");
        free(v);
        v = wd_exec(cell);
        printf("# page: %s\n", v ? v : "(nothing)");
        free(v);
        wd_do("document.getElementById('hub-stations').scrollIntoView();"
              " return 1;");
        wd_screenshot(tu_path("printers-stale.png"));
        wd_quit();
    }

    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    tcp_printer_stop(zebra);
}

/* The idle stations' sync counts at the hub, before and after. */
struct idle_syncs {
    const char *name[2];
    long long before[2];
};

static void idle_syncs_take(const char *hub, struct idle_syncs *s)
{
    for (int i = 0; i < 2; i++)
        s->before[i] = syncs_of(hub, s->name[i]);
}

/* How many syncs the idle stations made since idle_syncs_take, said. */
static long long idle_syncs_since(const char *hub, const struct idle_syncs *s)
{
    long long n = 0;
    for (int i = 0; i < 2; i++) {
        long long d = syncs_of(hub, s->name[i]) - s->before[i];
        printf("# %s synced %lld times\n", s->name[i], d);
        n += d;
    }
    return n;
}

/* How long (ms) until the running dashboard on `port` serves `state` for
 * desk-1's printer (dash_printer's wait); -1 when it never did. */
static long long dash_printer_after(int port, const char *state)
{
    int64_t start = tu_mono_ms();
    json_t *root = NULL;
    json_t *h = dash_printer(port, state, &root);
    json_decref(root);
    return h ? tu_mono_ms() - start : -1;
}

/* Whether the event stream `fd` sends `needle` within 60 s (messages
 * are whole snapshots, of any length: read through a window that keeps
 * the last strlen(needle) - 1 bytes). */
static bool stream_says(int fd, const char *needle)
{
    char buf[65536];
    size_t keep = 0, n = strlen(needle);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    for (int64_t until = tu_mono_ms() + 60000;;) {
        int64_t left = until - tu_mono_ms();
        if (left <= 0 || poll(&p, 1, (int)left) != 1)
            return false;
        ssize_t r = read(fd, buf + keep, sizeof(buf) - 1 - keep);
        if (r <= 0)
            return false;
        size_t len = keep + (size_t)r;
        buf[len] = '\0';
        if (strstr(buf, needle))
            return true;
        keep = len < n ? len : n - 1;
        memmove(buf, buf + len - keep, keep);
    }
}

/* A desk's printer wakes the organizer's dashboard, and no idle station
 * (hub format 22).  The dashboard's safety-net sync is made an hour
 * (CHECKIN_TEST_SYNC_SAFETY_MS), so it reads the hub's stations only when
 * the hub's word wakes it: a Zebra printer on loopback TCP runs out of
 * labels and is loaded again, and the dashboard's snapshot shows each
 * state within about a second of the hub holding it (before: at its next
 * sync, up to 10 s later; with the hour, never within the minute
 * dash_printer waits), and its event stream to the page sends it.  An idle desk
 * and an idle door, whose own safety net is the same hour, make no sync
 * meanwhile (their row's updates, counted at the hub): the printer's channel is
 * the dashboards' alone. */
static void a_desks_printer_wakes_the_dashboard_and_no_idle_station(void)
{
    const char *hub;
    char ev[4096], desk[4096], d2[4096], d3[4096];
    snprintf(ev, sizeof(ev), "%s", published_event("statuswake", &hub));
    /* The event has a signing key, so desk-1 gets one to print with. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "statuswake.key"), 0600) == 0);
    snprintf(desk, sizeof(desk), "%s",
             add_station(ev, "desk-1", "desk", "statuswake-1.db"));
    snprintf(d2, sizeof(d2), "%s",
             add_station(ev, "desk-2", "desk", "statuswake-2.db"));
    snprintf(d3, sizeof(d3), "%s",
             add_station(ev, "door-1", "door:pandas-intro", "statuswake-3.db"));
    count_syncs(hub);
    const char *hour = "CHECKIN_TEST_SYNC_SAFETY_MS=3600000 ";
    REQUIRE(setenv("CHECKIN_TEST_SYNC_SAFETY_MS", "3600000", 1) == 0);
    pid_t pid;
    int port = hubfix_dashboard(ev, tu_path("statuswake-dash.out"), &pid);
    unsetenv("CHECKIN_TEST_SYNC_SAFETY_MS");
    struct idle_syncs idle = {{"desk-2", "door-1"}, {0, 0}};
    struct live b, c, a;
    bool up_b = false, up_c = false, up_a = false;
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    if (port <= 0 || !zebra)
        goto out;
    up_b = live_start(&b, hour, d2, "--station desk --name desk-2") == 0;
    up_c = up_b && live_start(&c, hour, d3,
                              "--station door:pandas-intro --name door-1"
                              " --clock '2027-05-12 09:05'") == 0;
    up_a =
        up_c &&
        live_start(
            &a, hour, desk,
            tu_format("--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
                      " --model ZD420-300 --media 62x100 --roll 120",
                      tcp_printer_port(zebra))) == 0;
    if (!up_a || !wait_link(&b, true, 0, 20000) ||
        !wait_link(&c, true, 0, 20000) || !wait_link(&a, true, 0, 20000)) {
        TU_FAIL_AT("the stations did not start in step with the hub");
        goto out;
    }
    /* desk-1's printer ready: at the hub, then at the dashboard, which
     * only the hub's word can have brought once its first sync is done. */
    EXPECT_TRUE(hub_printer_after(hub, "ready", 30000) >= 0);
    EXPECT_TRUE(dash_printer_after(port, "ready") >= 0);

    idle_syncs_take(hub, &idle);
    int events = tu_events(port, 20000);
    EXPECT_TRUE(events >= 0);
    tcp_printer_paper_out(zebra, true);
    long long at_hub = hub_printer_after(hub, "no media", 30000);
    long long shown = dash_printer_after(port, "no media");
    printf("# no media at the hub after %lld ms, at the dashboard %lld ms "
           "later (its next sync an hour away)\n",
           at_hub, shown);
    EXPECT_TRUE(at_hub >= 0);
    EXPECT_TRUE(shown >= 0);
    if (events >= 0) {
        EXPECT_TRUE(stream_says(events, "no media"));
        close(events);
    }
    tcp_printer_paper_out(zebra, false);
    at_hub = hub_printer_after(hub, "ready", 30000);
    shown = dash_printer_after(port, "ready");
    printf("# ready at the hub after %lld ms, at the dashboard %lld ms "
           "later\n",
           at_hub, shown);
    EXPECT_TRUE(at_hub >= 0);
    EXPECT_TRUE(shown >= 0);
    EXPECT_INT(idle_syncs_since(hub, &idle), 0);
out:
    if (up_a)
        EXPECT_INT(live_stop(&a), 0);
    if (up_c)
        EXPECT_INT(live_stop(&c), 0);
    if (up_b)
        EXPECT_INT(live_stop(&b), 0);
    if (port > 0) {
        int status = hubfix_dashboard_stop(pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    if (zebra)
        tcp_printer_stop(zebra);
}

/* A desk lost at the event is retired: its open connection ends, it can
 * no longer sync (and says why), the hub keeps what it sent, and it goes
 * on deciding from its own file.  The other desk is not touched. */
static void a_retired_station_is_cut_off_and_keeps_what_it_sent(void)
{
    const char *hub;
    const char *ev = published_event("retire", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "retire-1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "retire-2.db");
    struct live a;
    REQUIRE(desk_1_in_step(&a, d1));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    for (int i = 0; i < 400 && pgserver_int(hub, "SELECT count(*) FROM"
                                                 " checkin.scan") < 1;
         i++)
        usleep(50 * 1000);
    REQUIRE(pgserver_int(hub, "SELECT count(*) FROM checkin.scan") == 1);

    const char *said = run(0, "hub retire-station '%s' desk-1", ev);
    EXPECT_CONTAINS(said, "Retired desk-1 (desk, station ");
    EXPECT_CONTAINS(said, "The 1 journal row it sent stays on the hub.");
    EXPECT_CONTAINS(said, "Its open connection was ended.");
    /* The running desk is cut off, and decides on. */
    REQUIRE(wait_link(&a, false, 0, 20000));
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
    said = run(1, "sync '%s'", d1);
    EXPECT_CONTAINS(said, "no longer lets this station in: the organizer "
                          "retired it");
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 1);

    said = run(0, "hub status '%s'", ev);
    EXPECT_CONTAINS(said, "retired");
    said = run(1, "hub retire-station '%s' desk-1", ev);
    EXPECT_CONTAINS(said, "No station named desk-1 is enrolled at the hub, or "
                          "it is retired already");
    /* The other desk still syncs, and learns desk-1's check-in. */
    run(0, "sync '%s'", d2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station ="
                           " 'desk-1'"),
               1);
}

/* A desk is enrolled with the event's signing key beside its file (0600)
 * and prints with it at once; a door gets none; a desk whose key file
 * name is taken is not enrolled at all. */
static void a_desk_gets_the_events_signing_key_and_prints(void)
{
    const char *hub;
    const char *ev = published_event("keyed", &hub);
    const char *key = tu_copy(tu_path("event.key"), "keyed.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *desk = tu_path("keyed-desk.db");
    const char *said = run(
        0, "hub add-station '%s' desk-1 --station desk --out '%s'", ev, desk);
    EXPECT_CONTAINS(said, "Its signing key, to print badges: ");
    struct stat sb;
    REQUIRE(stat(tu_path("keyed-desk.key"), &sb) == 0);
    EXPECT_INT(sb.st_mode & 0777, 0600);
    char *a = tu_read_file(key, NULL),
         *b = tu_read_file(tu_path("keyed-desk.key"), NULL);
    EXPECT_TRUE(a && b && !strcmp(a, b));
    free(a);
    free(b);
    said = run(0,
               "print '%s' '%s' --printer 'file:%s' --model QL-800 --media"
               " 62x100",
               desk, nth_secret(ev, 0), tu_path("keyed.bin"));
    EXPECT_TRUE(stat(tu_path("keyed.bin"), &sb) == 0 && sb.st_size > 1000);

    said = run(0,
               "hub add-station '%s' door-1 --station door:pandas-intro"
               " --out '%s'",
               ev, tu_path("keyed-door.db"));
    EXPECT_NOT_CONTAINS(said, "signing key");
    EXPECT_TRUE(access(tu_path("keyed-door.key"), F_OK) != 0);

    REQUIRE(tu_write_file(tu_path("keyed-desk2.key"), "x", 1) == 0);
    run(1, "hub add-station '%s' desk-2 --station desk --out '%s'", ev,
        tu_path("keyed-desk2.db"));
    EXPECT_TRUE(access(tu_path("keyed-desk2.db"), F_OK) != 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-2'"),
               0);
    char *left = tu_read_file(tu_path("keyed-desk2.key"), NULL);
    EXPECT_STR(left, "x");
    free(left);
}

/* The event's signing key rotated on the organizer's laptop after a desk
 * was stolen (and retired): the organizer's sync seals the new key to
 * each live desk and to no other station, and a desk prints with it from
 * its next sync, though its own key file holds the retired key.  While
 * the new key is not beside the event database, the sync says so. */
static void a_rotated_signing_key_reaches_the_live_desks(void)
{
    const char *hub;
    const char *ev = published_event("rotate", &hub);
    const char *key = tu_copy(tu_path("event.key"), "rotate.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *d1 = add_station(ev, "desk-1", "desk", "rotate-d1.db");
    add_station(ev, "desk-2", "desk", "rotate-d2.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "rotate-door.db");
    run(0, "hub retire-station '%s' desk-2", ev);
    run(0, "sync '%s'", ev);
    long long first = sql_int(ev, "SELECT max(key_id) FROM signing_key");

    /* The new key made elsewhere first: the desks wait for it. */
    run(0, "rotate-key --key '%s' '%s'", tu_path("rotate-new.key"), ev);
    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 desk waits for the event's current signing key");
    REQUIRE(rename(key, tu_path("rotate-old.key")) == 0);
    REQUIRE(rename(tu_path("rotate-new.key"), key) == 0);
    said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "1 signing key for a desk");
    EXPECT_NOT_CONTAINS(said, "waits for");
    long long second = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    REQUIRE(second != first);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.station_key k JOIN"
                " checkin.station s ON s.uid = k.station_uid WHERE s.name ="
                " 'desk-1' AND k.key_id = %lld",
                second)),
        1);
    EXPECT_INT(
        pgserver_int(
            hub,
            tu_format(
                "SELECT count(*) FROM checkin.station_key k JOIN"
                " checkin.station s ON s.uid = k.station_uid WHERE s.name !="
                " 'desk-1' AND k.key_id = %lld",
                second)),
        0);
    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.station_key", NULL), 0);
    PQfinish(c);

    /* desk-1's own key file holds the retired key; it prints all the
     * same, with the new one. */
    said = run(0, "sync '%s'", d1); /* the first key's too */
    EXPECT_CONTAINS(said, "2 signing keys for desks");
    said = run(0,
               "print '%s' '%s' --printer 'file:%s' --model QL-800 --media"
               " 62x100",
               d1, nth_secret(ev, 0), tu_path("rotate.bin"));
    struct stat sb;
    EXPECT_TRUE(stat(tu_path("rotate.bin"), &sb) == 0 && sb.st_size > 1000);
    EXPECT_INT(sql_int(d1, "SELECT max(key_id) FROM badge WHERE"
                           " tutorial_id IS NULL"),
               second);
    /* And with that file named, the retired key is refused in a
     * sentence. */
    said = run(1, "issue --key '%s' '%s' 48243", tu_path("rotate-d1.key"), d1);
    EXPECT_CONTAINS(said, "was retired");
}

/* A desk running while the organizer rotates the key: its worker takes
 * the key sealed to it, and the next badge it prints is signed with the
 * new key, with nobody restarting it. */
static void a_running_desk_prints_with_a_key_rotated_while_it_runs(void)
{
    const char *hub;
    const char *ev = published_event("liverot", &hub);
    const char *key = tu_copy(tu_path("event.key"), "liverot.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *desk = add_station(ev, "desk-1", "desk", "liverot-desk.db");
    char args[1024];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer 'file:%s' --model "
             "QL-800 --media 62x100",
             tu_path("liverot.bin"));
    struct live a;
    REQUIRE(live_start(&a, "", desk, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    long long first = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    wait_count(
        desk,
        tu_format("SELECT count(*) FROM badge WHERE tutorial_id IS NULL AND"
                  " key_id = %lld",
                  first),
        1);

    REQUIRE(rename(key, tu_path("liverot-old.key")) == 0);
    /* The new key is published with the rotation itself (issue 57.3), no
     * `checkin sync` needed. */
    const char *said = run(0, "rotate-key '%s'", ev);
    EXPECT_CONTAINS(said, "signing key for a desk");
    long long second = sql_int(ev, "SELECT max(key_id) FROM signing_key");
    wait_count(desk, "SELECT count(*) FROM sync_signing_key", 1);
    wait_count(desk,
               "SELECT count(*) FROM signing_key WHERE retired_ms IS"
               " NOT NULL",
               1);
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    wait_count(
        desk,
        tu_format("SELECT count(*) FROM badge WHERE tutorial_id IS NULL AND"
                  " key_id = %lld",
                  second),
        1);
    EXPECT_INT(live_stop(&a), 0);
}

/* A station's web token is its own (issue 31): the organizer's file,
 * having served a station's web page (its token and the address phones
 * scanned at kept in the file), gives neither to a station `hub
 * add-station` enrolls. */
static void an_enrolled_station_takes_no_web_token_of_the_organizers(void)
{
    const char *hub;
    char ev[512];
    snprintf(ev, sizeof(ev), "%s", published_event("tokenown", &hub));
    sql_write(ev, "INSERT INTO setting (key, value) VALUES ('web_token',"
                  " '0123456789abcdef0123456789abcdef')");
    sql_write(ev, "INSERT INTO setting (key, value) VALUES ('web_phones_at',"
                  " 'https://10.0.0.5:8443')");
    /* A phone's read the organizer's file decided (schema 17): the
     * station's own, never another station's. */
    sql_write(ev, "INSERT INTO phone_read (read_key, at_ms) VALUES"
                  " ('/0f3a9c1e-read-1', 1778569080000)");
    const char *desk = add_station(ev, "desk-1", "desk", "tokenown-desk.db");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM setting WHERE key IN"
                             " ('web_token', 'web_phones_at')"),
               0);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM phone_read"), 0);
    /* The event's other settings still come. */
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM setting") >=
                sql_int(ev, "SELECT count(*) FROM setting") - 2);
}

/* ---- what the hub believes of a station (issue 28) ---- */

/* A desk's journal row with `day`, pushed by hand as push_by_hand does:
 * the rows the hub kept (0: set aside). */
static long long push_day(const char *desk, long long seq, const char *at_ms,
                          const char *day)
{
    PGconn *c = connect_as_station(desk);
    char uid[64], name[64];
    snprintf(uid, sizeof(uid), "%s",
             sql_text(desk, "SELECT station_uid FROM sync_hub"));
    snprintf(name, sizeof(name), "%s",
             sql_text(desk, "SELECT name FROM sync_hub"));
    pq_int(c,
           tu_format(
               "INSERT INTO checkin.run VALUES ('zone-run', '%s') ON CONFLICT"
               " DO NOTHING",
               uid),
           NULL);
    pq_int(
        c,
        tu_format("INSERT INTO checkin.scan (station_id, seq, station_uid,"
                  " station, at_ms, mode, target, code, decision, reason,"
                  " direction, pushed_ms, day) VALUES ('zone-run', %lld, '%s',"
                  " '%s', %s, 'desk', '', 'x', 'deny', 'unknown-code', 'in', 1,"
                  " '%s')",
                  seq, uid, name, at_ms, day),
        NULL);
    long long n =
        pq_int(c,
               tu_format("SELECT count(*) FROM checkin.scan WHERE station_id ="
                         " 'zone-run' AND seq = %lld",
                         seq),
               NULL);
    PQfinish(c);
    return n;
}

/* ---- what each role holds ---- */

/* Ticket `ticket`'s secrets in `db`, hex, in order, revoked marked. */
static char *secrets_hex(const char *db, const char *ticket)
{
    return strdup(sql_text(
        db,
        tu_format("SELECT group_concat(hex(s.secret) || ':' || s.revoked, '.')"
                  " FROM (SELECT s.secret, s.revoked FROM ticket_secret s JOIN"
                  " attendee a ON a.id = s.attendee_id WHERE a.ticket_id = '%s'"
                  " ORDER BY s.secret) s",
                  ticket)));
}

/* The names of `ticket` in `db`, as hex of their exact bytes. */
static char *names_hex(const char *db, const char *ticket)
{
    return strdup(sql_text(
        db,
        tu_format("SELECT hex(given_name) || '.' || hex(family_name) || '.' ||"
                  " hex(badge_name) || '.' || hex(pronouns) FROM attendee WHERE"
                  " ticket_id = '%s'",
                  ticket)));
}

/* A station's first pull comes by COPY (pull.c, copy_query): a name
 * holding a tab, a backslash, a newline, a lone "\N", backslash
 * sequences COPY itself uses, and any Unicode arrives byte for byte, at a
 * desk for everyone and at a door for its own room's people only, who
 * see no one else's name, email or secret. */
static void a_first_pull_by_copy_keeps_every_byte_and_a_door_its_room(void)
{
    const char *ev = tu_copy(tu_demo_event(), "copy.db");
    /* 48275 bought the pandas tutorial; 48715 did not. */
    sql_write(ev, "UPDATE attendee SET given_name = 'Tab' || char(9) ||"
                  " 'bed', family_name = 'Back\\slash \\N \\t \\x41"
                  " \\101 end\\', badge_name = 'Two' || char(10) ||"
                  " 'lines' || char(13) || char(10) || char(8) || char(11)"
                  " || char(12) || char(1), pronouns = 'Zoë 日本語 😀'"
                  " WHERE ticket_id IN ('48275', '48715');"
                  "UPDATE attendee SET badge_name = '\\N' WHERE ticket_id"
                  " = '48715';"
                  /* Secrets the hub's JSON array of them must escape, or
                   * that look like its punctuation; a revoked one beside. */
                  "UPDATE ticket_secret SET secret = 'q\"u,o]t\\e\",\"x'"
                  " WHERE attendee_id = (SELECT id FROM attendee WHERE"
                  " ticket_id = '48715');"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT '[\"],' || char(10), id, 1 FROM attendee WHERE"
                  " ticket_id = '48715';"
                  "UPDATE ticket_secret SET secret = 'a,b],[c' WHERE"
                  " attendee_id = (SELECT min(id) FROM attendee WHERE"
                  " ticket_id NOT IN ('48275', '48715'));");
    hubfix_publish(ev, "copy");
    const char *desk = add_station(ev, "desk-1", "desk", "copy-desk.db");
    const char *door =
        add_station(ev, "door-1", "door:pandas-intro", "copy-door.db");
    static const char *const tickets[] = {"48275", "48715"};
    for (size_t k = 0; k < 2; k++) {
        char *want = names_hex(ev, tickets[k]);
        char *got = names_hex(desk, tickets[k]);
        EXPECT_STR(got, want);
        free(got);
        got = names_hex(door, tickets[k]);
        /* The door: its own room's person by name, the other nameless. */
        EXPECT_STR(got, k == 0 ? want : "...");
        free(got);
        free(want);
        want = secrets_hex(ev, tickets[k]);
        got = secrets_hex(desk, tickets[k]);
        EXPECT_STR(got, want);
        free(got);
        free(want);
    }
    char *third = strdup(sql_text(ev, "SELECT ticket_id FROM attendee WHERE"
                                      " id = (SELECT min(id) FROM attendee"
                                      " WHERE ticket_id NOT IN ('48275',"
                                      " '48715'))"));
    char *want = secrets_hex(ev, third), *got = secrets_hex(desk, third);
    EXPECT_STR(got, want);
    EXPECT_CONTAINS(want, "612C625D2C5B63:0"); /* a,b],[c */
    free(got);
    free(want);
    free(third);
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM attendee") ==
                sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_TRUE(sql_int(desk, "SELECT count(*) FROM ticket_secret") ==
                sql_int(ev, "SELECT count(*) FROM ticket_secret"));
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM attendee a WHERE NOT EXISTS"
                             " (SELECT 1 FROM ticket_secret s WHERE"
                             " s.attendee_id = a.id)"),
               sql_int(ev, "SELECT count(*) FROM attendee a WHERE NOT EXISTS"
                           " (SELECT 1 FROM ticket_secret s WHERE"
                           " s.attendee_id = a.id)"));
    door_holds_its_room(ev, door, "pandas-intro");
    /* Admitted by the code the desk reads from its file. */
    char *out =
        scan(desk, "--station desk --name desk-1", secret_of(ev, "48275"));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
}

/* A file enrolled at a hub runs under the name, mode and target it was
 * enrolled for: the hub takes its rows under no other. */
static void an_enrolled_file_runs_as_its_station(void)
{
    const char *hub;
    const char *ev = published_event("trust4", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "trust4-desk.db");
    char *out =
        scan(desk, "--station desk", tu_format("%s\n", secret_of(ev, "48275")));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    EXPECT_STR(sql_text(desk, "SELECT group_concat(DISTINCT station) FROM"
                              " scan"),
               "desk-1");
    const char *said = run(1,
                           "scan '%s' --station desk --name desk-9 "
                           "--keyboard --json --offline",
                           desk);
    EXPECT_CONTAINS(said, "is the file of station desk-1, and the hub takes "
                          "its check-ins under that name only; leave out "
                          "--name, or give --name desk-1.");
    said = run(1,
               "scan '%s' --station door:pandas-intro --keyboard --json "
               "--offline",
               desk);
    EXPECT_CONTAINS(said, "enrolled at the hub as desk; run it with --station "
                          "desk.");
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM scan"), 1);
}

/* Attack 6: a copy of an enrolled file synced silently as a second
 * station.  Whichever copy connects first after the copy was made goes
 * on; the other is refused in one sentence, then and after.  A kill
 * between the hub taking the file's new token and the file forgetting
 * its older ones locks nobody out. */
static void a_copied_station_file_cannot_sync_as_a_second_station(void)
{
    const char *hub;
    const char *ev = published_event("trust5", &hub);
    const char *desk = add_station(ev, "desk-1", "desk", "trust5-desk.db");
    run(0, "sync '%s'", desk);
    const char *copy = tu_path("trust5-copy.db");
    REQUIRE(tu_sh("sqlite3 '%s' \".backup '%s'\"", desk, copy) == 0);
    run(0, "sync '%s'", desk);
    const char *said = run(1, "sync '%s'", copy);
    EXPECT_CONTAINS(said, "has heard from another copy of station desk-1's "
                          "file since");
    EXPECT_CONTAINS(said, "one file is one station; enroll this laptop as a "
                          "station of its own with 'checkin hub "
                          "add-station'.");
    /* Its check-ins stay in its own file, none reach the hub. */
    free(scan(copy, "--station desk",
              tu_format("%s\n", secret_of(ev, "48275"))));
    run(1, "sync '%s'", copy);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan"), 0);
    run(0, "sync '%s'", desk);

    /* Killed after the hub took the new token: the next sync goes on. */
    int st = tu_sh("CHECKIN_TEST_KILL_AT=vouched:trust5-desk.db '%s' sync '%s'"
                   " > /dev/null 2>&1",
                   CHECKIN_BIN, desk);
    EXPECT_TRUE(WIFSIGNALED(st) || (WIFEXITED(st) && WEXITSTATUS(st) > 128));
    long long tokens = sql_int(desk, "SELECT count(*) FROM sync_token");
    said = run(0, "sync '%s'", desk);
    EXPECT_INT(sql_int(desk, "SELECT count(*) FROM sync_token"), tokens + 1);

    /* Processes of the one file connecting at once are all let in. */
    for (int round = 0; round < 3; round++)
        EXPECT_INT(tu_sh("pids=; for i in 1 2 3 4; do '%s' sync '%s'"
                         " > /dev/null 2>&1 & pids=\"$pids $!\"; done; rc=0;"
                         " for p in $pids; do wait $p || rc=1; done; exit $rc",
                         CHECKIN_BIN, desk),
                   0);

    /* The other way round: the copy connects first, the original is the
     * one refused. */
    const char *copy2 = tu_path("trust5-copy2.db");
    REQUIRE(tu_sh("sqlite3 '%s' \".backup '%s'\"", desk, copy2) == 0);
    run(0, "sync '%s'", copy2);
    said = run(1, "sync '%s'", desk);
    EXPECT_CONTAINS(said, "has heard from another copy");
}

/* ---- supervisors at the hub (format 9) ---- */

/* The organizer's `attendees --no-badge` knows what the desks printed:
 * its sync takes every desk's print jobs as the hub holds them (into
 * station_print_job, which no print worker reads).  A person whose badge
 * desk-1's printer confirmed is not listed; one checked in at desk-2,
 * which has no printer, is. */
static void the_organizer_lists_only_checkins_no_desk_printed_a_badge_for(void)
{
    const char *hub;
    const char *ev = published_event("nobadge", &hub);
    const char *key = tu_copy(tu_path("event.key"), "nobadge.key");
    REQUIRE(chmod(key, 0600) == 0);
    const char *d1 = add_station(ev, "desk-1", "desk", "nobadge-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "nobadge-d2.db");
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    char args[512];
    snprintf(args, sizeof(args),
             "--station desk --name desk-1 --printer tcp:127.0.0.1:%d"
             " --model ZD420-300 --media 62x100",
             tcp_printer_port(zebra));
    struct live a;
    REQUIRE(live_start(&a, "", d1, args) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    char printed_name[256], other_name[256];
    snprintf(printed_name, sizeof(printed_name), "%s",
             badge_name_of(ev, nth_secret(ev, 0)));
    snprintf(other_name, sizeof(other_name), "%s",
             badge_name_of(ev, nth_secret(ev, 1)));
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    const char *printed =
        "SELECT count(*) FROM checkin.print_job WHERE state = 'printed'";
    for (int64_t until = tu_mono_ms() + 15000;
         pgserver_int(hub, printed) < 1 && tu_mono_ms() < until;
         usleep(20 * 1000)) {
    }
    EXPECT_INT(pgserver_int(hub, printed), 1);
    EXPECT_INT(live_stop(&a), 0);
    tcp_printer_stop(zebra);
    free(scan(d2, "--station desk --name desk-2",
              tu_format("%s\n", nth_secret(ev, 1))));
    run(0, "sync '%s'", d2);

    const char *said = run(0, "sync '%s'", ev);
    EXPECT_CONTAINS(said, "print job");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM station_print_job WHERE"
                           " kind = 'badge' AND state = 'printed'"),
               1);
    said = run(0, "attendees '%s' --no-badge", ev);
    EXPECT_NOT_CONTAINS(said, printed_name);
    EXPECT_CONTAINS(said, other_name);
    EXPECT_CONTAINS(said, "1 checked in at a desk without a printed badge");
}

/* A desk's own file lists only the check-ins whose badge is its own job:
 * one made at desk-1 reaches desk-2 through the hub, but its print job
 * stays at desk-1, so desk-2's `attendees --no-badge` leaves it out (and
 * says so) instead of calling it "no badge job; print it", which would
 * print a second badge.  desk-2's own check-in, made with no printer, is
 * listed there. */
static void a_desks_file_lists_only_its_own_checkins_without_a_badge(void)
{
    struct hubfix f = {0};
    const char *hub;
    snprintf(f.ev, sizeof(f.ev), "%s", published_event("ownbadge", &hub));
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "ownbadge.key"), 0600) == 0);
    for (int i = 0; i < 2; i++) {
        char name[16], file[32];
        snprintf(name, sizeof(name), "desk-%d", i + 1);
        snprintf(file, sizeof(file), "ownbadge-%d.db", i + 1);
        snprintf(f.file[i], sizeof(f.file[i]), "%s",
                 add_station(f.ev, name, "desk", file));
    }
    f.n = 2;
    char first[256], second[256];
    snprintf(first, sizeof(first), "%s",
             badge_name_of(f.ev, nth_secret(f.ev, 0)));
    snprintf(second, sizeof(second), "%s",
             badge_name_of(f.ev, nth_secret(f.ev, 1)));
    SCAN_SAYS(
        f.file[0],
        tu_format("--station desk --name desk-1 --clock '2027-05-12 08:30'"
                  " --printer 'file:%s' --model QL-800 --media 62x100",
                  tu_path("ownbadge-d1.bin")),
        tu_format("%s\n", nth_secret(f.ev, 0)), "checked-in");
    char *out = scan(f.file[1],
                     "--station desk --name desk-2 --clock '2027-05-12 08:31'",
                     tu_format("%s\n", nth_secret(f.ev, 1)));
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
    free(out);
    hubfix_sync_all(&f);
    hubfix_sync_all(&f);
    EXPECT_INT(sql_int(f.file[1], "SELECT count(*) FROM live_scan WHERE"
                                  " mode = 'desk' AND decision = 'admit'"),
               2);

    const char *said = run(0, "attendees '%s' --no-badge", f.file[1]);
    EXPECT_NOT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, second);
    EXPECT_CONTAINS(said, "no badge job");
    EXPECT_CONTAINS(said, "1 checked in at a desk without a printed badge");
    EXPECT_CONTAINS(said, "1 checked in at other desks are left out");
    /* desk-1's file: its own check-in, sent to a printer that cannot
     * confirm, and not desk-2's. */
    said = run(0, "attendees '%s' --no-badge", f.file[0]);
    EXPECT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, "sent, never confirmed printed");
    EXPECT_NOT_CONTAINS(said, second);
    EXPECT_NOT_CONTAINS(said, "no badge job");
    /* The organizer's file, which holds every desk's jobs, lists both. */
    run(0, "sync '%s'", f.ev);
    said = run(0, "attendees '%s' --no-badge", f.ev);
    EXPECT_CONTAINS(said, first);
    EXPECT_CONTAINS(said, second);
    EXPECT_NOT_CONTAINS(said, "left out");
}

/* The event's zone is checked once, when the organizer publishes the
 * event (checkin.hub.zone), not at each pushed row; a zone PostgreSQL
 * does not know leaves days unchecked, as before, and a known one again
 * checks them. */
static void the_events_zone_is_checked_once_when_published(void)
{
    struct hubfix f;
    const char *hub, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "zone", NULL, &hub, "desk-1", "desk",
                               "zone-desk.db", &desk, NULL));
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.hub WHERE"
                                 " zone = 'America/Los_Angeles'"),
               1);
    REQUIRE(pgserver_exec(hub,
                          "UPDATE checkin.event_description SET data"
                          " = jsonb_set(data, '{timezone}',"
                          " '\"Mars/Olympus\"') WHERE kind = 'event'") == 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.hub WHERE"
                                 " zone IS NULL"),
               1);
    /* 2027-05-12 09:05 in Los Angeles stamped as 13 May: unchecked. */
    long long n = push_day(desk, 1, "1810137900000", "2027-05-13");
    EXPECT_INT(n, 1);
    REQUIRE(pgserver_exec(hub, "UPDATE checkin.event_description SET data"
                               " = jsonb_set(data, '{timezone}',"
                               " '\"America/Los_Angeles\"') WHERE kind ="
                               " 'event'") == 0);
    EXPECT_INT(push_day(desk, 2, "1810137900000", "2027-05-13"), 0);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.quarantine"
                                 " WHERE fault = 'a day that disagrees with"
                                 " its time'"),
               1);
    EXPECT_INT(push_day(desk, 3, "1810137900000", "2027-05-12"), 1);
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

/* What the hub holds of each registration, as the JSON object its digest
 * is taken of, built by PostgreSQL from the hub's own row (members by
 * the rule of publish.c: items, hold, answers and add-on codes only when
 * there are any), with the digest hub init wrote beside it. */
static const char HUB_DIGESTED[] =
    "SELECT r.ticket_id, encode(r.digest, 'hex'), (jsonb_build_object("
    " 'ticket_id', r.ticket_id, 'order_code', r.order_code, 'status',"
    " r.status, 'given_name', r.given_name, 'family_name', r.family_name,"
    " 'badge_name', r.badge_name, 'pronouns', r.pronouns, 'company',"
    " r.company, 'email', r.email, 'ticket_type', r.ticket_type,"
    " 'sponsor_consent', r.sponsor_consent, 'testmode', r.testmode,"
    " 'search_key', r.search_key, 'fingerprint', encode(r.fingerprint,"
    " 'hex'), 'imported_ms', r.imported_ms, 'updated_ms', r.updated_ms,"
    " 'tutorials', to_jsonb(r.tutorials), 'secrets', to_jsonb(r.secrets),"
    " 'revoked_secrets', to_jsonb(r.revoked_secrets))"
    " || CASE WHEN jsonb_array_length(r.items) > 0 THEN"
    " jsonb_build_object('items', r.items) ELSE '{}'::jsonb END"
    " || CASE WHEN r.hold THEN '{\"hold\": true}'::jsonb ELSE '{}'::jsonb END"
    " || coalesce((SELECT jsonb_build_object('answers',"
    " jsonb_object_agg(a.question, a.answer)) FROM checkin.answer a WHERE"
    " a.ticket_id = r.ticket_id AND a.answer IS NOT NULL HAVING count(*) >"
    " 0), '{}'::jsonb)"
    " || CASE WHEN cardinality(r.addon_secrets) > 0 THEN"
    " jsonb_build_object('addon_secrets', to_jsonb(r.addon_secrets)) ELSE"
    " '{}'::jsonb END"
    " || CASE WHEN r.door IS NOT NULL THEN jsonb_build_object('door',"
    " r.door) ELSE '{}'::jsonb END)::text FROM checkin.registration r"
    " ORDER BY r.ticket_id";

/* hub init writes each registration's digest text itself, member by
 * member (publish.c), where it once had jansson dump an object of the
 * row: every digest the hub holds is still the BLAKE2b of jansson's
 * json_dumps(JSON_COMPACT | JSON_SORT_KEYS) of the registration as the
 * hub holds it, names with escapes, control characters and UTF-8, items,
 * answers, a hold, revoked and add-on codes included; so no digest a
 * file notes changes, and what COPY carried is what was hashed. */
static void hub_init_digests_each_registration_as_jansson_dumps_it(void)
{
    const char *ini = tu_path("digests.ini");
    REQUIRE(tu_write_file(ini, LISTS_INI, strlen(LISTS_INI)) == 0);
    const char *ev = tu_path("digests.db");
    run(0, "init '%s' '%s' --key '%s'", ev, ini, tu_path("digests.key"));
    run(0, "import '%s' '%s'", ev, LISTS_EXPORT);
    sql_write(ev, "UPDATE attendee SET given_name = 'Tab' || char(9) ||"
                  " 'bed \"q\" \\ /' || char(1) || char(31) || char(127),"
                  " badge_name = 'Zoë 日本語 😀' || char(10) || char(13) ||"
                  " char(8) || char(12), pronouns = '\\N', hold = 1 WHERE"
                  " id = (SELECT min(id) FROM attendee);"
                  "INSERT INTO addon_secret (secret, attendee_id, revoked)"
                  " SELECT 'add\"on\\' || char(9), id, 0 FROM attendee"
                  " WHERE id = (SELECT min(id) FROM attendee);"
                  "INSERT INTO ticket_secret (secret, attendee_id, revoked)"
                  " SELECT 'old,' || char(10) || ']', id, 1 FROM attendee"
                  " WHERE id = (SELECT max(id) FROM attendee);");
    const char *hub = hubfix_publish(ev, "digests");
    /* Each kind of member is there to be hashed. */
    static const char *const SOME[] = {
        "SELECT count(*) FROM checkin.registration WHERE"
        " jsonb_array_length(items) > 0",
        "SELECT count(*) FROM checkin.registration WHERE hold",
        "SELECT count(*) FROM checkin.answer WHERE answer IS NOT NULL",
        "SELECT count(*) FROM checkin.registration WHERE"
        " cardinality(addon_secrets) > 0",
        "SELECT count(*) FROM checkin.registration WHERE"
        " cardinality(revoked_secrets) > 0",
        "SELECT count(*) FROM checkin.registration WHERE given_name LIKE"
        " E'Tab\\tbed%'"};
    for (size_t i = 0; i < sizeof(SOME) / sizeof(SOME[0]); i++)
        if (pgserver_int(hub, SOME[i]) < 1)
            TU_FAIL_AT("none on the hub: %s", SOME[i]);
    PGconn *su = PQconnectdb(pgserver_conninfo(hub));
    REQUIRE(PQstatus(su) == CONNECTION_OK);
    PGresult *r = PQexec(su, HUB_DIGESTED);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        TU_FAIL_AT("%s", PQerrorMessage(su));
    int rows = PQntuples(r), same = 0;
    EXPECT_INT(rows, sql_int(ev, "SELECT count(*) FROM attendee"));
    for (int i = 0; i < rows; i++) {
        json_error_t je;
        json_t *o = json_loads(PQgetvalue(r, i, 2), 0, &je);
        if (!o)
            TU_FAIL_AT("%s: %s", je.text, PQgetvalue(r, i, 2));
        char *text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
        REQUIRE(text != NULL);
        uint8_t d[16];
        char hex[33];
        crypto_generichash(d, sizeof(d), (const unsigned char *)text,
                           strlen(text), NULL, 0);
        sodium_bin2hex(hex, sizeof(hex), d, sizeof(d));
        if (!strcmp(hex, PQgetvalue(r, i, 1)))
            same++;
        else if (same == i) /* the first that differs */
            printf("# %s: digest %s, jansson's text %s (%s)\n",
                   PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), hex, text);
        free(text);
        json_decref(o);
    }
    EXPECT_INT(same, rows);
    PQclear(r);
    /* The names hashed are the file's, byte for byte. */
    r = PQexec(su, "SELECT upper(encode(convert_to(given_name || badge_name,"
                   " 'UTF8'), 'hex')) FROM checkin.registration WHERE"
                   " given_name LIKE E'Tab\\tbed%'");
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1);
    EXPECT_STR(PQgetvalue(r, 0, 0),
               sql_text(ev, "SELECT hex(given_name || badge_name) FROM"
                            " attendee WHERE id = (SELECT min(id) FROM"
                            " attendee)"));
    PQclear(r);
    /* Each registration's codes in the order its digest was taken of:
     * live then revoked (its add-ons' among them), then the add-ons',
     * each in the order of their bytes. */
    static const char FILE_CODES[] =
        "SELECT group_concat(c, '|') FROM (SELECT a.ticket_id || ':' ||"
        " coalesce((SELECT group_concat(secret, ',') FROM (SELECT secret"
        " FROM ticket_secret WHERE attendee_id = a.id AND revoked = 0 UNION"
        " ALL SELECT secret FROM addon_secret WHERE attendee_id = a.id AND"
        " revoked = 0 ORDER BY secret)), '') || ':' || coalesce((SELECT"
        " group_concat(secret, ',') FROM (SELECT secret FROM ticket_secret"
        " WHERE attendee_id = a.id AND revoked = 1 UNION ALL SELECT secret"
        " FROM addon_secret WHERE attendee_id = a.id AND revoked = 1 ORDER"
        " BY secret)), '') || ':' || coalesce((SELECT group_concat(secret,"
        " ',') FROM (SELECT secret FROM addon_secret WHERE attendee_id ="
        " a.id ORDER BY secret)), '') AS c FROM attendee a ORDER BY"
        " a.ticket_id)";
    r = PQexec(su, "SELECT string_agg(ticket_id || ':' ||"
                   " array_to_string(secrets, ',') || ':' ||"
                   " array_to_string(revoked_secrets, ',') || ':' ||"
                   " array_to_string(addon_secrets, ','), '|' ORDER BY"
                   " ticket_id COLLATE \"C\") FROM checkin.registration");
    REQUIRE(PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1);
    EXPECT_STR(PQgetvalue(r, 0, 0), sql_text(ev, FILE_CODES));
    PQclear(r);
    PQfinish(su);
    /* And the file notes them so: nothing to send again. */
    EXPECT_CONTAINS(run(0, "sync '%s'", ev), "sent nothing");
}

/* Badges made on the organizer's file reach the hub as an import's rows
 * do, with no `checkin sync` (issue 57.3): issued, rendered and printed.
 * Before, a sponsor's phone exported no lead for them until the next
 * sync, and `hub leads` blamed a station file changed outside checkin. */
static void badges_made_on_the_organizers_file_reach_the_hub_at_once(void)
{
    const char *hub;
    const char *ev = published_event("orgbadges", &hub);
    char key[4200];
    snprintf(key, sizeof(key), "%s", tu_path("event.key"));
    const char *mine = "SELECT count(*) FROM checkin.badge WHERE station_uid"
                       " IS NULL";
    long before = pgserver_int(hub, mine);
    const char *said = run(0, "issue --key '%s' '%s' 48243", key, ev);
    EXPECT_CONTAINS(said, "(organizer): sent 1 badge;");
    EXPECT_INT(pgserver_int(hub, mine), before + 1);
    said = run(0, "badge --key '%s' '%s' 53139 --out '%s'", key, ev,
               tu_path("zoe.png"));
    EXPECT_CONTAINS(said, "(organizer): sent ");
    long rendered = pgserver_int(hub, mine);
    EXPECT_TRUE(rendered > before + 1);
    run(0,
        "print '%s' 48273 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        ev, key, tu_path("olga.bin"));
    EXPECT_TRUE(pgserver_int(hub, mine) > rendered);
    EXPECT_INT(pgserver_int(hub, mine),
               sql_int(ev, "SELECT count(*) FROM badge"));
}

/* The first line of the error `sql` ends in as `c`'s role ("" when it
 * passed). */
static const char *pq_error(PGconn *c, const char *sql)
{
    static char msg[1024];
    PGresult *r = PQexec(c, sql);
    snprintf(msg, sizeof(msg), "%s",
             PQresultStatus(r) == PGRES_FATAL_ERROR ? PQresultErrorMessage(r)
                                                    : "");
    PQclear(r);
    return msg;
}

/* An organizer's row in the journal, written by hand as its sync would
 * push it: act `act`, naming row `ref_run`/`ref_seq`, of station uid
 * `uid` (NULL: none, as the organizer's). */
static const char *organizer_row(PGconn *c, const char *run_id, int seq,
                                 const char *uid, const char *act,
                                 const char *ref_run, long long ref_seq)
{
    return pq_error(
        c, tu_format(
               "INSERT INTO checkin.scan (station_id, seq, station_uid,"
               " station, at_ms, mode, target, code, attendee_ticket_id,"
               " decision, reason, direction, pushed_ms, act, ref_station_id,"
               " ref_seq) VALUES ('%s', %d, %s, 'organizer', " NOW_MS ","
               " 'desk', '', 'manual:5001', '5001', 'admit', 'undone', 'in', 1,"
               " '%s', '%s', %lld)",
               run_id, seq, tu_format(uid ? "'%s'" : "NULL", uid), act, ref_run,
               ref_seq));
}

/* The organizer's undos reach the stations through the hub (format 18):
 * Ada checked in at desk-1 and undone on the organizer's file is checked
 * in again at desk-2, not "already checked in"; her T-shirt undone there
 * is handed again at the other counter.  The hub takes from the
 * organizer's role undos of rows it holds, nothing else. */
static void an_organizers_undo_reaches_every_station(void)
{
    const char *hub;
    const char *ev = lists_event("orgundo", &hub);
    const char *d1 = add_station(ev, "desk-1", "desk", "orgundo-d1.db");
    const char *d2 = add_station(ev, "desk-2", "desk", "orgundo-d2.db");
    const char *t1 = add_station(ev, "tshirt-1", "door:tshirt", "orgundo-1.db");
    const char *t2 = add_station(ev, "tshirt-2", "door:tshirt", "orgundo-2.db");
    const char *desk1 = "--station desk --clock '2024-05-16 09:00' --name "
                        "desk-1";
    const char *desk2 = "--station desk --clock '2024-05-16 09:30' --name "
                        "desk-2";
    json_t *o = scan_one(d1, desk1, "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    o = scan_one(
        t1, "--station door:tshirt --clock '2024-05-16 10:12' --name tshirt-1",
        "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", t1);
    run(0, "sync '%s'", ev);
    /* Before the undo, desk-2 knows her as checked in. */
    run(0, "sync '%s'", d2);
    o = scan_one(d2, desk2, "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);

    const char *out = run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(out, "The stations see this undo after the next "
                         "'checkin sync");
    EXPECT_TRUE(strstr(out, "stays in this file") == NULL);
    out = run(0, "undo '%s' 5001 --list tshirt --why 'wrong badge'", ev);
    EXPECT_CONTAINS(out, "Undone: the T-shirt M of Ada Lovelace (5001)");
    EXPECT_TRUE(strstr(out, "stays in this file") == NULL);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " act = 'undo' AND station_uid IS NULL AND"
                                 " station = 'organizer'"),
               2);

    run(0, "sync '%s'", d2);
    o = scan_one(d2,
                 "--station desk --clock '2024-05-16 09:40' --name "
                 "desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0, "sync '%s'", t2);
    o = scan_one(
        t2, "--station door:tshirt --clock '2024-05-16 10:30' --name tshirt-2",
        "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    EXPECT_STR(jstr(o, "reason"), "redeemed");
    json_decref(o);
    /* The first counter counts the T-shirt back too. */
    run(0, "sync '%s'", t1);
    EXPECT_INT(sql_int(t1, "SELECT count(*) FROM live_scan WHERE mode ="
                           " 'door' AND attendee_ticket_id = '5001'"),
               0);

    /* What the hub takes from the organizer's role, by hand. */
    PGconn *org = connect_as_station(ev);
    char ref_run[80], uid[80];
    snprintf(ref_run, sizeof(ref_run), "%s",
             sql_text(d1, "SELECT station_id FROM scan WHERE station ="
                          " 'desk-1' LIMIT 1"));
    snprintf(uid, sizeof(uid), "%s",
             sql_text(d1, "SELECT station_uid FROM sync_hub"));
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, NULL, "undo", "no-such-run", 7),
        "names row no-such-run/7 of list desk '', which the hub "
        "does not hold as a station's admission: let the "
        "station that wrote it sync first");
    EXPECT_CONTAINS(organizer_row(org, "forged-org", 1, NULL, "scan", "", 0),
                    "is a scan, and the organizer sends undos only");
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, uid, "undo", ref_run, 1),
        "the organizer may not write journal row forged-org/1 as station");
    /* An undo of the organizer's own undo names no station's row. */
    char undo_run[80];
    snprintf(undo_run, sizeof(undo_run), "%s",
             sql_text(ev, "SELECT station_id FROM scan WHERE act = 'undo'"
                          " AND station = 'organizer' AND mode = 'desk'"));
    EXPECT_CONTAINS(
        organizer_row(org, "forged-org", 1, NULL, "undo", undo_run, 1),
        "which the hub does not hold as a station's admission");
    PQfinish(org);
    /* Nor does a station's role write a row of no station. */
    PGconn *desk = connect_as_station(d2);
    EXPECT_TRUE(organizer_row(desk, "forged-d2", 1, NULL, "undo", ref_run,
                              1)[0] != '\0');
    PQfinish(desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station_id LIKE 'forged-%'"),
               0);
}

/* Ada (5001) checked in at desk-1 of event `tag` (a lists event at a hub,
 * *hub) and given a badge there, synced to the hub and the organizer's
 * file; `badge` (of `cap` bytes) gets the badge's code.  The event's
 * file; *d2: desk-2's file, enrolled too. */
static const char *ada_badged_at_desk_1(const char *tag, const char **hub,
                                        const char **d2, char *badge,
                                        size_t cap)
{
    char f1[64], f2[64], key[64];
    snprintf(f1, sizeof(f1), "%s-d1.db", tag);
    snprintf(f2, sizeof(f2), "%s-d2.db", tag);
    snprintf(key, sizeof(key), "%s.key", tag);
    const char *ev = lists_event(tag, hub);
    const char *d1 = add_station(ev, "desk-1", "desk", f1);
    *d2 = add_station(ev, "desk-2", "desk", f2);
    json_t *o =
        scan_one(d1, "--station desk --clock '2024-05-16 09:00' --name desk-1",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
    const char *said = run(0, "issue --key '%s' '%s' 5001", tu_path(key), d1);
    const char *ck = strstr(said, "CK");
    snprintf(badge, cap, "%.*s", ck ? (int)strcspn(ck, "\n") : 0, ck ? ck : "");
    if (!ck)
        TU_FAIL_AT("checkin issue printed no badge: %s", said);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    return ev;
}

/* The organizer's undo of a check-in supersedes the badge desk-1 printed
 * for it, as a desk's own undo does: the organizer's file issues the next
 * badge (never printed) and its sync pushes it with the undo, so desk-2
 * refuses the printed badge, and the booths learn its revocation hash. */
static void an_organizers_undo_supersedes_the_printed_badge(void)
{
    const char *hub, *d2;
    char badge[512];
    const char *ev =
        ada_badged_at_desk_1("orgbadge", &hub, &d2, badge, sizeof(badge));
    REQUIRE(badge[0]);
    json_t *o;
    run(0, "sync '%s'", d2);
    long revoked = pgserver_int(hub, "SELECT count(*) FROM"
                                     " checkin.revoked_badge");
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:20' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "reason"), "already-checked-in");
    json_decref(o);

    const char *out = run(0, "undo '%s' 5001 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(out, "The badge printed for them no longer admits");
    EXPECT_INT(sql_int(ev, "SELECT max(issue) FROM badge b JOIN attendee a ON"
                           " a.id = b.attendee_id WHERE a.ticket_id = '5001'"),
               2);
    run(0, "sync '%s'", ev);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                                 " station_uid IS NULL AND issue = 2"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM"
                                 " checkin.revoked_badge"),
               revoked + 1);
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);
    /* Found by name, she is checked in again. */
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:41' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
}

/* The code `checkin issue` gives for 48275 on `db` (`options`: "" the
 * badge, "--tutorial pandas-intro" the ticket): the newest, as printed. */
static const char *code_of(const char *db, const char *options, char *out,
                           size_t cap)
{
    const char *said = run(0, "issue --key '%s' %s '%s' 48275",
                           tu_path("event.key"), options, db);
    const char *ck = strstr(said, "CK");
    snprintf(out, cap, "%.*s", ck ? (int)strcspn(ck, "\n") : 0, ck ? ck : "");
    if (!ck)
        TU_FAIL_AT("checkin issue printed no code: %s", said);
    return out;
}

/* What door-1 of the pandas tutorial decides for `code`; the caller
 * decrefs. */
static json_t *at_door(const char *door, const char *code)
{
    return scan_one(door,
                    "--station door:pandas-intro --name door-1 --clock"
                    " '2027-05-12 09:05' --cooldown 0.05",
                    code);
}

/* A refusal at the door that sends the person to the desk. */
static void door_refuses(const char *door, const char *code)
{
    json_t *o = at_door(door, code);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    EXPECT_CONTAINS(jstr(o, "reason_text"), "desk");
    json_decref(o);
}

/* Desk-1 checks 48275 in and its sync sends the check-in; the organizer
 * pulls it; then desk-1 prints her badge and pandas ticket (a printer
 * answers after the check-in went up), and the organizer, before pulling
 * them, undoes the check-in: its new badge and ticket take the numbers
 * the printed ones have.  Whichever syncs first (`organizer_first`), the
 * printed badge and ticket then admit nowhere: the door says to go to the
 * desk, and so does desk-1; checked in again there, she gets a new badge
 * and ticket, which the door admits. */
static void printed_while_the_organizer_undid(bool organizer_first)
{
    const char *hub;
    const char *ev =
        published_event(organizer_first ? "undoorg" : "undodesk", &hub);
    char ev_at[512], d1_at[512], door_at[512];
    snprintf(ev_at, sizeof(ev_at), "%s", ev);
    ev = ev_at;
    snprintf(d1_at, sizeof(d1_at), "%s",
             add_station(ev, "desk-1", "desk",
                         organizer_first ? "uo-d1.db" : "ud-d1.db"));
    snprintf(door_at, sizeof(door_at), "%s",
             add_station(ev, "door-1", "door:pandas-intro",
                         organizer_first ? "uo-door.db" : "ud-door.db"));
    const char *d1 = d1_at, *door = door_at;
    /* The event's key beside the organizer's file, as `init` leaves it. */
    REQUIRE(chmod(tu_copy(tu_path("event.key"),
                          organizer_first ? "undoorg.key" : "undodesk.key"),
                  0600) == 0);
    const char *desk1 = "--station desk --name desk-1 --clock '2027-05-12"
                        " 08:30'";
    json_t *o = scan_one(d1, desk1, secret_of(ev, "48275"));
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", ev);
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        d1, tu_path("event.key"), tu_path("undone-labels.bin"));
    char badge[256], ticket[256];
    code_of(d1, "", badge, sizeof(badge));
    code_of(d1, "--tutorial pandas-intro", ticket, sizeof(ticket));
    REQUIRE(badge[0] && ticket[0]);

    const char *out = run(0, "undo '%s' 48275 --why 'wrong person'", ev);
    EXPECT_CONTAINS(out, "Undone: the check-in of");
    /* The organizer's file never heard of the printed labels: its new
     * ones have their numbers. */
    long labels = 1 + sql_int(ev, "SELECT count(*) FROM attendee_tutorial t"
                                  " JOIN attendee a ON a.id = t.attendee_id"
                                  " WHERE a.ticket_id = '48275'");
    EXPECT_INT(sql_int(ev, "SELECT count(*) FROM badge b JOIN attendee a ON"
                           " a.id = b.attendee_id WHERE a.ticket_id = '48275'"
                           " AND b.issue = 1"),
               labels);
    if (organizer_first) {
        run(0, "sync '%s'", ev);
        /* The door holds only the organizer's badge and ticket: those
         * desk-1 printed are of numbers it holds others of. */
        run(0, "sync '%s'", door);
        door_refuses(door, badge);
        door_refuses(door, ticket);
        run(0, "sync '%s'", d1);
    } else {
        run(0, "sync '%s'", d1);
        run(0, "sync '%s'", ev);
        run(0, "sync '%s'", d1);
    }
    run(0, "sync '%s'", door);
    door_refuses(door, badge);
    door_refuses(door, ticket);
    o = scan_one(d1, desk1, badge);
    EXPECT_STR(jstr(o, "decision"), "deny");
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);

    /* Found by name, checked in again: the print owed gives new labels
     * (counted as reprints), and the door admits them. */
    o = scan_one(d1, desk1, secret_of(ev, "48275"));
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0,
        "print '%s' 48275 --key '%s' --printer 'file:%s' --model QL-800 "
        "--media 62x100",
        d1, tu_path("event.key"), tu_path("undone-labels.bin"));
    EXPECT_INT(sql_int(d1, "SELECT count(*) FROM print_job j JOIN attendee a"
                           " ON a.id = j.attendee_id WHERE a.ticket_id ="
                           " '48275' AND j.state IN ('sent', 'printed')"),
               2 * labels);
    char badge2[256], ticket2[256];
    code_of(d1, "", badge2, sizeof(badge2));
    code_of(d1, "--tutorial pandas-intro", ticket2, sizeof(ticket2));
    EXPECT_TRUE(strcmp(badge, badge2) != 0);
    EXPECT_TRUE(strcmp(ticket, ticket2) != 0);
    run(0, "sync '%s'", d1);
    run(0, "sync '%s'", door);
    door_refuses(door, badge);
    o = at_door(door, ticket2);
    EXPECT_STR(jstr(o, "decision"), "admit");
    json_decref(o);
}

static void a_badge_printed_before_the_organizers_undo_admits_nowhere(void)
{
    printed_while_the_organizer_undid(false);
}

static void a_badge_printed_before_the_organizers_undo_syncs_first_too(void)
{
    printed_while_the_organizer_undid(true);
}

/* The organizer's dashboard started with --undo, at a hub: an undo
 * posted as its page posts it is pushed by the dashboard's own sync worker
 * with the badge that supersedes the one desk-1 printed, and desk-2, at
 * its next sync, refuses that badge and checks Ada in again. */
static void the_dashboards_undo_reaches_the_stations(void)
{
    const char *hub, *d2;
    char badge[512];
    const char *ev =
        ada_badged_at_desk_1("dashundo", &hub, &d2, badge, sizeof(badge));
    REQUIRE(badge[0]);
    json_t *o;

    pid_t pid;
    int port =
        hubfix_dashboard_with(ev, "--undo", tu_path("dashundo.out"), &pid);
    REQUIRE(port > 0);
    /* The undo's own token, from the link it printed (docs/dashboard.md). */
    char *said = tu_wait_file(tu_path("dashundo.out"), "undo=", 20000);
    const char *tok = said ? strstr(said, "undo=") : NULL;
    char host[256], *head = NULL, *body = NULL;
    snprintf(host, sizeof(host),
             "Host: 127.0.0.1:%d\r\nContent-Type: application/json\r\n"
             "Cookie: checkin_dashboard_undo=%.32s\r\n",
             port, tok ? tok + 5 : "");
    free(said);
    EXPECT_INT(tu_http(port, "POST", "/api/undo", host,
                       "{\"ticket\":\"5001\",\"why\":\"wrong person\"}", &head,
                       &body),
               200);
    EXPECT_CONTAINS(body, "Undone: the check-in of Ada Lovelace (5001).");
    EXPECT_CONTAINS(body, "The badge printed for them no longer admits.");
    free(head);
    free(body);
    /* The dashboard's worker syncs the change to the file. */
    int64_t t0 = tu_mono_ms();
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                             " station_uid IS NULL") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(5000);
    while (pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                             " station_uid IS NULL") < 1 &&
           tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.scan WHERE"
                                 " station_uid IS NULL AND act = 'undo' AND"
                                 " override = 'wrong person'"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.badge WHERE"
                                 " station_uid IS NULL AND issue = 2"),
               1);
    int status = hubfix_dashboard_stop(pid);
    EXPECT_TRUE(WIFSIGNALED(status) ||
                (WIFEXITED(status) && WEXITSTATUS(status) == 0));
    run(0, "sync '%s'", d2);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:40' --name desk-2",
                 badge);
    EXPECT_STR(jstr(o, "reason"), "revoked");
    json_decref(o);
    o = scan_one(d2, "--station desk --clock '2024-05-16 09:41' --name desk-2",
                 "adaticket5001");
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
}

/* ---- the hub vets a desk's walk-ins, edits and undos (format 25) ---- */

/* A station's word about itself, written with its own role: `last_seen`
 * ten years ahead, a clock of 9e15 ms and a backlog of -5 are bounded by
 * the hub (its own clock for last_seen), and of conflicts it keeps only
 * those naming a row it holds, once each, HUB_CONFLICTS_MAX (100) a
 * station, counting the rest.  Before format 25 every value showed in
 * `hub status` as written, and 1,000 conflicts naming nothing too. */
static void a_stations_status_and_conflicts_are_bounded_by_the_hub(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "clamp", &ev, &hub, "desk-1", "desk",
                               "clamp-desk.db", &desk, NULL));
    run(0, "sync '%s'", desk);
    /* 150 rows the hub holds, the organizer's edits. */
    REQUIRE(pgserver_exec(hub, "INSERT INTO checkin.registration_change"
                               " (station_id, seq, station_uid, station,"
                               " at_ms, ticket_id, kind, field, value)"
                               " SELECT 'oooooooooooooooo', g, NULL,"
                               " 'organizer', 1810137900000, '48243',"
                               " 'edit', 'company', 'x' || g FROM"
                               " generate_series(1, 150) g") == 0);
    PGconn *c = connect_as_station(desk);
    char state[8];
    EXPECT_INT(pq_int(c,
                      "UPDATE checkin.station SET last_seen = now() +"
                      " interval '10 years', last_clock_ms ="
                      " 9000000000000000, last_backlog = -5, last_pushed ="
                      " last_pushed - 1000 WHERE pg_role = current_user",
                      state),
               1);
    EXPECT_STR(state, "");
#define CONFLICTS(TBL, RUN, SEQS)                                              \
    "INSERT INTO checkin.conflict (tbl, station_id, seq, station_uid)"         \
    " SELECT '" TBL "', '" RUN "', g, uid FROM checkin.station,"               \
    " generate_series(" SEQS ") g WHERE pg_role = current_user"
    EXPECT_INT(pq_int(c, CONFLICTS("scan", "nobody", "1, 1000"), state), 0);
    EXPECT_STR(state, "");
    EXPECT_INT(
        pq_int(c,
               CONFLICTS("registration_change", "oooooooooooooooo", "1, 150"),
               state),
        100);
    EXPECT_INT(
        pq_int(c, CONFLICTS("registration_change", "oooooooooooooooo", "1, 1"),
               state),
        0);
#undef CONFLICTS
    PQfinish(c);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-1' AND last_seen <= now()"
                                 " AND last_clock_ms <= extract(epoch FROM"
                                 " now() + interval '10 years 1 day') *"
                                 " 1000 AND last_backlog = 0 AND"
                                 " last_pushed >= 0"),
               1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.conflict"), 100);
    EXPECT_INT(pgserver_int(hub, "SELECT conflicts_over FROM checkin.station"
                                 " WHERE name = 'desk-1'"),
               50);
    /* hub status: seen now, the conflicts counted (100 kept and 50). */
    const char *st = run(0, "hub status '%s'", ev);
    const char *line = strstr(st, "\ndesk-1 ");
    REQUIRE(line != NULL);
    char row[256];
    snprintf(row, sizeof(row), "%.*s", (int)strcspn(line + 1, "\n"), line + 1);
    printf("# %s\n", row);
    EXPECT_CONTAINS(row, " live ");
    EXPECT_CONTAINS(row, " 150");
    EXPECT_NOT_CONTAINS(row, " -5 ");
    EXPECT_CONTAINS(st, "conflicting rows: 150.");
    /* The station's own sync still says where it is. */
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.station WHERE"
                                 " name = 'desk-1' AND abs(last_clock_ms -"
                                 " extract(epoch FROM now()) * 1000) <"
                                 " 3600000"),
               1);
}

/* A sync that pushed nothing writes only the station's word about itself
 * (last seen, clock, backlog): the hub commits it without waiting for its
 * disk (synchronous_commit off), losing at most the last second of it,
 * which the station's next sync writes again.  A sync that pushed
 * check-ins writes it as before, durably (its counter of rows pushed).
 * Before, every sync waited for the hub's flush. */
static void a_pull_says_here_without_waiting_for_the_hubs_disk(void)
{
    struct hubfix f;
    const char *hub, *ev, *desk;
    REQUIRE(hubfix_enrolled_as(&f, "saysoff", &ev, &hub, "desk-1", "desk",
                               "saysoff-desk.db", &desk, NULL));
    /* Each write of the row notes the commit's setting as it ran. */
    REQUIRE(pgserver_exec(
                hub, "CREATE TABLE public.said (at serial, sc text);"
                     " CREATE FUNCTION public.note_said() RETURNS trigger"
                     " LANGUAGE plpgsql SECURITY DEFINER AS $$BEGIN INSERT"
                     " INTO public.said (sc) VALUES"
                     " (current_setting('synchronous_commit')); RETURN NULL;"
                     " END$$; CREATE TRIGGER note_said AFTER UPDATE OF"
                     " last_seen ON checkin.station FOR EACH ROW EXECUTE"
                     " FUNCTION public.note_said()") == 0);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM public.said"), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM public.said WHERE"
                                 " sc = 'off'"),
               1);
    char code[256];
    issue_code(desk, "48243", code, sizeof(code));
    json_t *o = scan_one(
        desk, "--station desk --clock '2027-05-12 09:05' --name desk-1", code);
    EXPECT_STR(jstr(o, "reason"), "checked-in");
    json_decref(o);
    run(0, "sync '%s'", desk);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM public.said"), 2);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM public.said WHERE"
                                 " sc = 'on' AND at = (SELECT max(at) FROM"
                                 " public.said)"),
               1);
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(a_desks_printer_out_of_labels_shows_at_the_organizer),
        TU_CASE(
            a_desks_printer_trouble_reaches_the_organizer_in_their_language),
        TU_CASE(a_desks_printer_wakes_the_dashboard_and_no_idle_station),
        TU_CASE(a_rotated_signing_key_reaches_the_live_desks),
        TU_CASE(a_copied_station_file_cannot_sync_as_a_second_station),
        TU_CASE(a_desks_file_lists_only_its_own_checkins_without_a_badge),
        TU_CASE(a_stations_status_and_conflicts_are_bounded_by_the_hub),
        TU_CASE(a_pull_says_here_without_waiting_for_the_hubs_disk),
        TU_CASE(an_organizers_undo_reaches_every_station),
        TU_CASE(the_organizer_lists_only_checkins_no_desk_printed_a_badge_for),
        TU_CASE(an_organizers_undo_supersedes_the_printed_badge),
        TU_CASE(a_retired_station_is_cut_off_and_keeps_what_it_sent),
        TU_CASE(badges_made_on_the_organizers_file_reach_the_hub_at_once),
        TU_CASE(a_running_desk_prints_with_a_key_rotated_while_it_runs),
        TU_CASE(the_dashboards_undo_reaches_the_stations),
        TU_CASE(a_wiped_desk_enrolled_again_is_a_new_station),
        TU_CASE(a_desk_gets_the_events_signing_key_and_prints),
        TU_CASE(a_first_pull_by_copy_keeps_every_byte_and_a_door_its_room),
        TU_CASE(the_dashboard_pulls_every_stations_rows_live),
        TU_CASE(add_station_makes_a_private_file_with_its_own_role),
        TU_CASE(a_first_pull_leaves_every_index_in_place),
        TU_CASE(a_first_pull_leaves_a_status_the_file_refuses_waiting),
        TU_CASE(a_first_pull_gives_a_code_named_twice_to_the_later),
        TU_CASE(add_station_refuses_a_damaged_event_file_and_keeps_nothing),
        TU_CASE(an_enrolled_file_runs_as_its_station),
        TU_CASE(the_events_zone_is_checked_once_when_published),
        TU_CASE(hub_init_publishes_the_event_and_remembers_the_hub),
        TU_CASE(a_publish_the_hub_refuses_is_not_noted_in_the_file),
        TU_CASE(an_enrolled_station_takes_no_web_token_of_the_organizers),
        TU_CASE(a_file_never_enrolled_is_left_as_it_is),
        TU_CASE(a_badge_printed_before_the_organizers_undo_admits_nowhere),
        TU_CASE(a_badge_printed_before_the_organizers_undo_syncs_first_too),
        TU_CASE(a_killed_add_station_leaves_no_station_file),
        TU_CASE(an_add_station_cut_mid_copy_keeps_none_of_its_rows),
        TU_CASE(canonical_json_is_jansson_s_byte_for_byte),
        TU_CASE(hub_init_digests_each_registration_as_jansson_dumps_it),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
