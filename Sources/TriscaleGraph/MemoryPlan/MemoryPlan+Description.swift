extension MemoryPlan: CustomStringConvertible {
  /// The plan as a table, one buffer a line in offset order (buffer,
  /// offset, size, lifetime in steps), then the arena's total:
  ///
  ///     buffer   offset  bytes  steps
  ///     input         0   3072  0...1
  ///     conv1      3072  16384  1...2
  ///     arena: 19456 bytes, 2 buffers, alignment 16
  public var description: String {
    let order = buffers.indices.sorted { (offsets[$0], $0) < (offsets[$1], $1) }
    let rows = order.map { index in
      let buffer = buffers[index]
      let fixed = buffer.fixedOffset == nil ? "" : " (fixed)"
      return [
        buffer.name, "\(offsets[index])", "\(buffer.byteCount)",
        "\(buffer.firstUse)...\(buffer.lastUse)\(fixed)",
      ]
    }
    let table = [["buffer", "offset", "bytes", "steps"]] + rows
    let widths = (0..<4).map { column in table.map { $0[column].count }.max() ?? 0 }
    let lines = table.map { row in
      row.enumerated().map { column, text in
        let padding = String(repeating: " ", count: widths[column] - text.count)
        return column == 1 || column == 2 ? padding + text : text + padding
      }.joined(separator: "  ").trimmingSuffixSpaces()
    }
    return
      (lines
      + ["arena: \(arenaByteCount) bytes, \(buffers.count) buffers, alignment \(alignment)"])
      .joined(separator: "\n")
  }
}

extension String {
  /// The string without trailing spaces.
  fileprivate func trimmingSuffixSpaces() -> String {
    var text = self
    while text.last == " " { text.removeLast() }
    return text
  }
}
