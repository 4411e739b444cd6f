/* A sprint project lead's page and CSV, and the leads' links served
 * (display_web_sprint.c), for display_web.c and station_runtime.c. */
#ifndef CHECKIN_DISPLAY_WEB_SPRINT_H
#define CHECKIN_DISPLAY_WEB_SPRINT_H

#include <jansson.h>
#include <stdbool.h>

#include "checkin/station.h"
#include "checkin/web_station.h"

/* Project `slug`'s lead's page of who came, {"html": ...}, or its CSV
 * (`csv`), {"csv": ...}; {"message": why not}; NULL out of memory. */
json_t *display_sprint_lead(station *st, const char *slug, bool csv);

/* A sprint station's projects for its page's buttons (issue 56 item 2):
 * [{"slug", "title", "room", "now": the one checked in to now}], by
 * slug; [] when it cannot read them. */
json_t *display_sprint_projects(const station *st);

/* Serve a sprint station's leads' links on `ws` as they are in its file
 * now (web_station_set_booths); with `token`, *current says whether it
 * is still project `slug`'s (not revoked since; NULL: not asked). */
int display_sprint_serve_links(station *st, web_station *ws, const char *slug,
                               const char *token, bool *current,
                               struct ck_error *err) CK_MUST_CHECK;

#endif
