/* A station's web screen and the loop's wake-up (issue 32): the loop
 * sleeps in one poll(2) and takes one page input a turn, and some inputs
 * make no screen event, so while inputs wait its wake fd must stay
 * readable.  The server runs in this process (web/station_server.c) on
 * loopback; inputs are real HTTP POSTs to it; the wake fd is a real
 * eventfd, read as the loop reads it. */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "checkin/web_station.h"
#include "testutil.h"

/* Whether `fd` is readable now. */
static bool readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1 && (p.revents & POLLIN);
}

/* Post code `text` to the station's /api/input as its page would. */
static void post_code(int port, const char *token, const char *text)
{
    char extra[300], body[100];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n"
             "Content-Type: application/json\r\n",
             port, token);
    snprintf(body, sizeof(body), "{\"kind\":\"code\",\"text\":\"%s\"}", text);
    char *head = NULL, *resp = NULL;
    EXPECT_INT(tu_http(port, "POST", "/api/input", extra, body, &head, &resp),
               200);
    free(head);
    free(resp);
}

/* Two inputs queued behind one wake-up: the loop drains its wake fd,
 * takes the first, and finds the fd readable again for the second (it
 * was not: 9f9f8df); once the last is taken, the fd stays quiet. */
static void a_second_queued_input_keeps_the_loop_awake(void)
{
    struct ck_error err = {0};
    web_station *ws = NULL;
    REQUIRE(web_station_start("127.0.0.1:0", false, &ws, &err) == 0);
    int wake = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    REQUIRE(wake >= 0);
    web_station_wake(ws, wake);
    struct tu_link link;
    REQUIRE(tu_find_link(web_station_url(ws), "http://", &link));

    post_code(link.port, link.token, "FIRST");
    post_code(link.port, link.token, "SECOND");
    /* Both answered 200, so both are queued: the loop wakes and drains. */
    eventfd_t n = 0;
    EXPECT_INT(eventfd_read(wake, &n), 0);
    EXPECT_INT((int)n, 2);
    EXPECT_TRUE(!readable(wake));

    struct web_station_input in;
    REQUIRE(web_station_input(ws, 0, &in));
    EXPECT_STR(in.text, "FIRST");
    EXPECT_TRUE(readable(wake));
    EXPECT_INT(eventfd_read(wake, &n), 0);
    REQUIRE(web_station_input(ws, 0, &in));
    EXPECT_STR(in.text, "SECOND");
    EXPECT_TRUE(!readable(wake));
    EXPECT_TRUE(!web_station_input(ws, 0, &in));

    web_station_stop(ws);
    close(wake);
}

TU_MAIN(TU_CASE(a_second_queued_input_keeps_the_loop_awake))
