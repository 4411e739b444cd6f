/* The phone's decoder against zxing-wasm, in the same headless Chromium,
 * on the same frames, in the same run.
 *
 *   - the phone's decoder: the /scan page's own Web Worker
 *     (web/assets/scan-worker.js) with this build's decoder.wasm, as the
 *     page ships them (video mode, the default time budget), one decoder
 *     for the whole run as the page keeps one.
 *   - the peer: zxing-wasm (ZXing-C++ compiled to WebAssembly), the
 *     version bench/peer/package-lock.json pins (scripts/setup --tests
 *     installs it under bench/peer/node_modules, outside the tracked
 *     files), in a module Web Worker of its own; readBarcodes() with
 *     formats ["QRCode"] and the library's defaults otherwise (try
 *     harder, rotated, inverted, downscaled), as a phone page would call
 *     it.
 *   - frames: realistic webcam frames (synthcam/synth_scene.h), every
 *     condition PER_CONDITION times at 640x480, 1280x720 and 1920x1080,
 *     for each of SEEDS seeds (the seed chooses payloads, background,
 *     placement and noise); then the photographs in PHOTO_DIR (a .png or
 *     .jpg beside the .txt of its exact payload).  The page turns each
 *     into RGBA (canvas ImageData, what a camera frame is there) and
 *     hands the same pixels to both workers, which of them first
 *     alternating frame by frame.
 *   - time: each worker's own clock around its decode call (the copy
 *     into its WebAssembly memory included, the message to the worker
 *     not); a warm-up of a few frames a size first, not counted.
 *
 *   wasm_bench [SEEDS [PHOTO_DIR]]   (SEEDS default 4)
 *
 * WASM_BENCH_DECODER=FILE serves that decoder.wasm in place of this
 * build's (another build's, to compare two builds with one bench in
 * alternating runs); WASM_BENCH_ROWS=FILE writes every frame's row
 * there as JSON ([set, seed, codes, checkin's read, wrong, ms,
 * zxing-wasm's read, wrong, ms, the frame's address]), to find which
 * frames the time goes to.
 *
 * Prints a Markdown table a size and seed, with checkin's codes read and
 * time as ratios of zxing-wasm's in this run, and the load average
 * before and after, then on stderr each frame one of them read more of;
 * never passes or fails.  Needs chromium,
 * chromium-driver and the peer (scripts/setup --tests) and a build with
 * the phones' decoder (scripts/setup --phones). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <jansson.h>
#include <microhttpd.h>

#include "checkin/synth_scene.h"
#include "testutil.h"
#include "webdriver.h"

#define MAX_SEEDS 16
#define PER_CONDITION 2
#define TEXT_CAP 160

static const int SIZES[3][2] = {{640, 480}, {1280, 720}, {1920, 1080}};

static void fail(const char *what, const char *detail)
{
    fprintf(stderr, "wasm_bench: %s%s%s\n", what, detail ? ": " : "",
            detail ? detail : "");
    exit(1);
}

/* ---- the page ------------------------------------------------------------ */

/* zxing-wasm's worker: the library's reader build, its .wasm served here
 * (never its default CDN). */
static const char ZX_WORKER[] =
    "import { prepareZXingModule, readBarcodes } from "
    "'/zxing/es/reader/index.js';\n"
    "const ready = prepareZXingModule({ overrides: { locateFile: (p) => "
    "'/zxing/reader/' + p }, fireImmediately: true });\n"
    "ready.then(() => postMessage({ ready: true }),\n"
    "  (e) => postMessage({ error: String(e) }));\n"
    "const opts = { formats: ['QRCode'] };\n"
    "onmessage = async (e) => {\n"
    "  try {\n"
    "    await ready;\n"
    "    const m = e.data;\n"
    "    const img = new ImageData(new Uint8ClampedArray(m.pixels), m.width, "
    "m.height);\n"
    "    const t0 = performance.now();\n"
    "    const r = await readBarcodes(img, opts);\n"
    "    const ms = performance.now() - t0;\n"
    "    postMessage({ codes: r.filter((x) => x.isValid).map((x) => x.text), "
    "ms });\n"
    "  } catch (err) {\n"
    "    postMessage({ error: 'zxing-wasm: ' + err });\n"
    "  }\n"
    "};\n";

/* The bench's page: both workers, the frames of /list.json in order,
 * each result in window.__rows as [set, seed, codes in it, checkin's
 * read, wrong, ms, zxing's read, wrong, ms, the frame's address]. */
static const char PAGE[] =
    "<!doctype html><meta charset=utf-8><title>wasm_bench</title><script>\n"
    "'use strict';\n"
    "window.__rows = []; window.__done = false;\n"
    "function worker(url, opts) {\n"
    "  const w = new Worker(url, opts), q = [];\n"
    "  w.onmessage = (e) => q.shift()(e.data);\n"
    "  w.onerror = (e) => { window.__error = url + ': ' + e.message; };\n"
    "  return { w, next: () => new Promise((r) => q.push(r)) };\n"
    "}\n"
    "function decode(d, px, width, height) {\n"
    "  const p = d.next(), pixels = px.slice().buffer;\n"
    "  d.w.postMessage({ width, height, pixels }, [pixels]);\n"
    "  return p.then((r) => { if (r.error) throw new Error(r.error); return "
    "r; });\n"
    "}\n"
    "async function pixels(it) {\n"
    "  const got = await fetch(it.file);\n"
    "  if (!got.ok) throw new Error(it.file + ': ' + got.status);\n"
    "  if (it.gray) {\n"
    "    const g = new Uint8Array(await got.arrayBuffer());\n"
    "    const px = new Uint8ClampedArray(g.length * 4);\n"
    "    for (let i = 0; i < g.length; i++) {\n"
    "      px[4 * i] = px[4 * i + 1] = px[4 * i + 2] = g[i]; px[4 * i + 3] = "
    "255;\n"
    "    }\n"
    "    return [px, it.width, it.height];\n"
    "  }\n"
    "  const bmp = await createImageBitmap(await got.blob());\n"
    "  const c = new OffscreenCanvas(bmp.width, bmp.height).getContext('2d');\n"
    "  c.drawImage(bmp, 0, 0);\n"
    "  return [c.getImageData(0, 0, bmp.width, bmp.height).data, bmp.width, "
    "bmp.height];\n"
    "}\n"
    "function score(texts, r) {\n"
    "  return [texts.filter((t) => r.codes.includes(t)).length,\n"
    "          r.codes.filter((c) => !texts.includes(c)).length, r.ms];\n"
    "}\n"
    "(async () => {\n"
    "  const ck = worker('/scan/scan-worker.js');\n"
    "  const zx = worker('/zx-worker.js', { type: 'module' });\n"
    "  for (const d of [ck, zx]) {\n"
    "    const m = await d.next();\n"
    "    if (!m.ready) throw new Error(m.error);\n"
    "  }\n"
    "  const list = await (await fetch('/list.json')).json();\n"
    "  for (const it of list.warm) {\n"
    "    const [px, w, h] = await pixels(it);\n"
    "    for (const d of [ck, zx, ck, zx]) await decode(d, px, w, h);\n"
    "  }\n"
    "  let k = 0;\n"
    "  for (const it of list.frames) {\n"
    "    const [px, w, h] = await pixels(it);\n"
    "    let a, b;\n"
    "    if (k++ % 2) { b = await decode(zx, px, w, h); a = await decode(ck, "
    "px, w, h); }\n"
    "    else { a = await decode(ck, px, w, h); b = await decode(zx, px, w, "
    "h); }\n"
    "    window.__rows.push([it.set, it.seed, it.texts.length,\n"
    "                        ...score(it.texts, a), ...score(it.texts, b), "
    "it.file]);\n"
    "  }\n"
    "  window.__done = true;\n"
    "})().catch((e) => { window.__error = String(e); });\n"
    "</script>\n";

/* ---- the frames ---------------------------------------------------------- */

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f))
        fail("cannot write", path);
}

/* Every seed's frames under dir/frames as raw gray, listed in `frames`
 * (and the first two of each size in `warm`). */
static void write_frames(const char *dir, int seeds, json_t *frames,
                         json_t *warm)
{
    char path[4096];
    for (int seed = 1; seed <= seeds; seed++)
        for (int s = 0; s < 3; s++) {
            int w = SIZES[s][0], h = SIZES[s][1];
            uint8_t *px = malloc((size_t)w * h);
            if (!px)
                fail("out of memory", NULL);
            uint32_t st = 0x5ce7e5u * (uint32_t)seed + (uint32_t)s;
            for (int c = 0; c < SCENE_CONDITIONS; c++)
                for (int i = 0; i < PER_CONDITION; i++) {
                    char t0[TEXT_CAP], t1[TEXT_CAP];
                    synth_scene_payload(i, &st, t0);
                    synth_scene_payload(i + 1, &st, t1);
                    const char *texts[2] = {t0, t1};
                    struct ck_error err;
                    uint32_t fs = (uint32_t)(seed * 1000003 + s * 100000 +
                                             c * 1000 + i + 1);
                    if (synth_scene_draw((enum synth_condition)c, fs, texts, px,
                                         w, h, &err))
                        fail("a scene could not be drawn", err.msg);
                    char name[128];
                    snprintf(name, sizeof(name), "%d-%dx%d-%02d-%d.gray", seed,
                             w, h, c, i);
                    snprintf(path, sizeof(path), "%s/%s", dir, name);
                    write_file(path, px, (size_t)w * h);
                    json_t *t = json_pack("[s]", t0);
                    if (synth_condition_codes((enum synth_condition)c) > 1)
                        json_array_append_new(t, json_string(t1));
                    char url[160], set[32];
                    snprintf(url, sizeof(url), "/frames/%s", name);
                    snprintf(set, sizeof(set), "%dx%d", w, h);
                    json_t *it =
                        json_pack("{s:s, s:s, s:i, s:b, s:i, s:i, s:o}", "file",
                                  url, "set", set, "seed", seed, "gray", 1,
                                  "width", w, "height", h, "texts", t);
                    if (seed == 1 && c < 2 && i == 0)
                        json_array_append(warm, it);
                    json_array_append_new(frames, it);
                }
            free(px);
        }
}

static char *read_text(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t len = 0;
    FILE *m = open_memstream(&buf, &len);
    char chunk[4096];
    size_t n;
    while (m && (n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        fwrite(chunk, 1, n, m);
    fclose(f);
    if (m)
        fclose(m);
    return buf;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The photographs in `dir` with their payloads, listed in `frames`;
 * how many. */
static int list_photos(const char *dir, json_t *frames)
{
    char cmd[4200];
    snprintf(cmd, sizeof(cmd), "ls '%s'", dir);
    FILE *ls = popen(cmd, "r");
    char *names[512];
    int n = 0;
    char line[512];
    while (ls && n < 512 && fgets(line, sizeof(line), ls)) {
        line[strcspn(line, "\n")] = '\0';
        const char *dot = strrchr(line, '.');
        if (dot && (!strcmp(dot, ".png") || !strcmp(dot, ".jpg")))
            names[n++] = strdup(line);
    }
    if (ls)
        pclose(ls);
    qsort(names, (size_t)n, sizeof(*names), cmp_name);
    int used = 0;
    for (int i = 0; i < n; i++) {
        char path[4600];
        snprintf(path, sizeof(path), "%s/%.*s.txt", dir,
                 (int)(strrchr(names[i], '.') - names[i]), names[i]);
        char *text = read_text(path);
        if (text) {
            /* Percent-escaped: some names hold '#'. */
            char url[1600] = "/photos/";
            size_t u = strlen(url);
            for (const char *c = names[i]; *c && u + 4 < sizeof(url); c++)
                u += (size_t)(strchr("#%?+ ", *c)
                                  ? snprintf(url + u, 4, "%%%02X",
                                             (unsigned char)*c)
                                  : snprintf(url + u, 2, "%c", *c));
            json_array_append_new(
                frames,
                json_pack("{s:s, s:s, s:i, s:b, s:[s]}", "file", url, "set",
                          "photos", "seed", 0, "gray", 0, "texts", text));
            used++;
            free(text);
        }
        free(names[i]);
    }
    return used;
}

/* ---- the server ---------------------------------------------------------- */

static const char *frame_dir, *photo_dir, *decoder_wasm = DECODER_WASM;
static char list_json_path[4096];

static const char *content_type(const char *path)
{
    const char *dot = strrchr(path, '.');
    if (!dot)
        return "application/octet-stream";
    if (!strcmp(dot, ".js"))
        return "text/javascript";
    if (!strcmp(dot, ".wasm"))
        return "application/wasm";
    if (!strcmp(dot, ".json"))
        return "application/json";
    if (!strcmp(dot, ".png"))
        return "image/png";
    if (!strcmp(dot, ".jpg"))
        return "image/jpeg";
    return "application/octet-stream";
}

static enum MHD_Result send_response(struct MHD_Connection *c, unsigned status,
                                     struct MHD_Response *r, const char *type)
{
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, type);
    MHD_add_response_header(r, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

static enum MHD_Result send_text(struct MHD_Connection *c, unsigned status,
                                 const char *type, const char *body)
{
    return send_response(
        c, status,
        MHD_create_response_from_buffer(strlen(body), (void *)body,
                                        MHD_RESPMEM_PERSISTENT),
        type);
}

static enum MHD_Result send_file(struct MHD_Connection *c, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat sb;
    if (fd < 0 || fstat(fd, &sb)) {
        if (fd >= 0)
            close(fd);
        fprintf(stderr, "wasm_bench: the page asked for %s, not there\n", path);
        return send_text(c, MHD_HTTP_NOT_FOUND, "text/plain", "not here\n");
    }
    return send_response(c, MHD_HTTP_OK,
                         MHD_create_response_from_fd((uint64_t)sb.st_size, fd),
                         content_type(path));
}

/* `url` under `prefix` served from `dir`: 1 when it was that prefix. */
static int under(const char *url, const char *prefix, const char *dir,
                 char *path, size_t cap)
{
    size_t n = strlen(prefix);
    if (strncmp(url, prefix, n) || strstr(url, ".."))
        return 0;
    snprintf(path, cap, "%s/%s", dir, url + n);
    return 1;
}

static enum MHD_Result answer(void *cls, struct MHD_Connection *c,
                              const char *url, const char *method,
                              const char *version, const char *body,
                              size_t *body_len, void **req)
{
    (void)cls, (void)version, (void)body, (void)body_len, (void)req;
    char path[4600];
    if (strcmp(method, MHD_HTTP_METHOD_GET))
        return send_text(c, MHD_HTTP_METHOD_NOT_ALLOWED, "text/plain", "GET\n");
    if (!strcmp(url, "/"))
        return send_text(c, MHD_HTTP_OK, "text/html; charset=utf-8", PAGE);
    if (!strcmp(url, "/zx-worker.js"))
        return send_text(c, MHD_HTTP_OK, "text/javascript", ZX_WORKER);
    if (!strcmp(url, "/scan/scan-worker.js"))
        return send_file(c, SCAN_WORKER);
    if (!strcmp(url, "/scan/decoder.wasm"))
        return send_file(c, decoder_wasm);
    if (!strcmp(url, "/list.json"))
        return send_file(c, list_json_path);
    if (under(url, "/zxing/", PEER_DIR, path, sizeof(path)) ||
        under(url, "/frames/", frame_dir, path, sizeof(path)) ||
        (photo_dir && under(url, "/photos/", photo_dir, path, sizeof(path))))
        return send_file(c, path);
    return send_text(c, MHD_HTTP_NOT_FOUND, "text/plain", "not here\n");
}

/* ---- the figures --------------------------------------------------------- */

struct tally {
    int frames, codes, read[2], wrong[2];
    double ms[2];
};

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

static void print_row(const char *set, const char *seed, const struct tally *t)
{
    char ratio[32] = "-";
    if (t->read[1])
        snprintf(ratio, sizeof(ratio), "%.2f", (double)t->read[0] / t->read[1]);
    printf("| %s | %s | %d (%d) | %d / %d (%s) | %d / %d | %.2f / %.2f "
           "(%.2fx) |\n",
           set, seed, t->frames, t->codes, t->read[0], t->read[1], ratio,
           t->wrong[0], t->wrong[1], t->ms[0] / t->frames, t->ms[1] / t->frames,
           t->ms[1] > 0 ? t->ms[0] / t->ms[1] : 0);
}

static void add(struct tally *t, json_t *row)
{
    t->frames++;
    t->codes += (int)json_integer_value(json_array_get(row, 2));
    for (int d = 0; d < 2; d++) {
        t->read[d] += (int)json_integer_value(json_array_get(row, 3 + 3 * d));
        t->wrong[d] += (int)json_integer_value(json_array_get(row, 4 + 3 * d));
        t->ms[d] += json_number_value(json_array_get(row, 5 + 3 * d));
    }
}

/* On stderr, each frame one decoder read more codes of than the other,
 * so that a change can be aimed at them. */
static void differences(json_t *rows)
{
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        json_int_t a = json_integer_value(json_array_get(row, 3)),
                   b = json_integer_value(json_array_get(row, 6));
        if (a != b)
            fprintf(stderr,
                    "wasm_bench: %s: checkin read %lld, zxing-wasm %lld\n",
                    json_string_value(json_array_get(row, 9)), (long long)a,
                    (long long)b);
    }
}

static void report(json_t *rows, int seeds)
{
    printf(
        "| frames | seed | frames (codes) | codes read, checkin / zxing-wasm "
        "(ratio) | wrong | ms a frame, checkin / zxing-wasm (time "
        "ratio) |\n|---|---|---|---|---|---|\n");
    char set[32];
    for (int s = 0; s < 3; s++) {
        snprintf(set, sizeof(set), "%dx%d", SIZES[s][0], SIZES[s][1]);
        struct tally all = {0};
        for (int seed = 1; seed <= seeds; seed++) {
            struct tally t = {0};
            size_t i;
            json_t *row;
            json_array_foreach(rows, i, row)
            {
                if (!strcmp(json_string_value(json_array_get(row, 0)), set) &&
                    json_integer_value(json_array_get(row, 1)) == seed) {
                    add(&t, row);
                    add(&all, row);
                }
            }
            char sd[16];
            snprintf(sd, sizeof(sd), "%d", seed);
            print_row(set, sd, &t);
        }
        print_row(set, "all", &all);
    }
    struct tally ph = {0};
    size_t i;
    json_t *row;
    json_array_foreach(rows, i, row)
    {
        if (!strcmp(json_string_value(json_array_get(row, 0)), "photos"))
            add(&ph, row);
    }
    if (ph.frames)
        print_row("photographs", "-", &ph);
}

int main(int argc, char **argv)
{
    int seeds = 4;
    if (argc > 1) {
        char *end;
        long v = strtol(argv[1], &end, 10);
        if (*end || end == argv[1] || v < 1 || v > MAX_SEEDS)
            fail("the number of seeds is a whole number from 1 to 16", argv[1]);
        seeds = (int)v;
    }
    photo_dir = argc > 2 ? argv[2] : NULL;
    const char *other = getenv("WASM_BENCH_DECODER");
    if (other && *other) {
        if (access(other, R_OK))
            fail("WASM_BENCH_DECODER cannot be read", other);
        decoder_wasm = other;
    }
    if (!wd_available())
        fail("chromium and chromedriver are not installed; run "
             "scripts/setup --tests",
             NULL);
    if (access(PEER_DIR "/reader/zxing_reader.wasm", R_OK))
        fail("zxing-wasm is not installed; run scripts/setup --tests",
             PEER_DIR);
    char load0[64], load1[64];
    load_average(load0, sizeof(load0));
    frame_dir = strdup(tu_path("frames"));
    if (!frame_dir || mkdir(frame_dir, 0700))
        fail("cannot make", tu_path("frames"));
    json_t *list = json_pack("{s:[], s:[]}", "frames", "warm");
    json_t *frames = json_object_get(list, "frames");
    write_frames(frame_dir, seeds, frames, json_object_get(list, "warm"));
    int photos = photo_dir ? list_photos(photo_dir, frames) : 0;
    snprintf(list_json_path, sizeof(list_json_path), "%s",
             tu_path("list.json"));
    if (json_dump_file(list, list_json_path, 0))
        fail("cannot write", list_json_path);
    int port = wd_free_port();
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL,
                         NULL, answer, NULL, MHD_OPTION_END);
    if (!d)
        fail("the bench's server did not start", NULL);
    if (wd_start(tu_path("profile")))
        fail("the browser did not start", NULL);
    char url[64];
    snprintf(url, sizeof(url), "http://127.0.0.1:%d/", port);
    if (wd_get(url))
        fail("the page did not open", url);
    size_t n = json_array_size(frames);
    free(wd_wait("return window.__done || !!window.__error;", "true",
                 (int)(n * 4000)));
    char *err = wd_exec("return window.__error || null;");
    if (!err || strcmp(err, "null"))
        fail("the page stopped", err);
    free(err);
    char *rows_text = wd_exec("return window.__rows;");
    json_t *rows = rows_text ? json_loads(rows_text, 0, NULL) : NULL;
    if (!rows || json_array_size(rows) != n)
        fail("the page's rows did not come back", rows_text);
    load_average(load1, sizeof(load1));
    const char *rows_out = getenv("WASM_BENCH_ROWS");
    if (rows_out && *rows_out && json_dump_file(rows, rows_out, 0))
        fail("cannot write", rows_out);
    wd_quit();
    MHD_stop_daemon(d);
    printf("The phone's decoder (web/assets/scan-worker.js, %s) against "
           "zxing-wasm, same Chromium, same RGBA frames; %d seeds, %d frames "
           "a size and seed, %d photographs.\n\n",
           decoder_wasm, seeds, SCENE_CONDITIONS * PER_CONDITION, photos);
    report(rows, seeds);
    differences(rows);
    printf("\nLoad average before / after: %s / %s\n", load0, load1);
    free(rows_text);
    json_decref(rows);
    json_decref(list);
    return 0;
}
