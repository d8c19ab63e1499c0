import { activeTraceIds, contextOf, currentTraceCarrier, inSpan, SpanKind, type TraceCarrier } from './trace-context';
import { startTracing } from './tracing-sdk';

// Tracing on without an exporter: nothing is recorded, but the ids are made and travel, so log
// lines and the processes of one request still share its trace id.
describe('tracing without an exporter', () => {
  it('should make and propagate ids without recording spans', async () => {
    const tracing = startTracing({ enabled: true, serviceName: 'test', querySpans: true, sampleRatio: 1 });
    try {
      let sent: TraceCarrier | undefined;
      const outer = await inSpan('outer', { kind: SpanKind.SERVER }, async (span) => {
        expect(span?.isRecording()).toBe(false);
        sent = currentTraceCarrier();
        return activeTraceIds();
      });
      expect(sent?.traceparent).toBe(`00-${outer?.trace_id}-${outer?.span_id}-00`);
      const inner = await inSpan('inner', { kind: SpanKind.SERVER, parent: contextOf(sent) }, async () => activeTraceIds());
      expect(inner?.trace_id).toBe(outer?.trace_id);
      expect(inner?.span_id).not.toBe(outer?.span_id);
    } finally {
      await tracing.shutdown();
    }
    // off again: no ids, no carrier
    expect(await inSpan('after', { kind: SpanKind.INTERNAL }, async () => [activeTraceIds(), currentTraceCarrier()])).toEqual([undefined, undefined]);
  });
});
