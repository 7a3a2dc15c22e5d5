import { Suspense } from "react";
import { ServiceDashboard } from "@/components/dashboard/service-dashboard";

export default async function ServicePage({ params }: { params: Promise<{ service: string }> }) {
  const { service } = await params;
  return (
    <Suspense fallback={<p className="loading">Loading…</p>}>
      <ServiceDashboard service={decodeURIComponent(service)} />
    </Suspense>
  );
}
