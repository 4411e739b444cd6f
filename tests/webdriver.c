/* The tests' browser: chromium over WebDriver (see webdriver.h). */
#include "webdriver.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <netinet/in.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"

#define CHROMIUM "/usr/bin/chromium"
#define CHROMEDRIVER "/usr/bin/chromedriver"

static int driver_port;
static pid_t driver_pid;
/* The browsers: the first session, and another (wd_start_another); the
 * commands go to sessions[current]. */
static char sessions[2][128];
static int current;

void wd_track(pid_t pgid)
{
    tu_track(pgid);
}

void wd_forget(pid_t pgid)
{
    tu_forget(pgid);
}

int wd_free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t len = sizeof(a);
    int port = -1;
    if (fd >= 0 && !bind(fd, (struct sockaddr *)&a, sizeof(a)) &&
        !getsockname(fd, (struct sockaddr *)&a, &len))
        port = ntohs(a.sin_port);
    if (fd >= 0)
        close(fd);
    return port;
}

int wd_http(int port, const char *method, const char *path, const char *extra,
            const char *body, char **head, char **resp)
{
    return tu_http(port, method, path, extra, body, head, resp);
}

bool wd_available(void)
{
    return access(CHROMIUM, X_OK) == 0 && access(CHROMEDRIVER, X_OK) == 0;
}

/* A WebDriver command; returns the response's "value" (new reference) or
 * NULL after reporting the error. */
static json_t *command(const char *method, const char *path, json_t *body)
{
    char *text = body ? json_dumps(body, JSON_COMPACT) : NULL;
    char *resp = NULL;
    int st = wd_http(driver_port, method, path, NULL, text, NULL, &resp);
    free(text);
    json_t *j = resp ? json_loads(resp, 0, NULL) : NULL;
    json_t *value = j ? json_incref(json_object_get(j, "value")) : NULL;
    if (st != 200) {
        fprintf(stderr, "webdriver %s %s: HTTP %d: %.500s\n", method, path, st,
                resp ? resp : "(no answer)");
        json_decref(value);
        value = NULL;
    }
    json_decref(j);
    free(resp);
    return value;
}

int wd_start(const char *profile_dir)
{
    return wd_start_with(profile_dir, NULL);
}

/* A new browser session (its own Chromium) on the running chromedriver;
 * its id in `id`.  0 or -1. */
static int new_session(const char *profile_dir, const char *const *extra,
                       char id_out[128])
{
    char user_dir[4200];
    snprintf(user_dir, sizeof(user_dir), "--user-data-dir=%s", profile_dir);
    json_t *argv = json_pack(
        "[s, s, s, s, s, s, s, s]", "--headless=new", "--no-sandbox",
        "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900",
        "--no-first-run", "--disable-extensions", user_dir);
    for (size_t i = 0; argv && extra && extra[i]; i++)
        json_array_append_new(argv, json_string(extra[i]));
    json_t *caps =
        json_pack("{s:{s:{s:s, s:{s:s, s:o}}}}", "capabilities", "alwaysMatch",
                  "browserName", "chrome", "goog:chromeOptions", "binary",
                  CHROMIUM, "args", argv);
    json_t *ready = command("POST", "/session", caps);
    json_decref(caps);
    const char *id = json_string_value(json_object_get(ready, "sessionId"));
    if (!id) {
        json_decref(ready);
        return -1;
    }
    snprintf(id_out, 128, "%s", id);
    json_decref(ready);
    return 0;
}

int wd_start_with(const char *profile_dir, const char *const *extra)
{
    driver_port = wd_free_port();
    char port_arg[32];
    snprintf(port_arg, sizeof(port_arg), "--port=%d", driver_port);
    driver_pid = fork();
    if (driver_pid < 0)
        return -1;
    if (driver_pid == 0) {
        setsid();
        int null = open("/dev/null", O_RDWR);
        dup2(null, 0);
        dup2(null, 1);
        execl(CHROMEDRIVER, "chromedriver", port_arg, (char *)NULL);
        _exit(127);
    }
    wd_track(driver_pid);
    for (int i = 0; i < 200; i++) {
        char *resp = NULL;
        if (wd_http(driver_port, "GET", "/status", NULL, NULL, NULL, &resp) ==
            200) {
            free(resp);
            break;
        }
        free(resp);
        usleep(50 * 1000);
    }
    current = 0;
    return new_session(profile_dir, extra, sessions[0]);
}

int wd_start_another(const char *profile_dir, const char *const *extra)
{
    if (!sessions[0][0] || sessions[1][0])
        return -1;
    return new_session(profile_dir, extra, sessions[1]);
}

void wd_use(int which)
{
    current = which ? 1 : 0;
}

static const char *spath(const char *what)
{
    static char p[256];
    snprintf(p, sizeof(p), "/session/%s%s", sessions[current], what);
    return p;
}

int wd_get(const char *url)
{
    json_t *body = json_pack("{s:s}", "url", url);
    json_t *v = command("POST", spath("/url"), body);
    json_decref(body);
    if (!v)
        return -1;
    json_decref(v);
    return 0;
}

int wd_window(int width, int height)
{
    json_t *body = json_pack("{s:i, s:i}", "width", width, "height", height);
    json_t *v = command("POST", spath("/window/rect"), body);
    json_decref(body);
    if (!v)
        return -1;
    json_decref(v);
    return 0;
}

int wd_offline(bool offline)
{
    /* chromedriver's own command (Chromium's network emulation): every
     * request of the page fails at once, loopback included, as with no
     * network at all. */
    json_t *body = json_pack(
        "{s:{s:b, s:i, s:i, s:i}}", "network_conditions", "offline", offline,
        "latency", 0, "download_throughput", -1, "upload_throughput", -1);
    json_t *v = command("POST", spath("/chromium/network_conditions"), body);
    json_decref(body);
    if (!v)
        return -1;
    json_decref(v);
    return 0;
}

int wd_cdp(const char *cmd, const char *params)
{
    json_t *p = json_loads(params, 0, NULL);
    json_t *body = p ? json_pack("{s:s, s:o}", "cmd", cmd, "params", p) : NULL;
    json_t *v = body ? command("POST", spath("/goog/cdp/execute"), body) : NULL;
    json_decref(body);
    if (!v)
        return -1;
    json_decref(v);
    return 0;
}

char *wd_exec(const char *script)
{
    json_t *body = json_pack("{s:s, s:[]}", "script", script, "args");
    json_t *v = command("POST", spath("/execute/sync"), body);
    json_decref(body);
    if (!v)
        return NULL;
    char *text = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
    json_decref(v);
    return text;
}

bool wd_do(const char *script)
{
    char *v = wd_exec(script);
    bool ok = v && !strcmp(v, "1");
    free(v);
    return ok;
}

char *wd_wait(const char *script, const char *want, int timeout_ms)
{
    int64_t until = tu_mono_ms() + timeout_ms;
    char *v = NULL;
    for (;;) {
        free(v);
        v = wd_exec(script);
        if (v && !strcmp(v, want))
            return v;
        if (tu_mono_ms() > until)
            break;
        usleep(100 * 1000);
    }
    /* What the page showed when the wait gave up, for the failure's log. */
    char *seen = wd_exec("return [location.href, document.body ? "
                         "document.body.innerText.slice(0, 400) : null, "
                         "window.checkinScan || null];");
    fprintf(stderr,
            "wd_wait: gave up after %d ms waiting for %s; the page: %s\n",
            timeout_ms, want, seen ? seen : "(no answer from the browser)");
    free(seen);
    return v;
}

/* Where axe-core is looked for: the environment's CHECKIN_AXE_DIR, else
 * the build's (tests/CMakeLists.txt).  The benches that drive Chromium
 * through this file check no page, so their builds name no folder. */
#ifndef CHECKIN_AXE_DIR
#define CHECKIN_AXE_DIR ""
#endif
static const char *axe_dir(void)
{
    const char *dir = getenv("CHECKIN_AXE_DIR");
    return dir && *dir ? dir : CHECKIN_AXE_DIR;
}

const char *wd_axe_js(void)
{
    static char path[1024];
    snprintf(path, sizeof(path), "%s/node_modules/axe-core/axe.min.js",
             axe_dir());
    return access(path, R_OK) == 0 ? path : NULL;
}

bool wd_axe_ready(void)
{
    if (!wd_available()) {
        tu_skip("chromium and chromedriver are not installed");
        return false;
    }
    if (!wd_axe_js()) {
        tu_skip("axe-core is not installed in %s (run scripts/setup --tests)",
                axe_dir());
        return false;
    }
    return true;
}

/* The rules asked of axe-core, and each violation as a line of text:
 * "ID (IMPACT): SELECTOR, SELECTOR". */
static const char AXE_RUN[] =
    "return axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: "
    "['violations']}).then((r) => r.violations.map((v) => v.id + ' (' + "
    "v.impact + '): ' + v.nodes.map((n) => n.target.join(' ')).join(', ') "
    "+ ' [' + v.help + ']'));";

int wd_axe(char **report)
{
    *report = NULL;
    const char *js = wd_axe_js();
    if (!js) {
        *report = strdup("axe-core is not installed (scripts/setup --tests)");
        return -1;
    }
    /* Once a page: the script defines window.axe. */
    char *there = wd_exec("return typeof window.axe;");
    bool loaded = there && !strcmp(there, "\"object\"");
    free(there);
    if (!loaded) {
        size_t len = 0;
        char *src = tu_read_file(js, &len);
        static const char TAIL[] = "\n;return typeof window.axe;";
        char *script = src ? realloc(src, len + sizeof(TAIL)) : NULL;
        if (script)
            memcpy(script + len, TAIL, sizeof(TAIL));
        else
            free(src);
        char *v = script ? wd_exec(script) : NULL;
        loaded = v && !strcmp(v, "\"object\"");
        free(v);
        free(script);
        if (!loaded) {
            *report = strdup("axe-core could not be loaded into the page");
            return -1;
        }
    }
    char *v = wd_exec(AXE_RUN);
    json_t *list = v ? json_loads(v, JSON_DECODE_ANY, NULL) : NULL;
    free(v);
    if (!json_is_array(list)) {
        json_decref(list);
        *report = strdup("axe-core did not run in the page");
        return -1;
    }
    size_t cap = 1, i, len = 0;
    json_t *line;
    json_array_foreach(list, i, line)
    {
        const char *one = json_string_value(line);
        cap += strlen(one ? one : "?") + 3;
    }
    char *text = calloc(1, cap);
    json_array_foreach(list, i, line)
    {
        const char *one = json_string_value(line);
        if (text)
            len += (size_t)snprintf(text + len, cap - len, "  %s\n",
                                    one ? one : "?");
    }
    int n = (int)json_array_size(list);
    json_decref(list);
    *report = text;
    return n;
}

int wd_screenshot(const char *path)
{
    json_t *v = command("GET", spath("/screenshot"), NULL);
    const char *b64 = json_string_value(v);
    int rc = -1;
    if (b64) {
        size_t cap = strlen(b64), len = 0;
        unsigned char *png = malloc(cap);
        if (png && !sodium_base642bin(png, cap, b64, strlen(b64), NULL, &len,
                                      NULL, sodium_base64_VARIANT_ORIGINAL))
            rc = tu_write_file(path, png, len) ? -1 : 0;
        free(png);
    }
    json_decref(v);
    return rc;
}

void wd_quit(void)
{
    for (int i = 1; i >= 0; i--)
        if (sessions[i][0]) {
            current = i;
            json_decref(command("DELETE", spath(""), NULL));
            sessions[i][0] = '\0';
        }
    current = 0;
    if (driver_pid > 0) {
        kill(-driver_pid, SIGTERM);
        for (int i = 0; i < 50 && waitpid(driver_pid, NULL, WNOHANG) == 0; i++)
            usleep(100 * 1000);
        kill(-driver_pid, SIGKILL);
        waitpid(driver_pid, NULL, WNOHANG);
        wd_forget(driver_pid);
        driver_pid = 0;
    }
}
