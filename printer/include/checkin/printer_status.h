/* Printer status: parsers for what printers say about themselves, one
 * state enum for all of them, and the sentence a volunteer reads.
 *
 *   Brother QL/PT  32-byte reply to ESC i S and automatic notifications
 *   Zebra          ~HS (three STX..ETX lines) and ~HQES (error flags)
 *   DYMO LW 4xx    the status byte ESC A returns
 *
 * The parsers read bytes from a device: they check length, framing and
 * every field they use, and refuse (CK_ECORRUPT) anything else rather than
 * guess.  No I/O here; printer.h asks and waits.  Media names (DK-22205)
 * and the media spec syntax live here too, because the messages need
 * them.  docs/transports.md lists the byte meanings with their sources. */
#ifndef CHECKIN_PRINTER_STATUS_H
#define CHECKIN_PRINTER_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/driver.h"
#include "checkin/error.h"

enum printer_state {
    PRINTER_READY,
    PRINTER_PRINTING,
    PRINTER_PRINTED, /* the printer reported the job printed */
    PRINTER_SENT,    /* sent; this connection cannot confirm it */
    PRINTER_NO_MEDIA,
    PRINTER_END_OF_ROLL,
    PRINTER_WRONG_MEDIA,
    PRINTER_COVER_OPEN,
    PRINTER_CUTTER_JAM,
    PRINTER_UNPLUGGED,
    PRINTER_NOT_ANSWERING,
    PRINTER_OTHER_ERROR,
};

/* True for the states in which a printer cannot print until someone acts
 * (everything from PRINTER_NO_MEDIA on). */
bool printer_state_is_fault(enum printer_state st);

/* "ready", "cover open", ... (stable: JSON output uses them). */
const char *printer_state_str(enum printer_state st);

/* What a printer said beside its state, most for PRINTER_OTHER_ERROR:
 * each is said in a whole sentence of its own (printer_status_fail), so
 * that a station says it in its language. */
enum printer_detail {
    PRINTER_DETAIL_NONE,
    PRINTER_DETAIL_CANNOT_FEED,   /* Brother: it cannot feed the labels */
    PRINTER_DETAIL_TOO_HOT,       /* overheated (head or motor) */
    PRINTER_DETAIL_SYSTEM,        /* Brother: a system error */
    PRINTER_DETAIL_COMMUNICATION, /* Brother: buffer full, communication */
    PRINTER_DETAIL_SWITCHING_OFF, /* Brother: turned off, or going off */
    PRINTER_DETAIL_HARDWARE,      /* Brother: high voltage or fan */
    PRINTER_DETAIL_BUSY,          /* Brother: in use (PRINTER_PRINTING) */
    PRINTER_DETAIL_UNNAMED,       /* Brother: an error type, no bit set */
    PRINTER_DETAIL_COOLING,       /* Brother: cooling (PRINTER_PRINTING) */
    PRINTER_DETAIL_RIBBON_OUT,    /* Zebra */
    PRINTER_DETAIL_LOST_CONFIG,   /* Zebra ~HS: RAM corrupt */
    PRINTER_DETAIL_PAUSED,        /* Zebra ~HS */
    PRINTER_DETAIL_ERROR_FLAGS,   /* Zebra ~HQES: flags checkin does not name */
    PRINTER_DETAIL_OFTEN_JAM,     /* DYMO's error bit: often a label jam */
    PRINTER_DETAIL_UNREADABLE,    /* a status checkin cannot read */
    PRINTER_DETAIL_CONNECTION,    /* the connection failed mid-job */
};

/* "too hot", "paused", ... (stable, English: for logs and tests). */
const char *printer_detail_str(enum printer_detail d);

struct printer_status {
    enum printer_state state;
    bool answered;    /* the printer said this (not inferred) */
    bool media_known; /* `media` is what is loaded */
    struct media media;
    /* For PRINTER_OTHER_ERROR (and as extra detail elsewhere): what the
     * printer reported, as data; printer_status_fail says it. */
    enum printer_detail detail;
    /* PRINTER_DETAIL_ERROR_FLAGS: Zebra ~HQES's error groups 2 and 1. */
    unsigned long zpl_errors2, zpl_errors1;
    /* Brother: the raw fields (docs/transports.md). */
    uint8_t bro_model, bro_error1, bro_error2, bro_type, bro_phase;
    /* Zebra ~HS: formats waiting and labels left in the batch. */
    long zpl_formats, zpl_labels_left;
    bool zpl_paused;
    /* Set by printer_print only: the printer took every byte of the job
     * and then could not say whether it printed (went away, fell silent,
     * or stopped with a fault that does not tell).  Such a job must not be
     * sent again unasked: a second label would be a duplicate. */
    bool unconfirmed;
};

/* Brother status types (byte 18) and phases (byte 19). */
enum {
    BRO_TYPE_REPLY = 0x00,
    BRO_TYPE_PRINTED = 0x01,
    BRO_TYPE_ERROR = 0x02,
    BRO_TYPE_OFF = 0x04,
    BRO_TYPE_NOTIFY = 0x05,
    BRO_TYPE_PHASE = 0x06,
    BRO_PHASE_RECEIVING = 0x00,
    BRO_PHASE_PRINTING = 0x01,
    BRO_STATUS_LEN = 32,
};

/* One Brother 32-byte status (exactly `len` == 32 bytes). */
int printer_status_parse_brother(const uint8_t *b, size_t len,
                                 struct printer_status *out /* out */,
                                 struct ck_error *err) CK_MUST_CHECK;

/* Zebra's reply to ~HS: three <STX>...<ETX><CR><LF> strings. */
int printer_status_parse_zpl_hs(const uint8_t *b, size_t len,
                                struct printer_status *out /* out */,
                                struct ck_error *err) CK_MUST_CHECK;

/* Zebra's reply to ~HQES: <STX>, PRINTER STATUS, ERRORS: and WARNINGS:
 * lines with a flag and two 8-digit hex groups, <ETX>. */
int printer_status_parse_zpl_hqes(const uint8_t *b, size_t len,
                                  struct printer_status *out /* out */,
                                  struct ck_error *err) CK_MUST_CHECK;

/* DYMO LabelWriter 4xx: the one status byte (exactly `len` == 1). */
int printer_status_parse_dymo(const uint8_t *b, size_t len,
                              struct printer_status *out /* out */,
                              struct ck_error *err) CK_MUST_CHECK;

/* The sentence for `st` on printer `who` ("QL-800 on usb 1-2"): what
 * happened and what to do, recorded in `err` with ck_fail's literal
 * formats (so the station says it in its language, po/ERROR-ROOMS);
 * CK_EDEVICE.  `wanted` (may be NULL) is the media the job needs, named
 * in the advice; `model` (may be NULL) decides whether Brother roll names
 * fit. */
int printer_status_fail(const char *who, const struct printer_status *st,
                        const struct printer_model *model,
                        const struct media *wanted, struct ck_error *err);

/* What the printer reported beside its state (st->detail), one whole
 * sentence a detail naming printer `who` ("QL-800 on usb 1-2 is too
 * hot."), recorded in `err` for a caller to wrap with its advice
 * (ck_wrap); CK_EDEVICE, or CK_OK with nothing recorded when the detail
 * is none or says nothing wrong (busy, cooling down). */
int printer_detail_fail(const char *who, const struct printer_status *st,
                        struct ck_error *err);

/* printer_status_fail's English sentence into `out`. */
void printer_status_message(const char *who, const struct printer_status *st,
                            const struct printer_model *model,
                            const struct media *wanted, char *out, size_t cap);

/* Media spec: "62" (62 mm continuous), "62x100" (die-cut, mm), an
 * optional "mm" suffix, or a Brother product name ("DK-11202", any case).
 * CK_EINVAL with a sentence otherwise. */
int printer_media_parse(const char *spec, struct media *out /* out */,
                        struct ck_error *err) CK_MUST_CHECK;

/* "62 mm" for a continuous roll, "62x100 mm" for die-cut labels. */
void printer_media_str(const struct media *m, char *out, size_t cap);

/* The Brother DK roll for `m` ("DK-22205"), or NULL if there is none. */
const char *printer_media_product(const struct media *m);

bool printer_media_equal(const struct media *a, const struct media *b);

#endif
