import { hostname } from 'node:os';
import type { metrics, resources, tracing } from '@opentelemetry/sdk-node';
import { useRegisteredMeter } from './signals';

/** Where telemetry goes: an OTLP/HTTP collector, Application Insights, both, or nowhere (both unset). */
export interface TelemetryConfig {
  /** `http://collector:4318`: traces to `/v1/traces`, metrics to `/v1/metrics` (OTLP over HTTP, JSON). */
  otlpEndpoint?: string;
  azureMonitorConnectionString?: string;
  metricIntervalMs: number;
}

export interface Telemetry {
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
}

const NOTHING: Telemetry = { shutdown: async () => undefined };

/**
 * Registers OpenTelemetry's SDK for the process, once, before the app starts. Only the app's own
 * spans and metrics (src/telemetry/signals.ts) are exported: the Azure distro's automatic
 * instrumentations are off, because they would put whole URLs (queries, ids) and storage keys in
 * spans, and live metrics would ship exception texts.
 */
export async function startTelemetry(config: TelemetryConfig): Promise<Telemetry> {
  const { otlpEndpoint, azureMonitorConnectionString } = config;
  if (!otlpEndpoint && !azureMonitorConnectionString) return NOTHING;
  // Loaded only when configured: the SDKs cost an app that exports nothing memory and start-up time.
  const [sdk, { OTLPTraceExporter }, { OTLPMetricExporter }] = await Promise.all([
    import('@opentelemetry/sdk-node'),
    import('@opentelemetry/exporter-trace-otlp-http'),
    import('@opentelemetry/exporter-metrics-otlp-http'),
  ]);
  const { metrics, resources, tracing } = sdk;
  const resource = resources.resourceFromAttributes({
    'service.name': 'appointment-sms',
    'service.instance.id': `${hostname()}:${process.pid}`,
  });
  const otlp = otlpEndpoint
    ? {
        spanProcessors: [new tracing.BatchSpanProcessor(new OTLPTraceExporter({ url: `${otlpEndpoint}/v1/traces` }))],
        metricReaders: [
          new metrics.PeriodicExportingMetricReader({
            exporter: new OTLPMetricExporter({ url: `${otlpEndpoint}/v1/metrics` }),
            exportIntervalMillis: config.metricIntervalMs,
            exportTimeoutMillis: Math.min(config.metricIntervalMs, 30_000),
          }),
        ],
      }
    : { spanProcessors: [], metricReaders: [] };
  const telemetry = azureMonitorConnectionString
    ? await withAzureMonitor(azureMonitorConnectionString, resource, otlp)
    : withOtlp(sdk.NodeSDK, resource, otlp);
  useRegisteredMeter();
  return telemetry;
}

type Exports = { spanProcessors: tracing.SpanProcessor[]; metricReaders: metrics.MetricReader[] };

function withOtlp(NodeSDK: typeof import('@opentelemetry/sdk-node').NodeSDK, resource: resources.Resource, otlp: Exports): Telemetry {
  // No log records: the app logs with pino to stdout, which App Service collects.
  const sdk = new NodeSDK({ resource, autoDetectResources: false, ...otlp, logRecordProcessors: [], instrumentations: [] });
  sdk.start();
  return { shutdown: () => sdk.shutdown() };
}

async function withAzureMonitor(connectionString: string, resource: resources.Resource, otlp: Exports): Promise<Telemetry> {
  const { shutdownAzureMonitor, useAzureMonitor } = await import('@azure/monitor-opentelemetry');
  const off = { enabled: false };
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString },
    resource,
    enableLiveMetrics: false,
    // Every request traced, as over OTLP: the distro's default budget of 5 traces a second starts empty
    // and drops the first ones, which are what an admin chasing one organizer's failed send looks for.
    samplingRatio: 1,
    tracesPerSecond: 0,
    instrumentationOptions: {
      http: off,
      azureSdk: off,
      mongoDb: off,
      mySql: off,
      postgreSql: off,
      redis: off,
      redis4: off,
      bunyan: off,
      winston: off,
    },
    ...otlp,
  });
  return { shutdown: () => shutdownAzureMonitor() };
}
