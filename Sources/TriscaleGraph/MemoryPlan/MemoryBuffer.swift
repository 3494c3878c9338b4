/// One buffer a ``MemoryPlan`` places in an arena: its size and the steps
/// during which it must keep its bytes.
///
/// Steps are the positions of a schedule (an operation's index in execution
/// order); `firstUse` and `lastUse` are inclusive, so a buffer written at
/// step 3 and read at step 5 is alive at steps 3, 4 and 5. Two buffers may
/// share bytes only when no step lies in both lifetimes. An operation's
/// scratch is a buffer alive at that operation's step only.
///
/// A buffer may take over another's bytes in place (``inPlaceOf``): an
/// operation that reads each position of its input before writing the same
/// position of its output (a residual add into its skip tensor) writes over
/// the input, so the two share an offset and count once.
public struct MemoryBuffer: Equatable, Sendable {
  /// What the buffer holds, for the printed plan ("block1.conv1", "scratch of conv1").
  public var name: String
  /// Its size in bytes.
  public var byteCount: Int
  /// The first step that uses it (usually the one that writes it).
  public var firstUse: Int
  /// The last step that uses it (the last reader).
  public var lastUse: Int
  /// Where it must live, when the caller decides (an input a driver writes
  /// to a known place); `nil` lets the planner choose.
  public var fixedOffset: Int?
  /// The index of the buffer whose bytes this one takes over in place, or
  /// `nil`: it lives at that buffer's offset, is no larger, and its
  /// `firstUse` is that buffer's `lastUse` (the step that writes over it).
  /// The planner ignores `fixedOffset` on such a buffer.
  public var inPlaceOf: Int?

  /// A buffer of `byteCount` bytes alive from `firstUse` through `lastUse`.
  public init(
    name: String, byteCount: Int, firstUse: Int, lastUse: Int, fixedOffset: Int? = nil,
    inPlaceOf: Int? = nil
  ) {
    self.name = name
    self.byteCount = byteCount
    self.firstUse = firstUse
    self.lastUse = lastUse
    self.fixedOffset = fixedOffset
    self.inPlaceOf = inPlaceOf
  }

  /// Whether some step lies in both lifetimes, so the two must not share bytes.
  public func isAlive(togetherWith other: MemoryBuffer) -> Bool {
    firstUse <= other.lastUse && other.firstUse <= lastUse
  }
}
