import Foundation
import HTTP

/// Text made safe for HTML: everything a merchant's customer wrote is passed through here, never pasted raw.
enum HTML {
    /// A URL, escaped, that a narrow screen wraps after a `/` rather than inside a word.
    static func breakableURL(_ url: String) -> String {
        escape(url).replacingOccurrences(of: "/", with: "/<wbr>")
    }

    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text.unicodeScalars {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&#39;"
            default: output.unicodeScalars.append(character)
            }
        }
        return output
    }

    /// The frame of every signed-in page: the tab bar, the content, and the script that keeps it live.
    /// A signed-in page; each of `notices` (HTML) is a banner above the tab.
    static func page(title: String, tenant: String, tab: String, content: String, notices: [String] = []) -> String {
        let tabs = [("orders", "Orders"), ("settings", "Settings"), ("analytics", "Analytics")].map { path, name in
            "<a href=\"/\(path)\"\(path == tab ? " class=\"current\"" : "")>\(name)</a>"
        }.joined()
        return document(title: title, body: """
            <header><strong>wasp</strong> <span class="tenant">\(escape(tenant))</span>
            <nav>\(tabs)</nav>
            <form method="post" action="/logout"><button type="submit">Log out</button></form></header>
            \(notices.map { "<p class=\"notice\" role=\"alert\">\($0)</p>" }.joined())<main data-tab="\(tab)">\(content)</main>
            <script src="/static/app.js"></script>
            """)
    }

    static func document(title: String, body: String) -> String {
        """
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title)) · wasp</title><link rel="stylesheet" href="/static/app.css"></head>
        <body>\(body)</body></html>
        """
    }

    /// An HTML answer with the headers that keep the page from running anything but our own script.
    static func response(_ status: Int, _ html: String) -> HTTPResponse {
        var response = HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "text/html; charset=utf-8")]),
                                    body: Data(html.utf8))
        securityHeaders.forEach { response.headers.add($0.0, $0.1) }
        return response
    }

    static let securityHeaders = [
        ("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            + "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
        ("Cache-Control", "no-store"),
    ]
}
