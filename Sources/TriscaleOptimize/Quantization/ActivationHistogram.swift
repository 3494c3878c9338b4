/// The distribution of one activation over calibration images: its exact
/// range, and a histogram over that range for percentile and MSE clipping.
struct ActivationHistogram {
  static let binCount = 2048

  private(set) var minimum = Float.infinity
  private(set) var maximum = -Float.infinity
  private var bins: [Double] = []

  /// First pass: widens the range to cover `values`.
  mutating func observeRange(_ values: UnsafeBufferPointer<Float>) {
    for value in values {
      minimum = min(minimum, value)
      maximum = max(maximum, value)
    }
  }

  /// Second pass (after every range pass): counts `values` into bins over the range.
  mutating func observeDistribution(_ values: UnsafeBufferPointer<Float>) {
    if bins.isEmpty { bins = [Double](repeating: 0, count: Self.binCount) }
    let width = max(maximum - minimum, .leastNormalMagnitude)
    let scale = Float(Self.binCount) / width
    for value in values {
      let bin = Int((value - minimum) * scale)
      bins[min(max(bin, 0), Self.binCount - 1)] += 1
    }
  }

  private func binCenter(_ bin: Int) -> Float {
    minimum + (Float(bin) + 0.5) * (maximum - minimum) / Float(Self.binCount)
  }

  /// The range to quantize over under `method`.
  func range(for method: CalibrationMethod) -> (low: Float, high: Float) {
    guard minimum <= maximum else { return (0, 0) }
    switch method {
    case .minMax:
      return (minimum, maximum)
    case .percentile(let percent):
      let total = bins.reduce(0, +)
      let tail = total * (100 - percent) / 100
      var low = minimum
      var high = maximum
      var seen = 0.0
      for bin in 0..<bins.count {
        seen += bins[bin]
        if seen > tail {
          low = bin == 0 ? minimum : binCenter(bin)
          break
        }
      }
      seen = 0
      for bin in stride(from: bins.count - 1, through: 0, by: -1) {
        seen += bins[bin]
        if seen > tail {
          high = bin == bins.count - 1 ? maximum : binCenter(bin)
          break
        }
      }
      return (low, high)
    case .meanSquaredError:
      var best = (low: minimum, high: maximum)
      var bestError = Double.infinity
      for step in 0..<40 {
        let fraction = 1 - Float(step) * 0.02
        let low = min(minimum, 0) * fraction
        let high = max(maximum, 0) * fraction
        let error = squaredError(low: low, high: high)
        if error < bestError {
          bestError = error
          best = (low, high)
        }
      }
      return best
    }
  }

  /// Expected squared error of quantizing the histogram with 256 levels over [low, high].
  private func squaredError(low: Float, high: Float) -> Double {
    let parameters = QuantizationStep(low: low, high: high)
    var error = 0.0
    for (bin, count) in bins.enumerated() where count > 0 {
      let value = binCenter(bin)
      let difference = Double(parameters.roundTrip(value) - value)
      error += count * difference * difference
    }
    return error
  }
}

/// Uniform 256-level quantization over [low, high] (with 0 exact), for error estimates.
private struct QuantizationStep {
  let low: Float
  let scale: Float

  init(low: Float, high: Float) {
    self.low = min(low, 0)
    scale = max(max(high, 0) - self.low, .leastNormalMagnitude) / 255
  }

  func roundTrip(_ value: Float) -> Float {
    let level = min(max(((value - low) / scale).rounded(), 0), 255)
    return low + level * scale
  }
}
