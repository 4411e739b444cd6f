/* A throwaway PostgreSQL server for a test process (see pgserver.h).  Only
 * for tests: it trusts its own folder and starts programs by absolute
 * path, with no shell in between. */
#include "pgserver.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

#define PORT "5432" /* the socket folder is private: no port can clash */

static char bindir[512];
static char dir[512];      /* owns data/ and the socket */
static char password[33];  /* the superuser's, random */
static volatile pid_t pid; /* the postmaster, our child */
static pid_t owner;        /* the process that started it */
static uid_t run_uid;      /* who the server runs as */
static gid_t run_gid;
static bool as_other; /* root: run as nobody */

static void find_bindir(void)
{
    const char *env = getenv("CHECKIN_PG_BINDIR");
    if (env && *env) {
        snprintf(bindir, sizeof(bindir), "%s", env);
        return;
    }
    /* pg_config (libpq-dev) names the server's folder on Debian. */
    FILE *p = popen("pg_config --bindir 2>/dev/null", "r");
    bindir[0] = '\0';
    if (p) {
        if (fgets(bindir, sizeof(bindir), p))
            bindir[strcspn(bindir, "\n")] = '\0';
        pclose(p);
    }
    if (!bindir[0])
        snprintf(bindir, sizeof(bindir), "/usr/lib/postgresql/15/bin");
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

static int make_dir(void)
{
    const char *tmp = getenv("TMPDIR");
    const char *bases[2] = {tmp && *tmp ? tmp : "/tmp", "/tmp"};
    for (int i = 0; i < 2; i++) {
        /* Short: the socket's path must fit in 107 bytes. */
        snprintf(dir, sizeof(dir), "%s/pg.XXXXXX", bases[i]);
        if (strlen(dir) > 80 || !mkdtemp(dir))
            continue;
        /* The folder itself is given to that user below. */
        if (!as_other || reachable(bases[i], run_uid))
            break;
        rmdir(dir);
        dir[0] = '\0';
    }
    if (!dir[0]) {
        printf("# pgserver: no folder the server's user can reach\n");
        return -1;
    }
    if (as_other && chown(dir, run_uid, run_gid)) {
        printf("# pgserver: chown %s: %s\n", dir, strerror(errno));
        return -1;
    }
    return 0;
}

/* Start `argv` as the server's user with output appended to `log`;
 * `pdeath`: it gets SIGQUIT when this process dies. */
static pid_t start_as(char *const argv[], const char *log, bool pdeath)
{
    pid_t parent = getpid();
    pid_t child = fork();
    if (child != 0)
        return child;
    int fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    int nul = open("/dev/null", O_RDONLY | O_CLOEXEC);
    if (fd < 0 || nul < 0 || dup2(nul, 0) < 0 || dup2(fd, 1) < 0 ||
        dup2(fd, 2) < 0 || chdir(dir))
        _exit(126);
    /* Credentials first: changing them clears the parent-death signal. */
    if (as_other && (setgroups(0, NULL) || setgid(run_gid) || setuid(run_uid)))
        _exit(126);
    if (pdeath && (prctl(PR_SET_PDEATHSIG, SIGQUIT) || getppid() != parent))
        _exit(126);
    execv(argv[0], argv);
    _exit(127);
}

static void print_log(void)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/log", dir);
    char *text = tu_read_file(path, NULL);
    printf("# PostgreSQL's log (%s):\n%s\n", path, text ? text : "(none)");
    free(text);
}

static void on_signal(int sig)
{
    if (pid > 0 && getpid() == owner)
        kill(pid, SIGQUIT);
    signal(sig, SIG_DFL);
    raise(sig);
}

static int remove_one(const char *path, const struct stat *st, int flag,
                      struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0;
}

static bool started;
static char pg_bin[600], pg_data[700], pg_sock[600];
static int launch(int64_t t0);

int pgserver_start(void)
{
    if (started)
        return pid > 0 ? PGSERVER_OK : PGSERVER_FAIL;
    started = true;
    find_bindir();
    char initdb[600], postgres[600];
    snprintf(initdb, sizeof(initdb), "%s/initdb", bindir);
    snprintf(postgres, sizeof(postgres), "%s/postgres", bindir);
    if (access(initdb, X_OK) || access(postgres, X_OK)) {
        printf("# skipped: the PostgreSQL server is not installed (no %s); "
               "run scripts/setup --tests\n",
               initdb);
        return PGSERVER_SKIP;
    }
    as_other = geteuid() == 0;
    run_uid = geteuid();
    run_gid = getegid();
    if (as_other) {
        /* initdb refuses root. */
        struct passwd *pw = getpwnam("nobody");
        if (!pw) {
            printf("# pgserver: running as root and there is no user "
                   "'nobody' to run PostgreSQL as\n");
            return PGSERVER_FAIL;
        }
        run_uid = pw->pw_uid;
        run_gid = pw->pw_gid;
    }
    if (make_dir())
        return PGSERVER_FAIL;
    uint8_t raw[16];
    if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
        return PGSERVER_FAIL;
    for (size_t i = 0; i < sizeof(raw); i++)
        snprintf(password + 2 * i, 3, "%02x", raw[i]);

    char pwfile[600], data[600], log[600], pwopt[700], dataopt[700];
    snprintf(pwfile, sizeof(pwfile), "%s/pw", dir);
    snprintf(data, sizeof(data), "%s/data", dir);
    snprintf(log, sizeof(log), "%s/log", dir);
    if (tu_write_file(pwfile, password, strlen(password)) ||
        (as_other && chown(pwfile, run_uid, run_gid)))
        return PGSERVER_FAIL;
    snprintf(pwopt, sizeof(pwopt), "--pwfile=%s", pwfile);
    snprintf(dataopt, sizeof(dataopt), "-D%s", data);
    char *init_argv[] = {initdb,
                         dataopt,
                         "-Upostgres",
                         pwopt,
                         "--auth=scram-sha-256",
                         "-EUTF8",
                         "--locale=C.UTF-8",
                         "--no-sync",
                         "--no-instructions",
                         NULL};
    int64_t t0 = tu_mono_ms();
    pid_t child = start_as(init_argv, log, false);
    int status = -1;
    if (child < 0 || waitpid(child, &status, 0) != child ||
        !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        printf("# pgserver: initdb failed\n");
        print_log();
        return PGSERVER_FAIL;
    }
    unlink(pwfile);

    snprintf(pg_bin, sizeof(pg_bin), "%s", postgres);
    snprintf(pg_data, sizeof(pg_data), "%s", dataopt);
    snprintf(pg_sock, sizeof(pg_sock), "-k%s", dir);
    owner = getpid();
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGHUP, on_signal);
    signal(SIGABRT, on_signal);
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    atexit(pgserver_stop);
    if (launch(t0))
        return PGSERVER_FAIL;
    printf("# PostgreSQL up in %lld ms at %s%s\n",
           (long long)(tu_mono_ms() - t0), dir, as_other ? " (as nobody)" : "");
    fflush(stdout);
    return PGSERVER_OK;
}

/* Start the postmaster on the data folder and wait until it answers. */
static int launch(int64_t t0)
{
    char log[600];
    snprintf(log, sizeof(log), "%s/log", dir);
    char *pg_argv[] = {
        pg_bin, pg_data, pg_sock, "-p" PORT, "-clisten_addresses=",
        /* Throwaway data: the machine does not crash under the test, so
         * nothing is flushed to disk; but the server itself is stopped
         * at once and restarted (pgserver_halt), so every commit it
         * acknowledged is written before it says so, as on a real hub. */
        "-cfsync=off", "-cfull_page_writes=off", "-csynchronous_commit=on",
        "-cmax_connections=80", "-cshared_buffers=32MB", NULL};
    int status;
    pid = start_as(pg_argv, log, true);
    if (pid < 0) {
        pid = 0;
        return PGSERVER_FAIL;
    }
    const char *ci = pgserver_conninfo("postgres");
    for (;;) {
        if (PQping(ci) == PQPING_OK)
            break;
        if (waitpid(pid, &status, WNOHANG) == pid) {
            pid = 0;
            printf("# pgserver: the server exited at start\n");
            print_log();
            return PGSERVER_FAIL;
        }
        if (tu_mono_ms() - t0 > 60000) {
            printf("# pgserver: the server did not answer within 60 s\n");
            print_log();
            pgserver_stop();
            return PGSERVER_FAIL;
        }
        usleep(20000);
    }
    return PGSERVER_OK;
}

const char *pgserver_conninfo_as(const char *dbname, const char *user,
                                 const char *pw)
{
    static char ring[16][1024];
    static int next;
    char *s = ring[next++ % 16];
    snprintf(s, sizeof(ring[0]),
             "host='%s' port=" PORT " dbname='%s' user='%s' password='%s' "
             "connect_timeout=10",
             dir, dbname, user, pw);
    return s;
}

const char *pgserver_conninfo(const char *dbname)
{
    return pgserver_conninfo_as(dbname, "postgres", password);
}

int pgserver_exec(const char *dbname, const char *sql)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(dbname));
    int rc = -1;
    if (PQstatus(c) == CONNECTION_OK) {
        PGresult *r = PQexec(c, sql);
        ExecStatusType st = PQresultStatus(r);
        if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK)
            rc = 0;
        else
            printf("# %s: %s", sql, PQerrorMessage(c));
        PQclear(r);
    } else {
        printf("# connecting to %s: %s", dbname, PQerrorMessage(c));
    }
    PQfinish(c);
    return rc;
}

long long pgserver_int(const char *dbname, const char *sql)
{
    PGconn *c = PQconnectdb(pgserver_conninfo(dbname));
    long long v = -1;
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) > 0 &&
        !PQgetisnull(r, 0, 0))
        v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
    else
        printf("# %s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    PQfinish(c);
    return v;
}

int pgserver_createdb(const char *name)
{
    char sql[256];
    snprintf(sql, sizeof(sql), "CREATE DATABASE \"%s\"", name);
    return pgserver_exec("postgres", sql);
}

pid_t pgserver_pid(void)
{
    return pid;
}

const char *pgserver_dir(void)
{
    return dir;
}

/* The pid data/postmaster.pid names (its first line), or 0. */
static pid_t pidfile_pid(void)
{
    char path[600];
    snprintf(path, sizeof(path), "%s/data/postmaster.pid", dir);
    char *text = tu_read_file(path, NULL);
    long v = text ? strtol(text, NULL, 10) : 0;
    free(text);
    return (pid_t)v;
}

/* Stop the postmaster (immediate shutdown), keeping its folder. */
static void halt(void)
{
    pid_t p = pid;
    if (p > 0) {
        /* The pid is our unreaped child, so no other process can have
         * it; the pid file says whether it is still the server. */
        if (pidfile_pid() != p)
            printf("# pgserver: %s/data/postmaster.pid does not name %d; "
                   "stopping the child anyway\n",
                   dir, (int)p);
        kill(p, SIGQUIT);
        int64_t deadline = tu_mono_ms() + 15000;
        int status;
        while (waitpid(p, &status, WNOHANG) == 0) {
            if (tu_mono_ms() > deadline) {
                kill(p, SIGKILL);
                waitpid(p, &status, 0);
                break;
            }
            usleep(10000);
        }
        pid = 0;
    }
}

int pgserver_halt(void)
{
    if (getpid() != owner || pid <= 0)
        return PGSERVER_FAIL;
    halt();
    return PGSERVER_OK;
}

int pgserver_resume(void)
{
    if (getpid() != owner || pid > 0 || !dir[0])
        return PGSERVER_FAIL;
    return launch(tu_mono_ms());
}

void pgserver_stop(void)
{
    if (getpid() != owner || !dir[0])
        return;
    halt();
    if (tu_failures) {
        printf("# PostgreSQL's folder kept: %s\n", dir);
    } else {
        nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
    }
    dir[0] = '\0';
}
