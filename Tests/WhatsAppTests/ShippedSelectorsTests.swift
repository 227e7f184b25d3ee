import Foundation
import Testing
import Spool
import TestSupport
@testable import WhatsApp

@Suite struct ShippedSelectorsTests {
    @Test func theBuiltInSelectorsAreTheShippedFile() throws {
        let file = try String(contentsOfFile: Paths.package + "/etc/whatsapp-web.selectors", encoding: .utf8)
        #expect(WhatsAppSelectors.shipped + "\n" == file, "edit both, or regenerate the built-in copy from the file")
    }

    @Test func aRootWithoutTheFileGetsTheBuiltInSelectorsAndAFileOverridesThem() throws {
        let root = try TemporaryRoot()
        #expect(try WhatsAppSelectors.load(etc: root.path + "/etc").chatList == ["#pane-side", "div[aria-label=\"Chat list\"]"])
        try (WhatsAppSelectors.shipped.replacingOccurrences(of: "chat_list = #pane-side\n", with: "")
             .replacingOccurrences(of: "div[aria-label=\"Chat list\"]", with: "div.mine"))
            .write(toFile: WhatsAppSelectors.path(etc: root.path + "/etc"), atomically: true, encoding: .utf8)
        #expect(try WhatsAppSelectors.load(etc: root.path + "/etc").chatList == ["div.mine"])
    }

    @Test func theInvalidNumberWordsArePatternsInSeveralLanguagesAndABrokenOneIsRefusedAtLoad() throws {
        let root = try TemporaryRoot()
        let patterns = try WhatsAppSelectors.load(etc: root.path + "/etc").invalidNumberText
        let words = ["Phone number shared via url is invalid.", "The phone number shared via the URL is invalid.",
                     "El número de teléfono compartido a través de la dirección URL no es válido.",
                     "O número de telefone compartilhado por url é inválido.",
                     "Telefonnummer, die über die URL geteilt wurde, ist ungültig"]
        for text in words {
            #expect(patterns.contains { text.range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil }, "\(text)")
        }
        #expect(!patterns.contains { "What's new on WhatsApp Web Continue".range(of: $0, options: [.regularExpression, .caseInsensitive]) != nil })
        try (WhatsAppSelectors.shipped + "\ninvalid_number_text = (unclosed\n")
            .write(toFile: WhatsAppSelectors.path(etc: root.path + "/etc"), atomically: true, encoding: .utf8)
        #expect(throws: ConfigError.self) { try WhatsAppSelectors.load(etc: root.path + "/etc") }
    }
}
