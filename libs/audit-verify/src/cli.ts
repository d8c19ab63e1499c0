import type { KeyObject } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extractExportArchive } from './export-archive.ts';
import { verifyExport, type ExportVerification } from './export-verifier.ts';
import { developmentPublicKey, keyIdOf, parsePublicKeys } from './public-keys.ts';

const USAGE = `Usage: uehub-audit-verify <export directory | export.tar> [--key <public key file>] [--json]
  --key   the audit public keys: the JSON of GET /api/v1/audit/keys, one JWK, a PEM, or base64url;
          without it the public development key is used (never valid for production exports)
  --json  print the result as JSON
Exit status: 0 verified, 1 refused (the first finding is printed), 2 usage or read error.`;

interface CliArguments {
  target: string;
  keyFile?: string;
  json: boolean;
}

function parseArguments(args: readonly string[]): CliArguments {
  let keyFile: string | undefined;
  let json = false;
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === '--key') keyFile = args[++i];
    else if (args[i] === '--json') json = true;
    else if (args[i].startsWith('-')) throw new Error(`unknown option ${args[i]}`);
    else positional.push(args[i]);
  }
  if (positional.length !== 1 || (keyFile !== undefined && !keyFile)) throw new Error('give one export and at most one --key file');
  return { target: positional[0], keyFile, json };
}

/** Verifies a directory, or a tar archive unpacked into a temporary directory first. */
export async function verifyExportAt(target: string, keys: ReadonlyMap<string, KeyObject>): Promise<ExportVerification> {
  if ((await stat(target)).isDirectory()) return verifyExport(target, keys);
  const dir = await mkdtemp(join(tmpdir(), 'uehub-audit-export-'));
  try {
    await extractExportArchive(createReadStream(target), join(dir, 'export'));
    return await verifyExport(join(dir, 'export'), keys);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export function describe(result: ExportVerification): string {
  if (result.ok) {
    return `ok: export ${result.exportId} signed by ${result.keyId}: ${result.records} records verified, ${result.chainRecords} chain links against ${result.checkpoints} signed checkpoints`;
  }
  const { file, line, problem, detail } = result.finding!;
  return `REFUSED: ${file}${line ? `:${line}` : ''}: ${problem}: ${detail}`;
}

/** The command: prints the verdict, returns the exit status. */
export async function main(args: readonly string[], print: (line: string) => void = console.log): Promise<number> {
  let options: CliArguments;
  let keys: ReadonlyMap<string, KeyObject>;
  try {
    options = parseArguments(args);
    if (options.keyFile) keys = parsePublicKeys(await readFile(options.keyFile, 'utf8'));
    else {
      const key = developmentPublicKey();
      keys = new Map([[keyIdOf(key), key]]);
      if (!options.json) print('note: no --key given, verifying with the public development key');
    }
  } catch (error) {
    print(`${(error as Error).message}\n${USAGE}`);
    return 2;
  }
  try {
    const result = await verifyExportAt(options.target, keys);
    print(options.json ? JSON.stringify(result, null, 2) : describe(result));
    return result.ok ? 0 : 1;
  } catch (error) {
    print(`cannot read the export: ${(error as Error).message}`);
    return 2;
  }
}
