import { createHash } from 'node:crypto';
import { canonicalJson, canonicalTimestamp, chainHash, GENESIS_HASH, sha256Hex } from './canonical-hash';

describe('canonical JSON', () => {
  it('should sort keys recursively and keep array order', () => {
    const value = { b: 1, a: { d: [3, { z: true, y: null }], c: 'x' } };
    expect(canonicalJson(value)).toBe('{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  it('should give the same text for the same content in any key order', () => {
    expect(canonicalJson({ x: 1, y: { p: 2, q: 3 } })).toBe(canonicalJson({ y: { q: 3, p: 2 }, x: 1 }));
  });

  it('should sort by UTF-16 code units and escape strings as JSON does', () => {
    expect(canonicalJson({ é: 1, Z: 2, a: 3, '\u0001': 'q"\\\n' })).toBe('{"\\u0001":"q\\"\\\\\\n","Z":2,"a":3,"é":1}');
  });

  it('should leave out undefined members and write undefined array items as null', () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it('should write numbers as JSON.stringify does', () => {
    expect(canonicalJson([1.5, -0, 1e21, 0.1 + 0.2])).toBe('[1.5,0,1e+21,0.30000000000000004]');
  });

  it('should refuse values JSON cannot carry', () => {
    expect(() => canonicalJson(Number.NaN)).toThrow();
    expect(() => canonicalJson(new Date())).toThrow();
    expect(() => canonicalJson(10n)).toThrow();
  });
});

describe('chain hash', () => {
  it('should be the sha256 hex of the canonical JSON', () => {
    const record = { prev_hash: GENESIS_HASH, b: 2, a: 1 };
    const expected = createHash('sha256').update(`{"a":1,"b":2,"prev_hash":"${GENESIS_HASH}"}`).digest('hex');
    expect(chainHash(record)).toBe(expected);
    expect(chainHash(record)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('should change when any field or the previous hash changes', () => {
    const base = { a: 1, prev_hash: GENESIS_HASH };
    expect(chainHash({ ...base, a: 2 })).not.toBe(chainHash(base));
    expect(chainHash({ ...base, prev_hash: sha256Hex('x') })).not.toBe(chainHash(base));
  });
});

describe('canonical timestamp', () => {
  it('should write UTC with six fraction digits', () => {
    expect(canonicalTimestamp('2026-03-04T05:06:07.891Z')).toBe('2026-03-04T05:06:07.891000Z');
    expect(canonicalTimestamp('2026-03-04T05:06:07Z')).toBe('2026-03-04T05:06:07.000000Z');
    expect(canonicalTimestamp('2026-03-04T05:06:07.123456789Z')).toBe('2026-03-04T05:06:07.123456Z');
  });

  it('should convert offsets to UTC', () => {
    expect(canonicalTimestamp('2026-01-01T01:30:00.5+02:00')).toBe('2025-12-31T23:30:00.500000Z');
    expect(canonicalTimestamp('2026-01-01T01:30:00-0130')).toBe('2026-01-01T03:00:00.000000Z');
  });

  it('should refuse text that is not a real timestamp', () => {
    expect(() => canonicalTimestamp('2026-02-30T00:00:00Z')).toThrow();
    expect(() => canonicalTimestamp('yesterday')).toThrow();
  });
});
