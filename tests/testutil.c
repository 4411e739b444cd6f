/* Implementation of the test harness in testutil.h.  Plain C, no framework:
 * ctest runs each executable and reads its exit status. */
#include "testutil.h"

#include "checkin/credential.h"
#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/util.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int tu_failures;
static char tmpdir[4096];

void tu_fail(const char *file, int line, const char *fmt, ...)
{
    va_list ap;
    fprintf(stderr, "%s:%d: FAIL: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    tu_failures++;
}

static void cleanup(void)
{
    if (!tmpdir[0])
        return;
    if (tu_failures || getenv("TU_KEEP")) {
        fprintf(stderr, "kept test files in %s\n", tmpdir);
        return;
    }
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
}

const char *tu_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof(tmpdir), "%s/checkin-test-XXXXXX",
                 base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(1);
        }
        atexit(cleanup);
    }
    return tmpdir;
}

const char *tu_path(const char *name)
{
    static char ring[64][4096];
    static unsigned next;
    char *p = ring[next++ % 64];
    snprintf(p, 4096, "%s/%s", tu_tmpdir(), name);
    return p;
}

char *tu_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap + 1);
    size_t got;
    while (buf && (got = fread(buf + n, 1, cap - n, f)) > 0) {
        n += got;
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2 + 1);
            if (!bigger) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (!buf)
        return NULL;
    buf[n] = '\0';
    if (len)
        *len = n;
    return buf;
}

int tu_write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f)
        return -1;
    size_t w = fwrite(data, 1, len, f);
    return (fclose(f) == 0 && w == len) ? 0 : -1;
}

int tu_checkin(const char *args, const char **out, const char **err)
{
    static char *outbuf, *errbuf;
    free(outbuf);
    free(errbuf);
    outbuf = errbuf = NULL;
    const char *o = tu_path(".stdout"), *e = tu_path(".stderr");
    size_t need = strlen(args) + 2 * strlen(o) + 64 + sizeof(CHECKIN_BIN);
    char *cmd = malloc(need);
    if (!cmd)
        return -1;
    snprintf(cmd, need, "%s %s >'%s' 2>'%s' </dev/null", CHECKIN_BIN, args, o,
             e);
    int st = system(cmd);
    free(cmd);
    outbuf = tu_read_file(o, NULL);
    errbuf = tu_read_file(e, NULL);
    if (out)
        *out = outbuf ? outbuf : "";
    if (err)
        *err = errbuf ? errbuf : "";
    if (st == -1 || !WIFEXITED(st))
        return -1;
    return WEXITSTATUS(st);
}

int tu_sh(const char *fmt, ...)
{
    char cmd[8192];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(cmd, sizeof(cmd), fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof(cmd)) {
        fprintf(stderr, "tu_sh: command too long\n");
        return -1;
    }
    return system(cmd);
}

int tu_tmux_available(void)
{
    return system("tmux -V >/dev/null 2>&1") == 0;
}

const char *tu_tmux_socket(void)
{
    static char sock[64];
    if (!sock[0])
        snprintf(sock, sizeof(sock), "checkin-test-%ld", (long)getpid());
    return sock;
}

void tu_tmux_start(const char *args, const char *record)
{
    const char *sock = tu_tmux_socket();
    tu_sh("tmux -L %s kill-session -t t 2>/dev/null", sock);
    /* Recording: the program waits for a line on its terminal, so that
     * pipe-pane is in place before it writes anything. */
    if (tu_sh("tmux -L %s new-session -d -s t -x 100 -y 32 \"%senv "
              "TERM=xterm LC_ALL=C.UTF-8 %s %s\"",
              sock, record ? "read go; exec " : "", CHECKIN_BIN, args)) {
        TU_FAIL_AT("tmux did not start: %s", args);
        return;
    }
    if (record) {
        if (tu_sh("tmux -L %s pipe-pane -t t \"cat >> '%s'\"", sock, record))
            TU_FAIL_AT("tmux pipe-pane failed");
        tu_tmux_keys("Enter");
    }
}

char *tu_tmux_screen(void)
{
    const char *out = tu_path("screen.txt");
    if (tu_sh("tmux -L %s capture-pane -p -t t > '%s'", tu_tmux_socket(), out))
        return NULL;
    return tu_read_file(out, NULL);
}

char *tu_tmux_wait_for(const char *text)
{
    char *s = NULL;
    for (int i = 0; i < 100; i++) {
        free(s);
        s = tu_tmux_screen();
        if (s && strstr(s, text))
            return s;
        usleep(100 * 1000);
    }
    return s;
}

void tu_tmux_keys(const char *keys)
{
    tu_sh("tmux -L %s send-keys -t t %s", tu_tmux_socket(), keys);
}

void tu_tmux_stop(void)
{
    tu_sh("tmux -L %s kill-server 2>/dev/null", tu_tmux_socket());
}

int tu_run(const struct tu_case *cases, size_t n, int argc, char **argv)
{
    int ran = 0, failed = 0;
    for (size_t i = 0; i < n; i++) {
        if (argc > 1) {
            int wanted = 0;
            for (int a = 1; a < argc; a++)
                wanted |= strcmp(argv[a], cases[i].name) == 0;
            if (!wanted)
                continue;
        }
        int before = tu_failures;
        cases[i].fn();
        ran++;
        if (tu_failures != before) {
            failed++;
            printf("not ok %d - %s\n", ran, cases[i].name);
        } else {
            printf("ok %d - %s\n", ran, cases[i].name);
        }
        fflush(stdout);
    }
    printf("%d passed, %d failed\n", ran - failed, failed);
    return failed ? 1 : 0;
}

uint32_t tu_rand(uint32_t *state)
{
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    return *state = x;
}

int64_t tu_mono_ms(void)
{
    return util_mono_ms();
}

const char *tu_copy(const char *src, const char *name)
{
    const char *dst = tu_path(name);
    size_t len;
    char *data = tu_read_file(src, &len);
    if (!data || tu_write_file(dst, data, len))
        TU_FAIL_AT("copying %s to %s", src, dst);
    free(data);
    return dst;
}

const char *tu_demo_event(void)
{
    static int made;
    const char *db = tu_path("event.db");
    if (made)
        return db;
    struct ck_error err = {0};
    store *s = NULL;
    struct import_counts n;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load(s, CONFIG_DIR "/demo/event.ini", &err) ||
        credential_create_key(s, tu_path("event.key"), &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err))
        TU_FAIL_AT("making the demo event: %s", err.msg);
    store_close(s);
    made = 1;
    return db;
}
