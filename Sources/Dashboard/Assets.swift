import Foundation
import HTTP

/// The stylesheet and the one script, served from the binary: no CDN, no build step.
enum Assets {
    static func response(_ name: Substring) -> HTTPResponse? {
        let files: [Substring: (type: String, text: String)] = [
            "app.css": ("text/css; charset=utf-8", stylesheet),
            "app.js": ("text/javascript; charset=utf-8", script),
        ]
        guard let file = files[name] else { return nil }
        var response = HTTPResponse(status: 200, headers: HTTPHeaders([("Content-Type", file.type),
                                                                       ("Cache-Control", "no-cache")]),
                                    body: Data(file.text.utf8))
        response.headers.add("X-Content-Type-Options", "nosniff")
        return response
    }

    static let stylesheet = """
        :root { --pending: #f5c518; --confirmed: #2e9d4f; --cancelled: #d2362f; --delivered: #2f6fd2; --failed: #e07b00; }
        * { box-sizing: border-box; }
        body { margin: 0; font: 15px/1.45 system-ui, sans-serif; color: #1d2127; background: #f6f7f9; }
        header { display: flex; flex-wrap: wrap; gap: .8em; align-items: center; padding: .6em 1em; background: #14352a; color: #fff; }
        header .tenant { opacity: .8; }
        header nav { display: flex; gap: .3em; flex: 1; }
        header nav a { color: #fff; text-decoration: none; padding: .3em .7em; border-radius: 4px; }
        header nav a.current { background: rgba(255,255,255,.2); }
        body.offline header::after { content: "reconnecting…"; color: #f5c518; }
        main { padding: 1em; max-width: 1100px; margin: 0 auto; overflow-x: auto; }
        main.login { max-width: 22em; margin-top: 4em; background: #fff; padding: 1.5em; border-radius: 8px; }
        main.login label { display: block; margin: .8em 0; }
        main.login input { display: block; width: 100%; padding: .5em; font: inherit; }
        button { font: inherit; padding: .4em .9em; cursor: pointer; }
        .problem { color: var(--cancelled); font-weight: 600; }
        .notice { margin: 0; padding: .7em 1em; background: #fff3b0; color: #3b3000; border-bottom: 1px solid #e0c65c; }
        table { border-collapse: collapse; width: 100%; background: #fff; }
        th, td { text-align: left; padding: .45em .6em; border-bottom: 1px solid #e3e6ea; vertical-align: top; }
        tbody tr[data-id] { cursor: pointer; }
        tbody tr[data-id]:hover { background: #f0f4f2; }
        tr.changed { animation: flash 2s ease-out; }
        @keyframes flash { from { background: #fff3b0; } to { background: transparent; } }
        tr.unreadable td { color: var(--cancelled); }
        /* A tenant that asks no customer has no answers to show: no column of empty cells (unless a row has one,
           from before asking was turned off). */
        table.orders:not(.asks):not(:has(td.answer:not(:empty))) .answer { display: none; }
        .badge { display: inline-block; padding: .1em .55em; border-radius: 1em; font-size: .85em; color: #fff; }
        .badge.pending { background: var(--pending); color: #3b3000; }
        .badge.confirmed { background: var(--confirmed); }
        .badge.cancelled { background: var(--cancelled); }
        .badge.delivered { background: var(--delivered); }
        .badge.failed { background: var(--failed); }
        .badge.no-answer, .badge.skipped { background: #9aa0a6; }
        .filters a.needs-you { font-weight: 600; color: var(--cancelled); }
        .filters { display: flex; flex-wrap: wrap; gap: .4em; margin-bottom: .8em; }
        .filters a { padding: .2em .7em; border: 1px solid #c9ced6; border-radius: 1em; text-decoration: none; color: inherit; }
        .filters a.current { background: #14352a; color: #fff; }
        .pager { display: flex; gap: 1em; justify-content: center; }
        dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: .3em 1em; }
        dl.facts dt { font-weight: 600; }
        dl.facts dd { margin: 0; }
        blockquote.message { background: #dcf8c6; padding: .8em; border-radius: 8px; margin: 0; white-space: pre-wrap; }
        blockquote.message.unsent { background: #fff; border: 1px dashed #c9ced6; color: #5a616b; }
        code { word-break: break-all; }
        /* The section changes under the merchant's eyes: the browser must not scroll to keep what is below in place. */
        #whatsapp { overflow-anchor: none; }
        img.qr { width: 264px; height: 264px; image-rendering: pixelated; background: #fff; }
        .pairing-code { font: 600 2.4em/1.2 ui-monospace, monospace; letter-spacing: .12em; margin: .3em 0; }
        form.by-phone { margin-top: .8em; }
        form.by-phone input { display: block; width: 100%; max-width: 18em; padding: .45em; font: inherit; margin: .3em 0; }
        .figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(10em, 1fr)); gap: .8em; }
        .figure { background: #fff; padding: .8em; border-radius: 8px; }
        .figure span { display: block; font-size: .85em; color: #5a616b; }
        .figure strong { font-size: 1.6em; }
        svg.chart { width: 100%; height: auto; background: #fff; border-radius: 8px; }
        svg.chart text { font-size: 10px; fill: #5a616b; }
        svg.chart line { stroke: #c9ced6; }
        svg.chart rect.pending { fill: var(--pending); }
        svg.chart rect.confirmed { fill: var(--confirmed); }
        svg.chart rect.cancelled { fill: var(--cancelled); }
        svg.chart rect.delivered { fill: var(--delivered); }
        svg.chart rect.failed { fill: var(--failed); }
        svg.chart rect.skipped { fill: #9aa0a6; }
        svg.chart rect.no-answer { fill: #9aa0a6; }
        /* URLs wrap at their <wbr> after each "/"; only a part too long for the line breaks inside. */
        table.webhooks code { word-break: normal; overflow-wrap: anywhere; }
        table.webhooks td:first-child { white-space: nowrap; }
        /* A phone: each order is a card (number and status, customer and total, received and sent, the slot if
           any), webhook URLs take the whole width under their topic, and nothing scrolls sideways. */
        @media (max-width: 600px) {
          main { padding: .6em; overflow-x: visible; }
          header form { margin-left: auto; }
          table.orders thead { display: none; }
          table.orders, table.orders tbody { display: block; background: transparent; }
          table.orders tr[data-id] { display: grid; grid-template-columns: 1fr auto; gap: .1em .8em; padding: .6em .8em;
            margin-bottom: .5em; background: #fff; border-radius: 8px;
            grid-template-areas: "order status" "customer total" "received sent" "slot slot" "answer answer"; }
          table.orders td { display: block; padding: 0; border: 0; }
          table.orders td.order { grid-area: order; font-weight: 600; }
          table.orders td.status { grid-area: status; text-align: right; }
          table.orders td.customer { grid-area: customer; }
          table.orders td.total { grid-area: total; text-align: right; }
          table.orders td.received { grid-area: received; color: #5a616b; font-size: .9em; }
          table.orders td.sent { grid-area: sent; text-align: right; color: #5a616b; font-size: .9em; }
          table.orders td.slot { grid-area: slot; font-size: .9em; }
          table.orders td.answer { grid-area: answer; font-size: .9em; }
          table.orders td.slot:empty, table.orders td.answer:empty { display: none; }
          table.orders td.received::before { content: "Received "; }
          table.orders td.sent::before { content: "Sent "; }
          table.orders tr.unreadable, table.orders tr.empty { display: block; padding: .6em .8em; background: #fff; }
          table.webhooks, table.webhooks tbody, table.webhooks tr, table.webhooks td { display: block; }
          table.webhooks tr { padding: .5em .8em; border-bottom: 1px solid #e3e6ea; }
          table.webhooks td { padding: .1em 0; border: 0; }
          table.facts, dl.facts { grid-template-columns: 1fr; }
          dl.facts dd { margin-bottom: .4em; }
          /* The chart is drawn 640 units wide and shrinks to the screen: its labels grow to stay readable. */
          svg.chart text { font-size: 20px; }
        }
        """

    /// Live updates: rows and the WhatsApp section arrive over Server-Sent Events as HTML the server rendered
    /// and escaped; after a reconnect (a dashboard restart) the page's content is fetched again.
    static let script = """
        "use strict";
        (() => {
          document.addEventListener("click", event => {
            const row = event.target.closest("tr[data-id]");
            if (row && !event.target.closest("a")) row.querySelector("a")?.click();
            const button = event.target.closest("button.copy");
            if (!button) return;
            navigator.clipboard.writeText(button.dataset.copy).then(() => {
              button.textContent = "Copied";
              setTimeout(() => { button.textContent = "Copy"; }, 1500);
            });
          });

          const fragment = html => {
            const template = document.createElement("template");
            template.innerHTML = html;
            return template.content.firstElementChild;
          };

          function showOrder(order) {
            const table = document.querySelector("table.orders");
            if (!table) return;
            const body = table.tBodies[0];
            const existing = body.querySelector(`tr[data-id="${order.id}"]`);
            const fits = order.row && (!table.dataset.status || table.dataset.status === order.status)
              && (!table.dataset.answer || table.dataset.answer === order.answer)
              && (!table.dataset.progress || table.dataset.progress === order.progress)
              && (!table.dataset.needsYou || order.needs_you === true);
            if (!fits) {
              if (existing) { existing.remove(); recount(-1); }
              return;
            }
            const row = fragment(order.row);
            if (existing) existing.replaceWith(row);
            else if (table.dataset.page === "1") {
              body.querySelector("tr.empty")?.remove();
              body.prepend(row);
              recount(1);
            } else return;
            row.classList.add("changed");
            setTimeout(() => row.classList.remove("changed"), 2000);
          }

          // The pager's "page 1 of 1, 3 orders" follows the rows that arrive and leave without a reload.
          function recount(change) {
            const pager = document.querySelector("p.pager");
            const count = pager?.querySelector(".count");
            if (!count) return;
            const total = Math.max(0, Number(pager.dataset.total) + change);
            const pages = Math.max(1, Math.ceil(total / Number(pager.dataset.pageSize)));
            pager.dataset.total = total;
            count.textContent = `page ${pager.dataset.page} of ${pages}, ${total} order${total === 1 ? "" : "s"}`;
          }

          // Two events close together start two fetches; only the newest may draw, or an older answer arriving
          // last (or replacing a section a newer answer had already replaced) would leave a stale state shown.
          let whatsAppAsked = 0;
          async function showWhatsApp() {
            if (!document.getElementById("whatsapp")) return;
            const asked = ++whatsAppAsked;
            const response = await fetch("/whatsapp/section", {cache: "no-store"});
            const html = response.ok ? await response.text() : null;
            if (html === null || asked !== whatsAppAsked) return;
            const code = "#whatsapp img.qr, #whatsapp .pairing-code";
            const hadCode = !!document.querySelector(code);
            document.getElementById("whatsapp")?.replaceWith(fragment(html));
            // The code the merchant asked for goes where they can scan it; a new code replacing one on screen
            // (the QR changes every 20 s) leaves the page where the merchant has scrolled.
            if (!hadCode) document.querySelector(code)?.scrollIntoView({block: "center"});
          }

          async function reloadContent() {
            const response = await fetch(location.href, {cache: "no-store"});
            if (!response.ok) return;
            const page = new DOMParser().parseFromString(await response.text(), "text/html");
            const fresh = page.querySelector("main");
            if (fresh) document.querySelector("main").replaceWith(document.adoptNode(fresh));
          }

          let lost = false;
          const events = new EventSource("/events");
          events.addEventListener("order", event => showOrder(JSON.parse(event.data)));
          events.addEventListener("whatsapp", showWhatsApp);
          events.addEventListener("open", () => {
            document.body.classList.remove("offline");
            document.body.dataset.live = "yes";
            if (lost) reloadContent();
            lost = false;
          });
          events.addEventListener("error", () => {
            lost = true;
            document.body.classList.add("offline");
            document.body.dataset.live = "no";
          });
        })();
        """
}
