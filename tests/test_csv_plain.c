/* The CSV importer's own splitting of a line that is a whole record
 * (import/csv_plain.c) held to libcsv's answers, libcsv being what reads
 * every other line: on hand-written lines, then on random lines of many
 * seeds, both shapes a spreadsheet writes (fields quoted or not, "" and
 * commas inside quotes, spaces around) and junk of quotes, commas, tabs
 * and carriage returns.  Every line the splitter takes must give libcsv's
 * fields and record exactly; a line it leaves to libcsv must give nothing;
 * and it must take most of the spreadsheet-shaped lines, or it saves
 * nothing. */
#include <csv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv_plain.h"
#include "testutil.h"

/* What a parser gave, fields and record ends in order, as bytes: 'F',
 * the length in 4 bytes, the field; 'R' for each record's end. */
struct took {
    unsigned char b[8192];
    size_t n;
};

static void put(struct took *t, const void *p, size_t n)
{
    REQUIRE(t->n + n <= sizeof(t->b));
    memcpy(t->b + t->n, p, n);
    t->n += n;
}

static void on_field(void *data, size_t len, void *user)
{
    struct took *t = user;
    uint32_t n = (uint32_t)len;
    put(t, "F", 1);
    put(t, &n, sizeof(n));
    if (len)
        put(t, data, len);
}

static void on_record(int term, void *user)
{
    (void)term;
    put(user, "R", 1);
}

/* libcsv's answer for one line, as import_csv.c sets it up; false when
 * libcsv refuses the line. */
static bool by_libcsv(const char *line, size_t n, struct took *t)
{
    struct csv_parser p;
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI) != 0) {
        TU_FAIL_AT("csv_init failed");
        return false;
    }
    bool ok = csv_parse(&p, line, n, on_field, on_record, t) == n &&
              csv_fini(&p, on_field, on_record, t) == 0;
    csv_free(&p);
    return ok;
}

/* The two on `line`; whether the splitter took it. */
static bool same_as_libcsv(const char *line, size_t n)
{
    struct took mine = {.n = 0}, theirs = {.n = 0};
    enum csv_plain r = csv_plain_split(line, n, on_field, on_record, &mine);
    if (r == CSV_PLAIN_NOMEM)
        TU_FAIL_AT("out of memory");
    if (r != CSV_PLAIN_DONE) {
        if (mine.n)
            TU_FAIL_AT("a line left to libcsv gave fields: %.*s", (int)n, line);
        return false;
    }
    if (!by_libcsv(line, n, &theirs) || mine.n != theirs.n ||
        memcmp(mine.b, theirs.b, mine.n))
        TU_FAIL_AT("split unlike libcsv (%zu against %zu bytes): [%.*s]",
                   mine.n, theirs.n, (int)n, line);
    return true;
}

static void lines_a_spreadsheet_writes_split_as_libcsv_splits_them(void)
{
    static const char *const taken[] = {
        "a,b,c\n",
        "a,b,c\r\n",
        " a , b\t,\tc \n",
        "\"Lovelace, Ada\",ada@example.org\n",
        "\"She said \"\"hi\"\"\",x\n",
        "  \"q\"  , \"\" ,,\n",
        ",\n",
        "\n",
        "   \t \r\n",
        "\"\"\"\"\n",
        "T-1,ORD-1,paid,Full,s3cr3t,Ada,Lovelace,,she/her,,ada@x,,1,en\n",
    };
    for (size_t i = 0; i < sizeof(taken) / sizeof(taken[0]); i++)
        EXPECT_TRUE(same_as_libcsv(taken[i], strlen(taken[i])));
    /* Libcsv's: a record going on, a carriage return inside, quoting it
     * refuses, no line feed. */
    static const char *const left[] = {
        "\"a\n", "\"open,field\n", "a\rb\n", "a\"b,c\n", "\"a\"x,b\n", "a,b",
    };
    for (size_t i = 0; i < sizeof(left) / sizeof(left[0]); i++)
        EXPECT_TRUE(!same_as_libcsv(left[i], strlen(left[i])));
}

static uint64_t next(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return *s >> 33;
}

/* A field as spreadsheets write them: plain text, or quoted with commas,
 * quotes doubled and spaces inside, spaces or tabs around either. */
static size_t sheet_field(uint64_t *s, char *o)
{
    static const char *const words[] = {"Ada", "Lovelace", "é", "ORD-1",
                                        "a b", "",         "0", "x@y.org"};
    size_t n = 0;
    if (next(s) % 4 == 0)
        o[n++] = next(s) % 2 ? ' ' : '\t';
    bool quoted = next(s) % 3 == 0;
    if (quoted)
        o[n++] = '"';
    for (int k = (int)(next(s) % 4); k > 0; k--) {
        const char *w = words[next(s) % 8];
        memcpy(o + n, w, strlen(w));
        n += strlen(w);
        if (quoted && next(s) % 4 == 0)
            o[n++] = ',';
        if (quoted && next(s) % 5 == 0) {
            o[n++] = '"';
            o[n++] = '"';
        }
    }
    if (quoted)
        o[n++] = '"';
    if (next(s) % 4 == 0)
        o[n++] = ' ';
    return n;
}

static size_t sheet_line(uint64_t *s, char *o)
{
    size_t n = 0;
    for (int f = (int)(next(s) % 20); f >= 0; f--) {
        n += sheet_field(s, o + n);
        if (f)
            o[n++] = ',';
    }
    if (next(s) % 4 == 0)
        o[n++] = '\r';
    o[n++] = '\n';
    return n;
}

/* Junk: pieces the splitter must either get right or leave alone. */
static size_t junk_line(uint64_t *s, char *o)
{
    static const char *const pieces[] = {"a",    " ",  "\t", "\"",  ",",
                                         "\"\"", "\r", "é",  "b c", "\0"};
    static const size_t len[] = {1, 1, 1, 1, 1, 2, 1, 2, 3, 1};
    size_t n = 0;
    for (int k = (int)(next(s) % 24); k > 0; k--) {
        size_t i = next(s) % 10;
        memcpy(o + n, pieces[i], len[i]);
        n += len[i];
    }
    if (next(s) % 8)
        o[n++] = '\n';
    return n;
}

static void random_lines_of_many_seeds_split_as_libcsv_splits_them(void)
{
    char line[4096];
    for (uint64_t seed = 1; seed <= 40; seed++) {
        uint64_t s = seed;
        int sheet = 0, sheet_taken = 0, junk_taken = 0;
        for (int i = 0; i < 2500; i++) {
            size_t n = sheet_line(&s, line);
            sheet++;
            sheet_taken += same_as_libcsv(line, n);
            n = junk_line(&s, line);
            junk_taken += same_as_libcsv(line, n);
        }
        /* Every spreadsheet-shaped line is whole and well quoted. */
        if (sheet_taken != sheet)
            TU_FAIL_AT("seed %llu: %d of %d spreadsheet lines taken",
                       (unsigned long long)seed, sheet_taken, sheet);
        /* Some junk is well formed too: the cases that test the edges. */
        if (junk_taken < 100)
            TU_FAIL_AT("seed %llu: only %d junk lines taken",
                       (unsigned long long)seed, junk_taken);
    }
}

TU_MAIN(TU_CASE(lines_a_spreadsheet_writes_split_as_libcsv_splits_them),
        TU_CASE(random_lines_of_many_seeds_split_as_libcsv_splits_them))
