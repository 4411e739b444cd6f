/* A one-line progress bar for long operations (imports, batch renders) on
 * a terminal; silent when the stream is not a terminal, so logs and pipes
 * stay clean. */
#ifndef CHECKIN_PROGRESS_H
#define CHECKIN_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct progress {
    FILE *out;
    const char *label;
    bool enabled;
    int last_permille;
    int64_t started_ms;
};

/* Start a bar labelled `label` on `out` (enabled only if `out` is a tty). */
void progress_start(struct progress *p, FILE *out, const char *label);
/* Redraw if at least 0.5% more is done; cheap to call often. */
void progress_update(struct progress *p, uint64_t done, uint64_t total);
/* Erase the bar. */
void progress_end(struct progress *p);

#endif
