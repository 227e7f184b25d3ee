import JSON

extension Browser {
    /// Kinds of target that run a page's scripts apart from it and make requests of their own.
    static let workerTypes: Set<String> = ["service_worker", "shared_worker", "worker"]

    /// A service worker runs with the browser's own identity, not the page's override: it would tell the site
    /// "HeadlessChrome" and the headless client hints the page hides. So each target the page starts is attached
    /// paused, a worker is given the page's identity, and then it is let run (before its first line of script).
    func giveWorkersTheIdentity(of page: Page) throws(BrowserError) {
        let pipe = pipe, override = identity.override
        pipe.onAttach { target in
            if Self.workerTypes.contains(target.type) {
                pipe.post("Network.setUserAgentOverride", override, session: target.session)
            }
            if target.isWaiting { pipe.post("Runtime.runIfWaitingForDebugger", session: target.session) }
        }
        _ = try page.command("Target.setAutoAttach", ["autoAttach": true, "waitForDebuggerOnStart": true, "flatten": true])
    }
}
