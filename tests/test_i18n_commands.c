/* The organizer's commands in the organizer's language (issue 53, item
 * 1), through the real `checkin` command: `--lang es` says `report` and
 * `badge`'s --help and `export`'s count in Spanish, while the JSON the
 * export writes stays English, byte for byte the English run's; with no
 * language asked (the C locale, as the manual page and the bash
 * completion are made) the help stays English.  `hub` and `join`'s help
 * and refusals, `stats`, `attendees --no-badge` and `verify` speak
 * Spanish too, `verify --json` the English run's bytes, and `stats`'
 * tables line up in Japanese (the hub's reports in Spanish:
 * test_hub_admin, which has a hub).  A station-room library error
 * (ck_fail's format in the catalogue, po/ERROR-ROOMS) is said in Spanish
 * and Japanese with its argument in place, and ck_error_render says a
 * kept error in a translation's order, bounded, with nothing to
 * allocate.  A printer/ error (a Zebra out of labels) is said whole in
 * Spanish by `print`, the command's own sentence after it, and by
 * `print-preview` after the file's name; a station profile's refused
 * line, a label template's refusal (its file, line and what to write)
 * and an import's refusal in Spanish, with its rows' reasons and
 * warnings, and a DYMO roll named inside a Spanish sentence; the event
 * file's own errors (store/) in Spanish, and a station's sentence around
 * one (ck_wrap) Spanish inside and out while its msg stays English; an
 * export's and a report's refusals (report/) and an export's --out
 * refused by common/'s atomic file, in Spanish too; an
 * image file, a USB scanner and a signing key file refused (scanner/ and
 * badge/) and `verify`'s refused code in Spanish; an order's status
 * word in `attendees` and a refused code's `verify` in Spanish, lined
 * up in Japanese, English in --json; the hub's rooms' refusals (sync, hub
 * status, a hub nothing answers at) in Spanish. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "checkin/admission.h"
#include "checkin/error.h"
#include "checkin/i18n.h"
#include "checkin/text.h"
#include "tcp_printer.h"
#include "testutil.h"

/* The messages of no locale of the test's environment. */
static void plain_environment(void)
{
    unsetenv("LANGUAGE");
    unsetenv("LC_ALL");
    unsetenv("LC_MESSAGES");
    unsetenv("LANG");
}

/* In a forked child: its messages in `lang`, the first time through
 * i18n_start as `checkin --lang LANG` starts, after that through
 * checkin_lang_set; the child exits 2 when either refuses. */
static void child_speaks(const char *lang, bool first)
{
    char a0[] = "test", a1[] = "--lang", a2[16];
    snprintf(a2, sizeof(a2), "%s", lang);
    char *argv[] = {a0, a1, a2, NULL};
    int argc = 3;
    struct ck_error e = {0};
    if (first ? i18n_start(&argc, argv, &e) : checkin_lang_set(lang, &e))
        _exit(2);
}

static void help_in_spanish_and_in_english(void)
{
    plain_environment();
    const char *out, *err;
    EXPECT_INT(tu_checkin("--lang es report EVENT.db --help", &out, &err), 0);
    /* The synopsis is what is typed: it stays as it is. */
    EXPECT_CONTAINS(out, "usage: checkin report EVENT.db redemptions [LIST] "
                         "[--csv]\n");
    EXPECT_CONTAINS(out, "lunch: los almuerzos que el día dado");
    EXPECT_NOT_CONTAINS(out, "lunch: the lunches the day given");
    EXPECT_INT(tu_checkin("--lang es badge --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Opciones:\n  -o, --out FILE         dónde escribir "
                         "(.png o .pdf)\n");
    EXPECT_INT(tu_checkin("badge --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Options:\n  -o, --out FILE         where to write "
                         "(.png or .pdf)\n");
}

/* cli/: `checkin --help`'s command summaries and a usage error in
 * Spanish, the commands' names and options as typed; English without
 * --lang. */
static void the_commands_help_and_usage_errors_in_spanish(void)
{
    plain_environment();
    const char *out, *err;
    EXPECT_INT(tu_checkin("--lang es --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Usage: checkin COMMAND [OPTIONS] [ARGS]\n");
    EXPECT_CONTAINS(out, "\n  import      importa inscripciones (CSV o "
                         "JSON de pretix)\n");
    EXPECT_CONTAINS(out, "  -h, --help     muestra esta ayuda\n");
    EXPECT_NOT_CONTAINS(out, "import registrations (CSV or pretix JSON)");
    EXPECT_NOT_CONTAINS(out, "Badge-scanning check-in");
    EXPECT_INT(tu_checkin("--lang es scan --bogus", &out, &err), 2);
    EXPECT_CONTAINS(err, "checkin scan: la opción '--bogus' no existe o "
                         "necesita un valor. Prueba 'checkin scan "
                         "--help'.\n");
    EXPECT_INT(tu_checkin("--lang es merge --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Usage: checkin merge EVENT.db STATION.db...\n"
                         "Añade cada lectura y cada contacto");
    EXPECT_NOT_CONTAINS(out, "Add every scan and lead");
    EXPECT_INT(tu_checkin("--lang es dashboard --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "  -l, --listen=ADDR:PORT  dónde escuchar "
                         "(127.0.0.1:8080)");
    EXPECT_INT(tu_checkin("--lang es verify", &out, &err), 2);
    EXPECT_CONTAINS(err, "checkin verify: se esperaban EVENT.db y PAYLOAD. "
                         "Prueba 'checkin verify --help'.\n");
    EXPECT_INT(tu_checkin("--lang es stats --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Usage: checkin stats EVENT.db\nInscripciones por "
                         "estado");
    EXPECT_NOT_CONTAINS(out, "Registrations by status");
    EXPECT_INT(tu_checkin("merge --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Add every scan and lead of the station files");
    EXPECT_INT(tu_checkin("--help", &out, &err), 0);
    EXPECT_CONTAINS(out, "\n  import      import registrations (CSV or "
                         "pretix JSON)\n");
    EXPECT_CONTAINS(out, "Badge-scanning check-in for community "
                         "conferences.\n");
    EXPECT_INT(tu_checkin("scan --bogus", &out, &err), 2);
    EXPECT_CONTAINS(err, "checkin scan: option '--bogus' is unknown or "
                         "needs a value. Try 'checkin scan --help'.\n");
}

static void export_says_its_count_in_spanish_its_json_in_english(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es export '%s' no-shows --format "
                                    "json --out '%s'",
                                    db, tu_path("es.json")),
                          &out, &err),
               0);
    EXPECT_CONTAINS(err, " filas.\n");
    EXPECT_NOT_CONTAINS(err, "rows");
    EXPECT_INT(tu_checkin(tu_format("export '%s' no-shows --format json --out "
                                    "'%s'",
                                    db, tu_path("en.json")),
                          &out, &err),
               0);
    EXPECT_CONTAINS(err, " rows.\n");
    size_t n_es = 0, n_en = 0;
    char *es = tu_read_file(tu_path("es.json"), &n_es);
    char *en = tu_read_file(tu_path("en.json"), &n_en);
    REQUIRE(es && en);
    EXPECT_INT(n_es == n_en && !memcmp(es, en, n_en), 1);
    free(es);
    free(en);
}

/* hub_words.c, join_commands.c and report_commands.c in Spanish. */
static void hub_join_and_the_reports_speak_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin("--lang es hub --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Mantiene las estaciones al día a través de una "
                         "base PostgreSQL, el hub.\n");
    EXPECT_CONTAINS(out, "(escucha en 0.0.0.0:8444)\n");
    EXPECT_CONTAINS(out, "muestra esta ayuda\n");
    EXPECT_INT(tu_checkin("--lang es join --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Hace de esta máquina una estación del evento");
    EXPECT_INT(tu_checkin("--lang es join 'https://x/y'", &out, &err), 1);
    EXPECT_CONTAINS(err, "Esto no es un enlace de alta completo");
    EXPECT_INT(tu_checkin(tu_format("--lang es stats '%s'", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "Inscripciones: 300 (279 pagadas, ");
    EXPECT_NOT_CONTAINS(out, "Registrations:");
    /* The table's headings translated, its columns padded by the
     * terminal's columns (two a Japanese character), not by bytes: the
     * numbers' right edges under their headings'. */
    EXPECT_INT(tu_checkin(tu_format("--lang ja stats '%s'", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "\nチケット種別   有効 支払済   未払い       取消    "
                         "受付済み\nindividual      106    101        5     "
                         "     6           0\n");
    EXPECT_CONTAINS(out, "\nチュートリアル            登録   席数     入室\n"
                         "asyncio-practice            15     23        0\n");
    EXPECT_INT(tu_checkin(tu_format("--lang es attendees '%s' --no-badge", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(err, "Todas las personas acreditadas en un mostrador "
                         "tienen la credencial impresa.\n");
}

/* A pretix export that is not JSON is refused in one sentence, the JSON
 * reader's phrase of what is wrong (import/json_read.c) translated in it
 * too; nothing is imported. */
static void a_broken_exports_whole_sentence_is_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    static const char broken[] = "{\"event\": {\"orders\": [\n{,}\n]}}";
    REQUIRE(tu_write_file(tu_path("broken.json"), broken, sizeof(broken) - 1) ==
            0);
    EXPECT_INT(tu_checkin(tu_format("--lang es import '%s' '%s'", db,
                                    tu_path("broken.json")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "broken.json:2: ");
    EXPECT_CONTAINS(err, "(la clave de un objeto no es una cadena)");
    EXPECT_NOT_CONTAINS(err, "key");
}

static void verify_says_spanish_its_json_stays_english(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 48243", db), &out, &err), 0);
    char code[512];
    snprintf(code, sizeof(code), "%.*s", (int)strcspn(out, "\n"), out);
    EXPECT_INT(tu_checkin(tu_format("--lang es verify '%s' '%s'", db, code),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "VÁLIDA: Olivia Hartley-Whitmore (individual)\n");
    EXPECT_INT(
        tu_checkin(tu_format("--lang es verify '%s' '%s' --json", db, code),
                   &out, &err),
        0);
    char *es = strdup(out);
    REQUIRE(es);
    EXPECT_INT(
        tu_checkin(tu_format("verify '%s' '%s' --json", db, code), &out, &err),
        0);
    EXPECT_STR(es, out);
    EXPECT_CONTAINS(es, "\"valid\":true,\"reason\":\"valid\"");
    free(es);
}

/* An order's status as `attendees` lists it, in the organizer's language
 * (store/order_status_word.c, the word the desk says too): "pagado" in
 * Spanish, its column lined up by the columns a Japanese word takes, and
 * --json's "status" the English code in any language. */
static void the_order_status_is_said_in_spanish_json_keeps_the_code(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s' 48243", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, " pagado    ");
    EXPECT_NOT_CONTAINS(out, "paid");
    EXPECT_INT(
        tu_checkin(tu_format("--lang ja attendees '%s' 48243", db), &out, &err),
        0);
    char *ja = strdup(out);
    REQUIRE(ja);
    EXPECT_INT(tu_checkin(tu_format("attendees '%s' 48243", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, " paid      ");
    /* The ticket type starts at the same terminal column in both. */
    const char *en_type = strstr(out, "individual");
    const char *ja_type = strstr(ja, "individual");
    REQUIRE(en_type && ja_type);
    char head[256];
    snprintf(head, sizeof(head), "%.*s", (int)(ja_type - ja), ja);
    EXPECT_INT((int)text_columns(head), (int)(en_type - out));
    free(ja);
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s' 48243 --json", db), &out,
                   &err),
        0);
    EXPECT_CONTAINS(out, "\"status\":\"paid\"");
    EXPECT_NOT_CONTAINS(out, "pagado");
    /* verify's refused code names the holder's order status in Spanish
     * too (a code replaced by --new), --json its English code. */
    const char *old = tu_copy(db, "status.db");
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 48243 --key '%s'", old,
                                    tu_path("event.key")),
                          &out, &err),
               0);
    char code[512];
    snprintf(code, sizeof(code), "%.*s", (int)strcspn(out, "\n"), out);
    EXPECT_INT(tu_checkin(tu_format("issue '%s' 48243 --new --key '%s'", old,
                                    tu_path("event.key")),
                          &out, &err),
               0);
    EXPECT_INT(tu_checkin(tu_format("--lang es verify '%s' '%s'", old, code),
                          &out, &err),
               1);
    EXPECT_CONTAINS(out, ", pagado]\n");
    EXPECT_INT(
        tu_checkin(tu_format("--lang es verify '%s' '%s' --json", old, code),
                   &out, &err),
        1);
    EXPECT_CONTAINS(out, "\"order_status\":\"paid\"");
}

/* The scanner's and the badge's errors (scanner/ and badge/ in
 * po/ERROR-ROOMS) in the station's language through the real command: an
 * image file that is not there, a USB scanner that cannot be opened (the
 * system's own words, strerror's, kept inside), a signing key file others may
 * read, and a refused code's sentence as `verify` says it, with its reason's
 * token and --json staying English. */
static void a_scanners_and_a_badges_errors_are_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    const char *png = tu_path("missing.png");
    EXPECT_INT(tu_checkin(tu_format("--lang es decode '%s'", png), &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("checkin: %s: no existe el archivo; "
                                   "revisa la ruta.",
                                   png));
    EXPECT_NOT_CONTAINS(err, "no such file");
    const char *kbd = tu_path("no-scanner");
    EXPECT_INT(tu_checkin(tu_format("--lang es scan '%s' --station desk "
                                    "--keyboard='%s'",
                                    db, kbd),
                          &out, &err),
               1);
    EXPECT_CONTAINS(
        err, tu_format("checkin: No se puede abrir el lector %s: ", kbd));
    EXPECT_NOT_CONTAINS(err, "Cannot open the scanner");
    /* A copy of the event's key that others may read is refused. */
    char *key = tu_read_file(tu_path("event.key"), NULL);
    REQUIRE(key);
    const char *open_key = tu_path("open.key");
    REQUIRE(tu_write_file(open_key, key, strlen(key)) == 0);
    free(key);
    REQUIRE(chmod(open_key, 0644) == 0);
    EXPECT_INT(tu_checkin(tu_format("--lang es badge '%s' 48243 --key '%s' "
                                    "--out '%s'",
                                    db, open_key, tu_path("b.png")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err,
                    tu_format("checkin: El archivo de clave de firma %s lo "
                              "pueden leer o cambiar otros usuarios (modo "
                              "0644); ejecuta `chmod 600 %s` e inténtalo "
                              "de nuevo.",
                              open_key, open_key));
    EXPECT_NOT_CONTAINS(err, "can be read or changed");
    EXPECT_INT(tu_checkin(tu_format("--lang es verify '%s' 'CK2:ABC'", db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(out, "NO VÁLIDA (malformed): El código de esta credencial "
                         "está dañado o incompleto; ");
    EXPECT_NOT_CONTAINS(out, "damaged or incomplete");
    EXPECT_INT(
        tu_checkin(tu_format("--lang es verify '%s' 'CK2:ABC' --json", db),
                   &out, &err),
        1);
    EXPECT_CONTAINS(out, "\"message\":\"This badge code is damaged or "
                         "incomplete; ");
    /* A door says the same refusal in the station's language: its JSON
     * line's reason_text (JSON escapes the accents), its code English;
     * on a copy, so that the demo's journal stays as the other cases read
     * it. */
    const char *door = tu_copy(db, "door-es.db");
    EXPECT_INT(tu_checkin_in(tu_format("--lang es scan '%s' --station "
                                       "door:pandas-intro --name d-es --json "
                                       "--keyboard",
                                       door),
                             "CK2:ABC\n", &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"reason\":\"malformed\"");
    EXPECT_CONTAINS(out, "digo de esta credencial est");
    EXPECT_CONTAINS(out, "o incompleto; escan");
    EXPECT_NOT_CONTAINS(out, "damaged or incomplete");
}

/* The days a report says, in the organizer's language from the
 * catalogue on a machine with only the C locale ("mié 12 may", "Mi
 * 12. Mai", "5月12日(水)"), the JSON's ISO time the same in each. */
static void a_report_says_its_days_in_the_organizers_language(void)
{
    plain_environment();
    setenv("LC_ALL", "C", 1);
    const char *db = tu_copy(tu_demo_event(), "days.db");
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name d1 "
                                       "--keyboard --json --clock "
                                       "'2027-05-12 09:00'",
                                       db),
                             "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h\n", &out, &err),
               0);
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s' 48243", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, " - acreditada el mié 12 may 09:00 en d1");
    EXPECT_INT(
        tu_checkin(tu_format("--lang de attendees '%s' 48243", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, " - eingecheckt Mi 12. Mai 09:00 an d1");
    EXPECT_INT(
        tu_checkin(tu_format("--lang ja attendees '%s' 48243", db), &out, &err),
        0);
    EXPECT_CONTAINS(out, "5月12日(水) 09:00");
    EXPECT_INT(
        tu_checkin(tu_format("--lang fr attendees '%s' 48243 --json", db), &out,
                   &err),
        0);
    EXPECT_CONTAINS(out, "\"checked_in\":{\"at\":\"2027-05-12 09:00\"");
    /* A desk's correction, noted in Spanish (commands/registration_desk.c),
     * its day too. */
    EXPECT_INT(tu_checkin(tu_format("--lang es edit '%s' 48243 --given-name "
                                    "Livvy --station d2",
                                    db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "  nombre: Livvy, corregido en d2 el ");
    EXPECT_CONTAINS(out, "; la exportación dice Olivia\n");
    EXPECT_NOT_CONTAINS(out, "edited at");
    unsetenv("LC_ALL");
}

/* Counts as the language writes them (common/i18n_number.c): `stats` of
 * 1,300 registrations in German "1.300", in Hindi "1,300", in English
 * "1300" as before; a desk's --json "earlier" stays English with its
 * English day in a German run, its times as data in "earlier_at". */
static void numbers_and_the_earlier_line_by_language(void)
{
    plain_environment();
    setenv("LC_ALL", "C", 1);
    const char *db = tu_copy(tu_demo_event(), "numbers.db");
    const char *csv = tu_path("more.csv");
    FILE *f = fopen(csv, "w");
    REQUIRE(f);
    fputs("ticket_id,order_code,status,ticket_type,secret,given_name\n", f);
    for (int i = 0; i < 1000; i++)
        fprintf(f, "9%05d,O%05d,paid,individual,numbersecret%06dx,P%d\n", i, i,
                i, i);
    fclose(f);
    const char *out, *err;
    /* The import says its counts in German, as German writes numbers;
     * English's line is as before. */
    EXPECT_INT(tu_checkin(tu_format("--lang de import '%s' '%s'", db, csv),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, ": 1.000 hinzugefügt, 0 aktualisiert, 0 storniert, "
                         "0 unverändert, 0 abgelehnt, 0 Warnungen");
    EXPECT_INT(tu_checkin(tu_format("import '%s' '%s'", db, csv), &out, &err),
               0);
    EXPECT_CONTAINS(out, ": 0 added, 0 updated, 0 cancelled, 1000 unchanged, "
                         "0 rejected, 0 warnings");
    EXPECT_INT(tu_checkin(tu_format("--lang de stats '%s'", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "Anmeldungen: 1.300 (1.279 bezahlt, ");
    EXPECT_CONTAINS(out, "\nindividual  1.106   1.101 ");
    EXPECT_INT(tu_checkin(tu_format("--lang hi stats '%s'", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, ": 1,300 (1,279 ");
    EXPECT_INT(tu_checkin(tu_format("--lang en stats '%s'", db), &out, &err),
               0);
    EXPECT_CONTAINS(out, "Registrations: 1300 (1279 paid, ");
#define SCAN                                                                   \
    "--lang de scan '%s' --station desk --name d1 --keyboard --json "          \
    "--clock '%s'"
    EXPECT_INT(tu_checkin_in(tu_format(SCAN, db, "2027-05-12 09:00"),
                             "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h\n", &out, &err),
               0);
    EXPECT_INT(tu_checkin_in(tu_format(SCAN, db, "2027-05-13 09:00"),
                             "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h\n", &out, &err),
               0);
    EXPECT_CONTAINS(out, "\"earlier\":\"checked in Wed 09:00 at d1\"");
    EXPECT_CONTAINS(out, "\"earlier_at\":[{\"what\":\"checked in\","
                         "\"target\":\"\",\"station\":\"d1\",\"at_ms\":");
#undef SCAN
    unsetenv("LC_ALL");
}

/* A station's library error in the station's language (issue 53): the
 * format of station/'s ck_fail translated, the name typed in its place;
 * English without --lang. */
static void a_station_error_is_said_in_the_stations_language(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es scan '%s' --station kiosko "
                                    "--keyboard",
                                    db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "checkin: 'kiosko' no es una estación; usa desk, ");
    EXPECT_NOT_CONTAINS(err, "is not a station");
    EXPECT_INT(tu_checkin(tu_format("--lang ja scan '%s' --station kiosko "
                                    "--keyboard",
                                    db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "checkin: 'kiosko' は端末ではありません。desk, ");
    EXPECT_INT(
        tu_checkin(tu_format("scan '%s' --station kiosko --keyboard", db), &out,
                   &err),
        1);
    EXPECT_CONTAINS(err, "checkin: 'kiosko' is not a station; use desk, ");
}

/* A station profile's refused line in the station's language: its
 * format (file, line, key and value in place) is the catalogue's. */
static void a_profiles_refusal_is_said_in_spanish(void)
{
    plain_environment();
    const char *bad = tu_path("bad-profile.ini");
    static const char ini[] = "[station]\nstation = desk\ncooldown = nunca\n";
    REQUIRE(tu_write_file(bad, ini, sizeof(ini) - 1) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es scan '%s' --profile '%s'",
                                    tu_demo_event(), bad),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "bad-profile.ini:3: cooldown = nunca: da segundos, "
                         "p. ej. 3.");
    EXPECT_NOT_CONTAINS(err, "give seconds");
}

/* A command that names the file before printer/'s error says that error
 * in its language too: one sentence, one language. */
static void a_wrapped_printer_error_is_said_whole_in_spanish(void)
{
    plain_environment();
    const char *junk = tu_path("junk.bin");
    REQUIRE(tu_write_file(junk, "hello, not a job", 16) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es print-preview '%s' --out '%s'",
                                    junk, tu_path("preview")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("%s: Esto no es salida de impresora de "
                                   "etiquetas que escriba checkin",
                                   junk));
    EXPECT_NOT_CONTAINS(err, "This is not");
}

/* A Brother QL stream of `labels` blank labels, cut short inside the
 * next: the invalidate and ESC @ every QL job opens with (printer/ql.c),
 * then for each label a blank raster line and a form feed. */
static const char *cut_ql_stream(const char *name, int labels)
{
    char bytes[448 + 2 + 2 * 8];
    size_t n = 0;
    memset(bytes, 0, 448);
    n = 448;
    bytes[n++] = 0x1b;
    bytes[n++] = 0x40;
    for (int i = 0; i < labels; i++) {
        bytes[n++] = 'Z';
        bytes[n++] = 0x0c;
    }
    const char *path = tu_path(name);
    if (tu_write_file(path, bytes, n) != 0)
        TU_FAIL_AT("could not write %s", path);
    return path;
}

/* `print-preview` of a print cut short says its whole labels before the
 * cut with the count's plural form (issue 53 item 1, ck_failn): "1 whole
 * label", "2 whole labels", in English and in Spanish. */
static void a_cut_prints_whole_labels_are_said_in_their_plural_form(void)
{
    plain_environment();
    static const struct {
        const char *lang;
        int labels;
        const char *want;
    } runs[] = {
        {"en", 1, ": 1 whole label before it."},
        {"en", 2, ": 2 whole labels before it."},
        {"es", 1, ": 1 etiqueta completa antes."},
        {"es", 2, ": 2 etiquetas completas antes."},
    };
    for (size_t r = 0; r < sizeof(runs) / sizeof(runs[0]); r++) {
        const char *cut =
            cut_ql_stream(tu_format("cut-%zu.bin", r), runs[r].labels);
        const char *out, *err;
        EXPECT_INT(tu_checkin(tu_format("--lang %s print-preview '%s' --out "
                                        "'%s'",
                                        runs[r].lang, cut,
                                        tu_path(tu_format("cut-%zu", r))),
                              &out, &err),
                   1);
        EXPECT_CONTAINS(err, runs[r].want);
    }
}

/* A label template refused in the organizer's language (printer/ in
 * po/ERROR-ROOMS): each refusal of printer/template.c is one whole
 * sentence in the catalogues, the file and line, what is wrong and what
 * to write, said in Spanish by `badge --template` with its values in
 * place; English without --lang. */
static void a_label_templates_refusal_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    static const char head[] = "[label]\nkind = badge\nmedia = die-cut\n"
                               "width = 62\nlength = 100\ndpi = 300\n"
                               "printable = 696 x 1109\n[field name]\n"
                               "kind = text\n";
    const char *red = tu_path("red.ini");
    const char *red_text =
        tu_format("%ssource = badge_name\nbox = 0, 0, 50, 20\nsize = 24\n"
                  "colour = red\n",
                  head);
    REQUIRE(tu_write_file(red, red_text, strlen(red_text)) == 0);
    const char *tutorial = tu_path("tutorial.ini");
    const char *tutorial_text =
        tu_format("%ssource = tutorial_room\nbox = 0, 0, 50, 20\n"
                  "size = 24\n",
                  head);
    REQUIRE(tu_write_file(tutorial, tutorial_text, strlen(tutorial_text)) == 0);
    /* The command, in a language or not, for a template. */
#define BADGE_WITH "%sbadge --template '%s' '%s' 48243 --key '%s' --out '%s'"
    const char *key = tu_path("event.key");
    EXPECT_INT(tu_checkin(tu_format(BADGE_WITH, "--lang es ", red, db, key,
                                    tu_path("red.png")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("%s:13: colour debe ser #RRGGBB, no "
                                   "'red'; corrige la plantilla.",
                                   red));
    EXPECT_NOT_CONTAINS(err, "must be");
    EXPECT_INT(tu_checkin(tu_format(BADGE_WITH, "--lang es ", tutorial, db, key,
                                    tu_path("tutorial.png")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("%s:10: [field name]: una credencial no "
                                   "tiene tutorial; usa una plantilla de "
                                   "entrada (kind = ticket) para "
                                   "tutorial_room.",
                                   tutorial));
    EXPECT_NOT_CONTAINS(err, "has no tutorial");
    EXPECT_INT(
        tu_checkin(tu_format(BADGE_WITH, "", red, db, key, tu_path("r.png")),
                   &out, &err),
        1);
    EXPECT_CONTAINS(err, tu_format("%s:13: colour must be #RRGGBB, not "
                                   "'red'; fix the template.",
                                   red));
#undef BADGE_WITH
}

/* An import refused in the organizer's language (import/ in
 * po/ERROR-ROOMS): one row of an unknown ticket type, nothing stored;
 * the row's own reason and another row's warning (import/ gives them as
 * codes and values, commands/import_report.c says them) in Spanish too,
 * each with what to do. */
static void an_imports_refusal_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "refused.db");
    const char *csv = tu_path("one-bad.csv");
    static const char rows[] =
        "ticket_id,order_code,status,ticket_type,secret,given_name,locale\n"
        "900001,O90001,paid,no-such-type,refusedsecret000001x,Ana,\n"
        "900002,O90002,paid,individual,refusedsecret000002x,Bea,xx!!\n";
    REQUIRE(tu_write_file(csv, rows, sizeof(rows) - 1) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es import '%s' '%s'", db, csv),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("Se rechazó 1 fila de %s, así que no se "
                                   "importó nada; corrígela",
                                   csv));
    EXPECT_CONTAINS(err, tu_format("%s:2: tipo de entrada desconocido "
                                   "'no-such-type'; usa un slug de las "
                                   "secciones [ticket-type] de la "
                                   "descripción del evento.\n",
                                   csv));
    EXPECT_CONTAINS(err, tu_format("%s:3: aviso: locale 'xx!!' no es una "
                                   "etiqueta de idioma como de, pt-BR o "
                                   "ja_JP.UTF-8, así que esta persona se "
                                   "guarda sin idioma y recibe el de la "
                                   "estación; corrige la celda e importa "
                                   "otra vez.\n",
                                   csv));
    EXPECT_NOT_CONTAINS(err, "rejected");
    EXPECT_NOT_CONTAINS(err, "unknown ticket type");
    EXPECT_NOT_CONTAINS(err, "language tag");
}

/* A label printer's media named inside a translated sentence (issue 53):
 * the sentence carries the words ("labels", "roll"), printer/ gives only
 * DYMO's number and the size, so `print-image` says it whole in Spanish,
 * before anything is sent. */
static void a_media_sentence_is_said_whole_in_spanish(void)
{
    plain_environment();
    const char *img = tu_path("dot.pgm");
    static const char pgm[] = "P5 2 2 255\n\0\0\0\0";
    REQUIRE(tu_write_file(img, pgm, sizeof(pgm) - 1) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es print-image '%s' --printer "
                                    "'file:%s' --model 'LabelWriter 450' "
                                    "--media 102x152",
                                    img, tu_path("dymo.bin")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "Las etiquetas DYMO 1744907 (102x152 mm) no caben "
                         "en la LabelWriter 450; usa una LabelWriter 4XL o "
                         "un rollo más estrecho.");
    EXPECT_NOT_CONTAINS(err, "labels");
    EXPECT_NOT_CONTAINS(err, "4x6 in");
}

/* An event description refused in the organizer's language (event/ in
 * po/ERROR-ROOMS): a line the INI reader refuses and a value a
 * section's parser refuses ([open-spaces]' hours), each one Spanish
 * sentence naming the file's line and the command to run again. */
static void a_broken_event_description_is_said_in_spanish(void)
{
    plain_environment();
    static const char *const drop[] = {"admission", "acknowledge ",
                                       "open-spaces", NULL};
    const char *ini =
        tu_demo_ini("bad-section.ini", drop, "[lunch-bar]\nopens = 12:00\n");
    REQUIRE(ini);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es init '%s' '%s'",
                                    tu_path("bad-section.db"), ini),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "sección desconocida [lunch-bar]; usa [event],");
    EXPECT_CONTAINS(err, "; corrígelo y vuelve a ejecutar init.");
    EXPECT_NOT_CONTAINS(err, "unknown section");
    /* A bare header, no key under it: the same one sentence, no event. */
    ini = tu_demo_ini("bare-section.ini", drop, "[lunch-bar]\n");
    REQUIRE(ini);
    const char *bare = tu_path("bare-section.db");
    EXPECT_INT(tu_checkin(tu_format("--lang es init '%s' '%s'", bare, ini),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "sección desconocida [lunch-bar]; usa [event],");
    EXPECT_INT((long)(strchr(err, '\n') - err) + 1, (long)strlen(err));
    EXPECT_TRUE(access(bare, F_OK) != 0 ||
                tu_sql_int(bare, "SELECT count(*) FROM event") == 0);
    ini = tu_demo_ini("bad-hours.ini", drop,
                      "[open-spaces]\nrooms = 201:40\ndays = 2027-05-14\n"
                      "hours = 17:00-10:00\nslot = 60\n");
    REQUIRE(ini);
    EXPECT_INT(tu_checkin(tu_format("--lang es init '%s' '%s'",
                                    tu_path("bad-hours.db"), ini),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "'17:00-10:00' no es un horario; escríbelo como "
                         "hours = 10:00-17:00, el final después del inicio; "
                         "corrígelo y vuelve a ejecutar init.");
}

/* A station whose clock is off the event's days says so at start in the
 * station's language (clock_check's finding, station_clock_sentence),
 * and still checks in: --json's lines keep their English codes. */
static void a_clock_off_the_event_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "clock-es.db");
    const char *out, *err;
    EXPECT_INT(tu_checkin_in(tu_format("--lang es scan '%s' --station desk "
                                       "--name d1 --keyboard --json --clock "
                                       "'2027-06-01 09:00'",
                                       db),
                             "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h\n", &out, &err),
               0);
    EXPECT_CONTAINS(err, "El reloj dado con --clock marca 2027-06-01 09:00, "
                         "pero PyCon Demo 2027 es del 2027-05-12 al "
                         "2027-05-20; comprueba la fecha dada a --clock.");
    EXPECT_NOT_CONTAINS(err, "The clock given");
    EXPECT_CONTAINS(out, "\"reason\":\"checked-in\"");
}

/* `checkin event`'s report of what changed in the organizer's language
 * (event/ returns the changes as data, commands/ says each line): a
 * tutorial moved and given seats, a new one with one seat (ngettext). */
static void what_checkin_event_changed_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "event-es.db");
    const char *ini = tu_path("event-es.ini");
    REQUIRE(tu_sh("sed -e '/^.tutorial pandas-intro/,/^$/ {' "
                  "-e 's/^room = 101A$/room = Hall B/' "
                  "-e 's/^capacity = 26$/capacity = 40/' -e '}' '%s' > '%s' "
                  "&& printf '\\n[tutorial late-rust]\\ntitle = Rust\\n"
                  "room = 204\\nstart = 2027-05-13 13:30\\n"
                  "end = 2027-05-13 17:00\\ncapacity = 1\\n' >> '%s'",
                  tu_demo_event_ini(), ini, ini) == 0);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("--lang es event '%s' '%s'", db, ini), &out, &err),
        0);
    EXPECT_STR(out, "tutorial pandas-intro: sala 101A -> Hall B; capacidad "
                    "26 -> 40\n"
                    "nuevo tutorial late-rust: «Rust» en 204, de 2027-05-13 "
                    "13:30 a 17:00, 1 plaza\n");
}

/* `checkin LANG print` of ticket 48243 in `db` to a loopback Zebra out
 * of labels, which must exit 1: the printer's port (-1: none started),
 * its standard error in *err. */
static int print_with_no_labels(const char *lang, const char *db,
                                const char **err)
{
    struct tcp_printer *zebra = tcp_printer_start(TCP_PRINTER_ZEBRA);
    if (!zebra) {
        TU_FAIL_AT("no loopback Zebra could be started");
        return -1;
    }
    tcp_printer_paper_out(zebra, true);
    int port = tcp_printer_port(zebra);
    const char *out;
    EXPECT_INT(tu_checkin(tu_format("%sprint '%s' 48243 --printer "
                                    "tcp:127.0.0.1:%d --model ZD420-300 "
                                    "--media 62x100",
                                    lang, db, port),
                          &out, err),
               1);
    tcp_printer_stop(zebra);
    return port;
}

/* A printer's fault through `checkin print` in the organizer's language
 * (printer/ in po/ERROR-ROOMS): the Zebra's state sentence with the
 * printer's name and the labels to load in place, and print's own
 * advice after it, both Spanish. */
static void a_printers_fault_is_said_in_spanish_by_print(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *err;
    int port = print_with_no_labels("--lang es ", db, &err);
    REQUIRE(port > 0);
    EXPECT_CONTAINS(err, tu_format("ZD420-300 on tcp 127.0.0.1:%d: no hay "
                                   "etiquetas cargadas. Carga etiquetas de "
                                   "62x100 mm. Luego ejecuta el mismo "
                                   "comando otra vez",
                                   port));
    EXPECT_NOT_CONTAINS(err, "no labels are loaded");
}

/* A label that failed in an earlier run (`print` in English, the
 * printer out of labels) is said in the reader's language by a later
 * command, from what its English was made of (print_job.error_kept,
 * local schema 28); the file's sentence and --json stay English. */
static void a_failed_label_of_an_earlier_run_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "failed-label.db");
    REQUIRE(chmod(tu_copy(tu_path("event.key"), "failed-label.key"), 0600) ==
            0);
    const char *out, *err;
    int port = print_with_no_labels("", db, &err);
    REQUIRE(port > 0);
    EXPECT_CONTAINS(err, "no labels are loaded");
    /* Checked in after, at a desk with no printer. */
    EXPECT_INT(tu_checkin_in(tu_format("scan '%s' --station desk --name d1 "
                                       "--keyboard --json --clock "
                                       "'2027-05-12 09:00'",
                                       db),
                             "xkb346zeaty3cvp6ghfc8fsz2wuhkq4h\n", &out, &err),
               0);
    EXPECT_INT(tu_checkin(tu_format("--lang es attendees '%s' --no-badge", db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, tu_format("ZD420-300 on tcp 127.0.0.1:%d: no hay "
                                   "etiquetas cargadas. Carga etiquetas de "
                                   "62x100 mm.",
                                   port));
    EXPECT_NOT_CONTAINS(out, "no labels are loaded");
    EXPECT_INT(tu_checkin(tu_format("--lang es attendees '%s' --no-badge "
                                    "--json",
                                    db),
                          &out, &err),
               0);
    EXPECT_CONTAINS(out, "no labels are loaded");
}

/* The event file's own errors (store/ in po/ERROR-ROOMS) in the
 * organizer's language: a file that is no event database, and one whose
 * pages SQLite finds damaged, the file's name and SQLite's words kept
 * in place; English without --lang. */
static void a_damaged_event_file_is_said_in_spanish(void)
{
    plain_environment();
    const char *junk = tu_path("not-an-event.db");
    static const char text[] = "name,email\nAna,ana@example.org\n";
    REQUIRE(tu_write_file(junk, text, sizeof(text) - 1) == 0);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s'", junk), &out, &err), 1);
    EXPECT_CONTAINS(err, tu_format("%s no es una base de datos de evento de "
                                   "checkin (cabecera de archivo incorrecta); "
                                   "revisa la ruta",
                                   junk));
    EXPECT_NOT_CONTAINS(err, "is not a checkin event database");
    EXPECT_INT(tu_checkin(tu_format("attendees '%s'", junk), &out, &err), 1);
    EXPECT_CONTAINS(err, "is not a checkin event database (wrong file header)");
    /* SQLite's own words on a file with a page written over: said after
     * the Spanish sentence, as they were. */
    const char *db = tu_copy(tu_demo_event(), "overwritten.db");
    FILE *f = fopen(db, "r+b");
    REQUIRE(f);
    static char junk_page[4096];
    memset(junk_page, 0x5a, sizeof(junk_page));
    REQUIRE(fseek(f, 4096, SEEK_SET) == 0);
    REQUIRE(fwrite(junk_page, 1, sizeof(junk_page), f) == sizeof(junk_page));
    REQUIRE(fclose(f) == 0);
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s'", db), &out, &err), 1);
    EXPECT_CONTAINS(err, tu_format("%s está dañado", db));
    EXPECT_NOT_CONTAINS(err, "is damaged");
    EXPECT_NOT_CONTAINS(err, " while ");
}

/* What checkin was doing, after an event file's error, is said in the
 * organizer's language too (N_() where it is handed to the store,
 * ck_error_phrase where the sentence is made), SQLite's words kept as
 * they were: a file whose attendee table is gone, searched and counted
 * with --lang es; English without --lang. */
static void what_checkin_was_doing_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "no-attendees.db");
    sqlite3 *h = NULL;
    REQUIRE(sqlite3_open(db, &h) == SQLITE_OK);
    REQUIRE(sqlite3_exec(h, "PRAGMA foreign_keys = OFF; DROP TABLE attendee",
                         NULL, NULL, NULL) == SQLITE_OK);
    REQUIRE(sqlite3_close(h) == SQLITE_OK);
    const char *out, *err;
    EXPECT_INT(
        tu_checkin(tu_format("--lang es attendees '%s' ana", db), &out, &err),
        1);
    EXPECT_CONTAINS(err, tu_format("%s está dañado", db));
    EXPECT_CONTAINS(err, "(buscando asistentes: no such table: attendee).");
    EXPECT_NOT_CONTAINS(err, "looking up attendees");
    EXPECT_INT(tu_checkin(tu_format("--lang es stats '%s'", db), &out, &err),
               1);
    EXPECT_CONTAINS(err, "(contando: no such table: attendee).");
    EXPECT_INT(tu_checkin(tu_format("attendees '%s' ana", db), &out, &err), 1);
    EXPECT_CONTAINS(err, "(looking up attendees: no such table: attendee).");
}

/* A phrase of what checkin was doing (ck_error_phrase) is said in the
 * language spoken, up to its first ": ", inside a wrapped error too,
 * while msg keeps the English; an argument not marked stays as it is. */
static void what_checkin_was_doing_is_translated_where_it_is_said(void)
{
    tu_speak("es");
    struct ck_error e = {0}, w = {0};
    char out[1200];
    ck_fail(&e, CK_EINVAL,
            "The hub (%s) refused a statement; nothing of it was "
            "kept (%s: %s).",
            "hub@db:5432", "reading the stations", "boom");
    ck_error_phrase(&e, 2);
    EXPECT_CONTAINS(e.msg, "(reading the stations: boom)");
    EXPECT_CONTAINS(ck_error_text(&e, out, sizeof(out)),
                    "(leyendo las estaciones: boom).");
    ck_fail(&e, CK_ECORRUPT,
            "%s is damaged; restore it from a backup or re-create "
            "it with 'checkin init' (%s).",
            "ev.db", "looking up attendees: no such table: x");
    EXPECT_CONTAINS(ck_error_text(&e, out, sizeof(out)),
                    "(looking up attendees: no such table: x).");
    ck_error_phrase(&e, 2);
    EXPECT_CONTAINS(ck_error_text(&e, out, sizeof(out)),
                    "(buscando asistentes: no such table: x).");
    ck_wrap(&w, CK_OK, &e, "%s Nothing was checked in; try again.");
    EXPECT_CONTAINS(w.msg, "(looking up attendees: no such table: x).");
    EXPECT_CONTAINS(ck_error_text(&w, out, sizeof(out)),
                    "(buscando asistentes: no such table: x).");
    EXPECT_NOT_CONTAINS(out, "Nothing was checked in");
    tu_speak("en");
}

/* The organizer's reports and exports refused in their language
 * (report/ in po/ERROR-ROOMS): a sponsor or a list the event does not
 * have, each sentence naming those it has, and a lunch report's day off
 * the event's; English without --lang. */
static void a_reports_refusal_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es export '%s' leads --sponsor "
                                    "nadie --out '%s'",
                                    db, tu_path("leads-es.csv")),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("checkin: No hay ningún patrocinador "
                                   "'nadie' en %s; sus patrocinadores son: "
                                   "blue-heron-bank, datawise, ",
                                   db));
    EXPECT_NOT_CONTAINS(err, "There is no sponsor");
    EXPECT_INT(tu_checkin(tu_format("--lang es export '%s' list nadie", db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("checkin: No hay ninguna lista de check-in "
                                   "ni tutorial 'nadie' en %s; las listas y "
                                   "tutoriales son: accessible-dataviz, ",
                                   db));
    EXPECT_INT(tu_checkin(tu_format("--lang es report '%s' lunch --day "
                                    "2001-01-01",
                                    db),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, "checkin: 2001-01-01 no es un día del evento (del "
                         "2027-05-12 al 2027-05-20); da a --day uno de sus "
                         "días.\n");
    EXPECT_INT(tu_checkin(tu_format("export '%s' list nadie", db), &out, &err),
               1);
    EXPECT_CONTAINS(err, "checkin: There is no check-in list or tutorial "
                         "'nadie' in ");
}

/* A common/ error through a command: an export's --out refused by the
 * atomic file (a symbolic link, a folder) in Spanish, with the path in
 * place; nothing is written through the link. */
static void an_exports_refused_file_is_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_demo_event();
    const char *link = tu_path("export-link.csv");
    const char *target = tu_path("export-target.csv");
    unlink(link);
    REQUIRE(symlink(target, link) == 0);
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es export '%s' no-shows --out '%s'",
                                    db, link),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("checkin: %s es un enlace simbólico, y "
                                   "checkin nunca escribe a través de uno; da "
                                   "la ruta del propio archivo.\n",
                                   link));
    EXPECT_NOT_CONTAINS(err, "symbolic link");
    EXPECT_INT(access(target, F_OK), -1);
    const char *dir = tu_path("export-folder");
    REQUIRE(tu_sh("mkdir -p '%s'", dir) == 0);
    EXPECT_INT(tu_checkin(tu_format("--lang es export '%s' no-shows --out '%s'",
                                    db, dir),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("checkin: %s no es un archivo normal; da el "
                                   "nombre de un archivo que escribir.\n",
                                   dir));
}

/* The hub's rooms (sync/, hub/, pg/) say their refusals in the
 * organizer's language through the real commands: `checkin sync` of a
 * file enrolled nowhere, `hub status` of an event published to no hub,
 * and `hub init` against a hub address where nothing listens (a port
 * this test holds bound and never listens on, so the connection is
 * refused at once): "No se puede conectar con el hub (...)", the
 * address written the same in any language and libpq's own words kept
 * inside the Spanish sentence, in UTF-8.  English without --lang. */
static void the_hubs_refusals_are_said_in_spanish(void)
{
    plain_environment();
    const char *db = tu_copy(tu_demo_event(), "unpublished.db");
    const char *out, *err;
    EXPECT_INT(tu_checkin(tu_format("--lang es sync '%s'", db), &out, &err), 1);
    EXPECT_CONTAINS(err, tu_format("%s no está dado de alta en ningún hub; "
                                   "crea el archivo de una estación con "
                                   "'checkin hub add-station'",
                                   db));
    EXPECT_NOT_CONTAINS(err, "is not enrolled at a hub");
    EXPECT_INT(tu_checkin(tu_format("sync '%s'", db), &out, &err), 1);
    EXPECT_CONTAINS(err, tu_format("%s is not enrolled at a hub", db));
    EXPECT_INT(
        tu_checkin(tu_format("--lang es hub status '%s'", db), &out, &err), 1);
    EXPECT_CONTAINS(err, tu_format("%s no está publicado en un hub; ejecuta "
                                   "primero 'checkin hub init %s URL'.",
                                   db, db));
    EXPECT_NOT_CONTAINS(err, "is not published");
    /* Bound, not listening: a connection to it is refused. */
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t alen = sizeof(a);
    REQUIRE(bind(fd, (struct sockaddr *)&a, sizeof(a)) == 0);
    REQUIRE(getsockname(fd, (struct sockaddr *)&a, &alen) == 0);
    int port = ntohs(a.sin_port);
    EXPECT_INT(tu_checkin(tu_format("--lang es hub init '%s' "
                                    "'postgresql://nobody@127.0.0.1:%d/hub'",
                                    db, port),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("No se puede conectar con el hub "
                                   "(hub@127.0.0.1:%d): ",
                                   port));
    EXPECT_CONTAINS(err, "; revisa la red, que su PostgreSQL esté en marcha");
    EXPECT_NOT_CONTAINS(err, "Cannot connect");
    /* libpq's and the C library's own words, in Spanish where their
     * catalogues are installed (Debian's libpq5 and libc-l10n), are
     * UTF-8 as the sentence around them, not '?' for each accent. */
    if (strstr(err, "servidor en"))
        EXPECT_CONTAINS(err, "falló la conexión al servidor en");
    if (strstr(err, "rehusada"))
        EXPECT_CONTAINS(err, "Conexión rehusada");
    EXPECT_INT(tu_checkin(tu_format("hub init '%s' "
                                    "'postgresql://nobody@127.0.0.1:%d/hub'",
                                    db, port),
                          &out, &err),
               1);
    EXPECT_CONTAINS(err, tu_format("Cannot connect to the hub "
                                   "(hub@127.0.0.1:%d): ",
                                   port));
    close(fd);
}

/* What the forked child `pid` wrote to the pipe `fd` until it exited,
 * into `got` (`cap` bytes, NUL-ended); the child must exit 0. */
static void child_said(int fd[2], pid_t pid, char *got, size_t cap)
{
    close(fd[1]);
    size_t n = 0;
    ssize_t r;
    while (n < cap - 1 && (r = read(fd[0], got + n, cap - 1 - n)) > 0)
        n += (size_t)r;
    got[n] = '\0';
    close(fd[0]);
    int st = 0;
    REQUIRE(waitpid(pid, &st, 0) == pid);
    EXPECT_INT(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st), 0);
}

/* A station's sentence around the event file's error (ck_wrap): both
 * said in the station's language, each from its own catalogue entry,
 * while msg, which the --json lines and the logs keep, stays the
 * English of both. */
static void a_wrapped_store_error_is_said_whole_in_spanish(void)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        plain_environment();
        child_speaks("es", true);
        struct ck_error e = {0}, w = {0};
        ck_fail(&e, CK_EBUSY,
                "%s is in use by another checkin process; wait for it "
                "to finish or stop it, then try again (%s).",
                "ev.db", "beginning a write: database is locked");
        ck_wrap(&w, CK_OK, &e, "%s Nothing was checked in; try again.");
        char said[1200];
        dprintf(fd[1], "%d|%s|%s|", w.code, w.msg,
                ck_error_text(&w, said, sizeof(said)));
        /* Wrapped in place: the inner error is the one written. */
        ck_wrap(&e, CK_EIO, &e, "%s Nothing was undone; try again.");
        dprintf(fd[1], "%d|%s", e.code, ck_error_text(&e, said, sizeof(said)));
        _exit(0);
    }
    static char got[4096];
    child_said(fd, pid, got, sizeof(got));
    EXPECT_STR(got,
               tu_format("%d|ev.db is in use by another checkin process; "
                         "wait for it to finish or stop it, then try again "
                         "(beginning a write: database is locked). Nothing "
                         "was checked in; try again.|ev.db está en uso por "
                         "otro proceso de checkin; espera a que termine o "
                         "detenlo, y luego inténtalo de nuevo (beginning a "
                         "write: database is locked). No se acreditó a "
                         "nadie; inténtalo de nuevo.|%d|ev.db está en uso "
                         "por otro proceso de checkin; espera a que termine "
                         "o detenlo, y luego inténtalo de nuevo (beginning "
                         "a write: database is locked). No se deshizo nada; "
                         "inténtalo de nuevo.",
                         CK_EBUSY, CK_EIO));
}

/* One station or two enrolled under one name (hub/hub.c's ck_failn):
 * msg the English form for the count, and ck_error_text the catalogue's
 * form for it, Japanese's one form with its arguments in its order. */
static void a_count_is_said_in_its_plural_form(void)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        plain_environment();
        static const char *const langs[] = {"en", "de", "ja"};
        for (size_t k = 0; k < 3; k++) {
            child_speaks(langs[k], k == 0);
            struct ck_error e = {0};
            for (int n = 1; n <= 2; n++) {
                ck_failn(&e, CK_EINVAL, (unsigned long)n,
                         "%d station is enrolled as %s; say which with --id "
                         "and the start of its identity, as 'checkin hub "
                         "status %s' shows it (%.8s, %.8s%s).",
                         "%d stations are enrolled as %s; say which with --id "
                         "and the start of its identity, as 'checkin hub "
                         "status %s' shows it (%.8s, %.8s%s).",
                         n, "desk-1", "ev.db", "0123456789", "abcdefghij", "");
                char said[1200];
                dprintf(fd[1], "%s|%s\n", e.msg,
                        ck_error_text(&e, said, sizeof(said)));
            }
        }
        _exit(0);
    }
    static char got[8192];
    child_said(fd, pid, got, sizeof(got));
    const char *one = "1 station is enrolled as desk-1; say which with --id "
                      "and the start of its identity, as 'checkin hub status "
                      "ev.db' shows it (01234567, abcdefgh).";
    const char *two = "2 stations are enrolled as desk-1; say which with --id "
                      "and the start of its identity, as 'checkin hub status "
                      "ev.db' shows it (01234567, abcdefgh).";
    EXPECT_STR(
        got,
        tu_format(
            "%s|%s\n%s|%s\n"
            "%s|1 Station ist als desk-1 angemeldet; gib mit --id den Anfang "
            "der Kennung der gemeinten an, wie 'checkin hub status ev.db' sie "
            "zeigt (01234567, abcdefgh).\n"
            "%s|2 Stationen sind als desk-1 angemeldet; gib mit --id den "
            "Anfang der Kennung der gemeinten an, wie 'checkin hub status "
            "ev.db' sie zeigt (01234567, abcdefgh).\n"
            "%s|desk-1 として 1 台の端末が登録されています。'checkin hub "
            "status ev.db' に表示される ID の先頭を --id で指定してください"
            "（01234567、abcdefgh）。\n"
            "%s|desk-1 として 2 台の端末が登録されています。'checkin hub "
            "status ev.db' に表示される ID の先頭を --id で指定してください"
            "（01234567、abcdefgh）。\n",
            one, one, two, two, one, two, one, two));
}

/* A counter's stock, each count in its language's plural form
 * (ngettext, event/admission.c): "1 minute" and
 * "15 minutes" in English, "queda 1" and "quedan 3" in Spanish, one form
 * in Japanese; none left said whole. */
static void a_stocks_counts_are_said_in_their_plural_forms(void)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        plain_environment();
        static const char *const langs[] = {"en", "es", "ja"};
        for (size_t k = 0; k < 3; k++) {
            child_speaks(langs[k], k == 0);
            const struct list_stock st[] = {
                {.counted = true, .left = 1, .minutes = 1, .warn = true},
                {.counted = true, .left = 3, .minutes = 15, .warn = true},
                {.counted = true, .left = 7, .minutes = -1},
                {.counted = true, .none = true},
            };
            for (size_t i = 0; i < sizeof(st) / sizeof(st[0]); i++) {
                char text[256];
                admission_stock_text(&st[i], "L", text, sizeof(text));
                dprintf(fd[1], "%s\n", text);
            }
        }
        _exit(0);
    }
    static char got[4096];
    child_said(fd, pid, got, sizeof(got));
    EXPECT_STR(got, "L: 1 left, about 1 minute at this rate\n"
                    "L: 3 left, about 15 minutes at this rate\n"
                    "L: 7 left\n"
                    "L: none left; swap (S) or note it\n"
                    "L: queda 1, cerca de 1 minuto a este ritmo\n"
                    "L: quedan 3, cerca de 15 minutos a este ritmo\n"
                    "L: quedan 7\n"
                    "L: no queda nada; cambia (S) o anótalo\n"
                    "L: 残り 1、このペースで約 1 分\n"
                    "L: 残り 3、このペースで約 15 分\n"
                    "L: 残り 7\n"
                    "L: 在庫なし。交換 (S) するか記録してください\n");
}

/* An error kept as a line of text (ck_error_keep) and rebuilt in
 * another run (ck_error_unkeep) is said in that run's language as the
 * one ck_fail made: a wrapper and the error it holds, and a count's
 * form; a damaged line, or one of another sentence, says the English. */
static void a_kept_error_is_said_again_in_spanish(void)
{
    int fd[2];
    REQUIRE(pipe(fd) == 0);
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        close(fd[0]);
        plain_environment();
        child_speaks("es", true);
        struct ck_error e = {0}, w = {0}, back;
        ck_fail(&e, CK_EBUSY,
                "%s is in use by another checkin process; wait for it "
                "to finish or stop it, then try again (%s).",
                "ev.db", "beginning a write: database is locked");
        ck_wrap(&w, CK_OK, &e, "%s Nothing was checked in; try again.");
        char kept[CK_ERROR_KEPT_CAP], said[1200];
        if (!ck_error_keep(&w, kept, sizeof(kept)))
            _exit(3);
        ck_error_unkeep(&back, CK_EIO, w.msg, kept);
        dprintf(fd[1], "%d|%s|", back.code,
                ck_error_text(&back, said, sizeof(said)));
        ck_failn(&e, CK_EINVAL, 2,
                 "%d station is enrolled as %s; say which with --id "
                 "and the start of its identity, as 'checkin hub "
                 "status %s' shows it (%.8s, %.8s%s).",
                 "%d stations are enrolled as %s; say which with --id "
                 "and the start of its identity, as 'checkin hub "
                 "status %s' shows it (%.8s, %.8s%s).",
                 2, "d", "ev.db", "01234567", "abcdefgh", "");
        ck_error_keep(&e, kept, sizeof(kept));
        ck_error_unkeep(&back, CK_EINVAL, e.msg, kept);
        dprintf(fd[1], "%s|", ck_error_text(&back, said, sizeof(said)));
        /* Damaged: a place past the sentence's end; another sentence. */
        ck_error_unkeep(&back, CK_EINVAL, e.msg,
                        "ck1 0 2 1 900 3 1 0 0 0\x1f%s");
        dprintf(fd[1], "%s|", ck_error_text(&back, said, sizeof(said)));
        ck_error_unkeep(&back, CK_EINVAL, "Short.", kept);
        dprintf(fd[1], "%s", ck_error_text(&back, said, sizeof(said)));
        _exit(0);
    }
    static char got[4096];
    child_said(fd, pid, got, sizeof(got));
    const char *two = "2 stations are enrolled as d; say which with --id "
                      "and the start of its identity, as 'checkin hub status "
                      "ev.db' shows it (01234567, abcdefgh).";
    EXPECT_STR(got,
               tu_format("%d|ev.db está en uso por otro proceso de checkin; "
                         "espera a que termine o detenlo, y luego inténtalo "
                         "de nuevo (beginning a write: database is locked). "
                         "No se acreditó a nadie; inténtalo de nuevo.|Hay 2 "
                         "estaciones dadas de alta como d; di cuál con --id y "
                         "el comienzo de su identidad, como lo muestra "
                         "'checkin hub status ev.db' (01234567, abcdefgh).|"
                         "%s|Short.",
                         CK_EIO, two));
}

/* ck_fail keeps each argument's text in msg, and ck_error_render says
 * it in a translation's order: numbered, %%, %.*s, cut safely. */
static void an_error_is_said_in_a_translations_order(void)
{
    struct ck_error e = {0};
    char out[600];
    EXPECT_INT(ck_fail(&e, CK_EINVAL, "%s owes %d (%.*s), 100%% of %zu.", "Ana",
                       -5, 3, "abcdef", (size_t)7),
               CK_EINVAL);
    EXPECT_STR(e.msg, "Ana owes -5 (abc), 100% of 7.");
    EXPECT_INT(ck_error_render(&e, "%2$d: %5$zu, %1$s (%4$.*3$s) 100%%", out,
                               sizeof(out)),
               0);
    EXPECT_STR(out, "-5: 7, Ana (abc) 100%");
    EXPECT_INT(ck_error_render(&e, "%s debe %d (%.*s), el 100%% de %zu.", out,
                               sizeof(out)),
               0);
    EXPECT_STR(out, "Ana debe -5 (abc), el 100% de 7.");
    /* A translation naming an argument the error lacks is not said. */
    EXPECT_INT(ck_error_render(&e, "%9$s", out, sizeof(out)), -1);
    /* A msg changed after ck_fail (appended to) is said as it is. */
    struct ck_error f = e;
    snprintf(f.msg + strlen(f.msg), 20, " More.");
    EXPECT_INT(ck_error_render(&f, "%s", out, sizeof(out)), -1);
    /* A long argument: msg holds what fits, and a small buffer is cut on
     * a character's boundary, terminated. */
    static char name[2000];
    for (size_t i = 0; i + 2 < sizeof(name); i += 2)
        memcpy(name + i, "\xc3\xa9", 2); /* é */
    EXPECT_INT(ck_fail(&e, CK_EINVAL, "x%s is too long.", name), CK_EINVAL);
    EXPECT_INT((int)strlen(e.msg), (int)sizeof(e.msg) - 1);
    char small[8];
    EXPECT_INT(ck_error_render(&e, "%s!", small, sizeof(small)), 0);
    EXPECT_STR(small, "\xc3\xa9\xc3\xa9\xc3\xa9");
}

/* An error recorded where no memory can be had (an out-of-memory
 * path): a child whose address space may not grow still records and
 * says one. */
static void an_error_is_kept_with_no_memory_to_be_had(void)
{
    pid_t pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
        struct rlimit rl;
        if (getrlimit(RLIMIT_AS, &rl))
            _exit(2);
        FILE *f = fopen("/proc/self/statm", "r");
        unsigned long pages = 0;
        if (!f || fscanf(f, "%lu", &pages) != 1)
            _exit(3);
        fclose(f);
        rl.rlim_cur = (rlim_t)pages * (rlim_t)sysconf(_SC_PAGESIZE);
        if (setrlimit(RLIMIT_AS, &rl))
            _exit(4);
        if (mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) != MAP_FAILED)
            _exit(5); /* memory could still be had: no proof */
        struct ck_error e;
        char out[64];
        ck_fail(&e, CK_ENOMEM, "Out of memory reading %s (%zu bytes).", "f.csv",
                (size_t)9);
        if (strcmp(e.msg, "Out of memory reading f.csv (9 bytes).") ||
            ck_error_render(&e, "%2$zu: %1$s", out, sizeof(out)) ||
            strcmp(out, "9: f.csv"))
            _exit(6);
        _exit(0);
    }
    int st = 0;
    REQUIRE(waitpid(pid, &st, 0) == pid);
    EXPECT_INT(WIFEXITED(st) ? WEXITSTATUS(st) : 100 + WTERMSIG(st), 0);
}

/* `demo`, `print` and `decode` print their own --help, and every
 * command's usage error is its own sentence: Spanish with --lang es, the
 * synopsis as it is typed, English with no language asked. */
static void the_organizers_commands_help_and_usage_errors(void)
{
    plain_environment();
    const char *out, *err;
    EXPECT_INT(tu_checkin("--lang es demo --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Usage: checkin demo [--out DIR] [--camera DEV] "
                         "[--printer URI]\n");
    EXPECT_CONTAINS(out, "Crea el evento de demostración incluido (unas 300 "
                         "inscripciones en\n");
    EXPECT_CONTAINS(out, "  --out DIR      la carpeta de salida\n");
    EXPECT_NOT_CONTAINS(out, "Create the bundled demo event");
    EXPECT_INT(tu_checkin("--lang es print --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "  -h, --help               muestra esta ayuda\n");
    EXPECT_NOT_CONTAINS(out, "show this help");
    EXPECT_INT(tu_checkin("--lang de decode --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Liest die QR-Codes in PNG-, JPEG- oder "
                         "PGM-Bildern.\n");
    EXPECT_INT(tu_checkin("--lang es hold EVENT.db", &out, &err), 2);
    EXPECT_CONTAINS(err, "se esperaba EVENT.db TICKET");
    EXPECT_INT(tu_checkin("--lang es hub retire-station", &out, &err), 2);
    EXPECT_CONTAINS(err, "retire-station espera EVENT.db y NAME, y --id ID "
                         "si NAME se dio de alta más de una vez");
    EXPECT_INT(tu_checkin("--lang es expo tokens x.db", &out, &err), 2);
    EXPECT_CONTAINS(err, "tokens necesita --url URL, la dirección de la "
                         "estación");
    EXPECT_INT(tu_checkin("demo --help", &out, &err), 0);
    EXPECT_CONTAINS(out, "Create the bundled demo event (about 300 "
                         "registrations in many scripts)\n");
    EXPECT_NOT_CONTAINS(out, "Crea el evento");
    EXPECT_INT(tu_checkin("hold EVENT.db", &out, &err), 2);
    EXPECT_CONTAINS(err, "expected EVENT.db TICKET");
}

int main(int argc, char **argv)
{
    static const struct tu_case cases[] = {
        TU_CASE(help_in_spanish_and_in_english),
        TU_CASE(the_commands_help_and_usage_errors_in_spanish),
        TU_CASE(export_says_its_count_in_spanish_its_json_in_english),
        TU_CASE(hub_join_and_the_reports_speak_spanish),
        TU_CASE(verify_says_spanish_its_json_stays_english),
        TU_CASE(the_order_status_is_said_in_spanish_json_keeps_the_code),
        TU_CASE(a_scanners_and_a_badges_errors_are_said_in_spanish),
        TU_CASE(a_report_says_its_days_in_the_organizers_language),
        TU_CASE(numbers_and_the_earlier_line_by_language),
        TU_CASE(a_station_error_is_said_in_the_stations_language),
        TU_CASE(a_printers_fault_is_said_in_spanish_by_print),
        TU_CASE(a_failed_label_of_an_earlier_run_is_said_in_spanish),
        TU_CASE(a_profiles_refusal_is_said_in_spanish),
        TU_CASE(a_wrapped_printer_error_is_said_whole_in_spanish),
        TU_CASE(a_cut_prints_whole_labels_are_said_in_their_plural_form),
        TU_CASE(an_imports_refusal_is_said_in_spanish),
        TU_CASE(a_label_templates_refusal_is_said_in_spanish),
        TU_CASE(a_media_sentence_is_said_whole_in_spanish),
        TU_CASE(a_broken_event_description_is_said_in_spanish),
        TU_CASE(a_damaged_event_file_is_said_in_spanish),
        TU_CASE(what_checkin_was_doing_is_said_in_spanish),
        TU_CASE(what_checkin_was_doing_is_translated_where_it_is_said),
        TU_CASE(a_broken_exports_whole_sentence_is_spanish),
        TU_CASE(a_wrapped_store_error_is_said_whole_in_spanish),
        TU_CASE(a_reports_refusal_is_said_in_spanish),
        TU_CASE(an_exports_refused_file_is_said_in_spanish),

        TU_CASE(the_hubs_refusals_are_said_in_spanish),
        TU_CASE(a_clock_off_the_event_is_said_in_spanish),
        TU_CASE(what_checkin_event_changed_is_said_in_spanish),
        TU_CASE(a_count_is_said_in_its_plural_form),
        TU_CASE(a_stocks_counts_are_said_in_their_plural_forms),
        TU_CASE(a_kept_error_is_said_again_in_spanish),
        TU_CASE(an_error_is_said_in_a_translations_order),
        TU_CASE(an_error_is_kept_with_no_memory_to_be_had),
        TU_CASE(the_organizers_commands_help_and_usage_errors),
    };
    return tu_run(cases, sizeof(cases) / sizeof(cases[0]), argc, argv);
}
