/** The import types and the fields a column may fill in each; plain constants the web app shares without TypeBox. */
export const IMPORT_TYPES = ['customers', 'contacts', 'orders', 'interactions'] as const;
export type ImportType = (typeof IMPORT_TYPES)[number];

/**
 * Fields a column may fill, per import type; `custom:<key>` fills a custom field. In a customer
 * file, contact* columns make the row's person a contact of the row's customer.
 */
export const IMPORT_FIELDS: Record<ImportType, readonly string[]> = {
  customers: ['name', 'kind', 'externalId', 'phones', 'emails', 'stage', 'level', 'source', 'industry', 'owner', 'country', 'province', 'city', 'district', 'address', 'postcode', 'website', 'birthday', 'idNumber', 'notes', 'tags', 'firstName', 'lastName', 'contactName', 'contactFirstName', 'contactLastName', 'contactTitle', 'contactPhones', 'contactEmails', 'contactBirthday', 'contactExternalId', 'areaCode'],
  contacts: ['name', 'externalId', 'customer', 'customerExternalId', 'title', 'gender', 'birthday', 'phones', 'emails', 'notes', 'tags', 'firstName', 'lastName', 'areaCode', 'nickname', 'department', 'role', 'website', 'address', 'city', 'province', 'postcode', 'country'],
  orders: ['customer', 'customerExternalId', 'customerEmail', 'customerPhone', 'orderNo', 'orderedAt', 'status', 'currency', 'notes', 'product', 'sku', 'quantity', 'unitPrice', 'total'],
  interactions: ['customer', 'customerExternalId', 'type', 'direction', 'occurredAt', 'subject', 'body', 'durationSeconds'],
};
