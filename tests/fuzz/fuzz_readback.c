/* Fuzz target for the printer readers (printer/read_back.c, behind
 * `checkin print-preview`): any bytes, read with no model (the command
 * set found by the stream's opening) and as one model chosen by the
 * input's length.  Besides "never crash, never read out of bounds" it
 * checks what driver_read_back promises: every label kept is a bitmap of
 * at least one dot each way, no wider than the head of the model it was
 * read for, and a refusal is one sentence ending in a full stop.  Any
 * broken property aborts. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/driver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_as(const struct printer_model *model, const uint8_t *data,
                    size_t size)
{
    struct driver_labels l = {0};
    struct ck_error err = {0};
    int code = driver_read_back(model, data, size, &l, &err);
    if (code) {
        size_t n = strnlen(err.msg, sizeof(err.msg));
        if (n == 0 || n == sizeof(err.msg) || err.msg[n - 1] != '.')
            abort();
    }
    for (size_t i = 0; i < l.n; i++) {
        const struct bitmap1 *pg = &l.page[i];
        if (!pg->bits || pg->width < 1 || pg->height < 1)
            abort();
        if (l.model && l.model->lang != LANG_ZPL &&
            pg->width > l.model->head_dots)
            abort();
    }
    driver_labels_free(&l);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    read_as(NULL, data, size);
    size_t models = 0;
    while (printer_models[models].name)
        models++;
    read_as(&printer_models[size % models], data, size);
    return 0;
}
