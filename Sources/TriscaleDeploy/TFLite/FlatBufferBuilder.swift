/// A minimal FlatBuffers writer: enough of the binary format for the
/// TensorFlow Lite schema (tables with vtables, scalar fields, strings,
/// vectors of scalars and of tables, unions, forced alignment).
///
/// Like every FlatBuffers builder it writes back to front: children are
/// written before the tables that point at them, and an ``Offset`` counts
/// bytes from the end of the finished buffer. Internally the bytes are kept
/// in reverse order so that prepending is an append; ``finish(root:fileIdentifier:)``
/// turns them around. All numbers are little-endian.
///
/// Fields are always written, even when they hold the schema default, which
/// the format allows and which keeps the writer free of default tables.
struct FlatBufferBuilder {
  /// A position in the buffer, counted in bytes from its end.
  struct Offset: Equatable {
    fileprivate var fromEnd: Int
  }

  /// The buffer so far, last byte first.
  private var reversed: [UInt8] = []
  /// The largest alignment any value needed; the finished buffer's size is a multiple of it.
  private var maximumAlignment = 1
  /// Field slot → end offset of the field, for the table being built.
  private var tableFields: [(slot: Int, fromEnd: Int)] = []
  /// End offset where the table being built started, or nil when none is open.
  private var tableStart: Int?

  init(capacity: Int = 1024) {
    reversed.reserveCapacity(capacity)
  }

  /// Bytes written so far.
  var size: Int { reversed.count }

  // MARK: Primitives

  /// Pads with zeros so that, after `additional` more bytes, a value of
  /// `alignment` bytes starts at a multiple of `alignment` from the end.
  private mutating func align(_ alignment: Int, additional: Int = 0) {
    maximumAlignment = max(maximumAlignment, alignment)
    let padding = (alignment - (reversed.count + additional) % alignment) % alignment
    reversed.append(contentsOf: repeatElement(0, count: padding))
  }

  /// Prepends `value`'s little-endian bytes without aligning.
  private mutating func prependRaw<T: FixedWidthInteger>(_ value: T) {
    let bytes = MemoryLayout<T>.size
    for index in stride(from: bytes - 1, through: 0, by: -1) {
      reversed.append(UInt8(truncatingIfNeeded: value >> (index * 8)))
    }
  }

  /// Prepends an aligned scalar.
  private mutating func prepend<T: FixedWidthInteger>(_ value: T) {
    align(MemoryLayout<T>.size)
    prependRaw(value)
  }

  /// Prepends an aligned unsigned offset pointing at `target`.
  private mutating func prependOffset(_ target: Offset) {
    align(4)
    let here = reversed.count + 4
    precondition(target.fromEnd <= here, "a FlatBuffers child must be written before its parent")
    prependRaw(UInt32(here - target.fromEnd))
  }

  // MARK: Strings and vectors

  /// Writes a zero-terminated UTF-8 string.
  mutating func createString(_ string: String) -> Offset {
    precondition(tableStart == nil, "strings cannot be written inside a table")
    let bytes = Array(string.utf8)
    align(4, additional: bytes.count + 1)
    reversed.append(0)
    reversed.append(contentsOf: bytes.reversed())
    prependRaw(UInt32(bytes.count))
    return Offset(fromEnd: reversed.count)
  }

  /// Writes a vector of integers.
  mutating func createVector<T: FixedWidthInteger>(_ elements: [T]) -> Offset {
    precondition(tableStart == nil, "vectors cannot be written inside a table")
    let elementSize = MemoryLayout<T>.size
    align(4, additional: elementSize * elements.count)
    align(elementSize, additional: elementSize * elements.count)
    for element in elements.reversed() { prependRaw(element) }
    prependRaw(UInt32(elements.count))
    return Offset(fromEnd: reversed.count)
  }

  /// Writes a vector of 32-bit floats.
  mutating func createVector(_ elements: [Float]) -> Offset {
    createVector(elements.map(\.bitPattern))
  }

  /// Writes a byte vector whose first byte is aligned to `alignment` (a
  /// power of two; TensorFlow Lite's buffers ask for 16).
  mutating func createBytes(_ bytes: [UInt8], alignment: Int) -> Offset {
    precondition(tableStart == nil, "vectors cannot be written inside a table")
    align(4, additional: bytes.count)
    align(alignment, additional: bytes.count)
    reversed.append(contentsOf: bytes.reversed())
    prependRaw(UInt32(bytes.count))
    return Offset(fromEnd: reversed.count)
  }

  /// Writes a vector of offsets (tables or strings written before).
  mutating func createVector(offsets: [Offset]) -> Offset {
    precondition(tableStart == nil, "vectors cannot be written inside a table")
    align(4, additional: 4 * offsets.count)
    for offset in offsets.reversed() { prependOffset(offset) }
    prependRaw(UInt32(offsets.count))
    return Offset(fromEnd: reversed.count)
  }

  // MARK: Tables

  /// Opens a table; add its fields, then call ``endTable()``. Everything the
  /// table points at must already be written.
  mutating func startTable() {
    precondition(tableStart == nil, "FlatBuffers tables cannot nest while being built")
    tableStart = reversed.count
    tableFields = []
  }

  /// Adds an integer (or enum, or bool as 0/1) field in `slot` (the field's id).
  mutating func add<T: FixedWidthInteger>(_ slot: Int, _ value: T) {
    precondition(tableStart != nil, "add a field only inside a table")
    prepend(value)
    tableFields.append((slot, reversed.count))
  }

  /// Adds a 32-bit float field.
  mutating func add(_ slot: Int, _ value: Float) {
    add(slot, value.bitPattern)
  }

  /// Adds a boolean field.
  mutating func add(_ slot: Int, _ value: Bool) {
    add(slot, UInt8(value ? 1 : 0))
  }

  /// Adds a field that points at a table, string or vector.
  mutating func add(_ slot: Int, _ offset: Offset) {
    precondition(tableStart != nil, "add a field only inside a table")
    prependOffset(offset)
    tableFields.append((slot, reversed.count))
  }

  /// Adds a union: its type tag in `slot − 1` and the value in `slot`, as
  /// the FlatBuffers compiler lays out a union field `slot`.
  mutating func addUnion(_ slot: Int, type: UInt8, value: Offset) {
    add(slot - 1, type)
    add(slot, value)
  }

  /// Closes the table: writes its vtable and returns the table's offset.
  mutating func endTable() -> Offset {
    guard let start = tableStart else { preconditionFailure("endTable without startTable") }
    // The table begins with a signed offset to its vtable, patched below.
    prepend(Int32(0))
    let table = reversed.count
    let slotCount = (tableFields.map(\.slot).max() ?? -1) + 1
    var entries = [UInt16](repeating: 0, count: slotCount)
    for field in tableFields { entries[field.slot] = UInt16(table - field.fromEnd) }
    // vtable: its own size, the table's size, then one entry per slot.
    for entry in entries.reversed() { prepend(entry) }
    prepend(UInt16(table - start))
    prepend(UInt16(4 + 2 * slotCount))
    let vtable = reversed.count
    // soffset = table position − vtable position (positive: the vtable lies before the table).
    let distance = UInt32(bitPattern: Int32(vtable - table))
    for byte in 0..<4 {
      reversed[table - 1 - byte] = UInt8(truncatingIfNeeded: distance >> (8 * byte))
    }
    tableStart = nil
    tableFields = []
    return Offset(fromEnd: table)
  }

  // MARK: Finishing

  /// Writes the root offset (and the 4-byte file identifier) and returns the
  /// finished buffer.
  mutating func finish(root: Offset, fileIdentifier: String) -> [UInt8] {
    precondition(tableStart == nil, "finish with a table still open")
    let identifier = Array(fileIdentifier.utf8)
    precondition(identifier.count == 4, "a FlatBuffers file identifier has 4 bytes")
    align(max(maximumAlignment, 4), additional: 8)
    reversed.append(contentsOf: identifier.reversed())
    prependOffset(root)
    return Array(reversed.reversed())
  }
}
