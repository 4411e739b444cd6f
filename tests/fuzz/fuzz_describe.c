/* Fuzz target: `checkin describe` (import/describe.c) on any bytes given
 * as a pretix export.  Whatever the bytes: no crash, leak or undefined
 * behaviour; a refusal is one whole sentence kept as its ck_fail format
 * (fuzz_sentence.h) and writes no file; a description written
 * is one `checkin init` takes (loaded into a fresh in-memory event,
 * fuzz_store.h), since describe promises init accepts its placeholders. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/describe.h"
#include "checkin/event.h"
#include "checkin/store.h"
#include "fuzz_sentence.h"
#include "fuzz_store.h"

static char dir[] = "/tmp/checkin-fuzz-describe-XXXXXX";
static char in[100], out[100];

static void clean_up(void)
{
    unlink(in);
    unlink(out);
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    snprintf(in, sizeof(in), "%s/export.json", dir);
    snprintf(out, sizeof(out), "%s/event.ini", dir);
    atexit(clean_up);
    struct ck_error err;
    store *s;
    if (store_open(":memory:", STORE_CREATE, &s, &err))
        abort();
    fuzz_store_keep(s);
    store_close(s);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!fuzz_store_bytes)
        LLVMFuzzerInitialize(NULL, NULL);
    FILE *f = fopen(in, "wb");
    if (!f || (size && fwrite(data, 1, size, f) != size) || fclose(f))
        abort();
    struct describe_summary sum;
    struct ck_error err;
    int code = describe_pretix(in, out, &sum, &err);
    if (code)
        fuzz_whole_sentence("fuzz_describe", &err, code, NULL);
    FILE *ini = fopen(out, "rb");
    if (code) {
        if (!err.msg[0] || ini) {
            fprintf(stderr, "fuzz_describe: refused (%s), %s\n", err.msg,
                    ini ? "yet it wrote a file" : "without a sentence");
            abort();
        }
        return 0;
    }
    if (!ini)
        abort();
    static char text[1 << 20];
    size_t len = fread(text, 1, sizeof(text), ini);
    fclose(ini);
    unlink(out);
    sqlite3 *db;
    store *s;
    fuzz_store_fresh(&db, &s);
    if (event_load_buffer(s, "event.ini", text, len, &err)) {
        fprintf(stderr,
                "fuzz_describe: init refuses what describe wrote: %s\n%.*s\n",
                err.msg, (int)len, text);
        abort();
    }
    fuzz_store_done(db, s);
    return 0;
}
