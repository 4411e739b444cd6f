/* The page files built into the binary (web/assets, by web/embed.cmake). */
#ifndef CHECKIN_WEB_ASSETS_H
#define CHECKIN_WEB_ASSETS_H

#include <stddef.h>

struct web_asset {
    const char *url;  /* "/dashboard.js" */
    const char *type; /* Content-Type */
    const unsigned char *data;
    size_t len;
};
extern const struct web_asset web_assets[];
extern const unsigned web_nassets;

#endif
