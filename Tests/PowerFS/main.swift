import CFuse
import Glibc

// wasp-powerfs <mountpoint> --control <socket>: a FUSE file system in memory that keeps, for every file and
// directory, what is current and what is durable under POSIX's strict rules, and goes back to the durable
// state when a test cuts the power. Test code (issue 22), never linked into `wasp`.
let usage = "usage: wasp-powerfs <mountpoint> --control <socket>"
var arguments = Array(CommandLine.arguments.dropFirst())
guard let flag = arguments.firstIndex(of: "--control"), flag + 1 < arguments.count else {
    Log.write(usage)
    exit(2)
}
let controlPath = arguments[flag + 1]
arguments.removeSubrange(flag...flag + 1)
guard arguments.count == 1, let mountpoint = arguments.first else {
    Log.write(usage)
    exit(2)
}

let control: ControlServer
do {
    control = try ControlServer(path: controlPath)
} catch {
    Log.write("wasp-powerfs: \(error)")
    exit(1)
}
// The control thread inherits a mask without the signals that end libfuse's loop, so they reach the loop's
// thread and interrupt its read of /dev/fuse.
var endingSignals = sigset_t()
sigemptyset(&endingSignals)
for signal in [SIGTERM, SIGINT, SIGHUP] { sigaddset(&endingSignals, signal) }
pthread_sigmask(SIG_BLOCK, &endingSignals, nil)
control.start()
pthread_sigmask(SIG_UNBLOCK, &endingSignals, nil)

Log.event("mounting mountpoint=\(mountpoint) control=\(controlPath)")
var operations = FuseOperations.make()
// Foreground, one thread (one request at a time: the model needs no finer locking), root's mount open to the
// daemons' own users, and auto_unmount so a killed file system does not leave a dead mount behind.
let fuseArguments = ["wasp-powerfs", "-f", "-s", "-o",
                     "default_permissions,allow_other,auto_unmount,fsname=powerfs,subtype=powerfs", mountpoint]
var cArguments: [UnsafeMutablePointer<CChar>?] = fuseArguments.map { strdup($0) }
let status = fuse_main_real(Int32(cArguments.count), &cArguments, &operations, MemoryLayout<fuse_operations>.size, nil)
// fuse_main answers 8 when a signal ended the loop, after unmounting as cleanly as for any other end.
Log.event("unmounted mountpoint=\(mountpoint)")
exit(status)
