import 'reflect-metadata';
import { Controller, Module, type INestMicroservice } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Payload } from '@nestjs/microservices';
import { uuidSchema, type AccessClaims, type RequestContext, type ServiceHealth, type UserView } from '@uehub/contracts';
import { AppError } from '@uehub/errors';
import { testServers, testSubjectPrefix } from '@uehub/testing';
import { firstValueFrom } from 'rxjs';
import { connectNats, drainNats, type NatsConnection } from '../nats-connection';
import { RpcClient } from '../rpc-client';
import { RpcServer } from '../rpc-server';
import { Handles, HandlesPerService } from './handles.decorator';
import { AllowPrincipals, Caller, PublicPattern, RequireRoles } from './rpc-access';
import { RPC_ENHANCERS } from './rpc-enhancers';
import { RpcTransport } from './rpc-transport';
import { ZodPipe } from './zod.pipe';

const MISSING = '00000000-0000-4000-8000-000000000001';
const CRASH = '00000000-0000-4000-8000-000000000002';
const USER = '00000000-0000-4000-8000-000000000003';

const tokens = {
  verify: async (token: string): Promise<AccessClaims> => {
    if (token === 'manager-token') return { sub: 'u-manager', role: 'manager', name: 'Manager' };
    throw new AppError('UNAUTHENTICATED', 'The access token is not valid or has expired');
  },
};

const handled: string[] = [];

/** Handlers as the services write them: guard, pipe and filter come from `RPC_ENHANCERS`. */
@Controller()
class TestRpc {
  @AllowPrincipals('inventory')
  @Handles('auth.users.get')
  async get(@Payload('id', new ZodPipe(uuidSchema, 'user id')) id: string, @Caller() caller: RequestContext): Promise<UserView> {
    handled.push(id);
    if (id === MISSING) throw new AppError('NOT_FOUND', 'No such user');
    if (id === CRASH) throw new Error('secret internals');
    const { actor } = caller;
    return { id, email: `${actor.kind}:${actor.id}:${actor.kind === 'user' ? actor.role : '-'}@example.com` } as UserView;
  }

  @PublicPattern()
  @Handles('auth.jwks')
  async jwks(@Caller() caller: RequestContext): Promise<{ keys: [] }> {
    handled.push(`jwks:${caller.actor.kind}`);
    return { keys: [] };
  }

  @PublicPattern()
  @HandlesPerService('health')
  async health(): Promise<ServiceHealth> {
    return { service: 'auth', ready: true, checks: {} };
  }

  @RequireRoles(['superadmin'], 'rotate signing keys')
  @Handles('auth.keys.rotate')
  async rotate(): Promise<{ kid: string; retired: string[] }> {
    handled.push('rotate');
    return { kid: 'k', retired: [] };
  }
}

@Module({ controllers: [TestRpc], providers: [...RPC_ENHANCERS] })
class TestRpcModule {}

describe('Nest handlers over RpcTransport (guard, pipe, filter)', () => {
  let nc: NatsConnection;
  let app: INestMicroservice;
  let client: RpcClient;
  let prefix: string;

  beforeAll(async () => {
    nc = await connectNats(testServers().natsUrl, 'rpc-transport-test');
    prefix = testSubjectPrefix('rpc_transport');
    const server = new RpcServer(nc, prefix, 'auth', tokens);
    app = await NestFactory.createMicroservice(TestRpcModule, { strategy: new RpcTransport(server, 'auth'), logger: false });
    await app.listen();
    client = new RpcClient(nc, prefix, 5_000);
  });
  afterAll(async () => {
    await app.close();
    await drainNats(nc);
  });
  beforeEach(() => handled.splice(0));

  const manager = { token: 'manager-token', correlationId: 'c-1' };

  it('should run the handler with the caller the server verified', async () => {
    await expect(client.call('auth.users.get', { id: USER }, manager)).resolves.toEqual({ id: USER, email: 'user:u-manager:manager@example.com' });
  });

  it('should refuse an anonymous call to a pattern that is not public, before the handler runs', async () => {
    await expect(client.call('auth.users.get', { id: USER })).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(handled).toEqual([]);
  });

  it('should let anonymous callers reach a public pattern', async () => {
    await expect(client.call('auth.jwks', {})).resolves.toEqual({ keys: [] });
    expect(handled).toEqual(['jwks:anonymous']);
  });

  it('should refuse a bad payload in the pipe with 400 VALIDATION_FAILED naming the field', async () => {
    const failure = client.call('auth.users.get', { id: 'not-a-uuid' }, manager);
    await expect(failure).rejects.toMatchObject({ code: 'VALIDATION_FAILED', status: 400, message: 'The user id is not valid' });
    expect(handled).toEqual([]);
  });

  it('should pass an AppError through with its code and status, and hide other errors', async () => {
    await expect(client.call('auth.users.get', { id: MISSING }, manager)).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
    const crash = client.call('auth.users.get', { id: CRASH }, manager);
    await expect(crash).rejects.toMatchObject({ code: 'INTERNAL', status: 500 });
    await expect(crash).rejects.not.toMatchObject({ message: expect.stringContaining('secret') });
  });

  it('should refuse a role the handler does not allow', async () => {
    await expect(client.call('auth.keys.rotate', {}, manager)).rejects.toMatchObject({ code: 'FORBIDDEN', status: 403 });
    expect(handled).toEqual([]);
  });

  it('should serve a principal only where the handler names it', async () => {
    const inventory = new RpcClient(nc, prefix, 5_000, 'inventory');
    await expect(inventory.call('auth.users.get', { id: USER })).resolves.toMatchObject({ email: 'system:inventory:-@example.com' });
    const timeclock = new RpcClient(nc, prefix, 5_000, 'timeclock'); // PRINCIPAL_CALLS lists it, the handler does not
    await expect(timeclock.call('auth.users.get', { id: USER })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it("should answer Nest's ClientProxy API with the same envelope, identity and errors", async () => {
    await expect(firstValueFrom(client.request('auth.users.get', { id: USER }, manager))).resolves.toMatchObject({ email: 'user:u-manager:manager@example.com' });
    await expect(firstValueFrom(client.send('auth.users.get', { id: USER }))).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    const proxy = new RpcClient(nc, prefix, 5_000);
    proxy.setOnDispatchHook((packet) => {
      packet.metadata = { token: 'manager-token', correlationId: 'c-2' };
    });
    await expect(firstValueFrom(proxy.send('auth.users.get', { id: USER }))).resolves.toMatchObject({ email: 'user:u-manager:manager@example.com' });
    await expect(firstValueFrom(proxy.send('auth.users.get', { id: MISSING }))).rejects.toMatchObject({ code: 'NOT_FOUND', status: 404 });
  });

  it("should serve a per-service pattern under the transport's service", async () => {
    await expect(client.call('auth.health', {})).resolves.toEqual({ service: 'auth', ready: true, checks: {} });
  });

  it('should not start a call whose deadline has passed', async () => {
    const reply = await nc.request(`${prefix}.rpc.auth.jwks`, JSON.stringify({ context: { correlationId: 'late', deadline: Date.now() - 1 }, payload: {} }), { timeout: 1000 });
    expect(JSON.parse(reply.string())).toMatchObject({ ok: false, error: { code: 'SERVICE_TIMEOUT' } });
    expect(handled).toEqual([]);
  });
});
