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
#define MAX_TRACKED 16

static pid_t tracked[MAX_TRACKED];
static int driver_port;
static pid_t driver_pid;
static char session[128];

/* The write end of the reaper's pipe (-1: no reaper). */
static int reaper_fd = -1;

/* Tell the reaper about group `pgid` (-pgid: forget it; 0: forget every
 * group). */
static void tell_reaper(pid_t pgid)
{
    int32_t g = (int32_t)pgid;
    if (reaper_fd >= 0 && write(reaper_fd, &g, sizeof(g)) != sizeof(g)) {
        close(reaper_fd);
        reaper_fd = -1;
    }
}

/* A process that outlives this one by a moment: when the test dies
 * however it dies, SIGKILL from ctest's timeout included, the pipe's
 * write end closes and the reaper kills every group it was told of
 * (chromedriver with the Chromium it started, the dashboard).  Signal
 * handlers and atexit cannot do that for SIGKILL. */
static void start_reaper(void)
{
    int p[2];
    if (pipe2(p, O_CLOEXEC))
        return;
    pid_t pid = fork();
    if (pid < 0) {
        close(p[0]);
        close(p[1]);
        return;
    }
    if (pid == 0) {
        /* It holds nothing of the test's but its pipe: a pipe a test
         * writes to a station must close when the test closes it. */
        for (int fd = 3; fd < 4096; fd++)
            if (fd != p[0])
                close(fd);
        setsid(); /* not killed with the test's own process group */
        pid_t groups[4 * MAX_TRACKED];
        int n = 0;
        int32_t g;
        while (read(p[0], &g, sizeof(g)) == (ssize_t)sizeof(g)) {
            if (g == 0) {
                n = 0;
            } else if (g < 0) { /* forgotten: stopped by the test */
                for (int i = 0; i < n; i++)
                    if (groups[i] == -g)
                        groups[i--] = groups[--n];
            } else if (n < (int)(sizeof(groups) / sizeof(groups[0]))) {
                groups[n++] = (pid_t)g;
            }
        }
        for (int i = 0; i < n; i++)
            kill(-groups[i], SIGKILL);
        _exit(0);
    }
    close(p[0]);
    reaper_fd = p[1];
}

static void kill_tracked(void)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] > 0) {
            kill(-tracked[i], SIGKILL);
            waitpid(tracked[i], NULL, 0);
            tracked[i] = 0;
        }
    tell_reaper(0); /* all gone: nothing left for it to kill */
}

static void on_signal(int sig)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] > 0)
            kill(-tracked[i], SIGKILL);
    signal(sig, SIG_DFL);
    raise(sig);
}

void wd_track(pid_t pgid)
{
    static bool hooked;
    if (!hooked) {
        start_reaper();
        atexit(kill_tracked);
        signal(SIGINT, on_signal);
        signal(SIGTERM, on_signal);
        signal(SIGALRM, on_signal);
        hooked = true;
    }
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] <= 0) {
            tracked[i] = pgid;
            tell_reaper(pgid);
            return;
        }
}

void wd_forget(pid_t pgid)
{
    for (int i = 0; i < MAX_TRACKED; i++)
        if (tracked[i] == pgid)
            tracked[i] = 0;
    tell_reaper(-pgid);
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

/* Undo chunked transfer coding in place. */
static void unchunk(char *body)
{
    char *in = body, *out = body;
    for (;;) {
        char *end;
        unsigned long n = strtoul(in, &end, 16);
        char *line = strstr(end, "\r\n");
        if (!line || n == 0)
            break;
        in = line + 2;
        memmove(out, in, n);
        out += n;
        in += n;
        if (!strncmp(in, "\r\n", 2))
            in += 2;
    }
    *out = '\0';
}

/* Whether the response in buf[0..len) is complete (Content-Length, or
 * the last chunk); a response with neither ends at end of file. */
static bool whole(const char *buf, size_t len)
{
    if (!len)
        return false;
    const char *split = strstr(buf, "\r\n\r\n");
    if (!split)
        return false;
    size_t body = len - (size_t)(split + 4 - buf);
    const char *cl = strcasestr(buf, "\r\nContent-Length:");
    if (cl && cl < split)
        return body >= strtoul(cl + 17, NULL, 10);
    const char *te = strcasestr(buf, "\r\nTransfer-Encoding: chunked");
    if (te && te < split)
        return body >= 5 && !strcmp(buf + len - 5, "0\r\n\r\n");
    return false;
}

int wd_http(int port, const char *method, const char *path, const char *extra,
            const char *body, char **head, char **resp)
{
    if (head)
        *head = NULL;
    if (resp)
        *resp = NULL;
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_port = htons((uint16_t)port),
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a))) {
        if (fd >= 0)
            close(fd);
        return -1;
    }
    struct timeval tv = {.tv_sec = 60};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
    char *req = NULL;
    int n =
        asprintf(&req,
                 "%s %s HTTP/1.1\r\n%s%s%sContent-Length: %zu\r\n"
                 "Content-Type: application/json\r\n"
                 "Connection: close\r\n\r\n%s",
                 method, path, extra && strstr(extra, "Host:") ? "" : "Host: ",
                 extra && strstr(extra, "Host:") ? "" : "127.0.0.1\r\n",
                 extra ? extra : "", body ? strlen(body) : 0, body ? body : "");
    if (n < 0 || write(fd, req, (size_t)n) != n) {
        free(req);
        close(fd);
        return -1;
    }
    free(req);
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap);
    ssize_t r;
    if (buf)
        buf[0] = '\0';
    /* Until the body is whole: chromedriver keeps the connection open
     * whatever the request says. */
    while (buf && !whole(buf, len) &&
           (r = read(fd, buf + len, cap - len - 1)) > 0) {
        len += (size_t)r;
        buf[len] = '\0';
        if (cap - len < 4096) {
            char *bigger = realloc(buf, cap * 2);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    close(fd);
    if (!buf)
        return -1;
    buf[len] = '\0';
    int status = -1;
    char *split = strstr(buf, "\r\n\r\n");
    if (sscanf(buf, "HTTP/1.%*d %d", &status) != 1 || !split) {
        free(buf);
        return -1;
    }
    *split = '\0';
    char *b = split + 4;
    if (strcasestr(buf, "Transfer-Encoding: chunked"))
        unchunk(b);
    if (resp)
        *resp = strdup(b);
    if (head)
        *head = strdup(buf);
    free(buf);
    return status;
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
    json_t *ready = NULL;
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
    ready = command("POST", "/session", caps);
    json_decref(caps);
    const char *id = json_string_value(json_object_get(ready, "sessionId"));
    if (!id) {
        json_decref(ready);
        return -1;
    }
    snprintf(session, sizeof(session), "%s", id);
    json_decref(ready);
    return 0;
}

static const char *spath(const char *what)
{
    static char p[256];
    snprintf(p, sizeof(p), "/session/%s%s", session, what);
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
        if ((v && !strcmp(v, want)) || tu_mono_ms() > until)
            return v;
        usleep(100 * 1000);
    }
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
    if (session[0]) {
        json_decref(command("DELETE", spath(""), NULL));
        session[0] = '\0';
    }
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
