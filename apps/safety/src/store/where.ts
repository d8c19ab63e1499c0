/** A where clause built from fixed SQL fragments and bound values. */
export class Where {
  private readonly parts: string[] = [];
  readonly params: unknown[] = [];
  add(sql: string, ...values: unknown[]): void {
    this.parts.push(sql);
    this.params.push(...values);
  }
  raw(sql: string): void {
    this.parts.push(sql);
  }
  sql(): string {
    return this.parts.length ? `where ${this.parts.join(' and ')}` : '';
  }
}
