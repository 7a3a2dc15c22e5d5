import { withoutUserinfo } from "@/lib/config/redact";

/** The one error type every backend client throws. Messages are written for operators. */
export type UpstreamKind =
  | "unreachable" // connection refused, DNS, reset
  | "timeout" // no answer within the configured timeout
  | "aborted" // the caller cancelled (e.g. the user changed the range)
  | "http" // the backend answered with a non-2xx status
  | "bad_response" // the answer was not what the API documents
  | "rejected"; // the backend understood the request and refused it (e.g. a PromQL error)

export class UpstreamError extends Error {
  constructor(
    readonly backend: string,
    readonly kind: UpstreamKind,
    message: string,
    readonly status?: number,
  ) {
    // a URL in a message never carries credentials, whichever backend wrote it
    super(withoutUserinfo(message));
    this.name = "UpstreamError";
  }
}

/** A plain, serialisable description of a failure, safe to send to the browser. */
export interface FailureInfo {
  backend?: string;
  kind: UpstreamKind | "internal";
  message: string;
  status?: number;
}

export function describeFailure(err: unknown): FailureInfo {
  if (err instanceof UpstreamError) {
    return { backend: err.backend, kind: err.kind, message: err.message, status: err.status };
  }
  return { kind: "internal", message: err instanceof Error ? err.message : String(err) };
}
