import Glibc

/// The file system as processes see it: paths resolved through the current entries of each directory, and the
/// open handles. What survives a power loss is in FileTree+Durability.swift.
final class FileTree {
    let root: Inode
    private var lastNumber: UInt64 = 1
    private var handles: [UInt64: Inode] = [:]
    private var lastHandle: UInt64 = 0

    init() {
        root = Inode(number: 1, kind: .directory, mode: S_IFDIR | 0o755, uid: 0, gid: 0)
    }

    /// The inode at an absolute path such as `/spool/shop/ready/1.json`.
    func inode(at path: String) throws(Errno) -> Inode {
        var inode = root
        for name in path.split(separator: "/") {
            guard inode.kind == .directory else { throw .notDirectory }
            guard let child = inode.entries[String(name)] else { throw .noEntry }
            inode = child
        }
        return inode
    }

    /// The directory a path's last name belongs in, and that name.
    func parent(of path: String) throws(Errno) -> (directory: Inode, name: String) {
        guard let slash = path.lastIndex(of: "/") else { throw .invalid }
        let directory = try inode(at: String(path[..<slash]))
        guard directory.kind == .directory else { throw .notDirectory }
        return (directory, String(path[path.index(after: slash)...]))
    }

    /// A new file, directory or symbolic link under a name that must be free.
    func make(_ path: String, kind: Inode.Kind, mode: mode_t, uid: uid_t, gid: gid_t, data: [UInt8] = []) throws(Errno) -> Inode {
        let (directory, name) = try parent(of: path)
        guard directory.entries[name] == nil else { throw .exists }
        lastNumber += 1
        let inode = Inode(number: lastNumber, kind: kind, mode: mode, uid: uid, gid: gid, data: data)
        add(inode, as: name, in: directory)
        return inode
    }

    func link(_ source: String, as target: String) throws(Errno) {
        let inode = try inode(at: source)
        guard inode.kind != .directory else { throw .notPermitted }
        let (directory, name) = try parent(of: target)
        guard directory.entries[name] == nil else { throw .exists }
        add(inode, as: name, in: directory)
    }

    /// unlink(2) when `directory` is false, rmdir(2) when it is true.
    func remove(_ path: String, directory wantsDirectory: Bool) throws(Errno) {
        let (directory, name) = try parent(of: path)
        guard let inode = directory.entries[name] else { throw .noEntry }
        if wantsDirectory {
            guard inode.kind == .directory else { throw .notDirectory }
            guard inode.entries.isEmpty else { throw .notEmpty }
        } else if inode.kind == .directory {
            throw .isDirectory
        }
        drop(name, from: directory)
    }

    /// rename(2), and renameat2(2) with RENAME_NOREPLACE; RENAME_EXCHANGE and whiteouts are refused.
    func rename(_ source: String, to target: String, flags: UInt32) throws(Errno) {
        let noReplace: UInt32 = 1
        guard flags & ~noReplace == 0 else { throw .invalid }
        let (from, oldName) = try parent(of: source)
        let (to, newName) = try parent(of: target)
        guard let inode = from.entries[oldName] else { throw .noEntry }
        if let existing = to.entries[newName] {
            guard flags & noReplace == 0 else { throw .exists }
            if existing === inode { return }
            switch (inode.kind == .directory, existing.kind == .directory) {
            case (true, false): throw .notDirectory
            case (false, true): throw .isDirectory
            case (true, true) where !existing.entries.isEmpty: throw .notEmpty
            default: drop(newName, from: to)
            }
        }
        drop(oldName, from: from)
        add(inode, as: newName, in: to)
        inode.attributes.changeTime = Inode.now()
    }

    /// A handle for open or opendir, carried by the kernel in `fuse_file_info.fh`, so an unlinked file stays
    /// readable and writable through the descriptors that still have it.
    func open(_ inode: Inode) -> UInt64 {
        lastHandle += 1
        handles[lastHandle] = inode
        return lastHandle
    }

    func inode(handle: UInt64) throws(Errno) -> Inode {
        guard let inode = handles[handle] else { throw .io }
        return inode
    }

    func close(handle: UInt64) {
        handles[handle] = nil
    }

    /// Forgets every handle: after a power loss no descriptor opened before it may reach the new state.
    func closeAll() {
        handles.removeAll()
    }

    private func add(_ inode: Inode, as name: String, in directory: Inode) {
        directory.entries[name] = inode
        inode.linkCount += 1
        if inode.kind == .directory { directory.subdirectoryCount += 1 }
        directory.touch()
    }

    private func drop(_ name: String, from directory: Inode) {
        guard let inode = directory.entries.removeValue(forKey: name) else { return }
        inode.linkCount -= 1
        if inode.kind == .directory { directory.subdirectoryCount -= 1 }
        directory.touch()
    }
}
