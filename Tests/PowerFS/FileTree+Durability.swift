/// POSIX's strict reading of durability: fsync of a file makes its bytes, size and attributes durable and
/// nothing else; fsync of a directory makes its names durable and nothing else; power loss goes back to both.
extension FileTree {
    /// fsync(2) or fdatasync(2) of a file (both treated as fsync).
    func makeContentsDurable(_ inode: Inode) {
        inode.durableData = inode.data
        inode.durableAttributes = inode.attributes
    }

    /// fsync(2) of a directory: its names as they are now, all at once. Returns the names as they were durable
    /// before, for the loss detector to compare.
    @discardableResult
    func makeNamesDurable(_ directory: Inode) -> [String: Inode] {
        let before = directory.durableEntries
        directory.durableEntries = directory.entries
        directory.durableAttributes = directory.attributes
        return before
    }

    /// current := durable, from the root down: whatever no durable directory names is gone, a durable name
    /// whose file was never fsynced comes back empty, and link counts are counted again. Returns how many
    /// inodes the restored tree holds.
    @discardableResult
    func restoreDurableState() -> Int {
        closeAll()
        var restored: [ObjectIdentifier: Inode] = [:]
        var names: [ObjectIdentifier: Int] = [:]
        var pending = [root]
        while let inode = pending.popLast() {
            guard restored.updateValue(inode, forKey: ObjectIdentifier(inode)) == nil else { continue }
            inode.data = inode.durableData
            inode.attributes = inode.durableAttributes
            inode.entries = inode.durableEntries
            inode.subdirectoryCount = 0
            for child in inode.entries.values {
                if child.kind == .directory { inode.subdirectoryCount += 1 }
                names[ObjectIdentifier(child), default: 0] += 1
                pending.append(child)
            }
        }
        for (identifier, inode) in restored {
            inode.linkCount = names[identifier] ?? 0
        }
        return restored.count
    }
}
