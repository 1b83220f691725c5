import { Type, type Static } from 'typebox';
import { SignedIn } from './session.ts';

/** First-run set-up: whether the workspace still needs its administrator. */
export const SetupStatus = Type.Object({
  needed: Type.Boolean({ description: 'true until the first user exists' }),
});

export const SetupBody = Type.Object(
  {
    email: Type.String({ minLength: 3, maxLength: 254 }),
    name: Type.String({ minLength: 1, maxLength: 100 }),
    password: Type.String({ minLength: 1, maxLength: 200 }),
  },
  { additionalProperties: false },
);

export const SetupDone = SignedIn;

export const DemoLoaded = Type.Object({
  customers: Type.Integer(),
  contacts: Type.Integer(),
  deals: Type.Integer(),
  orders: Type.Integer(),
  interactions: Type.Integer(),
  tasks: Type.Integer(),
});

export type SetupStatusShape = Static<typeof SetupStatus>;
export type SetupInput = Static<typeof SetupBody>;
export type DemoLoadedShape = Static<typeof DemoLoaded>;
