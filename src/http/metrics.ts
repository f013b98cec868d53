import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The metrics of one server, in one prom-client registry (not the global one, so that
 * several servers in one process — tests — do not share counters). Other areas add
 * their own metrics to `registry`:
 *
 *   new Counter({ name: 'taizhang_draws_total', help: '…', registers: [metrics.registry] })
 *
 * Names start with `taizhang_`, units last (`_seconds`, `_total`, `_events`); label values
 * come from small closed sets (a route pattern, never a URL with ids in it).
 */
export interface Metrics {
  readonly registry: Registry;
  readonly httpRequests: Counter<'method' | 'route' | 'status'>;
  readonly httpDurationSeconds: Histogram<'method' | 'route'>;
  readonly appends: Counter<'outcome'>;
  readonly appendedEvents: Counter;
  readonly appendDurationSeconds: Histogram;
  readonly projectionLagEvents: Gauge<'projection'>;
}

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

export interface MetricsOptions {
  /** Node's process metrics (CPU, memory, event-loop lag); off in tests that build many servers. */
  processMetrics?: boolean;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  if (options.processMetrics !== false) collectDefaultMetrics({ register: registry, prefix: 'taizhang_' });
  const registers = [registry];
  return {
    registry,
    httpRequests: new Counter({ name: 'taizhang_http_requests_total', help: 'HTTP requests answered, by route pattern and status', labelNames: ['method', 'route', 'status'], registers }),
    httpDurationSeconds: new Histogram({
      name: 'taizhang_http_request_duration_seconds',
      help: 'Time from request received to response sent, by route pattern',
      labelNames: ['method', 'route'],
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    appends: new Counter({ name: 'taizhang_store_appends_total', help: 'Appends to the event store, by outcome (ok, conflict, error)', labelNames: ['outcome'], registers }),
    appendedEvents: new Counter({ name: 'taizhang_store_appended_events_total', help: 'Events appended to the event store', registers }),
    appendDurationSeconds: new Histogram({
      name: 'taizhang_store_append_duration_seconds',
      help: 'Duration of one append (durable commit included)',
      buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers,
    }),
    projectionLagEvents: new Gauge({ name: 'taizhang_projection_lag_events', help: 'Events in the store not yet served by the read model', labelNames: ['projection'], registers }),
  };
}
