/* See zbarread.h. */
#include "zbarread.h"

#include <stdlib.h>
#include <string.h>
#include <zbar.h>

#include "checkin/image.h"
#include "testutil.h"

char *zbar_read(const uint8_t *px, int w, int h)
{
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)w, (unsigned)h);
    zbar_image_set_data(img, px, (unsigned long)w * (unsigned long)h, NULL);
    char *text = NULL;
    if (zbar_scan_image(sc, img) == 1) {
        const zbar_symbol_t *sym = zbar_image_first_symbol(img);
        text = strndup(zbar_symbol_get_data(sym),
                       zbar_symbol_get_data_length(sym));
    }
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    return text;
}

char *zbar_read_png(const char *path)
{
    struct gray_frame f = {0};
    struct ck_error e = {0};
    if (image_load(path, &f, &e)) {
        TU_FAIL_AT("cannot load %s: %s", path, e.msg);
        return NULL;
    }
    uint8_t *packed = malloc((size_t)f.width * (size_t)f.height);
    char *text = NULL;
    if (packed) {
        for (int y = 0; y < f.height; y++)
            memcpy(packed + (size_t)y * (size_t)f.width,
                   f.pixels + (size_t)y * f.stride, (size_t)f.width);
        text = zbar_read(packed, f.width, f.height);
    }
    free(packed);
    image_free(&f);
    return text;
}
