/* The auction's pay desk's win on the web screen
 * (display_web_auction.c), for display_web.c only. */
#ifndef CHECKIN_DISPLAY_WEB_AUCTION_H
#define CHECKIN_DISPLAY_WEB_AUCTION_H

#include <jansson.h>
#include <stdint.h>

#include "checkin/station.h"

/* A win typed on the pay desk's screen (its form's JSON: "lot",
 * "paddle", "amount", each as typed) recorded at `now_ms`: {"won": bool,
 * "text": its sentence, "wins": the last wins, newest first}. */
json_t *display_auction_win(station *st, const char *form, int64_t now_ms);

#endif
