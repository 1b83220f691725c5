import { Type, type Static } from 'typebox';

export const TotpSetup = Type.Object({
  secret: Type.String({ description: 'base32 secret to type into an authenticator app' }),
  uri: Type.String({ description: 'otpauth:// URI to show as a QR code' }),
});

export const TotpCodeBody = Type.Object(
  { code: Type.String({ minLength: 1, maxLength: 20, description: 'the 6-digit code the authenticator app shows now' }) },
  { additionalProperties: false },
);

export const TotpEnabled = Type.Object({
  recoveryCodes: Type.Array(Type.String(), { description: 'one-time codes for when the phone is lost; shown once, only their hashes are kept' }),
});

export const TotpDisableBody = Type.Object(
  {
    password: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 40, description: 'a current code or an unused recovery code' })),
  },
  { additionalProperties: false, minProperties: 1 },
);

export type TotpSetupShape = Static<typeof TotpSetup>;
export type TotpDisableInput = Static<typeof TotpDisableBody>;
