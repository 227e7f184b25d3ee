import Spool
import Testing

@Suite struct IdentifierTests {
    @Test(arguments: ["5", "shop-a_1", "a", String(repeating: "z", count: 32), "0abc"])
    func validTenantIDsAreAccepted(_ text: String) {
        #expect(TenantID(text)?.rawValue == text)
    }

    @Test(arguments: ["", "..", "../etc", "%2e%2e", "5/../../x", "Shop", "-a", "_a", "a.b", "a b",
                      String(repeating: "z", count: 33), "é"])
    func pathTricksAndBadTenantIDsAreRejected(_ text: String) {
        #expect(TenantID(text) == nil)
    }

    @Test func orderIDsAreDigitsOnly() {
        #expect(OrderID("820982911946154508")?.fileName == "820982911946154508.json")
        #expect(OrderID("12a") == nil)
        #expect(OrderID("../1") == nil)
        #expect(OrderID("") == nil)
        #expect(OrderID(String(repeating: "9", count: 21)) == nil)
    }
}
