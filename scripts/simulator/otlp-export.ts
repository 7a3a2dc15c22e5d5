import { toResourceSpans, type TraceBuilder } from "./traces";

/**
 * Sends the simulator's traces to an OTLP/HTTP receiver (Jaeger's) as JSON, the way
 * an OpenTelemetry SDK's batch span processor does: buffered, flushed every second
 * or at 2,000 spans, at most 50,000 spans held while the receiver is away (the
 * oldest are dropped and counted). A receiver that is down never stops the metrics.
 */
export class OtlpExporter {
  private buffer: TraceBuilder[] = [];
  private spans = 0;
  private sending = false;
  readonly stats = { sentSpans: 0, droppedSpans: 0, failedRequests: 0, lastError: "" };
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly endpoint: string,
    private readonly maxBuffered = 50_000,
  ) {
    this.timer = setInterval(() => void this.flush(), 1000);
    this.timer.unref();
  }

  add(traces: TraceBuilder[]): void {
    for (const t of traces) {
      this.buffer.push(t);
      this.spans += t.spans.length;
    }
    while (this.spans > this.maxBuffered && this.buffer.length > 1) {
      const dropped = this.buffer.shift()!;
      this.spans -= dropped.spans.length;
      this.stats.droppedSpans += dropped.spans.length;
    }
    if (this.spans >= 2000) void this.flush();
  }

  async flush(): Promise<void> {
    if (this.sending || !this.buffer.length) return;
    this.sending = true;
    const batch = this.buffer;
    const count = this.spans;
    this.buffer = [];
    this.spans = 0;
    try {
      const res = await fetch(`${this.endpoint}/v1/traces`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ resourceSpans: toResourceSpans(batch) }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
      this.stats.sentSpans += count;
    } catch (err) {
      this.stats.failedRequests++;
      this.stats.lastError = err instanceof Error ? err.message : String(err);
      this.stats.droppedSpans += count;
    } finally {
      this.sending = false;
    }
  }

  /** Sends these traces at once, outside the buffer (for a trace someone waits for). */
  async sendNow(traces: TraceBuilder[]): Promise<void> {
    const res = await fetch(`${this.endpoint}/v1/traces`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ resourceSpans: toResourceSpans(traces) }),
      signal: AbortSignal.timeout(30_000),
    });
    if (!res.ok) throw new Error(`the OTLP receiver answered HTTP ${res.status}: ${(await res.text()).slice(0, 200)}`);
    this.stats.sentSpans += traces.reduce((n, t) => n + t.spans.length, 0);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
