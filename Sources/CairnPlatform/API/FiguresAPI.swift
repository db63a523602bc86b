import CairnAPI
import CairnCore
import OpenAPIRuntime

/// Figures through the API exactly as a page and its CSV show them: the same protected tables, as JSON or, when the
/// client asks for `text/csv`, as the same CSV file.
package enum FiguresAPI {
    package enum Representation: Sendable, Equatable {
        case json
        case csv
    }

    /// What the client asked for: `text/csv` when it ranks that above JSON (or asks for nothing else), JSON otherwise.
    package static func representation<T: AcceptableProtocol>(
        _ accept: [AcceptHeaderContentType<T>], csv: T, json: T
    ) -> Representation {
        let ranked = accept.sortedByQuality().map(\.contentType).filter { $0 == csv || $0 == json }
        return ranked.first == csv ? .csv : .json
    }

    package static func figures(title: String, since: CalendarDay? = nil, tables: [FigureTable])
        -> Components.Schemas.Figures
    {
        Components.Schemas.Figures(
            title: title, since: since?.description,
            tables: tables.map { .init(title: $0.title, columns: $0.columns, rows: $0.rows) })
    }

    package static func csv(_ tables: [FigureTable]) -> HTTPBody {
        HTTPBody(FigureTable.csv(of: tables))
    }
}
