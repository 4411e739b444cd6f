/* The label printer commands' words to people: `checkin printers`' and
 * `print-image`'s usage, and `checkin print-preview`, a file printer's
 * bytes back into label images (print_commands.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "checkin/buf.h"
#include "checkin/driver.h"
#include "checkin/i18n.h"
#include "checkin/label.h"
#include "checkin/print_commands.h"

/* A day's output of a busy desk is tens of megabytes (a QL badge is about
 * 100 KB); a file past this is not a printer's output. */
#define MAX_STREAM_BYTES (1L << 30)

const char PRINTERS_USAGE[] =
    N_("Usage: checkin printers [--json]\n"
       "List the attached USB label printers of the supported models:\n"
       "the URI to print to, model, USB port, bus and address, serial\n"
       "number, loaded media and state.\n\n"
       "Options:\n"
       "  -j, --json   one JSON array of {\"uri\", \"model\", \"port\", "
       "\"bus\",\n"
       "               \"address\", \"serial\", \"media\", \"state\", "
       "\"message\"}\n"
       "  -h, --help   show this help\n\n"
       "Network (tcp:) and file: printers cannot be listed; see\n"
       "docs/transports.md.  Exit status: 0 if a printer is attached, 1 "
       "if\nnone is (or USB cannot be read), 2 on usage errors.\n");

const char PRINT_IMAGE_USAGE[] =
    N_("Usage: checkin print-image [OPTIONS] IMAGE --printer URI\n"
       "Print a PNG, JPEG or PGM image on a label printer.\n\n"
       "The image is scaled down to the media's printable width (and\n"
       "length, for die-cut labels) if it is larger, and turned into\n"
       "black and white at the threshold.  Before printing, the "
       "printer is\nasked which media is loaded; a mismatch with "
       "--media is refused.\n\n"
       "Printer URIs:\n"
       "  usb:                      the first supported USB printer\n"
       "  usb:VID:PID[:SERIAL]      that one (see 'checkin printers')\n"
       "  file:PATH                 write the printer's bytes to a file "
       "or device\n"
       "  tcp:HOST[:PORT]           raw TCP, port 9100 by default\n\n"
       "Options:\n"
       "  -p, --printer URI     where to print (required)\n"
       "  -m, --model NAME      the printer model (file: and tcp: need "
       "it)\n"
       "  -M, --media SPEC      the labels: 62 (continuous, mm), 62x100 "
       "(die-cut),\n"
       "                        or a Brother roll such as DK-11202; "
       "needed when\n"
       "                        the printer cannot be asked\n"
       "  -t, --threshold N     gray level below which a dot is black "
       "(1-255,\n"
       "                        default 128)\n"
       "      --no-status       do not ask the printer anything\n"
       "  -h, --help            show this help\n\n"
       "Exit status: 0 when printed (or sent, where the printer cannot "
       "tell),\n1 on errors, 2 on usage errors.\n");

const char PRINT_PREVIEW_USAGE[] =
    N_("Usage: checkin print-preview [--model NAME] FILE --out DIR\n"
       "Show what a file: printer's output prints: every label in FILE (a\n"
       "Brother QL, Zebra ZPL or DYMO LabelWriter stream, one print or a\n"
       "day's) as DIR/label-001.png, label-002.png, ... (0600: labels carry\n"
       "names).  The bytes are read back, not the badge rendered again.\n\n"
       "Options:\n"
       "  -o, --out DIR      where the images go (made if missing; required)\n"
       "  -m, --model NAME   the model it was printed for (QL-800, ZD420,\n"
       "                     LabelWriter 450, ...); default: as the stream\n"
       "                     shows\n"
       "  -h, --help         show this help\n\n"
       "Exit status: 0 when every label was read, 1 when the file is not\n"
       "printer output or is cut short (the whole labels before the cut are\n"
       "written), 2 on usage errors.\n");

static int read_stream(const char *path, struct ck_buf *b, struct ck_error *err)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return ck_said(err, errno == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       _("%s: cannot open the file (%s); give the file a "
                         "file: printer wrote."),
                       path, strerror(errno));
    int code = CK_OK;
    for (;;) {
        char *at = ck_buf_room(b, b->len ? b->len : 1 << 16);
        if (!at) {
            code = ck_said(err, CK_ENOMEM, _("%s: out of memory reading it."),
                           path);
            break;
        }
        size_t want = b->cap - b->len - 1, got = fread(at, 1, want, f);
        b->len += got;
        if (got < want) {
            if (ferror(f))
                code = ck_said(err, CK_EIO,
                               _("%s: cannot read the file (is it a "
                                 "folder?)."),
                               path);
            break;
        }
        if (b->len > (size_t)MAX_STREAM_BYTES) {
            code = ck_said(err, CK_EINVAL,
                           _("%s is larger than 1 GiB, more than any day of "
                             "printing; give the file a file: printer "
                             "wrote."),
                           path);
            break;
        }
    }
    fclose(f);
    return code;
}

static int write_labels(const struct driver_labels *l, const char *dir,
                        FILE *out, struct ck_error *err)
{
    if (mkdir(dir, 0700) && errno != EEXIST)
        return ck_said(err, CK_EIO, _("Cannot make the folder %s: %s."), dir,
                       strerror(errno));
    int dpi = l->model ? l->model->dpi : 0;
    for (size_t i = 0; i < l->n; i++) {
        char path[4200];
        snprintf(path, sizeof(path), "%s/label-%03zu.png", dir, i + 1);
        struct label_image img = {.bitmap = l->page[i], .dpi = dpi};
        int code = label_image_write_png(&img, path, err);
        if (code)
            return code;
        const struct bitmap1 *pg = &l->page[i];
        if (dpi)
            fprintf(out, _("%s: %dx%d dots (%.0fx%.0f mm at %d dpi)\n"), path,
                    pg->width, pg->height, pg->width * 25.4 / dpi,
                    pg->height * 25.4 / dpi, dpi);
        else
            fprintf(out, _("%s: %dx%d dots\n"), path, pg->width, pg->height);
    }
    return CK_OK;
}

int print_preview(const char *path, const char *model_name, const char *out_dir,
                  FILE *out, struct ck_error *err)
{
    const struct printer_model *model = NULL;
    if (model_name && !(model = printer_model_by_name(model_name)))
        return ck_said(err, CK_EINVAL,
                       _("No printer model is called '%s'; 'checkin "
                         "print-preview --help' lists them."),
                       model_name);
    struct ck_buf b = {0};
    int code = read_stream(path, &b, err);
    if (code) {
        ck_buf_free(&b);
        return code;
    }
    struct driver_labels l = {0};
    struct ck_error read_err = {0};
    int read_code =
        driver_read_back(model, (const uint8_t *)b.p, b.len, &l, &read_err);
    ck_buf_free(&b);
    /* Labels read whole before a cut are shown too: they were printed. */
    code = l.n ? write_labels(&l, out_dir, out, err) : CK_OK;
    if (!code && l.n && !l.guessed)
        /* TRANSLATORS: the labels, the file, the printer model. */
        fprintf(out,
                ngettext("%zu label from %s, read as printed for a %s.\n",
                         "%zu labels from %s, read as printed for a %s.\n",
                         l.n),
                l.n, path, l.model->name);
    else if (!code && l.n && l.model)
        /* TRANSLATORS: the labels, the file, the stream's kind ("Brother
         * QL raster"), the print head's dots. */
        fprintf(out,
                ngettext("%zu label from %s, read as %s on a %d-dot head.\n",
                         "%zu labels from %s, read as %s on a %d-dot head.\n",
                         l.n),
                l.n, path, l.family, l.model->head_dots);
    else if (!code && l.n)
        fprintf(out,
                ngettext("%zu label from %s, read as %s.\n",
                         "%zu labels from %s, read as %s.\n", l.n),
                l.n, path, l.family);
    driver_labels_free(&l);
    if (!code && read_code) {
        /* printer/'s sentence in the language spoken, then the file's
         * name before it: one language (ck_said). */
        char said[sizeof(read_err.msg)];
        ck_error_say(&read_err, said, sizeof(said));
        code = ck_said(err, read_code, "%s: %s", path, said);
    }
    return code;
}
