import TriscaleCore
import TriscaleGraph

extension MicroSearchSpace {
  /// The genes a mutation may change: each stage's width and depth, the
  /// kernel, the block type, residual or not, and the stem stride.
  static let geneCount = 2 * MicroArchitecture.stageCount + 4

  /// A genome whose every gene is drawn uniformly from the space.
  func random(using random: inout SeededRandom) -> MicroArchitecture {
    func pick<T>(_ values: [T]) -> T { values[random.nextInt(below: values.count)] }
    return MicroArchitecture(
      widths: (0..<MicroArchitecture.stageCount).map { _ in pick(widths) },
      depths: (0..<MicroArchitecture.stageCount).map { _ in pick(depths) },
      kernel: pick(kernels), block: pick(blocks), residual: pick(residual),
      stemStride: pick(stemStrides))
  }

  /// `parent` with one gene, drawn uniformly, set to another of its values,
  /// drawn uniformly (Real et al.'s one-gene mutation).
  func mutated(_ parent: MicroArchitecture, using random: inout SeededRandom) -> MicroArchitecture {
    func other<T: Equatable>(_ values: [T], than current: T) -> T {
      let choices = values.filter { $0 != current }
      return choices.isEmpty ? current : choices[random.nextInt(below: choices.count)]
    }
    var child = parent
    let stages = MicroArchitecture.stageCount
    switch random.nextInt(below: Self.geneCount) {
    case let gene where gene < stages:
      child.widths[gene] = other(widths, than: parent.widths[gene])
    case let gene where gene < 2 * stages:
      child.depths[gene - stages] = other(depths, than: parent.depths[gene - stages])
    case 2 * stages: child.kernel = other(kernels, than: parent.kernel)
    case 2 * stages + 1: child.block = other(blocks, than: parent.block)
    case 2 * stages + 2: child.residual = other(residual, than: parent.residual)
    default: child.stemStride = other(stemStrides, than: parent.stemStride)
    }
    return child
  }
}
