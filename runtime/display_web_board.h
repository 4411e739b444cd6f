/* The open spaces' board on the web screen (display_web_board.c), for
 * display_web.c only. */
#ifndef CHECKIN_DISPLAY_WEB_BOARD_H
#define CHECKIN_DISPLAY_WEB_BOARD_H

#include <jansson.h>
#include <stdint.h>

#include "checkin/station.h"

/* The board of `st` (STATION_TRAIT_BOARD) at `now_ms` as the page draws
 * it, or {"message": why not}; never NULL but out of memory. */
json_t *display_board_json(station *st, int64_t now_ms);

/* A claim of the page's form (its JSON: "room", "slot", "title") by the
 * host the board scanned last: {"claimed": bool, "text": its sentence,
 * "board": the board after it}. */
json_t *display_board_claim(station *st, const char *form, int64_t now_ms);

#endif
