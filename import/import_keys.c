/* A first import's search keys, kept for the trigram index (store_gram.h):
 * taken as each registration is inserted, sorted in runs in memory,
 * written to a temporary file of the import's own, and merged at the
 * import's end into store_gram_add in the index's order (search_key, id),
 * so that the index is built without reading `attendee` back and sorting
 * its keys in SQLite (`SELECT id, search_key FROM attendee ORDER BY
 * search_key, id`, store_gram_build: about 0.65 s of a 1,000,000-row
 * import's 6.6 s of CPU, perf; docs/performance-history.md).
 *
 * The keys stand for the table only while nothing but the import's
 * inserts wrote it: the engine forgets them when a desk's change rewrites
 * a key (import_keys_free), and a temporary file that cannot be written or
 * read leaves the build to store_gram_build, as before, rather than fail
 * the import.  A record is the key's length (4 bytes), the attendee's id
 * (8 bytes) and the key. */
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/store_gram.h"
#include "checkin/vec.h"
#include "import_priv.h"

/* Bytes of key text a run holds before it is sorted and written, with
 * its records (32 bytes a key) and the sort's scratch beside it: at
 * 1,000,000 registrations of import_bench's keys (94 bytes), about 48
 * runs merged through 2 * KEYS_READ bytes each.  `checkin import` of its
 * pretix export peaked at 82.6 MB with no keys kept, 86.2-86.3 MB with
 * runs of 2 MB and 89.8 MB with runs of 4 MB (/usr/bin/time). */
#define KEYS_RUN (2u << 20)
#define KEYS_READ (64 * 1024)
#define KEYS_HEADER 12
/* A key longer than a read buffer can hold is left to SQLite's build. */
#define KEYS_KEY_MAX (KEYS_READ - KEYS_HEADER)

struct keys_run {
    off_t start, end;
};

struct keys {
    struct held_secret *e; /* the run in memory: head, text (off), id */
    size_t n, cap;
    struct held_secret *scratch;
    size_t scratch_cap;
    struct ck_buf text;
    int fd; /* the temporary file, once a run is written */
    bool open;
    bool broken; /* the file failed: SQLite's build instead */
    off_t size;
    struct keys_run *runs;
    size_t nruns, cap_runs;
    struct ck_buf out;
};

/* The run in memory sorted and appended to the file (made on the first
 * run, gone from its folder at once); a file that fails breaks the keys
 * (SQLite's build then), only memory is an error. */
static int write_run(struct keys *k, struct ck_error *err)
{
    if (!k->n || k->broken)
        return CK_OK;
    if (!CK_VEC_RESERVE(k->scratch, k->n, k->scratch_cap) ||
        !CK_VEC_ROOM(k->runs, k->nruns, 1, k->cap_runs))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    for (size_t i = 0; i < k->n; i++)
        k->e[i].s = k->text.p + k->e[i].off;
    import_held_sort(k->e, k->n, k->scratch);
    if (!k->open) {
        char *name = NULL;
        k->fd = g_file_open_tmp("checkin-keys-XXXXXX", &name, NULL);
        k->open = k->fd >= 0;
        if (name)
            unlink(name);
        g_free(name);
        k->broken = !k->open;
    }
    struct keys_run r = {.start = k->size};
    for (size_t i = 0; i < k->n && !k->broken; i++) {
        uint32_t len = (uint32_t)strlen(k->e[i].s);
        char *p = ck_buf_room(&k->out, KEYS_HEADER + len);
        if (!p)
            return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
        memcpy(p, &len, 4);
        memcpy(p + 4, &k->e[i].id, 8);
        memcpy(p + KEYS_HEADER, k->e[i].s, len);
        k->out.len += KEYS_HEADER + len;
        if (k->out.len < KEYS_READ && i + 1 < k->n)
            continue;
        k->broken = !import_pwrite_all(k->fd, k->out.p, k->out.len, k->size);
        k->size += (off_t)k->out.len;
        k->out.len = 0;
    }
    r.end = k->size;
    k->runs[k->nruns++] = r;
    k->n = 0;
    k->text.len = 0;
    return CK_OK;
}

int import_keys_add(struct keys **kp, int64_t id, const char *key,
                    struct ck_error *err)
{
    if (!*kp) {
        *kp = calloc(1, sizeof(**kp));
        if (!*kp)
            return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    }
    struct keys *k = *kp;
    size_t len = strlen(key);
    if (k->broken)
        return CK_OK;
    if (len > KEYS_KEY_MAX) {
        k->broken = true;
        return CK_OK;
    }
    size_t off = k->text.len;
    char *at = ck_buf_room(&k->text, len + 1);
    if (!at || !CK_VEC_ROOM(k->e, k->n, 1, k->cap))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    memcpy(at, key, len + 1);
    k->text.len += len + 1;
    uint64_t head = 0;
    for (size_t i = 0; i < 8; i++)
        head = head << 8 | (i < len ? (unsigned char)key[i] : 0);
    k->e[k->n++] =
        (struct held_secret){.head = head, .off = (uint32_t)off, .id = id};
    return k->text.len < KEYS_RUN ? CK_OK : write_run(k, err);
}

/* ---- the merge ---- */

/* A run read through its buffer (2 * KEYS_READ bytes, filled again
 * whenever less than the longest record is left); its current record. */
struct source {
    const struct keys_run *run;
    char *buf;
    size_t pos, len;
    off_t next;
    const char *key;
    uint32_t klen;
    int64_t id;
};

/* The source's next record into its current: 1 one, 0 at its end, -1 a
 * read failed or a record is damaged. */
static int source_next(int fd, struct source *src)
{
    if (src->len - src->pos < KEYS_READ && src->next < src->run->end) {
        memmove(src->buf, src->buf + src->pos, src->len - src->pos);
        src->len -= src->pos;
        src->pos = 0;
        size_t want = 2 * KEYS_READ - src->len;
        if ((off_t)want > src->run->end - src->next)
            want = (size_t)(src->run->end - src->next);
        if (!import_pread_all(fd, src->buf + src->len, want, src->next))
            return -1;
        src->len += want;
        src->next += (off_t)want;
    }
    if (src->pos >= src->len)
        return 0;
    if (src->len - src->pos < KEYS_HEADER)
        return -1;
    const char *p = src->buf + src->pos;
    memcpy(&src->klen, p, 4);
    memcpy(&src->id, p + 4, 8);
    if (src->klen > src->len - src->pos - KEYS_HEADER)
        return -1;
    src->key = p + KEYS_HEADER;
    src->pos += KEYS_HEADER + src->klen;
    return 1;
}

/* SQLite's order of (search_key, id): the keys' bytes, the shorter
 * first, then the ids. */
static bool before(const struct source *a, const struct source *b)
{
    int c = memcmp(a->key, b->key, a->klen < b->klen ? a->klen : b->klen);
    if (c)
        return c < 0;
    if (a->klen != b->klen)
        return a->klen < b->klen;
    return a->id < b->id;
}

static void sift_down(struct source **heap, size_t n, size_t i)
{
    for (;;) {
        size_t least = i, l = 2 * i + 1, r = l + 1;
        if (l < n && before(heap[l], heap[least]))
            least = l;
        if (r < n && before(heap[r], heap[least]))
            least = r;
        if (least == i)
            return;
        struct source *t = heap[i];
        heap[i] = heap[least];
        heap[least] = t;
        i = least;
    }
}

/* Every run's keys given to `g` in order: 0, -1 a read failed (the keys
 * are then broken), or CK_ENOMEM. */
static int merge(struct keys *k, struct source *src, struct source **heap,
                 struct store_gram *g)
{
    size_t n = 0;
    for (size_t i = 0; i < k->nruns; i++) {
        src[i] = (struct source){.run = &k->runs[i],
                                 .next = k->runs[i].start,
                                 .buf = malloc(2 * KEYS_READ)};
        if (!src[i].buf)
            return CK_ENOMEM;
        int got = source_next(k->fd, &src[i]);
        if (got < 0)
            return -1;
        if (got)
            heap[n++] = &src[i];
    }
    for (size_t i = n; i-- > 0;)
        sift_down(heap, n, i);
    while (n) {
        struct source *top = heap[0];
        if (!store_gram_add(g, top->id, top->key, top->klen))
            return CK_ENOMEM;
        int got = source_next(k->fd, top);
        if (got < 0)
            return -1;
        if (!got)
            heap[0] = heap[--n];
        sift_down(heap, n, 0);
    }
    return 0;
}

int import_keys_build(struct keys *k, store *s, struct ck_error *err)
{
    int code = k ? write_run(k, err) : CK_OK;
    if (code || !k || k->broken)
        return code ? code : store_gram_build(s, err);
    /* What the merge needs is the runs' buffers and the index's. */
    free(k->e);
    free(k->scratch);
    ck_buf_free(&k->text);
    ck_buf_free(&k->out);
    k->e = k->scratch = NULL;
    k->cap = k->scratch_cap = 0;
    struct source *src = calloc(k->nruns + 1, sizeof(*src));
    struct source **heap = calloc(k->nruns + 1, sizeof(*heap));
    struct store_gram *g = store_gram_new();
    int got = src && heap && g ? merge(k, src, heap, g) : CK_ENOMEM;
    for (size_t i = 0; src && i < k->nruns; i++)
        free(src[i].buf);
    free(src);
    free(heap);
    if (got == CK_ENOMEM)
        code = ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    else if (got)
        code = store_gram_build(s, err);
    else
        code = store_gram_write(s, g, err);
    store_gram_free(g);
    return code;
}

void import_keys_free(struct keys *k)
{
    if (!k)
        return;
    if (k->open)
        close(k->fd);
    free(k->e);
    free(k->scratch);
    free(k->runs);
    ck_buf_free(&k->text);
    ck_buf_free(&k->out);
    free(k);
}
