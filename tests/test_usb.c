/* Emulated Brother QL-800 and QL-1100 printers under umockdev, driven
 * through the real libusb by printer_print and the print queue, with jobs
 * in a real store file.
 *
 * The printer is written here: a handler for the usbdevfs ioctls libusb
 * makes (SUBMITURB, REAPURB[NDELAY], DISCARDURB, GETDRIVER, DISCONNECT,
 * CLAIMINTERFACE, string descriptors for the serial number) that keeps the
 * bytes sent to bulk OUT 0x02, parses them as Brother raster commands, and
 * answers bulk IN 0x81 with the 32-byte statuses its state machine
 * dictates: a reply to ESC i S, then "phase change: printing", "printing
 * completed" per page and "phase change: receiving" at the end of a job,
 * or an error status.  Scenarios: a good print (the bytes equal what
 * driver_encode made), no media, wrong media, the cover opened mid-job,
 * unplugged mid-job and plugged in again, and no answer.
 *
 * Runs under umockdev-wrapper (LD_PRELOAD); without it, exits 77. */
#include <sys/ioctl.h>

#include <errno.h>
#include <linux/usbdevice_fs.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <umockdev.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/jobs.h"
#include "checkin/printer.h"
#include "testutil.h"

/* --- The emulated printer ------------------------------------------------ */

/* A transfer libusb submitted, kept until it is reaped by the same
 * client (one open file descriptor, possibly in a child process). */
struct urb_rec {
    UMockdevIoctlClient *client;
    UMockdevIoctlData *urb;
    UMockdevIoctlData *buf; /* NULL for empty transfers */
};

static void free_rec(struct urb_rec *rec)
{
    g_clear_object(&rec->buf);
    g_clear_object(&rec->urb);
    g_clear_object(&rec->client);
    g_free(rec);
}

struct emu {
    pthread_mutex_t mu;
    UMockdevTestbed *tb;
    UMockdevIoctlBase *handler;
    /* the device */
    const char *product_name;
    uint16_t product;
    uint8_t model_code;          /* status byte 4 */
    uint8_t cont_type, die_type; /* status byte 11 codes it uses */
    const char *serial;
    const char *port; /* "2" for 1-2 */
    int devnum;
    char devnode[64], syspath[128];
    bool attached;
    bool plugged;
    bool driver_bound, detached;
    /* the printer */
    bool media_present;
    struct media loaded;
    bool cover_open;
    bool cover_at_page;  /* open the cover when the next page is printed */
    long unplug_at_line; /* unplug on this raster line (0: never) */
    bool mute;           /* never answer */
    bool mute_after_job; /* answer status requests, never report prints */
    /* what it was sent */
    uint8_t *out;
    size_t out_len, out_cap, pos, zeros;
    bool error_skip;
    long raster_lines;
    int pages, status_requests;
    bool job_started, pi_valid;
    uint8_t pi_flags, pi_width;
    char protocol_error[160];
    /* what it will answer */
    uint8_t replies[64][32];
    size_t nreplies;
    GQueue pending_in, done;
};

static void push_status(struct emu *e, uint8_t type, uint8_t phase,
                        uint8_t extra_e2)
{
    if (e->mute || e->nreplies == 64)
        return;
    uint8_t *r = e->replies[e->nreplies++];
    memset(r, 0, 32);
    r[0] = 0x80;
    r[1] = 0x20;
    r[2] = 0x42;
    r[3] = 0x34;
    r[4] = e->model_code;
    r[5] = 0x30;
    r[8] = e->media_present ? 0 : 0x01;
    r[9] = (uint8_t)((e->cover_open ? 0x10 : 0) | extra_e2);
    if (e->media_present) {
        r[10] = (uint8_t)e->loaded.width_mm;
        r[11] = e->loaded.kind == MEDIA_DIE_CUT ? e->die_type : e->cont_type;
        r[17] = (uint8_t)e->loaded.length_mm;
    }
    r[18] = type;
    r[19] = phase;
}

static void complete_urb(struct emu *e, struct urb_rec *rec, int status,
                         int actual)
{
    struct usbdevfs_urb *u = (struct usbdevfs_urb *)rec->urb->data;
    u->status = status;
    u->actual_length = actual;
    g_queue_push_tail(&e->done, rec);
}

/* Hand queued replies to waiting IN transfers (of clients still there). */
static void pump(struct emu *e)
{
    while (e->nreplies && !g_queue_is_empty(&e->pending_in)) {
        struct urb_rec *rec = g_queue_pop_head(&e->pending_in);
        if (!umockdev_ioctl_client_get_connected(rec->client)) {
            free_rec(rec);
            continue;
        }
        struct usbdevfs_urb *u = (struct usbdevfs_urb *)rec->urb->data;
        int n = u->buffer_length < 32 ? u->buffer_length : 32;
        if (rec->buf)
            memcpy(rec->buf->data, e->replies[0], (size_t)n);
        else
            n = 0;
        memmove(e->replies[0], e->replies[1], (e->nreplies - 1) * 32);
        e->nreplies--;
        complete_urb(e, rec, 0, n);
    }
}

/* The cable is pulled: transfers in flight end with -ESHUTDOWN, as the
 * kernel reports them, and every later call fails with ENODEV. */
static void unplug(struct emu *e)
{
    e->plugged = false;
    while (!g_queue_is_empty(&e->pending_in))
        complete_urb(e, g_queue_pop_head(&e->pending_in), -ESHUTDOWN, 0);
}

static void print_page(struct emu *e, bool last)
{
    if (e->cover_at_page) {
        e->cover_at_page = false;
        e->cover_open = true;
    }
    uint8_t wrong = 0;
    if (e->pi_valid && (e->pi_flags & 0x04) &&
        e->pi_width != e->loaded.width_mm)
        wrong = 0x01;
    if (!e->media_present || e->cover_open || wrong) {
        /* The printer stops and ignores data until it is invalidated. */
        push_status(e, 0x02, 0x00, wrong);
        e->error_skip = true;
        e->zeros = 0;
        e->job_started = false;
        return;
    }
    if (!e->job_started) {
        e->job_started = true;
        if (!e->mute_after_job)
            push_status(e, 0x06, 0x01, 0);
    }
    e->pages++;
    if (!e->mute_after_job)
        push_status(e, 0x01, 0x01, 0);
    if (last) {
        e->job_started = false;
        if (!e->mute_after_job)
            push_status(e, 0x06, 0x00, 0);
    }
}

/* Parse what arrived as Brother raster commands (Brother's raster command
 * reference); stops at an incomplete command until more bytes come. */
static void parse(struct emu *e)
{
    while (e->plugged && e->pos < e->out_len) {
        const uint8_t *p = e->out + e->pos;
        size_t n = e->out_len - e->pos, need;
        if (e->error_skip) {
            e->zeros = p[0] ? 0 : e->zeros + 1;
            if (e->zeros >= 100)
                e->error_skip = false;
            e->pos++;
            continue;
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
                return;
            need = 3 + (size_t)p[2];
            break;
        case 0x47: /* P-touch raster line: 47 nL nH data */
            if (n < 3)
                return;
            need = 3 + (size_t)(p[1] | p[2] << 8);
            break;
        case 0x1b:
            if (n < 2)
                return;
            if (p[1] == 0x40) {
                need = 2;
                break;
            }
            if (p[1] != 0x69)
                goto unknown;
            if (n < 3)
                return;
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
                goto unknown;
            }
            break;
        default:
            goto unknown;
        }
        if (n < need)
            return;
        e->pos += need;
        if (p[0] == 0x1b && p[1] == 0x40) {
            e->job_started = false;
            e->pi_valid = false;
        } else if (p[0] == 0x1b && p[2] == 0x53) {
            e->status_requests++;
            push_status(e, 0x00, 0x00, 0);
        } else if (p[0] == 0x1b && p[2] == 0x7a) {
            e->pi_valid = true;
            e->pi_flags = p[3];
            e->pi_width = p[5];
        } else if (p[0] == 0x67 || p[0] == 0x77 || p[0] == 0x47 ||
                   p[0] == 0x5a) {
            e->raster_lines++;
            if (e->unplug_at_line && e->raster_lines == e->unplug_at_line) {
                unplug(e);
                return;
            }
        } else if (p[0] == 0x0c || p[0] == 0x1a) {
            print_page(e, p[0] == 0x1a);
        }
        continue;
    unknown:
        snprintf(e->protocol_error, sizeof(e->protocol_error),
                 "unknown command %02x at byte %zu", p[0], e->pos);
        e->pos = e->out_len;
        return;
    }
}

/* GET_DESCRIPTOR(string) on the control endpoint: langid, then
 * "Brother", the model name and the serial number as UTF-16LE. */
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
        const char *s = b[2] == 1   ? "Brother"
                        : b[2] == 2 ? e->product_name
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
    if (u->type == USBDEVFS_URB_TYPE_CONTROL) {
        control(e, rec);
    } else if (u->type == USBDEVFS_URB_TYPE_BULK && u->endpoint == 0x81) {
        g_queue_push_tail(&e->pending_in, rec);
        pump(e);
    } else if (u->type == USBDEVFS_URB_TYPE_BULK && u->endpoint == 0x02) {
        size_t n = (size_t)u->buffer_length;
        if (e->out_len + n > e->out_cap) {
            e->out_cap = (e->out_len + n) * 2;
            e->out = g_realloc(e->out, e->out_cap);
        }
        if (n)
            memcpy(e->out + e->out_len, rec->buf->data, n);
        e->out_len += n;
        parse(e);
        complete_urb(e, rec, e->plugged ? 0 : -ESHUTDOWN,
                     e->plugged ? (int)n : 0);
        pump(e);
    } else {
        free_rec(rec);
        *res = -1;
        *err = EINVAL;
        return;
    }
    *res = 0;
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
        res = -1;
        err = EINVAL;
        for (GList *l = e->pending_in.head; l; l = l->next) {
            struct urb_rec *rec = l->data;
            if (rec->client == c && rec->urb->client_addr == addr) {
                g_queue_delete_link(&e->pending_in, l);
                complete_urb(e, rec, -ENOENT, 0);
                res = 0;
                err = 0;
                break;
            }
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
    const uint8_t dev[18] = {0x12,
                             0x01,
                             0x00,
                             0x02,
                             0x00,
                             0x00,
                             0x00,
                             0x40,
                             0xf9,
                             0x04,
                             (uint8_t)e->product,
                             (uint8_t)(e->product >> 8),
                             0x00,
                             0x01,
                             0x01,
                             0x02,
                             0x03,
                             0x01};
    /* One configuration: printer-class interface (07/01/02), bulk OUT
     * 0x02 and bulk IN 0x81, 64-byte packets. */
    const uint8_t cfg[32] = {0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xc0,
                             0x01, 0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01,
                             0x02, 0x00, 0x07, 0x05, 0x02, 0x02, 0x40, 0x00,
                             0x00, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00};
    GString *s = g_string_new(NULL);
    g_string_append_printf(s,
                           "P: /devices/pci0000:00/usb1/1-%s\n"
                           "N: bus/usb/001/%03d\n"
                           "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\n"
                           "E: DRIVER=usb\nE: BUSNUM=001\nE: DEVNUM=%03d\n"
                           "E: DEVNAME=/dev/bus/usb/001/%03d\n"
                           "A: busnum=1\\n\nA: devnum=%d\\n\n"
                           "A: bConfigurationValue=1\\n\nA: speed=12\\n\n"
                           "A: idVendor=04f9\\n\nA: idProduct=%04x\\n\n"
                           "A: serial=%s\\n\n"
                           "H: descriptors=",
                           e->port, devnum, devnum, devnum, devnum, e->product,
                           e->serial);
    hex(s, dev, sizeof(dev));
    hex(s, cfg, sizeof(cfg));
    g_string_append_c(s, '\n');
    GError *gerr = NULL;
    /* The handler first, so that the device node works when it appears. */
    if (!umockdev_testbed_attach_ioctl(e->tb, e->devnode, e->handler, &gerr) ||
        !umockdev_testbed_add_from_string(e->tb, s->str, &gerr)) {
        TU_FAIL_AT("adding the emulated %s: %s", e->product_name,
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

struct model_case {
    const char *name;
    uint16_t product;
    uint8_t model_code, cont_type, die_type;
    struct media badge; /* what its badge template is laid out for */
    struct media other; /* a roll that does not fit the badge */
};

/* QL-800: 62 mm continuous badges (QL-8xx media codes 4A/4B).
 * QL-1100: 4x6 in (102x152 mm) die-cut badges (codes 0A/0B). */
static const struct model_case QL800 = {"QL-800",
                                        0x209b,
                                        0x38,
                                        0x4a,
                                        0x4b,
                                        {MEDIA_CONTINUOUS, 62, 0},
                                        {MEDIA_CONTINUOUS, 29, 0}};
static const struct model_case QL1100 = {"QL-1100",
                                         0x20a7,
                                         0x43,
                                         0x0a,
                                         0x0b,
                                         {MEDIA_DIE_CUT, 102, 152},
                                         {MEDIA_DIE_CUT, 62, 100}};

static void emu_init(struct emu *e, UMockdevTestbed *tb,
                     const struct model_case *m, const char *serial,
                     const char *port)
{
    memset(e, 0, sizeof(*e));
    pthread_mutex_init(&e->mu, NULL);
    g_queue_init(&e->pending_in);
    g_queue_init(&e->done);
    e->tb = tb;
    e->product_name = m->name;
    e->product = m->product;
    e->model_code = m->model_code;
    e->cont_type = m->cont_type;
    e->die_type = m->die_type;
    e->serial = serial;
    e->port = port;
    e->media_present = true;
    e->loaded = m->badge;
    e->handler = umockdev_ioctl_base_new();
    g_signal_connect(e->handler, "handle-ioctl", G_CALLBACK(on_ioctl), e);
}

static void emu_free(struct emu *e)
{
    if (e->attached)
        umockdev_testbed_detach_ioctl(e->tb, e->devnode, NULL);
    g_clear_object(&e->handler);
    g_queue_clear_full(&e->pending_in, (GDestroyNotify)free_rec);
    g_queue_clear_full(&e->done, (GDestroyNotify)free_rec);
    g_free(e->out);
    pthread_mutex_destroy(&e->mu);
}

/* Forget what was sent so far (the printer's state stays). */
static void emu_clear_record(struct emu *e)
{
    pthread_mutex_lock(&e->mu);
    e->out_len = e->pos = 0;
    e->raster_lines = 0;
    e->pages = e->status_requests = 0;
    pthread_mutex_unlock(&e->mu);
}

/* --- The station side: a store, jobs and a renderer ------------------- */

struct fixture {
    UMockdevTestbed *tb;
    struct emu emu;
    const struct model_case *m;
    store *s;
    int64_t attendee;
    printer *p;
};

/* The label "renderer": a deterministic pattern filling the printable
 * area of the badge media (label rendering proper is label.c's). */
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

static const char *DB_NAMES[] = {"a.db", "b.db", "c.db", "d.db", "e.db",
                                 "f.db", "g.db", "h.db", "i.db", "j.db",
                                 "k.db", "l.db", "m.db", "n.db", "o.db"};
static int db_count;

static int fixture_open(struct fixture *f, const struct model_case *m)
{
    memset(f, 0, sizeof(*f));
    f->m = m;
    f->tb = umockdev_testbed_new();
    emu_init(&f->emu, f->tb, m, m == &QL800 ? "000G8Z800123" : "000H1Z110456",
             "2");
    emu_plug(&f->emu, 2);
    struct ck_error err = {0};
    const char *db = tu_path(DB_NAMES[db_count++ % 15]);
    struct import_counts n;
    struct attendee_list people = {0};
    if (store_open(db, STORE_CREATE, &f->s, &err) ||
        event_load(f->s, CONFIG_DIR "/demo/event.ini", &err) ||
        import_file(f->s, CONFIG_DIR "/demo/registrations.csv", NULL, &n,
                    &err) ||
        store_attendee_search(f->s, "", 1, &people, &err)) {
        TU_FAIL_AT("making the event store: %s", err.msg);
        return -1;
    }
    if (people.n != 1) {
        TU_FAIL_AT("the demo event has no attendees");
        attendee_list_free(&people);
        return -1;
    }
    f->attendee = people.items[0].id;
    attendee_list_free(&people);
    return 0;
}

static int open_printer(struct fixture *f, const char *uri)
{
    struct printer_options opt = {0};
    opt.status_timeout_ms = 500;
    opt.print_timeout_ms = 1500;
    struct ck_error err = {0};
    if (printer_open(uri, &opt, &f->p, &err)) {
        TU_FAIL_AT("printer_open(%s): %s", uri, err.msg);
        return -1;
    }
    return 0;
}

static void fixture_close(struct fixture *f)
{
    printer_close(f->p);
    store_close(f->s);
    emu_free(&f->emu);
    g_clear_object(&f->tb);
}

static int64_t queue_badge(struct fixture *f)
{
    int64_t id = 0;
    struct ck_error err = {0};
    if (jobs_add(f->s, f->attendee, JOB_BADGE, 0, "badge", "desk-1", NULL, &id,
                 &err))
        TU_FAIL_AT("jobs_add: %s", err.msg);
    return id;
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

/* What the printer received is status requests (invalidate, ESC @,
 * ESC i S) and then exactly the job driver_encode makes. */
static void expect_sent_exactly(struct fixture *f, int64_t job_id)
{
    struct job_list l;
    struct ck_error err = {0};
    REQUIRE(jobs_get(f->s, job_id, &l, &err) == CK_OK);
    struct media media;
    struct bitmap1 *pages = NULL;
    size_t n = 0;
    struct bytebuf want = {0};
    REQUIRE(render(f, &l.items[0], &media, &pages, &n, &err) == CK_OK);
    struct print_options po = {0};
    EXPECT_INT(driver_encode(printer_get_model(f->p), &media, pages, n, &po,
                             &want, &err),
               CK_OK);
    bitmap1_free(&pages[0]);
    free(pages);
    job_list_free(&l);
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

/* --- Scenarios ---------------------------------------------------------- */

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
    wrong_media(&QL800, "QL-800 on usb 1-2: loaded media is 29 mm, the badge "
                        "needs 62 mm. Load DK-22205 and press Enter.");
}

static void ql1100_wrong_media_is_refused_before_sending(void)
{
    wrong_media(&QL1100, "QL-1100 on usb 1-2: loaded media is 62x100 mm, the "
                         "badge needs 102x152 mm. Load DK-11241 and press "
                         "Enter.");
}

static void cover_opened_mid_job(const struct model_case *m)
{
    struct fixture f;
    if (fixture_open(&f, m))
        goto out;
    REQUIRE(open_printer(&f, "usb:") == 0);
    f.emu.cover_at_page = true;
    int64_t id = queue_badge(&f);
    struct print_queue_report r = run_queue(&f);
    EXPECT_INT(r.failed, 1);
    EXPECT_INT(r.state, PRINTER_COVER_OPEN);
    char msg[96];
    snprintf(msg, sizeof(msg),
             "%s on usb 1-2: the cover is open. Close it and press Enter.",
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
    f.emu.unplug_at_line = 5;
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
    pthread_mutex_lock(&f.emu.mu);
    f.emu.unplug_at_line = 0;
    f.emu.out_len = f.emu.pos = 0;
    f.emu.raster_lines = f.emu.pages = 0;
    f.emu.nreplies = 0;
    f.emu.error_skip = false;
    pthread_mutex_unlock(&f.emu.mu);
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
    gint64 start = g_get_monotonic_time();
    struct print_queue_report r = run_queue(&f);
    gint64 took_ms = (g_get_monotonic_time() - start) / 1000;
    EXPECT_INT(r.state, PRINTER_NOT_ANSWERING);
    expect_job(&f, id, JOB_FAILED, 0, "is not answering");
    EXPECT_INT(f.emu.raster_lines, 0);
    EXPECT_TRUE(took_ms < 5000);
    EXPECT_TRUE(job_is_pending(&f, id));

    /* Answers the status request, takes the job, never reports it
     * printed: failed after the print timeout, and kept. */
    pthread_mutex_lock(&f.emu.mu);
    f.emu.mute = false;
    f.emu.mute_after_job = true;
    pthread_mutex_unlock(&f.emu.mu);
    start = g_get_monotonic_time();
    r = run_queue(&f);
    took_ms = (g_get_monotonic_time() - start) / 1000;
    EXPECT_INT(r.state, PRINTER_NOT_ANSWERING);
    expect_job(&f, id, JOB_FAILED, 1, "did not report the badge printed");
    EXPECT_TRUE(took_ms >= 1400 && took_ms < 8000);
    EXPECT_TRUE(job_is_pending(&f, id));
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
    EXPECT_STR(err.msg, "No supported printer is attached. Plug one in, "
                        "switch it on and press Enter.");
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
    EXPECT_CONTAINS(out, "QL-800 on usb 1-2: the cover is open. Close it and "
                         "press Enter.");
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
    EXPECT_CONTAINS(err, "QL-800 on usb 1-2: loaded media is 62 mm, the "
                         "image needs 29 mm. Load DK-22210 and press Enter.");
    EXPECT_INT(f.emu.raster_lines, lines);
    EXPECT_INT(f.emu.pages, 1);
out:
    fixture_close(&f);
}

int main(int argc, char **argv)
{
    const char *preload = getenv("LD_PRELOAD");
    if (!preload || !strstr(preload, "umockdev-preload")) {
        printf("# not under umockdev-wrapper (LD_PRELOAD); skipped\n");
        return 77;
    }
    static const struct tu_case cases[] = {
        TU_CASE(no_printer_attached_says_so),
        TU_CASE(attached_printers_are_listed_with_serials),
        TU_CASE(ql800_good_print),
        TU_CASE(ql1100_good_print_after_detaching_usblp),
        TU_CASE(ql800_no_media),
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
    };
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
