/* The station's page's words in the station's language: station_page_text.c. */
#ifndef CHECKIN_WEB_STATION_PAGE_TEXT_H
#define CHECKIN_WEB_STATION_PAGE_TEXT_H

/* /api/messages's JSON, {"lang":"es","messages":{ENGLISH:TRANSLATION}}
 * (lang "" for the locale's language); the caller frees it, NULL when
 * memory ran out. */
char *web_station_messages(void);

#endif
