import type { ActionView, InspectionView, TemplateContent, TemplateView } from '@uehub/contracts';
import type { Api, ApiResponse } from './http-client';

export { VEHICLE_CHECK } from '../../apps/safety/src/safety.fixture';

/** Fails the test with the body when the status is not the expected one. */
export function ok<T>(response: ApiResponse<T>, status = 200): T {
  if (response.status !== status) throw new Error(`expected ${status}, got ${response.status}: ${JSON.stringify(response.body)}`);
  return response.body;
}

export async function publishedTemplate(api: Api, token: string, content: TemplateContent, headers: Record<string, string> = {}): Promise<TemplateView> {
  const created = ok(await api<TemplateView>('POST', '/api/v1/safety/templates', { token, body: content, headers }), 201);
  return ok(await api<TemplateView>('POST', `/api/v1/safety/templates/${created.id}/publish`, { token, headers }));
}

export async function startInspection(api: Api, token: string, templateId: string, site = 'Depot North', headers: Record<string, string> = {}): Promise<InspectionView> {
  return ok(await api<InspectionView>('POST', '/api/v1/safety/inspections', { token, body: { templateId, site }, headers }), 201);
}

export function answer(api: Api, token: string, id: string, itemId: string, value: string | number, answerId = `${itemId}-1`, headers: Record<string, string> = {}) {
  return api<InspectionView>('PUT', `/api/v1/safety/inspections/${id}/answers/${itemId}`, { token, body: { answerId, value }, headers });
}

export async function actionsOf(api: Api, token: string, query = ''): Promise<ActionView[]> {
  return ok(await api<{ items: ActionView[] }>('GET', `/api/v1/safety/actions${query}`, { token })).items;
}
