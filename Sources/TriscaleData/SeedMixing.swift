/// Derives independent seeds from tuples such as (seed, epoch) or
/// (seed, epoch, sample), so that nearby tuples still give unrelated random
/// streams (unlike `seed ^ epoch`, where seed 1 epoch 0 equals seed 0 epoch 1).
enum SeedMixing {
  /// One well-spread seed determined by all of `values`, in order.
  static func combine(_ values: UInt64...) -> UInt64 {
    var hash: UInt64 = 0x243F_6A88_85A3_08D3
    for value in values { hash = finalize(hash ^ finalize(value &+ 0x9E37_79B9_7F4A_7C15)) }
    return hash
  }

  /// The SplitMix64 output function: a bijection that spreads every input
  /// bit over the whole word.
  private static func finalize(_ value: UInt64) -> UInt64 {
    var z = value
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}
