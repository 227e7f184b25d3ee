import Foundation
import HTTP
import Shopify
import Testing
import TestSupport

/// A shard answers only for its own tenants: 421 for one the map places elsewhere, 503 with Retry-After while
/// `wasp shard move` copies one away, and in neither case is anything written. A changed map takes effect at once.
@Suite struct ShardTests {
    let harness: IntakeHarness
    let order = SampleOrder.body(id: 81, number: 1081)

    init() throws {
        harness = try IntakeHarness(waspConf: ["shard.name = a"])
        try "a 127.0.0.2\nb 127.0.0.3\n".write(toFile: harness.root.path + "/etc/shards", atomically: true, encoding: .utf8)
        try place("shop b")
    }

    private func place(_ line: String) throws {
        try (line + "\n").write(toFile: harness.root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
    }

    @Test func aTenantOfAnotherShardIs421AndNothingIsWritten() throws {
        let answer = try harness.poster.post(order, path: "/webhooks/shop/orders/create")
        #expect(answer.status == 421)
        #expect(answer.text.contains("served by shard b"))
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create", signature: "forged").status == 421,
                "refused before the signature is even looked at")
        #expect(harness.storedFiles().isEmpty)
    }

    @Test func aTenantBeingMovedIs503WithRetryAfterThenServedOnceTheMapSaysSo() throws {
        try place("shop a moving")
        let moving = try harness.poster.post(order, path: "/webhooks/shop/orders/create")
        #expect(moving.status == 503)
        #expect(moving.headers["Retry-After"] != nil, "Shopify retries")
        #expect(harness.storedFiles().isEmpty)
        try place("shop a")
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create").status == 200)
        #expect(harness.files(.incoming) == ["81.json"])
    }

    @Test func aBrokenMapTakesNothingUntilItParsesAndALaterBreakKeepsTheLastGoodOne() throws {
        // Broken from the intake's start: no good map was ever in force.
        let harness = try IntakeHarness(waspConf: ["shard.name = a"]) { root in
            try "a 127.0.0.2\nb 127.0.0.3\n".write(toFile: root.path + "/etc/shards", atomically: true, encoding: .utf8)
            try "shop c\n".write(toFile: root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
        }
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create").status == 503, "c is no shard")
        try "shop a\n".write(toFile: harness.root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create").status == 200)
        try "shop a b c\n".write(toFile: harness.root.path + "/etc/tenant-shards", atomically: true, encoding: .utf8)
        #expect(try harness.poster.post(SampleOrder.body(id: 82, number: 1082), path: "/webhooks/shop/orders/create").status == 200,
                "the last good map stays in force")
    }

    @Test func aTenantTheMapDoesNotNameIsServedWhereItsFileIs() throws {
        try place("other b")
        #expect(try harness.poster.post(order, path: "/webhooks/shop/orders/create").status == 200)
    }
}
