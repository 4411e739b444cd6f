/* The organizer dashboard, as an organizer uses it: `checkin dashboard`
 * started as a real process, opened in a real browser (chromium over
 * WebDriver), its figures compared with `checkin stats` and the demo's
 * own summary, updating live while real `checkin scan` stations write to
 * the same file, and showing hostile names as text.  Screenshots go to
 * tests/screenshots/ in the build folder. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "webdriver.h"

struct server {
    pid_t pid;
    int port;
    char url[256];
};

/* Start `checkin dashboard ARGS` in a process group of its own and read the
 * link it prints; false (with the reason reported) if it does not start. */
static bool dashboard_start(struct server *sv, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd), "exec '%s' dashboard %s 2>>'%s'", CHECKIN_BIN,
             args, tu_path("dashboard.err"));
    int out[2];
    memset(sv, 0, sizeof(*sv));
    if (pipe2(out, O_CLOEXEC))
        return false;
    sv->pid = fork();
    if (sv->pid == 0) {
        setsid();
        dup2(out[1], 1);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(out[1]);
    wd_track(sv->pid);
    char line[512] = "";
    size_t len = 0;
    struct pollfd p = {.fd = out[0], .events = POLLIN};
    while (len < sizeof(line) - 1 && !strchr(line, '\n') &&
           poll(&p, 1, 10000) == 1) {
        ssize_t r = read(out[0], line + len, sizeof(line) - 1 - len);
        if (r <= 0)
            break;
        len += (size_t)r;
        line[len] = '\0';
    }
    close(out[0]);
    const char *u = strstr(line, "http://");
    if (!u) {
        char *err = tu_read_file(tu_path("dashboard.err"), NULL);
        TU_FAIL_AT("dashboard did not start: %s %s", line, err ? err : "");
        free(err);
        return false;
    }
    size_t n = strcspn(u, " \n");
    snprintf(sv->url, sizeof(sv->url), "%.*s", (int)n, u);
    const char *colon = strchr(u + strlen("http://"), ':');
    if (u[7] == '[')
        colon = strstr(u, "]:") ? strstr(u, "]:") + 1 : NULL;
    sv->port = colon ? (int)strtol(colon + 1, NULL, 10) : -1;
    return sv->port > 0;
}

/* Stop it as Ctrl-C would; it must exit 0 within 5 s. */
static void dashboard_stop(struct server *sv)
{
    if (sv->pid <= 0)
        return;
    kill(sv->pid, SIGINT);
    int status = -1;
    for (int i = 0; i < 50 && waitpid(sv->pid, &status, WNOHANG) == 0; i++)
        usleep(100 * 1000);
    if (status == -1) {
        TU_FAIL_AT("dashboard did not stop within 5 s of Ctrl-C");
        kill(-sv->pid, SIGKILL);
        waitpid(sv->pid, &status, 0);
    } else {
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    wd_forget(sv->pid);
    sv->pid = 0;
}

static bool browser(void)
{
    if (!wd_available()) {
        printf("SKIP: chromium and chromedriver are not installed; run "
               "scripts/setup --tests\n");
        exit(77);
    }
    return wd_start(tu_path("profile")) == 0;
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

/* The bundled demo's event (a desk, a door and a sponsor's booth have
 * run): every figure on the page equals `checkin stats` and the demo's
 * own summary. */
static void dashboard_matches_stats(void)
{
    const char *dir = tu_path("demo");
    const char *out, *err;
    char args[2048];
    snprintf(args, sizeof(args), "demo --out '%s'", dir);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    char *summary = strdup(out);
    char db[1024];
    snprintf(db, sizeof(db), "%s/event.db", dir);
    snprintf(args, sizeof(args), "stats '%s'", db);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    char *stats = strdup(out);
    long checked_in = -1, inside = -1, leads = -1;
    const char *p = strstr(stats, "checked in: ");
    REQUIRE(p && sscanf(p, "checked in: %ld", &checked_in) == 1);
    p = strstr(summary, "Door: ");
    p = p ? strstr(p, " inside now") : NULL;
    while (p && p > summary && p[-1] != ' ')
        p--;
    REQUIRE(p && sscanf(p, "%ld", &inside) == 1);
    p = strstr(summary, "Leads: ");
    REQUIRE(p && sscanf(p, "Leads: %ld recorded", &leads) == 1);
    REQUIRE(checked_in > 0 && inside > 0 && leads > 0);

    struct server sv;
    snprintf(args, sizeof(args), "'%s' --listen 127.0.0.1:0", db);
    REQUIRE(dashboard_start(&sv, args));
    REQUIRE(browser());
    REQUIRE(wd_get(sv.url) == 0);
    char want[64];
    snprintf(want, sizeof(want), "\"%ld\"", checked_in);
    char *v = wd_wait(TEXT_OF("checked-in"), want, 20000);
    EXPECT_STR(v, want);
    free(v);

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
        v = wd_exec(script);
        EXPECT_STR(v, expect);
        free(v);
    }
    snprintf(want, sizeof(want), "\"%ld\"", inside);
    v = wd_exec("const r = document.querySelector('#rooms "
                "tr[data-slug=\"pandas-intro\"]'); return r ? "
                "r.cells[1].textContent : null;");
    EXPECT_STR(v, want);
    free(v);
    snprintf(want, sizeof(want), "\"%ld\"", leads);
    v = wd_exec("const r = document.querySelector('#leads "
                "tr[data-sponsor=\"datawise\"]'); return r ? "
                "r.cells[1].textContent : null;");
    EXPECT_STR(v, want);
    free(v);
    /* The desk appears among the stations, with its scans. */
    v = wd_exec("return document.querySelectorAll('#stations tbody "
                "tr').length;");
    EXPECT_STR(v, "3");
    free(v);
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

static void dashboard_live_and_hostile_names(void)
{
    const char *db = tu_path("live.db"), *out, *err;
    char args[2048];
    snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", db,
             CONFIG_DIR);
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    REQUIRE(tu_write_file(tu_path("web.csv"), CSV, strlen(CSV)) == 0);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, tu_path("web.csv"));
    REQUIRE(tu_checkin(args, &out, &err) == 0);

    struct server sv;
    snprintf(args, sizeof(args), "'%s' --listen 127.0.0.1:0", db);
    REQUIRE(dashboard_start(&sv, args));
    REQUIRE(browser());
    REQUIRE(wd_get(sv.url) == 0);
    char *v = wd_wait(TEXT_OF("checked-in"), "\"0\"", 20000);
    EXPECT_STR(v, "\"0\"");
    free(v);

    /* Two desks check in three people; the open page follows. */
    desk_scan(db, "desk-a", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
    desk_scan(db, "desk-b", "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
    desk_scan(db, "desk-b", "cccccccccccccccccccccccccccccccc");
    v = wd_wait(TEXT_OF("checked-in"), "\"3\"", 10000);
    EXPECT_STR(v, "\"3\"");
    free(v);
    v = wd_exec(TEXT_OF("recent"));
    EXPECT_CONTAINS(v, "window.__pwned=1");
    EXPECT_CONTAINS(v, "<script>window.__pwned=2</script>");
    free(v);
    /* Shown as text: no element was made of them and nothing ran. */
    v = wd_exec("return [typeof window.__pwned, document.querySelectorAll("
                "'main img, main script').length];");
    EXPECT_STR(v, "[\"undefined\",0]");
    free(v);
    v = wd_exec("return document.querySelector('#arrivals-legend')"
                ".textContent;");
    EXPECT_STR(v, "\"desk-adesk-b\"");
    free(v);
    screenshot("dashboard-live.png");

    /* A page opened (or reloaded) later shows the latest figures at once. */
    REQUIRE(wd_get(sv.url) == 0);
    v = wd_wait(TEXT_OF("checked-in"), "\"3\"", 5000);
    EXPECT_STR(v, "\"3\"");
    free(v);

    /* The server stops; the page says it is not connected. */
    dashboard_stop(&sv);
    v = wd_wait("return document.getElementById('status').className;",
                "\"status offline\"", 10000);
    EXPECT_STR(v, "\"status offline\"");
    free(v);
    wd_quit();
}

/* What any client gets, browser or not: strict headers on every answer,
 * no inline script, no other site's name, nothing but GET, and on a
 * LAN address nothing without the printed link's token. */
static void dashboard_http_rules(void)
{
    const char *db = tu_demo_event();
    struct server sv;
    char args[2048], host[128];
    snprintf(args, sizeof(args), "'%s' --listen 127.0.0.1:0", db);
    REQUIRE(dashboard_start(&sv, args));
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
    dashboard_stop(&sv);

    /* Any address but loopback: the token, once, then a cookie. */
    snprintf(args, sizeof(args), "'%s' --listen 0.0.0.0:0", db);
    REQUIRE(dashboard_start(&sv, args));
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
    char args[2048];
    snprintf(args, sizeof(args), "dashboard '%s' --listen nonsense",
             tu_demo_event());
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "is not an address to listen on; give ADDR:PORT");
    snprintf(args, sizeof(args), "dashboard '%s'", tu_path("missing.db"));
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_TRUE(strlen(err) > 10 && !strchr(err, '\n') == 0);

    struct server sv;
    snprintf(args, sizeof(args), "'%s' --listen 127.0.0.1:0", tu_demo_event());
    REQUIRE(dashboard_start(&sv, args));
    snprintf(args, sizeof(args), "dashboard '%s' --listen 127.0.0.1:%d",
             tu_demo_event(), sv.port);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "the port is taken");
    dashboard_stop(&sv);
}

TU_MAIN(TU_CASE(dashboard_http_rules), TU_CASE(dashboard_refusals),
        TU_CASE(dashboard_matches_stats),
        TU_CASE(dashboard_live_and_hostile_names))
