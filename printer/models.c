/* The printer models checkin knows, and the two entry points every caller
 * uses: driver_encode and driver_printable, which dispatch on the model's
 * command set.  Media tables live with each command set (ql.c, zpl.c,
 * dymo.c); this file only knows models.  Nothing here talks to a device.
 *
 * Sources for the table (cited again in docs/):
 * - Brother USB product ids: /work/shared/docs/label-printers.md, which
 *   gathered them from the printers' descriptors; head widths and line
 *   bytes from Brother's "Raster Command Reference" for QL-800/810W/820NWB
 *   (90 bytes, 720 pins) and QL-1100/1110NWB/1115NWB (162 bytes, 1296 pins);
 *   which models take ESC i a, ESC i A/K and compression from the same
 *   references and the QL-500/550/560/570/580N/650TD/700/1050/1060N one.
 * - DYMO: 0x0922:0x0020 (450) from the shared doc; 0x0021 (450 Turbo) from
 *   GoogleChrome/chrome-extensions-samples usb-label-printer/README.md;
 *   0x0022 (Twin Turbo), 0x0023 (Duo) and 0x0025 (4XL) from the
 *   thermal-label/labelwriter hardware table, not confirmed on hardware.
 *   Head widths from DYMO's "LabelWriter 450 Series Technical Reference
 *   Manual" (ESC D at most 84 bytes; the 4XL 156).
 * - Zebra: vendor 0x0a5f; no product id confirmed from a primary source,
 *   so the Zebra rows have usb_product 0 and are chosen with --model. */
#include <strings.h>

#include "checkin/driver.h"

#define BROTHER 0x04f9
#define DYMO 0x0922
#define ZEBRA 0x0a5f

/* QL-800 family: 720-pin head, 90-byte lines.  QL-10xx/11xx: 1296 pins,
 * 162 bytes.  Minimum lengths are the smallest raster line counts of the
 * references' print information tables. */
#define QL(name, pid, flags, minlen)                                           \
    {                                                                          \
        name, LANG_BROTHER_QL, BROTHER, pid, 300, 720, 90, flags, minlen       \
    }
#define QLW(name, pid, flags, minlen)                                          \
    {                                                                          \
        name, LANG_BROTHER_QL, BROTHER, pid, 300, 1296, 162,                   \
            (flags) | MODEL_WIDE_HEAD, minlen                                  \
    }
#define LW(name, pid, dots)                                                    \
    {                                                                          \
        name, LANG_DYMO_LW, DYMO, pid, 300, dots, (dots) / 8, 0, 0             \
    }
#define ZPL(name, dpi, dots)                                                   \
    {                                                                          \
        name, LANG_ZPL, ZEBRA, 0, dpi, dots, (dots) / 8, 0, 0                  \
    }

enum {
    CUT = MODEL_CUTTER,
    CUTK = MODEL_CUTTER | MODEL_CUT_CMDS,
    RAS = MODEL_RASTER_CMD,
    PB = MODEL_PACKBITS,
    RED = MODEL_TWO_COLOUR,
};

const struct printer_model printer_models[] = {
    QL("QL-500", 0x2015, 0, 295),
    QL("QL-550", 0x2016, CUT, 295),
    QL("QL-570", 0x2028, CUTK, 150),
    /* The 650TD compresses only over its serial port: send it raw. */
    QL("QL-650TD", 0x201b, CUTK | RAS, 295),
    QL("QL-700", 0x2042, CUTK, 150),
    QL("QL-710W", 0x2043, CUTK | RAS | PB, 150),
    QL("QL-720NW", 0x2044, CUTK | RAS | PB, 150),
    QL("QL-800", 0x209b, CUTK | RAS | RED, 150),
    QL("QL-810W", 0x209c, CUTK | RAS | PB | RED, 150),
    QL("QL-820NWB", 0x209d, CUTK | RAS | PB | RED, 150),
    QLW("QL-1050", 0x2020, CUTK | RAS | PB, 295),
    QLW("QL-1060N", 0x202a, CUTK | RAS | PB, 295),
    QLW("QL-1100", 0x20a7, CUTK | RAS | PB, 301),
    QLW("QL-1110NWB", 0x20a8, CUTK | RAS | PB, 301),
    QLW("QL-1115NWB", 0x20ab, CUTK | RAS | PB, 301),
    LW("LabelWriter 450", 0x0020, 672),
    LW("LabelWriter 450 Turbo", 0x0021, 672),
    LW("LabelWriter 450 Twin Turbo", 0x0022, 672),
    LW("LabelWriter 450 Duo", 0x0023, 672),
    LW("LabelWriter 4XL", 0x0025, 1248),
    ZPL("ZD410", 203, 448),
    ZPL("ZD410-300", 300, 640),
    ZPL("ZD420", 203, 832),
    ZPL("ZD420-300", 300, 1280),
    ZPL("GK420d", 203, 832),
    ZPL("GX420d", 203, 832),
    ZPL("GX430t", 300, 1280),
    {0},
};

const struct printer_model *printer_model_by_name(const char *name)
{
    if (!name)
        return NULL;
    for (const struct printer_model *m = printer_models; m->name; m++)
        if (strcasecmp(m->name, name) == 0)
            return m;
    return NULL;
}

const struct printer_model *printer_model_by_usb(uint16_t vendor,
                                                 uint16_t product)
{
    if (!product)
        return NULL;
    for (const struct printer_model *m = printer_models; m->name; m++)
        if (m->usb_vendor == vendor && m->usb_product == product)
            return m;
    return NULL;
}

static int check_args(const struct printer_model *model,
                      const struct media *media, struct ck_error *err)
{
    if (!model || !media)
        return ck_fail(err, CK_EINVAL,
                       "No printer model or media was given; choose them "
                       "with --model and --media.");
    return CK_OK;
}

int driver_printable(const struct printer_model *model,
                     const struct media *media, int *width_dots,
                     int *length_dots, struct ck_error *err)
{
    int code = check_args(model, media, err);
    if (code)
        return code;
    switch (model->lang) {
    case LANG_BROTHER_QL:
        return ql_printable(model, media, width_dots, length_dots, err);
    case LANG_ZPL:
        return zpl_printable(model, media, width_dots, length_dots, err);
    case LANG_DYMO_LW:
        return dymo_printable(model, media, width_dots, length_dots, err);
    }
    return ck_fail(err, CK_EINVAL,
                   "The %s uses a printer language checkin "
                   "does not speak.",
                   model->name);
}

int driver_encode(const struct printer_model *model, const struct media *media,
                  const struct bitmap1 *pages, size_t npages,
                  const struct print_options *opt, struct bytebuf *out,
                  struct ck_error *err)
{
    static const struct print_options defaults = {0};
    int code = check_args(model, media, err);
    if (code)
        return code;
    if (!pages || npages == 0)
        return ck_fail(err, CK_EINVAL,
                       "There is nothing to print: the job has no labels.");
    if (!opt)
        opt = &defaults;
    switch (model->lang) {
    case LANG_BROTHER_QL:
        return ql_encode(model, media, pages, npages, opt, out, err);
    case LANG_ZPL:
        return zpl_encode(model, media, pages, npages, opt, out, err);
    case LANG_DYMO_LW:
        return dymo_encode(model, media, pages, npages, opt, out, err);
    }
    return ck_fail(err, CK_EINVAL,
                   "The %s uses a printer language checkin "
                   "does not speak.",
                   model->name);
}

bool driver_stream_head(const uint8_t *head, size_t len)
{
    return len > 0 &&
           (ql_stream_head(head, len) || zpl_stream_head(head, len) ||
            dymo_stream_head(head, len));
}
