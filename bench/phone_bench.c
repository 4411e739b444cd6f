/* A phone at a door, measured: time from a ticket entering the camera's
 * view to its verdict on the phone's page, and the CPU and network it
 * costs, for the page as shipped (decoding in the browser), for a page
 * that uploads its frames to be decoded by the station, and against the
 * station's own camera path on the same frames, in the same run.
 *
 *   - the phone: a real `checkin scan` door with --web as its only input
 *     and a real headless Chromium (tests/webdriver.c) on its /scan page,
 *     whose fake camera plays a video made here: 640x480 at 30 frames a
 *     second, an empty desk, then each of 100 tutorial tickets (their
 *     signed codes from `checkin issue`, drawn with libqrencode, moved a
 *     little every frame and softened by a 3x3 blur) held in view for
 *     0.8 s with 0.2 s of empty desk between.  Every frame carries its
 *     number in a strip of 16 black or white blocks along its top edge;
 *     the page reads the strip of each frame the video element presents
 *     (requestVideoFrameCallback), so a ticket "enters" at the first
 *     presented frame that holds it, and its verdict is the moment the
 *     name element changed to that person (a MutationObserver, one
 *     record a change), or the page listed that person's verdict as
 *     answered late (an older read's answer after a newer one's: the
 *     screen keeps the newer); both on the page's own clock
 *     (performance.now()).
 *   - the upload alternative: a page served by this bench (UPLOAD_PAGE;
 *     not part of checkin) with the same camera, which sends each frame
 *     the video element presents, as a JPEG of quality JPEG_Q from a
 *     canvas, to an endpoint this bench runs with libmicrohttpd; that
 *     decodes the JPEG to luma with libjpeg and the luma with checkin's
 *     own decoder (the station's, DECODE_VIDEO) and sends a code it read
 *     to the real station's /api/scan as the page does, answering the
 *     page with the station's answer.  One frame in flight, the newest
 *     presented meanwhile next (as scan.js sent codes until issue 31's
 *     misses; a frame replaced so is never decoded).
 *   - both pages behind Chromium's network emulation (the CDP command
 *     Network.emulateNetworkConditions through chromedriver): a phone's
 *     Wi-Fi, UP_BPS up, DOWN_BPS down, LATENCY_MS added to each request.
 *   - the peer: the same frames written to `checkin scan --frames -` at
 *     30 a second, paced on this machine's clock; a ticket enters when
 *     its first frame is written, its verdict is its JSON line read.
 *   - CPU: user + system time of Chromium's processes (browser, GPU,
 *     renderer: the phone's battery stands in for it) and of the station
 *     (with the upload endpoint's thread, for the upload page), over the
 *     time the tickets are shown, in ms per second; and the browser's
 *     over the 5 s of empty desk after the last ticket.  Bytes: the
 *     bodies the page's fetch() sent (HTTP headers not counted).
 *   - each round runs the shipped page, the upload page and the peer,
 *     the two pages' order swapped every round.
 *
 * Prints a Markdown table and the load average; never passes or fails.
 * Then each page's tickets with no verdict, by where they were lost: never
 * read (by the page's decoder, or the upload endpoint's), read and never
 * sent (the page's read() and fetch() watched), sent and not decided
 * (the station's --json lines), decided and not shown; on stderr each
 * such ticket, with the request the page was waiting on when it was
 * first read.  PHONE_BENCH_CHECKIN=PATH runs the stations (and so their
 * pages) of another build, to measure one before a change beside one
 * after in the same window; PHONE_BENCH_LATENCY_MS=MS adds MS instead of
 * LATENCY_MS to each request.
 * Needs chromium, chromium-driver (scripts/setup --tests) and a build
 * with the phones' decoder (scripts/setup --phones).  24 minutes at load 12-25,
 * and a 1.5 GB video in its temporary folder. */
#include <dirent.h>
#include <poll.h>
#include <pthread.h>
#include <qrencode.h>
#include <setjmp.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>
#include <jpeglib.h>
#include <microhttpd.h>

#include "checkin/decode.h"
#include "testutil.h"
#include "webdriver.h"

#define W 640
#define H 480
#define FPS 30
#define TICKETS 100 /* at most; `phone_bench ROUNDS TICKETS` may ask fewer */
#define ROUNDS 3    /* pages in turn, then native: latencies pooled */
#define MAX_ROUNDS 20
static int tickets = TICKETS, rounds = ROUNDS;
#define LEAD 150     /* 5 s of empty desk while the page loads its decoder */
#define GAP 6        /* empty desk between two tickets */
#define HOLD 24      /* frames each ticket is in view */
#define IDLE 150     /* 5 s of empty desk after the last ticket */
#define JPEG_Q "0.8" /* the upload page's canvas.toBlob() quality */
/* A phone's Wi-Fi (docs/phones.md, "Figures", says where from): bytes a
 * second up and down, ms added to each request. */
#define UP_BPS (20000000 / 8)
#define DOWN_BPS (40000000 / 8)
#define LATENCY_MS 10
/* PHONE_BENCH_LATENCY_MS: another added to each request, a Wi-Fi slow to
 * answer (1500: each answer takes longer than a ticket is in view). */
static int latency_ms = LATENCY_MS;
#define FRAMES (LEAD + tickets * (GAP + HOLD) + 2 * GAP + IDLE)
#define STRIP 20 /* the frame number's blocks: STRIP x STRIP pixels */

/* The checkin the stations run: PHONE_BENCH_CHECKIN, another build's
 * (its /scan page, say, before a change, beside this build's in the same
 * window), or this build's. */
static const char *station_bin(void)
{
    const char *other = getenv("PHONE_BENCH_CHECKIN");
    return other && *other ? other : CHECKIN_BIN;
}

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
    return k < tickets && at >= GAP ? k : -1;
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
    for (int i = 0; i < tickets; i++)
        fprintf(f,
                "%d,PB%04d,paid,individual,phone%027d,Given%d,Family%d,"
                "p%d@example.com,pandas-intro\n",
                93001 + i, i, i, i, i, i);
    fclose(f);
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'", db, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err))
        fail("checkin init", err);
    snprintf(args, sizeof(args), "import '%s' '%s'", db, csv);
    if (tu_checkin(args, &out, &err))
        fail("checkin import", err);
    for (int i = 0; i < tickets; i++) {
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
    double lat[TICKETS * MAX_ROUNDS];
    int seen, decisions;
    /* Tickets with no verdict on the page: never read (by the page's
     * decoder, or the upload endpoint's), read and never sent, sent and
     * not decided by the station, decided and not shown. */
    int unread, unsent, undecided, unshown;
    int late; /* verdicts the page listed as answered late (counted seen) */
    double cpu_browser, cpu_station; /* ms per second of tickets shown */
    double cpu_idle;   /* the browser, ms per second of the empty desk after */
    double cpu_camera; /* the browser playing the camera, decoding nothing */
    double looked, decoded; /* the page's frames, over all its rounds */
    double bytes, posts;    /* the page's request bodies a second */
    double rtt[MAX_ROUNDS]; /* each round's median request, ms */
    int rounds;
};

/* The page's record of each presented frame's number and each name shown,
 * on its own clock, and of the bodies its fetch() calls sent. */
static const char WATCH[] =
    "window.__frames = {}; window.__shown = {}; window.__sent = [0, 0];"
    "window.__read = {}; window.__posts = {};"
    "performance.setResourceTimingBufferSize(1000000);"
    "const of = window.fetch;"
    "window.fetch = function (u, o) {"
    " if (o && o.body) {"
    "  window.__sent[0]++;"
    "  window.__sent[1] += typeof o.body === 'string' ?"
    "   new TextEncoder().encode(o.body).length : (o.body.size || 0);"
    " }"
    " let t = null;"
    " try { t = o && typeof o.body === 'string' ? JSON.parse(o.body).text"
    "  : null; }"
    " catch (e) { t = null; }"
    " const p = of.apply(this, arguments);"
    " if (t) {"
    "  const a = [performance.now(), -1];"
    "  (window.__posts[t] = window.__posts[t] || []).push(a);"
    "  p.finally(() => { a[1] = performance.now(); }).catch(() => {});"
    " }"
    " return p;"
    "};"
    /* The shipped page's reads as its decoder made them: scan.js's
     * read() is a global function of a classic script, so wrapping the
     * window's property wraps its calls. */
    "if (typeof window.read === 'function') {"
    " const or = window.read;"
    " window.read = function (r) {"
    "  (window.__read[r.text] = window.__read[r.text] || [])"
    "   .push(performance.now());"
    "  return or.apply(this, arguments);"
    " };"
    "}"
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
    /* Each name the verdict showed, one record a change (reading the
     * element once a callback missed the first of two answers taken in
     * one task), and each answer the shipped page listed as late (an
     * older read's, answered after a newer one's verdict: scan.js keeps
     * the newer on the screen). */
    "window.__late = 0;"
    "function seen(t) {"
    " if (t && !(t in window.__shown)) window.__shown[t] = performance.now();"
    "}"
    "new MutationObserver((recs) => {"
    " for (const r of recs) for (const n of r.addedNodes) seen(n.textContent);"
    "}).observe(document.getElementById('name'), {childList: true});"
    "const later = document.getElementById('later');"
    "if (later) new MutationObserver((recs) => {"
    " for (const r of recs) for (const n of r.addedNodes) {"
    "  const m = /^Answered late: (Given\\d+ Family\\d+) /"
    "   .exec(n.textContent);"
    "  if (m) { window.__late++; seen(m[1]); }"
    " }"
    "}).observe(later, {childList: true});"
    "return 1;";

static const char CAMERA_ONLY[] =
    "const v = document.createElement('video');"
    "v.muted = true; v.playsInline = true; document.body.appendChild(v);"
    "navigator.mediaDevices.getUserMedia({audio: false, video: {width:"
    " {ideal: 1280}, height: {ideal: 720}}})"
    ".then(s => { v.srcObject = s; return v.play(); })"
    ".then(() => { window.__playing = true; });"
    "return 1;";

/* The upload alternative's page: each presented frame as a JPEG to
 * /frame, one in flight and the newest presented meanwhile next; the
 * station's answer's name shown as scan.js shows it. */
static const char UPLOAD_PAGE[] =
    "<!doctype html><meta charset=utf-8><title>Frames to the station</title>"
    "<video id=video muted playsinline></video><div id=name></div>"
    "<script>\n"
    "const v = document.getElementById('video');\n"
    "const nm = document.getElementById('name');\n"
    "const c = document.createElement('canvas'), x = c.getContext('2d');\n"
    "window.checkinScan = {frames: 0, decoded: 0};\n"
    "let sending = false, waiting = null;\n"
    "function post(b) {\n"
    " sending = true;\n"
    " window.checkinScan.decoded++;\n"
    " fetch('/frame', {method: 'POST', body: b,\n"
    "                  headers: {'Content-Type': 'image/jpeg'}})\n"
    "  .then((r) => (r.ok ? r.json() : {}))\n"
    "  .then((a) => { if (a.decision) nm.textContent = a.decision.name; })\n"
    "  .catch(() => {})\n"
    "  .finally(() => {\n"
    "   sending = false;\n"
    "   if (waiting) { const n = waiting; waiting = null; post(n); }\n"
    "  });\n"
    "}\n"
    "function frame() {\n"
    " window.checkinScan.frames++;\n"
    " if (c.width !== v.videoWidth || c.height !== v.videoHeight) {\n"
    "  c.width = v.videoWidth; c.height = v.videoHeight;\n"
    " }\n"
    " x.drawImage(v, 0, 0);\n"
    " c.toBlob((b) => { if (!b) return; if (sending) waiting = b;"
    " else post(b); }, 'image/jpeg', " JPEG_Q ");\n"
    " v.requestVideoFrameCallback(frame);\n"
    "}\n"
    "navigator.mediaDevices.getUserMedia({audio: false, video: {width:"
    " {ideal: 1280}, height: {ideal: 720}}})\n"
    " .then((s) => { v.srcObject = s; return v.play(); })\n"
    " .then(() => v.requestVideoFrameCallback(frame));\n"
    "</script>\n";

/* The tickets' codes, as event() made them. */
static char codes[TICKETS][512];

/* The ticket whose code is `text`, or -1. */
static int ticket_of(const char *text)
{
    for (int k = 0; k < tickets; k++)
        if (!strcmp(codes[k], text))
            return k;
    return -1;
}

/* The upload endpoint: its own thread (libmicrohttpd's), one decoder. */
struct upload {
    struct MHD_Daemon *daemon;
    int port, station_port;
    char token[80];
    decoder *dec;
    unsigned long reads; /* codes sent to the station */
    clockid_t cpu;       /* the endpoint thread's CPU clock */
    atomic_bool have_cpu;
    atomic_ulong frames; /* JPEGs received */
    bool read[TICKETS];  /* tickets whose code the endpoint read */
    atomic_ullong bytes; /* their bytes */
};

struct frame_body {
    unsigned char *data;
    size_t len, cap;
    bool too_big;
};

#define MAX_FRAME (8u << 20)

struct jpeg_fail {
    struct jpeg_error_mgr mgr;
    jmp_buf jump;
};

static void jpeg_exit(j_common_ptr ci)
{
    longjmp(((struct jpeg_fail *)ci->err)->jump, 1);
}

static void jpeg_quiet(j_common_ptr ci, int level)
{
    (void)ci;
    (void)level;
}

/* The luma of a JPEG (libjpeg, as checkin's image loader reads one), in
 * `f`, its pixels malloc'd; false when it is no JPEG. */
static bool jpeg_luma(const unsigned char *data, size_t len,
                      struct gray_frame *f)
{
    struct jpeg_decompress_struct ci;
    struct jpeg_fail fail_at;
    uint8_t *volatile px = NULL;
    ci.err = jpeg_std_error(&fail_at.mgr);
    fail_at.mgr.error_exit = jpeg_exit;
    fail_at.mgr.emit_message = jpeg_quiet;
    if (setjmp(fail_at.jump)) {
        jpeg_destroy_decompress(&ci);
        free(px);
        return false;
    }
    jpeg_create_decompress(&ci);
    jpeg_mem_src(&ci, data, (unsigned long)len);
    jpeg_read_header(&ci, TRUE);
    ci.out_color_space = JCS_GRAYSCALE;
    jpeg_start_decompress(&ci);
    size_t w = ci.output_width, h = ci.output_height;
    px = malloc(w * h);
    if (!px)
        longjmp(fail_at.jump, 1);
    while (ci.output_scanline < ci.output_height) {
        JSAMPROW row = px + (size_t)ci.output_scanline * w;
        jpeg_read_scanlines(&ci, &row, 1);
    }
    jpeg_finish_decompress(&ci);
    jpeg_destroy_decompress(&ci);
    *f = (struct gray_frame){px, (int)w, (int)h, w};
    return true;
}

static enum MHD_Result reply(struct MHD_Connection *c, unsigned status,
                             const char *type, const char *body)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(
        strlen(body), (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

/* One frame: its luma decoded, a code read sent to the station as the
 * page sends one; the station's answer, or {} when no code was read. */
static enum MHD_Result take_frame(struct upload *u, struct MHD_Connection *c,
                                  const struct frame_body *b)
{
    atomic_fetch_add(&u->frames, 1);
    atomic_fetch_add(&u->bytes, b->len);
    struct gray_frame f;
    if (b->too_big || !jpeg_luma(b->data, b->len, &f))
        return reply(c, MHD_HTTP_BAD_REQUEST, "text/plain",
                     "Send one JPEG frame of at most 8 MB.\n");
    struct decode_result res = {0};
    struct ck_error err;
    const char *text = NULL;
    if (!decoder_decode(u->dec, &f, &res, &err) && res.count)
        text = res.codes[0].text;
    int k = text ? ticket_of(text) : -1;
    if (k >= 0)
        u->read[k] = true;
    enum MHD_Result ok;
    if (!text) {
        ok = reply(c, MHD_HTTP_OK, "application/json", "{}");
        goto out;
    }
    char id[40], extra[256];
    snprintf(id, sizeof(id), "%016lx%016lx", (unsigned long)getpid(),
             ++u->reads);
    json_t *o = json_pack("{s:s, s:s}", "text", text, "read_id", id);
    char *body = o ? json_dumps(o, JSON_COMPACT) : NULL;
    json_decref(o);
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n",
             u->station_port, u->token);
    char *resp = NULL;
    int st = body ? tu_http(u->station_port, "POST", "/api/scan", extra, body,
                            NULL, &resp)
                  : -1;
    free(body);
    ok = st == 200 && resp ? reply(c, MHD_HTTP_OK, "application/json", resp)
                           : reply(c, MHD_HTTP_BAD_GATEWAY, "text/plain",
                                   "The station did not answer.\n");
    free(resp);
out:
    decode_result_free(&res);
    free((void *)f.pixels);
    return ok;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *data,
                              size_t *size, void **req)
{
    (void)version;
    struct upload *u = cls;
    if (!atomic_load(&u->have_cpu) &&
        !pthread_getcpuclockid(pthread_self(), &u->cpu))
        atomic_store(&u->have_cpu, true);
    bool post = !strcmp(method, MHD_HTTP_METHOD_POST);
    if (!post)
        return !strcmp(url, "/upload")
                   ? reply(c, MHD_HTTP_OK, "text/html; charset=utf-8",
                           UPLOAD_PAGE)
                   : reply(c, MHD_HTTP_NOT_FOUND, "text/plain",
                           "Open /upload.\n");
    if (strcmp(url, "/frame"))
        return reply(c, MHD_HTTP_NOT_FOUND, "text/plain",
                     "Send frames to /frame.\n");
    struct frame_body *b = *req;
    if (!b) {
        *req = b = calloc(1, sizeof(*b));
        return b ? MHD_YES : MHD_NO;
    }
    if (*size) {
        if (b->len + *size > MAX_FRAME)
            b->too_big = true;
        else {
            if (b->len + *size > b->cap) {
                size_t cap = (b->len + *size) * 2;
                unsigned char *more = realloc(b->data, cap);
                if (!more)
                    return MHD_NO;
                b->data = more;
                b->cap = cap;
            }
            memcpy(b->data + b->len, data, *size);
            b->len += *size;
        }
        *size = 0;
        return MHD_YES;
    }
    return take_frame(u, c, b);
}

static void answered(void *cls, struct MHD_Connection *c, void **req,
                     enum MHD_RequestTerminationCode why)
{
    (void)cls;
    (void)c;
    (void)why;
    struct frame_body *b = *req;
    if (b) {
        free(b->data);
        free(b);
    }
    *req = NULL;
}

static void upload_start(struct upload *u, const struct tu_link *station)
{
    *u = (struct upload){.station_port = station->port};
    snprintf(u->token, sizeof(u->token), "%s", station->token);
    struct decoder_options dopt = {DECODE_VIDEO, 0};
    struct ck_error err;
    if (decoder_new(&dopt, &u->dec, &err))
        fail("the upload endpoint's decoder", err.msg);
    u->port = wd_free_port();
    u->daemon = MHD_start_daemon(
        MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL, (uint16_t)u->port,
        NULL, NULL, answer, u, MHD_OPTION_NOTIFY_COMPLETED, answered, u,
        MHD_OPTION_END);
    if (!u->daemon)
        fail("the upload endpoint did not start", NULL);
}

/* CPU ms of the upload endpoint's thread so far. */
static double upload_cpu_ms(struct upload *u)
{
    struct timespec ts;
    if (!u || !atomic_load(&u->have_cpu) || clock_gettime(u->cpu, &ts))
        return 0;
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

static void upload_stop(struct upload *u)
{
    MHD_stop_daemon(u->daemon);
    decoder_free(u->dec);
}

/* The page's request bodies so far: [requests, bytes]. */
static void sent(double *posts, double *bytes)
{
    char *v = wd_exec("return window.__sent;");
    if (!v || sscanf(v, "[%lf,%lf]", posts, bytes) != 2)
        *posts = *bytes = 0;
    free(v);
}

/* The shipped page's reads and requests of the round (WATCH's
 * window.__read and window.__posts), for missed(). */
static json_t *trail;

/* Ticket `k` showed no verdict on the page: where it was lost, counted
 * in `r` and said on stderr with what the page was doing meanwhile (the
 * request in flight when it was first read).  `enter`: the page's time
 * it came into view, or -1. */
static void missed(struct result *r, const struct upload *u, int k,
                   double enter)
{
    char name[64];
    snprintf(name, sizeof(name), "\"Given%d Family%d\"", k, k);
    int decided =
        tu_lines_with(tu_path("phone-station.out"), "\"decision\"", name);
    json_t *reads = json_object_get(json_array_get(trail, 0), codes[k]);
    json_t *posts = json_object_get(json_array_get(trail, 1), codes[k]);
    bool read = u ? u->read[k] : json_array_size(reads) > 0;
    const char *where = !read                           ? "never read"
                        : !u && !json_array_size(posts) ? "read, never sent"
                        : !decided ? "sent, not decided by the station"
                                   : "decided, not shown on the page";
    if (!read)
        r->unread++;
    else if (!u && !json_array_size(posts))
        r->unsent++;
    else if (!decided)
        r->undecided++;
    else
        r->unshown++;
    fprintf(stderr,
            "phone_bench: %s page, ticket %d (in view at %.0f ms): %s "
            "(%zu reads, %zu requests, %d decisions)",
            u ? "upload" : "shipped", k, enter, where, json_array_size(reads),
            json_array_size(posts), decided);
    double first = json_number_value(json_array_get(reads, 0));
    const char *key;
    json_t *list;
    json_object_foreach(json_array_get(trail, 1), key, list)
    {
        size_t i;
        json_t *p;
        json_array_foreach(list, i, p)
        {
            double a = json_number_value(json_array_get(p, 0)),
                   b = json_number_value(json_array_get(p, 1));
            if (json_array_size(reads) && a <= first && (b < 0 || b > first))
                fprintf(stderr,
                        "; when first read (%.0f ms) the page was waiting "
                        "for ticket %d's request, sent at %.0f ms, answered "
                        "%.0f ms later",
                        first, ticket_of(key), a, b < 0 ? -1 : b - a);
        }
    }
    fputc('\n', stderr);
}

/* One round of a page, added to `r`: the shipped /scan page, or the
 * upload alternative (`up`). */
static void phone(const char *db, const char *y4m, bool up, struct result *r)
{
    char cmd[4096];
    const char *errpath = tu_path("phone-station.err");
    unlink(errpath); /* the last round's link is not this one's */
    snprintf(cmd, sizeof(cmd),
             "exec '%s' scan '%s' --station door:pandas-intro --name "
             "door-phone --json --offline --clock '2027-05-12 09:00' --web "
             "127.0.0.1:0 >'%s' 2>'%s' </dev/null",
             station_bin(), db, tu_path("phone-station.out"), errpath);
    struct tu_proc st;
    if (!tu_spawn(&st, cmd, 0))
        fail("the station did not start", NULL);
    char *err = tu_wait_file(errpath, "Phones scan at: http", 20000);
    struct tu_link link;
    if (!tu_find_link(err, "Phones scan at: ", &link))
        fail("the station printed no phones' link", err);
    free(err);
    static struct upload u;
    char page[300];
    snprintf(page, sizeof(page), "%s", link.url);
    if (up) {
        upload_start(&u, &link);
        snprintf(page, sizeof(page), "http://127.0.0.1:%d/upload", u.port);
    }
    char cam[1200];
    snprintf(cam, sizeof(cam), "--use-file-for-fake-video-capture=%s", y4m);
    const char *const extra[] = {"--use-fake-ui-for-media-stream",
                                 "--use-fake-device-for-media-stream", cam,
                                 NULL};
    char wifi[256];
    snprintf(wifi, sizeof(wifi),
             "{\"offline\": false, \"latency\": %d, \"downloadThroughput\": "
             "%d, \"uploadThroughput\": %d}",
             latency_ms, DOWN_BPS, UP_BPS);
    if (wd_start_with(tu_path("profile"), extra))
        fail("the browser did not start", NULL);
    if (wd_cdp("Network.enable", "{}") ||
        wd_cdp("Network.emulateNetworkConditions", wifi))
        fail("the browser's network emulation was refused", wifi);
    if (wd_get(page))
        fail("the page did not open", page);
    if (!wd_do(WATCH))
        fail("the page's watch did not start", NULL);
    /* The first ticket's frame reaches the page after the lead-in. */
    const char *want = "true";
    char probe[256];
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d && +n < "
             "%d);",
             entry_frame(0) - 10, entry_frame(0));
    free(wd_wait(probe, want, 30000));
    double p0, q0;
    sent(&p0, &q0);
    double b0 = browser_cpu_ms(st.pid),
           s0 = cpu_ms(st.pid) + upload_cpu_ms(up ? &u : NULL);
    int64_t t0 = mono_us();
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d);",
             entry_frame(tickets - 1) + HOLD + GAP);
    free(wd_wait(probe, want, 300000));
    double b1 = browser_cpu_ms(st.pid);
    int64_t t1 = mono_us();
    double secs = (double)(t1 - t0) / 1e6, p1, q1;
    sent(&p1, &q1);
    r->cpu_browser += (b1 - b0) / secs / rounds;
    r->cpu_station +=
        (cpu_ms(st.pid) + upload_cpu_ms(up ? &u : NULL) - s0) / secs / rounds;
    r->posts += (p1 - p0) / secs / rounds;
    r->bytes += (q1 - q0) / secs / rounds;
    /* The empty desk after the last ticket, until shortly before the
     * video starts again. */
    snprintf(probe, sizeof(probe),
             "return Object.keys(window.__frames).some(n => +n >= %d);",
             FRAMES - 10);
    free(wd_wait(probe, want, 60000));
    r->cpu_idle += (browser_cpu_ms(st.pid) - b1) /
                   ((double)(mono_us() - t1) / 1e6) / rounds;
    char *fr = wd_exec("return [window.checkinScan.frames, "
                       "window.checkinScan.decoded];");
    double looked = 0, decoded = 0;
    if (fr && sscanf(fr, "[%lf,%lf]", &looked, &decoded) == 2) {
        r->looked += looked;
        r->decoded += decoded;
    }
    free(fr);
    /* The median request to the station or the endpoint, as the page's
     * resource timing saw it: the emulated Wi-Fi's latency is in it. */
    char *rt = wd_exec("const d = performance.getEntriesByType('resource')"
                       ".filter(e => /\\/(frame|api\\/scan)$/.test(e.name))"
                       ".map(e => e.duration).sort((a, b) => a - b);"
                       "return d.length ? d[d.length >> 1] : -1;");
    if (rt && r->rounds < MAX_ROUNDS)
        r->rtt[r->rounds++] = strtod(rt, NULL);
    free(rt);
    char *tr = wd_exec("return JSON.stringify([window.__read, "
                       "window.__posts]);");
    json_t *ts = tr ? json_loads(tr, JSON_DECODE_ANY, NULL) : NULL;
    trail =
        json_is_string(ts) ? json_loads(json_string_value(ts), 0, NULL) : NULL;
    json_decref(ts);
    free(tr);
    char *lt = wd_exec("return window.__late || 0;");
    r->late += lt ? (int)strtol(lt, NULL, 10) : 0;
    free(lt);
    char *got = wd_exec("return JSON.stringify([window.__frames, "
                        "window.__shown]);");
    json_t *s = got ? json_loads(got, JSON_DECODE_ANY, NULL) : NULL;
    json_t *both =
        json_is_string(s) ? json_loads(json_string_value(s), 0, NULL) : NULL;
    json_t *frames = json_array_get(both, 0), *shown = json_array_get(both, 1);
    for (int k = 0; k < tickets; k++) {
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
        else
            missed(r, up ? &u : NULL, k, enter);
    }
    json_decref(both);
    json_decref(s);
    free(got);
    json_decref(trail);
    /* The camera alone: the same browser playing the same fake camera
     * into a video element of a page of the station's own address (a
     * secure context) that decodes nothing, for 10 s (once a round, with
     * the shipped page). */
    if (!up) {
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
                         ((double)(mono_us() - u0) / 1e6) / rounds;
    }
    wd_quit();
    if (up)
        upload_stop(&u);
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
             station_bin(), db, W, H, 1000 / FPS, tu_path("native.err"));
    struct tu_proc st;
    if (!tu_spawn(&st, cmd, TU_PIPE_IN | TU_PIPE_OUT))
        fail("the station did not start", NULL);
    static uint8_t y[W * H];
    static char line[1 << 16];
    size_t have = 0;
    double shown_us[TICKETS];
    int64_t enter_us[TICKETS];
    for (int k = 0; k < tickets; k++)
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
                            k < tickets) {
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
    r->cpu_station += (cpu_ms(st.pid) - s0) / secs / rounds;
    tu_stop(&st, 0, 20000, "the native station");
    for (int k = 0; k < tickets; k++)
        if (shown_us[k] >= 0)
            r->lat[r->seen++] = (shown_us[k] - (double)enter_us[k]) / 1000.0;
}

/* The 1-, 5- and 15-minute load averages, as /proc/loadavg says them. */
static void load_average(char *out, size_t cap)
{
    FILE *f = fopen("/proc/loadavg", "r");
    double a = 0, b = 0, c = 0;
    if (!f || fscanf(f, "%lf %lf %lf", &a, &b, &c) != 3)
        a = b = c = -1;
    if (f)
        fclose(f);
    snprintf(out, cap, "%.2f %.2f %.2f", a, b, c);
}

/* A whole number in [lo, hi] from argv, or the bench's usage. */
static int arg(const char *s, int lo, int hi)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (*end || end == s || v < lo || v > hi) {
        fprintf(stderr,
                "phone_bench: '%s' is not a number from %d to %d; run "
                "phone_bench [ROUNDS 1-%d [TICKETS 1-%d]].\n",
                s, lo, hi, MAX_ROUNDS, TICKETS);
        exit(2);
    }
    return (int)v;
}

static void row(const char *name, struct result *p, bool page)
{
    size_t n = (size_t)p->seen;
    printf("| %s | %zu | %d | %.0f / %.0f / %.0f / %.0f |", name, n,
           p->decisions, pct(p->lat, n, 0.5), pct(p->lat, n, 0.9),
           pct(p->lat, n, 0.99), pct(p->lat, n, 1.0));
    if (page) {
        printf(" %.0f | %.0f | %.0f / %.0f | %.0f (%.1f requests, median",
               p->cpu_browser, p->cpu_idle, p->decoded, p->looked, p->bytes,
               p->posts);
        for (int i = 0; i < p->rounds; i++)
            printf("%s %.0f", i ? "," : "", p->rtt[i]);
        printf(" ms) | %.0f |\n", p->cpu_station);
    } else
        printf(" - | - | - | - | %.0f |\n", p->cpu_station);
}

static void misses(const char *name, const struct result *p)
{
    printf("%s: %d never read, %d read and not sent, %d sent and not "
           "decided, %d decided and not shown; %d listed as answered late\n",
           name, p->unread, p->unsent, p->undecided, p->unshown, p->late);
}

int main(int argc, char **argv)
{
    if (argc > 1)
        rounds = arg(argv[1], 1, MAX_ROUNDS);
    if (argc > 2)
        tickets = arg(argv[2], 1, TICKETS);
    const char *lat = getenv("PHONE_BENCH_LATENCY_MS");
    if (lat && *lat)
        latency_ms = arg(lat, 0, 60000);
    if (!wd_available())
        fail("chromium and chromedriver are not installed; run "
             "scripts/setup --tests",
             NULL);
    int64_t start = mono_us();
    char load0[64], load1[64];
    load_average(load0, sizeof(load0));
    const char *db = event(codes);
    struct qr qrs[TICKETS];
    for (int k = 0; k < tickets; k++) {
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
    static struct result wasm, up, nat;
    for (int round = 0; round < rounds; round++) {
        /* The two pages in turn, first one then the other, then the
         * station's own path. */
        bool upload_first = round % 2;
        phone(tu_copy(db, "phone-door.db"), y4m, upload_first,
              upload_first ? &up : &wasm);
        phone(tu_copy(db, "phone-door.db"), y4m, !upload_first,
              upload_first ? &wasm : &up);
        native(tu_copy(db, "native-door.db"), qrs, &nat);
    }
    load_average(load1, sizeof(load1));
    printf("| %d rounds of %d tickets, %dx%d at %d fps, each in view %.1f s; "
           "pages behind %d Mbit/s up, %d down, %d ms "
           "| verdicts seen | decisions | entering view to verdict p50 / p90 "
           "/ p99 / max ms | CPU ms/s (browser) | CPU ms/s, empty desk "
           "(browser) | frames decoded or sent / looked at | request bytes "
           "a second | CPU ms/s (station) |\n"
           "|---|---|---|---|---|---|---|---|---|\n",
           rounds, tickets, W, H, FPS, (double)HOLD / FPS, UP_BPS * 8 / 1000000,
           DOWN_BPS * 8 / 1000000, latency_ms);
    row("a phone's /scan page (Chromium, WebAssembly decoder)", &wasm, true);
    row("frames to the station (JPEG q " JPEG_Q
        ", decoded by checkin's decoder)",
        &up, true);
    row("peer: the station's own camera path (`--frames`)", &nat, false);
    printf("| the same browser playing the same camera, decoding nothing | - "
           "| - | - | %.0f | - | - | - | - |\n",
           wasm.cpu_camera);
    printf("\nTickets with no verdict on the page:\n");
    misses("- the shipped page", &wasm);
    misses("- the upload page", &up);
    printf("\nload average (1, 5, 15 min) at the start %s, at the end %s; "
           "%.0f s in all\n",
           load0, load1, (double)(mono_us() - start) / 1e6);
    for (int k = 0; k < tickets; k++)
        free(qrs[k].dark);
    return 0;
}
