import type { INodeProperties } from 'n8n-workflow';

/** Company (CRM account): no fields; the companies are those bound to the APP_KEY. */
export const fields: INodeProperties[] = [];
