import Foundation
import JSON
import Testing
import TestSupport

@Suite struct JSONValueTests {
    private func parse(_ text: String) -> JSONValue? { JSONValue.parse(Data(text.utf8)) }

    @Test func numbersKeepTheirExactText() {
        #expect(parse("820982911946154508") == .number("820982911946154508"))
        #expect(parse("18446744073709551616123") == .number("18446744073709551616123"))
        #expect(parse("[534140.00, -1.5e3, 0]") == .array([.number("534140.00"), .number("-1.5e3"), .number("0")]))
        #expect(parse("[1e999, -0, -1E-999]") == .array([.number("1e999"), .number("-0"), .number("-1E-999")]))
    }

    @Test func escapesDecode() {
        #expect(parse(#""gid:\/\/shopify\/Order\/1""#) == .string("gid://shopify/Order/1"))
        #expect(parse(#""caf\u00e9 \ud83d\ude00 \"q\" \\ \n""#) == .string("café 😀 \"q\" \\ \n"))
        #expect(parse("\"Crème brûlée 🍮\"") == .string("Crème brûlée 🍮"))
    }

    @Test func writtenTextParsesBackToTheSameValue() {
        let value: JSONValue = ["id": 7, "text": "line\nbreak \"quoted\" \\ \u{1} 😀 </script>", "list": [true, .null, "x"],
                                "big": .number("820982911946154508"), "half": .decimal(0.5)]
        #expect(parse(value.serialized) == value)
        #expect(JSONValue.decimal(42).serialized == "42")
        #expect(("a\u{1}" as JSONValue).serialized == #""a\u0001""#)
    }

    @Test func objectsAndLiterals() {
        let value = parse(#" { "a" : [true, false, null], "b": {"c": "d"} } "#)
        #expect(value?["a"] == .array([.bool(true), .bool(false), .null]))
        #expect(value?["b"]["c"].text == "d")
        #expect(value?["missing"] == .null)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\":1,}", "01", "1.", "-", "1e", "tru", "\"unterminated", "\"tab\there\"",
                      "{\"a\" 1}", "[1 2]", "\"\\x\"", "\"\\ud83d\"", "{} {}", "nul", "{1: 2}", "{\"id\":1,\"id\":2}",
                      "{\"a\":{\"b\":1,\"b\":1}}"])
    func malformedInputIsRejected(_ text: String) {
        #expect(parse(text) == nil)
    }

    @Test func nestingDeeperThan64IsRejectedWithoutCrashing() {
        #expect(parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64)) != nil)
        #expect(parse(String(repeating: "[", count: 65) + String(repeating: "]", count: 65)) == nil)
        #expect(parse(String(repeating: "[", count: 1_000_000)) == nil)
        #expect(parse(String(repeating: "{\"a\":", count: 100_000) + "1" + String(repeating: "}", count: 100_000)) == nil)
        #expect(parse(String(repeating: "[{\"a\":", count: 50_000) + "1" + String(repeating: "}]", count: 50_000)) == nil)
    }

    @Test(arguments: Paths.fixtureNames(in: "orders") + Paths.fixtureNames(in: "compliance") + Paths.fixtureNames(in: "fulfillments"))
    func everyFixtureParsesLikeFoundationParsesIt(_ fixture: String) throws {
        let data = Paths.fixture(fixture)
        let ours = try #require(JSONValue.parse(data))
        let foundation = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        #expect(ours.isObject)
        #expect(Set(try #require(foundation).keys) == Set(Self.keys(ours)))
    }

    private static func keys(_ value: JSONValue) -> [String] {
        if case .object(let members) = value { return Array(members.keys) }
        return []
    }
}
