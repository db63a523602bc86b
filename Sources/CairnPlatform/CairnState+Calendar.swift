import CairnCore
import Foundation

extension CairnState {
    /// The organisation's working days: its nation's bank holidays, in the configured time zone.
    package var workingDays: WorkingDays {
        WorkingDays(
            nation: Nation(rawValue: organisation?.nation ?? "england") ?? .england, timeZone: configuration.timeZone)
    }

    /// Today in the organisation's time zone.
    package var today: CalendarDay { workingDays.day(of: collaborators.now()) }
}
