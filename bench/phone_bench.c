/* A phone at a door, measured: time from a ticket entering the camera's
 * view to its verdict on the phone's page, and the CPU it costs, against
 * the station's own camera path on the same frames in the same run.
 *
 *   - the phone: a real `checkin scan` door with --web as its only input
 *     and a real headless Chromium (tests/webdriver.c) on its /scan page,
 *     whose fake camera plays a video made here: 640x480 at 30 frames a
 *     second, an empty desk, then each of 24 tutorial tickets (their
 *     signed codes from `checkin issue`, drawn with libqrencode, moved a
 *     little every frame and softened by a 3x3 blur) held in view for
 *     1 s with 0.5 s of empty desk between.  Every frame carries its
 *     number in a strip of 16 black or white blocks along its top edge;
 *     the page reads the strip of each frame the video element presents
 *     (requestVideoFrameCallback), so a ticket "enters" at the first
 *     presented frame that holds it, and its verdict is the moment the
 *     name element changed to that person (a MutationObserver); both on
 *     the page's own clock (performance.now()).
 *   - the peer: the same frames written to `checkin scan --frames -` at
 *     30 a second, paced on this machine's clock; a ticket enters when
 *     its first frame is written, its verdict is its JSON line read.
 *   - CPU: user + system time of Chromium's processes (browser, GPU,
 *     renderer: the phone's battery stands in for it) and of the station,
 *     over the time the tickets are shown, in ms per second; and the
 *     browser's over the 10 s of empty desk after the last ticket.
 *   - the page as it is (decoding a frame only when the picture changed,
 *     scan.js) and told to decode every frame (window.checkinScan.gate =
 *     false), in turn, each round: the idle gate's before and after in
 *     one run.
 *
 * Prints a Markdown table; never passes or fails.  Needs chromium,
 * chromium-driver (scripts/setup --tests) and a build with the phones'
 * decoder (scripts/setup --phones). */
#include <dirent.h>
#include <poll.h>
#include <qrencode.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "testutil.h"
#include "webdriver.h"

#define W 640
#define H 480
#define FPS 30
#define TICKETS 24
#define ROUNDS 3 /* phone, native, phone, ...: latencies pooled */
#define LEAD 150 /* 5 s of empty desk while the page loads its decoder */
#define GAP 15   /* empty desk between two tickets */
#define HOLD 30  /* frames each ticket is in view */
#define IDLE 300 /* 10 s of empty desk after the last ticket */
#define FRAMES (LEAD + TICKETS * (GAP + HOLD) + 2 * GAP + IDLE)
#define STRIP 20 /* the frame number's blocks: STRIP x STRIP pixels */

/* The first frame ticket `k` is in view. */
static int entry_frame(int k)
{
    return LEAD + k * (GAP + HOLD) + GAP;
}

/* The ticket in view in frame `n`, or -1. */
static int ticket_in(int n)
{
    if (n < LEAD)
        return -1;
    int k = (n - LEAD) / (GAP + HOLD), at = (n - LEAD) % (GAP + HOLD);
    return k < TICKETS && at >= GAP ? k : -1;
}

static int64_t mono_us(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
    if (!n)
        return 0;
    qsort(v, n, sizeof(*v), cmp_d);
    return v[(size_t)(p * (double)(n - 1) + 0.5)];
}

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "phone_bench: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

/* The door's event: the demo event and TICKETS people in pandas-intro;
 * each one's signed tutorial ticket in codes[]. */
static const char *event(char codes[TICKETS][512])
{
    static char db[1024];
    char csv[1024], args[4096];
    snprintf(db, sizeof(db), "%s", tu_path("phone.db"));
    snprintf(csv, sizeof(csv), "%s", tu_path("phone.csv"));
    FILE *f = fopen(csv, "w");
    if (!f)
        fail("cannot write", csv);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name,"
          "family_name,email,tutorials\n",
          f);
    for (int i = 0; i < TICKETS; i++)
        fprintf(f,
                "%d,PB%04d,paid,individual,phone%027d,Given%d,Family%d,"
                "p%d@example.com,pandas-intro\n",
                93001 + i, i, i, i, i, i);
    fclose(f);
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s/demo/event.ini'", db,
             CONFIG_DIR);
    if (tu_checkin(args, &out, &err))
        fail("checkin init", err);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    if (tu_checkin(args, &out, &err))
        fail("checkin import", err);
    for (int i = 0; i < TICKETS; i++) {
        snprintf(args, sizeof(args), "issue '%s' %d --tutorial pandas-intro",
                 db, 93001 + i);
        if (tu_checkin(args, &out, &err))
            fail("checkin issue", err);
        snprintf(codes[i], 512, "%.*s", (int)strcspn(out, "\r\n"), out);
    }
    return db;
}

struct qr {
    int width; /* modules */
    unsigned char *dark;
};

/* Frame `n`: the desk, the ticket in view (its QR code with a quiet
 * zone, 5 pixels a module, moved a little every frame as a hand holds
 * it), a 3x3 box blur as a phone's lens; then the frame number. */
static void draw(uint8_t *y, const struct qr *qrs, int n)
{
    static uint8_t sharp[W * H];
    memset(sharp, 190, sizeof(sharp));
    int k = ticket_in(n);
    if (k >= 0) {
        const struct qr *q = &qrs[k];
        int mod = 5, side = (q->width + 8) * mod;
        int x0 = (W - side) / 2 + (n % 7) * 3 - 9,
            y0 = (H - side) / 2 + (n % 5) * 2;
        for (int r = 0; r < side; r++)
            for (int c = 0; c < side; c++) {
                int mr = r / mod - 4, mc = c / mod - 4;
                bool dark = mr >= 0 && mc >= 0 && mr < q->width &&
                            mc < q->width && (q->dark[mr * q->width + mc] & 1);
                if (y0 + r >= 0 && y0 + r < H && x0 + c >= 0 && x0 + c < W)
                    sharp[(y0 + r) * W + x0 + c] = dark ? 30 : 235;
            }
    }
    for (int r = 0; r < H; r++)
        for (int c = 0; c < W; c++) {
            int sum = 0, cnt = 0;
            for (int i = -1; i <= 1; i++)
                for (int j = -1; j <= 1; j++)
                    if (r + i >= 0 && r + i < H && c + j >= 0 && c + j < W) {
                        sum += sharp[(r + i) * W + c + j];
                        cnt++;
                    }
            y[r * W + c] = (uint8_t)(sum / cnt);
        }
    for (int b = 0; b < 16; b++) {
        uint8_t v = (n >> (15 - b)) & 1 ? 0 : 255;
        for (int r = 0; r < STRIP; r++)
            memset(y + r * W + b * STRIP, v, STRIP);
    }
}

/* Every frame as Y4M, the fake camera's file. */
static void write_video(const struct qr *qrs, const char *y4m)
{
    FILE *v = fopen(y4m, "wb");
    if (!v)
        fail("cannot write the videos", y4m);
    fprintf(v, "YUV4MPEG2 W%d H%d F%d:1 Ip A1:1 C420jpeg\n", W, H, FPS);
    static uint8_t y[W * H], uv[W * H / 2];
    memset(uv, 128, sizeof(uv));
    for (int n = 0; n < FRAMES; n++) {
        draw(y, qrs, n);
        fputs("FRAME\n", v);
        fwrite(y, 1, sizeof(y), v);
        fwrite(uv, 1, sizeof(uv), v);
    }
    if (fclose(v))
        fail("cannot write the videos", y4m);
}

/* The fields of /proc/PID/stat after the command's name (which may hold
 * spaces), in `buf`; NULL when the process is gone. */
static const char *stat_of(pid_t pid, char *buf, size_t cap)
{
    char path[64];
    snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return NULL;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    const char *p = strrchr(buf, ')');
    return p && p[1] ? p + 2 : NULL;
}

/* User + system CPU time, in ms, of process `pid`. */
static double cpu_ms(pid_t pid)
{
    char buf[1024];
    const char *p = stat_of(pid, buf, sizeof(buf));
    unsigned long ut = 0, st = 0;
    if (!p || sscanf(p, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu",
                     &ut, &st) != 2)
        return 0;
    return (double)(ut + st) * 1000.0 / (double)sysconf(_SC_CLK_TCK);
}

static pid_t parent_of(pid_t pid)
{
    char buf[1024];
    const char *p = stat_of(pid, buf, sizeof(buf));
    int ppid = 0;
    return p && sscanf(p, "%*c %d", &ppid) == 1 ? ppid : 0;
}

/* CPU ms of every process descended from this one except `skip` (the
 * station) and its own: chromedriver and the Chromium it started. */
static double browser_cpu_ms(pid_t skip)
{
    double sum = 0;
    DIR *d = opendir("/proc");
    struct dirent *e;
    while (d && (e = readdir(d))) {
        char *end;
        long n = strtol(e->d_name, &end, 10);
        pid_t pid = *end ? 0 : (pid_t)n;
        if (pid <= 0 || pid == skip)
            continue;
        pid_t p = pid;
        for (int depth = 0; p > 1 && depth < 64; depth++) {
            p = parent_of(p);
            if (p == skip)
                break;
            if (p == getpid()) {
                sum += cpu_ms(pid);
                break;
            }
        }
    }
    if (d)
        closedir(d);
    return sum;
}

struct result {
    double lat[TICKETS * ROUNDS];
    int seen, decisions;
    double cpu_browser, cpu_station; /* ms per second of tickets shown */
    double cpu_idle;   /* the browser, ms per second of the empty desk after */
    double cpu_camera; /* the browser playing the camera, decoding nothing */
    double looked, decoded; /* the page's frames, over all its rounds */
};

/* The page's record of each presented frame's number and each name shown,
 * on its own clock. */
static const char WATCH[] =
    "window.__frames = {}; window.__shown = {};"
    "const v = document.getElementById('video');"
    "const c = document.createElement('canvas');"
    "c.width = 16 * "
    "20"
    "; c.height = 20;"
    "const x = c.getContext('2d', {willReadFrequently: true});"
    "function f() {"
    " x.drawImage(v, 0, 0, c.width, c.height, 0, 0, c.width, c.height);"
    " const d = x.getImageData(0, 0, c.width, c.height).data;"
    " let n = 0;"
    " for (let b = 0; b < 16; b++)"
    "  n = n * 2 + (d[(10 * c.width + 10 + 20 * b) * 4] < 128 ? 1 : 0);"
    " if (!(n in window.__frames)) window.__frames[n] = performance.now();"
    " v.requestVideoFrameCallback(f);"
    "}"
    "v.requestVideoFrameCallback(f);"
    "new MutationObserver(() => {"
    " const t = document.getElementById('name').textContent;"
    " if (t && !(t in window.__shown)) window.__shown[t] = performance.now();"
    "}).observe(document.getElementById('name'),"
    " {childList: true, characterData: true, subtree: true});"
    "return 1;";

static const char CAMERA_ONLY[] =
    "const v = document.createElement('video');"
    "v.muted = true; v.playsInline = true; document.body.appendChild(v);"
    "navigator.mediaDevices.getUserMedia({audio: false, video: {width:"
    " {ideal: 1280}, height: {ideal: 720}}})"
    ".then(s => { v.srcObject = s; return v.play(); })"
    ".then(() => { window.__playing = true; });"
    "return 1;";

/* One round at the phone, added to `r`: the page as it is (`gate`), or
 * told to decode every frame (the page before its idle gate). */
static void phone(const char *db, const char *y4m, bool gate, struct result *r)
{
    char cmd[4096];
    const char *errpath = tu_path("phone-station.err");
    unlink(errpath); /* the last round's link is not this one's */
    snprintf(cmd, sizeof(cmd),
             "exec '%s' scan '%s' --station door:pandas-intro --name "
             "door-phone --json --offline --clock '2027-05-12 09:00' --web "
             "127.0.0.1:0 >'%s' 2>'%s' </dev/null",
             CHECKIN_BIN, db, tu_path("phone-station.out"), errpath);
    struct tu_proc st;
    if (!tu_spawn(&st, cmd, 0))
        fail("the station did not start", NULL);
    char *err = tu_wait_file(errpath, "Phones scan at: http", 20000);
    struct tu_link link;
    if (!tu_find_link(err, "Phones scan at: ", &link))
        fail("the station printed no phones' link", err);
    free(err);
    char cam[1200];
    snprintf(cam, sizeof(cam), "--use-file-for-fake-video-capture=%s", y4m);
    const char *const extra[] = {"--use-fake-ui-for-media-stream",
                                 "--use-fake-device-for-media-stream", cam,
                                 NULL};
    if (wd_start_with(tu_path("profile"), extra) || wd_get(link.url))
        fail("the page did not open", NULL);
    if (!wd_do(WATCH))
        fail("the page's watch did not start", NULL);
    if (!gate && !wd_do("window.checkinScan.gate = false; return 1;"))
        fail("the page's gate could not be turned off", NULL);
    /* The first ticket's frame reaches the page after the lead-in. */
    const char *want = "true";
    char probe[256];
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d && +n < "
             "%d);",
             entry_frame(0) - 10, entry_frame(0));
    free(wd_wait(probe, want, 30000));
    double b0 = browser_cpu_ms(st.pid), s0 = cpu_ms(st.pid);
    int64_t t0 = mono_us();
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d);",
             entry_frame(TICKETS - 1) + HOLD + GAP);
    free(wd_wait(probe, want, 120000));
    double b1 = browser_cpu_ms(st.pid);
    int64_t t1 = mono_us();
    double secs = (double)(t1 - t0) / 1e6;
    r->cpu_browser += (b1 - b0) / secs / ROUNDS;
    r->cpu_station += (cpu_ms(st.pid) - s0) / secs / ROUNDS;
    /* The empty desk after the last ticket, until shortly before the
     * video starts again. */
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d);",
             FRAMES - 10);
    free(wd_wait(probe, want, 60000));
    r->cpu_idle += (browser_cpu_ms(st.pid) - b1) /
                   ((double)(mono_us() - t1) / 1e6) / ROUNDS;
    char *fr = wd_exec("return [window.checkinScan.frames, "
                       "window.checkinScan.decoded];");
    double looked = 0, decoded = 0;
    if (fr && sscanf(fr, "[%lf,%lf]", &looked, &decoded) == 2) {
        r->looked += looked;
        r->decoded += decoded;
    }
    free(fr);
    char *got = wd_exec("return JSON.stringify([window.__frames, "
                        "window.__shown]);");
    json_t *s = got ? json_loads(got, JSON_DECODE_ANY, NULL) : NULL;
    json_t *both =
        json_is_string(s) ? json_loads(json_string_value(s), 0, NULL) : NULL;
    json_t *frames = json_array_get(both, 0), *shown = json_array_get(both, 1);
    for (int k = 0; k < TICKETS; k++) {
        double enter = -1;
        for (int n = entry_frame(k); n < entry_frame(k) + HOLD; n++) {
            char key[16];
            snprintf(key, sizeof(key), "%d", n);
            json_t *t = json_object_get(frames, key);
            if (json_is_number(t) &&
                (enter < 0 || json_number_value(t) < enter))
                enter = json_number_value(t);
        }
        char name[64];
        snprintf(name, sizeof(name), "Given%d Family%d", k, k);
        json_t *t = json_object_get(shown, name);
        if (enter >= 0 && json_is_number(t))
            r->lat[r->seen++] = json_number_value(t) - enter;
    }
    json_decref(both);
    json_decref(s);
    free(got);
    /* The camera alone: the same browser playing the same fake camera
     * into a video element of a page of the station's own address (a
     * secure context) that decodes nothing, for 10 s (once a round). */
    if (!gate) {
        wd_quit();
        tu_stop(&st, SIGTERM, 20000, "the phone's station");
        r->decisions += tu_lines_with(tu_path("phone-station.out"),
                                      "\"decision\"", "Family");
        return;
    }
    char plain[300];
    snprintf(plain, sizeof(plain), "http://127.0.0.1:%d/camera-only",
             link.port);
    if (wd_get(plain) || !wd_do(CAMERA_ONLY))
        fail("the camera-only page did not open", plain);
    free(wd_wait("return window.__playing === true;", want, 20000));
    double c0 = browser_cpu_ms(st.pid);
    int64_t u0 = mono_us();
    usleep(10 * 1000 * 1000); /* a window to measure over, not a wait */
    r->cpu_camera += (browser_cpu_ms(st.pid) - c0) /
                     ((double)(mono_us() - u0) / 1e6) / ROUNDS;
    wd_quit();
    tu_stop(&st, SIGTERM, 20000, "the phone's station");
    r->decisions +=
        tu_lines_with(tu_path("phone-station.out"), "\"decision\"", "Family");
}

/* One round at the station's own camera path, added to `r`; each frame
 * drawn as it is due. */
static void native(const char *db, const struct qr *qrs, struct result *r)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' scan '%s' --station door:pandas-intro --name "
             "door-native --json --offline --clock '2027-05-12 09:00' "
             "--frames - --size %dx%d --format GREY --frame-ms %d "
             "2>'%s'",
             CHECKIN_BIN, db, W, H, 1000 / FPS, tu_path("native.err"));
    struct tu_proc st;
    if (!tu_spawn(&st, cmd, TU_PIPE_IN | TU_PIPE_OUT))
        fail("the station did not start", NULL);
    static uint8_t y[W * H];
    static char line[1 << 16];
    size_t have = 0;
    double shown_us[TICKETS];
    int64_t enter_us[TICKETS];
    for (int k = 0; k < TICKETS; k++)
        shown_us[k] = -1;
    int64_t t0 = mono_us(), c0 = 0;
    double s0 = 0;
    for (int n = 0; n < FRAMES; n++) {
        draw(y, qrs, n);
        int64_t due = t0 + (int64_t)n * 1000000 / FPS;
        /* Until the frame is due, read the station's lines as they come. */
        for (;;) {
            int64_t now = mono_us();
            int wait = now < due ? (int)((due - now + 999) / 1000) : 0;
            struct pollfd p = {st.out, POLLIN, 0};
            if (poll(&p, 1, wait) > 0) {
                ssize_t got =
                    read(st.out, line + have, sizeof(line) - 1 - have);
                if (got > 0) {
                    int64_t at = mono_us();
                    have += (size_t)got;
                    line[have] = '\0';
                    char *nl;
                    while ((nl = strchr(line, '\n'))) {
                        *nl = '\0';
                        json_t *o = json_loads(line, 0, NULL);
                        const char *name =
                            json_string_value(json_object_get(o, "badge_name"));
                        int k = -1;
                        if (name && json_object_get(o, "decision") &&
                            sscanf(name, "Given%d", &k) == 1 && k >= 0 &&
                            k < TICKETS) {
                            r->decisions++;
                            if (shown_us[k] < 0)
                                shown_us[k] = (double)at;
                        }
                        json_decref(o);
                        have -= (size_t)(nl + 1 - line);
                        memmove(line, nl + 1, have + 1);
                    }
                }
            }
            if (mono_us() >= due)
                break;
        }
        if (n == entry_frame(0)) {
            c0 = mono_us();
            s0 = cpu_ms(st.pid);
        }
        int k = ticket_in(n);
        if (k >= 0 && n == entry_frame(k))
            enter_us[k] = mono_us();
        if (write(st.in, y, sizeof(y)) != (ssize_t)sizeof(y))
            fail("the station stopped reading frames", NULL);
    }
    double secs = (double)(mono_us() - c0) / 1e6;
    r->cpu_station += (cpu_ms(st.pid) - s0) / secs / ROUNDS;
    tu_stop(&st, 0, 20000, "the native station");
    for (int k = 0; k < TICKETS; k++)
        if (shown_us[k] >= 0)
            r->lat[r->seen++] = (shown_us[k] - (double)enter_us[k]) / 1000.0;
}

int main(void)
{
    if (!wd_available())
        fail("chromium and chromedriver are not installed; run "
             "scripts/setup --tests",
             NULL);
    char codes[TICKETS][512];
    const char *db = event(codes);
    struct qr qrs[TICKETS];
    for (int k = 0; k < TICKETS; k++) {
        QRcode *q =
            QRcode_encodeString(codes[k], 0, QR_ECLEVEL_M, QR_MODE_8, 1);
        if (!q)
            fail("libqrencode could not encode", codes[k]);
        qrs[k].width = q->width;
        qrs[k].dark = malloc((size_t)q->width * (size_t)q->width);
        memcpy(qrs[k].dark, q->data, (size_t)q->width * (size_t)q->width);
        QRcode_free(q);
    }
    const char *y4m = tu_path("tickets.y4m");
    write_video(qrs, y4m);
    static struct result ph, every, nat;
    for (int round = 0; round < ROUNDS; round++) {
        /* The page as it is and the page decoding every frame, in turn
         * first, then the station's own path. */
        phone(tu_copy(db, "phone-door.db"), y4m, round % 2 == 0,
              round % 2 == 0 ? &ph : &every);
        phone(tu_copy(db, "phone-door.db"), y4m, round % 2 != 0,
              round % 2 != 0 ? &ph : &every);
        native(tu_copy(db, "native-door.db"), qrs, &nat);
    }
    printf("| %d rounds of %d tickets, %dx%d at %d fps, each in view %.1f s "
           "| verdicts seen | decisions | entering view to verdict p50 ms | "
           "p90 ms | max ms | CPU ms/s (browser) | CPU ms/s, empty desk "
           "(browser) | frames decoded / looked at | CPU ms/s (station) |\n"
           "|---|---|---|---|---|---|---|---|---|---|\n",
           ROUNDS, TICKETS, W, H, FPS, (double)HOLD / FPS);
    const struct result *pages[] = {&ph, &every};
    const char *names[] = {
        "a phone's /scan page (Chromium, WebAssembly decoder)",
        "the same page decoding every frame (before its idle gate)"};
    for (int i = 0; i < 2; i++) {
        struct result *p = (struct result *)pages[i];
        size_t np = (size_t)p->seen;
        printf("| %s | %zu | %d | %.0f | %.0f | %.0f | %.0f | %.0f | "
               "%.0f / %.0f | %.0f |\n",
               names[i], np, p->decisions, pct(p->lat, np, 0.5),
               pct(p->lat, np, 0.9), pct(p->lat, np, 1.0), p->cpu_browser,
               p->cpu_idle, p->decoded, p->looked, p->cpu_station);
    }
    size_t nn = (size_t)nat.seen;
    printf("| peer: the station's own camera path (`--frames`) | %zu | %d | "
           "%.0f | %.0f | %.0f | - | - | - | %.0f |\n",
           nn, nat.decisions, pct(nat.lat, nn, 0.5), pct(nat.lat, nn, 0.9),
           pct(nat.lat, nn, 1.0), nat.cpu_station);
    printf("| the same browser playing the same camera, decoding nothing | - "
           "| - | - | - | - | %.0f | - | - | - |\n",
           ph.cpu_camera);
    for (int k = 0; k < TICKETS; k++)
        free(qrs[k].dark);
    return 0;
}
