import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Response } from 'express';

/** Where the auditor's desk is served. */
export const AUDIT_DESK_PATH = '/audit/';

/**
 * The page may run its own script and style sheets and talk to its own origin, nothing else:
 * no inline script or style, no other origin, not framed. Pico's form controls draw with
 * `data:` SVG images, and the export arrives as a `blob:` download.
 */
export const AUDIT_DESK_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

function securityHeaders(res: Response): void {
  res.setHeader('Content-Security-Policy', AUDIT_DESK_CSP);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cache-Control', 'no-cache');
}

/**
 * The page's files (`apps/gateway/audit-desk`), found from this module's directory: from the
 * sources (`apps/gateway/src/http`, tests) two levels up, from the build
 * (`dist/apps/gateway/src/http`) back in the repository.
 */
export function pageDirectory(from: string = __dirname): string {
  const candidates = [resolve(from, '..', '..', 'audit-desk'), resolve(from, '..', '..', '..', '..', '..', 'apps', 'gateway', 'audit-desk')];
  const found = candidates.find((dir) => existsSync(resolve(dir, 'index.html')));
  if (!found) throw new Error(`the auditor's desk page is missing (looked in ${candidates.join(', ')})`);
  return found;
}

/** Serves the auditor's desk (static HTML, one ES module, CSS) and the vendored Pico CSS from node_modules. */
export function serveAuditDesk(app: NestExpressApplication): void {
  const options = { prefix: AUDIT_DESK_PATH, index: 'index.html', setHeaders: securityHeaders };
  app.useStaticAssets(dirname(require.resolve('@picocss/pico/css/pico.classless.min.css')), { ...options, prefix: `${AUDIT_DESK_PATH}vendor/pico/` });
  app.useStaticAssets(pageDirectory(), options);
}
