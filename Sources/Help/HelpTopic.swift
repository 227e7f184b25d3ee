/// A page of wasp's manual. The pages are built into the binary, so that the server running wasp carries its own
/// reference (`wasp help <topic>`), and `make install` writes the same text as man pages (`ManPage`).
public struct HelpTopic: Sendable {
    /// What `wasp help` takes: `configuration`, `spool`, ….
    public let name: String
    /// The man page it becomes: `wasp.conf` in section 5, `wasp-spool` in section 7.
    public let manName: String
    public let manSection: Int
    /// Markdown, as written in `Sources/Help/Topics/<name>.md`.
    public let text: String

    public init(name: String, manName: String? = nil, section: Int = 7, text: String) {
        self.name = name
        self.manName = manName ?? "wasp-" + name
        self.manSection = section
        self.text = text
    }

    init(_ name: String, _ bytes: [UInt8], manName: String? = nil, section: Int = 7) {
        self.init(name: name, manName: manName, section: section, text: String(decoding: bytes, as: UTF8.self))
    }

    /// The page's first line without its `#`.
    public var title: String {
        let first = text.prefix { $0 != "\n" }
        return String(first.drop { $0 == "#" || $0 == " " })
    }

    public static func named(_ name: String) -> HelpTopic? {
        all.first { $0.name == name.lowercased() }
    }
}
