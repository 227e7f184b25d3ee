import Foundation
import Glibc

/// An exclusive lock on a whole file, held for the life of the process and released by the kernel however it
/// ends (`kill -9` included). A POSIX record lock (`fcntl(F_SETLK)`) rather than `flock`, because the kernel then
/// says which process holds it (`F_GETLK`): no pid written into the file that could be stale or half written, and
/// no need to take the lock to look at it, so looking never makes a starting holder fail. Such a lock is let go
/// when its process closes *any* descriptor of the file: nothing but this type opens a lock file, and a process
/// never looks at a lock it holds. The descriptor is close-on-exec, so no child (a browser) keeps it.
public final class LockFile: Sendable {
    /// Why the lock was not taken.
    public enum Failure: Error, Sendable {
        /// Another process holds it.
        case held(by: pid_t)
        /// The file cannot be opened or locked; the message says why.
        case unusable(String)
    }

    private let descriptor: Int32

    /// Takes the lock on `path`, creating the file (and its directory) if need be.
    public init(path: String) throws(Failure) {
        let directory = (path as NSString).deletingLastPathComponent
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .unusable("cannot make \(directory): \(error.localizedDescription)")
        }
        descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .unusable("cannot open \(path): \(String(cString: strerror(errno)))") }
        // A holder that ends between the refusal and the question leaves the lock free: ask again.
        for _ in 0..<3 {
            var lock = Self.wholeFile(F_WRLCK)
            if fcntl(descriptor, F_SETLK, &lock) == 0 { return }
            guard errno == EAGAIN || errno == EACCES else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw .unusable("cannot lock \(path): \(reason)")
            }
            if let holder = Self.holder(of: descriptor) {
                close(descriptor)
                throw .held(by: holder)
            }
        }
        close(descriptor)
        throw .unusable("cannot lock \(path): it is taken and let go again and again")
    }

    /// The process holding the lock on `path`, or nil when none does (or there is no such file). Never creates it.
    public static func holder(path: String) -> pid_t? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        return holder(of: descriptor)
    }

    private static func holder(of descriptor: Int32) -> pid_t? {
        var lock = wholeFile(F_WRLCK)
        guard fcntl(descriptor, F_GETLK, &lock) == 0, Int32(lock.l_type) != F_UNLCK else { return nil }
        return lock.l_pid
    }

    private static func wholeFile(_ type: Int32) -> flock {
        var lock = flock()
        lock.l_type = Int16(type)
        lock.l_whence = Int16(SEEK_SET)
        lock.l_start = 0
        lock.l_len = 0
        return lock
    }

    deinit {
        close(descriptor)
    }
}
