/* A library file that writes to standard error and output. */
#include <stdio.h>

void started(const char *url)
{
    fprintf(
        stderr, "Station screen: %s\n", url);
    fputs("Ready.\n",
          stdout);
}
