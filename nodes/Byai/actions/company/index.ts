import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const company: ResourceDefinition = { name: 'Company', defaultOperation: 'getAll', operations, fields };
