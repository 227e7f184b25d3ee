import TestSupport

/// A scratch root with tenant `shop`'s spool, and the real `wasp` run on it.
struct ScratchSpool {
    let root: TemporaryRoot
    let orders: OrderFiles

    init() throws {
        root = try TemporaryRoot()
        orders = try OrderFiles(root: root, tenant: "shop")
    }

    func wasp(_ arguments: [String]) throws -> Wasp.Outcome {
        try Wasp.run(arguments + ["--root", root.path])
    }
}
