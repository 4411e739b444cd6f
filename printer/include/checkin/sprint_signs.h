/* The sprint projects' table signs (issue 56 item 2, docs/sprints.md):
 * one A4 page a project, its title large, its room and its QR code
 * ("checkin-sprint:SLUG"), which a sprint station scans to check people
 * in to that project. */
#ifndef CHECKIN_SPRINT_SIGNS_H
#define CHECKIN_SPRINT_SIGNS_H

#include <stddef.h>

#include "checkin/error.h"

struct sprint_sign {
    const char *slug, *title, *room;
};

/* Write `n` signs to the PDF `path`, whole or not at all. */
int sprint_signs_write(const char *path, const struct sprint_sign *signs,
                       size_t n, struct ck_error *err) CK_MUST_CHECK;

#endif
