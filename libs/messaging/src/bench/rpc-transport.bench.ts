// Benchmark: one request/reply round trip through our RpcServer/RpcClient against the same
// through @nestjs/microservices' NATS transport (ClientProxy + @MessagePattern), on the
// shared NATS, client and server in this one process. Sequential calls (latency) and
// batches of 50 concurrent calls (throughput); CPU is this process's user+system time per
// call, both sides included. Run: npm run bench:rpc [-- <calls>]
import 'reflect-metadata';
import { Controller, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientProxyFactory, MessagePattern, Transport, type ClientProxy, type MicroserviceOptions } from '@nestjs/microservices';
import { connect } from '@nats-io/transport-node';
import { firstValueFrom } from 'rxjs';
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

async function ours(): Promise<Figures> {
  const nc = await connect({ servers: NATS_URL });
  const server = new RpcServer(nc, PREFIX, 'bench', { verify: () => Promise.reject(new Error('no tokens in this bench')) });
  server.servePerService('auth', 'health', async () => HEALTH);
  const client = new RpcClient(nc, PREFIX, 5000);
  await nc.flush();
  try {
    return await measure(() => client.call('auth.health', {}));
  } finally {
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
  const results = { calls: CALLS, ours: await ours(), nestMicroservices: await nest(), oursAgain: await ours() };
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

void main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exitCode = 1;
});
