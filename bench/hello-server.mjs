// The ceilings bench:api compares the chart with, each the same Fastify in its own process, as
// the api runs in its own: /hello answers a constant; /same-bytes answers the bytes and headers
// of REPLAY_FILE (a JSON {headers, body: base64}), so a chart response costs only its size.
import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/hello', async () => ({ hello: 'world' }));
if (process.env.REPLAY_FILE) {
  const replay = JSON.parse(readFileSync(process.env.REPLAY_FILE, 'utf8'));
  const body = Buffer.from(replay.body, 'base64');
  app.get('/same-bytes', async (_req, reply) => reply.headers(replay.headers).send(body));
}
await app.listen({ port: Number(process.env.PORT ?? 0), host: '127.0.0.1' });
process.on('SIGTERM', () => app.close().then(() => process.exit(0)));
