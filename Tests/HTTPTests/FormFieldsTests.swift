import HTTP
import Testing

@Suite struct FormFieldsTests {
    @Test func plusIsASpaceAndEscapesAreBytes() {
        let fields = FormFields.parse("email=jane%40example.com&password=a+b%2Bc%26d&empty=&flag")
        #expect(fields == ["email": "jane@example.com", "password": "a b+c&d", "empty": "", "flag": ""])
    }

    @Test func theFirstOfTwoValuesWinsAndABadEscapeDropsItsField() {
        #expect(FormFields.parse("a=1&a=2&b=%zz&c=%C3%A9") == ["a": "1", "c": "é"])
    }
}
