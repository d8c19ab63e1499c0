import { generateKeyPairSync } from 'node:crypto';
import { CsvRows, csvHeader, csvLine, csvValue } from './export-format.ts';
import { keyIdOf, parsePublicKeys, rawPublicKey } from './public-keys.ts';

describe('the export CSV and the public key file', () => {
  const columns = ['seq', 'event_type', 'actor_name', 'user_agent', 'data', 'changes'];

  function roundTrip(record: Record<string, unknown>, chunkSize: number): Record<string, unknown>[] {
    const text = csvHeader(columns) + csvLine(columns, record) + csvLine(columns, record);
    const rows = new CsvRows();
    const parsed: { text: string; quoted: boolean }[][] = [];
    for (let i = 0; i < text.length; i += chunkSize) parsed.push(...rows.push(text.slice(i, i + chunkSize)));
    const last = rows.end();
    if (last) parsed.push(last);
    const [header, ...body] = parsed;
    return body.map((cells) => Object.fromEntries(cells.map((cell, i) => [header[i].text, csvValue(header[i].text, cell.text, cell.quoted)])));
  }

  it('should read back exactly what it wrote: null apart from the empty string, quotes, commas and line breaks in cells', () => {
    const record = {
      seq: 12,
      event_type: 'inventory.item.updated',
      actor_name: null,
      user_agent: '',
      data: { note: 'a "quoted", comma\r\nline', n: 1.5, list: [null, true] },
      changes: null,
    };
    for (const chunkSize of [1, 3, 7, 1000]) expect(roundTrip(record, chunkSize)).toEqual([record, record]);
    expect(csvLine(columns, record)).toBe('12,"inventory.item.updated",,"","{""list"":[null,true],""n"":1.5,""note"":""a \\""quoted\\"", comma\\r\\nline""}","null"\r\n');
  });

  it('should refuse text that is not CSV it could have written', () => {
    expect(() => new CsvRows().push('a"b",c\n')).toThrow('a quote inside an unquoted cell');
    expect(() => new CsvRows().push('"ab"c,d\n')).toThrow('text after a closing quote');
    const open = new CsvRows();
    open.push('"ab');
    expect(() => open.end()).toThrow('the file ends inside a quoted cell');
    expect(() => csvValue('seq', '1e3', false)).toThrow('column seq holds "1e3", not a whole number');
  });

  it('should take the keys answer, one JWK, a PEM or the raw key, deriving every key id itself', () => {
    const { publicKey } = generateKeyPairSync('ed25519');
    const x = rawPublicKey(publicKey).toString('base64url');
    const kid = keyIdOf(publicKey);
    const texts = [
      JSON.stringify({ keys: [{ kid: 'whatever-the-file-says', kty: 'OKP', crv: 'Ed25519', x, status: 'current' }] }),
      JSON.stringify({ kty: 'OKP', crv: 'Ed25519', x }),
      publicKey.export({ format: 'pem', type: 'spki' }).toString(),
      x,
    ];
    for (const text of texts) expect([...parsePublicKeys(text).keys()]).toEqual([kid]);
    expect(() => parsePublicKeys(JSON.stringify({ kty: 'RSA', n: 'x' }))).toThrow('a key must be an Ed25519 JWK');
    expect(() => parsePublicKeys(generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'pem', type: 'spki' }).toString())).toThrow('not Ed25519');
  });
});
