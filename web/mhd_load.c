/* libmicrohttpd, loaded at the first call of one of its functions
 * (checkin/dynlib.h): only a station's web screen, the dashboard and
 * the join server serve HTTP, not an import, a report or a desk on its
 * terminal.  The functions checkin calls, each a forwarder to the
 * library's own; a call of a function not listed here does not link:
 * add its line as microhttpd.h declares it (the compiler checks the two
 * agree).  The three that take "..." are written out below the list. */
#include <microhttpd.h>
#include <stdarg.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

#include "checkin/dynlib.h"

/* The functions, as checkin/dynlib.h lists them. */
#define MHD_FUNCTIONS(F, V, X)                                                 \
    F(enum MHD_Result, MHD_add_response_header,                                \
      (struct MHD_Response * response, const char *header,                     \
       const char *content),                                                   \
      (response, header, content))                                             \
    F(struct MHD_Response *, MHD_create_response_from_buffer,                  \
      (size_t size, void *buffer, enum MHD_ResponseMemoryMode mode),           \
      (size, buffer, mode))                                                    \
    F(struct MHD_Response *, MHD_create_response_from_callback,                \
      (uint64_t size, size_t block_size, MHD_ContentReaderCallback crc,        \
       void *crc_cls, MHD_ContentReaderFreeCallback crfc),                     \
      (size, block_size, crc, crc_cls, crfc))                                  \
    F(struct MHD_Response *, MHD_create_response_from_fd,                      \
      (size_t size, int fd), (size, fd))                                       \
    V(MHD_destroy_response, (struct MHD_Response * response), (response))      \
    F(enum MHD_Result, MHD_is_feature_supported, (enum MHD_FEATURE feature),   \
      (feature))                                                               \
    F(const char *, MHD_lookup_connection_value,                               \
      (struct MHD_Connection * connection, enum MHD_ValueKind kind,            \
       const char *key),                                                       \
      (connection, kind, key))                                                 \
    F(enum MHD_Result, MHD_queue_response,                                     \
      (struct MHD_Connection * connection, unsigned int status_code,           \
       struct MHD_Response *response),                                         \
      (connection, status_code, response))                                     \
    V(MHD_stop_daemon, (struct MHD_Daemon * daemon), (daemon))                 \
    F(struct MHD_Daemon *, MHD_start_daemon_va,                                \
      (unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc,        \
       void *apc_cls, MHD_AccessHandlerCallback dh, void *dh_cls, va_list ap), \
      (flags, port, apc, apc_cls, dh, dh_cls, ap))                             \
    X(MHD_get_connection_info)                                                 \
    X(MHD_get_daemon_info)

DYNLIB_TABLE(MHD_FUNCTIONS, CHECKIN_MHD_SONAME, "libmicrohttpd12")
MHD_FUNCTIONS(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)

/* libmicrohttpd 0.9's info calls read nothing after their second
 * argument (the "..." is kept for later versions), so none is passed. */
const union MHD_ConnectionInfo *
MHD_get_connection_info(struct MHD_Connection *connection,
                        enum MHD_ConnectionInfoType info_type, ...)
{
    DYNLIB_LOAD();
    return (
        (const union MHD_ConnectionInfo *(*)(struct MHD_Connection *,
                                             enum MHD_ConnectionInfoType, ...))
            DYNLIB_FN(MHD_get_connection_info))(connection, info_type);
}

const union MHD_DaemonInfo *MHD_get_daemon_info(struct MHD_Daemon *daemon,
                                                enum MHD_DaemonInfoType type,
                                                ...)
{
    DYNLIB_LOAD();
    return ((const union MHD_DaemonInfo *(*)(struct MHD_Daemon *,
                                             enum MHD_DaemonInfoType, ...))
                DYNLIB_FN(MHD_get_daemon_info))(daemon, type);
}

/* The options after dh_cls, handed on as the va_list MHD_start_daemon_va
 * takes. */
struct MHD_Daemon *MHD_start_daemon(unsigned int flags, uint16_t port,
                                    MHD_AcceptPolicyCallback apc, void *apc_cls,
                                    MHD_AccessHandlerCallback dh, void *dh_cls,
                                    ...)
{
    va_list ap;
    va_start(ap, dh_cls);
    struct MHD_Daemon *d =
        MHD_start_daemon_va(flags, port, apc, apc_cls, dh, dh_cls, ap);
    va_end(ap);
    return d;
}
