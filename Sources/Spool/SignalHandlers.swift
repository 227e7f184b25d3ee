import Dispatch
import Glibc

/// A daemon's signals as Dispatch sources: SIGTERM/SIGINT stop it cleanly, SIGHUP reloads configuration.
/// The handlers run on a Dispatch queue, not in signal context, so they may take locks and write logs.
public final class SignalHandlers {
    private let sources: [any DispatchSourceSignal]

    public init(onTerminate: @escaping @Sendable () -> Void, onHangUp: @escaping @Sendable () -> Void = {}) {
        signal(SIGPIPE, SIG_IGN)
        let actions: [(Int32, @Sendable () -> Void)] = [(SIGTERM, onTerminate), (SIGINT, onTerminate), (SIGHUP, onHangUp)]
        sources = actions.map { number, action in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler(handler: action)
            source.resume()
            return source
        }
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
