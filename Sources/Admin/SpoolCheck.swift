import Foundation
import Glibc
import Scheduler
import Spool

/// `wasp fsck`: what is wrong in the spool and how to put it right. Like fsck, it reports first and repairs
/// only when asked; every repair keeps data (files that do not parse go to `corrupt/`, never away).
public struct SpoolCheck {
    public enum Finding: Sendable {
        case missingDirectory(TenantID, SpoolDirectory)
        case tooOpen(path: String, mode: mode_t, expected: mode_t)
        /// One order id in several states; the most advanced one stays.
        case duplicate(TenantID, OrderID, keep: SpoolDirectory, drop: [SpoolDirectory])
        case unparseable(TenantID, SpoolDirectory, name: String, problem: String)
        /// A move between directories that a power cut or a killed mover left half done (`InterruptedMove`).
        case interruptedMove(InterruptedMove)
        case staleTemporary(TenantID, name: String)
        /// A due time beyond max_age: a corrupt mtime or a clock that jumped.
        case farFuture(TenantID, SpoolDirectory, name: String, due: Date)
        /// A tenant file that does not parse: only a person can say what was meant.
        case brokenTenantFile(ConfigError)
        /// The spool is on a network file system, where an fsync of a directory may promise nothing.
        case networkFileSystem(path: String, kind: String)
        /// With `users =`: a path whose owner, group or mode is not what its daemons need.
        case ownership(SpoolOwnership.Mismatch)
        /// With `users =`: a directory or key the daemons cannot make themselves, in a directory only root may write.
        case missingForDaemons(SpoolOwnership.Expected)

        public var isRepairable: Bool {
            switch self {
            case .brokenTenantFile, .networkFileSystem: return false
            default: return true
            }
        }
    }

    let spool: Spool
    let etc: String
    let maxAge: TimeInterval
    /// Under `users =`, owners, groups and modes are checked exactly, instead of only for being too open.
    let ownership: SpoolOwnership?
    /// At `wasp up`'s start no daemon of this spool runs, so every move backup is an interrupted move, whatever
    /// process now has its pid; `wasp fsck` by hand leaves the backups of running movers alone.
    public var noDaemonRuns = false

    public init(spool: Spool, etc: String, maxAge: TimeInterval, users: DaemonUsers? = nil) {
        self.spool = spool
        self.etc = etc
        self.maxAge = maxAge
        ownership = users.map { SpoolOwnership(users: $0, spool: spool, etc: etc) }
    }

    public init(_ config: WaspConfig, etc: String) {
        self.init(spool: Spool(root: config.spoolPath), etc: etc, maxAge: config.maxAge, users: config.users)
    }

    public func check(now: Date = Date()) -> [Finding] {
        fileSystem() + tenantFiles() + spool.tenants().flatMap { check($0, now: now) } + owners()
    }

    private func fileSystem() -> [Finding] {
        SpoolFileSystem.networkKind(of: spool.root).map { [.networkFileSystem(path: spool.root, kind: $0)] } ?? []
    }

    /// Every path `SpoolOwnership` names that exists with the wrong owner, group or mode.
    private func owners() -> [Finding] {
        guard let ownership else { return [] }
        let configs = TenantConfigs(etc: etc, log: nil)
        let dashboards = [ownership.dashboardKey, ownership.dashboardDirectory]
        let missing = (ownership.shared + dashboards).filter { !FileManager.default.fileExists(atPath: $0.path) }
        let tenants = Set(spool.tenants() + configs.tenants()).sorted { $0.rawValue < $1.rawValue }
        let expected = ownership.shared + dashboards + ownership.daemonLocks + tenants.flatMap { tenant in
            guard case .found(let config) = configs.lookup(tenant) else { return ownership.tenant(tenant, config: nil) }
            return ownership.tenant(tenant, config: config)
        }
        return missing.map(Finding.missingForDaemons) + expected.compactMap(ownership.check).map(Finding.ownership)
    }

    private func check(_ tenant: TenantID, now: Date) -> [Finding] {
        var findings: [Finding] = []
        for directory in SpoolDirectory.allCases {
            let path = spool.path(tenant, directory)
            var status = stat()
            if lstat(path, &status) != 0 {
                findings.append(.missingDirectory(tenant, directory))
            } else if ownership == nil, status.st_mode & 0o777 & ~directory.mode != 0 {
                findings.append(.tooOpen(path: path, mode: status.st_mode & 0o777, expected: directory.mode))
            }
        }
        let moves = InterruptedMove.find(in: spool, tenant: tenant, includingRunning: noDaemonRuns)
        findings += moves.map(Finding.interruptedMove)
        let copiesDropped = Dictionary(uniqueKeysWithValues: moves.map { ($0.file, Set($0.drop)) })
        var statesOf: [OrderID: [SpoolDirectory]] = [:]
        for state in SpoolDirectory.orderStates {
            for entry in spool.list(tenant, state) where !(state == .active && entry.name.hasSuffix(Spool.sendingMarkerSuffix)) {
                if let problem = problem(tenant, state, entry.name) {
                    findings.append(.unparseable(tenant, state, name: entry.name, problem: problem))
                    continue
                }
                if copiesDropped[entry.name]?.contains(state) != true {
                    statesOf[OrderID(fileName: entry.name)!, default: []].append(state)
                }
                if [.incoming, .deferred].contains(state) && entry.modified.timeIntervalSince(now) > maxAge {
                    findings.append(.farFuture(tenant, state, name: entry.name, due: entry.modified))
                }
            }
        }
        for (order, states) in statesOf.sorted(by: { $0.key.rawValue < $1.key.rawValue }) where states.count > 1 {
            findings.append(.duplicate(tenant, order, keep: states.last!, drop: Array(states.dropLast())))
        }
        for entry in spool.list(tenant, .events) {
            if let problem = EventFile.problem(in: (try? spool.read(entry.name, tenant: tenant, in: .events)) ?? Data()) {
                findings.append(.unparseable(tenant, .events, name: entry.name, problem: problem))
            }
        }
        for entry in spool.list(tenant, .tmp) where MoveBackup(name: entry.name) == nil
            && now.timeIntervalSince(entry.changed) > Spool.staleTemporaryAge {
            findings.append(.staleTemporary(tenant, name: entry.name))
        }
        return findings
    }

    private func problem(_ tenant: TenantID, _ state: SpoolDirectory, _ name: String) -> String? {
        guard let order = OrderID(fileName: name) else { return "the name is not <order-id>.json" }
        do {
            _ = try spool.loadOrder(order, tenant: tenant, in: state)
            return nil
        } catch {
            return error.description
        }
    }

    /// Tenant files must parse, and hold password hashes and Shopify secrets: owner only.
    private func tenantFiles() -> [Finding] {
        let configs = TenantConfigs(etc: etc, log: nil)
        return configs.tenants().flatMap { tenant -> [Finding] in
            var findings: [Finding] = []
            if case .broken(let error) = configs.lookup(tenant) { findings.append(.brokenTenantFile(error)) }
            var status = stat()
            let path = TenantConfig.path(etc: etc, tenant: tenant)
            if ownership == nil, lstat(path, &status) == 0, status.st_mode & 0o077 != 0 {
                findings.append(.tooOpen(path: path, mode: status.st_mode & 0o777, expected: 0o600))
            }
            return findings
        }
    }

    /// Puts one finding right.
    public func repair(_ finding: Finding, now: Date = Date()) throws(SpoolError) {
        switch finding {
        case .missingDirectory(let tenant, _):
            try spool.prepare(tenant)
            if let ownership { try ownership.apply(ownership.tenant(tenant, config: nil)) }
        case .tooOpen(let path, _, let expected):
            if chmod(path, expected) != 0 { throw .system(operation: "chmod", path: path, errno: errno) }
        case .duplicate(let tenant, let order, _, let drop):
            for state in drop { try spool.remove(order.fileName, tenant: tenant, from: state) }
        case .unparseable(let tenant, let state, let name, _):
            try spool.setAside(name, tenant: tenant, from: state)
        case .interruptedMove(let move):
            try move.repair(in: spool)
        case .staleTemporary(let tenant, let name):
            try spool.remove(name, tenant: tenant, from: .tmp)
        case .farFuture(let tenant, let state, let name, _):
            try spool.setModified(name, tenant: tenant, in: state, to: now)
        case .brokenTenantFile, .networkFileSystem:
            break
        case .ownership(let mismatch):
            try ownership?.apply(mismatch.expected)
        case .missingForDaemons(let expected):
            try ownership?.create(expected)
        }
    }
}

extension SpoolCheck.Finding: CustomStringConvertible {
    public var description: String {
        switch self {
        case .missingDirectory(let tenant, let directory):
            return "\(tenant): \(directory.rawValue)/ is missing; repair creates it"
        case .tooOpen(let path, let mode, let expected):
            return "\(path): mode \(String(mode, radix: 8)) is too open; repair sets \(String(expected, radix: 8))"
        case .duplicate(let tenant, let order, let keep, let drop):
            let copies = (drop + [keep]).map { "\($0.rawValue)/" }.joined(separator: ", ")
            return "\(tenant): order \(order) is in \(copies); repair keeps \(keep.rawValue)/, the most advanced"
        case .unparseable(let tenant, let state, let name, let problem):
            return "\(tenant): \(state.rawValue)/\(name) does not parse (\(problem)); repair moves it to corrupt/"
        case .interruptedMove(let move):
            let path = move.backups.map { "\($0.source.rawValue)/ → \($0.target.rawValue)/" }.joined(separator: ", ")
            let repair = move.restoreTo.map { "repair puts it back in \($0.rawValue)/" }
                ?? (move.drop.isEmpty ? "it is where its mover left it; repair removes the backup"
                    : "repair removes the copy in " + move.drop.map { "\($0.rawValue)/" }.joined(separator: ", "))
            let place = move.foundIn.isEmpty ? "nowhere but its backup in tmp/"
                : "in " + move.foundIn.map { "\($0.rawValue)/" }.joined(separator: ", ")
            return "\(move.tenant): \(move.file) was moving (\(path)) when its mover stopped; it is \(place); \(repair)"
        case .staleTemporary(let tenant, let name):
            return "\(tenant): tmp/\(name) is a stale half-written file; repair removes it"
        case .farFuture(let tenant, let state, let name, let due):
            return "\(tenant): \(state.rawValue)/\(name) is due \(Timestamp.string(due)), beyond max_age; repair makes it due now"
        case .brokenTenantFile(let error):
            return "\(error); fix the file by hand (the daemons keep its last good version, or hold its orders)"
        case .ownership(let mismatch):
            return "\(mismatch); repair sets it"
        case .networkFileSystem(let path, let kind):
            return "\(path) is on \(kind), a network file system: an accepted order may not survive a crash of the "
                + "server or the network; put the spool on a local disk (ext4, xfs) of this host"
        case .missingForDaemons(let expected):
            return "\(expected.path) is missing and no daemon may create it; repair creates it, \(expected)"
        }
    }
}
