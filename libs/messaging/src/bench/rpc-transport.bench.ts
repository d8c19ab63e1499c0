// Benchmark: one request/reply round trip through our RpcServer/RpcClient with a plain handler
// map (`rpc.serve`), through the same engine as a Nest transport (RpcTransport: `@Handles`
// handler, global CallerGuard, a ZodPipe, RpcErrorFilter), and through @nestjs/microservices'
// own NATS transport (ClientProxy + bare @MessagePattern), on the shared NATS, client and server
// in this one process. Sequential calls (latency) and
// batches of 50 concurrent calls (throughput); CPU is this process's user+system time per
// call, both sides included. Run: npm run bench:rpc [-- <calls>]
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Payload, Transport, type ClientProxy, type MicroserviceOptions } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import type { ServiceHealth } from '@uehub/contracts';
import { firstValueFrom } from 'rxjs';
import { z } from 'zod';
import { Handles } from '../nest/handles.decorator';
import { PublicPattern } from '../nest/rpc-access';
import { RPC_ENHANCERS } from '../nest/rpc-enhancers';
import { RpcTransport } from '../nest/rpc-transport';
import { ZodPipe } from '../nest/zod.pipe';
import { RpcClient } from '../rpc-client';
import { RpcServer } from '../rpc-server';
import { loadRpcBenchConfig } from './rpc-bench-config';

const CALLS = Number(process.argv[2] ?? 3000);
const BATCH = 50;
const NATS_URL = loadRpcBenchConfig().natsUrl;
const PREFIX = `bench_${process.pid}`;
const HEALTH = { service: 'auth', ready: true, checks: { bench: { ok: true } } };

interface Figures {
  p50Ms: number;
  p95Ms: number;
  cpuUsPerCall: number;
  concurrentPerSecond: number;
}

async function measure(call: () => Promise<unknown>): Promise<Figures> {
  for (let i = 0; i < 300; i++) await call(); // warm-up
  const samples: number[] = [];
  const cpu = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) {
    const started = process.hrtime.bigint();
    await call();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  const used = process.cpuUsage(cpu);
  samples.sort((a, b) => a - b);
  const started = Date.now();
  for (let done = 0; done < CALLS; done += BATCH) await Promise.all(Array.from({ length: BATCH }, call));
  const round = (n: number): number => Math.round(n * 1000) / 1000;
  return {
    p50Ms: round(samples[Math.floor(CALLS * 0.5)]),
    p95Ms: round(samples[Math.floor(CALLS * 0.95)]),
    cpuUsPerCall: Math.round((used.user + used.system) / CALLS),
    concurrentPerSecond: Math.round((CALLS / (Date.now() - started)) * 1000),
  };
}

const NO_TOKENS = { verify: () => Promise.reject(new Error('no tokens in this bench')) };
let runs = 0;

async function ours(): Promise<Figures> {
  const prefix = `${PREFIX}_${(runs += 1)}`;
  const nc = await connect({ servers: NATS_URL });
  const server = new RpcServer(nc, prefix, 'bench', NO_TOKENS);
  server.servePerService('auth', 'health', async () => HEALTH);
  const client = new RpcClient(nc, prefix, 5000);
  await nc.flush();
  try {
    return await measure(() => client.call('auth.health', {}));
  } finally {
    await nc.drain();
  }
}

@Controller()
class HealthRpc {
  @PublicPattern()
  @Handles('auth.health')
  async health(@Payload(new ZodPipe(z.strictObject({}))) _request: Record<string, never>): Promise<ServiceHealth> {
    return HEALTH;
  }
}

@Module({ controllers: [HealthRpc], providers: [...RPC_ENHANCERS] })
class HealthRpcModule {}

async function nestStrategy(): Promise<Figures> {
  const prefix = `${PREFIX}_${(runs += 1)}`;
  const nc = await connect({ servers: NATS_URL });
  const server = new RpcServer(nc, prefix, 'bench', NO_TOKENS);
  const app = await NestFactory.createMicroservice(HealthRpcModule, { strategy: new RpcTransport(server), logger: false });
  await app.listen();
  const client = new RpcClient(nc, prefix, 5000);
  await nc.flush();
  try {
    return await measure(() => client.call('auth.health', {}));
  } finally {
    await app.close();
    await nc.drain();
  }
}

@Controller()
class EchoController {
  @MessagePattern(`${PREFIX}.nest.health`)
  health(): typeof HEALTH {
    return HEALTH;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

async function nest(): Promise<Figures> {
  const options = { servers: [NATS_URL], queue: 'bench' };
  const app = await NestFactory.createMicroservice<MicroserviceOptions>(EchoModule, { transport: Transport.NATS, options, logger: false });
  await app.listen();
  const client: ClientProxy = ClientProxyFactory.create({ transport: Transport.NATS, options: { servers: [NATS_URL] } });
  await client.connect();
  try {
    return await measure(() => firstValueFrom(client.send(`${PREFIX}.nest.health`, {})));
  } finally {
    await client.close();
    await app.close();
  }
}

async function main(): Promise<void> {
  const results = {
    calls: CALLS,
    oursHandlerMap: await ours(),
    oursAsNestStrategy: await nestStrategy(),
    nestNatsTransport: await nest(),
    oursHandlerMapAgain: await ours(),
    oursAsNestStrategyAgain: await nestStrategy(),
  };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
