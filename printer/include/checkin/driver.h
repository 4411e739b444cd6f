/* Printer models and their command sets.  Drivers are pure encoders: a
 * job of 1-bit pages plus media and options in, the printer's bytes out.
 * They never touch a device; transports (transport.h) move the bytes.
 * Each command set is documented in docs/ with its primary source. */
#ifndef CHECKIN_DRIVER_H
#define CHECKIN_DRIVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "checkin/bitmap.h"
#include "checkin/error.h"

enum printer_lang {
    LANG_BROTHER_QL, /* Brother QL raster */
    LANG_ZPL,        /* Zebra ZPL II */
    LANG_DYMO_LW,    /* DYMO LabelWriter 450 family */
};

enum model_flags {
    MODEL_PACKBITS = 1 << 0,   /* accepts compressed raster lines */
    MODEL_RASTER_CMD = 1 << 1, /* needs ESC i a 01 to enter raster mode */
    MODEL_CUTTER = 1 << 2,     /* has an automatic cutter */
    MODEL_WIDE_HEAD = 1 << 3,  /* 102 mm head (QL-10xx/11xx) */
    MODEL_TWO_COLOUR = 1 << 4, /* black/red on DK-22251 */
    MODEL_CUT_CMDS =
        1 << 5, /* ESC i A (cut every n) and ESC i K (cut at end) */
};

struct printer_model {
    const char *name; /* "QL-800" */
    enum printer_lang lang;
    uint16_t usb_vendor, usb_product; /* 0 if not a USB model */
    int dpi;                          /* dots per inch across the head */
    int head_dots;                    /* dots across the whole head */
    int line_bytes;                   /* bytes per raster line on the wire */
    unsigned flags;                   /* enum model_flags */
    int min_length_dots; /* shortest page the model feeds; 0 = any */
};

/* The known models, family by family; the table ends with a zeroed entry.
 * A model whose usb_product is 0 is not matched by USB id and is chosen
 * with --model.  Gathered once from the families' own tables (each
 * family's file lists its models) and kept for the life of the process;
 * safe from any thread. */
const struct printer_model *printer_model_list(void);
#define printer_models (printer_model_list())
/* Case-insensitive; NULL when unknown. */
const struct printer_model *printer_model_by_name(const char *name);
const struct printer_model *printer_model_by_usb(uint16_t vendor,
                                                 uint16_t product);

enum media_kind { MEDIA_CONTINUOUS, MEDIA_DIE_CUT };

struct media {
    enum media_kind kind;
    int width_mm;
    int length_mm; /* 0 for continuous rolls */
};

struct print_options {
    bool cut_each;     /* cut after every label (default: at the end) */
    bool high_quality; /* slower, sharper where the model offers it */
};

/* Encode a job of `npages` labels for `model` on `media`.  The pages must
 * fit the media's printable area at the model's resolution (else
 * CK_EINVAL with a sentence naming the sizes).  Appends to `out`. */
int driver_encode(const struct printer_model *model, const struct media *media,
                  const struct bitmap1 *pages, size_t npages,
                  const struct print_options *opt, struct bytebuf *out,
                  struct ck_error *err) CK_MUST_CHECK;

/* The printable area in dots of `media` on `model`.  `length_dots` is 0
 * for continuous media: any length the model can feed.  Pages smaller
 * than the area are placed at its top-left corner and padded white. */
int driver_printable(const struct printer_model *model,
                     const struct media *media, int *width_dots /* out */,
                     int *length_dots /* out */,
                     struct ck_error *err) CK_MUST_CHECK;

/* Whether `head` (the first `len` bytes of a file, len > 0) begins the
 * way every stream driver_encode writes begins, for some command set: all
 * of its first bytes up to that language's fixed opening (ql_stream_head,
 * zpl_stream_head, dymo_stream_head; a shorter head must be a prefix of
 * it).  The file printer uses it to tell its own earlier output from a
 * file it must not overwrite (docs/transports.md). */
bool driver_stream_head(const uint8_t *head, size_t len);
bool ql_stream_head(const uint8_t *head, size_t len);
bool zpl_stream_head(const uint8_t *head, size_t len);
bool dymo_stream_head(const uint8_t *head, size_t len);

/* A printer's bytes read back: one bitmap a label, as the head prints it
 * (row 0 the leading edge, as driver_encode takes pages), as wide as the
 * model's head (QL, DYMO) or as the label's graphic field (ZPL). */
struct driver_labels {
    struct bitmap1 *page;
    size_t n, cap;
    const char *family; /* "Brother QL", the command set read */
    /* The model given, or the family's first with the head the lines
     * showed; NULL where the stream does not say (ZPL). */
    const struct printer_model *model;
    bool guessed; /* `model` was not given */
};

/* Read `len` bytes of printer output (a file printer's file: one job or
 * many, one after another) into the labels they print, appended to `out`
 * (zeroed before the first call; driver_labels_free frees it).  `model`
 * NULL: the command set recognised by the stream's opening
 * (driver_stream_head) with the head its lines show.  Every byte is read:
 * one the command set does not allow there is CK_EINVAL with its offset,
 * and a stream cut short is CK_EINVAL saying so, the labels read whole
 * before it kept in `out`. */
int driver_read_back(const struct printer_model *model, const uint8_t *bytes,
                     size_t len, struct driver_labels *out,
                     struct ck_error *err) CK_MUST_CHECK;
void driver_labels_free(struct driver_labels *l);

/* The per-language encoders and printable areas driver_encode and
 * driver_printable dispatch to (same contracts; `model->lang` must match).
 * docs/brother-ql-raster.md, docs/zpl.md and docs/dymo-labelwriter.md
 * describe the bytes. */
int ql_encode(const struct printer_model *model, const struct media *media,
              const struct bitmap1 *pages, size_t npages,
              const struct print_options *opt, struct bytebuf *out,
              struct ck_error *err) CK_MUST_CHECK;
int ql_printable(const struct printer_model *model, const struct media *media,
                 int *width_dots /* out */, int *length_dots /* out */,
                 struct ck_error *err) CK_MUST_CHECK;
int zpl_encode(const struct printer_model *model, const struct media *media,
               const struct bitmap1 *pages, size_t npages,
               const struct print_options *opt, struct bytebuf *out,
               struct ck_error *err) CK_MUST_CHECK;
int zpl_printable(const struct printer_model *model, const struct media *media,
                  int *width_dots /* out */, int *length_dots /* out */,
                  struct ck_error *err) CK_MUST_CHECK;
int dymo_encode(const struct printer_model *model, const struct media *media,
                const struct bitmap1 *pages, size_t npages,
                const struct print_options *opt, struct bytebuf *out,
                struct ck_error *err) CK_MUST_CHECK;
int dymo_printable(const struct printer_model *model, const struct media *media,
                   int *width_dots /* out */, int *length_dots /* out */,
                   struct ck_error *err) CK_MUST_CHECK;

#endif
