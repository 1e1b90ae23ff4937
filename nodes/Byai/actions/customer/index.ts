import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const customer: ResourceDefinition = { name: 'Customer', defaultOperation: 'import', operations, fields };
