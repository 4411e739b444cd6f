/* A desk's check-ins carried to the other running desks in the hub's
 * notification (hub format 40, hubschema/hub_schema_fan.c, sync/fan.c):
 * they arrive with no pull, a forged payload is never applied, a
 * replayed one brings back no check-in an undo removed, and a booth
 * listening learns no ticket or attendee; desks started with --herald
 * take their wakes from `checkin hub herald` and lose no check-in when
 * it goes, a herald's forged or replayed lines change nothing, and a
 * herald the organizer retired stops by itself, told while logged in or
 * refused at its next login, while one whose hub is merely out of reach
 * tries again.  Run
 * as the real command against a real PostgreSQL 15 server this test
 * starts and stops itself (pgserver.c), on real station files.  Exits 77
 * (skipped) when the PostgreSQL server is not installed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sodium.h>
#include <sys/socket.h>
#include <sys/stat.h>

#include "checkin/pg.h"
#include "sync_util.h"

/* The safety net far away: any pull in a case is one a notification
 * asked for. */
#define NO_NET "CHECKIN_TEST_SYNC_SAFETY_MS=600000 "

/* A desk's keys as the hub gives them to its role (checkin.fan_enrol). */
struct keys {
    int slot;
    uint8_t key[32], desks[32];
};

static bool keys_of(const char *db, struct keys *k)
{
    PGconn *c = connect_as_station(db);
    PGresult *r = PQexec(c, "SELECT * FROM checkin.fan_enrol()");
    bool ok = PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1;
    size_t n = 0;
    if (ok) {
        k->slot = (int)strtol(PQgetvalue(r, 0, 0), NULL, 10);
        ok = !sodium_hex2bin(k->key, 32, PQgetvalue(r, 0, 1), 64, NULL, &n,
                             NULL) &&
             n == 32 &&
             !sodium_hex2bin(k->desks, 32, PQgetvalue(r, 0, 2), 64, NULL, &n,
                             NULL) &&
             n == 32;
    }
    PQclear(r);
    PQfinish(c);
    return ok;
}

/* A payload as the hub makes one (hub_schema_fan.c), written here again:
 * `json` encrypted under `desks`, MACed under `mac_key` for `slot`. */
static char *seal(const uint8_t desks[32], const uint8_t mac_key[32], int slot,
                  const char *json)
{
    size_t n = strlen(json), padded = (n + 31) / 32 * 32;
    uint8_t *body = calloc(1, 16 + padded);
    randombytes_buf(body, 16);
    memset(body + 16, ' ', padded);
    memcpy(body + 16, json, n);
    uint8_t in[20], ks[32];
    memcpy(in, body, 16);
    for (size_t b = 0; b * 32 < padded; b++) {
        in[16] = (uint8_t)(b >> 24);
        in[17] = (uint8_t)(b >> 16);
        in[18] = (uint8_t)(b >> 8);
        in[19] = (uint8_t)b;
        crypto_auth_hmacsha256(ks, in, sizeof(in), desks);
        for (size_t k = 0; k < 32; k++)
            body[16 + b * 32 + k] ^= ks[k];
    }
    uint8_t mac[32];
    crypto_auth_hmacsha256(mac, body, 16 + padded, mac_key);
    size_t cap =
        sodium_base64_ENCODED_LEN(16 + padded, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = malloc(cap), m64[40];
    sodium_bin2base64(b64, cap, body, 16 + padded,
                      sodium_base64_VARIANT_ORIGINAL);
    sodium_bin2base64(m64, sizeof(m64), mac, 16,
                      sodium_base64_VARIANT_ORIGINAL);
    char *p = strdup(tu_format("fan1 %s %d:%s", b64, slot, m64));
    free(body);
    free(b64);
    return p;
}

/* NOTIFY checkin_scan, the desks' channel for the journal (hub format
 * 40), with `payload` over `c` (any role may). */
static void notify(PGconn *c, const char *payload)
{
    const char *v[] = {payload};
    PGresult *r = PQexecParams(c, "SELECT pg_notify('checkin_scan', $1)", 1,
                               NULL, v, NULL, NULL, 0);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        TU_FAIL_AT("NOTIFY: %s", PQerrorMessage(c));
    PQclear(r);
}

/* The notifications `c` (listening) holds, each payload after a newline,
 * waiting up to `ms` for the first. */
static const char *heard(PGconn *c, int ms)
{
    static char all[1 << 16];
    all[0] = '\0';
    for (int64_t until = tu_mono_ms() + ms; tu_mono_ms() < until;
         usleep(5000)) {
        PQconsumeInput(c);
        PGnotify *nt;
        while ((nt = PQnotifies(c))) {
            size_t used = strlen(all);
            snprintf(all + used, sizeof(all) - used, "%s\n", nt->extra);
            PQfreemem(nt);
        }
        if (all[0])
            break;
    }
    return all;
}

/* A check-in row of desk-9's run `run`, number `seq`, for ticket
 * `ticket` (its code `code`), as the journal's pull gives it, in JSON. */
static const char *row_json(const char *run, int seq, const char *ticket,
                            const char *code)
{
    char hex[256];
    sodium_bin2hex(hex, sizeof(hex), (const uint8_t *)code, strlen(code));
    return tu_format("[[\"%s\", \"desk-9\", \"%d\", \"1780000000000\","
                     " \"desk\", \"\", \"%s\", \"%s\", null, \"admit\","
                     " \"checked-in\", \"in\", null, \"scan\", null, null,"
                     " null, null, null, null, null]]",
                     run, seq, hex, ticket);
}

/* `text` copied where it lives until the sixteenth call after (sql_text's
 * lives until its next call). */
static const char *kept(const char *text)
{
    static char ring[16][4096];
    static int next;
    char *k = ring[next++ % 16];
    snprintf(k, sizeof(ring[0]), "%s", text);
    return k;
}

static const char *ticket_of(const char *ev, int n)
{
    return kept(sql_text(ev, tu_format("SELECT ticket_id FROM attendee ORDER"
                                       " BY id LIMIT 1 OFFSET %d",
                                       n)));
}

static const char *secret_n(const char *ev, int n)
{
    return kept(nth_secret(ev, n));
}

/* The desk's file's scan cursor: moved by every pull that took rows. */
static const char *cursor_of(const char *db)
{
    return kept(sql_text(db, "SELECT coalesce(max(pulled_ms), 0) FROM"
                             " sync_cursor WHERE tbl = 'scan'"));
}

/* The same for its registrations. */
static const char *reg_cursor_of(const char *db)
{
    return kept(sql_text(db, "SELECT coalesce(max(pulled_ms), 0) FROM"
                             " sync_cursor WHERE tbl = 'registration'"));
}

/* What the file holds of the journal and how many are checked in. */
static const char *journal_of(const char *db)
{
    return kept(sql_text(db,
                         "SELECT (SELECT group_concat(r, '|') FROM (SELECT"
                         " station_id || ',' || seq || ',' || coalesce("
                         "attendee_ticket_id, '') || ',' || act AS r FROM scan"
                         " WHERE station = 'desk-1' ORDER BY station_id, seq))"
                         " || ' / ' || (SELECT count(DISTINCT"
                         " attendee_ticket_id) FROM live_scan WHERE mode ="
                         " 'desk' AND decision = 'admit')"));
}

/* Three running desks and a booth: check-ins at desk-1 reach desks 2 and
 * 3 with no pull (their scan cursor stays where it was), their counters
 * count them, and their files hold what a full pull gives a desk that
 * was not running.  The booth, listening, hears only sealed payloads:
 * none names a ticket, a station or a code. */
static void a_check_in_reaches_the_other_desks_without_a_pull(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *d3, *d4, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "fan", &ev, &hub, "desk-1", "desk",
                               "fan-1.db", &d1, "desk-2", "desk", "fan-2.db",
                               &d2, "desk-3", "desk", "fan-3.db", &d3, "desk-4",
                               "desk", "fan-4.db", &d4, "booth-1",
                               "leads:datawise", "fan-b.db", &booth, NULL));
    struct live a, b, c;
    REQUIRE(live_start(&a, NO_NET, d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, NO_NET, d2, "--station desk --name desk-2") == 0);
    REQUIRE(live_start(&c, NO_NET, d3, "--station desk --name desk-3") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    REQUIRE(wait_link(&c, true, 0, 20000));
    PGconn *ear = connect_as_station(booth);
    PQclear(PQexec(ear, "LISTEN checkin_scan"));
    /* `checkin`, which older stations and the organizer hear, names the
     * writer (hub format 41): the sealed rows go on the desks' channel
     * alone. */
    PGconn *old = connect_as_station(booth);
    PQclear(PQexec(old, "LISTEN checkin"));
    /* The booth may not have the desks' keys. */
    EXPECT_INT(pq_int(ear, "SELECT count(*) FROM checkin.fan_enrol()", NULL),
               0);
    char state[6];
    EXPECT_INT(pq_int(ear, "SELECT count(*) FROM checkin.fan_key", state), -1);
    EXPECT_STR(state, "42501");
    EXPECT_INT(pq_int(ear, "SELECT count(*) FROM checkin.fan_secret", state),
               -1);
    EXPECT_STR(state, "42501");
    const char *c2 = cursor_of(d2), *c3 = cursor_of(d3);
    enum { N = 4 };
    char said[N][1 << 12];
    for (int i = 0; i < N; i++) {
        scan_expect(&a, nth_secret(ev, i), "reason", "checked-in");
        const char *sql = "SELECT count(*) FROM scan WHERE station = 'desk-1'";
        wait_count(d2, sql, i + 1);
        wait_count(d3, sql, i + 1);
        snprintf(said[i], sizeof(said[i]), "%s", heard(ear, 5000));
    }
    const char *hints = heard(old, 5000);
    EXPECT_NOT_CONTAINS(hints, "fan1");
    PGconn *as1 = connect_as_station(d1);
    PGresult *who = PQexec(as1, "SELECT current_user");
    REQUIRE(PQresultStatus(who) == PGRES_TUPLES_OK);
    EXPECT_CONTAINS(hints, PQgetvalue(who, 0, 0));
    PQclear(who);
    PQfinish(as1);
    PQfinish(old);
    /* No pull brought them. */
    EXPECT_STR(cursor_of(d2), c2);
    EXPECT_STR(cursor_of(d3), c3);
    for (int i = 0; i < N; i++) {
        EXPECT_TRUE(!strncmp(said[i], "fan1 ", 5));
        EXPECT_NOT_CONTAINS(said[i], "desk-1");
        for (int k = 0; k < N; k++) {
            EXPECT_NOT_CONTAINS(said[i], ticket_of(ev, k));
            EXPECT_NOT_CONTAINS(said[i], secret_n(ev, k));
        }
    }
    /* Their counters count them, and desk-2 refuses the last again. */
    json_t *d = live_scan(&b, nth_secret(ev, N - 1));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "already-checked-in");
    EXPECT_INT(json_integer_value(json_object_get(
                   json_object_get(d, "counters"), "checked_in")),
               N);
    json_decref(d);
    /* What a full pull gives a desk that was not running. */
    run(0, "sync '%s'", d4);
    EXPECT_STR(journal_of(d3), journal_of(d4));
    PQfinish(ear);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(live_stop(&c), 0);
    EXPECT_STR(journal_of(d2), journal_of(d4));
}

/* Sealed payloads sent by hand to a running desk-2: one sealed with its
 * own keys is applied (the control: only the MAC stands in the way); one
 * with a bad MAC, one MACed by desk-1 under its own key for desk-2's
 * slot, a booth's made up, are not; and a genuine payload the booth
 * heard, replayed after the organizer undid its check-in, brings the
 * check-in back at no desk.  The desk takes notifications in the order
 * sent: a control sent after the others, once applied, says they were
 * read. */
static void a_forged_or_replayed_payload_is_never_applied(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "forge", &ev, &hub, "desk-1", "desk",
                               "forge-1.db", &d1, "desk-2", "desk",
                               "forge-2.db", &d2, "booth-1", "leads:datawise",
                               "forge-b.db", &booth, NULL));
    struct live a, b;
    REQUIRE(live_start(&a, NO_NET, d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, NO_NET, d2, "--station desk --name desk-2") == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_link(&b, true, 0, 20000));
    PGconn *ear = connect_as_station(booth);
    PQclear(PQexec(ear, "LISTEN checkin_scan"));
    /* A genuine check-in at desk-1, heard by the booth. */
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    wait_count(d2, "SELECT count(*) FROM scan WHERE station = 'desk-1'", 1);
    char genuine[1 << 13];
    snprintf(genuine, sizeof(genuine), "%s", heard(ear, 5000));
    REQUIRE(!strncmp(genuine, "fan1 ", 5));
    *strchr(genuine, '\n') = '\0';

    struct keys k1, k2;
    REQUIRE(keys_of(d1, &k1));
    REQUIRE(keys_of(d2, &k2));
    EXPECT_TRUE(k1.slot != k2.slot);
    const char *held = "SELECT count(*) FROM scan WHERE station = 'desk-9'";
    const char *c1 = ticket_of(ev, 1), *s1 = secret_n(ev, 1);
    /* The control: sealed with desk-2's own keys, it is taken. */
    char *p =
        seal(k2.desks, k2.key, k2.slot, row_json("control-run", 1, c1, s1));
    notify(ear, p);
    free(p);
    wait_count(d2, held, 1);

    /* A bad MAC; desk-1's MAC for desk-2's slot; a booth's own. */
    uint8_t junk[32];
    randombytes_buf(junk, sizeof(junk));
    const char *forged =
        row_json("forged-run", 1, ticket_of(ev, 2), secret_n(ev, 2));
    char *bad = seal(k2.desks, k2.key, k2.slot, forged);
    char *m = strrchr(bad, ':') + 1;
    m[0] = m[0] == 'A' ? 'B' : 'A';
    char *other = seal(k1.desks, k1.key, k2.slot, forged);
    char *made_up = seal(junk, junk, k2.slot, forged);
    notify(ear, bad);
    notify(ear, other);
    notify(ear, made_up);
    p = seal(k2.desks, k2.key, k2.slot, row_json("control-run", 2, c1, s1));
    notify(ear, p);
    free(p);
    wait_count(d2, held, 2);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station_id ="
                           " 'forged-run'"),
               0);
    free(bad);
    free(other);
    free(made_up);

    /* The organizer undoes the first check-in; desk-2 pulls the undo. */
    const char *t0 = ticket_of(ev, 0);
    const char *live_t0 = tu_format("SELECT count(*) FROM live_scan WHERE"
                                    " attendee_ticket_id = '%s' AND mode ="
                                    " 'desk' AND decision = 'admit'",
                                    t0);
    run(0, "sync '%s'", ev);
    run(0, "undo '%s' %s --why 'wrong person'", ev, t0);
    run(0, "sync '%s'", ev);
    for (int64_t until = tu_mono_ms() + 20000;
         tu_mono_ms() < until && sql_int(d2, live_t0) != 0; usleep(20000))
        ;
    EXPECT_INT(sql_int(d2, live_t0), 0);
    /* The booth replays the genuine payload: taken as already held. */
    long long rows = sql_int(d2, "SELECT count(*) FROM scan");
    notify(ear, genuine);
    p = seal(k2.desks, k2.key, k2.slot, row_json("control-run", 3, c1, s1));
    notify(ear, p);
    free(p);
    wait_count(d2, held, 3);
    EXPECT_INT(sql_int(d2, live_t0), 0);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan"), rows + 1);
    /* desk-2 checks her in again: not "already checked in". */
    json_t *d = live_scan(&b, nth_secret(ev, 0));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "checked-in");
    json_decref(d);
    PQfinish(ear);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* ---- the herald (hub/herald.c, sync/herald.c) ---- */

static bool is_herald(json_t *o, const void *arg)
{
    const char *want = arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           !strcmp(live_str(o, "herald"), want);
}

/* Wait until the desk says its herald is `want` ("in-use",
 * "unreachable"). */
static bool wait_herald(struct live *st, const char *want, int ms)
{
    json_t *o = live_next(st, ms, is_herald, want);
    if (!o) {
        TU_FAIL_AT("the desk did not say its herald is %s within %d s", want,
                   ms / 1000);
        return false;
    }
    printf("# herald %s: %s\n", want, live_str(o, "text"));
    json_decref(o);
    return true;
}

/* `checkin hub add-herald EV NAME --out FILE`, FILE in a folder of its
 * own with nothing else: the herald's file. */
static const char *herald_enrol(const char *ev, const char *name)
{
    const char *dir = kept(tu_path(tu_format("herald-%s", name)));
    EXPECT_INT(mkdir(dir, 0700), 0);
    const char *file = kept(tu_format("%s/herald.conf", dir));
    EXPECT_CONTAINS(run(0, "hub add-herald '%s' %s --out '%s'", ev, name, file),
                    "Enrolled the herald");
    return file;
}

/* `checkin hub herald FILE --listen 127.0.0.1:0` started, what it says
 * (both streams) written to `said`, its address (where it said it
 * listens) into `addr`. */
static bool herald_run_to(struct tu_proc *p, const char *file, const char *said,
                          char *addr)
{
    unlink(said);
    if (!tu_spawn(p,
                  tu_format("exec %s hub herald '%s' --listen 127.0.0.1:0"
                            " >'%s' 2>&1",
                            CHECKIN_BIN, file, said),
                  0))
        return false;
    char *text = tu_wait_file(said, "Herald at ", 20000);
    const char *at = text ? strstr(text, "Herald at ") : NULL;
    bool ok = at && sscanf(at, "Herald at %63[0-9.:]", addr) == 1;
    size_t n = ok ? strlen(addr) : 0;
    if (n && addr[n - 1] == ':') /* the sentence's colon */
        addr[n - 1] = '\0';
    if (!ok)
        TU_FAIL_AT("the herald did not say where it listens: %s",
                   text ? text : "(nothing)");
    free(text);
    return ok;
}

/* The same, saying it in the test's herald.out. */
static bool herald_run(struct tu_proc *p, const char *file, char *addr)
{
    return herald_run_to(p, file, tu_path("herald.out"), addr);
}

/* A herald of event `ev` enrolled (herald_enrol) and started from its
 * file (herald_run). */
static bool herald_start(struct tu_proc *p, const char *ev, char *addr,
                         size_t cap)
{
    static int n;
    (void)cap;
    return herald_run(p, herald_enrol(ev, tu_format("h%d", ++n)), addr);
}

/* A desk takes its wakes from the herald: desk-1's check-ins reach
 * desk-2 sealed, with no pull.  A herald that falls silent (stopped) or
 * is cut (killed) loses none: desk-2 says so, LISTENs on the hub itself
 * and pulls, and goes back to a herald that answers again. */
static void a_desk_takes_the_hub_s_word_from_the_herald_and_loses_none(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    REQUIRE(hubfix_enrolled_as(&f, "herald", &ev, &hub, "desk-1", "desk",
                               "herald-1.db", &d1, "desk-2", "desk",
                               "herald-2.db", &d2, NULL));
    struct tu_proc hp;
    char addr[64];
    REQUIRE(herald_start(&hp, ev, addr, sizeof(addr)));
    struct live a, b;
    REQUIRE(live_start(&a, NO_NET, d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, NO_NET, d2,
                       tu_format("--station desk --name desk-2 --herald %s",
                                 addr)) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_herald(&b, "in-use", 20000));
    const char *sql = "SELECT count(*) FROM scan WHERE station = 'desk-1'";
    /* After the pull that followed the switch: the cursor then stays. */
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    wait_count(d2, sql, 1);
    const char *c2 = cursor_of(d2);
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    wait_count(d2, sql, 2);
    EXPECT_STR(cursor_of(d2), c2);

    /* Silent: desk-2 lets it go and listens to the hub itself. */
    REQUIRE(kill(hp.pid, SIGSTOP) == 0);
    scan_expect(&a, nth_secret(ev, 2), "reason", "checked-in");
    REQUIRE(wait_herald(&b, "unreachable", 20000));
    wait_count(d2, sql, 3);
    scan_expect(&a, nth_secret(ev, 3), "reason", "checked-in");
    wait_count(d2, sql, 4);
    /* Back: desk-2 takes it again. */
    REQUIRE(kill(hp.pid, SIGCONT) == 0);
    REQUIRE(wait_herald(&b, "in-use", 30000));
    scan_expect(&a, nth_secret(ev, 4), "reason", "checked-in");
    wait_count(d2, sql, 5);
    /* Cut. */
    EXPECT_TRUE(tu_stop(&hp, SIGKILL, 10000, "the herald") != 0);
    scan_expect(&a, nth_secret(ev, 5), "reason", "checked-in");
    REQUIRE(wait_herald(&b, "unreachable", 20000));
    wait_count(d2, sql, 6);
    json_t *d = live_scan(&b, nth_secret(ev, 5));
    REQUIRE(d != NULL);
    EXPECT_STR(live_str(d, "reason"), "already-checked-in");
    EXPECT_INT(json_integer_value(json_object_get(
                   json_object_get(d, "counters"), "checked_in")),
               6);
    json_decref(d);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* Accept one connection on `fd` within 20 s; -1 when none came. */
static int accept_one(int fd)
{
    struct pollfd p = {fd, POLLIN, 0};
    if (poll(&p, 1, 20000) != 1)
        return -1;
    return accept(fd, NULL, NULL);
}

static void say(int fd, const char *line)
{
    size_t n = strlen(line);
    EXPECT_INT(write(fd, line, n), (long long)n);
}

/* The test is desk-2's herald, and a bad one: a genuine payload it
 * forwards is applied (the control), the same replayed and a forged one
 * are not taken again or at all, a line naming desk-2's own session is
 * not taken; desk-2 sends the herald nothing; a line outside the
 * protocol makes desk-2 drop it and listen to the hub itself, losing no
 * check-in. */
static void a_forged_or_replayed_herald_line_changes_nothing(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *booth;
    REQUIRE(hubfix_enrolled_as(&f, "fake", &ev, &hub, "desk-1", "desk",
                               "fake-1.db", &d1, "desk-2", "desk", "fake-2.db",
                               &d2, "booth-1", "leads:datawise", "fake-b.db",
                               &booth, NULL));
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    REQUIRE(lfd >= 0 && !bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) &&
            !listen(lfd, 8) && !getsockname(lfd, (struct sockaddr *)&sa, &sl));
    struct live a, b;
    REQUIRE(live_start(&a, NO_NET, d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, NO_NET, d2,
                       tu_format("--station desk --name desk-2 --herald "
                                 "127.0.0.1:%d",
                                 ntohs(sa.sin_port))) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    int c = accept_one(lfd);
    REQUIRE(c >= 0);
    say(c, "herald1\n");
    REQUIRE(wait_herald(&b, "in-use", 20000));
    PGconn *ear = connect_as_station(booth);
    PQclear(PQexec(ear, "LISTEN checkin_scan"));
    const char *sql = "SELECT count(*) FROM scan WHERE station = 'desk-1'";
    /* A genuine check-in, forwarded by the test: applied. */
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    char genuine[1 << 13];
    snprintf(genuine, sizeof(genuine), "%s", heard(ear, 5000));
    REQUIRE(!strncmp(genuine, "fan1 ", 5));
    *strchr(genuine, '\n') = '\0';
    say(c, tu_format("n 1 checkin_scan %s\n", genuine));
    wait_count(d2, sql, 1);
    long long rows = sql_int(d2, "SELECT count(*) FROM scan");

    struct keys k2;
    REQUIRE(keys_of(d2, &k2));
    const char *held = "SELECT count(*) FROM scan WHERE station = 'desk-9'";
    const char *t1 = ticket_of(ev, 1), *s1 = secret_n(ev, 1);
    /* Replayed; forged (a bad MAC); on a channel desk-2 does not hear;
     * then the control, which says they were read. */
    char *bad =
        seal(k2.desks, k2.key, k2.slot,
             row_json("forged-run", 1, ticket_of(ev, 2), secret_n(ev, 2)));
    char *m = strrchr(bad, ':') + 1;
    m[0] = m[0] == 'A' ? 'B' : 'A';
    char *elsewhere =
        seal(k2.desks, k2.key, k2.slot, row_json("elsewhere", 1, t1, s1));
    char *control =
        seal(k2.desks, k2.key, k2.slot, row_json("control-run", 1, t1, s1));
    say(c, tu_format("n 1 checkin_scan %s\n", genuine));
    say(c, tu_format("n 2 checkin_scan %s\n", bad));
    say(c, tu_format("n 3 checkin_lead %s\n", elsewhere));
    say(c, tu_format("n 4 checkin_scan %s\n", control));
    wait_count(d2, held, 1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan"), rows + 1);
    EXPECT_INT(sql_int(d2, "SELECT count(*) FROM scan WHERE station_id IN"
                           " ('forged-run', 'elsewhere')"),
               0);
    free(bad);
    free(elsewhere);
    free(control);
    /* desk-2 said nothing to its herald. */
    char buf[16];
    EXPECT_INT(recv(c, buf, sizeof(buf), MSG_DONTWAIT), -1);

    /* Not the protocol: dropped, and the hub's word comes by LISTEN. */
    say(c, "SELECT 1\n");
    REQUIRE(wait_herald(&b, "unreachable", 20000));
    scan_expect(&a, nth_secret(ev, 3), "reason", "checked-in");
    wait_count(d2, sql, 2);
    EXPECT_INT(recv(c, buf, sizeof(buf), 0), 0);
    close(c);
    close(lfd);
    PQfinish(ear);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
}

/* A connection to the herald at `addr` as a station's (the test's ear
 * for its beats); -1, a failure recorded, when it cannot be made. */
static int herald_ear(const char *addr)
{
    struct sockaddr_in sa = {.sin_family = AF_INET};
    const char *colon = strrchr(addr, ':');
    char host[32];
    snprintf(host, sizeof(host), "%.*s", colon ? (int)(colon - addr) : 0, addr);
    sa.sin_port = htons((uint16_t)(colon ? strtol(colon + 1, NULL, 10) : 0));
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0 || inet_pton(AF_INET, host, &sa.sin_addr) != 1 ||
        connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
        TU_FAIL_AT("cannot connect to the herald at %s", addr);
        if (fd >= 0)
            close(fd);
        return -1;
    }
    return fd;
}

/* What the cases of a desk on its herald open with (herald_desk_start):
 * the demo event at a hub of its own with desk-1 (and desk-2) enrolled,
 * desk-1 reaching the hub through the relay (hubfix_through_relay), a
 * herald, the test's own ear for its beats, and the desks live on the
 * herald, each having said it is in use. */
struct herald_desk {
    struct hubfix f;
    const char *hub, *ev, *d1, *d2;
    struct tu_proc hp;
    char addr[64];
    int ear;
    struct live a, b; /* desk-1, desk-2 */
};

/* The desks live on the herald (desk-2 when `two`), each in use; false,
 * a failure recorded and those started stopped, when one is not. */
static bool herald_desks_live(struct herald_desk *h, bool two)
{
    const char *opt = tu_format("--herald %s", h->addr);
    if (live_start(&h->a, NO_NET, h->d1,
                   tu_format("--station desk --name desk-1 %s", opt))) {
        TU_FAIL_AT("desk-1 on %s did not start", h->d1);
        return false;
    }
    if (two && live_start(&h->b, NO_NET, h->d2,
                          tu_format("--station desk --name desk-2 %s", opt))) {
        TU_FAIL_AT("desk-2 on %s did not start", h->d2);
        live_stop(&h->a);
        return false;
    }
    if (wait_herald(&h->a, "in-use", 20000) &&
        (!two || wait_herald(&h->b, "in-use", 20000)))
        return true;
    live_stop(&h->a);
    if (two)
        live_stop(&h->b);
    return false;
}

/* The start of a case named `name` (its hub; its files NAME-1.db and,
 * when `two`, NAME-2.db); false, a failure recorded and what it started
 * stopped, when a step failed. */
static bool herald_desk_start(struct herald_desk *h, const char *name, bool two)
{
    char f1[64], f2[64];
    snprintf(f1, sizeof(f1), "%s-1.db", name);
    snprintf(f2, sizeof(f2), "%s-2.db", name);
    h->d2 = NULL;
    bool ok =
        two ? hubfix_enrolled_as(&h->f, name, &h->ev, &h->hub, "desk-1", "desk",
                                 f1, &h->d1, "desk-2", "desk", f2, &h->d2, NULL)
            : hubfix_enrolled_as(&h->f, name, &h->ev, &h->hub, "desk-1", "desk",
                                 f1, &h->d1, NULL);
    if (!ok || !hubfix_through_relay(h->d1) ||
        !herald_start(&h->hp, h->ev, h->addr, sizeof(h->addr)))
        return false;
    h->ear = herald_ear(h->addr);
    if (h->ear >= 0 && herald_desks_live(h, two))
        return true;
    if (h->ear >= 0)
        close(h->ear);
    tu_stop(&h->hp, SIGKILL, 10000, "the herald");
    return false;
}

static bool is_offline(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           json_is_false(json_object_get(o, "online"));
}

static bool is_back_or_unheard(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "sync") &&
           (json_is_true(json_object_get(o, "online")) ||
            !strcmp(live_str(o, "herald"), "unreachable"));
}

/* Read the herald's lines on `fd` until its next beat ("."); false when
 * none came within 10 s. */
static bool next_beat(int fd)
{
    for (;;) {
        struct pollfd p = {fd, POLLIN, 0};
        char c;
        if (poll(&p, 1, 10000) != 1 || read(fd, &c, 1) != 1) {
            TU_FAIL_AT("the herald did not beat within 10 s");
            return false;
        }
        /* A line is ".\n" alone only when it is a beat: the others begin
         * "n " or "herald1". */
        static char last = '\n';
        bool beat = c == '.' && last == '\n';
        last = c;
        if (beat)
            return true;
    }
}

/* A desk whose herald beats asks its hub connection whether it is there
 * each 10 s (HERALD_PROBE_MS), not each second: over three of the
 * herald's beats in a row it sends the hub nothing (the relay counts its
 * round trips; a probe each second would be two or three).  Its link
 * to the hub lost silently (the relay holds every byte) while the herald
 * beats on, it still says OFFLINE, within 10 + 3 s of its last word with
 * the hub (its safety net is 20 minutes away), and is back when the link
 * is, its herald in use throughout (the beats that waited while the
 * worker waited on the hub are read, not taken for silence). */
static void a_desk_with_a_beating_herald_probes_less_and_finds_a_lost_link(void)
{
    struct herald_desk h;
    REQUIRE(herald_desk_start(&h, "beat", false));
    /* Quiet over three beats in a row, within 15 beats (the sync that
     * followed the switch to the herald comes first). */
    long turns = -1;
    int quiet = 0;
    for (int i = 0; i < 15 && quiet < 3 && next_beat(h.ear); i++) {
        long now = relay_turns();
        quiet = now == turns ? quiet + 1 : 0;
        turns = now;
    }
    EXPECT_INT(quiet, 3);

    relay_pause(true);
    int64_t t0 = tu_mono_ms();
    json_t *o = live_next(&h.a, 30000, is_offline, NULL);
    if (!o)
        TU_FAIL_AT("desk-1 did not say its hub lost within 30 s");
    printf("# the hub's link silent, the herald beating: OFFLINE after "
           "%lld ms\n",
           (long long)(tu_mono_ms() - t0));
    printf("# %s\n", o ? live_str(o, "problem") : "");
    EXPECT_STR(o ? live_str(o, "herald") : "", "in-use");
    json_decref(o);
    relay_pause(false);
    /* Back, and on its herald throughout: the beats that came while it
     * waited on the hub were read, not taken for the herald's silence. */
    o = live_next(&h.a, 30000, is_back_or_unheard, NULL);
    if (!o)
        TU_FAIL_AT("desk-1 did not say it is back within 30 s");
    printf("# %s\n", o ? live_str(o, "text") : "");
    EXPECT_STR(o ? live_str(o, "herald") : "", "in-use");
    json_decref(o);
    close(h.ear);
    EXPECT_INT(tu_stop(&h.hp, SIGTERM, 10000, "the herald"), 0);
    EXPECT_INT(live_stop(&h.a), 0);
}

/* Relay turns after `from` once the relay has been quiet for two of the
 * herald's beats in a row (read on `ear`), within 15 beats; -1 if it
 * never was. */
static long turns_once_quiet(int ear, long from)
{
    /* The beats read since the last call are old: counted from now. */
    char old[512];
    struct pollfd p = {ear, POLLIN, 0};
    while (poll(&p, 1, 0) == 1 && read(ear, old, sizeof(old)) > 0)
        ;
    long turns = -1;
    int quiet = 0;
    for (int i = 0; i < 15 && quiet < 2 && next_beat(ear); i++) {
        long now = relay_turns();
        quiet = now == turns ? quiet + 1 : 0;
        turns = now;
    }
    return quiet == 2 ? turns - from : -1;
}

/* A desk on a herald does not pull after a push of its own check-in
 * (docs/sync.md, "No pull after a desk's own push"): the other desks
 * learn it from the hub's notification, and the pull, which leaves out
 * the desk's own rows, would bring it nothing.  desk-1's check-in, once
 * its statements are prepared, costs the hub 2 round trips (counted at
 * the relay between desk-1 and the hub, from just after one of its
 * probes, so that the next is 10 s away): the identity check with BEGIN
 * and the journal's INSERT, then the count of rows set aside with the
 * station's row and COMMIT; 3 with the identity check apart, 4 with the
 * pull too.  Two desks checking in at once each
 * get the other's check-in, and a pull the hub asks for (a registration
 * published) is still made, moving the cursor. */
static void a_desk_on_a_herald_does_not_pull_after_its_own_push(void)
{
    struct herald_desk h;
    REQUIRE(herald_desk_start(&h, "nopull", true));
    /* The connection's first push claims desk-1's run (two round trips
     * more, once); a statement is prepared at its second run (a round
     * trip, once: pg_keep_prepared), the push's BEGIN at the third push,
     * the first having sent it alone. */
    const char *mine = "SELECT count(*) FROM scan WHERE station = 'desk-1'";
    for (int i = 0; i < 3; i++) {
        scan_expect(&h.a, nth_secret(h.ev, i), "reason", "checked-in");
        wait_count(h.d2, mine, i + 1);
    }
    /* The syncs that followed the switch to the herald are over ... */
    REQUIRE(turns_once_quiet(h.ear, 0) >= 0);
    /* ... and one of desk-1's probes (each 10 s) has just been made. */
    long t0 = relay_turns();
    int64_t w0 = tu_mono_ms();
    while (relay_turns() == t0 && tu_mono_ms() - w0 < 15000)
        usleep(2000);
    REQUIRE(relay_turns() > t0);
    const char *c1 = cursor_of(h.d1);
    long before = relay_turns();
    scan_expect(&h.a, nth_secret(h.ev, 3), "reason", "checked-in");
    wait_count(h.d2, mine, 4);
    long turns = turns_once_quiet(h.ear, before);
    printf("# desk-1's check-in: %ld round trips with the hub\n", turns);
    EXPECT_INT(turns, 2);
    EXPECT_STR(cursor_of(h.d1), c1);
    EXPECT_INT(sql_int(h.d1, "SELECT count(*) FROM scan"), 4);
    /* At once at both: each takes the other's. */
    scan_expect(&h.a, nth_secret(h.ev, 4), "reason", "checked-in");
    scan_expect(&h.b, nth_secret(h.ev, 5), "reason", "checked-in");
    wait_count(h.d2, mine, 5);
    wait_count(h.d1, "SELECT count(*) FROM scan WHERE station = 'desk-2'", 1);
    EXPECT_INT(sql_int(h.d2, "SELECT count(*) FROM scan"), 6);
    EXPECT_INT(pgserver_int(h.hub, "SELECT count(*) FROM checkin.scan"), 6);
    /* The hub's own word still pulls. */
    sql_write(h.ev, "UPDATE attendee SET given_name = 'Pulled' WHERE"
                    " ticket_id = (SELECT min(ticket_id) FROM attendee)");
    run(0, "sync '%s'", h.ev);
    wait_count(h.d1,
               "SELECT count(*) FROM attendee WHERE given_name ="
               " 'Pulled'",
               1);
    EXPECT_TRUE(strcmp(cursor_of(h.d1), c1) != 0);
    close(h.ear);
    EXPECT_INT(live_stop(&h.a), 0);
    EXPECT_INT(live_stop(&h.b), 0);
    EXPECT_INT(tu_stop(&h.hp, SIGTERM, 10000, "the herald"), 0);
}

/* A desk's sync that failed owes its pull to the next, whatever that one
 * is begun for (docs/sync.md, "No pull after a desk's own push"):
 * desk-1, on its herald, is woken for a name changed at the hub, and its
 * pull is refused (a policy the test adds, for desk-1's role alone, until
 * a check-in of desk-1's is at the hub); then desk-1's check-in, within
 * the 5 s after which a refused sync is tried again (REFUSED_MS), pushed,
 * lifts the refusal, and its sync pulls the row: when desk-1 says it is
 * in step after the check-in, its registrations' cursor has moved.
 * (With a failed sync taken for one that pulled, the check-in pushed
 * alone, and the row waited for the sync 5 s after the refusal.)  The
 * syncs tried again before the check-in are refused too, so that none
 * pulls the row first however slow the machine. */
static void a_desk_s_failed_sync_owes_its_pull_to_the_next(void)
{
    struct herald_desk h;
    REQUIRE(herald_desk_start(&h, "owed", false));
    REQUIRE(turns_once_quiet(h.ear, 0) >= 0);
    /* Refused until desk-1's check-in is at the hub: its push commits
     * before its pull begins (a pull is a read-only transaction of its
     * own), and a push reads no registration. */
    REQUIRE(pgserver_exec(h.hub,
                          "CREATE FUNCTION public.owed_once() RETURNS"
                          " boolean LANGUAGE plpgsql SECURITY DEFINER AS $$"
                          " BEGIN IF session_user = (SELECT pg_role FROM"
                          " checkin.station WHERE name = 'desk-1') AND NOT"
                          " EXISTS (SELECT FROM checkin.scan WHERE station"
                          " = 'desk-1') THEN"
                          " RAISE EXCEPTION 'the test refuses this pull';"
                          " END IF; RETURN true; END $$;"
                          " CREATE POLICY owed_once ON checkin.registration"
                          " AS RESTRICTIVE FOR SELECT"
                          " USING ((SELECT public.owed_once()))") == 0);
    /* One commit at the hub, one notification: desk-1's sync for it
     * pulls, and is refused; its registrations' cursor stays. */
    const char *c1 = reg_cursor_of(h.d1);
    REQUIRE(pgserver_exec(h.hub,
                          "UPDATE checkin.registration SET given_name ="
                          " 'Owed' WHERE ticket_id = (SELECT"
                          " min(ticket_id) FROM checkin.registration)") == 0);
    json_t *o = live_next(&h.a, 30000, is_offline, NULL);
    if (!o)
        TU_FAIL_AT("desk-1 did not say its pull was refused within 30 s");
    REQUIRE(o != NULL);
    printf("# %s\n", live_str(o, "problem"));
    json_decref(o);
    /* No sync under way (the relay quiet over two of the herald's beats),
     * so that the next is the check-in's. */
    REQUIRE(turns_once_quiet(h.ear, 0) >= 0);
    EXPECT_STR(reg_cursor_of(h.d1), c1);
    scan_expect(&h.a, nth_secret(h.ev, 0), "reason", "checked-in");
    /* The check-in's sync says desk-1 is in step again, nothing to send,
     * once it is over, its pull (if any) committed to the file. */
    REQUIRE(wait_link(&h.a, true, 0, 30000));
    EXPECT_INT(pgserver_int(h.hub, "SELECT count(*) FROM checkin.scan"), 1);
    EXPECT_TRUE(strcmp(reg_cursor_of(h.d1), c1) != 0);
    close(h.ear);
    EXPECT_INT(live_stop(&h.a), 0);
    EXPECT_INT(tu_stop(&h.hp, SIGTERM, 10000, "the herald"), 0);
}

/* A bad address for either end is one sentence; a herald ends on
 * SIGTERM, saying so; a desk given a herald nobody runs says so and goes
 * on in step with the hub. */
static void a_bad_or_unreachable_herald_is_one_sentence(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "nowhere", &ev, &hub, "desk-1", "desk",
                               "nowhere-1.db", &d1, NULL));
    const char *out = run(1,
                          "scan '%s' --station desk --keyboard --json --herald"
                          " herald.local:7433",
                          d1);
    EXPECT_CONTAINS(out, "--herald takes the herald's address as numbers");
    out = run(1, "hub herald '%s' --listen 127.0.0.1:99999", ev);
    EXPECT_CONTAINS(out, "--listen takes the herald's address as numbers");
    out = run(2, "hub herald '%s'", ev);
    EXPECT_CONTAINS(out, "herald expects the herald's FILE (from add-herald)");
    /* Ctrl-C or SIGTERM ends a herald, which says so. */
    struct tu_proc hp;
    char addr[64];
    REQUIRE(herald_start(&hp, ev, addr, sizeof(addr)));
    EXPECT_INT(tu_stop(&hp, SIGTERM, 10000, "the herald"), 0);
    char *said = tu_wait_file(tu_path("herald.out"), "The herald stopped", 1);
    EXPECT_CONTAINS(said ? said : "", "The herald stopped");
    free(said);
    /* A port nobody listens on (one the test held and closed). */
    int lfd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET,
                             .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t sl = sizeof(sa);
    REQUIRE(lfd >= 0 && !bind(lfd, (struct sockaddr *)&sa, sizeof(sa)) &&
            !getsockname(lfd, (struct sockaddr *)&sa, &sl));
    close(lfd);
    struct live a;
    REQUIRE(live_start(&a, NO_NET, d1,
                       tu_format("--station desk --name desk-1 --herald "
                                 "127.0.0.1:%d",
                                 ntohs(sa.sin_port))) == 0);
    json_t *o = live_next(&a, 20000, is_herald, "unreachable");
    REQUIRE(o != NULL);
    EXPECT_CONTAINS(live_str(o, "text"), "cannot be reached");
    EXPECT_TRUE(json_is_true(json_object_get(o, "online")));
    json_decref(o);
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    EXPECT_INT(live_stop(&a), 0);
}

/* Each statement in `sql`'s rows run as `as`: refused, every one, for
 * want of a privilege (42501); how many were run. */
static int each_refused(PGconn *org, PGconn *as, const char *sql)
{
    PGresult *r = PQexec(org, sql);
    EXPECT_INT(PQresultStatus(r), PGRES_TUPLES_OK);
    int n = PQntuples(r);
    for (int i = 0; i < n; i++) {
        char state[6] = "";
        EXPECT_INT(pq_int(as, PQgetvalue(r, i, 0), state), -1);
        if (strcmp(state, "42501"))
            TU_FAIL_AT("the herald's login ran %s (SQLSTATE '%s')",
                       PQgetvalue(r, i, 0), state);
    }
    PQclear(r);
    return n;
}

/* `hub add-herald` writes a new 0600 file holding one connection string
 * (host, port, database, a role of the herald's own, its password) and
 * nothing of the event; that role is a member of nothing and refused
 * every table, view, sequence and function of the hub's, each statement
 * by PostgreSQL itself; it may LISTEN (and, as any role, NOTIFY:
 * docs/sync.md says why that harms no desk).  A missing or wrong file,
 * an event database given instead, is one sentence saying what to give. */
static void a_herald_s_file_is_its_own_login_refused_all_else(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1;
    REQUIRE(hubfix_enrolled_as(&f, "alone", &ev, &hub, "desk-1", "desk",
                               "alone-1.db", &d1, NULL));
    const char *file = herald_enrol(ev, "alone");
    struct stat st;
    REQUIRE(stat(file, &st) == 0);
    EXPECT_INT(st.st_mode & 07777, 0600);
    char *text = tu_read_file(file, NULL);
    REQUIRE(text != NULL);
    char *line = strchr(text, '\n');
    REQUIRE(line != NULL && !strncmp(text, "checkin-herald 1\n", 17));
    *strchr(++line, '\n') = '\0';
    EXPECT_INT(strchr(line, '\0')[1], '\0'); /* two lines, no more */
    char *perr = NULL;
    PQconninfoOption *opts = PQconninfoParse(line, &perr);
    REQUIRE(opts != NULL);
    char role[64] = "";
    for (PQconninfoOption *o = opts; o->keyword; o++) {
        if (!o->val || !*o->val)
            continue;
        /* The organizer's own options of the connection (the test's
         * connect_timeout) come with it, as a station's do. */
        if (!strstr(" host port dbname user password connect_timeout ",
                    tu_format(" %s ", o->keyword)) &&
            strncmp(o->keyword, "ssl", 3))
            TU_FAIL_AT("the herald's file holds %s", o->keyword);
        if (!strcmp(o->keyword, "user"))
            snprintf(role, sizeof(role), "%s", o->val);
        if (!strcmp(o->keyword, "dbname"))
            EXPECT_STR(o->val, hub);
    }
    PQconninfoFree(opts);
    EXPECT_CONTAINS(role, "_herald_alone");

    PGconn *org = PQconnectdb(pgserver_conninfo(hub));
    PGconn *as = PQconnectdb(line);
    REQUIRE(PQstatus(org) == CONNECTION_OK);
    REQUIRE(PQstatus(as) == CONNECTION_OK);
    free(text);
    EXPECT_INT(pq_int(org,
                      tu_format("SELECT count(*) FROM pg_auth_members m JOIN"
                                " pg_roles r ON r.oid = m.member WHERE"
                                " r.rolname = '%s'",
                                role),
                      NULL),
               0);
    EXPECT_INT(pq_int(org,
                      tu_format("SELECT count(*) FROM pg_roles WHERE rolname ="
                                " '%s' AND rolcanlogin AND NOT (rolsuper OR"
                                " rolcreaterole OR rolcreatedb OR"
                                " rolreplication OR rolbypassrls) AND"
                                " rolconnlimit = 4",
                                role),
                      NULL),
               1);
    int relations = each_refused(
        org, as,
        "SELECT CASE c.relkind WHEN 'S' THEN format('SELECT nextval(%L)',"
        " c.oid::regclass) ELSE format('SELECT count(*) FROM %s',"
        " c.oid::regclass) END FROM pg_class c WHERE c.relnamespace ="
        " 'checkin'::regnamespace AND c.relkind IN ('r', 'v', 'm', 'S', 'p',"
        " 'f') ORDER BY 1");
    int functions = each_refused(
        org, as,
        "SELECT format('SELECT count(*) FROM checkin.%I(%s)', p.proname,"
        " array_to_string(array_fill('NULL'::text, ARRAY[p.pronargs]::int[]),"
        " ', ')) FROM pg_proc p WHERE p.pronamespace ="
        " 'checkin'::regnamespace AND p.prokind = 'f' ORDER BY 1");
    printf("# refused: %d tables, views and sequences, %d functions\n",
           relations, functions);
    EXPECT_TRUE(relations > 30);
    EXPECT_TRUE(functions > 10);
    /* What it is for; and PostgreSQL lets any role NOTIFY. */
    PGresult *r = PQexec(as, "LISTEN checkin_scan");
    EXPECT_INT(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    r = PQexec(as, "NOTIFY checkin_scan, 'fan1 forged'");
    EXPECT_INT(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);
    PQfinish(as);
    PQfinish(org);

    EXPECT_CONTAINS(run(1, "hub herald '%s' --listen 127.0.0.1:0", ev),
                    "is not a herald's file (an event or station database "
                    "is not one");
    EXPECT_CONTAINS(run(1, "hub herald '%s' --listen 127.0.0.1:0", d1),
                    "is not a herald's file");
    EXPECT_CONTAINS(run(1, "hub herald '%s.gone' --listen 127.0.0.1:0", file),
                    "Cannot read the herald's file");
    EXPECT_CONTAINS(run(1, "hub add-herald '%s' alone --out '%s.2'", ev, file),
                    "A herald named alone is enrolled at the hub already");
    EXPECT_CONTAINS(run(1, "hub add-herald '%s' 'a b' --out '%s.2'", ev, file),
                    "A herald's name is 1 to");
    EXPECT_INT(access(tu_format("%s.2", file), F_OK), -1);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "Herald alone: not connected to the hub.");
    /* --host: where the herald reaches the hub, in place of where the
     * organizer does; one never connected is retired all the same. */
    const char *lan = kept(tu_path("herald-lan.conf"));
    EXPECT_CONTAINS(
        run(0, "hub add-herald '%s' lan --host 192.0.2.7 --out '%s'", ev, lan),
        "Enrolled the herald lan");
    text = tu_read_file(lan, NULL);
    REQUIRE(text != NULL);
    EXPECT_CONTAINS(text, "host='192.0.2.7'");
    EXPECT_NOT_CONTAINS(text, tu_format("host='%s'", pgserver_dir()));
    free(text);
    const char *said = run(0, "hub retire-herald '%s' lan", ev);
    EXPECT_CONTAINS(said, "Retired the herald lan");
    EXPECT_NOT_CONTAINS(said, "Its open connection was ended.");
}

/* How many sessions at the hub `hub` the role ending in `_herald_NAME`
 * holds, and whether the role is there, as the organizer sees them. */
static long long herald_at_hub(const char *hub, const char *name, bool role)
{
    PGconn *org = PQconnectdb(pgserver_conninfo(hub));
    long long n = pq_int(
        org,
        tu_format(role ? "SELECT count(*) FROM pg_roles WHERE rolname LIKE"
                         " '%%\\_herald\\_%s'"
                       /* A role dropped leaves its sessions nameless. */
                       : "SELECT count(*) FROM pg_stat_activity WHERE"
                         " datname = current_database() AND backend_type ="
                         " 'client backend' AND (usename IS NULL OR usename"
                         " LIKE '%%\\_herald\\_%s')",
                  name),
        NULL);
    PQfinish(org);
    return n;
}

/* Wait for the herald `p` to stop by itself, exit status 1, having said
 * (in `said`) that the organizer retired it and what to do. */
static void herald_retired(struct tu_proc *p, const char *said,
                           const char *what)
{
    int st = tu_stop(p, 0, 20000, what);
    EXPECT_TRUE(st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 1);
    char *told = tu_read_file(said, NULL);
    EXPECT_CONTAINS(told ? told : "",
                    "This herald was retired by the organizer: the hub no "
                    "longer lets its login in, so it stopped");
    EXPECT_CONTAINS(told ? told : "", "checkin hub add-herald EVENT.db");
    free(told);
}

/* Wait up to 20 s for the file `path` to hold `text` past its first
 * `from` bytes. */
static bool said_since(const char *path, size_t from, const char *text)
{
    for (int64_t until = tu_mono_ms() + 20000;; usleep(20000)) {
        size_t len = 0;
        char *all = tu_read_file(path, &len);
        bool got = all && len > from && strstr(all + from, text);
        free(all);
        if (got)
            return true;
        if (tu_mono_ms() >= until)
            break;
    }
    TU_FAIL_AT("%s did not say \"%s\" within 20 s", path, text);
    return false;
}

/* A herald away from its hub when the organizer retires it (cut off at
 * the relay: retiring's word does not reach it) goes on trying, as one
 * whose hub is merely unreachable does, and comes back; retired while
 * away, it stops at its first login after, refused. */
static void a_herald_away_when_retired_stops_at_its_next_login(const char *ev,
                                                               const char *hub)
{
    const char *file = herald_enrol(ev, "away");
    /* Through the relay: later settings of a connection string win. */
    char *text = tu_read_file(file, NULL);
    REQUIRE(text != NULL);
    text[strcspn(text, "\n")] = '\0';
    const char *conninfo = text + strlen(text) + 1;
    char *end = strchr(conninfo, '\n');
    REQUIRE(end != NULL);
    *end = '\0';
    const char *relayed = tu_format("%s\n%s host=127.0.0.1 port=%d\n", text,
                                    conninfo, hubfix_relay());
    REQUIRE(tu_write_file(file, relayed, strlen(relayed)) == 0);
    free(text);
    const char *said = tu_path("herald-away.out");
    struct tu_proc hp;
    char addr[64];
    REQUIRE(herald_run_to(&hp, file, said, addr));
    size_t at = 0;
    free(tu_read_file(said, &at));
    relay_cut(true);
    REQUIRE(said_since(said, at, "The herald has lost the hub"));
    relay_cut(false);
    REQUIRE(said_since(said, at, "The herald is back at the hub"));
    free(tu_read_file(said, &at));
    relay_cut(true);
    REQUIRE(said_since(said, at, "The herald has lost the hub"));
    EXPECT_INT(herald_at_hub(hub, "away", false), 0);
    EXPECT_CONTAINS(run(0, "hub retire-herald '%s' away", ev),
                    "Retired the herald away");
    relay_cut(false);
    herald_retired(&hp, said, "the herald retired while away");
    char *told = tu_read_file(said, NULL);
    printf("# the herald away said: %s", told ? told : "");
    free(told);
}

/* Two desks take their wakes from a herald run from its file alone:
 * desk-1's check-ins reach both with no pull.  `hub status` lists it;
 * `hub retire-herald` drops its role and ends its session: both desks
 * listen to the hub themselves and lose nothing, and its file opens
 * nothing more. */
static void a_herald_from_its_own_file_wakes_two_desks_until_retired(void)
{
    struct hubfix f;
    const char *hub, *ev, *d1, *d2, *d3;
    REQUIRE(hubfix_enrolled_as(&f, "own", &ev, &hub, "desk-1", "desk",
                               "own-1.db", &d1, "desk-2", "desk", "own-2.db",
                               &d2, "desk-3", "desk", "own-3.db", &d3, NULL));
    const char *file = herald_enrol(ev, "own");
    struct tu_proc hp;
    char addr[64];
    REQUIRE(herald_run(&hp, file, addr));
    struct live a, b, c;
    REQUIRE(live_start(&a, NO_NET, d1, "--station desk --name desk-1") == 0);
    REQUIRE(live_start(&b, NO_NET, d2,
                       tu_format("--station desk --name desk-2 --herald %s",
                                 addr)) == 0);
    REQUIRE(live_start(&c, NO_NET, d3,
                       tu_format("--station desk --name desk-3 --herald %s",
                                 addr)) == 0);
    REQUIRE(wait_link(&a, true, 0, 20000));
    REQUIRE(wait_herald(&b, "in-use", 20000));
    REQUIRE(wait_herald(&c, "in-use", 20000));
    const char *sql = "SELECT count(*) FROM scan WHERE station = 'desk-1'";
    scan_expect(&a, nth_secret(ev, 0), "reason", "checked-in");
    wait_count(d2, sql, 1);
    wait_count(d3, sql, 1);
    const char *c2 = cursor_of(d2), *c3 = cursor_of(d3);
    scan_expect(&a, nth_secret(ev, 1), "reason", "checked-in");
    wait_count(d2, sql, 2);
    wait_count(d3, sql, 2);
    EXPECT_STR(cursor_of(d2), c2);
    EXPECT_STR(cursor_of(d3), c3);
    EXPECT_CONTAINS(run(0, "hub status '%s'", ev),
                    "Herald own: 1 session at the hub.");
    /* Its session ended at the hub: the herald says why, once, and that
     * it is back. */
    PGconn *org = PQconnectdb(pgserver_conninfo(hub));
    EXPECT_INT(pq_int(org,
                      "SELECT count(pg_terminate_backend(pid)) FROM"
                      " pg_stat_activity WHERE usename LIKE '%\\_herald\\_own'",
                      NULL),
               1);
    PQfinish(org);
    char *told = tu_wait_file(tu_path("herald.out"),
                              "The herald is back at the hub", 20000);
    EXPECT_CONTAINS(told ? told : "",
                    "The herald has lost the hub: The connection to the hub");
    free(told);

    size_t before = 0;
    free(tu_read_file(tu_path("herald.out"), &before));
    const char *said = run(0, "hub retire-herald '%s' own", ev);
    EXPECT_CONTAINS(said, "Retired the herald own");
    EXPECT_CONTAINS(said, "Its open connection was ended.");
    EXPECT_INT(herald_at_hub(hub, "own", true), 0);
    EXPECT_INT(herald_at_hub(hub, "own", false), 0);
    REQUIRE(wait_herald(&b, "unreachable", 20000));
    REQUIRE(wait_herald(&c, "unreachable", 20000));
    scan_expect(&a, nth_secret(ev, 2), "reason", "checked-in");
    wait_count(d2, sql, 3);
    wait_count(d3, sql, 3);
    EXPECT_NOT_CONTAINS(run(0, "hub status '%s'", ev), "Herald own");
    /* Told while logged in, it read its role and stopped, saying why
     * once, before a login of its own was refused. */
    herald_retired(&hp, tu_path("herald.out"), "the herald retired");
    size_t len = 0;
    told = tu_read_file(tu_path("herald.out"), &len);
    REQUIRE(told != NULL && len >= before);
    printf("# the herald said: %s", told + before);
    EXPECT_NOT_CONTAINS(told + before, "The herald has lost the hub");
    free(told);
    /* Its file opens nothing: started again, it says so. */
    EXPECT_CONTAINS(run(1, "hub herald '%s' --listen 127.0.0.1:0", file),
                    "This herald was retired by the organizer");
    EXPECT_CONTAINS(run(1, "hub retire-herald '%s' own", ev),
                    "No herald named own is enrolled at the hub");
    a_herald_away_when_retired_stops_at_its_next_login(ev, hub);
    EXPECT_INT(live_stop(&a), 0);
    EXPECT_INT(live_stop(&b), 0);
    EXPECT_INT(live_stop(&c), 0);
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0)
        return 1;
    static const struct tu_case cases[] = {
        TU_CASE(a_check_in_reaches_the_other_desks_without_a_pull),
        TU_CASE(a_forged_or_replayed_payload_is_never_applied),
        TU_CASE(a_desk_takes_the_hub_s_word_from_the_herald_and_loses_none),
        TU_CASE(a_forged_or_replayed_herald_line_changes_nothing),
        TU_CASE(a_bad_or_unreachable_herald_is_one_sentence),
        TU_CASE(a_desk_with_a_beating_herald_probes_less_and_finds_a_lost_link),
        TU_CASE(a_desk_on_a_herald_does_not_pull_after_its_own_push),
        TU_CASE(a_desk_s_failed_sync_owes_its_pull_to_the_next),
        TU_CASE(a_herald_s_file_is_its_own_login_refused_all_else),
        TU_CASE(a_herald_from_its_own_file_wakes_two_desks_until_retired),
    };
    return pgserver_main(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
