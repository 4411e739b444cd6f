/* The file transport: printer bytes to a file or a device node
 * (/dev/usb/lp0, a FIFO).  Write only: no status comes back this way, so
 * model and media come from the options.  Writes to device nodes wait at
 * most the timeout (non-blocking descriptor and poll). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "checkin/transport.h"
#include "transport_fd.h"

struct file_transport {
    struct transport base;
    int fd;
    char path[4096];
};

static int file_write(struct transport *t, const uint8_t *data, size_t len,
                      int timeout_ms, struct ck_error *err)
{
    struct file_transport *f = (struct file_transport *)t;
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
                       "%s went away while printing. Plug the printer in and "
                       "press Enter.",
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

static const struct transport_ops FILE_OPS = {file_write, NULL, file_close};

int transport_file_open(const char *path, struct transport **out,
                        struct ck_error *err)
{
    *out = NULL;
    struct stat st;
    bool exists = stat(path, &st) == 0;
    /* Regular files are (re)written; device nodes and FIFOs are opened as
     * they are, without waiting for a reader or a ready device. */
    int flags = O_WRONLY | O_CLOEXEC | O_NOCTTY;
    if (!exists || S_ISREG(st.st_mode))
        flags |= O_CREAT | O_TRUNC;
    else
        flags |= O_NONBLOCK;
    int fd = open(path, flags, 0644);
    if (fd < 0) {
        int e = errno;
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
        return ck_fail(err, e == ENOENT ? CK_ENOTFOUND : CK_EIO,
                       "Cannot open %s: %s.", path, strerror(e));
    }
    struct file_transport *f = calloc(1, sizeof(*f));
    if (!f) {
        close(fd);
        return ck_fail(err, CK_ENOMEM, "Out of memory.");
    }
    f->fd = fd;
    snprintf(f->path, sizeof(f->path), "%s", path);
    f->base.ops = &FILE_OPS;
    f->base.kind = TRANSPORT_FILE;
    snprintf(f->base.where, sizeof(f->base.where), "file %s", path);
    snprintf(f->base.desc, sizeof(f->base.desc), "%s", f->base.where);
    *out = &f->base;
    return CK_OK;
}
