#ifndef WASP_CLINUX_SHIM_H
#define WASP_CLINUX_SHIM_H
// Linux calls that Swift's Glibc module leaves out: epoll, eventfd, mallopt, prctl, statfs, mount, and those that glibc declares only
// under _GNU_SOURCE. _GNU_SOURCE itself is not defined here: it changes the definitions of types that Glibc's
// module defines too (fd_set, enum __rusage_who), and clang then refuses to import both modules into one file.
#include <fcntl.h>
#include <malloc.h>
#include <stdio.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/inotify.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/vfs.h>
#include <unistd.h>

extern int renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath, unsigned int flags);
extern int pipe2(int pipefd[2], int flags);
extern int unshare(int flags);
extern int setresuid(uid_t ruid, uid_t euid, uid_t suid);
extern int setresgid(gid_t rgid, gid_t egid, gid_t sgid);

/// unshare(2)'s flag for a mount namespace of one's own (CLONE_NEWNS in sched.h, under _GNU_SOURCE only).
static inline int wasp_clone_newns(void) {
    return 0x00020000;
}

/// unshare(2)'s flag for a user namespace of one's own (CLONE_NEWUSER, likewise).
static inline int wasp_clone_newuser(void) {
    return 0x10000000;
}

/// prctl(PR_SET_NO_NEW_PRIVS): nothing this process execs gains privileges (setuid bits, file capabilities).
static inline int wasp_set_no_new_privileges(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0UL, 0UL, 0UL);
}

/// rename(2) that fails with EEXIST instead of replacing the target (RENAME_NOREPLACE is 1 in linux/fs.h).
static inline int wasp_rename_noreplace(const char *source, const char *target) {
    return renameat2(AT_FDCWD, source, AT_FDCWD, target, 1);
}

/// open(2)'s O_TMPFILE, which includes O_DIRECTORY; glibc defines __O_TMPFILE whatever the feature macros.
static inline int wasp_o_tmpfile(void) {
    return __O_TMPFILE;
}

/// pipe(2) with both ends close-on-exec from the start, so a browser started by another thread never inherits them.
static inline int wasp_pipe_cloexec(int ends[2]) {
    return pipe2(ends, O_CLOEXEC);
}

/// prctl(PR_SET_PDEATHSIG): `signal` is sent to this process when the thread that started it ends (prctl is
/// variadic, which Swift cannot call).
static inline int wasp_set_parent_death_signal(int signal) {
    return prctl(PR_SET_PDEATHSIG, (unsigned long)signal, 0UL, 0UL, 0UL);
}

/// statfs(2)'s f_type, the file system's magic number; 0 when `path` cannot be looked at.
static inline long wasp_file_system_type(const char *path) {
    struct statfs status;
    return statfs(path, &status) == 0 ? (long)status.f_type : 0;
}
#endif
