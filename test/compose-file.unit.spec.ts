// docker-compose.yml checked without a container engine: against the Compose Specification's
// JSON schema (deploy/compose/compose-spec.schema.json, pinned), and every file it mounts exists.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..');
type Service = { image?: string; command?: string[]; expose?: string[]; ports?: string[]; profiles?: string[]; volumes?: string[]; depends_on?: Record<string, unknown>; environment?: Record<string, string>; deploy?: { replicas?: number } };
type Compose = { services: Record<string, Service> };

/** `${NAME:-default}` and `${NAME}` replaced as Compose does with an empty environment. */
function interpolate(text: string): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::?-([^}]*))?\}/g, (_, _name: string, fallback?: string) => fallback ?? '');
}

/** The pinned schema (draft-07, Ajv's default: its `$schema` names the https address Ajv does not know). */
function compileSchema(allErrors = false) {
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(path.join(ROOT, 'deploy/compose/compose-spec.schema.json'), 'utf8')) as Record<string, unknown>;
  return new Ajv({ allErrors, strict: false }).compile(schema);
}

function loadCompose(): Compose {
  return parse(interpolate(readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8')), { merge: true }) as Compose;
}

describe('docker-compose.yml', () => {
  const compose = loadCompose();

  it('should follow the Compose Specification schema', () => {
    const validate = compileSchema(true);
    const valid = validate(compose);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it('should be refused by the schema when a service is malformed, so the check has teeth', () => {
    const validate = compileSchema();
    expect(validate({ services: { gateway: { ...compose.services.gateway, ports: 3000 } } })).toBe(false);
    expect(validate({ services: { gateway: { ...compose.services.gateway, restart_policy: 'always' } } })).toBe(false);
  });

  it('should mount only files of the repository that exist', () => {
    const mounted = Object.values(compose.services)
      .flatMap((service) => service.volumes ?? [])
      .filter((volume) => volume.startsWith('./'))
      .map((volume) => volume.split(':')[0]);
    expect(mounted.length).toBeGreaterThan(3);
    expect(mounted.filter((file) => !existsSync(path.join(ROOT, file)))).toEqual([]);
  });

  it('should name only services it defines in depends_on', () => {
    const names = new Set(Object.keys(compose.services));
    const unknown = Object.values(compose.services).flatMap((service) => Object.keys(service.depends_on ?? {}).filter((name) => !names.has(name)));
    expect(unknown).toEqual([]);
  });

  it('should have a cluster profile of three NATS nodes and two gateways behind a round-robin', () => {
    const cluster = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('cluster'));
    expect(cluster.map(([name]) => name)).toEqual(['nats-1', 'nats-2', 'nats-3']);
    for (const [name, service] of cluster) expect(service.volumes).toContain(`./deploy/nats/cluster/${name}.conf:/etc/nats/nats.conf:ro`);
    expect(compose.services.gateway.deploy?.replicas).toBe(2);
    expect(compose.services.lb.volumes).toContain('./deploy/caddy/Caddyfile:/etc/caddy/Caddyfile:ro');
  });

  it('should have a tracing profile with a pinned Jaeger taking OTLP over HTTP, and pass the OTLP settings to every service', () => {
    const tracing = Object.entries(compose.services).filter(([, service]) => service.profiles?.includes('tracing'));
    expect(tracing.map(([name]) => name)).toEqual(['jaeger']);
    const jaeger = compose.services.jaeger;
    expect(jaeger.image).toMatch(/^jaegertracing\/jaeger:\d+\.\d+\.\d+$/);
    expect(jaeger.command).toContain('receivers.otlp.protocols.http.endpoint=0.0.0.0:4318');
    expect({ expose: jaeger.expose, ports: jaeger.ports }).toEqual({ expose: ['4318'], ports: ['16686:16686'] });
    for (const name of ['auth', 'inventory', 'audit', 'timeclock', 'safety', 'gateway']) {
      expect(Object.keys(compose.services[name].environment ?? {})).toEqual(expect.arrayContaining(['OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_SDK_DISABLED']));
    }
  });
});
