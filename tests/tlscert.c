/* See tlscert.h. */
#include <fcntl.h>
#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "tlscert.h"

static bool write_pem(const char *path, const gnutls_datum_t *d, mode_t mode)
{
    unlink(path);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        return false;
    bool ok = write(fd, d->data, d->size) == (ssize_t)d->size;
    return close(fd) == 0 && ok;
}

static bool new_key(gnutls_x509_privkey_t *key)
{
    return gnutls_x509_privkey_init(key) == 0 &&
           gnutls_x509_privkey_generate(
               *key, GNUTLS_PK_ECDSA,
               GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) == 0;
}

static bool save_key(gnutls_x509_privkey_t key, const char *path,
                     const char *passphrase)
{
    gnutls_datum_t d = {NULL, 0};
    bool ok = gnutls_x509_privkey_export2_pkcs8(
                  key, GNUTLS_X509_FMT_PEM, passphrase,
                  passphrase ? GNUTLS_PKCS_PBES2_AES_256 : GNUTLS_PKCS_PLAIN,
                  &d) == 0 &&
              write_pem(path, &d, 0600);
    gnutls_free(d.data);
    return ok;
}

bool tlscert_make_key(const char *path, const char *passphrase)
{
    gnutls_x509_privkey_t key = NULL;
    bool ok = new_key(&key) && save_key(key, path, passphrase);
    gnutls_x509_privkey_deinit(key);
    if (!ok)
        TU_FAIL_AT("could not make a key at %s", path);
    return ok;
}

bool tlscert_make(const char *cert, const char *keypath, const char *dns,
                  bool expired, char *spki, size_t cap)
{
    gnutls_x509_privkey_t key = NULL;
    gnutls_x509_crt_t crt = NULL;
    gnutls_pubkey_t pub = NULL;
    gnutls_datum_t pem = {NULL, 0}, der = {NULL, 0};
    const unsigned char ip[4] = {127, 0, 0, 1};
    const unsigned char serial[8] = {0x01, 0x23, 0x45, 0x67,
                                     0x89, 0xab, 0xcd, 0xef};
    time_t now = time(NULL);
    time_t from = expired ? now - 25 * 3600 : now - 3600;
    unsigned char hash[32];
    bool ok =
        new_key(&key) && gnutls_x509_crt_init(&crt) == 0 &&
        gnutls_x509_crt_set_version(crt, 3) == 0 &&
        gnutls_x509_crt_set_serial(crt, serial, sizeof(serial)) == 0 &&
        gnutls_x509_crt_set_activation_time(crt, from) == 0 &&
        gnutls_x509_crt_set_expiration_time(crt, from + 24 * 3600) == 0 &&
        gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                      "127.0.0.1", 9) == 0 &&
        gnutls_x509_crt_set_subject_alt_name(
            crt, GNUTLS_SAN_IPADDRESS, ip, sizeof(ip), GNUTLS_FSAN_SET) == 0 &&
        (!dns || gnutls_x509_crt_set_subject_alt_name(
                     crt, GNUTLS_SAN_DNSNAME, dns, (unsigned)strlen(dns),
                     GNUTLS_FSAN_APPEND) == 0) &&
        gnutls_x509_crt_set_key(crt, key) == 0 &&
        gnutls_x509_crt_set_basic_constraints(crt, 0, -1) == 0 &&
        gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE) == 0 &&
        gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0) ==
            0 &&
        gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0) == 0 &&
        gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, &pem) == 0 &&
        write_pem(cert, &pem, 0644) && save_key(key, keypath, NULL) &&
        gnutls_pubkey_init(&pub) == 0 &&
        gnutls_pubkey_import_x509(pub, crt, 0) == 0 &&
        gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der) == 0 &&
        gnutls_hash_fast(GNUTLS_DIG_SHA256, der.data, der.size, hash) == 0 &&
        sodium_init() >= 0 &&
        cap >= sodium_base64_ENCODED_LEN(sizeof(hash),
                                         sodium_base64_VARIANT_ORIGINAL);
    if (ok)
        sodium_bin2base64(spki, cap, hash, sizeof(hash),
                          sodium_base64_VARIANT_ORIGINAL);
    gnutls_free(der.data);
    gnutls_free(pem.data);
    gnutls_pubkey_deinit(pub);
    gnutls_x509_crt_deinit(crt);
    gnutls_x509_privkey_deinit(key);
    if (!ok)
        TU_FAIL_AT("could not make a certificate at %s", cert);
    return ok;
}

bool tlscert_named(const char *name, const char *dns, bool expired, char *cert,
                   char *key, char *spki)
{
    char file[TLSCERT_PATH], hash[64];
    snprintf(file, sizeof(file), "%s.crt", name);
    snprintf(cert, TLSCERT_PATH, "%s", tu_path(file));
    snprintf(file, sizeof(file), "%s.key", name);
    snprintf(key, TLSCERT_PATH, "%s", tu_path(file));
    return tlscert_make(cert, key, dns, expired, spki ? spki : hash,
                        spki ? 45 : sizeof(hash));
}
