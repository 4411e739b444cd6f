/* What the hub tests share (sync_util.h). */
#include "sync_util.h"

/* ---- files, through plain SQLite ---- */

long long sql_int(const char *db, const char *sql)
{
    return tu_sql_int(db, sql);
}

const char *sql_text(const char *db, const char *sql)
{
    return tu_sql_text(db, sql);
}

void sql_write(const char *db, const char *sql)
{
    sqlite3 *h;
    char *msg = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h, sql, NULL, NULL, &msg) != SQLITE_OK)
        TU_FAIL_AT("%s on %s: %s", sql, db, msg ? msg : sqlite3_errmsg(h));
    sqlite3_free(msg);
    sqlite3_close(h);
}

/* ---- the command ---- */

char *scan(const char *db, const char *args, const char *codes)
{
    char line[4096];
    snprintf(line, sizeof(line), "scan '%s' %s --keyboard --json --offline", db,
             args);
    const char *out, *err;
    int st = tu_checkin_in(line, codes, &out, &err);
    if (st != 0)
        TU_FAIL_AT("checkin scan %s %s exited %d", db, args, st);
    size_t n = strlen(out) + strlen(err) + 1;
    char *text = malloc(n);
    if (text)
        snprintf(text, n, "%s%s", out, err);
    return text ? text : strdup("");
}

void scan_says(const char *db, const char *args, const char *codes,
               const char *reason, int line)
{
    char want[96];
    snprintf(want, sizeof(want), "\"reason\":\"%s\"", reason);
    char *out = scan(db, args, codes);
    if (!strstr(out, want))
        tu_fail(__FILE__, line, "checkin scan %s %s says %s: got \"%s\"", db,
                args, want, out);
    free(out);
}

const char *published_event(const char *name, const char **hub)
{
    return hubfix_event(name, NULL, hub);
}

const char *add_station(const char *ev, const char *name, const char *role,
                        const char *file)
{
    return hubfix_station(ev, name, role, file);
}

const char *import_rows(const char *db, const char *file, const char *rows)
{
    const char *csv = tu_format("%s%s", REGISTRATION_COLUMNS, rows);
    tu_write_file(tu_path(file), csv, strlen(csv));
    return run(0, "import '%s' '%s'", db, tu_path(file));
}

const char *secret_of(const char *db, const char *ticket)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.ticket_id = '%s' AND s.revoked = 0"
                " LIMIT 1",
                ticket));
}

PGconn *connect_as_station(const char *station_db)
{
    const char *ci =
        sql_text(station_db, "SELECT conninfo FROM sync_hub WHERE id = 1");
    PGconn *c = PQconnectdb(ci);
    if (PQstatus(c) != CONNECTION_OK)
        TU_FAIL_AT("connecting as %s: %s", station_db, PQerrorMessage(c));
    return c;
}

long long pq_int(PGconn *c, const char *sql, char *state)
{
    PGresult *r = PQexec(c, sql);
    long long v = -1;
    ExecStatusType st = PQresultStatus(r);
    if (state)
        snprintf(state, 6, "%s",
                 PQresultErrorField(r, PG_DIAG_SQLSTATE)
                     ? PQresultErrorField(r, PG_DIAG_SQLSTATE)
                     : "");
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else if (st == PGRES_COMMAND_OK)
        v = strtoll(PQcmdTuples(r), NULL, 10);
    PQclear(r);
    return v;
}

/* ---- what flows ---- */

/* ---- never twice, never skipped ---- */

void keys_equal(const char *hub, const char *station_db)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(hub));
    PGresult *r =
        PQexec(c, "SELECT string_agg(station_id || '/' || seq, ',' ORDER BY"
                  " station_id, seq) FROM checkin.scan");
    char on_hub[8192];
    snprintf(on_hub, sizeof(on_hub), "%s",
             PQresultStatus(r) == PGRES_TUPLES_OK ? PQgetvalue(r, 0, 0) : "?");
    PQclear(r);
    PQfinish(c);
    char here[8192];
    snprintf(here, sizeof(here), "%s",
             sql_text(station_db, "SELECT group_concat(k, ',') FROM (SELECT"
                                  " station_id || '/' || seq AS k FROM scan"
                                  " ORDER BY station_id, seq)"));
    EXPECT_STR(on_hub, here);
}

/* ---- what the hub lets each station do ---- */

void issue_code(const char *desk, const char *ticket, char *code, size_t cap)
{
    const char *said =
        run(0, "issue --key '%s' '%s' %s", tu_path("event.key"), desk, ticket);
    const char *ck = strstr(said, "CK");
    if (!ck)
        TU_FAIL_AT("no code in: %s", said);
    snprintf(code, cap, "%.*s", (int)strcspn(ck, "\n"), ck);
}

int64_t booth_note(const char *file, const char *name, const char *code,
                   int64_t seq, const char *note, int rating)
{
    store *s;
    station *st = NULL;
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_LEADS,
                                 .target = "datawise",
                                 .name = name,
                                 .open_before_ms = -1};
    if (store_open(file, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("%s", err.msg);
        return -1;
    }
    int code_rc = station_open(s, &cfg, &st, &err);
    struct station_result r;
    if (!code_rc && seq <= 0) {
        code_rc = station_scan(st, (const uint8_t *)code, strlen(code),
                               store_now_ms(), &r, &err);
        keep_result(&r);
        if (!code_rc) {
            EXPECT_STR(station_reason_token(r.reason), "lead");
            seq = r.seq;
        }
    }
    if (!code_rc)
        code_rc = station_lead_note(st, seq, note, rating, &err);
    if (code_rc)
        TU_FAIL_AT("the booth: %s", err.msg);
    station_free(st);
    store_close(s);
    return seq;
}

/* ---- the expo hall at the hub (hub format 12) ---- */

int64_t expo_lead(const char *file, const char *name, const char *sponsor,
                  const char *code, const char *note, int rating,
                  const char *const *tags, size_t ntags)
{
    store *s;
    station *st = NULL;
    struct ck_error err = {0};
    struct station_config cfg = {.name = name, .open_before_ms = -1};
    if (store_open(file, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("%s", err.msg);
        return -1;
    }
    int rc = station_parse_spec("expo", &cfg, &err);
    if (!rc)
        rc = station_open(s, &cfg, &st, &err);
    struct station_result r = {0};
    bool fresh = false;
    if (!rc)
        rc = station_expo_present(st, sponsor, (const uint8_t *)code,
                                  strlen(code), station_source_now(st), &fresh,
                                  &r, &err);
    keep_result(&r);
    if (!rc && (!fresh || strcmp(station_reason_token(r.reason), "lead")))
        TU_FAIL_AT("the booth of %s decided %s, not a new lead", sponsor,
                   station_reason_token(r.reason));
    int64_t seq = r.lead_seq;
    if (!rc)
        rc = station_expo_edit(st, sponsor, seq, note, rating, tags, ntags,
                               &err);
    if (rc)
        TU_FAIL_AT("the expo station: %s", err.msg);
    station_free(st);
    store_close(s);
    return seq;
}

/* ---- live stations (sync_worker.h) ---- */

static bool is_link(json_t *o, const void *arg)
{
    const struct want_link *w = arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           json_is_true(json_object_get(o, "online")) == w->online &&
           (w->to_send < 0 ||
            json_integer_value(json_object_get(o, "to_send")) == w->to_send);
}

bool wait_link(struct live *st, bool online, long to_send, int ms)
{
    struct want_link w = {online, to_send};
    json_t *o = live_next(st, ms, is_link, &w);
    if (!o) {
        TU_FAIL_AT("the station did not say it is %s with %ld to send "
                   "within %d s",
                   online ? "online" : "offline", to_send, ms / 1000);
        return false;
    }
    printf("# %s\n", live_str(o, "text"));
    json_decref(o);
    return true;
}

bool desk_1_in_step(struct live *a, const char *db)
{
    if (live_start(a, "", db, "--station desk --name desk-1") != 0) {
        TU_FAIL_AT("desk-1 on %s did not start", db);
        return false;
    }
    return wait_link(a, true, 0, 20000);
}

void scan_expect(struct live *st, const char *code, const char *key,
                 const char *want)
{
    json_t *d = live_scan(st, code);
    if (d)
        EXPECT_STR(live_str(d, key), want);
    json_decref(d);
}

void wait_count(const char *db, const char *sql, long long n)
{
    int64_t t0 = tu_mono_ms();
    while (sql_int(db, sql) < n && tu_mono_ms() - t0 < 20000)
        usleep(5000);
    EXPECT_INT(sql_int(db, sql), n);
}

const char *nth_secret(const char *db, int n)
{
    return sql_text(
        db, tu_format(
                "SELECT s.secret FROM ticket_secret s JOIN attendee a ON a.id ="
                " s.attendee_id WHERE a.status = 'paid' AND a.testmode = 0 AND"
                " s.revoked = 0 ORDER BY a.ticket_id LIMIT 1 OFFSET %d",
                n));
}

/* ---- time limits on the hub path, forged wake-ups (issue 28) ---- */

void count_syncs(const char *hub)
{
    if (pgserver_exec(
            hub, "CREATE TABLE public.sync_count (name text PRIMARY KEY, n"
                 " bigint NOT NULL); CREATE FUNCTION public.count_sync()"
                 " RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$"
                 " BEGIN INSERT INTO public.sync_count VALUES (NEW.name, 1) ON"
                 " CONFLICT (name) DO UPDATE SET n = public.sync_count.n + 1;"
                 " RETURN NULL; END $$; CREATE TRIGGER count_sync AFTER UPDATE"
                 " ON checkin.station FOR EACH ROW EXECUTE FUNCTION"
                 " public.count_sync()"))
        TU_FAIL_AT("could not count the syncs at %s", hub);
}

long long syncs_of(const char *hub, const char *name)
{
    return pgserver_int(
        hub, tu_format("SELECT coalesce((SELECT n FROM public.sync_count"
                       " WHERE name = '%s'), 0)",
                       name));
}

const char *issued_code(const char *options, const char *db)
{
    static char code[256];
    const char *said = run(0, "issue --key '%s' %s '%s' 48275",
                           tu_path("event.key"), options, db);
    const char *ck = strstr(said, "CK");
    snprintf(code, sizeof(code), "%.*s", ck ? (int)strcspn(ck, "\n") : 0,
             ck ? ck : "");
    return code;
}

/* The hub's last_seen of station `name`, in ms (0: never). */
static long long last_seen_ms(const char *hub, const char *name)
{
    return pgserver_int(
        hub, tu_format("SELECT coalesce((extract(epoch FROM last_seen) *"
                       " 1000)::bigint, 0) FROM checkin.station WHERE name"
                       " = '%s'",
                       name));
}

bool wait_fresh_sync(const char *hub, const char *name)
{
    long long seen = last_seen_ms(hub, name);
    for (int64_t until = tu_mono_ms() + 15000; tu_mono_ms() < until;
         usleep(20 * 1000))
        if (last_seen_ms(hub, name) != seen)
            return true;
    TU_FAIL_AT("%s did not sync with the hub in 15 s (last seen at %lld ms)",
               name, seen);
    return false;
}

bool phone_link(int *port, char *token, size_t cap)
{
    char *err = tu_read_file(tu_path("live.err"), NULL);
    const char *u =
        err ? strstr(err, "Phones scan at: http://127.0.0.1:") : NULL;
    const char *t = u ? strstr(u, "token=") : NULL;
    *port = u ? (int)strtol(u + strlen("Phones scan at: http://127.0.0.1:"),
                            NULL, 10)
              : 0;
    if (t)
        snprintf(token, cap, "%.*s", (int)strcspn(t + 6, " \n"), t + 6);
    free(err);
    return *port > 0 && t;
}

char *phone_read(int port, const char *token, const char *code, const char *id,
                 long long age_ms)
{
    struct timeval tv;
    gettimeofday(&tv, NULL);
    long long now = (long long)tv.tv_sec * 1000 + tv.tv_usec / 1000;
    char extra[512], *head = NULL, *resp = NULL;
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n"
             "Content-Type: application/json\r\n",
             port, token);
    EXPECT_INT(
        wd_http(
            port, "POST", "/api/scan", extra,
            tu_format("{\"text\":\"%s\",\"read_id\":\"%s\",\"read_at_ms\":%lld,"
                      "\"sent_at_ms\":%lld}",
                      code, id, now - age_ms, now),
            &head, &resp),
        200);
    free(head);
    return resp ? resp : strdup("");
}

/* ---- the event description changed on the organizer's laptop ---- */

const char *edited_event(const char *name, const char *slug, const char *key,
                         const char *value)
{
    const char *ini = tu_path(name);
    if (tu_sh("sed -e '/^.tutorial %s\\]/,/^$/ s/^%s = .*$/%s = %s/' "
              "'%s' > '%s'",
              slug, key, key, value, tu_demo_event_ini(), ini))
        TU_FAIL_AT("could not write %s", ini);
    return ini;
}

const char *open_spaces_event(const char *name)
{
    static const char *const drop[] = {"open-spaces", "admission",
                                       "acknowledge ", NULL};
    return tu_demo_ini(name, drop,
                       "\n[open-spaces]\nrooms = 201:2, 202:25\ndays = "
                       "2027-05-14\nhours = 10:00-12:00\nslot = 60\n");
}

/* ---- what the hub believes of a station (issue 28) ---- */

long long push_by_hand(const char *station_db, const char *run_id,
                       long long seq, const char *name, const char *ticket,
                       const char *at_ms, char *state)
{
    PGconn *c = connect_as_station(station_db);
    char uid[64], mode[80];
    snprintf(uid, sizeof(uid), "%s",
             sql_text(station_db, "SELECT station_uid FROM sync_hub"));
    snprintf(mode, sizeof(mode), "%s",
             sql_text(station_db, "SELECT role FROM sync_hub"));
    char *colon = strchr(mode, ':');
    const char *target = colon ? colon + 1 : "";
    if (colon)
        *colon = '\0';
    pq_int(
        c,
        tu_format("INSERT INTO checkin.run VALUES ('%s', '%s') ON CONFLICT DO"
                  " NOTHING",
                  run_id, uid),
        NULL);
    char tk[128];
    snprintf(tk, sizeof(tk), ticket ? "'%s'" : "NULL", ticket);
    long long n = pq_int(
        c,
        tu_format("INSERT INTO checkin.scan (station_id, seq, station_uid,"
                  " station, at_ms, mode, target, code, attendee_ticket_id,"
                  " decision, reason, direction, pushed_ms) VALUES ('%s', %lld,"
                  " '%s', '%s', %s, '%s', '%s', 'forged', %s, 'admit',"
                  " 'checked-in', 'in', 1)",
                  run_id, seq, uid, name, at_ms ? at_ms : NOW_MS, mode, target,
                  tk),
        state);
    PQfinish(c);
    return n;
}

/* ---- what each role holds ---- */

/* The bytes of a station's file and of its -wal, each NULL when missing,
 * read once for the many needles door_holds_its_room looks for: read
 * again for each, as they were, the door's file and its WAL took 27 of a
 * case's 30 s of CPU under ASan (hundreds of values, each a megabyte's
 * read, copy and realloc in the test's process). */
struct file_bytes {
    char *data[2];
    size_t len[2];
};

static void file_bytes_read(struct file_bytes *b, const char *db)
{
    for (int w = 0; w < 2; w++) {
        char path[1024];
        snprintf(path, sizeof(path), "%s%s", db, w ? "-wal" : "");
        b->len[w] = 0;
        b->data[w] = tu_read_file(path, &b->len[w]);
    }
}

/* Whether the bytes of `needle` are in the file or in its -wal (each
 * looked through alone, not the two end to end). */
static bool file_bytes_hold(const struct file_bytes *b, const char *needle)
{
    for (int w = 0; w < 2; w++)
        if (b->data[w] &&
            memmem(b->data[w], b->len[w], needle, strlen(needle)) != NULL)
            return true;
    return false;
}

static void file_bytes_free(struct file_bytes *b)
{
    free(b->data[0]);
    free(b->data[1]);
}

bool file_holds(const char *db, const char *needle)
{
    struct file_bytes b;
    file_bytes_read(&b, db);
    bool found = file_bytes_hold(&b, needle);
    file_bytes_free(&b);
    return found;
}

void door_holds_its_room(const char *ev, const char *door, const char *room)
{
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM attendee") ==
                sql_int(ev, "SELECT count(*) FROM attendee"));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM attendee WHERE email !="
                             " '' OR company != '' OR order_code != '' OR"
                             " sponsor_consent != 0"),
               0);
    EXPECT_INT(
        sql_int(
            door,
            tu_format(
                "SELECT count(*) FROM attendee a WHERE given_name || "
                "family_name"
                " || badge_name || search_key != '' AND NOT EXISTS (SELECT 1"
                " FROM attendee_tutorial x JOIN tutorial t ON t.id ="
                " x.tutorial_id WHERE x.attendee_id = a.id AND t.slug = '%s')",
                room)),
        0);
    EXPECT_TRUE(sql_int(door, "SELECT count(*) FROM ticket_secret") ==
                sql_int(ev, "SELECT count(*) FROM ticket_secret"));
    EXPECT_INT(sql_int(door, "SELECT count(*) FROM ticket_secret WHERE"
                             " secret NOT LIKE 'sha256:%'"),
               0);
    EXPECT_INT(
        sql_int(
            door,
            tu_format(
                "SELECT count(*) FROM scan WHERE NOT (mode = 'door' AND target"
                " = '%s')",
                room)),
        0);
    /* No secret, email or company of anyone, in any page of the file
     * (a sponsor's name is in the event description). */
    sqlite3 *h;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open_v2(ev, &h, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT secret FROM ticket_secret UNION ALL"
                               " SELECT email FROM attendee WHERE email != ''"
                               " UNION ALL SELECT company FROM attendee"
                               " WHERE company != '' AND company NOT IN"
                               " (SELECT name FROM sponsor)",
                               -1, &q, NULL) == SQLITE_OK);
    int held = 0, looked = 0;
    struct file_bytes bytes;
    file_bytes_read(&bytes, door);
    EXPECT_TRUE(bytes.data[0] != NULL);
    while (sqlite3_step(q) == SQLITE_ROW) {
        looked++;
        held +=
            file_bytes_hold(&bytes, (const char *)sqlite3_column_text(q, 0));
    }
    file_bytes_free(&bytes);
    sqlite3_finalize(q);
    sqlite3_close(h);
    EXPECT_TRUE(looked > 100);
    EXPECT_INT(held, 0);

    PGconn *c = connect_as_station(door);
    EXPECT_INT(pq_int(c, "SELECT count(*) FROM checkin.registration", NULL), 0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.scan WHERE station_uid"
                      " != (SELECT uid FROM checkin.station)",
                      NULL),
               0);
    EXPECT_INT(pq_int(c,
                      "SELECT count(*) FROM checkin.door_registration WHERE"
                      " email != '' OR company != '' OR order_code != '' OR"
                      " EXISTS (SELECT 1 FROM unnest(secrets ||"
                      " revoked_secrets) x WHERE x NOT LIKE 'sha256:%')",
                      NULL),
               0);
    EXPECT_INT(
        pq_int(
            c,
            tu_format(
                "SELECT count(*) FROM checkin.door_scan WHERE NOT (mode ="
                " 'door' AND target = '%s') OR convert_from(code, 'UTF8') NOT"
                " LIKE 'sha256:%%'",
                room),
            NULL),
        0);
    PQfinish(c);
}

/* ---- the journal's acts at the hub (format 8) ---- */

void add_supervisor(const char *ev, const char *name, const char *pin)
{
    const char *in = tu_path("pin.txt");
    char line[64];
    snprintf(line, sizeof(line), "%s\n", pin);
    tu_write_file(in, line, strlen(line));
    int st = tu_sh("'%s' event '%s' --supervisor %s < '%s' > '%s' 2>&1",
                   CHECKIN_BIN, ev, name, in, tu_path("supervisor.out"));
    unlink(in);
    if (st != 0)
        TU_FAIL_AT("checkin event %s --supervisor %s exited %d", ev, name, st);
}

void undo_in_file_by(const char *station_db, const char *name,
                     const char *ticket, const char *sup)
{
    char sql[256];
    snprintf(sql, sizeof(sql),
             "SELECT station_id || ' ' || seq FROM scan WHERE"
             " attendee_ticket_id = '%s' AND decision = 'admit' AND act ="
             " 'scan' ORDER BY at_ms DESC LIMIT 1",
             ticket);
    struct journal_ref ref = {0};
    long long seq = 0;
    if (sscanf(sql_text(station_db, sql), "%23s %lld", ref.station_id, &seq) !=
        2) {
        TU_FAIL_AT("no admission of %s in %s", ticket, station_db);
        return;
    }
    ref.seq = seq;
    struct ck_error err = {0};
    store *s = NULL;
    journal *j = NULL;
    REQUIRE(store_open(station_db, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(journal_open(s, name, &j, &err) == CK_OK);
    if (journal_undo(j, &ref, store_now_ms(), sup, "wrong person", NULL, &err))
        TU_FAIL_AT("journal_undo: %s", err.msg);
    journal_free(j);
    store_close(s);
}

const char *undo_desks(const char *name, const char *sup, const char *pin,
                       const char **hub, const char **d1, const char **d2,
                       char *codes, size_t size)
{
    char file[64];
    const char *ev = published_event(name, hub);
    add_supervisor(ev, sup, pin);
    snprintf(file, sizeof(file), "%s-d1.db", name);
    *d1 = add_station(ev, "desk-1", "desk", file);
    snprintf(file, sizeof(file), "%s-d2.db", name);
    *d2 = add_station(ev, "desk-2", "desk", file);
    snprintf(codes, size, "%s\n", secret_of(ev, "48275"));
    SCAN_SAYS(*d1, "--station desk --name desk-1", codes, "checked-in");
    run(0, "sync '%s'", *d1);
    run(0, "sync '%s'", *d2);
    return ev;
}

void undo_through_hub(const char *hub, const char *d1, const char *d2,
                      const char *sup)
{
    char sql[160];
    snprintf(sql, sizeof(sql),
             "SELECT count(*) FROM checkin.scan WHERE act = 'undo' AND"
             " supervisor = '%s'",
             sup);
    run(0, "sync '%s'", d1);
    EXPECT_INT(pgserver_int(hub, sql), 1);
    EXPECT_INT(pgserver_int(hub, "SELECT count(*) FROM checkin.live_scan"
                                 " WHERE attendee_ticket_id = '48275'"),
               0);
    run(0, "sync '%s'", d2);
}

/* ---- supervisors at the hub (format 9) ---- */

int undo_at_desk(const char *station_db, const char *name, const char *ticket,
                 const char *pin, struct station_result *out,
                 struct ck_error *err)
{
    store *s = NULL;
    station *st = NULL;
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = name, .open_before_ms = -1};
    int code = store_open(station_db, STORE_EXISTING, &s, err);
    if (!code)
        code = station_open(s, &cfg, &st, err);
    struct attendee_list l = {0};
    if (!code)
        code = store_attendee_find_one(s, ticket, &l, err);
    char buf[SUPERVISOR_PIN_CAP];
    snprintf(buf, sizeof(buf), "%s", pin);
    if (!code) {
        code = station_undo(st, l.items[0].id, "wrong person", buf,
                            store_now_ms(), out, err);
        keep_result(out);
    }
    attendee_list_free(&l);
    station_free(st);
    store_close(s);
    return code;
}

/* ---- check-in lists at the hub (issue 29.2, hub format 10) ---- */

const char LISTS_INI[] = "[event]\n"
                         "slug = pycon-lists-2024\n"
                         "name = PyCon Lists 2024\n"
                         "start = 2024-05-15\n"
                         "end = 2024-05-19\n"
                         "timezone = America/New_York\n"
                         "\n"
                         "[ticket-type full]\n"
                         "label = Full conference\n"
                         "colour = #1565C0\n"
                         "pretix-items = 101\n"
                         "\n"
                         "[ticket-type friday]\n"
                         "label = Friday only\n"
                         "colour = #EF6C00\n"
                         "pretix-items = 107\n"
                         "days = 2024-05-17\n"
                         "\n"
                         "[list tshirt]\n"
                         "title = T-shirt\n"
                         "pretix-item = 302\n"
                         "once = per-person\n"
                         "\n"
                         "[list lunch]\n"
                         "title = Lunch\n"
                         "ticket-types = full, friday\n"
                         "once = per-day\n"
                         "show = question:dietary\n"
                         "\n"
                         "[list auction]\n"
                         "title = PyLadies auction\n"
                         "pretix-item = 401\n"
                         "once = per-person\n"
                         "show = question:dietary\n"
                         "\n"
                         "[admission]\n"
                         "show = question:tshirt-fit\n";

static const char SUMMIT_SQL[] =
    "INSERT INTO checkin_list (slug, title, once) VALUES ('summit',"
    " 'Maintainers summit', 'every-scan');"
    "INSERT INTO list_who (list_id, what, value) SELECT id, 'invited', ''"
    " FROM checkin_list WHERE slug = 'summit';"
    "INSERT INTO list_invitee (list_id, ticket_id) SELECT l.id, a.ticket_id"
    " FROM checkin_list l, attendee a WHERE l.slug = 'summit' AND"
    " a.ticket_id = '5031';";

const char *lists_event(const char *name, const char **hub)
{
    return lists_event_with(name, true, hub);
}

const char *lists_event_with(const char *name, bool summit, const char **hub)
{
    char ini[64], key[64], file[64];
    snprintf(ini, sizeof(ini), "%s.ini", name);
    snprintf(key, sizeof(key), "%s.key", name);
    snprintf(file, sizeof(file), "%s.db", name);
    const char *ini_path = tu_path(ini);
    if (tu_write_file(ini_path, LISTS_INI, strlen(LISTS_INI)))
        TU_FAIL_AT("could not write %s", ini_path);
    const char *ev = tu_path(file);
    run(0, "init '%s' '%s' --key '%s'", ev, ini_path, tu_path(key));
    run(0, "import '%s' '%s'", ev, LISTS_EXPORT);
    if (summit)
        sql_write(ev, SUMMIT_SQL);
    *hub = hubfix_publish(ev, name);
    return ev;
}

json_t *scan_one(const char *db, const char *args, const char *code)
{
    char *out = scan(db, args, tu_format("%s\n", code));
    json_t *o = json_loads(out, JSON_DISABLE_EOF_CHECK, NULL);
    if (!o)
        TU_FAIL_AT("checkin scan %s printed no decision: %s", args, out);
    free(out);
    return o;
}

const char *jstr(json_t *o, const char *k)
{
    const char *v = json_string_value(json_object_get(o, k));
    return v ? v : "";
}

/* ---- walk-ins and edits made at desks (hub format 11, issue 30) ---- */

const char *walkin_ticket(const char *said)
{
    static char t[64];
    t[0] = '\0';
    const char *p = strstr(said, "ticket ck:");
    if (p)
        sscanf(p + 7, "%63[a-z0-9:]", t);
    if (!t[0])
        TU_FAIL_AT("no walk-in's ticket in: %s", said);
    return t;
}
