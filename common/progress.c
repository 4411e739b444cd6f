/* Terminal progress bar; see progress.h.  Draws with a carriage return so
 * it never scrolls, and erases itself at the end. */
#include <time.h>
#include <unistd.h>

#include "checkin/progress.h"

/* Milliseconds on the monotonic clock: a bar measures a duration. */
static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void progress_start(struct progress *p, FILE *out, const char *label)
{
    p->out = out;
    p->label = label;
    p->enabled = isatty(fileno(out)) == 1;
    p->last_permille = -1;
    p->started_ms = mono_ms();
}

void progress_update(struct progress *p, uint64_t done, uint64_t total)
{
    if (!p->enabled || total == 0)
        return;
    int permille = (int)(done * 1000 / total);
    if (permille > 1000)
        permille = 1000;
    if (p->last_permille >= 0 && permille - p->last_permille < 5 &&
        permille != 1000)
        return;
    p->last_permille = permille;
    enum { WIDTH = 30 };
    char bar[WIDTH + 1];
    int fill = permille * WIDTH / 1000;
    for (int i = 0; i < WIDTH; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[WIDTH] = '\0';
    fprintf(p->out, "\r%s [%s] %3d%%", p->label, bar, permille / 10);
    fflush(p->out);
}

void progress_end(struct progress *p)
{
    if (p->enabled && p->last_permille >= 0) {
        fprintf(p->out, "\r\033[K");
        fflush(p->out);
    }
}
