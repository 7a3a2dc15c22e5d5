// Preloaded into the console by `BENCH_PROFILE=1 npm run bench:dashboard` (NODE_OPTIONS
// refuses --cpu-prof): records a V8 CPU profile of the server and writes it on exit.
import fs from "node:fs";
import inspector from "node:inspector";
import path from "node:path";
const session = new inspector.Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 200 });
session.post("Profiler.start");
let written = false;
function write() {
  if (written) return;
  written = true;
  session.post("Profiler.stop", (err, res) => {
    if (err || !res) return;
    const dir = process.env.BENCH_PROFILE_DIR || ".";
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `console-${process.pid}.cpuprofile`), JSON.stringify(res.profile));
  });
}
process.on("exit", write);
for (const sig of ["SIGTERM", "SIGINT"]) process.prependListener(sig, write);
