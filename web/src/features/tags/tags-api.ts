import type { TagCreateInput, TagPatchInput } from '../../../../src/domain/tag.ts';
import { request, type TagShape } from '../../lib/api.ts';

export type { TagShape };

export const tagsApi = {
  create: (input: TagCreateInput) => request<TagShape>('POST', '/tags', { body: input }),
  update: (id: number, patch: TagPatchInput, version: number) => request<TagShape>('PATCH', `/tags/${id}`, { body: patch, version }),
  remove: (id: number, version: number) => request<void>('DELETE', `/tags/${id}`, { version }),
  restore: (id: number) => request<TagShape>('POST', `/tags/${id}/restore`, { body: {} }),
};
