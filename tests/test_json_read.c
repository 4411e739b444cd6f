/* The pretix export's JSON reader (import/json_read.c) against jansson
 * (json_oracle.c): documents chosen to reach each rule of the grammar
 * (escapes, \u surrogates, numbers, nesting, literals, space, what may
 * not follow what), then the same documents broken at random, each read
 * whole, a byte at a time and in pieces of 7 and 64 bytes, as the import
 * reads a file in chunks.  Both must accept the same documents with the
 * same values and refuse the same, the reader at the same byte however
 * the document is cut. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json_oracle.h"
#include "testutil.h"

static const size_t PIECES[] = {0, 1, 7, 64};

/* Both readings of doc[0 .. len), in each size of piece; false (the
 * test failed) at the first that differs. */
static bool agrees(const char *doc, size_t len, const char *label)
{
    for (size_t k = 0; k < sizeof(PIECES) / sizeof(PIECES[0]); k++) {
        char why[512];
        if (json_oracle_check(doc, len, PIECES[k], why, sizeof(why))) {
            TU_FAIL_AT("%s, pieces of %zu: %s; document: %.*s", label,
                       PIECES[k], why, (int)(len < 300 ? len : 300), doc);
            return false;
        }
    }
    return true;
}

static const char *const DOCS[] = {
    /* values of each kind, and space of each kind round them */
    "{}",
    "[]",
    " \t\r\n{ \"a\" : [ 1 , 2 ] }\n",
    "0",
    "-0",
    "1.5e3",
    "-12.25E-2",
    "1e+2",
    "true",
    "false",
    "null",
    "\"x\"",
    "[[[[]]]]",
    "{\"a\":{\"b\":{\"c\":[null,true,false,{},[]]}}}",
    /* strings: every escape, \u in both cases, surrogate pairs, a NUL */
    "[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]",
    "[\"\\u00e9\\u00C9\\u20ac\"]",
    "[\"\\ud83d\\ude00 and \\uD83D\\uDE00\"]",
    "[\"a\\u0000b\"]",
    "[\"Zo\xc3\xab \xe5\xb0\x8f\xe6\x98\x8e \xf0\x9f\x98\x80\"]",
    "[\"a string of more than eight bytes, \\\"quoted\\\" inside\"]",
    "{\"\\u0063ode\": 1, \"code\": 2}",
    /* surrogates jansson refuses: alone, reversed, followed by a letter */
    "[\"\\ud800\"]",
    "[\"\\udc00\"]",
    "[\"\\ude00\\ud83d\"]",
    "[\"\\ud83d\\u0041\"]",
    "[\"\\ud83dx\"]",
    "{\"\\ud800\": 1}",
    "{\"a\\u0000\": 1}",
    /* bytes that are no UTF-8 */
    "[\"\xff\"]",
    "[\"\xc3\"]",
    "[\"\xc0\xaf\"]",
    "[\"\xed\xa0\x80\"]",
    "{\"\xfe\": 1}",
    "[\"abcdefgh\xe2\x82\"]",
    /* escapes and controls that are not JSON */
    "[\"\\x41\"]",
    "[\"\\u12\"]",
    "[\"\\u12G4\"]",
    "[\"\\\"]",
    "[\"a\tb\"]",
    "[\"a\nb\"]",
    "[\"abcdefghij\x01\"]",
    "[\"\\ud83d\\u12\"]",
    /* numbers */
    "01",
    "-",
    "-a",
    "1.",
    "1.e5",
    ".5",
    "+1",
    "1e",
    "1e+",
    "0x10",
    "1ee",
    "123456789012345678901234567890",
    "-9223372036854775808",
    "9223372036854775807",
    "9223372036854775808",
    "1e400",
    "-1e400",
    "1e-400",
    "[1,2",
    "[-]",
    "[1.5.5]",
    /* literals cut or misspelt */
    "tru",
    "nul",
    "fals",
    "truex",
    "True",
    "[nulll]",
    "[t]",
    /* structure */
    "",
    " ",
    "{",
    "[",
    "}",
    "]",
    "{]",
    "[}",
    "{\"a\"}",
    "{\"a\":}",
    "{\"a\" 1}",
    "{,}",
    "{\"a\":1,}",
    "[1,]",
    "[,1]",
    "[1 2]",
    "{1:2}",
    "{\"a\":1 \"b\":2}",
    "{} {}",
    "[] x",
    "{}\x0b",
    "\x0c[]",
    "[]\x00",
    "\"a\" \"b\"",
    "{\"a\":1,\"a\":2}",
    "{\"orders\": [{\"code\": \"X\", \"positions\": "
    "[{\"id\": 1, \"secret\": \"abc\"}]}]}",
};

static void documents_of_every_rule_read_as_jansson_reads_them(void)
{
    for (size_t i = 0; i < sizeof(DOCS) / sizeof(DOCS[0]); i++) {
        char label[32];
        snprintf(label, sizeof(label), "document %zu", i);
        if (!agrees(DOCS[i], strlen(DOCS[i]), label))
            return;
    }
    /* A NUL byte inside the text, where the C strings above end. */
    static const char nul[] = "[\"a\0b\"]";
    agrees(nul, sizeof(nul) - 1, "a raw NUL in a string");
}

/* Nesting deeper than jansson's 2,048, and just within it. */
static void nesting_reads_as_jansson_reads_it(void)
{
    static const int depths[] = {2048, 2049, 5000};
    for (size_t k = 0; k < sizeof(depths) / sizeof(depths[0]); k++) {
        int d = depths[k];
        char *doc = malloc((size_t)d * 2 + 1);
        REQUIRE(doc);
        for (int i = 0; i < d; i++) {
            doc[i] = '[';
            doc[2 * d - 1 - i] = ']';
        }
        char label[32];
        snprintf(label, sizeof(label), "%d arrays deep", d);
        bool ok = agrees(doc, (size_t)d * 2, label);
        free(doc);
        if (!ok)
            return;
    }
}

/* Bytes that make and break JSON, for the mutations below. */
static const char SPICE[] = "{}[]:,\"\\/ubfnrt0123456789-+.eE \t\n\r\x01\x7f"
                            "\xc3\xa9\xed\xff";

/* The documents above and an order as pretix writes it, each broken
 * 20,000 times: a byte replaced, inserted or removed, a piece repeated. */
static void broken_documents_read_as_jansson_reads_them(void)
{
    static const char order[] =
        "{\"event\": {\"slug\": \"demo\", \"orders\": [{\"code\": \"ABC12\", "
        "\"status\": \"p\", \"email\": \"a@example.com\", \"positions\": "
        "[{\"id\": 17, \"item\": 311, \"attendee_name\": \"Zo\\u00eb "
        "\\ud83d\\ude00 M\\u00fcller\", \"secret\": \"abcdefghijklmnop\", "
        "\"price\": \"23.50\", \"tax_rate\": 19.0, \"addon_to\": null, "
        "\"blocked\": [\"admin\"], \"answers\": [{\"question\": 62, "
        "\"answer\": \"she/her\"}]}], \"testmode\": false}]}}";
    uint32_t seed = tu_run_seed();
    uint32_t st = seed;
    size_t ndocs = sizeof(DOCS) / sizeof(DOCS[0]);
    char doc[1024];
    for (int round = 0; round < 20000; round++) {
        const char *from = round % 4 ? order : DOCS[tu_rand(&st) % ndocs];
        size_t len = strlen(from);
        memcpy(doc, from, len);
        int edits = 1 + (int)(tu_rand(&st) % 3);
        for (int e = 0; e < edits; e++) {
            size_t at = len ? tu_rand(&st) % len : 0;
            char c = SPICE[tu_rand(&st) % (sizeof(SPICE) - 1)];
            switch (tu_rand(&st) % 4) {
            case 0:
                if (len)
                    doc[at] = c;
                break;
            case 1:
                if (len + 1 < sizeof(doc)) {
                    memmove(doc + at + 1, doc + at, len - at);
                    doc[at] = c;
                    len++;
                }
                break;
            case 2:
                if (len) {
                    memmove(doc + at, doc + at + 1, len - at - 1);
                    len--;
                }
                break;
            default: {
                size_t n = len - at < 9 ? len - at : 9;
                if (len + n < sizeof(doc)) {
                    memmove(doc + at + n, doc + at, len - at);
                    len += n;
                }
            }
            }
        }
        char label[64];
        snprintf(label, sizeof(label), "seed %u, round %d", seed, round);
        if (!agrees(doc, len, label))
            return;
    }
}

TU_MAIN(TU_CASE(documents_of_every_rule_read_as_jansson_reads_them),
        TU_CASE(nesting_reads_as_jansson_reads_it),
        TU_CASE(broken_documents_read_as_jansson_reads_them))
