import Foundation

/// A `Decoder` reading one value of a `JSONTape`: what `PluginJSON.decode` runs `Decodable`
/// views through. Keys are found by walking an object's members (Kubernetes objects have few
/// per level), strings and numbers are read straight from the document's bytes, and the coding
/// path is put together only when an error needs it. Errors are the usual `DecodingError`s.
final class TapeDecoder: Decoder {
    /// The document.
    let tape: JSONTape
    /// The token of the value this decoder reads.
    let index: Int
    private let parent: TapeDecoder?
    private let key: (any CodingKey)?

    /// A decoder of the value at token `index` of `tape`, reached from `parent` through `key`.
    init(tape: JSONTape, index: Int, parent: TapeDecoder? = nil, key: (any CodingKey)? = nil) {
        self.tape = tape
        self.index = index
        self.parent = parent
        self.key = key
    }

    var codingPath: [any CodingKey] {
        var path = parent?.codingPath ?? []
        if let key { path.append(key) }
        return path
    }

    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard tape[index].kind == .object else { throw mismatch([String: Any].self, at: index, key: nil) }
        return KeyedDecodingContainer(KeyedTapeContainer<Key>(decoder: self))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard tape[index].kind == .array else { throw mismatch([Any].self, at: index, key: nil) }
        return UnkeyedTapeContainer(decoder: self)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer { SingleTapeContainer(decoder: self) }

    // MARK: Values

    /// The value at token `at` (a member or element of this decoder's value, reached by `key`,
    /// or this decoder's own value when `key` is nil) decoded as `T`.
    func value<T: Decodable>(_ type: T.Type, at index: Int, key: (any CodingKey)?) throws -> T {
        if T.self == String.self { return unsafeBitCast(try string(at: index, key: key), to: T.self) }
        if T.self == Int.self { return unsafeBitCast(try integer(Int.self, at: index, key: key), to: T.self) }
        if T.self == Bool.self { return unsafeBitCast(try bool(at: index, key: key), to: T.self) }
        if T.self == Int64.self { return unsafeBitCast(try integer(Int64.self, at: index, key: key), to: T.self) }
        if T.self == Double.self { return unsafeBitCast(try floatingPoint(Double.self, at: index, key: key), to: T.self) }
        if T.self == Int32.self { return unsafeBitCast(try integer(Int32.self, at: index, key: key), to: T.self) }
        if T.self == UInt64.self { return unsafeBitCast(try integer(UInt64.self, at: index, key: key), to: T.self) }
        if T.self == UInt32.self { return unsafeBitCast(try integer(UInt32.self, at: index, key: key), to: T.self) }
        if T.self == UInt16.self { return unsafeBitCast(try integer(UInt16.self, at: index, key: key), to: T.self) }
        if T.self == UInt8.self { return unsafeBitCast(try integer(UInt8.self, at: index, key: key), to: T.self) }
        if T.self == UInt.self { return unsafeBitCast(try integer(UInt.self, at: index, key: key), to: T.self) }
        if T.self == Int16.self { return unsafeBitCast(try integer(Int16.self, at: index, key: key), to: T.self) }
        if T.self == Int8.self { return unsafeBitCast(try integer(Int8.self, at: index, key: key), to: T.self) }
        if T.self == Float.self { return unsafeBitCast(try floatingPoint(Float.self, at: index, key: key), to: T.self) }
        if tape[index].kind == .null, !(T.self is any ExpressibleByNilLiteral.Type) {
            throw DecodingError.valueNotFound(type, context(key, "Expected \(type) value but found null instead."))
        }
        let child = key == nil ? self : TapeDecoder(tape: tape, index: index, parent: self, key: key)
        return try T(from: child)
    }

    func string(at index: Int, key: (any CodingKey)?) throws -> String {
        let kind = tape[index].kind
        guard kind == .string || kind == .escapedString else { throw mismatch(String.self, at: index, key: key) }
        do {
            return try tape.string(at: index)
        } catch {
            throw DecodingError.dataCorrupted(context(key, "Invalid string: \(error)"))
        }
    }

    func bool(at index: Int, key: (any CodingKey)?) throws -> Bool {
        switch tape[index].kind {
        case .true: true
        case .false: false
        default: throw mismatch(Bool.self, at: index, key: key)
        }
    }

    func integer<I: FixedWidthInteger>(_ type: I.Type, at index: Int, key: (any CodingKey)?) throws -> I {
        guard tape[index].kind == .number else { throw mismatch(type, at: index, key: key) }
        let fitting: I?
        if I.isSigned {
            fitting = tape.integer(at: index).flatMap { I(exactly: $0) }
        } else {
            fitting = tape.unsignedInteger(at: index).flatMap { I(exactly: $0) }
        }
        guard let fitting else {
            let text = String(decoding: tape.numberText(at: index), as: UTF8.self)
            throw DecodingError.dataCorrupted(context(key, "Number \(text) is not representable in Swift."))
        }
        return fitting
    }

    func floatingPoint<F: BinaryFloatingPoint>(_ type: F.Type, at index: Int, key: (any CodingKey)?) throws -> F {
        guard tape[index].kind == .number else { throw mismatch(type, at: index, key: key) }
        guard let value = tape.double(at: index) else {
            let text = String(decoding: tape.numberText(at: index), as: UTF8.self)
            throw DecodingError.dataCorrupted(context(key, "Number \(text) is not representable in Swift."))
        }
        return F(value)
    }

    /// A decoder for the value at `index` reached by `key` (nested containers, superDecoder).
    func child(at index: Int, key: any CodingKey) -> TapeDecoder {
        TapeDecoder(tape: tape, index: index, parent: self, key: key)
    }

    // MARK: Errors

    func context(_ key: (any CodingKey)?, _ description: String) -> DecodingError.Context {
        var path = codingPath
        if let key { path.append(key) }
        return DecodingError.Context(codingPath: path, debugDescription: description)
    }

    func mismatch(_ type: Any.Type, at index: Int, key: (any CodingKey)?) -> DecodingError {
        let kind = tape[index].kind
        if kind == .null {
            return DecodingError.valueNotFound(type, context(key, "Expected \(type) value but found null instead."))
        }
        return DecodingError.typeMismatch(type, context(key, "Expected to decode \(type) but found \(kind.description) instead."))
    }
}

/// An array element's place in a coding path.
private struct IndexKey: CodingKey {
    var intValue: Int?
    var stringValue: String { "Index \(intValue ?? 0)" }
    init(_ index: Int) { intValue = index }
    init?(stringValue: String) { nil }
    init?(intValue: Int) { self.intValue = intValue }
}

/// Where the next key lookup of a keyed container starts: just after the member found last.
private final class MemberCursor {
    var next: Int
    init(_ next: Int) { self.next = next }
}

/// The members of an object. A lookup walks the members from just after the last one found,
/// wrapping around, so reading them in document order (a dictionary's `allKeys`, or a type whose
/// properties come in the document's order) costs one comparison per key.
private struct KeyedTapeContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let decoder: TapeDecoder
    private let cursor: MemberCursor

    init(decoder: TapeDecoder) {
        self.decoder = decoder
        cursor = MemberCursor(decoder.index + 1)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }

    var allKeys: [Key] {
        let tape = decoder.tape
        var keys: [Key] = []
        var member = decoder.index + 1
        let end = Int(tape[decoder.index].end)
        while member < end {
            if let name = try? tape.string(at: member), let key = Key(stringValue: name) { keys.append(key) }
            member = tape.next(after: member + 1)
        }
        return keys
    }

    /// The token of `key`'s value, nil when the object lacks it.
    func valueIndex(_ key: Key) -> Int? {
        let tape = decoder.tape
        let name = key.stringValue
        let first = decoder.index + 1
        let end = Int(tape[decoder.index].end)
        guard first < end else { return nil }
        let start = cursor.next < end ? cursor.next : first
        var member = start
        while true {
            if tape.key(at: member, equals: name) {
                cursor.next = tape.next(after: member + 1)
                return member + 1
            }
            member = tape.next(after: member + 1)
            if member >= end { member = first }
            if member == start { return nil }
        }
    }

    private func require(_ key: Key) throws -> Int {
        guard let index = valueIndex(key) else {
            throw DecodingError.keyNotFound(key, decoder.context(nil, "No value associated with key \(key.stringValue)."))
        }
        return index
    }

    func contains(_ key: Key) -> Bool { valueIndex(key) != nil }

    func decodeNil(forKey key: Key) throws -> Bool { decoder.tape[try require(key)].kind == .null }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try decoder.value(type, at: require(key), key: key)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        guard let index = valueIndex(key), decoder.tape[index].kind != .null else { return nil }
        return try decoder.value(type, at: index, key: key)
    }

    // The primitive overloads read their type directly; the library's decodeIfPresent defaults
    // would look the key up three times.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try decoder.bool(at: require(key), key: key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try decoder.string(at: require(key), key: key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try decoder.floatingPoint(type, at: require(key), key: key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try decoder.floatingPoint(type, at: require(key), key: key) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try decoder.integer(type, at: require(key), key: key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try decoder.integer(type, at: require(key), key: key) }

    func decodeIfPresent(_ type: Bool.Type, forKey key: Key) throws -> Bool? { try present(type, key) }
    func decodeIfPresent(_ type: String.Type, forKey key: Key) throws -> String? { try present(type, key) }
    func decodeIfPresent(_ type: Double.Type, forKey key: Key) throws -> Double? { try present(type, key) }
    func decodeIfPresent(_ type: Float.Type, forKey key: Key) throws -> Float? { try present(type, key) }
    func decodeIfPresent(_ type: Int.Type, forKey key: Key) throws -> Int? { try present(type, key) }
    func decodeIfPresent(_ type: Int8.Type, forKey key: Key) throws -> Int8? { try present(type, key) }
    func decodeIfPresent(_ type: Int16.Type, forKey key: Key) throws -> Int16? { try present(type, key) }
    func decodeIfPresent(_ type: Int32.Type, forKey key: Key) throws -> Int32? { try present(type, key) }
    func decodeIfPresent(_ type: Int64.Type, forKey key: Key) throws -> Int64? { try present(type, key) }
    func decodeIfPresent(_ type: UInt.Type, forKey key: Key) throws -> UInt? { try present(type, key) }
    func decodeIfPresent(_ type: UInt8.Type, forKey key: Key) throws -> UInt8? { try present(type, key) }
    func decodeIfPresent(_ type: UInt16.Type, forKey key: Key) throws -> UInt16? { try present(type, key) }
    func decodeIfPresent(_ type: UInt32.Type, forKey key: Key) throws -> UInt32? { try present(type, key) }
    func decodeIfPresent(_ type: UInt64.Type, forKey key: Key) throws -> UInt64? { try present(type, key) }

    private func present<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T? {
        guard let index = valueIndex(key), decoder.tape[index].kind != .null else { return nil }
        return try decoder.value(type, at: index, key: key)
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try decoder.child(at: require(key), key: key).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try decoder.child(at: require(key), key: key).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        let key = Key(stringValue: "super")
        let index = key.flatMap(valueIndex)
        return index.map { decoder.child(at: $0, key: key!) } ?? decoder
    }

    func superDecoder(forKey key: Key) throws -> any Decoder { decoder.child(at: try require(key), key: key) }
}

/// The elements of an array, read in order.
private struct UnkeyedTapeContainer: UnkeyedDecodingContainer {
    let decoder: TapeDecoder
    /// The token of the current element.
    private var cursor: Int

    init(decoder: TapeDecoder) {
        self.decoder = decoder
        cursor = decoder.index + 1
        count = Int(decoder.tape[decoder.index].count)
    }

    var codingPath: [any CodingKey] { decoder.codingPath }
    let count: Int?
    var currentIndex = 0
    var isAtEnd: Bool { currentIndex >= count! }

    private mutating func element() throws -> (index: Int, key: IndexKey) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any.self, decoder.context(IndexKey(currentIndex), "Unkeyed container is at end."))
        }
        let element = (cursor, IndexKey(currentIndex))
        cursor = decoder.tape.next(after: cursor)
        currentIndex += 1
        return element
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else { throw DecodingError.valueNotFound(Any.self, decoder.context(IndexKey(currentIndex), "Unkeyed container is at end.")) }
        guard decoder.tape[cursor].kind == .null else { return false }
        _ = try element()
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T { try nextValue(type) }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try nextValue(type) }
    mutating func decode(_ type: String.Type) throws -> String { try nextValue(type) }
    mutating func decode(_ type: Double.Type) throws -> Double { try nextValue(type) }
    mutating func decode(_ type: Float.Type) throws -> Float { try nextValue(type) }
    mutating func decode(_ type: Int.Type) throws -> Int { try nextValue(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try nextValue(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try nextValue(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try nextValue(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try nextValue(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try nextValue(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try nextValue(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try nextValue(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try nextValue(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try nextValue(type) }

    /// The next element as `T` (the primitive overloads above end here too).
    private mutating func nextValue<T: Decodable>(_ type: T.Type) throws -> T {
        let (index, key) = try element()
        return try decoder.value(type, at: index, key: key)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (index, key) = try element()
        return try decoder.child(at: index, key: key).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (index, key) = try element()
        return try decoder.child(at: index, key: key).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (index, key) = try element()
        return decoder.child(at: index, key: key)
    }
}

/// The decoder's own value.
private struct SingleTapeContainer: SingleValueDecodingContainer {
    let decoder: TapeDecoder

    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.tape[decoder.index].kind == .null }

    func decode<T: Decodable>(_ type: T.Type) throws -> T { try decoder.value(type, at: decoder.index, key: nil) }

    func decode(_ type: Bool.Type) throws -> Bool { try decoder.bool(at: decoder.index, key: nil) }
    func decode(_ type: String.Type) throws -> String { try decoder.string(at: decoder.index, key: nil) }
    func decode(_ type: Double.Type) throws -> Double { try decoder.floatingPoint(type, at: decoder.index, key: nil) }
    func decode(_ type: Float.Type) throws -> Float { try decoder.floatingPoint(type, at: decoder.index, key: nil) }
    func decode(_ type: Int.Type) throws -> Int { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: Int8.Type) throws -> Int8 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: Int16.Type) throws -> Int16 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: Int32.Type) throws -> Int32 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: Int64.Type) throws -> Int64 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: UInt.Type) throws -> UInt { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try decoder.integer(type, at: decoder.index, key: nil) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try decoder.integer(type, at: decoder.index, key: nil) }
}
