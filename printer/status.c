/* Printer status: strict parsers for the bytes printers send about
 * themselves, the one state enum they map to, the sentence a volunteer
 * reads, and media names.  These parsers read untrusted device bytes, so
 * each checks length and framing first and refuses what it does not
 * understand (tests/fuzz/fuzz_status.c).  No I/O and no allocation.
 *
 * Sources: Brother "QL-800/810W/820NWB Raster Command Reference" and
 * "QL-1100/1110NWB/1115NWB Raster Command Reference", section "Status
 * information"; Zebra "ZPL II Programming Guide", ~HS and ~HQES; DYMO
 * "LabelWriter 450 Series Technical Reference", ESC A.  The byte tables
 * are in docs/transports.md. */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "checkin/printer_status.h"
#include "family.h"

static const char *const STATE_NAMES[] = {
    /* untranslated: the states' codes, the same in every language: the
     * JSON's "state", the hub's printer.state (its CHECK names them) and
     * the logs; a screen says a state in its own sentence. */
    [PRINTER_READY] = "ready",
    [PRINTER_PRINTING] = "printing",
    [PRINTER_PRINTED] = "printed",
    [PRINTER_SENT] = "sent",
    [PRINTER_NO_MEDIA] = "no media",
    [PRINTER_END_OF_ROLL] = "end of roll",
    [PRINTER_WRONG_MEDIA] = "wrong media",
    [PRINTER_COVER_OPEN] = "cover open",
    [PRINTER_CUTTER_JAM] = "cutter jam",
    [PRINTER_UNPLUGGED] = "unplugged",
    [PRINTER_NOT_ANSWERING] = "not answering",
    [PRINTER_OTHER_ERROR] = "error",
};

const char *printer_state_str(enum printer_state st)
{
    if ((unsigned)st < sizeof(STATE_NAMES) / sizeof(STATE_NAMES[0]))
        return STATE_NAMES[st];
    return "unknown";
}

bool printer_state_is_fault(enum printer_state st)
{
    return st >= PRINTER_NO_MEDIA;
}

static void status_init(struct printer_status *out)
{
    memset(out, 0, sizeof(*out));
    out->state = PRINTER_READY;
    out->answered = true;
}

static const char *const DETAIL_NAMES[] = {
    /* untranslated: the details' names for the logs and tests; a person
     * reads a detail in printer_detail_fail's whole sentence, which
     * ck_error_text says in their language. */
    [PRINTER_DETAIL_NONE] = "",
    [PRINTER_DETAIL_CANNOT_FEED] = "cannot feed",
    [PRINTER_DETAIL_TOO_HOT] = "too hot",
    [PRINTER_DETAIL_SYSTEM] = "system error",
    [PRINTER_DETAIL_COMMUNICATION] = "communication error",
    [PRINTER_DETAIL_SWITCHING_OFF] = "switching off",
    [PRINTER_DETAIL_HARDWARE] = "hardware error",
    [PRINTER_DETAIL_BUSY] = "busy",
    [PRINTER_DETAIL_UNNAMED] = "unnamed error",
    [PRINTER_DETAIL_COOLING] = "cooling down",
    [PRINTER_DETAIL_RIBBON_OUT] = "ribbon out",
    [PRINTER_DETAIL_LOST_CONFIG] = "lost configuration",
    [PRINTER_DETAIL_PAUSED] = "paused",
    [PRINTER_DETAIL_ERROR_FLAGS] = "error flags",
    [PRINTER_DETAIL_OFTEN_JAM] = "error, often a jam",
    [PRINTER_DETAIL_UNREADABLE] = "unreadable status",
    [PRINTER_DETAIL_CONNECTION] = "connection error",
};

const char *printer_detail_str(enum printer_detail d)
{
    if ((unsigned)d < sizeof(DETAIL_NAMES) / sizeof(DETAIL_NAMES[0]))
        return DETAIL_NAMES[d];
    return "unknown";
}

/* --- Brother ----------------------------------------------------------- */

/* Byte 8, error information 1. */
enum {
    BRO_E1_NO_MEDIA = 0x01,
    BRO_E1_END_OF_MEDIA = 0x02,
    BRO_E1_CUTTER_JAM = 0x04,
    BRO_E1_IN_USE = 0x10,
    BRO_E1_TURNED_OFF = 0x20,
    BRO_E1_HIGH_VOLTAGE = 0x40,
    BRO_E1_FAN = 0x80,
};

/* Byte 9, error information 2. */
enum {
    BRO_E2_REPLACE_MEDIA = 0x01,
    BRO_E2_BUFFER_FULL = 0x02,
    BRO_E2_COMMUNICATION = 0x04,
    BRO_E2_COMM_BUFFER_FULL = 0x08,
    BRO_E2_COVER_OPEN = 0x10,
    BRO_E2_OVERHEAT = 0x20,
    BRO_E2_CANNOT_FEED = 0x40,
    BRO_E2_SYSTEM = 0x80,
};

int printer_status_parse_brother(const uint8_t *b, size_t len,
                                 struct printer_status *out,
                                 struct ck_error *err)
{
    status_init(out);
    /* Bytes 0-2: print head mark 0x80, size 0x20 (32), 'B' (Brother). */
    if (len != BRO_STATUS_LEN)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer sent %zu bytes where a 32-byte Brother "
                       "status was expected.",
                       len);
    if (b[0] != 0x80 || b[1] != 0x20 || b[2] != 0x42)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer's reply does not start like a Brother "
                       "status (80 20 42).");
    /* Byte 3: series, 0x34 for QL and 0x30 for P-touch. */
    if (b[3] != 0x34 && b[3] != 0x30)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer reports an unknown Brother series 0x%02x.",
                       b[3]);
    uint8_t e1 = b[8], e2 = b[9], type = b[18], phase = b[19];
    switch (type) {
    case BRO_TYPE_REPLY:
    case BRO_TYPE_PRINTED:
    case BRO_TYPE_ERROR:
    case BRO_TYPE_OFF:
    case BRO_TYPE_NOTIFY:
    case BRO_TYPE_PHASE:
        break;
    default:
        return ck_fail(err, CK_ECORRUPT,
                       "The printer reports an unknown status type 0x%02x.",
                       type);
    }
    if (phase != BRO_PHASE_RECEIVING && phase != BRO_PHASE_PRINTING)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer reports an unknown phase 0x%02x.", phase);
    out->bro_model = b[4];
    out->bro_error1 = e1;
    out->bro_error2 = e2;
    out->bro_type = type;
    out->bro_phase = phase;

    /* Bytes 10, 11, 17: media width (mm), type, length (mm; 0 for
     * continuous).  0x4A/0x4B are the continuous/die-cut codes of the
     * QL-8xx series. */
    uint8_t width = b[10], mtype = b[11], length = b[17];
    if ((mtype == 0x0A || mtype == 0x4A) && width > 0) {
        out->media_known = true;
        out->media.kind = MEDIA_CONTINUOUS;
        out->media.width_mm = width;
        out->media.length_mm = 0;
    } else if ((mtype == 0x0B || mtype == 0x4B) && width > 0 && length > 0) {
        out->media_known = true;
        out->media.kind = MEDIA_DIE_CUT;
        out->media.width_mm = width;
        out->media.length_mm = length;
    }

    /* Most specific first: with the cover open a QL also reports no
     * media, and the cover is what the volunteer must fix. */
    if (e2 & BRO_E2_COVER_OPEN)
        out->state = PRINTER_COVER_OPEN;
    else if (e1 & BRO_E1_CUTTER_JAM)
        out->state = PRINTER_CUTTER_JAM;
    else if (e1 & BRO_E1_NO_MEDIA)
        out->state = PRINTER_NO_MEDIA;
    else if (e1 & BRO_E1_END_OF_MEDIA)
        out->state = PRINTER_END_OF_ROLL;
    else if (e2 & BRO_E2_REPLACE_MEDIA)
        out->state = PRINTER_WRONG_MEDIA;
    else if (e2 & BRO_E2_CANNOT_FEED) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_CANNOT_FEED;
    } else if (e2 & BRO_E2_OVERHEAT) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_TOO_HOT;
    } else if (e2 & BRO_E2_SYSTEM) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_SYSTEM;
    } else if (e2 & (BRO_E2_BUFFER_FULL | BRO_E2_COMMUNICATION |
                     BRO_E2_COMM_BUFFER_FULL)) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_COMMUNICATION;
    } else if (e1 & (BRO_E1_TURNED_OFF | BRO_E1_HIGH_VOLTAGE | BRO_E1_FAN)) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = e1 & BRO_E1_TURNED_OFF ? PRINTER_DETAIL_SWITCHING_OFF
                                             : PRINTER_DETAIL_HARDWARE;
    } else if (e1 & BRO_E1_IN_USE) {
        out->state = PRINTER_PRINTING;
        out->detail = PRINTER_DETAIL_BUSY;
    } else if (type == BRO_TYPE_ERROR) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_UNNAMED;
    } else if (type == BRO_TYPE_OFF) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_SWITCHING_OFF;
    } else if (type == BRO_TYPE_PRINTED) {
        out->state = PRINTER_PRINTED;
    } else if (type == BRO_TYPE_NOTIFY) {
        /* Byte 22: 01 cooling started, 02 cooling finished. */
        out->state = PRINTER_PRINTING;
        if (b[22] == 0x01)
            out->detail = PRINTER_DETAIL_COOLING;
    } else {
        out->state =
            phase == BRO_PHASE_PRINTING ? PRINTER_PRINTING : PRINTER_READY;
    }
    return CK_OK;
}

/* --- Zebra ------------------------------------------------------------- */

/* Split one <STX>f1,f2,...<ETX> string starting at b[*pos] into numeric
 * fields; *pos moves past <ETX> and an optional <CR><LF>. */
static int zpl_hs_line(const uint8_t *b, size_t len, size_t *pos, long *fields,
                       int nfields)
{
    size_t i = *pos;
    if (i >= len || b[i] != 0x02)
        return -1;
    i++;
    for (int f = 0; f < nfields; f++) {
        long v = 0;
        int digits = 0;
        while (i < len && b[i] >= '0' && b[i] <= '9') {
            if (digits == 9)
                return -1; /* no field is that long */
            v = v * 10 + (b[i] - '0');
            digits++;
            i++;
        }
        if (!digits)
            return -1;
        fields[f] = v;
        if (f + 1 < nfields) {
            if (i >= len || b[i] != ',')
                return -1;
            i++;
        }
    }
    if (i >= len || b[i] != 0x03)
        return -1;
    i++;
    if (i < len && b[i] == '\r') {
        if (i + 1 >= len || b[i + 1] != '\n')
            return -1;
        i += 2;
    }
    *pos = i;
    return 0;
}

static bool is_flag(long v)
{
    return v == 0 || v == 1;
}

int printer_status_parse_zpl_hs(const uint8_t *b, size_t len,
                                struct printer_status *out,
                                struct ck_error *err)
{
    status_init(out);
    /* String 1: aaa,b,c,dddd,eee,f,g,h,iii,j,k,l
     * String 2: mmm,n,o,p,q,r,s,t,uuuuuuuu,v,www
     * String 3: xxxx,y */
    long s1[12], s2[11], s3[2];
    size_t pos = 0;
    if (zpl_hs_line(b, len, &pos, s1, 12) ||
        zpl_hs_line(b, len, &pos, s2, 11) || zpl_hs_line(b, len, &pos, s3, 2) ||
        pos != len)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer's reply is not a Zebra ~HS status (three "
                       "<STX>...<ETX> lines of 12, 11 and 2 numbers).");
    const int flags1[] = {1, 2, 5, 6, 7, 9, 10, 11};
    const int flags2[] = {2, 3, 4};
    for (size_t i = 0; i < sizeof(flags1) / sizeof(flags1[0]); i++)
        if (!is_flag(s1[flags1[i]]))
            goto bad_flag;
    for (size_t i = 0; i < sizeof(flags2) / sizeof(flags2[0]); i++)
        if (!is_flag(s2[flags2[i]]))
            goto bad_flag;

    bool paper_out = s1[1], paused = s1[2], head_up = s2[2], ribbon_out = s2[3];
    out->zpl_paused = paused;
    out->zpl_formats = s1[4];
    out->zpl_labels_left = s2[8];
    if (head_up)
        out->state = PRINTER_COVER_OPEN;
    else if (paper_out)
        out->state = PRINTER_NO_MEDIA;
    else if (ribbon_out) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_RIBBON_OUT;
    } else if (s1[11]) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_TOO_HOT;
    } else if (s1[9]) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_LOST_CONFIG;
    } else if (paused) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_PAUSED;
    } else if (s1[4] > 0 || s2[8] > 0 || s1[7]) {
        out->state = PRINTER_PRINTING;
    } else {
        out->state = PRINTER_READY;
    }
    return CK_OK;
bad_flag:
    return ck_fail(err, CK_ECORRUPT,
                   "The printer's ~HS status has a flag that is neither 0 "
                   "nor 1.");
}

/* "  NAME:   F XXXXXXXX XXXXXXXX" at b[*pos] up to the end of the line. */
static int zpl_hqes_flags(const uint8_t *b, size_t len, size_t *pos,
                          const char *name, int *flag, unsigned long *group2,
                          unsigned long *group1)
{
    size_t i = *pos;
    while (i < len && b[i] == ' ')
        i++;
    size_t n = strlen(name);
    if (len - i < n || memcmp(b + i, name, n) != 0)
        return -1;
    i += n;
    while (i < len && b[i] == ' ')
        i++;
    if (i >= len || (b[i] != '0' && b[i] != '1'))
        return -1;
    *flag = b[i] - '0';
    i++;
    unsigned long *groups[2] = {group2, group1};
    for (int g = 0; g < 2; g++) {
        if (i >= len || b[i] != ' ')
            return -1;
        while (i < len && b[i] == ' ')
            i++;
        unsigned long v = 0;
        for (int k = 0; k < 8; k++, i++) {
            if (i >= len || !isxdigit(b[i]))
                return -1;
            int c = b[i];
            v = v * 16 +
                (unsigned long)(c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10);
        }
        *groups[g] = v;
    }
    while (i < len && b[i] == ' ')
        i++;
    if (len - i < 2 || b[i] != '\r' || b[i + 1] != '\n')
        return -1;
    *pos = i + 2;
    return 0;
}

/* ~HQES error flags, group 1. */
enum {
    HQES_MEDIA_OUT = 0x1,
    HQES_RIBBON_OUT = 0x2,
    HQES_HEAD_OPEN = 0x4,
    HQES_CUTTER_FAULT = 0x8,
    HQES_HEAD_HOT = 0x10,
    HQES_MOTOR_HOT = 0x20,
};

int printer_status_parse_zpl_hqes(const uint8_t *b, size_t len,
                                  struct printer_status *out,
                                  struct ck_error *err)
{
    status_init(out);
    size_t i = 0;
    int eflag, wflag;
    unsigned long e2, e1, w2, w1;
    static const char TITLE[] = "PRINTER STATUS";
    if (len < 3 || b[0] != 0x02 || b[1] != '\r' || b[2] != '\n')
        goto bad;
    i = 3;
    while (i < len && b[i] == ' ')
        i++;
    if (len - i < sizeof(TITLE) + 1 ||
        memcmp(b + i, TITLE, sizeof(TITLE) - 1) != 0)
        goto bad;
    i += sizeof(TITLE) - 1;
    while (i < len && b[i] == ' ')
        i++;
    if (len - i < 2 || b[i] != '\r' || b[i + 1] != '\n')
        goto bad;
    i += 2;
    if (zpl_hqes_flags(b, len, &i, "ERRORS:", &eflag, &e2, &e1) ||
        zpl_hqes_flags(b, len, &i, "WARNINGS:", &wflag, &w2, &w1))
        goto bad;
    if (i >= len || b[i] != 0x03)
        goto bad;
    i++;
    if (i < len) {
        if (len - i != 2 || b[i] != '\r' || b[i + 1] != '\n')
            goto bad;
    }
    if (eflag != (e1 || e2))
        goto bad;
    (void)wflag;
    (void)w1;
    (void)w2;
    if (e1 & HQES_HEAD_OPEN)
        out->state = PRINTER_COVER_OPEN;
    else if (e1 & HQES_MEDIA_OUT)
        out->state = PRINTER_NO_MEDIA;
    else if (e1 & HQES_CUTTER_FAULT)
        out->state = PRINTER_CUTTER_JAM;
    else if (e1 & HQES_RIBBON_OUT) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_RIBBON_OUT;
    } else if (e1 & (HQES_HEAD_HOT | HQES_MOTOR_HOT)) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_TOO_HOT;
    } else if (e1 || e2) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_ERROR_FLAGS;
        out->zpl_errors2 = e2;
        out->zpl_errors1 = e1;
    }
    return CK_OK;
bad:
    return ck_fail(err, CK_ECORRUPT,
                   "The printer's reply is not a Zebra ~HQES status.");
}

/* --- DYMO -------------------------------------------------------------- */

/* The LabelWriter 450 status byte (ESC A). */
enum {
    DYMO_TOP_OF_FORM = 0x02,
    DYMO_ROLL_CHANGED = 0x08,
    DYMO_PAPER_OUT = 0x20,
    DYMO_ERROR = 0x80,
};

int printer_status_parse_dymo(const uint8_t *b, size_t len,
                              struct printer_status *out, struct ck_error *err)
{
    status_init(out);
    if (len != 1)
        return ck_fail(err, CK_ECORRUPT,
                       "The printer sent %zu bytes where one DYMO status "
                       "byte was expected.",
                       len);
    uint8_t s = b[0];
    if (s & ~(DYMO_TOP_OF_FORM | DYMO_ROLL_CHANGED | DYMO_PAPER_OUT |
              DYMO_ERROR | 0x01))
        return ck_fail(err, CK_ECORRUPT,
                       "The printer sent an unknown DYMO status byte 0x%02x.",
                       s);
    if (s & DYMO_PAPER_OUT)
        out->state = PRINTER_NO_MEDIA;
    else if (s & DYMO_ERROR) {
        out->state = PRINTER_OTHER_ERROR;
        out->detail = PRINTER_DETAIL_OFTEN_JAM;
    } else if (s & DYMO_TOP_OF_FORM)
        out->state = PRINTER_READY;
    else
        out->state = PRINTER_PRINTING;
    return CK_OK;
}

/* --- Media ------------------------------------------------------------- */

struct dk_roll {
    const char *name;
    enum media_kind kind;
    int width_mm, length_mm;
};

/* Brother DK rolls (Brother's supplies list). */
static const struct dk_roll DK_ROLLS[] = {
    {"DK-22214", MEDIA_CONTINUOUS, 12, 0},
    {"DK-22210", MEDIA_CONTINUOUS, 29, 0},
    {"DK-22225", MEDIA_CONTINUOUS, 38, 0},
    {"DK-22223", MEDIA_CONTINUOUS, 50, 0},
    {"DK-22205", MEDIA_CONTINUOUS, 62, 0},
    {"DK-22243", MEDIA_CONTINUOUS, 102, 0},
    {"DK-11204", MEDIA_DIE_CUT, 17, 54},
    {"DK-11203", MEDIA_DIE_CUT, 17, 87},
    {"DK-11221", MEDIA_DIE_CUT, 23, 23},
    {"DK-11201", MEDIA_DIE_CUT, 29, 90},
    {"DK-11208", MEDIA_DIE_CUT, 38, 90},
    {"DK-11209", MEDIA_DIE_CUT, 62, 29},
    {"DK-11202", MEDIA_DIE_CUT, 62, 100},
    {"DK-11240", MEDIA_DIE_CUT, 102, 51},
    {"DK-11241", MEDIA_DIE_CUT, 102, 152},
    {"DK-11247", MEDIA_DIE_CUT, 103, 164},
};
#define NDK (sizeof(DK_ROLLS) / sizeof(DK_ROLLS[0]))

bool printer_media_equal(const struct media *a, const struct media *b)
{
    if (a->kind != b->kind || a->width_mm != b->width_mm)
        return false;
    return a->kind == MEDIA_CONTINUOUS || a->length_mm == b->length_mm;
}

const char *printer_media_product(const struct media *m)
{
    for (size_t i = 0; i < NDK; i++) {
        struct media r = {DK_ROLLS[i].kind, DK_ROLLS[i].width_mm,
                          DK_ROLLS[i].length_mm};
        if (printer_media_equal(&r, m))
            return DK_ROLLS[i].name;
    }
    return NULL;
}

void printer_media_str(const struct media *m, char *out, size_t cap)
{
    if (m->kind == MEDIA_DIE_CUT)
        snprintf(out, cap, "%dx%d mm", m->width_mm, m->length_mm);
    else
        snprintf(out, cap, "%d mm", m->width_mm);
}

/* A decimal number of millimetres in [1, max] at *p; moves *p past it. */
static int parse_mm(const char **p, int max, int *out)
{
    const char *s = *p;
    if (*s < '0' || *s > '9')
        return -1;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno || end == s || v < 1 || v > max)
        return -1;
    *out = (int)v;
    *p = end;
    return 0;
}

int printer_media_parse(const char *spec, struct media *out,
                        struct ck_error *err)
{
    if (!spec)
        spec = "";
    for (size_t i = 0; i < NDK; i++) {
        if (!strcasecmp(spec, DK_ROLLS[i].name) ||
            (!strncasecmp(spec, "DK", 2) &&
             !strcasecmp(spec + 2, DK_ROLLS[i].name + 3))) {
            out->kind = DK_ROLLS[i].kind;
            out->width_mm = DK_ROLLS[i].width_mm;
            out->length_mm = DK_ROLLS[i].length_mm;
            return CK_OK;
        }
    }
    const char *p = spec;
    struct media m = {MEDIA_CONTINUOUS, 0, 0};
    if (parse_mm(&p, 300, &m.width_mm))
        goto bad;
    if (*p == 'x' || *p == 'X') {
        p++;
        if (parse_mm(&p, 3000, &m.length_mm))
            goto bad;
        m.kind = MEDIA_DIE_CUT;
    }
    if (*p == ' ')
        p++;
    if (!strcasecmp(p, "mm"))
        p += 2;
    if (*p)
        goto bad;
    *out = m;
    return CK_OK;
bad:
    return ck_fail(err, CK_EINVAL,
                   "'%s' is not a media size; give the width in mm for a "
                   "continuous roll (62), WIDTHxLENGTH in mm for die-cut "
                   "labels (62x100), or a Brother roll (DK-11202).",
                   spec);
}

/* What to load, for "Load ...": a product name where the model's family
 * has them (DK-22205; with no model known, the Brother names), else a
 * size (62x100 mm), written into `out`; LOAD_NONE when nothing is known. */
enum load_advice { LOAD_NONE, LOAD_PRODUCT, LOAD_SIZE };

static enum load_advice load_advice(const struct printer_model *model,
                                    const struct media *m, char *out,
                                    size_t cap)
{
    if (!m)
        return LOAD_NONE;
    const struct printer_family *family =
        model ? printer_family_of(model) : NULL;
    const char *(*product)(const struct media *) =
        !model   ? printer_media_product
        : family ? family->media_product
                 : NULL;
    const char *name = product ? product(m) : NULL;
    if (name) {
        snprintf(out, cap, "%s", name);
        return LOAD_PRODUCT;
    }
    printer_media_str(m, out, cap);
    return LOAD_SIZE;
}

/* The states that want labels loaded: each advice a whole sentence, so
 * that a catalogue has it (po/ERROR-ROOMS). */
static int media_fail(const char *who, const struct printer_status *st,
                      const struct printer_model *model,
                      const struct media *wanted, struct ck_error *err)
{
    char load[64], have[32], need[32];
    const struct media *advise = wanted            ? wanted
                                 : st->media_known ? &st->media
                                                   : NULL;
    enum load_advice a = load_advice(model, advise, load, sizeof(load));
    if (st->state == PRINTER_WRONG_MEDIA && wanted && st->media_known &&
        !printer_media_equal(wanted, &st->media)) {
        printer_media_str(&st->media, have, sizeof(have));
        printer_media_str(wanted, need, sizeof(need));
        if (a == LOAD_PRODUCT)
            return ck_fail(err, CK_EDEVICE,
                           "%s: loaded media is %s, this job needs %s. "
                           "Load %s.",
                           who, have, need, load);
        return ck_fail(err, CK_EDEVICE,
                       "%s: loaded media is %s, this job needs %s. Load %s "
                       "labels.",
                       who, have, need, load);
    }
    switch (st->state) {
    case PRINTER_NO_MEDIA:
        if (a == LOAD_PRODUCT)
            return ck_fail(err, CK_EDEVICE,
                           "%s: no labels are loaded. Load %s.", who, load);
        if (a == LOAD_SIZE)
            return ck_fail(err, CK_EDEVICE,
                           "%s: no labels are loaded. Load %s labels.", who,
                           load);
        return ck_fail(err, CK_EDEVICE,
                       "%s: no labels are loaded. Load a roll.", who);
    case PRINTER_END_OF_ROLL:
        if (a == LOAD_PRODUCT)
            return ck_fail(err, CK_EDEVICE,
                           "%s: the roll has run out. Load %s.", who, load);
        if (a == LOAD_SIZE)
            return ck_fail(err, CK_EDEVICE,
                           "%s: the roll has run out. Load %s labels.", who,
                           load);
        return ck_fail(err, CK_EDEVICE,
                       "%s: the roll has run out. Load a roll.", who);
    default:
        if (a == LOAD_PRODUCT)
            return ck_fail(err, CK_EDEVICE,
                           "%s: the loaded labels do not suit this job. "
                           "Load %s.",
                           who, load);
        if (a == LOAD_SIZE)
            return ck_fail(err, CK_EDEVICE,
                           "%s: the loaded labels do not suit this job. "
                           "Load %s labels.",
                           who, load);
        return ck_fail(err, CK_EDEVICE,
                       "%s: the loaded labels do not suit this job. Load a "
                       "roll.",
                       who);
    }
}

int printer_detail_fail(const char *who, const struct printer_status *st,
                        struct ck_error *err)
{
    switch (st->detail) {
    case PRINTER_DETAIL_CANNOT_FEED:
        return ck_fail(err, CK_EDEVICE, "%s cannot feed the labels.", who);
    case PRINTER_DETAIL_TOO_HOT:
        return ck_fail(err, CK_EDEVICE, "%s is too hot.", who);
    case PRINTER_DETAIL_SYSTEM:
        return ck_fail(err, CK_EDEVICE, "%s reports a system error.", who);
    case PRINTER_DETAIL_COMMUNICATION:
        return ck_fail(err, CK_EDEVICE, "%s reports a communication error.",
                       who);
    case PRINTER_DETAIL_SWITCHING_OFF:
        return ck_fail(err, CK_EDEVICE, "%s is switching off.", who);
    case PRINTER_DETAIL_HARDWARE:
        return ck_fail(err, CK_EDEVICE, "%s reports a hardware error.", who);
    case PRINTER_DETAIL_UNNAMED:
        return ck_fail(err, CK_EDEVICE,
                       "%s reports an error without saying which.", who);
    case PRINTER_DETAIL_RIBBON_OUT:
        return ck_fail(err, CK_EDEVICE, "%s: the ribbon is out.", who);
    case PRINTER_DETAIL_LOST_CONFIG:
        return ck_fail(err, CK_EDEVICE, "%s lost its configuration.", who);
    case PRINTER_DETAIL_PAUSED:
        return ck_fail(err, CK_EDEVICE, "%s is paused.", who);
    case PRINTER_DETAIL_ERROR_FLAGS:
        return ck_fail(err, CK_EDEVICE, "%s reports error flags %08lx %08lx.",
                       who, st->zpl_errors2, st->zpl_errors1);
    case PRINTER_DETAIL_OFTEN_JAM:
        return ck_fail(err, CK_EDEVICE,
                       "%s reports an error (often a label jam).", who);
    case PRINTER_DETAIL_UNREADABLE:
        return ck_fail(err, CK_EDEVICE, "%s sent a status checkin cannot read.",
                       who);
    case PRINTER_DETAIL_CONNECTION:
        return ck_fail(err, CK_EDEVICE, "The connection to %s failed.", who);
    case PRINTER_DETAIL_NONE:
    case PRINTER_DETAIL_BUSY:
    case PRINTER_DETAIL_COOLING:
    default:
        return CK_OK;
    }
}

int printer_status_fail(const char *who, const struct printer_status *st,
                        const struct printer_model *model,
                        const struct media *wanted, struct ck_error *err)
{
    switch (st->state) {
    case PRINTER_READY:
        return ck_fail(err, CK_EDEVICE, "%s is ready.", who);
    case PRINTER_PRINTING:
        return ck_fail(err, CK_EDEVICE,
                       "%s is busy printing; wait for it to finish.", who);
    case PRINTER_PRINTED:
        return ck_fail(err, CK_EDEVICE, "%s printed the label.", who);
    case PRINTER_SENT:
        return ck_fail(err, CK_EDEVICE,
                       "%s took the job (it cannot report whether it "
                       "printed).",
                       who);
    case PRINTER_NO_MEDIA:
    case PRINTER_END_OF_ROLL:
    case PRINTER_WRONG_MEDIA:
        return media_fail(who, st, model, wanted, err);
    case PRINTER_COVER_OPEN:
        return ck_fail(err, CK_EDEVICE, "%s: the cover is open. Close it.",
                       who);
    case PRINTER_CUTTER_JAM:
        return ck_fail(err, CK_EDEVICE,
                       "%s: the cutter is jammed. Switch the printer off, "
                       "clear the cutter and switch it on.",
                       who);
    case PRINTER_UNPLUGGED:
        return ck_fail(err, CK_EDEVICE,
                       "%s is unplugged. Plug it in and switch it on.", who);
    case PRINTER_NOT_ANSWERING:
        return ck_fail(err, CK_EDEVICE,
                       "%s is not answering. Check that it is on and "
                       "connected.",
                       who);
    case PRINTER_OTHER_ERROR:
    default: {
        struct ck_error said = {0};
        if (printer_detail_fail(who, st, &said) == CK_OK)
            return ck_fail(err, CK_EDEVICE,
                           "%s reports an error. Switch it off and on again.",
                           who);
        return ck_wrap(err, CK_EDEVICE, &said,
                       "%s Switch it off and on again.");
    }
    }
}

void printer_status_message(const char *who, const struct printer_status *st,
                            const struct printer_model *model,
                            const struct media *wanted, char *out, size_t cap)
{
    struct ck_error e = {0};
    (void)printer_status_fail(who, st, model, wanted, &e);
    snprintf(out, cap, "%s", e.msg);
}
