import { notFound } from "next/navigation";
import { ServiceDashboard } from "@/components/dashboard/service-dashboard";
import { hasRole } from "@/lib/auth/roles";
import { sessionLookup } from "@/lib/auth/session";
import { loadDashboard } from "@/lib/dashboard/load";
import { dashboardToWire, type WireDashboard } from "@/lib/dashboard/wire";
import { decodeSegment, parseViewState } from "@/lib/view/state";

/** Panel width assumed for the first render (a 1400 px window: two columns of ~680 px). */
const INITIAL_WIDTH = 700;

type SearchParams = Record<string, string | string[] | undefined>;

export default async function ServicePage({ params, searchParams }: { params: Promise<{ service: string }>; searchParams: Promise<SearchParams> }) {
  const { service: raw } = await params;
  // a malformed %-escape is a wrong address, not a server error
  const service = decodeSegment(raw);
  if (service === undefined) notFound();
  const sp = await searchParams;
  const state = parseViewState({ get: (k) => (Array.isArray(sp[k]) ? (sp[k]?.[0] ?? null) : (sp[k] ?? null)) });
  // The first load runs here, on the server, and the page is sent whole once it is
  // done (this route has no loading.tsx on purpose): the panels arrive with the
  // HTML, painted before any JavaScript runs, and the browser stays idle, not
  // competing for the CPU, while the queries run. Streaming each panel in its own
  // Suspense boundary, or the layout first, was measured slower on a 2-core machine
  // (docs/PERFORMANCE.md): the browser hydrated during the queries, and React
  // throttles the reveal of streamed boundaries. Links to this page say "loading…".
  // The queries start while the session is looked up in the database, but only for a
  // request carrying a session id this server sealed; nothing is sent unless the
  // lookup then finds a signed-in viewer.
  const session = await sessionLookup();
  const dataP = session.sealed
    ? loadDashboard({ service, range: state.range, widthPx: INITIAL_WIDTH, compare: state.compare })
        .then(dashboardToWire)
        .catch(() => undefined)
    : undefined;
  const user = await session.user;
  const initial: WireDashboard | undefined = user && hasRole(user.role, "VIEWER") ? await dataP : undefined;
  // No Suspense boundary here on purpose: with one, the server rendered a
  // "Loading…" fallback into the first HTML and streamed the panels after it as a
  // hidden boundary that a script then moved into place (the client component's data
  // is a separate chunk of the RSC payload, which the HTML renderer waits for). With
  // none, the panels are part of the first HTML itself and painted as they are parsed.
  return <ServiceDashboard service={service} initial={initial} initialWidth={INITIAL_WIDTH} />;
}
