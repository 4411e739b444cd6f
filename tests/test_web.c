/* The organizer dashboard, as an organizer uses it: `checkin dashboard`
 * started as a real process, opened in a real browser (chromium over
 * WebDriver), its figures compared with `checkin stats` and the demo's
 * own summary, updating live while real `checkin scan` stations write to
 * the same file, and showing hostile names as text.  Screenshots go to
 * tests/screenshots/ in the build folder. */
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "webdriver.h"

struct server {
    pid_t pid;
    int port;
    char url[256];
    char undo_url[256]; /* with --undo: the link that may undo */
    char undo_token[80];
};

/* Start `checkin dashboard ARGS` (tu_serve; what it says in
 * dashboard.out) and read its link, and with --undo the undo's own link
 * on its second line; false (with the reason reported) if it does not
 * start. */
static bool dashboard_start(struct server *sv, const char *args)
{
    const char *said = tu_path("dashboard.out");
    unlink(said); /* an earlier dashboard's link is not this one's */
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "exec '%s' dashboard %s >'%s' 2>&1", CHECKIN_BIN,
             args, said);
    memset(sv, 0, sizeof(*sv));
    bool undo = strstr(args, "--undo") != NULL;
    struct tu_proc p;
    struct tu_link link;
    if (!tu_serve(&p, cmd, said, undo ? "Undo check-ins at " : "Dashboard of ",
                  "the dashboard", &link))
        return false;
    sv->pid = p.pid;
    if (undo) {
        const char *tok = strstr(link.url, "undo=");
        snprintf(sv->undo_url, sizeof(sv->undo_url), "%s", link.url);
        if (tok)
            snprintf(sv->undo_token, sizeof(sv->undo_token), "%.*s",
                     (int)strspn(tok + 5, "0123456789abcdef"), tok + 5);
        if (!sv->undo_token[0])
            TU_FAIL_AT("the dashboard printed no undo link: %s", link.url);
        /* The dashboard's own link is on the line before. */
        char *text = tu_read_file(said, NULL);
        bool found = tu_find_link(text, "Dashboard of ", &link);
        free(text);
        if (!found) {
            TU_FAIL_AT("the dashboard printed no link before its undo link");
            return false;
        }
    }
    snprintf(sv->url, sizeof(sv->url), "%s", link.url);
    sv->port = link.port;
    return sv->port > 0;
}

/* Stop it as Ctrl-C would; it must exit 0 within 5 s. */
static void dashboard_stop(struct server *sv)
{
    struct tu_proc p = {sv->pid, -1, -1};
    int status = tu_stop(&p, SIGINT, 5000, "the dashboard");
    if (status != -1)
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    sv->pid = 0;
}

/* Chromium started for the case; false when it cannot be (the case is
 * skipped, or failed) and the case returns. */
static bool browser(void)
{
    if (!wd_available()) {
        tu_skip("chromium and chromedriver are not installed");
        return false;
    }
    if (wd_start(tu_path("profile")) == 0)
        return true;
    TU_FAIL_AT("chromium did not start");
    return false;
}

static void screenshot(const char *name)
{
    mkdir(SCREENSHOT_DIR, 0755);
    char path[1024];
    snprintf(path, sizeof(path), "%s/%s", SCREENSHOT_DIR, name);
    EXPECT_INT(wd_screenshot(path), 0);
    printf("screenshot: %s\n", path);
}

/* The number in `stats` output after `label` on the line starting with
 * `slug` (column `col`, 1-based after the slug). */
static long stats_column(const char *stats, const char *slug, int col)
{
    char key[128];
    snprintf(key, sizeof(key), "\n%s ", slug);
    const char *p = strstr(stats, key);
    if (!p)
        return -1;
    p += strlen(key);
    long v = -1;
    for (int i = 0; i < col; i++) {
        char *end;
        v = strtol(p, &end, 10);
        p = end;
    }
    return v;
}

#define TEXT_OF(id) "return document.getElementById('" id "').textContent;"
/* Whether element `id`'s text holds `part` ("true" or "false"). */
#define HAS_TEXT(id, part)                                                     \
    "return document.getElementById('" id "').textContent"                     \
    ".includes('" part "');"
#define BODY_COLOUR "return getComputedStyle(document.body).backgroundColor;"
#define FITS                                                                   \
    "const w = window.innerWidth;"                                             \
    "return [document.documentElement.scrollWidth <= w,"                       \
    " Array.from(document.querySelectorAll('button')).filter(b =>"             \
    "  b.offsetParent && (b.offsetHeight < 44 || b.offsetWidth < 44)).length," \
    " document.getElementById('name').getBoundingClientRect().right <= w];"

/* The bundled demo's event (a desk, a door, a sponsor's booth, an open
 * space's board and door and a sprint station have run): every figure on the
 * page equals `checkin stats` and the demo's own summary. */
static void dashboard_matches_stats(void)
{
    const char *dir = tu_path("demo");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("demo --out '%s'", dir), &out, &err) == 0);
    char *summary = strdup(out);
    char db[1024];
    snprintf(db, sizeof(db), "%s/event.db", dir);
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    char *stats = strdup(out);
    long checked_in = -1, inside = -1, leads = -1;
    const char *p = strstr(stats, "checked in: ");
    REQUIRE(p && sscanf(p, "checked in: %ld", &checked_in) == 1);
    /* "Door: 5 in, ...; 4 people inside now." */
    p = strstr(summary, "Door: ");
    p = p ? strstr(p, "; ") : NULL;
    REQUIRE(p && sscanf(p, "; %ld people inside now", &inside) == 1);
    p = strstr(summary, "Leads: ");
    REQUIRE(p && sscanf(p, "Leads: %ld recorded", &leads) == 1);
    REQUIRE(checked_in > 0 && inside > 0 && leads > 0);

    struct server sv;
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 127.0.0.1:0", db)));
    if (!browser())
        return;
    REQUIRE(wd_get(sv.url) == 0);
    char want[64];
    snprintf(want, sizeof(want), "\"%ld\"", checked_in);
    EXPECT_WAIT(TEXT_OF("checked-in"), want, 20000);

    /* Every ticket type's row: checked in, paid, pending as stats says. */
    static const char *const types[] = {"individual", "corporate", "student",
                                        "speaker",    "sponsor",   "staff",
                                        "volunteer"};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
        char script[512], expect[128];
        snprintf(script, sizeof(script),
                 "const r = document.querySelector('#types tr[data-slug=\"%s"
                 "\"]'); return r ? [r.cells[1].textContent, "
                 "r.cells[2].textContent, r.cells[3].textContent].join(' ') "
                 ": null;",
                 types[i]);
        snprintf(expect, sizeof(expect), "\"%ld %ld %ld\"",
                 stats_column(stats, types[i], 5),
                 stats_column(stats, types[i], 2),
                 stats_column(stats, types[i], 3));
        EXPECT_EXEC(script, expect);
    }
    snprintf(want, sizeof(want), "\"%ld\"", inside);
    EXPECT_EXEC("const r = document.querySelector('#rooms "
                "tr[data-slug=\"pandas-intro\"]'); return r ? "
                "r.cells[1].textContent : null;",
                want);
    snprintf(want, sizeof(want), "\"%ld\"", leads);
    EXPECT_EXEC("const r = document.querySelector('#leads "
                "tr[data-sponsor=\"datawise\"]'); return r ? "
                "r.cells[1].textContent : null;",
                want);
    /* The desk appears among the stations, with its scans: desk-1,
     * door-pandas, leads-datawise, and the rest of the week's board-1,
     * door-203, the auction's auction-1 and pay-1, and sprints-1. */
    EXPECT_EXEC("return document.querySelectorAll('#stations tbody "
                "tr').length;",
                "8");
    screenshot("dashboard-demo.png");
    wd_quit();
    dashboard_stop(&sv);
    free(stats);
    free(summary);
}

/* Registrations whose names are markup, a bidi override and a zero-width
 * joiner, checked in by two real desk stations while the page is open. */
#define HOSTILE_IMG "<img src=x onerror=\"window.__pwned=1\">"
#define HOSTILE_SCRIPT "<script>window.__pwned=2</script>"

static const char CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id\n"
    "WEB01,paid,\""
    "<img src=x onerror=\"\"window.__pwned=1\"\">"
    "\",Img,"
    "a@example.com,individual,aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa,90001\n"
    "WEB02,paid,<script>window.__pwned=2</script>,Script,b@example.com,"
    "individual,bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb,90002\n"
    "WEB03,paid,Ada\xe2\x80\x8d,Lovelace,c@example.com,student,"
    "cccccccccccccccccccccccccccccccc,90003\n";

/* One desk station run with `code` on its keyboard input; it decides and
 * ends at the end of its input. */
static void desk_scan(const char *db, const char *name, const char *code)
{
    EXPECT_INT(tu_sh("printf '%%s\\n' '%s' | '%s' scan '%s' --station desk "
                     "--name %s --keyboard --json > '%s' 2>&1",
                     code, CHECKIN_BIN, db, name, tu_path("desk.out")),
               0);
}

/* The demo event (config/demo/event.ini) made at `db`, with `csv`'s
 * registrations imported from tu_path(`file`); false after reporting a
 * failure. */
static bool demo_event(const char *db, const char *file, const char *csv)
{
    char args[2048];
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err) != 0) {
        TU_FAIL_AT("checkin init: %s", err);
        return false;
    }
    if (tu_write_file(tu_path(file), csv, strlen(csv)) != 0) {
        TU_FAIL_AT("cannot write %s", tu_path(file));
        return false;
    }
    snprintf(args, sizeof(args), "import '%s' '%s'", db, tu_path(file));
    if (tu_checkin(args, &out, &err) != 0) {
        TU_FAIL_AT("checkin import: %s", err);
        return false;
    }
    return true;
}

static void dashboard_live_and_hostile_names(void)
{
    const char *db = tu_path("live.db");
    REQUIRE(demo_event(db, "web.csv", CSV));

    struct server sv;
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 127.0.0.1:0", db)));
    if (!browser())
        return;
    REQUIRE(wd_get(sv.url) == 0);
    EXPECT_WAIT(TEXT_OF("checked-in"), "\"0\"", 20000);

    /* Two desks check in three people; the open page follows. */
    desk_scan(db, "desk-a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    desk_scan(db, "desk-b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    desk_scan(db, "desk-b", "cccccccccccccccccccccccccccccccc");
    EXPECT_WAIT(TEXT_OF("checked-in"), "\"3\"", 10000);
    char *v = wd_exec(TEXT_OF("recent"));
    EXPECT_CONTAINS(v, "window.__pwned=1");
    EXPECT_CONTAINS(v, "<script>window.__pwned=2</script>");
    free(v);
    /* Shown as text: no element was made of them and nothing ran. */
    EXPECT_EXEC("return [typeof window.__pwned, document.querySelectorAll("
                "'main img, main script').length];",
                "[\"undefined\",0]");
    EXPECT_EXEC("return document.querySelector('#arrivals-legend')"
                ".textContent;",
                "\"desk-adesk-b\"");
    /* Two desks open, three decisions: no service time to read yet. */
    EXPECT_EXEC(TEXT_OF("wait"),
                "\"Too few check-ins yet to estimate the wait\"");
    EXPECT_EXEC("return Array.from(document.querySelectorAll('#desks tbody "
                "tr'), r => r.dataset.station).join(' ');",
                "\"desk-a desk-b\"");
    v = wd_exec(TEXT_OF("wait-detail"));
    EXPECT_CONTAINS(v, "at 2 open desks");
    free(v);
    screenshot("dashboard-live.png");

    /* A page opened (or reloaded) later shows the latest figures at once. */
    REQUIRE(wd_get(sv.url) == 0);
    EXPECT_WAIT(TEXT_OF("checked-in"), "\"3\"", 5000);

    /* The server stops; the page says it is not connected. */
    dashboard_stop(&sv);
    EXPECT_WAIT("return document.getElementById('status').className;",
                "\"status offline\"", 10000);
    wd_quit();
}

/* What any client gets, browser or not: strict headers on every answer,
 * no inline script, no other site's name, nothing but GET, and on a
 * LAN address nothing without the printed link's token. */
/* How many of process `pid`'s threads run SCHED_IDLE. */
static int threads_at(pid_t pid, int policy)
{
    char dir[64];
    snprintf(dir, sizeof(dir), "/proc/%d/task", (int)pid);
    DIR *d = opendir(dir);
    int idle = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        char *end;
        long tid = strtol(e->d_name, &end, 10);
        if (end == e->d_name || *end)
            continue; /* "." and ".." */
        idle += sched_getscheduler((pid_t)tid) == policy;
    }
    if (d)
        closedir(d);
    return idle;
}

static void dashboard_http_rules(void)
{
    const char *db = tu_demo_event();
    struct server sv;
    char host[128];
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 127.0.0.1:0", db)));
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", sv.port);
    static const char *const paths[] = {"/", "/dashboard.js", "/dashboard.css",
                                        "/api/snapshot", "/nothing-here"};
    for (size_t i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
        char *head = NULL, *body = NULL;
        int st = wd_http(sv.port, "GET", paths[i], host, NULL, &head, &body);
        EXPECT_INT(st, i == 4 ? 404 : 200);
        if (st < 0)
            continue;
        EXPECT_CONTAINS(head, "Content-Security-Policy: default-src 'none'; "
                              "script-src 'self';");
        EXPECT_CONTAINS(head, "X-Content-Type-Options: nosniff");
        if (i == 0) {
            /* Every script has a source; no handler attributes. */
            for (const char *s = body; (s = strstr(s, "<script")); s++)
                EXPECT_TRUE(!strncmp(s, "<script src=", 12));
            EXPECT_NOT_CONTAINS(body, " on");
            EXPECT_NOT_CONTAINS(body, "style=");
        }
        free(head);
        free(body);
    }
    char *head = NULL, *body = NULL;
    EXPECT_INT(wd_http(sv.port, "GET", "/", "Host: evil.example:80\r\n", NULL,
                       &head, &body),
               421);
    free(head);
    free(body);
    EXPECT_INT(
        wd_http(sv.port, "POST", "/api/snapshot", host, "{}", &head, &body),
        405);
    free(head);
    free(body);
    /* The web server's and the rebuilding threads take only time no
     * station wants; the main thread (and a hub's sync) keep theirs.  (A
     * sanitizer's own threads may run beside them.) */
    EXPECT_TRUE(threads_at(sv.pid, SCHED_IDLE) >= 2);
    EXPECT_INT(sched_getscheduler(sv.pid), SCHED_OTHER);
    dashboard_stop(&sv);

    /* Any address but loopback: the token, once, then a cookie. */
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 0.0.0.0:0", db)));
    const char *tok = strstr(sv.url, "?token=");
    REQUIRE(tok);
    EXPECT_INT(
        wd_http(sv.port, "GET", "/api/snapshot", NULL, NULL, &head, &body),
        403);
    EXPECT_CONTAINS(body, "carries the token");
    free(head);
    free(body);
    char path[256], cookie[256];
    snprintf(path, sizeof(path), "/%s", tok);
    EXPECT_INT(wd_http(sv.port, "GET", path, NULL, NULL, &head, &body), 303);
    EXPECT_CONTAINS(head, "HttpOnly; SameSite=Strict");
    free(head);
    free(body);
    snprintf(cookie, sizeof(cookie), "Cookie: checkin_dashboard=%s\r\n",
             tok + strlen("?token="));
    EXPECT_INT(
        wd_http(sv.port, "GET", "/api/snapshot", cookie, NULL, &head, &body),
        200);
    EXPECT_CONTAINS(body, "\"checked_in\":0");
    free(head);
    free(body);
    snprintf(cookie, sizeof(cookie), "Cookie: checkin_dashboard=%032d\r\n", 0);
    EXPECT_INT(
        wd_http(sv.port, "GET", "/api/snapshot", cookie, NULL, &head, &body),
        403);
    free(head);
    free(body);
    dashboard_stop(&sv);
}

/* Mistakes get one sentence and no server. */
static void dashboard_refusals(void)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("dashboard '%s' --listen nonsense",
                                    tu_demo_event()),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err,
                    "is not an address to listen on; give --listen ADDR:PORT");
    EXPECT_INT(tu_checkin(tu_format("dashboard '%s'", tu_path("missing.db")),
                          &out, &err),
               1);
    /* One line: a sentence and its newline, nothing after it. */
    const char *nl = strchr(err, '\n');
    EXPECT_TRUE(strlen(err) > 10);
    EXPECT_TRUE(nl != NULL && nl[1] == '\0');

    struct server sv;
    REQUIRE(dashboard_start(
        &sv, tu_format("'%s' --listen 127.0.0.1:0", tu_demo_event())));
    EXPECT_INT(tu_checkin(tu_format("dashboard '%s' --listen 127.0.0.1:%d",
                                    tu_demo_event(), sv.port),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "the port is taken");
    dashboard_stop(&sv);
}

/* The undo rows of `db`, less their own run and time: what the
 * dashboard's undo and `checkin undo` must write alike. */
static const char *undo_rows(const char *db)
{
    return tu_sql_text(
        db, "SELECT group_concat(station || '|' || seq || '|' || mode || '|'"
            " || target || '|' || code || '|' || attendee_ticket_id || '|' ||"
            " decision || '|' || reason || '|' || direction || '|' ||"
            " act || '|' || ref_station_id || '|' || ref_seq || '|' ||"
            " coalesce(override, '-') || '|' || coalesce(day, '-'), ';')"
            " FROM (SELECT * FROM scan WHERE act = 'undo' ORDER BY"
            " ref_station_id, ref_seq)");
}

/* POST /api/undo by hand, `extra` headers beside the Host; the status. */
static int undo_post(int port, const char *extra, const char *body, char **said)
{
    char head_lines[512], *head = NULL;
    snprintf(head_lines, sizeof(head_lines), "Host: 127.0.0.1:%d\r\n%s", port,
             extra);
    int st = wd_http(port, "POST", "/api/undo", head_lines, body, &head, said);
    free(head);
    return st;
}

/* The organizer undoes a check-in from the dashboard (started with
 * --undo): the page takes a ticket and a reason, and the file gets the
 * rows `checkin undo` writes on a copy of it, the page showing the same
 * sentences.  Each refusal is one sentence and writes nothing. */
static void the_dashboard_undoes_a_checkin_as_checkin_undo_does(void)
{
    const char *db = tu_path("undo.db"), *twin = tu_path("undo-cli.db");
    const char *out, *err;
    REQUIRE(demo_event(db, "undo.csv", CSV));
    desk_scan(db, "desk-a", "cccccccccccccccccccccccccccccccc");
    desk_scan(db, "desk-a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    REQUIRE(tu_sh("sqlite3 '%s' \".backup '%s'\"", db, twin) == 0);

    /* Started without --undo: no form, and the server refuses one. */
    struct server sv;
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 127.0.0.1:0", db)));
    char *said = NULL;
    const char *json = "Content-Type: application/json\r\n";
    const char *body = "{\"ticket\":\"90003\",\"why\":\"wrong person\"}";
    EXPECT_INT(undo_post(sv.port, json, body, &said), 403);
    EXPECT_CONTAINS(said, "started without --undo");
    free(said);
    if (!browser())
        return;
    REQUIRE(wd_get(sv.url) == 0);
    char *v = wd_wait(TEXT_OF("checked-in"), "\"2\"", 20000);
    free(v);
    EXPECT_EXEC("return document.getElementById('undo').hidden;", "true");
    int ordinary = threads_at(sv.pid, SCHED_OTHER);
    dashboard_stop(&sv);

    REQUIRE(dashboard_start(&sv,
                            tu_format("'%s' --listen 127.0.0.1:0 --undo", db)));
    /* The undo's writer holds the file's write lock at the process's own
     * policy, not SCHED_IDLE as the connections' threads. */
    EXPECT_INT(threads_at(sv.pid, SCHED_OTHER), ordinary + 1);
    /* The dashboard's link only shows, --undo or not: no form, and a POST
     * with what it gives (on loopback, the Host) is refused. */
    REQUIRE(wd_get(sv.url) == 0);
    v = wd_wait(TEXT_OF("checked-in"), "\"2\"", 20000);
    free(v);
    EXPECT_EXEC("return document.getElementById('undo').hidden;", "true");
    EXPECT_INT(undo_post(sv.port, json, body, &said), 403);
    EXPECT_CONTAINS(said, "This link to the dashboard only shows; undo from "
                          "the undo link");
    free(said);
    /* A wrong undo token neither. */
    char wrong[160];
    snprintf(wrong, sizeof(wrong),
             "Content-Type: application/json\r\nCookie: "
             "checkin_dashboard_undo=%032d\r\n",
             0);
    EXPECT_INT(undo_post(sv.port, wrong, body, &said), 403);
    free(said);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan WHERE act = 'undo'"),
               0);
    /* The undo's own link: the form. */
    REQUIRE(sv.undo_url[0]);
    REQUIRE(wd_get(sv.undo_url) == 0);
    EXPECT_WAIT("return document.getElementById('undo').hidden;", "false",
                20000);
    EXPECT_TRUE(wd_do("document.getElementById('undo-ticket').value = '90003';"
                      "document.getElementById('undo-why').value = 'wrong "
                      "person';"
                      "document.getElementById('undo-go').click(); return 1;"));
    EXPECT_WAIT(HAS_TEXT("undo-said", "Undone:"), "true", 20000);
    char *page = wd_exec(TEXT_OF("undo-said"));
    /* The page follows: one person checked in now. */
    EXPECT_WAIT(TEXT_OF("checked-in"), "\"1\"", 20000);
    EXPECT_TRUE(wd_do("document.getElementById('undo').scrollIntoView();"
                      " return 1;"));
    screenshot("dashboard-undo.png");

    REQUIRE(tu_checkin(tu_format("undo '%s' 90003 --why 'wrong person'", twin),
                       &out, &err) == 0);
    /* The same sentences (but the file's name), the same rows. */
    char cli[1024];
    snprintf(cli, sizeof(cli), "%.*s", (int)strcspn(out, "\n"), out);
    EXPECT_CONTAINS(page, cli);
    EXPECT_CONTAINS(page,
                    "undo.db is at no hub: this undo stays in this file.");
    free(page);
    EXPECT_CONTAINS(cli, "Undone: the check-in of Ada");
    char rows[4096];
    snprintf(rows, sizeof(rows), "%s", undo_rows(db));
    EXPECT_STR(rows, undo_rows(twin));
    EXPECT_CONTAINS(rows, "organizer|");
    EXPECT_CONTAINS(rows, "|wrong person|");

    /* Refused in the page, each with its sentence, nothing written. */
    EXPECT_TRUE(wd_do("document.getElementById('undo-ticket').value = '90003';"
                      "document.getElementById('undo-why').value = 'again';"
                      "document.getElementById('undo-go').click(); return 1;"));
    EXPECT_WAIT(HAS_TEXT("undo-said", "nothing to undo"), "true", 20000);
    EXPECT_EXEC("return document.getElementById('undo-said').className;",
                "\"small refused\"");
    EXPECT_TRUE(wd_do("document.getElementById('undo-ticket').value = '424242';"
                      "document.getElementById('undo-why').value = 'typo';"
                      "document.getElementById('undo-go').click(); return 1;"));
    EXPECT_WAIT(HAS_TEXT("undo-said", "No registration"), "true", 20000);
    wd_quit();

    /* By hand: what no page of the dashboard's own sends. */
    EXPECT_INT(undo_post(sv.port, "Content-Type: text/plain\r\n", body, &said),
               403);
    EXPECT_CONTAINS(said, "Send JSON");
    free(said);
    EXPECT_INT(undo_post(sv.port,
                         "Content-Type: application/json\r\n"
                         "Origin: http://evil.example\r\n",
                         "{\"ticket\":\"90001\",\"why\":\"x\"}", &said),
               403);
    EXPECT_CONTAINS(said, "Only the dashboard's own page may undo");
    free(said);
    char json_undo[200];
    snprintf(json_undo, sizeof(json_undo),
             "Content-Type: application/json\r\nCookie: "
             "checkin_dashboard_undo=%s\r\n",
             sv.undo_token);
    EXPECT_INT(undo_post(sv.port, json_undo,
                         "{\"ticket\":\"90001\",\"why\":\" \"}", &said),
               400);
    EXPECT_CONTAINS(said, "Say why the check-in is undone");
    free(said);
    EXPECT_INT(undo_post(sv.port, json_undo, "[1]", &said), 400);
    EXPECT_CONTAINS(said, "Send {\"ticket\": TICKET");
    free(said);
    char *head = NULL;
    EXPECT_INT(wd_http(sv.port, "POST", "/api/undo",
                       "Host: evil.example:80\r\nContent-Type: "
                       "application/json\r\n",
                       "{\"ticket\":\"90001\",\"why\":\"x\"}", &head, &said),
               421);
    free(head);
    free(said);
    EXPECT_STR(undo_rows(db), rows);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM live_scan WHERE"
                              " attendee_ticket_id = '90001'"),
               1);
    dashboard_stop(&sv);
}

/* ---- the station's own screen (checkin scan --web) ---- */

struct station_proc {
    pid_t pid;
    int in; /* the station's keyboard input: codes typed or scanned */
    int port;
    char url[256];  /* the printed link, with the token */
    char base[128]; /* http://127.0.0.1:PORT/ */
    char token[80];
};

/* Start a desk at the event's first morning with `--web 127.0.0.1:0`,
 * its keyboard input a pipe this test writes codes to, and read the link
 * it prints. */
static bool station_start(struct station_proc *sp, const char *db,
                          const char *extra)
{
    memset(sp, 0, sizeof(*sp));
    const char *errpath = tu_path("station.err");
    unlink(errpath);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' scan '%s' --station desk --name desk-web --keyboard "
             "--json --clock '2027-05-12 09:00' --cooldown 0.05 "
             "--web 127.0.0.1:0 %s >'%s' 2>'%s'",
             CHECKIN_BIN, db, extra, tu_path("station.out"), errpath);
    struct tu_proc p;
    struct tu_link link;
    if (!tu_serve_with(&p, cmd, TU_PIPE_IN, errpath,
                       "Station screen: ", "the station", &link))
        return false;
    sp->pid = p.pid;
    sp->in = p.in;
    snprintf(sp->url, sizeof(sp->url), "%s", link.url);
    sp->port = link.port;
    snprintf(sp->base, sizeof(sp->base), "http://127.0.0.1:%d/", sp->port);
    snprintf(sp->token, sizeof(sp->token), "%s", link.token);
    return sp->port > 0 && sp->token[0];
}

static void station_type(struct station_proc *sp, const char *code)
{
    char line[256];
    int n = snprintf(line, sizeof(line), "%s\n", code);
    EXPECT_INT(write(sp->in, line, (size_t)n), n);
}

/* End of its keyboard input: the station ends by itself, exit 0. */
static void station_stop(struct station_proc *sp)
{
    struct tu_proc p = {sp->pid, sp->in, -1};
    int status = tu_stop(&p, 0, 10000, "the station");
    if (status != -1)
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    sp->pid = 0;
}

static int connect_loopback(int port)
{
    return tu_connect(port);
}

/* What /events sends in the first second to a page that last saw event
 * `last_id` (NULL: a new page). */
static char *events_since(int port, const char *last_id)
{
    int fd = connect_loopback(port);
    if (fd < 0)
        return NULL;
    char req[512];
    int n = snprintf(req, sizeof(req),
                     "GET /events HTTP/1.1\r\nHost: 127.0.0.1:%d\r\n%s%s%s"
                     "\r\n",
                     port, last_id ? "Last-Event-ID: " : "",
                     last_id ? last_id : "", last_id ? "\r\n" : "");
    if (write(fd, req, (size_t)n) != n) {
        close(fd);
        return NULL;
    }
    size_t cap = 1 << 16, len = 0;
    char *buf = calloc(1, cap);
    struct pollfd p = {.fd = fd, .events = POLLIN};
    while (buf && len < cap - 1 && poll(&p, 1, 1000) == 1) {
        ssize_t r = read(fd, buf + len, cap - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
    }
    close(fd);
    return buf;
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *p = hay; p && (p = strstr(p, needle)); p++)
        n++;
    return n;
}

/* The desk's screen in a real browser: a code typed on the station's
 * keyboard input turns the open page green with the name; hostile names
 * are text and run nothing; a reload shows the latest decision; a
 * reconnect with Last-Event-ID gets what it missed; search, choose and
 * confirm by clicks checks the person in, journaled like a scan. */
static void station_screen_in_the_browser(void)
{
    const char *db = tu_path("station.db"), *out, *err;
    REQUIRE(demo_event(db, "web.csv", CSV));

    struct station_proc sp;
    REQUIRE(station_start(&sp, db, ""));
    if (!browser())
        return;
    REQUIRE(wd_get(sp.url) == 0);
    EXPECT_WAIT(HAS_TEXT("title", "desk-web"), "true", 10000);

    /* Scanned at the station: the page turns green with the name. */
    station_type(&sp, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    EXPECT_WAIT(TEXT_OF("word"), "\"ADMIT\"", 10000);
    char *v = wd_exec("return [document.body.className, "
                      "document.getElementById('name').textContent];");
    EXPECT_CONTAINS(v, "verdict-admit");
    EXPECT_CONTAINS(v, "window.__pwned=1");
    free(v);
    /* The colour the page is drawn in, not only its class. */
    EXPECT_EXEC(BODY_COLOUR, "\"rgb(10, 122, 47)\"");
    station_type(&sp, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    EXPECT_WAIT(HAS_TEXT("name", "<script>window.__pwned=2</script>"), "true",
                10000);
    EXPECT_EXEC("return [typeof window.__pwned, document.querySelectorAll("
                "'main img, main script').length];",
                "[\"undefined\",0]");
    /* The same code again, shown after the cooldown (--cooldown 0.05: the
     * debounce is a time by design, so this one wait is a time, twice
     * it): already checked in, shown amber or red. */
    usleep(100 * 1000);
    station_type(&sp, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    EXPECT_WAIT(HAS_TEXT("text", "lready"), "true", 10000);
    EXPECT_EXEC(BODY_COLOUR, "\"rgb(199, 120, 0)\"");
    screenshot("station-desk.png");

    /* A page opened later (a reload) shows the latest decision at once. */
    REQUIRE(wd_get(sp.base) == 0);
    EXPECT_WAIT(HAS_TEXT("text", "lready"), "true", 10000);
    /* A page that saw the first decision (event 2: the desk's first
     * event says the event has no supervisor) gets the two decisions
     * after it again. */
    char *ev = events_since(sp.port, "2");
    EXPECT_INT(count(ev, "event: decision"), 2);
    EXPECT_INT(count(ev, "\nid: 2\n"), 0);
    free(ev);
    ev = events_since(sp.port, NULL);
    EXPECT_INT(count(ev, "event: decision"), 1);
    free(ev);

    /* A sentence said to the desk (an undo at an event with no
     * supervisor: refused) stays until the next verdict, which clears it as
     * the terminal's message line is: it was about what came before
     * (issue 57: a wrong PIN's sentence stayed under the next person). */
    EXPECT_TRUE(wd_do("post({kind: 'undo', id: 3, text: 'test'}); return 1;"));
    EXPECT_WAIT("return document.querySelectorAll('#messages li').length;", "1",
                10000);
    v = wd_exec(TEXT_OF("messages"));
    EXPECT_CONTAINS(v, "needs a supervisor's PIN");
    free(v);

    /* Search, choose and confirm by clicks. */
    EXPECT_TRUE(wd_do("const e = document.getElementById('entry');"
                      "e.value = 'lovelace';"
                      "document.getElementById('search-form')"
                      ".requestSubmit(); return 1;"));
    EXPECT_WAIT("return document.querySelectorAll('#results button')"
                ".length;",
                "1", 10000);
    v = wd_exec("return document.querySelector('#results .more')"
                ".textContent;");
    EXPECT_CONTAINS(v, "example.com");
    EXPECT_CONTAINS(v, "not checked in");
    free(v);
    EXPECT_TRUE(
        wd_do("document.querySelector('#results button').click(); return 1;"));
    v = wd_exec(TEXT_OF("confirm-name"));
    EXPECT_CONTAINS(v, "Ada");
    free(v);
    EXPECT_TRUE(
        wd_do("document.getElementById('confirm-yes').click(); return 1;"));
    EXPECT_WAIT(HAS_TEXT("name", "Lovelace"), "true", 10000);
    EXPECT_EXEC(TEXT_OF("word"), "\"ADMIT\"");
    EXPECT_EXEC("return document.querySelectorAll('#messages li').length;",
                "0");
    screenshot("station-search.png");

    /* At 1280x800 and in a phone-sized window: nothing wider than the
     * window, every visible button at least 44 px each way, the name
     * inside the window. */
    for (int i = 0; i < 2; i++) {
        REQUIRE(wd_window(i ? 390 : 1280, i ? 844 : 800) == 0);
        /* Until the page is laid out at the new size. */
        EXPECT_WAIT(FITS, "[true,0,true]", 10000);
    }
    screenshot("station-phone.png");
    REQUIRE(wd_window(1280, 800) == 0);

    /* Only the station's own page changes anything. */
    char cookie[200];
    snprintf(cookie, sizeof(cookie),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n", sp.port,
             sp.token);
    char host[80];
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", sp.port);
    char *head = NULL, *body = NULL;
    const char *in = "{\"kind\":\"code\",\"text\":\"cccccccccccccccccccc"
                     "cccccccccccc\"}";
    EXPECT_INT(wd_http(sp.port, "POST", "/api/input", host, in, &head, &body),
               403);
    free(head);
    free(body);
    char evil[300];
    snprintf(evil, sizeof(evil), "%sOrigin: http://evil.example\r\n", cookie);
    EXPECT_INT(wd_http(sp.port, "POST", "/api/input", evil, in, &head, &body),
               403);
    EXPECT_CONTAINS(body, "own page");
    free(head);
    free(body);
    EXPECT_INT(wd_http(sp.port, "GET", "/", "Host: rebound.example:80\r\n",
                       NULL, &head, &body),
               421);
    free(head);
    free(body);
    wd_quit();
    station_stop(&sp);

    /* Every decision shown was journaled: three check-ins, one repeat. */
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, "checked in: 3; scans: 4");
    char *lines = tu_read_file(tu_path("station.out"), NULL);
    EXPECT_INT(count(lines, "\"decision\":"), 4);
    free(lines);
}

static const char KIOSK_CSV[] =
    "order_code,status,given_name,family_name,email,ticket_type,secret,"
    "ticket_id,tutorials\n"
    "KIO01,paid,Grace,Hopper,grace@example.com,individual,"
    "gggggggggggggggggggggggggggggggg,91001,pandas-intro\n"
    "KIO02,pending,Alan,Turing,alan@example.com,individual,"
    "tttttttttttttttttttttttttttttttt,91002,\n"
    "KIO03,paid,Katherine,Johnson,kj@example.com,student,"
    "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk,91003,\n";

/* The self check-in kiosk: an attendee's own greeting by first name and
 * one sentence, nothing of anyone else: no family name, order or email on
 * the page, nothing replayed to a page opened later, only codes taken,
 * and back to the welcome screen by itself. */
static void kiosk_shows_an_attendee_only_their_own_check_in(void)
{
    const char *db = tu_path("kiosk.db"), *out, *err;
    REQUIRE(demo_event(db, "kiosk.csv", KIOSK_CSV));

    struct station_proc sp;
    REQUIRE(station_start(&sp, db, "--kiosk"));
    if (!browser())
        return;
    REQUIRE(wd_get(sp.url) == 0);
    EXPECT_WAIT(HAS_TEXT("status", "ready"), "true", 10000);

    /* A paid registration: greeted by first name, told what prints. */
    station_type(&sp, "gggggggggggggggggggggggggggggggg");
    EXPECT_WAIT(HAS_TEXT("headline", "Welcome, Grace!"), "true", 10000);
    char *v = wd_exec("return document.body.textContent;");
    EXPECT_CONTAINS(v, "You are checked in.");
    EXPECT_TRUE(v && !strstr(v, "Hopper") && !strstr(v, "KIO01") &&
                !strstr(v, "example.com"));
    free(v);
    screenshot("kiosk.png");

    /* A page opened now shows the welcome screen, not Grace. */
    REQUIRE(wd_get(sp.base) == 0);
    v = wd_wait(HAS_TEXT("status", "ready"), "true", 10000);
    free(v);
    v = wd_exec("return document.body.textContent;");
    EXPECT_TRUE(v && !strstr(v, "Grace"));
    free(v);

    /* Unpaid: one sentence sends them to the desk. */
    station_type(&sp, "tttttttttttttttttttttttttttttttt");
    EXPECT_WAIT(HAS_TEXT("text", "not paid"), "true", 10000);
    v = wd_exec("return document.body.textContent;");
    EXPECT_CONTAINS(v, "registration desk");
    EXPECT_TRUE(v && !strstr(v, "Alan") && !strstr(v, "Turing"));
    free(v);

    /* A scanner typing into the kiosk page (a keyboard wedge). */
    EXPECT_TRUE(wd_do("document.getElementById('code').value = "
                      "'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk';"
                      "document.getElementById('wedge').requestSubmit();"
                      "return 1;"));
    EXPECT_WAIT(HAS_TEXT("headline", "Welcome, Katherine!"), "true", 10000);
    /* And after a few seconds, the welcome screen again. */
    EXPECT_WAIT(TEXT_OF("headline"), "\"Welcome!\"", 15000);

    /* Nothing but codes, even with the token. */
    char cookie[200];
    snprintf(cookie, sizeof(cookie),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n", sp.port,
             sp.token);
    char *head = NULL, *body = NULL;
    EXPECT_INT(wd_http(sp.port, "POST", "/api/input", cookie,
                       "{\"kind\":\"search\",\"text\":\"grace\"}", &head,
                       &body),
               400);
    EXPECT_CONTAINS(body, "only takes codes");
    free(head);
    free(body);
    /* Nor a supervisor's override, for the unpaid registration it just
     * refused; and the page offers none. */
    EXPECT_INT(wd_http(sp.port, "POST", "/api/input", cookie,
                       "{\"kind\":\"override\",\"id\":2,\"text\":"
                       "\"paid in cash at the desk\"}",
                       &head, &body),
               400);
    EXPECT_CONTAINS(body, "only takes codes");
    free(head);
    free(body);
    EXPECT_EXEC("return [document.getElementById('override'),"
                " document.body.textContent.includes('verride')];",
                "[null,false]");
    /* A stream opened now replays nobody. */
    char *ev = events_since(sp.port, "0");
    EXPECT_INT(count(ev, "event: decision"), 0);
    free(ev);
    wd_quit();
    station_stop(&sp);
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, "checked in: 2; scans: 3");
}

/* A supervisor's override at the desk's screen: an unpaid registration
 * refused, then Override..., a reason, confirm: ADMIT on an override,
 * printed like any first check-in, and the journal, stats and export say
 * it was one and why.  A reason of blanks is refused in one sentence. */
static void a_supervisor_overrides_an_unpaid_registration(void)
{
    const char *db = tu_path("override.db"), *out, *err;
    REQUIRE(demo_event(db, "override.csv", KIOSK_CSV));

    struct station_proc sp;
    char extra[1024];
    snprintf(extra, sizeof(extra),
             "--printer 'file:%s' --model QL-800 --media 62x100",
             tu_path("override-labels.bin"));
    REQUIRE(station_start(&sp, db, extra));
    if (!browser())
        return;
    REQUIRE(wd_get(sp.url) == 0);
    EXPECT_WAIT(HAS_TEXT("title", "desk-web"), "true", 10000);

    /* A paid registration offers no override. */
    station_type(&sp, "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk");
    EXPECT_WAIT(TEXT_OF("word"), "\"ADMIT\"", 10000);
    EXPECT_EXEC("return document.getElementById('override').hidden;", "true");

    /* Unpaid: DENY, and the supervisor's button. */
    station_type(&sp, "tttttttttttttttttttttttttttttttt");
    EXPECT_WAIT(TEXT_OF("word"), "\"DENY\"", 10000);
    EXPECT_EXEC("return document.getElementById('override').hidden;", "false");

    /* Blanks for a reason: refused in one sentence, still DENY. */
    EXPECT_TRUE(
        wd_do("document.getElementById('override').click(); return 1;"));
    char *v =
        wd_exec("return [document.getElementById('override-panel').hidden,"
                " document.getElementById('override-name').textContent,"
                " document.getElementById('override-status').textContent];");
    EXPECT_CONTAINS(v, "false,");
    EXPECT_CONTAINS(v, "Turing");
    EXPECT_CONTAINS(v, "pending");
    free(v);
    EXPECT_TRUE(wd_do("document.getElementById('override-reason').value = "
                      "'   '; document.getElementById('override-yes')"
                      ".click(); return 1;"));
    EXPECT_WAIT(HAS_TEXT("messages", "needs the supervisor"), "true", 10000);
    EXPECT_EXEC(TEXT_OF("word"), "\"DENY\"");

    /* With a reason, confirmed: ADMIT on the override, labels printed. */
    EXPECT_TRUE(
        wd_do("document.getElementById('override').click(); return 1;"));
    EXPECT_TRUE(wd_do("document.getElementById('override-reason').value = "
                      "'paid in cash at the desk';"
                      "document.getElementById('override-yes').click();"
                      "return 1;"));
    EXPECT_WAIT(TEXT_OF("word"), "\"ADMIT\"", 10000);
    v = wd_exec("return [document.getElementById('text').textContent,"
                " document.getElementById('name').textContent,"
                " document.getElementById('override').hidden];");
    EXPECT_CONTAINS(v, "supervisor's override");
    EXPECT_CONTAINS(v, "paid in cash at the desk");
    EXPECT_CONTAINS(v, "Turing");
    EXPECT_CONTAINS(v, ",true]");
    free(v);
    EXPECT_WAIT(HAS_TEXT("print", "Sent to the printer"), "true", 15000);
    screenshot("station-override.png");

    /* An override posted for someone not refused on the screen (the paid
     * attendee) changes nothing. */
    char cookie[300];
    snprintf(cookie, sizeof(cookie),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n", sp.port,
             sp.token);
    char *head = NULL, *body = NULL;
    EXPECT_INT(wd_http(sp.port, "POST", "/api/input", cookie,
                       "{\"kind\":\"override\",\"id\":3,\"text\":\"vip "
                       "guest\"}",
                       &head, &body),
               200);
    free(head);
    free(body);
    EXPECT_WAIT(HAS_TEXT("messages", "override the refusal shown"), "true",
                10000);
    wd_quit();
    station_stop(&sp);

    /* Journaled as an override with its reason, before it was shown. */
    REQUIRE(tu_checkin(tu_format("stats '%s'", db), &out, &err) == 0);
    EXPECT_CONTAINS(out, "checked in: 2; scans: 3");
    EXPECT_CONTAINS(out, "Overrides: 1 admitted");
    REQUIRE(tu_checkin(tu_format("export '%s' checkins --format csv", db), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "91002,KIO02,Alan Turing,");
    EXPECT_CONTAINS(out, "paid in cash at the desk");
    REQUIRE(tu_checkin(tu_format("export '%s' scans --format csv", db), &out,
                       &err) == 0);
    EXPECT_CONTAINS(out, "admit,override-unpaid,in,paid in cash at the desk");
    char *lines = tu_read_file(tu_path("station.out"), NULL);
    EXPECT_CONTAINS(lines, "\"reason\":\"override-unpaid\"");
    EXPECT_CONTAINS(lines, "\"override\":\"paid in cash at the desk\"");
    EXPECT_INT(count(lines, "\"event\":\"print\""), 2);
    free(lines);
}

/* The station serves four live pages to one device: a fifth page there
 * says it is not connected, and once one of the four closes it connects
 * by itself (the browser would give up on a refused stream) and shows
 * the next decision. */
static void a_refused_page_connects_when_a_place_frees(void)
{
    const char *db = tu_path("refused.db");
    REQUIRE(demo_event(db, "refused.csv", KIOSK_CSV));
    struct station_proc sp;
    REQUIRE(station_start(&sp, db, ""));
    int held[4];
    for (int i = 0; i < 4; i++) {
        held[i] = tu_events(sp.port, 10000);
        EXPECT_TRUE(held[i] >= 0);
    }
    if (!browser())
        return;
    REQUIRE(wd_get(sp.url) == 0);
    EXPECT_WAIT(TEXT_OF("status"), "\"not connected\"", 10000);
    close(held[0]);
    EXPECT_WAIT(TEXT_OF("status"), "\"connected\"", 20000);
    station_type(&sp, "gggggggggggggggggggggggggggggggg");
    EXPECT_WAIT(TEXT_OF("word"), "\"ADMIT\"", 10000);
    for (int i = 1; i < 4; i++)
        if (held[i] >= 0)
            close(held[i]);
    wd_quit();
    station_stop(&sp);
}

/* The bundled demo event at a desk whose printer cannot confirm printing
 * (a file): 25 people checked in, their badges sent, and one of them
 * cancelled since.  At a laptop's 1366 x 768 the anomalies show the one
 * real anomaly on top and the unconfirmed badges as one line, not 25,
 * every table fits its card, and the page tells the time in the event's
 * zone. */
static void dashboard_anomalies_at_scale_fit_a_laptop(void)
{
    const char *db = tu_path("scale.db");
    const char *out, *err;
    REQUIRE(tu_checkin(tu_format("init '%s' '%s'", db, tu_demo_event_ini()),
                       &out, &err) == 0);
    REQUIRE(tu_checkin(tu_format("import '%s' '%s/demo/registrations.csv'", db,
                                 CONFIG_DIR),
                       &out, &err) == 0);
    /* The first 25 paid people's codes, as their confirmations carry
     * them; Olivia (48243) among them. */
    REQUIRE(tu_sh("sqlite3 '%s' \"SELECT s.secret FROM ticket_secret s JOIN "
                  "attendee a ON a.id = s.attendee_id WHERE a.status = 'paid' "
                  "ORDER BY a.ticket_id <> '48243', a.ticket_id LIMIT 25\" "
                  "> '%s'",
                  db, tu_path("codes.txt")) == 0);
    REQUIRE(tu_sh("'%s' scan '%s' --station desk --name desk-1 --keyboard "
                  "--json --printer 'file:%s' --model QL-800 --media 62x100 "
                  "< '%s' > '%s' 2>&1",
                  CHECKIN_BIN, db, tu_path("labels.bin"), tu_path("codes.txt"),
                  tu_path("desk.out")) == 0);
    /* Olivia's order is cancelled after she was admitted. */
    static const char cancelled[] =
        "order_code,status,badge_name,email,ticket_type,family_name,"
        "given_name,secret,ticket_id\n"
        "NTBWU,cancelled,,olivia.hw@example.com,individual,Hartley-Whitmore,"
        "Olivia,xkb346zeaty3cvp6ghfc8fsz2wuhkq4h,48243\n";
    REQUIRE(tu_write_file(tu_path("cancel.csv"), cancelled,
                          strlen(cancelled)) == 0);
    REQUIRE(tu_checkin(tu_format("import '%s' '%s'", db, tu_path("cancel.csv")),
                       &out, &err) == 0);

    struct server sv;
    REQUIRE(dashboard_start(&sv, tu_format("'%s' --listen 127.0.0.1:0", db)));
    if (!browser())
        return;
    REQUIRE(wd_window(1366, 768) == 0);
    REQUIRE(wd_get(sv.url) == 0);
    EXPECT_WAIT(TEXT_OF("checked-in"), "\"25\"", 20000);
    /* The first line is the real one; the unconfirmed badges are one
     * line after it; nobody is listed as having no printed badge. */
    char *first =
        wd_exec("return document.querySelector('#anomalies li').textContent;");
    EXPECT_CONTAINS(first, "Olivia");
    EXPECT_CONTAINS(first, "is now cancelled");
    free(first);
    EXPECT_EXEC("return Array.from(document.querySelectorAll('#anomalies "
                "li'), l => l.className).join(' ');",
                "\" unconfirmed\"");
    char *all = wd_exec(TEXT_OF("anomalies"));
    EXPECT_CONTAINS(all, "25 badges went to printers that cannot confirm "
                         "printing");
    EXPECT_NOT_CONTAINS(all, "no printed badge");
    free(all);
    /* Nothing wider than the window or than its card. */
    EXPECT_EXEC("return [document.documentElement.scrollWidth <= "
                "window.innerWidth, Array.from(document.querySelectorAll("
                "'main section')).filter(s => s.scrollWidth > "
                "s.clientWidth).map(s => s.querySelector('h2').textContent)];",
                "[true,[]]");
    /* The page's clock is the event's (America/Los_Angeles in the demo),
     * not the machine's (UTC in CI): the minute now or the one before. */
    EXPECT_EXEC("const f = (ms) => 'updated ' + new Intl.DateTimeFormat("
                "'en-GB', {timeZone: 'America/Los_Angeles', hour: '2-digit', "
                "minute: '2-digit'}).format(new Date(ms));"
                "const t = document.getElementById('status').textContent;"
                "return t.includes(f(Date.now())) || "
                "t.includes(f(Date.now() - 60000));",
                "true");
    EXPECT_TRUE(wd_do("document.getElementById('anomalies').closest("
                      "'section').scrollIntoView(); return 1;"));
    screenshot("dashboard-anomalies.png");
    wd_quit();
    dashboard_stop(&sv);
}

TU_MAIN(TU_CASE(dashboard_http_rules), TU_CASE(dashboard_refusals),
        TU_CASE(dashboard_matches_stats),
        TU_CASE(dashboard_live_and_hostile_names),
        TU_CASE(the_dashboard_undoes_a_checkin_as_checkin_undo_does),
        TU_CASE(station_screen_in_the_browser),
        TU_CASE(kiosk_shows_an_attendee_only_their_own_check_in),
        TU_CASE(a_supervisor_overrides_an_unpaid_registration),
        TU_CASE(a_refused_page_connects_when_a_place_frees),
        TU_CASE(dashboard_anomalies_at_scale_fit_a_laptop))
