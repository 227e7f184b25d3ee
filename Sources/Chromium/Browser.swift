import CLinux
import Foundation
import Glibc
import JSON
import Processes

/// One headless Chromium on one profile, driven over the DevTools pipe.
public final class Browser: Sendable {
    public let pid: pid_t
    public let profile: String
    /// How long one command may take before the browser counts as hung.
    public let commandTimeout: TimeInterval
    let pipe: DevToolsPipe
    let identity: BrowserIdentity

    /// Starts Chromium on `profile` (created with mode 0700); its own chatter goes to `chromium.log` there. In
    /// `jail` when given (the caller is root); with Chromium's own sandbox when `sandboxed` (`BrowserSandbox`).
    public static func launch(executable: String, profile: String, jail: BrowserJail? = nil, sandboxed: Bool = false,
                              commandTimeout: TimeInterval = 15) throws(BrowserError) -> Browser {
        signal(SIGPIPE, SIG_IGN)
        do {
            try FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw .cannotStart("cannot create the profile \(profile): \(error.localizedDescription)")
        }
        ProfileLock.clear(profile: profile)
        let switches = arguments(profile: profile, sandboxed: sandboxed) + BrowserIdentity.userAgentSwitch(executable: executable)
        let log = open(profile + "/chromium.log", O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { if log >= 0 { Glibc.close(log) } }
        var toBrowser: [Int32] = [0, 0]
        var fromBrowser: [Int32] = [0, 0]
        guard wasp_pipe_cloexec(&toBrowser) == 0 else { throw .cannotStart(String(cString: strerror(errno))) }
        guard wasp_pipe_cloexec(&fromBrowser) == 0 else {
            toBrowser.forEach { Glibc.close($0) }
            throw .cannotStart(String(cString: strerror(errno)))
        }
        let command = jail?.command(executable: executable, arguments: switches, profile: profile) ?? (program: executable, arguments: switches)
        let started = Spawn.start(command.program, command.arguments, stderr: log >= 0 ? log : nil,
                                  descriptors: [(toBrowser[0], 3), (fromBrowser[1], 4)])
        Glibc.close(toBrowser[0])
        Glibc.close(fromBrowser[1])
        switch started {
        case .failure(let error):
            Glibc.close(toBrowser[1])
            Glibc.close(fromBrowser[0])
            throw .cannotStart("\(executable): \(error)")
        case .success(let pid):
            let pipe = DevToolsPipe(toBrowser: toBrowser[1], fromBrowser: fromBrowser[0])
            let version: JSONValue
            do {
                version = try pipe.call("Browser.getVersion", timeout: 30)
            } catch {
                Browser(pid: pid, profile: profile, commandTimeout: commandTimeout, pipe: pipe, identity: BrowserIdentity(version: [:])).close()
                let said = lastLine(of: profile + "/chromium.log").map { "; chromium.log ends: " + $0 } ?? ""
                throw .cannotStart("no answer on the DevTools pipe: \(error)" + said)
            }
            return Browser(pid: pid, profile: profile, commandTimeout: commandTimeout, pipe: pipe,
                           identity: BrowserIdentity(version: version))
        }
    }

    private init(pid: pid_t, profile: String, commandTimeout: TimeInterval, pipe: DevToolsPipe, identity: BrowserIdentity) {
        self.pid = pid
        self.profile = profile
        self.commandTimeout = commandTimeout
        self.pipe = pipe
        self.identity = identity
    }

    /// Headless mode and the DevTools pipe both set `navigator.webdriver`, which sites read as a robot, unless
    /// AutomationControlled is off; the user agent is set per page (`BrowserIdentity`), not by a switch that
    /// would leave the client hints telling another story (the `--user-agent` switch is for service workers, which
    /// no override reaches).
    private static func arguments(profile: String, sandboxed: Bool) -> [String] {
        (sandboxed ? [] : ["--no-sandbox"]) + ["--headless=new", "--disable-gpu", "--remote-debugging-pipe",
         "--user-data-dir=" + profile, "--no-first-run", "--no-default-browser-check",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-extensions", "--disable-default-apps", "--mute-audio", "--password-store=basic",
         "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-blink-features=AutomationControlled",
         "--lang=en-US", "--accept-lang=" + BrowserIdentity.acceptLanguage,
         "about:blank"]
    }

    /// What a browser that died at once said last (a refused sandbox, a jail that could not be set up).
    private static func lastLine(of file: String) -> String? {
        let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").last.map { String($0.prefix(300)) }
    }

    public var isRunning: Bool { !pipe.isClosed && Glibc.kill(pid, 0) == 0 }

    /// The browser's first tab, attached for commands.
    public func page() throws(BrowserError) -> Page {
        let targets = try pipe.call("Target.getTargets", timeout: commandTimeout)["targetInfos"].array
        var target = targets.first { $0["type"].text == "page" }?["targetId"].text
        if target == nil {
            target = try pipe.call("Target.createTarget", ["url": "about:blank"], timeout: commandTimeout)["targetId"].text
        }
        let attached = try pipe.call("Target.attachToTarget", ["targetId": .string(target ?? ""), "flatten": true],
                                     timeout: commandTimeout)
        guard let session = attached["sessionId"].text else {
            throw .protocolError(method: "Target.attachToTarget", message: "no session id")
        }
        let page = Page(pipe: pipe, session: session, timeout: commandTimeout)
        _ = try page.command("Inspector.enable")
        _ = try page.command("Page.enable")
        _ = try page.command("Emulation.setUserAgentOverride", identity.override)
        try giveWorkersTheIdentity(of: page)
        return page
    }

    /// Asks the browser to close, kills it if it does not within `grace`, and reaps it.
    public func close(grace: TimeInterval = 3) {
        _ = try? pipe.call("Browser.close", timeout: grace)
        pipe.close()
        let deadline = Date().addingTimeInterval(grace)
        var status: Int32 = 0
        while waitpid(pid, &status, WNOHANG) == 0 {
            if Date() >= deadline {
                kill()
                return
            }
            usleep(20_000)
        }
    }

    /// Kills the browser and every helper process at once (a hung browser does not answer Browser.close).
    public func kill() {
        for member in ProcessTree.members(pid).reversed() { Glibc.kill(member, SIGKILL) }
        pipe.close()
        _ = Spawn.waitForExit(pid)
    }
}
