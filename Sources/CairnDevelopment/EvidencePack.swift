import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Plot

/// The evidence pack a person owns and takes to their appraisal (issue #18 item 5): their plan, their evidence with
/// their own reflections in full, their appraisal and revalidation dates, as printable HTML, Markdown and JSON.
/// Built only for the actor; every export is audited.
package struct EvidencePack: Codable, Sendable, Equatable {
    package struct Item: Codable, Sendable, Equatable {
        package var learningNeed: String
        package var objective: String
        package var activity: String
        package var targetOn: String
        package var domain: String
        package var status: String
        package var evidence: String
        package var reviewNote: String
        package var servesPracticeDevelopment: String?
    }

    package struct Evidence: Codable, Sendable, Equatable {
        package var kind: String
        package var day: String
        package var title: String
        package var hours: String?
        package var participatory: Bool
        package var source: String
        /// The person's own words attached (a reflection), in full.
        package var content: String?
        /// The name of a file given with it (the file itself is downloaded from the development page).
        package var file: String?
    }

    package struct Requirement: Codable, Sendable, Equatable {
        package var title: String
        package var needed: Int
        package var have: Int
        package var unit: String
        package var met: Bool
    }

    package var name: String
    package var generatedOn: String
    package var register: String?
    package var revalidationDueOn: String?
    package var appraisalYear: String
    package var appraisalThisYear: String?
    package var appraisals: [String]
    package var supportingInformation: [String: Bool]
    package var nmcRequirements: [Requirement]?
    package var items: [Item]
    package var evidence: [Evidence]

    /// The actor's pack, audited.
    package static func build(context: ServiceContext) async throws -> EvidencePack {
        let actor = try context.requireActor()
        let service = PortfolioService(context: context)
        let person = try await Person.find(actor.personID, on: context.database)
        let standing = try await service.standing(of: actor.personID)
        var items: [Item] = []
        for item in try await PDPItem.query(on: context.database).filter(\.$personID == actor.personID)
            .sort(\.$targetOn).limit(500).all()
        {
            let opened = try await service.open(item)
            items.append(
                Item(
                    learningNeed: opened.draft.learningNeed, objective: opened.draft.objective,
                    activity: opened.draft.activity, targetOn: item.targetOn, domain: item.domain.title,
                    status: item.status.title, evidence: opened.draft.evidence, reviewNote: opened.draft.reviewNote,
                    servesPracticeDevelopment: opened.serves))
        }
        let facts = try await service.facts()
        let evidence = try await DevelopmentEvidence.query(on: context.database)
            .filter(\.$personID == actor.personID).sort(\.$day, .descending).limit(5_000).all().map { row in
                Evidence(
                    kind: row.kind.title, day: row.day, title: try row.opened(\.$title, with: context.cipher),
                    hours: row.minutes > 0 ? String(format: "%.2f", Double(row.minutes) / 60) : nil,
                    participatory: row.participatory, source: row.source,
                    content: facts.first { $0.source == row.source && $0.reference == row.sourceRef }?.content,
                    file: try row.opened(\.$fileName, with: context.cipher))
            }
        let pack = EvidencePack(
            name: person?.displayName ?? "", generatedOn: context.state.today.description,
            register: standing.profile?.register.rawValue, revalidationDueOn: standing.profile?.revalidationDueOn,
            appraisalYear: Revalidation.appraisalYearText(standing.appraisalYear),
            appraisalThisYear: standing.appraisalHeld?.description,
            appraisals: try await service.appraisals(of: actor.personID).map(\.description),
            supportingInformation: Dictionary(
                uniqueKeysWithValues: standing.supportingInformation.map { ($0.kind.rawValue, $0.present) }),
            nmcRequirements: standing.nmc?.map {
                Requirement(title: $0.title, needed: $0.needed, have: $0.have, unit: $0.unit, met: $0.isMet)
            }, items: items, evidence: evidence)
        try await context.audit(
            DevelopmentAudit.evidencePackExported, resourceType: .developmentPortfolio, subject: actor.personID)
        return pack
    }

    package func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return String(decoding: try encoder.encode(self), as: UTF8.self)
    }

    /// Markdown with the person's words kept as text (characters Markdown reads as markup are escaped); attached
    /// reflections are already Markdown written by Cairn from their words, and are placed as they are.
    package func markdown() -> String {
        let escape = MarkdownText.escape
        var lines = ["# Evidence pack: \(escape(name))", "", "Made on \(generatedOn) by Cairn.", ""]
        lines.append("## Appraisal and revalidation")
        lines.append("")
        if let register, let revalidationDueOn {
            lines.append("- Revalidation (\(register.uppercased())): \(revalidationDueOn)")
        }
        lines.append(
            "- Appraisal year \(appraisalYear): "
                + (appraisalThisYear.map { "appraisal on \($0)" } ?? "no appraisal yet"))
        for kind in EvidenceKind.supportingInformation {
            lines.append("- \(kind.title): \(supportingInformation[kind.rawValue] == true ? "present" : "missing")")
        }
        for requirement in nmcRequirements ?? [] {
            lines.append(
                "- \(requirement.title): \(requirement.have) of \(requirement.needed) \(requirement.unit)"
                    + (requirement.met ? " (met)" : ""))
        }
        lines += ["", "## Personal development plan"]
        for item in items {
            lines += ["", "### \(escape(item.learningNeed))", ""]
            lines.append("- Objective: \(escape(item.objective))")
            lines.append("- Activity: \(escape(item.activity))")
            lines.append("- Target date: \(item.targetOn)")
            lines.append("- Domain: \(item.domain)")
            lines.append("- Status: \(item.status)")
            if let serves = item.servesPracticeDevelopment {
                lines.append("- Serves the practice's plan: \(escape(serves))")
            }
            if !item.evidence.isEmpty { lines.append("- Evidence of achievement: \(escape(item.evidence))") }
            if !item.reviewNote.isEmpty { lines.append("- Review note: \(escape(item.reviewNote))") }
        }
        lines += ["", "## Evidence"]
        for row in evidence {
            lines += [
                "", "### \(escape(row.title))", "",
                "- \(row.kind), \(row.day)" + (row.hours.map { ", \($0) hours" } ?? ""),
            ]
            if let content = row.content { lines += ["", content] }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The printable page's content (the site's print stylesheet drops the header and navigation), escaped by the
    /// page builder.
    package func body() -> Node<HTML.BodyContext> {
        .group(
            .h1(.text("Evidence pack: \(name)")),
            .p(.text("Made on \(CalendarDay.longText(iso: generatedOn)) by Cairn.")),
            .h2(.text("Appraisal and revalidation")),
            .ul(
                .unwrap(revalidationDueOn) { due in
                    .li(
                        .text(
                            "Revalidation (\((register ?? "").uppercased())): \(CalendarDay.longText(iso: due))"
                        ))
                },
                .li(
                    .text(
                        "Appraisal year \(appraisalYear): "
                            + (appraisalThisYear.map { "appraisal on \(CalendarDay.longText(iso: $0))" }
                                ?? "no appraisal yet")))),
            .table(
                .class("table"), .caption(.text("Supporting information this appraisal year")),
                .tr(.th(.attr("scope", "col"), .text("Kind")), .th(.attr("scope", "col"), .text("This year"))),
                .forEach(EvidenceKind.supportingInformation) { kind in
                    .tr(
                        .td(.text(kind.title)),
                        .td(.text(supportingInformation[kind.rawValue] == true ? "Present" : "Missing")))
                }),
            .unwrap(nmcRequirements) { rows in
                .table(
                    .class("table"), .caption(.text("NMC revalidation: the three years to the date")),
                    .tr(
                        .th(.attr("scope", "col"), .text("Requirement")), .th(.attr("scope", "col"), .text("Have")),
                        .th(.attr("scope", "col"), .text("Needed"))),
                    .forEach(rows) { row in
                        .tr(
                            .td(.text(row.title)), .td(.text("\(row.have) \(row.unit)")), .td(.text(String(row.needed)))
                        )
                    })
            },
            .h2(.text("Personal development plan")),
            .forEach(items) { item in
                .group(
                    .h3(.text(item.learningNeed)),
                    .ul(
                        .li(.text("Objective: \(item.objective)")), .li(.text("Activity: \(item.activity)")),
                        .li(.text("Target date: \(CalendarDay.longText(iso: item.targetOn))")),
                        .li(.text("Domain: \(item.domain)")), .li(.text("Status: \(item.status)")),
                        .unwrap(item.servesPracticeDevelopment) { .li(.text("Serves the practice's plan: \($0)")) },
                        .if(!item.evidence.isEmpty, .li(.text("Evidence of achievement: \(item.evidence)"))),
                        .if(!item.reviewNote.isEmpty, .li(.text("Review note: \(item.reviewNote)")))))
            },
            .h2(.text("Evidence")),
            .forEach(evidence) { row in
                .group(
                    .h3(.text(row.title)),
                    .p(
                        .text(
                            "\(row.kind), \(CalendarDay.longText(iso: row.day))"
                                + (row.hours.map { ", \($0) hours" } ?? ""))),
                    .unwrap(row.content) { .pre(.text($0)) })
            })
    }
}
