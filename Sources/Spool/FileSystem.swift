import CLinux
import Foundation
import Glibc

/// Thin, throwing wrappers over the system calls the spool is built on; each failure names its path.
enum FileSystem {
    /// False when it was there already.
    @discardableResult
    static func makeDirectory(_ path: String, mode: mode_t) throws(SpoolError) -> Bool {
        if mkdir(path, mode) == 0 { return true }
        if errno == EEXIST { return false }
        throw .system(operation: "mkdir", path: path, errno: errno)
    }

    /// A spool file's mode: readable by all, since the dashboard reads orders of the queue group it is not in
    /// (`SpoolOwnership`); the spool's and the tenant's directories keep everyone else out.
    static let fileMode: mode_t = 0o644

    static func open(_ path: String, flags: Int32, mode: mode_t = fileMode) throws(SpoolError) -> Int32 {
        let descriptor = Glibc.open(path, flags | O_CLOEXEC, mode)
        if descriptor < 0 { throw .system(operation: "open", path: path, errno: errno) }
        return descriptor
    }

    /// Order files are moved by daemons of other users (`users =`), and a move hard-links the file into `tmp/`
    /// first: with the kernel's `protected_hardlinks`, only the owner, or a user who may read and write the file,
    /// may link it. So an order file takes the group of its state directory (the queue group, which the dashboard
    /// is not in) and that group's write bit.
    /// Without that group (not a member, or no `users =`), the mode alone does it.
    static func shareWithGroup(_ descriptor: Int32, of directory: String, path: String) throws(SpoolError) {
        var directoryStatus = stat(), fileStatus = stat()
        if stat(directory, &directoryStatus) == 0, fstat(descriptor, &fileStatus) == 0, fileStatus.st_gid != directoryStatus.st_gid {
            _ = fchown(descriptor, uid_t(bitPattern: -1), directoryStatus.st_gid)
        }
        if fchmod(descriptor, groupWritableMode) != 0 { throw .system(operation: "fchmod", path: path, errno: errno) }
    }

    static let groupWritableMode: mode_t = 0o664

    static func writeAll(_ descriptor: Int32, _ data: Data, path: String) throws(SpoolError) {
        let failure: Int32? = data.withUnsafeBytes { buffer -> Int32? in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
        if let failure { throw .system(operation: "write", path: path, errno: failure) }
    }

    static func sync(_ descriptor: Int32, path: String) throws(SpoolError) {
        if fsync(descriptor) != 0 { throw .system(operation: "fsync", path: path, errno: errno) }
    }

    /// fsyncs a directory so that a link, rename or unlink in it survives a power cut.
    static func syncDirectory(_ path: String) throws(SpoolError) {
        let descriptor = try open(path, flags: O_RDONLY | O_DIRECTORY)
        defer { close(descriptor) }
        try sync(descriptor, path: path)
    }

    static func setModified(_ descriptor: Int32, to date: Date, path: String) throws(SpoolError) {
        let time = timespec(date)
        var times = [time, time]
        if futimens(descriptor, &times) != 0 { throw .system(operation: "futimens", path: path, errno: errno) }
    }

    static func link(_ source: String, _ target: String) throws(SpoolError) {
        if Glibc.link(source, target) != 0 {
            if errno == EEXIST { throw .exists(path: target) }
            throw .system(operation: "link", path: target, errno: errno)
        }
    }

    static func rename(_ source: String, _ target: String) throws(SpoolError) {
        if Glibc.rename(source, target) != 0 { throw .system(operation: "rename", path: source, errno: errno) }
    }

    /// `rename` that fails with `.exists` rather than replace a file.
    static func renameNoReplace(_ source: String, _ target: String) throws(SpoolError) {
        if wasp_rename_noreplace(source, target) != 0 {
            if errno == EEXIST { throw .exists(path: target) }
            throw .system(operation: "rename", path: source, errno: errno)
        }
    }

    static func setModified(path: String, to date: Date) throws(SpoolError) {
        let time = timespec(date)
        var times = [time, time]
        if utimensat(AT_FDCWD, path, &times, 0) != 0 { throw .system(operation: "utimensat", path: path, errno: errno) }
    }

    static func remove(_ path: String) throws(SpoolError) {
        if unlink(path) != 0 { throw .system(operation: "unlink", path: path, errno: errno) }
    }

    static func read(_ path: String) throws(SpoolError) -> Data {
        let descriptor = try open(path, flags: O_RDONLY)
        defer { close(descriptor) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 16384)
        while true {
            let count = Glibc.read(descriptor, &buffer, buffer.count)
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", path: path, errno: errno)
            }
            if count == 0 { return data }
            data.append(buffer, count: count)
        }
    }

    static func exists(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0
    }

    static func timespec(_ date: Date) -> Glibc.timespec {
        let seconds = Timestamp.wholeSeconds(date)
        let fraction = date.timeIntervalSince1970 - Double(seconds)
        return Glibc.timespec(tv_sec: seconds, tv_nsec: (0..<1).contains(fraction) ? Int(fraction * 1e9) : 0)
    }
}
