import type { TemplateView } from '@uehub/contracts';
import type { Aggregate } from '@uehub/event-store';
import { rowMeta, stateProjection, type StateRow, type StateTable } from '../store/state-rows';
import { publishedVersion, templateDecider, type TemplateCommand, type TemplateState } from './template.decide';

export const TEMPLATES = 'safety.safety_templates';

export const templateTable: StateTable<TemplateState> = {
  table: TEMPLATES,
  columnsOf: (state) => ({
    name: state.name,
    category: state.category,
    status: statusOf(state),
    latest_version: state.versions.at(-1)!.version,
    published_version: publishedVersion(state)?.version ?? null,
  }),
};

export const templateAggregate: Aggregate<TemplateState, TemplateCommand> = {
  streamType: 'template',
  decider: templateDecider,
  projection: stateProjection(templateTable),
};

function statusOf(state: NonNullable<TemplateState>): TemplateView['status'] {
  if (state.archived) return 'archived';
  return publishedVersion(state) ? 'published' : 'draft';
}

export function toTemplateView(row: StateRow & { state: NonNullable<TemplateState> }): TemplateView {
  const { state } = row;
  return {
    ...rowMeta(row),
    name: state.name,
    category: state.category,
    status: statusOf(state),
    latestVersion: state.versions.at(-1)!.version,
    publishedVersion: publishedVersion(state)?.version ?? null,
    versions: state.versions,
  };
}
