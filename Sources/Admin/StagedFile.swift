import Foundation
import Glibc

/// A file's stand-in with other contents, for `rsync -a` to send in its place: the original's mode, owner and group
/// (as far as this user may give them), in a directory of its own that only this user can enter, removed afterwards.
enum StagedFile {
    static func with(_ original: String, text: String, _ body: (String) throws(ShardMoveError) -> Void) throws(ShardMoveError) {
        var status = stat()
        guard stat(original, &status) == 0 else { throw ShardMoveError("cannot read \(original): \(String(cString: strerror(errno)))") }
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("wasp-move-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else { throw ShardMoveError("cannot make a directory in \(NSTemporaryDirectory()): \(String(cString: strerror(errno)))") }
        let directory = String(cString: made)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let staged = directory + "/" + (original as NSString).lastPathComponent
        let descriptor = open(staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, status.st_mode & 0o7777)
        guard descriptor >= 0 else { throw ShardMoveError("cannot create \(staged): \(String(cString: strerror(errno)))") }
        let bytes = Array(text.utf8)
        let written = write(descriptor, bytes, bytes.count) == bytes.count
        // Not ours to give unless we are root; rsync -a gives no more than this either.
        _ = fchown(descriptor, status.st_uid, status.st_gid)
        _ = fchmod(descriptor, status.st_mode & 0o7777)
        close(descriptor)
        guard written else { throw ShardMoveError("cannot write \(staged): \(String(cString: strerror(errno)))") }
        try body(staged)
    }
}
