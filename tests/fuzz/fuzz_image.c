/* Fuzz target: the still-image loader (scanner/image.c: PNG through
 * libpng, JPEG through libjpeg, PGM P5 and P2 of its own), which reads
 * files a person hands `checkin decode`.  Any bytes: no crash, no read
 * past the file, and what it promises: a refusal is one whole sentence
 * kept as its ck_fail format, the file's name first (fuzz_sentence.h);
 * an image it accepts has a size within IMAGE_MAX_PIXELS and a stride of at
 * least its width, and every pixel can be read (summed, so that ASan sees
 * each).  The loader reads files, so each input goes through a temporary
 * file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "checkin/image.h"
#include "fuzz_sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/checkin-fuzz-image-%d",
                 (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct gray_frame g;
    struct ck_error err;
    int code = image_load(path, &g, &err);
    unlink(path);
    if (code) {
        fuzz_whole_sentence("fuzz_image", &err, code, path);
        return 0;
    }
    if (g.width < 1 || g.height < 1 || g.stride < (size_t)g.width ||
        (long long)g.width * g.height > IMAGE_MAX_PIXELS)
        abort();
    unsigned long sum = 0;
    for (int y = 0; y < g.height; y++)
        for (int x = 0; x < g.width; x++)
            sum += g.pixels[(size_t)y * g.stride + (size_t)x];
    if (sum > (unsigned long)g.width * (unsigned long)g.height * 255UL)
        abort();
    image_free(&g);
    return 0;
}
