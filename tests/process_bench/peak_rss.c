/* Preloaded into the hook process by the process benchmark (tests/process_bench/measure.rs):
 * as the process exits, it writes its own peak RSS (VmHWM, KiB) to $PEAK_RSS_REPORT. Only the
 * process whose pid is $PEAK_RSS_PID reports: the hook tools it runs inherit the environment,
 * and their memory is theirs, not the charm's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

__attribute__((destructor)) static void report_peak_rss(void) {
    const char *pid = getenv("PEAK_RSS_PID");
    const char *path = getenv("PEAK_RSS_REPORT");
    if (pid == NULL || path == NULL || atol(pid) != (long)getpid())
        return;
    FILE *status = fopen("/proc/self/status", "r");
    if (status == NULL)
        return;
    char line[256];
    long kib = -1;
    while (fgets(line, sizeof line, status) != NULL)
        if (strncmp(line, "VmHWM:", 6) == 0)
            kib = atol(line + 6);
    fclose(status);
    FILE *out = fopen(path, "w");
    if (out == NULL)
        return;
    if (kib >= 0)
        fprintf(out, "%ld\n", kib);
    fclose(out);
}
