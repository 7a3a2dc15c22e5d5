export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { startConsole } = await import("./lib/server/startup");
    await startConsole();
  }
}
