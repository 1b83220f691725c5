import { codedError, type AppError } from '../../domain/errors.ts';
import type { MessageCode, MessageParams } from '../../domain/messages.ts';

type After<T, Prefix extends string> = T extends `${Prefix}${infer Rest}` ? Rest : never;
export type Damage = After<MessageCode, 'archive.damaged_'>;

/** An archive that cannot be loaded, and why, coded so that every language can say it. */
export const damaged = (why: Damage, params: MessageParams = {}): AppError => codedError('validation', `archive.damaged_${why}`, params);
