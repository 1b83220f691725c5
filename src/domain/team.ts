import { Type, type Static } from 'typebox';
import { Id, Nullable, Timestamp } from './record.ts';

const TeamName = Type.String({ minLength: 1, maxLength: 100 });

export const Team = Type.Object({
  id: Id,
  name: Type.String(),
  parentId: Nullable(Id),
  parent: Nullable(Type.String({ description: 'the parent team’s name' })),
  managerId: Nullable(Id),
  manager: Nullable(Type.String({ description: 'the manager’s name' })),
  members: Type.Integer({ description: 'users in this team (disabled ones included)' }),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});

export const TeamCreate = Type.Object(
  {
    name: TeamName,
    parentId: Type.Optional(Nullable(Id)),
    managerId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false },
);

export const TeamPatch = Type.Object(
  {
    name: Type.Optional(TeamName),
    parentId: Type.Optional(Nullable(Id)),
    managerId: Type.Optional(Nullable(Id)),
  },
  { additionalProperties: false, minProperties: 1 },
);

export type TeamShape = Static<typeof Team>;
export type TeamCreateInput = Static<typeof TeamCreate>;
export type TeamPatchInput = Static<typeof TeamPatch>;

/** Whether making `parentId` the parent of `teamId` would close a loop, given each team's parent. */
export function closesCycle(teamId: number, parentId: number | null, parentOf: ReadonlyMap<number, number | null>): boolean {
  const seen = new Set<number>();
  for (let at = parentId; at !== null && at !== undefined; at = parentOf.get(at) ?? null) {
    if (at === teamId || seen.has(at)) return true;
    seen.add(at);
  }
  return false;
}
