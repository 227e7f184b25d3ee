import Shopify
import Testing

@Suite struct PhoneNumberTests {
    @Test(arguments: [
        ("+1(502)-459-2181", nil, "+15024592181"),
        ("+557734881234", nil, "+557734881234"),
        ("555-625-1199", "US", "+15556251199"),
        ("1 555 625 1199", "US", "+15556251199"),
        ("07911 123456", "GB", "+447911123456"),
        ("0049 30 1234567", "GB", "+49301234567"),
        ("8 912 345-67-89", "RU", "+79123456789"),
        ("333 123 4567", "IT", "+393331234567"),
        ("06 12 34 56 78", "FR", "+33612345678"),
        ("300 1234567", "CO", "+573001234567"),
        ("098765 43210", "IN", "+919876543210"),
    ] as [(String, String?, String)])
    func numbersNormaliseToE164(written: String, country: String?, expected: String) throws {
        #expect(try PhoneNumber.normalise(written, country: country).get() == expected)
    }

    @Test(arguments: [
        ("555-555-SHIP", "US", "letters"),
        ("12", "US", "8 to 15 digits"),
        ("+1234567890123456", nil, "8 to 15 digits"),
        ("555-625-1199", nil, "no country"),
        ("", "US", "empty"),
        ("+44 (0) 20#7946", "GB", "unexpected"),
        ("123-123-1234", "US", "North American"),
    ] as [(String, String?, String)])
    func unusableNumbersSayWhy(written: String, country: String?, reason: String) {
        switch PhoneNumber.normalise(written, country: country) {
        case .success(let number): Issue.record("guessed \(number) from '\(written)'")
        case .failure(let problem):
            #expect(problem.text.contains(reason), "\(problem.text)")
            // The reason is logged: it must not quote the number.
            #expect(written.isEmpty || !problem.text.contains(written), "\(problem.text)")
        }
    }
}
