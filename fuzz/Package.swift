// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for Triscale's file readers, kept out of the main package.
/// Each `fuzz-*` executable defines `LLVMFuzzerTestOneInput` and is built with
/// `swift build -c release --sanitize=fuzzer --product NAME` (libFuzzer
/// supplies `main`); `scripts/fuzz.sh` builds and runs them all.
/// `fuzz-seeds` is a plain executable, built without the sanitizer, that
/// writes the seed corpora under `corpus/` with Triscale's own writers.
/// docs/fuzzing.md says what each target covers.
let fuzzTarget: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
  name: "TriscaleFuzz",
  platforms: [.macOS(.v14)],
  dependencies: [.package(name: "Triscale", path: "..")],
  targets: [
    .target(
      name: "FuzzSupport",
      dependencies: [
        .product(name: "TriscaleCore", package: "Triscale"),
        .product(name: "TriscaleGraph", package: "Triscale"),
      ]),
    .executableTarget(
      name: "fuzz-float-model",
      dependencies: ["FuzzSupport", .product(name: "TriscaleGraph", package: "Triscale")],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-int8-model",
      dependencies: [
        "FuzzSupport", .product(name: "TriscaleGraph", package: "Triscale"),
        .product(name: "TriscaleInt8", package: "Triscale"),
      ], swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-yaml",
      dependencies: [.product(name: "TriscalePipeline", package: "Triscale")],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-cifar10",
      dependencies: [.product(name: "TriscaleData", package: "Triscale")],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-idx",
      dependencies: [.product(name: "TriscaleData", package: "Triscale")],
      swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-tflite-export",
      dependencies: [
        "FuzzSupport", .product(name: "TriscaleGraph", package: "Triscale"),
        .product(name: "TriscaleDeploy", package: "Triscale"),
      ], swiftSettings: fuzzTarget),
    .executableTarget(
      name: "fuzz-seeds",
      dependencies: [
        .product(name: "TriscaleCore", package: "Triscale"),
        .product(name: "TriscaleGraph", package: "Triscale"),
        .product(name: "TriscaleData", package: "Triscale"),
        .product(name: "TriscaleOptimize", package: "Triscale"),
      ]),
  ]
)
