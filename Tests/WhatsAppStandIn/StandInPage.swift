import JSON

/// The stand-in's one page. Its markup copies what wasp's selectors look for on the real WhatsApp Web of the
/// chosen edition (`data-icon` status icons, the QR canvas, the chat list, the compose box, the dialogs), so the
/// shipped `etc/whatsapp-web.selectors` drives both.
enum StandInPage {
    /// The invalid-number popup's words in the languages the stand-in speaks (research §6.5).
    static let invalidNumberTexts: [String: String] = [
        "en": "Phone number shared via url is invalid.",
        "es": "El número de teléfono compartido a través de la dirección URL no es válido.",
        "pt": "O número de telefone compartilhado por url é inválido.",
        "de": "Telefonnummer, die über die URL geteilt wurde, ist ungültig.",
        "fr": "Le numéro de téléphone partagé via une url n'est pas valide.",
        "it": "Il numero di telefono condiviso tramite URL non è valido.",
    ]

    /// What WhatsApp serves a browser it turns away: no app, only this.
    static func browserGate(minimumChrome: Int) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>WhatsApp</title></head>
        <body><div id="app"><h1>WhatsApp works with Google Chrome \(minimumChrome)+</h1>
        <p>To use WhatsApp, update Chrome or use Mozilla Firefox, Safari, Microsoft Edge or Opera.</p>
        <a href="https://www.google.com/chrome">Update Google Chrome</a></div></body></html>
        """
    }

    static func html(hang: Bool, reloadAfter: Int, edition: StandInEdition, bootDelay: Double, language: String) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>WhatsApp</title>
        <style>
        body { font-family: sans-serif; margin: 0; }
        #app { padding: 16px; }
        .message-out { margin: 4px 0; padding: 4px 8px; background: #d9fdd3; display: inline-block; }
        .message-in { margin: 4px 0; padding: 4px 8px; background: #fff; display: block; }
        [data-animate-modal-popup] { border: 1px solid #999; padding: 16px; background: #fff; }
        .backdrop { position: fixed; inset: 0; background: rgba(11, 20, 26, .6); z-index: 1000; display: flex;
                    align-items: center; justify-content: center; }
        canvas { border: 1px solid #ccc; }
        footer { margin-top: 12px; }
        [contenteditable] { border: 1px solid #999; min-height: 20px; padding: 4px; width: 400px; }
        </style></head>
        <body><div id="app">Loading…</div>
        <script type="application/json" data-sjs>{"define":[["SiteData",[],{"client_revision":\(edition.clientRevision)},317]]}</script>
        <script>
        \(hang ? "for (;;) {}" : "")
        const RELOAD_AFTER = \(reloadAfter);
        const MODERN = \(edition == .of2026);
        const BOOT_MS = \(Int(bootDelay * 1000));
        const INVALID_NUMBER = \(JSONValue.string(invalidNumberTexts[language] ?? invalidNumberTexts["en"]!).serialized);
        \(script)
        </script></body></html>
        """
    }

    private static let script = #"""
    const app = document.getElementById("app");
    const params = new URLSearchParams(location.search);
    let watching = null;
    let currentSession = null;
    const PAGE = Math.random().toString(36).slice(2);

    // WhatsApp Web opens a wa.me link clicked inside the app as a chat, without reloading the page.
    document.addEventListener("click", event => {
        const link = event.target.closest && event.target.closest('a[href^="https://wa.me/"]');
        if (!link || !currentSession) return;
        event.preventDefault();
        const target = new URL(link.href);
        openChat(currentSession, target.pathname.slice(1), target.searchParams.get("text") || "");
    });

    async function api(path, body) {
        const options = body === undefined ? {} : {method: "POST", body: JSON.stringify(body)};
        const response = await fetch(path, options);
        return response.json();
    }

    function element(tag, attributes, ...children) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) node.setAttribute(name, value);
        for (const child of children) node.append(child);
        return node;
    }

    // Like WhatsApp Web, the session lives in IndexedDB, which Chromium writes through at once (localStorage
    // is flushed lazily and would be lost when the browser is killed).
    function store(mode, action) {
        return new Promise((resolve, reject) => {
            const opening = indexedDB.open("wawc", 1);
            opening.onupgradeneeded = () => opening.result.createObjectStore("user");
            opening.onerror = () => reject(opening.error);
            opening.onsuccess = () => {
                const transaction = opening.result.transaction("user", mode);
                const request = action(transaction.objectStore("user"));
                transaction.oncomplete = () => resolve(request.result);
                transaction.onerror = () => reject(transaction.error);
            };
        });
    }
    const loadSession = () => store("readonly", user => user.get("session"));
    const saveSession = session => store("readwrite", user => user.put(session, "session"));
    const forgetSession = () => store("readwrite", user => user.delete("session"));

    async function start() {
        const session = await loadSession();
        const answer = session ? await api("/_api/session?id=" + encodeURIComponent(session)) : {};
        const known = answer.valid;
        if (!known) {
            await forgetSession();
            return showQR(0);
        }
        currentSession = session;
        showDialogs(session, answer);
        watchForLogout(session);
        if (location.pathname === "/send") return openChat(session, params.get("phone") || "", params.get("text") || "");
        showChatList(session);
    }

    function watchForLogout(session) {
        watching = setInterval(async () => {
            const answer = await api("/_api/session?id=" + encodeURIComponent(session));
            if (answer.hang) for (;;) {}
            showDialogs(session, answer);
            if (!answer.valid) {
                clearInterval(watching);
                currentSession = null;
                await forgetSession();
                showQR(0);
            }
        }, 500);
    }

    // The dialogs the server says this session has open: shown at once after a load, till their button closes them.
    function showDialogs(session, answer) {
        const closed = kind => () => api("/_api/dialog-closed?kind=" + kind + "&id=" + encodeURIComponent(session));
        const open = kind => document.querySelector('[data-standin-dialog="' + kind + '"]') !== null;
        if (answer.whatsNew && !open("whats-new")) {
            openDialog("whats-new", "What's new on WhatsApp Web", "Chat lists, calls and channels have moved.", "Continue", closed("whats-new"));
        }
        if (answer.notice && !open("notice")) {
            openDialog("notice", "WhatsApp Web has a fresh look", "Same chats, new design.", "OK", closed("notice"));
            api("/_api/notice-shown?id=" + encodeURIComponent(session));
        }
    }

    // A 2026 modal: role=dialog > data-animate-modal-popup > body and buttons, on a backdrop over the whole page that
    // takes every click until the primary button closes it. It lives outside #app, so it outlasts a change of screen.
    function openDialog(kind, title, body, button, onClose) {
        const ok = element("button", {type: "button", "data-testid": "popup-controls-ok"}, element("div", {}, button));
        const more = element("a", {href: "#learn-more"}, "Learn more");
        const popup = element("div", {"data-animate-modal-popup": "true"},
                              element("div", {"data-animate-modal-body": "true"}, ...(title ? [element("h1", {}, title)] : []),
                                      element("div", {}, body)),
                              element("div", {}, ...(kind === "invalid" ? [] : [more]), ok));
        const backdrop = element("div", {class: "backdrop", "data-standin-dialog": kind}, element("div", {role: "dialog"}, popup));
        ok.onclick = () => { backdrop.remove(); onClose(); };
        document.body.append(backdrop);
    }

    // The chat list, with a row per chat and WhatsApp's unread badge on those with messages not read yet.
    function showChatList(session) {
        const pane = element("div", {id: "pane-side", "aria-label": "Chat list"}, "Chats");
        app.replaceChildren(pane);
        const refresh = async () => {
            if (!pane.isConnected) return clearInterval(listing);
            const {chats} = await api("/_api/chats?session=" + encodeURIComponent(session));
            pane.replaceChildren("Chats", ...chats.map(chat => element("div", {role: "listitem"},
                element("span", {title: "+" + chat.phone}, "+" + chat.phone),
                ...(chat.unread > 0 ? [element("span", {"aria-label": chat.unread + " unread message" + (chat.unread > 1 ? "s" : "")},
                                               String(chat.unread))] : []))));
        };
        const listing = setInterval(refresh, 300);
        refresh();
    }

    async function showQR(rotations) {
        if (rotations >= RELOAD_AFTER) {
            const button = element("button", MODERN ? {} : {"aria-label": "Click to reload QR code"},
                                   element("span", {"data-icon": "refresh-large"}, "↻"));
            button.onclick = () => showQR(0);
            app.replaceChildren(element("div", {}, "Click to reload QR code"),
                                MODERN ? element("div", {"data-ref": ""}, button) : button);
            return;
        }
        const {code} = await api("/_api/qr");
        const canvas = element("canvas", {"aria-label": MODERN ? "Scan this QR code to link a device!" : "Scan me!",
                                          width: "132", height: "132"});
        const holder = element("div", {"data-ref": code}, canvas);
        // As on WhatsApp Web: a text button under the code leads to linking by phone number instead.
        const byPhone = element("div", {role: "button", tabindex: "0"}, MODERN ? "Log in with phone number" : "Link with phone number");
        let left = false;
        byPhone.onclick = () => { left = true; showPhoneNumber(); };
        app.replaceChildren(element("div", {}, "Use WhatsApp on your phone"), holder, element("div", {role: "button"}, "Help"),
                            byPhone);
        draw(canvas, code);
        const poll = setInterval(async () => {
            const status = await api("/_api/qr-status?page=" + PAGE + "&code=" + encodeURIComponent(code));
            if (left) {
                clearInterval(poll);
            } else if (status.session) {
                clearInterval(poll);
                await saveSession(status.session);
                start();
            } else if (status.rotate) {
                clearInterval(poll);
                showQR(rotations + 1);
            }
        }, 200);
    }

    // The 2026 field is a text input prefilled with the default country's prefix, in a form Enter submits.
    function showPhoneNumber() {
        const input = element("input", MODERN ? {type: "text", "data-testid": "phone-number-input", "aria-label": "Type your phone number."}
                                              : {type: "tel", "aria-label": "Type your phone number."});
        if (MODERN) input.value = "+1 ";
        const next = element("button", {type: "button"}, element("div", {}, "Next"));
        next.onclick = () => showPairingCode(input.value);
        const form = element("form", {}, input);
        form.onsubmit = event => { event.preventDefault(); showPairingCode(input.value); };
        app.replaceChildren(element("div", {}, "Enter phone number"), form, element("button", {type: "button"}, "Back"), next);
    }

    // The code the phone must enter, as WhatsApp Web shows it: eight characters in two groups, in an element
    // whose data-link-code attribute holds them; the server replaces it when it expires.
    async function showPairingCode(phone) {
        const {code, problem} = await api("/_api/pair", {page: PAGE, phone});
        if (problem) {
            app.replaceChildren(element("div", {role: "alert"}, problem));
            return;
        }
        // 2026: the attribute is the array of characters ("A,B,…"), the text two halves around a hyphen.
        const letters = [...code].map(letter => element("span", {}, letter));
        const shown = element("div", {"aria-details": "link-device-phone-number-code-screen-instructions",
                                      "data-link-code": MODERN ? [...code].join(",") : code.slice(0, 4) + "," + code.slice(4)},
                              ...(MODERN ? [...letters.slice(0, 4), element("span", {}, "-"), ...letters.slice(4)] : letters));
        app.replaceChildren(element("div", {}, "Enter code on phone"), shown);
        const poll = setInterval(async () => {
            const status = await api("/_api/pair-status?page=" + PAGE + "&code=" + encodeURIComponent(code));
            if (status.session) {
                clearInterval(poll);
                await saveSession(status.session);
                start();
            } else if (status.rotate) {
                clearInterval(poll);
                showPairingCode(phone);
            }
        }, 200);
    }

    function draw(canvas, code) {
        const context = canvas.getContext("2d");
        context.fillStyle = "#fff";
        context.fillRect(0, 0, 132, 132);
        context.fillStyle = "#000";
        for (let index = 0; index < code.length * 8; index++) {
            const bit = (code.charCodeAt(index >> 3) >> (index & 7)) & 1;
            if (bit) context.fillRect(6 + (index % 15) * 8, 6 + Math.floor(index / 15) * 8, 8, 8);
        }
    }

    async function openChat(session, phone, text) {
        const chat = await api("/_api/chat?session=" + encodeURIComponent(session) + "&phone=" + encodeURIComponent(phone));
        if (!chat.exists && MODERN) return openDialog("invalid", "", INVALID_NUMBER, "OK", () => showChatList(session));
        if (!chat.exists) {
            const ok = element("button", {}, "OK");
            ok.onclick = () => showChatList(session);
            app.replaceChildren(element("div", {"data-animate-modal-popup": "true"},
                                        element("div", {}, "Phone number shared via url is invalid."), ok));
            return;
        }
        const list = element("div", {id: "main", "aria-label": "Messages"});
        for (const message of chat.messages) list.append(message.incoming ? incoming(phone, message.text) : bubble(phone, message.text, "msg-check"));
        const footer = element("footer", {});
        const box = MODERN ? element("div", {contenteditable: "true", role: "textbox", "data-tab": "10", "data-lexical-editor": "true",
                                              "aria-placeholder": "Type a message", "aria-label": "Type a message"})
                           : element("div", {contenteditable: "true", role: "textbox", title: "Type a message"});
        box.textContent = text;
        const send = MODERN ? element("button", {"data-tab": "11", "aria-label": "Send"}, element("span", {"data-icon": "wds-ic-send-filled"}, "➤"))
                            : element("button", {"aria-label": "Send"}, element("span", {"data-icon": "send"}, "➤"));
        send.onclick = () => sendMessage(session, phone, box, list);
        // 2026: an empty box shows the voice-message button; the send button takes its place once there is text.
        const voice = element("button", {"aria-label": "Voice message"}, element("span", {"data-icon": "wds-ic-mic-filled"}, "🎤"));
        const wanted = () => !MODERN || box.innerText.trim() !== "" ? send : voice;
        footer.append(box, wanted());
        const showButton = () => { if (footer.lastChild !== wanted()) footer.lastChild.replaceWith(wanted()); };
        box.addEventListener("input", showButton);
        box.addEventListener("emptied", showButton);
        app.replaceChildren(element("header", {}, phone), list, footer);
    }

    function incoming(phone, text) {
        if (!MODERN) return element("div", {class: "message-in"}, element("span", {class: "selectable-text"}, text));
        return element("div", {"data-id": "false_" + phone + "@c.us_" + messageId(), role: "row"}, messageText(text));
    }

    function bubble(phone, text, icon) {
        const mark = element("span", {"data-icon": icon}, icon === "msg-time" ? "🕓" : "✓");
        if (!MODERN) return element("div", {class: "message-out"}, element("span", {class: "selectable-text"}, text), mark);
        return element("div", {"data-id": "true_" + phone + "@c.us_" + messageId(), role: "row"}, messageText(text), mark);
    }

    const messageId = () => "3EB0" + Math.random().toString(16).slice(2, 14).toUpperCase();
    const messageText = text => element("div", {class: "copyable-text", "data-pre-plain-text": "[12:00, 12/4/2026] +1: "},
                                        element("span", {class: "selectable-text copyable-text", dir: "ltr"}, element("span", {}, text)));

    async function sendMessage(session, phone, box, list) {
        const text = box.innerText.trim();
        if (text === "") return;
        box.textContent = "";
        box.dispatchEvent(new Event("emptied"));
        const sent = bubble(phone, text, "msg-time");
        list.append(sent);
        const answer = await api("/_api/send", {session, phone, text});
        if (answer.ok) sent.lastChild.setAttribute("data-icon", "msg-check");
    }

    // A full load of the app costs BOOT_MS, as the real one takes seconds; first the page says what browser it saw.
    // WhatsApp Web 2026 runs a service worker, which tells its own browser (`worker`) to the server the same way.
    api("/_api/client", {userAgent: navigator.userAgent, webdriver: navigator.webdriver === true,
                         brands: (navigator.userAgentData?.brands || []).map(brand => brand.brand + "/" + brand.version)})
        .finally(() => setTimeout(start, BOOT_MS));
    if (MODERN && navigator.serviceWorker) navigator.serviceWorker.register("/sw.js");
    """#

    /// The 2026 page's service worker: at each start it tells what it runs as, as the page does.
    static let serviceWorker = #"""
    fetch("/_api/worker-client", {method: "POST", body: JSON.stringify({
        userAgent: navigator.userAgent, webdriver: navigator.webdriver === true,
        brands: (navigator.userAgentData?.brands || []).map(brand => brand.brand + "/" + brand.version)})});
    """#
}
