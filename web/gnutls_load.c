/* GnuTLS, loaded at the first call of one of its functions
 * (checkin/dynlib.h): only the web servers' HTTPS, a join's fetch and
 * the certificates' checks use it.  The functions checkin and its tests
 * call, each a forwarder to the library's own; a call of a function not
 * listed here does not link: add its line as GnuTLS's headers declare
 * it (the compiler checks the two agree).  gnutls_free, a variable
 * holding GnuTLS's deallocator, is defined below the list. */
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>

#include "checkin/dynlib.h"

/* The functions, as checkin/dynlib.h lists them. */
#define GNUTLS_FUNCTIONS(F, V, X)                                              \
    F(int, gnutls_bye, (gnutls_session_t session, gnutls_close_request_t how), \
      (session, how))                                                          \
    F(int, gnutls_certificate_allocate_credentials,                            \
      (gnutls_certificate_credentials_t * res), (res))                         \
    V(gnutls_certificate_free_credentials,                                     \
      (gnutls_certificate_credentials_t sc), (sc))                             \
    F(const gnutls_datum_t *, gnutls_certificate_get_peers,                    \
      (gnutls_session_t session, unsigned int *list_size),                     \
      (session, list_size))                                                    \
    F(int, gnutls_credentials_set,                                             \
      (gnutls_session_t session, gnutls_credentials_type_t type, void *cred),  \
      (session, type, cred))                                                   \
    V(gnutls_deinit, (gnutls_session_t session), (session))                    \
    F(int, gnutls_error_is_fatal, (int error), (error))                        \
    F(int, gnutls_handshake, (gnutls_session_t session), (session))            \
    V(gnutls_handshake_set_timeout,                                            \
      (gnutls_session_t session, unsigned int ms), (session, ms))              \
    F(int, gnutls_hash_fast,                                                   \
      (gnutls_digest_algorithm_t algorithm, const void *text, size_t textlen,  \
       void *digest),                                                          \
      (algorithm, text, textlen, digest))                                      \
    F(int, gnutls_init, (gnutls_session_t * session, unsigned int flags),      \
      (session, flags))                                                        \
    V(gnutls_pcert_deinit, (gnutls_pcert_st * pcert), (pcert))                 \
    F(int, gnutls_pcert_list_import_x509_raw,                                  \
      (gnutls_pcert_st * pcerts, unsigned int *pcert_max,                      \
       const gnutls_datum_t *data, gnutls_x509_crt_fmt_t format,               \
       unsigned int flags),                                                    \
      (pcerts, pcert_max, data, format, flags))                                \
    V(gnutls_privkey_deinit, (gnutls_privkey_t key), (key))                    \
    F(int, gnutls_privkey_import_x509_raw,                                     \
      (gnutls_privkey_t pkey, const gnutls_datum_t *data,                      \
       gnutls_x509_crt_fmt_t format, const char *password,                     \
       unsigned int flags),                                                    \
      (pkey, data, format, password, flags))                                   \
    F(int, gnutls_privkey_init, (gnutls_privkey_t * key), (key))               \
    V(gnutls_pubkey_deinit, (gnutls_pubkey_t key), (key))                      \
    F(int, gnutls_pubkey_export2,                                              \
      (gnutls_pubkey_t key, gnutls_x509_crt_fmt_t format,                      \
       gnutls_datum_t * out),                                                  \
      (key, format, out))                                                      \
    F(int, gnutls_pubkey_import_x509,                                          \
      (gnutls_pubkey_t key, gnutls_x509_crt_t crt, unsigned int flags),        \
      (key, crt, flags))                                                       \
    F(int, gnutls_pubkey_init, (gnutls_pubkey_t * key), (key))                 \
    F(ssize_t, gnutls_record_recv,                                             \
      (gnutls_session_t session, void *data, size_t data_size),                \
      (session, data, data_size))                                              \
    F(ssize_t, gnutls_record_send,                                             \
      (gnutls_session_t session, const void *data, size_t data_size),          \
      (session, data, data_size))                                              \
    F(int, gnutls_set_default_priority, (gnutls_session_t session), (session)) \
    F(const char *, gnutls_strerror, (int error), (error))                     \
    F(int, gnutls_transport_get_int, (gnutls_session_t session), (session))    \
    V(gnutls_transport_set_int2, (gnutls_session_t session, int r, int s),     \
      (session, r, s))                                                         \
    V(gnutls_x509_crt_deinit, (gnutls_x509_crt_t cert), (cert))                \
    F(int, gnutls_x509_crt_export2,                                            \
      (gnutls_x509_crt_t cert, gnutls_x509_crt_fmt_t format,                   \
       gnutls_datum_t * out),                                                  \
      (cert, format, out))                                                     \
    F(time_t, gnutls_x509_crt_get_expiration_time, (gnutls_x509_crt_t cert),   \
      (cert))                                                                  \
    F(int, gnutls_x509_crt_get_fingerprint,                                    \
      (gnutls_x509_crt_t cert, gnutls_digest_algorithm_t algo, void *buf,      \
       size_t *buf_size),                                                      \
      (cert, algo, buf, buf_size))                                             \
    F(int, gnutls_x509_crt_get_key_id,                                         \
      (gnutls_x509_crt_t crt, unsigned int flags, unsigned char *output_data,  \
       size_t *output_data_size),                                              \
      (crt, flags, output_data, output_data_size))                             \
    F(int, gnutls_x509_crt_get_subject_alt_name,                               \
      (gnutls_x509_crt_t cert, unsigned int seq, void *san, size_t *san_size,  \
       unsigned int *critical),                                                \
      (cert, seq, san, san_size, critical))                                    \
    F(int, gnutls_x509_crt_import,                                             \
      (gnutls_x509_crt_t cert, const gnutls_datum_t *data,                     \
       gnutls_x509_crt_fmt_t format),                                          \
      (cert, data, format))                                                    \
    F(int, gnutls_x509_crt_init, (gnutls_x509_crt_t * cert), (cert))           \
    F(int, gnutls_x509_crt_list_import,                                        \
      (gnutls_x509_crt_t * certs, unsigned int *cert_max,                      \
       const gnutls_datum_t *data, gnutls_x509_crt_fmt_t format,               \
       unsigned int flags),                                                    \
      (certs, cert_max, data, format, flags))                                  \
    F(int, gnutls_x509_crt_set_activation_time,                                \
      (gnutls_x509_crt_t cert, time_t act_time), (cert, act_time))             \
    F(int, gnutls_x509_crt_set_basic_constraints,                              \
      (gnutls_x509_crt_t crt, unsigned int ca, int pathLenConstraint),         \
      (crt, ca, pathLenConstraint))                                            \
    F(int, gnutls_x509_crt_set_dn_by_oid,                                      \
      (gnutls_x509_crt_t crt, const char *oid, unsigned int raw_flag,          \
       const void *name, unsigned int sizeof_name),                            \
      (crt, oid, raw_flag, name, sizeof_name))                                 \
    F(int, gnutls_x509_crt_set_expiration_time,                                \
      (gnutls_x509_crt_t cert, time_t exp_time), (cert, exp_time))             \
    F(int, gnutls_x509_crt_set_key,                                            \
      (gnutls_x509_crt_t crt, gnutls_x509_privkey_t key), (crt, key))          \
    F(int, gnutls_x509_crt_set_key_purpose_oid,                                \
      (gnutls_x509_crt_t cert, const void *oid, unsigned int critical),        \
      (cert, oid, critical))                                                   \
    F(int, gnutls_x509_crt_set_key_usage,                                      \
      (gnutls_x509_crt_t crt, unsigned int usage), (crt, usage))               \
    F(int, gnutls_x509_crt_set_serial,                                         \
      (gnutls_x509_crt_t cert, const void *serial, size_t serial_size),        \
      (cert, serial, serial_size))                                             \
    F(int, gnutls_x509_crt_set_subject_alt_name,                               \
      (gnutls_x509_crt_t crt, gnutls_x509_subject_alt_name_t type,             \
       const void *data, unsigned int data_size, unsigned int flags),          \
      (crt, type, data, data_size, flags))                                     \
    F(int, gnutls_x509_crt_set_version,                                        \
      (gnutls_x509_crt_t crt, unsigned int version), (crt, version))           \
    F(int, gnutls_x509_crt_sign2,                                              \
      (gnutls_x509_crt_t crt, gnutls_x509_crt_t issuer,                        \
       gnutls_x509_privkey_t issuer_key, gnutls_digest_algorithm_t dig,        \
       unsigned int flags),                                                    \
      (crt, issuer, issuer_key, dig, flags))                                   \
    V(gnutls_x509_privkey_deinit, (gnutls_x509_privkey_t key), (key))          \
    F(int, gnutls_x509_privkey_export2_pkcs8,                                  \
      (gnutls_x509_privkey_t key, gnutls_x509_crt_fmt_t format,                \
       const char *password, unsigned int flags, gnutls_datum_t *out),         \
      (key, format, password, flags, out))                                     \
    F(int, gnutls_x509_privkey_generate,                                       \
      (gnutls_x509_privkey_t key, gnutls_pk_algorithm_t algo,                  \
       unsigned int bits, unsigned int flags),                                 \
      (key, algo, bits, flags))                                                \
    F(int, gnutls_x509_privkey_get_key_id,                                     \
      (gnutls_x509_privkey_t key, unsigned int flags,                          \
       unsigned char *output_data, size_t *output_data_size),                  \
      (key, flags, output_data, output_data_size))                             \
    F(int, gnutls_x509_privkey_import2,                                        \
      (gnutls_x509_privkey_t key, const gnutls_datum_t *data,                  \
       gnutls_x509_crt_fmt_t format, const char *password,                     \
       unsigned int flags),                                                    \
      (key, data, format, password, flags))                                    \
    F(int, gnutls_x509_privkey_init, (gnutls_x509_privkey_t * key), (key))     \
    X(gnutls_free)

DYNLIB_TABLE(GNUTLS_FUNCTIONS, CHECKIN_GNUTLS_SONAME, "libgnutls30")
GNUTLS_FUNCTIONS(DYNLIB_FORWARD_F, DYNLIB_FORWARD_V, DYNLIB_FORWARD_X)

/* GnuTLS's deallocator, called through the variable gnutls_free (the
 * header's macro): this file's stands in for the library's and calls
 * what the library's holds. */
static void free_forward(void *ptr)
{
    DYNLIB_LOAD();
    gnutls_free_function *var;
    memcpy(&var, &DYNLIB_FN(gnutls_free), sizeof(var));
    (*var)(ptr);
}

gnutls_free_function gnutls_free = free_forward;
