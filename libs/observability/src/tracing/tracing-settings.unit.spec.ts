import { tracingSettingsFrom } from './tracing-settings';

describe('tracing settings', () => {
  it('should trace without exporting by default, and export to <endpoint>/v1/traces when an OTLP endpoint is set', () => {
    expect(tracingSettingsFrom({}, 'inventory')).toEqual({ enabled: true, tracesUrl: undefined, serviceName: 'inventory', querySpans: true });
    expect(tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318/' }, 'gateway')).toEqual({
      enabled: true,
      tracesUrl: 'http://jaeger:4318/v1/traces',
      serviceName: 'gateway',
      querySpans: true,
    });
    expect(tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://a:4318', OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://b:4318/traces', OTEL_SERVICE_NAME: 'inv-1' }, 'inventory')).toEqual({
      enabled: true,
      tracesUrl: 'http://b:4318/traces',
      serviceName: 'inv-1',
      querySpans: true,
    });
    expect(tracingSettingsFrom({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: ' pg ' }, 'audit')).toMatchObject({ enabled: true, querySpans: false });
  });

  it('should turn tracing off completely with OTEL_SDK_DISABLED=true, whatever the endpoint', () => {
    expect(tracingSettingsFrom({ OTEL_SDK_DISABLED: 'true', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://jaeger:4318' }, 'audit')).toEqual({ enabled: false, serviceName: 'audit', querySpans: false });
  });

  it('should refuse bad values, naming the variable', () => {
    expect(() => tracingSettingsFrom({ OTEL_SDK_DISABLED: 'yes' }, 'audit')).toThrow('OTEL_SDK_DISABLED "yes" is not valid: use true or false');
    expect(() => tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'jaeger:4318' }, 'audit')).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT "jaeger:4318" must be an http(s) URL (OTLP over HTTP)');
    expect(() => tracingSettingsFrom({ OTEL_EXPORTER_OTLP_ENDPOINT: 'not a url' }, 'audit')).toThrow('OTEL_EXPORTER_OTLP_ENDPOINT "not a url" is not a URL');
    expect(() => tracingSettingsFrom({ OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg,http' }, 'audit')).toThrow('OTEL_NODE_DISABLED_INSTRUMENTATIONS names "http": the only instrumentation here is pg');
  });
});
