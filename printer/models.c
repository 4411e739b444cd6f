/* The printer families checkin knows (the one list of them is below) and
 * the entry points every caller uses: the model table and its lookups,
 * driver_encode, driver_printable and driver_stream_head, which go to the
 * model's family.  Each family's models, media and bytes live in its own
 * file (ql.c, zpl.c, dymo.c; family.h says what a family provides and
 * docs/adding-a-printer.md how to add one).  Nothing here talks to a
 * device. */
#include <pthread.h>
#include <stdlib.h>
#include <strings.h>

#include "checkin/driver.h"
#include "family.h"

const struct printer_family *const printer_families[] = {
    &ql_family,
    &zpl_family,
    &dymo_family,
    NULL,
};

/* Every family's models in one table, sized when first used: no family
 * and no model is ever dropped for want of room. */
static struct printer_model *all_models;
static pthread_once_t all_models_once = PTHREAD_ONCE_INIT;

static void gather_models(void)
{
    size_t n = 0;
    for (const struct printer_family *const *f = printer_families; *f; f++)
        for (const struct printer_model *m = (*f)->models; m->name; m++)
            n++;
    /* The table lives as long as the program (never freed).  A program
     * that cannot allocate these few kilobytes at its first printer
     * lookup stops there, as it would at its next allocation. */
    all_models = calloc(n + 1, sizeof(*all_models));
    if (!all_models)
        abort();
    n = 0;
    for (const struct printer_family *const *f = printer_families; *f; f++)
        for (const struct printer_model *m = (*f)->models; m->name; m++)
            all_models[n++] = *m;
}

const struct printer_model *printer_model_list(void)
{
    pthread_once(&all_models_once, gather_models);
    return all_models;
}

const struct printer_family *
printer_family_of(const struct printer_model *model)
{
    for (const struct printer_family *const *f = printer_families; *f; f++)
        if ((*f)->lang == model->lang)
            return *f;
    return NULL;
}

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

/* The model's family, or CK_EINVAL with a sentence. */
static int family(const struct printer_model *model, const struct media *media,
                  const struct printer_family **out, struct ck_error *err)
{
    if (!model || !media)
        return ck_fail(err, CK_EINVAL,
                       "No printer model or media was given; choose them "
                       "with --model and --media.");
    *out = printer_family_of(model);
    if (!*out)
        return ck_fail(err, CK_EINVAL,
                       "The %s uses a printer language checkin "
                       "does not speak.",
                       model->name);
    return CK_OK;
}

int driver_printable(const struct printer_model *model,
                     const struct media *media, int *width_dots,
                     int *length_dots, struct ck_error *err)
{
    const struct printer_family *f;
    int code = family(model, media, &f, err);
    if (code)
        return code;
    return f->printable(model, media, width_dots, length_dots, err);
}

int driver_encode(const struct printer_model *model, const struct media *media,
                  const struct bitmap1 *pages, size_t npages,
                  const struct print_options *opt, struct bytebuf *out,
                  struct ck_error *err)
{
    static const struct print_options defaults = {0};
    const struct printer_family *f;
    int code = family(model, media, &f, err);
    if (code)
        return code;
    if (!pages || npages == 0)
        return ck_fail(err, CK_EINVAL,
                       "There is nothing to print: the job has no labels.");
    if (!opt)
        opt = &defaults;
    return f->encode(model, media, pages, npages, opt, out, err);
}

bool driver_stream_head(const uint8_t *head, size_t len)
{
    if (len == 0)
        return false;
    for (const struct printer_family *const *f = printer_families; *f; f++)
        if ((*f)->stream_head(head, len))
            return true;
    return false;
}

int driver_read_back(const struct printer_model *model, const uint8_t *bytes,
                     size_t len, struct driver_labels *out,
                     struct ck_error *err)
{
    const struct printer_family *family =
        model ? printer_family_of(model) : NULL;
    for (const struct printer_family *const *f = printer_families;
         !family && *f; f++)
        if (len && (*f)->stream_head(bytes, len))
            family = *f;
    if (!family || !family->read_back)
        return ck_fail(err, CK_EINVAL,
                       "This is not label printer output checkin writes (a "
                       "Brother QL, Zebra ZPL or DYMO LabelWriter stream "
                       "opens otherwise); give the file a file: printer "
                       "wrote.");
    if (model && !family->stream_head(bytes, len))
        return ck_fail(err, CK_EINVAL,
                       "This is not a %s printer's output, so it cannot be "
                       "read as a %s's; leave out --model, or give the "
                       "model that printed it.",
                       family->name, model->name);
    int code = family->read_back(model, bytes, len, out, err);
    out->family = family->name;
    out->guessed = !model;
    if (model)
        out->model = model;
    return code;
}
