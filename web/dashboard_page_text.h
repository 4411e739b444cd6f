/* The dashboard's page's words: dashboard_page_text.c. */
#ifndef CHECKIN_WEB_DASHBOARD_PAGE_TEXT_H
#define CHECKIN_WEB_DASHBOARD_PAGE_TEXT_H

/* The dashboard's /api/messages JSON, as web_station_messages(NULL)'s
 * but with the dashboard page's texts, in the dashboard's language.  The
 * caller frees it; NULL when memory ran out. */
char *web_dashboard_messages(void);

#endif
