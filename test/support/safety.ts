import type { ActionView, InspectionView, OccurrenceView, TemplateContent, TemplateView } from '@uehub/contracts';
import type { Api, ApiResponse } from './http-client';

export { VEHICLE_CHECK } from '../../apps/safety/src/safety.fixture';

/** Fails the test with the body when the status is not the expected one. */
export function ok<T>(response: ApiResponse<T>, status = 200): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function publishedTemplate(api: Api, token: string, content: TemplateContent, headers: Record<string, string> = {}): Promise<TemplateView> {
  const created = ok(await api('POST', '/api/v1/safety/templates', { token, body: content, headers }), 201);
  return ok(await api('POST', `/api/v1/safety/templates/${created.id}/publish`, { token, headers }));
}

export async function startInspection(api: Api, token: string, templateId: string, site = 'Depot North', headers: Record<string, string> = {}): Promise<InspectionView> {
  return ok(await api('POST', '/api/v1/safety/inspections', { token, body: { templateId, site }, headers }), 201);
}

export function answer(api: Api, token: string, id: string, itemId: string, value: string | number, answerId = `${itemId}-1`, headers: Record<string, string> = {}) {
  return api('PUT', `/api/v1/safety/inspections/${id}/answers/${itemId}`, { token, body: { answerId, value }, headers });
}

export async function actionsOf(api: Api, token: string, query: '' | `?${string}` = ''): Promise<ActionView[]> {
  return ok(await api('GET', `/api/v1/safety/actions${query}`, { token })).items;
}

/** A schedule's body: daily from `hoursAgo` hours back (whole seconds), at the site, for the assignee. */
export function dailyFrom(templateId: string, assigneeId: string, hoursAgo: number, site = 'Depot North') {
  return { templateId, assigneeId, site, rrule: 'FREQ=DAILY', startsAt: new Date(Math.floor((Date.now() - hoursAgo * 3_600_000) / 1000) * 1000).toISOString() };
}

/** The occurrences of `GET /safety/schedules/due` from `fromMs` to `toMs` (epoch ms), with an optional extra query. */
export async function dueOf(api: Api, token: string, fromMs: number, toMs: number, extra = ''): Promise<OccurrenceView[]> {
  const query = `from=${encodeURIComponent(new Date(fromMs).toISOString())}&to=${encodeURIComponent(new Date(toMs).toISOString())}${extra}`;
  return ok(await api('GET', `/api/v1/safety/schedules/due?${query}`, { token })).items;
}
