import CMPCore

/// Big- or little-endian appends onto a byte array, for building test frames and capture files.
public struct ByteWriter {
    public var bytes: [UInt8] = []
    public var bigEndian: Bool

    public init(bigEndian: Bool = true) { self.bigEndian = bigEndian }

    public mutating func u8(_ value: UInt8) { bytes.append(value) }

    public mutating func u16(_ value: UInt16) {
        if bigEndian {
            bytes.append(UInt8(value >> 8)); bytes.append(UInt8(value & 0xFF))
        } else {
            bytes.append(UInt8(value & 0xFF)); bytes.append(UInt8(value >> 8))
        }
    }

    public mutating func u32(_ value: UInt32) {
        if bigEndian {
            u16(UInt16(value >> 16)); u16(UInt16(value & 0xFFFF))
        } else {
            u16(UInt16(value & 0xFFFF)); u16(UInt16(value >> 16))
        }
    }

    public mutating func append(_ other: some Sequence<UInt8>) { bytes.append(contentsOf: other) }

    /// Zero bytes up to the next multiple of `alignment` (pcapng blocks and options are 32-bit aligned).
    public mutating func pad(to alignment: Int) {
        while bytes.count % alignment != 0 { bytes.append(0) }
    }
}

extension IPAddress {
    /// Network-order bytes: 4 for IPv4, 16 for IPv6.
    public var bytes: [UInt8] {
        var writer = ByteWriter()
        switch self {
        case .v4(let value):
            writer.u32(value)
        case .v6(let high, let low):
            writer.u32(UInt32(high >> 32)); writer.u32(UInt32(high & 0xFFFF_FFFF))
            writer.u32(UInt32(low >> 32)); writer.u32(UInt32(low & 0xFFFF_FFFF))
        }
        return writer.bytes
    }
}

extension Endpoint {
    /// `Endpoint("10.0.0.1", 80)`; traps on a bad literal, which is fine for test code only.
    public init(_ address: String, _ port: UInt16) {
        guard let parsed = IPAddress(address) else { preconditionFailure("bad test address \(address)") }
        self.init(address: parsed, port: port)
    }
}
