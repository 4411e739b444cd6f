/* A phone's code is answered with what the station made of it, and with
 * nothing said later in the same turn of the loop (issue 31).  A read the
 * station took as the same presentation again has no verdict; the web
 * screen held its phone waiting until the loop's next turn, so a sentence
 * another thread said meanwhile (a certificate reload's, the hub's) became
 * that phone's answer.  The real loop, web screen and HTTP server run in
 * this process; the test's source makes the turns happen in order: no
 * timing is involved. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "checkin/display.h"
#include "checkin/display_web.h"
#include "checkin/source.h"
#include "checkin/station.h"
#include "checkin/station_loop.h"
#include "checkin/web_station.h"
#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"
#define RELOADED                                                               \
    "Reloaded the certificate door1.crt (valid until 2027-08-10); new "        \
    "connections get it."

/* The phone: one POST of Olivia's code to /api/scan, and its answer. */
struct phone {
    pthread_t thread;
    struct tu_link link;
    int status;
    char *resp;
};

static void *phone_main(void *arg)
{
    struct phone *p = arg;
    char extra[300], *head = NULL;
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n"
             "Content-Type: application/json\r\n",
             p->link.port, p->link.token);
    p->status = tu_http(p->link.port, "POST", "/api/scan", extra,
                        "{\"text\":\"" OLIVIA "\"}", &head, &p->resp);
    free(head);
    return NULL;
}

/* The desk's own scanner, turn by turn: Olivia's code first (decided);
 * the next turn the phone sends the same code, which waits, queued, for
 * the loop (`wake`, the server's wake fd, says so), and then a sentence
 * is said from outside the loop; the turn after, with the phone's code
 * taken, the source ends once the phone has its answer. */
struct scanner {
    source base;
    int turn;
    int wake;
    station_loop *lp;
    struct phone *phone;
};

static int scanner_next(source *src, int timeout_ms, struct source_item *out,
                        struct ck_error *err)
{
    struct scanner *s = (struct scanner *)src;
    (void)timeout_ms;
    (void)err;
    *out = (struct source_item){.kind = SOURCE_IDLE};
    switch (s->turn++) {
    case 0:
        out->kind = SOURCE_CODE;
        out->code = (const uint8_t *)OLIVIA;
        out->len = strlen(OLIVIA);
        break;
    case 1: {
        if (pthread_create(&s->phone->thread, NULL, phone_main, s->phone)) {
            TU_FAIL_AT("could not start the phone's thread");
            out->kind = SOURCE_END;
            break;
        }
        eventfd_t n;
        EXPECT_INT(eventfd_read(s->wake, &n), 0); /* blocks until queued */
        station_loop_say(s->lp, RELOADED);
        break;
    }
    default:
        pthread_join(s->phone->thread, NULL);
        out->kind = SOURCE_END;
        break;
    }
    return CK_OK;
}

static void scanner_free(source *src)
{
    (void)src;
}

static const struct source_ops SCANNER_OPS = {scanner_next, scanner_free, NULL,
                                              NULL};

/* Olivia's code decided at the desk, then read by a phone within the
 * cooldown: the phone is told it is the same presentation again, not the
 * reload's sentence said in between (that is the station screen's). */
static void a_repeat_read_is_answered_as_one_not_with_a_later_sentence(void)
{
    const char *db = tu_copy(tu_demo_event(), "answer.db");
    struct ck_error err = {0};
    store *s;
    station *st;
    station_loop *lp;
    web_station *ws;
    display *d;
    REQUIRE(store_open(db, STORE_EXISTING, &s, &err) == CK_OK);
    struct station_config cfg = {
        .mode = SCAN_DESK, .name = "desk-web", .open_before_ms = -1};
    REQUIRE(station_open(s, &cfg, &st, &err) == CK_OK);
    REQUIRE(station_loop_new(st, &lp, &err) == CK_OK);
    REQUIRE(web_station_start("127.0.0.1:0", false, &ws, &err) == CK_OK);
    REQUIRE(display_web_new(ws, false, &d, &err) == CK_OK);
    int wake = eventfd(0, EFD_CLOEXEC);
    REQUIRE(wake >= 0);
    web_station_wake(ws, wake);
    struct phone phone = {.status = -1};
    REQUIRE(tu_find_link(web_station_url(ws), "http://", &phone.link));
    struct scanner scanner = {
        .base = {&SCANNER_OPS}, .wake = wake, .lp = lp, .phone = &phone};

    EXPECT_INT(station_run(lp, &scanner.base, d, false, &err), CK_OK);
    EXPECT_INT(phone.status, 200);
    EXPECT_STR(phone.resp, "{\"repeat\":true}");
    EXPECT_INT(scanner.turn, 3);
    free(phone.resp);

    display_free(d);
    web_station_stop(ws);
    close(wake);
    station_loop_free(lp);
    station_free(st);
    store_close(s);
    EXPECT_INT(tu_sql_int(db, "SELECT count(*) FROM scan"), 1);
}

TU_MAIN(TU_CASE(a_repeat_read_is_answered_as_one_not_with_a_later_sentence))
