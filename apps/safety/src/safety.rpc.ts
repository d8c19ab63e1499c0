import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import {
  amendSchema,
  answerSchema,
  cancelActionSchema,
  createActionSchema,
  itemKeySchema,
  listActionsQuerySchema,
  listInspectionsQuerySchema,
  listTemplatesQuerySchema,
  resolveActionSchema,
  startInspectionSchema,
  templateContentSchema,
  updateActionSchema,
  uuidSchema,
} from '@uehub/contracts';
import { parseOrThrow, requireCaller } from '@uehub/errors';
import { RpcServer } from '@uehub/messaging';
import { z } from 'zod';
import { ActionCommands } from './actions/action-commands.service';
import { InspectionCommands } from './inspections/inspection-commands.service';
import { SafetyQueries } from './safety-queries.service';
import { TemplateCommands } from './templates/template-commands.service';

const expected = (value: unknown) => parseOrThrow(z.number().int().positive().optional(), value);
const id = (value: unknown) => parseOrThrow(uuidSchema, value, 'id');

/** Safety's request/reply patterns: payloads re-validated, callers re-checked. */
@Injectable()
export class SafetyRpc implements OnApplicationBootstrap {
  constructor(
    private readonly rpc: RpcServer,
    private readonly templates: TemplateCommands,
    private readonly inspections: InspectionCommands,
    private readonly actions: ActionCommands,
    private readonly queries: SafetyQueries,
  ) {}

  onApplicationBootstrap(): void {
    const { templates: t, inspections: i, actions: a, queries: q } = this;
    this.rpc.serve({
      'safety.templates.create': (p, c) => t.create(parseOrThrow(templateContentSchema, p), requireCaller(c)),
      'safety.templates.get': (p, c) => q.template(id(p.id), requireCaller(c)),
      'safety.templates.list': (p, c) => q.templates(parseOrThrow(listTemplatesQuerySchema, p, 'query'), requireCaller(c)),
      'safety.templates.update': (p, c) =>
        t.execute(id(p.id), { kind: 'save_draft', content: parseOrThrow(templateContentSchema, p.content) }, expected(p.expectedVersion), requireCaller(c)),
      'safety.templates.publish': (p, c) => t.execute(id(p.id), { kind: 'publish' }, expected(p.expectedVersion), requireCaller(c)),
      'safety.templates.archive': (p, c) => t.execute(id(p.id), { kind: 'archive' }, expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.start': (p, c) => i.start(parseOrThrow(startInspectionSchema, p), requireCaller(c)),
      'safety.inspections.get': (p, c) => q.inspection(id(p.id), requireCaller(c)),
      'safety.inspections.list': (p, c) => q.inspections(parseOrThrow(listInspectionsQuerySchema, p, 'query'), requireCaller(c)),
      'safety.inspections.answer': (p, c) =>
        i.answer(id(p.id), parseOrThrow(itemKeySchema, p.itemId, 'item id'), parseOrThrow(answerSchema, p.answer), requireCaller(c)),
      'safety.inspections.complete': (p, c) => i.complete(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.sign': (p, c) => i.countersign(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.inspections.amend': (p, c) => i.amend(id(p.id), parseOrThrow(amendSchema, p.amendment), expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.create': (p, c) => a.create(parseOrThrow(createActionSchema, p), requireCaller(c)),
      'safety.actions.get': (p, c) => q.action(id(p.id), requireCaller(c)),
      'safety.actions.list': (p, c) => q.actions(parseOrThrow(listActionsQuerySchema, p, 'query'), requireCaller(c)),
      'safety.actions.update': (p, c) => a.update(id(p.id), parseOrThrow(updateActionSchema, p.patch), expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.resolve': (p, c) => a.resolve(id(p.id), parseOrThrow(resolveActionSchema, { note: p.note }).note, expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.verify': (p, c) => a.verify(id(p.id), expected(p.expectedVersion), requireCaller(c)),
      'safety.actions.cancel': (p, c) => a.cancel(id(p.id), parseOrThrow(cancelActionSchema, { reason: p.reason }).reason, expected(p.expectedVersion), requireCaller(c)),
    });
  }
}
