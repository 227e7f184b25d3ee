import Admin
import Spool

enum FsckCommand: Command {
    static let name = "fsck"
    static let summary = "check the spool (one state per order, files that parse, ...); --repair"
    static let help = """
    usage: wasp fsck [--repair] [--root DIR]

    Reports: an order id in two state directories (after restoring a copy taken while files
    moved), order and event files that do not parse, due times beyond max_age, stale tmp/ files,
    missing directories, directories or tenant files with too open permissions, and tenant files
    that do not parse (file, line and key; these only a person can fix, so --repair exits 1).
    Without --repair it changes nothing and exits 1 if anything is wrong. With --repair it keeps
    the most advanced state of a duplicated order, moves files that do not parse to corrupt/,
    makes far-future orders due now, removes stale tmp/ files and fixes modes; exit 0 when all
    were repaired. Safe to run while the daemons run.
    """
    static let flags: Set<String> = ["repair"]

    static func run(_ arguments: Arguments) throws(CommandError) -> Int32 {
        try arguments.expectPositionals(0)
        let config = try arguments.waspConfig()
        let check = SpoolCheck(config, etc: arguments.root + "/etc")
        let findings = check.check()
        guard arguments.flags.contains("repair") else {
            for finding in findings { print(finding) }
            print(summary(findings))
            return findings.isEmpty ? 0 : 1
        }
        let failures = repair(findings, with: check) { print($0) }
        print("fsck: \(findings.count - failures) of \(findings.count) problems repaired")
        return failures == 0 ? 0 : 1
    }

    /// The last line: how many problems, and who can fix them; `--repair` is offered only for what it repairs.
    static func summary(_ findings: [SpoolCheck.Finding]) -> String {
        let forPerson = findings.filter { !$0.isRepairable }.count
        let repairable = findings.count - forPerson
        var line = "fsck: \(findings.count) problem\(findings.count == 1 ? "" : "s")"
        if repairable > 0 { line += "; 'wasp fsck --repair' repairs " + (forPerson == 0 ? "them" : "\(repairable)") }
        if forPerson > 0 { line += "; " + (repairable == 0 ? "only a person can fix them" : "\(forPerson) only a person can fix") }
        return line
    }

    /// Repairs what can be; tells `report` one line per finding; returns how many were not repaired.
    static func repair(_ findings: [SpoolCheck.Finding], with check: SpoolCheck, report: (String) -> Void) -> Int {
        var failures = 0
        for finding in findings {
            guard finding.isRepairable else {
                failures += 1
                report("\(finding)")
                continue
            }
            do {
                try check.repair(finding)
                report("\(finding): repaired")
            } catch {
                failures += 1
                report("\(finding): NOT repaired: \(error)")
            }
        }
        return failures
    }
}
