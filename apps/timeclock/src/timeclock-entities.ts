import { CorrectionRequestRecord } from './shifts/correction-request.entity';
import { ShiftRecord } from './shifts/shift.entity';
import { SettingsRecord } from './timesheets/settings.entity';
import { TimesheetRecord } from './timesheets/timesheet.entity';
import { TimeclockUserRefRecord } from './users/user-ref.entity';

/** Timeclock's read-model tables as entities: the ORM's metadata (typed reads), matching what the migrations make. */
export const timeclockEntities = [TimeclockUserRefRecord, ShiftRecord, CorrectionRequestRecord, SettingsRecord, TimesheetRecord];
