// swift-tools-version:6.0
import PackageDescription

// The dependency direction is the architecture: wasp → daemons → Spool, HTTP, Shopify → Crypto → COpenSSL.
let package = Package(
    name: "wasp",
    products: [
        .executable(name: "wasp", targets: ["wasp"]),
        .executable(name: "wasp-stand-in", targets: ["wasp-stand-in"]),
    ],
    targets: [
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .systemLibrary(name: "CLinux"),
        .target(name: "Crypto", dependencies: ["COpenSSL"]),
        .target(name: "Spool", dependencies: ["Crypto", "CLinux", "Processes", "JSON"]),
        .target(name: "HTTP", dependencies: ["CLinux", "COpenSSL"]),
        .target(name: "JSON"),
        .target(name: "Shopify", dependencies: ["Crypto", "Spool", "JSON", "HTTP"]),
        .target(name: "Intake", dependencies: ["Spool", "HTTP", "Shopify", "JSON", "Crypto"]),
        .target(name: "Scheduler", dependencies: ["Spool", "Shopify", "JSON"]),
        .target(name: "Sender", dependencies: ["Spool", "WhatsApp", "WhatsAppCloud", "Chromium"]),
        .target(name: "Writeback", dependencies: ["Spool", "Shopify"]),
        .target(name: "Admin", dependencies: ["Spool", "Scheduler", "Chromium", "JSON"]),
        .target(name: "Processes"),
        .target(name: "Chromium", dependencies: ["JSON", "Processes", "CLinux"]),
        .target(name: "WhatsApp", dependencies: ["Chromium", "JSON", "Spool"]),
        .target(name: "WhatsAppCloud", dependencies: ["JSON", "HTTP"]),
        .target(name: "Dashboard", dependencies: ["Spool", "HTTP", "JSON", "Crypto", "Shopify", "CLinux"]),
        .target(name: "Supervisor", dependencies: ["Spool", "Processes"]),
        // The manual's pages (`wasp help`, the man pages), compiled into the binary from Topics/*.md.
        .target(name: "Help", resources: [.embedInCode("Topics")]),
        .target(name: "Doctor", dependencies: ["Spool", "Shopify", "WhatsAppCloud"]),
        .target(name: "Bench", dependencies: ["Spool", "HTTP", "JSON", "Crypto", "Shopify", "Supervisor", "Admin", "Processes", "Chromium", "WhatsApp",
                                      "PowerFSControl"]),
        .executableTarget(
            name: "wasp",
            dependencies: ["Spool", "HTTP", "JSON", "Shopify", "Intake", "Scheduler", "Admin", "Supervisor", "Bench", "Processes", "Crypto", "Sender", "Dashboard", "Writeback", "Chromium", "Help", "Doctor"]
        ),
        .target(name: "WhatsAppStandIn", dependencies: ["HTTP", "JSON"], path: "Tests/WhatsAppStandIn"),
        .target(name: "CloudStandIn", dependencies: ["HTTP", "JSON"], path: "Tests/CloudStandIn"),
        // Both stand-ins as a program of their own, for `make demo` and the benches, which start it as a process:
        // test code, never linked into `wasp` (WaspProductTests checks the binary).
        .executableTarget(name: "wasp-stand-in", dependencies: ["WhatsAppStandIn", "CloudStandIn"], path: "Tests/StandInServer",
                          exclude: ["demo.sh"]),
        .target(name: "ShopifyStandIn", dependencies: ["HTTP", "JSON"], path: "Tests/ShopifyStandIn"),
        // The parsers fuzzed by `make fuzz` (libFuzzer) and replayed by FuzzTests; test code, never linked into `wasp`.
        .target(name: "FuzzTargets", dependencies: ["HTTP", "JSON", "Shopify", "Spool", "WhatsApp"], path: "Tests/Fuzz/Targets"),
        .executableTarget(name: "wasp-fuzz", dependencies: ["FuzzTargets"], path: "Tests/Fuzz/Driver"),
        // The power-loss file system (issue 22): a FUSE program for tests, started as its own process; libfuse3
        // reaches only this program and never `wasp`.
        .systemLibrary(name: "CFuse", path: "Tests/CFuse", pkgConfig: "fuse3", providers: [.apt(["libfuse3-dev"])]),
        .executableTarget(name: "wasp-powerfs", dependencies: ["CFuse"], path: "Tests/PowerFS"),
        // Its remote control (mount, cut, restore, the detector's count), shared by its tests and `wasp bench powerloss`:
        // a client of that process, so it lives in Sources/ while the file system stays under Tests/.
        .target(name: "PowerFSControl", dependencies: ["Supervisor"]),
        .target(name: "TestSupport", dependencies: ["HTTP", "Shopify", "Spool", "Supervisor", "PowerFSControl"], path: "Tests/TestSupport"),
        .testTarget(name: "CryptoTests", dependencies: ["Crypto"]),
        .testTarget(name: "HelpTests", dependencies: ["Help", "Processes", "TestSupport"]),
        .testTarget(name: "FuzzTests", dependencies: ["FuzzTargets", "TestSupport"]),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "TestSupport"]),
        .testTarget(name: "SpoolTests", dependencies: ["Spool", "PowerFSControl", "TestSupport"]),
        .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
        .testTarget(name: "ShopifyTests", dependencies: ["Shopify", "Spool", "JSON", "TestSupport"], exclude: ["validate-graphql.py"]),
        .testTarget(name: "IntakeTests", dependencies: ["Spool", "PowerFSControl", "Shopify", "JSON", "HTTP", "ShopifyStandIn", "TestSupport"]),
        .testTarget(name: "AdminTests", dependencies: ["Admin", "Spool", "TestSupport"]),
        .testTarget(name: "ChromiumTests", dependencies: ["Chromium", "HTTP", "Processes", "TestSupport"]),
        .testTarget(name: "WhatsAppTests", dependencies: ["WhatsApp", "Chromium", "WhatsAppStandIn", "TestSupport"]),
        .testTarget(name: "SenderTests", dependencies: ["Sender", "PowerFSControl", "Shopify", "HTTP", "Spool", "Supervisor", "Chromium", "WhatsApp", "WhatsAppStandIn", "CloudStandIn", "ShopifyStandIn", "TestSupport"]),
        .testTarget(name: "DashboardTests", dependencies: ["Dashboard", "HTTP", "JSON", "Spool", "Crypto", "Chromium", "TestSupport"],
                    exclude: ["Screenshots"]),
        .testTarget(name: "WritebackTests", dependencies: ["Shopify", "Spool", "HTTP", "Crypto", "ShopifyStandIn", "TestSupport"]),
        .testTarget(name: "SupervisorTests", dependencies: ["Supervisor", "Bench", "Processes", "HTTP", "Crypto", "Spool", "Shopify", "CloudStandIn", "ShopifyStandIn", "PowerFSControl", "TestSupport"]),
        .testTarget(name: "PowerFSTests", dependencies: ["PowerFSControl", "TestSupport", "CLinux"]),
        .testTarget(name: "DoctorTests", dependencies: ["Shopify", "Spool", "ShopifyStandIn", "CloudStandIn", "TestSupport"]),
        .testTarget(name: "SchedulerTests", dependencies: ["Scheduler", "Spool", "Shopify", "JSON", "HTTP", "Crypto", "TestSupport"]),
    ]
)
