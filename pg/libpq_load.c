/* libpq, loaded at the first call of one of its functions
 * (checkin/dynlib.h): the functions checkin and its tests call, each a
 * forwarder to libpq's own.  A call of a function not listed here does
 * not link: add its line, as libpq-fe.h declares it (the compiler checks
 * the two agree). */
#include <libpq-events.h>
#include <libpq-fe.h>

#include "checkin/dynlib.h"

/* The functions, as checkin/dynlib.h lists them. */
#define LIBPQ_FUNCTIONS(F, V, X)                                               \
    F(int, PQbackendPID, (const PGconn *conn), (conn))                         \
    V(PQclear, (PGresult * res), (res))                                        \
    F(char *, PQcmdTuples, (PGresult * res), (res))                            \
    F(PostgresPollingStatusType, PQconnectPoll, (PGconn * conn), (conn))       \
    F(PGconn *, PQconnectStartParams,                                          \
      (const char *const *keywords, const char *const *values,                 \
       int expand_dbname),                                                     \
      (keywords, values, expand_dbname))                                       \
    F(PGconn *, PQconnectdb, (const char *conninfo), (conninfo))               \
    V(PQconninfoFree, (PQconninfoOption * connOptions), (connOptions))         \
    F(PQconninfoOption *, PQconninfoParse,                                     \
      (const char *conninfo, char **errmsg), (conninfo, errmsg))               \
    F(int, PQconsumeInput, (PGconn * conn), (conn))                            \
    F(char *, PQdb, (const PGconn *conn), (conn))                              \
    F(char *, PQencryptPasswordConn,                                           \
      (PGconn * conn, const char *passwd, const char *user,                    \
       const char *algorithm),                                                 \
      (conn, passwd, user, algorithm))                                         \
    F(int, PQenterPipelineMode, (PGconn * conn), (conn))                       \
    F(char *, PQerrorMessage, (const PGconn *conn), (conn))                    \
    F(char *, PQescapeIdentifier,                                              \
      (PGconn * conn, const char *str, size_t len), (conn, str, len))          \
    F(char *, PQescapeLiteral, (PGconn * conn, const char *str, size_t len),   \
      (conn, str, len))                                                        \
    F(PGresult *, PQexec, (PGconn * conn, const char *query), (conn, query))   \
    F(PGresult *, PQexecParams,                                                \
      (PGconn * conn, const char *command, int nParams, const Oid *paramTypes, \
       const char *const *paramValues, const int *paramLengths,                \
       const int *paramFormats, int resultFormat),                             \
      (conn, command, nParams, paramTypes, paramValues, paramLengths,          \
       paramFormats, resultFormat))                                            \
    F(int, PQexitPipelineMode, (PGconn * conn), (conn))                        \
    V(PQfinish, (PGconn * conn), (conn))                                       \
    F(int, PQflush, (PGconn * conn), (conn))                                   \
    V(PQfreemem, (void *ptr), (ptr))                                           \
    F(int, PQgetCopyData, (PGconn * conn, char **buffer, int async),           \
      (conn, buffer, async))                                                   \
    F(PGresult *, PQgetResult, (PGconn * conn), (conn))                        \
    F(int, PQgetisnull, (const PGresult *res, int tup_num, int field_num),     \
      (res, tup_num, field_num))                                               \
    F(int, PQgetlength, (const PGresult *res, int tup_num, int field_num),     \
      (res, tup_num, field_num))                                               \
    F(char *, PQgetvalue, (const PGresult *res, int tup_num, int field_num),   \
      (res, tup_num, field_num))                                               \
    F(char *, PQhost, (const PGconn *conn), (conn))                            \
    F(void *, PQinstanceData, (const PGconn *conn, PGEventProc proc),          \
      (conn, proc))                                                            \
    F(int, PQisBusy, (PGconn * conn), (conn))                                  \
    F(int, PQlibVersion, (void), ())                                           \
    F(PGresult *, PQmakeEmptyPGresult, (PGconn * conn, ExecStatusType status), \
      (conn, status))                                                          \
    F(int, PQnfields, (const PGresult *res), (res))                            \
    F(PGnotify *, PQnotifies, (PGconn * conn), (conn))                         \
    F(int, PQntuples, (const PGresult *res), (res))                            \
    F(PGPing, PQping, (const char *conninfo), (conninfo))                      \
    F(int, PQpipelineSync, (PGconn * conn), (conn))                            \
    F(char *, PQport, (const PGconn *conn), (conn))                            \
    F(int, PQputCopyData, (PGconn * conn, const char *buffer, int nbytes),     \
      (conn, buffer, nbytes))                                                  \
    F(int, PQputCopyEnd, (PGconn * conn, const char *errormsg),                \
      (conn, errormsg))                                                        \
    F(int, PQregisterEventProc,                                                \
      (PGconn * conn, PGEventProc proc, const char *name, void *passThrough),  \
      (conn, proc, name, passThrough))                                         \
    F(char *, PQresultErrorField, (const PGresult *res, int fieldcode),        \
      (res, fieldcode))                                                        \
    F(char *, PQresultErrorMessage, (const PGresult *res), (res))              \
    F(ExecStatusType, PQresultStatus, (const PGresult *res), (res))            \
    F(int, PQsendPrepare,                                                      \
      (PGconn * conn, const char *stmtName, const char *query, int nParams,    \
       const Oid *paramTypes),                                                 \
      (conn, stmtName, query, nParams, paramTypes))                            \
    F(int, PQsendQuery, (PGconn * conn, const char *query), (conn, query))     \
    F(int, PQsendQueryParams,                                                  \
      (PGconn * conn, const char *command, int nParams, const Oid *paramTypes, \
       const char *const *paramValues, const int *paramLengths,                \
       const int *paramFormats, int resultFormat),                             \
      (conn, command, nParams, paramTypes, paramValues, paramLengths,          \
       paramFormats, resultFormat))                                            \
    F(int, PQsendQueryPrepared,                                                \
      (PGconn * conn, const char *stmtName, int nParams,                       \
       const char *const *paramValues, const int *paramLengths,                \
       const int *paramFormats, int resultFormat),                             \
      (conn, stmtName, nParams, paramValues, paramLengths, paramFormats,       \
       resultFormat))                                                          \
    F(int, PQserverVersion, (const PGconn *conn), (conn))                      \
    F(int, PQsetInstanceData, (PGconn * conn, PGEventProc proc, void *data),   \
      (conn, proc, data))                                                      \
    F(PGVerbosity, PQsetErrorVerbosity,                                        \
      (PGconn * conn, PGVerbosity verbosity), (conn, verbosity))               \
    F(PQnoticeReceiver, PQsetNoticeReceiver,                                   \
      (PGconn * conn, PQnoticeReceiver proc, void *arg), (conn, proc, arg))    \
    F(int, PQsetResultAttrs,                                                   \
      (PGresult * res, int numAttributes, PGresAttDesc *attDescs),             \
      (res, numAttributes, attDescs))                                          \
    F(int, PQsetnonblocking, (PGconn * conn, int arg), (conn, arg))            \
    F(int, PQsetvalue,                                                         \
      (PGresult * res, int tup_num, int field_num, char *value, int len),      \
      (res, tup_num, field_num, value, len))                                   \
    F(int, PQsocket, (const PGconn *conn), (conn))                             \
    F(ConnStatusType, PQstatus, (const PGconn *conn), (conn))                  \
    F(PGTransactionStatusType, PQtransactionStatus, (const PGconn *conn),      \
      (conn))

DYNLIB_TABLE(LIBPQ_FUNCTIONS, CHECKIN_LIBPQ_SONAME, "libpq5")
LIBPQ_FUNCTIONS(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)
