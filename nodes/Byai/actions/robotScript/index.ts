import type { ResourceDefinition } from '../types';
import { fields } from './description';
import { operations } from './operations';

export const robotScript: ResourceDefinition = { name: 'Robot Script', defaultOperation: 'getAll', operations, fields };
