/* module.c: on-demand loading of the converters that need heavy libraries. */
#include "module.h"

#include <dlfcn.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../core/doc.h"

/* A module's libraries bind their symbols to each other first (RTLD_DEEPBIND): each
 * of the several thousand symbol references of libstdc++, libcrypto and ICU that
 * dlopen binds is then found in the module's own dependencies, instead of after a
 * miss in every library of the executable's global scope (glib, json-glib and the
 * gio stack it pulls in). The module's own references to the executable's model
 * functions are still found there, after the miss.
 * Deep binding is only safe while malloc is the C library's own. An allocator put in
 * front of it (LD_PRELOAD of jemalloc, tcmalloc or mimalloc, a sanitizer runtime)
 * serves the executable, but a deep-bound module's libraries would find libc's malloc
 * first: a buffer poppler allocates and gktab frees then goes to the wrong heap
 * ("free(): invalid size", or a crash), and the sanitizer runtimes refuse
 * RTLD_DEEPBIND outright. Returns RTLD_DEEPBIND, or 0 when malloc or free is not
 * libc's (or libc cannot be asked: then binding as usual is the safe choice). */
static int module_bind(void) {
  void *libc = dlopen("libc.so.6", RTLD_LAZY | RTLD_NOLOAD);
  if (!libc) return 0;
  int own = dlsym(libc, "malloc") == dlsym(RTLD_DEFAULT, "malloc") &&
            dlsym(libc, "free") == dlsym(RTLD_DEFAULT, "free");
  dlclose(libc);
  return own ? RTLD_DEEPBIND : 0;
}

#ifndef GK_MODULE_DIR
#define GK_MODULE_DIR "/usr/local/lib/gktab"
#endif

/* The executable's directory (build tree runs), or "" when it cannot be read. */
static void exe_dir(char *out, size_t cap) {
  out[0] = '\0';
  ssize_t n = readlink("/proc/self/exe", out, cap - 1);
  if (n <= 0) return;
  out[n] = '\0';
  char *slash = strrchr(out, '/');
  if (slash) *slash = '\0';
  else out[0] = '\0';
}

static void *open_module(const char *name, char *why, size_t whycap) {
  char file[64], path[PATH_MAX + 64], dir[PATH_MAX];
  snprintf(file, sizeof file, "%s.so", name);
  const char *dirs[3];
  int nd = 0;
  const char *env = getenv("GKTAB_MODULE_DIR");
  if (env && *env) dirs[nd++] = env;
  exe_dir(dir, sizeof dir);
  if (*dir) dirs[nd++] = dir;
  dirs[nd++] = GK_MODULE_DIR;
  why[0] = '\0';
  for (int i = 0; i < nd; i++) {
    snprintf(path, sizeof path, "%s/%s", dirs[i], file);
    if (access(path, R_OK) != 0) continue;
    void *h = dlopen(path, RTLD_LAZY | RTLD_LOCAL | module_bind());
    if (h) return h;
    snprintf(why, whycap, "%s", dlerror());
    return NULL;
  }
  snprintf(why, whycap, "%s not found beside the executable nor in %s", file, GK_MODULE_DIR);
  return NULL;
}

void *gk_module_symbol(const char *name, const char *symbol, char *why, size_t whycap) {
  /* One handle per module for the process: a batch loads each module once. */
  static struct {
    char name[32];
    void *handle;
  } loaded[8];
  void *h = NULL;
  int slot = -1;
  for (int i = 0; i < 8; i++) {
    if (loaded[i].handle && strcmp(loaded[i].name, name) == 0) {
      h = loaded[i].handle;
      break;
    }
    if (!loaded[i].handle && slot < 0) slot = i;
  }
  if (!h) {
    h = open_module(name, why, whycap);
    if (!h) return NULL;
    if (slot >= 0 && strlen(name) < sizeof loaded[slot].name) {
      strcpy(loaded[slot].name, name);
      loaded[slot].handle = h;
    }
  }
  void *sym = dlsym(h, symbol);
  if (!sym) snprintf(why, whycap, "%s.so lacks %s", name, symbol);
  return sym;
}

gk_convert_fn gk_module_get(gk_doc *doc, const char *name, const char *symbol) {
  char file[40], why[512];
  snprintf(file, sizeof file, "gkconv_%s", name);
  gk_convert_fn fn;
  *(void **)(&fn) = gk_module_symbol(file, symbol, why, sizeof why);
  if (!fn) gk_diag_add(doc, GK_SEV_ERROR, "module", NULL, "cannot load the %s converter: %s", name, why);
  return fn;
}
