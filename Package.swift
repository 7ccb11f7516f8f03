// swift-tools-version: 6.0
import PackageDescription

// Release builds of the engine are compute bound: drop bounds checks inside MASKit's hot loops and optimise
// the whole module at once. Every count, size and constant a file gives is validated where it is read
// (Hyperparameters, ScheduleLimits, FileContents), before it can reach unchecked arithmetic. Measured
// 2026-12-03 (mastui bench, 2 threads, back to back): with checks (-O) Gemma 3 270M prefill is ~10 % slower
// (456/429 vs 529/471 tok/s), decode and SmolLM2 unchanged; the parsers could move to a checked module.
let engineSettings: [SwiftSetting] = [
    .unsafeFlags(["-Ounchecked", "-wmo"], .when(configuration: .release)),
]

let package = Package(
    name: "mastui",
    products: [
        .executable(name: "mastui", targets: ["MASTUI"]),
        .library(name: "MASKit", targets: ["MASKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CNcurses", pkgConfig: "ncursesw",
            providers: [.apt(["libncursesw5-dev"])]),
        .systemLibrary(
            name: "COpenBLAS", pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev"])]),
        .systemLibrary(
            name: "CCurl", pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]),
        // Integer dot-product kernels in C: AVX2 per function, selected at run time.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O3", "-ffp-contract=off"])]),
        .target(
            name: "MASKit",
            dependencies: ["COpenBLAS", "CCurl", "CKernels", .product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: engineSettings),
        .executableTarget(
            name: "MASTUI",
            dependencies: [
                "MASKit", "CNcurses",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .testTarget(name: "MASKitTests", dependencies: ["MASKit", "COpenBLAS", "CCurl"]),
        .testTarget(name: "MASTUITests", dependencies: ["MASTUI", "MASKit", "CNcurses"]),
    ],
    swiftLanguageModes: [.v6]
)
