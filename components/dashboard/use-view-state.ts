"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useCallback, useMemo } from "react";
import { parseViewState, serializeViewState, type ViewState } from "@/lib/view/state";

/**
 * The view state, read from and written to the URL (so links are shareable). The
 * native pushState keeps Next's router in sync without a server round trip.
 */
export function useViewState(): [ViewState, (next: ViewState) => void] {
  const params = useSearchParams();
  const pathname = usePathname();
  const state = useMemo(() => parseViewState(params), [params]);
  const set = useCallback(
    (next: ViewState) => {
      const q = serializeViewState(next);
      window.history.pushState(null, "", q ? `${pathname}?${q}` : pathname);
    },
    [pathname],
  );
  return [state, set];
}
