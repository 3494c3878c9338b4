/// The declared domain of the architecture search: the values each gene of a
/// ``MicroArchitecture`` may take. The standard space has 11 widths per
/// stage, 1–3 blocks per stage, 3×3 or 5×5 kernels, regular or
/// depthwise-separable blocks, residual or plain, and full or half input
/// resolution: 11³ · 3³ · 2 · 2 · 2 · 2 = 574,992 genomes.
public struct MicroSearchSpace: Codable, Equatable, Sendable {
  /// The widths each stage may take, ascending.
  public var widths = [8, 12, 16, 24, 32, 40, 48, 64, 80, 96, 128]
  /// The depths each stage may take, ascending.
  public var depths = [1, 2, 3]
  /// The kernels, ascending.
  public var kernels = [3, 5]
  /// The block types.
  public var blocks = MicroArchitecture.Block.allCases
  /// Residual or plain.
  public var residual = [true, false]
  /// The stem strides (input resolutions), descending (half resolution first).
  public var stemStrides = [2, 1]

  /// The standard space.
  public init() {}

  /// The number of genomes in the space.
  public var size: Int {
    [widths.count, widths.count, widths.count, depths.count, depths.count, depths.count]
      .reduce(1, *) * kernels.count * blocks.count * residual.count * stemStrides.count
  }

  /// Whether every gene of `architecture` is one of the space's values.
  public func contains(_ architecture: MicroArchitecture) -> Bool {
    architecture.widths.count == MicroArchitecture.stageCount
      && architecture.depths.count == MicroArchitecture.stageCount
      && architecture.widths.allSatisfy(widths.contains)
      && architecture.depths.allSatisfy(depths.contains) && kernels.contains(architecture.kernel)
      && blocks.contains(architecture.block) && residual.contains(architecture.residual)
      && stemStrides.contains(architecture.stemStride)
  }

  /// The genomes with the fewest of everything — the narrowest widths, one
  /// block per stage, the smallest kernel, the lowest resolution — one for
  /// each block type and residual choice (which trade flash against RAM):
  /// between them they need the least RAM, flash and MACs in the space.
  public var smallest: [MicroArchitecture] {
    blocks.flatMap { block in
      residual.map { residual in
        MicroArchitecture(
          widths: Array(repeating: widths.min() ?? 8, count: MicroArchitecture.stageCount),
          depths: Array(repeating: depths.min() ?? 1, count: MicroArchitecture.stageCount),
          kernel: kernels.min() ?? 3, block: block, residual: residual,
          stemStride: stemStrides.max() ?? 2)
      }
    }
  }
}
