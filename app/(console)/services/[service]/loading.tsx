export default function Loading() {
  return <p className="loading">Loading the dashboard…</p>;
}
