/// A linear pre-scan of YAML text that estimates how deeply its mappings and
/// sequences nest, without parsing it, and stops at the first line over a limit.
///
/// Nesting is the open flow brackets (`[`, `{`, outside quotes and comments)
/// plus the block levels: one per indentation column still open above the
/// line, and one per compact indicator (`- `, `? `, `: `) at its start. Lines
/// of a block scalar (`|`, `>`) are text, not nesting. The estimate is meant to
/// stop a file that would overflow the parser's stack, not to be exact:
/// ``BoundedYAML`` checks the exact depth on the parsed tree.
struct YAMLNestingScan {
  /// The first line (from 1) whose nesting is over the limit, or nil when none is.
  private(set) var lineOverLimit: Int?

  /// Scans `text`, stopping at the first line that nests deeper than `limit`.
  init(_ text: String, limit: Int) {
    var state = State()
    var lineNumber = 0
    for line in text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
      lineNumber += 1
      if state.scan(Array(line)) > limit {
        lineOverLimit = lineNumber
        return
      }
    }
  }

  private struct State {
    /// The open block indentation columns.
    var columns: [Int] = []
    /// Open flow brackets, which may span lines.
    var flowDepth = 0
    /// The indentation of the line that opened a block scalar still running.
    var blockScalarParent: Int?

    /// Scans one line (without its line break); returns the deepest nesting on it.
    mutating func scan(_ line: [UInt8]) -> Int {
      let indent = line.prefix { $0 == space || $0 == tab }.count
      guard indent < line.count, line[indent] != hash, line[indent] != cr else { return 0 }
      if let parent = blockScalarParent {
        if indent > parent { return 0 }
        blockScalarParent = nil
      }
      var position = indent
      if flowDepth == 0 {
        while let last = columns.last, last >= indent { columns.removeLast() }
        columns.append(indent)
        while position + 1 <= line.count, [dash, question, colon].contains(line[position]),
          position + 1 == line.count || line[position + 1] == space
        {
          position = min(position + 2, line.count)
          columns.append(position)
        }
      }
      var deepest = columns.count + flowDepth
      var contentEnd = line.count
      var quote: UInt8?
      var index = position
      while index < line.count {
        let byte = line[index]
        let previous = index > 0 ? line[index - 1] : space
        if let open = quote {
          if byte == backslash && open == doubleQuote {
            index += 1
          } else if byte == open {
            quote = nil
          }
        } else if byte == hash && (previous == space || previous == tab) {
          contentEnd = index
          break
        } else if (byte == singleQuote || byte == doubleQuote) && tokenStarts.contains(previous) {
          quote = byte
        } else if byte == openBracket || byte == openBrace {
          flowDepth += 1
          deepest = max(deepest, columns.count + flowDepth)
        } else if (byte == closeBracket || byte == closeBrace) && flowDepth > 0 {
          flowDepth -= 1
        }
        index += 1
      }
      if flowDepth == 0 && opensBlockScalar(line[position..<contentEnd]) {
        blockScalarParent = indent
      }
      return deepest
    }

    /// Whether the line's content ends in a block scalar header (`|`, `>-`, `|2`…).
    private func opensBlockScalar(_ content: ArraySlice<UInt8>) -> Bool {
      var end = content.endIndex
      while end > content.startIndex, [space, tab, cr].contains(content[end - 1]) { end -= 1 }
      while end > content.startIndex,
        content[end - 1] == plus || content[end - 1] == dash
          || (zero...nine).contains(content[end - 1])
      {
        end -= 1
      }
      guard end > content.startIndex, content[end - 1] == pipe || content[end - 1] == greater
      else { return false }
      return end - 1 == content.startIndex || [space, tab].contains(content[end - 2])
    }
  }
}

private let space = UInt8(ascii: " ")
private let tab = UInt8(ascii: "\t")
private let cr = UInt8(ascii: "\r")
private let hash = UInt8(ascii: "#")
private let dash = UInt8(ascii: "-")
private let question = UInt8(ascii: "?")
private let colon = UInt8(ascii: ":")
private let plus = UInt8(ascii: "+")
private let zero = UInt8(ascii: "0")
private let nine = UInt8(ascii: "9")
private let pipe = UInt8(ascii: "|")
private let greater = UInt8(ascii: ">")
private let backslash = UInt8(ascii: "\\")
private let singleQuote = UInt8(ascii: "'")
private let doubleQuote = UInt8(ascii: "\"")
private let openBracket = UInt8(ascii: "[")
private let closeBracket = UInt8(ascii: "]")
private let openBrace = UInt8(ascii: "{")
private let closeBrace = UInt8(ascii: "}")
/// The bytes after which a quote opens a quoted scalar.
private let tokenStarts: Set<UInt8> = [
  space, tab, openBracket, openBrace, UInt8(ascii: ","), colon,
]
