import type { EventEnvelope } from '@uehub/contracts';
import type { CommandSession } from '@uehub/event-store';
import { v7 as uuidv7 } from 'uuid';
import type { InspectionState } from '../inspections/inspection.decide';
import { ACTIONS, actionAggregate } from './action.aggregate';

/**
 * Opens one corrective action per failed item that has none yet, in the inspection's command
 * transaction, caused by the event that failed it: owned by the inspector until reassigned,
 * critical items at `critical` priority, others at `medium`.
 */
export async function openActionsForFailures(session: CommandSession, inspectionId: string, state: NonNullable<InspectionState>, cause: EventEnvelope, at: string): Promise<void> {
  for (const itemId of state.failedItemIds) {
    const [existing] = await session.tx.execute<{ id: string }[]>(`select id from ${ACTIONS} where inspection_id = ? and item_id = ?`, [inspectionId, itemId]);
    if (existing) continue;
    const item = state.items.find((i) => i.id === itemId)!;
    const opened = {
      source: 'inspection' as const,
      inspectionId,
      itemId,
      title: `Failed: ${item.label}`.slice(0, 300),
      description: `Inspection "${state.templateName}" v${state.templateVersion} at ${state.site}`.slice(0, 5000),
      priority: item.critical ? ('critical' as const) : ('medium' as const),
      assigneeId: state.inspectorId,
    };
    await session.execute(actionAggregate, uuidv7(), { kind: 'open', opened, at }, { causationId: cause.id });
  }
}
