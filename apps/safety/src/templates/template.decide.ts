import type { TemplateContent, TemplateVersionView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import type { Decider, NewEvent } from '@uehub/event-store';

/** A template stream folded: every version it had (drafts are overwritten until published). */
export type TemplateState = { name: string; category: string; archived: boolean; versions: TemplateVersionView[] } | null;

export type TemplateCommand = { kind: 'create'; content: TemplateContent } | { kind: 'save_draft'; content: TemplateContent } | { kind: 'publish' } | { kind: 'archive' };

/** The newest published version: the one new inspections start from. */
export function publishedVersion(state: NonNullable<TemplateState>): TemplateVersionView | undefined {
  return state.versions.filter((v) => v.status === 'published').at(-1);
}

/** Template rules: draft → published; editing a published version starts the next draft; archive ends it. */
export function decideTemplate(command: TemplateCommand, state: TemplateState): NewEvent[] {
  if (command.kind === 'create') {
    if (state) throw new AppError('ALREADY_EXISTS', 'The template exists already');
    return [{ type: 'safety.template.created', data: command.content }];
  }
  if (!state) throw new AppError('NOT_FOUND', 'No such template');
  if (state.archived) {
    if (command.kind === 'archive') return [];
    throw new AppError('RULE_VIOLATED', 'The template is archived');
  }
  const latest = state.versions.at(-1)!;
  switch (command.kind) {
    case 'save_draft': {
      const version = latest.status === 'draft' ? latest.version : latest.version + 1;
      return [{ type: 'safety.template.draft_saved', data: { ...command.content, version } }];
    }
    case 'publish':
      if (latest.status !== 'draft') throw new AppError('RULE_VIOLATED', `Version ${latest.version} is published already; save a new draft first`);
      return [{ type: 'safety.template.published', data: { version: latest.version } }];
    case 'archive':
      return [{ type: 'safety.template.archived', data: {} }];
    default: {
      const unknown: never = command;
      throw new Error(`Unknown template command ${JSON.stringify(unknown)}`);
    }
  }
}

export function evolveTemplate(state: TemplateState, event: NewEvent): TemplateState {
  if (event.type === 'safety.template.created') {
    const { name, category } = event.data;
    return { name, category, archived: false, versions: [{ ...event.data, version: 1, status: 'draft' }] };
  }
  if (!state) return state;
  switch (event.type) {
    case 'safety.template.draft_saved': {
      const { version, ...content } = event.data;
      const kept = state.versions.filter((v) => v.version !== version);
      const versions = [...kept, { ...content, version, status: 'draft' as const }];
      // the name shown is the published one once there is one
      return publishedVersion(state) ? { ...state, versions } : { ...state, name: content.name, category: content.category, versions };
    }
    case 'safety.template.published': {
      const versions = state.versions.map((v) => (v.version === event.data.version ? { ...v, status: 'published' as const } : v));
      const published = versions.find((v) => v.version === event.data.version)!;
      return { ...state, name: published.name, category: published.category, versions };
    }
    case 'safety.template.archived':
      return { ...state, archived: true };
    default:
      return state;
  }
}

export const templateDecider: Decider<TemplateState, TemplateCommand> = {
  initialState: null,
  decide: (command, state) => decideTemplate(command, state),
  evolve: evolveTemplate,
};
