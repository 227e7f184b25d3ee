import Foundation
import Glibc

/// Replaces a small file that others read while it changes (a tenant file, the shard map, a move's record): the
/// text goes to `<path>.tmp`, is fsynced and renamed over the file, and the directory is fsynced, so a reader or a
/// power cut finds the old version or the new one, never half of one. Writers of one path take turns (a lock, or
/// one operator command at a time), since they share the `.tmp` name.
public enum DurableFile {
    public static func replace(_ path: String, with text: String, mode: mode_t) throws(SpoolError) {
        let temporary = path + ".tmp"
        let descriptor = try FileSystem.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: mode)
        do {
            defer { close(descriptor) }
            try FileSystem.writeAll(descriptor, Data(text.utf8), path: temporary)
            try FileSystem.sync(descriptor, path: temporary)
        }
        try FileSystem.rename(temporary, path)
        try FileSystem.syncDirectory(directory(of: path))
    }

    /// Removes the file, durably; one that is not there is no error.
    public static func remove(_ path: String) throws(SpoolError) {
        guard FileSystem.exists(path) else { return }
        try FileSystem.remove(path)
        try FileSystem.syncDirectory(directory(of: path))
    }

    private static func directory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }
}
