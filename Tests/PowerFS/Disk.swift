import Foundation

/// The simulated disk: the file tree, its power, and the loss detector, behind one lock shared by the FUSE
/// loop and the control socket's thread.
final class Disk: @unchecked Sendable {
    private let lock = NSLock()
    private let tree = FileTree()
    private let detector = LossDetector()
    private var isCut = false
    private var cuts = 0
    /// fsyncs of files and directories that reached the disk.
    private var fsyncs = 0
    /// The number the fsync that must not happen would have had.
    private var cutAtFsync: Int?
    private var cutsOnLoss = false

    /// Runs one operation: EIO while power is cut, the errno of a thrown `Errno` (negated, as FUSE wants),
    /// else what the operation returns (0, or a count of bytes).
    func serve(_ operation: (FileTree) throws(Errno) -> Int32) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard !isCut else { return -EIO }
        do throws(Errno) {
            return try operation(tree)
        } catch {
            return -error.code
        }
    }

    /// fsync(2) of a file or directory (by its handle, else its path); the armed cut may refuse it.
    func fsync(path: String?, handle: UInt64?, isDirectory: Bool) -> Int32 {
        lock.lock()
        defer { lock.unlock() }
        guard !isCut else { return -EIO }
        if fsyncs + 1 == cutAtFsync {
            cut(reason: "before-fsync=\(fsyncs + 1)")
            return -EIO
        }
        do throws(Errno) {
            let inode = if let handle { try tree.inode(handle: handle) } else { try tree.inode(at: path ?? "/") }
            fsyncs += 1
            guard isDirectory else {
                tree.makeContentsDurable(inode)
                return 0
            }
            let before = tree.makeNamesDurable(inode)
            guard let path, path != "/" else { return 0 }
            let (tenant, name) = try tree.parent(of: path)
            let losses = detector.check(inode, named: name, path: path, in: tenant, before: before, fsync: fsyncs)
            for loss in losses { Log.event("loss \(loss.line)") }
            if cutsOnLoss && !losses.isEmpty {
                cut(reason: "loss")
                return -EIO
            }
            return 0
        } catch {
            return -error.code
        }
    }

    // MARK: Control

    /// Power off now: every operation fails with EIO until `restore`.
    func cutNow() {
        locked { cut(reason: "command") }
    }

    /// The `count`-th next fsync does not happen: power goes off instead.
    func armCut(beforeFsync count: Int) -> Int {
        locked {
            cutAtFsync = fsyncs + count
            return fsyncs + count
        }
    }

    /// Power goes off right after the first fsync that makes an order's loss durable (that fsync fails).
    func armCutOnLoss() {
        locked { cutsOnLoss = true }
    }

    /// current := durable, power on, nothing armed. Returns how many inodes survived.
    func restore() -> Int {
        locked {
            isCut = false
            cutAtFsync = nil
            cutsOnLoss = false
            let inodes = tree.restoreDurableState()
            Log.event("restored inodes=\(inodes) fsyncs=\(fsyncs) cuts=\(cuts)")
            return inodes
        }
    }

    /// `fsyncs=N cuts=N losses=N power=on|off`.
    var stats: String {
        locked { "fsyncs=\(fsyncs) cuts=\(cuts) losses=\(detector.losses.count) power=\(isCut ? "off" : "on")" }
    }

    var losses: [LossDetector.Loss] {
        locked { detector.losses }
    }

    private func cut(reason: String) {
        guard !isCut else { return }
        isCut = true
        cuts += 1
        cutAtFsync = nil
        cutsOnLoss = false
        Log.event("cut reason=\(reason) fsyncs=\(fsyncs) cuts=\(cuts)")
    }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }
}
