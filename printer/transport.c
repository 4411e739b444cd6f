/* Printer URIs and the transport dispatch: parses usb:, file: and tcp:
 * URIs and hands them to the matching transport (transport_usb.c,
 * transport_file.c, transport_tcp.c).  Knows nothing about printer
 * languages. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/transport.h"

/* untranslated: the forms a printer's URI is written in, the same in
 * every language; the sentences naming them are ck_fail formats. */
#define URI_FORMS "usb:, usb:VID:PID[:SERIAL], file:PATH or tcp:HOST[:PORT]"

/* Exactly four hex digits. */
static int parse_hex16(const char *s, size_t n, uint16_t *out)
{
    if (n != 4)
        return -1;
    unsigned v = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        unsigned d;
        if (c >= '0' && c <= '9')
            d = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            d = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            d = (unsigned)(c - 'A' + 10);
        else
            return -1;
        v = v * 16 + d;
    }
    *out = (uint16_t)v;
    return 0;
}

static int parse_usb(const char *rest, struct transport_uri *out,
                     struct ck_error *err)
{
    if (!*rest)
        return CK_OK; /* the first supported printer */
    const char *colon = strchr(rest, ':');
    if (!colon || parse_hex16(rest, (size_t)(colon - rest), &out->usb_vendor))
        goto bad;
    const char *pid = colon + 1;
    const char *colon2 = strchr(pid, ':');
    size_t pid_len = colon2 ? (size_t)(colon2 - pid) : strlen(pid);
    if (parse_hex16(pid, pid_len, &out->usb_product))
        goto bad;
    if (colon2) {
        const char *serial = colon2 + 1;
        size_t n = strlen(serial);
        if (n == 0 || n >= sizeof(out->usb_serial))
            goto bad;
        for (size_t i = 0; i < n; i++)
            if ((unsigned char)serial[i] < 0x20 || serial[i] == 0x7f)
                goto bad;
        memcpy(out->usb_serial, serial, n + 1);
    }
    if (out->usb_vendor == 0 && out->usb_product == 0)
        goto bad;
    return CK_OK;
bad:
    return ck_fail(err, CK_EINVAL,
                   "'usb:%s' is not a USB printer address; give usb: for the "
                   "first supported printer or usb:VID:PID[:SERIAL] with "
                   "four-digit hex ids, as 'checkin printers' shows them.",
                   rest);
}

static int parse_port(const char *s, char out[8])
{
    if (!*s || strlen(s) > 5)
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || *end || v < 1 || v > 65535 || s[0] < '0' || s[0] > '9')
        return -1;
    snprintf(out, 8, "%ld", v);
    return 0;
}

static int parse_tcp(const char *rest, struct transport_uri *out,
                     struct ck_error *err)
{
    const char *host = rest, *port = NULL;
    size_t host_len;
    /* Tolerate tcp://host as people type it. */
    if (!strncmp(host, "//", 2))
        host += 2;
    if (*host == '[') {
        const char *close = strchr(host, ']');
        if (!close)
            goto bad;
        host++;
        host_len = (size_t)(close - host);
        if (close[1] == ':')
            port = close + 2;
        else if (close[1])
            goto bad;
    } else {
        const char *colon = strchr(host, ':');
        if (colon && strchr(colon + 1, ':'))
            goto bad; /* a bare IPv6 address needs brackets */
        host_len = colon ? (size_t)(colon - host) : strlen(host);
        if (colon)
            port = colon + 1;
    }
    if (host_len == 0 || host_len >= sizeof(out->host))
        goto bad;
    for (size_t i = 0; i < host_len; i++) {
        unsigned char c = (unsigned char)host[i];
        if (c <= 0x20 || c == 0x7f || c == '/' || c == '[' || c == ']')
            goto bad;
    }
    memcpy(out->host, host, host_len);
    out->host[host_len] = '\0';
    if (port) {
        if (parse_port(port, out->port))
            goto bad;
    } else {
        snprintf(out->port, sizeof(out->port), "%s", TRANSPORT_TCP_PORT);
    }
    return CK_OK;
bad:
    return ck_fail(err, CK_EINVAL,
                   "'tcp:%s' is not a network printer address; give "
                   "tcp:HOST or tcp:HOST:PORT (IPv6 as tcp:[ADDRESS]:PORT; "
                   "the port defaults to 9100).",
                   rest);
}

int transport_uri_parse(const char *uri, struct transport_uri *out,
                        struct ck_error *err)
{
    memset(out, 0, sizeof(*out));
    if (!uri)
        uri = "";
    if (!strncmp(uri, "usb:", 4)) {
        out->kind = TRANSPORT_USB;
        return parse_usb(uri + 4, out, err);
    }
    if (!strncmp(uri, "tcp:", 4)) {
        out->kind = TRANSPORT_TCP;
        return parse_tcp(uri + 4, out, err);
    }
    if (!strncmp(uri, "file:", 5)) {
        const char *path = uri + 5;
        size_t n = strlen(path);
        out->kind = TRANSPORT_FILE;
        if (n == 0 || n >= sizeof(out->path))
            return ck_fail(err, CK_EINVAL,
                           "'%s' names no file; give file:PATH, for example "
                           "file:/dev/usb/lp0 or file:label.bin.",
                           uri);
        memcpy(out->path, path, n + 1);
        return CK_OK;
    }
    return ck_fail(err, CK_EINVAL, "'%s' is not a printer address; give %s.",
                   uri, URI_FORMS);
}

/* How long a TCP connection may take to open. */
#define TCP_CONNECT_MS 5000

int transport_open(const struct transport_uri *uri, struct transport **out,
                   struct ck_error *err)
{
    *out = NULL;
    switch (uri->kind) {
    case TRANSPORT_USB:
        return transport_usb_open(uri, out, err);
    case TRANSPORT_FILE:
        return transport_file_open(uri->path, out, err);
    case TRANSPORT_TCP:
        return transport_tcp_open(uri->host, uri->port, TCP_CONNECT_MS, out,
                                  err);
    }
    return ck_fail(err, CK_EINVAL, "Unknown printer transport.");
}

int transport_write(struct transport *t, const void *data, size_t len,
                    int timeout_ms, struct ck_error *err)
{
    t->fault = TRANSPORT_FAULT_NONE;
    return t->ops->write(t, data, len, timeout_ms < 1 ? 1 : timeout_ms, err);
}

int transport_read(struct transport *t, void *buf, size_t cap, size_t *got,
                   int timeout_ms, struct ck_error *err)
{
    *got = 0;
    t->fault = TRANSPORT_FAULT_NONE;
    if (!t->ops->read)
        return ck_fail(err, CK_EINVAL,
                       "%s cannot send anything back (no status).", t->desc);
    return t->ops->read(t, buf, cap, got, timeout_ms < 1 ? 1 : timeout_ms, err);
}

int transport_drain(struct transport *t, int timeout_ms, struct ck_error *err)
{
    t->fault = TRANSPORT_FAULT_NONE;
    if (t->kind != TRANSPORT_TCP)
        return CK_OK;
    return transport_tcp_drain(t, timeout_ms < 1 ? 1 : timeout_ms, err);
}

bool transport_can_read(const struct transport *t)
{
    return t && t->ops->read;
}

void transport_close(struct transport *t)
{
    if (t)
        t->ops->close(t);
}
