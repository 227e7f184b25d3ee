#ifndef WASP_CLINUX_SHIM_H
#define WASP_CLINUX_SHIM_H
// Linux calls that Swift's Glibc module leaves out because they sit behind _GNU_SOURCE or are macros.
#define _GNU_SOURCE 1
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <unistd.h>

/// rename(2) that fails with EEXIST instead of replacing the target.
static inline int wasp_rename_noreplace(const char *source, const char *target) {
    return renameat2(AT_FDCWD, source, AT_FDCWD, target, RENAME_NOREPLACE);
}

/// open(2)'s O_TMPFILE, which includes O_DIRECTORY.
static inline int wasp_o_tmpfile(void) {
    return O_TMPFILE;
}

/// pipe(2) with both ends close-on-exec from the start, so a browser started by another thread never inherits them.
static inline int wasp_pipe_cloexec(int ends[2]) {
    return pipe2(ends, O_CLOEXEC);
}
#endif
