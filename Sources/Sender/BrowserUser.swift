import Chromium
import Foundation
import Glibc
import Processes
import Spool

/// Whom a tenant's browser runs as when the sender is root (the default set-up): never root, and never a user
/// another tenant's browser runs as, so a renderer taken over through one merchant's chats cannot read another
/// merchant's profile, nor signal or trace its browser. Each tenant gets a uid (and the gid of the same number) of
/// its own from a range no Debian tool hands out, recorded as the owner of its `chrome/`; no passwd entry is
/// needed, which is what lets the default set-up do this without an operator creating users ('wasp help production').
struct BrowserUser {
    static let uids: ClosedRange<uid_t> = 1_900_000_000...1_909_999_999

    let spool: Spool
    let etc: String

    /// The jail the tenant's browser starts in as root, its profile made and given to its user; nil when the sender
    /// is not root (under `users =` it runs as `PREFIX-sender`, and so does the browser: `ownJail`).
    func jail(for tenant: TenantID) throws(SpoolError) -> BrowserJail? {
        guard geteuid() == 0 else { return nil }
        let profile = spool.path(tenant, .chrome)
        if mkdir(profile, 0o700) != 0 && errno != EEXIST { throw .system(operation: "mkdir", path: profile, errno: errno) }
        let uid = try owner(of: tenant, profile: profile)
        return BrowserJail(uid: uid, hidden: hidden(profile: profile), launcher: Spawn.ownExecutable)
    }

    /// The jail of a sender that is not root: its own user, hiding the same directories, which takes a user
    /// namespace, the same the sandbox needs: only where `BrowserSandbox` finds one can be made.
    func ownJail(for tenant: TenantID) -> BrowserJail {
        // By /proc/self/exe, not by its path: a binary in a directory only root may enter (a checkout under a
        // mkdtemp directory) is still this process's own, and the magic link reaches it without walking the path.
        BrowserJail(uid: geteuid(), hidden: hidden(profile: spool.path(tenant, .chrome)), launcher: "/proc/self/exe")
    }

    /// The profile's owner when it is a browser uid no other tenant's profile has; else the first free one from
    /// the tenant's own place in the range, given the whole profile (a profile made by an older, root-run sender,
    /// or copied from another host where that uid was another tenant's).
    private func owner(of tenant: TenantID, profile: String) throws(SpoolError) -> uid_t {
        let others = Set(spool.tenants().filter { $0 != tenant }.compactMap { ownerID(spool.path($0, .chrome)) })
        if let current = ownerID(profile), Self.uids.contains(current), !others.contains(current) { return current }
        let span = UInt64(Self.uids.count)
        var offset = Self.stableHash(realPath(spool.root) + "/" + tenant.rawValue) % span
        while others.contains(Self.uids.lowerBound + uid_t(offset)) || getpwuid(Self.uids.lowerBound + uid_t(offset)) != nil {
            offset = (offset + 1) % span
        }
        let uid = Self.uids.lowerBound + uid_t(offset)
        try giveAway(profile, to: uid)
        return uid
    }

    /// Hands every file of the profile to `uid`, links themselves and not what they point at.
    private func giveAway(_ profile: String, to uid: uid_t) throws(SpoolError) {
        try OwnedTree.give(profile, owner: uid, group: uid)
        if chmod(profile, 0o700) != 0 { throw .system(operation: "chmod", path: profile, errno: errno) }
    }

    /// `etc/` and the spool, and the outermost directory above the profile that others may not enter (a root in
    /// `/root` or a `mkdtemp` directory), which would keep the browser's user from its profile. Directories the
    /// browser itself needs (`/usr`, `/etc`, `/tmp`, ...) are never hidden, should the root be `/`.
    /// Also the first closed directory above the working directory, which the jail enters again by its path: under
    /// `users =` the sender may sit in a directory only root may reach (a checkout under a mkdtemp directory).
    private func hidden(profile: String) -> [String] {
        let system: Set<String> = ["/", "/bin", "/dev", "/etc", "/lib", "/lib64", "/proc", "/run", "/sbin", "/sys", "/tmp", "/usr", "/var"]
        let closed = [realPath(profile), FileManager.default.currentDirectoryPath + "/."].compactMap(firstClosedAncestor)
        return Array(Set([realPath(etc), realPath(spool.root)] + closed)).sorted().filter { !system.contains($0) }
    }

    /// The outermost directory above `path` that others may not enter.
    private func firstClosedAncestor(of path: String) -> String? {
        var ancestor = ""
        for component in path.split(separator: "/").dropLast() {
            ancestor += "/" + component
            var status = stat()
            if stat(ancestor, &status) == 0 && status.st_mode & S_IXOTH == 0 { return ancestor }
        }
        return nil
    }

    private func ownerID(_ path: String) -> uid_t? {
        var status = stat()
        return lstat(path, &status) == 0 ? status.st_uid : nil
    }

    private func realPath(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    /// FNV-1a: the same tenant lands on the same uid in every run and on every host with the same spool path.
    static func stableHash(_ text: String) -> UInt64 {
        text.utf8.reduce(14_695_981_039_346_656_037) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 }
    }
}
