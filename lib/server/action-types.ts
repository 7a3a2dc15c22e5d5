/** Result types of server actions, shared by the server and the browser. */

export type ActionError =
  | { code: "unauthenticated" | "forbidden" | "internal"; message: string }
  // the console's own database is down or restarting; nothing was changed
  | { code: "unavailable"; message: string }
  | { code: "invalid"; message: string; issues: { path: string; message: string }[] }
  | { code: "upstream"; message: string; backend: string }
  | { code: "conflict" | "not_found"; message: string }
  // the user already has as many of their own queries running as the console allows (lib/server/adhoc.ts)
  | { code: "busy"; message: string };

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: ActionError };
