#ifndef WASP_CLINUX_SHIM_H
#define WASP_CLINUX_SHIM_H
// Linux calls that Swift's Glibc module leaves out because they sit behind _GNU_SOURCE or are macros.
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <stdio.h>
#include <sys/inotify.h>

/// rename(2) that fails with EEXIST instead of replacing the target.
static inline int wasp_rename_noreplace(const char *source, const char *target) {
    return renameat2(AT_FDCWD, source, AT_FDCWD, target, RENAME_NOREPLACE);
}

/// open(2)'s O_TMPFILE, which includes O_DIRECTORY.
static inline int wasp_o_tmpfile(void) {
    return O_TMPFILE;
}
#endif
