// Checks every answer the whole-system tests get against the gateway's own OpenAPI document
// (as served at /api/docs-json): the route must be documented for the method, the status among
// the operation's responses, an error's `code` among the codes documented for that status, and
// a JSON body (a success or a problem) must match the documented schema exactly: a field the document leaves out
// fails (every object schema is closed here, `additionalProperties: false`, unless it says
// otherwise), so does a missing required field or a wrong type.
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

type Schema = Record<string, unknown>;
interface MediaObject {
  schema?: Schema & { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> };
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, Schema> };
}
interface Route {
  method: string;
  template: string;
  pattern: RegExp;
  literalLength: number;
  responses: Record<string, ResponseObject>;
}

function routesOf(document: OpenApiDocument): Route[] {
  return Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).flatMap(([method, operation]) => {
      const responses = (operation as { responses?: Record<string, ResponseObject> }).responses;
      if (!responses) return [];
      const pattern = new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`);
      return [{ method: method.toUpperCase(), template, pattern, literalLength: template.replace(/\{[^}]+\}/g, '').length, responses }];
    }),
  );
}

/** The codes a documented problem answer lists (undefined: the answer names none, any code goes). */
function documentedCodes(response: ResponseObject): string[] | undefined {
  const parts = response.content?.['application/problem+json']?.schema?.allOf ?? [];
  return parts.map((part) => part.properties?.code?.enum).find((codes) => codes !== undefined);
}

const REF = '#/components/schemas/';

/**
 * The schema with every object closed: `allOf` parts merged into one object (a closed part
 * would reject its siblings' fields) and `additionalProperties: false` where the schema lists
 * properties and says nothing about others.
 */
export function closed(schema: unknown, components: Record<string, Schema>): unknown {
  if (Array.isArray(schema)) return schema.map((part) => closed(part, components));
  if (typeof schema !== 'object' || schema === null) return schema;
  let source = schema as Schema;
  if (Array.isArray(source.allOf)) {
    const parts = (source.allOf as Schema[]).map((part) => (typeof part.$ref === 'string' && part.$ref.startsWith(REF) ? components[part.$ref.slice(REF.length)] : part));
    const { allOf: _parts, ...rest } = source;
    source = {
      type: 'object',
      ...rest,
      properties: Object.assign({}, ...parts.map((part) => part.properties ?? {})) as Schema,
      required: [...new Set(parts.flatMap((part) => (part.required as string[] | undefined) ?? []))],
    };
  }
  const result: Schema = Object.fromEntries(Object.entries(source).map(([key, value]) => [key, key === 'properties' || key === 'additionalProperties' || key === 'items' || key === 'oneOf' || key === 'anyOf' ? closedMembers(key, value, components) : value]));
  if (result.properties !== undefined && result.additionalProperties === undefined) result.additionalProperties = false;
  return result;
}

function closedMembers(key: string, value: unknown, components: Record<string, Schema>): unknown {
  if (key !== 'properties' || typeof value !== 'object' || value === null) return closed(value, components);
  return Object.fromEntries(Object.entries(value).map(([name, member]) => [name, closed(member, components)]));
}

export class DocumentedResponses {
  private readonly routes: Route[];
  private readonly ajv = addFormats(new Ajv2020({ strict: false, allErrors: true }));
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly components: Record<string, Schema>;

  constructor(document: OpenApiDocument) {
    this.routes = routesOf(document);
    const components = (this.components = document.components?.schemas ?? {});
    const schemas = Object.fromEntries(Object.entries(components).map(([name, schema]) => [name, closed(schema, components)]));
    this.ajv.addSchema({ $id: 'uehub-api', components: { schemas } });
  }

  /** Why a JSON body does not match the documented schema, or undefined when it does. */
  private schemaGap(where: string, status: number, schema: Schema, body: unknown): string | undefined {
    const key = `${where} ${status}`;
    let validate = this.validators.get(key);
    if (!validate) {
      const json = JSON.stringify(closed(schema, this.components)).replaceAll(`"${REF}`, `"uehub-api${REF}`);
      validate = this.ajv.compile(JSON.parse(json) as Schema);
      this.validators.set(key, validate);
    }
    if (validate(body)) return undefined;
    const errors = (validate.errors ?? []).slice(0, 5).map((error) => `${error.instancePath || '(body)'} ${error.message}${error.params && 'additionalProperty' in error.params ? ` '${String(error.params.additionalProperty)}'` : ''}`);
    return `${where} answered ${status} with a body its documented schema rejects: ${errors.join('; ')}`;
  }

  static async of(baseUrl: string): Promise<DocumentedResponses> {
    const response = await fetch(`${baseUrl}/api/docs-json`);
    if (response.status !== 200) throw new Error(`the gateway's /api/docs-json answered ${response.status}`);
    return new DocumentedResponses((await response.json()) as OpenApiDocument);
  }

  /** Why the document does not cover this answer, or undefined when it does. */
  gap(method: string, url: string, status: number, body: unknown): string | undefined {
    const path = url.split('?')[0];
    // `/users/{id}` also matches `/users/me`-like literals: the most literal template wins
    const route = this.routes
      .filter((candidate) => candidate.method === method && candidate.pattern.test(path))
      .sort((a, b) => b.literalLength - a.literalLength)[0];
    if (!route) return `${method} ${path} is not a documented route`;
    const where = `${method} ${route.template}`;
    const response = route.responses[String(status)] ?? route.responses.default;
    if (!response) return `${where} answered ${status}, a status its documented responses (${Object.keys(route.responses).join(', ')}) leave out`;
    const code = typeof body === 'object' && body !== null && 'code' in body ? String(body.code) : undefined;
    const codes = documentedCodes(response);
    if (status >= 400 && code !== undefined && codes !== undefined && !codes.includes(code)) {
      return `${where} answered ${status} ${code}, a code its documented ${status} (${codes.join(', ')}) leaves out`;
    }
    const schema = (response.content?.['application/json'] ?? response.content?.['application/problem+json'])?.schema;
    if (schema && body !== undefined) return this.schemaGap(where, status, schema, body);
    return undefined;
  }
}
