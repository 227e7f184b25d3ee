import Chromium
import Foundation
import Spool

/// `wasp shard move TENANT --to SHARD`, run on the shard that serves the tenant ('wasp help shards'): the tenant is
/// marked moving (this intake answers 503, so Shopify retries; this scheduler and sender leave it alone), its
/// `active/` drains and its browser closes, its spool directory (WhatsApp session included), tenant file and
/// secrets are copied with rsync, `wasp fsck --repair` runs on the target, the map line is flipped and published
/// (`shard.publish`: to every host and HAProxy), and once the target has taken a webhook for it this copy is removed.
/// A move that stopped at any step goes on from that step when run again (`ShardMove+Resume.swift`).
public struct ShardMove {
    public struct Plan {
        public let tenant: TenantID
        public let here: ShardMap.Shard
        public let target: ShardMap.Shard
        public let sourceRoot: String
        public let config: WaspConfig
        /// How long to wait for the target's first webhook before leaving the copy here for `wasp shard forget`.
        public let acceptanceWait: TimeInterval

        public init(tenant: TenantID, here: ShardMap.Shard, target: ShardMap.Shard, sourceRoot: String, config: WaspConfig,
                    acceptanceWait: TimeInterval) {
            self.tenant = tenant
            self.here = here
            self.target = target
            self.sourceRoot = sourceRoot
            self.config = config
            self.acceptanceWait = acceptanceWait
        }
    }

    /// How long `active/` may take to drain and the browser to close (the sender looks every 30 s, and keeps a
    /// freshly linked browser open through `sender.link_grace`).
    var quietWait: TimeInterval { 60 + plan.config.senderLinkGrace }
    let plan: Plan
    let wasp: String
    let progress: (String) -> Void

    public init(_ plan: Plan, wasp: String, progress: @escaping (String) -> Void) {
        self.plan = plan
        self.wasp = wasp
        self.progress = progress
    }

    var etc: String { plan.sourceRoot + "/etc" }
    var spool: Spool { Spool(root: plan.config.spoolPath) }
    var target: ShardRoot { ShardRoot(plan.target.root) }

    /// Runs every step, or after a failure the steps not done yet; true when the copy here was removed, false when it
    /// is kept for a run again or `wasp shard forget`.
    public func run() throws(ShardMoveError) -> Bool {
        let flipped: Date
        switch try stage() {
        case .copy:
            flipped = try copyAndFlip()
        case .finish(let since):
            progress("\(plan.tenant) is placed on \(plan.target.name) since \(Timestamp.string(since)); going on from there")
            flipped = since
        }
        try publish()
        guard waitForAcceptance(since: flipped) else {
            progress("\(plan.target.name) has not taken a webhook for \(plan.tenant) within \(Int(plan.acceptanceWait)) s; the copy here "
                     + "stays until 'wasp shard move \(plan.tenant) --to \(plan.target.name)' is run again or 'wasp shard forget \(plan.tenant)'")
            return false
        }
        try ShardMove.forget(plan.tenant, spool: spool, etc: etc)
        progress("\(plan.target.name) took a webhook for \(plan.tenant); the copy here is removed")
        return true
    }

    /// The steps up to the flip, each safe to run again: the record first, so that a move to another shard is
    /// refused from then on, and the record's flip time before the flip itself.
    private func copyAndFlip() throws(ShardMoveError) -> Date {
        try ShardMoveRecord(target: plan.target.name, flipped: nil).save(etc: etc, tenant: plan.tenant)
        try place(ShardMap.Assignment(shard: plan.here.name, moving: true))
        progress("\(plan.tenant) is marked moving: this shard answers 503 for it and moves none of its orders")
        try waitForQuiet()
        try copy()
        try target.run(wasp, ["fsck", "--repair"], progress: progress)
        let flipped = Date()
        try ShardMoveRecord(target: plan.target.name, flipped: flipped).save(etc: etc, tenant: plan.tenant)
        try place(ShardMap.Assignment(shard: plan.target.name, moving: false))
        progress("\(plan.tenant) is placed on \(plan.target.name)")
        return flipped
    }

    /// Rewrites this host's `etc/tenant-shards` with the tenant's new line, under a lock on `tenant-shards.lock`
    /// so two moves on this host do not undo each other's line (moves on several hosts at once are not safe:
    /// each publishes its whole file).
    private func place(_ assignment: ShardMap.Assignment) throws(ShardMoveError) {
        let lock = open(etc + "/" + ShardMap.tenantsFile + ".lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard lock >= 0, flock(lock, LOCK_EX) == 0 else {
            throw ShardMoveError("cannot lock \(etc)/\(ShardMap.tenantsFile).lock: \(String(cString: strerror(errno)))")
        }
        defer { close(lock) }
        do {
            let map = try ShardMap.load(etc: etc)
            var tenants = map.tenants
            tenants[plan.tenant] = assignment
            try DurableFile.replace(etc + "/" + ShardMap.tenantsFile, with: ShardMap(shards: map.shards, tenants: tenants).tenantsText,
                                    mode: 0o644)
        } catch {
            throw ShardMoveError("cannot rewrite \(etc)/\(ShardMap.tenantsFile): \(error)")
        }
    }

    /// Until nothing of the tenant is in flight here: no order in `active/`, no browser on its profile, and no
    /// webhook that passed the intake's check before the mark still being written.
    private func waitForQuiet() throws(ShardMoveError) {
        Thread.sleep(forTimeInterval: 2)
        let deadline = Date().addingTimeInterval(quietWait)
        let profile = spool.path(plan.tenant, .chrome)
        while Date() < deadline {
            let inFlight = spool.list(plan.tenant, .active).filter { $0.name.hasSuffix(".json") }.count
            let browsers = ProfileProcesses.all(profile).count
            if inFlight == 0 && browsers == 0 { return progress("\(plan.tenant): nothing in flight, no browser open") }
            Thread.sleep(forTimeInterval: 1)
        }
        throw ShardMoveError("\(plan.tenant) still has orders in active/ or a browser after \(Int(quietWait)) s; is the sender running? "
                             + "Run 'wasp shard move' again to go on (the tenant stays marked moving meanwhile)")
    }

    /// The tenant's spool directory without what a backup leaves out, the secrets its tenant file names, and last,
    /// once they are there, the tenant file, naming them by paths relative to the target's `etc/`.
    private func copy() throws(ShardMoveError) {
        let spoolRoot = plan.config.spoolPath
        let targetSpool = spoolRoot.hasPrefix(plan.sourceRoot + "/") ? target.location + spoolRoot.dropFirst(plan.sourceRoot.count)
                                                                  : target.sibling(spoolRoot)
        let started = Date()
        try ShardRoot.rsync(["--delete", "--exclude-from=\(etc)/backup.exclude", "--include=/\(plan.tenant)/***", "--exclude=*",
                             spoolRoot + "/", targetSpool + "/"])
        let secrets = try TenantSecrets(etc: etc, tenant: plan.tenant)
        if !secrets.relativePaths.isEmpty {
            try ShardRoot.rsync(["--relative"] + secrets.relativePaths.map { etc + "/./" + $0.path } + [target.location + "/etc/"])
        }
        try StagedFile.with(TenantConfig.path(etc: etc, tenant: plan.tenant), text: secrets.portableText) { staged throws(ShardMoveError) in
            try ShardRoot.rsync([staged, target.location + "/etc/tenants/\(plan.tenant).conf"])
        }
        progress("\(plan.tenant): spool, secrets and tenant file copied to \(plan.target.name) in \(String(format: "%.1f", Date().timeIntervalSince(started))) s")
    }

    /// Runs `shard.publish`, which puts this `etc/tenant-shards` on every host and reloads HAProxy.
    private func publish() throws(ShardMoveError) {
        guard let command = plan.config.shardPublish else {
            return progress("no shard.publish in wasp.conf: copy \(etc)/\(ShardMap.tenantsFile) to every host and reload HAProxy now")
        }
        let (status, printed) = ShardRoot.run(["/bin/sh", "-c", command], environment: ["WASP_TENANT_SHARDS": etc + "/" + ShardMap.tenantsFile])
        guard status == 0 else {
            let output = printed.trimmingCharacters(in: .whitespacesAndNewlines).suffix(500)
            throw ShardMoveError("shard.publish exited \(status)\(output.isEmpty ? "" : ": " + output); \(plan.tenant) is placed on "
                                 + "\(plan.target.name) here but maybe nowhere else, so both shards answer 421 for it: fix shard.publish and "
                                 + "run 'wasp shard move \(plan.tenant) --to \(plan.target.name)' again, which publishes and goes on")
        }
        progress("the map is published (shard.publish)")
    }

    private func waitForAcceptance(since flipped: Date) -> Bool {
        let deadline = Date().addingTimeInterval(plan.acceptanceWait)
        let since = Timestamp.string(flipped)
        while Date() < deadline {
            if (try? target.run(wasp, ["shard", "accepted", plan.tenant.rawValue, "--since", since], progress: { _ in })) != nil { return true }
            Thread.sleep(forTimeInterval: 2)
        }
        return false
    }
}

public struct ShardMoveError: Error, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
