/* Fuzz target: invitation lists (import/invitations.c, `checkin import
 * EVENT.db FILE.csv --list SLUG`) read into the demo event with its
 * registrations and an invitation-only list, `summit`.  The event file is
 * made once; each input starts from a copy of its bytes (the command opens
 * the file by its path), written as the CSV beside it.  Whatever the
 * bytes: no crash, leak or undefined behaviour, a refusal is one whole
 * sentence kept as its ck_fail format (fuzz_sentence.h), and a refused
 * file that says it stored nothing (no row left out, yet an error)
 * leaves the event file's bytes as they were.  FUZZ_INVITATIONS_SAY=1
 * prints each outcome. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/event.h"
#include "checkin/import.h"
#include "checkin/invitations.h"
#include "checkin/store.h"
#include "fuzz_sentence.h"

static char dir[] = "/tmp/checkin-fuzz-invitations-XXXXXX";
static char db[100], csv[100];
static char *kept;
static size_t kept_len;
static FILE *devnull;

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END))
        abort();
    long n = ftell(f);
    char *p = malloc(n > 0 ? (size_t)n : 1);
    if (n < 0 || !p || fseek(f, 0, SEEK_SET) ||
        fread(p, 1, (size_t)n, f) != (size_t)n)
        abort();
    fclose(f);
    *len = (size_t)n;
    return p;
}

static void spill(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f))
        abort();
}

static void clean_up(void)
{
    unlink(db);
    unlink(csv);
    rmdir(dir);
    free(kept);
    if (devnull)
        fclose(devnull);
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    static const char summit[] = "\n[list summit]\ntitle = Maintainers' "
                                 "summit\ninvited = yes\nonce = every-scan\n";
    if (!mkdtemp(dir))
        abort();
    snprintf(db, sizeof(db), "%s/event.db", dir);
    snprintf(csv, sizeof(csv), "%s/invitations.csv", dir);
    atexit(clean_up);
    size_t len;
    char *ini = slurp(CONFIG_DIR "/demo/event.ini", &len);
    char *both = malloc(len + sizeof(summit));
    if (!both)
        abort();
    memcpy(both, ini, len);
    memcpy(both + len, summit, sizeof(summit));
    struct ck_error err;
    struct import_counts n;
    store *s;
    if (store_open(db, STORE_CREATE, &s, &err) ||
        event_load_buffer(s, "demo.ini", both, len + sizeof(summit) - 1,
                          &err) ||
        import_file(s, CONFIG_DIR "/demo/registrations.csv", NULL, &n, &err)) {
        fprintf(stderr, "fuzz_invitations: %s\n", err.msg);
        abort();
    }
    store_close(s);
    free(ini);
    free(both);
    kept = slurp(db, &kept_len);
    devnull = fopen("/dev/null", "w");
    if (!devnull)
        abort();
    return 0;
}

/* The rows left out are counted in `c`; nothing is said of each. */
static void left_out(void *ctx, long line, enum invitation_left why,
                     const char *value)
{
    (void)ctx, (void)line, (void)why, (void)value;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!kept)
        LLVMFuzzerInitialize(NULL, NULL);
    spill(db, kept, kept_len);
    spill(csv, data, size);
    struct invitation_counts c;
    struct ck_error err;
    int code = import_invitations(db, csv, "summit", left_out, NULL, &c, &err);
    if (getenv("FUZZ_INVITATIONS_SAY"))
        fprintf(stderr, "code %d, %ld left out: %s\n", code, c.left_out,
                code ? err.msg : "");
    if (code)
        fuzz_whole_sentence("fuzz_invitations", &err, code, NULL);
    if (code && !c.left_out) {
        size_t len;
        char *now = slurp(db, &len);
        if (len != kept_len || memcmp(now, kept, len)) {
            fprintf(stderr,
                    "fuzz_invitations: refused (%s), yet the event "
                    "file changed\n",
                    err.msg);
            abort();
        }
        free(now);
    }
    return 0;
}
