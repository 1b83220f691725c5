import { readFileSync } from 'node:fs';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

// The yardsticks for API overhead: one Fastify route, no auth, no query builder. Without
// BENCH_SQLITE it sends a fixed customer-sized body; with it, it reads the customer and its
// phones and emails from that file through two prepared statements.
const sample = JSON.parse(readFileSync(process.env.BENCH_SAMPLE_FILE ?? '', 'utf8')) as Record<string, unknown>;
const file = process.env.BENCH_SQLITE;
const db = file ? new Database(file, { readonly: true }) : null;
const customer = db?.prepare('select * from customers where id = ? and deleted_at is null');
const points = db?.prepare('select kind, value, raw, label, is_primary from contact_points where customer_id = ? order by is_primary desc, position');

const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/customers/:id', async (request, reply) => {
  const id = Number(request.params.id);
  if (!customer || !points) return { ...sample, id };
  const row = customer.get(id);
  if (!row) return reply.status(404).send({ status: 404 });
  return { ...row, points: points.all(id) };
});
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`bare fastify listening on ${url}`);
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
