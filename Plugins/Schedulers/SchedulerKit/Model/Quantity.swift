import Foundation

/// A Kubernetes resource quantity ("100m", "1.5", "128Mi", "1e3", 110) reduced to an integer
/// amount: millicores for cpu (`milliValue`), whole units for everything else (`value`), both
/// rounded up as Kubernetes does.
struct Quantity: Equatable {
    /// The quantity in thousandths of a unit, rounded up.
    var milliValue: Int64
    /// The quantity in whole units, rounded up.
    var value: Int64 {
        let (whole, rest) = milliValue.quotientAndRemainder(dividingBy: 1000)
        return rest > 0 ? whole + 1 : whole
    }

    init(milliValue: Int64) {
        self.milliValue = milliValue
    }

    /// Parses Kubernetes' quantity syntax: a signed decimal number followed by a binary suffix
    /// (Ki Mi Gi Ti Pi Ei), a decimal suffix (n u m "" k M G T P E) or a decimal exponent (e3, E-2).
    /// Amounts beyond Int64 saturate.
    init?(parsing text: String) {
        var chars = Quantity.trimmingSpaces(Substring(text))
        var negative = false
        if let sign = chars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            chars = chars.dropFirst()
        }
        let number = chars.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        let suffix = chars.dropFirst(number.count)
        let parts = number.split(separator: ".", omittingEmptySubsequences: false)
        guard !number.isEmpty, parts.count <= 2, number != "." else { return nil }
        let integerDigits = parts[0]
        let fractionDigits = parts.count == 2 ? parts[1] : ""
        guard let scale = Quantity.scale(of: suffix) else { return nil }

        // value = digits × 10^(decimalExponent − fractionDigits) × 2^binaryExponent, then × 1000 for millis.
        var digits = [UInt8]((integerDigits + fractionDigits).utf8.map { $0 - 48 })
        while digits.count > 1, digits.first == 0 { digits.removeFirst() }
        let exponent10 = scale.decimal - fractionDigits.count + 3
        let magnitude = Quantity.milli(digits: digits, exponent10: exponent10, exponent2: scale.binary)
        milliValue = negative ? -magnitude : magnitude
    }

    /// Decimal and binary exponents of a suffix; nil when the suffix is not valid.
    private static func scale(of suffix: Substring) -> (decimal: Int, binary: Int)? {
        switch suffix {
        case "": return (0, 0)
        case "n": return (-9, 0)
        case "u": return (-6, 0)
        case "m": return (-3, 0)
        case "k": return (3, 0)
        case "M": return (6, 0)
        case "G": return (9, 0)
        case "T": return (12, 0)
        case "P": return (15, 0)
        case "E": return (18, 0)
        case "Ki": return (0, 10)
        case "Mi": return (0, 20)
        case "Gi": return (0, 30)
        case "Ti": return (0, 40)
        case "Pi": return (0, 50)
        case "Ei": return (0, 60)
        default:
            guard let marker = suffix.first, marker == "e" || marker == "E", let exponent = Int(suffix.dropFirst()),
                abs(exponent) < 100
            else { return nil }
            return (exponent, 0)
        }
    }

    /// digits × 2^exponent2 × 10^exponent10, rounded up to an integer and saturated at Int64.max.
    private static func milli(digits: [UInt8], exponent10: Int, exponent2: Int) -> Int64 {
        var digits = digits
        var exponent10 = exponent10
        var inexact = false
        while digits.count > 18 {
            if digits.removeLast() != 0 { inexact = true }
            exponent10 += 1
        }
        var value = digits.reduce(Int64(0)) { $0 * 10 + Int64($1) }
        if value != 0, exponent2 > 0 {
            guard exponent2 < 63, value <= (Int64.max >> exponent2) else { return .max }
            value <<= exponent2
        }
        if exponent10 >= 0 {
            for _ in 0..<exponent10 {
                let (times, overflow) = value.multipliedReportingOverflow(by: 10)
                if overflow { return .max }
                value = times
            }
            return inexact && value < .max ? value + 1 : value
        }
        if -exponent10 > 18 { return value > 0 || inexact ? 1 : 0 }
        var divisor: Int64 = 1
        for _ in 0..<(-exponent10) { divisor *= 10 }
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder > 0 || inexact ? quotient + 1 : quotient
    }
}

extension Quantity: Decodable {
    /// Decodes a quantity written as a JSON string ("500m") or number (110).
    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text: String
        if let string = try? container.decode(String.self) {
            text = string
        } else if let integer = try? container.decode(Int64.self) {
            text = String(integer)
        } else {
            text = String(try container.decode(Double.self))
        }
        guard let parsed = Quantity(parsing: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\"\(text)\" is not a quantity")
        }
        self = parsed
    }
}

extension Quantity {
    /// `text` without leading and trailing spaces and tabs (Unicode space separators included),
    /// as Foundation's `trimmingCharacters(in: .whitespaces)` gives, without its string bridge:
    /// quantities are parsed for every pod and node.
    static func trimmingSpaces(_ text: Substring) -> Substring {
        func isSpace(_ character: Character) -> Bool {
            character == " " || character == "\t"
                || (character.unicodeScalars.count == 1 && character.unicodeScalars.first!.properties.generalCategory == .spaceSeparator)
        }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return text[first...last]
    }
}
