import { tracingSettingsFrom } from './tracing-settings';

describe('tracing settings', () => {
  it('should trace without exporting by default, and export to <endpoint>/v1/traces when an OTLP endpoint is set', () => {
    expect(tracingSettingsFrom({}, 'inventory')).toEqual({ enabled: true, tracesUrl: undefined, serviceName: 'inventory', querySpans: true, sampleRatio: 0.1 });
    expect(tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }, 'gateway')).toEqual({
      enabled: true,
      tracesUrl: 'http://jaeger:4318/v1/traces',
      serviceName: 'gateway',
      querySpans: true,
      sampleRatio: 0.1,
    });
    expect(tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces', OTEL_SERVICE_NAME: 'inv-1' }, 'inventory')).toEqual({
      enabled: true,
      tracesUrl: 'http://b:4318/traces',
      serviceName: 'inv-1',
      querySpans: true,
      sampleRatio: 0.1,
    });
    expect(tracingSettingsFrom({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: ' pg ' }, 'audit')).toMatchObject({ enabled: true, querySpans: false });
  });

  it('should turn tracing off completely with OTEL_SDK_DISABLED=true, whatever the endpoint', () => {
    expect(tracingSettingsFrom({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, 'audit')).toEqual({ enabled: false, serviceName: 'audit', querySpans: false, sampleRatio: 0 });
  });

  it('should sample new traces at 10 % by default, as OTEL_TRACES_SAMPLER and OTEL_TRACES_SAMPLER_ARG say otherwise', () => {
    expect(tracingSettingsFrom({ OTEL_TRACES_SAMPLER_ARG: '0.25' }, 'gateway').sampleRatio).toBe(0.25);
    expect(tracingSettingsFrom({ OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '1' }, 'gateway').sampleRatio).toBe(1);
    expect(tracingSettingsFrom({ OTEL_TRACES_SAMPLER: 'ParentBased_Always_On' }, 'gateway').sampleRatio).toBe(1);
    expect(tracingSettingsFrom({ OTEL_TRACES_SAMPLER: 'parentbased_always_off' }, 'gateway').sampleRatio).toBe(0);
  });

  it('should take the batch settings of the export from OTEL_BSP_*', () => {
    expect(tracingSettingsFrom({ OTEL_BSP_SCHEDULE_DELAY: '60000', OTEL_BSP_MAX_EXPORT_BATCH_SIZE: '256' }, 'gateway').batch).toEqual({
      scheduledDelayMillis: 60000,
      maxQueueSize: undefined,
      maxExportBatchSize: 256,
    });
    expect(() => tracingSettingsFrom({ OTEL_BSP_MAX_QUEUE_SIZE: '0' }, 'gateway')).toThrow('OTEL_BSP_MAX_QUEUE_SIZE "0" is not valid: use a whole number above 0');
  });

  it('should refuse bad values, naming the variable', () => {
    expect(() => tracingSettingsFrom({ OTEL_SDK_DISABLED: 'yes' }, 'audit')).toThrow('OTEL_SDK_DISABLED "yes" is not valid: use true or false');
    expect(() => tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'audit')).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT "jaeger:4318" must be an http(s) URL (OTLP over HTTP)');
    expect(() => tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'audit')).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT "not a url" is not a URL');
    expect(() => tracingSettingsFrom({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg,http' }, 'audit')).toThrow('OTEL_NODE_DISABLED_INSTRUMENTATIONS names "http": the only instrumentation here is pg');
    expect(() => tracingSettingsFrom({ OTEL_TRACES_SAMPLER: 'jaeger_remote' }, 'audit')).toThrow('OTEL_TRACES_SAMPLER "jaeger_remote" is not supported: use parentbased_traceidratio, parentbased_always_on, parentbased_always_off');
    expect(() => tracingSettingsFrom({ OTEL_TRACES_SAMPLER_ARG: '10%' }, 'audit')).toThrow('OTEL_TRACES_SAMPLER_ARG "10%" is not valid: use a ratio from 0 to 1');
  });
});
