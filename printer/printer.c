/* Printers: a transport, a model and the status conversation of its
 * command set.  Asks before printing (state and loaded media, so a job
 * that does not match the roll is refused before a label is wasted),
 * encodes with driver_encode, sends, and waits a bounded time for the
 * printer's "printed" report.  Reopens a USB printer that was unplugged
 * when it comes back.  Not here: encoding (the drivers), byte transport
 * (transport_*.c), parsing status bytes (status.c), the job queue
 * (print_queue.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/printer.h"

#define STATUS_TIMEOUT_MS 2000
#define PRINT_TIMEOUT_MS 20000
/* How often Zebra and DYMO printers are polled while printing. */
#define POLL_MS 250

struct printer {
    struct transport_uri uri;
    struct transport *t; /* NULL while disconnected */
    const struct printer_model *model;
    struct printer_options opt;
    bool media_opt_known;
    struct media media_opt;
    char desc[160];
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000};
    nanosleep(&ts, NULL);
}

const char *printer_describe(const printer *p)
{
    return p->desc;
}

const struct printer_model *printer_get_model(const printer *p)
{
    return p->model;
}

/* Whether this printer can be asked about itself over this transport.
 * Brother and DYMO network models do not answer status requests on port
 * 9100 reliably; Zebra printers do. */
static bool can_ask(const printer *p)
{
    if (p->opt.no_status || p->uri.kind == TRANSPORT_FILE)
        return false;
    if (p->uri.kind == TRANSPORT_TCP)
        return p->model->lang == LANG_ZPL;
    return true;
}

static void set_desc(printer *p)
{
    snprintf(p->desc, sizeof(p->desc), "%s on %s", p->model->name, p->t->where);
    snprintf(p->t->desc, sizeof(p->t->desc), "%s", p->desc);
}

static void drop(printer *p)
{
    transport_close(p->t);
    p->t = NULL;
}

/* Fill *st with `state` and `err` with its sentence; CK_EDEVICE. */
static int fail_state(printer *p, struct printer_status *st,
                      enum printer_state state, const char *what,
                      const struct media *wanted, struct ck_error *err)
{
    st->state = state;
    char msg[sizeof(err->msg)];
    printer_status_message(p->desc, st, p->model, what, wanted, msg,
                           sizeof(msg));
    return ck_fail(err, CK_EDEVICE, "%s", msg);
}

/* A transport failure as a printer state: unplugged, not answering, or
 * another error with the transport's own sentence. */
static int transport_failed(printer *p, struct printer_status *st,
                            const char *what, const struct media *wanted,
                            struct ck_error *err)
{
    enum transport_fault f = p->t ? p->t->fault : TRANSPORT_FAULT_GONE;
    drop(p);
    st->answered = false;
    if (f == TRANSPORT_FAULT_GONE)
        return fail_state(p, st, PRINTER_UNPLUGGED, what, wanted, err);
    if (f == TRANSPORT_FAULT_TIMEOUT)
        return fail_state(p, st, PRINTER_NOT_ANSWERING, what, wanted, err);
    st->state = PRINTER_OTHER_ERROR;
    return err ? err->code : CK_EDEVICE;
}

/* Open the transport again if it was dropped. */
static int reconnect(printer *p, struct printer_status *st, const char *what,
                     const struct media *wanted, struct ck_error *err)
{
    if (p->t)
        return CK_OK;
    struct ck_error e2 = {0};
    int code = transport_open(&p->uri, &p->t, &e2);
    if (code == CK_OK) {
        set_desc(p);
        return CK_OK;
    }
    p->t = NULL;
    st->answered = false;
    if (code == CK_ENOTFOUND && p->uri.kind == TRANSPORT_USB)
        return fail_state(p, st, PRINTER_UNPLUGGED, what, wanted, err);
    if (code == CK_EDEVICE && p->uri.kind == TRANSPORT_TCP)
        return fail_state(p, st, PRINTER_NOT_ANSWERING, what, wanted, err);
    st->state = PRINTER_OTHER_ERROR;
    if (err)
        *err = e2;
    return code;
}

int printer_open(const char *uri, const struct printer_options *opt,
                 printer **out, struct ck_error *err)
{
    *out = NULL;
    printer *p = calloc(1, sizeof(*p));
    if (!p)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    static const struct printer_options none = {0};
    p->opt = opt ? *opt : none;
    p->opt.model = p->opt.media = NULL; /* not kept: the caller owns them */
    if (p->opt.status_timeout_ms <= 0)
        p->opt.status_timeout_ms = STATUS_TIMEOUT_MS;
    if (p->opt.print_timeout_ms <= 0)
        p->opt.print_timeout_ms = PRINT_TIMEOUT_MS;
    int code = transport_uri_parse(uri, &p->uri, err);
    const char *want_model = opt ? opt->model : NULL;
    const struct printer_model *named = NULL;
    if (!code && want_model) {
        named = printer_model_by_name(want_model);
        if (!named) {
            char names[512];
            size_t len = 0;
            names[0] = '\0';
            for (const struct printer_model *m = printer_models;
                 m->name && len + 1 < sizeof(names); m++)
                len += (size_t)snprintf(names + len, sizeof(names) - len,
                                        "%s%s", len ? ", " : "", m->name);
            code = ck_fail(err, CK_EINVAL,
                           "Unknown printer model '%s'; give one of %s.",
                           want_model, names);
        }
    }
    if (!code && opt && opt->media) {
        code = printer_media_parse(opt->media, &p->media_opt, err);
        p->media_opt_known = code == CK_OK;
    }
    if (!code)
        code = transport_open(&p->uri, &p->t, err);
    if (!code) {
        p->model = p->t->model;
        if (named && p->model && named != p->model)
            code = ck_fail(err, CK_EINVAL,
                           "%s is a %s, not a %s; leave out --model or give "
                           "the right one.",
                           p->t->where, p->model->name, named->name);
        else if (named)
            p->model = named;
        else if (!p->model)
            code = ck_fail(err, CK_EINVAL,
                           "Cannot tell which printer model is at %s; give "
                           "it with --model (for example --model QL-800).",
                           p->t->where);
    }
    if (!code && p->uri.kind == TRANSPORT_USB && p->t->usb_serial[0] &&
        !p->uri.usb_serial[0]) {
        /* Find this very unit again after it is unplugged. */
        const struct printer_model *m = p->t->model;
        if (m && m->usb_vendor) {
            p->uri.usb_vendor = m->usb_vendor;
            p->uri.usb_product = m->usb_product;
            snprintf(p->uri.usb_serial, sizeof(p->uri.usb_serial), "%s",
                     p->t->usb_serial);
        }
    }
    if (code) {
        printer_close(p);
        return code;
    }
    set_desc(p);
    *out = p;
    return CK_OK;
}

void printer_close(printer *p)
{
    if (!p)
        return;
    transport_close(p->t);
    free(p);
}

/* Read up to `want` bytes until `deadline`; returns how many came. */
static int read_until(printer *p, uint8_t *buf, size_t want, int64_t deadline,
                      size_t *got, struct ck_error *err)
{
    *got = 0;
    while (*got < want) {
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return CK_OK;
        size_t n;
        int code =
            transport_read(p->t, buf + *got, want - *got, &n, (int)left, err);
        if (code)
            return code;
        *got += n;
    }
    return CK_OK;
}

/* The next 32-byte Brother status before `deadline`.  CK_OK with
 * *answered false when nothing (complete) came. */
static int brother_next(printer *p, int64_t deadline, struct printer_status *st,
                        bool *answered, struct ck_error *err)
{
    uint8_t b[BRO_STATUS_LEN];
    size_t got;
    *answered = false;
    int code = read_until(p, b, sizeof(b), deadline, &got, err);
    if (code)
        return code;
    if (got < sizeof(b))
        return CK_OK;
    struct ck_error perr;
    if (printer_status_parse_brother(b, got, st, &perr)) {
        memset(st, 0, sizeof(*st));
        st->state = PRINTER_OTHER_ERROR;
        st->answered = true;
        snprintf(st->detail, sizeof(st->detail),
                 "a status checkin cannot read");
    }
    *answered = true;
    return CK_OK;
}

static int brother_query(printer *p, struct printer_status *st,
                         struct ck_error *err)
{
    /* Invalidate (a half-received job is discarded), initialise, status
     * request (Brother raster command reference, "ESC i S"). */
    uint8_t cmd[400 + 5];
    size_t zeros = p->model->flags & MODEL_WIDE_HEAD ? 400 : 200;
    memset(cmd, 0, zeros);
    memcpy(cmd + zeros, "\x1b\x40\x1b\x69\x53", 5);
    int64_t deadline = now_ms() + p->opt.status_timeout_ms;
    int code =
        transport_write(p->t, cmd, zeros + 5, p->opt.status_timeout_ms, err);
    if (code)
        return code;
    for (;;) {
        bool answered;
        code = brother_next(p, deadline, st, &answered, err);
        if (code)
            return code;
        if (!answered) {
            p->t->fault = TRANSPORT_FAULT_TIMEOUT;
            return CK_EDEVICE;
        }
        /* Notifications left over from an earlier job come first; the
         * reply to this request is the one with status type 00. */
        if (st->bro_type == BRO_TYPE_REPLY || st->state == PRINTER_OTHER_ERROR)
            return CK_OK;
    }
}

/* Read one Zebra reply ending after `etx_count` ETX (and CR LF). */
static int zpl_reply(printer *p, const char *cmd, int etx_count,
                     int64_t deadline, uint8_t *buf, size_t cap, size_t *len,
                     struct ck_error *err)
{
    *len = 0;
    int code =
        transport_write(p->t, cmd, strlen(cmd), p->opt.status_timeout_ms, err);
    if (code)
        return code;
    int etx = 0;
    while (*len < cap) {
        int64_t left = deadline - now_ms();
        if (left <= 0)
            return CK_OK;
        size_t n;
        code = transport_read(p->t, buf + *len, cap - *len, &n, (int)left, err);
        if (code)
            return code;
        for (size_t i = 0; i < n; i++)
            etx += buf[*len + i] == 0x03;
        *len += n;
        if (etx >= etx_count && *len >= 2 && buf[*len - 1] == '\n')
            return CK_OK;
    }
    return CK_OK;
}

static int zpl_query(printer *p, struct printer_status *st,
                     struct ck_error *err)
{
    uint8_t buf[1024];
    size_t len;
    int half = p->opt.status_timeout_ms / 2;
    int code =
        zpl_reply(p, "~HS", 3, now_ms() + half, buf, sizeof(buf), &len, err);
    if (code)
        return code;
    if (len && !printer_status_parse_zpl_hs(buf, len, st, NULL))
        return CK_OK;
    /* Some firmware does not answer ~HS with the head open or media out;
     * ~HQES still answers. */
    code =
        zpl_reply(p, "~HQES", 1, now_ms() + half, buf, sizeof(buf), &len, err);
    if (code)
        return code;
    if (len && !printer_status_parse_zpl_hqes(buf, len, st, NULL))
        return CK_OK;
    if (!len) {
        p->t->fault = TRANSPORT_FAULT_TIMEOUT;
        return CK_EDEVICE;
    }
    memset(st, 0, sizeof(*st));
    st->state = PRINTER_OTHER_ERROR;
    st->answered = true;
    snprintf(st->detail, sizeof(st->detail), "a status checkin cannot read");
    return CK_OK;
}

static int dymo_query(printer *p, struct printer_status *st,
                      struct ck_error *err)
{
    /* ESC A: one status byte (LabelWriter 450 technical reference). */
    int code =
        transport_write(p->t, "\x1b\x41", 2, p->opt.status_timeout_ms, err);
    if (code)
        return code;
    uint8_t b;
    size_t got;
    code = read_until(p, &b, 1, now_ms() + p->opt.status_timeout_ms, &got, err);
    if (code)
        return code;
    if (!got) {
        p->t->fault = TRANSPORT_FAULT_TIMEOUT;
        return CK_EDEVICE;
    }
    if (printer_status_parse_dymo(&b, 1, st, NULL)) {
        memset(st, 0, sizeof(*st));
        st->state = PRINTER_OTHER_ERROR;
        st->answered = true;
        snprintf(st->detail, sizeof(st->detail),
                 "a status checkin cannot read");
    }
    return CK_OK;
}

/* Ask, without turning the answer into a sentence.  CK_OK: *st holds the
 * answer; otherwise the transport failed or nothing came (t->fault). */
static int ask(printer *p, struct printer_status *st, struct ck_error *err)
{
    switch (p->model->lang) {
    case LANG_BROTHER_QL:
        return brother_query(p, st, err);
    case LANG_ZPL:
        return zpl_query(p, st, err);
    case LANG_DYMO_LW:
        return dymo_query(p, st, err);
    }
    return ck_fail(err, CK_EINVAL, "Unknown printer language.");
}

/* printer_query with the job's words for the sentence. */
static int query(printer *p, const char *what, const struct media *wanted,
                 struct printer_status *st, struct ck_error *err)
{
    memset(st, 0, sizeof(*st));
    st->state = PRINTER_READY;
    int code = reconnect(p, st, what, wanted, err);
    if (code)
        return code;
    if (!can_ask(p)) {
        st->answered = false;
        st->media_known = p->media_opt_known;
        st->media = p->media_opt;
        return CK_OK;
    }
    struct ck_error terr = {0};
    code = ask(p, st, &terr);
    if (code) {
        if (err)
            *err = terr;
        return transport_failed(p, st, what, wanted, err);
    }
    if (printer_state_is_fault(st->state))
        return fail_state(p, st, st->state, what, wanted, err);
    return CK_OK;
}

int printer_query(printer *p, struct printer_status *st, struct ck_error *err)
{
    return query(p, NULL, NULL, st, err);
}

/* Brother: read notifications until the pages are reported printed. */
static int brother_wait(printer *p, size_t npages, int64_t deadline,
                        struct printer_status *st, struct ck_error *err)
{
    size_t completed = 0;
    for (;;) {
        bool answered;
        int code = brother_next(p, deadline, st, &answered, err);
        if (code)
            return code;
        if (!answered) {
            p->t->fault = TRANSPORT_FAULT_TIMEOUT;
            return CK_EDEVICE;
        }
        if (printer_state_is_fault(st->state))
            return CK_OK;
        if (st->bro_type == BRO_TYPE_PRINTED && ++completed >= npages)
            break;
        /* Back to receiving after at least one page: the job is done even
         * if the printer reports pages in fewer notifications. */
        if (completed && st->bro_type == BRO_TYPE_PHASE &&
            st->bro_phase == BRO_PHASE_RECEIVING)
            break;
    }
    st->state = PRINTER_PRINTED;
    return CK_OK;
}

/* Zebra and DYMO: poll until the printer is idle again, having seen it
 * busy or having waited a second (a format may not be counted at once). */
static int poll_wait(printer *p, int64_t deadline, struct printer_status *st,
                     struct ck_error *err)
{
    int64_t start = now_ms();
    bool seen_busy = false;
    while (now_ms() < deadline) {
        sleep_ms(POLL_MS);
        int code = ask(p, st, err);
        if (code)
            return code;
        if (printer_state_is_fault(st->state))
            return CK_OK;
        if (st->state == PRINTER_PRINTING) {
            seen_busy = true;
            continue;
        }
        if (seen_busy || now_ms() - start >= 1000) {
            st->state = PRINTER_PRINTED;
            return CK_OK;
        }
    }
    p->t->fault = TRANSPORT_FAULT_TIMEOUT;
    return CK_EDEVICE;
}

int printer_print(printer *p, const struct print_request *req,
                  struct printer_status *st, bool *sent, struct ck_error *err)
{
    *sent = false;
    const char *what = req->what ? req->what : "the label";
    if (!req->pages || req->npages == 0) {
        memset(st, 0, sizeof(*st));
        st->state = PRINTER_OTHER_ERROR;
        return ck_fail(err, CK_EINVAL, "Nothing to print: %s has no pages.",
                       what);
    }
    int code = query(p, what, req->media, st, err);
    if (code)
        return code;
    if (st->state == PRINTER_PRINTING)
        return fail_state(p, st, PRINTER_PRINTING, what, req->media, err);

    const struct media *loaded = st->media_known      ? &st->media
                                 : p->media_opt_known ? &p->media_opt
                                                      : NULL;
    const struct media *wanted = req->media ? req->media : loaded;
    if (!wanted)
        return ck_fail(err, CK_EINVAL,
                       "%s cannot say which labels are loaded; give the "
                       "media with --media (for example --media 62 or "
                       "--media 62x100).",
                       p->desc);
    if (loaded && !printer_media_equal(loaded, wanted)) {
        st->media_known = true;
        st->media = *loaded;
        return fail_state(p, st, PRINTER_WRONG_MEDIA, what, wanted, err);
    }

    struct bytebuf job = {0};
    code = driver_encode(p->model, wanted, req->pages, req->npages,
                         &p->opt.print, &job, err);
    if (code) {
        st->state = PRINTER_OTHER_ERROR;
        goto out_free;
    }
    if (req->on_send) {
        code = req->on_send(req->ctx, err);
        if (code)
            goto out_free;
    }
    *sent = true;
    /* Generous for full-speed USB and slow networks: 100 kB/s. */
    int write_ms = 5000 + (int)(job.len / 100);
    code = transport_write(p->t, job.data, job.len, write_ms, err);
    if (code) {
        code = transport_failed(p, st, what, wanted, err);
        goto out_free;
    }
    if (!can_ask(p)) {
        st->state = PRINTER_SENT;
        goto out_free;
    }
    int64_t deadline = now_ms() + p->opt.print_timeout_ms;
    struct ck_error terr = {0};
    if (p->model->lang == LANG_BROTHER_QL)
        code = brother_wait(p, req->npages, deadline, st, &terr);
    else
        code = poll_wait(p, deadline, st, &terr);
    if (code) {
        bool timeout = p->t && p->t->fault == TRANSPORT_FAULT_TIMEOUT;
        if (err)
            *err = terr;
        code = transport_failed(p, st, what, wanted, err);
        if (timeout) {
            char msg[sizeof(err->msg)];
            snprintf(msg, sizeof(msg),
                     "%s did not report %s printed within %d s. Check the "
                     "printer and whether a label came out, then press "
                     "Enter.",
                     p->desc, what, (p->opt.print_timeout_ms + 999) / 1000);
            code = ck_fail(err, CK_EDEVICE, "%s", msg);
        }
    } else if (printer_state_is_fault(st->state)) {
        code = fail_state(p, st, st->state, what, wanted, err);
    }
out_free:
    bytebuf_free(&job);
    return code;
}
