/* A desk station with its web screen, for the tests that post to it as
 * the page does (test_questions, test_questions_hub): `checkin scan
 * --station desk --keyboard --json --web 127.0.0.1:0`, its JSON lines in
 * web.out and its sentences in web.err under the test's folder. */
#ifndef CHECKIN_TESTS_WEB_DESK_H
#define CHECKIN_TESTS_WEB_DESK_H

#include <stdbool.h>

#include "testutil.h"

struct web_desk {
    struct tu_proc p;
    int port;
    char token[80];
    char url[256]; /* the screen's link, token and all */
};

/* Start the desk on event file `db` (named `name`, or the default when
 * NULL) and read its screen's link; whether it printed one (a failure
 * is recorded when not).  The caller stops `w->p`. */
bool web_desk_start(struct web_desk *w, const char *db, const char *name);

/* The same for a station of kind `station` ("door:entry"). */
bool web_station_start(struct web_desk *w, const char *db, const char *station,
                       const char *name);

/* Show code `code` of ticket `ticket` (in file `db`) to the station,
 * wait for it to ask its questions (reason "question") and answer them
 * with `answers` (a JSON object) as the page posts them; whether it
 * asked (a failure is recorded when not). */
bool web_desk_answer(struct web_desk *w, const char *db, const char *ticket,
                     const char *code, const char *answers);

/* POST `json` to the screen's /api/input with the station's cookie, as
 * the page does; expects 200. */
void web_desk_post(struct web_desk *w, const char *json);

/* Wait until the test folder's `file` holds `text`; whether it did (a
 * failure naming both is recorded when not). */
bool web_desk_file_gets(const char *file, const char *text);

#endif
