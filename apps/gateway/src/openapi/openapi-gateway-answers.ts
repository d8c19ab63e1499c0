import { addProblem, type Paths } from './openapi-helpers';

/**
 * Answers every API route can give whatever its service: the gateway's own, before the route
 * runs (an unreadable request, headers over the limit; for a body: not JSON, too large, an
 * unsupported encoding), and the request/reply hop's (the service did not answer). A 500 is not
 * listed: it is a bug, and the whole-system tests fail on an undocumented status.
 */
export function withGatewayAnswers(paths: Paths): Paths {
  for (const [path, operations] of Object.entries(paths)) {
    if (!path.startsWith('/api/v1/')) continue;
    for (const operation of Object.values(operations)) {
      addProblem(operation, 400, 'MALFORMED_REQUEST (the request could not be read)');
      if (operation.requestBody) {
        addProblem(operation, 400, 'VALIDATION_FAILED (a body that does not parse or does not match the schema)');
        addProblem(operation, 413, 'PAYLOAD_TOO_LARGE');
        addProblem(operation, 415, 'UNSUPPORTED_MEDIA_TYPE (a body encoding or charset the gateway does not take)');
      }
      addProblem(operation, 431, 'HEADERS_TOO_LARGE');
      addProblem(operation, 503, 'SERVICE_UNAVAILABLE / SERVICE_TIMEOUT (the service did not answer in time; Retry-After)');
    }
  }
  return paths;
}
