import { Suspense } from "react";
import { TraceSearch } from "@/components/traces/trace-search";

// The search reads the URL (useSearchParams), hence the Suspense boundary.
export default function TracesPage() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <TraceSearch />
    </Suspense>
  );
}
