/* A throwaway PostgreSQL server (see pglocal.h): the cluster made with
 * initdb, or copied with cp -a from a template cluster initdb made once,
 * the postmaster started as this process's child, all by absolute path
 * with no shell in between, and the folder removed when it stops.  Not
 * for a real hub (docs/sync.md says how to run one).
 *
 * The stop must also happen from a signal handler (the demo interrupted
 * with Ctrl-C), so it uses only async-signal-safe calls: kill, waitpid,
 * nanosleep and a folder removal on openat, getdents64 and unlinkat. */
#include "checkin/pglocal.h"
#include "checkin/text.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct pglocal {
    char bindir[512];
    char dir[512];      /* owns data/, the socket and log */
    char password[33];  /* the superuser's, random */
    volatile pid_t pid; /* the postmaster, or initdb while it runs */
    pid_t owner;        /* the process that started it */
    uid_t run_uid;      /* who the server runs as */
    gid_t run_gid;
    bool as_other; /* started as root: the server runs as nobody */
    int max_connections;
    bool durable; /* fsync and full page writes left on */
    struct pglocal_times times;
};

/* The one server of this process, for the signal handlers and exit. */
static struct pglocal server;
static volatile sig_atomic_t running;

static const int CLEAN_SIGNALS[] = {SIGINT, SIGTERM, SIGHUP};
static const int CRASH_SIGNALS[] = {SIGABRT, SIGSEGV, SIGBUS};
#define NSIG_HANDLED 6
static struct sigaction previous[NSIG_HANDLED];
static bool handlers_set, atexit_set;

const char *pglocal_bindir(void)
{
    const char *env = getenv("CHECKIN_PG_BINDIR");
    return env && *env ? env : PGLOCAL_BINDIR;
}

int pglocal_check(const char *bindir, struct ck_error *err)
{
    static const char *const PROGRAMS[] = {"initdb", "postgres"};
    for (size_t i = 0; i < 2; i++) {
        char path[600];
        snprintf(path, sizeof(path), "%s/%s", bindir, PROGRAMS[i]);
        if (access(path, X_OK))
            return ck_fail(err, CK_ENOTFOUND,
                           "The PostgreSQL 15 server is not installed (there "
                           "is no %s); install it with 'scripts/setup "
                           "--tests' or 'apt-get install postgresql-15' and "
                           "run this again.",
                           path);
    }
    return CK_OK;
}

/* ---- stopping, async-signal-safe ---- */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) && errno == EINTR)
        ;
}

/* Stop the child `pid` with SIGQUIT (PostgreSQL's immediate shutdown),
 * SIGKILL after 15 s, and reap it. */
static void end_child(pid_t pid)
{
    if (pid <= 0)
        return;
    kill(pid, SIGQUIT);
    int status;
    for (int waited = 0; waitpid(pid, &status, WNOHANG) == 0; waited += 10) {
        if (waited >= 15000) {
            kill(pid, SIGKILL);
            waitpid(pid, &status, 0);
            break;
        }
        sleep_ms(10);
    }
}

/* Remove `name` in folder `parent` and everything under it, without
 * following links.  Each pass reads the folder from its start again, as
 * entries removed while reading may shift the rest. */
static void remove_tree(int parent, const char *name, int depth)
{
    if (!unlinkat(parent, name, 0) || errno == ENOENT)
        return;
    int fd =
        openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    _Alignas(struct dirent64) char buf[4096];
    for (bool again = depth < 16; again;) {
        again = false;
        if (lseek(fd, 0, SEEK_SET) < 0)
            break;
        ssize_t n;
        while ((n = getdents64(fd, buf, sizeof(buf))) > 0) {
            for (ssize_t off = 0; off < n;) {
                struct dirent64 *d = (struct dirent64 *)(buf + off);
                off += d->d_reclen;
                const char *e = d->d_name;
                if (e[0] == '.' && (!e[1] || (e[1] == '.' && !e[2])))
                    continue;
                remove_tree(fd, e, depth + 1);
                again = true;
            }
        }
    }
    close(fd);
    unlinkat(parent, name, AT_REMOVEDIR);
}

/* Stop the server and, unless `keep`, remove its folder. */
static void shut(bool keep)
{
    if (!running || getpid() != server.owner)
        return;
    running = 0;
    pid_t p = server.pid;
    server.pid = 0;
    end_child(p);
    if (!keep)
        remove_tree(AT_FDCWD, server.dir, 0);
}

static void on_signal(int sig)
{
    int saved = errno;
    bool crash = sig == SIGABRT || sig == SIGSEGV || sig == SIGBUS;
    shut(crash);
    for (int i = 0; i < NSIG_HANDLED; i++) {
        int s = i < 3 ? CLEAN_SIGNALS[i] : CRASH_SIGNALS[i - 3];
        if (s == sig)
            sigaction(sig, &previous[i], NULL);
    }
    errno = saved;
    raise(sig);
}

static void at_exit(void)
{
    shut(false);
}

static void set_handlers(void)
{
    if (handlers_set)
        return;
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    /* One cleanup at a time: the others wait until it re-raised. */
    sigemptyset(&sa.sa_mask);
    for (int i = 0; i < 3; i++)
        sigaddset(&sa.sa_mask, CLEAN_SIGNALS[i]);
    for (int i = 0; i < NSIG_HANDLED; i++) {
        int s = i < 3 ? CLEAN_SIGNALS[i] : CRASH_SIGNALS[i - 3];
        sigaction(s, &sa, &previous[i]);
    }
    handlers_set = true;
    if (!atexit_set && !atexit(at_exit))
        atexit_set = true;
}

static void restore_handlers(void)
{
    if (!handlers_set)
        return;
    for (int i = 0; i < NSIG_HANDLED; i++) {
        int s = i < 3 ? CLEAN_SIGNALS[i] : CRASH_SIGNALS[i - 3];
        sigaction(s, &previous[i], NULL);
    }
    handlers_set = false;
}

/* ---- starting ---- */

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Whether user `uid` can reach into `path`: every folder on the way is
 * searchable by others or owned by it. */
static bool reachable(const char *path, uid_t uid)
{
    char p[512];
    snprintf(p, sizeof(p), "%s", path);
    for (;;) {
        struct stat st;
        if (stat(p, &st) || !S_ISDIR(st.st_mode))
            return false;
        if (!(st.st_mode & S_IXOTH) && st.st_uid != uid)
            return false;
        char *slash = strrchr(p, '/');
        if (!slash || slash == p)
            return true;
        *slash = '\0';
    }
}

static int make_dir(struct pglocal *pg, struct ck_error *err)
{
    const char *tmp = getenv("TMPDIR");
    const char *bases[2] = {tmp && *tmp ? tmp : "/tmp", "/tmp"};
    for (int i = 0; i < 2; i++) {
        /* Short: the socket's path must fit in 107 bytes. */
        snprintf(pg->dir, sizeof(pg->dir), "%s/checkin-pg.XXXXXX", bases[i]);
        if (strlen(pg->dir) > 80 || !mkdtemp(pg->dir)) {
            pg->dir[0] = '\0';
            continue;
        }
        if (!pg->as_other || reachable(bases[i], pg->run_uid))
            break;
        rmdir(pg->dir);
        pg->dir[0] = '\0';
    }
    if (!pg->dir[0])
        return pg->as_other
                   ? ck_fail(err, CK_EIO,
                             "Cannot make a private folder for PostgreSQL "
                             "under %s or /tmp; set TMPDIR to a short path "
                             "of a writable folder that nobody can reach.",
                             bases[0])
                   : ck_fail(err, CK_EIO,
                             "Cannot make a private folder for PostgreSQL "
                             "under %s or /tmp; set TMPDIR to a short path "
                             "of a writable folder.",
                             bases[0]);
    if (pg->as_other && chown(pg->dir, pg->run_uid, pg->run_gid)) {
        int e = errno;
        rmdir(pg->dir);
        return ck_fail(err, CK_EIO, "Cannot give %s to nobody: %s.", pg->dir,
                       strerror(e));
    }
    return CK_OK;
}

/* Start `argv` as the server's user, output appended to DIR/log, with a
 * parent-death SIGQUIT when `pdeath`.  -1 when fork failed. */
static pid_t start_as(const struct pglocal *pg, char *const argv[], bool pdeath)
{
    char log[600];
    snprintf(log, sizeof(log), "%s/log", pg->dir);
    pid_t parent = getpid();
    pid_t child = fork();
    if (child != 0)
        return child;
    int fd =
        open(log, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
    int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
        dup2(fd, 2) < 0 || chdir(pg->dir))
        _exit(126);
    if (pg->as_other && fchown(1, pg->run_uid, pg->run_gid))
        _exit(126);
    /* Credentials first: changing them clears the parent-death signal. */
    if (pg->as_other &&
        (setgroups(0, NULL) || setgid(pg->run_gid) || setuid(pg->run_uid)))
        _exit(126);
    if (pdeath && (prctl(PR_SET_PDEATHSIG, SIGQUIT) || getppid() != parent))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

/* The last non-empty line of the server's log, for an error message. */
static void log_tail(const struct pglocal *pg, char *out, size_t cap)
{
    char path[600], buf[1024];
    snprintf(path, sizeof(path), "%s/log", pg->dir);
    snprintf(out, cap, "(no log)");
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    off_t end = lseek(fd, 0, SEEK_END);
    off_t from =
        end > (off_t)sizeof(buf) - 1 ? end - (off_t)sizeof(buf) + 1 : 0;
    ssize_t n = pread(fd, buf, sizeof(buf) - 1, from);
    close(fd);
    if (n <= 0)
        return;
    while (n > 0 && (buf[n - 1] == '\n' || buf[n - 1] == ' '))
        n--;
    buf[n] = '\0';
    const char *line = strrchr(buf, '\n');
    /* A long line is cut to `cap`, ending "...": its start says what
     * went wrong. */
    text_cut_mark(out, cap, snprintf(out, cap, "%s", line ? line + 1 : buf));
}

static int write_secret(const char *path, const char *text, uid_t uid,
                        gid_t gid, bool give)
{
    int fd =
        open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return -1;
    size_t len = strlen(text);
    int rc = write(fd, text, len) == (ssize_t)len ? 0 : -1;
    if (!rc && give)
        rc = fchown(fd, uid, gid);
    if (close(fd))
        rc = -1;
    return rc;
}

/* Start the postmaster on the data folder and wait until it answers. */
static int launch(struct pglocal *pg, struct ck_error *err)
{
    char postgres[600], data[600], sock[600], maxconn[64], ci[1024];
    snprintf(postgres, sizeof(postgres), "%s/postgres", pg->bindir);
    snprintf(data, sizeof(data), "-D%s/data", pg->dir);
    snprintf(sock, sizeof(sock), "-k%s", pg->dir);
    snprintf(maxconn, sizeof(maxconn), "-cmax_connections=%d",
             pg->max_connections);
    char port[] = "-p" PGLOCAL_PORT;
    /* Throwaway data: nothing is flushed to disk; but a commit is
     * written before it is acknowledged, so a halt and resume (the hub's
     * machine losing power) loses nothing acknowledged, as on a real hub.
     * Durable: PostgreSQL's own defaults, as a hub an organizer installs
     * runs (and ALTER SYSTEM can still turn them off, being left off the
     * command line). */
    char fsync_opt[] = "-cfsync=off", fpw_opt[] = "-cfull_page_writes=off";
    char *argv[] = {postgres, data, sock, port,
                    /* No TCP at all: the socket in the private folder. */
                    "-clisten_addresses=", "-csynchronous_commit=on", maxconn,
                    "-cshared_buffers=32MB",
                    /* durable: the list ends here, both left out */
                    pg->durable ? NULL : fsync_opt, fpw_opt, NULL};
    int64_t t0 = mono_ms();
    pid_t p = start_as(pg, argv, true);
    if (p < 0)
        return ck_fail(err, CK_EIO, "Cannot start PostgreSQL: %s.",
                       strerror(errno));
    pg->pid = p;
    pglocal_conninfo(pg, "postgres", NULL, NULL, ci, sizeof(ci));
    for (;;) {
        if (PQping(ci) == PQPING_OK)
            return CK_OK;
        int status;
        if (waitpid(p, &status, WNOHANG) == p) {
            pg->pid = 0;
            char tail[512];
            log_tail(pg, tail, sizeof(tail));
            return ck_fail(err, CK_EIO,
                           "PostgreSQL stopped as it started (%s); see "
                           "that its installation is whole.",
                           tail);
        }
        if (mono_ms() - t0 > 60000) {
            char tail[512];
            log_tail(pg, tail, sizeof(tail));
            return ck_fail(err, CK_EIO,
                           "PostgreSQL did not answer within 60 s (%s); try "
                           "again when the machine is less busy.",
                           tail);
        }
        sleep_ms(20);
    }
}

/* initdb's options beside the folder and the password file; a template
 * made with others is made again. */
static const char *const INITDB_OPTIONS[] = {
    "-Upostgres", "--auth=scram-sha-256", "-EUTF8", "--locale=C.UTF-8",
    "--no-sync",  "--no-instructions"};
#define NINITDB_OPTIONS (sizeof(INITDB_OPTIONS) / sizeof(INITDB_OPTIONS[0]))

/* Wait for child `pid`; true when it exited 0.  Adds its CPU to `*cpu_ms`. */
static bool wait_ok(pid_t pid, long long *cpu_ms)
{
    int status = -1;
    struct rusage ru;
    memset(&ru, 0, sizeof(ru));
    pid_t got;
    while ((got = wait4(pid, &status, 0, &ru)) < 0 && errno == EINTR)
        ;
    *cpu_ms += (long long)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1000 +
               (ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1000;
    return got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

static int make_cluster(struct pglocal *pg, struct ck_error *err)
{
    uint8_t raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
        return ck_fail(err, CK_EIO, "Cannot read random bytes: %s.",
                       strerror(errno));
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(pg->password + 2 * i, 3, "%02x", raw[i]);
    char initdb[600], pwfile[600], pwopt[700], dataopt[700];
    snprintf(initdb, sizeof(initdb), "%s/initdb", pg->bindir);
    snprintf(pwfile, sizeof(pwfile), "%s/pw", pg->dir);
    snprintf(pwopt, sizeof(pwopt), "--pwfile=%s", pwfile);
    snprintf(dataopt, sizeof(dataopt), "-D%s/data", pg->dir);
    if (write_secret(pwfile, pg->password, pg->run_uid, pg->run_gid,
                     pg->as_other))
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", pwfile,
                       strerror(errno));
    char *argv[4 + NINITDB_OPTIONS] = {initdb, dataopt, pwopt};
    for (size_t i = 0; i < NINITDB_OPTIONS; i++)
        argv[3 + i] = (char *)INITDB_OPTIONS[i];
    int64_t t0 = mono_ms();
    pid_t child = start_as(pg, argv, false);
    pg->pid = child > 0 ? child : 0;
    bool ok = child > 0 && wait_ok(child, &pg->times.cluster_cpu_ms);
    pg->pid = 0;
    pg->times.cluster_ms = mono_ms() - t0;
    unlink(pwfile);
    if (!ok) {
        char tail[512];
        log_tail(pg, tail, sizeof(tail));
        return ck_fail(err, CK_EIO,
                       "PostgreSQL's initdb failed (%s); see that the "
                       "postgresql-15 package is whole.",
                       tail);
    }
    return CK_OK;
}

/* ---- the template cluster ---- */

/* `cp -a from to` as this process's user (ownership kept: as root, the
 * cluster stays nobody's), its errors appended to the server's log. */
static bool copy_tree(struct pglocal *pg, const char *from, const char *to)
{
    char log[600];
    snprintf(log, sizeof(log), "%s/log", pg->dir);
    pid_t child = fork();
    if (child == 0) {
        int fd = open(
            log, O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC, 0600);
        int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
            dup2(fd, 2) < 0)
            _exit(126);
        execl("/bin/cp", "cp", "-a", "--", from, to, (char *)NULL);
        _exit(127);
    }
    pg->pid = child > 0 ? child : 0;
    bool ok = child > 0 && wait_ok(child, &pg->times.cluster_cpu_ms);
    pg->pid = 0;
    return ok;
}

/* What the template must have been made from: the binaries (each one's
 * device, inode, size and change time, so a reinstalled or upgraded
 * package differs), initdb's options and the user the server runs as. */
static void template_stamp(const struct pglocal *pg, char *out, size_t cap)
{
    size_t len = (size_t)snprintf(out, cap, "pglocal template 1\nbindir %s\n",
                                  pg->bindir);
    static const char *const PROGRAMS[] = {"initdb", "postgres"};
    for (size_t i = 0; i < 2 && len < cap; i++) {
        char path[600];
        struct stat st;
        memset(&st, 0, sizeof(st));
        snprintf(path, sizeof(path), "%s/%s", pg->bindir, PROGRAMS[i]);
        if (stat(path, &st))
            st.st_ino = 0;
        len += (size_t)snprintf(
            out + len, cap - len, "%s %llu %llu %lld %lld.%09ld\n", PROGRAMS[i],
            (unsigned long long)st.st_dev, (unsigned long long)st.st_ino,
            (long long)st.st_size, (long long)st.st_ctim.tv_sec,
            st.st_ctim.tv_nsec);
    }
    for (size_t i = 0; i < NINITDB_OPTIONS && len < cap; i++)
        len +=
            (size_t)snprintf(out + len, cap - len, "%s\n", INITDB_OPTIONS[i]);
    if (len < cap)
        snprintf(out + len, cap - len, "uid %u\n", (unsigned)pg->run_uid);
}

/* Read at most `cap` - 1 bytes of `path` into `out`; false when absent. */
static bool read_small(const char *path, char *out, size_t cap)
{
    int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return false;
    size_t len = 0;
    ssize_t n;
    while (len + 1 < cap && (n = read(fd, out + len, cap - 1 - len)) > 0)
        len += (size_t)n;
    close(fd);
    out[len] = '\0';
    return true;
}

/* Whether `tdir` holds a whole template made as `stamp` says, with its
 * password (into pg->password). */
static bool template_whole(struct pglocal *pg, const char *tdir,
                           const char *stamp)
{
    char path[600], have[2048], pw[64];
    snprintf(path, sizeof(path), "%s/stamp", tdir);
    if (!read_small(path, have, sizeof(have)) || strcmp(have, stamp))
        return false;
    snprintf(path, sizeof(path), "%s/data/PG_VERSION", tdir);
    if (access(path, R_OK))
        return false;
    snprintf(path, sizeof(path), "%s/password", tdir);
    if (!read_small(path, pw, sizeof(pw)) ||
        strspn(pw, "0123456789abcdef") != 32 || pw[32])
        return false;
    memcpy(pg->password, pw, 33);
    return true;
}

/* Make the template in `tdir` from the cluster just made in pg->dir:
 * the data folder, the password, and the stamp last, so that a template
 * cut short has no stamp and is made again. */
static int keep_template(struct pglocal *pg, const char *tdir,
                         const char *stamp, struct ck_error *err)
{
    char data[600], path[600];
    remove_tree(AT_FDCWD, tdir, 0);
    if (mkdir(tdir, 0700))
        return ck_fail(err, CK_EIO,
                       "Cannot make PostgreSQL's template folder %s: %s; "
                       "make its folder writable.",
                       tdir, strerror(errno));
    snprintf(data, sizeof(data), "%s/data", pg->dir);
    snprintf(path, sizeof(path), "%s/data", tdir);
    if (!copy_tree(pg, data, path)) {
        char tail[512];
        log_tail(pg, tail, sizeof(tail));
        return ck_fail(err, CK_EIO,
                       "Cannot copy PostgreSQL's cluster to %s (%s); see "
                       "that the disk has room.",
                       tdir, tail);
    }
    snprintf(path, sizeof(path), "%s/password", tdir);
    unlink(path);
    if (write_secret(path, pg->password, 0, 0, false))
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       strerror(errno));
    snprintf(path, sizeof(path), "%s/stamp", tdir);
    unlink(path);
    if (write_secret(path, stamp, 0, 0, false))
        return ck_fail(err, CK_EIO, "Cannot write %s: %s.", path,
                       strerror(errno));
    return CK_OK;
}

/* The data folder from the template in `tdir`, made first when it is not
 * whole.  Readers share the lock; a maker holds it alone, and checks
 * again once it has it, as another may have made it in between. */
static int cluster_from_template(struct pglocal *pg, const char *tdir,
                                 struct ck_error *err)
{
    char lock[600], stamp[2048];
    snprintf(lock, sizeof(lock), "%s.lock", tdir);
    int fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0)
        return ck_fail(err, CK_EIO,
                       "Cannot open PostgreSQL's template lock %s: %s; "
                       "make its folder writable.",
                       lock, strerror(errno));
    template_stamp(pg, stamp, sizeof(stamp));
    int code = CK_OK;
    int64_t t0 = mono_ms();
    while (flock(fd, LOCK_SH) && errno == EINTR)
        ;
    if (!template_whole(pg, tdir, stamp)) {
        while (flock(fd, LOCK_EX) && errno == EINTR)
            ;
        if (!template_whole(pg, tdir, stamp)) {
            code = make_cluster(pg, err);
            if (!code)
                code = keep_template(pg, tdir, stamp, err);
            goto out_unlock;
        }
    }
    char from[600], to[600];
    snprintf(from, sizeof(from), "%s/data", tdir);
    snprintf(to, sizeof(to), "%s/data", pg->dir);
    if (!copy_tree(pg, from, to)) {
        char tail[512];
        log_tail(pg, tail, sizeof(tail));
        code = ck_fail(err, CK_EIO,
                       "Cannot copy PostgreSQL's template cluster %s (%s); "
                       "remove that folder to have it made again.",
                       tdir, tail);
        goto out_unlock;
    }
    pg->times.copied = true;
out_unlock:
    /* Waits for another's template and the copy into it included. */
    pg->times.cluster_ms = mono_ms() - t0;
    flock(fd, LOCK_UN);
    close(fd);
    return code;
}

int pglocal_start(const struct pglocal_options *o, pglocal **out,
                  struct ck_error *err)
{
    *out = NULL;
    if (running)
        return ck_fail(err, CK_EBUSY,
                       "This process runs a throwaway PostgreSQL already; "
                       "stop it first.");
    struct pglocal *pg = &server;
    memset(pg, 0, sizeof(*pg));
    snprintf(pg->bindir, sizeof(pg->bindir), "%s",
             o && o->bindir ? o->bindir : pglocal_bindir());
    pg->max_connections = o && o->max_connections ? o->max_connections : 80;
    pg->durable = o && o->durable;
    int code = pglocal_check(pg->bindir, err);
    if (code)
        return code;
    pg->run_uid = geteuid();
    pg->run_gid = getegid();
    pg->as_other = geteuid() == 0;
    if (pg->as_other) {
        /* initdb refuses root. */
        struct passwd *pw = getpwnam("nobody");
        if (!pw)
            return ck_fail(err, CK_EINVAL,
                           "PostgreSQL will not run as root and there is no "
                           "user 'nobody' to run it as; run this as an "
                           "ordinary user.");
        pg->run_uid = pw->pw_uid;
        pg->run_gid = pw->pw_gid;
    }
    pg->owner = getpid();
    code = make_dir(pg, err);
    if (code)
        return code;
    /* From here on, a signal or exit removes the folder. */
    running = 1;
    set_handlers();
    if (o && o->template_dir && *o->template_dir)
        code = cluster_from_template(pg, o->template_dir, err);
    else
        code = make_cluster(pg, err);
    int64_t t0 = mono_ms();
    if (!code)
        code = launch(pg, err);
    pg->times.server_ms = mono_ms() - t0;
    if (code) {
        pglocal_stop(pg, false);
        return code;
    }
    *out = pg;
    return CK_OK;
}

void pglocal_start_times(const pglocal *pg, struct pglocal_times *out)
{
    *out = pg->times;
}

void pglocal_conninfo(const pglocal *pg, const char *dbname, const char *user,
                      const char *password, char *out, size_t cap)
{
    snprintf(out, cap,
             "host='%s' port=" PGLOCAL_PORT " dbname='%s' user='%s' "
             "password='%s' connect_timeout=10",
             pg->dir, dbname, user ? user : "postgres",
             user ? password : pg->password);
}

const char *pglocal_dir(const pglocal *pg)
{
    return pg->dir;
}

pid_t pglocal_pid(const pglocal *pg)
{
    return pg->pid;
}

void pglocal_halt(pglocal *pg)
{
    if (!running || getpid() != pg->owner)
        return;
    pid_t p = pg->pid;
    pg->pid = 0;
    end_child(p);
}

int pglocal_resume(pglocal *pg, struct ck_error *err)
{
    if (!running || getpid() != pg->owner || pg->pid > 0)
        return ck_fail(err, CK_EINVAL,
                       "No halted throwaway PostgreSQL to resume.");
    return launch(pg, err);
}

void pglocal_stop(pglocal *pg, bool keep)
{
    if (!pg || !running || getpid() != pg->owner)
        return;
    shut(keep);
    restore_handlers();
}
