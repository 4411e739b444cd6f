/* Transports move bytes to and from a printer, nothing else: they know no
 * printer language and no status format (printer.h and printer_status.h
 * do).  Three kinds, chosen by URI:
 *
 *   usb:                     the first attached printer of a known model
 *   usb:VID:PID[:SERIAL]     that model (hex ids), that unit if SERIAL given
 *   file:PATH                a file or device node (write only, no status)
 *   tcp:HOST[:PORT]          raw TCP, port 9100 by default; IPv6 as [addr]
 *
 * Every call that waits takes a timeout in milliseconds and never blocks
 * longer.  docs/transports.md describes the URIs and the udev rules that
 * let the station user open USB printers without root. */
#ifndef CHECKIN_TRANSPORT_H
#define CHECKIN_TRANSPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/driver.h"
#include "checkin/error.h"

#define TRANSPORT_TCP_PORT "9100"

enum transport_kind { TRANSPORT_USB, TRANSPORT_FILE, TRANSPORT_TCP };

/* A parsed printer URI. */
struct transport_uri {
    enum transport_kind kind;
    uint16_t usb_vendor, usb_product; /* usb: both 0 = first supported */
    char usb_serial[128];             /* usb: "" = any unit */
    char path[4096];                  /* file: */
    char host[256];                   /* tcp: without brackets */
    char port[8];                     /* tcp: decimal */
};

/* Parse `uri` (see above).  CK_EINVAL with a sentence showing the accepted
 * forms when it is not one of them. */
int transport_uri_parse(const char *uri, struct transport_uri *out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* Why the last call on a transport failed, for callers that turn it into
 * a printer state. */
enum transport_fault {
    TRANSPORT_FAULT_NONE,
    TRANSPORT_FAULT_GONE,    /* unplugged, connection closed or refused */
    TRANSPORT_FAULT_TIMEOUT, /* the device did not take or give bytes */
    TRANSPORT_FAULT_IO,      /* anything else (permissions, busy, I/O) */
};

struct transport;

/* The vtable every transport implements.  `read` is NULL when the
 * transport cannot read (file:). */
struct transport_ops {
    int (*write)(struct transport *t, const uint8_t *data, size_t len,
                 int timeout_ms, struct ck_error *err);
    int (*read)(struct transport *t, uint8_t *buf, size_t cap, size_t *got,
                int timeout_ms, struct ck_error *err);
    void (*close)(struct transport *t);
};

struct transport {
    const struct transport_ops *ops;
    enum transport_kind kind;
    /* The model when the transport can tell (USB ids), else NULL. */
    const struct printer_model *model;
    char usb_serial[128]; /* usb: the unit's serial number, "" if none */
    char where[96];       /* "usb 1-2", "tcp 10.0.0.7:9100", "file PATH" */
    char desc[160];       /* "QL-800 on usb 1-2" once the model is known,
                           * else `where`; used in every sentence */
    enum transport_fault fault; /* of the last failed call */
};

/* Open the printer `uri` names.  *out is owned by the caller; close it with
 * transport_close().  Errors are CK_ENOTFOUND (no such printer attached),
 * CK_EDEVICE (refused, busy, permission) or CK_EINVAL, each with a sentence
 * that says what to do; `fault` of the failed attempt is not kept. */
int transport_open(const struct transport_uri *uri,
                   struct transport **out /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

/* Write all `len` bytes within `timeout_ms`, or fail (CK_EDEVICE, with
 * t->fault saying why). */
int transport_write(struct transport *t, const void *data, size_t len,
                    int timeout_ms, struct ck_error *err) CK_MUST_CHECK;

/* Wait up to `timeout_ms` for bytes and return what arrived (at most
 * `cap`) in *got; *got == 0 with CK_OK means nothing came in time.
 * CK_EINVAL if the transport cannot read. */
int transport_read(struct transport *t, void *buf, size_t cap,
                   size_t *got /* out */, int timeout_ms,
                   struct ck_error *err) CK_MUST_CHECK;

/* Wait up to `timeout_ms` until the printer has taken every byte written
 * so far.  TCP: until its end of the connection has acknowledged them
 * (a printer that accepted the connection and does not read leaves them
 * in this machine's send queue, where a write cannot see them); that says
 * the printer holds the job, not that it printed.  Other transports hand
 * bytes over only when the device takes them: CK_OK at once.  CK_EDEVICE
 * with t->fault TIMEOUT (not reading) or GONE (reset, closed). */
int transport_drain(struct transport *t, int timeout_ms,
                    struct ck_error *err) CK_MUST_CHECK;

bool transport_can_read(const struct transport *t);

/* Close and free; accepts NULL. */
void transport_close(struct transport *t);

/* One attached USB printer of a supported model, for `checkin printers`. */
struct usb_printer_info {
    const struct printer_model *model;
    uint16_t vendor, product;
    int bus, address;
    char port[32];    /* "1-2", "1-1.4": stable across replugging */
    char serial[128]; /* "" if the printer has none or cannot be opened */
    char uri[192];    /* usb:04f9:209b[:SERIAL] */
};

/* Every attached USB printer whose ids are in the model table, in bus
 * order.  *list is owned by the caller (free()); *n may be 0. */
int transport_usb_list(struct usb_printer_info **list /* out */,
                       size_t *n /* out */, struct ck_error *err) CK_MUST_CHECK;

/* Per-kind openers behind transport_open (exposed for tests). */
int transport_usb_open(const struct transport_uri *uri,
                       struct transport **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
int transport_file_open(const char *path, struct transport **out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;
int transport_tcp_open(const char *host, const char *port, int timeout_ms,
                       struct transport **out /* out */,
                       struct ck_error *err) CK_MUST_CHECK;
int transport_tcp_drain(struct transport *t, int timeout_ms,
                        struct ck_error *err) CK_MUST_CHECK;

#endif
