import TriscaleCore

/// One point of the architecture search space for microcontrollers (the
/// `micro:` family of the zoo): a stem convolution, three stages of blocks
/// and a classifier, described by a few genes.
///
/// - ``widths``: the output channels of each of the three stages (the stem
///   has the first stage's width).
/// - ``depths``: the blocks in each stage; the first block of stages 2 and 3
///   halves the resolution (stride 2).
/// - ``kernel``: the window of every spatial convolution but the stem's (3 or 5).
/// - ``block``: a pair of regular k×k convolutions, or a pair of
///   depthwise-separable ones (k×k depthwise, then 1×1 pointwise).
/// - ``residual``: whether each block adds its input back (through a 1×1
///   convolution when the block changes the width or the resolution), as in ResNet.
/// - ``stemStride``: the input resolution the stages see, realised inside the
///   graph by the stride of the 3×3 stem convolution: 1 keeps the full image
///   (32×32 for CIFAR-10), 2 halves it (16×16), which quarters every later
///   activation and MAC count.
///
/// Its canonical text ``name``, e.g. `micro:w16.32.64-d1.1.1-k3-conv-res-s1`,
/// is what ``ModelZoo/graph(named:inputShape:classCount:)`` parses, so a saved
/// model's graph name rebuilds it. That genome is `resnet8`'s structure.
public struct MicroArchitecture: Codable, Hashable, Sendable {
  /// How each block convolves.
  public enum Block: String, Codable, CaseIterable, Sendable {
    /// Two regular k×k convolutions (each with batch norm; ReLU between).
    case conv
    /// Two depthwise-separable convolutions: k×k depthwise, then 1×1 pointwise, each with batch norm.
    case separable = "dws"
  }

  /// Output channels of stages 1, 2 and 3.
  public var widths: [Int]
  /// Blocks in stages 1, 2 and 3.
  public var depths: [Int]
  /// The spatial window of the blocks' convolutions (3 or 5).
  public var kernel: Int
  /// Regular or depthwise-separable convolutions.
  public var block: Block
  /// Whether blocks add their input back.
  public var residual: Bool
  /// The stem's stride: 1 (full resolution) or 2 (half).
  public var stemStride: Int

  /// The prefix of every name of the family.
  public static let prefix = "micro:"
  /// The stage count.
  public static let stageCount = 3
  /// The widths the name accepts per stage.
  public static let widthRange = 1...1024
  /// The depths the name accepts per stage.
  public static let depthRange = 1...8
  /// The kernels the name accepts.
  public static let kernels = [3, 5]
  /// The stem strides the name accepts.
  public static let stemStrides = [1, 2]

  /// A genome; ``validate()`` checks it.
  public init(
    widths: [Int], depths: [Int], kernel: Int = 3, block: Block = .conv, residual: Bool = true,
    stemStride: Int = 1
  ) {
    (self.widths, self.depths, self.kernel) = (widths, depths, kernel)
    (self.block, self.residual, self.stemStride) = (block, residual, stemStride)
  }

  /// The genome with `resnet8`'s structure (16-32-64 channels, one residual
  /// pair of 3×3 convolutions per stage, full resolution).
  public static let resnet8 = MicroArchitecture(widths: [16, 32, 64], depths: [1, 1, 1])

  /// The canonical name: `micro:wA.B.C-dX.Y.Z-kK-conv|dws-res|plain-s1|s2`.
  public var name: String {
    Self.prefix + "w" + widths.map(String.init).joined(separator: ".") + "-d"
      + depths.map(String.init).joined(separator: ".") + "-k\(kernel)-\(block.rawValue)-"
      + (residual ? "res" : "plain") + "-s\(stemStride)"
  }

  /// The genome `name` describes.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` naming the
  ///   part that is wrong and showing the form.
  public init(name: String) throws {
    let fix =
      "Write micro:wA.B.C-dX.Y.Z-k3|k5-conv|dws-res|plain-s1|s2 (widths \(Self.widthRange.lowerBound)...\(Self.widthRange.upperBound), depths \(Self.depthRange.lowerBound)...\(Self.depthRange.upperBound)), e.g. \(Self.resnet8.name)"
    func failure(_ problem: String) -> TriscaleError {
      .invalidArgument(name: "model '\(name)'", problem: problem, fix: fix)
    }
    guard name.hasPrefix(Self.prefix) else { throw failure("it does not start with micro:") }
    let parts = name.dropFirst(Self.prefix.count).split(
      separator: "-", omittingEmptySubsequences: false)
    guard parts.count == 6 else {
      throw failure("it has \(parts.count) dash-separated parts, not 6")
    }
    func numbers(_ part: Substring, tag: Character) throws -> [Int] {
      let fields =
        part.first == tag
        ? part.dropFirst().split(separator: ".", omittingEmptySubsequences: false) : []
      let values = fields.compactMap { Int($0) }
      guard fields.count == Self.stageCount, values.count == fields.count else {
        throw failure("'\(part)' is not \(tag) and three numbers separated by dots")
      }
      return values
    }
    let block = Block(rawValue: String(parts[3]))
    let residual = ["res": true, "plain": false][String(parts[4])]
    guard let block else { throw failure("'\(parts[3])' is not conv or dws") }
    guard let residual else { throw failure("'\(parts[4])' is not res or plain") }
    guard parts[2].first == "k", let kernel = Int(parts[2].dropFirst()) else {
      throw failure("'\(parts[2])' is not k and a kernel size")
    }
    guard parts[5].first == "s", let stride = Int(parts[5].dropFirst()) else {
      throw failure("'\(parts[5])' is not s and a stem stride")
    }
    self.init(
      widths: try numbers(parts[0], tag: "w"), depths: try numbers(parts[1], tag: "d"),
      kernel: kernel, block: block, residual: residual, stemStride: stride)
    do {
      try validate()
    } catch TriscaleError.invalidArgument(_, let problem, _) {
      throw failure(problem)
    }
    guard self.name == name else { throw failure("it is not canonical (\(self.name) is)") }
  }

  /// Throws when a gene is outside what the family builds.
  public func validate() throws {
    func failure(_ problem: String) -> TriscaleError {
      .invalidArgument(
        name: "architecture \(name)", problem: problem,
        fix:
          "Use three widths in \(Self.widthRange), three depths in \(Self.depthRange), kernel 3 or 5 and stem stride 1 or 2"
      )
    }
    guard widths.count == Self.stageCount, widths.allSatisfy(Self.widthRange.contains) else {
      throw failure("widths \(widths) are not three values in \(Self.widthRange)")
    }
    guard depths.count == Self.stageCount, depths.allSatisfy(Self.depthRange.contains) else {
      throw failure("depths \(depths) are not three values in \(Self.depthRange)")
    }
    guard Self.kernels.contains(kernel) else { throw failure("kernel \(kernel) is not 3 or 5") }
    guard Self.stemStrides.contains(stemStride) else {
      throw failure("stem stride \(stemStride) is not 1 or 2")
    }
  }
}
