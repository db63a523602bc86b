import CairnCore
import Fluent
import Foundation
import Testing
import VaporTesting

@testable import CairnAccounts
@testable import CairnPeerGroups
@testable import CairnPlatform
@testable import CairnServer

/// Issue #16 item 5: "templates are data, so an organisation can add its own" reflective models.
@Suite("An organisation's own reflective models")
struct ReflectionTemplateTests {
    static let driscoll: [(String, String)] = [
        ("title", "Driscoll's What model"), ("citation", "Driscoll (2007)"),
        ("stage-1-title", "What?"), ("stage-1-prompt", "Describe the event"),
        ("stage-2-title", "So what?"), ("stage-2-prompt", "What did it mean?"),
        ("stage-3-title", "Now what?"), ("stage-3-prompt", ""),
    ]

    @Test func aFacilitatorAddsAModelAndAClinicianWritesWithIt() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator], name: "Dr Fay Facilitator")
            let lead = TestBrowser(app)
            try await lead.signIn(facilitator)
            let page = try await lead.get("/reflections/models")
            #expect(page.status == .ok)
            #expect(page.body.contains("Gibbs reflective cycle") && page.body.contains("NMC reflective account"))

            // a name already offered, one stage only, and a prompt without a title: each said, what was typed kept
            let bad = try await lead.post(
                "/reflections/models",
                [
                    ("title", "gibbs reflective cycle"), ("citation", "KEPT-CITATION"),
                    ("stage-1-title", "Only stage"), ("stage-2-prompt", "A prompt without a title"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("There is a model with that name already"))
            #expect(bad.body.contains("Give this stage a title"))
            #expect(bad.body.contains("KEPT-CITATION") && bad.body.contains("A prompt without a title"))
            #expect(try await ReflectionTemplate.query(on: app.db).count() == 0)

            let added = try await lead.post("/reflections/models", Self.driscoll)
            #expect(added.location == "/reflections/models?notice=reflection-model-added")
            let template = try #require(try await ReflectionTemplate.query(on: app.db).first())
            let modelID = try template.requireID().uuidString.lowercased()
            #expect(template.model.stages.map(\.id) == ["stage_1", "stage_2", "stage_3"])
            #expect(try await lead.get("/reflections/models").body.contains("Driscoll (2007)"))

            // a clinician of the organisation is offered it, and writes with it
            let person = try await app.makePerson([.clinician], name: "Dr Rhi Reflective")
            let clinician = TestBrowser(app)
            try await clinician.signIn(person)
            let offered = try await clinician.get("/reflections/new")
            #expect(offered.body.contains("model=\(modelID)"))
            let form = try await clinician.get("/reflections/new?model=\(modelID)")
            #expect(
                form.body.contains("Model: Driscoll&#39;s What model")
                    || form.body.contains("Model: Driscoll's What model"))
            #expect(form.body.contains(#"name="answers[stage_2]""#))
            let saved = try await clinician.post(
                "/reflections",
                [
                    ("model", modelID), ("title", "TEMPLATE-REFLECTION"), ("answers[stage_1]", "What happened here"),
                    ("answers[stage_3]", "NOW-WHAT-ANSWER"), ("writtenOn", app.cairn.today.description),
                ])
            #expect(saved.status == .seeOther)
            let reflection = try #require(
                try await Reflection.query(on: app.db).filter(\.$authorID == person.id).first())
            #expect(reflection.model == modelID)
            let path = "/reflections/\(reflection.id!.uuidString.lowercased())"
            let shown = try await clinician.get(path)
            #expect(shown.body.contains("Now what?") && shown.body.contains("NOW-WHAT-ANSWER"))
            let markdown = try await clinician.get(path + "/export?format=md")
            #expect(markdown.body.contains("## Now what?"))
            #expect(markdown.body.contains("Driscoll"))

            // a clinician may not add models
            let refused = try await clinician.post("/reflections/models", Self.driscoll)
            #expect(refused.status == .forbidden)
        }
    }

    @Test func anotherOrganisationsModelIsNotOffered() async throws {
        try await withCairn { app in
            let facilitator = try await app.makePerson([.facilitator])
            let lead = TestBrowser(app)
            try await lead.signIn(facilitator)
            try await lead.get("/reflections/models")
            #expect(try await lead.post("/reflections/models", Self.driscoll).status == .seeOther)
            let template = try #require(try await ReflectionTemplate.query(on: app.db).first())
            let other = Organisation(name: "Elsewhere", kind: .unit, nation: "wales", timeZone: "Europe/London")
            try await other.create(on: app.db)
            template.organisationID = try other.requireID()
            try await template.update(on: app.db)
            let modelID = try template.requireID().uuidString.lowercased()

            let person = try await app.makePerson([.clinician])
            let clinician = TestBrowser(app)
            try await clinician.signIn(person)
            #expect(try await !clinician.get("/reflections/new").body.contains(modelID))
            let form = try await clinician.get("/reflections/new?model=\(modelID)")
            #expect(form.body.contains("Model: Atkins &amp; Murphy") || form.body.contains("Model: Atkins & Murphy"))
            let refused = try await clinician.post(
                "/reflections",
                [
                    ("model", modelID), ("title", "T"), ("answers[stage_1]", "x"),
                    ("writtenOn", app.cairn.today.description),
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Choose a reflective model"))

            let token = try await CaseAPITests.token(for: person, on: app)
            let body =
                #"{"model": "\#(modelID)", "title": "T", "writtenOn": "2026-11-30", "answers": {"stage_1": "a"}}"#
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/reflections", token: token, body: body).0 == .notFound)
        }
    }

    @Test func throughTheAPI() async throws {
        try await withCairn { app in
            let admin = try await app.makePerson([.admin])
            let adminToken = try await CaseAPITests.token(for: admin, on: app)
            let request = #"""
                {"title": "Borton's development framework", "citation": "Borton (1970)",
                 "stages": [{"title": "What?", "prompt": "Describe"}, {"title": "So what?"}, {"title": "Now what?"}]}
                """#
            let (created, model, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflection-models", token: adminToken, body: request)
            #expect(created == .created)
            let modelID = try #require(model["id"] as? String)
            #expect(model["own"] as? Bool == true)
            let (again, problem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflection-models", token: adminToken, body: request)
            #expect(again == .unprocessableEntity)
            #expect((problem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/title")
            let blankStage = #"{"title": "Other", "stages": [{"title": "One"}, {"title": "  "}]}"#
            let (blank, blankProblem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflection-models", token: adminToken, body: blankStage)
            #expect(blank == .unprocessableEntity || blank == .badRequest)
            #expect(!(blankProblem["errors"] as? [[String: Any]] ?? []).isEmpty)

            let person = try await app.makePerson([.clinician])
            let token = try await CaseAPITests.token(for: person, on: app)
            let (listed, _, listText) = try await CaseAPITests.send(
                app, .GET, "/api/v1/reflection-models", token: token)
            #expect(listed == .ok)
            let models = try #require(try JSONSerialization.jsonObject(with: Data(listText.utf8)) as? [[String: Any]])
            #expect(
                models.map { $0["id"] as? String ?? "" }.prefix(4) == [
                    "atkins_murphy", "gibbs", "rolfe", "nmc_account",
                ])
            #expect(models.last?["id"] as? String == modelID)
            let write =
                #"{"model": "\#(modelID)", "title": "With Borton", "writtenOn": "2026-11-30", "answers": {"stage_2": "It meant a lot"}}"#
            let (written, reflection, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: token, body: write)
            #expect(written == .created)
            #expect(reflection["model"] as? String == modelID)
            #expect((reflection["stages"] as? [[String: Any]])?.first?["title"] as? String == "So what?")
            let wrongStage =
                #"{"model": "\#(modelID)", "title": "T", "writtenOn": "2026-11-30", "answers": {"stage_7": "x"}}"#
            let (wrong, wrongProblem, _) = try await CaseAPITests.send(
                app, .POST, "/api/v1/reflections", token: token, body: wrongStage)
            #expect(wrong == .unprocessableEntity)
            #expect((wrongProblem["errors"] as? [[String: Any]])?.first?["field"] as? String == "/answers/stage_7")
            // a clinician may not add a model
            #expect(
                try await CaseAPITests.send(app, .POST, "/api/v1/reflection-models", token: token, body: request).0
                    == .forbidden)
        }
    }
}
