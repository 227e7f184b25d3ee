import CLinux
import Foundation
import Glibc

/// The calls the product makes, made for real through the mount; each failure throws the errno it got.
struct SystemCallError: Error, CustomStringConvertible, Equatable {
    let call: String
    let path: String
    let code: Int32

    var description: String { "\(call) \(path): \(String(cString: strerror(code)))" }
}

enum SystemCalls {
    /// Creates or truncates `path` with `contents`, fsyncing the file when `fsync` says so.
    static func write(_ path: String, _ contents: String, fsync: Bool) throws {
        let file = try check("open", path, open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644))
        defer { close(file) }
        let bytes = Array(contents.utf8)
        _ = try check("write", path, Int32(Glibc.write(file, bytes, bytes.count)))
        if fsync { _ = try check("fsync", path, Glibc.fsync(file)) }
    }

    /// fsync(2) of a file or, opened O_DIRECTORY, of a directory.
    static func fsync(_ path: String) throws {
        let isDirectory = (try? FileManager.default.attributesOfItem(atPath: path)[.type] as? FileAttributeType) == .typeDirectory
        let descriptor = try check("open", path, open(path, O_RDONLY | O_CLOEXEC | (isDirectory ? O_DIRECTORY : 0)))
        defer { close(descriptor) }
        _ = try check("fsync", path, Glibc.fsync(descriptor))
    }

    /// The file's contents, or nil when there is no such name.
    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func exists(_ path: String) -> Bool {
        var info = Glibc.stat()
        return lstat(path, &info) == 0
    }

    static func status(_ path: String) throws -> Glibc.stat {
        var info = Glibc.stat()
        _ = try check("stat", path, stat(path, &info))
        return info
    }

    static func mkdir(_ path: String, mode: mode_t = 0o750) throws {
        _ = try check("mkdir", path, Glibc.mkdir(path, mode))
    }

    static func rename(_ source: String, _ target: String) throws {
        _ = try check("rename", source, Glibc.rename(source, target))
    }

    static func renameNoReplace(_ source: String, _ target: String) throws {
        _ = try check("renameat2(RENAME_NOREPLACE)", source, wasp_rename_noreplace(source, target))
    }

    static func link(_ source: String, _ target: String) throws {
        _ = try check("link", source, Glibc.link(source, target))
    }

    static func unlink(_ path: String) throws {
        _ = try check("unlink", path, Glibc.unlink(path))
    }

    @discardableResult
    static func check(_ call: String, _ path: String, _ result: Int32) throws -> Int32 {
        guard result >= 0 else { throw SystemCallError(call: call, path: path, code: errno) }
        return result
    }
}
