/* See printer_tools.h.  Moved from `checkin printers` and `checkin
 * print-image` (cli/cmd_print.c) so that the commands are argv wiring
 * only; what they print is unchanged. */
#include "checkin/printer_tools.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/credential.h"
#include "checkin/transport.h"

/* Short: `checkin printers` must not hang on a silent printer. */
#define LIST_STATUS_MS 1500

struct listed {
    struct printer_status st;
    bool asked;
    char message[512];
};

static void ask(const struct usb_printer_info *info, struct listed *out)
{
    memset(out, 0, sizeof(*out));
    struct printer_options opt = {0};
    opt.status_timeout_ms = LIST_STATUS_MS;
    struct ck_error err = {0};
    printer *p;
    if (printer_open(info->uri, &opt, &p, &err)) {
        out->st.state = PRINTER_OTHER_ERROR;
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
        return;
    }
    out->asked = true;
    if (printer_query(p, &out->st, &err))
        snprintf(out->message, sizeof(out->message), "%s", err.msg);
    printer_close(p);
}

static json_t *media_json(const struct printer_status *st)
{
    if (!st->media_known)
        return json_null();
    char name[32];
    printer_media_str(&st->media, name, sizeof(name));
    const char *dk = printer_media_product(&st->media);
    return json_pack("{s:s, s:i, s:i, s:s, s:s?}", "kind",
                     st->media.kind == MEDIA_DIE_CUT ? "die-cut" : "continuous",
                     "width_mm", st->media.width_mm, "length_mm",
                     st->media.length_mm, "name", name, "product", dk);
}

int printer_list_usb(FILE *out, bool json, size_t *found, struct ck_error *err)
{
    *found = 0;
    struct usb_printer_info *list;
    size_t n;
    int code = transport_usb_list(&list, &n, err);
    if (code)
        return code;
    json_t *arr = json ? json_array() : NULL;
    for (size_t i = 0; i < n; i++) {
        const struct usb_printer_info *info = &list[i];
        struct listed l;
        ask(info, &l);
        if (json) {
            json_t *o = json_pack(
                "{s:s, s:s, s:s, s:i, s:i, s:s, s:o, s:s, s:s?}", "uri",
                info->uri, "model", info->model->name, "port", info->port,
                "bus", info->bus, "address", info->address, "serial",
                info->serial, "media", media_json(&l.st), "state",
                printer_state_str(l.st.state), "message",
                l.message[0] ? l.message : NULL);
            json_array_append_new(arr, o);
            continue;
        }
        char media[48] = "media unknown";
        if (l.st.media_known) {
            char size[32];
            printer_media_str(&l.st.media, size, sizeof(size));
            const char *dk = printer_media_product(&l.st.media);
            snprintf(media, sizeof(media), "%s%s%s%s", size,
                     l.st.media.kind == MEDIA_DIE_CUT ? " labels" : " roll",
                     dk ? " " : "", dk ? dk : "");
        }
        fprintf(out, "%s\t%s on usb %s (bus %03d address %03d)%s%s\t%s\t%s\n",
                info->uri, info->model->name, info->port, info->bus,
                info->address, info->serial[0] ? ", serial " : "", info->serial,
                media, printer_state_str(l.st.state));
        if (l.message[0])
            fprintf(out, "\t%s\n", l.message);
    }
    if (json) {
        char *text = json_dumps(arr, JSON_COMPACT);
        if (text)
            fprintf(out, "%s\n", text);
        free(text);
        json_decref(arr);
    } else if (n == 0) {
        fprintf(out, "No supported printer is attached.\n");
    }
    free(list);
    *found = n;
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
    struct print_request req = {"the image", &wanted, &bm, 1, NULL, NULL};
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
                         int64_t attendee_id, const char *reason, FILE *out,
                         struct ck_error *err)
{
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
    struct print_queue_report rep;
    if (!code)
        code = badge_printer_print(bp, attendee_id, reason, &rep, err);
    if (!code) {
        fprintf(out, "%s: %zu printed, %zu sent, %zu failed, %zu waiting.\n",
                printer_describe(p), rep.printed, rep.sent, rep.failed,
                rep.waiting);
        /* "printed" counts only what the printer said it printed. */
        if (rep.sent)
            fprintf(out,
                    "Sent %zu label%s; this printer cannot confirm %s "
                    "printed, so check that %s came out.\n",
                    rep.sent, rep.sent == 1 ? "" : "s",
                    rep.sent == 1 ? "it" : "they",
                    rep.sent == 1 ? "it" : "they");
        /* A file printer's labels are bytes no one can look at. */
        struct stat st;
        if (rep.sent && !strncmp(uri, "file:", 5) && !stat(uri + 5, &st) &&
            S_ISREG(st.st_mode))
            fprintf(out,
                    "See them with 'checkin print-preview %s --out DIR'.\n",
                    uri + 5);
        if (rep.message[0])
            code = ck_fail(err, CK_EDEVICE, "%s", rep.message);
    }
    badge_printer_free(bp);
    printer_close(p);
    return code;
}

int printer_print_badges_for(const char *db, const char *who_arg,
                             const char *key_path, const char *uri,
                             const struct printer_options *popt,
                             const struct badge_printer_options *bopt,
                             const char *reason, FILE *out,
                             struct ck_error *err)
{
    store *s = NULL;
    struct attendee_list who = {0};
    struct badge_key key;
    bool have_key = false;
    int code = store_open(db, STORE_EXISTING | STORE_LIGHT_CHECK, &s, err);
    if (!code)
        code = store_attendee_find_one(s, who_arg, &who, err);
    if (!code && !(code = credential_load_desk_key(s, db, key_path, &key, err)))
        have_key = true;
    if (!code)
        code = printer_print_badges(s, &key, uri, popt, bopt, who.items[0].id,
                                    reason, out, err);
    if (have_key)
        badge_key_wipe(&key);
    attendee_list_free(&who);
    store_close(s);
    /* The printer's sentence says what to do to it; the command has
     * ended, so say how the labels get printed then. */
    if (code == CK_EDEVICE) {
        size_t n = strlen(err->msg);
        snprintf(err->msg + n, sizeof(err->msg) - n,
                 " Then run the same command again: labels that failed "
                 "print first, with the same badge number.");
    }
    return code;
}
