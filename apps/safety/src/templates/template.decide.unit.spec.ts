import type { NewEvent } from '@uehub/event-store';
import { deciderSpecification } from '@uehub/testing';
import { VEHICLE_CHECK } from '../safety.fixture';
import { templateDecider } from './template.decide';

const spec = deciderSpecification(templateDecider);
const created: NewEvent = { type: 'safety.template.created', data: VEHICLE_CHECK };
const published1: NewEvent = { type: 'safety.template.published', data: { version: 1 } };
const renamed = { ...VEHICLE_CHECK, name: 'Vehicle pre-start v2' };

describe('template rules', () => {
  it('should create a draft and publish it', () => {
    spec.given().when({ kind: 'create', content: VEHICLE_CHECK }).then([created]);
    spec.given(created).when({ kind: 'publish' }).then([published1]);
  });
  it('should overwrite the draft while it is unpublished', () => {
    spec.given(created).when({ kind: 'save_draft', content: renamed }).then([{ type: 'safety.template.draft_saved', data: { ...renamed, version: 1 } }]);
  });
  it('should start version 2 when a published template is edited, keeping version 1 published', () => {
    spec.given(created, published1).when({ kind: 'save_draft', content: renamed }).then([{ type: 'safety.template.draft_saved', data: { ...renamed, version: 2 } }]);
    const state = [created, published1, { type: 'safety.template.draft_saved', data: { ...renamed, version: 2 } } as NewEvent].reduce(templateDecider.evolve, null);
    expect(state?.versions.map((v) => [v.version, v.status, v.name])).toEqual([
      [1, 'published', 'Vehicle pre-start'],
      [2, 'draft', 'Vehicle pre-start v2'],
    ]);
  });
  it('should refuse to publish a version twice', () => {
    spec.given(created, published1).when({ kind: 'publish' }).thenThrows('RULE_VIOLATED');
  });
  it('should archive once, and refuse edits afterwards', () => {
    const archived: NewEvent = { type: 'safety.template.archived', data: {} };
    spec.given(created, published1).when({ kind: 'archive' }).then([archived]);
    spec.given(created, published1, archived).when({ kind: 'archive' }).then([]);
    spec.given(created, published1, archived).when({ kind: 'save_draft', content: renamed }).thenThrows('RULE_VIOLATED');
    spec.given(created, published1, archived).when({ kind: 'publish' }).thenThrows('RULE_VIOLATED');
  });
  it('should not act on a template that does not exist', () => {
    spec.given().when({ kind: 'publish' }).thenThrows('NOT_FOUND');
  });
});
