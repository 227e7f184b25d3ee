import Foundation
import Spool
import Testing

@Suite struct ConfirmSettingsTests {
    private func parse(_ lines: String) throws(ConfigError) -> TenantConfig {
        try TenantConfig.parse(ConfigFile(path: "/srv/wasp/etc/tenants/5.conf", text: "shopify.secret = s\n" + lines),
                               tenant: TenantID("5")!)
    }

    @Test func askingIsOffUntilTheMerchantTurnsItOn() throws {
        let config = try parse("")
        #expect(!config.confirm.ask)
        #expect(config.template == .standard)
        #expect(config.confirm.reminder == 6 * 3600 && config.confirm.expire == 48 * 3600 && config.confirm.poll == 300)
    }

    @Test func theDefaultMessageAsksForOneOrTwoWhenAsking() throws {
        let config = try parse("confirm.ask = yes\n")
        #expect(config.confirm.ask)
        #expect(config.template.text.hasSuffix("\nReply 1 to confirm or 2 to cancel."))
        let own = try parse("confirm.ask = yes\ntemplate = Hi {customer_name}, reply YES or NO\n")
        #expect(own.template.text == "Hi {customer_name}, reply YES or NO", "the merchant's own words stay theirs")
    }

    @Test(arguments: [
        ("1", AnswerWords.Meaning.confirm), ("Yes", .confirm), ("  CONFIRM! ", .confirm), ("ok", .confirm),
        ("✅", .confirm), ("✅\u{FE0F}", .confirm), ("👍🏽", .confirm), ("Sí", .confirm), ("sim", .confirm),
        ("Oui.", .confirm), ("ja", .confirm), ("Bestätigen", .confirm), ("confermo", .confirm), ("نعم", .confirm),
        ("تأكيد", .confirm), ("हाँ", .confirm), ("جی ہاں", .confirm),
        ("2", .cancel), ("No", .cancel), ("cancel", .cancel), ("❌", .cancel), ("Cancelar", .cancel), ("não", .cancel),
        ("annuler", .cancel), ("Nein!", .cancel), ("annulla", .cancel), ("لا", .cancel), ("إلغاء", .cancel),
        ("नहीं", .cancel), ("نہیں", .cancel),
        ("Sí 👍🏽", .confirm), ("ok, ok!", .confirm), ("no no", .cancel), ("yes no", .unclear),
        ("yes please", .unclear), ("12", .unclear), ("when does it arrive?", .unclear), ("", .unclear), ("😀", .unclear),
    ])
    func aReplyMeansYesNoOrNeitherAsAWholeMessage(_ reply: String, _ meaning: AnswerWords.Meaning) {
        #expect(AnswerWords.standard.meaning(of: reply) == meaning)
    }

    @Test func theMerchantsOwnWordsReplaceTheDefaults() throws {
        let config = try parse("confirm.ask = yes\nconfirm.yes = Dale, listo\nconfirm.no = nel\n")
        #expect(config.confirm.words.meaning(of: "dale") == .confirm)
        #expect(config.confirm.words.meaning(of: "LISTO") == .confirm)
        #expect(config.confirm.words.meaning(of: "Nel") == .cancel)
        #expect(config.confirm.words.meaning(of: "1") == .unclear, "the defaults are replaced, not extended")
    }

    @Test(arguments: [
        ("confirm.ask = maybe\n", "confirm.ask"), ("confirm.expire = two days\n", "confirm.expire"),
        ("confirm.yes = ok\nconfirm.no = ok, no\n", "confirm.no"), ("confirm.yes = , ,\n", "confirm.yes"),
    ])
    func aWrongValueIsRefusedNamingItsKey(_ lines: String, _ key: String) {
        do {
            _ = try parse(lines)
            Issue.record("accepted \(lines)")
        } catch {
            #expect(error.key == key, "\(error)")
        }
    }
}
