/* Certificates for the tests' HTTPS servers, made here with GnuTLS (the
 * library libmicrohttpd serves TLS with): a fresh ECDSA P-256 key and a
 * self-signed certificate for the address 127.0.0.1 (and a DNS name when
 * given), valid from an hour
 * ago for a day, written as PEM, and the SHA-256 of its public key
 * (SubjectPublicKeyInfo) in base64, which Chromium's
 * --ignore-certificate-errors-spki-list takes to trust it. */
#ifndef CHECKIN_TEST_TLSCERT_H
#define CHECKIN_TEST_TLSCERT_H

#include <stdbool.h>
#include <stddef.h>

/* Write the certificate to `cert` and its key to `key` (mode 0600);
 * `spki` gets the hash (base64, 45 bytes with its NUL).  `expired`: valid
 * for a day that ended an hour ago instead.  False after reporting a
 * failure. */
bool tlscert_make(const char *cert, const char *key, const char *dns,
                  bool expired, char *spki, size_t cap);

/* tlscert_make into tu_path("NAME.crt") and tu_path("NAME.key"), their
 * paths written to `cert` and `key` (TLSCERT_PATH bytes each); `spki`
 * (45 bytes) may be NULL.  False after reporting a failure. */
enum { TLSCERT_PATH = 512 };
bool tlscert_named(const char *name, const char *dns, bool expired, char *cert,
                   char *key, char *spki);

/* Only a key, for a certificate it does not belong to (mode 0600);
 * `passphrase` (may be NULL) encrypts it (PKCS #8, PBES2 AES-256). */
bool tlscert_make_key(const char *key, const char *passphrase);

#endif
