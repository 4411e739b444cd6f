/* Fuzz target: a server's certificate and key files (web/tls.c, a
 * station's --tls-cert and --tls-key): read and checked as at start
 * (web_tls_load), read again as at SIGHUP (web_tls_reload), and the
 * names a phone may open the server by matched against a Host header
 * (web_tls_name_ok).  Input: the certificate's PEM, 0x00, the key's PEM,
 * 0x00, a Host header; written to files (the key's mode 0600) for each
 * input.  Whatever the bytes: no crash, leak or undefined behaviour, a
 * refusal is one whole sentence kept as its ck_fail format
 * (fuzz_sentence.h), and a pair taken at start is taken again at reload.
 * GnuTLS itself is not instrumented: the coverage is checkin's checks. */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz_sentence.h"
#include "http_priv.h"

static char dir[] = "/tmp/checkin-fuzz-tls-XXXXXX";
static char cert[100], key[100];

static void clean_up(void)
{
    unlink(cert);
    unlink(key);
    rmdir(dir);
}

static void spill(const char *path, const uint8_t *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    if (fd < 0 || (len && write(fd, data, len) != (ssize_t)len) || close(fd))
        abort();
}

/* The next part of [*at, end) up to a 0x00 (the last runs to the end). */
static size_t part(const uint8_t **at, const uint8_t *end,
                   const uint8_t **start)
{
    *start = *at;
    const uint8_t *stop = memchr(*at, 0, (size_t)(end - *at));
    size_t len = (size_t)((stop ? stop : end) - *at);
    *at = stop ? stop + 1 : end;
    return len;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    if (!mkdtemp(dir))
        abort();
    snprintf(cert, sizeof(cert), "%s/cert.pem", dir);
    snprintf(key, sizeof(key), "%s/key.pem", dir);
    atexit(clean_up);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!cert[0])
        LLVMFuzzerInitialize(NULL, NULL);
    const uint8_t *at = data, *end = data + size, *p;
    size_t n = part(&at, end, &p);
    spill(cert, p, n);
    n = part(&at, end, &p);
    spill(key, p, n);
    n = part(&at, end, &p);
    char host[300];
    snprintf(host, sizeof(host), "%.*s", (int)(n < 299 ? n : 299),
             (const char *)p);

    struct web_listener l = {.port = 8443};
    struct ck_error err = {0};
    int code = web_tls_load(&l, cert, key, &err);
    if (code) {
        fuzz_whole_sentence("fuzz_tls", &err, code, NULL);
        if (l.tls)
            abort();
        return 0;
    }
    struct MHD_OptionItem opt[3];
    web_tls_options(&l, opt);
    char said[512];
    if (web_tls_reload(&l, said, sizeof(said), &err)) {
        fprintf(stderr, "fuzz_tls: taken at start, refused at reload: %s\n",
                err.msg);
        abort();
    }
    (void)web_tls_name_ok(&l, host);
    web_tls_free(&l);
    return 0;
}
