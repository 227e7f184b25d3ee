import Glibc

/// Gives a directory and everything below it to one owner (root only), through descriptors opened without
/// following a symbolic link: a browser profile is written by a browser that may have been taken over, and a
/// link it planted (`Default/x -> /etc`) must not hand root's chown to what it points at.
public enum OwnedTree {
    public static func give(_ path: String, owner: uid_t, group: gid_t) throws(SpoolError) {
        let directory = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard directory >= 0 else { throw .system(operation: "open", path: path, errno: errno) }
        try give(directory: directory, path: path, owner: owner, group: group)
    }

    /// Takes `directory` (and closes it).
    private static func give(directory: Int32, path: String, owner: uid_t, group: gid_t) throws(SpoolError) {
        guard fchown(directory, owner, group) == 0, let handle = fdopendir(directory) else {
            let failure = errno
            close(directory)
            throw .system(operation: "chown", path: path, errno: failure)
        }
        defer { closedir(handle) }
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name == "." || name == ".." { continue }
            let child = openat(directory, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
            if child >= 0 {
                try give(directory: child, path: path + "/" + name, owner: owner, group: group)
            } else if fchownat(directory, name, owner, group, AT_SYMLINK_NOFOLLOW) != 0 && errno != ENOENT {
                throw .system(operation: "chown", path: path + "/" + name, errno: errno)
            }
        }
    }
}
