import { LoadTestsPage } from "@/components/loadtests/loadtests-page";
import { hasRole } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { isLoadTestService, LOADTEST_SERVICES } from "@/lib/loadtest/services";

export default async function LoadTests({ searchParams }: { searchParams: Promise<{ service?: string; run?: string }> }) {
  const { service, run } = await searchParams;
  const user = await currentUser();
  return (
    <LoadTestsPage
      initialService={typeof service === "string" && isLoadTestService(service) ? service : LOADTEST_SERVICES[0]}
      initialRun={typeof run === "string" && run.length <= 64 ? run : null}
      canEdit={user ? hasRole(user.role, "EDITOR") : false}
    />
  );
}
