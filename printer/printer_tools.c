/* See printer_tools.h.  What a printer did is returned as data; what
 * `checkin printers`, `print-image` and `print` tell a person of it is
 * commands/'. */
#include "checkin/printer_tools.h"

#include <stdlib.h>
#include <string.h>

#include "checkin/transport.h"

/* Short: `checkin printers` must not hang on a silent printer. */
#define LIST_STATUS_MS 1500

/* Ask one printer its media and state, into `out` (its info already
 * there). */
static void ask(struct printer_listed *out)
{
    struct printer_options opt = {0};
    opt.status_timeout_ms = LIST_STATUS_MS;
    struct ck_error err = {0};
    printer *p;
    if (printer_open(out->info.uri, &opt, &p, &err)) {
        out->st.state = PRINTER_OTHER_ERROR;
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
        return;
    }
    if (printer_query(p, &out->st, &err))
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
    printer_close(p);
}

int printer_list_usb(struct printer_listed **list, size_t *n,
                     struct ck_error *err)
{
    *list = NULL;
    *n = 0;
    struct usb_printer_info *usb;
    size_t found;
    int code = transport_usb_list(&usb, &found, err);
    if (code)
        return code;
    struct printer_listed *l = calloc(found ? found : 1, sizeof(*l));
    if (!l) {
        free(usb);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    for (size_t i = 0; i < found; i++) {
        l[i].info = usb[i];
        ask(&l[i]);
    }
    free(usb);
    *list = l;
    *n = found;
    return CK_OK;
}

/* Box-filter the image (iw x ih) down to w x h in a new gray buffer. */
static uint8_t *shrink(const uint8_t *pixels, int iw, int ih, size_t stride,
                       int w, int h)
{
    uint8_t *out = malloc((size_t)w * (size_t)h);
    if (!out)
        return NULL;
    for (int y = 0; y < h; y++) {
        int y0 = (int)((long long)y * ih / h);
        int y1 = (int)((long long)(y + 1) * ih / h);
        if (y1 <= y0)
            y1 = y0 + 1;
        for (int x = 0; x < w; x++) {
            int x0 = (int)((long long)x * iw / w);
            int x1 = (int)((long long)(x + 1) * iw / w);
            if (x1 <= x0)
                x1 = x0 + 1;
            unsigned long sum = 0, cnt = 0;
            for (int yy = y0; yy < y1; yy++)
                for (int xx = x0; xx < x1; xx++) {
                    sum += pixels[(size_t)yy * stride + (size_t)xx];
                    cnt++;
                }
            out[(size_t)y * (size_t)w + (size_t)x] =
                (uint8_t)(cnt ? sum / cnt : 255);
        }
    }
    return out;
}

int printer_print_gray(printer *p, const struct media *media,
                       const uint8_t *gray, int width, int height,
                       size_t stride, int threshold, bool *printed,
                       struct ck_error *err)
{
    *printed = false;
    struct media wanted;
    if (media) {
        wanted = *media;
    } else {
        struct printer_status st;
        int code = printer_query(p, &st, err);
        if (code)
            return code;
        if (!st.media_known)
            return ck_fail(err, CK_EINVAL,
                           "%s cannot say which labels are loaded; give them "
                           "with --media (for example --media 62 or --media "
                           "62x100).",
                           printer_describe(p));
        wanted = st.media;
    }
    int w, h;
    int code = driver_printable(printer_get_model(p), &wanted, &w, &h, err);
    if (code)
        return code;
    /* Fit the printable area, keeping the aspect ratio; never enlarge. */
    double scale = 1.0;
    if (width > w)
        scale = (double)w / width;
    if (h > 0 && height * scale > h)
        scale = (double)h / height;
    int sw = width, sh = height;
    uint8_t *small = NULL;
    if (scale < 1.0) {
        sw = (int)(width * scale);
        sh = (int)(height * scale);
        if (sw < 1)
            sw = 1;
        if (sh < 1)
            sh = 1;
        small = shrink(gray, width, height, stride, sw, sh);
        if (!small)
            return ck_fail(err, CK_ENOMEM, "Out of memory.");
        gray = small;
        stride = (size_t)sw;
    }
    struct bitmap1 bm = {0};
    code = bitmap1_from_gray(gray, sw, sh, stride, threshold, &bm, err);
    free(small);
    if (code)
        return code;
    struct print_request req = {&wanted, &bm, 1, NULL, NULL};
    struct printer_status st;
    bool sent;
    code = printer_print(p, &req, &st, &sent, err);
    bitmap1_free(&bm);
    if (!code)
        *printed = st.state == PRINTER_PRINTED;
    return code;
}

int printer_print_badges(store *s, const struct badge_key *key, const char *uri,
                         const struct printer_options *popt,
                         const struct badge_printer_options *bopt,
                         int64_t attendee_id, const char *reason,
                         struct badges_printed *r, struct ck_error *err)
{
    memset(r, 0, sizeof(*r));
    /* Writing labels to the event file would destroy it, and even opening
     * it would drop this command's locks on it (docs/store.md). */
    if (!strncmp(uri, "file:", 5) && store_is_own_file(s, uri + 5))
        return ck_fail(err, CK_EINVAL,
                       "The printer %s is the event database itself; give "
                       "the printer's device or a new file with --printer.",
                       uri);
    printer *p = NULL;
    badge_printer *bp = NULL;
    int code = printer_open(uri, popt, &p, err);
    if (!code)
        code = badge_printer_new(s, key, p, uri, bopt, &bp, err);
    if (!code)
        code = badge_printer_print(bp, attendee_id, reason, &r->rep, err);
    if (!code)
        snprintf(r->printer, sizeof(r->printer), "%s", printer_describe(p));
    badge_printer_free(bp);
    printer_close(p);
    return code;
}
