import { ensureGoServer, GO_SERVERS, type GoServerName } from "./go-servers";

/**
 * `tsx scripts/stack/go-build.ts <name>`: builds one Go-built server into the cache (or
 * finds it there) and prints its binaries as one JSON line. Lets a caller build in the
 * background while it goes on (the demo's first start builds Jaeger this way).
 */
const name = process.argv[2] as GoServerName;
if (!(name in GO_SERVERS)) {
  console.error(`usage: go-build.ts <${Object.keys(GO_SERVERS).join("|")}>`);
  process.exit(2);
}
const bins = ensureGoServer(name, (l) => console.error(l));
console.log(JSON.stringify(bins));
