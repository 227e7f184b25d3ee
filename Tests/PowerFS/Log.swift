import Glibc

/// One line per event on stderr (mount, cut, restore, loss, unmount), for the test's log and a human.
enum Log {
    static func event(_ line: String) {
        write("powerfs: " + line)
    }

    /// One write(2) per line, so lines from the FUSE loop and the control thread never interleave.
    static func write(_ line: String) {
        let bytes = Array((line + "\n").utf8)
        _ = Glibc.write(STDERR_FILENO, bytes, bytes.count)
    }
}
