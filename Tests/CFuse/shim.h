#ifndef WASP_CFUSE_SHIM_H
#define WASP_CFUSE_SHIM_H
// libfuse3's high-level (path-based) API for the power-loss file system in Tests/PowerFS. Version 3.1 of the
// API is the one Debian 12's libfuse3 (3.14) serves without versioned-symbol macros Swift cannot call.
#define FUSE_USE_VERSION 31
#include <fuse.h>
#include <sys/statvfs.h>
#endif
