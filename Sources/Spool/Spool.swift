import Crypto
import Foundation
import Glibc

/// The spool on disk: `<root>/<tenant>/<directory>/<file>`. Every write goes through `tmp/`, fsync and `link()`,
/// so a reader never sees a half-written file and nothing is ever overwritten.
public struct Spool: Sendable {
    public let root: String
    /// A file in `tmp/` unchanged this long is left over from a crash (the SPEC's 36 hours).
    public static let staleTemporaryAge: TimeInterval = 36 * 3600
    let directorySyncs = DirectorySyncs()

    public init(root: String) {
        self.root = root
    }

    public func path(_ tenant: TenantID) -> String {
        root + "/" + tenant.rawValue
    }

    public func path(_ tenant: TenantID, _ directory: SpoolDirectory) -> String {
        path(tenant) + "/" + directory.rawValue
    }

    public func path(_ tenant: TenantID, _ directory: SpoolDirectory, _ name: String) -> String {
        path(tenant, directory) + "/" + name
    }

    /// Creates `<tenant>/` and all its directories where missing, each made durable in its parent: an order
    /// fsynced into a directory whose own name a power cut takes is lost with it.
    public func prepare(_ tenant: TenantID) throws(SpoolError) {
        try makeDurableDirectory(root, mode: 0o750)
        try makeDurableDirectory(path(tenant), mode: 0o750)
        var made = false
        for directory in SpoolDirectory.allCases {
            made = try FileSystem.makeDirectory(path(tenant, directory), mode: directory.mode) || made
        }
        if made { try FileSystem.syncDirectory(path(tenant)) }
    }

    private func makeDurableDirectory(_ path: String, mode: mode_t) throws(SpoolError) {
        guard try FileSystem.makeDirectory(path, mode: mode) else { return }
        let parent = (path as NSString).deletingLastPathComponent
        try FileSystem.syncDirectory(parent.isEmpty ? "." : parent)
    }

    /// True when the tenant's directories exist (checked by the last one `prepare` makes, so a spool from a
    /// version with fewer directories gets the new ones).
    public func isPrepared(_ tenant: TenantID) -> Bool {
        FileSystem.exists(path(tenant, SpoolDirectory.allCases.last!))
    }

    /// Durably places `contents` at `<tenant>/<directory>/<name>` with mtime `modified`:
    /// written as an unnamed file in `tmp/` (O_TMPFILE, or a named one where the file system lacks it), fsynced,
    /// linked into place (failing with `.exists` rather than overwriting), and the directory fsynced (one fsync
    /// serving concurrent deposits). When this returns, the file survives a crash; before, nothing is visible.
    public func deposit(_ contents: Data, tenant: TenantID, into directory: SpoolDirectory, name: String,
                        modified: Date = Date()) throws(SpoolError) {
        let target = path(tenant, directory, name)
        let temporary = try TemporaryFile(directory: path(tenant, .tmp), name: name)
        defer { temporary.discard() }
        if directory.isOrderState { try FileSystem.shareWithGroup(temporary.descriptor, of: path(tenant, directory), path: temporary.path) }
        try FileSystem.writeAll(temporary.descriptor, contents, path: temporary.path)
        try FileSystem.setModified(temporary.descriptor, to: modified, path: temporary.path)
        try FileSystem.sync(temporary.descriptor, path: temporary.path)
        try temporary.link(to: target)
        try directorySyncs.sync(path(tenant, directory))
    }

    /// Durably replaces `<tenant>/<directory>/<name>` with `contents`: a named file in `tmp/`, fsynced, renamed
    /// over the old one. Only for a file no other daemon may move meanwhile (see the SPEC's ownership table).
    public func replace(_ name: String, tenant: TenantID, in directory: SpoolDirectory, with contents: Data,
                        modified: Date) throws(SpoolError) {
        let temporary = try TemporaryFile(namedIn: path(tenant, .tmp), name: name)
        defer { temporary.discard() }
        if directory.isOrderState { try FileSystem.shareWithGroup(temporary.descriptor, of: path(tenant, directory), path: temporary.path) }
        try FileSystem.writeAll(temporary.descriptor, contents, path: temporary.path)
        try FileSystem.setModified(temporary.descriptor, to: modified, path: temporary.path)
        try FileSystem.sync(temporary.descriptor, path: temporary.path)
        try temporary.rename(to: path(tenant, directory, name))
        try directorySyncs.sync(path(tenant, directory))
    }

    public func syncDirectory(_ tenant: TenantID, _ directory: SpoolDirectory) throws(SpoolError) {
        try directorySyncs.sync(path(tenant, directory))
    }

    /// Removes a file and fsyncs its directory.
    public func remove(_ name: String, tenant: TenantID, from directory: SpoolDirectory) throws(SpoolError) {
        try FileSystem.remove(path(tenant, directory, name))
        try directorySyncs.sync(path(tenant, directory))
    }

    /// Sets a file's mtime: for an order waiting in `incoming/` or `deferred/`, its due time.
    public func setModified(_ name: String, tenant: TenantID, in directory: SpoolDirectory,
                            to date: Date) throws(SpoolError) {
        do {
            try FileSystem.setModified(path: path(tenant, directory, name), to: date)
        } catch {
            // Only a file's owner may set its times: another daemon's user made it (`users =`), so it is written
            // anew, as ours, with the new time.
            guard case .system(_, _, let code) = error, code == EPERM else { throw error }
            try replace(name, tenant: tenant, in: directory, with: try read(name, tenant: tenant, in: directory), modified: date)
        }
    }

    public func read(_ name: String, tenant: TenantID, in directory: SpoolDirectory) throws(SpoolError) -> Data {
        try FileSystem.read(path(tenant, directory, name))
    }

    /// The state directory holding order `id`, if any; a `stat` per state, no file is read.
    public func state(of id: OrderID, tenant: TenantID) -> SpoolDirectory? {
        SpoolDirectory.orderStates.first { FileSystem.exists(path(tenant, $0, id.fileName)) }
    }

    /// Creates an empty marker file; false when it was already there.
    public func mark(_ name: String, tenant: TenantID, in directory: SpoolDirectory) throws(SpoolError) -> Bool {
        let marker = path(tenant, directory, name)
        let descriptor = Glibc.open(marker, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, FileSystem.fileMode)
        if descriptor < 0 {
            if errno == EEXIST { return false }
            throw .system(operation: "create", path: marker, errno: errno)
        }
        close(descriptor)
        return true
    }

    public func exists(_ name: String, tenant: TenantID, in directory: SpoolDirectory) -> Bool {
        FileSystem.exists(path(tenant, directory, name))
    }

    /// The names in one directory with their mtimes, without reading any file body.
    public func list(_ tenant: TenantID, _ directory: SpoolDirectory) -> [SpoolEntry] {
        let directoryPath = path(tenant, directory)
        guard let handle = opendir(directoryPath) else { return [] }
        defer { closedir(handle) }
        var entries: [SpoolEntry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name.hasPrefix(".") { continue }
            var status = stat()
            guard fstatat(dirfd(handle), name, &status, AT_SYMLINK_NOFOLLOW) == 0 else { continue }
            entries.append(SpoolEntry(name: name, status: status))
        }
        return entries
    }

    /// One file's entry, as `list` would give it; nil when it is not there.
    public func entry(_ name: String, tenant: TenantID, in directory: SpoolDirectory) -> SpoolEntry? {
        var status = stat()
        guard lstat(path(tenant, directory, name), &status) == 0 else { return nil }
        return SpoolEntry(name: name, status: status)
    }

    /// The tenants that have a directory in the spool.
    public func tenants() -> [TenantID] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: root) else { return [] }
        return names.compactMap(TenantID.init).sorted()
    }
}

/// One file of a spool directory as `ls -l` shows it.
public struct SpoolEntry: Sendable, Equatable {
    public let name: String
    public let modified: Date
    /// When the inode last changed (written, renamed, touched): how old a file in `tmp/` really is.
    public let changed: Date
    public let size: Int

    init(name: String, status: stat) {
        self.name = name
        modified = Self.date(status.st_mtim)
        changed = Self.date(status.st_ctim)
        size = Int(status.st_size)
    }

    private static func date(_ time: timespec) -> Date {
        Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }
}
