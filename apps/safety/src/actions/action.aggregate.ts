import type { ActionView } from '@uehub/contracts';
import type { Aggregate } from '@uehub/event-store';
import { rowMeta, stateProjection, type StateRow, type StateTable } from '../store/state-rows';
import { actionDecider, type ActionCommand, type ActionState } from './action.decide';

export const ACTIONS = 'safety.safety_actions';

export const actionTable: StateTable<ActionState> = {
  table: ACTIONS,
  columnsOf: (s) => ({
    source: s.source,
    inspection_id: s.inspectionId,
    item_id: s.itemId,
    title: s.title,
    priority: s.priority,
    assignee_id: s.assigneeId,
    due_at: s.dueAt,
    status: s.status,
  }),
};

export const actionAggregate: Aggregate<ActionState, ActionCommand> = {
  streamType: 'action',
  decider: actionDecider,
  projection: stateProjection(actionTable),
};

export function toActionView(row: StateRow & { state: NonNullable<ActionState> }, now = Date.now()): ActionView {
  const { state } = row;
  const open = state.status === 'open' || state.status === 'in_progress';
  return { ...state, ...rowMeta(row), overdue: open && Date.parse(state.dueAt) < now };
}
