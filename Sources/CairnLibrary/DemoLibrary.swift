import CairnAccounts
import CairnCore
import CairnPlatform
import Fluent
import Foundation
import Vapor

/// `cairn demo`'s resource library (issue #19 item 9): 150 items across the reasons for support, written by the unit
/// lead and the programme lead: articles (most), links to national guidance, and a few PDFs; two thirds public;
/// eight past their review date so the editors' "due for review" list has work; views counted over recent months.
enum DemoLibrary {
    static let editorEmails = ["rachel.evans@demo.cairn.test", "morag.campbell@demo.cairn.test"]

    /// Per reason: the words a person in that situation would search with.
    static let subjects: [ReferralReason: (topic: String, words: String)] = [
        .examDifficulty: ("exam failure and resits", "exam, resit, revision, MRCGP, MRCP, AKT, OSCE, PLAB, study plan"),
        .adverseARCP: (
            "an adverse ARCP outcome", "ARCP, outcome 3, extension to training, educational supervisor, portfolio"
        ),
        .clinicalKnowledge: (
            "building clinical knowledge and skills", "clinical skills, knowledge gaps, supervised practice, logbook"
        ),
        .professionalBehaviour: (
            "concerns about professional behaviour", "professionalism, conduct, remediation, insight, reflection"
        ),
        .communication: (
            "communication and team working",
            "communication, consultation, complaints, language, teamwork, time management"
        ),
        .health: (
            "health, caring duties and adjustments",
            "health, occupational health, reasonable adjustments, sick leave, carer"
        ),
        .lifeEvent: (
            "bereavement and difficult life events", "bereavement, grief, divorce, stress, compassionate leave"
        ),
        .trainingEnvironment: (
            "a difficult training or work environment",
            "workload, rota, undermining, bullying, culture, exception report"
        ),
        .engagement: ("getting back into training", "engagement, motivation, portfolio, supervision meetings"),
        .careerPlanning: (
            "career planning and changing specialty",
            "career, specialty, leaving medicine, portfolio career, careers advice"
        ),
        .neurodiversity: (
            "neurodiversity: dyslexia, ADHD and autism", "dyslexia, dyspraxia, ADHD, autism, assessment, adjustments"
        ),
        .returnToTraining: (
            "returning to training after time out", "return to training, SuppoRTT, keeping in touch, refresher"
        ),
        .lessThanFullTime: ("less than full time training", "less than full time, LTFT, part time, childcare, pay"),
        .transition: (
            "transitions: starting a new post", "transition, induction, new job, registrar, consultant, first post"
        ),
        .internationalGraduate: (
            "working in the NHS as an international graduate",
            "international medical graduate, IMG, NHS culture, GMC, PLAB, visa"
        ),
        .coachingOrMentoring: ("coaching and mentoring", "coaching, mentoring, mentor, goals, development"),
        .transfer: ("moving to another region or programme", "inter-deanery transfer, relocation, programme transfer"),
        .wellbeing: ("wellbeing and burnout", "wellbeing, burnout, resilience, sleep, self-care, stress"),
    ]

    static let shapes = [
        ("A guide to %@", "What to expect, what helps, and who to talk to."),
        ("Questions to ask about %@", "The questions colleagues wish they had asked sooner."),
        ("Stories from colleagues: %@", "Clinicians describe what happened and what got them through."),
        ("For educators: supporting someone with %@", "How supervisors can help without becoming assessors."),
        ("Checklist: %@", "A one-page checklist to work through with your case manager."),
        ("Where to get help with %@", "National and local services, confidential and free."),
        ("Five things we wish we had known about %@", "Short, practical and honest."),
        ("National guidance on %@", "The official guidance, explained."),
    ]

    static func load(_ app: Application) async throws -> [String] {
        guard let organisation = app.cairn.organisation else { return [] }
        var editors: [UUID] = []
        for email in editorEmails {
            if let person = try await Accounts.person(email: email, on: app.db), let id = person.id {
                editors.append(id)
            }
        }
        guard !editors.isEmpty else { return [] }
        let context = ServiceContext(application: app)
        let service = LibraryService(context: context)
        let today = context.state.today
        let now = context.now
        let reasons = ReferralReason.allCases.filter { $0 != .other }
        var count = 0
        var files = 0
        for index in 0..<150 {
            let reason = reasons[index % reasons.count]
            let shape = shapes[(index / reasons.count) % shapes.count]
            guard let subject = subjects[reason] else { continue }
            let item = LibraryItem()
            item.id = UUID()
            item.organisationID = organisation.id
            item.ownerID = editors[index % editors.count]
            item.kind = index % 15 == 7 ? .file : index % 6 == 5 ? .link : .article
            item.title =
                String(format: shape.0, subject.topic).prefix(1).uppercased()
                + String(String(format: shape.0, subject.topic).dropFirst())
            item.summary = "\(shape.1) About \(subject.topic)."
            item.body =
                item.kind == .article
                ? """
                ## Why this matters

                Many clinicians meet \(subject.topic) at some point. You are not the only one, and it is not a sign \
                that you are in the wrong job. This guide covers: \(subject.words).

                ## What helps

                - Talk to someone outside your line of assessment: the Professional Support Unit is confidential.
                - Write down what happened and what you want to change; bring it to your first meeting.
                - Agree a plan with dates, and review it together.

                ## Where to find out more

                Read the [GMC's guidance](https://www.gmc-uk.org/) and ask your case manager about local support.
                """ : ""
            item.url =
                item.kind == .link
                ? "https://www.nhsemployers.org/topics/\(reason.rawValue.replacingOccurrences(of: "_", with: "-"))"
                : nil
            item.reasonCodes = ([reason] + (index % 4 == 0 ? [.wellbeing] : [])).map(\.rawValue).uniqued()
                .joined(separator: ",")
            item.professionCodes =
                reason == .internationalGraduate || reason == .examDifficulty ? Profession.doctor.rawValue : ""
            item.visibility = index % 3 == 2 ? .members : .public
            item.status = index % 25 == 24 ? .draft : .published
            item.reviewOn =
                (index % 19 == 3 ? today.adding(days: -(index % 40) - 1) : today.adding(days: 90 + index * 3))
                .description
            item.searchText = item.kind == .article ? SafeMarkdown.plainText(item.body) : ""
            item.createdAt = now.addingTimeInterval(-Double(200 - index) * 86_400)
            item.updatedAt = item.createdAt
            item.version = 1
            if item.kind == .file, let binding = item.fileBinding {
                let pdf = DemoPDF.document(title: item.title, lines: [item.summary, "Helps with: \(reason.title)."])
                try context.state.files.write(pdf, for: binding)
                item.fileName = "\(reason.rawValue.replacingOccurrences(of: "_", with: "-"))-guide.pdf"
                item.fileKind = .pdf
                item.fileBytes = pdf.count
                item.fileSHA256 = SealedFiles.checksum(pdf)
                files += 1
            }
            try await context.transaction { context in
                try await item.create(on: context.database)
                try await service.index(item, context: context)
                if item.status == .published {
                    for month in 0..<3 {
                        let view = LibraryView()
                        view.id = UUID()
                        view.itemID = try item.requireID()
                        view.month = String(today.adding(months: -month).description.prefix(7))
                        view.views = (index * 7 + month * 13) % 40 + 1
                        try await view.create(on: context.database)
                    }
                }
            }
            count += 1
        }
        return [
            "Resource library: \(count) items across the reasons for support (\(files) PDFs), two thirds public; "
                + "editors Dr Rachel Evans and Dr Morag Campbell (/library)."
        ]
    }
}

extension Array where Element: Hashable {
    fileprivate func uniqued() -> [Element] {
        var seen = Set<Element>()
        return filter { seen.insert($0).inserted }
    }
}

/// A one-page PDF with a title and a few lines (Helvetica), for the demo's documents.
enum DemoPDF {
    static func document(title: String, lines: [String]) -> Data {
        func escaped(_ text: String) -> String {
            String(text.unicodeScalars.filter { $0.isASCII }.map { Character($0) })
                .replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "(", with: "\\(")
                .replacingOccurrences(of: ")", with: "\\)")
        }
        var stream = "BT /F1 18 Tf 72 770 Td (\(escaped(title))) Tj ET\n"
        for (index, line) in lines.enumerated() {
            stream += "BT /F1 11 Tf 72 \(740 - index * 18) Td (\(escaped(line))) Tj ET\n"
        }
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            "<< /Length \(stream.utf8.count) >>\nstream\n\(stream)endstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ]
        var pdf = "%PDF-1.4\n"
        var offsets: [Int] = []
        for (index, object) in objects.enumerated() {
            offsets.append(pdf.utf8.count)
            pdf += "\(index + 1) 0 obj\n\(object)\nendobj\n"
        }
        let xref = pdf.utf8.count
        pdf += "xref\n0 \(objects.count + 1)\n0000000000 65535 f \n"
        for offset in offsets { pdf += String(format: "%010d 00000 n \n", offset) }
        pdf += "trailer\n<< /Size \(objects.count + 1) /Root 1 0 R >>\nstartxref\n\(xref)\n%%EOF\n"
        return Data(pdf.utf8)
    }
}
