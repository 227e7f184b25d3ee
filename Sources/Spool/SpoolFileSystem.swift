import CLinux

/// What the spool's file system can promise. "200 means on disk" rests on `fsync` of a directory making its
/// entries durable, on `link()` and on rename being atomic: a network file system gives none of these for sure.
public enum SpoolFileSystem {
    /// `statfs` magic numbers of the network file systems the durability contract does not hold on.
    private static let networked: [Int: String] = [
        0x6969: "NFS", 0xFF53_4D42: "CIFS", 0xFE53_4D42: "SMB2", 0x0102_1997: "9p", 0x00C3_6400: "Ceph",
        0x5346_414F: "AFS", 0x0BD0_0BD0: "Lustre",
    ]

    /// The network file system `path` is on, or nil for a local one (or one that cannot be looked at).
    public static func networkKind(of path: String) -> String? {
        networked[Int(UInt32(truncatingIfNeeded: wasp_file_system_type(path)))]
    }
}
