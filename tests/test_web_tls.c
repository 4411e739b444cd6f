/* The organizer's dashboard over HTTPS: the same server code as a
 * station's screen (web/), so `checkin dashboard --tls-cert --tls-key`
 * serves it the same way.  A real dashboard process and a real Chromium
 * that trusts the certificate made here (tests/tlscert.c) by its public
 * key's hash; a plain-HTTP request to the port gets no answer. */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "tlscert.h"
#include "webdriver.h"

/* `checkin dashboard DB --listen 127.0.0.1:0 MORE` started (tu_serve;
 * what it says in dashboard.out); its https:// link in `url`, 0 on
 * failure (reported). */
static pid_t dashboard_start(const char *db, const char *more, char *url,
                             size_t cap)
{
    const char *said = tu_path("dashboard.out");
    unlink(said);
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' dashboard '%s' --offline --listen 127.0.0.1:0 %s "
             ">'%s' 2>&1",
             CHECKIN_BIN, db, more, said);
    struct tu_proc p;
    struct tu_link link;
    if (!tu_serve(&p, cmd, said, "Dashboard of ", "the dashboard", &link))
        return 0;
    if (strncmp(link.url, "https://", 8)) {
        TU_FAIL_AT("the dashboard printed no https:// link: %s", link.url);
        return p.pid;
    }
    snprintf(url, cap, "%s", link.url);
    return p.pid;
}

static void dashboard_stop(pid_t pid)
{
    struct tu_proc p = {pid, -1, -1};
    int status = tu_stop(&p, SIGINT, 5000, "the dashboard");
    if (status != -1)
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* The dashboard over HTTPS shows its figures in Chromium; plain HTTP to
 * the same port gets no answer; a key that is not the certificate's is
 * refused with its sentence. */
static void the_dashboard_serves_https_with_its_certificate(void)
{
    const char *db = tu_path("event.db"), *out, *err;
    char args[2048];
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    REQUIRE(tu_checkin(args, &out, &err) == 0);
    char cert[TLSCERT_PATH], key[TLSCERT_PATH], other[512], spki[64],
        more[1200];
    REQUIRE(tlscert_named("dash", NULL, false, cert, key, spki));
    snprintf(other, sizeof(other), "%s", tu_path("other.key"));
    REQUIRE(tlscert_make_key(other, NULL));

    /* Refused at start: exit 1 with the sentence (a dashboard that
     * served instead would be ended by timeout, 124). */
    snprintf(args, sizeof(args),
             "timeout 10 '%s' dashboard '%s' --offline --listen 127.0.0.1:0 "
             "--tls-cert '%s' --tls-key '%s' >/dev/null 2>'%s' </dev/null",
             CHECKIN_BIN, db, cert, other, tu_path("refused.err"));
    int st = system(args);
    EXPECT_INT(WIFEXITED(st) ? WEXITSTATUS(st) : -1, 1);
    char *said = tu_read_file(tu_path("refused.err"), NULL);
    EXPECT_CONTAINS(said, "is not the certificate");
    free(said);

    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    snprintf(more, sizeof(more), "--tls-cert '%s' --tls-key '%s'", cert, key);
    char url[512] = "";
    pid_t pid = dashboard_start(db, more, url, sizeof(url));
    REQUIRE(pid > 0);
    int port = 0;
    EXPECT_INT(sscanf(url, "https://127.0.0.1:%d/", &port), 1);
    char host[64], *head = NULL, *resp = NULL;
    snprintf(host, sizeof(host), "Host: 127.0.0.1:%d\r\n", port);
    EXPECT_INT(wd_http(port, "GET", "/api/snapshot", host, NULL, &head, &resp),
               -1);
    free(head);
    free(resp);

    char trust[200];
    snprintf(trust, sizeof(trust), "--ignore-certificate-errors-spki-list=%s",
             spki);
    const char *const extra[] = {trust, NULL};
    if (wd_start_with(tu_path("profile"), extra) != 0) {
        TU_FAIL_AT("chromium did not start");
        dashboard_stop(pid);
        return;
    }
    EXPECT_INT(wd_get(url), 0);
    char *v = wd_wait("return location.protocol === 'https:' && "
                      "document.getElementById('checked-in').textContent "
                      "=== '0';",
                      "true", 20000);
    EXPECT_STR(v, "true");
    free(v);
    wd_quit();
    dashboard_stop(pid);
}

TU_MAIN(TU_CASE(the_dashboard_serves_https_with_its_certificate))
