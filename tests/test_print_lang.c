/* The desk's printer in the station's language (issue 53): what the
 * desk's print worker tells the station of its printer (the printer's
 * line on the terminal and the web screen, the hub's printer column)
 * and why a person's labels did not print, through the real print
 * worker (runtime/desk_print.c) and the real `checkin scan`, a real
 * event file and a loopback Zebra that answers ~HS and ~HQES
 * (tcp_printer.c). */
#include <jansson.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "checkin/desk_print.h"
#include "checkin/i18n.h"
#include "live.h"
#include "tcp_printer.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h" /* 48243, paid */

/* The demo event with its registrations, made by the real command. */
static const char *new_event(const char *name)
{
    const char *path = tu_path(name);
    const char *out, *err;
    if (tu_checkin(tu_format("init '%s' '%s'", path, tu_demo_event_ini()), &out,
                   &err) != 0)
        TU_FAIL_AT("init: %s", err);
    if (tu_checkin(tu_format("import '%s' '%s/demo/registrations.csv'", path,
                             CONFIG_DIR),
                   &out, &err) != 0)
        TU_FAIL_AT("import: %s", err);
    return path;
}

/* The attendee id of ticket `ticket_id` in `path`; 0 if none. */
static int64_t attendee_of(const char *path, const char *ticket_id)
{
    sqlite3 *d;
    int64_t id = 0;
    if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(d, "SELECT id FROM attendee WHERE ticket_id = ?",
                               -1, &st, NULL) == SQLITE_OK) {
            sqlite3_bind_text(st, 1, ticket_id, -1, SQLITE_STATIC);
            if (sqlite3_step(st) == SQLITE_ROW)
                id = sqlite3_column_int64(st, 0);
        }
        sqlite3_finalize(st);
    }
    sqlite3_close(d);
    return id;
}

/* What the print worker told its watcher of the printer (read once the
 * worker has stopped). */
struct heard {
    int n;
    char said[16][STATION_TEXT_CAP];
};

static void heard_status(void *ctx, const struct desk_print_status *st)
{
    struct heard *h = ctx;
    if (h->n < 16)
        snprintf(h->said[h->n++], sizeof(h->said[0]), "%s", st->message);
}

/* A print refused by a Zebra out of paper, at a desk in Spanish: the
 * printer's line says so in Spanish after the print as while idle,
 * never the print queue's English sentence (which the job keeps, for
 * the log). */
static void the_printers_fault_after_a_print_is_said_in_spanish(void)
{
    const char *event = new_event("zebra-es.db");
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    tcp_printer_paper_out(zebra, true);
    tu_speak("es");
    store *s;
    struct ck_error err = {0};
    REQUIRE(store_open(event, STORE_EXISTING, &s, &err) == CK_OK);
    int64_t id = attendee_of(event, "48243");
    REQUIRE(id > 0);
    char uri[64];
    snprintf(uri, sizeof(uri), "tcp:127.0.0.1:%d", tcp_printer_port(zebra));
    struct desk_print_options opt = {.uri = uri,
                                     .model = "ZD420-300",
                                     .media = "62x100",
                                     .config_dir = CONFIG_DIR,
                                     .async = true};
    static struct desk_print dp;
    static struct heard h;
    REQUIRE(desk_print_open(&dp, s, event, &opt, &err) == CK_OK);
    desk_print_watch(&dp, heard_status, &h);
    bool confirmed = false;
    EXPECT_INT(desk_print_hook(&dp, id, NULL, &confirmed, &err), CK_OK);
    struct station_print_done done = {0};
    EXPECT_TRUE(desk_print_poll(&dp, 20000, &done));
    desk_print_close(&dp);
    store_close(s);
    tcp_printer_stop(zebra);
    /* The person's labels' failure too: kept whole, the English for
     * the job and --json, said in Spanish on the screens. */
    char why[STATION_TEXT_CAP];
    const char *said = ck_error_text(&done.error, why, sizeof(why));
    EXPECT_CONTAINS(said, "no hay etiquetas cargadas");
    EXPECT_NOT_CONTAINS(said, "no labels are loaded");
    tu_speak("en");
    EXPECT_CONTAINS(done.error.msg, "no labels are loaded");
    REQUIRE(h.n > 0);
    for (int i = 0; i < h.n; i++) {
        EXPECT_NOT_CONTAINS(h.said[i], "no labels are loaded");
        EXPECT_CONTAINS(h.said[i], "no hay etiquetas cargadas");
    }
}

/* Whether `o` is a print outcome (for live_next). */
static bool is_print(json_t *o, const void *arg)
{
    (void)arg;
    return !strcmp(live_str(o, "event"), "print");
}

/* A desk in Spanish (`checkin --lang es scan --json`) whose Zebra is out
 * of paper: the print line's print_error_text, what the screens say, is
 * the printer's fault in Spanish; print_error keeps the English for
 * scripts. */
static void a_desks_failed_label_is_said_in_spanish(void)
{
    const char *event = new_event("zebra-desk-es.db");
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    REQUIRE(zebra);
    tcp_printer_paper_out(zebra, true);
    char args[1024];
    snprintf(args, sizeof(args),
             "--lang es --station desk --name desk-es --clock '2027-05-12 "
             "08:30' --printer tcp:127.0.0.1:%d --model ZD420-300 --media "
             "62x100",
             tcp_printer_port(zebra));
    struct live st;
    if (live_start(&st, "", event, args)) {
        tcp_printer_stop(zebra);
        TU_FAIL_AT("the desk did not start");
        return;
    }
    json_decref(live_scan(&st, OLIVIA));
    /* The 2-minute guard only ends a desk that hangs. */
    json_t *done = live_next(&st, 120000, is_print, NULL);
    EXPECT_INT(live_stop(&st), 0);
    tcp_printer_stop(zebra);
    REQUIRE(done);
    char english[1024], spanish[1024];
    snprintf(english, sizeof(english), "%s", live_str(done, "print_error"));
    snprintf(spanish, sizeof(spanish), "%s",
             live_str(done, "print_error_text"));
    EXPECT_STR(live_str(done, "outcome"), "failed");
    json_decref(done);
    EXPECT_CONTAINS(english, "no labels are loaded");
    EXPECT_CONTAINS(spanish, "no hay etiquetas cargadas");
    EXPECT_NOT_CONTAINS(spanish, "no labels are loaded");
}

TU_MAIN(TU_CASE(the_printers_fault_after_a_print_is_said_in_spanish),
        TU_CASE(a_desks_failed_label_is_said_in_spanish))
