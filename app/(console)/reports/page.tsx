import { Suspense } from "react";
import { ReportExplorer } from "@/components/reviews/report-explorer";
import { pageUser } from "@/lib/auth/page";
import { knownServices } from "@/lib/reviews/services";

export default async function ReportsPage() {
  if (!(await pageUser("VIEWER", "/reports"))) return <p className="panel-error" role="alert">Reading reports needs the viewer role.</p>;
  return (
    <Suspense>
      <ReportExplorer services={await knownServices()} />
    </Suspense>
  );
}
