/* Private to web/: a sponsor's booth on its own phone (booth.c), and what
 * the station's server (station_server.c) lends it: its queue to the
 * station loop and the wait for an answer. */
#ifndef CHECKIN_WEB_BOOTH_PRIV_H
#define CHECKIN_WEB_BOOTH_PRIV_H

#include <jansson.h>
#include <stdbool.h>
#include <stdint.h>

#include "checkin/web_station.h"
#include "http_priv.h"

#define WEB_BOOTH_COOKIE "checkin_booth"
/* The sentence a booth's CSV comes with, for its page to show: how many
 * leads it lists and counts, or why it has no contact details and what
 * to do. */
#define WEB_BOOTH_NOTE_HEADER "Checkin-Leads-Note"

struct web_booths;

/* An empty set of booths; NULL when out of memory.  Freed with
 * web_booths_free (accepts NULL). */
struct web_booths *web_booths_new(void);
void web_booths_free(struct web_booths *b);
int web_booths_set(struct web_booths *b, const struct web_booth *list, size_t n,
                   struct ck_error *err) CK_MUST_CHECK;

/* Whether `url` is a booth's page or API (/booth, /booth/..., /api/booth/). */
bool web_booth_url(const char *url);

/* Whether the request's checkin_booth cookie is a booth's token: such a
 * request is refused everything but the booth's own. */
bool web_booth_cookie(struct web_booths *b, struct MHD_Connection *c);

/* Answer a request to a booth's URL (as an MHD access handler does;
 * `cls` is what *req is set to for a GET). */
enum MHD_Result web_booth_handle(web_station *ws, struct web_booths *b,
                                 const struct web_listener *l, void *cls,
                                 struct MHD_Connection *c, const char *url,
                                 const char *method, const char *upload,
                                 size_t *upload_size, void **req);

/* station_server.c: queue `in` (a booth's request, or a phone's code with
 * its read's id, read_id; "" for none) for the station loop and wait for
 * its answer; or, when this booth (in->booth, "" for the station's own
 * /scan) sent that read already, the answer it got (waiting for it if
 * still being decided), and then queues the read as WEB_INPUT_REPEAT
 * for the station's screens to say so.  *json is the answer (malloc'd), NULL
 * when none came in time; returns the sentence when the queue is full, else
 * NULL. */
const char *web_station_ask(web_station *ws, struct web_station_input *in,
                            const char *read_id, char **json /* out */);

/* station_server.c: the booth's CSV with contact details through the
 * function web_station_set_booth_csv gave, on this (the phone's
 * connection's) thread; an error with an empty sentence when none was
 * given (a station at no hub). */
int web_station_booth_csv(web_station *ws, const char *sponsor, FILE *out,
                          char *said, size_t said_cap,
                          struct ck_error *err) CK_MUST_CHECK;

/* station_server.c: at a sprint station (web_station_set_lead_links),
 * have the station loop read its leads' links again and serve them (a
 * link printed or revoked while it runs), waiting for it; false when it
 * was not asked (not a sprint station, or asked within the last moment)
 * or did not answer in time. */
bool web_station_leads_again(web_station *ws);

/* station_server.c: whether web_station_set_booth_csv gave a function
 * (a station at a hub), without calling it. */
bool web_station_has_booth_csv(web_station *ws);

/* A phone's read's "read_id", "read_at_ms" and "sent_at_ms" from its JSON
 * object into `in` (each may be absent: "" and 0); the sentence for a
 * malformed one. */
const char *web_read_take(json_t *o, char id[WEB_READ_ID_MAX + 1],
                          struct web_station_input *in /* out */);

/* web_reply, and the station's cooldown in WEB_COOLDOWN_HEADER when it
 * was told one (web_station_set_cooldown): a phone's page keeps the codes
 * it reads offline by it. */
enum MHD_Result web_reply_scan(web_station *ws, struct MHD_Connection *c,
                               unsigned status, const char *type,
                               const void *body, size_t len,
                               enum MHD_ResponseMemoryMode mode);

#endif
