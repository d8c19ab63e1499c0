import { auditQuerySchema, decodeCursor, encodeCursor } from './audit-query.schema';

describe('audit query input', () => {
  it('should round-trip a cursor as base64url', () => {
    const text = encodeCursor({ seq: '12345678901234' });
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(decodeCursor(text)).toEqual({ seq: '12345678901234' });
  });

  it.each(['', '!!!', 'abc', Buffer.from('{"s":-1}').toString('base64url'), Buffer.from('[1]').toString('base64url')])(
    'should not decode %j as a cursor',
    (text) => {
      expect(decodeCursor(text)).toBeUndefined();
    },
  );

  it('should default the limit to 50 and decode the cursor', () => {
    const parsed = auditQuerySchema.parse({ cursor: encodeCursor({ seq: '7' }) });
    expect(parsed).toEqual({ limit: 50, cursor: { seq: '7' } });
  });

  it('should accept whole-segment type prefixes only', () => {
    for (const type of ['auth', 'auth.user', 'auth.user.role_changed']) expect(auditQuerySchema.safeParse({ type }).success).toBe(true);
    for (const type of ['auth.', 'auth.user.%', 'Auth', 'a.b.c.d']) expect(auditQuerySchema.safeParse({ type }).success).toBe(false);
  });
});
