/// The sign-in form; `problem` is said above it after a failed attempt.
enum LoginPage {
    static func render(problem: String? = nil, email: String = "") -> String {
        let message = problem.map { "<p class=\"problem\" role=\"alert\">\(HTML.escape($0))</p>" } ?? ""
        return HTML.document(title: "Log in", body: """
            <main class="login"><h1>wasp</h1><p>Your WhatsApp order confirmations.</p>\(message)
            <form method="post" action="/login">
            <label>Email <input type="email" name="email" autocomplete="username" required value="\(HTML.escape(email))"></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Log in</button></form></main>
            """)
    }
}
