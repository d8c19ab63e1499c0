import { buildOpenApiDocument } from '../apps/gateway/src/openapi/openapi-document';
import { DocumentedResponses } from './support/documented-responses';

const problemOf = (...codes: string[]) => ({
  content: { 'application/problem+json': { schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: codes } } }] } } },
});
const document = {
  paths: {
    '/api/v1/users/{id}': { parameters: [], get: { responses: { 200: {}, 404: problemOf('NOT_FOUND') } } },
    '/api/v1/users/{id}/deactivate': { post: { responses: { 200: {}, 409: problemOf('CONCURRENT_MODIFICATION') } } },
  },
  components: { schemas: { Problem: { type: 'object', required: ['code'], properties: { code: { type: 'string' } } } } },
};

describe('answers checked against the OpenAPI document', () => {
  const documented = new DocumentedResponses(document);

  it('should accept a documented status and code, on a concrete URL of the template (query string too)', () => {
    expect(documented.gap('GET', '/api/v1/users/42?x=1', 200, { id: '42' })).toBeUndefined();
    expect(documented.gap('GET', '/api/v1/users/42', 404, { code: 'NOT_FOUND' })).toBeUndefined();
    expect(documented.gap('POST', '/api/v1/users/42/deactivate', 409, { code: 'CONCURRENT_MODIFICATION' })).toBeUndefined();
  });

  it('should name an undocumented code, status, method or route', () => {
    expect(documented.gap('GET', '/api/v1/users/42', 404, { code: 'RULE_VIOLATED' })).toBe('GET /api/v1/users/{id} answered 404 RULE_VIOLATED, a code its documented 404 (NOT_FOUND) leaves out');
    expect(documented.gap('GET', '/api/v1/users/42', 429, { code: 'RATE_LIMITED' })).toBe('GET /api/v1/users/{id} answered 429, a status its documented responses (200, 404) leave out');
    expect(documented.gap('DELETE', '/api/v1/users/42', 404, { code: 'NOT_FOUND' })).toBe('DELETE /api/v1/users/42 is not a documented route');
    expect(documented.gap('GET', '/api/v1/users/42/deactivate', 200, {})).toBe('GET /api/v1/users/42/deactivate is not a documented route');
  });
});

describe('a success body checked against its documented schema (the served document)', () => {
  const served = () => JSON.parse(JSON.stringify(buildOpenApiDocument())) as ConstructorParameters<typeof DocumentedResponses>[0] & { components: { schemas: Record<string, { properties: Record<string, unknown> }> } };
  const id = '0b6f1f7e-5d3c-4c1e-9a4f-2f8e6d1c0a11';
  const schedule = {
    id,
    templateId: id,
    site: 'Depot North',
    assigneeId: id,
    rrule: 'FREQ=DAILY',
    startsAt: '2026-11-28T08:00:00',
    timeZone: 'UTC',
    windowMinutes: null,
    version: 1,
    createdAt: '2026-11-28T08:00:00.000Z',
    updatedAt: '2026-11-28T08:00:00.000Z',
  };
  const url = `/api/v1/safety/schedules/${id}`;

  it('should accept the body the service sends', () => {
    expect(new DocumentedResponses(served()).gap('GET', url, 200, schedule)).toBeUndefined();
  });

  it('should name a field the service sends that the document leaves out', () => {
    const document = served();
    delete document.components.schemas.SafetySchedule.properties.site;
    expect(new DocumentedResponses(document).gap('GET', url, 200, schedule)).toBe("GET /api/v1/safety/schedules/{id} answered 200 with a body its documented schema rejects: (body) must NOT have additional properties 'site'");
    expect(new DocumentedResponses(served()).gap('GET', url, 200, { ...schedule, secret: 'x' })).toContain("must NOT have additional properties 'secret'");
  });

  it('should name a required field missing or of the wrong type, in a page too', () => {
    const { site: _site, ...withoutSite } = schedule;
    const documented = new DocumentedResponses(served());
    expect(documented.gap('GET', url, 200, withoutSite)).toContain("(body) must have required property 'site'");
    expect(documented.gap('GET', '/api/v1/safety/schedules?limit=5', 200, { items: [{ ...schedule, version: '1' }], nextCursor: null })).toContain('/items/0/version must be integer');
  });

  it('should check a problem answer the same way: its documented codes, no field beyond the Problem ones', () => {
    const problem = { type: 'urn:uehub:problem:not-found', code: 'NOT_FOUND', status: 404, title: 'Not found', detail: 'No such schedule', instance: url, requestId: 'r1' };
    const documented = new DocumentedResponses(served());
    expect(documented.gap('GET', url, 404, problem)).toBeUndefined();
    expect(documented.gap('GET', url, 404, { ...problem, stack: 'at …' })).toBe("GET /api/v1/safety/schedules/{id} answered 404 with a body its documented schema rejects: (body) must NOT have additional properties 'stack'");
    expect(documented.gap('GET', url, 404, { code: 'NOT_FOUND' })).toContain("(body) must have required property 'type'");
  });

  it('should close an allOf as one object: a shift with its history passes, an extra field does not', () => {
    const shift = { id, userId: id, startedAt: schedule.createdAt, endedAt: null, breaks: [], location: null, job: null, note: null, geo: null, flag: null, createdAt: schedule.createdAt, updatedAt: schedule.createdAt, version: 1 };
    const detail = { ...shift, history: [{ version: 1, type: 'timeclock.shift.started', occurredAt: schedule.createdAt, actorId: id, reason: null, data: { any: 'thing' }, changes: null }], correctionRequests: [] };
    const documented = new DocumentedResponses(served());
    expect(documented.gap('GET', `/api/v1/timeclock/shifts/${id}`, 200, detail)).toBeUndefined();
    expect(documented.gap('GET', `/api/v1/timeclock/shifts/${id}`, 200, { ...detail, extra: 1 })).toContain("must NOT have additional properties 'extra'");
  });
});
