import CLinux
import Foundation
import Glibc

extension BrowserJail {
    /// `wasp browser-jail UID PROFILE [--hide DIR]... -- PROGRAM ARGUMENT...`, run as root by `Browser.launch`:
    /// enters the jail and execs PROGRAM. Returns only when that fails, with the exit status; what went wrong goes
    /// to standard error, which is the profile's `chromium.log`.
    public static func main(_ words: [String]) -> Int32 {
        guard let split = words.firstIndex(of: "--"), split >= 2, split + 1 < words.count, let uid = uid_t(words[0]),
              let hidden = hiddenDirectories(words[2..<split]) else {
            return complain("usage: wasp \(commandName) UID PROFILE [--hide DIR]... -- PROGRAM ARGUMENT...", status: 2)
        }
        let program = Array(words[(split + 1)...])
        if let problem = enter(uid: uid, profile: words[1], hidden: hidden) { return complain(problem, status: 1) }
        let argv = program.map { strdup($0) } + [nil]
        execv(program[0], argv)
        return complain("cannot run \(program[0]): \(String(cString: strerror(errno)))", status: 1)
    }

    private static func hiddenDirectories(_ words: ArraySlice<String>) -> [String]? {
        guard words.count % 2 == 0 else { return nil }
        let pairs = stride(from: words.startIndex, to: words.endIndex, by: 2).map { (words[$0], words[$0 + 1]) }
        guard pairs.allSatisfy({ $0.0 == "--hide" && $0.1.hasPrefix("/") }) else { return nil }
        return pairs.map(\.1)
    }

    private static func complain(_ problem: String, status: Int32) -> Int32 {
        FileHandle.standardError.write(Data("wasp \(commandName): \(problem)\n".utf8))
        return status
    }

    /// Hides `hidden`, shows the profile at its own path again, becomes `uid` (group too, no others) and works in
    /// the same directory as before. The profile is held open from before anything is hidden, since hiding a
    /// directory above it hides its path too. Not root (`users =`), `uid` is our own, and a user namespace mapping
    /// only it gives the right to mount. Nil when done, else what failed.
    static func enter(uid: uid_t, profile: String, hidden: [String]) -> String? {
        guard let real = realPath(profile), let workingDirectory = realPath(".") else {
            return "cannot find \(profile): \(String(cString: strerror(errno)))"
        }
        let isRoot = geteuid() == 0
        let (ownUID, ownGID) = (geteuid(), getegid())
        guard isRoot || uid == ownUID else { return "only root may start a browser as uid \(uid)" }
        guard unshare(wasp_clone_newns() | (isRoot ? 0 : wasp_clone_newuser())) == 0 else {
            return failed("make a mount namespace")
        }
        if !isRoot, let problem = mapOnly(uid: ownUID, gid: ownGID) { return problem }
        // Nothing mounted here may leak back to the host's mounts.
        guard mount(nil, "/", nil, UInt(MS_REC | MS_PRIVATE), nil) == 0 else { return failed("make / private") }
        // Opened in the new namespace: a bind mount's source must be one of its own mounts.
        let directory = open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard directory >= 0 else { return failed("open \(real)") }
        for covered in outermost(hidden) {
            guard mount("tmpfs", covered, "tmpfs", UInt(MS_NOSUID | MS_NODEV | MS_NOEXEC), "mode=0755,size=64k") == 0 else {
                return failed("hide \(covered)")
            }
        }
        makeDirectories(real)
        makeDirectories(workingDirectory)
        guard mount("/proc/self/fd/\(directory)", real, nil, UInt(MS_BIND), nil) == 0 else { return failed("show \(real)") }
        close(directory)
        guard chdir(workingDirectory) == 0 else { return failed("enter \(workingDirectory)") }
        if isRoot {
            guard setgroups(0, nil) == 0, setresgid(uid, uid, uid) == 0, setresuid(uid, uid, uid) == 0 else {
                return failed("become uid \(uid)")
            }
        }
        guard wasp_set_no_new_privileges() == 0 else { return failed("set no_new_privs") }
        // A profile given relative to a directory that moved under a symbolic link would now name another one.
        guard realPath(profile) == real else { return "\(profile) does not lead to \(real) inside the jail" }
        setenv("HOME", real, 1)
        return nil
    }

    /// In a fresh user namespace: we stay who we are, and nobody else is mapped.
    private static func mapOnly(uid: uid_t, gid: gid_t) -> String? {
        for (file, line) in [("setgroups", "deny"), ("uid_map", "\(uid) \(uid) 1"), ("gid_map", "\(gid) \(gid) 1")] {
            let descriptor = open("/proc/self/" + file, O_WRONLY | O_CLOEXEC)
            defer { if descriptor >= 0 { close(descriptor) } }
            guard descriptor >= 0, write(descriptor, line, line.utf8.count) == line.utf8.count else { return failed("write \(file)") }
        }
        return nil
    }

    private static func failed(_ what: String) -> String {
        "cannot \(what): \(String(cString: strerror(errno)))"
    }

    /// The directories of `paths` not inside another one of them: one tmpfs hides everything below it.
    static func outermost(_ paths: [String]) -> [String] {
        var kept: [String] = []
        for path in paths.sorted(by: { $0.count < $1.count }) where !kept.contains(where: { path == $0 || path.hasPrefix($0 + "/") }) {
            kept.append(path)
        }
        return kept
    }

    /// Makes each missing directory of `path` (in a tmpfs that hid it), readable and enterable by anyone.
    private static func makeDirectories(_ path: String) {
        var built = ""
        for component in path.split(separator: "/") {
            built += "/" + component
            mkdir(built, 0o755)
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
