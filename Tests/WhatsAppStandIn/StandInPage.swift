/// The stand-in's one page. Its markup copies what wasp's selectors look for on the real WhatsApp Web
/// (`data-icon` status icons, the QR canvas, the chat list, the compose box, the invalid-number popup), so the
/// shipped `etc/whatsapp-web.selectors` drives both.
enum StandInPage {
    static func html(hang: Bool, reloadAfter: Int) -> String {
        """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>WhatsApp</title>
        <style>
        body { font-family: sans-serif; margin: 0; }
        #app { padding: 16px; }
        .message-out { margin: 4px 0; padding: 4px 8px; background: #d9fdd3; display: inline-block; }
        .message-in { margin: 4px 0; padding: 4px 8px; background: #fff; display: block; }
        [data-animate-modal-popup] { border: 1px solid #999; padding: 16px; }
        canvas { border: 1px solid #ccc; }
        footer { margin-top: 12px; }
        [contenteditable] { border: 1px solid #999; min-height: 20px; padding: 4px; width: 400px; }
        </style></head>
        <body><div id="app">Loading…</div>
        <script>
        \(hang ? "for (;;) {}" : "")
        const RELOAD_AFTER = \(reloadAfter);
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
        const known = session && (await api("/_api/session?id=" + encodeURIComponent(session))).valid;
        if (!known) {
            await forgetSession();
            return showQR(0);
        }
        currentSession = session;
        watchForLogout(session);
        if (location.pathname === "/send") return openChat(session, params.get("phone") || "", params.get("text") || "");
        showChatList(session);
    }

    function watchForLogout(session) {
        watching = setInterval(async () => {
            const answer = await api("/_api/session?id=" + encodeURIComponent(session));
            if (answer.hang) for (;;) {}
            if (!answer.valid) {
                clearInterval(watching);
                currentSession = null;
                await forgetSession();
                showQR(0);
            }
        }, 500);
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
            const button = element("button", {"aria-label": "Click to reload QR code"},
                                   element("span", {"data-icon": "refresh-large"}, "↻"));
            button.onclick = () => showQR(0);
            app.replaceChildren(element("div", {}, "Click to reload QR code"), button);
            return;
        }
        const {code} = await api("/_api/qr");
        const canvas = element("canvas", {"aria-label": "Scan me!", width: "132", height: "132"});
        const holder = element("div", {"data-ref": code}, canvas);
        // As on WhatsApp Web: a text button under the code leads to linking by phone number instead.
        const byPhone = element("div", {role: "button", tabindex: "0"}, "Link with phone number");
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

    function showPhoneNumber() {
        const input = element("input", {type: "tel", "aria-label": "Type your phone number."});
        const next = element("button", {}, element("div", {}, "Next"));
        next.onclick = () => showPairingCode(input.value);
        app.replaceChildren(element("div", {}, "Enter phone number"), input, element("button", {}, "Back"), next);
    }

    // The code the phone must enter, as WhatsApp Web shows it: eight characters in two groups, in an element
    // whose data-link-code attribute holds them; the server replaces it when it expires.
    async function showPairingCode(phone) {
        const {code, problem} = await api("/_api/pair", {page: PAGE, phone});
        if (problem) {
            app.replaceChildren(element("div", {role: "alert"}, problem));
            return;
        }
        const shown = element("div", {"aria-details": "link-device-phone-number-code-screen-instructions",
                                      "data-link-code": code.slice(0, 4) + "," + code.slice(4)},
                              ...[...code].map(letter => element("span", {}, letter)));
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
        if (!chat.exists) {
            const ok = element("button", {}, "OK");
            ok.onclick = () => showChatList(session);
            app.replaceChildren(element("div", {"data-animate-modal-popup": "true"},
                                        element("div", {}, "Phone number shared via url is invalid."), ok));
            return;
        }
        const list = element("div", {id: "main", "aria-label": "Messages"});
        for (const message of chat.messages) list.append(message.incoming ? incoming(message.text) : bubble(message.text, "msg-check"));
        const box = element("div", {contenteditable: "true", role: "textbox", title: "Type a message"});
        box.textContent = text;
        const send = element("button", {"aria-label": "Send"}, element("span", {"data-icon": "send"}, "➤"));
        send.onclick = () => sendMessage(session, phone, box, list);
        app.replaceChildren(element("header", {}, phone), list, element("footer", {}, box, send));
    }

    function incoming(text) {
        return element("div", {class: "message-in"}, element("span", {class: "selectable-text"}, text));
    }

    function bubble(text, icon) {
        return element("div", {class: "message-out"}, element("span", {class: "selectable-text"}, text),
                       element("span", {"data-icon": icon}, icon === "msg-time" ? "🕓" : "✓"));
    }

    async function sendMessage(session, phone, box, list) {
        const text = box.innerText.trim();
        if (text === "") return;
        box.textContent = "";
        const sent = bubble(text, "msg-time");
        list.append(sent);
        const answer = await api("/_api/send", {session, phone, text});
        if (answer.ok) sent.lastChild.setAttribute("data-icon", "msg-check");
    }

    start();
    """#
}
