// Run by services.ts as its own process (node --import tsx): starts the embedded
// PostgreSQL on the data dir and port given, prints `ready <url>`, and stops the server
// on SIGTERM. The CLI's starter is reused for its handling of root (the server then
// runs as the `postgres` user).
import { startEmbeddedPostgres } from '../../../cli/src/embedded/postgres';

async function main() {
  const [dataDir, port] = process.argv.slice(2);
  if (!dataDir || !port) throw new Error('usage: private-postgres.ts <dataDir> <port>');
  const db = await startEmbeddedPostgres({ dataDir, port: Number(port), log: (l) => process.stderr.write(`${l}\n`) });
  process.stdout.write(`ready ${db.url}\n`);
  const stop = () => {
    db.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`stop failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
