import { ActionRecord } from './actions/action.entity';
import { InspectionRecord } from './inspections/inspection.entity';
import { OccurrenceRecord } from './schedules/occurrence.entity';
import { ScheduleRecord } from './schedules/schedule.entity';
import { TemplateRecord } from './templates/template.entity';
import { SafetyUserRefRecord } from './users/user-ref.entity';

/**
 * Safety's read-model tables as entities, matching what the migrations make. Not described: the
 * evidence blob store (`safety_evidence`, `safety_evidence_parts`: bytes by hash, SQL only) and
 * the sweep's progress (`safety_schedule_sweeps`, operational).
 */
export const safetyEntities = [SafetyUserRefRecord, TemplateRecord, InspectionRecord, ActionRecord, ScheduleRecord, OccurrenceRecord];
