/* worker.c: the worker pool: forked processes that convert one document at a time,
 * watched by the parent for time, death and memory. */
#include "worker.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* How often the parent wakes with no result, to check deadlines: a timeout fires at
 * most this late (milliseconds). */
#define GK_POOL_TICK_MS 100

/* Largest record a worker may send: the output of one document, bounded by the
 * 256 MiB input limit with room for JSON's escapes. */
#define GK_RECORD_MAX_BYTES (1u << 30)

typedef struct {
  pid_t pid;
  int to, from;      /* task pipe (parent writes), result pipe (parent reads) */
  long task;         /* input index being converted, or -1 when idle */
  double start;      /* when the task was sent (monotonic seconds) */
  unsigned char *buf; /* the result read so far */
  size_t len, cap;
} worker;

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Writes all of buf; a worker's pipes are blocking. Returns 0 or -1 (errno set). */
static int write_all(int fd, const void *buf, size_t len) {
  const char *p = buf;
  while (len) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR) continue;
      return -1;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

/* Reads exactly len bytes. Returns 1, 0 at a clean end of file, -1 on error. */
static int read_all(int fd, void *buf, size_t len) {
  char *p = buf;
  size_t got = 0;
  while (got < len) {
    ssize_t r = read(fd, p + got, len - got);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0) return -1;
    if (r == 0) return got ? -1 : 0;
    got += (size_t)r;
  }
  return 1;
}

/* The test-only switches: whether `path` contains the value of variable `env`. */
static int test_switch(const char *env, const char *path) {
  const char *s = getenv(env);
  return s && *s && strstr(path, s);
}

/* The worker's life: read a task (u32 path length, path), convert, answer (u32
 * record length, record); end when the parent closes the task pipe. */
_Noreturn static void worker_main(int from, int to, const gk_run_opts *ro,
                                  const gk_pool_opts *po, FILE *in_stream) {
  struct rlimit core = {0, 0};
  setrlimit(RLIMIT_CORE, &core); /* a crash is a record, not a core file */
#ifndef __SANITIZE_ADDRESS__
  /* (AddressSanitizer reserves terabytes of address space: no RLIMIT_AS there.) */
  if (po->max_memory) {
    struct rlimit as = {(rlim_t)po->max_memory, (rlim_t)po->max_memory};
    setrlimit(RLIMIT_AS, &as);
  }
#endif
  signal(SIGPIPE, SIG_DFL);
  for (;;) {
    uint32_t n;
    if (read_all(from, &n, sizeof n) != 1) _exit(0);
    char *path = malloc((size_t)n + 1);
    if (!path || read_all(from, path, n) != 1) _exit(3);
    path[n] = '\0';
    if (test_switch(GK_TEST_HANG_ENV, path))
      for (volatile int spin = 1; spin;) {
      }
    if (test_switch(GK_TEST_CRASH_ENV, path)) raise(SIGSEGV);
    gk_record rec;
    int rc = gk_record_run(&rec, ro, path, in_stream);
    free(path);
    unsigned char *buf = NULL;
    size_t len = 0;
    if (gk_record_encode(&rec, &buf, &len) != GK_OK) _exit(4); /* the parent says crashed */
    uint32_t l = (uint32_t)len;
    if (len > GK_RECORD_MAX_BYTES || write_all(to, &l, sizeof l) || write_all(to, buf, len))
      _exit(5);
    free(buf);
    gk_record_clear(&rec);
    /* After running out of memory the heap may be in pieces: a fresh worker follows. */
    if (rc == GK_ENOMEM) _exit(0);
  }
}

typedef struct {
  worker *w;
  int nw;
  const gk_run_opts *ro;
  const gk_pool_opts *po;
  FILE *in_stream;
} pool;

static void close_worker(worker *w) {
  if (w->to >= 0) close(w->to);
  if (w->from >= 0) close(w->from);
  w->to = w->from = -1;
  free(w->buf);
  w->buf = NULL;
  w->len = w->cap = 0;
  w->pid = 0;
  w->task = -1;
}

static int spawn(pool *p, worker *w) {
  int task[2], result[2];
  if (pipe2(task, O_CLOEXEC) != 0) return GK_EIO;
  if (pipe2(result, O_CLOEXEC) != 0) {
    close(task[0]);
    close(task[1]);
    return GK_EIO;
  }
  /* Buffered output would be written twice, once by each process. */
  fflush(NULL);
  pid_t pid = fork();
  if (pid < 0) {
    close(task[0]);
    close(task[1]);
    close(result[0]);
    close(result[1]);
    return GK_EIO;
  }
  if (pid == 0) {
    /* The other workers' pipes are not this worker's business: without this, a
     * worker would keep a sibling's task pipe open and the sibling never ends. */
    for (int i = 0; i < p->nw; i++) {
      if (p->w[i].to >= 0) close(p->w[i].to);
      if (p->w[i].from >= 0) close(p->w[i].from);
    }
    close(task[1]);
    close(result[0]);
    worker_main(task[0], result[1], p->ro, p->po, p->in_stream);
  }
  close(task[0]);
  close(result[1]);
  w->pid = pid;
  w->to = task[1];
  w->from = result[0];
  w->task = -1;
  w->len = 0;
  return GK_OK;
}

/* Why a worker died, for the record's error. */
static void death_reason(int wstatus, int killed_by_us, char *out, size_t cap) {
  if (WIFSIGNALED(wstatus)) {
    int sig = WTERMSIG(wstatus);
    snprintf(out, cap, "the worker was killed by signal %d (%s)%s", sig, strsignal(sig),
             sig == SIGKILL && !killed_by_us ? ", perhaps by the out-of-memory killer" : "");
  } else if (WIFEXITED(wstatus)) {
    snprintf(out, cap, "the worker exited with status %d before answering%s",
             WEXITSTATUS(wstatus),
             WEXITSTATUS(wstatus) == 4 ? " (out of memory encoding the record)" : "");
  } else {
    snprintf(out, cap, "the worker died");
  }
}

/* Ends a busy worker (timeout: kill it first) and delivers its input's record. */
static int bury(pool *p, worker *w, const gk_inputs *in, gk_status st, gk_deliver_fn deliver,
                void *ctx) {
  if (st == GK_ST_TIMEOUT) kill(w->pid, SIGKILL);
  int ws = 0;
  while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR) {
  }
  gk_record rec;
  memset(&rec, 0, sizeof rec);
  int rc;
  const char *path = in->v[w->task].path;
  const char *label = strcmp(path, "-") == 0 ? "<stdin>" : path;
  if (st == GK_ST_TIMEOUT) {
    rc = gk_record_set_failure(&rec, p->ro, label, st, "no result within the %g s time limit",
                               p->po->timeout);
  } else {
    char why[256];
    death_reason(ws, 0, why, sizeof why);
    rc = gk_record_set_failure(&rec, p->ro, label, st, "%s", why);
  }
  rec.seconds = now() - w->start;
  size_t index = (size_t)w->task;
  close_worker(w);
  if (rc != GK_OK) {
    gk_record_clear(&rec);
    return rc;
  }
  deliver(ctx, index, &rec);
  return GK_OK;
}

/* Reads what the worker has sent. Returns 1 when a whole record arrived (delivered),
 * 0 when more is to come, -1 when the worker closed its end (died). */
static int receive(pool *p, worker *w, gk_deliver_fn deliver, void *ctx, int *err) {
  for (;;) {
    if (w->cap - w->len < 65536) {
      size_t cap = w->cap ? w->cap * 2 : 1 << 17;
      unsigned char *b = realloc(w->buf, cap);
      if (!b) {
        *err = GK_ENOMEM;
        return 0;
      }
      w->buf = b;
      w->cap = cap;
    }
    ssize_t r = read(w->from, w->buf + w->len, w->cap - w->len);
    if (r < 0 && errno == EINTR) continue;
    if (r < 0 && errno == EAGAIN) return 0;
    if (r <= 0) return -1;
    w->len += (size_t)r;
    if (w->len < 4) continue;
    uint32_t need;
    memcpy(&need, w->buf, sizeof need);
    if (w->len - 4 < need) continue;
    /* One worker answers one task at a time: nothing can follow the record. */
    gk_record rec;
    if (gk_record_decode(&rec, w->buf + 4, need) != GK_OK) return -1;
    rec.seconds = now() - w->start;
    size_t index = (size_t)w->task;
    w->task = -1;
    w->len = 0;
    int oom = rec.status == GK_ST_UNREADABLE && rec.error && strcmp(rec.error, "out of memory") == 0;
    deliver(ctx, index, &rec);
    if (oom) {
      /* That worker ends itself (worker_main); reap it and let a fresh one come. */
      int ws;
      close(w->to);
      w->to = -1;
      waitpid(w->pid, &ws, 0);
      close_worker(w);
      (void)p;
    }
    return 1;
  }
}

int gk_pool_run(const gk_inputs *in, const gk_run_opts *ro, const gk_pool_opts *po,
                FILE *in_stream, gk_deliver_fn deliver, void *ctx) {
  pool p = {NULL, po->jobs < 1 ? 1 : po->jobs, ro, po, in_stream};
  if ((size_t)p.nw > in->n) p.nw = in->n ? (int)in->n : 1;
  p.w = calloc((size_t)p.nw, sizeof *p.w);
  struct pollfd *pfd = calloc((size_t)p.nw, sizeof *pfd);
  int *who = calloc((size_t)p.nw, sizeof *who);
  if (!p.w || !pfd || !who) {
    free(p.w);
    free(pfd);
    free(who);
    return GK_ENOMEM;
  }
  for (int i = 0; i < p.nw; i++) {
    p.w[i].to = p.w[i].from = -1;
    p.w[i].task = -1;
  }
  /* A worker that died while idle shows as EPIPE on the task pipe, not as a signal. */
  struct sigaction ign = {0}, old;
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old);
  size_t next = 0, done = 0;
  int rc = GK_OK;
  while (done < in->n && rc == GK_OK) {
    /* Give every idle worker a document (spawning the dead ones afresh). */
    for (int i = 0; i < p.nw && next < in->n && rc == GK_OK; i++) {
      worker *w = &p.w[i];
      if (w->task >= 0) continue;
      const gk_input *e = &in->v[next];
      if (e->error) {
        gk_record rec;
        memset(&rec, 0, sizeof rec);
        rc = gk_record_set_failure(&rec, ro, e->path, GK_ST_UNREADABLE, "%s", e->error);
        if (rc == GK_OK) deliver(ctx, next, &rec);
        else gk_record_clear(&rec);
        next++;
        done++;
        i--; /* this worker is still idle */
        continue;
      }
      int fresh = !w->pid;
      if (fresh && (rc = spawn(&p, w)) != GK_OK) break;
      uint32_t n = (uint32_t)strlen(e->path);
      w->task = (long)next;
      w->start = now();
      if (write_all(w->to, &n, sizeof n) || write_all(w->to, e->path, n)) {
        if (fresh) {
          /* A new worker that cannot take its first task: this input's record. */
          rc = bury(&p, w, in, GK_ST_CRASHED, deliver, ctx);
          next++;
          done++;
        } else {
          /* Died idle: reap it; a fresh one takes this input. */
          int ws;
          waitpid(w->pid, &ws, 0);
          close_worker(w);
        }
        i--;
        continue;
      }
      fcntl(w->from, F_SETFL, O_NONBLOCK);
      next++;
    }
    if (rc != GK_OK || done == in->n) break;
    /* Wait for a result, or for the nearest deadline. */
    int np = 0;
    double t = now(), wait_s = GK_POOL_TICK_MS / 1000.0;
    for (int i = 0; i < p.nw; i++) {
      if (p.w[i].task < 0) continue;
      pfd[np].fd = p.w[i].from;
      pfd[np].events = POLLIN;
      who[np++] = i;
      if (po->timeout > 0) {
        double left = p.w[i].start + po->timeout - t;
        if (left < wait_s) wait_s = left > 0 ? left : 0;
      }
    }
    if (np == 0) continue;
    int pr = poll(pfd, (nfds_t)np, (int)(wait_s * 1000) + 1);
    if (pr < 0 && errno != EINTR) {
      rc = GK_EIO;
      break;
    }
    for (int k = 0; k < np && pr > 0 && rc == GK_OK; k++) {
      if (!pfd[k].revents) continue;
      worker *w = &p.w[who[k]];
      int got = receive(&p, w, deliver, ctx, &rc);
      if (got == 1) done++;
      else if (got < 0) {
        rc = bury(&p, w, in, GK_ST_CRASHED, deliver, ctx);
        done++;
      }
    }
    /* Kill the workers past their time. */
    t = now();
    for (int i = 0; i < p.nw && po->timeout > 0 && rc == GK_OK; i++) {
      worker *w = &p.w[i];
      if (w->task < 0 || t - w->start < po->timeout) continue;
      rc = bury(&p, w, in, GK_ST_TIMEOUT, deliver, ctx);
      done++;
    }
  }
  /* Closing the task pipes ends the workers. */
  for (int i = 0; i < p.nw; i++) {
    worker *w = &p.w[i];
    if (!w->pid) continue;
    if (w->task >= 0) kill(w->pid, SIGKILL); /* only after a failure of the pool */
    close(w->to);
    w->to = -1;
    int ws;
    while (waitpid(w->pid, &ws, 0) < 0 && errno == EINTR) {
    }
    close_worker(w);
  }
  sigaction(SIGPIPE, &old, NULL);
  free(p.w);
  free(pfd);
  free(who);
  return rc;
}

int gk_inprocess_run(const gk_inputs *in, const gk_run_opts *ro, FILE *in_stream,
                     gk_deliver_fn deliver, void *ctx) {
  for (size_t i = 0; i < in->n; i++) {
    const gk_input *e = &in->v[i];
    gk_record rec;
    memset(&rec, 0, sizeof rec);
    double t = now();
    int rc = e->error ? gk_record_set_failure(&rec, ro, e->path, GK_ST_UNREADABLE, "%s", e->error)
                      : gk_record_run(&rec, ro, e->path, in_stream);
    rec.seconds = now() - t;
    if (rc != GK_OK && !rec.source) {
      gk_record_clear(&rec);
      return rc;
    }
    deliver(ctx, i, &rec);
  }
  return GK_OK;
}
