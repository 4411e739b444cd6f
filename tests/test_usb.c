/* Emulated label printers under umockdev: Brother QL-800 and QL-1100, a
 * Zebra ZD420 (ZPL II) and a DYMO LabelWriter 450, driven through the real
 * libusb by printer_print and the print queue, with jobs in a real store.
 *
 * The emulator has two layers.  The core is a handler for the usbdevfs
 * ioctls libusb makes (SUBMITURB, REAPURB[NDELAY], DISCARDURB, GETDRIVER,
 * DISCONNECT, CLAIMINTERFACE, string descriptors for the serial number):
 * it keeps the bytes sent to bulk OUT, hands queued replies to bulk IN
 * transfers, records every page the printer produces with the bytes that
 * made it, and injects faults.  Under it, one small table of functions per
 * printer language (struct emu_lang) parses the OUT bytes command by
 * command, answers status requests and decides when a page comes out:
 * Brother raster (ESC i S -> 32-byte statuses, then "printing completed"
 * per page), ZPL (~HS, ~HQES, ~JA; a format prints once complete and is
 * reported done by the second ~HS after it) and DYMO (ESC A -> one status
 * byte; a label is fed out by the second ESC A after its form feed).
 *
 * Faults -- cover open, no media, unplugged, no answer -- strike at a
 * phase of a desk's job (a badge and a tutorial ticket): at the status
 * query, a few bytes into a label, right after a label's last byte, or
 * between the two labels.  Each case must end with every label printed
 * exactly once (pages compared byte for byte with driver_encode), or with
 * the label's job holding the sentence that says what to check; never
 * with a page printed twice.  What each printer does under a fault is an
 * assumption of this emulator, stated at each language below.
 *
 * Runs under umockdev-wrapper (LD_PRELOAD); without it, exits 77. */
#include <sys/ioctl.h>

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/jobs.h"
#include "checkin/label_stock.h"
#include "checkin/printer.h"
#include "testutil.h"

/* --- The emulated printer: core ---------------------------------------- */

/* A transfer libusb submitted, kept until it is reaped by the same
 * client (one open file descriptor, possibly in a child process). */
struct urb_rec {
    UMockdevIoctlClient *client;
    UMockdevIoctlData *urb;
    UMockdevIoctlData *buf; /* NULL for empty transfers */
    size_t accepted;        /* OUT: bytes the printer took */
};

static void free_rec(struct urb_rec *rec)
{
    g_clear_object(&rec->buf);
    g_clear_object(&rec->urb);
    g_clear_object(&rec->client);
    g_free(rec);
}

enum fault { FAULT_NONE, FAULT_COVER, FAULT_MEDIA, FAULT_UNPLUG, FAULT_HANG };

/* When a fault strikes, counted from the job the station sends. */
enum phase {
    AT_STATUS_QUERY,   /* before the job: at the first status request */
    AFTER_FIRST_BYTES, /* CUT_BYTES into the first label, mid-command */
    AFTER_LAST_BYTE,   /* the label is all there, not yet reported */
    BETWEEN_LABELS,    /* at the first status request after a label was
                        * reported printed */
};

#define CUT_BYTES 200

struct emu;
struct model_case;

/* What differs between printer languages.  The core moves bytes and
 * injects faults; these parse, answer and print. */
struct emu_lang {
    /* Parse the command at `p` (`n` bytes have arrived): its length, or 0
     * when it is incomplete (or e->protocol_error was set). */
    size_t (*step)(struct emu *e, const uint8_t *p, size_t n);
    /* A cover or media fault struck while a label was arriving. */
    void (*fault)(struct emu *e);
    /* Print what the printer holds and can print: a fault was cleared,
     * or it lost the host while still switched on. */
    void (*finish)(struct emu *e);
};

struct emu {
    pthread_mutex_t mu;
    UMockdevTestbed *tb;
    UMockdevIoctlBase *handler;
    const struct model_case *m;
    const char *serial;
    const char *port; /* "2" for 1-2 */
    int devnum;
    char devnode[64], syspath[128];
    bool attached, plugged, driver_bound, detached;
    /* the printer */
    bool media_present, cover_open;
    struct media loaded;
    bool hung;           /* takes no bytes, answers nothing */
    bool mute;           /* takes bytes, answers nothing */
    bool mute_after_job; /* falls silent once a page is out */
    bool hs_silent;      /* Zebra: ~HS unanswered during a fault */
    /* the fault to inject */
    enum fault fault;
    enum phase phase;
    size_t cut_at;       /* SIZE_MAX: none */
    enum fault deferred; /* strikes once the current transfer is done */
    /* what it was sent */
    uint8_t *out;
    size_t out_len, out_cap, pos;
    size_t job_start, run_start; /* bytes of the job being received */
    bool in_run;
    long raster_lines;
    int status_requests, labels_started, reported;
    bool unreported; /* a page out that no status has shown done */
    char protocol_error[160];
    /* what it printed */
    int pages;
    GPtrArray *page_bytes; /* GBytes: the bytes of each page, in order */
    int spoiled;           /* labels fed out half printed */
    /* per language */
    struct {
        bool error_skip, job_started, pi_valid, in_label;
        size_t zeros;
        uint8_t pi_flags, pi_width;
    } ql;
    struct {
        bool in_format;
        size_t format_start;
        GQueue buffer;    /* GBytes: complete formats waiting */
        GBytes *printing; /* the format being printed */
        int polls;
    } zpl;
    struct {
        int bpl;
        bool in_label, skip;
        long lines, length; /* of the label being printed */
        bool feeding;       /* a label is being fed out */
        GBytes *fed;        /* its bytes; NULL if it is spoiled */
        int polls;
    } dymo;
    /* what it will answer */
    GQueue replies; /* GBytes, one per IN transfer */
    GQueue pending_in, pending_out, done;
};

struct model_case {
    const char *name;
    const struct emu_lang *lang;
    uint16_t vendor, product;
    const char *maker, *serial;
    uint8_t ep_out, ep_in;
    const char *uri;   /* for printer_open; NULL: "usb:" */
    const char *model; /* printer_options.model, where USB cannot tell */
    uint8_t model_code, cont_type, die_type; /* Brother status 4, 11 */
    struct media badge;     /* what its badge is laid out for */
    struct media other;     /* a roll that does not fit the badge */
    const char *cover_says; /* in the sentence for a cover fault */
    enum printer_state cover_state;
};

static void complete_urb(struct emu *e, struct urb_rec *rec, int status,
                         int actual)
{
    struct usbdevfs_urb *u = (struct usbdevfs_urb *)rec->urb->data;
    u->status = status;
    u->actual_length = actual;
    g_queue_push_tail(&e->done, rec);
}

static void reply(struct emu *e, const void *b, size_t n)
{
    if (e->mute || e->hung || g_queue_get_length(&e->replies) >= 64)
        return;
    g_queue_push_tail(&e->replies, g_bytes_new(b, n));
}

static void drop_replies(struct emu *e)
{
    g_queue_clear_full(&e->replies, (GDestroyNotify)g_bytes_unref);
}

/* Hand queued replies to waiting IN transfers (of clients still there). */
static void pump(struct emu *e)
{
    while (!g_queue_is_empty(&e->replies) &&
           !g_queue_is_empty(&e->pending_in)) {
        struct urb_rec *rec = g_queue_pop_head(&e->pending_in);
        if (!umockdev_ioctl_client_get_connected(rec->client)) {
            free_rec(rec);
            continue;
        }
        GBytes *msg = g_queue_pop_head(&e->replies);
        gsize len;
        const uint8_t *data = g_bytes_get_data(msg, &len);
        struct usbdevfs_urb *u = (struct usbdevfs_urb *)rec->urb->data;
        int n = (size_t)u->buffer_length < len ? u->buffer_length : (int)len;
        if (rec->buf)
            memcpy(rec->buf->data, data, (size_t)n);
        else
            n = 0;
        g_bytes_unref(msg);
        complete_urb(e, rec, 0, n);
    }
}

/* The cable is pulled: transfers in flight end with -ESHUTDOWN, as the
 * kernel reports them, and every later call fails with ENODEV.  The
 * printer stays switched on and keeps what it had received. */
static void unplug(struct emu *e)
{
    e->plugged = false;
    drop_replies(e);
    while (!g_queue_is_empty(&e->pending_in))
        complete_urb(e, g_queue_pop_head(&e->pending_in), -ESHUTDOWN, 0);
    while (!g_queue_is_empty(&e->pending_out)) {
        struct urb_rec *rec = g_queue_pop_head(&e->pending_out);
        complete_urb(e, rec, -ESHUTDOWN, (int)rec->accepted);
    }
}

/* The firmware stops: OUT transfers are never taken (libusb times them
 * out and discards them), nothing is answered. */
static void hang(struct emu *e)
{
    e->hung = true;
    drop_replies(e);
}

/* A page came out of the printer, made of `bytes`. */
static void emu_page(struct emu *e, GBytes *bytes)
{
    e->pages++;
    e->unreported = true;
    g_ptr_array_add(e->page_bytes, g_bytes_ref(bytes));
    if (e->mute_after_job)
        e->mute = true;
}

static GBytes *received(struct emu *e, size_t from, size_t to)
{
    return g_bytes_new(e->out + from, to - from);
}

/* The fault starts now; for unplug and hang nothing from byte `at` on
 * has arrived. */
static void fire(struct emu *e, enum fault f, size_t at)
{
    switch (f) {
    case FAULT_NONE:
        break;
    case FAULT_COVER:
        e->cover_open = true;
        break;
    case FAULT_MEDIA:
        e->media_present = false;
        break;
    case FAULT_UNPLUG:
        e->out_len = at;
        unplug(e);
        break;
    case FAULT_HANG:
        e->out_len = at;
        hang(e);
        break;
    }
}

/* Languages call these at the points of a job the phases name. */

/* A status request starts at byte `at`; false if the printer went away
 * or fell silent before it (the language must stop parsing). */
static bool on_status_request(struct emu *e, size_t at)
{
    if (e->fault && (e->phase == AT_STATUS_QUERY ||
                     (e->phase == BETWEEN_LABELS && e->reported > 0))) {
        enum fault f = e->fault;
        e->fault = FAULT_NONE;
        fire(e, f, at);
        if (f == FAULT_UNPLUG || f == FAULT_HANG)
            return false;
    }
    e->status_requests++;
    return true;
}

static void on_label_start(struct emu *e, size_t at)
{
    e->labels_started++;
    if (e->fault && e->phase == AFTER_FIRST_BYTES)
        e->cut_at = at + CUT_BYTES;
}

/* The label's last byte arrived: a cover or media fault strikes before
 * the language prints it; unplug and hang once this transfer is done
 * (so the host saw every byte taken), after the printer, still on, has
 * printed what it holds. */
static void on_label_end(struct emu *e)
{
    if (!e->fault || e->phase != AFTER_LAST_BYTE)
        return;
    enum fault f = e->fault;
    e->fault = FAULT_NONE;
    if (f == FAULT_UNPLUG || f == FAULT_HANG)
        e->deferred = f;
    else
        fire(e, f, 0);
}

static void parse(struct emu *e)
{
    while (e->plugged && !e->hung && !e->protocol_error[0]) {
        size_t end = e->cut_at < e->out_len ? e->cut_at : e->out_len;
        size_t n = e->pos < end
                       ? e->m->lang->step(e, e->out + e->pos, end - e->pos)
                       : 0;
        if (n) {
            e->pos += n;
            continue;
        }
        if (e->cut_at > e->out_len)
            return; /* more bytes needed */
        /* The fault strikes at cut_at: here, or inside the command that
         * straddles it. */
        size_t at = e->cut_at;
        enum fault f = e->fault;
        e->cut_at = SIZE_MAX;
        e->fault = FAULT_NONE;
        fire(e, f, at);
        if (f == FAULT_COVER || f == FAULT_MEDIA)
            e->m->lang->fault(e);
    }
}

static void unknown(struct emu *e, const uint8_t *p)
{
    snprintf(e->protocol_error, sizeof(e->protocol_error),
             "unknown command %02x at byte %zu", p[0], e->pos);
}

/* --- Brother QL raster ---------------------------------------------------
 * Brother's raster command reference.  ESC i S answers a 32-byte status;
 * a print command (0C/1A) prints the page and reports "phase: printing",
 * "printing completed" and, after the last, "phase: receiving".  With the
 * cover open or no media, a page is not printed: the QL reports an error
 * (at once if it strikes mid-label) and ignores data until invalidated by
 * 100 zero bytes.  A page is its job's bytes from the invalidate zeros
 * before ESC @ to the print command. */

static void ql_status(struct emu *e, uint8_t type, uint8_t phase,
                      uint8_t extra_e2)
{
    uint8_t r[32] = {0x80, 0x20, 0x42, 0x34, e->m->model_code, 0x30};
    r[8] = e->media_present ? 0 : 0x01;
    r[9] = (uint8_t)((e->cover_open ? 0x10 : 0) | extra_e2);
    if (e->media_present) {
        r[10] = (uint8_t)e->loaded.width_mm;
        r[11] =
            e->loaded.kind == MEDIA_DIE_CUT ? e->m->die_type : e->m->cont_type;
        r[17] = (uint8_t)e->loaded.length_mm;
    }
    r[18] = type;
    r[19] = phase;
    reply(e, r, sizeof(r));
}

static void ql_fault(struct emu *e)
{
    ql_status(e, 0x02, 0x00, 0);
    e->ql.error_skip = true;
    e->ql.zeros = 0;
    e->ql.job_started = false;
    e->ql.in_label = false;
}

static void ql_print(struct emu *e, size_t end, bool last)
{
    uint8_t wrong = 0;
    if (e->ql.pi_valid && (e->ql.pi_flags & 0x04) &&
        e->ql.pi_width != e->loaded.width_mm)
        wrong = 0x01;
    if (!e->media_present || e->cover_open || wrong) {
        ql_status(e, 0x02, 0x00, wrong);
        e->ql.error_skip = true;
        e->ql.zeros = 0;
        e->ql.job_started = false;
        return;
    }
    if (!e->ql.job_started) {
        e->ql.job_started = true;
        ql_status(e, 0x06, 0x01, 0);
    }
    GBytes *page = received(e, e->job_start, end);
    emu_page(e, page);
    g_bytes_unref(page);
    e->job_start = end;
    ql_status(e, 0x01, 0x01, 0);
    if (last) {
        e->ql.job_started = false;
        ql_status(e, 0x06, 0x00, 0);
    }
    e->reported++;
    e->unreported = false;
}

static size_t ql_step(struct emu *e, const uint8_t *p, size_t n)
{
    size_t need, at = e->pos;
    if (e->ql.error_skip) {
        e->ql.zeros = p[0] ? 0 : e->ql.zeros + 1;
        if (e->ql.zeros >= 100)
            e->ql.error_skip = false;
        e->in_run = false;
        return 1;
    }
    switch (p[0]) {
    case 0x00: /* invalidate */
    case 0x5a: /* blank raster line */
    case 0x0c: /* print page */
    case 0x1a: /* print last page */
        need = 1;
        break;
    case 0x4d: /* compression mode */
        need = 2;
        break;
    case 0x67: /* raster line: 67 00 n data */
    case 0x77: /* two-colour line: 77 c n data */
        if (n < 3)
            return 0;
        need = 3 + (size_t)p[2];
        break;
    case 0x47: /* P-touch raster line: 47 nL nH data */
        if (n < 3)
            return 0;
        need = 3 + (size_t)(p[1] | p[2] << 8);
        break;
    case 0x1b:
        if (n < 2)
            return 0;
        if (p[1] == 0x40) {
            need = 2;
            break;
        }
        if (p[1] != 0x69)
            goto bad;
        if (n < 3)
            return 0;
        switch (p[2]) {
        case 0x53: /* status request */
            need = 3;
            break;
        case 0x61: /* raster mode */
        case 0x21: /* status notification */
        case 0x4d: /* various mode */
        case 0x41: /* cut every */
        case 0x4b: /* expanded mode */
            need = 4;
            break;
        case 0x64: /* margin */
            need = 5;
            break;
        case 0x7a: /* print information */
            need = 13;
            break;
        default:
            goto bad;
        }
        break;
    default:
        goto bad;
    }
    if (n < need)
        return 0;
    bool after_zeros = e->in_run;
    e->in_run = p[0] == 0x00;
    if (p[0] == 0x00) {
        if (!after_zeros)
            e->run_start = at;
    } else if (p[0] == 0x1b && p[1] == 0x40) {
        e->ql.job_started = false;
        e->ql.pi_valid = false;
        e->ql.in_label = false;
        e->job_start = after_zeros ? e->run_start : at;
    } else if (p[0] == 0x1b && p[2] == 0x53) {
        if (!on_status_request(e, at))
            return 0;
        ql_status(e, 0x00, 0x00, 0);
    } else if (p[0] == 0x1b && p[2] == 0x7a) {
        e->ql.pi_valid = true;
        e->ql.pi_flags = p[3];
        e->ql.pi_width = p[5];
    } else if (p[0] == 0x67 || p[0] == 0x77 || p[0] == 0x47 || p[0] == 0x5a) {
        e->raster_lines++;
        if (!e->ql.in_label) {
            e->ql.in_label = true;
            on_label_start(e, at);
        }
    } else if (p[0] == 0x0c || p[0] == 0x1a) {
        e->ql.in_label = false;
        on_label_end(e);
        ql_print(e, at + 1, p[0] == 0x1a);
    }
    return need;
bad:
    unknown(e, p);
    return 0;
}

static void ql_finish(struct emu *e)
{
    (void)e; /* a QL holds no page it has not printed or dropped */
}

static const struct emu_lang QL_LANG = {ql_step, ql_fault, ql_finish};

/* --- Zebra ZPL II --------------------------------------------------------
 * ZPL II Programming Guide.  ~ commands act at once, even inside a
 * format.  A format (^XA..^XZ) joins the receive buffer when complete and
 * is printed when the printer can (head closed, media in); the first ~HS
 * after that shows it printing (labels remaining 1), the second shows it
 * done.  A fault pauses printing; formats stay buffered and print when it
 * is cleared (so a host that sends a job again after a fault prints it
 * twice unless it cancelled the first).  ~JA deletes the buffered formats
 * and any half-received one, and lets the label being printed finish (the
 * guide: "the printer stops after the current label is finished
 * printing").  Cable pulled: the printer keeps what it had, a format cut
 * short included.  A page is its format's bytes, ^XA to ^XZ and newline. */

static bool faulted(const struct emu *e)
{
    return e->cover_open || !e->media_present;
}

static void zpl_start(struct emu *e)
{
    if (!e->zpl.printing && !faulted(e) && !g_queue_is_empty(&e->zpl.buffer)) {
        e->zpl.printing = g_queue_pop_head(&e->zpl.buffer);
        e->zpl.polls = 0;
    }
}

static void zpl_done(struct emu *e)
{
    emu_page(e, e->zpl.printing);
    g_bytes_unref(e->zpl.printing);
    e->zpl.printing = NULL;
    zpl_start(e);
}

static void zpl_finish(struct emu *e)
{
    zpl_start(e);
    while (e->zpl.printing)
        zpl_done(e);
}

static void zpl_fault(struct emu *e)
{
    (void)e; /* the flags pause it; formats keep arriving */
}

static void zpl_status(struct emu *e, bool hqes)
{
    if (e->zpl.printing && !faulted(e) && ++e->zpl.polls >= 2)
        zpl_done(e);
    long formats = (long)g_queue_get_length(&e->zpl.buffer);
    bool idle = !e->zpl.printing && !formats && !e->zpl.in_format;
    if (idle && e->unreported) {
        e->reported++;
        e->unreported = false;
    }
    char r[256];
    int n;
    if (hqes) {
        unsigned e1 = (e->media_present ? 0 : 0x1) | (e->cover_open ? 0x4 : 0);
        n = snprintf(r, sizeof(r),
                     "\x02\r\n  PRINTER STATUS\r\n"
                     "    ERRORS:         %d 00000000 %08X\r\n"
                     "    WARNINGS:       0 00000000 00000000\r\n\x03\r\n",
                     e1 ? 1 : 0, e1);
    } else {
        if (e->hs_silent && faulted(e))
            return;
        /* aaa,b paper out,c pause,dddd,eee formats,f,g,h partial,iii,j,k,l
         * mmm,n,o head up,p,q,r,s,t,uuuuuuuu labels remaining,v,www
         * xxxx,y */
        n = snprintf(r, sizeof(r),
                     "\x02"
                     "030,%d,0,1215,%03ld,0,0,%d,000,0,0,0\x03\r\n"
                     "\x02"
                     "000,0,%d,0,0,2,6,0,%08d,1,000\x03\r\n"
                     "\x02"
                     "1234,0\x03\r\n",
                     e->media_present ? 0 : 1, formats, e->zpl.in_format,
                     e->cover_open, e->zpl.printing ? 1 : 0);
    }
    reply(e, r, (size_t)n);
}

static size_t zpl_step(struct emu *e, const uint8_t *p, size_t n)
{
    size_t at = e->pos;
    if (p[0] == '~') {
        if (n < 3)
            return 0;
        if (!memcmp(p, "~HS", 3) || !memcmp(p, "~HQ", 3)) {
            bool hqes = p[2] == 'Q';
            if (hqes && n < 5)
                return 0;
            if (hqes && memcmp(p + 3, "ES", 2) != 0)
                goto bad;
            if (!on_status_request(e, at))
                return 0;
            zpl_status(e, hqes);
            return hqes ? 5 : 3;
        }
        if (!memcmp(p, "~JA", 3)) {
            g_queue_clear_full(&e->zpl.buffer, (GDestroyNotify)g_bytes_unref);
            e->zpl.in_format = false;
            return 3;
        }
        goto bad;
    }
    if (!e->zpl.in_format) {
        if (p[0] == '\r' || p[0] == '\n')
            return 1;
        if (n < 3)
            return 0;
        if (memcmp(p, "^XA", 3) != 0)
            goto bad;
        e->zpl.in_format = true;
        e->zpl.format_start = at;
        on_label_start(e, at);
        return 3;
    }
    if (p[0] != '^') {
        /* Parameters and ^GF data run to the next command. */
        size_t k = 1;
        while (k < n && p[k] != '^' && p[k] != '~')
            k++;
        return k;
    }
    if (n < 3)
        return 0;
    if (!memcmp(p, "^XZ", 3)) {
        if (n < 4)
            return 0;
        size_t len = p[3] == '\n' ? 4 : 3;
        g_queue_push_tail(&e->zpl.buffer,
                          received(e, e->zpl.format_start, at + len));
        e->zpl.in_format = false;
        zpl_start(e);
        on_label_end(e);
        return len;
    }
    static const char *const KNOWN[] = {"^MN", "^PW", "^LL", "^LH",
                                        "^FO", "^GF", "^FS"};
    for (size_t i = 0; i < sizeof(KNOWN) / sizeof(KNOWN[0]); i++)
        if (!memcmp(p, KNOWN[i], 3))
            return 3;
    if (!memcmp(p, "^XA", 3)) {
        snprintf(e->protocol_error, sizeof(e->protocol_error),
                 "^XA at byte %zu inside the format begun at byte %zu", at,
                 e->zpl.format_start);
        return 0;
    }
bad:
    unknown(e, p);
    return 0;
}

static const struct emu_lang ZPL_LANG = {zpl_step, zpl_fault, zpl_finish};

/* --- DYMO LabelWriter 450 ------------------------------------------------
 * LabelWriter 450 Series Technical Reference.  ESC A answers one byte: 02
 * top of form, 20 paper out, 80 error; 00 while a label is fed.  The 450
 * reports no cover, so "cover open" is emulated as its error bit (80).
 * Lines print as they arrive; a form feed (ESC G, ESC E) feeds the label
 * out, which the second ESC A after it shows done; until then it is not
 * at a top of form.  A fault mid-label spoils it: the rest is ignored
 * until ESC @.  A fault after the last line stops the feed of a label
 * already printed.  Cable pulled or hung mid-label: the label stays half
 * printed, so no top of form until a form feed takes it out (spoiled).  A
 * run of ESC completes any half-received command (a run-length line is
 * clipped at its end) and ends in a command.  A page is its job's bytes
 * from the ESC run before ESC @ to the form feed. */

static void dymo_fault(struct emu *e)
{
    e->dymo.skip = true;
    e->dymo.in_label = false;
}

static void dymo_finish(struct emu *e)
{
    if (!e->dymo.feeding)
        return;
    if (e->dymo.fed) {
        emu_page(e, e->dymo.fed);
        g_bytes_unref(e->dymo.fed);
        e->dymo.fed = NULL;
    } else {
        e->spoiled++;
    }
    e->dymo.feeding = false;
}

static void dymo_status(struct emu *e)
{
    if (e->dymo.feeding && !faulted(e) && ++e->dymo.polls >= 2)
        dymo_finish(e);
    uint8_t s = !e->media_present                     ? 0x20
                : e->cover_open                       ? 0x80
                : e->dymo.feeding || e->dymo.in_label ? 0x00
                                                      : 0x02;
    if (s == 0x02 && e->unreported) {
        e->reported++;
        e->unreported = false;
    }
    reply(e, &s, 1);
}

static void dymo_feed(struct emu *e, size_t end)
{
    if (!e->dymo.in_label)
        return; /* spoiled by a fault, or a feed with no label */
    e->dymo.in_label = false;
    bool whole = e->dymo.lines >= e->dymo.length;
    GBytes *page = whole ? received(e, e->job_start, end) : NULL;
    e->job_start = end;
    if (whole && faulted(e)) {
        emu_page(e, page); /* printed; only the feed stopped */
        g_bytes_unref(page);
        return;
    }
    e->dymo.feeding = true;
    e->dymo.fed = page;
    e->dymo.polls = 0;
}

static size_t dymo_step(struct emu *e, const uint8_t *p, size_t n)
{
    size_t at = e->pos, len;
    size_t dots = (size_t)e->dymo.bpl * 8;
    if (p[0] == 0x16) { /* SYN: a line of raw bytes */
        len = 1 + (size_t)e->dymo.bpl;
        if (n < len)
            return 0;
        e->raster_lines++;
        e->dymo.lines++;
        e->in_run = false;
        return len;
    }
    if (p[0] == 0x17) { /* ETB: a line of runs */
        size_t covered = 0;
        for (len = 1; covered < dots; len++) {
            if (len >= n)
                return 0;
            covered += (size_t)(p[len] & 0x7f) + 1;
        }
        /* A last run past the line's end is clipped (so a run of ESC
         * ends a half-received line); the encoder's pages are checked
         * byte for byte elsewhere. */
        e->raster_lines++;
        e->dymo.lines++;
        e->in_run = false;
        return len;
    }
    if (p[0] != 0x1b)
        goto bad;
    if (n < 2)
        return 0;
    bool after_run = e->in_run;
    switch (p[1]) {
    case 0x1b: /* synchronisation */
        if (!after_run)
            e->run_start = at;
        e->in_run = true;
        return 1;
    case '@':
        e->job_start = after_run ? e->run_start : at;
        e->dymo.skip = false;
        e->dymo.in_label = false;
        e->dymo.bpl = 84;
        len = 2;
        break;
    case 'A':
        if (!on_status_request(e, at))
            return 0;
        dymo_status(e);
        len = 2;
        break;
    case 'h': /* text mode */
    case 'i': /* graphics mode */
        len = 2;
        break;
    case 'B': /* dot tab */
    case 'D': /* bytes per line */
        if (n < 3)
            return 0;
        if (p[1] == 'D') {
            if (p[2] < 1 || p[2] > 84) {
                snprintf(e->protocol_error, sizeof(e->protocol_error),
                         "ESC D %d at byte %zu", p[2], at);
                return 0;
            }
            e->dymo.bpl = p[2];
        }
        len = 3;
        break;
    case 'L': /* label length */
        if (n < 4)
            return 0;
        if (!e->dymo.skip) {
            e->dymo.in_label = true;
            e->dymo.lines = 0;
            e->dymo.length = p[2] << 8 | p[3];
            on_label_start(e, at);
        }
        len = 4;
        break;
    case 'G': /* short form feed */
    case 'E': /* form feed */
        on_label_end(e);
        dymo_feed(e, at + 2);
        len = 2;
        break;
    default:
        goto bad;
    }
    e->in_run = false;
    return len;
bad:
    unknown(e, p);
    return 0;
}

static const struct emu_lang DYMO_LANG = {dymo_step, dymo_fault, dymo_finish};

/* --- The emulated printer: USB ------------------------------------------ */

/* GET_DESCRIPTOR(string) on the control endpoint: langid, then the maker,
 * the model name and the serial number as UTF-16LE. */
static void control(struct emu *e, struct urb_rec *rec)
{
    struct usbdevfs_urb *u = (struct usbdevfs_urb *)rec->urb->data;
    uint8_t *b = rec->buf ? rec->buf->data : NULL;
    if (!b || u->buffer_length < 8) {
        complete_urb(e, rec, -EPIPE, 0);
        return;
    }
    int wlen = b[6] | b[7] << 8;
    if (b[0] != 0x80 || b[1] != 0x06 || b[3] != 0x03) {
        complete_urb(e, rec, -EPIPE, 0);
        return;
    }
    uint8_t d[256];
    int len;
    if (b[2] == 0) {
        len = 4;
        d[2] = 0x09;
        d[3] = 0x04;
    } else {
        const char *s = b[2] == 1   ? e->m->maker
                        : b[2] == 2 ? e->m->name
                        : b[2] == 3 ? e->serial
                                    : NULL;
        if (!s) {
            complete_urb(e, rec, -EPIPE, 0);
            return;
        }
        len = 2;
        for (size_t i = 0; s[i] && len < 254; i++) {
            d[len++] = (uint8_t)s[i];
            d[len++] = 0;
        }
    }
    d[0] = (uint8_t)len;
    d[1] = 0x03;
    int n = len < wlen ? len : wlen;
    if (n > u->buffer_length - 8)
        n = u->buffer_length - 8;
    memcpy(b + 8, d, (size_t)n);
    complete_urb(e, rec, 0, n);
}

static void submit(struct emu *e, UMockdevIoctlClient *c,
                   UMockdevIoctlData *arg, long *res, int *err)
{
    UMockdevIoctlData *ud =
        umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), NULL);
    if (!ud) {
        *res = -1;
        *err = EFAULT;
        return;
    }
    struct usbdevfs_urb *u = (struct usbdevfs_urb *)ud->data;
    struct urb_rec *rec = g_new0(struct urb_rec, 1);
    rec->client = g_object_ref(c);
    rec->urb = ud;
    if (u->buffer_length > 0)
        rec->buf = umockdev_ioctl_data_resolve(
            ud, offsetof(struct usbdevfs_urb, buffer), (gsize)u->buffer_length,
            NULL);
    u = (struct usbdevfs_urb *)ud->data;
    *res = 0;
    if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
        control(e, rec);
    } else if (u->type == USBDEVFS_URB_TYPE_BULK &&
               u->endpoint == e->m->ep_in) {
        g_queue_push_tail(&e->pending_in, rec);
        pump(e);
    } else if (u->type == USBDEVFS_URB_TYPE_BULK &&
               u->endpoint == e->m->ep_out) {
        if (e->hung) {
            g_queue_push_tail(&e->pending_out, rec);
            return;
        }
        size_t n = (size_t)u->buffer_length, base = e->out_len;
        if (e->out_len + n > e->out_cap) {
            e->out_cap = (e->out_len + n) * 2;
            e->out = g_realloc(e->out, e->out_cap);
        }
        if (n)
            memcpy(e->out + e->out_len, rec->buf->data, n);
        e->out_len += n;
        parse(e);
        rec->accepted = e->out_len > base ? e->out_len - base : 0;
        if (rec->accepted > n)
            rec->accepted = n;
        if (!e->plugged)
            complete_urb(e, rec, -ESHUTDOWN, (int)rec->accepted);
        else if (e->hung)
            g_queue_push_tail(&e->pending_out, rec);
        else
            complete_urb(e, rec, 0, (int)n);
        if (e->deferred) {
            enum fault f = e->deferred;
            e->deferred = FAULT_NONE;
            e->m->lang->finish(e);
            if (f == FAULT_UNPLUG)
                unplug(e);
            else
                hang(e);
        }
        pump(e);
    } else {
        free_rec(rec);
        *res = -1;
        *err = EINVAL;
    }
}

static bool discard(struct emu *e, GQueue *q, UMockdevIoctlClient *c,
                    gulong addr)
{
    for (GList *l = q->head; l; l = l->next) {
        struct urb_rec *rec = l->data;
        if (rec->client == c && rec->urb->client_addr == addr) {
            g_queue_delete_link(q, l);
            complete_urb(e, rec, -ENOENT, (int)rec->accepted);
            return true;
        }
    }
    return false;
}

static gboolean on_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c,
                         gpointer data)
{
    (void)h;
    struct emu *e = data;
    unsigned long req = umockdev_ioctl_client_get_request(c);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
    long res = 0;
    int err = 0;
    pthread_mutex_lock(&e->mu);
    if (!e->plugged && req != USBDEVFS_REAPURB &&
        req != USBDEVFS_REAPURBNDELAY && req != USBDEVFS_DISCARDURB) {
        res = -1;
        err = ENODEV;
        goto done;
    }
    switch (req) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(arg, 0, 4, NULL);
        *(guint32 *)d->data = USBDEVFS_CAP_BULK_CONTINUATION |
                              USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                              USBDEVFS_CAP_REAP_AFTER_DISCONNECT;
        g_object_unref(d);
        break;
    }
    case USBDEVFS_GETDRIVER: {
        if (!e->driver_bound) {
            res = -1;
            err = ENODATA;
            break;
        }
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(
            arg, 0, sizeof(struct usbdevfs_getdriver), NULL);
        struct usbdevfs_getdriver *g = (struct usbdevfs_getdriver *)d->data;
        snprintf(g->driver, sizeof(g->driver), "usblp");
        g_object_unref(d);
        break;
    }
    case USBDEVFS_IOCTL: {
        UMockdevIoctlData *d = umockdev_ioctl_data_resolve(
            arg, 0, sizeof(struct usbdevfs_ioctl), NULL);
        struct usbdevfs_ioctl *io = (struct usbdevfs_ioctl *)d->data;
        if (io->ioctl_code == (int)USBDEVFS_DISCONNECT && e->driver_bound) {
            e->driver_bound = false;
            e->detached = true;
        } else if (io->ioctl_code == (int)USBDEVFS_CONNECT) {
            e->driver_bound = true;
        } else {
            res = -1;
            err = ENODATA;
        }
        g_object_unref(d);
        break;
    }
    case USBDEVFS_CLAIMINTERFACE:
        if (e->driver_bound) {
            res = -1;
            err = EBUSY;
        }
        break;
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESET:
    case USBDEVFS_RESETEP:
        break;
    case USBDEVFS_SUBMITURB:
        submit(e, c, arg, &res, &err);
        break;
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
        struct urb_rec *rec = NULL;
        for (GList *l = e->done.head; l; l = l->next) {
            struct urb_rec *r = l->data;
            if (r->client == c) {
                rec = r;
                g_queue_delete_link(&e->done, l);
                break;
            }
        }
        if (!rec) {
            res = -1;
            err = e->plugged ? EAGAIN : ENODEV;
            break;
        }
        UMockdevIoctlData *p =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), NULL);
        umockdev_ioctl_data_set_ptr(p, 0, rec->urb);
        g_object_unref(p);
        free_rec(rec);
        break;
    }
    case USBDEVFS_DISCARDURB: {
        gulong addr = *(gulong *)arg->data;
        if (!discard(e, &e->pending_in, c, addr) &&
            !discard(e, &e->pending_out, c, addr)) {
            res = -1;
            err = EINVAL;
        }
        break;
    }
    default:
        res = -1;
        err = ENOTTY;
        break;
    }
done:
    pthread_mutex_unlock(&e->mu);
    umockdev_ioctl_client_complete(c, res, err);
    return TRUE;
}

static void hex(GString *s, const uint8_t *b, size_t n)
{
    for (size_t i = 0; i < n; i++)
        g_string_append_printf(s, "%02x", b[i]);
}

/* Plug the printer in as /dev/bus/usb/001/<devnum> on port 1-<port>. */
static void emu_plug(struct emu *e, int devnum)
{
    pthread_mutex_lock(&e->mu);
    e->devnum = devnum;
    e->plugged = true;
    snprintf(e->devnode, sizeof(e->devnode), "/dev/bus/usb/001/%03d", devnum);
    snprintf(e->syspath, sizeof(e->syspath),
             "/sys/devices/pci0000:00/usb1/1-%s", e->port);
    pthread_mutex_unlock(&e->mu);
    const struct model_case *m = e->m;
    const uint8_t dev[18] = {0x12,
                             0x01,
                             0x00,
                             0x02,
                             0x00,
                             0x00,
                             0x00,
                             0x40,
                             (uint8_t)m->vendor,
                             (uint8_t)(m->vendor >> 8),
                             (uint8_t)m->product,
                             (uint8_t)(m->product >> 8),
                             0x00,
                             0x01,
                             0x01,
                             0x02,
                             0x03,
                             0x01};
    /* One configuration: printer-class interface (07/01/02), bulk OUT
     * and bulk IN, 64-byte packets. */
    const uint8_t cfg[32] = {0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00,
                             0xc0, 0x01, 0x09, 0x04, 0x00, 0x00, 0x02,
                             0x07, 0x01, 0x02, 0x00, 0x07, 0x05, m->ep_out,
                             0x02, 0x40, 0x00, 0x00, 0x07, 0x05, m->ep_in,
                             0x02, 0x40, 0x00, 0x00};
    GString *s = g_string_new(NULL);
    g_string_append_printf(s,
                           "P: /devices/pci0000:00/usb1/1-%s\n"
                           "N: bus/usb/001/%03d\n"
                           "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
                           "E: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=%03d\n"
                           "E: DEVNAME=/dev/bus/usb/001/%03d\n"
                           "A: busnum=1\\n\nA: devnum=%d\\n\n"
                           "A: bConfigurationValue=1\\n\nA: speed=12\\n\n"
                           "A: idVendor=%04x\\n\nA: idProduct=%04x\\n\n"
                           "A: serial=%s\\n\n"
                           "H: descriptors=",
                           e->port, devnum, devnum, devnum, devnum, m->vendor,
                           m->product, e->serial);
    hex(s, dev, sizeof(dev));
    hex(s, cfg, sizeof(cfg));
    g_string_append_c(s, '\n');
    GError *gerr = NULL;
    /* The handler first, so that the device node works when it appears. */
    if (!umockdev_testbed_attach_ioctl(e->tb, e->devnode, e->handler, &gerr) ||
        !umockdev_testbed_add_from_string(e->tb, s->str, &gerr)) {
        TU_FAIL_AT("adding the emulated %s: %s", m->name,
                   gerr ? gerr->message : "?");
        g_clear_error(&gerr);
    }
    e->attached = true;
    g_string_free(s, TRUE);
}

/* Take the device away entirely (after an unplug). */
static void emu_remove(struct emu *e)
{
    pthread_mutex_lock(&e->mu);
    unplug(e);
    pthread_mutex_unlock(&e->mu);
    umockdev_testbed_uevent(e->tb, e->syspath, "remove");
    umockdev_testbed_remove_device(e->tb, e->syspath);
    umockdev_testbed_detach_ioctl(e->tb, e->devnode, NULL);
    e->attached = false;
}

static void emu_init(struct emu *e, UMockdevTestbed *tb,
                     const struct model_case *m, const char *serial,
                     const char *port)
{
    memset(e, 0, sizeof(*e));
    pthread_mutex_init(&e->mu, NULL);
    g_queue_init(&e->pending_in);
    g_queue_init(&e->pending_out);
    g_queue_init(&e->done);
    g_queue_init(&e->replies);
    g_queue_init(&e->zpl.buffer);
    e->page_bytes =
        g_ptr_array_new_with_free_func((GDestroyNotify)g_bytes_unref);
    e->tb = tb;
    e->m = m;
    e->serial = serial;
    e->port = port;
    e->media_present = true;
    e->loaded = m->badge;
    e->cut_at = SIZE_MAX;
    e->dymo.bpl = 84;
    e->handler = umockdev_ioctl_base_new();
    g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
}

static void emu_free(struct emu *e)
{
    if (e->attached)
        umockdev_testbed_detach_ioctl(e->tb, e->devnode, NULL);
    g_clear_object(&e->handler);
    g_queue_clear_full(&e->pending_in, (GDestroyNotify)free_rec);
    g_queue_clear_full(&e->pending_out, (GDestroyNotify)free_rec);
    g_queue_clear_full(&e->done, (GDestroyNotify)free_rec);
    drop_replies(e);
    g_queue_clear_full(&e->zpl.buffer, (GDestroyNotify)g_bytes_unref);
    if (e->zpl.printing)
        g_bytes_unref(e->zpl.printing);
    if (e->dymo.fed)
        g_bytes_unref(e->dymo.fed);
    g_ptr_array_unref(e->page_bytes);
    g_free(e->out);
    pthread_mutex_destroy(&e->mu);
}

/* Forget what was sent so far, half-received commands included (the
 * printer's state stays). */
static void emu_clear_record(struct emu *e)
{
    pthread_mutex_lock(&e->mu);
    e->out_len = e->pos = e->job_start = 0;
    e->in_run = false;
    e->raster_lines = 0;
    e->pages = e->status_requests = 0;
    g_ptr_array_set_size(e->page_bytes, 0);
    pthread_mutex_unlock(&e->mu);
}

/* Strike `f` at phase `ph` of the next job. */
static void emu_schedule(struct emu *e, enum fault f, enum phase ph)
{
    pthread_mutex_lock(&e->mu);
    e->fault = f;
    e->phase = ph;
    pthread_mutex_unlock(&e->mu);
}

/* The volunteer fixes `f` (an unplugged printer is plugged in again by
 * the caller); the printer prints what it still holds. */
static void emu_clear_fault(struct emu *e, enum fault f)
{
    pthread_mutex_lock(&e->mu);
    if (f == FAULT_COVER)
        e->cover_open = false;
    else if (f == FAULT_MEDIA)
        e->media_present = true;
    else if (f == FAULT_HANG)
        e->hung = false;
    e->m->lang->finish(e);
    pthread_mutex_unlock(&e->mu);
}

/* --- The printers -------------------------------------------------------- */

/* QL-800: 62 mm continuous badges (QL-8xx media codes 4A/4B).
 * QL-1100: 4x6 in (102x152 mm) die-cut badges (codes 0A/0B). */
static const struct model_case QL800 = {
    .name = "QL-800",
    .lang = &QL_LANG,
    .vendor = 0x04f9,
    .product = 0x209b,
    .maker = "Brother",
    .serial = "000G8Z800123",
    .ep_out = 0x02,
    .ep_in = 0x81,
    .model_code = 0x38,
    .cont_type = 0x4a,
    .die_type = 0x4b,
    .badge = {MEDIA_CONTINUOUS, 62, 0},
    .other = {MEDIA_CONTINUOUS, 29, 0},
    .cover_says = "the cover is open",
    .cover_state = PRINTER_COVER_OPEN,
};
static const struct model_case QL1100 = {
    .name = "QL-1100",
    .lang = &QL_LANG,
    .vendor = 0x04f9,
    .product = 0x20a7,
    .maker = "Brother",
    .serial = "000H1Z110456",
    .ep_out = 0x02,
    .ep_in = 0x81,
    .model_code = 0x43,
    .cont_type = 0x0a,
    .die_type = 0x0b,
    .badge = {MEDIA_DIE_CUT, 102, 152},
    .other = {MEDIA_DIE_CUT, 62, 100},
    .cover_says = "the cover is open",
    .cover_state = PRINTER_COVER_OPEN,
};
/* ZD420, 203 dpi, 4x6 in badges.  Zebra's vendor id; the product id is
 * this emulator's own: checkin knows no Zebra product ids, so the URI
 * gives the ids and the model option the model. */
static const struct model_case ZD420 = {
    .name = "ZD420",
    .lang = &ZPL_LANG,
    .vendor = 0x0a5f,
    .product = 0x0120,
    .maker = "Zebra Technologies",
    .serial = "D3J204201234",
    .ep_out = 0x01,
    .ep_in = 0x81,
    .uri = "usb:0a5f:0120",
    .model = "ZD420",
    .badge = {MEDIA_DIE_CUT, 102, 152},
    .cover_says = "the cover is open",
    .cover_state = PRINTER_COVER_OPEN,
};
/* LabelWriter 450 (0922:0020), 30857 badge labels (59x102 mm). */
static const struct model_case LW450 = {
    .name = "LabelWriter 450",
    .lang = &DYMO_LANG,
    .vendor = 0x0922,
    .product = 0x0020,
    .maker = "DYMO",
    .serial = "01010112345600",
    .ep_out = 0x02,
    .ep_in = 0x82,
    .badge = {MEDIA_DIE_CUT, 59, 102},
    .cover_says = "reports an error (often a label jam)",
    .cover_state = PRINTER_OTHER_ERROR,
};

/* --- The station side: a store, jobs and a renderer ------------------- */

struct fixture {
    UMockdevTestbed *tb;
    struct emu emu;
    const struct model_case *m;
    store *s;
    int64_t attendee; /* paid, with one tutorial */
    int64_t tutorial; /* the one they bought */
    printer *p;
};

/* The label "renderer": a deterministic pattern filling the printable
 * area of the badge media, different for every job (label rendering
 * proper is label.c's). */
static int render(void *ctx, const struct job *job, struct media *media,
                  struct bitmap1 **pages, size_t *npages, struct ck_error *err)
{
    const struct fixture *f = ctx;
    const struct printer_model *model = printer_get_model(f->p);
    *media = f->m->badge;
    int w, h;
    int code = driver_printable(model, media, &w, &h, err);
    if (code)
        return code;
    if (h <= 0)
        h = 400;
    *pages = calloc(1, sizeof(**pages));
    if (!*pages)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    code = bitmap1_new(w, h, &(*pages)[0], err);
    if (code) {
        free(*pages);
        *pages = NULL;
        return code;
    }
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if ((x + y + (int)job->id) % 23 < 3 || y < 4)
                bitmap1_set(&(*pages)[0], x, y, true);
    *npages = 1;
    return CK_OK;
}

static int fixture_open(struct fixture *f, const struct model_case *m)
{
    static int dbs;
    memset(f, 0, sizeof(*f));
    f->m = m;
    f->tb = umockdev_testbed_new();
    emu_init(&f->emu, f->tb, m, m->serial, "2");
    emu_plug(&f->emu, 2);
    struct ck_error err = {0};
    char name[32];
    snprintf(name, sizeof(name), "usb-%d.db", dbs++);
    const char *db = tu_path(name);
    struct import_counts n;
    struct attendee_list people = {0};
    if (store_open(db, STORE_CREATE, &f->s, &err) ||
        event_load(f->s, tu_demo_event_ini(), &err) ||
        import_file(f->s, CONFIG_DIR "/demo/registrations.csv", NULL, &n,
                    &err) ||
        store_attendee_search(f->s, "", 0, &people, &err)) {
        TU_FAIL_AT("making the event store: %s", err.msg);
        return -1;
    }
    /* Someone the desk prints a badge and one tutorial ticket for. */
    for (size_t i = 0; i < people.n && !f->attendee; i++) {
        const struct attendee *a = &people.items[i];
        if (a->status == STATUS_PAID && a->ntutorials == 1 &&
            store_tutorial_id(f->s, a->tutorials[0], &f->tutorial, &err) ==
                CK_OK)
            f->attendee = a->id;
    }
    attendee_list_free(&people);
    if (!f->attendee) {
        TU_FAIL_AT("the demo event has no paid attendee with one tutorial");
        return -1;
    }
    return 0;
}

static int open_printer(struct fixture *f, const char *uri)
{
    struct printer_options opt = {0};
    opt.model = f->m->model;
    opt.status_timeout_ms = 500;
    opt.print_timeout_ms = 1500;
    opt.poll_ms = 60;
    struct ck_error err = {0};
    if (printer_open(uri, &opt, &f->p, &err)) {
        TU_FAIL_AT("printer_open(%s): %s", uri, err.msg);
        return -1;
    }
    return 0;
}

static const char *uri_of(const struct model_case *m)
{
    return m->uri ? m->uri : "usb:";
}

static void fixture_close(struct fixture *f)
{
    printer_close(f->p);
    store_close(f->s);
    emu_free(&f->emu);
    g_clear_object(&f->tb);
}

static int64_t queue_job(struct fixture *f, enum job_kind kind)
{
    int64_t id = 0;
    struct ck_error err = {0};
    if (jobs_add(f->s, f->attendee, kind, kind == JOB_TICKET ? f->tutorial : 0,
                 kind == JOB_TICKET ? "ticket" : "badge", "desk-1", NULL, &id,
                 &err))
        TU_FAIL_AT("jobs_add: %s", err.msg);
    return id;
}

static int64_t queue_badge(struct fixture *f)
{
    return queue_job(f, JOB_BADGE);
}

static struct print_queue_report run_queue(struct fixture *f)
{
    struct print_queue_report r;
    struct ck_error err = {0};
    if (print_queue_run(f->s, f->p, NULL, render, f, &r, &err))
        TU_FAIL_AT("print_queue_run: %s", err.msg);
    return r;
}

/* The job as the store has it: state, attempts, error. */
static void expect_job(struct fixture *f, int64_t id, enum job_state state,
                       int attempts, const char *error_part)
{
    struct job_list l;
    struct ck_error err = {0};
    if (jobs_get(f->s, id, &l, &err)) {
        TU_FAIL_AT("jobs_get: %s", err.msg);
        return;
    }
    const struct job *j = &l.items[0];
    if (j->state != state)
        TU_FAIL_AT("job %lld is %s (%s), expected %s", (long long)id,
                   job_state_str(j->state), j->error ? j->error : "",
                   job_state_str(state));
    EXPECT_INT(j->attempts, attempts);
    if (error_part)
        EXPECT_CONTAINS(j->error, error_part);
    else
        EXPECT_TRUE(j->error == NULL);
    job_list_free(&l);
}

static bool job_is_pending(struct fixture *f, int64_t id)
{
    struct job_list l;
    struct ck_error err = {0};
    bool found = false;
    if (jobs_pending(f->s, NULL, JOBS_MAX_ATTEMPTS, &l, &err) == CK_OK) {
        for (size_t i = 0; i < l.n; i++)
            found |= l.items[i].id == id;
        job_list_free(&l);
    }
    return found;
}

static long scan_rows(struct fixture *f)
{
    sqlite3 *db;
    long n = -1;
    if (sqlite3_open_v2(store_path(f->s), &db, SQLITE_OPEN_READONLY, NULL) ==
        SQLITE_OK) {
        sqlite3_stmt *st;
        if (sqlite3_prepare_v2(db, "SELECT count(*) FROM scan", -1, &st,
                               NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return n;
}

/* What driver_encode makes for job `id` (the caller frees it). */
static struct bytebuf encoded(struct fixture *f, int64_t id)
{
    struct job_list l;
    struct ck_error err = {0};
    struct bytebuf want = {0};
    if (jobs_get(f->s, id, &l, &err)) {
        TU_FAIL_AT("jobs_get: %s", err.msg);
        return want;
    }
    struct media media;
    struct bitmap1 *pages = NULL;
    size_t n = 0;
    if (render(f, &l.items[0], &media, &pages, &n, &err) == CK_OK) {
        struct print_options po = {0};
        EXPECT_INT(driver_encode(printer_get_model(f->p), &media, pages, n, &po,
                                 &want, &err),
                   CK_OK);
        bitmap1_free(&pages[0]);
        free(pages);
    }
    job_list_free(&l);
    return want;
}

/* How many pages the printer produced that are, byte for byte, what
 * driver_encode makes for job `id`. */
static int pages_of(struct fixture *f, int64_t id)
{
    struct bytebuf want = encoded(f, id);
    int n = 0;
    pthread_mutex_lock(&f->emu.mu);
    for (guint i = 0; i < f->emu.page_bytes->len; i++) {
        gsize len;
        const uint8_t *b =
            g_bytes_get_data(g_ptr_array_index(f->emu.page_bytes, i), &len);
        n += len == want.len && memcmp(b, want.data, len) == 0;
    }
    pthread_mutex_unlock(&f->emu.mu);
    bytebuf_free(&want);
    return n;
}

/* What the printer received is status requests (invalidate, ESC @,
 * ESC i S) and then exactly the job driver_encode makes (Brother). */
static void expect_sent_exactly(struct fixture *f, int64_t job_id)
{
    struct bytebuf want = encoded(f, job_id);
    pthread_mutex_lock(&f->emu.mu);
    const uint8_t *got = f->emu.out;
    size_t got_len = f->emu.out_len;
    bool tail = got_len >= want.len &&
                memcmp(got + got_len - want.len, want.data, want.len) == 0;
    size_t prefix = tail ? got_len - want.len : 0, requests = 0;
    bool prefix_ok = tail;
    for (size_t i = 0; prefix_ok && i < prefix;) {
        if (got[i] == 0) {
            i++;
        } else if (prefix - i >= 5 &&
                   !memcmp(got + i, "\x1b\x40\x1b\x69\x53", 5)) {
            i += 5;
            requests++;
        } else {
            prefix_ok = false;
        }
    }
    pthread_mutex_unlock(&f->emu.mu);
    if (!tail)
        TU_FAIL_AT("the printer did not receive the encoded job (%zu bytes "
                   "received, job is %zu)",
                   got_len, want.len);
    EXPECT_TRUE(prefix_ok);
    EXPECT_TRUE(requests >= 1);
    bytebuf_free(&want);
}

/* --- Scenarios: Brother QL --------------------------------------------- */

static void good_print(const struct model_case *m, bool usblp_bound)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    f.emu.driver_bound = usblp_bound;
    REQUIRE(open_printer(&f, "usb:") == 0);
    char where[64];
    snprintf(where, sizeof(where), "%s on usb 1-2", m->name);
    EXPECT_STR(printer_describe(f.p), where);
    if (usblp_bound)
        EXPECT_TRUE(f.emu.detached);

    struct printer_status st;
    struct ck_error err = {0};
    EXPECT_INT(printer_query(f.p, &st, &err), CK_OK);
    EXPECT_INT(st.state, PRINTER_READY);
    EXPECT_TRUE(st.media_known && printer_media_equal(&st.media, &m->badge));

    emu_clear_record(&f.emu);
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    EXPECT_INT(r.failed, 0);
    expect_job(&f, id, JOB_PRINTED, 1, NULL);
    EXPECT_INT(f.emu.pages, 1);
    EXPECT_STR(f.emu.protocol_error, "");
    expect_sent_exactly(&f, id);
    EXPECT_TRUE(!job_is_pending(&f, id));
    /* A second pass finds nothing to do: printed exactly once. */
    r = run_queue(&f);
    EXPECT_INT(r.printed + r.failed, 0);
    EXPECT_INT(f.emu.pages, 1);
    EXPECT_INT(scan_rows(&f), 0);
    if (usblp_bound) {
        printer_close(f.p);
        f.p = NULL;
        EXPECT_TRUE(f.emu.driver_bound); /* given back to usblp */
    }
out:
    fixture_close(&f);
}

static void ql800_good_print(void)
{
    good_print(&QL800, false);
}

static void ql1100_good_print_after_detaching_usblp(void)
{
    good_print(&QL1100, true);
}

static void no_media(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    f.emu.media_present = false;
    char uri[32];
    snprintf(uri, sizeof(uri), "usb:04f9:%04x", m->product);
    REQUIRE(open_printer(&f, uri) == 0);
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.failed, 1);
    EXPECT_INT(r.state, PRINTER_NO_MEDIA);
    expect_job(&f, id, JOB_FAILED, 0, "no labels are loaded");
    EXPECT_CONTAINS(r.message, printer_media_product(&m->badge));
    EXPECT_INT(f.emu.raster_lines, 0);
    EXPECT_INT(f.emu.pages, 0);
    EXPECT_TRUE(job_is_pending(&f, id));
    /* Labels loaded: the retry prints it once. */
    pthread_mutex_lock(&f.emu.mu);
    f.emu.media_present = true;
    pthread_mutex_unlock(&f.emu.mu);
    r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    expect_job(&f, id, JOB_PRINTED, 1, NULL);
    EXPECT_INT(f.emu.pages, 1);
out:
    fixture_close(&f);
}

/* The label-stock forecast from what the emulated QL-800 reports: its
 * 62 mm continuous roll is Brother's 30.48 m (304 badges of 100 mm), the
 * labels printed since it was loaded count down from it, and a printer
 * out of labels says so. */
static void ql800_media_gives_the_forecast_its_roll(void)
{
    struct fixture f;
    if (fixture_open(&f, &QL800))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    struct printer_status st;
    struct ck_error err = {0};
    EXPECT_INT(printer_query(f.p, &st, &err), CK_OK);
    REQUIRE(st.answered && st.media_known);
    struct label_stock ls = {.loaded_ms = store_now_ms(), .label_mm = 100};
    ls.roll = label_stock_standard_roll(&st.media, ls.label_mm);
    EXPECT_INT(ls.roll, 304);
    queue_job(&f, JOB_BADGE);
    queue_job(&f, JOB_TICKET);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.printed, 2);
    struct label_forecast fc;
    REQUIRE(label_stock_forecast(f.s, "desk-1", &ls, false, store_now_ms(), &fc,
                                 &err) == CK_OK);
    /* Two labels in (at least) a minute: 302 left last 151 minutes (the
     * displays' "About 302 labels left, reload in ~151 minutes."). */
    EXPECT_INT(fc.state, LABEL_FORECAST_MINUTES);
    EXPECT_INT(fc.left, 302);
    EXPECT_INT(fc.minutes, 151);
    pthread_mutex_lock(&f.emu.mu);
    f.emu.media_present = false;
    pthread_mutex_unlock(&f.emu.mu);
    /* The query's error is the sentence for the volunteer; the state is
     * what the forecast reads. */
    EXPECT_INT(printer_query(f.p, &st, &err) != CK_OK, 1);
    EXPECT_INT(st.state, PRINTER_NO_MEDIA);
    REQUIRE(label_stock_forecast(f.s, "desk-1", &ls,
                                 st.state == PRINTER_NO_MEDIA, store_now_ms(),
                                 &fc, &err) == CK_OK);
    EXPECT_INT(fc.state, LABEL_FORECAST_EMPTY);
out:
    fixture_close(&f);
}

static void ql800_no_media(void)
{
    no_media(&QL800);
}

static void ql1100_no_media(void)
{
    no_media(&QL1100);
}

static void wrong_media(const struct model_case *m, const char *sentence)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    f.emu.loaded = m->other;
    REQUIRE(open_printer(&f, "usb:") == 0);
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.failed, 1);
    EXPECT_INT(r.state, PRINTER_WRONG_MEDIA);
    expect_job(&f, id, JOB_FAILED, 0, sentence);
    EXPECT_INT(f.emu.raster_lines, 0);
    EXPECT_INT(f.emu.pages, 0);
    EXPECT_TRUE(job_is_pending(&f, id));
out:
    fixture_close(&f);
}

static void ql800_wrong_media_is_refused_before_sending(void)
{
    wrong_media(&QL800, "QL-800 on usb 1-2: loaded media is 29 mm, this job "
                        "needs 62 mm. Load DK-22205.");
}

static void ql1100_wrong_media_is_refused_before_sending(void)
{
    wrong_media(&QL1100, "QL-1100 on usb 1-2: loaded media is 62x100 mm, this "
                         "job needs 102x152 mm. Load DK-11241.");
}

static void cover_opened_mid_job(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    emu_schedule(&f.emu, FAULT_COVER, AFTER_LAST_BYTE);
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.failed, 1);
    EXPECT_INT(r.state, PRINTER_COVER_OPEN);
    char msg[96];
    snprintf(msg, sizeof(msg), "%s on usb 1-2: the cover is open. Close it.",
             m->name);
    expect_job(&f, id, JOB_FAILED, 1, msg);
    EXPECT_INT(f.emu.pages, 0);
    EXPECT_TRUE(job_is_pending(&f, id));
    /* Still open: the retry is refused before sending anything. */
    long lines = f.emu.raster_lines;
    (void)run_queue(&f);
    expect_job(&f, id, JOB_FAILED, 1, "the cover is open");
    EXPECT_INT(f.emu.raster_lines, lines);
    /* Closed: printed exactly once. */
    pthread_mutex_lock(&f.emu.mu);
    f.emu.cover_open = false;
    pthread_mutex_unlock(&f.emu.mu);
    emu_clear_record(&f.emu);
    r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    expect_job(&f, id, JOB_PRINTED, 2, NULL);
    EXPECT_INT(f.emu.pages, 1);
    expect_sent_exactly(&f, id);
    (void)run_queue(&f);
    EXPECT_INT(f.emu.pages, 1);
out:
    fixture_close(&f);
}

static void ql800_cover_opened_mid_job(void)
{
    cover_opened_mid_job(&QL800);
}

static void ql1100_cover_opened_mid_job(void)
{
    cover_opened_mid_job(&QL1100);
}

static void unplugged_mid_job(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    emu_schedule(&f.emu, FAULT_UNPLUG, AFTER_FIRST_BYTES);
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.failed, 1);
    EXPECT_INT(r.state, PRINTER_UNPLUGGED);
    char msg[96];
    snprintf(msg, sizeof(msg), "%s on usb 1-2 is unplugged. Plug it in",
             m->name);
    expect_job(&f, id, JOB_FAILED, 1, msg);
    EXPECT_INT(f.emu.pages, 0);
    EXPECT_TRUE(job_is_pending(&f, id));

    /* Gone from the bus: the retry says so without sending. */
    emu_remove(&f.emu);
    r = run_queue(&f);
    EXPECT_INT(r.state, PRINTER_UNPLUGGED);
    expect_job(&f, id, JOB_FAILED, 1, "is unplugged");

    /* Plugged in again (a new device address, same port): found by its
     * serial number and printed exactly once. */
    emu_clear_record(&f.emu);
    emu_plug(&f.emu, 3);
    r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    expect_job(&f, id, JOB_PRINTED, 2, NULL);
    EXPECT_INT(f.emu.pages, 1);
    expect_sent_exactly(&f, id);
    char where[64];
    snprintf(where, sizeof(where), "%s on usb 1-2", m->name);
    EXPECT_STR(printer_describe(f.p), where);
out:
    fixture_close(&f);
}

static void ql800_unplugged_mid_job_then_replugged(void)
{
    unplugged_mid_job(&QL800);
}

static void ql1100_unplugged_mid_job_then_replugged(void)
{
    unplugged_mid_job(&QL1100);
}

static void no_answer(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    /* Silent from the start: refused, nothing sent. */
    f.emu.mute = true;
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.state, PRINTER_NOT_ANSWERING);
    expect_job(&f, id, JOB_FAILED, 0, "is not answering");
    EXPECT_INT(f.emu.raster_lines, 0);
    EXPECT_TRUE(job_is_pending(&f, id));

    /* Answers the status request, takes the job (and prints it), never
     * reports it printed: after the print timeout the job stays 'sent'
     * with the sentence, and is not printed again unasked. */
    pthread_mutex_lock(&f.emu.mu);
    f.emu.mute = false;
    f.emu.mute_after_job = true;
    pthread_mutex_unlock(&f.emu.mu);
    gint64 start = g_get_monotonic_time();
    r = run_queue(&f);
    gint64 took_ms = (g_get_monotonic_time() - start) / 1000;
    EXPECT_INT(r.state, PRINTER_NOT_ANSWERING);
    expect_job(&f, id, JOB_SENT, 1, "did not report the label printed");
    /* It waited the 1.5 s print timeout (no upper bound: issue 51). */
    EXPECT_TRUE(took_ms >= 1400);
    EXPECT_TRUE(!job_is_pending(&f, id));
    EXPECT_INT(f.emu.pages, 1);
out:
    fixture_close(&f);
}

static void ql800_no_answer(void)
{
    no_answer(&QL800);
}

static void ql1100_no_answer(void)
{
    no_answer(&QL1100);
}

static void attached_printers_are_listed_with_serials(void)
{
    UMockdevTestbed *tb = umockdev_testbed_new();
    struct emu a, b;
    emu_init(&a, tb, &QL800, "000G8Z800123", "2");
    emu_init(&b, tb, &QL1100, "000H1Z110456", "4");
    emu_plug(&a, 2);
    emu_plug(&b, 5);
    struct usb_printer_info *list;
    size_t n;
    struct ck_error err = {0};
    EXPECT_INT(transport_usb_list(&list, &n, &err), CK_OK);
    EXPECT_INT(n, 2);
    for (size_t i = 0; i < n; i++) {
        const struct usb_printer_info *p = &list[i];
        if (p->product == 0x209b) {
            EXPECT_STR(p->model->name, "QL-800");
            EXPECT_STR(p->port, "1-2");
            EXPECT_STR(p->serial, "000G8Z800123");
            EXPECT_STR(p->uri, "usb:04f9:209b:000G8Z800123");
            EXPECT_INT(p->address, 2);
        } else {
            EXPECT_STR(p->model->name, "QL-1100");
            EXPECT_STR(p->port, "1-4");
            EXPECT_STR(p->uri, "usb:04f9:20a7:000H1Z110456");
        }
    }
    free(list);
    /* By serial number: the second unit, not the first. */
    struct transport_uri u;
    struct transport *t = NULL;
    EXPECT_INT(transport_uri_parse("usb:04f9:20a7:000H1Z110456", &u, &err),
               CK_OK);
    EXPECT_INT(transport_open(&u, &t, &err), CK_OK);
    if (t)
        EXPECT_STR(t->desc, "QL-1100 on usb 1-4");
    transport_close(t);
    EXPECT_INT(transport_uri_parse("usb:04f9:20a7:NOSUCH", &u, &err), CK_OK);
    EXPECT_INT(transport_open(&u, &t, &err), CK_ENOTFOUND);
    EXPECT_CONTAINS(err.msg, "No QL-1100 (04f9:20a7, serial NOSUCH) is "
                             "attached");
    emu_free(&a);
    emu_free(&b);
    g_object_unref(tb);
}

static void no_printer_attached_says_so(void)
{
    UMockdevTestbed *tb = umockdev_testbed_new();
    struct usb_printer_info *list;
    size_t n = 9;
    struct ck_error err = {0};
    EXPECT_INT(transport_usb_list(&list, &n, &err), CK_OK);
    EXPECT_INT(n, 0);
    free(list);
    printer *p = NULL;
    EXPECT_INT(printer_open("usb:", NULL, &p, &err), CK_ENOTFOUND);
    EXPECT_STR(
        err.msg,
        "No supported printer is attached. Plug one in and switch it on.");
    g_object_unref(tb);
}

static void a_reprint_needs_a_reason_and_is_counted(void)
{
    struct fixture f;
    if (fixture_open(&f, &QL800))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    int64_t first = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    int64_t again = 0;
    struct ck_error err = {0};
    EXPECT_INT(jobs_add(f.s, f.attendee, JOB_BADGE, 0, "badge", "desk-1", NULL,
                        &again, &err),
               CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "reprint it with a reason");
    EXPECT_INT(jobs_add(f.s, f.attendee, JOB_BADGE, 0, "badge", "desk-1", "",
                        &again, &err),
               CK_EINVAL);
    EXPECT_INT(jobs_add(f.s, f.attendee, JOB_BADGE, 0, "badge", "desk-1",
                        "lost", &again, &err),
               CK_OK);
    EXPECT_TRUE(again > first);
    int count = -1;
    EXPECT_INT(jobs_reprint_count(f.s, f.attendee, JOB_BADGE, 0, &count, &err),
               CK_OK);
    EXPECT_INT(count, 1);
    r = run_queue(&f);
    EXPECT_INT(r.printed, 1);
    expect_job(&f, again, JOB_PRINTED, 1, NULL);
    EXPECT_INT(jobs_set_state(f.s, first, JOB_SENT, NULL, &err), CK_EINVAL);
    EXPECT_CONTAINS(err.msg, "already printed");
    struct job_list l;
    EXPECT_INT(jobs_get(f.s, again, &l, &err), CK_OK);
    if (l.n == 1)
        EXPECT_STR(l.items[0].reprint_reason, "lost");
    job_list_free(&l);
    EXPECT_INT(f.emu.pages, 2);
out:
    fixture_close(&f);
}

static void write_pgm(const char *path, int w, int h)
{
    GString *s = g_string_new(NULL);
    g_string_append_printf(s, "P5\n%d %d\n255\n", w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            g_string_append_c(s, (char)((x / 10 + y / 10) % 2 ? 0 : 255));
    if (tu_write_file(path, s->str, s->len))
        TU_FAIL_AT("cannot write %s", path);
    g_string_free(s, TRUE);
}

static void printers_command_lists_the_emulated_printer(void)
{
    struct fixture f;
    if (fixture_open(&f, &QL800))
        goto out;
    const char *out, *err;
    EXPECT_INT(tu_checkin("printers", &out, &err), 0);
    EXPECT_CONTAINS(out, "usb:04f9:209b:000G8Z800123\tQL-800 on usb 1-2 (bus "
                         "001 address 002), serial 000G8Z800123\t62 mm roll "
                         "DK-22205\tready");
    EXPECT_INT(tu_checkin("printers --json", &out, &err), 0);
    EXPECT_CONTAINS(out, "\"uri\":\"usb:04f9:209b:000G8Z800123\"");
    EXPECT_CONTAINS(out, "\"product\":\"DK-22205\"");
    EXPECT_CONTAINS(out, "\"state\":\"ready\"");
    pthread_mutex_lock(&f.emu.mu);
    f.emu.cover_open = true;
    pthread_mutex_unlock(&f.emu.mu);
    EXPECT_INT(tu_checkin("printers", &out, &err), 0);
    EXPECT_CONTAINS(out, "cover open");
    EXPECT_CONTAINS(out, "QL-800 on usb 1-2: the cover is open. Close it.");
out:
    fixture_close(&f);
}

static void printers_command_says_when_none_is_attached(void)
{
    UMockdevTestbed *tb = umockdev_testbed_new();
    const char *out, *err;
    EXPECT_INT(tu_checkin("printers", &out, &err), 1);
    EXPECT_STR(out, "No supported printer is attached.\n");
    EXPECT_INT(tu_checkin("printers --json", &out, &err), 1);
    EXPECT_STR(out, "[]\n");
    g_object_unref(tb);
}

static void print_image_prints_on_the_emulated_printer(void)
{
    struct fixture f;
    if (fixture_open(&f, &QL800))
        goto out;
    const char *img = tu_path("picture.pgm");
    write_pgm(img, 1000, 300); /* wider than the label: scaled down */
    char args[512];
    const char *out, *err;
    snprintf(args, sizeof(args), "print-image --printer usb: '%s'", img);
    EXPECT_INT(tu_checkin(args, &out, &err), 0);
    EXPECT_CONTAINS(out, "Printed");
    EXPECT_CONTAINS(out, "on QL-800 on usb 1-2.");
    EXPECT_INT(f.emu.pages, 1);
    EXPECT_STR(f.emu.protocol_error, "");
    long lines = f.emu.raster_lines;
    EXPECT_TRUE(lines >= 200);
    snprintf(args, sizeof(args),
             "print-image --media 29 --printer usb:04f9:209b '%s'", img);
    EXPECT_INT(tu_checkin(args, &out, &err), 1);
    EXPECT_CONTAINS(err, "QL-800 on usb 1-2: loaded media is 62 mm, this "
                         "job needs 29 mm. Load DK-22210.");
    EXPECT_INT(f.emu.raster_lines, lines);
    EXPECT_INT(f.emu.pages, 1);
out:
    fixture_close(&f);
}

/* --- Scenarios: Zebra and DYMO ------------------------------------------ */

/* A desk's print: the badge and the ticket, each printed once, each page
 * the encoder's bytes; a second pass prints nothing. */
static void desk_print(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, uri_of(m)) == 0);
    char where[64];
    snprintf(where, sizeof(where), "%s on usb 1-2", m->name);
    EXPECT_STR(printer_describe(f.p), where);
    struct printer_status st;
    struct ck_error err = {0};
    EXPECT_INT(printer_query(f.p, &st, &err), CK_OK);
    EXPECT_INT(st.state, PRINTER_READY);
    int64_t badge = queue_job(&f, JOB_BADGE),
            ticket = queue_job(&f, JOB_TICKET);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.printed, 2);
    EXPECT_INT(r.failed, 0);
    expect_job(&f, badge, JOB_PRINTED, 1, NULL);
    expect_job(&f, ticket, JOB_PRINTED, 1, NULL);
    EXPECT_INT(pages_of(&f, badge), 1);
    EXPECT_INT(pages_of(&f, ticket), 1);
    EXPECT_INT(f.emu.pages, 2);
    EXPECT_INT(f.emu.labels_started, 2);
    EXPECT_STR(f.emu.protocol_error, "");
    r = run_queue(&f);
    EXPECT_INT(r.printed + r.failed, 0);
    EXPECT_INT(f.emu.pages, 2);
out:
    fixture_close(&f);
}

static void zd420_prints_a_badge_and_a_ticket(void)
{
    desk_print(&ZD420);
}

static void lw450_prints_a_badge_and_a_ticket(void)
{
    desk_print(&LW450);
}

static void zd420_needs_the_model_given(void)
{
    struct fixture f;
    if (fixture_open(&f, &ZD420))
        goto out;
    printer *p = NULL;
    struct ck_error err = {0};
    EXPECT_INT(printer_open("usb:", NULL, &p, &err), CK_ENOTFOUND);
    EXPECT_INT(printer_open(ZD420.uri, NULL, &p, &err), CK_EINVAL);
    EXPECT_STR(err.msg, "Cannot tell which printer model is at usb 1-2; give "
                        "it with --model (for example --model QL-800).");
    printer_close(p);
out:
    fixture_close(&f);
}

/* Some Zebra firmware does not answer ~HS with the head open; ~HQES
 * still says why. */
static void zd420_head_open_is_read_from_hqes(void)
{
    struct fixture f;
    if (fixture_open(&f, &ZD420))
        goto out;
    REQUIRE(open_printer(&f, ZD420.uri) == 0);
    f.emu.hs_silent = true;
    f.emu.cover_open = true;
    struct printer_status st;
    struct ck_error err = {0};
    EXPECT_INT(printer_query(f.p, &st, &err), CK_EDEVICE);
    EXPECT_INT(st.state, PRINTER_COVER_OPEN);
    EXPECT_STR(err.msg, "ZD420 on usb 1-2: the cover is open. Close it.");
out:
    fixture_close(&f);
}

/* Two identical Zebras: when the one in use is unplugged, the other is
 * not taken for it (its serial number is kept from the first open). */
static void zd420_unplugged_is_not_replaced_by_another_unit(void)
{
    struct fixture f;
    if (fixture_open(&f, &ZD420))
        goto out;
    struct emu other;
    emu_init(&other, f.tb, &ZD420, "D3J204209999", "4");
    emu_plug(&other, 5);
    REQUIRE(open_printer(&f, ZD420.uri) == 0);
    bool first = !strcmp(printer_describe(f.p), "ZD420 on usb 1-2");
    EXPECT_TRUE(first || !strcmp(printer_describe(f.p), "ZD420 on usb 1-4"));
    emu_remove(first ? &f.emu : &other);
    struct printer_status st;
    struct ck_error err = {0};
    /* The first query finds it gone, the second looks for it again. */
    for (int i = 0; i < 2; i++) {
        EXPECT_INT(printer_query(f.p, &st, &err), CK_EDEVICE);
        EXPECT_INT(st.state, PRINTER_UNPLUGGED);
        EXPECT_CONTAINS(err.msg, "is unplugged");
    }
    printer_close(f.p);
    f.p = NULL;
    emu_free(&other);
out:
    fixture_close(&f);
}

/* --- Faults at every phase of a desk's job ------------------------------
 * Expected outcome per model, fault and phase (AT_STATUS_QUERY,
 * AFTER_FIRST_BYTES, AFTER_LAST_BYTE, BETWEEN_LABELS), one letter each:
 *   P  every label printed exactly once after the fault is cleared
 *   U  the badge may have printed (and did, here): its job stays 'sent'
 *      with the sentence saying to check, and is not sent again
 *   u  the same, and the badge did not print (a DYMO label spoiled
 *      mid-way: the status byte cannot tell that from a finished one)
 * The ticket prints exactly once in every case. */

static const char *const OUTCOMES_QL[] = {"PPPP", "PPPP", "PPUP", "PPUP"};
static const char *const OUTCOMES_ZPL[] = {"PPUP", "PPUP", "PPUP", "PPUP"};
static const char *const OUTCOMES_DYMO[] = {"PuUP", "PuUP", "PPUP", "PPUP"};

static char outcome(const struct model_case *m, enum fault fault,
                    enum phase phase)
{
    const char *const *table = m->lang == &ZPL_LANG    ? OUTCOMES_ZPL
                               : m->lang == &DYMO_LANG ? OUTCOMES_DYMO
                                                       : OUTCOMES_QL;
    return table[fault - FAULT_COVER][phase];
}

/* What the stored sentence names, per fault. */
static const char *fault_words(const struct model_case *m, enum fault fault)
{
    switch (fault) {
    case FAULT_COVER:
        return m->cover_says;
    case FAULT_MEDIA:
        return "no labels are loaded";
    case FAULT_UNPLUG:
        return "unplugged";
    default:
        return "answering";
    }
}

static enum printer_state fault_state(const struct model_case *m,
                                      enum fault fault)
{
    switch (fault) {
    case FAULT_COVER:
        return m->cover_state;
    case FAULT_MEDIA:
        return PRINTER_NO_MEDIA;
    case FAULT_UNPLUG:
        return PRINTER_UNPLUGGED;
    default:
        return PRINTER_NOT_ANSWERING;
    }
}

static void fault_at_phase(const struct model_case *m, enum fault fault,
                           enum phase phase)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, uri_of(m)) == 0);
    char expect = outcome(m, fault, phase);
    bool unconfirmed = expect != 'P';
    const char *words = fault_words(m, fault);
    const char *check = "check whether the label came out and, if it did "
                        "not, reprint it.";
    int64_t badge = queue_job(&f, JOB_BADGE);
    int64_t ticket = queue_job(&f, JOB_TICKET);
    emu_schedule(&f.emu, fault, phase);

    /* The fault: the pass stops at it, the ticket waits (or, between the
     * labels, the badge is out and the ticket is refused). */
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.state, fault_state(m, fault));
    EXPECT_INT(r.failed, 1);
    switch (phase) {
    case AT_STATUS_QUERY:
        EXPECT_INT(r.printed, 0);
        EXPECT_INT(r.waiting, 1);
        expect_job(&f, badge, JOB_FAILED, 0, words);
        expect_job(&f, ticket, JOB_QUEUED, 0, NULL);
        EXPECT_INT(f.emu.labels_started, 0);
        EXPECT_INT(f.emu.pages, 0);
        break;
    case AFTER_FIRST_BYTES:
    case AFTER_LAST_BYTE:
        EXPECT_INT(r.printed, 0);
        EXPECT_INT(r.waiting, 1);
        if (unconfirmed) {
            expect_job(&f, badge, JOB_SENT, 1, words);
            expect_job(&f, badge, JOB_SENT, 1, check);
        } else {
            expect_job(&f, badge, JOB_FAILED, 1, words);
            EXPECT_INT(f.emu.pages, 0);
        }
        expect_job(&f, ticket, JOB_QUEUED, 0, NULL);
        break;
    case BETWEEN_LABELS:
        EXPECT_INT(r.printed, 1);
        expect_job(&f, badge, JOB_PRINTED, 1, NULL);
        expect_job(&f, ticket, JOB_FAILED, 0, words);
        EXPECT_INT(f.emu.pages, 1);
        break;
    }

    /* Cleared: an unplugged printer is first away from the bus (refused,
     * nothing sent), then plugged in at another address. */
    if (fault == FAULT_UNPLUG) {
        emu_remove(&f.emu);
        int labels = f.emu.labels_started;
        r = run_queue(&f);
        EXPECT_INT(r.state, PRINTER_UNPLUGGED);
        EXPECT_INT(r.printed, 0);
        EXPECT_INT(f.emu.labels_started, labels);
        emu_plug(&f.emu, 3);
    }
    emu_clear_fault(&f.emu, fault);
    r = run_queue(&f);
    EXPECT_INT(r.failed, 0);
    EXPECT_INT(r.printed, phase == BETWEEN_LABELS || unconfirmed ? 1 : 2);
    r = run_queue(&f);
    EXPECT_INT(r.printed + r.failed + r.sent, 0);

    /* Every label once, none twice, nothing else on paper. */
    int badge_pages = expect == 'u' ? 0 : 1;
    EXPECT_INT(pages_of(&f, badge), badge_pages);
    EXPECT_INT(pages_of(&f, ticket), 1);
    EXPECT_INT(f.emu.pages, badge_pages + 1);
    /* A LabelWriter cut short mid-label feeds that label out, spoiled. */
    bool cut = phase == AFTER_FIRST_BYTES &&
               (fault == FAULT_UNPLUG || fault == FAULT_HANG);
    EXPECT_INT(f.emu.spoiled, cut && m->lang == &DYMO_LANG ? 1 : 0);
    EXPECT_STR(f.emu.protocol_error, "");
    if (unconfirmed)
        expect_job(&f, badge, JOB_SENT, 1, check);
    else
        expect_job(&f, badge, JOB_PRINTED,
                   phase == AFTER_FIRST_BYTES || phase == AFTER_LAST_BYTE ? 2
                                                                          : 1,
                   NULL);
    expect_job(&f, ticket, JOB_PRINTED, 1, NULL);
    EXPECT_TRUE(!job_is_pending(&f, badge));
    char where[64];
    snprintf(where, sizeof(where), "%s on usb 1-2", m->name);
    EXPECT_STR(printer_describe(f.p), where);
out:
    fixture_close(&f);
}

#define CELL(model, M, fault, F, phase, PH)                                    \
    static void model##_##fault##_##phase(void)                                \
    {                                                                          \
        fault_at_phase(&(M), F, PH);                                           \
    }
#define CELLS_FOR_FAULT(model, M, fault, F)                                    \
    CELL(model, M, fault, F, at_status_query, AT_STATUS_QUERY)                 \
    CELL(model, M, fault, F, after_first_bytes, AFTER_FIRST_BYTES)             \
    CELL(model, M, fault, F, after_last_byte, AFTER_LAST_BYTE)                 \
    CELL(model, M, fault, F, between_labels, BETWEEN_LABELS)
#define CELLS(model, M)                                                        \
    CELLS_FOR_FAULT(model, M, cover_open, FAULT_COVER)                         \
    CELLS_FOR_FAULT(model, M, no_media, FAULT_MEDIA)                           \
    CELLS_FOR_FAULT(model, M, unplugged, FAULT_UNPLUG)                         \
    CELLS_FOR_FAULT(model, M, no_answer, FAULT_HANG)

CELLS(ql800, QL800)
CELLS(zd420, ZD420)
CELLS(lw450, LW450)

#define CASES_FOR_FAULT(model, fault)                                          \
    TU_CASE(model##_##fault##_at_status_query),                                \
        TU_CASE(model##_##fault##_after_first_bytes),                          \
        TU_CASE(model##_##fault##_after_last_byte),                            \
        TU_CASE(model##_##fault##_between_labels)
#define CASES(model)                                                           \
    CASES_FOR_FAULT(model, cover_open), CASES_FOR_FAULT(model, no_media),      \
        CASES_FOR_FAULT(model, unplugged), CASES_FOR_FAULT(model, no_answer)

int main(int argc, char **argv)
{
    const char *preload = getenv("LD_PRELOAD");
    if (!preload || !strstr(preload, "umockdev-preload")) {
        /* 1 under CI, where ctest runs it under the wrapper. */
        return tu_skip_all("not under umockdev-wrapper (LD_PRELOAD)");
    }
    static const struct tu_case cases[] = {
        TU_CASE(no_printer_attached_says_so),
        TU_CASE(attached_printers_are_listed_with_serials),
        TU_CASE(ql800_good_print),
        TU_CASE(ql1100_good_print_after_detaching_usblp),
        TU_CASE(ql800_no_media),
        TU_CASE(ql800_media_gives_the_forecast_its_roll),
        TU_CASE(ql1100_no_media),
        TU_CASE(ql800_wrong_media_is_refused_before_sending),
        TU_CASE(ql1100_wrong_media_is_refused_before_sending),
        TU_CASE(ql800_cover_opened_mid_job),
        TU_CASE(ql1100_cover_opened_mid_job),
        TU_CASE(ql800_unplugged_mid_job_then_replugged),
        TU_CASE(ql1100_unplugged_mid_job_then_replugged),
        TU_CASE(ql800_no_answer),
        TU_CASE(ql1100_no_answer),
        TU_CASE(a_reprint_needs_a_reason_and_is_counted),
        TU_CASE(printers_command_lists_the_emulated_printer),
        TU_CASE(printers_command_says_when_none_is_attached),
        TU_CASE(print_image_prints_on_the_emulated_printer),
        TU_CASE(zd420_prints_a_badge_and_a_ticket),
        TU_CASE(lw450_prints_a_badge_and_a_ticket),
        TU_CASE(zd420_needs_the_model_given),
        TU_CASE(zd420_head_open_is_read_from_hqes),
        TU_CASE(zd420_unplugged_is_not_replaced_by_another_unit),
        CASES(ql800),
        CASES(zd420),
        CASES(lw450),
    };
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
