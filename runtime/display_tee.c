/* See display_tee_new in display.h. */
#include <stdlib.h>

#include "checkin/display.h"
#include "checkin/util.h"

struct tee {
    display base;
    display *a, *b;
};

static void t_show(display *d, const struct station_result *r)
{
    struct tee *t = (struct tee *)d;
    t->a->ops->show(t->a, r);
    t->b->ops->show(t->b, r);
}

static void t_printed(display *d, const struct station_result *r)
{
    struct tee *t = (struct tee *)d;
    t->a->ops->printed(t->a, r);
    t->b->ops->printed(t->b, r);
}

static void t_status(display *d, const station *st)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->status)
        t->a->ops->status(t->a, st);
    if (t->b->ops->status)
        t->b->ops->status(t->b, st);
}

static void t_results(display *d, const struct attendee_list *l)
{
    struct tee *t = (struct tee *)d;
    t->a->ops->results(t->a, l);
    t->b->ops->results(t->b, l);
}

static void t_message(display *d, const char *text)
{
    struct tee *t = (struct tee *)d;
    t->a->ops->message(t->a, text);
    t->b->ops->message(t->b, text);
}

static void t_link(display *d, const struct display_link *l)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->link)
        t->a->ops->link(t->a, l);
    if (t->b->ops->link)
        t->b->ops->link(t->b, l);
}

/* Input from either: the second without waiting, then the first for at
 * most 20 ms at a time, until something comes or `timeout_ms` passes. */
static int t_poll(display *d, int timeout_ms, struct display_event *ev)
{
    struct tee *t = (struct tee *)d;
    int64_t until = util_mono_ms() + timeout_ms;
    for (;;) {
        int code = t->b->ops->poll(t->b, 0, ev);
        if (code || ev->kind != DISPLAY_NONE)
            return code;
        int64_t left = until - util_mono_ms();
        code = t->a->ops->poll(t->a,
                               left > 20  ? 20
                               : left > 0 ? (int)left
                                          : 0,
                               ev);
        if (code || ev->kind != DISPLAY_NONE || left <= 0)
            return code;
    }
}

static void t_free(display *d)
{
    struct tee *t = (struct tee *)d;
    display_free(t->a);
    display_free(t->b);
    free(t);
}

static void t_notice(display *d, const char *text)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->notice)
        t->a->ops->notice(t->a, text);
    if (t->b->ops->notice)
        t->b->ops->notice(t->b, text);
}

static void t_stock(display *d, const char *text)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->stock)
        t->a->ops->stock(t->a, text);
    if (t->b->ops->stock)
        t->b->ops->stock(t->b, text);
}

static void t_refused(display *d, enum display_event_kind kind,
                      const char *text)
{
    struct tee *t = (struct tee *)d;
    display_refused(t->a, kind, text);
    display_refused(t->b, kind, text);
}

/* Both screens' fds; -1 when either cannot be slept on. */
static int t_wait_fds(display *d, struct pollfd *fds, int cap)
{
    struct tee *t = (struct tee *)d;
    if (!t->a->ops->wait_fds || !t->b->ops->wait_fds)
        return -1;
    int n = t->a->ops->wait_fds(t->a, fds, cap);
    if (n < 0)
        return -1;
    int m = t->b->ops->wait_fds(t->b, fds + n, cap - n);
    return m < 0 ? -1 : n + m;
}

static void t_corrected(display *d, int64_t attendee_id, const char *name,
                        const char *was, const char *text)
{
    struct tee *t = (struct tee *)d;
    display_corrected(t->a, attendee_id, name, was, text);
    display_corrected(t->b, attendee_id, name, was, text);
}

static void t_settled(display *d)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->settled)
        t->a->ops->settled(t->a);
    if (t->b->ops->settled)
        t->b->ops->settled(t->b);
}

static void t_again(display *d, const struct station_result *r)
{
    struct tee *t = (struct tee *)d;
    if (t->a->ops->again)
        t->a->ops->again(t->a, r);
    if (t->b->ops->again)
        t->b->ops->again(t->b, r);
}

static const struct display_ops TEE_OPS = {
    t_show,    t_printed,  t_status,    t_results, t_message,
    t_poll,    t_free,     t_link,      t_notice,  t_stock,
    t_refused, t_wait_fds, t_corrected, t_settled, t_again};

/* Two screens neither of which has a header (--json and the stop
 * display): none, so that the station loop counts at the next decision
 * rather than after each pull (display_ops.status). */
static const struct display_ops TEE_OPS_NO_HEADER = {
    t_show,    t_printed,  NULL,        t_results, t_message,
    t_poll,    t_free,     t_link,      t_notice,  t_stock,
    t_refused, t_wait_fds, t_corrected, t_settled, t_again};

int display_tee_new(display *a, display *b, display **out, struct ck_error *err)
{
    struct tee *t = calloc(1, sizeof(*t));
    if (!t) {
        display_free(a);
        display_free(b);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    t->base.ops =
        a->ops->status || b->ops->status ? &TEE_OPS : &TEE_OPS_NO_HEADER;
    t->a = a;
    t->b = b;
    *out = &t->base;
    return CK_OK;
}
