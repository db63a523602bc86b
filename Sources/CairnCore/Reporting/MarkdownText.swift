/// A person's words placed in Markdown as text: every character Markdown reads as markup is escaped, so what they
/// wrote cannot become a heading, a link or an image in whatever renders the file.
public enum MarkdownText {
    public static func escape(_ text: String) -> String {
        var result = ""
        for character in text {
            if "\\`*_{}[]<>()#+-.!|".contains(character) { result.append("\\") }
            result.append(character)
        }
        return result
    }
}
