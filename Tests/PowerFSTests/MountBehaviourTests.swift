import CLinux
import Foundation
import Glibc
import Testing
import PowerFSControl
import TestSupport

/// What the product's daemons rely on besides durability: inotify, flock, O_TMPFILE's refusal, and speed.
@Suite struct MountBehaviourTests {
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func inotifySeesCreatesCloseWritesRenamesAndLinksMadeThroughTheMount() throws {
        let disk = try PowerFS()
        let (tmp, ready) = (disk.mountpoint + "/tmp", disk.mountpoint + "/ready")
        try SystemCalls.mkdir(tmp)
        try SystemCalls.mkdir(ready)
        let watcher = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        #expect(watcher >= 0)
        defer { close(watcher) }
        #expect(inotify_add_watch(watcher, ready, UInt32(IN_CREATE | IN_MOVED_TO | IN_CLOSE_WRITE)) >= 0)
        try SystemCalls.write(ready + "/written.json", "{}", fsync: false)
        try SystemCalls.write(tmp + "/moved.json", "{}", fsync: false)
        try SystemCalls.rename(tmp + "/moved.json", ready + "/moved.json")
        try SystemCalls.write(tmp + "/linked.json", "{}", fsync: false)
        try SystemCalls.link(tmp + "/linked.json", ready + "/linked.json")
        let events = Self.events(from: watcher)
        #expect(events.contains { $0.name == "written.json" && $0.mask & UInt32(IN_CREATE) != 0 })
        #expect(events.contains { $0.name == "written.json" && $0.mask & UInt32(IN_CLOSE_WRITE) != 0 })
        #expect(events.contains { $0.name == "moved.json" && $0.mask & UInt32(IN_MOVED_TO) != 0 })
        #expect(events.contains { $0.name == "linked.json" && $0.mask & UInt32(IN_CREATE) != 0 }, "\(events)")
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func flockExcludesASecondOpenFileDescription() throws {
        let disk = try PowerFS()
        let path = disk.mountpoint + "/daemon.lock"
        let (holder, contender) = (open(path, O_RDWR | O_CREAT, 0o644), open(path, O_RDWR))
        defer { close(holder); close(contender) }
        #expect(flock(holder, LOCK_EX | LOCK_NB) == 0)
        #expect(flock(contender, LOCK_EX | LOCK_NB) == -1 && errno == EWOULDBLOCK)
        #expect(flock(holder, LOCK_UN) == 0)
        #expect(flock(contender, LOCK_EX | LOCK_NB) == 0)
    }

    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func oTmpfileIsRefusedSoTheProductFallsBackToANamedTemporaryFile() throws {
        let disk = try PowerFS()
        let file = open(disk.mountpoint, wasp_o_tmpfile() | O_RDWR, 0o644)
        let code = errno
        if file >= 0 { close(file) }
        #expect(file == -1 && code == EOPNOTSUPP, "\(String(cString: strerror(code)))")
    }

    /// The intake's accept path, once per order: write, fsync, link into place, fsync the directory; every fsync
    /// reaches the file system.
    @Test(.enabled(if: PowerFS.isAvailable, "skipped: no /dev/fuse"))
    func smallFilesGoThroughWithTheirFsyncsCounted() throws {
        let disk = try PowerFS()
        let (tmp, incoming) = (disk.mountpoint + "/tmp", disk.mountpoint + "/incoming")
        try SystemCalls.mkdir(tmp)
        try SystemCalls.mkdir(incoming)
        let count = 1000
        let started = Date()
        for order in 0..<count {
            try SystemCalls.write(tmp + "/\(order).json", "{\"id\":\(order),\"name\":\"#\(order)\"}", fsync: true)
            try SystemCalls.link(tmp + "/\(order).json", incoming + "/\(order).json")
            try SystemCalls.fsync(incoming)
        }
        let perSecond = Double(count) / Date().timeIntervalSince(started)
        // A figure, not a check (a shared machine's speed is no test): `wasp bench powerloss` measures the soak.
        print("powerfs: \(Int(perSecond)) orders/s (create+write+fsync+link+directory fsync)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: incoming).count == count)
        #expect(try disk.stats().fsyncs == 2 * count)
    }

    private static func events(from watcher: Int32) -> [(name: String, mask: UInt32)] {
        var events: [(name: String, mask: UInt32)] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var descriptor = pollfd(fd: watcher, events: Int16(POLLIN), revents: 0)
        while poll(&descriptor, 1, 1000) > 0 {
            let count = read(watcher, &buffer, buffer.count)
            guard count > 0 else { break }
            var offset = 0
            while offset < count {
                let (mask, length) = buffer.withUnsafeBytes { raw in
                    (raw.load(fromByteOffset: offset + 4, as: UInt32.self), Int(raw.load(fromByteOffset: offset + 12, as: UInt32.self)))
                }
                let nameBytes = buffer[(offset + 16)..<(offset + 16 + length)].prefix { $0 != 0 }
                events.append((String(decoding: nameBytes, as: UTF8.self), mask))
                offset += 16 + length
            }
        }
        return events
    }
}
