import { buildOpenApiDocument } from './openapi-document';

type Schema = Record<string, unknown>;
const REF = '#/components/schemas/';

/**
 * Where a success answer's schema leaves a field open to anything: an object that lists no
 * properties and says nothing of others (openapi-typescript makes it `Record<string, never>`,
 * the run-time check in the whole-system tests lets anything through), or a required field it
 * does not describe.
 */
function thinSpots(schema: unknown, at: string, components: Record<string, Schema>, seen: Set<string>): string[] {
  if (Array.isArray(schema)) return schema.flatMap((part, index) => thinSpots(part, `${at}/${index}`, components, seen));
  if (typeof schema !== 'object' || schema === null) return [];
  const node = schema as Schema;
  if (typeof node.$ref === 'string') {
    const name = node.$ref.slice(REF.length);
    if (seen.has(name)) return [];
    seen.add(name);
    return thinSpots(components[name], name, components, seen);
  }
  const found: string[] = [];
  const types = [node.type].flat();
  const properties = node.properties as Record<string, unknown> | undefined;
  if (types.includes('object') && !properties && node.additionalProperties === undefined) found.push(`${at}: an object with no properties`);
  for (const name of (node.required as string[] | undefined) ?? []) {
    if (!node.allOf && !properties?.[name]) found.push(`${at}: required ${name} is not described`);
  }
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') for (const [name, member] of Object.entries(value as Schema)) found.push(...thinSpots(member, `${at}.${name}`, components, seen));
    else if (['items', 'additionalProperties', 'allOf', 'oneOf', 'anyOf'].includes(key)) found.push(...thinSpots(value, `${at}/${key}`, components, seen));
  }
  return found;
}

describe('OpenAPI document: success answers', () => {
  const document = buildOpenApiDocument();
  const components = (document.components?.schemas ?? {}) as Record<string, Schema>;
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item ?? {}).flatMap(([method, operation]) => Object.entries((operation as { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }).responses ?? {}).map(([status, response]) => ({ where: `${method.toUpperCase()} ${path} ${status}`, status, response }))),
  );

  it('should describe every field of every JSON body a route answers with', () => {
    const thin = operations.filter(({ status }) => status.startsWith('2')).flatMap(({ where, response }) => thinSpots(response.content?.['application/json']?.schema, where, components, new Set()));
    expect(thin).toEqual([]);
  });

  it('should give a schema to every JSON answer of the API', () => {
    const bare = operations.filter(({ where, status, response }) => where.includes(' /api/v1/') && status.startsWith('2') && status !== '204' && !response.content).map(({ where }) => where);
    expect(bare).toEqual([]);
  });
});
