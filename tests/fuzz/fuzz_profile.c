/* Fuzz target: station profiles (station/station_profile.c), the INI files
 * a station is started from.  Any bytes: no crash, no read past the input,
 * and a profile refused is refused with one whole sentence kept as its
 * ck_fail format, its file's name first (docs/translating.md,
 * fuzz_sentence.h).  The loader reads files, so each input goes through a
 * temporary file. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "checkin/station.h"
#include "fuzz_sentence.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char path[64];
    if (!path[0])
        snprintf(path, sizeof(path), "/tmp/checkin-fuzz-profile-%d.ini",
                 (int)getpid());
    FILE *f = fopen(path, "wb");
    if (!f)
        return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    struct station_profile p;
    struct ck_error err;
    int code = station_profile_load(path, &p, &err);
    unlink(path);
    if (code)
        fuzz_whole_sentence("fuzz_profile", &err, code, path);
    return 0;
}
