import type { EventPayloads, RequestContext, TemplateContent } from '@uehub/contracts';

/** A small template used by the unit and system tests: a critical check, a range, a choice, a photo. */
export const VEHICLE_CHECK: TemplateContent = {
  name: 'Vehicle pre-start',
  category: 'vehicle',
  sections: [
    {
      title: 'Safety',
      items: [
        { id: 'brakes', label: 'Brakes work', kind: 'check', required: true, critical: true },
        { id: 'tyres', label: 'Tyre pressure', kind: 'number', required: true, critical: false, unit: 'bar', min: 2, max: 3 },
        { id: 'kit', label: 'First-aid kit', kind: 'choice', required: false, critical: false, options: ['full', 'partial', 'missing'], failingOptions: ['missing'] },
      ],
    },
    { title: 'Notes', items: [{ id: 'photo', label: 'Photo of the dashboard', kind: 'photo', required: false, critical: false }] },
  ],
};

export function userContext(id: string, role: 'manager' | 'employee' | 'worker' = 'employee'): RequestContext {
  return { actor: { kind: 'user', id, role }, correlationId: 'spec' };
}

/** `safety.inspection.started` of VEHICLE_CHECK version 1. */
export function startedOf(inspectorId: string): EventPayloads['safety.inspection.started'] {
  return {
    templateId: '0190aaaa-0000-7000-8000-000000000001',
    templateVersion: 1,
    templateName: VEHICLE_CHECK.name,
    items: VEHICLE_CHECK.sections.flatMap((s) => s.items.map((i) => ({ ...i, section: s.title }))),
    site: 'Depot North',
    assetId: null,
    inspectorId,
  };
}
