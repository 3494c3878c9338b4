// swift-tools-version:6.1
import PackageDescription

/// Triscale: train one image classifier and deploy it to cloud, edge and
/// microcontroller tiers. Modules are layered; imports point downwards only:
/// Core ← Graph ← Engine ← Train ← Optimize ← Deploy ← CLI, with Data beside Engine and the
/// C int8 kernels (CTriscaleKernels) under Engine. Data decodes PNG and JPEG through the
/// system libpng and libjpeg-turbo (CPNG, CJPEG); TriscaleTestSupport writes test datasets.
let package = Package(
  name: "Triscale",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "triscale", targets: ["TriscaleCLI"]),
    .library(name: "TriscaleCore", targets: ["TriscaleCore"]),
    .library(name: "TriscaleGraph", targets: ["TriscaleGraph"]),
    .library(name: "TriscaleEngine", targets: ["TriscaleEngine"]),
    .library(name: "TriscaleData", targets: ["TriscaleData"]),
    .library(name: "TriscaleTrain", targets: ["TriscaleTrain"]),
    .library(name: "TriscaleOptimize", targets: ["TriscaleOptimize"]),
    .library(name: "TriscaleAnalysis", targets: ["TriscaleAnalysis"]),
    .library(name: "TriscaleDeploy", targets: ["TriscaleDeploy"]),
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
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
    .target(name: "CTriscaleKernels", cSettings: [.unsafeFlags(["-O3"])]),
    .target(name: "TriscaleCore"),
    .target(name: "TriscaleGraph", dependencies: ["TriscaleCore"]),
    .target(
      name: "TriscaleEngine",
      dependencies: ["TriscaleCore", "TriscaleGraph", "CDNNL", "CTriscaleKernels"]),
    .target(
      name: "TriscaleData", dependencies: ["TriscaleCore", "CPNG", "CJPEG"], exclude: ["README.md"]),
    .target(
      name: "TriscaleTrain",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleData", "CMPI"]),
    .target(
      name: "TriscaleOptimize",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleData", "TriscaleTrain",
      ]),
    .target(name: "TriscaleAnalysis"),
    .target(
      name: "TriscaleDeploy", dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleOptimize"]),
    .executableTarget(
      name: "TriscaleCLI",
      dependencies: [
        "TriscaleCore", "TriscaleGraph", "TriscaleEngine", "TriscaleData", "TriscaleTrain",
        "TriscaleOptimize", "TriscaleAnalysis", "TriscaleDeploy",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
        .product(name: "Yams", package: "Yams"),
      ]),
    .target(
      name: "TriscaleTestSupport", dependencies: ["TriscaleCore", "CPNG", "CJPEG"],
      path: "Tests/TriscaleTestSupport"),
    .testTarget(name: "TriscaleCoreTests", dependencies: ["TriscaleCore"]),
    .testTarget(name: "TriscaleGraphTests", dependencies: ["TriscaleGraph"]),
    .testTarget(
      name: "TriscaleEngineTests",
      dependencies: ["TriscaleEngine", "TriscaleGraph", "CTriscaleKernels"]),
    .testTarget(name: "TriscaleDataTests", dependencies: ["TriscaleData", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleTrainTests", dependencies: ["TriscaleTrain", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleOptimizeTests",
      dependencies: ["TriscaleOptimize", "TriscaleEngine", "TriscaleGraph", "TriscaleData"]),
    .testTarget(
      name: "TriscaleCLITests",
      dependencies: ["TriscaleCore", "TriscaleGraph", "TriscaleTestSupport"]),
    .testTarget(
      name: "TriscaleDeployTests",
      dependencies: [
        "TriscaleDeploy", "TriscaleCore", "TriscaleGraph", "TriscaleOptimize", "TriscaleEngine",
        "TriscaleData",
      ]),
  ]
)
