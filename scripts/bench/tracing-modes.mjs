// The tracing modes the tracing bench and its profile compare: the same system but for its
// tracing environment. An exporting mode's `env(url)` takes the URL of its local OTLP receiver.
const exporting = (extra) => (url) => ({ OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: url, ...extra });

export const TRACING_MODES = [
  { name: 'off', env: () => ({ OTEL_SDK_DISABLED: 'true' }) },
  { name: 'on', env: () => ({ OTEL_SDK_DISABLED: 'false', OTEL_EXPORTER_OTLP_ENDPOINT: '' }) },
  // every trace recorded and exported, with a span per SQL query
  { name: 'export', exporting: true, env: exporting({ OTEL_TRACES_SAMPLER: 'parentbased_always_on' }) },
  { name: 'export_no_query_spans', exporting: true, env: exporting({ OTEL_TRACES_SAMPLER: 'parentbased_always_on', OTEL_NODE_DISABLED_INSTRUMENTATIONS: 'pg' }) },
  // the default: the sampler's default share of new traces (DEFAULT_SAMPLE_RATIO), query spans included
  { name: 'export_default_sampling', exporting: true, env: exporting({}) },
];

/** The modes named in `list` (comma-separated; `off` always first), or all. */
export function tracingModes(list) {
  const names = list ? ['off', ...list.split(',').map((n) => n.trim()).filter((n) => n && n !== 'off')] : TRACING_MODES.map((m) => m.name);
  return names.map((name) => {
    const mode = TRACING_MODES.find((m) => m.name === name);
    if (!mode) throw new Error(`unknown tracing mode "${name}": use ${TRACING_MODES.map((m) => m.name).join(', ')}`);
    return mode;
  });
}
