import Spool

extension WhatsAppSelectors {
    /// `etc/whatsapp-web.selectors` as shipped, built in, so a root without that file still links and sends;
    /// a test keeps the two the same.
    public static let shipped = """
        # Where wasp finds things on WhatsApp Web: `element = CSS selector`. When WhatsApp changes its page, fix this file
        # (no release needed; the sender reads it when it starts a browser). Repeat an element to give fallbacks: they are
        # tried in order and the first that matches a visible element wins. Language-free hooks (ids, data-* attributes)
        # come first, English words after (the browser asks for English pages). After an unexpected page the sender saves
        # spool/<tenant>/whatsapp/last-failure.png and .html: open them to find the new selector. Lines marked "2025" match
        # the page of 2025 only and are kept as harmless fallbacks.

        # The QR code to scan from the phone (Linked devices → Link a device).
        qr_code = div[data-ref] canvas
        qr_code = canvas[aria-label="Scan this QR code to link a device!"]
        # The button WhatsApp shows when it stops rotating the QR code.
        qr_reload = div[data-ref] button
        qr_reload = span[data-icon="refresh-large"]
        # Present only once the phone has linked this browser.
        chat_list = #pane-side
        chat_list = div[aria-label="Chat list"]
        # The message box of an open chat, prefilled by the wa.me link or /send?phone=&text=.
        compose_box = footer div[contenteditable="true"][data-tab="10"]
        compose_box = footer div[contenteditable="true"][role="textbox"]
        compose_box = div[contenteditable="true"][data-lexical-editor="true"]
        compose_box = [data-testid="conversation-compose-box-input"]
        # Present only once the box holds text (an empty box shows the voice-message button instead).
        send_button = footer button[data-tab="11"]
        send_button = button[data-testid="compose-btn-send"]
        send_button = footer button[aria-label^="Send"]
        send_button = span[data-icon="wds-ic-send-filled"]
        # 2025
        send_button = span[data-icon="send"]
        # Any dialog (every modal of WhatsApp Web uses these). One whose text matches an invalid_number_text pattern is the
        # popup for a number not on WhatsApp; any other is closed by its primary button: the first dialog_button whose
        # text matches a dialog_button_text pattern ("Continue", "OK", …), else the first dialog_button.
        invalid_number = div[role="dialog"]
        invalid_number = div[data-animate-modal-popup="true"]
        # Patterns (case-insensitive regular expressions), one a line, in the languages WhatsApp may show.
        invalid_number_text = shared via (the )?url is (invalid|not valid)
        invalid_number_text = compartido a trav[ée]s de (la direcci[óo]n )?url (no es v[áa]lido|es inv[áa]lido)
        invalid_number_text = compartilhado (por|via) url [ée] inv[áa]lido
        invalid_number_text = [üu]ber die url geteilt wurde, ist ung[üu]ltig
        invalid_number_text = partag[ée] via (une |l')?url n'est pas valide
        invalid_number_text = dibagikan melalui url tidak valid
        invalid_number_text = (isn't|is not) on whatsapp
        dialog_button = [data-testid="popup-controls-ok"]
        dialog_button = div[role="dialog"] button
        dialog_button = div[data-animate-modal-popup="true"] button
        dialog_button_text = ^(continue|ok|got it|close|continuar|aceptar|weiter|continuer)$
        # The page WhatsApp serves a browser it turns away (patterns on the page's text, case-insensitive).
        browser_refused_text = works with google chrome
        browser_refused_text = browser (isn.t|is not) supported
        # Our own messages in the open chat, their text, and their status icon (scoped to the message wasp sent).
        outgoing_message = #main [data-id^="true_"]
        # 2025
        outgoing_message = div.message-out
        message_text = span.selectable-text
        message_text = span[data-testid="selectable-text"]
        status_pending = span[data-icon="msg-time"]
        status_sent = span[data-icon="msg-check"]
        status_delivered = span[data-icon="msg-dblcheck"]
        # Linking by phone number instead of the QR code: the button under the QR code (its text must contain
        # phone_link_text), the number field (prefilled with a country prefix, which wasp replaces), the button that goes on
        # (its text must contain phone_next_text), and the element that holds the eight-character code (in its
        # data-link-code attribute, "A,B,C,…", else as its text).
        phone_link = div[role="button"]
        phone_link = span[role="button"]
        phone_link_text = with phone number
        phone_input = input[data-testid="phone-number-input"]
        phone_input = input[aria-label="Type your phone number."]
        phone_input = form input[type="text"]
        phone_next = button
        phone_next = div[role="button"]
        phone_next_text = next
        pairing_code = div[data-link-code]
        pairing_code = div[aria-details="link-device-phone-number-code-screen-instructions"]
        # Reading customers' replies (confirm.ask = yes): a chat's row in the chat list, the title naming it (the
        # customer's number for someone not in the phone's contacts), the unread badge on it, and a message the customer
        # wrote in the open chat (its text by message_text).
        chat_row = #pane-side div[role="listitem"]
        chat_row = #pane-side div[role="row"]
        chat_title = span[title]
        unread_badge = [data-testid="icon-unread-count"]
        unread_badge = span[aria-label*="unread message"]
        incoming_message = #main [data-id^="false_"]
        # 2025
        incoming_message = div.message-in
        """

    static let shippedName = "(built-in selectors, as shipped in etc/whatsapp-web.selectors)"
}
