/* Keyboard-wedge barcode scanners: USB HID devices that type the code and
 * press Enter.  Either lines on standard input (the scanner types into the
 * terminal), or an evdev device read directly and grabbed (EVIOCGRAB) so
 * that codes do not also land in whatever has the focus.  Key codes are
 * mapped with a US layout, which is what scanners emulate by default.
 * Not for frames. */
#include <errno.h>
#include <fcntl.h>
#include <linux/input.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "checkin/source.h"
#include "checkin/util.h"

#define LINE_MAX_BYTES 1024

struct keyboard {
    source base;
    int fd;
    bool own, evdev, shift_l, shift_r, caps, grabbed, eof;
    const char *path;
    int64_t start_ms;
    char buf[LINE_MAX_BYTES]; /* bytes read, not yet a line */
    size_t used;
    uint8_t line[LINE_MAX_BYTES];
    size_t len;
    bool overlong;
    struct input_event ev[64]; /* read from the device, not yet applied */
    size_t nev, iev;
};

int source_key_ascii(int code, bool shift)
{
    /* Rows of the US layout by evdev code (linux/input-event-codes.h). */
    static const char plain[KEY_SLASH + 1] = {
        [KEY_1] = '1',          [KEY_2] = '2',           [KEY_3] = '3',
        [KEY_4] = '4',          [KEY_5] = '5',           [KEY_6] = '6',
        [KEY_7] = '7',          [KEY_8] = '8',           [KEY_9] = '9',
        [KEY_0] = '0',          [KEY_MINUS] = '-',       [KEY_EQUAL] = '=',
        [KEY_Q] = 'q',          [KEY_W] = 'w',           [KEY_E] = 'e',
        [KEY_R] = 'r',          [KEY_T] = 't',           [KEY_Y] = 'y',
        [KEY_U] = 'u',          [KEY_I] = 'i',           [KEY_O] = 'o',
        [KEY_P] = 'p',          [KEY_LEFTBRACE] = '[',   [KEY_RIGHTBRACE] = ']',
        [KEY_A] = 'a',          [KEY_S] = 's',           [KEY_D] = 'd',
        [KEY_F] = 'f',          [KEY_G] = 'g',           [KEY_H] = 'h',
        [KEY_J] = 'j',          [KEY_K] = 'k',           [KEY_L] = 'l',
        [KEY_SEMICOLON] = ';',  [KEY_APOSTROPHE] = '\'', [KEY_GRAVE] = '`',
        [KEY_BACKSLASH] = '\\', [KEY_Z] = 'z',           [KEY_X] = 'x',
        [KEY_C] = 'c',          [KEY_V] = 'v',           [KEY_B] = 'b',
        [KEY_N] = 'n',          [KEY_M] = 'm',           [KEY_COMMA] = ',',
        [KEY_DOT] = '.',        [KEY_SLASH] = '/'};
    static const char shifted[KEY_SLASH + 1] = {
        [KEY_1] = '!',          [KEY_2] = '@',          [KEY_3] = '#',
        [KEY_4] = '$',          [KEY_5] = '%',          [KEY_6] = '^',
        [KEY_7] = '&',          [KEY_8] = '*',          [KEY_9] = '(',
        [KEY_0] = ')',          [KEY_MINUS] = '_',      [KEY_EQUAL] = '+',
        [KEY_LEFTBRACE] = '{',  [KEY_RIGHTBRACE] = '}', [KEY_SEMICOLON] = ':',
        [KEY_APOSTROPHE] = '"', [KEY_GRAVE] = '~',      [KEY_BACKSLASH] = '|',
        [KEY_COMMA] = '<',      [KEY_DOT] = '>',        [KEY_SLASH] = '?'};
    if (code == KEY_SPACE)
        return ' ';
    if (code == KEY_KPASTERISK)
        return '*';
    if (code == KEY_KPMINUS)
        return '-';
    if (code == KEY_KPPLUS)
        return '+';
    if (code == KEY_KPDOT)
        return '.';
    if (code == KEY_KPSLASH)
        return '/';
    if (code >= KEY_KP7 && code <= KEY_KP0) {
        static const char kp[] = {
            [KEY_KP7 - KEY_KP7] = '7', [KEY_KP8 - KEY_KP7] = '8',
            [KEY_KP9 - KEY_KP7] = '9', [KEY_KP4 - KEY_KP7] = '4',
            [KEY_KP5 - KEY_KP7] = '5', [KEY_KP6 - KEY_KP7] = '6',
            [KEY_KP1 - KEY_KP7] = '1', [KEY_KP2 - KEY_KP7] = '2',
            [KEY_KP3 - KEY_KP7] = '3', [KEY_KP0 - KEY_KP7] = '0'};
        return kp[code - KEY_KP7];
    }
    if (code < 0 || code > KEY_SLASH || !plain[code])
        return 0;
    char c = plain[code];
    if (!shift)
        return c;
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 'A';
    return shifted[code];
}

/* One complete line in kb->line, from bytes already buffered. */
static bool take_line(struct keyboard *kb)
{
    char *nl = memchr(kb->buf, '\n', kb->used);
    if (!nl)
        return false;
    size_t n = (size_t)(nl - kb->buf);
    memcpy(kb->line, kb->buf, n);
    kb->len = n;
    while (kb->len && (kb->line[kb->len - 1] == '\r'))
        kb->len--;
    kb->used -= n + 1;
    memmove(kb->buf, nl + 1, kb->used);
    return true;
}

/* Apply one key event; true when Enter completed a code. */
static bool key_event(struct keyboard *kb, const struct input_event *ev)
{
    if (ev->type != EV_KEY)
        return false;
    bool down = ev->value != 0; /* 1 press, 2 autorepeat */
    if (ev->code == KEY_LEFTSHIFT) {
        kb->shift_l = down;
        return false;
    }
    if (ev->code == KEY_RIGHTSHIFT) {
        kb->shift_r = down;
        return false;
    }
    if (!down)
        return false;
    if (ev->code == KEY_CAPSLOCK) {
        kb->caps = !kb->caps;
        return false;
    }
    if (ev->code == KEY_ENTER || ev->code == KEY_KPENTER) {
        bool done = kb->used > 0 && !kb->overlong;
        memcpy(kb->line, kb->buf, kb->used);
        kb->len = kb->used;
        kb->used = 0;
        kb->overlong = false;
        return done;
    }
    bool shift = kb->shift_l || kb->shift_r;
    int c = source_key_ascii(ev->code, shift);
    if (c >= 'a' && c <= 'z' && kb->caps)
        c = c - 'a' + 'A';
    else if (c >= 'A' && c <= 'Z' && kb->caps)
        c = c - 'A' + 'a';
    if (!c)
        return false;
    if (kb->used + 1 >= sizeof(kb->buf))
        kb->overlong = true;
    else
        kb->buf[kb->used++] = (char)c;
    return false;
}

static int kb_next(source *src, int timeout_ms, struct source_item *out,
                   struct ck_error *err)
{
    struct keyboard *kb = (struct keyboard *)src;
    for (;;) {
        while (kb->evdev && kb->iev < kb->nev)
            if (key_event(kb, &kb->ev[kb->iev++])) {
                out->kind = SOURCE_CODE;
                out->code = kb->line;
                out->len = kb->len;
                out->t_ms = util_mono_ms() - kb->start_ms;
                return CK_OK;
            }
        if (!kb->evdev && take_line(kb)) {
            if (kb->len == 0)
                continue; /* an empty line is no code */
            out->kind = SOURCE_CODE;
            out->code = kb->line;
            out->len = kb->len;
            out->t_ms = util_mono_ms() - kb->start_ms;
            return CK_OK;
        }
        if (kb->eof) {
            out->kind = SOURCE_END;
            return CK_OK;
        }
        struct pollfd p = {kb->fd, POLLIN, 0};
        int r = poll(&p, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return kb->path ? ck_fail(err, CK_EIO, "Waiting for %s failed: %s.",
                                      kb->path, strerror(errno))
                            : ck_fail(err, CK_EIO,
                                      "Waiting for standard input failed: %s.",
                                      strerror(errno));
        if (r == 0) {
            out->kind = SOURCE_IDLE;
            out->t_ms = util_mono_ms() - kb->start_ms;
            return CK_OK;
        }
        if (kb->evdev) {
            ssize_t n = read(kb->fd, kb->ev, sizeof(kb->ev));
            if (n < 0 && (errno == EINTR || errno == EAGAIN))
                continue;
            if (n < 0)
                return ck_fail(err, CK_EDEVICE,
                               "The scanner %s went away (%s); plug it in "
                               "again and restart the station.",
                               kb->path, strerror(errno));
            if (n == 0)
                kb->eof = true;
            kb->nev = (size_t)n / sizeof(kb->ev[0]);
            kb->iev = 0;
            continue;
        }
        if (kb->used >= sizeof(kb->buf) - 1) {
            kb->used = 0; /* a line longer than any code: drop it */
        }
        ssize_t n =
            read(kb->fd, kb->buf + kb->used, sizeof(kb->buf) - 1 - kb->used);
        if (n < 0 && (errno == EINTR || errno == EAGAIN))
            continue;
        if (n < 0)
            return kb->path ? ck_fail(err, CK_EIO, "Reading %s failed: %s.",
                                      kb->path, strerror(errno))
                            : ck_fail(err, CK_EIO,
                                      "Reading standard input failed: %s.",
                                      strerror(errno));
        if (n == 0) {
            kb->eof = true;
            if (kb->used) { /* a last code without Enter */
                kb->buf[kb->used++] = '\n';
            }
            continue;
        }
        kb->used += (size_t)n;
    }
}

static void kb_free(source *src)
{
    struct keyboard *kb = (struct keyboard *)src;
    if (kb->grabbed)
        ioctl(kb->fd, EVIOCGRAB, 0);
    if (kb->own && kb->fd >= 0)
        close(kb->fd);
    free(kb);
}

/* Lines and key events are taken whole by kb_next before it says
 * SOURCE_IDLE, so a readable fd is all that can bring more. */
static int kb_fd(source *src)
{
    struct keyboard *kb = (struct keyboard *)src;
    return kb->eof ? -1 : kb->fd;
}

static const struct source_ops KB_OPS = {kb_next, kb_free, NULL, kb_fd};

int source_open_keyboard(const char *path, source **out, struct ck_error *err)
{
    *out = NULL;
    struct keyboard *kb = calloc(1, sizeof(*kb));
    if (!kb)
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    kb->base.ops = &KB_OPS;
    kb->start_ms = util_mono_ms();
    if (!path || !strcmp(path, "-")) {
        kb->fd = 0;
        kb->path = NULL; /* standard input, said in a sentence of its own */
        *out = &kb->base;
        return CK_OK;
    }
    kb->path = path;
    kb->own = true;
    kb->evdev = true;
    kb->fd = open(path, O_RDONLY | O_CLOEXEC);
    if (kb->fd < 0) {
        int e = errno;
        free(kb);
        if (e == EACCES)
            return ck_fail(err, CK_EDEVICE,
                           "Cannot open the scanner %s: %s; add this user to "
                           "the 'input' group or install config/udev rules.",
                           path, strerror(e));
        return ck_fail(err, e == ENOENT ? CK_ENOTFOUND : CK_EDEVICE,
                       "Cannot open the scanner %s: %s.", path, strerror(e));
    }
    struct stat sb;
    if (fstat(kb->fd, &sb) == 0 && S_ISCHR(sb.st_mode)) {
        if (ioctl(kb->fd, EVIOCGRAB, 1) != 0) {
            int e = errno;
            kb_free(&kb->base);
            return ck_fail(err, CK_EBUSY,
                           "Cannot take the scanner %s for this station (%s); "
                           "another program holds it.",
                           path, strerror(e));
        }
        kb->grabbed = true;
    }
    *out = &kb->base;
    return CK_OK;
}
