// swift-tools-version:6.1
import PackageDescription

/// Triscale: train one image classifier and deploy it to cloud, edge and
/// microcontroller tiers. Modules are layered; imports point one way only:
/// Core ← Graph ← Engine ← Train ← Optimize ← Pipeline ← CLI, with Data under Engine (the
/// evaluator reads datasets), Artifact (model + card) on Engine under Pipeline and Serve (the
/// registry, the HTTP server on Hummingbird, metrics on swift-prometheus, drift monitoring;
/// GRDB's SQLite), which never reaches Train, the int8 runtime (TriscaleInt8, over the C kernels
/// CTriscaleKernels) under Engine without oneDNN, and Deploy (the exporters and the C code
/// generator, the device profiles) on Core, Graph and Int8's prepared operations and Yams (the
/// profiles' YAML), with the C99 reference kernels and the built-in device profiles embedded in
/// it by the EmbedReferenceKernels plugin. Data decodes PNG and JPEG through the
/// system libpng and libjpeg-turbo (CPNG, CJPEG); Optimize's architecture search asks Deploy
/// for real RAM and flash figures and draws its Pareto plot with Analysis; TriscaleTestSupport
/// writes test datasets and
/// models. Each module's README.md says
/// what it owns and must not import; Tests/TriscaleLayeringTests checks it.
let package = Package(
  name: "Triscale",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "triscale", targets: ["TriscaleCLI"]),
    .library(name: "TriscaleCore", targets: ["TriscaleCore"]),
    .library(name: "TriscaleGraph", targets: ["TriscaleGraph"]),
    .library(name: "TriscaleEngine", targets: ["TriscaleEngine"]),
    .library(name: "TriscaleInt8", targets: ["TriscaleInt8"]),
    .library(name: "TriscaleData", targets: ["TriscaleData"]),
    .library(name: "TriscaleTrain", targets: ["TriscaleTrain"]),
    .library(name: "TriscaleOptimize", targets: ["TriscaleOptimize"]),
    .library(name: "TriscaleAnalysis", targets: ["TriscaleAnalysis"]),
    .library(name: "TriscaleDeploy", targets: ["TriscaleDeploy"]),
    .library(name: "TriscaleArtifact", targets: ["TriscaleArtifact"]),
    .library(name: "TriscalePipeline", targets: ["TriscalePipeline"]),
    .library(name: "TriscaleServe", targets: ["TriscaleServe"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
  ],
  targets: [
    .systemLibrary(name: "CDNNL", path: "Sources/CDNNL", providers: [.apt(["libdnnl-dev"])]),
    .systemLibrary(
      name: "CMPI", path: "Sources/CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]
    ),
    .systemLibrary(
      name: "CPNG", path: "Sources/CPNG", pkgConfig: "libpng",
      providers: [.apt(["libpng-dev"]), .brew(["libpng"])]),
    .systemLibrary(
      name: "CJPEG", path: "Sources/CJPEG", pkgConfig: "libjpeg",
      providers: [.apt(["libjpeg62-turbo-dev"]), .brew(["jpeg-turbo"])]),
    .target(
      name: "CTriscaleKernels", exclude: ["README.md", "cortexm"],
      cSettings: [.unsafeFlags(["-O3"])]),
    .target(name: "TriscaleCore", exclude: ["README.md"]),
    .target(name: "TriscaleGraph", dependencies: ["TriscaleCore"], exclude: ["README.md"]),
    .target(
      name: "TriscaleInt8", dependencies: ["TriscaleCore", "TriscaleGraph", "CTriscaleKernels"],
      exclude: ["README.md"]),
    .target(
      name: "TriscaleEngine",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleInt8", "TriscaleData", "CDNNL"],
      exclude: ["README.md"]),
    .target(
      name: "TriscaleData", dependencies: ["TriscaleCore", "CPNG", "CJPEG"], exclude: ["README.md"]),
    .target(
      name: "TriscaleTrain",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleData", "CMPI"],
      exclude: ["README.md"]),
    .target(
      name: "TriscaleOptimize",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleInt8", "TriscaleData",
        "TriscaleTrain", "TriscaleDeploy", "TriscaleAnalysis",
      ], exclude: ["README.md"]),
    .target(name: "TriscaleAnalysis", dependencies: ["TriscaleCore"], exclude: ["README.md"]),
    .executableTarget(name: "KernelSourceEmbedder"),
    .plugin(
      name: "EmbedReferenceKernels", capability: .buildTool(),
      dependencies: ["KernelSourceEmbedder"]),
    .target(
      name: "TriscaleDeploy",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleInt8", "CTriscaleKernels",
        .product(name: "Yams", package: "Yams"),
      ],
      exclude: ["README.md", "Devices/Profiles"], plugins: ["EmbedReferenceKernels"]),
    .target(
      name: "TriscaleArtifact",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleInt8", "TriscaleEngine", "TriscaleData",
        .product(name: "Crypto", package: "swift-crypto"),
      ], exclude: ["README.md"]),
    .target(
      name: "TriscalePipeline",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleInt8", "TriscaleEngine", "TriscaleData",
        "TriscaleArtifact", "TriscaleTrain", "TriscaleOptimize", "TriscaleAnalysis",
        "TriscaleDeploy",
        .product(name: "Yams", package: "Yams"),
      ], exclude: ["README.md"]),
    .target(
      name: "TriscaleServe",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleInt8", "TriscaleEngine", "TriscaleData",
        "TriscaleArtifact", "TriscaleAnalysis",
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Hummingbird", package: "hummingbird"),
        .product(name: "Prometheus", package: "swift-prometheus"),
        .product(name: "Logging", package: "swift-log"),
        .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
      ], exclude: ["README.md"]),
    .executableTarget(
      name: "TriscaleCLI",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleInt8", "TriscaleData",
        "TriscaleTrain", "TriscaleOptimize", "TriscaleAnalysis", "TriscaleDeploy",
        "TriscaleArtifact", "TriscalePipeline", "TriscaleServe",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ], exclude: ["README.md"]),
    .target(
      name: "TriscaleTestSupport",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleAnalysis", "CPNG", "CJPEG"],
      path: "Tests/TriscaleTestSupport"),
    .testTarget(name: "TriscaleCoreTests", dependencies: ["TriscaleCore"]),
    .testTarget(
      name: "TriscaleGraphTests", dependencies: ["TriscaleGraph", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleInt8Tests",
      dependencies: [
        "TriscaleInt8", "TriscaleGraph", "TriscaleCore", "CTriscaleKernels", "TriscaleTestSupport",
      ]),
    .testTarget(
      name: "TriscaleEngineTests",
      dependencies: ["TriscaleEngine", "TriscaleGraph", "TriscaleData", "TriscaleTestSupport"]),
    .testTarget(name: "TriscaleDataTests", dependencies: ["TriscaleData", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleTrainTests", dependencies: ["TriscaleTrain", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleOptimizeTests",
      dependencies: [
        "TriscaleOptimize", "TriscaleEngine", "TriscaleInt8", "TriscaleGraph", "TriscaleData",
        "TriscaleDeploy", "TriscaleCore",
      ]),
    .testTarget(
      name: "TriscaleAnalysisTests", dependencies: ["TriscaleAnalysis", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleCLITests",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleTestSupport"]),
    .testTarget(name: "TriscaleLayeringTests"),
    .testTarget(
      name: "TriscaleServeTests",
      dependencies: [
        "TriscaleServe", "TriscaleArtifact", "TriscaleCore", "TriscaleGraph", "TriscaleData",
        "TriscaleEngine", .product(name: "Logging", package: "swift-log"),
      ]),
    .testTarget(
      name: "TriscalePipelineTests",
      dependencies: [
        "TriscalePipeline", "TriscaleArtifact", "TriscaleCore", "TriscaleGraph", "TriscaleData",
        "TriscaleAnalysis", "TriscaleDeploy", "TriscaleTestSupport",
      ]),
    .testTarget(
      name: "TriscaleDeployTests",
      dependencies: [
        "TriscaleDeploy", "TriscaleCore", "TriscaleGraph", "TriscaleOptimize", "TriscaleEngine",
        "TriscaleInt8", "TriscaleData", "TriscaleTestSupport",
      ]),
  ]
)
