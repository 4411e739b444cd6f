#include <stdio.h>

void clean(FILE *out) { fputs(_("Nothing was changed.\n"), out); }
