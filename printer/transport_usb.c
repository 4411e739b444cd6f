/* The USB transport, on libusb: finds printers of the models in the model
 * table by vendor and product id, opens one (by ids and serial number, or
 * the first supported), detaches a kernel driver bound to its printer
 * interface (usblp) and gives it back on close, claims the interface and
 * moves bytes over its bulk OUT and IN endpoints, found from the
 * descriptors, each with a timeout.
 *
 * Each open has its own libusb context, so an unplugged printer is simply
 * closed and opened again when it is back: LIBUSB_ERROR_NO_DEVICE becomes
 * TRANSPORT_FAULT_GONE and a sentence saying it was unplugged.  No printer
 * language here. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libusb.h>

#include "checkin/transport.h"
#include "checkin/util.h"

/* Brother printers in their mass-storage mode ("Editor Lite", "P-Lite"):
 * they need a switch on the printer before they can print over USB. */
static const struct {
    uint16_t product;
    const char *name;
    const char *mode;
} STORAGE_MODES[] = {
    {0x2049, "QL-700", /* untranslated: Brother's name for the mode */
     "Editor Lite"},
    {0x2064, "PT-P700", "P-Lite"},
    {0x2065, "PT-P750W", "P-Lite"},
};
#define BROTHER_VID 0x04f9

/* libusb wants IN transfers in whole packets; 512 covers full and high
 * speed. */
#define IN_BUF 512
/* OUT transfers go in pieces so that a timeout is noticed in time. */
#define OUT_CHUNK 16384

struct usb_transport {
    struct transport base;
    libusb_context *ctx;
    libusb_device_handle *h;
    int iface;
    uint8_t ep_out, ep_in;
    bool claimed, detached;
    uint8_t in[IN_BUF];
    size_t in_len, in_pos;
};

static void port_path(libusb_device *dev, char *out, size_t cap)
{
    uint8_t ports[8];
    int n = libusb_get_port_numbers(dev, ports, (int)sizeof(ports));
    int bus = libusb_get_bus_number(dev);
    if (n <= 0) {
        /* untranslated: the USB address as lsusb and the kernel's log
         * name it, for finding the device there. */
        snprintf(out, cap, "bus %d device %d", bus,
                 libusb_get_device_address(dev));
        return;
    }
    size_t len = (size_t)snprintf(out, cap, "%d-%d", bus, ports[0]);
    for (int i = 1; i < n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, ".%d", ports[i]);
}

/* The serial number string, printable ASCII only; "" if none. */
static void read_serial(libusb_device_handle *h, uint8_t index, char *out,
                        size_t cap)
{
    out[0] = '\0';
    if (!index)
        return;
    unsigned char buf[128];
    int n = libusb_get_string_descriptor_ascii(h, index, buf, sizeof(buf));
    if (n <= 0)
        return;
    size_t k = 0;
    for (int i = 0; i < n && k + 1 < cap; i++)
        if (buf[i] > 0x20 && buf[i] < 0x7f && buf[i] != ':')
            out[k++] = (char)buf[i];
    out[k] = '\0';
}

static const char *model_name(const struct printer_model *m, uint16_t vid,
                              uint16_t pid, char *buf, size_t cap)
{
    if (m)
        return m->name;
    snprintf(buf, cap, "USB printer %04x:%04x", vid, pid);
    return buf;
}

/* A transfer that failed: t->fault and one whole sentence (the libusb
 * error's own text stays libusb's). */
static int usb_fail(struct transport *t, int rc, struct ck_error *err)
{
    if (rc == LIBUSB_ERROR_NO_DEVICE) {
        t->fault = TRANSPORT_FAULT_GONE;
        return ck_fail(err, CK_EDEVICE,
                       "%s was unplugged. Plug it in and switch it on.",
                       t->desc);
    }
    if (rc == LIBUSB_ERROR_TIMEOUT) {
        t->fault = TRANSPORT_FAULT_TIMEOUT;
        return ck_fail(err, CK_EDEVICE,
                       "%s is not answering. Check that it is on and "
                       "connected.",
                       t->desc);
    }
    t->fault = TRANSPORT_FAULT_IO;
    return ck_fail(err, CK_EDEVICE,
                   "USB error on %s: %s. Unplug the printer and plug it in "
                   "again.",
                   t->desc, libusb_strerror((enum libusb_error)rc));
}

static int usb_write(struct transport *t, const uint8_t *data, size_t len,
                     int timeout_ms, struct ck_error *err)
{
    struct usb_transport *u = (struct usb_transport *)t;
    int64_t deadline = util_mono_ms() + timeout_ms;
    size_t done = 0;
    while (done < len) {
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            return usb_fail(t, LIBUSB_ERROR_TIMEOUT, err);
        size_t n = len - done < OUT_CHUNK ? len - done : OUT_CHUNK;
        int sent = 0;
        int rc =
            libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)data + done,
                                 (int)n, &sent, (unsigned)left);
        if (sent > 0)
            done += (size_t)sent;
        if (rc == LIBUSB_ERROR_TIMEOUT && sent > 0)
            continue;
        if (rc == LIBUSB_ERROR_PIPE)
            libusb_clear_halt(u->h, u->ep_out);
        if (rc)
            return usb_fail(t, rc, err);
    }
    return CK_OK;
}

static int usb_read(struct transport *t, uint8_t *buf, size_t cap, size_t *got,
                    int timeout_ms, struct ck_error *err)
{
    struct usb_transport *u = (struct usb_transport *)t;
    int64_t deadline = util_mono_ms() + timeout_ms;
    while (u->in_pos == u->in_len) {
        int64_t left = deadline - util_mono_ms();
        if (left <= 0)
            return CK_OK; /* nothing in time */
        int n = 0;
        int rc = libusb_bulk_transfer(u->h, u->ep_in, u->in, IN_BUF, &n,
                                      (unsigned)left);
        if (rc == LIBUSB_ERROR_TIMEOUT && n == 0)
            return CK_OK;
        if (rc == LIBUSB_ERROR_PIPE)
            libusb_clear_halt(u->h, u->ep_in);
        if (rc && n == 0)
            return usb_fail(t, rc, err);
        u->in_len = (size_t)n;
        u->in_pos = 0;
        if (n == 0) {
            /* Some printers answer an IN request at once with nothing
             * rather than wait; poll gently. */
            struct timespec ts = {0, 10000000L};
            nanosleep(&ts, NULL);
        }
    }
    size_t n = u->in_len - u->in_pos;
    if (n > cap)
        n = cap;
    memcpy(buf, u->in + u->in_pos, n);
    u->in_pos += n;
    *got = n;
    return CK_OK;
}

static void usb_close(struct transport *t)
{
    struct usb_transport *u = (struct usb_transport *)t;
    if (u->h) {
        if (u->claimed)
            libusb_release_interface(u->h, u->iface);
        /* Give the interface back to usblp so that CUPS still works. */
        if (u->detached)
            libusb_attach_kernel_driver(u->h, u->iface);
        libusb_close(u->h);
    }
    if (u->ctx)
        libusb_exit(u->ctx);
    free(u);
}

static const struct transport_ops USB_OPS = {usb_write, usb_read, usb_close};

/* The printer-class interface (class 7; vendor-specific as a fallback)
 * with a bulk OUT endpoint, and its bulk IN endpoint if any. */
static int find_interface(libusb_device *dev, int *iface, int *alt,
                          uint8_t *ep_out, uint8_t *ep_in)
{
    struct libusb_config_descriptor *cfg;
    if (libusb_get_active_config_descriptor(dev, &cfg) &&
        libusb_get_config_descriptor(dev, 0, &cfg))
        return -1;
    int found = -1;
    for (int pass = 0; pass < 2 && found < 0; pass++) {
        int want = pass == 0 ? LIBUSB_CLASS_PRINTER : LIBUSB_CLASS_VENDOR_SPEC;
        for (int i = 0; i < cfg->bNumInterfaces && found < 0; i++) {
            const struct libusb_interface *in = &cfg->interface[i];
            for (int a = 0; a < in->num_altsetting && found < 0; a++) {
                const struct libusb_interface_descriptor *d =
                    &in->altsetting[a];
                if (d->bInterfaceClass != want)
                    continue;
                uint8_t out = 0, inp = 0;
                for (int e = 0; e < d->bNumEndpoints; e++) {
                    const struct libusb_endpoint_descriptor *ep =
                        &d->endpoint[e];
                    if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
                        continue;
                    if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
                        if (!inp)
                            inp = ep->bEndpointAddress;
                    } else if (!out) {
                        out = ep->bEndpointAddress;
                    }
                }
                if (out) {
                    *iface = d->bInterfaceNumber;
                    *alt = d->bAlternateSetting;
                    *ep_out = out;
                    *ep_in = inp;
                    found = 0;
                }
            }
        }
    }
    libusb_free_config_descriptor(cfg);
    return found;
}

/* Open, check the serial if one is wanted, detach and claim. */
static int open_device(libusb_context *ctx, libusb_device *dev,
                       const struct libusb_device_descriptor *dd,
                       const char *want_serial, struct usb_transport **out,
                       struct ck_error *err)
{
    *out = NULL;
    struct usb_transport *u = calloc(1, sizeof(*u));
    if (!u)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    u->base.ops = &USB_OPS;
    u->base.kind = TRANSPORT_USB;
    u->base.model = printer_model_by_usb(dd->idVendor, dd->idProduct);
    char name[64];
    port_path(dev, u->base.where + 4, sizeof(u->base.where) - 4);
    memcpy(u->base.where, "usb ", 4);
    snprintf(u->base.desc, sizeof(u->base.desc), "%s on %s",
             model_name(u->base.model, dd->idVendor, dd->idProduct, name,
                        sizeof(name)),
             u->base.where);

    int rc = libusb_open(dev, &u->h);
    if (rc) {
        int code;
        if (rc == LIBUSB_ERROR_ACCESS)
            code = ck_fail(err, CK_EDEVICE,
                           "Cannot open %s: permission denied. Install the "
                           "udev rules in config/udev (docs/transports.md) "
                           "and plug the printer in again.",
                           u->base.desc);
        else if (rc == LIBUSB_ERROR_NO_DEVICE)
            code = ck_fail(err, CK_EDEVICE,
                           "%s was unplugged. Plug it in and switch it on.",
                           u->base.desc);
        else
            code = ck_fail(err, CK_EDEVICE, "Cannot open %s: %s.", u->base.desc,
                           libusb_strerror((enum libusb_error)rc));
        free(u);
        return code;
    }
    read_serial(u->h, dd->iSerialNumber, u->base.usb_serial,
                sizeof(u->base.usb_serial));
    if (want_serial && *want_serial &&
        strcmp(want_serial, u->base.usb_serial) != 0) {
        libusb_close(u->h);
        free(u);
        return CK_ENOTFOUND; /* not this unit; no sentence */
    }
    int alt = 0;
    if (find_interface(dev, &u->iface, &alt, &u->ep_out, &u->ep_in)) {
        libusb_close(u->h);
        int code = ck_fail(err, CK_EDEVICE,
                           "%s has no printer interface with a bulk OUT "
                           "endpoint; it cannot print over USB in its "
                           "current mode.",
                           u->base.desc);
        free(u);
        return code;
    }
    u->ctx = ctx;
    rc = libusb_kernel_driver_active(u->h, u->iface);
    if (rc == 1) {
        rc = libusb_detach_kernel_driver(u->h, u->iface);
        if (rc) {
            u->ctx = NULL;
            int code =
                ck_fail(err, CK_EDEVICE,
                        "%s is held by the kernel's printer driver "
                        "and cannot be freed (%s). Install the udev "
                        "rules (docs/transports.md) and plug it in "
                        "again.",
                        u->base.desc, libusb_strerror((enum libusb_error)rc));
            usb_close(&u->base);
            return code;
        }
        u->detached = true;
    }
    rc = libusb_claim_interface(u->h, u->iface);
    if (rc) {
        u->ctx = NULL;
        int code;
        if (rc == LIBUSB_ERROR_BUSY)
            code = ck_fail(err, CK_EDEVICE,
                           "%s is in use by another program (CUPS or "
                           "another checkin?). Stop it.",
                           u->base.desc);
        else
            code = usb_fail(&u->base, rc, err);
        usb_close(&u->base);
        return code;
    }
    u->claimed = true;
    if (alt)
        libusb_set_interface_alt_setting(u->h, u->iface, alt);
    *out = u;
    return CK_OK;
}

static int init_ctx(libusb_context **ctx, struct ck_error *err)
{
    int rc = libusb_init(ctx);
    if (rc)
        return ck_fail(err, CK_EDEVICE,
                       "USB is not available here (%s); use a file: or tcp: "
                       "printer instead.",
                       libusb_strerror((enum libusb_error)rc));
    return CK_OK;
}

int transport_usb_open(const struct transport_uri *uri, struct transport **out,
                       struct ck_error *err)
{
    *out = NULL;
    libusb_context *ctx;
    int code = init_ctx(&ctx, err);
    if (code)
        return code;
    libusb_device **devs;
    ssize_t n = libusb_get_device_list(ctx, &devs);
    if (n < 0) {
        libusb_exit(ctx);
        return ck_fail(err, CK_EDEVICE, "Cannot list USB devices: %s.",
                       libusb_strerror((enum libusb_error)n));
    }
    bool any_id = uri->usb_vendor == 0 && uri->usb_product == 0;
    struct usb_transport *u = NULL;
    int storage = -1;
    code = CK_ENOTFOUND;
    for (ssize_t i = 0; i < n && !u; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(devs[i], &dd))
            continue;
        if (dd.idVendor == BROTHER_VID)
            for (size_t k = 0;
                 k < sizeof(STORAGE_MODES) / sizeof(STORAGE_MODES[0]); k++)
                if (dd.idProduct == STORAGE_MODES[k].product)
                    storage = (int)k;
        if (any_id ? !printer_model_by_usb(dd.idVendor, dd.idProduct)
                   : dd.idVendor != uri->usb_vendor ||
                         dd.idProduct != uri->usb_product)
            continue;
        struct ck_error e2 = {0};
        code = open_device(ctx, devs[i], &dd, uri->usb_serial, &u, &e2);
        if (code == CK_ENOTFOUND)
            continue; /* another unit */
        if (code) {
            if (err)
                *err = e2;
            break;
        }
    }
    libusb_free_device_list(devs, 1);
    if (u) {
        *out = &u->base;
        return CK_OK;
    }
    libusb_exit(ctx);
    if (code != CK_ENOTFOUND)
        return code;
    if (storage >= 0)
        return ck_fail(err, CK_ENOTFOUND,
                       "The %s is in %s mode (a USB drive); switch %s off on "
                       "the printer (hold its button until the lamp goes "
                       "out).",
                       STORAGE_MODES[storage].name, STORAGE_MODES[storage].mode,
                       STORAGE_MODES[storage].mode);
    if (any_id)
        return ck_fail(
            err, CK_ENOTFOUND,
            "No supported printer is attached. Plug one in and switch it on.");
    const struct printer_model *m =
        printer_model_by_usb(uri->usb_vendor, uri->usb_product);
    char name[64];
    return ck_fail(
        err, CK_ENOTFOUND,
        "No %s (%04x:%04x%s%s) is attached. Plug it in and switch it on.",
        model_name(m, uri->usb_vendor, uri->usb_product, name, sizeof(name)),
        uri->usb_vendor, uri->usb_product,
        uri->usb_serial[0] ? ", serial " : "", uri->usb_serial);
}

int transport_usb_list(struct usb_printer_info **list, size_t *count,
                       struct ck_error *err)
{
    *list = NULL;
    *count = 0;
    libusb_context *ctx;
    int code = init_ctx(&ctx, err);
    if (code)
        return code;
    libusb_device **devs;
    ssize_t n = libusb_get_device_list(ctx, &devs);
    if (n < 0) {
        libusb_exit(ctx);
        return ck_fail(err, CK_EDEVICE, "Cannot list USB devices: %s.",
                       libusb_strerror((enum libusb_error)n));
    }
    struct usb_printer_info *out = calloc((size_t)n + 1, sizeof(*out));
    if (!out) {
        libusb_free_device_list(devs, 1);
        libusb_exit(ctx);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    size_t k = 0;
    for (ssize_t i = 0; i < n; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(devs[i], &dd))
            continue;
        const struct printer_model *m =
            printer_model_by_usb(dd.idVendor, dd.idProduct);
        if (!m)
            continue;
        struct usb_printer_info *p = &out[k++];
        p->model = m;
        p->vendor = dd.idVendor;
        p->product = dd.idProduct;
        p->bus = libusb_get_bus_number(devs[i]);
        p->address = libusb_get_device_address(devs[i]);
        port_path(devs[i], p->port, sizeof(p->port));
        libusb_device_handle *h;
        if (libusb_open(devs[i], &h) == 0) {
            read_serial(h, dd.iSerialNumber, p->serial, sizeof(p->serial));
            libusb_close(h);
        }
        snprintf(p->uri, sizeof(p->uri), "usb:%04x:%04x%s%s", p->vendor,
                 p->product, p->serial[0] ? ":" : "", p->serial);
    }
    libusb_free_device_list(devs, 1);
    libusb_exit(ctx);
    *list = out;
    *count = k;
    return CK_OK;
}
