/* Printer families: one table of callbacks per command set (Brother QL
 * raster, Zebra ZPL II, DYMO LabelWriter), in the family's own file beside
 * its encoder, and one list of the families in models.c.  Everything that
 * differs between families goes through this table: the models, the
 * encoder and printable area, how to recognise a stream of ours, the
 * status conversation (request, parse, wait for "printed"), what a fault
 * after a job means, and the media names a volunteer is told to load.
 * docs/adding-a-printer.md walks through adding one.  Private to printer/.
 *
 * The encoders stay pure (bitmap in, bytes out); only the status callbacks
 * talk to the printer, and only through the transport in their link. */
#ifndef CHECKIN_FAMILY_H
#define CHECKIN_FAMILY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/driver.h"
#include "checkin/printer.h"
#include "checkin/printer_status.h"
#include "checkin/transport.h"

/* What a family's status conversation gets from printer.c for one call. */
struct printer_link {
    const struct printer_family *family;
    struct transport *t; /* open; set t->fault when nothing (whole) came */
    const struct printer_model *model;
    const struct printer_options *opt; /* timeouts filled in */
    /* Everything in the printer's buffer is ours (USB: the interface is
     * claimed); a network printer may hold other stations' jobs. */
    bool ours_alone;
    /* The family's own flags, kept by the printer between calls (a job of
     * ours to cancel or eject before the next status request). */
    unsigned *flags;
    /* Set by a callback that wrote nothing it could and wants the
     * transport closed (it is opened again before the next request). */
    bool drop;
};

struct printer_family {
    const char *name; /* "Brother QL", in docs and messages */
    enum printer_lang lang;
    /* The family's models, ended by a zeroed entry.  A model whose
     * usb_product is 0 is chosen with --model only. */
    const struct printer_model *models;

    /* driver.h's contracts (driver_printable, driver_encode,
     * driver_stream_head); `model` is one of `models`. */
    int (*printable)(const struct printer_model *model,
                     const struct media *media, int *width_dots,
                     int *length_dots, struct ck_error *err);
    int (*encode)(const struct printer_model *model, const struct media *media,
                  const struct bitmap1 *pages, size_t npages,
                  const struct print_options *opt, struct bytebuf *out,
                  struct ck_error *err);
    bool (*stream_head)(const uint8_t *head, size_t len);

    /* Whether it answers status requests over TCP port 9100 (over USB
     * every family does; a file never does). */
    bool answers_over_tcp;
    /* Ask once and parse the answer into *st: CK_OK with *st filled (a
     * reply it cannot read is PRINTER_OTHER_ERROR, "a status checkin
     * cannot read"); else the transport's error, with l->t->fault set
     * (TRANSPORT_FAULT_TIMEOUT when nothing whole came). */
    int (*query)(struct printer_link *l, struct printer_status *st,
                 struct ck_error *err);
    /* After the whole job of `npages` went out: wait until `deadline`
     * (monotonic ms) for the printer to report it printed (st->state
     * PRINTER_PRINTED) or a fault (CK_OK with that state; *completed the
     * pages reported printed before it).  Transport errors as query's.
     * printer_poll_wait suits families that can only be polled. */
    int (*wait)(struct printer_link *l, size_t npages, int64_t deadline,
                struct printer_status *st, size_t *completed,
                struct ck_error *err);
    /* The printer reported the fault in *st in place of "printed": true
     * when none of the job printed nor will print later, so that it may
     * be sent again once the fault is cleared.  NULL: never known. */
    bool (*fault_dropped_job)(struct printer_link *l, size_t npages,
                              const struct printer_status *st,
                              size_t completed);
    /* A job was cut short while sending (`whole` false) or went out whole
     * and then nothing confirmed it (`whole` true): note in *l->flags what
     * the next query must clear first.  NULL: nothing to do. */
    void (*interrupted)(struct printer_link *l, bool whole);
    /* The product name of `m` for "Load ..." advice (DK-22205), or NULL;
     * NULL callback: the family's media have no names, say the size. */
    const char *(*media_product)(const struct media *m);
    /* driver_read_back's contract for a stream of this family; `model`
     * NULL: the head the stream's lines show (read_back.c). */
    int (*read_back)(const struct printer_model *model, const uint8_t *d,
                     size_t n, struct driver_labels *out, struct ck_error *err);
};

extern const struct printer_family ql_family, zpl_family, dymo_family;
int ql_read_back(const struct printer_model *model, const uint8_t *d, size_t n,
                 struct driver_labels *out, struct ck_error *err);
int zpl_read_back(const struct printer_model *model, const uint8_t *d, size_t n,
                  struct driver_labels *out, struct ck_error *err);
int dymo_read_back(const struct printer_model *model, const uint8_t *d,
                   size_t n, struct driver_labels *out, struct ck_error *err);

/* The families, ended by NULL (models.c). */
extern const struct printer_family *const printer_families[];

/* The family of `model`; NULL for a model of no family (none in the
 * table). */
const struct printer_family *
printer_family_of(const struct printer_model *model);

/* Helpers for the status callbacks (printer.c). */

/* Read up to `want` bytes until `deadline`; *got says how many came
 * (fewer when the deadline passed).  Errors are the transport's. */
int printer_read_until(struct printer_link *l, uint8_t *buf, size_t want,
                       int64_t deadline, size_t *got, struct ck_error *err);

/* Poll l's family's query until the printer is idle again, having seen
 * it busy or having waited a second (a format may not be counted at
 * once); a `wait` callback for families that only answer when asked. */
int printer_poll_wait(struct printer_link *l, size_t npages, int64_t deadline,
                      struct printer_status *st, size_t *completed,
                      struct ck_error *err);

/* *st as a reply checkin cannot read (PRINTER_OTHER_ERROR, answered). */
void printer_status_unreadable(struct printer_status *st);

void printer_sleep_ms(int ms);

#endif
