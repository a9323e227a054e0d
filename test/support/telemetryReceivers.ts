import { createServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { ensureDevCertificate } from '../../dev/tls/devCertificate';

/** An OTLP attribute as OTLP/HTTP's JSON encoding writes it. */
interface OtlpAttribute {
  key: string;
  value: { stringValue?: string; intValue?: string | number; doubleValue?: number; boolValue?: boolean };
}

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: Record<string, string | number | boolean>;
}

export interface ReceivedPoint {
  metric: string;
  attributes: Record<string, string | number | boolean>;
  /** A sum's or gauge's value; a histogram's count. */
  value: number;
}

interface SpansBody {
  resourceSpans?: Array<{ scopeSpans?: Array<{ spans?: Array<Omit<ReceivedSpan, 'attributes'> & { attributes?: OtlpAttribute[] }> }> }>;
}
type DataPoints = {
  dataPoints?: Array<{ attributes?: OtlpAttribute[]; asInt?: string | number; asDouble?: number; count?: string | number }>;
};
interface MetricsBody {
  resourceMetrics?: Array<{
    scopeMetrics?: Array<{ metrics?: Array<{ name: string; sum?: DataPoints; gauge?: DataPoints; histogram?: DataPoints }> }>;
  }>;
}

/** A collector on 127.0.0.1 taking OTLP over HTTP in JSON (what @opentelemetry/exporter-*-otlp-http send). */
export class OtlpReceiver {
  /** Every body as it arrived, to look for what must never be in it. */
  readonly raw: string[] = [];
  readonly spans: ReceivedSpan[] = [];
  readonly points: ReceivedPoint[] = [];
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const text = Buffer.concat(chunks).toString();
        this.raw.push(text);
        if (req.url === '/v1/traces') this.takeSpans(JSON.parse(text) as SpansBody);
        if (req.url === '/v1/metrics') this.takeMetrics(JSON.parse(text) as MetricsBody);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{}');
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  /** The metric's points, each attribute set's latest (cumulative sums: the last export holds the totals). */
  latest(metric: string): ReceivedPoint[] {
    const byAttributes = new Map<string, ReceivedPoint>();
    for (const point of this.points.filter((entry) => entry.metric === metric)) byAttributes.set(JSON.stringify(point.attributes), point);
    return [...byAttributes.values()];
  }

  private takeSpans(body: SpansBody): void {
    for (const scope of (body.resourceSpans ?? []).flatMap((resource) => resource.scopeSpans ?? []))
      for (const span of scope.spans ?? []) this.spans.push({ ...span, attributes: attributesOf(span.attributes) });
  }

  private takeMetrics(body: MetricsBody): void {
    for (const scope of (body.resourceMetrics ?? []).flatMap((resource) => resource.scopeMetrics ?? []))
      for (const metric of scope.metrics ?? []) {
        const points = (metric.sum ?? metric.gauge ?? metric.histogram)?.dataPoints ?? [];
        for (const point of points)
          this.points.push({
            metric: metric.name,
            attributes: attributesOf(point.attributes),
            value: Number(point.asInt ?? point.asDouble ?? point.count ?? 0),
          });
      }
  }
}

function attributesOf(attributes: OtlpAttribute[] | undefined): Record<string, string | number | boolean> {
  return Object.fromEntries(
    (attributes ?? []).map(({ key, value }) => [
      key,
      value.stringValue ?? (value.intValue !== undefined ? Number(value.intValue) : (value.doubleValue ?? value.boolValue ?? '')),
    ]),
  );
}

/** One Application Insights item as the ingestion endpoint receives it (`/v2.1/track`). */
export interface TrackedItem {
  /** `Microsoft.ApplicationInsights.Request`, `…RemoteDependency`, `…Metric`. */
  name: string;
  data: {
    baseType: string;
    baseData: {
      name?: string;
      /** A request's status. */
      responseCode?: string;
      metrics?: Array<{ name: string; value: number }>;
      properties?: Record<string, string>;
    };
  };
}

/**
 * Application Insights' ingestion endpoint on 127.0.0.1, over TLS with the dev certificate (the
 * Azure Monitor exporter calls its IngestionEndpoint over https whatever the connection string says).
 */
export class AppInsightsReceiver {
  readonly raw: string[] = [];
  readonly items: TrackedItem[] = [];
  private server?: Server;

  /** The connection string that points the app here. */
  async start(): Promise<string> {
    const { cert, key } = await ensureDevCertificate();
    this.server = createTlsServer({ cert, key }, (req, res) => {
      void bodyOf(req).then((text) => {
        this.raw.push(text);
        if (req.url === '/v2.1/track') this.items.push(...(JSON.parse(text) as TrackedItem[]));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ itemsReceived: 1, itemsAccepted: 1, errors: [] }));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `InstrumentationKey=00000000-0000-4000-8000-000000000000;IngestionEndpoint=https://127.0.0.1:${port}/`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }

  itemsOf(kind: 'Request' | 'RemoteDependency' | 'Metric'): TrackedItem[] {
    return this.items.filter((item) => item.name === `Microsoft.ApplicationInsights.${kind}`);
  }
}

async function bodyOf(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return (req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body).toString();
}
