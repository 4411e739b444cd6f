/* A first import's secrets, written in sorted runs to a temporary file of
 * the import's own and stored into ticket_secret once, merged in key
 * order, at the import's end (struct spill in import_priv.h).
 *
 * ticket_secret is a B-tree keyed by the secret, and the registration
 * system's codes are random: stored as each row came, every insert went
 * to a page of its own.  Stored in sorted runs of 65,536, each run still
 * touched most leaves of a table that outgrew the page cache at about
 * 700,000 secrets, and the pages the cache gave up were written to the
 * WAL, read back, and written again (docs/performance-history.md).  Merged
 * once, the secrets go in as appends to an empty table.
 *
 * A record is the secret's length (one byte; a secret is at most 128
 * bytes), its bytes, the attendee's id (8 bytes) and whether it is
 * revoked (one byte).  Every SPILL_STRIDE-th record's key stays in memory
 * with its place, so that a secret is looked up in a run with one read of
 * at most SPILL_STRIDE records. */
#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checkin/vec.h"
#include "import_priv.h"

#define SPILL_STRIDE 64
#define SPILL_KEY_MAX 255
#define SPILL_REC_MAX (1 + SPILL_KEY_MAX + 8 + 1)
#define SPILL_WRITE (64 * 1024)
#define SPILL_READ (64 * 1024)

struct spill_run {
    off_t start, end;
    size_t first_mark, nmarks; /* in spill->marks */
};

struct spill_mark {
    size_t key; /* offset of the NUL-ended key in spill->keys */
    off_t at;   /* of its record in the file */
};

struct spill {
    int fd;
    off_t size;
    int failed; /* an errno a look-up met; the merge reports it */
    struct spill_run *runs;
    size_t nruns, cap_runs;
    struct spill_mark *marks;
    size_t nmarks, cap_marks;
    struct ck_buf keys;
    struct ck_buf out; /* a run being written */
};

static int keycmp(const char *a, size_t alen, const char *b, size_t blen)
{
    int c = memcmp(a, b, alen < blen ? alen : blen);
    return c ? c : (alen > blen) - (alen < blen);
}

static int spill_fail(struct ck_error *err, const char *why)
{
    return ck_fail(err, CK_EIO,
                   "Could not keep the import's ticket secrets in a "
                   "temporary file: %s.",
                   why);
}

static int spill_io_fail(struct ck_error *err, int e)
{
    return spill_fail(err, g_strerror(e));
}

bool import_pwrite_all(int fd, const char *p, size_t n, off_t at)
{
    while (n) {
        ssize_t w = pwrite(fd, p, n, at);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return false;
        p += w;
        n -= (size_t)w;
        at += w;
    }
    return true;
}

static int spill_drain(struct spill *sp, struct ck_error *err)
{
    if (!import_pwrite_all(sp->fd, sp->out.p, sp->out.len, sp->size))
        return spill_io_fail(err, errno ? errno : EIO);
    sp->size += (off_t)sp->out.len;
    sp->out.len = 0;
    return CK_OK;
}

/* The temporary file, made on the first run: private to the process and
 * gone from the folder at once, so nothing is left behind if the import
 * is stopped. */
static int spill_open(struct spill **out, struct ck_error *err)
{
    struct spill *sp = calloc(1, sizeof(*sp));
    if (!sp)
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    GError *gerr = NULL;
    char *name = NULL;
    sp->fd = g_file_open_tmp("checkin-import-XXXXXX", &name, &gerr);
    if (sp->fd < 0) {
        int code = spill_fail(err, gerr ? gerr->message : g_strerror(EIO));
        g_clear_error(&gerr);
        free(sp);
        return code;
    }
    unlink(name);
    g_free(name);
    *out = sp;
    return CK_OK;
}

static int spill_add_mark(struct spill *sp, const char *s, size_t len, off_t at)
{
    size_t key = sp->keys.len;
    char *k = ck_buf_room(&sp->keys, len + 1);
    if (!k || !CK_VEC_ROOM(sp->marks, sp->nmarks, 1, sp->cap_marks))
        return CK_ENOMEM;
    memcpy(k, s, len);
    k[len] = '\0';
    sp->keys.len += len + 1;
    sp->marks[sp->nmarks++] = (struct spill_mark){.key = key, .at = at};
    return CK_OK;
}

int import_spill_run(struct spill **spp, const struct held_secret *h, size_t n,
                     struct ck_error *err)
{
    if (!n)
        return CK_OK;
    int code = *spp ? CK_OK : spill_open(spp, err);
    if (code)
        return code;
    struct spill *sp = *spp;
    if (!CK_VEC_ROOM(sp->runs, sp->nruns, 1, sp->cap_runs))
        return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    struct spill_run *r = &sp->runs[sp->nruns];
    *r = (struct spill_run){.start = sp->size, .first_mark = sp->nmarks};
    for (size_t i = 0; i < n && !code; i++) {
        size_t len = strlen(h[i].s);
        if (len > SPILL_KEY_MAX) /* import_secret_valid keeps them shorter */
            return spill_io_fail(err, EINVAL);
        off_t at = sp->size + (off_t)sp->out.len;
        if (i % SPILL_STRIDE == 0 && spill_add_mark(sp, h[i].s, len, at))
            return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
        char *p = ck_buf_room(&sp->out, SPILL_REC_MAX);
        if (!p)
            return ck_fail(err, CK_ENOMEM, "Out of memory importing.");
        p[0] = (char)len;
        memcpy(p + 1, h[i].s, len);
        memcpy(p + 1 + len, &h[i].id, 8);
        p[1 + len + 8] = (char)(h[i].revoked != 0);
        sp->out.len += len + 10;
        if (sp->out.len >= SPILL_WRITE)
            code = spill_drain(sp, err);
    }
    if (!code)
        code = spill_drain(sp, err);
    if (code)
        return code;
    r->nmarks = sp->nmarks - r->first_mark;
    r->end = sp->size;
    sp->nruns++;
    return CK_OK;
}

bool import_pread_all(int fd, char *p, size_t n, off_t at)
{
    while (n) {
        ssize_t got = pread(fd, p, n, at);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return false;
        p += got;
        n -= (size_t)got;
        at += got;
    }
    return true;
}

/* Look `s` up in run `r`: 1 found (*owner set), 0 not, -1 a read failed. */
static int run_find(struct spill *sp, const struct spill_run *r, const char *s,
                    size_t len, int64_t *owner)
{
    const struct spill_mark *m = sp->marks + r->first_mark;
    /* The last mark whose key is <= s. */
    size_t lo = 0, hi = r->nmarks;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *k = sp->keys.p + m[mid].key;
        if (keycmp(k, strlen(k), s, len) <= 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo == 0)
        return 0;
    off_t from = m[lo - 1].at;
    off_t to = lo < r->nmarks ? m[lo].at : r->end;
    char buf[SPILL_STRIDE * SPILL_REC_MAX];
    size_t n = (size_t)(to - from);
    if (n > sizeof(buf) || !import_pread_all(sp->fd, buf, n, from))
        return -1;
    for (size_t at = 0; at < n;) {
        size_t klen = (unsigned char)buf[at];
        int c = keycmp(buf + at + 1, klen, s, len);
        if (c == 0) {
            memcpy(owner, buf + at + 1 + klen, 8);
            return 1;
        }
        if (c > 0)
            return 0;
        at += klen + 10;
    }
    return 0;
}

bool import_spill_find(struct spill *sp, const char *secret,
                       int64_t *owner /* out */)
{
    if (!sp)
        return false;
    size_t len = strlen(secret);
    for (size_t i = 0; i < sp->nruns; i++) {
        int got = run_find(sp, &sp->runs[i], secret, len, owner);
        if (got > 0)
            return true;
        if (got < 0 && !sp->failed)
            sp->failed = errno ? errno : EIO;
    }
    return false;
}

/* ---- the merge ---- */

/* One source of the merge: a run read through its buffer, or (run NULL)
 * the secrets still in memory. */
struct source {
    const struct spill_run *run;
    char *buf;
    size_t pos, len;
    off_t next; /* the file offset after the buffer */
    const struct held_secret *mem;
    size_t nmem;
    /* The current record. */
    const char *key;
    size_t klen;
    int64_t id;
    int revoked;
};

/* The source's next record into its current; 1 one, 0 at its end, -1 a
 * read failed. */
static int source_next(int fd, struct source *src)
{
    if (!src->run) {
        if (!src->nmem)
            return 0;
        src->key = src->mem->s;
        src->klen = strlen(src->key);
        src->id = src->mem->id;
        src->revoked = src->mem->revoked;
        src->mem++;
        src->nmem--;
        return 1;
    }
    if (src->len - src->pos < SPILL_REC_MAX && src->next < src->run->end) {
        memmove(src->buf, src->buf + src->pos, src->len - src->pos);
        src->len -= src->pos;
        src->pos = 0;
        size_t want = SPILL_READ - src->len;
        if ((off_t)want > src->run->end - src->next)
            want = (size_t)(src->run->end - src->next);
        if (!import_pread_all(fd, src->buf + src->len, want, src->next))
            return -1;
        src->len += want;
        src->next += (off_t)want;
    }
    if (src->pos >= src->len)
        return 0;
    const char *p = src->buf + src->pos;
    src->klen = (unsigned char)p[0];
    src->key = p + 1;
    memcpy(&src->id, p + 1 + src->klen, 8);
    src->revoked = (unsigned char)p[1 + src->klen + 8];
    src->pos += src->klen + 10;
    return 1;
}

static bool before(const struct source *a, const struct source *b)
{
    return keycmp(a->key, a->klen, b->key, b->klen) < 0;
}

/* Restore the heap's order below slot `i`. */
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

static int merge_sources(int fd, struct source **heap, size_t n,
                         int (*put)(void *ctx, const char *secret, size_t len,
                                    int64_t id, int revoked,
                                    struct ck_error *err),
                         void *ctx, struct ck_error *err)
{
    for (size_t i = n; i-- > 0;)
        sift_down(heap, n, i);
    while (n) {
        struct source *top = heap[0];
        int code = put(ctx, top->key, top->klen, top->id, top->revoked, err);
        if (code)
            return code;
        int got = source_next(fd, top);
        if (got < 0)
            return spill_io_fail(err, errno ? errno : EIO);
        if (!got)
            heap[0] = heap[--n];
        sift_down(heap, n, 0);
    }
    return CK_OK;
}

int import_spill_merge(struct spill *sp, const struct held_secret *mem,
                       size_t nmem,
                       int (*put)(void *ctx, const char *secret, size_t len,
                                  int64_t id, int revoked,
                                  struct ck_error *err),
                       void *ctx, struct ck_error *err)
{
    if (sp && sp->failed)
        return spill_io_fail(err, sp->failed);
    size_t nruns = sp ? sp->nruns : 0;
    struct source *src = calloc(nruns + 1, sizeof(*src));
    struct source **heap = calloc(nruns + 1, sizeof(*heap));
    int code = src && heap
                   ? CK_OK
                   : ck_fail(err, CK_ENOMEM, "Out of memory importing.");
    size_t n = 0;
    for (size_t i = 0; i <= nruns && !code; i++) {
        struct source *s = &src[i];
        if (i < nruns) {
            s->run = &sp->runs[i];
            s->next = s->run->start;
            s->buf = malloc(SPILL_READ);
            if (!s->buf) {
                code = ck_fail(err, CK_ENOMEM, "Out of memory importing.");
                break;
            }
        } else {
            s->mem = mem;
            s->nmem = nmem;
        }
        int got = source_next(sp ? sp->fd : -1, s);
        if (got < 0)
            code = spill_io_fail(err, errno ? errno : EIO);
        else if (got)
            heap[n++] = s;
    }
    if (!code)
        code = merge_sources(sp ? sp->fd : -1, heap, n, put, ctx, err);
    for (size_t i = 0; src && i <= nruns; i++)
        free(src[i].buf);
    free(src);
    free(heap);
    return code;
}

void import_spill_free(struct spill *sp)
{
    if (!sp)
        return;
    close(sp->fd);
    free(sp->runs);
    free(sp->marks);
    ck_buf_free(&sp->keys);
    ck_buf_free(&sp->out);
    free(sp);
}
