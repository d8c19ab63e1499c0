import { DocumentedResponses } from './support/documented-responses';

const problemOf = (...codes: string[]) => ({
  content: { 'application/problem+json': { schema: { allOf: [{ $ref: '#/components/schemas/Problem' }, { properties: { code: { enum: codes } } }] } } },
});
const document = {
  paths: {
    '/api/v1/users/{id}': { parameters: [], get: { responses: { 200: {}, 404: problemOf('NOT_FOUND') } } },
    '/api/v1/users/{id}/deactivate': { post: { responses: { 200: {}, 409: problemOf('CONCURRENT_MODIFICATION') } } },
  },
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
