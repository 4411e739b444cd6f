/* The tables' columns (columns.h). */
#include "checkin/columns.h"

#include "checkin/text.h"

int column_width(const char *heading, int least)
{
    int cols = (int)text_columns(heading);
    return cols > least ? cols : least;
}

void column_print(FILE *out, const char *s, int width, bool right)
{
    int pad = text_pad(s, width);
    if (right)
        fprintf(out, "%*s%s", pad, "", s);
    else
        fprintf(out, "%s%*s", s, pad, "");
}
