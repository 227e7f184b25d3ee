import Foundation
import Glibc

/// Who owns what under `users = PREFIX` ('wasp help production'): the SPEC's table of who writes what, as owners,
/// groups and modes. `etc/`, the spool and each tenant's directory let only the group `PREFIX` in. The order
/// directories belong to `PREFIX-queue` (setgid, so every file made there does too) and are readable by the
/// dashboard through the `other` bits, which no one outside `PREFIX` can reach. `tmp/` is writable by every
/// daemon (the dashboard writes its link request through it); `whatsapp/` belongs to the sender, sticky, so the
/// dashboard may add its link request but not replace the sender's files; `chrome/` is the sender's alone;
/// `intake/` is the intake's, readable by every daemon.
public struct SpoolOwnership: Sendable {
    /// A path's owner, group and mode (with its setgid and sticky bits).
    public struct Expected: Sendable, CustomStringConvertible {
        /// What a missing path is: a directory or a key `wasp fsck --repair` makes, or a file only a person can.
        public enum Kind: Sendable {
            case directory, key, file
        }

        public let path: String
        public let owner: String
        public let group: String
        public let mode: mode_t
        public var kind = Kind.directory
        /// Whether everything below the directory gets its owner too: a browser profile, which a root-run sender's
        /// browser wrote as its own uid (README, Security), while the sender needs every file.
        public var wholeTree = false

        public var description: String { "\(owner):\(group) \(String(mode, radix: 8))" }
    }

    /// What a path has instead of what it should.
    public struct Mismatch: Sendable, CustomStringConvertible {
        public let expected: Expected
        public let found: String

        public var description: String {
            "\(expected.path) is \(found); the daemons' users need \(expected)"
        }
    }

    public let users: DaemonUsers
    let spool: Spool
    let etc: String

    /// `etc` and the spool's root are taken where they lead (`make install` links `/var/lib/wasp/etc` to
    /// `/etc/wasp`); below them no symbolic link is followed.
    public init(users: DaemonUsers, spool: Spool, etc: String) {
        self.users = users
        self.spool = Spool(root: Self.resolved(spool.root))
        self.etc = Self.resolved(etc)
    }

    private static func resolved(_ path: String) -> String {
        guard let real = realpath(path, nil) else { return path }
        defer { free(real) }
        return String(cString: real)
    }

    /// `etc/`, the spool root and `_daemons/`: what every tenant shares.
    public var shared: [Expected] {
        [
            Expected(path: etc, owner: "root", group: users.readGroup, mode: 0o750),
            Expected(path: etc + "/tenants", owner: "root", group: users.readGroup, mode: 0o750),
            Expected(path: spool.root, owner: "root", group: users.readGroup, mode: 0o750),
            Expected(path: spool.root + "/" + DaemonRecord.directoryName, owner: "root", group: users.readGroup, mode: 0o2770),
        ]
    }

    /// A tenant's directories, its tenant file and the secrets its file names, each readable by whoever uses it.
    public func tenant(_ tenant: TenantID, config: TenantConfig?) -> [Expected] {
        var expected = [
            Expected(path: spool.path(tenant), owner: "root", group: users.readGroup, mode: 0o750),
            Expected(path: TenantConfig.path(etc: etc, tenant: tenant), owner: "root", group: users.readGroup, mode: 0o640,
                     kind: .file),
        ]
        for directory in SpoolDirectory.allCases {
            var directoryExpected = Expected(path: spool.path(tenant, directory), owner: owner(of: directory),
                                             group: group(of: directory), mode: mode(of: directory))
            directoryExpected.wholeTree = directory == .chrome
            expected.append(directoryExpected)
        }
        let secrets: [(String?, String)] = [(config?.cloud?.tokenFile, "sender"), (config?.cloud?.appSecretFile, "intake")]
        for case let (path?, daemon) in secrets {
            expected.append(Expected(path: path, owner: users.user(daemon), group: users.user(daemon), mode: 0o600, kind: .file))
        }
        // The writeback's tags and the intake's reconciliation both call Shopify; the intake's signatures also need
        // the client secret.
        for case let path? in [config?.writeback.tokenFile, config?.writeback.clientSecretFile] {
            expected.append(Expected(path: path, owner: users.user("writeback"), group: users.user("intake"), mode: 0o640, kind: .file))
        }
        return expected
    }

    /// Each daemon's lock file, which that daemon makes when it first starts; one made by root (a daemon started as
    /// root before `users =` was set) would keep it from opening its lock, so repair gives it to the daemon.
    public var daemonLocks: [Expected] {
        DaemonUsers.daemons.map { daemon in
            Expected(path: DaemonLock.path(spoolRoot: spool.root, daemon: daemon), owner: users.user(daemon),
                     group: users.readGroup, mode: 0o640, kind: .file)
        }
    }

    /// The dashboard's session key, which it cannot create itself in a directory only root may write.
    public var dashboardKey: Expected {
        Expected(path: etc + "/dashboard.key", owner: users.user("dashboard"), group: users.user("dashboard"), mode: 0o600,
                 kind: .key)
    }

    /// The dashboard's own directory, where it keeps the session generations a logout bumps.
    public var dashboardDirectory: Expected {
        Expected(path: etc + "/dashboard", owner: users.user("dashboard"), group: users.user("dashboard"), mode: 0o700)
    }

    private func owner(of directory: SpoolDirectory) -> String {
        switch directory {
        case .whatsapp, .chrome: return users.user("sender")
        case .intake: return users.user("intake")
        default: return "root"
        }
    }

    private func group(of directory: SpoolDirectory) -> String {
        switch directory {
        case .chrome: return users.user("sender")
        case .tmp, .whatsapp, .intake: return users.readGroup
        default: return users.queueGroup
        }
    }

    private func mode(of directory: SpoolDirectory) -> mode_t {
        switch directory {
        case .chrome: return 0o700
        case .tmp: return 0o2770
        case .whatsapp: return 0o3770
        // The intake's alone to write; the writeback reads its subscription request, the dashboard its alert.
        case .intake: return 0o2750
        default: return 0o2775
        }
    }

    /// The mismatch at `expected.path`, if any; a path that does not exist is someone else's finding.
    public func check(_ expected: Expected) -> Mismatch? {
        var status = stat()
        guard lstat(expected.path, &status) == 0 else { return nil }
        let owner = getpwuid(status.st_uid).map { String(cString: $0.pointee.pw_name) } ?? "\(status.st_uid)"
        let group = getgrgid(status.st_gid).map { String(cString: $0.pointee.gr_name) } ?? "\(status.st_gid)"
        guard status.st_mode & S_IFMT != S_IFLNK else {
            return Mismatch(expected: expected, found: "a symbolic link")
        }
        let mode = status.st_mode & 0o7777
        guard owner != expected.owner || group != expected.group || mode != expected.mode else { return nil }
        return Mismatch(expected: expected, found: "\(owner):\(group) \(String(mode, radix: 8))")
    }

    /// Makes a missing directory or key, with its owner, group and mode.
    public func create(_ expected: Expected) throws(SpoolError) {
        switch expected.kind {
        case .directory: try FileSystem.makeDirectory(expected.path, mode: 0o700)
        case .key: try SecretFile.createKey(expected.path)
        case .file: throw .system(operation: "create", path: expected.path + " (only a person can)", errno: ENOENT)
        }
        try apply(expected)
    }

    /// Gives each path of `all` that exists its owner, group and mode (root only).
    public func apply(_ all: [Expected]) throws(SpoolError) {
        for expected in all where FileSystem.exists(expected.path) { try apply(expected) }
    }

    /// Gives `expected.path` its owner, group and mode (root only), through a descriptor opened without following
    /// a link: a link planted where a directory should be must not hand root's chown to what it points at.
    public func apply(_ expected: Expected) throws(SpoolError) {
        let owner: uid_t, group: gid_t
        do {
            owner = expected.owner == "root" ? 0 : try Account.user(expected.owner).uid
            group = try Account.group(expected.group)
        } catch {
            throw .system(operation: "look up the owner of", path: expected.path + " (\(error))", errno: ENOENT)
        }
        let descriptor = open(expected.path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw .system(operation: "open", path: expected.path, errno: errno) }
        defer { close(descriptor) }
        if fchown(descriptor, owner, group) != 0 { throw .system(operation: "chown", path: expected.path, errno: errno) }
        if fchmod(descriptor, expected.mode) != 0 { throw .system(operation: "chmod", path: expected.path, errno: errno) }
        if expected.wholeTree { try OwnedTree.give(expected.path, owner: owner, group: group) }
    }
}
