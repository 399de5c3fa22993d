import CMPCore

/// One 802.1Q / 802.1ad tag for `LinkLayer.ethernet`.
public struct VLANTag: Sendable, Hashable {
    /// 0x8100 (802.1Q), 0x88A8 (802.1ad S-tag), 0x9100 (pre-standard QinQ).
    public var tpid: UInt16
    public var vlanID: UInt16

    public init(tpid: UInt16 = 0x8100, vlanID: UInt16) {
        self.tpid = tpid
        self.vlanID = vlanID
    }
}
