import { ProfilesList } from "@/components/profiles/profiles-list";

export default async function ProfilesPage({ searchParams }: { searchParams: Promise<{ workload?: string }> }) {
  const { workload } = await searchParams;
  return <ProfilesList workload={typeof workload === "string" ? workload : undefined} />;
}
