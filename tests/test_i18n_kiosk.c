/* The attendee's own language at the kiosk (issue 53, item 3), through
 * the real `checkin` and a real Chromium: a kiosk whose volunteer reads
 * Spanish greets an attendee whose order's locale is "ja" in Japanese
 * and the next, "de", in German, one after the other; the attendee picks
 * French at the language button and the next verdict is the next
 * person's language again; the volunteer's screen (the JSON lines'
 * reason_text) and the station's own words (/api/messages) stay Spanish
 * throughout, and the name stays in its <bdi>. */
#include <jansson.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "checkin/i18n.h"
#include "testutil.h"
#include "webdriver.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h"  /* 48243, paid */
#define JEANLUC "unurqkyf5f2e8x5pb45jhb7dtf74ppgc" /* 48275, paid */
#define CLOCK "--clock '2027-05-12 09:00'"
#define ADMITTED_ES "Acreditado. ¡Te damos la bienvenida!"

#define HEADLINE "return document.getElementById('headline').textContent;"
#define TEXT "return document.getElementById('text').textContent;"
#define LANG "return document.documentElement.lang;"

/* The demo event with Olivia's order in Japanese and Jean-Luc's in
 * German, as a pretix export says it (import/, issue 49's locale). */
static const char *event_with_locales(void)
{
    const char *db = tu_copy(tu_demo_event(), "kiosk-locales.db");
    sqlite3 *h = NULL;
    char *why = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h,
                     "UPDATE attendee SET locale = 'ja' WHERE ticket_id = "
                     "'48243'; UPDATE attendee SET locale = 'de' WHERE "
                     "ticket_id = '48275';",
                     NULL, NULL, &why) != SQLITE_OK)
        TU_FAIL_AT("setting the locales: %s", why ? why : sqlite3_errmsg(h));
    EXPECT_INT(sqlite3_changes(h), 1);
    sqlite3_free(why);
    sqlite3_close(h);
    return db;
}

/* Each JSON line's reason_text, the station's to its volunteer. */
static json_t *reason_texts(const char *path)
{
    char *all = tu_read_file(path, NULL);
    json_t *a = json_array();
    for (const char *p = all; p && *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        json_t *o = json_loadb(p, n, 0, NULL);
        json_t *t = json_object_get(o, "reason_text");
        if (t && json_object_get(o, "reason"))
            json_array_append(a, t);
        json_decref(o);
        p = nl ? nl + 1 : p + n;
    }
    free(all);
    return a;
}

static void type_code(const struct tu_proc *p, const char *code)
{
    char line[64];
    snprintf(line, sizeof(line), "%s\n", code);
    EXPECT_INT(write(p->in, line, strlen(line)), (long)strlen(line));
}

/* The station's /api/messages: its own language, whatever the kiosk
 * showed. */
/* /api/messages's "plurals": a counted text's "at", each count's form's
 * place, 0 to 199; "" when the answer lacks it. */
static const char *plural_at(json_t *m, const char *one)
{
    const char *at = json_string_value(json_object_get(
        json_object_get(json_object_get(m, "plurals"), one), "at"));
    return at ? at : "";
}

static void station_words_stay_spanish(int port)
{
    char *head = NULL, *body = NULL;
    EXPECT_INT(tu_http(port, "GET", "/api/messages",
                       tu_format("Host: 127.0.0.1:%d\r\n", port), NULL, &head,
                       &body),
               200);
    json_t *m = body ? json_loads(body, 0, NULL) : NULL;
    EXPECT_STR(json_string_value(json_object_get(m, "lang")), "es");
    EXPECT_STR(json_string_value(
                   json_object_get(json_object_get(m, "messages"), "Welcome!")),
               "¡Bienvenida!");
    /* Spanish says 0 as it says 2, "quedan 0 plazas" (the forms listed
     * by their first count: 0's, then 1's). */
    EXPECT_TRUE(!strncmp(plural_at(m, "%s seat left"), "010", 3));
    json_decref(m);
    free(head);
    free(body);
}

/* The kiosk's page, its station in Spanish, through two attendees and
 * the language button. */
static void kiosk_pages(const struct tu_proc *p, const struct tu_link *link)
{
    EXPECT_WAIT(HEADLINE, "\"¡Bienvenida!\"", 10000);
    EXPECT_WAIT("return document.getElementById('status').textContent;",
                "\"listo\"", 10000);
    EXPECT_EXEC(LANG, "\"es\"");
    /* The languages listed, on the welcome screen (which waits for no
     * one): each named in itself, and passing axe-core where it is
     * installed (test_a11y checks the kiosk's other states). */
    EXPECT_TRUE(
        wd_do("document.getElementById('language').click(); return 1;"));
    EXPECT_WAIT("return [...document.querySelectorAll('#languages button')]"
                ".map((b) => b.textContent + '/' + b.lang).join(' ');",
                "\"English/en Español/es Português (Brasil)/pt-BR "
                "Deutsch/de Français/fr 日本語/ja हिन्दी/hi\"",
                10000);
    if (wd_axe_js())
        EXPECT_AXE("the kiosk, its languages listed");
    wd_screenshot(tu_path("kiosk-languages.png"));
    EXPECT_TRUE(
        wd_do("document.getElementById('language').click(); return 1;"));
    EXPECT_WAIT("return document.getElementById('languages').hidden;", "true",
                10000);
    /* Olivia's order is in Japanese. */
    type_code(p, OLIVIA);
    EXPECT_WAIT(HEADLINE, "\"ようこそ、Olivia さん！\"", 10000);
    EXPECT_EXEC("return [document.documentElement.lang, "
                "document.getElementById('text').textContent, "
                "document.querySelector('#headline bdi').textContent, "
                "document.getElementById('language-word').textContent];",
                "[\"ja\",\"受付が完了しました。\",\"Olivia\",\"言語\"]");
    /* She picks French for her own screen. */
    EXPECT_TRUE(
        wd_do("document.getElementById('language').click(); return 1;"));
    EXPECT_WAIT("return document.getElementById('languages').hidden;", "false",
                10000);
    EXPECT_TRUE(wd_do("document.querySelector('#languages button"
                      "[data-lang=fr]').click(); return 1;"));
    EXPECT_WAIT(HEADLINE, "\"Bienvenue, Olivia !\"", 10000);
    EXPECT_EXEC("return [document.documentElement.lang, "
                "document.getElementById('text').textContent];",
                "[\"fr\",\"Vous êtes enregistré.\"]");
    /* The next person, Jean-Luc, in his own: German. */
    type_code(p, JEANLUC);
    EXPECT_WAIT(HEADLINE, "\"Willkommen, Jean-Luc!\"", 10000);
    EXPECT_EXEC("return [document.documentElement.lang, "
                "document.getElementById('text').textContent, "
                "document.querySelector('#headline bdi').textContent];",
                "[\"de\",\"Du bist eingecheckt.\",\"Jean-Luc\"]");
    wd_screenshot(tu_path("kiosk-de.png"));
    /* Eight seconds on, the welcome screen in the station's language. */
    EXPECT_WAIT(HEADLINE, "\"¡Bienvenida!\"", 20000);
    EXPECT_EXEC(LANG, "\"es\"");
    station_words_stay_spanish(link->port);
}

/* A Japanese attendee's verdict in Japanese, then a German one's in
 * German, at the same kiosk; the volunteer's screen in Spanish. */
static void the_kiosk_speaks_each_attendee_s_own_language(void)
{
    if (!wd_available())
        TU_SKIP("chromium and chromedriver are not installed");
    const char *db = event_with_locales();
    const char *said = tu_path("kiosk.err");
    const char *out = tu_path("kiosk.out");
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' --lang es scan '%s' --station desk --name kiosk-l "
             "--kiosk --keyboard --json " CLOCK
             " --web 127.0.0.1:0 >'%s' 2>'%s'",
             CHECKIN_BIN, db, out, said);
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(tu_serve_with(&p, cmd, TU_PIPE_IN, said,
                          "Station screen: ", "the station", &link));
    if (wd_start(tu_path("kiosk-profile")) != 0)
        TU_FAIL_AT("chromium did not start");
    else if (wd_get(link.url) == 0)
        kiosk_pages(&p, &link);
    wd_quit();
    int status = tu_stop(&p, 0, 10000, "the station");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
    /* The volunteer's screen: both verdicts in Spanish. */
    json_t *texts = reason_texts(out);
    EXPECT_INT((long)json_array_size(texts), 2);
    EXPECT_STR(json_string_value(json_array_get(texts, 0)), ADMITTED_ES);
    EXPECT_STR(json_string_value(json_array_get(texts, 1)), ADMITTED_ES);
    json_decref(texts);
}

/* The station's endpoint gives another language's words, and refuses
 * one checkin does not speak. */
static void the_kiosk_s_endpoint_gives_a_language_s_words(void)
{
    const char *db = event_with_locales();
    const char *said = tu_path("words.err");
    char cmd[4096];
    snprintf(cmd, sizeof(cmd),
             "exec '%s' --lang es scan '%s' --station desk --name kiosk-w "
             "--kiosk --keyboard --json " CLOCK
             " --web 127.0.0.1:0 >'%s' 2>'%s'",
             CHECKIN_BIN, db, tu_path("words.out"), said);
    struct tu_proc p;
    struct tu_link link;
    REQUIRE(tu_serve_with(&p, cmd, TU_PIPE_IN, said,
                          "Station screen: ", "the station", &link));
    const char *host = tu_format("Host: 127.0.0.1:%d\r\n", link.port);
    char *head = NULL, *body = NULL;
    EXPECT_INT(tu_http(link.port, "GET", "/api/messages?lang=pt-br", host, NULL,
                       &head, &body),
               200);
    json_t *m = body ? json_loads(body, 0, NULL) : NULL;
    EXPECT_STR(json_string_value(json_object_get(m, "lang")), "pt_BR");
    json_t *w = json_object_get(m, "messages");
    EXPECT_TRUE(json_string_value(json_object_get(w, "You are checked in.")) !=
                NULL);
    /* Brazil's Portuguese says 0 as it says 1 (plural=(n > 1)): the
     * page's "0 seat left" is the catalogue's first form. */
    const char *at = plural_at(m, "%s seat left");
    EXPECT_INT((long)strlen(at), 200);
    EXPECT_TRUE(!strncmp(at, "001", 3));
    json_t *forms = json_object_get(
        json_object_get(json_object_get(m, "plurals"), "%s seat left"),
        "forms");
    EXPECT_INT((long)json_array_size(forms), 2);
    json_decref(m);
    free(head);
    free(body);
    head = body = NULL;
    EXPECT_INT(tu_http(link.port, "GET", "/api/messages?lang=xx", host, NULL,
                       &head, &body),
               404);
    EXPECT_CONTAINS(body ? body : "", "checkin speaks no such language.");
    free(head);
    free(body);
    station_words_stay_spanish(link.port);
    int status = tu_stop(&p, 0, 10000, "the station");
    EXPECT_TRUE(status != -1 && WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* A catalogue's plural rule, as the kiosk's and the phones' pages' counts
 * in another language are said (i18n_plural_form): the gettext manual's
 * rules for languages beyond po/LINGUAS, for a community translator's
 * catalogue, each count's form against the manual's table. */
static void a_catalogue_s_plural_rule_picks_each_count_s_form(void)
{
    static const char RU[] =
        "Plural-Forms: nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : "
        "n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);\n";
    static const char AR[] =
        "Plural-Forms: nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);\n";
    static const char FR[] = "Plural-Forms: nplurals=2; plural=(n > 1);\n";
    static const char JA[] = "Plural-Forms: nplurals=1; plural=0;\n";
    const unsigned long ns[] = {0, 1, 2, 5, 11, 21, 22, 25, 101, 111, 1000};
    const int ru[] = {2, 0, 1, 2, 2, 0, 1, 2, 0, 2, 2};
    const int ar[] = {0, 1, 2, 3, 4, 4, 4, 4, 5, 4, 5};
    const int fr[] = {0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
        EXPECT_INT(i18n_plural_form(RU, ns[i]), ru[i]);
        EXPECT_INT(i18n_plural_form(AR, ns[i]), ar[i]);
        EXPECT_INT(i18n_plural_form(FR, ns[i]), fr[i]);
        EXPECT_INT(i18n_plural_form(JA, ns[i]), 0);
        /* No rule: English's; a rule it cannot read, or one past its
         * forms: the first form. */
        EXPECT_INT(i18n_plural_form("Content-Type: text/plain\n", ns[i]),
                   ns[i] != 1);
        EXPECT_INT(
            i18n_plural_form("Plural-Forms: nplurals=2; plural=n ? ;", ns[i]),
            0);
        EXPECT_INT(
            i18n_plural_form("Plural-Forms: nplurals=2; plural=n;", ns[i]),
            ns[i] == 1);
        EXPECT_INT(
            i18n_plural_form("Plural-Forms: nplurals=2; plural=n%0;", ns[i]),
            0);
    }
    /* A catalogue here says its own forms by its rule: French's 0 is
     * its 1, Spanish's is its 2. */
    EXPECT_STR(i18n_ngettext_in("fr", "%s seat left", "%s seats left", 0),
               "%s place restante");
    EXPECT_STR(i18n_ngettext_in("es", "%s seat left", "%s seats left", 0),
               i18n_ngettext_in("es", "%s seat left", "%s seats left", 2));
    EXPECT_STR(i18n_ngettext_in("xx", "%s seat left", "%s seats left", 0),
               "%s seats left");
}

int main(int argc, char **argv)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
    static const struct tu_case cases[] = {
        TU_CASE(the_kiosk_speaks_each_attendee_s_own_language),
        TU_CASE(the_kiosk_s_endpoint_gives_a_language_s_words),
        TU_CASE(a_catalogue_s_plural_rule_picks_each_count_s_form)};
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
