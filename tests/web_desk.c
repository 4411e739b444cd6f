/* See web_desk.h. */
#include "web_desk.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

bool web_desk_start(struct web_desk *w, const char *db, const char *name)
{
    return web_station_start(w, db, "desk", name);
}

bool web_station_start(struct web_desk *w, const char *db, const char *station,
                       const char *name)
{
    memset(w, 0, sizeof(*w));
    unlink(tu_path("web.out"));
    unlink(tu_path("web.err"));
    const char *cmd =
        tu_format("exec '%s' scan '%s' --station %s%s%s --keyboard --json "
                  "--cooldown 0.05 --web 127.0.0.1:0 >'%s' 2>'%s'",
                  CHECKIN_BIN, db, station, name ? " --name " : "",
                  name ? name : "", tu_path("web.out"), tu_path("web.err"));
    if (!tu_spawn(&w->p, cmd, TU_PIPE_IN))
        return false;
    char *err =
        tu_wait_file(tu_path("web.err"), "Station screen: http://", 20000);
    struct tu_link link;
    if (tu_find_link(err, "Station screen: ", &link)) {
        w->port = link.port;
        snprintf(w->token, sizeof(w->token), "%s", link.token);
        snprintf(w->url, sizeof(w->url), "%s", link.url);
    }
    if (!w->port || !w->token[0])
        TU_FAIL_AT("the station did not print its link: %s", err ? err : "");
    free(err);
    return w->port > 0 && w->token[0];
}

void web_desk_post(struct web_desk *w, const char *json)
{
    char extra[300];
    snprintf(extra, sizeof(extra),
             "Host: 127.0.0.1:%d\r\nCookie: checkin_station=%s\r\n", w->port,
             w->token);
    char *head = NULL, *body = NULL;
    EXPECT_INT(
        tu_http(w->port, "POST", "/api/input", extra, json, &head, &body), 200);
    free(head);
    free(body);
}

bool web_desk_file_gets(const char *file, const char *text)
{
    char *got = tu_wait_file(tu_path(file), text, 20000);
    bool has = got && strstr(got, text);
    free(got);
    if (!has)
        TU_FAIL_AT("%s never said \"%s\"", file, text);
    return has;
}

bool web_desk_answer(struct web_desk *w, const char *db, const char *ticket,
                     const char *code, const char *answers)
{
    int64_t id = tu_sql_int(
        db,
        tu_format("SELECT id FROM attendee WHERE ticket_id = '%s'", ticket));
    if (write(w->p.in, tu_format("%s\n", code), strlen(code) + 1) <= 0 ||
        !web_desk_file_gets("web.out", "\"reason\":\"question\""))
        return false;
    web_desk_post(w, tu_format("{\"kind\":\"answer\",\"id\":%lld,"
                               "\"answers\":%s}",
                               (long long)id, answers));
    return true;
}
