/* Check-in stations end to end: codes drawn as QR codes by libqrencode,
 * written as raw frame streams (GREY and YUYV) and image files, fed to
 * `checkin scan` through the same path as a camera, decided by the
 * station rules against a real demo event store, and read back from the
 * JSON display and the journal.  Then the rules one by one through the
 * library, journal failure, merging, exports and the lead privacy rule. */
#include <jansson.h>
#include <linux/input.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/auction.h"
#include "checkin/credential.h"
#include "checkin/dashboard.h"
#include "checkin/debounce.h"
#include "checkin/display.h"
#include "checkin/display_web.h"
#include "checkin/event.h"
#include "checkin/i18n.h"
#include "checkin/import.h"
#include "checkin/journal.h"
#include "checkin/qr.h"
#include "checkin/source.h"
#include "checkin/station.h"
#include "checkin/station_loop.h"
#include "checkin/station_sentence.h"
#include "checkin/store_sql.h"
#include "checkin/synth_draw.h"
#include "checkin/util.h"
#include "keep_result.h"
#include "kind.h" /* station/: the table of kinds */
#include "testutil.h"

/* `r`'s sentence, as the displays write it (until the next call). */
static const char *sentence(const struct station_result *r)
{
    static char line[STATION_SENTENCE_CAP];
    return station_result_sentence(r, line, sizeof(line));
}

/* The desk's line of `r`'s earlier admissions, as the displays write it
 * (until the next call). */
static const char *earlier(const struct station_result *r)
{
    static char line[STATION_SENTENCE_CAP];
    return station_result_history(r, line, sizeof(line));
}

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"  /* paid, consents */
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc" /* pandas, no consent */
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs" /* pandas only */
#define POLARS "hzt6eypf2arkk38nkj4gt6davzt3wgek"  /* polars-duckdb only */
#define CANCELLED "3xc2xvete57ty3qf4j5cjspkpn3g2k46"
#define UNPAID "av9c9cj9ge3qpj4zvvysu4xh6nwfwn7m"

static const char *event_db(void)
{
    return tu_demo_event();
}

static int64_t attendee_by_ticket(store *s, const char *ticket)
{
    struct attendee_list l;
    struct ck_error err = {0};
    int64_t id = 0;
    if (store_attendee_find_one(s, ticket, &l, &err) == CK_OK) {
        id = l.items[0].id;
        attendee_list_free(&l);
    }
    return id;
}

/* Issue a badge (tutorial NULL) or tutorial ticket in the event file. */
static void issue(const char *db, const char *ticket, const char *tutorial,
                  char out[BADGE_TEXT_CAP])
{
    struct ck_error err = {0};
    store *s;
    struct badge_key key;
    int64_t tid = 0;
    out[0] = '\0';
    if (store_open(db, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("open: %s", err.msg);
        return;
    }
    if (credential_load_key(s, tu_path("event.key"), &key, &err) ||
        (tutorial && store_tutorial_id(s, tutorial, &tid, &err)) ||
        credential_current(s, &key, attendee_by_ticket(s, ticket), tid, out,
                           &err))
        TU_FAIL_AT("issue: %s", err.msg);
    badge_key_wipe(&key);
    store_close(s);
}

/* ---- synthetic frames ---- */

#define FW 320
#define FH 240

/* Paint `text` as a QR code (3 px modules) on a light-gray frame, shifted
 * by `dx`; NULL paints an empty scene. */
static void paint(uint8_t *frame, const char *text, int dx)
{
    memset(frame, 190, FW * FH);
    for (int i = 0; i < FW * FH; i += 7)
        frame[i] = 175; /* a little texture, as paper has */
    if (!text)
        return;
    struct qr_bitmap qr;
    struct ck_error err = {0};
    if (qr_render(text, strlen(text), 3, 4, &qr, &err)) {
        TU_FAIL_AT("qr_render: %s", err.msg);
        return;
    }
    synth_paste(frame, FW, FH, FW, qr.pixels, qr.width, qr.height, qr.stride,
                (FW - qr.width) / 2 + dx, (FH - qr.height) / 2, 20, 235);
    qr_bitmap_free(&qr);
}

struct shot {
    const char *text; /* NULL: nothing in view */
    int frames;
};

/* Write a raw stream: GREY, or YUYV with the gray as luma. */
static void write_stream(const char *path, const struct shot *shots, size_t n,
                         bool yuyv)
{
    FILE *f = fopen(path, "wb");
    uint8_t *g = malloc(FW * FH), *y2 = malloc(FW * FH * 2);
    for (size_t i = 0; f && g && y2 && i < n; i++)
        for (int k = 0; k < shots[i].frames; k++) {
            paint(g, shots[i].text, (k % 3) - 1); /* a hand is not still */
            if (!yuyv) {
                fwrite(g, 1, FW * FH, f);
                continue;
            }
            for (int p = 0; p < FW * FH; p++) {
                y2[2 * p] = g[p];
                y2[2 * p + 1] = 128; /* U and V alternate; both neutral */
            }
            fwrite(y2, 1, FW * FH * 2, f);
        }
    if (!f || fclose(f))
        TU_FAIL_AT("writing %s", path);
    free(g);
    free(y2);
}

static void write_pgm(const char *path, const char *text)
{
    uint8_t *g = malloc(FW * FH);
    paint(g, text, 0);
    FILE *f = fopen(path, "wb");
    if (!f) {
        TU_FAIL_AT("writing %s", path);
        free(g);
        return;
    }
    fprintf(f, "P5\n%d %d\n255\n", FW, FH);
    fwrite(g, 1, FW * FH, f);
    fclose(f);
    free(g);
}

/* Parse the JSON lines `checkin scan --json` printed. */
static json_t *lines(const char *out)
{
    json_t *arr = json_array();
    const char *p = out;
    while (p && *p) {
        const char *nl = strchr(p, '\n');
        size_t len = nl ? (size_t)(nl - p) : strlen(p);
        json_error_t e;
        json_t *o = json_loadb(p, len, 0, &e);
        if (!o)
            TU_FAIL_AT("not JSON: %.*s", (int)len, p);
        else
            json_array_append_new(arr, o);
        p = nl ? nl + 1 : NULL;
    }
    return arr;
}

static const char *field(json_t *arr, size_t i, const char *key)
{
    json_t *v = json_object_get(json_array_get(arr, i), key);
    return json_is_string(v) ? json_string_value(v) : "";
}

/* ---- sessions through `checkin scan` ---- */

static void desk_frames_one_scan_per_presentation(void)
{
    const char *db = tu_copy(event_db(), "desk-frames.db");
    const char *frames = tu_path("desk.grey");
    /* 500 ms per frame: held 2 s = one scan; back within the 3 s cooldown
     * = still the same presentation; shown again after 4 s away = a new
     * scan, which the desk reports as already checked in. */
    const struct shot shots[] = {
        {NULL, 2}, {OLIVIA, 4}, {NULL, 2}, {OLIVIA, 2},
        {NULL, 8}, {OLIVIA, 3}, {NULL, 1}, {CANCELLED, 2},
        {NULL, 8}, {UNPAID, 2}, {NULL, 1},
    };
    write_stream(frames, shots, sizeof(shots) / sizeof(shots[0]), false);
    char args[4096];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-2 --frames '%s' --size "
             "%dx%d --format GREY --frame-ms 500 --json",
             db, frames, FW, FH);
    const char *out, *err;
    int st = tu_checkin(args, &out, &err);
    EXPECT_INT(st, 0);
    json_t *d = lines(out);
    REQUIRE(json_array_size(d) == 4);
    EXPECT_STR(field(d, 0, "decision"), "admit");
    EXPECT_STR(field(d, 0, "reason"), "checked-in");
    EXPECT_STR(field(d, 0, "badge_name"), "Olivia Hartley-Whitmore");
    EXPECT_STR(field(d, 1, "decision"), "warn");
    EXPECT_STR(field(d, 1, "reason"), "already-checked-in");
    EXPECT_CONTAINS(field(d, 1, "reason_text"), "Already checked in at ");
    EXPECT_CONTAINS(field(d, 1, "reason_text"), " at desk-2.");
    EXPECT_STR(field(d, 2, "reason"), "cancelled");
    EXPECT_STR(field(d, 2, "decision"), "deny");
    EXPECT_STR(field(d, 3, "reason"), "unpaid");
    EXPECT_TRUE(
        json_is_true(json_object_get(json_array_get(d, 3), "recorded")));
    EXPECT_INT(json_integer_value(json_object_get(json_array_get(d, 3), "seq")),
               4);
    json_decref(d);
}

static void desk_yuyv_frames_convert_like_a_camera(void)
{
    const char *db = tu_copy(event_db(), "desk-yuyv.db");
    const char *frames = tu_path("desk.yuyv");
    const struct shot shots[] = {{NULL, 1}, {THORDIS, 3}, {NULL, 1}};
    write_stream(frames, shots, 3, true);
    /* Standard input carries the frames (tu_checkin redirects it). */
    EXPECT_INT(system(tu_format(
                   "%s scan '%s' --station desk --name desk-y "
                   "--frames - --size %dx%d --format YUYV --json < '%s' > '%s'",
                   CHECKIN_BIN, db, FW, FH, frames, tu_path("yuyv.out"))),
               0);
    char *out = tu_read_file(tu_path("yuyv.out"), NULL);
    json_t *d = lines(out);
    REQUIRE(json_array_size(d) == 1);
    EXPECT_STR(field(d, 0, "badge_name"), "Þórdís Guðmundsdóttir");
    EXPECT_STR(field(d, 0, "decision"), "admit");
    json_decref(d);
    free(out);
}

static void desk_images_refuse_other_event_and_unknown(void)
{
    const char *db = tu_copy(event_db(), "desk-images.db");
    /* A badge of another event, signed with that event's own key. */
    struct badge_key other;
    struct ck_error err = {0};
    uint16_t tag;
    char foreign[BADGE_TEXT_CAP];
    size_t len;
    struct badge b = {
        .version = BADGE_VERSION, .kind = BADGE_KIND_CONFERENCE, .issue = 1};
    REQUIRE(badge_event_tag("another-conf-2027", 17, &tag, &err) == CK_OK);
    REQUIRE(badge_key_generate(tag, 1, &other, &err) == CK_OK);
    b.event_tag = tag;
    b.key_id = 1;
    REQUIRE(badge_new_id(b.badge_id, &err) == CK_OK);
    REQUIRE(badge_sign(&b, &other, foreign, sizeof(foreign), &len, &err) ==
            CK_OK);
    badge_key_wipe(&other);
    char badge[BADGE_TEXT_CAP];
    issue(db, "48243", NULL, badge); /* Olivia's badge */
    write_pgm(tu_path("a.pgm"), foreign);
    write_pgm(tu_path("b.pgm"), "https://example.com/not-a-ticket");
    write_pgm(tu_path("c.pgm"), badge);
    write_pgm(tu_path("d.pgm"), NULL);
    char args[4096];
    snprintf(args, sizeof(args),
             "scan '%s' --station desk --name desk-i --json --images '%s' "
             "'%s' '%s' '%s'",
             db, tu_path("a.pgm"), tu_path("b.pgm"), tu_path("c.pgm"),
             tu_path("d.pgm"));
    const char *out, *e;
    EXPECT_INT(tu_checkin(args, &out, &e), 0);
    json_t *d = lines(out);
    REQUIRE(json_array_size(d) == 3);
    EXPECT_STR(field(d, 0, "reason"), "other-event");
    EXPECT_STR(field(d, 1, "reason"), "unknown-code");
    EXPECT_STR(field(d, 2, "reason"), "checked-in");
    EXPECT_STR(field(d, 2, "badge_name"), "Olivia Hartley-Whitmore");
    json_decref(d);
}

static void keyboard_stdin_codes_are_scans(void)
{
    const char *db = tu_copy(event_db(), "desk-kb.db");
    tu_write_file(tu_path("codes.txt"), OLIVIA "\r\n\n" JEANLUC "\n",
                  strlen(OLIVIA "\r\n\n" JEANLUC "\n"));
    EXPECT_INT(system(tu_format("%s scan '%s' --station desk --name desk-k "
                                "--keyboard --json < '%s' > '%s'",
                                CHECKIN_BIN, db, tu_path("codes.txt"),
                                tu_path("kb.out"))),
               0);
    char *out = tu_read_file(tu_path("kb.out"), NULL);
    json_t *d = lines(out);
    REQUIRE(json_array_size(d) == 2);
    EXPECT_STR(field(d, 0, "ticket_id"), "48243");
    EXPECT_STR(field(d, 1, "ticket_id"), "48275");
    json_decref(d);
    free(out);
}

static void keyboard_evdev_events_map_us_layout(void)
{
    /* Recorded key events for "Ab1:" Enter, as a HID scanner sends. */
    struct input_event ev[32];
    int n = 0;
#define KEY(c, v)                                                              \
    ev[n++] = (struct input_event){.type = EV_KEY, .code = (c), .value = (v)}
    KEY(KEY_LEFTSHIFT, 1);
    KEY(KEY_A, 1);
    KEY(KEY_A, 0);
    KEY(KEY_LEFTSHIFT, 0);
    KEY(KEY_B, 1);
    KEY(KEY_B, 0);
    KEY(KEY_1, 1);
    KEY(KEY_1, 0);
    KEY(KEY_LEFTSHIFT, 1);
    KEY(KEY_SEMICOLON, 1);
    KEY(KEY_LEFTSHIFT, 0);
    KEY(KEY_ENTER, 1);
    KEY(KEY_X, 1);
    KEY(KEY_KPENTER, 1);
#undef KEY
    const char *path = tu_path("events.bin");
    REQUIRE(tu_write_file(path, ev, sizeof(ev[0]) * (size_t)n) == 0);
    source *src;
    struct ck_error err = {0};
    REQUIRE(source_open_keyboard(path, &src, &err) == CK_OK);
    struct source_item it;
    REQUIRE(source_next(src, 100, &it, &err) == CK_OK);
    EXPECT_INT(it.kind, SOURCE_CODE);
    EXPECT_INT(it.len, 4);
    EXPECT_TRUE(it.len == 4 && !memcmp(it.code, "Ab1:", 4));
    REQUIRE(source_next(src, 100, &it, &err) == CK_OK);
    EXPECT_TRUE(it.kind == SOURCE_CODE && it.len == 1 && it.code[0] == 'x');
    REQUIRE(source_next(src, 100, &it, &err) == CK_OK);
    EXPECT_INT(it.kind, SOURCE_END);
    source_free(src);
    EXPECT_INT(source_key_ascii(KEY_SLASH, true), '?');
    EXPECT_INT(source_key_ascii(KEY_LEFTCTRL, false), 0);
}

static void camera_formats_convert_through_zbar(void)
{
    /* UYVY: luma in the odd bytes.  A 4x2 frame with known luma. */
    uint8_t uyvy[4 * 2 * 2];
    for (int p = 0; p < 8; p++) {
        uyvy[2 * p] = 128;
        uyvy[2 * p + 1] = (uint8_t)(p * 30);
    }
    uint8_t *g;
    struct ck_error err = {0};
    REQUIRE(source_convert(SOURCE_FOURCC('U', 'Y', 'V', 'Y'), uyvy,
                           sizeof(uyvy), 4, 2, &g, &err) == CK_OK);
    EXPECT_INT(g[0], 0);
    EXPECT_INT(g[7], 210);
    free(g);
    EXPECT_INT(source_convert(SOURCE_FOURCC('X', 'X', 'X', 'X'), uyvy,
                              sizeof(uyvy), 4, 2, &g, &err),
               CK_EINVAL);
}

static void debounce_holds_and_cools_down(void)
{
    debounce *d;
    struct ck_error err = {0};
    REQUIRE(debounce_new(3000, &d, &err) == CK_OK);
    const uint8_t *a = (const uint8_t *)"AAA", *b = (const uint8_t *)"BBB";
    EXPECT_TRUE(debounce_seen(d, a, 3, 0));
    for (int t = 100; t < 60000; t += 100) /* held for a minute */
        EXPECT_TRUE(!debounce_seen(d, a, 3, t));
    EXPECT_TRUE(debounce_seen(d, b, 3, 60000));  /* another code at once */
    EXPECT_TRUE(!debounce_seen(d, a, 3, 62000)); /* back within 3 s */
    EXPECT_TRUE(debounce_seen(d, a, 3, 65001));  /* after 3 s away */
    debounce_free(d);
}

/* A phone's reads are seen at the time they were read, and one kept on
 * the page arrives after later ones (issue 31): a sighting before the
 * last is the same presentation within the cooldown, its own beyond it,
 * and never moves the cooldown back. */
static void debounce_takes_an_earlier_sighting_without_going_back(void)
{
    debounce *d;
    struct ck_error err = {0};
    REQUIRE(debounce_new(3000, &d, &err) == CK_OK);
    const uint8_t *a = (const uint8_t *)"AAA";
    EXPECT_TRUE(debounce_seen(d, a, 3, 10000));
    EXPECT_TRUE(debounce_seen(d, a, 3, 5000));   /* 5 s before: its own */
    EXPECT_TRUE(!debounce_seen(d, a, 3, 8000));  /* 2 s before: the same */
    EXPECT_TRUE(!debounce_seen(d, a, 3, 12500)); /* within 3 s of 10000 */
    EXPECT_TRUE(debounce_seen(d, a, 3, 15600));  /* 3 s after 12500 */
    debounce_free(d);
}

/* ---- the rules, through the library ---- */

struct capture {
    int prints;
    int64_t last_id;
    char reason[64];
    bool unconfirmed; /* a printer that cannot say it printed */
};

static int print_hook(void *ctx, int64_t id, const char *reason,
                      bool *confirmed, struct ck_error *err)
{
    (void)err;
    struct capture *c = ctx;
    *confirmed = !c->unconfirmed;
    c->prints++;
    c->last_id = id;
    snprintf(c->reason, sizeof(c->reason), "%s", reason ? reason : "");
    return CK_OK;
}

static struct station_result scan_text(station *st, const char *text,
                                       int64_t at)
{
    struct station_result r;
    struct ck_error err = {0};
    if (station_scan(st, (const uint8_t *)text, strlen(text), at, &r, &err))
        TU_FAIL_AT("station_scan: %s", err.msg);
    keep_result(&r);
    return r;
}

/* The sentence every display shows for `r` (station_result_sentence),
 * in a buffer of the caller's. */
#define SAID(r, buf) station_result_sentence(&(r), buf, sizeof(buf))

static int64_t local_ms(const char *local)
{
    int64_t t = 0;
    if (event_local_to_utc(local, "America/Los_Angeles", &t))
        TU_FAIL_AT("bad time %s", local);
    return t * 1000;
}

/* A desk named `name`, open all day, printing through `print` (NULL: no
 * printer) with `ctx`. */
static struct station_config desk_config(const char *name,
                                         station_print_fn print, void *ctx)
{
    return (struct station_config){.mode = SCAN_DESK,
                                   .name = name,
                                   .open_before_ms = -1,
                                   .print = print,
                                   .print_ctx = ctx};
}

/* The station `cfg` on the event file `db`: its store in *s and its rules
 * in *st (the caller frees both), or false, a failure recorded with the
 * reason, when either does not open. */
static bool station_on(const char *db, const struct station_config *cfg,
                       store **s, station **st)
{
    struct ck_error err = {0};
    if (store_open(db, STORE_EXISTING, s, &err) != CK_OK) {
        TU_FAIL_AT("store_open %s: %s", db, err.msg);
        return false;
    }
    if (station_open(*s, cfg, st, &err) != CK_OK) {
        TU_FAIL_AT("station_open %s on %s: %s", cfg->name, db, err.msg);
        store_close(*s);
        return false;
    }
    return true;
}

/* A door's `full-here` is said from the result's data (issue 33): the
 * seats, inside and capacity in its counters, the other doors in
 * `seats_others` (an offset into its texts), the lowered capacity in
 * `seats_lowered`; the rules leave `text` empty.  The sentences are
 * those the rules wrote before. */
static void full_here_is_said_from_the_results_data(void)
{
    static struct station_result r;
    char said[STATION_SENTENCE_CAP];
    /* The result's texts, as the rules keep the other doors there. */
    static char texts[] = "door-2\0door-a, door-b\0";
    memset(&r, 0, sizeof(r));
    r.priv.texts = texts;
    r.priv.texts_len = r.priv.texts_cap = sizeof(texts);
    r.mode = SCAN_DOOR;
    r.traits = station_kind_door.traits;
    r.decision = DECISION_DENY;
    r.reason = STATION_REASON_FULL_HERE;
    r.counters.leased = true;
    r.counters.seats_here = 13;
    r.counters.seats_taken = 13;
    r.counters.inside = 14;
    r.counters.capacity = 26;
    r.seats_others = 0;
    EXPECT_STR(SAID(r, said),
               "This door's 13 seats are taken (14 inside of 26); door-2 "
               "holds the others.  Send them to door-2, or wait until "
               "someone leaves.");
    r.counters.seats_here = r.counters.seats_taken = 0;
    r.counters.inside = 2;
    r.counters.capacity = 6;
    r.seats_others = 7;
    EXPECT_STR(SAID(r, said),
               "This door holds none of the room's seats yet (2 inside of "
               "6); door-a, door-b hold the others.  Send them to door-a, "
               "door-b, or wait until someone leaves.");
    r.seats_others = 22; /* the last NUL: "" */
    EXPECT_STR(SAID(r, said),
               "This door holds none of the room's seats yet (2 inside of "
               "6); no other door holds any.  Ask them to wait until "
               "someone leaves, or until this door gets seats at its next "
               "sync.");
    r.seats_lowered = true;
    r.counters.capacity = 4;
    EXPECT_STR(SAID(r, said),
               "The room's capacity was lowered to 4 and its doors still "
               "hold more seats than that; let nobody in here until people "
               "leave and this door syncs again (2 inside).");
}

/* What a counter hands over and the desk's label-stock forecast are
 * written from the result's data (issue 33): the list's title and
 * variation in its texts, the forecast's numbers; the lines are those
 * the rules and the print worker wrote before, cut where they cut. */
static void hand_and_label_forecast_are_written_from_the_results_data(void)
{
    struct station_result r;
    char hand[STATION_HAND_CAP], said[STATION_SENTENCE_CAP];
    memset(&r, 0, sizeof(r));
    r.mode = SCAN_DOOR;
    r.traits = station_kind_door.traits;
    r.decision = DECISION_ADMIT;
    r.reason = STATION_REASON_REDEEMED;
    EXPECT_STR(station_result_hand(&r, hand, sizeof(hand)), "");
    REQUIRE(station_result_text(&r, "T-shirt", 7, &r.hand_title));
    REQUIRE(station_result_text(&r, "M", 1, &r.hand_variation));
    r.hand = STATION_HAND_VARIATION;
    EXPECT_STR(station_result_hand(&r, hand, sizeof(hand)), "T-shirt: M");
    EXPECT_STR(SAID(r, said), "Hand over T-shirt: M.");
    r.hand = STATION_HAND_TITLE;
    EXPECT_STR(station_result_hand(&r, hand, sizeof(hand)), "T-shirt");
    /* A list's longest title and variation: cut at 319 bytes, as the
     * result's 320-byte `hand` cut them. */
    char title[256], variation[128];
    memset(title, 't', sizeof(title) - 1);
    memset(variation, 'v', sizeof(variation) - 1);
    REQUIRE(station_result_text(&r, title, sizeof(title) - 1, &r.hand_title));
    REQUIRE(station_result_text(&r, variation, sizeof(variation) - 1,
                                &r.hand_variation));
    r.hand = STATION_HAND_VARIATION;
    EXPECT_INT(strlen(station_result_hand(&r, hand, sizeof(hand))), 319);
    EXPECT_INT(hand[255] == ':' && hand[256] == ' ' && hand[257] == 'v', 1);
    char big[1024];
    EXPECT_INT(strlen(station_result_hand(&r, big, sizeof(big))), 319);
    station_result_free(&r);

    static const struct {
        struct label_forecast f;
        const char *said;
    } forecasts[] = {
        {{LABEL_FORECAST_UNKNOWN, 0, 0}, ""},
        {{LABEL_FORECAST_EMPTY, 0, 0}, "Out of labels: load a new roll now."},
        {{LABEL_FORECAST_USED_UP, 0, 0},
         "The roll should be out of labels: load a new one."},
        {{LABEL_FORECAST_LEFT, 1, 0}, "About 1 label left."},
        {{LABEL_FORECAST_LEFT, 39, 0}, "About 39 labels left."},
        {{LABEL_FORECAST_SOON, 1, 0},
         "About 1 label left, reload in under a minute."},
        {{LABEL_FORECAST_MINUTES, 40, 1},
         "About 40 labels left, reload in ~1 minute."},
        {{LABEL_FORECAST_MINUTES, 26, 6},
         "About 26 labels left, reload in ~6 minutes."},
    };
    for (size_t i = 0; i < sizeof(forecasts) / sizeof(forecasts[0]); i++) {
        char labels[STATION_STOCK_CAP];
        EXPECT_STR(
            station_labels_sentence(&forecasts[i].f, labels, sizeof(labels)),
            forecasts[i].said);
    }
}

static void desk_search_manual_checkin_and_print_hook(void)
{
    const char *db = tu_copy(event_db(), "desk-api.db");
    store *s;
    station *st;
    struct ck_error err = {0};
    struct capture cap = {0};
    struct station_config cfg = desk_config("desk-1", print_hook, &cap);
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct attendee_list l;
    REQUIRE(station_search(st, "thordis", &l, &err) == CK_OK);
    REQUIRE(l.n == 1);
    int64_t id = l.items[0].id;
    attendee_list_free(&l);
    struct station_result r;
    int64_t t0 = local_ms("2027-05-12 09:12");
    REQUIRE(station_checkin_manual(st, id, t0, &r, &err) == CK_OK);
    keep_result(&r);
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    EXPECT_STR(r.pronouns, "she/her");
    REQUIRE(station_result_ntutorials(&r) >= 1);
    bool pandas = false;
    for (size_t i = 0; i < station_result_ntutorials(&r); i++)
        pandas |=
            strstr(station_tutorial_title(&r, station_result_tutorial(&r, i)),
                   "Data analysis with pandas") &&
            station_tutorial_room(&r, station_result_tutorial(&r, i))[0] &&
            station_tutorial_slot(&r, station_result_tutorial(&r, i))[0];
    EXPECT_TRUE(pandas);
    /* The decision is made and journaled before anything is printed:
     * printing is owed, and done by station_print once it is shown. */
    EXPECT_INT(cap.prints, 0);
    EXPECT_TRUE(station_result_recorded(&r));
    EXPECT_INT(r.print, STATION_PRINT_OWED);
    EXPECT_TRUE(station_print(st, &r));
    EXPECT_INT(cap.prints, 1);
    EXPECT_INT(cap.last_id, id);
    EXPECT_INT(r.print, STATION_PRINT_PRINTED);
    EXPECT_TRUE(!station_print(st, &r)); /* printed once */
    EXPECT_INT(cap.prints, 1);
    /* Her confirmation code later: already checked in, no second print. */
    r = scan_text(st, THORDIS, t0 + 3600 * 1000);
    EXPECT_STR(station_reason_token(r.reason), "already-checked-in");
    EXPECT_STR(sentence(&r), "Already checked in at 09:12 at desk-1.");
    EXPECT_CONTAINS(earlier(&r), "checked in 09:12 at desk-1");
    EXPECT_TRUE(!station_print(st, &r));
    EXPECT_INT(cap.prints, 1);
    REQUIRE(station_reprint(st, id, "lost", NULL, &err) == CK_OK);
    EXPECT_INT(cap.prints, 2);
    EXPECT_STR(cap.reason, "lost");
    EXPECT_INT(station_reprint(st, id, "", NULL, &err), CK_EINVAL);
    EXPECT_INT(station_counters(st).checked_in, 1);
    station_free(st);
    /* The journal holds what happened, with the manual code. */
    sqlite3 *db3;
    REQUIRE(sqlite3_open(db, &db3) == SQLITE_OK);
    sqlite3_stmt *q;
    sqlite3_prepare_v2(db3,
                       "SELECT group_concat(code || '/' || decision, "
                       "' ') FROM scan",
                       -1, &q, NULL);
    REQUIRE(sqlite3_step(q) == SQLITE_ROW);
    EXPECT_STR((const char *)sqlite3_column_text(q, 0),
               "manual:48395/admit " THORDIS "/warn");
    sqlite3_finalize(q);
    sqlite3_close(db3);
    store_close(s);
}

/* Another writer holding the file (a second connection in a write
 * transaction), and what the station's connection began: the holder
 * commits when the station begins a second time, if `release`. */
struct holder {
    sqlite3 *db;
    int begins;
    bool release;
};

static int on_statement(unsigned type, void *ctx, void *p, void *x)
{
    (void)p;
    struct holder *h = ctx;
    if (type == SQLITE_TRACE_STMT && !strcmp(x, "BEGIN IMMEDIATE") &&
        ++h->begins == 2 && h->release)
        sqlite3_exec(h->db, "COMMIT", NULL, NULL, NULL);
    return 0;
}

/* A decision that finds the file held by another writer for its whole
 * busy wait (a second) waits once more before it is shown NOT RECORDED:
 * held throughout, two waits (two seconds at least) and not recorded;
 * let go during the second wait, recorded. */
static void a_decision_waits_for_the_file_twice_before_not_recorded(void)
{
    const char *db = tu_copy(event_db(), "busy-desk.db");
    store *s;
    station *st;
    struct station_config cfg = desk_config("desk-1", NULL, NULL);
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct holder h = {0};
    REQUIRE(sqlite3_open(db, &h.db) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h.db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
            SQLITE_OK);
    sqlite3_trace_v2(store_db(s), SQLITE_TRACE_STMT, on_statement, &h);
    int64_t t0 = util_mono_ms();
    struct station_result r =
        scan_text(st, THORDIS, local_ms("2027-05-12 09:12"));
    int64_t waited = util_mono_ms() - t0;
    EXPECT_TRUE(!station_result_recorded(&r));
    EXPECT_INT(h.begins, 2);
    if (waited < 2000)
        TU_FAIL_AT("NOT RECORDED after %lld ms; two waits of a second each "
                   "take 2000 at least",
                   (long long)waited);
    EXPECT_CONTAINS(station_record_error(&r),
                    "in use by another checkin process");

    h.begins = 0;
    h.release = true;
    r = scan_text(st, THORDIS, local_ms("2027-05-12 09:13"));
    EXPECT_TRUE(station_result_recorded(&r));
    EXPECT_INT(h.begins, 2);
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    sqlite3_trace_v2(store_db(s), 0, NULL, NULL);
    station_free(st);
    store_close(s);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan"), 1);
    sqlite3_close(h.db);
}

/* A printer that takes the labels and cannot say whether they printed (a
 * file, a network printer without status): sent, not printed. */
static void desk_unconfirmed_print_is_sent_not_printed(void)
{
    const char *db = tu_copy(event_db(), "desk-sent.db");
    store *s;
    station *st;
    struct capture cap = {.unconfirmed = true};
    struct station_config cfg = desk_config("desk-s", print_hook, &cap);
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct station_result r =
        scan_text(st, OLIVIA, local_ms("2027-05-12 08:40"));
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    EXPECT_TRUE(station_print(st, &r));
    EXPECT_INT(cap.prints, 1);
    EXPECT_INT(r.print, STATION_PRINT_SENT);
    EXPECT_STR(station_print_error(&r), "");
    station_free(st);
    store_close(s);
}

/* A printer that fails (jammed, unplugged): the error comes back as the
 * print outcome; the check-in stands, recorded once, and scanning the
 * same person again is a duplicate, not a second check-in or print. */
static int failing_hook(void *ctx, int64_t id, const char *reason,
                        bool *confirmed, struct ck_error *err)
{
    (void)id;
    (void)reason;
    *confirmed = false;
    ((struct capture *)ctx)->prints++;
    return ck_fail(err, CK_EDEVICE,
                   "QL-800 on usb 1-2: the cover is open. "
                   "Close it.");
}

static void desk_printer_failure_keeps_the_checkin(void)
{
    const char *db = tu_copy(event_db(), "desk-fail.db");
    store *s;
    station *st;
    struct capture cap = {0};
    struct station_config cfg = desk_config("desk-f", failing_hook, &cap);
    REQUIRE(station_on(db, &cfg, &s, &st));
    int64_t t0 = local_ms("2027-05-12 08:40");
    struct station_result r = scan_text(st, OLIVIA, t0);
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    EXPECT_TRUE(station_result_recorded(&r) && r.print == STATION_PRINT_OWED);
    EXPECT_TRUE(station_print(st, &r));
    EXPECT_INT(r.print, STATION_PRINT_FAILED);
    EXPECT_CONTAINS(station_print_error(&r), "the cover is open");
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    EXPECT_INT(station_counters(st).checked_in, 1);
    /* The printer's message came after scan_text kept the result. */
    REQUIRE(station_result_set_print_error(&r, NULL));
    r = scan_text(st, OLIVIA, t0 + 60 * 1000);
    EXPECT_STR(station_reason_token(r.reason), "already-checked-in");
    EXPECT_TRUE(!station_print(st, &r));
    EXPECT_INT(cap.prints, 1);
    EXPECT_INT(station_counters(st).checked_in, 1);
    station_free(st);
    store_close(s);
}

/* An asynchronous hook, as `checkin scan --printer` has: it only queues,
 * and the outcomes come back later through print_poll, in order. */
struct async_printer {
    int64_t queued[8];
    int nqueued, head;
    int64_t fails; /* this attendee's labels jam */
};

static int async_hook(void *ctx, int64_t id, const char *reason,
                      bool *confirmed, struct ck_error *err)
{
    (void)reason;
    (void)err;
    *confirmed = false; /* queued, not printed */
    struct async_printer *a = ctx;
    a->queued[a->nqueued++] = id;
    return CK_OK;
}

static bool async_poll(void *ctx, int wait_ms, struct station_print_done *out)
{
    (void)wait_ms;
    struct async_printer *a = ctx;
    if (a->head == a->nqueued)
        return false;
    memset(out, 0, sizeof(*out));
    out->attendee_id = a->queued[a->head++];
    out->printed = out->attendee_id != a->fails;
    if (!out->printed)
        ck_fail(&out->error, CK_EDEVICE, "Label jammed.");
    return true;
}

/* A display that keeps what it was told, in order. */
struct log_display {
    display base;
    char log[2048];
};

static void log_add(display *d, const char *a, const char *b, const char *c)
{
    struct log_display *l = (struct log_display *)d;
    size_t n = strlen(l->log);
    snprintf(l->log + n, sizeof(l->log) - n, "%s%s%s; ", a, b, c);
}

static void log_show(display *d, const struct station_result *r)
{
    log_add(d, "show ", r->badge_name,
            r->print == STATION_PRINT_OWED ? " (printing)" : "");
}

static void log_printed(display *d, const struct station_result *r)
{
    log_add(d, "printed ", r->badge_name,
            r->print == STATION_PRINT_PRINTED ? ": ok"
                                              : station_print_error(r));
}

static void log_status(display *d, const station *st)
{
    (void)d;
    (void)st;
}

static void log_results(display *d, const struct attendee_list *l)
{
    (void)d;
    (void)l;
}

static void log_message(display *d, const char *text)
{
    (void)d;
    (void)text;
}

static int log_poll(display *d, int timeout_ms, struct display_event *ev)
{
    (void)d;
    (void)timeout_ms;
    ev->kind = DISPLAY_NONE;
    return CK_OK;
}

static void log_free(display *d)
{
    (void)d;
}

static const struct display_ops LOG_OPS = {log_show,    log_printed, log_status,
                                           log_results, log_message, log_poll,
                                           log_free,    NULL};

static void desk_async_printing_reports_each_outcome_later(void)
{
    const char *db = tu_copy(event_db(), "desk-async.db");
    store *s;
    station *st;
    struct ck_error err = {0};
    struct async_printer ap = {0};
    struct station_config cfg = {.mode = SCAN_DESK,
                                 .name = "desk-a",
                                 .open_before_ms = -1,
                                 .print = async_hook,
                                 .print_poll = async_poll,
                                 .print_ctx = &ap};
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct attendee_list l;
    REQUIRE(store_attendee_find_one(s, "48395", &l, &err) == CK_OK);
    ap.fails = l.items[0].id; /* Þórdís's labels jam */
    attendee_list_free(&l);
    struct log_display d = {.base = {&LOG_OPS}};
    station_loop *lp = NULL;
    REQUIRE(station_loop_new(st, &lp, &err) == CK_OK);
    EXPECT_INT(station_feed_code(lp, (const uint8_t *)OLIVIA, strlen(OLIVIA), 0,
                                 &d.base, NULL, &err),
               CK_OK);
    EXPECT_INT(station_feed_code(lp, (const uint8_t *)THORDIS, strlen(THORDIS),
                                 10, &d.base, NULL, &err),
               CK_OK);
    /* Both verdicts are out before any label is done. */
    EXPECT_STR(d.log, "show Olivia Hartley-Whitmore (printing); "
                      "show Þórdís Guðmundsdóttir (printing); ");
    EXPECT_INT(ap.nqueued, 2);
    d.log[0] = '\0';
    EXPECT_INT(station_poll_prints(lp, &d.base, 0), 2);
    EXPECT_STR(d.log, "printed Olivia Hartley-Whitmore: ok; "
                      "printed Þórdís GuðmundsdóttirLabel jammed.; ");
    EXPECT_INT(station_poll_prints(lp, &d.base, 0), 0);
    EXPECT_INT(station_counters(st).checked_in, 2);
    station_loop_free(lp);
    station_free(st);
    store_close(s);
}

static void door_rules_window_room_capacity_and_exits(void)
{
    const char *db = tu_copy(event_db(), "door.db");
    char ticket[BADGE_TEXT_CAP], badge[BADGE_TEXT_CAP],
        polars_ticket[BADGE_TEXT_CAP];
    issue(db, "48395", "pandas-intro", ticket); /* Þórdís */
    issue(db, "48275", NULL, badge);            /* Jean-Luc */
    issue(db, "49339", "polars-duckdb", polars_ticket);
    store *s;
    station *st;
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_DOOR,
                                 .target = "pandas-intro",
                                 .name = "door-101a",
                                 .open_before_ms = -1,
                                 .capacity = 2};
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct station_result r;
    r = scan_text(st, ticket, local_ms("2027-05-12 08:30"));
    EXPECT_STR(station_reason_token(r.reason), "too-early");
    EXPECT_STR(sentence(&r), "Too early: Data analysis with pandas, from CSV "
                             "to insight is Wed 09:00-12:30; the door opens "
                             "at 08:45.");
    r = scan_text(st, ticket, local_ms("2027-05-12 08:50"));
    EXPECT_STR(station_reason_token(r.reason), "entered");
    EXPECT_INT(r.counters.inside, 1);
    r = scan_text(st, ticket, local_ms("2027-05-12 08:55"));
    EXPECT_STR(station_reason_token(r.reason), "already-inside");
    EXPECT_INT(r.counters.inside, 1);
    /* The door's count verdicts are written from the counters alone. */
    char said[STATION_SENTENCE_CAP];
    EXPECT_STR(SAID(r, said), "Already inside; not counted again (1 of 2).");
    r = scan_text(st, polars_ticket, local_ms("2027-05-12 09:00"));
    EXPECT_STR(station_reason_token(r.reason), "wrong-room");
    EXPECT_STR(SAID(r, said), "This is Data analysis with pandas, from CSV to "
                              "insight (101A). Your tutorial Fast dataframes "
                              "with Polars and DuckDB is in 101A, Thu "
                              "13:30-17:00.");
    r = scan_text(st, POLARS, local_ms("2027-05-12 09:00"));
    EXPECT_STR(station_reason_token(r.reason),
               "wrong-room"); /* by secret too */
    r = scan_text(st, OLIVIA, local_ms("2027-05-12 09:00"));
    EXPECT_STR(station_reason_token(r.reason), "not-registered");
    r = scan_text(st, JEANLUC, local_ms("2027-05-12 09:01")); /* secret */
    EXPECT_STR(station_reason_token(r.reason), "entered");
    EXPECT_INT(r.counters.inside, 2);
    r = scan_text(st, badge, local_ms("2027-05-12 09:02"));
    EXPECT_STR(station_reason_token(r.reason),
               "already-inside"); /* same person, badge */
    /* A third registered person: the room (capacity 2 here) is full. */
    char other[BADGE_TEXT_CAP];
    issue(db, "48361", "pandas-intro", other); /* Brandon */
    r = scan_text(st, other, local_ms("2027-05-12 09:03"));
    EXPECT_STR(station_reason_token(r.reason), "full");
    EXPECT_STR(r.decision == DECISION_DENY ? "deny" : "?", "deny");
    EXPECT_STR(SAID(r, said), "The room is full (2 of 2); ask them to wait "
                              "until someone leaves.");
    /* Þórdís steps out; Brandon gets in; she comes back: full again. */
    station_set_direction(st, DIRECTION_OUT);
    r = scan_text(st, ticket, local_ms("2027-05-12 09:10"));
    EXPECT_STR(station_reason_token(r.reason), "left");
    EXPECT_INT(r.counters.inside, 1);
    EXPECT_STR(SAID(r, said), "Left the room; 1 inside now.");
    r = scan_text(st, polars_ticket, local_ms("2027-05-12 09:10"));
    EXPECT_STR(station_reason_token(r.reason), "not-inside");
    EXPECT_STR(SAID(r, said),
               "Was not counted inside this room; nothing to change.");
    station_set_direction(st, DIRECTION_IN);
    r = scan_text(st, other, local_ms("2027-05-12 09:11"));
    EXPECT_STR(station_reason_token(r.reason), "entered");
    r = scan_text(st, ticket, local_ms("2027-05-12 09:12"));
    EXPECT_STR(station_reason_token(r.reason), "full");
    r = scan_text(st, CANCELLED, local_ms("2027-05-12 09:12"));
    EXPECT_STR(station_reason_token(r.reason), "cancelled");
    EXPECT_STR(SAID(r, said), "The order for this badge was cancelled; send "
                              "the attendee to the registration desk.");
    r = scan_text(st, UNPAID, local_ms("2027-05-12 09:12"));
    EXPECT_STR(station_reason_token(r.reason), "unpaid");
    r = scan_text(st, ticket, local_ms("2027-05-12 12:31"));
    EXPECT_STR(station_reason_token(r.reason), "ended");
    station_free(st);
    /* Counters are derived from the journal when a station restarts. */
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    EXPECT_INT(station_counters(st).inside, 2);
    station_free(st);
    store_close(s);
}

static void not_recorded_when_the_journal_is_locked(void)
{
    const char *db = tu_copy(event_db(), "locked.db");
    store *s;
    station *st;
    struct station_config cfg = desk_config("desk-l", NULL, NULL);
    REQUIRE(station_on(db, &cfg, &s, &st));
    sqlite3 *other;
    REQUIRE(sqlite3_open(db, &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
            SQLITE_OK);
    struct station_result r = scan_text(st, OLIVIA,
                                        local_ms("2027-05-12 "
                                                 "08:00"));
    EXPECT_STR(station_reason_token(r.reason),
               "checked-in"); /* decided and shown anyway */
    EXPECT_TRUE(!station_result_recorded(&r));
    EXPECT_CONTAINS(station_record_error(&r),
                    "in use by another checkin process");
    EXPECT_INT(r.counters.not_recorded, 1);
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    r = scan_text(st, JEANLUC, local_ms("2027-05-12 08:01"));
    EXPECT_TRUE(station_result_recorded(&r));
    EXPECT_INT(r.seq, 1); /* the failed one used up no number */
    station_free(st);
    store_close(s);
}

/* NOT RECORDED in the station's language (issue 53): why a decision was
 * not recorded is the journal's error said in Spanish, whole, on the
 * JSON lines' and the web screen's record_error_text (the page shows
 * it); record_error and the reason code stay English, for scripts. */
static void not_recorded_says_why_in_the_stations_language(void)
{
    const char *db = tu_copy(event_db(), "locked-es.db");
    store *s;
    station *st;
    struct station_config cfg = desk_config("desk-l", NULL, NULL);
    REQUIRE(station_on(db, &cfg, &s, &st));
    sqlite3 *other;
    REQUIRE(sqlite3_open(db, &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
            SQLITE_OK);
    tu_speak("es");
    struct station_result r =
        scan_text(st, OLIVIA, local_ms("2027-05-12 08:00"));
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    EXPECT_TRUE(!station_result_recorded(&r));
    REQUIRE(station_record_why(&r) != NULL);
    EXPECT_STR(station_record_why(&r)->msg, station_record_error(&r));
    char *shown[2] = {display_json_format(&r), display_web_result_json(&r)};
    for (int i = 0; i < 2; i++) {
        json_t *o = shown[i] ? json_loads(shown[i], 0, NULL) : NULL;
        REQUIRE(o != NULL);
        const char *en = json_string_value(json_object_get(o, "record_error"));
        const char *es =
            json_string_value(json_object_get(o, "record_error_text"));
        EXPECT_STR(json_string_value(json_object_get(o, "reason")),
                   "checked-in");
        EXPECT_CONTAINS(en ? en : "(none)",
                        "is in use by another checkin process; wait for it "
                        "to finish or stop it, then try again");
        EXPECT_CONTAINS(es ? es : "(none)",
                        "está en uso por otro proceso de checkin; espera a "
                        "que termine o detenlo, y luego inténtalo de nuevo");
        EXPECT_NOT_CONTAINS(es ? es : "", "in use by");
        json_decref(o);
        free(shown[i]);
    }
    tu_speak("en");
    station_free(st);
    store_close(s);
}

static void leads_station_db_has_no_personal_data(void)
{
    char badge[BADGE_TEXT_CAP], ticket[BADGE_TEXT_CAP];
    issue(event_db(), "48243", NULL, badge); /* Olivia consents */
    issue(event_db(), "48395", "pandas-intro", ticket);
    const char *out, *e;
    const char *ldb = tu_path("leads-datawise.db");
    REQUIRE(tu_checkin(tu_format("station-db '%s' leads:datawise '%s'",
                                 event_db(), ldb),
                       &out, &e) == 0);
    size_t n;
    char *raw = tu_read_file(ldb, &n);
    /* No name, email or company of anyone, in any page of the file. */
    REQUIRE(raw != NULL);
    EXPECT_TRUE(!memmem(raw, n, "olivia.hw@example.com", 21));
    EXPECT_TRUE(!memmem(raw, n, "Hartley-Whitmore", 16));
    EXPECT_TRUE(!memmem(raw, n, "Meridian Health", 15));
    free(raw);
    write_pgm(tu_path("l1.pgm"), badge);
    write_pgm(tu_path("l2.pgm"), OLIVIA);
    write_pgm(tu_path("l3.pgm"), ticket);
    write_pgm(tu_path("l4.pgm"), NULL);
    write_pgm(tu_path("l5.pgm"), badge);
    REQUIRE(tu_checkin(
                tu_format(
                    "scan '%s' --station leads:datawise --name lead-dw --json "
                    "--images --cooldown 0.5 '%s' '%s' '%s' '%s' '%s'",
                    ldb, tu_path("l1.pgm"), tu_path("l2.pgm"),
                    tu_path("l3.pgm"), tu_path("l4.pgm"), tu_path("l5.pgm")),
                &out, &e) == 0);
    EXPECT_NOT_CONTAINS(out, "Olivia");
    EXPECT_NOT_CONTAINS(out, "ticket_id");
    json_t *d = lines(out);
    REQUIRE(json_array_size(d) == 4);
    EXPECT_STR(field(d, 0, "reason"), "lead");
    EXPECT_STR(field(d, 1, "reason"), "unknown-code"); /* no secrets here */
    EXPECT_STR(field(d, 2, "reason"), "badge-only");
    EXPECT_STR(field(d, 3, "reason"), "lead-again");
    json_decref(d);
}

/* Paddle for `ticket` from `b` at auction door `door` of file `db`, as
 * the door's decision writes it (kind_auction.c). */
static void give_paddle(const char *db, const char *door,
                        const struct auction_block *b, const char *ticket)
{
    store *s;
    struct ck_error err = {0};
    int paddle = 0;
    bool full = true;
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    EXPECT_INT(store_begin(s, &err), CK_OK);
    EXPECT_INT(auction_paddle_give(s, tu_format("run-%s", door), door, b,
                                   ticket, local_ms("2027-05-14 19:00"),
                                   &paddle, &full, &err),
               CK_OK);
    EXPECT_INT(store_commit(s, &err), CK_OK);
    EXPECT_INT(paddle, b->from);
    EXPECT_TRUE(!full);
    store_close(s);
}

/* Two desks check in the same person offline; merging twice changes
 * nothing the second time and reports the double check-in.  The
 * auction's paddles given on each file come along, once. */
static void merge_is_idempotent_and_flags_double_checkins(void)
{
    const char *a = tu_copy(event_db(), "desk-a.db");
    const char *b = tu_copy(event_db(), "desk-b.db");
    const char *ev = tu_copy(event_db(), "central.db");
    const char *lead_db = tu_copy(event_db(), "lead-m.db");
    char badge[BADGE_TEXT_CAP];
    issue(lead_db, "48275", NULL, badge);
    struct ck_error err = {0};
    const char *dbs[] = {a, b};
    for (int i = 0; i < 2; i++) {
        store *s;
        station *st;
        struct station_config cfg =
            desk_config(i ? "desk-b" : "desk-a", NULL, NULL);
        REQUIRE(station_on(dbs[i], &cfg, &s, &st));
        struct station_result r = scan_text(
            st, OLIVIA, local_ms(i ? "2027-05-12 09:40" : "2027-05-12 09:12"));
        EXPECT_STR(station_reason_token(r.reason), "checked-in");
        scan_text(st, i ? JEANLUC : CANCELLED, local_ms("2027-05-12 10:00"));
        station_free(st);
        store_close(s);
    }
    {
        store *s;
        station *st;
        struct station_config cfg = {.mode = SCAN_LEADS,
                                     .target = "datawise",
                                     .name = "lead-1",
                                     .open_before_ms = -1};
        REQUIRE(station_on(lead_db, &cfg, &s, &st));
        struct station_result r = scan_text(st, badge,
                                            local_ms("2027-05-14 "
                                                     "10:00"));
        EXPECT_STR(station_reason_token(r.reason), "lead");
        REQUIRE(station_lead_note(st, r.lead_seq, "wants a demo", 4, &err) ==
                CK_OK);
        EXPECT_INT(station_lead_note(st, r.lead_seq, "x", 9, &err), CK_EINVAL);
        station_free(st);
        store_close(s);
    }
    const struct auction_block one = {"auction-1", 1, 99},
                               two = {"auction-2", 100, 199};
    give_paddle(a, "auction-1", &one, "48243");
    give_paddle(b, "auction-2", &two, "53139");
    char args[4096];
    const char *out, *e;
    REQUIRE(
        tu_checkin(tu_format("merge '%s' '%s' '%s' '%s'", ev, a, b, lead_db),
                   &out, &e) == 0);
    EXPECT_CONTAINS(out, "desk-a.db: 2 new scans, 0 already merged");
    EXPECT_CONTAINS(out, "lead-m.db: 1 new scan, 0 already merged, 1 new "
                         "lead, 0 leads updated");
    EXPECT_CONTAINS(out, "48243 Olivia Hartley-Whitmore: 2 check-ins at");
    EXPECT_CONTAINS(out, "desk-a.db: 1 new auction paddle, win or settlement");
    EXPECT_CONTAINS(out, "desk-b.db: 1 new auction paddle, win or settlement");
    EXPECT_NOT_CONTAINS(out, "lead-m.db: 1 new auction");
    EXPECT_INT(tu_sql_int(ev, "SELECT count(*) FROM auction_act WHERE act ="
                              " 'paddle' AND (paddle, ticket_id) IN (VALUES"
                              " (1, '48243'), (100, '53139'))"),
               2);
    REQUIRE(tu_checkin(tu_format("export '%s' scans --format csv", ev), &out,
                       &e) == 0);
    char *scans1 = strdup(out);
    REQUIRE(
        tu_checkin(tu_format("merge '%s' '%s' '%s' '%s'", ev, b, a, lead_db),
                   &out, &e) == 0);
    EXPECT_CONTAINS(out, "desk-a.db: 0 new scans, 2 already merged, 0 new "
                         "leads, 0 leads updated");
    EXPECT_CONTAINS(out, "lead-m.db: 0 new scans, 1 already merged, 0 new "
                         "leads, 0 leads updated");
    EXPECT_NOT_CONTAINS(out, "new auction");
    EXPECT_INT(tu_sql_int(ev, "SELECT count(*) FROM auction_act"), 2);
    snprintf(args, sizeof(args), "export '%s' scans --format csv", ev);
    REQUIRE(tu_checkin(args, &out, &e) == 0);
    EXPECT_STR(out, scans1);
    EXPECT_INT(tu_checkin(args, &out, &e), 0);
    free(scans1);
    REQUIRE(tu_checkin(tu_format("export '%s' checkins --format json", ev),
                       &out, &e) == 0);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    json_t *rows = json_object_get(root, "checkins");
    REQUIRE(json_array_size(rows) == 2);
    EXPECT_STR(json_string_value(
                   json_object_get(json_array_get(rows, 0), "ticket_id")),
               "48243");
    EXPECT_INT(json_integer_value(
                   json_object_get(json_array_get(rows, 0), "stations")),
               2);
    json_decref(root);
}

/* A station file without a table merge reads (damaged, or changed by
 * hand) is refused naming that file; the event database is left as it
 * was.  fuzz_merge found the sentence calling the event database damaged
 * ("central.db is damaged (no such table: st.lead)"), sending the
 * organizer to restore a sound file from a backup. */
static void merge_names_the_station_file_that_lacks_a_table(void)
{
    const char *ev = tu_copy(event_db(), "central-t.db");
    const char *a = tu_copy(event_db(), "desk-t.db");
    sqlite3 *h;
    REQUIRE(sqlite3_open(a, &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, "DROP TABLE lead", NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(h);
    size_t before_len, after_len;
    char *before = tu_read_file(ev, &before_len);
    const char *out, *e;
    EXPECT_INT(tu_checkin(tu_format("merge '%s' '%s'", ev, a), &out, &e), 1);
    EXPECT_CONTAINS(e, "desk-t.db is not a whole checkin station file");
    EXPECT_CONTAINS(e, "nothing was merged");
    EXPECT_NOT_CONTAINS(e, "central-t.db is damaged");
    char *after = tu_read_file(ev, &after_len);
    EXPECT_INT(after_len == before_len && !memcmp(before, after, after_len), 1);
    free(before);
    free(after);
}

/* ---- a supervisor's override at the desk ---- */

static int64_t sql_count(const char *db, const char *sql)
{
    sqlite3 *h;
    sqlite3_stmt *q;
    int64_t n = -1;
    if (sqlite3_open(db, &h) == SQLITE_OK &&
        sqlite3_prepare_v2(h, sql, -1, &q, NULL) == SQLITE_OK) {
        if (sqlite3_step(q) == SQLITE_ROW)
            n = sqlite3_column_int64(q, 0);
        sqlite3_finalize(q);
    }
    sqlite3_close(h);
    return n;
}

static void sql_run(const char *db, const char *sql)
{
    sqlite3 *h;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h, sql, NULL, NULL, NULL) != SQLITE_OK)
        TU_FAIL_AT("%s: %s", sql, sqlite3_errmsg(h));
    sqlite3_close(h);
}

/* A person with more tutorials than the result's texts hold: those that
 * fit are shown whole, earliest first, and the rest are counted. */
static void desk_counts_the_tutorials_past_the_results_room(void)
{
    const char *db = tu_copy(event_db(), "many-tutorials.db");
    /* 28 tutorials of 200-byte titles (about 6,300 bytes of texts), one
     * an hour from the event's second day, for Thordis (ticket 48395). */
    sql_run(db,
            "WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n"
            " WHERE i < 27) INSERT INTO tutorial (slug, title, room,"
            " starts_at, ends_at, capacity) SELECT printf('long-%02d', i),"
            " printf('Tutorial %02d ', i) || replace(printf('%.*c', 188,"
            " 'x'), ' ', 'x'), 'Room ' || i, 1810166400 + 3600 * i,"
            " 1810166400 + 3600 * i + 1800, 30 FROM n;"
            "INSERT INTO attendee_tutorial (attendee_id, tutorial_id) SELECT"
            " a.id, t.id FROM attendee a, tutorial t WHERE a.ticket_id ="
            " '48395' AND t.slug LIKE 'long-%'");
    int64_t total = sql_count(db, "SELECT count(*) FROM attendee_tutorial x"
                                  " JOIN attendee a ON a.id = x.attendee_id"
                                  " WHERE a.ticket_id = '48395'");
    REQUIRE(total == 29); /* and pandas-intro */
    store *s;
    station *st;
    struct ck_error err = {0};
    struct station_config cfg = desk_config("desk-1", NULL, NULL);
    REQUIRE(station_on(db, &cfg, &s, &st));
    struct station_result r;
    REQUIRE(station_checkin_manual(st, attendee_by_ticket(s, "48395"),
                                   local_ms("2027-05-12 09:12"), &r,
                                   &err) == CK_OK);
    keep_result(&r);
    EXPECT_STR(station_reason_token(r.reason), "checked-in");
    EXPECT_INT((long)(station_result_ntutorials(&r) + r.tutorials_more), 29);
    EXPECT_TRUE(r.tutorials_more > 0);
    EXPECT_TRUE(station_result_ntutorials(&r) > 10);
    /* Every one shown is whole: pandas-intro's, or a long one's; earliest
     * first, so the long ones shown are the first of their hours. */
    long whole = 0, pandas = 0;
    for (size_t i = 0; i < station_result_ntutorials(&r); i++) {
        const char *t =
            station_tutorial_title(&r, station_result_tutorial(&r, i));
        char want[32];
        snprintf(want, sizeof(want), "Tutorial %02ld ", whole);
        if (!strncmp(t, want, strlen(want)) && strlen(t) == 200)
            whole++;
        else if (strstr(t, "Data analysis with pandas"))
            pandas++;
        EXPECT_TRUE(station_tutorial_room(
                        &r, station_result_tutorial(&r, i))[0] != '\0');
        EXPECT_TRUE(strlen(station_tutorial_slot(
                        &r, station_result_tutorial(&r, i))) > 10);
    }
    EXPECT_INT(pandas, 1);
    EXPECT_INT(whole + pandas, (long)station_result_ntutorials(&r));
    station_free(st);
    store_close(s);
}

static int override_text(station *st, const char *code, int64_t id,
                         const char *why, int64_t at, struct station_result *r,
                         struct ck_error *err)
{
    int rc =
        station_override(st, (const uint8_t *)code, code ? strlen(code) : 0, id,
                         why, NULL, at, r, err);
    keep_result(r);
    return rc;
}

static void desk_override_admits_unpaid_with_the_reason(void)
{
    const char *db = tu_copy(event_db(), "override.db");
    store *s;
    station *st;
    struct ck_error err = {0};
    struct capture cap = {0};
    struct station_config cfg = desk_config("desk-1", print_hook, &cap);
    REQUIRE(station_on(db, &cfg, &s, &st));
    int64_t t0 = local_ms("2027-05-12 10:14");
    struct station_result r = scan_text(st, UNPAID, t0);
    EXPECT_INT(r.decision, DECISION_DENY);
    EXPECT_STR(station_reason_token(r.reason), "unpaid");
    char said[STATION_SENTENCE_CAP];
    EXPECT_STR(SAID(r, said), "This order is not paid yet; settle the payment "
                              "with the organisers before checking in.");
    EXPECT_TRUE(r.overridable);
    REQUIRE(r.attendee_id != 0);
    int64_t who = r.attendee_id;

    /* No reason, blanks, or too few characters: one sentence, nothing
     * journaled, nothing printed. */
    struct station_result o;
    const char *weak[] = {NULL, "", "   \t ", "ok"};
    for (size_t i = 0; i < sizeof(weak) / sizeof(weak[0]); i++) {
        memset(&err, 0, sizeof(err));
        EXPECT_INT(override_text(st, UNPAID, who, weak[i], t0 + 1000, &o, &err),
                   CK_EINVAL);
        EXPECT_CONTAINS(err.msg, "An override needs the supervisor's reason");
    }
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan"), 1);
    EXPECT_INT(cap.prints, 0);

    REQUIRE(override_text(st, UNPAID, who, "  paid in cash at the desk ",
                          t0 + 60000, &o, &err) == CK_OK);
    EXPECT_INT(o.decision, DECISION_ADMIT);
    EXPECT_STR(station_reason_token(o.reason), "override-unpaid");
    EXPECT_STR(o.override, "paid in cash at the desk");
    EXPECT_CONTAINS(sentence(&o), "supervisor's override");
    EXPECT_CONTAINS(sentence(&o), "paid in cash at the desk");
    EXPECT_INT(o.attendee_id, who);
    EXPECT_TRUE(station_result_recorded(&o));
    EXPECT_TRUE(o.seq == 2);
    EXPECT_STR(o.order_status, "pending");
    /* Printed like any first check-in, after it was recorded. */
    EXPECT_INT(o.print, STATION_PRINT_OWED);
    EXPECT_INT(cap.prints, 0);
    EXPECT_TRUE(station_print(st, &o));
    EXPECT_INT(cap.prints, 1);
    EXPECT_INT(cap.last_id, who);
    EXPECT_INT(station_counters(st).checked_in, 1);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan WHERE seq = 2 AND"
                             " station = 'desk-1' AND mode = 'desk' AND"
                             " decision = 'admit' AND reason ="
                             " 'override-unpaid' AND override = 'paid in"
                             " cash at the desk' AND code = '" UNPAID "'"),
               1);

    /* Checked in now: not overridden again, and a rescan offers none. */
    memset(&err, 0, sizeof(err));
    EXPECT_INT(
        override_text(st, UNPAID, who, "paid twice", t0 + 120000, &o, &err),
        CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "Already checked in at 10:15 at desk-1");
    r = scan_text(st, UNPAID, t0 + 180000);
    EXPECT_TRUE(!r.overridable);
    EXPECT_CONTAINS(earlier(&r), "checked in 10:15 at desk-1");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan WHERE override IS "
                             "NOT NULL"),
               1);
    EXPECT_INT(cap.prints, 1);

    /* A cancelled order chosen by name: journaled as the manual code. */
    r = scan_text(st, CANCELLED, t0 + 240000);
    EXPECT_STR(station_reason_token(r.reason), "cancelled");
    EXPECT_TRUE(r.overridable);
    REQUIRE(override_text(st, NULL, r.attendee_id, "speaker, order re-made",
                          t0 + 250000, &o, &err) == CK_OK);
    EXPECT_STR(station_reason_token(o.reason), "override-cancelled");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan WHERE reason ="
                             " 'override-cancelled' AND code LIKE 'manual:%'"
                             " AND override = 'speaker, order re-made'"),
               1);

    /* The journal locked by another process: an override is never shown
     * unrecorded; it is refused and nothing is written. */
    sql_run(db, "UPDATE attendee SET status = 'refunded' WHERE ticket_id ="
                " '48243'");
    int64_t olivia = attendee_by_ticket(s, "48243");
    sqlite3 *other;
    REQUIRE(sqlite3_open(db, &other) == SQLITE_OK);
    REQUIRE(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
            SQLITE_OK);
    memset(&err, 0, sizeof(err));
    EXPECT_TRUE(override_text(st, NULL, olivia, "refund reversed", t0 + 300000,
                              &o, &err) != CK_OK);
    EXPECT_CONTAINS(err.msg, "Nothing was overridden");
    sqlite3_exec(other, "ROLLBACK", NULL, NULL, NULL);
    sqlite3_close(other);
    REQUIRE(override_text(st, NULL, olivia, "refund reversed", t0 + 310000, &o,
                          &err) == CK_OK);
    EXPECT_STR(station_reason_token(o.reason), "override-refunded");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan"), 6);
    station_free(st);
    store_close(s);
}

/* Issue the next badge of `ticket`, superseding the one before. */
static void reissue(const char *db, const char *ticket,
                    char out[BADGE_TEXT_CAP])
{
    struct ck_error err = {0};
    store *s;
    struct badge_key key;
    if (store_open(db, STORE_EXISTING, &s, &err)) {
        TU_FAIL_AT("open: %s", err.msg);
        return;
    }
    if (credential_load_key(s, tu_path("event.key"), &key, &err) ||
        credential_issue(s, &key, attendee_by_ticket(s, ticket), 0, out, &err))
        TU_FAIL_AT("issue: %s", err.msg);
    badge_key_wipe(&key);
    store_close(s);
}

static void override_refuses_codes_paid_test_orders_and_doors(void)
{
    const char *db = tu_copy(event_db(), "override-no.db");
    /* The unpaid registration's first badge, then a reprint: the first
     * is superseded. */
    char old_badge[BADGE_TEXT_CAP], new_badge[BADGE_TEXT_CAP];
    store *s;
    struct ck_error err = {0};
    /* Find the unpaid attendee's ticket id from their code. */
    struct station_config cfg = desk_config("desk-2", NULL, NULL);
    station *st;
    REQUIRE(station_on(db, &cfg, &s, &st));
    int64_t t0 = local_ms("2027-05-12 11:00");
    struct station_result r = scan_text(st, UNPAID, t0), o;
    REQUIRE(r.overridable);
    char ticket[64];
    snprintf(ticket, sizeof(ticket), "%s", r.ticket_id);
    station_free(st);
    store_close(s);
    issue(db, ticket, NULL, old_badge);
    reissue(db, ticket, new_badge);
    REQUIRE(strcmp(old_badge, new_badge) != 0);
    REQUIRE(station_on(db, &cfg, &s, &st));
    int64_t rows = sql_count(db, "SELECT count(*) FROM scan");

    /* An unknown or forged code: nobody to override. */
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, "not-a-ticket-of-ours", 0, "looks fine to me",
                             t0, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "Only an unpaid, cancelled or refunded");
    char forged[BADGE_TEXT_CAP];
    snprintf(forged, sizeof(forged), "%s", new_badge);
    size_t n = strlen(forged);
    forged[n - 3] = forged[n - 3] == 'A' ? 'B' : 'A';
    r = scan_text(st, forged, t0);
    EXPECT_TRUE(!r.overridable);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, forged, 0, "looks fine to me", t0, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "Only an unpaid, cancelled or refunded");

    /* A superseded badge of an unpaid order: refused, even though the
     * order is what the desk names first. */
    r = scan_text(st, old_badge, t0 + 1000);
    EXPECT_STR(station_reason_token(r.reason), "unpaid");
    EXPECT_TRUE(!r.overridable);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, old_badge, r.attendee_id, "paid in cash",
                             t0 + 2000, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "replaced by a newer one");
    /* Its newest badge may be; a code of someone else than the person on
     * the screen may not. */
    r = scan_text(st, new_badge, t0 + 3000);
    EXPECT_TRUE(r.overridable);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, new_badge, r.attendee_id + 1, "paid in cash",
                             t0 + 4000, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "not the person on the screen");

    /* A paid registration admits without one. */
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, OLIVIA, 0, "just because", t0, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "paid and admits without an override");

    /* A pretix test-mode order at a live desk: never. */
    sql_run(db, "UPDATE attendee SET testmode = 1 WHERE status = 'cancelled'");
    r = scan_text(st, CANCELLED, t0 + 5000);
    EXPECT_STR(station_reason_token(r.reason), "cancelled");
    EXPECT_TRUE(!r.overridable);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, CANCELLED, r.attendee_id, "rehearsal guest",
                             t0 + 6000, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "test-mode order");
    /* Refusals journal nothing but the scans. */
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan"), rows + 4);
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan WHERE decision ="
                             " 'admit'"),
               0);
    station_free(st);

    /* A self check-in kiosk never overrides, nor offers to. */
    struct station_config kiosk = {.mode = SCAN_DESK,
                                   .name = "kiosk-1",
                                   .open_before_ms = -1,
                                   .self_service = true};
    REQUIRE(station_open(s, &kiosk, &st, &err) == CK_OK);
    r = scan_text(st, new_badge, t0 + 7000);
    EXPECT_STR(station_reason_token(r.reason), "unpaid");
    EXPECT_TRUE(!r.overridable);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, new_badge, r.attendee_id, "paid in cash",
                             t0 + 8000, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "self check-in kiosk");
    EXPECT_INT(sql_count(db, "SELECT count(*) FROM scan WHERE decision ="
                             " 'admit'"),
               0);
    station_free(st);

    /* Only the desk overrides. */
    struct station_config door = {.mode = SCAN_DOOR,
                                  .target = "django-first-app",
                                  .name = "door-1",
                                  .open_before_ms = -1};
    REQUIRE(station_open(s, &door, &st, &err) == CK_OK);
    memset(&err, 0, sizeof(err));
    EXPECT_INT(override_text(st, UNPAID, 0, "paid in cash", t0, &o, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "registration desk");
    station_free(st);
    store_close(s);
}

/* The override row travels like any journal row: merged into the event
 * database once, in any order, and listed with its reason by the exports,
 * stats and the dashboard's anomalies. */
static void override_survives_merge_and_is_listed(void)
{
    const char *a = tu_copy(event_db(), "override-a.db");
    const char *ev = tu_copy(event_db(), "override-central.db");
    store *s;
    station *st;
    struct ck_error err = {0};
    struct station_config cfg = desk_config("desk-3", NULL, NULL);
    REQUIRE(station_on(a, &cfg, &s, &st));
    struct station_result r = scan_text(st, UNPAID,
                                        local_ms("2027-05-12 "
                                                 "09:30")),
                          o;
    REQUIRE(override_text(st, UNPAID, r.attendee_id, "paid by bank transfer",
                          local_ms("2027-05-12 09:31"), &o, &err) == CK_OK);
    station_free(st);
    store_close(s);

    const char *out, *e;
    for (int i = 0; i < 2; i++) {
        REQUIRE(tu_checkin(tu_format("merge '%s' '%s'", ev, a), &out, &e) == 0);
        EXPECT_CONTAINS(out, i ? "0 new scans, 2 already merged"
                               : "2 new scans, 0 already merged");
    }
    EXPECT_INT(sql_count(ev, "SELECT count(*) FROM scan WHERE station ="
                             " 'desk-3' AND decision = 'admit' AND reason ="
                             " 'override-unpaid' AND override = 'paid by bank"
                             " transfer'"),
               1);
    REQUIRE(tu_checkin(tu_format("export '%s' scans --format json", ev), &out,
                       &e) == 0);
    json_error_t je;
    json_t *root = json_loads(out, 0, &je);
    json_t *rows = json_object_get(root, "scans");
    REQUIRE(json_array_size(rows) == 2);
    json_t *row0 = json_array_get(rows, 0), *row1 = json_array_get(rows, 1);
    EXPECT_TRUE(json_is_null(json_object_get(row0, "override")));
    EXPECT_STR(json_string_value(json_object_get(row1, "reason")),
               "override-unpaid");
    EXPECT_STR(json_string_value(json_object_get(row1, "override")),
               "paid by bank transfer");
    json_decref(root);
    REQUIRE(tu_checkin(tu_format("export '%s' checkins --format csv", ev), &out,
                       &e) == 0);
    EXPECT_CONTAINS(out, ",stations,override");
    EXPECT_CONTAINS(out, ",desk-3,1,1,paid by bank transfer");
    REQUIRE(tu_checkin(tu_format("stats '%s'", ev), &out, &e) == 0);
    EXPECT_CONTAINS(out, "checked in: 1;");
    EXPECT_CONTAINS(out, "Overrides: 1 admitted on a supervisor's override");

    REQUIRE(store_open(ev, STORE_EXISTING | STORE_READONLY, &s, &err) == CK_OK);
    char *snap = NULL;
    REQUIRE(dashboard_snapshot(s, local_ms("2027-05-12 10:00"), &snap, &err) ==
            CK_OK);
    store_close(s);
    root = json_loads(snap, 0, &je);
    free(snap);
    json_t *ov =
        json_object_get(json_object_get(root, "anomalies"), "overrides");
    REQUIRE(json_array_size(ov) == 1);
    json_t *x = json_array_get(ov, 0);
    EXPECT_STR(json_string_value(json_object_get(x, "station")), "desk-3");
    EXPECT_STR(json_string_value(json_object_get(x, "override")),
               "paid by bank transfer");
    EXPECT_STR(json_string_value(json_object_get(x, "reason")),
               "override-unpaid");
    EXPECT_TRUE(json_integer_value(json_object_get(x, "at_ms")) ==
                local_ms("2027-05-12 09:31"));
    /* Listed as an override, not as an unexplained unpaid admission. */
    EXPECT_INT(json_array_size(json_object_get(
                   json_object_get(root, "anomalies"), "not_paid")),
               0);
    json_decref(root);
}

/* One desk admits OLIVIA and THORDIS, another (a copy of the file, merged
 * later) admits OLIVIA again; then THORDIS's order is refunded. The
 * dashboard lists OLIVIA as admitted at two desks and THORDIS as admitted
 * and no longer paid, and nobody else: JEANLUC, admitted once and paid, is
 * in neither list. */
static void dashboard_lists_two_desks_and_no_longer_paid(void)
{
    const char *a = tu_copy(event_db(), "anomaly-a.db");
    const char *b = tu_copy(event_db(), "anomaly-b.db");
    const char *ev = tu_copy(event_db(), "anomaly-central.db");
    const char *const codes[2][3] = {{OLIVIA, THORDIS, JEANLUC}, {OLIVIA}};
    const char *const files[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        store *s;
        station *st;
        struct station_config cfg =
            desk_config(k ? "desk-2" : "desk-1", NULL, NULL);
        REQUIRE(station_on(files[k], &cfg, &s, &st));
        for (int i = 0; i < 3 && codes[k][i]; i++) {
            struct station_result r =
                scan_text(st, codes[k][i], local_ms("2027-05-12 09:30") + i);
            EXPECT_INT(r.decision, DECISION_ADMIT);
        }
        station_free(st);
        store_close(s);
        const char *out, *e;
        REQUIRE(tu_checkin(tu_format("merge '%s' '%s'", ev, files[k]), &out,
                           &e) == 0);
    }
    sql_run(ev, "UPDATE attendee SET status = 'refunded' WHERE ticket_id ="
                " (SELECT a.ticket_id FROM attendee a JOIN ticket_secret t"
                " ON t.attendee_id = a.id WHERE t.secret = '" THORDIS "')");

    store *s;
    struct ck_error err = {0};
    char *snap = NULL;
    REQUIRE(store_open(ev, STORE_EXISTING | STORE_READONLY, &s, &err) == CK_OK);
    REQUIRE(dashboard_snapshot(s, local_ms("2027-05-12 10:00"), &snap, &err) ==
            CK_OK);
    store_close(s);
    json_error_t je;
    json_t *root = json_loads(snap, 0, &je);
    free(snap);
    json_t *an = json_object_get(root, "anomalies");
    json_t *twice = json_object_get(an, "two_desks");
    json_t *unpaid = json_object_get(an, "not_paid");
    REQUIRE(json_array_size(twice) == 1);
    REQUIRE(json_array_size(unpaid) == 1);
    EXPECT_STR(json_string_value(
                   json_object_get(json_array_get(twice, 0), "stations")),
               "desk-1,desk-2");
    EXPECT_INT(
        json_integer_value(json_object_get(json_array_get(twice, 0), "admits")),
        2);
    EXPECT_STR(
        json_string_value(json_object_get(json_array_get(unpaid, 0), "status")),
        "refunded");
    /* Each is the person whose code it was. */
    const char *const who[2] = {OLIVIA, THORDIS};
    json_t *const row[2] = {json_array_get(twice, 0),
                            json_array_get(unpaid, 0)};
    for (int k = 0; k < 2; k++) {
        EXPECT_INT(
            sql_count(
                ev,
                tu_format(
                    "SELECT count(*) FROM attendee a JOIN ticket_secret t ON"
                    " t.attendee_id = a.id WHERE t.secret = '%s' AND "
                    "a.ticket_id"
                    " = '%s'",
                    who[k],
                    json_string_value(json_object_get(row[k], "ticket_id")))),
            1);
    }
    json_decref(root);
}

/* The dashboard's registrations by ticket type and status equal SQLite's
 * own GROUP BY over the same file, for every type and status; its recent
 * check-ins are the 10 latest desk admissions, newest first, leaving out an
 * admission (the latest of all) of a ticket the file does not hold. */
static void dashboard_counts_and_recent_check_ins(void)
{
    const char *db = tu_copy(event_db(), "dashboard-counts.db");
    sql_run(db, "UPDATE attendee SET status = CASE id % 4 WHEN 0 THEN"
                " 'paid' WHEN 1 THEN 'pending' WHEN 2 THEN 'cancelled' ELSE"
                " 'refunded' END WHERE id % 3 = 0");
    store *s;
    journal *j;
    struct ck_error err = {0};
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    REQUIRE(journal_open(s, "desk-1", &j, &err) == CK_OK);
    sqlite3 *h;
    sqlite3_stmt *q;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    REQUIRE(sqlite3_prepare_v2(h,
                               "SELECT ticket_id FROM attendee ORDER BY id"
                               " LIMIT 12",
                               -1, &q, NULL) == SQLITE_OK);
    const int64_t t0 = local_ms("2027-05-12 09:00");
    int64_t at = t0;
    for (int i = 0; sqlite3_step(q) == SQLITE_ROW; i++) {
        struct scan_record r = {.at_ms = at += 1000 * (i % 3 ? 7 : 61),
                                .mode = SCAN_DESK,
                                .target = "",
                                .code = (const uint8_t *)"manual:x",
                                .code_len = 8,
                                .ticket_id =
                                    (const char *)sqlite3_column_text(q, 0),
                                .decision = DECISION_ADMIT,
                                .reason = "checked-in",
                                .direction = DIRECTION_IN};
        REQUIRE(journal_append(j, &r, &err) == CK_OK);
    }
    sqlite3_finalize(q);
    struct scan_record gone = {.at_ms = at + 1000,
                               .mode = SCAN_DESK,
                               .target = "",
                               .code = (const uint8_t *)"manual:y",
                               .code_len = 8,
                               .ticket_id = "not-in-this-file",
                               .decision = DECISION_ADMIT,
                               .reason = "checked-in",
                               .direction = DIRECTION_IN};
    REQUIRE(journal_append(j, &gone, &err) == CK_OK);
    journal_free(j);
    char *snap = NULL;
    REQUIRE(dashboard_snapshot(s, at + 2000, &snap, &err) == CK_OK);
    store_close(s);
    json_t *root = json_loads(snap, 0, NULL);
    free(snap);
    REQUIRE(root);

    json_t *types = json_object_get(root, "types");
    REQUIRE(sqlite3_prepare_v2(
                h,
                "SELECT t.slug, count(a.id) FILTER (WHERE a.status = 'paid'),"
                " count(a.id) FILTER (WHERE a.status = 'pending'),"
                " count(a.id) FILTER (WHERE a.status IN ('cancelled',"
                " 'refunded')) FROM ticket_type t LEFT JOIN attendee a ON"
                " a.ticket_type_id = t.id GROUP BY t.id ORDER BY t.id",
                -1, &q, NULL) == SQLITE_OK);
    size_t n = 0, nonzero = 0;
    for (; sqlite3_step(q) == SQLITE_ROW; n++) {
        json_t *row = json_array_get(types, n);
        EXPECT_STR(json_string_value(json_object_get(row, "slug")),
                   (const char *)sqlite3_column_text(q, 0));
        static const char *const keys[] = {"paid", "pending", "cancelled"};
        for (int k = 0; k < 3; k++) {
            EXPECT_INT(json_integer_value(json_object_get(row, keys[k])),
                       sqlite3_column_int64(q, k + 1));
            nonzero += sqlite3_column_int64(q, k + 1) > 0;
        }
    }
    sqlite3_finalize(q);
    sqlite3_close(h);
    EXPECT_INT(json_array_size(types), n);
    EXPECT_TRUE(nonzero >= 4); /* more than one type and status counted */
    EXPECT_INT(json_integer_value(json_object_get(
                   json_object_get(root, "registrations"), "refunded")),
               sql_count(db, "SELECT count(*) FROM attendee WHERE status ="
                             " 'refunded'"));

    json_t *recent = json_object_get(root, "recent");
    EXPECT_INT(json_array_size(recent), 10);
    int64_t last = at + 1;
    for (size_t i = 0; i < json_array_size(recent); i++) {
        int64_t when = json_integer_value(
            json_object_get(json_array_get(recent, i), "at_ms"));
        EXPECT_TRUE(when < last);
        last = when;
    }
    EXPECT_INT(
        json_integer_value(json_object_get(json_array_get(recent, 0), "at_ms")),
        at);
    json_decref(root);
}

static void lead_export_lists_only_consenting_attendees(void)
{
    const char *ev = tu_copy(event_db(), "leads-export.db");
    char olivia[BADGE_TEXT_CAP], jeanluc[BADGE_TEXT_CAP];
    issue(ev, "48243", NULL, olivia);  /* consents */
    issue(ev, "48275", NULL, jeanluc); /* does not */
    store *s;
    station *st;
    struct ck_error err = {0};
    struct station_config cfg = {.mode = SCAN_LEADS,
                                 .target = "nimbus-data",
                                 .name = "lead-nd",
                                 .open_before_ms = -1};
    REQUIRE(station_on(ev, &cfg, &s, &st));
    struct station_result r = scan_text(st, olivia,
                                        local_ms("2027-05-14 "
                                                 "11:00"));
    REQUIRE(station_lead_note(st, r.lead_seq, "=cmd|' /C calc'!A0", 5, &err) ==
            CK_OK);
    r = scan_text(st, jeanluc, local_ms("2027-05-14 11:05"));
    REQUIRE(station_lead_note(st, r.lead_seq, "asked about jobs", 3, &err) ==
            CK_OK);
    station_free(st);
    store_close(s);
    const char *fmts[] = {"csv", "json"};
    for (int i = 0; i < 2; i++) {
        const char *out, *e;
        REQUIRE(
            tu_checkin(
                tu_format("export '%s' leads --sponsor nimbus-data --format %s",
                          ev, fmts[i]),
                &out, &e) == 0);
        EXPECT_CONTAINS(out, "olivia.hw@example.com");
        EXPECT_NOT_CONTAINS(out, "jl.moreau-dubois@example.net");
        EXPECT_NOT_CONTAINS(out, "Moreau");
        EXPECT_NOT_CONTAINS(out, "asked about jobs");
        EXPECT_CONTAINS(e, "Leads listed: 1.  Counted, not listed");
        if (i == 0)
            EXPECT_CONTAINS(out, "\"'=cmd|' /C calc'!A0\"");
        else
            EXPECT_CONTAINS(out, "\"not_consented\": 1");
    }
}

/* The one number `sql` gives in the file at `path` (-1 on failure). */
static long rows_of(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    sqlite3_stmt *q = NULL;
    long v = -1;
    if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &q, NULL) == SQLITE_OK &&
        sqlite3_step(q) == SQLITE_ROW)
        v = (long)sqlite3_column_int64(q, 0);
    sqlite3_finalize(q);
    sqlite3_close(db);
    return v;
}

/* Booth `sponsor`'s phone shows `text` at source time `t`: the result,
 * and whether it was a new presentation. */
static bool booth_scan(station *st, const char *sponsor, const char *text,
                       int64_t t, struct station_result *r)
{
    struct ck_error err = {0};
    bool fresh = false;
    if (station_expo_present(st, sponsor, (const uint8_t *)text, strlen(text),
                             t, &fresh, r, &err))
        TU_FAIL_AT("station_expo_present: %s", err.msg);
    keep_result(r);
    return fresh;
}

static int collect_lead(void *ctx, const struct journal_booth_lead *l)
{
    struct journal_booth_lead *out = ctx;
    if (!out->seq) /* the first only */
        *out = *l;
    else
        out->rating = -1; /* more than one: marked for the test */
    return CK_OK;
}

/* The expo hall (issue 31): one station file made by 'station-db expo'
 * (no attendee), each code decided by the leads rules for the sponsor of
 * the phone that read it and journaled as that sponsor's lead, so that
 * merge and 'export leads --sponsor' see what leads:SPONSOR would have
 * sent.  Each booth has its own cooldown; a lead of one booth is "No such
 * lead." to another; a code without a booth records nothing. */
static void expo_station_decides_each_booths_leads_apart(void)
{
    const char *ev = tu_copy(event_db(), "expo-event.db");
    char olivia[BADGE_TEXT_CAP];
    issue(ev, "48243", NULL, olivia); /* consents */
    const char *xdb = tu_path("expo.db");
    unlink(xdb);
    const char *out, *e;
    REQUIRE(tu_checkin(tu_format("station-db '%s' expo '%s'", ev, xdb), &out,
                       &e) == 0);
    EXPECT_CONTAINS(out, "expo station database");
    size_t n;
    char *raw = tu_read_file(xdb, &n);
    REQUIRE(raw != NULL);
    EXPECT_TRUE(!memmem(raw, n, "olivia.hw@example.com", 21));
    EXPECT_TRUE(!memmem(raw, n, "Hartley-Whitmore", 16));
    free(raw);

    store *s;
    station *st;
    struct ck_error err = {0};
    REQUIRE(store_open(xdb, STORE_EXISTING, &s, &err) == CK_OK);
    struct station_config cfg = {.name = "expo-1", .open_before_ms = -1};
    REQUIRE(station_parse_spec("expo", &cfg, &err) == CK_OK);
    cfg.clock_ms = local_ms("2027-05-14 11:00");
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    EXPECT_TRUE(station_has(st, STATION_TRAIT_BOOTHS));
    struct station_result r;
    REQUIRE(booth_scan(st, "datawise", olivia, 0, &r));
    EXPECT_STR(station_reason_token(r.reason), "lead");
    EXPECT_TRUE(station_result_recorded(&r) && r.lead_seq > 0);
    EXPECT_STR(r.target, "datawise");
    int64_t a_lead = r.lead_seq;
    /* Held in view at the same booth: one presentation; at another
     * booth at the same moment: that booth's own lead. */
    EXPECT_TRUE(!booth_scan(st, "datawise", olivia, 1000, &r));
    REQUIRE(booth_scan(st, "nimbus-data", olivia, 1000, &r));
    EXPECT_STR(station_reason_token(r.reason), "lead");
    EXPECT_STR(r.target, "nimbus-data");
    /* After the cooldown, again at the first booth: already its lead. */
    REQUIRE(booth_scan(st, "datawise", olivia, 10000, &r));
    EXPECT_STR(station_reason_token(r.reason), "lead-again");
    /* A code without a booth (the station's own screen): nothing. */
    bool fresh = false;
    REQUIRE(station_present(st, (const uint8_t *)olivia, strlen(olivia), 20000,
                            &fresh, &r, &err) == CK_OK);
    keep_result(&r);
    EXPECT_STR(station_reason_token(r.reason), "no-booth");
    EXPECT_INT(r.lead_seq, 0);
    /* A sponsor the event does not have. */
    EXPECT_INT(station_expo_present(st, "nobody", (const uint8_t *)olivia,
                                    strlen(olivia), 30000, &fresh, &r, &err),
               CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "There is no sponsor 'nobody'");

    /* Another booth's lead is no lead of its own; bad tags change
     * nothing. */
    const char *tags[9] = {"hiring", "ml", "x3", "x4", "x5",
                           "x6",     "x7", "x8", "x9"};
    EXPECT_INT(
        station_expo_edit(st, "nimbus-data", a_lead, "mine?", 2, tags, 2, &err),
        CK_ENOTFOUND);
    EXPECT_STR(err.msg, "No such lead.");
    EXPECT_INT(station_expo_edit(st, "datawise", a_lead, "", 2, tags, 9, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "at most 8 tags");
    const char *long_tag[] = {"abcdefghijklmnopqrstuvwxyz0123456"}; /* 33 */
    EXPECT_INT(
        station_expo_edit(st, "datawise", a_lead, "", 2, long_tag, 1, &err),
        CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "keep each tag to 32");
    const char *broken[] = {"two\nlines"};
    EXPECT_INT(
        station_expo_edit(st, "datawise", a_lead, "", 2, broken, 1, &err),
        CK_EINVAL);
    const char *umlauts[] = {"\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                             "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                             "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                             "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                             "\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc\xc3\xbc"
                             "\xc3\xbc\xc3\xbc"}; /* 32 characters, 64 bytes */
    REQUIRE(station_expo_edit(st, "datawise", a_lead, "asked about jobs", 4,
                              tags, 2, &err) == CK_OK);
    REQUIRE(station_expo_edit(st, "datawise", a_lead, "asked about jobs", 4,
                              umlauts, 1, &err) == CK_OK);
    REQUIRE(station_expo_edit(st, "datawise", a_lead, "asked about jobs", 4,
                              tags, 2, &err) == CK_OK);
    struct journal_booth_lead l = {0};
    REQUIRE(station_expo_leads(st, "datawise", collect_lead, &l, &err) ==
            CK_OK);
    EXPECT_INT(l.seq, a_lead);
    EXPECT_INT(l.rating, 4);
    EXPECT_STR(l.note, "asked about jobs");
    EXPECT_STR(l.tags, "hiring\nml");
    memset(&l, 0, sizeof(l));
    REQUIRE(station_expo_leads(st, "nimbus-data", collect_lead, &l, &err) ==
            CK_OK);
    EXPECT_STR(l.note, ""); /* its own lead, untouched */
    EXPECT_INT(l.rating, 0);
    station_free(st);
    store_close(s);

    /* The organizer's file: each sponsor's lead as leads:SPONSOR would
     * have sent it, with the note and tags. */
    REQUIRE(tu_checkin(tu_format("merge '%s' '%s'", ev, xdb), &out, &e) == 0);
    EXPECT_CONTAINS(out, "2 new leads");
    EXPECT_INT(rows_of(ev, "SELECT count(*) FROM lead WHERE sponsor_slug ="
                           " 'datawise' AND tags = 'hiring' || char(10) ||"
                           " 'ml' AND note = 'asked about jobs'"),
               1);
    EXPECT_INT(rows_of(ev, "SELECT count(*) FROM scan WHERE mode = 'leads'"
                           " AND target = 'nimbus-data' AND reason = 'lead'"),
               1);
    REQUIRE(tu_checkin(tu_format("export '%s' leads --sponsor datawise", ev),
                       &out, &e) == 0);
    EXPECT_CONTAINS(out, "olivia.hw@example.com");
    EXPECT_CONTAINS(out, "asked about jobs");
    /* A station of another kind has no booths. */
    struct station_config lcfg = {.mode = SCAN_LEADS,
                                  .target = "datawise",
                                  .name = "lead-x",
                                  .open_before_ms = -1};
    REQUIRE(station_on(ev, &lcfg, &s, &st));
    EXPECT_INT(station_expo_present(st, "datawise", (const uint8_t *)olivia,
                                    strlen(olivia), 0, &fresh, &r, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "expo station");
    station_free(st);
    store_close(s);
}

static void profiles_load_and_refuse_unknown_keys(void)
{
    struct station_profile p;
    struct ck_error err = {0};
    REQUIRE(station_profile_load(CONFIG_DIR "/stations/desk.ini", &p, &err) ==
            CK_OK);
    EXPECT_STR(p.station, "desk");
    EXPECT_INT(p.width, 1280);
    REQUIRE(station_profile_load(CONFIG_DIR "/stations/door.ini", &p, &err) ==
            CK_OK);
    EXPECT_STR(p.station, "door:pandas-intro");
    REQUIRE(station_profile_load(CONFIG_DIR "/stations/leads.ini", &p, &err) ==
            CK_OK);
    EXPECT_STR(p.station, "leads:datawise");
    const char *bad = tu_path("bad.ini");
    tu_write_file(bad, "[station]\nstation = desk\ncamrea = /dev/video0\n", 44);
    EXPECT_INT(station_profile_load(bad, &p, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "bad.ini:3: unknown key 'camrea'");
    /* Not-a-number minutes (a fuzzer found "nan" turned into a long). */
    static const char nan_ini[] = "[station]\nclose-after = nan\n";
    tu_write_file(bad, nan_ini, sizeof(nan_ini) - 1);
    EXPECT_INT(station_profile_load(bad, &p, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "bad.ini:2:");
    /* A first line longer than libinih's 200-byte buffer, a key in its
     * second piece: said on line 1, never 0 (fuzz_profile). */
    char longline[600];
    int n = snprintf(longline, sizeof(longline), ";%0198d", 0);
    n += snprintf(longline + n, sizeof(longline) - (size_t)n,
                  "exit = yes %0250d\n[station]\nstation = desk\n", 0);
    tu_write_file(bad, longline, (size_t)n);
    EXPECT_INT(station_profile_load(bad, &p, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "bad.ini:1: unknown section []");
    const char *out, *errs;
    EXPECT_INT(tu_checkin("scan x.db --station desk --keyboard "
                          "--open-before nan",
                          &out, &errs),
               2);
}

/* The rows of the table of kinds whose --station word is `name`, the
 * first in *row. */
static int rows_named(const char *name, size_t n,
                      const struct station_kind **row)
{
    int rows = 0;
    for (size_t i = 0; i < station_nkinds; i++)
        if (strlen(station_kinds[i]->name) == n &&
            !strncmp(station_kinds[i]->name, name, n) && !rows++)
            *row = station_kinds[i];
    return rows;
}

/* The rows whose journal mode is `mode` ("desk"), as the schema says it. */
static int rows_of_mode(const char *mode)
{
    int rows = 0;
    for (size_t i = 0; i < station_nkinds; i++)
        rows += !strcmp(scan_mode_str(station_kinds[i]->mode), mode);
    return rows;
}

/* How many modes the rows of the table journal (the expo hall's rows
 * are leads rows: two rows, one mode). */
static size_t modes_of_table(void)
{
    size_t n = 0;
    for (size_t i = 0; i < station_nkinds; i++) {
        size_t j = 0;
        while (j < i && station_kinds[j]->mode != station_kinds[i]->mode)
            j++;
        n += j == i;
    }
    return n;
}

/* Every reason has one token of its own (the JSON's and the journal's
 * "reason"), and a code the verifier refused carries the token the badge
 * module names it by. */
static void every_reason_has_its_own_token(void)
{
    for (int i = 0; i < STATION_REASON_COUNT; i++) {
        const char *t = station_reason_token((enum station_reason)i);
        if (i == STATION_REASON_NONE) {
            EXPECT_STR(t, "");
            continue;
        }
        if (!t[0] || !strcmp(t, "unknown-reason") ||
            strspn(t, "abcdefghijklmnopqrstuvwxyz-") != strlen(t))
            TU_FAIL_AT("reason %d has the token \"%s\"", i, t);
        for (int j = 0; j < i; j++)
            if (!strcmp(t, station_reason_token((enum station_reason)j)))
                TU_FAIL_AT("reasons %d and %d share the token \"%s\"", j, i, t);
    }
    EXPECT_STR(station_reason_token(STATION_REASON_COUNT), "unknown-reason");
    for (int b = BADGE_REASON_VALID; b <= BADGE_REASON_UNKNOWN_CODE + 1; b++)
        EXPECT_STR(
            station_reason_token(station_reason_of_badge((enum badge_reason)b)),
            badge_reason_name((enum badge_reason)b));
}

/* What a screen shows of `r`: the JSON display's object and the web
 * screen's, each without the journal's mode (data, not a branch), and
 * the sentence and verdict word; malloc'd, "" when out of memory. */
static char *screens_show(const struct station_result *r)
{
    char *shown[2] = {display_json_format(r), display_web_result_json(r)};
    char said[STATION_SENTENCE_CAP];
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f)
        return calloc(1, 1);
    for (int i = 0; i < 2; i++) {
        json_t *o = shown[i] ? json_loads(shown[i], 0, NULL) : NULL;
        if (o)
            json_object_del(o, "mode");
        char *text = o ? json_dumps(o, JSON_SORT_KEYS) : NULL;
        fprintf(f, "%s\n", text ? text : "(none)");
        free(text);
        json_decref(o);
        free(shown[i]);
    }
    fprintf(f, "%s\n%s\n", station_result_sentence(r, said, sizeof(said)),
            station_verdict_word(r));
    fclose(f);
    return out;
}

/* Whether the JSON display's object for `r` holds `key` (at the top or
 * in its counters). */
static bool json_display_has(const struct station_result *r, const char *key)
{
    char *text = display_json_format(r);
    json_t *o = text ? json_loads(text, 0, NULL) : NULL;
    free(text);
    bool has = o && (json_object_get(o, key) ||
                     json_object_get(json_object_get(o, "counters"), key));
    json_decref(o);
    return has;
}

/* The screens ask a kind's traits, never its mode (issue 51): for every
 * row of the table, a result carrying the row's traits shows the same
 * on the JSON display, the web screen and in its sentence and verdict
 * word whichever journal mode it also carries (a screen that branched on
 * the mode would show another kind's), and what it shows follows the
 * traits: the direction and LEFT with exits, the check-ins, the room's
 * inside or the leads counted, the registration with checks-in. */
static void every_kinds_traits_drive_its_screens(void)
{
    static const enum scan_mode modes[] = {SCAN_DESK, SCAN_DOOR, SCAN_LEADS};
    static const struct {
        enum scan_decision decision;
        enum station_reason reason;
        enum scan_direction direction;
        bool addon_cancelled;
    } cases[] = {
        {DECISION_ADMIT, STATION_REASON_CHECKED_IN, DIRECTION_IN, false},
        {DECISION_ADMIT, STATION_REASON_LEFT, DIRECTION_OUT, false},
        {DECISION_ADMIT, STATION_REASON_LEAD, DIRECTION_IN, false},
        {DECISION_DENY, STATION_REASON_REVOKED, DIRECTION_IN, true},
        {DECISION_DENY, STATION_REASON_REVOKED, DIRECTION_IN, false},
        {DECISION_DENY, STATION_REASON_FULL_HERE, DIRECTION_IN, false},
    };
    for (size_t k = 0; k < station_nkinds; k++) {
        const struct station_kind *row = station_kinds[k];
        for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
            struct station_result r;
            memset(&r, 0, sizeof(r));
            r.station = "s-1";
            r.target = "";
            r.traits = row->traits;
            r.personal = (row->traits & STATION_TRAIT_PERSONAL) != 0;
            r.attendee_id = 7;
            snprintf(r.badge_name, sizeof(r.badge_name), "Ada");
            snprintf(r.ticket_type, sizeof(r.ticket_type), "Regular");
            r.decision = cases[c].decision;
            r.reason = cases[c].reason;
            r.direction = cases[c].direction;
            r.addon_cancelled = cases[c].addon_cancelled;
            r.seq = 3;
            r.lead_seq = 3;
            r.counters.leased = true;
            r.counters.capacity = 10;
            r.mode = row->mode;
            char *own = screens_show(&r);
            for (size_t m = 0; m < sizeof(modes) / sizeof(modes[0]); m++) {
                r.mode = modes[m];
                char *other = screens_show(&r);
                if (strcmp(own, other))
                    TU_FAIL_AT("%s, case %zu, with mode %s shows\n%s\nnot, as "
                               "with its own,\n%s",
                               row->name, c, scan_mode_str(modes[m]), other,
                               own);
                free(other);
            }
            free(own);
            r.mode = row->mode;
            bool exits = row->traits & STATION_TRAIT_EXITS;
            EXPECT_INT(json_display_has(&r, "direction"), exits);
            if (cases[c].direction == DIRECTION_OUT &&
                cases[c].decision == DECISION_ADMIT)
                EXPECT_STR(station_verdict_word(&r),
                           exits                               ? "LEFT"
                           : row->traits & STATION_TRAIT_SORTS ? "GO"
                                                               : "ADMIT");
            /* The triage's desk (issue 55.4), at a kind that sorts. */
            EXPECT_INT(json_display_has(&r, "desk"),
                       (row->traits & STATION_TRAIT_SORTS) != 0);
            EXPECT_INT(json_display_has(&r, "checked_in"),
                       (row->traits & STATION_TRAIT_CHECKS_IN) != 0);
            EXPECT_INT(json_display_has(&r, "ticket_type"),
                       (row->traits & STATION_TRAIT_CHECKS_IN) != 0);
            EXPECT_INT(json_display_has(&r, "inside"),
                       (row->traits & STATION_TRAIT_ROOM) &&
                           !(row->traits & STATION_TRAIT_CHECKS_IN));
            EXPECT_INT(json_display_has(&r, "leads"),
                       (row->traits & STATION_TRAIT_LEADS) &&
                           !(row->traits &
                             (STATION_TRAIT_CHECKS_IN | STATION_TRAIT_ROOM)));
        }
    }
}

/* Every kind of station the command line takes (as `checkin scan --help`
 * names them) is exactly one row of the table of kinds, every journal
 * mode an event file's schema allows (its CHECKs on `mode`) is the mode
 * of a row, and every row has each of its callbacks. */
static void every_station_kind_is_in_the_table(void)
{
    REQUIRE(station_nkinds > 0);
    for (size_t i = 0; i < station_nkinds; i++) {
        const struct station_kind *k = station_kinds[i];
        REQUIRE(k != NULL);
        EXPECT_TRUE(k->name != NULL && k->name[0] != '\0');
        EXPECT_TRUE(k->history != NULL && k->history[0] != '\0');
        EXPECT_TRUE(k->open != NULL);
        EXPECT_TRUE(k->count != NULL);
        EXPECT_TRUE(k->rules != NULL);
        EXPECT_TRUE(k->admitted != NULL);
        /* refresh, record, owed and again may be NULL (kind.h). */
    }

    /* The command line's usage: "--station STATION   desk, door:TUTORIAL
     * or leads:SPONSOR". */
    const char *out, *errs;
    REQUIRE(tu_checkin("scan --help", &out, &errs) == 0);
    const char *p = strstr(out, "\n  --station STATION");
    REQUIRE(p != NULL);
    p += strlen("\n  --station STATION");
    p += strspn(p, " ");
    size_t kinds = 0;
    while (*p && *p != '\n') {
        size_t n = strcspn(p, ", \n");
        const char *colon = memchr(p, ':', n);
        size_t name_len = colon ? (size_t)(colon - p) : n;
        char spec[64];
        snprintf(spec, sizeof(spec), "%.*s", (int)n, p);
        const struct station_kind *row = NULL;
        int rows = rows_named(p, name_len, &row);
        if (rows != 1)
            TU_FAIL_AT("--station %s: %d rows of the table, expected 1", spec,
                       rows);
        if (row) {
            /* Its target word as the usage names it, and the command
             * line's parser gives the row's journal mode. */
            char word[32] = "";
            if (colon)
                snprintf(word, sizeof(word), "%.*s", (int)(n - name_len - 1),
                         colon + 1);
            EXPECT_STR(row->target ? row->target : "", word);
            struct station_config cfg = {0};
            struct ck_error err = {0};
            char given[80];
            snprintf(given, sizeof(given), "%.*s%s", (int)name_len, p,
                     colon ? ":some-slug" : "");
            EXPECT_INT(station_parse_spec(given, &cfg, &err), CK_OK);
            EXPECT_INT(cfg.mode, row->mode);
            EXPECT_STR(cfg.kind, row->name);
        }
        kinds++;
        p += n;
        p += strspn(p, ", ");
        if (!strncmp(p, "or ", 3))
            p += 3;
    }
    EXPECT_INT(kinds, station_nkinds);

    /* The journal modes an event file's CHECKs allow. */
    sqlite3 *db;
    REQUIRE(sqlite3_open_v2(event_db(), &db, SQLITE_OPEN_READONLY, NULL) ==
            SQLITE_OK);
    sqlite3_stmt *q;
    REQUIRE(sqlite3_prepare_v2(db,
                               "SELECT name, sql FROM sqlite_master WHERE "
                               "sql LIKE '%CHECK (mode IN (%'",
                               -1, &q, NULL) == SQLITE_OK);
    size_t checks = 0, modes = 0;
    while (sqlite3_step(q) == SQLITE_ROW) {
        const char *table = (const char *)sqlite3_column_text(q, 0);
        const char *m =
            strstr((const char *)sqlite3_column_text(q, 1), "CHECK (mode IN (");
        checks++;
        size_t in_check = 0;
        for (m += strlen("CHECK (mode IN ("); *m == '\''; in_check++) {
            size_t n = strcspn(m + 1, "'");
            char mode[32];
            snprintf(mode, sizeof(mode), "%.*s", (int)n, m + 1);
            int rows = rows_of_mode(mode);
            if (rows < 1)
                TU_FAIL_AT("%s allows mode '%s': no row of the table", table,
                           mode);
            m += n + 2;
            m += strspn(m, ", ");
        }
        /* No row whose mode the schema would refuse. */
        if (in_check != modes_of_table())
            TU_FAIL_AT("%s allows %zu modes; the table's rows have %zu", table,
                       in_check, modes_of_table());
        modes += in_check;
    }
    sqlite3_finalize(q);
    sqlite3_close(db);
    EXPECT_TRUE(checks > 0);
    EXPECT_TRUE(modes > 0);
}

/* A desk's own name typed as its target ("desk:desk-2", as one might
 * from "door:pandas-intro") is told where the name goes. */
static void a_desks_name_as_its_target_says_to_use_name(void)
{
    struct station_config cfg = {0};
    struct ck_error err = {0};
    EXPECT_INT(station_parse_spec("desk:desk-2", &cfg, &err), CK_EINVAL);
    EXPECT_STR(err.msg, "'desk:desk-2' is not a station: a desk takes no "
                        "target; give its name with --name, as in --station "
                        "desk --name desk-2.");
}

TU_MAIN(TU_CASE(desk_frames_one_scan_per_presentation),
        TU_CASE(desk_yuyv_frames_convert_like_a_camera),
        TU_CASE(desk_images_refuse_other_event_and_unknown),
        TU_CASE(keyboard_stdin_codes_are_scans),
        TU_CASE(keyboard_evdev_events_map_us_layout),
        TU_CASE(camera_formats_convert_through_zbar),
        TU_CASE(debounce_holds_and_cools_down),
        TU_CASE(debounce_takes_an_earlier_sighting_without_going_back),
        TU_CASE(desk_search_manual_checkin_and_print_hook),
        TU_CASE(a_decision_waits_for_the_file_twice_before_not_recorded),
        TU_CASE(desk_unconfirmed_print_is_sent_not_printed),
        TU_CASE(desk_printer_failure_keeps_the_checkin),
        TU_CASE(desk_async_printing_reports_each_outcome_later),
        TU_CASE(door_rules_window_room_capacity_and_exits),
        TU_CASE(desk_counts_the_tutorials_past_the_results_room),
        TU_CASE(not_recorded_when_the_journal_is_locked),
        TU_CASE(not_recorded_says_why_in_the_stations_language),
        TU_CASE(leads_station_db_has_no_personal_data),
        TU_CASE(merge_is_idempotent_and_flags_double_checkins),
        TU_CASE(merge_names_the_station_file_that_lacks_a_table),
        TU_CASE(desk_override_admits_unpaid_with_the_reason),
        TU_CASE(override_refuses_codes_paid_test_orders_and_doors),
        TU_CASE(override_survives_merge_and_is_listed),
        TU_CASE(dashboard_lists_two_desks_and_no_longer_paid),
        TU_CASE(dashboard_counts_and_recent_check_ins),
        TU_CASE(lead_export_lists_only_consenting_attendees),
        TU_CASE(expo_station_decides_each_booths_leads_apart),
        TU_CASE(profiles_load_and_refuse_unknown_keys),
        TU_CASE(every_station_kind_is_in_the_table),
        TU_CASE(every_kinds_traits_drive_its_screens),
        TU_CASE(every_reason_has_its_own_token),
        TU_CASE(full_here_is_said_from_the_results_data),
        TU_CASE(hand_and_label_forecast_are_written_from_the_results_data),
        TU_CASE(a_desks_name_as_its_target_says_to_use_name))
