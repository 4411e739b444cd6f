/* Repeat suppression on source time (see debounce.h).  A handful of codes
 * are in view at once at most, so a small table scanned linearly is the
 * whole data structure.  Not a rate limiter for different codes. */
#include <stdlib.h>
#include <string.h>

#include "checkin/debounce.h"

#define SLOTS 32
#define CODE_MAX 512

struct seen {
    bool used;
    size_t len;
    int64_t last_ms;
    uint8_t code[CODE_MAX];
};

struct debounce {
    int64_t cooldown_ms;
    struct seen slot[SLOTS];
};

int debounce_new(int64_t cooldown_ms, debounce **out, struct ck_error *err)
{
    *out = NULL;
    if (cooldown_ms <= 0)
        return ck_fail(err, CK_EINVAL,
                       "The repeat cooldown must be more than 0 ms.");
    debounce *d = calloc(1, sizeof(*d));
    if (!d)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    d->cooldown_ms = cooldown_ms;
    *out = d;
    return CK_OK;
}

void debounce_free(debounce *d)
{
    free(d);
}

void debounce_reset(debounce *d)
{
    debounce_reset_but(d, NULL, 0);
}

void debounce_reset_but(debounce *d, const uint8_t *code, size_t len)
{
    size_t keep = len < CODE_MAX ? len : CODE_MAX;
    for (int i = 0; i < SLOTS; i++) {
        struct seen *s = &d->slot[i];
        if (!code || s->len != len || memcmp(s->code, code, keep))
            s->used = false;
    }
}

bool debounce_seen(debounce *d, const uint8_t *code, size_t len, int64_t t_ms)
{
    /* Codes longer than any badge or secret are compared on their first
     * CODE_MAX bytes and length: a collision only merges two repeats. */
    size_t keep = len < CODE_MAX ? len : CODE_MAX;
    struct seen *free_slot = NULL, *oldest = NULL;
    for (int i = 0; i < SLOTS; i++) {
        struct seen *s = &d->slot[i];
        if (s->used && t_ms - s->last_ms >= d->cooldown_ms)
            s->used = false;
        if (!s->used) {
            if (!free_slot)
                free_slot = s;
            continue;
        }
        if (s->len == len && !memcmp(s->code, code, keep)) {
            /* A sighting a cooldown or more before the last (a phone's
             * read sent late, arriving after a later one) is a
             * presentation of its own; the last sighting stays, so a
             * late read never moves the cooldown back. */
            if (s->last_ms - t_ms >= d->cooldown_ms)
                return true;
            if (t_ms > s->last_ms)
                s->last_ms = t_ms;
            return false;
        }
        if (!oldest || s->last_ms < oldest->last_ms)
            oldest = s;
    }
    struct seen *s = free_slot ? free_slot : oldest;
    s->used = true;
    s->len = len;
    s->last_ms = t_ms;
    memcpy(s->code, code, keep);
    return true;
}
