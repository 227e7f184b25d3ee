import Spool

extension WhatsAppSelectors {
    /// `etc/whatsapp-web.selectors` as shipped, built in, so a root without that file still links and sends;
    /// a test keeps the two the same.
    public static let shipped = """
        # Where wasp finds things on WhatsApp Web: `element = CSS selector`. When WhatsApp changes its page, fix this file
        # (no release needed; the sender reads it when it starts a browser). Repeat an element to give fallbacks: they are
        # tried in order and the first that matches a visible element wins. After an unexpected page the sender saves
        # spool/<tenant>/whatsapp/last-failure.png and .html: open them to find the new selector.

        # The QR code to scan from the phone (Linked devices → Link a device).
        qr_code = canvas[aria-label="Scan this QR code to link a device!"]
        qr_code = canvas[aria-label="Scan me!"]
        qr_code = div[data-ref] canvas
        # The button WhatsApp shows when it stops rotating the QR code.
        qr_reload = button[aria-label="Click to reload QR code"]
        qr_reload = span[data-icon="refresh-large"]
        # Present only once the phone has linked this browser.
        chat_list = div[aria-label="Chat list"]
        chat_list = #pane-side
        # The message box of an open chat, prefilled by the /send?phone=&text= link.
        compose_box = footer div[contenteditable="true"][role="textbox"]
        compose_box = div[title="Type a message"]
        send_button = button[aria-label="Send"]
        send_button = span[data-icon="send"]
        # The popup for a number that has no WhatsApp; it must also contain invalid_number_text.
        invalid_number = div[data-animate-modal-popup="true"]
        invalid_number_text = phone number shared via url is invalid
        # Our own messages in the open chat, their text, and their status icon.
        outgoing_message = div.message-out
        message_text = span.selectable-text
        status_pending = span[data-icon="msg-time"]
        status_sent = span[data-icon="msg-check"]
        status_delivered = span[data-icon="msg-dblcheck"]
        # Linking by phone number instead of the QR code: the button under the QR code (its text must contain
        # phone_link_text), the number field, the button that goes on (its text must contain phone_next_text), and the
        # element that holds the eight-character code (in its data-link-code attribute, else as its text).
        phone_link = div[role="button"]
        phone_link = span[role="button"]
        phone_link_text = with phone number
        phone_input = input[aria-label="Type your phone number."]
        phone_input = input[type="tel"]
        phone_next = button
        phone_next = div[role="button"]
        phone_next_text = next
        pairing_code = div[data-link-code]
        pairing_code = div[aria-details="link-device-phone-number-code-screen-instructions"]
        # Reading customers' replies (confirm.ask = yes): a chat's row in the chat list, the title naming it (the
        # customer's number for someone not in the phone's contacts), the unread badge on it, and a message the customer
        # wrote in the open chat (its text by message_text).
        chat_row = div[role="listitem"]
        chat_row = div[role="row"]
        chat_title = span[title]
        unread_badge = span[aria-label*="unread message"]
        incoming_message = div.message-in
        """

    static let shippedName = "(built-in selectors, as shipped in etc/whatsapp-web.selectors)"
}
