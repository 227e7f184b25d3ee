/// Which WhatsApp Web the stand-in plays. The 2026 page is what wasp must drive today (research
/// whatsapp-web-2026.md); the 2025 one is the page the stand-in first copied, kept so the older selectors, now
/// fallbacks in `etc/whatsapp-web.selectors`, stay tested.
public enum StandInEdition: String, Sendable {
    /// Messages as `div[data-id^="true_"]`/`"false_"`, a Lexical compose box whose send button exists only once
    /// it holds text, modals in `div[role="dialog"]`, the "What's new" dialog after linking that logs the device
    /// out when left open, the invalid-number popup in the page's language, the phone field prefilled with `+1`,
    /// and the "works with Google Chrome" gate on the user agent.
    case of2026
    /// `div.message-out`/`div.message-in`, `span[data-icon="send"]`, a popup without a dialog role, English only.
    case of2025

    /// The build the page names in its bootstrap data, as WhatsApp Web's HTML carries `SiteData.client_revision`
    /// (research whatsapp-web-2026.md §3.2, §6.6): wasp records it as `2.3000.<revision>`.
    public var clientRevision: Int {
        switch self {
        case .of2026: return 1_045_818_043
        case .of2025: return 1_022_463_608
        }
    }
}
