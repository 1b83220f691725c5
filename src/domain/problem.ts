import { Type } from 'typebox';

const Params = Type.Record(Type.String(), Type.Union([Type.String(), Type.Number()]), { description: 'the values the code\'s message is filled with' });

/** RFC 9457 problem details, as every error response carries. */
export const Problem = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'in English' }),
    code: Type.Optional(Type.String({ description: 'the detail as a message code (src/domain/messages.ts), for showing it in another language' })),
    params: Type.Optional(Params),
    errors: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String(),
          message: Type.String({ description: 'in English' }),
          code: Type.Optional(Type.String({ description: 'the message as a code, e.g. phone.invalid_region' })),
          params: Type.Optional(Params),
        }),
      ),
    ),
  },
  { $id: 'Problem', description: 'application/problem+json' },
);
