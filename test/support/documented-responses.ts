// Checks every answer the whole-system tests get against the gateway's own OpenAPI document
// (as served at /api/docs-json): the route must be documented for the method, the status among
// the operation's responses, and an error's `code` among the codes documented for that status.
interface MediaObject {
  schema?: { allOf?: Array<{ properties?: { code?: { enum?: string[] } } }> };
}
interface ResponseObject {
  content?: Record<string, MediaObject>;
}
interface OpenApiDocument {
  paths: Record<string, Record<string, unknown>>;
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

export class DocumentedResponses {
  private readonly routes: Route[];

  constructor(document: OpenApiDocument) {
    this.routes = routesOf(document);
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
    return undefined;
  }
}
