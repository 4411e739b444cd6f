/* The file transport: printer bytes to a file or a device node
 * (/dev/usb/lp0, a FIFO).  Write only: no status comes back this way, so
 * model and media come from the options.  Writes to device nodes wait at
 * most the timeout (non-blocking descriptor and poll).  It never destroys
 * a file: an existing regular file is rewritten only when it is empty or
 * holds earlier printer output, and only once the first label goes out;
 * symbolic links are refused (docs/transports.md, "File printers"). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/driver.h"
#include "checkin/transport.h"
#include "transport_fd.h"

struct file_transport {
    struct transport base;
    int fd;
    bool truncate; /* earlier printer output, emptied at the first write */
    char path[4096];
};

/* How much of a file is read to recognise a printer stream: more than the
 * longest fixed opening of any driver (QL: 400 NULs and ESC @). */
#define HEAD_BYTES 512

/* Whether the regular file open in `fd` is empty or holds what a file
 * printer wrote: a stream one of checkin's drivers encodes. */
static bool printer_output(int fd)
{
    uint8_t head[HEAD_BYTES];
    ssize_t n;
    do
        n = pread(fd, head, sizeof(head), 0);
    while (n < 0 && errno == EINTR);
    return n == 0 || (n > 0 && driver_stream_head(head, (size_t)n));
}

static int file_write(struct transport *t, const uint8_t *data, size_t len,
                      int timeout_ms, struct ck_error *err)
{
    struct file_transport *f = (struct file_transport *)t;
    if (f->truncate) {
        /* Checked again: the file is emptied only if it still holds
         * printer output. */
        if (!printer_output(f->fd)) {
            t->fault = TRANSPORT_FAULT_IO;
            return ck_fail(err, CK_EINVAL,
                           "%s no longer holds printer output, so it is "
                           "left as it is; give a new file name.",
                           f->path);
        }
        if (ftruncate(f->fd, 0) != 0) {
            t->fault = TRANSPORT_FAULT_IO;
            return ck_fail(err, CK_EIO, "Cannot empty %s: %s.", f->path,
                           strerror(errno));
        }
        f->truncate = false;
    }
    size_t done;
    int e = transport_write_fd(f->fd, false, data, len, timeout_ms, &done);
    if (!e)
        return CK_OK;
    if (e == ETIMEDOUT) {
        t->fault = TRANSPORT_FAULT_TIMEOUT;
        return ck_fail(err, CK_EDEVICE,
                       "%s took only %zu of %zu bytes in %d ms; check that "
                       "the printer is on and ready.",
                       t->desc, done, len, timeout_ms);
    }
    if (e == ENODEV || e == ENXIO || e == EPIPE) {
        t->fault = TRANSPORT_FAULT_GONE;
        return ck_fail(err, CK_EDEVICE,
                       "%s went away while printing. Plug the printer in.",
                       t->desc);
    }
    t->fault = TRANSPORT_FAULT_IO;
    return ck_fail(err, e == ENOSPC ? CK_EFULL : CK_EIO,
                   "Writing to %s failed: %s.", t->desc, strerror(e));
}

static void file_close(struct transport *t)
{
    struct file_transport *f = (struct file_transport *)t;
    if (f->fd >= 0)
        close(f->fd);
    free(f);
}

static int refuse_link(const char *path, struct ck_error *err)
{
    return ck_fail(err, CK_EINVAL,
                   "%s is a symbolic link, and a file printer never writes "
                   "through one; give the path of the file or device itself.",
                   path);
}

static const struct transport_ops FILE_OPS = {file_write, NULL, file_close};

static int open_failed(const char *path, int e, struct ck_error *err)
{
    if (e == ENXIO || e == ENODEV)
        return ck_fail(err, CK_EDEVICE,
                       "%s has no printer behind it; plug the printer in "
                       "and switch it on.",
                       path);
    if (e == EACCES || e == EPERM)
        return ck_fail(err, CK_EDEVICE,
                       "Cannot open %s: permission denied; for a printer "
                       "device, install the udev rules "
                       "(docs/transports.md).",
                       path);
    if (e == ELOOP)
        return refuse_link(path, err);
    return ck_fail(err, e == ENOENT ? CK_ENOTFOUND : CK_EIO,
                   "Cannot open %s: %s.", path, strerror(e));
}

/* Open `path` as a printer: a new file (created 0600: labels carry
 * names), a FIFO, a character device, or a regular file that is empty or
 * holds earlier printer output.  Never a symbolic link, and never
 * anything else: nothing is written or truncated here. */
static int open_target(const char *path, int *fd_out, bool *truncate,
                       struct ck_error *err)
{
    *truncate = false;
    int fd = open(
        path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
        0600);
    if (fd >= 0) {
        /* The umask may take bits away, never add them; make it exact. */
        if (fchmod(fd, 0600) != 0) {
            int e = errno;
            close(fd);
            unlink(path);
            return open_failed(path, e, err);
        }
        *fd_out = fd;
        return CK_OK;
    }
    if (errno != EEXIST)
        return open_failed(path, errno, err);
    struct stat st;
    if (lstat(path, &st) != 0)
        return open_failed(path, errno, err);
    if (S_ISLNK(st.st_mode))
        return refuse_link(path, err);
    bool reg = S_ISREG(st.st_mode);
    if (!reg && !S_ISFIFO(st.st_mode) && !S_ISCHR(st.st_mode))
        return ck_fail(err, CK_EINVAL,
                       "%s is not a file, a FIFO or a printer device; give "
                       "one of those.",
                       path);
    /* Device nodes and FIFOs are opened as they are, without waiting for a
     * reader or a ready device; regular files also for reading, to look at
     * what they hold. */
    fd = open(path, (reg ? O_RDWR : O_WRONLY | O_NONBLOCK) | O_NOFOLLOW |
                        O_CLOEXEC | O_NOCTTY);
    if (fd < 0)
        return open_failed(path, errno, err);
    struct stat now;
    if (fstat(fd, &now) != 0 || now.st_dev != st.st_dev ||
        now.st_ino != st.st_ino) {
        close(fd);
        return ck_fail(err, CK_EIO,
                       "%s changed while it was being opened; try again.",
                       path);
    }
    if (reg && !printer_output(fd)) {
        close(fd);
        return ck_fail(err, CK_EINVAL,
                       "%s already holds something other than label printer "
                       "output (a database, a key or another file), and a "
                       "file printer never overwrites that; give a new file "
                       "name or the printer device.",
                       path);
    }
    *truncate = reg && now.st_size > 0;
    *fd_out = fd;
    return CK_OK;
}

int transport_file_open(const char *path, struct transport **out,
                        struct ck_error *err)
{
    *out = NULL;
    int fd;
    bool truncate;
    int code = open_target(path, &fd, &truncate, err);
    if (code)
        return code;
    struct file_transport *f = calloc(1, sizeof(*f));
    if (!f) {
        close(fd);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    f->fd = fd;
    f->truncate = truncate;
    snprintf(f->path, sizeof(f->path), "%s", path);
    f->base.ops = &FILE_OPS;
    f->base.kind = TRANSPORT_FILE;
    snprintf(f->base.where, sizeof(f->base.where), "file %s", path);
    snprintf(f->base.desc, sizeof(f->base.desc), "%s", f->base.where);
    *out = &f->base;
    return CK_OK;
}
