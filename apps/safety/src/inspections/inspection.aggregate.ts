import type { InspectionView } from '@uehub/contracts';
import type { Aggregate } from '@uehub/event-store';
import { rowMeta, stateProjection, type StateRow, type StateTable } from '../store/state-rows';
import { inspectionDecider, type InspectionCommand, type InspectionState } from './inspection.decide';

export const CHECKLISTS = 'safety.safety_checklists';

export const inspectionTable: StateTable<InspectionState> = {
  table: CHECKLISTS,
  columnsOf: (s) => ({
    template_id: s.templateId,
    template_version: s.templateVersion,
    site: s.site,
    asset_id: s.assetId,
    inspector_id: s.inspectorId,
    status: s.status,
    result: s.result,
    score: s.score,
    completed_at: s.completedAt,
  }),
};

export const inspectionAggregate: Aggregate<InspectionState, InspectionCommand> = {
  streamType: 'inspection',
  decider: inspectionDecider,
  projection: stateProjection(inspectionTable),
};

export function toInspectionView(row: StateRow & { state: NonNullable<InspectionState> }): InspectionView {
  const { answerIds: _answerIds, answers, ...state } = row.state;
  const order = new Map(state.items.map((item, index) => [item.id, index]));
  const sorted = Object.values(answers).sort((a, b) => order.get(a.itemId)! - order.get(b.itemId)!);
  return { ...state, ...rowMeta(row), answers: sorted };
}
