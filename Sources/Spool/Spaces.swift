extension StringProtocol {
    /// Without spaces (Unicode's space separators and tab) at either end, as Foundation's `.whitespaces` trims,
    /// but without a trip through NSString: the intake trims several fields of every order.
    public var trimmingSpaces: String {
        let isSpace = { (scalar: Unicode.Scalar) in scalar == "\t" || scalar.properties.generalCategory == .spaceSeparator }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex { !isSpace($0) }!
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
