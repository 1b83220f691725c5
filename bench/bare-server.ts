import { readFileSync } from 'node:fs';
import Fastify from 'fastify';

// The yardstick for API overhead: one Fastify route, no auth, no database, a customer-sized JSON body.
const body = JSON.parse(readFileSync(process.env.BENCH_SAMPLE_FILE ?? '', 'utf8')) as Record<string, unknown>;
const app = Fastify({ logger: false });
app.get<{ Params: { id: string } }>('/customers/:id', async (request) => ({ ...body, id: Number(request.params.id) }));
const url = await app.listen({ port: 0, host: '127.0.0.1' });
console.log(`bare fastify listening on ${url}`);
const stop = () => void app.close().then(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
