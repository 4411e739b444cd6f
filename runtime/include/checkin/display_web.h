/* The station's web screen as a display (display.h): each result, print
 * outcome, message, header and search list published to the pages of a
 * web_station (web_station.h) as JSON, and what a volunteer does on a page
 * taken as the display's input.  See docs/web.md. */
#ifndef CHECKIN_DISPLAY_WEB_H
#define CHECKIN_DISPLAY_WEB_H

#include "checkin/display.h"
#include "checkin/web_station.h"

/* A display on `ws` (which must outlive it; not freed with it).  `kiosk`:
 * what an attendee may see of their own check-in and nothing else: the
 * verdict, a greeting by first name, one sentence (go to the desk, or take
 * the labels), the print state; no other field, no header, no search
 * list, no messages meant for staff. */
int display_web_new(web_station *ws, bool kiosk, display **out /* out */,
                    struct ck_error *err) CK_MUST_CHECK;

/* The station whose booths' requests (the expo hall's, web_station.h)
 * the display answers on the loop's thread; without one, or for another
 * kind of station, each is refused with a sentence. */
void display_web_set_station(display *d, station *st);

/* Whether the desk prints on a worker and keeps a label-stock forecast
 * (issue 30): its page then offers "New roll..." beside the forecast,
 * posting {"kind":"roll","number":N} as the terminal's Ctrl-L says it. */
void display_web_set_roll(display *d, bool roll);

/* The JSON object a page gets for decision `r` (malloc'd; NULL when out of
 * memory). */
char *display_web_result_json(const struct station_result *r);

#endif
