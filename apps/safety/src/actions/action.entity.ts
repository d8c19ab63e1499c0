import { Check, Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { InspectionRecord } from '../inspections/inspection.entity';
import { StreamRowColumns } from '../store/stream-row.entity';

const table = 'safety.safety_actions';
const OPEN = `status in ('open', 'in_progress')`;

/** The `safety_actions` projection: one row per corrective action stream. */
@Entity({ tableName: 'safety_actions', schema: 'safety' })
@Check({ name: 'safety_actions_source_check', expression: `source in ('inspection', 'manual')` })
@Check({ name: 'safety_actions_priority_check', expression: `priority in ('low', 'medium', 'high', 'critical')` })
@Check({ name: 'safety_actions_status_check', expression: `status in ('open', 'in_progress', 'resolved', 'verified', 'cancelled')` })
@Check({ name: 'safety_actions_source_item_check', expression: `(source = 'inspection') = (inspection_id is not null and item_id is not null)` })
// the assignee's open actions, soonest due first; and every open action past its due date
@Index({ name: 'safety_actions_open_assignee_idx', expression: `create index safety_actions_open_assignee_idx on ${table} (assignee_id, due_at, id) where ${OPEN}` })
@Index({ name: 'safety_actions_open_due_idx', expression: `create index safety_actions_open_due_idx on ${table} (due_at, id) where ${OPEN}` })
@Index({ name: 'safety_actions_created_idx', expression: `create index safety_actions_created_idx on ${table} (created_at desc, id desc)` })
// one automatic action per failed item of an inspection
@Index({
  name: 'safety_actions_inspection_item_unique',
  expression: `create unique index safety_actions_inspection_item_unique on ${table} (inspection_id, item_id) where source = 'inspection'`,
})
export class ActionRecord extends StreamRowColumns {
  @Property({ type: 'text' })
  source!: 'inspection' | 'manual';

  @ManyToOne(() => InspectionRecord, { fieldName: 'inspection_id', nullable: true, foreignKeyName: 'safety_actions_inspection_fkey', updateRule: 'no action', deleteRule: 'no action', mapToPk: true })
  inspection!: string | null;

  @Property({ type: 'text', nullable: true })
  itemId!: string | null;

  @Property({ type: 'text' })
  title!: string;

  @Property({ type: 'text' })
  priority!: 'low' | 'medium' | 'high' | 'critical';

  @Property({ type: 'uuid', nullable: true })
  assigneeId!: string | null;

  @Property({ type: 'timestamptz' })
  dueAt!: Date;

  @Property({ type: 'text' })
  status!: 'open' | 'in_progress' | 'resolved' | 'verified' | 'cancelled';
}
