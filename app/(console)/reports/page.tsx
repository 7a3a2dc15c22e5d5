import { Suspense } from "react";
import { ReportExplorer } from "@/components/reviews/report-explorer";
import { knownServices } from "@/lib/reviews/services";

export default async function ReportsPage() {
  return (
    <Suspense>
      <ReportExplorer services={await knownServices()} />
    </Suspense>
  );
}
