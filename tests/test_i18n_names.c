/* Who is named in which language (issue 53, items 3 and 4), through the
 * real `checkin` command: a CSV's `locale` column stored as a
 * registration's language, with one warning a row for a language
 * checkin has no catalogue of and for a cell that is no language tag,
 * every row imported; an Urdu name isolated (U+2068 ... U+2069) inside
 * an English and a Japanese sentence on the terminal screen, its bytes
 * read from tmux; and `report uncollected`'s count in its plural form. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "testutil.h"

#define OLIVIA "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h" /* 48243, paid */
#define YAW "84jvuq276ckvn72zg793yu2dgcsjxd7n"    /* 48278, order PYGSA */
#define CLOCK "--clock '2027-05-12 09:00'"
#define FSI "\xe2\x81\xa8"
#define PDI "\xe2\x81\xa9"
/* "Ayesha Khan" in Urdu: Arabic letters, right to left. */
#define URDU "\xd8\xb9\xd8\xa7\xd8\xa6\xd8\xb4\xdb\x81 \xd8\xae\xd8\xa7\xd9\x86"

/* Run `sql`, which changes one row, on `db`. */
static void change_one(const char *db, const char *sql)
{
    sqlite3 *h = NULL;
    char *why = NULL;
    if (sqlite3_open(db, &h) != SQLITE_OK ||
        sqlite3_exec(h, sql, NULL, NULL, &why) != SQLITE_OK)
        TU_FAIL_AT("%s: %s", sql, why ? why : sqlite3_errmsg(h));
    else
        EXPECT_INT(sqlite3_changes(h), 1);
    sqlite3_free(why);
    sqlite3_close(h);
}

static void csv_locale_column_is_stored_with_a_warning_a_row(void)
{
    const char *db = tu_copy(tu_demo_event(), "csv-locale.db");
    const char *csv = tu_path("locales.csv");
    const char *text = "ticket_id,given_name,locale\n"
                       "48243,Olivia,ja\n"
                       "48275,Jean-Luc,zh-hans\n"
                       "48278,Yaw,not a locale!\n"
                       "48273,Ольга, pt-BR \n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               0);
    /* Yaw's row changes nothing stored: no language, the same name. */
    EXPECT_CONTAINS(out, "3 updated, 0 cancelled, 1 unchanged, 0 rejected, "
                         "2 warnings");
    /* The summary names no locale column among those kept. */
    EXPECT_CONTAINS(out, "tutorials, sponsor_consent\n");
    EXPECT_CONTAINS(err, "locales.csv:3: warning: checkin has no translation "
                         "for locale 'zh-hans'");
    EXPECT_CONTAINS(err, "locales.csv:4: warning: locale 'not a locale!' is "
                         "not a language tag");
    EXPECT_STR(tu_sql_text(db, "SELECT group_concat(ticket_id || '=' || "
                               "coalesce(locale, '-'), ' ') FROM (SELECT * "
                               "FROM attendee WHERE ticket_id IN ('48243', "
                               "'48273', '48275', '48278') ORDER BY "
                               "ticket_id)"),
               "48243=ja 48273=pt-BR 48275=zh-hans 48278=-");
    /* Again: unchanged; then an empty cell clears a language, and a file
     * without the column keeps the others. */
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               0);
    EXPECT_CONTAINS(out, "0 updated, 0 cancelled, 4 unchanged");
    text = "ticket_id,locale\n48243,\n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               0);
    EXPECT_CONTAINS(out, "1 updated");
    text = "ticket_id,given_name\n48273,Olga\n";
    REQUIRE(tu_write_file(csv, text, strlen(text)) == 0);
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               0);
    EXPECT_STR(tu_sql_text(db, "SELECT coalesce(locale, '-') || ' ' || "
                               "(SELECT locale FROM attendee WHERE "
                               "ticket_id = '48273') FROM attendee WHERE "
                               "ticket_id = '48243'"),
               "- pt-BR");
}

/* The desk's screen after Yaw's check-in, whose order's Ольга is named
 * in Urdu: the offer of the others names her inside its sentence. */
static char *offer_screen(const char *lang, const char *wait)
{
    const char *db = tu_copy(tu_demo_event(), tu_format("bidi-%s.db", lang));
    change_one(db, "UPDATE attendee SET badge_name = '" URDU "' WHERE "
                   "ticket_id = '48273'");
    tu_tmux_start(
        tu_format("scan '%s' --station desk --name desk-b --lang %s " CLOCK
                  " --keyboard",
                  db, lang),
        NULL);
    free(tu_tmux_wait_for(wait));
    tu_tmux_keys(YAW " Enter");
    free(tu_tmux_wait_for("(checked-in)", "PYGSA"));
    return tu_tmux_screen_raw();
}

static void an_urdu_name_is_isolated_in_english_and_japanese(void)
{
    if (!tu_tmux_available())
        TU_SKIP("tmux is not installed");
    char *s = offer_screen("en", "Ready");
    /* "3 more in order PYGSA: <FSI>URDU<PDI>, Jean-Luc ..." and Yaw's own
     * name on the verdict's line. */
    EXPECT_CONTAINS(s, "more in order PYGSA: " FSI URDU PDI ", ");
    EXPECT_CONTAINS(s, "ADMIT  " FSI "Yaw Mwangi" PDI "  (checked-in)");
    free(s);
    tu_tmux_quit();
    s = offer_screen("ja", "準備完了");
    EXPECT_CONTAINS(s, "注文 PYGSA に他 ");
    EXPECT_CONTAINS(s, "：" FSI URDU PDI ", ");
    EXPECT_CONTAINS(s, "入場OK  " FSI "Yaw Mwangi" PDI "  (checked-in)");
    free(s);
    tu_tmux_quit();
}

static void uncollected_count_takes_its_plural_form(void)
{
    const char *db = tu_copy(tu_demo_event(), "uncollected.db");
    change_one(db, "INSERT INTO preprint (ticket_id, issue, box, position, "
                   "run_at_ms) VALUES ('48243', 1, 'A', 1, 0)");
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang en report '%s' uncollected", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "1 of 1 pre-printed badge never collected.\n");
    change_one(db, "INSERT INTO preprint (ticket_id, issue, box, position, "
                   "run_at_ms) VALUES ('48275', 1, 'A', 2, 0)");
    EXPECT_INT(tu_checkin(tu_format("--lang en report '%s' uncollected", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "2 of 2 pre-printed badges never collected.\n");
    EXPECT_INT(tu_checkin(tu_format("--lang fr report '%s' uncollected", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "2 badges préimprimés sur 2 jamais retirés.\n");
}

/* A desk started with profile `ini` (and `lang`, a --lang option or
 * ""), Olivia's code typed: the command's exit status; its output in
 * *out. */
static int profile_desk(const char *ini, const char *lang, const char **out)
{
    const char *path = tu_path("lang.ini");
    if (tu_write_file(path, ini, strlen(ini)) != 0)
        TU_FAIL_AT("cannot write %s", path);
    const char *err;
    int rc = tu_checkin_in(
        tu_format("%s scan '%s' --profile '%s' --keyboard --json " CLOCK, lang,
                  tu_copy(tu_demo_event(), "profile.db"), path),
        OLIVIA "\n", out, &err);
    if (rc)
        *out = err;
    return rc;
}

/* A profile's `lang` is the station's language, --lang wins over it,
 * and the locale comes after both (LANG is French here).  The JSON
 * lines write what is not ASCII as escapes. */
static void a_profile_says_the_station_language(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    setenv("LANG", "fr_FR.UTF-8", 1);
    const char *ini = "[station]\nstation = desk\nname = desk-p\nlang = de\n";
    const char *out;
    EXPECT_INT(profile_desk(ini, "", &out), 0);
    EXPECT_CONTAINS(out, "\"reason_text\":\"Eingecheckt. Willkommen!\"");
    EXPECT_INT(profile_desk(ini, "--lang es", &out), 0);
    EXPECT_CONTAINS(out, "\"reason_text\":\"Acreditado. \\u00A1Te damos la "
                         "bienvenida!\"");
    EXPECT_INT(
        profile_desk("[station]\nstation = desk\nname = desk-p\n", "", &out),
        0);
    EXPECT_CONTAINS(out, "\"reason_text\":\"Enregistr\\u00E9. Bienvenue !\"");
    EXPECT_INT(profile_desk("[station]\nstation = desk\nlang = xx\n", "", &out),
               1);
    /* Refused in the locale's language (common/ in po/ERROR-ROOMS). */
    EXPECT_CONTAINS(out, "checkin n'a pas de catalogue 'xx' ; il parle ces "
                         "langues : en es");
    unsetenv("LANG");
}

/* A German desk says the day of an earlier check-in in German ("Mi",
 * not "Wed"), from the catalogue: this machine may have only the C
 * locale, and LC_ALL=C says so here. */
static void a_day_is_said_in_the_station_language(void)
{
    setenv("LC_ALL", "C", 1);
    const char *db = tu_copy(tu_demo_event(), "days.db");
    const char *out, *err;
    int rc = tu_checkin_in(tu_format("--lang de scan '%s' --station desk "
                                     "--name d1 --keyboard --json "
                                     "--clock '2027-05-12 09:00'",
                                     db),
                           OLIVIA "\n", &out, &err);
    EXPECT_INT(rc, 0);
    rc = tu_checkin_in(tu_format("--lang de scan '%s' --station desk "
                                 "--name d1 --keyboard --json "
                                 "--clock '2027-05-14 09:00'",
                                 db),
                       OLIVIA "\n", &out, &err);
    EXPECT_INT(rc, 0);
    EXPECT_CONTAINS(out, "\"reason_text\":\"Schon eingecheckt um Mi 09:00 "
                         "an d1.\"");
    unsetenv("LC_ALL");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(csv_locale_column_is_stored_with_a_warning_a_row),
        TU_CASE(an_urdu_name_is_isolated_in_english_and_japanese),
        TU_CASE(uncollected_count_takes_its_plural_form),
        TU_CASE(a_profile_says_the_station_language),
        TU_CASE(a_day_is_said_in_the_station_language),
    };
    int rc = tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
    tu_tmux_stop();
    return rc;
}
