import type { FastifyInstance } from 'fastify';
import { validationError } from '../../domain/errors.ts';
import { inputProblem } from '../../domain/input-shape.ts';

/**
 * Every route's parsed input is walked once, up front, before validation or any other walk
 * over it: too deep a nesting or a NUL character is a 400 naming the field, not a 500 later.
 */
export function registerInputGuard(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    const problem = inputProblem(request.params) ?? inputProblem(request.query) ?? inputProblem(request.body);
    if (problem !== null) throw validationError([problem]);
  });
}
