import { Suspense } from "react";
import { ServicesOverview } from "@/components/overview/services-overview";

export default function OverviewPage() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <ServicesOverview />
    </Suspense>
  );
}
