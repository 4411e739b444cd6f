/* What the file and TCP transports share: writing a whole job to a
 * non-blocking descriptor within a deadline.  Private to printer/. */
#ifndef CHECKIN_TRANSPORT_FD_H
#define CHECKIN_TRANSPORT_FD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Write `len` bytes to `fd` (with send() and MSG_NOSIGNAL when `socket`,
 * so that a closed peer is EPIPE rather than a signal), polling while the
 * descriptor is full, for at most `timeout_ms` in all.  Returns 0,
 * ETIMEDOUT, or the errno of the write that failed (EPIPE for one that
 * took nothing); *done is how many bytes were taken. */
int transport_write_fd(int fd, bool socket, const uint8_t *data, size_t len,
                       int timeout_ms, size_t *done);

#endif
