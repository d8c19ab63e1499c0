import { NATS_PROCESSES, natsPermissions, type NatsProcess } from './nats-permissions';

/** NATS subject matching: `*` is one token, `>` one or more at the end. */
function matches(pattern: string, subject: string): boolean {
  const p = pattern.split('.');
  const s = subject.split('.');
  for (let i = 0; i < p.length; i++) {
    if (p[i] === '>') return s.length > i;
    if (i >= s.length || (p[i] !== '*' && p[i] !== s[i])) return false;
  }
  return p.length === s.length;
}
const who = (action: 'publish' | 'subscribe', subject: string): NatsProcess[] =>
  NATS_PROCESSES.filter((process) => {
    const permissions = natsPermissions('uehub', process);
    const denied = action === 'publish' && (permissions.denyPublish ?? []).some((pattern) => matches(pattern, subject));
    return !denied && permissions[action].some((pattern) => matches(pattern, subject));
  });

describe('NATS permissions per process', () => {
  it("should let the gateway send every request, read only its own inbox, follow auth's user events and keep its rate limits", () => {
    expect(natsPermissions('uehub', 'gateway')).toEqual({
      publish: [
        'uehub.rpc.>',
        '$JS.API.STREAM.INFO.UEHUB_EVENTS',
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.*.uehub.events.auth.user.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.*',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.*',
        '$JS.API.INFO',
        '$JS.API.STREAM.INFO.KV_UEHUB_RATE_LIMITS',
        '$JS.API.STREAM.CREATE.KV_UEHUB_RATE_LIMITS',
        '$JS.API.DIRECT.GET.KV_UEHUB_RATE_LIMITS.>',
        '$KV.UEHUB_RATE_LIMITS.>',
      ],
      denyPublish: [
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.inventory-user-refs.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.inventory-user-refs',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.inventory-user-refs',
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.audit.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.audit',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.audit',
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.timeclock-user-refs.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.timeclock-user-refs',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.timeclock-user-refs',
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.safety-user-refs.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.safety-user-refs',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.safety-user-refs',
      ],
      subscribe: ['_INBOX.uehub.gateway.>'],
      allowResponses: false,
    });
    expect(who('publish', '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.oc_abc_1.uehub.events.auth.user.>')).toEqual(['gateway', 'inventory', 'timeclock', 'safety']);
    expect(who('publish', '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.oc_abc_1.uehub.events.>')).toEqual([]);
  });

  it('should give inventory exactly its events, its listed calls, its JetStream needs, its requests and its inbox', () => {
    expect(natsPermissions('uehub', 'inventory')).toEqual({
      publish: [
        'uehub.events.inventory.>',
        'uehub.svc.inventory.auth.users.get',
        'uehub.svc.inventory.auth.jwks',
        '$JS.API.INFO',
        '$JS.API.STREAM.INFO.UEHUB_EVENTS',
        '$JS.API.STREAM.CREATE.UEHUB_EVENTS',
        '$JS.API.STREAM.UPDATE.UEHUB_EVENTS',
        '$JS.API.STREAM.NAMES',
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.inventory-user-refs.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.inventory-user-refs',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.inventory-user-refs',
        '$JS.ACK.UEHUB_EVENTS.inventory-user-refs.>',
        // the rebuild check replays auth's user events through ordered consumers
        '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.*.uehub.events.auth.user.>',
        '$JS.API.CONSUMER.INFO.UEHUB_EVENTS.*',
        '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.*',
      ],
      // ... never on the other services' durables (the gateway's list but its own)
      denyPublish: natsPermissions('uehub', 'gateway').denyPublish?.filter((subject) => !subject.includes('.inventory-user-refs')),
      subscribe: ['uehub.rpc.inventory.>', '_INBOX.uehub.inventory.>'],
      allowResponses: true,
    });
    expect(who('publish', '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.oc_abc_1.uehub.events.inventory.>')).toEqual([]);
  });

  it("should let each service publish only its own events, and nobody else's", () => {
    for (const service of ['auth', 'inventory', 'audit', 'timeclock', 'safety'] as const) {
      expect(who('publish', `uehub.events.${service}.thing.happened`)).toEqual([service]);
    }
    expect(who('publish', 'uehub.events.billing.invoice.sent')).toEqual([]);
  });

  it('should let only auth hear login and refresh, and only the gateway send them', () => {
    for (const pattern of ['auth.login', 'auth.refresh', 'auth.logout', 'auth.users.update']) {
      expect(who('subscribe', `uehub.rpc.${pattern}`)).toEqual(['auth']);
      expect(who('publish', `uehub.rpc.${pattern}`)).toEqual(['gateway']);
    }
  });

  it('should let a principal call, on its own subjects, only the patterns listed for it', () => {
    expect(who('publish', 'uehub.svc.inventory.auth.users.get')).toEqual(['inventory']);
    expect(who('subscribe', 'uehub.svc.inventory.auth.users.get')).toEqual(['auth']);
    expect(who('publish', 'uehub.svc.inventory.auth.users.update')).toEqual([]);
    expect(who('publish', 'uehub.svc.audit.auth.users.get')).toEqual([]);
    for (const principal of ['inventory', 'audit', 'timeclock', 'safety'] as const) expect(who('publish', `uehub.svc.${principal}.auth.jwks`)).toEqual([principal]);
  });

  it("should let nobody read another process's replies, or another service's consumer", () => {
    for (const process of NATS_PROCESSES) expect(who('subscribe', `_INBOX.uehub.${process}.abc.1`)).toEqual([process]);
    expect(who('subscribe', '_INBOX.abc')).toEqual([]);
    expect(who('publish', '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.audit')).toEqual(['audit']);
    expect(who('publish', '$JS.API.CONSUMER.CREATE.UEHUB_EVENTS.audit.uehub.events.auth.user.>')).toEqual(['audit']);
    expect(who('publish', '$JS.API.CONSUMER.MSG.NEXT.UEHUB_EVENTS.inventory-user-refs')).toEqual(['inventory']);
    expect(who('publish', '$JS.ACK.UEHUB_EVENTS.audit.1.2.3.4.5')).toEqual(['audit']);
    expect(who('publish', '$JS.API.STREAM.DELETE.UEHUB_EVENTS')).toEqual([]);
    expect(who('publish', '$JS.API.STREAM.PURGE.UEHUB_EVENTS')).toEqual([]);
    expect(who('publish', '$KV.UEHUB_RATE_LIMITS.login.abc')).toEqual(['gateway']);
  });

  it('should keep prefixes apart', () => {
    const global = ['$JS.API.INFO', '$JS.API.STREAM.NAMES'];
    expect(natsPermissions('staging', 'auth').publish.every((s) => s.startsWith('staging.') || s.includes('STAGING_EVENTS') || global.includes(s))).toBe(true);
  });
});
