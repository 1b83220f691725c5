import { Type, type Static } from 'typebox';
import type { FieldError } from './errors.ts';
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
  totpEnabled: Type.Boolean({ description: 'signs in with a TOTP code as a second factor' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

/** What any signed-in user may see of a colleague (owner and assignee pickers); admins get every field. */
export const UserListItem = Type.Object({
  id: Id,
  email: Type.String(),
  name: Type.String(),
  role: Role,
  teamId: Nullable(Id),
  team: Nullable(Type.String()),
  disabled: Type.Optional(Type.Boolean()),
  totpEnabled: Type.Optional(Type.Boolean()),
  createdAt: Type.Optional(Timestamp),
  updatedAt: Type.Optional(Timestamp),
});

/** An admin adds a user through the API. */
export const UserAdd = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    role: Role,
    teamId: Type.Optional(Nullable(Id)),
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200, description: 'at least 10 characters; without it the user signs in only with an API token until one is set' })),
  },
  { additionalProperties: false },
);

export const UserPatch = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    role: Type.Optional(Role),
    teamId: Type.Optional(Nullable(Id)),
    disabled: Type.Optional(Type.Boolean({ description: 'true ends their sessions and stops their API tokens' })),
    totpEnabled: Type.Optional(Type.Boolean({ description: 'false turns off their two-factor sign-in (a lost phone); only the user can turn it on' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export const PasswordSet = Type.Object({ password: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

export type UserCreateInput = Static<typeof UserCreate>;
export type UserShape = Static<typeof User>;
export type UserListItemShape = Static<typeof UserListItem>;
export type UserAddInput = Static<typeof UserAdd>;
export type UserPatchInput = Static<typeof UserPatch>;
export type RoleName = (typeof ROLES)[number];

/** Minimum password rules: long enough to resist guessing, no other composition rules (NIST 800-63B). */
export function passwordError(field: string, password: string): FieldError | null {
  if (password.length < 10) return { field, message: 'must be at least 10 characters', code: 'field.too_short', params: { limit: 10 } };
  if (new Set(password).size < 4) return { field, message: 'is too repetitive: use at least 4 different characters', code: 'field.too_repetitive' };
  return null;
}
