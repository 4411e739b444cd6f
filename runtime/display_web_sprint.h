/* A sprint project lead's page and CSV (display_web_sprint.c), for
 * display_web.c only. */
#ifndef CHECKIN_DISPLAY_WEB_SPRINT_H
#define CHECKIN_DISPLAY_WEB_SPRINT_H

#include <jansson.h>
#include <stdbool.h>

#include "checkin/station.h"

/* Project `slug`'s lead's page of who came, {"html": ...}, or its CSV
 * (`csv`), {"csv": ...}; {"message": why not}; NULL out of memory. */
json_t *display_sprint_lead(station *st, const char *slug, bool csv);

/* A sprint station's projects for its page's buttons (issue 56 item 2):
 * [{"slug", "title", "room", "now": the one checked in to now}], by
 * slug; [] when it cannot read them. */
json_t *display_sprint_projects(const station *st);

#endif
