// Typed fetch over the documented /api/v1 API. The session cookie is sent by the browser; every
// write also carries the CSRF token that sign-in (or GET /auth/me) returned.
import type { AuditEntryShape } from '../../../src/domain/audit.ts';
import type { ContactShape } from '../../../src/domain/contact.ts';
import type { CustomerCreateInput, CustomerListFilter, CustomerPatchInput, CustomerShape } from '../../../src/domain/customer.ts';
import type { CustomerShareCreateInput, CustomerShareListShape, CustomerShareShape, CustomerShareTargetInput, MyCustomerAccessShape } from '../../../src/domain/customer-access.ts';
import type { DealShape } from '../../../src/domain/deal.ts';
import type { FieldError } from '../../../src/domain/errors.ts';
import { currentLanguage } from '../app/i18n/index.ts';
import { localFieldErrors, problemDetail, type ProblemBody } from './server-messages.ts';
import type { InteractionCreateInput, InteractionPatchInput, InteractionShape } from '../../../src/domain/interaction.ts';
import type { Static } from 'typebox';
import type { CustomerOrdersPage, OrderCreateInput, OrderPatchInput, OrderShape } from '../../../src/domain/order.ts';
import type { PipelineStageShape } from '../../../src/domain/pipeline-stage.ts';
import type { PageOf } from '../../../src/domain/record.ts';
import type { PasswordChangeInput, SignedInShape } from '../../../src/domain/session.ts';
import type { DemoLoadedShape, SetupInput, SetupStatusShape } from '../../../src/domain/setup.ts';
import type { WorkspaceSettingsShape } from '../../../src/domain/settings.ts';
import type { TagShape } from '../../../src/domain/tag.ts';
import type { TaskShape } from '../../../src/domain/task.ts';
import type { UserShape } from '../../../src/domain/user.ts';

export type { AuditEntryShape, ContactShape, CustomerShape, DealShape, FieldError, InteractionShape, PipelineStageShape, TagShape, TaskShape, UserShape };
export type Customer = CustomerShape;
export type CustomerOrdersPageShape = Static<typeof CustomerOrdersPage>;
export type { OrderShape };
export type CustomerFilter = Omit<CustomerListFilter, 'limit' | 'cursor' | 'includeDeleted'>;

/** A problem+json answer (RFC 9457), or a network failure as status 0. */
export class ApiError extends Error {
  readonly status: number;
  readonly title: string;
  readonly errors: FieldError[];
  readonly retryAfter: number | null;
  /** the server's message code (src/domain/messages.ts), e.g. record.stale */
  code: string | null = null;

  constructor(status: number, title: string, detail: string, errors: FieldError[] = [], retryAfter: number | null = null) {
    super(detail);
    this.name = 'ApiError';
    this.status = status;
    this.title = title;
    this.errors = errors;
    this.retryAfter = retryAfter;
  }

  /** The message for one field (e.g. "name" or "phones[0].value"), if the server named it. */
  fieldMessage(field: string): string | undefined {
    return this.errors.find((e) => e.field === field)?.message;
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError;

let csrfToken: string | null = null;
let onUnauthorized: () => void = () => {};

export const setCsrfToken = (token: string | null) => {
  csrfToken = token;
};
/** Called when a signed-in request answers 401 (the session ended). */
export const setUnauthorizedHandler = (handler: () => void) => {
  onUnauthorized = handler;
};

type Query = Record<string, string | number | boolean | null | undefined>;

interface RequestOptions {
  query?: Query | undefined;
  body?: unknown;
  /** the record version this write is based on: sent as If-Match */
  version?: number | undefined;
  /** do not report a 401 as "signed out" (sign-in, set-up and the first /auth/me) */
  quiet401?: boolean;
}

export function toQueryString(query: Query | undefined): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Where an export downloads from: in the interface's language, its times in the browser's time zone. */
export const exportUrl = (entity: 'customers' | 'contacts', query: Query): string =>
  `/api/v1/exports/${entity}${toQueryString({ ...query, lang: currentLanguage(), timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone })}`;

/** The error of a failed response, its messages in the interface's language (the English text when the server gave no code). */
export async function problemOf(response: Response): Promise<ApiError> {
  const retryAfter = Number(response.headers.get('retry-after')) || null;
  try {
    const body = (await response.json()) as ProblemBody;
    const language = currentLanguage();
    const error = new ApiError(response.status, body.title ?? response.statusText, problemDetail(language, body, response.statusText), localFieldErrors(language, body.errors), retryAfter);
    error.code = body.code ?? null;
    return error;
  } catch {
    return new ApiError(response.status, response.statusText, response.statusText, [], retryAfter);
  }
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  if (options.version !== undefined) headers['if-match'] = `"v${options.version}"`;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}${toQueryString(options.query)}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    });
  } catch (error) {
    throw new ApiError(0, 'offline', error instanceof Error ? error.message : 'network error');
  }
  if (!response.ok) {
    const problem = await problemOf(response);
    if (response.status === 401 && !options.quiet401) onUnauthorized();
    throw problem;
  }
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

const get = <T>(path: string, query?: Query, quiet401 = false) => request<T>('GET', path, { query, quiet401 });
const post = <T>(path: string, body?: unknown) => request<T>('POST', path, { body: body ?? {} });

export const api = {
  setup: {
    status: () => get<SetupStatusShape>('/setup', undefined, true),
    create: (input: SetupInput) => request<SignedInShape>('POST', '/setup', { body: input, quiet401: true }),
    loadDemo: () => post<DemoLoadedShape>('/demo'),
  },
  auth: {
    me: () => get<SignedInShape>('/auth/me', undefined, true),
    login: (email: string, password: string) => request<SignedInShape>('POST', '/auth/login', { body: { email, password }, quiet401: true }),
    logout: () => request<void>('POST', '/auth/logout', { quiet401: true }),
    changePassword: (input: PasswordChangeInput) => post<void>('/auth/password', input),
  },
  users: {
    /** Every user, for owner pickers; [] where the server offers no user list to this role. */
    list: async (): Promise<UserShape[]> => {
      try {
        const page = await get<{ items: UserShape[] } | UserShape[]>('/users', { limit: 200 });
        return Array.isArray(page) ? page : page.items;
      } catch (error) {
        if (isApiError(error) && (error.status === 404 || error.status === 403)) return [];
        throw error;
      }
    },
  },
  customers: {
    list: (filter: CustomerFilter & { cursor?: string | undefined; limit?: number }) => get<PageOf<CustomerShape>>('/customers', filter),
    get: (id: number) => get<CustomerShape>(`/customers/${id}`),
    access: (id: number) => get<MyCustomerAccessShape>(`/customers/${id}/access`),
    create: (input: CustomerCreateInput) => post<CustomerShape>('/customers', input),
    update: (id: number, patch: CustomerPatchInput, version?: number) => request<CustomerShape>('PATCH', `/customers/${id}`, { body: patch, version }),
    remove: (id: number, version?: number) => request<void>('DELETE', `/customers/${id}`, { version }),
    transfer: (ids: number[], ownerId: number) => post<{ transferred: number }>('/customers/transfer', { ids, ownerId }),
    claim: (id: number) => post<CustomerShape>(`/customers/${id}/claim`),
    release: (id: number) => post<CustomerShape>(`/customers/${id}/release`),
    shares: (id: number) => get<CustomerShareListShape>(`/customers/${id}/shares`),
    share: (id: number, share: CustomerShareCreateInput) => post<CustomerShareShape>(`/customers/${id}/shares`, share),
    unshare: (id: number, target: CustomerShareTargetInput) => request<void>('DELETE', `/customers/${id}/shares`, { body: target }),
    contacts: (id: number) => get<PageOf<ContactShape>>(`/customers/${id}/contacts`, { limit: 100 }),
    deals: (id: number) => get<PageOf<DealShape>>(`/customers/${id}/deals`, { limit: 100 }),
    orders: (id: number, cursor?: string) => get<CustomerOrdersPageShape>(`/customers/${id}/orders`, { limit: 50, cursor }),
    interactions: (id: number, cursor?: string) => get<PageOf<InteractionShape>>(`/customers/${id}/interactions`, { limit: 50, cursor }),
    history: (id: number, cursor?: string) => get<PageOf<AuditEntryShape>>(`/customers/${id}/history`, { limit: 50, cursor }),
  },
  interactions: {
    create: (input: InteractionCreateInput) => post<InteractionShape>('/interactions', input),
    update: (id: number, patch: InteractionPatchInput, version: number) => request<InteractionShape>('PATCH', `/interactions/${id}`, { body: patch, version }),
    remove: (id: number, version: number) => request<void>('DELETE', `/interactions/${id}`, { version }),
    restore: (id: number) => post<InteractionShape>(`/interactions/${id}/restore`),
  },
  orders: {
    create: (input: OrderCreateInput) => post<OrderShape>('/orders', input),
    update: (id: number, patch: OrderPatchInput, version: number) => request<OrderShape>('PATCH', `/orders/${id}`, { body: patch, version }),
    remove: (id: number, version: number) => request<void>('DELETE', `/orders/${id}`, { version }),
    restore: (id: number) => post<OrderShape>(`/orders/${id}/restore`),
  },
  tasks: {
    ofCustomer: (customerId: number) => get<PageOf<TaskShape>>('/tasks', { customerId, limit: 100 }),
  },
  tags: {
    list: () => get<PageOf<TagShape>>('/tags', { limit: 200 }),
  },
  settings: {
    workspace: () => get<WorkspaceSettingsShape>('/settings/workspace'),
  },
  pipelineStages: {
    list: () => get<PageOf<PipelineStageShape>>('/pipeline-stages'),
  },
};
