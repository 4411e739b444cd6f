/* See http_priv.h. */
#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <netdb.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "http_priv.h"

/* Connections the kernel completes before the server takes them: enough
 * that a burst of a client's sockets does not make the next client's
 * connect wait a second for its SYN to be sent again (the server takes
 * them at once and closes the surplus, web/limits.c). */
#define BACKLOG 1024

void web_add_headers(struct MHD_Response *r, const char *type)
{
    web_add_headers_csp(r, type, WEB_CSP);
}

void web_add_headers_csp(struct MHD_Response *r, const char *type,
                         const char *csp)
{
    char ct[80];
    if (type) {
        /* A browser compiles WebAssembly streamed only as exactly
         * application/wasm. */
        bool text = strncmp(type, "application/wasm", 16) != 0;
        snprintf(ct, sizeof(ct), "%s%s", type,
                 !text || strstr(type, "charset") ? "" : "; charset=utf-8");
        MHD_add_response_header(r, MHD_HTTP_HEADER_CONTENT_TYPE, ct);
    }
    MHD_add_response_header(r, "Content-Security-Policy", csp);
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    MHD_add_response_header(r, "X-Frame-Options", "DENY");
    MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
    MHD_add_response_header(r, "Cache-Control", "no-store");
}

enum MHD_Result web_reply(struct MHD_Connection *c, unsigned status,
                          const char *type, const void *body, size_t len,
                          enum MHD_ResponseMemoryMode mode)
{
    return web_reply_header(c, status, type, body, len, mode, NULL, NULL);
}

enum MHD_Result web_reply_header(struct MHD_Connection *c, unsigned status,
                                 const char *type, const void *body, size_t len,
                                 enum MHD_ResponseMemoryMode mode,
                                 const char *name, const char *value)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, mode);
    if (!r)
        return MHD_NO;
    web_add_headers(r, type);
    if (name)
        MHD_add_response_header(r, name, value);
    enum MHD_Result ok = MHD_queue_response(c, status, r);
    MHD_destroy_response(r);
    return ok;
}

enum MHD_Result web_reply_text(struct MHD_Connection *c, unsigned status,
                               const char *sentence)
{
    return web_reply(c, status, "text/plain", sentence, strlen(sentence),
                     MHD_RESPMEM_MUST_COPY);
}

enum MHD_Result web_redirect(struct MHD_Connection *c, const char *to)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    web_add_headers(r, NULL);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, to);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_MOVED_PERMANENTLY, r);
    MHD_destroy_response(r);
    return ok;
}

bool web_token_ok(const struct web_listener *l, const char *given)
{
    return given && strlen(given) == strlen(l->token) &&
           sodium_memcmp(given, l->token, strlen(l->token)) == 0;
}

bool web_query_token(const struct web_listener *l, struct MHD_Connection *c)
{
    return web_token_ok(
        l, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "token"));
}

bool web_cookie_token(const struct web_listener *l, struct MHD_Connection *c,
                      const char *cookie)
{
    return web_token_ok(
        l, MHD_lookup_connection_value(c, MHD_COOKIE_KIND, cookie));
}

enum MHD_Result web_set_token_cookie(struct MHD_Connection *c,
                                     const struct web_listener *l,
                                     const char *cookie, const char *url,
                                     int64_t max_age_s)
{
    char set[240], age[40] = "";
    if (max_age_s > 0)
        snprintf(age, sizeof(age), "; Max-Age=%lld", (long long)max_age_s);
    /* Over TLS the browser must never send it over plain HTTP. */
    snprintf(set, sizeof(set), "%s=%s; Path=/%s; HttpOnly; SameSite=Strict%s",
             cookie, l->token, age, l->tls ? "; Secure" : "");
    struct MHD_Response *r =
        MHD_create_response_from_buffer(0, "", MHD_RESPMEM_PERSISTENT);
    if (!r)
        return MHD_NO;
    web_add_headers(r, NULL);
    MHD_add_response_header(r, MHD_HTTP_HEADER_SET_COOKIE, set);
    MHD_add_response_header(r, MHD_HTTP_HEADER_LOCATION, url);
    enum MHD_Result ok = MHD_queue_response(c, MHD_HTTP_SEE_OTHER, r);
    MHD_destroy_response(r);
    return ok;
}

bool web_host_ok(const struct web_listener *l, struct MHD_Connection *c)
{
    const char *host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
    for (int i = 0; host && i < 3; i++)
        if (!strcmp(host, l->hosts[i]))
            return true;
    /* Over TLS a page opened by another name fails its handshake; the
     * certificate's own names are the station's. */
    return web_tls_name_ok(l, host);
}

#ifdef CHECKIN_TEST_PAGES
/* The tests' second version of the /scan page files (web/CMakeLists.txt),
 * served over the build's own with CHECKIN_TEST_PAGES=B: one build plays
 * a station upgraded under a phone's kept pages. */
extern const struct web_asset web_assets_b[];
extern const unsigned web_nassets_b;
#endif

const struct web_asset *web_asset_at(const char *url)
{
#ifdef CHECKIN_TEST_PAGES
    const char *b = getenv("CHECKIN_TEST_PAGES");
    if (b && !strcmp(b, "B"))
        for (unsigned i = 0; i < web_nassets_b; i++)
            if (!strcmp(url, web_assets_b[i].url))
                return &web_assets_b[i];
#endif
    for (unsigned i = 0; i < web_nassets; i++)
        if (!strcmp(url, web_assets[i].url))
            return &web_assets[i];
    return NULL;
}

/* Append one link for `host` to out (used of cap); false when full. */
static bool add_link(const struct web_listener *l, const char *path,
                     bool with_token, const char *host, char *out, size_t cap,
                     size_t *used)
{
    int n = snprintf(out + *used, cap - *used, "%s%s://%s/%s%s%s",
                     *used ? " or " : "", l->tls ? "https" : "http", host, path,
                     with_token ? "?token=" : "", with_token ? l->token : "");
    if (n < 0 || (size_t)n >= cap - *used) {
        out[*used] = '\0';
        return false;
    }
    *used += (size_t)n;
    return true;
}

/* Links for the addresses of interfaces that are up, of family `family`,
 * loopback ones or the others. */
static void links_of(const struct web_listener *l, const char *path,
                     bool with_token, const struct ifaddrs *ifs, int family,
                     bool loopback, char *out, size_t cap, size_t *used)
{
    for (const struct ifaddrs *i = ifs; i; i = i->ifa_next) {
        if (!i->ifa_addr || !(i->ifa_flags & IFF_UP) ||
            i->ifa_addr->sa_family != family)
            continue;
        unsigned char ip[16];
        size_t len = family == AF_INET6 ? 16 : 4;
        if (family == AF_INET6)
            memcpy(ip, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, len);
        else
            memcpy(ip, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, len);
        const struct in6_addr *a6 = (const struct in6_addr *)ip;
        bool lo = len == 4 ? ip[0] == 127 : IN6_IS_ADDR_LOOPBACK(a6);
        /* A link-local IPv6 address needs its interface in the link,
         * which browsers do not take. */
        if (lo != loopback || (len == 16 && IN6_IS_ADDR_LINKLOCAL(a6)))
            continue;
        char host[80];
        web_host_of(ip, len, l->port, host, sizeof(host));
        add_link(l, path, with_token, host, out, cap, used);
    }
}

void web_links(const struct web_listener *l, bool with_token, char *out,
               size_t cap)
{
    web_links_to(l, "", with_token, out, cap);
}

void web_links_to(const struct web_listener *l, const char *path,
                  bool with_token, char *out, size_t cap)
{
    size_t used = 0;
    out[0] = '\0';
    for (unsigned i = 0; i < l->ntls_names; i++)
        if (l->tls_names[i][0] != '*') {
            char host[160];
            snprintf(host, sizeof(host), "%s:%u", l->tls_names[i], l->port);
            add_link(l, path, with_token, host, out, cap, &used);
        }
    size_t names = used;
    struct ifaddrs *ifs = NULL;
    if (l->wildcard && !getifaddrs(&ifs)) {
        for (int loopback = 0; loopback < 2 && used == names; loopback++) {
            if (l->v4_too)
                links_of(l, path, with_token, ifs, AF_INET, loopback, out, cap,
                         &used);
            if (l->v6)
                links_of(l, path, with_token, ifs, AF_INET6, loopback, out, cap,
                         &used);
        }
        freeifaddrs(ifs);
    }
    if (used == names)
        add_link(l, path, with_token, l->hosts[0], out, cap, &used);
}

/* "ADDR:PORT" into an address; *loopback says whether only this machine
 * can reach it, *wildcard whether it is every address of the machine. */
static int parse_listen(const char *where, const char *option,
                        struct sockaddr_storage *sa, socklen_t *len,
                        bool *loopback, bool *wildcard, struct ck_error *err)
{
    char host[128];
    const char *colon = strrchr(where, ':');
    const char *h = where;
    size_t hl = colon ? (size_t)(colon - where) : 0;
    if (hl >= 2 && h[0] == '[' && h[hl - 1] == ']') {
        h++;
        hl -= 2;
    }
    char *end = NULL;
    errno = 0;
    long port = colon ? strtol(colon + 1, &end, 10) : -1;
    if (!colon || hl == 0 || hl >= sizeof(host) || !colon[1] || *end || errno ||
        port < 0 || port > 65535)
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not an address to listen on; give %s "
                       "ADDR:PORT, e.g. 127.0.0.1:8080 or 0.0.0.0:8080.",
                       where, option);
    memcpy(host, h, hl);
    host[hl] = '\0';
    struct addrinfo hints = {.ai_family = AF_UNSPEC,
                             .ai_socktype = SOCK_STREAM,
                             .ai_flags = AI_PASSIVE | AI_ADDRCONFIG};
    if (strcmp(host, "localhost"))
        hints.ai_flags |= AI_NUMERICHOST;
    else
        hints.ai_family = AF_INET;
    struct addrinfo *ai = NULL;
    if (getaddrinfo(host, NULL, &hints, &ai) || !ai) {
        if (ai)
            freeaddrinfo(ai);
        return ck_fail(err, CK_EINVAL,
                       "'%s' is not an address of this machine; give a "
                       "numeric address such as 127.0.0.1 or 0.0.0.0.",
                       host);
    }
    memcpy(sa, ai->ai_addr, ai->ai_addrlen);
    *len = ai->ai_addrlen;
    freeaddrinfo(ai);
    if (sa->ss_family == AF_INET) {
        struct sockaddr_in *in = (struct sockaddr_in *)sa;
        in->sin_port = htons((uint16_t)port);
        *loopback = (ntohl(in->sin_addr.s_addr) >> 24) == 127;
        *wildcard = in->sin_addr.s_addr == htonl(INADDR_ANY);
    } else {
        struct sockaddr_in6 *in6 = (struct sockaddr_in6 *)sa;
        in6->sin6_port = htons((uint16_t)port);
        *loopback = IN6_IS_ADDR_LOOPBACK(&in6->sin6_addr);
        *wildcard = IN6_IS_ADDR_UNSPECIFIED(&in6->sin6_addr);
    }
    return CK_OK;
}

int web_listen(const char *where, const char *option, struct web_listener *l,
               struct ck_error *err)
{
    memset(l, 0, sizeof(*l));
    l->fd = -1;
    struct sockaddr_storage sa;
    socklen_t salen;
    int code = parse_listen(where, option, &sa, &salen, &l->loopback,
                            &l->wildcard, err);
    if (code)
        return code;
    if (sodium_init() < 0)
        return ck_fail(err, CK_EIO, "libsodium could not start.");
    unsigned char raw[16];
    randombytes_buf(raw, sizeof(raw));
    sodium_bin2hex(l->token, sizeof(l->token), raw, sizeof(raw));
    /* The socket is ours: the port (0 picks one) and every name the
     * server answers to are known before its first thread starts. */
    int fd = socket(sa.ss_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
        bind(fd, (struct sockaddr *)&sa, salen) || listen(fd, BACKLOG) ||
        getsockname(fd, (struct sockaddr *)&sa, &salen)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return ck_fail(err, CK_EIO,
                       "Cannot listen on %s: %s; choose another "
                       "with %s.",
                       where,
                       e == EADDRINUSE ? "the port is taken"
                       : e == EADDRNOTAVAIL
                           ? "the address is not this machine's"
                       : e == EACCES ? "ports below 1024 need root"
                                     : strerror(e),
                       option);
    }
    l->fd = fd;
    l->v6 = sa.ss_family == AF_INET6;
    /* [::] takes IPv4 clients too unless the system says IPv6 only
     * (net.ipv6.bindv6only). */
    int v6only = 0;
    socklen_t optlen = sizeof(v6only);
    l->v4_too = !l->v6 ||
                (!getsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &v6only, &optlen) &&
                 !v6only);
    char addr[INET6_ADDRSTRLEN] = "";
    unsigned port;
    if (l->v6) {
        inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&sa)->sin6_addr, addr,
                  sizeof(addr));
        port = ntohs(((struct sockaddr_in6 *)&sa)->sin6_port);
    } else {
        inet_ntop(AF_INET, &((struct sockaddr_in *)&sa)->sin_addr, addr,
                  sizeof(addr));
        port = ntohs(((struct sockaddr_in *)&sa)->sin_port);
    }
    l->port = port;
    snprintf(l->hosts[0], sizeof(l->hosts[0]), "%s%s%s:%u", l->v6 ? "[" : "",
             addr, l->v6 ? "]" : "", port);
    snprintf(l->hosts[1], sizeof(l->hosts[1]), "localhost:%u", port);
    snprintf(l->hosts[2], sizeof(l->hosts[2]), "127.0.0.1:%u", port);
    return CK_OK;
}

enum web_post_fault web_post_fault(const struct web_listener *l,
                                   struct MHD_Connection *c)
{
    const char *type =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
    if (!type || strncmp(type, "application/json", 16))
        return WEB_POST_NOT_JSON;
    /* A browser names the page's origin on every POST; it is the address
     * the request came in on, whichever of the machine's that is, or
     * over TLS one of the certificate's names (docs/web.md). */
    const char *origin =
        MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
    if (origin && !web_origin_ok(c, origin) &&
        !(!strncmp(origin, "https://", 8) && web_tls_name_ok(l, origin + 8)))
        return WEB_POST_FOREIGN;
    return WEB_POST_OK;
}

void web_body_take(char *body, size_t cap, size_t *len, bool *too_big,
                   const char *upload, size_t *upload_size)
{
    if (*len + *upload_size >= cap)
        *too_big = true;
    else
        memcpy(body + *len, upload, *upload_size);
    *len += *upload_size;
    *upload_size = 0;
}
