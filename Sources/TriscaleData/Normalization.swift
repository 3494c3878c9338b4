import TriscaleCore

/// Per-channel standardization of pixel values: a byte `b` of channel `c`
/// becomes `(b / 255 - mean[c]) / std[c]`.
///
/// Means and standard deviations are on the 0...1 scale. A model stores the
/// normalization it was trained with so that inference feeds it the same
/// numbers.
public struct Normalization: Sendable, Equatable, Codable {
  /// The mean of each channel, 0...1 scale.
  public let mean: [Float]
  /// The standard deviation of each channel, 0...1 scale; all positive.
  public let std: [Float]

  /// The smallest standard deviation kept, so a constant channel maps to 0
  /// instead of dividing by zero.
  public static let minimumStd: Float = 1.0 / 255

  /// The CIFAR-10 training-set statistics (RGB).
  public static let cifar10 = Normalization(
    unchecked: [0.4914, 0.4822, 0.4465], std: [0.2470, 0.2435, 0.2616])

  /// A normalization with the given statistics.
  ///
  /// - Throws: ``TriscaleError/invalidArgument(name:problem:fix:)`` when the
  ///   arrays are empty or differ in length, or a value is not finite, or a
  ///   standard deviation is not positive.
  public init(mean: [Float], std: [Float]) throws {
    guard !mean.isEmpty, mean.count == std.count else {
      throw TriscaleError.invalidArgument(
        name: "normalization", problem: "\(mean.count) means and \(std.count) standard deviations",
        fix: "Give one mean and one standard deviation per channel")
    }
    guard mean.allSatisfy(\.isFinite), std.allSatisfy({ $0.isFinite && $0 > 0 }) else {
      throw TriscaleError.invalidArgument(
        name: "normalization",
        problem: "mean \(mean) / std \(std) has a non-finite or non-positive value",
        fix: "Refit the normalization on the training set")
    }
    self.init(unchecked: mean, std: std)
  }

  private init(unchecked mean: [Float], std: [Float]) {
    self.mean = mean
    self.std = std
  }

  /// Decodes `mean` and `std` with the checks of ``init(mean:std:)``; a bad
  /// value is a `DecodingError.dataCorrupted` carrying that error's message.
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    do {
      try self.init(
        mean: container.decode([Float].self, forKey: .mean),
        std: container.decode([Float].self, forKey: .std))
    } catch let error as TriscaleError {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(codingPath: decoder.codingPath, debugDescription: error.description))
    }
  }

  /// The per-channel mean and standard deviation of every pixel in `dataset`.
  public static func fit(_ dataset: Dataset) -> Normalization {
    let channels = dataset.imageShape[2]
    // Byte histograms per channel give exact sums in one cheap pass (a
    // plain pointer loop, which stays fast in debug builds too).
    var histogram = [Int](repeating: 0, count: channels * 256)
    dataset.pixels.withUnsafeBufferPointer { pixels in
      histogram.withUnsafeMutableBufferPointer { bins in
        guard var pixel = pixels.baseAddress, let bins = bins.baseAddress else { return }
        let end = pixel + pixels.count
        var channel = 0
        while pixel < end {
          bins[channel &* 256 &+ Int(pixel.pointee)] &+= 1
          pixel += 1
          channel &+= 1
          if channel == channels { channel = 0 }
        }
      }
    }
    var means = [Float]()
    var deviations = [Float]()
    for channel in 0..<channels {
      var count = 0.0
      var sum = 0.0
      var squares = 0.0
      for value in 0..<256 {
        let hits = Double(histogram[channel * 256 + value])
        let x = Double(value) / 255
        count += hits
        sum += hits * x
        squares += hits * x * x
      }
      let mean = count > 0 ? sum / count : 0
      let variance = count > 0 ? max(squares / count - mean * mean, 0) : 0
      means.append(Float(mean))
      deviations.append(max(Float(variance.squareRoot()), minimumStd))
    }
    return Normalization(unchecked: means, std: deviations)
  }

  /// The number of channels.
  public var channelCount: Int { mean.count }

  /// The normalized value of every byte for every channel:
  /// `table[channel * 256 + byte]`.
  func lookupTable() -> [Float] {
    var table = [Float](repeating: 0, count: channelCount * 256)
    for channel in 0..<channelCount {
      for byte in 0..<256 {
        table[channel * 256 + byte] = (Float(byte) / 255 - mean[channel]) / std[channel]
      }
    }
    return table
  }
}
