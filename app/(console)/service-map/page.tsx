import { Suspense } from "react";
import { ServiceMapView } from "@/components/service-map/service-map";

/**
 * /service-map: the dependency graph from Jaeger with each service's health from
 * Prometheus (`?range=6h`, default 1h). The view reads the URL (useSearchParams),
 * hence the Suspense boundary; its data comes through serviceMapAction.
 */
export default function ServiceMapPage() {
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <ServiceMapView />
    </Suspense>
  );
}
