import Foundation
import HTTP
import JSON
import Spool

extension Dashboard {
    /// The old system's admin API, for scripts: the same data as the tabs, as JSON.
    func api(_ request: HTTPRequest, tenant: TenantID) -> HTTPResponse {
        guard request.method == "GET" else { return Self.apiError(405, "only GET here") }
        let config: TenantConfig
        switch tenants.lookup(tenant) {
        case .found(let found): config = found
        case .broken(let error):
            return Self.apiError(503, "the shop's settings on the server have an error, and the operator has been told: \(error.problem)")
        case .unknownTenant: return Self.apiError(401, "tenant no longer configured")
        }
        let prefix = "/api/v1/admin/"
        guard request.path.hasPrefix(prefix) else { return Self.apiError(404, "no such route") }
        let route = request.path.dropFirst(prefix.count)
        if route.hasPrefix("orders/") {
            guard let view = order(route.dropFirst(7), tenant: tenant) else { return Self.apiError(404, "no such order") }
            return Self.json(200, view.json)
        }
        switch route {
        case "orders": return orders(request, tenant: tenant)
        case "stats": return Self.json(200, OrderStats(index.entries(tenant), timeZone: config.timeZone).json)
        case "settings": return Self.json(200, TenantSettings(config, publicURL: publicURL).json)
        case "whatsapp":
            let qr: JSONValue = qrVersion(tenant).map { .string("/whatsapp/qr.png?v=" + $0) } ?? .null
            let link = spool.linkStatus(tenant)
            return Self.json(200, ["state": .string(link.state.rawValue), "reason": link.reason.map(JSONValue.string) ?? .null, "qr": qr,
                                   "pairing_code": link.pairingCode.map(JSONValue.string) ?? .null,
                                   "link_requested": .bool(spool.exists(Spool.linkRequestFile, tenant: tenant, in: .whatsapp))])
        default: return Self.apiError(404, "no such route")
        }
    }

    private func orders(_ request: HTTPRequest, tenant: TenantID) -> HTTPResponse {
        let query = request.query
        let filter: OrderFilter
        switch OrderFilter.parse(query) {
        case .success(let parsed): filter = parsed
        case .failure(let problem): return Self.apiError(400, problem.message)
        }
        guard let number = Int(query["page"] ?? "1"), number >= 1 else { return Self.apiError(400, "page must be a whole number, 1 or more") }
        let (orders, total) = index.page(tenant, filter, number: number, size: OrdersPage.pageSize)
        let views = orders.map { OrderView.load($0.id, tenant: tenant, in: $0.state, spool: spool).json }
        return Self.json(200, ["orders": .array(views), "page": .number(String(number)), "page_size": .number(String(OrdersPage.pageSize)),
                               "total": .number(String(total)),
                               "pages": .number(String(OrdersPage.pageCount(total: total)))])
    }
}
