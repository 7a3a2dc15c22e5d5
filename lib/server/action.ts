import "server-only";
import type { z } from "zod";
import { AuthError, requireRole, type SessionUser } from "@/lib/auth/session";
import type { Role } from "@/lib/auth/roles";
import { consoleMetrics } from "@/lib/telemetry/metrics";
import { UpstreamError } from "@/lib/upstream/errors";
import { ActionFailure } from "@/lib/errors/action-failure";
import { DATABASE_UNAVAILABLE, isDatabaseUnavailable } from "@/lib/db/errors";
import type { ActionError, ActionResult } from "./action-types";

export { ActionFailure };

/**
 * Every server action is built with `defineAction`: it checks the session and role
 * on the server, validates the input with a schema, measures the call and maps
 * failures to a typed, serialisable result. Nothing reaches a handler unchecked.
 */

export type { ActionError, ActionResult };

export function defineAction<S extends z.ZodType, T>(
  name: string,
  role: Role,
  schema: S,
  handler: (input: z.infer<S>, user: SessionUser) => Promise<T>,
): (input: z.input<S>) => Promise<ActionResult<T>> {
  return async (input) => {
    const stop = consoleMetrics().actionDuration.startTimer({ action: name });
    let outcome = "ok";
    try {
      const user = await requireRole(role);
      const parsed = schema.safeParse(input);
      if (!parsed.success) {
        outcome = "invalid";
        const issues = parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
        return {
          ok: false,
          error: {
            code: "invalid",
            message: issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join("; "),
            issues,
          },
        };
      }
      return { ok: true, data: await handler(parsed.data, user) };
    } catch (err) {
      if (err instanceof AuthError) {
        outcome = err.code;
        return { ok: false, error: { code: err.code, message: err.message } };
      }
      if (err instanceof UpstreamError) {
        outcome = "upstream";
        return { ok: false, error: { code: "upstream", message: err.message, backend: err.backend } };
      }
      if (err instanceof ActionFailure) {
        outcome = err.code;
        return err.code === "invalid"
          ? { ok: false, error: { code: "invalid", message: err.message, issues: [] } }
          : { ok: false, error: { code: err.code, message: err.message } };
      }
      if (isDatabaseUnavailable(err)) {
        // a restart or failover of PostgreSQL: nothing was written (a failed statement or transaction changes nothing)
        outcome = "unavailable";
        console.error(`[action ${name}] database unavailable:`, err instanceof Error ? err.message : err);
        return { ok: false, error: { code: "unavailable", message: DATABASE_UNAVAILABLE } };
      }
      outcome = "internal";
      console.error(`[action ${name}]`, err);
      return { ok: false, error: { code: "internal", message: "The console hit an internal error; it is in the server log." } };
    } finally {
      stop({ outcome });
    }
  };
}
