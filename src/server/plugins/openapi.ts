import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'kehu API',
        version,
        description:
          'The customer database API. Every route under /api/v1 needs `Authorization: Bearer <token>`. ' +
          'Lists use keyset paging (`limit`, `cursor` → `nextCursor`). Updates and deletes take `If-Match` with the ETag; ' +
          'a stale one answers 412. Errors are RFC 9457 problem+json with `errors: [{ field, message }]`.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });
  app.get('/api/v1/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
