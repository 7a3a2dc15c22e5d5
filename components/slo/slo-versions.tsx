"use client";

import { sloVersionAction } from "@/app/actions/slo";
import { VersionHistory, type VersionInfo } from "@/components/documents/version-history";
import { unwrap } from "@/components/ui/action";
import { lineDiff } from "@/lib/documents/diff";

/**
 * An SLO's versions: pick any two and see a line diff of their specs as the Sloth
 * export writes them; an editor can restore any version into the editor as a new draft.
 */
export function SloVersions({ id, head, versions, canEdit }: { id: string; head: number; versions: VersionInfo[]; canEdit: boolean }) {
  const loadDiff = async (from: number, to: number) => {
    const [a, b] = await Promise.all([unwrap(sloVersionAction({ id, version: from })), unwrap(sloVersionAction({ id, version: to }))]);
    return lineDiff(a.sloth, b.sloth);
  };
  return (
    <VersionHistory
      testId="slo-versions"
      queryKey={["slo-diff", id]}
      versions={versions}
      head={head}
      loadDiff={loadDiff}
      caption="(Sloth spec as exported)"
      restore={canEdit ? { label: "Restore this version", href: (v) => `/slos/${id}/edit?version=${v}` } : undefined}
    />
  );
}
