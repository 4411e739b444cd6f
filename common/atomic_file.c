/* Files that appear whole or not at all (see atomic_file.h): a temporary
 * file beside the final one, synced, then one rename, without ever
 * replacing a file (ATOMIC_NEW) or writing through a symbolic link.  Used
 * by key files, `checkin init`, station copies and exports.  Not for the
 * event database once it exists: SQLite keeps that one consistent. */
#include "checkin/atomic_file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The longest part of the final name kept in a temporary name, so that
 * ".NAME.PID.tmp-journal" stays within NAME_MAX (255). */
#define TMP_BASE_MAX 200

static const char *const SIDE[] = {"", "-wal", "-shm", "-journal"};

static const char *base_name(const char *path)
{
    const char *slash = strrchr(path, '/');
    return slash ? slash + 1 : path;
}

/* The folder of `path` ("." for a bare name). */
static void dir_name(const char *path, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        snprintf(out, cap, ".");
    else if (slash == path)
        snprintf(out, cap, "/");
    else
        snprintf(out, cap, "%.*s", (int)(slash - path), path);
}

void atomic_file_kill_point(const char *point, const char *path)
{
    static const struct {
        const char *var;
        int sig;
    } AT[] = {{"CHECKIN_TEST_KILL_AT", SIGKILL},
              {"CHECKIN_TEST_STOP_AT", SIGSTOP}};
    size_t n = strlen(point);
    for (size_t i = 0; i < sizeof(AT) / sizeof(AT[0]); i++) {
        const char *want = getenv(AT[i].var);
        if (want && !strncmp(want, point, n) && want[n] == ':' &&
            !strcmp(want + n + 1, base_name(path)))
            raise(AT[i].sig);
    }
}

/* Whether `name` is a temporary file of ours for the final name whose
 * temporary prefix is `prefix` (".NAME."), made by a process that is gone
 * (or by this very process, which is making no other). */
static bool stale(const char *name, const char *prefix)
{
    size_t n = strlen(prefix);
    if (strncmp(name, prefix, n))
        return false;
    const char *p = name + n;
    char *end;
    errno = 0;
    long pid = strtol(p, &end, 10);
    if (errno || end == p || pid <= 0 || *p < '0' || *p > '9' ||
        strncmp(end, ".tmp", 4))
        return false;
    bool side = false;
    for (size_t i = 0; i < sizeof(SIDE) / sizeof(SIDE[0]); i++)
        side = side || !strcmp(end + 4, SIDE[i]);
    if (!side)
        return false;
    if (pid == (long)getpid())
        return true;
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

/* Remove what killed runs left while making this same file. */
static void sweep(const char *dir, const char *prefix)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    int dfd = dirfd(d);
    struct dirent *e;
    while ((e = readdir(d)))
        if (stale(e->d_name, prefix))
            unlinkat(dfd, e->d_name, 0);
    closedir(d);
}

/* A file that a replacing write may take the place of: never a database
 * (checkin's or any SQLite file) nor a signing key, whatever the command
 * was told; an export over one is a slip of the keyboard.  Reads the first
 * bytes, so the caller must first refuse a store it holds open
 * (store_is_own_file): closing a descriptor of that file would drop the
 * process's SQLite locks on it. */
static int check_replaceable(const char *path, struct ck_error *err)
{
    static const char SQLITE[] = "SQLite format 3";
    static const char KEY[] = "# checkin badge signing key";
    char head[sizeof(KEY)] = {0};
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return CK_OK; /* the rename will say what is wrong, if anything */
    ssize_t n = read(fd, head, sizeof(head) - 1);
    close(fd);
    if (n >= (ssize_t)sizeof(SQLITE) && !memcmp(head, SQLITE, sizeof(SQLITE)))
        return ck_fail(err, CK_EINVAL,
                       "%s is a database and is never replaced; give another "
                       "file name.",
                       path);
    if (n >= (ssize_t)sizeof(KEY) - 1 && !memcmp(head, KEY, sizeof(KEY) - 1))
        return ck_fail(err, CK_EINVAL,
                       "%s is a badge signing key and is never replaced; "
                       "give another file name.",
                       path);
    return CK_OK;
}

static int check_path(const char *path, enum atomic_mode mode,
                      struct ck_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0) {
        if (errno == ENOENT)
            return CK_OK;
        return ck_fail(err, errno == EACCES ? CK_EINVAL : CK_EIO,
                       "Cannot check %s: %s.", path, strerror(errno));
    }
    if (S_ISLNK(st.st_mode))
        return ck_fail(err, CK_EINVAL,
                       "%s is a symbolic link, and checkin never writes "
                       "through one; give the path of the file itself.",
                       path);
    if (mode == ATOMIC_NEW)
        return ck_fail(err, CK_EINVAL,
                       "%s already exists and is never replaced; choose "
                       "another name or move the old file away first.",
                       path);
    if (!S_ISREG(st.st_mode))
        return ck_fail(err, CK_EINVAL,
                       "%s is not a regular file; give the name of a file "
                       "to write.",
                       path);
    return check_replaceable(path, err);
}

static int prepare(struct atomic_file *af, const char *path,
                   enum atomic_mode mode, struct ck_error *err)
{
    memset(af, 0, sizeof(*af));
    af->fd = -1;
    af->mode = mode;
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(af->path) || path[n - 1] == '/')
        return ck_fail(err, CK_EINVAL, "'%s' is not a file name.", path);
    memcpy(af->path, path, n + 1);
    int code = check_path(path, mode, err);
    if (code)
        return code;
    char dir[sizeof(af->path)], prefix[TMP_BASE_MAX + 3];
    dir_name(path, dir, sizeof(dir));
    snprintf(prefix, sizeof(prefix), ".%.*s.", TMP_BASE_MAX, base_name(path));
    sweep(dir, prefix);
    snprintf(af->tmp, sizeof(af->tmp), "%s/%s%ld.tmp", dir, prefix,
             (long)getpid());
    return CK_OK;
}

int atomic_file_begin_name(struct atomic_file *af, const char *path,
                           enum atomic_mode mode, struct ck_error *err)
{
    int code = prepare(af, path, mode, err);
    /* The name is this process's alone: whatever appears there is ours to
     * remove on abort. */
    af->made = code == CK_OK;
    return code;
}

int atomic_file_begin(struct atomic_file *af, const char *path,
                      enum atomic_mode mode, struct ck_error *err)
{
    int code = prepare(af, path, mode, err);
    if (code)
        return code;
    af->fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
                  0600);
    if (af->fd < 0)
        return ck_fail(err, errno == ENOSPC ? CK_EFULL : CK_EIO,
                       "Cannot create %s in the folder of %s: %s.", af->tmp,
                       path, strerror(errno));
    af->made = true;
    /* The umask may have taken bits away, never added them; make it
     * exact. */
    if (fchmod(af->fd, 0600) != 0) {
        int e = errno;
        atomic_file_abort(af);
        return ck_fail(err, CK_EIO, "Cannot set the mode of %s: %s.", path,
                       strerror(e));
    }
    atomic_file_kill_point("begun", path);
    return CK_OK;
}

int atomic_file_restrict(struct atomic_file *af, struct ck_error *err)
{
    af->made = true;
    char p[sizeof(af->tmp) + 16];
    for (size_t i = 0; i < sizeof(SIDE) / sizeof(SIDE[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", af->tmp, SIDE[i]);
        if (chmod(p, 0600) != 0 && (i == 0 || errno != ENOENT))
            return ck_fail(err, CK_EIO, "Cannot set the mode of %s: %s.", p,
                           strerror(errno));
    }
    atomic_file_kill_point("begun", af->path);
    return CK_OK;
}

FILE *atomic_file_stream(struct atomic_file *af, struct ck_error *err)
{
    if (af->f)
        return af->f;
    af->f = fdopen(af->fd, "w");
    if (!af->f)
        ck_fail(err, CK_ENOMEM, "Out of memory writing %s.", af->path);
    return af->f;
}

/* Close the stream or descriptor; 0, or the errno of a failed write. */
static int close_file(struct atomic_file *af)
{
    int e = 0;
    if (af->f) {
        if (fflush(af->f) != 0 || ferror(af->f))
            e = errno ? errno : EIO;
        if (!e && fsync(fileno(af->f)) != 0)
            e = errno;
        if (fclose(af->f) != 0 && !e)
            e = errno;
    } else if (af->fd >= 0) {
        if (fsync(af->fd) != 0)
            e = errno;
        if (close(af->fd) != 0 && !e)
            e = errno;
    }
    af->f = NULL;
    af->fd = -1;
    return e;
}

/* Sync a file made by someone else (SQLite), refusing one whose -wal
 * still holds pages: it would be published without them. */
static int sync_named(const char *tmp)
{
    char wal[sizeof(((struct atomic_file *)0)->tmp) + 8];
    struct stat st;
    snprintf(wal, sizeof(wal), "%s-wal", tmp);
    if (lstat(wal, &st) == 0 && st.st_size > 0)
        return EBUSY;
    int fd = open(tmp, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return errno;
    int e = fsync(fd) != 0 ? errno : 0;
    close(fd);
    return e;
}

static void sync_dir(const char *path)
{
    char dir[4096];
    dir_name(path, dir, sizeof(dir));
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
}

/* Put tmp at path without replacing anything: renameat2 where the file
 * system has it, else link (which fails on an existing name) and unlink. */
static int publish_new(const char *tmp, const char *path)
{
    if (renameat2(AT_FDCWD, tmp, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
        return 0;
    if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
        return errno;
    if (link(tmp, path) != 0)
        return errno;
    unlink(tmp);
    return 0;
}

int atomic_file_commit(struct atomic_file *af, struct ck_error *err)
{
    bool named = af->fd < 0 && !af->f;
    int e = named ? sync_named(af->tmp) : close_file(af);
    if (e) {
        atomic_file_abort(af);
        if (e == EBUSY)
            return ck_fail(err, CK_EIO,
                           "%s could not be completed (its database was "
                           "still open); nothing was written, try again.",
                           af->path);
        return ck_fail(err, e == ENOSPC ? CK_EFULL : CK_EIO,
                       "Writing %s failed: %s; nothing was changed, so "
                       "free some space or fix the disk and try again.",
                       af->path, strerror(e));
    }
    struct stat st;
    if (stat(af->tmp, &st) == 0) {
        af->dev = (unsigned long long)st.st_dev;
        af->ino = (unsigned long long)st.st_ino;
    }
    atomic_file_kill_point("written", af->path);
    if (af->mode == ATOMIC_REPLACE) {
        /* rename() replaces a symbolic link itself, never its target; the
         * check keeps the promise that links are refused. */
        int code = check_path(af->path, af->mode, err);
        if (code) {
            atomic_file_abort(af);
            return code;
        }
        e = rename(af->tmp, af->path) == 0 ? 0 : errno;
    } else {
        e = publish_new(af->tmp, af->path);
    }
    if (e) {
        atomic_file_abort(af);
        if (e == EEXIST)
            return ck_fail(err, CK_EINVAL,
                           "%s appeared while it was being made and is never "
                           "replaced; move it away and try again.",
                           af->path);
        return ck_fail(err, CK_EIO, "Cannot put %s in place: %s.", af->path,
                       strerror(e));
    }
    af->made = false;
    af->published = true;
    sync_dir(af->path);
    atomic_file_kill_point("published", af->path);
    return CK_OK;
}

void atomic_file_abort(struct atomic_file *af)
{
    if (!af)
        return;
    if (af->f)
        fclose(af->f);
    else if (af->fd >= 0)
        close(af->fd);
    af->f = NULL;
    af->fd = -1;
    if (!af->made)
        return;
    char p[sizeof(af->tmp) + 16];
    for (size_t i = 0; i < sizeof(SIDE) / sizeof(SIDE[0]); i++) {
        snprintf(p, sizeof(p), "%s%s", af->tmp, SIDE[i]);
        unlink(p);
    }
    af->made = false;
}

void atomic_file_unpublish(struct atomic_file *af)
{
    struct stat st;
    if (!af || !af->published || lstat(af->path, &st) != 0 ||
        (unsigned long long)st.st_dev != af->dev ||
        (unsigned long long)st.st_ino != af->ino)
        return;
    if (unlink(af->path) == 0)
        sync_dir(af->path);
    af->published = false;
}
