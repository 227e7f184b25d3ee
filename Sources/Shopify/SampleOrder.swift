import Foundation
import Spool

/// A realistic orders/create body, shaped like Shopify's own sample order, for `wasp trigger` and the benchmarks.
public enum SampleOrder {
    /// `id` must be unique per order; `phone` is written as a customer would type it.
    public static func body(id: UInt64, number: Int, phone: String = "+1 (502) 459-2181",
                            customerName: (first: String, last: String) = ("Bob", "Norman")) -> Data {
        let now = Timestamp.string(Date())
        let items = (1...3).map { index in
            """
            {"id":\(id * 10 + UInt64(index)),"variant_id":\(49148385 + index),"title":"Sample item \(index)",\
            "quantity":\(index),"sku":"SKU-\(index)","price":"\(index * 10).00","grams":\(index * 100),\
            "requires_shipping":true,"taxable":true,"vendor":"wasp","fulfillment_status":null,\
            "price_set":{"shop_money":{"amount":"\(index * 10).00","currency_code":"USD"},\
            "presentment_money":{"amount":"\(index * 10).00","currency_code":"USD"}}}
            """
        }.joined(separator: ",")
        let address = """
        {"first_name":"\(customerName.first)","last_name":"\(customerName.last)",\
        "name":"\(customerName.first) \(customerName.last)","address1":"Chestnut Street 92","city":"Louisville",\
        "province":"Kentucky","province_code":"KY","country":"United States","country_code":"US","zip":"40202",\
        "phone":"\(phone)","latitude":45.41634,"longitude":-75.6868}
        """
        let json = """
        {"id":\(id),"admin_graphql_api_id":"gid:\\/\\/shopify\\/Order\\/\(id)","name":"#\(number)",\
        "order_number":\(number),"number":\(number - 1000),"email":"bob.norman@mail.example.com",\
        "created_at":"\(now)","updated_at":"\(now)","currency":"USD","total_price":"140.00",\
        "subtotal_price":"140.00","total_tax":"0.00","financial_status":"pending","gateway":"Cash on Delivery (COD)",\
        "payment_gateway_names":["Cash on Delivery (COD)"],"test":false,"phone":null,\
        "note_attributes":[{"name":"Delivery slot","value":"Tomorrow 10:00-12:00"}],\
        "line_items":[\(items)],"shipping_address":\(address),"billing_address":\(address),\
        "customer":{"id":\(id / 3),"email":"bob.norman@mail.example.com","first_name":"\(customerName.first)",\
        "last_name":"\(customerName.last)","phone":null}}
        """
        return Data(json.utf8)
    }
}
