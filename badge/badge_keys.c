/* Badge signing keys, key files and the keyring of public keys.
 *
 * Secret keys live in their own small text file, created 0600 and refused
 * when anyone but the owner could read it; they are never put in the event
 * database, which gets copied between stations.  Public keys travel as text
 * lines so that verify-only stations need nothing else.  Both formats are in
 * docs/badge-payload.md, "Key files".  Signing and verifying payloads is
 * badge.c's job, not this file's. */
#include "checkin/badge.h"

#include "checkin/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "badge_priv.h"

#define SECRET_MAGIC "checkin-badge-secret-key"
#define PUBLIC_MAGIC "checkin-badge-public-key"
#define FILE_FORMAT 1
#define SECRET_FILE_MAX 4096
#define PUBLIC_FILE_MAX ((size_t)1024 * 1024)
#define NKEYIDS 256

struct badge_keyring {
    uint16_t event_tag;
    size_t count;
    uint8_t present[NKEYIDS];
    uint8_t keys[NKEYIDS][BADGE_PUBLIC_KEY_BYTES];
};

int badge_need_sodium(struct ck_error *err)
{
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO,
                       "The cryptography library (libsodium) "
                       "could not start; check that /dev/urandom is "
                       "readable.");
    return CK_OK;
}

int badge_key_from_seed(uint16_t event_tag, uint8_t key_id,
                        const uint8_t seed[BADGE_SEED_BYTES],
                        struct badge_key *key, struct ck_error *err)
{
    int rc = badge_need_sodium(err);
    if (rc)
        return rc;
    key->event_tag = event_tag;
    key->key_id = key_id;
    if (crypto_sign_seed_keypair(key->public_key, key->secret_key, seed) != 0)
        return ck_fail(err, CK_EIO,
                       "Deriving a signing key failed inside "
                       "libsodium; this is a bug, please report it.");
    return CK_OK;
}

int badge_key_generate(uint16_t event_tag, uint8_t key_id,
                       struct badge_key *key, struct ck_error *err)
{
    uint8_t seed[BADGE_SEED_BYTES];
    int rc = badge_need_sodium(err);
    if (rc)
        return rc;
    randombytes_buf(seed, sizeof(seed));
    rc = badge_key_from_seed(event_tag, key_id, seed, key, err);
    sodium_memzero(seed, sizeof(seed));
    return rc;
}

void badge_key_wipe(struct badge_key *key)
{
    if (key)
        sodium_memzero(key, sizeof(*key));
}

void badge_key_public(const struct badge_key *key, struct badge_public_key *pub)
{
    pub->event_tag = key->event_tag;
    pub->key_id = key->key_id;
    memcpy(pub->public_key, key->public_key, BADGE_PUBLIC_KEY_BYTES);
}

/* ---- Text lines ---------------------------------------------------------
 * Both key files are lines of five fields separated by spaces:
 *   MAGIC FORMAT TAG KEY-ID HEX
 * with TAG four hex digits, KEY-ID decimal 0-255 and HEX 64 hex digits.
 * Blank lines and lines starting with '#' are ignored; CRLF is accepted. */

struct field {
    const char *p;
    size_t n;
};

static int field_is(struct field f, const char *s)
{
    return f.n == strlen(s) && memcmp(f.p, s, f.n) == 0;
}

static int hex_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Exactly 2*n hex digits into n bytes. */
static int parse_hex(struct field f, uint8_t *out, size_t n)
{
    if (f.n != 2 * n)
        return -1;
    for (size_t i = 0; i < n; i++) {
        int hi = hex_value(f.p[2 * i]), lo = hex_value(f.p[2 * i + 1]);
        if (hi < 0 || lo < 0)
            return -1;
        out[i] = (uint8_t)(hi << 4 | lo);
    }
    return 0;
}

/* 1-3 decimal digits, at most `max`. */
static int parse_small_uint(struct field f, unsigned max, unsigned *out)
{
    unsigned v = 0;
    if (f.n < 1 || f.n > 3)
        return -1;
    for (size_t i = 0; i < f.n; i++) {
        if (f.p[i] < '0' || f.p[i] > '9')
            return -1;
        v = v * 10 + (unsigned)(f.p[i] - '0');
    }
    if (v > max)
        return -1;
    *out = v;
    return 0;
}

/* Split a line into at most `max` space-separated fields; returns how many
 * there were (max + 1 if there were more). */
static size_t split_fields(const char *line, size_t len, struct field *fields,
                           size_t max)
{
    size_t nf = 0, i = 0;
    while (i < len) {
        while (i < len && (line[i] == ' ' || line[i] == '\t'))
            i++;
        if (i == len)
            break;
        size_t start = i;
        while (i < len && line[i] != ' ' && line[i] != '\t')
            i++;
        if (nf == max)
            return max + 1;
        fields[nf].p = line + start;
        fields[nf].n = i - start;
        nf++;
    }
    return nf;
}

struct key_line {
    uint16_t event_tag;
    uint8_t key_id;
    uint8_t key[32];
};

enum line_fault { NOT_A_KEY_LINE, NO_FORMAT, NEWER_FORMAT, DAMAGED_KEY };

/* A key line refused: in the file `path`, or in text handed in (`path`
 * NULL), each its own sentence so that it is said in the reader's
 * language. */
static int bad_line(enum line_fault fault, const char *path, size_t lineno,
                    const char *magic, unsigned format, struct ck_error *err)
{
    switch (fault) {
    case NOT_A_KEY_LINE:
        return path ? ck_fail(err, CK_ECORRUPT,
                              "Line %zu of %s is not a '%s' line; check that "
                              "this is the right file.",
                              lineno, path, magic)
                    : ck_fail(err, CK_ECORRUPT,
                              "Line %zu of the public key text is not a '%s' "
                              "line; check that this is the right file.",
                              lineno, magic);
    case NO_FORMAT:
        return path ? ck_fail(err, CK_ECORRUPT,
                              "Line %zu of %s has no valid format number; the "
                              "file is damaged.",
                              lineno, path)
                    : ck_fail(err, CK_ECORRUPT,
                              "Line %zu of the public key text has no valid "
                              "format number; the file is damaged.",
                              lineno);
    case NEWER_FORMAT:
        return path ? ck_fail(err, CK_EVERSION,
                              "Line %zu of %s uses key file format %u, which "
                              "a newer checkin wrote; update checkin on this "
                              "station.",
                              lineno, path, format)
                    : ck_fail(err, CK_EVERSION,
                              "Line %zu of the public key text uses key file "
                              "format %u, which a newer checkin wrote; update "
                              "checkin on this station.",
                              lineno, format);
    case DAMAGED_KEY:
        break;
    }
    return path ? ck_fail(err, CK_ECORRUPT,
                          "Line %zu of %s has a damaged event tag, key id or "
                          "key (expected 4 hex digits, 0-255 and 64 hex "
                          "digits); export the key again.",
                          lineno, path)
                : ck_fail(err, CK_ECORRUPT,
                          "Line %zu of the public key text has a damaged "
                          "event tag, key id or key (expected 4 hex digits, "
                          "0-255 and 64 hex digits); export the key again.",
                          lineno);
}

/* Parse one non-comment line of the key file `path` (NULL: of text
 * handed in). */
static int parse_key_line(const char *line, size_t len, const char *magic,
                          const char *path, size_t lineno, struct key_line *out,
                          struct ck_error *err)
{
    struct field f[5];
    uint8_t tag[2];
    unsigned id, format;

    if (split_fields(line, len, f, 5) != 5 || !field_is(f[0], magic))
        return bad_line(NOT_A_KEY_LINE, path, lineno, magic, 0, err);
    if (parse_small_uint(f[1], 999, &format) != 0)
        return bad_line(NO_FORMAT, path, lineno, magic, 0, err);
    if (format != FILE_FORMAT)
        return bad_line(NEWER_FORMAT, path, lineno, magic, format, err);
    if (parse_hex(f[2], tag, 2) != 0 || parse_small_uint(f[3], 255, &id) != 0 ||
        parse_hex(f[4], out->key, 32) != 0)
        return bad_line(DAMAGED_KEY, path, lineno, magic, format, err);
    out->event_tag = (uint16_t)(tag[0] << 8 | tag[1]);
    out->key_id = (uint8_t)id;
    return CK_OK;
}

/* Calls `fn` for each non-blank, non-comment line; stops at the first error. */
typedef int (*line_fn)(const char *line, size_t len, size_t lineno, void *ctx,
                       struct ck_error *err);

static int for_each_line(const char *text, size_t len, line_fn fn, void *ctx,
                         struct ck_error *err)
{
    size_t lineno = 0, i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - i;
        lineno++;
        if (n > 0 && text[i + n - 1] == '\r')
            n--;
        size_t j = 0;
        while (j < n && (text[i + j] == ' ' || text[i + j] == '\t'))
            j++;
        if (j < n && text[i + j] != '#') {
            int rc = fn(text + i, n, lineno, ctx, err);
            if (rc)
                return rc;
        }
        i = end + 1;
    }
    return CK_OK;
}

/* ---- Secret key files --------------------------------------------------- */

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

int badge_key_save(const struct badge_key *key, const char *path,
                   struct ck_error *err)
{
    char text[512];
    char hex[2 * BADGE_SEED_BYTES + 1];
    uint8_t seed[BADGE_SEED_BYTES];
    int rc = CK_OK;

    struct stat st;
    if (lstat(path, &st) == 0)
        return ck_fail(err, CK_EINVAL,
                       "Signing key file %s already "
                       "exists and is never overwritten; choose another "
                       "path or move the old file away first.",
                       path);
    /* Written at a temporary name and published whole: a killed command
     * leaves no empty or half key file behind, and an existing key is
     * never replaced, even one that appears meanwhile. */
    struct atomic_file af;
    rc = atomic_file_begin(&af, path, ATOMIC_NEW, err);
    if (rc)
        return rc;
    crypto_sign_ed25519_sk_to_seed(seed, key->secret_key);
    sodium_bin2hex(hex, sizeof(hex), seed, sizeof(seed));
    int n =
        snprintf(text, sizeof(text),
                 "# checkin badge signing key. Only its owner may read "
                 "this file (chmod 600);\n"
                 "# keep it apart from the event database. Stations "
                 "that only verify need the public key.\n"
                 "%s %d %04x %u %s\n",
                 SECRET_MAGIC, FILE_FORMAT, key->event_tag, key->key_id, hex);
    if (n < 0 || (size_t)n >= sizeof(text) ||
        write_all(af.fd, text, (size_t)n) != 0) {
        rc = ck_fail(err, CK_EIO, "Cannot write signing key file %s: %s.", path,
                     strerror(errno));
        atomic_file_abort(&af);
    } else {
        rc = atomic_file_commit(&af, err);
    }
    sodium_memzero(text, sizeof(text));
    sodium_memzero(hex, sizeof(hex));
    sodium_memzero(seed, sizeof(seed));
    return rc;
}

/* Read at most `max` bytes of an open file into a new buffer. */
static int read_fd(int fd, const char *path, size_t max, char **out,
                   size_t *len, struct ck_error *err)
{
    size_t n = 0;
    char *buf = malloc(max + 1);
    if (!buf)
        return ck_fail(err, CK_ENOMEM, "Out of memory reading %s.", path);
    for (;;) {
        ssize_t r = read(fd, buf + n, max + 1 - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(buf);
            return ck_fail(err, CK_EIO, "Cannot read %s: %s.", path,
                           strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
        if (n > max) {
            free(buf);
            return ck_fail(err, CK_ECORRUPT,
                           "%s is larger than %zu bytes, "
                           "too large for a key file; check the path.",
                           path, max);
        }
    }
    *out = buf;
    *len = n;
    return CK_OK;
}

struct secret_ctx {
    const char *path;
    size_t found;
    struct key_line line;
};

static int secret_line(const char *line, size_t len, size_t lineno, void *ctx,
                       struct ck_error *err)
{
    struct secret_ctx *c = ctx;
    if (c->found)
        return ck_fail(err, CK_ECORRUPT,
                       "Signing key file %s has more than "
                       "one key (line %zu); keep one key per file.",
                       c->path, lineno);
    c->found = 1;
    return parse_key_line(line, len, SECRET_MAGIC, c->path, lineno, &c->line,
                          err);
}

int badge_key_load(const char *path, struct badge_key *key,
                   struct ck_error *err)
{
    struct secret_ctx ctx = {.path = path};
    struct stat st;
    char *text = NULL;
    size_t len = 0;
    int rc;

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ck_fail(err, errno == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       "Cannot open signing key file %s: %s.", path,
                       strerror(errno));
    if (fstat(fd, &st) != 0) {
        rc = ck_fail(err, CK_EIO, "Cannot check signing key file %s: %s.", path,
                     strerror(errno));
        goto out_close;
    }
    if (!S_ISREG(st.st_mode)) {
        rc = ck_fail(err, CK_EINVAL,
                     "Signing key path %s is not a regular "
                     "file; give the path of the key file.",
                     path);
        goto out_close;
    }
    if (st.st_mode & 077) {
        rc = ck_fail(err, CK_EINVAL,
                     "Signing key file %s can be read or "
                     "changed by other users (mode %04o); run `chmod 600 %s` "
                     "and try again.",
                     path, (unsigned)(st.st_mode & 07777), path);
        goto out_close;
    }
    if (st.st_uid != geteuid()) {
        rc = ck_fail(err, CK_EINVAL,
                     "Signing key file %s belongs to another "
                     "user (uid %u); sign badges as its owner, or copy it to "
                     "a file of your own and `chmod 600` that.",
                     path, (unsigned)st.st_uid);
        goto out_close;
    }
    if ((rc = read_fd(fd, path, SECRET_FILE_MAX, &text, &len, err)))
        goto out_close;
    if ((rc = for_each_line(text, len, secret_line, &ctx, err)))
        goto out_free;
    if (!ctx.found) {
        rc = ck_fail(err, CK_ECORRUPT,
                     "Signing key file %s holds no key; it "
                     "is empty or damaged.",
                     path);
        goto out_free;
    }
    rc = badge_key_from_seed(ctx.line.event_tag, ctx.line.key_id, ctx.line.key,
                             key, err);
out_free:
    sodium_memzero(text, len);
    free(text);
    sodium_memzero(&ctx, sizeof(ctx));
out_close:
    close(fd);
    return rc;
}

/* ---- Public keys and keyrings ------------------------------------------- */

int badge_public_key_format(const struct badge_public_key *pub, char *out,
                            size_t cap, size_t *len, struct ck_error *err)
{
    char hex[2 * BADGE_PUBLIC_KEY_BYTES + 1];
    sodium_bin2hex(hex, sizeof(hex), pub->public_key, BADGE_PUBLIC_KEY_BYTES);
    int n = snprintf(out, cap, "%s %d %04x %u %s\n", PUBLIC_MAGIC, FILE_FORMAT,
                     pub->event_tag, pub->key_id, hex);
    if (n < 0 || (size_t)n >= cap)
        return ck_fail(err, CK_EINVAL,
                       "The public key buffer holds %zu bytes "
                       "but %d are needed.",
                       cap, n + 1);
    *len = (size_t)n;
    return CK_OK;
}

int badge_keyring_new(uint16_t event_tag, badge_keyring **kr,
                      struct ck_error *err)
{
    badge_keyring *k = calloc(1, sizeof(*k));
    if (!k)
        return ck_fail(err, CK_ENOMEM, "Out of memory creating a keyring.");
    k->event_tag = event_tag;
    *kr = k;
    return CK_OK;
}

void badge_keyring_free(badge_keyring *kr)
{
    free(kr);
}

uint16_t badge_keyring_event_tag(const badge_keyring *kr)
{
    return kr->event_tag;
}

size_t badge_keyring_count(const badge_keyring *kr)
{
    return kr->count;
}

int badge_keyring_find(const badge_keyring *kr, uint8_t key_id,
                       struct badge_public_key *pub, struct ck_error *err)
{
    if (!kr->present[key_id])
        return ck_fail(err, CK_ENOTFOUND,
                       "Key %u is not in the keyring of "
                       "event tag %04x; import the event's public keys.",
                       key_id, kr->event_tag);
    pub->event_tag = kr->event_tag;
    pub->key_id = key_id;
    memcpy(pub->public_key, kr->keys[key_id], BADGE_PUBLIC_KEY_BYTES);
    return CK_OK;
}

/* Would adding this key to `kr` be refused? */
static int check_add(const badge_keyring *kr, uint16_t event_tag,
                     uint8_t key_id, const uint8_t *key, struct ck_error *err)
{
    if (event_tag != kr->event_tag)
        return ck_fail(err, CK_EINVAL,
                       "Public key %u is for event tag %04x, "
                       "but this keyring checks badges of event tag %04x; "
                       "export the keys of this event.",
                       key_id, event_tag, kr->event_tag);
    if (kr->present[key_id] &&
        memcmp(kr->keys[key_id], key, BADGE_PUBLIC_KEY_BYTES) != 0)
        return ck_fail(err, CK_EINVAL,
                       "Key id %u of event tag %04x already "
                       "names a different public key; give each new signing "
                       "key a new id.",
                       key_id, event_tag);
    return CK_OK;
}

static void do_add(badge_keyring *kr, uint8_t key_id, const uint8_t *key)
{
    if (!kr->present[key_id]) {
        kr->present[key_id] = 1;
        kr->count++;
        memcpy(kr->keys[key_id], key, BADGE_PUBLIC_KEY_BYTES);
    }
}

int badge_keyring_add(badge_keyring *kr, const struct badge_public_key *pub,
                      struct ck_error *err)
{
    int rc = check_add(kr, pub->event_tag, pub->key_id, pub->public_key, err);
    if (rc)
        return rc;
    do_add(kr, pub->key_id, pub->public_key);
    return CK_OK;
}

struct import_ctx {
    const char *path;      /* NULL: text handed in */
    badge_keyring *staged; /* a copy, so that import is all or nothing */
};

static int import_line(const char *line, size_t len, size_t lineno, void *ctx,
                       struct ck_error *err)
{
    struct import_ctx *c = ctx;
    struct key_line kl;
    int rc = parse_key_line(line, len, PUBLIC_MAGIC, c->path, lineno, &kl, err);
    if (rc)
        return rc;
    if ((rc = check_add(c->staged, kl.event_tag, kl.key_id, kl.key, err)))
        return rc;
    do_add(c->staged, kl.key_id, kl.key);
    return CK_OK;
}

static int import_named(badge_keyring *kr, const char *text, size_t len,
                        const char *path, struct ck_error *err)
{
    struct import_ctx ctx = {.path = path};
    int rc;

    ctx.staged = malloc(sizeof(*ctx.staged));
    if (!ctx.staged)
        return ck_fail(err, CK_ENOMEM, "Out of memory importing keys.");
    *ctx.staged = *kr;
    rc = for_each_line(text, len, import_line, &ctx, err);
    if (rc == CK_OK)
        *kr = *ctx.staged;
    free(ctx.staged);
    return rc;
}

int badge_keyring_import(badge_keyring *kr, const char *text, size_t len,
                         struct ck_error *err)
{
    return import_named(kr, text, len, NULL, err);
}

int badge_keyring_load(badge_keyring *kr, const char *path,
                       struct ck_error *err)
{
    char *text = NULL;
    size_t len = 0;
    int rc;

    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return ck_fail(err, errno == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       "Cannot open public key file %s: %s.", path,
                       strerror(errno));
    rc = read_fd(fd, path, PUBLIC_FILE_MAX, &text, &len, err);
    close(fd);
    if (rc)
        return rc;
    rc = import_named(kr, text, len, path, err);
    free(text);
    return rc;
}

int badge_keyring_export(const badge_keyring *kr, char *out, size_t cap,
                         size_t *len, struct ck_error *err)
{
    size_t o = 0, n = 0;
    int h = snprintf(out, cap,
                     "# checkin badge public keys of event tag "
                     "%04x: all a verify-only station needs.\n",
                     kr->event_tag);
    if (h < 0 || (size_t)h >= cap)
        goto too_small;
    o = (size_t)h;
    for (unsigned id = 0; id < NKEYIDS; id++) {
        struct badge_public_key pub;
        if (!kr->present[id])
            continue;
        pub.event_tag = kr->event_tag;
        pub.key_id = (uint8_t)id;
        memcpy(pub.public_key, kr->keys[id], BADGE_PUBLIC_KEY_BYTES);
        if (badge_public_key_format(&pub, out + o, cap - o, &n, NULL) != 0)
            goto too_small;
        o += n;
    }
    *len = o;
    return CK_OK;
too_small:
    return ck_fail(err, CK_EINVAL,
                   "The buffer of %zu bytes is too small for "
                   "%zu public keys; allow %d bytes a key.",
                   cap, kr->count, BADGE_PUBLIC_KEY_LINE_CAP);
}
