import { Explore } from "@/components/explore/explore";

export default function ExplorePage() {
  return <Explore />;
}
