import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const smsTemplate: ResourceDefinition = { name: 'SMS Template', defaultOperation: 'getAll', operations, fields };
