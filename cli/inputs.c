/* inputs.c: building the input list: paths, sorted directory walks with symlink
 * loop detection, path lists. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/base.h"

static int push(gk_inputs *in, const char *path, const char *error) {
  if (in->n == in->cap) {
    size_t cap = in->cap ? in->cap * 2 : 64;
    gk_input *v = realloc(in->v, cap * sizeof *v);
    if (!v) return GK_ENOMEM;
    in->v = v;
    in->cap = cap;
  }
  gk_input *e = &in->v[in->n];
  e->path = strdup(path);
  e->error = error ? strdup(error) : NULL;
  if (!e->path || (error && !e->error)) {
    free(e->path);
    free(e->error);
    return GK_ENOMEM;
  }
  in->n++;
  return GK_OK;
}

/* The directories being walked, outermost first: a directory met again below
 * itself (through a symlink) is a loop. */
typedef struct ancestor {
  dev_t dev;
  ino_t ino;
  const struct ancestor *up;
} ancestor;

static int by_name(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk(gk_inputs *in, const char *dir, const struct stat *dst, const ancestor *up) {
  for (const ancestor *a = up; a; a = a->up)
    if (a->dev == dst->st_dev && a->ino == dst->st_ino)
      return push(in, dir, "symlink loop: the directory contains itself");
  ancestor me = {dst->st_dev, dst->st_ino, up};
  DIR *d = opendir(dir);
  if (!d) return push(in, dir, strerror(errno));
  char **names = NULL;
  size_t n = 0, cap = 0;
  int rc = GK_OK;
  struct dirent *de;
  errno = 0;
  while ((de = readdir(d))) {
    if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
    if (n == cap) {
      cap = cap ? cap * 2 : 32;
      char **nn = realloc(names, cap * sizeof *nn);
      if (!nn) {
        rc = GK_ENOMEM;
        break;
      }
      names = nn;
    }
    if (!(names[n] = strdup(de->d_name))) {
      rc = GK_ENOMEM;
      break;
    }
    n++;
  }
  if (rc == GK_OK && errno) rc = push(in, dir, strerror(errno));
  closedir(d);
  /* Sorted by bytes, so that a corpus gives the same order on every machine. */
  if (names) qsort(names, n, sizeof *names, by_name);
  size_t dl = strlen(dir);
  for (size_t i = 0; i < n && rc == GK_OK; i++) {
    char *p = malloc(dl + strlen(names[i]) + 2);
    if (!p) {
      rc = GK_ENOMEM;
      break;
    }
    sprintf(p, "%s%s%s", dir, dl && dir[dl - 1] == '/' ? "" : "/", names[i]);
    struct stat st;
    if (stat(p, &st) != 0) {
      /* A dangling symlink, or one that loops onto itself (ELOOP). */
      rc = push(in, p, errno == ELOOP ? "symlink loop" : strerror(errno));
    } else if (S_ISDIR(st.st_mode)) {
      rc = walk(in, p, &st, &me);
    } else if (S_ISREG(st.st_mode)) {
      rc = push(in, p, NULL);
    } else {
      /* A FIFO would block the reader forever; devices and sockets are no reports. */
      rc = push(in, p, S_ISFIFO(st.st_mode) ? "not a regular file (a FIFO)" : "not a regular file");
    }
    free(p);
  }
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
  return rc;
}

int gk_inputs_add(gk_inputs *in, const char *path, int recursive) {
  struct stat st;
  if (strcmp(path, "-") == 0 || stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
    return push(in, path, NULL); /* a missing file's reason comes from opening it */
  if (!recursive) return push(in, path, "is a directory (use -r to walk it)");
  return walk(in, path, &st, NULL);
}

int gk_inputs_read_list(gk_inputs *in, FILE *f, int sep, int recursive) {
  char *line = NULL;
  size_t cap = 0;
  ssize_t n;
  int rc = GK_OK;
  while (rc == GK_OK && (n = getdelim(&line, &cap, sep, f)) >= 0) {
    if (n > 0 && line[n - 1] == sep) line[--n] = '\0';
    if (n == 0) continue;
    rc = gk_inputs_add(in, line, recursive);
  }
  if (rc == GK_OK && ferror(f)) rc = GK_EIO;
  free(line);
  return rc;
}

void gk_inputs_free(gk_inputs *in) {
  for (size_t i = 0; i < in->n; i++) {
    free(in->v[i].path);
    free(in->v[i].error);
  }
  free(in->v);
  in->v = NULL;
  in->n = in->cap = 0;
}
