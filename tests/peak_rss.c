/* peak_rss OUT CMD [ARG...]: runs CMD and writes its peak resident size
 * in KiB (wait4's ru_maxrss) to file OUT; exits with CMD's status.
 *
 * A process forked from a large one and then exec'd keeps the larger
 * process's resident size as its peak (Linux carries the old memory's
 * high-water mark across exec), so a test measuring a command's memory
 * from a test process grown by earlier cases (AddressSanitizer's
 * quarantine) sees its own size, not the command's.  Run through this
 * small process, the command's peak is its own. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: peak_rss OUT CMD [ARG...]\n");
        return 2;
    }
    pid_t pid = fork();
    if (pid < 0)
        return 127;
    if (pid == 0) {
        execv(argv[2], argv + 2);
        _exit(127);
    }
    int st = 0;
    struct rusage ru;
    if (wait4(pid, &st, 0, &ru) != pid)
        return 127;
    FILE *f = fopen(argv[1], "w");
    if (!f || fprintf(f, "%ld\n", ru.ru_maxrss) < 0 || fclose(f) != 0)
        return 127;
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}
