/* A station's result as data (issue 51, item 4): its times are UTC ms
 * that the displays write in the event's zone, whether it was journaled
 * is derived from its row, and station_result_copy makes a copy that
 * owns its own parts (freeing one leaves the other whole: AddressSanitizer
 * names a part shared).  No station, no process: results made by hand. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "checkin/i18n.h"
#include "checkin/localtime.h"
#include "checkin/station.h"
#include "checkin/station_sentence.h"
#include "testutil.h"

static int64_t berlin_ms(const char *local)
{
    int64_t t = 0;
    if (event_local_to_utc(local, "Europe/Berlin", &t))
        TU_FAIL_AT("bad time %s", local);
    return t * 1000;
}

static void a_results_times_are_written_in_its_zone(void)
{
    struct station_result r = {0};
    r.tz = "Europe/Berlin";
    r.at_ms = berlin_ms("2027-05-12 09:12") + 30000;
    char hm[STATION_HM_CAP], when[STATION_WHEN_CAP];
    EXPECT_STR(station_result_hm(&r, r.at_ms, hm), "09:12");
    /* the day of the decision: the time alone; another: its weekday */
    EXPECT_STR(station_result_when(&r, berlin_ms("2027-05-12 08:01"), when),
               "08:01");
    EXPECT_STR(station_result_when(&r, berlin_ms("2027-05-11 17:30"), when),
               "Tue 17:30");
    /* a zone tzdata does not list, or none: no time made up */
    r.tz = "Nowhere/Atlantis";
    EXPECT_STR(station_result_hm(&r, r.at_ms, hm), "??:??");
    r.tz = NULL;
    EXPECT_STR(station_result_when(&r, r.at_ms, when), "an earlier time");
}

static void recorded_is_derived_from_the_journal_row(void)
{
    struct station_result r = {0};
    r.reason = STATION_REASON_CHECKED_IN;
    EXPECT_TRUE(!station_result_recorded(&r));
    r.seq = 7;
    EXPECT_TRUE(station_result_recorded(&r));
    /* a group's confirm is recorded as its members' rows, none its own */
    r.seq = 0;
    r.reason = STATION_REASON_GROUP_CHECKED_IN;
    EXPECT_TRUE(station_result_recorded(&r));
    r.reason = STATION_REASON_GROUP_NONE;
    EXPECT_TRUE(station_result_recorded(&r));
}

static void a_copy_owns_its_own_parts(void)
{
    struct station_result a = {0};
    a.tz = "Europe/Berlin";
    a.at_ms = berlin_ms("2027-05-12 09:12");
    a.priv.texts = strdup("desk-1");
    REQUIRE(a.priv.texts != NULL);
    a.priv.texts_len = a.priv.texts_cap = 7;
    a.priv.earlier = calloc(1, sizeof(*a.priv.earlier));
    REQUIRE(a.priv.earlier != NULL);
    a.priv.nearlier = 1;
    a.priv.earlier[0].when_ms = berlin_ms("2027-05-12 08:01");
    struct ck_error full = {0};
    (void)ck_fail(&full, CK_EFULL, "The disk is full.");
    REQUIRE(station_result_set_record_error(&a, &full));
    REQUIRE(a.priv.record_error != NULL);
    struct station_result b;
    REQUIRE(station_result_copy(&b, &a) == CK_OK);
    EXPECT_TRUE(b.priv.texts != a.priv.texts &&
                b.priv.earlier != a.priv.earlier &&
                b.priv.record_error != a.priv.record_error);
    b.priv.texts[0] = 'D';
    EXPECT_STR(station_result_at(&a, 0), "desk-1");
    station_result_free(&a);
    EXPECT_STR(station_result_at(&b, 0), "Desk-1");
    EXPECT_STR(station_record_error(&b), "The disk is full.");
    char when[STATION_WHEN_CAP];
    EXPECT_STR(
        station_result_when(&b, station_result_earlier(&b, 0)->when_ms, when),
        "08:01");
    station_result_free(&b);
}

/* Numbers as the catalogue writes them (common/i18n_number.c): German
 * dots and a decimal comma, Hindi's lakh grouping (3;2), English plain
 * as before. */
static void numbers_are_written_as_the_language_writes_them(void)
{
    char b[I18N_NUMBER_CAP];
    tu_speak("hi");
    EXPECT_INT(i18n_number(1234567, b, sizeof(b)) > 0, 1);
    EXPECT_STR(b, "12,34,567");
    i18n_number(-100000, b, sizeof(b));
    EXPECT_STR(b, "-1,00,000");
    i18n_number(999, b, sizeof(b));
    EXPECT_STR(b, "999");
    tu_speak("de");
    i18n_number(1234567, b, sizeof(b));
    EXPECT_STR(b, "1.234.567");
    i18n_decimal(1234.5, 1, b, sizeof(b));
    EXPECT_STR(b, "1.234,5");
    i18n_decimal(-0.04, 1, b, sizeof(b));
    EXPECT_STR(b, "0,0");
    EXPECT_INT((int)i18n_number(1234567, b, 9), 0); /* "1.234.567" + NUL */
    EXPECT_STR(b, "");
    tu_speak("fr");
    i18n_number(1234, b, sizeof(b));
    EXPECT_STR(b, "1\u202f234");
    tu_speak("en");
    i18n_number(1234567, b, sizeof(b));
    EXPECT_STR(b, "1234567");
    i18n_decimal(2.5, 1, b, sizeof(b));
    EXPECT_STR(b, "2.5");
}

TU_MAIN(TU_CASE(a_results_times_are_written_in_its_zone),
        TU_CASE(recorded_is_derived_from_the_journal_row),
        TU_CASE(a_copy_owns_its_own_parts),
        TU_CASE(numbers_are_written_as_the_language_writes_them))
