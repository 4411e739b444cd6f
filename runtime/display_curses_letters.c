/* The terminal display's block letters (display_curses.c draws with
 * them): a 5-row font of the verdict words' letters, digits and a few
 * marks, drawing a word of them centred, and folding a name to what the
 * font can show.  Which words are drawn, and where, is not decided here. */
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "checkin/text.h"
#include "display_curses_priv.h"

/* 5-row block letters, 5 columns each: the verdict words and, where a
 * name folds to these letters, the name. */
static const struct {
    char c;
    const char *rows[5];
} FONT[] = {
    {'A', {" ### ", "#   #", "#####", "#   #", "#   #"}},
    {'B', {"#### ", "#   #", "#### ", "#   #", "#### "}},
    {'C', {" ####", "#    ", "#    ", "#    ", " ####"}},
    {'D', {"#### ", "#   #", "#   #", "#   #", "#### "}},
    {'E', {"#####", "#    ", "#### ", "#    ", "#####"}},
    {'F', {"#####", "#    ", "#### ", "#    ", "#    "}},
    {'G', {" ####", "#    ", "#  ##", "#   #", " ####"}},
    {'H', {"#   #", "#   #", "#####", "#   #", "#   #"}},
    {'I', {"#####", "  #  ", "  #  ", "  #  ", "#####"}},
    {'J', {"  ###", "    #", "    #", "#   #", " ### "}},
    {'K', {"#   #", "#  # ", "###  ", "#  # ", "#   #"}},
    {'L', {"#    ", "#    ", "#    ", "#    ", "#####"}},
    {'M', {"#   #", "## ##", "# # #", "#   #", "#   #"}},
    {'N', {"#   #", "##  #", "# # #", "#  ##", "#   #"}},
    {'O', {" ### ", "#   #", "#   #", "#   #", " ### "}},
    {'P', {"#### ", "#   #", "#### ", "#    ", "#    "}},
    {'Q', {" ### ", "#   #", "# # #", "#  # ", " ## #"}},
    {'R', {"#### ", "#   #", "#### ", "#  # ", "#   #"}},
    {'S', {" ####", "#    ", " ### ", "    #", "#### "}},
    {'T', {"#####", "  #  ", "  #  ", "  #  ", "  #  "}},
    {'U', {"#   #", "#   #", "#   #", "#   #", " ### "}},
    {'V', {"#   #", "#   #", "#   #", " # # ", "  #  "}},
    {'W', {"#   #", "#   #", "# # #", "## ##", "#   #"}},
    {'X', {"#   #", " # # ", "  #  ", " # # ", "#   #"}},
    {'Y', {"#   #", " # # ", "  #  ", "  #  ", "  #  "}},
    {'Z', {"#####", "   # ", "  #  ", " #   ", "#####"}},
    {'0', {" ### ", "#  ##", "# # #", "##  #", " ### "}},
    {'1', {"  #  ", " ##  ", "  #  ", "  #  ", " ### "}},
    {'2', {" ### ", "#   #", "  ## ", " #   ", "#####"}},
    {'3', {"#### ", "    #", " ### ", "    #", "#### "}},
    {'4', {"#   #", "#   #", "#####", "    #", "    #"}},
    {'5', {"#####", "#    ", "#### ", "    #", "#### "}},
    {'6', {" ### ", "#    ", "#### ", "#   #", " ### "}},
    {'7', {"#####", "    #", "   # ", "  #  ", "  #  "}},
    {'8', {" ### ", "#   #", " ### ", "#   #", " ### "}},
    {'9', {" ### ", "#   #", " ####", "    #", " ### "}},
    {'-', {"     ", "     ", " ### ", "     ", "     "}},
    {'.', {"     ", "     ", "     ", "     ", "  #  "}},
    {'\'', {"  #  ", "  #  ", "     ", "     ", "     "}},
    {' ', {"     ", "     ", "     ", "     ", "     "}},
    {'(', {"   # ", "  #  ", "  #  ", "  #  ", "   # "}},
    {')', {" #   ", "  #  ", "  #  ", "  #  ", " #   "}},
    {':', {"     ", "  #  ", "     ", "  #  ", "     "}},
    {',', {"     ", "     ", "     ", "  #  ", " #   "}},
};

/* Row `row` of letter `c`, NULL if the font has no such letter. */
static const char *glyph(char c, int row)
{
    for (size_t i = 0; i < sizeof(FONT) / sizeof(FONT[0]); i++)
        if (FONT[i].c == c)
            return FONT[i].rows[row];
    return NULL;
}

/* Draw `w` (letters of FONT) in block letters from row `y`, centred,
 * `scale` columns per font column. */
void curses_big_text(int y, const char *w, int scale)
{
    int n = (int)strlen(w);
    int width = n * 6 * scale;
    int x0 = (COLS - width) / 2 > 0 ? (COLS - width) / 2 : 0;
    /* Full blocks where the terminal speaks UTF-8 (and over SSH it
     * usually does); '#' otherwise. */
    const char *block = MB_CUR_MAX > 1 ? "\u2588" : "#";
    for (int row = 0; row < 5; row++)
        for (int i = 0; i < n; i++) {
            const char *g = glyph(w[i], row);
            for (int k = 0; g && k < 5; k++)
                for (int s = 0; s < scale; s++)
                    if (g[k] == '#')
                        mvaddstr(y + row, x0 + (i * 6 + k) * scale + s, block);
        }
}

/* The name as block letters can show it: folded (accents dropped, as
 * search does), upper case, every letter in FONT, and at most `max`
 * letters; the whole name, or else its first word.  False when neither
 * can be shown (another script, or too long): the name is then shown
 * only as text. */
bool curses_big_name(const char *name, size_t max, char *out, size_t cap)
{
    char *f = text_fold(name, SIZE_MAX);
    bool ok = false;
    for (int pass = 0; f && pass < 2 && !ok; pass++) {
        size_t n = pass ? strcspn(f, " ") : strlen(f);
        if (n == 0 || n > max || n >= cap)
            continue;
        ok = true;
        for (size_t i = 0; i < n && ok; i++) {
            char c = f[i] >= 'a' && f[i] <= 'z' ? (char)(f[i] - 32) : f[i];
            ok = (unsigned char)c < 0x80 && glyph(c, 0) != NULL;
            out[i] = c;
        }
        out[n] = '\0';
    }
    free(f);
    return ok;
}

void curses_big_word(int y, const char *w)
{
    char big[32];
    if (curses_big_name(w, sizeof(big) - 1, big, sizeof(big))) {
        int n = (int)strlen(big);
        curses_big_text(y, big, n * 6 * 2 + 4 <= COLS ? 2 : 1);
        return;
    }
    wchar_t wide[64];
    size_t n = mbstowcs(wide, w, sizeof(wide) / sizeof(wide[0]) - 1);
    int cols = n == (size_t)-1 ? (int)strlen(w) : wcswidth(wide, n);
    int x = (COLS - (cols > 0 ? cols : 0)) / 2;
    mvaddstr(y + 2, x > 0 ? x : 0, w);
}
