/**
 * Jaeger's query API on the wire, as Jaeger 2.12 (Go module v1.75.0) writes it:
 *
 * - api_v3 (`/api/v3/*`, stable): OTLP-JSON traces inside `{"result": …}`, lists
 *   inside `{"services": …}` / `{"operations": …}` with empty lists left out (`{}`),
 *   errors as `{"error": {"httpCode", "message"}}` with Content-Type text/plain.
 * - the internal v1 API (`/api/*`): the envelope `{data, total, limit, offset, errors}`
 *   around Jaeger's UI model (µs times, typed tags, references, processes); errors in
 *   the same envelope with `data: null`, also text/plain.
 *
 * The OTLP shapes here are the one definition of OTLP-JSON in the console: the trace
 * model (lib/traces) reads them as they come from this client.
 */

export interface OtlpAnyValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number | string;
  arrayValue?: { values?: OtlpAnyValue[] };
  kvlistValue?: { values?: OtlpKeyValue[] };
  bytesValue?: string;
}

export interface OtlpKeyValue {
  key: string;
  value?: OtlpAnyValue;
}

export interface OtlpEvent {
  timeUnixNano?: string | number;
  name?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpLink {
  traceId?: string;
  spanId?: string;
  traceState?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpStatus {
  /** 0 unset, 1 ok, 2 error (or the enum name from encoders that write names) */
  code?: number | string;
  message?: string;
}

export interface OtlpSpan {
  traceId?: string;
  spanId?: string;
  parentSpanId?: string;
  traceState?: string;
  name?: string;
  /** 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (or the enum name) */
  kind?: number | string;
  /** decimal strings of ns since the epoch (beyond 2^53: never parsed into a number) */
  startTimeUnixNano?: string | number;
  endTimeUnixNano?: string | number;
  attributes?: OtlpKeyValue[];
  events?: OtlpEvent[];
  links?: OtlpLink[];
  status?: OtlpStatus;
}

export interface OtlpScope {
  name?: string;
  version?: string;
  attributes?: OtlpKeyValue[];
}

export interface OtlpScopeSpans {
  scope?: OtlpScope;
  spans?: OtlpSpan[];
  schemaUrl?: string;
}

export interface OtlpResourceSpans {
  resource?: { attributes?: OtlpKeyValue[] };
  scopeSpans?: OtlpScopeSpans[];
  schemaUrl?: string;
}

/** api_v3 */

export interface V3TracesResponse {
  result?: { resourceSpans?: OtlpResourceSpans[] };
}

export interface V3ServicesResponse {
  services?: string[];
}

export interface JaegerOperation {
  name: string;
  /** "server", "client", "producer", "consumer", "internal"; may be "" for an operation stored without a kind */
  spanKind: string;
}

export interface V3OperationsResponse {
  operations?: JaegerOperation[];
}

export interface V3Error {
  error?: { httpCode?: number; message?: string };
}

/** the internal v1 API */

export interface V1Envelope<T> {
  data: T | null;
  total: number;
  limit: number;
  offset: number;
  errors: { code?: number; msg: string; traceID?: string }[] | null;
}

export type V1TagType = "string" | "bool" | "int64" | "float64" | "binary";

export interface V1KeyValue {
  key: string;
  type?: V1TagType;
  /** int64 beyond 2^53 arrives as a string; binary as base64 */
  value: string | number | boolean;
}

export interface V1Reference {
  refType: "CHILD_OF" | "FOLLOWS_FROM";
  traceID: string;
  spanID: string;
}

export interface V1Span {
  traceID: string;
  spanID: string;
  /** deprecated: the parent is in `references` */
  parentSpanID?: string;
  operationName: string;
  references: V1Reference[] | null;
  /** µs since the epoch */
  startTime: number;
  /** µs */
  duration: number;
  tags: V1KeyValue[] | null;
  logs: { timestamp: number; fields: V1KeyValue[] | null }[] | null;
  processID?: string;
  warnings: string[] | null;
}

export interface V1Trace {
  /** 16 hex digits when the high 64 bits are zero, else 32 */
  traceID: string;
  spans: V1Span[];
  processes: Record<string, { serviceName: string; tags: V1KeyValue[] | null }>;
  warnings: string[] | null;
}

export interface DependencyLink {
  parent: string;
  child: string;
  callCount: number;
}
