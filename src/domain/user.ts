import { Type, type Static } from 'typebox';
import { Id, Literals, Nullable, Timestamp } from './record.ts';

export const ROLES = ['admin', 'manager', 'sales', 'viewer'] as const;
export const Role = Literals(ROLES);

export const UserCreate = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Role,
    team: Type.Optional(Type.String({ minLength: 1, maxLength: 100, description: 'team name; created if new' })),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false },
);

export const User = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  teamId: Nullable(Id),
  team: Nullable(Type.String()),
  disabled: Type.Boolean(),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export type UserCreateInput = Static<typeof UserCreate>;
export type UserShape = Static<typeof User>;

/** Minimum password rules: long enough to resist guessing, no other composition rules (NIST 800-63B). */
export function passwordProblem(password: string): string | null {
  if (password.length < 10) return 'must be at least 10 characters';
  if (new Set(password).size < 4) return 'is too repetitive';
  return null;
}
