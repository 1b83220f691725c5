import { Type, type Static } from 'typebox';
import { normaliseEmail } from './email.ts';
import type { FieldError } from './errors.ts';
import { pointProblem } from './point-problem.ts';
import { normalisePhone } from './phone.ts';

const Label = Type.String({ maxLength: 40, description: 'e.g. mobile, work, home' });

export const PhoneInput = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 40 }), label: Type.Optional(Label), primary: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const EmailInput = Type.Object(
  { value: Type.String({ minLength: 1, maxLength: 254 }), label: Type.Optional(Label), primary: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);
export const ContactPoint = Type.Object({
  value: Type.String({ description: 'normalised: E.164 for phones, lower case for emails' }),
  raw: Type.String({ description: 'as it was entered' }),
  label: Type.Union([Type.String(), Type.Null()]),
  primary: Type.Boolean(),
});

export const ContactPointLists = {
  phones: Type.Optional(Type.Array(PhoneInput, { maxItems: 20 })),
  emails: Type.Optional(Type.Array(EmailInput, { maxItems: 20 })),
};

export type PhoneInputShape = Static<typeof PhoneInput>;
export type EmailInputShape = Static<typeof EmailInput>;
export type ContactPointShape = Static<typeof ContactPoint>;

export interface NormalisedPoint {
  kind: 'phone' | 'email';
  value: string;
  raw: string;
  label: string | null;
  isPrimary: boolean;
  position: number;
}

interface PointInput {
  value: string;
  label?: string | undefined;
  primary?: boolean | undefined;
}

type Normaliser = (raw: string) => { ok: true; value: string } | { ok: false; reason: string };

function normaliseList(
  kind: 'phone' | 'email',
  field: string,
  inputs: PointInput[],
  normalise: Normaliser,
  errors: FieldError[],
): NormalisedPoint[] {
  const points: NormalisedPoint[] = [];
  let primaries = 0;
  for (let index = 0; index < inputs.length; index++) {
    const input = inputs[index] as PointInput;
    const result = normalise(input.value);
    if (!result.ok) {
      errors.push({ field: `${field}[${index}].value`, ...pointProblem(kind, result.reason, input.value), message: `${result.reason}: "${input.value}"` });
      continue;
    }
    if (points.some((p) => p.value === result.value)) continue;
    const label = input.label?.trim() || null;
    const isPrimary = input.primary === true;
    if (isPrimary) primaries++;
    points.push({ kind, value: result.value, raw: input.value, label, isPrimary, position: points.length });
  }
  if (primaries > 1) errors.push({ field, message: `only one ${kind} can be primary`, code: 'field.one_primary', params: { kind } });
  const first = points[0];
  if (primaries === 0 && first) first.isPrimary = true;
  return points;
}

/**
 * Validates and normalises the phones and emails of a customer or contact: E.164 phones,
 * lower-cased emails, the raw input kept, one primary of each, repeats dropped.
 */
export function normalisePoints(
  input: { phones?: PointInput[] | undefined; emails?: PointInput[] | undefined },
  region: string,
): { points: NormalisedPoint[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const phones = normaliseList('phone', 'phones', input.phones ?? [], (raw) => normalisePhone(raw, region), errors);
  const emails = normaliseList('email', 'emails', input.emails ?? [], normaliseEmail, errors);
  return { points: phones.concat(emails), errors };
}
