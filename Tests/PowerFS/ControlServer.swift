import Foundation
import Glibc

/// The test's switch board: a Unix stream socket outside the mount, one command per line, one line back.
///
///     cut                     → ok                          power off now: every operation fails with EIO
///     cut-before-fsync N      → ok fsync=<number>           the N-th next fsync (file or directory) fails with EIO, power off
///     cut-on-loss             → ok                          power off at the first fsync that makes an order's loss durable
///     restore                 → ok inodes=<count>           current := durable, power on, nothing armed
///     stats                   → ok fsyncs=N cuts=N losses=N power=on|off
///     losses                  → ok count=N | tenant=… order=… fsync=… directory=… | …
///
/// Anything else is answered `error …` with the list of commands.
final class ControlServer: @unchecked Sendable {
    enum StartError: Error, CustomStringConvertible {
        case socket(path: String, call: String, code: Int32)

        var description: String {
            switch self {
            case .socket(let path, let call, let code):
                return "cannot serve control socket \(path): \(call): \(String(cString: strerror(code)));"
                    + " give --control a writable path of fewer than 108 bytes outside the mount"
            }
        }
    }

    private let listener: Int32

    init(path: String) throws {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            throw StartError.socket(path: path, call: "path too long", code: ENAMETOOLONG)
        }
        withUnsafeMutableBytes(of: &address.sun_path) { $0.copyBytes(from: bytes) }
        unlink(path)
        listener = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard listener >= 0 else { throw StartError.socket(path: path, call: "socket", code: errno) }
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(listener, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0 else { throw StartError.socket(path: path, call: "bind", code: errno) }
        guard listen(listener, 16) == 0 else { throw StartError.socket(path: path, call: "listen", code: errno) }
    }

    /// Serves connections one after another on a thread of its own, for the life of the process.
    func start() {
        Thread { [self] in
            while true {
                let connection = accept(listener, nil, nil)
                guard connection >= 0 else { continue }
                serve(connection)
                close(connection)
            }
        }.start()
    }

    private func serve(_ connection: Int32) {
        var pending: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = read(connection, &chunk, chunk.count)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { return }
            pending += chunk[0..<count]
            while let newline = pending.firstIndex(of: 10) {
                let line = String(decoding: pending[..<newline], as: UTF8.self)
                pending.removeSubrange(...newline)
                let answer = Array((answer(to: line) + "\n").utf8)
                guard write(connection, answer, answer.count) == answer.count else { return }
            }
        }
    }

    func answer(to line: String) -> String {
        let words = line.split(separator: " ")
        switch (words.first, words.count) {
        case ("cut", 1):
            disk.cutNow()
            return "ok"
        case ("cut-before-fsync", 2):
            guard let count = Int(words[1]), count >= 1 else { return "error cut-before-fsync needs a count of 1 or more" }
            return "ok fsync=\(disk.armCut(beforeFsync: count))"
        case ("cut-on-loss", 1):
            disk.armCutOnLoss()
            return "ok"
        case ("restore", 1):
            return "ok inodes=\(disk.restore())"
        case ("stats", 1):
            return "ok " + disk.stats
        case ("losses", 1):
            let losses = disk.losses
            return (["ok count=\(losses.count)"] + losses.map(\.line)).joined(separator: " | ")
        default:
            return "error unknown command '\(line)'; commands: cut, cut-before-fsync N, cut-on-loss, restore, stats, losses"
        }
    }
}
