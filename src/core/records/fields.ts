/** snake_case column → camelCase API field. */
export const apiField = (column: string): string => column.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
