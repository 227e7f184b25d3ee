import Foundation
import Spool
import Testing
import TestSupport

/// `wasp shard move` between shards side by side (`ShardTrio`), through the real binary: run again after a failure
/// it goes on from there, a move elsewhere meanwhile is refused, secrets go with the tenant and are removed with its
/// copy, and roots at different paths are no obstacle. The whole site behind HAProxy is `ShardedSiteTests`.
@Suite struct ShardMoveTests {
    @Test func aMoveWhosePublishFailedFinishesWhenRunAgain() throws {
        let shards = try ShardTrio(publishFailures: 1)
        let failed = try shards.move(to: "b")
        #expect(failed.status == 1)
        #expect(failed.errors.contains("shard.publish exited 1: lb: connection refused"))
        #expect(failed.errors.contains("run 'wasp shard move shop --to b' again"), "the error says how to go on")
        #expect(shards.line(shards.a) == "shop b" && shards.line(shards.b) == "shop a", "flipped here, published nowhere")

        let again = try shards.moveToBWhileShopifyPosts()
        #expect(again.status == 0, "\(again.output)")
        #expect(again.output.contains("shop is placed on b since"), "it went on from the publish")
        #expect(!again.output.contains("marked moving"), "and did not start again")
        #expect(shards.line(shards.b) == "shop b")
        #expect(again.answers.first == 421 && again.answers.last == 200, "b took shop's webhooks once the map said so")
        #expect(shards.exists(shards.b, "spool/shop/incoming/1001.json"))
        #expect(!shards.exists(shards.a, "spool/shop") && !shards.exists(shards.a, "etc/tenants/shop.conf"), "the copy here is removed")
        #expect(!shards.exists(shards.a, "etc/shard-moves/shop"), "and the move's record with it")
    }

    @Test func aMoveElsewhereBeforeTheFlipIsRefusedWithHowToFinishOrUndoIt() throws {
        let shards = try ShardTrio()
        try "no.such.key = 1\n".write(toFile: shards.b.path + "/etc/wasp.conf", atomically: true, encoding: .utf8)
        let failed = try shards.move(to: "b")
        #expect(failed.status == 1 && failed.errors.contains("fsck"), "b's fsck fails on its broken wasp.conf")
        #expect(shards.line(shards.a) == "shop a moving")

        let elsewhere = try shards.move(to: "c")
        #expect(elsewhere.status == 1)
        #expect(elsewhere.errors.contains("a move of shop to b is unfinished"))
        #expect(elsewhere.errors.contains("Finish it with 'wasp shard move shop --to b'"))
        #expect(elsewhere.errors.contains("'wasp shard forget shop' on b, then put the line 'shop a' back"))
        #expect(!shards.exists(shards.c, "spool/shop") && !shards.exists(shards.c, "etc/tenants/shop.conf"), "nothing went to c")
        #expect(shards.line(shards.a) == "shop a moving")
    }

    @Test func aMoveElsewhereAfterTheFlipIsRefusedWithHowToFinishIt() throws {
        let shards = try ShardTrio(publishFailures: 1)
        #expect(try shards.move(to: "b").status == 1)
        let elsewhere = try shards.move(to: "c")
        #expect(elsewhere.status == 1)
        #expect(elsewhere.errors.contains("shop is placed on b by a move that is unfinished here. Finish it with 'wasp shard move shop --to b'"))
        #expect(!shards.exists(shards.c, "spool/shop"))
        #expect(shards.line(shards.a) == "shop b")
    }

    @Test func anAbsoluteSecretPathIsNamedInsideTheTargetRoot() throws {
        let shards = try ShardTrio(absoluteToken: true)
        let moved = try shards.moveToBWhileShopifyPosts()
        #expect(moved.status == 0, "\(moved.output)")
        let tenantFile = shards.text(shards.b, "etc/tenants/shop.conf")
        #expect(tenantFile.contains("cloud.token_file = secrets/shop.token\n"), "relative to b's etc/, not a's path")
        #expect(!tenantFile.contains(shards.a.path))
        #expect(shards.text(shards.b, "etc/secrets/shop.token") == "secret-of-shop.token\n")
        let fsck = try Wasp.run(["fsck", "--root", shards.b.path])
        #expect(fsck.status == 0, "\(fsck.output)\(fsck.errors)")
    }

    @Test func forgetRemovesTheTenantsSecretsButNotOnesAnotherTenantNames() throws {
        let shards = try ShardTrio()
        try "shop b\nother a\n".write(toFile: shards.a.path + "/etc/" + ShardMap.tenantsFile, atomically: true, encoding: .utf8)
        let forgot = try Wasp.run(["shard", "forget", "shop", "--root", shards.a.path])
        #expect(forgot.status == 0, "\(forgot.errors)")
        #expect(!shards.exists(shards.a, "etc/secrets/shop.token") && !shards.exists(shards.a, "etc/secrets/shop.admin-token"))
        #expect(shards.exists(shards.a, "etc/secrets/agency.app-secret"), "other's tenant file names it too")
        #expect(shards.exists(shards.a, "etc/secrets/other.token"))
        #expect(!shards.exists(shards.a, "spool/shop") && !shards.exists(shards.a, "etc/tenants/shop.conf"))
        #expect(try Wasp.run(["shard", "forget", "shop", "--root", shards.a.path]).status == 0, "nothing left is no error")
    }
}
