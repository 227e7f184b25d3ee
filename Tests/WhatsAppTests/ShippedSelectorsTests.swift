import Foundation
import Testing
import TestSupport
@testable import WhatsApp

@Suite struct ShippedSelectorsTests {
    @Test func theBuiltInSelectorsAreTheShippedFile() throws {
        let file = try String(contentsOfFile: Paths.package + "/etc/whatsapp-web.selectors", encoding: .utf8)
        #expect(WhatsAppSelectors.shipped + "\n" == file, "edit both, or regenerate the built-in copy from the file")
    }

    @Test func aRootWithoutTheFileGetsTheBuiltInSelectorsAndAFileOverridesThem() throws {
        let root = try TemporaryRoot()
        #expect(try WhatsAppSelectors.load(etc: root.path + "/etc").sendButton == ["button[aria-label=\"Send\"]", "span[data-icon=\"send\"]"])
        try (WhatsAppSelectors.shipped.replacingOccurrences(of: "send_button = button[aria-label=\"Send\"]\n", with: "")
             .replacingOccurrences(of: "span[data-icon=\"send\"]", with: "button.mine"))
            .write(toFile: WhatsAppSelectors.path(etc: root.path + "/etc"), atomically: true, encoding: .utf8)
        #expect(try WhatsAppSelectors.load(etc: root.path + "/etc").sendButton == ["button.mine"])
    }
}
