import Foundation
import Spool
import WhatsAppCloud

extension Doctor {
    /// The Cloud API template's review status and category, as Meta's Graph API shows them now: Meta may move an
    /// approved utility template to marketing, which changes what each confirmation costs.
    func cloudFindings() -> [Finding] {
        let name = "cloud template"
        guard let cloud = tenantConfig.cloud else { return [] }
        guard let account = cloud.businessAccountID else {
            return [Finding(name, .skip, "set cloud.business_account_id (WhatsApp Manager → Account tools → the account's id) "
                            + "in etc/tenants/\(tenant).conf so wasp can ask Meta about template \(cloud.template)")]
        }
        let token: String
        switch SecretFile.read(cloud.tokenFile) {
        case .failure(let problem): return [Finding(name, .fail, problem.description)]
        case .success(let text): token = text
        }
        let client = CloudClient(apiURL: config.cloudAPIURL, timeout: config.cloudTimeout)
        let template = "\(cloud.template) (\(cloud.language))"
        switch client.template(cloud.template, language: cloud.language, businessAccountID: account, token: token) {
        case .failure(let problem):
            return [Finding(name, .fail, "cannot ask Meta about \(template): \(problem); check cloud.token_file and cloud.business_account_id")]
        case .success(nil):
            return [Finding(name, .fail, "Meta has no template \(template) on account \(account): create it in WhatsApp Manager, "
                            + "or fix cloud.template and cloud.language")]
        case .success(let standing?) where standing.status != "APPROVED":
            return [Finding(name, .fail, "Meta shows \(template) as \(standing.status): messages go only with an approved "
                            + "template; see WhatsApp Manager → Message templates")]
        case .success(let standing?) where standing.category != "UTILITY":
            return [Finding(name, .fail, "Meta has categorised \(template) as \(standing.category), not UTILITY: each "
                            + "confirmation is charged at that category's rate; make the text a plain order confirmation "
                            + "and submit it as a new utility template, or appeal in WhatsApp Manager")]
        case .success:
            return [Finding(name, .ok, "\(template) is approved as a utility template")]
        }
    }
}
