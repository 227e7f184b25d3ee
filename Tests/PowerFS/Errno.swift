import Glibc

/// Why an operation failed, as the errno FUSE hands back to the calling process.
struct Errno: Error {
    let code: Int32

    static let noEntry = Errno(code: ENOENT)
    static let exists = Errno(code: EEXIST)
    static let notDirectory = Errno(code: ENOTDIR)
    static let isDirectory = Errno(code: EISDIR)
    static let notEmpty = Errno(code: ENOTEMPTY)
    static let invalid = Errno(code: EINVAL)
    static let notPermitted = Errno(code: EPERM)
    /// The disk is dead: power is cut, or a handle outlived a restore.
    static let io = Errno(code: EIO)
}
