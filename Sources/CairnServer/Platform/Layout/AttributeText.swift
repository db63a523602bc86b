import Plot

/// Plot escapes text nodes but writes attribute values as they are (`name="\(value)"`), so a value a person
/// typed could close the quote and add an event handler. Every attribute that may carry user text goes
/// through these helpers, which escape it for a double-quoted attribute.
extension String {
    var escapedForAttribute: String {
        var result = ""
        result.reserveCapacity(utf8.count)
        for character in unicodeScalars {
            switch character {
            case "&": result += "&amp;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }
}

extension Node {
    /// An attribute whose value is escaped: the only way views set attributes.
    static func attr(_ name: String, _ value: String) -> Node {
        .attribute(Attribute(name: name, value: value.escapedForAttribute, ignoreIfValueIsEmpty: false))
    }

    /// A boolean attribute (`required`, `checked`), present or absent.
    static func flag(_ name: String, _ present: Bool = true) -> Node {
        present ? .attribute(named: name) : .empty
    }
}
