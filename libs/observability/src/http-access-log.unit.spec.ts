import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpAccessLog } from './http-access-log';
import { configureLogging, setLogSink } from './logger';

// A real HTTP server with the access logger in front, answering the status the path names.
describe('access log levels', () => {
  const lines: string[] = [];
  let server: Server;
  let base: string;

  beforeAll(async () => {
    setLogSink((line) => lines.push(line));
    configureLogging({ level: 'info' });
    const log = httpAccessLog();
    server = createServer((req, res) => {
      log(req, res);
      res.statusCode = Number(req.url?.slice(1));
      res.end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    setLogSink(undefined);
    await new Promise((resolve) => server.close(resolve));
  });

  const lineFor = async (status: number): Promise<Record<string, unknown>> => {
    lines.length = 0;
    await fetch(`${base}/${status}`);
    await new Promise((resolve) => setImmediate(resolve));
    const parsed = lines.map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => line.component === 'http');
    expect(parsed).toHaveLength(1);
    return parsed[0];
  };

  it('should log a 503 (service unavailable, said to the client) as a warning without a stack trace', async () => {
    const line = await lineFor(503);
    expect(line.level).toBe(40);
    expect(JSON.stringify(line)).not.toContain('    at ');
  });

  it('should log a 500 as an error, with the reason but no stack trace', async () => {
    const line = await lineFor(500);
    expect(line.level).toBe(50);
    expect(line.err).toEqual({ message: 'failed with status code 500' });
  });

  it('should log a 4xx as information', async () => {
    expect((await lineFor(404)).level).toBe(30);
  });
});
