/* Printing from the desk and from `checkin print`, end to end: codes drawn
 * as QR images, scanned by a desk station with a file printer, jobs in the
 * store, printer bytes on disk; then the reprint rules; then network
 * printers on loopback (tcp_printer.c) that read, never read, or reset:
 * "printed" only where the printer confirmed it. */
#include <dirent.h>
#include <jansson.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/credential.h"
#include "checkin/image.h"
#include "checkin/label.h"
#include "checkin/label_stock.h"
#include "checkin/qr.h"
#include "live.h"
#include "tcp_printer.h"
#include "testutil.h"
#include "zbarread.h"

/* A new event database (and its key) made by the commands a user runs. */
static const char *new_event(const char *name)
{
    const char *path = tu_path(name);
    char args[8192];
    const char *out, *err;
    snprintf(args, sizeof(args), "init '%s' '%s'", path, tu_demo_event_ini());
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("init: %s", err);
    snprintf(args, sizeof(args),
             "import '%s' "
             "'%s/demo/registrations.csv'",
             path, CONFIG_DIR);
    if (tu_checkin(args, &out, &err) != 0)
        TU_FAIL_AT("import: %s", err);
    return path;
}

static const char *db(void)
{
    static const char *path;
    if (!path)
        path = new_event("p.db");
    return path;
}

static long count_in(const char *path, const char *sql)
{
    sqlite3 *d;
    long n = -1;
    if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(d);
    return n;
}

static long count(const char *sql)
{
    return count_in(db(), sql);
}

/* A PGM image of `text` as a QR code, as a phone would show it. */
static const char *qr_pgm(const char *name, const char *text)
{
    struct qr_bitmap qr;
    struct ck_error err;
    const char *path = tu_path(name);
    if (qr_render(text, strlen(text), 5, 4, &qr, &err)) {
        TU_FAIL_AT("qr_render: %s", err.msg);
        return path;
    }
    FILE *f = fopen(path, "wb");
    if (f) {
        fprintf(f, "P5\n%d %d\n255\n", qr.width, qr.height);
        fwrite(qr.pixels, 1, (size_t)qr.width * (size_t)qr.height, f);
        fclose(f);
    }
    qr_bitmap_free(&qr);
    return path;
}

static void desk_prints_badge_and_one_ticket_per_tutorial(void)
{
    const char *olivia =
        qr_pgm("olivia.pgm", "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h");
    const char *zoe = qr_pgm("zoe.pgm", "ehpa7y658k6he2p6us3rkbu6vycma943");
    const char *out_file = tu_path("desk.bin");
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "scan '%s' --station desk --name desk-p --json --clock "
                "'2027-05-12 08:30' --images '%s' '%s' --printer 'file:%s' "
                "--model QL-800 --media 62x100",
                db(), olivia, zoe, out_file),
            &out, &err),
        0);
    EXPECT_CONTAINS(out, "\"decision\":\"admit\"");
    EXPECT_NOT_CONTAINS(out, "print_error");
    /* Each verdict is shown first; the outcome of its printing follows
     * (the desk prints on a worker, so possibly after the next verdict):
     * exactly one print line per announced print, later, same seq. */
    int announced = 0, outcomes = 0;
    int64_t pending[8];
    const char *line = out;
    while (line && *line) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        json_t *o = json_loadb(line, len, 0, NULL);
        REQUIRE(o);
        int64_t seq = json_integer_value(json_object_get(o, "seq"));
        if (json_is_true(json_object_get(o, "printing"))) {
            REQUIRE(announced < 8);
            pending[announced++] = seq;
        } else if (json_object_get(o, "event")) {
            EXPECT_STR(json_string_value(json_object_get(o, "event")), "print");
            /* A file cannot say the labels printed: sent, not printed. */
            EXPECT_TRUE(json_is_false(json_object_get(o, "printed")));
            EXPECT_STR(json_string_value(json_object_get(o, "outcome")),
                       "sent");
            EXPECT_CONTAINS(json_string_value(json_object_get(o, "print_note")),
                            "this printer cannot confirm it printed");
            bool found = false;
            for (int k = 0; k < announced; k++)
                if (pending[k] == seq && seq > 0) {
                    pending[k] = -1; /* once only */
                    found = true;
                }
            EXPECT_TRUE(found);
            outcomes++;
        }
        json_decref(o);
        line = nl ? nl + 1 : NULL;
    }
    EXPECT_INT(announced, 2);
    EXPECT_INT(outcomes, 2);
    if (announced != 2 || outcomes != 2)
        printf("the desk said:\n%s[stderr: %s]\n", out, err);
    /* Olivia: badge only; Hannah Becker (52225): badge plus her tickets. */
    EXPECT_INT(count("SELECT count(*) FROM print_job j JOIN attendee a ON "
                     "a.id = j.attendee_id WHERE a.ticket_id = '48243'"),
               1);
    long tickets = count("SELECT count(*) FROM attendee_tutorial x JOIN "
                         "attendee a ON a.id = x.attendee_id WHERE "
                         "a.ticket_id = '52225'");
    EXPECT_INT(count("SELECT count(*) FROM print_job j JOIN attendee a ON "
                     "a.id = j.attendee_id WHERE a.ticket_id = '52225'"),
               1 + tickets);
    EXPECT_INT(count("SELECT count(*) FROM print_job WHERE state != 'sent' "
                     "OR badge_id IS NULL"),
               0);
    /* The bytes are a Brother QL job: invalidate, then ESC @. */
    size_t len;
    unsigned char *bytes = (unsigned char *)tu_read_file(out_file, &len);
    REQUIRE(bytes && len > 100000 * (size_t)(1 + 1 + tickets) / 2);
    size_t i = 0;
    while (i < len && bytes[i] == 0)
        i++;
    EXPECT_TRUE(i >= 200);
    EXPECT_TRUE(i + 1 < len && bytes[i] == 0x1b && bytes[i + 1] == 0x40);
    free(bytes);
}

static void reprint_needs_a_reason_and_revokes_the_old_badge(void)
{
    const char *out, *err;
    /* A first print of Zoë's badge and tickets. */
    EXPECT_INT(tu_checkin(tu_format("print '%s' 53139 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db(), tu_path("zoe.bin")),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "0 printed");
    EXPECT_CONTAINS(out, "0 failed");
    EXPECT_CONTAINS(out, "this printer cannot confirm they printed");
    /* The badge Zoë holds now. */
    struct ck_error e = {0};
    store *s;
    struct badge_key key;
    char held[BADGE_TEXT_CAP];
    char keypath[4200];
    credential_default_key_path(db(), keypath, sizeof(keypath));
    REQUIRE(store_open(db(), STORE_EXISTING, &s, &e) == CK_OK);
    REQUIRE(credential_load_key(s, keypath, &key, &e) == CK_OK);
    struct attendee_list l;
    REQUIRE(store_attendee_find_one(s, "53139", &l, &e) == CK_OK);
    REQUIRE(credential_current(s, &key, l.items[0].id, 0, held, &e) == CK_OK);
    attendee_list_free(&l);
    badge_key_wipe(&key);
    store_close(s);

    EXPECT_INT(tu_checkin(tu_format("print '%s' 53139 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db(), tu_path("again.bin")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "reprint it with a reason");
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "print '%s' 53139 --reprint 'coffee on it' "
                "--printer 'file:%s' --model QL-800 --media 62x100 --preview "
                "'%s'",
                db(), tu_path("again.bin"), tu_tmpdir()),
            &out, &err),
        0);
    EXPECT_CONTAINS(out, "1 sent");
    EXPECT_INT(count("SELECT count(*) FROM print_job WHERE reprint_reason = "
                     "'coffee on it'"),
               1);
    EXPECT_INT(
        tu_checkin(tu_format("verify '%s' '%s'", db(), held), &out, &err), 1);
    EXPECT_CONTAINS(out, "NOT VALID (revoked)");
}

static void printing_refuses_cancelled_orders_and_missing_printers(void)
{
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("print '%s' 50184 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    db(), tu_path("x.bin")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "order is cancelled, so nothing is printed");
    EXPECT_INT(
        tu_checkin(tu_format("print '%s' 53139 --printer usb:1234:5678", db()),
                   &out, &err),
        1);
    EXPECT_TRUE(strlen(err) > 20 && strchr(err, '\n') == strrchr(err, '\n'));
    EXPECT_INT(tu_checkin(tu_format("print '%s' 53139", db()), &out, &err), 2);
}

/* ---- network printers that cannot say whether they printed ---- */

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"  /* 48243, badge only */
#define YAW "84jvuq276ckvn72zg793yu2dgcsjxd7n"     /* 48278, badge only */
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc" /* 48275, two tutorials */
#define OLGA "4273shttnjm23xh59crsb83c4ma8fndj"    /* 48273, one tutorial */
#define THORDIS "k9y8gxsnwst272gdbfrs5y7g42kkt7fs"

/* One {"event":"print"} line of `checkin scan --json`. */
struct print_line {
    char ticket_id[16];
    bool printed;
    char outcome[16];
    char note[512];
    char error[512];
};

static void copy_str(char *dst, size_t cap, json_t *v)
{
    snprintf(dst, cap, "%s", json_is_string(v) ? json_string_value(v) : "");
}

/* The print lines of `out`, in order; how many. */
static int print_lines(const char *out, struct print_line *pl, int cap)
{
    int n = 0;
    for (const char *line = out; line && *line;) {
        const char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        json_t *o = json_loadb(line, len, 0, NULL);
        if (!o)
            TU_FAIL_AT("not JSON: %.*s", (int)len, line);
        json_t *ev = json_object_get(o, "event");
        if (o && json_is_string(ev) &&
            !strcmp(json_string_value(ev), "print") && n < cap) {
            struct print_line *p = &pl[n++];
            copy_str(p->ticket_id, sizeof(p->ticket_id),
                     json_object_get(o, "ticket_id"));
            p->printed = json_is_true(json_object_get(o, "printed"));
            copy_str(p->outcome, sizeof(p->outcome),
                     json_object_get(o, "outcome"));
            copy_str(p->note, sizeof(p->note),
                     json_object_get(o, "print_note"));
            copy_str(p->error, sizeof(p->error),
                     json_object_get(o, "print_error"));
        }
        json_decref(o);
        line = nl ? nl + 1 : NULL;
    }
    return n;
}

/* A desk on `event` with the QL-800 at tcp `port` scans `codes` (shown as
 * QR images, in order); returns the exit status, with its output. */
static int desk_over_tcp(const char *event, int port, const char *const *codes,
                         int ncodes, const char **out, const char **err)
{
    char args[16384];
    int len = snprintf(args, sizeof(args),
                       "scan '%s' --station desk --name desk-net --json "
                       "--clock '2027-05-12 08:30' --printer "
                       "tcp:127.0.0.1:%d --model QL-800 --media 62x100 "
                       "--images",
                       event, port);
    for (int i = 0; i < ncodes; i++) {
        char name[32];
        snprintf(name, sizeof(name), "net-%d.pgm", i);
        len += snprintf(args + len, sizeof(args) - (size_t)len, " '%s'",
                        qr_pgm(name, codes[i]));
    }
    return tu_checkin(args, out, err);
}

/* The state of `ticket_id`'s badge job in `event`, "" if none. */
static const char *badge_job_state(const char *event, const char *ticket_id)
{
    static char state[16];
    state[0] = '\0';
    sqlite3 *d;
    if (sqlite3_open_v2(event, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(d,
                               "SELECT j.state FROM print_job j JOIN "
                               "attendee a ON a.id = j.attendee_id WHERE "
                               "a.ticket_id = ? AND j.kind = 'badge'",
                               -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, ticket_id, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                snprintf(state, sizeof(state), "%s",
                         (const char *)sqlite3_column_text(st, 0));
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(d);
    return state;
}

/* The state of `ticket_id`'s badge job in `event`, waiting up to
 * `timeout_ms` for it to become `want` (the desk's print worker writes
 * it; the file is read again every 20 ms). */
static const char *wait_badge_job(const char *event, const char *ticket_id,
                                  const char *want, int timeout_ms)
{
    const char *state = badge_job_state(event, ticket_id);
    for (int64_t until = tu_mono_ms() + timeout_ms;
         strcmp(state, want) && tu_mono_ms() < until;
         state = badge_job_state(event, ticket_id))
        usleep(20 * 1000);
    return state;
}

/* A live QL-800 on the network reads every byte and says nothing back:
 * the desk says the badge was sent, not printed, and its job stays
 * 'sent'. */
static void desk_says_sent_not_printed_for_a_network_printer(void)
{
    const char *event = new_event("net-live.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_READS);
    REQUIRE(printer);
    const char *codes[] = {OLIVIA};
    const char *out, *err;
    int rc =
        desk_over_tcp(event, tcp_printer_port(printer), codes, 1, &out, &err);
    size_t got = tcp_printer_stop(printer);
    EXPECT_INT(rc, 0);
    EXPECT_TRUE(got > 100000); /* the whole badge went over */
    struct print_line pl[4];
    REQUIRE(print_lines(out, pl, 4) == 1);
    EXPECT_STR(pl[0].ticket_id, "48243");
    EXPECT_TRUE(!pl[0].printed);
    EXPECT_STR(pl[0].outcome, "sent");
    EXPECT_CONTAINS(pl[0].note, "this printer cannot confirm it printed");
    EXPECT_STR(pl[0].error, "");
    EXPECT_STR(badge_job_state(event, "48243"), "sent");
}

/* A network printer that accepted the connection and never reads: the
 * first badge fits in the connection's buffers (all a printer without
 * status can be judged by), so it is at most sent; the next one is not
 * taken in time, which is the printer's fault with what to do.  Never
 * "printed", and no job is recorded as printed. */
static void desk_never_says_printed_for_a_dead_network_printer(void)
{
    const char *event = new_event("net-dead.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_DEAD);
    REQUIRE(printer);
    const char *codes[] = {OLIVIA, YAW};
    const char *out, *err;
    int rc =
        desk_over_tcp(event, tcp_printer_port(printer), codes, 2, &out, &err);
    tcp_printer_stop(printer);
    EXPECT_INT(rc, 0);
    struct print_line pl[4];
    REQUIRE(print_lines(out, pl, 4) == 2);
    for (int i = 0; i < 2; i++) {
        EXPECT_TRUE(!pl[i].printed);
        if (!strcmp(pl[i].outcome, "sent"))
            EXPECT_CONTAINS(pl[i].note, "cannot confirm it printed");
        else
            EXPECT_CONTAINS(pl[i].error, "is not answering. Check that it "
                                         "is on and connected");
    }
    EXPECT_STR(pl[1].ticket_id, "48278");
    /* Whether a badge is "sent" or "failed" here is the kernel's: the
     * printer's receive buffer is fixed (DEAD_RCVBUF), but the desk's send
     * buffer grows by itself (tcp_wmem, up to 4 MB), and at times takes
     * both badges (the submitted commit's run of README's tests, session
     * 29; an earlier run under load, stop 44, failed the first and sent
     * the second on a fresh connection). What must hold is above and
     * below: never "printed", and each outcome's own sentence and state.
     * "is not answering" for a dead printer is held by
     * desk_reports_a_reset_then_refused_network_printer and
     * print_command_says_sent_or_the_fault_over_the_network. */
    printf("dead printer: %s, %s\n", pl[0].outcome, pl[1].outcome);
    /* A badge the desk said was sent stays 'sent'.  One it said failed
     * stays 'failed', or is 'sent' by a later pass of the print queue,
     * which tries a failed job again (up to JOBS_MAX_ATTEMPTS) and whose
     * fresh connection the dead printer's buffers take: a machine under
     * load can fail the first badge in time and send it with the
     * second.  Then it was tried more than once. */
    for (int i = 0; i < 2; i++) {
        const char *state = badge_job_state(event, pl[i].ticket_id);
        if (!strcmp(pl[i].outcome, "sent")) {
            EXPECT_STR(state, "sent");
        } else if (strcmp(state, "failed")) {
            EXPECT_STR(state, "sent");
            long attempts = count_in(
                event,
                tu_format(
                    "SELECT min(j.attempts) FROM print_job j JOIN attendee a"
                    " ON a.id = j.attendee_id WHERE a.ticket_id = '%s' AND"
                    " j.kind = 'badge'",
                    pl[i].ticket_id));
            if (attempts < 2)
                fprintf(stderr,
                        "badge %s: said failed, recorded sent after"
                        " %ld attempt(s)\n",
                        pl[i].ticket_id, attempts);
            EXPECT_TRUE(attempts >= 2);
        }
    }
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "state = 'printed'"),
               0);
}

/* Whether `o` is a print outcome (for live_next). */
static bool is_print(json_t *o, const void *arg)
{
    (void)arg;
    const char *ev = live_str(o, "event");
    return !strcmp(ev, "print");
}

/* The print line of outcome `o` (live_next's). */
static struct print_line print_line_of(json_t *o)
{
    struct print_line p = {0};
    copy_str(p.ticket_id, sizeof(p.ticket_id), json_object_get(o, "ticket_id"));
    p.printed = json_is_true(json_object_get(o, "printed"));
    copy_str(p.outcome, sizeof(p.outcome), json_object_get(o, "outcome"));
    copy_str(p.note, sizeof(p.note), json_object_get(o, "print_note"));
    copy_str(p.error, sizeof(p.error), json_object_get(o, "print_error"));
    return p;
}

/* A network printer that restarts between two people (resetting the
 * desk's connection), then refuses connections: each badge gets the
 * fault sentence with what to do, and no job is sent (each is printed
 * once the printer is back).  The codes are typed, as a wedge scanner
 * does, once the printer has been reset.
 *
 * The reset must come after the desk has connected, or the desk finds no
 * printer at all ("No printer at tcp:..."): the printer accepting the
 * connection is not enough (the desk may still be inside connect(2) and
 * see the reset there).  The desk answers codes only once it is up, its
 * printer open, so the reset waits for its answer to a code that is no
 * badge; then each decision and each print outcome is waited for. */
static void desk_reports_a_reset_then_refused_network_printer(void)
{
    const char *event = new_event("net-reset.db");
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_READS);
    REQUIRE(printer);
    char args[1024];
    snprintf(args, sizeof(args),
             "--station desk --name desk-net --clock '2027-05-12 08:30' "
             "--printer tcp:127.0.0.1:%d --model QL-800 --media 62x100",
             tcp_printer_port(printer));
    struct live st;
    if (live_start(&st, "", event, args)) {
        tcp_printer_stop(printer);
        TU_FAIL_AT("the desk did not start");
        return;
    }
    json_decref(live_scan(&st, "not-a-badge"));
    EXPECT_INT(tcp_printer_accepted(printer), 1);
    tcp_printer_reset(printer);
    json_decref(live_scan(&st, OLIVIA));
    json_decref(live_scan(&st, YAW));
    /* Both outcomes; the 2-minute guard only ends a desk that hangs. */
    struct print_line pl[2];
    int n = 0;
    while (n < 2) {
        json_t *done = live_next(&st, 120000, is_print, NULL);
        if (!done)
            break;
        pl[n++] = print_line_of(done);
        json_decref(done);
    }
    EXPECT_INT(live_stop(&st), 0);
    tcp_printer_stop(printer);
    REQUIRE(n == 2);
    EXPECT_TRUE(!pl[0].printed && !pl[1].printed);
    EXPECT_STR(pl[0].outcome, "failed");
    EXPECT_CONTAINS(pl[0].error, "QL-800 on tcp 127.0.0.1:");
    EXPECT_CONTAINS(pl[0].error, "is not answering. Check that it is on "
                                 "and connected");
    EXPECT_STR(pl[1].outcome, "failed");
    EXPECT_CONTAINS(pl[1].error, "is not answering. Check that it is on "
                                 "and connected");
    /* Olivia's job is tried again first and refused; Yaw's waits. */
    EXPECT_STR(badge_job_state(event, "48243"), "failed");
    EXPECT_STR(badge_job_state(event, "48278"), "queued");
}

/* `checkin print` counts what the printer confirmed as printed, and says
 * so when it cannot; a dead network printer's fault ends it with exit 1. */
static void print_command_says_sent_or_the_fault_over_the_network(void)
{
    const char *event = new_event("net-print.db");
    const char *out, *err;
    struct tcp_printer *printer = tcp_printer_start(TCP_PRINTER_READS);
    REQUIRE(printer);
    EXPECT_INT(
        tu_checkin(tu_format("print '%s' 48243 --printer "
                             "tcp:127.0.0.1:%d --model QL-800 --media 62x100",
                             event, tcp_printer_port(printer)),
                   &out, &err),
        0);
    tcp_printer_stop(printer);
    EXPECT_CONTAINS(out, ": 0 printed, 1 sent, 0 failed");
    EXPECT_CONTAINS(out, "Sent 1 label; this printer cannot confirm it "
                         "printed, so check that it came out.");
    EXPECT_STR(badge_job_state(event, "48243"), "sent");

    /* Zoë: a badge and three tickets, to a printer that reads nothing. */
    printer = tcp_printer_start(TCP_PRINTER_DEAD);
    REQUIRE(printer);
    EXPECT_INT(
        tu_checkin(tu_format("print '%s' 53139 --printer "
                             "tcp:127.0.0.1:%d --model QL-800 --media 62x100",
                             event, tcp_printer_port(printer)),
                   &out, &err),
        1);
    tcp_printer_stop(printer);
    EXPECT_CONTAINS(out, ": 0 printed,");
    EXPECT_CONTAINS(err, "is not answering. Check that it is on and "
                         "connected. Then run the same command again: "
                         "labels that failed print first");
    /* Only where Enter does something does anything say to press it. */
    EXPECT_NOT_CONTAINS(err, "press Enter");
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "state = 'printed'"),
               0);
}

/* A job that failed before the printer took it (wrong labels loaded) is
 * printed by the next plain print, under the same job and badge number:
 * the code on the badge that comes out is the one issued first. */
static void failed_print_is_printed_by_the_next_print_same_badge(void)
{
    const char *event = new_event("failed-again.db");
    char args[8192];
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("print '%s' 48243 --printer 'file:%s' "
                                    "--model QL-800 --media 29",
                                    event, tu_path("wrong.bin")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(out, "1 failed");
    EXPECT_STR(badge_job_state(event, "48243"), "failed");
    long badges = count_in(event, "SELECT count(*) FROM badge");
    snprintf(args, sizeof(args),
             "print '%s' 48243 --printer 'file:%s' "
             "--model QL-800 --media 62x100",
             event, tu_path("right.bin"));
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "1 sent, 0 failed");
    EXPECT_STR(badge_job_state(event, "48243"), "sent");
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job"), 1);
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "reprint_reason IS NOT NULL"),
               0);
    EXPECT_INT(count_in(event, "SELECT count(*) FROM badge"), badges);
    /* Sent may have printed: a plain print again is refused. */
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "reprint it with a reason");
}

/* A badge that came out does not hold back its tutorial tickets that
 * failed (the roll ran out after the badge): the next plain print prints
 * just those; when every label is out, a plain print is refused. */
static void printed_badge_does_not_block_its_failed_tickets(void)
{
    const char *event = new_event("tickets-again.db");
    char args[8192];
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("print '%s' 53139 --printer 'file:%s' "
                                    "--model QL-800 --media 62x100",
                                    event, tu_path("first.bin")),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "5 sent, 0 failed");
    /* The tickets failed at the printer (as a status reply would mark
     * them): the badge stays sent. */
    EXPECT_INT(tu_sh("sqlite3 '%s' \"UPDATE print_job SET state = 'failed', "
                     "error = 'The roll has run out.' WHERE kind = "
                     "'ticket'\"",
                     event),
               0);
    snprintf(args, sizeof(args),
             "print '%s' 53139 --printer 'file:%s' "
             "--model QL-800 --media 62x100",
             event, tu_path("again.bin"));
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "4 sent, 0 failed");
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job"), 5);
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "state = 'sent'"),
               5);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "reprint it with a reason");
}

/* `checkin scan --profile PROFILE` on `event` with `code` typed on a
 * wedge scanner and `extra` options; returns the exit status, with
 * standard output and error read into `out` and `err` (freed by the
 * caller). */
static int scan_profile(const char *event, const char *profile,
                        const char *code, const char *extra, char **out,
                        char **err)
{
    const char *o = tu_path("profile.out"), *e = tu_path("profile.err");
    int st = tu_sh("printf '%%s\\n' '%s' | %s scan '%s' --profile '%s' "
                   "--keyboard --json --clock '2027-05-12 08:30' %s "
                   ">'%s' 2>'%s'",
                   code, CHECKIN_BIN, event, profile, extra, o, e);
    *out = tu_read_file(o, NULL);
    *err = tu_read_file(e, NULL);
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Every shipped station profile starts a station as shipped (the desk's
 * printer given on the command line, which wins over the profile) and
 * decides a scan; the desk prints with the profile's templates. */
static void shipped_profiles_start_stations(void)
{
    const char *event = new_event("profiles.db");
    static const char *const profiles[] = {"desk", "door", "leads"};
    for (size_t i = 0; i < 3; i++) {
        char extra[4200] = "";
        if (!strcmp(profiles[i], "desk"))
            snprintf(extra, sizeof(extra),
                     "--printer 'file:%s' --model QL-800 --media 62x100",
                     tu_path("profile-desk.bin"));
        char *out, *err;
        int rc = scan_profile(event, profiles[i], OLIVIA, extra, &out, &err);
        EXPECT_INT(rc, 0);
        EXPECT_CONTAINS(out ? out : "", "\"decision\":");
        if (rc)
            fprintf(stderr, "%s: %s\n", profiles[i], err ? err : "");
        free(out);
        free(err);
    }
    EXPECT_STR(badge_job_state(event, "48243"), "sent");
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "template = 'badge-62x100'"),
               1);
}

/* A profile's templates are the ones the desk prints with, and a name
 * that is not a template stops the desk at start, naming those there
 * are. */
static void profile_templates_are_used_and_unknown_ones_refused(void)
{
    const char *event = new_event("profile-tpl.db");
    const char *prof = tu_path("big-desk.ini");
    static const char big[] = "[station]\nstation = desk\n"
                              "badge-template = badge-102x152\n"
                              "ticket-template = ticket-102x152\n";
    REQUIRE(tu_write_file(prof, big, sizeof(big) - 1) == 0);
    char extra[4200];
    snprintf(extra, sizeof(extra),
             "--printer 'file:%s' --model QL-800 --media 62x100",
             tu_path("big-desk.bin"));
    char *out, *err;
    EXPECT_INT(scan_profile(event, prof, OLIVIA, extra, &out, &err), 0);
    free(out);
    free(err);
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job WHERE "
                               "template = 'badge-102x152'"),
               1);

    static const char stale[] = "[station]\nstation = desk\n"
                                "badge-template = badge-62mm\n";
    REQUIRE(tu_write_file(prof, stale, sizeof(stale) - 1) == 0);
    EXPECT_INT(scan_profile(event, prof, YAW, extra, &out, &err), 1);
    EXPECT_CONTAINS(err ? err : "", "There is no label template "
                                    "'badge-62mm'");
    EXPECT_CONTAINS(err ? err : "", "badge-62x100");
    EXPECT_TRUE(err && strchr(err, '\n') == strrchr(err, '\n'));
    EXPECT_STR(out ? out : "", "");
    free(out);
    free(err);
    EXPECT_STR(badge_job_state(event, "48278"), "");
}

/* Start a QL-800 desk `name` of `event` (`env` before its command, as
 * live_start takes it) whose file printer is `label`, made
 * DIR/ql800.bin in `cap` bytes: a folder the test has not made yet, as a
 * printer not plugged in. */
static int start_desk_printer_later(struct live *st, const char *env,
                                    const char *event, const char *name,
                                    const char *dir, char *label, size_t cap)
{
    snprintf(label, cap, "%s/ql800.bin", dir);
    char args[8192];
    snprintf(args, sizeof(args),
             "--station desk --name %s --clock '2027-05-12 08:30' "
             "--printer 'file:%s' --model QL-800 --media 62x100",
             name, label);
    return live_start(st, env, event, args);
}

/* A desk whose printer is not there starts anyway and says so; a paid
 * attendee's decision is shown and recorded at once, the labels stay
 * queued, and they come out when the printer appears (here a file
 * printer whose folder does not exist yet, as a device not plugged in).
 * Each step waits for what the desk says: the decision, then the print
 * outcome that finds no printer (the job is queued by then), then, once
 * the folder is there, the outcome of the label that waited. */
static void desk_starts_without_its_printer_and_prints_when_it_comes(void)
{
    const char *event = new_event("no-printer.db");
    const char *dir = tu_path("printer-later");
    char label[4200];
    /* Only what this desk adds to the shared live.err is its own. */
    size_t err_from = 0;
    free(tu_read_file(tu_path("live.err"), &err_from));
    struct live st;
    REQUIRE(start_desk_printer_later(&st, "", event, "desk-np", dir, label,
                                     sizeof(label)) == 0);
    json_t *o = live_scan(&st, OLIVIA);
    EXPECT_STR(o ? live_str(o, "decision") : "", "admit");
    json_decref(o);
    struct print_line pl[2];
    int n = 0;
    /* The 2-minute guards only end a desk that hangs. */
    json_t *done = live_next(&st, 120000, is_print, NULL);
    if (done)
        pl[n++] = print_line_of(done);
    json_decref(done);
    /* Recorded at once, while the label waits. */
    EXPECT_INT(count_in(event, "SELECT count(*) FROM scan WHERE "
                               "decision = 'admit'"),
               1);
    EXPECT_STR(badge_job_state(event, "48243"), "queued");
    EXPECT_TRUE(access(label, F_OK) != 0);
    REQUIRE(tu_sh("mkdir -m 700 '%s'", dir) == 0);
    done = n == 1 ? live_next(&st, 120000, is_print, NULL) : NULL;
    if (done)
        pl[n++] = print_line_of(done);
    json_decref(done);
    EXPECT_INT(live_stop(&st), 0);
    REQUIRE(n == 2);
    EXPECT_STR(pl[0].outcome, "failed");
    EXPECT_CONTAINS(pl[0].error, "No printer at file:");
    EXPECT_STR(pl[1].ticket_id, "48243");
    EXPECT_STR(pl[1].outcome, "sent");
    EXPECT_STR(badge_job_state(event, "48243"), "sent");

    size_t err_len = 0;
    char *errs = tu_read_file(tu_path("live.err"), &err_len);
    const char *err = errs && err_len >= err_from ? errs + err_from : "";
    EXPECT_CONTAINS(err, "No printer at file:");
    EXPECT_CONTAINS(err, "print once the printer is plugged in");
    EXPECT_TRUE(!strstr(err, "press Enter"));
    free(errs);
    /* The label that came out is a QL raster job: ESC @ after the
     * invalidate bytes. */
    size_t len = 0;
    uint8_t *bytes = (uint8_t *)tu_read_file(label, &len);
    REQUIRE(bytes);
    size_t i = 0;
    while (i < len && bytes[i] == 0)
        i++;
    EXPECT_TRUE(len > 1000 && i + 1 < len && bytes[i] == 0x1b &&
                bytes[i + 1] == 0x40);
    free(bytes);
}

/* Type `code` to the desk `st`, which stops itself past the check-in's
 * commit (CHECKIN_TEST_STOP_AT=checkin-committed): whether it stopped
 * there.  It stays stopped until the caller sends SIGCONT. */
static bool type_until_committed(struct live *st, const char *code)
{
    char line[128];
    int len = snprintf(line, sizeof(line), "%s\n", code);
    int ws = 0;
    return write(st->in, line, (size_t)len) == len &&
           waitpid(st->pid, &ws, WUNTRACED) == st->pid && WIFSTOPPED(ws);
}

/* The printer comes while a check-in's labels are queued and its print
 * request is not yet taken (issue 33: a desk once said three outcomes for
 * two people).  Olivia is checked in with the printer missing: her
 * request says so.  Yaw's check-in commits, the desk stops there
 * (CHECKIN_TEST_STOP_AT), the printer comes, the desk goes on: the
 * backlog pass that prints both their labels tells Olivia, whose request
 * already said the printer was missing, and leaves Yaw to his own
 * request.  Before the fix that pass read Yaw's labels in the queue and
 * told him too, and his request told him again. */
static void a_printer_that_comes_tells_each_person_once(void)
{
    const char *event = new_event("comes-once.db");
    const char *dir = tu_path("printer-comes");
    char label[4200];
    struct live st;
    REQUIRE(start_desk_printer_later(
                &st, "CHECKIN_TEST_STOP_AT=checkin-committed:comes-once.db ",
                event, "desk-co", dir, label, sizeof(label)) == 0);
    /* Olivia: the printer is missing, her request says so. */
    bool stopped = type_until_committed(&st, OLIVIA);
    EXPECT_TRUE(stopped);
    kill(st.pid, SIGCONT);
    json_t *o = live_next(&st, 120000, is_print, NULL);
    struct print_line first = o ? print_line_of(o) : (struct print_line){0};
    json_decref(o);
    EXPECT_STR(first.ticket_id, "48243");
    EXPECT_STR(first.outcome, "failed");
    EXPECT_CONTAINS(first.error, "No printer at file:");
    /* Yaw: committed, his request not yet made, when the printer comes. */
    stopped = stopped && type_until_committed(&st, YAW);
    EXPECT_TRUE(stopped);
    EXPECT_INT(tu_sh("mkdir -m 700 '%s'", dir), 0);
    kill(st.pid, SIGCONT);
    /* Olga, checked in after, is the last request: once her outcome is
     * said, all before it are (the worker says them in order). */
    stopped = stopped && type_until_committed(&st, OLGA);
    EXPECT_TRUE(stopped);
    kill(st.pid, SIGCONT);
    int olivia = 0, yaw = 0, others = 0;
    struct print_line yaws = {0};
    for (;;) {
        o = live_next(&st, 120000, is_print, NULL);
        struct print_line pl = o ? print_line_of(o) : (struct print_line){0};
        json_decref(o);
        if (!o || !strcmp(pl.ticket_id, "48273"))
            break;
        if (!strcmp(pl.ticket_id, "48243"))
            olivia++;
        else if (!strcmp(pl.ticket_id, "48278") && ++yaw == 1)
            yaws = pl;
        else if (strcmp(pl.ticket_id, "48278"))
            others++;
    }
    EXPECT_INT(live_stop(&st), 0);
    /* Olivia: "failed" (missing), then her labels' outcome once.  A line
     * naming no one is an outcome whose announcement was answered
     * already (its seq null): the second line issue 33 saw. */
    EXPECT_INT(olivia, 1);
    EXPECT_INT(yaw, 1);
    EXPECT_INT(others, 0);
    EXPECT_STR(yaws.outcome, "sent");
    EXPECT_STR(badge_job_state(event, "48243"), "sent");
    EXPECT_STR(badge_job_state(event, "48278"), "sent");
}

/* ---- a check-in and its badge job in one commit (issue 30) ---- */

/* A desk of `event` run as a child with the file printer `label`, its
 * stdin a pipe (--keyboard), its output in `out_path`; with `kill_at`
 * ("POINT", or NULL) it kills itself there (atomic_file_kill_point).
 * Returns the pid; *keys is the pipe to type codes into. */
static pid_t desk_child(const char *event, const char *label,
                        const char *kill_at, const char *out_path, FILE **keys)
{
    int fds[2];
    *keys = NULL;
    if (pipe(fds) != 0)
        return -1;
    char kill_env[4300] = "";
    if (kill_at) {
        const char *base = strrchr(event, '/');
        snprintf(kill_env, sizeof(kill_env), "%s:%s", kill_at,
                 base ? base + 1 : event);
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fds[0], 0);
        close(fds[0]);
        close(fds[1]);
        FILE *o = freopen(out_path, "a", stdout);
        char errpath[4300];
        snprintf(errpath, sizeof(errpath), "%s.err", out_path);
        FILE *e = freopen(errpath, "a", stderr);
        (void)o;
        (void)e;
        if (kill_at)
            setenv("CHECKIN_TEST_KILL_AT", kill_env, 1);
        else
            unsetenv("CHECKIN_TEST_KILL_AT");
        char printer[4300];
        snprintf(printer, sizeof(printer), "file:%s", label);
        execl(CHECKIN_BIN, CHECKIN_BIN, "scan", event, "--station", "desk",
              "--name", "desk-k", "--json", "--clock", "2027-05-12 08:30",
              "--printer", printer, "--model", "QL-800", "--media", "62x100",
              "--keyboard", (char *)NULL);
        _exit(127);
    }
    close(fds[0]);
    if (pid < 0) {
        close(fds[1]);
        return -1;
    }
    *keys = fdopen(fds[1], "w");
    return pid;
}

/* Paid, live registrations' codes in `event`, in id order; how many. */
static int paid_codes(const char *event, char codes[][64], int cap)
{
    int n = 0;
    sqlite3 *d;
    if (sqlite3_open_v2(event, &d, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
        return 0;
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(d,
                           "SELECT s.secret FROM ticket_secret s JOIN "
                           "attendee a ON a.id = s.attendee_id WHERE "
                           "a.status = 'paid' AND a.testmode = 0 AND "
                           "s.revoked = 0 ORDER BY a.id",
                           -1, &st, NULL) == SQLITE_OK) {
        while (n < cap && sqlite3_step(st) == SQLITE_ROW)
            snprintf(codes[n++], 64, "%s",
                     (const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    sqlite3_close(d);
    return n;
}

/* People with a live desk admission and no badge job at all. */
static long checked_in_without_badge_job(const char *event)
{
    return count_in(event, "SELECT count(DISTINCT s.attendee_ticket_id) "
                           "FROM live_scan s JOIN attendee a ON "
                           "a.ticket_id = s.attendee_ticket_id WHERE "
                           "s.mode = 'desk' AND s.decision = 'admit' AND "
                           "NOT EXISTS (SELECT 1 FROM print_job j WHERE "
                           "j.attendee_id = a.id AND j.kind = 'badge' AND "
                           "j.state IN ('queued','sent','printed','failed'))");
}

/* Jobs that name a check-in the journal does not hold: a job committed
 * without its check-in. */
static long jobs_without_their_checkin(const char *event)
{
    return count_in(event, "SELECT count(*) FROM print_job j WHERE "
                           "j.scan_seq IS NOT NULL AND NOT EXISTS (SELECT 1 "
                           "FROM scan s WHERE s.station_id = "
                           "j.scan_station_id AND s.seq = j.scan_seq)");
}

static const char *const KILL_POINTS[] = {
    "checkin-queued", /* jobs queued, check-in not committed */
    "checkin-committed", "print-taken", "print-sent", "print-written"};
#define NKILL_POINTS (sizeof(KILL_POINTS) / sizeof(KILL_POINTS[0]))

/* How many times each kill point is reached, and how many kills come
 * from outside at random.  Under AddressSanitizer each point is reached
 * twice and eight kills come at random: every kill point's code runs
 * there as often as it needs to, and the repetitions, whose subject is
 * SQLite's recovery after a kill (like test_crash's, which CI's ASan
 * stage leaves out), were 39 s of its CPU (70 desks started under ASan,
 * 102 s of wall at a load of 12; 2026-11-29).  Other builds: ten and
 * forty. */
#if defined(__SANITIZE_ADDRESS__)
enum { KILL_ROUNDS = 2, RANDOM_KILLS = 8 };
#else
enum { KILL_ROUNDS = 10, RANDOM_KILLS = 40 };
#endif

/* SIGKILL a desk at each point between the check-in and the print, and
 * at random moments from outside, many times: after every run, everyone
 * checked in has a badge job (queued, sent, printed or failed), and no
 * job stands without its check-in. */
static void sigkill_anywhere_between_checkin_and_print_leaves_a_badge_job(void)
{
    const char *event = new_event("kill.db");
    const char *label = tu_path("kill.bin");
    const char *out_path = tu_path("kill.out");
    static char codes[200][64];
    int ncodes = paid_codes(event, codes, 200);
    REQUIRE(ncodes >= (int)(KILL_ROUNDS * NKILL_POINTS) + RANDOM_KILLS);
    srand(30);
    int next = 0, runs = 0, point_kills = 0;
    for (int round = 0; round < KILL_ROUNDS; round++) {
        for (size_t k = 0; k < NKILL_POINTS; k++) {
            FILE *keys;
            pid_t pid =
                desk_child(event, label, KILL_POINTS[k], out_path, &keys);
            REQUIRE(pid > 0 && keys);
            fprintf(keys, "%s\n", codes[next++]);
            fclose(keys); /* then end: the point comes before the end */
            int status;
            REQUIRE(waitpid(pid, &status, 0) == pid);
            if (WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
                point_kills++;
            else
                TU_FAIL_AT("the desk did not reach %s (status %d)",
                           KILL_POINTS[k], status);
            runs++;
            EXPECT_INT(checked_in_without_badge_job(event), 0);
            EXPECT_INT(jobs_without_their_checkin(event), 0);
        }
    }
    /* From outside, at any moment of a desk checking in two people. */
    for (int i = 0; i < RANDOM_KILLS / 2; i++) {
        FILE *keys;
        pid_t pid = desk_child(event, label, NULL, out_path, &keys);
        REQUIRE(pid > 0 && keys);
        fprintf(keys, "%s\n%s\n", codes[next], codes[next + 1]);
        fflush(keys);
        next += 2;
        usleep((useconds_t)(rand() % 400) * 1000);
        kill(pid, SIGKILL);
        int status;
        REQUIRE(waitpid(pid, &status, 0) == pid);
        fclose(keys);
        runs++;
        EXPECT_INT(checked_in_without_badge_job(event), 0);
        EXPECT_INT(jobs_without_their_checkin(event), 0);
    }
    long checked_in = count_in(event, "SELECT count(DISTINCT "
                                      "attendee_ticket_id) FROM live_scan "
                                      "WHERE decision = 'admit'");
    printf("kills: %d runs, %d at kill points, %ld people checked in\n", runs,
           point_kills, checked_in);
    /* Killed before the commit, nobody; after it, somebody each time. */
    EXPECT_TRUE(checked_in >= (long)(KILL_ROUNDS * (NKILL_POINTS - 1)));
}

/* The time a person's print line came, as its index in the desk's output;
 * -1 if none. */
static int print_line_index(const char *out, const char *ticket_id)
{
    struct print_line pl[16];
    int n = print_lines(out, pl, 16);
    for (int i = 0; i < n; i++)
        if (!strcmp(pl[i].ticket_id, ticket_id))
            return i;
    return -1;
}

/* A desk killed right after a check-in leaves the label queued; the desk
 * started again prints it at once, before anyone is scanned, and so
 * before the next person's labels. */
static void a_label_queued_before_a_crash_prints_first(void)
{
    const char *event = new_event("first.db");
    const char *label = tu_path("first-label.bin");
    const char *out_path = tu_path("first.out");
    FILE *keys;
    pid_t pid = desk_child(event, label, "checkin-committed", out_path, &keys);
    REQUIRE(pid > 0 && keys);
    fputs(OLIVIA "\n", keys);
    fclose(keys);
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    EXPECT_STR(badge_job_state(event, "48243"), "queued");

    unlink(out_path);
    pid = desk_child(event, label, NULL, out_path, &keys);
    REQUIRE(pid > 0 && keys);
    /* Nobody scanned yet: Olivia's label comes out by itself. */
    EXPECT_STR(wait_badge_job(event, "48243", "sent", 60000), "sent");
    EXPECT_STR(badge_job_state(event, "48278"), "");
    fputs(YAW "\n", keys);
    fclose(keys);
    REQUIRE(waitpid(pid, &status, 0) == pid);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    EXPECT_STR(badge_job_state(event, "48278"), "sent");
    char *out = tu_read_file(out_path, NULL);
    REQUIRE(out);
    int olivia = print_line_index(out, "48243");
    int yaw = print_line_index(out, "48278");
    EXPECT_TRUE(olivia >= 0 && yaw >= 0 && olivia < yaw);
    /* And hers was the older job. */
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job o, print_job "
                               "y, attendee a, attendee b WHERE a.ticket_id "
                               "= '48243' AND b.ticket_id = '48278' AND "
                               "o.attendee_id = a.id AND y.attendee_id = b.id "
                               "AND o.id < y.id AND o.updated_ms <= "
                               "y.updated_ms"),
               1);
    free(out);
}

/* Wait up to `timeout_ms` for `path` to contain `text`; whether it does. */
static bool wait_file_contains(const char *path, const char *text,
                               int timeout_ms)
{
    int64_t until = tu_mono_ms() + timeout_ms;
    for (;;) {
        char *got = tu_read_file(path, NULL);
        bool found = got && strstr(got, text);
        free(got);
        if (found || tu_mono_ms() > until)
            return found;
        usleep(50 * 1000);
    }
}

/* The label-stock forecast of a desk told the roll it loaded (--roll 6):
 * after each print the outcome line says how many labels are left and,
 * once the desk has a rate, when to reload; Jean-Luc's badge and his two
 * tutorial tickets are three labels.  The rate is over at least a minute,
 * so what this fast test says does not depend on the machine's speed. */
static void the_label_stock_forecast_counts_the_roll_down(void)
{
    const char *event = new_event("stock.db");
    char args[8192];
    snprintf(args, sizeof(args),
             "--station desk --name desk-stock --clock '2027-05-12 08:30' "
             "--printer 'file:%s' --model QL-800 --media 62x100 --roll 6",
             tu_path("stock.bin"));
    struct live st;
    REQUIRE(live_start(&st, "", event, args) == 0);
    static const struct {
        const char *code, *ticket, *stock;
    } steps[] = {
        {OLIVIA, "48243", "About 5 labels left."},
        {YAW, "48278", "About 4 labels left, reload in ~2 minutes."},
        {JEANLUC, "48275", "About 1 label left, reload in under a minute."},
        {OLGA, "48273", "The roll should be out of labels: load a new one."},
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        json_decref(live_scan(&st, steps[i].code));
        /* The 2-minute guard only ends a desk that hangs. */
        json_t *done = live_next(&st, 120000, is_print, NULL);
        REQUIRE(done != NULL);
        EXPECT_STR(live_str(done, "ticket_id"), steps[i].ticket);
        EXPECT_STR(live_str(done, "stock"), steps[i].stock);
        json_decref(done);
    }
    EXPECT_INT(live_stop(&st), 0);
    /* Without --roll, and a printer that reports no media: no forecast. */
    REQUIRE(
        live_start(
            &st, "", event,
            tu_format(
                "--station desk --name desk-nostock --clock '2027-05-12 08:30' "
                "--printer 'file:%s' --model QL-800 --media 62x100",
                tu_path("stock2.bin"))) == 0);
    json_decref(live_scan(&st, THORDIS));
    json_t *done = live_next(&st, 120000, is_print, NULL);
    REQUIRE(done != NULL);
    EXPECT_TRUE(json_object_get(done, "stock") == NULL);
    json_decref(done);
    EXPECT_INT(live_stop(&st), 0);
}

/* What the labels a printer reports are worth on Brother's standard
 * rolls: 300 of 62x100 mm die-cut (DK-11202), a 30.48 m continuous roll
 * cut to 100 mm badges 304, an unknown size none. */
static void standard_rolls_follow_the_media_the_printer_reports(void)
{
    struct media dk11202 = {MEDIA_DIE_CUT, 62, 100};
    struct media dk22205 = {MEDIA_CONTINUOUS, 62, 0};
    struct media odd = {MEDIA_DIE_CUT, 50, 30};
    EXPECT_INT(label_stock_standard_roll(&dk11202, 0), 300);
    EXPECT_INT(label_stock_standard_roll(&dk22205, 100), 304);
    EXPECT_INT(label_stock_standard_roll(&dk22205, 0), 0);
    EXPECT_INT(label_stock_standard_roll(&odd, 0), 0);
}

/* A desk killed with a label marked sent (its bytes may have left) shows
 * it once when it starts again, naming the person, and never prints it
 * again by itself. */
static void a_job_left_sent_by_a_crash_is_shown_once_not_printed_again(void)
{
    const char *event = new_event("cut.db");
    const char *label = tu_path("cut-label.bin");
    const char *out_path = tu_path("cut.out");
    FILE *keys;
    pid_t pid = desk_child(event, label, "print-sent", out_path, &keys);
    REQUIRE(pid > 0 && keys);
    fputs(OLIVIA "\n", keys);
    fclose(keys);
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
    EXPECT_STR(badge_job_state(event, "48243"), "sent");
    size_t before = 0;
    free(tu_read_file(label, &before));

    const char *said = "Olivia Hartley-Whitmore's badge was being printed "
                       "when the desk stopped; check whether it came out, "
                       "and reprint it (Ctrl-R) if not.";
    for (int run = 0; run < 2; run++) {
        unlink(out_path);
        pid = desk_child(event, label, NULL, out_path, &keys);
        REQUIRE(pid > 0 && keys);
        if (run == 0)
            EXPECT_TRUE(wait_file_contains(out_path, said, 10000));
        fputs(YAW "\n", keys); /* the next person, printed as usual */
        fclose(keys);
        REQUIRE(waitpid(pid, &status, 0) == pid);
        EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
        char *out = tu_read_file(out_path, NULL);
        REQUIRE(out);
        /* Said once, at the first start after the crash only. */
        if (run == 0)
            EXPECT_CONTAINS(out, "\"ticket_id\":\"48243\"");
        else
            EXPECT_NOT_CONTAINS(out, "was being printed");
        free(out);
    }
    /* Olivia's badge was not printed again; Yaw's was printed once. */
    EXPECT_INT(count_in(event, "SELECT count(*) FROM print_job j JOIN "
                               "attendee a ON a.id = j.attendee_id WHERE "
                               "a.ticket_id = '48243' AND j.state = 'sent' "
                               "AND j.attempts = 1"),
               1);
    EXPECT_STR(badge_job_state(event, "48278"), "sent");
    size_t after = 0;
    free(tu_read_file(label, &after));
    EXPECT_TRUE(after > before);
}

/* `checkin attendees --no-badge` names who was checked in and has no
 * printed badge, with what became of the badge: a label the Zebra
 * confirmed printed is not listed, one queued when the desk was killed
 * is, and so is a check-in at a desk with no printer. */
static void attendees_no_badge_lists_checkins_without_a_printed_badge(void)
{
    const char *event = new_event("nobadge.db");
    const char *out, *err;
    /* Yaw at a desk whose Zebra confirms the label printed. */
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    EXPECT_INT(
        tu_checkin(
            tu_format("scan '%s' --station desk --name desk-z --json --clock "
                      "'2027-05-12 08:30' --printer tcp:127.0.0.1:%d --model "
                      "ZD420-300 --media 62x100 --images '%s'",
                      event, tcp_printer_port(zebra),
                      qr_pgm("nb-yaw.pgm", YAW)),
            &out, &err),
        0);
    tcp_printer_stop(zebra);
    EXPECT_STR(badge_job_state(event, "48278"), "printed");
    /* Olivia at a desk killed just after her check-in. */
    FILE *keys;
    pid_t pid = desk_child(event, tu_path("nb.bin"), "checkin-committed",
                           tu_path("nb.out"), &keys);
    REQUIRE(pid > 0 && keys);
    fputs(OLIVIA "\n", keys);
    fclose(keys);
    int status;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    /* Zoe at a desk with no printer. */
    EXPECT_INT(
        tu_checkin(
            tu_format("scan '%s' --station desk --name desk-n --json --clock "
                      "'2027-05-12 08:31' --images '%s'",
                      event,
                      qr_pgm("nb-zoe.pgm", "ehpa7y658k6he2p6us3rkbu6vycma943")),
            &out, &err),
        0);

    EXPECT_INT(
        tu_checkin(tu_format("attendees '%s' --no-badge", event), &out, &err),
        0);
    EXPECT_CONTAINS(out, "Olivia Hartley-Whitmore (ticket 48243): checked in "
                         "Wed 12 May 08:30 at desk-k; badge job");
    EXPECT_CONTAINS(out, "nb.bin, not printed yet; it prints when the desk "
                         "runs with that printer");
    EXPECT_CONTAINS(out, "(ticket 52225): checked in Wed 12 May 08:31 at "
                         "desk-n; no badge job; print it with 'checkin print");
    EXPECT_NOT_CONTAINS(out, "48278");
    int lines = 0;
    for (const char *p = out; (p = strchr(p, '\n')); p++)
        lines++;
    EXPECT_INT(lines, 2);
    EXPECT_CONTAINS(err, "2 checked in at a desk without a printed badge.");
    /* A query with it is refused with what to do. */
    EXPECT_INT(tu_checkin(tu_format("attendees '%s' --no-badge olivia", event),
                          &out, &err),
               2);
    EXPECT_CONTAINS(err, "give EVENT.db only");
    /* desk-k runs again with another printer: it prints the jobs of the
     * printer it has, so Olivia's, queued for the first, stays queued,
     * and the list says so rather than promising it (issue 50). */
    EXPECT_INT(
        tu_checkin(tu_format("scan '%s' --station desk --name desk-k --json "
                             "--clock '2027-05-12 08:40' --printer 'file:%s' "
                             "--model QL-800 --media 62x100 --images '%s'",
                             event, tu_path("nb2.bin"),
                             qr_pgm("nb-olga.pgm", OLGA)),
                   &out, &err),
        0);
    EXPECT_STR(badge_job_state(event, "48243"), "queued");
    EXPECT_INT(
        tu_checkin(tu_format("attendees '%s' --no-badge", event), &out, &err),
        0);
    char want[9000];
    snprintf(want, sizeof(want),
             "queued for file:%s, which the desk no longer prints to (its "
             "later labels went to file:%s), so it does not print; print it "
             "with 'checkin print %s 48243'",
             tu_path("nb.bin"), tu_path("nb2.bin"), event);
    EXPECT_CONTAINS(out, want);
    EXPECT_NOT_CONTAINS(out, "it prints when");
}

/* On the organizer's file, a check-in whose badge a desk sent to a
 * printer that cannot confirm (its job pulled from the hub into
 * station_print_job) is listed as that desk's job sent, not as "no badge
 * job; print it", which would have a second badge printed; a check-in
 * with no job anywhere names the file in the command that prints it. */
static void the_organizer_names_a_desks_sent_badge_not_a_missing_one(void)
{
    const char *event = new_event("nobadge-org.db");
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(
            tu_format(
                "scan '%s' --station desk --name desk-2 --json --clock "
                "'2027-05-12 08:31' --images '%s'",
                event,
                qr_pgm("nbo-zoe.pgm", "ehpa7y658k6he2p6us3rkbu6vycma943")),
            &out, &err),
        0);
    EXPECT_INT(
        tu_checkin(
            tu_format("scan '%s' --station desk --name desk-3 --json --clock "
                      "'2027-05-12 08:32' --images '%s'",
                      event, qr_pgm("nbo-yaw.pgm", YAW)),
            &out, &err),
        0);
    /* What the organizer's sync writes for desk-2's job (sync/pull.c). */
    sqlite3 *d;
    REQUIRE(sqlite3_open(event, &d) == SQLITE_OK);
    EXPECT_INT(sqlite3_exec(d,
                            "INSERT INTO station_print_job VALUES ('d2uid', "
                            "7, '52225', 'badge', 'sent', 1810137060000)",
                            NULL, NULL, NULL),
               SQLITE_OK);
    sqlite3_close(d);

    EXPECT_INT(
        tu_checkin(tu_format("attendees '%s' --no-badge", event), &out, &err),
        0);
    EXPECT_CONTAINS(out, "(ticket 52225): checked in Wed 12 May 08:31 at "
                         "desk-2; the desk's badge job 7 sent, never "
                         "confirmed printed");
    EXPECT_NOT_CONTAINS(out, "52225'");
    EXPECT_CONTAINS(
        out,
        tu_format("(ticket 48278): checked in Wed 12 May 08:32 at desk-3; no "
                  "badge job; print it with 'checkin print %s 48278'.",
                  event));
    EXPECT_CONTAINS(err, "2 checked in at a desk without a printed badge.");
}

/* The badge's PNG that `checkin print --preview DIR` wrote in DIR. */
static const char *badge_png(const char *dir)
{
    static char path[4200];
    path[0] = '\0';
    DIR *d = opendir(dir);
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n > 10 && !strcmp(e->d_name + n - 10, "-badge.png"))
            snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
    }
    if (d)
        closedir(d);
    return path;
}

/* Whether the label rendered before encoding (`--preview`'s PNG) stands
 * in the label read back from the printer's bytes, dot for dot, at some
 * place across the head and from its top: the read-back keeps the
 * label's orientation and every line, which zbar alone would not see (it
 * reads a mirrored code too). */
static bool rendered_is_in_read_back(const char *rendered, const char *back)
{
    struct gray_frame r = {0}, b = {0};
    struct ck_error e = {0};
    bool found = false;
    if (image_load(rendered, &r, &e) || image_load(back, &b, &e)) {
        TU_FAIL_AT("cannot load a label: %s", e.msg);
        goto out;
    }
    for (int dx = 0; !found && dx + r.width <= b.width; dx++) {
        found = r.height <= b.height;
        for (int y = 0; found && y < r.height; y++)
            for (int x = 0; found && x < r.width; x++)
                found =
                    (r.pixels[(size_t)y * r.stride + (size_t)x] < 128) ==
                    (b.pixels[(size_t)y * b.stride + (size_t)(x + dx)] < 128);
    }
out:
    image_free(&r);
    image_free(&b);
    return found;
}

/* `checkin print-preview` reads a file printer's bytes back into labels:
 * zbar reads each badge's code from the images, and `checkin verify`
 * finds it valid for the person printed, on each command set.  A stream
 * cut short keeps the labels before the cut; a database is refused. */
static void print_preview_reads_a_file_printers_labels_back(void)
{
    /* Zoë has a badge and four tutorial tickets; Olivia a badge alone. */
    static const struct {
        const char *ticket, *model, *media, *templates, *file, *count, *read_as;
    } runs[] = {
        {"53139", "QL-800", "62x100", "", "ql.bin", "5 labels",
         "Brother QL on a 720-dot head"},
        {"48243", "ZD420-300", "62x100", "", "zpl.bin", "1 label", "Zebra ZPL"},
        {"48273", "LabelWriter 450", "62x103",
         "--template badge-dymo-30856 --ticket-template ticket-dymo-30856",
         "dymo.bin", "2 labels", "DYMO LabelWriter on a 672-dot head"},
    };
    const char *event = new_event("preview.db");
    const char *out, *err;
    for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
        REQUIRE(mkdir(tu_path(tu_format("rendered-%zu", r)), 0700) == 0);
        const char *bin = tu_path(runs[r].file);
        const char *dir = tu_path(tu_format("labels-%zu", r));
        int printed = tu_checkin(
            tu_format("print '%s' %s --printer 'file:%s' --model '%s' "
                      "--media %s %s --preview '%s'",
                      event, runs[r].ticket, bin, runs[r].model, runs[r].media,
                      runs[r].templates, tu_path(tu_format("rendered-%zu", r))),
            &out, &err);
        if (printed != 0) {
            TU_FAIL_AT("%s: %s", runs[r].model, err);
            continue;
        }
        EXPECT_CONTAINS(out, tu_format("See them with 'checkin print-preview "
                                       "%s --out DIR'.",
                                       bin));
        EXPECT_INT(
            tu_checkin(tu_format("print-preview '%s' --out '%s'", bin, dir),
                       &out, &err),
            0);
        EXPECT_CONTAINS(out, tu_format("%s from %s, read as %s.", runs[r].count,
                                       bin, runs[r].read_as));
        EXPECT_TRUE(rendered_is_in_read_back(
            badge_png(tu_path(tu_format("rendered-%zu", r))),
            tu_format("%s/label-001.png", dir)));
        char *code = zbar_read_png(tu_format("%s/label-001.png", dir));
        REQUIRE(code);
        EXPECT_INT(
            tu_checkin(tu_format("verify '%s' '%s'", event, code), &out, &err),
            0);
        EXPECT_CONTAINS(out, "VALID:");
        free(code);
    }

    /* The QL stream cut inside its last label: the labels before it are
     * written, and the sentence says where it stopped. */
    size_t len;
    char *bytes = tu_read_file(tu_path("ql.bin"), &len);
    REQUIRE(bytes && len > 1000);
    const char *cut = tu_path("cut.bin");
    FILE *f = fopen(cut, "wb");
    REQUIRE(f);
    fwrite(bytes, 1, len - 500, f);
    fclose(f);
    free(bytes);
    EXPECT_INT(tu_checkin(tu_format("print-preview '%s' --out '%s'", cut,
                                    tu_path("cut")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "a print cut short");
    EXPECT_CONTAINS(out, "label-004.png");
    EXPECT_NOT_CONTAINS(out, "label-005.png");

    /* Not printer output: one sentence, no folder made. */
    EXPECT_INT(tu_checkin(tu_format("print-preview '%s' --out '%s'", event,
                                    tu_path("nothing")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "is not label printer output");
    EXPECT_INT(access(tu_path("nothing"), F_OK), -1);
}

/* Paddle `paddle` of `who` (ticket id) as the auction door's label
 * should look, drawn here on paddle-62x100 into `png`: the test's own
 * strings, not the door's.  The number's field is checked to be large
 * (over a third of the label's height) and whole. */
static void paddle_label_png(const char *db, const char *who,
                             const char *paddle, const char *png)
{
    struct template t;
    struct label_image img = {0};
    struct ck_error e = {0};
    char name[256];
    snprintf(name, sizeof(name), "%s",
             tu_sql_text(db, tu_format("SELECT badge_name FROM attendee"
                                       " WHERE ticket_id = '%s'",
                                       who)));
    struct label_data d = {
        .event_name = "PyCon Demo 2027", .badge_name = name, .paddle = paddle};
    REQUIRE(template_find(CONFIG_DIR "/labels", "paddle-62x100", &t, &e) ==
            CK_OK);
    EXPECT_INT(t.kind, TEMPLATE_PADDLE);
    if (label_render(&t, &d, &img, &e) || label_image_write_png(&img, png, &e))
        TU_FAIL_AT("drawing paddle %s: %s", paddle, e.msg);
    for (size_t i = 0; i < img.nfields; i++) {
        const struct label_field_result *f = &img.fields[i];
        if (f->field->source != SOURCE_PADDLE)
            continue;
        EXPECT_TRUE(!f->empty && !f->ellipsized && !f->clipped);
        EXPECT_TRUE(f->ink_h * 3 > t.height_dots);
    }
    label_image_free(&img);
    template_free(&t);
}

/* The demo event with an [auction] whose door auction-1 gives paddles
 * from 7, made once a process; its file. */
static const char *auction_event(void)
{
    static char ev[4200];
    if (ev[0])
        return ev;
    /* The demo's own [auction], where it has one, gives way to this. */
    static const char *const drop[] = {"auction", NULL};
    const char *ini = tu_demo_ini("auction-print.ini", drop,
                                  "[auction]\ncurrency = USD\n"
                                  "paddles auction-1 = 7-99\n"
                                  "lot 1 = A quilt\n");
    snprintf(ev, sizeof(ev), "%s", tu_path("auction-print.db"));
    if (!ini || tu_event(ev, ini, NULL, CONFIG_DIR "/demo/registrations.csv"))
        ev[0] = '\0';
    char key[4200];
    credential_default_key_path(ev, key, sizeof(key));
    if (ev[0] && unlink(key))
        TU_FAIL_AT("no key %s to take away", key);
    return ev;
}

/* A bidder's current code, by ticket id (a static buffer). */
static const char *bidder_code(const char *ev, const char *ticket)
{
    static char code[128];
    snprintf(code, sizeof(code), "%s",
             tu_sql_text(ev, tu_format("SELECT s.secret FROM ticket_secret s"
                                       " JOIN attendee a ON a.id ="
                                       " s.attendee_id WHERE s.revoked = 0"
                                       " AND a.ticket_id = '%s'",
                                       ticket)));
    return code;
}

/* The auction's door with a printer: each paddle given prints its label
 * (queued with the decision), and the printer's bytes read back are the
 * label drawn from the paddle's number, the event and the bidder; the
 * same bidder scanned again gets the same paddle and no label.  The door
 * has no signing key: a paddle's label carries no code. */
static void the_auction_door_prints_each_paddle_large_once(void)
{
    const char *ev = auction_event();
    REQUIRE(ev[0]);
    char key[4200];
    credential_default_key_path(ev, key, sizeof(key));
    EXPECT_INT(access(key, F_OK), -1);
    char olivia[128];
    snprintf(olivia, sizeof(olivia), "%s", bidder_code(ev, "48243"));
    const char *bin = tu_path("paddles.bin");
#define DOOR                                                                   \
    "scan '%s' --station auction --name auction-1 --keyboard --json --clock"   \
    " '2027-05-14 19:00' --printer 'file:%s' --model QL-800 --media 62x100"
    const char *out, *err;
    REQUIRE(
        tu_checkin_in(tu_format(DOOR, ev, bin),
                      tu_format("%s\n%s\n", olivia, bidder_code(ev, "53139")),
                      &out, &err) == 0);
    EXPECT_CONTAINS(out, "\"paddle\":7");
    EXPECT_CONTAINS(out, "\"paddle\":8");
    int printed = 0;
    for (const char *p = out; (p = strstr(p, "\"event\":\"print\"")); p++)
        printed++;
    EXPECT_INT(printed, 2);
    EXPECT_NOT_CONTAINS(out, "\"outcome\":\"failed\"");
    EXPECT_INT(count_in(ev, "SELECT count(*) FROM print_job WHERE kind ="
                            " 'paddle' AND state = 'sent' AND scan_seq IS NOT"
                            " NULL AND reprint_reason IS NULL"),
               2);
    /* Scanned again: the same paddle, nothing printed. */
    REQUIRE(tu_checkin_in(tu_format(DOOR, ev, tu_path("again.bin")),
                          tu_format("%s\n", olivia), &out, &err) == 0);
    EXPECT_CONTAINS(out, "\"reason\":\"paddle-again\"");
    EXPECT_NOT_CONTAINS(out, "\"event\":\"print\"");
    EXPECT_INT(count_in(ev, "SELECT count(*) FROM print_job"), 2);
#undef DOOR
    const char *dir = tu_path("paddles");
    EXPECT_INT(tu_checkin(tu_format("print-preview '%s' --out '%s'", bin, dir),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "2 labels from");
    paddle_label_png(ev, "48243", "7", tu_path("paddle-7.png"));
    paddle_label_png(ev, "53139", "8", tu_path("paddle-8.png"));
    EXPECT_TRUE(rendered_is_in_read_back(tu_path("paddle-7.png"),
                                         tu_format("%s/label-001.png", dir)));
    EXPECT_TRUE(rendered_is_in_read_back(tu_path("paddle-8.png"),
                                         tu_format("%s/label-002.png", dir)));
    EXPECT_TRUE(!rendered_is_in_read_back(tu_path("paddle-8.png"),
                                          tu_format("%s/label-001.png", dir)));
}

/* At the door's terminal: a paddle given says its label was sent, and
 * the volunteer reprints it with Ctrl-R and a reason: a second label of
 * the same number, the reason in its job. */
static void a_paddle_label_is_reprinted_at_the_door_with_a_reason(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    const char *ev = auction_event();
    REQUIRE(ev[0]);
    const char *bin = tu_path("hannah.bin");
    tu_tmux_station(ev,
                    "--station auction --name auction-1 --clock "
                    "'2027-05-14 19:10' --printer 'file:%s' --model QL-800 "
                    "--media 62x100",
                    bin);
    tu_tmux_keys(tu_format("'%s' Enter", bidder_code(ev, "52225")));
    free(tu_tmux_wait_for("(paddle)", "Sent the paddle label; this printer"));
    tu_tmux_keys("C-r");
    free(tu_tmux_wait_for("Reprint reason"));
    tu_tmux_keys("torn Enter");
    free(tu_tmux_wait_for("Reprint sent to the printer."));
    tu_tmux_quit();
    long paddle = tu_sql_int(ev, "SELECT paddle FROM auction_act WHERE"
                                 " ticket_id = '52225'");
    EXPECT_INT(count_in(ev, "SELECT count(*) FROM print_job j JOIN attendee a"
                            " ON a.id = j.attendee_id WHERE a.ticket_id ="
                            " '52225' AND j.kind = 'paddle' AND j.state ="
                            " 'sent'"),
               2);
    EXPECT_INT(count_in(ev, "SELECT count(*) FROM print_job WHERE"
                            " reprint_reason = 'torn'"),
               1);
    const char *dir = tu_path("hannah");
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("print-preview '%s' --out '%s'", bin, dir),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "2 labels from");
    char number[16];
    snprintf(number, sizeof(number), "%ld", paddle);
    paddle_label_png(ev, "52225", number, tu_path("paddle-h.png"));
    EXPECT_TRUE(rendered_is_in_read_back(tu_path("paddle-h.png"),
                                         tu_format("%s/label-001.png", dir)));
    EXPECT_TRUE(rendered_is_in_read_back(tu_path("paddle-h.png"),
                                         tu_format("%s/label-002.png", dir)));
}

TU_MAIN(TU_CASE(desk_prints_badge_and_one_ticket_per_tutorial),
        TU_CASE(reprint_needs_a_reason_and_revokes_the_old_badge),
        TU_CASE(failed_print_is_printed_by_the_next_print_same_badge),
        TU_CASE(printed_badge_does_not_block_its_failed_tickets),
        TU_CASE(printing_refuses_cancelled_orders_and_missing_printers),
        TU_CASE(desk_says_sent_not_printed_for_a_network_printer),
        TU_CASE(desk_never_says_printed_for_a_dead_network_printer),
        TU_CASE(desk_reports_a_reset_then_refused_network_printer),
        TU_CASE(print_command_says_sent_or_the_fault_over_the_network),
        TU_CASE(shipped_profiles_start_stations),
        TU_CASE(profile_templates_are_used_and_unknown_ones_refused),
        TU_CASE(desk_starts_without_its_printer_and_prints_when_it_comes),
        TU_CASE(a_printer_that_comes_tells_each_person_once),
        TU_CASE(sigkill_anywhere_between_checkin_and_print_leaves_a_badge_job),
        TU_CASE(a_label_queued_before_a_crash_prints_first),
        TU_CASE(a_job_left_sent_by_a_crash_is_shown_once_not_printed_again),
        TU_CASE(attendees_no_badge_lists_checkins_without_a_printed_badge),
        TU_CASE(the_organizer_names_a_desks_sent_badge_not_a_missing_one),
        TU_CASE(the_label_stock_forecast_counts_the_roll_down),
        TU_CASE(standard_rolls_follow_the_media_the_printer_reports),
        TU_CASE(print_preview_reads_a_file_printers_labels_back),
        TU_CASE(the_auction_door_prints_each_paddle_large_once),
        TU_CASE(a_paddle_label_is_reprinted_at_the_door_with_a_reason))
