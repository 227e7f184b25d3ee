import Dispatch
import Glibc

/// A daemon's signals as Dispatch sources: SIGTERM/SIGINT stop it cleanly, SIGHUP reloads configuration.
/// The handlers run on a Dispatch queue, not in signal context, so they may take locks and write logs.
public final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    /// Returns once the handlers are in place. Linux's libdispatch installs its own handler for a signal only when
    /// its manager thread registers the source, a moment after `resume`. Until then SIGTERM and SIGINT keep their
    /// default action, which ends the process: ignored (as on macOS), one sent then was lost, and a daemon whose
    /// `wasp up` died right then ran on as an orphan. SIGHUP alone is ignored meanwhile: the files were just read,
    /// and their mtimes are watched.
    public init(onTerminate: @escaping @Sendable () -> Void, onHangUp: @escaping @Sendable () -> Void = {}) {
        signal(SIGPIPE, SIG_IGN)
        signal(SIGHUP, SIG_IGN)
        let actions: [(Int32, @Sendable () -> Void)] = [(SIGTERM, onTerminate), (SIGINT, onTerminate), (SIGHUP, onHangUp)]
        let registered = DispatchGroup()
        sources = actions.map { number, action in
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            registered.enter()
            source.setRegistrationHandler { registered.leave() }
            source.resume()
            return source
        }
        _ = registered.wait(timeout: .now() + 5)
    }

    /// A daemon's usual handlers: SIGTERM/SIGINT log and call `stop`; SIGHUP logs and re-reads tenant files.
    public convenience init(daemon log: Log, tenants: TenantConfigs, stop: @escaping @Sendable () -> Void) {
        self.init(onTerminate: {
            log.event("stopping")
            stop()
        }, onHangUp: {
            log.event("reloading configuration")
            tenants.reloadAll()
        })
    }
}
