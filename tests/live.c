/* Running stations for tests (see live.h). */
#include "live.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"

int live_start(struct live *st, const char *env, const char *db,
               const char *args)
{
    return live_start_bin(st, env, CHECKIN_BIN, db, args);
}

int live_start_bin(struct live *st, const char *env, const char *bin,
                   const char *db, const char *args)
{
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "%sexec '%s' scan '%s' %s --keyboard --json 2>>'%s'", env, bin, db,
             args, tu_path("live.err"));
    int in[2], out[2];
    memset(st, 0, sizeof(*st));
    /* Close-on-exec: a station started later must not hold this one's
     * input open (it would never see the end of it). */
    if (pipe2(in, O_CLOEXEC) || pipe2(out, O_CLOEXEC))
        return -1;
    pid_t parent = getpid();
    st->pid = fork();
    if (st->pid < 0)
        return -1;
    if (st->pid == 0) {
        if (prctl(PR_SET_PDEATHSIG, SIGKILL) || getppid() != parent)
            _exit(126);
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    st->in = in[1];
    st->out = out[0];
    return 0;
}

json_t *live_next(struct live *st, int timeout_ms,
                  bool (*want)(json_t *o, const void *arg), const void *arg)
{
    int64_t deadline = tu_mono_ms() + timeout_ms;
    for (;;) {
        char *nl;
        while ((nl = memchr(st->buf, '\n', st->n))) {
            size_t ll = (size_t)(nl - st->buf);
            json_error_t je;
            json_t *o = json_loadb(st->buf, ll, 0, &je);
            st->n -= ll + 1;
            memmove(st->buf, nl + 1, st->n);
            if (o && (!want || want(o, arg)))
                return o;
            json_decref(o);
        }
        /* Past the deadline, what is there already is still read. */
        int64_t left = deadline - tu_mono_ms();
        struct pollfd p = {st->out, POLLIN, 0};
        if (poll(&p, 1, left > 0 ? (int)left : 0) <= 0)
            return NULL;
        ssize_t r = read(st->out, st->buf + st->n, sizeof(st->buf) - st->n);
        if (r <= 0)
            return NULL;
        st->n += (size_t)r;
    }
}

static bool is_decision(json_t *o, const void *arg)
{
    (void)arg;
    return json_object_get(o, "decision") != NULL;
}

json_t *live_scan(struct live *st, const char *code)
{
    char line[512];
    int len = snprintf(line, sizeof(line), "%s\n", code);
    if (write(st->in, line, (size_t)len) != len) {
        TU_FAIL_AT("the station took no input: %s", strerror(errno));
        return NULL;
    }
    json_t *o = live_next(st, 20000, is_decision, NULL);
    if (!o)
        TU_FAIL_AT("no decision for %s within 20 s", code);
    return o;
}

int live_stop(struct live *st)
{
    int status = -1;
    if (st->pid <= 0)
        return -1;
    close(st->in);
    int64_t deadline = tu_mono_ms() + 20000;
    while (waitpid(st->pid, &status, WNOHANG) == 0) {
        if (tu_mono_ms() > deadline) {
            kill(st->pid, SIGKILL);
            waitpid(st->pid, &status, 0);
            break;
        }
        usleep(10000);
    }
    close(st->out);
    st->pid = 0;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void live_kill(struct live *st)
{
    if (st->pid <= 0)
        return;
    kill(st->pid, SIGKILL);
    waitpid(st->pid, NULL, 0);
    close(st->in);
    close(st->out);
    st->pid = 0;
}

const char *live_str(json_t *o, const char *key)
{
    const char *s = json_string_value(json_object_get(o, key));
    return s ? s : "";
}
