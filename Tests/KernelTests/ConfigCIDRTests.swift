import Kernel
import Testing

@Suite("IPv4 addresses, CIDRs and pod CIDR allocation")
struct ConfigCIDRTests {
    @Test("addresses parse strictly and print as dotted quads")
    func addresses() {
        #expect(IPv4Address("127.0.0.1")?.value == 0x7F00_0001)
        #expect(IPv4Address("255.255.255.255")?.value == UInt32.max)
        #expect(IPv4Address(0x7FF4_0102).description == "127.244.1.2")
        for bad in ["", "127.0.0", "127.0.0.1.1", "127.0.0.256", "127.0.0.01", "127.0.0.-1", "a.b.c.d", "127..0.1", " 127.0.0.1", "1270.0.0.1"] {
            #expect(IPv4Address(bad) == nil, "\(bad)")
        }
        #expect(IPv4Address("127.1.2.3")!.isLoopback)
        #expect(!IPv4Address("128.0.0.1")!.isLoopback)
        #expect(IPv4Address("127.0.0.1")! < IPv4Address("127.0.0.2")!)
    }

    @Test("CIDRs parse, measure and contain")
    func cidrs() throws {
        let cidr = try IPv4CIDR(parsing: "127.244.0.0/16")
        #expect(cidr.description == "127.244.0.0/16")
        #expect(cidr.size == 65536)
        #expect(cidr.last.description == "127.244.255.255")
        #expect(cidr.mask == 0xFFFF_0000)
        #expect(cidr.contains(IPv4Address("127.244.9.9")!))
        #expect(!cidr.contains(IPv4Address("127.245.0.0")!))
        #expect(cidr.contains(try IPv4CIDR(parsing: "127.244.3.0/24")))
        #expect(!cidr.contains(try IPv4CIDR(parsing: "127.0.0.0/8")))
        #expect(cidr.overlaps(try IPv4CIDR(parsing: "127.0.0.0/8")))
        #expect(!cidr.overlaps(try IPv4CIDR(parsing: "127.96.0.0/16")))
        #expect(cidr.isLoopback)
        #expect(!(try IPv4CIDR(parsing: "0.0.0.0/0")).isLoopback)
        #expect(try IPv4CIDR(parsing: "0.0.0.0/0").size == 1 << 32)
        #expect(try IPv4CIDR(parsing: "127.0.0.1/32").size == 1)
        #expect(cidr.address(at: 1)?.description == "127.244.0.1")
        #expect(cidr.address(at: 65536) == nil)
        #expect(IPv4CIDR.loopback.description == "127.0.0.0/8")
        #expect(IPv4CIDR(network: IPv4Address("127.0.0.1")!, prefixLength: 8) == nil)
    }

    @Test("CIDR parse errors say what to write")
    func cidrErrors() {
        func message(_ text: String) -> String? {
            do {
                _ = try IPv4CIDR(parsing: text)
                return nil
            } catch {
                return "\(error)"
            }
        }
        #expect(message("127.0.0.0") == #""127.0.0.0" is not a CIDR; write an address and a prefix length, like 127.244.0.0/16"#)
        #expect(message("127.0.0.0/") == #""127.0.0.0/" has prefix length ""; it must be a number from 0 to 32"#)
        #expect(message("127.0.0.0/+8") == #""127.0.0.0/+8" has prefix length "+8"; it must be a number from 0 to 32"#)
        #expect(message("127.0.0.0/8/8") == #""127.0.0.0/8/8" is not a CIDR; write an address and a prefix length, like 127.244.0.0/16"#)
        #expect(message("localhost/8") == #""localhost/8" does not start with an IPv4 address; write a CIDR like 127.244.0.0/16"#)
        #expect(message("127.0.0.1/8") == #""127.0.0.1/8" has host bits set; did you mean 127.0.0.0/8?"#)
    }

    @Test("subnets count and index in address order")
    func subnets() throws {
        let cidr = try IPv4CIDR(parsing: "127.244.0.0/22")
        #expect(cidr.subnetCount(prefixLength: 24) == 4)
        #expect(cidr.subnetCount(prefixLength: 20) == 0)
        #expect(cidr.subnet(prefixLength: 24, index: 3)?.description == "127.244.3.0/24")
        #expect(cidr.subnet(prefixLength: 24, index: 4) == nil)
        #expect(cidr.subnet(prefixLength: 23, index: 1)?.description == "127.244.2.0/23")
    }

    @Test("the allocator hands out consecutive /24s and knows its capacity")
    func allocator() throws {
        let allocator = try PodCIDRAllocator(podCIDR: IPv4CIDR(parsing: "127.244.0.0/16"))
        #expect(allocator.capacity == 256)
        #expect(allocator.cidr(forNodeAt: 0)?.description == "127.244.0.0/24")
        #expect(allocator.cidr(forNodeAt: 1)?.description == "127.244.1.0/24")
        #expect(allocator.cidr(forNodeAt: 255)?.description == "127.244.255.0/24")
        #expect(allocator.cidr(forNodeAt: 256) == nil)
        #expect(allocator.cidr(forNodeAt: -1) == nil)
        try allocator.ensureRoom(forNodes: 256)
        #expect(throws: PodCIDRAllocator.AllocationError.self) { try allocator.ensureRoom(forNodes: 257) }

        let single = try PodCIDRAllocator(podCIDR: IPv4CIDR(parsing: "127.9.9.0/24"))
        #expect(single.capacity == 1)
        #expect(single.cidr(forNodeAt: 0)?.description == "127.9.9.0/24")
        #expect(throws: PodCIDRAllocator.AllocationError.self) { try PodCIDRAllocator(podCIDR: IPv4CIDR(parsing: "127.9.9.0/25")) }
    }

    @Test("plannedNodes fails with a ConfigError when the range is too small")
    func plannedNodesTooSmall() {
        var config = ClusterConfig.defaults
        config.network.podCIDR = "127.244.0.0/24"
        #expect(throws: ConfigError.self) { try config.plannedNodes(file: "cluster.yaml") }
    }
}
