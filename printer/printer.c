/* Printers: a transport, a model and the status conversation of its
 * command set.  Asks before printing (state and loaded media, so a job
 * that does not match the roll is refused before a label is wasted),
 * encodes with driver_encode, sends, and waits a bounded time for the
 * printer's "printed" report.  Reopens a USB printer that was unplugged
 * when it comes back.  What differs between printer families (the status
 * conversation, what a fault means for the job) is each family's table
 * (family.h); this file holds what is the same for all of them.  Not
 * here: encoding (the drivers), byte transport (transport_*.c), parsing
 * status bytes (status.c), the job queue (print_queue.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "checkin/printer.h"
#include "checkin/util.h"
#include "family.h"

#define STATUS_TIMEOUT_MS 2000
#define PRINT_TIMEOUT_MS 20000
/* How often printers that only answer when asked are polled while
 * printing (Zebra, DYMO). */
#define POLL_MS 250

struct printer {
    struct transport_uri uri;
    struct transport *t; /* NULL while disconnected */
    const struct printer_model *model;
    struct printer_options opt;
    bool media_opt_known;
    struct media media_opt;
    char desc[160];
    const struct printer_family *family; /* of `model` */
    /* The family's flags between calls (printer_link.flags). */
    unsigned family_flags;
};

void printer_sleep_ms(int ms)
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

/* Whether this printer can be asked about itself over this transport
 * (over TCP only some families answer, family.h). */
static bool can_ask(const printer *p)
{
    if (p->opt.no_status || p->uri.kind == TRANSPORT_FILE)
        return false;
    if (p->uri.kind == TRANSPORT_TCP)
        return p->family->answers_over_tcp;
    return true;
}

/* Whether everything in the printer's buffer is ours.  Over USB the
 * interface is claimed; a network printer may hold other stations' jobs
 * (a Zebra's formats, which ~JA would cancel too). */
static bool ours_alone(const printer *p)
{
    return p->uri.kind == TRANSPORT_USB;
}

/* What the family's callbacks get for one call (family.h). */
static struct printer_link link_of(printer *p)
{
    return (struct printer_link){
        .family = p->family,
        .t = p->t,
        .model = p->model,
        .opt = &p->opt,
        .ours_alone = ours_alone(p),
        .flags = &p->family_flags,
    };
}

void printer_status_unreadable(struct printer_status *st)
{
    memset(st, 0, sizeof(*st));
    st->state = PRINTER_OTHER_ERROR;
    st->answered = true;
    st->detail = PRINTER_DETAIL_UNREADABLE;
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
                      enum printer_state state, const struct media *wanted,
                      struct ck_error *err)
{
    st->state = state;
    (void)printer_status_fail(p->desc, st, p->model, wanted, err);
    return CK_EDEVICE;
}

/* A network printer whose connection was closed or reset is not
 * unplugged: it is not answering (restarting, switched off, crashed). */
static bool on_network(const printer *p)
{
    return p->uri.kind == TRANSPORT_TCP;
}

/* A transport failure as a printer state: unplugged, not answering, or
 * another error with the transport's own sentence. */
static int transport_failed(printer *p, struct printer_status *st,
                            const struct media *wanted, struct ck_error *err)
{
    enum transport_fault f = p->t ? p->t->fault : TRANSPORT_FAULT_GONE;
    drop(p);
    st->answered = false;
    if (f == TRANSPORT_FAULT_GONE && !on_network(p))
        return fail_state(p, st, PRINTER_UNPLUGGED, wanted, err);
    if (f == TRANSPORT_FAULT_GONE || f == TRANSPORT_FAULT_TIMEOUT)
        return fail_state(p, st, PRINTER_NOT_ANSWERING, wanted, err);
    st->state = PRINTER_OTHER_ERROR;
    return err ? err->code : CK_EDEVICE;
}

/* Open the transport again if it was dropped. */
static int reconnect(printer *p, struct printer_status *st,
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
        return fail_state(p, st, PRINTER_UNPLUGGED, wanted, err);
    if (code == CK_EDEVICE && p->uri.kind == TRANSPORT_TCP)
        return fail_state(p, st, PRINTER_NOT_ANSWERING, wanted, err);
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
    if (p->opt.poll_ms <= 0)
        p->opt.poll_ms = POLL_MS;
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
    if (!code) {
        p->family = printer_family_of(p->model);
        if (!p->family)
            code = ck_fail(err, CK_EINVAL,
                           "The %s uses a printer language checkin does not "
                           "speak; choose another model with --model.",
                           p->model->name);
    }
    if (!code && p->uri.kind == TRANSPORT_USB && p->t->usb_serial[0] &&
        !p->uri.usb_serial[0]) {
        /* Find this very unit again after it is unplugged, not another of
         * the same model.  Zebra ids are not in the model table: the URI
         * named them. */
        const struct printer_model *m = p->t->model;
        if (m && m->usb_vendor) {
            p->uri.usb_vendor = m->usb_vendor;
            p->uri.usb_product = m->usb_product;
        }
        if (p->uri.usb_vendor)
            snprintf(p->uri.usb_serial, sizeof(p->uri.usb_serial), "%s",
                     p->t->usb_serial);
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

int printer_read_until(struct printer_link *l, uint8_t *buf, size_t want,
                       int64_t deadline, size_t *got, struct ck_error *err)
{
    *got = 0;
    while (*got < want) {
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            return CK_OK;
        size_t n;
        int code =
            transport_read(l->t, buf + *got, want - *got, &n, (int)left, err);
        if (code)
            return code;
        *got += n;
    }
    return CK_OK;
}

/* Ask, without turning the answer into a sentence.  CK_OK: *st holds the
 * answer; otherwise the transport failed or nothing came (t->fault). */
static int ask(printer *p, struct printer_status *st, struct ck_error *err)
{
    struct printer_link l = link_of(p);
    return p->family->query(&l, st, err);
}

/* printer_query with the media the job needs, for the sentence. */
static int query(printer *p, const struct media *wanted,
                 struct printer_status *st, struct ck_error *err)
{
    memset(st, 0, sizeof(*st));
    st->state = PRINTER_READY;
    int code = reconnect(p, st, wanted, err);
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
        return transport_failed(p, st, wanted, err);
    }
    if (printer_state_is_fault(st->state))
        return fail_state(p, st, st->state, wanted, err);
    return CK_OK;
}

int printer_query(printer *p, struct printer_status *st, struct ck_error *err)
{
    return query(p, NULL, st, err);
}

int printer_poll_wait(struct printer_link *l, size_t npages, int64_t deadline,
                      struct printer_status *st, size_t *completed,
                      struct ck_error *err)
{
    (void)npages;
    *completed = 0;
    int64_t start = util_mono_ms();
    bool seen_busy = false;
    while (util_mono_ms() < deadline) {
        printer_sleep_ms(l->opt->poll_ms);
        int code = l->family->query(l, st, err);
        if (code)
            return code;
        if (printer_state_is_fault(st->state))
            return CK_OK;
        if (st->state == PRINTER_PRINTING) {
            seen_busy = true;
            continue;
        }
        if (seen_busy || util_mono_ms() - start >= 1000) {
            st->state = PRINTER_PRINTED;
            return CK_OK;
        }
    }
    l->t->fault = TRANSPORT_FAULT_TIMEOUT;
    return CK_EDEVICE;
}

/* The printer reported a fault in place of "printed", after the whole
 * job went out: true when none of the job printed nor will print later,
 * so it may be sent again once the fault is cleared (the family knows;
 * family.h). */
static bool fault_dropped_job(printer *p, size_t npages,
                              const struct printer_status *st, size_t completed)
{
    if (!p->family->fault_dropped_job)
        return false;
    struct printer_link l = link_of(p);
    bool dropped = p->family->fault_dropped_job(&l, npages, st, completed);
    if (l.drop)
        drop(p);
    return dropped;
}

/* Tell the family a job was cut short (`whole` false) or went out whole
 * and was not confirmed. */
static void interrupted(printer *p, bool whole)
{
    if (!p->family->interrupted)
        return;
    struct printer_link l = link_of(p);
    p->family->interrupted(&l, whole);
}

/* The printer took every byte of the job and then could not say whether
 * it printed (st->state says what stopped it).  It is left to a person:
 * sending it again unasked could print a second, duplicate badge.  Each
 * state's a whole sentence, so that a catalogue has it (po/ERROR-ROOMS);
 * `timed_out` comes only with a printer that stopped answering. */
static int unconfirmed(printer *p, struct printer_status *st, bool timed_out,
                       struct ck_error *err)
{
    st->unconfirmed = true;
    const char *who = p->desc;
    if (timed_out)
        return ck_fail(err, CK_EDEVICE,
                       "%s did not report the label printed within %d s: it "
                       "stopped answering. Check that it is on and "
                       "connected, then check whether the label came out "
                       "and, if it did not, reprint it.",
                       who, (p->opt.print_timeout_ms + 999) / 1000);
    switch (st->state) {
    case PRINTER_COVER_OPEN:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: "
                       "the cover is open. Close the cover, then check "
                       "whether the label came out and, if it did not, "
                       "reprint it.",
                       who);
    case PRINTER_NO_MEDIA:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: no "
                       "labels are loaded. Load labels, then check whether "
                       "the label came out and, if it did not, reprint it.",
                       who);
    case PRINTER_END_OF_ROLL:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: "
                       "the roll has run out. Load a new roll, then check "
                       "whether the label came out and, if it did not, "
                       "reprint it.",
                       who);
    case PRINTER_CUTTER_JAM:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: "
                       "the cutter is jammed. Clear the cutter, then check "
                       "whether the label came out and, if it did not, "
                       "reprint it.",
                       who);
    case PRINTER_UNPLUGGED:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: it "
                       "was unplugged. Plug it in, then check whether the "
                       "label came out and, if it did not, reprint it.",
                       who);
    case PRINTER_NOT_ANSWERING:
        return ck_fail(err, CK_EDEVICE,
                       "%s stopped before it reported the label printed: it "
                       "stopped answering. Check that it is on and "
                       "connected, then check whether the label came out "
                       "and, if it did not, reprint it.",
                       who);
    default: {
        struct ck_error said = {0};
        if (printer_detail_fail(who, st, &said) == CK_OK)
            return ck_fail(err, CK_EDEVICE,
                           "%s stopped before it reported the label printed: "
                           "it reports an error. Switch it off and on again, "
                           "then check whether the label came out and, if it "
                           "did not, reprint it.",
                           who);
        return ck_wrap(err, CK_EDEVICE, &said,
                       "%s It stopped before it reported the label printed: "
                       "switch it off and on again, then check whether the "
                       "label came out and, if it did not, reprint it.");
    }
    }
}

int printer_print(printer *p, const struct print_request *req,
                  struct printer_status *st, bool *sent, struct ck_error *err)
{
    *sent = false;
    if (!req->pages || req->npages == 0) {
        memset(st, 0, sizeof(*st));
        st->state = PRINTER_OTHER_ERROR;
        return ck_fail(err, CK_EINVAL,
                       "Nothing to print: the job has no pages.");
    }
    int code = query(p, req->media, st, err);
    if (code)
        return code;
    if (st->state == PRINTER_PRINTING)
        return fail_state(p, st, PRINTER_PRINTING, req->media, err);

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
        return fail_state(p, st, PRINTER_WRONG_MEDIA, wanted, err);
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
    int64_t taken_by = util_mono_ms() + write_ms;
    code = transport_write(p->t, job.data, job.len, write_ms, err);
    /* Where nothing will report the label printed, the printer must at
     * least take the whole job in the same time: a network printer that
     * accepted the connection and does not read leaves its end in this
     * machine's send queue, which the write does not see. */
    if (!code && !can_ask(p))
        code = transport_drain(p->t, (int)(taken_by - util_mono_ms()), err);
    if (code) {
        /* Cut short: the job's last bytes, which print it (QL 1A, ZPL ^XZ,
         * DYMO ESC E), never arrived, so it may be sent again (a TCP
         * connection is reset on close, so they never will).  The part
         * that did arrive is discarded by the next status request (QL
         * invalidate, ZPL ~JA, DYMO ESC run and form feed). */
        interrupted(p, false);
        code = transport_failed(p, st, wanted, err);
        goto out_free;
    }
    if (!can_ask(p)) {
        st->state = PRINTER_SENT;
        goto out_free;
    }
    int64_t deadline = util_mono_ms() + p->opt.print_timeout_ms;
    struct ck_error terr = {0};
    size_t completed = 0;
    struct printer_link l = link_of(p);
    code = p->family->wait(&l, req->npages, deadline, st, &completed, &terr);
    if (code) {
        /* Gone or silent after taking the whole job: it may well have
         * printed (a printer whose cable is pulled goes on printing). */
        enum transport_fault f = p->t ? p->t->fault : TRANSPORT_FAULT_GONE;
        drop(p);
        interrupted(p, true);
        st->answered = false;
        st->state = f == TRANSPORT_FAULT_GONE && !on_network(p)
                        ? PRINTER_UNPLUGGED
                    : f == TRANSPORT_FAULT_GONE || f == TRANSPORT_FAULT_TIMEOUT
                        ? PRINTER_NOT_ANSWERING
                        : PRINTER_OTHER_ERROR;
        if (f == TRANSPORT_FAULT_IO)
            st->detail = PRINTER_DETAIL_CONNECTION;
        bool waited_out =
            f == TRANSPORT_FAULT_TIMEOUT && util_mono_ms() >= deadline;
        code = unconfirmed(p, st, waited_out, err);
    } else if (printer_state_is_fault(st->state)) {
        if (fault_dropped_job(p, req->npages, st, completed))
            code = fail_state(p, st, st->state, wanted, err);
        else
            code = unconfirmed(p, st, false, err);
    }
out_free:
    bytebuf_free(&job);
    return code;
}
