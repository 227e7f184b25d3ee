import Foundation
import Glibc

/// inotify on chosen directories of every tenant, plus the spool root for new tenants. It is a hint to look, not
/// the truth: the caller rescans the directories at start, on `.overflow`, and now and then.
public final class SpoolWatcher {
    public enum Change: Equatable, Sendable {
        /// A file arrived in, was touched in, or (with `.departures`) left a watched directory.
        case file(TenantID, SpoolDirectory, String)
        /// A directory appeared in the spool root: perhaps a new tenant.
        case tenant(TenantID)
        /// The kernel's queue overflowed; changes were lost, so rescan everything.
        case overflow
    }

    private let spool: Spool
    private let directories: [SpoolDirectory]
    private let events: UInt32
    private let descriptor: Int32
    private let wakePipe: [Int32]
    private var watches: [Int32: (TenantID, SpoolDirectory)] = [:]
    private var watchedTenants: Set<TenantID> = []

    /// Which changes of a file to report.
    public struct Interest: OptionSet, Sendable {
        public let rawValue: UInt32
        public init(rawValue: UInt32) { self.rawValue = rawValue }

        public static let arrivals = Interest(rawValue: UInt32(IN_CREATE | IN_MOVED_TO))
        /// mtime changes: a waiting order's due time moved.
        public static let touches = Interest(rawValue: UInt32(IN_ATTRIB))
        /// A file moved away or deleted: the order changed state or was removed.
        public static let departures = Interest(rawValue: UInt32(IN_MOVED_FROM | IN_DELETE))
    }

    public init(spool: Spool, directories: [SpoolDirectory], interest: Interest) throws(SpoolError) {
        self.spool = spool
        self.directories = directories
        events = interest.rawValue
        descriptor = inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))
        if descriptor < 0 { throw .system(operation: "inotify_init1", path: spool.root, errno: errno) }
        var ends: [Int32] = [0, 0]
        if pipe(&ends) != 0 { throw .system(operation: "pipe", path: spool.root, errno: errno) }
        for end in ends {
            _ = fcntl(end, F_SETFL, O_NONBLOCK)
            _ = fcntl(end, F_SETFD, FD_CLOEXEC)
        }
        wakePipe = ends
        if inotify_add_watch(descriptor, spool.root, UInt32(IN_CREATE | IN_MOVED_TO | IN_ONLYDIR)) < 0 {
            throw .system(operation: "inotify_add_watch", path: spool.root, errno: errno)
        }
    }

    deinit {
        close(descriptor)
        wakePipe.forEach { close($0) }
    }

    /// Watches the tenant's directories, unless they are watched already.
    public func watch(_ tenant: TenantID) throws(SpoolError) {
        guard !watchedTenants.contains(tenant) else { return }
        for directory in directories {
            let path = spool.path(tenant, directory)
            let watch = inotify_add_watch(descriptor, path, events | UInt32(IN_ONLYDIR))
            if watch < 0 { throw .system(operation: "inotify_add_watch", path: path, errno: errno) }
            watches[watch] = (tenant, directory)
        }
        watchedTenants.insert(tenant)
    }

    /// Makes a `wait` in progress return at once; safe from any thread.
    public func wake() {
        var byte: UInt8 = 1
        _ = write(wakePipe[1], &byte, 1)
    }

    /// Sleeps until something changes, `wake()` is called, or `deadline` passes; returns what changed.
    public func wait(until deadline: Date?) -> [Change] {
        var descriptors = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: wakePipe[0], events: Int16(POLLIN), revents: 0)]
        // Clamped while still a Double: a deadline from a file's mtime may be any 64-bit time, too many ms for an Int.
        let timeout = deadline.map { Int32(min(max(0, ($0.timeIntervalSinceNow * 1000).rounded(.up)), Double(Int32.max))) }
            ?? -1
        if poll(&descriptors, 2, timeout) <= 0 { return [] }
        var drain = [UInt8](repeating: 0, count: 64)
        while read(wakePipe[0], &drain, drain.count) > 0 {}
        return readChanges()
    }

    private func readChanges() -> [Change] {
        var changes: [Change] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = read(descriptor, &buffer, buffer.count)
            if count <= 0 { return changes }
            buffer.withUnsafeBytes { raw in
                var offset = 0
                while offset < count {
                    let header = raw.loadUnaligned(fromByteOffset: offset, as: inotify_event.self)
                    let nameStart = offset + MemoryLayout<inotify_event>.size
                    let name = header.len == 0 ? "" : String(cString: Array(raw[nameStart..<nameStart + Int(header.len)]) + [0])
                    if let change = change(header, name: name) { changes.append(change) }
                    offset = nameStart + Int(header.len)
                }
            }
        }
    }

    private func change(_ event: inotify_event, name: String) -> Change? {
        if event.mask & UInt32(IN_Q_OVERFLOW) != 0 { return .overflow }
        if event.mask & UInt32(IN_IGNORED) != 0 {
            if let (tenant, _) = watches.removeValue(forKey: event.wd) { watchedTenants.remove(tenant) }
            return nil
        }
        if let (tenant, directory) = watches[event.wd] {
            return name.isEmpty || name.hasPrefix(".") ? nil : .file(tenant, directory, name)
        }
        return TenantID(name).map(Change.tenant)
    }
}
