/* spawnbench: the C side of SpawnBenchmark. Spawns a program again and again and times it.
 *
 *   spawnbench --serve PROGRAM [ARGS...]
 *
 * Prints `ready pid=P`, then answers one line per stdin line until EOF or `quit` (exit 0):
 *
 *   spawn METHOD N  -> spawn METHOD N total_ns=NS
 *
 * METHOD is fork (fork + execv), vfork (vfork + execv) or posix_spawn. PROGRAM is started N
 * times, one after another, each reaped with waitpid before the next starts; its stdout and
 * stderr go to /dev/null (opened once; stdin is inherited). total_ns is CLOCK_MONOTONIC from
 * before the first spawn to after the last reap, so the command pipe is not in it. A malformed
 * command, or a child that does not exit 0, is answered `error WHY` and serving goes on.
 *
 * No child outlives a command: each is reaped before the answer is written.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define LINE_MAX_BYTES 256
#define COUNT_MAX 1000000u

extern char **environ;

static const char *prog = "spawnbench";

static void usage(void)
{
    fprintf(stderr,
            "usage: %s --serve PROGRAM [ARGS...]\n"
            "  prints `ready pid=P`, then answers one line per stdin line until EOF or `quit`:\n"
            "    spawn METHOD N  -> spawn METHOD N total_ns=NS   (METHOD: fork vfork posix_spawn;\n"
            "                       N in 1..%u spawns of PROGRAM, each reaped before the next)\n"
            "  a malformed command or a failed spawn -> `error WHY`, and it keeps serving.\n",
            prog, COUNT_MAX);
    exit(2);
}

static uint64_t now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* What every spawn needs, set up once. */
struct target {
    char **argv;
    int devnull;
    posix_spawn_file_actions_t actions;
};

/* Reaps pid; 0 if it exited 0, else -1 with why filled in. */
static int reap(pid_t pid, const char *method, char *why, size_t whylen)
{
    int st;
    pid_t r;
    do
        r = waitpid(pid, &st, 0);
    while (r < 0 && errno == EINTR);
    if (r < 0) {
        snprintf(why, whylen, "%s: waitpid(pid=%d): errno=%d (%s)", method, (int)pid, errno, strerror(errno));
        return -1;
    }
    if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
        return 0;
    if (WIFEXITED(st))
        snprintf(why, whylen, "%s: child exited with status %d%s", method, WEXITSTATUS(st),
                 WEXITSTATUS(st) == 127 ? " (exec failed)" : "");
    else
        snprintf(why, whylen, "%s: child killed by signal %d", method, WTERMSIG(st));
    return -1;
}

/* The child side of fork and vfork: only dup2, execv and _exit, which write no memory that the
 * parent uses (a vfork child runs on the parent's memory until it execs). */
static void exec_child(const struct target *t)
{
    if (dup2(t->devnull, STDOUT_FILENO) < 0 || dup2(t->devnull, STDERR_FILENO) < 0)
        _exit(126);
    execv(t->argv[0], t->argv);
    _exit(127);
}

/* Starts one child by method m (0 fork, 1 vfork, 2 posix_spawn); its pid, or -1 with why. */
static pid_t start(const struct target *t, int m, char *why, size_t whylen)
{
    pid_t pid;
    if (m == 2) {
        int err = posix_spawn(&pid, t->argv[0], &t->actions, NULL, t->argv, environ);
        if (err) {
            snprintf(why, whylen, "posix_spawn(%s): errno=%d (%s)", t->argv[0], err, strerror(err));
            return -1;
        }
        return pid;
    }
    pid = m == 0 ? fork() : vfork();
    if (pid == 0)
        exec_child(t);
    if (pid < 0)
        snprintf(why, whylen, "%s: errno=%d (%s)", m == 0 ? "fork" : "vfork", errno, strerror(errno));
    return pid;
}

static const char *const methods[] = {"fork", "vfork", "posix_spawn"};

/* Answers one command line (NUL-terminated, no newline). Returns 1 on `quit`. */
static int command(const struct target *t, char *line)
{
    char *tok[4];
    int n = 0;
    for (char *s = strtok(line, " \t\r"); s; s = strtok(NULL, " \t\r")) {
        if (n == 4) {
            printf("error too many words (spawn METHOD N | quit)\n");
            return 0;
        }
        tok[n++] = s;
    }
    if (n == 1 && strcmp(tok[0], "quit") == 0)
        return 1;
    if (n == 0) {
        printf("error empty command (spawn METHOD N | quit)\n");
        return 0;
    }
    if (strcmp(tok[0], "spawn") != 0) {
        printf("error unknown command (spawn METHOD N | quit): %.60s\n", tok[0]);
        return 0;
    }
    if (n != 3) {
        printf("error spawn takes two arguments: spawn METHOD N\n");
        return 0;
    }
    int m = -1;
    for (int i = 0; i < 3; i++)
        if (strcmp(tok[1], methods[i]) == 0)
            m = i;
    if (m < 0) {
        printf("error METHOD must be fork, vfork or posix_spawn: METHOD=%.60s\n", tok[1]);
        return 0;
    }
    char *end;
    errno = 0;
    unsigned long long count = strtoull(tok[2], &end, 10);
    if (errno || end == tok[2] || *end || tok[2][0] == '-' || tok[2][0] == '+' || count < 1 || count > COUNT_MAX) {
        printf("error N must be an integer in 1..%u: N=%.60s\n", COUNT_MAX, tok[2]);
        return 0;
    }

    char why[320];
    uint64_t t0 = now_ns();
    for (unsigned long long k = 0; k < count; k++) {
        pid_t pid = start(t, m, why, sizeof why);
        if (pid < 0 || reap(pid, methods[m], why, sizeof why) != 0) {
            printf("error spawn %s %llu failed at %llu: %s\n", methods[m], count, k, why);
            return 0;
        }
    }
    uint64_t total = now_ns() - t0;
    printf("spawn %s %llu total_ns=%" PRIu64 "\n", methods[m], count, total);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 3 || strcmp(argv[1], "--serve") != 0)
        usage();
    if (access(argv[2], X_OK) != 0) {
        fprintf(stderr, "%s: PROGRAM must be an executable file: PROGRAM=%s (%s)\n", prog, argv[2], strerror(errno));
        exit(2);
    }
    struct target t;
    t.argv = argv + 2;
    t.devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (t.devnull < 0) {
        fprintf(stderr, "%s: open /dev/null: %s\n", prog, strerror(errno));
        exit(1);
    }
    int err = posix_spawn_file_actions_init(&t.actions);
    if (!err)
        err = posix_spawn_file_actions_adddup2(&t.actions, t.devnull, STDOUT_FILENO);
    if (!err)
        err = posix_spawn_file_actions_adddup2(&t.actions, t.devnull, STDERR_FILENO);
    if (err) {
        fprintf(stderr, "%s: posix_spawn_file_actions: %s\n", prog, strerror(err));
        exit(1);
    }

    printf("ready pid=%d\n", (int)getpid());
    fflush(stdout);
    /* stdio reads stdin; lines longer than the buffer are answered once and skipped whole. */
    char line[LINE_MAX_BYTES + 2];
    int quit = 0;
    while (!quit && fgets(line, sizeof line, stdin)) {
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n') {
            line[--len] = 0;
            quit = command(&t, line);
        } else if (len > LINE_MAX_BYTES) {
            int c;
            while ((c = getchar()) != EOF && c != '\n')
                ;
            printf("error command longer than %d bytes\n", LINE_MAX_BYTES);
        } else {
            quit = command(&t, line); /* the last line, without a newline */
        }
        if (fflush(stdout) != 0)
            break; /* the reader is gone */
    }
    posix_spawn_file_actions_destroy(&t.actions);
    close(t.devnull);
    return 0;
}
