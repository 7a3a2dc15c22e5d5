"use client";

import { useLinkStatus } from "next/link";

/**
 * Inside a `<Link>` to a page that loads its data before it is sent (the service
 * dashboard has no loading.tsx, so the browser stays idle while the queries run):
 * says "loading…" beside the link between the click and the new page.
 */
export function LinkPending() {
  const { pending } = useLinkStatus();
  return pending ? (
    <span role="status" className="loading" style={{ marginLeft: 6 }}>
      loading…
    </span>
  ) : null;
}
